//! The follow-ups pane: today's review queue with its progress, or a customer's follow-ups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fit, hints, row_line};
use crate::domain::FollowUpStatus;
use crate::domain::text::sanitize;
use crate::domain::when::relative;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::pane::{FollowUpMode, Pane};

/// Draws the pane.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let p = &app.follow_ups;
    let focused = app.focus == Pane::FollowUps;
    let today = app.ctx.today;
    let prog = app.progress;
    let title = match p.mode {
        FollowUpMode::Today => format!(" Today · {} of {} reviewed ", prog.reviewed, prog.total()),
        FollowUpMode::Customer => {
            let key = app.keymap.first_key(Action::Today);
            format!(" Follow-ups {} · {key} today ", p.win.total)
        }
    };
    let b = block(title, focused, &app.theme);
    let inner = b.inner(area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if p.rows.is_empty() {
        match p.mode {
            FollowUpMode::Today => {
                lines.push(Line::styled(
                    "✓ All done for today — nothing overdue or due.",
                    app.theme.ok,
                ));
                if !p.upcoming.is_empty() {
                    lines.push(Line::styled("Coming up:", app.theme.dim));
                    for f in &p.upcoming {
                        lines.push(Line::raw(fit(
                            &format!(
                                "  {:<9} {} — {}",
                                relative(f.due_date, today),
                                sanitize(&f.customer_name),
                                sanitize(&f.what)
                            ),
                            w,
                        )));
                    }
                }
                lines.push(Line::from(hints(
                    app,
                    &[
                        (Action::Palette, "log a call"),
                        (Action::Search, "find a customer"),
                    ],
                )));
            }
            FollowUpMode::Customer => {
                lines.push(Line::styled("No follow-ups", app.theme.dim));
                lines.push(Line::from(hints(app, &[(Action::AddFollowUp, "plan one")])));
            }
        }
    }
    for (i, f) in p.rows.iter().enumerate() {
        let (marker, mstyle, when) = match f.status {
            FollowUpStatus::Done => ("✓", app.theme.dim, "done".to_string()),
            FollowUpStatus::Cancelled => ("x", app.theme.dim, "cancelled".to_string()),
            FollowUpStatus::Open if f.due_date < today => (
                "!",
                app.theme.overdue,
                format!("{}d late", (today - f.due_date).num_days()),
            ),
            FollowUpStatus::Open if f.due_date == today => {
                ("*", app.theme.due, "today".to_string())
            }
            FollowUpStatus::Open => ("+", app.theme.later, relative(f.due_date, today)),
        };
        let selected = p.win.offset + i == p.win.selected;
        let style = match (selected, focused) {
            (true, true) => Some(app.theme.selected),
            (true, false) => Some(app.theme.selected_idle),
            _ => None,
        };
        let plain = style.is_some();
        let mut spans = vec![
            Span::styled(
                format!("{marker} "),
                if plain { Style::default() } else { mstyle },
            ),
            Span::styled(fit(&when, 9), if plain { Style::default() } else { mstyle }),
            Span::raw(" "),
        ];
        let rest = w.saturating_sub(12);
        if p.mode == FollowUpMode::Today {
            let name_w = (rest * 2 / 5).min(24);
            spans.push(Span::raw(fit(&sanitize(&f.customer_name), name_w)));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(fit(
                &sanitize(&f.what),
                rest.saturating_sub(name_w + 1),
            )));
        } else {
            spans.push(Span::raw(fit(&sanitize(&f.what), rest)));
        }
        lines.push(row_line(spans, w, style));
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}
