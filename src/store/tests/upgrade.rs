//! Upgrading as a whole: what it says first and the copy it keeps, that a migration is no
//! part of the user's last change, and values past today's limits brought to them.

use super::file::{mode, pragma_text};
use super::migration::{before_handover, before_name_keys};
use super::*;
use crate::store::migrate;

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
        "Text(\"{\\\"id\\\":1,\\\"value_minor\\\":1000000000000000,\\\"stage_changed_ns\\\":0} \
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
