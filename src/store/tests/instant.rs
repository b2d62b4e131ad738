//! A deal's stage change and a follow-up's move are written to the nanosecond of the one
//! instant the change is made at (schema v18), and undone with the rest of their row.

use super::*;

/// A quarter of a second past `T0`.
fn quarter_past() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(T0, 250_000_000).unwrap()
}

#[test]
fn stage_changes_and_moves_are_kept_to_the_nanosecond_of_their_instant() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna Kowalska"));
    let deal = open_deal(&mut s, &new_deal(anna, "Fleet", 100, "EUR", Stage::Lead));
    let task = plan_task(&mut s, &task(anna, "Call", "2026-11-30"));
    // An instant on the second.
    s.change("move", T0, |w| {
        w.set_deal_stage(deal, Stage::Proposal, None, instant(T0))
    })
    .unwrap();
    assert_eq!(
        s.deal(deal).unwrap().stage_changed_at.to_rfc3339(),
        "2026-11-23T00:00:00+00:00"
    );
    s.change("move", T0, |w| {
        w.set_deal_stage(deal, Stage::Won, None, quarter_past())
    })
    .unwrap();
    s.change("snooze", T0, |w| {
        w.move_follow_up(task, day("2026-12-01"), true, quarter_past())
    })
    .unwrap();
    assert_eq!(
        s.deal(deal).unwrap().stage_changed_at.to_rfc3339(),
        "2026-11-23T00:00:00.250+00:00"
    );
    let stored = |s: &Store| {
        rows_of(
            s,
            "SELECT d.stage_changed_at, d.stage_changed_ns, f.changed_at, f.changed_ns
               FROM deals d, follow_ups f",
        )
    };
    assert_eq!(
        stored(&s),
        ["1795392000 | 250000000 | 1795392000 | 250000000"]
    );
    // Undone with their rows: the deal back to its move on the second; the follow-up's day
    // put back is a new revision of its calendar event, at the undo's time (`Store::undo`).
    s.undo_change(None, quarter_past()).unwrap();
    s.undo_change(None, quarter_past()).unwrap();
    assert_eq!(stored(&s), ["1795392000 | 0 | 1795392000 | 250000000"]);
}

#[test]
fn a_change_a_nanosecond_before_the_next_second_is_kept_as_that_one_instant() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna Kowalska"));
    let deal = open_deal(&mut s, &new_deal(anna, "Fleet", 100, "EUR", Stage::Lead));
    let task = plan_task(&mut s, &task(anna, "Call", "2026-11-30"));
    // 2026-11-23 12:00:00.999999999 UTC: the seconds column and the nanoseconds column both
    // of it (the second is not the next one, nor the nanoseconds another reading's).
    let edge = chrono::DateTime::from_timestamp(T0 + 12 * HOUR, 999_999_999).unwrap();
    s.change("move", edge.timestamp(), |w| {
        w.set_deal_stage(deal, Stage::Proposal, None, edge)
    })
    .unwrap();
    s.change("snooze", edge.timestamp(), |w| {
        w.move_follow_up(task, day("2026-12-01"), true, edge)
    })
    .unwrap();
    assert_eq!(
        rows_of(
            &s,
            "SELECT d.stage_changed_at, d.stage_changed_ns, f.changed_at, f.changed_ns
               FROM deals d, follow_ups f",
        ),
        ["1795435200 | 999999999 | 1795435200 | 999999999"]
    );
    assert_eq!(
        s.deal(deal).unwrap().stage_changed_at.to_rfc3339(),
        "2026-11-23T12:00:00.999999999+00:00"
    );
}
