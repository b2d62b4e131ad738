//! The three-way merge of a profile's fields, side by side and as a whole.

use super::*;
use crate::domain::{CustomerId, CustomerKind};

fn customer(f: &Fields) -> Customer {
    Customer {
        id: CustomerId(1),
        kind: CustomerKind::Person,
        name: f.name.clone(),
        name_parts: f.name_parts.clone(),
        org_id: None,
        org_name: None,
        title: f.title.clone(),
        address: f.address.clone(),
        address_parts: f.address_parts.clone(),
        notes: f.notes.clone(),
        needs: f.needs.clone(),
        needs_updated_at: None,
        cadence_days: f.cadence_days,
        owner: f.owner.clone(),
        birthday: f.birthday.as_deref().and_then(|d| d.parse().ok()),
        uid: "a-uid".into(),
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        last_contact_at: None,
        next_due: None,
        contacts: Vec::new(),
        tags: Vec::new(),
    }
}

fn mine(c: &Customer) -> Fields {
    Fields::of_customer(c, None)
}

fn fields(title: &str, notes: &str, cadence: Option<u32>) -> Fields {
    Fields {
        name: "Anna Kowalska".into(),
        title: Some(title.into()),
        notes: notes.into(),
        cadence_days: cadence,
        ..Fields::default()
    }
}

fn incoming(f: &Fields) -> Incoming {
    Incoming {
        name: f.name.clone(),
        title: f.title.clone(),
        notes: f.notes.clone(),
        cadence_days: f.cadence_days,
        ..Incoming::default()
    }
}

#[test]
fn side_takes_what_changed_there_only_and_keeps_what_changed_here() {
    use Side::{Conflict, Keep, Take, Theirs};
    // (at here, at there, there, here, from the file's record)
    let cases = [
        ((1, 1, 1, 1, true), Keep),
        ((1, 1, 2, 1, true), Take),
        ((1, 1, 1, 2, true), Keep),
        ((1, 1, 2, 2, true), Keep),
        ((1, 1, 2, 3, true), Conflict),
        // Their rolo kept its own (2) when it took ours (1): theirs from before.
        ((1, 2, 2, 1, true), Theirs),
        // A conflict kept here (3) against theirs (2) taken last: not again.
        ((3, 2, 2, 3, false), Keep),
        ((3, 2, 4, 3, false), Take),
    ];
    for ((at_here, at_there, there, here, from_file), want) in cases {
        assert_eq!(
            side(&at_here, &at_there, &there, &here, from_file),
            want,
            "{at_here} {at_there} {there} {here}"
        );
    }
}

#[test]
fn three_way_says_what_it_takes_and_the_conflicts() {
    let base = fields("Fleet Manager", "Met at the fair", Some(30));
    let there = fields("Head of Fleet", "Met at the fair\nWants a demo", Some(14));
    let here = customer(&fields("Fleet Manager", "Met at the fair", Some(21)));
    let mut inc = incoming(&there);
    let b = Base {
        here: &base,
        there: &base,
        from_file: true,
    };
    let p = three_way(&b, &there, &here, &mine(&here), &mut inc);
    assert_eq!(p.taken, [Field::Title, Field::Notes]);
    assert_eq!(
        p.conflicts,
        [
            "cadence: changed here and there since it was handed over (here every 21 days, \
          there every 14 days); kept every 21 days"
        ]
    );
    // The merge beside it adds nothing of these: this side's values.
    assert_eq!(
        (inc.title.as_deref(), inc.notes.as_str(), inc.cadence_days),
        (Some("Fleet Manager"), "Met at the fair", Some(21))
    );
    let mut patch = CustomerPatch::default();
    p.take(&there, None, &[], &mut patch);
    assert_eq!(patch.title, Some(Some("Head of Fleet".into())));
    assert_eq!(
        patch.notes.as_deref(),
        Some("Met at the fair\nWants a demo")
    );
    assert_eq!(patch.cadence_days, None);
    // A title changed on both sides: this side's stays, theirs goes to the notes (the
    // merge beside it keeps another title there); one removed here is none.
    let here = customer(&fields("CFO", "Met at the fair", Some(30)));
    let mut inc = incoming(&there);
    let p = three_way(&b, &there, &here, &mine(&here), &mut inc);
    assert_eq!(
        p.conflicts,
        [
            "title: changed here and there since it was handed over (here CFO, there Head \
          of Fleet); kept CFO (theirs in the notes)"
        ]
    );
    assert_eq!(inc.title.as_deref(), Some("Head of Fleet"));
    let mut none = fields("", "Met at the fair", Some(30));
    none.title = None;
    let mut inc = incoming(&there);
    let p = three_way(
        &b,
        &there,
        &customer(&none),
        &mine(&customer(&none)),
        &mut inc,
    );
    assert_eq!(
        p.conflicts,
        [
            "title: changed here and there since it was handed over (here none, there Head \
          of Fleet); kept none"
        ]
    );
    assert_eq!(inc.title, None);
    // A value with a comma is quoted.
    assert_eq!(
        conflict(
            Field::Address,
            "Gran Vía 1, Madrid",
            "Calle Mayor 5, Madrid",
            true
        ),
        "address: changed here and there since it was handed over (here \"Gran Vía 1, \
         Madrid\", there \"Calle Mayor 5, Madrid\"); kept \"Gran Vía 1, Madrid\" (theirs in \
         the notes)"
    );
}

#[test]
fn three_way_merges_a_value_their_rolo_had_before_as_any_import() {
    // Their rolo had CEO and its own note when it took ours (Fleet Manager): theirs,
    // merged as any import's (the title to the notes, their own lines added).
    let handed = fields("Fleet Manager", "Met at the fair", None);
    let kept = fields("CEO", "Met at the fair\nGolf on Fridays", None);
    let here = customer(&fields("Fleet Manager", "Prefers calls", None));
    let mut inc = incoming(&kept);
    let b = Base {
        here: &handed,
        there: &kept,
        from_file: true,
    };
    let p = three_way(&b, &kept, &here, &mine(&here), &mut inc);
    assert_eq!(
        p,
        Profile {
            theirs: vec![Field::Title, Field::Notes],
            org: Org::Keep,
            ..Profile::default()
        }
    );
    assert_eq!(
        (inc.title.as_deref(), inc.notes.as_str()),
        (Some("CEO"), "Golf on Fridays")
    );
    // Both sides changed the notes: both kept, line by line, and said.
    let there = fields(
        "CEO",
        "Met at the fair\nGolf on Fridays\nWants a demo",
        None,
    );
    let mut inc = incoming(&there);
    let p = three_way(&b, &there, &here, &mine(&here), &mut inc);
    assert_eq!(
        p.conflicts,
        [
            "notes: changed here and there since it was handed over, both kept: here \
          `Prefers calls`, there `Met at the fair / Golf on Fridays / Wants a demo`"
        ]
    );
    assert_eq!(inc.notes, there.notes);
}

#[test]
fn three_way_merges_notes_of_thousands_of_lines_line_by_line() {
    let numbered =
        |word: &str| -> Vec<String> { (0..2000).map(|i| format!("{word} line {i}")).collect() };
    let handed = numbered("handed").join("\n");
    let b_fields = fields("Fleet Manager", &handed, None);
    let b = Base {
        here: &b_fields,
        there: &b_fields,
        from_file: true,
    };
    // Changed there only (2 000 lines added), the title on both sides: the notes are
    // theirs, with the other title the merge beside it keeps in them.
    let mut theirs = handed.clone();
    for l in numbered("there") {
        theirs.push('\n');
        theirs.push_str(&l);
    }
    let there = fields("Head of Fleet", &theirs, None);
    let here = customer(&fields("CFO", &handed, None));
    let mut inc = incoming(&there);
    let p = three_way(&b, &there, &here, &mine(&here), &mut inc);
    assert_eq!(p.taken, [Field::Notes]);
    let mut patch = CustomerPatch {
        notes: Some(format!("{handed}\nOther title: Head of Fleet")),
        ..CustomerPatch::default()
    };
    let added = lines_added(&here.notes, patch.notes.as_deref().unwrap_or_default());
    assert_eq!(added, ["Other title: Head of Fleet"]);
    p.take(&there, None, &added, &mut patch);
    assert_eq!(
        patch.notes,
        Some(format!("{theirs}\nOther title: Head of Fleet"))
    );
    // Changed on both sides: both kept, each side's own lines said.
    let ours = format!("{handed}\n{}", numbered("here").join("\n"));
    let here = customer(&fields("Fleet Manager", &ours, None));
    let mut inc = incoming(&there);
    let p = three_way(&b, &there, &here, &mine(&here), &mut inc);
    assert_eq!(
        p.conflicts,
        [format!(
            "notes: changed here and there since it was handed over, both kept: here \
             `{}`, there `{}`",
            numbered("here").join(" / "),
            numbered("there").join(" / ")
        )]
    );
    assert_eq!(inc.notes, theirs);
}

#[test]
fn lines_added_are_the_merged_notes_lines_new_to_the_customers_trimmed() {
    assert_eq!(
        lines_added(
            "Met at the fair\n Prefers calls ",
            "Met at the fair \nPrefers calls\n\n  Also known as: Adi \nOther title: CFO"
        ),
        ["Also known as: Adi", "Other title: CFO"]
    );
    assert_eq!(lines_added("Met at the fair", ""), Vec::<String>::new());
}
