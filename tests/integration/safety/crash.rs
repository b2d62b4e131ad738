//! Writers killed with SIGKILL at random moments: the file stays healthy and every write
//! whose command exited 0 is there. `ROLO_CRASH_ROUNDS` raises the 20 rounds CI runs.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::{Rng, count, problems, rolo, text};

/// One write a round starts, found again by its unique token.
#[derive(Debug, Clone)]
struct Write {
    kind: WriteKind,
    token: String,
    /// Where an import's file is written.
    dir: std::path::PathBuf,
}

/// Rows in each import file: an import lands whole or not at all.
const IMPORT_ROWS: i64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WriteKind {
    /// `log … --next fri <token>next`: an interaction and a follow-up in one transaction.
    LogWithNext,
    /// `follow … tomorrow <token>`.
    Follow,
    /// `add "<token> Person" --notes <token>`.
    Add,
    /// `log … email <token> --at yesterday`.
    LogEmail,
    /// `import <token>.csv`: twenty people whose notes are the token, one transaction.
    Import,
}

impl Write {
    fn args(&self) -> Vec<String> {
        let t = &self.token;
        let v: Vec<&str> = match self.kind {
            WriteKind::LogWithNext => vec![
                "log",
                "anna@acme.example",
                "call",
                t,
                "--rating",
                "4",
                "--next",
                "fri",
            ],
            WriteKind::Follow => vec!["follow", "bob@builder.example", "tomorrow", t],
            WriteKind::Add => vec!["add", "", "--notes", t, "--tag", "crash"],
            WriteKind::LogEmail => vec![
                "log",
                "bob@builder.example",
                "email",
                t,
                "--at",
                "yesterday",
            ],
            WriteKind::Import => vec!["import", "", "--tag", "crash"],
        };
        let mut v: Vec<String> = v.into_iter().map(str::to_string).collect();
        match self.kind {
            WriteKind::LogWithNext => v.push(format!("{t}next")),
            WriteKind::Add => v[1] = format!("{t} Person"),
            WriteKind::Import => v[1] = self.file().to_string_lossy().into_owned(),
            _ => {}
        }
        v
    }

    fn file(&self) -> std::path::PathBuf {
        self.dir.join(format!("{}.csv", self.token))
    }

    /// Writes the import's file (other kinds need none).
    fn prepare(&self) {
        if self.kind == WriteKind::Import {
            let mut csv = String::from("Name,Notes\n");
            for i in 0..IMPORT_ROWS {
                csv.push_str(&format!("{} Imported{i},{}\n", self.token, self.token));
            }
            std::fs::write(self.file(), csv).expect("write import file");
        }
    }

    /// How many of its rows are in the tables and in the FTS index (all or none are expected).
    fn found(&self, db: &Path) -> (i64, i64) {
        let t = self.token.as_str();
        match self.kind {
            WriteKind::LogWithNext | WriteKind::LogEmail => {
                let rows = count(
                    db,
                    "SELECT count(*) FROM interactions WHERE summary = ?1",
                    t,
                );
                let fts = count(
                    db,
                    "SELECT count(*) FROM interactions_fts WHERE interactions_fts MATCH ?1",
                    t,
                );
                if self.kind == WriteKind::LogWithNext {
                    let next = format!("{t}next");
                    let f = count(db, "SELECT count(*) FROM follow_ups WHERE what = ?1", &next);
                    let ffts = count(
                        db,
                        "SELECT count(*) FROM follow_ups_fts WHERE follow_ups_fts MATCH ?1",
                        &next,
                    );
                    assert_eq!(
                        rows, f,
                        "{t}: interaction and its next step were not saved together"
                    );
                    return (rows + f, fts + ffts);
                }
                (rows, fts)
            }
            WriteKind::Follow => (
                count(db, "SELECT count(*) FROM follow_ups WHERE what = ?1", t),
                count(
                    db,
                    "SELECT count(*) FROM follow_ups_fts WHERE follow_ups_fts MATCH ?1",
                    t,
                ),
            ),
            WriteKind::Import => {
                let rows = count(db, "SELECT count(*) FROM customers WHERE notes = ?1", t);
                assert!(
                    rows == 0 || rows == IMPORT_ROWS,
                    "{t}: an import landed in part ({rows} of {IMPORT_ROWS} rows)"
                );
                let fts = count(
                    db,
                    "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH ?1",
                    t,
                );
                (rows, fts)
            }
            WriteKind::Add => (
                count(db, "SELECT count(*) FROM customers WHERE notes = ?1", t),
                count(
                    db,
                    "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH ?1",
                    t,
                ),
            ),
        }
    }
}

fn rounds() -> usize {
    std::env::var("ROLO_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

fn run_ok(db: &Path, args: &[&str]) {
    let out = rolo(db).args(args).output().expect("run rolo");
    assert!(out.status.success(), "rolo {args:?}: {}", text(&out.stderr));
}

#[test]
fn killed_writers_leave_a_healthy_file_and_every_confirmed_write() {
    const WRITERS: usize = 4;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    run_ok(
        &db,
        &["add", "Anna Kowalska", "--email", "anna@acme.example"],
    );
    run_ok(
        &db,
        &["add", "Bob Builder", "--email", "bob@builder.example"],
    );
    // Kill moments spread over a writer's whole life: start-up, open, the transaction, exit.
    let started = Instant::now();
    run_ok(&db, &["log", "anna@acme.example", "call", "warm up"]);
    let life = started.elapsed().max(Duration::from_millis(5));

    let mut rng = Rng::new("crash");
    let n = rounds();
    let (mut confirmed, mut killed) = (Vec::new(), 0usize);
    let mut unconfirmed = Vec::new();
    let t0 = Instant::now();
    for round in 0..n {
        let mut children: Vec<(Write, Child, Option<Duration>)> = Vec::new();
        for i in 0..WRITERS {
            let kind = match rng.below(5) {
                0 => WriteKind::LogWithNext,
                1 => WriteKind::Follow,
                2 => WriteKind::Add,
                3 => WriteKind::Import,
                _ => WriteKind::LogEmail,
            };
            let w = Write {
                kind,
                token: format!("tok{round}x{i}"),
                dir: dir.path().to_path_buf(),
            };
            w.prepare();
            let child = rolo(&db)
                .args(w.args())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn rolo");
            // About half are killed, somewhere in 0..1.5 lifetimes after the start.
            let kill_at = (rng.below(2) == 0)
                .then(|| Duration::from_micros(rng.below(life.as_micros() as u64 * 3 / 2 + 1)));
            children.push((w, child, kill_at));
        }
        let round_start = Instant::now();
        let mut order: Vec<usize> = (0..children.len())
            .filter(|&i| children[i].2.is_some())
            .collect();
        order.sort_by_key(|&i| children[i].2);
        for i in order {
            let at = children[i].2.unwrap_or_default();
            if let Some(wait) = at.checked_sub(round_start.elapsed()) {
                std::thread::sleep(wait);
            }
            // SIGKILL on unix; an error only means it had exited already.
            let _ = children[i].1.kill();
        }
        for (w, child, _) in children {
            let out = child.wait_with_output().expect("wait");
            let err = text(&out.stderr);
            match out.status.code() {
                Some(0) => confirmed.push(w),
                None => {
                    killed += 1;
                    unconfirmed.push(w);
                }
                Some(code) => {
                    // A writer that was not killed must not fail (no "database is locked").
                    panic!("round {round}: rolo {:?} exited {code}: {err}", w.args());
                }
            }
            assert!(!err.contains("panicked"), "round {round}: {err}");
        }
        let p = problems(&db);
        assert!(
            p.is_empty(),
            "round {round}: the database is damaged: {p:?}"
        );
    }
    for w in &confirmed {
        let (rows, fts) = w.found(&db);
        let want = match w.kind {
            WriteKind::LogWithNext => 2,
            WriteKind::Import => IMPORT_ROWS,
            _ => 1,
        };
        assert_eq!(rows, want, "{w:?} exited 0 but is not in the tables");
        assert_eq!(fts, want, "{w:?} exited 0 but is not in the search index");
    }
    // Killed writes are all there or not at all (found() checks pairs).
    let landed = unconfirmed.iter().filter(|w| w.found(&db).0 > 0).count();
    // And the user's own search finds a sample of them.
    for w in confirmed.iter().step_by((confirmed.len() / 5).max(1)) {
        let out = rolo(&db)
            .args(["search", &w.token, "--json"])
            .output()
            .expect("search");
        assert!(
            text(&out.stdout).contains(&w.token),
            "search {}: {}",
            w.token,
            text(&out.stdout)
        );
    }
    eprintln!(
        "crash: {n} rounds in {:.1}s: {} writes confirmed and present, {killed} killed \
         ({landed} of them had committed), none failed; writer life {life:?}",
        t0.elapsed().as_secs_f64(),
        confirmed.len()
    );
}
