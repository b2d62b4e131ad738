//! A customer's last contact as the triggers keep it (schema v24): random changes of history
//! and of who belongs where, each compared with a recompute from scratch; the work a move of
//! history costs; the migration.

use super::*;

/// The latest contact of a customer and its people, worked out from scratch as schema v21
/// first wrote it (`021_org_last_contact.sql`): what the triggers must agree with.
const FROM_SCRATCH: &str = "(SELECT max(occurred_at) FROM interactions
   WHERE kind <> 'note' AND customer_id IN
     (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))";

/// Customers whose stored last contact is not the one worked out from scratch:
/// (id, stored, from scratch).
fn wrong(s: &Store) -> Vec<(i64, Option<i64>, Option<i64>)> {
    disagreeing(s, "last_contact_at", FROM_SCRATCH)
}

/// A small deterministic generator (xorshift64*): the same rounds on every run.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33;
        usize::try_from(x).unwrap() % n.max(1)
    }

    /// One of `ids`, or `None` when there is none.
    pub(super) fn pick(&mut self, ids: &[i64]) -> Option<i64> {
        (!ids.is_empty()).then(|| ids[self.below(ids.len())])
    }
}

pub(super) fn ids(conn: &rusqlite::Connection, sql: &str) -> Vec<i64> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

const KINDS: [&str; 4] = ["call", "email", "note", "meeting"];

/// One random change of history or of who belongs where.
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
    let history = ids(conn, "SELECT id FROM interactions ORDER BY id");
    // Few distinct times, so that ties with the stored last contact are common.
    let at = T0 - i64::try_from(rng.below(12)).unwrap() * DAY;
    let kind = KINDS[rng.below(KINDS.len())];
    match rng.below(10) {
        0..=2 => {
            if let Some(c) = rng.pick(&customers) {
                conn.execute(
                    "INSERT INTO interactions(customer_id, kind, occurred_at, created_at)
                     VALUES (?1, ?2, ?3, ?3)",
                    rusqlite::params![c, kind, at],
                )?;
            }
        }
        3 => {
            if let Some(i) = rng.pick(&history) {
                conn.execute("DELETE FROM interactions WHERE id = ?1", [i])?;
            }
        }
        4 => {
            if let Some(i) = rng.pick(&history) {
                conn.execute(
                    "UPDATE interactions SET occurred_at = ?1 WHERE id = ?2",
                    [at, i],
                )?;
            }
        }
        5 => {
            if let Some(i) = rng.pick(&history) {
                conn.execute(
                    "UPDATE interactions SET kind = ?1 WHERE id = ?2",
                    rusqlite::params![kind, i],
                )?;
            }
        }
        6 => {
            // One contact to someone else, or all of one's history (as `rolo merge` moves it).
            if let (Some(i), Some(c)) = (rng.pick(&history), rng.pick(&customers)) {
                if rng.below(3) == 0 {
                    conn.execute(
                        "UPDATE interactions SET customer_id = ?1
                          WHERE customer_id = (SELECT customer_id FROM interactions WHERE id = ?2)",
                        [c, i],
                    )?;
                } else {
                    conn.execute(
                        "UPDATE interactions SET customer_id = ?1, occurred_at = ?2 WHERE id = ?3",
                        [c, at, i],
                    )?;
                }
            }
        }
        k => membership_op(w, rng, made, k, &customers, &orgs)?,
    }
    Ok(())
}

/// One random change of who belongs where, for draw `k` (7 and up) of a round: someone (an
/// organization too: then one within another) joins, moves or leaves (7), a customer is
/// added (8), or one is deleted (else).
pub(super) fn membership_op(
    w: &crate::store::Writer<'_>,
    rng: &mut Rng,
    made: &mut usize,
    k: usize,
    customers: &[i64],
    orgs: &[i64],
) -> crate::store::Result<()> {
    let conn = w.conn();
    match k {
        7 => {
            // Someone (an organization too: then one within another) joins, moves or leaves.
            if let Some(c) = rng.pick(customers) {
                let to = rng.pick(orgs).filter(|o| *o != c && rng.below(4) > 0);
                conn.execute(
                    "UPDATE customers SET org_id = ?1 WHERE id = ?2",
                    rusqlite::params![to, c],
                )?;
            }
        }
        8 => {
            *made += 1;
            let new = if rng.below(4) == 0 {
                org(&format!("Org {made}"))
            } else {
                person(&format!("Person {made}"))
            };
            w.insert_customer(&NewCustomer {
                org_id: rng.pick(orgs).filter(|_| rng.below(3) > 0).map(CustomerId),
                ..new
            })?;
        }
        _ => {
            if customers.len() > 6
                && let Some(c) = rng.pick(customers)
            {
                conn.execute("DELETE FROM customers WHERE id = ?1", [c])?;
            }
        }
    }
    Ok(())
}

/// Three organizations of three people each and one person, as random rounds start.
pub(super) fn three_orgs() -> Store {
    let mut s = mem();
    s.write(|w| {
        for n in 0..3 {
            let o = w.insert_customer(&org(&format!("Acme {n}")))?;
            for p in 0..3 {
                w.insert_customer(&NewCustomer {
                    org_id: Some(o),
                    ..person(&format!("Anna {n}.{p}"))
                })?;
            }
        }
        w.insert_customer(&person("Bob"))?;
        Ok(())
    })
    .unwrap();
    s
}

/// Schema v21's triggers (derived.sql before v24), which worked the last contact out from
/// scratch on every change: the property below holds for them too.
const V21_TRIGGERS: &str = "
DROP TRIGGER interactions_last_contact_ai;
DROP TRIGGER interactions_last_contact_ad;
DROP TRIGGER interactions_last_contact_au;
DROP TRIGGER customers_org_last_contact_au;
DROP TRIGGER customers_org_last_contact_ad;
CREATE TRIGGER interactions_last_contact_ai AFTER INSERT ON interactions WHEN NEW.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at = NEW.occurred_at
   WHERE id IN (NEW.customer_id, (SELECT org_id FROM customers WHERE id = NEW.customer_id))
     AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
END;
CREATE TRIGGER interactions_last_contact_ad AFTER DELETE ON interactions WHEN OLD.kind <> 'note' BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id));
END;
CREATE TRIGGER interactions_last_contact_au AFTER UPDATE OF occurred_at, customer_id, kind ON interactions BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.customer_id, NEW.customer_id)
      OR id IN (SELECT org_id FROM customers WHERE id IN (OLD.customer_id, NEW.customer_id));
END;
-- A person who joins or leaves an organization takes their contacts with them.
CREATE TRIGGER customers_org_last_contact_au AFTER UPDATE OF org_id ON customers
  WHEN NEW.org_id IS NOT OLD.org_id BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER customers_org_last_contact_ad AFTER DELETE ON customers
  WHEN OLD.org_id IS NOT NULL BEGIN
  UPDATE customers SET last_contact_at =
    (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
       (SELECT customers.id UNION ALL SELECT p.id FROM customers p WHERE p.org_id = customers.id))
   WHERE id = OLD.org_id;
END;";

/// 400 rounds of random changes (a few at a time, journaled), undos and imports on three
/// organizations of three people and one person, with `v21`'s triggers or today's, each
/// followed by the comparison with a recompute: (customers with a contact checked over all
/// rounds, organizations within an organization that have people at the end).
fn random_rounds(v21: bool) -> (i64, i64) {
    let mut s = three_orgs();
    let mut made = 0;
    let v21_triggers = |s: &mut Store| {
        if v21 {
            s.conn().execute_batch(V21_TRIGGERS).unwrap();
        }
    };
    v21_triggers(&mut s);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    for round in 0..400 {
        match rng.below(12) {
            0 | 1 => {
                s.undo(T0).unwrap();
            }
            2 => {
                // A journaled load: the triggers off, then the recompute of what it added
                // (it makes today's triggers again).
                let (c, at) = (
                    rng.below(40),
                    T0 - i64::try_from(rng.below(12)).unwrap() * DAY,
                );
                s.bulk(Some(("import", T0)), |w| {
                    let customers = ids(w.conn(), "SELECT id FROM customers ORDER BY id");
                    for k in 0..3 {
                        let who = CustomerId(customers[(c + k) % customers.len()]);
                        w.insert_interaction(&talk(who, InteractionKind::Call, at, "imported"))?;
                    }
                    Ok(())
                })
                .unwrap();
                v21_triggers(&mut s);
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
            "SELECT count(*) FROM customers WHERE last_contact_at IS NOT NULL",
        );
    }
    assert_eq!(s.recompute_derived().unwrap(), 0);
    let nested = count(
        &s,
        "SELECT count(*) FROM customers o WHERE o.org_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM customers p WHERE p.org_id = o.id)",
    );
    (checked, nested)
}

#[test]
fn last_contact_agrees_with_a_recompute_after_random_changes_undos_and_imports() {
    // The same rounds, so the same counts, with schema v21's triggers and today's.
    assert_eq!(random_rounds(true), (6775, 3));
    assert_eq!(random_rounds(false), (6775, 3));
}

/// The work (`SQLite`'s virtual machine steps, triggers included) of moving a person's 40
/// contacts to a person of an organization with `people` people of 3 contacts each, as
/// `rolo merge` moves them, with schema `v21`'s triggers or today's; and the last contacts
/// after.
fn work_of_a_move(people: usize, v21: bool) -> (i32, Vec<Option<i64>>) {
    use rusqlite::StatementStatus;
    let mut s = mem();
    let (acme, keep, felix) = s
        .write(|w| {
            let acme = w.insert_customer(&org("Acme"))?;
            let mut keep = None;
            for p in 0..people {
                let id = w.insert_customer(&NewCustomer {
                    org_id: Some(acme),
                    ..person(&format!("Anna {p}"))
                })?;
                keep.get_or_insert(id);
                for d in 1..=3 {
                    w.insert_interaction(&talk(id, InteractionKind::Call, T0 - d * DAY, "c"))?;
                }
            }
            let felix = w.insert_customer(&person("Felix"))?;
            for h in 0..40 {
                let at = T0 - 100 * DAY + h * HOUR;
                w.insert_interaction(&talk(felix, InteractionKind::Email, at, "f"))?;
            }
            Ok((acme, keep.unwrap_or(acme), felix))
        })
        .unwrap();
    if v21 {
        s.conn().execute_batch(V21_TRIGGERS).unwrap();
    }
    let steps = s
        .write(|w| {
            let mut stmt = w
                .conn()
                .prepare("UPDATE interactions SET customer_id = ?1 WHERE customer_id = ?2")?;
            assert_eq!(stmt.execute([keep.0, felix.0])?, 40);
            Ok(stmt.get_status(StatementStatus::VmStep))
        })
        .unwrap();
    assert_eq!(wrong(&s), []);
    let last = [acme, keep, felix].map(|c| last_contact(&s, c)).to_vec();
    (steps, last)
}

#[test]
fn last_contact_moving_history_costs_the_same_whatever_the_organizations_size() {
    let moved = [Some(T0 - DAY), Some(T0 - DAY), None];
    let (small, last) = work_of_a_move(5, false);
    assert_eq!(last, moved);
    let (large, last) = work_of_a_move(500, false);
    assert_eq!(last, moved);
    assert_eq!(large, small, "work with 500 people against 5");
    // Schema v21's triggers read each of the organization's people once per contact moved
    // (40 × 500 seeks): the same move cost that many times more.
    let (small_v21, last) = work_of_a_move(5, true);
    assert_eq!(last, moved);
    let (large_v21, last) = work_of_a_move(500, true);
    assert_eq!(last, moved);
    assert_eq!((small, small_v21, large_v21), (6618, 22_005, 358_605));
}

#[test]
fn plan_last_contact_from_scratch_seeks_each_person() {
    let s = mem();
    let mut stmt = s
        .conn()
        .prepare("EXPLAIN QUERY PLAN SELECT last_contact_at FROM last_contact_src WHERE id = ?1")
        .unwrap();
    let plan: Vec<String> = stmt
        .query_map([1], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        plan,
        [
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
            "CORRELATED SCALAR SUBQUERY 3",
            "MULTI-INDEX OR",
            "INDEX 1",
            "SEARCH m USING INTEGER PRIMARY KEY (rowid=?)",
            "INDEX 2",
            "SEARCH m USING COVERING INDEX customers_org (org_id=?)",
            "CORRELATED SCALAR SUBQUERY 4",
            "SEARCH interactions USING INDEX interactions_customer_time (customer_id=?)",
        ]
    );
}

#[test]
fn migration_24_keeps_last_contact_by_seeks_and_indexes_follow_ups_interaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let (acme, anna) = {
        let mut s = Store::open(&path).unwrap();
        let (acme, anna) = acme_and_anna(&mut s);
        log(&mut s, &talk(anna, InteractionKind::Call, T0, "again"));
        // As schema v22 left it: no view, no index, the delete trigger working out the
        // organization's over all its people's history.
        s.conn
            .execute_batch(
                "DROP TRIGGER interactions_last_contact_ad;
                 DROP VIEW last_contact_src;
                 DROP INDEX follow_ups_interaction;
                 CREATE TRIGGER interactions_last_contact_ad AFTER DELETE ON interactions
                   WHEN OLD.kind <> 'note' BEGIN
                   UPDATE customers SET last_contact_at =
                     (SELECT max(occurred_at) FROM interactions WHERE kind <> 'note' AND customer_id IN
                        (SELECT customers.id UNION ALL SELECT p.id FROM customers p
                          WHERE p.org_id = customers.id))
                    WHERE id IN (OLD.customer_id, (SELECT org_id FROM customers WHERE id = OLD.customer_id));
                 END;
                 PRAGMA user_version = 22;",
            )
            .unwrap();
        (acme, anna)
    };
    let mut s = Store::open(&path).unwrap();
    let schema = |kind: &str, name: &str| -> Option<String> {
        s.conn()
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
                [kind, name],
                |r| r.get(0),
            )
            .ok()
    };
    assert!(
        schema("trigger", "interactions_last_contact_ad")
            .is_some_and(|sql| sql.contains("FROM last_contact_src WHERE id = customers.id")),
        "the triggers are v24's"
    );
    assert!(schema("view", "last_contact_src").is_some());
    assert_eq!(
        schema("index", "follow_ups_interaction").as_deref(),
        Some(
            "CREATE INDEX follow_ups_interaction ON follow_ups(interaction_id) \
             WHERE interaction_id IS NOT NULL"
        )
    );
    assert_eq!(last_contact(&s, acme), Some(T0));
    super::derived::sql(
        &mut s,
        "DELETE FROM interactions WHERE occurred_at = ?1",
        [T0],
    );
    assert_eq!(last_contact(&s, acme), Some(T0 - DAY));
    assert_eq!(last_contact(&s, anna), Some(T0 - DAY));
    assert_eq!(s.recent_changes(5).unwrap(), [], "nothing for undo");
    assert!(s.integrity_problems().unwrap().is_empty());
}
