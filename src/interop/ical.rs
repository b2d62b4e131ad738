//! iCalendar export (RFC 5545) of the open follow-ups: one VEVENT each, all-day on its day
//! or timed (floating local time, 30 minutes, with a VALARM 15 minutes before), with a
//! stable UID (`<customer uid>-<follow-up id>@rolo`), DTSTAMP = when it was created or its
//! day last changed, and SEQUENCE = how often its day changed (snoozed or rescheduled, or
//! put back by an undo: see `Store::undo`), so calendar apps update rather than duplicate,
//! and take the new day.
//!
//! A repeating follow-up is one series (RRULE) across its occurrences: done, it is followed
//! by a new follow-up, but the series keeps the UID of its first occurrence (each later
//! one names it, `series_id`; two series never share it, whatever their text and rule),
//! and its SEQUENCE counts the occurrences done and every change of day of them all, so a
//! calendar that imports the file again moves the series it has instead of keeping it
//! beside a new one.
//!
//! The description says who to reach and how (organization, first phone and email), and
//! the follow-up's id for `rolo done`. A calendar has at least one event (RFC 5545 3.6):
//! the caller checks [`count`] first and writes no file without one.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime};

use crate::store::revision;

use super::text::{escape, push_folded};
use crate::domain::{Repeat, RepeatUnit};
use crate::store::{ListFilter, Store};

/// The RRULE of a repeating follow-up whose series started on day `anchor` of a month. A
/// monthly series from the 29th, 30th or 31st falls on the last day of a shorter month, as
/// rolo schedules it ([`Repeat::after_anchored`]); a plain `FREQ=MONTHLY` from the 31st
/// would skip those months altogether (RFC 5545 3.3.10).
fn rrule(rule: &str, anchor: u32) -> Option<String> {
    let r = Repeat::parse(rule).ok()?;
    let freq = match r.unit {
        RepeatUnit::Days => "DAILY",
        RepeatUnit::Weeks => "WEEKLY",
        RepeatUnit::Months => "MONTHLY",
    };
    let mut out = format!("RRULE:FREQ={freq}");
    if r.n > 1 {
        out.push_str(&format!(";INTERVAL={}", r.n));
    }
    // The series' day, also when this occurrence was moved off it (a snooze): the calendar
    // goes on from the day rolo's next occurrence falls on.
    if r.unit == RepeatUnit::Months {
        if anchor > 28 {
            let days: Vec<String> = (28..=anchor.min(31)).map(|d| d.to_string()).collect();
            out.push_str(&format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(",")));
        } else {
            out.push_str(&format!(";BYMONTHDAY={anchor}"));
        }
    }
    Some(out)
}

/// ` AND` the follow-up `f` is of a customer `filter` keeps (nothing for all), with its
/// arguments pushed to `args`.
fn chosen(filter: &ListFilter, args: &mut Vec<rusqlite::types::Value>) -> String {
    let chosen = filter.where_sql(args);
    if chosen.is_empty() {
        String::new()
    } else {
        format!(" AND f.customer_id IN (SELECT c.id FROM customers c{chosen})")
    }
}

/// The follow-ups `f` that are events of the calendar on `today`: the open ones, and those
/// done or cancelled before their day came, which go out cancelled (an event the calendar
/// had from an earlier export would otherwise stay in it): the last occurrence of a series
/// only (a done occurrence is followed by the next, the same event).
fn events_sql(today: NaiveDate) -> String {
    // A series has days ahead whatever its last occurrence's day: closed in the last 90
    // days, it goes out cancelled too.
    let recent = today
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp()
        .saturating_sub(90 * 86_400);
    format!(
        "(f.status = 'open' OR (f.status IN ('done', 'cancelled')
           AND (f.due_date >= '{}' OR (f.repeat_rule IS NOT NULL AND f.done_at >= {recent}))
           AND NOT EXISTS (SELECT 1 FROM follow_ups g
                            WHERE g.series_id = coalesce(f.series_id, f.id) AND g.id > f.id)))",
        today.format("%Y-%m-%d")
    )
}

/// How many events the calendar of `filter` has on `today`: the open follow-ups of its
/// customers, and those closed before their day.
pub fn count(store: &Store, filter: &ListFilter, today: NaiveDate) -> rusqlite::Result<usize> {
    let mut args = Vec::new();
    let only = chosen(filter, &mut args);
    store.conn().query_row(
        &format!(
            "SELECT count(*) FROM follow_ups f WHERE {}{only}",
            events_sql(today)
        ),
        rusqlite::params_from_iter(args),
        |r| r.get::<_, i64>(0).map(|n| n as usize),
    )
}

/// The events written: the open follow-ups, and those closed before their day (cancelled).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Open follow-ups.
    pub open: usize,
    /// Follow-ups done or cancelled before their day, written as cancelled events.
    pub closed: usize,
}

/// The calendar of the customers `filter` keeps (all with the default) on `today`: their
/// open follow-ups, and as cancelled events those done or cancelled before their day.
pub fn write(
    store: &Store,
    filter: &ListFilter,
    today: NaiveDate,
    to: &mut dyn std::io::Write,
) -> Result<Written, Box<dyn std::error::Error + Send + Sync>> {
    let mut out = String::new();
    let line = |out: &mut String, s: &str| push_folded(out, s);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//rolo//rolo {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "X-WR-CALNAME:rolo follow-ups");
    let mut args = Vec::new();
    let only = chosen(filter, &mut args);
    // The event is the series' first occurrence (`head`: the follow-up itself when it starts
    // one or does not repeat), whose UID it has and whose day a monthly rule keeps; its revisions are the occurrences done before this one and
    // every change of day of them all. (A later occurrence names the first in series_id.)
    let mut stmt = store.conn().prepare(&format!(
        "SELECT f.id, f.what, f.due_date, f.due_time, f.repeat_rule,
                coalesce(f.changed_at, f.created_at),
                c.name, coalesce(head.event_uid, c.uid), o.name,
                (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'phone'
                  ORDER BY position, id LIMIT 1),
                (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email'
                  ORDER BY position, id LIMIT 1),
                coalesce(f.series_id, f.id),
                {revision_f}
                  + coalesce((SELECT sum({revision_g})
                              FROM follow_ups g
                              WHERE (g.id = f.series_id OR g.series_id = f.series_id)
                                AND g.id < f.id), 0),
                head.original_due, f.status <> 'open', f.done_at
         FROM follow_ups f JOIN customers c ON c.id = f.customer_id
         LEFT JOIN follow_ups head ON head.id = coalesce(f.series_id, f.id)
         LEFT JOIN customers o ON o.id = c.org_id
         WHERE {}{only} ORDER BY f.due_date, f.id",
        events_sql(today),
        revision_f = revision("f"),
        revision_g = revision("g"),
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut events = Written::default();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let what: String = r.get(1)?;
        let due: String = r.get(2)?;
        let time: Option<String> = r.get(3)?;
        let repeat: Option<String> = r.get(4)?;
        let stamp: i64 = r.get(5)?;
        let name: String = r.get(6)?;
        let uid: String = r.get(7)?;
        let org: Option<String> = r.get(8)?;
        let phone: Option<String> = r.get(9)?;
        let email: Option<String> = r.get(10)?;
        let event: i64 = r.get(11)?;
        let sequence: i64 = r.get(12)?;
        // (None: a series whose first occurrence is gone, from a hand-made backup.)
        let first: Option<String> = r.get(13)?;
        // Closed before its day: the same event, one revision on, cancelled.
        let closed: bool = r.get(14)?;
        // (Its revision counts the closing: see `store::revision`.)
        let stamp = match r.get::<_, Option<i64>>(15)? {
            Some(done) if closed => done,
            _ => stamp,
        };
        let Some(day) = crate::store::row::stored_date(&due) else {
            continue;
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}-{event}@rolo", escape(&uid)));
        let stamp = DateTime::from_timestamp(stamp, 0).unwrap_or_default();
        line(
            &mut out,
            &format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        );
        line(&mut out, &format!("SEQUENCE:{sequence}"));
        let at = crate::store::row::opt_time(time);
        if let Some(t) = at {
            line(
                &mut out,
                &format!("DTSTART:{}", day.and_time(t).format("%Y%m%dT%H%M%S")),
            );
            line(&mut out, "DURATION:PT30M");
        } else {
            {
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
                );
                // (A day-long event ends the next day; 9999-12-31 has none a calendar
                // can write, and an all-day DTSTART alone is one day, RFC 5545 3.6.1.)
                if let Some(next) = day.succ_opt().and_then(crate::domain::when::in_calendar) {
                    line(
                        &mut out,
                        &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
                    );
                }
                line(&mut out, "TRANSP:TRANSPARENT");
            }
        }
        let anchor = first
            .and_then(|f| crate::store::row::stored_date(&f))
            .map_or(day.day(), |d| d.day());
        if let Some(rule) = repeat.as_deref().and_then(|r| rrule(r, anchor)) {
            line(&mut out, &rule);
        }
        if closed {
            line(&mut out, "STATUS:CANCELLED");
        }
        line(
            &mut out,
            &format!("SUMMARY:{} — {}", escape(&what), escape(&name)),
        );
        let mut about = vec![match &org {
            Some(o) => format!("{name}, {o}"),
            None => name.clone(),
        }];
        about.extend(phone.map(|p| format!("phone {p}")));
        about.extend(email.map(|e| format!("email {e}")));
        about.push(format!("rolo follow-up {id}"));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape(&about.join("\n"))),
        );
        if at.is_some() && !closed {
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(&mut out, &format!("DESCRIPTION:{}", escape(&what)));
            line(&mut out, "TRIGGER:-PT15M");
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
        if closed {
            events.closed += 1;
        } else {
            events.open += 1;
        }
        // Event by event: the calendar is never held whole.
        to.write_all(out.as_bytes())?;
        out.clear();
    }
    line(&mut out, "END:VCALENDAR");
    to.write_all(out.as_bytes())?;
    Ok(events)
}

#[cfg(test)]
mod tests {
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
            w.move_follow_up(FollowUpId(id), day(to), snooze, at)
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
                        w.move_follow_up(FollowUpId(id), to, op == 1, at)
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
}
