//! `rolo import`: format and encoding detection, then every record in one journaled
//! transaction (all or nothing; `--dry-run` rolls back; `--skip-bad` skips broken records).

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::apply::{Applier, MatchBy, Outcome};
use super::decode::{self, SNIFF_BYTES, Utf8Reader};
use super::sheet::{SheetReader, parse_map, sniff_delimiter};
use super::vcard::VcardReader;
use super::{BadRecord, Format, ImportError, Incoming};
use crate::store::{Store, StoreError, Writer};

mod progress;

pub use progress::Progress;

/// A NUL byte among this many first bytes (after a BOM) makes a file binary, not text.
const BINARY_SNIFF: usize = 1024;

/// How many merge and skip lines a report keeps (the counts are always complete).
const REPORT_LINES: usize = 200;

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
    /// The time of the import (unix seconds).
    pub now: i64,
    /// Show a running count on standard error when the import takes a while (set when
    /// standard error is a terminal).
    pub progress: bool,
}

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

/// A record created although customers of its name exist: more than one, so merging into
/// any would have been a guess.
#[derive(Debug, Clone, Serialize)]
pub struct NamesakeNote {
    /// Which file, when a directory was imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Where in the file.
    pub line: usize,
    /// The incoming name.
    pub name: String,
    /// The customers who share it.
    pub namesakes: Vec<i64>,
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
    /// The first records created, not merged, because several customers have their name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namesakes: Vec<NamesakeNote>,
    /// History rows restored (JSON backup or dossier): interactions, follow-ups, deals.
    pub history: usize,
}

fn lossy_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

impl ImportReport {
    /// Whether the import created or changed anything (or restored history): worth a step
    /// for `rolo undo`. Records that matched and added nothing are not.
    pub fn changed(&self) -> bool {
        self.created + self.merged + self.history > 0
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Vcard => "vcard",
        Format::Json => "json",
        Format::Dossier => "dossier",
    }
}

/// Guesses the format from the name and the first bytes (already UTF-8).
fn detect_format(path: &Path, text_head: &str) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let start = text_head.trim_start_matches('\u{feff}').trim_start();
    if start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Format::Vcard;
    }
    match ext.as_str() {
        "vcf" | "vcard" => Format::Vcard,
        "json" => Format::Json,
        "md" | "markdown" => Format::Dossier,
        _ if start.starts_with('{') => Format::Json,
        _ if start.starts_with("---") || start.starts_with(super::dossier::FIRST_LINE) => {
            Format::Dossier
        }
        _ => Format::Csv,
    }
}

/// A reader of records from one file.
enum Source {
    Sheet(Box<SheetReader<Utf8Reader<Input>>>),
    Cards(VcardReader<BufReader<Box<dyn Read + Send>>>),
}

/// A file's bytes: the sniffed head again, then the rest.
type Input = BufReader<std::io::Chain<Cursor<Vec<u8>>, File>>;

impl Source {
    fn next(&mut self, file: &Path) -> Result<Option<Result<Incoming, BadRecord>>, ImportError> {
        match self {
            Source::Sheet(s) => s.next_record(file),
            Source::Cards(c) => c
                .next_record()
                .map_err(|source| ImportError::read(file, source)),
        }
    }
}

/// One file opened: its format and encoding found, and either its whole text (JSON,
/// dossier) or a reader of its records.
struct Opened {
    format: Format,
    encoding: &'static encoding_rs::Encoding,
    body: Body,
    /// Nothing but white space in it (an error already when the file is the import).
    empty: bool,
}

enum Body {
    /// A dossier's whole text (its JSON block is found in it).
    Dossier(String),
    /// A JSON backup, parsed as it is read.
    Backup(Utf8Reader<Input>),
    Records(Source),
}

/// Opens one file. `alone`: the file is the import (not one of a directory's): an empty
/// one is an error.
fn open(
    path: &Path,
    opts: &ImportOptions,
    format: Option<Format>,
    alone: bool,
) -> Result<Opened, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut f)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let (encoding, bom) = match &opts.encoding {
        Some(label) => {
            let enc = decode::by_label(label).ok_or_else(|| {
                ImportError::Usage(format!(
                    "--encoding: unknown encoding `{label}`; try utf-8, utf-16le, windows-1250, windows-1252 or latin1"
                ))
            })?;
            let bom = match encoding_rs::Encoding::for_bom(&head) {
                Some((e, n)) if e == enc => n,
                // Read in another encoding, the mark would become text and the rest garbled.
                Some((e, _)) => {
                    return Err(ImportError::Usage(format!(
                        "{}: the file starts with a {} byte order mark, but --encoding says {}; \
                         nothing was imported (leave --encoding out, or name the encoding the \
                         mark says: --encoding {})",
                        path.display(),
                        e.name(),
                        enc.name(),
                        e.name().to_ascii_lowercase()
                    )));
                }
                None => 0,
            };
            (enc, bom)
        }
        None => decode::detect(&head),
    };
    let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    let start = head.get(bom..).unwrap_or_default();
    if !utf16 && start.iter().take(BINARY_SNIFF).any(|b| *b == 0) {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: "not a text file (it has NUL bytes near its start); rolo imports CSV, \
                      vCard, its JSON backup and dossiers (a UTF-16 file without a BOM: name it \
                      with --encoding utf-16le or utf-16be)"
                .into(),
        });
    }
    let empty = start.iter().all(u8::is_ascii_whitespace)
        || (utf16 && start.iter().all(|b| *b == 0 || b.is_ascii_whitespace()));
    let head_len = head.len();
    if alone && empty && head_len < SNIFF_BYTES {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: "the file is empty; nothing was imported".into(),
        });
    }
    let text_head = encoding
        .decode_without_bom_handling(&head[bom..])
        .0
        .into_owned();
    let format = format.unwrap_or_else(|| detect_format(path, &text_head));
    let body = Cursor::new(head).chain(f);
    let mut body = BufReader::with_capacity(64 * 1024, body);
    std::io::copy(&mut (&mut body).take(bom as u64), &mut std::io::sink()).map_err(io)?;
    // An encoding the user named is trusted only as far as the bytes are valid in it.
    let forced = opts.encoding.is_some();
    // UTF-16 is checked too: a damaged file (an odd number of bytes, an unpaired surrogate)
    // is refused where it is damaged rather than read with U+FFFD in place of what was lost.
    let text_of = |body: Input| {
        if forced {
            Utf8Reader::strict(body, encoding).starting_at(bom)
        } else if utf16 {
            Utf8Reader::checked(body, encoding).starting_at(bom)
        } else {
            Utf8Reader::new(body, encoding)
        }
    };
    let body = match format {
        Format::Json => Body::Backup(text_of(body)),
        Format::Dossier => {
            let mut text = String::new();
            text_of(body)
                .read_to_string(&mut text)
                .map_err(|e| ImportError::read(path, e))?;
            Body::Dossier(text)
        }
        Format::Csv => {
            let map = opts
                .map
                .as_deref()
                .map(parse_map)
                .transpose()?
                .unwrap_or_default();
            let delim = sniff_delimiter(text_head.as_bytes());
            let reader = SheetReader::open(text_of(body), delim, &map, path)?;
            Body::Records(Source::Sheet(Box::new(reader)))
        }
        Format::Vcard => {
            let fallback = if encoding == encoding_rs::UTF_8 || utf16 {
                encoding_rs::WINDOWS_1252
            } else {
                encoding
            };
            let input: Box<dyn Read + Send> = if utf16 || (forced && encoding == encoding_rs::UTF_8)
            {
                Box::new(text_of(body))
            } else {
                Box::new(body)
            };
            Body::Records(Source::Cards(VcardReader::new(
                BufReader::new(input),
                fallback,
            )))
        }
    };
    Ok(Opened {
        format,
        encoding,
        body,
        empty: empty && head_len < SNIFF_BYTES,
    })
}

/// The vCard files of a directory (a vdir, as khard and vdirsyncer keep them), by name.
fn vcard_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let io = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let vcf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
        if vcf && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(ImportError::Format {
            file: dir.to_path_buf(),
            message:
                "a directory, and no .vcf file in it (a directory imports as a vdir of vCards)"
                    .into(),
        });
    }
    Ok(files)
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

/// Where the references an import writes (customer, organization and tag ids) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refs {
    /// From the file (a backup or dossier names ids): the database checks every one, at commit.
    FromFile,
    /// From the loader itself ([`Applier`]): each id is one it allocated or looked up in this
    /// transaction, so a release build spares the database the lookup of every row's parent (a
    /// person's organization sits on a random page of `customers`; 8% of a 100k import).
    /// Debug builds, which the tests run, still check them.
    Own,
}

/// Runs `f` as one journaled bulk load ([`Store::bulk`]: appended rows journaled as ranges,
/// their FTS entries and the indexes of empty tables built once at the end — faster than
/// row-by-row journaling at every size, from a handful of contacts up); a dry run rolls it
/// back, and so does a result `keep` finds not worth a journal entry (an import that changed
/// nothing: a `rolo undo` of it would undo nothing).
pub fn in_transaction<T>(
    store: &mut Store,
    summary: &str,
    now: i64,
    dry_run: bool,
    refs: Refs,
    f: impl FnOnce(&Writer<'_>) -> Result<T, ImportError>,
    keep: impl FnOnce(&T) -> bool,
) -> Result<T, ImportError> {
    let mut failure: Option<ImportError> = None;
    let mut out: Option<T> = None;
    let mut discard = dry_run;
    let body = |w: &Writer<'_>| -> crate::store::Result<()> {
        // Checked at commit instead of per statement: with `INSERT OR FAIL` this spares
        // SQLite a statement journal (a copy of every page each row touches). Reset at the
        // end of the transaction by SQLite itself.
        w.conn().pragma_update(None, "defer_foreign_keys", "ON")?;
        match f(w) {
            Ok(v) => {
                discard |= !keep(&v);
                out = Some(v);
            }
            Err(e) => failure = Some(e),
        }
        if failure.is_some() || discard {
            // Any error rolls the whole transaction back.
            return Err(StoreError::Invalid("rolled back".into()));
        }
        Ok(())
    };
    // (The default 2 MiB page cache is kept: a bigger one was no faster and cost memory.)
    let conn = store.conn();
    // Outside the transaction: SQLite ignores this pragma inside one.
    let unchecked = refs == Refs::Own && !cfg!(debug_assertions);
    if unchecked {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
    }
    let result = store.bulk(Some((summary, now)), body);
    let conn = store.conn();
    if unchecked {
        conn.pragma_update(None, "foreign_keys", "ON")?;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    match (result, out) {
        (Ok(()), Some(v)) => Ok(v),
        (Err(StoreError::Invalid(m)), Some(v)) if m == "rolled back" && discard => Ok(v),
        (Err(e), _) => Err(e.into()),
        (Ok(()), None) => Err(StoreError::Invalid("import produced no result".into()).into()),
    }
}

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
                        super::clean::Strip::strip(inc);
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
fn run(
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
    let mut progress = Progress::new(opts.progress);
    let result = std::thread::scope(|scope| {
        scope.spawn(move || produce(next, &tx, &used));
        in_transaction(
            store,
            &summary,
            opts.now,
            opts.dry_run,
            Refs::Own,
            |w| {
                // Dropped with this closure: its maps are gone before the indexes are built.
                let mut applier = Applier::new(opts.now, opts.tags.clone());
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
                        progress.tick(report.records, 0);
                        let mut inc = match item {
                            Ok(inc) => inc,
                            Err(bad) if opts.skip_bad => {
                                report.skipped += 1;
                                if report.skipped_records.len() < REPORT_LINES {
                                    report.skipped_records.push(match &in_dir {
                                        Some(f) => format!("{f}: {bad}"),
                                        None => bad.to_string(),
                                    });
                                }
                                continue;
                            }
                            Err(bad) => {
                                return Err(ImportError::Bad {
                                    file: file.to_path_buf(),
                                    bad,
                                });
                            }
                        };
                        let outcome = applier.apply(w, &mut inc)?;
                        match outcome {
                            Outcome::Created(_) => {
                                report.created += 1;
                                let namesakes = applier.take_namesakes();
                                if !namesakes.is_empty() && report.namesakes.len() < REPORT_LINES {
                                    report.namesakes.push(NamesakeNote {
                                        file: in_dir.clone(),
                                        line: inc.at.line,
                                        name: inc.name.clone(),
                                        namesakes,
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
                                    report.merges.push(MergeNote {
                                        file: in_dir.clone(),
                                        line: inc.at.line,
                                        name: inc.name.clone(),
                                        into: id.0,
                                        by,
                                        changed,
                                        added,
                                    });
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

/// Why a file of `format` may have given no records.
fn no_records_hint(format: &str) -> &'static str {
    match format {
        "vcard" => {
            "no BEGIN:VCARD in it; if it is a CSV file, leave --format out or use --format csv"
        }
        _ => "a header and no rows under it",
    }
}
