//! The JSON backup: byte-for-byte round trips, streamed restores, broken backups named.

use serde_json::{Value, json};

use super::{edited_backup, scratch};
use crate::cli::Rolo;

#[test]
fn json_backup_round_trips_byte_for_byte() {
    let a = Rolo::new();
    a.ok(&["demo", "--customers", "60"]);
    a.ok(&[
        "add",
        "Zoë \"Quote\", Jr.",
        "--email",
        "z@x.pl",
        "--notes",
        "line\nline",
    ]);
    let first = a.dir.path().join("first.json");
    a.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        first.to_str().unwrap(),
    ]);
    let b = Rolo::new();
    let rep = b.json(&["import", first.to_str().unwrap()]);
    assert_eq!(rep["created"], 61);
    let second = b.dir.path().join("second.json");
    b.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        second.to_str().unwrap(),
    ]);
    let (x, y) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert!(x == y, "the re-exported backup differs");
    let v: Value = serde_json::from_slice(&x).unwrap();
    assert_eq!(
        (v["format"].as_str(), v["version"].as_u64()),
        (Some("rolo-backup"), Some(1))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Importing the backup again merges everything and adds no history twice.
    let rep = b.json(&["import", first.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["history"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn a_backup_over_its_own_csv_export_fills_the_history_and_says_so() {
    let a = Rolo::new();
    a.ok(&["demo", "--customers", "30"]);
    let csv = a.dir.path().join("all.csv");
    let json = a.dir.path().join("all.json");
    a.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    a.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    let b = Rolo::new();
    b.ok(&["import", csv.to_str().unwrap()]);
    let rep = b.json(&["import", json.to_str().unwrap()]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["unchanged"].as_u64()
        ),
        (Some(0), Some(30), Some(0))
    );
    // Each customer's line says what the backup added: the history (the CSV keeps the
    // contact points' labels, `+48 600 100 200 (office)`: none is filled).
    let first = &rep["merges"][0];
    let added: Vec<&str> = first["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let history: u64 = rep["history"].as_u64().unwrap();
    assert!(history > 30, "{history}");
    assert!(!added.iter().any(|a| a.starts_with("label ")), "{added:?}");
    assert!(added.last().unwrap().contains("interaction"), "{added:?}");
    let full = |r: &Rolo| {
        let v = r.json(&["export", "--format", "json"]);
        let mut c: Vec<Value> = v["customers"].as_array().unwrap().clone();
        for x in &mut c {
            let mut contacts = x["contacts"].as_array().unwrap().clone();
            contacts.sort_by_key(|p| p["value"].as_str().unwrap().to_string());
            x["contacts"] = Value::Array(contacts);
        }
        (c, v["interactions"].as_array().unwrap().len())
    };
    let (mine, _) = full(&b);
    let (theirs, n) = full(&a);
    assert_eq!(
        mine.iter().map(|c| &c["contacts"]).collect::<Vec<_>>(),
        theirs.iter().map(|c| &c["contacts"]).collect::<Vec<_>>()
    );
    assert_eq!(full(&b).1, n);
    // Again: nothing new.
    let again = b.json(&["import", json.to_str().unwrap()]);
    assert_eq!(
        (
            again["merged"].as_u64(),
            again["unchanged"].as_u64(),
            again["history"].as_u64()
        ),
        (Some(0), Some(30), Some(0))
    );
}

#[test]
fn a_backup_is_restored_as_it_is_read_and_refused_whole_when_broken() {
    let a = Rolo::seeded();
    let out = a.dir.path().join("all.json");
    a.ok(&["export", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    let b = Rolo::new();
    let write = |name: &str, body: &str| scratch(&b, name, body.as_bytes());
    // The lists before `format`: they would be restored unchecked.
    let v: Value = serde_json::from_str(&text).unwrap();
    let reordered = format!(
        "{{\"customers\": {}, \"format\": \"rolo-backup\", \"version\": 1}}",
        v["customers"]
    );
    let f = write("reordered.json", &reordered);
    let err = b.refused(&["import", &f], 1);
    assert!(
        err.contains("not a rolo backup: no `\"format\": \"rolo-backup\"` before its data"),
        "{err}"
    );
    // A newer format version, and a record broken half way: nothing of either is kept.
    let f = write(
        "newer.json",
        &text.replacen("\"version\": 1", "\"version\": 9", 1),
    );
    let err = b.refused(&["import", &f], 1);
    assert!(
        err.contains("written by a newer rolo (format version 9"),
        "{err}"
    );
    let broken = text.replacen("\"direction\": \"out\"", "\"direction\": 7", 1);
    assert_ne!(broken, text);
    let f = write("broken.json", &broken);
    let err = b.refused(&["import", &f], 1);
    assert!(
        err.contains(
            ": interactions[0].direction: invalid type: integer `7`, expected a string (line "
        ),
        "{err}"
    );
    assert!(err.contains("(line "), "{err}");
    // A history row of a customer the file does not have.
    let uid = v["interactions"][0]["customer"]
        .as_str()
        .unwrap()
        .to_string();
    let orphan = text.replace(
        &format!("\"customer\": \"{uid}\""),
        "\"customer\": \"nobody\"",
    );
    assert_ne!(orphan, text);
    let f = write("orphan.json", &orphan);
    let err = b.refused(&["import", &f], 1);
    assert!(
        err.contains("customer `nobody` is not in the file"),
        "{err}"
    );
    // And the file itself restores, the same when exported again.
    let f = write("good.json", &text);
    b.ok(&["import", &f]);
    let again = b.dir.path().join("again.json");
    b.ok(&["export", "--out", again.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&again).unwrap() == text);
}

#[test]
fn a_broken_backup_names_list_record_and_field() {
    let r = Rolo::new();
    r.ok(&["list"]);
    let tail = "; nothing was imported (fix the record in the file)\n";
    for (edit, expected) in [
        (
            json!(["customers", 1, "birthday", "1980-13-01"]),
            "customers[1].birthday: `1980-13-01` is not a date: there is no month 13",
        ),
        (
            json!(["customers", 2, "birthday", "99999-01-01"]),
            "customers[2].birthday: `99999-01-01` is not a date (expected YYYY-MM-DD, e.g. 1980-05-14)",
        ),
        (
            json!(["interactions", 1, "id", -3]),
            "interactions[1].id: id -3 is out of range (rolo's ids are 1 to 9007199254740991)",
        ),
        (
            json!(["customers", 2, "id", 1]),
            "customers[2].id: id 1 is used twice in `customers`; ids are unique in a backup",
        ),
        (
            json!(["follow_ups", 0, "due_date", "2026-02-30"]),
            "follow_ups[0].due_date: `2026-02-30` is not a date: month 2 has no day 30",
        ),
        (
            json!(["interactions", 0, "customer", "nobody\u{1b}[2J"]),
            "interactions[0].customer: customer `nobody[2J` is not in the file",
        ),
    ] {
        let (list, i, field, value) = (
            edit[0].as_str().unwrap(),
            edit[1].as_u64().unwrap() as usize,
            edit[2].as_str().unwrap(),
            edit[3].clone(),
        );
        let f = edited_backup(&r, "broken.json", |v| v[list][i][field] = value);
        let err = r.refused(&["import", &f], 1);
        assert_eq!(err, format!("error: {f}: {expected}{tail}"));
    }
    // An id no i64 holds: the parser's words, and the record.
    let f = edited_backup(&r, "huge.json", |v| {
        v["customers"][1]["id"] = json!(18_446_744_073_709_551_615u64);
    });
    let err = r.refused(&["import", &f], 1);
    assert!(
        err.starts_with(&format!(
            "error: {f}: customers[1].id: invalid value: integer `18446744073709551615`, expected i64 (line "
        )),
        "{err}"
    );
    // Not a backup at all.
    let f = scratch(&r, "package.json", br#"{"name": "x", "version": "1.0.0"}"#);
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: not a rolo backup: no `\"format\": \"rolo-backup\"` before its data \
             (rolo imports the JSON that `rolo export --format json` writes); nothing was imported\n"
        )
    );
    let f = scratch(&r, "other.json", br#"{"format": "other", "version": 1}"#);
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: not a rolo backup: its `format` is `other`; expected `rolo-backup` or \
             `rolo-dossier`; nothing was imported\n"
        )
    );
    // A backup of an empty database: nothing to do, and said so.
    let empty = Rolo::new();
    let f = empty.dir.path().join("empty.json");
    let f = f.to_str().unwrap();
    empty.ok(&["export", "--format", "json", "--out", f]);
    let out = r.ok(&["import", f]);
    assert_eq!(
        out,
        format!("{f} has no customers in it; nothing was imported.\n")
    );
    assert_eq!(r.json(&["list"])["customers"], json!([]));
}

#[test]
fn a_backup_keeps_each_repeating_series_and_its_revisions() {
    let a = Rolo::new();
    a.ok(&["add", "Anna Kowalska"]);
    let uid = a.show("anna")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    for (due, time) in [("tomorrow", "09:00"), ("2026-11-26", "15:00")] {
        a.ok(&[
            "follow",
            "anna",
            due,
            "Weekly sync",
            "--every",
            "1w",
            "--time",
            time,
        ]);
    }
    a.ok(&["done", "1"]);
    a.ok(&["done", "2"]);
    a.ok(&["reschedule", "3", "2 dec"]);
    let ics = a.ok(&["export", "--format", "ics"]);
    let events = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter(|l| l.starts_with("UID:") || l.starts_with("SEQUENCE:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        events(&ics),
        [
            format!("UID:{uid}-1@rolo"),
            "SEQUENCE:2".into(),
            format!("UID:{uid}-2@rolo"),
            "SEQUENCE:1".into(),
        ]
    );
    let file = a.dir.path().join("all.json");
    let file = file.to_str().unwrap();
    a.ok(&["export", "--format", "json", "--out", file]);
    // Restored: the same calendar, byte for byte.
    let b = Rolo::new();
    b.ok(&["import", file]);
    assert_eq!(b.ok(&["export", "--format", "ics"]), ics);
    // A series the file does not have (a hand-edited file) is no link: the occurrences are
    // linked as an upgrade links them, and the calendar and `rolo done` work.
    let mut broken: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    for f in broken["follow_ups"].as_array_mut().unwrap() {
        if f.get("series").is_some() {
            f["series"] = 999.into();
        }
    }
    // In rolo's order (a `Value` sorts its keys): `format` and `version` first.
    let mut text = String::from("{\"format\": \"rolo-backup\", \"version\": 1");
    for list in ["customers", "deals", "interactions", "follow_ups"] {
        text.push_str(&format!(",\n\"{list}\": {}", broken[list]));
    }
    text.push('}');
    let e = Rolo::new();
    let path = scratch(&e, "broken.json", text.as_bytes());
    e.ok(&["import", &path]);
    assert_eq!(events(&e.ok(&["export", "--format", "ics"])).len(), 4);
    // From a backup of before series were recorded: each series is found again.
    let mut old: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let mut named = 0;
    for f in old["follow_ups"].as_array_mut().unwrap() {
        let f = f.as_object_mut().unwrap();
        named += usize::from(f.remove("series").is_some());
        f.remove("reschedule_count");
        f.remove("changed_at");
    }
    assert_eq!(named, 2, "the later occurrences name their series");
    // In rolo's order (a `Value` sorts its keys): `format` and `version` first.
    let mut text = String::from("{\"format\": \"rolo-backup\", \"version\": 1");
    for list in ["customers", "deals", "interactions", "follow_ups"] {
        text.push_str(&format!(",\n\"{list}\": {}", old[list]));
    }
    text.push('}');
    let c = Rolo::new();
    let older = scratch(&c, "old.json", text.as_bytes());
    c.ok(&["import", &older]);
    assert_eq!(
        events(&c.ok(&["export", "--format", "ics"])),
        [
            format!("UID:{uid}-1@rolo"),
            "SEQUENCE:1".into(),
            format!("UID:{uid}-2@rolo"),
            "SEQUENCE:1".into(),
        ]
    );
    // Into a book with customers (the follow-ups get new ids): each series is its own.
    let d = Rolo::new();
    d.ok(&["add", "Ola Lis"]);
    d.ok(&["follow", "ola", "2026-12-10", "Send the deck"]);
    d.ok(&["import", file]);
    let ola = d.show("ola")["customer"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        events(&d.ok(&["export", "--format", "ics"])),
        [
            format!("UID:{uid}-2@rolo"),
            "SEQUENCE:2".into(),
            format!("UID:{uid}-3@rolo"),
            "SEQUENCE:1".into(),
            format!("UID:{ola}-1@rolo"),
            "SEQUENCE:0".into(),
        ]
    );
}

/// A deal of the first customer in the seeded database's backup (it has none), to break.
fn with_deal(v: &mut Value) {
    let uid = v["customers"][0]["uid"].clone();
    v["deals"] = json!([{
        "id": 1, "customer": uid, "title": "Fleet renewal", "value_minor": 1_500_000,
        "currency": "EUR", "stage": "lead", "probability": 10, "expected_close": null,
        "created_at": "2026-11-01T10:00:00Z", "stage_changed_at": "2026-11-01T10:00:00Z",
        "closed_at": null
    }]);
}

/// A case: what is edited, the edit, the error it gets.
type Case = (&'static str, fn(&mut Value), &'static str);

#[test]
fn a_value_the_database_or_rolo_would_not_read_back_is_refused_naming_the_field() {
    let tail = "; nothing was imported (fix the record in the file)\n";
    let cases: Vec<Case> = vec![
        (
            "stage",
            |v| v["deals"][0]["stage"] = json!("maybe"),
            "deals[0].stage: unknown stage `maybe`; expected one of lead, qualified, proposal, \
             negotiation, won, lost",
        ),
        (
            "currency",
            |v| v["deals"][0]["currency"] = json!("€€€"),
            "deals[0].currency: unknown currency `€€€`: use a 3-letter ISO code such as PLN, \
             EUR, USD",
        ),
        (
            "value",
            |v| v["deals"][0]["value_minor"] = json!(i64::MAX),
            "deals[0].value_minor: a deal's value of 92 233 720 368 547 758.07 EUR is out of \
             range (0 to 10 000 000 000 000.00 EUR)",
        ),
        (
            "value past the limit",
            |v| v["deals"][0]["value_minor"] = json!(1_000_000_000_000_001_i64),
            "deals[0].value_minor: a deal's value of 10 000 000 000 000.01 EUR is out of range \
             (0 to 10 000 000 000 000.00 EUR)",
        ),
        (
            "minutes past a day",
            |v| v["interactions"][0]["minutes"] = json!(1441),
            "interactions[0].minutes: a duration of 1441 minutes is out of range (0 to 1440, a \
             day)",
        ),
        (
            "probability",
            |v| v["deals"][0]["probability"] = json!(101),
            "deals[0].probability: probability `101` must be 0 to 100 (percent)",
        ),
        (
            "title",
            |v| v["deals"][0]["title"] = json!(" "),
            "deals[0].title: the title is empty",
        ),
        (
            "kind",
            |v| v["interactions"][1]["kind"] = json!("fax"),
            "interactions[1].kind: unknown kind `fax`; expected one of call, email, meeting, \
             message, visit, note",
        ),
        (
            "direction",
            |v| v["interactions"][0]["direction"] = json!("OUT"),
            "interactions[0].direction: unknown direction `OUT`; expected one of in, out",
        ),
        (
            "minutes",
            |v| v["interactions"][0]["minutes"] = json!(i64::MAX),
            "interactions[0].minutes: a duration of 9223372036854775807 minutes is out of \
             range (0 to 1440, a day)",
        ),
        (
            "rating",
            |v| v["interactions"][0]["rating"] = json!(6),
            "interactions[0].rating: rating `6` is out of range; use 1 (bad) to 5 (great)",
        ),
        (
            "status",
            |v| v["follow_ups"][0]["status"] = json!("later"),
            "follow_ups[0].status: unknown status `later`; expected one of open, done, cancelled",
        ),
        (
            "snoozes",
            |v| v["follow_ups"][0]["snooze_count"] = json!(-1),
            "follow_ups[0].snooze_count: a count of -1 snoozes is out of range (0 to 1000000)",
        ),
        (
            "moves",
            |v| v["follow_ups"][0]["reschedule_count"] = json!(i64::MAX),
            "follow_ups[0].reschedule_count: a count of 9223372036854775807 moves is out of \
             range (0 to 1000000)",
        ),
        (
            "time",
            |v| v["follow_ups"][0]["due_time"] = json!("25:99"),
            "follow_ups[0].due_time: `25:99` is not a time (expected HH:MM, e.g. 09:30)",
        ),
        (
            "rule",
            |v| v["follow_ups"][0]["repeat_rule"] = json!("often"),
            "follow_ups[0].repeat_rule: `often` is not a repeat rule (such as 2w, 10d or 1m)",
        ),
        (
            "what",
            |v| v["follow_ups"][0]["what"] = json!(""),
            "follow_ups[0].what: the text of what to do is empty",
        ),
        (
            "name",
            |v| v["customers"][0]["name"] = json!("\u{7}"),
            "customers[0].name: the name is empty",
        ),
        (
            "bidi",
            |v| v["customers"][0]["name"] = json!("\u{202e}\u{2066}"),
            "customers[0].name: the name is empty",
        ),
        (
            "cadence",
            |v| v["customers"][0]["cadence_days"] = json!(0),
            "customers[0].cadence_days: a contact cadence of 0 days is out of range (1 to 3650)",
        ),
        (
            "notes past 1 MiB",
            |v| v["customers"][0]["notes"] = json!("x".repeat((1 << 20) + 1)),
            "customers[0].notes: a value of 1048577 bytes is longer than 1 MiB (1048576 bytes)",
        ),
        (
            "a label past 1 MiB",
            |v| {
                v["customers"][0]["contacts"] = json!([{"kind": "email", "value": "a@b.pl", "label": "é".repeat(1 << 19) + "x"}]);
            },
            "customers[0].contacts[0].label: a value of 1048577 bytes is longer than 1 MiB \
             (1048576 bytes)",
        ),
        (
            "a summary past 1 MiB",
            |v| v["interactions"][1]["summary"] = json!("x".repeat((1 << 20) + 1)),
            "interactions[1].summary: a value of 1048577 bytes is longer than 1 MiB \
             (1048576 bytes)",
        ),
        (
            "tag",
            |v| v["customers"][0]["tags"] = json!(["key", "two words"]),
            "customers[0].tags[1]: `two words` is not a tag (one word: letters, digits, - _ / : \
             .; `two-words` is one)",
        ),
    ];
    // Refused the same into an empty database and into the one the backup came from, where
    // every record matches one there (and a matched row was skipped unchecked).
    for into in [Rolo::new(), Rolo::seeded()] {
        for (name, edit, expected) in &cases {
            let f = edited_backup(&into, &format!("{name}.json"), |v| {
                with_deal(v);
                edit(v);
            });
            let err = into.refused(&["import", &f], 1);
            assert_eq!(err, format!("error: {f}: {expected}{tail}"), "{name}");
        }
    }
    // And the deal as it was imports.
    let r = Rolo::new();
    let f = edited_backup(&r, "good.json", with_deal);
    r.ok(&["import", &f]);
    assert_eq!(r.json(&["list"])["customers"].as_array().unwrap().len(), 3);
}

#[test]
fn only_a_person_belongs_to_an_organization_in_a_backup() {
    let r = Rolo::new();
    let tail = "; nothing was imported (fix the record in the file)\n";
    let find = |v: &Value, kind: &str| {
        v["customers"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["kind"] == kind)
            .unwrap()
    };
    // A person's organization is a person (here: the person themself).
    let f = edited_backup(&r, "self.json", |v| {
        let p = find(v, "person");
        v["customers"][p]["org"] = v["customers"][p]["uid"].clone();
    });
    let err = r.refused(&["import", &f], 1);
    let p = {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        (
            find(&v, "person"),
            v["customers"][find(&v, "person")]["uid"].clone(),
        )
    };
    assert_eq!(
        err,
        format!(
            "error: {f}: customers[{}].org: `{}` is a person, not an organization; only an \
             organization has people{tail}",
            p.0,
            p.1.as_str().unwrap()
        )
    );
    // An organization with an organization.
    let f = edited_backup(&r, "org.json", |v| {
        let o = find(v, "org");
        let p = find(v, "person");
        v["customers"][o]["org"] = v["customers"][p]["uid"].clone();
    });
    let err = r.refused(&["import", &f], 1);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(
        err,
        format!(
            "error: {f}: customers[{}].org: an organization cannot belong to another (only a \
             person has an `org`){tail}",
            find(&v, "org")
        )
    );
}

#[test]
fn a_broken_value_is_named_by_its_field_and_a_time_that_is_none_says_so() {
    let r = Rolo::new();
    let tail = "; nothing was imported (fix the record in the file)\n";
    for (edit, expected) in [
        (
            json!(["customers", 0, "id", null]),
            "customers[0].id: invalid type: null, expected i64",
        ),
        (
            json!(["customers", 0, "contacts", [{"kind": "email", "value": 5}]]),
            "customers[0].contacts[0].value: invalid type: integer `5`, expected a string",
        ),
        (
            json!(["interactions", 1, "occurred_at", "yesterday"]),
            "interactions[1].occurred_at: not a time (input contains invalid characters); \
             rolo writes UTC times as 2026-11-23T09:30:00Z",
        ),
        (
            json!(["follow_ups", 0, "created_at", ""]),
            "follow_ups[0].created_at: not a time (premature end of input); rolo writes UTC \
             times as 2026-11-23T09:30:00Z",
        ),
    ] {
        let (list, i, field, value) = (
            edit[0].as_str().unwrap(),
            edit[1].as_u64().unwrap() as usize,
            edit[2].as_str().unwrap(),
            edit[3].clone(),
        );
        let f = edited_backup(&r, "broken.json", |v| v[list][i][field] = value);
        let err = r.refused(&["import", &f], 1);
        let start = format!("error: {f}: {expected} (line ");
        assert!(err.starts_with(&start), "{err}\nexpected: {start}");
        assert!(err.ends_with(tail), "{err}");
    }
}

#[test]
fn backup_merging_thousands_of_contact_points_adds_each_new_one_once() {
    // A customer of a backup with thousands of contact points merged into one rolo has
    // (found by fuzzing: 100 000 took minutes, each looked up against all the others).
    // What is new is added once, in the file's order, after what the customer had;
    // the file's repeats (another case, a phone's other spelling) are not added again.
    let r = Rolo::new();
    r.ok(&["add", "Big Contact", "--email", "p0@x.example"]);
    let mut contacts: Vec<Value> = (0..3000)
        .map(|i| json!({"kind": "email", "value": format!("p{i}@x.example"), "label": null}))
        .collect();
    contacts.push(json!({"kind": "email", "value": "P7@X.example", "label": null}));
    contacts.push(json!({"kind": "phone", "value": "+48 600 100 200", "label": null}));
    contacts.push(json!({"kind": "phone", "value": "600-100-200", "label": "mobile"}));
    let t = "2026-01-01T00:00:00Z";
    let customer = json!({
        "id": 1, "uid": "u-1", "kind": "person", "name": "Big Contact", "org": null,
        "title": null, "address": null, "notes": "", "needs": "", "needs_updated_at": null,
        "cadence_days": null, "owner": null, "birthday": null, "created_at": t,
        "updated_at": t, "contacts": contacts, "tags": []});
    // (`format` first, as rolo writes it.)
    let backup = format!(r#"{{"format": "rolo-backup", "version": 1, "customers": [{customer}]}}"#);
    let file = r.dir.path().join("big.json");
    std::fs::write(&file, backup).unwrap();
    let rep = r.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (rep["merged"].as_u64(), rep["created"].as_u64()),
        (Some(1), Some(0))
    );
    let added = rep["merges"][0]["added"].as_array().unwrap();
    assert_eq!(added.len(), 3001);
    assert_eq!(
        (&added[0], &added[2998], &added[2999], &added[3000]),
        (
            &json!("email p1@x.example"),
            &json!("email p2999@x.example"),
            &json!("phone +48 600 100 200"),
            &json!("label mobile on 600-100-200")
        )
    );
    let shown = r.show("#1");
    let values: Vec<&str> = shown["customer"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    let mut expected: Vec<String> = (0..3000).map(|i| format!("p{i}@x.example")).collect();
    expected.push("+48 600 100 200".into());
    assert_eq!(values, expected);
    // Again: everything is there.
    let rep = r.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (rep["merged"].as_u64(), rep["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn a_text_of_1_mib_is_restored_and_one_byte_more_refused_as_the_csv_import_refuses_it() {
    let r = Rolo::new();
    let f = edited_backup(&r, "mib.json", |v| {
        v["customers"][0]["notes"] = json!("x".repeat(1 << 20));
    });
    // A setting's value too (the file's settings come after its version).
    let whole = std::fs::read_to_string(&f).unwrap();
    let big = r.dir.path().join("setting.json");
    std::fs::write(
        &big,
        whole.replacen(
            "\"version\": 1",
            &format!(
                "\"version\": 1, \"settings\": {{\"k\": \"{}\"}}",
                "x".repeat((1 << 20) + 1)
            ),
            1,
        ),
    )
    .unwrap();
    let big = big.to_str().unwrap();
    assert_eq!(
        r.refused(&["import", big], 1),
        format!(
            "error: {big}: settings.k: a value of 1048577 bytes is longer than 1 MiB \
             (1048576 bytes); nothing was imported (fix the record in the file)\n"
        )
    );
    r.ok(&["import", &f]);
    let notes = r.show("#1")["customer"]["notes"].as_str().unwrap().len();
    assert_eq!(notes, 1 << 20);
}

#[test]
fn a_backup_of_many_people_in_few_organizations_links_each_to_theirs() {
    // Each organization is found (and checked to be one) once per restore, not per person:
    // 60 people in three organizations, one of them after its people in the file.
    let t = "2026-01-01T00:00:00Z";
    let customer = |id: usize, uid: &str, kind: &str, name: &str, org: Option<&str>| {
        json!({
            "id": id, "uid": uid, "kind": kind, "name": name, "org": org, "title": null,
            "address": null, "notes": "", "needs": "", "needs_updated_at": null,
            "cadence_days": null, "owner": null, "birthday": null, "created_at": t,
            "updated_at": t, "contacts": [], "tags": []})
    };
    let orgs = ["org-acme", "org-beta", "org-gamma"];
    let mut customers = vec![
        customer(1, "org-acme", "org", "Acme SA", None),
        customer(2, "org-beta", "org", "Beta GmbH", None),
    ];
    let mut expected = Vec::new();
    for k in 0..60 {
        let name = format!("Person {k:02}");
        customers.push(customer(
            3 + k,
            &format!("p-{k}"),
            "person",
            &name,
            Some(orgs[k % 3]),
        ));
        expected.push((name, orgs[k % 3].to_string()));
    }
    customers.push(customer(63, "org-gamma", "org", "Gamma Ltd", None));
    let backup = format!(
        "{{\"format\": \"rolo-backup\", \"version\": 1, \"customers\": {}}}",
        Value::Array(customers)
    );
    for r in [Rolo::new(), {
        let r = Rolo::new();
        r.ok(&["add", "Someone Else", "--email", "else@example.com"]);
        r
    }] {
        let f = scratch(&r, "many.json", backup.as_bytes());
        let rep = r.json(&["import", &f]);
        assert_eq!(rep["created"], 63);
        let back: Value = serde_json::from_str(&r.ok(&["export", "--format", "json"])).unwrap();
        let mut linked: Vec<(String, String)> = back["customers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "person" && c["org"].is_string())
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["org"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        linked.sort();
        assert_eq!(linked, expected);
    }
}
