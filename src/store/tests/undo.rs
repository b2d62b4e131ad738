//! The change journal: `change` records, `undo` restores the exact prior state.

use super::*;
use crate::domain::FollowUpStatus;
use crate::store::{CustomerPatch, Undone};

fn undone(s: &mut Store) -> Undone {
    s.undo(0).unwrap().expect("something to undo")
}

/// Acme with Anna (contacts, tags, a deal, an interaction, a repeating follow-up) and Bob.
fn fixture(s: &mut Store) -> (CustomerId, CustomerId, DealId, FollowUpId) {
    let acme = add(s, &org("Acme"));
    let anna = add(
        s,
        &NewCustomer {
            org_id: Some(acme),
            title: Some("Buyer".into()),
            notes: "plays golf".into(),
            needs: "fast delivery".into(),
            cadence_days: Some(14),
            birthday: Some(day("1990-05-17")),
            contacts: vec![email("anna@acme.pl"), phone("+48 600 100 200")],
            tags: vec!["vip".into(), "warsaw".into()],
            ..person("Anna Kowalska")
        },
    );
    add(
        s,
        &NewCustomer {
            tags: vec!["golf".into()],
            ..person("Bob")
        },
    );
    let deal = open_deal(
        s,
        &new_deal(anna, "Fleet", 1_000_000, "PLN", Stage::Proposal),
    );
    log(
        s,
        &talk(anna, InteractionKind::Call, T0 - 5 * DAY, "first call"),
    );
    let weekly = plan_task(
        s,
        &NewFollowUp {
            repeat: Some(crate::domain::Repeat::parse("1w").unwrap()),
            ..task(anna, "weekly call", "2026-11-20")
        },
    );
    (acme, anna, deal, weekly)
}

#[test]
fn undo_with_nothing_to_undo_is_none() {
    let mut s = mem();
    assert_eq!(s.undo(0).unwrap(), None);
    fixture(&mut s); // written with `write`: nothing journaled
    assert_eq!(s.undo(0).unwrap(), None);
}

#[test]
fn write_is_not_journaled() {
    let mut s = mem();
    fixture(&mut s);
    assert_eq!(count(&s, "SELECT count(*) FROM changes"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM change_ops"), 0);
    assert_eq!(count(&s, "SELECT recording FROM journal_state"), 0);
    assert_eq!(s.recent_changes(10).unwrap(), []);
}

#[test]
fn undo_customer_insert_removes_its_rows_and_new_tags() {
    let mut s = mem();
    fixture(&mut s);
    let before = dump(&s);
    let id = s
        .change("add Cleo", T0, |w| {
            w.insert_customer(&NewCustomer {
                contacts: vec![email("cleo@x.pl"), phone("600 700 800")],
                tags: vec!["golf".into(), "new-tag".into()], // one existing tag, one new
                notes: "likes sailing".into(),
                ..person("Cleo")
            })
        })
        .unwrap();
    assert_eq!(s.customer(id).unwrap().tags, ["golf", "new-tag"]);
    let u = undone(&mut s);
    // customers 1 + contact_points 2 + tags 1 (golf existed) + customer_tags 2.
    assert_eq!(
        u,
        Undone {
            change_id: 1,
            summary: "add Cleo".into(),
            rows: 6
        }
    );
    assert_eq!(dump(&s), before);
    assert_eq!(fts(&s, "customers_fts", "sailing"), Vec::<i64>::new());
    assert_eq!(s.tags().unwrap().len(), 3, "golf, vip, warsaw");
}

#[test]
fn undo_update_customer_restores_every_field_contact_and_tag() {
    let mut s = mem();
    let (acme, anna, _, _) = fixture(&mut s);
    let before = dump(&s);
    let patch = CustomerPatch {
        name: Some("Anna Nowak".into()),
        name_parts: None,
        kind: Some(CustomerKind::Person),
        org_id: Some(None),
        title: Some(Some("CEO".into())),
        address: Some(Some("Prosta 1".into())),
        address_parts: None,
        notes: Some("sails".into()),
        needs: Some("discounts".into()),
        cadence_days: Some(None),
        owner: Some(Some("piotr".into())),
        birthday: Some(None),
        set_primary: vec![email("anna@nowak.pl")],
        add_contacts: vec![phone("22 111 22 33")],
        remove_contacts: vec!["+48 600 100 200".into()],
        add_tags: vec!["golf".into(), "brand-new".into()],
        remove_tags: vec!["vip".into(), "warsaw".into()],
        handover: None,
    };
    let changed = s
        .change("edit Anna", T0 + HOUR, |w| {
            w.update_customer(anna, &patch, T0 + HOUR)
        })
        .unwrap();
    // Sixteen: `kind: person` is what she is already.
    assert_eq!(changed.len(), 16);
    assert_ne!(dump(&s), before);
    assert_eq!(s.org_members(acme).unwrap(), []);
    let u = undone(&mut s);
    assert_eq!(u.summary, "edit Anna");
    assert_eq!(dump(&s), before);
    let c = s.customer(anna).unwrap();
    assert_eq!(c.name, "Anna Kowalska");
    assert_eq!(c.tags, ["vip", "warsaw"]);
    assert_eq!(
        c.contacts,
        [email("anna@acme.pl"), phone("+48 600 100 200")]
    );
    assert_eq!(s.customers_by_name("kowalska", 5).unwrap().len(), 1);
    assert!(s.customers_by_name("nowak", 5).unwrap().is_empty());
}

#[test]
fn undo_interaction_insert_restores_last_contact() {
    let mut s = mem();
    let (_, anna, _, _) = fixture(&mut s);
    let before = dump(&s);
    s.change("log call with Anna", T0, |w| {
        w.insert_interaction(&talk(anna, InteractionKind::Call, T0 - HOUR, "pricing ok"))
    })
    .unwrap();
    assert_eq!(last_contact(&s, anna), Some(T0 - HOUR));
    undone(&mut s);
    assert_eq!(last_contact(&s, anna), Some(T0 - 5 * DAY));
    assert_eq!(fts(&s, "interactions_fts", "pricing"), Vec::<i64>::new());
    assert_eq!(dump(&s), before);
}

#[test]
fn undo_closing_a_repeating_follow_up_reopens_it_and_drops_the_next_one() {
    let mut s = mem();
    let (_, anna, _, weekly) = fixture(&mut s);
    let before = dump(&s);
    let (next, on) = s
        .change("done: weekly call", T0 + HOUR, |w| {
            w.close_follow_up(weekly, FollowUpStatus::Done, T0 + HOUR, today())
        })
        .unwrap()
        .unwrap();
    assert_eq!(on, day("2026-11-30"));
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-30"));
    undone(&mut s);
    let f = s.follow_up(weekly).unwrap();
    assert_eq!((f.status, f.done_at), (FollowUpStatus::Open, None));
    assert!(s.follow_up(next).is_err(), "the spawned occurrence is gone");
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-20"));
    assert_eq!(dump(&s), before);
}

#[test]
fn undo_deal_stage_change_restores_the_deal() {
    let mut s = mem();
    let (_, _, deal, _) = fixture(&mut s);
    let before = dump(&s);
    s.change("won: Fleet", T0, |w| {
        w.set_deal_stage(deal, Stage::Won, None, instant(T0))
    })
    .unwrap();
    assert_eq!(s.deal(deal).unwrap().stage, Stage::Won);
    undone(&mut s);
    let d = s.deal(deal).unwrap();
    assert_eq!(
        (d.stage, d.probability, d.closed_at),
        (Stage::Proposal, 50, None)
    );
    assert_eq!(dump(&s), before);
}

#[test]
fn undo_walks_back_several_changes_in_reverse_order() {
    let mut s = mem();
    let (_, anna, _, weekly) = fixture(&mut s);
    let d0 = dump(&s);
    let cleo = s
        .change("add Cleo", T0, |w| w.insert_customer(&person("Cleo")))
        .unwrap();
    let d1 = dump(&s);
    s.change("log call with Cleo", T0 + 1, |w| {
        w.insert_interaction(&talk(cleo, InteractionKind::Call, T0, "hello"))?;
        w.insert_follow_up(&task(cleo, "send deck", "2026-11-24"))
    })
    .unwrap();
    let d2 = dump(&s);
    s.change("snooze weekly call", T0 + 2, |w| {
        w.move_follow_up(weekly, day("2026-11-26"), true, instant(T0 + 2))
    })
    .unwrap();
    assert_eq!(next_due(&s, anna).as_deref(), Some("2026-11-26"));
    let listed: Vec<(String, bool)> = s
        .recent_changes(10)
        .unwrap()
        .into_iter()
        .map(|(_, _, summary, undone)| (summary, undone))
        .collect();
    assert_eq!(
        listed,
        [
            ("snooze weekly call".to_string(), false),
            ("log call with Cleo".to_string(), false),
            ("add Cleo".to_string(), false),
        ]
    );

    assert_eq!(undone(&mut s).summary, "snooze weekly call");
    assert_eq!(dump(&s), d2);
    assert_eq!(undone(&mut s).summary, "log call with Cleo");
    assert_eq!(dump(&s), d1);
    assert_eq!(undone(&mut s).summary, "add Cleo");
    assert_eq!(dump(&s), d0);
    assert_eq!(s.undo(0).unwrap(), None);
    let (id, at, summary, undone_flag) = s.recent_changes(1).unwrap().remove(0);
    assert_eq!(
        (id, at, summary.as_str(), undone_flag),
        (3, T0 + 2, "snooze weekly call", true)
    );
}

#[test]
fn undo_after_undo_and_a_new_change_takes_the_new_one_first() {
    let mut s = mem();
    fixture(&mut s);
    let d0 = dump(&s);
    s.change("add A", T0, |w| w.insert_customer(&person("A")))
        .unwrap();
    let d1 = dump(&s);
    s.change("add B", T0, |w| w.insert_customer(&person("B")))
        .unwrap();
    assert_eq!(undone(&mut s).summary, "add B");
    s.change("add C", T0, |w| w.insert_customer(&person("C")))
        .unwrap();
    assert_eq!(undone(&mut s).summary, "add C");
    assert_eq!(dump(&s), d1);
    assert_eq!(undone(&mut s).summary, "add A");
    assert_eq!(dump(&s), d0);
    assert_eq!(s.undo(0).unwrap(), None);
}

#[test]
fn undo_of_a_named_change_refuses_a_newer_one_and_changes_nothing() {
    let mut s = mem();
    fixture(&mut s);
    s.change("add A", T0, |w| w.insert_customer(&person("A")))
        .unwrap();
    let (a, _, _) = s.undoable().unwrap().unwrap();
    s.change("add B\u{202e}", T0, |w| w.insert_customer(&person("B")))
        .unwrap();
    let before = dump(&s);
    assert_eq!(
        s.undo_change(Some(a), instant(T0)).unwrap_err().to_string(),
        "a newer change came in since: add B; nothing was undone (undo again to undo it)"
    );
    assert_eq!(dump(&s), before);
    let (b, _, _) = s.undoable().unwrap().unwrap();
    assert_eq!(
        s.undo_change(Some(b), instant(T0))
            .unwrap()
            .unwrap()
            .summary,
        "add B\u{202e}"
    );
    assert_eq!(
        s.undo_change(Some(a), instant(T0))
            .unwrap()
            .unwrap()
            .summary,
        "add A"
    );
}

#[test]
fn undo_customer_delete_restores_its_cascade() {
    let mut s = mem();
    let (acme, anna, _, _) = fixture(&mut s);
    let before = dump(&s);
    // Deleting the organization sets its people's org_id to NULL; deleting Anna cascades
    // to her contact points, tags, deals, interactions and follow-ups.
    s.change("delete Acme and Anna", T0, |w| {
        w.conn().execute(
            "DELETE FROM customers WHERE id IN (?1, ?2)",
            [acme.0, anna.0],
        )?;
        Ok(())
    })
    .unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 1);
    assert_eq!(count(&s, "SELECT count(*) FROM interactions"), 0);
    undone(&mut s);
    assert_eq!(dump(&s), before);
    assert_eq!(s.integrity_problems().unwrap(), Vec::<String>::new());
}

#[test]
fn undo_restores_settings() {
    let mut s = mem();
    s.write(|w| {
        w.conn().execute(
            "INSERT INTO settings(key, value) VALUES ('currency', 'PLN')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    let before = dump(&s);
    s.change("settings", T0, |w| {
        w.conn().execute(
            "UPDATE settings SET value = 'EUR' WHERE key = 'currency'",
            [],
        )?;
        w.conn().execute(
            "INSERT INTO settings(key, value) VALUES ('owner', 'piotr')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.setting("currency").unwrap().as_deref(), Some("EUR"));
    undone(&mut s);
    assert_eq!(dump(&s), before);
    assert_eq!(s.setting("owner").unwrap(), None);
}

#[test]
fn a_failed_change_leaves_no_journal_entry() {
    let mut s = mem();
    fixture(&mut s);
    let before = dump(&s);
    let result = s.change("add and fail", T0, |w| {
        w.insert_customer(&person("Zed"))?;
        w.insert_customer(&person("Zed")) // same uid: UNIQUE fails
    });
    assert!(result.is_err());
    assert_eq!(dump(&s), before);
    assert_eq!(s.recent_changes(5).unwrap(), []);
    assert_eq!(s.undo(0).unwrap(), None);
}

/// The name sort key of a customer, as stored.
fn name_key(s: &Store, id: CustomerId) -> String {
    s.conn()
        .query_row(
            "SELECT name_key FROM customers WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn undo_of_add_rename_and_import_restores_name_keys_exactly() {
    let mut s = mem();
    fixture(&mut s);
    let d0 = dump(&s);
    let emile = s
        .change("add Émile", T0, |w| w.insert_customer(&person("Émile")))
        .unwrap();
    assert_eq!(name_key(&s, emile), "emile");
    let d1 = dump(&s);
    let rename = |to: &str| CustomerPatch {
        name: Some(to.into()),
        ..CustomerPatch::default()
    };
    s.change("rename", T0 + 1, |w| {
        w.update_customer(emile, &rename("Łucja"), T0 + 1)
    })
    .unwrap();
    assert_eq!(name_key(&s, emile), "lucja");
    let d2 = dump(&s);
    // Renamed twice in one change: the key follows the last name.
    s.change("rename twice", T0 + 2, |w| {
        w.update_customer(emile, &rename("Zoe"), T0 + 2)?;
        w.update_customer(emile, &rename("Örjan"), T0 + 2)
    })
    .unwrap();
    assert_eq!(name_key(&s, emile), "orjan");
    // An import: a journaled bulk load whose rows are a range, written here without a key.
    s.bulk(Some(("import", T0 + 3)), |w| {
        w.conn().execute(
            "INSERT INTO customers(kind, name, uid, created_at, updated_at)
             VALUES ('person', 'Ádám', 'uid-adam', ?1, ?1)",
            [T0 + 3],
        )?;
        Ok(())
    })
    .unwrap();
    let adam: i64 = count(&s, "SELECT id FROM customers WHERE uid = 'uid-adam'");
    assert_eq!(name_key(&s, CustomerId(adam)), "adam");

    assert_eq!(undone(&mut s).summary, "import");
    assert_eq!(undone(&mut s).summary, "rename twice");
    assert_eq!(dump(&s), d2);
    assert_eq!(undone(&mut s).summary, "rename");
    assert_eq!(dump(&s), d1);
    assert_eq!(name_key(&s, emile), "emile");
    assert_eq!(undone(&mut s).summary, "add Émile");
    assert_eq!(dump(&s), d0);
}
