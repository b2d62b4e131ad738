//! CSV imports: the common exports, delimiters and encodings, `--map`, broken rows.

use serde_json::{Value, json};

use super::{fixture, import, profile, scratch};
use crate::cli::Rolo;

#[test]
fn import_google_new_csv_keeps_every_value() {
    let r = Rolo::new();
    let rep = import(&r, "google_new.csv", &[]);
    assert_eq!(
        (rep["created"].as_u64(), rep["orgs_created"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        profile(&r, "lucja@acme.pl"),
        json!({
            "kind": "person", "name": "Łucja Żółć-Kowalska", "org": "Acme Sp. z o.o.", "title": "CTO",
            "address": "ul. Długa 5, 00-001 Warszawa, Poland",
            "notes": "Met at \"Expo\"\nwants catalog", "birthday": "1980-05-14",
            "contacts": [
                {"kind": "email", "label": "work", "value": "lucja@acme.pl"},
                {"kind": "email", "label": "home", "value": "lucja@home.pl"},
                {"kind": "phone", "label": "mobile", "value": "+48 600 100 200"},
                {"kind": "phone", "label": "mobile", "value": "+48 22 111 22 33"}
            ],
            "tags": ["key-accounts", "vip"]
        })
    );
    assert_eq!(
        r.show("dmitry@example.ru")["customer"]["name"],
        "Дмитрий Иванов"
    );
    assert_eq!(
        r.show("dmitry@example.ru")["customer"]["notes"],
        "Birthday: 14 May"
    );
    assert_eq!(r.show("yamada@example.jp")["customer"]["name"], "山田 太郎");
    let globex = r.show("info@globex.com");
    assert_eq!(globex["customer"]["kind"], "org");
    assert_eq!(globex["customer"]["name"], "Globex Corporation");
    assert_eq!(globex["customer"]["tags"], json!(["suppliers"]));
}

#[test]
fn import_google_old_outlook_thunderbird_linkedin() {
    let r = Rolo::new();
    import(&r, "google_old.csv", &[]);
    assert_eq!(
        profile(&r, "rene@dupont.fr"),
        json!({
            "kind": "person", "name": "René Dupont", "org": "Dupont SARL", "title": "Gérant",
            "address": null, "notes": "", "birthday": "1975-12-01",
            "contacts": [
                {"kind": "email", "label": "work", "value": "rene@dupont.fr"},
                {"kind": "phone", "label": "work", "value": "+33 1 23 45 67 89"}
            ],
            "tags": ["partners"]
        })
    );
    let rep = import(&r, "outlook.csv", &[]);
    assert_eq!(rep["encoding"], "windows-1252");
    assert_eq!(
        profile(&r, "j.mueller@mueller.de"),
        json!({
            "kind": "person", "name": "Jürgen Müller", "org": "Müller GmbH", "title": "Einkaufsleiter",
            "address": "Hauptstraße 1, 80331 München, Germany",
            "notes": "Prefers calls\nName prefix: Mr.\nDepartment: Sales", "birthday": "1980-05-14",
            "contacts": [
                {"kind": "phone", "label": "work", "value": "+49 89 123456"},
                {"kind": "phone", "label": "mobile", "value": "+49 170 1234567"},
                {"kind": "email", "value": "j.mueller@mueller.de"}
            ],
            "tags": ["holiday-cards", "key-customer"]
        })
    );
    assert_eq!(
        r.show("zoe@example.com")["customer"]["birthday"],
        Value::Null
    );
    import(&r, "thunderbird.csv", &[]);
    assert_eq!(
        profile(&r, "ola@nordmann.no"),
        json!({
            "kind": "person", "name": "Ola Nordmann", "org": "Nordmann AS", "title": "Daglig leder",
            "address": "Storgata 1, 0155 Oslo, Norway", "notes": "Likes skiing", "birthday": "1970-03-09",
            "contacts": [
                {"kind": "email", "value": "ola@nordmann.no"},
                {"kind": "phone", "label": "work", "value": "+47 22 33 44 55"},
                {"kind": "phone", "label": "mobile", "value": "+47 912 34 567"},
                {"kind": "url", "value": "https://nordmann.no"}
            ],
            "tags": []
        })
    );
    let rep = import(&r, "linkedin.csv", &[]);
    assert_eq!(rep["created"], 2);
    let priya = profile(&r, "priya sharma");
    assert_eq!(priya["org"], "Initech");
    assert_eq!(priya["title"], "Product Manager");
    assert_eq!(priya["notes"], "Connected On: 12 Mar 2021");
    assert_eq!(
        priya["contacts"],
        json!([{"kind": "url", "value": "https://www.linkedin.com/in/priyasharma"}])
    );
}

#[test]
fn import_outlook_and_thunderbird_in_german_and_french() {
    let r = Rolo::new();
    let rep = import(&r, "outlook_de.csv", &[]);
    assert_eq!(
        (rep["created"].as_u64(), rep["encoding"].as_str()),
        (Some(2), Some("windows-1252"))
    );
    assert_eq!(
        profile(&r, "klaus@baeckerei-schaefer.de"),
        json!({
            "kind": "person", "name": "Klaus Schäfer", "org": "Bäckerei Schäfer", "title": "Inhaber",
            "address": "Marktplatz 3, 50667 Köln, Deutschland",
            "notes": "Bestellt jeden Montag.\nName prefix: Herr\nAbteilung: Vertrieb\nOrt: Filiale Nord\nHome address: Rosenweg 4, 50668 Köln, Deutschland",
            "birthday": "1965-12-24",
            "contacts": [
                {"kind": "phone", "label": "work", "value": "+49 221 9876543"},
                {"kind": "phone", "label": "work", "value": "+49 221 98765-0"},
                {"kind": "phone", "label": "mobile", "value": "+49 172 5551234"},
                {"kind": "email", "value": "klaus@baeckerei-schaefer.de"},
                {"kind": "email", "value": "k.schaefer@web.de"},
                {"kind": "url", "value": "www.baeckerei-schaefer.de"}
            ],
            "tags": ["bäcker", "kunde"]
        })
    );
    // `0.0.00` is no date; Outlook's defaults stay out of the notes.
    let erika = profile(&r, "erika@example.de");
    assert_eq!(
        (&erika["birthday"], &erika["notes"]),
        (&Value::Null, &json!(""))
    );
    import(&r, "outlook_fr.csv", &[]);
    let etienne = profile(&r, "etienne.lefevre@edf.fr");
    assert_eq!(
        (&etienne["title"], &etienne["notes"], &etienne["birthday"]),
        (
            &json!("Acheteur"),
            &json!("Préfère le vouvoiement.\nName prefix: M.\nService: Achats"),
            &json!("1975-05-14")
        )
    );
    assert_eq!(
        etienne["contacts"],
        json!([
            {"kind": "phone", "label": "work", "value": "01 40 42 22 22"},
            {"kind": "phone", "label": "mobile", "value": "+33 6 12 34 56 78"},
            {"kind": "email", "value": "etienne.lefevre@edf.fr"}
        ])
    );
    import(&r, "thunderbird_de.csv", &[]);
    assert_eq!(
        profile(&r, "juergen@beispiel.de"),
        json!({
            "kind": "person", "name": "Jürgen Müller", "org": "Beispiel GmbH", "title": "Einkaufsleiter",
            "address": "Hauptstraße 1, 10115 Berlin, Deutschland",
            "notes": "Kunde seit 2019\nAbteilung: Einkauf", "birthday": "1970-03-02",
            "contacts": [
                {"kind": "email", "value": "juergen@beispiel.de"},
                {"kind": "email", "value": "j.mueller@web.de"},
                {"kind": "phone", "label": "work", "value": "+49 30 1234567"},
                {"kind": "phone", "label": "mobile", "value": "+49 171 2345678"},
                {"kind": "url", "value": "https://beispiel.de"}
            ],
            "tags": []
        })
    );
    // A birthday without a year (Geburtsmonat and Geburtstag only) is a note.
    let grete = profile(&r, "grete@weiss.de");
    assert_eq!(
        (&grete["birthday"], &grete["notes"], &grete["address"]),
        (
            &Value::Null,
            &json!("Birthday: 24 December"),
            &json!("Rosenweg 4, 80331 München, Bayern, Deutschland")
        )
    );
    // French Thunderbird names its home and work address columns alike: the first `Ville`
    // is the home city, the second the work one (the customer's address; home goes to notes).
    import(&r, "thunderbird_fr.csv", &[]);
    assert_eq!(
        profile(&r, "amelie.dubois@exemple.fr"),
        json!({
            "kind": "person", "name": "Amélie Dubois", "org": "Société Générale de Café",
            "title": "Acheteuse", "address": "8 avenue de l'Opéra, 75001 Paris, France",
            "notes": "Préfère le matin\nService: Achats\nHome address: 12 rue des Lilas, 69003 Lyon, France",
            "birthday": "1982-07-14",
            "contacts": [
                {"kind": "email", "value": "amelie.dubois@exemple.fr"},
                {"kind": "phone", "label": "work", "value": "+33 1 44 55 66 77"},
                {"kind": "phone", "label": "mobile", "value": "+33 6 12 34 56 78"}
            ],
            "tags": []
        })
    );
    assert_eq!(
        profile(&r, "theo@lefevre.fr")["address"],
        "3 place Bellecour, 69002 Lyon, France"
    );
}

#[test]
fn import_with_a_map_and_the_error_without_one() {
    let r = Rolo::new();
    let err = r.refused(&["import", &fixture("noname.csv")], 2);
    assert!(
        err.contains("no column gives a name; the columns are: `Foo`, `Bar`, `Mail`. Map one with --map \"Column=name\""),
        "{err}"
    );
    let rep = import(
        &r,
        "custom.csv",
        &["--map", "Full name=name,Mail=email,Firma=org"],
    );
    assert_eq!(rep["created"], 1);
    let a = profile(&r, "anna@wisniewska.pl");
    assert_eq!(a["name"], "Anna Wiśniewska");
    assert_eq!(a["org"], "Wiśnia Sp. j.");
    assert_eq!(a["notes"], "Komentarz: ok");
    let err = r.refused(&["import", &fixture("custom.csv"), "--map", "Nope=name"], 2);
    assert!(
        err.contains("--map names columns the file does not have: `Nope`"),
        "{err}"
    );
    let err = r.refused(&["import", &fixture("custom.csv"), "--map", "Mail=mail"], 2);
    assert!(err.contains("--map: unknown field `mail`"), "{err}");
    // A column twice, or to two fields: refused before the file is read.
    let err = r.refused(
        &[
            "import",
            &fixture("custom.csv"),
            "--map",
            "Full name=name,Mail=email,Mail=phone",
        ],
        2,
    );
    assert_eq!(
        err,
        "error: --map: column `Mail` is mapped to both `email` and `phone` (`Mail=phone`); \
         map each column to one field\n"
    );
}

#[test]
fn a_broken_record_stops_the_import_unless_skip_bad() {
    let r = Rolo::seeded();
    let err = r.refused(&["import", &fixture("bad_email.csv")], 1);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: line 3 (record 2), field `Email`: `not-an-email` is not an email address \
             (expected name@example.com); nothing was imported (fix the record, or pass --skip-bad to import the rest)",
            fixture("bad_email.csv")
        )
    );
    let rep = import(&r, "bad_email.csv", &["--skip-bad"]);
    assert_eq!(
        (rep["created"].as_u64(), rep["skipped"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        rep["skipped_records"],
        json!([
            "line 3 (record 2), field `Email`: `not-an-email` is not an email address (expected name@example.com)",
            "line 4 (record 3), field `Phone`: `call me maybe` is not a phone number (digits, spaces and + - ( ) . / only, and an extension such as x12 or ext. 12)"
        ])
    );
}

#[test]
fn the_import_summary_says_one_organization() {
    let r = Rolo::new();
    let f = fixture("semicolon_cp1250.csv");
    let out = r.ok(&["import", &f]);
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "Imported {f} (csv, windows-1250): 2 created, 0 merged, 0 skipped; 1 organization created."
        )
    );
    let f = scratch(&r, "two.csv", b"Name,Company\nA,Acme\nB,Globex\n");
    let out = r.ok(&["import", &f]);
    assert!(out.contains("; 2 organizations created.\n"), "{out}");
    // The undo list says it in the same words.
    let list = r.json(&["undo", "--list"]);
    let said: Vec<&str> = list["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        said,
        [
            "import two.csv: 2 created, 0 merged; 2 organizations created",
            "import semicolon_cp1250.csv: 2 created, 0 merged; 1 organization created"
        ]
    );
}

#[test]
fn show_displays_a_stored_birthday() {
    let r = Rolo::new();
    import(&r, "google_new.csv", &[]);
    let out = r.ok(&["show", "lucja@acme.pl"]);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("birthday")).collect();
    assert_eq!(lines, ["  birthday 14 May 1980"], "{out}");
    assert_eq!(
        r.show("lucja@acme.pl")["customer"]["birthday"],
        "1980-05-14"
    );
    // Without one, no line.
    r.ok(&["add", "Nobody Special"]);
    assert!(!r.ok(&["show", "nobody"]).contains("birthday"));
}

#[test]
fn a_column_map_for_a_file_without_columns_is_refused() {
    let r = Rolo::seeded();
    let vcf = fixture("v21.vcf");
    let err = r.refused(&["import", &vcf, "--map", "Full name=name"], 2);
    assert_eq!(
        err,
        format!("error: --map names CSV columns, and `{vcf}` is a vCard file; leave --map out\n")
    );
}

#[test]
fn a_spreadsheet_in_another_language_is_read_and_its_preview_says_where_columns_go() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "kontakty.csv",
        "Imię,Nazwisko,Poczta,Komórka,Mejl,Uwagi\r\n\
         Łucja,Żak,lucja@example.pl,+48 600 100 200,lz@example.com,Lubi kawę\r\n"
            .as_bytes(),
    );
    let out = r.ok(&["import", &f, "--dry-run"]);
    assert_eq!(
        out,
        format!(
            "Would import {f} (csv, UTF-8): 1 created, 0 merged, 0 skipped.\n  \
             warning: column `Mejl` holds emails but goes to the notes; to read them as emails: \
             --map \"Mejl=email\"\n  \
             create line 2: Łucja Żak\n  \
             columns: first name ← Imię; last name ← Nazwisko; email ← Poczta; phone (mobile) ← \
             Komórka; notes ← Mejl, Uwagi\nNothing was written (dry run).\n"
        )
    );
    // Mapped as the warning says, the column is an email; the rest is recognized still.
    r.ok(&["import", &f, "--map", "Mejl=email"]);
    assert_eq!(
        profile(&r, "lucja"),
        json!({
            "kind": "person", "name": "Łucja Żak", "org": null, "title": null, "address": null,
            "notes": "Lubi kawę", "birthday": null, "tags": [],
            "contacts": [
                {"kind": "email", "value": "lucja@example.pl"},
                {"kind": "phone", "label": "mobile", "value": "+48 600 100 200"},
                {"kind": "email", "value": "lz@example.com"},
            ],
        })
    );
}

#[test]
fn name_prefixes_and_phonetic_names_are_kept_in_the_notes() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "google.csv",
        "First Name,Last Name,Phonetic First Name,Phonetic Last Name,Name Prefix,Initials,E-mail 1 - Value\n\
         太郎,山田,たろう,やまだ,Dr.,T.Y.,taro@example.jp\n\
         Anna,Nowak,,,Dr.,A.N.,anna@example.pl\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    let taro = r.show("taro@example.jp");
    assert_eq!(taro["customer"]["name"], "山田 太郎");
    assert_eq!(
        taro["customer"]["notes"],
        "Name prefix: Dr.\nPhonetic name: やまだ たろう"
    );
    assert_eq!(
        r.show("anna@example.pl")["customer"]["notes"],
        "Name prefix: Dr."
    );
}

#[test]
fn addresses_names_emails_phones_and_dates_are_read_as_people_type_them() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "clientes.csv",
        "Nombre,Apellidos,Correo,Teléfono,Dirección,Ciudad,Código postal,País,Fecha de nacimiento\n\
         José Luis,García Márquez,\"Jose <jose@example.es>; jl@example.es\",\"+34 612 345 678 ext. 12\",\
         Calle Mayor 1,Madrid,28013,España,14 May 1981\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        profile(&r, "jose@example.es"),
        json!({
            "kind": "person", "name": "José Luis García Márquez", "org": null, "title": null,
            "address": "Calle Mayor 1, 28013 Madrid, España", "notes": "",
            "birthday": "1981-05-14", "tags": [],
            "contacts": [
                {"kind": "email", "value": "jose@example.es"},
                {"kind": "email", "value": "jl@example.es"},
                {"kind": "phone", "value": "+34 612 345 678 x12"},
            ],
        })
    );
    // A formatted address keeps the parts it lacks (Google leaves out the region).
    let g = scratch(
        &r,
        "google.csv",
        "Name,E-mail 1 - Value,Address 1 - Formatted,Address 1 - City,Address 1 - Region\n\
         Ola Lis,ola@example.pl,\"ul. Prosta 1, 00-850 Warszawa\",Warszawa,mazowieckie\n"
            .as_bytes(),
    );
    r.ok(&["import", &g]);
    assert_eq!(
        r.show("ola@example.pl")["customer"]["address"],
        "ul. Prosta 1, 00-850 Warszawa, mazowieckie"
    );
}

/// Google labels and vCard categories a tag cannot spell whole (`&`, emoji, quotes) become
/// the tag it can, and the label itself goes to the notes: no contact is refused for a
/// label, and nothing of one is lost.
#[test]
fn a_label_a_tag_cannot_spell_whole_is_kept_in_the_notes_beside_its_tag() {
    let r = Rolo::new();
    let csv = super::scratch(
        &r,
        "google.csv",
        "First Name,Last Name,E-mail 1 - Value,Labels\n\
         Anna,Kowalska,anna@acme.pl,Family & Friends ::: Fun 🎉 ::: Vip ::: * myContacts\n\
         Jan,Nowak,jan@acme.pl,🎉\n"
            .as_bytes(),
    );
    let out = r.ok(&["import", &csv]);
    assert!(out.contains("2 created, 0 merged, 0 skipped"), "{out}");
    let anna = r.show("anna@acme.pl");
    assert_eq!(
        anna["customer"]["tags"],
        json!(["family-friends", "fun", "vip"])
    );
    assert_eq!(
        anna["customer"]["notes"],
        "Labels: Family & Friends\nLabels: Fun 🎉"
    );
    let jan = r.show("jan@acme.pl");
    assert_eq!(jan["customer"]["tags"], json!([]));
    assert_eq!(jan["customer"]["notes"], "Labels: 🎉");
    let vcf = super::scratch(
        &r,
        "phone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ewa Lis\r\nEMAIL:ewa@lis.pl\r\n\
         CATEGORIES:\"quoted\",Fun 🎉,key\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    r.ok(&["import", &vcf]);
    let ewa = r.show("ewa@lis.pl");
    assert_eq!(ewa["customer"]["tags"], json!(["fun", "key", "quoted"]));
    assert_eq!(
        ewa["customer"]["notes"],
        "Category: \"quoted\"\nCategory: Fun 🎉"
    );
}

/// Google marks its own groups with a `*`: `* myContacts` (every contact is in it) means
/// nothing here, but a contact the user starred, or put in Friends, Family or Coworkers,
/// keeps that as a tag.
#[test]
fn google_starred_and_its_own_groups_are_tags() {
    let r = Rolo::new();
    let csv = super::scratch(
        &r,
        "google.csv",
        "First Name,Last Name,E-mail 1 - Value,Labels
         Anna,Kowalska,anna@acme.pl,* myContacts ::: * starred ::: * coworkers ::: Klienci
         Jan,Nowak,jan@acme.pl,* myContacts
"
        .as_bytes(),
    );
    r.ok(&["import", &csv]);
    let anna = r.show("anna@acme.pl");
    assert_eq!(
        anna["customer"]["tags"],
        json!(["coworkers", "klienci", "starred"])
    );
    assert_eq!(anna["customer"]["notes"], "");
    assert_eq!(r.show("jan@acme.pl")["customer"]["tags"], json!([]));
}

#[test]
fn a_chinese_name_put_together_from_its_parts_is_found_as_it_is_written() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "google.csv",
        "First Name,Last Name,E-mail 1 - Value\n伟,王,wang.wei@example.cn\n小龍,李,li@example.hk\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    // Google gives the parts; the name keeps them apart, and `王伟`, as it is written, finds it.
    assert_eq!(r.show("王伟")["customer"]["name"], "王 伟");
    assert_eq!(r.show("王 伟")["customer"]["name"], "王 伟");
    assert_eq!(
        r.ok(&["log", "王伟", "call", "报价"]),
        "Logged call with 王 伟 (#1)\n"
    );
    // A name that starts with those characters is another candidate, not a choice made.
    r.ok(&["add", "王伟华"]);
    let err = r.refused(&["show", "王伟"], 2);
    assert_eq!(
        err,
        "error: `王伟` matches 2 customers; pick one by #id or more of the name\n  \
         ID  NAME    ORGANIZATION  EMAIL\n  \
         #1  王 伟                 wang.wei@example.cn\n  \
         #3  王伟华\n\
         pick one with its id, e.g. \"#1\" in place of the name\n"
    );
    assert_eq!(r.show("王 伟")["customer"]["name"], "王 伟");
    r.ok(&["undo"]);
    // So does the list's name filter (the screen's `f` too).
    assert_eq!(r.names(&["--name", "王伟"]), ["王 伟"]);
    assert_eq!(r.names(&["--name", "李小"]), ["李 小龍"]);
    // A part typed alone still finds it by its word; the parts the other way round are
    // only suggested.
    assert_eq!(r.show("伟")["customer"]["name"], "王 伟");
    let err = r.refused(&["show", "伟王"], 2);
    assert_eq!(
        err,
        "error: no customer matches `伟王`; did you mean `王 伟`?\n"
    );
}

/// Google's "Outlook CSV" export has a `Personal Web Page` beside `Web Page`: a web
/// address labelled home, not a notes line.
#[test]
fn a_personal_web_page_is_a_home_web_address() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "contacts.csv",
        "First Name,Last Name,E-mail Address,Personal Web Page,Web Page\n\
         Anna,Nowak,anna@nowak.pl,https://anna.blog.pl,https://firma.pl\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    let anna = r.show("anna@nowak.pl");
    assert_eq!(
        anna["customer"]["contacts"],
        json!([
            {"kind": "email", "value": "anna@nowak.pl"},
            {"kind": "url", "label": "home", "value": "https://anna.blog.pl"},
            {"kind": "url", "value": "https://firma.pl"},
        ])
    );
    assert_eq!(anna["customer"]["notes"], "");
}
