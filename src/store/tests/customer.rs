//! Customers: insert, contact points, tags, patches, list rows, organizations, settings.

use super::*;
use crate::domain::Customer;
use crate::store::{CustomerPatch, StoreError};

pub(super) fn full_customer(org_id: CustomerId) -> NewCustomer {
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
    // The header's few, and how many in all, in one query.
    assert_eq!(
        s.org_people(acme, 2).unwrap(),
        (vec!["Adam".to_string(), "Ola".to_string()], 3)
    );
    assert_eq!(
        s.org_people(other, 3).unwrap(),
        (vec!["Bea".to_string()], 1)
    );
    assert_eq!(s.org_people(CustomerId(99), 3).unwrap(), (vec![], 0));
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
