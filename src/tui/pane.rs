//! Pane state: windowed lists that hold only the rows on screen, and how they load.

use chrono::NaiveDate;

use crate::domain::{Customer, CustomerId, Deal, FollowUp};
use crate::insight::ReviewExtra;
use crate::store::{CustomerRow, CustomerSort, HistoryItem, ListFilter, Result, Store};

/// What fills the screen between the title line and the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// Customers, header, history and follow-ups.
    #[default]
    Main,
    /// The measures at a glance.
    Dashboard,
}

/// The three panes of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The customer list.
    Customers,
    /// The selected customer's history.
    History,
    /// The review queue or the customer's follow-ups.
    FollowUps,
}

impl Pane {
    /// The pane Tab moves to.
    #[must_use]
    pub fn next(self) -> Pane {
        match self {
            Pane::Customers => Pane::History,
            Pane::History => Pane::FollowUps,
            Pane::FollowUps => Pane::Customers,
        }
    }

    /// The pane Shift-Tab moves to.
    #[must_use]
    pub fn prev(self) -> Pane {
        match self {
            Pane::Customers => Pane::FollowUps,
            Pane::History => Pane::Customers,
            Pane::FollowUps => Pane::History,
        }
    }
}

/// A selection over `total` rows of which `height` are visible from `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// How many rows exist.
    pub total: usize,
    /// The selected row.
    pub selected: usize,
    /// The first visible row.
    pub offset: usize,
    /// How many rows fit.
    pub height: usize,
}

impl Window {
    /// Moves the selection by `delta` rows (clamped) and scrolls to keep it visible.
    pub fn move_by(&mut self, delta: isize) {
        if self.total == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        let max = self.total - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(max);
        self.clamp();
    }

    /// Selects a row and scrolls to it.
    pub fn select(&mut self, row: usize) {
        self.selected = row;
        self.clamp();
    }

    /// Keeps selection and offset valid after the total or the height changed.
    pub fn clamp(&mut self) {
        if self.total == 0 {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.total - 1);
        let h = self.height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.total.saturating_sub(h));
    }

    /// The selected row's index inside the visible window.
    pub fn visible_index(&self) -> usize {
        self.selected.saturating_sub(self.offset)
    }
}

/// The customer list: filter, order, and the visible rows only.
#[derive(Debug, Clone, Default)]
pub struct CustomersPane {
    /// Which customers.
    pub filter: ListFilter,
    /// In which order.
    pub sort: CustomerSort,
    /// Selection and scroll.
    pub win: Window,
    /// The visible rows (`win.offset ..`).
    pub rows: Vec<CustomerRow>,
}

impl CustomersPane {
    /// Counts and loads the visible window.
    pub fn load(&mut self, store: &Store) -> Result<()> {
        self.win.total = store.count_customers(&self.filter)?;
        self.win.clamp();
        self.rows =
            store.customers_page(&self.filter, self.sort, self.win.offset, self.win.height)?;
        Ok(())
    }

    /// Whether the list is narrowed (by name, or to customers with no next step).
    pub fn filtered(&self) -> bool {
        self.filter.name.is_some() || self.filter.no_next_step
    }

    /// Lets everyone back into the list (it is read again by the caller).
    pub fn clear_filter(&mut self) {
        self.filter.name = None;
        self.filter.no_next_step = false;
    }

    /// The selected row.
    pub fn selected(&self) -> Option<&CustomerRow> {
        self.rows.get(self.win.visible_index())
    }

    /// The name of the order, for the title.
    pub fn sort_label(&self) -> &'static str {
        match self.sort {
            CustomerSort::Name => "name",
            CustomerSort::LastContact => "last contact",
            CustomerSort::Oldest => "oldest contact",
            CustomerSort::Value => "value",
            CustomerSort::NextDue => "next step",
        }
    }
}

/// The shown customer's history, windowed.
#[derive(Debug, Clone, Default)]
pub struct HistoryPane {
    /// Whose.
    pub customer: Option<CustomerId>,
    /// Selection and scroll.
    pub win: Window,
    /// The visible rows.
    pub rows: Vec<HistoryItem>,
}

impl HistoryPane {
    /// Counts and loads the visible window.
    pub fn load(&mut self, store: &Store) -> Result<()> {
        if let Some(id) = self.customer {
            self.win.total = store.history_len(id)?;
            self.win.clamp();
            self.rows = store.history(id, self.win.offset, self.win.height)?;
        } else {
            self.win = Window {
                height: self.win.height,
                ..Window::default()
            };
            self.rows.clear();
        }
        Ok(())
    }

    /// The selected interaction.
    pub fn selected(&self) -> Option<&HistoryItem> {
        self.rows.get(self.win.visible_index())
    }
}

/// What the follow-ups pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpMode {
    /// Overdue and due today, for everyone.
    Today,
    /// The shown customer's follow-ups.
    Customer,
}

/// How far the day's review is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Closed today (that were due by today), plus snoozed in this session.
    pub reviewed: usize,
    /// Still due.
    pub due: usize,
}

impl Progress {
    /// Everything there was to review today.
    pub fn total(self) -> usize {
        self.reviewed + self.due
    }
}

/// The follow-ups pane.
#[derive(Debug, Clone)]
pub struct FollowUpsPane {
    /// Queue or customer.
    pub mode: FollowUpMode,
    /// Selection and scroll.
    pub win: Window,
    /// The visible rows.
    pub rows: Vec<FollowUp>,
    /// Next ones after today (shown when the queue is empty).
    pub upcoming: Vec<FollowUp>,
    /// How many of the `win.total` rows are follow-ups; in the queue the rest are `extras`.
    pub due: usize,
    /// The queue's valuable customers going cold or without a next step, listed after the due
    /// follow-ups (set by the app from the measures; all of them, a short list).
    pub extras: Vec<ReviewExtra>,
    /// How many customers have no open follow-up (queue only; for the hint under it).
    pub without_next_step: usize,
    /// Whether `extras` holds the customers with no next step the queue offers when nothing
    /// is due and no valuable account needs a look (the morning after an import).
    pub planning: bool,
}

impl Default for FollowUpsPane {
    fn default() -> Self {
        FollowUpsPane {
            mode: FollowUpMode::Today,
            win: Window::default(),
            rows: Vec::new(),
            upcoming: Vec::new(),
            due: 0,
            extras: Vec::new(),
            without_next_step: 0,
            planning: false,
        }
    }
}

/// How many follow-ups a customer view lists.
const CUSTOMER_FOLLOW_UPS: usize = 200;

impl FollowUpsPane {
    /// Loads the visible window of the queue or of the customer's list.
    pub fn load(
        &mut self,
        store: &Store,
        today: NaiveDate,
        customer: Option<CustomerId>,
    ) -> Result<()> {
        match self.mode {
            FollowUpMode::Today => {
                self.due = store.count_due(today)?;
                self.without_next_step = store.count_without_next_step()?;
                self.win.total = self.due + self.extras.len();
                self.win.clamp();
                self.rows = store
                    .follow_ups_due(today, self.win.offset, self.win.height)?
                    .into_iter()
                    .map(|q| q.follow_up)
                    .collect();
                self.upcoming = if self.due == 0 {
                    store.follow_ups_upcoming(today, 5)?
                } else {
                    Vec::new()
                };
            }
            FollowUpMode::Customer => {
                let all = match customer {
                    Some(id) => store.customer_follow_ups(id, CUSTOMER_FOLLOW_UPS)?,
                    None => Vec::new(),
                };
                self.win.total = all.len();
                self.due = all.len();
                self.win.clamp();
                self.rows = all
                    .into_iter()
                    .skip(self.win.offset)
                    .take(self.win.height)
                    .collect();
                self.upcoming.clear();
            }
        }
        Ok(())
    }

    /// The selected follow-up (none when an extra is selected).
    pub fn selected(&self) -> Option<&FollowUp> {
        if self.win.selected >= self.due {
            return None;
        }
        self.rows.get(self.win.visible_index())
    }

    /// The selected review extra (queue only).
    pub fn selected_extra(&self) -> Option<&ReviewExtra> {
        if self.mode != FollowUpMode::Today {
            return None;
        }
        self.extras.get(self.win.selected.checked_sub(self.due)?)
    }

    /// The customer of the selected row: a follow-up's or an extra's.
    pub fn selected_customer(&self) -> Option<CustomerId> {
        self.selected()
            .map(|f| f.customer_id)
            .or_else(|| self.selected_extra().map(|e| e.account))
    }

    /// The extras inside the visible window (after the visible follow-ups).
    pub fn visible_extras(&self) -> &[ReviewExtra] {
        if self.mode != FollowUpMode::Today {
            return &[];
        }
        let end = (self.win.offset + self.win.height).min(self.win.total);
        let from = self.win.offset.max(self.due) - self.due;
        let to = end.saturating_sub(self.due).min(self.extras.len());
        self.extras.get(from..to.max(from)).unwrap_or(&[])
    }
}

/// The header of the shown customer.
#[derive(Debug, Clone)]
pub struct Header {
    /// The profile.
    pub customer: Customer,
    /// Their deals.
    pub deals: Vec<Deal>,
    /// An organization's first people by name (a few: the header names them on one line).
    pub people: Vec<String>,
    /// How many people the organization has.
    pub people_total: usize,
}

/// How many of an organization's people the header names.
const PEOPLE_NAMED: usize = 3;

impl Header {
    /// Loads a customer's profile and deals, and an organization's first people with how
    /// many it has (one query). The last contact is the profile's: an organization's is of
    /// it or its people, as its history shows.
    pub fn load(store: &Store, id: CustomerId) -> Result<Header> {
        let customer = store.customer(id)?;
        let (people, people_total) = if customer.kind == crate::domain::CustomerKind::Org {
            store.org_people(id, PEOPLE_NAMED)?
        } else {
            (Vec::new(), 0)
        };
        Ok(Header {
            customer,
            deals: store.customer_deals(id)?,
            people,
            people_total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_scrolls_to_keep_selection_visible() {
        let mut w = Window {
            total: 100,
            selected: 0,
            offset: 0,
            height: 10,
        };
        w.move_by(12);
        assert_eq!((w.selected, w.offset), (12, 3));
        w.move_by(-5);
        assert_eq!((w.selected, w.offset), (7, 3));
        w.move_by(-100);
        assert_eq!((w.selected, w.offset), (0, 0));
        w.move_by(1000);
        assert_eq!((w.selected, w.offset), (99, 90));
        w.total = 5;
        w.clamp();
        assert_eq!((w.selected, w.offset), (4, 0));
    }
}
