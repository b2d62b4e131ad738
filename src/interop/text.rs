//! Small text rules shared by the readers and writers: names, tags, dates, contact points,
//! and RFC 5545/6350 content lines (escaping, folding at 75 octets).

use chrono::NaiveDate;

use crate::domain::customer::{check_email, check_phone, check_tag};
use crate::domain::{ContactKind, ContactPoint};

pub use crate::domain::text::{SHOWN_CHARS, is_cjk_char, shown};
pub use dates::{
    DateOrder, MAX_YEAR, birthday_note, birthday_or_note, check_ymd, date_note, day_and_month,
    month_day, parse_birthday, parse_date_in, slash_date_order, typed_birthday, yearless_birthday,
};

mod dates;

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
    // In the name's own order: a Chinese name's pinyin family first (`王 小明` is said `Wang
    // Xiaoming`), as its kana is.
    let said = if is_cjk(name) && !phonetic[0].trim().is_empty() && !phonetic[2].trim().is_empty() {
        join_name(&[phonetic[2], phonetic[0], phonetic[1]])
    } else {
        person_name(phonetic[0], phonetic[1], phonetic[2], "")
    };
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

/// Checks an email or phone value and builds the contact point.
pub fn contact(kind: ContactKind, raw: &str, label: Option<&str>) -> Result<ContactPoint, String> {
    let value = match kind {
        ContactKind::Email => check_email(email_address(raw))?,
        ContactKind::Phone => check_phone(&phone_number(raw))?,
        ContactKind::Url | ContactKind::Im | ContactKind::Other => raw.trim().to_string(),
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

    /// Whether `line` of the notes is its [`OtherValue::note`], spaces around it, letter
    /// case and marks aside (`Other title: fleet manager`), an organization's also with its
    /// legal form aside (`Hellas Freight S.A.` is `Hellas Freight`).
    pub fn is_note(&self, line: &str) -> bool {
        use crate::domain::text::{org_base_key, org_key};
        let said = OtherValue {
            field: self.field,
            value: String::new(),
        };
        line.trim()
            .strip_prefix(said.note().as_str())
            .is_some_and(|value| {
                org_key(&self.value) == org_key(value)
                    || (self.field == "organization"
                        && org_base_key(&self.value) == org_base_key(value))
            })
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
    merged_notes(cur, &join_lines(&also_known_as(other), incoming))
}

/// The notes line that keeps another name of a customer: `Also known as: 李小龍`.
pub fn also_known_as(name: &str) -> String {
    format!("{}{}", crate::domain::text::ALSO_KNOWN_AS, name.trim())
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
mod tests;
