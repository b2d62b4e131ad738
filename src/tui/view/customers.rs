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
    let named = p
        .filter
        .name
        .as_ref()
        .map(|f| format!("“{}” ", sanitize(f)))
        .unwrap_or_default();
    // The count before the filter's words: a narrow pane cuts the title's end, not the count.
    let no_next = if p.filter.no_next_step {
        " · no next step"
    } else {
        ""
    };
    let title = format!(
        " Customers {named}{}{no_next} · {} ",
        p.win.total,
        p.sort_label()
    );
    let b = block(title, focused, &app.theme);
    let inner = b.inner(area);
    let w = usize::from(inner.width);
    let today = app.ctx.today;
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        lines.push(Line::styled(
            if p.filtered() {
                "No customer matches; Esc clears the filter"
            } else {
                "No customers"
            },
            app.theme.dim,
        ));
    }
    // Marker, tier and three spaces around the name; the right column gets 9 columns, or
    // 5 in a compact form when that would leave a name fewer than NAME_MIN (80 columns).
    let compact = w.saturating_sub(FULL_RIGHT + 5) < NAME_MIN;
    let right_w = if compact { COMPACT_RIGHT } else { FULL_RIGHT }.min(w.saturating_sub(6));
    let name_w = w.saturating_sub(right_w + 5);
    for (i, row) in p.rows.iter().enumerate() {
        let (marker, mstyle) = next_step(row, today, &app.theme);
        let right = match p.sort {
            // The list is in the tiers' order (by account); each row shows what it won in
            // their window, in your currency, as `rolo list --sort value` does: an
            // organization with its people, a person their own; `—` for nothing.
            CustomerSort::Value => row.won_12mo_minor.map_or_else(
                || "—".into(),
                |minor| {
                    if compact {
                        compact_value(minor)
                    } else {
                        format_value(minor, app.ctx.currency.as_str())
                    }
                },
            ),
            CustomerSort::NextDue => row
                .next_due
                .map(|d| {
                    if compact {
                        compact_days(d, today, true)
                    } else {
                        relative(d, today)
                    }
                })
                .unwrap_or_default(),
            _ => row.last_contact_at.map_or_else(
                || "never".into(),
                |t| {
                    let day = crate::command::local_day(t);
                    if compact {
                        compact_days(day, today, false)
                    } else {
                        relative(day, today)
                    }
                },
            ),
        };
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

/// The fewest columns a name gets in the list (at 80x24 too).
const NAME_MIN: usize = 16;
/// The right column: `yesterday`, `11mo ago`, `12k PLN`.
const FULL_RIGHT: usize = 9;
/// The right column when space is short: `today`, `3d`, `11mo`, `+2w`, `12k`.
const COMPACT_RIGHT: usize = 5;

/// A day in at most five columns. Last contact (`signed` false) is always past: `3d`,
/// `11mo`, `2y`. A next step (`signed`) is `+3d` ahead or `-3d` overdue.
fn compact_days(day: chrono::NaiveDate, today: chrono::NaiveDate, signed: bool) -> String {
    let diff = day.signed_duration_since(today).num_days();
    let n = diff.unsigned_abs();
    if n == 0 {
        return "today".into();
    }
    let amount = match n {
        1..=60 => format!("{n}d"),
        61..=730 => format!("{}mo", n / 30),
        _ => format!("{}y", (n / 365).min(999)),
    };
    match (signed, diff > 0) {
        (false, _) => amount,
        (true, true) => format!("+{amount}"),
        (true, false) => format!("-{amount}"),
    }
}

/// A value in the user's currency (the tiers' value: never another currency's) in at most
/// five columns: `12k`.
fn compact_value(minor: i64) -> String {
    let major = minor / 100;
    if major >= 1_000_000 {
        format!("{}M", major / 1_000_000)
    } else if major >= 10_000 {
        format!("{}k", major / 1000)
    } else if major >= 1000 {
        format!("{}.{}k", major / 1000, major % 1000 / 100)
    } else {
        major.to_string()
    }
}

/// A value in the user's currency `cur`: `12k PLN`.
fn format_value(minor: i64, cur: &str) -> String {
    let major = minor / 100;
    if major >= 1_000_000 {
        format!("{}M {cur}", major / 1_000_000)
    } else if major >= 10_000 {
        format!("{}k {cur}", major / 1000)
    } else {
        format!("{major} {cur}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_days_fit_five_columns() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let at = |d: i64| today + chrono::Duration::days(d);
        assert_eq!(compact_days(today, today, false), "today");
        assert_eq!(compact_days(at(-1), today, false), "1d");
        assert_eq!(compact_days(at(-45), today, false), "45d");
        assert_eq!(compact_days(at(-700), today, false), "23mo");
        assert_eq!(compact_days(at(-4000), today, false), "10y");
        assert_eq!(compact_days(at(3), today, true), "+3d");
        assert_eq!(compact_days(at(-3), today, true), "-3d");
        assert_eq!(compact_days(at(700), today, true), "+23mo");
        for d in [-100_000, -731, -60, 0, 60, 731, 100_000] {
            assert!(compact_days(at(d), today, true).chars().count() <= COMPACT_RIGHT);
        }
    }
}
