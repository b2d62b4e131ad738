//! A dossier handed back: its single-valued fields merged three-way (taken, kept, in
//! conflict, said once), back and forth until both sides are alike, two dossiers of one
//! second told apart, and the handover records `rolo merge` keeps.

use serde_json::{Value, json};

use super::dossier::on;
use super::handback::{adrian, dossier, handed_back};
use super::scratch;
use crate::cli::Rolo;

/// Adrián's single-valued fields, as `rolo show --json` gives them.
fn fields(r: &Rolo) -> Value {
    let c = &r.show("adrián")["customer"];
    json!({
        "title": c["title"], "address": c["address"], "notes": c["notes"],
        "needs": c["needs"], "cadence_days": c["cadence_days"], "owner": c["owner"],
        "birthday": c["birthday"]
    })
}

/// Handed over, the colleague changes the title, the birthday and the cadence; here the
/// address, the notes and the cadence change meanwhile. Handed back: what changed there
/// only is taken, what changed here only stays, the cadence changed on both sides stays
/// as it is here and is a conflict. The same file again, or a newer one of the colleague
/// that changes nothing more, says nothing again; one that changes the cadence again is
/// taken for what it is (a change there since the last one taken here).
#[test]
fn a_dossier_handed_back_merges_each_field_three_way() {
    let home = Rolo::new();
    adrian(
        &home,
        &[
            "--title",
            "Fleet Manager",
            "--address",
            "Calle Mayor 1, Madrid",
            "--notes",
            "Met at the fair",
            "--cadence",
            "30d",
            "--owner",
            "anna",
        ],
    );
    let (colleague, back) = handed_back(
        &home,
        &[&[
            "edit",
            "adrián",
            "--title",
            "Head of Fleet",
            "--birthday",
            "1980-05-14",
            "--cadence",
            "14d",
        ]],
    );
    on(
        &home,
        "2026-11-25",
        &[
            "edit",
            "adrián",
            "--address",
            "Gran Vía 2, Madrid",
            "--notes",
            "Met at the fair\nPrefers calls",
            "--cadence",
            "21d",
        ],
    );
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert_eq!(
        said,
        format!(
            "Imported {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #1 (same UID)\n    taken from there (changed there only since \
             it was handed over): title → Head of Fleet, birthday → 14 May 1980\n    \
             conflict: cadence: changed here and there since it was handed over (here every \
             21 days, there every 14 days); kept every 21 days\n`rolo undo` takes the whole \
             import back.\n"
        )
    );
    let expected = json!({
        "title": "Head of Fleet", "address": "Gran Vía 2, Madrid",
        "notes": "Met at the fair\nPrefers calls", "needs": "", "cadence_days": 21,
        "owner": "anna", "birthday": "1980-05-14"
    });
    assert_eq!(fields(&home), expected);
    // The same file again: nothing to take, nothing to say.
    let again = on(&home, "2026-11-25", &["import", &back]);
    assert!(
        again.ends_with(
            "  unchanged Adrián López is #1 (same UID), with nothing new\nNothing was \
             written: rolo already had everything in the file.\n"
        ),
        "{again}"
    );
    // A newer dossier of the colleague, who changed nothing since: the conflict was said.
    let newer = dossier(&colleague, "2026-11-26", "newer.md");
    let again = on(&home, "2026-11-26", &["import", &newer]);
    assert!(
        again.ends_with(
            "  unchanged Adrián López is #1 (same UID), with nothing new\nNothing was \
             written: rolo already had everything in the file.\n"
        ),
        "{again}"
    );
    assert_eq!(fields(&home), expected);
    // The colleague moves the cadence again: a change there since the last file taken
    // here, and none here since: taken.
    on(
        &colleague,
        "2026-11-27",
        &["edit", "adrián", "--cadence", "7d"],
    );
    let newest = dossier(&colleague, "2026-11-27", "newest.md");
    let said = on(&home, "2026-11-27", &["import", &newest]);
    assert!(
        said.contains(
            "  merged Adrián López into #1 (same UID)\n    taken from there (changed there \
             only since it was handed over): cadence → every 7 days\n"
        ),
        "{said}"
    );
    assert_eq!(home.show("adrián")["customer"]["cadence_days"], 7);
}

/// `text`, a dossier, as written at `stamp` (its `written_at`, not its handover records').
fn written_at(text: &str, stamp: &str) -> String {
    let key = "\n  \"written_at\": \"";
    let at = text.find(key).unwrap() + key.len();
    let end = at + text[at..].find('"').unwrap();
    format!("{}{stamp}{}", &text[..at], &text[end..])
}

/// Two dossiers of the colleague written in the same second (times are written to the
/// nanosecond): the older one imported after the newer one changes nothing back.
#[test]
fn two_dossiers_written_in_the_same_second_are_told_apart() {
    let home = Rolo::new();
    adrian(&home, &["--title", "Fleet Manager", "--tag", "vip"]);
    let there = dossier(&home, "2026-11-23", "there.md");
    let colleague = Rolo::new();
    on(&colleague, "2026-11-23", &["import", &there]);
    on(
        &colleague,
        "2026-11-24",
        &["edit", "adrián", "--title", "Head of Fleet"],
    );
    let first = std::fs::read_to_string(dossier(&colleague, "2026-11-24", "first.md")).unwrap();
    on(
        &colleague,
        "2026-11-24",
        &[
            "edit",
            "adrián",
            "--title",
            "Fleet Director",
            "--untag",
            "vip",
        ],
    );
    let second = std::fs::read_to_string(dossier(&colleague, "2026-11-24", "second.md")).unwrap();
    let first = scratch(
        &home,
        "first.md",
        written_at(&first, "2026-11-24T10:00:00.000000001Z").as_bytes(),
    );
    let second = scratch(
        &home,
        "second.md",
        written_at(&second, "2026-11-24T10:00:00.000000002Z").as_bytes(),
    );
    let said = on(&home, "2026-11-24", &["import", &second]);
    assert!(
        said.contains(
            "  merged Adrián López into #1 (same UID) — removed tag vip\n    taken from there \
             (changed there only since it was handed over): title → Fleet Director\n"
        ),
        "{said}"
    );
    let said = on(&home, "2026-11-24", &["import", &first]);
    assert!(
        said.contains(
            "  unchanged Adrián López is #1 (same UID), with nothing new\n    not added again \
             (removed here since it was handed over): tag vip\n"
        ),
        "{said}"
    );
    let c = &home.show("adrián")["customer"];
    assert_eq!(
        (&c["title"], &c["tags"]),
        (&json!("Fleet Director"), &json!([]))
    );
}

/// A colleague merges two customers who were each handed over to them (`rolo merge`): both
/// handover records are kept, so the dossier of the one they kept carries their removals
/// back to the rolo that handed over the other.
#[test]
fn a_merge_of_two_customers_handed_over_keeps_both_handover_records() {
    let one = Rolo::new();
    adrian(&one, &[]);
    let two = Rolo::new();
    two.ok(&[
        "add",
        "A. López",
        "--email",
        "alopez@fleet.es",
        "--tag",
        "vip",
    ]);
    let colleague = Rolo::new();
    on(
        &colleague,
        "2026-11-23",
        &["import", &dossier(&one, "2026-11-23", "one.md")],
    );
    let f = two.dir.path().join("two.md");
    let f = f.to_str().unwrap();
    on(&two, "2026-11-23", &["dossier", "a. lópez", "--out", f]);
    on(&colleague, "2026-11-23", &["import", f]);
    on(
        &colleague,
        "2026-11-24",
        &["merge", "adrián", "a. lópez", "--force"],
    );
    let backup = colleague.ok(&["export", "--format", "json"]);
    assert!(backup.contains("\"merged\": [\n"), "{backup}");
    on(
        &colleague,
        "2026-11-24",
        &["edit", "adrián", "--untag", "vip"],
    );
    let back = dossier(&colleague, "2026-11-24", "back.md");
    let said = on(&two, "2026-11-25", &["import", &back]);
    assert!(
        said.contains("  merged Adrián López into #1 (same email) — added email adrian@iberica.es; removed tag vip\n"),
        "{said}"
    );
    assert_eq!(two.show("lópez")["customer"]["tags"], json!([]));
}

/// Back and forth: what this side changed before it took the colleague's dossier, and the
/// conflict it kept its own value in, reach the colleague with the next dossier as changes
/// made here (taken there, the colleague having changed none of them since); the dossier
/// the colleague sends after that changes nothing here.
#[test]
fn a_dossier_going_back_and_forth_leaves_both_sides_alike() {
    let home = Rolo::new();
    adrian(&home, &["--cadence", "60d"]);
    let (colleague, back) = handed_back(
        &home,
        &[&[
            "edit",
            "adrián",
            "--title",
            "Head of Operations",
            "--cadence",
            "30d",
        ]],
    );
    on(
        &home,
        "2026-11-24",
        &[
            "edit",
            "adrián",
            "--needs",
            "Invoices by email",
            "--cadence",
            "45d",
        ],
    );
    let said = on(&home, "2026-11-24", &["import", &back]);
    assert!(
        said.contains(
            "    taken from there (changed there only since it was handed over): title → Head \
             of Operations\n    conflict: cadence: changed here and there since it was handed \
             over (here every 45 days, there every 30 days); kept every 45 days\n"
        ),
        "{said}"
    );
    let again = dossier(&home, "2026-11-25", "again.md");
    let said = on(&colleague, "2026-11-25", &["import", &again]);
    assert!(
        said.contains(
            "  merged Adrián López into #1 (same UID)\n    taken from there (changed there \
             only since it was handed over): needs, cadence → every 45 days\n"
        ),
        "{said}"
    );
    assert_eq!(fields(&colleague), fields(&home));
    let third = dossier(&colleague, "2026-11-26", "third.md");
    let said = on(&home, "2026-11-26", &["import", &third]);
    assert!(
        said.ends_with(
            "  unchanged Adrián López is #1 (same UID), with nothing new\nNothing was \
             written: rolo already had everything in the file.\n"
        ),
        "{said}"
    );
}

/// A person's organization merges three-way too: moved there only, it is taken (the
/// organization comes with the file), the same file again changes nothing, and one removed
/// there is removed here.
#[test]
fn a_dossier_handed_back_moves_a_person_to_the_organization_set_there() {
    let home = Rolo::new();
    adrian(&home, &["--org", "Flotas SA"]);
    let (colleague, back) =
        handed_back(&home, &[&["edit", "adrián", "--org", "Transportes Norte"]]);
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert_eq!(
        said,
        format!(
            "Imported {back} (dossier, UTF-8): 1 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #2 (same UID)\n    taken from there (changed there only since \
             it was handed over): organization → Transportes Norte\n`rolo undo` takes the \
             whole import back.\n"
        )
    );
    assert_eq!(
        home.show("adrián")["customer"]["org_name"],
        "Transportes Norte"
    );
    let again = on(&home, "2026-11-25", &["import", &back]);
    assert!(again.contains("unchanged Adrián López is #2"), "{again}");
    on(&colleague, "2026-11-26", &["edit", "adrián", "--org", ""]);
    let gone = dossier(&colleague, "2026-11-26", "gone.md");
    let said = on(&home, "2026-11-26", &["import", &gone]);
    assert!(
        said.contains(
            "    taken from there (changed there only since it was handed over): organization \
             removed\n"
        ),
        "{said}"
    );
    assert_eq!(home.show("adrián")["customer"]["org_name"], Value::Null);
}

/// A dossier's `written_at` after its customers is refused: they merge by it.
#[test]
fn a_dossier_written_at_after_its_data_is_refused() {
    let home = Rolo::new();
    adrian(&home, &[]);
    let text = std::fs::read_to_string(dossier(&home, "2026-11-23", "there.md")).unwrap();
    let key = "\n  \"written_at\": \"";
    let at = text.find(key).unwrap();
    let end = at + 1 + text[at + 1..].find('\n').unwrap();
    let line = text[at + 1..end].trim_end_matches(',').to_string();
    let close = text.rfind("\n}").unwrap();
    let moved = format!(
        "{}{},\n{}{}",
        &text[..=at],
        &text[end + 1..close],
        line,
        &text[close..]
    );
    let f = scratch(&home, "late.md", moved.as_bytes());
    let colleague = Rolo::new();
    let err = colleague.refused(&["import", &f], 1);
    assert_eq!(
        err,
        format!(
            "error: {f}: written_at: after the data it dates; rolo writes it before \
             `customers` (move it up); nothing was imported\n"
        )
    );
}

/// A name's parts corrected there only (`rolo edit --given --family`) are taken here, each
/// part said.
#[test]
fn a_dossier_handed_back_brings_the_name_parts_corrected_there() {
    let home = Rolo::new();
    home.ok(&["add", "María José García López", "--email", "mj@iberica.es"]);
    let f = home.dir.path().join("there.md");
    let f = f.to_str().unwrap();
    on(&home, "2026-11-23", &["dossier", "maría", "--out", f]);
    let colleague = Rolo::new();
    on(&colleague, "2026-11-23", &["import", f]);
    on(
        &colleague,
        "2026-11-24",
        &[
            "edit",
            "maría",
            "--given",
            "María José",
            "--family",
            "García López",
        ],
    );
    let back = colleague.dir.path().join("back.md");
    let back = back.to_str().unwrap();
    on(
        &colleague,
        "2026-11-24",
        &["dossier", "maría", "--out", back],
    );
    let said = on(&home, "2026-11-25", &["import", back]);
    assert_eq!(
        said,
        format!(
            "Imported {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged María \
             José García López into #1 (same UID)\n    taken from there (changed there only \
             since it was handed over): given name → María José, family name → García \
             López\n`rolo undo` takes the whole import back.\n"
        )
    );
    let parts = &home.show("maría")["customer"]["name_parts"];
    assert_eq!(
        (&parts["given"], &parts["family"]),
        (&json!("María José"), &json!("García López"))
    );
}

/// An address changed on both sides: this side's stays, theirs goes to the notes, and the
/// line says it once, with the conflict (not again as notes and another address added).
#[test]
fn a_conflict_kept_in_the_notes_is_said_once() {
    let home = Rolo::new();
    adrian(
        &home,
        &[
            "--address",
            "Calle Mayor 1, Madrid",
            "--notes",
            "Met at the fair",
        ],
    );
    let (_colleague, back) = handed_back(
        &home,
        &[&["edit", "adrián", "--address", "Gran Vía 2, Madrid"]],
    );
    on(
        &home,
        "2026-11-24",
        &["edit", "adrián", "--address", "Calle Sol 3, Sevilla"],
    );
    let said = on(&home, "2026-11-25", &["import", &back]);
    assert_eq!(
        said,
        format!(
            "Imported {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #1 (same UID)\n    conflict: address: changed here and there \
             since it was handed over (here \"Calle Sol 3, Sevilla\", there \"Gran Vía 2, \
             Madrid\"); kept \"Calle Sol 3, Sevilla\" (theirs in the notes)\n`rolo undo` \
             takes the whole import back.\n"
        )
    );
    let c = &home.show("adrián")["customer"];
    assert_eq!(
        (&c["address"], &c["notes"]),
        (
            &json!("Calle Sol 3, Sevilla"),
            &json!("Met at the fair\nOther address: Gran Vía 2, Madrid")
        )
    );
}

/// The colleague's clock is three days behind. Their first dossier (written "21 November"
/// by it) is taken here on 24 November, and the title they changed in it changed here
/// again since; their next dossier (written "22 November", after ours of 23 November by
/// the clocks' words) still builds on theirs taken here: the last point in common is told
/// by this side's clock (when theirs was taken), so the title changed here only stays,
/// silently, and what they changed since is taken. Their first one imported again is older
/// than the one taken: nothing of it is taken, and it is said.
#[test]
fn a_dossier_from_a_clock_behind_merges_against_the_last_one_taken() {
    let home = Rolo::new();
    adrian(&home, &["--title", "Fleet Manager"]);
    let ours = dossier(&home, "2026-11-23", "ours.md");
    let colleague = Rolo::new();
    on(&colleague, "2026-11-20", &["import", &ours]);
    on(
        &colleague,
        "2026-11-21",
        &["edit", "adrián", "--title", "Head of Fleet"],
    );
    let first = dossier(&colleague, "2026-11-21", "first.md");
    on(&home, "2026-11-24", &["import", &first]);
    on(
        &home,
        "2026-11-25",
        &["edit", "adrián", "--title", "Fleet Director"],
    );
    on(
        &colleague,
        "2026-11-22",
        &["edit", "adrián", "--owner", "pablo"],
    );
    let second = dossier(&colleague, "2026-11-22", "second.md");
    let said = on(&home, "2026-11-26", &["import", &second]);
    assert_eq!(
        said,
        format!(
            "Imported {second} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged \
             Adrián López into #1 (same UID)\n    taken from there (changed there only since \
             it was handed over): owner → pablo\n`rolo undo` takes the whole import back.\n"
        )
    );
    let c = &home.show("adrián")["customer"];
    assert_eq!(
        (&c["title"], &c["owner"], &c["notes"]),
        (&json!("Fleet Director"), &json!("pablo"), &json!(""))
    );
    let said = on(&home, "2026-11-26", &["import", &first]);
    assert_eq!(
        said,
        format!(
            "Imported {first} (dossier, UTF-8): 0 created, 0 merged, 1 unchanged, 0 \
             skipped.\n  unchanged Adrián López is #1 (same UID), with nothing new\n    older \
             than the dossier of them taken here before (this one written 21 November 2026, \
             that one 22 November 2026): none of its fields is taken; this side's stay\n\
             Nothing was written: what differs in the file is older than what rolo has.\n"
        )
    );
}

/// Renamed on both sides: this side's name stays, theirs goes to the notes as another name,
/// and the conflict says so once: the merge line does not say the notes were added too.
#[test]
fn a_name_changed_on_both_sides_is_said_once_with_theirs_in_the_notes() {
    let home = Rolo::new();
    adrian(&home, &[]);
    let there = dossier(&home, "2026-11-23", "there.md");
    let colleague = Rolo::new();
    on(&colleague, "2026-11-23", &["import", &there]);
    on(
        &colleague,
        "2026-11-24",
        &["edit", "adrián", "--name", "Adi López"],
    );
    let back = colleague.dir.path().join("back.md");
    let back = back.to_str().unwrap();
    on(&colleague, "2026-11-24", &["dossier", "adi", "--out", back]);
    on(
        &home,
        "2026-11-25",
        &["edit", "adrián", "--name", "Adrián López Ruiz"],
    );
    assert_eq!(
        on(&home, "2026-11-25", &["import", back]),
        format!(
            "Imported {back} (dossier, UTF-8): 0 created, 1 merged, 0 skipped.\n  merged Adi \
             López into #1 (same UID)\n    conflict: name: changed here and there since it \
             was handed over (here Adrián López Ruiz, there Adi López); kept Adrián López \
             Ruiz (theirs in the notes)\n`rolo undo` takes the whole import back.\n"
        )
    );
    assert_eq!(
        home.show("adrián")["customer"]["notes"],
        "Also known as: Adi López"
    );
}
