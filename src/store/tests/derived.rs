//! Derived data: last contact, next due, the FTS indexes and recomputing.

use super::bulk::load;
use super::*;
use crate::domain::FollowUpStatus;

pub(super) fn sql(s: &mut Store, sql: &str, args: impl rusqlite::Params) {
    s.write(|w| {
        w.conn().execute(sql, args)?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn last_contact_follows_interaction_inserts_and_ignores_notes() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    assert_eq!(last_contact(&s, anna), None);
    log(
        &mut s,
        &talk(anna, InteractionKind::Note, T0 - HOUR, "note to self"),
    );
    assert_eq!(last_contact(&s, anna), None, "a note is not a contact");
    log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 5 * DAY, "call"),
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 5 * DAY));
    log(
        &mut s,
        &talk(anna, InteractionKind::Email, T0 - 2 * DAY, "mail"),
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 2 * DAY));
    // Logging an older contact later does not move it back.
    log(
        &mut s,
        &talk(anna, InteractionKind::Visit, T0 - 9 * DAY, "visit"),
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 2 * DAY));
    log(&mut s, &talk(anna, InteractionKind::Note, T0, "newer note"));
    assert_eq!(last_contact(&s, anna), Some(T0 - 2 * DAY));
}

#[test]
fn last_contact_follows_interaction_deletes() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let old = log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 5 * DAY, "old"),
    );
    let new = log(&mut s, &talk(anna, InteractionKind::Call, T0 - DAY, "new"));
    let note = log(&mut s, &talk(anna, InteractionKind::Note, T0, "note"));
    sql(&mut s, "DELETE FROM interactions WHERE id = ?1", [note.0]);
    assert_eq!(last_contact(&s, anna), Some(T0 - DAY));
    sql(&mut s, "DELETE FROM interactions WHERE id = ?1", [new.0]);
    assert_eq!(last_contact(&s, anna), Some(T0 - 5 * DAY));
    sql(&mut s, "DELETE FROM interactions WHERE id = ?1", [old.0]);
    assert_eq!(last_contact(&s, anna), None);
}

#[test]
fn last_contact_follows_interaction_updates() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let bob = add(&mut s, &person("Bob"));
    let a1 = log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 5 * DAY, "a1"),
    );
    let a2 = log(&mut s, &talk(anna, InteractionKind::Call, T0 - DAY, "a2"));
    // Moved earlier: the other one is now the latest.
    sql(
        &mut s,
        "UPDATE interactions SET occurred_at = ?1 WHERE id = ?2",
        [T0 - 7 * DAY, a2.0],
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 5 * DAY));
    // Turned into a note: no longer a contact.
    sql(
        &mut s,
        "UPDATE interactions SET kind = 'note' WHERE id = ?1",
        [a1.0],
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 7 * DAY));
    // Moved to another customer: both follow.
    sql(
        &mut s,
        "UPDATE interactions SET customer_id = ?1 WHERE id = ?2",
        [bob.0, a2.0],
    );
    assert_eq!(last_contact(&s, anna), None);
    assert_eq!(last_contact(&s, bob), Some(T0 - 7 * DAY));
    // A note turned back into a call counts again.
    sql(
        &mut s,
        "UPDATE interactions SET kind = 'call' WHERE id = ?1",
        [a1.0],
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - 5 * DAY));
}

#[test]
fn next_due_follows_follow_up_inserts_closes_moves_and_deletes() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    assert_eq!(next_due(&s, anna), None);
    let late = plan_task(&mut s, &task(anna, "later", "2026-12-01"));
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-12-01"));
    let soon = plan_task(&mut s, &task(anna, "soon", "2026-11-25"));
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-25"));
    let mid = plan_task(&mut s, &task(anna, "mid", "2026-11-28"));
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-25"));
    // Closing the earliest: the next open one.
    s.write(|w| w.close_follow_up(soon, FollowUpStatus::Done, T0, today()))
        .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-28"));
    // Moving later past another, and earlier before all.
    s.write(|w| w.move_follow_up(mid, day("2026-12-05"), true, instant(T0)))
        .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-12-01"));
    s.write(|w| w.move_follow_up(mid, day("2026-11-24"), false, instant(T0)))
        .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-24"));
    // Cancelling; deleting; deleting a closed one changes nothing.
    s.write(|w| w.close_follow_up(mid, FollowUpStatus::Cancelled, T0, today()))
        .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-12-01"));
    sql(&mut s, "DELETE FROM follow_ups WHERE id = ?1", [soon.0]);
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-12-01"));
    sql(&mut s, "DELETE FROM follow_ups WHERE id = ?1", [late.0]);
    assert_eq!(next_due(&s, anna), None);
    // A closed follow-up inserted as such does not count.
    sql(
        &mut s,
        "INSERT INTO follow_ups(customer_id, what, due_date, original_due, status, created_at)
         VALUES (?1, 'old', '2026-11-01', '2026-11-01', 'done', 0)",
        [anna.0],
    );
    assert_eq!(next_due(&s, anna), None);
}

#[test]
fn next_due_follows_a_repeating_follow_up_and_a_reassignment() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let bob = add(&mut s, &person("Bob"));
    let id = plan_task(
        &mut s,
        &NewFollowUp {
            repeat: Some(crate::domain::Repeat::parse("1w").unwrap()),
            ..task(anna, "weekly", "2026-11-23")
        },
    );
    s.write(|w| w.close_follow_up(id, FollowUpStatus::Done, T0, today()))
        .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-30"));
    sql(
        &mut s,
        "UPDATE follow_ups SET customer_id = ?1 WHERE status = 'open'",
        [bob.0],
    );
    assert_eq!(next_due(&s, anna), None);
    assert_eq!(next_due(&s, bob).as_deref(), Some("2026-11-30"));
}

#[test]
fn customers_fts_follows_inserts_updates_and_deletes() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: "plays golf on Fridays".into(),
            needs: "cheaper shipping".into(),
            ..person("Anna Kowalska")
        },
    );
    assert_eq!(fts(&s, "customers_fts", "golf"), [anna.0]);
    assert_eq!(fts(&s, "customers_fts", "name : kowalska"), [anna.0]);
    assert_eq!(fts(&s, "customers_fts", "needs : shipping"), [anna.0]);
    assert_eq!(fts(&s, "customers_fts", "name : golf"), Vec::<i64>::new());
    sql(
        &mut s,
        "UPDATE customers SET notes = 'sails in summer', name = 'Anna Nowak' WHERE id = ?1",
        [anna.0],
    );
    assert_eq!(fts(&s, "customers_fts", "golf"), Vec::<i64>::new());
    assert_eq!(fts(&s, "customers_fts", "kowalska"), Vec::<i64>::new());
    assert_eq!(fts(&s, "customers_fts", "sails"), [anna.0]);
    assert_eq!(fts(&s, "customers_fts", "nowak"), [anna.0]);
    // Updating another column leaves the index alone and correct.
    sql(
        &mut s,
        "UPDATE customers SET title = 'CEO' WHERE id = ?1",
        [anna.0],
    );
    assert_eq!(fts(&s, "customers_fts", "nowak"), [anna.0]);
    sql(&mut s, "DELETE FROM customers WHERE id = ?1", [anna.0]);
    assert_eq!(
        fts(&s, "customers_fts", "sails OR nowak OR anna"),
        Vec::<i64>::new()
    );
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn interactions_fts_follows_inserts_updates_and_deletes() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let i = log(
        &mut s,
        &NewInteraction {
            notes: "asked about the warranty".into(),
            ..talk(anna, InteractionKind::Call, T0, "pricing ok")
        },
    );
    assert_eq!(fts(&s, "interactions_fts", "warranty"), [i.0]);
    assert_eq!(fts(&s, "interactions_fts", "summary : pricing"), [i.0]);
    sql(
        &mut s,
        "UPDATE interactions SET summary = 'demo booked' WHERE id = ?1",
        [i.0],
    );
    assert_eq!(fts(&s, "interactions_fts", "pricing"), Vec::<i64>::new());
    assert_eq!(fts(&s, "interactions_fts", "demo"), [i.0]);
    assert_eq!(fts(&s, "interactions_fts", "warranty"), [i.0]);
    // Deleting the customer cascades to the interaction and its index entry.
    sql(&mut s, "DELETE FROM customers WHERE id = ?1", [anna.0]);
    assert_eq!(count(&s, "SELECT count(*) FROM interactions"), 0);
    assert_eq!(
        fts(&s, "interactions_fts", "demo OR warranty"),
        Vec::<i64>::new()
    );
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn follow_ups_fts_follows_inserts_updates_and_deletes() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let f = plan_task(&mut s, &task(anna, "send the price list", "2026-11-24"));
    assert_eq!(fts(&s, "follow_ups_fts", "price"), [f.0]);
    sql(
        &mut s,
        "UPDATE follow_ups SET what = 'book a demo' WHERE id = ?1",
        [f.0],
    );
    assert_eq!(fts(&s, "follow_ups_fts", "price"), Vec::<i64>::new());
    assert_eq!(fts(&s, "follow_ups_fts", "demo"), [f.0]);
    // Closing or moving does not touch the text.
    s.write(|w| w.move_follow_up(f, day("2026-11-30"), true, instant(T0)))
        .unwrap();
    assert_eq!(fts(&s, "follow_ups_fts", "demo"), [f.0]);
    sql(&mut s, "DELETE FROM follow_ups WHERE id = ?1", [f.0]);
    assert_eq!(fts(&s, "follow_ups_fts", "demo"), Vec::<i64>::new());
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn fts_indexes_letters_the_tokenizer_keeps_as_rolo_folds_them() {
    let mut s = mem();
    let id = add(
        &mut s,
        &NewCustomer {
            notes: "Büro in Łódź, Straße 5; Søren".into(),
            ..person("Łukasz Żółć")
        },
    );
    let i = log(
        &mut s,
        &talk(id, InteractionKind::Visit, T0, "Ærø, Þórshöfn"),
    );
    for q in ["lukasz", "zolc", "lodz", "strasse", "soren", "buro"] {
        assert_eq!(fts(&s, "customers_fts", q), [id.0], "{q}");
    }
    for q in ["aero", "thorshofn"] {
        assert_eq!(fts(&s, "interactions_fts", q), [i.0], "{q}");
    }
    let f = plan_task(&mut s, &task(id, "Gdańsk: Długa 5", "2026-11-24"));
    assert_eq!(fts(&s, "follow_ups_fts", "gdansk dluga"), [f.0]);
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

/// One customer with a bit of everything, written through a `Writer`.
#[test]
fn recompute_derived_repairs_and_counts_wrong_customers() {
    let mut s = mem();
    s.write(|w| load(w, 3)).unwrap();
    let good = dump(&s);
    assert_eq!(s.recompute_derived().unwrap(), 0);
    sql(
        &mut s,
        "UPDATE customers SET last_contact_at = 1 WHERE id = 1",
        [],
    );
    sql(
        &mut s,
        "UPDATE customers SET next_due = NULL WHERE id IN (2, 3)",
        [],
    );
    assert_eq!(s.recompute_derived().unwrap(), 3);
    assert_eq!(dump(&s), good);
    assert_eq!(
        s.recent_changes(5).unwrap(),
        [],
        "repairs are not journaled"
    );
}

#[test]
fn clear_all_empties_every_table_and_the_journal() {
    let mut s = mem();
    s.write(|w| load(w, 3)).unwrap();
    s.change("add Anna", T0, |w| w.insert_customer(&person("Anna")))
        .unwrap();
    s.write(|w| {
        w.conn().execute(
            "INSERT INTO settings(key, value) VALUES ('currency', 'PLN')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    s.clear_all().unwrap();
    let left: Vec<(String, usize)> = dump(&s)
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(t, rows)| (t, rows.len()))
        .collect();
    // Settings and the journal switch survive; everything else is gone, indexes included.
    assert_eq!(
        left,
        [
            ("journal_state".to_string(), 1),
            ("settings".to_string(), 1)
        ]
    );
    assert_eq!(count(&s, "SELECT count(*) FROM changes"), 0);
    assert_eq!(s.undo(0).unwrap(), None);
    assert!(s.is_empty().unwrap());
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn integrity_problems_reports_a_damaged_index() {
    let mut s = mem();
    s.write(|w| load(w, 2)).unwrap();
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
    // Drop one row's entry from the index behind the triggers' back.
    sql(
        &mut s,
        "INSERT INTO customers_fts(customers_fts, rowid, name, notes, needs)
         SELECT 'delete', id, name, notes, needs FROM customers_fts_src WHERE id = 1",
        [],
    );
    let problems = s.integrity_problems().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("customers_fts:"), "{problems:?}");
}

#[test]
fn an_organizations_last_contact_is_the_latest_of_it_and_its_people() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(
        &mut s,
        &NewCustomer {
            org_id: Some(acme),
            ..person("Anna")
        },
    );
    let bob = add(&mut s, &person("Bob"));
    log(
        &mut s,
        &talk(acme, InteractionKind::Call, T0 - 9 * DAY, "own"),
    );
    let a = log(&mut s, &talk(anna, InteractionKind::Call, T0 - DAY, "anna"));
    log(
        &mut s,
        &talk(anna, InteractionKind::Note, T0, "note to self"),
    );
    assert_eq!(last_contact(&s, anna), Some(T0 - DAY));
    assert_eq!(last_contact(&s, acme), Some(T0 - DAY), "a person's contact");
    sql(
        &mut s,
        "UPDATE interactions SET occurred_at = ?1 WHERE id = ?2",
        [T0 - 12 * DAY, a.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 9 * DAY), "moved back");
    sql(
        &mut s,
        "UPDATE interactions SET occurred_at = ?1 WHERE id = ?2",
        [T0 - 2 * DAY, a.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 2 * DAY));
    // Anna leaves with her contacts, and comes back with them.
    sql(
        &mut s,
        "UPDATE customers SET org_id = NULL WHERE id = ?1",
        [anna.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 9 * DAY));
    sql(
        &mut s,
        "UPDATE customers SET org_id = ?1 WHERE id = ?2",
        [acme.0, anna.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 2 * DAY));
    // Her contact given to Bob, who is no one's.
    sql(
        &mut s,
        "UPDATE interactions SET customer_id = ?1 WHERE id = ?2",
        [bob.0, a.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 9 * DAY));
    assert_eq!(last_contact(&s, bob), Some(T0 - 2 * DAY));
    sql(
        &mut s,
        "UPDATE interactions SET customer_id = ?1 WHERE id = ?2",
        [anna.0, a.0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - 2 * DAY));
    sql(&mut s, "DELETE FROM interactions WHERE id = ?1", [a.0]);
    assert_eq!(last_contact(&s, acme), Some(T0 - 9 * DAY), "deleted");
    let late = log(&mut s, &talk(anna, InteractionKind::Email, T0, "late"));
    assert_eq!(last_contact(&s, acme), Some(T0));
    sql(&mut s, "DELETE FROM interactions WHERE id = ?1", [late.0]);
    log(
        &mut s,
        &talk(anna, InteractionKind::Email, T0 - DAY, "again"),
    );
    sql(&mut s, "DELETE FROM customers WHERE id = ?1", [anna.0]);
    assert_eq!(last_contact(&s, acme), Some(T0 - 9 * DAY), "Anna deleted");
    assert_eq!(s.recompute_derived().unwrap(), 0);
}

#[test]
fn a_bulk_load_and_recompute_give_an_organization_its_peoples_last_contact() {
    let mut s = mem();
    let (acme, anna) = s
        .bulk(None, |w| {
            let acme = w.insert_customer(&org("Acme"))?;
            let anna = w.insert_customer(&NewCustomer {
                org_id: Some(acme),
                ..person("Anna")
            })?;
            w.insert_interaction(&talk(anna, InteractionKind::Call, T0 - DAY, "call"))?;
            Ok((acme, anna))
        })
        .unwrap();
    assert_eq!(last_contact(&s, anna), Some(T0 - DAY));
    assert_eq!(last_contact(&s, acme), Some(T0 - DAY));
    sql(&mut s, "UPDATE customers SET last_contact_at = NULL", []);
    assert_eq!(s.recompute_derived().unwrap(), 2);
    assert_eq!(last_contact(&s, acme), Some(T0 - DAY));
    // An import (a journaled load) of a person's history at an organization there before.
    let bea = s
        .bulk(Some(("import", T0)), |w| {
            let bea = w.insert_customer(&NewCustomer {
                org_id: Some(acme),
                ..person("Bea")
            })?;
            w.insert_interaction(&talk(bea, InteractionKind::Visit, T0 - HOUR, "visit"))?;
            Ok(bea)
        })
        .unwrap();
    assert_eq!(last_contact(&s, bea), Some(T0 - HOUR));
    assert_eq!(last_contact(&s, acme), Some(T0 - HOUR));
    assert_eq!(s.recompute_derived().unwrap(), 0);
}

#[test]
fn migration_21_gives_an_organization_its_peoples_last_contact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let (acme, anna) = {
        let mut s = Store::open(&path).unwrap();
        let (acme, anna) = acme_and_anna(&mut s);
        // As schema v20 kept it: the organization's own contacts only, by its triggers.
        s.conn
            .execute_batch(
                "UPDATE journal_state SET recording = 0;
                 UPDATE customers SET last_contact_at = NULL WHERE kind = 'org';
                 DROP TRIGGER customers_org_last_contact_au;
                 DROP TRIGGER customers_org_last_contact_ad;
                 DROP TRIGGER interactions_last_contact_ai;
                 CREATE TRIGGER interactions_last_contact_ai AFTER INSERT ON interactions
                   WHEN NEW.kind <> 'note' BEGIN
                   UPDATE customers SET last_contact_at = NEW.occurred_at
                    WHERE id = NEW.customer_id
                      AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
                 END;
                 UPDATE journal_state SET recording = 1;
                 PRAGMA user_version = 20;",
            )
            .unwrap();
        (acme, anna)
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(last_contact(&s, acme), Some(T0 - DAY));
    log(&mut s, &talk(anna, InteractionKind::Call, T0, "again"));
    assert_eq!(last_contact(&s, acme), Some(T0), "the triggers are v21's");
    sql(
        &mut s,
        "UPDATE customers SET org_id = NULL WHERE id = ?1",
        [anna.0],
    );
    assert_eq!(last_contact(&s, acme), None);
    assert_eq!(s.recent_changes(5).unwrap(), [], "nothing for undo");
    assert!(s.integrity_problems().unwrap().is_empty());
}
