//! Matching a record against the customers there before and those this import made.

use rusqlite::OptionalExtension;

use super::fingerprint::{ByFingerprint, Cand};
use super::{Applier, Likeness, MatchBy, norms};
use crate::domain::text::{names_agree, phone_digits, phone_key, phones_may_match};
use crate::domain::{ContactKind, CustomerId, CustomerKind};
use crate::interop::Incoming;
use crate::store::{Result, Writer};

impl Applier {
    pub(super) fn load(&mut self, w: &Writer<'_>) -> Result<()> {
        if self.loaded {
            return Ok(());
        }
        self.loaded = true;
        let conn = w.conn();
        self.before = conn.query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| {
            r.get(0)
        })?;
        self.had_contacts =
            conn.query_row("SELECT EXISTS(SELECT 1 FROM contact_points)", [], |r| {
                r.get(0)
            })?;
        let mut stmt = conn.prepare(
            "SELECT id, kind, name,
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'email'),
               EXISTS(SELECT 1 FROM contact_points WHERE customer_id = c.id AND kind = 'phone'),
               name_latin <> ''
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
                uid: false,
            };
            if kind == CustomerKind::Org {
                let key = crate::domain::text::org_key(&name);
                self.remember_org_base(&name, &key, CustomerId(cand.id));
                self.orgs.entry(key).or_insert(CustomerId(cand.id));
            }
            let k = self.fp.name(kind, &name, &mut self.buf);
            self.add_name(k, cand);
            // (Only a name with words in another script has a stored spelling: the others,
            // accented ones too, are not folded again to see it.)
            if r.get(5)? {
                self.add_spelling(kind, &name, cand.id);
            }
        }
        // Phones are matched by their last digits ([`phone_key`]), which no index serves:
        // the ones there before are read once, as this import's own are remembered.
        if self.had_contacts {
            let mut stmt = conn.prepare(
                "SELECT customer_id, norm FROM contact_points WHERE kind = 'phone' ORDER BY customer_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let norm: String = r.get(1)?;
                self.remember_phone(id, &norm);
            }
        }
        Ok(())
    }

    /// Remembers that customer `id` has a phone of this normalized value.
    fn remember_phone(&mut self, id: i64, norm: &str) {
        let k = self.fp.contact(Some(ContactKind::Phone), phone_key(norm));
        match self.keys.entry(k) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(o) if *o.get() != id => {
                let more = self.phone_sharers.entry(k).or_default();
                if !more.contains(&id) {
                    more.push(id);
                }
            }
            std::collections::hash_map::Entry::Occupied(_) => {}
        }
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

    /// Remembers customer `id`'s name by its Latin spelling: one in another script, whole or
    /// in part ([`crate::domain::text::loose_spelling`]), for a record that spells it in
    /// Latin letters; one in Latin letters, once a record in another script has needed
    /// them ([`Applier::latin_names`]), for a record in another script that spells it.
    pub(super) fn add_spelling(&mut self, kind: CustomerKind, name: &str, id: i64) {
        // (Most names: in Latin letters, with no record in another script to look at them.)
        if name.is_ascii() && self.latin.is_none() {
            return;
        }
        let folded = crate::domain::text::fold(name);
        if let Some(latin) = crate::domain::text::loose_spelling(&folded) {
            let k = self.fp.folded(kind, &latin);
            self.spelled.entry(k).or_default().push(id);
        } else if let Some(names) = &mut self.latin
            && folded.is_ascii()
        {
            let k = self.fp.folded(kind, &crate::domain::text::loose(&folded));
            names.entry(k).or_default().push(id);
        }
    }

    /// The customers whose names in Latin letters, by their loose spelling, made once a
    /// record in another script needs them: those written so far (the queued ones first),
    /// and the ones created after ([`Applier::add_spelling`]).
    fn latin_names(&mut self, w: &Writer<'_>) -> Result<&ByFingerprint<Vec<i64>>> {
        if self.latin.is_none() {
            self.flush(w)?;
            let mut names: ByFingerprint<Vec<i64>> = ByFingerprint::default();
            let mut stmt = w
                .conn()
                .prepare("SELECT id, kind, name FROM customers WHERE name_latin = ''")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let kind: CustomerKind = r.get(1)?;
                let folded = crate::domain::text::fold(&r.get::<_, String>(2)?);
                if folded.is_ascii() && !folded.is_empty() {
                    let k = self.fp.folded(kind, &crate::domain::text::loose(&folded));
                    names.entry(k).or_default().push(r.get(0)?);
                }
            }
            self.latin = Some(names);
        }
        Ok(self.latin.get_or_insert_default())
    }

    /// The customers whose name is `name` in another script: in Latin letters, its spelling
    /// of a name in another script (`nikos papadopoulos` for `Νίκος Παπαδόπουλος`); in
    /// another script, whole or in part, a name in Latin letters that spells it. Folded as
    /// [`Applier::add_spelling`] keys them (for a person that is `self.buf` already; an
    /// organization's there is its key, without spaces).
    fn spelled_in_another_script(
        &mut self,
        w: &Writer<'_>,
        kind: CustomerKind,
        name: &str,
    ) -> Result<Vec<i64>> {
        let folded = if kind == CustomerKind::Person {
            std::borrow::Cow::Borrowed(self.buf.as_str())
        } else {
            std::borrow::Cow::Owned(crate::domain::text::fold(name))
        };
        let mut ids = if let Some(spelled) = crate::domain::text::loose_spelling(&folded) {
            let k = self.fp.folded(kind, &spelled);
            self.latin_names(w)?.get(&k).cloned().unwrap_or_default()
        } else if self.spelled.is_empty() {
            return Ok(Vec::new());
        } else {
            let k = self.fp.folded(kind, &crate::domain::text::loose(&folded));
            self.spelled.get(&k).cloned().unwrap_or_default()
        };
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
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
            if kind == ContactKind::Phone {
                self.remember_phone(id, norm);
            } else {
                self.keys
                    .entry(self.fp.contact(Some(kind), norm))
                    .or_insert(id);
            }
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
            if id.is_none() && self.before > 0 {
                id = conn
                    .prepare_cached("SELECT id FROM customers WHERE uid = ?1")?
                    .query_row([uid], |r| r.get(0))
                    .optional()?;
            }
            if let Some(id) = id {
                return Ok(Some((CustomerId(id), MatchBy::Uid)));
            }
        }
        let emails = inc
            .contacts
            .iter()
            .zip(norms)
            .filter(|(c, _)| c.kind == ContactKind::Email);
        for (_, norm) in emails {
            let mut id = self
                .keys
                .get(&self.fp.contact(Some(ContactKind::Email), norm))
                .copied();
            if self.had_contacts {
                let old: Option<i64> = conn
                    .prepare_cached(
                        "SELECT min(customer_id) FROM contact_points WHERE kind = 'email' AND norm = ?1",
                    )?
                    .query_row([norm], |r| r.get(0))?;
                id = match (id, old) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            if let Some(id) = id {
                return Ok(Some((CustomerId(id), MatchBy::Email)));
            }
        }
        // A phone is the same line when its last digits are (`030 1234567` is
        // `+49 30 1234567`), and the same person only when the names agree too: an office
        // line or a family's landline is shared by people who are not one another.
        let mut sharers: Vec<i64> = Vec::new();
        let phones = inc
            .contacts
            .iter()
            .zip(norms)
            .filter(|(c, _)| c.kind == ContactKind::Phone);
        for (_, norm) in phones {
            if phone_digits(norm).len() < 6 {
                continue;
            }
            let k = self.fp.contact(Some(ContactKind::Phone), phone_key(norm));
            let Some(&first) = self.keys.get(&k) else {
                continue;
            };
            let mut ids = vec![first];
            ids.extend(self.phone_sharers.get(&k).into_iter().flatten());
            ids.sort_unstable();
            // The customers may be ones this import created and has not written yet.
            self.flush(w)?;
            for id in ids {
                // The same last digits in another country are another line (`+33 1 23 45 67
                // 89` is not `+48 12 345 67 89`): that customer neither matches nor shares.
                let same_line = conn
                    .prepare_cached(
                        "SELECT norm FROM contact_points WHERE customer_id = ?1 AND kind = 'phone'",
                    )?
                    .query_map([id], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?
                    .iter()
                    .any(|n| phone_key(n) == phone_key(norm) && phones_may_match(n, norm));
                if !same_line {
                    continue;
                }
                let (kind, name): (CustomerKind, String) = conn
                    .prepare_cached("SELECT kind, name FROM customers WHERE id = ?1")?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                if kind == inc.kind && names_agree(&name, &inc.name) {
                    return Ok(Some((CustomerId(id), MatchBy::Phone)));
                }
                // The organization the record is of: its switchboard, which a person's
                // work phone often is, says nothing of who the person is.
                let own_org = kind == CustomerKind::Org
                    && inc.org.as_deref().is_some_and(|org| {
                        let base = crate::domain::text::org_base_key(org);
                        !base.is_empty() && base == crate::domain::text::org_base_key(&name)
                    });
                if !own_org && !sharers.contains(&id) {
                    sharers.push(id);
                }
            }
        }
        // Two people of one name are different people when both have emails (or both
        // phones) and share none: no email or phone matched above. So are two records of
        // one file with UIDs of their own, no longer the same (the file itself tells them
        // apart: rolo's own export of two namesakes, one with only an email, the other
        // with only a phone). (The key is a 64-bit hash of the folded name; a collision
        // between two different names is negligible.)
        let email = inc.contacts.iter().any(|c| c.kind == ContactKind::Email);
        let phone = inc.contacts.iter().any(|c| c.kind == ContactKind::Phone);
        let uid = inc.uid.is_some();
        let k = self.fp.name(inc.kind, &inc.name, &mut self.buf);
        let (mut ids, mut others): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
        let mut others_uid = false;
        for c in self.candidates(k) {
            if (email && c.email) || (phone && c.phone) || (uid && c.uid) {
                others.push(c.id);
                others_uid |= c.uid;
            } else {
                ids.push(c.id);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        // Of that name but with other emails (or phones): another person, most likely, and
        // the caller is told who, as of namesakes.
        if ids.is_empty() && !others.is_empty() {
            others.sort_unstable();
            others.dedup();
            if !uid
                && !others_uid
                && let Some(id) = self.card_of_the_same(w, inc, &others)?
            {
                return Ok(Some((CustomerId(id), MatchBy::NameInFile)));
            }
            (self.namesakes_of_last, self.namesakes_like) = (others, Likeness::Name);
            return Ok(None);
        }
        // Several customers of that name: which one is a guess, and rolo does not guess.
        // The record becomes a customer of its own, and the caller is told who shares it.
        if ids.len() > 1 {
            (self.namesakes_of_last, self.namesakes_like) = (ids, Likeness::Name);
            return Ok(None);
        }
        if let Some(&id) = ids.first() {
            return Ok(Some((CustomerId(id), MatchBy::Name)));
        }
        // Not merged into a customer whose phone it shares under another name: the
        // caller is told, as of namesakes.
        if !sharers.is_empty() {
            sharers.sort_unstable();
            // (Their name in another script, of which this one is the Latin spelling or
            // the other way round, is said: the report does not call `Γιώργος
            // Παπαδόπουλος` another name of `Giorgos Papadopoulos`.)
            let spelled = self.spelled_in_another_script(w, inc.kind, &inc.name)?;
            let like = if sharers.iter().all(|id| spelled.contains(id)) {
                Likeness::PhoneAndNameInAnotherScript
            } else {
                Likeness::Phone
            };
            (self.namesakes_of_last, self.namesakes_like) = (sharers, like);
            return Ok(None);
        }
        // A person whose name is a customer's in another order (`Kowalska Anna`): not
        // merged (a name alone matches only as it is written), but the caller is told, as
        // `rolo dupes` would list the pair.
        if inc.kind == CustomerKind::Person {
            let mut alike = self.other_orders(inc.kind);
            if !alike.is_empty() {
                alike.sort_unstable();
                alike.dedup();
                (self.namesakes_of_last, self.namesakes_like) = (alike, Likeness::NameReordered);
                return Ok(None);
            }
        }
        // Its Latin spelling of a customer's name in another script: not merged (a name
        // matches only as it is written), but the caller is told who.
        let spelled = self.spelled_in_another_script(w, inc.kind, &inc.name)?;
        if !spelled.is_empty() {
            (self.namesakes_of_last, self.namesakes_like) =
                (spelled, Likeness::NameInAnotherScript);
        }
        Ok(None)
    }

    /// The customer a card of one address book ([`Applier::one_book`]) is the same person
    /// as, though their phones or emails differ: `namesakes` (of its name, with other
    /// phones or emails) is one customer, made by an earlier card of this import, who holds
    /// no other organization, title or birthday. (The caller has made sure neither card has
    /// a UID: two cards with their own are two people, as in rolo's export of namesakes.) A phone exports one person as
    /// two cards, the SIM's and the account's, and an address book keeps two people of one
    /// name apart by something (a company, a word in the name): only a CRM's export holds
    /// namesakes as they are, and those stay two.
    fn card_of_the_same(
        &mut self,
        w: &Writer<'_>,
        inc: &Incoming,
        namesakes: &[i64],
    ) -> Result<Option<i64>> {
        let &[id] = namesakes else {
            return Ok(None);
        };
        if !self.one_book || id <= self.before {
            return Ok(None);
        }
        // The customer may be one this import created and has not written yet.
        self.flush(w)?;
        let cur = w.customer(CustomerId(id))?;
        let other = crate::interop::text::other_values(
            &cur,
            inc.title.as_deref(),
            inc.org.as_deref(),
            None,
            inc.birthday,
        );
        Ok(other.is_empty().then_some(id))
    }

    /// The customers of `kind` named with the words of the name folded in `self.buf` in
    /// another order, for a name of two or three words (no allocation unless one is found:
    /// this runs for every person an import creates).
    fn other_orders(&mut self, kind: CustomerKind) -> Vec<i64> {
        const ORDERS_2: &[[usize; 3]] = &[[1, 0, 0]];
        const ORDERS_3: &[[usize; 3]] = &[[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let mut words = [""; 3];
        let mut n = 0;
        for w in self.buf.split(' ').filter(|w| !w.is_empty()) {
            if n == words.len() {
                return Vec::new();
            }
            words[n] = w;
            n += 1;
        }
        let orders = match n {
            2 => ORDERS_2,
            3 => ORDERS_3,
            _ => return Vec::new(),
        };
        let name = &mut self.scratch;
        let mut ids = Vec::new();
        for order in orders {
            name.clear();
            for (i, &w) in order[..n].iter().enumerate() {
                if i > 0 {
                    name.push(' ');
                }
                name.push_str(words[w]);
            }
            let k = self.fp.folded(kind, name);
            let found = self.names.get(&k).into_iter();
            let found = found.chain(self.namesakes.get(&k).into_iter().flatten());
            ids.extend(found.map(|v| Cand::unpack(*v).id));
        }
        ids
    }

    /// The customers the last record looked up was not merged into although it shares
    /// something with them, and what: see [`Likeness`]. No ids when none. Cleared by the
    /// call.
    pub fn take_namesakes(&mut self) -> (Vec<i64>, Likeness) {
        (
            std::mem::take(&mut self.namesakes_of_last),
            self.namesakes_like,
        )
    }
}
