//! Dates and birthdays as contact files write them: checked, read in the file's order, and
//! kept as a notes line when they have no year.

use chrono::{Datelike, NaiveDate};

use crate::domain::text::shown;

pub use crate::domain::when::MAX_YEAR;

/// Checks a year, month and day: `Err` says which part is impossible.
pub fn check_ymd(y: u32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if !(1..=MAX_YEAR).contains(&y) {
        return Err(format!("year {y} is out of range (1 to {MAX_YEAR})"));
    }
    check_md(m, d)?;
    // (y <= 9999: the cast cannot wrap.)
    #[allow(clippy::cast_possible_wrap)]
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| format!("{y}-{m:02} has no day {d}"))
}

/// Checks a month and day without a year (February 29 allowed).
fn check_md(m: u32, d: u32) -> Result<(), String> {
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
        return Err(format!("month {m} has no day {d}"));
    }
    Ok(())
}

/// Which number comes first in a date written with slashes: `5/14/1980` (US, as Outlook
/// writes in the US) or `14/05/1980` (most of Europe). A file says which only where a
/// number cannot be a month; `03/04/1980` alone could be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// What comes first: `day` or `month`.
    pub fn first(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month",
            DateOrder::DayFirst => "day",
        }
    }

    /// The other order.
    #[must_use]
    pub fn other(self) -> DateOrder {
        match self {
            DateOrder::MonthFirst => DateOrder::DayFirst,
            DateOrder::DayFirst => DateOrder::MonthFirst,
        }
    }

    /// Its `--dates` value: `mdy` or `dmy`.
    pub fn flag(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "mdy",
            DateOrder::DayFirst => "dmy",
        }
    }
}

/// What a date written with slashes says about the order ([`DateOrder`]): `None` when it
/// is no such date (or an impossible one); `Some(None)` when it could be either order.
pub fn slash_date_order(raw: &str) -> Option<Option<DateOrder>> {
    let s = raw.trim();
    let s = s.split('T').next().unwrap_or(s);
    let parts: Vec<&str> = s.split('/').collect();
    let [first, second, year] = parts.as_slice() else {
        return None;
    };
    let num = |part: &str| {
        let part = part.trim();
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|c| c.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    num(year)?;
    match (num(first)?, num(second)?) {
        (1..=12, 1..=12) => Some(None),
        (13..=31, 1..=12) => Some(Some(DateOrder::DayFirst)),
        (1..=12, 13..=31) => Some(Some(DateOrder::MonthFirst)),
        _ => None,
    }
}

/// Parses the birthday spellings of common exports: `1980-05-14`, `19800514`,
/// `5/14/1980` (US, as Outlook writes), `14.05.1980`, with an optional time after `T`.
/// Slashes are read month first; [`parse_date_in`] reads them in a given order.
/// `Ok(None)` for Outlook's empty `0/0/00` (`0.0.00` in German) and for dates without a year (`--05-14`,
/// `--0514`), which a date column cannot hold. An impossible date (year past 9999, month
/// 13, day 32, also in `--1301`) is an error saying which part is wrong.
pub fn parse_birthday(raw: &str) -> Result<Option<NaiveDate>, String> {
    parse_date_in(raw, DateOrder::MonthFirst)
}

/// A birthday as a person types it (`rolo add --birthday`, the screen's form): a whole date
/// in the forms [`parse_birthday`] reads, not after `today`. `Err` says what is wrong.
pub fn typed_birthday(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day = parse_birthday(raw)?.ok_or_else(|| {
        format!(
            "`{}` has no year; give the whole date (1980-05-14)",
            shown(raw)
        )
    })?;
    if day > today {
        return Err(format!("{day} is after today ({today})"));
    }
    Ok(day)
}

/// [`parse_birthday`], reading a date with slashes in `order` — unless the number that
/// would be the month cannot be one (`5/14/1980` read day first is still 14 May).
#[allow(clippy::many_single_char_names)]
pub fn parse_date_in(raw: &str, order: DateOrder) -> Result<Option<NaiveDate>, String> {
    let s = raw.trim();
    let s = s.split('T').next().unwrap_or(s);
    // Outlook's empty date, in the locale's form: `0/0/00`, `0.0.00`, `00-00-0000`.
    if s.bytes().all(|b| b == b'0' || b"/.-".contains(&b)) {
        return Ok(None);
    }
    let bad = || {
        format!(
            "`{}` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)",
            shown(raw)
        )
    };
    let impossible = |why: String| format!("`{}` is not a date: {why}", shown(raw));
    let num = |p: &str| {
        let p = p.trim();
        // Digits only (`parse` would take a sign), and few enough to be a date's part.
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse::<u32>().map_err(|_| bad())
    };
    let ymd = |y: u32, m: u32, d: u32| check_ymd(y, m, d).map(Some).map_err(impossible);
    // A month in words: `14 May 1981`, `May 14, 1981`, Excel's `14-May-81`.
    if s.bytes().any(|b| b.is_ascii_alphabetic()) {
        let (m, nums) = month_in_words(s).ok_or_else(bad)?;
        let [a, b] = nums.as_slice() else {
            return Err(bad());
        };
        // The year is the part of more than two digits, else the second (`14-May-81`).
        let (d, y) = if a.len() > 2 {
            (num(b)?, num(a)?)
        } else {
            (num(a)?, num(b)?)
        };
        let y = if y < 100 { y + 1900 } else { y };
        return ymd(y, m, d);
    }
    if let Some(md) = s.strip_prefix("--") {
        // vCard's date without a year: `--MMDD`, `--MM-DD`, or `---DD` (a day alone).
        if let Some(d) = md.strip_prefix('-') {
            let d = num(d)?;
            return match d {
                1..=31 => Ok(None),
                _ => Err(impossible(format!("there is no day {d}"))),
            };
        }
        let (m, d) = match md.split_once('-') {
            Some((m, d)) => (m, d),
            None if md.len() == 4 && md.is_char_boundary(2) => md.split_at(2),
            None => return Err(bad()),
        };
        return check_md(num(m)?, num(d)?)
            .map(|()| None)
            .map_err(impossible);
    }
    if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-').ok_or_else(bad)?;
        return ymd(num(y)?, num(m)?, num(d)?);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(num(&s[..4])?, num(&s[4..6])?, num(&s[6..])?);
    }
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    if let [a, b, y] = parts.as_slice() {
        let (a, b, y) = (num(a)?, num(b)?, num(y)?);
        let y = if y < 100 { y + 1900 } else { y };
        // With `/` in `order` unless the number it puts first cannot be a month;
        // day first with `.`.
        let month_first = s.contains('/')
            && match order {
                DateOrder::MonthFirst => a <= 12,
                DateOrder::DayFirst => b > 12 && a <= 12,
            };
        let (m, d) = if month_first { (a, b) } else { (b, a) };
        return ymd(y, m, d);
    }
    Err(bad())
}

/// The month of a date written with its month in English words (`May`, `Sept.`,
/// `december`), and its other two parts as written; `None` when a word is no month or
/// there is not exactly one.
fn month_in_words(s: &str) -> Option<(u32, Vec<&str>)> {
    let mut month = None;
    let mut nums = Vec::new();
    for w in s.split([' ', ',', '-', '.', '/']).filter(|w| !w.is_empty()) {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            nums.push(w);
            continue;
        }
        let m = MONTHS.iter().position(|name| {
            w.len() >= 3
                && name
                    .get(..w.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(w))
        })?;
        if month.replace(u32::try_from(m).ok()? + 1).is_some() {
            return None;
        }
    }
    Some((month?, nums))
}

/// A birthday as an import reads it: the date, or, without a year (a phone's `--0315`),
/// no date and its [`birthday_note`] pushed to `notes`.
pub fn birthday_or_note(
    raw: &str,
    notes: &mut Vec<String>,
    order: DateOrder,
) -> Result<Option<NaiveDate>, String> {
    if let Some(day) = month_day_date(raw) {
        notes.push(birthday_note(day));
        return Ok(None);
    }
    parse_date_in(raw, order)
}

/// How the notes begin the line of a birthday known without its year.
const BIRTHDAY_NOTE: &str = "Birthday: ";

/// The notes line of a birthday known without its year (of `day`, its day and month only):
/// `Birthday: 15 March`. Every import writes it so, whatever its column is called; a merge
/// drops it when the full date arrives, and a vCard export gives it back as a date.
pub fn birthday_note(day: NaiveDate) -> String {
    format!("{BIRTHDAY_NOTE}{}", day_and_month(day))
}

/// The (month, day) of a birthday `notes` keep without its year ([`birthday_note`]).
pub fn yearless_birthday(notes: &str) -> Option<(u32, u32)> {
    notes
        .lines()
        .find_map(|l| l.trim().strip_prefix(BIRTHDAY_NOTE))
        .and_then(parse_day_and_month)
}

/// A date rolo keeps only in the notes (an anniversary) as the note shows it: `2015-06-20`,
/// `20 June` without a year, as written when it is no date (a note is never refused);
/// `None` when there is no date (empty, Outlook's `0/0/00`, a day alone).
pub fn date_note(raw: &str, order: DateOrder) -> Option<String> {
    if let Some(day) = month_day(raw) {
        return Some(day);
    }
    match parse_date_in(raw, order) {
        Ok(Some(d)) => Some(d.format("%Y-%m-%d").to_string()),
        Ok(None) => None,
        Err(_) => Some(raw.to_string()),
    }
}

/// A date without a year, as a phone keeps a birthday whose year it was not told:
/// `--0315`, `--03-15` (vCard 4, Google) -> `15 March`. `None` for anything else.
pub fn month_day(raw: &str) -> Option<String> {
    month_day_date(raw).map(day_and_month)
}

/// [`month_day`]'s day in the leap year 2000 (so 29 February is a birthday).
fn month_day_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim().strip_prefix("--")?;
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, d): (u32, u32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    NaiveDate::from_ymd_opt(2000, m, d)
}

/// The English names of the months, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day and its month as the notes keep a birthday without its year: `15 March`.
pub fn day_and_month(day: NaiveDate) -> String {
    format!("{} {}", day.day(), MONTHS[day.month0() as usize])
}

/// A day written by [`day_and_month`] (`15 March`) as (month, day); `None` for anything
/// else.
fn parse_day_and_month(s: &str) -> Option<(u32, u32)> {
    let (day, month) = s.trim().split_once(' ')?;
    let day: u32 = day.parse().ok()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month.trim()))?
        + 1;
    let month = u32::try_from(month).ok()?;
    // Checked against a leap year, as `month_day` does.
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}
