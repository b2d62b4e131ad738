//! Tests of the demo generator on in-memory databases with a fixed day.

use chrono::NaiveDate;

use super::{DemoOptions, DemoSummary, generate};
use crate::domain::Currency;
use crate::store::{Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 18).expect("valid date")
}

/// 14:30 UTC on `today()`.
fn now() -> i64 {
    today()
        .and_hms_opt(14, 30, 0)
        .expect("valid time")
        .and_utc()
        .timestamp()
}

fn opts(customers: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        customers,
        seed,
        today: today(),
        now: now(),
        currency: Currency::PLN,
    }
}

fn demo(customers: usize, seed: u64) -> (Store, DemoSummary) {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let summary = generate(&mut store, &opts(customers, seed)).expect("demo data");
    (store, summary)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn names(store: &Store, n: usize) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name FROM customers ORDER BY id LIMIT ?1")
        .expect("prepare");
    stmt.query_map([n as i64], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn demo_same_seed_same_data() {
    let (a, sa) = demo(300, 7);
    let (b, sb) = demo(300, 7);
    assert_eq!(sa, sb);
    assert_eq!(names(&a, 40), names(&b, 40));
    let fingerprint =
        "SELECT total(occurred_at) + total(length(summary)) + total(rating) FROM interactions";
    assert_eq!(
        count(&a, &format!("SELECT CAST(({fingerprint}) AS INTEGER)")),
        count(&b, &format!("SELECT CAST(({fingerprint}) AS INTEGER)"))
    );
    // Another hour of the same day changes nothing.
    let mut late = Store::open_in_memory().expect("store");
    let o = DemoOptions {
        now: now() + 8 * 3600,
        ..opts(300, 7)
    };
    assert_eq!(generate(&mut late, &o).expect("demo"), sa);
    let all = "SELECT total(c.created_at) + total(c.updated_at) + total(i.occurred_at) + total(i.created_at)
               FROM customers c JOIN interactions i ON i.customer_id = c.id";
    let sums = "SELECT total(created_at) + total(done_at) + total(length(due_date || original_due)) FROM follow_ups";
    for sql in [
        all,
        sums,
        "SELECT total(created_at) + total(stage_changed_at) + total(closed_at) FROM deals",
    ] {
        let q = format!("SELECT CAST(({sql}) AS INTEGER)");
        assert_eq!(count(&a, &q), count(&late, &q), "{sql}");
    }
    let (c, sc) = demo(300, 8);
    assert_ne!(names(&a, 40), names(&c, 40));
    assert_ne!(sa, sc);
}

#[test]
fn demo_counts_are_realistic_at_1000() {
    let (s, sum) = demo(1000, 42);
    assert_eq!(sum.customers, 1000);
    assert_eq!(sum.orgs, 142);
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 1000);
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers WHERE kind = 'org'"),
        142
    );
    assert_eq!(
        count(&s, "SELECT count(*) FROM interactions") as usize,
        sum.interactions
    );
    assert_eq!(
        count(&s, "SELECT count(*) FROM follow_ups") as usize,
        sum.follow_ups
    );
    assert_eq!(count(&s, "SELECT count(*) FROM deals") as usize, sum.deals);
    assert!((7_000..=13_000).contains(&sum.interactions), "{sum:?}");
    assert!((1_200..=1_900).contains(&sum.follow_ups), "{sum:?}");
    let in_org = count(
        &s,
        "SELECT count(*) FROM customers WHERE org_id IS NOT NULL",
    );
    assert!((520..=680).contains(&in_org), "{in_org} people in an org");
    let with_deals = count(&s, "SELECT count(DISTINCT customer_id) FROM deals");
    assert!(
        (330..=480).contains(&with_deals),
        "{with_deals} customers with deals"
    );
    let tagged = count(&s, "SELECT count(DISTINCT customer_id) FROM customer_tags");
    assert!((520..=700).contains(&tagged), "{tagged} tagged");
    let cadence = count(
        &s,
        "SELECT count(*) FROM customers WHERE cadence_days IS NOT NULL",
    );
    assert!((190..=310).contains(&cadence), "{cadence} with a cadence");
    let needs = count(&s, "SELECT count(*) FROM customers WHERE needs <> ''");
    assert!((300..=450).contains(&needs), "{needs} with needs");
    let old_needs = count(
        &s,
        &format!(
            "SELECT count(*) FROM customers WHERE needs_updated_at < {}",
            now() - 365 * 86_400
        ),
    );
    assert!(old_needs > 50, "{old_needs} needs older than a year");
    let dormant = count(
        &s,
        &format!(
            "SELECT count(*) FROM customers WHERE last_contact_at < {}",
            now() - 60 * 86_400
        ),
    );
    assert!((230..=370).contains(&dormant), "{dormant} dormant");
    let overdue = count(
        &s,
        "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date < '2025-06-18'",
    );
    assert!((15..=45).contains(&overdue), "{overdue} overdue");
    let due_today = count(
        &s,
        "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date = '2025-06-18'",
    );
    assert!((3..=35).contains(&due_today), "{due_today} due today");
    let contacts = count(&s, "SELECT count(*) FROM contact_points");
    assert!(
        (2_000..=3_200).contains(&contacts),
        "{contacts} contact points"
    );
    let inbound = count(
        &s,
        "SELECT count(*) * 100 / (SELECT count(*) FROM interactions) FROM interactions WHERE direction = 'in'",
    );
    assert!((22..=38).contains(&inbound), "{inbound}% inbound");
    let rated = count(
        &s,
        "SELECT count(*) * 100 / (SELECT count(*) FROM interactions) FROM interactions WHERE rating IS NOT NULL",
    );
    assert!((30..=42).contains(&rated), "{rated}% rated");
    assert!(
        count(
            &s,
            "SELECT count(*) FROM follow_ups WHERE repeat_rule IS NOT NULL"
        ) > 50
    );
    assert!(count(&s, "SELECT count(*) FROM follow_ups WHERE snooze_count > 0") > 50);
    let late = count(
        &s,
        "SELECT count(*) FROM follow_ups WHERE status = 'done'
        AND date(done_at, 'unixepoch') > due_date",
    );
    assert!(late > 50, "{late} done late");
    assert!(count(&s, "SELECT count(*) FROM deals WHERE currency <> 'PLN'") > 0);
    assert!(
        count(
            &s,
            "SELECT count(*) FROM interactions WHERE deal_id IS NOT NULL"
        ) > 500
    );
    assert!(
        names(&s, 1000).iter().any(|n| !n.is_ascii()),
        "no diacritics in names"
    );
}

#[test]
fn demo_data_is_consistent() {
    let (s, _) = demo(1000, 3);
    let n = now();
    let zero = |sql: &str| assert_eq!(count(&s, sql), 0, "{sql}");
    // Nothing in the future, nothing before its customer existed.
    zero(&format!(
        "SELECT count(*) FROM interactions WHERE occurred_at > {n} OR created_at > {n}"
    ));
    zero("SELECT count(*) FROM interactions WHERE created_at < occurred_at");
    zero(
        "SELECT count(*) FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.occurred_at < c.created_at",
    );
    zero(&format!(
        "SELECT count(*) FROM customers WHERE created_at > {n} OR updated_at > {n} OR updated_at < created_at"
    ));
    zero(
        "SELECT count(*) FROM customers WHERE needs_updated_at < created_at OR (needs = '') <> (needs_updated_at IS NULL)",
    );
    zero(
        "SELECT count(*) FROM customers p JOIN customers o ON o.id = p.org_id WHERE o.kind <> 'org' OR p.kind <> 'person'",
    );
    // Follow-ups: status and done_at agree, dates in order.
    zero("SELECT count(*) FROM follow_ups WHERE (status = 'open') <> (done_at IS NULL)");
    zero(&format!(
        "SELECT count(*) FROM follow_ups WHERE done_at < created_at OR done_at > {n} OR created_at > {n}"
    ));
    zero(
        "SELECT count(*) FROM follow_ups WHERE original_due > due_date OR (snooze_count > 0) <> (original_due < due_date)",
    );
    zero(
        "SELECT count(*) FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.created_at < c.created_at",
    );
    zero(
        "SELECT count(*) FROM follow_ups f JOIN interactions i ON i.id = f.interaction_id
          WHERE i.customer_id <> f.customer_id OR f.created_at < i.occurred_at",
    );
    zero(
        "SELECT count(*) FROM follow_ups WHERE status <> 'open' AND due_date >= '2025-06-18' AND repeat_rule IS NULL",
    );
    zero("SELECT count(*) FROM follow_ups WHERE due_date < '2025-04-16' AND repeat_rule IS NULL");
    // Deals: every stage, closed ones closed, open ones expected in the next six months.
    for stage in [
        "lead",
        "qualified",
        "proposal",
        "negotiation",
        "won",
        "lost",
    ] {
        assert!(
            count(
                &s,
                &format!("SELECT count(*) FROM deals WHERE stage = '{stage}'")
            ) > 5,
            "{stage}"
        );
    }
    zero("SELECT count(*) FROM deals WHERE (stage IN ('won', 'lost')) <> (closed_at IS NOT NULL)");
    zero(&format!(
        "SELECT count(*) FROM deals WHERE closed_at < created_at OR closed_at > {n} OR closed_at < {}",
        n - 731 * 86_400
    ));
    zero(
        "SELECT count(*) FROM deals WHERE closed_at IS NULL AND (expected_close <= '2025-06-18' OR expected_close > '2025-12-19')",
    );
    zero(&format!(
        "SELECT count(*) FROM deals WHERE stage_changed_at < created_at OR stage_changed_at > {n}"
    ));
    zero("SELECT count(*) FROM deals WHERE value_minor < 50000 OR value_minor > 25000000");
    zero(
        "SELECT count(*) FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.created_at < c.created_at",
    );
    zero(
        "SELECT count(*) FROM interactions i JOIN deals d ON d.id = i.deal_id
          WHERE d.customer_id <> i.customer_id OR i.occurred_at < d.created_at
             OR i.occurred_at > coalesce(d.closed_at, i.occurred_at)",
    );
    // Derived columns match the rows (an organization's last contact is of it or its people).
    zero("SELECT count(*) FROM customers WHERE last_contact_at IS NOT
          (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
             (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))");
    // An organization's next step is of it and its people (schema v25).
    zero("SELECT count(*) FROM customers WHERE next_due IS NOT
          (SELECT min(due_date) FROM follow_ups WHERE status = 'open' AND customer_id IN
             (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))");
    assert!(s.integrity_problems().expect("check").is_empty());
    // Ratings mostly 3-5; minutes sensible.
    let good = count(
        &s,
        "SELECT count(*) * 100 / (SELECT count(rating) FROM interactions) FROM interactions WHERE rating >= 3",
    );
    assert!(good >= 75, "{good}% rated 3-5");
    zero("SELECT count(*) FROM interactions WHERE kind = 'call' AND minutes NOT BETWEEN 5 AND 45");
    zero(
        "SELECT count(*) FROM interactions WHERE kind = 'meeting' AND minutes NOT BETWEEN 30 AND 120",
    );
    zero("SELECT count(*) FROM interactions WHERE kind = 'email' AND minutes NOT BETWEEN 0 AND 10");
    zero(
        "SELECT count(*) FROM interactions WHERE kind = 'note' AND (rating IS NOT NULL OR direction = 'in')",
    );
}

#[test]
fn demo_every_topic_has_a_summary_for_every_kind() {
    use super::history::kind_letter;
    use super::phrases::TOPICS;
    use crate::domain::InteractionKind;
    for (i, (_, topic)) in TOPICS.iter().enumerate() {
        for &kind in InteractionKind::ALL {
            let letter = kind_letter(kind);
            let fits = topic.summaries.iter().any(|s| {
                let (kinds, text) = s.split_once('|').expect("kinds|text");
                assert!(!text.is_empty());
                kinds == "*" || kinds.contains(letter)
            });
            assert!(fits, "topic {i} has no summary for {kind}");
        }
    }
}

#[test]
fn demo_locale_shares_sum_to_100() {
    let total: u32 = super::words::LOCALES.iter().map(|(share, _)| share).sum();
    assert_eq!(total, 100);
}

#[test]
fn demo_some_customers_trend_down() {
    let (s, _) = demo(1000, 6);
    let first_last = |order: &str| {
        format!(
            "(SELECT rating FROM interactions WHERE customer_id = c.id AND rating IS NOT NULL
              ORDER BY occurred_at {order} LIMIT 1)"
        )
    };
    let falling = count(
        &s,
        &format!(
            "SELECT count(*) FROM customers c WHERE {} >= 4 AND {} <= 2",
            first_last("ASC"),
            first_last("DESC")
        ),
    );
    assert!(
        (5..=120).contains(&falling),
        "{falling} customers trending down"
    );
}

#[test]
fn demo_full_text_search_finds_business_words() {
    let (s, _) = demo(200, 11);
    for word in [
        "demo", "invoice", "contract", "pricing", "delivery", "referral",
    ] {
        let hits = count(
            &s,
            &format!("SELECT count(*) FROM interactions_fts WHERE interactions_fts MATCH '{word}'"),
        );
        assert!(hits > 0, "no interaction mentions {word}");
    }
    let hits = count(
        &s,
        "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'lukasz OR zofia OR muller'",
    );
    assert!(hits > 0, "diacritic-free search finds no names");
}

#[test]
fn demo_key_fifth_gets_most_contact_and_value() {
    let (s, _) = demo(1000, 5);
    // The top fifth of customers by interactions hold more than half of them.
    let top = count(
        &s,
        "SELECT sum(n) FROM (SELECT count(*) AS n FROM interactions GROUP BY customer_id
                         ORDER BY n DESC LIMIT 200)",
    );
    let all = count(&s, "SELECT count(*) FROM interactions");
    assert!(top * 2 > all, "top fifth has {top} of {all}");
    let top_won = count(
        &s,
        "SELECT sum(v) FROM (SELECT sum(value_minor) AS v FROM deals WHERE stage = 'won'
                             GROUP BY customer_id ORDER BY v DESC LIMIT 200)",
    );
    let won = count(&s, "SELECT sum(value_minor) FROM deals WHERE stage = 'won'");
    assert!(
        top_won * 10 > won * 7,
        "top fifth has {top_won} of {won} won"
    );
}

#[test]
fn demo_tiny_sizes_work() {
    let (s, sum) = demo(0, 1);
    assert_eq!(sum, DemoSummary::default());
    assert!(s.is_empty().expect("query"));

    let (s, sum) = demo(1, 1);
    assert_eq!((sum.customers, sum.orgs), (1, 0));
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers WHERE kind = 'person'"),
        1
    );
    assert!(
        count(
            &s,
            "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date < '2025-06-18'"
        ) >= 1
    );

    for seed in 0..20 {
        let (s, sum) = demo(10, seed);
        assert_eq!((sum.customers, sum.orgs), (10, 1));
        assert!(
            count(
                &s,
                "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date < '2025-06-18'"
            ) >= 1
        );
        assert!(
            count(
                &s,
                "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date = '2025-06-18'"
            ) >= 1
        );
        assert!(s.integrity_problems().expect("check").is_empty());
    }
}

#[test]
fn demo_refuses_the_same_seed_twice() {
    let (mut s, _) = demo(20, 9);
    let err = generate(&mut s, &opts(20, 9)).expect_err("same seed twice");
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("--seed"), "{err}");
    let more = generate(&mut s, &opts(20, 10)).expect("another seed");
    assert_eq!(more.customers, 20);
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 40);
}

#[test]
fn demo_restores_the_schema_and_journal() {
    let mut s = Store::open_in_memory().expect("store");
    let schema = |s: &Store| -> Vec<(String, String, Option<String>)> {
        let mut stmt = s
            .conn()
            .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let before = schema(&s);
    assert!(
        before
            .iter()
            .any(|(t, n, _)| t == "trigger" && n.starts_with("journal_"))
    );
    generate(&mut s, &opts(50, 4)).expect("demo");
    assert_eq!(schema(&s), before);
    assert_eq!(count(&s, "SELECT recording FROM journal_state"), 0);
    assert_eq!(
        count(&s, "SELECT count(*) FROM change_ops"),
        0,
        "the demo is not journaled"
    );
}

#[test]
fn demo_refuses_absurd_sizes() {
    let mut s = Store::open_in_memory().expect("store");
    let err = generate(&mut s, &opts(super::MAX_CUSTOMERS + 1, 1)).expect_err("too many");
    assert!(err.to_string().contains("--customers"), "{err}");
}

#[test]
fn demo_works_around_any_day() {
    // A leap day, and `now` at the very start of the day.
    let today = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
    let now = today
        .and_hms_opt(0, 0, 1)
        .expect("time")
        .and_utc()
        .timestamp();
    let mut s = Store::open_in_memory().expect("store");
    let o = DemoOptions {
        customers: 100,
        seed: 2,
        today,
        now,
        currency: Currency::EUR,
    };
    generate(&mut s, &o).expect("demo");
    assert_eq!(
        count(
            &s,
            &format!("SELECT count(*) FROM interactions WHERE occurred_at > {now}")
        ),
        0
    );
    assert_eq!(
        count(
            &s,
            &format!("SELECT count(*) FROM follow_ups WHERE done_at > {now} OR created_at > {now}")
        ),
        0
    );
    assert_eq!(
        count(&s, "SELECT count(*) FROM deals WHERE currency = 'PLN'"),
        0
    );
}

/// `cargo test --release --lib demo_bench -- --ignored --nocapture`
#[test]
#[ignore = "benchmark: 100,000 customers on a temp file"]
fn demo_bench_100k() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).expect("open");
    let start = std::time::Instant::now();
    let sum = generate(&mut store, &opts(100_000, 42)).expect("demo");
    let took = start.elapsed();
    drop(store);
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let wal = path.with_extension("db-wal");
    println!(
        "{sum:?} in {took:.2?}; db {} MB, wal {} MB",
        size(&path) / 1_000_000,
        size(&wal) / 1_000_000
    );
}
