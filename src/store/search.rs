//! Finding customers: by name prefixes, email, phone, id; full text over notes and names.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::customer::name_prefix_query;
use super::row::opt_ts;
use super::{Result, Store};
use crate::domain::{CustomerId, CustomerKind, InteractionId, text};

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
    })
}

/// Builds an FTS query from typed words: every word must appear, the last as a prefix.
pub fn fts_words(input: &str) -> Option<String> {
    let words: Vec<String> = text::fold(input)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut q = words.join(" ");
    q.push('*');
    Some(q)
}

impl Store {
    /// Customers whose name has a word starting with each typed word (accents ignored).
    pub fn customers_by_name(&self, words: &str, limit: usize) -> Result<Vec<Candidate>> {
        let Some(q) = name_prefix_query(words) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "{CANDIDATE} WHERE c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?1)
             ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?2"
        );
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![q, limit as i64], map)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
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

    /// Customers with this phone number: the same digits, or the same last 9 digits
    /// (so `600 100 200` finds `+48 600 100 200`).
    pub fn customers_by_phone(&self, phone: &str) -> Result<Vec<Candidate>> {
        let digits = text::phone_digits(phone);
        if digits.len() < 3 {
            return Ok(Vec::new());
        }
        let tail: String = digits
            .chars()
            .skip(digits.len().saturating_sub(9))
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

    /// Every customer's id and name, for fuzzy suggestions (names only, no profiles).
    pub fn for_each_name(&self, mut f: impl FnMut(CustomerId, &str)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(1)?;
            f(CustomerId(r.get(0)?), &name);
        }
        Ok(())
    }

    /// Full text over names, profiles and interaction notes; best matches first.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_words(input) else {
            return Ok(Vec::new());
        };
        let mut hits = Vec::new();
        // A column filter in a subquery tells name hits from profile hits (`customers_fts.name
        // MATCH` inside an expression fails at run time: "unable to use function MATCH").
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, snippet(customers_fts, -1, '[', ']', '…', 10),
                    CASE WHEN customers_fts.rowid IN
                        (SELECT rowid FROM customers_fts WHERE customers_fts MATCH 'name : (' || ?1 || ')')
                    THEN 'name' ELSE 'profile' END
             FROM customers_fts JOIN customers c ON c.id = customers_fts.rowid
             WHERE customers_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: r.get(1)?,
                interaction_id: None,
                field: r.get(3)?,
                snippet: r.get(2)?,
                occurred_at: None,
            })
        })?;
        hits.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.customer_id, c.name, i.id, i.kind, snippet(interactions_fts, -1, '[', ']', '…', 12),
                    i.occurred_at
             FROM interactions_fts JOIN interactions i ON i.id = interactions_fts.rowid
             JOIN customers c ON c.id = i.customer_id
             WHERE interactions_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: r.get(1)?,
                interaction_id: Some(InteractionId(r.get(2)?)),
                field: r.get(3)?,
                snippet: r.get(4)?,
                occurred_at: opt_ts(r.get(5)?),
            })
        })?;
        hits.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.customer_id, c.name, snippet(follow_ups_fts, -1, '[', ']', '…', 12), f.status
             FROM follow_ups_fts JOIN follow_ups f ON f.id = follow_ups_fts.rowid
             JOIN customers c ON c.id = f.customer_id
             WHERE follow_ups_fts MATCH ?1 ORDER BY f.status <> 'open', rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            let status: String = r.get(3)?;
            Ok(SearchHit {
                customer_id: CustomerId(r.get(0)?),
                customer_name: r.get(1)?,
                interaction_id: None,
                field: if status == "open" {
                    "follow-up".into()
                } else {
                    format!("follow-up ({status})")
                },
                snippet: r.get(2)?,
                occurred_at: None,
            })
        })?;
        hits.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        hits.truncate(limit);
        Ok(hits)
    }
}
