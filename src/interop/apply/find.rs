//! Matching a record against the customers there before and those this import made.

use rusqlite::{OptionalExtension, params};

use super::fingerprint::Cand;
use super::{Applier, MatchBy, norms};
use crate::domain::text::phone_digits;
use crate::domain::{ContactKind, CustomerId, CustomerKind};
use crate::interop::Incoming;
use crate::store::{Result, Writer};

const HAS_KIND: &str =
    "SELECT EXISTS(SELECT 1 FROM contact_points WHERE customer_id = ?1 AND kind = ?2)";

impl Applier {
    pub(super) fn load(&mut self, w: &Writer<'_>) -> Result<()> {
        if self.loaded {
            return Ok(());
        }
        self.loaded = true;
        let conn = w.conn();
        self.had_customers =
            conn.query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?;
        self.had_contacts =
            conn.query_row("SELECT EXISTS(SELECT 1 FROM contact_points)", [], |r| {
                r.get(0)
            })?;
        let mut stmt = conn.prepare(
            "SELECT id, kind, name,
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'email'),
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'phone')
             FROM customers c ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: CustomerKind = r.get(1)?;
            let name: String = r.get(2)?;
            let cand = Cand {
                id: r.get(0)?,
                email: r.get(3)?,
                phone: r.get(4)?,
            };
            if kind == CustomerKind::Org {
                self.orgs
                    .entry(crate::domain::text::org_key(&name))
                    .or_insert(CustomerId(cand.id));
            }
            let k = self.fp.name(kind, &name, &mut self.buf);
            self.add_name(k, cand);
        }
        Ok(())
    }

    pub(super) fn add_name(&mut self, k: u64, cand: Cand) {
        match self.names.entry(k) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(cand.pack());
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.namesakes.entry(k).or_default().push(cand.pack());
            }
        }
    }

    fn candidates(&self, k: u64) -> impl Iterator<Item = Cand> + '_ {
        self.names
            .get(&k)
            .into_iter()
            .chain(self.namesakes.get(&k).into_iter().flatten())
            .map(|v| Cand::unpack(*v))
    }

    /// Remembers the contact points (with their normalized values) and UID a customer now
    /// has, for records that follow.
    pub(super) fn remember(
        &mut self,
        id: i64,
        kinds: impl Iterator<Item = ContactKind>,
        norms: &[String],
        uid: Option<&str>,
    ) {
        for (kind, norm) in kinds.zip(norms) {
            self.keys
                .entry(self.fp.contact(Some(kind), norm))
                .or_insert(id);
        }
        if let Some(uid) = uid {
            self.keys.entry(self.fp.contact(None, uid)).or_insert(id);
        }
    }

    /// Finds the customer an incoming record is, if any.
    pub fn find(
        &mut self,
        w: &Writer<'_>,
        inc: &Incoming,
    ) -> Result<Option<(CustomerId, MatchBy)>> {
        let norms = norms(inc);
        self.find_normed(w, inc, &norms)
    }

    /// [`Self::find`] with the record's contact points already normalized.
    pub(super) fn find_normed(
        &mut self,
        w: &Writer<'_>,
        inc: &Incoming,
        norms: &[String],
    ) -> Result<Option<(CustomerId, MatchBy)>> {
        self.load(w)?;
        self.namesakes_of_last.clear();
        let conn = w.conn();
        if let Some(uid) = &inc.uid {
            let mut id = self.keys.get(&self.fp.contact(None, uid)).copied();
            if id.is_none() && self.had_customers {
                id = conn
                    .prepare_cached("SELECT id FROM customers WHERE uid = ?1")?
                    .query_row([uid], |r| r.get(0))
                    .optional()?;
            }
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
            for (_, norm) in inc
                .contacts
                .iter()
                .zip(norms)
                .filter(|(c, _)| c.kind == kind)
            {
                if kind == ContactKind::Phone && phone_digits(norm).len() < 6 {
                    continue;
                }
                let mut id = self.keys.get(&self.fp.contact(Some(kind), norm)).copied();
                if self.had_contacts {
                    let old: Option<i64> =
                        conn.prepare_cached(sql)?.query_row([norm], |r| r.get(0))?;
                    id = match (id, old) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
                if let Some(id) = id {
                    if by == MatchBy::Phone {
                        self.flush(w)?;
                    }
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
        // Two people of one name are different people when both have emails (or both
        // phones) and share none: no email or phone matched above. (The key is a 64-bit
        // hash of the folded name; a collision between two different names is negligible.)
        let email = inc.contacts.iter().any(|c| c.kind == ContactKind::Email);
        let phone = inc.contacts.iter().any(|c| c.kind == ContactKind::Phone);
        let k = self.fp.name(inc.kind, &inc.name, &mut self.buf);
        let mut ids: Vec<i64> = self
            .candidates(k)
            .filter(|c| !((email && c.email) || (phone && c.phone)))
            .map(|c| c.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // Several customers of that name: which one is a guess, and rolo does not guess.
        // The record becomes a customer of its own, and the caller is told who shares it.
        if ids.len() > 1 {
            self.namesakes_of_last = ids;
            return Ok(None);
        }
        Ok(ids.first().map(|&id| (CustomerId(id), MatchBy::Name)))
    }

    /// The customers whose name the last record looked up shares, when it matched several
    /// and so was not merged into any (empty otherwise); cleared by the call.
    pub fn take_namesakes(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.namesakes_of_last)
    }
}
