//! The terminal interface: setup and restore, and the synchronous event loop
//! (key -> popup or keymap -> Action -> `App::update` -> store -> state -> render).

pub mod action;
pub mod app;
pub mod form;
pub mod input;
pub mod keymap;
pub mod measures;
pub mod palette;
pub mod pane;
pub mod popup;
pub mod theme;
pub mod view;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use app::{App, Tone};
use keymap::Keymap;
use popup::External;
use theme::Theme;

/// How the TUI starts.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// A user keymap (TOML) overriding single keys; a missing file is fine.
    pub keymap_override: Option<PathBuf>,
    /// Draw without colours (`NO_COLOR` or `--no-color`).
    pub no_color: bool,
    /// Tier window, cadences per tier and so on; `None` uses the defaults with the context's
    /// currency and week start.
    pub insight: Option<crate::insight::InsightConfig>,
    /// What opening the database upgraded, as the CLI says it on stderr (lines; raw text of
    /// the database inside: shown sanitized): a TUI user would see it only after quitting.
    /// The screen says the upgrade in its status bar, and opens on the values it changed
    /// when there are some. Empty when nothing was upgraded.
    pub upgraded: Vec<String>,
}

/// How often the loop wakes to check whether another process changed the database.
const POLL: Duration = Duration::from_millis(250);

/// A pause in typing this long refreshes the palette's preview.
const IDLE: Duration = Duration::from_millis(30);

/// Builds the app the loop runs (also used by tests and benchmarks).
pub fn build_app(
    store: crate::store::Store,
    ctx: crate::command::Context,
    options: &TuiOptions,
) -> App {
    let (keymap, warning) = Keymap::load(options.keymap_override.as_deref());
    let theme = Theme::new(options.no_color || Theme::no_color_env());
    let cfg = options
        .insight
        .clone()
        .unwrap_or_else(|| measures::config_from(&ctx));
    let mut app = App::with_insight(store, ctx, keymap, theme, cfg);
    if let Some(w) = warning {
        app.say(w, Tone::Error);
    }
    // A schema upgrade alone is a line in the status bar; one that changed values the user
    // typed opens on them.
    if let [only] = options.upgraded.as_slice() {
        app.say(crate::domain::text::sanitize(only), Tone::Ok);
    } else if !options.upgraded.is_empty() {
        app.popup = Some(popup::Popup::Note {
            title: "Database upgraded".into(),
            text: crate::domain::text::sanitize_multiline(&options.upgraded.join("\n")),
            scroll: 0,
        });
    }
    app
}

/// Runs the TUI until the user quits; restores the terminal on every path
/// (`ratatui::init`/`restore` and its panic hook).
#[allow(clippy::needless_pass_by_value)] // the signature main.rs calls
pub fn run(
    store: crate::store::Store,
    ctx: crate::command::Context,
    options: TuiOptions,
) -> anyhow::Result<()> {
    let options = &options;
    let db = store.path().map(std::path::Path::to_path_buf);
    let mut app = build_app(store, ctx, options);
    let mut terminal = ratatui::try_init().context("cannot start the terminal interface")?;
    let result = event_loop(&mut terminal, &mut app, db.as_deref());
    // Quit while an import ran: it stops and rolls back before rolo ends.
    app.cancel_import();
    while app.poll_import() {
        std::thread::sleep(IDLE);
    }
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    db: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    app.resize(size.width, size.height);
    let mut last_tick = Instant::now();
    // For the startup benchmark (benches/startup.sh): draw the first full screen and leave.
    let first_frame_only = std::env::var_os("ROLO_BENCH_FIRST_FRAME").is_some();
    while !app.quit {
        let importing = app.poll_import();
        terminal
            .draw(|f| view::render(f, app))
            .context("cannot draw the screen")?;
        if first_frame_only {
            break;
        }
        let timeout = if app.wants_idle() {
            IDLE
        } else if importing {
            // The dialog's count, redrawn while the import runs.
            Duration::from_millis(100)
        } else {
            POLL
        };
        if event::poll(timeout).context("cannot read the keyboard")? {
            let event = event::read().context("cannot read the keyboard")?;
            // What a key does is stamped with the time it is pressed, not the start's.
            if app.ctx.read_clock() {
                app.new_day();
            }
            match event {
                Event::Key(k) => app.handle_key(k),
                Event::Resize(w, h) => app.resize(w, h),
                _ => {}
            }
        } else {
            app.idle();
        }
        if last_tick.elapsed() >= POLL {
            if app.ctx.read_clock() {
                app.new_day();
            }
            app.tick();
            last_tick = Instant::now();
        }
        if let Some(ext) = app.external.take() {
            match ext {
                External::Editor { text, target } => {
                    ratatui::restore();
                    let result = edit_in_editor(&text);
                    *terminal =
                        ratatui::try_init().context("cannot restart the terminal interface")?;
                    terminal.clear().ok();
                    app.editor_done(target, result);
                }
                External::Import(run) => {
                    // The dialog counts the records while the import runs beside the loop.
                    terminal.draw(|f| view::render(f, app)).ok();
                    app.start_import(&run);
                }
                External::Run { args, what } => {
                    app.say(format!("{what}…"), Tone::Info);
                    terminal.draw(|f| view::render(f, app)).ok();
                    let result = run_rolo(db, &args);
                    app.external_done(&what, result);
                }
            }
        }
    }
    Ok(())
}

/// Writes `text` to a private temporary file, runs `$VISUAL` / `$EDITOR` (or `vi`) on it
/// with the terminal in normal mode, and reads it back.
fn edit_in_editor(text: &str) -> Result<String, String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let path = std::env::temp_dir().join(format!(
        "rolo-note-{}-{}.md",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    {
        use std::io::Write as _;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(&path)
            .map_err(|e| format!("cannot create a temporary file: {e}"))?;
        f.write_all(text.as_bytes())
            .map_err(|e| format!("cannot write the note: {e}"))?;
    }
    let result = run_editor(&editor, &path);
    let _ = std::fs::remove_file(&path);
    result
}

fn run_editor(editor: &str, path: &std::path::Path) -> Result<String, String> {
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run the editor `{editor}` ({e}); set $EDITOR"))?;
    if !status.success() {
        return Err(format!(
            "the editor `{editor}` failed ({status}); nothing changed"
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read the note back: {e}"))
}

/// Runs this rolo binary on the same database (`rolo --db <path> <args>`).
fn run_rolo(db: Option<&std::path::Path>, args: &[String]) -> Result<String, String> {
    let Some(db) = db else {
        return Err("an in-memory database cannot be shared with another process".into());
    };
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the rolo binary: {e}"))?;
    let out = std::process::Command::new(exe)
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run rolo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if out.status.success() {
        Ok(if stdout.trim().is_empty() {
            stderr
        } else {
            stdout
        })
    } else {
        Err(stderr.lines().next().unwrap_or("failed").to_string())
    }
}
