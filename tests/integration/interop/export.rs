//! Exports: vCard and CSV written and read back, `--out`, filters, terminals (the calendar
//! export is in `calendar.rs`).

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
