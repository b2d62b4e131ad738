//! The change journal: generated triggers record before-images; `undo` replays them backwards.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Result, Store};

mod after;
pub(super) use after::keep_after_images;

/// Tables whose rows user actions change; everything else is derived or internal.
pub(super) const JOURNALED: &[&str] = &[
    "customers",
    "contact_points",
    "tags",
    "customer_tags",
    "deals",
    "interactions",
    "follow_ups",
    "settings",
];

/// Turns the journal's recording on or off for the rest of `conn`'s transaction; returns what
/// it was, for [`restore_recording`]. Off at rest (schema v27): only a change rolo opens
/// records, so another program's writes to the file are no part of rolo's last change.
pub(super) fn set_recording(conn: &rusqlite::Connection, on: bool) -> Result<i64> {
    let was: i64 = conn
        .prepare_cached("SELECT recording FROM journal_state WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    conn.prepare_cached("UPDATE journal_state SET recording = ?1")?
        .execute([i64::from(on)])?;
    Ok(was)
}

/// Puts the journal's recording back as [`set_recording`] found it.
pub(super) fn restore_recording(conn: &rusqlite::Connection, was: i64) -> Result<()> {
    conn.prepare_cached("UPDATE journal_state SET recording = ?1")?
        .execute([was])?;
    Ok(())
}

fn columns(tx: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols)
}

/// (Re)creates the journal triggers from the tables' current columns, so a migration
/// that adds a column keeps undo complete.
pub(super) fn install_triggers(tx: &Transaction<'_>) -> Result<()> {
    for table in JOURNALED {
        let cols = columns(tx, table)?;
        let json = |prefix: &str| {
            let pairs: Vec<String> = cols
                .iter()
                .map(|c| format!("'{c}', {prefix}.\"{c}\""))
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        // `settings` is WITHOUT ROWID: its key identifies the row, kept in `old`.
        let rowid = |prefix: &str| {
            if *table == "settings" {
                "0".to_string()
            } else {
                format!("{prefix}.rowid")
            }
        };
        let when = "WHEN (SELECT recording FROM journal_state WHERE id = 1) = 1";
        let change = "(SELECT max(id) FROM changes)";
        let sql = format!(
            "DROP TRIGGER IF EXISTS journal_{table}_i;
             DROP TRIGGER IF EXISTS journal_{table}_u;
             DROP TRIGGER IF EXISTS journal_{table}_d;
             CREATE TRIGGER journal_{table}_i AFTER INSERT ON {table} {when} BEGIN
               INSERT INTO change_ops(change_id, tbl, op, row_id, old)
               VALUES ({change}, '{table}', 'I', {new_rowid}, {new_json});
             END;
             CREATE TRIGGER journal_{table}_u AFTER UPDATE ON {table} {when} BEGIN
               INSERT INTO change_ops(change_id, tbl, op, row_id, old)
               VALUES ({change}, '{table}', 'U', {old_rowid}, {old_json});
             END;
             CREATE TRIGGER journal_{table}_d AFTER DELETE ON {table} {when} BEGIN
               INSERT INTO change_ops(change_id, tbl, op, row_id, old)
               VALUES ({change}, '{table}', 'D', {old_rowid}, {old_json});
             END;",
            new_rowid = rowid("NEW"),
            old_rowid = rowid("OLD"),
            new_json = json("NEW"),
            old_json = json("OLD"),
        );
        tx.execute_batch(&sql)?;
    }
    Ok(())
}

impl super::Writer<'_> {
    /// Keeps each `(id, record)` as that customer's handover record (`customers.handover`,
    /// JSON). When this change wrote their row already, the undo journal has its image from
    /// before, which puts the record back with the rest of the row: writing it again adds no
    /// second image (a dossier handed back that changed fields is one write of the row in
    /// `undo`, as any edit is).
    ///
    /// The rows this change imaged are read once, whatever the number of records: a restore
    /// handing back thousands of customers does not read the change's journal once each.
    pub fn keep_handovers(&self, records: &[(crate::domain::CustomerId, String)]) -> Result<()> {
        let imaged = self.imaged_customers()?;
        let mut update = self
            .tx
            .prepare_cached("UPDATE customers SET handover = ?1 WHERE id = ?2")?;
        let (again, first): (Vec<_>, Vec<_>) =
            records.iter().partition(|(id, _)| imaged.contains(&id.0));
        for (id, record) in first {
            update.execute(params![record, id.0])?;
        }
        if !again.is_empty() {
            self.unjournaled(|| {
                for (id, record) in again {
                    update.execute(params![record, id.0])?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The customers whose row this change has journaled already (inserted, or an image from
    /// before): writing them again needs no second image. Empty when the change is not
    /// journaled.
    pub fn imaged_customers(&self) -> Result<std::collections::HashSet<i64>> {
        let recording: bool = self
            .tx
            .prepare_cached("SELECT recording = 1 FROM journal_state WHERE id = 1")?
            .query_row([], |r| r.get(0))?;
        if !recording {
            return Ok(std::collections::HashSet::new());
        }
        Ok(self
            .tx
            .prepare_cached(
                "SELECT row_id FROM change_ops WHERE change_id = (SELECT max(id) FROM changes)
                   AND tbl = 'customers'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Runs `f` with the journal not recording: for writes of rows whose image from before
    /// this change holds already ([`Writer::imaged_customers`]). Recording is as it was
    /// again after, whatever `f` returned.
    pub fn unjournaled<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let was = set_recording(self.tx, false)?;
        let out = f();
        restore_recording(self.tx, was)?;
        out
    }
}

/// What `undo` reversed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Undone {
    /// The change's journal id.
    pub change_id: i64,
    /// What the change was ("log call with Anna Kowalska").
    pub summary: String,
    /// How many row changes were reversed.
    pub rows: usize,
}

impl Store {
    /// Reverses the most recent change that is not undone yet, at the start of second `at`
    /// (unix seconds; [`Store::undo_change`] takes an instant). `None` when there is none.
    ///
    /// A follow-up series put back to another occurrence, day, time or status is a new
    /// revision of its calendar event, not the old one again: at `at` (the event's DTSTAMP)
    /// and with a SEQUENCE above what the undone change exported (a calendar ignores an
    /// update whose SEQUENCE is not higher). See `follow_up::revise` and `interop::ical`.
    pub fn undo(&mut self, at: i64) -> Result<Option<Undone>> {
        self.undo_change(None, super::row::ts(at))
    }

    /// [`Store::undo`], and with `expected`, only if that change is still the newest: the one
    /// a screen named before the user said yes (another process may have made a newer one
    /// since). A newer one is refused, named, and nothing is undone.
    ///
    /// `at` is one instant: the journal keeps its second, and a follow-up's event revised by
    /// the undo is stamped with all of it (seconds and nanoseconds).
    pub fn undo_change(
        &mut self,
        expected: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<Option<Undone>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((change_id, _, summary)) = newest_undoable(&tx)? else {
            return Ok(None);
        };
        if expected.is_some_and(|x| x != change_id) {
            return Err(super::StoreError::Invalid(format!(
                "a newer change came in since: {}; nothing was undone (undo again to undo it)",
                crate::domain::text::sanitize(&summary)
            )));
        }
        // Before anything is written: refused, naming what, if another program changed since
        // what this change wrote; else what of theirs to keep.
        let theirs = after::reconcile(&tx, change_id, &summary)?;
        let was = set_recording(&tx, false)?;
        let ops: Vec<(String, String, i64, Option<String>)> = {
            let mut stmt = tx.prepare(
                "SELECT tbl, op, row_id, old FROM change_ops WHERE change_id = ?1 ORDER BY id DESC",
            )?;
            stmt.query_map([change_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        // The follow-up series the change touched, and what their events show before it is
        // undone: what the undo puts back is a new revision of each (see `follow_up::revise`).
        let mut series = std::collections::BTreeMap::new();
        for (table, _, row_id, old) in &ops {
            if table != "follow_ups" {
                continue;
            }
            let head = match super::follow_up::series_of(&tx, *row_id)? {
                Some(head) => head,
                None => old
                    .as_deref()
                    .map(|old| {
                        tx.query_row(
                            "SELECT coalesce(json_extract(?1, '$.series_id'), ?2)",
                            params![old, row_id],
                            |r| r.get(0),
                        )
                    })
                    .transpose()?
                    .unwrap_or(*row_id),
            };
            if let std::collections::btree_map::Entry::Vacant(e) = series.entry(head)
                && let Some(shown) = super::follow_up::shown(&tx, head)?
            {
                e.insert(shown);
            }
        }
        // One set of statements per table, built from its columns once per undo.
        let mut statements: std::collections::HashMap<&str, Reversal> =
            std::collections::HashMap::new();
        for (table, op, row_id, old) in &ops {
            if !JOURNALED.contains(&table.as_str()) {
                continue;
            }
            if !statements.contains_key(table.as_str()) {
                statements.insert(table, Reversal::new(&tx, table)?);
            }
            statements[table.as_str()].reverse(&tx, op, *row_id, old.as_deref())?;
        }
        for (head, before) in &series {
            super::follow_up::revise(&tx, *head, before, at)?;
        }
        theirs.keep(&tx)?;
        after::recompute_derived(&tx, change_id)?;
        let ranges = undo_ranges(&tx, change_id)?;
        // A row put back under another name, or from an image older than its key; texts
        // put back or taken out in the index of letter pairs.
        super::before_commit(&tx)?;
        tx.execute("UPDATE changes SET undone = 1 WHERE id = ?1", [change_id])?;
        restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(Some(Undone {
            change_id,
            summary,
            rows: ops.len() + ranges,
        }))
    }

    /// The change [`Store::undo`] would reverse now: (id, unix time, summary).
    pub fn undoable(&self) -> Result<Option<(i64, i64, String)>> {
        newest_undoable(&self.conn)
    }

    /// Whether this store made the change `change_id` of time `at` (another process, or
    /// this one before it was opened, made the others).
    #[must_use]
    pub fn made_here(&self, change_id: i64, at: i64) -> bool {
        self.made.contains(&(change_id, at))
    }

    /// The changes this store made, for another store of the same database to adopt.
    #[must_use]
    pub fn made(&self) -> &[(i64, i64)] {
        &self.made
    }

    /// Counts changes another store of this process made (an import on its own thread and
    /// connection) as this one's.
    pub fn adopt(&mut self, made: &[(i64, i64)]) {
        self.made.extend_from_slice(made);
    }

    /// The latest changes, newest first: (id, unix time, summary, undone).
    pub fn recent_changes(&self, limit: usize) -> Result<Vec<(i64, i64, String, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, summary, undone FROM changes ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// The newest change not undone yet: (id, unix time, summary).
fn newest_undoable(conn: &rusqlite::Connection) -> Result<Option<(i64, i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, at, summary FROM changes WHERE undone = 0 ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Deletes the rows a bulk load appended (its `change_ranges`), the tables in reverse journal
/// order so rows go before what they reference; returns how many rows went.
fn undo_ranges(tx: &Transaction<'_>, change_id: i64) -> Result<usize> {
    let ranges: Vec<(String, i64, Option<i64>)> = tx
        .prepare(
            "SELECT r.tbl, r.first_id, e.last_id FROM change_ranges r
               LEFT JOIN change_range_ends e ON e.change_id = r.change_id AND e.tbl = r.tbl
              WHERE r.change_id = ?1",
        )?
        .query_map([change_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = 0;
    for table in JOURNALED.iter().rev() {
        // Up to the last row the load appended (schema v27; a range from before has none):
        // rows another program appended after it are theirs.
        if let Some((_, first, last)) = ranges.iter().find(|(t, _, _)| t == table) {
            rows += tx.execute(
                &format!("DELETE FROM {table} WHERE rowid >= ?1 AND (?2 IS NULL OR rowid <= ?2)"),
                params![first, last],
            )?;
        }
    }
    Ok(rows)
}

/// The statements that reverse one journaled table's row changes from their JSON images.
struct Reversal {
    /// Undoes an insert (`?1`: the rowid, or for `settings` the JSON with the key).
    delete: String,
    /// Undoes an update (`?1`: the JSON before; `?2`: the rowid, but for `settings`).
    update: String,
    /// Undoes a delete (`?1`: the JSON before).
    insert: String,
    settings: bool,
}

impl Reversal {
    fn new(tx: &Transaction<'_>, table: &str) -> Result<Self> {
        let cols = columns(tx, table)?;
        let settings = table == "settings";
        let (key_col, key_expr) = if settings {
            ("key", "json_extract(?1, '$.key')")
        } else {
            ("rowid", "?2")
        };
        let sets: Vec<String> = cols
            .iter()
            .map(|c| format!("\"{c}\" = json_extract(?1, '$.\"{c}\"')"))
            .collect();
        let names: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let values: Vec<String> = cols
            .iter()
            .map(|c| format!("json_extract(?1, '$.\"{c}\"')"))
            .collect();
        Ok(Reversal {
            delete: if settings {
                "DELETE FROM settings WHERE key = json_extract(?1, '$.key')".into()
            } else {
                format!("DELETE FROM {table} WHERE rowid = ?1")
            },
            update: format!(
                "UPDATE {table} SET {} WHERE {key_col} = {key_expr}",
                sets.join(", ")
            ),
            insert: format!(
                "INSERT INTO {table}({}) VALUES ({})",
                names.join(", "),
                values.join(", ")
            ),
            settings,
        })
    }

    fn reverse(
        &self,
        tx: &Transaction<'_>,
        op: &str,
        row_id: i64,
        old: Option<&str>,
    ) -> Result<()> {
        match (op, old) {
            ("I", Some(new)) if self.settings => {
                tx.prepare_cached(&self.delete)?.execute([new])?;
            }
            ("I", _) => {
                tx.prepare_cached(&self.delete)?.execute([row_id])?;
            }
            ("U", Some(old)) if self.settings => {
                tx.prepare_cached(&self.update)?.execute([old])?;
            }
            ("U", Some(old)) => {
                tx.prepare_cached(&self.update)?
                    .execute(params![old, row_id])?;
            }
            ("D", Some(old)) => {
                tx.prepare_cached(&self.insert)?.execute([old])?;
            }
            _ => {}
        }
        Ok(())
    }
}
