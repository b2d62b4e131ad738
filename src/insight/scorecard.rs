//! The seller's scorecard over a period ending today, against the period before, and the
//! weekly contact series of the dashboard.
//!
//! - Follow-ups: those marked done during the period. On time when the local day of `done_at`
//!   is on or before `original_due` (the first due date: snoozing does not make a follow-up
//!   on time). Delay = days after `original_due` (0 when on time); the average is over all
//!   done ones, the late average over the late ones only.
//! - Contacts: interactions that are not notes, by kind and direction; per week = count × 7 /
//!   days of the period.
//! - Deals: closed (won or lost) during the period. Win rate = won / (won + lost). Sales cycle
//!   = mean of `closed_at - created_at` of the won ones, in days. Revenue = their value, per
//!   currency.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::params;
use serde::Serialize;

use super::period::{Period, PeriodRange, epoch_days};
use super::{InsightConfig, Result, money_list, sql_currency};
use crate::domain::{Currency, Direction, InteractionKind, Money, Stage};
use crate::store::Store;

/// This period and the one before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    /// Week, month or quarter.
    pub period: Period,
    /// The period ending today.
    pub current: PeriodStats,
    /// The period just before it.
    pub previous: PeriodStats,
}

/// The seller's numbers over one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStats {
    /// Its days.
    pub range: PeriodRange,
    /// Follow-ups marked done in the period.
    pub follow_ups_done: u32,
    /// Of those, done on or before their original due date.
    pub follow_ups_on_time: u32,
    /// `on_time / done`, 0.0 to 1.0.
    pub on_time_share: Option<f64>,
    /// Mean days late over all done ones (on time counts 0).
    pub average_delay_days: Option<f64>,
    /// Mean days late over the late ones only.
    pub average_late_days: Option<f64>,
    /// Contacts (notes excluded).
    pub contacts: u32,
    /// Contacts per week.
    pub contacts_per_week: f64,
    /// Contacts the customer started.
    pub inbound: u32,
    /// Contacts by kind and direction, most first.
    pub by_kind: Vec<KindCount>,
    /// Deals won in the period.
    pub deals_won: u32,
    /// Deals lost in the period.
    pub deals_lost: u32,
    /// `won / (won + lost)`.
    pub win_rate: Option<f64>,
    /// Mean days from creation to won.
    pub average_cycle_days: Option<f64>,
    /// Value of the deals won, per currency.
    pub revenue: Vec<Money>,
}

/// Contacts of one kind and direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindCount {
    /// Call, email, ...
    pub kind: InteractionKind,
    /// In or out.
    pub direction: Direction,
    /// How many.
    pub count: u32,
    /// Per week over the period.
    pub per_week: f64,
}

/// The scorecard for the `period` ending on `today` and the one before it.
pub fn scorecard(
    store: &Store,
    today: NaiveDate,
    period: Period,
    cfg: &InsightConfig,
) -> Result<Scorecard> {
    let current = period.ending(today);
    let previous = period.before(current);
    Ok(Scorecard {
        period,
        current: period_stats(store, current, cfg)?,
        previous: period_stats(store, previous, cfg)?,
    })
}

fn per_week(count: u32, days: i64) -> f64 {
    f64::from(count) * 7.0 / days.max(1) as f64
}

/// The numbers of one period (three indexed range queries).
pub(crate) fn period_stats(
    store: &Store,
    range: PeriodRange,
    cfg: &InsightConfig,
) -> Result<PeriodStats> {
    let conn = store.conn();
    let clock = cfg.clock();
    let (from, until) = range.bounds(clock);
    let days = range.days();

    let (mut done, mut on_time, mut delay_sum) = (0u32, 0u32, 0i64);
    let mut stmt = conn.prepare_cached(
        "SELECT done_at, original_due FROM follow_ups
          WHERE done_at >= ?1 AND done_at < ?2 AND status = 'done'",
    )?;
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let done_at: i64 = r.get(0)?;
        let due: String = r.get(1)?;
        let Some(due) = crate::store::row::stored_date(&due) else {
            continue;
        };
        done += 1;
        let late = (clock.day(done_at) - epoch_days(due)).max(0);
        if late == 0 {
            on_time += 1;
        }
        delay_sum += late;
    }
    let late_count = done - on_time;

    let mut by_kind = Vec::new();
    let (mut contacts, mut inbound) = (0u32, 0u32);
    let mut stmt = conn.prepare_cached(
        "SELECT kind, direction, count(*) FROM interactions
          WHERE occurred_at >= ?1 AND occurred_at < ?2 AND kind <> 'note'
          GROUP BY kind, direction",
    )?;
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let count = u32::try_from(r.get::<_, i64>(2)?).unwrap_or(u32::MAX);
        let direction: Direction = r.get(1)?;
        contacts = contacts.saturating_add(count);
        if direction == Direction::In {
            inbound = inbound.saturating_add(count);
        }
        by_kind.push(KindCount {
            kind: r.get(0)?,
            direction,
            count,
            per_week: per_week(count, days),
        });
    }
    by_kind.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.kind.as_str().cmp(b.kind.as_str()))
            .then(a.direction.as_str().cmp(b.direction.as_str()))
    });

    let (mut won, mut lost, mut cycle_secs) = (0u32, 0u32, 0i128);
    let mut revenue: Vec<(Currency, i64)> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT stage, currency, value_minor, closed_at - created_at FROM deals
          WHERE closed_at >= ?1 AND closed_at < ?2 AND stage IN ('won', 'lost')",
    )?;
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let stage: Stage = r.get(0)?;
        if stage == Stage::Won {
            won += 1;
            revenue.push((sql_currency(r, 1)?, r.get(2)?));
            cycle_secs += i128::from(r.get::<_, i64>(3)?.max(0));
        } else {
            lost += 1;
        }
    }

    Ok(PeriodStats {
        range,
        follow_ups_done: done,
        follow_ups_on_time: on_time,
        on_time_share: (done > 0).then(|| f64::from(on_time) / f64::from(done)),
        average_delay_days: (done > 0).then(|| delay_sum as f64 / f64::from(done)),
        average_late_days: (late_count > 0).then(|| delay_sum as f64 / f64::from(late_count)),
        contacts,
        contacts_per_week: per_week(contacts, days),
        inbound,
        by_kind,
        deals_won: won,
        deals_lost: lost,
        win_rate: (won + lost > 0).then(|| f64::from(won) / f64::from(won + lost)),
        average_cycle_days: (won > 0).then(|| cycle_secs as f64 / 86_400.0 / f64::from(won)),
        revenue: money_list(revenue),
    })
}

/// Contacts in one week of the dashboard's sparkline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekContacts {
    /// The week's first day (a `week_start` day).
    pub start: NaiveDate,
    /// Contacts (notes excluded).
    pub contacts: u32,
    /// Of those, started by the customer.
    pub inbound: u32,
}

/// The first day of the week holding `day`.
fn week_of(day: NaiveDate, start: Weekday) -> NaiveDate {
    let back = (7 + day.weekday().num_days_from_monday() - start.num_days_from_monday()) % 7;
    day.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(NaiveDate::MIN)
}

/// Contacts per calendar week (weeks start on `cfg.week_start`) for the last `weeks` weeks,
/// oldest first; the last one is the current week, up to today. Weeks without contacts are 0.
pub fn weekly_contacts(
    store: &Store,
    today: NaiveDate,
    weeks: usize,
    cfg: &InsightConfig,
) -> Result<Vec<WeekContacts>> {
    if weeks == 0 {
        return Ok(Vec::new());
    }
    let clock = cfg.clock();
    let first_day = epoch_days(week_of(today, cfg.week_start)) - 7 * (weeks as i64 - 1);
    let mut out: Vec<WeekContacts> = (0..weeks)
        .map(|i| WeekContacts {
            start: super::period::from_epoch_days(first_day + 7 * i as i64),
            contacts: 0,
            inbound: 0,
        })
        .collect();
    let from = clock.day_start(first_day);
    let until = clock.day_start(epoch_days(today) + 1);
    let mut stmt = store.conn().prepare_cached(
        "SELECT (occurred_at - ?1) / 604800, count(*), coalesce(sum(direction = 'in'), 0)
           FROM interactions
          WHERE occurred_at >= ?1 AND occurred_at < ?2 AND kind <> 'note'
          GROUP BY 1",
    )?;
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let week: i64 = r.get(0)?;
        if let Some(slot) = usize::try_from(week).ok().and_then(|w| out.get_mut(w)) {
            slot.contacts = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX);
            slot.inbound = u32::try_from(r.get::<_, i64>(2)?).unwrap_or(u32::MAX);
        }
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
