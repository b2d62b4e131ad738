//! The measures the TUI shows (tiers, review extras, the dashboard), loaded from `insight`
//! after writes and data changes — never per frame.

use chrono::NaiveDate;

use crate::command::Context;
use crate::domain::{Currency, Money};
use crate::insight::{
    self, Forecast, InsightConfig, InsightError, Period, RefreshMode, ReviewExtra, RiskRow,
    Scorecard, TierSummary, TierTable, WeekContacts,
};
use crate::store::Store;

/// How many valuable customers (going cold, no next step) the review queue adds at most.
pub const REVIEW_EXTRAS: usize = 20;
/// Weeks in the dashboard's contacts sparkline.
pub const WEEKS: usize = 12;
/// Months in the dashboard's forecast.
pub const FORECAST_MONTHS: u32 = 6;
/// At-risk accounts the dashboard loads (it shows as many as fit).
pub const AT_RISK_ROWS: usize = 20;

/// The insight configuration the TUI uses without a config file: the context's currency and
/// week start, the library's defaults for the rest.
pub fn config_from(ctx: &Context) -> InsightConfig {
    InsightConfig {
        currency: ctx.currency,
        week_start: ctx.week_start,
        ..InsightConfig::default()
    }
}

/// Cached per-data-change measures: the tier of every customer and the review extras.
#[derive(Debug, Clone)]
pub struct Measures {
    /// What the measures depend on besides the data.
    pub cfg: InsightConfig,
    /// Tier per customer (loaded once per data change).
    pub tiers: TierTable,
    /// Valuable customers going cold or without a next step, best first.
    pub extras: Vec<ReviewExtra>,
    /// Whether `tiers` and `extras` were ever loaded (the first refresh always loads them).
    loaded: bool,
}

impl Measures {
    /// Nothing loaded yet.
    pub fn new(cfg: InsightConfig) -> Measures {
        Measures {
            cfg,
            tiers: TierTable::default(),
            extras: Vec::new(),
            loaded: false,
        }
    }

    /// Forgets what was loaded (a new configuration): the next refresh reloads everything.
    pub fn invalidate(&mut self) {
        self.loaded = false;
    }

    /// Brings the caches up to date and reloads tiers and extras when they may have moved.
    /// Returns whether anything was reloaded. Cheap (~microseconds) when nothing changed.
    pub fn refresh(&mut self, store: &mut Store, today: NaiveDate) -> Result<bool, InsightError> {
        let r = insight::refresh(store, today, &self.cfg)?;
        if self.loaded && r.mode == RefreshMode::Fresh {
            return Ok(false);
        }
        if !self.loaded || r.tiers || r.mode == RefreshMode::Full {
            self.tiers = TierTable::load(store, today, &self.cfg)?;
        }
        self.extras = insight::review_extras(store, today, &self.cfg, REVIEW_EXTRAS)?;
        self.loaded = true;
        Ok(true)
    }
}

/// Everything the dashboard draws, computed when it opens and after data changes.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The primary currency.
    pub currency: Currency,
    /// Contacts per week, oldest first, the current week last.
    pub weeks: Vec<WeekContacts>,
    /// Revenue by tier.
    pub tiers: TierSummary,
    /// Weighted forecast by month.
    pub forecast: Forecast,
    /// This month against the one before.
    pub score: Scorecard,
    /// The accounts most at risk.
    pub at_risk: Vec<RiskRow>,
    /// How many accounts are at risk in all.
    pub at_risk_total: usize,
    /// The selected at-risk row.
    pub selected: usize,
}

impl Dashboard {
    /// Loads the dashboard (the caches must be fresh: call [`Measures::refresh`] first).
    pub fn load(
        store: &Store,
        today: NaiveDate,
        cfg: &InsightConfig,
    ) -> Result<Dashboard, InsightError> {
        Ok(Dashboard {
            currency: cfg.currency,
            weeks: insight::weekly_contacts(store, today, WEEKS, cfg)?,
            tiers: insight::tier_summary(store, today, cfg)?,
            forecast: insight::forecast(store, today, FORECAST_MONTHS)?,
            score: insight::scorecard(store, today, Period::Month, cfg)?,
            at_risk: insight::at_risk(store, today, cfg, 0, AT_RISK_ROWS)?,
            at_risk_total: insight::count_at_risk(store, today, cfg)?,
            selected: 0,
        })
    }

    /// The selected at-risk account.
    pub fn selected_row(&self) -> Option<&RiskRow> {
        self.at_risk.get(self.selected)
    }

    /// Moves the at-risk selection (clamped).
    pub fn move_by(&mut self, delta: isize) {
        let max = self.at_risk.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(max);
    }

    /// Whether any amount (revenue or forecast) is in another currency than the primary one.
    pub fn other_currencies(&self) -> Vec<Currency> {
        let mut out: Vec<Currency> = self
            .tiers
            .other_currencies
            .iter()
            .map(|o| o.revenue.currency)
            .collect();
        let f = &self.forecast;
        for b in f.months.iter().chain([&f.overdue, &f.later, &f.undated]) {
            out.extend(
                b.weighted
                    .iter()
                    .map(|m| m.currency)
                    .filter(|c| *c != self.currency),
            );
        }
        out.sort();
        out.dedup();
        out
    }
}

/// The amount in `currency` of a per-currency list (0 when absent).
pub fn amount_in(list: &[Money], currency: Currency) -> i64 {
    list.iter()
        .filter(|m| m.currency == currency)
        .map(|m| m.minor)
        .sum()
}

/// A short amount for charts: `950`, `12.5k`, `120k`, `1.2M` (currency not included).
pub fn short_amount(minor: i64, currency: Currency) -> String {
    let scale = 10i64.pow(currency.minor_digits());
    let major = minor / scale.max(1);
    let abs = major.unsigned_abs();
    let sign = if major < 0 { "-" } else { "" };
    if abs >= 10_000_000 {
        format!("{sign}{}M", abs / 1_000_000)
    } else if abs >= 1_000_000 {
        format!("{sign}{}.{}M", abs / 1_000_000, abs % 1_000_000 / 100_000)
    } else if abs >= 100_000 {
        format!("{sign}{}k", abs / 1000)
    } else if abs >= 10_000 {
        format!("{sign}{}.{}k", abs / 1000, abs % 1000 / 100)
    } else {
        format!("{sign}{abs}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_amounts_read_at_a_glance() {
        let pln = Currency::parse("PLN").expect("PLN");
        assert_eq!(short_amount(95_000, pln), "950");
        // 12 345.67 -> 12.3k; 120 000.00 -> 120k; 1 250 000 -> 1.2M; 25 000 000 -> 25M
        assert_eq!(short_amount(1_234_567, pln), "12.3k");
        assert_eq!(short_amount(12_000_000, pln), "120k");
        assert_eq!(short_amount(125_000_000, pln), "1.2M");
        assert_eq!(short_amount(2_500_000_000, pln), "25M");
        assert_eq!(short_amount(-1_234_567, pln), "-12.3k");
    }
}
