//! An address keeps its label (work, home, a typed one) from a vCard's `ADR` types or item
//! group, a CSV's label column or column set, through the store, `rolo show`, the vCard
//! export, the JSON backup and a dossier; a merge fills it, an edit of the address drops it.

use serde_json::{Value, json};

use super::scratch;
use crate::cli::Rolo;

/// The address lines of the vCard export (`ADR…`, and an item's `X-ABLabel`), in order.
fn adr_lines(r: &Rolo, version: &str) -> Vec<String> {
    let cards = r.ok(&["export", "--format", "vcard", "--vcard-version", version]);
    let mut out = Vec::new();
    let mut items = Vec::new();
    for l in cards.replace("\r\n ", "").lines() {
        let bare = l
            .split_once('.')
            .map_or(l, |(g, rest)| if g.starts_with("item") { rest } else { l });
        if bare.starts_with("ADR") {
            out.push(l.to_string());
            if let Some((g, _)) = l.split_once(".ADR") {
                items.push(g.to_string());
            }
        } else if bare.starts_with("X-ABLabel")
            && items.iter().any(|g| l.starts_with(&format!("{g}.")))
        {
            out.push(l.to_string());
        }
    }
    out
}

/// A card of Anna Kowalska (anna@acme.pl) of vCard `version` whose address is of `typ`,
/// written as `name`; its path.
fn anna_card(r: &Rolo, name: &str, version: &str, typ: &str) -> String {
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:{version}\r\nFN:Anna Kowalska\r\nEMAIL:anna@acme.pl\r\n\
         ADR;TYPE={typ}:;;Długa 1;Warszawa;;00-001;Polska\r\nEND:VCARD\r\n"
    );
    scratch(r, name, card.as_bytes())
}

/// The customer's address as `rolo show` prints it.
fn shown_address(r: &Rolo, who: &str) -> String {
    r.ok(&["show", who])
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("address").map(str::trim))
        .unwrap_or_default()
        .to_string()
}

/// The address's label in `--json`.
fn label(r: &Rolo, who: &str) -> Value {
    r.show(who)["customer"]["address_parts"]["label"].clone()
}

#[test]
fn vcard_adr_types_and_item_labels_are_the_address_label_in_every_version() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "labels.vcf",
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Jan Nowak\r\n\
         ADR;HOME;POSTAL:;;Polna 2;Kraków;;30-001;Polska\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Kowalska\r\n\
         ADR;TYPE=dom,postal,parcel,work:;;Długa 1;Warszawa;;00-001;Polska\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ewa Zielińska\r\n\
         ADR;TYPE=home:;;Krótka 3;Gdańsk;;80-001;Polska\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Piotr Wiśniewski\r\n\
         item1.ADR;type=pref:;;Leśna 4;Zakopane;;34-500;Polska\r\n\
         item1.X-ABLabel:Summer house\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olga Mazur\r\n\
         item2.ADR;type=WORK:;;Rynek 1;Wrocław;;50-001;Polska\r\n\
         item2.X-ABLabel:_$!<Work>!$_\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Adam Lis\r\n\
         ADR:;;Wąska 5;Lublin;;20-001;Polska\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(label(&r, "jan nowak"), json!("home"));
    assert_eq!(label(&r, "anna kow"), json!("work"));
    assert_eq!(label(&r, "ewa"), json!("home"));
    assert_eq!(label(&r, "piotr"), json!("Summer house"));
    assert_eq!(label(&r, "olga"), json!("work"));
    assert_eq!(label(&r, "adam lis"), Value::Null);
    assert_eq!(
        shown_address(&r, "anna kow"),
        "Długa 1, 00-001 Warszawa, Polska (work)"
    );
    assert_eq!(
        shown_address(&r, "piotr"),
        "Leśna 4, 34-500 Zakopane, Polska (Summer house)"
    );
    assert_eq!(
        shown_address(&r, "adam lis"),
        "Wąska 5, 20-001 Lublin, Polska"
    );
    // In the order the cards came.
    assert_eq!(
        adr_lines(&r, "4.0"),
        [
            "ADR;TYPE=home:;;Polna 2;Kraków;;30-001;Polska",
            "ADR;TYPE=work:;;Długa 1;Warszawa;;00-001;Polska",
            "ADR;TYPE=home:;;Krótka 3;Gdańsk;;80-001;Polska",
            "item1.ADR:;;Leśna 4;Zakopane;;34-500;Polska",
            "item1.X-ABLabel:Summer house",
            "ADR;TYPE=work:;;Rynek 1;Wrocław;;50-001;Polska",
            "ADR:;;Wąska 5;Lublin;;20-001;Polska",
        ]
    );
    assert_eq!(
        adr_lines(&r, "3.0"),
        [
            "ADR;TYPE=HOME:;;Polna 2;Kraków;;30-001;Polska",
            "ADR;TYPE=WORK:;;Długa 1;Warszawa;;00-001;Polska",
            "ADR;TYPE=HOME:;;Krótka 3;Gdańsk;;80-001;Polska",
            "item1.ADR:;;Leśna 4;Zakopane;;34-500;Polska",
            "item1.X-ABLabel:Summer house",
            "ADR;TYPE=WORK:;;Rynek 1;Wrocław;;50-001;Polska",
            "ADR:;;Wąska 5;Lublin;;20-001;Polska",
        ]
    );
    // The export read back gives the same labels.
    let out = r.dir.path().join("out.vcf");
    r.ok(&[
        "export",
        "--format",
        "vcard",
        "--out",
        out.to_str().unwrap(),
    ]);
    let other = Rolo::new();
    other.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(adr_lines(&other, "4.0"), adr_lines(&r, "4.0"));
}

#[test]
fn google_label_columns_and_outlook_column_sets_label_the_address() {
    let r = Rolo::new();
    let google = scratch(
        &r,
        "google.csv",
        "First Name,Last Name,Address 1 - Label,Address 1 - Street,Address 1 - City,\
         Address 1 - Postal Code,Address 1 - Country,Address 2 - Label,Address 2 - Formatted\n\
         Marta,Lis,Home,Ogrodowa 5,Poznań,60-001,Polska,Work,\"Biurowa 9, 60-002 Poznań\"\n\
         Ola,Kruk,* Działka \u{1b}[2J,Leśna 4,Zakopane,34-500,Polska,,\n"
            .as_bytes(),
    );
    let outlook = scratch(
        &r,
        "outlook.csv",
        "First Name,Last Name,Business Street,Business City,Business Postal Code,\
         Business Country/Region,Home Street,Home City\n\
         Adam,Mały,Długa 1,Warszawa,00-001,Polska,Domowa 2,Łódź\n"
            .as_bytes(),
    );
    r.ok(&["import", &google]);
    r.ok(&["import", &outlook]);
    // Google's work address is the address, with its label, the home one a labelled note.
    let marta = &r.show("marta")["customer"];
    assert_eq!(marta["address"], "Biurowa 9, 60-002 Poznań");
    assert_eq!(marta["address_parts"], json!({"label": "work"}));
    assert_eq!(
        marta["notes"],
        "Home address: Ogrodowa 5, 60-001 Poznań, Polska"
    );
    // A typed label is kept as typed, without Google's `*` and the control characters.
    assert_eq!(label(&r, "ola"), json!("Działka [2J"));
    // Outlook's Business columns are the work address.
    assert_eq!(
        r.show("adam")["customer"]["address_parts"],
        json!({"street": "Długa 1", "city": "Warszawa", "postcode": "00-001",
               "country": "Polska", "label": "work"})
    );
    assert_eq!(
        shown_address(&r, "adam"),
        "Długa 1, 00-001 Warszawa, Polska (work)"
    );
    let lines = adr_lines(&r, "4.0");
    assert!(
        lines.contains(&"ADR;TYPE=work:;;Długa 1;Warszawa;;00-001;Polska".to_string()),
        "{lines:?}"
    );
    // An address read whole goes out as its street line, with its label.
    assert!(
        lines.contains(&"ADR;TYPE=work:;;Biurowa 9\\, 60-002 Poznań;;;;".to_string()),
        "{lines:?}"
    );
}

#[test]
fn the_backup_and_dossier_carry_the_label_and_an_older_backup_restores_without() {
    let r = Rolo::new();
    let f = anna_card(&r, "a.vcf", "4.0", "work");
    r.ok(&["import", &f]);
    let b1 = r.dir.path().join("b1.json");
    let b1 = b1.to_str().unwrap();
    r.ok(&["export", "--format", "json", "--out", b1]);
    let text = std::fs::read_to_string(b1).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["customers"][0]["address_parts"],
        json!({"street": "Długa 1", "city": "Warszawa", "postcode": "00-001",
               "country": "Polska", "label": "work"})
    );
    // Restored into an empty rolo and exported again: the same file.
    let other = Rolo::new();
    other.ok(&["import", b1]);
    let b2 = other.dir.path().join("b2.json");
    other.ok(&["export", "--format", "json", "--out", b2.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&b2).unwrap(), text);
    assert_eq!(
        adr_lines(&other, "4.0"),
        ["ADR;TYPE=work:;;Długa 1;Warszawa;;00-001;Polska"]
    );
    // A backup of an older rolo, whose parts have no label, restores them without one.
    let old = text.replace(",\n        \"label\": \"work\"", "");
    assert!(!old.contains("\"label\": \"work\""), "{old}");
    let oldf = scratch(&r, "old.json", old.as_bytes());
    let third = Rolo::new();
    third.ok(&["import", &oldf]);
    assert_eq!(
        adr_lines(&third, "4.0"),
        ["ADR:;;Długa 1;Warszawa;;00-001;Polska"]
    );
    assert_eq!(
        shown_address(&third, "anna"),
        "Długa 1, 00-001 Warszawa, Polska"
    );
    // A dossier says it and carries it.
    let md = r.ok(&["dossier", "anna"]);
    assert!(
        md.contains("- address (work): Długa 1, 00-001 Warszawa, Polska\n"),
        "{md}"
    );
    let d = r.dir.path().join("anna.md");
    r.ok(&["dossier", "anna", "--out", d.to_str().unwrap()]);
    let fourth = Rolo::new();
    fourth.ok(&["import", d.to_str().unwrap()]);
    assert_eq!(label(&fourth, "anna"), json!("work"));
}

#[test]
fn a_merge_fills_an_empty_label_and_an_edited_address_has_none() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--email",
        "anna@acme.pl",
        "--address",
        "Długa 1, 00-001 Warszawa, Polska",
    ]);
    assert_eq!(label(&r, "anna"), Value::Null);
    let f = anna_card(&r, "a.vcf", "3.0", "WORK");
    let rep = r.json(&["import", &f]);
    assert_eq!(rep["merges"][0]["added"], json!(["address label work"]));
    assert_eq!(
        adr_lines(&r, "4.0"),
        ["ADR;TYPE=work:;;Długa 1;Warszawa;;00-001;Polska"]
    );
    // Again: nothing to add.
    let rep = r.json(&["import", &f]);
    assert_eq!(rep["merges"][0]["added"], json!([]));
    // A label the customer has is theirs: another one coming is not taken.
    let home = anna_card(&r, "b.vcf", "4.0", "home");
    r.ok(&["import", &home]);
    assert_eq!(label(&r, "anna"), json!("work"));
    // An edited address is another one: the label stood for the old one.
    r.ok(&["edit", "anna", "--address", "Nowa 7, 00-002 Warszawa"]);
    assert_eq!(label(&r, "anna"), Value::Null);
    assert_eq!(shown_address(&r, "anna"), "Nowa 7, 00-002 Warszawa");
    assert_eq!(
        adr_lines(&r, "4.0"),
        ["ADR:;;Nowa 7\\, 00-002 Warszawa;;;;"]
    );
    r.ok(&["undo"]);
    assert_eq!(label(&r, "anna"), json!("work"));
}
