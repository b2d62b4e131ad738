//! Timings on a synthetic 100k-customer database (ignored; run in release):
//! `cargo test --release --lib insight::perf -- --ignored --nocapture`.

#![allow(clippy::unwrap_used, clippy::many_single_char_names)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::params;

use super::fixture::DAY;
use super::period::epoch_days;
use super::*;
use crate::domain::CustomerId;
use crate::store::Store;

const CUSTOMERS: i64 = 100_000;
const ORGS: i64 = 8_000;

/// Builds the synthetic data: 8k organizations, 92k people (40% in an organization),
/// ~10 interactions per person over 3 years (30% dormant), ~1.5 follow-ups, ~0.6 deals.
fn generate(store: &mut Store, today: NaiveDate) {
    let now = epoch_days(today) * DAY + 12 * 3600;
    let mut rng = fastrand::Rng::with_seed(42);
    store
        .bulk(None, |w| {
            let c = w.conn();
            let mut cust = c.prepare(
                "INSERT INTO customers(id, kind, name, org_id, needs, needs_updated_at, cadence_days,
                   uid, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?;
            let mut inter = c.prepare(
                "INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary,
                   minutes, rating, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4)",
            )?;
            let mut fu = c.prepare(
                "INSERT INTO follow_ups(customer_id, what, due_date, original_due, status, done_at,
                   created_at) VALUES (?1, 'call back', ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut deal = c.prepare(
                "INSERT INTO deals(customer_id, title, value_minor, currency, stage, probability,
                   expected_close, created_at, stage_changed_at, closed_at)
                 VALUES (?1, 'Deal', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let kinds = ["call", "email", "meeting", "message", "visit", "note"];
            let date = |ts: i64| {
                super::period::from_epoch_days(ts.div_euclid(DAY))
                    .format("%Y-%m-%d")
                    .to_string()
            };
            for id in 1..=CUSTOMERS {
                let org = id <= ORGS;
                let org_id = (!org && rng.u8(..100) < 40).then(|| rng.i64(1..=ORGS));
                let needs = if rng.u8(..100) < 30 { "wants a demo" } else { "" };
                let needs_at = (!needs.is_empty()).then(|| now - rng.i64(0..1000) * DAY);
                let cadence = (rng.u8(..100) < 10).then(|| rng.u32(7..=90));
                cust.execute(params![
                    id,
                    if org { "org" } else { "person" },
                    format!("Customer {id}"),
                    org_id,
                    needs,
                    needs_at,
                    cadence,
                    format!("uid-{id}"),
                    now - 1100 * DAY
                ])?;
                let dormant = rng.u8(..100) < 30;
                let newest = if dormant { rng.i64(60..700) } else { rng.i64(0..60) };
                let n = rng.usize(0..=20);
                for _ in 0..n {
                    let ago = newest + rng.i64(0..(1095 - newest).max(1));
                    let kind = kinds[rng.usize(..kinds.len())];
                    inter.execute(params![
                        id,
                        kind,
                        if rng.u8(..100) < 30 { "in" } else { "out" },
                        now - ago * DAY - rng.i64(0..DAY / 2),
                        "talked about the offer",
                        (rng.u8(..100) < 50).then(|| rng.u32(5..90)),
                        (rng.u8(..100) < 40).then(|| rng.u8(1..=5)),
                    ])?;
                }
                for _ in 0..rng.usize(0..=3) {
                    let due_ago = rng.i64(-60..=60);
                    let due = now - due_ago * DAY;
                    let done = due_ago > 0 && rng.u8(..100) < 85;
                    let done_at = done.then(|| due + rng.i64(-2..=5) * DAY);
                    fu.execute(params![
                        id,
                        date(due),
                        date(due - rng.i64(0..3) * DAY),
                        if done { "done" } else { "open" },
                        done_at,
                        due - 10 * DAY
                    ])?;
                }
                if rng.u8(..100) < 35 {
                    for _ in 0..rng.usize(1..=2) {
                        let created = now - rng.i64(10..730) * DAY;
                        let value = rng.i64(10_000..5_000_000);
                        let currency = match rng.u8(..100) {
                            0..=89 => "EUR",
                            90..=95 => "PLN",
                            _ => "USD",
                        };
                        let (stage, p, closed) = match rng.u8(..100) {
                            0..=39 => ("won", 100, Some(created + rng.i64(5..120) * DAY)),
                            40..=59 => ("lost", 0, Some(created + rng.i64(5..120) * DAY)),
                            60..=69 => ("lead", 10, None),
                            70..=79 => ("qualified", 25, None),
                            80..=89 => ("proposal", 50, None),
                            _ => ("negotiation", 75, None),
                        };
                        let closed = closed.map(|c| c.min(now));
                        let moved = closed.unwrap_or(created + rng.i64(0..=(now - created) / DAY) * DAY);
                        deal.execute(params![
                            id,
                            value,
                            currency,
                            stage,
                            p,
                            closed.is_none().then(|| date(now + rng.i64(-30..200) * DAY)),
                            created,
                            moved.min(now),
                            closed
                        ])?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.unwrap())
}

#[test]
#[ignore = "slow: builds 100k customers; run in release with --ignored --nocapture"]
fn perf_100k() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perf.db");
    let mut store = Store::open(&path).unwrap();
    let today: NaiveDate = "2025-06-30".parse().unwrap();
    let cfg = InsightConfig::default();
    let t = Instant::now();
    generate(&mut store, today);
    eprintln!(
        "generated in {:?}: {} customers, {} interactions, {} deals, {} follow-ups",
        t.elapsed(),
        count(&store, "SELECT count(*) FROM customers"),
        count(&store, "SELECT count(*) FROM interactions"),
        count(&store, "SELECT count(*) FROM deals"),
        count(&store, "SELECT count(*) FROM follow_ups"),
    );
    let (d, ()) = best(3, || store.write(|_| Ok(())).unwrap());
    eprintln!("empty write transaction (commit cost): {d:?}");
    if let Ok(mb) = std::env::var("ROLO_PERF_CACHE_MB") {
        let mb: i64 = mb.parse().unwrap();
        store
            .conn()
            .pragma_update(None, "cache_size", -mb * 1024)
            .unwrap();
        eprintln!("cache_size = {mb} MB");
    }
    let t = Instant::now();
    let r = refresh(&mut store, today, &cfg).unwrap();
    eprintln!("first refresh ({:?}): {:?}", r.mode, t.elapsed());
    let (d, _) = best(5, || tier::compute(store.conn(), today, &cfg).unwrap());
    eprintln!("tier computation (SQL + Pareto, not stored): {d:?}");
    let (d, r) = best(5, || refresh(&mut store, today, &cfg).unwrap());
    eprintln!("refresh when fresh ({:?}): {d:?}", r.mode);
    let (d, _) = best(5, || TierTable::load(&store, today, &cfg).unwrap());
    eprintln!("TierTable::load: {d:?}");
    let (d, first) = best(5, || going_cold(&store, today, &cfg, 0, 20).unwrap());
    eprintln!("going_cold first page (20): {d:?}");
    let (d, n) = best(5, || count_going_cold(&store, today, &cfg).unwrap());
    eprintln!("count_going_cold ({n}): {d:?}");
    let (d, all) = best(5, || {
        going_cold(&store, today, &cfg, 0, usize::MAX >> 1).unwrap()
    });
    eprintln!("going_cold full list ({} rows): {d:?}", all.len());
    let (d, n) = best(5, || {
        let mut stmt = store
            .conn()
            .prepare_cached(
                "SELECT account_id, name, kind, tier, revenue_minor, score, cold, no_next_step,
                        last_contact_at, next_due, days_since, rhythm_days, rhythm_source, sat_from,
                        sat_to, stuck_deal_id, stuck_title, stuck_stage, stuck_days
                   FROM account_risk WHERE cold = 1 ORDER BY score DESC, account_id",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut n = 0usize;
        while let Some(r) = rows.next().unwrap() {
            n += r.get_ref(1).unwrap().as_str().unwrap().len();
        }
        n
    });
    eprintln!("  (the full list's SQL alone, no mapping: {d:?}, {n})");
    let (d, _) = best(5, || at_risk(&store, today, &cfg, 0, 20).unwrap());
    eprintln!("at_risk first page: {d:?}");
    let (d, extras) = best(5, || review_extras(&store, today, &cfg, 20).unwrap());
    eprintln!("review_extras(20): {d:?}");
    let (d, _) = best(5, || scorecard(&store, today, Period::Month, &cfg).unwrap());
    eprintln!("scorecard (month + previous): {d:?}");
    let (d, _) = best(5, || forecast(&store, today, 6).unwrap());
    eprintln!("forecast (6 months): {d:?}");
    let (d, _) = best(5, || weekly_contacts(&store, today, 12, &cfg).unwrap());
    eprintln!("weekly_contacts (12 weeks): {d:?}");
    let (d, _) = best(5, || {
        (
            tier_summary(&store, today, &cfg).unwrap(),
            top_accounts(&store, today, &cfg, 0, 10).unwrap(),
        )
    });
    eprintln!("tier_summary + top 10: {d:?}");
    let (d, _) = best(5, || {
        refresh(&mut store, today, &cfg).unwrap();
        (
            scorecard(&store, today, Period::Month, &cfg).unwrap(),
            forecast(&store, today, 6).unwrap(),
            weekly_contacts(&store, today, 12, &cfg).unwrap(),
            tier_summary(&store, today, &cfg).unwrap(),
            top_accounts(&store, today, &cfg, 0, 10).unwrap(),
            at_risk(&store, today, &cfg, 0, 10).unwrap(),
            count_at_risk(&store, today, &cfg).unwrap(),
        )
    });
    eprintln!(
        "whole report (refresh check, scorecard, forecast, weekly, tiers, top, at risk): {d:?}"
    );
    let (d, _) = best(5, || stale_knowledge(&store, today, &cfg, 0, 20).unwrap());
    eprintln!("stale_knowledge first page: {d:?}");
    let tiers = TierTable::load(&store, today, &cfg).unwrap();
    let big: i64 = count(
        &store,
        "SELECT org_id FROM customers WHERE org_id IS NOT NULL GROUP BY org_id ORDER BY count(*) DESC LIMIT 1",
    );
    let (d, m) = best(5, || {
        customer_measures(&store, CustomerId(big), today, &cfg, &tiers).unwrap()
    });
    eprintln!(
        "customer_measures of the largest organization ({} people, {} interactions): {d:?}",
        m.people, m.effort.interactions
    );
    eprintln!(
        "first cold: {:?}",
        first.first().map(|r| (&r.name, r.score, &r.reasons))
    );
    eprintln!(
        "first review extra: {:?}",
        extras.first().map(|e| (&e.name, &e.reason))
    );

    // Incremental refreshes after ordinary edits.
    let who = CustomerId(big);
    let now = epoch_days(today) * DAY + 13 * 3600;
    store
        .change("log", now, |w| {
            w.insert_interaction(&crate::store::NewInteraction {
                customer_id: who,
                kind: crate::domain::InteractionKind::Call,
                direction: crate::domain::Direction::Out,
                occurred_at: now,
                summary: "call".into(),
                notes: String::new(),
                minutes: Some(10),
                rating: Some(4),
                deal_id: None,
                created_at: now,
            })
        })
        .unwrap();
    let t = Instant::now();
    let r = refresh(&mut store, today, &cfg).unwrap();
    eprintln!(
        "refresh after logging a call ({:?}, {} accounts, wall incl. commit): {:?}",
        r.mode,
        r.accounts,
        t.elapsed()
    );
    let deal: i64 = count(
        &store,
        "SELECT id FROM deals WHERE closed_at IS NULL LIMIT 1",
    );
    store
        .change("won", now, |w| {
            w.set_deal_stage(
                crate::domain::DealId(deal),
                crate::domain::Stage::Won,
                None,
                chrono::DateTime::from_timestamp(now, 0).unwrap_or_default(),
            )
        })
        .unwrap();
    let t = Instant::now();
    let r = refresh(&mut store, today, &cfg).unwrap();
    eprintln!(
        "refresh after winning a deal ({:?}, tiers {}): {:?}",
        r.mode,
        r.tiers,
        t.elapsed()
    );
    let tomorrow = today.succ_opt().unwrap();
    let t = Instant::now();
    let r = refresh(&mut store, tomorrow, &cfg).unwrap();
    eprintln!("refresh on the next day ({:?}): {:?}", r.mode, t.elapsed());
    let t = Instant::now();
    rebuild(&mut store, tomorrow, &cfg).unwrap();
    eprintln!("full rebuild: {:?}", t.elapsed());
    store
        .write(|w| {
            let c = w.conn();
            let clock = cfg.clock();
            let t = Instant::now();
            let n = tier::count_accounts(c)?;
            eprintln!("  count_accounts ({n}): {:?}", t.elapsed());
            let t = Instant::now();
            build::history_rebuild_all(c, clock)?;
            eprintln!("  history_rebuild_all: {:?}", t.elapsed());
            let t = Instant::now();
            let comp = tier::compute(c, tomorrow, &cfg)?;
            eprintln!("  tier compute: {:?}", t.elapsed());
            let t = Instant::now();
            tier::persist(c, &comp, None)?;
            eprintln!("  tier persist: {:?}", t.elapsed());
            let t = Instant::now();
            build::risk_rebuild_all(c, epoch_days(tomorrow), clock, &cfg.cold)?;
            eprintln!("  risk_rebuild_all: {:?}", t.elapsed());
            let t = Instant::now();
            build::risk_rebuild_one(c, big, epoch_days(tomorrow), clock, &cfg.cold)?;
            build::history_rebuild_one(c, big, clock)?;
            eprintln!("  one account: {:?}", t.elapsed());
            let t = Instant::now();
            let n: i64 = c.query_row(
                "SELECT count(*) FROM (SELECT r.account_id, c.name, c.kind FROM account_risk r JOIN customers c ON c.id = r.account_id WHERE r.cold = 1)",
                [],
                |r| r.get(0),
            )?;
            eprintln!("  cold join only ({n}): {:?}", t.elapsed());
            Ok(())
        })
        .unwrap();
    for sql in [
        "SELECT * FROM account_risk WHERE cold = 1 ORDER BY score DESC, account_id LIMIT 20",
        "SELECT * FROM account_risk WHERE review = 1 ORDER BY tier, cold DESC, score DESC, revenue_minor DESC, account_id LIMIT 20",
        "SELECT id FROM customers WHERE needs <> '' AND (needs_updated_at IS NULL OR needs_updated_at < 5) ORDER BY needs_updated_at, id LIMIT 20",
    ] {
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        eprintln!("plan: {}", plan.join(" / "));
    }
}
