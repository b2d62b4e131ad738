//! Follow-up queries: the review queue, a customer's follow-ups, done / snooze / cancel.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::row::{date, date_str, opt_repeat, opt_time, opt_ts, time_str};
use super::{Result, Store, StoreError, Writer};
use crate::domain::{CustomerId, FollowUp, FollowUpId, FollowUpStatus, InteractionId, Repeat};

/// A follow-up to create.
#[derive(Debug, Clone)]
pub struct NewFollowUp {
    /// For whom.
    pub customer_id: CustomerId,
    /// What to do.
    pub what: String,
    /// When.
    pub due_date: NaiveDate,
    /// Optional time.
    pub due_time: Option<NaiveTime>,
    /// Repetition.
    pub repeat: Option<Repeat>,
    /// The interaction that set it.
    pub interaction_id: Option<InteractionId>,
    /// Creation time (unix seconds).
    pub created_at: i64,
}

/// One line of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueItem {
    /// The follow-up.
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// Days overdue (0 = due today).
    pub days_late: i64,
}

pub(super) const SELECT: &str =
    "SELECT f.id, f.customer_id, c.name, f.what, f.due_date, f.due_time, f.original_due,
    f.status, f.done_at, f.snooze_count, f.repeat_rule, f.interaction_id
    FROM follow_ups f JOIN customers c ON c.id = f.customer_id";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: FollowUpId(r.get(0)?),
        customer_id: CustomerId(r.get(1)?),
        customer_name: r.get(2)?,
        what: r.get(3)?,
        due_date: date(&r.get::<_, String>(4)?)?,
        due_time: opt_time(r.get(5)?),
        original_due: date(&r.get::<_, String>(6)?)?,
        status: r.get(7)?,
        done_at: opt_ts(r.get(8)?),
        snooze_count: r.get(9)?,
        repeat: opt_repeat(r.get(10)?),
        interaction_id: r.get::<_, Option<i64>>(11)?.map(InteractionId),
    })
}

fn load(conn: &rusqlite::Connection, id: FollowUpId) -> Result<FollowUp> {
    conn.prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))?
        .query_row([id.0], map)
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "no follow-up {id}; `rolo today` lists open ones with their ids"
            ))
        })
}

impl Store {
    /// Open follow-ups due on or before `today`: overdue first (oldest first), then today's.
    pub fn follow_ups_due(
        &self,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<QueueItem>> {
        let sql = format!(
            "{SELECT} WHERE f.status = 'open' AND f.due_date <= ?1
             ORDER BY f.due_date, f.due_time IS NULL, f.due_time, f.id LIMIT ?2 OFFSET ?3"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![date_str(today), limit as i64, offset as i64], map)?
            .map(|f| {
                f.map(|f| QueueItem {
                    days_late: f.days_late(today),
                    follow_up: f,
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// How many open follow-ups are due on or before `today`.
    pub fn count_due(&self, today: NaiveDate) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date <= ?1",
            )?
            .query_row([date_str(today)], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many customers (people and organizations) have no open follow-up: no next step
    /// planned (an organization: none of its people has one either). Reads the `next_due`
    /// column the follow-up triggers keep (the customer list's `-` marker), through its index.
    pub fn count_without_next_step(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM customers WHERE next_due IS NULL")?
            .query_row([], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many follow-ups that were due by `today` were closed on `today` (review progress).
    pub fn count_reviewed(&self, today: NaiveDate, day_start: i64, day_end: i64) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM follow_ups WHERE done_at >= ?1 AND done_at < ?2 AND original_due <= ?3",
            )?
            .query_row(params![day_start, day_end, date_str(today)], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Open follow-ups due after `today`, soonest first.
    pub fn follow_ups_upcoming(&self, today: NaiveDate, limit: usize) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "{SELECT} WHERE f.status = 'open' AND f.due_date > ?1 ORDER BY f.due_date, f.id LIMIT ?2"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![date_str(today), limit as i64], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// A customer's follow-ups (with its people's for an organization): open ones by due date and time,
    /// then the latest closed ones.
    pub fn customer_follow_ups(&self, id: CustomerId, limit: usize) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "{SELECT} WHERE f.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
             ORDER BY f.status <> 'open', CASE WHEN f.status = 'open' THEN f.due_date END,
                      f.done_at DESC, f.due_time IS NULL, f.due_time, f.id DESC LIMIT ?2"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![id.0, limit as i64], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        load(&self.conn, id)
    }
}

impl Writer<'_> {
    /// Creates a follow-up.
    pub fn insert_follow_up(&self, f: &NewFollowUp) -> Result<FollowUpId> {
        self.insert_occurrence(f, None)
    }

    /// Creates a follow-up; `series` is the first follow-up of the repeating series it
    /// continues (see `series_id` in `sql/010_follow_up_series.sql`).
    fn insert_occurrence(&self, f: &NewFollowUp, series: Option<FollowUpId>) -> Result<FollowUpId> {
        super::fits("text of what to do", &f.what)?;
        super::limit::follow_up_day(f.due_date)?;
        self.tx
            .prepare_cached(
                "INSERT INTO follow_ups(customer_id, what, due_date, due_time, original_due, repeat_rule,
                   interaction_id, created_at, series_id) VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                f.customer_id.0,
                f.what,
                date_str(f.due_date),
                f.due_time.map(time_str),
                f.repeat.map(|r| r.to_string()),
                f.interaction_id.map(|i| i.0),
                f.created_at,
                series.map(|s| s.0),
            ])?;
        Ok(FollowUpId(self.tx.last_insert_rowid()))
    }

    /// Links the occurrences of repeating follow-ups that name no series to the series
    /// they continue, as far as the data tells (see [`link_series`]); returns how many.
    pub fn link_series(&self) -> Result<usize> {
        link_series(self.tx)
    }

    /// One follow-up, read inside the transaction.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        load(self.tx, id)
    }

    /// Closes an open follow-up as done or cancelled. A repeating one that is done
    /// schedules its next occurrence, returned.
    pub fn close_follow_up(
        &self,
        id: FollowUpId,
        status: FollowUpStatus,
        now: i64,
        today: NaiveDate,
    ) -> Result<Option<(FollowUpId, NaiveDate)>> {
        let f = self.follow_up(id)?;
        // The series it continues, and the day its first occurrence was due (a monthly
        // series keeps that day of the month).
        let (series, first): (Option<i64>, Option<String>) = self
            .tx
            .prepare_cached(
                "SELECT f.series_id, head.original_due FROM follow_ups f
                 LEFT JOIN follow_ups head ON head.id = coalesce(f.series_id, f.id)
                 WHERE f.id = ?1",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if f.status != FollowUpStatus::Open {
            return Err(StoreError::Invalid(format!(
                "follow-up {id} is {} already",
                f.status
            )));
        }
        self.tx.execute(
            "UPDATE follow_ups SET status = ?1, done_at = ?2 WHERE id = ?3",
            params![status, now, id.0],
        )?;
        match (status, f.repeat) {
            (FollowUpStatus::Done, Some(rule)) => {
                // The next one comes after the due date, or after today when done late
                // (a weekly call done 3 weeks late does not queue three more); a monthly
                // one on the day of the month its series started on (31 Jan, 28 Feb,
                // 31 Mar: the calendar export's rule says the same), stepped from this
                // occurrence's own day (a snooze does not move the series).
                let base = f.due_date.max(today);
                let anchor = first
                    .and_then(|d| date(&d).ok())
                    .map_or(f.original_due.day(), |d| d.day());
                // Past 9999 there is no next day to keep: the series ends with this one.
                let Some(next) = rule.next_anchored(f.original_due, base, anchor) else {
                    return Ok(None);
                };
                // The next one continues the series of this one (its first occurrence), so
                // the calendar export keeps one UID for it, and only for it.
                let new_id = self.insert_occurrence(
                    &NewFollowUp {
                        customer_id: f.customer_id,
                        what: f.what,
                        due_date: next,
                        due_time: f.due_time,
                        repeat: Some(rule),
                        interaction_id: None,
                        created_at: now,
                    },
                    Some(series.map_or(id, FollowUpId)),
                )?;
                Ok(Some((new_id, next)))
            }
            _ => Ok(None),
        }
    }

    /// Moves an open follow-up to another day at `now`; `snooze` counts it as a snooze, else
    /// as a reschedule when the day changes. Either is a revision of its calendar event:
    /// the iCalendar export's SEQUENCE counts both and its DTSTAMP is `now`, so a calendar
    /// that keeps the higher SEQUENCE takes the new day. The move's seconds and nanoseconds
    /// (`changed_at`, `changed_ns`) are both `now`'s.
    pub fn move_follow_up(
        &self,
        id: FollowUpId,
        to: NaiveDate,
        snooze: bool,
        now: DateTime<Utc>,
    ) -> Result<FollowUp> {
        super::limit::follow_up_day(to)?;
        let f = self.follow_up(id)?;
        if f.status != FollowUpStatus::Open {
            return Err(StoreError::Invalid(format!(
                "follow-up {id} is {}; only open ones can be moved",
                f.status
            )));
        }
        // The counts stop at the limit (a backup restores no more): the day still moves.
        self.tx
            .prepare_cached(&format!(
                "UPDATE follow_ups SET due_date = ?1, snooze_count = {},
                   reschedule_count = {},
                   changed_ns = CASE WHEN ?2 = 1 OR due_date <> ?1 THEN ?5 ELSE changed_ns END,
                   changed_at = CASE WHEN ?2 = 1 OR due_date <> ?1 THEN ?3 ELSE changed_at END
                 WHERE id = ?4",
                super::limit::count_plus("snooze_count", "?2"),
                super::limit::count_plus("reschedule_count", "(?2 = 0 AND due_date <> ?1)"),
            ))?
            .execute(params![
                date_str(to),
                i64::from(snooze),
                now.timestamp(),
                id.0,
                now.timestamp_subsec_nanos()
            ])?;
        Ok(f)
    }
}

/// A follow-up's calendar revision in SQL, over the columns of table (or alias) `t`: what
/// its event's SEQUENCE counts (`interop::ical`). Each snooze and reschedule is one, and a
/// closed follow-up one more (it went out as its event cancelled, or its series went on).
/// A series' event counts the revisions of all its occurrences so far.
pub(crate) fn revision(t: &str) -> String {
    format!("({t}.snooze_count + {t}.reschedule_count + ({t}.status <> 'open'))")
}

/// What the calendar event of a follow-up series shows (of its latest occurrence: id, day,
/// time, status), and the event's revision, its SEQUENCE (see [`revision`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    latest: i64,
    day: String,
    time: Option<String>,
    status: String,
    sequence: i64,
}

/// The series of follow-up `id` (its first occurrence's id), if the follow-up is there.
pub(crate) fn series_of(conn: &rusqlite::Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT coalesce(series_id, id) FROM follow_ups WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// What the event of series `head` shows now; `None` when none of it is left.
pub(crate) fn shown(conn: &rusqlite::Connection, head: i64) -> Result<Option<Shown>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT f.id, f.due_date, f.due_time, f.status,
                    (SELECT sum({}) FROM follow_ups g WHERE g.id = ?1 OR g.series_id = ?1)
             FROM follow_ups f WHERE f.id = ?1 OR f.series_id = ?1
             ORDER BY f.id DESC LIMIT 1",
            revision("g")
        ))?
        .query_row([head], |r| {
            Ok(Shown {
                latest: r.get(0)?,
                day: r.get(1)?,
                time: r.get(2)?,
                status: r.get(3)?,
                sequence: r.get(4)?,
            })
        })
        .optional()?)
}

/// The calendar rule for a change made to a series other than by moving or closing it (an
/// undo puts rows back; a colleague's later day comes from a dossier): when its event shows
/// something else than `before` (another occurrence, day, time or status), that is a new
/// revision, at `at` (the DTSTAMP, to the nanosecond) and with a SEQUENCE above `before`'s, by raising the
/// latest occurrence's `reschedule_count` as far as needed. A calendar ignores an update
/// whose SEQUENCE is not higher, and would keep the old day. When it shows the same, the
/// SEQUENCE does not fall below `before`'s (an undone snooze to the same day). Whether it
/// revised.
pub(crate) fn revise(
    conn: &rusqlite::Connection,
    head: i64,
    before: &Shown,
    at: DateTime<Utc>,
) -> Result<bool> {
    let Some(now) = shown(conn, head)? else {
        return Ok(false);
    };
    let same = now.latest == before.latest
        && now.day == before.day
        && now.time == before.time
        && now.status == before.status;
    // Never lower: a later change would then reach only a SEQUENCE the calendar has.
    let raise = (before.sequence + i64::from(!same) - now.sequence).max(0);
    if same && raise == 0 {
        return Ok(false);
    }
    conn.prepare_cached(&format!(
        "UPDATE follow_ups SET reschedule_count = {},
           changed_ns = CASE WHEN ?2 THEN changed_ns ELSE ?5 END,
           changed_at = CASE WHEN ?2 THEN changed_at ELSE ?3 END
         WHERE id = ?4",
        super::limit::count_plus("reschedule_count", "?1")
    ))?
    .execute(params![
        raise,
        same,
        at.timestamp(),
        now.latest,
        at.timestamp_subsec_nanos()
    ])?;
    Ok(!same)
}

/// Links the later occurrences of repeating follow-ups that name no series (rows from
/// before schema v10, or restored from an older backup) to the series they continue, as
/// far as the data tells: `rolo done` creates the next occurrence in the second the one
/// before it is done, for the same customer, text, rule and time. A done occurrence is
/// continued at most once, and only while it is the last of its series, so two series are
/// never joined into one (they would share a calendar UID). Returns how many were linked.
pub(super) fn link_series(conn: &rusqlite::Connection) -> Result<usize> {
    use std::collections::HashMap;
    // Each series' first id and last occurrence so far (a lone row is its own series).
    let mut last: HashMap<i64, i64> = conn
        .prepare(
            "SELECT coalesce(series_id, id), max(id) FROM follow_ups
             WHERE repeat_rule IS NOT NULL GROUP BY 1",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Each unlinked occurrence with the done ones it may continue, oldest first.
    let pairs: Vec<(i64, i64, i64)> = conn
        .prepare(
            "SELECT r.id, p.id, coalesce(p.series_id, p.id)
             FROM follow_ups r JOIN follow_ups p
               ON p.customer_id = r.customer_id AND p.status = 'done' AND p.id < r.id
              AND p.done_at = r.created_at AND p.what = r.what
              AND p.repeat_rule = r.repeat_rule AND p.due_time IS r.due_time
             WHERE r.series_id IS NULL AND r.repeat_rule IS NOT NULL
             ORDER BY r.id, p.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // The series of rows linked by this run (their stored series_id is still NULL).
    let mut linked: HashMap<i64, i64> = HashMap::new();
    let mut set = conn.prepare("UPDATE follow_ups SET series_id = ?1 WHERE id = ?2")?;
    for (r, p, stored) in pairs {
        let first = linked.get(&p).copied().unwrap_or(stored);
        // `r` taken already, or heading a series of its own; `p` continued already.
        if linked.contains_key(&r) || last.get(&r) != Some(&r) || last.get(&first) != Some(&p) {
            continue;
        }
        set.execute(params![first, r])?;
        linked.insert(r, first);
        last.remove(&r);
        last.insert(first, r);
    }
    Ok(linked.len())
}
