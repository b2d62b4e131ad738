//! Incoming records into the store: match against existing customers (UID, email, phone,
//! normalized name — in that order), then create, or merge by rule: fill empty fields,
//! keep both values as extra contact points, add tags. A phone matches by its last digits
//! and only a customer whose name agrees ([`crate::domain::text::names_agree`]): others on
//! that line (an office, a family) are other people. A name alone does not match when both
//! sides have emails (or both phones) and none is shared: that is a namesake. A name shared
//! by several customers matches none of them (which one would be a guess): the record is
//! created and the report names them, as it names those whose phone it shares.

mod create;
mod find;
mod fingerprint;
mod merge;

pub use merge::{Merging, added, merge_into};

use std::collections::HashMap;
use std::hash::RandomState;

use serde::Serialize;

use self::create::Pending;
use self::fingerprint::{ByFingerprint, Cand, Fingerprints};
use super::Incoming;
use crate::domain::customer::new_uid;
use crate::domain::{ContactKind, CustomerId, CustomerKind};
use crate::store::{NewCustomer, Result, StoreError, Writer};

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
    /// Same name as a card earlier in the same vCard file, though their phones or emails
    /// differ: a phone exports one person as two cards (the SIM's and the account's).
    #[serde(rename = "name_in_file")]
    NameInFile,
}

impl MatchBy {
    /// In words.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchBy::Uid => "same UID",
            MatchBy::Email => "same email",
            MatchBy::Phone => "same phone",
            MatchBy::Name => "same name",
            MatchBy::NameInFile => "same name, earlier in the file",
        }
    }
}

/// What an incoming record has in common with customers it was not merged into (see
/// [`Applier::take_namesakes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likeness {
    /// Their name, once folded (several have it, or they have other emails or phones).
    Name,
    /// Their name's words in another order (`Kowalska Anna` for `Anna Kowalska`).
    NameReordered,
    /// A phone, under another name.
    Phone,
    /// A phone, and their name is in another script, of which this one is the Latin
    /// spelling (`Giorgos Papadopoulos` for `Γιώργος Παπαδόπουλος`).
    PhoneAndNameInAnotherScript,
    /// Their name is in another script, and this one is its Latin spelling (`Nikos
    /// Papadopoulos` for `Νίκος Παπαδόπουλος`; see `domain::text::name_latin`).
    NameInAnotherScript,
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
    /// Hash of (kind, Latin spelling) of the names in another script -> their customers
    /// (`nikos papadopoulos` -> `Νίκος Παπαδόπουλος`).
    spelled: ByFingerprint<Vec<i64>>,
    /// Hash of (kind, loose spelling) of the names in Latin letters -> their customers
    /// (`nikos papadopoulos` -> `Nikos Papadopoulos`): made when a record of a name in
    /// another script first needs it ([`Applier::latin_names`]), kept up after.
    latin: Option<ByFingerprint<Vec<i64>>>,
    /// See [`Applier::take_namesakes`].
    namesakes_of_last: Vec<i64>,
    /// What the customers in `namesakes_of_last` have in common with the last record.
    namesakes_like: Likeness,
    /// Hashes of (kind, normalized value) of contact points and of UIDs written by this
    /// import -> the lowest customer id that has it; of phones, by their
    /// [`crate::domain::text::phone_key`], of all there were before too.
    keys: ByFingerprint<i64>,
    /// … and the other customers who share a phone.
    phone_sharers: ByFingerprint<Vec<i64>>,
    fp: Fingerprints,
    /// The database held contact points before: ask it too (and customers: `before`).
    had_contacts: bool,
    orgs: HashMap<String, CustomerId>,
    /// [`crate::domain::text::org_base_key`] -> the one organization there before the import
    /// with that name less its legal form, and whether its name has one; `None` when several
    /// have. (Only those there before: what the import links does not hang on the order of
    /// its records.)
    org_bases: HashMap<String, Option<(CustomerId, bool)>>,
    tag_ids: HashMap<String, i64>,
    /// Scratch for folding names …
    buf: String,
    /// … and for a name's words in another order.
    scratch: String,
    /// Rows created but not written yet, and the id the next customer gets.
    pending: Pending,
    next_id: i64,
    /// The highest customer id before the import (0: there were none, nothing to ask the
    /// database about); those above it are this import's.
    before: i64,
    /// The records are the cards of one address book (a vCard file): two cards of one name
    /// are one person when only their phones or emails differ ([`MatchBy::NameInFile`]).
    pub one_book: bool,
    loaded: bool,
    /// Organizations created for people's company names.
    pub orgs_created: usize,
    /// Organizations whose notes have their phonetic name this import (made with it, or
    /// given it by [`Self::say_org`]): not read again for each of their people.
    said_orgs: std::collections::HashSet<CustomerId>,
    /// A person's company taken for an organization whose name is the same but for a legal
    /// form only one of them has (`Hellas Freight` for `Hellas Freight S.A.`): the name as
    /// the record gave it, whether that name has the legal form, and the organization's id.
    /// Once per spelling.
    pub orgs_alike: Vec<(String, bool, CustomerId)>,
}

/// The normalized value of each of a record's contact points, in order.
fn norms(inc: &Incoming) -> Vec<String> {
    inc.contacts
        .iter()
        .map(|cp| crate::domain::ContactPoint::normalized(cp.kind, &cp.value))
        .collect()
}

/// Refuses a text a record puts together past 1 MiB (its columns rolo has no field for,
/// kept in the notes; its notes added to those of customer `into`, when it merges), before
/// anything of the record is written ([`crate::store::fits`]).
fn made_fits(field: &str, value: &str, into: Option<CustomerId>) -> Result<()> {
    crate::store::fits(field, value).map_err(|e| match (e, into) {
        (StoreError::TooLong { field, message }, Some(id)) => StoreError::TooLong {
            message: format!("{message}, merged into #{}'s {field}", id.0),
            field,
        },
        (e, _) => e,
    })
}

impl Applier {
    /// A new applier; `extra_tags` (from `--tag`) go on every record.
    pub fn new(now: i64, extra_tags: Vec<String>) -> Self {
        Applier {
            now,
            extra_tags,
            names: ByFingerprint::default(),
            namesakes: ByFingerprint::default(),
            spelled: ByFingerprint::default(),
            latin: None,
            namesakes_of_last: Vec::new(),
            namesakes_like: Likeness::Name,
            keys: ByFingerprint::default(),
            phone_sharers: ByFingerprint::default(),
            fp: Fingerprints(RandomState::new()),
            had_contacts: true,
            orgs: HashMap::new(),
            org_bases: HashMap::new(),
            tag_ids: HashMap::new(),
            buf: String::new(),
            scratch: String::new(),
            pending: Pending::default(),
            next_id: 0,
            before: 0,
            one_book: false,
            loaded: false,
            orgs_created: 0,
            said_orgs: std::collections::HashSet::new(),
            orgs_alike: Vec::new(),
        }
    }

    /// [`Self::orgs_alike`] for the report, with the names of the organizations (the first
    /// [`crate::interop::import::REPORT_LINES`]).
    pub fn orgs_alike_notes(
        &self,
        w: &Writer<'_>,
    ) -> Result<Vec<crate::interop::import::OrgAlikeNote>> {
        let mut name_of = w
            .conn()
            .prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
        self.orgs_alike
            .iter()
            .take(crate::interop::import::REPORT_LINES)
            .map(|(name, with_form, id)| {
                Ok(crate::interop::import::OrgAlikeNote {
                    name: name.clone(),
                    with_form: *with_form,
                    into: id.0,
                    into_name: name_of.query_row([id.0], |r| r.get(0))?,
                })
            })
            .collect()
    }

    /// Remembers organization `id`'s name by its [`crate::domain::text::org_base_key`]
    /// (`key` is its [`crate::domain::text::org_key`]).
    fn remember_org_base(&mut self, name: &str, key: &str, id: CustomerId) {
        let base = crate::domain::text::org_base_key(name);
        if base.is_empty() {
            return;
        }
        let has_form = base != key;
        self.org_bases
            .entry(base)
            .and_modify(|e| {
                if e.is_some_and(|(other, _)| other != id) {
                    *e = None;
                }
            })
            .or_insert(Some((id, has_form)));
    }

    /// Finds an organization by name (by [`crate::domain::text::org_key`]: case, accents,
    /// spacing and punctuation aside) or creates it; the first spelling seen is kept. A name
    /// that is an organization's but for a legal form only one of them has (`Hellas
    /// Freight`, `Hellas Freight S.A.`) is that organization, when it was there before the
    /// import and is the only one of that name ([`Self::orgs_alike`] says so); `Acme Ltd`
    /// and `Acme Inc` stay two. One it creates has in its notes how its name is `said`
    /// (`Phonetic name: かぶしきがいしゃさとう`), when the record said it.
    pub fn org(&mut self, w: &Writer<'_>, name: &str, said: Option<&str>) -> Result<CustomerId> {
        self.load(w)?;
        self.buf.clear();
        crate::domain::text::org_key_into(name, &mut self.buf);
        if let Some(&id) = self.orgs.get(self.buf.as_str()) {
            self.say_org(w, id, said)?;
            return Ok(id);
        }
        let folded = self.buf.clone();
        // (No organization there before, as in an import into a new book: nothing to fold.)
        if !self.org_bases.is_empty() {
            let base = crate::domain::text::org_base_key(name);
            let has_form = base != folded;
            if let Some(Some((id, other_has_form))) = self.org_bases.get(&base)
                && (!other_has_form || !has_form)
            {
                let id = *id;
                self.orgs.insert(folded, id);
                self.orgs_alike
                    .push((name.trim().to_string(), has_form, id));
                self.say_org(w, id, said)?;
                return Ok(id);
            }
        }
        let id = self.create(
            w,
            NewCustomer {
                kind: CustomerKind::Org,
                name: name.trim().to_string(),
                uid: new_uid(),
                created_at: self.now,
                notes: said
                    .map(|s| format!("{}{}", crate::domain::text::PHONETIC_NAME, s.trim()))
                    .unwrap_or_default(),
                ..NewCustomer::default()
            },
            &[],
        )?;
        self.orgs_created += 1;
        if said.is_some() {
            self.said_orgs.insert(id);
        }
        let k = self.fp.name(CustomerKind::Org, name, &mut self.buf);
        self.add_name(
            k,
            Cand {
                id: id.0,
                email: false,
                phone: false,
                uid: false,
            },
        );
        self.orgs.insert(folded, id);
        Ok(id)
    }

    /// Adds to the notes of organization `id`, found by [`Self::org`], how its name is `said`
    /// (`Phonetic name: …`, as one it creates has it), when they do not have that line yet:
    /// a company's reading is the company's whether the import made it or found it, and a
    /// second import of the same file adds nothing.
    fn say_org(&mut self, w: &Writer<'_>, id: CustomerId, said: Option<&str>) -> Result<()> {
        let Some(said) = said.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        if !self.said_orgs.insert(id) {
            return Ok(());
        }
        let line = format!("{}{said}", crate::domain::text::PHONETIC_NAME);
        use rusqlite::OptionalExtension;
        let read = |w: &Writer<'_>| -> Result<Option<String>> {
            Ok(w.conn()
                .prepare_cached("SELECT notes FROM customers WHERE id = ?1")?
                .query_row([id.0], |r| r.get(0))
                .optional()?)
        };
        // One this import made may wait to be written with others.
        let notes = if let Some(n) = read(w)? {
            n
        } else {
            self.flush(w)?;
            read(w)?.unwrap_or_default()
        };
        if notes.lines().any(|l| l.trim() == line) {
            return Ok(());
        }
        let notes = if notes.trim().is_empty() {
            line
        } else {
            format!("{}\n{line}", notes.trim_end())
        };
        let patch = crate::store::CustomerPatch {
            notes: Some(notes),
            ..crate::store::CustomerPatch::default()
        };
        w.update_customer(id, &patch, self.now)?;
        Ok(())
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

    /// Merges a record into `cur`, a customer [`Self::find`] found and the caller read
    /// (after [`Self::flush`]), with `adjust` setting more in the patch before its one
    /// write: what the write changed, typed, and the other values new to the notes.
    pub fn merge_into_read(
        &mut self,
        w: &Writer<'_>,
        inc: &mut Incoming,
        cur: &crate::domain::Customer,
        adjust: &mut dyn FnMut(&crate::domain::Customer, &mut crate::store::CustomerPatch),
    ) -> Result<(
        Vec<crate::store::Change>,
        Vec<crate::interop::text::OtherValue>,
    )> {
        let norms = norms(inc);
        let mut tags = std::mem::take(&mut inc.tags);
        for t in &self.extra_tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        self.merge_with(w, cur, inc, &norms, &tags, adjust)
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
        // Refused before its organization is made: with --skip-bad nothing of it stays.
        made_fits("notes", &inc.notes, None)?;
        made_fits("needs", &inc.needs, None)?;
        let org_id = match &inc.org {
            Some(o) if inc.kind == CustomerKind::Person => {
                Some(self.org(w, o, inc.org_phonetic.as_deref())?)
            }
            _ => None,
        };
        let new = NewCustomer {
            kind: inc.kind,
            name: inc.name.clone(),
            name_parts: inc.name_parts.take(),
            org_id,
            title: inc.title.take(),
            address: inc.address.take(),
            address_parts: inc.address_parts.take(),
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
            uid: inc.uid.is_some(),
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
}
