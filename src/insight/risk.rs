//! The cached risk list, windowed: accounts going cold, accounts at risk, and the extras of the
//! daily review queue. See [`super::assess`] for the rules and the score.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;

use super::assess::{Assessment, Reason, Rhythm, RhythmSource, SatisfactionDrop, StuckDeal};
use super::{InsightConfig, Result, Tier, cache};
use crate::domain::{CustomerId, CustomerKind, DealId, Money};
use crate::store::Store;

/// One account on the risk list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskRow {
    /// The account (an organization with its people, or a person without one).
    pub account: CustomerId,
    /// Its name.
    pub name: String,
    /// Person or organization.
    pub kind: CustomerKind,
    /// Its value tier.
    pub tier: Tier,
    /// Its revenue in the tier window, primary currency.
    pub revenue: Money,
    /// Tier base (A 200, B 100, C 0) + risk points (0-99); the list is ordered by it.
    pub score: u32,
    /// Longer without contact than its rhythm.
    pub cold: bool,
    /// Its latest contact (any of its people).
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub days_since_contact: Option<i64>,
    /// How often it is expected to hear from us.
    pub rhythm: Rhythm,
    /// Its earliest open follow-up; `None` is "no next step".
    pub next_due: Option<NaiveDate>,
    /// Satisfaction that fell, if it did.
    pub satisfaction: Option<SatisfactionDrop>,
    /// A deal stuck in its stage, if any (the longest stuck).
    pub stuck_deal: Option<StuckDeal>,
    /// The reasons in words, biggest share of the score first.
    pub reasons: Vec<Reason>,
}

const SELECT: &str =
    "SELECT r.account_id, r.name, r.kind, r.tier, r.revenue_minor, r.score, r.cold,
    r.no_next_step, r.last_contact_at, r.next_due, r.days_since, r.rhythm_days, r.rhythm_source,
    r.sat_from, r.sat_to, r.stuck_deal_id, r.stuck_title, r.stuck_stage, r.stuck_days
    FROM account_risk r";

fn map(r: &rusqlite::Row<'_>, cfg: &InsightConfig) -> rusqlite::Result<RiskRow> {
    let tier: Tier = r.get(3)?;
    let source = RhythmSource::parse(r.get_ref(12)?.as_str().unwrap_or(""));
    let satisfaction = match (r.get::<_, Option<f64>>(13)?, r.get::<_, Option<f64>>(14)?) {
        (Some(from), Some(to)) => Some(SatisfactionDrop { from, to }),
        _ => None,
    };
    let stuck = match r.get::<_, Option<i64>>(15)? {
        Some(id) => Some(StuckDeal {
            deal: DealId(id),
            title: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
            stage: r.get(17)?,
            days: r.get::<_, Option<i64>>(18)?.unwrap_or(0),
        }),
        None => None,
    };
    let next_due = r
        .get_ref(9)?
        .as_str_or_null()
        .ok()
        .flatten()
        .and_then(crate::store::row::stored_date);
    let a = Assessment {
        tier,
        rhythm: Rhythm {
            days: r.get(11)?,
            source,
        },
        days_since: r.get(10)?,
        cold: r.get(6)?,
        no_next_step: r.get(7)?,
        satisfaction,
        stuck,
        score: r.get(5)?,
    };
    Ok(RiskRow {
        account: CustomerId(r.get(0)?),
        name: r.get(1)?,
        kind: r.get(2)?,
        tier,
        revenue: Money {
            minor: r.get(4)?,
            currency: cfg.currency,
        },
        score: a.score,
        cold: a.cold,
        last_contact_at: r
            .get::<_, Option<i64>>(8)?
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        days_since_contact: a.days_since,
        rhythm: a.rhythm,
        next_due,
        reasons: a.reasons(),
        satisfaction: a.satisfaction,
        stuck_deal: a.stuck,
    })
}

fn page(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    filter: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<RiskRow>> {
    cache::check_fresh(store.conn(), today, cfg)?;
    let sql = format!(
        "{SELECT} WHERE r.{filter} = 1 ORDER BY r.score DESC, r.account_id LIMIT ?1 OFFSET ?2"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![limit as i64, offset as i64], |r| map(r, cfg))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn count(store: &Store, today: NaiveDate, cfg: &InsightConfig, filter: &str) -> Result<usize> {
    cache::check_fresh(store.conn(), today, cfg)?;
    let n: i64 = store
        .conn()
        .prepare_cached(&format!(
            "SELECT count(*) FROM account_risk WHERE {filter} = 1"
        ))?
        .query_row([], |r| r.get(0))?;
    Ok(n as usize)
}

/// Accounts going cold (longer without contact than their rhythm), highest score first:
/// all A before B before C, then by risk points, then by account id. Windowed.
pub fn going_cold(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    offset: usize,
    limit: usize,
) -> Result<Vec<RiskRow>> {
    page(store, today, cfg, "cold", offset, limit)
}

/// How many accounts are going cold.
pub fn count_going_cold(store: &Store, today: NaiveDate, cfg: &InsightConfig) -> Result<usize> {
    count(store, today, cfg, "cold")
}

/// Accounts at risk for any reason (going cold, satisfaction fell, a deal stuck), ordered
/// like [`going_cold`]. Windowed.
pub fn at_risk(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    offset: usize,
    limit: usize,
) -> Result<Vec<RiskRow>> {
    page(store, today, cfg, "at_risk", offset, limit)
}

/// How many accounts are at risk.
pub fn count_at_risk(store: &Store, today: NaiveDate, cfg: &InsightConfig) -> Result<usize> {
    count(store, today, cfg, "at_risk")
}

/// Why an account is in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraKind {
    /// A valuable account going cold.
    GoingCold,
    /// A valuable account with no open follow-up.
    NoNextStep,
}

/// A line the daily review adds to the due follow-ups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewExtra {
    /// The account.
    pub account: CustomerId,
    /// Its name.
    pub name: String,
    /// Its tier (A or B).
    pub tier: Tier,
    /// Its revenue in the tier window, primary currency.
    pub revenue: Money,
    /// Why it is here.
    pub why: ExtraKind,
    /// Whole days since the last contact (`None`: never contacted).
    pub days_since_contact: Option<i64>,
    /// Its risk score.
    pub score: u32,
    /// One line, e.g. "going cold: no contact for 41 days, usually every 12; no next step planned".
    pub reason: String,
}

/// Valuable (tier A and B) accounts going cold or with no next step, for `rolo today`: A before
/// B; within a tier those going cold first, by score (lateness), then by revenue.
pub fn review_extras(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    limit: usize,
) -> Result<Vec<ReviewExtra>> {
    cache::check_fresh(store.conn(), today, cfg)?;
    let sql = format!(
        "{SELECT} WHERE r.review = 1
         ORDER BY r.tier, r.cold DESC, r.score DESC, r.revenue_minor DESC, r.account_id LIMIT ?1"
    );
    let mut stmt = store.conn().prepare_cached(&sql)?;
    let rows = stmt
        .query_map([limit as i64], |r| map(r, cfg))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(extra).collect())
}

fn extra(row: RiskRow) -> ReviewExtra {
    let why = if row.cold {
        ExtraKind::GoingCold
    } else {
        ExtraKind::NoNextStep
    };
    let words: Vec<&str> = row.reasons.iter().map(|r| r.text.as_str()).collect();
    let reason = match why {
        ExtraKind::GoingCold => format!("going cold: {}", words.join("; ")),
        ExtraKind::NoNextStep => {
            let last = match row.days_since_contact {
                None => "never contacted".to_string(),
                Some(0) => "last contact today".to_string(),
                Some(1) => "last contact yesterday".to_string(),
                Some(d) => format!("last contact {d} days ago"),
            };
            let mut parts = words;
            parts.push(&last);
            parts.join("; ")
        }
    };
    ReviewExtra {
        account: row.account,
        name: row.name,
        tier: row.tier,
        revenue: row.revenue,
        why,
        days_since_contact: row.days_since_contact,
        score: row.score,
        reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests;
