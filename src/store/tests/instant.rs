//! A deal's stage change and a follow-up's move are written to the nanosecond of the store's
//! clock (schema v18), and undone with the rest of their row.

use super::*;

fn quarter_past() -> u32 {
    250_000_000
}

#[test]
fn stage_changes_and_moves_are_kept_to_the_nanosecond_of_the_clock() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna Kowalska"));
    let deal = open_deal(&mut s, &new_deal(anna, "Fleet", 100, "EUR", Stage::Lead));
    let task = plan_task(&mut s, &task(anna, "Call", "2026-11-30"));
    // No clock set (tests, benchmarks): on the second.
    s.change("move", T0, |w| {
        w.set_deal_stage(deal, Stage::Proposal, None, T0)
    })
    .unwrap();
    assert_eq!(
        s.deal(deal).unwrap().stage_changed_at.to_rfc3339(),
        "2026-11-23T00:00:00+00:00"
    );
    s.set_clock(quarter_past);
    s.change("move", T0, |w| w.set_deal_stage(deal, Stage::Won, None, T0))
        .unwrap();
    s.change("snooze", T0, |w| {
        w.move_follow_up(task, day("2026-12-01"), true, T0)
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
    s.undo(T0).unwrap();
    s.undo(T0).unwrap();
    assert_eq!(stored(&s), ["1795392000 | 0 | 1795392000 | 250000000"]);
}
