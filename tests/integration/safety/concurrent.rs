//! Two CLI writers (and a reader that refreshes the measure caches) at once: no "database is
//! locked" reaches the user, nothing is lost; another open connection — the TUI — sees the
//! change through `PRAGMA data_version`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, Weekday};
use rolo::command::{Context, local_instant};
use rolo::store::Store;

use super::{count, problems, rolo, text};

fn writes_per_writer() -> usize {
    std::env::var("ROLO_CONCURRENT_WRITES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = rolo(db).args(args).output().expect("run rolo");
    let err = text(&out.stderr);
    assert!(
        out.status.success(),
        "rolo {args:?} exited {:?}: {err}",
        out.status.code()
    );
    assert!(
        !err.contains("locked") && !err.contains("busy"),
        "rolo {args:?}: {err}"
    );
    text(&out.stdout)
}

#[test]
fn two_writers_in_parallel_lose_nothing_and_never_say_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    ok(
        &db,
        &["add", "Anna Kowalska", "--email", "anna@acme.example"],
    );
    ok(
        &db,
        &["add", "Bob Builder", "--email", "bob@builder.example"],
    );
    let n = writes_per_writer();
    let started = Instant::now();
    let done = std::sync::atomic::AtomicBool::new(false);
    let reads = std::thread::scope(|s| {
        let writers: Vec<_> = ["anna@acme.example", "bob@builder.example"]
            .into_iter()
            .enumerate()
            .map(|(w, who)| {
                let db = &db;
                s.spawn(move || {
                    for i in 0..n {
                        if i % 5 == 4 {
                            ok(db, &["follow", who, "fri", &format!("fol{w}n{i}")]);
                        } else {
                            ok(db, &["log", who, "call", &format!("log{w}n{i}")]);
                        }
                    }
                })
            })
            .collect();
        // A reader meanwhile: `show` and `report` refresh the measure caches (a write too).
        let reader = s.spawn(|| {
            let mut reads = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let verb: &[&str] = match reads % 3 {
                    0 => &["show", "anna@acme.example"],
                    1 => &["report"],
                    _ => &["today"],
                };
                ok(&db, verb);
                reads += 1;
            }
            reads
        });
        for w in writers {
            w.join().expect("writer thread");
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        reader.join().expect("reader thread")
    });
    for w in 0..2 {
        for i in 0..n {
            let (sql, token) = if i % 5 == 4 {
                (
                    "SELECT count(*) FROM follow_ups WHERE what = ?1",
                    format!("fol{w}n{i}"),
                )
            } else {
                (
                    "SELECT count(*) FROM interactions WHERE summary = ?1",
                    format!("log{w}n{i}"),
                )
            };
            assert_eq!(count(&db, sql, &token), 1, "{token} is missing");
        }
    }
    let p = problems(&db);
    assert!(p.is_empty(), "{p:?}");
    eprintln!(
        "concurrent: 2 x {n} writes and {reads} reads in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

fn ctx() -> Context {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    Context {
        today,
        now: local_instant(today, NaiveTime::from_hms_opt(10, 0, 0)),
        week_start: Weekday::Mon,
        currency: rolo::domain::Currency::parse("PLN").expect("PLN"),
    }
}

#[test]
fn another_connection_and_the_tui_see_a_cli_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    ok(
        &db,
        &["add", "Anna Kowalska", "--email", "anna@acme.example"],
    );
    let watcher = Store::open(&db).expect("open");
    let v0 = watcher.data_version().expect("data_version");
    assert_eq!(
        watcher.data_version().expect("again"),
        v0,
        "stable while idle"
    );

    let mut app = rolo::tui::build_app(
        Store::open(&db).expect("open"),
        ctx(),
        &rolo::tui::TuiOptions {
            keymap_override: None,
            no_color: true,
            insight: None,
            upgraded: Vec::new(),
        },
    );
    assert_eq!(app.progress.due, 0);
    assert!(app.follow_ups.rows.is_empty());
    app.tick();
    assert!(app.status.is_none(), "no reload without a change");

    let written = Instant::now();
    ok(
        &db,
        &[
            "follow",
            "anna@acme.example",
            "today",
            "Ring about the fleet",
        ],
    );
    assert_ne!(
        watcher.data_version().expect("after"),
        v0,
        "the counter moved"
    );
    // The TUI polls every 250 ms; one tick after the write shows it.
    app.tick();
    let seen = written.elapsed();
    assert_eq!(app.progress.due, 1);
    assert_eq!(app.follow_ups.rows[0].what, "Ring about the fleet");
    let (msg, _) = app.status.clone().expect("a status message");
    assert!(msg.contains("changed elsewhere"), "{msg}");
    assert!(seen < Duration::from_secs(1), "{seen:?}");

    // A customer added elsewhere appears in the list too.
    let before = app.customers.win.total;
    ok(&db, &["add", "Bob Builder"]);
    app.tick();
    assert_eq!(app.customers.win.total, before + 1);
}
