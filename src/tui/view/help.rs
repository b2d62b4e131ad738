//! Help: every action with its keys, generated from the keymap in use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{block, fit, popup_area};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;

/// One line per action: keys, name, description.
pub fn help_lines(keymap: &Keymap) -> Vec<(String, &'static str, &'static str)> {
    Action::ALL
        .iter()
        .map(|a| {
            let keys = keymap.keys_for(*a);
            let keys = if keys.is_empty() {
                "(palette)".to_string()
            } else {
                keys.join(" ")
            };
            (keys, a.name(), a.describe())
        })
        .collect()
}

/// Draws the help popup.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, scroll: usize) {
    let r = popup_area(frame, area, 96, area.height.saturating_sub(2));
    let b = block(" Help — Esc closes, j/k scroll ", true, &app.theme);
    let inner = b.inner(r);
    let w = usize::from(inner.width);
    let key_w = 20.min(w / 3);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (keys, _name, desc) in help_lines(&app.keymap) {
        lines.push(Line::from(vec![
            Span::styled(fit(&keys, key_w), app.theme.key),
            Span::raw(" "),
            Span::raw(fit(desc, w.saturating_sub(key_w + 1))),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Customer markers: ! overdue  * due today  + scheduled later  - nothing scheduled",
        app.theme.dim,
    ));
    lines.push(Line::styled(
        "Tiers A B C by revenue (A: first 80%). Review queue, after the follow-ups: ~ valuable customer going cold  - no next step",
        app.theme.dim,
    ));
    lines.push(Line::styled(
        "Snooze: 1 tomorrow · 3 in three days · w in a week · or type a date + Enter",
        app.theme.dim,
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Palette (: or Ctrl-K) grammar:",
        app.theme.title,
    ));
    for l in crate::command::PALETTE_HELP.lines() {
        lines.push(Line::raw(format!("  {l}")));
    }
    let scroll = scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .block(b)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        r,
    );
}
