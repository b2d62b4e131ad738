//! `customers.name_key`, the sort key SQL cannot compute (see `sql/006_name_key.sql`).

use rusqlite::{Connection, TransactionBehavior, params};

use crate::domain::text;
use crate::store::{Result, Store};

/// Computes every empty key: rows inserted without one, rows renamed since (the trigger
/// empties a renamed row's key), rows an undo put back from an older image. One index seek
/// when there are none; every commit of the store runs it.
pub(in crate::store) fn fill(conn: &Connection) -> Result<usize> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM customers WHERE name_key = ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare_cached("UPDATE customers SET name_key = ?1 WHERE id = ?2")?;
    for (id, name) in &rows {
        update.execute(params![text::name_key(name), id])?;
    }
    Ok(rows.len())
}

impl Store {
    /// Rewrites every name key that is not its name's (doctor: a row changed behind rolo's
    /// back, or keys of an older rule); returns how many were wrong. Not journaled: the key
    /// is derived from the name.
    pub fn repair_name_keys(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut wrong = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT id, name, name_key FROM customers")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let key = text::name_key(&r.get::<_, String>(1)?);
                if r.get::<_, Option<String>>(2)?.as_deref() != Some(key.as_str()) {
                    wrong.push((r.get::<_, i64>(0)?, key));
                }
            }
        }
        tx.execute("UPDATE journal_state SET recording = 0", [])?;
        for (id, key) in &wrong {
            tx.prepare_cached("UPDATE customers SET name_key = ?1 WHERE id = ?2")?
                .execute(params![key, id])?;
        }
        tx.execute("UPDATE journal_state SET recording = 1", [])?;
        tx.commit()?;
        Ok(wrong.len())
    }
}
