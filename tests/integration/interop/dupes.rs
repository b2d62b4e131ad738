//! `rolo dupes` and `rolo merge`.

use serde_json::{Value, json};

use crate::cli::Rolo;

#[test]
fn merging_a_person_and_an_organization_needs_force() {
    let r = Rolo::new();
    r.ok(&["add", "Müller GmbH", "--kind", "org"]);
    r.ok(&[
        "add",
        "Jürgen Müller",
        "--org",
        "Müller GmbH",
        "--email",
        "j@mueller.example",
    ]);
    let before = r.ok(&["list", "--json"]);
    let out = r.fails(&["merge", "#1", "#2"], 2);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: #1 Müller GmbH is an organization and #2 Jürgen Müller a person; nothing was merged (add --force if that is meant)\n"
    );
    assert_eq!(r.ok(&["list", "--json"]), before, "nothing changed");
    r.ok(&["merge", "#1", "#2", "--force"]);
    assert_eq!(
        r.show("#1")["customer"]["contacts"][0]["value"],
        "j@mueller.example"
    );
}

#[test]
fn merging_two_customers_with_nothing_in_common_needs_force() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--email", "anna@acme.pl"]);
    r.ok(&["add", "Jan Nowak", "--phone", "+48 601 111 222"]);
    r.ok(&["add", "A. Kowalska", "--phone", "601-111-222"]);
    let before = r.data_snapshot();
    let err = r.refused(&["merge", "#1", "#2"], 2);
    assert_eq!(
        err,
        "error: #1 Anna Kowalska and #2 Jan Nowak share no email or phone and their names differ; nothing was merged (add --force if they are one customer)\n"
    );
    assert_eq!(r.data_snapshot(), before);
    // A name that agrees, or a phone in another spelling, is enough.
    r.ok(&["merge", "#1", "#3"]);
    r.ok(&["undo"]);
    r.ok(&["merge", "#2", "#3"]);
    r.ok(&["undo"]);
    r.ok(&["merge", "#1", "#3"]);
    // (`A. Kowalska` is a form of the name: no note of it.)
    assert_eq!(r.show("#1")["customer"]["notes"], "");
    r.ok(&["undo"]);
    r.ok(&["merge", "#1", "#2", "--force"]);
    let c = &r.show("#1")["customer"];
    assert_eq!(c["contacts"][1]["value"], "+48 601 111 222");
    // The name merged away is kept, never lost…
    assert_eq!(c["notes"], "Also known as: Jan Nowak");
    // …and typing it suggests where it went, without taking it for that customer.
    assert_eq!(
        r.refused(&["log", "jan nowak", "call", "hi"], 2),
        "error: no customer matches `jan nowak`; did you mean `Anna Kowalska` (#1, also known as Jan Nowak)?\n"
    );
}

#[test]
fn dupes_merge_and_undo() {
    let r = Rolo::seeded();
    r.ok(&[
        "add",
        "A. Kowalska",
        "--phone",
        "+48600100200",
        "--title",
        "CFO",
    ]);
    r.ok(&["log", "a. kowalska", "meeting", "Met at the fair"]);
    let d = r.json(&["dupes"]);
    assert_eq!(d[0]["reasons"], json!(["phone"]));
    assert_eq!(d[0]["values"], json!(["+48 600 100 200 / +48600100200"]));
    let keep = d[0]["keep"][0].as_i64().unwrap();
    let other = d[0]["other"][0].as_i64().unwrap();
    let before = r.data_snapshot();
    let m = r.json(&["merge", &format!("#{keep}"), &format!("#{other}")]);
    assert_eq!(m["merged"]["interactions"], 1);
    let anna = r.show(&format!("#{keep}"));
    assert_eq!(anna["customer"]["title"], "CFO");
    assert_eq!(anna["history_total"], 3);
    r.fails(&["show", &format!("#{other}")], 2);
    r.ok(&["undo"]);
    assert_eq!(before, r.data_snapshot());
    let err = r.refused(&["merge", "#1", "#1"], 2);
    assert!(err.contains("are the same customer"), "{err}");
}

#[test]
fn dupes_lists_names_in_another_order_and_companies_without_their_legal_form() {
    let r = Rolo::new();
    r.ok(&["add", "Łukasz Wiśniewski"]);
    r.ok(&["add", "Hellas Freight", "--kind", "org"]);
    r.ok(&["add", "Wiśniewski Łukasz"]);
    r.ok(&["add", "HELLAS FREIGHT S.A.", "--kind", "org"]);
    // Not these: another word, or a person and a company.
    r.ok(&["add", "Łukasz Wiśniewski-Kos"]);
    r.ok(&["add", "Hellas Freight Lines", "--kind", "org"]);
    r.ok(&["add", "Hellas Freight"]);
    let out = r.ok(&["dupes"]);
    assert!(
        out.starts_with(
            "#1 Łukasz Wiśniewski  ~  #3 Wiśniewski Łukasz  (names alike)\n\
             #2 Hellas Freight  ~  #4 HELLAS FREIGHT S.A.  (names alike)\n\
             Merge one pair"
        ),
        "{out}"
    );
    // Merge takes them as one without --force, as dupes lists them.
    r.ok(&["merge", "#1", "#3"]);
    r.ok(&["merge", "#2", "#4"]);
    assert!(r.ok(&["dupes"]).starts_with("No likely duplicates."));
}

#[test]
fn a_pair_marked_different_is_no_longer_listed_until_undone() {
    let r = Rolo::new();
    r.ok(&["add", "Jan Nowak", "--phone", "+48 22 111 22 33"]);
    r.ok(&["add", "Ewa Nowak", "--phone", "22 111 22 33"]);
    let out = r.ok(&["dupes"]);
    assert!(
        out.starts_with(
            "#1 Jan Nowak  ~  #2 Ewa Nowak  (same phone +48 22 111 22 33 / 22 111 22 33)\n"
        ),
        "{out}"
    );
    let out = r.ok(&["dupes", "--different", "ewa", "#1"]);
    assert_eq!(
        out,
        "Marked Ewa Nowak (#2) and Jan Nowak (#1) as different customers: `rolo dupes` no longer \
         lists them. `rolo undo` takes it back.\n"
    );
    assert_eq!(
        r.ok(&["dupes"]),
        "No likely duplicates.\n1 pair marked as different customers: not listed.\n"
    );
    assert_eq!(
        r.ok(&["dupes", "--different", "#1", "#2"]),
        "Jan Nowak (#1) and Ewa Nowak (#2) are marked as different customers already.\n"
    );
    let err = r.refused(&["dupes", "--different", "#1", "jan"], 2);
    assert!(err.contains("#1 is one customer"), "{err}");
    // The mark is one change: undo takes it back, and the pair is listed again.
    r.ok(&["undo"]);
    assert!(
        r.ok(&["dupes"])
            .starts_with("#1 Jan Nowak  ~  #2 Ewa Nowak")
    );
    assert_eq!(
        r.json(&["dupes", "--different", "#1", "#2"]),
        json!({"ok": true, "marked": true, "pair": [1, 2]})
    );
}

#[test]
fn phones_that_end_alike_in_different_countries_are_not_one_line() {
    let r = Rolo::new();
    r.ok(&["add", "François Pérez", "--phone", "+33 1 23 45 67 89"]);
    r.ok(&["add", "Pizzeria Roma", "--phone", "+48 12 345 67 89"]);
    assert_eq!(r.ok(&["dupes"]), "No likely duplicates.\n");
    // Nor does an import take one for the other, or call it shared.
    let f = crate::interop::scratch(
        &r,
        "more.csv",
        "Name,Phone\nJan Kos,+34 12 345 67 89\n".as_bytes(),
    );
    let out = r.ok(&["import", &f, "--dry-run"]);
    assert!(out.contains("create line 2: Jan Kos\n"), "{out}");
    // The same line written nationally still matches.
    r.ok(&["add", "Ola Lis", "--phone", "601 234 567"]);
    let d = r.json(&["dupes"]);
    assert_eq!(d, json!([]));
    r.ok(&["add", "O. Lis", "--phone", "+48 601-234-567"]);
    assert_eq!(r.json(&["dupes"])[0]["reasons"], json!(["phone"]));
}

#[test]
fn rolo_merge_and_an_import_merge_share_one_rule_for_the_profile() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--email",
        "anna@acme.pl",
        "--title",
        "CTO",
        "--notes",
        "Birthday: 23 May",
    ]);
    // A namesake with other emails is created beside her, not merged.
    let card = super::scratch(
        &r,
        "anna.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Kowalska\r\nEMAIL:anna@home.pl\r\n\
          TITLE:Board member\r\nBDAY:1980-05-23\r\nEND:VCARD\r\n",
    );
    r.ok(&["import", &card]);
    let out = r.ok(&["merge", "#1", "#2"]);
    assert_eq!(
        out,
        "Merged Anna Kowalska (#2) into Anna Kowalska (#1): no history to move; added \
         notes, birthday 23 May 1980, email anna@home.pl, other title Board member.\n\
         `rolo undo` takes it back.\n"
    );
    // The full birthday replaces the year-less note, as in an import merge.
    let anna = &r.show("anna@acme.pl")["customer"];
    assert_eq!(
        (&anna["birthday"], &anna["notes"], &anna["title"]),
        (
            &json!("1980-05-23"),
            &json!("Other title: Board member"),
            &json!("CTO")
        )
    );
}

#[test]
fn a_company_is_never_merged_into_one_of_its_people() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Klein",
        "--org",
        "Krüger Spedition GmbH",
        "--email",
        "a@k.de",
    ]);
    let before = r.snapshot();
    let err = r.refused(
        &["merge", "anna klein", "Krüger Spedition GmbH", "--force"],
        2,
    );
    assert!(
        err.contains(
            "is an organization and #2 Anna Klein a person, and Anna Klein works at \
                      Krüger Spedition GmbH; nothing was merged"
        ),
        "{err}"
    );
    assert_eq!(r.snapshot(), before);
}

#[test]
fn a_merge_dry_run_says_what_it_would_do_and_changes_nothing() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--email", "anna@acme.pl"]);
    r.ok(&[
        "add",
        "A. Kowalska",
        "--email",
        "anna@acme.pl",
        "--title",
        "CFO",
    ]);
    r.ok(&["log", "#2", "call", "Asked about the renewal"]);
    let before = r.data_snapshot();
    let out = r.ok(&["merge", "#1", "#2", "--dry-run"]);
    assert_eq!(
        out,
        "Would merge A. Kowalska (#2) into Anna Kowalska (#1): would move 1 interaction; would add title CFO.\n\
         Dry run: nothing was changed. Run it again without --dry-run to merge.\n"
    );
    assert_eq!(r.data_snapshot(), before, "nothing written");
    // Nothing to undo: the dry run left no change in the journal.
    let j = r.json(&["merge", "#1", "#2", "--dry-run"]);
    assert_eq!(j["dry_run"], true);
    assert_eq!(j["would_merge"]["interactions"], 1);
    // The real merge does what the dry run said.
    assert_eq!(
        r.ok(&["merge", "#1", "#2"]),
        "Merged A. Kowalska (#2) into Anna Kowalska (#1): moved 1 interaction; added title CFO.\n\
         `rolo undo` takes it back.\n"
    );
}

#[test]
fn dupes_pairs_a_name_written_without_spaces_however_it_is_spaced() {
    let r = Rolo::new();
    r.ok(&["add", "山田 太郎"]);
    r.ok(&["add", "山田太郎"]);
    r.ok(&["add", "太郎 山田"]);
    // Not this one: another letter.
    r.ok(&["add", "山田太郎次"]);
    let d = r.json(&["dupes"]);
    let pairs: Vec<(i64, i64, Value)> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["keep"][0].as_i64().unwrap(),
                p["other"][0].as_i64().unwrap(),
                p["values"].clone(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [(1, 2, json!(["山田太郎"])), (1, 3, json!(["太郎 山田"])),]
    );
}

#[test]
fn dupes_says_how_many_pairs_it_found_past_its_limit() {
    let r = Rolo::new();
    for email in ["a@x.example", "b@x.example", "c@x.example"] {
        r.ok(&["add", "Jan Nowak", "--email", email]);
    }
    // Three pairs of one name: the first two listed, the third said.
    let out = r.ok(&["dupes", "--limit", "2"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "#1 Jan Nowak  ~  #2 Jan Nowak  (same name)");
    assert_eq!(lines[1], "#1 Jan Nowak  ~  #3 Jan Nowak  (same name)");
    assert_eq!(
        lines[2],
        "Listed the first 2 of 3 pairs, the most certain first; `rolo dupes --limit 0` lists \
         them all."
    );
    // `--limit 0`: all of them, and nothing said.
    let all = r.ok(&["dupes", "--limit", "0"]);
    assert!(all.contains("#2 Jan Nowak  ~  #3 Jan Nowak"), "{all}");
    assert!(
        !all.contains("Listed the first") && !all.contains("No likely"),
        "{all}"
    );
    // All of them listed: nothing said.
    assert!(!r.ok(&["dupes"]).contains("Listed the first"));
    assert_eq!(
        r.json(&["dupes", "--limit", "2"]).as_array().unwrap().len(),
        2
    );
}

#[test]
fn an_import_counts_every_record_created_beside_a_namesake_past_the_ones_it_lists() {
    let r = Rolo::new();
    // 205 people of one name, each with an email of their own: 204 created beside one or
    // more of the same name. The report lists 200 and counts the rest.
    let mut csv = String::from("Name,E-mail Address\n");
    for i in 0..205 {
        csv.push_str(&format!("Jan Nowak,jan{i}@x.example\n"));
    }
    let file = r.dir.path().join("nowak.csv");
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    let dry = r.ok(&["import", file, "--dry-run"]);
    // A line names three of the customers of that name, and counts the others.
    assert!(
        dry.contains(
            "  create line 6: Jan Nowak (not merged: #1 and #2 and #3 and #4 have that name; \
             `rolo merge` if it is one of them)\n  create line 7: Jan Nowak (not merged: #1, #2, \
             #3 and 2 others have that name; `rolo merge` if it is one of them)\n"
        ),
        "{dry}"
    );
    // The create lines stop at 200; the last 5 records are beside customers of the name too.
    assert!(
        dry.contains("  … and 5 more (5 of them beside a customer of the same name or phone (`rolo dupes` lists the pairs))\n"),
        "{dry}"
    );
    let out = r.ok(&["import", file]);
    assert_eq!(out.matches("  created line ").count(), 200, "{out}");
    assert!(
        out.contains("  … and 4 more created beside a customer of the same name or phone (`rolo dupes` lists the pairs)\n"),
        "{out}"
    );
    r.ok(&["undo"]);
    let j = r.json(&["--json", "import", file]);
    assert_eq!(j["namesakes_total"], 204);
    assert_eq!(j["namesakes"].as_array().unwrap().len(), 200);
}

#[test]
fn an_import_with_skip_bad_counts_the_skipped_records_past_the_ones_it_lists() {
    let r = Rolo::new();
    let mut csv = String::from("Name,E-mail Address\n");
    for i in 0..203 {
        csv.push_str(&format!("Person {i},not-an-email-{i}\n"));
    }
    csv.push_str("Jan Nowak,jan@x.example\n");
    let file = r.dir.path().join("bad.csv");
    std::fs::write(&file, csv).unwrap();
    let out = r.ok(&["import", file.to_str().unwrap(), "--skip-bad"]);
    assert_eq!(out.matches("  skipped ").count(), 200, "{out}");
    assert!(out.contains("  … and 3 more skipped\n"), "{out}");
    assert_eq!(r.names(&[]), ["Jan Nowak"]);
}
