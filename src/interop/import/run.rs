//! Reading records on one thread and writing them on another, into one transaction.

use std::path::{Path, PathBuf};

use super::open::Source;
use super::report::{LeftOut, REPORT_LINES, ReplacedNote};
use super::{
    CreateNote, ImportOptions, ImportReport, MergeNote, NamesakeNote, Progress, Refs,
    in_transaction,
};
use crate::interop::apply::{Applier, Outcome};
use crate::interop::{BadRecord, ImportError, Incoming};
use crate::store::{Store, StoreError};

/// Records travel from the parsing thread in batches of this many ...
const BATCH: usize = 256;
/// ... and this many batches at most wait to be written, which bounds the memory.
const QUEUE: usize = 8;

/// A batch of records read from one file, or why reading stopped.
type Batch = Result<(PathBuf, Vec<Result<Incoming, BadRecord>>), ImportError>;

/// Reads the records of every source `next` opens and sends them in batches; stops when
/// the receiver is gone (the import failed).
///
/// The records the writer is done with come back on `used` and are dropped here: memory is
/// freed by the thread that allocated it, without taking the allocator's lock against this
/// thread's own allocations (with glibc that contention was a tenth of a 100k import).
fn produce(
    mut next: impl FnMut() -> Option<Result<(PathBuf, Source), ImportError>>,
    tx: &std::sync::mpsc::SyncSender<Batch>,
    used: &std::sync::mpsc::Receiver<Vec<Incoming>>,
) {
    while let Some(opened) = next() {
        let (file, mut source) = match opened {
            Ok(x) => x,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut any = false;
        loop {
            match source.next(&file) {
                Ok(Some(mut item)) => {
                    any = true;
                    if let Ok(inc) = &mut item {
                        crate::interop::clean::Strip::strip(inc);
                    }
                    batch.push(item);
                    if batch.len() == BATCH {
                        // Frees what the writer has finished with, on this thread.
                        while used.try_recv().is_ok() {}
                        if tx
                            .send(Ok((file.clone(), std::mem::take(&mut batch))))
                            .is_err()
                        {
                            return;
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        // (A file with no record sends an empty batch: a directory's file is named then.)
        if (!batch.is_empty() || !any) && tx.send(Ok((file, batch))).is_err() {
            return;
        }
    }
}

/// Imports the records of the sources `next` opens, in one transaction. Reading and
/// parsing run on their own thread, ahead of the writes.
pub(super) fn run(
    store: &mut Store,
    path: &Path,
    next: impl FnMut() -> Option<Result<(PathBuf, Source), ImportError>> + Send,
    opts: &ImportOptions,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let summary = format!("import {name}");
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(QUEUE);
    let (give_back, used) = std::sync::mpsc::channel::<Vec<Incoming>>();
    let mut progress = Progress::new(opts.progress, opts.watch.clone());
    let result = std::thread::scope(|scope| {
        scope.spawn(move || produce(next, &tx, &used));
        in_transaction(
            store,
            &summary,
            opts.now.timestamp(),
            opts.dry_run,
            Refs::Own,
            |w| {
                // Dropped with this closure: its maps are gone before the indexes are built.
                let mut applier = Applier::new(opts.now.timestamp(), opts.tags.clone());
                // A vCard file is an address book (a phone's), whose cards of one name are
                // one person unless something tells them apart; a CSV may be a CRM's export.
                applier.one_book = report.format == "vcard";
                for batch in rx {
                    let (file, items) = batch?;
                    let file = file.as_path();
                    // In a directory, the file is part of where a record is.
                    let in_dir = (file != path).then(|| {
                        file.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    });
                    if items.is_empty() {
                        // A file of a directory with no card in it is named, not passed over.
                        if let Some(name) = &in_dir {
                            if !opts.skip_bad {
                                return Err(ImportError::Format {
                                    file: file.to_path_buf(),
                                    message: "no vCard in it (no BEGIN:VCARD); nothing was \
                                              imported (remove it, or pass --skip-bad to \
                                              import the other files)"
                                        .into(),
                                });
                            }
                            report.skipped_files.push(format!("{name}: no vCard in it"));
                        }
                        continue;
                    }
                    let mut done: Vec<Incoming> = Vec::with_capacity(items.len());
                    for item in items {
                        report.records += 1;
                        progress.tick(report.records, 0)?;
                        let mut inc = match item {
                            Ok(inc) => inc,
                            Err(bad) if opts.skip_bad => {
                                skip(report, in_dir.as_ref(), &bad);
                                continue;
                            }
                            Err(bad) => {
                                return Err(ImportError::Bad {
                                    file: file.to_path_buf(),
                                    bad,
                                });
                            }
                        };
                        if let Some(value) = inc.not_utf8.take() {
                            let note = report.not_utf8.get_or_insert_with(|| ReplacedNote {
                                file: in_dir.clone(),
                                line: inc.at.line,
                                value,
                                records: 0,
                            });
                            note.records += 1;
                        }
                        for name in inc.left_out.drain(..) {
                            match report.left_out.iter_mut().find(|l| l.property == name) {
                                Some(l) => l.cards += 1,
                                None => report.left_out.push(LeftOut {
                                    property: name,
                                    cards: 1,
                                }),
                            }
                        }
                        if let Some(value) = inc.replaced_letters() {
                            let note =
                                report.replaced_letters.get_or_insert_with(|| ReplacedNote {
                                    file: in_dir.clone(),
                                    line: inc.at.line,
                                    value: value.to_string(),
                                    records: 0,
                                });
                            note.records += 1;
                        }
                        let outcome = match applier.apply(w, &mut inc) {
                            Ok(outcome) => outcome,
                            // A text the record puts together past 1 MiB (its columns rolo
                            // has no field for, kept in the notes; notes it adds to a
                            // customer's), refused before any of it was written: a broken
                            // record like any other.
                            Err(StoreError::TooLong { field, message }) => {
                                let bad = BadRecord {
                                    at: inc.at,
                                    message: format!("the {field} it makes: {message}"),
                                    field,
                                };
                                if !opts.skip_bad {
                                    return Err(ImportError::Bad {
                                        file: file.to_path_buf(),
                                        bad,
                                    });
                                }
                                skip(report, in_dir.as_ref(), &bad);
                                continue;
                            }
                            Err(e) => return Err(e.into()),
                        };
                        match outcome {
                            Outcome::Created(id) => {
                                report.created += 1;
                                let (namesakes, like) = applier.take_namesakes();
                                if !namesakes.is_empty() {
                                    report.add_namesake(NamesakeNote {
                                        file: in_dir.clone(),
                                        line: inc.at.line,
                                        name: inc.name.clone(),
                                        id: id.0,
                                        namesakes,
                                        like,
                                    });
                                }
                                if opts.dry_run && report.creates.len() < REPORT_LINES {
                                    report.creates.push(CreateNote {
                                        file: in_dir.clone(),
                                        line: inc.at.line,
                                        name: inc.name.clone(),
                                    });
                                }
                            }
                            Outcome::Merged(id, by, _) | Outcome::Unchanged(id, by) => {
                                let added = match outcome {
                                    Outcome::Merged(_, _, added) => added,
                                    _ => Vec::new(),
                                };
                                let changed = !added.is_empty();
                                if changed {
                                    report.merged += 1;
                                } else {
                                    report.unchanged += 1;
                                }
                                if report.merges.len() < REPORT_LINES {
                                    report.merges.push(MergeNote::new(
                                        in_dir.clone(),
                                        inc.at.line,
                                        &inc.name,
                                        id.0,
                                        by,
                                        added,
                                    ));
                                }
                            }
                        }
                        done.push(inc);
                    }
                    // Once the reader has finished, this fails and they are dropped here.
                    let _ = give_back.send(done);
                }
                if report.records == 0 {
                    return Err(ImportError::Format {
                        file: path.to_path_buf(),
                        message: format!(
                            "no contacts found; nothing was imported ({})",
                            no_records_hint(&report.format)
                        ),
                    });
                }
                applier.flush(w)?;
                progress.finishing(report.records);
                report.orgs_created = applier.orgs_created;
                report.orgs_alike = applier.orgs_alike_notes(w)?;
                // In the words of the import's own report, so `undo --list` agrees with it.
                let mut done = format!(
                    "import {name}: {} created, {} merged",
                    report.created, report.merged
                );
                match report.orgs_created {
                    0 => {}
                    1 => done.push_str("; 1 organization created"),
                    n => done.push_str(&format!("; {n} organizations created")),
                }
                w.conn().execute(
                    "UPDATE changes SET summary = ?1 WHERE id = (SELECT max(id) FROM changes)",
                    [done],
                )?;
                Ok(report.changed())
            },
            |changed| *changed,
        )
    });
    progress.clear();
    result.map(|_| ())
}

/// Counts a broken record skipped (`--skip-bad`) and lists it, with its file when it is
/// one of a directory's.
fn skip(report: &mut ImportReport, in_dir: Option<&String>, bad: &BadRecord) {
    report.skipped += 1;
    if report.skipped_records.len() < REPORT_LINES {
        report.skipped_records.push(match in_dir {
            Some(f) => format!("{f}: {bad}"),
            None => bad.to_string(),
        });
    }
}

/// Why a file of `format` may have given no records.
fn no_records_hint(format: &str) -> &'static str {
    match format {
        "vcard" => {
            "no BEGIN:VCARD in it; if it is a CSV file, leave --format out or use --format csv"
        }
        _ => "a header and no rows under it",
    }
}
