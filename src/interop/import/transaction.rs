//! One import as one journaled bulk transaction, rolled back on error or dry run.

use crate::interop::ImportError;
use crate::store::{Store, Writer};

/// Where the references an import writes (customer, organization and tag ids) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refs {
    /// From the file (a backup or dossier names ids): the database checks every one, at commit.
    FromFile,
    /// From the loader itself ([`Applier`](crate::interop::apply::Applier)): each id is one it allocated or looked up in this
    /// transaction, so a release build spares the database the lookup of every row's parent (a
    /// person's organization sits on a random page of `customers`; 8% of a 100k import).
    /// Debug builds, which the tests run, still check them.
    Own,
}

/// Runs `f` as one journaled bulk load ([`Store::bulk`]: appended rows journaled as ranges,
/// their FTS entries and the indexes of empty tables built once at the end — faster than
/// row-by-row journaling at every size, from a handful of contacts up); a dry run rolls it
/// back, and so does a result `keep` finds not worth a journal entry (an import that changed
/// nothing: a `rolo undo` of it would undo nothing).
pub fn in_transaction<T>(
    store: &mut Store,
    summary: &str,
    now: i64,
    dry_run: bool,
    refs: Refs,
    f: impl FnOnce(&Writer<'_>) -> Result<T, ImportError>,
    keep: impl FnOnce(&T) -> bool,
) -> Result<T, ImportError> {
    let body = |w: &Writer<'_>| -> crate::store::Result<(Result<T, ImportError>, bool)> {
        // Checked at commit instead of per statement: with `INSERT OR FAIL` this spares
        // SQLite a statement journal (a copy of every page each row touches). Reset at the
        // end of the transaction by SQLite itself.
        w.conn().pragma_update(None, "defer_foreign_keys", "ON")?;
        let out = f(w);
        // Any error rolls the whole transaction back.
        let kept = matches!(&out, Ok(v) if !dry_run && keep(v));
        Ok((out, kept))
    };
    // (The default 2 MiB page cache is kept: a bigger one was no faster and cost memory.)
    let conn = store.conn();
    // Outside the transaction: SQLite ignores this pragma inside one.
    let unchecked = refs == Refs::Own && !cfg!(debug_assertions);
    if unchecked {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
    }
    let result = store.bulk_or_discard(Some((summary, now)), body);
    if unchecked {
        store.conn().pragma_update(None, "foreign_keys", "ON")?;
    }
    result?
}
