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
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::apply::Applier;
use super::import::{ImportOptions, ImportReport, in_transaction};
use super::{BadRecord, Format, ImportError, Incoming, Location};
use crate::domain::{ContactPoint, CustomerId, CustomerKind};
use crate::store::{Store, Writer};

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

/// Imports a backup or dossier text.
pub fn import_text(
    store: &mut Store,
    file: &Path,
    text: &str,
    format: Format,
    opts: &ImportOptions,
    mut report: ImportReport,
) -> Result<ImportReport, ImportError> {
    let json = if format == Format::Dossier {
        super::dossier::front_matter(text).ok_or_else(|| ImportError::Format {
            file: file.to_path_buf(),
            message: "no JSON front matter (a dossier starts with `---`, then JSON, then `---`)"
                .into(),
        })?
    } else {
        text
    };
    let backup: Backup = serde_json::from_str(json).map_err(|e| ImportError::Format {
        file: file.to_path_buf(),
        message: format!(
            "not a rolo backup: {e} (line {}, column {})",
            e.line(),
            e.column()
        ),
    })?;
    if backup.format != FORMAT && backup.format != DOSSIER_FORMAT {
        return Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "`format` is `{}`; expected `{FORMAT}` or `{DOSSIER_FORMAT}`",
                backup.format
            ),
        });
    }
    if backup.version > VERSION {
        return Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "written by a newer rolo (format version {}, this rolo reads up to {VERSION}); upgrade rolo",
                backup.version
            ),
        });
    }
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let big = backup.customers.len() > 2000;
    report = in_transaction(
        store,
        &format!("import {name}"),
        opts.now,
        big,
        opts.dry_run,
        |w| restore(w, file, &backup, opts, report),
    )?;
    Ok(report)
}

fn bad(file: &Path, list: &str, i: usize, e: impl std::fmt::Display) -> ImportError {
    ImportError::Bad {
        file: file.to_path_buf(),
        bad: BadRecord {
            at: Location {
                line: 0,
                record: i + 1,
            },
            field: list.to_string(),
            message: e.to_string(),
        },
    }
}

fn restore(
    w: &Writer<'_>,
    file: &Path,
    b: &Backup,
    opts: &ImportOptions,
    mut report: ImportReport,
) -> Result<ImportReport, ImportError> {
    let conn = w.conn();
    let empty: bool =
        !conn.query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?;
    let mut applier = Applier::new(opts.now, opts.tags.clone());
    // uid in the file -> (customer id here, created now)
    let mut ids: HashMap<&str, (i64, bool)> = HashMap::new();
    for (i, c) in b.customers.iter().enumerate() {
        report.records += 1;
        let inc = Incoming {
            kind: c.kind,
            name: c.name.clone(),
            title: c.title.clone(),
            address: c.address.clone(),
            notes: c.notes.clone(),
            birthday: c.birthday.as_deref().and_then(|d| d.parse().ok()),
            contacts: c.contacts.clone(),
            tags: c.tags.clone(),
            uid: Some(c.uid.clone()),
            ..Incoming::default()
        };
        let found = if empty { None } else { applier.find(w, &inc)? };
        if let Some((id, by)) = found {
            applier
                .apply(w, &inc)
                .map_err(|e| bad(file, "customers", i, e))?;
            report.merged += 1;
            report.merges.push(super::import::MergeNote {
                line: 0,
                name: c.name.clone(),
                into: id.0,
                by,
            });
            ids.insert(&c.uid, (id.0, false));
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO customers(id, kind, name, title, address, notes, needs, needs_updated_at,
               cadence_days, owner, birthday, uid, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            empty.then_some(c.id),
            c.kind,
            c.name,
            c.title,
            c.address,
            c.notes,
            c.needs,
            c.needs_updated_at.map(|d| d.timestamp()),
            c.cadence_days,
            c.owner,
            c.birthday,
            c.uid,
            c.created_at.timestamp(),
            c.updated_at.timestamp(),
        ])
        .map_err(|e| bad(file, "customers", i, e))?;
        let id = conn.last_insert_rowid();
        for (pos, cp) in c.contacts.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                cp.kind,
                cp.value,
                ContactPoint::normalized(cp.kind, &cp.value),
                cp.label,
                pos as i64
            ])?;
        }
        for tag in c.tags.iter().chain(&opts.tags) {
            w.add_tag(CustomerId(id), tag)?;
        }
        report.created += 1;
        ids.insert(&c.uid, (id, true));
    }
    for (i, c) in b.customers.iter().enumerate() {
        let (Some(org), Some(&(id, true))) = (&c.org, ids.get(c.uid.as_str())) else {
            continue;
        };
        let org_id = match ids.get(org.as_str()) {
            Some(&(o, _)) => Some(o),
            None => conn
                .query_row("SELECT id FROM customers WHERE uid = ?1", [org], |r| {
                    r.get(0)
                })
                .optional()?,
        };
        let Some(org_id) = org_id else {
            return Err(bad(
                file,
                "customers",
                i,
                format!("organization `{org}` is not in the file"),
            ));
        };
        conn.execute(
            "UPDATE customers SET org_id = ?1 WHERE id = ?2",
            params![org_id, id],
        )?;
    }
    let cust = |list: &str, i: usize, uid: &str| {
        ids.get(uid).map(|&(id, _)| id).ok_or_else(|| {
            bad(
                file,
                list,
                i,
                format!("customer `{uid}` is not in the file"),
            )
        })
    };
    let mut deal_ids: HashMap<i64, i64> = HashMap::new();
    for (i, d) in b.deals.iter().enumerate() {
        let cid = cust("deals", i, &d.customer)?;
        let existing: Option<i64> = if empty {
            None
        } else {
            conn.query_row(
                "SELECT id FROM deals WHERE customer_id = ?1 AND title = ?2 AND created_at = ?3",
                params![cid, d.title, d.created_at.timestamp()],
                |r| r.get(0),
            )
            .optional()?
        };
        if let Some(e) = existing {
            deal_ids.insert(d.id, e);
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO deals(id, customer_id, title, value_minor, currency, stage, probability,
               expected_close, created_at, stage_changed_at, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            empty.then_some(d.id),
            cid,
            d.title,
            d.value_minor,
            d.currency,
            d.stage,
            d.probability,
            d.expected_close,
            d.created_at.timestamp(),
            d.stage_changed_at.timestamp(),
            d.closed_at.map(|x| x.timestamp()),
        ])
        .map_err(|e| bad(file, "deals", i, e))?;
        deal_ids.insert(d.id, conn.last_insert_rowid());
        report.history += 1;
    }
    let mut interaction_ids: HashMap<i64, i64> = HashMap::new();
    for (i, x) in b.interactions.iter().enumerate() {
        let cid = cust("interactions", i, &x.customer)?;
        let existing: Option<i64> = if empty {
            None
        } else {
            conn.query_row(
                "SELECT id FROM interactions WHERE customer_id = ?1 AND occurred_at = ?2 AND kind = ?3 AND summary = ?4",
                params![cid, x.occurred_at.timestamp(), x.kind, x.summary],
                |r| r.get(0),
            )
            .optional()?
        };
        if let Some(e) = existing {
            interaction_ids.insert(x.id, e);
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO interactions(id, customer_id, kind, direction, occurred_at, summary, notes,
               minutes, rating, deal_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            empty.then_some(x.id),
            cid,
            x.kind,
            x.direction,
            x.occurred_at.timestamp(),
            x.summary,
            x.notes,
            x.minutes,
            x.rating,
            x.deal.and_then(|d| deal_ids.get(&d)),
            x.created_at.timestamp(),
        ])
        .map_err(|e| bad(file, "interactions", i, e))?;
        interaction_ids.insert(x.id, conn.last_insert_rowid());
        report.history += 1;
    }
    for (i, f) in b.follow_ups.iter().enumerate() {
        let cid = cust("follow_ups", i, &f.customer)?;
        if !empty {
            let exists: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM follow_ups WHERE customer_id = ?1 AND what = ?2 AND original_due = ?3)",
                params![cid, f.what, f.original_due],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
        }
        conn.prepare_cached(
            "INSERT INTO follow_ups(id, customer_id, what, due_date, due_time, original_due, status,
               done_at, snooze_count, repeat_rule, interaction_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            empty.then_some(f.id),
            cid,
            f.what,
            f.due_date,
            f.due_time,
            f.original_due,
            f.status,
            f.done_at.map(|x| x.timestamp()),
            f.snooze_count,
            f.repeat_rule,
            f.interaction.and_then(|x| interaction_ids.get(&x)),
            f.created_at.timestamp(),
        ])
        .map_err(|e| bad(file, "follow_ups", i, e))?;
        report.history += 1;
    }
    for (k, v) in &b.settings {
        conn.execute(
            "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)",
            params![k, v],
        )?;
    }
    report.orgs_created = applier.orgs_created;
    Ok(report)
}
