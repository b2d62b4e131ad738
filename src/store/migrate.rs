//! Versioned schema migrations, an upgrade in one transaction, with a backup first.

use rusqlite::TransactionBehavior;

use super::{APPLICATION_ID, Result, Store, StoreError, journal, restrict};

mod past_limits;
use past_limits::past_limits;

/// One migration: the SQL to run and whether the journal triggers need regenerating.
struct Migration {
    version: i64,
    sql: &'static str,
    /// What SQL cannot do, run after `sql` in its transaction with the journal off.
    then: Option<fn(&rusqlite::Connection) -> Result<usize>>,
    /// What it will change of the user's data, each said in a line (read before it runs,
    /// for the notice): a migration that only adds to the schema has nothing to say.
    tells: Option<Tells>,
    /// What of the data derived from the rows it leaves to be worked out again: once, after
    /// the last version of an upgrade, however many versions name it ([`finish`]).
    derives: &'static [Derived],
}

/// Data derived from the rows that a migration changes the rule or the schema of, worked out
/// again from the rows once at the end of an upgrade ([`finish`]). The derived triggers
/// (derived.sql) are made again at the end of every upgrade, which they are off during.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Derived {
    /// The columns computed from a name (`name_key`, `name_latin`, `name_grams`), for every
    /// row whose columns are not its name's (`customer::name_key::repair`); the indexes of
    /// those columns with them (`customers_fts`, `name_grams_fts`).
    Names,
    /// A search index made again from its rows (`bulk::rebuild_index`).
    Index(&'static str),
    /// Every customer's next step, from its view `next_due_src`.
    NextDue,
}

/// A migration's account, before it runs, of what it will change (see `Migration::tells`).
type Tells = fn(&rusqlite::Connection) -> Result<Vec<String>>;

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("sql/001_init.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 2,
        sql: include_str!("sql/002_insight.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 3,
        sql: include_str!("sql/003_ranges.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 4,
        sql: include_str!("sql/004_fts_noprefix.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 5,
        sql: include_str!("sql/005_phone_00.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 6,
        sql: include_str!("sql/006_name_key.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names],
    },
    Migration {
        version: 7,
        sql: include_str!("sql/007_name_key_greek.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names],
    },
    Migration {
        version: 8,
        sql: include_str!("sql/008_phone_ext.sql"),
        then: Some(phone_extensions),
        tells: None,
        derives: &[],
    },
    Migration {
        version: 9,
        sql: include_str!("sql/009_address_parts.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 10,
        sql: include_str!("sql/010_follow_up_series.sql"),
        then: Some(follow_up_series),
        tells: None,
        derives: &[],
    },
    Migration {
        version: 11,
        sql: include_str!("sql/011_follow_up_event_uid.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 12,
        sql: include_str!("sql/012_name_latin.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names, Derived::Index("customers_fts")],
    },
    Migration {
        version: 13,
        sql: include_str!("sql/013_limits.sql"),
        then: None,
        tells: Some(past_limits),
        derives: &[],
    },
    Migration {
        version: 14,
        sql: include_str!("sql/014_name_key_latin.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names],
    },
    Migration {
        version: 15,
        sql: include_str!("sql/015_handover.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 16,
        sql: include_str!("sql/016_name_parts.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 17,
        sql: include_str!("sql/017_name_grams.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names, Derived::Index("name_grams_fts")],
    },
    Migration {
        version: 18,
        sql: include_str!("sql/018_writers_set_parts.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 19,
        sql: include_str!("sql/019_im_kind.sql"),
        then: Some(im_kind),
        tells: None,
        derives: &[],
    },
    Migration {
        version: 20,
        sql: include_str!("sql/020_marks_in_words.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Names],
    },
    Migration {
        version: 21,
        sql: include_str!("sql/021_org_last_contact.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 22,
        sql: include_str!("sql/022_text_grams.sql"),
        then: None,
        tells: None,
        derives: &[
            Derived::Index("customers_fts"),
            Derived::Index("interactions_fts"),
            Derived::Index("follow_ups_fts"),
            Derived::Index("text_grams_fts"),
        ],
    },
    Migration {
        version: 23,
        sql: include_str!("sql/023_text_grams_marks.sql"),
        then: None,
        tells: None,
        derives: &[Derived::Index("text_grams_fts")],
    },
    Migration {
        version: 24,
        sql: include_str!("sql/024_last_contact_seek.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
    Migration {
        version: 25,
        sql: include_str!("sql/025_org_next_due.sql"),
        then: None,
        tells: None,
        derives: &[Derived::NextDue],
    },
    Migration {
        version: 27,
        sql: include_str!("sql/027_own_changes.sql"),
        then: None,
        tells: None,
        derives: &[],
    },
];

/// The first schema whose journal is off at rest (`027_own_changes.sql`): rolo's changes turn it
/// on for themselves. Before, it was on at rest, and a file made or upgraded to an older
/// version is left so.
const OFF_AT_REST: i64 = 27;

/// Schema v19: the contact points of kind `other` that are addresses of instant messaging
/// (a value of a scheme of [`crate::domain::contact::IM_SCHEMES`]) made of kind `im`, in the
/// rows, in the undo journal's before-images of them, and in the handover records of
/// dossiers (`customers.handover`, and the journal's images of customers, which hold it as
/// text), whose contact points a returning dossier is merged against.
fn im_kind(conn: &rusqlite::Connection) -> Result<usize> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, value FROM contact_points WHERE kind = 'other'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for (id, _) in rows.iter().filter(|(_, v)| is_im_of_other(v)) {
        conn.prepare_cached("UPDATE contact_points SET kind = 'im' WHERE id = ?1")?
            .execute([id])?;
        n += 1;
    }
    // Each JSON text of `select` (its key, then the text), as `update` stores it again.
    let each_json = |select: &str, update: &str| -> Result<()> {
        let texts: Vec<(i64, String)> = conn
            .prepare(select)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (key, text) in &texts {
            if let Some(new) = im_kinds_in(conn, text)? {
                conn.prepare_cached(update)?
                    .execute(rusqlite::params![new, key])?;
            }
        }
        Ok(())
    };
    each_json(
        "SELECT rowid, old FROM change_ops WHERE tbl = 'contact_points' AND old IS NOT NULL
           AND json_extract(old, '$.kind') = 'other'",
        "UPDATE change_ops SET old = ?1 WHERE rowid = ?2",
    )?;
    each_json(
        "SELECT id, handover FROM customers WHERE handover LIKE '%\"other\"%'",
        "UPDATE customers SET handover = ?1 WHERE id = ?2",
    )?;
    each_json(
        "SELECT rowid, json_extract(old, '$.handover') FROM change_ops
          WHERE tbl = 'customers' AND old IS NOT NULL
            AND json_extract(old, '$.handover') LIKE '%\"other\"%'",
        "UPDATE change_ops SET old = json_set(old, '$.handover', ?1) WHERE rowid = ?2",
    )?;
    Ok(n)
}

/// Whether a contact point of kind `other` holding `value` is of kind `im` now
/// ([`ContactKind::before_im`]).
fn is_im_of_other(value: &str) -> bool {
    use crate::domain::ContactKind::{Im, Other};
    crate::domain::ContactKind::before_im(Other, value, Other) == Im
}

/// The JSON `text` with every contact point in it (an object with `"kind": "other"` and a
/// `value`) that is an address of instant messaging made of kind `im`, the rest as it was
/// (`SQLite`'s `json_set` keeps the keys' order); `None` when it has none.
fn im_kinds_in(conn: &rusqlite::Connection, text: &str) -> Result<Option<String>> {
    let paths: Vec<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT fullkey, json_extract(?1, path || '.value') FROM json_tree(?1)
              WHERE key = 'kind' AND atom = 'other'",
        )?
        .query_map([text], |r| Ok((r.get(0)?, r.get(1).ok())))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Option<String> = None;
    for (path, value) in paths {
        if value.is_some_and(|v| is_im_of_other(&v)) {
            let now = out.as_deref().unwrap_or(text);
            out = Some(
                conn.prepare_cached("SELECT json_set(?1, ?2, 'im')")?
                    .query_row([now, &path], |r| r.get(0))?,
            );
        }
    }
    Ok(out)
}

/// Schema v10: the follow-ups of before linked to their series as far as the data tells,
/// and the undo journal's before-images of follow-ups given the new columns: an undo puts
/// a row back from its image, where a missing key is NULL, which `reschedule_count` may
/// not be, and a row put back without its series would leave it.
fn follow_up_series(conn: &rusqlite::Connection) -> Result<usize> {
    let n = super::follow_up::link_series(conn)?;
    conn.execute(
        "UPDATE change_ops SET old = json_set(old,
           '$.series_id', (SELECT series_id FROM follow_ups WHERE id = change_ops.row_id),
           '$.reschedule_count', 0)
         WHERE tbl = 'follow_ups' AND old IS NOT NULL",
        [],
    )?;
    Ok(n)
}

/// Schema v8: the norms of phones with an extension (a letter or `;` in the value), in the
/// rows and in the undo journal's before-images, computed again without it.
fn phone_extensions(conn: &rusqlite::Connection) -> Result<usize> {
    // Each selected row's key and phone value, and the statement that stores its new norm.
    let renormalize = |select: &str, update: &str| -> Result<usize> {
        let rows: Vec<(i64, String)> = conn
            .prepare(select)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(update)?;
        for (key, value) in &rows {
            stmt.execute(rusqlite::params![
                crate::domain::text::phone_norm(value),
                key
            ])?;
        }
        Ok(rows.len())
    };
    let n = renormalize(
        "SELECT id, value FROM contact_points WHERE kind = 'phone' AND value GLOB '*[A-Za-z;]*'",
        "UPDATE contact_points SET norm = ?1 WHERE id = ?2",
    )?;
    renormalize(
        "SELECT rowid, json_extract(old, '$.value') FROM change_ops
         WHERE tbl = 'contact_points' AND old IS NOT NULL
           AND json_extract(old, '$.kind') = 'phone'
           AND json_extract(old, '$.value') GLOB '*[A-Za-z;]*'",
        "UPDATE change_ops SET old = json_set(old, '$.norm', ?1) WHERE rowid = ?2",
    )?;
    Ok(n)
}

/// Trigger definitions for derived data (FTS, denormalized columns).
pub(super) const DERIVED_SQL: &str = include_str!("sql/derived.sql");

/// The newest schema version this build knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Refuses a database that is not rolo's, or is newer than this build, without writing to
/// it; returns its schema version (0 for a new, empty file).
pub(super) fn check(store: &Store) -> Result<i64> {
    let conn = &store.conn;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let path = store.path.clone().unwrap_or_default();
    // Other programs set user_version too: without our application_id it is not ours.
    if version > 0 && app_id != APPLICATION_ID {
        return Err(StoreError::Foreign(path));
    }
    if version > latest() {
        return Err(StoreError::TooNew {
            path,
            found: version,
            supported: latest(),
        });
    }
    if version == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::Foreign(path));
        }
    }
    Ok(version)
}

/// An existing database about to be upgraded: from and to which schema version, and where
/// the copy of the old file goes (`None` when one is there already).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    /// The file's schema version.
    pub from: i64,
    /// This build's.
    pub to: i64,
    /// The copy taken first.
    pub backup: Option<std::path::PathBuf>,
    /// What the upgrade changes of the data, a line each (values past a limit, brought to
    /// it; the copy keeps them as they were). Raw text of the database: sanitize to show it.
    pub changes: Vec<String>,
}

pub(super) fn run(store: &mut Store, notice: &mut dyn FnMut(&Upgrade)) -> Result<()> {
    let version = check(store)?;
    if version == latest() {
        return Ok(());
    }
    if version > 0
        && let Some(p) = &store.path
    {
        let backup = p.with_extension(format!("v{version}-backup.db"));
        let mut changes = Vec::new();
        for tells in MIGRATIONS
            .iter()
            .filter(|m| m.version > version)
            .filter_map(|m| m.tells)
        {
            changes.extend(tells(&store.conn)?);
        }
        notice(&Upgrade {
            from: version,
            to: latest(),
            backup: (!backup.exists()).then(|| backup.clone()),
            changes,
        });
        if !backup.exists() {
            store
                .conn
                .execute("VACUUM INTO ?1", [backup.to_string_lossy().as_ref()])?;
            restrict(&backup)?;
        }
    }
    // The whole upgrade, or the making of a new file, is one transaction: one sync, and a
    // crash in the middle leaves the file as it was, never between two versions (twenty
    // commits made creating a database took 0.3 s, a fresh import's first sixth).
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have upgraded it, or made it, while we waited for the lock (an
    // older rolo, maybe: then it is upgraded from there).
    let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if now < latest() {
        upgrade(&tx, now, latest())?;
    }
    tx.commit()?;
    Ok(())
}

/// Brings the file in `tx` from schema version `from` (0: a new file) to `to`.
///
/// A new file holds no rows: what a version computes of them (`then`, [`Migration::derives`])
/// has nothing to do. An older file's derived triggers are dropped first, and the versions run
/// without them: what they leave to work out again from the rows is worked out once, after
/// the last ([`finish`]), however many versions name it (an upgrade from v21 indexed the
/// letter pairs at v22 and again at v23, and made the derived triggers four times). Either
/// way the derived triggers are made once at the end, for the tables as the last version left
/// them, and so are the undo journal's.
fn upgrade(tx: &rusqlite::Transaction<'_>, from: i64, to: i64) -> Result<()> {
    let rows = from > 0;
    if rows {
        super::bulk::drop_derived_triggers(tx)?;
    }
    let mut derived: Vec<Derived> = Vec::new();
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > from && m.version <= to)
    {
        step(tx, m, rows)?;
        for d in m.derives {
            if !derived.contains(d) {
                derived.push(*d);
            }
        }
    }
    if rows {
        finish(tx, &derived)?;
    } else {
        super::bulk::drop_derived_triggers(tx)?;
        tx.execute_batch(DERIVED_SQL)?;
    }
    journal::install_triggers(tx)
}

/// After the last version of an upgrade (the derived triggers dropped): the columns computed
/// from names, the derived triggers made again, then the search indexes and next steps
/// `derived` names worked out from the rows, each once. The journal is off: all of it is
/// derived from the rows.
fn finish(tx: &rusqlite::Transaction<'_>, derived: &[Derived]) -> Result<()> {
    let was = journal::set_recording(tx, false)?;
    let mut indexes: Vec<&str> = derived
        .iter()
        .filter_map(|d| match d {
            Derived::Index(fts) => Some(*fts),
            _ => None,
        })
        .collect();
    if derived.contains(&Derived::Names) {
        // Before the triggers are back, so that no row's index entries are moved about: the
        // indexes of the columns it writes are made again after, from the rows.
        super::customer::name_key::repair(tx)?;
        for fts in ["customers_fts", "name_grams_fts"] {
            if !indexes.contains(&fts) {
                indexes.push(fts);
            }
        }
    }
    tx.execute_batch(DERIVED_SQL)?;
    for fts in indexes {
        super::bulk::rebuild_index(tx, fts)?;
    }
    if derived.contains(&Derived::NextDue) {
        tx.execute(
            &format!(
                "UPDATE customers SET next_due = {NEXT_DUE_SQL} WHERE next_due IS NOT {NEXT_DUE_SQL}",
                NEXT_DUE_SQL = super::bulk::NEXT_DUE_SQL
            ),
            [],
        )?;
    }
    journal::restore_recording(tx, was)?;
    Ok(())
}

/// Makes a new file at schema `version` only, as a rolo of that version made it (for tests
/// of an upgrade from it; its derived triggers are today's, as those of a file made new).
#[cfg(test)]
pub(super) fn make_at(conn: &mut rusqlite::Connection, version: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    upgrade(&tx, 0, version)?;
    tx.commit()?;
    Ok(())
}

/// Brings the schema in `tx` to version `m`; the derived triggers and the undo journal's are
/// the caller's to make after the last ([`upgrade`]). With `rows` false (a new file) the
/// migration's `then` is not run.
fn step(tx: &rusqlite::Transaction<'_>, m: &Migration, rows: bool) -> Result<()> {
    // A migration is no change of the user's: with the journal recording, its row
    // updates would be added to the user's last change (and undone with it), or,
    // with no change recorded yet, fail for want of one. (Before version 1 there is no
    // journal, nor a trigger to record.)
    if m.version > 1 {
        journal::set_recording(tx, false)?;
    }
    tx.execute_batch(m.sql)?;
    if rows && let Some(then) = m.then {
        then(tx)?;
    }
    if m.version == 1 {
        tx.execute_batch(DERIVED_SQL)?;
    }
    // As the journal is at rest in the version the file is now at.
    let at_rest = i64::from(m.version < OFF_AT_REST);
    journal::restore_recording(tx, at_rest)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", m.version)?;
    Ok(())
}
