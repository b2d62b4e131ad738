//! Bulk loads: derived data, the journal, sorting and failure as ordinary changes leave them.

use super::*;
use crate::store::{CustomerPatch, StoreError};

pub(super) fn load(w: &crate::store::Writer<'_>, n: i64) -> crate::store::Result<()> {
    for k in 0..n {
        let id = w.insert_customer(&NewCustomer {
            notes: format!("note {k} golf"),
            tags: vec!["vip".into()],
            contacts: vec![email(&format!("c{k}@acme.pl"))],
            ..person(&format!("Customer {k}"))
        })?;
        w.insert_interaction(&talk(id, InteractionKind::Call, T0 - (k + 1) * DAY, "call"))?;
        w.insert_interaction(&talk(id, InteractionKind::Note, T0, "note"))?;
        if k % 2 == 0 {
            w.insert_interaction(&talk(id, InteractionKind::Email, T0 - HOUR, "mail"))?;
        }
        w.insert_follow_up(&task(id, "call back", "2026-12-01"))?;
        w.insert_follow_up(&task(id, "earlier", &format!("2026-11-{:02}", 10 + k)))?;
    }
    Ok(())
}

fn trigger_names(s: &Store) -> Vec<String> {
    rows_of(s, "SELECT name FROM sqlite_schema WHERE type = 'trigger'")
}

#[test]
fn bulk_leaves_derived_data_as_the_triggers_would() {
    let mut by_triggers = mem();
    by_triggers.write(|w| load(w, 5)).unwrap();
    let mut by_bulk = mem();
    let triggers = trigger_names(&by_bulk);
    by_bulk.bulk(None, |w| load(w, 5)).unwrap();
    assert_eq!(dump(&by_bulk), dump(&by_triggers));
    assert_eq!(trigger_names(&by_bulk), triggers, "every trigger is back");
    assert_eq!(by_bulk.recent_changes(5).unwrap(), [], "not journaled");
    assert_eq!(by_bulk.integrity_problems().unwrap(), Vec::<String>::new());
    // Hand-computed for customer 0 (id 1): mail 1 hour ago; earliest open 11-10.
    assert_eq!(last_contact(&by_bulk, CustomerId(1)), Some(T0 - HOUR));
    assert_eq!(
        next_due(&by_bulk, CustomerId(1)).as_deref(),
        Some("2026-11-10")
    );
    // Customer 1 (id 2): no mail, so the call two days ago.
    assert_eq!(last_contact(&by_bulk, CustomerId(2)), Some(T0 - 2 * DAY));

    // The triggers work again after the load.
    log(
        &mut by_bulk,
        &talk(CustomerId(2), InteractionKind::Call, T0, "new"),
    );
    assert_eq!(last_contact(&by_bulk, CustomerId(2)), Some(T0));
    plan_task(&mut by_bulk, &task(CustomerId(2), "first", "2026-11-01"));
    assert_eq!(
        next_due(&by_bulk, CustomerId(2)).as_deref(),
        Some("2026-11-01")
    );
    add(
        &mut by_bulk,
        &NewCustomer {
            notes: "sails".into(),
            ..person("Late Comer")
        },
    );
    assert_eq!(fts(&by_bulk, "customers_fts", "sails").len(), 1);
}

#[test]
fn bulk_with_a_journal_is_undone_whole() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 3 * DAY, "call"),
    );
    let before = dump(&s);
    s.bulk(Some(("import 3 customers", T0)), |w| {
        load(w, 3)?;
        // A row for an existing customer moves its derived data too.
        w.insert_interaction(&talk(anna, InteractionKind::Call, T0 - HOUR, "imported"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(last_contact(&s, anna), Some(T0 - HOUR));
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 4);
    let undone = s.undo(0).unwrap().unwrap();
    assert_eq!(undone.summary, "import 3 customers");
    assert_eq!(dump(&s), before);
    assert_eq!(last_contact(&s, anna), Some(T0 - 3 * DAY));
}

fn sort_settings(s: &Store) -> (i64, i64) {
    let get = |p: &str| {
        s.conn()
            .query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    (get("temp_store"), get("threads"))
}

#[test]
fn bulk_sorts_on_disk_and_puts_the_connection_back() {
    let mut s = mem();
    let usual = sort_settings(&s);
    assert_eq!(usual, (2, 0), "temp_store = MEMORY, no helper threads");
    let seen = s
        .bulk(Some(("import", T0)), |w| {
            Ok((
                w.conn()
                    .query_row("PRAGMA temp_store", [], |r| r.get::<_, i64>(0))?,
                w.conn()
                    .query_row("PRAGMA threads", [], |r| r.get::<_, i64>(0))?,
            ))
        })
        .unwrap();
    assert_eq!(
        seen,
        (1, 1),
        "the load sorts in files, with one helper thread"
    );
    assert_eq!(sort_settings(&s), usual, "back after a load");
    let failed = s.bulk(Some(("import", T0)), |w| {
        load(w, 2)?;
        Err::<(), _>(StoreError::Invalid("bad record".into()))
    });
    assert!(failed.is_err());
    assert_eq!(sort_settings(&s), usual, "back after a failed load too");
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers"),
        0,
        "nothing kept"
    );
}

fn schema_sql(s: &Store) -> Vec<String> {
    rows_of(
        s,
        "SELECT type || ' ' || name || ' ' || sql FROM sqlite_schema ORDER BY type, name",
    )
}

#[test]
fn journaled_bulk_leaves_what_a_journaled_change_would() {
    // Rows already there, then a bulk that appends, edits its own new rows (an import
    // merging a record into one it created) and edits an old row: the rows, derived
    // columns and FTS entries must be those of the same work done by one `change`.
    let work = |w: &crate::store::Writer<'_>| -> crate::store::Result<()> {
        load(w, 3)?;
        let late = w.insert_customer(&NewCustomer {
            notes: "first words".into(),
            ..person("Late Comer")
        })?;
        w.update_customer(
            late,
            &CustomerPatch {
                notes: Some("sailing yachts".into()),
                name: Some("Late Sailor".into()),
                ..CustomerPatch::default()
            },
            T0,
        )?;
        w.update_customer(
            CustomerId(1),
            &CustomerPatch {
                notes: Some("now plays chess".into()),
                add_contacts: vec![email("old@acme.pl")],
                ..CustomerPatch::default()
            },
            T0,
        )?;
        w.insert_interaction(&talk(
            CustomerId(1),
            InteractionKind::Call,
            T0 - HOUR,
            "imported",
        ))?;
        Ok(())
    };
    let mut by_change = mem();
    let mut by_bulk = mem();
    for s in [&mut by_change, &mut by_bulk] {
        s.write(|w| {
            for name in ["Old One", "Old Two"] {
                let id = w.insert_customer(&NewCustomer {
                    notes: "golf".into(),
                    tags: vec!["vip".into()],
                    contacts: vec![email(&format!("{}@old.pl", name.len()))],
                    ..person(name)
                })?;
                w.insert_interaction(&talk(id, InteractionKind::Call, T0 - DAY, "call"))?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(s.undo(0).unwrap(), None);
    }
    let before = dump(&by_bulk);
    let schema = schema_sql(&by_bulk);
    by_change.change("import", T0, work).unwrap();
    by_bulk.bulk(Some(("import", T0)), work).unwrap();
    assert_eq!(dump(&by_bulk), dump(&by_change));
    assert_eq!(
        schema_sql(&by_bulk),
        schema,
        "indexes and triggers back verbatim"
    );
    assert_eq!(by_bulk.integrity_problems().unwrap(), Vec::<String>::new());
    assert_eq!(fts(&by_bulk, "customers_fts", "sailing").len(), 1);
    assert_eq!(fts(&by_bulk, "customers_fts", "first").len(), 0);
    assert_eq!(fts(&by_bulk, "customers_fts", "chess"), [1]);
    assert_eq!(last_contact(&by_bulk, CustomerId(1)), Some(T0 - HOUR));
    // Appended rows are journaled as ranges, the edits of old rows one by one.
    assert_eq!(
        count(&by_bulk, "SELECT count(*) FROM change_ranges"),
        5,
        "customers, contact points, customer tags, interactions, follow-ups (the tag existed)"
    );
    assert_eq!(
        rows_of(&by_bulk, "SELECT tbl, op, row_id FROM change_ops"),
        ["'customers' | 'U' | 1"],
        "the old customer's notes and updated_at, one write of its row; nothing for the \
         appended one"
    );
    // Undo takes it all back, FTS included.
    let undone = by_bulk.undo(0).unwrap().unwrap();
    assert_eq!(undone.summary, "import");
    assert_eq!(dump(&by_bulk), before);
    assert_eq!(schema_sql(&by_bulk), schema);
    assert_eq!(by_bulk.integrity_problems().unwrap(), Vec::<String>::new());
    // New rows after the undo are ordinary, journaled row by row.
    let anna = by_bulk
        .change("add Anna", T0, |w| w.insert_customer(&person("Anna")))
        .unwrap();
    assert_eq!(count(&by_bulk, "SELECT count(*) FROM customers"), 3);
    assert_eq!(
        count(&by_bulk, "SELECT count(*) FROM change_ops WHERE op = 'I'"),
        1
    );
    by_bulk.undo(0).unwrap().unwrap();
    assert!(by_bulk.customer(anna).is_err());
}

#[test]
fn journaled_bulk_into_empty_tables_rebuilds_their_indexes() {
    let mut s = mem();
    let schema = schema_sql(&s);
    s.bulk(Some(("import", T0)), |w| {
        // While loading, the lookup indexes of the empty tables are set aside...
        let idx: i64 = w.conn().query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('contact_points_norm', 'customers_name_key')",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(idx, 0);
        load(w, 3)
    })
    .unwrap();
    // ... and back, filled, afterwards.
    assert_eq!(schema_sql(&s), schema);
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM contact_points INDEXED BY contact_points_norm
             WHERE kind = 'email' AND norm = 'c1@acme.pl'"
        ),
        1
    );
}

#[test]
fn bulk_that_fails_keeps_nothing_and_keeps_the_triggers() {
    let mut s = mem();
    let triggers = trigger_names(&s);
    let err = s
        .bulk(Some(("import", T0)), |w| {
            load(w, 2)?;
            Err::<(), _>(StoreError::Invalid("bad row 3".into()))
        })
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM changes"), 0);
    assert_eq!(trigger_names(&s), triggers);
    assert_eq!(count(&s, "SELECT recording FROM journal_state"), 0);
    let anna = add(&mut s, &person("Anna"));
    log(&mut s, &talk(anna, InteractionKind::Call, T0, "call"));
    assert_eq!(last_contact(&s, anna), Some(T0));
}

#[test]
fn bulk_told_not_to_keep_its_load_returns_its_result_and_keeps_nothing() {
    for journal in [Some(("import", T0)), None] {
        let mut s = mem();
        let triggers = trigger_names(&s);
        let indexes = count(
            &s,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index'",
        );
        let loaded = s
            .bulk_or_discard(journal, |w| {
                load(w, 3)?;
                let n = w
                    .conn()
                    .query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0))?;
                Ok((n, false))
            })
            .unwrap();
        assert_eq!(loaded, 3, "the load saw its rows ({journal:?})");
        assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
        assert_eq!(count(&s, "SELECT count(*) FROM changes"), 0);
        assert_eq!(trigger_names(&s), triggers);
        assert_eq!(
            count(
                &s,
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
            ),
            indexes
        );
        assert_eq!(count(&s, "SELECT recording FROM journal_state"), 0);
        assert!(s.undoable().unwrap().is_none(), "nothing to undo");
        assert!(!s.made_here(1, T0), "no change of its own");
        let anna = add(&mut s, &person("Anna"));
        log(&mut s, &talk(anna, InteractionKind::Call, T0, "call"));
        assert_eq!(last_contact(&s, anna), Some(T0));
    }
}

#[test]
fn bulk_append_writes_down_no_appended_row_and_search_finds_every_text_after() {
    let mut s = mem();
    let old = add(
        &mut s,
        &NewCustomer {
            notes: "在上海展会认识".into(),
            ..person("李雷")
        },
    );
    let pending = |c: &rusqlite::Connection| -> Vec<(String, i64)> {
        c.prepare("SELECT source, id FROM text_grams_pending ORDER BY source, id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let (new, during) = s
        .bulk(Some(("import", T0)), |w| {
            let new = w.insert_customer(&NewCustomer {
                notes: "第一次见面".into(),
                ..person("韩梅梅")
            })?;
            let call = w.insert_interaction(&talk(new, InteractionKind::Call, T0, "电话"))?;
            let step = w.insert_follow_up(&task(new, "写信", "2026-12-01"))?;
            // The load edits what it appended, and a row of before.
            w.conn().execute_batch(&format!(
                "UPDATE customers SET notes = '在北京会议认识' WHERE id = {new};
                 UPDATE interactions SET summary = '价格谈判' WHERE id = {call};
                 UPDATE follow_ups SET what = '发送报价' WHERE id = {step};
                 UPDATE customers SET notes = '老朋友' WHERE id = {old};",
                new = new.0,
                call = call.0,
                step = step.0,
                old = old.0,
            ))?;
            Ok((new, pending(w.conn())))
        })
        .unwrap();
    // Only the row of before is written down: the appended ones are indexed once, at the end.
    assert_eq!(during, [("customers".to_string(), old.0)]);
    assert_eq!(pending(s.conn()), []);
    let hits = |s: &Store, typed: &str| -> Vec<(CustomerId, String)> {
        s.search(typed, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.customer_id, h.field))
            .collect()
    };
    assert_eq!(hits(&s, "北京"), [(new, "profile".to_string())]);
    assert_eq!(hits(&s, "谈判"), [(new, "call".to_string())]);
    assert_eq!(hits(&s, "报价"), [(new, "follow-up".to_string())]);
    assert_eq!(hits(&s, "朋友"), [(old, "profile".to_string())]);
    assert_eq!(hits(&s, "展会"), []);
    assert_eq!(hits(&s, "见面"), []);
    assert_eq!(hits(&s, "写信"), []);
    assert!(s.integrity_problems().unwrap().is_empty());
    s.write(|w| w.rebuild_fts("text_grams_fts")).unwrap();
    assert_eq!(hits(&s, "北京"), [(new, "profile".to_string())]);
}
