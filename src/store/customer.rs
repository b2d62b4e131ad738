//! Customer queries: insert, patch, load a full profile, windowed lists.

mod by_value;
mod change;
mod list;
pub(super) mod name_key;
mod write;

pub use change::{Change, ChangeKind, ChangeValue, ChangedField, NamePart};
pub(super) use list::name_prefix_query;
pub use list::{CustomerSort, ListFilter};
#[cfg(test)]
pub(super) use list::{filter_sql, order_sql};

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::row::{date, opt_date, opt_ts, ts};
use super::{Result, Store, StoreError};
use crate::domain::{AddressParts, ContactPoint, Customer, CustomerId, CustomerKind, NameParts};

/// A customer to create.
#[derive(Debug, Clone, Default)]
pub struct NewCustomer {
    /// Person or organization.
    pub kind: CustomerKind,
    /// Display name (validated by the caller).
    pub name: String,
    /// The name in parts, when it was read in parts (kept only while they fit the name).
    pub name_parts: Option<NameParts>,
    /// The organization a person belongs to.
    pub org_id: Option<CustomerId>,
    /// Job title.
    pub title: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// The address in parts, when it was read in parts.
    pub address_parts: Option<AddressParts>,
    /// Notes.
    pub notes: String,
    /// Needs and preferences.
    pub needs: String,
    /// Contact cadence in days.
    pub cadence_days: Option<u32>,
    /// Owner.
    pub owner: Option<String>,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// Contact points.
    pub contacts: Vec<ContactPoint>,
    /// Tags (validated, lowercase).
    pub tags: Vec<String>,
    /// Stable UID for exports.
    pub uid: String,
    /// Creation time (unix seconds).
    pub created_at: i64,
}

impl NewCustomer {
    /// Its name's parts as stored: JSON, when they fit the name.
    pub fn name_parts_json(&self) -> Option<String> {
        self.name_parts
            .as_ref()
            .filter(|p| p.fits(&self.name))
            .map(NameParts::to_json)
    }
}

/// Changes to a customer's profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CustomerPatch {
    /// New name.
    pub name: Option<String>,
    /// The name's parts, written after the name (whose change drops the old ones).
    pub name_parts: Option<Option<NameParts>>,
    /// Person or organization.
    pub kind: Option<CustomerKind>,
    /// New organization (`Some(None)` removes it).
    pub org_id: Option<Option<CustomerId>>,
    /// Title.
    pub title: Option<Option<String>>,
    /// Address.
    pub address: Option<Option<String>>,
    /// The address's parts, written after the address (which drops the old ones).
    pub address_parts: Option<Option<AddressParts>>,
    /// Notes (replaces).
    pub notes: Option<String>,
    /// Needs (replaces; stamps `needs_updated_at`).
    pub needs: Option<String>,
    /// Cadence.
    pub cadence_days: Option<Option<u32>>,
    /// Owner.
    pub owner: Option<Option<String>>,
    /// Birthday.
    pub birthday: Option<Option<NaiveDate>>,
    /// Replace the first contact point of this kind (or add one if there is none).
    pub set_primary: Vec<ContactPoint>,
    /// Contact points to add.
    pub add_contacts: Vec<ContactPoint>,
    /// Contact point values to remove.
    pub remove_contacts: Vec<String>,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove.
    pub remove_tags: Vec<String>,
    /// The handover record of the last dossier of them imported (JSON, as
    /// `interop::backup::Handover::to_json` writes it; `Some(None)` removes it).
    pub handover: Option<Option<String>>,
}

/// The profile fields a merge fills only where the customer has none, never overwriting one:
/// a record that matched may know them differently, and the customer's own stay.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fillable<'a> {
    /// The name (whose parts are filled only when they fit it).
    pub name: &'a str,
    /// The name in parts.
    pub name_parts: Option<&'a NameParts>,
    /// Job title.
    pub title: Option<&'a str>,
    /// Postal address.
    pub address: Option<&'a str>,
    /// Its parts, filled with it.
    pub address_parts: Option<&'a AddressParts>,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// Who handles them.
    pub owner: Option<&'a str>,
    /// Contact cadence in days.
    pub cadence_days: Option<u32>,
}

impl<'a> From<&'a Customer> for Fillable<'a> {
    fn from(c: &'a Customer) -> Self {
        Fillable {
            name: &c.name,
            name_parts: c.name_parts.as_ref(),
            title: c.title.as_deref(),
            address: c.address.as_deref(),
            address_parts: c.address_parts.as_ref(),
            birthday: c.birthday,
            owner: c.owner.as_deref(),
            cadence_days: c.cadence_days,
        }
    }
}

impl CustomerPatch {
    /// Sets each field that `cur` has empty and `new` has, and leaves the others alone.
    pub fn fill_empty(&mut self, cur: Fillable<'_>, new: Fillable<'_>) {
        let text = |v: &str| Some(Some(v.to_string()));
        if cur.name_parts.is_none()
            && let Some(p) = new.name_parts.filter(|p| p.fits(cur.name))
        {
            self.name_parts = Some(Some(p.clone()));
        }
        if cur.title.is_none() && new.title.is_some() {
            self.title = new.title.and_then(text);
        }
        if cur.address.is_none() && new.address.is_some() {
            self.address = new.address.and_then(text);
            self.address_parts = new.address_parts.map(|p| Some(p.clone()));
        } else if let Some(parts) = same_address_filled(cur, new) {
            self.address_parts = Some(Some(parts));
        }
        if cur.birthday.is_none() && new.birthday.is_some() {
            self.birthday = Some(new.birthday);
        }
        if cur.owner.is_none() && new.owner.is_some() {
            self.owner = new.owner.and_then(text);
        }
        if cur.cadence_days.is_none() && new.cadence_days.is_some() {
            self.cadence_days = Some(new.cadence_days);
        }
    }
}

/// The customer's address's parts with what `new`, the same address (the same text), fills:
/// its label where the customer's has none, its parts where the customer's were not read in
/// parts; `None` when it fills nothing. Another address fills nothing (it is kept in the
/// notes by the merge).
fn same_address_filled(cur: Fillable<'_>, new: Fillable<'_>) -> Option<AddressParts> {
    let (Some(a), Some(b)) = (cur.address, new.address) else {
        return None;
    };
    let theirs = new.address_parts?;
    if a.trim() != b.trim() {
        return None;
    }
    let mut parts = cur.address_parts.cloned().unwrap_or_default();
    let mut filled = false;
    if !parts.is_useful() && theirs.is_useful() {
        parts = AddressParts {
            label: parts.label,
            ..theirs.clone()
        };
        filled = true;
    }
    if parts.label().is_none()
        && let Some(l) = theirs.label()
    {
        parts.label = l.to_string();
        filled = true;
    }
    filled.then_some(parts)
}

/// One line of a customer list: what a list needs and no more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerRow {
    /// Row id.
    pub id: CustomerId,
    /// Person or organization.
    pub kind: CustomerKind,
    /// Name.
    pub name: String,
    /// Organization name.
    pub org: Option<String>,
    /// First email.
    pub email: Option<String>,
    /// First phone.
    pub phone: Option<String>,
    /// Tags, space separated.
    pub tags: Vec<String>,
    /// Last contact.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Earliest open follow-up.
    pub next_due: Option<NaiveDate>,
    /// Cadence.
    pub cadence_days: Option<u32>,
    /// Sum of won deals (of all time; an organization's with its people's, as its CSV row
    /// and its header count them) in minor units of `won_currency`; 0 when they are in
    /// several currencies (amounts in different currencies are never added).
    pub won_minor: i64,
    /// The currency of the won deals; `None` with no won deals, `"mixed"` when several.
    pub won_currency: Option<String>,
    /// What the value tier ranks the customer's account by (an organization with its
    /// people, a person without one): its deals won in the tier window (the last 12
    /// months), in your currency, as `insight::refresh` last cached them; `None` with none.
    /// [`CustomerSort::Value`] orders by it first.
    pub tier_value_minor: Option<i64>,
    /// What the customer itself won in the tier window, in your currency: an organization
    /// with its people (for an account, its `tier_value_minor`), a person their own deals
    /// only (never their organization's), from the deals as they are now.
    /// `None` with none, and in a list asked for without the window
    /// ([`ListFilter::value_window`]). The value column of a list by value shows it.
    pub won_12mo_minor: Option<i64>,
}

/// The columns of a [`CustomerRow`] before `won_12mo_minor` (the 14th, which needs the
/// tier window: see [`row_select`]).
macro_rules! row_columns {
    () => {
        "
SELECT c.id, c.kind, c.name, o.name, c.last_contact_at, c.next_due, c.cadence_days,
  (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email' ORDER BY position LIMIT 1),
  (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'phone' ORDER BY position LIMIT 1),
  (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
     WHERE ct.customer_id = c.id ORDER BY t.name)),
  (SELECT CASE count(DISTINCT currency) WHEN 1 THEN sum(value_minor) ELSE 0 END
     FROM deals WHERE stage = 'won' AND customer_id IN (SELECT c.id UNION ALL
       SELECT p.id FROM customers p WHERE c.kind = 'org' AND p.org_id = c.id)) AS won_minor,
  (SELECT CASE count(DISTINCT currency) WHEN 0 THEN NULL WHEN 1 THEN min(currency) ELSE 'mixed' END
     FROM deals WHERE stage = 'won' AND customer_id IN (SELECT c.id UNION ALL
       SELECT p.id FROM customers p WHERE c.kind = 'org' AND p.org_id = c.id)) AS won_currency,
  (SELECT revenue_minor FROM account_tiers WHERE account_id = coalesce(c.org_id, c.id)
     AND revenue_minor > 0) AS tier_value_minor"
    };
}

/// Where the rows of a customer list come from.
macro_rules! row_from {
    () => {
        "
FROM customers c LEFT JOIN customers o ON o.id = c.org_id"
    };
}

/// The rows of a customer list without the tier window (`won_12mo_minor` is `NULL`).
pub(super) const ROW_SELECT: &str =
    concat!(row_columns!(), ", NULL AS won_12mo_minor", row_from!());

/// The rows of the list `filter` asks for: with its tier window, `won_12mo_minor` is what
/// each customer itself won in it in your currency (see [`CustomerRow::won_12mo_minor`]).
/// The currency code is three ASCII letters and the window two numbers by construction, so
/// they are written into the SQL as literals (one cached statement per day).
pub(super) fn row_select(filter: &ListFilter) -> Cow<'static, str> {
    let (Some((from, until)), Some(cur)) = (filter.value_window, filter.currency) else {
        return Cow::Borrowed(ROW_SELECT);
    };
    Cow::Owned(format!(
        // An organization's people are those directly in it, as everywhere (one within
        // another included: with its own people, as its row's last contact and next step).
        "{}, (SELECT CASE WHEN sum(value_minor) > 0 THEN sum(value_minor) END FROM deals
           WHERE stage = 'won' AND currency = '{}' AND closed_at >= {from} AND closed_at < {until}
             AND customer_id IN (SELECT c.id UNION ALL
                                 SELECT p.id FROM customers p WHERE c.kind = 'org' AND p.org_id = c.id)
         ) AS won_12mo_minor{}",
        row_columns!(),
        cur.as_str(),
        row_from!()
    ))
}

pub(super) fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CustomerRow> {
    let tags: Option<String> = r.get(9)?;
    Ok(CustomerRow {
        id: CustomerId(r.get(0)?),
        kind: r.get(1)?,
        name: r.get(2)?,
        org: r.get(3)?,
        last_contact_at: opt_ts(r.get(4)?),
        next_due: opt_date(r.get_ref(5)?.as_str_or_null()?)?,
        cadence_days: r.get(6)?,
        email: r.get(7)?,
        phone: r.get(8)?,
        tags: tags
            .map(|t| t.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
        won_minor: r.get(10)?,
        won_currency: r.get(11)?,
        tier_value_minor: r.get(12)?,
        won_12mo_minor: r.get(13)?,
    })
}

/// Finds an organization by name as imports do ([`crate::domain::text::org_key`]: case,
/// accents, spacing and punctuation aside, so `Budimex SA` finds `Budimex S.A.`); the oldest
/// when several share a key; with its name as stored. The exact (case-insensitive) name is
/// one index seek (names equal but for ASCII case have one `name_key`); only a miss
/// compares keys over the organizations (and finds, too, one renamed in this transaction,
/// whose `name_key` is not computed yet).
pub fn find_org(conn: &Connection, name: &str) -> Result<Option<(CustomerId, String)>> {
    let name = name.trim();
    let exact = conn
        .prepare_cached(
            "SELECT id, name FROM customers
             WHERE name_key = ?2 AND kind = 'org' AND name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
        )?
        .query_row(
            rusqlite::params![name, crate::domain::text::name_key(name)],
            |r| Ok((CustomerId(r.get(0)?), r.get(1)?)),
        )
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    let key = crate::domain::text::org_key(name);
    if key.is_empty() {
        return Ok(None);
    }
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM customers WHERE kind = 'org' ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut buf = String::new();
    while let Some(r) = rows.next()? {
        buf.clear();
        let name: String = r.get(1)?;
        crate::domain::text::org_key_into(&name, &mut buf);
        if buf == key {
            return Ok(Some((CustomerId(r.get(0)?), name)));
        }
    }
    Ok(None)
}

impl Store {
    /// One list row by id.
    pub fn customer_row(&self, id: CustomerId) -> Result<CustomerRow> {
        let sql = format!("{ROW_SELECT} WHERE c.id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id.0], map_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no customer {id}")))
    }

    /// A customer's full profile.
    pub fn customer(&self, id: CustomerId) -> Result<Customer> {
        load_customer(&self.conn, id)
    }

    /// A customer's full profile and their handover record (the JSON `customers.handover`
    /// keeps: what the last dossier of them imported had), in one read.
    pub fn customer_and_handover(&self, id: CustomerId) -> Result<(Customer, Option<String>)> {
        load_customer_and_handover(&self.conn, id)
    }

    /// The people of an organization, by name.
    pub fn org_members(&self, org: CustomerId) -> Result<Vec<CustomerRow>> {
        self.customers_page(
            &ListFilter {
                org: Some(org),
                ..ListFilter::default()
            },
            CustomerSort::Name,
            0,
            500,
        )
    }

    /// An organization's first `n` people by name (as its list orders them) and how many
    /// people it has, in one query: the header names a few and counts the rest on every
    /// move over organizations.
    pub fn org_people(&self, org: CustomerId, n: usize) -> Result<(Vec<String>, usize)> {
        let mut total = 0;
        let mut names = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, count(*) OVER () FROM customers WHERE org_id = ?1
             ORDER BY name_key, name, id LIMIT ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![org.0, n as i64])?;
        while let Some(r) = rows.next()? {
            names.push(r.get(0)?);
            total = r.get::<_, i64>(1)? as usize;
        }
        Ok((names, total))
    }

    /// Whether any customer carries this tag (one indexed lookup).
    pub fn tag_in_use(&self, tag: &str) -> Result<bool> {
        Ok(self.conn.prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM tags t JOIN customer_tags ct ON ct.tag_id = t.id WHERE t.name = ?1)",
        )?
        .query_row([tag], |r| r.get(0))?)
    }

    /// All tags with how many customers carry each.
    pub fn tags(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name, count(ct.id) FROM tags t LEFT JOIN customer_tags ct ON ct.tag_id = t.id
             GROUP BY t.id ORDER BY t.name",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

pub(super) fn load_customer(conn: &Connection, id: CustomerId) -> Result<Customer> {
    load_customer_and_handover(conn, id).map(|(c, _)| c)
}

/// [`load_customer`], with the handover record of the last dossier of them imported (the
/// JSON the column keeps), in the same read.
pub(super) fn load_customer_and_handover(
    conn: &Connection,
    id: CustomerId,
) -> Result<(Customer, Option<String>)> {
    let (mut customer, handover) = conn
        .prepare_cached(
            "SELECT c.id, c.kind, c.name, c.org_id, o.name, c.title, c.address, c.notes, c.needs,
                    c.needs_updated_at, c.cadence_days, c.owner, c.birthday, c.uid, c.created_at,
                    c.updated_at, c.last_contact_at, c.next_due, c.address_parts, c.name_parts,
                    c.handover
             FROM customers c LEFT JOIN customers o ON o.id = c.org_id WHERE c.id = ?1",
        )?
        .query_row([id.0], |r| {
            Ok((
                Customer {
                    id: CustomerId(r.get(0)?),
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    name_parts: r
                        .get::<_, Option<String>>(19)?
                        .as_deref()
                        .and_then(NameParts::from_json),
                    org_id: r.get::<_, Option<i64>>(3)?.map(CustomerId),
                    org_name: r.get(4)?,
                    title: r.get(5)?,
                    address: r.get(6)?,
                    address_parts: r
                        .get::<_, Option<String>>(18)?
                        .as_deref()
                        .and_then(AddressParts::from_json),
                    notes: r.get(7)?,
                    needs: r.get(8)?,
                    needs_updated_at: opt_ts(r.get(9)?),
                    cadence_days: r.get(10)?,
                    owner: r.get(11)?,
                    birthday: r
                        .get::<_, Option<String>>(12)?
                        .as_deref()
                        .map(date)
                        .transpose()?,
                    uid: r.get(13)?,
                    created_at: ts(r.get(14)?),
                    updated_at: ts(r.get(15)?),
                    last_contact_at: opt_ts(r.get(16)?),
                    next_due: opt_date(r.get_ref(17)?.as_str_or_null()?)?,
                    contacts: Vec::new(),
                    tags: Vec::new(),
                },
                r.get::<_, Option<String>>(20)?,
            ))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("no customer {id}")))?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, value, label FROM contact_points WHERE customer_id = ?1 ORDER BY position, id",
    )?;
    customer.contacts = stmt
        .query_map([id.0], |r| {
            Ok(ContactPoint {
                kind: r.get(0)?,
                value: r.get(1)?,
                label: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
         WHERE ct.customer_id = ?1 ORDER BY t.name",
    )?;
    customer.tags = stmt
        .query_map([id.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((customer, handover))
}
