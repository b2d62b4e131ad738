//! Runs a [`Command`] against the store in one journaled transaction and says what changed.

use chrono::NaiveDate;
use serde_json::json;

use super::resolve::{Resolution, resolve};
use super::{AddSpec, Command, CommandError, Context, CustomerRef, DealSpec, LogSpec};
use crate::domain::customer::{check_email, check_name, check_phone, check_tag, new_uid};
use crate::domain::{
    ContactKind, ContactPoint, CustomerId, CustomerKind, FollowUpStatus, text::sanitize,
};
use crate::store::{Candidate, NewCustomer, NewDeal, NewFollowUp, NewInteraction, Store, Writer};

/// What a command did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// One human sentence (already safe to print).
    pub message: String,
    /// The customer it was about.
    pub customer: Option<CustomerId>,
    /// Machine-readable details (ids created, dates set).
    pub details: serde_json::Value,
}

fn usage(msg: impl Into<String>) -> CommandError {
    CommandError::Usage(msg.into())
}

/// Resolves a reference to exactly one customer or fails with the choice.
pub fn resolve_one(store: &Store, who: &CustomerRef) -> Result<Candidate, CommandError> {
    match resolve(store, who)? {
        Resolution::Unique(c) => Ok(c),
        Resolution::Ambiguous(candidates, total) => Err(CommandError::Ambiguous {
            query: who.to_string(),
            candidates,
            total,
        }),
        Resolution::NotFound(suggestions) => Err(CommandError::NotFound {
            query: who.to_string(),
            suggestions,
        }),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// Executes a command. On any error nothing was changed.
pub fn execute(store: &mut Store, cmd: &Command, ctx: &Context) -> Result<Outcome, CommandError> {
    match cmd {
        Command::Add(spec) => add(store, spec, ctx),
        Command::Edit { who, spec } => super::edit::edit(store, who, spec, ctx),
        Command::Log(spec) => log(store, spec, ctx),
        Command::Follow {
            who,
            due,
            time,
            what,
            every,
        } => {
            let c = resolve_one(store, who)?;
            if *due < ctx.today {
                return Err(usage(format!(
                    "{} is in the past; a follow-up is due today or later",
                    day(*due)
                )));
            }
            let what = what.trim();
            if what.is_empty() {
                return Err(usage("say what to do, e.g. \"Call about the contract\""));
            }
            let name = sanitize(&c.name);
            let id = store.change(&format!("follow-up for {name}"), ctx.secs(), |w| {
                w.insert_follow_up(&NewFollowUp {
                    customer_id: c.id,
                    what: what.to_string(),
                    due_date: *due,
                    due_time: *time,
                    repeat: *every,
                    interaction_id: None,
                    created_at: ctx.secs(),
                })
            })?;
            let every_txt = every.map(|e| format!(", every {e}")).unwrap_or_default();
            let at = time
                .map(|t| format!(" at {}", t.format("%H:%M")))
                .unwrap_or_default();
            Ok(Outcome {
                message: format!(
                    "Follow-up {id} for {name}: {} on {}{at}{every_txt}",
                    sanitize(what),
                    day(*due)
                ),
                customer: Some(c.id),
                details: json!({"follow_up": id, "customer": c.id, "due": due, "repeat": every.map(|e| e.to_string())}),
            })
        }
        Command::Done(id) | Command::Cancel(id) => {
            let status = if matches!(cmd, Command::Done(_)) {
                FollowUpStatus::Done
            } else {
                FollowUpStatus::Cancelled
            };
            let f = store.follow_up(*id)?;
            let name = sanitize(&f.customer_name);
            let verb = if status == FollowUpStatus::Done {
                "done"
            } else {
                "cancelled"
            };
            let next = store.change(
                &format!("follow-up {id} {verb} ({name})"),
                ctx.secs(),
                |w| w.close_follow_up(*id, status, ctx.secs(), ctx.today),
            )?;
            let mut message = format!("Follow-up {id} {verb}: {} ({name})", sanitize(&f.what));
            if let Some((next_id, next_day)) = next {
                message.push_str(&format!("; next one is {next_id} on {}", day(next_day)));
            }
            Ok(Outcome {
                message,
                customer: Some(f.customer_id),
                details: json!({"follow_up": id, "status": status, "next": next.map(|(i, d)| json!({"follow_up": i, "due": d}))}),
            })
        }
        Command::Snooze(id, to) | Command::Reschedule(id, to) => {
            let snooze = matches!(cmd, Command::Snooze(..));
            if *to < ctx.today {
                return Err(usage(format!(
                    "{} is in the past; pick today or a later day",
                    day(*to)
                )));
            }
            let f = store.follow_up(*id)?;
            let name = sanitize(&f.customer_name);
            let verb = if snooze { "snoozed" } else { "moved" };
            store.change(
                &format!("follow-up {id} {verb} ({name})"),
                ctx.secs(),
                |w| w.move_follow_up(*id, *to, snooze, ctx.now),
            )?;
            Ok(Outcome {
                message: format!(
                    "Follow-up {id} {verb} to {}: {} ({name})",
                    day(*to),
                    sanitize(&f.what)
                ),
                customer: Some(f.customer_id),
                details: json!({"follow_up": id, "due": to}),
            })
        }
        Command::Deal(spec) => deal(store, spec, ctx),
        Command::DealStage {
            id,
            stage,
            probability,
        } => {
            let before = store.change(&format!("deal {id} → {stage}"), ctx.secs(), |w| {
                w.set_deal_stage(*id, *stage, *probability, ctx.now)
            })?;
            let after = store.deal(*id)?;
            Ok(Outcome {
                message: format!(
                    "Deal {id} {} ({}): {} → {} ({}%)",
                    sanitize(&after.title),
                    sanitize(&after.customer_name),
                    before.stage,
                    after.stage,
                    after.probability
                ),
                customer: Some(after.customer_id),
                details: json!({"deal": id, "from": before.stage, "to": after.stage, "probability": after.probability}),
            })
        }
        Command::Undo { change } => match store.undo_change(*change, ctx.now)? {
            Some(u) => Ok(Outcome {
                message: format!("Undid: {}", sanitize(&u.summary)),
                customer: None,
                details: json!({"undone": u}),
            }),
            None => Err(CommandError::Rejected("nothing to undo".into())),
        },
        Command::Show(who) => {
            let c = resolve_one(store, who)?;
            Ok(Outcome {
                message: format!("{} {}", c.id, sanitize(&c.name)),
                customer: Some(c.id),
                details: json!({"customer": c.id}),
            })
        }
    }
}

pub(super) fn contact_points(
    emails: &[String],
    phones: &[String],
) -> Result<Vec<ContactPoint>, CommandError> {
    let mut out = Vec::new();
    for e in emails {
        out.push(ContactPoint {
            kind: ContactKind::Email,
            value: check_email(e).map_err(usage)?,
            label: None,
        });
    }
    for p in phones {
        out.push(ContactPoint {
            kind: ContactKind::Phone,
            value: check_phone(p).map_err(usage)?,
            label: None,
        });
    }
    Ok(out)
}

pub(super) fn tags(list: &[String]) -> Result<Vec<String>, CommandError> {
    list.iter().map(|t| check_tag(t).map_err(usage)).collect()
}

pub(super) fn clean(s: Option<&String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// An organization named by `--org`: found (its name as stored) or created.
pub(super) struct OrgPick {
    pub(super) id: CustomerId,
    pub(super) name: String,
    pub(super) created: bool,
}

/// Finds the organization by name or creates it in the same transaction.
pub(super) fn org_pick(w: &Writer<'_>, name: &str, now: i64) -> crate::store::Result<OrgPick> {
    if let Some((id, name)) = w.org_by_name(name)? {
        return Ok(OrgPick {
            id,
            name,
            created: false,
        });
    }
    let name = name.trim().to_string();
    let id = w.insert_customer(&NewCustomer {
        kind: CustomerKind::Org,
        name: name.clone(),
        uid: new_uid(),
        created_at: now,
        ..NewCustomer::default()
    })?;
    Ok(OrgPick {
        id,
        name,
        created: true,
    })
}

fn add(store: &mut Store, spec: &AddSpec, ctx: &Context) -> Result<Outcome, CommandError> {
    let name = check_name(&spec.name).map_err(usage)?;
    let contacts = contact_points(&spec.emails, &spec.phones)?;
    let tags = tags(&spec.tags)?;
    if spec.kind == CustomerKind::Org && spec.org.is_some() {
        return Err(usage(
            "an organization cannot belong to another (--org with --kind org)",
        ));
    }
    let org = match spec.org.as_deref() {
        Some(o) => Some(check_name(o).map_err(|e| usage(format!("--org: {e}")))?),
        None => None,
    };
    // Warn, never block: colleagues share office@ addresses.
    let mut shared = Vec::new();
    for cp in contacts.iter().filter(|c| c.kind == ContactKind::Email) {
        for other in store.customers_by_email(&cp.value)? {
            shared.push(format!(
                "{} is also on {} ({})",
                sanitize(&cp.value),
                sanitize(&other.name),
                other.id
            ));
        }
    }
    if spec.kind == CustomerKind::Org
        && let Some((id, stored)) = crate::store::find_org(store.conn(), &name)?
    {
        // Adding what is there already is not an error (the org may have been
        // created by `--org`); nothing changes.
        return Ok(Outcome {
            message: format!(
                "Organization {} exists already ({id}); nothing added",
                sanitize(&stored)
            ),
            customer: Some(id),
            details: json!({"customer": id, "existing": true}),
        });
    }
    let mut pick = None;
    let id = store.change(&format!("add {}", sanitize(&name)), ctx.secs(), |w| {
        let org_id = match &org {
            Some(o) => {
                let p = org_pick(w, o, ctx.secs())?;
                let id = p.id;
                pick = Some(p);
                Some(id)
            }
            None => None,
        };
        w.insert_customer(&NewCustomer {
            kind: spec.kind,
            name: name.clone(),
            name_parts: None,
            org_id,
            title: clean(spec.title.as_ref()),
            address: clean(spec.address.as_ref()),
            address_parts: None,
            notes: clean(spec.notes.as_ref()).unwrap_or_default(),
            needs: clean(spec.needs.as_ref()).unwrap_or_default(),
            cadence_days: spec.cadence_days,
            owner: clean(spec.owner.as_ref()),
            birthday: spec.birthday,
            contacts: contacts.clone(),
            tags: tags.clone(),
            uid: new_uid(),
            created_at: ctx.secs(),
        })
    })?;
    let mut message = format!("Added {} {} ({id})", spec.kind, sanitize(&name));
    // The organization as it is stored (`--org "budimex sa"` finds `Budimex S.A.`).
    let mut created_org = None;
    match pick {
        Some(p) if p.created => {
            message.push_str(&format!("; created organization {}", sanitize(&p.name)));
            created_org = Some(p.name);
        }
        Some(p) => message.push_str(&format!(" at {}", sanitize(&p.name))),
        None => {}
    }
    for s in &shared {
        message.push_str(&format!("\nnote: {s}"));
    }
    Ok(Outcome {
        message,
        customer: Some(id),
        details: json!({"customer": id, "created_org": created_org}),
    })
}

fn log(store: &mut Store, spec: &LogSpec, ctx: &Context) -> Result<Outcome, CommandError> {
    let c = resolve_one(store, &spec.who)?;
    let summary = spec.summary.trim();
    if summary.is_empty() {
        return Err(usage(
            "say what happened, e.g. \"Pricing is fine, wants a demo\"",
        ));
    }
    let on = spec.day.unwrap_or(ctx.today);
    if on > ctx.today {
        return Err(usage(format!(
            "{} is in the future; log what happened, and plan with --next or `rolo follow`",
            day(on)
        )));
    }
    if let Some(n) = &spec.next
        && n.due < ctx.today
    {
        return Err(usage(format!(
            "next step on {} is in the past; pick today or later",
            day(n.due)
        )));
    }
    if let Some(d) = spec.deal {
        let deal = store.deal(d)?;
        if deal.customer_id != c.id {
            return Err(CommandError::Rejected(format!(
                "deal {d} belongs to {}, not {}",
                sanitize(&deal.customer_name),
                sanitize(&c.name)
            )));
        }
    }
    let occurred_at = ctx.at(on, spec.time);
    let name = sanitize(&c.name);
    let (iid, fid) = store.change(&format!("log {} with {name}", spec.kind), ctx.secs(), |w| {
        let iid = w.insert_interaction(&NewInteraction {
            customer_id: c.id,
            kind: spec.kind,
            direction: spec.direction,
            occurred_at,
            summary: summary.to_string(),
            notes: spec.notes.clone().unwrap_or_default(),
            minutes: spec.minutes,
            rating: spec.rating,
            deal_id: spec.deal,
            created_at: ctx.secs(),
        })?;
        let fid = match &spec.next {
            Some(n) => Some(
                w.insert_follow_up(&NewFollowUp {
                    customer_id: c.id,
                    what: n
                        .what
                        .clone()
                        .filter(|w| !w.trim().is_empty())
                        .unwrap_or_else(|| format!("Follow up: {summary}")),
                    due_date: n.due,
                    due_time: n.time,
                    repeat: None,
                    interaction_id: Some(iid),
                    created_at: ctx.secs(),
                })?,
            ),
            None => None,
        };
        Ok((iid, fid))
    })?;
    let mut extras = Vec::new();
    if spec.direction == crate::domain::Direction::In {
        extras.push("inbound".to_string());
    }
    if on != ctx.today {
        extras.push(day(on));
    }
    if let Some(r) = spec.rating {
        extras.push(format!("rating {r}"));
    }
    if let Some(m) = spec.minutes {
        extras.push(format!("{m} min"));
    }
    let mut message = format!("Logged {} with {name} ({})", spec.kind, c.id);
    if !extras.is_empty() {
        message.push_str(&format!(" · {}", extras.join(" · ")));
    }
    if let (Some(fid), Some(n)) = (fid, &spec.next) {
        message.push_str(&format!("; next step {fid} on {}", day(n.due)));
    }
    Ok(Outcome {
        message,
        customer: Some(c.id),
        details: json!({"interaction": iid, "customer": c.id, "occurred_at": occurred_at, "follow_up": fid, "next_due": spec.next.as_ref().map(|n| n.due)}),
    })
}

fn deal(store: &mut Store, spec: &DealSpec, ctx: &Context) -> Result<Outcome, CommandError> {
    let c = resolve_one(store, &spec.who)?;
    let title = spec.title.trim();
    if title.is_empty() {
        return Err(usage("a deal needs a title, e.g. \"Fleet renewal\""));
    }
    let probability = spec
        .probability
        .unwrap_or_else(|| spec.stage.default_probability());
    let name = sanitize(&c.name);
    let id = store.change(&format!("deal {title} with {name}"), ctx.secs(), |w| {
        w.insert_deal(&NewDeal {
            customer_id: c.id,
            title: title.to_string(),
            value: spec.value,
            stage: spec.stage,
            probability,
            expected_close: spec.close,
            created_at: ctx.secs(),
        })
    })?;
    let close = spec
        .close
        .map(|d| format!(", closing {}", day(d)))
        .unwrap_or_default();
    Ok(Outcome {
        message: format!(
            "Deal {id} with {name}: {} — {} at {} ({probability}%){close}",
            sanitize(title),
            spec.value,
            spec.stage
        ),
        customer: Some(c.id),
        details: json!({"deal": id, "customer": c.id}),
    })
}
