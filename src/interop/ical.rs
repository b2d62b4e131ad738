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
mod tests;
