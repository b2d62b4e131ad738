//! CLI tests: the `rolo` binary on its own temporary database, today fixed at Mon 2026-11-23.

mod contacts;
mod errors;
mod limits;
mod lists;
mod measures;
mod output;
mod palette;
mod session;
mod shell;
mod unspaced;
mod value;

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The fixed today of every test: a Monday (`fri` is 2026-11-27, `tomorrow` 2026-11-24).
pub const TODAY: &str = "2026-11-23";

/// One isolated rolo: a temp directory holding the database and a config path that does not exist.
pub struct Rolo {
    /// Keeps the directory alive.
    pub dir: TempDir,
    /// The `--db` path.
    pub db: PathBuf,
}

impl Rolo {
    /// A fresh, empty rolo (the database file is created by the first command).
    pub fn new() -> Rolo {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("rolo.db");
        Rolo { dir, db }
    }

    /// A rolo holding the opening: Anna Kowalska (with Acme), Anna Nowak, and two logs.
    pub fn seeded() -> Rolo {
        let r = Rolo::new();
        r.ok(&[
            "add",
            "Anna Kowalska",
            "--org",
            "Acme Sp. z o.o.",
            "--email",
            "anna@acme.pl",
            "--phone",
            "+48 600 100 200",
            "--tag",
            "key",
            "--cadence",
            "14d",
        ]);
        r.ok(&["add", "Anna Nowak", "--email", "anna.nowak@example.com"]);
        r.ok(&[
            "log",
            "anna kow",
            "call",
            "Pricing is fine, wants a demo",
            "--rating",
            "4",
            "--minutes",
            "20",
            "--next",
            "fri",
            "Send demo link",
        ]);
        r.ok(&[
            "log",
            "anna kow",
            "email",
            "She asked for the price list",
            "--inbound",
            "--at",
            "yesterday",
        ]);
        r
    }

    /// The (nonexistent) config file every command is pointed at.
    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("no-config.toml")
    }

    /// The binary with a clean, fixed environment and `--db`; arguments follow.
    pub fn cmd(&self) -> Command {
        let mut c = self.bare();
        c.arg("--db").arg(&self.db);
        c
    }

    /// The binary with a clean, fixed environment and no `--db`.
    pub fn bare(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rolo"));
        c.env_remove("ROLO_DB")
            .env("ROLO_TODAY", TODAY)
            .env("ROLO_CONFIG", self.config_path())
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env("RUST_BACKTRACE", "0");
        c
    }

    /// Runs `rolo --db … args` and returns whatever happened.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run rolo")
    }

    /// Runs and requires exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "rolo {args:?} failed\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Runs with `--json`, requires exit 0, and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("rolo {a:?}: not JSON ({e}): {out}"))
    }

    /// The names `rolo list` shows with these filters (`--kind org`, `--tag vip`…), sorted.
    pub fn names(&self, filter: &[&str]) -> Vec<String> {
        let mut args = vec!["list", "--limit", "1000"];
        args.extend_from_slice(filter);
        let v = self.json(&args);
        let mut n: Vec<String> = v["customers"]
            .as_array()
            .expect("customers")
            .iter()
            .map(|c| c["name"].as_str().expect("name").to_string())
            .collect();
        n.sort();
        n
    }

    /// Runs and requires exit `code`; returns the output.
    pub fn fails(&self, args: &[&str], code: i32) -> Output {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "rolo {args:?}: expected exit {code}\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "rolo {args:?} panicked: {}",
            text(&out.stderr)
        );
        out
    }

    /// Runs a failing command and asserts it changed nothing; returns its stderr.
    pub fn refused(&self, args: &[&str], code: i32) -> String {
        let before = self.snapshot();
        let out = self.fails(args, code);
        assert_eq!(
            before,
            self.snapshot(),
            "rolo {args:?} changed the database"
        );
        let err = text(&out.stderr);
        assert!(err.starts_with("error: "), "rolo {args:?}: stderr {err:?}");
        err
    }

    /// The data as the CLI shows it: customers, every customer's file, today, upcoming.
    pub fn data_snapshot(&self) -> String {
        let list = self.json(&["list", "--limit", "10000"]);
        let mut s = serde_json::to_string_pretty(&list).expect("json");
        for c in list["customers"].as_array().expect("customers") {
            let id = format!("#{}", c["id"]);
            s.push_str(&self.ok(&["show", &id, "--history", "1000", "--json"]));
        }
        s.push_str(&self.ok(&["today", "--json"]));
        s.push_str(&self.ok(&["upcoming", "--limit", "10000", "--json"]));
        s
    }

    /// The data plus the change journal: equal before and after means nothing changed.
    pub fn snapshot(&self) -> String {
        let mut s = self.ok(&["undo", "--list", "--json"]);
        s.push_str(&self.data_snapshot());
        s
    }

    /// `show <who> --json`.
    pub fn show(&self, who: &str) -> Value {
        self.json(&["show", who])
    }

    /// The id of the open follow-up of `who` whose text is `what`.
    pub fn follow_up_id(&self, who: &str, what: &str) -> i64 {
        let v = self.show(who);
        v["follow_ups"]
            .as_array()
            .expect("follow_ups")
            .iter()
            .find(|f| f["what"] == what && f["status"] == "open")
            .and_then(|f| f["id"].as_i64())
            .unwrap_or_else(|| panic!("no open follow-up {what:?} for {who}: {v:#}"))
    }

    /// The id of the customer named exactly `name`.
    pub fn customer_id(&self, name: &str) -> i64 {
        let v = self.json(&["list", "--limit", "10000"]);
        v["customers"]
            .as_array()
            .expect("customers")
            .iter()
            .find(|c| c["name"] == name)
            .and_then(|c| c["id"].as_i64())
            .unwrap_or_else(|| panic!("no customer {name:?}: {v:#}"))
    }
}

/// Bytes as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
