//! Small popups: search, customer filter, snooze / reschedule, a full note, import.

use chrono::Days;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr as _;

use super::palette::input_line;
use super::{block, fit, popup_area, row_line};
use crate::domain::text::{Marked, sanitize, sanitize_marked, truncate_keeping_mark};
use crate::domain::when::{Toward, parse_date};
use crate::tui::app::App;
use crate::tui::popup::Popup;

/// Draws one of the small popups.
#[allow(clippy::many_single_char_names)]
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, popup: &Popup) {
    let width = popup_width(area);
    let w = usize::from(width.saturating_sub(2));
    let t = &app.theme;
    match popup {
        Popup::Search(s) => {
            let refused = s
                .refused
                .as_deref()
                .map(|e| crate::cli::table::wrap(&sanitize(e), w))
                .unwrap_or_default();
            let h = (4 + s.hits.len().max(refused.len()).max(1))
                .min(usize::from(area.height.saturating_sub(2))) as u16;
            let r = popup_area(frame, area, width, h);
            let b = block(" Search names, notes, contacts, addresses ", true, t);
            let inner = b.inner(r);
            let (line, col) = input_line("/ ", &s.input, w, app);
            let mut lines = vec![line, Line::styled("─".repeat(w), t.border)];
            if !refused.is_empty() {
                lines.extend(refused.into_iter().map(|l| Line::styled(l, t.error)));
            } else if s.hits.is_empty() {
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
                // `fit` pads by columns: a width in `format!` would pad again by
                // characters, and push the field of a Chinese name right.
                let text = format!(
                    "{} {:<8} {}",
                    fit(&sanitize(&hit.customer_name), 22),
                    hit.field,
                    // The hit in sight, as `rolo search` shows it.
                    // (A field wider than 8, `follow-up (cancelled)`, takes from the snippet.)
                    truncate_keeping_mark(
                        &sanitize_marked(&Marked {
                            text: hit.snippet.clone(),
                            hit: hit.hit.clone(),
                        }),
                        w.saturating_sub(24 + hit.field.chars().count().max(8))
                    )
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
            let r = popup_area(frame, area, width, 5);
            let b = block(" Filter customers — Enter keeps, Esc clears ", true, t);
            let inner = b.inner(r);
            let (line, col) = input_line("name: ", input, w, app);
            let only = if app.customers.filter.no_next_step {
                "[x]"
            } else {
                "[ ]"
            };
            let next = Line::raw(fit(&format!("{only} only without a next step (Tab)"), w));
            let count = Line::styled(format!("{} match", app.customers.win.total), t.dim);
            frame.render_widget(Paragraph::new(vec![line, next, count]).block(b), r);
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
            let most = preview_room(area);
            // What Tab found, a few lines of it.
            if !prompt.choices.is_empty() {
                for l in pack_names(&prompt.choices, w, 3) {
                    lines.push(Line::styled(fit(&l, w), t.dim));
                }
            }
            let mut cut_below = false;
            let mut push_wrapped = |text: &str, style, scroll: usize| {
                // File text is made inert, wrapped to the box (an indented line keeps its
                // indent), scrolled, cut to the room there is.
                let wrapped: Vec<String> = text.lines().flat_map(|l| indented_wrap(l, w)).collect();
                let scroll = scroll.min(wrapped.len().saturating_sub(most));
                let cut = wrapped.len() > scroll + most;
                cut_below = cut;
                for (i, l) in wrapped.into_iter().skip(scroll).take(most).enumerate() {
                    let l = if cut && i + 1 == most {
                        format!(
                            "{}…",
                            crate::domain::text::truncate(&l, w.saturating_sub(1))
                        )
                    } else {
                        l
                    };
                    lines.push(Line::styled(fit(&l, w), style));
                }
            };
            let hint = if prompt.busy {
                let (doing, hint) = import_running(app, prompt);
                push_wrapped(&doing, t.dim, 0);
                hint
            } else if let Some(e) = &prompt.error {
                push_wrapped(e, t.error, 0);
                if prompt.skip_offer {
                    "Enter previews the rest, skipping broken records · Esc closes".into()
                } else {
                    "Enter tries again · Esc closes".into()
                }
            } else if let Some(p) = &prompt.preview {
                push_wrapped(&p.text, t.text, prompt.scroll);
                let mut hint = String::from("Enter imports");
                if let Some(d) = p.dates {
                    hint.push_str(&format!(" · Tab reads dates {} first", d.other().first()));
                }
                if cut_below || prompt.scroll > 0 {
                    hint.push_str(" · ↑↓ PgDn scroll");
                }
                hint.push_str(" · Esc closes");
                hint
            } else {
                lines.push(Line::styled(
                    fit(
                        "CSV, vCard, backup, dossier · options: --map \"Col=field\" --encoding X",
                        w,
                    ),
                    t.dim,
                ));
                "Tab completes · Enter previews · Esc closes".into()
            };
            if !hint.is_empty() {
                lines.push(Line::styled(fit(&hint, w), t.dim));
            }
            let r = popup_area(frame, area, width, lines.len() as u16 + 2);
            let b = block(" Import contacts ", true, t);
            let inner = b.inner(r);
            frame.render_widget(Paragraph::new(lines).block(b), r);
            frame.set_cursor_position(Position::new(inner.x + col, inner.y));
        }
        Popup::Palette(_) | Popup::Choice(_) | Popup::Help { .. } | Popup::Form(_) => {}
    }
}

/// The width of a small popup on a screen of `area`, its borders included.
fn popup_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(90)
}

/// How many lines of a report or an error the import dialog shows at once: the screen but
/// the box, the file line and the hint line.
fn preview_room(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(6)).max(1)
}

/// How many lines the import preview's `text` takes in a dialog on a screen of `area`, and
/// how many of them it shows at once.
pub fn import_preview_lines(text: &str, area: Rect) -> (usize, usize) {
    let w = usize::from(popup_width(area).saturating_sub(2));
    let lines = text.lines().map(|l| indented_wrap(l, w).len()).sum();
    (lines, preview_room(area))
}

/// What the import dialog says while a preview or an import runs, and its hint: the
/// counts of a running one (and that Esc cancels it).
fn import_running(app: &App, prompt: &crate::tui::popup::ImportPrompt) -> (String, String) {
    use std::sync::atomic::Ordering::Relaxed;
    let doing = if prompt.preview.is_some() {
        "Importing…"
    } else {
        "Reading the file…"
    };
    let Some(i) = &app.importing else {
        return (doing.into(), String::new());
    };
    let w = &i.watch;
    let (records, history) = (w.records.load(Relaxed), w.history.load(Relaxed));
    let group = |n: usize| crate::domain::text::group_thousands(&n.to_string());
    if w.cancel.load(Relaxed) {
        return ("Cancelling…".into(), String::new());
    }
    if w.finishing.load(Relaxed) {
        let text = format!(
            "{doing} {} records read; building the indexes",
            group(records)
        );
        return (text, String::new());
    }
    let text = match (records, history) {
        (0, _) => doing.to_string(),
        (r, 0) => format!("{doing} {} records", group(r)),
        (r, h) => format!("{doing} {} records, {} history rows", group(r), group(h)),
    };
    (text, "Esc cancels: nothing is imported".into())
}

/// Names packed into lines of `width`, two spaces apart (a name may have one), each made
/// inert; at most `most` lines, the last cut with `…` when more would follow.
fn pack_names(names: &[String], width: usize, most: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for name in names {
        let name = crate::domain::text::truncate(&sanitize(name), width);
        let last = lines.last_mut().expect("one line at least");
        if last.is_empty() {
            *last = name;
        } else if last.width() + 2 + name.width() <= width {
            last.push_str("  ");
            last.push_str(&name);
        } else {
            lines.push(name);
        }
    }
    if lines.len() > most {
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            *last = format!(
                "{}…",
                crate::domain::text::truncate(last, width.saturating_sub(1))
            );
        }
    }
    lines
}

/// A line wrapped to `width`, made inert; the lines it wraps to keep its indent.
fn indented_wrap(line: &str, width: usize) -> Vec<String> {
    let line = sanitize(line);
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let room = width.saturating_sub(indent.len());
    crate::cli::table::wrap(body, room)
        .into_iter()
        .map(|l| format!("{indent}{l}"))
        .collect()
}
