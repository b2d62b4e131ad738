//! The iCalendar export: all-day and timed events, repeating series, revisions, UIDs that
//! survive a merge, and a refusal when there is nothing to export.

use crate::cli::Rolo;

#[test]
fn ics_export_has_all_day_and_timed_events() {
    let r = Rolo::seeded();
    r.ok(&[
        "follow",
        "anna kow",
        "2026-12-01",
        "Call about renewal",
        "--time",
        "14:30",
    ]);
    let ics = r.ok(&["export", "--format", "ics"]);
    let uid = r.show("anna kow")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20261127\r\nDTEND;VALUE=DATE:20261128\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART:20261201T143000\r\nDURATION:PT30M\r\n"),
        "{ics}"
    );
    assert!(ics.contains(&format!("UID:{uid}-1@rolo\r\n")), "{ics}");
    assert!(ics.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Call about renewal\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn a_repeating_follow_up_stays_one_calendar_series_when_done() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--org",
        "Acme",
        "--phone",
        "+48 600 100 200",
        "--email",
        "anna@acme.pl",
    ]);
    r.ok(&[
        "follow",
        "anna",
        "2026-11-25",
        "Check stock",
        "--every",
        "4w",
    ]);
    let uid = r.show("anna")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let before = r.ok(&["export", "--format", "ics"]);
    assert!(
        before.contains(&format!("UID:{uid}-1@rolo\r\nDTSTAMP:")),
        "{before}"
    );
    assert!(before.contains("SEQUENCE:0\r\n"), "{before}");
    // Who to reach, and how (the line unfolded).
    assert!(
        before.replace("\r\n ", "").contains(
            "DESCRIPTION:Anna Kowalska\\, Acme\\nphone +48 600 100 200\\nemail anna@acme.pl\\nrolo follow-up 1\r\n"
        ),
        "{before}"
    );
    // Done, it is followed by the next occurrence: the same series, moved, one revision on.
    r.ok(&["done", "1"]);
    let after = r.ok(&["export", "--format", "ics"]);
    assert!(after.contains(&format!("UID:{uid}-1@rolo\r\n")), "{after}");
    assert!(after.contains("SEQUENCE:1\r\n"), "{after}");
    assert!(after.contains("DTSTART;VALUE=DATE:20261223\r\n"), "{after}");
    assert!(
        after.contains("RRULE:FREQ=WEEKLY;INTERVAL=4\r\n"),
        "{after}"
    );
    // A snooze is a revision too: the count only grows.
    r.ok(&["snooze", "2", "+1w"]);
    let snoozed = r.ok(&["export", "--format", "ics"]);
    assert!(snoozed.contains("SEQUENCE:2\r\n"), "{snoozed}");
    assert!(
        snoozed.contains(&format!("UID:{uid}-1@rolo\r\n")),
        "{snoozed}"
    );
}

/// Each event's UID and SEQUENCE, in the calendar's order.
fn uids_and_sequences(ics: &str) -> Vec<String> {
    ics.split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|e| {
            e.lines()
                .filter(|l| l.starts_with("UID:") || l.starts_with("SEQUENCE:"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn two_repeating_series_with_the_same_text_and_rule_are_two_calendar_events() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    let uid = r.show("anna")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    r.ok(&[
        "follow",
        "anna",
        "tomorrow",
        "Weekly sync",
        "--every",
        "1w",
        "--time",
        "09:00",
    ]);
    r.ok(&[
        "follow",
        "anna",
        "2026-11-26",
        "Weekly sync",
        "--every",
        "1w",
        "--time",
        "15:00",
    ]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert_eq!(
        uids_and_sequences(&ics),
        [
            format!("UID:{uid}-1@rolo SEQUENCE:0"),
            format!("UID:{uid}-2@rolo SEQUENCE:0"),
        ]
    );
    // Each keeps its UID as its occurrences are done; the other is left as it was.
    r.ok(&["done", "1"]);
    r.ok(&["done", "3"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert_eq!(
        uids_and_sequences(&ics),
        [
            format!("UID:{uid}-2@rolo SEQUENCE:0"),
            format!("UID:{uid}-1@rolo SEQUENCE:2"),
        ]
    );
    assert!(ics.contains("DTSTART:20261208T090000\r\n"), "{ics}");
}

#[test]
fn rescheduling_a_follow_up_is_a_new_revision_of_its_event() {
    let r = Rolo::seeded();
    let id = r.follow_up_id("anna kow", "Send demo link").to_string();
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("SEQUENCE:0\r\nDTSTART;VALUE=DATE:20261127\r\n"),
        "{ics}"
    );
    // By the command, by the palette's grammar, and snoozed: each raises SEQUENCE, so a
    // calendar that keeps the higher one takes the new day.
    r.ok(&["reschedule", &id, "1 dec"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("SEQUENCE:1\r\nDTSTART;VALUE=DATE:20261201\r\n"),
        "{ics}"
    );
    r.ok(&["do", &format!("move {id} 2026-12-02")]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("SEQUENCE:2\r\nDTSTART;VALUE=DATE:20261202\r\n"),
        "{ics}"
    );
    r.ok(&["snooze", &id, "2026-12-03"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("SEQUENCE:3\r\nDTSTART;VALUE=DATE:20261203\r\n"),
        "{ics}"
    );
}

#[test]
fn an_ics_export_without_an_open_follow_up_is_refused_and_writes_nothing() {
    let r = Rolo::seeded();
    let out = r.dir.path().join("f.ics");
    let path = out.to_str().unwrap().to_string();
    std::fs::write(&out, "what was there\n").unwrap();
    // Anna Nowak has none: a calendar needs at least one event (RFC 5545).
    let err = r.refused(
        &[
            "export",
            "--format",
            "ics",
            "--name",
            "anna nowak",
            "--out",
            &path,
        ],
        2,
    );
    assert_eq!(
        err,
        "error: the customers chosen by `--name \"anna nowak\"` have no open follow-ups, \
         and a calendar needs at least one event; nothing was written\n"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "what was there\n");
    let out = r.fails(
        &["export", "--format", "ics", "--name", "nowak", "--json"],
        2,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["error"],
        "the customers chosen by `--name nowak` have no open follow-ups, and a calendar \
         needs at least one event; nothing was written"
    );
    // With no filter, and nothing on standard output either. (Done before its day, a
    // follow-up is an event, cancelled, until the day has passed.)
    let id = r.follow_up_id("anna kow", "Send demo link").to_string();
    r.ok(&["done", &id]);
    let done = r.run(&["export", "--format", "ics", "--out", &path]);
    let said = crate::cli::text(&done.stderr) + &crate::cli::text(&done.stdout);
    assert!(
        said.contains(
            "(a calendar), and as cancelled 1 follow-up done or cancelled before its day"
        ),
        "{said}"
    );
    let out = r
        .cmd()
        .env("ROLO_TODAY", "2030-01-01")
        .args(["export", "--format", "ics"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(crate::cli::text(&out.stdout), "");
    assert_eq!(
        crate::cli::text(&out.stderr),
        "error: there are no open follow-ups, and a calendar needs at least one event; \
         nothing was written (rolo follow NAME WHEN WHAT plans one)\n"
    );
}

/// A monthly follow-up from the 31st falls on the last day of February and on the 31st
/// again after it, in rolo and in the calendar's rule (a plain monthly rule from the 31st
/// skips the shorter months in a calendar; rolo went on from the 28th).
#[test]
fn a_monthly_series_from_the_31st_keeps_its_day_in_rolo_and_in_the_calendar() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    r.ok(&["follow", "anna", "2026-12-31", "Invoice", "--every", "1m"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1\r\n"),
        "{ics}"
    );
    let mut days = Vec::new();
    for (id, today) in [(1, "2026-12-31"), (2, "2027-01-31"), (3, "2027-02-28")] {
        let out = r
            .cmd()
            .env("ROLO_TODAY", today)
            .args(["done", &id.to_string(), "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        days.push(
            j["details"]["next"]["due"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert_eq!(days, ["2027-01-31", "2027-02-28", "2027-03-31"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(ics.contains("DTSTART;VALUE=DATE:20270331\r\n"), "{ics}");
    assert!(
        ics.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1\r\n"),
        "{ics}"
    );
}

/// Merged into another customer, a follow-up's calendar event keeps its UID (it was built on
/// the merged customer's UID, and a calendar importing the file again kept the old event
/// beside a new one); a backup keeps it too.
#[test]
fn a_merge_keeps_the_calendar_uids_of_the_merged_customers_follow_ups() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--email", "anna@acme.pl"]);
    r.ok(&["add", "Ania Kowalska", "--phone", "+48 600 100 200"]);
    r.ok(&[
        "follow",
        "ania",
        "2026-11-30",
        "Weekly sync",
        "--every",
        "1w",
    ]);
    let uid = r.show("ania")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let before = r.ok(&["export", "--format", "ics"]);
    assert!(
        before.contains(&format!("UID:{uid}-1@rolo\r\n")),
        "{before}"
    );
    // Ania into Anna: her follow-up moves to a customer of another UID.
    r.ok(&["merge", "anna kow", "ania", "--force"]);
    assert_eq!(r.names(&[]), ["Anna Kowalska"]);
    let after = r.ok(&["export", "--format", "ics"]);
    assert!(after.contains(&format!("UID:{uid}-1@rolo\r\n")), "{after}");
    // And after the next occurrence.
    r.ok(&["done", "1"]);
    let done = r.ok(&["export", "--format", "ics"]);
    assert!(done.contains(&format!("UID:{uid}-1@rolo\r\n")), "{done}");
    let file = r.dir.path().join("all.json");
    let file = file.to_str().unwrap();
    r.ok(&["export", "--format", "json", "--out", file]);
    let b = Rolo::new();
    b.ok(&["import", file]);
    assert_eq!(b.ok(&["export", "--format", "ics"]), done);
}
