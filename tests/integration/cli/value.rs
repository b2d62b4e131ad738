//! An organization's numbers and its people's, as a salesperson reads them: the list by value
//! shows what each row won itself, and an organization's CSV row counts its people.

use serde_json::Value;

use super::Rolo;

/// Acme with Anna (won 3 000, a call rated 4 on 20 Nov), Piotr (won 1 000, a meeting rated 2
/// on 1 Jun, a follow-up on 1 Dec) and Jan (an open proposal of 700); Acme itself won 500.
/// Solo won 2 000; Old Big won 90 000 before the 12 months; Nobody has nothing.
fn acme() -> Rolo {
    let r = Rolo::new();
    for name in ["Anna Kowalska", "Piotr Nowak", "Jan Wiśniewski"] {
        r.ok(&["add", name, "--org", "Acme"]);
    }
    for name in ["Solo Trader", "Old Big", "Nobody"] {
        r.ok(&["add", name]);
    }
    let old = r
        .cmd()
        .env("ROLO_TODAY", "2025-06-01")
        .args(["deal", "old big", "Fleet", "90000", "--stage", "won"])
        .output()
        .expect("run rolo");
    assert!(old.status.success(), "{old:?}");
    for (who, title, amount, stage) in [
        ("anna", "Trucks", "3000", "won"),
        ("piotr", "Vans", "1000", "won"),
        ("acme", "Frame", "500", "won"),
        ("solo", "Parts", "2000", "won"),
        ("jan", "Bus", "700", "proposal"),
    ] {
        r.ok(&["deal", who, title, amount, "--stage", stage]);
    }
    r.ok(&[
        "log",
        "anna",
        "call",
        "Quarterly",
        "--at",
        "2026-11-20",
        "--rating",
        "4",
    ]);
    r.ok(&[
        "log",
        "piotr",
        "meeting",
        "Budget",
        "--at",
        "2026-06-01",
        "--rating",
        "2",
    ]);
    r.ok(&["follow", "piotr", "2026-12-01", "send the offer"]);
    r
}

#[test]
fn list_by_value_shows_each_person_what_they_won_not_their_accounts() {
    let r = acme();
    let out = r.ok(&["list", "--sort", "value"]);
    assert_eq!(
        out,
        "\
ID  T  NAME            ORGANIZATION     LAST  NEXT       WON 12MO  TAGS
#1  A  Acme                           3d ago  in 8d  4 500.00 EUR
#2  A  Anna Kowalska   Acme           3d ago  —      3 000.00 EUR
#3  A  Piotr Nowak     Acme          5mo ago  in 8d  1 000.00 EUR
#4  A  Jan Wiśniewski  Acme            never  —                 —
#5  A  Solo Trader                     never  —      2 000.00 EUR
#6  C  Old Big                         never  —                 —
#7  C  Nobody                          never  —                 —
"
    );
    let v = r.json(&["list", "--sort", "value"]);
    let rows: Vec<(&str, Value, Value)> = v["customers"]
        .as_array()
        .expect("customers")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name"),
                c["tier_value_minor"].clone(),
                c["won_12mo_minor"].clone(),
            )
        })
        .collect();
    let minor = |n: i64| Value::from(n);
    assert_eq!(
        rows,
        [
            ("Acme", minor(450_000), minor(450_000)),
            ("Anna Kowalska", minor(450_000), minor(300_000)),
            ("Piotr Nowak", minor(450_000), minor(100_000)),
            ("Jan Wiśniewski", minor(450_000), Value::Null),
            ("Solo Trader", minor(200_000), minor(200_000)),
            ("Old Big", Value::Null, Value::Null),
            ("Nobody", Value::Null, Value::Null),
        ]
    );
    let help = r.ok(&["list", "--help"]);
    assert!(help.contains("a person their own deals"), "{help}");
}

#[test]
fn csv_export_counts_an_organizations_people_in_its_measures() {
    let r = acme();
    let csv = r.ok(&["export", "--format", "csv", "--org", "acme"]);
    let csv = csv + &r.ok(&["export", "--format", "csv", "--name", "acme"]);
    // The uid (second column) is random: left out.
    let rows: Vec<String> = csv
        .lines()
        .filter(|l| !l.starts_with("id,"))
        .map(|l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.remove(1);
            cells.join(",")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "2,person,Anna Kowalska,Acme,,,,,,,,,,,,2026-11-23,2026-11-20,3,,0,1,1,4.00,3000.00,EUR,,,0,,",
            "3,person,Piotr Nowak,Acme,,,,,,,,,,,,2026-11-23,2026-06-01,175,2026-12-01,1,1,0,2.00,1000.00,EUR,,,0,,",
            "4,person,Jan Wiśniewski,Acme,,,,,,,,,,,,2026-11-23,,,,0,0,0,,,,700.00,EUR,1,,",
            // Acme: its 500 and its people's deals, contacts, ratings and follow-up.
            "1,org,Acme,,,,,,,,,,,,,2026-11-23,2026-11-20,3,2026-12-01,1,2,1,3.00,4500.00,EUR,700.00,EUR,1,,",
        ]
    );
    let help = r.ok(&["export", "--help"]);
    let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "csv: Customers with their measures, one row each (an organization's count it and its people)"
        ),
        "{help}"
    );
}

/// The list's `WON` (of all time) of an organization is its and its people's, as its CSV row
/// counts them; a person's is their own.
#[test]
fn list_won_of_an_organization_counts_its_people() {
    let r = acme();
    let v = r.json(&["list"]);
    let won: Vec<(String, i64, Value)> = v["customers"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["won_minor"].as_i64().expect("won"),
                c["won_currency"].clone(),
            )
        })
        .collect();
    let of = |name: &str| {
        let (_, minor, cur) = won.iter().find(|(n, ..)| n == name).expect(name);
        (*minor, cur.clone())
    };
    assert_eq!(of("Acme"), (450_000, Value::from("EUR")));
    assert_eq!(of("Anna Kowalska"), (300_000, Value::from("EUR")));
    assert_eq!(of("Jan Wiśniewski"), (0, Value::Null));
    let out = r.ok(&["list", "--name", "acme"]);
    assert!(
        out.lines().nth(1).expect("row").contains("4 500.00 EUR"),
        "{out}"
    );
}
