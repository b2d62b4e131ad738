//! Interop: readers and writers for the formats customers already live in (CSV, vCard, JSON
//! backup, dossier) and the ones users already use (CSV, vCard, iCalendar), plus duplicates.
//!
//! Imports stream their input record by record into one journaled transaction: all or
//! nothing (`--skip-bad` skips broken records instead), undone whole by `rolo undo`.

pub mod apply;
pub mod backup;
pub mod clean;
pub mod decode;
pub mod dossier;
pub mod dupes;
pub mod ical;
pub mod im;
pub mod import;
pub mod limit;
pub mod sheet;
pub mod text;
pub mod vcard;

pub use import::{DatesNote, ImportOptions, ImportReport, NamesakeNote, import_file};

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{AddressParts, ContactPoint, CustomerKind, NameParts};
use crate::store::{Fillable, StoreError};
use text::replaced_letters as has_replaced_letters;

/// The formats `rolo import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma/semicolon/tab separated values with a header.
    Csv,
    /// vCard 2.1, 3.0 or 4.0, one or many cards.
    Vcard,
    /// rolo's JSON backup (`rolo export --format json`).
    Json,
    /// A dossier (`rolo dossier`): Markdown ending with a JSON block.
    Dossier,
}

/// Where in a file a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// 1-based line of the file where the record starts.
    pub line: usize,
    /// 1-based number of the record (data row or card).
    pub record: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} (record {})", self.line, self.record)
    }
}

/// One contact read from a file, before it is matched against the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    /// Where it came from.
    pub at: Location,
    /// A person, or a company-only record.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// The name in parts, when the file gave it in parts (a person's).
    pub name_parts: Option<NameParts>,
    /// Organization name (a person's company).
    pub org: Option<String>,
    /// How the organization's name is said (Outlook's `Company Yomi`, Apple's
    /// `X-PHONETIC-ORG`): kept in the notes of the organization the import makes, as
    /// `Phonetic name: …` (as a person's is in theirs), not in the person's.
    pub org_phonetic: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Postal address, one text.
    pub address: Option<String>,
    /// The address in parts, when the file gave it in parts.
    pub address_parts: Option<AddressParts>,
    /// Notes.
    pub notes: String,
    /// What they need (rolo's own exports).
    pub needs: String,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// Emails, phones, web addresses, in file order.
    pub contacts: Vec<ContactPoint>,
    /// Tags (valid, lowercase).
    pub tags: Vec<String>,
    /// A stable id from the source (vCard UID).
    pub uid: Option<String>,
    /// Who handles them (rolo's own CSV export).
    pub owner: Option<String>,
    /// Contact cadence in days (rolo's own CSV export).
    pub cadence_days: Option<u32>,
    /// The first of a CSV record's values that was not UTF-8 in a UTF-8 file (a stray byte
    /// of another encoding), as it was read: as Windows-1252.
    pub not_utf8: Option<String>,
    /// A vCard's properties rolo keeps nothing of (`PHOTO`, `GEO`, `X-…`), each once:
    /// the import report counts the cards that had each.
    pub left_out: Vec<String>,
}

impl Incoming {
    /// The first of the record's name, organization, title and address with a `?` where a
    /// letter was ([`text::replaced_letters`]).
    pub fn replaced_letters(&self) -> Option<&str> {
        [
            Some(self.name.as_str()),
            self.org.as_deref(),
            self.title.as_deref(),
            self.address.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find(|v| has_replaced_letters(v))
    }

    /// The fields a merge fills where the customer it matched has none.
    pub fn fillable(&self) -> Fillable<'_> {
        Fillable {
            name: &self.name,
            name_parts: self.name_parts.as_ref(),
            title: self.title.as_deref(),
            address: self.address.as_deref(),
            address_parts: self.address_parts.as_ref(),
            birthday: self.birthday,
            owner: self.owner.as_deref(),
            cadence_days: self.cadence_days,
        }
    }
}

/// A record that cannot be imported: where, which field, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    /// Where the record starts.
    pub at: Location,
    /// The field (column or property) at fault.
    pub field: String,
    /// What is wrong, quoting the value.
    pub message: String,
}

impl fmt::Display for BadRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // (The field may be a column name from the file.)
        write!(
            f,
            "{}, field `{}`: {}",
            self.at,
            text::shown(&self.field),
            self.message
        )
    }
}

/// Why an import or export failed; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read or written.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A record is broken (and `--skip-bad` was not given).
    #[error(
        "{file}: {bad}; nothing was imported (fix the record, or pass --skip-bad to import the rest)",
        file = file.display()
    )]
    Bad {
        /// The file.
        file: PathBuf,
        /// The record.
        bad: BadRecord,
    },
    /// No column of a CSV header gives a name.
    #[error(
        "{file}: no column gives a name{what}; the columns are: {columns}. {map} with --map \"Column=name\" (fields: {fields})",
        file = file.display(),
        what = if *known { "" } else { ", and rolo knows none of them: it does not look like a file of contacts" },
        map = if *known { "Map one" } else { "If it is one, map a column" },
        columns = column_list(columns),
        fields = sheet::FIELDS.join(", ")
    )]
    NoName {
        /// The file.
        file: PathBuf,
        /// The header as found.
        columns: Vec<String>,
        /// Whether rolo knows any of the columns (an email, a phone, a company).
        known: bool,
    },
    /// A wrong option (`--map`, `--encoding`, `--format`).
    #[error("{0}")]
    Usage(String),
    /// The file is not in the format expected.
    #[error("{file}: {message}", file = file.display())]
    Format {
        /// The file.
        file: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// Stopped by whoever watched it ([`ImportWatch::cancel`]).
    #[error("the import was cancelled; nothing was imported")]
    Cancelled,
    /// The database refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How many columns, and characters of each, an error lists from a header.
const LIST_COLUMNS: usize = 12;
const COLUMN_CHARS: usize = 40;

/// The columns of a header for an error message: the first [`LIST_COLUMNS`], each cut at
/// [`COLUMN_CHARS`] characters and with control characters made visible, so that a file
/// that is no CSV at all does not print kilobytes of itself.
fn column_list(columns: &[String]) -> String {
    let mut out: Vec<String> = columns
        .iter()
        .take(LIST_COLUMNS)
        .map(|c| {
            let mut c = crate::domain::text::sanitize(c);
            if let Some((cut, _)) = c.char_indices().nth(COLUMN_CHARS) {
                c.truncate(cut);
                c.push('…');
            }
            format!("`{c}`")
        })
        .collect();
    if columns.len() > LIST_COLUMNS {
        out.push(format!("… ({} in all)", columns.len()));
    }
    out.join(", ")
}

impl ImportError {
    /// A failed read of `path`: bytes not valid in the encoding `--encoding` named are
    /// reported as such ([`decode::Malformed`]), and so is a broken limit
    /// ([`limit::Oversized`]); anything else as an I/O error.
    pub fn read(path: &std::path::Path, source: std::io::Error) -> Self {
        let message = decode::Malformed::of(&source)
            .map(ToString::to_string)
            .or_else(|| limit::Oversized::of(&source).map(ToString::to_string));
        match message {
            Some(message) => ImportError::Format {
                file: path.to_path_buf(),
                message,
            },
            None => ImportError::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Store(e.into())
    }
}
