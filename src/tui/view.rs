//! Drawing: `render(frame, &app)` reads state only — it never queries the database.

mod customers;
mod dashboard;
pub mod first_run;
mod follow_ups;
mod form;
mod header;
mod help;
mod history;
pub mod layout;
mod palette;
pub(crate) mod popups;
mod status;

pub use help::help_lines;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::pane::{Pane, Screen};
use super::popup::Popup;
use super::theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    let a = layout::areas(area);
    header::top_bar(frame, a.top, app);
    // Between the top bar and the status line: the whole width, for full-screen views.
    let body = Rect::new(
        area.x,
        a.top.bottom(),
        area.width,
        a.status.y - a.top.bottom(),
    );
    if app.empty {
        first_run::render(frame, body, app);
    } else if app.screen == Screen::Dashboard {
        dashboard::render(frame, body, app);
    } else {
        customers::render(frame, a.customers, app);
        header::render(frame, a.header, app);
        if a.narrow {
            if app.focus == Pane::FollowUps {
                follow_ups::render(frame, a.follow_ups, app);
            } else {
                history::render(frame, a.history, app, true);
            }
        } else {
            history::render(frame, a.history, app, false);
            follow_ups::render(frame, a.follow_ups, app);
        }
    }
    status::render(frame, a.status, app);
    match &app.popup {
        None => {}
        Some(Popup::Palette(p)) => palette::render(frame, area, app, p),
        Some(Popup::Choice(c)) => palette::render_choice(frame, area, app, c),
        Some(Popup::Help { scroll }) => help::render(frame, area, app, *scroll),
        Some(Popup::Form(f)) => form::render(frame, area, app, f),
        Some(p) => popups::render(frame, area, app, p),
    }
    one_cell_per_column(frame.buffer_mut());
}

/// Gives each terminal column of a cluster its own buffer cell. ratatui keeps a grapheme
/// cluster in one cell however many columns it takes, but a terminal puts each spacing
/// character in a column of its own: Devanagari `र्मा` is `र्`, `म` and `ा`, Thai `จำ` is
/// `จ` and `ำ`, a flag its two regional indicators. When the cluster's place is drawn over,
/// ratatui writes its first column only (as for a wide character, which a terminal clears
/// whole) and the terminal keeps the rest: `मा` stayed behind in an emptied customer list.
/// Split, each column is written and cleared on its own, as the terminal holds it.
fn one_cell_per_column(buf: &mut ratatui::buffer::Buffer) {
    let width = usize::from(buf.area.width);
    if width == 0 {
        return;
    }
    for row in buf.content.chunks_mut(width) {
        let mut x = 0;
        while x < row.len() {
            let symbol = row[x].symbol();
            // One character (nearly every cell): nothing to split.
            if symbol.len() == 1 || symbol.chars().nth(1).is_none() {
                x += 1;
                continue;
            }
            let Some(parts) = columns(symbol) else {
                x += 1;
                continue;
            };
            let style = row[x].style();
            for part in parts {
                let Some(cell) = row.get_mut(x) else {
                    break;
                };
                cell.set_symbol(&part).set_style(style);
                x += 1;
            }
        }
    }
}

/// The columns a terminal gives a cluster of narrow characters: each one with the
/// zero-width marks after it. `None` for a cluster of one column, and for one with a wide
/// character or whose width is not its characters' (an emoji with U+FE0F): those a
/// terminal draws as one.
fn columns(cluster: &str) -> Option<Vec<String>> {
    use unicode_width::UnicodeWidthChar;
    let mut chars = cluster.chars();
    chars.next()?;
    chars.next()?;
    let mut parts: Vec<String> = Vec::new();
    for c in cluster.chars() {
        match (c.width(), parts.last_mut()) {
            (Some(1), _) | (Some(0) | None, None) => parts.push(c.to_string()),
            (Some(0) | None, Some(last)) => last.push(c),
            _ => return None,
        }
    }
    (parts.len() > 1 && parts.len() == cluster.width()).then_some(parts)
}

/// A bordered block; the focused one stands out (bold title marker for no-colour terminals).
pub fn block<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    let title: Line<'a> = title.into();
    let title = if focused {
        let mut spans = vec![Span::styled("▶", theme.focus)];
        spans.extend(title.spans.into_iter().map(|s| s.patch_style(theme.title)));
        Line::from(spans)
    } else {
        title
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused { theme.focus } else { theme.border })
        .title(title)
}

/// A popup frame: clears the area under it.
pub fn popup_area(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 3,
        w,
        h,
    );
    frame.render_widget(Clear, r);
    r
}

/// Pads or cuts text to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let t = crate::domain::text::truncate(s, width);
    let w = t.width();
    format!("{t}{}", " ".repeat(width.saturating_sub(w)))
}

/// Spans cut to `width` columns, the last kept one ending in `…` when anything was cut.
pub fn cut_spans(spans: Vec<Span<'_>>, width: usize) -> Vec<Span<'_>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= width {
        return spans;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w < width {
            used += w;
            out.push(s);
            continue;
        }
        // `truncate` ends a cut text with `…` within the room left.
        let room = width - used;
        if room > 0 {
            let mut t = crate::domain::text::truncate(&s.content, room);
            if !t.ends_with('…') {
                t = format!(
                    "{}…",
                    crate::domain::text::truncate(&t, room.saturating_sub(1))
                );
            }
            out.push(Span::styled(t, s.style));
        }
        break;
    }
    out
}

/// A line filled with `style` to the full width (for the selected row).
pub fn row_line(spans: Vec<Span<'_>>, width: usize, style: Option<Style>) -> Line<'_> {
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let mut spans = spans;
    if used < width {
        spans.push(Span::raw(" ".repeat(width - used)));
    }
    let line = Line::from(spans);
    match style {
        Some(s) => line.style(s),
        None => line,
    }
}

/// Key hints: "d done · s snooze".
pub fn hints<'a>(app: &App, pairs: &[(super::action::Action, &'a str)]) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    for (i, (a, label)) in pairs.iter().enumerate() {
        let k = app.keymap.first_key(*a);
        if k.is_empty() {
            continue;
        }
        if i > 0 {
            out.push(Span::styled(" · ", app.theme.dim));
        }
        out.push(Span::styled(k, app.theme.key));
        out.push(Span::raw(format!(" {label}")));
    }
    out
}

/// A tier letter: A stands out, C is dim (plain on a selected row).
pub fn tier_span(tier: crate::insight::Tier, plain: bool, theme: &Theme) -> Span<'static> {
    let style = match tier {
        _ if plain => Style::default(),
        crate::insight::Tier::A => theme.title,
        crate::insight::Tier::B => theme.text,
        crate::insight::Tier::C => theme.dim,
    };
    Span::styled(tier.as_str(), style)
}
