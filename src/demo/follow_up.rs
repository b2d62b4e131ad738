//! Demo follow-ups: done and cancelled ones in the past (some late), open ones ahead,
//! a few overdue or due today, some snoozed, some repeating.

use rusqlite::params;

use super::people::Profile;
use super::phrases::FOLLOW_UPS;
use super::{Force, Gen};
use crate::domain::{Repeat, RepeatUnit};
use crate::store::StoreError;

/// Repetition rules of repeating follow-ups.
const REPEATS: &[Repeat] = &[
    Repeat {
        n: 1,
        unit: RepeatUnit::Weeks,
    },
    Repeat {
        n: 2,
        unit: RepeatUnit::Weeks,
    },
    Repeat {
        n: 4,
        unit: RepeatUnit::Weeks,
    },
    Repeat {
        n: 1,
        unit: RepeatUnit::Months,
    },
    Repeat {
        n: 3,
        unit: RepeatUnit::Months,
    },
];

/// Times of the follow-ups that have one.
const TIMES: &[&str] = &[
    "09:00", "09:30", "10:00", "11:00", "13:00", "14:00", "15:30", "16:00",
];

/// What state a generated follow-up is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// Still open (future, due today, or overdue).
    Open,
    /// Done or cancelled in the past.
    Closed,
}

impl Gen<'_> {
    /// Writes the customer's follow-ups: about 1.5 per customer, due within 60 days of today.
    pub(super) fn follow_ups(&mut self, p: &Profile) -> Result<(), StoreError> {
        let count = if p.dormant {
            self.weighted(&[(55, 0), (32, 1), (13, 2)])
        } else {
            self.weighted(&[(14, 0), (28, 1), (33, 2), (18, 3), (7, 4)])
        };
        for _ in 0..count {
            let due = self.weekday(|g| {
                let mut due = g.between(-60, 60);
                if due == 0 && g.chance(0.5) {
                    due = g.between(1, 60);
                }
                if -due > p.created_ago {
                    due = -g.between(0, p.created_ago);
                }
                due
            });
            let close = if due < 0 { Close::Closed } else { Close::Open };
            self.follow_up(p, due, close)?;
        }
        let overdue = p.force == Force::Overdue || self.chance(if p.dormant { 0.04 } else { 0.02 });
        if overdue && p.created_ago > 0 {
            let due = self.weekday(|g| {
                let u = g.rng.f64();
                -(1 + (u * u * 44.0) as i64).min(p.created_ago)
            });
            self.follow_up(p, due, Close::Open)?;
        }
        if p.force == Force::DueToday || self.chance(0.003) {
            self.follow_up(p, 0, Close::Open)?;
        }
        Ok(())
    }

    /// A day (from today) drawn by `draw`, drawn again while it is a weekend other than today
    /// (a few tries; people rarely plan work for Saturday).
    fn weekday(&mut self, mut draw: impl FnMut(&mut Self) -> i64) -> i64 {
        let mut due = draw(self);
        for _ in 0..6 {
            let weekday = (self.midnight / 86_400 + due + 3).rem_euclid(7); // Monday = 0
            if weekday < 5 || due == 0 {
                break;
            }
            due = draw(self);
        }
        due
    }

    /// One follow-up due `due` days from today (negative: past); a done repeating one is
    /// followed by its next occurrences up to an open one.
    fn follow_up(&mut self, p: &Profile, due: i64, close: Close) -> Result<(), StoreError> {
        let mut what = String::new();
        let template = self.pick(FOLLOW_UPS);
        self.fill(template, &mut what);
        let repeat = self.chance(0.1).then(|| self.pick(REPEATS));
        let snooze_p = match close {
            Close::Open if due < 0 => 0.3,
            Close::Open => 0.15,
            Close::Closed => 0.08,
        };
        let mut snoozes = 0;
        let mut original = due;
        if self.chance(snooze_p) {
            snoozes = self.between(1, 3);
            for _ in 0..snoozes {
                original -= self.between(1, 7);
            }
            original = original.max(-p.created_ago);
            if original == due {
                snoozes = 0;
            }
        }
        let created_ago = ((-original).max(0) + self.between(1, 30)).min(p.created_ago);
        let mut created_at = self.stamp(created_ago).max(p.created_at);
        let mut interaction = None;
        // Half the follow-ups were set while logging a contact of the last month.
        if self.chance(0.5)
            && let Some(&(id, t)) = self.contacts.iter().rev().find(|(_, t)| *t <= created_at)
            && created_at - t <= 30 * 86_400
        {
            interaction = Some(id);
            created_at = (t + self.between(60, 900)).min(self.horizon);
        }
        let time = self.chance(0.2).then(|| self.pick(TIMES));
        let (status, done_at) = match close {
            Close::Open => ("open", None),
            Close::Closed => {
                let status = if self.chance(0.88) {
                    "done"
                } else {
                    "cancelled"
                };
                // Mostly on time (on the day or a little early), else up to 20 days late.
                let done_ago = if self.chance(0.7) {
                    (-due + self.between(0, 2)).min(created_ago)
                } else {
                    -due - self.between(1, (-due).min(20))
                };
                let done = self.stamp(done_ago).max(created_at + 60).min(self.horizon);
                (status, Some(done))
            }
        };
        let created_at = created_at.min(done_at.unwrap_or(self.horizon));
        let (due_day, original_day) = (self.day(due), self.day(original));
        let id = self.ins.follow_up.insert(params![
            p.id,
            what,
            due_day,
            time,
            original_day,
            status,
            done_at,
            snoozes,
            repeat.map(|r| r.to_string()),
            interaction,
            created_at,
            Option::<i64>::None,
        ])?;
        self.summary.follow_ups += 1;
        if let (Some(rule), Some(done), "done") = (repeat, done_at, status) {
            self.repeat_chain(p, &what, time, rule, (id, due), done)?;
        }
        Ok(())
    }

    /// The occurrences after a done repeating follow-up `(id, due)`: done on time while in
    /// the past, then one open, each of its series (as `close_follow_up` would have made
    /// them).
    fn repeat_chain(
        &mut self,
        p: &Profile,
        what: &str,
        time: Option<&str>,
        rule: Repeat,
        (series, due): (i64, i64),
        done_at: i64,
    ) -> Result<(), StoreError> {
        let mut done_day = (done_at - self.midnight).div_euclid(86_400);
        let mut prev_due = due;
        let mut created_at = done_at;
        // As `rolo done` schedules them: a monthly series keeps the day it started on.
        let anchor = chrono::Datelike::day(&self.date(due));
        for _ in 0..60 {
            let base = self.date(prev_due.max(done_day));
            let Some(next) = rule.next_anchored(self.date(prev_due), base, anchor) else {
                break;
            };
            let next = (next - self.today).num_days();
            let open = next >= 0;
            let done = (!open).then(|| self.stamp(-next).max(created_at + 60).min(self.horizon));
            let next_day = self.day(next);
            self.ins.follow_up.execute(params![
                p.id,
                what,
                next_day,
                time,
                next_day,
                if open { "open" } else { "done" },
                done,
                0,
                rule.to_string(),
                Option::<i64>::None,
                created_at,
                series,
            ])?;
            self.summary.follow_ups += 1;
            let Some(done) = done else { break };
            done_day = (done - self.midnight).div_euclid(86_400);
            prev_due = next;
            created_at = done;
        }
        Ok(())
    }
}
