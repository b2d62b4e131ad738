//! The limits on values the store keeps itself, one check per entity, before a row is written.
//!
//! Every way in checks a value where it is typed or read (`domain::*::check_*`, the backup's
//! `restore::check`), in the words of that place. The store checks again, with the same
//! rules, so that a caller that forgot (a new importer, a merge, a future form) cannot write a
//! value past a limit: an older rolo stored such values, and schema v13 had to bring them back.

use chrono::{DateTime, NaiveDate};

use super::customer::{CustomerPatch, NewCustomer};
use super::deal::NewDeal;
use super::interaction::NewInteraction;
use super::{Result, StoreError};
use crate::domain::customer::{
    MAX_EMAIL_LEN, MAX_PHONE_LEN, check_cadence_days, check_len, check_name_len, check_tag,
};
use crate::domain::deal::{check_probability, check_value};
use crate::domain::interaction::{check_minutes, check_rating};
use crate::domain::when::{LAST_DAY, in_calendar};
use crate::domain::{ContactKind, ContactPoint};

/// `check`'s refusal as a [`StoreError::PastLimit`] of `field` with `value`.
fn kept<T>(field: &'static str, value: &impl ToString, check: Result<T, String>) -> Result<()> {
    check.map(drop).map_err(|message| StoreError::PastLimit {
        field,
        value: value.to_string(),
        message,
    })
}

/// A day rolo keeps: 0001-01-01 to [`LAST_DAY`] ([`in_calendar`]).
fn day(field: &'static str, what: &str, d: NaiveDate) -> Result<()> {
    kept(
        field,
        &d,
        in_calendar(d)
            .ok_or_else(|| format!("{what} of {d} is out of range (0001-01-01 to {LAST_DAY})")),
    )
}

/// A contact point's value: an email at most [`MAX_EMAIL_LEN`] bytes, a phone
/// [`MAX_PHONE_LEN`] (as stored: trimmed).
fn contact(cp: &ContactPoint) -> Result<()> {
    let v = cp.value.trim();
    match cp.kind {
        ContactKind::Email => kept("email", &v, check_len(v, MAX_EMAIL_LEN, "an email address")),
        ContactKind::Phone => kept("phone", &v, check_len(v, MAX_PHONE_LEN, "a phone number")),
        ContactKind::Url | ContactKind::Im | ContactKind::Other => Ok(()),
    }
}

/// A customer's values, new or changed: the name's length, the contact cadence, the
/// birthday's day, contact points and tags.
struct CustomerValues<'a> {
    name: Option<&'a str>,
    cadence_days: Option<u32>,
    birthday: Option<NaiveDate>,
    /// (Two lists: a patch's replaced and added ones.)
    contacts: [&'a [ContactPoint]; 2],
    tags: &'a [String],
}

/// The one check of a customer's values ([`NewCustomer`] and [`CustomerPatch`] both).
fn customer_values(c: &CustomerValues<'_>) -> Result<()> {
    if let Some(name) = c.name {
        kept("name", &name, check_name_len(name))?;
    }
    if let Some(d) = c.cadence_days {
        kept("cadence_days", &d, check_cadence_days(i64::from(d)))?;
    }
    if let Some(b) = c.birthday {
        day("birthday", "a birthday", b)?;
    }
    for cp in c.contacts.iter().flat_map(|list| list.iter()) {
        contact(cp)?;
    }
    for t in c.tags {
        kept("tag", &t, check_tag(t))?;
    }
    Ok(())
}

/// A customer to create (by [`super::Writer::insert_customer`], and by an import's batched
/// writes, which go around it).
pub(crate) fn new_customer(c: &NewCustomer) -> Result<()> {
    customer_values(&CustomerValues {
        name: Some(&c.name),
        cadence_days: c.cadence_days,
        birthday: c.birthday,
        contacts: [&c.contacts, &[]],
        tags: &c.tags,
    })
}

/// A customer's changes.
pub(super) fn customer_patch(p: &CustomerPatch) -> Result<()> {
    customer_values(&CustomerValues {
        name: p.name.as_deref(),
        cadence_days: p.cadence_days.flatten(),
        birthday: p.birthday.flatten(),
        contacts: [&p.set_primary, &p.add_contacts],
        tags: &p.add_tags,
    })
}

/// An interaction: its minutes, rating and day.
pub(super) fn interaction(i: &NewInteraction) -> Result<()> {
    if let Some(m) = i.minutes {
        kept("minutes", &m, check_minutes(i64::from(m)))?;
    }
    if let Some(r) = i.rating {
        kept("rating", &r, check_rating(i64::from(r)))?;
    }
    let on = DateTime::from_timestamp(i.occurred_at, 0).map(|t| t.date_naive());
    match on {
        Some(d) if in_calendar(d).is_some() => Ok(()),
        _ => kept(
            "occurred_at",
            &i.occurred_at,
            Err::<(), _>(format!(
                "a time of {} (Unix seconds) is out of range (0001-01-01 to {LAST_DAY})",
                i.occurred_at
            )),
        ),
    }
}

/// A follow-up's day, as created or moved to.
pub(super) fn follow_up_day(due: NaiveDate) -> Result<()> {
    day("due_date", "a follow-up's day", due)
}

/// A deal: its value, probability and expected close.
pub(super) fn deal(d: &NewDeal) -> Result<()> {
    kept("value_minor", &d.value.minor, check_value(d.value))?;
    deal_probability(d.probability)?;
    if let Some(close) = d.expected_close {
        day("expected_close", "an expected close", close)?;
    }
    Ok(())
}

/// A deal's probability, 0 to 100.
pub(super) fn deal_probability(p: u8) -> Result<()> {
    kept("probability", &p, check_probability(i64::from(p)))
}

/// A follow-up's count of snoozes or moves as SQL that adds `add` to column `col`, stopped
/// at [`crate::domain::follow_up::MAX_COUNT`] (the most a backup restores): a snooze past it
/// still moves the day.
pub(super) fn count_plus(col: &str, add: &str) -> String {
    // Never lower: a count above it (from before the limit) stays as it is.
    format!(
        "max({col}, min({col} + {add}, {}))",
        crate::domain::follow_up::MAX_COUNT
    )
}
