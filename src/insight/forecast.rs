//! The weighted forecast: open deals by the month they are expected to close.
//!
//! Buckets: one per calendar month from the current one (deals expected today or later this
//! month) for `months` months; deals expected before today are "overdue", deals expected after
//! the last month are "later", deals without a date are "undated" — none is moved silently into
//! another month. Weighted = Σ value × probability / 100 per currency, rounded half up once
//! per bucket and currency.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::period::month_start;
use super::{Result, clamp_i64, div_round, money_list, sql_currency};
use crate::domain::{Currency, Money};
use crate::store::Store;

/// The forecast, month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The current month first.
    pub months: Vec<ForecastBucket>,
    /// Expected to close before today but still open.
    pub overdue: ForecastBucket,
    /// Expected after the last month shown.
    pub later: ForecastBucket,
    /// No expected close date.
    pub undated: ForecastBucket,
}

/// Open deals of one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastBucket {
    /// `2025-03`, or `overdue`, `later`, `undated`.
    pub label: String,
    /// The first day of the month (months only).
    pub month: Option<NaiveDate>,
    /// How many deals.
    pub deals: u32,
    /// Their value, per currency.
    pub value: Vec<Money>,
    /// Value × probability, per currency.
    pub weighted: Vec<Money>,
}

#[derive(Default)]
struct Acc {
    deals: u32,
    value: BTreeMap<Currency, i128>,
    weighted: BTreeMap<Currency, i128>,
}

impl Acc {
    fn add(&mut self, currency: Currency, value: i64, probability: i64) {
        self.deals += 1;
        *self.value.entry(currency).or_insert(0) += i128::from(value);
        *self.weighted.entry(currency).or_insert(0) += i128::from(value) * i128::from(probability);
    }

    fn bucket(self, label: String, month: Option<NaiveDate>) -> ForecastBucket {
        ForecastBucket {
            label,
            month,
            deals: self.deals,
            value: money_list(self.value.into_iter().map(|(c, v)| (c, clamp_i64(v)))),
            weighted: money_list(
                self.weighted
                    .into_iter()
                    .map(|(c, v)| (c, clamp_i64(div_round(v, 100)))),
            ),
        }
    }
}

/// Open deals (not won or lost) by month of expected close, `months` months from the current.
pub fn forecast(store: &Store, today: NaiveDate, months: u32) -> Result<Forecast> {
    let first = month_start(today);
    let starts: Vec<NaiveDate> = (0..months)
        .map_while(|i| first.checked_add_months(Months::new(i)))
        .collect();
    let end = first
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    let mut accs: Vec<Acc> = starts.iter().map(|_| Acc::default()).collect();
    let (mut overdue, mut later, mut undated) = (Acc::default(), Acc::default(), Acc::default());
    let mut stmt = store.conn().prepare_cached(
        "SELECT expected_close, currency, value_minor, probability FROM deals
          WHERE closed_at IS NULL AND stage NOT IN ('won', 'lost')",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let close: Option<String> = r.get(0)?;
        let currency = sql_currency(r, 1)?;
        let value: i64 = r.get(2)?;
        let probability: i64 = r.get(3)?;
        let acc = match close.as_deref().and_then(crate::store::row::stored_date) {
            None => &mut undated,
            Some(d) if d < today => &mut overdue,
            Some(d) if d >= end => &mut later,
            Some(d) => {
                let i = starts.iter().rposition(|s| *s <= d).unwrap_or(0);
                match accs.get_mut(i) {
                    Some(acc) => acc,
                    None => &mut later,
                }
            }
        };
        acc.add(currency, value, probability);
    }
    Ok(Forecast {
        months: accs
            .into_iter()
            .zip(&starts)
            .map(|(acc, s)| acc.bucket(s.format("%Y-%m").to_string(), Some(*s)))
            .collect(),
        overdue: overdue.bucket("overdue".into(), None),
        later: later.bucket("later".into(), None),
        undated: undated.bucket("undated".into(), None),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::Stage;
    use crate::insight::fixture::{Fx, date};

    #[test]
    fn forecast_by_month_with_overdue_later_undated() {
        let mut fx = Fx::new("2025-03-20");
        let a = fx.person("A");
        // Proposal 50%, negotiation 75%, qualified 25%, lead 10% (default probabilities).
        fx.deal(
            a,
            1000,
            "EUR",
            Stage::Proposal,
            5,
            None,
            Some(date("2025-03-25")),
        );
        fx.deal(
            a,
            301,
            "EUR",
            Stage::Negotiation,
            5,
            None,
            Some(date("2025-03-31")),
        );
        fx.deal(
            a,
            2000,
            "PLN",
            Stage::Qualified,
            5,
            None,
            Some(date("2025-04-01")),
        );
        fx.deal(
            a,
            500,
            "EUR",
            Stage::Lead,
            5,
            None,
            Some(date("2025-03-19")),
        ); // overdue
        fx.deal(
            a,
            700,
            "EUR",
            Stage::Proposal,
            5,
            None,
            Some(date("2025-05-01")),
        ); // later (2 months)
        fx.deal(a, 900, "EUR", Stage::Proposal, 5, None, None); // undated
        fx.deal(
            a,
            5000,
            "EUR",
            Stage::Proposal,
            5,
            Some((Stage::Won, 1)),
            Some(date("2025-03-22")),
        );
        let f = forecast(&fx.store, fx.today, 2).unwrap();
        assert_eq!(f.months.len(), 2);
        let march = &f.months[0];
        assert_eq!((march.label.as_str(), march.deals), ("2025-03", 2));
        // value 1000 + 301 = 1301 EUR; weighted (1000 × 50 + 301 × 75) / 100 = 72575 / 100
        // = 725.75 -> 726 (half up, once per sum).
        assert_eq!(
            march.value,
            vec![Money {
                minor: 1301,
                currency: Currency::EUR
            }]
        );
        assert_eq!(
            march.weighted,
            vec![Money {
                minor: 726,
                currency: Currency::EUR
            }]
        );
        // April: PLN kept apart: 2000 × 25 / 100 = 500 PLN.
        let april = &f.months[1];
        assert_eq!(
            april.weighted,
            vec![Money {
                minor: 500,
                currency: Currency::PLN
            }]
        );
        // Overdue lead: 500 × 10 / 100 = 50.
        assert_eq!((f.overdue.deals, f.overdue.weighted[0].minor), (1, 50));
        assert_eq!((f.later.deals, f.later.weighted[0].minor), (1, 350));
        assert_eq!((f.undated.deals, f.undated.value[0].minor), (1, 900));
    }

    #[test]
    fn forecast_without_deals_is_empty() {
        let fx = Fx::new("2025-03-20");
        let f = forecast(&fx.store, fx.today, 6).unwrap();
        assert_eq!(f.months.len(), 6);
        assert_eq!(f.months[5].label, "2025-08");
        assert!(
            f.months
                .iter()
                .all(|m| m.deals == 0 && m.weighted.is_empty())
        );
    }
}
