//! Risk list tests on a small store, every score worked out by hand.

use super::*;
use crate::domain::{Direction, InteractionKind, Stage};
use crate::insight::fixture::Fx;
use crate::insight::{ReasonKind, refresh};

/// today 2025-06-30. Revenue (EUR, in the window): Acme 800, Vip 700, Zed 150, Yan 50 = 1700.
/// Tiers: Acme before 0 -> A; Vip before 800 (47%) -> A; Zed before 1500 (88%) -> B;
/// Yan before 1650 (97%) -> C. Pia (PLN only) and Nil (nothing) are C.
pub(crate) fn store() -> (Fx, [CustomerId; 8]) {
    let mut fx = Fx::new("2025-06-30");
    let acme = fx.org("Acme");
    let ann = fx.member("Ann", acme);
    let bob = fx.member("Bob", acme);
    let vip = fx.person("Vip");
    let zed = fx.person("Zed");
    let yan = fx.person("Yan");
    let pia = fx.person("Pia");
    let nil = fx.person("Nil");
    fx.won(ann, 800, "EUR", 100, 50);
    fx.won(vip, 700, "EUR", 100, 50);
    fx.won(zed, 150, "EUR", 100, 50);
    fx.won(yan, 50, "EUR", 100, 50);
    fx.won(pia, 9000, "PLN", 100, 50);
    // Acme: contact days 77, 65, 53 (Ann), 41 (Bob) days ago: gaps 12, 12, 12 -> usual 12.
    for d in [77, 65, 53] {
        fx.call(ann, d);
    }
    fx.call(bob, 41);
    // Vip: contacted 3 days ago, no follow-up.
    fx.call(vip, 3);
    // Zed: cadence 30, last contact 45 days ago, a follow-up in 5 days.
    fx.cadence(zed, 30);
    fx.call(zed, 45);
    let in5 = fx.day(-5);
    fx.follow_up(zed, in5, 1);
    // Yan: one call 100 days ago; rated notes 5, 5, 2, 2 (notes are not contacts).
    fx.call(yan, 100);
    for (d, r) in [(200, 5), (190, 5), (150, 2), (120, 2)] {
        fx.log(yan, d, InteractionKind::Note, Direction::Out, None, Some(r));
    }
    fx.follow_up(yan, in5, 1);
    // Pia: contacted 5 days ago, a proposal unmoved for 60 days, no follow-up.
    fx.call(pia, 5);
    fx.deal(pia, 4000, "PLN", Stage::Proposal, 60, None, None);
    (fx, [acme, ann, bob, vip, zed, yan, pia, nil])
}

fn names(rows: &[RiskRow]) -> Vec<(&str, u32)> {
    rows.iter().map(|r| (r.name.as_str(), r.score)).collect()
}

#[test]
fn risk_going_cold_ranks_a_first_with_reasons() {
    let (mut fx, _) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let cold = going_cold(&fx.store, fx.today, &cfg, 0, 20).unwrap();
    // Acme (A): 41 days, usually 12: round(20 × 41 / 12) = 68 -> capped 60; no next step 5
    //   -> 200 + 65 = 265.
    // Zed (B): 45 days, cadence 30: round(20 × 45 / 30) = 30 -> 100 + 30 = 130.
    // Yan (C): 100 days, tier C default 90: round(22.2) = 22; satisfaction 5, 5 -> 2, 2:
    //   n = 4, k = 2, fell 3.0 -> min(25, 30) = 25 -> 0 + 47 = 47.
    assert_eq!(names(&cold), vec![("Acme", 265), ("Zed", 130), ("Yan", 47)]);
    let acme = &cold[0];
    assert_eq!(acme.kind, CustomerKind::Org);
    assert_eq!((acme.tier, acme.revenue.minor), (Tier::A, 800));
    assert_eq!(acme.days_since_contact, Some(41));
    assert_eq!(
        acme.rhythm,
        Rhythm {
            days: 12,
            source: RhythmSource::Usual
        }
    );
    let texts: Vec<_> = acme.reasons.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "no contact for 41 days, usually every 12",
            "no next step planned"
        ]
    );
    assert_eq!(
        cold[1].reasons[0].text,
        "no contact for 45 days, cadence every 30"
    );
    assert_eq!(cold[1].next_due, Some(fx.day(-5)));
    let yan: Vec<_> = cold[2].reasons.iter().map(|r| (r.kind, r.points)).collect();
    assert_eq!(
        yan,
        vec![
            (ReasonKind::SatisfactionFell, 25),
            (ReasonKind::NoContact, 22)
        ]
    );
    assert_eq!(cold[2].reasons[0].text, "satisfaction fell from 5.0 to 2.0");
    assert_eq!(count_going_cold(&fx.store, fx.today, &cfg).unwrap(), 3);
    // Windowed.
    assert_eq!(
        names(&going_cold(&fx.store, fx.today, &cfg, 1, 1).unwrap()),
        vec![("Zed", 130)]
    );
}

#[test]
fn risk_at_risk_includes_stuck_deals() {
    let (mut fx, _) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let rows = at_risk(&fx.store, fx.today, &cfg, 0, 20).unwrap();
    // Pia (C): not cold (5 days of 90), proposal unmoved 60 days > 30: 15; no next step 5 -> 20.
    assert_eq!(
        names(&rows),
        vec![("Acme", 265), ("Zed", 130), ("Yan", 47), ("Pia", 20)]
    );
    let pia = &rows[3];
    assert!(!pia.cold);
    assert_eq!(
        pia.stuck_deal.as_ref().map(|s| (s.stage, s.days)),
        Some((Stage::Proposal, 60))
    );
    assert_eq!(
        pia.reasons[0].text,
        "deal \"Deal\" stuck in proposal for 60 days"
    );
    assert_eq!(count_at_risk(&fx.store, fx.today, &cfg).unwrap(), 4);
}

#[test]
fn risk_review_extras_valuable_cold_then_no_next_step() {
    let (mut fx, _) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let extras = review_extras(&fx.store, fx.today, &cfg, 10).unwrap();
    let got: Vec<_> = extras
        .iter()
        .map(|e| (e.name.as_str(), e.tier, e.why, e.reason.as_str()))
        .collect();
    // A first: Acme going cold, then Vip (no next step; 205); then B: Zed going cold.
    // C accounts (Yan, Pia, Nil) are not valuable enough for the queue.
    assert_eq!(
        got,
        vec![
            (
                "Acme",
                Tier::A,
                ExtraKind::GoingCold,
                "going cold: no contact for 41 days, usually every 12; no next step planned"
            ),
            (
                "Vip",
                Tier::A,
                ExtraKind::NoNextStep,
                "no next step planned; last contact 3 days ago"
            ),
            (
                "Zed",
                Tier::B,
                ExtraKind::GoingCold,
                "going cold: no contact for 45 days, cadence every 30"
            ),
        ]
    );
    assert_eq!(
        review_extras(&fx.store, fx.today, &cfg, 1).unwrap().len(),
        1
    );
}

#[test]
fn risk_contact_with_any_person_warms_the_organization() {
    let (mut fx, [_, _, bob, ..]) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    fx.call(bob, 0);
    // Reads refuse stale caches...
    assert!(matches!(
        going_cold(&fx.store, fx.today, &cfg, 0, 20),
        Err(crate::insight::InsightError::Stale)
    ));
    // ...until refreshed: only Acme is recomputed.
    let r = refresh(&mut fx.store, fx.today, &cfg).unwrap();
    assert_eq!(
        (r.mode, r.tiers),
        (crate::insight::RefreshMode::Incremental, false)
    );
    let cold = going_cold(&fx.store, fx.today, &cfg, 0, 20).unwrap();
    assert_eq!(names(&cold), vec![("Zed", 130), ("Yan", 47)]);
}

#[test]
fn risk_empty_store_has_no_rows() {
    let mut fx = Fx::new("2025-06-30");
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    assert!(
        going_cold(&fx.store, fx.today, &cfg, 0, 20)
            .unwrap()
            .is_empty()
    );
    assert!(
        review_extras(&fx.store, fx.today, &cfg, 20)
            .unwrap()
            .is_empty()
    );
    let s = crate::insight::tier_summary(&fx.store, fx.today, &cfg).unwrap();
    assert_eq!((s.accounts, s.total.minor), (0, 0));
}
