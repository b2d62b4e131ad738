//! iCalendar export (RFC 5545) of the open follow-ups: one VEVENT each, all-day on its day
//! or timed (floating local time, 30 minutes, with a VALARM 15 minutes before), with a
//! stable UID (`<customer uid>-<follow-up id>@rolo`), DTSTAMP = when it was created and
//! SEQUENCE = how often it was snoozed, so calendar apps update rather than duplicate.
//!
//! A repeating follow-up is one series (RRULE) across its occurrences: done, it is followed
//! by a new follow-up, but the series keeps the UID of its first occurrence (the first of
//! the customer's follow-ups with that text and rule), and its SEQUENCE counts the
//! occurrences done and every snooze, so a calendar that imports the file again moves the
//! series it has instead of keeping it beside a new one.
//!
//! The description says who to reach and how (organization, first phone and email), and
//! the follow-up's id for `rolo done`.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime};

use super::text::{escape, push_folded};
use crate::domain::{Repeat, RepeatUnit};
use crate::store::{ListFilter, Store};

fn rrule(rule: &str) -> Option<String> {
    let r = Repeat::parse(rule).ok()?;
    let freq = match r.unit {
        RepeatUnit::Days => "DAILY",
        RepeatUnit::Weeks => "WEEKLY",
        RepeatUnit::Months => "MONTHLY",
    };
    Some(if r.n == 1 {
        format!("RRULE:FREQ={freq}")
    } else {
        format!("RRULE:FREQ={freq};INTERVAL={}", r.n)
    })
}

/// The calendar of the open follow-ups of the customers `filter` keeps (all with the
/// default); returns how many events it has.
pub fn write(
    store: &Store,
    filter: &ListFilter,
    to: &mut dyn std::io::Write,
) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
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
    let chosen = filter.where_sql(&mut args);
    let only = if chosen.is_empty() {
        String::new()
    } else {
        format!(" AND f.customer_id IN (SELECT c.id FROM customers c{chosen})")
    };
    // A repeating follow-up's series: its first occurrence, how many were done before it,
    // and the snoozes of them all.
    let mut stmt = store.conn().prepare(&format!(
        "SELECT f.id, f.what, f.due_date, f.due_time, f.repeat_rule, f.created_at, f.snooze_count,
                c.name, c.uid, o.name,
                (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'phone'
                  ORDER BY position, id LIMIT 1),
                (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email'
                  ORDER BY position, id LIMIT 1),
                s.first, s.before, s.snoozes
         FROM follow_ups f JOIN customers c ON c.id = f.customer_id
         LEFT JOIN customers o ON o.id = c.org_id
         LEFT JOIN (SELECT f2.id AS id, min(g.id) AS first, count(g.id) - 1 AS before,
                           sum(g.snooze_count) AS snoozes
                    FROM follow_ups f2 JOIN follow_ups g
                      ON g.customer_id = f2.customer_id AND g.what = f2.what
                     AND g.repeat_rule = f2.repeat_rule AND g.id <= f2.id
                    WHERE f2.status = 'open' AND f2.repeat_rule IS NOT NULL
                      AND g.status <> 'cancelled'
                    GROUP BY f2.id) s ON s.id = f.id
         WHERE f.status = 'open'{only} ORDER BY f.due_date, f.id",
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut events = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let what: String = r.get(1)?;
        let due: String = r.get(2)?;
        let time: Option<String> = r.get(3)?;
        let repeat: Option<String> = r.get(4)?;
        let created: i64 = r.get(5)?;
        let snoozes: i64 = r.get(6)?;
        let name: String = r.get(7)?;
        let uid: String = r.get(8)?;
        let org: Option<String> = r.get(9)?;
        let phone: Option<String> = r.get(10)?;
        let email: Option<String> = r.get(11)?;
        let series: Option<(i64, i64, i64)> = match (r.get(12)?, r.get(13)?, r.get(14)?) {
            (Some(first), Some(before), Some(all)) => Some((first, before, all)),
            _ => None,
        };
        let Ok(day) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") else {
            continue;
        };
        let (event, sequence) = match series {
            Some((first, before, all_snoozes)) => (first, before + all_snoozes),
            None => (id, snoozes),
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}-{event}@rolo", escape(&uid)));
        let stamp = DateTime::from_timestamp(created, 0).unwrap_or_default();
        line(
            &mut out,
            &format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        );
        line(&mut out, &format!("SEQUENCE:{sequence}"));
        let at = time.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok());
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
                let next = day + Duration::days(1);
                line(
                    &mut out,
                    &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
                );
                line(&mut out, "TRANSP:TRANSPARENT");
            }
        }
        if let Some(rule) = repeat.as_deref().and_then(rrule) {
            line(&mut out, &rule);
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
        if at.is_some() {
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(&mut out, &format!("DESCRIPTION:{}", escape(&what)));
            line(&mut out, "TRIGGER:-PT15M");
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
        events += 1;
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
    use super::*;

    #[test]
    fn repeat_rules_become_rrules() {
        assert_eq!(rrule("4w").as_deref(), Some("RRULE:FREQ=WEEKLY;INTERVAL=4"));
        assert_eq!(rrule("1m").as_deref(), Some("RRULE:FREQ=MONTHLY"));
        assert_eq!(rrule("nonsense"), None);
    }
}
