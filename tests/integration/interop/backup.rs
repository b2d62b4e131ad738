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
