//! Dossiers: written, read back and merged, broken blocks named.

use super::{profile, scratch};
use crate::cli::Rolo;

#[test]
fn dossier_reads_and_imports_by_merging() {
    let a = Rolo::seeded();
    a.ok(&["edit", "anna kow", "--needs", "Invoices by email"]);
    a.ok(&[
        "log",
        "anna kow",
        "call",
        "Budget agreed",
        "--minutes",
        "25",
        "--rating",
        "4",
        "--inbound",
    ]);
    let f = a.dir.path().join("anna.md");
    a.ok(&["dossier", "anna", "kow", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    // The person first; the JSON for `rolo import` last, as a code block.
    assert!(
        md.starts_with(
            "<!-- rolo dossier: for `rolo import`, the customer's data is at the end, as JSON -->\n\n# Anna Kowalska\n"
        ),
        "{md}"
    );
    let block = md
        .find("\n```json rolo-dossier\n{\n  \"format\": \"rolo-dossier\"")
        .unwrap();
    assert!(block > md.find("## History").unwrap(), "{md}");
    assert!(md.ends_with("\n}\n```\n"), "{md}");
    assert!(
        md.contains("## Open follow-ups\n\n- 2026-11-27: Send demo link\n"),
        "{md}"
    );
    // The history as the history pane shows it: direction, minutes, rating.
    assert!(
        md.contains("- 2026-11-23 call (in, 25 min, rated 4/5): Budget agreed\n"),
        "{md}"
    );
    let b = Rolo::new();
    let rep = b.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["history"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(profile(&a, "anna kow"), profile(&b, "anna kow"));
    let rep = b.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (
            rep["created"].as_u64(),
            rep["merged"].as_u64(),
            rep["unchanged"].as_u64(),
            rep["history"].as_u64()
        ),
        (Some(0), Some(0), Some(2), Some(0))
    );
    // Into the colleague's database where Anna exists under another UID: merged by email.
    let c = Rolo::new();
    c.ok(&[
        "add",
        "Anna K.",
        "--email",
        "anna@acme.pl",
        "--needs",
        "Delivery by Friday",
    ]);
    let rep = c.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["merged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(rep["merges"][0]["by"], "email");
    // Needs merge line by line, as notes do (and as `rolo merge` does): the colleague's
    // line stays and the dossier's is added.
    assert!(
        rep["merges"][0]["added"]
            .as_array()
            .unwrap()
            .contains(&"needs".into()),
        "{rep}"
    );
    assert_eq!(
        c.show("anna@acme.pl")["customer"]["needs"],
        "Delivery by Friday\nInvoices by email"
    );
    assert_eq!(c.show("anna@acme.pl")["history_total"], 3);
    // She had no organization here: she gets the dossier's, created with her.
    assert!(
        rep["merges"][0]["added"]
            .as_array()
            .unwrap()
            .contains(&"organization".into()),
        "{rep}"
    );
    let org = &c.show("anna@acme.pl")["customer"]["org_name"];
    assert!(org.as_str().is_some_and(|o| o.starts_with("Acme")), "{org}");
    // One who has an organization keeps it.
    let k = Rolo::new();
    k.ok(&[
        "add",
        "Anna K.",
        "--email",
        "anna@acme.pl",
        "--org",
        "Other Co",
    ]);
    k.ok(&["import", f.to_str().unwrap()]);
    assert_eq!(k.show("anna@acme.pl")["customer"]["org_name"], "Other Co");

    // Found by its first line under any name; the earlier layout (JSON front matter) still
    // imports; a dossier cut short says what is missing and imports nothing.
    let json = &md[block + "\n```json rolo-dossier\n".len()..md.len() - "\n```\n".len()];
    let d = Rolo::new();
    let txt = d.dir.path().join("anna.txt");
    std::fs::write(&txt, &md).unwrap();
    assert_eq!(d.json(&["import", txt.to_str().unwrap()])["created"], 2);
    let e = Rolo::new();
    let old = e.dir.path().join("old.md");
    std::fs::write(&old, format!("---\n{json}\n---\n\n# Anna Kowalska\n")).unwrap();
    let rep = e.json(&["import", old.to_str().unwrap()]);
    assert_eq!(
        (rep["format"].as_str(), rep["created"].as_u64()),
        (Some("dossier"), Some(2))
    );
    assert_eq!(profile(&a, "anna kow"), profile(&e, "anna kow"));
    let cut = e.dir.path().join("cut.md");
    std::fs::write(&cut, &md[..md.len() - 200]).unwrap();
    let before = e.data_snapshot();
    let err = e.refused(&["import", cut.to_str().unwrap()], 1);
    assert!(
        err.contains("cut.md: no customer data for rolo in it (`rolo dossier` ends a dossier with a ```json rolo-dossier block; was it cut short?)"),
        "{err}"
    );
    assert_eq!(e.data_snapshot(), before);
}

#[test]
fn an_organizations_dossier_hands_over_its_people_with_their_history() {
    let a = Rolo::new();
    a.ok(&["add", "Hellas Freight", "--kind", "org"]);
    a.ok(&[
        "add",
        "Nikos Papadopoulos",
        "--org",
        "Hellas Freight",
        "--title",
        "CEO",
        "--email",
        "nikos@hellas.gr",
    ]);
    a.ok(&["add", "Eleni Oikonomou", "--org", "Hellas Freight"]);
    a.ok(&["add", "Someone Else"]);
    a.ok(&["log", "nikos", "call", "Wants a quote"]);
    a.ok(&["log", "hellas freight", "email", "Sent the catalogue"]);
    a.ok(&[
        "follow",
        "eleni",
        "2026-12-01",
        "Send samples",
        "--every",
        "4w",
    ]);
    let f = a.dir.path().join("hellas.md");
    a.ok(&["dossier", "hellas", "freight", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    assert!(
        md.contains(
            "## People\n\n- **Eleni Oikonomou**\n- **Nikos Papadopoulos**, CEO: nikos@hellas.gr\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("- 2026-12-01: Send samples (every 4w) — Eleni Oikonomou\n"),
        "{md}"
    );
    assert!(
        md.contains("call (out): Wants a quote — Nikos Papadopoulos\n"),
        "{md}"
    );
    assert!(md.contains("email (out): Sent the catalogue\n"), "{md}");
    assert!(!md.contains("Someone Else"), "{md}");
    // Imported, the colleague has the company, its people and their history; the dry run
    // names them first.
    let b = Rolo::new();
    let dry = b.ok(&["import", f.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains(
            "  create: Hellas Freight\n  create: Nikos Papadopoulos\n  create: Eleni Oikonomou\n"
        ),
        "{dry}"
    );
    let rep = b.json(&["import", f.to_str().unwrap()]);
    assert_eq!(
        (rep["created"].as_u64(), rep["history"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(b.show("nikos")["customer"]["org_name"], "Hellas Freight");
    assert_eq!(b.show("nikos")["history_total"], 1);
    assert_eq!(profile(&a, "eleni"), profile(&b, "eleni"));
}

#[test]
fn dossier_lists_follow_ups_soonest_first_and_history_newest_first() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska"]);
    r.ok(&["follow", "anna", "2026-12-10", "Check in"]);
    r.ok(&[
        "do",
        "follow anna 2026-12-10 9:30 \"Call at half past nine\"",
    ]);
    // Planned on 1 Nov for 3 Nov: overdue now.
    let out = r
        .cmd()
        .env("ROLO_TODAY", "2026-11-01")
        .args(["follow", "anna", "2026-11-03", "Send the offer"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    r.ok(&["log", "anna", "call", "Today's call"]);
    // Logged after, happened before.
    r.ok(&[
        "log",
        "anna",
        "meeting",
        "The first meeting",
        "--at",
        "2026-10-01",
    ]);
    r.ok(&[
        "log",
        "anna",
        "email",
        "Last week's email",
        "--at",
        "2026-11-16",
    ]);
    let md = r.ok(&["dossier", "anna"]);
    let section = |title: &str| -> Vec<String> {
        let start = md.find(&format!("## {title}\n\n")).unwrap() + title.len() + 5;
        md[start..]
            .lines()
            .take_while(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        section("Open follow-ups"),
        [
            "- 2026-11-03: Send the offer",
            "- 2026-12-10 09:30: Call at half past nine",
            "- 2026-12-10: Check in",
        ]
    );
    // The measures `rolo show` gives, and the last contact by its day.
    assert_eq!(
        section("Measures"),
        [
            "- tier C · rhythm every 90 days (tier default)",
            "- revenue — · open — · weighted — · won/lost 0/0",
            "- contacts 30d 2 · 90d 3 · 365d 3 · they started 0%",
            "- satisfaction — from 0 ratings",
            "- effort 3 interactions, 0 h 0 min · value per hour —",
            "- last contact: 2026-11-23 (today)",
            "- contacts in all: 3",
        ]
    );
    assert_eq!(
        section("History"),
        [
            "- 2026-11-23 call (out): Today's call",
            "- 2026-11-16 email (out): Last week's email",
            "- 2026-10-01 meeting (out): The first meeting",
        ]
    );
}

#[test]
fn a_broken_dossier_block_names_the_line_of_the_file() {
    let a = Rolo::seeded();
    a.ok(&["edit", "anna kow", "--needs", "Invoices by email"]);
    let f = a.dir.path().join("anna.md");
    a.ok(&["dossier", "anna", "kow", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    let line = md
        .lines()
        .position(|l| l.trim_start().starts_with("\"summary\""))
        .unwrap()
        + 1;
    let broken: String = md
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("\"summary\"") {
                format!("{}\n", l.replacen("\"summary\": \"", "\"summary\": ", 1))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let g = scratch(&a, "broken.md", broken.as_bytes());
    let r = Rolo::new();
    let err = r.refused(&["import", &g], 1);
    assert!(
        err.starts_with(&format!(
            "error: {g}: interactions[0].summary: expected value (line {line}, column "
        )),
        "{err}"
    );
}

#[test]
fn a_dossier_handed_back_leaves_no_note_of_the_customers_own_title() {
    let home = Rolo::new();
    home.ok(&[
        "add",
        "Adrián López",
        "--email",
        "adrian@iberica.es",
        "--title",
        "Fleet Manager",
    ]);
    let colleague = Rolo::new();
    colleague.ok(&[
        "add",
        "Adrián López",
        "--email",
        "adrian@iberica.es",
        "--title",
        "CEO",
    ]);
    let out = |r: &Rolo, name: &str| {
        let f = r.dir.path().join(name);
        r.ok(&["dossier", "adrián", "--out", f.to_str().unwrap()]);
        f.to_str().unwrap().to_string()
    };
    colleague.ok(&["import", &out(&home, "there.md")]);
    assert_eq!(
        colleague.show("adrián")["customer"]["notes"],
        "Other title: Fleet Manager"
    );
    home.ok(&["import", &out(&colleague, "back.md")]);
    let c = &home.show("adrián")["customer"];
    assert_eq!(c["title"], "Fleet Manager");
    assert_eq!(c["notes"], "Other title: CEO");
}

/// A colleague does the repeating follow-up of a dossier and hands it back: the one open
/// here is closed, the next occurrence is added to its series, and one stays open (both
/// were open, and the calendar had the series twice).
#[test]
fn a_dossier_handed_back_after_a_repeating_follow_up_was_done_leaves_one_open() {
    let home = Rolo::new();
    home.ok(&["add", "Adrián López", "--email", "adrian@iberica.es"]);
    home.ok(&[
        "follow",
        "adrián",
        "2026-11-23",
        "Weekly sync",
        "--every",
        "1w",
    ]);
    let out = |r: &Rolo, name: &str| {
        let f = r.dir.path().join(name);
        r.ok(&["dossier", "adrián", "--out", f.to_str().unwrap()]);
        f.to_str().unwrap().to_string()
    };
    let colleague = Rolo::new();
    colleague.ok(&["import", &out(&home, "there.md")]);
    let theirs = colleague.follow_up_id("adrián", "Weekly sync");
    colleague.ok(&["done", &theirs.to_string()]);
    let said = home.ok(&["import", &out(&colleague, "back.md")]);
    assert!(
        said.contains("added 1 follow-up (1 open follow-up done there, closed here)"),
        "{said}"
    );
    let shown = home.show("adrián");
    let open: Vec<&serde_json::Value> = shown["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "open")
        .collect();
    assert_eq!(open.len(), 1, "{shown}");
    assert_eq!(open[0]["due_date"], "2026-11-30", "{shown}");
    let ics = home.ok(&["export", "--format", "ics"]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(
        ics.contains("-1@rolo\r\n"),
        "the series keeps its first UID: {ics}"
    );
    // Undone, the import takes the close back too.
    home.ok(&["undo"]);
    assert_eq!(home.follow_up_id("adrián", "Weekly sync"), 1);
}

/// Runs `rolo` for `r` on another day (a later time than the default day's commands).
pub(super) fn on(r: &Rolo, day: &str, args: &[&str]) -> String {
    let out = r
        .cmd()
        .env("ROLO_TODAY", day)
        .args(args)
        .output()
        .expect("run rolo");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        crate::cli::text(&out.stderr)
    );
    crate::cli::text(&out.stdout)
}

/// Gives Adrián the follow-up Send contract (30 November) and the deal Fleet renewal (12 500
/// EUR, at proposal): deal 1 and follow-up 1 in a new database.
pub(super) fn contract_and_deal(r: &Rolo) {
    r.ok(&["follow", "adrián", "2026-11-30", "Send contract"]);
    r.ok(&[
        "deal",
        "adrián",
        "Fleet renewal",
        "12500",
        "EUR",
        "--stage",
        "proposal",
    ]);
}

/// A colleague moves a deal's stage and snoozes a follow-up, and hands the dossier back:
/// the deal takes the stage and the follow-up the day, said in the report; a deal moved
/// here later than there keeps its stage here. The same file again, or an older one,
/// changes nothing; undo puts everything back.
#[test]
fn a_dossier_handed_back_brings_the_stages_and_days_changed_there() {
    let home = Rolo::new();
    home.ok(&["add", "Adrián López", "--email", "adrian@iberica.es"]);
    contract_and_deal(&home);
    home.ok(&[
        "deal",
        "adrián",
        "Service plan",
        "3000",
        "EUR",
        "--stage",
        "lead",
    ]);
    let there = home.dir.path().join("there.md");
    home.ok(&["dossier", "adrián", "--out", there.to_str().unwrap()]);
    let colleague = Rolo::new();
    colleague.ok(&["import", there.to_str().unwrap()]);
    on(&colleague, "2026-11-24", &["snooze", "1", "2026-12-07"]);
    on(&colleague, "2026-11-24", &["deal-stage", "1", "won"]);
    on(&colleague, "2026-11-24", &["deal-stage", "2", "qualified"]);
    let back = colleague.dir.path().join("back.md");
    on(
        &colleague,
        "2026-11-24",
        &["dossier", "adrián", "--out", back.to_str().unwrap()],
    );
    // Meanwhile, and later, the service plan moved here.
    on(&home, "2026-11-25", &["deal-stage", "2", "proposal"]);
    let before = home.data_snapshot();
    let said = on(&home, "2026-11-25", &["import", back.to_str().unwrap()]);
    assert!(
        said.contains(
            "merged Adrián López into #1 (same UID) — moved deal Fleet renewal proposal → won, \
             moved follow-up Send contract → 7 December 2026\n"
        ),
        "{said}"
    );
    let shown = home.show("adrián");
    let stage = |title: &str| {
        shown["deals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == title)
            .map(|d| (d["stage"].clone(), d["probability"].clone()))
            .unwrap()
    };
    assert_eq!(
        stage("Fleet renewal"),
        ("won".into(), 100.into()),
        "{shown}"
    );
    assert_eq!(
        stage("Service plan"),
        ("proposal".into(), 50.into()),
        "{shown}"
    );
    assert_eq!(shown["follow_ups"][0]["due_date"], "2026-12-07", "{shown}");
    assert_eq!(shown["follow_ups"][0]["status"], "open", "{shown}");
    // The calendar takes the new day: a higher SEQUENCE than the one exported before.
    let ics = home.ok(&["export", "--format", "ics"]);
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
    // Again, or the older file: nothing changes.
    let again = on(&home, "2026-11-25", &["import", back.to_str().unwrap()]);
    assert!(again.contains("Nothing was written"), "{again}");
    let older = on(&home, "2026-11-25", &["import", there.to_str().unwrap()]);
    assert!(older.contains("Nothing was written"), "{older}");
    on(&home, "2026-11-25", &["undo"]);
    assert_eq!(home.data_snapshot(), before);
}

/// A customer of the dossier's name who is someone else here (another email) is not merged
/// into, and the report names them, as a sheet's does.
#[test]
fn a_dossier_created_beside_a_namesake_names_them() {
    let home = Rolo::new();
    home.ok(&["add", "Adrián López", "--email", "adrian@iberica.es"]);
    let f = home.dir.path().join("adrian.md");
    home.ok(&["dossier", "adrián", "--out", f.to_str().unwrap()]);
    let colleague = Rolo::new();
    colleague.ok(&["add", "Adrian Lopez", "--email", "adrian.lopez@gmail.com"]);
    let dry = colleague.ok(&["import", f.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains(
            "  create: Adrián López (not merged: #1 has that name; `rolo merge` if it is the same person)\n"
        ),
        "{dry}"
    );
    let said = colleague.ok(&["import", f.to_str().unwrap()]);
    assert!(
        said.contains(
            "  created: Adrián López (not merged: #1 has that name; `rolo merge \"#1\" \"#2\"` if it is the same person)\n"
        ),
        "{said}"
    );
}

/// A time edited by hand into one that is none is refused where it is, and nothing is
/// imported (before, it was stored and the follow-up showed no time at all).
#[test]
fn a_dossier_follow_up_time_that_is_no_time_is_refused() {
    let a = Rolo::seeded();
    let f = a.dir.path().join("anna.md");
    a.ok(&["dossier", "anna", "kow", "--out", f.to_str().unwrap()]);
    let md = std::fs::read_to_string(&f).unwrap();
    assert!(md.contains("\"due_time\": null"), "{md}");
    for bad in ["25:99", "9:30", "noon"] {
        let edited = md.replacen("\"due_time\": null", &format!("\"due_time\": \"{bad}\""), 1);
        let g = scratch(&a, "edited.md", edited.as_bytes());
        let r = Rolo::new();
        let err = r.refused(&["import", &g], 1);
        assert_eq!(
            err,
            format!(
                "error: {g}: follow_ups[0].due_time: `{bad}` is not a time (expected HH:MM, e.g. 09:30); nothing was imported (fix the record in the file)\n"
            )
        );
        assert_eq!(r.data_snapshot(), Rolo::new().data_snapshot());
    }
    let fine = md.replacen("\"due_time\": null", "\"due_time\": \"09:30\"", 1);
    let g = scratch(&a, "fine.md", fine.as_bytes());
    let r = Rolo::new();
    r.ok(&["import", &g]);
    assert_eq!(r.show("anna kow")["follow_ups"][0]["due_time"], "09:30:00");
}

/// A directory imports as a vdir of vCards; one holding dossiers says how to import them.
#[test]
fn a_directory_of_dossiers_says_to_import_each() {
    let a = Rolo::seeded();
    let dir = a.dir.path().join("handover");
    std::fs::create_dir(&dir).unwrap();
    for (who, name) in [("anna kow", "anna.md"), ("anna now", "nowak.txt")] {
        let f = dir.join(name);
        a.ok(&["dossier", who, "--out", f.to_str().unwrap()]);
    }
    std::fs::write(dir.join("readme.md"), "# Handover\n").unwrap();
    let r = Rolo::new();
    let d = dir.to_str().unwrap();
    let err = r.refused(&["import", d], 1);
    assert_eq!(
        err,
        format!(
            "error: {d}: a directory, and no .vcf file in it (a directory imports as a vdir of vCards); \
             it holds 2 dossiers: import each on its own (rolo import {d}/anna.md)\n"
        )
    );
}
