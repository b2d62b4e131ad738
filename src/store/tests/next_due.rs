//! A customer's next step as the triggers keep it (schema v25: an organization's is the
//! earliest open follow-up of it and its people): random changes of follow-ups and of who
//! belongs where, undos and imports, each compared with a recompute from scratch; the
//! migration.

use super::last_contact::{Rng, ids, membership_op, three_orgs};
use super::*;

/// The earliest open follow-up of a customer and its people, worked out from scratch
/// without the view: what the triggers must agree with.
const FROM_SCRATCH: &str = "(SELECT min(due_date) FROM follow_ups
   WHERE status = 'open' AND customer_id IN
     (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))";

/// Customers whose stored next step is not the one worked out from scratch:
/// (id, stored, from scratch).
fn wrong(s: &Store) -> Vec<(i64, Option<String>, Option<String>)> {
    disagreeing(s, "next_due", FROM_SCRATCH)
}

const STATUSES: [&str; 3] = ["open", "done", "cancelled"];

/// A day among few, so that ties with the stored next step are common.
fn some_day(rng: &mut Rng) -> String {
    format!("2026-12-{:02}", 1 + rng.below(6))
}

/// One random change of follow-ups or of who belongs where.
fn random_op(
    w: &crate::store::Writer<'_>,
    rng: &mut Rng,
    made: &mut usize,
) -> crate::store::Result<()> {
    let conn = w.conn();
    let customers = ids(conn, "SELECT id FROM customers ORDER BY id");
    let orgs = ids(
        conn,
        "SELECT id FROM customers WHERE kind = 'org' ORDER BY id",
    );
    let steps = ids(conn, "SELECT id FROM follow_ups ORDER BY id");
    let day = some_day(rng);
    match rng.below(10) {
        0..=2 => {
            if let Some(c) = rng.pick(&customers) {
                conn.execute(
                    "INSERT INTO follow_ups(customer_id, what, due_date, original_due, status, created_at)
                     VALUES (?1, 'call', ?2, ?2, ?3, 0)",
                    rusqlite::params![c, day, STATUSES[rng.below(4).min(2)]],
                )?;
            }
        }
        3 => {
            if let Some(f) = rng.pick(&steps) {
                conn.execute("DELETE FROM follow_ups WHERE id = ?1", [f])?;
            }
        }
        4 => {
            if let Some(f) = rng.pick(&steps) {
                conn.execute(
                    "UPDATE follow_ups SET due_date = ?1 WHERE id = ?2",
                    rusqlite::params![day, f],
                )?;
            }
        }
        5 => {
            if let Some(f) = rng.pick(&steps) {
                conn.execute(
                    "UPDATE follow_ups SET status = ?1 WHERE id = ?2",
                    rusqlite::params![STATUSES[rng.below(3)], f],
                )?;
            }
        }
        6 => {
            // One follow-up to someone else, or all of one's (as `rolo merge` moves them).
            if let (Some(f), Some(c)) = (rng.pick(&steps), rng.pick(&customers)) {
                if rng.below(3) == 0 {
                    conn.execute(
                        "UPDATE follow_ups SET customer_id = ?1
                          WHERE customer_id = (SELECT customer_id FROM follow_ups WHERE id = ?2)",
                        [c, f],
                    )?;
                } else {
                    conn.execute(
                        "UPDATE follow_ups SET customer_id = ?1, due_date = ?2 WHERE id = ?3",
                        rusqlite::params![c, day, f],
                    )?;
                }
            }
        }
        k => membership_op(w, rng, made, k, &customers, &orgs)?,
    }
    Ok(())
}

/// 400 rounds of random changes (a few at a time, journaled), undos and imports on three
/// organizations of three people and one person, each followed by the comparison with a
/// recompute.
#[test]
fn next_due_agrees_with_a_recompute_after_random_changes_undos_and_imports() {
    let mut s = three_orgs();
    let mut made = 0;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut checked, mut orgs_by_people) = (0, 0);
    for round in 0..400 {
        match rng.below(12) {
            0 | 1 => {
                s.undo(T0).unwrap();
            }
            2 => {
                // A journaled load: the triggers narrowed, then the recompute of what it added.
                let (c, due) = (rng.below(40), some_day(&mut rng));
                s.bulk(Some(("import", T0)), |w| {
                    let customers = ids(w.conn(), "SELECT id FROM customers ORDER BY id");
                    for k in 0..3 {
                        let who = CustomerId(customers[(c + k) % customers.len()]);
                        w.insert_follow_up(&task(who, "imported", &due))?;
                    }
                    Ok(())
                })
                .unwrap();
            }
            _ => {
                let n = 1 + rng.below(5);
                s.change(&format!("round {round}"), T0, |w| {
                    for _ in 0..n {
                        random_op(w, &mut rng, &mut made)?;
                    }
                    Ok(())
                })
                .unwrap();
            }
        }
        assert_eq!(wrong(&s), [], "after round {round}");
        checked += count(
            &s,
            "SELECT count(*) FROM customers WHERE next_due IS NOT NULL",
        );
        // Organizations whose next step is one of their people's, not their own.
        orgs_by_people += count(
            &s,
            "SELECT count(*) FROM customers o WHERE o.kind = 'org' AND o.next_due IS NOT
               (SELECT min(due_date) FROM follow_ups WHERE customer_id = o.id AND status = 'open')",
        );
    }
    assert_eq!(s.recompute_derived().unwrap(), 0);
    // The rounds did reach what is checked: many next steps, many of them an organization's
    // people's.
    assert!(checked > 2000, "{checked}");
    assert!(orgs_by_people > 200, "{orgs_by_people}");
}

/// A file of schema v24 (an organization's next step its own only) upgraded: the
/// organization takes its people's earliest, a person keeps theirs, and the triggers keep
/// it from then on.
#[test]
fn migration_25_gives_an_organization_its_peoples_next_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v24.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    crate::store::migrate::make_at(&mut conn, 24).unwrap();
    conn.execute_batch(
        "UPDATE journal_state SET recording = 0;
         INSERT INTO customers(id, kind, name, uid, created_at, updated_at)
           VALUES (1, 'org', 'Acme', 'u1', 0, 0);
         INSERT INTO customers(id, kind, name, org_id, uid, created_at, updated_at)
           VALUES (2, 'person', 'Anna', 1, 'u2', 0, 0), (3, 'person', 'Bob', NULL, 'u3', 0, 0);
         INSERT INTO follow_ups(customer_id, what, due_date, original_due, created_at)
           VALUES (1, 'renewal', '2026-12-20', '2026-12-20', 0),
                  (2, 'demo', '2026-12-03', '2026-12-03', 0),
                  (3, 'call', '2026-12-05', '2026-12-05', 0);
         -- As v24's triggers kept it (a file made at a version has today's triggers).
         UPDATE customers SET next_due = '2026-12-20' WHERE id = 1;",
    )
    .unwrap();
    let stored = |conn: &rusqlite::Connection| -> Vec<(i64, Option<String>)> {
        conn.prepare("SELECT id, next_due FROM customers ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let before = [
        (1, Some("2026-12-20".to_string())),
        (2, Some("2026-12-03".to_string())),
        (3, Some("2026-12-05".to_string())),
    ];
    assert_eq!(stored(&conn), before);
    drop(conn);
    let s = Store::open(&path).unwrap();
    let after = [
        (1, Some("2026-12-03".to_string())),
        (2, Some("2026-12-03".to_string())),
        (3, Some("2026-12-05".to_string())),
    ];
    assert_eq!(stored(s.conn()), after);
    // Bob joins Acme, Anna's step is done: Acme's next step is Bob's.
    s.conn()
        .execute_batch(
            "UPDATE journal_state SET recording = 0;
             UPDATE customers SET org_id = 1 WHERE id = 3;
             UPDATE follow_ups SET status = 'done' WHERE customer_id = 2;",
        )
        .unwrap();
    assert_eq!(
        stored(s.conn()),
        [
            (1, Some("2026-12-05".to_string())),
            (2, None),
            (3, Some("2026-12-05".to_string())),
        ]
    );
    assert_eq!(wrong(&s), []);
}
