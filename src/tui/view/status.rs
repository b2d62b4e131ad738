//! The status bar: the last message, or the few keys that matter in the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::hints;
use crate::domain::text::truncate;
use crate::tui::action::Action;
use crate::tui::app::{App, Tone};
use crate::tui::pane::{FollowUpMode, Pane};
use crate::tui::popup::Popup;

/// Draws the bar.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    if let Some((msg, tone)) = &app.status {
        let style = match tone {
            Tone::Info => app.theme.text,
            Tone::Ok => app.theme.ok,
            Tone::Error => app.theme.error,
        };
        let text = truncate(&format!(" {msg}"), usize::from(area.width));
        frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
        return;
    }
    let pairs: &[(Action, &str)] = match (&app.popup, app.focus, app.follow_ups.mode) {
        (Some(_), ..) => &[(Action::Close, "close")],
        (None, _, _) if app.empty => &[(Action::Help, "help"), (Action::Quit, "quit")],
        (None, _, _) if app.screen == crate::tui::pane::Screen::Dashboard => &[
            (Action::MoveDown, "next"),
            (Action::Open, "open"),
            (Action::LogInteraction, "log"),
            (Action::AddFollowUp, "plan"),
            (Action::Close, "back"),
            (Action::Help, "help"),
        ],
        (None, Pane::FollowUps, FollowUpMode::Today)
            if app.follow_ups.selected_extra().is_some() =>
        {
            &[
                (Action::LogInteraction, "log a contact"),
                (Action::AddFollowUp, "plan a next step"),
                (Action::Open, "open"),
                (Action::Palette, "palette"),
                (Action::Help, "help"),
            ]
        }
        (None, Pane::FollowUps, FollowUpMode::Today) => &[
            (Action::Done, "done"),
            (Action::Snooze, "snooze"),
            (Action::Reschedule, "move"),
            (Action::LogInteraction, "log"),
            (Action::Open, "open"),
            (Action::Palette, "palette"),
            (Action::Help, "help"),
        ],
        (None, Pane::FollowUps, FollowUpMode::Customer) => &[
            (Action::Done, "done"),
            (Action::Snooze, "snooze"),
            (Action::AddFollowUp, "plan"),
            (Action::Today, "today"),
            (Action::Palette, "palette"),
            (Action::Help, "help"),
        ],
        (None, Pane::History, _) => &[
            (Action::Open, "full note"),
            (Action::LogInteraction, "log"),
            (Action::AddDeal, "deal"),
            (Action::EditCustomer, "edit"),
            (Action::Undo, "undo"),
            (Action::Help, "help"),
        ],
        (None, Pane::Customers, _) => &[
            (Action::Open, "open"),
            (Action::FilterCustomers, "filter"),
            (Action::CycleSort, "sort"),
            (Action::Search, "search"),
            (Action::AddCustomer, "add"),
            (Action::Palette, "palette"),
            (Action::Help, "help"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    if matches!(app.popup, Some(Popup::Palette(_))) {
        spans.push(Span::styled("Enter", app.theme.key));
        spans.push(Span::raw(" run · "));
        spans.push(Span::styled("Tab", app.theme.key));
        spans.push(Span::raw(" complete · "));
        spans.push(Span::styled("↑↓", app.theme.key));
        spans.push(Span::raw(" earlier lines · "));
        spans.push(Span::styled("Ctrl-N/P", app.theme.key));
        spans.push(Span::raw(" pick · "));
    }
    spans.extend(hints(app, pairs));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
