//! Customer writes inside a transaction: insert, contact points, tags, patches.

use rusqlite::{OptionalExtension, params};

use super::change::{Change, ChangeKind, ChangeValue, ChangedField as F, NamePart};
use super::{CustomerPatch, NewCustomer, find_org, load_customer};
use crate::domain::text;
use crate::domain::{AddressParts, ContactKind, ContactPoint, Customer, CustomerId, NameParts};
use crate::store::row::date_str;
use crate::store::{Result, StoreError, Writer, fits};

impl Writer<'_> {
    /// Creates a customer with contact points and tags.
    pub fn insert_customer(&self, c: &NewCustomer) -> Result<CustomerId> {
        crate::store::limit::new_customer(c)?;
        fits("notes", &c.notes)?;
        fits("needs", &c.needs)?;
        for (field, v) in [
            ("title", &c.title),
            ("address", &c.address),
            ("owner", &c.owner),
        ] {
            fits(field, v.as_deref().unwrap_or_default())?;
        }
        let (name_key, name_latin, name_grams) = text::name_columns(&c.name);
        self.tx
            .prepare_cached(
                "INSERT INTO customers(kind, name, org_id, title, address, notes, needs, needs_updated_at,
                   cadence_days, owner, birthday, uid, created_at, updated_at, name_key,
                   address_parts, name_latin, name_parts, name_grams)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, ?16,
                   ?17, ?18)",
            )?
            .execute(params![
                c.kind,
                c.name,
                c.org_id.map(|o| o.0),
                c.title,
                c.address,
                c.notes,
                c.needs,
                (!c.needs.is_empty()).then_some(c.created_at),
                c.cadence_days,
                c.owner,
                c.birthday.map(date_str),
                c.uid,
                c.created_at,
                name_key,
                c.address
                    .as_ref()
                    .and(c.address_parts.as_ref())
                    .map(AddressParts::to_json),
                name_latin,
                c.name_parts_json(),
                name_grams,
            ])?;
        let id = CustomerId(self.tx.last_insert_rowid());
        let mut has = self.contacts_of(id)?;
        for cp in &c.contacts {
            if has.same(cp).is_none() {
                self.insert_contact_at(id, cp, &mut has)?;
            }
        }
        for tag in &c.tags {
            self.add_tag(id, tag)?;
        }
        Ok(id)
    }

    /// Adds a contact point at the end of the customer's list; skips one the customer has
    /// already: the same normalized value, or for a phone the same last digits
    /// ([`text::phone_key`]: `030 1234567` is `+49 30 1234567`).
    pub fn add_contact(&self, id: CustomerId, cp: &ContactPoint) -> Result<bool> {
        if self.same_contact(id, cp)?.is_some() {
            return Ok(false);
        }
        self.insert_contact(id, cp)?;
        Ok(true)
    }

    /// Appends `cp` to the customer's contact points, as it is.
    fn insert_contact(&self, id: CustomerId, cp: &ContactPoint) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
                 VALUES (?1, ?2, ?3, ?4, ?5,
                   (SELECT coalesce(max(position) + 1, 0) FROM contact_points WHERE customer_id = ?1))",
            )?
            .execute(params![
                id.0,
                cp.kind,
                cp.value.trim(),
                ContactPoint::normalized(cp.kind, &cp.value),
                cp.label
            ])?;
        Ok(())
    }

    /// The customer's contact points as [`Writer::same_contact`] matches them, read once:
    /// adding many (a merged record with thousands) looks each up in memory, where a query
    /// per contact point scanned the customer's rows each time.
    fn contacts_of(&self, id: CustomerId) -> Result<ContactsHere> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, kind, norm, label, position FROM contact_points WHERE customer_id = ?1
             ORDER BY position, id",
        )?;
        let mut rows = stmt.query([id.0])?;
        let mut has = ContactsHere::default();
        while let Some(r) = rows.next()? {
            let (row, kind, norm, label, position): (i64, String, String, Option<String>, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let key = match ContactKind::parse(&kind) {
                Some(k) => ContactPoint::match_key(k, &norm).to_string(),
                None => norm,
            };
            // The first by position, as `same_contact` takes it.
            has.rows.entry((kind, key)).or_insert((row, label));
            has.next = has.next.max(position.saturating_add(1));
        }
        Ok(has)
    }

    /// Appends `cp` at the end of the customer's contact points `has` holds, and to `has`.
    fn insert_contact_at(
        &self,
        id: CustomerId,
        cp: &ContactPoint,
        has: &mut ContactsHere,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id.0,
                cp.kind,
                cp.value.trim(),
                ContactPoint::normalized(cp.kind, &cp.value),
                cp.label,
                has.next
            ])?;
        has.next += 1;
        has.rows
            .entry(ContactsHere::key(cp))
            .or_insert((self.tx.last_insert_rowid(), cp.label.clone()));
        Ok(())
    }

    /// The customer's first contact point that is `cp` as [`Writer::add_contact`] matches
    /// it: its row id and label.
    fn same_contact(
        &self,
        id: CustomerId,
        cp: &ContactPoint,
    ) -> Result<Option<(i64, Option<String>)>> {
        use rusqlite::OptionalExtension;
        let norm = ContactPoint::normalized(cp.kind, &cp.value);
        let (column, key) = if cp.kind == ContactKind::Phone && !norm.is_empty() {
            (text::phone_key_sql("norm"), text::phone_key(&norm))
        } else {
            ("norm".to_string(), norm.as_str())
        };
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT id, label FROM contact_points WHERE customer_id = ?1 AND kind = ?2 AND {column} = ?3
                 ORDER BY position LIMIT 1"
            ))?
            .query_row(params![id.0, cp.kind, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Tags a customer (creating the tag if new). False when it was tagged already.
    pub fn add_tag(&self, id: CustomerId, tag: &str) -> Result<bool> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO tags(name) VALUES (?1)")?
            .execute([tag])?;
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO customer_tags(customer_id, tag_id)
                 SELECT ?1, id FROM tags WHERE name = ?2",
            )?
            .execute(params![id.0, tag])?;
        Ok(n > 0)
    }

    /// Applies a patch; returns each change it made, in order, typed: what it touched, how,
    /// and the value ([`Change`]; its words, `title → CFO`, are its `Display`). A field set
    /// to what it is already is no change.
    pub fn update_customer(
        &self,
        id: CustomerId,
        p: &CustomerPatch,
        now: i64,
    ) -> Result<Vec<Change>> {
        let before = load_customer(self.tx, id)?;
        self.update_loaded(&before, p, now)
    }

    /// [`Self::update_customer`] of `before`, the customer as read in this transaction (a
    /// merge that read them already). The customer's row is written once, by one `UPDATE`
    /// of every column the patch sets (and `updated_at`): one image of it in the undo
    /// journal. The patch's handover record is written without a word (it changes nothing
    /// the user sees).
    pub fn update_loaded(
        &self,
        before: &Customer,
        p: &CustomerPatch,
        now: i64,
    ) -> Result<Vec<Change>> {
        crate::store::limit::customer_patch(p)?;
        let id = before.id;
        for (field, v) in [("notes", &p.notes), ("needs", &p.needs)] {
            fits(field, v.as_deref().unwrap_or_default())?;
        }
        for (field, v) in [
            ("title", &p.title),
            ("address", &p.address),
            ("owner", &p.owner),
        ] {
            fits(
                field,
                v.as_ref().and_then(Option::as_deref).unwrap_or_default(),
            )?;
        }
        use rusqlite::types::Value;
        // The row's new values, written at the end in one UPDATE: what is kept beside the
        // name and the address (their parts, the name's key) is set with them, as no
        // trigger changes the row after (schema v18).
        let mut cols: Vec<(&'static str, Value)> = Vec::new();
        if let Some(h) = &p.handover {
            cols.push(("handover", h.clone().map_or(Value::Null, Value::Text)));
        }
        let mut changed = Vec::new();
        macro_rules! set {
            ($col:expr, $value:expr, $what:expr $(,)?) => {{
                cols.push(($col, $value));
                changed.push($what);
            }};
        }
        let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::Text);
        // A field set to what it is already is no change: not said, not journaled, no new
        // `updated_at` (`rolo edit --title ""` twice said `title removed` twice).
        let renamed = p.name.as_ref().filter(|n| **n != before.name);
        if let Some(name) = renamed {
            set!(
                "name",
                Value::Text(name.clone()),
                Change::set(F::Name, ChangeValue::Text(name.clone())),
            );
            let (key, latin, grams) = text::name_columns(name);
            cols.push(("name_key", Value::Text(key)));
            cols.push(("name_latin", Value::Text(latin)));
            cols.push(("name_grams", Value::Text(grams)));
        }
        // Parts that do not fit the name are none (see `NameParts::fits`). Each part changed
        // is a change of its own (a merge's report lists them), in order. A new name without
        // parts has none: the old ones stood for the old name.
        match &p.name_parts {
            Some(v) => {
                let name = p.name.as_deref().unwrap_or(&before.name);
                let parts = v.as_ref().filter(|x| x.fits(name));
                if parts != before.name_parts.as_ref() {
                    let json = parts.map_or(Value::Null, |x| Value::Text(x.to_json()));
                    let mut what = match parts {
                        Some(x) => parts_changed(before.name_parts.as_ref(), x),
                        None => vec![Change::cleared(F::NameParts)],
                    };
                    set!("name_parts", json, what.remove(0));
                    changed.append(&mut what);
                }
            }
            None if renamed.is_some() && before.name_parts.is_some() => {
                cols.push(("name_parts", Value::Null));
            }
            None => {}
        }
        if let Some(kind) = p.kind.filter(|k| *k != before.kind) {
            set!(
                "kind",
                Value::Text(kind.as_str().into()),
                Change::set(F::Kind, ChangeValue::Kind(kind)),
            );
        }
        if let Some(org) = p.org_id.filter(|o| *o != before.org_id) {
            let what = match org {
                Some(o) => {
                    let name: String = self.tx.query_row(
                        "SELECT name FROM customers WHERE id = ?1",
                        [o.0],
                        |r| r.get(0),
                    )?;
                    Change::set(F::Organization, ChangeValue::Text(name))
                }
                None => Change::cleared(F::Organization),
            };
            set!(
                "org_id",
                org.map_or(Value::Null, |o| Value::Integer(o.0)),
                what,
            );
        }
        if let Some(v) = p.title.as_ref().filter(|v| **v != before.title) {
            set!("title", text(v), Change::text(F::Title, v.as_deref()));
        }
        let readdressed = p.address.as_ref().filter(|a| **a != before.address);
        if let Some(v) = readdressed {
            // (An address of nothing but blanks and commas is none.)
            let shown = v.as_deref().filter(|a| !text::one_line(a).is_empty());
            set!("address", text(v), Change::text(F::Address, shown));
        }
        // A label given to the address as it is, is said (a merge's `address label work`);
        // parts that come with a new address go without saying, and a new address without
        // parts has none: the old ones stood for the old address.
        match &p.address_parts {
            Some(v) if v.as_ref() != before.address_parts.as_ref() => {
                let json = v.as_ref().map_or(Value::Null, |x| Value::Text(x.to_json()));
                let label = v.as_ref().and_then(AddressParts::label);
                if readdressed.is_none() && label != before.address_label() {
                    let what = label.map_or_else(
                        || Change::cleared(F::AddressLabel),
                        |l| Change::set(F::AddressLabel, ChangeValue::Text(l.to_string())),
                    );
                    set!("address_parts", json, what);
                } else {
                    cols.push(("address_parts", json));
                }
            }
            None if readdressed.is_some() && before.address_parts.is_some() => {
                cols.push(("address_parts", Value::Null));
            }
            Some(_) | None => {}
        }
        if let Some(v) = p.notes.as_ref().filter(|v| **v != before.notes) {
            set!(
                "notes",
                Value::Text(v.clone()),
                Change::set(F::Notes, ChangeValue::Text(v.clone())),
            );
        }
        // (The same needs again are not news: their date stays, as the stale-needs measure
        // reads it.)
        if let Some(v) = p.needs.as_ref().filter(|v| **v != before.needs) {
            set!(
                "needs",
                Value::Text(v.clone()),
                Change::set(F::Needs, ChangeValue::Text(v.clone())),
            );
            cols.push(("needs_updated_at", Value::Integer(now)));
        }
        if let Some(v) = p.cadence_days.filter(|v| *v != before.cadence_days) {
            set!(
                "cadence_days",
                v.map_or(Value::Null, |d| Value::Integer(i64::from(d))),
                match v {
                    Some(d) => Change::set(F::Cadence, ChangeValue::Days(d)),
                    None => Change::cleared(F::Cadence),
                },
            );
        }
        if let Some(v) = p.owner.as_ref().filter(|v| **v != before.owner) {
            set!("owner", text(v), Change::text(F::Owner, v.as_deref()));
        }
        if let Some(v) = p.birthday.filter(|v| *v != before.birthday) {
            set!(
                "birthday",
                v.map_or(Value::Null, |d| Value::Text(date_str(d))),
                v.map_or_else(
                    || Change::cleared(F::Birthday),
                    |d| Change::set(F::Birthday, ChangeValue::Day(d)),
                ),
            );
        }
        for cp in &p.set_primary {
            let first: Option<i64> = self
                .tx
                .query_row(
                    "SELECT id FROM contact_points WHERE customer_id = ?1 AND kind = ?2 ORDER BY position, id LIMIT 1",
                    params![id.0, cp.kind],
                    |r| r.get(0),
                )
                .optional()?;
            match first {
                Some(cp_id) => {
                    self.tx.execute(
                        "UPDATE contact_points SET value = ?1, norm = ?2 WHERE id = ?3",
                        params![
                            cp.value.trim(),
                            ContactPoint::normalized(cp.kind, &cp.value),
                            cp_id
                        ],
                    )?;
                }
                None => {
                    self.add_contact(id, cp)?;
                }
            }
            changed.push(Change::set(
                F::Contact(cp.kind),
                ChangeValue::Text(cp.value.clone()),
            ));
        }
        // A contact point the customer has is not added again; when theirs has no label,
        // it gets this one (fill empty fields).
        let mut has = if p.add_contacts.is_empty() {
            ContactsHere::default()
        } else {
            self.contacts_of(id)?
        };
        for cp in &p.add_contacts {
            match (has.same(cp), &cp.label) {
                (None, _) => {
                    self.insert_contact_at(id, cp, &mut has)?;
                    changed.push(Change::listed(
                        F::Contact(cp.kind),
                        ChangeKind::Added,
                        &cp.value,
                    ));
                }
                (Some((row, None)), Some(label)) => {
                    self.tx
                        .prepare_cached("UPDATE contact_points SET label = ?1 WHERE id = ?2")?
                        .execute(params![label, *row])?;
                    *has.label_mut(cp) = Some(label.clone());
                    changed.push(Change {
                        on: Some(cp.value.trim().to_string()),
                        ..Change::set(F::ContactLabel, ChangeValue::Text(label.clone()))
                    });
                }
                (Some(_), _) => {}
            }
        }
        for value in &p.remove_contacts {
            let n = self.tx.execute(
                "DELETE FROM contact_points WHERE customer_id = ?1 AND (value = ?2 OR norm = lower(?2))",
                params![id.0, value.trim()],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!(
                    "{} has no contact point `{value}`",
                    before.name
                )));
            }
            changed.push(Change::listed(F::ContactValue, ChangeKind::Removed, value));
        }
        for tag in &p.add_tags {
            if self.add_tag(id, tag)? {
                changed.push(Change::listed(F::Tag, ChangeKind::Added, tag));
            }
        }
        for tag in &p.remove_tags {
            let n = self.tx.execute(
                "DELETE FROM customer_tags WHERE customer_id = ?1 AND tag_id = (SELECT id FROM tags WHERE name = ?2)",
                params![id.0, tag],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!(
                    "{} has no tag `{tag}`",
                    before.name
                )));
            }
            changed.push(Change::listed(F::Tag, ChangeKind::Removed, tag));
        }
        if !changed.is_empty() {
            cols.push(("updated_at", Value::Integer(now)));
        }
        if !cols.is_empty() {
            let sets: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(k, (col, _))| format!("{col} = ?{}", k + 2))
                .collect();
            let mut values: Vec<Value> = vec![Value::Integer(id.0)];
            values.extend(cols.into_iter().map(|(_, v)| v));
            self.tx
                .prepare_cached(&format!(
                    "UPDATE customers SET {} WHERE id = ?1",
                    sets.join(", ")
                ))?
                .execute(rusqlite::params_from_iter(values))?;
        }
        Ok(changed)
    }

    /// A customer's full profile, read inside the transaction.
    pub fn customer(&self, id: CustomerId) -> Result<Customer> {
        load_customer(self.tx, id)
    }

    /// A customer's full profile and their handover record (the JSON `customers.handover`
    /// keeps), in one read inside the transaction.
    pub fn customer_and_handover(&self, id: CustomerId) -> Result<(Customer, Option<String>)> {
        super::load_customer_and_handover(self.tx, id)
    }

    /// Finds an organization by name, with its name as stored: see [`find_org`].
    pub fn org_by_name(&self, name: &str) -> Result<Option<(CustomerId, String)>> {
        find_org(self.tx, name)
    }
}

/// A customer's contact points by kind and the key [`Writer::same_contact`] compares (a
/// phone's [`text::phone_key`], any other's normalized value), each the first by position
/// with its row id and label; and the position after the last.
#[derive(Default)]
struct ContactsHere {
    rows: std::collections::HashMap<(String, String), (i64, Option<String>)>,
    next: i64,
}

impl ContactsHere {
    /// The key `cp` is looked up by, as [`Writer::same_contact`] matches it.
    fn key(cp: &ContactPoint) -> (String, String) {
        let norm = ContactPoint::normalized(cp.kind, &cp.value);
        let key = ContactPoint::match_key(cp.kind, &norm).to_string();
        (cp.kind.as_str().to_string(), key)
    }

    /// The row id and label of the contact point that is `cp`, if the customer has it.
    fn same(&self, cp: &ContactPoint) -> Option<&(i64, Option<String>)> {
        self.rows.get(&Self::key(cp))
    }

    /// The label of the contact point that is `cp` (one [`ContactsHere::same`] found).
    fn label_mut(&mut self, cp: &ContactPoint) -> &mut Option<String> {
        &mut self.rows.entry(Self::key(cp)).or_default().1
    }
}

/// A name's parts as changed from `was` to `now`, one change each, in reading order
/// (`given name → María José`, `family name → García López`; a part cleared is cleared);
/// parts that differ in no part read trimmed are the name in parts, set.
fn parts_changed(was: Option<&NameParts>, now: &NameParts) -> Vec<Change> {
    let was = was.cloned().unwrap_or_default();
    // In the order a name is read.
    let order = |p: &NameParts| {
        [
            (NamePart::Given, p.given.clone()),
            (NamePart::Middle, p.additional.clone()),
            (NamePart::Family, p.family.clone()),
            (NamePart::Prefix, p.prefix.clone()),
            (NamePart::Suffix, p.suffix.clone()),
        ]
    };
    let mut said: Vec<Change> = order(&was)
        .into_iter()
        .zip(order(now))
        .filter(|((_, a), (_, b))| a.trim() != b.trim())
        .map(|(_, (part, b))| Change::text(F::NamePart(part), Some(&b)))
        .collect();
    if said.is_empty() {
        said.push(Change::in_parts());
    }
    said
}
