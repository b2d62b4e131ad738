//! What an import did, for the report: counts and the first lines of each kind.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::interop::apply::{Likeness, MatchBy};
pub use crate::interop::sheet::{ColumnField, UnmappedColumn};
use crate::interop::text::DateOrder;

/// How many merge and skip lines a report keeps (the counts are always complete).
pub const REPORT_LINES: usize = 200;

/// One merge, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct MergeNote {
    /// Which file, when a directory was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where in the file.
    pub line: usize,
    /// The incoming name.
    pub name: String,
    /// The customer it was merged into.
    pub into: i64,
    /// Why.
    pub by: MatchBy,
    /// Whether the record added anything: false when the customer already had all of it.
    pub changed: bool,
    /// What it added, in words: `phone +48 601 234 567`, `tag vip`, `notes` (raw file
    /// text: sanitize it for a terminal).
    pub added: Vec<String>,
    /// What a dossier coming back moved here, in words: `deal Fleet renewal proposal → won`,
    /// `follow-up Send contract → 7 December 2026` (moved there later than here; raw text:
    /// sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<String>,
    /// The fields a dossier coming back changed here, changed there only since it was
    /// handed over, in the store's words: `title → Head of Fleet`, `needs` (raw text:
    /// sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub taken: Vec<String>,
    /// What a dossier coming back removed, in words: `tag vip`, `phone +48 601 234 567`
    /// (removed there since it was handed over; raw text: sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// What a dossier coming back has that was handed over from here and removed here
    /// since: not added again, in words (raw text: sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_added: Vec<String>,
    /// Where here and there disagree and rolo kept this side's, or both, in words (raw
    /// text: sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// Values here the file lacks, kept because whether they were removed there cannot be
    /// told (or was carried before).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_removed: Option<crate::interop::backup::NotRemoved>,
    /// A dossier coming back older than the one of them taken before, whose fields differ
    /// from the customer's: none taken, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub older: Option<String>,
}

impl MergeNote {
    /// The line of a record `name` (at `line` of `file`) merged into customer `into` by
    /// `by`, which added `added`: changed when it did; what only a dossier coming back says
    /// (moved, removed, conflicts …) is none, for the caller to set.
    pub fn new(
        file: Option<String>,
        line: usize,
        name: &str,
        into: i64,
        by: MatchBy,
        added: Vec<String>,
    ) -> MergeNote {
        MergeNote {
            file,
            line,
            name: name.to_string(),
            into,
            by,
            changed: !added.is_empty(),
            added,
            moved: Vec::new(),
            taken: Vec::new(),
            removed: Vec::new(),
            not_added: Vec::new(),
            conflicts: Vec::new(),
            not_removed: None,
            older: None,
        }
    }

    /// Whether the report has more to say of it than its line: a conflict, values kept that
    /// may have been removed there, or values removed here it did not add again.
    pub fn has_notes(&self) -> bool {
        !self.conflicts.is_empty()
            || self.not_removed.is_some()
            || !self.not_added.is_empty()
            || self.older.is_some()
    }
}

/// A record a dry run would create, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct CreateNote {
    /// Which file, when a directory was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where in the file.
    pub line: usize,
    /// The incoming name.
    pub name: String,
}

/// A record created although customers of its name exist (more than one, so merging into
/// any would have been a guess), or customers with its phone under another name.
#[derive(Debug, Clone, Serialize)]
pub struct NamesakeNote {
    /// Which file, when a directory was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where in the file.
    pub line: usize,
    /// The incoming name.
    pub name: String,
    /// The customer it was created as (in a dry run, the id it would have had).
    pub id: i64,
    /// The customers who share it.
    pub namesakes: Vec<i64>,
    /// What they share: `name`, `name_reordered` (their name with its words in another
    /// order, `Kowalska Anna`), `name_in_another_script` (theirs is `Νίκος Παπαδόπουλος`,
    /// this one `Nikos Papadopoulos`), `phone` (under another name) or
    /// `phone_and_name_in_another_script` (a phone, and the name as
    /// `name_in_another_script`).
    #[serde(rename = "shared")]
    pub like: Likeness,
}

/// A person's company taken for an organization whose name is the same but for a legal
/// form (`Hellas Freight` for `#1 Hellas Freight S.A.`).
#[derive(Debug, Clone, Serialize)]
pub struct OrgAlikeNote {
    /// The company as the file names it (raw file text: sanitize it for a terminal).
    pub name: String,
    /// Whether that name has the legal form (and the organization's not).
    pub with_form: bool,
    /// The organization it was taken for.
    pub into: i64,
    /// Its name.
    pub into_name: String,
}

/// Records whose names or addresses have a `?` where a letter was: a file saved in an
/// encoding without those letters (Excel's plain "CSV" of Polish names on a Western
/// Windows), which no decoding can mend.
#[derive(Debug, Clone, Serialize)]
pub struct ReplacedNote {
    /// Which file, when a directory was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The first such record's line.
    pub line: usize,
    /// Its value with the `?` (raw file text: sanitize it for a terminal).
    pub value: String,
    /// How many records have one.
    pub records: usize,
}

/// An 8-bit encoding named with `--encoding` that is not the one the file looks like:
/// every byte is valid in any code page, so a wrong one garbles letters without an error.
#[derive(Debug, Clone, Serialize)]
pub struct EncodingNote {
    /// The encoding the file looks like.
    pub detected: String,
    /// The first line where the two read differently.
    pub line: usize,
    /// A word of it as read (in the named encoding).
    pub read: String,
    /// The same word in the encoding the file looks like.
    pub detected_read: String,
}

/// How a CSV file's dates with slashes were read, when one could be read either way.
#[derive(Debug, Clone, Serialize)]
pub struct DatesNote {
    /// Day first or month first.
    pub order: DateOrder,
    /// The first date that could be read either way: its line …
    pub line: usize,
    /// … and value (raw file text: sanitize it for a terminal).
    pub example: String,
    /// The first date that could be read only one way, which decided the order; none when
    /// nothing in the file did (month first, as Outlook writes in the US).
    pub shown_by: Option<DateSeen>,
    /// The order was given (`--dates`, or Tab in the TUI's preview), not found.
    pub chosen: bool,
    /// A date that can be read only the other way: the file mixes both orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicted_by: Option<DateSeen>,
}

/// A date of the file, where it is.
#[derive(Debug, Clone, Serialize)]
pub struct DateSeen {
    pub line: usize,
    /// Raw file text: sanitize it for a terminal.
    pub value: String,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    /// The file (in JSON as text, lossily: a name that is not UTF-8 still has a report).
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// csv, vcard, json, dossier.
    pub format: String,
    /// The text encoding used.
    pub encoding: String,
    /// Nothing was written.
    pub dry_run: bool,
    /// Records read.
    pub records: usize,
    /// New customers.
    pub created: usize,
    /// Records merged into existing customers, adding something to them.
    pub merged: usize,
    /// Records that matched an existing customer who already had everything in them.
    pub unchanged: usize,
    /// Organizations created for people's companies.
    pub orgs_created: usize,
    /// People's companies taken for an organization of the same name with or without a
    /// legal form.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub orgs_alike: Vec<OrgAlikeNote>,
    /// Broken records skipped (`--skip-bad`).
    pub skipped: usize,
    /// The first records that matched an existing customer (merged or unchanged).
    pub merges: Vec<MergeNote>,
    /// With `--dry-run`: the first records that would be created.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub creates: Vec<CreateNote>,
    /// The first skipped records, in words.
    pub skipped_records: Vec<String>,
    /// Files of a directory skipped whole (`--skip-bad`): empty ones, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped_files: Vec<String>,
    /// The first records created, not merged, because several customers have their name
    /// or others have their phone ([`ImportReport::add_namesake`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namesakes: Vec<NamesakeNote>,
    /// All the records so created: `namesakes` lists the first [`REPORT_LINES`].
    pub namesakes_total: usize,
    /// History rows restored (JSON backup or dossier): interactions, follow-ups, deals.
    pub history: usize,
    /// The history rows restored by kind, as the summary line says them: interactions,
    /// follow-ups, deals.
    #[serde(skip)]
    pub history_kinds: [usize; 3],
    /// The sections of a dossier's Markdown edited since `rolo dossier` wrote it (edits
    /// there are not imported: only the JSON block is read), in words (`Notes`, `Extra
    /// (new)`, `Deals (removed)`; raw text: sanitize it for a terminal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub markdown_edited: Vec<String>,
    /// How dates with slashes were read, when the file had one that could be either.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<DatesNote>,
    /// A CSV file's columns and where their values go.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnField>,
    /// CSV columns rolo did not recognize, which go to the notes although their first
    /// rows hold emails or phones: the column and `email` or `phone`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmapped_contacts: Vec<UnmappedColumn>,
    /// `--encoding` named an 8-bit encoding the file does not look like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_mismatch: Option<EncodingNote>,
    /// Records with a `?` standing for a letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_letters: Option<ReplacedNote>,
    /// Records of a UTF-8 file with a value that was not UTF-8, read as Windows-1252.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_utf8: Option<ReplacedNote>,
    /// A vCard file's properties rolo keeps nothing of, with how many cards had each, in
    /// the order first seen (a CSV's such columns are in [`Self::columns`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// A vCard property rolo keeps nothing of (`PHOTO`), and how many cards had it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The property's name, uppercase (raw file text: sanitize it for a terminal).
    pub property: String,
    /// How many cards had it.
    pub cards: usize,
}

fn lossy_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

impl ImportReport {
    /// A record created beside customers of its name or phone: counted, and listed while
    /// the list is shorter than [`REPORT_LINES`].
    pub(crate) fn add_namesake(&mut self, note: NamesakeNote) {
        self.namesakes_total += 1;
        if self.namesakes.len() < REPORT_LINES {
            self.namesakes.push(note);
        }
    }

    /// Merge line `i`, which changes its customer after all: counted as merged, not as
    /// unchanged (once); `None` past the lines kept.
    pub(crate) fn changed_line(&mut self, i: usize) -> Option<&mut MergeNote> {
        let m = self.merges.get_mut(i)?;
        if !m.changed {
            m.changed = true;
            self.unchanged -= 1;
            self.merged += 1;
        }
        Some(m)
    }

    /// Whether the import created or changed anything (or restored history): worth a step
    /// for `rolo undo`. Records that matched and added nothing are not.
    pub fn changed(&self) -> bool {
        self.created + self.merged + self.history > 0
    }
}
