//! Exports: vCard, iCalendar and CSV written and read back, `--out`, filters, terminals.

use super::{profile, scratch};
use crate::cli::Rolo;

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
    // A birthday without its year goes out as one (and comes back as the same note).
    a.ok(&[
        "add",
        "Ola Lis",
        "--email",
        "ola@x.pl",
        "--notes",
        "Likes tea\nBirthday: 1 June",
    ]);
    for v in ["4.0", "3.0"] {
        let out = a.ok(&["export", "--format", "vcard", "--vcard-version", v]);
        assert!(
            out.contains(if v == "4.0" {
                "BDAY:--0601\r\n"
            } else {
                "BDAY;X-APPLE-OMIT-YEAR=1604:1604-06-01\r\n"
            }),
            "{out}"
        );
        assert!(out.lines().all(|l| l.len() <= 76), "a line over 75 octets");
        assert!(out.contains("\r\n") && !out.replace("\r\n", "").contains('\n'));
        let b = Rolo::new();
        let f = b.dir.path().join("all.vcf");
        std::fs::write(&f, &out).unwrap();
        b.ok(&["import", f.to_str().unwrap()]);
        assert_eq!(a.names(&[]), b.names(&[]));
        for who in ["anna@acme.pl", "aevar@x.is", "ola@x.pl"] {
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

/// Two customers of one name, one with only an email and one with only a phone: rolo's
/// own vCard and CSV exports carry their UIDs, so importing them into a new book gives
/// both back, each with its own UID (the name alone merged the second into the first).
#[test]
fn namesakes_of_an_export_stay_two_when_imported() {
    let a = Rolo::new();
    a.ok(&["add", "Rhys Robinson", "--email", "rhys@x.uk"]);
    a.ok(&["add", "Rhys Robinson", "--phone", "+44 20 7946 0018"]);
    let uids = |r: &Rolo| -> Vec<String> {
        let list = r.json(&["list"]);
        list["customers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| r.show(&format!("#{}", c["id"]))["customer"]["uid"].to_string())
            .collect()
    };
    for (format, file) in [("vcard", "all.vcf"), ("csv", "all.csv")] {
        let out = a.ok(&["export", "--format", format]);
        let b = Rolo::new();
        let f = scratch(&b, file, out.as_bytes());
        let said = b.ok(&["import", &f]);
        assert!(
            said.contains(": 2 created, 0 merged, 0 skipped"),
            "{format}: {said}"
        );
        assert!(
            said.contains("Rhys Robinson (not merged: #1 has that name; `rolo merge \"#1\" \"#2\"` if it is the same person)"),
            "{format}: {said}"
        );
        assert_eq!(uids(&a), uids(&b), "{format}");
        assert_eq!(b.show("rhys@x.uk")["customer"]["id"], 1, "{format}");
        assert_eq!(b.show("+44 20 7946 0018")["customer"]["id"], 2, "{format}");
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
    assert_eq!(a.names(&[]), b.names(&[]));
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
    // (A calendar needs an event.)
    r.ok(&["follow", "anna", "fri", "Call back"]);
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
    // A directory, with or without its slash.
    std::fs::create_dir(dir.join("out")).unwrap();
    for d in [path("out"), format!("{}/", path("out"))] {
        let out = r.fails(&["export", "--format", "csv", "--out", &d], 1);
        assert_eq!(
            crate::cli::text(&out.stderr),
            format!("error: cannot write `{d}`: it is a directory; give a file name in it\n")
        );
    }
    // The extension names the format; --format wins over it.
    for (name, start) in [
        ("a.json", "{"),
        // With a byte order mark, for Excel.
        ("a.csv", "\u{feff}id,uid,kind,name,"),
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
            .starts_with("\u{feff}id,uid,")
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
            "Wrote the vCards of 2 customers chosen to {}\n",
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
fn an_export_never_replaces_the_database_and_follows_a_link_to_its_file() {
    let r = Rolo::seeded();
    let before = r.snapshot();
    let db = r.db.to_str().unwrap().to_string();
    for (format, out) in [
        ("csv", db.clone()),
        ("json", format!("{db}-wal")),
        ("vcard", format!("{}/./rolo.db", r.dir.path().display())),
    ] {
        let err = r.refused(&["export", "--format", format, "--out", &out], 1);
        assert!(
            err.contains("is the database rolo has open; give another file name"),
            "{err}"
        );
    }
    let err = r.refused(&["dossier", "anna kow", "--out", &db], 1);
    assert!(err.contains("is the database rolo has open"), "{err}");
    assert_eq!(r.snapshot(), before, "the database is as it was");
    // A link into a synced folder stays a link; its file gets the export.
    #[cfg(unix)]
    {
        let real = r.dir.path().join("synced.vcf");
        let link = r.dir.path().join("contacts.vcf");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        r.ok(&[
            "export",
            "--format",
            "vcard",
            "--out",
            link.to_str().unwrap(),
        ]);
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .starts_with("BEGIN:VCARD")
        );
    }
    // `-` is standard output, not a file named `-`.
    let out = r.ok(&["export", "--format", "csv", "--out", "-"]);
    assert!(
        out.trim_start_matches('\u{feff}')
            .starts_with("id,uid,kind,name"),
        "{out}"
    );
    assert!(!std::path::Path::new("-").exists());
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
