//! `rolo report`, `list --tier/--cold`, `show` measures and `today` extras on a small book
//! whose numbers are worked out by hand.

use super::*;

/// Three customers with won deals of 8 000, 1 500 and 500 EUR (total 10 000), one of them
/// with a weekly cadence and no contact for 22 days.
fn book() -> Rolo {
    let r = Rolo::new();
    r.ok(&["add", "Alpha Big", "--email", "a@big.example"]);
    r.ok(&[
        "add",
        "Beta Mid",
        "--email",
        "b@mid.example",
        "--cadence",
        "7d",
    ]);
    r.ok(&["add", "Gamma Small"]);
    for (who, title, amount) in [
        ("alpha", "Fleet", "8000"),
        ("beta", "Service", "1500"),
        ("gamma", "Trial", "500"),
    ] {
        r.ok(&["deal", who, title, amount, "EUR", "--stage", "negotiation"]);
    }
    for id in ["1", "2", "3"] {
        r.ok(&["deal-stage", id, "won"]);
    }
    r.ok(&[
        "log",
        "beta",
        "call",
        "Checked the service plan",
        "--at",
        "2026-11-01",
    ]);
    r.ok(&[
        "log",
        "alpha",
        "meeting",
        "Quarterly review",
        "--at",
        "2026-11-20",
        "--rating",
        "5",
    ]);
    r
}

#[test]
fn report_tiers_follow_pareto_by_hand() {
    let r = book();
    let v = r.json(&["report"]);
    let tiers = &v["tiers"]["tiers"];
    // Ranked 8000, 1500, 500 of 10 000: Alpha's revenue before it is 0% (< 80%) -> A;
    // Beta's is 80% (not < 80%, < 95%) -> B; Gamma's is 95% -> C.
    assert_eq!(tiers[0]["accounts"], 1, "{v:#}");
    assert_eq!(tiers[0]["revenue"]["minor"], 800_000);
    assert_eq!(tiers[1]["accounts"], 1);
    assert_eq!(tiers[1]["revenue"]["minor"], 150_000);
    assert_eq!(tiers[2]["accounts"], 1);
    assert_eq!(tiers[2]["revenue"]["minor"], 50_000);
    assert_eq!(v["tiers"]["total"]["minor"], 1_000_000);
    // This month: 3 deals won, 0 lost; 2 contacts.
    assert_eq!(v["scorecard"]["current"]["deals_won"], 3);
    assert_eq!(v["scorecard"]["current"]["contacts"], 2);
    let text = r.ok(&["report"]);
    assert!(text.contains("Value tiers"), "{text}");
    assert!(text.contains("80%"), "{text}");
}

#[test]
fn list_tier_and_cold() {
    let r = book();
    let a = r.json(&["list", "--tier", "A"]);
    assert_eq!(a["total"], 1);
    assert_eq!(a["customers"][0]["name"], "Alpha Big");
    assert_eq!(a["customers"][0]["tier"], "A");
    let c = r.json(&["list", "--tier", "c"]);
    assert_eq!(c["customers"][0]["name"], "Gamma Small");
    // Beta: cadence 7 days, last contact 1 Nov = 22 days before 23 Nov -> going cold.
    let cold = r.json(&["list", "--cold"]);
    assert_eq!(cold["accounts"][0]["name"], "Beta Mid", "{cold:#}");
    let text = r.ok(&["list", "--cold"]);
    assert!(text.contains("no contact for 22 days"), "{text}");
    r.fails(&["list", "--tier", "Z"], 2);
    r.fails(&["list", "--cold", "--tag", "key"], 2);
}

#[test]
fn show_has_measures_and_today_has_extras() {
    let r = book();
    let v = r.show("alpha");
    let m = &v["measures"];
    assert_eq!(m["revenue"][0]["minor"], 800_000, "{m:#}");
    assert_eq!(m["account"]["tier"], "A");
    assert_eq!(m["contacts_30"], 1);
    let text = r.ok(&["show", "alpha"]);
    assert!(text.contains("Measures"), "{text}");
    assert!(text.contains("tier A"), "{text}");
    // Alpha (tier A) has no open follow-up: the review says so.
    let today = r.json(&["today"]);
    let extras = today["extras"].as_array().unwrap();
    assert!(
        extras
            .iter()
            .any(|e| e["name"] == "Alpha Big" && e["why"] == "no_next_step"),
        "{today:#}"
    );
}

#[test]
fn a_persons_measures_say_the_tier_and_risks_are_the_organizations() {
    let r = book();
    r.ok(&["add", "Delta Freight", "--kind", "org"]);
    r.ok(&["add", "Ola Kowal", "--org", "Delta Freight"]);
    // The organization's biggest win makes the account tier A; Ola has no deal of her own.
    r.ok(&[
        "deal",
        "delta",
        "Fleet",
        "20000",
        "EUR",
        "--stage",
        "negotiation",
    ]);
    r.ok(&["deal-stage", "4", "won"]);
    let text = r.ok(&["show", "ola"]);
    assert!(
        text.contains("account Delta Freight · tier A ·"),
        "the account's tier, not Ola's own: {text}"
    );
    assert!(text.contains("revenue — ·"), "Ola's own numbers: {text}");
    // The organization's own page needs no such label.
    let text = r.ok(&["show", "delta"]);
    assert!(!text.contains("account Delta"), "{text}");
    assert!(text.contains("  tier A ·"), "{text}");
}

#[test]
fn list_no_next_step_shows_who_has_no_open_follow_up_most_valuable_first() {
    let r = book();
    r.ok(&["follow", "beta", "fri", "Renew the service plan"]);
    let v = r.json(&["list", "--no-next-step", "--sort", "value"]);
    assert_eq!(v["total"], 2, "{v:#}");
    let rows: Vec<(&str, &str)> = v["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["tier"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [("Alpha Big", "A"), ("Gamma Small", "C")]);
    assert_eq!(
        r.names(&["--no-next-step", "--tier", "b"]),
        Vec::<String>::new()
    );
    r.ok(&["done", "1"]);
    assert_eq!(
        r.names(&["--no-next-step"]),
        ["Alpha Big", "Beta Mid", "Gamma Small"]
    );
}

#[test]
fn today_with_nothing_due_says_who_has_no_next_step() {
    let r = Rolo::new();
    r.ok(&["add", "Alpha Big"]);
    r.ok(&["add", "Beta Mid"]);
    assert_eq!(
        r.ok(&["today"]),
        "Today · Mon 23 Nov 2026 · 0 overdue, 0 due today\n\
         Nothing due. `rolo upcoming` shows what comes next.\n\
         2 customers have no next step: see `rolo list --no-next-step --sort value`.\n"
    );
    r.ok(&["follow", "alpha", "fri", "Send the catalogue"]);
    r.ok(&["follow", "beta", "fri", "Send the catalogue"]);
    assert_eq!(
        r.ok(&["today"]),
        "Today · Mon 23 Nov 2026 · 0 overdue, 0 due today\n\
         Nothing due. `rolo upcoming` shows what comes next.\n"
    );
}

#[test]
fn today_with_something_due_still_says_who_has_no_next_step() {
    let r = Rolo::new();
    r.ok(&["add", "Alpha Big"]);
    r.ok(&["add", "Beta Mid"]);
    r.ok(&["add", "Gamma Small"]);
    r.ok(&["follow", "alpha", "today", "Send the catalogue"]);
    // As the TUI's queue says under it once something is due (it said nothing here).
    assert_eq!(
        r.ok(&["today"]),
        "Today · Mon 23 Nov 2026 · 0 overdue, 1 due today\n\
         ID  DUE          LATE  CUSTOMER   WHAT\n\
         \x201  Mon 23 Nov  today  Alpha Big  Send the catalogue\n\
         2 customers have no next step: see `rolo list --no-next-step --sort value`.\n"
    );
    assert_eq!(r.json(&["today"])["no_next_step"], 2);
    r.ok(&["follow", "beta", "fri", "Renew the service plan"]);
    r.ok(&["follow", "gamma", "fri", "Renew the service plan"]);
    assert_eq!(r.json(&["today"])["no_next_step"], 0);
    assert_eq!(
        r.ok(&["today"]),
        "Today · Mon 23 Nov 2026 · 0 overdue, 1 due today\n\
         ID  DUE          LATE  CUSTOMER   WHAT\n\
         \x201  Mon 23 Nov  today  Alpha Big  Send the catalogue\n"
    );
    // Nothing due, and the review names valuable customers: the count comes after them.
    let r = book();
    assert_eq!(
        r.ok(&["today"]),
        "Today · Mon 23 Nov 2026 · 0 overdue, 0 due today\n\
         Nothing due. `rolo upcoming` shows what comes next.\n\
         \n\
         Also worth a call (valuable accounts going cold or without a next step)\n\
         ID  T  ACCOUNT\n\
         #1  A  Alpha Big\n      \
               ↳ no next step planned; last contact 3 days ago\n\
         #2  B  Beta Mid\n      \
               ↳ going cold: no contact for 22 days, cadence every 7; no next step\n        \
                 planned\n\
         3 customers have no next step: see `rolo list --no-next-step --sort value`.\n"
    );
}
