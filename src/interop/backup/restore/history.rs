//! A backup's or dossier's history restored: deals, interactions and follow-ups, each to
//! its customer here, none twice; a deal moved to another stage there later, or a follow-up
//! moved or closed there later, takes that stage or day here. Their times are kept to the
//! nanosecond (schema v18); two written before, in the same second, still tie: this side's
//! stays, and the report says so.

use rusqlite::{OptionalExtension, params};

use super::super::{DealRec, FollowUpRec, InteractionRec};
use super::Restorer;
use super::check::{self, bad, opt_day};
use crate::interop::ImportError;

/// When a row last moved: unix seconds and the nanoseconds past them (0 for one moved before
/// schema v18), in the order they happened.
type Instant = (i64, u32);

fn instant(t: chrono::DateTime<chrono::Utc>) -> Instant {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

impl Restorer<'_> {
    pub(super) fn deal(&mut self, i: usize, d: &DealRec) -> Result<(), ImportError> {
        self.seen[1].check(self.file, "deals", i, d.id)?;
        check::deal(i, d).map_err(|r| r.in_file(self.file))?;
        opt_day(
            self.file,
            "deals",
            i,
            "expected_close",
            d.expected_close.as_deref(),
        )?;
        let cid = self.customer_of("deals", i, &d.customer)?;
        let conn = self.w.conn();
        let existing: Option<i64> =
            if self.had.deals {
                conn.prepare_cached(
                "SELECT id FROM deals WHERE customer_id = ?1 AND title = ?2 AND created_at = ?3",
            )?
            .query_row(params![cid, d.title, d.created_at.timestamp()], |r| r.get(0))
            .optional()?
            } else {
                None
            };
        if let Some(e) = existing {
            self.deal_ids.insert(d.id, e);
            self.restage(i, e, cid, d)?;
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO deals(id, customer_id, title, value_minor, currency, stage, probability,
               expected_close, created_at, stage_changed_at, closed_at, stage_changed_ns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            self.empty.then_some(d.id),
            cid,
            d.title,
            d.value_minor,
            d.currency,
            d.stage,
            d.probability,
            d.expected_close,
            d.created_at.timestamp(),
            d.stage_changed_at.timestamp(),
            d.closed_at.map(|x| x.timestamp()),
            d.stage_changed_at.timestamp_subsec_nanos(),
        ])
        .map_err(|e| bad(self.file, "deals", i, "", e))?;
        self.deal_ids.insert(d.id, conn.last_insert_rowid());
        self.added_history(cid, 2);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    /// A deal here that is the file's: moved to another stage (or probability) there later
    /// than here (a colleague's dossier handed back), it takes the file's; one moved here
    /// since keeps its own. Said in the customer's line of the report.
    pub(super) fn restage(
        &mut self,
        i: usize,
        here: i64,
        cid: i64,
        d: &DealRec,
    ) -> Result<(), ImportError> {
        let conn = self.w.conn();
        let (stage, probability, changed, closed): (String, i64, Instant, Option<i64>) = conn
            .prepare_cached(
                "SELECT stage, probability, stage_changed_at, stage_changed_ns, closed_at
                 FROM deals WHERE id = ?1",
            )?
            .query_row([here], |r| {
                Ok((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?), r.get(4)?))
            })?;
        let moved_there = instant(d.stage_changed_at);
        let closed_there = d.closed_at.map(|x| x.timestamp());
        if (stage.as_str(), probability, closed) == (d.stage.as_str(), d.probability, closed_there)
        {
            return Ok(());
        }
        // Moved here and there at the same time (two moves of before schema v18 in the same
        // second: it kept no fraction): which came last cannot be told; this side's stays,
        // and the report says so.
        if moved_there == changed {
            let (here, there) = if stage == d.stage {
                (format!("{probability}%"), format!("{}%", d.probability))
            } else {
                (stage.clone(), d.stage.clone())
            };
            self.conflict(
                cid,
                format!(
                    "deal {}: moved here and there in the same second (here {here}, there \
                     {there}); kept {here}",
                    d.title
                ),
            );
            return Ok(());
        }
        if moved_there < changed {
            return Ok(());
        }
        conn.prepare_cached(
            "UPDATE deals SET stage = ?1, probability = ?2, stage_changed_at = ?3,
               stage_changed_ns = ?4, closed_at = ?5
             WHERE id = ?6",
        )?
        .execute(params![
            d.stage,
            d.probability,
            moved_there.0,
            moved_there.1,
            closed_there,
            here
        ])
        .map_err(|e| bad(self.file, "deals", i, "stage", e))?;
        let said = if stage == d.stage {
            format!("deal {} {}% → {}%", d.title, probability, d.probability)
        } else {
            format!("deal {} {stage} → {}", d.title, d.stage)
        };
        self.changed_here(cid, said);
        Ok(())
    }

    /// Says a conflict on a row already here in the line of the customer it belongs to.
    /// (A tie a dossier of them as new as this one had was said when it was taken.)
    pub(super) fn conflict(&mut self, customer: i64, said: String) {
        if self.seen_before.contains(&customer) || !self.first_said(customer, &said) {
            return;
        }
        if let Some(&(note, _)) = self.merged_history.get(&customer)
            && let Some(m) = self.report.merges.get_mut(note)
        {
            m.conflicts.push(said);
        }
    }

    /// Says a change to a row already here in the line of the customer it belongs to (one
    /// merged into; a customer created now has no rows here before).
    pub(super) fn changed_here(&mut self, customer: i64, said: String) {
        if let Some(&(note, _)) = self.merged_history.get(&customer)
            && let Some(m) = self.report.merges.get_mut(note)
        {
            m.moved.push(said);
        }
    }

    pub(super) fn interaction(&mut self, i: usize, x: &InteractionRec) -> Result<(), ImportError> {
        self.seen[2].check(self.file, "interactions", i, x.id)?;
        check::interaction(i, x).map_err(|r| r.in_file(self.file))?;
        let cid = self.customer_of("interactions", i, &x.customer)?;
        let conn = self.w.conn();
        let existing: Option<i64> = if self.had.interactions {
            conn.prepare_cached(
                "SELECT id FROM interactions WHERE customer_id = ?1 AND occurred_at = ?2 AND kind = ?3 AND summary = ?4",
            )?
            .query_row(
                params![cid, x.occurred_at.timestamp(), x.kind, x.summary],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        if let Some(e) = existing {
            self.interaction_ids.insert(x.id, e);
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO interactions(id, customer_id, kind, direction, occurred_at, summary, notes,
               minutes, rating, deal_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.empty.then_some(x.id),
            cid,
            x.kind,
            x.direction,
            x.occurred_at.timestamp(),
            x.summary,
            x.notes,
            x.minutes,
            x.rating,
            x.deal.and_then(|d| self.deal_ids.get(&d)),
            x.created_at.timestamp(),
        ])
        .map_err(|e| bad(self.file, "interactions", i, "", e))?;
        self.interaction_ids.insert(x.id, conn.last_insert_rowid());
        self.added_history(cid, 0);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    pub(super) fn follow_up(&mut self, i: usize, f: &FollowUpRec) -> Result<(), ImportError> {
        self.seen[3].check(self.file, "follow_ups", i, f.id)?;
        check::follow_up(i, f).map_err(|r| r.in_file(self.file))?;
        let due =
            check::day(&f.due_date).map_err(|m| bad(self.file, "follow_ups", i, "due_date", m))?;
        opt_day(
            self.file,
            "follow_ups",
            i,
            "original_due",
            Some(&f.original_due),
        )?;
        let cid = self.customer_of("follow_ups", i, &f.customer)?;
        let conn = self.w.conn();
        if self.had.follow_ups {
            let existing: Option<i64> = conn
                .prepare_cached(
                    "SELECT id FROM follow_ups WHERE customer_id = ?1 AND what = ?2 AND original_due = ?3
                       AND repeat_rule IS ?4 LIMIT 1",
                )?
                .query_row(
                    params![cid, f.what, f.original_due, f.repeat_rule],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(e) = existing {
                self.follow_up_ids.insert(f.id, e);
                // Open in the file too: moved there, perhaps. Done (or cancelled) in the
                // file and open here: whoever sent it closed it since (a colleague's dossier
                // handed back); the next occurrence of a series follows in the file, and
                // only one stays open.
                if f.status == "open" {
                    self.redate(i, e, cid, f, due)?;
                } else {
                    let closed = conn
                        .prepare_cached(
                            "UPDATE follow_ups SET status = ?1, done_at = ?2
                             WHERE id = ?3 AND status = 'open'",
                        )?
                        .execute(params![f.status, f.done_at.map(|x| x.timestamp()), e])?;
                    if closed > 0
                        && let Some((_, counts)) = self.merged_history.get_mut(&cid)
                    {
                        counts[3] += 1;
                    }
                }
                return Ok(());
            }
        }
        // A later occurrence names its series' first by its id in the file: one found or
        // added before it (the same id here when ids are kept). A series the file does not
        // have is no link (a hand-edited file); the occurrences are linked as an upgrade
        // links them, at the end.
        let series = f.series.and_then(|s| self.follow_up_ids.get(&s).copied());
        conn.prepare_cached(
            "INSERT INTO follow_ups(id, customer_id, what, due_date, due_time, original_due, status,
               done_at, snooze_count, repeat_rule, interaction_id, created_at, series_id,
               reschedule_count, changed_at, event_uid, changed_ns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?
        .execute(params![
            self.empty.then_some(f.id),
            cid,
            f.what,
            f.due_date,
            f.due_time,
            f.original_due,
            f.status,
            f.done_at.map(|x| x.timestamp()),
            f.snooze_count,
            f.repeat_rule,
            f.interaction.and_then(|x| self.interaction_ids.get(&x)),
            f.created_at.timestamp(),
            series,
            f.reschedule_count,
            f.changed_at.map(|x| x.timestamp()),
            f.event_uid,
            f.changed_at.map_or(0, |x| x.timestamp_subsec_nanos()),
        ])
        .map_err(|e| bad(self.file, "follow_ups", i, "", e))?;
        self.follow_up_ids.insert(f.id, conn.last_insert_rowid());
        self.added_history(cid, 1);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    /// A follow-up open here and in the file, moved there to another day (or time) later
    /// than it last moved here: it takes the file's day (`due_there`, as checked), as a
    /// revision of its calendar event (`store::revise`; the snoozes there count). One moved
    /// here since keeps its own.
    pub(super) fn redate(
        &mut self,
        i: usize,
        here: i64,
        cid: i64,
        f: &FollowUpRec,
        due_there: chrono::NaiveDate,
    ) -> Result<(), ImportError> {
        let Some(at_there) = f.changed_at else {
            return Ok(());
        };
        let moved_there = instant(at_there);
        let conn = self.w.conn();
        let (status, due, time, changed): (String, String, Option<String>, Instant) = conn
            .prepare_cached(
                "SELECT status, due_date, due_time, coalesce(changed_at, created_at), changed_ns
                 FROM follow_ups WHERE id = ?1",
            )?
            .query_row([here], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, (r.get(3)?, r.get(4)?)))
            })?;
        if status != "open"
            || moved_there < changed
            || (due.as_str(), time.as_deref()) == (f.due_date.as_str(), f.due_time.as_deref())
        {
            return Ok(());
        }
        // Moved here and there at the same time (in the same second, before schema v18):
        // this side's day stays, and is said.
        if moved_there == changed {
            let said = |day: &str, time: Option<&str>| {
                let day = check::day(day)
                    .map_or_else(|_| day.to_string(), crate::domain::when::long_date);
                time.map_or(day.clone(), |t| format!("{day} {t}"))
            };
            let here = said(&due, time.as_deref());
            let there = said(&f.due_date, f.due_time.as_deref());
            self.conflict(
                cid,
                format!(
                    "follow-up {}: moved here and there in the same second (here {here}, \
                     there {there}); kept {here}",
                    f.what
                ),
            );
            return Ok(());
        }
        let head = crate::store::series_of(conn, here)?.unwrap_or(here);
        let before = crate::store::shown(conn, head)?;
        conn.prepare_cached(
            "UPDATE follow_ups SET due_date = ?1, due_time = ?2,
               snooze_count = max(snooze_count, ?3)
             WHERE id = ?4",
        )?
        .execute(params![f.due_date, f.due_time, f.snooze_count, here])
        .map_err(|e| bad(self.file, "follow_ups", i, "due_date", e))?;
        if let Some(before) = before {
            crate::store::revise(conn, head, &before, at_there)?;
        }
        let day = crate::domain::when::long_date(due_there);
        let at = f
            .due_time
            .as_deref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        self.changed_here(cid, format!("follow-up {} → {day}{at}", f.what));
        Ok(())
    }

    /// Counts a history row added (`list`: 0 interactions, 1 follow-ups, 2 deals), for the
    /// report and, when it went to a customer merged into, for that customer's line.
    pub(super) fn added_history(&mut self, customer: i64, list: usize) {
        self.report.history += 1;
        if let Some(n) = self.report.history_kinds.get_mut(list) {
            *n += 1;
        }
        if let Some((_, counts)) = self.merged_history.get_mut(&customer) {
            counts[list] += 1;
        }
    }
}

#[cfg(test)]
mod tests;
