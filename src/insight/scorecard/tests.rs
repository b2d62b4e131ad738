//! Scorecard tests on a small store, worked out by hand.

use super::*;
use crate::domain::InteractionKind::{Call, Email, Meeting, Note};
use crate::insight::fixture::{Fx, date};

/// today 2025-06-30 (a Monday). This week: 06-24..06-30; the one before: 06-17..06-23.
fn store() -> Fx {
    let mut fx = Fx::new("2025-06-30");
    let c = fx.person("C");
    // Follow-ups.
    let f1 = fx.follow_up(c, date("2025-06-25"), 20);
    fx.done(f1, 5); // done 06-25, due 06-25: on time
    let f2 = fx.follow_up(c, date("2025-06-20"), 20);
    fx.snooze(f2, date("2025-06-28"));
    fx.done(f2, 2); // done 06-28, first due 06-20: 8 days late (snoozing does not help)
    let f3 = fx.follow_up(c, date("2025-06-29"), 20);
    fx.done(f3, 3); // done 06-27, early: on time
    let f4 = fx.follow_up(c, date("2025-06-18"), 20);
    fx.done(f4, 11); // done 06-19: previous week, 1 day late
    fx.follow_up(c, date("2025-06-26"), 20); // still open: not counted
    // Contacts.
    for (ago, kind, dir) in [
        (0, Call, Direction::Out),
        (1, Call, Direction::Out),
        (1, Note, Direction::Out), // not a contact
        (2, Call, Direction::Out),
        (3, Email, Direction::In),
        (6, Meeting, Direction::Out), // 06-24, first day of the week
        (7, Call, Direction::Out),    // 06-23, previous week
    ] {
        fx.log(c, ago, kind, dir, None, None);
    }
    // Deals.
    fx.won(c, 1000, "EUR", 40, 2); // cycle 38 days
    fx.won(c, 500, "PLN", 10, 5); // cycle 5 days
    fx.deal(
        c,
        77,
        "EUR",
        Stage::Proposal,
        30,
        Some((Stage::Lost, 3)),
        None,
    );
    fx.won(c, 300, "EUR", 20, 8); // 06-22: previous week, cycle 12 days
    fx
}

#[test]
fn scorecard_week_against_the_week_before() {
    let fx = store();
    let s = scorecard(&fx.store, fx.today, Period::Week, &InsightConfig::default()).unwrap();
    let c = &s.current;
    assert_eq!(
        (c.range.start, c.range.end),
        (date("2025-06-24"), date("2025-06-30"))
    );
    // Done 3: f1 on time, f2 8 late, f3 on time: 2 / 3; delay (0 + 8 + 0) / 3; late mean 8.
    assert_eq!((c.follow_ups_done, c.follow_ups_on_time), (3, 2));
    assert!((c.on_time_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((c.average_delay_days.unwrap() - 8.0 / 3.0).abs() < 1e-9);
    assert_eq!(c.average_late_days, Some(8.0));
    // Contacts: calls 0, 1, 2 days ago, email in 3, meeting 6: 5 in 7 days = 5 per week.
    assert_eq!((c.contacts, c.inbound, c.contacts_per_week), (5, 1, 5.0));
    let kinds: Vec<_> = c
        .by_kind
        .iter()
        .map(|k| (k.kind, k.direction, k.count))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Call, Direction::Out, 3),
            (Email, Direction::In, 1),
            (Meeting, Direction::Out, 1)
        ]
    );
    // Deals: won 2, lost 1: 2 / 3; cycle (38 + 5) / 2 = 21.5 days; revenue kept per currency.
    assert_eq!((c.deals_won, c.deals_lost), (2, 1));
    assert!((c.win_rate.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(c.average_cycle_days, Some(21.5));
    let eur = Money {
        minor: 1000,
        currency: Currency::EUR,
    };
    let pln = Money {
        minor: 500,
        currency: Currency::PLN,
    };
    assert_eq!(c.revenue, vec![eur, pln]);

    let p = &s.previous;
    assert_eq!(
        (p.range.start, p.range.end),
        (date("2025-06-17"), date("2025-06-23"))
    );
    assert_eq!(
        (
            p.follow_ups_done,
            p.follow_ups_on_time,
            p.average_delay_days
        ),
        (1, 0, Some(1.0))
    );
    assert_eq!(
        (p.contacts, p.deals_won, p.win_rate, p.average_cycle_days),
        (1, 1, Some(1.0), Some(12.0))
    );
}

#[test]
fn scorecard_empty_period() {
    let fx = Fx::new("2025-06-30");
    let s = scorecard(
        &fx.store,
        fx.today,
        Period::Quarter,
        &InsightConfig::default(),
    )
    .unwrap();
    let c = &s.current;
    assert_eq!(c.range.start, date("2025-03-31"));
    assert_eq!(
        (c.follow_ups_done, c.on_time_share, c.average_delay_days),
        (0, None, None)
    );
    assert_eq!(
        (
            c.contacts,
            c.contacts_per_week,
            c.win_rate,
            c.average_cycle_days
        ),
        (0, 0.0, None, None)
    );
    assert!(c.revenue.is_empty());
}

#[test]
fn scorecard_weekly_contacts_follow_the_week_start() {
    let fx = store();
    let cfg = InsightConfig::default(); // weeks start on Monday
    let w = weekly_contacts(&fx.store, fx.today, 3, &cfg).unwrap();
    let got: Vec<_> = w.iter().map(|w| (w.start, w.contacts, w.inbound)).collect();
    // 06-23..06-29: calls 06-23, 06-28, 06-29, meeting 06-24, email in 06-27 = 5 (1 inbound);
    // 06-30: today's call.
    assert_eq!(
        got,
        vec![
            (date("2025-06-16"), 0, 0),
            (date("2025-06-23"), 5, 1),
            (date("2025-06-30"), 1, 0)
        ]
    );
    let sunday = InsightConfig {
        week_start: Weekday::Sun,
        ..InsightConfig::default()
    };
    let w = weekly_contacts(&fx.store, fx.today, 2, &sunday).unwrap();
    let got: Vec<_> = w.iter().map(|w| (w.start, w.contacts)).collect();
    // 06-22..06-28: 06-23, 06-24, 06-27, 06-28 = 4; 06-29..: 06-29, 06-30 = 2.
    assert_eq!(got, vec![(date("2025-06-22"), 4), (date("2025-06-29"), 2)]);
    assert!(
        weekly_contacts(&fx.store, fx.today, 0, &cfg)
            .unwrap()
            .is_empty()
    );
}
