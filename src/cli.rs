//! The command line: clap definitions, dispatch to the shared executor, tables or `--json`.

pub mod args;
pub mod doctor;
pub mod interop;
mod print;
pub mod report;
pub mod table;

pub use args::{Cli, Verb};

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::json;

use crate::command::{self, Command, CommandError, Context};
use crate::config::Config;
use crate::domain::text::sanitize;
use crate::store::Store;

/// How a CLI run ended, for the exit code.
pub enum Exit {
    /// Success.
    Ok,
    /// A usage error or an ambiguous / unknown customer (exit 2).
    Usage,
    /// Any other failure (exit 1).
    Failure,
}

/// Everything a verb needs.
pub struct Env {
    /// The open store.
    pub store: Store,
    /// Today, now, week start, currency.
    pub ctx: Context,
    /// The loaded config.
    pub config: Config,
    /// Print JSON instead of tables.
    pub json: bool,
}

/// Prints a command error the way scripts and people both can use, and returns the exit kind.
pub fn report_error(e: &CommandError, json: bool) -> Exit {
    let code = e.exit_code();
    if json {
        let mut v = json!({"error": e.to_string()});
        match e {
            CommandError::Ambiguous {
                candidates, total, ..
            } => {
                v["candidates"] = json!(candidates);
                v["total"] = json!(total);
            }
            CommandError::NotFound { suggestions, .. } => {
                v["suggestions"] = json!(suggestions);
            }
            _ => {}
        }
        println!("{v}");
    } else {
        let mut msg = format!("error: {}", sanitize(&e.to_string()));
        if let CommandError::Ambiguous {
            candidates, total, ..
        } = e
        {
            msg.push('\n');
            msg.push_str(&print::candidates(candidates));
            if *total > candidates.len() {
                msg.push_str(&format!("  … and {} more\n", total - candidates.len()));
            }
            if let Some(first) = candidates.first() {
                msg.push_str(&format!(
                    "pick one with its id, e.g. \"{}\" in place of the name",
                    first.id
                ));
            }
        }
        eprintln!("{}", msg.trim_end());
    }
    if code == 2 {
        Exit::Usage
    } else {
        Exit::Failure
    }
}

/// Runs a command through the shared executor and prints its outcome.
pub fn run_command(env: &mut Env, cmd: &Command) -> Exit {
    match command::execute(&mut env.store, cmd, &env.ctx) {
        Ok(out) => {
            if env.json {
                println!(
                    "{}",
                    json!({"ok": true, "message": out.message, "customer": out.customer, "details": out.details})
                );
            } else {
                println!("{}", out.message);
            }
            Exit::Ok
        }
        Err(e) => report_error(&e, env.json),
    }
}

/// Writes what `write` writes to `path` atomically, as it writes it: a private (0600)
/// temporary file in the same directory, fsync, rename. Returns the bytes written. On an
/// error the temporary file is removed and the old file, if any, stays.
///
/// A symbolic link is followed: the file it points to is replaced, and the link stays (a
/// `contacts.vcf` linked into a synced folder). A device, pipe or socket (`/dev/stdout`, a
/// FIFO) is written into as it is: there is nothing to rename. The database's own file
/// (`db`, and its `-wal`, `-shm` and `-journal` files) is refused.
pub fn write_atomic(
    path: &Path,
    db: Option<&Path>,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    // Errors name the file asked for, never the temporary one next to it.
    let shown = path.display();
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot write `{shown}`"))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        let mut counted = Counted {
            inner: &mut out,
            bytes: 0,
        };
        write(&mut counted)?;
        let bytes = counted.bytes;
        out.flush()
            .with_context(|| format!("cannot write `{shown}`"))?;
        return Ok(bytes);
    }
    let target = link_target(path);
    let path = target.as_path();
    if path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
    {
        anyhow::bail!("cannot write `{shown}`: it is a directory; give a file name in it");
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write `{shown}`: {}",
            if dir.exists() {
                "its parent is not a directory"
            } else {
                "no such directory"
            }
        );
    }
    if let Some(db) = db
        && is_database_file(path, &dir, db)
    {
        anyhow::bail!(
            "cannot write `{shown}`: it is the database rolo has open; give another file name \
             (nothing was written)"
        );
    }
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    // Private from the first byte: an export holds the whole customer base.
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let f = open
        .open(&tmp)
        .with_context(|| format!("cannot write `{shown}`"))?;
    let done = (|| -> anyhow::Result<u64> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        f.sync_all()?;
        let bytes = f.metadata()?.len();
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write `{shown}`"))?;
        Ok(bytes)
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        remove_stale_temporaries(&dir, &name);
    }
    done
}

/// Counts the bytes written through it.
struct Counted<'a> {
    inner: &'a mut dyn Write,
    bytes: u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where a symbolic link at `path` points, followed to the end (a dangling one to the
/// file it names); `path` itself when it is no link.
fn link_target(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_path_buf();
    }
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match std::fs::read_link(path) {
        Ok(to) if to.is_absolute() => to,
        Ok(to) => path.parent().map_or(to.clone(), |p| p.join(&to)),
        Err(_) => path.to_path_buf(),
    }
}

/// Whether `path` (in `dir`) is the database `db` or one of the files beside it that
/// `SQLite` keeps.
fn is_database_file(path: &Path, dir: &Path, db: &Path) -> bool {
    let (Ok(dir), Ok(db)) = (std::fs::canonicalize(dir), std::fs::canonicalize(db)) else {
        return false;
    };
    let Some(name) = path.file_name() else {
        return false;
    };
    let target = dir.join(name);
    let db = db.as_os_str().to_string_lossy().into_owned();
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .any(|suffix| target.as_os_str().to_string_lossy() == format!("{db}{suffix}"))
}

/// Removes the temporary files an earlier export to the same name left when it was killed
/// (`.contacts.vcf.tmp-4242`, whose process is gone). Only where `/proc` says which
/// processes run.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        if pid.bytes().all(|b| b.is_ascii_digit()) && !proc.join(pid).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Runs a parsed command line (with a store) and returns how it ended.
pub fn dispatch(env: &mut Env, verb: &Verb) -> anyhow::Result<Exit> {
    use print::ListArgs;
    match verb.to_command(&env.ctx) {
        Err(e) => return Ok(report_error(&e, env.json)),
        Ok(Some(cmds)) => {
            // Several follow-ups at once: all or nothing, so check them all first.
            if cmds.len() > 1 {
                for cmd in &cmds {
                    if let Command::Done(id) = cmd {
                        let problem = match env.store.follow_up(*id) {
                            Err(e) => Some(CommandError::from(e)),
                            Ok(f) if f.status != crate::domain::FollowUpStatus::Open => {
                                Some(CommandError::Rejected(format!(
                                    "follow-up {id} is {} already; nothing was changed",
                                    f.status
                                )))
                            }
                            Ok(_) => None,
                        };
                        if let Some(e) = problem {
                            return Ok(report_error(&e, env.json));
                        }
                    }
                }
            }
            let mut worst = Exit::Ok;
            for cmd in &cmds {
                match run_command(env, cmd) {
                    Exit::Ok => {}
                    other => worst = other,
                }
            }
            return Ok(worst);
        }
        Ok(None) => {}
    }
    match verb {
        Verb::Today { limit } => print::today(env, *limit),
        Verb::Upcoming { limit } => print::upcoming(env, *limit),
        Verb::Show { who, history } => print::show(env, &who.join(" "), *history),
        Verb::List {
            choose,
            due,
            cold,
            sort,
            limit,
            offset,
        } => {
            use crate::store::CustomerSort;
            let sort = match sort {
                args::SortArg::Name => Some(CustomerSort::Name),
                args::SortArg::Last => Some(CustomerSort::LastContact),
                args::SortArg::Oldest => Some(CustomerSort::Oldest),
                args::SortArg::Value => Some(CustomerSort::Value),
                args::SortArg::Next => Some(CustomerSort::NextDue),
                // Risk ranks accounts, not customer rows: the risk list below.
                args::SortArg::Risk => None,
            };
            let a = ListArgs {
                choose: choose.choose(*due),
                sort: sort.unwrap_or_default(),
                limit: *limit,
                offset: *offset,
            };
            if !*cold && sort.is_some() {
                return print::list(env, &a);
            }
            if a.choose.any() {
                return Ok(report_error(
                    &CommandError::Usage(
                        "--cold and --sort risk list accounts and take no other filter (only --limit/--offset)".into(),
                    ),
                    env.json,
                ));
            }
            report::risk_list(env, *cold, *offset, *limit)
        }
        Verb::Report { period } => report::report(env, period),
        Verb::Search { words, limit } => print::search(env, &words.join(" "), *limit),
        Verb::Undo { list: true } => print::journal(env),
        Verb::Demo {
            customers,
            seed,
            force,
        } => demo(env, *customers, *seed, *force),
        Verb::Doctor => doctor::doctor(env),
        Verb::Backup { file } => {
            env.store.backup_to(file)?;
            if env.json {
                println!("{}", json!({"ok": true, "backup": file}));
            } else {
                println!("Backed up to {}", file.display());
            }
            Ok(Exit::Ok)
        }
        Verb::Import(a) => interop::import(env, a),
        Verb::Export(a) => interop::export(env, a),
        Verb::Dupes(a) => interop::dupes(env, a),
        Verb::Merge(a) => interop::merge(env, a),
        Verb::Dossier(a) => interop::dossier(env, a),
        _ => Ok(Exit::Ok),
    }
}

fn demo(env: &mut Env, customers: usize, seed: u64, force: bool) -> anyhow::Result<Exit> {
    if !env.store.is_empty()? && !force {
        return Ok(report_error(
            &CommandError::Rejected(format!(
                "the database `{}` already holds customers; demo data goes into an empty one \
                 (use --db other.db, or --force to replace everything)",
                env.store
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )),
            env.json,
        ));
    }
    if customers > 1_000_000 {
        return Ok(report_error(
            &CommandError::Usage("--customers: at most 1000000".into()),
            env.json,
        ));
    }
    let started = std::time::Instant::now();
    // What `--force` replaces is kept in a copy beside the file first: the demo cannot be
    // undone (it clears the journal too).
    let mut kept = None;
    if force
        && !env.store.is_empty()?
        && let Some(path) = env.store.path()
    {
        let stamp = env.ctx.now.format("%Y%m%d-%H%M%S");
        let copy = path.with_extension(format!("before-demo-{stamp}.db"));
        env.store.backup_to(&copy)?;
        kept = Some(copy);
    }
    if force {
        env.store.clear_all()?;
    }
    let summary = crate::demo::generate(
        &mut env.store,
        &crate::demo::DemoOptions {
            customers,
            seed,
            today: env.ctx.today,
            now: env.ctx.secs(),
            currency: env.ctx.currency,
        },
    )?;
    // Build the tier and risk caches now, so the first `rolo report` is instant.
    report::refresh(env)?;
    if env.json {
        println!(
            "{}",
            json!({"ok": true, "demo": summary, "seconds": started.elapsed().as_secs_f64()})
        );
    } else {
        println!(
            "Demo data: {} customers ({} organizations), {} interactions, {} follow-ups, {} deals in {}.\nNext: `rolo today`, `rolo list --sort value`, or just `rolo`.",
            summary.customers,
            summary.orgs,
            summary.interactions,
            summary.follow_ups,
            summary.deals,
            // 200 customers take a tenth of a second: "0.0s" read as if nothing was made.
            match started.elapsed().as_secs_f64() {
                s if s < 1.0 => format!("{} ms", (s * 1000.0).round()),
                s => format!("{s:.1} s"),
            }
        );
    }
    if let Some(copy) = kept {
        eprintln!(
            "The customers that were here are kept in `{0}` (rolo --db \"{0}\" to open them).",
            sanitize(&copy.display().to_string())
        );
    }
    Ok(Exit::Ok)
}
