//! Dates, times, repetitions and cadences typed by a salesperson, read against an injected `today` (never the clock).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use std::str::FromStr;

/// Accepted forms, one line, for help texts.
pub const ACCEPTED_FORMS: &str = "today, tomorrow, yesterday, a weekday (fri), +3d, +2w, +1m, 3d, in 3 days, next week, next month, 1 dec, dec 1, 2026-12-01";

/// Accepted time forms, one line, for help texts.
pub const ACCEPTED_TIME_FORMS: &str = "14:30, 9:05, 2pm, 2:30pm, 14h, noon";

/// Accepted repetition forms, one line, for help texts.
pub const ACCEPTED_REPEAT_FORMS: &str =
    "4w, 10d, 1m, 2 weeks, daily, weekly, monthly, quarterly, yearly (1 to 1000 units)";

/// Accepted cadence forms, one line, for help texts (the limit is
/// [`super::customer::MAX_CADENCE_DAYS`], which a test holds this to).
pub const ACCEPTED_CADENCE_FORMS: &str =
    "14d, 2w, 1m, 14 (days), weekly, monthly, quarterly (1 to 3650 days)";

/// Why a date, time, repetition or cadence could not be read. Messages quote the input and list accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Nothing (or only whitespace) was typed.
    #[error("no date given; use {ACCEPTED_FORMS}")]
    Empty,
    /// The text does not look like any accepted date form.
    #[error("cannot read `{input}` as a date; use {ACCEPTED_FORMS}")]
    Unreadable {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The text has a date shape but names a day that does not exist (`31 feb`, `2026-13-01`).
    #[error("`{input}` is not a real date; use {ACCEPTED_FORMS}")]
    NoSuchDate {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The text is readable but lands outside the supported calendar range (`+99999999999d`).
    #[error("`{input}` is too far from today; use {ACCEPTED_FORMS}")]
    TooFar {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The text is not a time of day.
    #[error("cannot read `{input}` as a time; use {ACCEPTED_TIME_FORMS}")]
    Time {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The text is not a repetition rule.
    #[error("cannot read `{input}` as a repetition; use {ACCEPTED_REPEAT_FORMS}")]
    Repeat {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The text is not a contact cadence.
    #[error("cannot read `{input}` as a contact cadence; use {ACCEPTED_CADENCE_FORMS}")]
    Cadence {
        /// The text as typed (trimmed).
        input: String,
    },
    /// A contact cadence out of range ([`crate::domain::customer::check_cadence_days`]).
    #[error("{message}")]
    CadenceRange {
        /// The text as typed (trimmed).
        input: String,
        /// Why, naming the days and the range.
        message: String,
    },
}

/// Which way an ambiguous date points: follow-ups point to the future, "when did it happen" to the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// Ambiguous dates resolve to the nearest matching day after today (or on it, for calendar dates).
    Future,
    /// Ambiguous dates resolve to the nearest matching day before today (or on it, for calendar dates).
    Past,
}

/// Internal failure kind, turned into a [`WhenError`] carrying the input at the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fail {
    Unreadable,
    NoSuchDate,
    TooFar,
}

/// Internal unit of a relative offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// The latest year a day may have: days are stored as `YYYY-MM-DD`, four digits of year
/// (`store::row::stored_date`), as ISO 8601's basic range, every export rolo reads and a
/// calendar write them.
pub const MAX_YEAR: u32 = 9999;

/// The last day rolo keeps: 31 December of [`MAX_YEAR`].
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(MAX_YEAR as i32, 12, 31).expect("a day");

/// `day` if rolo can keep it: from 1 January of year 1 to [`LAST_DAY`]. (chrono's calendar
/// goes on for 262 000 years either way; a day past 9999 was stored as `+10021-08-15`.)
pub fn in_calendar(day: NaiveDate) -> Option<NaiveDate> {
    (1..=LAST_DAY.year()).contains(&day.year()).then_some(day)
}

/// Parses a date typed by a salesperson, relative to `today`.
///
/// Input is case-insensitive; surrounding whitespace is trimmed and inner whitespace runs are fine.
///
/// * `today`/`tod`, `tomorrow`/`tmr`/`tmrw`, `yesterday`.
/// * A weekday (`fri`, `friday`, `thu`/`thur`/`thurs`, `tue`/`tues`, ...):
///   with [`Toward::Future`] the next occurrence strictly after today (on a Friday, `fri` is
///   7 days later); with [`Toward::Past`] the most recent occurrence strictly before today
///   (on a Friday, `fri` is 7 days ago).
/// * `next fri` is always the future rule, `last fri` always the past rule, and `this fri` is the
///   Friday of the current week (weeks start on `week_start`), which may lie in the past.
/// * Offsets: `+3d`, `+2w`, `+1m`, `+1y` (also `+3 days`) go forward; `-3d`, `3d ago`,
///   `2 weeks ago` go back; `in 3 days`, `in a week` go forward; a bare `3d` follows `toward`.
///   Units: `d`/`day`/`days`, `w`/`wk`/`week`/`weeks`, `m`/`mo`/`month`/`months`,
///   `y`/`yr`/`year`/`years`. Months and years are calendar steps clamped to the month end
///   (Jan 31 `+1m` is Feb 28, or Feb 29 in leap years).
/// * `next week` is the first day (`week_start`) of next week, `next month` the 1st of next month,
///   `end of month`/`eom` the last day of this month.
/// * Calendar dates without a year (`1 dec`, `dec 1`, `1 december`, `december 1st`, `1st dec`,
///   `1.12.`): with [`Toward::Future`] the next such date on or after today, with
///   [`Toward::Past`] the most recent on or before today (`29 feb` skips to a leap year).
/// * Full dates: `1 dec 2027`, `dec 1, 2027`, `2026-12-01`, `2026/12/01`, `01.12.2026` (day.month.year).
///
/// Never panics: odd input (huge numbers, unicode, stray signs) and results outside the
/// days rolo keeps ([`in_calendar`]) yield a [`WhenError`].
pub fn parse_date(
    input: &str,
    today: NaiveDate,
    toward: Toward,
    week_start: Weekday,
) -> Result<NaiveDate, WhenError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(WhenError::Empty);
    }
    let cleaned = trimmed.to_lowercase().replace(',', " ");
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let day = parse_tokens(&tokens, today, toward, week_start)
        .and_then(|d| in_calendar(d).ok_or(Fail::TooFar));
    day.map_err(|fail| {
        let input = trimmed.to_string();
        match fail {
            Fail::Unreadable => WhenError::Unreadable { input },
            Fail::NoSuchDate => WhenError::NoSuchDate { input },
            Fail::TooFar => WhenError::TooFar { input },
        }
    })
}

fn parse_tokens(
    tokens: &[&str],
    today: NaiveDate,
    toward: Toward,
    week_start: Weekday,
) -> Result<NaiveDate, Fail> {
    match tokens {
        [] => Err(Fail::Unreadable),
        ["today" | "tod"] => Ok(today),
        ["tomorrow" | "tmr" | "tmrw"] => shift(today, 1, Unit::Days, true),
        ["yesterday"] => shift(today, 1, Unit::Days, false),
        ["next", "week"] => shift(week_start_of(today, week_start)?, 1, Unit::Weeks, true),
        ["next", "month"] => shift(first_of_month(today)?, 1, Unit::Months, true),
        ["end", "of", "month"] | ["eom"] => end_of_month(today),
        ["next", day] if weekday(day).is_some() => weekday_toward(today, day, Toward::Future),
        ["last", day] if weekday(day).is_some() => weekday_toward(today, day, Toward::Past),
        ["this", day] if weekday(day).is_some() => this_weekday(today, day, week_start),
        [day] if weekday(day).is_some() => weekday_toward(today, day, toward),
        ["in", rest @ ..] => {
            let (n, unit) = amount_unit(rest)?;
            shift(today, n, unit, true)
        }
        [rest @ .., "ago"] => {
            let (n, unit) = amount_unit(rest)?;
            shift(today, n, unit, false)
        }
        _ => {
            match signed_offset(tokens, today, toward) {
                Err(Fail::Unreadable) => {}
                other => return other,
            }
            if let [single] = tokens {
                match numeric_date(single, today, toward) {
                    Err(Fail::Unreadable) => {}
                    other => return other,
                }
            }
            named_month_date(tokens, today, toward)
        }
    }
}

/// `+3d`, `-3d`, `3d`, `+3 days`, `3 days`.
fn signed_offset(tokens: &[&str], today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
    let [first, rest @ ..] = tokens else {
        return Err(Fail::Unreadable);
    };
    let (forward, stripped) = if let Some(s) = first.strip_prefix('+') {
        (true, s)
    } else if let Some(s) = first.strip_prefix('-') {
        (false, s)
    } else {
        (toward == Toward::Future, *first)
    };
    let mut parts: Vec<&str> = Vec::with_capacity(tokens.len());
    if !stripped.is_empty() {
        parts.push(stripped);
    }
    parts.extend_from_slice(rest);
    let (n, unit) = amount_unit(&parts)?;
    shift(today, n, unit, forward)
}

/// Reads `3d`, `3 days`, `a week`, `an hour`-style amounts (hours are not units, so those fail).
fn amount_unit(tokens: &[&str]) -> Result<(u32, Unit), Fail> {
    match tokens {
        [single] => {
            let split = single
                .find(|c: char| !c.is_ascii_digit())
                .ok_or(Fail::Unreadable)?;
            let (digits, unit) = single.split_at(split);
            let unit = unit_word(unit).ok_or(Fail::Unreadable)?;
            Ok((number(digits)?, unit))
        }
        [amount, unit] => {
            let unit = unit_word(unit).ok_or(Fail::Unreadable)?;
            let n = match *amount {
                "a" | "an" | "one" => 1,
                digits => number(digits)?,
            };
            Ok((n, unit))
        }
        _ => Err(Fail::Unreadable),
    }
}

fn unit_word(word: &str) -> Option<Unit> {
    match word {
        "d" | "day" | "days" => Some(Unit::Days),
        "w" | "wk" | "wks" | "week" | "weeks" => Some(Unit::Weeks),
        "m" | "mo" | "mos" | "month" | "months" => Some(Unit::Months),
        "y" | "yr" | "yrs" | "year" | "years" => Some(Unit::Years),
        _ => None,
    }
}

/// Parses ASCII digits; non-digits are unreadable, digits that overflow are too far.
fn number<T: FromStr>(digits: &str) -> Result<T, Fail> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Fail::Unreadable);
    }
    digits.parse().map_err(|_| Fail::TooFar)
}

fn shift(date: NaiveDate, n: u32, unit: Unit, forward: bool) -> Result<NaiveDate, Fail> {
    let shifted = match unit {
        Unit::Days | Unit::Weeks => {
            let days = if unit == Unit::Weeks {
                u64::from(n) * 7
            } else {
                u64::from(n)
            };
            if forward {
                date.checked_add_days(Days::new(days))
            } else {
                date.checked_sub_days(Days::new(days))
            }
        }
        Unit::Months | Unit::Years => {
            let months = if unit == Unit::Years {
                n.checked_mul(12).ok_or(Fail::TooFar)?
            } else {
                n
            };
            if forward {
                date.checked_add_months(Months::new(months))
            } else {
                date.checked_sub_months(Months::new(months))
            }
        }
    };
    shifted.ok_or(Fail::TooFar)
}

fn weekday(word: &str) -> Option<Weekday> {
    match word {
        "mon" | "monday" => Some(Weekday::Mon),
        "tue" | "tues" | "tuesday" => Some(Weekday::Tue),
        "wed" | "weds" | "wednesday" => Some(Weekday::Wed),
        "thu" | "thur" | "thurs" | "thursday" => Some(Weekday::Thu),
        "fri" | "friday" => Some(Weekday::Fri),
        "sat" | "saturday" => Some(Weekday::Sat),
        "sun" | "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

/// Days from `from` forward to `to`, in `0..7`.
fn days_between(from: Weekday, to: Weekday) -> u32 {
    (7 + to.num_days_from_monday() - from.num_days_from_monday()) % 7
}

fn weekday_toward(today: NaiveDate, word: &str, toward: Toward) -> Result<NaiveDate, Fail> {
    let target = weekday(word).ok_or(Fail::Unreadable)?;
    match toward {
        Toward::Future => {
            let ahead = match days_between(today.weekday(), target) {
                0 => 7,
                n => n,
            };
            shift(today, ahead, Unit::Days, true)
        }
        Toward::Past => {
            let back = match days_between(target, today.weekday()) {
                0 => 7,
                n => n,
            };
            shift(today, back, Unit::Days, false)
        }
    }
}

fn week_start_of(today: NaiveDate, week_start: Weekday) -> Result<NaiveDate, Fail> {
    shift(
        today,
        days_between(week_start, today.weekday()),
        Unit::Days,
        false,
    )
}

fn this_weekday(today: NaiveDate, word: &str, week_start: Weekday) -> Result<NaiveDate, Fail> {
    let target = weekday(word).ok_or(Fail::Unreadable)?;
    let start = week_start_of(today, week_start)?;
    shift(start, days_between(week_start, target), Unit::Days, true)
}

fn first_of_month(date: NaiveDate) -> Result<NaiveDate, Fail> {
    date.with_day(1).ok_or(Fail::TooFar)
}

fn end_of_month(date: NaiveDate) -> Result<NaiveDate, Fail> {
    let next = shift(first_of_month(date)?, 1, Unit::Months, true)?;
    next.pred_opt().ok_or(Fail::TooFar)
}

/// `2026-12-01`, `2026/12/01`, `01.12.2026`, `1.12.`, `1.12`.
fn numeric_date(token: &str, today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
    for sep in ['-', '/'] {
        let parts: Vec<&str> = token.split(sep).collect();
        if let [y, m, d] = parts.as_slice() {
            if y.len() != 4 {
                return Err(Fail::Unreadable);
            }
            return full_date(number(y)?, number(m)?, number(d)?);
        }
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.as_slice() {
        [d, m] | [d, m, ""] => month_day(number(m)?, number(d)?, today, toward),
        [d, m, y] if y.len() == 4 => full_date(number(y)?, number(m)?, number(d)?),
        _ => Err(Fail::Unreadable),
    }
}

fn full_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, Fail> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Fail::NoSuchDate)
}

/// `1 dec`, `dec 1`, `1st december`, `december 1st`, `1 dec 2027`, `1st of dec`.
fn named_month_date(tokens: &[&str], today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
    let words: Vec<&str> = tokens.iter().copied().filter(|t| *t != "of").collect();
    let (day_word, month, year_word) = match words.as_slice() {
        [a, b] => match (month_name(a), month_name(b)) {
            (Some(m), None) => (*b, m, None),
            (None, Some(m)) => (*a, m, None),
            _ => return Err(Fail::Unreadable),
        },
        [a, b, y] => match (month_name(a), month_name(b)) {
            (Some(m), None) => (*b, m, Some(*y)),
            (None, Some(m)) => (*a, m, Some(*y)),
            _ => return Err(Fail::Unreadable),
        },
        _ => return Err(Fail::Unreadable),
    };
    let day = day_number(day_word)?;
    match year_word {
        Some(y) => full_date(number(y)?, month, day),
        None => month_day(month, day, today, toward),
    }
}

fn day_number(word: &str) -> Result<u32, Fail> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    if digits.len() > 2 {
        return Err(Fail::Unreadable);
    }
    number(digits)
}

fn month_name(word: &str) -> Option<u32> {
    let month = match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

/// A month and day without a year, resolved toward the future (on or after today) or the past
/// (on or before today). Searches up to 8 years so that `29 feb` finds a leap year.
fn month_day(month: u32, day: u32, today: NaiveDate, toward: Toward) -> Result<NaiveDate, Fail> {
    if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
        return Err(Fail::NoSuchDate);
    }
    let year = today.year();
    let found = match toward {
        Toward::Future => (year..=year.saturating_add(8))
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .find(|d| *d >= today),
        Toward::Past => (year.saturating_sub(8)..=year)
            .rev()
            .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
            .find(|d| *d <= today),
    };
    found.ok_or(Fail::TooFar)
}

/// Parses a time of day: `14:30`, `9:05`, `2pm`, `2:30pm`, `2 pm`, `14h`, `14h30`, `noon`, `midnight`.
pub fn parse_time(input: &str) -> Result<NaiveTime, WhenError> {
    let trimmed = input.trim();
    let err = || WhenError::Time {
        input: trimmed.to_string(),
    };
    let compact: String = trimmed
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (hour, minute) = match compact.as_str() {
        "noon" | "midday" => (12, 0),
        "midnight" => (0, 0),
        text => {
            if let Some(body) = text.strip_suffix("am") {
                let (h, m) = hour_minute(body, ':').ok_or_else(err)?;
                if !(1..=12).contains(&h) {
                    return Err(err());
                }
                (h % 12, m)
            } else if let Some(body) = text.strip_suffix("pm") {
                let (h, m) = hour_minute(body, ':').ok_or_else(err)?;
                if !(1..=12).contains(&h) {
                    return Err(err());
                }
                (h % 12 + 12, m)
            } else if text.contains('h') {
                hour_minute(text.strip_suffix('h').unwrap_or(text), 'h').ok_or_else(err)?
            } else if text.contains(':') {
                hour_minute(text, ':').ok_or_else(err)?
            } else {
                return Err(err());
            }
        }
    };
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(err)
}

/// `H`, `HH`, `H<sep>MM`, `HH<sep>MM` with minutes exactly two digits.
fn hour_minute(text: &str, sep: char) -> Option<(u32, u32)> {
    let (h, m) = match text.split_once(sep) {
        Some((h, m)) => {
            if m.len() != 2 {
                return None;
            }
            (h, number::<u32>(m).ok()?)
        }
        None => (text, 0),
    };
    if h.is_empty() || h.len() > 2 {
        return None;
    }
    Some((number::<u32>(h).ok()?, m))
}

/// Short relative description of `date` seen from `today`: "today", "tomorrow", "yesterday",
/// "in 3d", "3d ago"; beyond 60 days whole months of 30 days ("in 3mo", "5mo ago");
/// beyond 730 days whole years of 365 days ("in 2y", "2y ago").
#[must_use]
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let diff = date.signed_duration_since(today).num_days();
    let (amount, unit) = match diff.unsigned_abs() {
        0 => return "today".to_string(),
        1 if diff > 0 => return "tomorrow".to_string(),
        1 => return "yesterday".to_string(),
        d @ 2..=60 => (d, "d"),
        d @ 61..=730 => (d / 30, "mo"),
        d => (d / 365, "y"),
    };
    if diff > 0 {
        format!("in {amount}{unit}")
    } else {
        format!("{amount}{unit} ago")
    }
}

/// A day in words, as reports say it: `1 December 2026`.
#[must_use]
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// How late a due date is: 0 when due today or later, else days overdue.
#[must_use]
pub fn days_late(due: NaiveDate, today: NaiveDate) -> i64 {
    today.signed_duration_since(due).num_days().max(0)
}

mod repeat;

pub use repeat::{Repeat, RepeatUnit, parse_cadence_days, parse_cadence_setting};

#[cfg(test)]
mod tests;
