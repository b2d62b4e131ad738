//! vCard imports, field by field: phonetic names and anniversaries, addresses in parts and
//! their export, faxes and roles, legal forms of companies, stray bytes, UIDs that are no URI.

use serde_json::{Value, json};

use super::{profile, scratch};
use crate::cli::Rolo;

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
