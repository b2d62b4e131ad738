//! Values past rolo's limits (a deal's value, an interaction's minutes, a contact cadence)
//! are refused wherever they come in, in the same words (the domain's checks, which the
//! backup restore names by JSON path): `rolo deal`, `rolo log`, the palette's grammar
//! (`rolo do`), the CSV and vCard imports. At the limit they are taken, and what is stored
//! adds up everywhere it is read.

use super::Rolo;

#[test]
fn a_deal_worth_more_than_ten_trillion_cents_is_refused_everywhere() {
    let r = Rolo::seeded();
    let past = "error: a deal's value of 10 000 000 000 000.01 EUR is out of range \
                (0 to 10 000 000 000 000.00 EUR)\n";
    for args in [
        &["deal", "anna kow", "Huge", "10000000000000.01", "EUR"][..],
        &["deal", "anna kow", "Huge", "10 000 000 000 000,01 EUR"],
        &["do", "deal anna kow \"Huge\" 10000000000000.01 EUR"],
    ] {
        assert_eq!(r.refused(args, 2), past, "{args:?}");
    }
    // `rolo deal` took i64::MAX minor units, whose sums then broke `list`, `show`, the CSV
    // export and `doctor` ("integer overflow").
    assert_eq!(
        r.refused(
            &["deal", "anna kow", "Huge", "92233720368547758.07", "EUR"],
            2
        ),
        "error: a deal's value of 92 233 720 368 547 758.07 EUR is out of range \
         (0 to 10 000 000 000 000.00 EUR)\n"
    );
    // Past 64 bits: the same words, with the amount as typed.
    assert_eq!(
        r.refused(
            &["deal", "anna kow", "Huge", "99999999999999999999", "JPY"],
            2
        ),
        "error: a deal's value of 99999999999999999999 JPY is out of range \
         (0 to 1 000 000 000 000 000 JPY)\n"
    );
    // At the limit: taken; two of them won add up in every read.
    for _ in 0..2 {
        r.ok(&[
            "deal",
            "anna kow",
            "Fleet",
            "10000000000000.00",
            "EUR",
            "--stage",
            "won",
        ]);
    }
    // By value her organization (her account) lists first, then she does.
    let list = r.json(&["list", "--sort", "value"]);
    assert_eq!(
        (
            &list["customers"][1]["name"],
            &list["customers"][1]["won_minor"]
        ),
        (
            &serde_json::json!("Anna Kowalska"),
            &serde_json::json!(2_000_000_000_000_000_i64)
        )
    );
    assert_eq!(
        r.show("anna kow")["measures"]["revenue"],
        serde_json::json!([{"currency": "EUR", "minor": 2_000_000_000_000_000_i64}])
    );
    let csv = r.ok(&["export", "--format", "csv"]);
    assert!(csv.contains(",20000000000000.00,EUR,"), "{csv}");
    assert!(
        r.ok(&["doctor"])
            .contains("The database is healthy; nothing needed fixing."),
    );
}

#[test]
fn minutes_past_a_day_are_refused_in_the_same_words() {
    let r = Rolo::seeded();
    let log = |m: &'static str| ["log", "anna kow", "call", "Long call", "--minutes", m];
    let cases: [(&[&str], &str); 6] = [
        (
            &log("1441"),
            "error: a duration of 1441 minutes is out of range (0 to 1440, a day)\n",
        ),
        (
            &log("24h01"),
            "error: `24h01`: a duration of 1441 minutes is out of range (0 to 1440, a day)\n",
        ),
        // Hours overflowed 32 bits: a panic in a debug build, 44 minutes in a release one.
        (
            &log("71582789h"),
            "error: `71582789h`: a duration of 4294967340 minutes is out of range \
             (0 to 1440, a day)\n",
        ),
        (
            &log("99999999999999999999"),
            "error: `99999999999999999999`: a duration of more than 1440 minutes is out of \
             range (0 to 1440, a day)\n",
        ),
        (
            &["do", "call anna kow \"Long call\" minutes 1441"],
            "error: a duration of 1441 minutes is out of range (0 to 1440, a day)\n",
        ),
        // A word of the palette that is a duration past a day says so (it was "unexpected").
        (
            &["do", "call anna kow \"Long call\" 1441m"],
            "error: `1441m`: a duration of 1441 minutes is out of range (0 to 1440, a day)\n",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(r.refused(args, 2), expected, "{args:?}");
    }
    // A day is taken.
    r.ok(&log("24h"));
    r.ok(&["do", "call anna kow \"Long call\" 1440m"]);
    let history = r.show("anna kow")["history"].clone();
    let minutes: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["summary"] == "Long call")
        .map(|x| x["minutes"].clone())
        .collect();
    assert_eq!(minutes, [serde_json::json!(1440), serde_json::json!(1440)]);
}

#[test]
fn a_cadence_past_ten_years_is_refused_by_add_and_the_imports() {
    let r = Rolo::seeded();
    assert_eq!(
        r.refused(&["add", "Zed One", "--cadence", "3651d"], 2),
        "error: `3651d`: a contact cadence of 3651 days is out of range (1 to 3650)\n"
    );
    assert_eq!(
        r.refused(&["edit", "anna kow", "--cadence", "3651"], 2),
        "error: a contact cadence of 3651 days is out of range (1 to 3650)\n"
    );
    // The imports took any number of days, which the backup of the database then refused.
    let csv = r.dir.path().join("c.csv");
    std::fs::write(&csv, "name,email,cadence\nZed One,zed@x.pl,3651\n").unwrap();
    let csv = csv.to_str().unwrap();
    assert_eq!(
        r.refused(&["import", csv, "--map", "cadence=cadence"], 1),
        format!(
            "error: {csv}: line 2 (record 1), field `cadence`: a contact cadence of 3651 days \
             is out of range (1 to 3650); nothing was imported (fix the record, or pass \
             --skip-bad to import the rest)\n"
        )
    );
    let vcf = r.dir.path().join("c.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zed Two\r\nX-ROLO-CADENCE:3651\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let vcf = vcf.to_str().unwrap();
    assert_eq!(
        r.refused(&["import", vcf], 1),
        format!(
            "error: {vcf}: line 4 (record 1), field `X-ROLO-CADENCE`: a contact cadence of \
             3651 days is out of range (1 to 3650); nothing was imported (fix the record, or \
             pass --skip-bad to import the rest)\n"
        )
    );
    // Ten years is taken.
    std::fs::write(csv, "name,email,cadence\nZed One,zed@x.pl,3650\n").unwrap();
    r.ok(&["import", csv, "--map", "cadence=cadence"]);
    assert_eq!(r.show("zed one")["customer"]["cadence_days"], 3650);
}

#[test]
fn an_import_whose_record_makes_notes_over_1_mib_is_refused_naming_the_record() {
    // Each field is under the CSV reader's 1 MiB, but the columns rolo has no field for are
    // kept in the notes: 1.2 MB of them were stored, and the backup of the database would
    // then be refused. Merged into a customer's notes, the same.
    let r = Rolo::seeded();
    let part = "y".repeat(600_000);
    let csv = r.dir.path().join("n.csv");
    std::fs::write(
        &csv,
        format!("name,email,Foo,Bar\nZed Big,zb@x.pl,{part},{part}\n"),
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    assert_eq!(
        r.refused(&["import", csv], 1),
        format!(
            "error: {csv}: line 2 (record 1), field `notes`: the notes it makes: a value of \
             1200011 bytes is longer than 1 MiB (1048576 bytes); nothing was imported (fix the \
             record, or pass --skip-bad to import the rest)\n"
        )
    );
    std::fs::write(
        csv,
        format!("name,email,notes\nAnna Kowalska,anna@acme.pl,{part}\n"),
    )
    .unwrap();
    r.ok(&["import", csv]);
    let other = "z".repeat(600_000);
    std::fs::write(
        csv,
        format!("name,email,notes\nAnna Kowalska,anna@acme.pl,{other}\n"),
    )
    .unwrap();
    assert_eq!(
        r.refused(&["import", csv], 1),
        format!(
            "error: {csv}: line 2 (record 1), field `notes`: the notes it makes: a value of \
             1200001 bytes is longer than 1 MiB (1048576 bytes), merged into #2's notes; \
             nothing was imported (fix the record, or pass --skip-bad to import the rest)\n"
        )
    );
}

#[test]
fn the_last_day_rolo_keeps_is_the_end_of_9999() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    // Within chrono's calendar, past four digits of year: it was stored as `+10021-08-15`.
    assert_eq!(
        r.refused(&["follow", "anna", "+2920000d", "Far"], 2),
        "error: `+2920000d` is too far from today; use today, tomorrow, yesterday, a weekday \
         (fri), +3d, +2w, +1m, 3d, in 3 days, next week, next month, 1 dec, dec 1, 2026-12-01\n"
    );
    r.ok(&["follow", "anna", "9999-12-31", "Last", "--every", "month"]);
    // A monthly series on its last day ends there: done, with no next (it was refused).
    assert_eq!(
        r.ok(&["done", "1"]),
        "Follow-up 1 done: Last (Anna Kowalska)\n"
    );
    r.ok(&["follow", "anna", "9999-12-31", "At the end"]);
    // A day-long event with no next day to end on: DTSTART alone is one day (RFC 5545).
    let ics = r.ok(&["export", "--format", "ics"]);
    assert!(ics.contains("DTSTART;VALUE=DATE:99991231\r\n"), "{ics}");
    assert!(!ics.contains("DTEND"), "{ics}");
}

#[test]
fn an_import_with_skip_bad_skips_a_record_whose_merged_notes_pass_1_mib() {
    // The merge into Anna's 600 kB notes made 1.2 MB and stopped the whole import, even
    // with --skip-bad. Now the record is skipped like any broken one, and nothing of it is
    // kept: not its company (an organization made for it), nor its phone (the next record,
    // with that phone and another name, is no match for Anna).
    let r = Rolo::new();
    let part = "y".repeat(600_000);
    let csv = r.dir.path().join("n.csv");
    std::fs::write(
        &csv,
        format!("name,email,notes\nAnna Kowalska,anna@acme.pl,{part}\n"),
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    r.ok(&["import", csv]);
    let other = "z".repeat(600_000);
    std::fs::write(
        csv,
        format!(
            "name,email,phone,company,notes\n\
             Jan Nowak,jan@x.pl,,,met at the fair\n\
             Anna Kowalska,anna@acme.pl,+48 601 234 567,Acme,{other}\n\
             A. Kowalska,,601 234 567,,\n"
        ),
    )
    .unwrap();
    let skipped = "  skipped line 3 (record 2), field `notes`: the notes it makes: a value of \
                   1200001 bytes is longer than 1 MiB (1048576 bytes), merged into #1's notes\n";
    let dry = r.ok(&["import", csv, "--skip-bad", "--dry-run"]);
    assert!(
        dry.starts_with(&format!(
            "Would import {csv} (csv, UTF-8): 2 created, 0 merged, 1 skipped.\n  \
             create line 2: Jan Nowak\n  create line 4: A. Kowalska\n{skipped}"
        )),
        "{dry}"
    );
    assert_eq!(
        r.ok(&["import", csv, "--skip-bad"]),
        format!(
            "Imported {csv} (csv, UTF-8): 2 created, 0 merged, 1 skipped.\n{skipped}\
             `rolo undo` takes the whole import back.\n"
        )
    );
    assert_eq!(r.names(&[]), ["A. Kowalska", "Anna Kowalska", "Jan Nowak"]);
    let anna = r.show("#1");
    assert_eq!(anna["customer"]["notes"], part.as_str());
    assert_eq!(anna["customer"]["org_name"], serde_json::Value::Null);
}

/// A search reads at most 16 words: a 17th is refused, naming the limit (it was left out,
/// and customers without it were listed).
#[test]
fn a_search_of_more_than_16_words_is_refused() {
    let r = Rolo::seeded();
    let sixteen = "anna anna anna anna anna anna anna anna anna anna anna anna anna anna anna anna";
    let hits = r.json(&["search", sixteen])["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["customer_name"].as_str().expect("name").to_string())
        .collect::<Vec<_>>();
    assert_eq!(hits, ["Anna Kowalska", "Anna Nowak"]);
    assert_eq!(
        r.refused(&["search", &format!("{sixteen} zzz")], 2),
        "error: a search reads at most 16 words, and `anna anna anna anna anna anna anna anna \
         anna anna anna anna…` has 17; leave out the words that do not narrow it down\n"
    );
    // With --json, the refusal is JSON on stdout, as every other refusal.
    let out = r.fails(&["search", &format!("{sixteen} zzz"), "--json"], 2);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        v["error"],
        "a search reads at most 16 words, and `anna anna anna anna anna anna anna anna anna \
         anna anna anna…` has 17; leave out the words that do not narrow it down"
    );
    // A list by name of as many words is refused alike, not an empty list.
    assert_eq!(
        r.refused(&["list", "--name", &format!("{sixteen} zzz")], 2),
        "error: a search reads at most 16 words, and `anna anna anna anna anna anna anna anna \
         anna anna anna anna…` has 17; leave out the words that do not narrow it down\n"
    );
    assert_eq!(
        r.names(&["--name", sixteen]),
        ["Anna Kowalska", "Anna Nowak"]
    );
}
