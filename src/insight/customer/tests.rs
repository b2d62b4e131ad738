//! Per-customer measures on a small store, worked out by hand.

use super::*;
use crate::domain::{Direction, InteractionKind};
use crate::insight::fixture::Fx;
use crate::insight::{RhythmSource, refresh};
use crate::store::CustomerPatch;

/// today 2025-06-30. Kappa (org) with Kim.
fn store() -> (Fx, CustomerId, CustomerId) {
    use Direction::{In, Out};
    use InteractionKind::{Call, Email, Meeting, Note, Visit};
    let mut fx = Fx::new("2025-06-30");
    let kappa = fx.org("Kappa");
    let kim = fx.member("Kim", kappa);
    for (who, ago, kind, dir, minutes, rating) in [
        (kim, 10, Call, Out, Some(30), Some(4)),
        (kim, 40, Email, In, None, None),
        (kim, 100, Meeting, Out, Some(60), Some(5)),
        (kim, 5, Note, Out, Some(15), None),
        (kim, 400, Call, In, Some(20), Some(3)),
        (kappa, 200, Visit, Out, Some(45), Some(2)),
    ] {
        fx.log(who, ago, kind, dir, minutes, rating);
    }
    fx.won(kim, 1000, "EUR", 80, 50);
    fx.won(kappa, 200, "PLN", 80, 50);
    fx.deal(
        kim,
        50,
        "EUR",
        Stage::Proposal,
        80,
        Some((Stage::Lost, 60)),
        None,
    );
    fx.deal(kappa, 400, "EUR", Stage::Proposal, 10, None, None); // 50%
    fx.deal(kim, 301, "EUR", Stage::Negotiation, 10, None, None); // 75%
    let needs = CustomerPatch {
        needs: Some("quarterly reports".into()),
        ..CustomerPatch::default()
    };
    fx.patch(kim, &needs, 400);
    (fx, kappa, kim)
}

fn eur(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::EUR,
    }
}

fn pln(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::PLN,
    }
}

fn measures(fx: &mut Fx, id: CustomerId) -> CustomerMeasures {
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let tiers = TierTable::load(&fx.store, fx.today, &cfg).unwrap();
    customer_measures(&fx.store, id, fx.today, &cfg, &tiers).unwrap()
}

#[test]
fn customer_organization_rolls_up_its_people() {
    let (mut fx, kappa, _) = store();
    let m = measures(&mut fx, kappa);
    assert_eq!(m.people, 1);
    // Won 1000 EUR (Kim) and 200 PLN (Kappa): never added together.
    assert_eq!(m.revenue, vec![eur(1000), pln(200)]);
    assert_eq!((m.deals_won, m.deals_lost, m.open_deals), (2, 1, 2));
    // Open 400 + 301 = 701 EUR; weighted (400 × 50 + 301 × 75) / 100 = 425.75 -> 426.
    assert_eq!(m.open_pipeline, vec![eur(701)]);
    assert_eq!(m.weighted_pipeline, vec![eur(426)]);
    // Contacts (no notes) 10, 40, 100, 400 (Kim), 200 (Kappa) days ago.
    assert_eq!(m.days_since_contact, Some(10));
    assert_eq!(
        (
            m.contacts_30,
            m.contacts_90,
            m.contacts_365,
            m.contacts_total
        ),
        (1, 2, 4, 5)
    );
    // Inbound: the email 40 days ago and the call 400 days ago: 2 / 5.
    assert_eq!((m.inbound, m.inbound_share), (2, Some(0.4)));
    // Ratings in time order 3, 2, 5, 4: mean 14 / 4 = 3.5; k = 2: recent (5 + 4) / 2 = 4.5,
    // earlier (3 + 2) / 2 = 2.5, trend +2.0.
    let s = &m.satisfaction;
    assert_eq!(
        (s.ratings, s.average, s.recent, s.earlier, s.trend),
        (4, Some(3.5), Some(4.5), Some(2.5), Some(2.0))
    );
    // Effort: 6 interactions (the note too), 30 + 60 + 15 + 20 + 45 = 170 minutes.
    assert_eq!(
        m.effort,
        Effort {
            interactions: 6,
            minutes: 170
        }
    );
    // Per hour: 1000 × 60 / 170 = 352.9 -> 353 EUR; 200 × 60 / 170 = 70.6 -> 71 PLN.
    assert_eq!(m.value_per_hour, vec![eur(353), pln(71)]);
    // Kappa has no needs written.
    assert!(!m.knowledge.has_needs && !m.knowledge.stale);
    // Account: Kappa itself, tier A (the only EUR revenue). Contact days 400, 200, 100, 40,
    // 10 days ago: gaps 200, 100, 60, 30 -> median (60 + 100 + 1) / 2 = 80. 10 days since:
    // not cold; rhythm runs out 10 days ago + 80 = 70 days from today; no follow-up.
    let a = &m.account;
    assert_eq!((a.account, a.tier, a.cold), (kappa, Tier::A, false));
    assert_eq!((a.rhythm.days, a.rhythm.source), (80, RhythmSource::Usual));
    assert_eq!(a.contact_due, Some(fx.day(-70)));
    assert_eq!(a.score, 205);
    assert_eq!(a.reasons.len(), 1);
    assert_eq!(a.reasons[0].text, "no next step planned");
}

#[test]
fn customer_person_in_an_organization_has_own_numbers_and_its_account() {
    let (mut fx, kappa, kim) = store();
    let m = measures(&mut fx, kim);
    assert_eq!(m.people, 0);
    assert_eq!(m.revenue, vec![eur(1000)]);
    // Kim's open deal: 301 × 75 / 100 = 225.75 -> 226.
    assert_eq!(m.weighted_pipeline, vec![eur(226)]);
    // Contacts 10, 40, 100, 400 days ago.
    assert_eq!(
        (
            m.contacts_30,
            m.contacts_90,
            m.contacts_365,
            m.contacts_total
        ),
        (1, 2, 3, 4)
    );
    assert_eq!(m.inbound_share, Some(0.5));
    // Ratings 3, 5, 4: mean 4; k = 1: recent 4, earlier 5, trend -1.
    assert_eq!(
        (m.satisfaction.average, m.satisfaction.trend),
        (Some(4.0), Some(-1.0))
    );
    // 30 + 60 + 15 + 20 = 125 minutes; 1000 × 60 / 125 = 480 EUR per hour.
    assert_eq!(m.effort.minutes, 125);
    assert_eq!(m.value_per_hour, vec![eur(480)]);
    // Needs written 400 days ago: stale (> 365).
    assert_eq!((m.knowledge.age_days, m.knowledge.stale), (Some(400), true));
    assert_eq!((m.account.account, m.account.tier), (kappa, Tier::A));
}

#[test]
fn customer_without_anything() {
    let mut fx = Fx::new("2025-06-30");
    let lone = fx.person("Lone");
    let m = measures(&mut fx, lone);
    assert!(m.revenue.is_empty() && m.weighted_pipeline.is_empty() && m.value_per_hour.is_empty());
    assert_eq!(
        (m.contacts_total, m.inbound_share, m.last_contact_at),
        (0, None, None)
    );
    // All ratings missing: no average, no trend.
    assert_eq!(
        (
            m.satisfaction.ratings,
            m.satisfaction.average,
            m.satisfaction.trend
        ),
        (0, None, None)
    );
    // Tier C default rhythm, never contacted: not cold, nothing due.
    assert_eq!(
        (m.account.tier, m.account.rhythm.days, m.account.cold),
        (Tier::C, 90, false)
    );
    assert_eq!(m.account.contact_due, None);
    let cfg = InsightConfig::default();
    let err = customer_measures(
        &fx.store,
        CustomerId(999),
        fx.today,
        &cfg,
        &TierTable::default(),
    );
    assert!(matches!(
        err,
        Err(crate::insight::InsightError::Store(StoreError::NotFound(_)))
    ));
}
