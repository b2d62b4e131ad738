//! The command line: clap definitions, dispatch to the shared executor, tables or `--json`.

pub mod args;
pub mod doctor;
pub mod interop;
mod print;
pub mod report;
pub mod table;

pub use args::{Cli, Verb};

use std::io::Write;
use std::path::PathBuf;

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
pub fn write_atomic(
    path: &PathBuf,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
    // Errors name the file asked for, never the temporary one next to it.
    if path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
    {
        anyhow::bail!(
            "cannot write `{}`: it is a directory; give a file name in it",
            path.display()
        );
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write `{}`: {}",
            path.display(),
            if dir.exists() {
                "its parent is not a directory"
            } else {
                "no such directory"
            }
        );
    }
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    // Private from the first byte: an export holds the whole customer base.
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let f = open
        .open(&tmp)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    let done = (|| -> anyhow::Result<u64> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        f.sync_all()?;
        let bytes = f.metadata()?.len();
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(bytes)
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
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
    if force {
        env.store.clear_all()?;
    }
    let summary = crate::demo::generate(
        &mut env.store,
        &crate::demo::DemoOptions {
            customers,
            seed,
            today: env.ctx.today,
            now: env.ctx.now,
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
            "Demo data: {} customers ({} organizations), {} interactions, {} follow-ups, {} deals in {:.1}s.\nNext: `rolo today`, `rolo list --sort value`, or just `rolo`.",
            summary.customers,
            summary.orgs,
            summary.interactions,
            summary.follow_ups,
            summary.deals,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Exit::Ok)
}
