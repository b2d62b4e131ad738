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
    /// Why the typed words were not searched (more than a search reads), shown in place of
    /// the hits.
    pub refused: Option<String>,
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
    /// The entries the last Tab found for the typed name, when several fit.
    pub choices: Vec<String>,
}

impl ImportPrompt {
    /// The typed path changed: what was found for the old one no longer holds.
    pub fn edited(&mut self) {
        self.error = None;
        self.preview = None;
        self.skip_offer = false;
        self.scroll = 0;
        self.choices.clear();
    }
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
    /// CSV columns mapped to fields (`--map` typed after the file's name).
    pub map: Option<String>,
    /// The file's encoding (`--encoding` typed after the file's name), else detected.
    pub encoding: Option<String>,
}

/// What the import dialog's line says: the file's name, then any of `--map "Column=field"`
/// and `--encoding NAME` (values quoted as in the palette when they have spaces), as
/// `rolo import` takes them. `Err` says what is wrong with the options.
pub fn split_import_line(typed: &str) -> Result<(String, Option<String>, Option<String>), String> {
    let typed = typed.trim();
    let start = [" --map", " --encoding"]
        .iter()
        .filter_map(|o| typed.find(o))
        .min();
    let Some(start) = start else {
        return Ok((typed.to_string(), None, None));
    };
    let (path, rest) = typed.split_at(start);
    let words = crate::command::words(rest)?;
    let (mut map, mut encoding) = (None, None);
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        let (name, inline) = match w.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let slot = match name.as_str() {
            "--map" => &mut map,
            "--encoding" => &mut encoding,
            other => {
                return Err(format!(
                    "`{other}` is not an option here; after the file's name: --map \"Column=field\" \
                     or --encoding NAME"
                ));
            }
        };
        // (`--map="a b"` reads as `--map=` and `a b`.)
        let value = inline
            .filter(|v| !v.is_empty())
            .or_else(|| it.next())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("{name} needs a value"))?;
        *slot = Some(value);
    }
    Ok((path.trim_end().to_string(), map, encoding))
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

/// Where Tab takes a path typed in the import dialog, as a shell completes it: the typed
/// text completed as far as the entries of its directory agree (a lone directory gets its
/// `/`), and, when several fit, their names (a directory's with `/`), sorted. Hidden entries
/// show only for a name typed with its dot. Nothing fits, or the directory cannot be read:
/// the text as typed and no names.
pub fn complete_path(typed: &str, home: Option<&OsStr>) -> (String, Vec<String>) {
    let typed = if typed == "~" { "~/" } else { typed };
    let (dir_typed, prefix) = match typed.rfind('/') {
        Some(i) => typed.split_at(i + 1),
        None => ("", typed),
    };
    let dir = if dir_typed.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir_typed, home)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (typed.to_string(), Vec::new());
    };
    let mut fits: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let hidden_ok = !name.starts_with('.') || prefix.starts_with('.');
            (name.starts_with(prefix) && hidden_ok).then(|| {
                let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                (name, is_dir)
            })
        })
        .collect();
    fits.sort();
    match fits.as_slice() {
        [] => (typed.to_string(), Vec::new()),
        [(name, is_dir)] => {
            let slash = if *is_dir { "/" } else { "" };
            (format!("{dir_typed}{name}{slash}"), Vec::new())
        }
        [(first, _), rest @ ..] => {
            let mut common = first.len();
            for (name, _) in rest {
                common = first
                    .char_indices()
                    .zip(name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8())
                    .min(common);
            }
            let names = fits
                .iter()
                .map(|(n, d)| if *d { format!("{n}/") } else { n.clone() })
                .collect();
            (format!("{dir_typed}{}", &first[..common]), names)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_path_completes_as_far_as_the_entries_agree() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("Downloads")).unwrap();
        std::fs::create_dir(d.join("Documents")).unwrap();
        std::fs::write(d.join("contacts.csv"), "").unwrap();
        std::fs::write(d.join("contacts.vcf"), "").unwrap();
        std::fs::write(d.join(".hidden.csv"), "").unwrap();
        std::fs::write(d.join("Documents/łódź.csv"), "").unwrap();
        let home = Some(d.as_os_str());
        let c = |typed: &str| complete_path(typed, home);
        // One fits: completed whole, a directory with its slash.
        assert_eq!(c("~/Dow"), ("~/Downloads/".into(), vec![]));
        assert_eq!(c("~/Documents/ł"), ("~/Documents/łódź.csv".into(), vec![]));
        // Several: as far as they agree, and their names.
        assert_eq!(
            c("~/con"),
            (
                "~/contacts.".into(),
                vec!["contacts.csv".into(), "contacts.vcf".into()]
            )
        );
        assert_eq!(
            c("~/D"),
            (
                "~/Do".into(),
                vec!["Documents/".into(), "Downloads/".into()]
            )
        );
        // `~` alone is the home directory; hidden entries need their dot typed.
        let (text, names) = c("~");
        assert_eq!(text, "~/");
        assert!(!names.iter().any(|n| n.starts_with('.')), "{names:?}");
        assert_eq!(c("~/.h"), ("~/.hidden.csv".into(), vec![]));
        // An absolute path; nothing fits; a directory that is not there.
        let abs = format!("{}/contacts.c", d.display());
        assert_eq!(
            complete_path(&abs, None).0,
            format!("{}/contacts.csv", d.display())
        );
        assert_eq!(c("~/zzz"), ("~/zzz".into(), vec![]));
        assert_eq!(c("~/nope/x"), ("~/nope/x".into(), vec![]));
    }

    #[test]
    fn the_import_line_takes_map_and_encoding_after_the_file() {
        assert_eq!(
            split_import_line("~/my contacts.csv").unwrap(),
            ("~/my contacts.csv".to_string(), None, None)
        );
        assert_eq!(
            split_import_line("a b.csv --map \"Full name=name,Mejl=email\" --encoding=cp1250")
                .unwrap(),
            (
                "a b.csv".to_string(),
                Some("Full name=name,Mejl=email".to_string()),
                Some("cp1250".to_string())
            )
        );
        assert_eq!(
            split_import_line("a.csv --map").unwrap_err(),
            "--map needs a value"
        );
        assert_eq!(
            split_import_line("a.csv --map 'x=name").unwrap_err(),
            "a quote is not closed: 'x=name"
        );
        assert!(
            split_import_line("a.csv --map x=name --dry-run")
                .unwrap_err()
                .starts_with("`--dry-run` is not an option here")
        );
    }

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
