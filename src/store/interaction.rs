//! Interaction queries: log one, a customer's history (rolled up for organizations).

use rusqlite::{OptionalExtension, params};

use super::row::ts;
use super::{Result, Store, StoreError, Writer};
use crate::domain::{CustomerId, DealId, Direction, Interaction, InteractionId, InteractionKind};

/// An interaction to log.
#[derive(Debug, Clone)]
pub struct NewInteraction {
    /// Whose history.
    pub customer_id: CustomerId,
    /// Call, email, ...
    pub kind: InteractionKind,
    /// In or out.
    pub direction: Direction,
    /// When it happened (unix seconds).
    pub occurred_at: i64,
    /// One line.
    pub summary: String,
    /// Longer notes.
    pub notes: String,
    /// Minutes.
    pub minutes: Option<u32>,
    /// Satisfaction 1-5.
    pub rating: Option<u8>,
    /// About this deal.
    pub deal_id: Option<DealId>,
    /// When it was logged (unix seconds).
    pub created_at: i64,
}

/// An interaction with the name of the customer it belongs to (for rolled-up views).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryItem {
    /// The interaction.
    #[serde(flatten)]
    pub interaction: Interaction,
    /// The customer's name.
    pub customer_name: String,
}

pub(super) const SELECT: &str = "SELECT i.id, i.customer_id, i.kind, i.direction, i.occurred_at, i.summary, i.notes,
    i.minutes, i.rating, i.deal_id, c.name FROM interactions i JOIN customers c ON c.id = i.customer_id";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<HistoryItem> {
    Ok(HistoryItem {
        interaction: Interaction {
            id: InteractionId(r.get(0)?),
            customer_id: CustomerId(r.get(1)?),
            kind: r.get(2)?,
            direction: r.get(3)?,
            occurred_at: ts(r.get(4)?),
            summary: r.get(5)?,
            notes: r.get(6)?,
            minutes: r.get(7)?,
            rating: r.get(8)?,
            deal_id: r.get::<_, Option<i64>>(9)?.map(DealId),
        },
        customer_name: r.get(10)?,
    })
}

impl Store {
    /// A customer's history, newest first, windowed. For an organization it includes its people.
    pub fn history(&self, id: CustomerId, offset: usize, limit: usize) -> Result<Vec<HistoryItem>> {
        let sql = format!(
            "{SELECT} WHERE i.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
             ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2 OFFSET ?3"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![id.0, limit as i64, offset as i64], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// How many interactions a customer's history holds (with its people for an organization).
    pub fn history_len(&self, id: CustomerId) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM interactions WHERE customer_id IN
                 (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)",
            )?
            .query_row([id.0], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// One interaction.
    pub fn interaction(&self, id: InteractionId) -> Result<HistoryItem> {
        self.conn
            .prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?
            .query_row([id.0], map)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no interaction {id}")))
    }
}

impl Writer<'_> {
    /// Logs an interaction (last contact follows by trigger).
    pub fn insert_interaction(&self, i: &NewInteraction) -> Result<InteractionId> {
        super::fits("summary", &i.summary)?;
        super::fits("notes", &i.notes)?;
        super::limit::interaction(i)?;
        self.tx
            .prepare_cached(
                "INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary, notes,
                   minutes, rating, deal_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                i.customer_id.0,
                i.kind,
                i.direction,
                i.occurred_at,
                i.summary,
                i.notes,
                i.minutes,
                i.rating,
                i.deal_id.map(|d| d.0),
                i.created_at,
            ])?;
        Ok(InteractionId(self.tx.last_insert_rowid()))
    }
}
