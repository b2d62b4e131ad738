//! `rolo show`: one customer's profile, measures, follow-ups, deals and history.

use serde_json::json;

use super::{day, print_json};
use crate::cli::table::{Align, Table, term_width, wrap};
use crate::cli::{Env, Exit, report, report_error};
use crate::command::{CustomerRef, local_day};
use crate::domain::text::{sanitize, sanitize_multiline, truncate};
use crate::domain::when::relative;

/// `rolo show`.
pub fn show(env: &mut Env, who: &str, history: usize) -> anyhow::Result<Exit> {
    let c = match crate::command::execute::resolve_one(&env.store, &CustomerRef::parse(who)) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let customer = env.store.customer(c.id)?;
    let items = env.store.history(c.id, 0, history)?;
    let total = env.store.history_len(c.id)?;
    let follow_ups = env.store.customer_follow_ups(c.id, 20)?;
    let deals = env.store.customer_deals(c.id)?;
    let members = if customer.kind == crate::domain::CustomerKind::Org {
        env.store.org_members(c.id)?
    } else {
        Vec::new()
    };
    let measures = report::measures(env, c.id);
    if env.json {
        print_json(&json!({
            "measures": measures.as_ref().ok(),
            "customer": customer,
            "members": members,
            "history": items,
            "history_total": total,
            "follow_ups": follow_ups,
            "deals": deals,
        }));
        return Ok(Exit::Ok);
    }
    let today = env.ctx.today;
    let width = term_width();
    let mut head = format!(
        "{}  {} · {}",
        sanitize(&customer.name),
        customer.id,
        customer.kind
    );
    if let Some(org) = &customer.org_name {
        head.push_str(&format!(" · {}", sanitize(org)));
    }
    if let Some(t) = &customer.title {
        head.push_str(&format!(" · {}", sanitize(t)));
    }
    for (i, line) in wrap(&head, width - 2).iter().enumerate() {
        println!("{}{line}", if i == 0 { "" } else { "  " });
    }
    // Values wrap under themselves, after the 11-column label.
    let field = |label: &str, value: &str| {
        for (i, line) in wrap(&sanitize(value), width - 11).iter().enumerate() {
            println!("  {:<9}{line}", if i == 0 { label } else { "" });
        }
    };
    // The name's parts as an import read them (the vCard export's N): `rolo edit --given …
    // --family …` corrects a wrong split.
    if let Some(p) = customer
        .name_parts
        .as_ref()
        .filter(|p| p.fits(&customer.name))
    {
        let said: Vec<String> = [
            ("given", &p.given),
            ("middle", &p.additional),
            ("family", &p.family),
            ("prefix", &p.prefix),
            ("suffix", &p.suffix),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(what, v)| format!("{what} {v}"))
        .collect();
        field("name", &said.join(" · "));
    }
    for cp in customer.contacts_by_kind() {
        let label = cp
            .label
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        field(cp.kind.as_str(), &format!("{}{label}", cp.value));
    }
    if !customer.tags.is_empty() {
        field("tags", &customer.tags.join(", "));
    }
    // An organization's history includes its people: its last contact is the latest of them.
    let last = match customer.last_contact_at {
        Some(t) => format!("last contact {}", relative(local_day(t), today)),
        None => "never contacted".into(),
    };
    match customer.cadence_days {
        Some(d) => field("rhythm", &format!("every {d} days · {last}")),
        None => field("rhythm", &last),
    }
    if let Some(a) = &customer.address {
        match customer.address_label() {
            Some(l) => field("address", &format!("{a} ({l})")),
            None => field("address", a),
        }
    }
    if let Some(b) = customer.birthday {
        field("birthday", &b.format("%-d %b %Y").to_string());
    }
    if let Some(o) = &customer.owner {
        field("owner", o);
    }
    if !customer.needs.is_empty() {
        let age = customer
            .needs_updated_at
            .map(|t| format!(" (noted {})", relative(local_day(t), today)))
            .unwrap_or_default();
        field("needs", &format!("{}{age}", customer.needs));
    }
    if !customer.notes.is_empty() {
        let lines = sanitize_multiline(&customer.notes);
        let wrapped = lines.lines().flat_map(|l| wrap(l, width - 11));
        for (i, line) in wrapped.enumerate() {
            println!("  {:<9}{line}", if i == 0 { "notes" } else { "" });
        }
    }
    if !members.is_empty() {
        println!("\nPeople ({})", members.len());
        for m in &members {
            println!(
                "  {:>6}  {}",
                m.id.to_string(),
                truncate(&sanitize(&m.name), width - 10)
            );
        }
    }
    match &measures {
        Ok(m) => report::print_measures(m, customer.org_name.as_deref()),
        Err(e) => eprintln!(
            "note: measures unavailable: {}",
            sanitize(&format!("{e:#}"))
        ),
    }
    println!("\nFollow-ups");
    let open: Vec<_> = follow_ups
        .iter()
        .filter(|f| f.status == crate::domain::FollowUpStatus::Open)
        .collect();
    if open.is_empty() {
        println!("  none open — no next step");
    } else {
        let mut t = Table::new(
            &[
                ("ID", Align::Right),
                ("DUE", Align::Left),
                ("", Align::Right),
                ("WHAT", Align::Left),
            ],
            3,
        );
        for f in open {
            t.row(vec![
                f.id.to_string(),
                day(f.due_date, env),
                relative(f.due_date, today),
                f.what.clone(),
            ]);
        }
        indent(&t.render(width - 2));
    }
    println!("\nHistory ({} of {total})", items.len());
    if items.is_empty() {
        println!("  nothing logged yet");
    } else {
        let mut t = Table::new(
            &[
                ("WHEN", Align::Left),
                ("KIND", Align::Left),
                ("", Align::Left),
                ("★", Align::Right),
                ("MIN", Align::Right),
                ("SUMMARY", Align::Left),
            ],
            5,
        );
        for h in &items {
            let i = &h.interaction;
            let mut summary = i.summary.clone();
            if customer.kind == crate::domain::CustomerKind::Org && i.customer_id != customer.id {
                summary = format!("{}: {summary}", h.customer_name);
            }
            t.row(vec![
                day(local_day(i.occurred_at), env),
                i.kind.to_string(),
                if i.direction == crate::domain::Direction::In {
                    "in"
                } else {
                    "out"
                }
                .into(),
                i.rating.map(|r| r.to_string()).unwrap_or_default(),
                i.minutes.map(|m| m.to_string()).unwrap_or_default(),
                summary,
            ]);
        }
        indent(&t.render(width - 2));
    }
    if !deals.is_empty() {
        println!("\nDeals");
        let mut t = Table::new(
            &[
                ("ID", Align::Right),
                ("TITLE", Align::Left),
                ("VALUE", Align::Right),
                ("STAGE", Align::Left),
                ("%", Align::Right),
                ("CLOSE", Align::Left),
            ],
            1,
        );
        for d in &deals {
            t.row(vec![
                d.id.to_string(),
                d.title.clone(),
                d.value.to_string(),
                d.stage.to_string(),
                d.probability.to_string(),
                d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
            ]);
        }
        indent(&t.render(width - 2));
    }
    Ok(Exit::Ok)
}

fn indent(s: &str) {
    for l in s.lines() {
        println!("  {l}");
    }
}
