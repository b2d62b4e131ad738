//! The palette's fuzzy index of customers: ids, names and organizations only, loaded once.

use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::domain::CustomerId;
use crate::domain::text::{fold, fold_into, other_names, typed_latin};
use crate::store::{Result, Store};

/// At most this many customers are indexed (about 12 MB); beyond it the palette still
/// resolves names through the database, only fuzzy suggestions skip the rest.
pub const INDEX_CAP: usize = 500_000;

struct Entry {
    id: CustomerId,
    name: Box<str>,
    org: Option<Box<str>>,
    /// Folded "name org" and other names, then the name's Latin spelling when it is in
    /// another script (`customers.name_latin`); ASCII for most names so matching needs no
    /// conversion.
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
    /// Earlier queries, each a prefix of the next, with the entries they matched: typing on
    /// only narrows, and Backspace goes back to a cached set instead of a full scan.
    cache: Vec<(String, Vec<u32>)>,
}

/// Entries scanned per thread when a query has no cached prefix.
const CHUNK: usize = 32_768;

/// A typed word, and its loose form ([`typed_latin`]) when that differs, for names with a
/// Latin spelling: `dmitry` is `dmitri` there.
struct Word {
    typed: Utf32String,
    loose: Option<Utf32String>,
}

/// Scores entries against every word of the query with nucleo's greedy fuzzy matcher
/// (no optimal-alignment pass: several times faster, and ranking names needs no more).
/// A word's loose form is tried only where the typed word failed on a hay beyond ASCII,
/// where a Latin spelling can be.
fn score_all(words: &[Word], entries: &[Entry], ids: &[u32]) -> Vec<(u32, u32)> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    'entries: for &i in ids {
        let hay = Utf32Str::new(&entries[i as usize].hay, &mut buf);
        let mut total = 0u32;
        for w in words {
            let score = matcher
                .fuzzy_match_greedy(hay, w.typed.slice(..))
                .or_else(|| match (&w.loose, hay) {
                    (Some(l), Utf32Str::Unicode(_)) => matcher.fuzzy_match_greedy(hay, l.slice(..)),
                    _ => None,
                });
            match score {
                Some(s) => total += u32::from(s),
                None => continue 'entries,
            }
        }
        out.push((total, i));
    }
    out
}

impl NameIndex {
    /// Reads ids, names, organization names and the other names kept in the notes
    /// (`Also known as: …`: typing a namesake merged into a customer lists that customer),
    /// in one scan.
    pub fn load(store: &Store) -> Result<NameIndex> {
        let mut stmt = store.conn().prepare(
            "SELECT c.id, c.name, o.name,
                    CASE WHEN c.notes LIKE '%also known as:%' OR c.notes LIKE '%phonetic name:%'
                         THEN c.notes END,
                    c.name_latin
             FROM customers c LEFT JOIN customers o ON o.id = c.org_id
             ORDER BY c.id LIMIT ?1",
        )?;
        let mut rows = stmt.query([INDEX_CAP as i64])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            let name: String = r.get(1)?;
            let org: Option<String> = r.get(2)?;
            let notes: Option<String> = r.get(3)?;
            let mut hay = String::with_capacity(name.len() + 8);
            fold_into(&name, &mut hay);
            if let Some(o) = &org {
                hay.push(' ');
                fold_into(o, &mut hay);
            }
            for other in notes.as_deref().into_iter().flat_map(other_names) {
                hay.push(' ');
                fold_into(other, &mut hay);
            }
            let latin: String = r.get(4)?;
            if !latin.is_empty() {
                hay.push(' ');
                hay.push_str(&latin);
            }
            entries.push(Entry {
                id: CustomerId(r.get(0)?),
                name: name.into_boxed_str(),
                org: org.map(String::into_boxed_str),
                hay: hay.into_boxed_str(),
            });
        }
        Ok(NameIndex {
            entries,
            cache: Vec::new(),
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
        let words: Vec<Word> = q
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| Word {
                typed: Utf32String::from(w),
                loose: typed_latin(w).filter(|l| l != w).map(Utf32String::from),
            })
            .collect();
        let pattern = &words;
        while self
            .cache
            .last()
            .is_some_and(|(prev, _)| !q.starts_with(prev.as_str()))
        {
            self.cache.pop();
        }
        let all: Vec<u32>;
        let ids: &[u32] = if let Some((_, ids)) = self.cache.last() {
            ids
        } else {
            all = (0..self.entries.len() as u32).collect();
            &all
        };
        let mut scored = if ids.len() <= CHUNK {
            score_all(pattern, &self.entries, ids)
        } else {
            // Two cores: score halves in parallel.
            let (first, second) = ids.split_at(ids.len() / 2);
            let entries = &self.entries;
            std::thread::scope(|scope| {
                let handle = scope.spawn(move || score_all(pattern, entries, second));
                let mut left = score_all(pattern, entries, first);
                left.extend(handle.join().unwrap_or_default());
                left
            })
        };
        if self.cache.len() >= 32 {
            self.cache.clear();
        }
        if self.cache.last().is_none_or(|(prev, _)| *prev != q) {
            self.cache
                .push((q, scored.iter().map(|&(_, i)| i).collect()));
        }
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
