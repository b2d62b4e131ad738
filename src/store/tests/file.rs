//! Opening real files: permissions, pragmas, WAL, and refusing files that are not ours.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::*;
use crate::store::{APPLICATION_ID, StoreError, migrate};

pub(super) fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub(super) fn pragma_text(store: &Store, name: &str) -> String {
    store
        .conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}

/// Fails with the first differing offset instead of printing whole files.
fn assert_untouched(path: &Path, before: &[u8]) {
    let after = std::fs::read(path).unwrap();
    let first_diff = before.iter().zip(&after).position(|(a, b)| a != b);
    assert!(
        after == before,
        "{} changed: {} -> {} bytes, first difference at byte {first_diff:?}",
        path.display(),
        before.len(),
        after.len()
    );
}

fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// A `SQLite` file written by someone else, in the default rollback-journal mode.
fn foreign_db(path: &Path, pragmas: &str) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "{pragmas}
         CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
         INSERT INTO notes(body) VALUES ('keep me');"
    ))
    .unwrap();
    drop(conn);
    std::fs::read(path).unwrap()
}

#[test]
fn open_creates_private_dir_file_and_wal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data").join("rolo");
    let path = dir.join("rolo.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.path(), Some(path.as_path()));
    assert_eq!(mode(&tmp.path().join("data")), 0o700);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(pragma_text(&store, "journal_mode"), "wal");
    assert_eq!(pragma_text(&store, "synchronous"), "2"); // FULL
    assert_eq!(pragma_text(&store, "foreign_keys"), "1");
    assert_eq!(
        pragma_text(&store, "application_id"),
        APPLICATION_ID.to_string()
    );
    assert_eq!(
        pragma_text(&store, "user_version"),
        migrate::latest().to_string()
    );

    let anna = add(&mut store, &person("Anna Kowalska"));
    let wal = sidecar(&path, "-wal");
    assert!(wal.exists(), "a write in WAL mode leaves a -wal file");
    assert_eq!(mode(&wal), 0o600);
    assert_eq!(mode(&sidecar(&path, "-shm")), 0o600);
    drop(store);

    let again = Store::open(&path).unwrap();
    assert_eq!(again.customer(anna).unwrap().name, "Anna Kowalska");
    assert_eq!(pragma_text(&again, "journal_mode"), "wal");
    assert_eq!(mode(&path), 0o600);
}

/// A bulk load into an empty database writes straight into the file (a rollback journal:
/// no second copy of every page through the WAL), and the file is in WAL mode after; not
/// when another connection has the file open, nor into a database with customers.
#[test]
fn a_bulk_load_into_an_empty_file_skips_the_wal_and_leaves_it_in_wal_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("rolo.db");
    let mode_in_load = |store: &mut Store| -> String {
        store
            .bulk(Some(("import", 0)), |w| {
                w.conn()
                    .execute_batch(
                        "INSERT INTO customers(name, uid, created_at, updated_at)
                         VALUES ('Anna', lower(hex(randomblob(16))), 0, 0)",
                    )
                    .unwrap();
                let mode: String = w
                    .conn()
                    .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                    .unwrap();
                let sync: i64 = w
                    .conn()
                    .query_row("PRAGMA synchronous", [], |r| r.get(0))
                    .unwrap();
                // EXTRA (3) for a rollback journal: its deletion is the commit.
                Ok(format!("{mode} {sync}"))
            })
            .unwrap()
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(mode_in_load(&mut store), "delete 3");
    assert_eq!(pragma_text(&store, "journal_mode"), "wal");
    assert_eq!(pragma_text(&store, "synchronous"), "2");
    assert!(!sidecar(&path, "-journal").exists());
    // Not empty now: a load appends through the WAL.
    assert_eq!(mode_in_load(&mut store), "wal 2");
    drop(store);

    let other = tempfile::tempdir().unwrap();
    let path = other.path().join("rolo.db");
    let mut store = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    assert_eq!(mode_in_load(&mut store), "wal 2");
    assert_eq!(
        reader
            .count_customers(&crate::store::ListFilter::default())
            .unwrap(),
        1
    );
}

#[test]
fn open_keeps_an_existing_directory_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = tmp.path().join("rolo.db");
    Store::open(&path).unwrap();
    assert_eq!(mode(tmp.path()), 0o755);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn open_initializes_an_empty_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        pragma_text(&store, "application_id"),
        APPLICATION_ID.to_string()
    );
    assert_eq!(
        pragma_text(&store, "user_version"),
        migrate::latest().to_string()
    );
    assert!(store.is_empty().unwrap());
    add(&mut store, &person("Anna"));
    assert!(!store.is_empty().unwrap());
}

#[test]
fn open_refuses_a_text_file_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("contacts.csv");
    let text = b"name,email\nAnna,anna@acme.pl\n";
    std::fs::write(&path, text).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(&err, StoreError::NotADatabase(p) if p == &path),
        "{err:?}"
    );
    assert!(err.to_string().contains("contacts.csv"), "{err}");
    assert_untouched(&path, text);
    assert!(!sidecar(&path, "-wal").exists());
    assert!(!sidecar(&path, "-journal").exists());
}

#[test]
fn open_refuses_a_newer_rolo_database_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("future.db");
    let before = foreign_db(
        &path,
        &format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 99;"),
    );
    let err = Store::open(&path).err().unwrap();
    match &err {
        StoreError::TooNew {
            path: p,
            found,
            supported,
        } => {
            assert_eq!(p, &path);
            assert_eq!(*found, 99);
            assert_eq!(*supported, migrate::latest());
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_untouched(&path, &before);
    assert!(!sidecar(&path, "-wal").exists());
}

#[test]
fn open_refuses_a_foreign_database_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("other.db");
    let before = foreign_db(&path, "");
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(&err, StoreError::Foreign(p) if p == &path),
        "{err:?}"
    );
    assert_untouched(&path, &before);
}

#[test]
fn open_calls_a_versioned_foreign_database_foreign_not_too_new() {
    // Many programs set user_version; without rolo's application_id it is not ours.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("app.db");
    let before = foreign_db(&path, "PRAGMA user_version = 7;");
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(&err, StoreError::Foreign(p) if p == &path),
        "{err:?}"
    );
    assert_untouched(&path, &before);
}

#[test]
fn open_refuses_a_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Store::open(tmp.path()).err().unwrap();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
}

#[test]
fn data_version_moves_when_another_connection_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("rolo.db");
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let seen = a.data_version().unwrap();
    add(&mut a, &person("Anna"));
    assert_eq!(a.data_version().unwrap(), seen, "own commits do not count");
    add(&mut b, &person("Bob"));
    assert_ne!(a.data_version().unwrap(), seen);
    assert_eq!(
        a.count_customers(&crate::store::ListFilter::default())
            .unwrap(),
        2
    );
}

#[test]
fn backup_to_writes_a_private_consistent_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("rolo.db");
    let mut store = Store::open(&path).unwrap();
    let anna = add(&mut store, &person("Anna"));
    let dest = tmp.path().join("backup.db");
    store.backup_to(&dest).unwrap();
    assert_eq!(mode(&dest), 0o600);
    let copy = Store::open(&dest).unwrap();
    assert_eq!(copy.customer(anna).unwrap().name, "Anna");
    assert!(copy.integrity_problems().unwrap().is_empty());
    let err = store.backup_to(&dest).err().unwrap();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
}

#[test]
fn a_cached_statement_is_not_re_prepared_for_each_new_value() {
    use rusqlite::StatementStatus;
    use rusqlite::config::DbConfig;
    let mut s = Store::open_in_memory().unwrap();
    let anna = add(&mut s, &person("Anna"));
    // A per-customer query as the exports and the TUI run it, for three customers.
    let reprepares = |s: &Store| {
        let mut stmt = s
            .conn()
            .prepare(
                "SELECT kind, value, label FROM contact_points WHERE customer_id = ?1
                 ORDER BY position, id",
            )
            .unwrap();
        for id in [anna.0, anna.0 + 1, anna.0 + 2] {
            let mut rows = stmt.query([id]).unwrap();
            while rows.next().unwrap().is_some() {}
        }
        stmt.get_status(StatementStatus::RePrepare)
    };
    assert_eq!(reprepares(&s), 0);
    // What the setting spares: without it, SQLite re-prepared it for every new value.
    s.conn()
        .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, false)
        .unwrap();
    assert_eq!(reprepares(&s), 2);
}

/// A new file is made at once (one transaction, not one a version), with the very schema
/// a file made by rolo's first version and upgraded version by version has.
#[test]
fn a_new_file_has_the_schema_an_upgrade_from_the_first_version_gives() {
    let dir = tempfile::tempdir().unwrap();
    let (made, upgraded) = (dir.path().join("made.db"), dir.path().join("upgraded.db"));
    let mut conn = rusqlite::Connection::open(&upgraded).unwrap();
    migrate::make_at(&mut conn, 1).unwrap();
    drop(conn);
    let mut notices = 0;
    let old = Store::open_with_notice(&upgraded, &mut |u| {
        assert_eq!((u.from, u.to), (1, migrate::latest()));
        notices += 1;
    })
    .unwrap();
    assert_eq!(notices, 1);
    let new = Store::open(&made).unwrap();
    assert!(schema(&new).len() > 100);
    assert_eq!(schema(&new), schema(&old));
    // And the same rows: a version's `then` (not run for a new file, which has no rows to
    // compute) must not be what writes a row a new file needs.
    assert!(
        rows(&new).contains(&"journal_state: Integer(1), Integer(0)".to_string()),
        "{:?}",
        rows(&new)
    );
    assert_eq!(rows(&new), rows(&old));
    for pragma in ["user_version", "application_id", "journal_mode"] {
        assert_eq!(
            pragma_text(&new, pragma),
            pragma_text(&old, pragma),
            "{pragma}"
        );
    }
}

/// Every object of the schema of `s`, a line each (its type, name and SQL), in order.
pub(super) fn schema(s: &Store) -> Vec<String> {
    s.conn()
        .prepare(
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema
              ORDER BY type, name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Every row of every table of `s` but the search indexes' own (an empty index rebuilt keeps
/// its empty totals, one never rebuilt has none yet; both are an empty index), a line each:
/// its table and values.
pub(super) fn rows(s: &Store) -> Vec<String> {
    let tables: Vec<String> = s
        .conn()
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = s.conn().prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", values.join(", ")));
        }
    }
    out
}
