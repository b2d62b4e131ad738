//! The index of letter pairs of notes and history in scripts written without spaces
//! (`text_grams_fts`, schema v22): its rows, filled in bulk and, for the rows its triggers
//! wrote down as changed (`text_grams_pending`, v23), before each commit; and the query a
//! search reads it by.

use rusqlite::{OptionalExtension, params};

use super::super::{Result, Store};
use crate::domain::text;

/// Where each table's rows are in `text_grams_fts`: a row's rowid is its table's base plus
/// its id (as the triggers of derived.sql write them).
pub(in crate::store) const CUSTOMERS: i64 = 1 << 40;
/// See [`CUSTOMERS`].
pub(in crate::store) const INTERACTIONS: i64 = 2 << 40;
/// See [`CUSTOMERS`].
pub(in crate::store) const FOLLOW_UPS: i64 = 3 << 40;

/// Each table in the index: its base, its name, its text (its columns joined by a line
/// break) and those columns.
const SOURCES: [(i64, &str, &str, &[&str]); 3] = [
    (
        CUSTOMERS,
        "customers",
        "notes || char(10) || needs",
        &["notes", "needs"],
    ),
    (
        INTERACTIONS,
        "interactions",
        "summary || char(10) || notes",
        &["summary", "notes"],
    ),
    (FOLLOW_UPS, "follow_ups", "what", &["what"]),
];

/// Adds to `text_grams_fts` the rows after each table's mark (`after`: customers,
/// interactions, follow-ups; 0 for all) whose text has letters of a script written without
/// spaces ([`text::text_grams`]): the index holds only those, as its triggers write it. Reads
/// only the rows whose text is not all ASCII. Returns how many rows it added.
pub(in crate::store) fn index_text_grams(
    conn: &rusqlite::Connection,
    after: [i64; 3],
) -> Result<usize> {
    let mut insert =
        conn.prepare_cached("INSERT INTO text_grams_fts(rowid, grams) VALUES (?1, ?2)")?;
    let mut n = 0;
    for ((base, table, text, columns), mark) in SOURCES.iter().zip(after) {
        let beyond_ascii: Vec<String> = columns
            .iter()
            .map(|c| format!("length({c}) <> length(CAST({c} AS BLOB))"))
            .collect();
        let mut read = conn.prepare(&format!(
            "SELECT id, {text} FROM {table} WHERE id > ?1 AND ({})",
            beyond_ascii.join(" OR ")
        ))?;
        let mut rows = read.query([mark])?;
        while let Some(r) = rows.next()? {
            if let Some(grams) = text::text_grams(&r.get::<_, String>(1)?) {
                insert.execute(params![base + r.get::<_, i64>(0)?, grams])?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Brings `text_grams_fts` up to date for the rows its triggers wrote down as changed
/// (`text_grams_pending`: inserted, edited or deleted, by rolo or by any other program):
/// each one's entry taken out, and put in again from its whole text when the row is there
/// and its text has letter pairs ([`text::text_grams`]); the list emptied. One look at an
/// empty table when nothing is pending: every commit of the store runs it. Returns how many
/// rows it took in.
pub(in crate::store) fn drain_text_grams(conn: &rusqlite::Connection) -> Result<usize> {
    let pending: Vec<(String, i64)> = conn
        .prepare_cached("SELECT source, id FROM text_grams_pending")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() {
        return Ok(0);
    }
    let mut remove = conn.prepare_cached("DELETE FROM text_grams_fts WHERE rowid = ?1")?;
    let mut insert =
        conn.prepare_cached("INSERT INTO text_grams_fts(rowid, grams) VALUES (?1, ?2)")?;
    for (source, id) in &pending {
        // (A name no trigger writes, from another program: nothing of the index to mend.)
        let Some((base, table, text, _)) = SOURCES.iter().find(|s| s.1 == source) else {
            continue;
        };
        remove.execute([base + id])?;
        let now: Option<String> = conn
            .prepare_cached(&format!("SELECT {text} FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(grams) = now.as_deref().and_then(text::text_grams) {
            insert.execute(params![base + id, grams])?;
        }
    }
    conn.prepare_cached("DELETE FROM text_grams_pending")?
        .execute([])?;
    Ok(pending.len())
}

impl Store {
    /// Brings the index of letter pairs up to date for the rows another program wrote
    /// ([`drain_text_grams`]; rolo's own commits do it as they go), in a transaction of its
    /// own; returns how many rows were pending (doctor: not a fault, the index only behind).
    pub fn take_in_pending_texts(&mut self) -> Result<usize> {
        self.write(|w| drain_text_grams(w.conn()))
    }
}

/// The query of `text_grams_fts` that every text holding each of `words` (folded, each with
/// a letter of a script written without spaces) matches ([`text::text_gram_terms`]).
pub(in crate::store) fn grams_match(words: &[&str]) -> String {
    let mut terms: Vec<String> = Vec::new();
    for word in words {
        for term in text::text_gram_terms(word) {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms.join(" AND ")
}

/// `FROM` and `WHERE` of the rows of `table` (as `alias`, joined to `join`) whose text may
/// hold the words of the query `?{q}`: those the index finds among the rows from `base`, and
/// those written down as changed since it was brought up to date (`text_grams_pending`, a
/// few rows: another program wrote the file), each id once, looked up by id; for the caller
/// to add its own checks of the text to (`AND …`) and to read in id order.
pub(in crate::store) fn indexed_rows(
    table: &str,
    alias: &str,
    join: &str,
    base: i64,
    q: usize,
) -> String {
    format!(
        "FROM {table} {alias} {join}
         WHERE {alias}.id IN (
           SELECT rowid - {base} FROM text_grams_fts
            WHERE text_grams_fts MATCH ?{q} AND rowid > {base} AND rowid < {end}
           UNION SELECT id FROM text_grams_pending WHERE source = '{table}')",
        end = base + CUSTOMERS
    )
}
