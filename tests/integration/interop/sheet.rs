//! CSV export cells, exactly: local days, formulas defused in every text column, phones a
//! spreadsheet cannot turn into numbers, and apostrophes that come back as they were.

use super::{profile, scratch};
use crate::cli::{Rolo, text};

/// Runs rolo with `TZ=tz` and requires exit 0; returns stdout.
fn in_tz(r: &Rolo, tz: &str, args: &[&str]) -> String {
    let out = r.cmd().env("TZ", tz).args(args).output().expect("run rolo");
    assert_eq!(out.status.code(), Some(0), "rolo {args:?}: {out:?}");
    text(&out.stdout)
}

/// The CSV's rows as maps from column to cell.
fn rows(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// The CSV export imported into an empty rolo.
fn reimported(csv: &str) -> Rolo {
    let b = Rolo::new();
    let f = scratch(&b, "customers.csv", csv.as_bytes());
    b.ok(&["import", &f]);
    b
}

#[test]
fn csv_export_days_are_the_local_days_rolo_shows() {
    // Auckland is UTC+13 in November: a call at 09:00 on Saturday the 21st is still Friday
    // the 20th in UTC.
    let tz = "Pacific/Auckland";
    let r = Rolo::new();
    in_tz(&r, tz, &["add", "Charlotte Hall", "--email", "ch@x.nz"]);
    for (day, what) in [
        ("2026-08-25", "a day before the 90"),
        ("2026-08-26", "the first of the 90 days"),
        ("2026-11-21", "Saturday's call"),
    ] {
        in_tz(
            &r,
            tz,
            &[
                "log",
                "charlotte",
                "call",
                what,
                "--at",
                day,
                "--time",
                "09:00",
            ],
        );
    }
    let csv = in_tz(&r, tz, &["export", "--format", "csv"]);
    let row = &rows(&csv)[0];
    let cells: Vec<&str> = [
        "created",
        "last_contact",
        "days_since_contact",
        "contacts_total",
        "contacts_90d",
    ]
    .iter()
    .map(|c| row[*c].as_str())
    .collect();
    assert_eq!(cells, ["2026-11-23", "2026-11-21", "2", "3", "2"], "{csv}");
    // What `rolo list` and `rolo show` say under the same zone.
    let list = in_tz(&r, tz, &["list"]);
    assert!(list.contains("2d ago"), "{list}");
    let show = in_tz(&r, tz, &["show", "charlotte"]);
    assert!(show.contains("last contact 2d ago"), "{show}");
}

#[test]
fn csv_export_defuses_formulas_in_every_text_column() {
    let r = Rolo::new();
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Uid Person\r\nN:Person;Uid;;;\r\n\
               UID:=HYPERLINK(\"x\")\r\nEMAIL:uid@x.pl\r\nEND:VCARD\r\n";
    let f = scratch(&r, "uid.vcf", vcf.as_bytes());
    r.ok(&["import", &f]);
    r.ok(&["add", "X", "--tag=-x", "--tag", "vip"]);
    let csv = r.ok(&["export", "--format", "csv"]);
    let rows = rows(&csv);
    assert_eq!(rows[0]["uid"], "'=HYPERLINK(\"x\")", "{csv}");
    assert_eq!(rows[1]["tags"], "'-x vip", "{csv}");
    let b = reimported(&csv);
    assert_eq!(b.show("uid@x.pl")["customer"]["uid"], "=HYPERLINK(\"x\")");
    assert_eq!(profile(&b, "#2")["tags"], profile(&r, "#2")["tags"]);
}

#[test]
fn csv_export_phones_are_never_numbers_or_formulas_and_come_back_exactly() {
    let r = Rolo::new();
    for (who, phone) in [
        ("Plus Digits", "+491712345678"),
        ("Leading Zero", "0171234567"),
        ("Plus Spaced", "+48 600 100 200"),
        ("Spaced", "030 123 456"),
        ("Parens", "(030) 123-45"),
    ] {
        r.ok(&["add", who, "--phone", phone]);
    }
    let csv = r.ok(&["export", "--format", "csv"]);
    let phones: Vec<String> = rows(&csv).iter().map(|r| r["phones"].clone()).collect();
    assert_eq!(
        phones,
        [
            "'+491712345678",
            "'0171234567",
            "'+48 600 100 200",
            "030 123 456",
            "(030) 123-45"
        ],
        "{csv}"
    );
    let b = reimported(&csv);
    for id in 1..=5 {
        let who = format!("#{id}");
        assert_eq!(
            b.show(&who)["customer"]["contacts"],
            r.show(&who)["customer"]["contacts"],
            "{who}"
        );
    }
    assert_eq!(
        b.show("#1")["customer"]["contacts"][0]["value"],
        "+491712345678"
    );
}

#[test]
fn csv_export_keeps_an_apostrophe_that_starts_a_value() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "=Formula Guy",
        "--email",
        "f@example.com",
        "--notes",
        "'=already quoted",
    ]);
    r.ok(&[
        "add",
        "Jan de Vries",
        "--email",
        "jan@example.nl",
        "--notes",
        "'s-Hertogenbosch",
        "--title",
        "''-twice",
    ]);
    let csv = r.ok(&["export", "--format", "csv"]);
    let rows = rows(&csv);
    assert_eq!(
        [
            rows[0]["name"].as_str(),
            rows[0]["notes"].as_str(),
            rows[1]["notes"].as_str(),
            rows[1]["title"].as_str()
        ],
        [
            "'=Formula Guy",
            "''=already quoted",
            "'s-Hertogenbosch",
            "'''-twice"
        ],
        "{csv}"
    );
    let b = reimported(&csv);
    let f = &b.show("f@example.com")["customer"];
    assert_eq!(
        (&f["name"], &f["notes"]),
        (&"=Formula Guy".into(), &"'=already quoted".into())
    );
    let j = &b.show("jan@example.nl")["customer"];
    assert_eq!(
        (&j["notes"], &j["title"]),
        (&"'s-Hertogenbosch".into(), &"''-twice".into())
    );
}

#[test]
fn csv_export_writes_labels_after_values_and_its_import_reads_them_back() {
    let r = Rolo::new();
    let sheet = "Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n\
                 Ola Nowak,Büro (alt);x,ola@acme.pl,Mobile,030 123 456\n";
    let f = scratch(&r, "google.csv", sheet.as_bytes());
    r.ok(&["import", &f]);
    r.ok(&[
        "edit",
        "ola",
        "--add-im",
        "123456789",
        "--service",
        "QQ",
        "--add-url",
        "https://en.wikipedia.org/wiki/Ibis_(bird)",
        "--label",
        "work",
    ]);
    let csv = r.ok(&["export", "--format", "csv"]);
    let row = &rows(&csv)[0];
    assert_eq!(
        [&row["emails"], &row["phones"], &row["urls"], &row["im"]],
        [
            "ola@acme.pl (Büro [alt],x)",
            "030 123 456 (mobile)",
            "https://en.wikipedia.org/wiki/Ibis_(bird) (work)",
            "im:123456789 (QQ, work)"
        ],
        "{csv}"
    );
    let b = reimported(&csv);
    assert_eq!(
        b.show("Ola Nowak")["customer"]["contacts"],
        serde_json::json!([
            {"kind": "email", "label": "Büro [alt],x", "value": "ola@acme.pl"},
            {"kind": "phone", "label": "mobile", "value": "030 123 456"},
            {"kind": "url", "label": "work", "value": "https://en.wikipedia.org/wiki/Ibis_(bird)"},
            {"kind": "im", "label": "QQ, work", "value": "im:123456789"},
        ])
    );
}
