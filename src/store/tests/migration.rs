//! Upgrading a file an older rolo wrote: each migration's rows, its undo images, and what the
//! upgrade says first.

use super::file::pragma_text;
use super::*;
use crate::store::migrate;

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

/// Takes a new file back to schema v17: the triggers that cleared a renamed row's key and
/// parts, and a readdressed row's parts, after the write, as they were; deal and follow-up
/// times to the second.
pub(super) fn before_writers_set_parts(s: &mut Store) {
    let tx = s.conn.transaction().unwrap();
    tx.execute_batch(
        "DROP TRIGGER customers_name_key_au;
             CREATE TRIGGER customers_name_key_au AFTER UPDATE OF name ON customers
               WHEN NEW.name IS NOT OLD.name BEGIN
               UPDATE customers SET name_key = '' WHERE id = NEW.id;
             END;
             CREATE TRIGGER customers_address_parts_au AFTER UPDATE OF address ON customers
               WHEN NEW.address IS NOT OLD.address AND NEW.address_parts IS OLD.address_parts
                AND NEW.address_parts IS NOT NULL
                AND (SELECT recording FROM journal_state WHERE id = 1) = 1 BEGIN
               UPDATE customers SET address_parts = NULL WHERE id = NEW.id;
             END;
             CREATE TRIGGER customers_name_parts_au AFTER UPDATE OF name ON customers
               WHEN NEW.name IS NOT OLD.name AND NEW.name_parts IS OLD.name_parts
                AND NEW.name_parts IS NOT NULL
                AND (SELECT recording FROM journal_state WHERE id = 1) = 1 BEGIN
               UPDATE customers SET name_parts = NULL WHERE id = NEW.id;
             END;
             PRAGMA user_version = 17;",
    )
    .unwrap();
    // Made after those, as each migration makes them: they record a row's image first.
    crate::store::journal::install_triggers(&tx).unwrap();
    tx.commit().unwrap();
    back_to(s, 17, "deals", &["stage_changed_ns"], "");
    back_to(s, 17, "follow_ups", &["changed_ns"], "");
}

/// Takes a new file back to schema v16: no pieces of names, nor their index.
pub(super) fn before_name_grams(s: &mut Store) {
    before_writers_set_parts(s);
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
pub(super) fn before_name_keys(s: &mut Store) {
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
        ["customers_name_key", "customers_name_key_au"]
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
            w.move_follow_up(
                FollowUpId(4),
                day("2026-12-04"),
                false,
                instant(T0 + 3 * HOUR),
            )
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
