//! A new user moving in: an iPhone vCard export, a Google Contacts CSV and an Outlook CSV
//! imported one after the other, then `rolo dupes` and `rolo merge` — exact values.

use serde_json::{Value, json};

use crate::cli::Rolo;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/interop/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn import(r: &Rolo, file: &str) -> Value {
    r.json(&["import", &fixture(file)])
}

#[test]
fn dupes_match_phones_by_their_last_nine_digits_and_leave_switchboards_out() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    let d = r.json(&["dupes"]);
    let anna = r.customer_id("Anna Kowalska");
    let ania = r.customer_id("Ania");
    // The mobile with and without +48 is one phone, shown as each card wrote it; Piotr
    // and Marek share only their office's switchboard (0048 and +48), each with an email
    // of his own: colleagues, counted and not listed.
    assert_eq!(
        d,
        json!([{
            "keep": [anna, "Anna Kowalska"],
            "other": [ania, "Ania"],
            "reasons": ["phone"],
            "values": ["+48 601 234 567 / 601-234-567"]
        }])
    );
    assert_eq!(
        r.ok(&["dupes"]),
        format!(
            "#{anna} Anna Kowalska  ~  #{ania} Ania  (same phone +48 601 234 567 / 601-234-567)\n\
             1 pair shares only a phone and has different emails (colleagues on one line?): not listed; \
             `rolo dupes --all` lists them.\n\
             Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"`; if they are two people, \
             `rolo dupes --different \"#A\" \"#B\"` stops listing them (undo takes either back).\n"
        )
    );
    // --all lists them too, after the likelier pairs.
    let all = r.json(&["dupes", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    assert_eq!(all[1]["reasons"], json!(["phone"]));
    assert_ne!(all[1]["keep"][0], json!(anna));
    // Without an email on one side, a shared office line is still a likely duplicate.
    r.ok(&["add", "Recepcja Budimex", "--phone", "22 555 01 00"]);
    let d = r.json(&["dupes"]);
    assert_eq!(d.as_array().unwrap().len(), 3, "{d}");
    assert_eq!(d[1]["values"], json!(["0048 22 555 01 00 / 22 555 01 00"]));
}

#[test]
fn a_merge_leaves_no_organization_without_people() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    let before = r.names(&["--kind", "org"]);
    // Anna has a company already: the record's other one is not created as an organization
    // nobody belongs to, but kept in her notes; Ania had none, and gets the record's.
    let csv = r.dir.path().join("work.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address,Mobile Phone,Company\n\
         Anna Kowalska,anna.kowalska@budimex.pl,,Budimex Polska\n\
         Ania,,601-234-567,Budimex S.A.\n",
    )
    .unwrap();
    let rep = r.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(
        (rep["merged"].as_u64(), rep["orgs_created"].as_u64()),
        (Some(2), Some(0)),
        "{rep}"
    );
    assert_eq!(
        rep["merges"][0]["added"],
        json!(["notes", "other organization Budimex Polska"])
    );
    assert!(
        r.show("Anna Kowalska")["customer"]["notes"]
            .as_str()
            .unwrap()
            .ends_with("\nOther organization: Budimex Polska"),
    );
    assert_eq!(r.names(&["--kind", "org"]), before);
    assert_eq!(
        r.show("Anna Kowalska")["customer"]["org_name"],
        "Budimex S.A."
    );
    assert_eq!(r.show("Ania")["customer"]["org_name"], "Budimex S.A.");
    let (anna, ania) = (r.customer_id("Anna Kowalska"), r.customer_id("Ania"));
    r.ok(&["merge", &format!("#{anna}"), &format!("#{ania}")]);
    assert_eq!(r.names(&["--kind", "org"]), before);
    assert_eq!(
        r.show("Anna Kowalska")["customer"]["org_name"],
        "Budimex S.A."
    );
}

fn notes(r: &Rolo, who: &str) -> String {
    r.show(who)["customer"]["notes"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn nicknames_are_kept_in_the_notes() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    assert!(notes(&r, "Anna Kowalska").starts_with("Nickname: Ania\n"));
    assert!(notes(&r, "Katarzyna Zielińska").starts_with("Nickname: Kasia\n"));
    // A card with a nickname alone is named by it, and not told its own name again.
    let card = r.dir.path().join("nick.vcf");
    std::fs::write(
        &card,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNICKNAME:Majster\r\nTEL:+48 600 700 800\r\nEND:VCARD\r\n",
    )
    .unwrap();
    r.ok(&["import", card.to_str().unwrap()]);
    assert_eq!(notes(&r, "Majster"), "");
    let g = Rolo::new();
    import(&g, "google_contacts.csv");
    assert!(
        notes(&g, "Tomasz Lewandowski").starts_with("Nickname: Tomek\n"),
        "{}",
        notes(&g, "Tomasz Lewandowski")
    );
    import(&g, "google_old_relations.csv");
    assert!(notes(&g, "Jan Lis").starts_with("Nickname: Jasiek\n"));
}

#[test]
fn a_00_prefix_is_the_same_phone_as_plus() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    import(&r, "google_contacts.csv");
    // Google has Anna's mobile as 0048 601 234 567: the one she has, not a second one.
    assert_eq!(
        r.show("Anna Kowalska")["customer"]["contacts"],
        json!([
            {"kind": "email", "label": "work", "value": "anna.kowalska@budimex.pl"},
            {"kind": "phone", "label": "mobile", "value": "+48 601 234 567"},
            {"kind": "phone", "label": "work", "value": "+48 22 555 01 23"}
        ])
    );
    // Piotr's 0048 switchboard is Marek's +48 one; each has his own email: two people.
    assert_eq!(
        r.show("Marek Wiśniewski")["customer"]["name"],
        "Marek Wiśniewski"
    );
    let piotr = r.customer_id("Piotr Nowak");
    let err = r.refused(
        &[
            "edit",
            &format!("#{piotr}"),
            "--add-phone",
            "+48 22 555 01 00",
        ],
        2,
    );
    assert_eq!(
        err,
        "error: nothing to change: Piotr Nowak has `+48 22 555 01 00` already\n"
    );
}

#[test]
fn a_birthday_without_a_year_is_a_note_not_the_year_1604() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    let anna = &r.show("Anna Kowalska")["customer"];
    assert_eq!(anna["birthday"], Value::Null);
    assert!(
        anna["notes"]
            .as_str()
            .unwrap()
            .ends_with("\nBirthday: 15 March")
    );
    let kasia = &r.show("Katarzyna Zielińska")["customer"];
    assert_eq!(kasia["birthday"], Value::Null);
    assert!(
        kasia["notes"]
            .as_str()
            .unwrap()
            .contains("\nBirthday: 22 July\n")
    );
    // A year given is a birthday.
    assert_eq!(r.show("Piotr Nowak")["customer"]["birthday"], "1985-11-02");
    let g = Rolo::new();
    import(&g, "google_contacts.csv");
    assert_eq!(g.show("Anna Kowalska")["customer"]["birthday"], Value::Null);
    assert!(notes(&g, "Anna Kowalska").contains("\nBirthday: 15 March\n"));
}

/// The profile fields an import sets, for exact comparison.
fn profile(r: &Rolo, who: &str) -> Value {
    let c = &r.show(who)["customer"];
    json!({
        "kind": c["kind"], "name": c["name"], "org": c["org_name"], "title": c["title"],
        "notes": c["notes"], "birthday": c["birthday"], "contacts": c["contacts"],
        "tags": c["tags"],
    })
}

#[test]
fn apple_related_names_and_dates_and_vcard_4_related_are_notes_with_their_labels() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    assert_eq!(
        profile(&r, "Anna Kowalska"),
        json!({
            "kind": "person", "name": "Anna Kowalska", "org": "Budimex S.A.",
            "title": "Kierownik budowy",
            "notes": "Nickname: Ania\nSpouse: Adam\nAnniversary: 2015-06-20\nBirthday: 15 March",
            "birthday": null,
            "contacts": [
                {"kind": "email", "label": "work", "value": "anna.kowalska@budimex.pl"},
                {"kind": "phone", "label": "mobile", "value": "+48 601 234 567"}
            ],
            "tags": []
        })
    );
    // A label of the user's own is kept as it is written.
    assert_eq!(
        notes(&r, "Katarzyna Zielińska"),
        "Nickname: Kasia\nBirthday: 22 July\nBrother: Tomek\nImieniny: 2010-09-04"
    );
    import(&r, "v40_related.vcf");
    assert_eq!(
        notes(&r, "Jan Lis"),
        "Spouse: Ewa Lis\nColleague: urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\n\
         Anniversary: 2015-06-20\nBirthday: 15 March"
    );
    assert_eq!(r.show("Jan Lis")["customer"]["birthday"], Value::Null);
}

#[test]
fn google_relations_events_and_custom_fields_are_labelled_notes() {
    let r = Rolo::new();
    import(&r, "google_contacts.csv");
    assert_eq!(
        profile(&r, "Tomasz Lewandowski"),
        json!({
            "kind": "person", "name": "Tomasz Lewandowski", "org": "Orlen S.A.",
            "title": "Dyrektor zakupów",
            "notes": "Nickname: Tomek\nName prefix: Dr.\nDepartment: Zakupy\nSpouse: Magda\nChild: Zosia\nAnniversary: 2008-08-16\nKlient od: 2019",
            "birthday": "1979-04-02",
            "contacts": [
                {"kind": "email", "label": "work", "value": "tomasz.lewandowski@orlen.pl"},
                {"kind": "phone", "label": "work", "value": "+48 24 256 00 00"},
                {"kind": "url", "label": "profile", "value": "https://www.linkedin.com/in/tlewandowski"}
            ],
            "tags": []
        })
    );
    assert_eq!(
        notes(&r, "Anna Kowalska"),
        "Poznana na targach Budma\nNickname: Ania\nBirthday: 15 March\nSpouse: Adam\nAnniversary: 2015-06-20\nUlubiona kawa: flat white"
    );
    // The older export's Type columns.
    import(&r, "google_old_relations.csv");
    assert_eq!(
        notes(&r, "Jan Lis"),
        "Nickname: Jasiek\nSpouse: Ewa\nAnniversary: 2015-06-20\nNIP: 525-000-11-22"
    );
}

#[test]
fn an_organization_spelled_with_other_dots_spaces_or_case_is_one() {
    let r = Rolo::new();
    // The iPhone has `Budimex S.A.`, `Budimex SA` and `budimex sa`; Google's old export
    // `Budimex S.A`: one organization, under the spelling seen first.
    import(&r, "iphone.vcf");
    assert_eq!(r.names(&["--kind", "org"]), ["Budimex S.A."]);
    for who in ["Anna Kowalska", "Piotr Nowak", "Marek Wiśniewski"] {
        assert_eq!(r.show(who)["customer"]["org_name"], "Budimex S.A.", "{who}");
    }
    let rep = import(&r, "google_old_relations.csv");
    assert_eq!(rep["orgs_created"], 0, "{rep}");
    assert_eq!(r.show("Jan Lis")["customer"]["org_name"], "Budimex S.A.");
    // Different names stay different: a letter more, or a legal form, is another name.
    let csv = r.dir.path().join("near.csv");
    std::fs::write(
        &csv,
        "Name,Company\nA One,ABC\nA Two,ABCD\nA Three,a.b.c\nA Four,Budimex S.A. Sp. k.\n",
    )
    .unwrap();
    let rep = r.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(rep["orgs_created"], 3, "{rep}");
    assert_eq!(
        r.names(&["--kind", "org"]),
        ["ABC", "ABCD", "Budimex S.A.", "Budimex S.A. Sp. k."]
    );
    assert_eq!(r.show("A Three")["customer"]["org_name"], "ABC");
}

#[test]
fn a_merge_in_the_import_report_says_what_it_added() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    let anna = r.customer_id("Anna Kowalska");
    let out = r.ok(&["import", &fixture("google_contacts.csv"), "--dry-run"]);
    let line = format!(
        "  merged line 2: Anna Kowalska into #{anna} (same email) — added notes, phone +48 22 555 01 23, tag vip\n"
    );
    assert!(out.contains(&line), "{out}");
    let rep = import(&r, "google_contacts.csv");
    assert_eq!(
        rep["merges"],
        json!([{
            "line": 2, "name": "Anna Kowalska", "into": anna, "by": "email", "changed": true,
            "added": ["notes", "phone +48 22 555 01 23", "tag vip"]
        }])
    );
    // Imported again, it adds nothing, and says nothing was added.
    let rep = import(&r, "google_contacts.csv");
    assert_eq!(rep["merges"][0]["added"], json!([]));
    // Control characters from the file are stripped on import; every addition is named.
    let csv = r.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address,E-mail 2 Address,Mobile Phone,Job Title,Categories\n\
         Anna Kowalska,anna.kowalska@budimex.pl,a\u{1b}[2J@x.pl,+48 600 000 001,Szefowa,one;two;three\n",
    )
    .unwrap();
    let out = r.ok(&["import", csv.to_str().unwrap()]);
    assert!(
        out.contains(&format!(
            "  merged line 2: Anna Kowalska into #{anna} (same email) — added notes, email a[2J@x.pl, phone +48 600 000 001, tag one, tag two, \
             tag three, other title Szefowa\n"
        )),
        "{out}"
    );
}

#[test]
fn notes_merged_from_another_export_do_not_repeat_their_lines() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    import(&r, "google_contacts.csv");
    // Google says Ania's nickname, birthday, spouse and anniversary again: only what the
    // iPhone did not have is added.
    assert_eq!(
        notes(&r, "Anna Kowalska"),
        "Nickname: Ania\nSpouse: Adam\nAnniversary: 2015-06-20\nBirthday: 15 March\n\
         Poznana na targach Budma\nUlubiona kawa: flat white"
    );
    assert_eq!(
        notes(&r, "Anna Kowalska").matches("Nickname: Ania").count(),
        1
    );
}

#[test]
fn an_outlook_export_imports_exactly_with_its_empty_dates_and_defaults_left_out() {
    let r = Rolo::new();
    let rep = import(&r, "outlook_export.csv");
    assert_eq!(
        (
            rep["format"].as_str(),
            rep["encoding"].as_str(),
            rep["created"].as_u64(),
            rep["skipped"].as_u64(),
            rep["orgs_created"].as_u64()
        ),
        (Some("csv"), Some("UTF-8"), Some(7), Some(0), Some(4)),
        "{rep}"
    );
    let with_address = |who: &str| {
        let mut p = profile(&r, who);
        p["address"] = r.show(who)["customer"]["address"].clone();
        p
    };
    let email = |v: &str| json!({"kind": "email", "value": v});
    let phone = |l: &str, v: &str| json!({"kind": "phone", "label": l, "value": v});
    // `Mr.` is a prefix, not the job title; the note's CRLF is a line break; Account is
    // not the company; 0/0/00, Unspecified, False, Normal and SMTP are nothing.
    assert_eq!(
        with_address("Jürgen Müller"),
        json!({
            "kind": "person", "name": "Jürgen Müller", "org": "Müller GmbH",
            "title": "Einkaufsleiter",
            "notes": "Prefers calls\nSpeaks some Polish\nName prefix: Mr.\nDepartment: Vertrieb\nAccount: K-1042",
            "birthday": "1980-05-14",
            "address": "Hauptstraße 1, 80331 München, Germany",
            "contacts": [
                phone("work", "+49 89 123456"), phone("mobile", "+49 170 1234567"),
                email("j.mueller@mueller.de"), {"kind": "url", "value": "www.mueller.de"}
            ],
            "tags": ["holiday-cards", "key-customer"]
        })
    );
    assert_eq!(
        with_address("Zoë Smith"),
        json!({
            "kind": "person", "name": "Zoë Smith", "org": null, "title": null, "notes": "",
            "birthday": null, "address": null,
            "contacts": [
                phone("home", "(555) 010-2000"), email("zoe@example.com"),
                email("zoe.smith@example.org")
            ],
            "tags": []
        })
    );
    // A real anniversary is a note in ISO form, as Google's and Apple's are.
    assert_eq!(
        with_address("Дмитрий Иванов"),
        json!({
            "kind": "person", "name": "Дмитрий Иванов", "org": "ООО «Ромашка»",
            "title": "Директор", "notes": "Anniversary: 2005-06-20\nSpouse: Анна",
            "birthday": "1975-03-08", "address": null,
            "contacts": [phone("mobile", "+7 916 123-45-67"), email("dmitry@romashka.ru")],
            "tags": ["partners"]
        })
    );
    assert_eq!(
        with_address("山田 太郎"),
        json!({
            "kind": "person", "name": "山田 太郎", "org": "株式会社山田", "title": null,
            "notes": "", "birthday": null, "address": null,
            "contacts": [phone("work", "+81 3-1234-5678"), email("yamada@yamada.co.jp")],
            "tags": []
        })
    );
    assert_eq!(
        with_address("Łucja Maria Żółć-Kowalska"),
        json!({
            "kind": "person", "name": "Łucja Maria Żółć-Kowalska", "org": "Acme Sp. z o.o.",
            "title": "CTO", "notes": "Children: Ola, Jaś", "birthday": null,
            "address": "Skr. poczt. 12, 00-001 Warszawa",
            "contacts": [
                phone("work", "+48 22 111 22 33"), phone("mobile", "+48 600 100 200"),
                email("lucja@acme.pl"), email("lucja@home.pl")
            ],
            "tags": ["key-accounts", "vip"]
        })
    );
    // An Exchange colleague's X.500 path is no address to write to: his SMTP one is kept.
    assert_eq!(
        with_address("Paweł Kowalczyk"),
        json!({
            "kind": "person", "name": "Paweł Kowalczyk", "org": "Acme Sp. z o.o.",
            "title": null, "notes": "Department: IT\nOffice Location: Warszawa, p. 3",
            "birthday": null, "address": null,
            "contacts": [email("pawel.kowalczyk@acme.pl")],
            "tags": []
        })
    );
    assert_eq!(
        with_address("Globex Corporation"),
        json!({
            "kind": "org", "name": "Globex Corporation", "org": null, "title": null,
            "notes": "", "birthday": null, "address": null,
            "contacts": [
                phone("work", "+1 555 0199"), email("info@globex.com"),
                {"kind": "url", "value": "https://globex.example"}
            ],
            "tags": []
        })
    );
    assert_eq!(
        r.names(&["--kind", "org"]),
        [
            "Acme Sp. z o.o.",
            "Globex Corporation",
            "Müller GmbH",
            "ООО «Ромашка»",
            "株式会社山田"
        ]
    );
    // Imported again, it is all there already.
    let again = import(&r, "outlook_export.csv");
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(7)),
        "{again}"
    );
}

/// Outlook's `Private` column is its privacy flag (`False`), and was left out whatever it
/// held; some exports put a private phone there, which was lost without a word.
#[test]
fn an_outlook_private_column_holding_a_phone_is_read_as_a_phone() {
    let r = Rolo::new();
    let f = fixture("outlook_private.csv");
    let said = r.ok(&["import", &f, "--dry-run"]);
    assert!(
        said.contains(
            "; phone (private) when a number, left out when a flag ← Private; web address ← "
        ),
        "{said}"
    );
    let rep = import(&r, "outlook_private.csv");
    assert_eq!(
        (rep["created"].as_u64(), rep["skipped"].as_u64()),
        (Some(4), Some(0)),
        "{rep}"
    );
    let phone = |l: &str, v: &str| json!({"kind": "phone", "label": l, "value": v});
    assert_eq!(
        profile(&r, "anna kowalska")["contacts"],
        json!([
            phone("mobile", "+48 600 100 200"),
            {"kind": "email", "value": "anna@acme.pl"},
            phone("private", "+48 22 123 45 67")
        ])
    );
    // A flag is nothing; any other text is kept in the notes, as an unknown column's.
    assert_eq!(notes(&r, "Jan Nowak"), "");
    assert_eq!(notes(&r, "Ewa Lis"), "");
    assert_eq!(notes(&r, "Ola Kot"), "Private: ask her sister");
}

/// Google's department (either column set), a vCard's `ORG` unit and Outlook's
/// `Department` are one notes line: the same person from two of them says it once.
#[test]
fn a_department_from_google_and_from_a_phone_is_one_notes_line() {
    let r = Rolo::new();
    let dir = r.dir.path();
    std::fs::write(
        dir.join("google.csv"),
        "First Name,Last Name,Organization Name,Organization Department,E-mail 1 - Value\n\
         Małgorzata,Żak,Łódź Sp. z o.o.,Zakupy,m.zak@lodz.pl\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("phone.vcf"),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Żak;Małgorzata;;;\r\nFN:Małgorzata Żak\r\n\
         ORG:Łódź Sp. z o.o.;Zakupy\r\nEMAIL:m.zak@lodz.pl\r\nEND:VCARD\r\n",
    )
    .unwrap();
    r.ok(&["import", dir.join("google.csv").to_str().unwrap()]);
    assert_eq!(notes(&r, "Małgorzata Żak"), "Department: Zakupy");
    let phone = dir.join("phone.vcf");
    let report = r.ok(&["import", phone.to_str().unwrap()]);
    assert_eq!(
        report,
        format!(
            "Imported {} (vcard, UTF-8): 0 created, 0 merged, 1 unchanged, 0 skipped.\n  \
             unchanged line 1: Małgorzata Żak is #2 (same email), with nothing new\n\
             Nothing was written: rolo already had everything in the file.\n",
            phone.display()
        )
    );
    assert_eq!(notes(&r, "Małgorzata Żak"), "Department: Zakupy");
}
