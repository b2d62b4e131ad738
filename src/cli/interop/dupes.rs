//! `rolo dupes` lists likely duplicates; `rolo merge` merges one pair.

use serde_json::json;

use super::{DupesArgs, MergeArgs, count};
use crate::cli::{Env, Exit, report_error};
use crate::command::{CommandError, CustomerRef, resolve_one};
use crate::domain::text::sanitize;
use crate::interop;

/// Runs `rolo dupes`.
pub fn dupes(env: &mut Env, a: &DupesArgs) -> anyhow::Result<Exit> {
    if let Some(pair) = &a.different {
        return Ok(different(env, pair));
    }
    let found = interop::dupes::find(&env.store, a.limit, a.all)?;
    if env.json {
        // The pairs alone, as before: scripts read an array.
        println!("{}", serde_json::to_string(&found.pairs)?);
        return Ok(Exit::Ok);
    }
    // What the list leaves out, said under it (or under "No likely duplicates.").
    let mut left_out = Vec::new();
    if let n @ 1.. = found.colleagues {
        left_out.push(format!(
            "{} only a phone and {} different emails (colleagues on one line?): not listed; `rolo dupes --all` lists them.",
            count(n, "pair shares", "pairs share"),
            if n == 1 { "has" } else { "have" }
        ));
    }
    if let n @ 1.. = found.members {
        left_out.push(format!(
            "{} a person and their organization sharing only a phone (its switchboard?): not listed; `rolo dupes --all` lists {}.",
            count(n, "pair is", "pairs are"),
            if n == 1 { "it" } else { "them" }
        ));
    }
    if let n @ 1.. = found.different {
        left_out.push(format!(
            "{} marked as different customers: not listed.",
            count(n, "pair", "pairs")
        ));
    }
    if found.pairs.is_empty() {
        println!("No likely duplicates.");
    }
    for p in &found.pairs {
        let why: Vec<String> = p
            .reasons
            .iter()
            .zip(&p.values)
            // Both names are on the line already: "same name" says it.
            .map(|(r, v)| match r {
                // (Words in another order, or an organization's legal form.)
                interop::apply::MatchBy::Name
                    if crate::domain::text::fold(&p.keep.1)
                        != crate::domain::text::fold(&p.other.1) =>
                {
                    "names alike".to_string()
                }
                interop::apply::MatchBy::Name => r.as_str().to_string(),
                _ => format!("{} {}", r.as_str(), sanitize(v)),
            })
            .collect();
        println!(
            "#{} {}  ~  #{} {}  ({})",
            p.keep.0,
            sanitize(&p.keep.1),
            p.other.0,
            sanitize(&p.other.1),
            why.join(", ")
        );
    }
    if found.total > found.pairs.len() {
        println!(
            "Listed the first {} of {} pairs, the most certain first; `rolo dupes --limit 0` \
             lists them all.",
            found.pairs.len(),
            found.total
        );
    }
    for line in &left_out {
        println!("{line}");
    }
    if !found.pairs.is_empty() {
        println!(
            "Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"`; if they are two people, \
             `rolo dupes --different \"#A\" \"#B\"` stops listing them (undo takes either back)."
        );
    }
    Ok(Exit::Ok)
}

/// Runs `rolo dupes --different A B`.
fn different(env: &mut Env, pair: &[String]) -> Exit {
    let mut ids = Vec::with_capacity(2);
    for who in pair {
        match resolve_one(&env.store, &CustomerRef::parse(who)) {
            Ok(c) => ids.push(c),
            Err(e) => return report_error(&e, env.json),
        }
    }
    let (a, b) = (&ids[0], &ids[1]);
    let marked = match interop::dupes::mark_different(&mut env.store, a.id, b.id, env.ctx.secs()) {
        Ok(m) => m,
        Err(e) => return report_error(&CommandError::from(e), env.json),
    };
    if env.json {
        println!(
            "{}",
            json!({"ok": true, "marked": marked, "pair": [a.id.0, b.id.0]})
        );
    } else {
        let who = |c: &crate::store::Candidate| format!("{} (#{})", sanitize(&c.name), c.id.0);
        if marked {
            println!(
                "Marked {} and {} as different customers: `rolo dupes` no longer lists them. \
                 `rolo undo` takes it back.",
                who(a),
                who(b)
            );
        } else {
            println!(
                "{} and {} are marked as different customers already.",
                who(a),
                who(b)
            );
        }
    }
    Exit::Ok
}

/// Runs `rolo merge`.
pub fn merge(env: &mut Env, a: &MergeArgs) -> anyhow::Result<Exit> {
    let keep = match resolve_one(&env.store, &CustomerRef::parse(&a.keep)) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let other = match resolve_one(&env.store, &CustomerRef::parse(&a.other)) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let m = match interop::dupes::merge(
        &mut env.store,
        keep.id,
        other.id,
        env.ctx.secs(),
        a.force,
        a.dry_run,
    ) {
        Ok(m) => m,
        Err(e) => return Ok(report_error(&CommandError::from(e), env.json)),
    };
    if env.json {
        if a.dry_run {
            println!("{}", json!({"ok": true, "dry_run": true, "would_merge": m}));
        } else {
            println!("{}", json!({"ok": true, "merged": m}));
        }
        return Ok(Exit::Ok);
    }
    let moved = crate::domain::text::counts(&[
        (m.interactions, "interaction", "interactions"),
        (m.follow_ups, "follow-up", "follow-ups"),
        (m.deals, "deal", "deals"),
        (m.people, "person", "people"),
    ]);
    let added = &m.added;
    let (verb, move_, add, after) = if a.dry_run {
        (
            "Would merge",
            "would move",
            "would add",
            "Dry run: nothing was changed. Run it again without --dry-run to merge.",
        )
    } else {
        ("Merged", "moved", "added", "`rolo undo` takes it back.")
    };
    println!(
        "{verb} {} (#{}) into {} (#{}): {}{}.\n{after}",
        sanitize(&m.from_name),
        m.from,
        sanitize(&m.name),
        m.into,
        if moved.is_empty() {
            "no history to move".to_string()
        } else {
            format!("{move_} {}", moved.join(", "))
        },
        if added.is_empty() {
            String::new()
        } else {
            format!("; {add} {}", sanitize(&added.join(", ")))
        }
    );
    Ok(Exit::Ok)
}
