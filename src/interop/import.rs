//! `rolo import`: format and encoding detection, then every record in one journaled
//! transaction (all or nothing; `--dry-run` rolls back; `--skip-bad` skips broken records).

mod open;
mod progress;
mod report;
mod run;
mod transaction;

pub use progress::{ImportWatch, Progress};
pub use report::{
    CreateNote, DateSeen, DatesNote, ImportReport, LeftOut, MergeNote, NamesakeNote, OrgAlikeNote,
    REPORT_LINES, UnmappedColumn,
};
pub use transaction::{Refs, in_transaction};

use std::path::{Path, PathBuf};

use self::open::{Body, Source, format_name, open, vcard_files};
use self::run::run;

use crate::interop::text::DateOrder;
use crate::interop::{Format, ImportError};
use crate::store::Store;

/// What `rolo import` was asked.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// Tags put on every imported customer (valid, lowercase).
    pub tags: Vec<String>,
    /// Skip broken records instead of stopping.
    pub skip_bad: bool,
    /// Force a text encoding (`windows-1250`, `latin1`, `utf-16le`).
    pub encoding: Option<String>,
    /// CSV column mapping: `"Full name=name,Mail=email"`.
    pub map: Option<String>,
    /// How a CSV file's dates with slashes read; found from the file when `None`.
    pub dates: Option<DateOrder>,
    /// The time of the import: one reading of the clock, to the nanosecond (a dossier taken
    /// is recorded as taken then, against dossiers written here to the nanosecond).
    pub now: chrono::DateTime<chrono::Utc>,
    /// Show a running count on standard error when the import takes a while (set when
    /// standard error is a terminal).
    pub progress: bool,
    /// Shared with another thread that shows the counts and may cancel (the TUI).
    pub watch: Option<std::sync::Arc<ImportWatch>>,
}

/// Imports a file into the store — or a directory of vCard files, as one import. On any
/// error nothing was changed.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport {
        file: path.to_path_buf(),
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    // A column mapping means nothing to a vCard or a backup: say so rather than ignore it.
    let no_map = |what: &str| -> Result<(), ImportError> {
        match opts.map {
            Some(_) => Err(ImportError::Usage(format!(
                "--map names CSV columns, and `{}` is {what}; leave --map out",
                path.display()
            ))),
            None => Ok(()),
        }
    };
    if path.is_dir() {
        no_map("a directory of vCards")?;
        if opts.format.is_some_and(|f| f != Format::Vcard) {
            return Err(ImportError::Usage(format!(
                "`{}` is a directory: only vCard files (--format vcard) import from a directory",
                path.display()
            )));
        }
        let files = vcard_files(path)?;
        report.format = format_name(Format::Vcard).into();
        report.encoding = "per file".into();
        let mut files = files.into_iter();
        // Empty files, named: an error, or with --skip-bad a line of the report.
        let empties = std::sync::Mutex::new(Vec::new());
        let next = || -> Option<Result<(PathBuf, Source), ImportError>> {
            loop {
                let file = files.next()?;
                let opened = match open(&file, opts, Some(Format::Vcard), false) {
                    Ok(o) => o,
                    Err(e) => return Some(Err(e)),
                };
                if opened.empty {
                    let name = file
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    if !opts.skip_bad {
                        return Some(Err(ImportError::Format {
                            file,
                            message: "the file is empty; nothing was imported (remove it, or \
                                      pass --skip-bad to import the other files)"
                                .into(),
                        }));
                    }
                    if let Ok(mut e) = empties.lock() {
                        e.push(format!("{name}: the file is empty"));
                    }
                    continue;
                }
                return Some(match opened.body {
                    Body::Records(source) => Ok((file, source)),
                    Body::Dossier(_) | Body::Backup(_) => {
                        Err(ImportError::Usage("a vCard file opens as records".into()))
                    }
                });
            }
        };
        run(store, path, next, opts, &mut report)?;
        // In file order (each line starts with the file's name; files are read by name).
        report
            .skipped_files
            .extend(empties.into_inner().unwrap_or_default());
        report.skipped_files.sort();
        return Ok(report);
    }
    let opened = open(path, opts, opts.format, true)?;
    match opened.format {
        Format::Csv => {}
        Format::Vcard => no_map("a vCard file")?,
        Format::Json => no_map("a JSON backup")?,
        Format::Dossier => no_map("a dossier")?,
    }
    report.format = format_name(opened.format).into();
    report.encoding = opened.encoding.name().to_string();
    report.dates = opened.dates;
    report.columns = opened.columns;
    report.unmapped_contacts = opened.unmapped;
    report.encoding_mismatch = opened.mismatch;
    match opened.body {
        Body::Dossier(text) => super::backup::import_dossier(store, path, &text, opts, report),
        Body::Backup(reader) => super::backup::import_reader(store, path, reader, opts, report),
        Body::Records(source) => {
            let mut one = Some((path.to_path_buf(), source));
            let next = move || one.take().map(Ok);
            run(store, path, next, opts, &mut report)?;
            Ok(report)
        }
    }
}
