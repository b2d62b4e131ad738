//! The limits the store keeps itself (`store::limit`): each value past one is refused with
//! its field and value, and nothing is written; the snooze and move counts stop at the limit.

use super::*;
use crate::domain::follow_up::MAX_COUNT;
use crate::store::{CustomerPatch, StoreError};

/// The field, value and message of a refusal past a limit.
fn past<T: std::fmt::Debug>(r: crate::store::Result<T>) -> (&'static str, String, String) {
    match r {
        Err(e @ StoreError::PastLimit { .. }) => {
            let message = e.to_string();
            let StoreError::PastLimit { field, value, .. } = e else {
                unreachable!()
            };
            (field, value, message)
        }
        other => panic!("expected a value past a limit, got {other:?}"),
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn limit_customer_cadence_is_refused_on_insert_and_patch() {
    let mut store = mem();
    let c = NewCustomer {
        cadence_days: Some(3651),
        ..person("Anna Kowalska")
    };
    assert_eq!(
        past(store.write(|w| w.insert_customer(&c))),
        (
            "cadence_days",
            "3651".into(),
            "a contact cadence of 3651 days is out of range (1 to 3650); nothing was saved".into()
        )
    );
    assert_eq!(count(&store, "SELECT count(*) FROM customers"), 0);
    let id = add(
        &mut store,
        &NewCustomer {
            cadence_days: Some(3650),
            ..person("Anna Kowalska")
        },
    );
    for days in [0, 3651, u32::MAX] {
        let patch = CustomerPatch {
            cadence_days: Some(Some(days)),
            ..CustomerPatch::default()
        };
        let (field, value, _) = past(store.write(|w| w.update_customer(id, &patch, T0)));
        assert_eq!((field, value), ("cadence_days", days.to_string()));
    }
    assert_eq!(store.customer(id).unwrap().cadence_days, Some(3650));
}

#[test]
fn limit_customer_name_birthday_contacts_and_tags() {
    let mut store = mem();
    let long = "a".repeat(201);
    let (field, _, message) = past(store.write(|w| w.insert_customer(&person(&long))));
    assert_eq!(
        (field, message.as_str()),
        (
            "name",
            format!(
                "`{}…` is longer than 200 characters; nothing was saved",
                "a".repeat(60)
            )
            .as_str()
        )
    );
    let born = NewCustomer {
        birthday: Some(ymd(10_000, 1, 1)),
        ..person("Anna")
    };
    assert_eq!(
        past(store.write(|w| w.insert_customer(&born))),
        (
            "birthday",
            "+10000-01-01".into(),
            "a birthday of +10000-01-01 is out of range (0001-01-01 to 9999-12-31); \
             nothing was saved"
                .into()
        )
    );
    let id = add(&mut store, &person("Anna"));
    let mail = format!("{}@example.com", "a".repeat(243));
    let patch = CustomerPatch {
        add_contacts: vec![email(&mail)],
        ..CustomerPatch::default()
    };
    let (field, value, _) = past(store.write(|w| w.update_customer(id, &patch, T0)));
    assert_eq!((field, value), ("email", mail));
    let number = "1".repeat(65);
    let patch = CustomerPatch {
        set_primary: vec![phone(&number)],
        ..CustomerPatch::default()
    };
    let (field, value, _) = past(store.write(|w| w.update_customer(id, &patch, T0)));
    assert_eq!((field, value), ("phone", number));
    let patch = CustomerPatch {
        add_tags: vec!["two words".into()],
        ..CustomerPatch::default()
    };
    assert_eq!(
        past(store.write(|w| w.update_customer(id, &patch, T0))),
        (
            "tag",
            "two words".into(),
            "`two words` is not a tag (one word: letters, digits, - _ / : .; `two-words` is \
             one); nothing was saved"
                .into()
        )
    );
    assert_eq!(count(&store, "SELECT count(*) FROM contact_points"), 0);
    assert_eq!(count(&store, "SELECT count(*) FROM customer_tags"), 0);
}

#[test]
fn limit_interaction_minutes_rating_and_day() {
    let mut store = mem();
    let id = add(&mut store, &person("Anna"));
    let long = NewInteraction {
        minutes: Some(1441),
        ..talk(id, InteractionKind::Call, T0, "Pricing")
    };
    assert_eq!(
        past(store.write(|w| w.insert_interaction(&long))),
        (
            "minutes",
            "1441".into(),
            "a duration of 1441 minutes is out of range (0 to 1440, a day); nothing was saved"
                .into()
        )
    );
    for rating in [0, 6] {
        let rated = NewInteraction {
            rating: Some(rating),
            ..talk(id, InteractionKind::Call, T0, "Pricing")
        };
        assert_eq!(
            past(store.write(|w| w.insert_interaction(&rated))),
            (
                "rating",
                rating.to_string(),
                format!(
                    "rating `{rating}` is out of range; use 1 (bad) to 5 (great); nothing was saved"
                )
            )
        );
    }
    // 10000-01-01 00:00:00 UTC.
    let late = talk(id, InteractionKind::Call, 253_402_300_800, "Pricing");
    let (field, value, _) = past(store.write(|w| w.insert_interaction(&late)));
    assert_eq!((field, value.as_str()), ("occurred_at", "253402300800"));
    assert_eq!(count(&store, "SELECT count(*) FROM interactions"), 0);
    let ok = NewInteraction {
        minutes: Some(1440),
        rating: Some(5),
        ..talk(id, InteractionKind::Call, 253_402_300_799, "Pricing")
    };
    log(&mut store, &ok);
}

#[test]
fn limit_follow_up_day_on_insert_and_move() {
    let mut store = mem();
    let id = add(&mut store, &person("Anna"));
    let far = NewFollowUp {
        due_date: ymd(10_000, 1, 1),
        ..task(id, "Call", "2026-11-23")
    };
    assert_eq!(
        past(store.write(|w| w.insert_follow_up(&far))),
        (
            "due_date",
            "+10000-01-01".into(),
            "a follow-up's day of +10000-01-01 is out of range (0001-01-01 to 9999-12-31); \
             nothing was saved"
                .into()
        )
    );
    let f = plan_task(&mut store, &task(id, "Call", "2026-11-23"));
    let (field, value, _) =
        past(store.write(|w| w.move_follow_up(f, ymd(0, 12, 31), true, instant(T0))));
    assert_eq!((field, value.as_str()), ("due_date", "0000-12-31"));
    let kept = store.follow_up(f).unwrap();
    assert_eq!((kept.due_date, kept.snooze_count), (today(), 0));
    store
        .write(|w| w.move_follow_up(f, crate::domain::when::LAST_DAY, true, instant(T0)))
        .unwrap();
}

#[test]
fn limit_follow_up_counts_stop_at_the_limit() {
    let mut store = mem();
    let id = add(&mut store, &person("Anna"));
    let f = plan_task(&mut store, &task(id, "Call", "2026-11-23"));
    store
        .write(|w| {
            w.conn().execute(
                "UPDATE follow_ups SET snooze_count = ?1, reschedule_count = ?1",
                [MAX_COUNT - 1],
            )?;
            Ok(())
        })
        .unwrap();
    let counts = |store: &Store| {
        rows_of(
            store,
            "SELECT snooze_count, reschedule_count, due_date FROM follow_ups",
        )
    };
    store
        .write(|w| w.move_follow_up(f, day("2026-11-24"), true, instant(T0)))
        .unwrap();
    store
        .write(|w| w.move_follow_up(f, day("2026-11-25"), false, instant(T0)))
        .unwrap();
    assert_eq!(counts(&store), ["1000000 | 1000000 | '2026-11-25'"]);
    store
        .write(|w| w.move_follow_up(f, day("2026-11-26"), true, instant(T0)))
        .unwrap();
    store
        .write(|w| w.move_follow_up(f, day("2026-11-27"), false, instant(T0)))
        .unwrap();
    // The day moves; the counts stay at the limit, where a backup restores them.
    assert_eq!(counts(&store), ["1000000 | 1000000 | '2026-11-27'"]);
}

#[test]
fn limit_deal_value_probability_and_close() {
    let mut store = mem();
    let id = add(&mut store, &person("Anna"));
    let big = new_deal(id, "Fleet", 1_000_000_000_000_001, "EUR", Stage::Lead);
    assert_eq!(
        past(store.write(|w| w.insert_deal(&big))),
        (
            "value_minor",
            "1000000000000001".into(),
            "a deal's value of 10 000 000 000 000.01 EUR is out of range \
             (0 to 10 000 000 000 000.00 EUR); nothing was saved"
                .into()
        )
    );
    let sure = NewDeal {
        probability: 101,
        ..new_deal(id, "Fleet", 100, "EUR", Stage::Lead)
    };
    assert_eq!(
        past(store.write(|w| w.insert_deal(&sure))),
        (
            "probability",
            "101".into(),
            "probability `101` must be 0 to 100 (percent); nothing was saved".into()
        )
    );
    let late = NewDeal {
        expected_close: Some(ymd(10_000, 1, 1)),
        ..new_deal(id, "Fleet", 100, "EUR", Stage::Lead)
    };
    let (field, value, _) = past(store.write(|w| w.insert_deal(&late)));
    assert_eq!((field, value.as_str()), ("expected_close", "+10000-01-01"));
    assert_eq!(count(&store, "SELECT count(*) FROM deals"), 0);
    let d = open_deal(
        &mut store,
        &new_deal(id, "Fleet", 1_000_000_000_000_000, "EUR", Stage::Lead),
    );
    let (field, value, _) =
        past(store.write(|w| w.set_deal_stage(d, Stage::Proposal, Some(200), instant(T0))));
    assert_eq!((field, value.as_str()), ("probability", "200"));
    assert_eq!(store.deal(d).unwrap().stage, Stage::Lead);
}
