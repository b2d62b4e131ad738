//! The TUI's state and `update`: actions change state, run commands, and reload what
//! the panes show. No terminal here: tests drive it with keys and actions alone.

mod keys;
mod measures;
mod run;
mod select;

use chrono::Days;
use ratatui::layout::Rect;

use super::action::Action;
use super::form::Form;
use super::keymap::Keymap;
use super::measures::{Dashboard, Measures, config_from};
use super::palette::NameIndex;
use super::pane::{
    CustomersPane, FollowUpMode, FollowUpsPane, Header, HistoryPane, Pane, Progress, Screen,
};
use super::popup::{DatePrompt, EditorTarget, External, ImportPrompt, Popup, Search};
use super::theme::Theme;
use super::view::layout::{areas, list_rows};
use crate::command::{Command, Context, local_timestamp};
use crate::domain::CustomerId;
use crate::domain::text::sanitize;
use crate::store::{CustomerSort, Store};

/// Said when an undo the palette named is no longer the newest change (another process made
/// one since): the preview names the newer one, and Enter waits to be pressed again.
const NEWER_CHANGE: &str =
    "A newer change came in; the preview names it now: Enter undoes it, Esc keeps it";

/// How a status message looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral.
    Info,
    /// Something was saved.
    Ok,
    /// Something failed; nothing changed.
    Error,
}

/// The whole TUI state.
pub struct App {
    /// The database.
    pub store: Store,
    /// Today and now.
    pub ctx: Context,
    /// Keys.
    pub keymap: Keymap,
    /// Styles.
    pub theme: Theme,
    /// The focused pane.
    pub focus: Pane,
    /// Terminal size.
    pub size: Rect,
    /// Customer list.
    pub customers: CustomersPane,
    /// History of the shown customer.
    pub history: HistoryPane,
    /// Review queue or the customer's follow-ups.
    pub follow_ups: FollowUpsPane,
    /// The shown customer's header.
    pub header: Option<Header>,
    /// The open popup.
    pub popup: Option<Popup>,
    /// The status bar message.
    pub status: Option<(String, Tone)>,
    /// Today's review progress.
    pub progress: Progress,
    /// Follow-ups snoozed from the queue in this session (they count as reviewed).
    pub snoozed: usize,
    /// No customers yet: the first-run screen.
    pub empty: bool,
    /// Earlier palette lines.
    pub palette_history: Vec<String>,
    /// The palette's fuzzy index, loaded when the palette first opens.
    pub index: Option<NameIndex>,
    /// Set when the user quits.
    pub quit: bool,
    /// Work for the loop (editor, subprocess).
    pub external: Option<External>,
    /// Main screen or dashboard.
    pub screen: Screen,
    /// Tiers and review extras, reloaded after data changes.
    pub measures: Measures,
    /// The dashboard's numbers while it is open.
    pub dashboard: Option<Dashboard>,
    /// Review extras seen in this session; those no longer listed count as reviewed.
    pub extras_seen: std::collections::BTreeSet<CustomerId>,
    /// An import running on its own thread (the import dialog shows its counts).
    pub importing: Option<run::Importing>,
    data_version: i64,
}

impl App {
    /// A new app on a store; loads the first screen (the review queue) for an 80x24 screen
    /// until the real size is known.
    pub fn new(store: Store, ctx: Context, keymap: Keymap, theme: Theme) -> App {
        let cfg = config_from(&ctx);
        App::with_insight(store, ctx, keymap, theme, cfg)
    }

    /// [`App::new`] with an insight configuration (tier window, cadences per tier, ...).
    pub fn with_insight(
        store: Store,
        ctx: Context,
        keymap: Keymap,
        theme: Theme,
        cfg: crate::insight::InsightConfig,
    ) -> App {
        let measures = Measures::new(cfg);
        let mut customers = CustomersPane::default();
        customers.filter.currency = Some(ctx.currency);
        let mut app = App {
            store,
            ctx,
            keymap,
            theme,
            focus: Pane::FollowUps,
            size: Rect::new(0, 0, 80, 24),
            customers,
            history: HistoryPane::default(),
            follow_ups: FollowUpsPane::default(),
            header: None,
            popup: None,
            status: None,
            progress: Progress::default(),
            snoozed: 0,
            empty: false,
            palette_history: Vec::new(),
            index: None,
            quit: false,
            external: None,
            screen: Screen::Main,
            measures,
            dashboard: None,
            extras_seen: std::collections::BTreeSet::new(),
            importing: None,
            data_version: 0,
        };
        app.apply_size();
        app.reload();
        app
    }

    /// Sets the terminal size and reloads the windows that changed height.
    pub fn resize(&mut self, width: u16, height: u16) {
        let size = Rect::new(0, 0, width, height);
        if size != self.size {
            self.size = size;
            self.apply_size();
            self.reload();
        }
    }

    fn apply_size(&mut self) {
        let a = areas(self.size);
        self.customers.win.height = list_rows(a.customers).max(1);
        self.history.win.height = list_rows(a.history).max(1);
        self.follow_ups.win.height = list_rows(a.follow_ups).max(1);
    }

    /// Shows a message in the status bar.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        let text = text.into();
        let first = text.lines().next().unwrap_or_default().to_string();
        self.status = Some((first, tone));
    }

    fn report<T>(&mut self, r: crate::store::Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.say(e.to_string(), Tone::Error);
                None
            }
        }
    }

    /// Reloads every pane from the database (after a write, or another process's).
    pub fn reload(&mut self) {
        if let Some(v) = self.report(self.store.data_version()) {
            self.data_version = v;
        }
        if let Some(e) = self.report(self.store.is_empty()) {
            self.empty = e;
        }
        // The row of the plan selected: a customer planned leaves it, and the one after
        // them is selected, for `n` to plan next.
        let plan_row = self
            .follow_ups
            .planning
            .then_some(self.follow_ups.win.selected);
        self.refresh_measures();
        // What each row won in the tiers' window: the window of today (a new day moves it).
        self.customers.filter.value_window = Some(crate::insight::value_window(
            self.ctx.today,
            &self.measures.cfg,
        ));
        // The plan is made again below, after the queue is read without it (its window
        // placed among what is due, should anything be).
        if self.follow_ups.planning {
            self.follow_ups.extras.clear();
            self.follow_ups.planning = false;
        }
        let r = self.customers.load(&self.store);
        self.report(r);
        let today = self.ctx.today;
        let r = self
            .follow_ups
            .load(&self.store, today, self.history.customer);
        self.report(r);
        self.load_plan();
        if let Some(row) = plan_row
            && self.follow_ups.planning
        {
            self.follow_ups.win.selected = row;
            self.follow_ups.win.clamp();
        }
        self.load_progress();
        if self.history.customer.is_none() {
            self.history.customer = self.implied_customer();
        }
        self.load_customer_views();
    }

    fn load_progress(&mut self) {
        let today = self.ctx.today;
        let start = local_timestamp(today, None);
        let end = local_timestamp(today + Days::new(1), None);
        let reviewed = self.store.count_reviewed(today, start, end);
        let due = self.store.count_due(today);
        if let (Some(r), Some(d)) = (self.report(reviewed), self.report(due)) {
            // Review extras count as one item each, reviewed once they leave the queue.
            let extras = &self.measures.extras;
            let gone = self
                .extras_seen
                .iter()
                .filter(|id| !extras.iter().any(|e| e.account == **id))
                .count();
            self.progress = Progress {
                reviewed: r + self.snoozed + gone,
                due: d + extras.len(),
            };
        }
    }

    /// The customer the focused selection points at.
    fn implied_customer(&self) -> Option<CustomerId> {
        match self.focus {
            Pane::FollowUps if self.follow_ups.mode == FollowUpMode::Today => self
                .follow_ups
                .selected_customer()
                .or(self.history.customer),
            Pane::Customers => self.customers.selected().map(|c| c.id),
            _ => self.history.customer,
        }
    }

    /// Loads header, history (and the customer's follow-ups) for `history.customer`.
    fn load_customer_views(&mut self) {
        let Some(id) = self.history.customer else {
            self.header = None;
            self.history.rows.clear();
            self.history.win.total = 0;
            return;
        };
        match Header::load(&self.store, id) {
            Ok(h) => self.header = Some(h),
            Err(crate::store::StoreError::NotFound(_)) => {
                // Deleted (e.g. an undone add): show nothing rather than an error.
                self.header = None;
                self.history.customer = None;
                self.history.rows.clear();
                self.history.win.total = 0;
                return;
            }
            Err(e) => self.say(e.to_string(), Tone::Error),
        }
        let r = self.history.load(&self.store);
        self.report(r);
        if self.follow_ups.mode == FollowUpMode::Customer {
            let today = self.ctx.today;
            let r = self.follow_ups.load(&self.store, today, Some(id));
            self.report(r);
        }
    }

    /// Shows a customer in header, history and follow-ups.
    pub fn show_customer(&mut self, id: CustomerId) {
        if self.history.customer != Some(id) {
            self.history.customer = Some(id);
            self.history.win.selected = 0;
            self.history.win.offset = 0;
        }
        self.load_customer_views();
    }

    /// After midnight (a screen left open): today's lists, what is due and overdue, and the
    /// measures, are read again for the new day.
    pub fn new_day(&mut self) {
        self.index = None;
        self.reload();
        self.say(
            format!(
                "A new day: {}; today's follow-ups are shown",
                self.ctx.today.format("%a %-d %b")
            ),
            Tone::Info,
        );
    }

    /// Checks `PRAGMA data_version`; reloads when another process wrote. Call every ~250 ms.
    pub fn tick(&mut self) {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.index = None;
                self.reload();
                self.say("The database changed elsewhere; reloaded", Tone::Info);
                // An open palette says what Enter does with the data as it is now (an undo
                // names the newest change): its preview is read again at once.
                if let Some(Popup::Palette(p)) = &mut self.popup {
                    let before = p.undoing();
                    p.stale = true;
                    self.idle();
                    if let Some(Popup::Palette(p)) = &self.popup
                        && let (Some(before), Some(now)) = (before, p.undoing())
                        && before != now
                    {
                        self.say(NEWER_CHANGE, Tone::Info);
                    }
                }
            }
            Ok(_) => {}
            Err(e) => self.say(e.to_string(), Tone::Error),
        }
    }

    /// Runs actions until none chains another.
    pub fn dispatch(&mut self, action: Action) {
        let mut next = Some(action);
        while let Some(a) = next {
            next = self.update(a);
        }
    }

    /// Applies one action; may return another to run next.
    pub fn update(&mut self, action: Action) -> Option<Action> {
        let action = if self.screen == Screen::Dashboard {
            self.dashboard_update(action)?
        } else {
            action
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Close => {
                if self.popup.take().is_none() && self.customers.filtered() {
                    // The customer selected stays selected in the whole list.
                    let kept = self.customers.selected().map(|c| c.id);
                    self.customers.clear_filter();
                    self.relist(kept);
                    self.say("Filter cleared", Tone::Info);
                }
            }
            Action::MoveDown => self.move_selection(1),
            Action::MoveUp => self.move_selection(-1),
            Action::MoveTop => self.move_selection(isize::MIN / 2),
            Action::MoveBottom => self.move_selection(isize::MAX / 2),
            Action::PageDown => self.move_selection(self.page()),
            Action::PageUp => self.move_selection(-self.page()),
            Action::NextPane => self.focus_pane(self.focus.next()),
            Action::PrevPane => self.focus_pane(self.focus.prev()),
            Action::Open => self.open(),
            Action::Palette => self.open_palette(""),
            Action::Search => self.popup = Some(Popup::Search(Search::default())),
            Action::FilterCustomers => {
                let current = self.customers.filter.name.clone().unwrap_or_default();
                self.focus = Pane::Customers;
                self.popup = Some(Popup::Filter(super::input::LineInput::with(&current)));
            }
            Action::CycleSort => {
                // The customer selected stays selected, where the new order puts them, so the
                // list and the header (and what a key acts on) keep agreeing.
                let kept = self.customers.selected().map(|c| c.id);
                self.customers.sort = match self.customers.sort {
                    CustomerSort::Name => CustomerSort::LastContact,
                    CustomerSort::LastContact => CustomerSort::Oldest,
                    CustomerSort::Oldest => CustomerSort::Value,
                    CustomerSort::Value => CustomerSort::NextDue,
                    CustomerSort::NextDue => CustomerSort::Name,
                };
                self.relist(kept);
                let label = self.customers.sort_label();
                self.say(format!("Customers by {label}"), Tone::Info);
            }
            Action::Today => {
                self.follow_ups.mode = FollowUpMode::Today;
                self.follow_ups.win.selected = 0;
                self.focus = Pane::FollowUps;
                self.reload();
                self.sync_from_queue();
            }
            Action::Done | Action::CancelFollowUp => {
                if self.not_a_follow_up() {
                    return None;
                }
                if let Some(f) = self.follow_ups.selected().cloned() {
                    let cmd = if action == Action::Done {
                        Command::Done(f.id)
                    } else {
                        Command::Cancel(f.id)
                    };
                    self.run(&cmd);
                } else {
                    self.say(
                        "No follow-up selected (Tab to the follow-ups pane)",
                        Tone::Error,
                    );
                }
            }
            Action::Snooze | Action::Reschedule if self.not_a_follow_up() => {}
            Action::Snooze | Action::Reschedule => match self.follow_ups.selected() {
                Some(f) if f.status == crate::domain::FollowUpStatus::Open => {
                    self.popup = Some(Popup::Date(DatePrompt {
                        snooze: action == Action::Snooze,
                        id: f.id,
                        what: format!("{} — {}", sanitize(&f.customer_name), sanitize(&f.what)),
                        input: super::input::LineInput::default(),
                        from_queue: self.follow_ups.mode == FollowUpMode::Today
                            && f.due_date <= self.ctx.today,
                    }));
                }
                Some(_) => self.say("That follow-up is closed already", Tone::Error),
                None => self.say("No follow-up selected", Tone::Error),
            },
            Action::LogInteraction | Action::AddFollowUp => match self.current_customer() {
                Some(id) => {
                    let who = self.reference(id);
                    let line = if action == Action::LogInteraction {
                        format!("call {who}: ")
                    } else {
                        format!("follow {who} ")
                    };
                    self.open_palette(&line);
                }
                None => self.open_palette(if action == Action::LogInteraction {
                    "call "
                } else {
                    "follow "
                }),
            },
            Action::AddCustomer => self.popup = Some(Popup::Form(Form::add_customer())),
            Action::EditCustomer | Action::AddDeal | Action::EditNotes => {
                let Some(id) = self.current_customer() else {
                    self.say("Select a customer first", Tone::Error);
                    return None;
                };
                let c = self.report(self.store.customer(id))?;
                match action {
                    Action::EditCustomer => self.popup = Some(Popup::Form(Form::edit_customer(&c))),
                    Action::AddDeal => self.popup = Some(Popup::Form(Form::add_deal(id, &c.name))),
                    _ => {
                        self.external = Some(External::Editor {
                            text: c.notes,
                            target: EditorTarget::CustomerNotes(id),
                        });
                    }
                }
            }
            Action::Undo => self.undo(),
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::Refresh => {
                self.index = None;
                self.reload();
                self.say("Reloaded", Tone::Info);
            }
            Action::LoadDemo => {
                self.external = Some(External::Run {
                    args: vec!["demo".into()],
                    what: "Loading the demo data".into(),
                });
            }
            Action::Import => self.popup = Some(Popup::Import(ImportPrompt::default())),
            Action::Dashboard => self.open_dashboard(),
        }
        None
    }
}
