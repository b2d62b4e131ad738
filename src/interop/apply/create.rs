//! New customers queued and written in multi-row batches.

use rusqlite::ToSql;

use super::Applier;
use crate::domain::{ContactKind, CustomerId, text};
use crate::store::{NewCustomer, Result, Writer};

/// Customers written per multi-row INSERT.
const BATCH: usize = 64;

/// A contact point waiting to be written.
struct PendingContact {
    customer: i64,
    kind: ContactKind,
    value: String,
    norm: String,
    label: Option<String>,
    position: i64,
}

/// The columns of a queued customer that are computed from it when it is written.
struct Extra {
    org: Option<i64>,
    birthday: Option<String>,
    needs_at: Option<i64>,
    address_parts: Option<String>,
    name_parts: Option<String>,
}

/// Rows waiting to be written ([`Applier::flush`]).
#[derive(Default)]
pub(super) struct Pending {
    /// Each with its name's stored key, Latin spelling and pieces ([`text::name_columns`]).
    customers: Vec<(i64, NewCustomer, (String, String, String))>,
    contacts: Vec<PendingContact>,
    tags: Vec<(i64, i64)>,
}

/// Inserts `rows` (of `N` values each) into `table(columns)`: [`BATCH`] rows per statement,
/// the rest one by one (two statement shapes per table in the cache, not one per count).
fn insert_rows<'a, const N: usize>(
    conn: &rusqlite::Connection,
    table: &str,
    rows: impl Iterator<Item = [&'a dyn ToSql; N]>,
) -> Result<()> {
    let one = format!("({})", vec!["?"; N].join(", "));
    let many = vec![one.as_str(); BATCH].join(", ");
    let mut batch: Vec<&dyn ToSql> = Vec::with_capacity(BATCH * N);
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        for row in rows.by_ref().take(BATCH) {
            batch.extend_from_slice(&row);
        }
        if batch.len() == BATCH * N {
            conn.prepare_cached(&format!("INSERT OR FAIL INTO {table} VALUES {many}"))?
                .execute(batch.as_slice())?;
        } else {
            let mut stmt =
                conn.prepare_cached(&format!("INSERT OR FAIL INTO {table} VALUES {one}"))?;
            for row in batch.chunks(N) {
                stmt.execute(row)?;
            }
        }
    }
    Ok(())
}

impl Applier {
    /// Queues a new customer with its contact points (duplicates within the record dropped)
    /// and tags, under the id it will have: the same rows as `Writer::insert_customer`,
    /// written [`BATCH`] customers at a time by [`Self::flush`] (a multi-row INSERT per
    /// table costs much less per row than a statement each; bulk imports are dominated
    /// by these writes). A name in another script goes into the look-alike map at once.
    pub(super) fn create(
        &mut self,
        w: &Writer<'_>,
        c: NewCustomer,
        norms: &[String],
    ) -> Result<CustomerId> {
        if self.pending.customers.is_empty() {
            // Rows may have been written around this applier (a backup restore) since the
            // last batch.
            self.next_id =
                w.conn()
                    .query_row("SELECT coalesce(max(id), 0) + 1 FROM customers", [], |r| {
                        r.get(0)
                    })?;
        }
        let id = self.next_id;
        self.next_id += 1;
        crate::store::fits("notes", &c.notes)?;
        crate::store::fits("needs", &c.needs)?;
        // Written around `Writer::insert_customer`: the store's limits all the same.
        crate::store::limit::new_customer(&c)?;
        let first = self.pending.contacts.len();
        // (A set, not a scan of those queued: a record may have thousands.)
        let mut queued = std::collections::HashSet::new();
        for (cp, norm) in c.contacts.iter().zip(norms) {
            if queued.insert((cp.kind, norm.as_str())) {
                let position = (self.pending.contacts.len() - first) as i64;
                self.pending.contacts.push(PendingContact {
                    customer: id,
                    kind: cp.kind,
                    value: cp.value.trim().to_string(),
                    norm: norm.clone(),
                    label: cp.label.clone(),
                    position,
                });
            }
        }
        for tag in &c.tags {
            let tag_id = if let Some(t) = self.tag_ids.get(tag) {
                *t
            } else {
                let conn = w.conn();
                conn.prepare_cached("INSERT OR IGNORE INTO tags(name) VALUES (?1)")?
                    .execute([tag])?;
                let t: i64 = conn
                    .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
                    .query_row([tag], |r| r.get(0))?;
                self.tag_ids.insert(tag.clone(), t);
                t
            };
            let mine = self.pending.tags.iter().rev().take_while(|(c, _)| *c == id);
            if !mine.clone().any(|(_, t)| *t == tag_id) {
                self.pending.tags.push((id, tag_id));
            }
        }
        self.add_spelling(c.kind, &c.name, id);
        let columns = text::name_columns(&c.name);
        self.pending.customers.push((id, c, columns));
        if self.pending.customers.len() >= BATCH {
            self.flush(w)?;
        }
        Ok(CustomerId(id))
    }

    /// Writes the queued customers, contact points and tags.
    pub fn flush(&mut self, w: &Writer<'_>) -> Result<()> {
        let conn = w.conn();
        let p = std::mem::take(&mut self.pending);
        let extra: Vec<Extra> = p
            .customers
            .iter()
            .map(|(_, c, _)| Extra {
                org: c.org_id.map(|o| o.0),
                birthday: c.birthday.map(|d| d.format("%Y-%m-%d").to_string()),
                // As `Writer::insert_customer` stamps it.
                needs_at: (!c.needs.is_empty()).then_some(c.created_at),
                address_parts: c
                    .address
                    .as_ref()
                    .and(c.address_parts.as_ref())
                    .map(crate::domain::AddressParts::to_json),
                name_parts: c.name_parts_json(),
            })
            .collect();
        insert_rows(
            conn,
            "customers(id, kind, name, org_id, title, address, notes, needs, needs_updated_at, birthday, uid, owner, cadence_days, created_at, updated_at, name_key, address_parts, name_latin, name_parts, name_grams)",
            p.customers
                .iter()
                .zip(&extra)
                .map(|((id, c, (key, latin, grams)), x)| {
                    [
                        id as &dyn ToSql,
                        &c.kind,
                        &c.name,
                        &x.org,
                        &c.title,
                        &c.address,
                        &c.notes,
                        &c.needs,
                        &x.needs_at,
                        &x.birthday,
                        &c.uid,
                        &c.owner,
                        &c.cadence_days,
                        &c.created_at,
                        &c.created_at,
                        key,
                        &x.address_parts,
                        latin,
                        &x.name_parts,
                        grams,
                    ]
                }),
        )?;
        insert_rows(
            conn,
            "contact_points(customer_id, kind, value, norm, label, position)",
            p.contacts.iter().map(|c| {
                [
                    &c.customer as &dyn ToSql,
                    &c.kind,
                    &c.value,
                    &c.norm,
                    &c.label,
                    &c.position,
                ]
            }),
        )?;
        insert_rows(
            conn,
            "customer_tags(customer_id, tag_id)",
            p.tags.iter().map(|(c, t)| [c as &dyn ToSql, t]),
        )?;
        // Keep the allocations for the next batch.
        let mut p = p;
        p.customers.clear();
        p.contacts.clear();
        p.tags.clear();
        self.pending = p;
        Ok(())
    }
}
