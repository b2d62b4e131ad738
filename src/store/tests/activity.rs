//! Interactions, follow-ups and deals: writes, single reads, history and queues.

use chrono::NaiveTime;

use super::*;
use crate::domain::{FollowUpStatus, Repeat, RepeatUnit};
use crate::store::StoreError;

fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().map(id).collect()
}

#[test]
fn insert_interaction_round_trips_every_field() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let deal = open_deal(&mut s, &new_deal(anna, "Fleet", 10_000, "PLN", Stage::Lead));
    let new = NewInteraction {
        direction: Direction::In,
        notes: "asked for the price list".into(),
        minutes: Some(25),
        rating: Some(4),
        deal_id: Some(deal),
        created_at: T0 + HOUR,
        ..talk(anna, InteractionKind::Call, T0 - 3 * HOUR, "pricing ok")
    };
    let id = log(&mut s, &new);
    let item = s.interaction(id).unwrap();
    assert_eq!(item.customer_name, "Anna");
    let i = item.interaction;
    assert_eq!(i.id, id);
    assert_eq!(i.customer_id, anna);
    assert_eq!(i.kind, InteractionKind::Call);
    assert_eq!(i.direction, Direction::In);
    assert_eq!(i.occurred_at.timestamp(), T0 - 3 * HOUR);
    assert_eq!(i.summary, "pricing ok");
    assert_eq!(i.notes, "asked for the price list");
    assert_eq!(
        (i.minutes, i.rating, i.deal_id),
        (Some(25), Some(4), Some(deal))
    );
    assert_eq!(
        count(&s, "SELECT created_at FROM interactions"),
        T0 + HOUR,
        "created_at is stored as given"
    );
}

#[test]
fn interaction_checks_and_not_found() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let err = s.interaction(InteractionId(5)).err().unwrap();
    assert!(
        matches!(&err, StoreError::NotFound(m) if m == "no interaction 5"),
        "{err:?}"
    );
    // Rating 6 breaks the table's CHECK and nothing is saved.
    let bad = NewInteraction {
        rating: Some(6),
        ..talk(anna, InteractionKind::Call, T0, "x")
    };
    assert!(s.change("log", T0, |w| w.insert_interaction(&bad)).is_err());
    assert_eq!(count(&s, "SELECT count(*) FROM interactions"), 0);
    assert_eq!(last_contact(&s, anna), None);
}

#[test]
fn history_is_newest_first_windowed_and_rolls_up_an_organization() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(
        &mut s,
        &NewCustomer {
            org_id: Some(acme),
            ..person("Anna")
        },
    );
    let bob = add(&mut s, &person("Bob"));
    let i1 = log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 5 * DAY, "a1"),
    );
    let i2 = log(
        &mut s,
        &talk(acme, InteractionKind::Email, T0 - 3 * DAY, "o1"),
    );
    let i3 = log(&mut s, &talk(anna, InteractionKind::Note, T0 - DAY, "a2"));
    let i4 = log(&mut s, &talk(bob, InteractionKind::Call, T0, "b1"));
    let i5 = log(
        &mut s,
        &talk(anna, InteractionKind::Meeting, T0 - DAY, "a3"),
    ); // same time as i3
    let hid = |v: &[crate::store::HistoryItem]| ids(v, |h| h.interaction.id.0);

    assert_eq!(hid(&s.history(anna, 0, 10).unwrap()), [i5.0, i3.0, i1.0]);
    assert_eq!(s.history_len(anna).unwrap(), 3);
    let org_history = s.history(acme, 0, 10).unwrap();
    assert_eq!(hid(&org_history), [i5.0, i3.0, i2.0, i1.0]);
    assert_eq!(
        org_history
            .iter()
            .map(|h| h.customer_name.as_str())
            .collect::<Vec<_>>(),
        ["Anna", "Anna", "Acme", "Anna"]
    );
    assert_eq!(s.history_len(acme).unwrap(), 4);
    assert_eq!(hid(&s.history(acme, 1, 2).unwrap()), [i3.0, i2.0]);
    assert_eq!(hid(&s.history(acme, 4, 2).unwrap()), Vec::<i64>::new());
    assert_eq!(hid(&s.history(bob, 0, 10).unwrap()), [i4.0]);
    assert_eq!(s.history_len(CustomerId(99)).unwrap(), 0);
}

#[test]
fn insert_follow_up_round_trips_every_field() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let call = log(&mut s, &talk(anna, InteractionKind::Call, T0 - DAY, "call"));
    let id = plan_task(
        &mut s,
        &NewFollowUp {
            due_time: NaiveTime::from_hms_opt(9, 30, 0),
            repeat: Some(Repeat {
                n: 2,
                unit: RepeatUnit::Weeks,
            }),
            interaction_id: Some(call),
            ..task(anna, "send the offer", "2026-11-27")
        },
    );
    let f = s.follow_up(id).unwrap();
    assert_eq!(f.id, id);
    assert_eq!((f.customer_id, f.customer_name.as_str()), (anna, "Anna"));
    assert_eq!(f.what, "send the offer");
    assert_eq!(f.due_date, day("2026-11-27"));
    assert_eq!(f.due_time, NaiveTime::from_hms_opt(9, 30, 0));
    assert_eq!(f.original_due, day("2026-11-27"));
    assert_eq!(f.status, FollowUpStatus::Open);
    assert_eq!((f.done_at, f.snooze_count), (None, 0));
    assert_eq!(f.repeat.map(|r| r.to_string()).as_deref(), Some("2w"));
    assert_eq!(f.interaction_id, Some(call));
    assert_eq!(
        rows_of(
            &s,
            "SELECT due_time, repeat_rule, created_at FROM follow_ups"
        ),
        [format!("'09:30' | '2w' | {}", T0 - 10 * DAY)]
    );
    let err = s.follow_up(FollowUpId(42)).err().unwrap();
    assert!(
        matches!(&err, StoreError::NotFound(m) if m.starts_with("no follow-up 42;")),
        "{err:?}"
    );
}

/// Anna: overdue 11-20, today 09:00, today (no time), 11-25; Bob: today 08:00, a done one
/// due 11-21, a cancelled one due 11-22, 12-01.
fn queue_fixture(s: &mut Store) -> (CustomerId, CustomerId, Vec<FollowUpId>) {
    let anna = add(s, &person("Anna"));
    let bob = add(s, &person("Bob"));
    let at = |h| NaiveTime::from_hms_opt(h, 0, 0);
    let ids = vec![
        plan_task(s, &task(anna, "overdue", "2026-11-20")),
        plan_task(
            s,
            &NewFollowUp {
                due_time: at(9),
                ..task(anna, "today 9", "2026-11-23")
            },
        ),
        plan_task(s, &task(anna, "today", "2026-11-23")),
        plan_task(s, &task(anna, "later", "2026-11-25")),
        plan_task(
            s,
            &NewFollowUp {
                due_time: at(8),
                ..task(bob, "today 8", "2026-11-23")
            },
        ),
        plan_task(s, &task(bob, "done", "2026-11-21")),
        plan_task(s, &task(bob, "cancelled", "2026-11-22")),
        plan_task(s, &task(bob, "december", "2026-12-01")),
    ];
    s.write(|w| {
        w.close_follow_up(ids[5], FollowUpStatus::Done, T0 + 10 * HOUR, today())?;
        w.close_follow_up(ids[6], FollowUpStatus::Cancelled, T0 - DAY, today())?;
        Ok(())
    })
    .unwrap();
    (anna, bob, ids)
}

#[test]
fn follow_ups_due_lists_overdue_then_today_by_time() {
    let mut s = mem();
    let (_, _, f) = queue_fixture(&mut s);
    let due = s.follow_ups_due(today(), 0, 50).unwrap();
    let got: Vec<(i64, i64)> = due
        .iter()
        .map(|q| (q.follow_up.id.0, q.days_late))
        .collect();
    // Overdue first; then today's by time, untimed last.
    assert_eq!(got, [(f[0].0, 3), (f[4].0, 0), (f[1].0, 0), (f[2].0, 0)]);
    assert_eq!(s.count_due(today()).unwrap(), 4);
    let window: Vec<i64> = s
        .follow_ups_due(today(), 1, 2)
        .unwrap()
        .iter()
        .map(|q| q.follow_up.id.0)
        .collect();
    assert_eq!(window, [f[4].0, f[1].0]);
    // Seen from 11-20 only the overdue one is due, not late.
    let early = s.follow_ups_due(day("2026-11-20"), 0, 50).unwrap();
    assert_eq!(early.len(), 1);
    assert_eq!((early[0].follow_up.id, early[0].days_late), (f[0], 0));
    assert_eq!(s.count_due(day("2026-11-19")).unwrap(), 0);
}

#[test]
fn count_without_next_step_counts_customers_with_no_open_follow_up() {
    let mut s = mem();
    assert_eq!(s.count_without_next_step().unwrap(), 0);
    let (_, _, f) = queue_fixture(&mut s);
    // Anna and Bob both have open ones (Bob also closed ones).
    assert_eq!(s.count_without_next_step().unwrap(), 0);
    let carol = add(&mut s, &person("Carol"));
    add(&mut s, &org("Acme"));
    let done = plan_task(&mut s, &task(carol, "done", "2026-11-10"));
    s.write(|w| {
        w.close_follow_up(done, FollowUpStatus::Done, T0, today())?;
        Ok(())
    })
    .unwrap();
    // Carol has only a closed one, Acme none.
    assert_eq!(s.count_without_next_step().unwrap(), 2);
    // Bob's open ones closed: he has no next step either.
    s.write(|w| {
        w.close_follow_up(f[4], FollowUpStatus::Done, T0, today())?;
        w.close_follow_up(f[7], FollowUpStatus::Cancelled, T0, today())?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.count_without_next_step().unwrap(), 3);
    // The same as counting from the follow-ups themselves.
    let direct = count(
        &s,
        "SELECT count(*) FROM customers c WHERE NOT EXISTS
           (SELECT 1 FROM follow_ups f WHERE f.customer_id = c.id AND f.status = 'open')",
    );
    assert_eq!(s.count_without_next_step().unwrap(), direct as usize);
}

#[test]
fn follow_ups_upcoming_lists_open_ones_after_today() {
    let mut s = mem();
    let (_, _, f) = queue_fixture(&mut s);
    let up = s.follow_ups_upcoming(today(), 10).unwrap();
    assert_eq!(ids(&up, |x| x.id.0), [f[3].0, f[7].0]);
    assert_eq!(
        ids(&s.follow_ups_upcoming(today(), 1).unwrap(), |x| x.id.0),
        [f[3].0]
    );
}

#[test]
fn count_reviewed_counts_closed_today_that_were_due() {
    let mut s = mem();
    let (_, _, f) = queue_fixture(&mut s);
    // f[5] (due 11-21) was done today at 10:00; f[6] was cancelled yesterday.
    assert_eq!(s.count_reviewed(today(), T0, T0 + DAY).unwrap(), 1);
    s.write(|w| {
        // Done today, due today: counts. Done today, due in December: does not.
        w.close_follow_up(f[2], FollowUpStatus::Done, T0 + 11 * HOUR, today())?;
        w.close_follow_up(f[7], FollowUpStatus::Done, T0 + 12 * HOUR, today())?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.count_reviewed(today(), T0, T0 + DAY).unwrap(), 2);
    // The day window is half-open.
    assert_eq!(
        s.count_reviewed(today(), T0 + 11 * HOUR, T0 + 12 * HOUR)
            .unwrap(),
        1
    );
    assert_eq!(
        s.count_reviewed(day("2026-11-22"), T0 - DAY, T0).unwrap(),
        1
    );
}

#[test]
fn customer_follow_ups_lists_open_by_due_then_latest_closed() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let (anna, bob, f) = queue_fixture(&mut s);
    s.write(|w| {
        w.conn().execute(
            "UPDATE customers SET org_id = ?1 WHERE id = ?2",
            [acme.0, bob.0],
        )?;
        Ok(())
    })
    .unwrap();
    let own = plan_task(&mut s, &task(acme, "org call", "2026-11-24"));
    let list = |id, n| ids(&s.customer_follow_ups(id, n).unwrap(), |x| x.id.0);
    assert_eq!(list(anna, 10), [f[0].0, f[1].0, f[2].0, f[3].0]);
    // Bob's: open by due date, then closed by done_at, latest first.
    assert_eq!(list(bob, 10), [f[4].0, f[7].0, f[5].0, f[6].0]);
    assert_eq!(list(acme, 10), [f[4].0, own.0, f[7].0, f[5].0, f[6].0]);
    assert_eq!(list(acme, 2), [f[4].0, own.0]);
}

#[test]
fn close_follow_up_done_and_cancelled() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let a = plan_task(&mut s, &task(anna, "call", "2026-11-20"));
    let b = plan_task(&mut s, &task(anna, "mail", "2026-11-23"));
    let now = T0 + 9 * HOUR;
    let next = s
        .write(|w| {
            Ok([
                w.close_follow_up(a, FollowUpStatus::Done, now, today())?,
                w.close_follow_up(b, FollowUpStatus::Cancelled, now, today())?,
            ])
        })
        .unwrap();
    assert_eq!(next, [None, None]);
    let fa = s.follow_up(a).unwrap();
    assert_eq!(
        (fa.status, fa.done_at.map(|t| t.timestamp())),
        (FollowUpStatus::Done, Some(now))
    );
    assert_eq!(s.follow_up(b).unwrap().status, FollowUpStatus::Cancelled);
    assert_eq!(count(&s, "SELECT count(*) FROM follow_ups"), 2);
    let err = s
        .write(|w| w.close_follow_up(a, FollowUpStatus::Cancelled, now, today()))
        .err()
        .unwrap();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m == &format!("follow-up {a} is done already")),
        "{err:?}"
    );
}

fn repeating(s: &mut Store, customer: CustomerId, due: &str, rule: &str) -> FollowUpId {
    plan_task(
        s,
        &NewFollowUp {
            due_time: NaiveTime::from_hms_opt(10, 0, 0),
            repeat: Some(Repeat::parse(rule).unwrap()),
            ..task(customer, "weekly call", due)
        },
    )
}

#[test]
fn close_follow_up_schedules_the_next_occurrence() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let now = T0 + 9 * HOUR;
    // (due, rule, expected next): late ones count from today, early ones from their due date,
    // months clamp to the month end.
    let cases = [
        ("2026-11-02", "1w", "2026-11-30"),
        ("2026-11-23", "1w", "2026-11-30"),
        ("2026-11-26", "10d", "2026-12-06"),
        ("2027-01-31", "1m", "2027-02-28"),
        ("2026-11-23", "3m", "2027-02-23"),
    ];
    for (due, rule, expected) in cases {
        let id = repeating(&mut s, anna, due, rule);
        let (next_id, next) = s
            .write(|w| w.close_follow_up(id, FollowUpStatus::Done, now, today()))
            .unwrap()
            .unwrap();
        assert_eq!(next, day(expected), "{due} + {rule}");
        let n = s.follow_up(next_id).unwrap();
        assert_eq!(n.due_date, day(expected));
        assert_eq!(n.original_due, day(expected));
        assert_eq!(n.status, FollowUpStatus::Open);
        assert_eq!(n.what, "weekly call");
        assert_eq!(n.due_time, NaiveTime::from_hms_opt(10, 0, 0));
        assert_eq!(n.repeat, Some(Repeat::parse(rule).unwrap()));
        assert_eq!((n.snooze_count, n.interaction_id), (0, None));
    }
    // Cancelling a repeating one ends the series.
    let id = repeating(&mut s, anna, "2026-11-23", "1w");
    let next = s
        .write(|w| w.close_follow_up(id, FollowUpStatus::Cancelled, now, today()))
        .unwrap();
    assert_eq!(next, None);
}

#[test]
fn move_follow_up_snoozes_or_reschedules() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let id = plan_task(&mut s, &task(anna, "call", "2026-11-20"));
    let before = s
        .write(|w| w.move_follow_up(id, day("2026-11-24"), true, instant(T0)))
        .unwrap();
    assert_eq!(
        (before.due_date, before.snooze_count),
        (day("2026-11-20"), 0)
    );
    s.write(|w| w.move_follow_up(id, day("2026-11-30"), true, instant(T0)))
        .unwrap();
    s.write(|w| w.move_follow_up(id, day("2026-11-27"), false, instant(T0)))
        .unwrap();
    let f = s.follow_up(id).unwrap();
    assert_eq!(f.due_date, day("2026-11-27"));
    assert_eq!(f.original_due, day("2026-11-20"));
    assert_eq!(f.snooze_count, 2);
    assert_eq!(f.status, FollowUpStatus::Open);

    s.write(|w| w.close_follow_up(id, FollowUpStatus::Done, T0, today()))
        .unwrap();
    let err = s
        .write(|w| w.move_follow_up(id, day("2026-12-01"), true, instant(T0)))
        .err()
        .unwrap();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m == &format!("follow-up {id} is done; only open ones can be moved")),
        "{err:?}"
    );
    assert!(matches!(
        s.write(|w| w.move_follow_up(FollowUpId(99), today(), false, instant(T0))),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn insert_deal_round_trips_and_closes_won_and_lost_at_once() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let id = open_deal(
        &mut s,
        &NewDeal {
            probability: 40,
            expected_close: Some(day("2026-12-15")),
            ..new_deal(anna, "Fleet renewal", 12_500_050, "PLN", Stage::Proposal)
        },
    );
    let d = s.deal(id).unwrap();
    assert_eq!(d.id, id);
    assert_eq!((d.customer_id, d.customer_name.as_str()), (anna, "Anna"));
    assert_eq!(d.title, "Fleet renewal");
    assert_eq!(d.value.minor, 12_500_050);
    assert_eq!(d.value.currency.as_str(), "PLN");
    assert_eq!((d.stage, d.probability), (Stage::Proposal, 40));
    assert_eq!(d.expected_close, Some(day("2026-12-15")));
    assert_eq!(d.created_at.timestamp(), T0 - 20 * DAY);
    assert_eq!(d.stage_changed_at.timestamp(), T0 - 20 * DAY);
    assert_eq!(d.closed_at, None);

    let won = open_deal(&mut s, &new_deal(anna, "Won", 1, "EUR", Stage::Won));
    let lost = open_deal(&mut s, &new_deal(anna, "Lost", 1, "EUR", Stage::Lost));
    assert_eq!(
        s.deal(won).unwrap().closed_at.map(|t| t.timestamp()),
        Some(T0 - 20 * DAY)
    );
    assert_eq!(
        s.deal(lost).unwrap().closed_at.map(|t| t.timestamp()),
        Some(T0 - 20 * DAY)
    );
    let err = s.deal(DealId(77)).err().unwrap();
    assert!(
        matches!(&err, StoreError::NotFound(m) if m.starts_with("no deal 77;")),
        "{err:?}"
    );
}

#[test]
fn set_deal_stage_applies_probability_rules() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let id = open_deal(&mut s, &new_deal(anna, "Fleet", 100, "PLN", Stage::Lead));
    let mut step = |stage, probability, now| {
        let before = s
            .write(|w| w.set_deal_stage(id, stage, probability, instant(now)))
            .unwrap();
        let after = s.deal(id).unwrap();
        (
            before.stage,
            after.probability,
            after.closed_at.map(|t| t.timestamp()),
        )
    };
    // lead 10 -> proposal: max(10, 50).
    assert_eq!(step(Stage::Proposal, None, T0), (Stage::Lead, 50, None));
    // An explicit probability wins, even below the stage's default.
    assert_eq!(
        step(Stage::Negotiation, Some(60), T0 + 1),
        (Stage::Proposal, 60, None)
    );
    // Back to qualified keeps the higher probability: max(60, 25).
    assert_eq!(
        step(Stage::Qualified, None, T0 + 2),
        (Stage::Negotiation, 60, None)
    );
    // Won is 100 whatever is asked, and closes the deal.
    assert_eq!(
        step(Stage::Won, Some(30), T0 + 3),
        (Stage::Qualified, 100, Some(T0 + 3))
    );
    // Reopening takes the stage's default and clears closed_at.
    assert_eq!(step(Stage::Proposal, None, T0 + 4), (Stage::Won, 50, None));
    assert_eq!(
        step(Stage::Lost, None, T0 + 5),
        (Stage::Proposal, 0, Some(T0 + 5))
    );
    // The same stage again only with a new probability.
    let d = s.deal(id).unwrap();
    assert_eq!(d.stage_changed_at.timestamp(), T0 + 5);
    let err = s
        .write(|w| w.set_deal_stage(id, Stage::Lost, None, instant(T0 + 6)))
        .err()
        .unwrap();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m == &format!("deal {id} is at lost already")),
        "{err:?}"
    );
}

#[test]
fn customer_deals_lists_open_first_by_expected_close_with_the_org_rollup() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(
        &mut s,
        &NewCustomer {
            org_id: Some(acme),
            ..person("Anna")
        },
    );
    let close = |d: &str| Some(day(d));
    let mk = |s: &mut Store, who, title, stage, expected| {
        open_deal(
            s,
            &NewDeal {
                expected_close: expected,
                ..new_deal(who, title, 100, "PLN", stage)
            },
        )
    };
    let d1 = mk(&mut s, anna, "no date", Stage::Lead, None);
    let d2 = mk(
        &mut s,
        anna,
        "december",
        Stage::Proposal,
        close("2026-12-20"),
    );
    let d3 = mk(&mut s, acme, "won", Stage::Won, close("2026-10-01"));
    let d4 = mk(&mut s, acme, "november", Stage::Lead, close("2026-11-30"));
    let d5 = mk(&mut s, anna, "no date either", Stage::Lead, None);
    let list = |id| ids(&s.customer_deals(id).unwrap(), |d| d.id.0);
    // Open by expected close (none last, newest first among them), then closed.
    assert_eq!(list(acme), [d4.0, d2.0, d5.0, d1.0, d3.0]);
    assert_eq!(list(anna), [d2.0, d5.0, d1.0]);
}
