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
        FollowUpMode::Today if p.planning && p.due == 0 => {
            " Today · nothing due · plan next steps ".to_string()
        }
        FollowUpMode::Today => format!(" Today · {} of {} reviewed ", prog.reviewed, prog.total()),
        FollowUpMode::Customer => {
            let key = app.keymap.first_key(Action::Today);
            format!(" Follow-ups {} · {key} today ", p.win.total)
        }
    };
    let mut b = block(title, focused, &app.theme);
    if p.mode == FollowUpMode::Today
        && let Some(hint) = no_next_step_hint(app)
    {
        b = b.title_bottom(hint);
    }
    let inner = b.inner(area);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if p.rows.is_empty() && p.visible_extras().is_empty() {
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
            spans.push(super::tier_span(
                app.measures.tiers.tier(f.customer_id),
                plain,
                &app.theme,
            ));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(fit(
                &sanitize(&f.customer_name),
                name_w.saturating_sub(2),
            )));
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
    let first_extra = p.win.offset.max(p.due);
    for (i, e) in p.visible_extras().iter().enumerate() {
        let selected = first_extra + i == p.win.selected;
        let style = match (selected, focused) {
            (true, true) => Some(app.theme.selected),
            (true, false) => Some(app.theme.selected_idle),
            _ => None,
        };
        lines.push(extra_line(e, w, style, app));
    }
    frame.render_widget(Paragraph::new(lines).block(b), area);
}

/// Under the queue: ` 12 customers have no next step — n plans one ` (none when all have one).
fn no_next_step_hint(app: &App) -> Option<Line<'static>> {
    let n = app.follow_ups.without_next_step;
    if n == 0 {
        return None;
    }
    let (noun, verb) = if n == 1 {
        ("customer", "has")
    } else {
        ("customers", "have")
    };
    let p = &app.follow_ups;
    let key = app.keymap.first_key(Action::AddFollowUp);
    if p.planning {
        // The queue lists the first of them: say how many more, and plan one for the selected.
        let more = n.saturating_sub(p.extras.len());
        let mut spans = vec![Span::styled(
            if more == 0 {
                format!(" {n} with no next step")
            } else {
                format!(" {more} more with no next step")
            },
            app.theme.dim,
        )];
        if !key.is_empty() {
            spans.push(Span::styled(" · ", app.theme.dim));
            spans.push(Span::styled(key, app.theme.key));
            spans.push(Span::styled(" plans one", app.theme.dim));
        }
        spans.push(Span::raw(" "));
        return Some(Line::from(spans));
    }
    let mut spans = vec![Span::styled(
        format!(" {n} {noun} {verb} no next step"),
        app.theme.dim,
    )];
    if !key.is_empty() {
        spans.push(Span::styled(" — ", app.theme.dim));
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::styled(" plans one", app.theme.dim));
    }
    spans.push(Span::raw(" "));
    Some(Line::from(spans))
}

/// A review extra: tier, why (cold for how long, or no next step), name, reason.
fn extra_line<'a>(
    e: &crate::insight::ReviewExtra,
    w: usize,
    style: Option<Style>,
    app: &App,
) -> Line<'a> {
    use crate::insight::ExtraKind;
    let plain = style.is_some();
    let (marker, when, reason) = match e.why {
        ExtraKind::GoingCold => (
            "~",
            e.days_since_contact
                .map_or_else(|| "cold".to_string(), |d| format!("cold {d}d")),
            e.reason
                .strip_prefix("going cold: ")
                .unwrap_or(&e.reason)
                .to_string(),
        ),
        ExtraKind::NoNextStep => ("-", "no step".to_string(), e.reason.clone()),
    };
    let mstyle = if plain {
        Style::default()
    } else {
        app.theme.due
    };
    let rest = w.saturating_sub(12);
    let name_w = (rest * 2 / 5).min(24);
    let spans = vec![
        Span::styled(format!("{marker} "), mstyle),
        Span::styled(fit(&when, 9), mstyle),
        Span::raw(" "),
        super::tier_span(e.tier, plain, &app.theme),
        Span::raw(" "),
        Span::raw(fit(&sanitize(&e.name), name_w.saturating_sub(2))),
        Span::raw(" "),
        Span::styled(
            fit(&sanitize(&reason), rest.saturating_sub(name_w + 1)),
            if plain {
                Style::default()
            } else {
                app.theme.dim
            },
        ),
    ];
    row_line(spans, w, style)
}
