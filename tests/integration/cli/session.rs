//! The issue's "what a user can do" session, in order, plus repeating follow-ups and undo.

use serde_json::{Value, json};

use super::{Rolo, text};

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

#[test]
fn the_whole_session_from_the_issue() {
    let r = Rolo::new();
    let out = r.ok(&[
        "add",
        "Anna Kowalska",
        "--org",
        "Acme Sp. z o.o.",
        "--email",
        "anna@acme.pl",
        "--phone",
        "+48 600 100 200",
        "--tag",
        "key",
        "--cadence",
        "14d",
    ]);
    assert!(out.contains("Added person Anna Kowalska"), "{out}");
    assert!(
        out.contains("created organization Acme Sp. z o.o."),
        "{out}"
    );

    // The organization exists already: said so, not duplicated.
    let out = r.ok(&["add", "Acme Sp. z o.o.", "--kind", "org"]);
    assert!(out.contains("exists already"), "{out}");
    assert_eq!(r.json(&["list"])["total"], 2);
    // Spelled another way (as imports match organizations): the same one, named as stored.
    let out = r.ok(&["add", "ACME sp z oo", "--kind", "org"]);
    assert_eq!(
        out.trim(),
        "Organization Acme Sp. z o.o. exists already (#1); nothing added"
    );
    let out = r.ok(&["add", "Jan Kowal", "--org", "acme sp. z o.o"]);
    assert_eq!(out.trim(), "Added person Jan Kowal (#3) at Acme Sp. z o.o.");
    r.ok(&["undo"]);
    assert_eq!(r.json(&["list"])["total"], 2);

    let out = r.ok(&["add", "Anna Nowak", "--email", "anna.nowak@example.com"]);
    assert!(out.contains("Added person Anna Nowak"), "{out}");
    let kowalska = r.customer_id("Anna Kowalska");
    let nowak = r.customer_id("Anna Nowak");

    let out = r.ok(&[
        "log",
        "anna kow",
        "call",
        "Pricing is fine, wants a demo",
        "--rating",
        "4",
        "--minutes",
        "20",
        "--next",
        "fri",
        "Send demo link",
    ]);
    assert!(out.contains("Logged call with Anna Kowalska"), "{out}");
    assert!(out.contains("Fri 27 Nov 2026"), "{out}");

    let out = r.ok(&[
        "log",
        "anna kow",
        "email",
        "She asked for the price list",
        "--inbound",
        "--at",
        "yesterday",
    ]);
    assert!(out.contains("inbound"), "{out}");
    assert!(out.contains("Sun 22 Nov 2026"), "{out}");

    // Ambiguous: both Annas with their ids, nothing saved.
    let err = r.refused(&["log", "anna", "email", "..."], 2);
    assert!(
        err.contains("Anna Kowalska") && err.contains("Anna Nowak"),
        "{err}"
    );
    assert!(err.contains(&format!("#{kowalska}")), "{err}");
    assert!(err.contains(&format!("#{nowak}")), "{err}");

    // Unknown: a suggestion, nothing saved.
    let err = r.refused(&["log", "ana kowalsk", "meeting", "..."], 2);
    assert!(err.contains("ana kowalsk"), "{err}");
    assert!(err.contains("did you mean `Anna Kowalska`"), "{err}");

    let out = r.ok(&[
        "follow",
        "anna kow",
        "tomorrow",
        "Call about the contract",
        "--every",
        "4w",
    ]);
    assert!(out.contains("Tue 24 Nov 2026"), "{out}");

    // Nothing is due yet on Monday.
    let out = r.ok(&["today"]);
    assert!(out.contains("Mon 23 Nov 2026"), "{out}");
    assert!(out.contains("Nothing due"), "{out}");
    let today = r.json(&["today"]);
    assert_eq!(today["today"], "2026-11-23");
    assert_eq!(today["due"], 0);
    assert!(items(&today).is_empty());
    let up = r.json(&["upcoming"]);
    let dues: Vec<(&str, &str)> = items(&up)
        .iter()
        .map(|f| {
            (
                f["due_date"].as_str().expect("due"),
                f["what"].as_str().expect("what"),
            )
        })
        .collect();
    assert_eq!(
        dues,
        [
            ("2026-11-24", "Call about the contract"),
            ("2026-11-27", "Send demo link")
        ]
    );

    // On Friday: the overdue call first, then the demo link due today.
    let friday = r
        .cmd()
        .env("ROLO_TODAY", "2026-11-27")
        .args(["today", "--json"])
        .output()
        .expect("run");
    let friday: Value = serde_json::from_slice(&friday.stdout).expect("json");
    assert_eq!(friday["due"], 2);
    let order: Vec<(&str, i64)> = items(&friday)
        .iter()
        .map(|i| {
            (
                i["what"].as_str().expect("what"),
                i["days_late"].as_i64().expect("late"),
            )
        })
        .collect();
    assert_eq!(
        order,
        [("Call about the contract", 3), ("Send demo link", 0)]
    );
    let table = r
        .cmd()
        .env("ROLO_TODAY", "2026-11-27")
        .arg("today")
        .output()
        .expect("run");
    let table = text(&table.stdout);
    assert!(table.contains("1 overdue, 1 due today"), "{table}");
    let call = table.find("Call about the contract").expect("call line");
    let demo = table.find("Send demo link").expect("demo line");
    assert!(call < demo, "overdue first:\n{table}");
    assert!(table.contains("3d"), "{table}");

    // Done: the repeating follow-up schedules its next one, 4 weeks after its due date.
    let contract = r.follow_up_id("anna kow", "Call about the contract");
    let out = r.ok(&["done", &contract.to_string()]);
    assert!(out.contains("Tue 22 Dec 2026"), "{out}");
    let next = r.follow_up_id("anna kow", "Call about the contract");
    assert_ne!(next, contract);

    let out = r.ok(&["snooze", &next.to_string(), "+1w"]);
    assert!(out.contains("Mon 30 Nov 2026"), "{out}");

    let deal = r.json(&[
        "deal",
        "anna kow",
        "Fleet renewal",
        "12500.00",
        "PLN",
        "--stage",
        "proposal",
        "--prob",
        "60",
        "--close",
        "2027-01-31",
    ]);
    assert_eq!(deal["ok"], true);
    let deal_id = deal["details"]["deal"].as_i64().expect("deal id");
    let out = r.ok(&["deal-stage", &deal_id.to_string(), "won"]);
    assert!(out.contains("proposal → won"), "{out}");

    let out = r.ok(&["show", "anna kow"]);
    for want in [
        "Anna Kowalska",
        "Acme Sp. z o.o.",
        "anna@acme.pl",
        "+48 600 100 200",
        "key",
        "every 14 days",
        "Follow-ups",
        "Send demo link",
        "Call about the contract",
        "History (2 of 2)",
        "Pricing is fine, wants a demo",
        "She asked for the price list",
        "Deals",
        "Fleet renewal",
        "12 500.00 PLN",
        "won",
    ] {
        assert!(out.contains(want), "show lacks {want:?}:\n{out}");
    }

    let v = r.show("anna kow");
    let c = &v["customer"];
    assert_eq!(c["name"], "Anna Kowalska");
    assert_eq!(c["kind"], "person");
    assert_eq!(c["org_name"], "Acme Sp. z o.o.");
    assert_eq!(c["cadence_days"], 14);
    assert_eq!(c["tags"], json!(["key"]));
    assert_eq!(
        c["contacts"],
        json!([
            {"kind": "email", "value": "anna@acme.pl"},
            {"kind": "phone", "value": "+48 600 100 200"}
        ])
    );
    assert_eq!(c["next_due"], "2026-11-27");
    assert!(
        c["last_contact_at"]
            .as_str()
            .expect("last contact")
            .starts_with("2026-11-23T"),
        "{c}"
    );
    let history: Vec<Value> = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            json!({
                "kind": h["kind"], "direction": h["direction"], "rating": h["rating"],
                "minutes": h["minutes"], "summary": h["summary"],
                "day": h["occurred_at"].as_str().expect("at").get(..10),
            })
        })
        .collect();
    assert_eq!(
        history,
        [
            json!({"kind": "call", "direction": "out", "rating": 4, "minutes": 20,
                   "summary": "Pricing is fine, wants a demo", "day": "2026-11-23"}),
            json!({"kind": "email", "direction": "in", "rating": null, "minutes": null,
                   "summary": "She asked for the price list", "day": "2026-11-22"}),
        ]
    );
    assert_eq!(v["history_total"], 2);
    let mut fus: Vec<Value> = v["follow_ups"]
        .as_array()
        .expect("follow_ups")
        .iter()
        .map(|f| {
            json!({"what": f["what"], "due": f["due_date"], "status": f["status"],
                   "repeat": f["repeat"], "snoozed": f["snooze_count"]})
        })
        .collect();
    fus.sort_by_key(|f| (f["due"].to_string(), f["status"].to_string()));
    let every4w = json!({"n": 4, "unit": "weeks"});
    assert_eq!(
        fus,
        [
            json!({"what": "Call about the contract", "due": "2026-11-24", "status": "done",
                   "repeat": every4w, "snoozed": 0}),
            json!({"what": "Send demo link", "due": "2026-11-27", "status": "open",
                   "repeat": null, "snoozed": 0}),
            json!({"what": "Call about the contract", "due": "2026-11-30", "status": "open",
                   "repeat": every4w, "snoozed": 1}),
        ]
    );
    let deals = v["deals"].as_array().expect("deals");
    assert_eq!(deals.len(), 1);
    assert_eq!(deals[0]["id"], deal_id);
    assert_eq!(deals[0]["title"], "Fleet renewal");
    assert_eq!(
        deals[0]["value"],
        json!({"minor": 1_250_000, "currency": "PLN"})
    );
    assert_eq!(deals[0]["stage"], "won");
    assert_eq!(deals[0]["probability"], 100);
    assert_eq!(deals[0]["expected_close"], "2027-01-31");
    assert!(deals[0]["closed_at"].is_string(), "{}", deals[0]);

    let list = r.json(&["list", "--tag", "key", "--sort", "last"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["customers"][0]["name"], "Anna Kowalska");
    let out = r.ok(&["list", "--tag", "key", "--sort", "last"]);
    assert!(
        out.contains("Anna Kowalska") && !out.contains("Nowak"),
        "{out}"
    );

    let out = r.ok(&["search", "demo link"]);
    assert!(out.contains("Anna Kowalska"), "{out}");
    assert!(out.contains("[demo] [link]"), "{out}");

    let out = r.ok(&[
        "edit",
        "anna kow",
        "--email",
        "anna@acme.com",
        "--needs",
        "Fleet of 40 vans, replaces in Q2",
    ]);
    assert!(out.contains("Updated Anna Kowalska"), "{out}");
    // What changed is said with its value, but long text (needs, notes) by name.
    let out = r.ok(&[
        "edit",
        "anna kow",
        "--title",
        "Head of Fleet",
        "--owner",
        "",
    ]);
    // She had no owner: clearing it is no change, and not said.
    assert!(out.ends_with(": title → Head of Fleet\n"), "{out}");
    assert!(r.ok(&["undo"]).contains("Undid: edit Anna Kowalska"));
    let c = r.show("anna kow")["customer"].clone();
    assert_eq!(
        c["contacts"][0],
        json!({"kind": "email", "value": "anna@acme.com"})
    );
    assert!(!c["contacts"].to_string().contains("anna@acme.pl"), "{c}");
    assert_eq!(c["needs"], "Fleet of 40 vans, replaces in Q2");

    // Undo the edit, then the stage change before it.
    let out = r.ok(&["undo"]);
    assert!(out.contains("edit Anna Kowalska"), "{out}");
    let v = r.show("anna kow");
    assert_eq!(v["customer"]["contacts"][0]["value"], "anna@acme.pl");
    assert_eq!(v["customer"]["needs"], "");
    assert_eq!(v["deals"][0]["stage"], "won");
    let out = r.ok(&["undo"]);
    assert!(out.contains("won"), "{out}");
    let v = r.show("anna kow");
    assert_eq!(v["deals"][0]["stage"], "proposal");
    assert_eq!(v["deals"][0]["probability"], 60);
    assert!(v["deals"][0]["closed_at"].is_null());
}

#[test]
fn repeating_follow_up_schedules_the_next_from_its_due_date() {
    let r = Rolo::seeded();
    r.ok(&[
        "follow",
        "anna now",
        "tomorrow",
        "Monthly check",
        "--every",
        "4w",
    ]);
    let first = r.follow_up_id("anna now", "Monthly check");
    // Done a day early (Mon 23, due Tue 24): the next is 4 weeks after the due date, not today.
    let done = r.json(&["done", &first.to_string()]);
    assert_eq!(done["ok"], true);
    let up = r.json(&["upcoming"]);
    let next: Vec<&Value> = items(&up)
        .iter()
        .filter(|f| f["what"] == "Monthly check")
        .collect();
    assert_eq!(next.len(), 1, "{up:#}");
    assert_eq!(next[0]["due_date"], "2026-12-22");
    assert_eq!(next[0]["repeat"], json!({"n": 4, "unit": "weeks"}));
    assert_eq!(next[0]["status"], "open");
    assert_ne!(next[0]["id"], first);
    // On that day it is in the review queue.
    let on_day = r
        .cmd()
        .env("ROLO_TODAY", "2026-12-22")
        .args(["today", "--json"])
        .output()
        .expect("run");
    let on_day: Value = serde_json::from_slice(&on_day.stdout).expect("json");
    let due: Vec<&Value> = items(&on_day)
        .iter()
        .filter(|f| f["what"] == "Monthly check")
        .collect();
    assert_eq!(due.len(), 1, "{on_day:#}");
    assert_eq!(due[0]["days_late"], 0);
    // The finished one is done, not open.
    let v = r.show("anna now");
    let old = v["follow_ups"]
        .as_array()
        .expect("fus")
        .iter()
        .find(|f| f["id"] == first)
        .expect("first");
    assert_eq!(old["status"], "done");
    assert!(old["done_at"].is_string(), "{old}");
}

#[test]
fn repeating_follow_up_done_late_counts_from_the_day_it_was_done() {
    // The store's documented rule: a weekly call done 3 weeks late does not queue three more.
    let r = Rolo::seeded();
    r.ok(&[
        "follow", "anna now", "tomorrow", "Biweekly", "--every", "2w",
    ]);
    let first = r.follow_up_id("anna now", "Biweekly");
    let late = r
        .cmd()
        .env("ROLO_TODAY", "2026-12-01")
        .args(["done", &first.to_string()])
        .output()
        .expect("run");
    assert_eq!(late.status.code(), Some(0), "{}", text(&late.stderr));
    let out = text(&late.stdout);
    assert!(out.contains("Tue 15 Dec 2026"), "{out}");
    let next = r.follow_up_id("anna now", "Biweekly");
    let v = r.show("anna now");
    let f = v["follow_ups"]
        .as_array()
        .expect("fus")
        .iter()
        .find(|f| f["id"] == next)
        .expect("next");
    assert_eq!(f["due_date"], "2026-12-15");
}

#[test]
fn undo_goes_back_change_by_change() {
    let r = Rolo::seeded();
    let s0 = r.data_snapshot();
    r.ok(&["log", "anna now", "call", "Intro call", "--minutes", "15"]);
    let s1 = r.data_snapshot();
    r.ok(&["follow", "anna now", "+2w", "Send the offer"]);
    let s2 = r.data_snapshot();
    r.ok(&[
        "edit",
        "anna now",
        "--tag",
        "warm",
        "--phone",
        "+48 500 000 000",
    ]);
    assert_ne!(s2, r.data_snapshot());
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), s2, "first undo");
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), s1, "second undo");
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), s0, "third undo");
    // A fourth undo keeps going back: the inbound email logged by `seeded`.
    let out = r.ok(&["undo"]);
    assert!(out.contains("log email with Anna Kowalska"), "{out}");
    let v = r.show("anna kow");
    assert_eq!(v["history_total"], 1);
    let journal = r.json(&["undo", "--list"]);
    let undone = journal["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["undone"] == true)
        .count();
    assert_eq!(undone, 4, "{journal:#}");
}

#[test]
fn undo_everything_then_nothing_left() {
    let r = Rolo::new();
    r.ok(&["add", "Solo Person"]);
    let out = r.ok(&["undo"]);
    assert!(out.contains("add Solo Person"), "{out}");
    assert_eq!(r.json(&["list"])["total"], 0);
    let err = r.refused(&["undo"], 2);
    assert!(err.to_lowercase().contains("nothing to undo"), "{err}");
}

#[test]
fn greek_and_cyrillic_names_are_found_without_their_accents_and_in_capitals() {
    let r = Rolo::new();
    r.ok(&["add", "Νίκος Παπαδόπουλος"]);
    r.ok(&["add", "Ёлка Фёдорова"]);
    r.ok(&["add", "Νίκη Παππά"]);
    for q in ["νικος", "ΝΙΚΟΣ", "Νίκος παπαδοπ", "παπαδοπουλος"] {
        assert_eq!(r.show(q)["customer"]["name"], "Νίκος Παπαδόπουλος", "{q}");
    }
    assert_eq!(r.show("федорова")["customer"]["name"], "Ёлка Фёдорова");
    // Full text too: notes in Greek, typed without accents or in capitals.
    r.ok(&["log", "νικος", "call", "Μίλησε για την τιμή"]);
    for q in ["τιμη", "ΤΙΜΗ", "μιλησε"] {
        let out = r.ok(&["search", q]);
        assert!(out.contains("για την"), "{q}: {out}");
    }
    assert!(r.ok(&["search", "федорова"]).contains("Ёлка"));
    // Several fit: a choice, never a guess.
    let err = r.refused(&["show", "ΝΙΚ"], 2);
    assert!(
        err.contains("Νίκη Παππά") && err.contains("Νίκος Παπαδόπουλος"),
        "{err}"
    );
}

#[test]
fn show_gives_the_year_of_a_day_in_another_year() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    r.ok(&["log", "anna", "meeting", "Fair", "--at", "2025-10-02"]);
    r.ok(&["log", "anna", "call", "Quote", "--at", "2026-11-20"]);
    r.ok(&["follow", "anna", "2027-01-15", "Renewal"]);
    let out = r.ok(&["show", "anna"]);
    for day in ["Thu 2 Oct 2025", "Fri 20 Nov  ", "Fri 15 Jan 2027"] {
        assert!(out.contains(day), "{day}: {out}");
    }
    assert!(!out.contains("20 Nov 2026"), "{out}");
}

#[test]
fn demo_force_keeps_a_copy_of_what_it_replaces() {
    let r = Rolo::seeded();
    let out = r.run(&["demo", "--force", "--customers", "5"]);
    assert!(out.status.success());
    let err = crate::cli::text(&out.stderr);
    let copy = err
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"))
        .to_string();
    assert!(
        err.starts_with("The customers that were here are kept in `")
            && copy.contains(".before-demo-"),
        "{err}"
    );
    assert!(!r.names(&[]).contains(&"Anna Kowalska".to_string()));
    let before = crate::cli::Rolo {
        dir: tempfile::tempdir().unwrap(),
        db: copy.into(),
    };
    assert!(before.names(&[]).contains(&"Anna Kowalska".to_string()));
}

/// A follow-up's day may carry its time, as `--next "fri 14:00"` and the palette take it;
/// the confirmation says the time it keeps.
#[test]
fn a_follow_up_day_may_carry_its_time_and_the_confirmation_says_it() {
    let r = Rolo::new();
    r.ok(&["add", "Γιώργος Παπαδόπουλος"]);
    assert_eq!(
        r.ok(&["follow", "γιωργος", "2026-11-25 10:00", "Προσφορά φορτηγών"]),
        "Follow-up 1 for Γιώργος Παπαδόπουλος: Προσφορά φορτηγών on Wed 25 Nov 2026 at 10:00\n"
    );
    assert_eq!(
        r.ok(&["follow", "γιωργος", "fri", "Call", "--time", "9:30"]),
        "Follow-up 2 for Γιώργος Παπαδόπουλος: Call on Fri 27 Nov 2026 at 09:30\n"
    );
    let err = r.refused(
        &["follow", "γιωργος", "fri 10:00", "Call", "--time", "11:00"],
        2,
    );
    assert_eq!(
        err,
        "error: two times: `fri 10:00` and --time 11:00; give one\n"
    );
    let err = r.refused(&["follow", "γιωργος", "fri 25:00", "Call"], 2);
    assert!(
        err.starts_with("error: cannot read `fri 25:00` as a date; use today"),
        "{err}"
    );
    let v = r.show("γιωργος");
    assert_eq!(v["follow_ups"][0]["due_time"], "10:00:00");
}

#[test]
fn undo_twice_takes_back_a_follow_ups_move_and_then_the_follow_up() {
    // Each undo moves the follow-up's calendar bookkeeping on (a SEQUENCE never goes back):
    // the undo of the change before took that for another program's write and refused.
    for step in [
        &["reschedule", "1", "2026-11-28"][..],
        &["snooze", "1", "+1w"],
        &["done", "1"],
    ] {
        let r = Rolo::new();
        r.ok(&["add", "Zed Alpha"]);
        r.ok(&["follow", "zed", "2026-11-25", "Call about it"]);
        r.ok(step);
        r.ok(&["undo"]);
        let out = r.ok(&["undo"]);
        assert!(
            out.starts_with("Undid: follow-up for Zed Alpha"),
            "{step:?}: {out}"
        );
        assert_eq!(
            r.ok(&["upcoming", "--json"])
                .matches("Call about it")
                .count(),
            0
        );
    }
}
