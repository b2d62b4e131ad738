//! Small text rules shared by the readers and writers: names, tags, dates, contact points,
//! and RFC 5545/6350 content lines (escaping, folding at 75 octets).

use chrono::{Datelike, NaiveDate};

use crate::domain::customer::{check_email, check_phone, check_tag};
use crate::domain::{ContactKind, ContactPoint};

pub use crate::domain::text::{SHOWN_CHARS, is_cjk_char, shown};

/// Joins name parts with single spaces, skipping empty ones.
pub fn join_name(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person's name from its parts as exports split them. Names written in Chinese, Japanese
/// or Korean script put the family name first (`山田 太郎`), as their owners write them; the
/// rest go given, middle, family, suffix. The parts stay apart by a space either way, so each
/// is found by search on its own.
pub fn person_name(given: &str, middle: &str, family: &str, suffix: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    if !given.is_empty() && !family.is_empty() && is_cjk(given) && is_cjk(family) {
        join_name(&[family, given, middle, suffix])
    } else {
        join_name(&[given, middle, family, suffix])
    }
}

/// The notes lines for what a name's parts say that the name does not: its prefix
/// (`Name prefix: Dr.`, unless the name starts with it) and how it is said (`Phonetic name:
/// やまだ たろう`, from phonetic given, middle and family names).
pub fn name_notes(name: &str, prefix: &str, phonetic: [&str; 3]) -> Vec<String> {
    let mut out = Vec::new();
    let prefix = prefix.trim();
    let (name_f, prefix_f) = (
        crate::domain::text::fold(name),
        crate::domain::text::fold(prefix),
    );
    // Not when the name starts with it as a word (`Dr. Anna`, but not `Drew` for `Dr`).
    if !prefix.is_empty() && name_f != prefix_f && !name_f.starts_with(&format!("{prefix_f} ")) {
        out.push(format!("Name prefix: {prefix}"));
    }
    let said = person_name(phonetic[0], phonetic[1], phonetic[2], "");
    if !said.is_empty() {
        out.push(format!("{}{said}", crate::domain::text::PHONETIC_NAME));
    }
    out
}

/// `s` with its first letter in capitals (`home` -> `Home`, `spouse` -> `Spouse`): labels
/// from other programs as the notes show them.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An address with its label and `T` (its parts), as [`main_address`] takes and gives it.
pub type Labelled<T> = (Option<String>, String, T);

/// Of a record's addresses with their labels, the one rolo keeps as the address — the first
/// labelled work or business, else the first — and the others as notes lines (`Home address:
/// 1 Elm St, Springfield`; `Address 2: …` when unlabelled), so none is lost. Each address
/// comes with `T` (its parts), which the kept one keeps with its label.
pub fn main_address<T>(addresses: Vec<Labelled<T>>) -> (Option<Labelled<T>>, Vec<String>) {
    let work = |l: &Option<String>| {
        l.as_deref()
            .is_some_and(|l| matches!(l.to_lowercase().as_str(), "work" | "business"))
    };
    let main = addresses
        .iter()
        .position(|(l, _, _)| work(l))
        .or((!addresses.is_empty()).then_some(0));
    let mut address = None;
    let mut notes = Vec::new();
    for (i, (label, text, parts)) in addresses.into_iter().enumerate() {
        if Some(i) == main {
            address = Some((label, text, parts));
            continue;
        }
        let label = match label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => format!("{} address", capitalized(l)),
            None => format!("Address {}", i + 1),
        };
        notes.push(format!("{label}: {text}"));
    }
    (address, notes)
}

/// The given and family parts of a person's name, as a vCard's `N` wants them: the inverse
/// of [`person_name`]. A name in Chinese, Japanese or Korean script has its family name
/// first (`山田 太郎` is family `山田`, given `太郎`); any other has it last. A one-word name
/// is all family name, as vCard clients file it.
pub fn split_person_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    if let Some((first, rest)) = name.split_once(' ') {
        let rest = rest.trim_start();
        if is_cjk(first) && is_cjk(rest) {
            return (rest, first);
        }
    }
    match name.rsplit_once(' ') {
        Some((given, family)) => (given.trim_end(), family),
        None => ("", name),
    }
}

/// Whether every letter of `s` is Han, kana or Hangul (spaces and marks such as `ー`, `・`
/// aside).
fn is_cjk(s: &str) -> bool {
    let mut any = false;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if !is_cjk_char(c) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `needle` is in `hay` as whole words: not inside a longer word (`ca` is not in
/// `calle`). In scripts written without spaces (`千代田区` in `東京都千代田区千代田`) any
/// place counts. Both folded by the caller.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
        return false;
    };
    let joins = |edge: char, next: Option<char>| {
        next.is_some_and(|n| {
            edge.is_alphanumeric() && n.is_alphanumeric() && !is_cjk_char(edge) && !is_cjk_char(n)
        })
    };
    hay.match_indices(needle).any(|(i, _)| {
        !joins(first, hay[..i].chars().next_back())
            && !joins(last, hay[i + needle.len()..].chars().next())
    })
}

/// Turns a label or category from another program into a rolo tag: its words joined by
/// `-`, lowercase, without the characters a tag cannot have (`Family & Friends` is
/// `family-friends`, `Fun 🎉` is `fun`), at most 50 characters. With it, whether the tag
/// spells the label only in part: the caller keeps the label in the notes then, so nothing
/// of it is lost, and no label refuses a contact. Google's own groups, marked with a `*`,
/// are tags without it (`* starred` is `starred`, `* coworkers` `coworkers`: the user put
/// the contact there), but for `myContacts`, which every contact is in. `None` for that,
/// or for a label of which no letter or digit is left (`🎉`: kept in the notes only).
pub fn to_tag(raw: &str) -> (Option<String>, bool) {
    let t = raw.trim();
    let t = t.strip_prefix('*').map_or(t, str::trim_start);
    // (`* myContacts`, the old column set's `* My Contacts`.)
    let all: String = t.split_whitespace().collect();
    if t.is_empty() || all.eq_ignore_ascii_case("myContacts") {
        return (None, false);
    }
    let joined = t.split_whitespace().collect::<Vec<_>>().join("-");
    if let Ok(tag) = check_tag(&joined) {
        return (Some(tag), false);
    }
    let mut tag = String::new();
    for c in joined.chars().flat_map(char::to_lowercase) {
        let keep = c.is_alphanumeric() || "-_/:.".contains(c);
        // A dropped character between words leaves one `-`, none at either end.
        if keep && !(c == '-' && (tag.is_empty() || tag.ends_with('-'))) {
            tag.push(c);
        }
    }
    let tag: String = tag.chars().take(50).collect();
    let tag = tag.trim_matches('-');
    let tag = check_tag(tag)
        .ok()
        .filter(|t| t.chars().any(char::is_alphanumeric));
    (tag, true)
}

/// The latest year a date may have: the ISO 8601 basic range, as in every export rolo reads.
pub const MAX_YEAR: u32 = 9999;

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

/// Whether `s` has a `?` where a letter was, as a file saved in an encoding without that
/// letter shows it: between two letters (`Zieli?ski`, `Le?na`), or a word of `?` only
/// (`???? ????`, a Cyrillic name saved as Windows-1252).
pub fn replaced_letters(s: &str) -> bool {
    // Most values have no `?` at all: one byte scan, no allocation, per imported field.
    if !s.contains('?') {
        return false;
    }
    let mut last = [' '; 2];
    for c in s.chars() {
        if last[1] == '?' && last[0].is_alphabetic() && c.is_alphabetic() {
            return true;
        }
        last = [last[1], c];
    }
    s.split_whitespace()
        .any(|w| w.len() >= 2 && w.bytes().all(|b| b == b'?'))
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

/// Checks an email or phone value and builds the contact point.
pub fn contact(kind: ContactKind, raw: &str, label: Option<&str>) -> Result<ContactPoint, String> {
    let value = match kind {
        ContactKind::Email => check_email(email_address(raw))?,
        ContactKind::Phone => check_phone(&phone_number(raw))?,
        ContactKind::Url | ContactKind::Other => raw.trim().to_string(),
    };
    Ok(ContactPoint {
        kind,
        value,
        label: label.map(clean_label).filter(|l| !l.is_empty()),
    })
}

/// The address of an email as programs write it: `mailto:jo@x.com`, `Jo Smith
/// <jo@x.com>` (copied from a mail program) or the address alone.
fn email_address(raw: &str) -> &str {
    let t = raw.trim();
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    match (t.rfind('<'), t.ends_with('>')) {
        (Some(open), true) => t[open + 1..t.len() - 1].trim(),
        _ => t,
    }
}

/// A phone number as a vCard 4 `tel:` URI writes it (`tel:+1-555-0100;ext=12`, also
/// without `tel:`), as rolo writes one: the number, ` x12` for the extension; the URI's other parameters go. (An
/// extension in words is the domain's: [`crate::domain::check_phone`].)
fn phone_number(raw: &str) -> String {
    let t = raw.trim();
    let uri = t.strip_prefix("tel:").unwrap_or(t);
    let (number, params) = uri.split_once(';').unwrap_or((uri, ""));
    match params
        .split(';')
        .find_map(|p| p.trim().strip_prefix("ext="))
    {
        Some(ext) => format!("{} x{}", number.trim(), ext.trim()),
        None => number.trim().to_string(),
    }
}

/// Normalizes a label: the kinds programs know (Apple's `_$!<Mobile>!$_`, `CELL`, `Work`) in
/// rolo's lowercase words (`mobile`, `work`; `Business` -> `work`); a label of the person's
/// own (`Büro, Zentrale`) as they wrote it.
pub fn clean_label(raw: &str) -> String {
    const KNOWN: &[&str] = &[
        "work",
        "home",
        "mobile",
        "fax",
        "pager",
        "voice",
        "text",
        "video",
        "main",
        "other",
        "personal",
        "private",
        "profile",
        "blog",
        "home page",
        "homepage",
    ];
    let raw = raw.trim();
    // Apple wraps its own kinds (`_$!<Assistant>!$_`); what a person typed is not wrapped.
    let apple = raw.starts_with("_$!<");
    let l = raw.trim_start_matches("_$!<").trim_end_matches(">!$_");
    let l = l.trim().trim_start_matches('*').trim();
    let lower = l.to_lowercase();
    match lower.as_str() {
        "cell" | "mobile phone" | "mobile number" => "mobile".into(),
        "business" => "work".into(),
        k if apple || KNOWN.contains(&k) => lower,
        _ => l.to_string(),
    }
}

/// Escapes a TEXT value for vCard / iCalendar (`\\`, `\n`, `\,` and `\;`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            _ => out.push(c),
        }
    }
    out
}

/// True for what a vCard or iCalendar content line may not carry raw and rolo drops: C0
/// controls but the tab (line breaks are escaped by [`escape`] before), DEL, C1 controls, and
/// the bidi embeddings, overrides and isolates that could disguise the text around them.
fn is_forbidden(c: char) -> bool {
    use crate::domain::text::{is_bidi_override, is_control_char};
    (c != '\t' && is_control_char(c)) || is_bidi_override(c)
}

/// Appends one content line folded at 75 octets (never inside a UTF-8 sequence), CRLF-ended.
/// Control characters and bidi overrides are dropped (see [`is_forbidden`]): RFC 6350 and
/// RFC 5545 allow no raw controls in a value, and a file printed to a terminal must not be
/// able to drive it.
pub fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars().filter(|&c| !is_forbidden(c)) {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Two texts as lines of one: either alone when the other is empty (blank).
pub fn join_lines(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) => format!("{a}\n{b}"),
    }
}

/// The values a merged record (or customer) had that differ from the kept customer's, as
/// notes lines (`Other title: Purchasing Director`): a merge fills only empty fields, and
/// what it cannot fill is kept, not lost. Values that differ in case, accents, spacing or
/// punctuation alone are one, and so is an address one of which holds the other (with or
/// without its country).
pub fn other_values(
    kept: &crate::domain::Customer,
    title: Option<&str>,
    org: Option<&str>,
    address: Option<&str>,
    birthday: Option<NaiveDate>,
) -> Vec<OtherValue> {
    use crate::domain::text::{fold, org_key};
    let birthdays = (
        kept.birthday.map(|d| d.to_string()),
        birthday.map(|d| d.to_string()),
    );
    let fields = [
        ("title", kept.title.as_deref(), title),
        ("organization", kept.org_name.as_deref(), org),
        ("address", kept.address.as_deref(), address),
        ("birthday", birthdays.0.as_deref(), birthdays.1.as_deref()),
    ];
    let mut out = Vec::new();
    for (label, kept, new) in fields {
        let (Some(kept), Some(new)) = (kept, new) else {
            continue;
        };
        let (k, n) = (org_key(kept), org_key(new));
        if n.is_empty() || k == n {
            continue;
        }
        // `Hellas Freight S.A.` is `Hellas Freight`, as `rolo dupes` finds them alike.
        if label == "organization"
            && crate::domain::text::org_base_key(kept) == crate::domain::text::org_base_key(new)
        {
            continue;
        }
        if label == "address" {
            let (k, n) = (fold(kept), fold(new));
            if k.contains(&n) || n.contains(&k) {
                continue;
            }
        }
        out.push(OtherValue {
            field: label,
            value: new.trim().to_string(),
        });
    }
    out
}

/// A value a merge could not fill because the customer has another ([`other_values`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherValue {
    /// `title`, `organization`, `address` or `birthday`.
    pub field: &'static str,
    /// The value the record or merged customer had.
    pub value: String,
}

impl OtherValue {
    /// Its line in the notes: `Other title: Purchasing Director`.
    pub fn note(&self) -> String {
        format!("Other {}: {}", self.field, self.value)
    }

    /// Its words in a merge's report: `other title Purchasing Director`.
    pub fn said(&self) -> String {
        format!("other {} {}", self.field, listed(&self.value))
    }

    /// The notes lines of `values`, one text.
    pub fn notes(values: &[OtherValue]) -> String {
        values
            .iter()
            .map(OtherValue::note)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// [`merged_notes`] for a merge of a customer named `other` into one named `into`: a name
/// that is not a form of the kept one (`李小龍` into `Wei Zhang`, `Bob Smith` into `Robert
/// Smith`) comes along as `Also known as: 李小龍`, as names are never overwritten. `other`
/// empty (or a contact value standing in for a name): no line for it.
pub fn merged_notes_of(into: &str, cur: &str, other: &str, incoming: &str) -> Option<String> {
    if other.trim().is_empty() || crate::domain::text::names_agree(into, other) {
        return merged_notes(cur, incoming);
    }
    let aka = format!("{}{}", crate::domain::text::ALSO_KNOWN_AS, other.trim());
    merged_notes(cur, &join_lines(&aka, incoming))
}

/// The notes `cur` becomes with `incoming` merged in, line by line: only the lines it does
/// not have already (compared trimmed) are appended, so a nickname two files both carry is
/// there once; `None` when nothing is new. Imports and `rolo merge` both merge notes so.
pub fn merged_notes(cur: &str, incoming: &str) -> Option<String> {
    let extra = incoming.trim();
    if extra.is_empty() || cur.contains(extra) {
        return None;
    }
    if cur.trim().is_empty() {
        return Some(extra.to_string());
    }
    let mut seen: std::collections::HashSet<&str> = cur.lines().map(str::trim).collect();
    let mut out = cur.trim_end().to_string();
    let mut added = false;
    for line in extra.lines() {
        let key = line.trim();
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        out.push('\n');
        out.push_str(line.trim_end());
        added = true;
    }
    added.then_some(out)
}

/// A note written as HTML (Odoo's, `<p>Prefers calls.</p><p>Kids: 2</p>`) as the text it
/// shows: a paragraph, line break, list item or row ends a line, other tags go, and the
/// common entities are read. Anything not starting with a tag and closing one is as it is.
pub fn html_text(value: &str) -> std::borrow::Cow<'_, str> {
    let v = value.trim();
    if !(v.starts_with('<') && v.contains("</")) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let ends_line = matches!(name, "br" | "li" | "tr")
            || (tag.starts_with('/')
                && matches!(
                    name,
                    "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                ));
        if ends_line && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let out = entities(&out);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    std::borrow::Cow::Owned(lines.join("\n").trim().to_string())
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&nbsp;` and numeric references read.
fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let read = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        if let Some((c, e)) = read {
            out.push(c);
            rest = &after[e + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A value as an item of a report's list (`added title CFO, address "1 Elm St, Springfield"`):
/// quoted when it has a comma, which would read as two items.
pub fn listed(value: &str) -> String {
    if value.contains(',') {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_note_is_its_text() {
        assert_eq!(
            html_text("<p>Prefers calls before 10.</p><p>Kids: 2 &amp; a dog</p>"),
            "Prefers calls before 10.\nKids: 2 & a dog"
        );
        assert_eq!(
            html_text("<div>a<br>b<br/>c</div><ul><li>x</li><li>y &#8364; &#x41;</li></ul>"),
            "a\nb\nc\nx\ny € A"
        );
        // Text that is no HTML stays as it is, a `<` in it too.
        assert_eq!(html_text("price < 5 & more"), "price < 5 & more");
        assert_eq!(html_text("<3 you"), "<3 you");
        assert_eq!(html_text("<p>AT&T &bogus; &</p>"), "AT&T &bogus; &");
    }

    #[test]
    fn dates_with_the_month_in_words_are_read() {
        let d = |raw| parse_date_in(raw, DateOrder::MonthFirst);
        let may14 = NaiveDate::from_ymd_opt(1981, 5, 14);
        for raw in [
            "14 May 1981",
            "May 14 1981",
            "May 14, 1981",
            "14-May-81",
            "14. may 1981",
        ] {
            assert_eq!(d(raw), Ok(may14), "{raw}");
        }
        assert_eq!(
            d("30 Feb 1981"),
            Err("`30 Feb 1981` is not a date: month 2 has no day 30".into())
        );
        assert!(d("14 Mai 1981").is_err());
        assert!(d("May June 1981").is_err());
    }

    #[test]
    fn contact_values_are_read_as_programs_write_them() {
        let v = |kind, raw| contact(kind, raw, None).map(|c| c.value);
        assert_eq!(
            v(ContactKind::Email, "Jo Smith <jo@x.com>").unwrap(),
            "jo@x.com"
        );
        assert_eq!(
            v(ContactKind::Email, "mailto:jo@x.com").unwrap(),
            "jo@x.com"
        );
        assert_eq!(
            v(ContactKind::Phone, "tel:+971-4-555-0000;ext=12").unwrap(),
            "+971-4-555-0000 x12"
        );
        assert_eq!(
            v(ContactKind::Phone, "+48 600-100-200 wew. 12").unwrap(),
            "+48 600-100-200 x12"
        );
        assert_eq!(
            v(ContactKind::Phone, "+1 555 010 9999, ext 7").unwrap(),
            "+1 555 010 9999 x7"
        );
        assert_eq!(
            v(ContactKind::Phone, "+1 555 010 9999;ext=12").unwrap(),
            "+1 555 010 9999 x12"
        );
        assert!(v(ContactKind::Phone, "call me").is_err());
        // A letter whose lowercase is longer is no phone, and no panic.
        assert!(v(ContactKind::Phone, "İİİ ext 12").is_err());
    }

    #[test]
    fn split_person_name_is_the_inverse_of_person_name() {
        for (given, family) in [
            ("Anna", "Kowalska"),
            ("Jean Paul", "Sartre"),
            ("太郎", "山田"),
            ("민준", "김"),
            ("", "Cher"),
        ] {
            let name = person_name(given, "", family, "");
            assert_eq!(split_person_name(&name), (given, family), "{name}");
        }
        // A Latin name beside a CJK one is not read in CJK order.
        assert_eq!(split_person_name("Wei 张"), ("Wei", "张"));
    }

    #[test]
    fn cjk_names_put_the_family_name_first() {
        assert_eq!(person_name("太郎", "", "山田", ""), "山田 太郎");
        assert_eq!(person_name(" 민준 ", "", "김", ""), "김 민준");
        assert_eq!(person_name("伟", "", "王", ""), "王 伟");
        assert_eq!(person_name("タロウ", "", "ヤマダ", ""), "ヤマダ タロウ");
        // Latin, mixed, or one part only: given first, as written.
        assert_eq!(
            person_name("Jan", "Maria", "Kowalski", "Jr."),
            "Jan Maria Kowalski Jr."
        );
        assert_eq!(person_name("Taro", "", "山田", ""), "Taro 山田");
        assert_eq!(person_name("太郎", "", "", ""), "太郎");
        assert_eq!(person_name("", "", "山田", ""), "山田");
        assert_eq!(person_name("Дмитрий", "", "Иванов", ""), "Дмитрий Иванов");
    }

    #[test]
    fn merged_notes_append_only_the_lines_not_there_already() {
        let cur = "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March";
        assert_eq!(
            merged_notes(
                cur,
                "Poznana na targach\n  Nickname: Ania \nBirthday: 15 March\nKawa: flat white\n"
            )
            .as_deref(),
            Some(
                "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March\nPoznana na targach\nKawa: flat white"
            )
        );
        // Nothing new: no change.
        assert_eq!(merged_notes(cur, "Spouse: Adam\n\nNickname: Ania"), None);
        assert_eq!(merged_notes(cur, "  \n"), None);
        assert_eq!(
            merged_notes(cur, "Adam"),
            None,
            "contained whole, as before"
        );
        // Into empty notes, the record's notes as they are; blank lines are not carried
        // into notes that have some.
        assert_eq!(merged_notes(" \n", "a\n\nb\n").as_deref(), Some("a\n\nb"));
        assert_eq!(merged_notes("z", "a\n\n a\nb").as_deref(), Some("z\na\nb"));
        assert_eq!(merged_notes("x\n\n", "y").as_deref(), Some("x\ny"));
    }

    #[test]
    fn shown_values_are_cut_and_sanitized() {
        assert_eq!(shown("Anna"), "Anna");
        let long = "x".repeat(61);
        assert_eq!(shown(&long), format!("{}…", "x".repeat(60)));
        assert_eq!(shown(&long[..60]), "x".repeat(60));
        assert_eq!(shown("a\u{1b}[2J\u{202e}b"), "a␛[2Jb");
    }

    #[test]
    fn birthday_spellings() {
        let d = NaiveDate::from_ymd_opt(1980, 5, 14).unwrap();
        for s in [
            "1980-05-14",
            "19800514",
            "5/14/1980",
            "14.05.1980",
            "1980-05-14T00:00:00Z",
        ] {
            assert_eq!(parse_birthday(s), Ok(Some(d)), "{s}");
        }
        assert!(replaced_letters("Zieli?ski Spedycja sp.j."));
        assert!(replaced_letters("???? ????"));
        assert!(!replaced_letters("Why? Because"));
        assert!(!replaced_letters("Who?"));
        assert!(!replaced_letters("?"));
        assert_eq!(parse_birthday("0/0/00"), Ok(None));
        assert_eq!(parse_birthday("0.0.00"), Ok(None));
        assert_eq!(parse_birthday("00-00-0000"), Ok(None));
        assert_eq!(date_note("0.0.00", DateOrder::DayFirst), None);
        assert_eq!(parse_birthday("--05-14"), Ok(None));
        assert_eq!(parse_birthday("--0514"), Ok(None));
        assert_eq!(parse_birthday("--0229"), Ok(None));
        assert_eq!(parse_birthday("---31"), Ok(None));
        assert_eq!(month_day("--05-14").as_deref(), Some("14 May"));
        assert_eq!(month_day("--0229").as_deref(), Some("29 February"));
        assert_eq!(month_day("--1332"), None);
        assert_eq!(month_day("1980-05-14"), None);
        assert!(parse_birthday("1980-02-30").is_err());
        assert!(parse_birthday("soon").is_err());
    }

    #[test]
    fn slashes_read_in_the_order_the_file_shows() {
        use DateOrder::{DayFirst, MonthFirst};
        for (raw, order, (y, m, d)) in [
            ("03/04/1980", MonthFirst, (1980, 3, 4)),
            ("03/04/1980", DayFirst, (1980, 4, 3)),
            // The only reading there is, whatever the order.
            ("14/05/1980", MonthFirst, (1980, 5, 14)),
            ("5/14/1980", DayFirst, (1980, 5, 14)),
            ("14.05.1980", MonthFirst, (1980, 5, 14)),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d);
            assert_eq!(parse_date_in(raw, order), Ok(day), "{raw} {order:?}");
        }
        assert_eq!(slash_date_order("03/04/1980"), Some(None));
        assert_eq!(
            slash_date_order("14/05/1980"),
            Some(Some(DateOrder::DayFirst))
        );
        assert_eq!(
            slash_date_order(" 5/14/1980 "),
            Some(Some(DateOrder::MonthFirst))
        );
        for no in [
            "1980-05-14",
            "14.05.1980",
            "0/0/00",
            "13/13/1980",
            "a/b/c",
            "1/2",
        ] {
            assert_eq!(slash_date_order(no), None, "{no}");
        }
    }

    #[test]
    fn impossible_birthdays_say_what_is_wrong() {
        let e = |s: &str| parse_birthday(s).unwrap_err();
        assert_eq!(
            e("99999-01-01"),
            "`99999-01-01` is not a date: year 99999 is out of range (1 to 9999)"
        );
        assert_eq!(
            e("0000-01-01"),
            "`0000-01-01` is not a date: year 0 is out of range (1 to 9999)"
        );
        assert_eq!(
            e("4294967295-01-01"),
            "`4294967295-01-01` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
        );
        assert_eq!(
            e("1980-13-01"),
            "`1980-13-01` is not a date: there is no month 13"
        );
        assert_eq!(
            e("1980-01-32"),
            "`1980-01-32` is not a date: month 1 has no day 32"
        );
        assert_eq!(
            e("1981-02-29"),
            "`1981-02-29` is not a date: 1981-02 has no day 29"
        );
        assert_eq!(
            e("19801301"),
            "`19801301` is not a date: there is no month 13"
        );
        assert_eq!(e("--1301"), "`--1301` is not a date: there is no month 13");
        assert_eq!(
            e("--02-30"),
            "`--02-30` is not a date: month 2 has no day 30"
        );
        assert_eq!(e("---32"), "`---32` is not a date: there is no day 32");
        assert_eq!(
            e("--ab"),
            "`--ab` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
        );
        assert_eq!(
            e("1980-+5-14"),
            "`1980-+5-14` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
        );
        assert_eq!(
            e("14.13.1980"),
            "`14.13.1980` is not a date: there is no month 13"
        );
    }

    #[test]
    fn tags_from_labels() {
        let tag = |t: &str| Some(String::from(t));
        assert_eq!(to_tag("Key Accounts"), (tag("key-accounts"), false));
        assert_eq!(to_tag("* myContacts"), (None, false));
        assert_eq!(to_tag("* My Contacts"), (None, false));
        assert_eq!(to_tag("* starred"), (tag("starred"), false));
        assert_eq!(to_tag("*"), (None, false));
        assert_eq!(to_tag("Łódź/Kraków"), (tag("łódź/kraków"), false));
        // What a tag cannot have goes; the caller keeps the label in the notes.
        assert_eq!(to_tag("a,b"), (tag("ab"), true));
        assert_eq!(to_tag("Family & Friends"), (tag("family-friends"), true));
        assert_eq!(to_tag("Fun 🎉"), (tag("fun"), true));
        assert_eq!(to_tag("\"quoted\""), (tag("quoted"), true));
        assert_eq!(to_tag("🎉 party 🎉"), (tag("party"), true));
        assert_eq!(to_tag("🎉"), (None, true));
        let long = "word ".repeat(20);
        assert_eq!(to_tag(&long), (tag(&"word-".repeat(10)[..49]), true));
    }

    #[test]
    fn folding_never_splits_a_character_and_counts_octets() {
        let mut out = String::new();
        let line = format!("NOTE:{}", "ż".repeat(60));
        push_folded(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn content_lines_carry_no_controls_or_bidi_overrides() {
        let mut out = String::new();
        push_folded(
            &mut out,
            "FN:Evil\u{1b}[2J\u{7}\u{9b}31m\u{202e}Rev\u{2066}x\u{7f}\ttab\rcr\u{200f}",
        );
        assert_eq!(out, "FN:Evil[2J31mRevx\ttabcr\u{200f}\r\n");
        let mut out = String::new();
        push_folded(
            &mut out,
            &format!("ORG:{}", escape("Org\u{1b}]0;pwned\u{7}\nnext")),
        );
        assert_eq!(out, "ORG:Org]0\\;pwned\\nnext\r\n");
    }

    #[test]
    fn labels_are_cleaned() {
        assert_eq!(clean_label("_$!<Mobile>!$_"), "mobile");
        assert_eq!(clean_label("CELL"), "mobile");
        assert_eq!(clean_label("* Work"), "work");
        assert_eq!(clean_label("Business"), "work");
        assert_eq!(clean_label("Büro, Zentrale"), "Büro, Zentrale");
        assert_eq!(clean_label("_$!<Assistant>!$_"), "assistant");
    }
}
