//! Resolving what the user typed to one customer — or to a choice, never a guess.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::CustomerRef;
use crate::domain::text::fold;
use crate::store::{Candidate, Result, Store};

/// How many candidates an ambiguous reference lists.
pub const MAX_CANDIDATES: usize = 10;

/// The outcome of resolving a customer reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one customer.
    Unique(Candidate),
    /// Several customers; the first few, and how many in all.
    Ambiguous(Vec<Candidate>, usize),
    /// None; close names as suggestions.
    NotFound(Vec<Candidate>),
}

fn looks_like_phone(s: &str) -> bool {
    crate::domain::text::phone_like_digits(s).is_some_and(|d| d >= 5)
}

/// Resolves `#id`, an email, a phone number or name words (prefixes, any order, accents
/// ignored). A full name typed exactly picks that customer even when it is also the
/// prefix of others ("Anna Nowak" vs "Anna Nowakowska"); nothing else is chosen for the user.
pub fn resolve(store: &Store, r: &CustomerRef) -> Result<Resolution> {
    let text = match r {
        CustomerRef::Id(id) => {
            return Ok(match store.candidate(*id)? {
                Some(c) => Resolution::Unique(c),
                None => Resolution::NotFound(Vec::new()),
            });
        }
        CustomerRef::Text(t) => t.trim(),
    };
    let found = if text.contains('@') {
        store.customers_by_email(text)?
    } else if looks_like_phone(text) {
        store.customers_by_phone(text)?
    } else {
        // One more than shown, to know whether there are more.
        store.customers_by_name(text, 200)?
    };
    Ok(match found.len() {
        0 => Resolution::NotFound(not_found(store, text, || suggest(store, text, 3))?),
        1 => found
            .into_iter()
            .next()
            .map_or(Resolution::NotFound(Vec::new()), Resolution::Unique),
        _ => {
            let folded = fold(text);
            let exact: Vec<&Candidate> = found.iter().filter(|c| fold(&c.name) == folded).collect();
            if let [one] = exact.as_slice() {
                Resolution::Unique((*one).clone())
            } else {
                let total = if found.len() >= 200 {
                    store.count_customers(&crate::store::ListFilter {
                        name: Some(text.to_string()),
                        ..Default::default()
                    })?
                } else {
                    found.len()
                };
                let mut shown = found;
                shown.truncate(MAX_CANDIDATES);
                Resolution::Ambiguous(shown, total)
            }
        }
    })
}

/// What to suggest for words that matched no customer (at most 3): first the customers
/// who are also known by such a name (a namesake merged into them), then the `close`
/// names (the palette finds them in its own index). Only suggested: the name in the notes
/// may be a different person who shared an email.
pub fn not_found(
    store: &Store,
    text: &str,
    close: impl FnOnce() -> Result<Vec<Candidate>>,
) -> Result<Vec<Candidate>> {
    let mut out = if text.contains('@') || looks_like_phone(text) {
        Vec::new()
    } else {
        store.customers_by_other_name(text, 3)?
    };
    for c in close()? {
        if out.len() < 3 && !out.iter().any(|o| o.id == c.id) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Close names for something that matched nothing: fuzzy subsequence matches first,
/// then names one or two typos away; a name in another script by its Latin spelling too.
pub fn suggest(store: &Store, text: &str, limit: usize) -> Result<Vec<Candidate>> {
    let query = fold(text);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut at: Vec<u32> = Vec::new();
    // A match strewn over a long name is none (`nikos` in `anna marIa KOwalSka`): the
    // letters found span at most about twice the typed ones.
    let span = 2 * query.chars().count() as u32 + 2;
    let mut scored: Vec<(u32, crate::domain::CustomerId)> = Vec::new();
    store.for_each_name(|id, name, latin| {
        // A name in another script is matched by its Latin spelling too (`dmityr`).
        let mut folded = fold(name);
        if !latin.is_empty() {
            folded.push(' ');
            folded.push_str(latin);
        }
        let hay = Utf32Str::new(&folded, &mut buf);
        let score = pattern
            .score(hay, &mut matcher)
            .filter(|_| {
                at.clear();
                pattern.indices(hay, &mut matcher, &mut at);
                at.iter()
                    .max()
                    .zip(at.iter().min())
                    .is_some_and(|(hi, lo)| hi - lo < span)
            })
            .map(|s| s + 1000)
            .or_else(|| typo_score(&query, &folded));
        if let Some(s) = score {
            scored.push((s, id));
        }
    })?;
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = Vec::new();
    for (_, id) in scored.into_iter().take(limit) {
        if let Some(c) = store.candidate(id)? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Scores a name whose words are each within a small edit distance of the typed words.
fn typo_score(query: &str, name: &str) -> Option<u32> {
    let name_words: Vec<&str> = name.split(' ').collect();
    let mut total = 0;
    for q in query.split(' ') {
        let allowed = if q.chars().count() >= 6 { 2 } else { 1 };
        let best = name_words
            .iter()
            .map(|w| {
                // Compare with the word's prefix of similar length, so "kowalsk" ~ "kowalska".
                let prefix: String = w.chars().take(q.chars().count() + 1).collect();
                edit_distance(q, w).min(edit_distance(q, &prefix))
            })
            .min()?;
        if best > allowed {
            return None;
        }
        total += best;
    }
    Some(100u32.saturating_sub(total as u32 * 10))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kowalska", "kowalska"), 0);
        assert_eq!(edit_distance("kowlaska", "kowalska"), 2);
        assert_eq!(edit_distance("ana", "anna"), 1);
    }

    #[test]
    fn typo_score_accepts_small_typos_only() {
        assert!(typo_score("ana kowalsk", "anna kowalska").is_some());
        assert!(typo_score("bob", "anna kowalska").is_none());
    }

    #[test]
    fn looks_like_phone_needs_digits() {
        assert!(looks_like_phone("+48 600 100 200"));
        assert!(!looks_like_phone("anna"));
        assert!(!looks_like_phone("123"));
    }
}
