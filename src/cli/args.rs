//! clap definitions of every verb, and their translation into shared [`Command`]s.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::InteractionKind;

/// rolo — a terminal CRM for salespeople who live in the keyboard.
///
/// With no verb, opens the interactive review screen.
#[derive(Debug, Parser)]
#[command(name = "rolo", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    /// The database file [default: your data directory's rolo/rolo.db]
    #[arg(long, global = true, env = "ROLO_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print JSON instead of tables (for scripts)
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do
    #[command(subcommand)]
    pub verb: Option<Verb>,
}

// One line per topic: clap wraps each to the terminal's width (a line broken here too
// would come out ragged at 80 columns).
const AFTER_HELP: &str = concat!(
    "Customers are named by words of their name (prefixes, any order, accents ignored), an ",
    "email, a phone number, or #id. An ambiguous name lists the candidates; nothing is saved.\n",
    "Days: today, tomorrow, yesterday, fri, +3d, +2w, +1m, in 3 days, next week, 1 dec, ",
    "2026-12-01.\n",
    "Exit codes: 0 ok, 2 usage error or ambiguous/unknown customer, 1 other failure.\n",
    "ROLO_TODAY=YYYY-MM-DD overrides today (tests, demos, scripts)."
);

/// Interaction kinds on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// A phone or video call
    Call,
    /// An email
    Email,
    /// A meeting
    Meeting,
    /// A chat or text message
    Message,
    /// A visit at their place
    Visit,
    /// A note to self (not a contact)
    Note,
}

impl From<KindArg> for InteractionKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Call => InteractionKind::Call,
            KindArg::Email => InteractionKind::Email,
            KindArg::Meeting => InteractionKind::Meeting,
            KindArg::Message => InteractionKind::Message,
            KindArg::Visit => InteractionKind::Visit,
            KindArg::Note => InteractionKind::Note,
        }
    }
}

/// Customer list orders.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum SortArg {
    /// By name
    #[default]
    Name,
    /// Most recent contact first
    Last,
    /// Longest without contact first
    Oldest,
    /// Most valuable first, as the value tiers rank: by the won value of the customer's
    /// account (an organization with its people) in the tier window, the last 12 months, in
    /// your currency; an organization, then its people by what each won; then the all-time
    /// won value. The WON 12MO column is what each row won: an organization with its people,
    /// a person their own deals (— for nothing in the 12 months)
    Value,
    /// Earliest next follow-up first
    Next,
    /// Riskiest accounts first (value tier, going cold, falling satisfaction, stuck deals)
    Risk,
}

/// Shells for completions.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShellArg {
    /// bash
    Bash,
    /// zsh
    Zsh,
    /// fish
    Fish,
    /// elvish
    Elvish,
    /// PowerShell
    Powershell,
}

/// Which customers: the filters `list` and `export` share.
#[derive(Debug, Args, Default)]
pub struct ChooseArgs {
    /// Only customers with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only people of this organization
    #[arg(long)]
    pub org: Option<String>,
    /// Only names matching these words
    #[arg(long)]
    pub name: Option<String>,
    /// Only this kind: person or org
    #[arg(long)]
    pub kind: Option<String>,
    /// Only customers of this value tier: A, B or C
    #[arg(long)]
    pub tier: Option<String>,
    /// Only customers with no next step (no open follow-up; an organization: none of its people either)
    #[arg(long)]
    pub no_next_step: bool,
}

impl ChooseArgs {
    /// The filters as `rolo list` checks them; `due`: only customers with a follow-up due.
    pub fn choose(&self, due: bool) -> super::print::Choose<'_> {
        super::print::Choose {
            tag: self.tag.as_deref(),
            org: self.org.as_deref(),
            name: self.name.as_deref(),
            kind: self.kind.as_deref(),
            due,
            tier: self.tier.as_deref(),
            no_next_step: self.no_next_step,
        }
    }
}

/// Profile fields shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct ProfileArgs {
    /// Job title or role
    #[arg(long)]
    pub title: Option<String>,
    /// Postal address (a changed one has no label, work or home, until `edit --address-label` gives one)
    #[arg(long)]
    pub address: Option<String>,
    /// Free notes
    #[arg(long)]
    pub notes: Option<String>,
    /// What they need and prefer
    #[arg(long)]
    pub needs: Option<String>,
    /// Who handles them
    #[arg(long)]
    pub owner: Option<String>,
    /// Birthday with its year: 1980-05-14, 14 May 1980, 14.05.1980 (edit: "" or none removes it)
    #[arg(long)]
    pub birthday: Option<String>,
}

/// The contact points `rolo edit` adds beside emails and phones, and their label.
/// (Its docs are `--help`'s text, read in a terminal: no Markdown.)
#[allow(clippy::doc_markdown)]
#[derive(Debug, Args, Default)]
pub struct ContactArgs {
    /// Add a web address: https://acme.pl, linkedin.com/in/anna
    #[arg(long, value_name = "URL")]
    pub add_url: Vec<String>,
    /// Add an IM address: skype:anna.k, or anna.k with --service Skype
    #[arg(long, value_name = "ADDRESS")]
    pub add_im: Vec<String>,
    /// The service of the IM addresses added: Skype, Jabber, QQ, WhatsApp...
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// Label what --add-email/--add-phone/--add-url/--add-im add: work, home, or your own
    #[arg(long)]
    pub label: Option<String>,
}

/// The parts of a name and the address's label, as `edit` corrects them (an import that
/// split a name wrongly, or labelled an address home that is work); the vCard export
/// follows. Each part must be words of the name as written; "" clears one.
#[derive(Debug, Args, Default)]
pub struct PartsArgs {
    /// Given (first) names, as the name writes them: --given "María José"
    #[arg(long, alias = "first")]
    pub given: Option<String>,
    /// Middle names (vCard's additional names)
    #[arg(long)]
    pub middle: Option<String>,
    /// Family name, all of it: --family "García López"
    #[arg(long, alias = "last")]
    pub family: Option<String>,
    /// Honorific prefix (Dr., Prof.)
    #[arg(long)]
    pub name_prefix: Option<String>,
    /// Honorific suffix (Jr., Sr.)
    #[arg(long)]
    pub name_suffix: Option<String>,
    /// The address's label: work, home, or your own ("" removes it)
    #[arg(long)]
    pub address_label: Option<String>,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// Add a customer (a person, or an organization with --kind org)
    Add {
        /// Full name
        name: String,
        /// person or org
        #[arg(long, default_value = "person")]
        kind: String,
        /// Organization the person belongs to (created if new)
        #[arg(long)]
        org: Option<String>,
        /// Email address (repeat for several)
        #[arg(long)]
        email: Vec<String>,
        /// Phone number (repeat for several)
        #[arg(long)]
        phone: Vec<String>,
        /// Tag (repeat for several)
        #[arg(long)]
        tag: Vec<String>,
        /// How often they should hear from you: 14d, 2w, 1m
        #[arg(long)]
        cadence: Option<String>,
        #[command(flatten)]
        profile: ProfileArgs,
    },
    /// Change a customer's profile
    Edit {
        /// Who
        who: String,
        /// New name
        #[arg(long)]
        name: Option<String>,
        /// person or org
        #[arg(long)]
        kind: Option<String>,
        /// Organization ("" to remove)
        #[arg(long)]
        org: Option<String>,
        /// Replace the main email
        #[arg(long)]
        email: Option<String>,
        /// Replace the main phone
        #[arg(long)]
        phone: Option<String>,
        /// Add another email
        #[arg(long)]
        add_email: Vec<String>,
        /// Add another phone
        #[arg(long)]
        add_phone: Vec<String>,
        #[command(flatten)]
        more: Box<ContactArgs>,
        /// Remove a contact point of any kind: an email, phone, web or IM address (an IM one with or without its scheme)
        #[arg(long)]
        remove: Vec<String>,
        /// Add a tag
        #[arg(long)]
        tag: Vec<String>,
        /// Remove a tag
        #[arg(long)]
        untag: Vec<String>,
        /// Contact cadence: 14d, 2w, 1m, or "none"
        #[arg(long)]
        cadence: Option<String>,
        #[command(flatten)]
        profile: ProfileArgs,
        #[command(flatten)]
        parts: Box<PartsArgs>,
    },
    /// Log an interaction: rolo log "anna kow" call "Pricing ok" --next fri "Send demo"
    Log {
        /// Who
        who: String,
        /// What kind of contact
        kind: KindArg,
        /// What happened, in a line
        summary: String,
        /// Longer notes
        #[arg(long)]
        notes: Option<String>,
        /// They reached out to us
        #[arg(long)]
        inbound: bool,
        /// When it happened (default today): yesterday, fri, 2026-11-20
        #[arg(long)]
        at: Option<String>,
        /// Time it happened: 14:30, 2pm
        #[arg(long)]
        time: Option<String>,
        /// Minutes spent: 20, 1h30 (at most a day: 1440, 24h)
        #[arg(long)]
        minutes: Option<String>,
        /// Satisfaction 1-5
        #[arg(long)]
        rating: Option<i64>,
        /// The deal it was about (id)
        #[arg(long)]
        deal: Option<i64>,
        /// Set the next step: --next fri [WHAT]
        #[arg(long, num_args = 1..=2, value_names = ["DAY", "WHAT"])]
        next: Vec<String>,
    },
    /// Set a follow-up: rolo follow "anna kow" tomorrow "Call about the contract"
    Follow {
        /// Who
        who: String,
        /// When: tomorrow, fri, +1w, 1 dec
        when: String,
        /// What to do
        what: String,
        /// Repeat: 4w, 10d, 1m, monthly
        #[arg(long)]
        every: Option<String>,
        /// Time of day: 14:30
        #[arg(long)]
        time: Option<String>,
    },
    /// The daily review: overdue follow-ups first, then today's
    Today {
        /// At most this many lines
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Open follow-ups coming up after today
    Upcoming {
        /// At most this many lines
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
    /// Mark follow-ups done (a repeating one schedules its next)
    Done {
        /// Follow-up ids
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Cancel a follow-up
    Cancel {
        /// Follow-up id
        id: i64,
    },
    /// Snooze a follow-up: rolo snooze 4 +1w
    Snooze {
        /// Follow-up id
        id: i64,
        /// To when: tomorrow, +3d, +1w, mon
        when: String,
    },
    /// Move a follow-up to another day (not counted as a snooze)
    Reschedule {
        /// Follow-up id
        id: i64,
        /// To when
        when: String,
    },
    /// Add a deal: rolo deal "anna kow" "Fleet renewal" 12500.00 PLN --stage proposal
    Deal {
        /// Who
        who: String,
        /// What the deal is
        title: String,
        /// Value: 12500, 12500.00, "12 500,50" (at most 10^15 minor units:
        /// 10 000 000 000 000.00 in a currency of cents)
        amount: String,
        /// Currency (default from config)
        currency: Option<String>,
        /// lead, qualified, proposal, negotiation, won, lost
        #[arg(long, default_value = "lead")]
        stage: String,
        /// Probability in percent (default by stage)
        #[arg(long)]
        prob: Option<i64>,
        /// Expected close: 2027-01-31, +2m, 1 feb
        #[arg(long)]
        close: Option<String>,
    },
    /// Move a deal to a stage: rolo deal-stage 1 won
    DealStage {
        /// Deal id
        id: i64,
        /// lead, qualified, proposal, negotiation, won, lost
        stage: String,
        /// New probability in percent
        #[arg(long)]
        prob: Option<i64>,
    },
    /// A customer's whole file: profile, contact points, history, follow-ups, deals
    Show {
        /// Who (several words need no quotes)
        #[arg(required = true, num_args = 1..)]
        who: Vec<String>,
        /// How many interactions to show
        #[arg(long, default_value_t = 20)]
        history: usize,
    },
    /// List customers
    List {
        #[command(flatten)]
        choose: ChooseArgs,
        /// Only customers with a follow-up due today or earlier
        #[arg(long)]
        due: bool,
        /// Only accounts going cold (longer without contact than their rhythm), riskiest first
        #[arg(long)]
        cold: bool,
        /// Order
        #[arg(long, value_enum, default_value_t = SortArg::Name)]
        sort: SortArg,
        /// At most this many
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Skip this many
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Measures: your scorecard against the previous period, value tiers, top accounts,
    /// who is at risk and why, and the weighted forecast
    Report {
        /// week, month or quarter (ending today)
        #[arg(long, default_value = "month")]
        period: String,
    },
    /// Full-text search over names, profiles and interaction notes
    Search {
        /// Words to find
        #[arg(required = true)]
        words: Vec<String>,
        /// At most this many hits
        #[arg(long, default_value_t = 30)]
        limit: usize,
    },
    /// Undo the last change (again for the one before); --list shows the journal
    Undo {
        /// List recent changes instead
        #[arg(long)]
        list: bool,
    },
    /// Run one palette line: rolo do 'call anna kow "pricing ok" next fri'
    Do {
        /// The palette text (quote it for the shell)
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Fill the database with realistic demo data
    Demo {
        /// How many customers
        #[arg(long, default_value_t = 200)]
        customers: usize,
        /// Random seed (same seed, same data)
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Replace existing data
        #[arg(long)]
        force: bool,
    },
    /// Show the configuration (or its path)
    Config {
        /// Print only the config file's path
        #[arg(long)]
        path: bool,
    },
    /// Copy the whole database to a new file (safe while rolo runs)
    Backup {
        /// Destination file
        file: PathBuf,
    },
    /// Check the database and rebuild what is derived from it (search, last contact, measures)
    Doctor,
    /// Shell completions: rolo completions bash > ~/.local/share/bash-completion/completions/rolo
    Completions {
        /// Which shell
        shell: ShellArg,
    },
    /// The manual page (roff): rolo man | man -l -
    Man,
    /// Import contacts: CSV (Google, Outlook, Thunderbird, LinkedIn, HubSpot, Salesforce,
    /// Pipedrive, Zoho, Odoo, Freshsales, Dynamics, any with --map), vCard (a file or a
    /// directory of them), JSON backup, dossier
    #[allow(clippy::doc_markdown)] // help text, shown as written: no backticks
    Import(crate::cli::interop::ImportArgs),
    /// Export: JSON backup, CSV with measures, vCard, iCalendar of open follow-ups
    Export(crate::cli::interop::ExportArgs),
    /// List likely duplicate customers (same email, phone or name)
    Dupes(crate::cli::interop::DupesArgs),
    /// Merge a customer into another with its whole history: rolo merge "#12" "#40"
    Merge(crate::cli::interop::MergeArgs),
    /// One customer's complete file as Markdown, ending with a JSON block `rolo import` reads
    Dossier(crate::cli::interop::DossierArgs),
}

mod translate;
