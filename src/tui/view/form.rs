//! The form popup: labelled fields, the focused one editable.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::palette::input_line;
use super::{block, fit, popup_area};
use crate::tui::app::App;
use crate::tui::form::Form;

/// Draws a form.
#[allow(clippy::many_single_char_names)]
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, f: &Form) {
    let t = &app.theme;
    let width = area.width.saturating_sub(4).min(80);
    let w = usize::from(width.saturating_sub(2));
    let h = (f.fields.len() + 5) as u16;
    let r = popup_area(frame, area, width, h);
    let b = block(format!(" {} ", f.title()), true, t);
    let inner = b.inner(r);
    let label_w = 14;
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in f.fields.iter().enumerate() {
        let label = Span::styled(
            format!("{:>13} ", field.label),
            if i == f.focus { t.key } else { t.dim },
        );
        if i == f.focus {
            let (line, col) = input_line("", &field.input, w.saturating_sub(label_w), app);
            let mut spans = vec![label];
            spans.extend(line.spans.into_iter().map(|s| s.patch_style(t.input)));
            lines.push(Line::from(spans));
            cursor = Some((label_w as u16 + col, i as u16));
        } else {
            let v = crate::domain::text::sanitize(&field.input.text);
            let shown = if v.is_empty() {
                Span::styled(fit(field.hint, w - label_w), t.dim)
            } else {
                Span::raw(fit(&v, w - label_w))
            };
            lines.push(Line::from(vec![label, shown]));
        }
    }
    if let Some(e) = &f.error {
        // Two lines, the blank one above too: a message names what is accepted
        // (`use 14d, 2w, 1m, …`) and is cut where that list starts at 80 columns.
        let wrapped = crate::cli::table::wrap(&format!("✗ {e}"), w);
        if let [one, rest @ ..] = wrapped.as_slice()
            && !rest.is_empty()
        {
            lines.push(Line::styled(one.clone(), t.error));
            lines.push(Line::styled(fit(&rest.join(" "), w), t.error));
        } else {
            lines.push(Line::raw(""));
            lines.push(Line::styled(fit(&wrapped.concat(), w), t.error));
        }
    } else {
        lines.push(Line::raw(""));
        let hint = f.fields.get(f.focus).map_or("", |x| x.hint);
        lines.push(Line::styled(fit(hint, w), t.dim));
    }
    lines.push(Line::from(vec![
        Span::styled("Enter", t.key),
        Span::raw(" save · "),
        Span::styled("Tab", t.key),
        Span::raw(" next field · "),
        Span::styled("Ctrl-E", t.key),
        Span::raw(" $EDITOR for notes · "),
        Span::styled("Esc", t.key),
        Span::raw(" cancel"),
    ]));
    frame.render_widget(Paragraph::new(lines).block(b), r);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(inner.x + x, inner.y + y));
    }
}
