//! Incoming records into the store: match against existing customers (UID, email, phone,
//! normalized name — in that order), then create, or merge by rule: fill empty fields,
//! keep both values as extra contact points, add tags. A name alone does not match when
//! both sides have emails (or both phones) and none is shared: that is a namesake; a phone
//! does not match when both sides have emails and none is shared: that is a colleague. A
//! name shared by several customers matches none of them (which one would be a guess): the
//! record is created and the report names them.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use rusqlite::{OptionalExtension, ToSql, params};
use serde::Serialize;

use super::Incoming;
use crate::domain::customer::new_uid;
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
    /// Merged into an existing one, which it changed (a field filled, a contact point or
    /// a tag added): what it added, in words (`phone +48 601 234 567`, `tag vip`, `notes`).
    Merged(CustomerId, MatchBy, Vec<String>),
    /// The same as an existing one: nothing in it was new (a file imported again).
    Unchanged(CustomerId, MatchBy),
}

/// Matching and writing state for one import.
///
/// What this import created (and contact points it added) is matched from memory: a bulk
/// import into empty tables sets their lookup indexes aside, and even with them an index
/// seek per record is the bulk of a large import. The database is asked only about what
/// was there before.
pub struct Applier {
    now: i64,
    extra_tags: Vec<String>,
    /// Folded-name hash -> the first customer of that name ([`Cand::pack`]) …
    names: ByFingerprint<u64>,
    /// … and any others of the same name.
    namesakes: ByFingerprint<Vec<u64>>,
    /// See [`Applier::take_namesakes`].
    namesakes_of_last: Vec<i64>,
    /// Hashes of (kind, normalized value) of contact points and of UIDs written by this
    /// import -> the lowest customer id that has it.
    keys: ByFingerprint<i64>,
    fp: Fingerprints,
    /// The database held customers / contact points before: ask it too.
    had_customers: bool,
    had_contacts: bool,
    orgs: HashMap<String, CustomerId>,
    tag_ids: HashMap<String, i64>,
    /// Scratch for folding names.
    buf: String,
    /// Rows created but not written yet, and the id the next customer gets.
    pending: Pending,
    next_id: i64,
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

impl Cand {
    fn pack(self) -> u64 {
        ((self.id as u64) << 2) | u64::from(self.email) | (u64::from(self.phone) << 1)
    }

    fn unpack(v: u64) -> Self {
        Cand {
            id: (v >> 2) as i64,
            email: v & 1 != 0,
            phone: v & 2 != 0,
        }
    }
}

/// 64-bit fingerprints of what records are matched by: a folded name, a contact point, a
/// UID. Keyed with random keys for each import, so no file can be made to collide two
/// different values on purpose (with fixed keys 2^32 tries find a pair, and a collision
/// would merge two different people); by chance a collision is negligible.
struct Fingerprints(RandomState);

impl Fingerprints {
    /// The key of a name of a kind, folding into `buf` (case, accents, punctuation; an
    /// organization's spacing too, as [`crate::domain::text::org_key`]).
    fn name(&self, kind: CustomerKind, name: &str, buf: &mut String) -> u64 {
        buf.clear();
        if kind == CustomerKind::Org {
            crate::domain::text::org_key_into(name, buf);
        } else {
            crate::domain::text::fold_into(name, buf);
        }
        self.0.hash_one((kind.as_str(), buf.as_str()))
    }

    /// The key of a contact point ((kind, normalized value)) or of a UID (kind `None`).
    fn contact(&self, kind: Option<ContactKind>, value: &str) -> u64 {
        self.0.hash_one((kind, value))
    }
}

/// A map keyed by [`Fingerprints`]: the keys are random already, and are used as they are
/// instead of being hashed again.
type ByFingerprint<V> = HashMap<u64, V, BuildHasherDefault<AsIs>>;

/// The hasher of [`ByFingerprint`].
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; any other bytes are still mixed in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The normalized value of each of a record's contact points, in order.
fn norms(inc: &Incoming) -> Vec<String> {
    inc.contacts
        .iter()
        .map(|cp| crate::domain::ContactPoint::normalized(cp.kind, &cp.value))
        .collect()
}

/// Customers written per multi-row INSERT.
const BATCH: usize = 64;

/// A contact point waiting to be written.
struct PendingContact {
    customer: i64,
    kind: ContactKind,
    value: String,
    norm: String,
    label: Option<String>,
    position: i64,
}

/// Rows waiting to be written ([`Applier::flush`]).
#[derive(Default)]
struct Pending {
    customers: Vec<(i64, NewCustomer)>,
    contacts: Vec<PendingContact>,
    tags: Vec<(i64, i64)>,
}

/// Inserts `rows` (of `N` values each) into `table(columns)`: [`BATCH`] rows per statement,
/// the rest one by one (two statement shapes per table in the cache, not one per count).
fn insert_rows<'a, const N: usize>(
    conn: &rusqlite::Connection,
    table: &str,
    rows: impl Iterator<Item = [&'a dyn ToSql; N]>,
) -> Result<()> {
    let one = format!("({})", vec!["?"; N].join(", "));
    let many = vec![one.as_str(); BATCH].join(", ");
    let mut batch: Vec<&dyn ToSql> = Vec::with_capacity(BATCH * N);
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        for row in rows.by_ref().take(BATCH) {
            batch.extend_from_slice(&row);
        }
        if batch.len() == BATCH * N {
            conn.prepare_cached(&format!("INSERT OR FAIL INTO {table} VALUES {many}"))?
                .execute(batch.as_slice())?;
        } else {
            let mut stmt =
                conn.prepare_cached(&format!("INSERT OR FAIL INTO {table} VALUES {one}"))?;
            for row in batch.chunks(N) {
                stmt.execute(row)?;
            }
        }
    }
    Ok(())
}

impl Applier {
    /// A new applier; `extra_tags` (from `--tag`) go on every record.
    pub fn new(now: i64, extra_tags: Vec<String>) -> Self {
        Applier {
            now,
            extra_tags,
            names: ByFingerprint::default(),
            namesakes: ByFingerprint::default(),
            namesakes_of_last: Vec::new(),
            keys: ByFingerprint::default(),
            fp: Fingerprints(RandomState::new()),
            had_customers: true,
            had_contacts: true,
            orgs: HashMap::new(),
            tag_ids: HashMap::new(),
            buf: String::new(),
            pending: Pending::default(),
            next_id: 0,
            loaded: false,
            orgs_created: 0,
        }
    }

    fn load(&mut self, w: &Writer<'_>) -> Result<()> {
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

    fn add_name(&mut self, k: u64, cand: Cand) {
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
    fn remember(
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
    fn find_normed(
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

    /// Finds an organization by name (by [`crate::domain::text::org_key`]: case, accents,
    /// spacing and punctuation aside) or creates it; the first spelling seen is kept.
    pub fn org(&mut self, w: &Writer<'_>, name: &str) -> Result<CustomerId> {
        self.load(w)?;
        self.buf.clear();
        crate::domain::text::org_key_into(name, &mut self.buf);
        if let Some(id) = self.orgs.get(self.buf.as_str()) {
            return Ok(*id);
        }
        let folded = self.buf.clone();
        let id = self.create(
            w,
            NewCustomer {
                kind: CustomerKind::Org,
                name: name.trim().to_string(),
                uid: new_uid(),
                created_at: self.now,
                ..NewCustomer::default()
            },
            &[],
        )?;
        self.orgs_created += 1;
        let k = self.fp.name(CustomerKind::Org, name, &mut self.buf);
        self.add_name(
            k,
            Cand {
                id: id.0,
                email: false,
                phone: false,
            },
        );
        self.orgs.insert(folded, id);
        Ok(id)
    }

    /// Creates or merges one record. The record's fields but its name and place may be
    /// moved out.
    pub fn apply(&mut self, w: &Writer<'_>, inc: &mut Incoming) -> Result<Outcome> {
        let norms = norms(inc);
        let found = self.find_normed(w, inc, &norms)?;
        self.apply_normed(w, inc, &norms, found)
    }

    /// [`Self::apply`] for a record already looked up with [`Self::find`] (its answer in
    /// `found`), so that it is not looked up twice.
    pub fn apply_found(
        &mut self,
        w: &Writer<'_>,
        inc: &mut Incoming,
        found: Option<(CustomerId, MatchBy)>,
    ) -> Result<Outcome> {
        let norms = norms(inc);
        self.apply_normed(w, inc, &norms, found)
    }

    fn apply_normed(
        &mut self,
        w: &Writer<'_>,
        inc: &mut Incoming,
        norms: &[String],
        found: Option<(CustomerId, MatchBy)>,
    ) -> Result<Outcome> {
        let mut tags = std::mem::take(&mut inc.tags);
        for t in &self.extra_tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        if let Some((id, by)) = found {
            let added = self.merge(w, id, inc, norms, &tags)?;
            return Ok(if added.is_empty() {
                Outcome::Unchanged(id, by)
            } else {
                Outcome::Merged(id, by, added)
            });
        }
        let org_id = match &inc.org {
            Some(o) if inc.kind == CustomerKind::Person => Some(self.org(w, o)?),
            _ => None,
        };
        let new = NewCustomer {
            kind: inc.kind,
            name: inc.name.clone(),
            org_id,
            title: inc.title.take(),
            address: inc.address.take(),
            notes: std::mem::take(&mut inc.notes),
            needs: std::mem::take(&mut inc.needs),
            birthday: inc.birthday,
            contacts: std::mem::take(&mut inc.contacts),
            tags,
            uid: inc.uid.clone().unwrap_or_else(new_uid),
            owner: inc.owner.take(),
            cadence_days: inc.cadence_days,
            created_at: self.now,
        };
        let cand = Cand {
            id: 0,
            email: new.contacts.iter().any(|c| c.kind == ContactKind::Email),
            phone: new.contacts.iter().any(|c| c.kind == ContactKind::Phone),
        };
        let kinds: Vec<ContactKind> = new.contacts.iter().map(|c| c.kind).collect();
        let id = self.create(w, new, norms)?;
        let k = self.fp.name(inc.kind, &inc.name, &mut self.buf);
        self.add_name(k, Cand { id: id.0, ..cand });
        self.remember(id.0, kinds.into_iter(), norms, inc.uid.as_deref());
        if inc.kind == CustomerKind::Org && !self.orgs.contains_key(self.buf.as_str()) {
            self.orgs.insert(self.buf.clone(), id);
        }
        Ok(Outcome::Created(id))
    }

    /// Queues a new customer with its contact points (duplicates within the record dropped)
    /// and tags, under the id it will have: the same rows as `Writer::insert_customer`,
    /// written [`BATCH`] customers at a time by [`Self::flush`] (a multi-row INSERT per
    /// table costs much less per row than a statement each; bulk imports are dominated
    /// by these writes).
    fn create(&mut self, w: &Writer<'_>, c: NewCustomer, norms: &[String]) -> Result<CustomerId> {
        if self.pending.customers.is_empty() {
            // Rows may have been written around this applier (a backup restore) since the
            // last batch.
            self.next_id =
                w.conn()
                    .query_row("SELECT coalesce(max(id), 0) + 1 FROM customers", [], |r| {
                        r.get(0)
                    })?;
        }
        let id = self.next_id;
        self.next_id += 1;
        let first = self.pending.contacts.len();
        for (cp, norm) in c.contacts.iter().zip(norms) {
            let dup = self.pending.contacts[first..]
                .iter()
                .any(|p| p.kind == cp.kind && p.norm == *norm);
            if !dup {
                let position = (self.pending.contacts.len() - first) as i64;
                self.pending.contacts.push(PendingContact {
                    customer: id,
                    kind: cp.kind,
                    value: cp.value.trim().to_string(),
                    norm: norm.clone(),
                    label: cp.label.clone(),
                    position,
                });
            }
        }
        for tag in &c.tags {
            let tag_id = if let Some(t) = self.tag_ids.get(tag) {
                *t
            } else {
                let conn = w.conn();
                conn.prepare_cached("INSERT OR IGNORE INTO tags(name) VALUES (?1)")?
                    .execute([tag])?;
                let t: i64 = conn
                    .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
                    .query_row([tag], |r| r.get(0))?;
                self.tag_ids.insert(tag.clone(), t);
                t
            };
            let mine = self.pending.tags.iter().rev().take_while(|(c, _)| *c == id);
            if !mine.clone().any(|(_, t)| *t == tag_id) {
                self.pending.tags.push((id, tag_id));
            }
        }
        self.pending.customers.push((id, c));
        if self.pending.customers.len() >= BATCH {
            self.flush(w)?;
        }
        Ok(CustomerId(id))
    }

    /// Writes the queued customers, contact points and tags.
    pub fn flush(&mut self, w: &Writer<'_>) -> Result<()> {
        let conn = w.conn();
        let p = std::mem::take(&mut self.pending);
        let extra: Vec<(Option<i64>, Option<String>, Option<i64>)> = p
            .customers
            .iter()
            .map(|(_, c)| {
                (
                    c.org_id.map(|o| o.0),
                    c.birthday.map(|d| d.format("%Y-%m-%d").to_string()),
                    // As `Writer::insert_customer` stamps it.
                    (!c.needs.is_empty()).then_some(c.created_at),
                )
            })
            .collect();
        insert_rows(
            conn,
            "customers(id, kind, name, org_id, title, address, notes, needs, needs_updated_at, birthday, uid, owner, cadence_days, created_at, updated_at)",
            p.customers
                .iter()
                .zip(&extra)
                .map(|((id, c), (org, birthday, needs_at))| {
                    [
                        id as &dyn ToSql,
                        &c.kind,
                        &c.name,
                        org,
                        &c.title,
                        &c.address,
                        &c.notes,
                        &c.needs,
                        needs_at,
                        birthday,
                        &c.uid,
                        &c.owner,
                        &c.cadence_days,
                        &c.created_at,
                        &c.created_at,
                    ]
                }),
        )?;
        insert_rows(
            conn,
            "contact_points(customer_id, kind, value, norm, label, position)",
            p.contacts.iter().map(|c| {
                [
                    &c.customer as &dyn ToSql,
                    &c.kind,
                    &c.value,
                    &c.norm,
                    &c.label,
                    &c.position,
                ]
            }),
        )?;
        insert_rows(
            conn,
            "customer_tags(customer_id, tag_id)",
            p.tags.iter().map(|(c, t)| [c as &dyn ToSql, t]),
        )?;
        // Keep the allocations for the next batch.
        let mut p = p;
        p.customers.clear();
        p.contacts.clear();
        p.tags.clear();
        self.pending = p;
        Ok(())
    }

    /// Merges a record into customer `id` by rule; what that added, in words (empty when
    /// nothing).
    fn merge(
        &mut self,
        w: &Writer<'_>,
        id: CustomerId,
        inc: &Incoming,
        norms: &[String],
        tags: &[String],
    ) -> Result<Vec<String>> {
        // The customer may be one this import created and has not written yet.
        self.flush(w)?;
        let cur = w.customer(id)?;
        let email = inc.contacts.iter().any(|x| x.kind == ContactKind::Email);
        let phone = inc.contacts.iter().any(|x| x.kind == ContactKind::Phone);
        let k = self.fp.name(cur.kind, &cur.name, &mut self.buf);
        for v in self
            .names
            .get_mut(&k)
            .into_iter()
            .chain(self.namesakes.get_mut(&k).into_iter().flatten())
        {
            let mut c = Cand::unpack(*v);
            if c.id == id.0 {
                c.email |= email;
                c.phone |= phone;
                *v = c.pack();
            }
        }
        self.remember(id.0, inc.contacts.iter().map(|c| c.kind), norms, None);
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
        if cur.owner.is_none() && inc.owner.is_some() {
            p.owner = Some(inc.owner.clone());
        }
        if cur.needs.trim().is_empty() && !inc.needs.trim().is_empty() {
            p.needs = Some(inc.needs.trim().to_string());
        }
        if cur.cadence_days.is_none() && inc.cadence_days.is_some() {
            p.cadence_days = Some(inc.cadence_days);
        }
        // The record's company is looked up (or created) only when it fills an empty
        // field: a customer who has one keeps it, and no organization is left with nobody.
        if cur.org_id.is_none()
            && cur.kind == CustomerKind::Person
            && inc.kind == CustomerKind::Person
            && let Some(o) = &inc.org
        {
            let org_id = self.org(w, o)?;
            self.flush(w)?;
            if org_id != id {
                p.org_id = Some(Some(org_id));
            }
        }
        if let Some(notes) = merged_notes(&cur.notes, &inc.notes) {
            p.notes = Some(notes);
        }
        p.add_contacts.clone_from(&inc.contacts);
        p.add_tags = tags
            .iter()
            .filter(|t| !cur.tags.contains(t))
            .cloned()
            .collect();
        // A name is never overwritten: the record that matched may spell it differently.
        let mut changed = w.update_customer(id, &p, self.now)?;
        for c in &mut changed {
            *c = added(c);
        }
        Ok(changed)
    }
}

/// The notes `cur` becomes with `incoming` merged in, line by line: only the lines it does
/// not have already (compared trimmed) are appended, so a nickname two files both carry is
/// there once; `None` when nothing is new.
fn merged_notes(cur: &str, incoming: &str) -> Option<String> {
    let extra = incoming.trim();
    if extra.is_empty() || cur.contains(extra) {
        return None;
    }
    if cur.trim().is_empty() {
        return Some(extra.to_string());
    }
    let mut seen: std::collections::HashSet<&str> = cur.lines().map(str::trim).collect();
    let mut out = cur.trim_end().to_string();
    let mut added = false;
    for line in extra.lines() {
        let key = line.trim();
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        out.push('\n');
        out.push_str(line.trim_end());
        added = true;
    }
    added.then_some(out)
}

/// A change in the store's words as something a merge added: `added phone +48 …` is
/// `phone +48 …`, `tag +vip` is `tag vip`; a field filled is its name (`title`, `notes`).
fn added(change: &str) -> String {
    if let Some(cp) = change.strip_prefix("added ") {
        cp.to_string()
    } else if let Some(tag) = change.strip_prefix("tag +") {
        format!("tag {tag}")
    } else {
        change.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_fold_names_and_differ_between_imports() {
        let (a, b) = (
            Fingerprints(RandomState::new()),
            Fingerprints(RandomState::new()),
        );
        let mut buf = String::new();
        let person = CustomerKind::Person;
        assert_eq!(
            a.name(person, "Łucja  Żółć", &mut buf),
            a.name(person, "lucja zolc", &mut buf)
        );
        assert_ne!(
            a.name(person, "Acme", &mut buf),
            a.name(CustomerKind::Org, "Acme", &mut buf)
        );
        let email = Some(ContactKind::Email);
        assert_ne!(a.contact(email, "x@y.pl"), a.contact(None, "x@y.pl"));
        // Another import keys them differently: a file cannot aim at a collision.
        assert_ne!(a.contact(email, "x@y.pl"), b.contact(email, "x@y.pl"));
        let mut m = ByFingerprint::default();
        m.insert(a.contact(email, "x@y.pl"), 7);
        assert_eq!(m.get(&a.contact(email, "x@y.pl")), Some(&7));
        assert_eq!(m.get(&a.contact(email, "z@y.pl")), None);
    }

    #[test]
    fn merged_notes_append_only_the_lines_not_there_already() {
        let cur = "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March";
        assert_eq!(
            merged_notes(
                cur,
                "Poznana na targach\n  Nickname: Ania \nBirthday: 15 March\nKawa: flat white\n"
            )
            .as_deref(),
            Some(
                "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March\nPoznana na targach\nKawa: flat white"
            )
        );
        // Nothing new: no change.
        assert_eq!(merged_notes(cur, "Spouse: Adam\n\nNickname: Ania"), None);
        assert_eq!(merged_notes(cur, "  \n"), None);
        assert_eq!(
            merged_notes(cur, "Adam"),
            None,
            "contained whole, as before"
        );
        // Into empty notes, the record's notes as they are; blank lines are not carried
        // into notes that have some.
        assert_eq!(merged_notes(" \n", "a\n\nb\n").as_deref(), Some("a\n\nb"));
        assert_eq!(merged_notes("z", "a\n\n a\nb").as_deref(), Some("z\na\nb"));
        assert_eq!(merged_notes("x\n\n", "y").as_deref(), Some("x\ny"));
    }

    #[test]
    fn added_says_what_a_merge_added_in_the_reports_words() {
        assert_eq!(
            added("added phone +48 601 234 567"),
            "phone +48 601 234 567"
        );
        assert_eq!(added("added email a@b.pl"), "email a@b.pl");
        assert_eq!(added("tag +vip"), "tag vip");
        assert_eq!(added("tag +added x"), "tag added x");
        assert_eq!(added("notes"), "notes");
        assert_eq!(added("organization"), "organization");
    }
}
