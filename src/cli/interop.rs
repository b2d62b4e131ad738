//! The interop verbs: `import`, `export`, `dupes`, `merge`, `dossier` (clap args and runs).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::{Env, Exit, report_error};
use crate::command::{CommandError, CustomerRef, resolve_one};
use crate::domain::customer::check_tag;
use crate::domain::text::sanitize;
use crate::interop::vcard::write::Version;
use crate::interop::{self, Format, ImportError, ImportOptions};

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

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole database (restorable with `rolo import`)
    Json,
    /// Customers with their measures, one row each
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
    /// CSV columns to fields: "Full name=name,Mail=email" (fields: name first last org title
    /// notes email phone url address city country birthday tags uid ignore ...)
    #[arg(long)]
    pub map: Option<String>,
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
    /// At most this many pairs
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// `rolo merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The customer to keep (name words, email, phone or #id)
    pub keep: String,
    /// The customer merged into it and removed (its history moves over)
    pub other: String,
    /// Merge a person and an organization (refused otherwise: most often a mistyped id)
    #[arg(long)]
    pub force: bool,
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

/// JSON text with the characters `serde_json` leaves raw that a terminal could act on (DEL,
/// C1 controls, bidi embeddings, overrides and isolates) written as `\uXXXX` escapes: the
/// same data, inert on a terminal. (They can only occur inside strings.)
fn json_inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn import_error(e: &ImportError, json: bool) -> Exit {
    let usage = matches!(e, ImportError::Usage(_) | ImportError::NoName { .. });
    if json {
        println!(
            "{}",
            json_inert(&json!({"error": e.to_string()}).to_string())
        );
    } else {
        eprintln!("error: {}", sanitize(&e.to_string()));
    }
    if usage { Exit::Usage } else { Exit::Failure }
}

/// Runs `rolo import`.
pub fn import(env: &mut Env, a: &ImportArgs) -> anyhow::Result<Exit> {
    let mut tags = Vec::new();
    for t in &a.tag {
        match check_tag(t) {
            Ok(t) => tags.push(t),
            Err(m) => {
                return Ok(report_error(
                    &CommandError::Usage(format!("--tag: {m}")),
                    env.json,
                ));
            }
        }
    }
    let opts = ImportOptions {
        format: a.format.map(|f| match f {
            ImportFormat::Csv => Format::Csv,
            ImportFormat::Vcard => Format::Vcard,
            ImportFormat::Json => Format::Json,
            ImportFormat::Dossier => Format::Dossier,
        }),
        dry_run: a.dry_run,
        tags,
        skip_bad: a.skip_bad,
        encoding: a.encoding.clone(),
        map: a.map.clone(),
        now: env.ctx.now,
        progress: !env.json && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let r = match interop::import_file(&mut env.store, &a.file, &opts) {
        Ok(r) => r,
        Err(e) => return Ok(import_error(&e, env.json)),
    };
    // Every record broken (and skipped): nothing was imported, which is a failure.
    let all_bad = r.records > 0 && r.skipped == r.records;
    let all_bad_error = || {
        format!(
            "{}: every record was broken ({} skipped); nothing was imported",
            r.file.display(),
            r.skipped
        )
    };
    if env.json {
        println!("{}", json_inert(&serde_json::to_string(&r)?));
        if all_bad {
            eprintln!("error: {}", sanitize(&all_bad_error()));
            return Ok(Exit::Failure);
        }
        return Ok(Exit::Ok);
    }
    // A backup or dossier of an empty database: valid, and nothing to do.
    if r.records == 0 && matches!(r.format.as_str(), "json" | "dossier") {
        println!(
            "{} has no customers in it; nothing was imported.",
            sanitize(&r.file.display().to_string())
        );
        return Ok(Exit::Ok);
    }
    let mut out = String::new();
    let verb = if r.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    out.push_str(&format!(
        "{verb} {} ({}, {}): {} created, {} merged, ",
        sanitize(&r.file.display().to_string()),
        r.format,
        r.encoding,
        r.created,
        r.merged,
    ));
    if r.unchanged > 0 {
        out.push_str(&format!("{} unchanged, ", r.unchanged));
    }
    out.push_str(&format!("{} skipped", r.skipped));
    if r.orgs_created > 0 {
        out.push_str(&format!(
            "; {} created",
            count(r.orgs_created, "organization", "organizations")
        ));
    }
    if r.history > 0 {
        out.push_str(&format!(
            "; {}",
            count(r.history, "history row", "history rows")
        ));
    }
    out.push_str(".\n");
    let not_merged = |n: &interop::NamesakeNote| {
        let ids: Vec<String> = n.namesakes.iter().map(|id| format!("#{id}")).collect();
        format!(
            " (not merged: {} have that name; `rolo merge` if it is one of them)",
            ids.join(" and ")
        )
    };
    for c in &r.creates {
        let namesakes = r
            .namesakes
            .iter()
            .find(|n| n.line == c.line && n.file == c.file)
            .map(not_merged)
            .unwrap_or_default();
        out.push_str(&format!(
            "  create {}: {}{namesakes}\n",
            place(c.file.as_deref(), c.line),
            sanitize(&c.name)
        ));
    }
    if r.created > r.creates.len() && !r.creates.is_empty() {
        out.push_str(&format!("  … and {} more\n", r.created - r.creates.len()));
    }
    let at = |m: &interop::import::MergeNote| {
        if m.line > 0 {
            format!("{}: ", place(m.file.as_deref(), m.line))
        } else {
            String::new()
        }
    };
    // Records that changed a customer, all of them; then, as a file imported again would
    // list every record, the first few that added nothing.
    for (changed, total, most) in [
        (true, r.merged, usize::MAX),
        (false, r.unchanged, UNCHANGED_LINES),
    ] {
        let (verb, link, tail) = if changed {
            ("merged", "into", "")
        } else {
            ("unchanged", "is", ", with nothing new")
        };
        let notes: Vec<_> = r
            .merges
            .iter()
            .filter(|m| m.changed == changed)
            .take(most)
            .collect();
        for m in &notes {
            out.push_str(&format!(
                "  {verb} {}{} {link} #{} ({}){tail}{}\n",
                at(m),
                sanitize(&m.name),
                m.into,
                m.by.as_str(),
                what_was_added(&m.added)
            ));
        }
        let more = total.saturating_sub(notes.len());
        if more > 0 {
            out.push_str(&if changed {
                format!("  … and {}\n", count(more, "more merge", "more merges"))
            } else {
                format!("  … and {more} more unchanged\n")
            });
        }
    }
    // (A dry run says it on its create lines.)
    for n in r.namesakes.iter().filter(|_| !r.dry_run) {
        out.push_str(&format!(
            "  created {}: {}{}\n",
            place(n.file.as_deref(), n.line),
            sanitize(&n.name),
            not_merged(n)
        ));
    }
    for s in &r.skipped_records {
        out.push_str(&format!("  skipped {}\n", sanitize(s)));
    }
    for s in &r.skipped_files {
        out.push_str(&format!("  skipped file {}\n", sanitize(s)));
    }
    if all_bad {
        print!("{out}");
        eprintln!("error: {}", sanitize(&all_bad_error()));
        return Ok(Exit::Failure);
    }
    if r.dry_run {
        out.push_str("Nothing was written (dry run).\n");
    } else if r.changed() {
        out.push_str("`rolo undo` takes the whole import back.\n");
    } else if r.unchanged > 0 {
        out.push_str("Nothing was written: rolo already had everything in the file.\n");
    } else {
        out.push_str("Nothing was written (every record was skipped).\n");
    }
    print!("{out}");
    Ok(Exit::Ok)
}

/// How many records that matched and added nothing an import report lists by name.
const UNCHANGED_LINES: usize = 5;

/// How many of the things a merge added its report line names, and how wide each may be.
const ADDED_ITEMS: usize = 4;
const ADDED_WIDTH: usize = 40;

/// ` — added phone +48 601 234 567, tag vip, notes` for a merge's report line (empty when
/// it added nothing): file text made inert, a long value cut, a long list cut to `… and 4
/// more`.
fn what_was_added(added: &[String]) -> String {
    if added.is_empty() {
        return String::new();
    }
    let shown = if added.len() > ADDED_ITEMS {
        ADDED_ITEMS - 1
    } else {
        added.len()
    };
    let mut items: Vec<String> = added[..shown]
        .iter()
        .map(|a| crate::domain::text::truncate(&sanitize(a), ADDED_WIDTH))
        .collect();
    if shown < added.len() {
        items.push(format!("… and {} more", added.len() - shown));
    }
    format!(" — added {}", items.join(", "))
}

/// `n` and the noun for it: "1 organization", "2 organizations".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How output bound for a terminal is made inert (files and pipes get the exact bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnTerminal {
    /// Already clean (vCard and iCalendar drop controls themselves).
    AsIs,
    /// JSON: the characters `serde_json` leaves raw that a terminal could act on (DEL, C1
    /// controls, bidi overrides and isolates) become `\uXXXX` escapes: the same data.
    JsonEscape,
    /// Text (CSV, Markdown): shown as [`crate::domain::text::sanitize_multiline`] shows it,
    /// with a note on standard error when that changed something.
    Sanitize,
}

/// A writer that makes what passes through it safe for a terminal (see [`OnTerminal`]).
/// Characters split across writes are held until complete.
struct TerminalSafe<W: Write> {
    inner: W,
    mode: OnTerminal,
    pending: Vec<u8>,
    /// True once `Sanitize` changed something.
    changed: bool,
}

impl<W: Write> TerminalSafe<W> {
    fn new(inner: W, mode: OnTerminal) -> Self {
        TerminalSafe {
            inner,
            mode,
            pending: Vec::new(),
            changed: false,
        }
    }

    fn convert(&mut self, text: &str) -> std::io::Result<()> {
        match self.mode {
            OnTerminal::AsIs => self.inner.write_all(text.as_bytes()),
            OnTerminal::JsonEscape => self.inner.write_all(json_inert(text).as_bytes()),
            OnTerminal::Sanitize => {
                let safe = crate::domain::text::sanitize_multiline(text);
                self.changed |= safe != text;
                self.inner.write_all(safe.as_bytes())
            }
        }
    }

    /// Converts the complete characters held; with `all`, an incomplete tail too (lossily).
    fn drain(&mut self, all: bool) -> std::io::Result<()> {
        let bytes = std::mem::take(&mut self.pending);
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.convert(s)?;
                    rest = &[];
                }
                Err(e) => {
                    let (good, tail) = rest.split_at(e.valid_up_to());
                    // Valid by `valid_up_to`.
                    self.convert(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        Some(n) => {
                            self.convert("\u{fffd}")?;
                            rest = &tail[n..];
                        }
                        None if all => {
                            self.convert("\u{fffd}")?;
                            rest = &[];
                        }
                        None => {
                            self.pending = tail.to_vec();
                            rest = &[];
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

fn emit(
    env: &Env,
    out: Option<&PathBuf>,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
    what: &str,
    on_terminal: OnTerminal,
) -> anyhow::Result<Exit> {
    if let Some(path) = out {
        let bytes = super::write_atomic(path, write)?;
        if env.json {
            println!("{}", json!({"ok": true, "file": path, "bytes": bytes}));
        } else {
            eprintln!("Wrote {what} to {}", sanitize(&path.display().to_string()));
        }
    } else {
        use std::io::IsTerminal;
        let stdout = std::io::stdout();
        // Controls in stored text must never reach a terminal; a pipe gets the exact data.
        let mode = if stdout.is_terminal() {
            on_terminal
        } else {
            OnTerminal::AsIs
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
        if mode == OnTerminal::AsIs {
            // A pipe, or a format clean already: the bytes as they are, not decoded again.
            write(&mut out)?;
            out.flush()?;
            return Ok(Exit::Ok);
        }
        let mut safe = TerminalSafe::new(out, mode);
        write(&mut safe)?;
        safe.flush()?;
        if safe.changed {
            eprintln!(
                "note: control characters in the data are shown as symbols on the terminal; \
                 --out FILE or a pipe gets the exact data"
            );
        }
    }
    Ok(Exit::Ok)
}

/// The format an `--out` name implies by its extension (any case).
fn format_of(path: &std::path::Path) -> Option<ExportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(ExportFormat::Json),
        "csv" => Some(ExportFormat::Csv),
        "vcf" | "vcard" => Some(ExportFormat::Vcard),
        "ics" => Some(ExportFormat::Ics),
        _ => None,
    }
}

/// An exporter's error for `anyhow`, an output error kept an `io::Error` (so that a closed
/// pipe, `rolo export | head`, ends quietly).
fn output_error(e: Box<dyn std::error::Error + Send + Sync>) -> anyhow::Error {
    match e.downcast::<std::io::Error>() {
        Ok(io) => anyhow::Error::from(*io),
        Err(other) => anyhow::Error::from_boxed(other),
    }
}

/// Runs `rolo export`.
pub fn export(env: &mut Env, a: &ExportArgs) -> anyhow::Result<Exit> {
    let Some(format) = a.format.or_else(|| a.out.as_deref().and_then(format_of)) else {
        let msg = match &a.out {
            Some(out) => format!(
                "cannot tell the format from `{}`: add --format json|csv|vcard|ics, or end \
                 the name in .json, .csv, .vcf or .ics",
                out.display()
            ),
            None => "say which format: --format json|csv|vcard|ics, or an --out name ending \
                     in .json, .csv, .vcf or .ics"
                .into(),
        };
        return Ok(report_error(&CommandError::Usage(msg), env.json));
    };
    let choose = a.choose.choose(false);
    let mut filter = crate::store::ListFilter::default();
    let mut chosen = None;
    if choose.any() {
        if format == ExportFormat::Json {
            let msg = "a JSON export is the whole database (a backup to restore); --tag, --org, \
                       --name, --kind and --tier choose customers for csv, vcard and ics \
                       (one customer's complete file: rolo dossier)";
            return Ok(report_error(&CommandError::Usage(msg.into()), env.json));
        }
        if choose.tier.is_some() {
            super::report::refresh(env)?;
        }
        filter = match choose.filter(env)? {
            Ok(f) => f,
            Err(e) => return Ok(report_error(&e, env.json)),
        };
        let n = env.store.count_customers(&filter)?;
        if n == 0 {
            return Ok(report_error(
                &CommandError::Rejected(
                    "no customer matches those filters; nothing was written".into(),
                ),
                env.json,
            ));
        }
        chosen = Some(n);
    }
    let store = &env.store;
    // Every format is written as it is read: a big database is never held in memory whole.
    let today = env.ctx.today;
    let v = if a.vcard_version == "3.0" {
        Version::V3
    } else {
        Version::V4
    };
    let of = |n: usize| {
        if n == 1 {
            "the 1 customer chosen".to_string()
        } else {
            format!("the {n} customers chosen")
        }
    };
    let (what, on_terminal): (String, OnTerminal) = match (format, chosen) {
        (ExportFormat::Json, _) => ("the backup".into(), OnTerminal::JsonEscape),
        (ExportFormat::Csv, None) => ("the customers".into(), OnTerminal::Sanitize),
        (ExportFormat::Csv, Some(n)) => (of(n), OnTerminal::Sanitize),
        (ExportFormat::Vcard, None) => ("the vCards".into(), OnTerminal::AsIs),
        (ExportFormat::Vcard, Some(n)) => (format!("the vCards of {}", of(n)), OnTerminal::AsIs),
        (ExportFormat::Ics, None) => ("the calendar".into(), OnTerminal::AsIs),
        (ExportFormat::Ics, Some(n)) => (
            format!("the open follow-ups of {}", of(n)),
            OnTerminal::AsIs,
        ),
    };
    emit(
        env,
        a.out.as_ref(),
        &mut |w| match format {
            ExportFormat::Json => Ok(interop::backup::write(store, w)?),
            ExportFormat::Csv => {
                interop::sheet::export::write(store, today, &filter, w).map_err(output_error)
            }
            ExportFormat::Vcard => vcards(store, &filter, v, w),
            ExportFormat::Ics => interop::ical::write(store, &filter, w).map_err(output_error),
        },
        &what,
        on_terminal,
    )
}

/// The customers `filter` keeps (all with the default) as vCards, card by card.
fn vcards(
    store: &crate::store::Store,
    filter: &crate::store::ListFilter,
    v: Version,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut ids: Vec<i64> = Vec::new();
    {
        let mut args = Vec::new();
        let chosen = filter.where_sql(&mut args);
        let mut stmt = store.conn().prepare(&format!(
            "SELECT c.id FROM customers c{chosen} ORDER BY c.id"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get(0))?;
        for id in rows {
            ids.push(id?);
        }
    }
    let mut card = String::new();
    for id in ids {
        let c = store.customer(crate::domain::CustomerId(id))?;
        card.clear();
        interop::vcard::write::write_card(&mut card, &c, v);
        w.write_all(card.as_bytes())?;
    }
    Ok(())
}

/// Runs `rolo dupes`.
pub fn dupes(env: &mut Env, a: &DupesArgs) -> anyhow::Result<Exit> {
    let found = interop::dupes::find(&env.store, a.limit)?;
    if env.json {
        // The pairs alone, as before: scripts read an array.
        println!("{}", serde_json::to_string(&found.pairs)?);
        return Ok(Exit::Ok);
    }
    let colleagues = match found.colleagues {
        0 => String::new(),
        n => format!(
            "{} only a phone and {} different emails (colleagues on one line?): not listed.",
            count(n, "pair shares", "pairs share"),
            if n == 1 { "has" } else { "have" }
        ),
    };
    if found.pairs.is_empty() {
        println!("No likely duplicates.");
        if !colleagues.is_empty() {
            println!("{colleagues}");
        }
        return Ok(Exit::Ok);
    }
    for p in &found.pairs {
        let why: Vec<String> = p
            .reasons
            .iter()
            .zip(&p.values)
            // Both names are on the line already: "same name" says it.
            .map(|(r, v)| match r {
                interop::apply::MatchBy::Name => r.as_str().to_string(),
                _ => format!("{} {}", r.as_str(), sanitize(v)),
            })
            .collect();
        println!(
            "#{} {}  ~  #{} {}  ({})",
            p.keep.0,
            sanitize(&p.keep.1),
            p.other.0,
            sanitize(&p.other.1),
            why.join(", ")
        );
    }
    if !colleagues.is_empty() {
        println!("{colleagues}");
    }
    println!("Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"` (undo takes it back).");
    Ok(Exit::Ok)
}

/// Runs `rolo merge`.
pub fn merge(env: &mut Env, a: &MergeArgs) -> anyhow::Result<Exit> {
    let keep = match resolve_one(&env.store, &CustomerRef::parse(&a.keep)) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let other = match resolve_one(&env.store, &CustomerRef::parse(&a.other)) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let m = match interop::dupes::merge(&mut env.store, keep.id, other.id, env.ctx.now, a.force) {
        Ok(m) => m,
        Err(e) => return Ok(report_error(&CommandError::from(e), env.json)),
    };
    if env.json {
        println!("{}", json!({"ok": true, "merged": m}));
    } else {
        println!(
            "Merged {} (#{}) into {} (#{}): {} interactions, {} follow-ups, {} deals, {} people moved{}.\n`rolo undo` takes it back.",
            sanitize(&m.from_name),
            m.from,
            sanitize(&m.name),
            m.into,
            m.interactions,
            m.follow_ups,
            m.deals,
            m.people,
            if m.changed.is_empty() {
                String::new()
            } else {
                format!("; {}", sanitize(&m.changed.join(", ")))
            }
        );
    }
    Ok(Exit::Ok)
}

/// Runs `rolo dossier`.
pub fn dossier(env: &mut Env, a: &DossierArgs) -> anyhow::Result<Exit> {
    let who = match resolve_one(&env.store, &CustomerRef::parse(&a.who.join(" "))) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let cfg = crate::insight::InsightConfig::with_currency(env.ctx.currency);
    crate::insight::refresh(&mut env.store, env.ctx.today, &cfg)?;
    let text = interop::dossier::write(&env.store, who.id, env.ctx.today, &cfg)?;
    emit(
        env,
        a.out.as_ref(),
        &mut |w| Ok(w.write_all(text.as_bytes())?),
        "the dossier",
        OnTerminal::Sanitize,
    )
}

/// Where a record was: `line 3`, or `a.vcf line 3` in an imported directory (file names
/// come from the user's disk: sanitized like any text).
fn place(file: Option<&str>, line: usize) -> String {
    match file {
        Some(f) => format!("{} line {line}", sanitize(f)),
        None => format!("line {line}"),
    }
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
    fn a_merge_line_says_what_it_added_briefly_and_inertly() {
        let v = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(what_was_added(&[]), "");
        assert_eq!(
            what_was_added(&v(&["phone +48 601 234 567", "tag vip", "notes"])),
            " — added phone +48 601 234 567, tag vip, notes"
        );
        assert_eq!(
            what_was_added(&v(&["a", "b", "c", "d"])),
            " — added a, b, c, d"
        );
        assert_eq!(
            what_was_added(&v(&["a", "b", "c", "d", "e", "f", "g"])),
            " — added a, b, c, … and 4 more"
        );
        let evil = what_was_added(&v(&["tag x\u{1b}]0;pwned\u{7}\u{202e}", &"w".repeat(80)]));
        assert!(!evil.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{evil}");
        assert!(
            evil.ends_with(&format!("{}…", "w".repeat(ADDED_WIDTH - 1))),
            "{evil}"
        );
    }

    fn through(mode: OnTerminal, chunks: &[&[u8]]) -> (String, bool) {
        let mut w = TerminalSafe::new(Vec::new(), mode);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.flush().unwrap();
        let changed = w.changed;
        (String::from_utf8(w.inner).unwrap(), changed)
    }

    #[test]
    fn the_out_extension_names_the_format() {
        let f = |p: &str| format_of(std::path::Path::new(p));
        assert!(matches!(f("all.json"), Some(ExportFormat::Json)));
        assert!(matches!(f("/x/Customers.CSV"), Some(ExportFormat::Csv)));
        assert!(matches!(f("c.vcf"), Some(ExportFormat::Vcard)));
        assert!(matches!(f("c.vcard"), Some(ExportFormat::Vcard)));
        assert!(matches!(f("f.ics"), Some(ExportFormat::Ics)));
        assert!(f("notes.txt").is_none());
        assert!(f("noext").is_none());
    }

    #[test]
    fn json_for_a_terminal_escapes_what_serde_leaves_raw() {
        let value = "Evil\u{1b}[2J\u{7} \u{9b}31m \u{202e}Rev\u{7f}";
        let json = serde_json::to_string(&json!({ "name": value })).unwrap();
        // serde_json escapes C0 itself; C1, DEL and bidi overrides stay raw.
        assert!(json.contains("\\u001b") && json.contains('\u{9b}'));
        let bytes = json.as_bytes();
        // Split inside the two-byte C1 character: still escaped whole.
        let cut = json.find('\u{9b}').unwrap() + 1;
        let (out, changed) = through(OnTerminal::JsonEscape, &[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(
            out,
            r#"{"name":"Evil\u001b[2J\u0007 \u009b31m \u202eRev\u007f"}"#
        );
        assert!(!changed);
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["name"], value, "the same data");
    }

    #[test]
    fn text_for_a_terminal_is_sanitized_and_says_so() {
        let csv = "id,name\n1,Evil\u{1b}[2J\u{7}\n2,Org\u{1b}]0;pwned\u{7}\n3,Zoë\n";
        let bytes = csv.as_bytes();
        let cut = csv.find('ë').unwrap() + 1;
        let (out, changed) = through(OnTerminal::Sanitize, &[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(out, "id,name\n1,Evil␛[2J␇\n2,Org␛]0;pwned␇\n3,Zoë\n");
        assert!(changed);
        let (out, changed) = through(OnTerminal::Sanitize, &[b"id,name\n3,Zo\xc3", b"\xab\n"]);
        assert_eq!((out.as_str(), changed), ("id,name\n3,Zoë\n", false));
        let (out, _) = through(OnTerminal::AsIs, &[csv.as_bytes()]);
        assert_eq!(out, csv);
    }
}
