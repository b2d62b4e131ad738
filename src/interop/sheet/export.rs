//! CSV export: one row per customer with its measures, for spreadsheets.
//!
//! Every column says how its cells are written ([`Sheet`]), and every cell of a row is
//! written through [`Sheet::protect`] in one place, so a column cannot be left out:
//!
//! - Text from the database (typed by someone or imported: names, uid, tags, notes...) that
//!   starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
//!   spreadsheet, so it is written with a leading `'` (which spreadsheets show as text and
//!   hide).
//! - A phone cell keeps its spaces and is left as it is only when a spreadsheet reads it as
//!   text: it starts with a digit or `(`, has a space and no `/` (`030 123 456`,
//!   `(030) 123-45`). Every other phone cell gets the `'`: `+48 600 100 200` starts like a
//!   formula (`+1-555-123-4567` would be computed), and without a space a spreadsheet reads a
//!   phone as a number or a date (`+491712345678` and `0171234567` lose their `+` or `0`,
//!   twelve digits show as `4.91712E+11`, `12-05` becomes a day), with `/` as a fraction
//!   (`30 1/2`).
//! - A value that already starts with `'` before what would be protected gets one more
//!   (`'=x` is written `''=x`), because rolo's import takes one `'` off such a cell
//!   ([`Sheet::unprotect`]): export and import are exact inverses, and `'s-Hertogenbosch`
//!   is written as it is.
//! - Numbers and dates rolo formats itself (counts, money, days) are never quoted, so a
//!   spreadsheet computes with them.
//!
//! The measures of an organization's row count it and its people, as `rolo show`, the TUI's
//! header and its `last_contact` do: `next_due`, `open_follow_ups`, `contacts_total`,
//! `contacts_90d`, `avg_rating`, the won value, the open pipeline and `open_deals`. A
//! person's row counts their own.
//!
//! Days are local days, as everywhere in rolo ([`crate::command::local_day`]): `created` and
//! `last_contact` are the days `rolo show` says, and `days_since_contact` counts to today
//! from the latter.
//!
//! Money: amounts in different currencies are never added together. `won_value` and
//! `open_pipeline` hold a plain decimal (`97700.00`) and `won_currency` / `open_currency` its
//! ISO code when a customer's deals are all in one currency. With several currencies the
//! currency cell says `mixed` and the value cell lists one amount per currency, by code:
//! `232600.00 EUR; 192900.00 USD` (text, so a spreadsheet's `SUM` skips it instead of adding
//! euros to dollars). Without deals both cells are empty.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate};

use crate::command::{local_day, local_timestamp};
use crate::domain::{Currency, Money};
use crate::store::{ListFilter, Store};

mod measures;

/// How the cells of a column are written (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    /// A number or a date rolo formatted itself: as it is, for a spreadsheet to compute with.
    Value,
    /// Text from the database: a `'` before what a spreadsheet would run as a formula.
    Text,
    /// Phone numbers: a `'` unless a spreadsheet reads the cell as text.
    Phone,
}

/// The columns, in order, and how each is written.
const SHEET: [(&str, Sheet); WIDTH] = [
    ("id", Sheet::Value),
    ("uid", Sheet::Text),
    ("kind", Sheet::Text),
    ("name", Sheet::Text),
    ("organization", Sheet::Text),
    ("title", Sheet::Text),
    ("emails", Sheet::Text),
    ("phones", Sheet::Phone),
    ("urls", Sheet::Text),
    ("im", Sheet::Text),
    ("other", Sheet::Text),
    ("address", Sheet::Text),
    ("tags", Sheet::Text),
    ("birthday", Sheet::Text),
    ("owner", Sheet::Text),
    ("cadence_days", Sheet::Value),
    ("created", Sheet::Value),
    ("last_contact", Sheet::Value),
    ("days_since_contact", Sheet::Value),
    ("next_due", Sheet::Text),
    ("open_follow_ups", Sheet::Value),
    ("contacts_total", Sheet::Value),
    ("contacts_90d", Sheet::Value),
    ("avg_rating", Sheet::Value),
    ("won_value", Sheet::Value),
    // A currency code is the database's text (one rolo did not write is kept as it is).
    ("won_currency", Sheet::Text),
    ("open_pipeline", Sheet::Value),
    ("open_currency", Sheet::Text),
    ("open_deals", Sheet::Value),
    ("needs", Sheet::Text),
    ("notes", Sheet::Text),
];

/// How many columns.
const WIDTH: usize = 31;

/// The header row.
pub const COLUMNS: [&str; WIDTH] = {
    let mut names = [""; WIDTH];
    let mut i = 0;
    while i < WIDTH {
        names[i] = SHEET[i].0;
        i += 1;
    }
    names
};

/// What a spreadsheet would run as a formula when a cell starts with it.
pub const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

impl Sheet {
    /// How the cells of the column named `header` are written; a column the export does not
    /// write is text.
    pub fn of(header: &str) -> Sheet {
        SHEET
            .iter()
            .find(|(name, _)| *name == header)
            .map_or(Sheet::Text, |&(_, sheet)| sheet)
    }

    /// Whether `s` is written with a leading `'`. The `'`s it already starts with are looked
    /// past, so that `'` + `s` is quoted exactly when `s` is: that is what makes
    /// [`Sheet::unprotect`] the inverse of [`Sheet::protect`] for every value.
    fn quoted(self, s: &str) -> bool {
        let bare = s.trim_start_matches('\'');
        match self {
            Sheet::Value => false,
            Sheet::Text => bare.starts_with(FORMULA_START),
            Sheet::Phone => !bare.is_empty() && !phone_is_text(bare),
        }
    }

    /// The cell for the value `s` (see the module docs).
    pub fn protect(self, s: &str) -> Cow<'_, str> {
        if self.quoted(s) {
            Cow::Owned(format!("'{s}"))
        } else {
            Cow::Borrowed(s)
        }
    }

    /// The value a cell of rolo's own export holds: the `'` [`Sheet::protect`] put before it
    /// taken off, and nothing else.
    pub fn unprotect(self, cell: String) -> String {
        match cell.strip_prefix('\'') {
            Some(rest) if self.quoted(rest) => rest.to_string(),
            _ => cell,
        }
    }
}

/// Whether a spreadsheet reads a phone cell as text as it is: it does not start like a formula
/// (`+`, `-`), and a number or a date has no space in it; `30 1/2` with one is a fraction.
fn phone_is_text(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '(') && s.contains(' ') && !s.contains('/')
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
    // The 90 days end today and start at local midnight, as the days of `rolo show` do.
    let since_90 = local_timestamp(today - chrono::Duration::days(89), None);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS).map_err(io_error)?;
    let mut args = Vec::new();
    let chosen = filter.where_sql(&mut args);
    // A filter's customers, for their history alone (none: everyone's, in one pass).
    let only: Option<Vec<i64>> = if chosen.is_empty() {
        None
    } else {
        Some(
            store
                .conn()
                .prepare(&format!("SELECT c.id FROM customers c{chosen}"))?
                .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        )
    };
    let rollup = measures::Rollup::load(store.conn(), since_90, only.as_deref())?;
    let mut stmt = store.conn().prepare(&format!(
        "SELECT c.id, c.uid, c.kind, c.name, o.name, c.title,
          {email}, {phone}, {url}, {im},
          c.address,
          (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id ORDER BY t.name)),
          c.birthday, c.owner, c.cadence_days, c.created_at, c.last_contact_at,
          c.next_due, c.needs, c.notes, {other}
         FROM customers c LEFT JOIN customers o ON o.id = c.org_id{chosen} ORDER BY c.id",
        email = cell_sql("kind = 'email'"),
        phone = cell_sql("kind = 'phone'"),
        url = cell_sql("kind = 'url'"),
        im = cell_sql("kind = 'im'"),
        other = cell_sql("kind = 'other'"),
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
                .map(local_day)
        };
        let last = day(r.get(16)?);
        let ymd = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let since = last
            .map(|d| (today - d).num_days().to_string())
            .unwrap_or_default();
        let m = rollup.of(r.get(0)?, r.get_ref(2)?.as_str_or_null()? == Some("org"));
        let (won_value, won_cur) = money_cells(m.money(false).as_deref());
        let (open_value, open_cur) = money_cells(m.money(true).as_deref());
        let rating = m.rating(store.conn())?;
        // The values as they are, in the order of [`SHEET`]; each is protected as its column
        // says just below, the one place cells are written.
        let values: [String; WIDTH] = [
            num(0)?,
            text(1)?,
            text(2)?,
            text(3)?,
            text(4)?,
            text(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            text(9)?,
            text(20)?,
            text(10)?,
            text(11)?,
            text(12)?,
            text(13)?,
            num(14)?,
            ymd(day(r.get(15)?)),
            ymd(last),
            since,
            text(17)?,
            m.open_fu.to_string(),
            m.contacts.to_string(),
            m.contacts_90.to_string(),
            rating.map(|x| format!("{x:.2}")).unwrap_or_default(),
            won_value,
            won_cur,
            open_value,
            open_cur,
            m.open_deals.to_string(),
            text(18)?,
            text(19)?,
        ];
        let record = values
            .iter()
            .zip(SHEET)
            .map(|(value, (_, sheet))| sheet.protect(value));
        w.write_record(record.map(Cow::into_owned))
            .map_err(io_error)?;
        written += 1;
    }
    w.flush()?;
    Ok(written)
}

/// The SQL of a cell of the contact points `which` selects, in their order, `; ` between
/// them, each as [`with_label`] writes it and its own `;` doubled ([`split_cell`] reads it
/// back): `anna@acme.pl (work); anna@home.pl; sip:anna@acme.pl;;transport=tcp`.
fn cell_sql(which: &str) -> String {
    format!(
        "(SELECT group_concat(v, '; ') FROM (SELECT replace(value, ';', ';;') || coalesce(' (' || nullif(replace(replace(replace(label, '(', '['), ')', ']'), ';', ','), '') || ')', \
           CASE WHEN value LIKE '% (%)' THEN ' ()' ELSE '' END) AS v \
         FROM contact_points WHERE customer_id = c.id AND {which} ORDER BY position))"
    )
}

/// A contact point as a cell of rolo's export (and the edit form's line) writes it, for
/// [`labelled`] to read back: the value, then its label in parentheses (`+48 600 100 200
/// (mobile)`), the label's own parentheses written `[ ]` and its `;` a `,` (an import's
/// `Büro (alt)`). A value without a label that itself ends in parentheses after a space
/// (`anna (work)`, `ask at the desk (ground floor)`) is followed by an empty pair, `()`,
/// which says it has none: `anna (work) ()`. ([`cell_sql`] writes the same in SQL.)
pub fn with_label(value: &str, label: Option<&str>) -> String {
    match label.filter(|l| !l.is_empty()) {
        Some(l) => format!("{value} ({})", label_text(l)),
        None if value.ends_with(')') && value.contains(" (") => format!("{value} ()"),
        None => value.to_string(),
    }
}

/// A label as a cell writes it ([`with_label`]): its parentheses `[ ]`, its `;` a `,`.
pub fn label_text(label: &str) -> String {
    label.replace('(', "[").replace(')', "]").replace(';', ",")
}

/// A value of a contact cell of rolo's export and its label, as [`with_label`] wrote them:
/// `+48 600 100 200 (mobile)` is the phone and `mobile`, `anna (work) ()` is `anna (work)`
/// and no label. A value without a label in parentheses after a space is all value
/// (`https://en.wikipedia.org/wiki/Ibis_(bird)`).
pub fn labelled(v: &str) -> (&str, Option<&str>) {
    let v = v.trim();
    if let Some(body) = v.strip_suffix(')')
        && let Some(i) = body.rfind(" (")
    {
        let label = body[i + 2..].trim();
        if label.is_empty() {
            return (body[..i].trim_end(), None);
        }
        if !label.contains(['(', ')']) {
            return (body[..i].trim_end(), Some(label));
        }
    }
    (v, None)
}

/// The entries of a cell of contact points of rolo's export, or of the edit form's line
/// ([`crate::command::contact::line`]): apart at each `;`, where `;;` is one `;` of an entry
/// (`sip:anna@acme.pl;;transport=tcp; anna@acme.pl (work)` is two), trimmed, none empty.
pub fn split_cell(cell: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut entry = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ';' {
            entry.push(c);
        } else if chars.next_if_eq(&';').is_some() {
            entry.push(';');
        } else {
            entries.push(std::mem::take(&mut entry));
        }
    }
    entries.push(entry);
    entries
        .into_iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect()
}

/// An entry of a cell as [`split_cell`] reads it back: [`with_label`], its `;` doubled.
pub fn cell_entry(value: &str, label: Option<&str>) -> String {
    with_label(value, label).replace(';', ";;")
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
    fn labelled_takes_the_label_rolo_wrote_after_a_value() {
        assert_eq!(
            labelled("+48 600 100 200 (mobile)"),
            ("+48 600 100 200", Some("mobile"))
        );
        assert_eq!(
            labelled(" im:123456789 (QQ, work) "),
            ("im:123456789", Some("QQ, work"))
        );
        assert_eq!(
            labelled("https://en.wikipedia.org/wiki/Ibis_(bird)"),
            ("https://en.wikipedia.org/wiki/Ibis_(bird)", None)
        );
        assert_eq!(labelled("(030) 123-45"), ("(030) 123-45", None));
        // An empty pair says there is no label: the value's own parentheses are its.
        assert_eq!(labelled("a@b.pl ()"), ("a@b.pl", None));
        assert_eq!(labelled("anna (work) ()"), ("anna (work)", None));
    }

    #[test]
    fn split_cell_reads_a_doubled_semicolon_as_one_inside_an_entry() {
        assert_eq!(
            split_cell("sip:anna@acme.pl;;transport=tcp; a@b.pl (work) ;b@c.pl"),
            ["sip:anna@acme.pl;transport=tcp", "a@b.pl (work)", "b@c.pl"]
        );
        assert_eq!(split_cell("x;;; ;;y;;;;z; ; "), ["x;", ";y;;z"]);
        assert_eq!(split_cell(""), Vec::<String>::new());
        for value in ["x;", ";x", "a;;b", "a; b", ";"] {
            let cell = [cell_entry(value, None), cell_entry("z", Some("w;x"))].join("; ");
            assert_eq!(split_cell(&cell), [value, "z (w,x)"], "{cell}");
        }
    }

    #[test]
    fn with_label_writes_what_labelled_reads_back_whatever_the_value_ends_in() {
        let cases = [
            (
                "+48 600 100 200",
                Some("mobile"),
                "+48 600 100 200 (mobile)",
            ),
            ("anna (work)", None, "anna (work) ()"),
            ("anna (work)", Some("home"), "anna (work) (home)"),
            ("anna (work) (home)", None, "anna (work) (home) ()"),
            (
                "ask at the desk (ground floor)",
                None,
                "ask at the desk (ground floor) ()",
            ),
            ("x ()", None, "x () ()"),
            ("x (a(b))", None, "x (a(b)) ()"),
            (
                "https://en.wikipedia.org/wiki/Ibis_(bird)",
                None,
                "https://en.wikipedia.org/wiki/Ibis_(bird)",
            ),
            ("im:123456789", Some("QQ, work"), "im:123456789 (QQ, work)"),
        ];
        for (value, label, cell) in cases {
            assert_eq!(with_label(value, label), cell);
            assert_eq!(labelled(cell), (value, label), "{cell}");
        }
    }

    #[test]
    fn sheet_text_neutralizes_formulas() {
        let text = |s| Sheet::Text.protect(s).into_owned();
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("-x vip"), "'-x vip");
        assert_eq!(text("Anna"), "Anna");
        assert_eq!(text(""), "");
        assert_eq!(Sheet::Value.protect("-5"), "-5");
    }

    #[test]
    fn sheet_text_quotes_an_apostrophe_the_import_would_take_off() {
        let text = |s| Sheet::Text.protect(s).into_owned();
        assert_eq!(text("'=already quoted"), "''=already quoted");
        assert_eq!(text("''+1"), "'''+1");
        assert_eq!(text("'s-Hertogenbosch"), "'s-Hertogenbosch");
        assert_eq!(text("'"), "'");
        for s in [
            "'=already quoted",
            "''+1",
            "'s-Hertogenbosch",
            "'",
            "''",
            "=1+1",
            "Anna",
            "",
        ] {
            assert_eq!(Sheet::Text.unprotect(text(s)), s, "{s}");
        }
    }

    #[test]
    fn sheet_phone_is_never_a_number_or_a_formula() {
        let phone = |s| Sheet::Phone.protect(s).into_owned();
        // Read as text by a spreadsheet: as they are.
        assert_eq!(phone("030 123 456"), "030 123 456");
        assert_eq!(phone("(030) 123-45"), "(030) 123-45");
        assert_eq!(phone("600 100 200 x12"), "600 100 200 x12");
        assert_eq!(phone("22 111 22 33; +48 600"), "22 111 22 33; +48 600");
        assert_eq!(phone(""), "");
        // Like a formula, a number, a date or a fraction: quoted.
        assert_eq!(phone("+48 600 100 200"), "'+48 600 100 200");
        assert_eq!(phone("+491712345678"), "'+491712345678");
        assert_eq!(phone("+1-555-123-4567"), "'+1-555-123-4567");
        assert_eq!(phone("0171234567"), "'0171234567");
        assert_eq!(phone("491712345678"), "'491712345678");
        assert_eq!(phone("600100200"), "'600100200");
        assert_eq!(phone("12-05"), "'12-05");
        assert_eq!(phone("(600100200)"), "'(600100200)");
        assert_eq!(phone("30 1/2"), "'30 1/2");
        assert_eq!(phone("+1 cmd|' /C calc'!A0"), "'+1 cmd|' /C calc'!A0");
        for s in [
            "+491712345678",
            "+48 600 100 200; (030) 123-45",
            "0171234567",
            "030 123 456",
            "'0171",
            "'030 123",
        ] {
            assert_eq!(Sheet::Phone.unprotect(phone(s)), s, "{s}");
        }
    }

    #[test]
    fn sheet_of_a_header() {
        assert_eq!(Sheet::of("phones"), Sheet::Phone);
        assert_eq!(Sheet::of("uid"), Sheet::Text);
        assert_eq!(Sheet::of("contacts_90d"), Sheet::Value);
        assert_eq!(Sheet::of("Whatever"), Sheet::Text);
        assert_eq!(COLUMNS[7], "phones");
        assert_eq!(COLUMNS.len(), SHEET.len());
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
