//! The rolo binary: parse the command line, open the store, hand over to the CLI or the TUI.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{CommandFactory, Parser};
use rolo::cli::{self, Cli, Env, Exit, Verb};
use rolo::command::Context;
use rolo::config::{self, Config};
use rolo::store::Store;

fn main() -> ExitCode {
    quiet_broken_pipe();
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Exit::Ok) => ExitCode::SUCCESS,
        Ok(Exit::Usage) => ExitCode::from(2),
        Ok(Exit::Failure) => ExitCode::from(1),
        // `rolo export | head`: the reader has what it wanted.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::from(1)
        }
        Err(e) => {
            let mut msg = format!("{e:#}");
            // A database error can quote a whole generated statement: the start says it all.
            if let Some((cut, _)) = msg.char_indices().nth(600) {
                msg.truncate(cut);
                msg.push('…');
            }
            eprintln!("error: {}", rolo::domain::text::sanitize(&msg));
            ExitCode::from(1)
        }
    }
}

/// `rolo list | head` closes stdout early; `println!` then panics. End quietly with exit 1
/// instead of printing a panic (Rust ignores SIGPIPE, and `unsafe` is forbidden here).
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .payload_as_str()
            .is_some_and(|m| m.contains("failed printing to stdout") && m.contains("Broken pipe"))
        {
            std::process::exit(1);
        }
        default(info);
    }));
}

fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.verb {
        Some(Verb::Completions { shell }) => {
            use clap_complete::Shell;
            let shell = match shell {
                cli::args::ShellArg::Bash => Shell::Bash,
                cli::args::ShellArg::Zsh => Shell::Zsh,
                cli::args::ShellArg::Fish => Shell::Fish,
                cli::args::ShellArg::Elvish => Shell::Elvish,
                cli::args::ShellArg::Powershell => Shell::PowerShell,
            };
            clap_complete::generate(shell, &mut Cli::command(), "rolo", &mut std::io::stdout());
            return Ok(Exit::Ok);
        }
        Some(Verb::Man) => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            return Ok(Exit::Ok);
        }
        _ => {}
    }
    let config_path = config::config_path();
    let config = Config::load(&config_path)?;
    if let Some(Verb::Config { path }) = &cli.verb {
        if *path {
            println!("{}", config_path.display());
        } else if cli.json {
            println!("{}", serde_json::to_string_pretty(&config)?);
        } else {
            println!(
                "# {}{}",
                config_path.display(),
                if config_path.exists() {
                    ""
                } else {
                    " (not created yet; these are the defaults)"
                }
            );
            print!("{}", toml::to_string_pretty(&config)?);
        }
        return Ok(Exit::Ok);
    }
    let ctx = match Context::from_env(
        config.week_start_day().unwrap_or(chrono::Weekday::Mon),
        config.currency(),
    ) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("error: {msg}");
            return Ok(Exit::Usage);
        }
    };
    let db = cli.db.clone().unwrap_or_else(config::default_db_path);
    // A dry run writes nothing, not even the database file (and its folder) on a machine
    // that has none yet: it runs against an empty database in memory.
    let dry_run = matches!(&cli.verb, Some(Verb::Import(a)) if a.dry_run);
    // What an upgrade said, for the screen too (it opens over the terminal's scrollback).
    let mut upgraded: Vec<String> = Vec::new();
    let store = if dry_run && !db.exists() {
        Store::open_in_memory()
    } else {
        Store::open_with_notice(&db, &mut |u| {
            let copy = u.backup.as_ref().map_or_else(String::new, |b| {
                format!("; the old file is copied to {} first", b.display())
            });
            upgraded.push(format!(
                "upgrading {} from schema v{} to v{}{copy}…",
                db.display(),
                u.from,
                u.to
            ));
            const SHOWN: usize = 20;
            if !u.changes.is_empty() {
                upgraded.push(
                    "values past rolo's limits are brought to them (the copy keeps them as they were):"
                        .into(),
                );
            }
            for change in u.changes.iter().take(SHOWN) {
                upgraded.push(format!("  {}", rolo::domain::text::sanitize(change)));
            }
            if u.changes.len() > SHOWN {
                upgraded.push(format!("  and {} more like these", u.changes.len() - SHOWN));
            }
            for line in &upgraded {
                eprintln!("rolo: {line}");
            }
        })
    }
    .with_context(|| format!("database `{}`", db.display()))?;
    match &cli.verb {
        None => {
            rolo::tui::run(
                store,
                ctx,
                rolo::tui::TuiOptions {
                    keymap_override: Some(config::keymap_path()),
                    no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
                    insight: Some(cli::report::insight_config(&config, &ctx)),
                    upgraded,
                },
            )?;
            Ok(Exit::Ok)
        }
        Some(verb) => {
            let mut env = Env {
                store,
                ctx,
                config,
                json: cli.json,
            };
            cli::dispatch(&mut env, verb)
        }
    }
}
