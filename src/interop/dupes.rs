//! Likely duplicates already in the database (same email, phone or folded name), and
//! merging one customer into another with its whole history, as one undoable change.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;
use serde::Serialize;

use super::apply::MatchBy;
use super::apply::{Merging, merge_into};
use crate::domain::text::{
    fold, names_agree, org_base_key, phone_key, phone_key_sql, phone_norm, phones_may_match,
};
use crate::domain::{ContactKind, ContactPoint, Customer, CustomerId, CustomerKind};
use crate::store::{CustomerPatch, Result, Store, StoreError};

/// Two customers that look like the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DupePair {
    /// The older customer (lower id): the one to keep by default.
    pub keep: (i64, String),
    /// The other.
    pub other: (i64, String),
    /// Why they look alike, strongest first.
    pub reasons: Vec<MatchBy>,
    /// The shared email, phone (as each wrote it: `+48 601 234 567 / 601-234-567` when
    /// they differ) or folded name, in the order of `reasons`.
    pub values: Vec<String>,
}

/// What `rolo dupes` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dupes {
    /// Likely duplicates, most certain first (at most the limit asked for).
    pub pairs: Vec<DupePair>,
    /// The pairs found, listed or not: `pairs` are the first of them.
    pub total: usize,
    /// Pairs left out: they share only a phone and each has emails, none shared — most
    /// often colleagues on one switchboard, not one person twice.
    pub colleagues: usize,
    /// Pairs left out: a person and the organization they are of, sharing only a phone —
    /// its switchboard, which a person's work phone often is.
    pub members: usize,
    /// Pairs left out because the user marked them as different customers
    /// ([`mark_different`]).
    pub different: usize,
}

/// The setting that holds the pairs marked as different customers: `12-40 13-50`, each
/// pair's lower id first.
const DIFFERENT_KEY: &str = "dupes.different";

/// The pairs marked as different customers.
pub fn different_pairs(store: &Store) -> Result<std::collections::BTreeSet<(i64, i64)>> {
    Ok(store
        .setting(DIFFERENT_KEY)?
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| {
            let (a, b) = p.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect())
}

/// Marks two customers as different people, so `rolo dupes` no longer lists them (a
/// family's shared landline, two namesakes): one undoable change. `Ok(false)` when they
/// were marked already.
pub fn mark_different(store: &mut Store, a: CustomerId, b: CustomerId, now: i64) -> Result<bool> {
    if a == b {
        return Err(StoreError::Invalid(format!(
            "#{} is one customer; name two different ones",
            a.0
        )));
    }
    let pair = (a.0.min(b.0), a.0.max(b.0));
    let mut pairs = different_pairs(store)?;
    if !pairs.insert(pair) {
        return Ok(false);
    }
    let value = pairs
        .iter()
        .map(|(x, y)| format!("{x}-{y}"))
        .collect::<Vec<_>>()
        .join(" ");
    store.change(
        &format!("mark #{} and #{} as different customers", pair.0, pair.1),
        now,
        |w| {
            w.conn().execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![DIFFERENT_KEY, value],
            )?;
            Ok(())
        },
    )?;
    Ok(true)
}

/// Lists pairs of likely duplicates, most certain first (email, phone, then name), at most
/// `limit` (0: all), and counts the pairs that share only an office phone ([`Dupes::colleagues`],
/// [`Dupes::members`]); with `list_colleagues`, lists those too.
pub fn find(store: &Store, limit: usize, list_colleagues: bool) -> Result<Dupes> {
    let conn = store.conn();
    let mut pairs: BTreeMap<(i64, i64), (Vec<MatchBy>, Vec<String>)> = BTreeMap::new();
    let mut add = |ids: &[(i64, String)], by: MatchBy| {
        for (i, (a, va)) in ids.iter().enumerate() {
            for (b, vb) in &ids[i + 1..] {
                // Numbers that end alike in different countries are different lines.
                if by == MatchBy::Phone && !phones_may_match(&phone_norm(va), &phone_norm(vb)) {
                    continue;
                }
                // `ids` is sorted by id: `a` is the older customer.
                let e = pairs.entry((*a, *b)).or_default();
                if !e.0.contains(&by) {
                    e.0.push(by);
                    e.1.push(if va == vb {
                        va.clone()
                    } else {
                        format!("{va} / {vb}")
                    });
                }
            }
        }
    };
    // Each customer's first value of a shared key: the email, or the phone as written.
    for (kind, by, key) in [
        ("email", MatchBy::Email, "norm".to_string()),
        ("phone", MatchBy::Phone, phone_key_sql("norm")),
    ] {
        let mut stmt = conn.prepare(&format!(
            "WITH keyed AS (SELECT customer_id, {key} AS k, value, position, id FROM contact_points
                            WHERE kind = ?1 AND length(norm) >= 6),
                  shared AS (SELECT k FROM keyed GROUP BY k HAVING count(DISTINCT customer_id) > 1)
             SELECT k, customer_id, value FROM keyed WHERE k IN (SELECT k FROM shared)
             ORDER BY k, customer_id, position, id"
        ))?;
        let rows: Vec<(String, i64, String)> = stmt
            .query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for group in rows.chunk_by(|x, y| x.0 == y.0) {
            let mut ids: Vec<(i64, String)> = Vec::with_capacity(group.len());
            for (_, id, value) in group {
                if ids.last().is_none_or(|(last, _)| last != id) {
                    ids.push((*id, value.clone()));
                }
            }
            add(&ids, by);
        }
    }
    // Names alike: a person's words in any order (`Wiśniewski Łukasz` is `Łukasz
    // Wiśniewski`), an organization's without its legal form (`Hellas Freight S.A.`).
    // And a name in another script with its Latin spelling (`Νίκος Παπαδόπουλος`, `Nikos
    // Papadopoulos`): by the spelling's words in any order, a group only when it has both.
    let mut names: HashMap<(String, String), Vec<i64>> = HashMap::new();
    let mut spelled: HashMap<(String, String), (Vec<i64>, [bool; 2])> = HashMap::new();
    let any_script: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM customers WHERE name_latin <> '')",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare("SELECT id, kind, name FROM customers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        let name: String = r.get(2)?;
        if let Some((key, script)) = any_script.then(|| spelling_key(&name)).flatten() {
            let e = spelled.entry((kind.clone(), key)).or_default();
            e.0.push(r.get(0)?);
            e.1[usize::from(script)] = true;
        }
        let key = if kind == CustomerKind::Org.as_str() {
            org_base_key(&name)
        } else {
            let folded = fold(&name);
            // A name in a script written without spaces is one however it is spaced
            // (`山田 太郎`, `山田太郎`), as search and imports match it: keyed by that too.
            if folded.contains(' ')
                && let Some(tight) = crate::domain::text::tight(&folded)
            {
                names
                    .entry((kind.clone(), tight))
                    .or_default()
                    .push(r.get(0)?);
            }
            let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            words.sort_unstable();
            words.join(" ")
        };
        if key.is_empty() {
            continue;
        }
        names.entry((kind, key)).or_default().push(r.get(0)?);
    }
    for ((kind, key), (ids, [latin, script])) in spelled {
        if latin && script {
            names
                .entry((kind, format!("~{key}")))
                .or_default()
                .extend(ids);
        }
    }
    let mut groups: Vec<_> = names.into_iter().filter(|(_, ids)| ids.len() > 1).collect();
    groups.sort();
    for ((_, folded), ids) in groups {
        // (`~`: a Latin spelling's group, kept apart from the names'.)
        let folded = folded.trim_start_matches('~');
        let ids: Vec<(i64, String)> = ids.into_iter().map(|id| (id, folded.to_string())).collect();
        add(&ids, MatchBy::Name);
    }
    // A phone alone, with different emails on both sides: an office line. (An import is
    // stricter, as it merges unasked: a phone alone matches there only when the names
    // agree. This list is for a person to judge, and `Ania` may well be `Anna Kowalska`.)
    let mut has_email = conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM contact_points WHERE customer_id = ?1 AND kind = 'email')",
    )?;
    // A person and the organization they are of ([`Dupes::members`]).
    let mut member_of = conn.prepare_cached(
        "SELECT EXISTS(SELECT 1 FROM customers WHERE (id = ?1 AND org_id = ?2)
                                                  OR (id = ?2 AND org_id = ?1))",
    )?;
    let marked = different_pairs(store)?;
    let (mut colleagues, mut members, mut different) = (0, 0, 0);
    let mut sorted = Vec::with_capacity(pairs.len());
    for ((a, b), (reasons, values)) in pairs {
        if marked.contains(&(a, b)) {
            different += 1;
        } else if reasons == [MatchBy::Phone]
            && !list_colleagues
            && member_of.query_row([a, b], |r| r.get::<_, bool>(0))?
        {
            members += 1;
        } else if reasons == [MatchBy::Phone]
            && !list_colleagues
            && has_email.query_row([a], |r| r.get::<_, bool>(0))?
            && has_email.query_row([b], |r| r.get::<_, bool>(0))?
        {
            colleagues += 1;
        } else {
            sorted.push(((a, b), (reasons, values)));
        }
    }
    let mut name_of = conn.prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
    let mut out: Vec<DupePair> = Vec::new();
    sorted.sort_by_key(|((a, b), (reasons, _))| (reasons.iter().map(|r| *r as u8).min(), *a, *b));
    let total = sorted.len();
    let limit = if limit == 0 { usize::MAX } else { limit };
    for ((a, b), (reasons, values)) in sorted.into_iter().take(limit) {
        let na: String = name_of.query_row([a], |r| r.get(0))?;
        let nb: String = name_of.query_row([b], |r| r.get(0))?;
        out.push(DupePair {
            keep: (a, na),
            other: (b, nb),
            reasons,
            values,
        });
    }
    Ok(Dupes {
        pairs: out,
        total,
        colleagues,
        members,
        different,
    })
}

/// What a merge moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// The customer kept.
    pub into: i64,
    /// Its name.
    pub name: String,
    /// The customer merged away.
    pub from: i64,
    /// Its name.
    pub from_name: String,
    /// Profile fields filled or extended, in the store's words (`title → CFO`).
    pub changed: Vec<String>,
    /// The same, in the words of a merge's report (`title CFO`).
    #[serde(skip)]
    pub added: Vec<String>,
    /// Interactions moved.
    pub interactions: usize,
    /// Follow-ups moved.
    pub follow_ups: usize,
    /// Deals moved.
    pub deals: usize,
    /// People of an organization moved.
    pub people: usize,
}

/// A name's Latin spelling as `rolo dupes` groups by it, its words sorted, and whether the
/// name is in another script, whole or in part (`Anna Νίκου`; spelled by
/// [`crate::domain::text::loose_spelling`]); a name in Latin letters has its words
/// [`loose`](crate::domain::text::loose)d as a typed one.
fn spelling_key(name: &str) -> Option<(String, bool)> {
    let folded = fold(name);
    let (spelled, script) = match crate::domain::text::loose_spelling(&folded) {
        Some(spelled) => (spelled, true),
        None if folded.is_ascii() => (crate::domain::text::loose(&folded), false),
        None => return None,
    };
    let mut words: Vec<&str> = spelled.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    (!words.is_empty()).then(|| (words.join(" "), script))
}

/// Whether two customers could be one: their names agree ([`names_agree`]), or they
/// share an email or a phone (by its last digits).
fn look_alike(a: &Customer, b: &Customer) -> bool {
    let key = |cp: &ContactPoint| {
        let norm = ContactPoint::normalized(cp.kind, &cp.value);
        match cp.kind {
            ContactKind::Phone => (cp.kind, phone_key(&norm).to_string()),
            _ => (cp.kind, norm),
        }
    };
    names_agree(&a.name, &b.name)
        || a.contacts
            .iter()
            .filter(|cp| matches!(cp.kind, ContactKind::Email | ContactKind::Phone))
            .any(|x| b.contacts.iter().any(|y| key(x) == key(y)))
}

/// Merges `from` into `into`: empty fields filled, notes and needs appended, contact points
/// and tags added, history, follow-ups, deals and people moved, `from` deleted — one
/// journaled change that `rolo undo` reverses whole.
/// A dry run does it all in a transaction it rolls back, and tells what it would do.
pub fn merge(
    store: &mut Store,
    into: CustomerId,
    from: CustomerId,
    now: i64,
    kinds_may_differ: bool,
    dry_run: bool,
) -> Result<Merged> {
    if into == from {
        return Err(StoreError::Invalid(format!(
            "{into} and {from} are the same customer; name two different ones"
        )));
    }
    let (a, a_record) = store.customer_and_handover(into)?;
    let (b, b_record) = store.customer_and_handover(from)?;
    // A person into an organization (or back) is most often a mistyped id: it would give
    // the company a person's title, birthday and emails.
    if a.kind != b.kind && !kinds_may_differ {
        let what = |k: CustomerKind| match k {
            CustomerKind::Person => "a person",
            CustomerKind::Org => "an organization",
        };
        return Err(StoreError::Invalid(format!(
            "{into} {} is {} and {from} {} {}; nothing was merged (add --force if that is meant)",
            a.name,
            what(a.kind),
            b.name,
            what(b.kind)
        )));
    }
    // Two customers with nothing in common are most often a mistyped id, too.
    if a.kind == b.kind && !kinds_may_differ && !look_alike(&a, &b) {
        return Err(StoreError::Invalid(format!(
            "{into} {} and {from} {} share no email or phone and their names differ; nothing \
             was merged (add --force if they are one customer)",
            a.name, b.name
        )));
    }
    // An organization into a person: its people would have a person for their company,
    // and one of its own people would lose it. Never meant by a merge.
    if b.kind == CustomerKind::Org && a.kind == CustomerKind::Person {
        let people: i64 = store.conn().query_row(
            "SELECT count(*) FROM customers WHERE org_id = ?1",
            [from.0],
            |r| r.get(0),
        )?;
        if people > 0 {
            let whose = if a.org_id == Some(from) {
                format!("{} works at {}", a.name, b.name)
            } else {
                format!("{} has {people} people, who would have no company", b.name)
            };
            return Err(StoreError::Invalid(format!(
                "{from} {} is an organization and {into} {} a person, and {whose}; nothing \
                 was merged (to merge them the other way: rolo merge \"{from}\" \"{into}\" \
                 --force; to rename the company: rolo edit \"{from}\" --name …)",
                b.name, a.name
            )));
        }
    }
    let summary = format!("merge {} into {}", b.name, a.name);
    let body = |w: &crate::store::Writer<'_>| {
        let mut p = CustomerPatch::default();
        let org_of_b = b.org_id.filter(|o| *o != into);
        if (a.org_id.is_none() || a.org_id == Some(from)) && a.org_id != org_of_b {
            p.org_id = Some(org_of_b);
        }
        let said = merge_into(
            &a,
            &Merging {
                kind: b.kind,
                name: &b.name,
                fill: (&b).into(),
                org: b.org_name.as_deref(),
                notes: &b.notes,
                needs: &b.needs,
                contacts: &b.contacts,
                tags: &b.tags,
            },
            &mut p,
        );
        // Both were handed over: both records are kept (a dossier of either that comes back
        // still merges against what it handed over), `into`'s on top.
        let record = |json: &Option<String>| {
            json.as_deref()
                .and_then(crate::interop::backup::Handover::from_json)
        };
        if let Some(theirs) = record(&b_record) {
            let kept = crate::interop::backup::Handover::combined(record(&a_record), Some(theirs));
            p.handover = Some(kept.map(|h| h.to_json()));
        }
        let changes = w.update_customer(into, &p, now)?;
        let others = || said.iter().map(crate::interop::text::OtherValue::said);
        let changed = changes
            .iter()
            .map(ToString::to_string)
            .chain(others())
            .collect();
        let added = changes
            .iter()
            .map(crate::interop::apply::added)
            .chain(others())
            .collect();
        let conn = w.conn();
        let moved = |table: &str| -> Result<usize> {
            Ok(conn.execute(
                &format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2"),
                params![into.0, from.0],
            )?)
        };
        let interactions = moved("interactions")?;
        // Their calendar events keep the UIDs they were exported with.
        conn.execute(
            "UPDATE follow_ups SET event_uid = (SELECT uid FROM customers WHERE id = ?1)
             WHERE customer_id = ?1 AND event_uid IS NULL",
            [from.0],
        )?;
        let follow_ups = moved("follow_ups")?;
        let deals = moved("deals")?;
        let people = conn.execute(
            "UPDATE customers SET org_id = ?1 WHERE org_id = ?2 AND id <> ?1",
            params![into.0, from.0],
        )?;
        // Children first, so undo puts the customer back before them.
        conn.execute(
            "DELETE FROM contact_points WHERE customer_id = ?1",
            [from.0],
        )?;
        conn.execute("DELETE FROM customer_tags WHERE customer_id = ?1", [from.0])?;
        conn.execute("DELETE FROM customers WHERE id = ?1", [from.0])?;
        Ok(Merged {
            into: into.0,
            name: a.name.clone(),
            from: from.0,
            from_name: b.name.clone(),
            changed,
            added,
            interactions,
            follow_ups,
            deals,
            people,
        })
    };
    if dry_run {
        store.rehearse(&summary, now, body)
    } else {
        store.change(&summary, now, body)
    }
}
