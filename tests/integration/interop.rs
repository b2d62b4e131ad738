//! Interop end to end: `rolo import` of every fixture class (exact values or exact errors),
//! exports (JSON round trip, CSV, vCard, iCalendar), dupes, merge, dossier.
#![allow(clippy::many_single_char_names)]

use serde_json::{Value, json};

use crate::cli::{Rolo, text};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/interop/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The profile fields an import sets, for exact comparison.
fn profile(r: &Rolo, who: &str) -> Value {
    let c = &r.show(who)["customer"];
    json!({
        "kind": c["kind"], "name": c["name"], "org": c["org_name"], "title": c["title"],
        "address": c["address"], "notes": c["notes"], "birthday": c["birthday"],
        "contacts": c["contacts"], "tags": c["tags"],
    })
}

fn names(r: &Rolo) -> Vec<String> {
    let v = r.json(&["list", "--limit", "1000"]);
    let mut n: Vec<String> = v["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

fn import(r: &Rolo, file: &str, extra: &[&str]) -> Value {
    let f = fixture(file);
    let mut args = vec!["import", f.as_str()];
    args.extend_from_slice(extra);
    r.json(&args)
}

#[test]
fn import_google_new_csv_keeps_every_value() {
    let r = Rolo::new();
    let rep = import(&r, "google_new.csv", &[]);
    assert_eq!(
        (rep["created"].as_u64(), rep["orgs_created"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        profile(&r, "lucja@acme.pl"),
        json!({
            "kind": "person", "name": "Łucja Żółć-Kowalska", "org": "Acme Sp. z o.o.", "title": "CTO",
            "address": "ul. Długa 5, 00-001 Warszawa, Poland",
            "notes": "Met at \"Expo\"\nwants catalog", "birthday": "1980-05-14",
            "contacts": [
                {"kind": "email", "label": "work", "value": "lucja@acme.pl"},
                {"kind": "email", "label": "home", "value": "lucja@home.pl"},
                {"kind": "phone", "label": "mobile", "value": "+48 600 100 200"},
                {"kind": "phone", "label": "mobile", "value": "+48 22 111 22 33"}
            ],
            "tags": ["key-accounts", "vip"]
        })
    );
    assert_eq!(
        r.show("dmitry@example.ru")["customer"]["name"],
        "Дмитрий Иванов"
    );
    assert_eq!(
        r.show("dmitry@example.ru")["customer"]["notes"],
        "Birthday: 14 May"
    );
    assert_eq!(r.show("yamada@example.jp")["customer"]["name"], "山田 太郎");
    let globex = r.show("info@globex.com");
    assert_eq!(globex["customer"]["kind"], "org");
    assert_eq!(globex["customer"]["name"], "Globex Corporation");
    assert_eq!(globex["customer"]["tags"], json!(["suppliers"]));
}

#[test]
fn import_google_old_outlook_thunderbird_linkedin() {
    let r = Rolo::new();
    import(&r, "google_old.csv", &[]);
    assert_eq!(
        profile(&r, "rene@dupont.fr"),
        json!({
            "kind": "person", "name": "René Dupont", "org": "Dupont SARL", "title": "Gérant",
            "address": null, "notes": "", "birthday": "1975-12-01",
            "contacts": [
                {"kind": "email", "label": "work", "value": "rene@dupont.fr"},
                {"kind": "phone", "label": "work", "value": "+33 1 23 45 67 89"}
            ],
            "tags": ["partners"]
        })
    );
    let rep = import(&r, "outlook.csv", &[]);
    assert_eq!(rep["encoding"], "windows-1252");
    assert_eq!(
        profile(&r, "j.mueller@mueller.de"),
        json!({
            "kind": "person", "name": "Jürgen Müller", "org": "Müller GmbH", "title": "Einkaufsleiter",
            "address": "Hauptstraße 1, 80331 München, Germany",
            "notes": "Prefers calls\nDepartment: Sales", "birthday": "1980-05-14",
            "contacts": [
                {"kind": "phone", "label": "work", "value": "+49 89 123456"},
                {"kind": "phone", "label": "mobile", "value": "+49 170 1234567"},
                {"kind": "email", "value": "j.mueller@mueller.de"}
            ],
            "tags": ["holiday-cards", "key-customer"]
        })
    );
    assert_eq!(
        r.show("zoe@example.com")["customer"]["birthday"],
        Value::Null
    );
    import(&r, "thunderbird.csv", &[]);
    assert_eq!(
        profile(&r, "ola@nordmann.no"),
        json!({
            "kind": "person", "name": "Ola Nordmann", "org": "Nordmann AS", "title": "Daglig leder",
            "address": "Storgata 1, 0155 Oslo, Norway", "notes": "Likes skiing", "birthday": "1970-03-09",
            "contacts": [
                {"kind": "email", "value": "ola@nordmann.no"},
                {"kind": "phone", "label": "work", "value": "+47 22 33 44 55"},
                {"kind": "phone", "label": "mobile", "value": "+47 912 34 567"},
                {"kind": "url", "value": "https://nordmann.no"}
            ],
            "tags": []
        })
    );
    let rep = import(&r, "linkedin.csv", &[]);
    assert_eq!(rep["created"], 2);
    let priya = profile(&r, "priya sharma");
    assert_eq!(priya["org"], "Initech");
    assert_eq!(priya["title"], "Product Manager");
    assert_eq!(priya["notes"], "Connected On: 12 Mar 2021");
    assert_eq!(
        priya["contacts"],
        json!([{"kind": "url", "value": "https://www.linkedin.com/in/priyasharma"}])
    );
}

#[test]
fn import_detects_delimiters_and_encodings() {
    let r = Rolo::new();
    let rep = import(&r, "semicolon_cp1250.csv", &[]);
    assert_eq!(rep["encoding"], "windows-1250");
    let l = profile(&r, "lucja@zolc.pl");
    assert_eq!(
        (l["name"].as_str(), l["org"].as_str()),
        (Some("Łucja Żółć"), Some("Żabka S.A."))
    );
    assert_eq!(r.show("pawel@ges.pl")["customer"]["name"], "Paweł Gęś");
    let rep = import(&r, "utf16_tabs.csv", &[]);
    assert_eq!(rep["encoding"], "UTF-16LE");
    assert_eq!(
        r.show("ævar@example.is")["customer"]["name"],
        "Ævar Þórsson"
    );
    assert_eq!(
        r.show("jan@novak.cz")["customer"]["name"],
        "Jan \"Hans\" Novák"
    );
    import(&r, "bom_quoted.csv", &[]);
    let k = profile(&r, "jan@kowalski.pl");
    assert_eq!(k["name"], "Kowalski, Jan");
    assert_eq!(
        k["notes"],
        "Line one\nline two with \"quotes\", and a comma"
    );
}

#[test]
fn import_with_a_map_and_the_error_without_one() {
    let r = Rolo::new();
    let err = r.refused(&["import", &fixture("noname.csv")], 2);
    assert!(
        err.contains("no column gives a name; the columns are: `Foo`, `Bar`, `Mail`. Map one with --map \"Column=name\""),
        "{err}"
    );
    let rep = import(
        &r,
        "custom.csv",
        &["--map", "Full name=name,Mail=email,Firma=org"],
    );
    assert_eq!(rep["created"], 1);
    let a = profile(&r, "anna@wisniewska.pl");
    assert_eq!(a["name"], "Anna Wiśniewska");
    assert_eq!(a["org"], "Wiśnia Sp. j.");
    assert_eq!(a["notes"], "Komentarz: ok");
    let err = r.refused(&["import", &fixture("custom.csv"), "--map", "Nope=name"], 2);
    assert!(
        err.contains("--map names columns the file does not have: `Nope`"),
        "{err}"
    );
    let err = r.refused(&["import", &fixture("custom.csv"), "--map", "Mail=mail"], 2);
    assert!(err.contains("--map: unknown field `mail`"), "{err}");
    // A column twice, or to two fields: refused before the file is read.
    let err = r.refused(
        &[
            "import",
            &fixture("custom.csv"),
            "--map",
            "Full name=name,Mail=email,Mail=phone",
        ],
        2,
    );
    assert_eq!(
        err,
        "error: --map: column `Mail` is mapped to both `email` and `phone` (`Mail=phone`); \
         map each column to one field\n"
    );
}

#[test]
fn a_broken_record_stops_the_import_unless_skip_bad() {
    let r = Rolo::seeded();
    let err = r.refused(&["import", &fixture("bad_email.csv")], 1);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: line 3 (record 2), field `Email`: `not-an-email` is not an email address \
             (expected name@example.com); nothing was imported (fix the record, or pass --skip-bad to import the rest)",
            fixture("bad_email.csv")
        )
    );
    let rep = import(&r, "bad_email.csv", &["--skip-bad"]);
    assert_eq!(
        (rep["created"].as_u64(), rep["skipped"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        rep["skipped_records"],
        json!([
            "line 3 (record 2), field `Email`: `not-an-email` is not an email address (expected name@example.com)",
            "line 4 (record 3), field `Phone`: `call me maybe` is not a phone number (digits, spaces and + - ( ) . / only)"
        ])
    );
}

#[test]
fn import_vcard_21_quoted_printable_and_charsets() {
    let r = Rolo::new();
    import(&r, "v21.vcf", &[]);
    assert_eq!(
        profile(&r, "lucja@acme.pl"),
        json!({
            "kind": "person", "name": "Łucja Kowalska", "org": null, "title": null, "address": null,
            "notes": "First line\nSecond line", "birthday": null,
            "contacts": [
                {"kind": "phone", "label": "mobile", "value": "+48 600 100 200"},
                {"kind": "phone", "label": "work", "value": "+48 22 111 22 33"},
                {"kind": "email", "value": "lucja@acme.pl"}
            ],
            "tags": []
        })
    );
    let rene = profile(&r, "rene@sg.fr");
    assert_eq!(
        (rene["name"].as_str(), rene["org"].as_str()),
        (Some("René Dupont"), Some("Société Générale"))
    );
    assert_eq!(
        r.show("+45 1234 5678")["customer"]["name"],
        "Zoë Ærøskøbing"
    );
}

#[test]
fn import_vcard_30_groups_folding_photo_company() {
    let r = Rolo::new();
    import(&r, "v30.vcf", &[]);
    let anna = r.show("anna@acme.pl");
    assert_eq!(anna["customer"]["uid"], "0123456789abcdef0123456789abcdef");
    assert_eq!(
        profile(&r, "anna@acme.pl"),
        json!({
            "kind": "person", "name": "Anna Maria Nowak", "org": "Acme Sp. z o.o.", "title": "Head of Purchasing",
            "address": "ul. Prosta 1, 00-850 Warszawa, Polska",
            "notes": "Long note that is folded across lines, with an escaped comma\nand a second line.",
            "birthday": "1985-03-07",
            "contacts": [
                {"kind": "email", "label": "biuro", "value": "anna@acme.pl"},
                {"kind": "email", "label": "home", "value": "anna.nowak@gmail.com"},
                {"kind": "phone", "label": "mobile", "value": "+48 601 000 001"},
                {"kind": "phone", "label": "work", "value": "+48 22 000 00 01"},
                {"kind": "phone", "label": "assistant", "value": "+48 22 000 00 02"}
            ],
            "tags": ["key-accounts", "vip"]
        })
    );
    let globex = profile(&r, "globex");
    assert_eq!(
        (globex["kind"].as_str(), globex["name"].as_str()),
        (Some("org"), Some("Globex Corporation"))
    );
}

#[test]
fn import_vcard_40_utf16_and_nameless_cards() {
    let r = Rolo::new();
    import(&r, "v40.vcf", &[]);
    let peter = r.show("peter@initech.example");
    assert_eq!(peter["customer"]["uid"], "f81d4fae7dec11d0a76500a0c91e6bf6");
    assert_eq!(peter["customer"]["org_name"], "Initech");
    assert_eq!(peter["customer"]["notes"], "Birthday: 14 May");
    assert_eq!(peter["customer"]["contacts"][0]["value"], "+1-555-555-0100");
    assert_eq!(r.show("initech")["customer"]["kind"], "org");
    assert_eq!(
        r.show("nameless@example.com")["customer"]["name"],
        "nameless@example.com"
    );
    let rep = import(&r, "utf16.vcf", &[]);
    assert_eq!(rep["encoding"], "UTF-16LE");
    assert_eq!(
        r.show("aevar@example.is")["customer"]["name"],
        "Ævar Þórsson"
    );
}

#[test]
fn broken_vcards_are_reported_exactly() {
    let r = Rolo::new();
    let err = r.refused(&["import", &fixture("truncated.vcf")], 1);
    assert!(
        err.contains("truncated.vcf: line 6 (record 2), field `END`: the card is truncated (no END:VCARD before the next card or the end of the file); nothing was imported"),
        "{err}"
    );
    let err = r.refused(&["import", &fixture("noname.vcf")], 1);
    assert!(
        err.contains("noname.vcf: line 5 (record 2), field `FN`: the card has no FN, N, ORG, NICKNAME, EMAIL or TEL; give it a name"),
        "{err}"
    );
    let err = r.refused(&["import", &fixture("bad_email.vcf")], 1);
    assert!(
        err.contains("bad_email.vcf: line 4 (record 1), field `EMAIL`: `broken-at-example` is not an email address"),
        "{err}"
    );
    let rep = import(&r, "truncated.vcf", &["--skip-bad"]);
    assert_eq!(
        (rep["created"].as_u64(), rep["skipped"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(names(&r), vec!["Complete Card"]);
}

#[test]
fn dry_run_writes_nothing_and_reimport_changes_nothing_then_undo_takes_it_back() {
    let r = Rolo::new();
    r.ok(&["add", "Someone Else"]);
    let before = r.snapshot();
    let out = r.ok(&["import", &fixture("google_new.csv"), "--dry-run"]);
    assert!(out.contains("Would import"), "{out}");
    assert!(
        out.contains("  create line 2: Łucja Żółć-Kowalska\n"),
        "{out}"
    );
    assert!(out.contains("Nothing was written (dry run)."), "{out}");
    assert_eq!(before, r.snapshot());
    import(&r, "google_new.csv", &[]);
    let once = r.snapshot();
    let once_data = r.data_snapshot();
    // The same file again: every record matches and adds nothing.
    let rep = import(&r, "google_new.csv", &[]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(4))
    );
    assert_eq!(rep["merges"][0]["by"], "email");
    assert_eq!(rep["merges"][0]["changed"], false);
    assert_eq!(r.snapshot(), once, "nothing written, no undo step");
    let out = r.ok(&["import", &fixture("google_new.csv")]);
    assert!(
        out.contains("0 created, 0 merged, 4 unchanged, 0 skipped.\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  unchanged line 2: Łucja Żółć-Kowalska is #3 (same email), with nothing new\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("Nothing was written: rolo already had everything in the file.\n"),
        "{out}"
    );
    // With a tag it adds something: merged, and undone as one step.
    let rep = import(&r, "google_new.csv", &["--tag", "imported"]);
    assert_eq!(
        (rep["merged"].as_u64(), rep["unchanged"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(rep["merges"][0]["changed"], true);
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), once_data);
    r.ok(&["undo"]);
    assert_eq!(names(&r), vec!["Someone Else"]);
}

#[test]
fn import_merges_by_phone_and_name_and_fills_empty_fields() {
    let r = Rolo::new();
    r.ok(&["add", "Jurgen Muller", "--phone", "+49 (170) 123-4567"]);
    r.ok(&["add", "Zoe Smith", "--notes", "met at a fair"]);
    let rep = import(&r, "outlook.csv", &[]);
    assert_eq!(rep["merged"], 2);
    assert_eq!(rep["merges"][0]["by"], "phone");
    assert_eq!(rep["merges"][1]["by"], "name");
    let j = profile(&r, "jurgen muller");
    assert_eq!(j["name"], "Jurgen Muller");
    assert_eq!(j["title"], "Einkaufsleiter");
    assert_eq!(j["contacts"].as_array().unwrap().len(), 3);
    let z = profile(&r, "zoe smith");
    assert_eq!(z["notes"], "met at a fair");
    assert_eq!(
        z["contacts"],
        json!([{"kind": "email", "value": "zoe@example.com"}, {"kind": "email", "value": "zoe.smith@example.org"}])
    );
}

#[test]
fn a_name_shared_by_several_customers_is_not_merged_into_either() {
    let r = Rolo::new();
    r.ok(&["add", "James Roberts", "--email", "j1@a.example"]);
    r.ok(&["add", "James Roberts", "--email", "j2@b.example"]);
    r.ok(&["add", "Anna Nowak"]);
    let csv = r.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,Notes\nJames Roberts,met at the fair\nAnna Nowak,likes tea\n",
    )
    .unwrap();
    let text = r.ok(&["import", csv.to_str().unwrap(), "--dry-run"]);
    assert!(
        text.contains(
            "create line 2: James Roberts (not merged: #1 and #2 have that name; `rolo merge` if it is one of them)"
        ),
        "{text}"
    );
    let rep = r.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["merged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        rep["namesakes"],
        json!([{"line": 2, "name": "James Roberts", "namesakes": [1, 2]}])
    );
    assert_eq!(rep["merges"][0]["into"], 3, "one Anna: merged");
    // Neither James got the note; the new one has it.
    for id in ["#1", "#2"] {
        assert_eq!(r.show(id)["customer"]["notes"], "", "{id}");
    }
    assert_eq!(r.show("#4")["customer"]["notes"], "met at the fair");
}

#[test]
fn untrusted_text_is_sanitized_on_screen_and_formulas_in_csv() {
    let r = Rolo::new();
    import(&r, "formula.csv", &[]);
    let out = r.ok(&["import", &fixture("formula.csv"), "--dry-run"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let csv = r.ok(&["export", "--format", "csv"]);
    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "{row}"
    );
}

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
fn vcard_export_reimports_to_the_same_people() {
    let a = Rolo::seeded();
    a.ok(&[
        "add",
        "Ævar Þórsson",
        "--email",
        "aevar@x.is",
        "--notes",
        &"ż".repeat(80),
        "--tag",
        "vip",
        "--needs",
        "Fast delivery; invoices in ISK",
        "--owner",
        "Jan",
        "--cadence",
        "2w",
    ]);
    for v in ["4.0", "3.0"] {
        let out = a.ok(&["export", "--format", "vcard", "--vcard-version", v]);
        assert!(out.lines().all(|l| l.len() <= 76), "a line over 75 octets");
        assert!(out.contains("\r\n") && !out.replace("\r\n", "").contains('\n'));
        let b = Rolo::new();
        let f = b.dir.path().join("all.vcf");
        std::fs::write(&f, &out).unwrap();
        b.ok(&["import", f.to_str().unwrap()]);
        assert_eq!(names(&a), names(&b));
        for who in ["anna@acme.pl", "aevar@x.is"] {
            let (x, y) = (profile(&a, who), profile(&b, who));
            assert_eq!(x, y, "vCard {v} round trip of {who}");
            // And rolo's own fields, which other clients ignore.
            for key in ["uid", "needs", "owner", "cadence_days"] {
                assert_eq!(
                    a.show(who)["customer"][key],
                    b.show(who)["customer"][key],
                    "vCard {v}: {key} of {who}"
                );
            }
        }
    }
}

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
fn merging_a_person_and_an_organization_needs_force() {
    let r = Rolo::new();
    r.ok(&["add", "Müller GmbH", "--kind", "org"]);
    r.ok(&[
        "add",
        "Jürgen Müller",
        "--org",
        "Müller GmbH",
        "--email",
        "j@mueller.example",
    ]);
    let before = r.ok(&["list", "--json"]);
    let out = r.fails(&["merge", "#1", "#2"], 2);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: #2 Jürgen Müller is a person and #1 Müller GmbH an organization; nothing was merged (add --force if that is meant)\n"
    );
    assert_eq!(r.ok(&["list", "--json"]), before, "nothing changed");
    r.ok(&["merge", "#1", "#2", "--force"]);
    assert_eq!(
        r.show("#1")["customer"]["contacts"][0]["value"],
        "j@mueller.example"
    );
}

#[test]
fn dupes_merge_and_undo() {
    let r = Rolo::seeded();
    r.ok(&[
        "add",
        "A. Kowalska",
        "--phone",
        "+48600100200",
        "--title",
        "CFO",
    ]);
    r.ok(&["log", "a. kowalska", "meeting", "Met at the fair"]);
    let d = r.json(&["dupes"]);
    assert_eq!(d[0]["reasons"], json!(["phone"]));
    assert_eq!(d[0]["values"], json!(["+48 600 100 200 / +48600100200"]));
    let keep = d[0]["keep"][0].as_i64().unwrap();
    let other = d[0]["other"][0].as_i64().unwrap();
    let before = r.data_snapshot();
    let m = r.json(&["merge", &format!("#{keep}"), &format!("#{other}")]);
    assert_eq!(m["merged"]["interactions"], 1);
    let anna = r.show(&format!("#{keep}"));
    assert_eq!(anna["customer"]["title"], "CFO");
    assert_eq!(anna["history_total"], 3);
    r.fails(&["show", &format!("#{other}")], 2);
    r.ok(&["undo"]);
    assert_eq!(before, r.data_snapshot());
    let err = r.refused(&["merge", "#1", "#1"], 2);
    assert!(err.contains("are the same customer"), "{err}");
}

#[test]
fn dossier_reads_and_imports_by_merging() {
    let a = Rolo::seeded();
    let f = a.dir.path().join("anna.md");
    a.ok(&["dossier", "anna", "kow", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    // The person first; the JSON for `rolo import` last, as a code block.
    assert!(
        md.starts_with(
            "<!-- rolo dossier: for `rolo import`, the customer's data is at the end, as JSON -->\n\n# Anna Kowalska\n"
        ),
        "{md}"
    );
    let block = md
        .find("\n```json rolo-dossier\n{\n  \"format\": \"rolo-dossier\"")
        .unwrap();
    assert!(block > md.find("## History").unwrap(), "{md}");
    assert!(md.ends_with("\n}\n```\n"), "{md}");
    assert!(
        md.contains("## Open follow-ups\n\n- 2026-11-27: Send demo link\n"),
        "{md}"
    );
    let b = Rolo::new();
    let rep = b.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["history"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(profile(&a, "anna kow"), profile(&b, "anna kow"));
    let rep = b.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["unchanged"].as_u64(),
            rep["history"].as_u64()
        ),
        (Some(0), Some(0), Some(2), Some(0))
    );
    // Into the colleague's database where Anna exists under another UID: merged by email.
    let c = Rolo::new();
    c.ok(&["add", "Anna K.", "--email", "anna@acme.pl"]);
    let rep = c.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["merged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(rep["merges"][0]["by"], "email");
    assert_eq!(c.show("anna@acme.pl")["history_total"], 2);

    // Found by its first line under any name; the earlier layout (JSON front matter) still
    // imports; a dossier cut short says what is missing and imports nothing.
    let json = &md[block + "\n```json rolo-dossier\n".len()..md.len() - "\n```\n".len()];
    let d = Rolo::new();
    let txt = d.dir.path().join("anna.txt");
    std::fs::write(&txt, &md).unwrap();
    assert_eq!(d.json(&["import", txt.to_str().unwrap()])["created"], 2);
    let e = Rolo::new();
    let old = e.dir.path().join("old.md");
    std::fs::write(&old, format!("---\n{json}\n---\n\n# Anna Kowalska\n")).unwrap();
    let rep = e.json(&["import", old.to_str().unwrap()]);
    assert_eq!(
        (rep["format"].as_str(), rep["created"].as_u64()),
        (Some("dossier"), Some(2))
    );
    assert_eq!(profile(&a, "anna kow"), profile(&e, "anna kow"));
    let cut = e.dir.path().join("cut.md");
    std::fs::write(&cut, &md[..md.len() - 200]).unwrap();
    let before = e.data_snapshot();
    let err = e.refused(&["import", cut.to_str().unwrap()], 1);
    assert!(
        err.contains("cut.md: no customer data for rolo in it (`rolo dossier` ends a dossier with a ```json rolo-dossier block; was it cut short?)"),
        "{err}"
    );
    assert_eq!(e.data_snapshot(), before);
}

#[test]
fn a_directory_imports_as_a_vdir_of_vcards_in_one_change() {
    let r = Rolo::new();
    let vdir = r.dir.path().join("contacts");
    std::fs::create_dir_all(vdir.join("sub")).unwrap();
    std::fs::copy(fixture("v30.vcf"), vdir.join("a.vcf")).unwrap();
    std::fs::copy(fixture("v40.vcf"), vdir.join("b.VCF")).unwrap();
    std::fs::write(vdir.join("notes.txt"), "not a card").unwrap();
    std::fs::copy(fixture("v21.vcf"), vdir.join("sub").join("c.vcf")).unwrap();
    let dir = vdir.to_str().unwrap();
    let rep = r.json(&["import", dir]);
    assert_eq!(rep["format"], "vcard");
    // The same people as the two files imported one by one (the subdirectory and the
    // text file are not read).
    let one_by_one = Rolo::new();
    import(&one_by_one, "v30.vcf", &[]);
    import(&one_by_one, "v40.vcf", &[]);
    assert_eq!(names(&r), names(&one_by_one));
    // One change: one undo takes the whole directory back.
    r.ok(&["undo"]);
    assert_eq!(names(&r), Vec::<String>::new());

    // A broken card in any file names that file and imports nothing.
    std::fs::copy(fixture("truncated.vcf"), vdir.join("c.vcf")).unwrap();
    let err = r.refused(&["import", dir], 1);
    assert!(
        err.contains("c.vcf: line 6 (record 2), field `END`: the card is truncated"),
        "{err}"
    );
    // With --skip-bad the report says which file each record came from.
    let out = r.ok(&["import", dir, "--skip-bad", "--dry-run"]);
    assert!(out.contains("  create a.vcf line 1: "), "{out}");
    assert!(
        out.contains("  skipped c.vcf: line 6 (record 2), field `END`"),
        "{out}"
    );
    let empty = r.dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = r.refused(&["import", empty.to_str().unwrap()], 1);
    assert!(err.contains("no .vcf file in it"), "{err}");
    let err = r.refused(&["import", dir, "--format", "csv"], 2);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_large_import_is_one_undoable_change_with_search_and_dupes_right() {
    // 12,000 records (2.4 MB): many batches of multi-row writes, range-journaled, the
    // indexes of empty tables and the FTS entries built at the end. It must look exactly
    // like a small import to the user.
    let r = Rolo::new();
    r.ok(&["add", "Existing Person", "--email", "p7@example.com"]);
    let before = r.data_snapshot();
    let mut csv =
        String::from("First Name,Last Name,Organization Name,Notes,E-mail 1 - Value,Labels\n");
    for i in 0..12_000 {
        csv.push_str(&format!(
            "Name{i},Surname{},Firm {},\"Prefers {} padding padding padding padding padding padding padding padding padding padding padding padding padding padding\",p{i}@example.com,* myContacts ::: Lead\n",
            i % 37,
            i % 50,
            if i == 4242 { "zeppelins" } else { "email" }
        ));
    }
    let file = r.dir.path().join("big.csv");
    std::fs::write(&file, &csv).unwrap();
    let f = file.to_str().unwrap();
    let dry = r.json(&["import", f, "--dry-run"]);
    assert_eq!(
        (dry["created"].as_u64(), dry["merged"].as_u64()),
        (Some(11_999), Some(1))
    );
    assert_eq!(r.data_snapshot(), before, "a dry run writes nothing");
    let rep = r.json(&["import", f]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["orgs_created"].as_u64()
        ),
        (Some(11_999), Some(1), Some(50))
    );
    // Matched the existing customer by email; found by the imported note.
    assert_eq!(rep["merges"][0]["into"], 1);
    let hits = r.json(&["search", "zeppelins"]);
    assert_eq!(
        hits["hits"][0]["customer_name"], "Name4242 Surname24",
        "{hits}"
    );
    assert_eq!(
        r.json(&["list", "--tag", "lead", "--limit", "20000"])["customers"]
            .as_array()
            .unwrap()
            .len(),
        12_000
    );
    let doctor = r.ok(&["doctor"]);
    assert!(!doctor.contains("fixed"), "{doctor}");
    // A second import of the same file finds everything already there: nothing is
    // written, and no undo step is left that would undo nothing.
    let again = r.json(&["import", f]);
    assert_eq!(
        (
            again["created"].as_u64(),
            again["merged"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(12_000))
    );
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), before);
    assert_eq!(r.json(&["search", "zeppelins"])["hits"], json!([]));
}

/// Writes `bytes` as `name` in the rolo's directory; its path.
fn scratch(r: &Rolo, name: &str, bytes: &[u8]) -> String {
    let f = r.dir.path().join(name);
    std::fs::write(&f, bytes).unwrap();
    f.to_str().unwrap().to_string()
}

#[test]
fn an_unclosed_quote_refuses_the_whole_file_even_with_skip_bad() {
    let r = Rolo::seeded();
    let mut csv = String::from("Name,Email,Notes\nA One,a1@x.com,\nB Two,b2@x.com,\"said \"\"hi\n");
    for i in 3..=200 {
        csv.push_str(&format!("N{i},n{i}@x.com,ok\n"));
    }
    let f = scratch(&r, "unclosed.csv", csv.as_bytes());
    let want = format!(
        "error: {f}: line 3: a quoted field opened here is never closed (an unmatched `\"`); \
         everything after it would be read as one value; nothing was imported \
         (close or remove the quote; --skip-bad cannot skip this)\n"
    );
    assert_eq!(r.refused(&["import", &f], 1), want);
    assert_eq!(r.refused(&["import", &f, "--skip-bad"], 1), want);
    assert_eq!(r.refused(&["import", &f, "--dry-run"], 1), want);
    // A bare quote inside an unquoted field is a character, as before.
    let f = scratch(
        &r,
        "inch.csv",
        b"Name,Notes\r\nMonitor Buyer,27\" monitor\r\n",
    );
    r.json(&["import", &f]);
    assert_eq!(r.show("monitor buyer")["customer"]["notes"], "27\" monitor");
}

#[test]
fn lines_are_counted_right_in_crlf_cr_and_lf_files() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("outlook.csv"), "--dry-run"]);
    assert!(
        out.contains("  create line 2: Jürgen Müller\n  create line 3: Zoë Smith\n"),
        "{out}"
    );
    for (eol, name) in [("\r\n", "crlf.csv"), ("\r", "cr.csv"), ("\n", "lf.csv")] {
        let csv = format!("Name,Email{eol}Anna,a@x.pl{eol}Bob,not-mail{eol}");
        let f = scratch(&r, name, csv.as_bytes());
        let err = r.refused(&["import", &f], 1);
        assert!(
            err.starts_with(&format!(
                "error: {f}: line 3 (record 2), field `Email`: `not-mail`"
            )),
            "{eol:?}: {err}"
        );
    }
}

#[test]
fn damaged_utf16_and_a_bom_against_encoding_are_refused() {
    let r = Rolo::seeded();
    let utf16 = |units: &[u16]| -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        b
    };
    let text: Vec<u16> = "Name,Email\nAnna,a@x.pl\nBob".encode_utf16().collect();
    let tail = " (the encoding its byte order mark or its bytes say); nothing was imported \
                (the file is damaged: export it again, or name its encoding with --encoding)\n";
    // An unpaired surrogate in the third line, at byte 2 + 2 * 26.
    let mut units = text.clone();
    units.extend([0xD800, u16::from(b','), u16::from(b'b'), u16::from(b'\n')]);
    let f = scratch(&r, "surrogate.csv", &utf16(&units));
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 3, byte offset 54: an unpaired surrogate (0xD800) is not valid \
             UTF-16LE{tail}"
        )
    );
    // An odd number of bytes.
    let mut bytes = utf16(&text);
    bytes.push(b'x');
    let f = scratch(&r, "odd.csv", &bytes);
    let err = r.refused(&["import", &f, "--skip-bad"], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 3, byte offset 54: the file ends in half a UTF-16LE code unit \
             (an odd number of bytes){tail}"
        )
    );
    // A vCard too.
    let card: Vec<u16> = "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n"
        .encode_utf16()
        .chain([0xDC00])
        .collect();
    let f = scratch(&r, "bad.vcf", &utf16(&card));
    let err = r.refused(&["import", &f], 1);
    assert!(
        err.ends_with(&format!(
            "line 4, byte offset 62: an unpaired surrogate (0xDC00) is not valid UTF-16LE{tail}"
        )),
        "{err}"
    );
    // A UTF-16 byte order mark, and --encoding says otherwise.
    let f = scratch(&r, "bom.csv", &utf16(&text));
    let err = r.refused(&["import", &f, "--encoding", "windows-1250"], 2);
    assert_eq!(
        err,
        format!(
            "error: {f}: the file starts with a UTF-16LE byte order mark, but --encoding says \
             windows-1250; nothing was imported (leave --encoding out, or name the encoding the \
             mark says: --encoding utf-16le)\n"
        )
    );
    let rep = r.json(&["import", &f, "--encoding", "utf-16le", "--dry-run"]);
    assert_eq!(rep["created"], 2);
}

#[test]
fn a_forced_encoding_the_bytes_are_not_in_is_refused() {
    let r = Rolo::seeded();
    let hint = " (the encoding given with --encoding); nothing was imported (leave --encoding \
                out to have the encoding detected, or name the right one, e.g. --encoding windows-1250)\n";
    let f = fixture("semicolon_cp1250.csv");
    let err = r.refused(&["import", &f, "--encoding", "utf-8"], 1);
    assert_eq!(
        err,
        format!("error: {f}: line 1, byte offset 3: byte 0xEA is not valid UTF-8{hint}")
    );
    let err = r.refused(&["import", &f, "--encoding", "utf-16le"], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 1, byte offset 112: the file ends in half a UTF-16LE code unit \
             (an odd number of bytes){hint}"
        )
    );
    let f = fixture("v21.vcf");
    let err = r.refused(&["import", &f, "--encoding", "utf-8"], 1);
    assert_eq!(
        err,
        format!("error: {f}: line 16, byte offset 377: byte 0xE9 is not valid UTF-8{hint}")
    );
    // The right one, or none, imports.
    let rep = import(
        &r,
        "semicolon_cp1250.csv",
        &["--encoding", "cp1250", "--dry-run"],
    );
    assert_eq!(rep["created"], 2);
    let rep = import(&r, "google_new.csv", &["--encoding", "utf-8"]);
    assert_eq!(rep["created"], 4);
    assert_eq!(
        r.show("dmitry@example.ru")["customer"]["name"],
        "Дмитрий Иванов"
    );
}

#[test]
fn imports_that_find_nothing_fail_and_write_no_undo_step() {
    let r = Rolo::seeded();
    let mut bin: Vec<u8> = (0..2048u32).map(|i| (i * 37 % 251) as u8).collect();
    bin[100] = 0;
    bin[10] = 0x1b;
    let f = scratch(&r, "bin.vcf", &bin);
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: not a text file (it has NUL bytes near its start); rolo imports CSV, vCard, \
             its JSON backup and dossiers (a UTF-16 file without a BOM: name it with --encoding utf-16le or utf-16be)\n"
        )
    );
    let f = scratch(&r, "header.csv", b"Name,Email\r\n\r\n");
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: no contacts found; nothing was imported (a header and no rows under it)\n"
        )
    );
    r.refused(&["import", &f, "--dry-run"], 1);
    let g = fixture("google_new.csv");
    let err = r.refused(&["import", &g, "--format", "vcard"], 1);
    assert_eq!(
        err,
        format!(
            "error: {g}: no contacts found; nothing was imported (no BEGIN:VCARD in it; \
             if it is a CSV file, leave --format out or use --format csv)\n"
        )
    );
    for (name, bytes) in [
        ("empty.csv", &b""[..]),
        ("blank.csv", b"\r\n \n"),
        ("empty.vcf", b""),
    ] {
        let f = scratch(&r, name, bytes);
        let err = r.refused(&["import", &f], 1);
        assert_eq!(
            err,
            format!("error: {f}: the file is empty; nothing was imported\n")
        );
    }
    // A header of junk is listed short and safe.
    let junk: Vec<String> = (0..100)
        .map(|i| format!("junk{i}\x1b[31m{}", "x".repeat(60)))
        .collect();
    let f = scratch(
        &r,
        "junk.csv",
        format!("{}\n1,2\n", junk.join(",")).as_bytes(),
    );
    let err = r.refused(&["import", &f], 2);
    assert!(
        err.contains(&format!(
            "the columns are: `junk0␛[31m{x}…`, `junk1␛[31m{x}…`,",
            x = "x".repeat(30)
        )) && err.contains("`junk11␛[31mxxxx")
            && err.contains("…`, … (100 in all). Map one with"),
        "{err}"
    );
    assert!(
        !err.contains("junk12") && !err.contains('\x1b') && err.len() < 1200,
        "{err}"
    );
    // Every record skipped: reported, but no change and no undo step.
    let before = r.snapshot();
    let f = scratch(&r, "allbad.csv", b"Name,Email\nA,bad\n");
    let out = r.fails(&["import", &f, "--skip-bad"], 1);
    assert!(
        text(&out.stdout).starts_with(&format!("Read {f} (csv")),
        "{out:?}"
    );
    assert!(
        text(&out.stdout).ends_with("0 created, 0 merged, 1 skipped.\n  skipped line 2 (record 1), field `Email`: `bad` is not an email address (expected name@example.com)\n"),
        "{out:?}"
    );
    assert_eq!(
        text(&out.stderr),
        format!("error: {f}: every record was broken (1 skipped); nothing was imported\n")
    );
    let out = r.fails(&["import", &f, "--skip-bad", "--json"], 1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["created"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(before, r.snapshot());
}

#[test]
fn the_import_summary_says_one_organization() {
    let r = Rolo::new();
    let f = fixture("semicolon_cp1250.csv");
    let out = r.ok(&["import", &f]);
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "Imported {f} (csv, windows-1250): 2 created, 0 merged, 0 skipped; 1 organization created."
        )
    );
    let f = scratch(&r, "two.csv", b"Name,Company\nA,Acme\nB,Globex\n");
    let out = r.ok(&["import", &f]);
    assert!(out.contains("; 2 organizations created.\n"), "{out}");
    // The undo list says it in the same words.
    let list = r.json(&["undo", "--list"]);
    let said: Vec<&str> = list["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        said,
        [
            "import two.csv: 2 created, 0 merged; 2 organizations created",
            "import semicolon_cp1250.csv: 2 created, 0 merged; 1 organization created"
        ]
    );
}

#[test]
fn a_csv_export_reimports_to_the_same_customers() {
    let a = Rolo::new();
    a.ok(&[
        "add",
        "Acme Sp. z o.o.",
        "--kind",
        "org",
        "--email",
        "office@acme.pl",
        "--tag",
        "key",
    ]);
    a.ok(&[
        "add",
        "Anna Kowalska",
        "--org",
        "Acme Sp. z o.o.",
        "--email",
        "anna@acme.pl",
        "--email",
        "a.k@home.pl",
        "--phone",
        "+48 600 100 200",
        "--phone",
        "22 111 22 33",
        "--tag",
        "key",
        "--tag",
        "vip",
        "--cadence",
        "14d",
        "--title",
        "CTO",
        "--address",
        "ul. Długa 5, 00-001 Warszawa",
        "--owner",
        "Jan",
        "--notes",
        "Met at \"Expo\"; wants catalog\nsecond line, with a comma",
        "--needs=-20% on volume, invoices by email",
    ]);
    a.ok(&[
        "add",
        "=Eq Person",
        "--email",
        "eq@x.pl",
        "--notes=-looks like a formula",
    ]);
    a.ok(&[
        "add",
        "Bob Nowak",
        "--org",
        "Globex Ltd",
        "--phone",
        "+1 555 0100",
    ]);
    let out = a.ok(&["export", "--format", "csv"]);
    let b = Rolo::new();
    let f = scratch(&b, "customers.csv", out.as_bytes());
    let rep = b.json(&["import", &f]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["orgs_created"].as_u64(),
            rep["merged"].as_u64()
        ),
        (Some(5), Some(0), Some(0))
    );
    assert_eq!(names(&a), names(&b));
    let list = a.json(&["list", "--limit", "100"]);
    for c in list["customers"].as_array().unwrap() {
        let who = format!("#{}", c["id"]);
        assert_eq!(profile(&a, &who), profile(&b, &who), "{who}");
        let (x, y) = (&a.show(&who)["customer"], &b.show(&who)["customer"]);
        for key in ["uid", "owner", "cadence_days", "org_id", "needs"] {
            assert_eq!(x[key], y[key], "{who} {key}");
        }
    }
    assert_eq!(b.show("eq@x.pl")["customer"]["name"], "=Eq Person");
    assert_eq!(
        b.show("eq@x.pl")["customer"]["notes"],
        "-looks like a formula"
    );
    // The measures are not dumped into the notes, and a second import merges by UID.
    assert_eq!(b.show("office@acme.pl")["customer"]["notes"], "");
    let rep = b.json(&["import", &f]);
    assert_eq!(
        (rep["created"].as_u64(), rep["unchanged"].as_u64()),
        (Some(0), Some(5))
    );
    assert!(
        rep["merges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["by"] == "uid"),
        "{rep}"
    );
}

#[test]
fn csv_export_never_adds_currencies() {
    let r = Rolo::new();
    r.ok(&["add", "Multi Corp"]);
    r.ok(&["add", "Single Ltd"]);
    for (who, title, amount, cur, stage) in [
        ("multi", "a", "232600", "EUR", "won"),
        ("multi", "b", "192900", "USD", "won"),
        ("multi", "c", "1000", "EUR", "proposal"),
        ("multi", "d", "2500.50", "PLN", "proposal"),
        ("single", "e", "97700", "EUR", "won"),
    ] {
        r.ok(&["deal", who, title, amount, cur, "--stage", stage]);
    }
    let csv = r.ok(&["export", "--format", "csv"]);
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let recs: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let get = |i: usize, name: &str| recs[i][col(name)].to_string();
    assert_eq!(
        [
            get(0, "won_value"),
            get(0, "won_currency"),
            get(0, "open_pipeline"),
            get(0, "open_currency"),
        ],
        [
            "232600.00 EUR; 192900.00 USD",
            "mixed",
            "1000.00 EUR; 2500.50 PLN",
            "mixed"
        ]
    );
    assert_eq!(
        [
            get(1, "won_value"),
            get(1, "won_currency"),
            get(1, "open_pipeline"),
            get(1, "open_currency"),
        ],
        ["97700.00", "EUR", "", ""]
    );
    // The list shows no added-up number either.
    let list = r.json(&["list", "--sort", "value"]);
    assert_eq!(list["customers"][0]["name"], "Multi Corp");
    assert_eq!(list["customers"][0]["won_minor"], 0);
    assert_eq!(list["customers"][0]["won_currency"], "mixed");
}

/// Runs `rolo --db … args` with standard output on a pseudo-terminal (util-linux `script`);
/// `None` where `script` is missing.
fn on_a_terminal(r: &Rolo, args: &[&str]) -> Option<(String, String)> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = vec![
        quote(env!("CARGO_BIN_EXE_rolo")),
        "--db".into(),
        quote(r.db.to_str().unwrap()),
    ];
    line.extend(args.iter().map(|a| quote(a)));
    let out = std::process::Command::new("script")
        .args(["-qec", &line.join(" "), "/dev/null"])
        .env("ROLO_TODAY", crate::cli::TODAY)
        .env("ROLO_CONFIG", r.config_path())
        .env("TZ", "UTC")
        .env_remove("ROLO_DB")
        .output()
        .ok()?;
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // `script` puts stdout and stderr on the same terminal.
    let all = String::from_utf8(out.stdout).unwrap().replace('\r', "");
    Some((all, String::from_utf8(out.stderr).unwrap()))
}

#[test]
fn exports_never_carry_controls_to_a_terminal() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Evil\u{1b}[2J\u{7}",
        "--org",
        "Org\u{1b}]0;pwned\u{7}",
    ]);
    r.ok(&["follow", "evil", "tomorrow", "Call \u{1b}[31mnow\u{202e}"]);
    // vCard and iCalendar never hold raw controls or bidi overrides, even in a file.
    let vcf = r.ok(&["export", "--format", "vcard"]);
    let ics = r.ok(&["export", "--format", "ics"]);
    for (what, out) in [("vcard", &vcf), ("ics", &ics)] {
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| (c.is_control() && c != '\r' && c != '\n') || c == '\u{202e}')
            .collect();
        assert!(bad.is_empty(), "{what}: {bad:?} in {out:?}");
    }
    assert!(
        vcf.contains("\r\nFN:Evil[2J\r\nN:Evil[2J;;;;\r\nORG:Org]0\\;pwned\r\n"),
        "{vcf:?}"
    );
    assert!(
        ics.contains("\r\nSUMMARY:Call [31mnow — Evil[2J\r\n"),
        "{ics:?}"
    );
    // CSV and JSON into a pipe: the exact data.
    let csv = r.ok(&["export", "--format", "csv"]);
    assert!(
        csv.contains(",person,Evil\u{1b}[2J\u{7},Org\u{1b}]0;pwned\u{7},"),
        "{csv:?}"
    );
    let json = r.ok(&["export", "--format", "json"]);
    assert!(json.contains(r#""what": "Call \u001b[31mnow"#), "{json}");
    assert!(json.contains("now\u{202e}\""), "{json}");
    // On a terminal: CSV sanitized with a note, JSON with the rest escaped too.
    let Some((csv, _)) = on_a_terminal(&r, &["export", "--format", "csv"]) else {
        eprintln!("note: `script` is missing; skipping the terminal half");
        return;
    };
    assert!(csv.contains(",person,Evil␛[2J␇,Org␛]0;pwned␇,"), "{csv:?}");
    assert!(
        csv.contains("note: control characters in the data are shown as symbols"),
        "{csv:?}"
    );
    let (json, _) = on_a_terminal(&r, &["export", "--format", "json"]).unwrap();
    assert!(
        json.contains(r#""what": "Call \u001b[31mnow\u202e""#),
        "{json}"
    );
    let (vcf, _) = on_a_terminal(&r, &["export", "--format", "vcard"]).unwrap();
    assert!(vcf.contains("\nFN:Evil[2J\n"), "{vcf:?}");
    for out in [&csv, &json, &vcf] {
        assert!(!out.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{out:?}");
    }
}

#[test]
fn export_out_names_the_file_and_its_extension_gives_the_format() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--email", "anna@acme.pl"]);
    let dir = r.dir.path();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    // A missing directory: the file asked for, not the temporary one.
    let missing = path("nodir/x.csv");
    let out = r.fails(&["export", "--out", &missing], 1);
    assert_eq!(
        crate::cli::text(&out.stderr),
        format!("error: cannot write `{missing}`: no such directory\n")
    );
    std::fs::write(dir.join("plain"), "").unwrap();
    let under_file = path("plain/x.csv");
    let out = r.fails(&["export", "--format", "csv", "--out", &under_file], 1);
    assert_eq!(
        crate::cli::text(&out.stderr),
        format!("error: cannot write `{under_file}`: its parent is not a directory\n")
    );
    assert!(!dir.join("nodir").exists());
    // The extension names the format; --format wins over it.
    for (name, start) in [
        ("a.json", "{"),
        ("a.csv", "id,uid,kind,name,"),
        ("a.VCF", "BEGIN:VCARD\r\n"),
        ("a.vcard", "BEGIN:VCARD\r\n"),
        ("a.ics", "BEGIN:VCALENDAR\r\n"),
    ] {
        r.ok(&["export", "--out", &path(name)]);
        let written = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(written.starts_with(start), "{name}: {written}");
    }
    r.ok(&["export", "--format", "csv", "--out", &path("b.json")]);
    assert!(
        std::fs::read_to_string(dir.join("b.json"))
            .unwrap()
            .starts_with("id,uid,")
    );
    // Neither says it: a usage error that names the choices.
    let txt = path("a.txt");
    let out = r.fails(&["export", "--out", &txt], 2);
    assert_eq!(
        crate::cli::text(&out.stderr),
        format!(
            "error: cannot tell the format from `{txt}`: add --format json|csv|vcard|ics, or \
             end the name in .json, .csv, .vcf or .ics\n"
        )
    );
    let out = r.fails(&["export"], 2);
    assert_eq!(
        crate::cli::text(&out.stderr),
        "error: say which format: --format json|csv|vcard|ics, or an --out name ending in \
         .json, .csv, .vcf or .ics\n"
    );
    assert!(!dir.join("a.txt").exists());
}

#[test]
fn show_displays_a_stored_birthday() {
    let r = Rolo::new();
    import(&r, "google_new.csv", &[]);
    let out = r.ok(&["show", "lucja@acme.pl"]);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("birthday")).collect();
    assert_eq!(lines, ["  birthday 14 May 1980"], "{out}");
    assert_eq!(
        r.show("lucja@acme.pl")["customer"]["birthday"],
        "1980-05-14"
    );
    // Without one, no line.
    r.ok(&["add", "Nobody Special"]);
    assert!(!r.ok(&["show", "nobody"]).contains("birthday"));
}

#[test]
fn dossier_lists_follow_ups_soonest_first_and_history_newest_first() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    r.ok(&["follow", "anna", "2026-12-10", "Check in"]);
    r.ok(&[
        "do",
        "follow anna 2026-12-10 9:30 \"Call at half past nine\"",
    ]);
    // Planned on 1 Nov for 3 Nov: overdue now.
    let out = r
        .cmd()
        .env("ROLO_TODAY", "2026-11-01")
        .args(["follow", "anna", "2026-11-03", "Send the offer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    r.ok(&["log", "anna", "call", "Today's call"]);
    // Logged after, happened before.
    r.ok(&[
        "log",
        "anna",
        "meeting",
        "The first meeting",
        "--at",
        "2026-10-01",
    ]);
    r.ok(&[
        "log",
        "anna",
        "email",
        "Last week's email",
        "--at",
        "2026-11-16",
    ]);
    let md = r.ok(&["dossier", "anna"]);
    let section = |title: &str| -> Vec<String> {
        let start = md.find(&format!("## {title}\n\n")).unwrap() + title.len() + 5;
        md[start..]
            .lines()
            .take_while(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        section("Open follow-ups"),
        [
            "- 2026-11-03: Send the offer",
            "- 2026-12-10 09:30: Call at half past nine",
            "- 2026-12-10: Check in",
        ]
    );
    assert_eq!(
        section("History"),
        [
            "- 2026-11-23 call (out): Today's call",
            "- 2026-11-16 email (out): Last week's email",
            "- 2026-10-01 meeting (out): The first meeting",
        ]
    );
}

#[test]
fn a_column_map_for_a_file_without_columns_is_refused() {
    let r = Rolo::seeded();
    let vcf = fixture("v21.vcf");
    let err = r.refused(&["import", &vcf, "--map", "Full name=name"], 2);
    assert_eq!(
        err,
        format!("error: --map names CSV columns, and `{vcf}` is a vCard file; leave --map out\n")
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
        err.contains(": interactions[0]: invalid type: integer `7`, expected a string (line "),
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
fn export_filters_choose_customers_as_list_does() {
    let r = Rolo::seeded();
    r.ok(&["add", "Bob Vip", "--email", "bob@vip.pl", "--tag", "key"]);
    r.ok(&["follow", "anna nowak", "2026-12-02", "Ask about budget"]);
    let dir = r.dir.path();
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    // vCard of one tag: Anna Kowalska and Bob.
    let out = r
        .cmd()
        .args(["export", "--tag", "key", "--out", &path("key.vcf")])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        crate::cli::text(&out.stderr),
        format!(
            "Wrote the vCards of the 2 customers chosen to {}\n",
            path("key.vcf")
        )
    );
    let cards = std::fs::read_to_string(dir.join("key.vcf")).unwrap();
    let names: Vec<&str> = cards
        .lines()
        .filter_map(|l| l.strip_prefix("FN:"))
        .collect();
    assert_eq!(names, ["Anna Kowalska", "Bob Vip"]);
    // CSV of the organizations only.
    let csv = r.ok(&["export", "--format", "csv", "--kind", "org"]);
    let rows: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(rows, ["Acme Sp. z o.o."]);
    // iCalendar: only the chosen customers' open follow-ups.
    let ics = r.ok(&["export", "--format", "ics", "--name", "nowak"]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("SUMMARY:Ask about budget"), "{ics}");
    let all = r.ok(&["export", "--format", "ics"]);
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 2, "{all}");
    // Refused, writing nothing: a backup is whole; a tag nobody has; nobody matching.
    let err = r.refused(
        &[
            "export",
            "--format",
            "json",
            "--tag",
            "key",
            "--out",
            &path("k.json"),
        ],
        2,
    );
    assert!(err.contains("a JSON export is the whole database"), "{err}");
    let err = r.refused(&["export", "--tag", "golf", "--out", &path("g.vcf")], 2);
    assert!(
        err.contains("no customer has the tag `golf`; tags in use: key"),
        "{err}"
    );
    let err = r.refused(
        &[
            "export",
            "--tag",
            "key",
            "--kind",
            "org",
            "--out",
            &path("n.csv"),
        ],
        2,
    );
    assert!(
        err.contains("no customer matches those filters; nothing was written"),
        "{err}"
    );
    for name in ["k.json", "g.vcf", "n.csv"] {
        assert!(!dir.join(name).exists(), "{name}");
    }
}

#[test]
fn impossible_birthdays_are_refused_naming_field_and_record() {
    let r = Rolo::seeded();
    let tail = "; nothing was imported (fix the record, or pass --skip-bad to import the rest)\n";
    let card = |name: &str, bday: &str| {
        format!("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{name}\r\nBDAY:{bday}\r\nEND:VCARD\r\n")
    };
    for (bday, why) in [
        ("--1301", "there is no month 13"),
        ("99999-01-01", "year 99999 is out of range (1 to 9999)"),
        ("1980-01-32", "month 1 has no day 32"),
    ] {
        let f = scratch(
            &r,
            "bday.vcf",
            format!("{}{}", card("Ok One", "--0514"), card("Bad Two", bday)).as_bytes(),
        );
        let err = r.refused(&["import", &f], 1);
        assert_eq!(
            err,
            format!(
                "error: {f}: line 9 (record 2), field `BDAY`: `{bday}` is not a date: {why}{tail}"
            )
        );
    }
    let f = scratch(
        &r,
        "bday.csv",
        b"Name,Birthday\nOk,1980-05-14\nBad,1980-13-01\n",
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 3 (record 2), field `Birthday`: `1980-13-01` is not a date: \
             there is no month 13{tail}"
        )
    );
}

/// The seeded database's backup, changed by `edit`, written to `name`.
fn edited_backup(r: &Rolo, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let f = r.dir.path().join(name);
    let f = f.to_str().unwrap().to_string();
    let src = Rolo::seeded();
    let whole = src.dir.path().join("whole.json");
    src.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        whole.to_str().unwrap(),
    ]);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&whole).unwrap()).unwrap();
    edit(&mut v);
    // In rolo's order (a `Value` sorts its keys): `format` and `version` first.
    let mut text = String::from("{\"format\": \"rolo-backup\", \"version\": 1");
    for list in ["customers", "deals", "interactions", "follow_ups"] {
        let rows = serde_json::to_string_pretty(&v[list]).unwrap();
        text.push_str(&format!(",\n\"{list}\": {rows}"));
    }
    text.push_str("}\n");
    std::fs::write(&f, text).unwrap();
    f
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
            "error: {f}: customers[1]: invalid value: integer `18446744073709551615`, expected i64 (line "
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
fn a_broken_dossier_block_names_the_line_of_the_file() {
    let a = Rolo::seeded();
    let f = a.dir.path().join("anna.md");
    a.ok(&["dossier", "anna", "kow", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    let line = md
        .lines()
        .position(|l| l.trim_start().starts_with("\"summary\""))
        .unwrap()
        + 1;
    let broken: String = md
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("\"summary\"") {
                format!("{}\n", l.replacen("\"summary\": \"", "\"summary\": ", 1))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let g = scratch(&a, "broken.md", broken.as_bytes());
    let r = Rolo::new();
    let err = r.refused(&["import", &g], 1);
    assert!(
        err.starts_with(&format!(
            "error: {g}: interactions[0]: expected value (line {line}, column "
        )),
        "{err}"
    );
}

#[test]
fn values_in_import_errors_are_cut_at_60_characters_and_sanitized() {
    let r = Rolo::seeded();
    let long = format!("\u{1b}]0;pwned\u{7}{}\u{202e}@", "x".repeat(200));
    let shown = format!("␛]0;pwned␇{}…", "x".repeat(50));
    let f = scratch(
        &r,
        "long.csv",
        format!("Name,Email\nAnna,\"{long}\"\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 2 (record 1), field `Email`: `{shown}` is not an email address \
             (expected name@example.com); nothing was imported (fix the record, or pass \
             --skip-bad to import the rest)\n"
        )
    );
    // In --json, the same words.
    let out = r.fails(&["import", &f, "--json"], 1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains(&format!("`{shown}` is not an email address")),
        "{v}"
    );
    let name = "N".repeat(300);
    let f = scratch(&r, "name.csv", format!("Name\n{name}\n").as_bytes());
    let err = r.refused(&["import", &f], 1);
    assert!(
        err.contains(&format!(
            "field `name`: `{}…` is longer than 200 characters",
            "N".repeat(60)
        )),
        "{err}"
    );
}

#[test]
fn records_and_values_past_the_limits_are_refused() {
    let r = Rolo::seeded();
    // More than 100 000 fields in a record.
    let f = scratch(
        &r,
        "wide.csv",
        format!("Name,Email\nAnna,a@x.pl\nBob{}\n", ",".repeat(100_000)).as_bytes(),
    );
    let err = r.refused(&["import", &f, "--skip-bad"], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 3: the record there has more than 100000 fields; nothing was \
             imported (a record is one contact: is this a CSV file of contacts?)\n"
        )
    );
    let too_long = |line: usize| {
        format!(
            "line {line}: a value there is longer than 1 MiB (1048576 bytes); nothing was \
             imported (no contact's value is that long: is the file broken?)\n"
        )
    };
    // A field of more than 1 MiB.
    let big = "x".repeat((1 << 20) + 1);
    let f = scratch(
        &r,
        "big.csv",
        format!("Name,Notes\nAnna,ok\nBob,\"{big}\"\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(err, format!("error: {f}: {}", too_long(3)));
    // A vCard line, or one folded over many lines.
    let card = |body: &str| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\n{body}END:VCARD\r\n");
    let f = scratch(&r, "big.vcf", card(&format!("NOTE:{big}\r\n")).as_bytes());
    let err = r.refused(&["import", &f], 1);
    assert_eq!(err, format!("error: {f}: {}", too_long(4)));
    let folded = format!(" {}\r\n", "y".repeat(70)).repeat(20_000);
    let f = scratch(
        &r,
        "folded.vcf",
        card(&format!("NOTE:n\r\n{folded}")).as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(err, format!("error: {f}: {}", too_long(4)));
    // A photo of any size is skipped, as before.
    let f = scratch(
        &r,
        "photo.vcf",
        card(&format!(
            "PHOTO;ENCODING=b;TYPE=JPEG:{big}{big}\r\nEMAIL:bob@x.pl\r\n"
        ))
        .as_bytes(),
    );
    let rep = r.json(&["import", &f, "--dry-run"]);
    assert_eq!(rep["created"], 1);
}

#[test]
fn names_emails_and_phones_past_their_lengths_are_refused_in_every_format() {
    let r = Rolo::seeded();
    let tail = "; nothing was imported (fix the record, or pass --skip-bad to import the rest)\n";
    let long_name = "N".repeat(201);
    let long_email = format!("{}@example.com", "e".repeat(250));
    let long_phone = "1".repeat(65);
    let cut = |s: &str| format!("{}…", &s[..60]);
    let f = scratch(
        &r,
        "long.csv",
        format!("Name,Email\nAnna,{long_email}\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 2 (record 1), field `Email`: `{}` is longer than 254 characters, \
             too long for an email address{tail}",
            cut(&long_email)
        )
    );
    let f = scratch(
        &r,
        "long.vcf",
        format!("BEGIN:VCARD\r\nFN:{long_name}\r\nEND:VCARD\r\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 1 (record 1), field `FN`: `{}` is longer than 200 characters{tail}",
            cut(&long_name)
        )
    );
    let f = scratch(
        &r,
        "org.csv",
        format!("Name,Company\nAnna,{long_name}\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 2 (record 1), field `organization`: `{}` is longer than 200 \
             characters{tail}",
            cut(&long_name)
        )
    );
    let f = scratch(
        &r,
        "phone.vcf",
        format!("BEGIN:VCARD\r\nFN:Bob\r\nTEL:{long_phone}\r\nEND:VCARD\r\n").as_bytes(),
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: line 3 (record 1), field `TEL`: `{}` is longer than 64 characters, \
             too long for a phone number{tail}",
            cut(&long_phone)
        )
    );
    // A backup (and so a dossier, restored the same way).
    let b = Rolo::new();
    let btail = "; nothing was imported (fix the record in the file)\n";
    let f = edited_backup(&b, "name.json", |v| {
        v["customers"][0]["name"] = json!(long_name);
    });
    let err = b.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: customers[0].name: `{}` is longer than 200 characters{btail}",
            cut(&long_name)
        )
    );
    let f = edited_backup(&b, "email.json", |v| {
        v["customers"][1]["contacts"][0]["value"] = json!(long_email);
    });
    let err = b.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: customers[1].contacts[0].value: `{}` is longer than 254 characters, \
             too long for an email address{btail}",
            cut(&long_email)
        )
    );
}

#[test]
fn control_characters_anywhere_in_a_value_are_stripped_before_they_are_stored() {
    let r = Rolo::new();
    // Far past the first kilobyte, where the binary check looks.
    let mut csv = String::from("Name,Email,Organization,Notes\n");
    for i in 0..40 {
        csv.push_str(&format!("Person {i},p{i}@x.pl,,padding padding padding\n"));
    }
    csv.push_str(
        "\"Ev\u{0}il\u{1b}[2J Name\",ev\u{7}il@x.pl,Acme\u{9b}31m,\"line one\r\nline\u{0} two\ttab\u{7f}\"\n",
    );
    assert!(csv.find('\u{0}').unwrap() > 1024);
    let f = scratch(&r, "controls.csv", csv.as_bytes());
    let rep = r.json(&["import", &f]);
    assert_eq!(rep["created"], 41);
    let c = &r.show("evil@x.pl")["customer"];
    assert_eq!(
        (&c["name"], &c["org_name"], &c["notes"]),
        (
            &json!("Evil[2J Name"),
            &json!("Acme31m"),
            &json!("line one\nline two\ttab")
        )
    );
    assert_eq!(c["contacts"][0]["value"], "evil@x.pl");
    // A backup too.
    let b = Rolo::new();
    let f = edited_backup(&b, "controls.json", |v| {
        v["customers"][0]["notes"] = json!("a\u{0}b\u{1b}c");
        v["interactions"][0]["summary"] = json!("s\u{0}um\u{85}mary");
    });
    b.ok(&["import", &f]);
    let backup = b.dir.path().join("again.json");
    b.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        backup.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(v["customers"][0]["notes"], "abc");
    assert_eq!(v["interactions"][0]["summary"], "summary");
}

#[test]
fn an_empty_vcard_in_a_directory_is_named() {
    let r = Rolo::new();
    let dir = r.dir.path().join("vdir");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.vcf"), "\r\n").unwrap();
    let d = dir.to_str().unwrap();
    let b = dir.join("b.vcf");
    let err = r.refused(&["import", d], 1);
    assert_eq!(
        err,
        format!(
            "error: {}: the file is empty; nothing was imported (remove it, or pass --skip-bad \
             to import the other files)\n",
            b.display()
        )
    );
    let out = r.ok(&["import", d, "--skip-bad"]);
    assert!(
        out.contains("1 created, 0 merged, 0 skipped.\n  skipped file b.vcf: the file is empty\n"),
        "{out}"
    );
    let rep = r.json(&["import", d, "--skip-bad", "--dry-run"]);
    assert_eq!(rep["skipped_files"], json!(["b.vcf: the file is empty"]));
    // A file with text and no card in it.
    let c = dir.join("c.vcf");
    std::fs::write(&c, "just a note\n").unwrap();
    std::fs::remove_file(&b).unwrap();
    let err = r.refused(&["import", d], 1);
    assert_eq!(
        err,
        format!(
            "error: {}: no vCard in it (no BEGIN:VCARD); nothing was imported (remove it, or \
             pass --skip-bad to import the other files)\n",
            c.display()
        )
    );
    std::fs::write(&b, "").unwrap();
    let rep = r.json(&["import", d, "--skip-bad", "--dry-run"]);
    assert_eq!(
        rep["skipped_files"],
        json!(["b.vcf: the file is empty", "c.vcf: no vCard in it"])
    );
    assert_eq!(rep["unchanged"], 1);
}

#[test]
fn import_json_output_escapes_what_a_terminal_could_act_on() {
    let r = Rolo::seeded();
    let raw_ok = |s: &str| {
        !s.chars().any(|c| {
            matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                && c != '\n'
        })
    };
    let name = "evil\u{1b}[2J\u{202e}txt.csv";
    let f = scratch(
        &r,
        name,
        "Name,Email\n\u{202e}Bob\u{2066},bob@x.pl\n".as_bytes(),
    );
    let out = r.run(&["import", &f, "--dry-run", "--json"]);
    let stdout = text(&out.stdout);
    assert!(raw_ok(&stdout), "{stdout:?}");
    assert!(stdout.contains("\\u001b[2J\\u202etxt.csv"), "{stdout}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["file"], f.as_str());
    assert_eq!(v["creates"][0]["name"], "\u{202e}Bob\u{2066}");
    // An error too.
    let g = scratch(&r, "bad\u{202e}.csv", b"Name,Email\nBob,\xc2\x9bnot-mail\n");
    let out = r.fails(&["import", &g, "--json"], 1);
    let stdout = text(&out.stdout);
    assert!(raw_ok(&stdout), "{stdout:?}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{g}: line 2")),
        "{v}"
    );
}
