//! Deal queries: create, move through stages, a customer's deals.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::row::{date_str, opt_date, opt_ts, ts, ts_ns};
use super::{Result, Store, StoreError, Writer};
use crate::domain::{Currency, CustomerId, Deal, DealId, Money, Stage};

/// A deal to create.
#[derive(Debug, Clone)]
pub struct NewDeal {
    /// With whom.
    pub customer_id: CustomerId,
    /// What.
    pub title: String,
    /// Value.
    pub value: Money,
    /// Stage.
    pub stage: Stage,
    /// Probability 0-100.
    pub probability: u8,
    /// Expected close.
    pub expected_close: Option<NaiveDate>,
    /// Creation time (unix seconds).
    pub created_at: i64,
}

pub(super) const SELECT: &str =
    "SELECT d.id, d.customer_id, c.name, d.title, d.value_minor, d.currency, d.stage,
    d.probability, d.expected_close, d.created_at, d.stage_changed_at, d.closed_at,
    d.stage_changed_ns
    FROM deals d JOIN customers c ON c.id = d.customer_id";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Deal> {
    let currency: String = r.get(5)?;
    let currency = Currency::parse(&currency).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Deal {
        id: DealId(r.get(0)?),
        customer_id: CustomerId(r.get(1)?),
        customer_name: r.get(2)?,
        title: r.get(3)?,
        value: Money {
            minor: r.get(4)?,
            currency,
        },
        stage: r.get(6)?,
        probability: r.get(7)?,
        expected_close: opt_date(r.get_ref(8)?.as_str_or_null()?)?,
        created_at: ts(r.get(9)?),
        stage_changed_at: ts_ns(r.get(10)?, r.get(12)?),
        closed_at: opt_ts(r.get(11)?),
    })
}

fn load(conn: &rusqlite::Connection, id: DealId) -> Result<Deal> {
    conn.prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
        .query_row([id.0], map)
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "no deal {id}; `rolo show <customer>` lists deals with their ids"
            ))
        })
}

impl Store {
    /// A customer's deals (with its people's for an organization): open first, by expected close.
    pub fn customer_deals(&self, id: CustomerId) -> Result<Vec<Deal>> {
        let sql = format!(
            "{SELECT} WHERE d.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
             ORDER BY d.closed_at IS NOT NULL, d.expected_close IS NULL, d.expected_close, d.id DESC"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([id.0], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One deal.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        load(&self.conn, id)
    }
}

impl Writer<'_> {
    /// Creates a deal.
    pub fn insert_deal(&self, d: &NewDeal) -> Result<DealId> {
        super::fits("title", &d.title)?;
        // Checked where they are typed; here too, so no way in stores one past a limit.
        super::limit::deal(d)?;
        let closed = d.stage.is_closed().then_some(d.created_at);
        self.tx
            .prepare_cached(
                "INSERT INTO deals(customer_id, title, value_minor, currency, stage, probability,
                   expected_close, created_at, stage_changed_at, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
            )?
            .execute(params![
                d.customer_id.0,
                d.title,
                d.value.minor,
                d.value.currency.as_str(),
                d.stage,
                d.probability,
                d.expected_close.map(date_str),
                d.created_at,
                closed,
            ])?;
        Ok(DealId(self.tx.last_insert_rowid()))
    }

    /// Moves a deal to a stage at `now`. Won sets probability 100, lost 0; reopening clears
    /// `closed_at`. The move's seconds and nanoseconds (`stage_changed_at`, `_ns`) are both
    /// `now`'s, so a restore tells which side moved last within a second. Returns the deal as
    /// it was.
    pub fn set_deal_stage(
        &self,
        id: DealId,
        stage: Stage,
        probability: Option<u8>,
        now: DateTime<Utc>,
    ) -> Result<Deal> {
        if let Some(p) = probability {
            super::limit::deal_probability(p)?;
        }
        let before = load(self.tx, id)?;
        if before.stage == stage && probability.is_none() {
            return Err(StoreError::Invalid(format!(
                "deal {id} is at {stage} already"
            )));
        }
        let prob = match stage {
            Stage::Won => 100,
            Stage::Lost => 0,
            _ => probability.unwrap_or_else(|| {
                if before.stage.is_closed() {
                    stage.default_probability()
                } else {
                    before.probability.max(stage.default_probability())
                }
            }),
        };
        let closed = stage.is_closed().then_some(now.timestamp());
        self.tx.execute(
            "UPDATE deals SET stage = ?1, probability = ?2, stage_changed_at = ?3,
               stage_changed_ns = ?4, closed_at = ?5 WHERE id = ?6",
            params![
                stage,
                prob,
                now.timestamp(),
                now.timestamp_subsec_nanos(),
                closed,
                id.0
            ],
        )?;
        Ok(before)
    }

    /// One deal, read inside the transaction.
    pub fn deal(&self, id: DealId) -> Result<Deal> {
        load(self.tx, id)
    }
}
