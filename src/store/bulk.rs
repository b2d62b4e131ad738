//! Bulk loads (demo data, large imports): derived triggers off, rows in, derived data
//! recomputed once, triggers back on — all in one transaction.

use rusqlite::TransactionBehavior;

use super::journal::JOURNALED;
use super::migrate::DERIVED_SQL;
use super::{Result, Store, Writer};

/// Adds to `name_grams_fts` the customers after id `after` (0: all of them) whose name has
/// pieces: the index holds only those rows, as its triggers write it (a `rebuild` would add
/// every row; most names have none).
pub(super) fn index_name_grams(conn: &rusqlite::Connection, after: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO name_grams_fts(rowid, name_grams)
           SELECT id, name_grams FROM customers WHERE id > ?1 AND name_grams <> ''",
        [after],
    )?;
    Ok(())
}

impl Writer<'_> {
    /// Makes the full-text index `fts` again from its rows (doctor): [`rebuild_index`].
    pub fn rebuild_fts(&self, fts: &str) -> Result<()> {
        rebuild_index(self.tx, fts)
    }
}

/// Makes the full-text index `fts` again from its rows (doctor, an upgrade): `rebuild`, but
/// `name_grams_fts` is emptied and given the rows that have pieces ([`index_name_grams`]),
/// and `text_grams_fts` the rows whose text has letter pairs (`search::index_text_grams`),
/// with nothing left pending.
pub(super) fn rebuild_index(conn: &rusqlite::Connection, fts: &str) -> Result<()> {
    if fts == "text_grams_fts" {
        conn.execute_batch(
            "INSERT INTO text_grams_fts(text_grams_fts) VALUES ('delete-all');
             DELETE FROM text_grams_pending;",
        )?;
        super::search::index_text_grams(conn, [0; 3]).map(drop)
    } else if fts == "name_grams_fts" {
        conn.execute_batch("INSERT INTO name_grams_fts(name_grams_fts) VALUES ('delete-all')")?;
        index_name_grams(conn, 0)
    } else {
        conn.execute_batch(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild')"))?;
        Ok(())
    }
}

/// Drops the triggers that keep derived data up to date ([`derived_trigger_names`]): a bulk
/// write, or a migration, computes it once afterwards and makes them again from
/// `DERIVED_SQL`.
pub(super) fn drop_derived_triggers(conn: &rusqlite::Connection) -> Result<()> {
    for name in derived_trigger_names() {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}"))?;
    }
    Ok(())
}

pub(super) fn derived_trigger_names() -> impl Iterator<Item = &'static str> {
    DERIVED_SQL.lines().filter_map(|l| {
        l.strip_prefix("CREATE TRIGGER ")
            .and_then(|rest| rest.split_whitespace().next())
    })
}

/// Runs `f` with the journal triggers and the non-unique indexes of the journaled tables set
/// aside, then recreates them verbatim from `sqlite_schema` in the same transaction. Both only
/// cost time in an unjournaled load: the journal triggers record nothing, yet any trigger makes
/// `SQLite` keep a statement journal per insert; and an index built once from sorted rows is
/// much cheaper than a million random inserts into it.
fn set_aside<T>(conn: &rusqlite::Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let tables = JOURNALED
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let saved: Vec<(String, String, String)> = conn
        .prepare(&format!(
            "SELECT type, name, sql FROM sqlite_schema
             WHERE tbl_name IN ({tables}) AND sql IS NOT NULL
               AND ((type = 'trigger' AND name LIKE 'journal~_%' ESCAPE '~')
                 OR (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'))
             ORDER BY type DESC, name"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &saved {
        conn.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
    }
    let out = f()?;
    for (_, _, sql) in saved.iter().rev() {
        conn.execute_batch(sql)?;
    }
    Ok(out)
}

/// Recomputes every derived column and index from the rows: [`RECOMPUTE_SQL`],
/// `name_grams_fts` ([`index_name_grams`]) and `text_grams_fts`
/// (`search::index_text_grams`).
fn recompute(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute_batch(RECOMPUTE_SQL)?;
    // Then the organizations with people (a few rows): the latest contact and the earliest
    // next step of them and their people, from the views that say them.
    conn.execute(
        &format!(
            "UPDATE customers SET last_contact_at = {LAST_CONTACT_SQL}, next_due = {NEXT_DUE_SQL}
             WHERE id IN (SELECT org_id FROM customers WHERE org_id IS NOT NULL)"
        ),
        [],
    )?;
    conn.execute_batch(
        "INSERT INTO name_grams_fts(name_grams_fts) VALUES ('delete-all');
         INSERT INTO text_grams_fts(text_grams_fts) VALUES ('delete-all');
         DELETE FROM text_grams_pending;",
    )?;
    index_name_grams(conn, 0)?;
    super::search::index_text_grams(conn, [0; 3]).map(drop)
}

/// SQL that recomputes the derived columns and the full-text indexes of the tables from
/// the rows (`name_grams_fts` and `text_grams_fts` are [`recompute`]'s).
const RECOMPUTE_SQL: &str = "
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
INSERT INTO interactions_fts(interactions_fts) VALUES ('rebuild');
INSERT INTO follow_ups_fts(follow_ups_fts) VALUES ('rebuild');
UPDATE customers SET
  last_contact_at = (SELECT max(occurred_at) FROM interactions
                      WHERE customer_id = customers.id AND kind <> 'note'),
  next_due = (SELECT min(due_date) FROM follow_ups
               WHERE customer_id = customers.id AND status = 'open');";

/// The latest contact of a customer and its people (notes to self are not contacts), over
/// `customers` of the enclosing statement: what the triggers of `derived.sql` keep in
/// `customers.last_contact_at`, read from its view `last_contact_src`, where alone it is
/// written (schema v24).
pub(super) const LAST_CONTACT_SQL: &str =
    "(SELECT last_contact_at FROM last_contact_src WHERE id = customers.id)";

/// The earliest open follow-up of a customer and its people, over `customers` of the
/// enclosing statement: what the triggers of `derived.sql` keep in `customers.next_due`,
/// read from its view `next_due_src`, where alone it is written (schema v25).
pub(super) const NEXT_DUE_SQL: &str = "(SELECT next_due FROM next_due_src WHERE id = customers.id)";

/// The full-text indexes: (index, table, columns).
const FTS: &[(&str, &str, &str)] = &[
    ("customers_fts", "customers", "name, notes, needs, latin"),
    ("interactions_fts", "interactions", "summary, notes"),
    ("follow_ups_fts", "follow_ups", "what"),
];

/// The highest rowid of every journaled table that has one (all but `settings`).
fn high_marks(conn: &rusqlite::Connection) -> Result<Vec<(&'static str, i64)>> {
    JOURNALED
        .iter()
        .filter(|t| **t != "settings")
        .map(|t| {
            let max: i64 = conn.query_row(
                &format!("SELECT coalesce(max(rowid), 0) FROM {t}"),
                [],
                |r| r.get(0),
            )?;
            Ok((*t, max))
        })
        .collect()
}

/// Indexes a journaled bulk load keeps even on a table that was empty: merging a record into
/// one loaded earlier reads a customer's contact points.
const KEPT_INDEXES: &[&str] = &["contact_points_customer"];

/// Drops the non-unique indexes of `tables` (but [`KEPT_INDEXES`]); returns their SQL.
fn drop_indexes(conn: &rusqlite::Connection, tables: &[&str]) -> Result<Vec<String>> {
    let mut sqls = Vec::new();
    for table in tables {
        let found: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL
                   AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
            )?
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in found {
            if KEPT_INDEXES.contains(&name.as_str()) {
                continue;
            }
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            sqls.push(sql);
        }
    }
    Ok(sqls)
}

/// For a journaled bulk append: drops every trigger that fires on INSERT into a rowid table
/// (its journal row, its FTS entry, its derived column, its letter-pair mark), and narrows
/// the journal's, the FTS and the letter-pair marks' update and delete triggers to the rows
/// that were there before (`rowid <= mark`): the appended rows are journaled as a range and
/// get their FTS entries and letter pairs once, from their final text, in [`finish_append`]. Returns the original definitions, to be recreated verbatim.
fn set_aside_for_append(
    conn: &rusqlite::Connection,
    marks: &[(&str, i64)],
) -> Result<Vec<(String, String)>> {
    let saved: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT name, tbl_name, sql FROM sqlite_schema
             WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let derived: Vec<&str> = derived_trigger_names().collect();
    let mut aside = Vec::new();
    for (name, table, sql) in saved {
        let Some(&(_, mark)) = marks.iter().find(|(t, _)| *t == table) else {
            continue;
        };
        let journal = name.starts_with(&format!("journal_{table}_"));
        let is_derived = derived.contains(&name.as_str());
        if !(journal || is_derived) {
            continue;
        }
        let narrowed = if name.ends_with("_i") || name.ends_with("_ai") {
            None
        } else if journal {
            // Edits of appended rows need no before-image: undo deletes those rows.
            Some(sql.replacen(
                ") = 1 BEGIN",
                &format!(") = 1 AND OLD.rowid <= {mark} BEGIN"),
                1,
            ))
        } else if name.contains("_fts_") || name.contains("_grams_mark_") {
            // An appended row gets its index entries, and its letter pairs, once at the end
            // from its final text: an edit of it in the load writes nothing down.
            let row = if name.ends_with("_au") { "NEW" } else { "OLD" };
            // One with a condition of its own (the letter-pair marks') keeps it.
            let guarded = format!(" ON {table}\n  WHEN (");
            Some(if sql.contains(&guarded) {
                sql.replacen(
                    &guarded,
                    &format!(" ON {table}\n  WHEN {row}.rowid <= {mark} AND ("),
                    1,
                )
            } else {
                sql.replacen(
                    &format!(" ON {table} BEGIN"),
                    &format!(" ON {table} WHEN {row}.rowid <= {mark} BEGIN"),
                    1,
                )
            })
        } else {
            // The derived columns' update and delete triggers recompute from the rows.
            continue;
        };
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        if let Some(narrowed) = narrowed {
            if narrowed == sql {
                return Err(super::StoreError::Invalid(format!(
                    "bulk: cannot narrow trigger {name}"
                )));
            }
            conn.execute_batch(&narrowed)?;
        }
        aside.push((name, sql));
    }
    Ok(aside)
}

/// After a journaled bulk append: FTS entries and derived columns for the appended rows,
/// the triggers back, and one `change_ranges` row per table that grew.
fn finish_append(
    conn: &rusqlite::Connection,
    change_id: i64,
    marks: &[(&str, i64)],
    aside: Vec<(String, String)>,
    indexes: Vec<String>,
) -> Result<()> {
    // Before the indexes are back: keys the loader left empty are set once, not moved
    // around an index; and the letter pairs of the rows of before that the load edited or
    // deleted (their triggers wrote them down; the appended rows' are added below).
    super::before_commit(conn)?;
    for sql in indexes {
        conn.execute_batch(&sql)?;
    }
    let was = super::journal::set_recording(conn, false)?;
    let mark = |table: &str| marks.iter().find(|(t, _)| *t == table).map_or(0, |m| m.1);
    for (fts, table, cols) in FTS {
        conn.execute(
            &format!(
                "INSERT INTO {fts}(rowid, {cols}) SELECT id, {cols} FROM {table}_fts_src WHERE id > ?1"
            ),
            [mark(table)],
        )?;
    }
    index_name_grams(conn, mark("customers"))?;
    super::search::index_text_grams(
        conn,
        [mark("customers"), mark("interactions"), mark("follow_ups")],
    )?;
    conn.execute(
        &format!(
            "UPDATE customers SET last_contact_at = {LAST_CONTACT_SQL}
             WHERE id IN (SELECT customer_id FROM interactions WHERE id > ?1)
                OR id IN (SELECT org_id FROM customers WHERE id IN
                            (SELECT customer_id FROM interactions WHERE id > ?1))"
        ),
        [mark("interactions")],
    )?;
    conn.execute(
        &format!(
            "UPDATE customers SET next_due = {NEXT_DUE_SQL}
             WHERE id IN (SELECT customer_id FROM follow_ups WHERE id > ?1)
                OR id IN (SELECT org_id FROM customers WHERE id IN
                            (SELECT customer_id FROM follow_ups WHERE id > ?1))"
        ),
        [mark("follow_ups")],
    )?;
    for (name, sql) in aside {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{name}\"; {sql}"))?;
    }
    super::journal::restore_recording(conn, was)?;
    for (table, before) in marks {
        let now: i64 = conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        if now > *before {
            conn.execute(
                "INSERT INTO change_ranges(change_id, tbl, first_id) VALUES (?1, ?2, ?3)",
                rusqlite::params![change_id, table, before + 1],
            )?;
            conn.execute(
                "INSERT INTO change_range_ends(change_id, tbl, last_id) VALUES (?1, ?2, ?3)",
                rusqlite::params![change_id, table, now],
            )?;
        }
    }
    Ok(())
}

/// How a bulk load sorts: the settings it changes, and the ones to put back.
///
/// A bulk load builds its indexes at the end, each one a sort of every row. With the
/// connection's usual `temp_store = MEMORY` `SQLite` sorts everything in one in-memory list,
/// one allocation per row; sorting on disk instead keeps runs of a page cache's size and
/// merges them, and `threads = 1` lets a helper thread sort a run while the next one fills
/// (the other core is idle by then: the import's reader has finished). A 100k-customer CSV
/// import went from 1.55 to 1.3 s, and 3 MB less memory. The runs go to unlinked temporary
/// files, never synced.
struct SortOnDisk {
    temp_store: i64,
    threads: i64,
}

impl SortOnDisk {
    fn set(conn: &rusqlite::Connection) -> Result<SortOnDisk> {
        let temp_store = conn.query_row("PRAGMA temp_store", [], |r| r.get(0))?;
        let threads = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
        conn.pragma_update(None, "temp_store", "FILE")?;
        conn.pragma_update(None, "threads", 1)?;
        Ok(SortOnDisk {
            temp_store,
            threads,
        })
    }

    /// Puts the settings back. They only decide speed, never what is written, so a failure
    /// here must not turn a committed load into a reported error.
    fn restore(self, conn: &rusqlite::Connection) {
        let _ = conn.pragma_update(None, "temp_store", self.temp_store);
        let _ = conn.pragma_update(None, "threads", self.threads);
    }
}

/// A bulk load into an empty database writes its pages straight into the file.
///
/// In WAL mode every page of a load goes to the `-wal` file first and is copied into the
/// database by the checkpoint after: an import of 100k customers wrote its 60 MB twice.
/// With a rollback journal a page is written once, and the journal keeps only what the
/// pages held before, which in an empty database is next to nothing. The commit is as
/// atomic and durable: with a rollback journal the commit is the journal's deletion, and
/// `synchronous = EXTRA` (for the load) syncs the directory after it, so a power cut cannot
/// bring the journal back and roll an acknowledged import back; a crash before it leaves a
/// hot journal that `SQLite` rolls back on the next open. Only when no other connection has
/// the file open (the mode cannot change then, and the load stays in WAL), and back to WAL
/// after. Another rolo opened during the load waits for it (up to the busy timeout), as it
/// would for any write: there is nothing to read in an empty database yet.
struct Direct(bool);

impl Direct {
    fn set(store: &Store) -> Result<Direct> {
        let empty: bool = store.path.is_some()
            && store
                .conn
                .query_row("SELECT NOT EXISTS(SELECT 1 FROM customers)", [], |r| {
                    r.get(0)
                })?;
        if !empty {
            return Ok(Direct(false));
        }
        let mode: rusqlite::Result<String> =
            store
                .conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
        if !mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")) {
            return Ok(Direct(false));
        }
        if let Err(e) = store.conn.pragma_update(None, "synchronous", "EXTRA") {
            let _ = store
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            return Err(e.into());
        }
        Ok(Direct(true))
    }

    /// Back to WAL and `synchronous = FULL`. A failure here must not turn a committed load
    /// into a reported error: the next open of the file sets both again.
    fn restore(self, conn: &rusqlite::Connection) {
        if self.0 {
            let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            let _ = conn.pragma_update(None, "synchronous", "FULL");
        }
    }
}

impl Store {
    /// Loads many rows fast in one IMMEDIATE transaction.
    ///
    /// With `journal = Some((summary, at))` (imports) the load is one undoable change: rows
    /// appended to a table are journaled as one range (`change_ranges`), updates and deletes
    /// of rows that were there before row by row; the appended rows get their FTS entries
    /// and derived columns once at the end, and the non-unique indexes of tables that were
    /// empty are built once at the end too (so `f` must not look rows up by them).
    ///
    /// With `None` (demo data) nothing is journaled, the secondary indexes are set aside
    /// too, and all derived data is recomputed.
    pub fn bulk<T>(
        &mut self,
        journal: Option<(&str, i64)>,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.bulk_or_discard(journal, |w| Ok((f(w)?, true)))
    }

    /// [`Store::bulk`], but `f` also says whether to keep what it did: `false` rolls the
    /// whole load back and still returns its result (a dry run; a load that failed in a way
    /// `f` reports in its own result; one that changed nothing, not worth a journal entry).
    pub fn bulk_or_discard<T>(
        &mut self,
        journal: Option<(&str, i64)>,
        f: impl FnOnce(&Writer<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
        let scratch = SortOnDisk::set(&self.conn)?;
        let direct = Direct::set(self)?;
        let out = self.bulk_tx(journal, f);
        direct.restore(&self.conn);
        scratch.restore(&self.conn);
        out
    }

    fn bulk_tx<T>(
        &mut self,
        journal: Option<(&str, i64)>,
        f: impl FnOnce(&Writer<'_>) -> Result<(T, bool)>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((summary, at)) = journal {
            tx.execute(
                "INSERT INTO changes(at, summary) VALUES (?1, ?2)",
                rusqlite::params![at, summary],
            )?;
            let change_id = tx.last_insert_rowid();
            let was = super::journal::set_recording(&tx, true)?;
            let marks = high_marks(&tx)?;
            let aside = set_aside_for_append(&tx, &marks)?;
            // An index built once from all rows beats as many random inserts into it; a
            // loader matching against what it loaded keeps that in memory (interop::apply).
            let empty: Vec<&str> = marks
                .iter()
                .filter(|(_, max)| *max == 0)
                .map(|(t, _)| *t)
                .collect();
            let indexes = drop_indexes(&tx, &empty)?;
            let (out, keep) = f(&Writer { tx: &tx })?;
            if !keep {
                // (Dropping the transaction rolls it back, the indexes and triggers with it.)
                return Ok(out);
            }
            finish_append(&tx, change_id, &marks, aside, indexes)?;
            super::journal::restore_recording(&tx, was)?;
            super::journal::keep_after_images(&tx, change_id)?;
            tx.commit()?;
            self.made.push((change_id, at));
            return Ok(out);
        }
        drop_derived_triggers(&tx)?;
        let was = super::journal::set_recording(&tx, false)?;
        let (out, keep) = set_aside(&tx, || {
            let out = f(&Writer { tx: &tx })?;
            super::customer::name_key::fill(&tx)?;
            Ok(out)
        })?;
        if !keep {
            return Ok(out);
        }
        recompute(&tx)?;
        tx.execute_batch(DERIVED_SQL)?;
        super::journal::restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(out)
    }

    /// Recomputes derived data from the rows (doctor); returns how many customers' last
    /// contact or next follow-up were wrong.
    pub fn recompute_derived(&mut self) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let wrong: i64 = tx.query_row(
            &format!(
                "SELECT count(*) FROM customers WHERE
                   last_contact_at IS NOT {LAST_CONTACT_SQL}
                OR next_due IS NOT {NEXT_DUE_SQL}"
            ),
            [],
            |r| r.get(0),
        )?;
        let was = super::journal::set_recording(&tx, false)?;
        recompute(&tx)?;
        super::journal::restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(wrong as usize)
    }
}

impl Store {
    /// Deletes every customer and everything hanging off them, and the journal (demo --force).
    pub fn clear_all(&mut self) -> Result<()> {
        self.write(|w| {
            w.conn().execute_batch(
                "DELETE FROM change_ranges; DELETE FROM change_range_ends; DELETE FROM change_after;
                 DELETE FROM change_ops; DELETE FROM changes;
                 DELETE FROM follow_ups; DELETE FROM interactions; DELETE FROM deals;
                 DELETE FROM customer_tags; DELETE FROM tags; DELETE FROM contact_points;
                 UPDATE customers SET org_id = NULL; DELETE FROM customers;",
            )?;
            Ok(())
        })
    }
}
