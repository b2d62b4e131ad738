//! Knowledge freshness: customers whose needs and preferences were written long ago.
//!
//! Stale = needs written down, and last written more than `needs_fresh_days` whole days before
//! today (or at an unknown time). Oldest first; an index on `needs_updated_at` keeps it windowed.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;

use super::period::epoch_days;
use super::{InsightConfig, Result};
use crate::domain::{CustomerId, CustomerKind};
use crate::store::Store;

/// A customer whose needs should be re-checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleKnowledge {
    /// The customer.
    pub customer: CustomerId,
    /// Its name.
    pub name: String,
    /// Person or organization.
    pub kind: CustomerKind,
    /// When the needs were last written (`None`: unknown).
    pub needs_updated_at: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub age_days: Option<i64>,
}

/// The first moment that is fresh: anything written before it is stale.
fn cutoff(today: NaiveDate, cfg: &InsightConfig) -> i64 {
    cfg.clock()
        .day_start(epoch_days(today) - i64::from(cfg.needs_fresh_days))
}

/// Customers with stale needs, oldest first (unknown dates first), windowed.
pub fn stale_knowledge(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    offset: usize,
    limit: usize,
) -> Result<Vec<StaleKnowledge>> {
    let clock = cfg.clock();
    let today_day = epoch_days(today);
    let mut stmt = store.conn().prepare_cached(
        "SELECT id, name, kind, needs_updated_at FROM customers
          WHERE needs <> '' AND (needs_updated_at IS NULL OR needs_updated_at < ?1)
          ORDER BY needs_updated_at, id LIMIT ?2 OFFSET ?3",
    )?;
    let rows = stmt
        .query_map(
            params![cutoff(today, cfg), limit as i64, offset as i64],
            |r| {
                let at: Option<i64> = r.get(3)?;
                Ok(StaleKnowledge {
                    customer: CustomerId(r.get(0)?),
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    needs_updated_at: at.and_then(|t| DateTime::from_timestamp(t, 0)),
                    age_days: at.map(|t| today_day - clock.day(t)),
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many customers have stale needs.
pub fn count_stale_knowledge(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
) -> Result<usize> {
    let n: i64 = store
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM customers
              WHERE needs <> '' AND (needs_updated_at IS NULL OR needs_updated_at < ?1)",
        )?
        .query_row([cutoff(today, cfg)], |r| r.get(0))?;
    Ok(n as usize)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::insight::fixture::Fx;
    use crate::store::CustomerPatch;

    #[test]
    fn knowledge_older_than_n_days_is_flagged() {
        let mut fx = Fx::new("2025-06-30");
        let old = fx.person("Old");
        let edge = fx.person("Edge");
        let fresh = fx.person("Fresh");
        fx.person("Blank"); // no needs written: nothing to re-check
        let needs = |s: &str| CustomerPatch {
            needs: Some(s.into()),
            ..CustomerPatch::default()
        };
        fx.patch(old, &needs("wants SLA"), 400); // 400 days > 365: stale
        fx.patch(edge, &needs("monthly invoices"), 365); // exactly 365: not older, fresh
        fx.patch(fresh, &needs("new API"), 10);
        let cfg = InsightConfig::default();
        let got = stale_knowledge(&fx.store, fx.today, &cfg, 0, 10).unwrap();
        let names: Vec<_> = got.iter().map(|s| (s.name.as_str(), s.age_days)).collect();
        assert_eq!(names, vec![("Old", Some(400))]);
        assert_eq!(count_stale_knowledge(&fx.store, fx.today, &cfg).unwrap(), 1);
        // A 300-day limit catches Edge too (365 > 300), oldest first.
        let cfg = InsightConfig {
            needs_fresh_days: 300,
            ..InsightConfig::default()
        };
        let got = stale_knowledge(&fx.store, fx.today, &cfg, 0, 10).unwrap();
        let names: Vec<_> = got.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["Old", "Edge"]);
    }
}
