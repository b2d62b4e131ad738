//! Incoming records into the store: match against existing customers (UID, email, phone,
//! normalized name — in that order), then create, or merge by rule: fill empty fields,
//! keep both values as extra contact points, add tags.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Incoming, new_uid};
use crate::domain::text::{fold, phone_digits};
use crate::domain::{ContactKind, CustomerId, CustomerKind};
use crate::store::{CustomerPatch, NewCustomer, Result, Writer};

/// Why an incoming record was merged into an existing customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchBy {
    /// Same stable UID.
    Uid,
    /// Same email address.
    Email,
    /// Same phone number (digits).
    Phone,
    /// Same name once folded (case, accents, punctuation).
    Name,
}

impl MatchBy {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchBy::Uid => "same UID",
            MatchBy::Email => "same email",
            MatchBy::Phone => "same phone",
            MatchBy::Name => "same name",
        }
    }
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new customer.
    Created(CustomerId),
    /// Merged into an existing one.
    Merged(CustomerId, MatchBy),
}

/// Matching and writing state for one import.
pub struct Applier {
    now: i64,
    extra_tags: Vec<String>,
    names: HashMap<u64, Vec<i64>>,
    orgs: HashMap<String, CustomerId>,
    loaded: bool,
    /// Organizations created for people's company names.
    pub orgs_created: usize,
}

fn name_key(kind: CustomerKind, name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.as_str().hash(&mut h);
    fold(name).hash(&mut h);
    h.finish()
}

impl Applier {
    /// A new applier; `extra_tags` (from `--tag`) go on every record.
    pub fn new(now: i64, extra_tags: Vec<String>) -> Self {
        Applier {
            now,
            extra_tags,
            names: HashMap::new(),
            orgs: HashMap::new(),
            loaded: false,
            orgs_created: 0,
        }
    }

    fn load(&mut self, w: &Writer<'_>) -> Result<()> {
        if self.loaded {
            return Ok(());
        }
        self.loaded = true;
        let mut stmt = w.conn().prepare("SELECT id, kind, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: CustomerKind = r.get(1)?;
            let name: String = r.get(2)?;
            self.names
                .entry(name_key(kind, &name))
                .or_default()
                .push(r.get(0)?);
        }
        Ok(())
    }

    /// Finds the customer an incoming record is, if any.
    pub fn find(
        &mut self,
        w: &Writer<'_>,
        inc: &Incoming,
    ) -> Result<Option<(CustomerId, MatchBy)>> {
        self.load(w)?;
        let conn = w.conn();
        if let Some(uid) = &inc.uid {
            let id: Option<i64> = conn
                .prepare_cached("SELECT id FROM customers WHERE uid = ?1")?
                .query_row([uid], |r| r.get(0))
                .optional()?;
            if let Some(id) = id {
                return Ok(Some((CustomerId(id), MatchBy::Uid)));
            }
        }
        let mut by_norm = conn.prepare_cached(
            "SELECT customer_id FROM contact_points WHERE kind = ?1 AND norm = ?2 ORDER BY customer_id LIMIT 1",
        )?;
        for (kind, by) in [
            (ContactKind::Email, MatchBy::Email),
            (ContactKind::Phone, MatchBy::Phone),
        ] {
            for cp in inc.contacts.iter().filter(|c| c.kind == kind) {
                let norm = crate::domain::ContactPoint::normalized(kind, &cp.value);
                if kind == ContactKind::Phone && phone_digits(&norm).len() < 6 {
                    continue;
                }
                let id: Option<i64> = by_norm
                    .query_row(params![kind, norm], |r| r.get(0))
                    .optional()?;
                if let Some(id) = id {
                    return Ok(Some((CustomerId(id), by)));
                }
            }
        }
        if let Some(ids) = self.names.get(&name_key(inc.kind, &inc.name)) {
            let want = fold(&inc.name);
            let mut stmt = conn.prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
            for &id in ids {
                let name: Option<String> = stmt.query_row([id], |r| r.get(0)).optional()?;
                if name.is_some_and(|n| fold(&n) == want) {
                    return Ok(Some((CustomerId(id), MatchBy::Name)));
                }
            }
        }
        Ok(None)
    }

    /// Finds an organization by name or creates it.
    pub fn org(&mut self, w: &Writer<'_>, name: &str) -> Result<CustomerId> {
        let key = fold(name);
        if let Some(id) = self.orgs.get(&key) {
            return Ok(*id);
        }
        let id = if let Some(id) = w.org_by_name(name)? {
            id
        } else {
            {
                let id = w.insert_customer(&NewCustomer {
                    kind: CustomerKind::Org,
                    name: name.trim().to_string(),
                    uid: new_uid(),
                    created_at: self.now,
                    ..NewCustomer::default()
                })?;
                self.orgs_created += 1;
                self.names
                    .entry(name_key(CustomerKind::Org, name))
                    .or_default()
                    .push(id.0);
                id
            }
        };
        self.orgs.insert(key, id);
        Ok(id)
    }

    /// Creates or merges one record.
    pub fn apply(&mut self, w: &Writer<'_>, inc: &Incoming) -> Result<Outcome> {
        let found = self.find(w, inc)?;
        let org_id = match &inc.org {
            Some(o) if inc.kind == CustomerKind::Person => Some(self.org(w, o)?),
            _ => None,
        };
        let mut tags = inc.tags.clone();
        for t in &self.extra_tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        if let Some((id, by)) = found {
            self.merge(w, id, inc, org_id, &tags)?;
            return Ok(Outcome::Merged(id, by));
        }
        let id = w.insert_customer(&NewCustomer {
            kind: inc.kind,
            name: inc.name.clone(),
            org_id,
            title: inc.title.clone(),
            address: inc.address.clone(),
            notes: inc.notes.clone(),
            birthday: inc.birthday,
            contacts: inc.contacts.clone(),
            tags,
            uid: inc.uid.clone().unwrap_or_else(new_uid),
            created_at: self.now,
            ..NewCustomer::default()
        })?;
        self.names
            .entry(name_key(inc.kind, &inc.name))
            .or_default()
            .push(id.0);
        if inc.kind == CustomerKind::Org {
            self.orgs.insert(fold(&inc.name), id);
        }
        Ok(Outcome::Created(id))
    }

    fn merge(
        &self,
        w: &Writer<'_>,
        id: CustomerId,
        inc: &Incoming,
        org_id: Option<CustomerId>,
        tags: &[String],
    ) -> Result<()> {
        let cur = w.customer(id)?;
        let mut p = CustomerPatch::default();
        if cur.title.is_none() && inc.title.is_some() {
            p.title = Some(inc.title.clone());
        }
        if cur.address.is_none() && inc.address.is_some() {
            p.address = Some(inc.address.clone());
        }
        if cur.birthday.is_none() && inc.birthday.is_some() {
            p.birthday = Some(inc.birthday);
        }
        if cur.org_id.is_none() && org_id.is_some() && org_id != Some(id) {
            p.org_id = Some(org_id);
        }
        let extra = inc.notes.trim();
        if !extra.is_empty() && !cur.notes.contains(extra) {
            p.notes = Some(if cur.notes.trim().is_empty() {
                extra.to_string()
            } else {
                format!("{}\n{extra}", cur.notes.trim_end())
            });
        }
        p.add_contacts.clone_from(&inc.contacts);
        p.add_tags = tags
            .iter()
            .filter(|t| !cur.tags.contains(t))
            .cloned()
            .collect();
        // A name is never overwritten: the record that matched may spell it differently.
        w.update_customer(id, &p, self.now)?;
        Ok(())
    }
}
