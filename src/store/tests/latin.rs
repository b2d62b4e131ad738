//! Names in other scripts found by their Latin spelling (`customers.name_latin`, schema v12).

use super::page::by_name;
use super::*;
use crate::store::{CustomerPatch, migrate};

/// Νίκος Παπαδόπουλος, Νίκος Γεωργίου, Дмитрий Иванов, 王伟, Łukasz Żółć, Nikolaus Berg.
fn people(s: &mut Store) -> Vec<CustomerId> {
    [
        "Νίκος Παπαδόπουλος",
        "Νίκος Γεωργίου",
        "Дмитрий Иванов",
        "王伟",
        "Łukasz Żółć",
        "Nikolaus Berg",
    ]
    .into_iter()
    .map(|n| add(s, &person(n)))
    .collect()
}

fn found(s: &Store, q: &str) -> Vec<String> {
    s.customers_by_name(q, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn customers_by_name_finds_other_scripts_by_their_latin_spelling() {
    let mut s = mem();
    people(&mut s);
    assert_eq!(found(&s, "nikos"), ["Νίκος Γεωργίου", "Νίκος Παπαδόπουλος"]);
    assert_eq!(
        found(&s, "nik"),
        ["Nikolaus Berg", "Νίκος Γεωργίου", "Νίκος Παπαδόπουλος"]
    );
    assert_eq!(found(&s, "nikos pap"), ["Νίκος Παπαδόπουλος"]);
    assert_eq!(found(&s, "Papadopoulos Nikos"), ["Νίκος Παπαδόπουλος"]);
    assert_eq!(found(&s, "νικ παπ"), ["Νίκος Παπαδόπουλος"]);
    for q in ["dmitry", "dmitrij", "Dmitriy", "dmitri ivanov", "ivanov"] {
        assert_eq!(found(&s, q), ["Дмитрий Иванов"], "{q}");
    }
    assert_eq!(found(&s, "wang wei"), ["王伟"]);
    assert_eq!(found(&s, "lukasz"), ["Łukasz Żółć"]);
    // Every typed word must still be found: in the name or in its spelling.
    assert_eq!(found(&s, "nikos berg"), Vec::<String>::new());
    assert_eq!(found(&s, "dmitry petrov"), Vec::<String>::new());
}

#[test]
fn the_list_filter_and_its_count_find_the_latin_spelling() {
    let mut s = mem();
    people(&mut s);
    let (rows, count) = listed_by_name(&s, "nikos");
    assert_eq!(rows, ["Νίκος Γεωργίου", "Νίκος Παπαδόπουλος"]);
    assert_eq!(count, 2);
}

#[test]
fn search_finds_a_name_by_its_latin_spelling_as_a_name_hit() {
    let mut s = mem();
    let ids = people(&mut s);
    let hits: Vec<(CustomerId, String, String)> = s
        .search("dmitry", 10)
        .unwrap()
        .into_iter()
        .map(|h| (h.customer_id, h.field, h.snippet))
        .collect();
    assert_eq!(
        hits,
        [(ids[2], "name".to_string(), "[Дмитрий Иванов]".to_string())]
    );
    // Interactions and follow-ups have no Latin column: their query is the plain one.
    let anna = add(&mut s, &person("Anna"));
    log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0, "met Nikos at the fair"),
    );
    let hits: Vec<(CustomerId, String)> = s
        .search("nikos", 10)
        .unwrap()
        .into_iter()
        .map(|h| (h.customer_id, h.field))
        .collect();
    assert_eq!(
        hits,
        [
            (ids[0], "name".to_string()),
            (ids[1], "name".to_string()),
            (anna, "call".to_string())
        ]
    );
}

#[test]
fn a_rename_and_its_undo_keep_the_latin_spelling_in_step() {
    let mut s = mem();
    let ids = people(&mut s);
    s.change("rename", T0, |w| {
        w.update_customer(
            ids[2],
            &CustomerPatch {
                name: Some("Сергей Иванов".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(found(&s, "dmitry"), Vec::<String>::new());
    assert_eq!(found(&s, "sergey"), ["Сергей Иванов"]);
    assert_eq!(
        names(
            &s,
            "SELECT name_latin FROM customers WHERE name LIKE 'Сергей%'"
        ),
        ["sergei ivanov"]
    );
    s.undo(T0).unwrap();
    assert_eq!(found(&s, "sergey"), Vec::<String>::new());
    assert_eq!(found(&s, "dmitry"), ["Дмитрий Иванов"]);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn doctor_repairs_a_latin_spelling_changed_behind_rolos_back() {
    let mut s = mem();
    people(&mut s);
    s.conn()
        .execute_batch("UPDATE customers SET name_latin = '' WHERE name = '王伟';")
        .unwrap();
    assert_eq!(found(&s, "wang"), Vec::<String>::new());
    assert_eq!(s.repair_name_keys().unwrap(), 1);
    assert_eq!(found(&s, "wang"), ["王伟"]);
    assert_eq!(s.repair_name_keys().unwrap(), 0);
}

/// Takes a new file back to schema v11: no `name_latin`, the customer index of three
/// columns read through the view of v1, and its triggers as they were.
pub(super) fn before_name_latin(s: &mut Store) {
    super::migration::before_handover(s);
    const INIT: &str = include_str!("../sql/001_init.sql");
    let view = &INIT[INIT.find("CREATE VIEW customers_fts_src").unwrap()..];
    let view = &view[..view.find("FROM customers;").unwrap() + "FROM customers;".len()];
    let first = format!(
        "DROP TRIGGER customers_fts_ai; DROP TRIGGER customers_fts_bd;
         DROP TRIGGER customers_fts_bu; DROP TRIGGER customers_fts_au;
         DROP TABLE customers_fts; DROP VIEW customers_fts_src;
         {view}
         CREATE VIRTUAL TABLE customers_fts USING fts5(
           name, notes, needs,
           content = 'customers_fts_src', content_rowid = 'id',
           tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
         CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
           INSERT INTO customers_fts(rowid, name, notes, needs)
             SELECT id, name, notes, needs FROM customers_fts_src WHERE id = NEW.id;
         END;
         CREATE TRIGGER customers_fts_bd BEFORE DELETE ON customers BEGIN
           INSERT INTO customers_fts(customers_fts, rowid, name, notes, needs)
             SELECT 'delete', id, name, notes, needs FROM customers_fts_src WHERE id = OLD.id;
         END;
         CREATE TRIGGER customers_fts_bu BEFORE UPDATE OF name, notes, needs ON customers BEGIN
           INSERT INTO customers_fts(customers_fts, rowid, name, notes, needs)
             SELECT 'delete', id, name, notes, needs FROM customers_fts_src WHERE id = OLD.id;
         END;
         CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, notes, needs ON customers BEGIN
           INSERT INTO customers_fts(rowid, name, notes, needs)
             SELECT id, name, notes, needs FROM customers_fts_src WHERE id = NEW.id;
         END;"
    );
    super::migration::back_to(s, 11, "customers", &["name_latin"], &first);
}

#[test]
fn migration_12_spells_existing_names_in_latin_and_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let nikos = {
        let mut s = Store::open(&path).unwrap();
        add(&mut s, &person("Anna Kowalska"));
        let nikos = add(&mut s, &person("Νίκος Παπαδόπουλος"));
        s.change("rename", T0, |w| {
            w.update_customer(
                nikos,
                &CustomerPatch {
                    name: Some("Δημήτρης Παπαδόπουλος".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        before_name_latin(&mut s);
        assert_eq!(
            fts(&s, "customers_fts", "name : papadopoulos"),
            Vec::<i64>::new()
        );
        nikos
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(pragma(&s, "user_version"), migrate::latest().to_string());
    assert_eq!(
        names(
            &s,
            "SELECT name || ' | ' || name_latin FROM customers ORDER BY id"
        ),
        [
            "Anna Kowalska | ",
            "Δημήτρης Παπαδόπουλος | dimitris papadopoulos"
        ]
    );
    assert_eq!(found(&s, "dimitris"), ["Δημήτρης Παπαδόπουλος"]);
    assert_eq!(found(&s, "anna"), ["Anna Kowalska"]);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM change_ops WHERE tbl = 'customers' AND old IS NOT NULL
               AND json_type(old, '$.name_latin') IS NOT 'text'"
        ),
        0
    );
    // The rename undone from an image older than the column: the spelling is computed.
    s.undo(T0).unwrap();
    assert_eq!(s.customer(nikos).unwrap().name, "Νίκος Παπαδόπουλος");
    assert_eq!(found(&s, "nikos"), ["Νίκος Παπαδόπουλος"]);
    assert_eq!(found(&s, "dimitris"), Vec::<String>::new());
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn names_in_other_scripts_sort_by_their_latin_spelling_among_latin_names() {
    let mut s = mem();
    people(&mut s);
    for name in ["Anna Kowalska", "Zoe Adams", "Walter White", "Oskar Nowak"] {
        add(&mut s, &person(name));
    }
    // dmitrii ivanov, lukasz zolc, nikolaus berg, nikos georgiou, nikos papadopoulos,
    // oskar nowak, walter white, wang wei (as written, not name_latin's `vang vei`), zoe.
    assert_eq!(
        by_name(&s),
        [
            "Anna Kowalska",
            "Дмитрий Иванов",
            "Łukasz Żółć",
            "Nikolaus Berg",
            "Νίκος Γεωργίου",
            "Νίκος Παπαδόπουλος",
            "Oskar Nowak",
            "Walter White",
            "王伟",
            "Zoe Adams"
        ]
    );
}

#[test]
fn migration_14_sorts_existing_names_in_other_scripts_by_their_latin_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let wang = {
        let mut s = Store::open(&path).unwrap();
        add(&mut s, &person("Anna Kowalska"));
        add(&mut s, &person("Νίκος Παπαδόπουλος"));
        let wang = add(&mut s, &person("王伟"));
        add(&mut s, &person("Zoe Adams"));
        s.change("rename", T0, |w| {
            w.update_customer(
                wang,
                &CustomerPatch {
                    name: Some("王小伟".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        super::migration::before_handover(&mut s);
        // Version 13's keys: the name folded, in its own script, in the rows and in the
        // image the rename's undo puts back.
        let rows: Vec<(i64, String)> = s
            .conn()
            .prepare("SELECT id, name FROM customers")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let tx = s.conn.transaction().unwrap();
        tx.execute("UPDATE journal_state SET recording = 0", [])
            .unwrap();
        for (id, name) in rows {
            let old = crate::domain::text::fold(&name);
            tx.execute(
                "UPDATE customers SET name_key = ?1 WHERE id = ?2",
                rusqlite::params![old, id],
            )
            .unwrap();
        }
        tx.execute(
            "UPDATE change_ops SET old = json_set(old, '$.name_key', '王伟')
             WHERE tbl = 'customers' AND old IS NOT NULL",
            [],
        )
        .unwrap();
        tx.execute_batch("UPDATE journal_state SET recording = 1; PRAGMA user_version = 13;")
            .unwrap();
        tx.commit().unwrap();
        wang
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(pragma(&s, "user_version"), migrate::latest().to_string());
    assert_eq!(
        by_name(&s),
        ["Anna Kowalska", "Νίκος Παπαδόπουλος", "王小伟", "Zoe Adams"]
    );
    // The rename undone from an image of version 13: the key is computed again.
    s.undo(T0).unwrap();
    assert_eq!(s.customer(wang).unwrap().name, "王伟");
    assert_eq!(
        names(&s, "SELECT name_key FROM customers ORDER BY id"),
        [
            "anna kowalska",
            "nikos papadopoulos",
            "wang wei",
            "zoe adams"
        ]
    );
    assert!(s.integrity_problems().unwrap().is_empty());
}

fn pragma(s: &Store, name: &str) -> String {
    s.conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0))
        .unwrap()
        .to_string()
}
