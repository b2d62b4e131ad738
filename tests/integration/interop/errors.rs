//! Files and values refused: damaged encodings, files with nothing in them, impossible values,
//! limits.

use serde_json::{Value, json};

use super::{edited_backup, fixture, import, scratch};
use crate::cli::{Rolo, text};

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
            "error: {f}: --encoding says UTF-16LE, but the file is not UTF-16 (its line breaks \
             are single bytes); it looks like windows-1250; nothing was imported (leave \
             --encoding out to have the encoding detected, or name the right one)\n"
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
    // A spreadsheet saved under a .csv name says what it is and what to do.
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00".to_vec();
    xlsx.extend_from_slice(b"[Content_Types].xml");
    let f = scratch(&r, "contacts.csv", &xlsx);
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: it looks like a spreadsheet or other zipped document (.xlsx, .ods), not \
             a text file; nothing was imported (open it in the spreadsheet program, save it as CSV \
             (UTF-8) and import that)\n"
        )
    );
    // rolo's own calendar export is no contact list.
    let f = scratch(
        &r,
        "all.ics",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    );
    let err = r.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: it is an iCalendar file; rolo writes follow-ups as one for calendar \
             apps, and does not read them back; nothing was imported (rolo imports CSV, vCard, \
             its JSON backup and dossiers)\n"
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
            && err.contains("…`, … (100 in all). If it is one, map a column with"),
        "{err}"
    );
    assert!(
        !err.contains("junk12") && !err.contains('\x1b') && err.len() < 1300,
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
fn an_8_bit_encoding_named_for_a_utf8_file_is_refused_before_it_garbles_it() {
    let r = Rolo::new();
    let f = r.dir.path().join("utf8.csv");
    std::fs::write(&f, "Name,Email\nAnna Nowak,a@x.pl\nZofia Żółć,z@x.pl\n").unwrap();
    let f = f.to_str().unwrap();
    let err = r.refused(&["import", f, "--encoding", "windows-1252"], 2);
    assert_eq!(
        err,
        format!(
            "error: {f}: the file is UTF-8 (line 3: `Żółć`), but --encoding says windows-1252, \
             which would read it as `Å»Ã³Å‚Ä‡`; nothing was imported (leave --encoding out, or \
             say --encoding utf-8)\n"
        )
    );
    assert_eq!(r.names(&[]), Vec::<String>::new());
    // ASCII alone reads the same in either: nothing to refuse.
    std::fs::write(f, "Name\nAnna Nowak\n").unwrap();
    r.ok(&["import", f, "--encoding", "windows-1252"]);
}

#[test]
fn a_dry_run_on_a_new_machine_creates_no_database() {
    let r = Rolo::new();
    let db = r.dir.path().join("not-yet/rolo.db");
    let db = db.to_str().unwrap();
    let out = r
        .bare()
        .args(["--db", db, "import", &fixture("outlook.csv"), "--dry-run"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("2 created"), "{out:?}");
    assert_eq!(out.status.code(), Some(0));
    assert!(!r.dir.path().join("not-yet").exists());
}
