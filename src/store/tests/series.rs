//! Repeating follow-ups: each later occurrence names its series' first, from `rolo done`
//! or, for rows from before, from what the data tells.

use super::*;
use crate::domain::{FollowUpStatus, Repeat};

/// The series each follow-up names (0 for none), by id.
fn series(s: &Store) -> Vec<(i64, i64)> {
    s.conn()
        .prepare("SELECT id, coalesce(series_id, 0) FROM follow_ups ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn weekly(customer: CustomerId, due: &str, at: i64) -> NewFollowUp {
    NewFollowUp {
        repeat: Some(Repeat::parse("1w").unwrap()),
        created_at: at,
        ..task(customer, "Weekly sync", due)
    }
}

/// Links what names no series, as a migration or a restore does; how many it linked.
fn link(s: &mut Store) -> usize {
    s.write(|w| crate::store::follow_up::link_series(w.conn()))
        .unwrap()
}

fn done(s: &mut Store, id: i64, at: i64) {
    s.write(|w| w.close_follow_up(FollowUpId(id), FollowUpStatus::Done, at, today()))
        .unwrap();
}

#[test]
fn series_done_occurrences_name_the_first_of_their_own_series() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    plan_task(&mut s, &weekly(anna, "2026-11-24", T0));
    plan_task(&mut s, &weekly(anna, "2026-11-26", T0));
    done(&mut s, 1, T0 + HOUR);
    done(&mut s, 2, T0 + HOUR);
    done(&mut s, 3, T0 + 2 * HOUR);
    assert_eq!(series(&s), [(1, 0), (2, 0), (3, 1), (4, 2), (5, 1)]);
    // A cancelled one has no next occurrence to link.
    s.write(|w| w.close_follow_up(FollowUpId(4), FollowUpStatus::Cancelled, T0, today()))
        .unwrap();
    assert_eq!(series(&s).len(), 5);
}

#[test]
fn series_link_rows_from_before_as_far_as_the_data_tells() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let ola = add(&mut s, &person("Ola"));
    // Two series of Anna's with the same text and rule, both done in one second, and the
    // first done once more; Ola's with the same text; then a new series of Anna's set in
    // the second the first was done the second time.
    plan_task(&mut s, &weekly(anna, "2026-11-24", T0)); // 1
    plan_task(&mut s, &weekly(anna, "2026-11-24", T0)); // 2
    plan_task(&mut s, &weekly(ola, "2026-11-24", T0)); // 3
    done(&mut s, 1, T0 + HOUR); // 4
    done(&mut s, 2, T0 + HOUR); // 5
    done(&mut s, 3, T0 + HOUR); // 6
    done(&mut s, 4, T0 + 2 * HOUR); // 7
    plan_task(&mut s, &weekly(anna, "2026-12-01", T0 + 2 * HOUR)); // 8
    let linked = series(&s);
    assert_eq!(
        linked,
        [
            (1, 0),
            (2, 0),
            (3, 0),
            (4, 1),
            (5, 2),
            (6, 3),
            (7, 1),
            (8, 0)
        ]
    );
    // What a file from before schema v10 holds: no series. Linking finds them again; the
    // new series stays its own (the occurrence it might continue is continued already).
    s.write(|w| {
        Ok(w.conn()
            .execute("UPDATE follow_ups SET series_id = NULL", [])?)
    })
    .unwrap();
    assert_eq!(link(&mut s), 4);
    assert_eq!(series(&s), linked);
    // Linking again changes nothing.
    assert_eq!(link(&mut s), 0);
    assert_eq!(series(&s), linked);
}
