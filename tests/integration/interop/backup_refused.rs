//! A JSON backup refused whole: a broken file, a record or a value rolo or the database would
//! not read back, each named by its list, record and field; nothing is written.

use serde_json::{Value, json};

use super::{edited_backup, scratch};
use crate::cli::Rolo;

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
