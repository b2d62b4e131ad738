//! rolo's JSON backup, format `rolo-backup` version 1: the whole database (customers with
//! their contact points and tags, deals, interactions, follow-ups, settings).
//!
//! ```text
//! { "format": "rolo-backup", "version": 1,
//!   "settings":     { "key": "value", ... },
//!   "customers":    [ { "id", "uid", "kind", "name", "org" (the org's uid), "title", "address",
//!                       "notes", "needs", "needs_updated_at", "cadence_days", "owner",
//!                       "birthday", "created_at", "updated_at",
//!                       "contacts": [ { "kind", "value", "label" } ], "tags": [ ... ] } ],
//!   "deals":        [ { "id", "customer" (uid), "title", "value_minor", "currency", "stage",
//!                       "probability", "expected_close", "created_at", "stage_changed_at",
//!                       "closed_at" } ],
//!   "interactions": [ { "id", "customer", "kind", "direction", "occurred_at", "summary",
//!                       "notes", "minutes", "rating", "deal" (id), "created_at" } ],
//!   "follow_ups":   [ { "id", "customer", "what", "due_date", "due_time", "original_due",
//!                       "status", "done_at", "snooze_count", "repeat_rule",
//!                       "interaction" (id), "created_at" } ] }
//! ```
//! Times are RFC 3339 UTC, days `YYYY-MM-DD`, money integer minor units. Rows keep their ids:
//! restored into an empty database they get the same ids, so exporting again gives the same
//! file byte for byte. Restored into a database that has customers, each customer is matched
//! (UID, email, phone, name) and merged; history rows already there are not added twice.
//! Derived data (last contact, next due, measure caches) and the undo journal are not included.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{ContactPoint, CustomerId, CustomerKind};
use crate::store::Store;

mod restore;

pub use restore::import_text;

/// The `format` value of a backup.
pub const FORMAT: &str = "rolo-backup";
/// The `format` value of a dossier's front matter.
pub const DOSSIER_FORMAT: &str = "rolo-dossier";
/// The version this rolo writes and reads.
pub const VERSION: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// `rolo-backup` or `rolo-dossier`.
    pub format: String,
    /// Format version.
    pub version: u32,
    /// Settings rows.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// Customers, by id.
    pub customers: Vec<CustomerRec>,
    /// Deals, by id.
    #[serde(default)]
    pub deals: Vec<DealRec>,
    /// Interactions, by id.
    #[serde(default)]
    pub interactions: Vec<InteractionRec>,
    /// Follow-ups, by id.
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRec>,
    /// Measures at the time of writing (dossiers only; ignored on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<serde_json::Value>,
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CustomerRec {
    pub id: i64,
    pub uid: String,
    pub kind: CustomerKind,
    pub name: String,
    pub org: Option<String>,
    pub title: Option<String>,
    pub address: Option<String>,
    pub notes: String,
    pub needs: String,
    pub needs_updated_at: Option<DateTime<Utc>>,
    pub cadence_days: Option<u32>,
    pub owner: Option<String>,
    pub birthday: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
}

/// A deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct DealRec {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub stage: String,
    pub probability: i64,
    pub expected_close: Option<String>,
    pub created_at: DateTime<Utc>,
    pub stage_changed_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// An interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct InteractionRec {
    pub id: i64,
    pub customer: String,
    pub kind: String,
    pub direction: String,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub notes: String,
    pub minutes: Option<i64>,
    pub rating: Option<i64>,
    pub deal: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct FollowUpRec {
    pub id: i64,
    pub customer: String,
    pub what: String,
    pub due_date: String,
    pub due_time: Option<String>,
    pub original_due: String,
    pub status: String,
    pub done_at: Option<DateTime<Utc>>,
    pub snooze_count: i64,
    pub repeat_rule: Option<String>,
    pub interaction: Option<i64>,
    pub created_at: DateTime<Utc>,
}

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn ot(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(t)
}

/// Which customers a read covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Everything.
    All,
    /// These customers (a dossier: the customer and its organization).
    Only(&'a [CustomerId]),
}

fn in_scope(scope: Scope<'_>, id: i64) -> bool {
    match scope {
        Scope::All => true,
        Scope::Only(ids) => ids.iter().any(|c| c.0 == id),
    }
}

/// Reads the database (or some customers of it) into a backup.
pub fn read(store: &Store, scope: Scope<'_>, format: &str) -> crate::store::Result<Backup> {
    let conn = store.conn();
    let mut uids: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, uid FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            uids.insert(r.get(0)?, r.get(1)?);
        }
    }
    let uid = |id: i64| uids.get(&id).cloned().unwrap_or_default();
    let mut customers = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, uid, kind, name, org_id, title, address, notes, needs, needs_updated_at,
                cadence_days, owner, birthday, created_at, updated_at FROM customers ORDER BY id",
    )?;
    let mut contacts = conn.prepare_cached(
        "SELECT kind, value, label FROM contact_points WHERE customer_id = ?1 ORDER BY position, id",
    )?;
    let mut tags = conn.prepare_cached(
        "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = ?1 ORDER BY t.name",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if !in_scope(scope, id) {
            continue;
        }
        customers.push(CustomerRec {
            id,
            uid: r.get(1)?,
            kind: r.get(2)?,
            name: r.get(3)?,
            org: r.get::<_, Option<i64>>(4)?.map(uid),
            title: r.get(5)?,
            address: r.get(6)?,
            notes: r.get(7)?,
            needs: r.get(8)?,
            needs_updated_at: ot(r.get(9)?),
            cadence_days: r.get(10)?,
            owner: r.get(11)?,
            birthday: r.get(12)?,
            created_at: t(r.get(13)?),
            updated_at: t(r.get(14)?),
            contacts: contacts
                .query_map([id], |c| {
                    Ok(ContactPoint {
                        kind: c.get(0)?,
                        value: c.get(1)?,
                        label: c.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?,
            tags: tags
                .query_map([id], |c| c.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        });
    }
    let mut deals = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, customer_id, title, value_minor, currency, stage, probability, expected_close,
                created_at, stage_changed_at, closed_at FROM deals ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cid: i64 = r.get(1)?;
        if in_scope(scope, cid) {
            deals.push(DealRec {
                id: r.get(0)?,
                customer: uid(cid),
                title: r.get(2)?,
                value_minor: r.get(3)?,
                currency: r.get(4)?,
                stage: r.get(5)?,
                probability: r.get(6)?,
                expected_close: r.get(7)?,
                created_at: t(r.get(8)?),
                stage_changed_at: t(r.get(9)?),
                closed_at: ot(r.get(10)?),
            });
        }
    }
    let mut interactions = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, customer_id, kind, direction, occurred_at, summary, notes, minutes, rating,
                deal_id, created_at FROM interactions ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cid: i64 = r.get(1)?;
        if in_scope(scope, cid) {
            interactions.push(InteractionRec {
                id: r.get(0)?,
                customer: uid(cid),
                kind: r.get(2)?,
                direction: r.get(3)?,
                occurred_at: t(r.get(4)?),
                summary: r.get(5)?,
                notes: r.get(6)?,
                minutes: r.get(7)?,
                rating: r.get(8)?,
                deal: r.get(9)?,
                created_at: t(r.get(10)?),
            });
        }
    }
    let mut follow_ups = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, customer_id, what, due_date, due_time, original_due, status, done_at,
                snooze_count, repeat_rule, interaction_id, created_at FROM follow_ups ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let cid: i64 = r.get(1)?;
        if in_scope(scope, cid) {
            follow_ups.push(FollowUpRec {
                id: r.get(0)?,
                customer: uid(cid),
                what: r.get(2)?,
                due_date: r.get(3)?,
                due_time: r.get(4)?,
                original_due: r.get(5)?,
                status: r.get(6)?,
                done_at: ot(r.get(7)?),
                snooze_count: r.get(8)?,
                repeat_rule: r.get(9)?,
                interaction: r.get(10)?,
                created_at: t(r.get(11)?),
            });
        }
    }
    let mut settings = BTreeMap::new();
    if matches!(scope, Scope::All) {
        let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            settings.insert(r.get(0)?, r.get(1)?);
        }
    }
    Ok(Backup {
        format: format.to_string(),
        version: VERSION,
        settings,
        customers,
        deals,
        interactions,
        follow_ups,
        measures: None,
    })
}

/// The backup as the exported text (pretty JSON, a final newline).
pub fn to_text(b: &Backup) -> String {
    let mut s = serde_json::to_string_pretty(b).unwrap_or_default();
    s.push('\n');
    s
}
