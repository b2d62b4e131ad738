//! `rolo do '<palette line>'` stores exactly what the equivalent `rolo log …` stores.

use serde_json::Value;

use super::Rolo;

/// A show --json with ids, creation times and the wall-clock part of "now" taken out.
fn comparable(v: &Value) -> Value {
    let mut v = v.clone();
    for h in v["history"].as_array_mut().expect("history") {
        let o = h.as_object_mut().expect("entry");
        o.remove("id");
        let at = o["occurred_at"].as_str().expect("at").to_string();
        // Entries logged for today carry the current time; compare the day only.
        if at.starts_with(super::TODAY) {
            o.insert("occurred_at".into(), Value::from(super::TODAY));
        }
    }
    for f in v["follow_ups"].as_array_mut().expect("follow_ups") {
        let o = f.as_object_mut().expect("follow-up");
        o.remove("id");
        o.remove("interaction_id");
    }
    let c = v["customer"].as_object_mut().expect("customer");
    for k in [
        "created_at",
        "updated_at",
        "last_contact_at",
        "needs_updated_at",
        "uid",
    ] {
        c.remove(k);
    }
    // The measures repeat the stored rows with clock-dependent times (last contact to the
    // second); the rows themselves are compared above.
    v.as_object_mut().expect("show").remove("measures");
    v
}

fn same_as_log(log: &[&str], palette: &str) {
    let a = Rolo::seeded();
    let b = Rolo::seeded();
    a.ok(log);
    b.ok(&["do", palette]);
    let (va, vb) = (a.show("anna kow"), b.show("anna kow"));
    assert_eq!(va["history_total"], 3, "{va:#}");
    assert_eq!(
        comparable(&va),
        comparable(&vb),
        "rolo {log:?} and rolo do {palette:?} differ"
    );
}

#[test]
fn palette_call_with_rating_minutes_and_next_step() {
    same_as_log(
        &[
            "log",
            "anna kow",
            "call",
            "Pricing ok",
            "--rating",
            "5",
            "--minutes",
            "30",
            "--next",
            "fri",
            "Send the contract",
        ],
        r#"call anna kow "Pricing ok" rating 5 30m next fri "Send the contract""#,
    );
}

#[test]
fn palette_inbound_email_yesterday() {
    same_as_log(
        &[
            "log",
            "anna kow",
            "email",
            "Asked for references",
            "--inbound",
            "--at",
            "yesterday",
        ],
        r#"email anna kow "Asked for references" in at yesterday"#,
    );
}

#[test]
fn palette_unquoted_summary_after_colon() {
    same_as_log(
        &["log", "anna kow", "meeting", "Demo went well"],
        "meeting anna kow: Demo went well",
    );
}

#[test]
fn palette_follow_and_deal_match_the_verbs() {
    let a = Rolo::seeded();
    let b = Rolo::seeded();
    a.ok(&[
        "follow",
        "anna kow",
        "+2w",
        "Quarterly review",
        "--every",
        "1m",
    ]);
    b.ok(&["do", r#"follow anna kow +2w "Quarterly review" every 1m"#]);
    a.ok(&[
        "deal",
        "anna kow",
        "Fleet renewal",
        "12 500,50",
        "PLN",
        "--stage",
        "proposal",
        "--prob",
        "60",
    ]);
    b.ok(&[
        "do",
        r#"deal anna kow "Fleet renewal" "12 500,50" PLN stage proposal prob 60"#,
    ]);
    let strip = |v: &Value| {
        let mut v = comparable(v);
        for d in v["deals"].as_array_mut().expect("deals") {
            let o = d.as_object_mut().expect("deal");
            for k in ["id", "created_at", "stage_changed_at"] {
                o.remove(k);
            }
        }
        v
    };
    let va = a.show("anna kow");
    assert_eq!(
        va["deals"][0]["value"],
        serde_json::json!({"minor": 1_250_050, "currency": "PLN"})
    );
    assert_eq!(strip(&va), strip(&b.show("anna kow")));
}

#[test]
fn palette_errors_are_the_cli_errors() {
    let r = Rolo::seeded();
    let err = r.refused(&["do", r#"call anna "x""#], 2);
    assert!(
        err.contains("Anna Kowalska") && err.contains("Anna Nowak"),
        "{err}"
    );
    let err = r.refused(&["do", r#"call anna kow "x" next fribay"#], 2);
    assert!(err.contains("fribay"), "{err}");
    let err = r.refused(&["do", r#"call anna kow "x" rating 9"#], 2);
    assert!(err.contains('9'), "{err}");
}

#[test]
fn palette_edit_stores_what_rolo_edit_stores_and_refuses_alike() {
    let a = Rolo::seeded();
    let b = Rolo::seeded();
    let said = a.ok(&[
        "edit",
        "anna kow",
        "--title",
        "Head of Sales",
        "--tag",
        "vip",
        "--untag",
        "key",
        "--cadence",
        "3w",
        "--add-phone",
        "+48 22 100 20 30",
        "--needs",
        "same-day delivery",
    ]);
    let said_do = b.ok(&[
        "do",
        "edit anna kow title Head of Sales tag vip untag key cadence 3w phone +48 22 100 20 30 \
         needs \"same-day delivery\"",
    ]);
    assert_eq!(said, said_do);
    assert_eq!(
        said.trim_end(),
        "Updated Anna Kowalska (#2): title → Head of Sales, needs, cadence → every 21 days, \
         added phone +48 22 100 20 30, tag +vip, tag -key"
    );
    assert_eq!(
        comparable(&a.show("anna kow")),
        comparable(&b.show("anna kow"))
    );
    assert_eq!(
        a.refused(&["edit", "anna kow", "--add-email", "anna.acme.pl"], 2),
        b.refused(&["do", "edit anna kow email anna.acme.pl"], 2)
    );
    // `""` and `none` clear, as `--title ""` and `--cadence none` do; twice is nothing to do.
    let clear = ["do", "edit anna kow cadence none title \"\""];
    assert_eq!(
        b.ok(&clear).trim_end(),
        "Updated Anna Kowalska (#2): title removed, cadence removed"
    );
    assert_eq!(
        b.refused(&clear, 2),
        "error: nothing to change: Anna Kowalska has that already\n"
    );
}
