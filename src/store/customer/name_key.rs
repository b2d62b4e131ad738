//! `customers.name_key`, the sort key SQL cannot compute (see `sql/006_name_key.sql`), and
//! `customers.name_latin`, the Latin spelling a name is found by too (`sql/012_name_latin.sql`),
//! computed with it, and `customers.name_grams`, the pieces of a name in a script written
//! without spaces that a search finds it by (`sql/017_name_grams.sql`).

use rusqlite::{Connection, TransactionBehavior, params};

use crate::domain::text;
use crate::store::{Result, Store};

/// Computes every empty key: rows inserted without one, rows renamed since (the trigger
/// empties a renamed row's key), rows an undo put back from an older image. One index seek
/// when there are none; every commit of the store runs it. The Latin spelling and the pieces
/// a name is found by (`name_grams`) are computed with the key. (An upgrade computes the
/// three once, after its last version: [`repair`].)
pub(in crate::store) fn fill(conn: &Connection) -> Result<usize> {
    let rows: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM customers WHERE name_key = ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare_cached(
        "UPDATE customers SET name_key = ?1, name_latin = ?2, name_grams = ?3 WHERE id = ?4",
    )?;
    for (id, name) in &rows {
        let (key, latin, grams) = text::name_columns(name);
        update.execute(params![key, latin, grams, id])?;
    }
    Ok(rows.len())
}

/// Rewrites every name key, Latin spelling or set of pieces that is not its name's; returns
/// how many rows were wrong. The caller turns the journal off: all are derived from the name.
pub(in crate::store) fn repair(conn: &Connection) -> Result<usize> {
    let mut wrong = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT id, name, name_key, name_latin, name_grams FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name = r.get::<_, String>(1)?;
            let (key, latin, grams) = text::name_columns(&name);
            if r.get::<_, Option<String>>(2)?.as_deref() != Some(key.as_str())
                || r.get::<_, Option<String>>(3)?.as_deref() != Some(latin.as_str())
                || r.get::<_, Option<String>>(4)?.as_deref() != Some(grams.as_str())
            {
                wrong.push((r.get::<_, i64>(0)?, key, latin, grams));
            }
        }
    }
    let mut update = conn.prepare_cached(
        "UPDATE customers SET name_key = ?1, name_latin = ?2, name_grams = ?3 WHERE id = ?4",
    )?;
    for (id, key, latin, grams) in &wrong {
        update.execute(params![key, latin, grams, id])?;
    }
    Ok(wrong.len())
}

impl Store {
    /// Rewrites every name key, Latin spelling or set of pieces that is not its name's
    /// (doctor: a row changed behind rolo's back, or keys of an older rule); returns how many
    /// were wrong. Not journaled: all are derived from the name.
    pub fn repair_name_keys(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let was = crate::store::journal::set_recording(&tx, false)?;
        let n = repair(&tx)?;
        crate::store::journal::restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(n)
    }
    /// Drops the name parts that are not words of their name (doctor: a row renamed behind
    /// rolo's back keeps the parts of its old name, as no trigger drops them since schema
    /// v18; an export and `rolo show` leave such parts out); returns how many went. Not
    /// journaled, as they stood for no name the row has.
    pub fn repair_name_parts(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut wrong = Vec::new();
        {
            let mut stmt = tx.prepare(
                "SELECT id, name, name_parts FROM customers WHERE name_parts IS NOT NULL",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let name = r.get::<_, String>(1)?;
                let fits = crate::domain::NameParts::from_json(&r.get::<_, String>(2)?)
                    .is_some_and(|p| p.fits(&name));
                if !fits {
                    wrong.push(r.get::<_, i64>(0)?);
                }
            }
        }
        let was = crate::store::journal::set_recording(&tx, false)?;
        for id in &wrong {
            tx.prepare_cached("UPDATE customers SET name_parts = NULL WHERE id = ?1")?
                .execute([id])?;
        }
        crate::store::journal::restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(wrong.len())
    }
}
