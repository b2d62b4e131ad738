//! The popups that take keys before the keymap: palette, choice, prompts, forms, help.

use std::ffi::OsStr;
use std::path::PathBuf;

use crate::command::Command;
use crate::domain::{CustomerId, FollowUpId};
use crate::interop::text::DateOrder;
use crate::store::{Candidate, SearchHit};

use super::form::Form;
use super::input::LineInput;
use super::palette::Palette;

/// The ambiguity choice: the command waits for the user to pick a customer.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What was typed for the customer.
    pub query: String,
    /// The first candidates.
    pub candidates: Vec<Candidate>,
    /// How many match in all.
    pub total: usize,
    /// The highlighted candidate.
    pub selected: usize,
    /// The command to run with the choice.
    pub command: Command,
    /// The palette line, restored by Esc.
    pub line: String,
}

/// Snooze or reschedule: which follow-up, and the typed day.
#[derive(Debug, Clone)]
pub struct DatePrompt {
    /// Snooze (counts as a snooze) or a plain move.
    pub snooze: bool,
    /// Which follow-up.
    pub id: FollowUpId,
    /// Its text and customer, for the title.
    pub what: String,
    /// Typed day.
    pub input: LineInput,
    /// Whether it came from today's queue (counts as reviewed).
    pub from_queue: bool,
}

/// Full-text search.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Typed words.
    pub input: LineInput,
    /// Results.
    pub hits: Vec<SearchHit>,
    /// The highlighted result.
    pub selected: usize,
}

/// The import dialog: the typed file, what importing it would do, and why the last try
/// failed. Enter first previews (a dry run); Enter on the preview imports.
#[derive(Debug, Clone, Default)]
pub struct ImportPrompt {
    /// The typed path (`~` stands for `$HOME`).
    pub input: LineInput,
    /// The last import's error, raw (sanitized where it is drawn).
    pub error: Option<String>,
    /// A preview or an import of this file is running (the dialog says so until it ends).
    pub busy: bool,
    /// What importing the typed file would do, as the last dry run found.
    pub preview: Option<ImportPreview>,
    /// The last try stopped at a broken record: Enter previews the rest, skipping it.
    pub skip_offer: bool,
    /// The preview's first line shown.
    pub scroll: usize,
}

/// A dry run's findings for the import dialog, and the options it ran with: Enter on it
/// imports with the same ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// How it ran.
    pub run: ImportRun,
    /// The report's lines, raw (sanitized where they are drawn).
    pub text: String,
    /// The order dates with slashes were read in, when the file has such a date that
    /// could be read either way and nothing in it showed which (Tab reads them the other
    /// way), or when Tab chose it.
    pub dates: Option<DateOrder>,
}

/// One run of an import from the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRun {
    /// The file (`~` expanded).
    pub path: PathBuf,
    /// Report only, write nothing.
    pub dry_run: bool,
    /// Skip broken records (the dialog offers it after one stopped a try).
    pub skip_bad: bool,
    /// Read dates with slashes in this order (chosen with Tab), or as the file shows.
    pub dates: Option<DateOrder>,
}

/// Anything shown over the main screen.
#[derive(Debug, Clone)]
pub enum Popup {
    /// The command palette.
    Palette(Palette),
    /// Pick one of several customers.
    Choice(Choice),
    /// Every key.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// Full-text search.
    Search(Search),
    /// Filter the customer list.
    Filter(LineInput),
    /// Snooze or reschedule a follow-up.
    Date(DatePrompt),
    /// Add or edit a customer or a deal.
    Form(Form),
    /// A full note.
    Note {
        /// Title.
        title: String,
        /// The text (sanitized, line breaks kept).
        text: String,
        /// First line shown.
        scroll: usize,
    },
    /// Import: the file to read.
    Import(ImportPrompt),
}

/// Work the TUI loop must do outside the app: it needs the real terminal or a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum External {
    /// Edit text in `$EDITOR` (the loop leaves the alternate screen and comes back).
    Editor {
        /// The text to start from.
        text: String,
        /// Where the result goes.
        target: EditorTarget,
    },
    /// Import a file (or preview it) in this process, as `rolo import` does, after drawing
    /// that it runs.
    Import(ImportRun),
    /// Run `rolo --db <this db> <args>` (demo data) and report its output.
    Run {
        /// Arguments after `--db <path>`.
        args: Vec<String>,
        /// What it does, for the status bar.
        what: String,
    },
}

/// Where text written in `$EDITOR` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorTarget {
    /// A field of the open form.
    FormField(usize),
    /// A customer's notes, saved at once.
    CustomerNotes(CustomerId),
}

/// The file the import dialog names: `~` or a leading `~/` stands for `home` (`$HOME`), as a
/// shell would expand it; `~user`, or `~` without a home, is left as typed.
pub fn expand_home(typed: &str, home: Option<&OsStr>) -> PathBuf {
    let home = home.filter(|h| !h.is_empty());
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(h)) => PathBuf::from(h),
        (Some(rest), Some(h)) if rest.starts_with('/') => {
            PathBuf::from(h).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_home_replaces_a_leading_tilde_only() {
        let home = Some(OsStr::new("/home/ola"));
        assert_eq!(expand_home("~", home), PathBuf::from("/home/ola"));
        assert_eq!(
            expand_home("~/contacts.csv", home),
            PathBuf::from("/home/ola/contacts.csv")
        );
        assert_eq!(
            expand_home("~/a/~/b.vcf", home),
            PathBuf::from("/home/ola/a/~/b.vcf")
        );
        // Not a home: another user's, a tilde inside a name, no $HOME.
        assert_eq!(expand_home("~ola/x.csv", home), PathBuf::from("~ola/x.csv"));
        assert_eq!(expand_home("a~/x.csv", home), PathBuf::from("a~/x.csv"));
        assert_eq!(expand_home("~/x.csv", None), PathBuf::from("~/x.csv"));
        assert_eq!(
            expand_home("~/x.csv", Some(OsStr::new(""))),
            PathBuf::from("~/x.csv")
        );
        assert_eq!(expand_home("/tmp/x.csv", home), PathBuf::from("/tmp/x.csv"));
    }
}
