//! One card's properties turned into an [`Incoming`] record.

use super::Prop;
use crate::domain::text::one_line;
use crate::domain::{AddressParts, ContactKind, CustomerKind, NameParts};
use crate::interop::im::{im_point, service_of_property};
use crate::interop::text::{
    DateOrder, birthday_or_note, capitalized, clean_label, contact, date_note, join_name,
    merged_notes, name_notes, person_name, to_tag,
};
use crate::interop::{BadRecord, Incoming, Location};

/// Splits a structured value at unescaped `sep` and unescapes each component.
pub fn components(value: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => cur.push('\n'),
                Some(other) => cur.push(other),
                None => cur.push('\\'),
            },
            c if c == sep => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Unescapes a TEXT value (`\n`, `\,`, `\;`, `\\`).
pub fn unescape(value: &str) -> String {
    components(value, '\u{0}').concat().replace("\r\n", "\n")
}

/// Our own UIDs go out as `urn:uuid:` UUIDs; reading them back gives the stored form.
pub fn uid_in(value: &str) -> String {
    let v = value.trim();
    let v = v.strip_prefix("urn:uuid:").unwrap_or(v);
    let hex: String = v.chars().filter(|c| *c != '-').collect();
    if v.len() == 36 && hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        hex.to_ascii_lowercase()
    } else {
        value.trim().to_string()
    }
}

const NOT_LABELS: &[&str] = &[
    "internet",
    "pref",
    "voice",
    "x400",
    "x-internet",
    "text",
    "uri",
];

fn label_of(p: &Prop, group_labels: &[(String, String)]) -> Option<String> {
    label_skipping(p, group_labels, &[])
}

/// `ADR`'s types that say how mail is carried, not whose address it is (RFC 2426 3.2.1):
/// no label (`ADR;TYPE=dom,postal,parcel,work` is labelled `work`).
const NOT_ADR_LABELS: &[&str] = &["dom", "intl", "postal", "parcel"];

/// [`label_of`], with the `TYPE`s in `skip` no label either.
fn label_skipping(p: &Prop, group_labels: &[(String, String)], skip: &[&str]) -> Option<String> {
    if let Some(g) = &p.group
        && let Some((_, l)) = group_labels.iter().find(|(k, _)| k == g)
    {
        return Some(clean_label(l));
    }
    p.param("TYPE")
        .map(str::to_ascii_lowercase)
        .find(|t| !NOT_LABELS.contains(&t.as_str()) && !skip.contains(&t.as_str()))
        .map(|t| clean_label(&t))
}

/// A label from another program as a person reads it: Apple's `_$!<Spouse>!$_` unwrapped,
/// a lowercase one capitalized (vCard 4's `spouse`); `fallback` when there is none.
fn human_label(raw: Option<&str>, fallback: &str) -> String {
    let l = raw
        .unwrap_or_default()
        .trim()
        .trim_start_matches("_$!<")
        .trim_end_matches(">!$_")
        .trim();
    if l.is_empty() {
        fallback.to_string()
    } else {
        capitalized(l)
    }
}

/// iOS writes a date without a year in a year it names as omitted
/// (`X-APPLE-OMIT-YEAR=1604:1604-03-15`): that is `--03-15`.
fn without_omitted_year(p: &Prop, value: &str) -> String {
    let v = value.trim();
    match p.param("X-APPLE-OMIT-YEAR").next() {
        Some(y) if !y.is_empty() && v.starts_with(y) => {
            format!("--{}", v[y.len()..].trim_start_matches('-'))
        }
        _ => v.to_string(),
    }
}

/// A date of a related event (an anniversary) as a note shows it ([`date_note`]), with
/// iOS's `X-APPLE-OMIT-YEAR` taken as no year; other text as it is.
fn related_date(p: &Prop, value: &str) -> String {
    let v = without_omitted_year(p, value);
    date_note(&v, DateOrder::MonthFirst).unwrap_or(v)
}

/// Builds the record; a bad value is reported at its property's line.
pub fn build(props: &[Prop], at: Location) -> Result<Incoming, BadRecord> {
    let bad = |p: &Prop, message: String| BadRecord {
        at: Location {
            line: p.line,
            record: at.record,
        },
        field: p.name.clone(),
        message,
    };
    let group_labels: Vec<(String, String)> = props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| p.group.clone().map(|g| (g, unescape(&p.value))))
        .collect();
    let mut inc = Incoming {
        at,
        not_utf8: props
            .iter()
            .find(|p| p.not_utf8)
            .map(|p| unescape(&p.value).trim().to_string()),
        ..Incoming::default()
    };
    let (mut full, mut n_name, mut nick) = (String::new(), String::new(), String::new());
    // N as given, kept beside the name for a person (an export writes N from it).
    let mut n_parts: Option<NameParts> = None;
    // N's honorific prefix and Apple's phonetic given, middle and family names.
    let (mut prefix, mut phonetic) = (String::new(), [String::new(), String::new(), String::new()]);
    let mut org_kind = false;
    // Apple's phonetic company name: the organization's.
    let mut org_said = String::new();
    let mut notes: Vec<String> = Vec::new();
    // Lines for the notes from properties rolo has no field for, after the NOTEs.
    let mut extras: Vec<String> = Vec::new();
    let mut label_addr = None;
    // ROLE is the title when there is no TITLE, else a note.
    let mut role: Option<String> = None;
    // Every ADR with its label: the work one is the address, the others go to the notes.
    let mut addresses: Vec<(Option<String>, String, Option<AddressParts>)> = Vec::new();
    for p in props {
        let text = || unescape(&p.value).trim().to_string();
        match p.name.as_str() {
            "FN" => full = text(),
            "N" => {
                let c = components(&p.value, ';');
                let get = |i: usize| c.get(i).map_or("", |s| s.trim());
                n_name = person_name(get(1), get(2), get(0), get(4));
                prefix = get(3).to_string();
                n_parts = NameParts::from_n(&c.iter().map(String::as_str).collect::<Vec<_>>());
            }
            "X-PHONETIC-FIRST-NAME" => phonetic[0] = text(),
            "X-PHONETIC-MIDDLE-NAME" => phonetic[1] = text(),
            "X-PHONETIC-LAST-NAME" => phonetic[2] = text(),
            "X-PHONETIC-ORG" => org_said = text(),
            "NICKNAME" => {
                nick = components(&p.value, ',')
                    .iter()
                    .map(|n| n.trim())
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
            "ORG" => {
                let parts = components(&p.value, ';');
                let org = parts.first().map_or("", |o| o.trim());
                if !org.is_empty() {
                    inc.org = Some(org.to_string());
                }
                // The organization's units after it: `ORG:Acme;Sales` is in Sales.
                let units =
                    join_name(&parts.iter().skip(1).map(String::as_str).collect::<Vec<_>>());
                if !units.is_empty() {
                    extras.push(format!("Department: {units}"));
                }
            }
            "TITLE" => inc.title = Some(text()).filter(|t| !t.is_empty()),
            "ROLE" => role = Some(text()).filter(|t| !t.is_empty()),
            name if matches!(
                name,
                "EMAIL" | "TEL" | "URL" | "X-SOCIALPROFILE" | "IMPP" | "X-ROLO-CONTACT"
            ) || service_of_property(name).is_some() =>
            {
                let v = text();
                if v.is_empty() {
                    continue;
                }
                // An address of instant messaging, as IMPP writes it or as vCard 3.0's
                // exports wrote it before IMPP (`X-SKYPE:anna.k`), with the service Apple
                // names in `X-SERVICE-TYPE`: the URI IMPP writes (`skype:anna.k`).
                let service = service_of_property(&p.name)
                    .or_else(|| (p.name == "IMPP").then(|| p.param("X-SERVICE-TYPE").next())?);
                if p.name == "IMPP" || service.is_some() {
                    let label = label_of(p, &group_labels);
                    inc.contacts.extend(im_point(&v, service, label.as_deref()));
                    continue;
                }
                let kind = match p.name.as_str() {
                    "EMAIL" => ContactKind::Email,
                    "TEL" => ContactKind::Phone,
                    // Apple's profile links (`type=linkedin`) are web addresses.
                    "URL" | "X-SOCIALPROFILE" => ContactKind::Url,
                    // rolo's own: its export writes an IM address that is no URI here
                    // (`skype:ala kowalska`), and an older rolo's other text.
                    _ => ContactKind::before_im(ContactKind::Other, &v, ContactKind::Other),
                };
                // A fax or pager line is that, whatever else it is (`TEL;WORK;FAX`).
                let label = match p
                    .param("TYPE")
                    .map(str::to_ascii_lowercase)
                    .find(|t| p.name == "TEL" && matches!(t.as_str(), "fax" | "pager"))
                {
                    Some(t) => Some(t),
                    None => label_of(p, &group_labels),
                };
                inc.contacts
                    .push(contact(kind, &v, label.as_deref()).map_err(|m| bad(p, m))?);
            }
            "ADR" => {
                // Each part on one line: a street's second line after a comma.
                let c: Vec<String> = components(&p.value, ';')
                    .iter()
                    .map(|s| one_line(s))
                    .collect();
                let get = |i: usize| c.get(i).map_or("", String::as_str);
                let city = join_name(&[get(5), get(3)]);
                let text: Vec<&str> = [get(0), get(1), get(2), city.as_str(), get(4), get(6)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if !text.is_empty() {
                    addresses.push((
                        label_skipping(p, &group_labels, NOT_ADR_LABELS),
                        text.join(", "),
                        AddressParts::from_adr(&c.iter().map(String::as_str).collect::<Vec<_>>()),
                    ));
                }
            }
            "LABEL" => label_addr = Some(text()),
            "NOTE" => notes.push(unescape(&p.value)),
            "BDAY" => {
                // No year (1604 on an iPhone) is no birth year: a note, not a date.
                let v = without_omitted_year(p, &text());
                inc.birthday = birthday_or_note(&v, &mut extras, DateOrder::MonthFirst)
                    .map_err(|m| bad(p, m))?;
            }
            // Related people and dates, with Apple's labels or vCard 4's types: notes.
            "X-ABRELATEDNAMES"
            | "RELATED"
            | "X-ABDATE"
            | "ANNIVERSARY"
            | "X-ANNIVERSARY"
            | "X-MS-ANNIVERSARY"
            | "X-EVOLUTION-ANNIVERSARY" => {
                let v = text();
                if v.is_empty() {
                    continue;
                }
                let apple = p
                    .group
                    .as_ref()
                    .and_then(|g| group_labels.iter().find(|(k, _)| k == g))
                    .map(|(_, l)| l.as_str());
                let (label, value) = match p.name.as_str() {
                    "X-ABRELATEDNAMES" => (human_label(apple, "Related"), v),
                    "RELATED" => (human_label(p.param("TYPE").next(), "Related"), v),
                    "X-ABDATE" => (human_label(apple, "Date"), related_date(p, &v)),
                    _ => ("Anniversary".to_string(), related_date(p, &v)),
                };
                extras.push(format!("{label}: {value}"));
            }
            "CATEGORIES" => {
                for c in components(&p.value, ',') {
                    let (tag, in_part) = to_tag(&c);
                    if in_part {
                        extras.push(format!("Category: {}", c.trim()));
                    }
                    if let Some(t) = tag
                        && !inc.tags.contains(&t)
                    {
                        inc.tags.push(t);
                    }
                }
            }
            // Outlook's and Evolution's people around the contact: notes.
            "X-MS-MANAGER"
            | "X-MANAGER"
            | "X-MS-ASSISTANT"
            | "X-ASSISTANT"
            | "X-MS-SPOUSE"
            | "X-SPOUSE"
            | "X-EVOLUTION-MANAGER"
            | "X-EVOLUTION-ASSISTANT"
            | "X-EVOLUTION-SPOUSE" => {
                let v = text();
                if !v.is_empty() {
                    let who = match p.name.rsplit('-').next() {
                        Some("MANAGER") => "Manager",
                        Some("ASSISTANT") => "Assistant",
                        _ => "Spouse",
                    };
                    extras.push(format!("{who}: {v}"));
                }
            }
            // Android's own rows: a nickname, a relation, a date (`vnd.android.cursor.item/
            // nickname;Łuki;1;…`).
            "X-ANDROID-CUSTOM" => {
                let c = components(&p.value, ';');
                let get = |i: usize| c.get(i).map_or("", |s| s.trim());
                let value = get(1);
                if value.is_empty() {
                    continue;
                }
                match get(0).rsplit('/').next() {
                    Some("nickname") if nick.is_empty() => nick = value.to_string(),
                    Some("relation") => {
                        let label = android_relation(get(2), get(3));
                        extras.push(format!("{label}: {value}"));
                    }
                    Some("contact_event") => {
                        let label = match get(2) {
                            "1" => "Anniversary",
                            "3" => "Birthday",
                            _ if !get(3).is_empty() => get(3),
                            _ => "Date",
                        };
                        extras.push(format!("{}: {value}", capitalized(label)));
                    }
                    _ => {}
                }
            }
            "UID" => inc.uid = Some(uid_in(&unescape(&p.value))).filter(|u| !u.is_empty()),
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                org_kind |= matches!(
                    text().to_ascii_lowercase().as_str(),
                    "org" | "group" | "organization"
                );
            }
            "X-ABSHOWAS" => org_kind |= text().eq_ignore_ascii_case("COMPANY"),
            // rolo's own (its vCard export).
            "X-ROLO-NEEDS" => inc.needs = unescape(&p.value),
            "X-ROLO-OWNER" => inc.owner = Some(text()).filter(|o| !o.is_empty()),
            "X-ROLO-CADENCE" => {
                inc.cadence_days = Some(
                    crate::domain::customer::read_cadence_days(&text()).map_err(|m| bad(p, m))?,
                );
            }
            // What says only how the file was written, and the labels of grouped values
            // (read with them, above); the rest is said as left out.
            // (And Apple's: the country whose format an address is written in, which its ADR
            // names, and how the photo, said as left out, is shown.)
            "VERSION"
            | "PRODID"
            | "REV"
            | "CLIENTPIDMAP"
            | "SOURCE"
            | "NAME"
            | "PROFILE"
            | "X-ABLABEL"
            | "X-ABADR"
            | "X-IMAGETYPE"
            | "X-IMAGEHASH"
            | "X-SHARED-PHOTO-DISPLAY-PREF" => {}
            other => {
                if !inc.left_out.iter().any(|n| n == other) {
                    inc.left_out.push(other.to_string());
                }
            }
        }
    }
    match (&inc.title, role) {
        (None, role) => inc.title = role,
        (Some(t), Some(r)) if *t != r => extras.push(format!("Role: {r}")),
        _ => {}
    }
    let (address, others) = crate::interop::text::main_address(addresses);
    match address {
        Some((label, text, parts)) => {
            inc.address = Some(text);
            inc.address_parts = AddressParts::labelled(parts, label.as_deref());
        }
        None => inc.address = label_addr.filter(|a| !a.is_empty()),
    }
    extras.extend(others);
    let mut person = if full.is_empty() {
        n_name.clone()
    } else {
        full.clone()
    };
    // Apple writes the prefix into FN too (`FN:Dr. Anna Kowalska` beside `N:…;Dr.;`): the
    // name is kept without it, and the prefix in the notes, as a CSV's prefix column is.
    let prefix_trimmed = prefix.trim();
    if !prefix_trimmed.is_empty()
        && let Some(rest) = person
            .get(..prefix_trimmed.len())
            .filter(|head| head.eq_ignore_ascii_case(prefix_trimmed))
            .and_then(|_| person[prefix_trimmed.len()..].strip_prefix(' '))
            .map(str::trim)
            .filter(|rest| !rest.is_empty())
    {
        person = rest.to_string();
    }
    // rolo has no field for a nickname: unless it is the name, it is kept in the notes.
    if !nick.is_empty() && (!person.is_empty() || inc.org.is_some()) {
        notes.push(format!("Nickname: {nick}"));
    }
    let [given, middle, family] = &phonetic;
    // A line the card's NOTE has already (rolo's own export writes a birthday without its
    // year both as BDAY and in the notes) is there once, as in any merge of notes.
    let mut lines = name_notes(&person, &prefix, [given, middle, family]);
    lines.extend(extras);
    let base = notes.join("\n");
    inc.notes = merged_notes(&base, &lines.join("\n")).unwrap_or(base);
    let company_only = org_kind
        || (inc.org.is_some()
            && (person.is_empty()
                || (n_name.is_empty() && inc.org.as_deref() == Some(person.as_str()))));
    if !org_said.is_empty() && inc.org.is_some() {
        if company_only {
            let said = format!("{}{org_said}", crate::domain::text::PHONETIC_NAME);
            inc.notes = merged_notes(&inc.notes, &said).unwrap_or_else(|| inc.notes.clone());
        } else {
            inc.org_phonetic = Some(org_said);
        }
    }
    if company_only && let Some(org) = inc.org.take() {
        inc.kind = CustomerKind::Org;
        inc.name = if org_kind && !person.is_empty() {
            person
        } else {
            org
        };
    } else if !person.is_empty() {
        inc.name = person;
        inc.name_parts = n_parts;
    } else if !nick.is_empty() {
        inc.name = nick;
    } else if let Some(cp) = inc.contacts.first() {
        inc.name.clone_from(&cp.value);
    } else {
        return Err(BadRecord {
            at,
            field: "FN".into(),
            message: "the card has no FN, N, ORG, NICKNAME, EMAIL or TEL; give it a name".into(),
        });
    }
    crate::domain::customer::check_name_len(&inc.name).map_err(|message| BadRecord {
        at,
        field: "FN".into(),
        message,
    })?;
    // (A person's company becomes a customer of its own.)
    if let Some(org) = &inc.org {
        crate::domain::customer::check_name_len(org).map_err(|message| BadRecord {
            at,
            field: "ORG".into(),
            message,
        })?;
    }
    if org_kind && inc.kind == CustomerKind::Person {
        inc.kind = CustomerKind::Org;
    }
    Ok(inc)
}

/// An Android relation's label: its own (type 0, custom), or the name of its type number.
fn android_relation(kind: &str, custom: &str) -> String {
    let named = match kind {
        "1" => "Assistant",
        "2" => "Brother",
        "3" => "Child",
        "4" => "Domestic partner",
        "5" => "Father",
        "6" => "Friend",
        "7" => "Manager",
        "8" => "Mother",
        "9" => "Parent",
        "10" => "Partner",
        "11" => "Referred by",
        "12" => "Relative",
        "13" => "Sister",
        "14" => "Spouse",
        _ => "",
    };
    if named.is_empty() {
        if custom.is_empty() {
            "Related".to_string()
        } else {
            capitalized(custom)
        }
    } else {
        named.to_string()
    }
}
