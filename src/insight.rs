//! Measures computed from the store: value tiers, going cold and risk, per-customer measures, the seller's scorecard, forecast.
//!
//! Terms used throughout:
//!
//! - An **account** is an organization together with its people, or a person without one
//!   (`account = coalesce(org_id, id)`, one level). Tiers and going cold are measured per
//!   account, so an organization's revenue is not counted twice and one recent call with any
//!   of its people keeps it warm. A person in an organization has the organization's tier.
//! - **Money is never summed across currencies.** Tiers rank revenue in the primary currency
//!   of [`InsightConfig::currency`]; revenue in other currencies is listed beside it
//!   ([`TierSummary::other_currencies`]) and does not move a tier. Per-customer figures are a
//!   `Vec<Money>`, one per currency.
//! - Days are local days: timestamps are shifted by [`InsightConfig::utc_offset_secs`].
//!   Nothing here reads the clock; `today` is always a parameter.
//!
//! Tiers and the risk list are cached in the database (tables of migration 2) and read in a
//! few milliseconds. [`refresh`] brings the caches up to date (a no-op costing microseconds
//! when nothing changed, a per-account update after ordinary edits); the readers
//! ([`going_cold`], [`at_risk`], [`review_extras`], [`TierTable::load`], [`tier_summary`],
//! [`top_accounts`]) refuse with [`InsightError::Stale`] rather than show stale numbers.
//! The other measures are computed live from indexed SQL aggregates.

mod assess;
mod build;
mod cache;
mod customer;
mod forecast;
mod history;
mod knowledge;
mod period;
mod risk;
mod scorecard;
mod tier;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod perf;

pub use assess::{Reason, ReasonKind, Rhythm, RhythmSource, SatisfactionDrop, StuckDeal};
pub use cache::{RefreshMode, Refreshed, rebuild, refresh};
pub use customer::{
    AccountStatus, CustomerMeasures, Effort, Knowledge, Satisfaction, customer_measures,
};
pub use forecast::{Forecast, ForecastBucket, forecast};
pub use knowledge::{StaleKnowledge, count_stale_knowledge, stale_knowledge};
pub use period::{Period, PeriodRange};
pub use risk::{
    ExtraKind, ReviewExtra, RiskRow, at_risk, count_at_risk, count_going_cold, going_cold,
    review_extras,
};
pub use scorecard::{KindCount, PeriodStats, Scorecard, WeekContacts, scorecard, weekly_contacts};
pub use tier::{
    OtherRevenue, Tier, TierBucket, TierSummary, TierTable, TopAccount, tier_summary, top_accounts,
    value_window,
};

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::domain::{Currency, Money};
use crate::store::StoreError;

/// Why a measure could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum InsightError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The cached tiers / risk list were computed for another day, configuration or data.
    #[error(
        "the measures are out of date (the data, the day or the settings changed since they were \
         computed); refresh them first (insight::refresh)"
    )]
    Stale,
    /// A configuration value that cannot be used.
    #[error("{0}")]
    Config(String),
}

impl From<rusqlite::Error> for InsightError {
    fn from(e: rusqlite::Error) -> Self {
        InsightError::Store(StoreError::from(e))
    }
}

/// Result of insight functions.
pub type Result<T, E = InsightError> = std::result::Result<T, E>;

/// What the measures depend on besides the data. `Default` uses EUR like the config file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsightConfig {
    /// The primary currency: tiers rank revenue in it; other currencies are listed, never converted.
    pub currency: Currency,
    /// The tier window in months, ending today (default 12; 1 to 120).
    pub window_months: u32,
    /// Local time minus UTC in seconds, to turn timestamps into days (default 0; at most ±18 h).
    pub utc_offset_secs: i32,
    /// The first day of a week for [`weekly_contacts`] (default Monday).
    pub week_start: Weekday,
    /// Rhythms and thresholds of going cold.
    pub cold: ColdConfig,
    /// Needs and preferences older than this many days are flagged for re-checking (default 365).
    pub needs_fresh_days: u32,
}

impl Default for InsightConfig {
    fn default() -> Self {
        InsightConfig {
            currency: Currency::EUR,
            window_months: 12,
            utc_offset_secs: 0,
            week_start: Weekday::Mon,
            cold: ColdConfig::default(),
            needs_fresh_days: 365,
        }
    }
}

impl InsightConfig {
    /// The defaults with `currency` as the primary currency.
    pub fn with_currency(currency: Currency) -> Self {
        InsightConfig {
            currency,
            ..InsightConfig::default()
        }
    }

    /// Checks every value; the message names the bad value and the accepted range.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, v: i64, range: &str| {
            Err(InsightError::Config(format!(
                "{what} `{v}` is out of range; use {range}"
            )))
        };
        if !(1..=120).contains(&self.window_months) {
            return bad(
                "tier window (months)",
                self.window_months.into(),
                "1 to 120",
            );
        }
        if self.utc_offset_secs.abs() > 18 * 3600 {
            return bad(
                "UTC offset (seconds)",
                self.utc_offset_secs.into(),
                "-64800 to 64800",
            );
        }
        let c = &self.cold;
        for (what, v) in [
            ("cadence for tier A (days)", c.tier_a_days),
            ("cadence for tier B (days)", c.tier_b_days),
            ("cadence for tier C (days)", c.tier_c_days),
            ("days before a deal counts as stuck", c.stuck_deal_days),
        ] {
            if !(1..=crate::domain::customer::MAX_CADENCE_DAYS).contains(&i64::from(v)) {
                let range = format!("1 to {}", crate::domain::customer::MAX_CADENCE_DAYS);
                return bad(what, v.into(), &range);
            }
        }
        if !(1..=36500).contains(&self.needs_fresh_days) {
            return bad(
                "days before needs count as stale",
                self.needs_fresh_days.into(),
                "1 to 36500",
            );
        }
        Ok(())
    }

    /// The parts the caches depend on, as stored in the stamp.
    fn cache_key(&self) -> String {
        let c = &self.cold;
        format!(
            "v1 {} {} {} {} {} {} {}",
            self.currency,
            self.window_months,
            self.utc_offset_secs,
            c.tier_a_days,
            c.tier_b_days,
            c.tier_c_days,
            c.stuck_deal_days
        )
    }

    fn clock(&self) -> period::Clock {
        period::Clock::new(self.utc_offset_secs)
    }
}

/// How often each tier should hear from us when a customer has no rhythm of its own, and when
/// an open deal counts as stuck.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColdConfig {
    /// Expected days between contacts for tier A (default 14).
    pub tier_a_days: u32,
    /// For tier B (default 30).
    pub tier_b_days: u32,
    /// For tier C (default 90).
    pub tier_c_days: u32,
    /// An open deal past `lead` whose stage has not moved for more days than this is stuck
    /// (default 30).
    pub stuck_deal_days: u32,
}

impl Default for ColdConfig {
    fn default() -> Self {
        ColdConfig {
            tier_a_days: 14,
            tier_b_days: 30,
            tier_c_days: 90,
            stuck_deal_days: 30,
        }
    }
}

impl ColdConfig {
    /// The default rhythm of a tier, in days.
    pub fn tier_days(&self, tier: Tier) -> u32 {
        match tier {
            Tier::A => self.tier_a_days,
            Tier::B => self.tier_b_days,
            Tier::C => self.tier_c_days,
        }
    }
}

/// Per-currency totals, sorted by currency code, zero amounts left out.
fn money_list(totals: impl IntoIterator<Item = (Currency, i64)>) -> Vec<Money> {
    let mut map = std::collections::BTreeMap::<Currency, i64>::new();
    for (currency, minor) in totals {
        let slot = map.entry(currency).or_insert(0);
        *slot = slot.saturating_add(minor);
    }
    map.into_iter()
        .filter(|(_, minor)| *minor != 0)
        .map(|(currency, minor)| Money { minor, currency })
        .collect()
}

/// Reads a stored currency code.
fn sql_currency(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Currency> {
    let text: String = r.get(idx)?;
    Currency::parse(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// `n / d` rounded half up, for non-negative `n` and positive `d`; 0 when `d` is 0.
fn div_round(n: i128, d: i128) -> i128 {
    if d == 0 {
        return 0;
    }
    (2 * n + d).div_euclid(2 * d)
}

/// Clamps an i128 into i64.
fn clamp_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}
