//! Addresses of instant messaging as their own kind of contact point through every format,
//! and contact values that end in parentheses of their own through the CSV round trip.

use serde_json::{Value, json};

use super::{edited_backup, scratch};
use crate::cli::Rolo;

const CARD: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Kowalska\r\nEMAIL:anna@acme.pl\r\n\
    IMPP:skype:anna.k\r\nIMPP;TYPE=home:xmpp:anna@jabber.pl\r\n\
    X-ROLO-CONTACT:skype:anna (work) (home)\r\n\
    X-ROLO-CONTACT:ask at the desk (ground floor)\r\n\
    URL:https://en.wikipedia.org/wiki/Ibis_(bird)\r\nEND:VCARD\r\n";

fn contacts(r: &Rolo) -> Value {
    r.show("Anna Kowalska")["customer"]["contacts"].clone()
}

#[test]
fn a_csv_export_of_values_ending_in_parentheses_or_holding_a_semicolon_reimports_and_exports_the_same_file()
 {
    let a = Rolo::new();
    let f = scratch(&a, "anna.vcf", CARD.as_bytes());
    a.ok(&["import", &f]);
    assert_eq!(
        contacts(&a),
        json!([
            {"kind": "email", "value": "anna@acme.pl"},
            {"kind": "im", "value": "skype:anna.k"},
            {"kind": "im", "value": "xmpp:anna@jabber.pl", "label": "home"},
            {"kind": "im", "value": "skype:anna (work) (home)"},
            {"kind": "other", "value": "ask at the desk (ground floor)"},
            {"kind": "url", "value": "https://en.wikipedia.org/wiki/Ibis_(bird)"},
        ])
    );
    // A `;` inside a value (a URL's parameters, a SIP address's) is not a new value.
    a.ok(&[
        "edit",
        "Anna Kowalska",
        "--add-url",
        "https://acme.pl/a;v=1",
        "--label",
        "shop",
    ]);
    let first = a.ok(&["export", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(first.as_bytes());
    let row = rows.records().next().unwrap().unwrap();
    // urls, im, then other: a value's own parentheses are followed by `()`, no label; its
    // own `;` is doubled.
    assert_eq!(
        (&row[8], &row[9], &row[10]),
        (
            "https://en.wikipedia.org/wiki/Ibis_(bird); https://acme.pl/a;;v=1 (shop)",
            "skype:anna.k; xmpp:anna@jabber.pl (home); skype:anna (work) (home) ()",
            "ask at the desk (ground floor) ()"
        )
    );
    let b = Rolo::new();
    let f = scratch(&b, "customers.csv", first.as_bytes());
    b.ok(&["import", &f]);
    let second = b.ok(&["export", "--format", "csv"]);
    assert_eq!(first, second);
    assert_eq!(
        contacts(&b),
        json!([
            {"kind": "email", "value": "anna@acme.pl"},
            {"kind": "url", "value": "https://en.wikipedia.org/wiki/Ibis_(bird)"},
            {"kind": "url", "value": "https://acme.pl/a;v=1", "label": "shop"},
            {"kind": "im", "value": "skype:anna.k"},
            {"kind": "im", "value": "xmpp:anna@jabber.pl", "label": "home"},
            {"kind": "im", "value": "skype:anna (work) (home)"},
            {"kind": "other", "value": "ask at the desk (ground floor)"},
        ])
    );
}

#[test]
fn a_vcard_export_writes_an_im_address_as_impp_and_reads_back_each_kind() {
    let a = Rolo::new();
    let f = scratch(&a, "anna.vcf", CARD.as_bytes());
    a.ok(&["import", &f]);
    let vcf = a.ok(&["export", "--format", "vcard"]);
    let lines: Vec<&str> = vcf
        .split("\r\n")
        .filter(|l| l.starts_with("IMPP") || l.starts_with("X-ROLO") || l.starts_with("URL"))
        .collect();
    assert_eq!(
        lines,
        [
            "IMPP:skype:anna.k",
            "IMPP;TYPE=home:xmpp:anna@jabber.pl",
            "X-ROLO-CONTACT:skype:anna (work) (home)",
            "X-ROLO-CONTACT:ask at the desk (ground floor)",
            "URL:https://en.wikipedia.org/wiki/Ibis_(bird)",
        ]
    );
    let b = Rolo::new();
    let f = scratch(&b, "again.vcf", vcf.as_bytes());
    b.ok(&["import", &f]);
    assert_eq!(contacts(&a), contacts(&b));
}

#[test]
fn a_backup_of_before_the_im_kind_restores_its_im_addresses_as_im() {
    let r = Rolo::new();
    let f = edited_backup(&r, "old.json", |v| {
        for c in v["customers"].as_array_mut().unwrap() {
            if c["name"] == "Anna Nowak" {
                c["contacts"] = json!([
                    {"kind": "email", "value": "anna.nowak@example.com"},
                    {"kind": "other", "value": "skype:anna.n", "label": "work"},
                    {"kind": "other", "value": "im:123456789", "label": "QQ"},
                    {"kind": "other", "value": "pager 1234"},
                ]);
            }
        }
    });
    r.ok(&["import", &f]);
    assert_eq!(
        r.show("Anna Nowak")["customer"]["contacts"],
        json!([
            {"kind": "email", "value": "anna.nowak@example.com"},
            {"kind": "im", "value": "skype:anna.n", "label": "work"},
            {"kind": "im", "value": "im:123456789", "label": "QQ"},
            {"kind": "other", "value": "pager 1234"},
        ])
    );
    // And a backup of now says `im`, and restores the same.
    let out = r.dir.path().join("now.json");
    r.ok(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(
            "{\n          \"kind\": \"im\",\n          \"value\": \"skype:anna.n\",\n          \
             \"label\": \"work\"\n        }"
        ),
        "{text}"
    );
    let b = Rolo::new();
    b.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(
        b.show("Anna Nowak")["customer"]["contacts"],
        r.show("Anna Nowak")["customer"]["contacts"]
    );
}
