//! Tier tests: the Pareto rule by hand, then the computation on a small store.

use super::*;
use crate::domain::Stage;
use crate::insight::fixture::{Fx, date};
use crate::insight::refresh;

fn tiers(rev: &[(i64, i64)]) -> Vec<(i64, Tier)> {
    assign_tiers(rev)
        .iter()
        .map(|r| (r.account, r.tier))
        .collect()
}

#[test]
fn tier_pareto_crossing_account_is_a() {
    // total 100: before #1 = 0 (<80) A; before #2 = 60 (<80) A; before #3 = 85 (<95) B;
    // before #4 = 95 (not <95) C.
    assert_eq!(
        tiers(&[(4, 5), (1, 60), (3, 10), (2, 25)]),
        vec![(1, Tier::A), (2, Tier::A), (3, Tier::B), (4, Tier::C)]
    );
}

#[test]
fn tier_ties_share_the_tier_of_the_first() {
    // 50, 30, 10, 10: before #3 = 80 -> B; #4 ties with #3 -> B (before 90 would also be B).
    assert_eq!(
        tiers(&[(1, 50), (2, 30), (3, 10), (4, 10)]),
        vec![(1, Tier::A), (2, Tier::A), (3, Tier::B), (4, Tier::B)]
    );
    // 40, 30, 10, 10, 10: before #3 = 70 (<80) A; #4 (before 80) and #5 (before 90) tie with
    // #3, so they are A too although the cumulative rule alone would make them B.
    assert_eq!(
        tiers(&[(5, 10), (4, 10), (3, 10), (2, 30), (1, 40)]),
        vec![
            (1, Tier::A),
            (2, Tier::A),
            (3, Tier::A),
            (4, Tier::A),
            (5, Tier::A)
        ]
    );
    // Equal revenue is ranked by id, lowest first.
    let r = assign_tiers(&[(9, 10), (7, 10)]);
    assert_eq!(
        (r[0].account, r[0].rank, r[1].account, r[1].rank),
        (7, 1, 9, 2)
    );
}

#[test]
fn tier_edge_cases() {
    // One customer: before = 0 < 80% -> A.
    assert_eq!(tiers(&[(1, 7)]), vec![(1, Tier::A)]);
    // 90 / 10: before #2 = 90 -> B.
    assert_eq!(tiers(&[(1, 90), (2, 10)]), vec![(1, Tier::A), (2, Tier::B)]);
    // No revenue at all: C, and no deals: nothing to rank.
    assert_eq!(tiers(&[(1, 0), (2, 0)]), vec![(1, Tier::C), (2, Tier::C)]);
    assert!(tiers(&[]).is_empty());
    // Huge values do not overflow (i128 arithmetic).
    assert_eq!(
        tiers(&[(1, i64::MAX), (2, i64::MAX)]),
        vec![(1, Tier::A), (2, Tier::A)]
    );
}

/// Acme (org, with Ann and Bob) 800 EUR, Zed 150 EUR (+1000 EUR outside the window),
/// Yan 50 EUR, Pia 5000 PLN only, Nil nothing.
fn store() -> (Fx, [CustomerId; 7]) {
    let mut fx = Fx::new("2025-06-30");
    let acme = fx.org("Acme");
    let ann = fx.member("Ann", acme);
    let bob = fx.member("Bob", acme);
    let zed = fx.person("Zed");
    let yan = fx.person("Yan");
    let pia = fx.person("Pia");
    let nil = fx.person("Nil");
    fx.won(ann, 600, "EUR", 40, 10);
    fx.won(acme, 200, "EUR", 400, 364); // 2024-07-01: the first day of the window
    fx.won(zed, 150, "EUR", 40, 20);
    fx.won(zed, 1000, "EUR", 400, 365); // 2024-06-30: the day before the window
    fx.won(yan, 50, "EUR", 40, 20);
    fx.won(pia, 5000, "PLN", 40, 20);
    fx.deal(nil, 999, "EUR", Stage::Lost, 30, None, None);
    (fx, [acme, ann, bob, zed, yan, pia, nil])
}

#[test]
fn tier_compute_rolls_up_organizations_and_keeps_currencies_apart() {
    let (fx, [acme, _, _, zed, yan, ..]) = store();
    let cfg = InsightConfig::default();
    let comp = compute(fx.store.conn(), fx.today, &cfg).unwrap();
    // Acme = 600 (Ann) + 200 (own) = 800; total EUR = 800 + 150 + 50 = 1000.
    // Acme: before 0 -> A; Zed: before 800 = 80% -> B; Yan: before 950 = 95% -> C.
    let got: Vec<_> = comp
        .ranked
        .iter()
        .map(|r| (r.account, r.revenue, r.tier))
        .collect();
    assert_eq!(
        got,
        vec![
            (acme.0, 800, Tier::A),
            (zed.0, 150, Tier::B),
            (yan.0, 50, Tier::C)
        ]
    );
    let s = &comp.summary;
    assert_eq!(
        (s.window_start, s.window_end),
        (date("2024-07-01"), date("2025-06-30"))
    );
    // Accounts: Acme, Zed, Yan, Pia, Nil (Ann and Bob belong to Acme).
    assert_eq!(s.accounts, 5);
    assert_eq!(s.total.minor, 1000);
    let b: Vec<_> = s
        .tiers
        .iter()
        .map(|b| (b.tier, b.accounts, b.revenue.minor))
        .collect();
    // C: 5 accounts - A - B = 3 (Yan, Pia, Nil), revenue 50.
    assert_eq!(
        b,
        vec![(Tier::A, 1, 800), (Tier::B, 1, 150), (Tier::C, 3, 50)]
    );
    assert!((s.tiers[0].share - 0.8).abs() < 1e-9);
    // PLN is listed apart, never added: 5000 PLN from one account that has no EUR revenue.
    assert_eq!(
        s.other_currencies,
        vec![OtherRevenue {
            revenue: Money {
                minor: 5000,
                currency: Currency::PLN
            },
            accounts: 1,
            accounts_without_primary: 1,
        }]
    );
}

#[test]
fn tier_table_gives_people_their_organization_tier() {
    let (mut fx, [acme, ann, bob, zed, yan, pia, nil]) = store();
    let cfg = InsightConfig::default();
    assert!(matches!(
        TierTable::load(&fx.store, fx.today, &cfg),
        Err(InsightError::Stale)
    ));
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let t = TierTable::load(&fx.store, fx.today, &cfg).unwrap();
    assert_eq!(
        [acme, ann, bob, zed, yan, pia, nil].map(|c| t.tier(c)),
        [
            Tier::A,
            Tier::A,
            Tier::A,
            Tier::B,
            Tier::C,
            Tier::C,
            Tier::C
        ]
    );
    assert_eq!((t.count(Tier::A), t.count(Tier::B)), (3, 1));
    // Loading only some customers gives them the same tiers.
    let some = TierTable::load_for(&fx.store, fx.today, &cfg, &[ann, zed, nil]).unwrap();
    assert_eq!(
        [ann, zed, nil].map(|c| some.tier(c)),
        [Tier::A, Tier::B, Tier::C]
    );
    // A list of 20,000 ids (`list --limit 20000`) would pass SQLite's bound-value limit.
    let many: Vec<CustomerId> = (1..=20_000).map(CustomerId).collect();
    let all = TierTable::load_for(&fx.store, fx.today, &cfg, &many).unwrap();
    assert_eq!(all, t);
    let top = top_accounts(&fx.store, fx.today, &cfg, 0, 10).unwrap();
    let names: Vec<_> = top
        .iter()
        .map(|t| (t.rank, t.name.as_str(), t.tier))
        .collect();
    assert_eq!(
        names,
        vec![
            (1, "Acme", Tier::A),
            (2, "Zed", Tier::B),
            (3, "Yan", Tier::C)
        ]
    );
    let summary = tier_summary(&fx.store, fx.today, &cfg).unwrap();
    assert_eq!(summary.total.minor, 1000);
    // Another day makes the cache stale until refreshed.
    assert!(matches!(
        TierTable::load(&fx.store, date("2025-07-01"), &cfg),
        Err(InsightError::Stale)
    ));
}

#[test]
fn tier_in_another_primary_currency() {
    let (fx, [.., pia, _]) = store();
    let cfg = InsightConfig::with_currency(Currency::PLN);
    let comp = compute(fx.store.conn(), fx.today, &cfg).unwrap();
    // Only Pia has PLN revenue: alone she makes 100% -> A; EUR is listed apart (1000 EUR,
    // 3 accounts, none of them with PLN revenue).
    assert_eq!(comp.ranked.len(), 1);
    assert_eq!(
        (comp.ranked[0].account, comp.ranked[0].tier),
        (pia.0, Tier::A)
    );
    let eur = &comp.summary.other_currencies[0];
    assert_eq!(
        (
            eur.revenue.minor,
            eur.accounts,
            eur.accounts_without_primary
        ),
        (1000, 3, 3)
    );
}

#[test]
fn tier_with_no_deals_is_all_c() {
    let mut fx = Fx::new("2025-06-30");
    fx.person("Solo");
    let comp = compute(fx.store.conn(), fx.today, &InsightConfig::default()).unwrap();
    assert!(comp.ranked.is_empty());
    assert_eq!(comp.summary.tiers[2].accounts, 1);
    assert!(comp.summary.tiers[2].share.abs() < f64::EPSILON);
}
