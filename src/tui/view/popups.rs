//! Small popups: search, customer filter, snooze / reschedule, a full note, import.

use chrono::Days;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::palette::input_line;
use super::{block, fit, popup_area, row_line};
use crate::domain::text::sanitize;
use crate::domain::when::{Toward, parse_date};
use crate::tui::app::App;
use crate::tui::popup::Popup;

/// Draws one of the small popups.
#[allow(clippy::many_single_char_names)]
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, popup: &Popup) {
    let width = area.width.saturating_sub(4).min(90);
    let w = usize::from(width.saturating_sub(2));
    let t = &app.theme;
    match popup {
        Popup::Search(s) => {
            let h =
                (4 + s.hits.len().max(1)).min(usize::from(area.height.saturating_sub(2))) as u16;
            let r = popup_area(frame, area, width, h);
            let b = block(" Search names and notes ", true, t);
            let inner = b.inner(r);
            let (line, col) = input_line("/ ", &s.input, w, app);
            let mut lines = vec![line, Line::styled("─".repeat(w), t.border)];
            if s.hits.is_empty() {
                lines.push(Line::styled(
                    if s.input.text.trim().is_empty() {
                        "Type words; Enter jumps to the customer and the note"
                    } else {
                        "No match"
                    },
                    t.dim,
                ));
            }
            for (i, hit) in s.hits.iter().enumerate() {
                let text = format!(
                    "{:<22} {:<8} {}",
                    fit(&sanitize(&hit.customer_name), 22),
                    hit.field,
                    sanitize(&hit.snippet)
                );
                lines.push(row_line(
                    vec![ratatui::text::Span::raw(fit(&text, w))],
                    w,
                    (i == s.selected).then_some(t.selected),
                ));
            }
            frame.render_widget(Paragraph::new(lines).block(b), r);
            frame.set_cursor_position(Position::new(inner.x + col, inner.y));
        }
        Popup::Filter(input) => {
            let r = popup_area(frame, area, width, 4);
            let b = block(
                " Filter customers by name — Enter keeps, Esc clears ",
                true,
                t,
            );
            let inner = b.inner(r);
            let (line, col) = input_line("name: ", input, w, app);
            let count = Line::styled(format!("{} match", app.customers.win.total), t.dim);
            frame.render_widget(Paragraph::new(vec![line, count]).block(b), r);
            frame.set_cursor_position(Position::new(inner.x + col, inner.y));
        }
        Popup::Date(d) => {
            let r = popup_area(frame, area, width, 7);
            let title = if d.snooze {
                " Snooze until "
            } else {
                " Move to "
            };
            let b = block(title, true, t);
            let inner = b.inner(r);
            let today = app.ctx.today;
            let fmt = |n: u64| (today + Days::new(n)).format("%a %-d %b").to_string();
            let (line, col) = input_line("day: ", &d.input, w, app);
            let parsed = if d.input.text.trim().is_empty() {
                Line::styled(
                    "type a day: fri, 3 dec, +2w, 2026-12-01 — then Enter",
                    t.dim,
                )
            } else {
                match parse_date(&d.input.text, today, Toward::Future, app.ctx.week_start) {
                    Ok(day) => Line::styled(format!("→ {}", day.format("%a %-d %b %Y")), t.ok),
                    Err(e) => Line::styled(fit(&e.to_string(), w), t.error),
                }
            };
            let mut lines = vec![Line::raw(fit(&d.what, w))];
            if d.snooze {
                lines.push(Line::styled(
                    fit(
                        &format!(
                            "1 tomorrow ({}) · 3 three days ({}) · w a week ({})",
                            fmt(1),
                            fmt(3),
                            fmt(7)
                        ),
                        w,
                    ),
                    t.key,
                ));
            }
            lines.push(line.clone());
            lines.push(parsed);
            let cursor_row = if d.snooze { 2 } else { 1 };
            frame.render_widget(Paragraph::new(lines).block(b), r);
            frame.set_cursor_position(Position::new(inner.x + col, inner.y + cursor_row));
        }
        Popup::Note {
            title,
            text,
            scroll,
        } => {
            let r = popup_area(frame, area, width, area.height.saturating_sub(4).min(20));
            let b = block(format!(" {} ", sanitize(title)), true, t);
            frame.render_widget(
                Paragraph::new(text.as_str())
                    .block(b)
                    .wrap(Wrap { trim: false })
                    .scroll((*scroll as u16, 0)),
                r,
            );
        }
        Popup::Import(prompt) => {
            let (line, col) = input_line("file: ", &prompt.input, w, app);
            let mut lines = vec![line];
            if prompt.busy {
                lines.push(Line::styled("Importing…", t.dim));
            } else if let Some(e) = &prompt.error {
                // The error quotes the file and maybe its contents: inert, wrapped to the box.
                let most = usize::from(area.height.saturating_sub(6)).max(1);
                let wrapped = crate::cli::table::wrap(&sanitize(e), w);
                let cut = wrapped.len() > most;
                for (i, l) in wrapped.into_iter().take(most).enumerate() {
                    let l = if cut && i + 1 == most {
                        format!(
                            "{}…",
                            crate::domain::text::truncate(&l, w.saturating_sub(1))
                        )
                    } else {
                        l
                    };
                    lines.push(Line::styled(fit(&l, w), t.error));
                }
            }
            lines.push(Line::styled(
                fit(
                    "CSV, vCard, backup, dossier · ~ = home · Enter imports · Esc closes",
                    w,
                ),
                t.dim,
            ));
            let r = popup_area(frame, area, width, lines.len() as u16 + 2);
            let b = block(" Import contacts ", true, t);
            let inner = b.inner(r);
            frame.render_widget(Paragraph::new(lines).block(b), r);
            frame.set_cursor_position(Position::new(inner.x + col, inner.y));
        }
        Popup::Palette(_) | Popup::Choice(_) | Popup::Help { .. } | Popup::Form(_) => {}
    }
}
