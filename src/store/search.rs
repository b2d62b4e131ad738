//! Finding customers: by name prefixes, email, phone, id; full text over notes and names.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::customer::name_prefix_query;
use super::row::opt_ts;
use super::{Result, Store};
use crate::domain::{CustomerId, CustomerKind, InteractionId, text};

mod snippet;
mod text_grams;
mod typed;
mod unspaced;

/// The refusal of `input` as a search or a name lookup when it has more words than one
/// reads (naming the limit), else `None`.
pub fn too_many_words(input: &str) -> Option<super::StoreError> {
    Typed::new(input).too_many()
}

#[cfg(test)]
pub(super) use snippet::index_spelling_of;
use snippet::{own_letters, own_letters_in, shown};
pub(in crate::store) use typed::Typed;

pub(super) use text_grams::{drain_text_grams, index_text_grams};
pub(super) use unspaced::{grams_query, name_ids_sql};
#[cfg(test)]
pub(super) use unspaced::{search_tight_names_sql, unspaced_indexed_sql};

/// A customer a reference may mean, with what tells them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Row id.
    pub id: CustomerId,
    /// Name.
    pub name: String,
    /// Person or organization.
    pub kind: CustomerKind,
    /// Organization.
    pub org: Option<String>,
    /// First email.
    pub email: Option<String>,
    /// Last contact.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// The other name (kept in the notes as `Also known as: …`) it was found by, when it
    /// was found by one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aka: Option<String>,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name.
    pub customer_name: String,
    /// The interaction, when the hit is in the history.
    pub interaction_id: Option<InteractionId>,
    /// Where it matched: `name`, `profile` or the interaction's kind.
    pub field: String,
    /// The matching text with the hit marked by `[` `]`.
    pub snippet: String,
    /// The first hit's bytes in `snippet`, its brackets included: a `[` the text itself
    /// holds (a note's `[1]`) is not the hit. `None` without one.
    #[serde(skip)]
    pub hit: Option<std::ops::Range<usize>>,
    /// When the interaction happened.
    pub occurred_at: Option<DateTime<Utc>>,
}

pub(super) const CANDIDATE: &str = "SELECT c.id, c.name, c.kind, o.name,
    (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email' ORDER BY position LIMIT 1),
    c.last_contact_at FROM customers c LEFT JOIN customers o ON o.id = c.org_id";

fn map(r: &rusqlite::Row<'_>) -> rusqlite::Result<Candidate> {
    Ok(Candidate {
        id: CustomerId(r.get(0)?),
        name: r.get(1)?,
        kind: r.get(2)?,
        org: r.get(3)?,
        email: r.get(4)?,
        last_contact_at: opt_ts(r.get(5)?),
        aka: None,
    })
}

// Full-text search, one query per index. The snippet marks are private-use characters,
// which `own_letters` turns into `[`, `]` and `…` once the text is back in the row's own
// letters: a `[` typed in a note is then never taken for a mark.
/// Customers whose name or profile matches, with the original columns the snippet came from.
pub(super) const SEARCH_CUSTOMERS: &str =
    "SELECT c.id, c.name, snippet(customers_fts, -1, char(57344), char(57345), char(57346), 10),
            CASE WHEN customers_fts.rowid IN
                (SELECT rowid FROM customers_fts WHERE customers_fts MATCH '{name latin} : (' || ?1 || ')')
            THEN 'name' ELSE 'profile' END,
            c.notes, c.needs
     FROM customers_fts JOIN customers c ON c.id = customers_fts.rowid
     WHERE customers_fts MATCH ?1 ORDER BY rank LIMIT ?2";
/// Interactions whose summary or notes match.
pub(super) const SEARCH_INTERACTIONS: &str = "SELECT i.customer_id, c.name, i.id, i.kind,
            snippet(interactions_fts, -1, char(57344), char(57345), char(57346), 12),
            i.occurred_at, i.summary, i.notes
     FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
     JOIN customers c ON c.id = i.customer_id
     WHERE interactions_fts MATCH ?1 ORDER BY rank LIMIT ?2";
/// Follow-ups whose text matches, open ones first.
pub(super) const SEARCH_FOLLOW_UPS: &str =
    "SELECT f.customer_id, c.name, snippet(follow_ups_fts, -1, char(57344), char(57345), char(57346), 12),
            f.status, f.what
     FROM follow_ups_fts JOIN follow_ups f ON f.id = follow_ups_fts.rowid
     JOIN customers c ON c.id = f.customer_id
     WHERE follow_ups_fts MATCH ?1 ORDER BY f.status <> 'open', rank LIMIT ?2";

/// Search hits in the order they were found. A hit a second way of finding may give again
/// (a name found by its letters and by the index, a text written without spaces read through
/// and found by the index) is added once: [`Hits::push_new`].
struct Hits {
    list: Vec<SearchHit>,
    seen: HashSet<(CustomerId, Option<InteractionId>, String)>,
}

impl Hits {
    fn new() -> Hits {
        Hits {
            list: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn key(hit: &SearchHit) -> (CustomerId, Option<InteractionId>, String) {
        (hit.customer_id, hit.interaction_id, hit.field.clone())
    }

    /// Adds a hit of an index, where each row is one hit.
    fn push(&mut self, hit: SearchHit) {
        self.seen.insert(Hits::key(&hit));
        self.list.push(hit);
    }

    /// Adds a hit unless one of the same customer, interaction and field is there.
    fn push_new(&mut self, hit: SearchHit) {
        if self.seen.insert(Hits::key(&hit)) {
            self.list.push(hit);
        }
    }

    fn len(&self) -> usize {
        self.list.len()
    }
}

/// Builds an FTS query from typed words: every word must appear, the last as a prefix.
#[cfg(test)]
pub(in crate::store) fn fts_words(input: &str) -> Option<String> {
    fts_query(&Typed::new(input).words(), false)
}

/// [`fts_words`] for the customer index, where a word in Latin letters may instead start a
/// word of a name's Latin spelling ([`or_latin`]): the search finds `Νίκος` by `nikos`.
#[cfg(test)]
pub(in crate::store) fn fts_customer_words(input: &str) -> Option<String> {
    fts_query(&Typed::new(input).words(), true)
}

fn fts_query(words: &[&str], latin: bool) -> Option<String> {
    let last = words.len().checked_sub(1)?;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let term = fts_term(w, if i == last { "*" } else { "" });
            if latin { or_latin(term, w) } else { term }
        })
        .collect();
    // (FTS5 reads two words side by side as both, but not two parenthesized groups.)
    Some(terms.join(" AND "))
}

/// One typed word (folded) as a name lookup matches it: a word of the name starting with it,
/// or a word of the name's Latin spelling (`customers.name_latin`) starting with its loose
/// form, so `nikos` finds `Νίκος` and `dmitry` `Дмитрий`.
pub(super) fn name_term(word: &str) -> String {
    or_latin(format!("name : {}", fts_term(word, "*")), word)
}

/// `term`, or the Latin spelling of a name starting with the typed word's loose form
/// ([`text::typed_latin`]: a prefix in the `latin` column); `term` alone for a word in
/// another script, which only the name itself can match.
fn or_latin(term: String, word: &str) -> String {
    match text::typed_latin(word) {
        Some(loose) => format!("({term} OR latin : \"{}\"*)", loose.replace('"', "")),
        None => term,
    }
}

/// One typed word as an FTS5 term: the phrase (with `star`, `*` for a prefix), or the
/// spellings the index may hold it in ([`text::index_variants`]) joined by OR.
pub(super) fn fts_term(word: &str, star: &str) -> String {
    let variants = text::index_variants(&word.replace('"', ""));
    if let [one] = variants.as_slice() {
        format!("\"{one}\"{star}")
    } else {
        let alts: Vec<String> = variants.iter().map(|v| format!("\"{v}\"{star}")).collect();
        format!("({})", alts.join(" OR "))
    }
}

impl Store {
    /// Customers whose name has a word starting with each typed word (accents ignored), or,
    /// typed in a script written without spaces, whose name holds the typed letters anywhere,
    /// spaces aside ([`name_ids_sql`]: `王伟` finds `王伟华` and `王 伟`, and `伟` both). When
    /// none is found, names whose letters start with the typed letters, punctuation and
    /// spaces aside: `budimex sa` finds `Budimex S.A.`, `acme sp z oo` `Acme Sp. z o.o.`.
    pub fn customers_by_name(&self, words: &str, limit: usize) -> Result<Vec<Candidate>> {
        let typed = Typed::new(words);
        let words = typed.words();
        let Some(q) = name_prefix_query(words.iter().copied()) else {
            return Ok(Vec::new());
        };
        let tight = grams_query(&typed.folded);
        let sql = format!(
            "{CANDIDATE} WHERE c.id IN ({ids}) ORDER BY c.name_key, c.name, c.id LIMIT ?2",
            ids = name_ids_sql(1, tight.is_some().then_some((3, 4)))
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows: Vec<Candidate> = match &tight {
            Some((grams, letters)) => {
                stmt.query_map(params![q, limit as i64, grams, letters], map)?
            }
            None => stmt.query_map(params![q, limit as i64], map)?,
        }
        .collect::<rusqlite::Result<_>>()?;
        if !rows.is_empty() || tight.is_some() {
            return Ok(rows);
        }
        let [first, _, ..] = words.as_slice() else {
            return Ok(rows);
        };
        // Names with the first word, read through for the letters (a few hundred at most
        // are read: a first word that common names no company written with dots).
        let Some(q) = name_prefix_query([*first]) else {
            return Ok(rows);
        };
        let letters = text::org_key(typed.input);
        let mut out = rows;
        if out.len() >= limit {
            return Ok(out);
        }
        let mut seen: HashSet<CustomerId> = out.iter().map(|c| c.id).collect();
        for c in stmt.query_map(params![q, 500], map)? {
            let c = c?;
            if text::org_key(&c.name).starts_with(&letters) && seen.insert(c.id) {
                out.push(c);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Customers whose notes keep another name ([`text::ALSO_KNOWN_AS`]) that has a word
    /// starting with each typed word: a namesake an import or merge folded into them. In
    /// name order, each with that name in [`Candidate::aka`].
    pub fn customers_by_other_name(&self, words: &str, limit: usize) -> Result<Vec<Candidate>> {
        let typed = Typed::new(words);
        let terms: Vec<String> = typed.words().iter().map(|w| fts_term(w, "*")).collect();
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.notes FROM customers c
             WHERE c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?1)
               AND (c.notes LIKE '%also known as:%' OR c.notes LIKE '%phonetic name:%')
             ORDER BY c.name_key, c.name, c.id",
        )?;
        let mut rows = stmt.query([format!("notes : ({})", terms.join(" AND "))])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            let notes: String = r.get(1)?;
            let Some(aka) = text::other_names(&notes).find(|n| text::words_start_words(words, n))
            else {
                continue;
            };
            let aka = aka.to_string();
            if let Some(c) = self.candidate(CustomerId(r.get(0)?))? {
                found.push(Candidate {
                    aka: Some(aka),
                    ..c
                });
                if found.len() == limit {
                    break;
                }
            }
        }
        Ok(found)
    }

    /// Customers with this email (case-insensitive).
    pub fn customers_by_email(&self, email: &str) -> Result<Vec<Candidate>> {
        let sql = format!(
            "{CANDIDATE} WHERE c.id IN (SELECT customer_id FROM contact_points WHERE kind = 'email' AND norm = ?1)
             ORDER BY c.id"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map([email.trim().to_lowercase()], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Customers with this phone number: the same digits, or the same last
    /// [`text::PHONE_TAIL`] digits
    /// (so `600 100 200` finds `+48 600 100 200`).
    pub fn customers_by_phone(&self, phone: &str) -> Result<Vec<Candidate>> {
        let digits = text::phone_norm(phone);
        if digits.len() < 3 {
            return Ok(Vec::new());
        }
        let tail: String = digits
            .chars()
            .skip(digits.len().saturating_sub(text::PHONE_TAIL))
            .collect();
        let sql = format!(
            "{CANDIDATE} WHERE c.id IN (SELECT customer_id FROM contact_points WHERE kind = 'phone'
               AND (norm = ?1 OR (length(?2) >= 7 AND substr(norm, -length(?2)) = ?2)))
             ORDER BY c.id"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![digits, tail], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One candidate by id.
    pub fn candidate(&self, id: CustomerId) -> Result<Option<Candidate>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(&format!("{CANDIDATE} WHERE c.id = ?1"))?
            .query_row([id.0], map)
            .optional()?)
    }

    /// Every customer's id, name and the Latin spelling of a name in another script
    /// (empty for most), for fuzzy suggestions (names only, no profiles).
    pub fn for_each_name(&self, mut f: impl FnMut(CustomerId, &str, &str)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, name_latin FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (name, latin): (String, String) = (r.get(1)?, r.get(2)?);
            f(CustomerId(r.get(0)?), &name, &latin);
        }
        Ok(())
    }

    /// Customers whose title, address, email, phone or web address holds every typed word
    /// (anywhere in it, accents and case ignored), one hit per customer, in name order. A
    /// typed phone number matches by its digits, however either is spaced, and without a
    /// national trunk `0` (`0687 509 655` finds `+34 687 509 655`). Not in the full-text
    /// index, whose bulk rebuild these fields would slow: `SQLite` narrows the rows with
    /// `LIKE` (ASCII text; text with other letters always goes through), Rust folds the rest.
    fn search_details(&self, typed: &Typed<'_>, limit: usize) -> Result<Vec<SearchHit>> {
        let words = typed.words();
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let digits = match text::phone_like_digits(typed.input.trim()) {
            Some(n) if n >= 3 => {
                let norm = text::phone_norm(typed.input);
                norm.trim_start_matches('0').to_string()
            }
            _ => String::new(),
        };
        // Each word as a LIKE pattern: folded words hold only letters and digits, so no
        // `%` or `_`; a non-ASCII word matches only non-ASCII text, which always passes.
        let patterns: Vec<String> = words.iter().map(|w| format!("%{w}%")).collect();
        let narrowed = |column: &str| {
            let each: Vec<String> = (1..=words.len())
                .map(|i| {
                    format!(
                        "({column} LIKE ?{i} OR length({column}) <> length(CAST({column} AS BLOB)))"
                    )
                })
                .collect();
            format!("({column} IS NOT NULL AND {})", each.join(" AND "))
        };
        let d = words.len() + 1;
        let sql = format!(
            "SELECT c.id, c.name, 'title', c.title, NULL FROM customers c WHERE {title}
             UNION ALL
             SELECT c.id, c.name, 'address', c.address, NULL FROM customers c WHERE {address}
             UNION ALL
             SELECT c.id, c.name, p.kind, p.value, p.norm FROM contact_points p
               JOIN customers c ON c.id = p.customer_id
             WHERE {value} OR (p.kind = 'phone' AND ?{d} <> '' AND instr(p.norm, ?{d}) > 0)",
            title = narrowed("c.title"),
            address = narrowed("c.address"),
            value = narrowed("p.value"),
        );
        // One statement per number of words (at most 16): cached like the others.
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut args: Vec<&dyn rusqlite::ToSql> =
            patterns.iter().map(|p| p as &dyn rusqlite::ToSql).collect();
        args.push(&digits);
        let mut rows = stmt.query(args.as_slice())?;
        let mut hits: Vec<(String, SearchHit)> = Vec::new();
        let mut seen = HashSet::new();
        while let Some(r) = rows.next()? {
            let id = CustomerId(r.get(0)?);
            let (kind, value): (String, String) = (r.get(2)?, r.get(3)?);
            let marked = if let Some(ranges) = text::find_folded(&value, &words) {
                text::marked(&value, &ranges, 20)
            } else if kind == "phone"
                && !digits.is_empty()
                && r.get::<_, Option<String>>(4)?
                    .is_some_and(|n| n.contains(&digits))
            {
                text::Marked::whole(&value)
            } else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            let name: String = r.get(1)?;
            hits.push((
                text::name_key(&name),
                SearchHit {
                    customer_id: id,
                    customer_name: name,
                    interaction_id: None,
                    field: match kind.as_str() {
                        "url" => "web".to_string(),
                        _ => kind,
                    },
                    snippet: marked.text,
                    hit: marked.hit,
                    occurred_at: None,
                },
            ));
        }
        hits.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(hits.into_iter().take(limit).map(|(_, h)| h).collect())
    }

    /// Full text over names, profiles and interaction notes; best matches first. More than
    /// [`typed::MAX_WORDS`] words are refused ([`super::StoreError::Invalid`], naming the limit).
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.search_with(input, limit, true)
    }

    /// [`Store::search`] as it was before schema v22, reading every notes and history text
    /// for a word in a script written without spaces: what the index must give the same as.
    #[cfg(test)]
    pub(in crate::store) fn search_scanning(
        &self,
        input: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        self.search_with(input, limit, false)
    }

    /// [`Store::search`], the texts in scripts written without spaces read through their
    /// index or not ([`Store::search_unspaced`]).
    fn search_with(&self, input: &str, limit: usize, indexed: bool) -> Result<Vec<SearchHit>> {
        let typed = Typed::new(input);
        if let Some(refused) = typed.too_many() {
            return Err(refused);
        }
        let words = typed.words();
        let (Some(q), Some(customers_q)) = (fts_query(&words, false), fts_query(&words, true))
        else {
            return Ok(Vec::new());
        };
        let mut hits = Hits::new();
        // A column filter in a subquery tells name hits from profile hits (`customers_fts.name
        // MATCH` inside an expression fails at run time: "unable to use function MATCH").
        let mut stmt = self.conn.prepare_cached(SEARCH_CUSTOMERS)?;
        let rows = stmt.query_map(params![customers_q, limit as i64], |r| {
            let (name, notes, needs): (String, String, String) = (r.get(1)?, r.get(4)?, r.get(5)?);
            let snippet: String = r.get(2)?;
            let field: String = r.get(3)?;
            // A name found by its Latin spelling (`nikos` for `Νίκος`) is shown whole, as
            // the hit: the spelling is a matching key, not something the user wrote.
            let marked = match own_letters_in(&snippet, &[&name, &notes, &needs]) {
                Some(s) => s,
                None if field == "name" => text::Marked::whole(&name),
                None => shown(&snippet),
            };
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                snippet: marked.text,
                hit: marked.hit,
                customer_name: name,
                interaction_id: None,
                field,
                occurred_at: None,
            })
        })?;
        for hit in rows {
            hits.push(hit?);
        }
        for hit in self.search_tight_names(&typed, limit)? {
            hits.push_new(hit);
        }
        let found: HashSet<CustomerId> = hits.list.iter().map(|h| h.customer_id).collect();
        for hit in self.search_details(&typed, limit.saturating_sub(hits.len()))? {
            if !found.contains(&hit.customer_id) {
                hits.push(hit);
            }
        }
        let mut stmt = self.conn.prepare_cached(SEARCH_INTERACTIONS)?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            let (summary, notes): (String, String) = (r.get(6)?, r.get(7)?);
            let marked = own_letters(&r.get::<_, String>(4)?, &[&summary, &notes]);
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: r.get(1)?,
                interaction_id: Some(InteractionId(r.get(2)?)),
                field: r.get(3)?,
                snippet: marked.text,
                hit: marked.hit,
                occurred_at: opt_ts(r.get(5)?),
            })
        })?;
        for hit in rows {
            hits.push(hit?);
        }
        let mut stmt = self.conn.prepare_cached(SEARCH_FOLLOW_UPS)?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            let status: String = r.get(3)?;
            let what: String = r.get(4)?;
            let marked = own_letters(&r.get::<_, String>(2)?, &[&what]);
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: r.get(1)?,
                interaction_id: None,
                field: if status == "open" {
                    "follow-up".into()
                } else {
                    format!("follow-up ({status})")
                },
                snippet: marked.text,
                hit: marked.hit,
                occurred_at: None,
            })
        })?;
        for hit in rows {
            hits.push(hit?);
        }
        self.search_unspaced(&words, &mut hits, limit, indexed)?;
        let mut hits = hits.list;
        hits.truncate(limit);
        Ok(hits)
    }
}
