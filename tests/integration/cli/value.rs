//! An organization's numbers and its people's, as a salesperson reads them: an
//! organization's CSV row counts its people.

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
