//! Reading the database, or some customers of it, into backup records.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::{
    Backup, CustomerRec, DOSSIER_FORMAT, DOSSIER_VERSION, DealRec, FollowUpRec, InteractionRec,
    Res, Scope, VERSION,
};
use crate::domain::ContactPoint;
use crate::store::Store;

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn ot(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(t)
}

/// Reads rows of one table and hands each record to `f`, in id order.
pub(super) struct Reader<'c> {
    conn: &'c rusqlite::Connection,
    scope: Scope<'c>,
    uids: HashMap<i64, String>,
}

impl<'c> Reader<'c> {
    /// The UIDs the records refer to customers by: all of them, or those in scope and
    /// their organizations.
    pub(super) fn new(store: &'c Store, scope: Scope<'c>) -> Res<Self> {
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

    pub(super) fn customers(&self, f: &mut dyn FnMut(CustomerRec) -> Res<()>) -> Res<()> {
        let mut contacts = self.conn.prepare_cached(
            "SELECT kind, value, label FROM contact_points WHERE customer_id = ?1 ORDER BY position, id",
        )?;
        let mut tags = self.conn.prepare_cached(
            "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = ?1 ORDER BY t.name",
        )?;
        let columns = "id, uid, kind, name, org_id, title, address, notes, needs, needs_updated_at,
            cadence_days, owner, birthday, created_at, updated_at, address_parts, handover,
            name_parts";
        let mut stmt = self.conn.prepare(&match self.scope {
            Scope::All => format!("SELECT {columns} FROM customers ORDER BY id"),
            Scope::Only(_) => format!("SELECT {columns} FROM customers WHERE id = ?1"),
        })?;
        let mut one = |r: &rusqlite::Row<'_>| -> Res<CustomerRec> {
            let id: i64 = r.get(0)?;
            let name: String = r.get(3)?;
            Ok(CustomerRec {
                id,
                uid: r.get(1)?,
                kind: r.get(2)?,
                // Only parts that still fit the name (a hand-edited file's may not).
                name_parts: r
                    .get::<_, Option<String>>(17)?
                    .as_deref()
                    .and_then(crate::domain::NameParts::from_json)
                    .filter(|p| p.fits(&name)),
                name,
                org: r.get::<_, Option<i64>>(4)?.map(|o| self.uid(o)),
                title: r.get(5)?,
                address: r.get(6)?,
                address_parts: r
                    .get::<_, Option<String>>(15)?
                    .as_deref()
                    .and_then(crate::domain::AddressParts::from_json),
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
                // (Written by rolo, as JSON: a value that does not read is none.)
                handover: r
                    .get::<_, Option<String>>(16)?
                    .as_deref()
                    .and_then(super::Handover::from_json),
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

    pub(super) fn deals(&self, f: &mut dyn FnMut(DealRec) -> Res<()>) -> Res<()> {
        self.each(
            "id, customer_id, title, value_minor, currency, stage, probability, expected_close,
             created_at, stage_changed_at, closed_at, stage_changed_ns",
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
                        stage_changed_at: crate::store::ts_ns(r.get(9)?, r.get(11)?),
                        closed_at: ot(r.get(10)?),
                    },
                ))
            },
            f,
        )
    }

    pub(super) fn interactions(&self, f: &mut dyn FnMut(InteractionRec) -> Res<()>) -> Res<()> {
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

    pub(super) fn follow_ups(&self, f: &mut dyn FnMut(FollowUpRec) -> Res<()>) -> Res<()> {
        self.each(
            "id, customer_id, what, due_date, due_time, original_due, status, done_at,
             snooze_count, repeat_rule, interaction_id, created_at, series_id,
             reschedule_count, changed_at, event_uid, changed_ns",
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
                        series: r.get(12)?,
                        reschedule_count: r.get(13)?,
                        changed_at: match r.get::<_, Option<i64>>(14)? {
                            Some(at) => Some(crate::store::ts_ns(at, r.get(16)?)),
                            None => None,
                        },
                        event_uid: r.get(15)?,
                    },
                ))
            },
            f,
        )
    }

    pub(super) fn settings(&self) -> Res<BTreeMap<String, String>> {
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
/// whole database is written with [`write`](fn@super::write), which does not hold it).
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
        version: if format == DOSSIER_FORMAT {
            DOSSIER_VERSION
        } else {
            VERSION
        },
        written_at: None,
        markdown: None,
        settings: reader.settings()?,
        customers,
        deals,
        interactions,
        follow_ups,
        measures: None,
    })
}
