//! The customer list: next-step marker, name, organization, last contact or value.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fit, row_line, tier_span};
use crate::domain::text::sanitize;
use crate::domain::when::relative;
use crate::store::{CustomerRow, CustomerSort};
use crate::tui::app::App;
use crate::tui::pane::Pane;
use crate::tui::theme::Theme;

/// The next-step state of a customer: marker and style. Markers read without colour:
/// `!` overdue, `*` due today, `+` scheduled later, `-` nothing scheduled.
pub fn next_step(
    row: &CustomerRow,
    today: chrono::NaiveDate,
    theme: &Theme,
) -> (&'static str, ratatui::style::Style) {
    match row.next_due {
        Some(d) if d < today => ("!", theme.overdue),
        Some(d) if d == today => ("*", theme.due),
        Some(_) => ("+", theme.later),
        None => ("-", theme.dim),
    }
}

/// Draws the pane.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let p = &app.customers;
    let focused = app.focus == Pane::Customers;
    let mut title = format!(" Customers {} · {} ", p.win.total, p.sort_label());
    if let Some(f) = &p.filter.name {
        title = format!(
            " Customers “{}” {} · {} ",
            sanitize(f),
            p.win.total,
            p.sort_label()
        );
    }
    let b = block(title, focused, &app.theme);
    let inner = b.inner(area);
    let w = usize::from(inner.width);
    let today = app.ctx.today;
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        lines.push(Line::styled(
            if p.filter.name.is_some() {
                "No customer matches; Esc clears the filter"
            } else {
                "No customers"
            },
            app.theme.dim,
        ));
    }
    for (i, row) in p.rows.iter().enumerate() {
        let (marker, mstyle) = next_step(row, today, &app.theme);
        let right = match p.sort {
            CustomerSort::Value if row.won_currency.is_some() => format_value(row),
            CustomerSort::NextDue => row.next_due.map(|d| relative(d, today)).unwrap_or_default(),
            _ => row.last_contact_at.map_or_else(
                || "never".into(),
                |t| relative(crate::command::local_day(t), today),
            ),
        };
        let right_w = 9.min(w.saturating_sub(6));
        let name_w = w.saturating_sub(right_w + 5);
        let tier = app.measures.tiers.tier(row.id);
        let mut name = sanitize(&row.name);
        if let Some(o) = &row.org
            && name_w > 24
        {
            name = format!("{name} · {}", sanitize(o));
        }
        let selected = p.win.offset + i == p.win.selected;
        let shown = app.history.customer == Some(row.id);
        let style = match (selected, focused) {
            (true, true) => Some(app.theme.selected),
            (true, false) => Some(app.theme.selected_idle),
            _ if shown => Some(app.theme.selected_idle),
            _ => None,
        };
        let spans = vec![
            Span::styled(
                format!("{marker} "),
                if style.is_some() {
                    ratatui::style::Style::default()
                } else {
                    mstyle
                },
            ),
            tier_span(tier, style.is_some(), &app.theme),
            Span::raw(" "),
            Span::raw(fit(&name, name_w)),
            Span::raw(" "),
            Span::styled(
                format!("{right:>right_w$}"),
                if style.is_some() {
                    ratatui::style::Style::default()
                } else {
                    app.theme.dim
                },
            ),
        ];
        lines.push(row_line(spans, w, style));
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

fn format_value(row: &CustomerRow) -> String {
    if row.won_currency.as_deref() == Some("mixed") {
        // Won in several currencies: never one added-up number.
        return "mixed".into();
    }
    let major = row.won_minor / 100;
    let cur = row.won_currency.as_deref().unwrap_or("");
    if major >= 1_000_000 {
        format!("{}M {cur}", major / 1_000_000)
    } else if major >= 10_000 {
        format!("{}k {cur}", major / 1000)
    } else {
        format!("{major} {cur}")
    }
}
