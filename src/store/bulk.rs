//! Bulk loads (demo data, large imports): derived triggers off, rows in, derived data
//! recomputed once, triggers back on — all in one transaction.

use rusqlite::TransactionBehavior;

use super::migrate::DERIVED_SQL;
use super::{Result, Store, Writer};

fn derived_trigger_names() -> impl Iterator<Item = &'static str> {
    DERIVED_SQL.lines().filter_map(|l| {
        l.strip_prefix("CREATE TRIGGER ")
            .and_then(|rest| rest.split_whitespace().next())
    })
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
        match journal {
            Some((summary, at)) => {
                tx.execute(
                    "INSERT INTO changes(at, summary) VALUES (?1, ?2)",
                    rusqlite::params![at, summary],
                )?;
            }
            None => {
                tx.execute("UPDATE journal_state SET recording = 0", [])?;
            }
        }
        let out = f(&Writer { tx: &tx })?;
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
