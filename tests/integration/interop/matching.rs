//! Imports matched against the customers already there: merges, namesakes, dry runs, undo.

use serde_json::json;

use super::{fixture, import, profile};
use crate::cli::Rolo;

#[test]
fn dry_run_writes_nothing_and_reimport_changes_nothing_then_undo_takes_it_back() {
    let r = Rolo::new();
    r.ok(&["add", "Someone Else"]);
    let before = r.snapshot();
    let out = r.ok(&["import", &fixture("google_new.csv"), "--dry-run"]);
    assert!(out.contains("Would import"), "{out}");
    assert!(
        out.contains("  create line 2: Łucja Żółć-Kowalska\n"),
        "{out}"
    );
    assert!(out.contains("Nothing was written (dry run)."), "{out}");
    assert_eq!(before, r.snapshot());
    import(&r, "google_new.csv", &[]);
    let once = r.snapshot();
    let once_data = r.data_snapshot();
    // The same file again: every record matches and adds nothing.
    let rep = import(&r, "google_new.csv", &[]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(4))
    );
    assert_eq!(rep["merges"][0]["by"], "email");
    assert_eq!(rep["merges"][0]["changed"], false);
    assert_eq!(r.snapshot(), once, "nothing written, no undo step");
    let out = r.ok(&["import", &fixture("google_new.csv")]);
    assert!(
        out.contains("0 created, 0 merged, 4 unchanged, 0 skipped.\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "  unchanged line 2: Łucja Żółć-Kowalska is #3 (same email), with nothing new\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("Nothing was written: rolo already had everything in the file.\n"),
        "{out}"
    );
    // With a tag it adds something: merged, and undone as one step.
    let rep = import(&r, "google_new.csv", &["--tag", "imported"]);
    assert_eq!(
        (rep["merged"].as_u64(), rep["unchanged"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(rep["merges"][0]["changed"], true);
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), once_data);
    r.ok(&["undo"]);
    assert_eq!(r.names(&[]), vec!["Someone Else"]);
}

#[test]
fn import_merges_by_phone_and_name_and_fills_empty_fields() {
    let r = Rolo::new();
    r.ok(&["add", "Jurgen Muller", "--phone", "+49 (170) 123-4567"]);
    r.ok(&["add", "Zoe Smith", "--notes", "met at a fair"]);
    let rep = import(&r, "outlook.csv", &[]);
    assert_eq!(rep["merged"], 2);
    assert_eq!(rep["merges"][0]["by"], "phone");
    assert_eq!(rep["merges"][1]["by"], "name");
    let j = profile(&r, "jurgen muller");
    assert_eq!(j["name"], "Jurgen Muller");
    assert_eq!(j["title"], "Einkaufsleiter");
    assert_eq!(j["contacts"].as_array().unwrap().len(), 3);
    let z = profile(&r, "zoe smith");
    assert_eq!(z["notes"], "met at a fair");
    assert_eq!(
        z["contacts"],
        json!([{"kind": "email", "value": "zoe@example.com"}, {"kind": "email", "value": "zoe.smith@example.org"}])
    );
}

#[test]
fn a_name_shared_by_several_customers_is_not_merged_into_either() {
    let r = Rolo::new();
    r.ok(&["add", "James Roberts", "--email", "j1@a.example"]);
    r.ok(&["add", "James Roberts", "--email", "j2@b.example"]);
    r.ok(&["add", "Anna Nowak"]);
    let csv = r.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,Notes\nJames Roberts,met at the fair\nAnna Nowak,likes tea\n",
    )
    .unwrap();
    let text = r.ok(&["import", csv.to_str().unwrap(), "--dry-run"]);
    assert!(
        text.contains(
            "create line 2: James Roberts (not merged: #1 and #2 have that name; `rolo merge` if it is one of them)"
        ),
        "{text}"
    );
    let rep = r.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["merged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        rep["namesakes"],
        json!([{"id": 4, "line": 2, "name": "James Roberts", "namesakes": [1, 2], "shared": "name"}])
    );
    assert_eq!(rep["merges"][0]["into"], 3, "one Anna: merged");
    // Neither James got the note; the new one has it.
    for id in ["#1", "#2"] {
        assert_eq!(r.show(id)["customer"]["notes"], "", "{id}");
    }
    assert_eq!(r.show("#4")["customer"]["notes"], "met at the fair");
}

#[test]
fn a_phone_matches_by_its_last_digits_and_only_the_person_whose_name_agrees() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--phone", "0048 601 111 222"]);
    r.ok(&["add", "Biuro Recepcja", "--phone", "+48 22 555 01 00"]);
    let csv = r.dir.path().join("phone.csv");
    std::fs::write(
        &csv,
        "Name,Phone,Email,Notes\n\
         Kowalska Anna,601-111-222,,prefers calls\n\
         Jan Nowak,22 555 01 00,,same switchboard\n\
         Ewa Lis,+48 601 111 222,,\n",
    )
    .unwrap();
    let f = csv.to_str().unwrap();
    let text = r.ok(&["import", f, "--dry-run"]);
    assert!(
        text.contains("  merged line 2: Kowalska Anna into #1 (same phone) — added notes\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  create line 3: Jan Nowak (not merged: #2 has that phone under another name; `rolo merge` if it is the same person)"
        ),
        "{text}"
    );
    let rep = r.json(&["import", f]);
    assert_eq!(
        (rep["created"].as_u64(), rep["merged"].as_u64()),
        (Some(2), Some(1)),
        "{rep}"
    );
    assert_eq!(rep["merges"][0]["by"], "phone");
    assert_eq!(
        rep["namesakes"],
        json!([
            {"id": 3, "line": 3, "name": "Jan Nowak", "namesakes": [2], "shared": "phone"},
            {"id": 4, "line": 4, "name": "Ewa Lis", "namesakes": [1], "shared": "phone"}
        ])
    );
    let anna = profile(&r, "anna kowalska");
    assert_eq!(anna["notes"], "prefers calls");
    assert_eq!(r.show("#2")["customer"]["notes"], "");
    assert_eq!(profile(&r, "jan nowak")["notes"], "same switchboard");
}

#[test]
fn the_same_person_on_the_same_phone_with_another_email_is_merged() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Piotr Zielinski",
        "--phone",
        "+48 601 999 000",
        "--email",
        "piotr@old.example",
    ]);
    let csv = r.dir.path().join("moved.csv");
    std::fs::write(
        &csv,
        "Name,Phone,Email\nPiotr Zieliński,601 999 000,piotr@new.example\n",
    )
    .unwrap();
    let rep = r.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(rep["merged"], 1, "{rep}");
    assert_eq!(rep["merges"][0]["by"], "phone");
    let emails: Vec<_> = r.show("#1")["customer"]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "email")
        .map(|c| c["value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(emails, ["piotr@old.example", "piotr@new.example"]);
}

#[test]
fn a_large_import_is_one_undoable_change_with_search_and_dupes_right() {
    // 12,000 records (2.4 MB): many batches of multi-row writes, range-journaled, the
    // indexes of empty tables and the FTS entries built at the end. It must look exactly
    // like a small import to the user.
    let r = Rolo::new();
    r.ok(&["add", "Existing Person", "--email", "p7@example.com"]);
    let before = r.data_snapshot();
    let mut csv =
        String::from("First Name,Last Name,Organization Name,Notes,E-mail 1 - Value,Labels\n");
    for i in 0..12_000 {
        csv.push_str(&format!(
            "Name{i},Surname{},Firm {},\"Prefers {} padding padding padding padding padding padding padding padding padding padding padding padding padding padding\",p{i}@example.com,* myContacts ::: Lead\n",
            i % 37,
            i % 50,
            if i == 4242 { "zeppelins" } else { "email" }
        ));
    }
    let file = r.dir.path().join("big.csv");
    std::fs::write(&file, &csv).unwrap();
    let f = file.to_str().unwrap();
    let dry = r.json(&["import", f, "--dry-run"]);
    assert_eq!(
        (dry["created"].as_u64(), dry["merged"].as_u64()),
        (Some(11_999), Some(1))
    );
    assert_eq!(r.data_snapshot(), before, "a dry run writes nothing");
    let rep = r.json(&["import", f]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["orgs_created"].as_u64()
        ),
        (Some(11_999), Some(1), Some(50))
    );
    // Matched the existing customer by email; found by the imported note.
    assert_eq!(rep["merges"][0]["into"], 1);
    let hits = r.json(&["search", "zeppelins"]);
    assert_eq!(
        hits["hits"][0]["customer_name"], "Name4242 Surname24",
        "{hits}"
    );
    assert_eq!(
        r.json(&["list", "--tag", "lead", "--limit", "20000"])["customers"]
            .as_array()
            .unwrap()
            .len(),
        12_000
    );
    let doctor = r.ok(&["doctor"]);
    assert!(!doctor.contains("fixed"), "{doctor}");
    // A second import of the same file finds everything already there: nothing is
    // written, and no undo step is left that would undo nothing.
    let again = r.json(&["import", f]);
    assert_eq!(
        (
            again["created"].as_u64(),
            again["merged"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(12_000))
    );
    r.ok(&["undo"]);
    assert_eq!(r.data_snapshot(), before);
    assert_eq!(r.json(&["search", "zeppelins"])["hits"], json!([]));
}

#[test]
fn a_merged_email_is_shown_with_the_others_before_the_phones() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--email",
        "anna@acme.pl",
        "--phone",
        "+48 601 234 567",
    ]);
    let f = super::scratch(
        &r,
        "more.csv",
        b"Name,Email,Email 2\nAnna Kowalska,anna@acme.pl,anna@home.pl\n",
    );
    r.ok(&["import", &f]);
    let out = r.ok(&["show", "anna"]);
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in {out}"));
    assert!(at("anna@acme.pl") < at("anna@home.pl"), "{out}");
    assert!(at("anna@home.pl") < at("+48 601 234 567"), "{out}");
}

#[test]
fn what_a_merge_cannot_fill_is_kept_in_the_notes_and_said() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--email",
        "anna@acme.pl",
        "--title",
        "Head of Purchasing",
    ]);
    let f = super::scratch(
        &r,
        "outlook.csv",
        b"First Name,Last Name,E-mail Address,Job Title,Home Street,Home City,Business Street,Business City\n\
          Anna,Kowalska,anna@acme.pl,Purchasing Director,1 Elm St,Springfield,500 Corp Ave,Metropolis\n",
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "merged line 2: Anna Kowalska into #1 (same email) — added given name Anna, family name Kowalska, address \"500 Corp Ave, Metropolis\", notes, other title Purchasing Director\n"
        ),
        "{out}"
    );
    let c = &r.show("anna")["customer"];
    // The business address is the address; the home one, and the other title, are notes.
    assert_eq!(c["address"], "500 Corp Ave, Metropolis");
    assert_eq!(c["title"], "Head of Purchasing");
    assert_eq!(
        c["notes"],
        "Other title: Purchasing Director\nHome address: 1 Elm St, Springfield"
    );
    // Imported again: nothing new, nothing repeated.
    assert!(r.ok(&["import", &f]).contains("unchanged line 2"));
    // rolo merge keeps the other customer's differing values too.
    r.ok(&[
        "add",
        "A. Kowalska",
        "--email",
        "anna@home.pl",
        "--title",
        "CFO",
    ]);
    r.ok(&["merge", "#1", "#2"]);
    assert!(
        r.show("#1")["customer"]["notes"]
            .as_str()
            .unwrap()
            .ends_with("\nOther title: CFO"),
    );
}

#[test]
fn a_namesake_with_other_emails_is_created_and_the_report_says_whom_it_was_kept_from() {
    let r = Rolo::new();
    r.ok(&["add", "Łucja Wiśniewska", "--email", "lucja@budimex.pl"]);
    let f = super::scratch(
        &r,
        "Connections.csv",
        "First Name,Last Name,Email Address\nŁucja,Wiśniewska,lucja.w@gmail.com\n".as_bytes(),
    );
    let out = r.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains(
            "create line 2: Łucja Wiśniewska (not merged: #1 has that name; `rolo merge` if it is the same person)\n"
        ),
        "{out}"
    );
}

#[test]
fn a_company_without_its_legal_form_is_the_one_with_it_and_a_name_in_another_order_is_said() {
    let r = Rolo::new();
    r.ok(&["add", "Hellas Freight S.A.", "--kind", "org"]);
    r.ok(&["add", "Acme Ltd", "--kind", "org"]);
    r.ok(&["add", "Acme Inc", "--kind", "org"]);
    r.ok(&["add", "Anna Kowalska", "--email", "anna@acme.pl"]);
    let f = super::scratch(
        &r,
        "people.csv",
        "Name,Company,Email\n\
         Nikos Papadopoulos,Hellas Freight,nikos@hf.gr\n\
         Eleni Georgiou,HELLAS FREIGHT SA,eleni@hf.gr\n\
         John Doe,Acme,john@acme.com\n\
         Kowalska Anna,,anna.k@gmail.com\n"
            .as_bytes(),
    );
    let before = r.data_snapshot();
    let dry = r.ok(&["import", &f, "--dry-run"]);
    assert_eq!(
        r.json(&["import", &f, "--dry-run"])["namesakes"],
        json!([{"id": 9, "line": 5, "name": "Kowalska Anna", "namesakes": [4], "shared": "name_reordered"}])
    );
    assert_eq!(r.data_snapshot(), before);
    assert!(
        dry.contains(
            "  create line 5: Kowalska Anna (not merged: #4 has that name in another order; `rolo merge` if it is the same person)\n\
             \x20 organization Hellas Freight is #1 Hellas Freight S.A. (the same name without its legal form)\n"
        ),
        "{dry}"
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "people.csv (csv, UTF-8): 4 created, 0 merged, 0 skipped; 1 organization created.\n\
             \x20 organization Hellas Freight is #1 Hellas Freight S.A. (the same name without its legal form)\n"
        ),
        "{out}"
    );
    // Both of Hellas Freight's people are at the one company; `Acme` is neither Acme Ltd
    // nor Acme Inc (which one would be a guess): a company of its own.
    assert_eq!(
        r.show("nikos@hf.gr")["customer"]["org_name"],
        "Hellas Freight S.A."
    );
    assert_eq!(
        r.show("eleni@hf.gr")["customer"]["org_name"],
        "Hellas Freight S.A."
    );
    assert_eq!(r.show("john@acme.com")["customer"]["org_name"], "Acme");
    let j = r.json(&["import", &f, "--dry-run"]);
    assert_eq!(
        j["namesakes"],
        json!(null),
        "imported again: all four match"
    );
    assert_eq!(j["unchanged"], 4);
}
