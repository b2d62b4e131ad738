//! Customer updates: a patch sets, clears and says each field; contact points added once and
//! removed in any case; one write of the row per patch; a value already there is no change.

use super::*;
use crate::store::{CustomerPatch, StoreError};

use super::customer::full_customer;

#[test]
fn update_customer_sets_every_field_and_says_what_changed() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let globex = add(&mut s, &org("Globex"));
    let anna = add(&mut s, &full_customer(acme));
    let now = T0 + 9 * HOUR;
    let patch = CustomerPatch {
        name: Some("Anna Nowak".into()),
        name_parts: None,
        kind: Some(CustomerKind::Person),
        org_id: Some(Some(globex)),
        title: Some(Some("CEO".into())),
        address: Some(None),
        address_parts: None,
        notes: Some("prefers mornings".into()),
        needs: Some("needs a discount".into()),
        cadence_days: Some(Some(30)),
        owner: Some(None),
        birthday: Some(Some(day("1990-05-18"))),
        set_primary: vec![email("anna@globex.com")],
        add_contacts: vec![phone("22 123 45 67"), email("anna@globex.com")],
        remove_contacts: vec!["+48 600 100 200".into()],
        add_tags: vec!["golf".into(), "vip".into()],
        remove_tags: vec!["warsaw".into()],
        handover: None,
    };
    let changed = s
        .change("edit anna", now, |w| w.update_customer(anna, &patch, now))
        .unwrap();
    assert_eq!(
        words(&changed),
        [
            // `kind: person` is what she is: no change.
            "name → Anna Nowak",
            "organization → Globex",
            "title → CEO",
            "address removed",
            "notes",
            "needs",
            "cadence → every 30 days",
            "owner removed",
            "birthday → 18 May 1990",
            "email → anna@globex.com",
            "added phone 22 123 45 67", // the email is the primary now: not added twice
            "removed +48 600 100 200",
            "tag +golf", // vip was there already
            "tag -warsaw",
        ]
    );
    let c = s.customer(anna).unwrap();
    assert_eq!(c.name, "Anna Nowak");
    assert_eq!(
        (c.org_id, c.org_name.as_deref()),
        (Some(globex), Some("Globex"))
    );
    assert_eq!(c.title.as_deref(), Some("CEO"));
    assert_eq!(c.address, None);
    assert_eq!(c.notes, "prefers mornings");
    assert_eq!(c.needs, "needs a discount");
    assert_eq!(c.needs_updated_at.map(|t| t.timestamp()), Some(now));
    assert_eq!(c.cadence_days, Some(30));
    assert_eq!(c.owner, None);
    assert_eq!(c.birthday, Some(day("1990-05-18")));
    assert_eq!(c.updated_at.timestamp(), now);
    assert_eq!(c.created_at.timestamp(), T0 - 30 * DAY);
    assert_eq!(
        c.contacts,
        [
            ContactPoint {
                label: Some("work".into()),
                ..email("anna@globex.com")
            },
            phone("22 123 45 67"),
        ]
    );
    assert_eq!(c.tags, ["golf", "vip"]);
    // The name index follows the new name.
    assert_eq!(s.customers_by_name("nowak", 5).unwrap()[0].id, anna);
    assert!(s.customers_by_name("kowalska", 5).unwrap().is_empty());
}

#[test]
fn update_customer_clears_optional_fields() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(&mut s, &full_customer(acme));
    let patch = CustomerPatch {
        kind: Some(CustomerKind::Org),
        org_id: Some(None),
        title: Some(None),
        cadence_days: Some(None),
        birthday: Some(None),
        ..CustomerPatch::default()
    };
    let changed = s.write(|w| w.update_customer(anna, &patch, T0)).unwrap();
    assert_eq!(
        words(&changed),
        [
            "kind → org",
            "organization removed",
            "title removed",
            "cadence removed",
            "birthday removed"
        ]
    );
    let c = s.customer(anna).unwrap();
    assert_eq!(c.kind, CustomerKind::Org);
    assert_eq!((c.org_id, c.org_name), (None, None));
    assert_eq!((c.title, c.cadence_days, c.birthday), (None, None, None));
    // Needs untouched: its date stays the creation time.
    assert_eq!(
        c.needs_updated_at.map(|t| t.timestamp()),
        Some(T0 - 30 * DAY)
    );
}

#[test]
fn update_customer_with_an_empty_patch_changes_nothing() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let before = dump(&s);
    let changed = s
        .write(|w| w.update_customer(anna, &CustomerPatch::default(), T0))
        .unwrap();
    assert!(changed.is_empty());
    assert_eq!(dump(&s), before, "updated_at is not touched either");
}

#[test]
fn update_customer_set_primary_adds_when_there_is_none() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let patch = CustomerPatch {
        set_primary: vec![phone("600 100 200")],
        ..CustomerPatch::default()
    };
    let changed = s.write(|w| w.update_customer(anna, &patch, T0)).unwrap();
    assert_eq!(words(&changed), ["phone → 600 100 200"]);
    assert_eq!(s.customer(anna).unwrap().contacts, [phone("600 100 200")]);
}

#[test]
fn update_customer_removes_an_email_in_any_case() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            contacts: vec![email("Anna@Acme.pl"), email("anna@home.pl")],
            ..person("Anna")
        },
    );
    let patch = CustomerPatch {
        remove_contacts: vec![" ANNA@ACME.PL ".into()],
        ..CustomerPatch::default()
    };
    s.write(|w| w.update_customer(anna, &patch, T0)).unwrap();
    assert_eq!(s.customer(anna).unwrap().contacts, [email("anna@home.pl")]);
}

#[test]
fn update_customer_with_a_bad_removal_saves_nothing() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            tags: vec!["vip".into()],
            ..person("Anna")
        },
    );
    let before = dump(&s);
    for (patch, message) in [
        (
            CustomerPatch {
                name: Some("Anna Nowak".into()),
                remove_contacts: vec!["anna@nowhere.pl".into()],
                ..CustomerPatch::default()
            },
            "Anna has no contact point `anna@nowhere.pl`",
        ),
        (
            CustomerPatch {
                notes: Some("x".into()),
                remove_tags: vec!["golf".into()],
                ..CustomerPatch::default()
            },
            "Anna has no tag `golf`",
        ),
    ] {
        let err = s
            .change("edit", T0, |w| w.update_customer(anna, &patch, T0))
            .err()
            .unwrap();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m == message),
            "{err:?}"
        );
        assert_eq!(dump(&s), before);
    }
    assert_eq!(s.recent_changes(10).unwrap(), []);
}

#[test]
fn update_customer_of_a_missing_customer_is_not_found() {
    let mut s = mem();
    let err = s
        .write(|w| w.update_customer(CustomerId(3), &CustomerPatch::default(), T0))
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
}

#[test]
fn update_customer_adds_each_new_contact_point_once_at_the_end() {
    // The contact points the customer has are read once and looked up in memory (a merged
    // record may bring 100 000): what is new is added in order after them, a phone with
    // the same last digits or an email in another case is not added again, one with no
    // label takes the first label that comes, and the record's own repeats count as there.
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            contacts: vec![email("anna@acme.pl"), phone("+48 600 100 200")],
            ..person("Anna Kowalska")
        },
    );
    let labelled = |cp: ContactPoint, label: &str| ContactPoint {
        label: Some(label.into()),
        ..cp
    };
    let patch = CustomerPatch {
        add_contacts: vec![
            labelled(email("ANNA@acme.pl"), "work"),
            labelled(phone("600-100-200"), "mobile"),
            email("b@acme.pl"),
            labelled(email("b@acme.pl"), "home"),
            labelled(email("B@acme.pl"), "other"),
            phone("0048 22 111 22 33"),
            phone("22 111 22 33"),
        ],
        ..CustomerPatch::default()
    };
    let changed = s
        .change("merge", T0, |w| w.update_customer(anna, &patch, T0))
        .unwrap();
    assert_eq!(
        words(&changed),
        [
            "label work on ANNA@acme.pl",
            "label mobile on 600-100-200",
            "added email b@acme.pl",
            "label home on b@acme.pl",
            "added phone 0048 22 111 22 33",
        ]
    );
    assert_eq!(
        rows_of(
            &s,
            "SELECT position, kind, value, coalesce(label, '-') FROM contact_points"
        ),
        [
            "0 | 'email' | 'anna@acme.pl' | 'work'",
            "1 | 'phone' | '+48 600 100 200' | 'mobile'",
            "2 | 'email' | 'b@acme.pl' | 'home'",
            "3 | 'phone' | '0048 22 111 22 33' | '-'",
        ]
    );
}

/// A patch is one write of the customer's row (one image of it in the undo journal), its
/// handover record included; parts kept as they were beside a new name or address stay.
#[test]
fn update_loaded_writes_the_row_once_and_keeps_parts_given_with_a_new_line() {
    let mut s = mem();
    let parts = crate::domain::AddressParts {
        label: "work".into(),
        ..Default::default()
    };
    let anna = add(
        &mut s,
        &NewCustomer {
            address: Some("ul. Prosta 1, Warszawa".into()),
            address_parts: Some(parts.clone()),
            ..person("Anna Kowalska")
        },
    );
    let changed = s
        .change("hand back", T0, |w| {
            let before = w.customer(anna)?;
            w.update_loaded(
                &before,
                &CustomerPatch {
                    title: Some(Some("CFO".into())),
                    address: Some(Some("ul. Krzywa 2, Kraków".into())),
                    address_parts: Some(Some(parts.clone())),
                    cadence_days: Some(Some(30)),
                    handover: Some(Some("{\"uid\":\"x\",\"contacts\":[],\"tags\":[]}".into())),
                    ..CustomerPatch::default()
                },
                T0,
            )
        })
        .unwrap();
    assert_eq!(
        words(&changed),
        [
            "title → CFO",
            "address → ul. Krzywa 2, Kraków",
            "cadence → every 30 days"
        ]
    );
    let c = s.customer(anna).unwrap();
    assert_eq!(
        (c.address.as_deref(), c.address_parts.as_ref()),
        (Some("ul. Krzywa 2, Kraków"), Some(&parts))
    );
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM customers WHERE handover IS NOT NULL"
        ),
        1
    );
    // The row with the parts kept beside its new address: one write.
    let ops = "SELECT count(*) FROM change_ops WHERE tbl = 'customers' AND op = 'U'";
    assert_eq!(count(&s, ops), 1);
    // Fields, notes and the handover record: one write.
    s.change("hand back", T0, |w| {
        let before = w.customer(anna)?;
        w.update_loaded(
            &before,
            &CustomerPatch {
                title: Some(None),
                notes: Some("golf".into()),
                needs: Some("demos".into()),
                handover: Some(None),
                ..CustomerPatch::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(count(&s, ops), 2);
}

#[test]
fn update_customer_setting_fields_to_what_they_are_changes_nothing() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(&mut s, &full_customer(acme));
    let c = s.customer(anna).unwrap();
    let now = T0 + 9 * HOUR;
    let same = CustomerPatch {
        kind: Some(c.kind),
        org_id: Some(c.org_id),
        title: Some(c.title.clone()),
        cadence_days: Some(c.cadence_days),
        owner: Some(c.owner.clone()),
        birthday: Some(c.birthday),
        ..CustomerPatch::default()
    };
    let changed = s
        .change("edit anna", now, |w| w.update_customer(anna, &same, now))
        .unwrap();
    assert_eq!(words(&changed), Vec::<String>::new());
    // A title cleared twice is removed once.
    let clear = CustomerPatch {
        title: Some(None),
        ..CustomerPatch::default()
    };
    let first = s
        .change("edit anna", now, |w| w.update_customer(anna, &clear, now))
        .unwrap();
    assert_eq!(words(&first), ["title removed"]);
    let again = s
        .change("edit anna", now, |w| w.update_customer(anna, &clear, now))
        .unwrap();
    assert_eq!(words(&again), Vec::<String>::new());
}

#[test]
fn update_customer_setting_the_name_address_notes_or_needs_to_what_they_are_changes_nothing() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(&mut s, &full_customer(acme));
    let c = s.customer(anna).unwrap();
    let ops = count(&s, "SELECT count(*) FROM change_ops");
    let same = CustomerPatch {
        name: Some(c.name.clone()),
        address: Some(c.address.clone()),
        notes: Some(c.notes.clone()),
        needs: Some(c.needs.clone()),
        ..CustomerPatch::default()
    };
    let changed = s
        .change("edit anna", T0 + HOUR, |w| {
            w.update_customer(anna, &same, T0 + HOUR)
        })
        .unwrap();
    // Said as nothing (so `rolo edit` refuses it, leaving no undo step), no image of the
    // row in the journal, and the customer not touched.
    assert_eq!(words(&changed), Vec::<String>::new());
    assert_eq!(count(&s, "SELECT count(*) FROM change_ops"), ops);
    assert_eq!(s.customer(anna).unwrap().updated_at, c.updated_at);
    // Beside another change, neither is said.
    let title = CustomerPatch {
        title: Some(Some("CFO".into())),
        ..same
    };
    let changed = s
        .change("edit anna", T0 + HOUR, |w| {
            w.update_customer(anna, &title, T0 + HOUR)
        })
        .unwrap();
    assert_eq!(words(&changed), ["title → CFO"]);
}

/// Changes in the store's words, as the edit's message says them.
fn words(changes: &[crate::store::Change]) -> Vec<String> {
    changes.iter().map(ToString::to_string).collect()
}

/// Handover records kept for several customers at once: one this change wrote already gets
/// no second image in the undo journal, one it did not write gets its image, and undo puts
/// every record back.
#[test]
fn keep_handovers_images_each_row_once_and_undo_takes_them_back() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna Kowalska"));
    let jan = add(&mut s, &person("Jan Nowak"));
    let ops = "SELECT count(*) FROM change_ops WHERE tbl = 'customers' AND op = 'U'";
    let before = count(&s, ops);
    s.change("hand back", T0, |w| {
        let c = w.customer(anna)?;
        w.update_loaded(
            &c,
            &CustomerPatch {
                title: Some(Some("CFO".into())),
                ..CustomerPatch::default()
            },
            T0,
        )?;
        w.keep_handovers(&[(anna, "{\"a\":1}".into()), (jan, "{\"j\":1}".into())])
    })
    .unwrap();
    // Anna's edit and Jan's record: one image each.
    assert_eq!(count(&s, ops) - before, 2);
    let kept =
        "SELECT group_concat(handover, ' ') FROM (SELECT handover FROM customers ORDER BY id)";
    let text = |s: &Store| -> Option<String> { s.conn.query_row(kept, [], |r| r.get(0)).unwrap() };
    assert_eq!(text(&s).as_deref(), Some("{\"a\":1} {\"j\":1}"));
    s.undo(T0 + 1).unwrap();
    assert_eq!(text(&s), None);
    assert_eq!(s.customer(anna).unwrap().title, None);
}
