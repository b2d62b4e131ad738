//! CSV export: one row per customer with its measures, for spreadsheets.
//!
//! Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would be run as a formula by a spreadsheet, so it is written with a leading `'`
//! (which spreadsheets show as text and hide). Phone columns are the exception: a value made
//! only of digits, spaces and `+ - ( ) . /` cannot call a function, so `+48 600 100 200`
//! stays readable as it is. Numbers written by rolo itself (counts, money) are never quoted.
//!
//! Money: amounts in different currencies are never added together. `won_value` and
//! `open_pipeline` hold a plain decimal (`97700.00`) and `won_currency` / `open_currency` its
//! ISO code when a customer's deals are all in one currency. With several currencies the
//! currency cell says `mixed` and the value cell lists one amount per currency, by code:
//! `232600.00 EUR; 192900.00 USD` (text, so a spreadsheet's `SUM` skips it instead of adding
//! euros to dollars). Without deals both cells are empty.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};

use crate::domain::customer::check_phone;
use crate::domain::{Currency, Money};
use crate::store::{ListFilter, Store};

/// The header row.
pub const COLUMNS: &[&str] = &[
    "id",
    "uid",
    "kind",
    "name",
    "organization",
    "title",
    "emails",
    "phones",
    "urls",
    "address",
    "tags",
    "birthday",
    "owner",
    "cadence_days",
    "created",
    "last_contact",
    "days_since_contact",
    "next_due",
    "open_follow_ups",
    "contacts_total",
    "contacts_90d",
    "avg_rating",
    "won_value",
    "won_currency",
    "open_pipeline",
    "open_currency",
    "open_deals",
    "needs",
    "notes",
];

/// What a spreadsheet would run as a formula when a cell starts with it.
pub const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes a text cell safe for spreadsheets (see the module docs).
pub fn cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A phone cell: kept as is when every number in it is only phone characters.
pub fn phone_cell(s: &str) -> Cow<'_, str> {
    if s.split("; ").all(|p| check_phone(p).is_ok()) {
        Cow::Borrowed(s)
    } else {
        cell(s)
    }
}

/// The value and currency cells of a list of per-currency sums, `EUR:23260000;USD:19290000`
/// (see the module docs): never one number for several currencies.
fn money_cells(sums: Option<&str>) -> (String, String) {
    let amounts: Vec<(String, String)> = sums
        .unwrap_or_default()
        .split(';')
        .filter_map(|part| {
            let (code, minor) = part.split_once(':')?;
            let minor: i64 = minor.parse().ok()?;
            Some(match Currency::parse(code) {
                Ok(c) => (
                    Money { minor, currency: c }.major_string(),
                    c.as_str().to_string(),
                ),
                // Not a currency code (never written by rolo): kept, in minor units.
                Err(_) => (minor.to_string(), code.to_string()),
            })
        })
        .collect();
    match amounts.as_slice() {
        [] => (String::new(), String::new()),
        [(value, code)] => (value.clone(), code.clone()),
        several => (
            several
                .iter()
                .map(|(value, code)| format!("{value} {code}"))
                .collect::<Vec<_>>()
                .join("; "),
            "mixed".to_string(),
        ),
    }
}

/// Writes the customers `filter` keeps (all with the default) as CSV (UTF-8, comma,
/// CRLF-free `\n` rows, RFC 4180 quoting); returns how many rows.
pub fn write(
    store: &Store,
    today: NaiveDate,
    filter: &ListFilter,
    out: &mut dyn std::io::Write,
) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let since_90 = (today - chrono::Duration::days(89))
        .and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp());
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS).map_err(io_error)?;
    let mut args = vec![rusqlite::types::Value::Integer(since_90)];
    let chosen = filter.where_sql(&mut args);
    let mut stmt = store.conn().prepare(&format!(
        "SELECT c.id, c.uid, c.kind, c.name, o.name, c.title,
          (SELECT group_concat(value, '; ') FROM (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'email' ORDER BY position)),
          (SELECT group_concat(value, '; ') FROM (SELECT value FROM contact_points WHERE customer_id = c.id AND kind = 'phone' ORDER BY position)),
          (SELECT group_concat(value, '; ') FROM (SELECT value FROM contact_points WHERE customer_id = c.id AND kind IN ('url', 'other') ORDER BY position)),
          c.address,
          (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id ORDER BY t.name)),
          c.birthday, c.owner, c.cadence_days, c.created_at, c.last_contact_at, c.next_due,
          (SELECT count(*) FROM follow_ups WHERE customer_id = c.id AND status = 'open'),
          (SELECT count(*) FROM interactions WHERE customer_id = c.id AND kind <> 'note'),
          (SELECT count(*) FROM interactions WHERE customer_id = c.id AND kind <> 'note' AND occurred_at >= ?1),
          (SELECT round(avg(rating), 2) FROM interactions WHERE customer_id = c.id AND rating IS NOT NULL),
          (SELECT group_concat(currency || ':' || total, ';') FROM (SELECT currency, sum(value_minor) AS total FROM deals WHERE customer_id = c.id AND stage = 'won' GROUP BY currency ORDER BY currency)),
          NULL,
          (SELECT group_concat(currency || ':' || total, ';') FROM (SELECT currency, sum(value_minor) AS total FROM deals WHERE customer_id = c.id AND closed_at IS NULL AND stage NOT IN ('won', 'lost') GROUP BY currency ORDER BY currency)),
          NULL,
          (SELECT count(*) FROM deals WHERE customer_id = c.id AND closed_at IS NULL AND stage NOT IN ('won', 'lost')),
          c.needs, c.notes
         FROM customers c LEFT JOIN customers o ON o.id = c.org_id{chosen} ORDER BY c.id",
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut written = 0;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let num = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<i64>>(i)?
                .map(|n| n.to_string())
                .unwrap_or_default())
        };
        let day = |secs: Option<i64>| {
            secs.and_then(|s| DateTime::from_timestamp(s, 0))
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let last: Option<i64> = r.get(15)?;
        let since = last
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(|t| (today - t.date_naive()).num_days().to_string())
            .unwrap_or_default();
        let (won_value, won_cur) = money_cells(r.get::<_, Option<String>>(21)?.as_deref());
        let (open_value, open_cur) = money_cells(r.get::<_, Option<String>>(23)?.as_deref());
        let rating: Option<f64> = r.get(20)?;
        let record = [
            num(0)?,
            text(1)?,
            text(2)?,
            cell(&text(3)?).into_owned(),
            cell(&text(4)?).into_owned(),
            cell(&text(5)?).into_owned(),
            cell(&text(6)?).into_owned(),
            phone_cell(&text(7)?).into_owned(),
            cell(&text(8)?).into_owned(),
            cell(&text(9)?).into_owned(),
            text(10)?,
            text(11)?,
            cell(&text(12)?).into_owned(),
            num(13)?,
            day(r.get(14)?),
            day(last),
            since,
            text(16)?,
            num(17)?,
            num(18)?,
            num(19)?,
            rating.map(|x| format!("{x:.2}")).unwrap_or_default(),
            won_value,
            won_cur,
            open_value,
            open_cur,
            num(25)?,
            cell(&text(26)?).into_owned(),
            cell(&text(27)?).into_owned(),
        ];
        w.write_record(&record).map_err(io_error)?;
        written += 1;
    }
    w.flush()?;
    Ok(written)
}

/// A write error as the output's own (a closed pipe stays a closed pipe).
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("CSV: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_but_phones_stay_readable() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("Anna"), "Anna");
        assert_eq!(
            phone_cell("+48 600 100 200; (030) 123-45"),
            "+48 600 100 200; (030) 123-45"
        );
        assert_eq!(phone_cell("+1 cmd|' /C calc'!A0"), "'+1 cmd|' /C calc'!A0");
    }

    #[test]
    fn money_cells_never_add_currencies() {
        let cells = |s: Option<&str>| {
            let (v, c) = money_cells(s);
            (v, c)
        };
        assert_eq!(cells(None), (String::new(), String::new()));
        assert_eq!(
            cells(Some("EUR:9770000")),
            ("97700.00".to_string(), "EUR".to_string())
        );
        assert_eq!(
            cells(Some("JPY:1500")),
            ("1500".to_string(), "JPY".to_string())
        );
        assert_eq!(
            cells(Some("EUR:23260000;USD:19290000")),
            (
                "232600.00 EUR; 192900.00 USD".to_string(),
                "mixed".to_string()
            )
        );
    }
}
