//! Bulk loads (demo data, large imports): derived triggers off, rows in, derived data
//! recomputed once, triggers back on — all in one transaction.

use rusqlite::TransactionBehavior;

use super::journal::JOURNALED;
use super::migrate::DERIVED_SQL;
use super::{Result, Store, Writer};

fn derived_trigger_names() -> impl Iterator<Item = &'static str> {
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

/// SQL that recomputes every derived column and index from the rows.
pub(super) const RECOMPUTE_SQL: &str = "
INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
INSERT INTO interactions_fts(interactions_fts) VALUES ('rebuild');
INSERT INTO follow_ups_fts(follow_ups_fts) VALUES ('rebuild');
UPDATE customers SET
  last_contact_at = (SELECT max(occurred_at) FROM interactions
                      WHERE customer_id = customers.id AND kind <> 'note'),
  next_due = (SELECT min(due_date) FROM follow_ups
               WHERE customer_id = customers.id AND status = 'open');";

impl Store {
    /// Loads many rows fast in one IMMEDIATE transaction. With `journal = Some((summary, at))`
    /// the inserted rows are recorded so `undo` can take the whole load back; derived data is
    /// recomputed (unjournaled) after `f`.
    pub fn bulk<T>(
        &mut self,
        journal: Option<(&str, i64)>,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for name in derived_trigger_names() {
            tx.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}"))?;
        }
        let out = if let Some((summary, at)) = journal {
            tx.execute(
                "INSERT INTO changes(at, summary) VALUES (?1, ?2)",
                rusqlite::params![at, summary],
            )?;
            f(&Writer { tx: &tx })?
        } else {
            tx.execute("UPDATE journal_state SET recording = 0", [])?;
            set_aside(&tx, || f(&Writer { tx: &tx }))?
        };
        tx.execute("UPDATE journal_state SET recording = 0", [])?;
        tx.execute_batch(RECOMPUTE_SQL)?;
        tx.execute_batch(DERIVED_SQL)?;
        tx.execute("UPDATE journal_state SET recording = 1", [])?;
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
            "SELECT count(*) FROM customers WHERE
               last_contact_at IS NOT (SELECT max(occurred_at) FROM interactions
                                        WHERE customer_id = customers.id AND kind <> 'note')
            OR next_due IS NOT (SELECT min(due_date) FROM follow_ups
                                 WHERE customer_id = customers.id AND status = 'open')",
            [],
            |r| r.get(0),
        )?;
        tx.execute("UPDATE journal_state SET recording = 0", [])?;
        tx.execute_batch(RECOMPUTE_SQL)?;
        tx.execute("UPDATE journal_state SET recording = 1", [])?;
        tx.commit()?;
        Ok(wrong as usize)
    }
}

impl Store {
    /// Deletes every customer and everything hanging off them, and the journal (demo --force).
    pub fn clear_all(&mut self) -> Result<()> {
        self.write(|w| {
            w.conn().execute_batch(
                "DELETE FROM change_ops; DELETE FROM changes;
                 DELETE FROM follow_ups; DELETE FROM interactions; DELETE FROM deals;
                 DELETE FROM customer_tags; DELETE FROM tags; DELETE FROM contact_points;
                 UPDATE customers SET org_id = NULL; DELETE FROM customers;",
            )?;
            Ok(())
        })
    }
}
