//! A name read in parts (a vCard's `N`, a contacts CSV's first and last name columns) goes
//! back out in those parts, until the name is edited.

use serde_json::{Value, json};

use super::{backup_text, import, scratch};
use crate::cli::Rolo;

/// The `N` lines of `r`'s vCard export, in `version`.
fn n_lines(r: &Rolo, version: &str) -> Vec<String> {
    let cards = r.ok(&["export", "--format", "vcard", "--vcard-version", version]);
    cards
        .replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with("N:"))
        .map(str::to_string)
        .collect()
}

/// `r`'s JSON backup.
fn backup(r: &Rolo) -> Value {
    r.json(&["export", "--format", "json"])
}

const NGUYEN: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nguyễn Thị Minh Anh\r\n\
    N:Nguyễn;Thị Minh Anh;;;\r\nEMAIL:anh@example.vn\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Hans van der Berg\r\nN:van der Berg;Hans;;Dr.;\r\n\
    EMAIL:hans@example.nl\r\nEND:VCARD\r\n";

#[test]
fn a_vcards_n_goes_back_out_as_it_came_until_a_rename() {
    let r = Rolo::new();
    let f = scratch(&r, "phone.vcf", NGUYEN.as_bytes());
    r.ok(&["import", &f]);
    let both = ["N:Nguyễn;Thị Minh Anh;;;", "N:van der Berg;Hans;;Dr.;"];
    assert_eq!(n_lines(&r, "4.0"), both);
    assert_eq!(n_lines(&r, "3.0"), both);
    assert_eq!(
        backup(&r)["customers"][0]["name_parts"],
        json!({"family": "Nguyễn", "given": "Thị Minh Anh"})
    );
    // A rename is the user's name: the parts stood for the old one, and go.
    r.ok(&["edit", "anh@example.vn", "--name", "Anh Nguyen"]);
    assert_eq!(
        n_lines(&r, "4.0"),
        ["N:Nguyen;Anh;;;", "N:van der Berg;Hans;;Dr.;"]
    );
    assert!(backup(&r)["customers"][0].get("name_parts").is_none());
    // Undo gives both back.
    r.ok(&["undo"]);
    assert_eq!(n_lines(&r, "4.0"), both);
}

#[test]
fn a_google_csvs_first_and_last_names_are_the_ns_given_and_family() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "google.csv",
        "First Name,Middle Name,Last Name,Name Suffix,E-mail 1 - Value\n\
         Gabriel,José,García Márquez,,g@example.co\nWei,,Zhang,Jr.,w@example.cn\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        n_lines(&r, "4.0"),
        ["N:García Márquez;Gabriel;José;;", "N:Zhang;Wei;;;Jr."]
    );
    assert_eq!(
        backup(&r)["customers"][1]["name_parts"],
        json!({"family": "Zhang", "given": "Wei", "suffix": "Jr."})
    );
}

#[test]
fn the_backup_keeps_the_parts_and_one_without_them_restores() {
    let r = Rolo::new();
    let f = scratch(&r, "phone.vcf", NGUYEN.as_bytes());
    r.ok(&["import", &f]);
    let whole = r.dir.path().join("whole.json");
    let whole = whole.to_str().unwrap();
    r.ok(&["export", "--format", "json", "--out", whole]);
    // Restored, the parts are there, and the backup of the copy is the same file.
    let copy = Rolo::new();
    copy.ok(&["import", whole]);
    assert_eq!(
        n_lines(&copy, "4.0"),
        ["N:Nguyễn;Thị Minh Anh;;;", "N:van der Berg;Hans;;Dr.;"]
    );
    let again = copy.dir.path().join("again.json");
    copy.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(whole).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
    // A backup of before (no `name_parts`) restores, and the export guesses N as it did.
    let mut old: Value = serde_json::from_str(&std::fs::read_to_string(whole).unwrap()).unwrap();
    for c in old["customers"].as_array_mut().unwrap() {
        c.as_object_mut().unwrap().remove("name_parts");
    }
    let old_file = scratch(&r, "old.json", backup_text(&old).as_bytes());
    let older = Rolo::new();
    older.ok(&["import", &old_file]);
    assert_eq!(
        n_lines(&older, "4.0"),
        ["N:Anh;Nguyễn Thị Minh;;;", "N:Berg;Hans van der;;;"]
    );
    // The vCard merged into it fills the parts it has none of.
    let f = scratch(&older, "phone.vcf", NGUYEN.as_bytes());
    let said = older.ok(&["import", &f]);
    assert!(
        said.contains("into #1 (same email) — added given name Thị Minh Anh, family name Nguyễn\n"),
        "{said}"
    );
    assert_eq!(
        n_lines(&older, "4.0"),
        ["N:Nguyễn;Thị Minh Anh;;;", "N:van der Berg;Hans;;Dr.;"]
    );
}

#[test]
fn a_dossier_carries_the_parts_and_a_merge_under_another_name_takes_none() {
    let a = Rolo::new();
    let f = scratch(&a, "phone.vcf", NGUYEN.as_bytes());
    a.ok(&["import", &f]);
    let d = a.dir.path().join("anh.md");
    a.ok(&["dossier", "anh@example.vn", "--out", d.to_str().unwrap()]);
    let b = Rolo::new();
    b.ok(&["import", d.to_str().unwrap()]);
    assert_eq!(n_lines(&b, "4.0"), ["N:Nguyễn;Thị Minh Anh;;;"]);
    // A card of the same email under another name merges, and its parts, not this
    // customer's name's, are left out.
    let c = Rolo::new();
    let csv = scratch(&c, "crm.csv", b"Name,Email\nAnh Nguyen,anh@example.vn\n");
    c.ok(&["import", &csv]);
    let f = scratch(&c, "phone.vcf", NGUYEN.as_bytes());
    c.ok(&["import", &f]);
    assert_eq!(n_lines(&c, "4.0")[0], "N:Nguyen;Anh;;;");
}

const MARIA: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:María José García López\r\n\
    N:José García López;María;;;\r\nEMAIL:maria@example.es\r\n\
    ADR;TYPE=home:;;Calle Mayor 1;Madrid;;28013;España\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ewa Lis\r\nEMAIL:ewa@example.pl\r\nEND:VCARD\r\n";

/// The `N` and `ADR` lines of `r`'s vCard 4.0 export, in order.
fn n_and_adr(r: &Rolo) -> Vec<String> {
    let cards = r.ok(&["export", "--format", "vcard"]);
    cards
        .replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with("N:") || l.starts_with("ADR"))
        .map(str::to_string)
        .collect()
}

#[test]
fn rolo_edit_corrects_a_names_parts_and_the_address_label_and_the_vcard_follows() {
    let r = Rolo::new();
    let f = scratch(&r, "maria.vcf", MARIA.as_bytes());
    r.ok(&["import", &f]);
    // `rolo show` says the parts as read, and the label.
    let show = r.ok(&["show", "maria"]);
    assert_eq!(
        show.lines().skip(1).take(4).collect::<Vec<_>>(),
        [
            "  name     given María · family José García López",
            "  email    maria@example.es",
            "  rhythm   never contacted",
            "  address  Calle Mayor 1, 28013 Madrid, España (home)",
        ]
    );
    assert_eq!(
        n_and_adr(&r),
        [
            "N:José García López;María;;;",
            "ADR;TYPE=home:;;Calle Mayor 1;Madrid;;28013;España",
            "N:Lis;Ewa;;;",
        ]
    );
    // A part must be words of the name as written; nothing changes otherwise.
    assert_eq!(
        r.refused(&["edit", "maria", "--family", "Garcia"], 2),
        "error: the family name `Garcia` is not in the name `María José García López`; a \
         name's parts are words of it as written (change the name with them if it is wrong \
         too)\n"
    );
    assert_eq!(
        r.ok(&[
            "edit",
            "maria",
            "--first",
            "María José",
            "--last",
            "García López"
        ]),
        "Updated María José García López (#1): given name → María José, family name → García \
         López\n"
    );
    assert_eq!(
        r.ok(&["edit", "maria", "--address-label", "Business"]),
        "Updated María José García López (#1): address label → work\n"
    );
    assert_eq!(
        r.refused(
            &[
                "edit",
                "maria",
                "--address-label",
                "work",
                "--given",
                "María José"
            ],
            2
        ),
        "error: nothing to change: María José García López has that already\n"
    );
    assert_eq!(
        n_and_adr(&r),
        [
            "N:García López;María José;;;",
            "ADR;TYPE=work:;;Calle Mayor 1;Madrid;;28013;España",
            "N:Lis;Ewa;;;",
        ]
    );
    assert_eq!(
        r.ok(&["show", "maria"]).lines().nth(1),
        Some("  name     given María José · family García López")
    );
    assert_eq!(
        r.show("maria")["customer"]["name_parts"],
        json!({"family": "García López", "given": "María José"})
    );
    assert_eq!(
        r.ok(&[
            "edit",
            "maria",
            "--address-label",
            "",
            "--name-prefix",
            "Dra."
        ]),
        "Updated María José García López (#1): name prefix → Dra., address label removed\n"
    );
    assert_eq!(
        n_and_adr(&r)[..2],
        [
            "N:García López;María José;;Dra.;",
            "ADR:;;Calle Mayor 1;Madrid;;28013;España"
        ]
    );
    // Parts given to a name read whole; a label needs an address.
    assert_eq!(
        r.ok(&["edit", "ewa", "--given", "ewa", "--family", "Lis"]),
        "Updated Ewa Lis (#2): given name → ewa, family name → Lis\n"
    );
    assert_eq!(
        r.refused(&["edit", "ewa", "--address-label", "home"], 2),
        "error: Ewa Lis has no address to label `home`; give the address too\n"
    );
    assert_eq!(
        r.ok(&[
            "edit",
            "ewa",
            "--address",
            "Długa 5, Gdańsk",
            "--address-label",
            "home"
        ]),
        "Updated Ewa Lis (#2): address → Długa 5, Gdańsk\n"
    );
    assert_eq!(
        n_and_adr(&r)[2..],
        ["N:Lis;ewa;;;", "ADR;TYPE=home:;;Długa 5\\, Gdańsk;;;;"]
    );
    // Undo gives the label back: Ewa's two edits, then María's prefix and label.
    for _ in 0..3 {
        r.ok(&["undo"]);
    }
    assert_eq!(
        n_and_adr(&r)[..2],
        [
            "N:García López;María José;;;",
            "ADR;TYPE=work:;;Calle Mayor 1;Madrid;;28013;España"
        ]
    );
}

/// What `rolo undo --json` says it reversed: (summary, rows).
fn undo_rows(r: &Rolo) -> (String, i64) {
    let v = r.json(&["undo"]);
    let u = &v["details"]["undone"];
    (
        u["summary"].as_str().unwrap().to_string(),
        u["rows"].as_i64().unwrap(),
    )
}

#[test]
fn an_edit_keeping_a_names_parts_or_an_address_label_is_one_row_one_undo() {
    let r = Rolo::new();
    import(&r, "iphone_icloud.vcf", &[]);
    let eleni = r.show("#2");
    // A new name the parts still fit, the parts said again as they are: the name alone
    // changes, in one write of the row, and one undo puts the row back as it was.
    assert_eq!(
        r.ok(&[
            "edit",
            "#2",
            "--name",
            "Dr Ελένη Κωνσταντίνου",
            "--given",
            "Ελένη"
        ]),
        "Updated Ελένη Κωνσταντίνου (#2): name → Dr Ελένη Κωνσταντίνου\n"
    );
    assert_eq!(
        r.show("#2")["customer"]["name_parts"],
        json!({"family": "Κωνσταντίνου", "given": "Ελένη"})
    );
    assert_eq!(undo_rows(&r), ("edit Ελένη Κωνσταντίνου".to_string(), 1));
    assert_eq!(r.show("#2"), eleni);
    // A new address with the label it had: the same.
    r.ok(&[
        "edit",
        "#3",
        "--address",
        "Matam, Haifa",
        "--address-label",
        "work",
    ]);
    let elbit = r.show("#3");
    assert_eq!(
        r.ok(&[
            "edit",
            "#3",
            "--address",
            "Matam 2, Haifa",
            "--address-label",
            "work"
        ]),
        "Updated אלביט מערכות (#3): address → Matam 2, Haifa\n"
    );
    assert_eq!(
        r.show("#3")["customer"]["address_parts"],
        json!({"label": "work"})
    );
    assert_eq!(undo_rows(&r), ("edit אלביט מערכות".to_string(), 1));
    assert_eq!(r.show("#3"), elbit);
    // Each edit one change in the list, the undone ones said so.
    let list: Vec<(String, bool)> = r.json(&["undo", "--list"])["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["summary"].as_str().unwrap().to_string(),
                c["undone"] == true,
            )
        })
        .collect();
    assert_eq!(
        list,
        [
            ("edit אלביט מערכות".to_string(), true),
            ("edit אלביט מערכות".to_string(), false),
            ("edit Ελένη Κωνσταντίνου".to_string(), true),
            (
                "import iphone_icloud.vcf: 2 created, 0 merged; 1 organization created".to_string(),
                false
            ),
        ]
    );
}
