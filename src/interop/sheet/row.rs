//! One CSV row turned into an [`Incoming`] record by its columns' roles.

use std::borrow::Cow;
use std::io::Read;

use super::columns::{Part, Role};
use super::{SheetReader, export};
use crate::domain::text::one_line;
use crate::domain::{AddressParts, ContactKind, CustomerKind};
use crate::interop::im::im_point;
use crate::interop::text::{
    birthday_or_note, capitalized, clean_label, contact, date_note, join_name, main_address,
    name_notes, parse_birthday, person_name, shown, to_tag,
};
use crate::interop::{BadRecord, Incoming, Location};

impl<R: Read> SheetReader<R> {
    pub(super) fn build(&self, at: Location) -> Result<Option<Incoming>, BadRecord> {
        let mut not_utf8 = None;
        let mut fields: Vec<String> = Vec::with_capacity(self.rec.len());
        for f in &self.rec {
            // The reader hands on UTF-8: a value that is not strayed from a UTF-8 file.
            let (value, strayed) =
                crate::interop::decode::decode_value(f, None, encoding_rs::UTF_8);
            if strayed {
                not_utf8.get_or_insert_with(|| value.trim().to_string());
            }
            fields.push(value);
        }
        if self.rolo {
            // Each cell as it was before the export protected it, by its column's rule.
            fields = fields
                .into_iter()
                .enumerate()
                .map(|(i, f)| match self.columns.get(i) {
                    Some(header) => export::Sheet::of(header).unprotect(f),
                    None => f,
                })
                .collect();
        }
        // As the export joins them (a `;` alone may be part of a URL).
        let many = if self.rolo { "; " } else { ":::" };
        if fields.iter().all(|f| f.trim().is_empty()) {
            return Ok(None);
        }
        let bad = |field: &str, message: String| BadRecord {
            at,
            field: field.to_string(),
            message,
        };
        if let Some(extra) = fields
            .iter()
            .skip(self.columns.len())
            .position(|f| !f.trim().is_empty())
        {
            return Err(bad(
                &format!("column {}", self.columns.len() + extra + 1),
                format!(
                    "the row has {} fields but the header has {}; quote values that contain the delimiter",
                    fields.len(),
                    self.columns.len()
                ),
            ));
        }
        let mut inc = Incoming {
            at,
            not_utf8,
            ..Incoming::default()
        };
        let (mut name, mut first, mut middle, mut last, mut suffix, mut nick) = (
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        );
        let (mut prefix, mut phonetic) = ("", ["", "", ""]);
        // How the company's name is said, and its column.
        let mut org_said: Option<(&str, &str)> = None;
        let mut notes: Vec<String> = Vec::new();
        let mut extras: Vec<String> = Vec::new();
        let mut addresses: Vec<(String, Vec<(Part, String)>)> = Vec::new();
        // Relations, events, custom fields: (slot, what, type, value).
        let mut facts: Vec<(&str, &str, &str, &str)> = Vec::new();
        let (mut by, mut bm, mut bd) = (None, None, None);
        let mut kind: Option<CustomerKind> = None;
        if let Some(i) = self.org_first {
            let value = fields.get(i).map_or("", |f| f.trim());
            org_value(&mut inc.org, &self.columns[i], value, &mut extras);
        }
        for (i, role) in self.roles.iter().enumerate() {
            let value = fields.get(i).map_or("", |f| f.trim());
            if value.is_empty() {
                continue;
            }
            let column = self.columns[i].as_str();
            match role {
                Role::Name => name = value.to_string(),
                Role::First => first = value.to_string(),
                Role::Middle => middle = value.to_string(),
                Role::Last => last = value.to_string(),
                Role::Suffix => suffix = value.to_string(),
                Role::Nickname => nick = value.to_string(),
                Role::Prefix => prefix = value,
                Role::Phonetic(part) => phonetic[usize::from(*part).min(2)] = value,
                Role::OrgPhonetic if !value.is_empty() => org_said = Some((column, value)),
                Role::OrgPhonetic | Role::Ignore | Role::Label { .. } | Role::Service { .. } => {}
                // A second company or title column is kept in the notes, not lost.
                // (The column read first was read before the others.)
                Role::Org => {
                    if self.org_first != Some(i) {
                        org_value(&mut inc.org, column, value, &mut extras);
                    }
                }
                Role::Title => match &inc.title {
                    Some(first) if first != value => extras.push(format!("{column}: {value}")),
                    Some(_) => {}
                    None => inc.title = Some(value.to_string()),
                },
                // Outlook ends a note's lines with CRLF.
                Role::Notes => {
                    notes.push(crate::interop::text::html_text(value).replace("\r\n", "\n"));
                }
                Role::Im {
                    slot,
                    service: service_of_column,
                } => {
                    let labels = slot_cells(
                        &fields,
                        self.labels_of(ContactKind::Im, slot.as_ref()),
                        many,
                    );
                    let services = slot_cells(
                        &fields,
                        slot.as_ref().and_then(|s| self.services.get(s)),
                        many,
                    );
                    // Google joins the addresses of one label with ` ::: `, their services too.
                    let entries = self.cell_entries(value, |v| v.split(many).collect());
                    for (k, (v, own)) in entries.iter().enumerate() {
                        let label = own
                            .as_deref()
                            .or_else(|| labels.get(k).or(labels.first()).copied());
                        let service = services.get(k).or(services.first()).copied();
                        inc.contacts
                            .extend(im_point(v, service.or(*service_of_column), label));
                    }
                }
                Role::Contact { kind, slot, label } => {
                    let labels = slot_cells(&fields, self.labels_of(*kind, slot.as_ref()), many);
                    // Several emails in one cell, as people type them: `a@x.com; b@x.com`.
                    let entries = self.cell_entries(value, |v| split_values(*kind, v, many));
                    for (k, (v, own)) in entries.iter().enumerate() {
                        let v: &str = v;
                        // An Exchange colleague's address in Outlook's export is a directory
                        // path (`/o=ExchangeLabs/...`, type EX), not one mail can go to.
                        if v.is_empty() || (*kind == ContactKind::Email && is_x500(v)) {
                            continue;
                        }
                        let l = own
                            .as_deref()
                            .or_else(|| labels.get(k).or(labels.first()).copied().or(*label));
                        let mut cp = contact(*kind, v, l).map_err(|m| bad(column, m))?;
                        // rolo's export before its `im` column wrote its addresses of instant
                        // messaging among the web addresses (`skype:anna.k`): they come back
                        // as they were.
                        if self.rolo {
                            cp.kind = ContactKind::before_im(cp.kind, &cp.value, ContactKind::Url);
                        }
                        inc.contacts.push(cp);
                    }
                }
                Role::Private => {
                    let digits = crate::domain::text::phone_like_digits(value);
                    if digits.is_some_and(|d| (7..=20).contains(&d)) {
                        match contact(ContactKind::Phone, value, Some("private")) {
                            Ok(c) => inc.contacts.push(c),
                            Err(_) => extras.push(format!("{column}: {value}")),
                        }
                    } else if !is_flag(value) {
                        extras.push(format!("{column}: {value}"));
                    }
                }
                Role::Guessed { kind, label } => match contact(*kind, value, Some(label)) {
                    Ok(c) => inc.contacts.push(c),
                    Err(_) => extras.push(format!("{column}: {value}")),
                },
                Role::Address { group, part } => {
                    match addresses.iter_mut().find(|(g, _)| g == group) {
                        Some((_, parts)) => parts.push((*part, value.to_string())),
                        None => addresses.push((group.clone(), vec![(*part, value.to_string())])),
                    }
                }
                Role::Birthday => {
                    inc.birthday = birthday_or_note(value, &mut extras, self.dates)
                        .map_err(|m| bad(column, m))?;
                }
                Role::Date(what) => {
                    if let Some(day) = date_note(value, self.dates) {
                        extras.push(format!("{what}: {day}"));
                    }
                }
                Role::BirthYear => by = Some((column, value)),
                Role::BirthMonth => bm = Some((column, value)),
                Role::BirthDay => bd = Some((column, value)),
                Role::Tags => {
                    let tags: Vec<&str> = if self.rolo {
                        // As exported, space-separated; a `;` or `,` typed in a
                        // spreadsheet separates too (a tag has neither).
                        value
                            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
                            .filter(|t| !t.is_empty())
                            .collect()
                    } else {
                        value
                            .split(":::")
                            .flat_map(|t| t.split([';', ',']))
                            .collect()
                    };
                    for t in tags {
                        let (tag, in_part) = to_tag(t);
                        if in_part {
                            extras.push(format!("{column}: {}", t.trim()));
                        }
                        if let Some(tag) = tag
                            && !inc.tags.contains(&tag)
                        {
                            inc.tags.push(tag);
                        }
                    }
                }
                Role::Uid => inc.uid = Some(value.to_string()),
                Role::Kind => {
                    // Odoo's `Is a Company`: True or False.
                    let v = match value.to_ascii_lowercase().as_str() {
                        "true" | "yes" | "1" => "org".to_string(),
                        "false" | "no" | "0" => "person".to_string(),
                        v => v.to_string(),
                    };
                    kind = Some(CustomerKind::parse(&v).ok_or_else(|| {
                        bad(
                            column,
                            format!("`{}` is not a kind (person or org)", shown(value)),
                        )
                    })?);
                }
                Role::Owner => inc.owner = Some(value.to_string()),
                Role::Needs => inc.needs = value.to_string(),
                Role::Cadence => {
                    inc.cadence_days = Some(
                        crate::domain::customer::read_cadence_days(value)
                            .map_err(|m| bad(column, m))?,
                    );
                }
                // A value under no header is kept as it is.
                Role::Extra(h) if h.is_empty() => extras.push(value.to_string()),
                Role::Extra(h) => extras.push(format!("{h}: {value}")),
                Role::Fact { what, slot, label } => {
                    let i = if let Some(i) = facts.iter().position(|f| f.0 == slot) {
                        i
                    } else {
                        facts.push((slot, what, "", ""));
                        facts.len() - 1
                    };
                    if *label {
                        facts[i].2 = value;
                    } else {
                        facts[i].3 = value;
                    }
                }
            }
        }
        // Thunderbird's birthday in three columns: a year may be missing (a note
        // `Birthday: 24 December`, as a phone's year-less birthday), and a part alone is
        // kept in the notes under its column's name.
        match (by, bm, bd) {
            (Some((col, y)), Some((_, m)), Some((_, d))) => {
                inc.birthday = parse_birthday(&format!("{y}-{m}-{d}")).map_err(|m| bad(col, m))?;
            }
            (None, Some((col, m)), Some((_, d))) => {
                let md = format!("--{m:0>2}-{d:0>2}");
                inc.birthday = birthday_or_note(&md, &mut extras, self.dates)
                    .map_err(|e| bad(col, e.replace(&md, &format!("{m}/{d}"))))?;
            }
            (y, m, d) => {
                for (col, v) in [y, m, d].into_iter().flatten() {
                    extras.push(format!("{col}: {v}"));
                }
            }
        }
        let (address, others) = main_address(
            addresses
                .into_iter()
                .filter_map(|(group, parts)| {
                    let label = address_label(&group, &parts);
                    address_text(&parts).map(|a| (label, a, address_parts(&parts)))
                })
                .collect(),
        );
        if let Some((label, text, parts)) = address {
            inc.address = Some(text);
            inc.address_parts = AddressParts::labelled(parts, label.as_deref());
        }
        extras.extend(others);
        for (_, what, label, value) in facts {
            // An event's date as the notes show every date (`--05-21` is `21 May`).
            let value = match what {
                "Event" => date_note(value, self.dates),
                _ => Some(value.to_string()),
            };
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                extras.push(format!("{}: {value}", fact_label(label, what)));
            }
        }
        let person = if name.is_empty() {
            person_name(&first, &middle, &last, &suffix)
        } else {
            name
        };
        // rolo has no field for a nickname: unless it is the name, it is kept in the notes.
        if !nick.is_empty() && !person.is_empty() {
            notes.push(format!("Nickname: {nick}"));
        }
        notes.extend(name_notes(&person, prefix, phonetic));
        // The company's said name is the organization's: its own notes' when the record is
        // the company, else the organization's the import makes; without a company, it is
        // kept in the notes as any column rolo has no field for.
        match (org_said, &inc.org) {
            (Some((_, said)), Some(_)) if person.is_empty() && nick.is_empty() => {
                notes.push(format!("{}{said}", crate::domain::text::PHONETIC_NAME));
            }
            (Some((_, said)), Some(_)) => inc.org_phonetic = Some(said.to_string()),
            (Some((column, said)), None) => extras.push(format!("{column}: {said}")),
            (None, _) => {}
        }
        notes.extend(extras);
        inc.notes = notes.join("\n");
        if !person.is_empty() {
            inc.name = person;
            // The name columns as given, kept beside it (a vCard export writes N from them).
            inc.name_parts =
                crate::domain::NameParts::from_n(&[&last, &first, &middle, prefix, &suffix]);
        } else if !nick.is_empty() {
            inc.name = nick;
        } else if let Some(org) = inc.org.take() {
            inc.kind = CustomerKind::Org;
            inc.name = org;
        } else if let Some(cp) = inc.contacts.first() {
            inc.name.clone_from(&cp.value);
        } else {
            let name_columns: Vec<&str> = self
                .roles
                .iter()
                .zip(&self.columns)
                .filter(|(r, _)| r.names())
                .map(|(_, c)| c.as_str())
                .collect();
            return Err(bad(
                &name_columns.join("/"),
                "no name, company, email or phone; fill one in".into(),
            ));
        }
        if kind == Some(CustomerKind::Org) && inc.kind == CustomerKind::Person {
            // An organization has no organization of its own.
            if let Some(org) = inc.org.take()
                && crate::domain::text::fold(&org) != crate::domain::text::fold(&inc.name)
            {
                return Err(bad(
                    "organization",
                    format!("an organization cannot belong to `{}`", shown(&org)),
                ));
            }
            inc.kind = CustomerKind::Org;
            inc.name_parts = None;
        }
        crate::domain::customer::check_name_len(&inc.name).map_err(|m| bad("name", m))?;
        // (A person's company becomes a customer of its own.)
        if let Some(org) = &inc.org {
            crate::domain::customer::check_name_len(org).map_err(|m| bad("organization", m))?;
        }
        Ok(Some(inc))
    }

    /// The values of a contact cell, each with the label it carries: rolo's export writes
    /// each after its value (`+48 600 (mobile)`, a `;` of a value doubled, see
    /// [`export::split_cell`]); another program's cell is `split`, its labels in columns.
    fn cell_entries<'a>(
        &self,
        value: &'a str,
        split: impl FnOnce(&'a str) -> Vec<&'a str>,
    ) -> Vec<(Cow<'a, str>, Option<String>)> {
        if self.rolo {
            export::split_cell(value)
                .iter()
                .map(|e| {
                    let (v, l) = export::labelled(e);
                    (Cow::Owned(v.to_string()), l.map(str::to_string))
                })
                .collect()
        } else {
            split(value)
                .into_iter()
                .map(|v| (Cow::Borrowed(v), None))
                .collect()
        }
    }

    /// The column of the label of the contact point of `kind` in `slot`.
    fn labels_of(&self, kind: ContactKind, slot: Option<&String>) -> Option<&usize> {
        slot.and_then(|s| self.labels.get(&(kind, s.clone())))
    }
}

/// The values of a contact cell of another program's sheet: joined by `many`, and several
/// emails in one cell as people type them (`a@x.com; b@x.com`; `Smith, Jo <jo@x.com>` is
/// one).
fn split_values<'a>(kind: ContactKind, value: &'a str, many: &str) -> Vec<&'a str> {
    value
        .split(many)
        .flat_map(|v| {
            let parts: Vec<&str> = v.split([';', ',']).collect();
            if kind == ContactKind::Email && parts.iter().all(|p| p.contains('@')) {
                parts
            } else {
                vec![v]
            }
        })
        .map(str::trim)
        .collect()
}

/// The values of a slot's label or service column, as many as its cell holds (`many`
/// apart), trimmed; none without the column.
fn slot_cells<'a>(fields: &'a [String], column: Option<&usize>, many: &str) -> Vec<&'a str> {
    column
        .and_then(|&i| fields.get(i))
        .map(|l| l.split(many).map(str::trim).collect())
        .unwrap_or_default()
}

/// Whether a value of Outlook's `Private` column is its flag: one word of letters (`False`,
/// `True`, in any language: `Falsch`, `Vrai`, `Nej`), or `0` or `1`.
fn is_flag(v: &str) -> bool {
    matches!(v, "0" | "1") || v.chars().all(char::is_alphabetic)
}

/// An X.500 directory path, as Exchange addresses people inside an organization.
fn is_x500(v: &str) -> bool {
    v.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("/o="))
}

/// One address text from its parts: the formatted one if given (its lines joined with
/// commas: the address is one line), with the parts it lacks after it; else the parts
/// joined. A part is lacking when its words are not in the formatted address: Google writes
/// the formatted address in each country's order (`Mountain View, CA 94043`) and leaves out
/// the region, a French sheet's `Adresse` is the street with its `Ville` apart.
fn address_text(parts: &[(Part, String)]) -> Option<String> {
    use crate::domain::text::fold;
    let formatted = parts
        .iter()
        .find(|(p, _)| *p == Part::Formatted)
        .map(|(_, f)| one_line(f))
        .filter(|f| !f.is_empty());
    let has = formatted.as_deref().map(fold);
    // Each part on one line (a street's second line after a comma).
    let get = |want: Part| -> Vec<String> {
        parts
            .iter()
            .filter(|(p, v)| {
                *p == want
                    && has
                        .as_deref()
                        .is_none_or(|h| !crate::interop::text::contains_words(h, &fold(v)))
            })
            .map(|(_, v)| one_line(v))
            .collect()
    };
    let mut out: Vec<String> = formatted.into_iter().collect();
    out.extend(get(Part::Street));
    out.extend(get(Part::PoBox));
    let city = join_name(&[
        get(Part::Postal).join(" ").as_str(),
        get(Part::City).join(" ").as_str(),
    ]);
    if !city.is_empty() {
        out.push(city);
    }
    out.extend(get(Part::Region));
    out.extend(get(Part::Country));
    (!out.is_empty()).then(|| out.join(", "))
}

/// A company column's value: the organization, unless it has one already; a second,
/// different one in the notes, never lost. Several in one cell (`Grupa Lotos S.A.;Lotos
/// Paliwa`: `Freshsales`' accounts, `HubSpot`'s associations) are one each, the first first.
fn org_value(org: &mut Option<String>, column: &str, value: &str, extras: &mut Vec<String>) {
    for one in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
        match org {
            Some(first) if first != one => extras.push(format!("{column}: {one}")),
            Some(_) => {}
            None => *org = Some(one.to_string()),
        }
    }
}

/// An address's label: its label column's (Google's `Address 1 - Label`: `Work`, `Home`,
/// `* Other`, a typed one), else the column set's (Outlook's `Business Street` is `work`,
/// `Home Street` `home`, `Other Street` `other`; Salesforce's `Mailing Street` `mailing`),
/// cleaned as a contact point's. Numbered columns without a label column say none.
fn address_label(group: &str, given: &[(Part, String)]) -> Option<String> {
    let typed = given
        .iter()
        .filter(|(p, _)| *p == Part::Label)
        .map(|(_, v)| clean_label(&one_line(v)))
        .find(|l| !l.is_empty());
    typed.or_else(|| {
        (!group.is_empty() && !group.bytes().all(|b| b.is_ascii_digit()))
            .then(|| clean_label(group))
    })
}

/// The parts of an address given in parts (several columns of one part, as `Street 2`,
/// joined with commas); `None` when it was given whole only, or when the whole address has
/// a word the parts lack (a French `Adresse` with only its `Ville` apart): the parts must
/// stand for the whole address, an export gives them instead of it.
fn address_parts(given: &[(Part, String)]) -> Option<AddressParts> {
    use crate::domain::text::fold;
    let get = |want: Part| -> String {
        let mut joined = String::new();
        for (_, v) in given.iter().filter(|(p, _)| *p == want) {
            let v = one_line(v);
            if !v.is_empty() {
                if !joined.is_empty() {
                    joined.push_str(", ");
                }
                joined.push_str(&v);
            }
        }
        joined
    };
    let parts = AddressParts {
        po_box: get(Part::PoBox),
        street: get(Part::Street),
        city: get(Part::City),
        region: get(Part::Region),
        postcode: get(Part::Postal),
        country: get(Part::Country),
        ..AddressParts::default()
    };
    if !parts.is_useful() {
        return None;
    }
    // Only a formatted address asks whether the parts hold all of it.
    let mut has = None;
    let mut covered = |formatted: &str| {
        let has = has.get_or_insert_with(|| fold(&parts.adr_order().join(" ")));
        fold(formatted)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| crate::interop::text::contains_words(has, w))
    };
    let whole = given
        .iter()
        .any(|(p, v)| *p == Part::Formatted && !covered(v));
    (!whole).then_some(parts)
}

/// The label of a relation, event or custom field as a note shows it: Google's type
/// (`Spouse`, `Anniversary`, `* Other` unstarred), capitalized; `what` when it has none.
fn fact_label(label: &str, what: &str) -> String {
    let l = label.trim().trim_start_matches('*').trim();
    if l.is_empty() {
        what.to_string()
    } else {
        capitalized(l)
    }
}

#[cfg(test)]
mod tests {
    use super::is_flag;

    #[test]
    fn is_flag_takes_outlooks_private_flag_in_any_language_and_no_phone() {
        for flag in ["False", "True", "Falsch", "Vrai", "Nej", "0", "1"] {
            assert!(is_flag(flag), "{flag}");
        }
        for not in ["+48 22 123 45 67", "22 123", "ask her sister", "10"] {
            assert!(!is_flag(not), "{not}");
        }
    }
}
