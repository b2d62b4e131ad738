//! The palette's fuzzy index of customers: ids, names and organizations only, loaded once.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::CustomerId;
use crate::domain::text::fold;
use crate::store::{Result, Store};

/// At most this many customers are indexed (about 12 MB); beyond it the palette still
/// resolves names through the database, only fuzzy suggestions skip the rest.
pub const INDEX_CAP: usize = 500_000;

struct Entry {
    id: CustomerId,
    name: Box<str>,
    org: Option<Box<str>>,
    /// Folded "name org", ASCII for most names so matching needs no conversion.
    hay: Box<str>,
}

/// A customer the index found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Row id.
    pub id: CustomerId,
    /// Name.
    pub name: String,
    /// Organization.
    pub org: Option<String>,
}

/// Names, organizations and ids of every customer, fuzzy-searchable.
pub struct NameIndex {
    entries: Vec<Entry>,
    matcher: Matcher,
    /// The last query and the entries it matched: a longer query only narrows.
    last: Option<(String, Vec<u32>)>,
}

impl NameIndex {
    /// Reads ids, names and organization names (one query).
    pub fn load(store: &Store) -> Result<NameIndex> {
        let mut stmt = store.conn().prepare(
            "SELECT c.id, c.name, o.name FROM customers c LEFT JOIN customers o ON o.id = c.org_id
             ORDER BY c.id LIMIT ?1",
        )?;
        let mut rows = stmt.query([INDEX_CAP as i64])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            let name: String = r.get(1)?;
            let org: Option<String> = r.get(2)?;
            let hay = match &org {
                Some(o) => format!("{} {}", fold(&name), fold(o)),
                None => fold(&name),
            };
            entries.push(Entry {
                id: CustomerId(r.get(0)?),
                name: name.into_boxed_str(),
                org: org.map(String::into_boxed_str),
                hay: hay.into_boxed_str(),
            });
        }
        Ok(NameIndex {
            entries,
            matcher: Matcher::new(Config::DEFAULT),
            last: None,
        })
    }

    /// How many customers are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no customer is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `n` fuzzy matches for typed words, best first (ties by id).
    pub fn top(&mut self, query: &str, n: usize) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() || n == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(&q, CaseMatching::Ignore, Normalization::Smart);
        let narrowing = self
            .last
            .as_ref()
            .is_some_and(|(prev, _)| !prev.is_empty() && q.starts_with(prev.as_str()));
        let candidates: Vec<u32> = match (&self.last, narrowing) {
            (Some((_, prev)), true) => prev.clone(),
            _ => (0..self.entries.len() as u32).collect(),
        };
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, u32)> = Vec::with_capacity(candidates.len().min(4096));
        for i in candidates {
            let e = &self.entries[i as usize];
            if let Some(s) = pattern.score(Utf32Str::new(&e.hay, &mut buf), &mut self.matcher) {
                scored.push((s, i));
            }
        }
        self.last = Some((q, scored.iter().map(|&(_, i)| i).collect()));
        let by_score = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > n {
            scored.select_nth_unstable_by(n, by_score);
            scored.truncate(n);
        }
        scored.sort_unstable_by(by_score);
        scored
            .into_iter()
            .map(|(_, i)| {
                let e = &self.entries[i as usize];
                Hit {
                    id: e.id,
                    name: e.name.to_string(),
                    org: e.org.as_deref().map(str::to_string),
                }
            })
            .collect()
    }
}
