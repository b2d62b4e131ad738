//! Measures in the app: refreshing the insight caches after data changes, the dashboard
//! screen and its keys, and review extras in the queue.

use super::{App, Tone};
use crate::tui::action::Action;
use crate::tui::measures::Dashboard;
use crate::tui::pane::{FollowUpMode, Pane, Screen};

/// How many customers with no next step the queue offers when nothing is due.
const PLAN_ROWS: usize = 20;

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
            self.follow_ups.planning = false;
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
            self.follow_ups.planning = false;
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

    /// After the queue loaded: when nothing is due or overdue and no valuable account needs a
    /// look, the queue offers the customers with no next step instead of "All done" — the
    /// most valuable first (won value), else the latest contacted, then the latest added.
    pub(super) fn load_plan(&mut self) {
        if self.follow_ups.mode != FollowUpMode::Today {
            return;
        }
        let p = &self.follow_ups;
        if p.due == 0 && p.extras.is_empty() && p.without_next_step > 0 {
            match self.plan_rows() {
                Ok(plan) => {
                    self.follow_ups.planning = !plan.is_empty();
                    self.follow_ups.extras = plan;
                }
                Err(e) => self.say(e.to_string(), Tone::Error),
            }
        }
        let p = &mut self.follow_ups;
        p.win.total = p.due + p.extras.len();
        p.win.clamp();
    }

    /// The first [`PLAN_ROWS`] customers with no next step, as review extras.
    fn plan_rows(&self) -> crate::store::Result<Vec<crate::insight::ReviewExtra>> {
        use crate::store::{CustomerSort, ListFilter};
        // In the tiers' window, as `rolo list --no-next-step --sort value` orders them.
        let filter = ListFilter {
            no_next_step: true,
            currency: Some(self.ctx.currency),
            value_window: self.customers.filter.value_window,
            ..ListFilter::default()
        };
        // Ordering by value sorts every customer without a next step: only when anything
        // was won (tiers A and B exist), never on a fresh import of 100k.
        let tiers = &self.measures.tiers;
        let mut rows =
            if tiers.count(crate::insight::Tier::A) + tiers.count(crate::insight::Tier::B) > 0 {
                self.store
                    .customers_page(&filter, CustomerSort::Value, 0, PLAN_ROWS)?
            } else {
                Vec::new()
            };
        if rows.first().is_none_or(|r| r.won_currency.is_none()) {
            // Nothing won yet (a fresh import): the latest contacted, then the latest added.
            rows = self
                .store
                .customers_page(&filter, CustomerSort::LastContact, 0, PLAN_ROWS)?;
        }
        let today = self.ctx.today;
        Ok(rows
            .into_iter()
            .map(|r| {
                let days = r
                    .last_contact_at
                    .map(|t| (today - crate::command::local_day(t)).num_days());
                crate::insight::ReviewExtra {
                    account: r.id,
                    tier: self.measures.tiers.tier(r.id),
                    revenue: crate::domain::Money {
                        minor: 0,
                        currency: self.ctx.currency,
                    },
                    why: crate::insight::ExtraKind::NoNextStep,
                    days_since_contact: days,
                    score: 0,
                    reason: match days {
                        Some(0) => "contacted today".to_string(),
                        Some(d) => format!("last contact {d}d ago"),
                        None => "never contacted".to_string(),
                    },
                    name: r.name,
                }
            })
            .collect())
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
