//! `rolo dossier`: one customer's complete file as a Markdown document a colleague can read,
//! with the machine-readable part at the end, in a fenced block (```` ```json rolo-dossier ````)
//! that Markdown viewers show as code: the colleague reads the person first, not a thousand
//! lines of JSON. `rolo import` of a dossier merges into an existing customer (UID, email,
//! phone, name) instead of duplicating, and adds only the history it does not have yet.
//! Dossiers of rolo before this layout (JSON front matter between `---` lines) still import.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::backup::{self, DOSSIER_FORMAT, Scope};
use crate::domain::{CustomerId, CustomerKind};
use crate::insight::{InsightConfig, TierTable};
use crate::store::Store;

/// The first line of a dossier: invisible when rendered, it tells a reader of the raw text
/// where the importable part is (and lets `rolo import` recognize the file by its start).
pub const FIRST_LINE: &str =
    "<!-- rolo dossier: for `rolo import`, the customer's data is at the end, as JSON -->";

/// The info string of the fenced block that holds the machine-readable part.
const FENCE: &str = "```json rolo-dossier";

/// The JSON a dossier carries for `rolo import`: the last ```` ```json rolo-dossier ```` block
/// (pretty JSON never has a line starting with a backtick, so the first ```` ``` ```` line
/// after it closes it), or the front matter of a dossier in the earlier layout.
pub fn machine_part(text: &str) -> Option<&str> {
    let text = text.trim_start_matches('\u{feff}');
    match parts(text) {
        Some((_, json)) => json,
        None => front_matter(text),
    }
}

/// A dossier's Markdown (the text before its last ```` ```json rolo-dossier ```` line) and
/// the JSON of that block (none when it never closes); none when it has no such line.
fn parts(text: &str) -> Option<(&str, Option<&str>)> {
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            start = Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    let (fence, start) = start?;
    let body = &text[start..];
    let mut len = 0;
    for line in body.split_inclusive('\n') {
        if line.trim_end() == "```" {
            return Some((&text[..fence], Some(&body[..len])));
        }
        len += line.len();
    }
    Some((&text[..fence], None))
}

/// One section of a dossier's Markdown as written, for telling an edit to it: its heading
/// (`Contact`, `Notes`; empty for the heading part at the top, with the name) and a digest
/// of its text (FNV-1a, 64 bits, in hex, of its lines without trailing spaces and without
/// blank lines around them: an editor that strips trailing spaces or writes CRLF edits
/// nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The `## ` heading, or empty for the part above the first one.
    pub section: String,
    /// The digest of its text.
    pub fnv1a: String,
}

/// The sections of a dossier's Markdown: split at each line starting with `## `.
fn sections(markdown: &str) -> Vec<Section> {
    let mut out: Vec<(String, Vec<&str>)> = vec![(String::new(), Vec::new())];
    for line in markdown.trim_start_matches('\u{feff}').lines() {
        let line = line.trim_end();
        if let Some(heading) = line.strip_prefix("## ") {
            out.push((heading.trim().to_string(), Vec::new()));
        } else if let Some((_, lines)) = out.last_mut() {
            lines.push(line);
        }
    }
    out.into_iter()
        .map(|(section, lines)| {
            let text = lines.join("\n");
            Section {
                section,
                fnv1a: format!("{:016x}", fnv1a(text.trim_matches('\n').as_bytes())),
            }
        })
        .collect()
}

/// FNV-1a, 64 bits: a digest the same in every rolo and on every machine (the standard
/// library's hashers promise neither), to tell a changed text, not to guard one.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The sections of a dossier's Markdown edited since it was written, as `recorded` says it
/// was, in words (`Contact`, `Notes (new)`, `Deals (removed)`, `the heading`), in the
/// file's order and then the removed ones. Empty when the file has no such block (a dossier
/// of the earlier layout).
pub fn edited_sections(text: &str, recorded: &[Section]) -> Vec<String> {
    let Some((markdown, _)) = parts(text.trim_start_matches('\u{feff}')) else {
        return Vec::new();
    };
    let name = |s: &str| {
        if s.is_empty() {
            "the heading".to_string()
        } else {
            s.to_string()
        }
    };
    let now = sections(markdown);
    let mut out = Vec::new();
    for s in &now {
        match recorded.iter().find(|r| r.section == s.section) {
            Some(r) if r.fnv1a == s.fnv1a => {}
            Some(_) => out.push(name(&s.section)),
            None => out.push(format!("{} (new)", name(&s.section))),
        }
    }
    for r in recorded {
        if !now.iter().any(|s| s.section == r.section) {
            out.push(format!("{} (removed)", name(&r.section)));
        }
    }
    out
}

/// The JSON between the first two `---` lines, if the text starts with one (the layout of
/// dossiers before the JSON moved to the end).
fn front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\r\n")
        .or_else(|| text.strip_prefix("---\n"))?;
    let end = rest.find("\n---")?;
    Some(&rest[..end])
}

/// Text with its line breaks kept when the Markdown is rendered: a line followed by another
/// in the same paragraph ends in two spaces (a hard break), which a reader of the plain
/// text does not see. Without them `Nickname: Tomek` and `Spouse: Magda` run together.
fn markdown_lines(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().map(str::trim_end).collect();
    let mut out = String::with_capacity(text.len() + lines.len() * 2);
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if lines.get(i + 1).is_some_and(|next| !next.is_empty()) && !l.is_empty() {
            out.push_str("  ");
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

fn day(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// Writes the dossier of `id` at `written_at` (to the nanosecond: two dossiers of one
/// customer written in the same second are told apart when they come back): Markdown, then
/// the JSON block, which records when it was written and a digest of each section of the
/// Markdown.
#[allow(clippy::many_single_char_names)]
pub fn write(
    store: &Store,
    id: CustomerId,
    today: NaiveDate,
    written_at: DateTime<Utc>,
    cfg: &InsightConfig,
) -> crate::insight::Result<String> {
    let c = store.customer(id)?;
    let mut scope = vec![id];
    scope.extend(c.org_id);
    // An organization's dossier hands over its people too, with their history.
    let people: Vec<CustomerId> = if c.kind == CustomerKind::Org {
        store
            .conn()
            .prepare("SELECT id FROM customers WHERE org_id = ?1 ORDER BY name_key, name, id")?
            .query_map([id.0], |r| Ok(CustomerId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    scope.extend(&people);
    let mut b = backup::read(store, Scope::Only(&scope), DOSSIER_FORMAT)?;
    // Each person's place in name order, and whose rows these are: the customer's own, or
    // one of its people's (by name).
    let rank: HashMap<i64, usize> = people.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
    let mut whose: HashMap<String, Option<String>> = HashMap::new();
    whose.insert(c.uid.clone(), None);
    for p in b.customers.iter().filter(|p| rank.contains_key(&p.id)) {
        whose.insert(p.uid.clone(), Some(p.name.clone()));
    }
    b.deals.retain(|d| whose.contains_key(&d.customer));
    b.interactions.retain(|x| whose.contains_key(&x.customer));
    b.follow_ups.retain(|f| whose.contains_key(&f.customer));
    // ` — Anna Kowalska` after a person's row in an organization's dossier.
    let by = |uid: &str| {
        whose
            .get(uid)
            .and_then(Option::as_deref)
            .map_or_else(String::new, |n| format!(" — {n}"))
    };
    let tiers = TierTable::load(store, today, cfg)?;
    let m = crate::insight::customer_measures(store, id, today, cfg, &tiers)?;
    b.measures = serde_json::to_value(&m).ok();
    let mut out = format!("{FIRST_LINE}\n\n# {}\n\n", c.name);
    let mut sub = Vec::new();
    sub.push(match c.kind {
        CustomerKind::Org => "Organization".to_string(),
        CustomerKind::Person => "Person".to_string(),
    });
    if let Some(t) = &c.title {
        sub.push(t.clone());
    }
    if let Some(o) = &c.org_name {
        sub.push(format!("at {o}"));
    }
    out.push_str(&format!("*{}* · dossier of {today}\n\n", sub.join(", ")));
    out.push_str("## Contact\n\n");
    for cp in c.contacts_by_kind() {
        match &cp.label {
            Some(l) => out.push_str(&format!("- {} ({l}): {}\n", cp.kind.as_str(), cp.value)),
            None => out.push_str(&format!("- {}: {}\n", cp.kind.as_str(), cp.value)),
        }
    }
    if let Some(a) = &c.address {
        let a = a.replace('\n', ", ");
        match c.address_label() {
            Some(l) => out.push_str(&format!("- address ({l}): {a}\n")),
            None => out.push_str(&format!("- address: {a}\n")),
        }
    }
    if let Some(bd) = c.birthday {
        out.push_str(&format!("- birthday: {bd}\n"));
    }
    if !c.tags.is_empty() {
        out.push_str(&format!("- tags: {}\n", c.tags.join(", ")));
    }
    if let Some(o) = &c.owner {
        out.push_str(&format!("- owner: {o}\n"));
    }
    if let Some(d) = c.cadence_days {
        out.push_str(&format!("- contact every {d} days\n"));
    }
    if out.ends_with("## Contact\n\n") {
        out.push_str("- nothing recorded\n");
    }
    let mut members: Vec<&backup::CustomerRec> = b
        .customers
        .iter()
        .filter(|p| rank.contains_key(&p.id))
        .collect();
    members.sort_by_key(|p| rank.get(&p.id));
    if !members.is_empty() {
        out.push_str("\n## People\n\n");
        for p in &members {
            let mut line = format!("- **{}**", p.name);
            if let Some(t) = &p.title {
                line.push_str(&format!(", {t}"));
            }
            let reach: Vec<&str> = p.contacts.iter().map(|cp| cp.value.as_str()).collect();
            if !reach.is_empty() {
                line.push_str(&format!(": {}", reach.join(", ")));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    if !c.needs.is_empty() {
        out.push_str(&format!("\n## Needs\n\n{}\n", markdown_lines(&c.needs)));
    }
    if !c.notes.is_empty() {
        out.push_str(&format!("\n## Notes\n\n{}\n", markdown_lines(&c.notes)));
    }
    out.push_str("\n## Measures\n\n");
    if m.people > 0 {
        let people = if m.people == 1 {
            "1 person".to_string()
        } else {
            format!("{} people", m.people)
        };
        out.push_str(&format!(
            "Of the organization with its {people}, as `rolo show` counts them; the follow-ups, \
             deals and history below are the organization's and its people's (named after \
             theirs).\n\n"
        ));
    }
    // As `rolo show` says them (a risk reason, or needs gone stale, in bold).
    for line in m.lines(c.org_name.as_deref()) {
        match line.strip_prefix("! ") {
            Some(warning) => out.push_str(&format!("- **{warning}**\n")),
            None => out.push_str(&format!("- {line}\n")),
        }
    }
    match (m.last_contact_at, m.days_since_contact) {
        (Some(t), Some(0)) => out.push_str(&format!("- last contact: {} (today)\n", day(&t))),
        (Some(t), Some(1)) => {
            out.push_str(&format!("- last contact: {} (yesterday)\n", day(&t)));
        }
        (Some(t), Some(d)) => {
            out.push_str(&format!("- last contact: {} ({d} days ago)\n", day(&t)));
        }
        _ => out.push_str("- last contact: never\n"),
    }
    out.push_str(&format!("- contacts in all: {}\n", m.contacts_total));
    // Soonest first, as `rolo today` orders them: by day, timed before all-day, then by id.
    // (The JSON block keeps the backup's id order.)
    let mut open: Vec<_> = b.follow_ups.iter().filter(|f| f.status == "open").collect();
    open.sort_by(|x, y| {
        (&x.due_date, x.due_time.is_none(), &x.due_time, x.id).cmp(&(
            &y.due_date,
            y.due_time.is_none(),
            &y.due_time,
            y.id,
        ))
    });
    if !open.is_empty() {
        out.push_str("\n## Open follow-ups\n\n");
        for f in open {
            let time = f
                .due_time
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let every = f
                .repeat_rule
                .as_deref()
                .map(|r| format!(" (every {r})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "- {}{time}: {}{every}{}\n",
                f.due_date,
                f.what,
                by(&f.customer)
            ));
        }
    }
    if !b.deals.is_empty() {
        out.push_str(
            "\n## Deals\n\n| Deal | Stage | Value | Expected close |\n|---|---|---|---|\n",
        );
        for d in &b.deals {
            let value = crate::domain::Currency::parse(&d.currency).map_or_else(
                |_| d.value_minor.to_string(),
                |cur| {
                    crate::domain::Money {
                        minor: d.value_minor,
                        currency: cur,
                    }
                    .major_string()
                },
            );
            out.push_str(&format!(
                "| {}{} | {} | {value} {} | {} |\n",
                d.title.replace('|', "\\|"),
                by(&d.customer).replace('|', "\\|"),
                d.stage,
                d.currency,
                d.expected_close.as_deref().unwrap_or("")
            ));
        }
    }
    if !b.interactions.is_empty() {
        out.push_str("\n## History\n\n");
        // Newest first by when it happened (ids follow logging order, and `--at` or an
        // import can log the past later).
        let mut history: Vec<_> = b.interactions.iter().collect();
        history.sort_by_key(|x| std::cmp::Reverse((x.occurred_at, x.id)));
        for x in history {
            // What the history pane shows: the direction of a contact (not of a note),
            // how long it took, how it went.
            let mut about = Vec::new();
            if x.kind != "note" {
                about.push(x.direction.clone());
            }
            if let Some(min) = x.minutes.filter(|m| *m > 0) {
                about.push(format!("{min} min"));
            }
            if let Some(r) = x.rating {
                about.push(format!("rated {r}/5"));
            }
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join(", "))
            };
            out.push_str(&format!(
                "- {} {}{about}: {}{}\n",
                day(&x.occurred_at),
                x.kind,
                x.summary,
                by(&x.customer)
            ));
            if !x.notes.is_empty() {
                for l in markdown_lines(&x.notes).lines() {
                    out.push_str(&format!("  > {l}\n"));
                }
            }
        }
    }
    out.push_str(if members.is_empty() {
        "\n## For rolo import\n\n`rolo import` of this file adds the customer above, with \
         their history, follow-ups and deals, to your own rolo (or merges them into the \
         customer you already have).\n\n"
    } else {
        "\n## For rolo import\n\n`rolo import` of this file adds the organization and its \
         people above, with their history, follow-ups and deals, to your own rolo (or merges \
         them into the customers you already have).\n\n"
    });
    b.written_at = Some(written_at);
    b.markdown = Some(sections(&out));
    out.push_str(FENCE);
    out.push('\n');
    out.push_str(&serde_json::to_string_pretty(&b).unwrap_or_default());
    out.push_str("\n```\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{edited_sections, fnv1a, machine_part, markdown_lines, sections};

    #[test]
    fn dossier_digest_is_fnv1a_64() {
        // The published test vectors: the same digest in every rolo.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn dossier_sections_name_the_edited_ones() {
        let md = "<!-- rolo -->\n\n# Anna\n\n## Contact\n\n- email: a@b.pl\n\n## Notes\n\nLikes tea  \nTwo kids\n\n## Deals\n\n| x |\n\n## For rolo import\n\nText.\n\n";
        let recorded = sections(md);
        assert_eq!(
            recorded
                .iter()
                .map(|s| s.section.as_str())
                .collect::<Vec<_>>(),
            ["", "Contact", "Notes", "Deals", "For rolo import"]
        );
        let doc = |md: &str| format!("{md}```json rolo-dossier\n{{}}\n```\n");
        assert!(edited_sections(&doc(md), &recorded).is_empty());
        // Line ends and trailing spaces an editor changes are no edit.
        let saved = md.replace("  \n", "\n").replace('\n', "\r\n");
        assert!(edited_sections(&doc(&saved), &recorded).is_empty());
        let edited = md
            .replace("Likes tea", "Likes coffee")
            .replace("## Deals\n\n| x |\n\n", "")
            .replace("# Anna", "# Anna K.")
            .replace("## For rolo import", "## Call\n\nHi.\n\n## For rolo import");
        assert_eq!(
            edited_sections(&doc(&edited), &recorded),
            ["the heading", "Notes", "Call (new)", "Deals (removed)"]
        );
        // The earlier layout has no digests to go by.
        assert!(edited_sections("---\n{}\n---\n# Anna\n", &recorded).is_empty());
    }

    #[test]
    fn markdown_lines_break_where_the_text_does() {
        assert_eq!(
            markdown_lines("Nickname: Tomek\nSpouse: Magda\n\nA new paragraph\n"),
            "Nickname: Tomek  \nSpouse: Magda\n\nA new paragraph"
        );
        assert_eq!(markdown_lines("one line"), "one line");
    }

    #[test]
    fn the_machine_part_is_the_last_block_or_the_old_front_matter() {
        let doc = "<!-- rolo dossier -->\n\n# A\n\nnotes quoting\n```json rolo-dossier\n{\"x\": 0}\n```\n\n## For rolo import\n\n```json rolo-dossier\n{\n  \"x\": 1\n}\n```\n";
        assert_eq!(machine_part(doc), Some("{\n  \"x\": 1\n}\n"));
        let crlf = doc.replace('\n', "\r\n");
        assert_eq!(machine_part(&crlf), Some("{\r\n  \"x\": 1\r\n}\r\n"));
        assert_eq!(
            machine_part("\u{feff}---\n{\"x\": 2}\n---\n\n# A\n"),
            Some("{\"x\": 2}")
        );
        // Cut short: the block never closes.
        assert_eq!(
            machine_part("# A\n```json rolo-dossier\n{\n  \"x\": 1\n"),
            None
        );
        assert_eq!(machine_part("# A\n\nno data\n"), None);
    }
}
