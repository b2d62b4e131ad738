//! A deal moved or a follow-up rescheduled here 0.4 s after a colleague did it there, in the
//! same second or across a second's edge, stays as moved here when their file comes back;
//! one moved there 0.4 s after here takes the file's stage and day.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::demo::{DemoOptions, generate};
use crate::domain::{DealId, FollowUpId, Stage};
use crate::interop::backup::{FORMAT, Scope, read};
use crate::interop::{ImportOptions, import_file};
use crate::store::Store;

/// 2026-11-23 12:00:00 UTC, and `ms` milliseconds after it.
fn noon(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_435_200, 0).unwrap() + TimeDelta::milliseconds(ms)
}

/// The stage and day of a demo's open deal and open follow-up, moved here at `ours` to lost
/// and 3 December, after a backup was taken that a colleague moved to won and 10 December
/// at `theirs`, once that backup is imported.
fn handed_back(ours: DateTime<Utc>, theirs: DateTime<Utc>) -> (Stage, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    generate(
        &mut store,
        &DemoOptions {
            customers: 30,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            now: noon(0).timestamp() - 3_600,
            currency: "PLN".parse().unwrap(),
        },
    )
    .unwrap();
    let mut file = read(&store, Scope::All, FORMAT).unwrap();
    let deal = file
        .deals
        .iter_mut()
        .find(|d| !["won", "lost"].contains(&d.stage.as_str()))
        .unwrap();
    let deal_id = deal.id;
    deal.stage = "won".into();
    deal.probability = 100;
    deal.closed_at = Some(theirs);
    deal.stage_changed_at = theirs;
    let task = file
        .follow_ups
        .iter_mut()
        .find(|f| f.status == "open" && f.due_date != "2026-12-10")
        .unwrap();
    let task_id = task.id;
    task.due_date = "2026-12-10".into();
    task.changed_at = Some(theirs);
    store
        .change("here", ours.timestamp(), |w| {
            w.set_deal_stage(DealId(deal_id), Stage::Lost, None, ours)?;
            w.move_follow_up(
                FollowUpId(task_id),
                NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
                true,
                ours,
            )
        })
        .unwrap();
    let path = dir.path().join("back.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    let opts = ImportOptions {
        now: noon(3_600_000),
        ..ImportOptions::default()
    };
    import_file(&mut store, &path, &opts).unwrap();
    let day = store.follow_up(FollowUpId(task_id)).unwrap().due_date;
    (store.deal(DealId(deal_id)).unwrap().stage, day.to_string())
}

#[test]
fn ours_moved_0_4_s_after_theirs_in_the_same_second_stays() {
    assert_eq!(
        handed_back(noon(900), noon(500)),
        (Stage::Lost, "2026-12-03".to_string())
    );
}

#[test]
fn ours_moved_0_4_s_after_theirs_across_a_seconds_edge_stays() {
    assert_eq!(
        handed_back(noon(1_200), noon(800)),
        (Stage::Lost, "2026-12-03".to_string())
    );
}

#[test]
fn theirs_moved_0_4_s_after_ours_wins_in_the_same_second_and_across_its_edge() {
    let theirs = (Stage::Won, "2026-12-10".to_string());
    assert_eq!(handed_back(noon(500), noon(900)), theirs);
    assert_eq!(handed_back(noon(800), noon(1_200)), theirs);
}
