//! Search in scripts written without spaces between words (Chinese, Japanese, Korean, Thai):
//! names through the index of their pieces (`name_grams_fts`), other text read through.

use rusqlite::params;

use super::super::row::opt_ts;
use super::super::{Result, Store};
use super::{Hits, SearchHit, Typed, text_grams};
use crate::domain::{CustomerId, InteractionId, text};

/// Names in a script written without spaces holding the typed letters ([`tight_sql`]: the
/// query `?1`, the letters `?2`), in name order, at most `?3`.
pub(in crate::store) fn search_tight_names_sql() -> String {
    format!(
        "{} ORDER BY t.name_key, t.name, t.id LIMIT ?3",
        tight_sql("t.id, t.name", 1, 2)
    )
}

/// `SELECT {columns}` of the customers `t` whose name is in a script written without spaces
/// and holds the typed letters anywhere, spaces aside: their pieces ([`text::name_grams`])
/// have each of the query `?{grams}` ([`grams_query`]), and their tight form the letters
/// `?{letters}`. An index look-up: no name is read that does not have the letters.
fn tight_sql(columns: &str, grams: usize, letters: usize) -> String {
    format!(
        "SELECT {columns} FROM name_grams_fts g JOIN customers t ON t.id = g.rowid
         WHERE name_grams_fts MATCH ?{grams} AND instr(t.name_grams, ?{letters}) > 0"
    )
}

/// The ids of the customers a name lookup finds (`SELECT` of one column): the names with a
/// word starting with each typed word (the FTS query `?{words}`, `name_prefix_query`), and,
/// with `tight`, the names in a script written without spaces that hold the typed letters
/// anywhere, spaces aside (`小明` and `王` find `王小明`, `山田太郎` finds `山田 太郎` and the
/// other way round), the query of their pieces `?{tight.0}` and the letters `?{tight.1}`
/// ([`tight_sql`]). Both are index look-ups.
pub(in crate::store) fn name_ids_sql(words: usize, tight: Option<(usize, usize)>) -> String {
    let fts = format!("SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?{words}");
    match tight {
        None => fts,
        Some((grams, letters)) => format!("{fts} UNION {}", tight_sql("t.id", grams, letters)),
    }
}

/// The typed text (folded) as a name in a script written without spaces holds it, with the
/// query of its pieces ([`text::gram_terms`]): `None` unless it has a letter of such a script.
pub(in crate::store) fn grams_query(folded: &str) -> Option<(String, String)> {
    let tight = text::tight(folded)?;
    let terms = text::gram_terms(&tight);
    Some((terms.join(" AND "), tight))
}

impl Store {
    /// The names in a script written without spaces that hold the typed letters anywhere,
    /// spaces aside ([`name_ids_sql`]: `小明` finds `王小明`, `李小龍` finds `李 小龍`), as
    /// name hits in name order, the letters marked (the whole name when the name has them
    /// only without its spaces). None unless such a letter is typed.
    pub(super) fn search_tight_names(
        &self,
        typed: &Typed<'_>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let Some((grams, letters)) = grams_query(&typed.folded) else {
            return Ok(Vec::new());
        };
        let words = typed.words();
        let mut stmt = self.conn.prepare_cached(&search_tight_names_sql())?;
        let rows = stmt.query_map(params![grams, letters, limit as i64], |r| {
            let name: String = r.get(1)?;
            let marked = match text::find_folded(&name, &words) {
                Some(ranges) => text::marked(&name, &ranges, 20),
                None => text::Marked::whole(&name),
            };
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: name,
                interaction_id: None,
                field: "name".into(),
                snippet: marked.text,
                hit: marked.hit,
                occurred_at: None,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The full-text hits the word index cannot give for a typed word in a script written
    /// without spaces (`展会` in `在上海展会认识`, which that index holds as one word):
    /// profiles, interactions and follow-ups holding each typed word anywhere (names are
    /// [`Store::search_tight_names`]'s). Runs only when such a word is typed. With `indexed`,
    /// reads only the texts the index of their letter pairs (`text_grams_fts`) says may hold
    /// the words; without, reads every text through (what it did before schema v22: the
    /// tests compare the two). Adds to `hits` the ones it has not (up to `limit` in all).
    pub(super) fn search_unspaced(
        &self,
        words: &[&str],
        hits: &mut Hits,
        limit: usize,
        indexed: bool,
    ) -> Result<()> {
        let unspaced: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| w.chars().any(text::is_unspaced_char))
            .collect();
        if unspaced.is_empty() || hits.len() >= limit {
            return Ok(());
        }
        let sql = unspaced_sql(unspaced.len(), indexed);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        // (Read past the rows whose other words are missing: a few times the limit.)
        let read = (limit - hits.len()).saturating_mul(8) as i64;
        let mut args: Vec<&dyn rusqlite::ToSql> =
            unspaced.iter().map(|w| w as &dyn rusqlite::ToSql).collect();
        args.push(&read);
        let grams = text_grams::grams_match(&unspaced);
        if indexed {
            args.push(&grams);
        }
        let mut rows = stmt.query(args.as_slice())?;
        while let Some(r) = rows.next()? {
            let texts: [Option<String>; 2] = [r.get(3)?, r.get(4)?];
            let (id, field) = (CustomerId(r.get(0)?), r.get::<_, String>(2)?);
            // One line, its spaces as one (marked after, so the hit stays where it is).
            let Some(marked) = texts.iter().flatten().find_map(|value| {
                let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                text::find_folded(&value, words).map(|ranges| text::marked(&value, &ranges, 20))
            }) else {
                continue;
            };
            hits.push_new(SearchHit {
                customer_id: id,
                customer_name: r.get(1)?,
                interaction_id: r.get::<_, Option<i64>>(5)?.map(InteractionId),
                field,
                snippet: marked.text,
                hit: marked.hit,
                occurred_at: opt_ts(r.get(6)?),
            });
            if hits.len() == limit {
                break;
            }
        }
        Ok(())
    }
}

/// The SQL [`Store::search_unspaced`] reads the index of letter pairs with, for `count`
/// typed words (tests check its plan: look-ups, no table read through).
#[cfg(test)]
pub(in crate::store) fn unspaced_indexed_sql(count: usize) -> String {
    unspaced_sql(count, true)
}

/// The rows [`Store::search_unspaced`] reads, each of its texts holding each of the `count`
/// words `?1`… (the other words are checked in Rust), at most `?{count + 1}`; with `indexed`,
/// only those the query `?{count + 2}` of `text_grams_fts` finds ([`text_grams::indexed_rows`]),
/// in the same order: each table's rows in id order, customers, interactions, follow-ups.
fn unspaced_sql(count: usize, indexed: bool) -> String {
    // Each such word must be in the column.
    let has = |column: &str| {
        let each: Vec<String> = (1..=count)
            .map(|i| format!("instr({column}, ?{i}) > 0"))
            .collect();
        each.join(" AND ")
    };
    let (n, q) = (count + 1, count + 2);
    // Each table read once, its two texts together (a row is one hit, in the first text
    // that has the words: an interaction's summary before its notes).
    let profile = "c.id, c.name, 'profile', c.notes, c.needs, NULL, NULL";
    let interaction = "i.customer_id, c.name, i.kind, i.summary, i.notes, i.id, i.occurred_at";
    let follow_up = "f.customer_id, c.name,
        CASE f.status WHEN 'open' THEN 'follow-up' ELSE 'follow-up (' || f.status || ')' END,
        f.what, NULL, NULL, NULL";
    let (notes, needs) = (has("c.notes"), has("c.needs"));
    let (summary, inotes, what) = (has("i.summary"), has("i.notes"), has("f.what"));
    let by_customer = "JOIN customers c ON c.id = {}.customer_id";
    if indexed {
        let rows = |table: &str, alias: &str, base: i64| {
            let join = if alias == "c" {
                String::new()
            } else {
                by_customer.replace("{}", alias)
            };
            text_grams::indexed_rows(table, alias, &join, base, q)
        };
        format!(
            "SELECT * FROM (SELECT {profile} {customers} AND (({notes}) OR ({needs}))
               ORDER BY c.id)
             UNION ALL
             SELECT * FROM (SELECT {interaction} {interactions}
               AND (({summary}) OR ({inotes})) ORDER BY i.id)
             UNION ALL
             SELECT * FROM (SELECT {follow_up} {follow_ups} AND ({what}) ORDER BY f.id)
             LIMIT ?{n}",
            customers = rows("customers", "c", text_grams::CUSTOMERS),
            interactions = rows("interactions", "i", text_grams::INTERACTIONS),
            follow_ups = rows("follow_ups", "f", text_grams::FOLLOW_UPS),
        )
    } else {
        format!(
            "SELECT {profile} FROM customers c WHERE ({notes}) OR ({needs})
             UNION ALL
             SELECT {interaction} FROM interactions i {ji} WHERE ({summary}) OR ({inotes})
             UNION ALL
             SELECT {follow_up} FROM follow_ups f {jf} WHERE {what}
             LIMIT ?{n}",
            ji = by_customer.replace("{}", "i"),
            jf = by_customer.replace("{}", "f"),
        )
    }
}
