//! Measure budgets on `rolo demo --customers 100000` data (~1M interactions): the report,
//! the going-cold list (first screen and whole), tier lookups, and the no-change refresh.
//! Run: `cargo bench --bench insight` (builds the demo database once, ~15 s).
#![allow(clippy::unwrap_used, missing_docs)]

use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rolo::demo::{DemoOptions, generate};
use rolo::domain::Currency;
use rolo::insight::{self, InsightConfig, Period, TierTable};
use rolo::store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open_demo(dir: &std::path::Path, customers: usize) -> (Store, InsightConfig) {
    let mut store = Store::open(&dir.join(format!("bench-{customers}.db"))).unwrap();
    generate(
        &mut store,
        &DemoOptions {
            customers,
            seed: 42,
            today: today(),
            now: rolo::command::local_timestamp(today(), None) + 12 * 3600,
            currency: Currency::EUR,
        },
    )
    .unwrap();
    let cfg = InsightConfig::with_currency(Currency::EUR);
    insight::refresh(&mut store, today(), &cfg).unwrap();
    (store, cfg)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, cfg) = open_demo(dir.path(), 100_000);
    let day = today();
    let mut g = c.benchmark_group("insight_100k");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("refresh_no_change", |b| {
        b.iter(|| insight::refresh(&mut store, day, &cfg).unwrap());
    });
    g.bench_function("going_cold_first_screen", |b| {
        b.iter(|| insight::going_cold(&store, day, &cfg, 0, 20).unwrap());
    });
    g.bench_function("going_cold_full_list", |b| {
        b.iter(|| insight::going_cold(&store, day, &cfg, 0, usize::MAX >> 1).unwrap());
    });
    g.bench_function("tier_table_load", |b| {
        b.iter(|| TierTable::load(&store, day, &cfg).unwrap());
    });
    g.bench_function("report_queries", |b| {
        b.iter(|| {
            insight::scorecard(&store, day, Period::Month, &cfg).unwrap();
            insight::tier_summary(&store, day, &cfg).unwrap();
            insight::top_accounts(&store, day, &cfg, 0, 10).unwrap();
            insight::at_risk(&store, day, &cfg, 0, 10).unwrap();
            insight::count_going_cold(&store, day, &cfg).unwrap();
            insight::forecast(&store, day, 6).unwrap();
            insight::weekly_contacts(&store, day, 12, &cfg).unwrap();
        });
    });
    g.bench_function("full_rebuild", |b| {
        b.iter(|| insight::rebuild(&mut store, day, &cfg).unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
