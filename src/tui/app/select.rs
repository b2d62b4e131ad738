//! Moving through the app: the focused pane, the selection in each list, the customer the
//! header and history show, and opening one.

use super::App;
use crate::domain::CustomerId;
use crate::domain::text::sanitize;
use crate::tui::pane::{FollowUpMode, Pane, Screen};
use crate::tui::popup::Popup;

impl App {
    pub(super) fn page(&self) -> isize {
        let h = match self.focus {
            Pane::Customers => self.customers.win.height,
            Pane::History => self.history.win.height,
            Pane::FollowUps => self.follow_ups.win.height,
        };
        h.saturating_sub(1).max(1) as isize
    }

    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
        match pane {
            Pane::Customers => self.sync_from_customers(),
            Pane::FollowUps => self.sync_from_queue(),
            Pane::History => {}
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        match self.focus {
            Pane::Customers => {
                self.customers.win.move_by(delta);
                let r = self.customers.load(&self.store);
                self.report(r);
                self.sync_from_customers();
            }
            Pane::History => {
                self.history.win.move_by(delta);
                let r = self.history.load(&self.store);
                self.report(r);
            }
            Pane::FollowUps => {
                self.follow_ups.win.move_by(delta);
                let today = self.ctx.today;
                let r = self
                    .follow_ups
                    .load(&self.store, today, self.history.customer);
                self.report(r);
                self.sync_from_queue();
            }
        }
    }

    pub(super) fn sync_from_customers(&mut self) {
        if let Some(id) = self.customers.selected().map(|c| c.id) {
            self.show_customer(id);
        }
    }

    pub(super) fn sync_from_queue(&mut self) {
        if self.follow_ups.mode == FollowUpMode::Today
            && let Some(id) = self.follow_ups.selected_customer()
        {
            self.show_customer(id);
        }
    }

    pub(super) fn open(&mut self) {
        match self.focus {
            Pane::Customers | Pane::FollowUps => {
                let id = if self.focus == Pane::Customers {
                    self.customers.selected().map(|c| c.id)
                } else {
                    self.follow_ups.selected_customer()
                };
                if let Some(id) = id {
                    self.open_customer(id);
                }
            }
            Pane::History => {
                if let Some(h) = self.history.selected() {
                    let i = &h.interaction;
                    let mut text = sanitize(&i.summary);
                    if !i.notes.is_empty() {
                        text.push_str("\n\n");
                        text.push_str(&crate::domain::text::sanitize_multiline(&i.notes));
                    }
                    let title = format!(
                        "{} {} · {} · {}",
                        i.kind,
                        if i.direction == crate::domain::Direction::In {
                            "from"
                        } else {
                            "with"
                        },
                        sanitize(&h.customer_name),
                        crate::command::local_day(i.occurred_at).format("%a %-d %b %Y")
                    );
                    self.popup = Some(Popup::Note {
                        title,
                        text,
                        scroll: 0,
                    });
                }
            }
        }
    }

    /// Shows a customer with their own follow-ups and focuses the history; the customer
    /// list scrolls to them (a search hit, a palette pick), so that it shows whom the other
    /// panes show.
    pub fn open_customer(&mut self, id: CustomerId) {
        self.select_in_list(id);
        self.screen = Screen::Main;
        self.follow_ups.mode = FollowUpMode::Customer;
        self.follow_ups.win.selected = 0;
        self.follow_ups.win.offset = 0;
        self.focus = Pane::History;
        self.history.customer = None;
        self.show_customer(id);
    }

    /// Reads the list again after its filter or order changed, with customer `kept` selected
    /// where it now stands (the first row when the list leaves them out): one look-up of
    /// their place, one read of the page.
    pub(super) fn relist(&mut self, kept: Option<CustomerId>) {
        self.customers.win.selected = 0;
        self.customers.win.offset = 0;
        if let Some(id) = kept {
            let pos = self
                .store
                .customer_position(&self.customers.filter, self.customers.sort, id);
            if let Some(Some(row)) = self.report(pos) {
                // (The load counts the new list, then places the window around the row.)
                self.customers.win.selected = row;
            }
        }
        let r = self.customers.load(&self.store);
        self.report(r);
    }

    /// Selects customer `id` in the customer list and scrolls it there; one the list's
    /// filter leaves out leaves the list as it is.
    pub(super) fn select_in_list(&mut self, id: CustomerId) {
        if self.customers.selected().map(|c| c.id) == Some(id) {
            return;
        }
        let pos = self
            .store
            .customer_position(&self.customers.filter, self.customers.sort, id);
        if let Some(Some(row)) = self.report(pos) {
            self.customers.win.select(row);
            let r = self.customers.load(&self.store);
            self.report(r);
        }
    }

    /// The customer actions apply to: the shown one.
    pub fn current_customer(&self) -> Option<CustomerId> {
        self.history.customer.or_else(|| self.implied_customer())
    }
}
