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

pub use restore::{import_dossier, import_reader};

/// The `format` value of a backup.
pub const FORMAT: &str = "rolo-backup";
/// The `format` value of a dossier's JSON block.
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

type Res<T> = crate::store::Result<T>;

/// Reads rows of one table and hands each record to `f`, in id order.
struct Reader<'c> {
    conn: &'c rusqlite::Connection,
    scope: Scope<'c>,
    uids: HashMap<i64, String>,
}

impl<'c> Reader<'c> {
    /// The UIDs the records refer to customers by: all of them, or those in scope and
    /// their organizations.
    fn new(store: &'c Store, scope: Scope<'c>) -> Res<Self> {
        let conn = store.conn();
        let mut uids = HashMap::new();
        let mut add = |sql: &str, param: Option<i64>| -> Res<()> {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = match param {
                Some(id) => stmt.query([id])?,
                None => stmt.query([])?,
            };
            while let Some(r) = rows.next()? {
                uids.insert(r.get(0)?, r.get(1)?);
            }
            Ok(())
        };
        match scope {
            Scope::All => add("SELECT id, uid FROM customers", None)?,
            Scope::Only(ids) => {
                for id in ids {
                    add(
                        "SELECT id, uid FROM customers WHERE id = ?1
                         UNION ALL SELECT o.id, o.uid FROM customers c
                           JOIN customers o ON o.id = c.org_id WHERE c.id = ?1",
                        Some(id.0),
                    )?;
                }
            }
        }
        Ok(Reader { conn, scope, uids })
    }

    fn uid(&self, id: i64) -> String {
        self.uids.get(&id).cloned().unwrap_or_default()
    }

    /// Reads `columns` of `table`, the whole table or the rows of each customer in scope,
    /// in id order, and hands each row, mapped by `map`, to `f`.
    fn each<T>(
        &self,
        columns: &str,
        table: &str,
        map: impl Fn(&Self, &rusqlite::Row<'_>) -> rusqlite::Result<(i64, T)>,
        f: &mut dyn FnMut(T) -> Res<()>,
    ) -> Res<()> {
        match self.scope {
            Scope::All => {
                let mut stmt = self
                    .conn
                    .prepare(&format!("SELECT {columns} FROM {table} ORDER BY id"))?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    f(map(self, r)?.1)?;
                }
            }
            Scope::Only(ids) => {
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT {columns} FROM {table} WHERE customer_id = ?1 ORDER BY id"
                ))?;
                let mut found = Vec::new();
                for id in ids {
                    let rows = stmt.query_map([id.0], |r| map(self, r))?;
                    for row in rows {
                        found.push(row?);
                    }
                }
                found.sort_by_key(|(id, _)| *id);
                for (_, rec) in found {
                    f(rec)?;
                }
            }
        }
        Ok(())
    }

    fn customers(&self, f: &mut dyn FnMut(CustomerRec) -> Res<()>) -> Res<()> {
        let mut contacts = self.conn.prepare_cached(
            "SELECT kind, value, label FROM contact_points WHERE customer_id = ?1 ORDER BY position, id",
        )?;
        let mut tags = self.conn.prepare_cached(
            "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = ?1 ORDER BY t.name",
        )?;
        let columns = "id, uid, kind, name, org_id, title, address, notes, needs, needs_updated_at,
            cadence_days, owner, birthday, created_at, updated_at";
        let mut stmt = self.conn.prepare(&match self.scope {
            Scope::All => format!("SELECT {columns} FROM customers ORDER BY id"),
            Scope::Only(_) => format!("SELECT {columns} FROM customers WHERE id = ?1"),
        })?;
        let mut one = |r: &rusqlite::Row<'_>| -> Res<CustomerRec> {
            let id: i64 = r.get(0)?;
            Ok(CustomerRec {
                id,
                uid: r.get(1)?,
                kind: r.get(2)?,
                name: r.get(3)?,
                org: r.get::<_, Option<i64>>(4)?.map(|o| self.uid(o)),
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
            })
        };
        match self.scope {
            Scope::All => {
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    f(one(r)?)?;
                }
            }
            Scope::Only(ids) => {
                let mut ids = ids.to_vec();
                ids.sort_unstable_by_key(|c| c.0);
                ids.dedup();
                for id in ids {
                    let mut rows = stmt.query([id.0])?;
                    if let Some(r) = rows.next()? {
                        f(one(r)?)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn deals(&self, f: &mut dyn FnMut(DealRec) -> Res<()>) -> Res<()> {
        self.each(
            "id, customer_id, title, value_minor, currency, stage, probability, expected_close,
             created_at, stage_changed_at, closed_at",
            "deals",
            |me, r| {
                let id = r.get(0)?;
                Ok((
                    id,
                    DealRec {
                        id,
                        customer: me.uid(r.get(1)?),
                        title: r.get(2)?,
                        value_minor: r.get(3)?,
                        currency: r.get(4)?,
                        stage: r.get(5)?,
                        probability: r.get(6)?,
                        expected_close: r.get(7)?,
                        created_at: t(r.get(8)?),
                        stage_changed_at: t(r.get(9)?),
                        closed_at: ot(r.get(10)?),
                    },
                ))
            },
            f,
        )
    }

    fn interactions(&self, f: &mut dyn FnMut(InteractionRec) -> Res<()>) -> Res<()> {
        self.each(
            "id, customer_id, kind, direction, occurred_at, summary, notes, minutes, rating,
             deal_id, created_at",
            "interactions",
            |me, r| {
                let id = r.get(0)?;
                Ok((
                    id,
                    InteractionRec {
                        id,
                        customer: me.uid(r.get(1)?),
                        kind: r.get(2)?,
                        direction: r.get(3)?,
                        occurred_at: t(r.get(4)?),
                        summary: r.get(5)?,
                        notes: r.get(6)?,
                        minutes: r.get(7)?,
                        rating: r.get(8)?,
                        deal: r.get(9)?,
                        created_at: t(r.get(10)?),
                    },
                ))
            },
            f,
        )
    }

    fn follow_ups(&self, f: &mut dyn FnMut(FollowUpRec) -> Res<()>) -> Res<()> {
        self.each(
            "id, customer_id, what, due_date, due_time, original_due, status, done_at,
             snooze_count, repeat_rule, interaction_id, created_at",
            "follow_ups",
            |me, r| {
                let id = r.get(0)?;
                Ok((
                    id,
                    FollowUpRec {
                        id,
                        customer: me.uid(r.get(1)?),
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
                    },
                ))
            },
            f,
        )
    }

    fn settings(&self) -> Res<BTreeMap<String, String>> {
        let mut settings = BTreeMap::new();
        if matches!(self.scope, Scope::All) {
            let mut stmt = self
                .conn
                .prepare("SELECT key, value FROM settings ORDER BY key")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                settings.insert(r.get(0)?, r.get(1)?);
            }
        }
        Ok(settings)
    }
}

/// Reads the database (or some customers of it) into a backup in memory (a dossier; the
/// whole database is written with [`write`], which does not hold it).
pub fn read(store: &Store, scope: Scope<'_>, format: &str) -> Res<Backup> {
    let reader = Reader::new(store, scope)?;
    let mut customers = Vec::new();
    reader.customers(&mut |c| {
        customers.push(c);
        Ok(())
    })?;
    let mut deals = Vec::new();
    reader.deals(&mut |d| {
        deals.push(d);
        Ok(())
    })?;
    let mut interactions = Vec::new();
    reader.interactions(&mut |i| {
        interactions.push(i);
        Ok(())
    })?;
    let mut follow_ups = Vec::new();
    reader.follow_ups(&mut |f| {
        follow_ups.push(f);
        Ok(())
    })?;
    Ok(Backup {
        format: format.to_string(),
        version: VERSION,
        settings: reader.settings()?,
        customers,
        deals,
        interactions,
        follow_ups,
        measures: None,
    })
}

/// Hands each row of a list to its callback.
type Rows<'r, T> = Box<dyn Fn(&mut dyn FnMut(T) -> Res<()>) -> Res<()> + 'r>;

/// A list serialized as its rows are read, one at a time.
struct Streamed<'r, T> {
    rows: Rows<'r, T>,
}

impl<T: Serialize> Serialize for Streamed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let read = (self.rows)(&mut |rec| {
            seq.serialize_element(&rec).map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                crate::store::StoreError::Invalid(message)
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

/// The whole database as [`Backup`] serializes it, field for field, its lists streamed.
#[derive(Serialize)]
struct WholeBackup<'r> {
    format: &'static str,
    version: u32,
    settings: BTreeMap<String, String>,
    customers: Streamed<'r, CustomerRec>,
    deals: Streamed<'r, DealRec>,
    interactions: Streamed<'r, InteractionRec>,
    follow_ups: Streamed<'r, FollowUpRec>,
}

/// Writes the whole database as the backup file (pretty JSON, a final newline), row by
/// row: memory stays flat however big the database is. The bytes are those of the pretty
/// JSON of [`read`]'s whole backup.
pub fn write(store: &Store, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let reader = Reader::new(store, Scope::All).map_err(std::io::Error::other)?;
    let reader = &reader;
    let whole = WholeBackup {
        format: FORMAT,
        version: VERSION,
        settings: reader.settings().map_err(std::io::Error::other)?,
        customers: Streamed {
            rows: Box::new(move |f| reader.customers(f)),
        },
        deals: Streamed {
            rows: Box::new(move |f| reader.deals(f)),
        },
        interactions: Streamed {
            rows: Box::new(move |f| reader.interactions(f)),
        },
        follow_ups: Streamed {
            rows: Box::new(move |f| reader.follow_ups(f)),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &whole)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        generate(
            &mut store,
            &DemoOptions {
                customers: 40,
                seed: 7,
                today,
                now: 1_795_392_000,
                currency: "PLN".parse().unwrap(),
            },
        )
        .unwrap();
        store
            .write(|w| {
                w.conn()
                    .execute("INSERT INTO settings(key, value) VALUES ('a', 'b')", [])?;
                Ok(())
            })
            .unwrap();
        store
    }

    #[test]
    fn the_streamed_backup_is_byte_for_byte_the_one_read_into_memory() {
        for store in [Store::open_in_memory().unwrap(), demo()] {
            let mut streamed = Vec::new();
            write(&store, &mut streamed).unwrap();
            // What serde writes of the whole backup read into memory.
            let whole = read(&store, Scope::All, FORMAT).unwrap();
            let text = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), text);
        }
    }

    #[test]
    fn a_scoped_read_is_the_whole_read_filtered() {
        let store = demo();
        let whole = read(&store, Scope::All, FORMAT).unwrap();
        // A person with an organization and some history, and that organization.
        let person = whole
            .customers
            .iter()
            .find(|c| c.org.is_some() && whole.interactions.iter().any(|i| i.customer == c.uid))
            .unwrap();
        let org = whole
            .customers
            .iter()
            .find(|c| Some(&c.uid) == person.org.as_ref())
            .unwrap();
        let ids = [CustomerId(person.id), CustomerId(org.id)];
        let part = read(&store, Scope::Only(&ids), DOSSIER_FORMAT).unwrap();
        let uids = [&person.uid, &org.uid];
        let mine = |uid: &String| uids.contains(&uid);
        assert_eq!(part.customers, [org.clone(), person.clone()]);
        assert_eq!(
            part.deals,
            whole
                .deals
                .iter()
                .filter(|d| mine(&d.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            part.interactions,
            whole
                .interactions
                .iter()
                .filter(|i| mine(&i.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert!(!part.interactions.is_empty());
        assert_eq!(
            part.follow_ups,
            whole
                .follow_ups
                .iter()
                .filter(|f| mine(&f.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert!(part.settings.is_empty());
    }
}
