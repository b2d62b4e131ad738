#![allow(clippy::unwrap_used)]
use super::*;
use crate::domain::{CustomerId, FollowUpId, FollowUpStatus};
use crate::store::{NewCustomer, NewFollowUp};

/// 2026-11-23 00:00:00 UTC: the start of today.
const T0: i64 = 1_795_392_000;
const HOUR: i64 = 3_600;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A store with Anna (uid `anna`).
fn anna() -> (Store, CustomerId) {
    let mut s = Store::open_in_memory().unwrap();
    let c = NewCustomer {
        name: "Anna Kowalska".into(),
        uid: "anna".into(),
        created_at: T0 - HOUR,
        ..NewCustomer::default()
    };
    let id = s
        .change("add", T0 - HOUR, |w| w.insert_customer(&c))
        .unwrap();
    (s, id)
}

fn follow(
    s: &mut Store,
    c: CustomerId,
    due: &str,
    time: Option<&str>,
    every: Option<&str>,
    at: i64,
) -> FollowUpId {
    let f = NewFollowUp {
        customer_id: c,
        what: "Weekly sync".into(),
        due_date: day(due),
        due_time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M").unwrap()),
        repeat: every.map(|e| Repeat::parse(e).unwrap()),
        interaction_id: None,
        created_at: at,
    };
    s.change("follow", at, |w| w.insert_follow_up(&f)).unwrap()
}

fn done(s: &mut Store, id: i64, at: i64) {
    s.change("done", at, |w| {
        w.close_follow_up(FollowUpId(id), FollowUpStatus::Done, at, day("2026-11-23"))
    })
    .unwrap();
}

fn move_to(s: &mut Store, id: i64, to: &str, snooze: bool, at: i64) {
    s.change("move", at, |w| {
        w.move_follow_up(
            FollowUpId(id),
            day(to),
            snooze,
            chrono::DateTime::from_timestamp(at, 0).unwrap(),
        )
    })
    .unwrap();
}

fn calendar(s: &Store) -> String {
    let mut out = Vec::new();
    write(s, &ListFilter::default(), day("2026-11-23"), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Each event's identity and revision: its UID, DTSTAMP, SEQUENCE and DTSTART lines.
fn revisions(s: &Store) -> Vec<String> {
    calendar(s)
        .split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|e| {
            e.lines()
                .filter(|l| {
                    ["UID", "DTSTAMP", "SEQUENCE", "DTSTART"].iter().any(|p| {
                        l.strip_prefix(p)
                            .is_some_and(|r| r.starts_with(':') || r.starts_with(';'))
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn ical_two_series_with_the_same_text_and_rule_keep_their_own_uids() {
    let (mut s, anna) = anna();
    follow(
        &mut s,
        anna,
        "2026-11-24",
        Some("09:00"),
        Some("1w"),
        T0 + HOUR,
    );
    follow(
        &mut s,
        anna,
        "2026-11-26",
        Some("15:00"),
        Some("1w"),
        T0 + 2 * HOUR,
    );
    assert_eq!(
        revisions(&s),
        [
            "UID:anna-1@rolo DTSTAMP:20261123T010000Z SEQUENCE:0 DTSTART:20261124T090000",
            "UID:anna-2@rolo DTSTAMP:20261123T020000Z SEQUENCE:0 DTSTART:20261126T150000",
        ]
    );
    // Done, each is followed by its next occurrence, in its own series: the first's
    // UID, one revision on per occurrence done.
    done(&mut s, 1, T0 + 3 * HOUR);
    done(&mut s, 2, T0 + 4 * HOUR);
    done(&mut s, 3, T0 + 5 * HOUR);
    assert_eq!(
        revisions(&s),
        [
            "UID:anna-2@rolo DTSTAMP:20261123T040000Z SEQUENCE:1 DTSTART:20261203T150000",
            "UID:anna-1@rolo DTSTAMP:20261123T050000Z SEQUENCE:2 DTSTART:20261208T090000",
        ]
    );
    // A new series with the same text and rule is a new event, not the old one's.
    follow(
        &mut s,
        anna,
        "2026-11-25",
        Some("09:00"),
        Some("1w"),
        T0 + 6 * HOUR,
    );
    assert_eq!(
        revisions(&s)[0],
        "UID:anna-6@rolo DTSTAMP:20261123T060000Z SEQUENCE:0 DTSTART:20261125T090000"
    );
}

#[test]
fn ical_a_reschedule_is_a_revision_as_a_snooze_is() {
    let (mut s, anna) = anna();
    follow(&mut s, anna, "2026-11-24", None, None, T0 + HOUR);
    move_to(&mut s, 1, "2026-12-01", false, T0 + 2 * HOUR);
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T020000Z SEQUENCE:1 DTSTART;VALUE=DATE:20261201"]
    );
    // Moved to the day it has: nothing changed, no revision.
    move_to(&mut s, 1, "2026-12-01", false, T0 + 3 * HOUR);
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T020000Z SEQUENCE:1 DTSTART;VALUE=DATE:20261201"]
    );
    move_to(&mut s, 1, "2026-12-02", true, T0 + 4 * HOUR);
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T040000Z SEQUENCE:2 DTSTART;VALUE=DATE:20261202"]
    );
    // In a series, the changes of the occurrences done count on.
    follow(
        &mut s,
        anna,
        "2026-11-24",
        Some("09:00"),
        Some("1w"),
        T0 + 5 * HOUR,
    );
    move_to(&mut s, 2, "2026-11-25", false, T0 + 6 * HOUR);
    done(&mut s, 2, T0 + 7 * HOUR);
    move_to(&mut s, 3, "2026-12-03", false, T0 + 8 * HOUR);
    assert_eq!(
        revisions(&s)[1],
        "UID:anna-2@rolo DTSTAMP:20261123T080000Z SEQUENCE:3 DTSTART:20261203T090000"
    );
}

#[test]
fn ical_an_undo_is_a_revision_above_what_it_undoes() {
    let (mut s, anna) = anna();
    follow(&mut s, anna, "2026-11-24", None, None, T0 + HOUR);
    move_to(&mut s, 1, "2026-12-01", false, T0 + 2 * HOUR);
    move_to(&mut s, 1, "2026-12-02", true, T0 + 3 * HOUR);
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T030000Z SEQUENCE:2 DTSTART;VALUE=DATE:20261202"]
    );
    // Back to 1 December: a calendar that has SEQUENCE 2 takes only a higher one.
    s.undo(T0 + 4 * HOUR).unwrap().unwrap();
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T040000Z SEQUENCE:3 DTSTART;VALUE=DATE:20261201"]
    );
    // The snooze undone is no snooze: the measures count what the user did.
    let snoozes: i64 = s
        .conn()
        .query_row(
            "SELECT snooze_count FROM follow_ups WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(snoozes, 0);
    // Cancelled before its day (SEQUENCE 4, cancelled), then the cancel undone: open
    // again, above the cancelled event.
    s.change("cancel", T0 + 5 * HOUR, |w| {
        w.close_follow_up(
            FollowUpId(1),
            FollowUpStatus::Cancelled,
            T0 + 5 * HOUR,
            day("2026-11-23"),
        )
        .map(|_| ())
    })
    .unwrap();
    assert!(calendar(&s).contains("SEQUENCE:4\r\n"), "{}", calendar(&s));
    s.undo(T0 + 6 * HOUR).unwrap().unwrap();
    assert_eq!(
        revisions(&s),
        ["UID:anna-1@rolo DTSTAMP:20261123T060000Z SEQUENCE:5 DTSTART;VALUE=DATE:20261201"]
    );
    // A series' occurrence done, then undone: the next occurrence goes, the series'
    // event is the first one's again, one revision up.
    follow(&mut s, anna, "2026-11-26", None, Some("1w"), T0 + 7 * HOUR);
    done(&mut s, 2, T0 + 8 * HOUR);
    assert_eq!(
        revisions(&s)[1],
        "UID:anna-2@rolo DTSTAMP:20261123T080000Z SEQUENCE:1 DTSTART;VALUE=DATE:20261203"
    );
    s.undo(T0 + 9 * HOUR).unwrap().unwrap();
    assert_eq!(
        revisions(&s)[0],
        "UID:anna-2@rolo DTSTAMP:20261123T090000Z SEQUENCE:2 DTSTART;VALUE=DATE:20261126"
    );
    // An undo that does not touch a follow-up's day leaves its revision as it was.
    s.change("note", T0 + 10 * HOUR, |w| {
        w.conn()
            .execute("UPDATE follow_ups SET what = 'call back' WHERE id = 2", [])
            .map(|_| ())
            .map_err(Into::into)
    })
    .unwrap();
    s.undo(T0 + 11 * HOUR).unwrap().unwrap();
    assert_eq!(
        revisions(&s)[0],
        "UID:anna-2@rolo DTSTAMP:20261123T090000Z SEQUENCE:2 DTSTART;VALUE=DATE:20261126"
    );
}

#[test]
fn ical_writes_one_timed_series_exactly() {
    let (mut s, anna) = anna();
    follow(
        &mut s,
        anna,
        "2026-11-24",
        Some("09:00"),
        Some("1w"),
        T0 + HOUR,
    );
    done(&mut s, 1, T0 + 2 * HOUR);
    let expected = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rolo//rolo {}//EN\r\n\
CALSCALE:GREGORIAN\r\nX-WR-CALNAME:rolo follow-ups\r\nBEGIN:VEVENT\r\nUID:anna-1@rolo\r\n\
DTSTAMP:20261123T020000Z\r\nSEQUENCE:1\r\nDTSTART:20261201T090000\r\nDURATION:PT30M\r\n\
RRULE:FREQ=WEEKLY\r\nSUMMARY:Weekly sync — Anna Kowalska\r\n\
DESCRIPTION:Anna Kowalska\\nrolo follow-up 2\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n\
DESCRIPTION:Weekly sync\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(calendar(&s), expected);
}

#[test]
fn ical_counts_the_events_of_a_filter() {
    let (mut s, anna) = anna();
    let all = ListFilter::default();
    let today = day("2026-11-23");
    assert_eq!(count(&s, &all, today).unwrap(), 0);
    follow(&mut s, anna, "2026-11-24", None, None, T0 + HOUR);
    assert_eq!(count(&s, &all, today).unwrap(), 1);
    let other = ListFilter {
        name: Some("nowak".into()),
        ..ListFilter::default()
    };
    assert_eq!(count(&s, &other, today).unwrap(), 0);
    // Done before its day: still an event (cancelled) until the day has passed.
    done(&mut s, 1, T0 + 2 * HOUR);
    assert_eq!(count(&s, &all, today).unwrap(), 1);
    assert_eq!(count(&s, &all, day("2026-11-25")).unwrap(), 0);
}

/// A follow-up done or cancelled before its day goes out as the same event, one revision
/// on, cancelled: a calendar that had it from an earlier export drops it. A series
/// cancelled is its event cancelled; a series done goes on as its next occurrence.
#[test]
fn ical_a_follow_up_closed_before_its_day_is_a_cancelled_event() {
    let (mut s, anna) = anna();
    follow(&mut s, anna, "2026-11-24", Some("10:00"), None, T0 + HOUR);
    follow(&mut s, anna, "2026-11-25", None, Some("1w"), T0 + HOUR);
    s.change("cancel", T0 + 3 * HOUR, |w| {
        w.close_follow_up(
            FollowUpId(1),
            FollowUpStatus::Cancelled,
            T0 + 3 * HOUR,
            day("2026-11-23"),
        )
        .map(|_| ())
    })
    .unwrap();
    done(&mut s, 2, T0 + 4 * HOUR);
    let cal = calendar(&s);
    assert_eq!(cal.matches("BEGIN:VEVENT").count(), 2, "{cal}");
    let first = cal.split("BEGIN:VEVENT\r\n").nth(1).unwrap();
    assert!(
        first.starts_with(
            "UID:anna-1@rolo\r\nDTSTAMP:20261123T030000Z\r\nSEQUENCE:1\r\n\
             DTSTART:20261124T100000\r\nDURATION:PT30M\r\nSTATUS:CANCELLED\r\n"
        ),
        "{first}"
    );
    assert!(!first.contains("VALARM"), "{first}");
    // The series: its next occurrence, open, the one event of its UID.
    assert_eq!(cal.matches("UID:anna-2@rolo").count(), 1, "{cal}");
    assert_eq!(cal.matches("STATUS:CANCELLED").count(), 1, "{cal}");
    // A series cancelled while overdue: its days ahead are cancelled too.
    follow(
        &mut s,
        anna,
        "2026-11-16",
        None,
        Some("1w"),
        T0 - 200 * HOUR,
    );
    s.change("cancel", T0 + 5 * HOUR, |w| {
        w.close_follow_up(
            FollowUpId(4),
            FollowUpStatus::Cancelled,
            T0 + 5 * HOUR,
            day("2026-11-23"),
        )
        .map(|_| ())
    })
    .unwrap();
    let cal = calendar(&s);
    assert_eq!(cal.matches("STATUS:CANCELLED").count(), 2, "{cal}");
    assert!(
        cal.contains("UID:anna-4@rolo\r\nDTSTAMP:20261123T050000Z\r\nSEQUENCE:1\r\n"),
        "{cal}"
    );
}

#[test]
fn repeat_rules_become_rrules() {
    assert_eq!(
        rrule("4w", 31).as_deref(),
        Some("RRULE:FREQ=WEEKLY;INTERVAL=4")
    );
    assert_eq!(
        rrule("1m", 15).as_deref(),
        Some("RRULE:FREQ=MONTHLY;BYMONTHDAY=15")
    );
    // From the 31st: the last day of a shorter month, as rolo schedules it.
    assert_eq!(
        rrule("1m", 31).as_deref(),
        Some("RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1")
    );
    assert_eq!(
        rrule("3m", 29).as_deref(),
        Some("RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29;BYSETPOS=-1")
    );
    assert_eq!(rrule("nonsense", 1), None);
}

/// The event of UID `uid`: its DTSTART and STATUS (what a calendar shows) and SEQUENCE.
fn event(s: &Store, uid: &str) -> Option<((String, String), i64)> {
    let cal = calendar(s);
    let mut found = cal
        .split("BEGIN:VEVENT\r\n")
        .skip(1)
        .filter(|e| e.lines().any(|l| l == format!("UID:{uid}@rolo")));
    let e = found.next()?;
    assert!(found.next().is_none(), "two events of UID {uid}:\n{cal}");
    let field = |name: &str| {
        e.lines()
            .find(|l| l.starts_with(name))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let sequence = field("SEQUENCE:")["SEQUENCE:".len()..].parse().unwrap();
    Some(((field("DTSTART"), field("STATUS:")), sequence))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever is done to a follow-up — moved, snoozed, done, cancelled, and any of
    /// that undone — its event's SEQUENCE never falls, and rises with every change of
    /// day or status a calendar would show (a calendar ignores an update that does not
    /// raise it).
    #[test]
    fn ical_every_change_a_calendar_shows_raises_the_sequence(
        repeats in proptest::bool::ANY,
        ops in proptest::collection::vec((0u8..5, 1u32..40), 1..14),
    ) {
        let (mut s, anna) = anna();
        let every = repeats.then_some("1w");
        follow(&mut s, anna, "2026-11-24", Some("09:00"), every, T0 + HOUR);
        let mut last = event(&s, "anna-1");
        for (k, (op, days)) in ops.into_iter().enumerate() {
            let at = T0 + (i64::try_from(k).unwrap() + 2) * HOUR;
            // The open occurrence (a series' latest), if any.
            let open: Option<i64> = s
                .conn()
                .query_row(
                    "SELECT max(id) FROM follow_ups WHERE status = 'open'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            let to = day("2026-11-24") + chrono::Duration::days(i64::from(days));
            // (A refused change, such as moving a closed one, changes nothing.)
            let _ = match (op, open) {
                (0 | 1, Some(id)) => s.change("move", at, |w| {
                    w.move_follow_up(FollowUpId(id), to, op == 1, chrono::DateTime::from_timestamp(at, 0).unwrap())
                }).map(|_| ()),
                (2 | 3, Some(id)) => {
                    let status = if op == 2 {
                        FollowUpStatus::Done
                    } else {
                        FollowUpStatus::Cancelled
                    };
                    s.change("close", at, |w| {
                        w.close_follow_up(FollowUpId(id), status, at, day("2026-11-23"))
                    }).map(|_| ())
                }
                (4, _) => s.undo(at).map(|_| ()),
                _ => Ok(()),
            };
            let now = event(&s, "anna-1");
            if let (Some((shown_before, before)), Some((shown, after))) = (&last, &now) {
                proptest::prop_assert!(after >= before, "{shown_before:?} {before} → {shown:?} {after}");
                if shown != shown_before {
                    proptest::prop_assert!(after > before, "{shown_before:?} {before} → {shown:?} {after}");
                }
            }
            last = now;
        }
    }
}
