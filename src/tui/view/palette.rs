//! The palette popup (input, live preview, suggestions) and the ambiguity choice.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{block, fit, popup_area, row_line};
use crate::command::local_day;
use crate::domain::text::sanitize;
use crate::domain::when::relative;
use crate::tui::app::App;
use crate::tui::input::LineInput;
use crate::tui::palette::{Item, Palette, Preview};
use crate::tui::popup::Choice;

/// The input line with a prompt; returns the line and the cursor column.
pub fn input_line<'a>(
    prompt: &'a str,
    input: &LineInput,
    width: usize,
    app: &App,
) -> (Line<'a>, u16) {
    let before: String = input.text.chars().take(input.cursor).collect();
    let shown = sanitize(&input.text);
    let col = prompt.width() + sanitize(&before).width();
    // Keep the cursor visible on long lines by showing the tail.
    let (text, col) = if col + 1 > width {
        let skip = col + 1 - width;
        (shown.chars().skip(skip).collect::<String>(), col - skip)
    } else {
        (shown, col)
    };
    (
        Line::from(vec![
            Span::styled(prompt, app.theme.key),
            Span::styled(text, app.theme.text),
        ]),
        col as u16,
    )
}

fn preview_lines<'a>(preview: &Preview, app: &App, w: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let mut out = Vec::new();
    match preview {
        Preview::Empty => out.push(Line::styled(
            "Type a command (call anna: pricing ok next fri) or pick an action below",
            t.dim,
        )),
        Preview::Hint(h) => out.push(Line::styled(fit(h, w), t.dim)),
        Preview::Error(e) => out.push(Line::styled(fit(&format!("✗ {e}"), w), t.error)),
        Preview::Ready { title, lines, .. } => {
            out.push(Line::styled(
                fit(&format!("Enter will save: {title}"), w),
                t.ok,
            ));
            // The longest label sets the column (`Organization`, `Remove tags`): the
            // values line up.
            let kw = lines
                .iter()
                .map(|(k, _)| k.width())
                .max()
                .unwrap_or(0)
                .max(10);
            for (k, v) in lines {
                out.push(Line::from(vec![
                    Span::styled(format!("  {k:<kw$} "), t.dim),
                    Span::raw(fit(v, w.saturating_sub(kw + 3))),
                ]));
            }
        }
        Preview::Ambiguous {
            query,
            candidates,
            total,
            ..
        } => {
            out.push(Line::styled(
                fit(&format!("`{}` matches {total} customers — Enter to choose, nothing is saved on a guess", sanitize(query)), w),
                t.due,
            ));
            for c in candidates.iter().take(4) {
                out.push(Line::raw(fit(
                    &format!("  {} {}", sanitize(&c.name), c.id),
                    w,
                )));
            }
        }
        Preview::NotFound { query, suggestions } => {
            out.push(Line::styled(
                fit(&format!("✗ no customer matches `{}`", sanitize(query)), w),
                t.error,
            ));
            if !suggestions.is_empty() {
                let names: Vec<String> = suggestions
                    .iter()
                    .map(|s| match &s.aka {
                        Some(aka) => format!(
                            "{} {} (also known as {})",
                            sanitize(&s.name),
                            s.id,
                            sanitize(aka)
                        ),
                        None => format!("{} {}", sanitize(&s.name), s.id),
                    })
                    .collect();
                out.push(Line::raw(fit(
                    &format!("  did you mean {}? (Tab takes the first)", names.join(", ")),
                    w,
                )));
            }
        }
    }
    out
}

fn item_line<'a>(item: &Item, selected: bool, app: &App, w: usize) -> Line<'a> {
    let (label, detail) = match item {
        Item::Action(a) => {
            let keys = app.keymap.keys_for(*a);
            (
                a.describe().to_string(),
                keys.first().cloned().unwrap_or_default(),
            )
        }
        Item::Verb(v, h) => ((*h).to_string(), format!("{v} …")),
        Item::Customer(h) => {
            let mut s = sanitize(&h.name);
            if let Some(o) = &h.org {
                let _ = write!(s, " · {}", sanitize(o));
            }
            (s, h.id.to_string())
        }
    };
    let dw = 12.min(w / 3);
    let spans = vec![
        Span::raw(if selected { "› " } else { "  " }),
        Span::raw(fit(&label, w.saturating_sub(dw + 3))),
        Span::raw(" "),
        Span::styled(format!("{detail:>dw$}"), app.theme.dim),
    ];
    row_line(spans, w, selected.then_some(app.theme.selected))
}

/// Draws the palette.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, p: &Palette) {
    let width = area.width.saturating_sub(4).min(100);
    let inner_w = usize::from(width.saturating_sub(2));
    let preview = preview_lines(&p.preview, app, inner_w);
    let items: Vec<&Item> = p.items.iter().take(8).collect();
    let want = 2 + 1 + 1 + preview.len() + if items.is_empty() { 0 } else { 1 + items.len() };
    let r = popup_area(frame, area, width, want as u16);
    let b = block(" Command ", true, &app.theme);
    let inner = b.inner(r);
    let (input, col) = input_line(": ", &p.input, inner_w, app);
    let mut lines = vec![input, Line::styled("─".repeat(inner_w), app.theme.border)];
    lines.extend(preview);
    if !items.is_empty() {
        lines.push(Line::styled("─".repeat(inner_w), app.theme.border));
        for (i, it) in items.iter().enumerate() {
            lines.push(item_line(it, i == p.selected, app, inner_w));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(b), r);
    frame.set_cursor_position(Position::new(inner.x + col, inner.y));
}

/// Draws the ambiguity choice.
#[allow(clippy::many_single_char_names)]
pub fn render_choice(frame: &mut Frame<'_>, area: Rect, app: &App, c: &Choice) {
    let width = area.width.saturating_sub(4).min(100);
    let inner_w = usize::from(width.saturating_sub(2));
    let h = (c.candidates.len() + 5) as u16;
    let r = popup_area(frame, area, width, h);
    let title = format!(" Which `{}`? ", sanitize(&c.query));
    let b = block(title, true, &app.theme);
    let mut lines = vec![Line::styled(
        fit(
            &if c.total > c.candidates.len() {
                format!(
                    "{} match; showing {} — Esc and type more of the name",
                    c.total,
                    c.candidates.len()
                )
            } else {
                format!(
                    "{} customers match — pick one (Enter or 1-9); nothing is saved on a guess",
                    c.total
                )
            },
            inner_w,
        ),
        app.theme.dim,
    )];
    lines.push(Line::raw(""));
    let today = app.ctx.today;
    for (i, cand) in c.candidates.iter().enumerate() {
        let mut detail = Vec::new();
        if let Some(o) = &cand.org {
            detail.push(sanitize(o));
        }
        if let Some(e) = &cand.email {
            detail.push(sanitize(e));
        }
        detail.push(match cand.last_contact_at {
            Some(t) => format!("last {}", relative(local_day(t), today)),
            None => "never contacted".into(),
        });
        let num = if i < 9 {
            format!("{} ", i + 1)
        } else {
            "  ".into()
        };
        let spans = vec![
            Span::styled(num, app.theme.key),
            Span::styled(
                fit(
                    &format!("{} {}", sanitize(&cand.name), cand.id),
                    28.min(inner_w / 2),
                ),
                app.theme.title,
            ),
            Span::raw(" "),
            Span::raw(fit(
                &detail.join(" · "),
                inner_w.saturating_sub(31.min(inner_w / 2 + 3)),
            )),
        ];
        lines.push(row_line(
            spans,
            inner_w,
            (i == c.selected).then_some(app.theme.selected),
        ));
    }
    frame.render_widget(Paragraph::new(lines).block(b), r);
}
