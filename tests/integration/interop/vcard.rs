//! vCard imports: 2.1, 3.0 and 4.0, broken cards, directories of cards (vdirs).

use serde_json::{Value, json};

use super::{fixture, import, profile, scratch};
use crate::cli::Rolo;

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
            "notes": "Long note that is folded across lines, with an escaped comma\nand a second line.\nName prefix: Dr.\nDepartment: Sales",
            "birthday": "1985-03-07",
            "contacts": [
                {"kind": "email", "label": "Biuro", "value": "anna@acme.pl"},
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
    // A card with only N, in Japanese: the family name first, as its owner writes it.
    assert_eq!(r.show("taro@example.jp")["customer"]["name"], "山田 太郎");
    // ...and exported back with the same parts in the same places.
    let card = r.ok(&["export", "--format", "vcard"]);
    assert!(card.contains("\r\nN:山田;太郎;;;\r\n"), "{card}");
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
    assert_eq!(r.names(&[]), vec!["Complete Card"]);
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
    assert_eq!(r.names(&[]), one_by_one.names(&[]));
    // One change: one undo takes the whole directory back.
    r.ok(&["undo"]);
    assert_eq!(r.names(&[]), Vec::<String>::new());

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
fn phonetic_names_anniversaries_and_yearless_birthdays_are_kept_and_replaced_by_full_ones() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "phone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kenji Sato\r\nN:Sato;Kenji;;Mr.;\r\n\
         X-PHONETIC-FIRST-NAME:けんじ\r\nX-PHONETIC-LAST-NAME:さとう\r\n\
         X-ANNIVERSARY:2010-06-20\r\nBDAY:--0523\r\nEMAIL:kenji@example.jp\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    let c = &r.show("kenji@example.jp")["customer"];
    assert_eq!(
        c["notes"],
        "Name prefix: Mr.\nPhonetic name: さとう けんじ\nAnniversary: 2010-06-20\nBirthday: 23 May"
    );
    assert_eq!(c["birthday"], Value::Null);
    // A card with the whole birthday fills it, and the note of the day alone goes.
    let g = scratch(
        &r,
        "full.vcf",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Kenji Sato\r\nBDAY:19800523\r\nEMAIL:kenji@example.jp\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &g]);
    let c = &r.show("kenji@example.jp")["customer"];
    assert_eq!(c["birthday"], "1980-05-23");
    assert_eq!(
        c["notes"],
        "Name prefix: Mr.\nPhonetic name: さとう けんじ\nAnniversary: 2010-06-20"
    );
}

#[test]
fn a_merge_keeps_a_name_that_is_not_a_form_of_the_customers() {
    let r = Rolo::new();
    r.ok(&["add", "Wei Zhang", "--email", "wei@example.cn"]);
    let f = scratch(
        &r,
        "cn.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李小龍\r\nEMAIL:wei@example.cn\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:W. Zhang\r\nEMAIL:wei@example.cn\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    let c = &r.show("wei@example.cn")["customer"];
    assert_eq!(c["name"], "Wei Zhang");
    // (`W. Zhang` is a form of the name: not repeated.)
    assert_eq!(c["notes"], "Also known as: 李小龍");
}

#[test]
fn a_vcard_4_phone_uri_with_an_extension_is_read() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "v4.vcf",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Omar Haddad\r\n\
         TEL;VALUE=uri;TYPE=work:tel:+971-4-555-0000;ext=12\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        r.show("omar")["customer"]["contacts"],
        json!([{"kind": "phone", "label": "work", "value": "+971-4-555-0000 x12"}])
    );
}

#[test]
fn every_address_profile_link_and_department_of_a_card_is_kept() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "iphone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Uma Reyes\r\nEMAIL:uma@x.com\r\nORG:Acme Sp. z o.o.;Sales\r\n\
         ADR;TYPE=HOME:;;1 Elm St;Springfield;;12345;USA\r\n\
         ADR;TYPE=WORK:;;500 Corp Ave;Metropolis;;99999;USA\r\n\
         X-SOCIALPROFILE;type=linkedin:http://www.linkedin.com/in/uma\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        profile(&r, "uma"),
        json!({
            "kind": "person", "name": "Uma Reyes", "org": "Acme Sp. z o.o.", "title": null,
            "address": "500 Corp Ave, 99999 Metropolis, USA",
            "notes": "Department: Sales\nHome address: 1 Elm St, 12345 Springfield, USA",
            "birthday": null, "tags": [],
            "contacts": [
                {"kind": "email", "value": "uma@x.com"},
                {"kind": "url", "label": "linkedin", "value": "http://www.linkedin.com/in/uma"},
            ],
        })
    );
}

#[test]
fn outlooks_people_and_androids_own_rows_are_kept_in_the_notes() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "people.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Petra Schmidt\r\nN:Schmidt;Petra;;;\r\n\
         X-MS-MANAGER;CHARSET=utf-8:Klaus Schmidt\r\nX-MS-ASSISTANT:Frau Weber\r\n\
         X-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Wi=C5=9Bniewski;=C5=81ukasz;;;\r\n\
         X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.curs=\r\n\
         or.item=2Fnickname;=C5=81uki;1;;;;;;;;;;;;;\r\n\
         X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Ewa;14;;;;;;;;;;;;;\r\n\
         X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Olek;0;Coach;;;;;;;;;;;;\r\n\
         X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2010-06-20;1;;;;;;;;;;;;;\r\n\
         END:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        r.show("petra")["customer"]["notes"],
        "Manager: Klaus Schmidt\nAssistant: Frau Weber"
    );
    assert_eq!(
        r.show("łukasz")["customer"]["notes"],
        "Nickname: Łuki\nSpouse: Ewa\nCoach: Olek\nAnniversary: 2010-06-20"
    );
}

/// The `ADR` line of the vCard export of `r`'s only customer.
fn adr(r: &Rolo, version: &str) -> String {
    let card = r.ok(&["export", "--format", "vcard", "--vcard-version", version]);
    card.replace("\r\n ", "")
        .lines()
        .filter(|l| l.starts_with("ADR"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_address_read_in_parts_goes_out_in_parts_until_it_is_edited() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "mac.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Uma Reyes\r\n\
         item1.ADR;type=WORK;type=pref:;Suite 4;1 Infinite Loop\\nBuilding 3;Cupertino;CA;95014;USA\r\n\
         item1.X-ABADR:us\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    // Shown and searched as one line, as before ...
    assert_eq!(
        r.show("uma")["customer"]["address"],
        "Suite 4, 1 Infinite Loop, Building 3, 95014 Cupertino, CA, USA"
    );
    // ... and given back in its parts, a street's second line after a comma, with its
    // label.
    let parts = ";Suite 4;1 Infinite Loop\\, Building 3;Cupertino;CA;95014;USA";
    assert_eq!(adr(&r, "4.0"), format!("ADR;TYPE=work:{parts}"));
    assert_eq!(adr(&r, "3.0"), format!("ADR;TYPE=WORK:{parts}"));
    let b = r.dir.path().join("b.json");
    let b = b.to_str().unwrap();
    r.ok(&["export", "--format", "json", "--out", b]);
    let backup: Value = serde_json::from_str(&std::fs::read_to_string(b).unwrap()).unwrap();
    assert_eq!(
        backup["customers"][0]["address_parts"],
        json!({"extended": "Suite 4", "street": "1 Infinite Loop, Building 3",
               "city": "Cupertino", "region": "CA", "postcode": "95014", "country": "USA",
               "label": "work"})
    );
    // The backup restores them.
    let other = Rolo::new();
    other.ok(&["import", b]);
    assert_eq!(adr(&other, "4.0"), format!("ADR;TYPE=work:{parts}"));
    // An edited address is the user's one line: the parts stood for the old one.
    r.ok(&["edit", "uma", "--address", "ul. Prosta 1, 00-850 Warszawa"]);
    assert_eq!(adr(&r, "4.0"), "ADR:;;ul. Prosta 1\\, 00-850 Warszawa;;;;");
    assert!(
        r.json(&["export", "--format", "json"])["customers"][0]
            .get("address_parts")
            .is_none()
    );
    // Undo gives both back.
    r.ok(&["undo"]);
    assert_eq!(adr(&r, "4.0"), format!("ADR;TYPE=work:{parts}"));
}

#[test]
fn a_fax_is_a_fax_a_role_beside_a_title_and_outlooks_anniversary_are_notes() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "outlook.vcf",
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Nowak;Piotr\r\nFN:Piotr Nowak\r\nTITLE:Gérant\r\n\
         ROLE:Décideur\r\nTEL;WORK;VOICE:+48 22 623 60 00\r\nTEL;WORK;FAX:+48 22 623 60 01\r\n\
         X-MS-ANNIVERSARY:20100605\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ola Lis\r\nROLE:Buyer\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    let c = &r.show("piotr")["customer"];
    assert_eq!(c["title"], "Gérant");
    assert_eq!(c["notes"], "Anniversary: 2010-06-05\nRole: Décideur");
    assert_eq!(
        c["contacts"],
        json!([
            {"kind": "phone", "label": "work", "value": "+48 22 623 60 00"},
            {"kind": "phone", "label": "fax", "value": "+48 22 623 60 01"},
        ])
    );
    assert_eq!(r.show("ola")["customer"]["title"], "Buyer");
    let card = r.ok(&["export", "--format", "vcard"]);
    assert!(card.contains("TEL;TYPE=fax:+48 22 623 60 01\r\n"), "{card}");
}

#[test]
fn a_company_with_its_legal_form_is_no_other_organization_and_a_phonetic_name_is_suggested() {
    let r = Rolo::new();
    let csv = scratch(
        &r,
        "crm.csv",
        "Name,Email,Company\nNikos Papadopoulos,nikos@hellas.gr,Hellas Freight\n".as_bytes(),
    );
    r.ok(&["import", &csv]);
    let f = scratch(
        &r,
        "icloud.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Νίκος Παπαδόπουλος\r\nEMAIL:nikos@hellas.gr\r\n\
         ORG:Hellas Freight S.A.;\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Γιάννης Αλεξίου\r\nN:Αλεξίου;Γιάννης;;;\r\n\
         X-PHONETIC-FIRST-NAME:Giannis\r\nX-PHONETIC-LAST-NAME:Alexiou\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:山田 太郎\r\nN:山田;太郎;;;\r\n\
         X-PHONETIC-FIRST-NAME:Taro\r\nX-PHONETIC-LAST-NAME:Yamada\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    let out = r.ok(&["import", &f]);
    assert!(!out.contains("other organization"), "{out}");
    assert!(
        !r.show("nikos")["customer"]["notes"]
            .as_str()
            .unwrap()
            .contains("Other organization"),
    );
    // A Greek name is found by its Latin spelling (the phonetic name says the same).
    assert_eq!(r.show("giannis")["customer"]["name"], "Γιάννης Αλεξίου");
    // A phonetic name the spelling does not give (kanji read as Mandarin: shan tian) is
    // suggested; a name that only has the typed letters scattered in it is not.
    let err = r.refused(&["show", "yamada"], 2);
    assert_eq!(
        err,
        "error: no customer matches `yamada`; did you mean `山田 太郎` (#4, also known as Yamada Taro)?\n"
    );
    let err = r.refused(&["show", "nkps"], 2);
    assert!(!err.contains("did you mean"), "{err}");
}

/// A UTF-8 vCard file with one value in another encoding: only that value is read as
/// Windows-1252, and the report says which, as for a CSV. A card that declares its charset
/// is read in it, and not reported.
#[test]
fn a_stray_byte_in_a_utf8_vcard_is_read_as_windows_1252_and_said() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "stray.vcf",
        &[
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łucja Żak\r\nORG:Firma Łódź\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zbigniew Zi"
                .as_bytes(),
            b"\xeaba\r\nEND:VCARD\r\n",
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Zo\xeb Lambert\r\nEND:VCARD\r\n",
        ]
        .concat(),
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "  warning: 1 record has a value that is not UTF-8 (line 6, read as Windows-1252: \
             `Zbigniew Ziêba`); the rest of the file is UTF-8: check that value (`rolo edit` mends it)\n"
        ),
        "{out}"
    );
    assert_eq!(
        r.names(&[]),
        ["Firma Łódź", "Zbigniew Ziêba", "Zoë Lambert", "Łucja Żak"]
    );
    let j = r.json(&["import", &f, "--dry-run"]);
    assert_eq!(j["not_utf8"]["records"], 1);
}

#[test]
fn a_uid_that_is_no_uri_goes_out_as_text_and_comes_back_the_same() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "odd.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:some-odd-uid\\,with\\;chars\r\nFN:Ola Lis\r\n\
          N:Lis;Ola;;;\r\nEMAIL:ola@x.pl\r\nEND:VCARD\r\n",
    );
    r.ok(&["import", &f]);
    assert_eq!(
        r.show("ola@x.pl")["customer"]["uid"],
        "some-odd-uid,with;chars"
    );
    // vCard 4.0's UID is a URI unless it says it is text; in 3.0 it is text. Either way
    // escaped, so a reader does not cut it at the comma.
    for (v, line) in [
        ("4.0", "\r\nUID;VALUE=text:some-odd-uid\\,with\\;chars\r\n"),
        ("3.0", "\r\nUID:some-odd-uid\\,with\\;chars\r\n"),
    ] {
        let out = r.ok(&["export", "--format", "vcard", "--vcard-version", v]);
        assert!(out.contains(line), "{v}: {out}");
        let b = Rolo::new();
        let again = scratch(&b, "again.vcf", out.as_bytes());
        b.ok(&["import", &again]);
        assert_eq!(
            b.show("ola@x.pl")["customer"]["uid"],
            "some-odd-uid,with;chars",
            "{v}"
        );
    }
}

/// A phone exports one person as two cards of one name, the SIM's and the account's, with
/// other phones: they were two customers, the second said "not merged: #1 has that name".
/// In one vCard file they are one, unless something tells them apart (two companies).
#[test]
fn two_cards_of_one_name_in_a_phones_export_are_one_customer_unless_told_apart() {
    let r = Rolo::new();
    let f = fixture("phone_twice.vcf");
    let said = r.ok(&["import", &f]);
    assert_eq!(
        said,
        format!(
            "Imported {f} (vcard, UTF-8): 3 created, 1 merged, 0 skipped; 3 organizations \
             created.\n  merged line 14: Marek Wójcik into #1 (same name, earlier in the file) \
             — added organization Budimex, email marek@wojcik.pl, phone +48 22 555 66 77\n  \
             created line 22: Ewa Lis (not merged: #3 has that name; `rolo merge \"#3\" \"#6\"` if it \
             is the same person)\n`rolo undo` takes the whole import back.\n"
        )
    );
    assert_eq!(
        profile(&r, "marek"),
        json!({
            "kind": "person", "name": "Marek Wójcik", "org": "Budimex", "title": null,
            "address": null, "notes": "", "birthday": null,
            "contacts": [
                {"kind": "phone", "label": "mobile", "value": "+48 601 111 222"},
                {"kind": "email", "value": "marek@wojcik.pl"},
                {"kind": "phone", "label": "work", "value": "+48 22 555 66 77"}
            ],
            "tags": []
        })
    );
    let json = r.json(&["import", &f]);
    assert_eq!(
        (&json["created"], &json["merged"], &json["unchanged"]),
        (&json!(0), &json!(0), &json!(4))
    );
    // Into a book that has a Marek Wójcik already, with another phone: a namesake, as before.
    let r = Rolo::new();
    r.ok(&["add", "Marek Wójcik", "--phone", "+48 609 000 000"]);
    let said = r.ok(&["import", &f, "--dry-run"]);
    assert!(
        said.contains(
            "  create line 1: Marek Wójcik (not merged: #1 has that name; `rolo merge` if it is the same person)\n"
        ),
        "{said}"
    );
    assert!(said.contains(": 4 created, 0 merged"), "{said}");
}

/// What a card has that rolo keeps nothing of is named in the report, with how many cards
/// had it (a CSV's such columns are named in its `columns:` line); a messaging address of
/// before IMPP (`X-SKYPE`, `X-JABBER`) is kept, as the IMPP URI rolo writes back.
#[test]
fn a_card_s_properties_rolo_keeps_nothing_of_are_named_and_old_messaging_addresses_kept() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "phone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n\
         N:Kowalska;Anna;;;\r\nFN:Anna Kowalska\r\nGEO:geo:52.23,21.01\r\n\
         X-SKYPE;TYPE=work:anna.k\r\nX-JABBER:xmpp:anna@jabber.pl\r\n\
         PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\nREV:2026-01-01T00:00:00Z\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jan Nowak\r\n\
         PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\n\
         PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains("  left out (rolo has no field for them): GEO (1 card), PHOTO (2 cards)\n"),
        "{out}"
    );
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["left_out"],
        json!([{"property": "GEO", "cards": 1}, {"property": "PHOTO", "cards": 2}])
    );
    assert_eq!(
        r.show("anna")["customer"]["contacts"],
        json!([
            {"kind": "im", "label": "work", "value": "skype:anna.k"},
            {"kind": "im", "value": "xmpp:anna@jabber.pl"},
        ])
    );
    let vcf = r.ok(&["export", "--format", "vcard"]);
    assert!(vcf.contains("IMPP;TYPE=work:skype:anna.k\r\n"), "{vcf}");
    assert!(vcf.contains("IMPP:xmpp:anna@jabber.pl\r\n"), "{vcf}");
}
