//! TUI budgets on generated data: first frame (open + load + draw) at 10k and 100k
//! customers, one palette keystroke at 100k, a steady redraw, and peak memory with the
//! palette open. Run: `cargo bench --bench tui`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveTime, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rolo::command::{Context, local_instant};
use rolo::domain::{
    ContactKind, ContactPoint, CustomerId, CustomerKind, Direction, InteractionKind,
};
use rolo::store::{NewCustomer, NewFollowUp, NewInteraction, Store};
use rolo::tui::palette::{NameIndex, Preview, preview};
use rolo::tui::{TuiOptions, build_app, view};

const FIRST: &[&str] = &[
    "Anna",
    "Piotr",
    "Maria",
    "Krzysztof",
    "Katarzyna",
    "Andrzej",
    "Małgorzata",
    "Tomasz",
    "Agnieszka",
    "Paweł",
    "Ewa",
    "Michał",
    "Joanna",
    "Marcin",
    "Zofia",
    "Łukasz",
    "Barbara",
    "Jan",
    "Magdalena",
    "Grzegorz",
];
const LAST: &[&str] = &[
    "Kowalska",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamińska",
    "Lewandowski",
    "Zielińska",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowska",
    "Jankowski",
    "Mazur",
    "Kwiatkowska",
    "Krawczyk",
    "Piotrowski",
    "Grabowska",
    "Nowakowski",
    "Pawłowska",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Majewska",
    "Olszewski",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn ctx() -> Context {
    Context {
        today: today(),
        now: local_instant(today(), NaiveTime::from_hms_opt(10, 0, 0)),
        week_start: Weekday::Mon,
        currency: rolo::domain::Currency::parse("PLN").unwrap(),
    }
}

/// `n` customers (one in 20 an organization), 3 interactions each, a follow-up for one in 4
/// (a few hundred overdue or due today).
fn seed(path: &Path, n: usize) {
    let mut store = Store::open(path).unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let now = ctx().secs();
    store
        .bulk(None, |w| {
            let mut orgs: Vec<CustomerId> = Vec::new();
            for i in 0..n {
                let org = i % 20 == 0;
                let name = if org {
                    format!("{} Sp. z o.o. {i}", LAST[rng.usize(..LAST.len())])
                } else {
                    format!(
                        "{} {}",
                        FIRST[rng.usize(..FIRST.len())],
                        LAST[rng.usize(..LAST.len())]
                    )
                };
                let id = w.insert_customer(&NewCustomer {
                    kind: if org {
                        CustomerKind::Org
                    } else {
                        CustomerKind::Person
                    },
                    name,
                    org_id: if org || orgs.is_empty() {
                        None
                    } else {
                        Some(orgs[rng.usize(..orgs.len())])
                    },
                    contacts: vec![ContactPoint {
                        kind: ContactKind::Email,
                        value: format!("c{i}@example.com"),
                        label: None,
                    }],
                    uid: format!("bench-{i}"),
                    created_at: now - 400 * 86_400,
                    ..NewCustomer::default()
                })?;
                if org {
                    orgs.push(id);
                }
                for k in 0..3 {
                    let at = now - rng.i64(1..365) * 86_400;
                    w.insert_interaction(&NewInteraction {
                        customer_id: id,
                        kind: [
                            InteractionKind::Call,
                            InteractionKind::Email,
                            InteractionKind::Meeting,
                        ][k],
                        direction: if rng.bool() {
                            Direction::In
                        } else {
                            Direction::Out
                        },
                        occurred_at: at,
                        summary: format!("Talked about the order {i}-{k}"),
                        notes: String::new(),
                        minutes: Some(15),
                        rating: Some(rng.u8(1..=5)),
                        deal_id: None,
                        created_at: at,
                    })?;
                }
                if i % 4 == 0 {
                    let offset = rng.i64(-60..120);
                    let due = if offset < 0 {
                        today() - Days::new(offset.unsigned_abs() / 10)
                    } else {
                        today() + Days::new(offset as u64)
                    };
                    w.insert_follow_up(&NewFollowUp {
                        customer_id: id,
                        what: "Call back".into(),
                        due_date: due,
                        due_time: None,
                        repeat: None,
                        interaction_id: None,
                        created_at: now,
                    })?;
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Opens the file, builds the app (review queue loaded) and draws one 100x30 frame.
fn first_frame(path: &Path) -> Duration {
    let t = Instant::now();
    let store = Store::open(path).unwrap();
    let mut app = build_app(store, ctx(), &options());
    app.resize(100, 30);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| view::render(f, &app)).unwrap();
    t.elapsed()
}

/// The app as `rolo` starts it, without colour.
fn options() -> TuiOptions {
    TuiOptions {
        keymap_override: None,
        no_color: true,
        insight: None,
        upgraded: Vec::new(),
    }
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    for n in [10_000, 100_000] {
        let path = dir.path().join(format!("rolo-{n}.db"));
        let t = Instant::now();
        seed(&path, n);
        eprintln!("seeded {n} customers in {:.1?}", t.elapsed());
        c.bench_function(&format!("first_frame_{n}"), |b| {
            b.iter(|| first_frame(&path));
        });
    }
    let path = dir.path().join("rolo-100000.db");
    let store = Store::open(&path).unwrap();
    let mut app = build_app(store, ctx(), &options());
    app.resize(160, 48);
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    c.bench_function("steady_redraw_160x48_100000", |b| {
        b.iter(|| term.draw(|f| view::render(f, &app)).unwrap().area.width);
    });
    let t = Instant::now();
    app.handle_key(key(KeyCode::Char(':')));
    eprintln!(
        "palette open at 100k (popup drawn at once): {:.1?}",
        t.elapsed()
    );
    let t = Instant::now();
    app.idle();
    eprintln!(
        "first pause with the palette open (loads the name index once): {:.1?}",
        t.elapsed()
    );
    // A cold keystroke: the first letter of a name scans every customer.
    c.bench_function("palette_first_letter_100000 (cold scan)", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('c')));
            app.handle_key(key(KeyCode::Char(' ')));
            app.handle_key(key(KeyCode::Char('k')));
            app.handle_key(key(KeyCode::Backspace));
            app.handle_key(key(KeyCode::Backspace));
            app.handle_key(key(KeyCode::Backspace));
        });
    });
    for ch in "call anna kow".chars() {
        app.handle_key(key(KeyCode::Char(ch)));
    }
    app.idle();
    // Two keystrokes per iteration (type a letter, take it back): suggestions only; the
    // preview waits for a pause in typing.
    c.bench_function("palette_keystroke_100000", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('a')));
            app.handle_key(key(KeyCode::Backspace));
        });
    });
    c.bench_function("palette_keystroke_then_pause_100000", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('a')));
            app.idle();
            app.handle_key(key(KeyCode::Backspace));
            app.idle();
        });
    });
    c.bench_function("palette_keystroke_typo_100000", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::Char('q')));
            app.handle_key(key(KeyCode::Backspace));
        });
    });
    let store = Store::open(&path).unwrap();
    let t = Instant::now();
    let mut index = NameIndex::load(&store).unwrap();
    eprintln!("name index load at 100k: {:.1?}", t.elapsed());
    c.bench_function("index_cold_scan_100000", |b| {
        b.iter(|| {
            index.top("x", 1); // resets the prefix cache
            index.top("anna kow", 8).len()
        });
    });
    for line in [
        "call a: hello",
        "call anna kow: pricing ok next fri",
        "call zzzz: hi",
    ] {
        c.bench_function(&format!("preview_100000 `{line}`"), |b| {
            b.iter(|| {
                matches!(
                    preview(&store, &ctx(), line, Some(&mut index), false),
                    Preview::Empty
                )
            });
        });
    }
    term.draw(|f| view::render(f, &app)).unwrap();
    if let Some(mb) = peak_rss_mb() {
        eprintln!("peak RSS of the bench process with the palette open at 100k: {mb:.1} MB");
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
