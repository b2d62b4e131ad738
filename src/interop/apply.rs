//! Incoming records into the store: match against existing customers (UID, email, phone,
//! normalized name — in that order), then create, or merge by rule: fill empty fields,
//! keep both values as extra contact points, add tags. A name alone does not match when
//! both sides have emails (or both phones) and none is shared: that is a namesake; a phone
//! does not match when both sides have emails and none is shared: that is a colleague.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Incoming, new_uid};
use crate::domain::text::phone_digits;
use crate::domain::{ContactKind, CustomerId, CustomerKind};
use crate::store::{CustomerPatch, NewCustomer, Result, Writer};

const HAS_KIND: &str =
    "SELECT EXISTS(SELECT 1 FROM contact_points WHERE customer_id = ?1 AND kind = ?2)";

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
    /// Folded-name hash -> customers of that name, with whether they have emails / phones.
    names: HashMap<u64, Vec<Cand>>,
    orgs: HashMap<String, CustomerId>,
    tag_ids: HashMap<String, i64>,
    loaded: bool,
    /// Organizations created for people's company names.
    pub orgs_created: usize,
}

/// A customer a name may match: its id and whether it has an email and a phone.
#[derive(Debug, Clone, Copy)]
struct Cand {
    id: i64,
    email: bool,
    phone: bool,
}

fn name_key(kind: CustomerKind, name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.as_str().hash(&mut h);
    crate::domain::text::fold(name).hash(&mut h);
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
            tag_ids: HashMap::new(),
            loaded: false,
            orgs_created: 0,
        }
    }

    fn load(&mut self, w: &Writer<'_>) -> Result<()> {
        if self.loaded {
            return Ok(());
        }
        self.loaded = true;
        let mut stmt = w.conn().prepare(
            "SELECT id, kind, name,
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'email'),
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'phone')
             FROM customers c",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: CustomerKind = r.get(1)?;
            let name: String = r.get(2)?;
            self.names
                .entry(name_key(kind, &name))
                .or_default()
                .push(Cand {
                    id: r.get(0)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                });
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
        for (kind, by, sql) in [
            (
                ContactKind::Email,
                MatchBy::Email,
                "SELECT min(customer_id) FROM contact_points WHERE kind = 'email' AND norm = ?1",
            ),
            (
                ContactKind::Phone,
                MatchBy::Phone,
                "SELECT min(customer_id) FROM contact_points WHERE kind = 'phone' AND norm = ?1",
            ),
        ] {
            let mut by_norm = conn.prepare_cached(sql)?;
            for cp in inc.contacts.iter().filter(|c| c.kind == kind) {
                let norm = crate::domain::ContactPoint::normalized(kind, &cp.value);
                if kind == ContactKind::Phone && phone_digits(&norm).len() < 6 {
                    continue;
                }
                let id: Option<i64> = by_norm.query_row([norm], |r| r.get(0))?;
                if let Some(id) = id {
                    // A shared phone (an office line) with different emails on both sides
                    // is a colleague, not the same person.
                    let colleague = by == MatchBy::Phone
                        && inc.contacts.iter().any(|c| c.kind == ContactKind::Email)
                        && conn
                            .prepare_cached(HAS_KIND)?
                            .query_row(params![id, ContactKind::Email], |r| r.get::<_, bool>(0))?;
                    if !colleague {
                        return Ok(Some((CustomerId(id), by)));
                    }
                }
            }
        }
        if let Some(cands) = self.names.get(&name_key(inc.kind, &inc.name)) {
            // Two people of one name are different people when both have emails (or both
            // phones) and share none: no email or phone matched above. (The key is a 64-bit
            // hash of the folded name; a collision between two different names is negligible.)
            let email = inc.contacts.iter().any(|c| c.kind == ContactKind::Email);
            let phone = inc.contacts.iter().any(|c| c.kind == ContactKind::Phone);
            if let Some(c) = cands
                .iter()
                .find(|c| !((email && c.email) || (phone && c.phone)))
            {
                return Ok(Some((CustomerId(c.id), MatchBy::Name)));
            }
        }
        Ok(None)
    }

    /// Finds an organization by name or creates it.
    pub fn org(&mut self, w: &Writer<'_>, name: &str) -> Result<CustomerId> {
        let key = crate::domain::text::fold(name);
        if let Some(id) = self.orgs.get(&key) {
            return Ok(*id);
        }
        let id = if let Some(id) = w.org_by_name(name)? {
            id
        } else {
            {
                let id = self.create(
                    w,
                    &NewCustomer {
                        kind: CustomerKind::Org,
                        name: name.trim().to_string(),
                        uid: new_uid(),
                        created_at: self.now,
                        ..NewCustomer::default()
                    },
                )?;
                self.orgs_created += 1;
                self.names
                    .entry(name_key(CustomerKind::Org, name))
                    .or_default()
                    .push(Cand {
                        id: id.0,
                        email: false,
                        phone: false,
                    });
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
        let new = NewCustomer {
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
        };
        let id = self.create(w, &new)?;
        self.names
            .entry(name_key(inc.kind, &inc.name))
            .or_default()
            .push(Cand {
                id: id.0,
                email: inc.contacts.iter().any(|c| c.kind == ContactKind::Email),
                phone: inc.contacts.iter().any(|c| c.kind == ContactKind::Phone),
            });
        if inc.kind == CustomerKind::Org {
            self.orgs.insert(crate::domain::text::fold(&inc.name), id);
        }
        Ok(Outcome::Created(id))
    }

    /// Inserts a new customer with its contact points (duplicates within the record
    /// dropped) and tags. Same rows as `Writer::insert_customer`, with statements that stay
    /// prepared across records and positions known up front: bulk imports are dominated by it.
    fn create(&mut self, w: &Writer<'_>, c: &NewCustomer) -> Result<CustomerId> {
        let conn = w.conn();
        conn.prepare_cached(
            "INSERT OR FAIL INTO customers(kind, name, org_id, title, address, notes, needs, needs_updated_at,
               cadence_days, owner, birthday, uid, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', NULL, NULL, NULL, ?7, ?8, ?9, ?9)",
        )?
        .execute(params![
            c.kind,
            c.name,
            c.org_id.map(|o| o.0),
            c.title,
            c.address,
            c.notes,
            c.birthday.map(|d| d.format("%Y-%m-%d").to_string()),
            c.uid,
            c.created_at,
        ])?;
        let id = conn.last_insert_rowid();
        let mut seen: Vec<(ContactKind, String)> = Vec::with_capacity(c.contacts.len());
        let mut insert = conn.prepare_cached(
            "INSERT OR FAIL INTO contact_points(customer_id, kind, value, norm, label, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for cp in &c.contacts {
            let norm = crate::domain::ContactPoint::normalized(cp.kind, &cp.value);
            if seen.iter().any(|(k, n)| *k == cp.kind && *n == norm) {
                continue;
            }
            insert.execute(params![
                id,
                cp.kind,
                cp.value.trim(),
                norm,
                cp.label,
                seen.len() as i64
            ])?;
            seen.push((cp.kind, norm));
        }
        for tag in &c.tags {
            let tag_id = if let Some(t) = self.tag_ids.get(tag) {
                *t
            } else {
                conn.prepare_cached("INSERT OR IGNORE INTO tags(name) VALUES (?1)")?
                    .execute([tag])?;
                let t: i64 = conn
                    .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
                    .query_row([tag], |r| r.get(0))?;
                self.tag_ids.insert(tag.clone(), t);
                t
            };
            conn.prepare_cached(
                "INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, tag_id])?;
        }
        Ok(CustomerId(id))
    }

    fn merge(
        &mut self,
        w: &Writer<'_>,
        id: CustomerId,
        inc: &Incoming,
        org_id: Option<CustomerId>,
        tags: &[String],
    ) -> Result<()> {
        let cur = w.customer(id)?;
        if let Some(c) = self
            .names
            .get_mut(&name_key(cur.kind, &cur.name))
            .and_then(|v| v.iter_mut().find(|c| c.id == id.0))
        {
            c.email |= inc.contacts.iter().any(|x| x.kind == ContactKind::Email);
            c.phone |= inc.contacts.iter().any(|x| x.kind == ContactKind::Phone);
        }
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
