//! The shown customer's history, newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fit, row_line};
use crate::command::local_day;
use crate::domain::Direction;
use crate::domain::text::{sanitize, truncate};
use crate::domain::when::relative;
use crate::tui::app::App;
use crate::tui::pane::Pane;

/// Draws the pane. In the `narrow` layout, whose header has no room for the customer's needs
/// and notes, its top border ends with as much of them as fits, and the key that opens them.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, narrow: bool) {
    let p = &app.history;
    let focused = app.focus == Pane::History;
    let title = format!(" History {} ", p.win.total);
    let mut b = block(title.clone(), focused, &app.theme);
    if narrow
        && let Some(about) = app
            .header
            .as_ref()
            .and_then(|h| super::header::about(&h.customer))
    {
        let key = app.keymap.first_key(crate::tui::action::Action::EditNotes);
        let key = format!(" ({key}) ");
        // Corners, the focus mark, the title, a dash on each side of the hint.
        let room = usize::from(area.width).saturating_sub(title.chars().count() + 5 + key.len());
        if room >= 12 {
            b = b.title(
                Line::from(vec![
                    Span::styled(format!(" {}", truncate(&about, room - 1)), app.theme.dim),
                    Span::styled(key, app.theme.dim),
                ])
                .right_aligned(),
            );
        }
    }
    let inner = b.inner(area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if p.customer.is_none() {
        lines.push(Line::styled("Select a customer", app.theme.dim));
    } else if p.rows.is_empty() {
        let key = app
            .keymap
            .first_key(crate::tui::action::Action::LogInteraction);
        lines.push(Line::styled(
            format!("No contact yet — {key} logs one"),
            app.theme.dim,
        ));
    }
    let rollup = app
        .header
        .as_ref()
        .is_some_and(|h| h.customer.kind == crate::domain::CustomerKind::Org);
    for (i, h) in p.rows.iter().enumerate() {
        let it = &h.interaction;
        let when = relative(local_day(it.occurred_at), app.ctx.today);
        let dir = if it.direction == Direction::In {
            "←in "
        } else {
            "→out"
        };
        let rating = it.rating.map(|r| format!(" {r}/5")).unwrap_or_default();
        let mut summary = sanitize(&it.summary);
        if rollup {
            summary = format!("{}: {summary}", sanitize(&h.customer_name));
        }
        if !it.notes.is_empty() {
            summary.push_str(" …");
        }
        let fixed = 9 + 8 + 5 + rating.len();
        let selected = p.win.offset + i == p.win.selected;
        let style = match (selected, focused) {
            (true, true) => Some(app.theme.selected),
            (true, false) => Some(app.theme.selected_idle),
            _ => None,
        };
        let spans = vec![
            Span::styled(
                fit(&when, 8),
                if style.is_some() {
                    ratatui::style::Style::default()
                } else {
                    app.theme.dim
                },
            ),
            Span::raw(" "),
            Span::raw(fit(it.kind.as_str(), 7)),
            Span::raw(" "),
            Span::raw(format!("{dir} ")),
            Span::raw(fit(&summary, w.saturating_sub(fixed))),
            Span::raw(rating),
        ];
        lines.push(row_line(spans, w, style));
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}
