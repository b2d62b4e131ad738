//! A deal's stage change and a follow-up's move are kept to the nanosecond (schema v18): a
//! dossier handed back that moved them in the same second as here, but later, wins; earlier,
//! or at a time written to the second by an older rolo, loses.

use serde_json::Value;

use super::dossier::{contract_and_deal, on};
use super::handback::{adrian, handed_back};
use super::scratch;
use crate::cli::Rolo;

/// The time `key` of the record of `list` titled (or, a follow-up, named) `title` in `r`'s
/// backup: its second (as written, to `...:SS`), the nanoseconds past it, and as written.
fn time_of(r: &Rolo, list: &str, title: &str, key: &str) -> (String, u32, String) {
    let b: Value = serde_json::from_str(&r.ok(&["export", "--format", "json"])).unwrap();
    let rec = b[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["title"] == title || x["what"] == title)
        .unwrap()
        .clone();
    let t = rec[key].as_str().unwrap().to_string();
    let bare = t.trim_end_matches('Z');
    let (second, fraction) = bare.split_once('.').unwrap_or((bare, ""));
    let ns = format!("{fraction:0<9}").parse().unwrap();
    (second.to_string(), ns, t)
}

#[test]
fn a_move_there_later_in_the_same_second_wins_and_one_written_to_the_second_loses() {
    let home = Rolo::new();
    adrian(&home, &[]);
    contract_and_deal(&home);
    let (colleague, back) = handed_back(
        &home,
        &[&["deal-stage", "1", "won"], &["snooze", "1", "2026-12-07"]],
    );
    let back = std::fs::read_to_string(back).unwrap();
    on(&home, "2026-11-24", &["deal-stage", "1", "negotiation"]);
    on(&home, "2026-11-24", &["snooze", "1", "2026-12-02"]);
    let (deal_s, deal_ns, _) = time_of(&home, "deals", "Fleet renewal", "stage_changed_at");
    let (day_s, day_ns, _) = time_of(&home, "follow_ups", "Send contract", "changed_at");
    // The file's times set to here's second: a nanosecond after here's, or with no fraction
    // (as a rolo before v18 wrote them: the second's start).
    let theirs = |list: &str, title: &str, key: &str| {
        format!("\"{key}\": \"{}\"", time_of(&colleague, list, title, key).2)
    };
    let deal_there = theirs("deals", "Fleet renewal", "stage_changed_at");
    let day_there = theirs("follow_ups", "Send contract", "changed_at");
    assert!(
        back.contains(&deal_there) && back.contains(&day_there),
        "{back}"
    );
    let at = |key: &str, s: &str, ns: u32| format!("\"{key}\": \"{s}.{ns:09}Z\"");
    let later = back
        .replacen(
            &deal_there,
            &at("stage_changed_at", &deal_s, deal_ns + 1),
            1,
        )
        .replacen(&day_there, &at("changed_at", &day_s, day_ns + 1), 1);
    let to_the_second = back
        .replacen(
            &deal_there,
            &format!("\"stage_changed_at\": \"{deal_s}Z\""),
            1,
        )
        .replacen(&day_there, &format!("\"changed_at\": \"{day_s}Z\""), 1);
    let f = scratch(&home, "second.md", to_the_second.as_bytes());
    let said = on(&home, "2026-11-24", &["import", &f, "--dry-run"]);
    assert_eq!(
        said,
        format!(
            "Would import {f} (dossier, UTF-8): 0 created, 0 merged, 1 unchanged, 0 \
             skipped.\n  unchanged Adrián López is #1 (same UID), with nothing new\nNothing \
             was written (dry run).\n"
        )
    );
    let f = scratch(&home, "later.md", later.as_bytes());
    let said = on(&home, "2026-11-24", &["import", &f]);
    assert_eq!(
        said,
        format!(
            "Imported {f} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #1 (same UID) — moved deal Fleet renewal negotiation → \
             won, moved follow-up Send contract → 7 December 2026\n`rolo undo` takes the whole import \
             back.\n"
        )
    );
    let shown = home.show("adrián");
    assert_eq!(
        (
            &shown["deals"][0]["stage"],
            &shown["follow_ups"][0]["due_date"]
        ),
        (&Value::from("won"), &Value::from("2026-12-07"))
    );
    // Kept as the file has them, to the nanosecond.
    assert_eq!(
        time_of(&home, "deals", "Fleet renewal", "stage_changed_at").1,
        deal_ns + 1
    );
}
