//! End-to-end: the real binary in a private tmux server logs a call through the palette,
//! quits, and `rolo show --json` finds it; the terminal is restored afterwards.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    /// Whether tmux is there; says the test is skipped when not.
    fn installed() -> bool {
        let there = Command::new("tmux").arg("-V").output().is_ok();
        if !there {
            eprintln!(
                "note: tmux is not installed; skipping the TUI end-to-end test (.ci/run installs it)"
            );
        }
        there
    }

    /// A private tmux server (named for this process and `suffix`) running `script` in a
    /// `width`x`height` session called `rolo`.
    fn start(suffix: &str, width: u16, height: u16, script: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("rolo-test-{}{suffix}", std::process::id()),
        };
        let (w, h) = (width.to_string(), height.to_string());
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "rolo",
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            script,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "rolo"]).stdout).to_string()
    }

    /// Polls the pane until `needle` shows up (no fixed sleeps).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "`{needle}` did not appear; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "rolo"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    fn literal(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "rolo", "-l", text])
                .status
                .success()
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn seed(db: &Path) {
    use rolo::command::{Context, execute, parse};
    let mut store = rolo::store::Store::open(db).expect("open db");
    let ctx = Context {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        now: chrono::DateTime::from_timestamp(1_795_435_200, 0).unwrap(),
        week_start: chrono::Weekday::Mon,
        currency: rolo::domain::Currency::parse("PLN").expect("PLN"),
    };
    for line in ["add Anna Kowalska org \"Acme\"", "add Bartek Zielinski"] {
        let cmd = parse(line, &ctx).expect("parse");
        execute(&mut store, &cmd, &ctx).expect("add");
    }
    let cmd = parse("follow bartek today \"Call about the contract\"", &ctx).expect("parse");
    execute(&mut store, &cmd, &ctx).expect("follow");
}

#[test]
fn tui_logs_a_call_through_the_palette_and_restores_the_terminal() {
    if !Tmux::installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    seed(&db);
    let exe = env!("CARGO_BIN_EXE_rolo");
    let script = format!(
        "cd '{dir}' && XDG_CONFIG_HOME='{dir}' ROLO_TODAY=2026-11-23 '{exe}' --db '{db}'; \
         echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; \
         echo; exec sleep 60",
        dir = dir.path().display(),
        db = db.display(),
    );
    let tmux = Tmux::start("", 100, 30, &script);

    tmux.wait_for("of 1 reviewed");
    tmux.keys(&[":"]);
    tmux.wait_for("Command");
    tmux.literal("call anna kow: pricing ok next fri \"send demo\"");
    tmux.wait_for("Enter will save: Log call with Anna Kowalska");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Logged call with Anna Kowalska");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(
        screen.contains("EXIT=0"),
        "rolo did not exit cleanly:\n{screen}"
    );
    // Canonical mode and echo are back on, and the alternate screen is left.
    let after = tmux.wait_for("icanon");
    assert!(
        after.contains(" icanon") || after.contains("\nicanon"),
        "terminal left raw:\n{after}"
    );
    assert!(
        !after.contains("-icanon") && !after.contains("-echo"),
        "terminal left raw:\n{after}"
    );
    let alt = tmux.run(&["display-message", "-p", "-t", "rolo", "#{alternate_on}"]);
    assert_eq!(
        String::from_utf8_lossy(&alt.stdout).trim(),
        "0",
        "still on the alternate screen"
    );

    let show = Command::new(exe)
        .args(["--db"])
        .arg(&db)
        .args(["show", "anna", "--json"])
        .env("ROLO_TODAY", "2026-11-23")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .expect("rolo show");
    let json = String::from_utf8_lossy(&show.stdout);
    assert!(
        show.status.success(),
        "rolo show failed: {}",
        String::from_utf8_lossy(&show.stderr)
    );
    assert!(
        json.contains("pricing ok"),
        "the call was not saved:\n{json}"
    );
    assert!(
        json.contains("send demo") && json.contains("2026-11-27"),
        "the next step was not saved:\n{json}"
    );
}

#[test]
fn tui_imports_a_csv_through_the_dialog_and_shows_the_customer() {
    if !Tmux::installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    // `~/people.csv` in the dialog: HOME is the temporary directory.
    std::fs::write(
        dir.path().join("people.csv"),
        "Name,E-mail Address,Company\nZofia Testowa,zofia@example.com,Testex\n",
    )
    .expect("write csv");
    let exe = env!("CARGO_BIN_EXE_rolo");
    let script = format!(
        "cd '{dir}' && HOME='{dir}' XDG_CONFIG_HOME='{dir}' ROLO_TODAY=2026-11-23 '{exe}' --db '{db}'; \
         echo EXIT=$?; exec sleep 60",
        dir = dir.path().display(),
        db = db.display(),
    );
    let tmux = Tmux::start("-import", 80, 24, &script);

    tmux.wait_for("The database is empty");
    tmux.keys(&["I"]);
    tmux.wait_for("Import contacts");
    // A file that is not there: the error shows in the dialog, which stays open.
    tmux.literal("~/nope.csv");
    tmux.keys(&["Enter"]);
    tmux.wait_for("cannot read");
    tmux.keys(&["C-u"]);
    // Tab completes the name, as a shell does: `~/peo` is `~/people.csv`.
    tmux.literal("~/peo");
    tmux.keys(&["Tab"]);
    tmux.wait_for("file: ~/people.csv");
    // Enter previews what the import would do; Enter again imports.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("create line 2: Zofia Testowa");
    assert!(
        screen.contains("Would import") && screen.contains("Enter imports"),
        "no preview:\n{screen}"
    );
    tmux.keys(&["Enter"]);
    let screen =
        tmux.wait_for("Imported people.csv: 1 created + 1 organization, 0 merged — u undoes it");
    assert!(
        !screen.contains("Import contacts"),
        "the dialog stayed open:\n{screen}"
    );
    let screen = tmux.wait_for("Zofia Testowa");
    assert!(
        screen.contains("Customers 2"),
        "the customer and her company are not listed:\n{screen}"
    );
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(
        screen.contains("EXIT=0"),
        "rolo did not exit cleanly:\n{screen}"
    );
}

/// Names of clusters a terminal keeps in several columns (Devanagari `र्मा`, Thai `จำ`, a
/// flag's two letters) leave nothing behind when a filter draws the list over them; they
/// did: `मा`, `ำ` and `🇷` stayed on the emptied rows.
#[test]
fn tui_filter_leaves_no_piece_of_a_cluster_on_the_screen() {
    use rolo::command::{Context, execute, parse};
    if !Tmux::installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    {
        let mut store = rolo::store::Store::open(&db).expect("open db");
        let ctx = Context {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            now: chrono::DateTime::from_timestamp(1_795_435_200, 0).unwrap(),
            week_start: chrono::Weekday::Mon,
            currency: rolo::domain::Currency::parse("PLN").expect("PLN"),
        };
        for line in [
            "add Anna Kowalska",
            "add प्रिया शर्मा",
            "add สมชาย จำกัด",
            "add Nikos Flag 🇬🇷",
        ] {
            let cmd = parse(line, &ctx).expect("parse");
            execute(&mut store, &cmd, &ctx).expect("add");
        }
    }
    let exe = env!("CARGO_BIN_EXE_rolo");
    let script = format!(
        "cd '{dir}' && XDG_CONFIG_HOME='{dir}' ROLO_TODAY=2026-11-23 '{exe}' --db '{db}'; \
         echo EXIT=$?; exec sleep 60",
        dir = dir.path().display(),
        db = db.display(),
    );
    let tmux = Tmux::start("-clusters", 80, 24, &script);
    tmux.wait_for("Nikos Flag");
    tmux.keys(&["f"]);
    tmux.literal("anna");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("1 customer matches");
    let rows: Vec<&str> = screen.lines().skip(2).take(4).collect();
    assert_eq!(
        rows.iter()
            .map(|r| r.chars().take(28).collect::<String>())
            .collect::<Vec<_>>(),
        [
            "┃- C Anna Kowalska    never┃",
            "┃                          ┃",
            "┃                          ┃",
            "┃                          ┃",
        ],
        "the screen was:\n{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
}
