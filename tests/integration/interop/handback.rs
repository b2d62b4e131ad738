//! A dossier handed back: what the colleague removed, what was removed here, what changed
//! on both sides at once, and edits to its Markdown, each said in the report.

use serde_json::{Value, json};

use super::dossier::{contract_and_deal, on};
use super::scratch;
use crate::cli::Rolo;

/// `rolo dossier adrián --out <name>` for `r` on `day`; the file's path.
pub(super) fn dossier(r: &Rolo, day: &str, name: &str) -> String {
    let f = r.dir.path().join(name);
    let f = f.to_str().unwrap().to_string();
    on(r, day, &["dossier", "adrián", "--out", &f]);
    f
}

/// Adrián's dossier from `home` (on 23 November) imported by a colleague, who runs `edits`
/// and hands theirs back (on 24 November): the colleague (the file is in their directory:
/// keep them) and the file's path.
pub(super) fn handed_back(home: &Rolo, edits: &[&[&str]]) -> (Rolo, String) {
    let there = dossier(home, "2026-11-23", "there.md");
    let colleague = Rolo::new();
    on(&colleague, "2026-11-23", &["import", &there]);
    for edit in edits {
        on(&colleague, "2026-11-24", edit);
    }
    let back = dossier(&colleague, "2026-11-24", "back.md");
    (colleague, back)
}

/// Adds Adrián López with his email and `more` (options of `rolo add`).
pub(super) fn adrian(r: &Rolo, more: &[&str]) {
    let mut args = vec!["add", "Adrián López", "--email", "adrian@iberica.es"];
    args.extend_from_slice(more);
    r.ok(&args);
}

fn contacts_and_tags(r: &Rolo) -> (Value, Value) {
    let c = &r.show("adrián")["customer"];
    (c["contacts"].clone(), c["tags"].clone())
}

/// Handed over, the colleague removes a tag and replaces the phone; here a tag is added and
/// another removed meanwhile. Handed back: the colleague's removals are carried (and named,
/// in the dry run too), this side's stay; the same file again changes nothing; undo puts
/// everything back.
#[test]
fn a_dossier_handed_back_carries_the_removals_made_there() {
    let home = Rolo::new();
    adrian(
        &home,
        &[
            "--phone",
            "+34 600 111 222",
            "--tag",
            "vip",
            "--tag",
            "fleet",
        ],
    );
    let (_colleague, back) = handed_back(
        &home,
        &[&[
            "edit",
            "adrián",
            "--untag",
            "vip",
            "--phone",
            "+34 600 999 888",
        ]],
    );
    on(&home, "2026-11-25", &["edit", "adrián", "--tag", "hot"]);
    on(&home, "2026-11-25", &["edit", "adrián", "--untag", "fleet"]);
    let before = home.snapshot();
    let data = home.data_snapshot();
    let line = "Adrián López into #1 (same UID) — added phone +34 600 999 888; removed phone \
                +34 600 111 222, removed tag vip\n    not added again (removed here since it \
                was handed over): tag fleet\n";
    let dry = on(&home, "2026-11-25", &["import", &back, "--dry-run"]);
    assert_eq!(
        dry,
        format!(
            "Would import {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             {line}Nothing was written (dry run).\n"
        )
    );
    assert_eq!(home.snapshot(), before);
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert_eq!(
        said,
        format!(
            "Imported {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             {line}`rolo undo` takes the whole import back.\n"
        )
    );
    assert_eq!(
        contacts_and_tags(&home),
        (
            json!([
                {"kind": "email", "value": "adrian@iberica.es"},
                {"kind": "phone", "value": "+34 600 999 888"}
            ]),
            json!(["hot"])
        )
    );
    // The same file again: its removals were carried; a tag added again here since stays,
    // and one removed here is still not added.
    on(&home, "2026-11-26", &["edit", "adrián", "--tag", "vip"]);
    let again = on(&home, "2026-11-26", &["import", &back]);
    assert!(
        again.ends_with(
            "  unchanged Adrián López is #1 (same UID), with nothing new\n    not added again \
             (removed here since it was handed over): tag fleet\n    kept tag vip, not in the file: its removals \
             were carried when a dossier of them as new as this one was imported before\nNothing was written: rolo already had everything in \
             the file.\n"
        ),
        "{again}"
    );
    // The backup keeps what was handed over.
    let backup = home.ok(&["export", "--format", "json"]);
    assert!(
        backup.contains("\"handover\": {\n        \"uid\": \""),
        "{backup}"
    );
    // Undone (the tag, then the import), everything is as it was, what was handed over
    // too: the file's removals are carried again.
    on(&home, "2026-11-26", &["undo"]);
    on(&home, "2026-11-26", &["undo"]);
    assert_eq!(home.data_snapshot(), data);
    let dry = on(&home, "2026-11-26", &["import", &back, "--dry-run"]);
    assert!(dry.contains(&format!("  merged {line}")), "{dry}");
}

/// The colleague had the customer already (another UID): our dossier is merged into theirs,
/// and what they remove still comes back as a removal; handed on to a third rolo, whose
/// customer was never handed over from the colleague, it removes nothing there and says so.
#[test]
fn a_dossier_merged_there_into_their_own_customer_still_carries_removals_back() {
    let home = Rolo::new();
    adrian(&home, &["--tag", "vip"]);
    let there = dossier(&home, "2026-11-23", "there.md");
    let colleague = Rolo::new();
    colleague.ok(&[
        "add",
        "Adrian Lopez",
        "--email",
        "adrian@iberica.es",
        "--phone",
        "+34 600 555 000",
    ]);
    on(&colleague, "2026-11-23", &["import", &there]);
    on(
        &colleague,
        "2026-11-24",
        &["edit", "adrian", "--untag", "vip"],
    );
    let back = dossier(&colleague, "2026-11-24", "back.md");
    // `--json` says it too.
    let dry = home.json(&["import", &back, "--dry-run"]);
    assert_eq!(dry["merges"][0]["removed"], json!(["tag vip"]), "{dry}");
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert!(
        said.contains(
            "  merged Adrian Lopez into #1 (same email) — added phone +34 600 555 000; removed \
             tag vip\n"
        ),
        "{said}"
    );
    assert_eq!(home.show("adrián")["customer"]["tags"], json!([]));
    let third = Rolo::new();
    adrian(&third, &["--tag", "vip"]);
    let said = on(&third, "2026-11-25", &["import", &back]);
    assert!(
        said.contains(
            "    kept tag vip, not in the file: removals there cannot be carried, as the file's \
             handover record is of another customer (not one handed over from here)\n"
        ),
        "{said}"
    );
    assert_eq!(third.show("adrián")["customer"]["tags"], json!(["vip"]));
}

/// A dossier of an older rolo (version 1, no handover record) merges as before, keeping
/// what it lacks, and says it could not tell removals; one of a newer version is refused.
#[test]
fn a_dossier_without_a_handover_record_keeps_what_it_lacks_and_says_why() {
    let home = Rolo::new();
    adrian(&home, &["--phone", "+34 600 111 222", "--tag", "vip"]);
    let (_colleague, back) = handed_back(&home, &[&["edit", "adrián", "--untag", "vip"]]);
    let back = std::fs::read_to_string(back).unwrap();
    assert!(back.contains("\n  \"version\": 2,\n"), "{back}");
    let old = scratch(
        &home,
        "old.md",
        back.replacen("\n  \"version\": 2,\n", "\n  \"version\": 1,\n", 1)
            .as_bytes(),
    );
    let said = on(&home, "2026-11-25", &["import", &old]);
    assert!(
        said.contains(
            "  unchanged Adrián López is #1 (same UID), with nothing new\n    kept tag vip, not in \
             the file: removals there cannot be carried, as the file has no handover record (a \
             dossier of an older rolo)\n"
        ),
        "{said}"
    );
    assert_eq!(home.show("adrián")["customer"]["tags"], json!(["vip"]));
    let newer = scratch(
        &home,
        "newer.md",
        back.replacen("\n  \"version\": 2,\n", "\n  \"version\": 3,\n", 1)
            .as_bytes(),
    );
    let before = home.snapshot();
    // A handover record that is none is refused where it is, and nothing is imported.
    let bad = scratch(
        &home,
        "bad.md",
        back.replacen(
            "\"handover\": {\n        \"uid\": \"",
            "\"handover\": {\n        \"uid\": 5, \"u\": \"",
            1,
        )
        .as_bytes(),
    );
    let err = home.refused(&["import", &bad], 1);
    assert!(
        err.starts_with(&format!(
            "error: {bad}: customers[0].handover.uid: invalid type: integer `5`, expected a string (line "
        )),
        "{err}"
    );
    assert_eq!(home.snapshot(), before);
    let at = back.find("\n  \"written_at\": \"").unwrap() + 17;
    // (Written to the nanosecond: `"2026-11-24T10:11:12.123456789Z"`.)
    let when = &back[at..=at + 1 + back[at + 1..].find('"').unwrap()];
    assert!(when.ends_with("Z\"") && when.len() > 22, "{when}");
    let bad = scratch(
        &home,
        "bad.md",
        back.replacen(when, "\"yesterday\"", 1).as_bytes(),
    );
    let err = home.refused(&["import", &bad], 1);
    assert_eq!(
        err,
        format!(
            "error: {bad}: written_at: not a time (input contains invalid characters); rolo \
             writes UTC times as 2026-11-23T09:30:00Z; nothing was imported (fix it in the \
             file)\n"
        )
    );
    assert_eq!(home.snapshot(), before);
    let err = home.refused(&["import", &newer], 1);
    assert_eq!(
        err,
        format!(
            "error: {newer}: written by a newer rolo (format version 3, this rolo reads up to \
             2); upgrade rolo\n"
        )
    );
    assert_eq!(home.snapshot(), before);
}

/// Edits to the Markdown part are named (only the JSON block is read) and the import goes
/// on; an editor's line ends or trailing spaces are no edit.
#[test]
fn a_dossier_whose_markdown_was_edited_says_its_edits_were_not_imported() {
    let home = Rolo::new();
    adrian(&home, &["--needs", "Invoices by email"]);
    let md = std::fs::read_to_string(dossier(&home, "2026-11-23", "there.md")).unwrap();
    let edited = md
        .replacen("\nInvoices by email\n", "\nInvoices by post\n", 1)
        .replacen(
            "\n## For rolo import\n",
            "\n## Call notes\n\nHe wants a discount.\n\n## For rolo import\n",
            1,
        );
    let f = scratch(&home, "edited.md", edited.as_bytes());
    let colleague = Rolo::new();
    let said = colleague.ok(&["import", &f]);
    assert_eq!(
        said,
        format!(
            "Imported {f} (dossier, UTF-8): 1 created, 0 merged, 0 skipped.\n  warning: the \
             Markdown part was edited; rolo reads only the json block — these edits were not \
             imported: Needs, Call notes (new)\n`rolo undo` takes the whole import back.\n"
        )
    );
    assert_eq!(
        colleague.show("adrián")["customer"]["needs"],
        "Invoices by email"
    );
    let saved = md
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n";
    let f = scratch(&home, "saved.md", saved.as_bytes());
    let said = Rolo::new().ok(&["import", &f]);
    assert!(!said.contains("warning"), "{said}");
}

/// The backup's record of `list` whose `key` is `value`, from `rolo export --format json`.
fn exported(r: &Rolo, list: &str, key: &str, value: &str) -> Value {
    let b: Value = serde_json::from_str(&r.ok(&["export", "--format", "json"])).unwrap();
    b[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x[key] == value)
        .cloned()
        .unwrap()
}

/// A deal's stage and a follow-up's day moved here and there at the same time (the file's
/// times set to here's, to the nanosecond: as two moves of before schema v18 in one second
/// are, which kept no fraction): this side's stay and the report names both values; needs changed
/// on both sides are kept both and flagged. The same file again says none of it again.
#[test]
fn changes_made_here_and_there_in_the_same_second_are_conflicts() {
    let home = Rolo::new();
    adrian(&home, &["--needs", "Invoices by email"]);
    contract_and_deal(&home);
    let (colleague, back) = handed_back(
        &home,
        &[
            &["deal-stage", "1", "won"],
            &["snooze", "1", "2026-12-07"],
            &["edit", "adrián", "--needs", "Invoices by post"],
        ],
    );
    let back = std::fs::read_to_string(back).unwrap();
    on(&home, "2026-11-24", &["deal-stage", "1", "negotiation"]);
    on(&home, "2026-11-24", &["snooze", "1", "2026-12-02"]);
    on(
        &home,
        "2026-11-24",
        &["edit", "adrián", "--needs", "Invoices by fax"],
    );
    // The same second here as there.
    let moved = |list: &str, key: &str, value: &str, at: &str| {
        let theirs = exported(&colleague, list, key, value)[at].clone();
        let ours = exported(&home, list, key, value)[at].clone();
        (format!("\"{at}\": {theirs}"), format!("\"{at}\": {ours}"))
    };
    let (deal_there, deal_here) = moved("deals", "title", "Fleet renewal", "stage_changed_at");
    let (day_there, day_here) = moved("follow_ups", "what", "Send contract", "changed_at");
    assert!(
        back.contains(&deal_there) && back.contains(&day_there),
        "{back}"
    );
    let tied = back
        .replacen(&deal_there, &deal_here, 1)
        .replacen(&day_there, &day_here, 1);
    let f = scratch(&home, "tied.md", tied.as_bytes());
    let before = home.data_snapshot();
    let said = on(&home, "2026-11-24", &["import", &f, "--dry-run"]);
    assert_eq!(
        said,
        format!(
            "Would import {f} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #1 (same UID) — added needs\n    conflict: needs: changed here \
             and there since it was handed over, both kept: here `Invoices by fax`, there \
             `Invoices by post`\n    conflict: deal Fleet renewal: moved here and there in the same second (here \
             negotiation, there won); kept negotiation\n    conflict: follow-up Send contract: \
             moved here and there in the same second (here 2 December 2026, there 7 December \
             2026); kept 2 December 2026\nNothing was written (dry run).\n"
        )
    );
    on(&home, "2026-11-24", &["import", &f]);
    let shown = home.show("adrián");
    assert_eq!(shown["deals"][0]["stage"], "negotiation", "{shown}");
    assert_eq!(shown["follow_ups"][0]["due_date"], "2026-12-02", "{shown}");
    assert_eq!(
        shown["customer"]["needs"],
        "Invoices by fax\nInvoices by post"
    );
    assert_ne!(home.data_snapshot(), before);
    // Taken before: its ties and conflicts were said then.
    let again = on(&home, "2026-11-24", &["import", &f]);
    assert_eq!(
        again,
        format!(
            "Imported {f} (dossier, UTF-8): 0 created, 0 merged, 1 unchanged, 0 skipped.\n  \
             unchanged Adrián López is #1 (same UID), with nothing new\nNothing was written: \
             rolo already had everything in the file.\n"
        )
    );
    // A newer dossier of the colleague that has the same ties: said when the last was
    // taken, not again.
    let key = "\n  \"written_at\": \"";
    let at = tied.find(key).unwrap() + key.len();
    let end = at + tied[at..].find('"').unwrap();
    let newer = format!("{}2026-11-30T09:00:00Z{}", &tied[..at], &tied[end..]);
    let g = scratch(&home, "newer.md", newer.as_bytes());
    let said = on(&home, "2026-11-30", &["import", &g]);
    assert!(!said.contains("conflict"), "{said}");
    assert!(
        said.contains("  unchanged Adrián López is #1 (same UID), with nothing new\n"),
        "{said}"
    );
}

/// Handed back with a field changed there: the merge writes the row and keeps what the
/// file handed over in one image of it, so `undo` names one row and puts it all back.
#[test]
fn a_dossier_handed_back_that_changes_a_field_is_one_row_to_undo() {
    let home = Rolo::new();
    adrian(&home, &["--title", "Fleet Manager"]);
    let (_colleague, back) = handed_back(&home, &[&["edit", "adrián", "--title", "Head of Fleet"]]);
    let before = home.show("adrián");
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert!(said.contains("title → Head of Fleet"), "{said}");
    let undone = home.json(&["undo"]);
    assert_eq!(
        undone["details"]["undone"],
        json!({"change_id": 2, "rows": 1, "summary": "import back.md"})
    );
    assert_eq!(home.show("adrián"), before);
}

/// Handed back moved to another organization with a field changed there: the person's row
/// is one image in `undo` (the organization is linked after the merge wrote the row), beside
/// the organization the file brought.
#[test]
fn a_dossier_handed_back_that_moves_a_person_is_one_row_of_theirs_to_undo() {
    let home = Rolo::new();
    adrian(&home, &["--org", "Flotas SA", "--title", "Fleet Manager"]);
    let (_colleague, back) = handed_back(
        &home,
        &[&[
            "edit",
            "adrián",
            "--org",
            "Transportes Norte",
            "--title",
            "Head of Fleet",
        ]],
    );
    let before = home.show("adrián");
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert!(said.contains("organization → Transportes Norte"), "{said}");
    assert!(said.contains("title → Head of Fleet"), "{said}");
    let undone = home.json(&["undo"]);
    // Transportes Norte created, Adrián's row written: two rows.
    assert_eq!(
        undone["details"]["undone"],
        json!({"change_id": 2, "rows": 2, "summary": "import back.md"})
    );
    assert_eq!(home.show("adrián"), before);
}
