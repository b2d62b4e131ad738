//! Opening real files: permissions, pragmas, WAL, and refusing files that are not ours.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::*;
use crate::store::{APPLICATION_ID, StoreError, migrate};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn pragma_text(store: &Store, name: &str) -> String {
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

/// Takes a new file's `table` back to schema `version`: runs `first` (dropping what uses
/// the columns: triggers, indexes), drops `columns`, strips them from the journal's
/// before-images, and reinstalls the journal triggers without them.
pub(super) fn back_to(s: &mut Store, version: u32, table: &str, columns: &[&str], first: &str) {
    let drops: Vec<String> = columns
        .iter()
        .map(|c| format!("ALTER TABLE {table} DROP COLUMN {c};"))
        .collect();
    let paths: Vec<String> = columns.iter().map(|c| format!("'$.{c}'")).collect();
    let tx = s.conn.transaction().unwrap();
    tx.execute_batch(&format!(
        "DROP TRIGGER journal_{table}_i; DROP TRIGGER journal_{table}_u;
         DROP TRIGGER journal_{table}_d;
         {first}
         {}
         UPDATE change_ops SET old = json_remove(old, {}) WHERE tbl = '{table}';
         PRAGMA user_version = {version};",
        drops.join("\n"),
        paths.join(", ")
    ))
    .unwrap();
    crate::store::journal::install_triggers(&tx).unwrap();
    tx.commit().unwrap();
}

/// Takes a new file back to schema v16: no pieces of names, nor their index.
pub(super) fn before_name_grams(s: &mut Store) {
    back_to(
        s,
        16,
        "customers",
        &["name_grams"],
        "DROP TRIGGER name_grams_fts_ai; DROP TRIGGER name_grams_fts_bd;
         DROP TRIGGER name_grams_fts_bu; DROP TRIGGER name_grams_fts_au;
         DROP TABLE name_grams_fts;",
    );
}

/// Takes a new file back to schema v15: no name parts.
fn before_name_parts(s: &mut Store) {
    before_name_grams(s);
    back_to(
        s,
        15,
        "customers",
        &["name_parts"],
        "DROP TRIGGER customers_name_parts_au;",
    );
}

/// Takes a new file back to schema v14: no handover record of a dossier.
pub(super) fn before_handover(s: &mut Store) {
    before_name_parts(s);
    back_to(s, 14, "customers", &["handover"], "");
}

#[test]
fn migration_16_adds_name_parts_that_a_rename_drops_and_undo_gives_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.change("add Anna", T0, |w| {
            w.insert_customer(&person("Anna Kowalska"))
        })
        .unwrap();
        before_name_parts(&mut s);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        pragma_text(&s, "user_version"),
        migrate::latest().to_string()
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM customers WHERE name_parts IS NULL"
        ),
        1
    );
    // Parts written with a name that fits them are kept; a name that does not, drops them.
    let parts = crate::domain::NameParts::from_n(&["Nguyễn", "Thị Minh Anh"]);
    let id = s
        .change("add Anh", T0, |w| {
            w.insert_customer(&crate::store::NewCustomer {
                name_parts: parts.clone(),
                ..person("Nguyễn Thị Minh Anh")
            })
        })
        .unwrap();
    let stored = |s: &Store| {
        strings(
            s,
            &format!(
                "SELECT coalesce(name_parts, 'NULL') FROM customers WHERE id = {}",
                id.0
            ),
        )
    };
    assert_eq!(
        stored(&s),
        [r#"{"family":"Nguyễn","given":"Thị Minh Anh"}"#]
    );
    assert_eq!(s.customer(id).unwrap().name_parts, parts);
    let rename = |name: &str| crate::store::CustomerPatch {
        name: Some(name.into()),
        ..Default::default()
    };
    s.change("rename", T0, |w| {
        w.update_customer(id, &rename("Anh Nguyen"), T0)
    })
    .unwrap();
    assert_eq!(stored(&s), ["NULL"]);
    // Undo puts the row back whole, parts and all.
    s.undo(0).unwrap();
    assert_eq!(
        stored(&s),
        [r#"{"family":"Nguyễn","given":"Thị Minh Anh"}"#]
    );
    // A record's parts under another name are none.
    let other = s
        .change("add Anna", T0, |w| {
            w.insert_customer(&crate::store::NewCustomer {
                name_parts: parts.clone(),
                ..person("Anna Nowak")
            })
        })
        .unwrap();
    assert_eq!(s.customer(other).unwrap().name_parts, None);
    // The add, journaled before the column was, is undone whole.
    s.undo(0).unwrap();
    s.undo(0).unwrap();
    s.undo(0).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
}

#[test]
fn migration_15_adds_the_handover_record_and_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.change("add Anna", T0, |w| w.insert_customer(&person("Anna")))
            .unwrap();
        before_handover(&mut s);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        pragma_text(&s, "user_version"),
        migrate::latest().to_string()
    );
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers WHERE handover IS NULL"),
        1
    );
    // The add, journaled before the column was, is undone whole.
    s.undo(0).unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
}

/// Takes a new file back to schema v10: no event UID kept by a merge.
fn before_event_uids(s: &mut Store) {
    super::latin::before_name_latin(s);
    back_to(s, 10, "follow_ups", &["event_uid"], "");
}

/// Takes a new file back to schema v9: no follow-up series, reschedule count or time of
/// change, in rows and journal images alike.
fn before_follow_up_series(s: &mut Store) {
    before_event_uids(s);
    back_to(
        s,
        9,
        "follow_ups",
        &["series_id", "reschedule_count", "changed_at"],
        "DROP INDEX follow_ups_series;",
    );
}

/// Takes a new file back to schema v8: no address parts.
fn before_address_parts(s: &mut Store) {
    before_follow_up_series(s);
    back_to(
        s,
        8,
        "customers",
        &["address_parts"],
        "DROP TRIGGER customers_address_parts_au;",
    );
}

/// Turns a file of this build into what a v5 file holds (before migration 6): no name key
/// (nor its index and trigger), the old name index, journal images without a key. Tests of
/// older versions start here.
fn before_name_keys(s: &mut Store) {
    before_address_parts(s);
    back_to(
        s,
        5,
        "customers",
        &["name_key"],
        "DROP TRIGGER customers_name_key_au; DROP INDEX customers_name_key;
         CREATE INDEX customers_name ON customers(name COLLATE NOCASE);",
    );
}

#[test]
fn upgrading_an_older_file_says_so_first_and_keeps_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.change("add Anna", T0, |w| w.insert_customer(&person("Anna")))
            .unwrap();
        // What a v2 file looks like: no change_ranges yet.
        before_name_keys(&mut s);
        s.conn()
            .execute_batch("DROP TABLE change_ranges; PRAGMA user_version = 2;")
            .unwrap();
    }
    let mut seen = Vec::new();
    let s = Store::open_with_notice(&path, &mut |u| seen.push(u.clone())).unwrap();
    let backup = dir.path().join("rolo.v2-backup.db");
    assert_eq!(
        seen,
        [crate::store::Upgrade {
            from: 2,
            to: migrate::latest(),
            backup: Some(backup.clone()),
            changes: Vec::new(),
        }]
    );
    assert_eq!(
        pragma_text(&s, "user_version"),
        migrate::latest().to_string()
    );
    assert_eq!(count(&s, "SELECT count(*) FROM change_ranges"), 0);
    assert_eq!(mode(&backup), 0o600);
    let old = rusqlite::Connection::open(&backup).unwrap();
    let (version, customers): (i64, i64) = old
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM customers",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (version, customers),
        (2, 1),
        "the copy is the file as it was"
    );
    drop(s);
    // An up-to-date file opens without a word.
    let mut again = Vec::new();
    Store::open_with_notice(&path, &mut |u| again.push(u.clone())).unwrap();
    assert!(again.is_empty());
}

#[test]
fn upgrading_a_v3_file_rebuilds_the_search_index_without_prefix_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let anna;
    {
        let mut s = Store::open(&path).unwrap();
        anna = add(&mut s, &person("Łucja Kowalska"));
        // What a v3 file's search index looks like: the same table with prefix indexes.
        before_name_keys(&mut s);
        s.conn()
            .execute_batch(
                "DROP TABLE customers_fts;
                 CREATE VIRTUAL TABLE customers_fts USING fts5(
                   name, notes, needs,
                   content = 'customers_fts_src', content_rowid = 'id',
                   tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
                 INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
                 PRAGMA user_version = 3;",
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    let sql: String = s
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'customers_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!sql.contains("prefix"), "{sql}");
    assert_eq!(fts(&s, "customers_fts", "kow*"), [anna.0]);
    assert_eq!(fts(&s, "customers_fts", "lucja"), [anna.0]);
    // The triggers still feed the new table.
    let bob = add(&mut s, &person("Bob Kowalski"));
    assert_eq!(fts(&s, "customers_fts", "ko*"), [anna.0, bob.0]);
    assert!(s.integrity_problems().unwrap().is_empty());
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

/// The first column of every row `sql` selects, as text.
fn strings(s: &Store, sql: &str) -> Vec<String> {
    let mut stmt = s.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn migration_5_renormalizes_stored_00_phones_and_their_undo_images() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let mut p = person("Piotr");
        p.contacts = vec![phone("0048 22 555 01 00")];
        let id = s
            .change("add Piotr", T0, |w| w.insert_customer(&p))
            .unwrap();
        s.change("edit Piotr", T0, |w| {
            w.update_customer(
                id,
                &crate::store::CustomerPatch {
                    remove_contacts: vec!["0048 22 555 01 00".into()],
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        p.uid = "another".into();
        s.change("add a namesake", T0, |w| w.insert_customer(&p))
            .unwrap();
        // What a v4 file holds: the digits as written, in the rows and the undo journal.
        before_name_keys(&mut s);
        s.conn()
            .execute_batch(
                "UPDATE contact_points SET norm = '0048225550100';
                 UPDATE change_ops SET old = json_set(old, '$.norm', '0048225550100')
                  WHERE tbl = 'contact_points' AND old IS NOT NULL;
                 PRAGMA user_version = 4;",
            )
            .unwrap();
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        strings(&s, "SELECT norm FROM contact_points"),
        ["48225550100"]
    );
    let images = strings(
        &s,
        "SELECT json_extract(old, '$.norm') FROM change_ops WHERE tbl = 'contact_points' AND old IS NOT NULL",
    );
    assert!(!images.is_empty());
    assert!(images.iter().all(|n| n == "48225550100"), "{images:?}");
    // Found by either spelling; undoing twice brings back the removed row in the new form.
    assert_eq!(s.customers_by_phone("+48 22 555 01 00").unwrap().len(), 1);
    s.undo(0).unwrap();
    s.undo(0).unwrap();
    assert_eq!(
        strings(&s, "SELECT norm FROM contact_points"),
        ["48225550100"]
    );
    assert_eq!(s.customers_by_phone("0048225550100").unwrap()[0].id, id);
}

#[test]
fn migration_8_renormalizes_phones_with_extensions_and_their_undo_images() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        let mut p = person("Sam");
        p.contacts = vec![phone("+1 415 555 0100 x23"), phone("+1 415 555 0199")];
        let id = s.change("add Sam", T0, |w| w.insert_customer(&p)).unwrap();
        s.change("edit Sam", T0, |w| {
            w.update_customer(
                id,
                &crate::store::CustomerPatch {
                    remove_contacts: vec!["+1 415 555 0100 x23".into()],
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        s.change("add it again", T0, |w| {
            w.add_contact(id, &phone("+1 415 555 0100 x23"))
        })
        .unwrap();
        // What a v7 file holds: the extension's digits in the norm, rows and journal alike.
        before_address_parts(&mut s);
        s.conn()
            .execute_batch(
                "UPDATE contact_points SET norm = '1415555010023' WHERE value LIKE '%x23';
                 UPDATE change_ops SET old = json_set(old, '$.norm', '1415555010023')
                  WHERE tbl = 'contact_points' AND old IS NOT NULL
                    AND json_extract(old, '$.value') LIKE '%x23';
                 PRAGMA user_version = 7;",
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        strings(&s, "SELECT norm FROM contact_points ORDER BY norm"),
        ["14155550100", "14155550199"]
    );
    let images = strings(
        &s,
        "SELECT json_extract(old, '$.norm') FROM change_ops
         WHERE tbl = 'contact_points' AND old IS NOT NULL AND json_extract(old, '$.value') LIKE '%x23'",
    );
    assert!(!images.is_empty());
    assert!(images.iter().all(|n| n == "14155550100"), "{images:?}");
    // The number without its extension finds the customer.
    assert_eq!(s.customers_by_phone("+1 415 555 0100").unwrap().len(), 1);
    s.undo(0).unwrap();
    s.undo(0).unwrap();
    assert_eq!(
        strings(&s, "SELECT norm FROM contact_points ORDER BY norm"),
        ["14155550100", "14155550199"]
    );
}

#[test]
fn a_migration_is_not_recorded_as_part_of_the_users_last_change() {
    // A v4 file with a `00` phone that migration 5 rewrites: with an undo history, the
    // rewrite is not added to its last change; with none (an undo history cleared, as a
    // bulk load does), the migration does not fail for want of a change to add it to.
    for history in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rolo.db");
        let ops_before = {
            let mut s = Store::open(&path).unwrap();
            let mut p = person("Piotr");
            p.contacts = vec![phone("0048 22 555 01 00")];
            s.change("add Piotr", T0, |w| w.insert_customer(&p))
                .unwrap();
            before_name_keys(&mut s);
            s.conn()
                .execute_batch(
                    "UPDATE contact_points SET norm = '0048225550100';
                     PRAGMA user_version = 4;",
                )
                .unwrap();
            if !history {
                s.conn()
                    .execute_batch("DELETE FROM change_ops; DELETE FROM changes;")
                    .unwrap();
            }
            count(&s, "SELECT count(*) FROM change_ops")
        };
        let mut s = Store::open(&path).unwrap();
        assert_eq!(count(&s, "SELECT count(*) FROM change_ops"), ops_before);
        assert_eq!(s.customers_by_phone("+48 22 555 01 00").unwrap().len(), 1);
        if history {
            // Undoing the add takes Piotr away, and puts no `00` form back anywhere.
            s.undo(0).unwrap();
            assert_eq!(count(&s, "SELECT count(*) FROM contact_points"), 0);
        }
    }
}

#[test]
fn migration_6_fills_name_keys_and_gives_undo_images_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let emile = {
        let mut s = Store::open(&path).unwrap();
        add(&mut s, &person("Zoe"));
        let emile = s
            .change("add Émile", T0, |w| w.insert_customer(&person("Émile")))
            .unwrap();
        s.change("rename Émile", T0, |w| {
            w.update_customer(
                emile,
                &crate::store::CustomerPatch {
                    name: Some("Łucja".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        before_name_keys(&mut s);
        emile
    };
    let mut s = Store::open(&path).unwrap();
    let by_name = |s: &Store| -> Vec<String> {
        s.customers_page(
            &crate::store::ListFilter::default(),
            crate::store::CustomerSort::Name,
            0,
            10,
        )
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect()
    };
    assert_eq!(
        names(&s, "SELECT name || ' ' || name_key FROM customers"),
        ["Zoe zoe", "Łucja lucja"]
    );
    assert_eq!(by_name(&s), ["Łucja", "Zoe"]);
    assert_eq!(
        names(
            &s,
            "SELECT name FROM sqlite_schema WHERE name LIKE 'customers_name%' ORDER BY name"
        ),
        [
            "customers_name_key",
            "customers_name_key_au",
            "customers_name_parts_au"
        ]
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM change_ops WHERE tbl = 'customers' AND old IS NOT NULL
               AND json_type(old, '$.name_key') IS NOT 'text'"
        ),
        0
    );
    // Undo from images older than the key: the names come back, their keys computed.
    s.undo(0).unwrap();
    assert_eq!(s.customer(emile).unwrap().name, "Émile");
    assert_eq!(by_name(&s), ["Émile", "Zoe"]);
    s.undo(0).unwrap();
    assert_eq!(by_name(&s), ["Zoe"]);
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers WHERE name_key = ''"),
        0
    );
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn migration_10_links_repeating_follow_ups_to_their_series_and_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let every = crate::domain::Repeat::parse("1w").ok();
    {
        let mut s = Store::open(&path).unwrap();
        let anna = add(&mut s, &person("Anna"));
        for due in ["2026-11-24", "2026-11-26"] {
            let f = NewFollowUp {
                repeat: every,
                ..task(anna, "Weekly sync", due)
            };
            s.change("follow", T0, |w| w.insert_follow_up(&f)).unwrap();
        }
        for (id, at) in [(1, T0 + HOUR), (2, T0 + HOUR), (3, T0 + 2 * HOUR)] {
            s.change("done", at, |w| {
                w.close_follow_up(
                    FollowUpId(id),
                    crate::domain::FollowUpStatus::Done,
                    at,
                    today(),
                )
            })
            .unwrap();
        }
        // The last done and a move are in the journal as a v9 file recorded them.
        s.change("move", T0 + 3 * HOUR, |w| {
            w.move_follow_up(FollowUpId(4), day("2026-12-04"), false, T0 + 3 * HOUR)
        })
        .unwrap();
        before_follow_up_series(&mut s);
    }
    let mut s = Store::open(&path).unwrap();
    let series = |s: &Store| {
        strings(
            s,
            "SELECT id || ':' || coalesce(series_id, '-') || ':' || reschedule_count
             FROM follow_ups ORDER BY id",
        )
    };
    assert_eq!(series(&s), ["1:-:0", "2:-:0", "3:1:0", "4:2:0", "5:1:0"]);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM change_ops WHERE tbl = 'follow_ups' AND old IS NOT NULL
               AND json_type(old, '$.reschedule_count') IS NOT 'integer'"
        ),
        0
    );
    // Undo from images older than the columns: the move, then the last done (which drops
    // the occurrence it made and reopens the one before, in its series).
    // Each is a calendar revision of what it puts back (see Store::undo): the move's one
    // up, the reopened occurrence's two (its day's and its status').
    s.undo(0).unwrap();
    s.undo(0).unwrap();
    assert_eq!(series(&s), ["1:-:0", "2:-:0", "3:1:2", "4:2:1"]);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn values_an_older_rolo_stored_past_the_limits_are_brought_to_them_and_named_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let huge = 9_223_372_036_854_775_000_i64;
    {
        let mut s = Store::open(&path).unwrap();
        s.change("add Anna", T0, |w| {
            w.insert_customer(&person("Anna Kowalska"))
        })
        .unwrap();
        // What rolo before v12's limits let through: its writers now refuse these.
        before_handover(&mut s);
        s.conn()
            .execute_batch(&format!(
                "UPDATE journal_state SET recording = 0;
                 UPDATE customers SET cadence_days = 4000000000;
                 INSERT INTO deals(customer_id, title, value_minor, currency, stage, probability,
                   created_at, stage_changed_at, closed_at)
                 VALUES (1, 'Huge', {huge}, 'EUR', 'won', 100, 0, 0, 0),
                        (1, 'Fine', 1250000, 'EUR', 'lead', 10, 0, 0, NULL),
                        (1, 'Huge too', {huge}, 'EUR', 'won', 100, 0, 0, 0);
                 INSERT INTO interactions(customer_id, kind, occurred_at, minutes, created_at)
                 VALUES (1, 'call', {T0}, 71582789, {T0});
                 INSERT INTO follow_ups(customer_id, what, due_date, original_due, created_at)
                 VALUES (1, 'Far', '+10021-08-15', '+10021-08-15', {T0}),
                        (1, 'Soon', '2026-12-01', '2026-12-01', {T0});
                 UPDATE customers SET next_due = '+10021-08-15';
                 UPDATE deals SET expected_close = '+10000-01-31' WHERE id = 2;
                 UPDATE deals SET expected_close = '-0074-12-07' WHERE id = 3;
                 INSERT INTO changes(at, summary) VALUES ({T0}, 'edit');
                 INSERT INTO change_ops(change_id, tbl, op, row_id, old)
                 VALUES (2, 'deals', 'U', 1, json_object('id', 1, 'value_minor', {huge})),
                        (2, 'interactions', 'U', 1, json_object('id', 1, 'minutes', 99999)),
                        (2, 'customers', 'U', 1, json_object('id', 1, 'cadence_days', 90));
                 UPDATE journal_state SET recording = 1;
                 PRAGMA user_version = 12;"
            ))
            .unwrap();
    }
    let mut seen = Vec::new();
    let s = Store::open_with_notice(&path, &mut |u| seen.push(u.changes.clone())).unwrap();
    assert_eq!(
        seen,
        [[
            "deal 1 (Huge) of Anna Kowalska: a value of 92 233 720 368 547 750.00 EUR becomes \
             10 000 000 000 000.00 EUR, rolo's limit",
            "deal 3 (Huge too) of Anna Kowalska: a value of 92 233 720 368 547 750.00 EUR \
             becomes 10 000 000 000 000.00 EUR, rolo's limit",
            "interaction 1 with Anna Kowalska: 71 582 789 minutes become 1440 (a day), rolo's limit",
            "Anna Kowalska (#1): a contact rhythm of 4 000 000 000 days becomes 3650 (ten years), \
             rolo's limit",
            "follow-up 1 (Far) for Anna Kowalska: due +10021-08-15, becomes 9999-12-31, the last \
             day rolo keeps",
            "deal 2 (Fine) of Anna Kowalska: closing +10000-01-31, becomes 9999-12-31, the last \
             day rolo keeps",
            "deal 3 (Huge too) of Anna Kowalska: closing -0074-12-07, becomes 0001-01-01, the \
             first day rolo keeps",
        ]]
    );
    let one = |sql: &str| -> String {
        s.conn()
            .query_row(sql, [], |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(
        one("SELECT group_concat(value_minor, ' ') FROM deals"),
        "Text(\"1000000000000000 1250000 1000000000000000\")"
    );
    assert_eq!(one("SELECT minutes FROM interactions"), "Integer(1440)");
    assert_eq!(one("SELECT cadence_days FROM customers"), "Integer(3650)");
    assert_eq!(
        one("SELECT group_concat(due_date || ' ' || original_due, ', ') FROM follow_ups"),
        "Text(\"9999-12-31 9999-12-31, 2026-12-01 2026-12-01\")"
    );
    assert_eq!(
        one("SELECT group_concat(expected_close, ' ') FROM deals"),
        "Text(\"9999-12-31 0001-01-01\")"
    );
    // (Such a day sorted before every other: the next step is the earliest again.)
    assert_eq!(
        one("SELECT next_due FROM customers"),
        "Text(\"2026-12-01\")"
    );
    assert_eq!(
        one("SELECT group_concat(old, ' ') FROM change_ops WHERE change_id = 2"),
        "Text(\"{\\\"id\\\":1,\\\"value_minor\\\":1000000000000000} \
         {\\\"id\\\":1,\\\"minutes\\\":1440} {\\\"id\\\":1,\\\"cadence_days\\\":90}\")"
    );
    // The totals add up again (they failed with an integer overflow); the copy keeps the
    // values as they were.
    assert_eq!(
        s.customer_row(CustomerId(1)).unwrap().won_minor,
        2_000_000_000_000_000
    );
    let old = rusqlite::Connection::open(dir.path().join("rolo.v12-backup.db")).unwrap();
    let kept: i64 = old
        .query_row("SELECT value_minor FROM deals WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, huge);
}

#[test]
fn the_limits_migration_says_the_domain_s_numbers() {
    let sql = include_str!("../sql/013_limits.sql");
    for (n, what) in [
        (crate::domain::deal::MAX_VALUE_MINOR, "value_minor"),
        (crate::domain::interaction::MAX_MINUTES, "minutes"),
        (crate::domain::customer::MAX_CADENCE_DAYS, "cadence_days"),
    ] {
        assert!(
            sql.contains(&format!("SET {what} = {n} WHERE {what} > {n}")),
            "{what}: {n}"
        );
        assert!(sql.contains(&format!("'$.{what}', {n})")), "{what}: {n}");
    }
}
