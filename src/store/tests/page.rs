//! Windowed customer lists: every filter field, every sort, windows and counts.

use super::*;
use crate::store::{CustomerSort, ListFilter};

/// Six customers (ids 1-6) with hand-picked tags, organizations, contacts, follow-ups and
/// won deals:
///
/// | id | name          | kind   | org  | tags      | last contact | next due   | won     |
/// |----|---------------|--------|------|-----------|--------------|------------|---------|
/// | 1  | Acme          | org    |      | vip       | T0 - 1d (*)  |            | 5 000   |
/// | 2  | anna Kowalska | person | Acme | golf, vip | T0 - 1d      | 2026-11-20 |         |
/// | 3  | Bob           | person |      |           |              | 2026-11-25 | 100 000 |
/// | 4  | Cleo          | person | Acme | golf      | T0 - 30d     | 2026-11-23 |         |
/// | 5  | Dan           | person |      |           |              |            |         |
/// | 6  | Ela           | org    |      |           | T0 - 5d      | 2026-12-01 | 20 000  |
///
/// (*) Acme's own is T0 - 10d; an organization's last contact is the latest of its people's.
fn fixture() -> Store {
    let mut s = mem();
    let acme = add(
        &mut s,
        &NewCustomer {
            tags: vec!["vip".into()],
            ..org("Acme")
        },
    );
    let of_acme = |name: &str, tags: &[&str]| NewCustomer {
        org_id: Some(acme),
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        ..person(name)
    };
    let anna = add(&mut s, &of_acme("anna Kowalska", &["vip", "golf"]));
    let bob = add(&mut s, &person("Bob"));
    let cleo = add(&mut s, &of_acme("Cleo", &["golf"]));
    add(&mut s, &person("Dan"));
    let ela = add(&mut s, &org("Ela"));
    for (who, days) in [(acme, 10), (anna, 1), (cleo, 30), (ela, 5)] {
        log(
            &mut s,
            &talk(who, InteractionKind::Call, T0 - days * DAY, "call"),
        );
    }
    log(
        &mut s,
        &talk(bob, InteractionKind::Note, T0, "a note is no contact"),
    );
    for (who, due) in [
        (anna, "2026-11-20"),
        (bob, "2026-11-25"),
        (cleo, "2026-11-23"),
        (ela, "2026-12-01"),
    ] {
        plan_task(&mut s, &task(who, "follow up", due));
    }
    for (who, minor) in [(acme, 5_000), (bob, 100_000), (ela, 20_000)] {
        open_deal(&mut s, &new_deal(who, "deal", minor, "PLN", Stage::Won));
    }
    open_deal(
        &mut s,
        &new_deal(anna, "open", 900_000, "PLN", Stage::Proposal),
    );
    s
}

/// Every order a customer list has.
const SORTS: [CustomerSort; 5] = [
    CustomerSort::Name,
    CustomerSort::LastContact,
    CustomerSort::Oldest,
    CustomerSort::Value,
    CustomerSort::NextDue,
];

fn page(
    s: &Store,
    filter: &ListFilter,
    sort: CustomerSort,
    offset: usize,
    limit: usize,
) -> Vec<i64> {
    s.customers_page(filter, sort, offset, limit)
        .unwrap()
        .iter()
        .map(|r| r.id.0)
        .collect()
}

#[test]
fn customers_page_sorts() {
    let s = fixture();
    let all = ListFilter::default();
    for (sort, expected) in [
        (CustomerSort::Name, [1, 2, 3, 4, 5, 6]),
        // Most recent first, never contacted last.
        (CustomerSort::LastContact, [2, 1, 6, 4, 5, 3]),
        // Never contacted first, then the longest ago.
        (CustomerSort::Oldest, [3, 5, 4, 6, 1, 2]),
        // Won value, then name.
        (CustomerSort::Value, [3, 6, 1, 2, 4, 5]),
        // Earliest follow-up first, none last; Acme's is its people's (Anna's 20 November,
        // schema v25), before Anna's own by id.
        (CustomerSort::NextDue, [1, 2, 4, 3, 6, 5]),
    ] {
        assert_eq!(page(&s, &all, sort, 0, 50), expected, "{sort:?}");
    }
    assert_eq!(CustomerSort::default(), CustomerSort::Name);
}

#[test]
fn customers_page_windows_are_slices_of_the_whole_list() {
    let s = fixture();
    let all = ListFilter::default();
    for sort in SORTS {
        let whole = page(&s, &all, sort, 0, 50);
        for offset in 0..=7 {
            for limit in 0..=3 {
                let start = offset.min(whole.len());
                let end = (offset + limit).min(whole.len());
                assert_eq!(
                    page(&s, &all, sort, offset, limit),
                    whole[start..end],
                    "{sort:?} offset {offset} limit {limit}"
                );
            }
        }
    }
    assert_eq!(page(&s, &all, CustomerSort::Name, 2, 2), [3, 4]);
    assert_eq!(page(&s, &all, CustomerSort::Name, 5, 10), [6]);
}

#[test]
fn customer_position_is_the_row_of_the_list_in_every_sort_and_filter() {
    let s = fixture();
    let golf = ListFilter {
        tag: Some("golf".into()),
        ..ListFilter::default()
    };
    for filter in [ListFilter::default(), golf] {
        for sort in SORTS {
            let whole = page(&s, &filter, sort, 0, 50);
            for id in 1..=6 {
                let pos = s.customer_position(&filter, sort, CustomerId(id)).unwrap();
                assert_eq!(
                    pos,
                    whole.iter().position(|&x| x == id),
                    "{sort:?} {filter:?} #{id}"
                );
            }
        }
    }
    // With the golf players (anna, Cleo) only, Bob is in no row.
    let golf = ListFilter {
        tag: Some("golf".into()),
        ..ListFilter::default()
    };
    assert_eq!(
        s.customer_position(&golf, CustomerSort::Name, CustomerId(3))
            .unwrap(),
        None
    );
    assert_eq!(
        s.customer_position(&golf, CustomerSort::Name, CustomerId(4))
            .unwrap(),
        Some(1)
    );
}

#[test]
fn customers_page_filters_and_count_agree() {
    let s = fixture();
    let f = ListFilter::default;
    let cases: Vec<(&str, ListFilter, Vec<i64>)> = vec![
        ("none", f(), vec![1, 2, 3, 4, 5, 6]),
        (
            "tag vip",
            ListFilter {
                tag: Some("vip".into()),
                ..f()
            },
            vec![1, 2],
        ),
        (
            "tag VIP",
            ListFilter {
                tag: Some("VIP".into()),
                ..f()
            },
            vec![1, 2],
        ),
        (
            "tag golf",
            ListFilter {
                tag: Some("golf".into()),
                ..f()
            },
            vec![2, 4],
        ),
        (
            "tag unknown",
            ListFilter {
                tag: Some("nope".into()),
                ..f()
            },
            vec![],
        ),
        (
            "org acme",
            ListFilter {
                org: Some(CustomerId(1)),
                ..f()
            },
            vec![2, 4],
        ),
        (
            "org ela",
            ListFilter {
                org: Some(CustomerId(6)),
                ..f()
            },
            vec![],
        ),
        (
            "orgs",
            ListFilter {
                kind: Some(CustomerKind::Org),
                ..f()
            },
            vec![1, 6],
        ),
        (
            "people",
            ListFilter {
                kind: Some(CustomerKind::Person),
                ..f()
            },
            vec![2, 3, 4, 5],
        ),
        (
            "name kow",
            ListFilter {
                name: Some("kow".into()),
                ..f()
            },
            vec![2],
        ),
        (
            "name a",
            ListFilter {
                name: Some("a".into()),
                ..f()
            },
            vec![1, 2],
        ),
        (
            "name blank",
            ListFilter {
                name: Some("  ".into()),
                ..f()
            },
            vec![1, 2, 3, 4, 5, 6],
        ),
        (
            "due today",
            ListFilter {
                due_by: Some(today()),
                ..f()
            },
            // Acme by its people's (schema v25).
            vec![1, 2, 4],
        ),
        (
            "due 11-19",
            ListFilter {
                due_by: Some(day("2026-11-19")),
                ..f()
            },
            vec![],
        ),
        (
            "due 12-31",
            ListFilter {
                due_by: Some(day("2026-12-31")),
                ..f()
            },
            vec![1, 2, 3, 4, 6],
        ),
        (
            "no next step",
            ListFilter {
                no_next_step: true,
                ..f()
            },
            // Not Acme: its people have follow-ups (schema v25).
            vec![5],
        ),
        (
            "people without a next step",
            ListFilter {
                no_next_step: true,
                kind: Some(CustomerKind::Person),
                ..f()
            },
            vec![5],
        ),
        (
            "vip people",
            ListFilter {
                tag: Some("vip".into()),
                kind: Some(CustomerKind::Person),
                ..f()
            },
            vec![2],
        ),
        (
            "everything",
            ListFilter {
                tag: Some("golf".into()),
                org: Some(CustomerId(1)),
                kind: Some(CustomerKind::Person),
                name: Some("cle".into()),
                due_by: Some(today()),
                tier: None,
                no_next_step: false,
                currency: None,
                value_window: None,
            },
            vec![4],
        ),
    ];
    for (what, filter, expected) in cases {
        assert_eq!(
            page(&s, &filter, CustomerSort::Name, 0, 50),
            expected,
            "{what}"
        );
        assert_eq!(
            s.count_customers(&filter).unwrap(),
            expected.len(),
            "{what}"
        );
    }
}

#[test]
fn customers_page_rows_carry_list_columns() {
    let s = fixture();
    let rows = s
        .customers_page(&ListFilter::default(), CustomerSort::Value, 0, 2)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].name.as_str(), rows[0].won_minor), ("Bob", 100_000));
    assert_eq!(rows[0].won_currency.as_deref(), Some("PLN"));
    assert_eq!(rows[0].next_due, Some(day("2026-11-25")));
    assert_eq!(rows[0].last_contact_at, None, "a note is not a contact");
    let anna = s.customer_row(CustomerId(2)).unwrap();
    assert_eq!(anna.org.as_deref(), Some("Acme"));
    assert_eq!(anna.tags, ["golf", "vip"]);
    assert_eq!(
        (anna.won_minor, anna.won_currency),
        (0, None),
        "open deals are not won"
    );
}

#[test]
fn value_sort_uses_the_won_value_in_your_currency_only() {
    let mut s = fixture();
    // Dan: a huge amount in yen (no decimals) and some euros; Cleo: euros only.
    open_deal(
        &mut s,
        &new_deal(CustomerId(5), "yen", 90_000_000, "JPY", Stage::Won),
    );
    open_deal(
        &mut s,
        &new_deal(CustomerId(5), "eur", 1_000, "EUR", Stage::Won),
    );
    open_deal(
        &mut s,
        &new_deal(CustomerId(4), "eur", 3_000, "EUR", Stage::Won),
    );
    let in_cur = |c: &str| ListFilter {
        currency: Some(crate::domain::Currency::parse(c).unwrap()),
        ..ListFilter::default()
    };
    // Euros first (Cleo 30.00 before Dan 10.00); then the PLN-only customers by amount
    // (Bob, Ela, Acme), then nothing won (Anna).
    assert_eq!(
        page(&s, &in_cur("EUR"), CustomerSort::Value, 0, 50),
        [4, 5, 3, 6, 1, 2]
    );
    // PLN first; then Cleo (EUR only), then Dan (EUR and JPY: mixed), then Anna.
    assert_eq!(
        page(&s, &in_cur("PLN"), CustomerSort::Value, 0, 50),
        [3, 6, 1, 4, 5, 2]
    );
    let dan = s.customer_row(CustomerId(5)).unwrap();
    assert_eq!(
        (dan.won_minor, dan.won_currency.as_deref()),
        (0, Some("mixed"))
    );
}

/// The names of every customer, by name.
pub(super) fn by_name(s: &Store) -> Vec<String> {
    s.customers_page(&ListFilter::default(), CustomerSort::Name, 0, 50)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn name_sort_puts_accented_names_with_their_letters() {
    let mut s = mem();
    for name in [
        "Zoe",
        "Łucja",
        "anna-marie",
        "Émile",
        "Annabelle",
        "anna",
        "Anna",
        "Örjan",
        "bob",
        "Ela",
    ] {
        add(&mut s, &person(name));
    }
    assert_eq!(
        by_name(&s),
        [
            "Anna",
            "anna",
            "anna-marie",
            "Annabelle",
            "bob",
            "Ela",
            "Émile",
            "Łucja",
            "Örjan",
            "Zoe"
        ]
    );
    // The same order in a window, and for the candidates of a name.
    let page: Vec<String> = s
        .customers_page(&ListFilter::default(), CustomerSort::Name, 5, 2)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(page, ["Ela", "Émile"]);
    let annas: Vec<String> = s
        .customers_by_name("ann", 10)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(annas, ["Anna", "anna", "anna-marie", "Annabelle"]);
}

#[test]
fn a_renamed_customer_moves_to_its_new_place() {
    let mut s = mem();
    let adam = add(&mut s, &person("Adam"));
    add(&mut s, &person("Marek"));
    assert_eq!(by_name(&s), ["Adam", "Marek"]);
    s.change("rename Adam", T0, |w| {
        w.update_customer(
            adam,
            &crate::store::CustomerPatch {
                name: Some("Żaneta".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(by_name(&s), ["Marek", "Żaneta"]);
    // Renamed by plain SQL (another tool, or a writer that knows nothing of keys): the
    // trigger empties the key and the commit computes it.
    s.write(|w| {
        w.conn()
            .execute("UPDATE customers SET name = 'Ábel' WHERE id = ?1", [adam.0])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(by_name(&s), ["Ábel", "Marek"]);
    assert_eq!(
        count(&s, "SELECT count(*) FROM customers WHERE name_key = 'abel'"),
        1
    );
}
