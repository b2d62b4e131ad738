//! The palette's live preview: parse, resolve the customer without guessing, and say
//! exactly what Enter will save — with real dates.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::index::NameIndex;
use crate::command::{Command, Context, CustomerRef, Resolution, parse, resolve};
use crate::domain::text::sanitize;
use crate::domain::when::relative;
use crate::domain::{Direction, FollowUpStatus};
use crate::store::{Candidate, Store};

/// Up to this many customers, an unknown name also gets typo suggestions (a full scan).
const TYPO_SCAN_MAX: usize = 20_000;

/// A command whose customer is settled (an id), ready to execute.
pub type Target = Command;

/// What Enter would do.
#[derive(Debug, Clone, Default)]
pub enum Preview {
    /// Nothing typed.
    #[default]
    Empty,
    /// Not a command yet; a hint.
    Hint(String),
    /// A command that cannot run, and why.
    Error(String),
    /// A command that will run: a title, labelled lines, and the settled command.
    Ready {
        /// One line: what happens.
        title: String,
        /// Details: (label, value).
        lines: Vec<(String, String)>,
        /// The command with the customer as `#id`.
        command: Target,
    },
    /// The customer words match several customers; the user picks.
    Ambiguous {
        /// What was typed.
        query: String,
        /// The first candidates.
        candidates: Vec<Candidate>,
        /// How many match.
        total: usize,
        /// The command to run with the chosen one.
        command: Command,
    },
    /// No customer matches.
    NotFound {
        /// What was typed.
        query: String,
        /// Customers also known by the name, then close names.
        suggestions: Vec<Candidate>,
    },
}

/// A day as the preview shows it: "Fri 27 Nov 2026 (in 4d)".
pub fn day(d: NaiveDate, today: NaiveDate) -> String {
    format!("{} ({})", d.format("%a %-d %b %Y"), relative(d, today))
}

fn resolution(
    store: &Store,
    r: &CustomerRef,
    index: Option<&mut NameIndex>,
) -> crate::store::Result<Resolution> {
    let CustomerRef::Text(t) = r else {
        return resolve(store, r);
    };
    let t = t.trim();
    // Cheap, indexed existence checks first: `resolve` computes fuzzy suggestions over every
    // name when nothing matches, which the in-memory index does much faster.
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let any = (t.contains('@') && !store.customers_by_email(t)?.is_empty())
        || (digits >= 5 && !store.customers_by_phone(t)?.is_empty())
        || !store.customers_by_name(t, 1)?.is_empty();
    if any {
        return resolve(store, r);
    }
    let (hits, small) = match index {
        Some(ix) => (ix.top(t, 3), ix.len() <= TYPO_SCAN_MAX),
        None => (Vec::new(), false),
    };
    let close = || {
        if hits.is_empty() && small {
            // Typos ("kowlaska") are not fuzzy subsequences; the command module's scan
            // finds them, affordable on small databases only.
            return crate::command::suggest(store, t, 3);
        }
        Ok(hits
            .into_iter()
            .map(|h| Candidate {
                id: h.id,
                name: h.name,
                kind: crate::domain::CustomerKind::Person,
                org: h.org,
                email: None,
                last_contact_at: None,
                aka: None,
            })
            .collect())
    };
    Ok(Resolution::NotFound(crate::command::not_found(
        store, t, close,
    )?))
}

/// Computes the preview of a palette line. Without `exact`, a one-letter name is not
/// resolved (it matches a large share of 100k customers and takes a while); Enter passes `exact`.
pub fn preview(
    store: &Store,
    ctx: &Context,
    line: &str,
    index: Option<&mut NameIndex>,
    exact: bool,
) -> Preview {
    if line.trim().is_empty() {
        return Preview::Empty;
    }
    let cmd = match parse(line, ctx) {
        Ok(c) => c,
        Err(e) => {
            let msg = e.to_string();
            let first = msg.lines().next().unwrap_or_default().to_string();
            let mut words = line.split_whitespace();
            if let (Some(verb), None) = (words.next(), words.next())
                && line.ends_with(char::is_whitespace)
                && !msg.starts_with("unknown command")
            {
                // A verb alone (`n` or `c` with no customer selected): ask whom, not an error.
                let verb = sanitize(verb);
                return Preview::Hint(match first.split_once(": ") {
                    Some((_, example)) if example.starts_with(verb.as_str()) => {
                        format!("{verb} whom? type a name: {example}")
                    }
                    _ => format!("{verb} whom? type a name, an email, a phone or #id"),
                });
            }
            return if msg.starts_with("unknown command") {
                // The grammar's list of forms follows its first line; the palette lists
                // suggestions instead, so the line's lead-in to the list goes.
                let first = first.trim_end_matches("; the palette understands:");
                Preview::Hint(format!(
                    "{first} — pick a suggestion, or start with a verb (call, email, follow, \
                     deal, edit, …)"
                ))
            } else {
                Preview::Error(first)
            };
        }
    };
    let mut who: Option<Candidate> = None;
    if let Some(CustomerRef::Text(t)) = cmd.customer_ref()
        && !exact
        && crate::domain::text::fold(t).chars().count() < 2
    {
        return Preview::Hint(format!(
            "`{}`: type more of the name, or Tab to take the highlighted customer",
            sanitize(t)
        ));
    }
    if let Some(r) = cmd.customer_ref() {
        match resolution(store, r, index) {
            Err(e) => return Preview::Error(e.to_string()),
            Ok(Resolution::Unique(c)) => who = Some(c),
            Ok(Resolution::Ambiguous(candidates, total)) => {
                return Preview::Ambiguous {
                    query: r.to_string(),
                    candidates,
                    total,
                    command: cmd,
                };
            }
            Ok(Resolution::NotFound(s)) => {
                return Preview::NotFound {
                    query: r.to_string(),
                    suggestions: s,
                };
            }
        }
    }
    // An undo is settled on the change it names: Enter undoes that one or none.
    let cmd = match cmd {
        Command::Undo { change: None } => match store.undoable() {
            Ok(Some((id, _, _))) => Command::Undo { change: Some(id) },
            _ => cmd,
        },
        cmd => cmd,
    };
    match describe(store, ctx, &cmd, who.as_ref()) {
        Ok((title, lines)) => Preview::Ready {
            title,
            lines,
            command: match &who {
                Some(c) => cmd.with_customer(c.id),
                None => cmd,
            },
        },
        Err(msg) => Preview::Error(msg),
    }
}

fn customer_label(c: &Candidate) -> String {
    let mut s = format!("{} {}", sanitize(&c.name), c.id);
    if let Some(o) = &c.org {
        let _ = write!(s, " · {}", sanitize(o));
    }
    s
}

type Lines = Vec<(String, String)>;

fn describe(
    store: &Store,
    ctx: &Context,
    cmd: &Command,
    who: Option<&Candidate>,
) -> Result<(String, Lines), String> {
    let today = ctx.today;
    let mut lines: Lines = Vec::new();
    let mut push = |k: &str, v: String| lines.push((k.to_string(), v));
    if let Some(c) = who {
        push("Customer", customer_label(c));
    }
    let title = match cmd {
        Command::Log(l) => {
            let summary = l.summary.trim();
            if summary.is_empty() {
                return Err(
                    "say what happened: `call anna: pricing ok` or `call anna \"pricing ok\"`"
                        .into(),
                );
            }
            let on = l.day.unwrap_or(today);
            if on > today {
                return Err(format!(
                    "{} is in the future; log what happened, plan with `next`",
                    day(on, today)
                ));
            }
            push("Summary", sanitize(summary));
            if let Some(n) = &l.notes {
                push("Notes", sanitize(n));
            }
            push(
                "When",
                match l.time {
                    Some(t) => format!("{} at {}", day(on, today), t.format("%H:%M")),
                    None => day(on, today),
                },
            );
            push(
                "Direction",
                match l.direction {
                    Direction::Out => "we reached out".into(),
                    Direction::In => "they reached out".into(),
                },
            );
            if let Some(r) = l.rating {
                push("Rating", format!("{r}/5"));
            }
            if let Some(m) = l.minutes {
                push("Minutes", m.to_string());
            }
            if let Some(d) = l.deal {
                push("Deal", d.to_string());
            }
            match &l.next {
                Some(n) => {
                    if n.due < today {
                        return Err(format!("next step on {} is in the past", day(n.due, today)));
                    }
                    let what = n
                        .what
                        .clone()
                        .filter(|w| !w.trim().is_empty())
                        .unwrap_or_else(|| format!("Follow up: {summary}"));
                    push(
                        "Next",
                        format!("{} — {}", day(n.due, today), sanitize(&what)),
                    );
                }
                None => push("Next", "no follow-up (add `next fri \"what\"`)".into()),
            }
            format!(
                "Log {} with {}",
                l.kind,
                who.map_or(String::new(), |c| sanitize(&c.name))
            )
        }
        Command::Follow {
            due,
            time,
            what,
            every,
            ..
        } => {
            if *due < today {
                return Err(format!("{} is in the past", day(*due, today)));
            }
            if what.trim().is_empty() {
                return Err("say what to do: follow anna fri \"send the offer\"".into());
            }
            push("What", sanitize(what));
            let at = time
                .map(|t| format!(" at {}", t.format("%H:%M")))
                .unwrap_or_default();
            push("Due", format!("{}{at}", day(*due, today)));
            if let Some(e) = every {
                push("Repeats", format!("every {e}"));
            }
            "Plan a follow-up".into()
        }
        Command::Deal(d) => {
            if d.title.trim().is_empty() {
                return Err("a deal needs a title, e.g. \"Fleet renewal\"".into());
            }
            push("Title", sanitize(&d.title));
            push("Value", d.value.to_string());
            let p = d
                .probability
                .unwrap_or_else(|| d.stage.default_probability());
            push("Stage", format!("{} ({p}%)", d.stage));
            if let Some(c) = d.close {
                push("Close", day(c, today));
            }
            "Add a deal".into()
        }
        Command::Done(id)
        | Command::Cancel(id)
        | Command::Snooze(id, _)
        | Command::Reschedule(id, _) => {
            let f = store.follow_up(*id).map_err(|e| e.to_string())?;
            if f.status != FollowUpStatus::Open {
                return Err(format!("follow-up {id} is {} already", f.status));
            }
            push(
                "Customer",
                format!("{} {}", sanitize(&f.customer_name), f.customer_id),
            );
            push("What", sanitize(&f.what));
            push("Due", day(f.due_date, today));
            match cmd {
                Command::Done(_) => format!("Mark follow-up {id} done"),
                Command::Cancel(_) => format!("Cancel follow-up {id}"),
                Command::Snooze(_, to) | Command::Reschedule(_, to) => {
                    if *to < today {
                        return Err(format!("{} is in the past", day(*to, today)));
                    }
                    push("To", day(*to, today));
                    format!("Move follow-up {id}")
                }
                _ => String::new(),
            }
        }
        Command::DealStage {
            id,
            stage,
            probability,
        } => {
            let d = store.deal(*id).map_err(|e| e.to_string())?;
            push(
                "Deal",
                format!("{} ({})", sanitize(&d.title), sanitize(&d.customer_name)),
            );
            push("Stage", format!("{} → {stage}", d.stage));
            if let Some(p) = probability {
                push("Probability", format!("{p}%"));
            }
            format!("Move deal {id}")
        }
        Command::Add(a) => {
            push("Name", sanitize(&a.name));
            push("Kind", a.kind.to_string());
            if let Some(o) = &a.org {
                push("Organization", sanitize(o));
            }
            for e in &a.emails {
                push("Email", sanitize(e));
            }
            for p in &a.phones {
                push("Phone", sanitize(p));
            }
            if !a.tags.is_empty() {
                push("Tags", sanitize(&a.tags.join(" ")));
            }
            "Add a customer".into()
        }
        Command::Edit { spec, .. } => {
            edit_lines(spec, &mut push);
            format!(
                "Edit {}",
                who.map_or("the customer".into(), |c| sanitize(&c.name))
            )
        }
        Command::Undo { .. } => match store.undoable().map_err(|e| e.to_string())? {
            Some((id, at, summary)) if store.made_here(id, at) => {
                format!("Undo: {}", sanitize(&summary))
            }
            Some((_, _, summary)) => {
                format!("Undo: {} (not made in this screen)", sanitize(&summary))
            }
            None => return Err("nothing to undo".into()),
        },
        Command::Show(_) => "Open the customer".into(),
    };
    Ok((title, lines))
}

/// What an edit typed in the palette changes, a line per field; the values are checked
/// when it runs, as `rolo edit` checks them.
fn edit_lines(spec: &crate::command::EditSpec, push: &mut impl FnMut(&str, String)) {
    let text = |v: &str| {
        if v.trim().is_empty() {
            "(cleared)".to_string()
        } else {
            sanitize(v.trim())
        }
    };
    if let Some(t) = &spec.title {
        push("Title", text(t));
    }
    if let Some(o) = &spec.org {
        push("Organization", text(o));
    }
    for e in &spec.add_emails {
        push("Add email", sanitize(e));
    }
    for p in &spec.add_phones {
        push("Add phone", sanitize(p));
    }
    if !spec.tags.is_empty() {
        push("Add tags", sanitize(&spec.tags.join(" ")));
    }
    if !spec.untags.is_empty() {
        push("Remove tags", sanitize(&spec.untags.join(" ")));
    }
    if let Some(c) = spec.cadence_days {
        push(
            "Cadence",
            c.map_or("(cleared)".into(), |d| format!("every {d} days")),
        );
    }
    if let Some(n) = &spec.needs {
        push("Needs", text(n));
    }
}
