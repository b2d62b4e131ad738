//! Untrusted text from files: controls stripped, inert on a terminal, formulas defused.

use serde_json::{Value, json};

use super::{edited_backup, fixture, import, scratch};
use crate::cli::{Rolo, text};

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
