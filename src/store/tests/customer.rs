//! Customers: insert, contact points, tags, patches, list rows, organizations, settings.

use super::*;
use crate::domain::Customer;
use crate::store::{CustomerPatch, StoreError};

fn full_customer(org_id: CustomerId) -> NewCustomer {
    NewCustomer {
        kind: CustomerKind::Person,
        name: "Anna Kowalska".into(),
        name_parts: None,
        org_id: Some(org_id),
        title: Some("Head of Purchasing".into()),
        address: Some("ul. Prosta 1, Warszawa".into()),
        address_parts: None,
        notes: "met at the fair".into(),
        needs: "wants demos".into(),
        cadence_days: Some(14),
        owner: Some("piotr".into()),
        birthday: Some(day("1990-05-17")),
        contacts: vec![
            ContactPoint {
                label: Some("work".into()),
                ..email(" Anna@Acme.PL ")
            },
            phone("+48 600 100 200"),
        ],
        tags: vec!["warsaw".into(), "vip".into()],
        uid: "uid-anna".into(),
        created_at: T0 - 30 * DAY,
    }
}

#[test]
fn insert_customer_round_trips_every_field() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(&mut s, &full_customer(acme));
    let c = s.customer(anna).unwrap();
    let created = super::super::row::ts(T0 - 30 * DAY);
    assert_eq!(
        c,
        Customer {
            id: anna,
            kind: CustomerKind::Person,
            name: "Anna Kowalska".into(),
            name_parts: None,
            org_id: Some(acme),
            org_name: Some("Acme".into()),
            title: Some("Head of Purchasing".into()),
            address: Some("ul. Prosta 1, Warszawa".into()),
            address_parts: None,
            notes: "met at the fair".into(),
            needs: "wants demos".into(),
            needs_updated_at: Some(created),
            cadence_days: Some(14),
            owner: Some("piotr".into()),
            birthday: Some(day("1990-05-17")),
            uid: "uid-anna".into(),
            created_at: created,
            updated_at: created,
            last_contact_at: None,
            next_due: None,
            contacts: vec![
                ContactPoint {
                    label: Some("work".into()),
                    ..email("Anna@Acme.PL")
                },
                phone("+48 600 100 200"),
            ],
            tags: vec!["vip".into(), "warsaw".into()],
        }
    );
    assert_eq!(c.email(), Some("Anna@Acme.PL"));
    assert_eq!(c.phone(), Some("+48 600 100 200"));
    // Matching forms: lowercase email, phone digits; positions in the order given.
    assert_eq!(
        rows_of(&s, "SELECT kind, value, norm, position FROM contact_points"),
        [
            "'email' | 'Anna@Acme.PL' | 'anna@acme.pl' | 0",
            "'phone' | '+48 600 100 200' | '48600100200' | 1"
        ]
    );
}

#[test]
fn insert_customer_without_needs_has_no_needs_date() {
    let mut s = mem();
    let id = add(&mut s, &person("Bob"));
    let c = s.customer(id).unwrap();
    assert_eq!(c.needs_updated_at, None);
    assert_eq!(c.kind, CustomerKind::Person);
    assert!(c.contacts.is_empty() && c.tags.is_empty());
}

#[test]
fn insert_customer_rejects_a_blank_name_and_saves_nothing() {
    let mut s = mem();
    let err = s
        .change("add", T0, |w| {
            w.insert_customer(&NewCustomer {
                contacts: vec![email("x@y.pl")],
                ..person("   ")
            })
        })
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    assert_eq!(count(&s, "SELECT count(*) FROM customers"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM changes"), 0);
}

#[test]
fn missing_customer_is_not_found() {
    let s = mem();
    let err = s.customer(CustomerId(7)).err().unwrap();
    assert!(
        matches!(&err, StoreError::NotFound(m) if m == "no customer #7"),
        "{err:?}"
    );
    assert!(matches!(
        s.customer_row(CustomerId(7)),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(s.candidate(CustomerId(7)).unwrap(), None);
}

#[test]
fn add_contact_appends_and_skips_the_same_address() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            contacts: vec![email("Anna@Acme.pl"), phone("+48 600 100 200")],
            ..person("Anna")
        },
    );
    let added = s
        .write(|w| {
            Ok([
                w.add_contact(anna, &email("ANNA@acme.PL"))?, // same address, other case
                w.add_contact(anna, &phone("+48 (600) 100-200"))?, // same digits
                w.add_contact(anna, &email("  anna@home.pl "))?,
                w.add_contact(anna, &phone("600 100 200"))?, // the same line without +48
                w.add_contact(anna, &phone("0 600 100 201"))?, // another line
            ])
        })
        .unwrap();
    assert_eq!(added, [false, false, true, false, true]);
    assert_eq!(
        rows_of(&s, "SELECT position, value, norm FROM contact_points"),
        [
            "0 | 'Anna@Acme.pl' | 'anna@acme.pl'",
            "1 | '+48 600 100 200' | '48600100200'",
            "2 | 'anna@home.pl' | 'anna@home.pl'",
            "3 | '0 600 100 201' | '0600100201'",
        ]
    );
}

#[test]
fn add_tag_creates_each_tag_once() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let bob = add(&mut s, &person("Bob"));
    let added = s
        .write(|w| {
            Ok([
                w.add_tag(anna, "vip")?,
                w.add_tag(anna, "vip")?,
                w.add_tag(anna, "VIP")?, // tag names are case-insensitive
                w.add_tag(bob, "vip")?,
                w.add_tag(bob, "golf")?,
            ])
        })
        .unwrap();
    assert_eq!(added, [true, false, false, true, true]);
    assert_eq!(count(&s, "SELECT count(*) FROM tags"), 2);
    assert_eq!(
        s.tags().unwrap(),
        [("golf".to_string(), 1), ("vip".to_string(), 2)]
    );
    // A tag nobody carries any more is still listed, with 0.
    s.write(|w| {
        w.update_customer(
            bob,
            &CustomerPatch {
                remove_tags: vec!["golf".into()],
                ..CustomerPatch::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(
        s.tags().unwrap(),
        [("golf".to_string(), 0), ("vip".to_string(), 2)]
    );
}

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
        changed,
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
        changed,
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
    assert_eq!(changed, ["phone → 600 100 200"]);
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
fn writer_reads_its_own_uncommitted_rows() {
    let mut s = mem();
    let name = s
        .write(|w| {
            let id = w.insert_customer(&person("Anna"))?;
            Ok(w.customer(id)?.name)
        })
        .unwrap();
    assert_eq!(name, "Anna");
}

#[test]
fn customer_row_sums_won_deals_and_picks_first_contacts() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let anna = add(
        &mut s,
        &NewCustomer {
            org_id: Some(acme),
            cadence_days: Some(7),
            contacts: vec![
                phone("111 222 333"),
                email("anna@acme.pl"),
                email("anna@home.pl"),
                phone("444 555 666"),
            ],
            tags: vec!["vip".into(), "golf".into()],
            ..person("Anna")
        },
    );
    let bob = add(&mut s, &person("Bob"));
    let cleo = add(&mut s, &person("Cleo"));
    open_deal(&mut s, &new_deal(anna, "A", 100_000, "PLN", Stage::Won));
    open_deal(&mut s, &new_deal(anna, "B", 50_050, "PLN", Stage::Won));
    open_deal(
        &mut s,
        &new_deal(anna, "C", 999_999, "PLN", Stage::Proposal),
    );
    open_deal(&mut s, &new_deal(anna, "D", 7, "PLN", Stage::Lost));
    open_deal(&mut s, &new_deal(bob, "E", 1_000, "PLN", Stage::Won));
    open_deal(&mut s, &new_deal(bob, "F", 2_000, "EUR", Stage::Won));
    log(
        &mut s,
        &talk(anna, InteractionKind::Call, T0 - 2 * DAY, "hi"),
    );
    plan_task(&mut s, &task(anna, "send offer", "2026-11-25"));

    let row = s.customer_row(anna).unwrap();
    assert_eq!(row.id, anna);
    assert_eq!(row.kind, CustomerKind::Person);
    assert_eq!(row.name, "Anna");
    assert_eq!(row.org.as_deref(), Some("Acme"));
    assert_eq!(row.email.as_deref(), Some("anna@acme.pl"));
    assert_eq!(row.phone.as_deref(), Some("111 222 333"));
    assert_eq!(row.tags, ["golf", "vip"]);
    assert_eq!(
        row.last_contact_at.map(|t| t.timestamp()),
        Some(T0 - 2 * DAY)
    );
    assert_eq!(row.next_due, Some(day("2026-11-25")));
    assert_eq!(row.cadence_days, Some(7));
    assert_eq!(
        (row.won_minor, row.won_currency.as_deref()),
        (150_050, Some("PLN"))
    );

    let row = s.customer_row(bob).unwrap();
    assert_eq!(
        (row.won_minor, row.won_currency.as_deref()),
        (0, Some("mixed")),
        "1 000 PLN and 2 000 EUR are never added into 3 000"
    );
    let row = s.customer_row(cleo).unwrap();
    assert_eq!((row.won_minor, row.won_currency), (0, None));
    assert!(row.tags.is_empty());
    assert_eq!((row.org, row.email, row.phone), (None, None, None));
}

#[test]
fn org_members_lists_the_people_of_an_organization_by_name() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme"));
    let other = add(&mut s, &org("Globex"));
    for (name, org_id) in [("zoe", acme), ("Adam", acme), ("Bea", other), ("Ola", acme)] {
        add(
            &mut s,
            &NewCustomer {
                org_id: Some(org_id),
                ..person(name)
            },
        );
    }
    let names: Vec<String> = s
        .org_members(acme)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Adam", "Ola", "zoe"]);
    assert!(s.org_members(CustomerId(99)).unwrap().is_empty());
}

#[test]
fn org_by_name_finds_organizations_only() {
    let mut s = mem();
    let acme = add(&mut s, &org("Acme Sp. z o.o."));
    add(&mut s, &person("Globex")); // a person, not an organization
    let found = s
        .write(|w| {
            Ok([
                w.org_by_name("acme sp. z o.o.")?.map(|(id, _)| id),
                w.org_by_name("  ACME SP. Z O.O. ")?.map(|(id, _)| id),
                w.org_by_name("acme sp z oo")?.map(|(id, _)| id),
                w.org_by_name("Acme")?.map(|(id, _)| id),
                w.org_by_name("Globex")?.map(|(id, _)| id),
                w.org_by_name("...")?.map(|(id, _)| id),
            ])
        })
        .unwrap();
    assert_eq!(
        found,
        [Some(acme), Some(acme), Some(acme), None, None, None]
    );
}

#[test]
fn is_empty_and_settings() {
    let mut s = mem();
    assert!(s.is_empty().unwrap());
    assert_eq!(s.setting("currency").unwrap(), None);
    s.write(|w| {
        w.conn().execute(
            "INSERT INTO settings(key, value) VALUES ('currency', 'PLN')",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.setting("currency").unwrap().as_deref(), Some("PLN"));
    add(&mut s, &person("Anna"));
    assert!(!s.is_empty().unwrap());
}

#[test]
fn for_each_name_visits_every_customer() {
    let mut s = mem();
    let a = add(&mut s, &person("Anna"));
    let b = add(&mut s, &org("Acme"));
    let c = add(&mut s, &person("Дмитрий"));
    let mut seen = Vec::new();
    s.for_each_name(|id, name, latin| seen.push((id, format!("{name}|{latin}"))))
        .unwrap();
    seen.sort();
    assert_eq!(
        seen,
        [
            (a, "Anna|".to_string()),
            (b, "Acme|".to_string()),
            (c, "Дмитрий|dmitri".to_string())
        ]
    );
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
        changed,
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

#[test]
fn a_text_over_1_mib_is_not_written_whichever_way_it_comes() {
    // What rolo holds its own backup restores; a backup refuses a longer value, so no write
    // stores one (a note from $EDITOR, notes a merge adds to, a pasted summary).
    let mut s = mem();
    let anna = add(&mut s, &person("Anna Kowalska"));
    let at = "x".repeat(1 << 20);
    let past = "x".repeat((1 << 20) + 1);
    let said = |field: &str| {
        format!(
            "the {field}: a value of 1048577 bytes is longer than 1 MiB (1048576 bytes); \
             nothing was saved"
        )
    };
    let notes = |n: &str| CustomerPatch {
        notes: Some(n.to_string()),
        ..CustomerPatch::default()
    };
    let err = s
        .change("notes", T0, |w| w.update_customer(anna, &notes(&past), T0))
        .unwrap_err();
    assert_eq!(err.to_string(), said("notes"));
    assert_eq!(s.customer(anna).unwrap().notes, "");
    let err = s
        .write(|w| {
            w.insert_customer(&NewCustomer {
                needs: past.clone(),
                ..person("Ewa")
            })
        })
        .unwrap_err();
    assert_eq!(err.to_string(), said("needs"));
    let err = s
        .write(|w| {
            w.insert_interaction(&NewInteraction {
                summary: past.clone(),
                ..talk(anna, InteractionKind::Call, T0, "")
            })
        })
        .unwrap_err();
    assert_eq!(err.to_string(), said("summary"));
    s.change("notes", T0, |w| w.update_customer(anna, &notes(&at), T0))
        .unwrap();
    assert_eq!(s.customer(anna).unwrap().notes.len(), 1 << 20);
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
        changed,
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
    assert_eq!(changed, Vec::<String>::new());
    // A title cleared twice is removed once.
    let clear = CustomerPatch {
        title: Some(None),
        ..CustomerPatch::default()
    };
    let first = s
        .change("edit anna", now, |w| w.update_customer(anna, &clear, now))
        .unwrap();
    assert_eq!(first, ["title removed"]);
    let again = s
        .change("edit anna", now, |w| w.update_customer(anna, &clear, now))
        .unwrap();
    assert_eq!(again, Vec::<String>::new());
}
