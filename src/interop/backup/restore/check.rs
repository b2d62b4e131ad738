//! Checks on a backup's records before they are restored: ids and days. A record that fails
//! one is named as a JSON path (`customers[12].birthday`, 0-based as in the file's arrays).

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use super::super::CustomerRec;
use crate::domain::ContactKind;
use crate::domain::customer::{MAX_EMAIL_LEN, MAX_PHONE_LEN, check_len, check_name_len};
use crate::interop::ImportError;
use crate::interop::text::{check_ymd, shown};

/// The largest id a backup may give a row: 2^53 - 1, the largest integer every JSON reader
/// holds exactly. rolo's own ids count up from 1; anything past this is not from rolo.
pub const MAX_ID: i64 = (1 << 53) - 1;

/// Where a record or one of its fields is: `customers[12]`, `customers[12].birthday`.
pub fn place(list: &str, i: usize, field: &str) -> String {
    if field.is_empty() {
        format!("{list}[{i}]")
    } else {
        format!("{list}[{i}].{field}")
    }
}

/// A record of a backup that cannot be restored: where (as a JSON path) and why.
pub fn bad(
    file: &Path,
    list: &str,
    i: usize,
    field: &str,
    e: impl std::fmt::Display,
) -> ImportError {
    ImportError::Format {
        file: file.to_path_buf(),
        message: format!(
            "{}: {e}; nothing was imported (fix the record in the file)",
            place(list, i, field)
        ),
    }
}

/// A record rolo would not restore: where (`customers`, its index in the list, the field)
/// and why. [`Refused::in_file`] says it of a backup file; `rolo doctor` and the JSON
/// export of the database say it of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The list (`customers`, `deals`, `interactions`, `follow_ups`).
    pub list: &'static str,
    /// The record's index in it.
    pub i: usize,
    /// The field (`notes`, `contacts[2].value`), empty for the whole record.
    pub field: String,
    /// Why, in words.
    pub why: String,
}

impl Refused {
    /// The refusal of a backup file's record, named by its JSON path ([`bad`]).
    pub fn in_file(self, file: &Path) -> ImportError {
        bad(file, self.list, self.i, &self.field, self.why)
    }
}

fn refused(list: &'static str, i: usize, field: &str, why: impl std::fmt::Display) -> Refused {
    Refused {
        list,
        i,
        field: field.to_string(),
        why: why.to_string(),
    }
}

/// The ids of one list seen so far: each must be in 1..=[`MAX_ID`] and appear once.
#[derive(Default)]
pub struct Ids(HashSet<i64>);

impl Ids {
    /// Checks the id of record `i` of `list`.
    pub fn check(&mut self, file: &Path, list: &str, i: usize, id: i64) -> Result<(), ImportError> {
        if !(1..=MAX_ID).contains(&id) {
            return Err(bad(
                file,
                list,
                i,
                "id",
                format!("id {id} is out of range (rolo's ids are 1 to {MAX_ID})"),
            ));
        }
        if !self.0.insert(id) {
            return Err(bad(
                file,
                list,
                i,
                "id",
                format!("id {id} is used twice in `{list}`; ids are unique in a backup"),
            ));
        }
        Ok(())
    }
}

/// Checks the size of each text of record `i` of `list` (its field names and values, a
/// value absent when `None`): each at most 1 MiB, as the CSV and vCard readers allow a
/// value.
fn sizes(list: &'static str, i: usize, texts: &[(&str, Option<&str>)]) -> Result<(), Refused> {
    for (field, value) in texts {
        let value = value.unwrap_or_default();
        crate::domain::text::check_value_bytes(value).map_err(|m| refused(list, i, field, m))?;
    }
    Ok(())
}

/// Checks the size of each text of a customer's record (see [`sizes`]).
fn customer_sizes(i: usize, c: &CustomerRec) -> Result<(), Refused> {
    let p = c.address_parts.as_ref();
    let part = |f: fn(&crate::domain::AddressParts) -> &String| p.map(|p| f(p).as_str());
    let n = c.name_parts.as_ref();
    let name_part = |f: fn(&crate::domain::NameParts) -> &String| n.map(|p| f(p).as_str());
    sizes(
        "customers",
        i,
        &[
            ("uid", Some(c.uid.as_str())),
            ("name", Some(c.name.as_str())),
            ("notes", Some(c.notes.as_str())),
            ("needs", Some(c.needs.as_str())),
            ("org", c.org.as_deref()),
            ("title", c.title.as_deref()),
            ("address", c.address.as_deref()),
            ("owner", c.owner.as_deref()),
            ("birthday", c.birthday.as_deref()),
            ("address_parts.po_box", part(|p| &p.po_box)),
            ("address_parts.extended", part(|p| &p.extended)),
            ("address_parts.street", part(|p| &p.street)),
            ("address_parts.city", part(|p| &p.city)),
            ("address_parts.region", part(|p| &p.region)),
            ("address_parts.postcode", part(|p| &p.postcode)),
            ("address_parts.country", part(|p| &p.country)),
            ("address_parts.label", part(|p| &p.label)),
            ("name_parts.family", name_part(|p| &p.family)),
            ("name_parts.given", name_part(|p| &p.given)),
            ("name_parts.additional", name_part(|p| &p.additional)),
            ("name_parts.prefix", name_part(|p| &p.prefix)),
            ("name_parts.suffix", name_part(|p| &p.suffix)),
        ],
    )?;
    values_sizes(i, "", &c.contacts, &c.tags)?;
    if let Some(h) = &c.handover {
        handover_sizes(i, "handover.", h)?;
    }
    Ok(())
}

/// Checks the size of each text of a customer's handover record (`prefix`: its path), and
/// of the records merged into it.
fn handover_sizes(
    i: usize,
    prefix: &str,
    h: &crate::interop::backup::Handover,
) -> Result<(), Refused> {
    sizes(
        "customers",
        i,
        &[(&format!("{prefix}uid"), Some(h.uid.as_str()))],
    )?;
    values_sizes(i, prefix, &h.contacts, &h.tags)?;
    for (at, f) in [
        ("fields.", &h.fields),
        ("kept.", &h.kept),
        ("after.", &h.after),
    ] {
        let Some(f) = f else { continue };
        let field = |name: &str| format!("{prefix}{at}{name}");
        sizes(
            "customers",
            i,
            &[
                (&field("name"), Some(f.name.as_str())),
                (&field("title"), f.title.as_deref()),
                (&field("address"), f.address.as_deref()),
                (&field("notes"), Some(f.notes.as_str())),
                (&field("needs"), Some(f.needs.as_str())),
                (&field("owner"), f.owner.as_deref()),
                (&field("birthday"), f.birthday.as_deref()),
            ],
        )?;
    }
    for (k, m) in h.merged.iter().enumerate() {
        handover_sizes(i, &format!("{prefix}merged[{k}]."), m)?;
    }
    Ok(())
}

/// Checks the size of each contact point's value and label and of each tag of a customer's
/// record (`prefix`: `handover.` for those of its handover record).
fn values_sizes(
    i: usize,
    prefix: &str,
    contacts: &[crate::domain::ContactPoint],
    tags: &[String],
) -> Result<(), Refused> {
    // (A list item's path is written only for a value refused.)
    let bytes = crate::domain::text::check_value_bytes;
    let at =
        |field: std::fmt::Arguments<'_>, m| refused("customers", i, &format!("{prefix}{field}"), m);
    for (k, cp) in contacts.iter().enumerate() {
        bytes(&cp.value).map_err(|m| at(format_args!("contacts[{k}].value"), m))?;
        bytes(cp.label.as_deref().unwrap_or_default())
            .map_err(|m| at(format_args!("contacts[{k}].label"), m))?;
    }
    for (k, t) in tags.iter().enumerate() {
        bytes(t).map_err(|m| at(format_args!("tags[{k}]"), m))?;
    }
    Ok(())
}

/// Checks the lengths of a customer's name, emails and phones (as every import does).
fn lengths(i: usize, c: &CustomerRec) -> Result<(), Refused> {
    check_name_len(&c.name).map_err(|m| refused("customers", i, "name", m))?;
    for (k, cp) in c.contacts.iter().enumerate() {
        let checked = match cp.kind {
            ContactKind::Email => check_len(&cp.value, MAX_EMAIL_LEN, "an email address"),
            ContactKind::Phone => check_len(&cp.value, MAX_PHONE_LEN, "a phone number"),
            ContactKind::Url | ContactKind::Im | ContactKind::Other => Ok(()),
        };
        checked.map_err(|m| refused("customers", i, &format!("contacts[{k}].value"), m))?;
    }
    Ok(())
}

/// A day as a backup writes it: `YYYY-MM-DD`, a possible one.
pub fn day(raw: &str) -> Result<NaiveDate, String> {
    // The shape as rolo stores a day; whether it is one, with the reason when not.
    match crate::store::row::date_parts(raw) {
        Some((y, m, d)) => check_ymd(y.unsigned_abs(), m, d)
            .map_err(|why| format!("`{}` is not a date: {why}", shown(raw))),
        None => Err(format!(
            "`{}` is not a date (expected YYYY-MM-DD, e.g. 1980-05-14)",
            shown(raw)
        )),
    }
}

/// A time of day as a backup writes it: as rolo stores it ([`crate::store::row::stored_time`]).
pub fn time(raw: &str) -> Result<(), String> {
    match crate::store::row::stored_time(raw) {
        Some(_) => Ok(()),
        None => Err(format!(
            "`{}` is not a time (expected HH:MM, e.g. 09:30)",
            shown(raw)
        )),
    }
}

/// Checks field `field` of record `i` of `list`, a day if present.
pub fn opt_day(
    file: &Path,
    list: &str,
    i: usize,
    field: &str,
    raw: Option<&str>,
) -> Result<Option<NaiveDate>, ImportError> {
    raw.map(|d| day(d).map_err(|m| bad(file, list, i, field, m)))
        .transpose()
}

/// A text value that must be one of an enum's spellings, written as rolo writes it.
fn spelled<T: Copy>(
    raw: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
    as_str: fn(T) -> &'static str,
    spellings: &str,
) -> Result<(), String> {
    match parse(raw) {
        Some(v) if as_str(v) == raw => Ok(()),
        _ => Err(format!(
            "unknown {what} `{}`; expected one of {spellings}",
            shown(raw)
        )),
    }
}

/// Text that must not be blank.
fn not_blank(s: &str, what: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        Err(format!("the {what} is empty"))
    } else {
        Ok(())
    }
}

/// Checks what a customer's record says beyond its JSON types: what the database, or rolo
/// reading it back, would refuse (its sizes and lengths first).
pub fn customer(i: usize, c: &CustomerRec) -> Result<(), Refused> {
    customer_sizes(i, c)?;
    lengths(i, c)?;
    let at = |field: &str, m: String| refused("customers", i, field, m);
    // (Bidi marks alone are nothing on a screen: rolo shows them as nothing.)
    not_blank(&crate::domain::text::sanitize(&c.name), "name").map_err(|m| at("name", m))?;
    if let Some(days) = c.cadence_days {
        crate::domain::customer::check_cadence_days(i64::from(days))
            .map_err(|m| at("cadence_days", m))?;
    }
    if c.kind == crate::domain::CustomerKind::Org && c.org.is_some() {
        return Err(at(
            "org",
            "an organization cannot belong to another (only a person has an `org`)".into(),
        ));
    }
    for (k, tag) in c.tags.iter().enumerate() {
        crate::domain::customer::check_tag(tag).map_err(|m| at(&format!("tags[{k}]"), m))?;
    }
    Ok(())
}

/// Checks a deal's record (see [`customer`]).
pub fn deal(i: usize, d: &super::super::DealRec) -> Result<(), Refused> {
    use crate::domain::money::MoneyError;
    use crate::domain::{Currency, Money, Stage, deal};
    let at = |field: &str, m: String| refused("deals", i, field, m);
    sizes(
        "deals",
        i,
        &[
            ("customer", Some(d.customer.as_str())),
            ("title", Some(d.title.as_str())),
            ("currency", Some(d.currency.as_str())),
            ("stage", Some(d.stage.as_str())),
            ("expected_close", d.expected_close.as_deref()),
        ],
    )?;
    not_blank(&d.title, "title").map_err(|m| at("title", m))?;
    // The currency first: the value is said in it.
    let currency = Currency::parse_code(&d.currency).map_err(|_| {
        let shown = MoneyError::UnknownCurrency {
            input: shown(&d.currency),
        };
        at("currency", shown.to_string())
    })?;
    deal::check_value(Money {
        minor: d.value_minor,
        currency,
    })
    .map_err(|m| at("value_minor", m))?;
    spelled(
        &d.stage,
        "stage",
        Stage::parse,
        Stage::as_str,
        &Stage::spellings(),
    )
    .map_err(|m| at("stage", m))?;
    deal::check_probability(d.probability).map_err(|m| at("probability", m))?;
    Ok(())
}

/// Checks an interaction's record (see [`customer`]).
pub fn interaction(i: usize, x: &super::super::InteractionRec) -> Result<(), Refused> {
    use crate::domain::{Direction, InteractionKind};
    let at = |field: &str, m: String| refused("interactions", i, field, m);
    sizes(
        "interactions",
        i,
        &[
            ("customer", Some(x.customer.as_str())),
            ("kind", Some(x.kind.as_str())),
            ("direction", Some(x.direction.as_str())),
            ("summary", Some(x.summary.as_str())),
            ("notes", Some(x.notes.as_str())),
        ],
    )?;
    spelled(
        &x.kind,
        "kind",
        InteractionKind::parse,
        InteractionKind::as_str,
        &InteractionKind::spellings(),
    )
    .map_err(|m| at("kind", m))?;
    spelled(
        &x.direction,
        "direction",
        Direction::parse,
        Direction::as_str,
        &Direction::spellings(),
    )
    .map_err(|m| at("direction", m))?;
    if let Some(m) = x.minutes {
        crate::domain::interaction::check_minutes(m).map_err(|e| at("minutes", e))?;
    }
    if let Some(r) = x.rating {
        crate::domain::interaction::check_rating(r).map_err(|e| at("rating", e))?;
    }
    Ok(())
}

/// Checks a follow-up's record (see [`customer`]); its days are checked by [`opt_day`].
pub fn follow_up(i: usize, f: &super::super::FollowUpRec) -> Result<(), Refused> {
    use crate::domain::{FollowUpStatus, Repeat};
    let at = |field: &str, m: String| refused("follow_ups", i, field, m);
    sizes(
        "follow_ups",
        i,
        &[
            ("customer", Some(f.customer.as_str())),
            ("what", Some(f.what.as_str())),
            ("due_date", Some(f.due_date.as_str())),
            ("original_due", Some(f.original_due.as_str())),
            ("status", Some(f.status.as_str())),
            ("due_time", f.due_time.as_deref()),
            ("repeat_rule", f.repeat_rule.as_deref()),
            ("event_uid", f.event_uid.as_deref()),
        ],
    )?;
    not_blank(&f.what, "text of what to do").map_err(|m| at("what", m))?;
    spelled(
        &f.status,
        "status",
        FollowUpStatus::parse,
        FollowUpStatus::as_str,
        &FollowUpStatus::spellings(),
    )
    .map_err(|m| at("status", m))?;
    if let Some(t) = &f.due_time {
        time(t).map_err(|m| at("due_time", m))?;
    }
    if let Some(rule) = &f.repeat_rule {
        // As rolo reads it back (`store::row::opt_repeat`).
        Repeat::parse(rule).map_err(|_| {
            at(
                "repeat_rule",
                format!(
                    "`{}` is not a repeat rule (such as 2w, 10d or 1m)",
                    shown(rule)
                ),
            )
        })?;
    }
    use crate::domain::follow_up::check_count;
    check_count(f.snooze_count, "snoozes").map_err(|m| at("snooze_count", m))?;
    check_count(f.reschedule_count, "moves").map_err(|m| at("reschedule_count", m))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_strict_and_possible() {
        assert_eq!(time("09:30"), Ok(()));
        assert_eq!(time("23:59"), Ok(()));
        for bad in ["24:00", "9:30", "09:3", "09:30:00", "0930", "", "٠٩:٣٠"] {
            assert_eq!(
                time(bad),
                Err(format!(
                    "`{bad}` is not a time (expected HH:MM, e.g. 09:30)"
                )),
                "{bad}"
            );
        }
    }

    #[test]
    fn days_are_strict_and_possible() {
        assert_eq!(
            day("1980-05-14"),
            Ok(NaiveDate::from_ymd_opt(1980, 5, 14).unwrap())
        );
        assert_eq!(
            day("1980-13-14"),
            Err("`1980-13-14` is not a date: there is no month 13".into())
        );
        assert_eq!(
            day("99999-01-01"),
            Err("`99999-01-01` is not a date (expected YYYY-MM-DD, e.g. 1980-05-14)".into())
        );
        assert_eq!(
            day("0000-01-01"),
            Err("`0000-01-01` is not a date: year 0 is out of range (1 to 9999)".into())
        );
        assert!(day("1980-5-14").is_err());
    }

    #[test]
    fn ids_are_in_range_and_unique() {
        let f = Path::new("b.json");
        let mut ids = Ids::default();
        assert!(ids.check(f, "deals", 0, 1).is_ok());
        assert_eq!(
            ids.check(f, "deals", 1, 1).unwrap_err().to_string(),
            "b.json: deals[1].id: id 1 is used twice in `deals`; ids are unique in a backup; \
             nothing was imported (fix the record in the file)"
        );
        assert_eq!(
            ids.check(f, "deals", 2, -5).unwrap_err().to_string(),
            format!(
                "b.json: deals[2].id: id -5 is out of range (rolo's ids are 1 to {MAX_ID}); \
                 nothing was imported (fix the record in the file)"
            )
        );
        assert!(ids.check(f, "deals", 3, MAX_ID + 1).is_err());
    }
}
