//! Another program's writes to rolo's file (the `sqlite3` shell, a script, a sync tool): not
//! rolo's changes, so `undo` neither reverts them nor writes over them.

use super::*;
use crate::store::CustomerPatch;

/// A store on a file with Anna (title Buyer, a phone), and a plain connection to the same
/// file: another program, which knows nothing of rolo's journal.
fn anna_and_another_program() -> (tempfile::TempDir, Store, rusqlite::Connection, CustomerId) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("rolo.db");
    let mut s = Store::open(&path).unwrap();
    let anna = add(
        &mut s,
        &NewCustomer {
            title: Some("Buyer".into()),
            contacts: vec![phone("+48 600 100 200")],
            ..person("Anna Kowalska")
        },
    );
    let other = rusqlite::Connection::open(&path).unwrap();
    (tmp, s, other, anna)
}

fn text(s: &Store, sql: &str) -> String {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn retitle(s: &mut Store, anna: CustomerId, title: &str) {
    let patch = CustomerPatch {
        title: Some(Some(title.into())),
        ..CustomerPatch::default()
    };
    s.change("edit Anna Kowalska", T0, |w| {
        w.update_customer(anna, &patch, T0)
    })
    .unwrap();
}

#[test]
fn undo_leaves_what_another_program_wrote_since() {
    let (_tmp, mut s, other, anna) = anna_and_another_program();
    s.change("log call with Anna Kowalska", T0, |w| {
        w.insert_interaction(&talk(anna, InteractionKind::Call, T0 - HOUR, "pricing"))
    })
    .unwrap();
    other
        .execute(
            "UPDATE contact_points SET value = '+48 600 999 999' WHERE kind = 'phone'",
            [],
        )
        .unwrap();
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM change_ops WHERE tbl = 'contact_points'"
        ),
        0
    );
    let undone = s.undo(T0).unwrap().unwrap();
    assert_eq!(undone.summary, "log call with Anna Kowalska");
    assert_eq!(
        text(&s, "SELECT value FROM contact_points WHERE kind = 'phone'"),
        "+48 600 999 999"
    );
    assert_eq!(count(&s, "SELECT count(*) FROM interactions"), 0);
    assert_eq!(last_contact(&s, anna), None);
}

#[test]
fn undo_refuses_a_field_another_program_changed_since_naming_it() {
    let (_tmp, mut s, other, anna) = anna_and_another_program();
    retitle(&mut s, anna, "CFO");
    other
        .execute("UPDATE customers SET title = 'CEO'", [])
        .unwrap();
    let err = s.undo(T0).unwrap_err().to_string();
    assert_eq!(
        err,
        "another program changed Anna Kowalska since \"edit Anna Kowalska\": its title is now \
         \"CEO\", where rolo left \"CFO\"; nothing was undone (set it back to \"CFO\" to undo \
         the change, or keep it)"
    );
    assert_eq!(text(&s, "SELECT title FROM customers"), "CEO");
    assert_eq!(
        count(&s, "SELECT count(*) FROM changes WHERE undone = 0"),
        1
    );
    other
        .execute("UPDATE customers SET title = 'CFO'", [])
        .unwrap();
    assert_eq!(s.undo(T0).unwrap().unwrap().summary, "edit Anna Kowalska");
    assert_eq!(text(&s, "SELECT title FROM customers"), "Buyer");
}

#[test]
fn undo_keeps_another_programs_other_field_of_the_same_row() {
    let (_tmp, mut s, other, anna) = anna_and_another_program();
    retitle(&mut s, anna, "CFO");
    other
        .execute("UPDATE customers SET notes = 'fixed by hand'", [])
        .unwrap();
    assert_eq!(s.undo(T0).unwrap().unwrap().summary, "edit Anna Kowalska");
    assert_eq!(text(&s, "SELECT title FROM customers"), "Buyer");
    assert_eq!(text(&s, "SELECT notes FROM customers"), "fixed by hand");
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM customers_fts WHERE customers_fts MATCH 'fixed'"
        ),
        1
    );
}

#[test]
fn undo_of_a_call_keeps_the_last_contact_another_program_logged() {
    let (_tmp, mut s, other, anna) = anna_and_another_program();
    s.change("log call with Anna Kowalska", T0, |w| {
        w.insert_interaction(&talk(anna, InteractionKind::Call, T0 - 2 * HOUR, "pricing"))
    })
    .unwrap();
    other
        .execute(
            "INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary, notes,
                                      created_at)
             VALUES (?1, 'meeting', 'out', ?2, 'lunch', '', ?2)",
            rusqlite::params![anna.0, T0 - HOUR],
        )
        .unwrap();
    assert_eq!(last_contact(&s, anna), Some(T0 - HOUR));
    s.undo(T0).unwrap().unwrap();
    assert_eq!(
        text(&s, "SELECT group_concat(summary) FROM interactions"),
        "lunch"
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - HOUR));
}

#[test]
fn undo_refuses_a_row_another_program_deleted_since() {
    let (_tmp, mut s, other, anna) = anna_and_another_program();
    retitle(&mut s, anna, "CFO");
    other.execute("DELETE FROM customers", []).unwrap();
    let err = s.undo(T0).unwrap_err().to_string();
    assert_eq!(
        err,
        "another program deleted Anna Kowalska since \"edit Anna Kowalska\"; nothing was undone"
    );
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
}

#[test]
fn undo_of_an_import_leaves_the_customers_another_program_added_after_it() {
    let (_tmp, mut s, other, _) = anna_and_another_program();
    s.bulk(Some(("import 2 customers", T0)), |w| {
        w.insert_customer(&person("Bob"))?;
        w.insert_customer(&person("Cleo"))
    })
    .unwrap();
    other
        .execute(
            "INSERT INTO customers(kind, name, uid, created_at, updated_at)
             VALUES ('person', 'Dana', 'u-dana', 0, 0)",
            [],
        )
        .unwrap();
    assert_eq!(s.undo(T0).unwrap().unwrap().summary, "import 2 customers");
    assert_eq!(
        text(
            &s,
            "SELECT group_concat(name, ', ') FROM customers ORDER BY id"
        ),
        "Anna Kowalska, Dana"
    );
}

#[test]
fn undo_refuses_a_customer_it_added_that_another_program_attached_rows_to_since() {
    let (_tmp, mut s, other, _) = anna_and_another_program();
    let bob = s
        .change("add Bob Beta", T0, |w| {
            w.insert_customer(&person("Bob Beta"))
        })
        .unwrap();
    // Undone, Bob would take with him the call another program logged for him.
    other
        .execute(
            "INSERT INTO interactions(customer_id, kind, occurred_at, summary, created_at)
             VALUES (?1, 'call', 0, 'their call', 0)",
            [bob.0],
        )
        .unwrap();
    let err = s.undo(T0).unwrap_err().to_string();
    assert_eq!(
        err,
        "another program added Bob Beta's interaction since \"add Bob Beta\"; nothing was undone"
    );
    assert_eq!(count(&s, "SELECT count(*) FROM interactions"), 1);
    // A person they put in an organization rolo added: the same.
    other.execute("DELETE FROM interactions", []).unwrap();
    assert_eq!(s.undo(T0).unwrap().unwrap().summary, "add Bob Beta");
    let acme = s
        .change("add Acme", T0, |w| {
            w.insert_customer(&NewCustomer {
                kind: CustomerKind::Org,
                ..person("Acme")
            })
        })
        .unwrap();
    other
        .execute(
            "UPDATE customers SET org_id = ?1 WHERE name = 'Anna Kowalska'",
            [acme.0],
        )
        .unwrap();
    assert_eq!(
        s.undo(T0).unwrap_err().to_string(),
        "another program added a person to Acme since \"add Acme\"; nothing was undone"
    );
}

#[test]
fn undo_of_an_import_refuses_its_customers_another_program_attached_rows_to_since() {
    let (_tmp, mut s, other, _) = anna_and_another_program();
    s.bulk(Some(("import 2 customers", T0)), |w| {
        w.insert_customer(&person("Bob"))?;
        w.insert_customer(&person("Cleo"))
    })
    .unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM change_ranges"), 1);
    other
        .execute(
            "INSERT INTO interactions(customer_id, kind, occurred_at, summary, created_at)
             SELECT id, 'call', 0, 'their call', 0 FROM customers WHERE name = 'Cleo'",
            [],
        )
        .unwrap();
    assert_eq!(
        s.undo(T0).unwrap_err().to_string(),
        "another program added Cleo's interaction since \"import 2 customers\"; nothing was undone"
    );
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 3);
    other.execute("DELETE FROM interactions", []).unwrap();
    assert_eq!(s.undo(T0).unwrap().unwrap().summary, "import 2 customers");
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 1);
}
