//! Imports matched against the customers already there, across scripts and spellings: a
//! Latin spelling of a name in another script is said, not merged; names written family name
//! first or without spaces.

use serde_json::json;

use super::{profile, scratch};
use crate::cli::Rolo;

/// A Latin spelling of a customer's name in another script is not merged by name (a
/// name matches only as it is written) but named: `Nikos Papadopoulos` for
/// `Νίκος Παπαδόπουλος`, whether the customer was there before or came earlier in the file.
#[test]
fn a_latin_spelling_of_a_name_in_another_script_is_said_not_merged() {
    let r = Rolo::new();
    r.ok(&["add", "Νίκος Παπαδόπουλος", "--email", "nikos@hellas.gr"]);
    let f = super::scratch(
        &r,
        "people.csv",
        "Name,Email\n\
         Nikos Papadopoulos,n.papadopoulos@gmail.com\n\
         Дмитрий Иванов,dmitry@ivanov.ru\n\
         Dmitriy Ivanov,\n\
         Nikos Georgiou,\n"
            .as_bytes(),
    );
    let before = r.data_snapshot();
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"],
        json!([
            {"id": 2, "line": 2, "name": "Nikos Papadopoulos", "namesakes": [1], "shared": "name_in_another_script"},
            {"id": 4, "line": 4, "name": "Dmitriy Ivanov", "namesakes": [3], "shared": "name_in_another_script"},
        ])
    );
    assert_eq!(r.data_snapshot(), before);
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "people.csv (csv, UTF-8): 4 created, 0 merged, 0 skipped.\n\
             \x20 created line 2: Nikos Papadopoulos (not merged: #1 has that name in another script; `rolo merge \"#1\" \"#2\"` if it is the same person)\n\
             \x20 created line 4: Dmitriy Ivanov (not merged: #3 has that name in another script; `rolo merge \"#3\" \"#4\"` if it is the same person)\n"
        ),
        "{out}"
    );
    // `rolo dupes` lists both pairs; the two Latin names that only look alike (Nikos
    // Papadopoulos, Nikos Georgiou) are no pair.
    assert_eq!(
        r.ok(&["dupes"]),
        "#1 Νίκος Παπαδόπουλος  ~  #2 Nikos Papadopoulos  (names alike)\n\
         #3 Дмитрий Иванов  ~  #4 Dmitriy Ivanov  (names alike)\n\
         Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"`; if they are two people, \
         `rolo dupes --different \"#A\" \"#B\"` stops listing them (undo takes either back).\n"
    );
}

/// A name only partly in another script is a look-alike of its Latin spelling too, in an
/// import's report and in `rolo dupes` (only a whole name in another script was).
#[test]
fn a_latin_spelling_of_a_name_partly_in_another_script_is_said_not_merged() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Νίκου", "--email", "anna@nikou.gr"]);
    let f = super::scratch(
        &r,
        "people.csv",
        b"Name,Email
Anna Nikou,anna.nikou@gmail.com
",
    );
    assert!(r.ok(&["import", &f]).contains(
        "  created line 2: Anna Nikou (not merged: #1 has that name in another script; \
             `rolo merge \"#1\" \"#2\"` if it is the same person)\n"
    ));
    assert_eq!(
        r.ok(&["dupes"]),
        "#1 Anna Νίκου  ~  #2 Anna Nikou  (names alike)\n\
         Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"`; if they are two people, \
         `rolo dupes --different \"#A\" \"#B\"` stops listing them (undo takes either back).\n"
    );
}

/// A name in another script is a look-alike of a customer's name in Latin letters that
/// spells it, the other way round too: the customer there before or earlier in the file.
#[test]
fn a_name_in_another_script_of_a_customer_in_latin_letters_is_said_not_merged() {
    let r = Rolo::new();
    r.ok(&["add", "Nikos Papadopoulos", "--email", "nikos@hellas.gr"]);
    let f = super::scratch(
        &r,
        "people.csv",
        "Name,Email\n\
         Νίκος Παπαδόπουλος,n.papadopoulos@gmail.com\n\
         Dmitry Ivanov,dmitry@ivanov.ru\n\
         Дмитрий Иванов,\n\
         Γιώργος Νίκου,\n"
            .as_bytes(),
    );
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"],
        json!([
            {"id": 2, "line": 2, "name": "Νίκος Παπαδόπουλος", "namesakes": [1], "shared": "name_in_another_script"},
            {"id": 4, "line": 4, "name": "Дмитрий Иванов", "namesakes": [3], "shared": "name_in_another_script"},
        ])
    );
    assert!(r.ok(&["import", &f]).contains(
        "  created line 2: Νίκος Παπαδόπουλος (not merged: #1 has that name in another script; \
             `rolo merge \"#1\" \"#2\"` if it is the same person)\n"
    ));
}

/// A phone's card with the Latin spelling of a customer's Greek name and their phone is
/// not merged either, and the report says both, not "that phone under another name".
#[test]
fn a_latin_spelling_with_the_same_phone_is_said_as_both() {
    let r = Rolo::new();
    r.ok(&["add", "Γιώργος Παπαδόπουλος", "--phone", "+30 210 412 3456"]);
    let f = super::scratch(
        &r,
        "android.vcf",
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Papadopoulos;Giorgos;;;\r\nFN:Giorgos Papadopoulos\r\n\
          TEL;WORK:+302104123456\r\nEND:VCARD\r\n",
    );
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"],
        json!([
            {"id": 2, "line": 1, "name": "Giorgos Papadopoulos", "namesakes": [1], "shared": "phone_and_name_in_another_script"},
        ])
    );
    assert_eq!(
        r.ok(&["import", &f]),
        format!(
            "Imported {f} (vcard, UTF-8): 1 created, 0 merged, 0 skipped.\n\
             \x20 created line 1: Giorgos Papadopoulos (not merged: #1 has that phone, and that name in another script; `rolo merge \"#1\" \"#2\"` if it is the same person)\n\
             `rolo undo` takes the whole import back.\n"
        )
    );
    // The other way round: a Greek card with the phone of a customer written in Latin.
    let r = Rolo::new();
    r.ok(&["add", "Giorgos Papadopoulos", "--phone", "+30 210 412 3456"]);
    let f = super::scratch(
        &r,
        "iphone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Γιώργος Παπαδόπουλος\r\n\
         TEL;type=WORK:+30 210 412 3456\r\nEND:VCARD\r\n"
            .as_bytes(),
    );
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"][0]["shared"],
        "phone_and_name_in_another_script"
    );
}

/// An organization's name of several words in another script is a look-alike of its Latin
/// spelling as a person's is (its key in the import drops spaces; the spelling keeps them).
#[test]
fn an_organization_s_latin_spelling_is_said_not_merged() {
    let r = Rolo::new();
    r.ok(&["add", "Ελληνικά Τρόφιμα", "--kind", "org"]);
    let f = super::scratch(
        &r,
        "orgs.vcf",
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Ellinika Trofima\r\nORG:Ellinika Trofima\r\nEND:VCARD\r\n",
    );
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"],
        json!([
            {"id": 2, "line": 1, "name": "Ellinika Trofima", "namesakes": [1], "shared": "name_in_another_script"},
        ])
    );
}

/// A Name column written family name first with a comma (`Zhang, Wei`, as Outlook's File As
/// is) keeps the name as written, and is found by its words in any order, the comma aside.
#[test]
fn a_name_written_family_name_first_with_a_comma_is_found_by_its_words() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "people.csv",
        b"Name,E-mail Address\n\"Zhang, Wei\",wei@zhang.cn\n",
    );
    r.ok(&["import", &f]);
    assert_eq!(r.names(&[]), ["Zhang, Wei"]);
    for who in ["wei zhang", "Zhang Wei", "zhang, wei", "wei zh"] {
        assert_eq!(r.show(who)["customer"]["name"], "Zhang, Wei", "{who}");
    }
    assert_eq!(
        r.ok(&["do", "call wei zhang \"pricing ok\""]),
        "Logged call with Zhang, Wei (#1)\n"
    );
    // Written the other way in another file: said, not merged (a name matches as written).
    let f = super::scratch(&r, "more.csv", b"Name,Phone\nWei Zhang,+86 10 1234 5678\n");
    assert!(
        r.ok(&["import", &f, "--dry-run"]).contains(
            "  create line 2: Wei Zhang (not merged: #1 has that name in another order; `rolo merge` if it is the same person)\n"
        )
    );
}

#[test]
fn a_name_written_without_spaces_is_merged_however_it_is_spaced() {
    let r = Rolo::new();
    r.ok(&["add", "山田 太郎", "--notes", "met in Osaka"]);
    r.ok(&["add", "김민준"]);
    let f = scratch(
        &r,
        "people.csv",
        "Name,E-mail Address\n山田太郎,taro@example.jp\n김 민준,minjun@example.kr\n".as_bytes(),
    );
    let rep = r.json(&["import", &f]);
    assert_eq!(rep["created"], 0);
    assert_eq!(rep["merged"], 2);
    assert_eq!(rep["merges"][0]["by"], "name");
    assert_eq!(rep["merges"][1]["by"], "name");
    assert_eq!(r.names(&[]), ["山田 太郎", "김민준"]);
    let taro = profile(&r, "山田太郎");
    assert_eq!(taro["name"], "山田 太郎");
    assert_eq!(taro["notes"], "met in Osaka");
    assert_eq!(
        taro["contacts"],
        json!([{"kind": "email", "value": "taro@example.jp"}])
    );
    assert_eq!(
        profile(&r, "민준")["contacts"],
        json!([{"kind": "email", "value": "minjun@example.kr"}])
    );
}
