//! The one verb grammar shared by the CLI and the TUI palette: text or flags become a
//! [`Command`], customer references resolve without guessing, and one executor runs it.

pub mod contact;
mod edit;
pub mod execute;
mod grammar;
mod resolve;

pub use execute::{Outcome, execute, resolve_one};
pub use grammar::{PALETTE_HELP, is_edit_keyword, is_keyword, is_lone_option, parse, words};
pub use resolve::{Resolution, not_found, resolve, suggest};

use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::Serialize;

use crate::domain::{
    CustomerId, CustomerKind, DealId, Direction, FollowUpId, InteractionKind, Money, Repeat, Stage,
};
use crate::store::{Candidate, StoreError};

/// What "now" is for a command: injected, never read inside the executor.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The user's today (`ROLO_TODAY` overrides it).
    pub today: NaiveDate,
    /// Now, to the nanosecond: read once per command (the TUI reads it again at each key,
    /// [`Context::read_clock`]), so everything one change stamps, seconds and nanoseconds
    /// alike, is this one instant.
    pub now: DateTime<Utc>,
    /// First day of the week, for "next week".
    pub week_start: Weekday,
    /// The currency a bare amount is in.
    pub currency: crate::domain::Currency,
}

impl Context {
    /// Today from `ROLO_TODAY` (YYYY-MM-DD) or the local clock; now keeps the wall-clock time
    /// of day on that date so ordering of entries stays natural.
    pub fn from_env(
        week_start: Weekday,
        currency: crate::domain::Currency,
    ) -> Result<Self, String> {
        let (today, now) = clock()?;
        Ok(Context {
            today,
            now,
            week_start,
            currency,
        })
    }

    /// Reads the clock again (a screen left open: what is done now is stamped now, and
    /// after midnight today is the new day); true when the day changed.
    pub fn read_clock(&mut self) -> bool {
        let Ok((today, now)) = clock() else {
            return false;
        };
        self.now = now;
        let new_day = today != self.today;
        self.today = today;
        new_day
    }

    /// Now, as unix seconds (what most columns keep).
    #[must_use]
    pub fn secs(&self) -> i64 {
        self.now.timestamp()
    }

    /// The unix time of an interaction on `day` (at `time`, or now if `day` is today, else noon).
    pub fn at(&self, day: NaiveDate, time: Option<NaiveTime>) -> i64 {
        match time {
            Some(t) => local_timestamp(day, Some(t)),
            None if day == self.today => self.secs(),
            None => local_timestamp(day, NaiveTime::from_hms_opt(12, 0, 0)),
        }
    }
}

/// Today (`ROLO_TODAY`, or the local date) and now (the wall-clock time of day on that
/// date, so entries keep their natural order), read from one reading of the clock.
fn clock() -> Result<(NaiveDate, DateTime<Utc>), String> {
    let wall = Local::now();
    let today = match std::env::var("ROLO_TODAY") {
        Ok(s) if !s.trim().is_empty() => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| format!("ROLO_TODAY=`{s}` is not a date; use YYYY-MM-DD"))?,
        _ => wall.date_naive(),
    };
    Ok((today, local_instant(today, Some(wall.time()))))
}

/// Unix seconds of a local date and time (the earlier one when a clock change makes it ambiguous).
pub fn local_timestamp(day: NaiveDate, time: Option<NaiveTime>) -> i64 {
    local_instant(day, time).timestamp()
}

/// The instant of a local date and time, to the nanosecond (the earlier one when a clock
/// change makes it ambiguous).
pub fn local_instant(day: NaiveDate, time: Option<NaiveTime>) -> DateTime<Utc> {
    let naive = day.and_time(time.unwrap_or_default());
    match Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => naive.and_utc(),
    }
}

/// The local calendar day of a stored UTC timestamp.
pub fn local_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// Who a command is about: an id, or words to resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CustomerRef {
    /// `#12`.
    Id(CustomerId),
    /// Name words, an email or a phone, resolved by [`resolve`].
    Text(String),
}

impl CustomerRef {
    /// Reads `#12` as an id, anything else as text.
    pub fn parse(s: &str) -> CustomerRef {
        let t = s.trim();
        match t.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) => CustomerRef::Id(CustomerId(n)),
            None => CustomerRef::Text(t.to_string()),
        }
    }
}

impl std::fmt::Display for CustomerRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CustomerRef::Id(id) => write!(f, "{id}"),
            CustomerRef::Text(t) => f.write_str(t),
        }
    }
}

/// A new customer, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddSpec {
    /// Person or organization.
    pub kind: CustomerKind,
    /// Name.
    pub name: String,
    /// Organization name (created when missing).
    pub org: Option<String>,
    /// Emails.
    pub emails: Vec<String>,
    /// Phones.
    pub phones: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Cadence in days.
    pub cadence_days: Option<u32>,
    /// Job title.
    pub title: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Needs.
    pub needs: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
}

/// Changes to a customer, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditSpec {
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<CustomerKind>,
    /// New organization name (`Some("")` removes it).
    pub org: Option<String>,
    /// Replace the first email.
    pub email: Option<String>,
    /// Replace the first phone.
    pub phone: Option<String>,
    /// Add emails.
    pub add_emails: Vec<String>,
    /// Add phones.
    pub add_phones: Vec<String>,
    /// Web and IM addresses to add, and the label of what is added.
    pub more: Box<ContactsEdit>,
    /// Remove contact points of any kind, matched to what the customer has (normalized; an IM address with or without its scheme).
    pub remove: Vec<String>,
    /// Add tags.
    pub tags: Vec<String>,
    /// Remove tags.
    pub untags: Vec<String>,
    /// Cadence (`Some(None)` removes it).
    pub cadence_days: Option<Option<u32>>,
    /// Title (`Some("")` clears).
    pub title: Option<String>,
    /// Address (`Some("")` clears).
    pub address: Option<String>,
    /// Notes (replace).
    pub notes: Option<String>,
    /// Needs (replace).
    pub needs: Option<String>,
    /// Owner (`Some("")` clears).
    pub owner: Option<String>,
    /// Birthday (`Some(None)` removes it).
    pub birthday: Option<Option<NaiveDate>>,
    /// The name's parts to set, each checked to be in the name (an import that split it
    /// wrongly is corrected here; the vCard export's `N` follows).
    pub name_parts: Box<NamePartsEdit>,
    /// The address's label (`work`, `home`, one of the user's; `Some("")` removes it): the
    /// vCard export's `ADR;TYPE`.
    pub address_label: Option<String>,
}

/// The contact points an edit adds beside emails and phones, and the label of all it adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactsEdit {
    /// Add web addresses.
    pub add_urls: Vec<String>,
    /// Add addresses of instant messaging (`skype:anna.k`, or the address with `service`).
    pub add_ims: Vec<String>,
    /// The service of the IM addresses added (`Skype`, `QQ`).
    pub service: Option<String>,
    /// The label of every contact point added (`work`, `home`, one of the user's).
    pub label: Option<String>,
    /// Contact points of any kind as typed in the edit form, each with its own label
    /// (`skype:anna.k (work)`, `acme.pl`): the kind is read from the value.
    pub typed: Vec<String>,
}

/// Changes to a name's parts, as typed; `None` leaves a part as it is, `Some("")` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamePartsEdit {
    /// Given (first) names.
    pub given: Option<String>,
    /// Additional (middle) names.
    pub additional: Option<String>,
    /// Family name(s), all of them (`García López`).
    pub family: Option<String>,
    /// Honorific prefix (`Dr.`).
    pub prefix: Option<String>,
    /// Honorific suffix (`Jr.`).
    pub suffix: Option<String>,
}

impl NamePartsEdit {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == NamePartsEdit::default()
    }
}

/// A next step set together with a logged interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// When.
    pub due: NaiveDate,
    /// Optional time.
    pub time: Option<NaiveTime>,
    /// What to do; `None` means "Follow up: <summary>".
    pub what: Option<String>,
}

/// An interaction to log, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSpec {
    /// With whom.
    pub who: CustomerRef,
    /// Call, email, ...
    pub kind: InteractionKind,
    /// One line.
    pub summary: String,
    /// Longer notes.
    pub notes: Option<String>,
    /// In or out.
    pub direction: Direction,
    /// The day it happened (default today).
    pub day: Option<NaiveDate>,
    /// The time it happened.
    pub time: Option<NaiveTime>,
    /// Minutes spent.
    pub minutes: Option<u32>,
    /// Satisfaction 1-5.
    pub rating: Option<u8>,
    /// About this deal.
    pub deal: Option<DealId>,
    /// A follow-up to set.
    pub next: Option<NextStep>,
}

/// A deal to add, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealSpec {
    /// With whom.
    pub who: CustomerRef,
    /// What.
    pub title: String,
    /// Value.
    pub value: Money,
    /// Stage.
    pub stage: Stage,
    /// Probability (default by stage).
    pub probability: Option<u8>,
    /// Expected close.
    pub close: Option<NaiveDate>,
}

/// Everything a user can do to the data, from the CLI or the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Add a customer.
    Add(AddSpec),
    /// Change a customer's profile.
    Edit {
        /// Whom.
        who: CustomerRef,
        /// What.
        spec: EditSpec,
    },
    /// Log an interaction (and maybe set the next step).
    Log(LogSpec),
    /// Set a follow-up.
    Follow {
        /// For whom.
        who: CustomerRef,
        /// When.
        due: NaiveDate,
        /// Optional time.
        time: Option<NaiveTime>,
        /// What.
        what: String,
        /// Repetition.
        every: Option<Repeat>,
    },
    /// Mark a follow-up done.
    Done(FollowUpId),
    /// Cancel a follow-up.
    Cancel(FollowUpId),
    /// Snooze a follow-up to a day (counts as a snooze).
    Snooze(FollowUpId, NaiveDate),
    /// Move a follow-up to a day (not a snooze: the plan changed).
    Reschedule(FollowUpId, NaiveDate),
    /// Add a deal.
    Deal(DealSpec),
    /// Move a deal to a stage.
    DealStage {
        /// Which deal.
        id: DealId,
        /// To which stage.
        stage: Stage,
        /// New probability.
        probability: Option<u8>,
    },
    /// Undo the last change; with `change`, only if that is still the last one (what the
    /// screen named: another process may have made a newer one since).
    Undo {
        /// The change's id, as the journal has it.
        change: Option<i64>,
    },
    /// Open a customer (TUI only; the CLI's `show` prints instead).
    Show(CustomerRef),
}

impl Command {
    /// The customer reference the command needs resolved, if any.
    pub fn customer_ref(&self) -> Option<&CustomerRef> {
        match self {
            Command::Edit { who, .. } | Command::Follow { who, .. } | Command::Show(who) => {
                Some(who)
            }
            Command::Log(l) => Some(&l.who),
            Command::Deal(d) => Some(&d.who),
            _ => None,
        }
    }

    /// Replaces the customer reference (after the user picked one of several).
    pub fn with_customer(mut self, id: CustomerId) -> Command {
        match &mut self {
            Command::Edit { who, .. } | Command::Follow { who, .. } | Command::Show(who) => {
                *who = CustomerRef::Id(id);
            }
            Command::Log(l) => l.who = CustomerRef::Id(id),
            Command::Deal(d) => d.who = CustomerRef::Id(id),
            _ => {}
        }
        self
    }
}

/// Why a command did not run. Nothing was changed in every case.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The text or flags could not be read.
    #[error("{0}")]
    Usage(String),
    /// Several customers match; the user must choose.
    #[error("`{query}` matches {total} customers; pick one by #id or more of the name")]
    Ambiguous {
        /// What was typed.
        query: String,
        /// The first candidates.
        candidates: Vec<Candidate>,
        /// How many match in all.
        total: usize,
    },
    /// No customer matches.
    #[error("no customer matches `{query}`{}", did_you_mean(.suggestions))]
    NotFound {
        /// What was typed.
        query: String,
        /// Close names.
        suggestions: Vec<Candidate>,
    },
    /// The data refused the change (e.g. a follow-up already done).
    #[error("{0}")]
    Rejected(String),
    /// The database failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(m) | StoreError::NotFound(m) => CommandError::Rejected(m),
            e @ (StoreError::TooLong { .. } | StoreError::PastLimit { .. }) => {
                CommandError::Rejected(e.to_string())
            }
            other => CommandError::Store(other),
        }
    }
}

impl CommandError {
    /// The process exit code: 2 for what the user typed, 1 for failures.
    pub fn exit_code(&self) -> i32 {
        match self {
            CommandError::Store(_) => 1,
            _ => 2,
        }
    }
}

fn did_you_mean(s: &[Candidate]) -> String {
    if s.is_empty() {
        return String::new();
    }
    let names: Vec<String> = s.iter().map(suggested).collect();
    format!("; did you mean {}?", names.join(", "))
}

/// A suggested customer as an error names it: `` `Anna Kowalska` ``, or with the other name
/// it was found by, `` `Anna Kowalska` (#1, also known as Anna Nowak) ``.
pub fn suggested(c: &Candidate) -> String {
    use crate::domain::text::sanitize;
    match &c.aka {
        Some(aka) => format!(
            "`{}` ({}, also known as {})",
            sanitize(&c.name),
            c.id,
            sanitize(aka)
        ),
        None => format!("`{}`", sanitize(&c.name)),
    }
}
