//! The interop verbs: `import`, `export`, `dupes`, `merge`, `dossier` (clap args and runs).

mod dupes;
mod export;
pub(crate) mod import;
mod output;

pub use dupes::{dupes, merge};
pub use export::{dossier, export};
pub use import::import;

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::domain::text::count;

/// Import formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    /// Comma, semicolon or tab separated, with a header
    Csv,
    /// vCard 2.1, 3.0 or 4.0
    Vcard,
    /// rolo's JSON backup
    Json,
    /// A dossier written by `rolo dossier`
    Dossier,
}

/// How dates with slashes in a CSV file read.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DatesArg {
    /// Day first: 14/05/1980 (most of Europe)
    Dmy,
    /// Month first: 5/14/1980 (the US)
    Mdy,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole database (restorable with `rolo import`)
    Json,
    /// Customers with their measures, one row each (an organization's count it and its people)
    Csv,
    /// vCards of every customer
    Vcard,
    /// Open follow-ups as calendar events
    Ics,
}

/// `rolo import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: Google/Outlook/Thunderbird/LinkedIn CSV, vCards, a JSON backup, a dossier; or
    /// a directory of .vcf files (a vdir), imported as one
    pub file: PathBuf,
    /// Its format (detected from the name and content when left out)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Show what would be created, merged and skipped; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Tag every imported customer (repeat for several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Import the good records and list the broken ones instead of stopping
    #[arg(long)]
    pub skip_bad: bool,
    /// Text encoding (detected when left out): utf-8, utf-16le, windows-1250, latin1, ...
    #[arg(long)]
    pub encoding: Option<String>,
    /// CSV columns to fields: "Full name=name,Mail=email". Fields: name first middle last
    /// prefix suffix nickname org title notes email phone url im address street city region
    /// postal country birthday tags uid kind owner cadence needs ignore
    #[arg(long)]
    pub map: Option<String>,
    /// Dates with slashes in a CSV file are day first (dmy: 03/04/1980 is 3 April) or month
    /// first (mdy: 4 March); when left out, the file's own dates tell (14/05/1980 can only
    /// be day first), and month first when none does
    #[arg(long, value_enum, value_name = "dmy|mdy")]
    pub dates: Option<DatesArg>,
}

/// `rolo export`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without --format, the --out name says it: .json, .csv, .vcf or \
                         .vcard, .ics. --format wins when both are given. --tag, --org, \
                         --name, --kind and --tier choose customers as in `rolo list` (CSV, \
                         vCard, and the follow-ups of iCalendar); a JSON export is always the \
                         whole database."
)]
pub struct ExportArgs {
    /// What to write (default: from the --out file's extension)
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// The file to write (atomically, readable only by you); standard output when left out
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// vCard version: 4.0, or 3.0 for older clients
    #[arg(long, default_value = "4.0", value_parser = ["3.0", "4.0"])]
    pub vcard_version: String,
    #[command(flatten)]
    pub choose: super::args::ChooseArgs,
}

/// `rolo dupes`.
#[derive(Debug, Args)]
pub struct DupesArgs {
    /// At most this many pairs, the most certain first (0: all of them)
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Mark two customers as different people, so they are no longer listed
    /// (`--different "#12" "#40"`; undo takes it back)
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub different: Option<Vec<String>>,
    /// Also list pairs that share only a phone and have different emails (most often
    /// colleagues on one office line, so left out by default)
    #[arg(long)]
    pub all: bool,
}

/// `rolo merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The customer to keep (name words, email, phone or #id)
    pub keep: String,
    /// The customer merged into it and removed (its history moves over)
    pub other: String,
    /// Merge even a person and an organization, or two customers who share no email,
    /// phone or name (refused otherwise: most often a mistyped id)
    #[arg(long)]
    pub force: bool,
    /// Say what the merge would fill, add and move, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `rolo dossier`.
#[derive(Debug, Args)]
pub struct DossierArgs {
    /// Who (several words need no quotes)
    #[arg(required = true, num_args = 1..)]
    pub who: Vec<String>,
    /// The file to write; standard output when left out
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(count(1, "organization", "organizations"), "1 organization");
        assert_eq!(count(0, "organization", "organizations"), "0 organizations");
        assert_eq!(count(2, "history row", "history rows"), "2 history rows");
    }

    #[test]
    fn map_help_names_every_field() {
        let help = <ImportArgs as clap::Args>::augment_args(clap::Command::new("import"))
            .render_long_help()
            .to_string();
        let (_, fields) = help.split_once("Fields:").expect("--map lists its fields");
        let fields: Vec<&str> = fields
            .split_once("--")
            .map_or(fields, |(f, _)| f)
            .split_whitespace()
            .collect();
        assert_eq!(fields, crate::interop::sheet::FIELDS, "{help}");
    }
}
