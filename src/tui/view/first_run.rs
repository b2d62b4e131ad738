//! The first-run screen on an empty database: what to do next, each one key away. The keys
//! are the keymap's, and only actions that do something on an empty database are offered.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::block;
use crate::tui::action::Action;
use crate::tui::app::App;

/// What the welcome offers, in order: the action, what it does, and more about it.
pub const OFFERS: &[(Action, &str, &str)] = &[
    (
        Action::AddCustomer,
        "add a customer",
        " — a short form (name, company, email, tags)",
    ),
    (
        Action::Import,
        "import a file",
        " — CSV, vCard, a rolo backup or dossier",
    ),
    (
        Action::LoadDemo,
        "load the demo data",
        " — 200 sample customers with years of history",
    ),
    (
        Action::Palette,
        "command palette",
        " — e.g. add Anna Kowalska org \"Acme\"",
    ),
    (Action::Help, "every key", ""),
    (Action::Quit, "quit", ""),
];

/// Draws the welcome.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let t = &app.theme;
    let offers: Vec<(String, &str, &str)> = OFFERS
        .iter()
        .filter_map(|(a, what, more)| {
            let keys = app.keymap.keys_for(*a);
            (!keys.is_empty()).then(|| (keys.join(" "), *what, *more))
        })
        .collect();
    let key_w = offers.iter().map(|(k, ..)| k.width()).max().unwrap_or(0);
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "  Welcome to rolo — your customers, their history, and what to do next.",
            t.title,
        ),
        Line::raw(""),
        Line::raw("  The database is empty. Start with one of these:"),
        Line::raw(""),
    ];
    for (keys, what, more) in offers {
        let pad = " ".repeat(key_w - keys.width());
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(keys, t.key),
            Span::raw(format!("{pad}  ")),
            Span::styled(what, t.title),
            Span::styled(more, t.dim),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block(" First run ", true, t))
            .wrap(Wrap { trim: false }),
        area,
    );
}
