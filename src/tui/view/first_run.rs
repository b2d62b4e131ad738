//! The first-run screen on an empty database: what to do next, each one key away.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::block;
use crate::tui::app::App;

/// Draws the welcome.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let t = &app.theme;
    let item = |k: &'static str, what: &'static str, more: &'static str| {
        Line::from(vec![
            Span::raw("   "),
            Span::styled(k, t.key),
            Span::raw("  "),
            Span::styled(what, t.title),
            Span::styled(more, t.dim),
        ])
    };
    let lines = vec![
        Line::raw(""),
        Line::styled(
            "  Welcome to rolo — your customers, their history, and what to do next.",
            t.title,
        ),
        Line::raw(""),
        Line::raw("  The database is empty. Start with one of these:"),
        Line::raw(""),
        item(
            "a",
            "add a customer",
            "  — a short form (name, company, email, tags)",
        ),
        item("i", "import a file", "  — contacts from CSV or vCard"),
        item(
            "d",
            "load the demo data",
            "  — a few hundred sample customers to try things on",
        ),
        Line::raw(""),
        Line::from(vec![
            Span::raw("  Then every morning: "),
            Span::styled("t", t.key),
            Span::raw(" today's follow-ups, "),
            Span::styled(":", t.key),
            Span::raw(" log a call, "),
            Span::styled("?", t.key),
            Span::raw(" help, "),
            Span::styled("q", t.key),
            Span::raw(" quit."),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block(" First run ", true, t))
            .wrap(Wrap { trim: false }),
        area,
    );
}
