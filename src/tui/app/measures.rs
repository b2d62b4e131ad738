//! Measures in the app: refreshing the insight caches after data changes, the dashboard
//! screen and its keys, and review extras in the queue.

use super::{App, Tone};
use crate::tui::action::Action;
use crate::tui::measures::Dashboard;
use crate::tui::pane::{FollowUpMode, Pane, Screen};

impl App {
    /// Uses another insight configuration (e.g. the config file's cadences) and reloads.
    pub fn set_insight_config(&mut self, cfg: crate::insight::InsightConfig) {
        if cfg != self.measures.cfg {
            self.measures.cfg = cfg;
            self.measures.invalidate();
            self.reload();
        }
    }

    /// Refreshes the insight caches (a no-op costing microseconds when nothing changed) and
    /// reloads tiers, review extras and, when open, the dashboard. Called from `reload`: after
    /// the user's writes and when another process changed the database — never per frame.
    pub(super) fn refresh_measures(&mut self) {
        if self.empty {
            self.measures.extras.clear();
            self.follow_ups.extras.clear();
            self.dashboard = None;
            return;
        }
        let today = self.ctx.today;
        let changed = match self.measures.refresh(&mut self.store, today) {
            Ok(changed) => changed,
            Err(e) => {
                self.say(format!("measures: {e}"), Tone::Error);
                false
            }
        };
        if changed {
            self.follow_ups.extras.clone_from(&self.measures.extras);
            self.extras_seen
                .extend(self.measures.extras.iter().map(|e| e.account));
        }
        if self.screen == Screen::Dashboard && (changed || self.dashboard.is_none()) {
            self.load_dashboard();
        }
    }

    /// Loads the dashboard's numbers, keeping the selection.
    fn load_dashboard(&mut self) {
        let selected = self.dashboard.as_ref().map_or(0, |d| d.selected);
        match Dashboard::load(&self.store, self.ctx.today, &self.measures.cfg) {
            Ok(mut d) => {
                d.selected = selected.min(d.at_risk.len().saturating_sub(1));
                self.dashboard = Some(d);
            }
            Err(e) => self.say(format!("dashboard: {e}"), Tone::Error),
        }
    }

    /// Shows the dashboard (or goes back to the main screen when it is shown).
    pub(super) fn open_dashboard(&mut self) {
        if self.empty {
            self.say(
                "No customers yet: add some or load the demo data first",
                Tone::Info,
            );
            return;
        }
        self.screen = Screen::Dashboard;
        self.dashboard = None;
        self.refresh_measures();
        if self.dashboard.is_none() {
            self.screen = Screen::Main;
        }
    }

    /// Handles an action while the dashboard is shown; returns the action when the normal
    /// handler should run it (on the dashboard, or on the main screen after leaving it).
    pub(super) fn dashboard_update(&mut self, action: Action) -> Option<Action> {
        let selected = self
            .dashboard
            .as_ref()
            .and_then(|d| d.selected_row())
            .map(|r| r.account);
        let page = 5;
        match action {
            Action::Dashboard | Action::Close => {
                self.screen = Screen::Main;
                self.dashboard = None;
                None
            }
            Action::MoveDown
            | Action::MoveUp
            | Action::MoveTop
            | Action::MoveBottom
            | Action::PageDown
            | Action::PageUp => {
                let delta = match action {
                    Action::MoveDown => 1,
                    Action::MoveUp => -1,
                    Action::MoveTop => isize::MIN / 2,
                    Action::MoveBottom => isize::MAX / 2,
                    Action::PageDown => page,
                    _ => -page,
                };
                if let Some(d) = &mut self.dashboard {
                    d.move_by(delta);
                }
                None
            }
            Action::Open => {
                if let Some(id) = selected {
                    self.open_customer(id);
                }
                None
            }
            Action::LogInteraction | Action::AddFollowUp => {
                // Acts on the selected at-risk customer; the palette opens over the dashboard.
                if let Some(id) = selected {
                    self.show_customer(id);
                }
                Some(action)
            }
            Action::Quit
            | Action::Help
            | Action::Palette
            | Action::Search
            | Action::Undo
            | Action::Refresh => Some(action),
            _ => {
                self.screen = Screen::Main;
                self.dashboard = None;
                Some(action)
            }
        }
    }

    /// When a review extra (not a follow-up) is selected in the queue, says what to do
    /// instead and returns true.
    pub(super) fn not_a_follow_up(&mut self) -> bool {
        if self.focus != Pane::FollowUps
            || self.follow_ups.mode != FollowUpMode::Today
            || self.follow_ups.selected_extra().is_none()
        {
            return false;
        }
        let log = self.keymap.first_key(Action::LogInteraction);
        let plan = self.keymap.first_key(Action::AddFollowUp);
        self.say(
            format!(
                "This is a customer to check, not a follow-up: {log} logs a contact, {plan} plans a next step"
            ),
            Tone::Info,
        );
        true
    }
}
