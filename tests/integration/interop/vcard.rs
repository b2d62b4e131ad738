//! vCard imports: 2.1, 3.0 and 4.0, broken cards, directories of cards (vdirs).

use serde_json::json;

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
