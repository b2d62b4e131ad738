//! CSV import: dialect sniffing, header recognition (with a preamble before it, as in
//! `LinkedIn`'s `Connections.csv`), `--map`, and rows turned into [`Incoming`] records.

mod columns;
pub mod export;
mod map;
mod track;

pub use columns::{FIELDS, Part, Role, field_role, is_rolo_export, recognize, rolo_column};
pub use map::parse_map;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use csv::ByteRecord;
use track::Tracked;

use super::text::{contact, join_name, month_day, parse_birthday, shown, to_tag};
use super::{BadRecord, ImportError, Incoming, Location};
use crate::domain::{ContactKind, CustomerKind};

/// How many records before the header may be a preamble.
const MAX_PREAMBLE: usize = 50;

/// Picks the delimiter (`,` `;` tab) under which the first records have the most consistent
/// number of fields.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut best = (0usize, b',');
    for delim in [b',', b';', b'\t', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(head);
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut rec = ByteRecord::new();
        for _ in 0..30 {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => *counts.entry(rec.len()).or_default() += 1,
                _ => break,
            }
        }
        let score = counts
            .iter()
            .filter(|(n, _)| **n > 1)
            .map(|(n, f)| n * f * f)
            .max()
            .unwrap_or(0);
        if score > best.0 {
            best = (score, delim);
        }
    }
    best.1
}

/// A CSV file read record by record.
pub struct SheetReader<R: Read> {
    rdr: csv::Reader<Tracked<R>>,
    columns: Vec<String>,
    roles: Vec<Role>,
    /// (kind, slot) -> column of its label.
    labels: HashMap<(ContactKind, String), usize>,
    records: usize,
    rec: ByteRecord,
    /// The file is rolo's own CSV export ([`is_rolo_export`]): several values in a cell are
    /// separated by `; ` (tags by spaces), and the `'` the export puts before a cell a
    /// spreadsheet would run as a formula is taken off again.
    rolo: bool,
}

/// A cell of rolo's own export as it was before [`export::cell`] protected it.
fn unprotect(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(export::FORMULA_START) => rest.to_string(),
        _ => cell,
    }
}

/// Reads the next record into `rec`: the line it starts on, or `None` at the end. A file that
/// ends inside a quoted field is an error (the parser would take the rest of the file as
/// one value), whatever record it is found at.
fn read_record<R: Read>(
    rdr: &mut csv::Reader<Tracked<R>>,
    rec: &mut ByteRecord,
    file: &Path,
) -> Result<Option<usize>, ImportError> {
    let more = rdr.read_byte_record(rec).map_err(|e| ImportError::Format {
        file: file.to_path_buf(),
        message: match e.kind() {
            csv::ErrorKind::Io(io) if let Some(m) = super::decode::Malformed::of(io) => {
                m.to_string()
            }
            csv::ErrorKind::Io(io) if let Some(m) = super::limit::Oversized::of(io) => {
                m.to_string()
            }
            _ => format!("cannot read CSV: {e}"),
        },
    })?;
    if let Some(line) = rdr.get_ref().unclosed() {
        return Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "line {line}: a quoted field opened here is never closed (an unmatched `\"`); \
                 everything after it would be read as one value; nothing was imported \
                 (close or remove the quote; --skip-bad cannot skip this)"
            ),
        });
    }
    if !more {
        return Ok(None);
    }
    Ok(Some(rdr.get_mut().next_start().unwrap_or(0)))
}

fn decode(field: &[u8]) -> String {
    super::decode::decode_value(field, None, encoding_rs::WINDOWS_1252)
}

impl<R: Read> SheetReader<R> {
    /// Reads up to the header (skipping a preamble) and recognizes its columns.
    pub fn open(
        input: R,
        delimiter: u8,
        map: &[(String, Role)],
        file: &Path,
    ) -> Result<Self, ImportError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Tracked::new(input, delimiter));
        let mut rec = ByteRecord::new();
        let mut first: Option<Vec<String>> = None;
        for _ in 0..MAX_PREAMBLE {
            if read_record(&mut rdr, &mut rec, file)?.is_none() {
                break;
            }
            let columns: Vec<String> = rec.iter().map(|f| decode(f).trim().to_string()).collect();
            if first.is_none() || (columns.len() > 1 && first.as_ref().is_some_and(|f| f.len() < 2))
            {
                first = Some(columns.clone());
            }
            let title_is_prefix = columns.iter().any(|c| {
                let f = crate::domain::text::fold(c);
                f == "job title" || f == "organization title"
            });
            let rolo = is_rolo_export(&columns);
            let roles: Vec<Role> = columns
                .iter()
                .map(|c| {
                    map.iter()
                        .find(|(col, _)| col.eq_ignore_ascii_case(c))
                        .map_or_else(
                            || {
                                if rolo {
                                    rolo_column(c)
                                } else {
                                    recognize(c, title_is_prefix)
                                }
                            },
                            |(_, r)| r.clone(),
                        )
                })
                .collect();
            let mapped_all = !map.is_empty()
                && map
                    .iter()
                    .all(|(col, _)| columns.iter().any(|c| c.eq_ignore_ascii_case(col)));
            let known = roles
                .iter()
                .filter(|r| !matches!(r, Role::Extra(_)))
                .count();
            let named = roles.iter().any(Role::names);
            if mapped_all || (named && known >= 2) || (named && columns.len() == 1) {
                if !mapped_all && !map.is_empty() {
                    return Err(missing_columns(map, &columns));
                }
                if !named {
                    return Err(ImportError::NoName {
                        file: file.to_path_buf(),
                        columns,
                    });
                }
                let mut labels = HashMap::new();
                for (i, r) in roles.iter().enumerate() {
                    if let Role::Label { kind, slot } = r {
                        labels.insert((*kind, slot.clone()), i);
                    }
                }
                return Ok(SheetReader {
                    rdr,
                    columns,
                    roles,
                    labels,
                    records: 0,
                    rec,
                    rolo,
                });
            }
        }
        if !map.is_empty()
            && let Some(cols) = &first
        {
            return Err(missing_columns(map, cols));
        }
        Err(ImportError::NoName {
            file: file.to_path_buf(),
            columns: first.unwrap_or_default(),
        })
    }

    /// The header as found.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The next record: `Ok(None)` at the end, `Ok(Some(Err(..)))` for a broken record.
    pub fn next_record(
        &mut self,
        file: &Path,
    ) -> Result<Option<Result<Incoming, BadRecord>>, ImportError> {
        loop {
            let Some(line) = read_record(&mut self.rdr, &mut self.rec, file)? else {
                return Ok(None);
            };
            self.records += 1;
            let at = Location {
                line,
                record: self.records,
            };
            match self.build(at) {
                Ok(Some(inc)) => return Ok(Some(Ok(inc))),
                Ok(None) => {}
                Err(bad) => return Ok(Some(Err(bad))),
            }
        }
    }

    fn build(&self, at: Location) -> Result<Option<Incoming>, BadRecord> {
        let mut fields: Vec<String> = self.rec.iter().map(decode).collect();
        if self.rolo {
            fields = fields.into_iter().map(unprotect).collect();
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
        let mut notes: Vec<String> = Vec::new();
        let mut extras: Vec<String> = Vec::new();
        let mut addresses: Vec<(String, Vec<(Part, String)>)> = Vec::new();
        // Relations, events, custom fields: (slot, what, type, value).
        let mut facts: Vec<(&str, &str, &str, &str)> = Vec::new();
        let (mut by, mut bm, mut bd) = (None, None, None);
        let mut kind: Option<CustomerKind> = None;
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
                Role::Prefix | Role::Ignore | Role::Label { .. } => {}
                Role::Org => inc.org = Some(value.to_string()),
                Role::Title => inc.title = Some(value.to_string()),
                // Outlook ends a note's lines with CRLF.
                Role::Notes => notes.push(value.replace("\r\n", "\n")),
                Role::Contact { kind, slot, label } => {
                    let labels: Vec<&str> = slot
                        .as_ref()
                        .and_then(|s| self.labels.get(&(*kind, s.clone())))
                        .and_then(|&li| fields.get(li))
                        .map(|l| l.split(many).map(str::trim).collect())
                        .unwrap_or_default();
                    for (k, v) in value.split(many).map(str::trim).enumerate() {
                        // An Exchange colleague's address in Outlook's export is a directory
                        // path (`/o=ExchangeLabs/...`, type EX), not one mail can go to.
                        if v.is_empty() || (*kind == ContactKind::Email && is_x500(v)) {
                            continue;
                        }
                        let l = labels.get(k).or(labels.first()).copied().or(*label);
                        inc.contacts
                            .push(contact(*kind, v, l).map_err(|m| bad(column, m))?);
                    }
                }
                Role::Address { group, part } => {
                    match addresses.iter_mut().find(|(g, _)| g == group) {
                        Some((_, parts)) => parts.push((*part, value.to_string())),
                        None => addresses.push((group.clone(), vec![(*part, value.to_string())])),
                    }
                }
                Role::Birthday => {
                    if let Some(day) = month_day(value) {
                        extras.push(format!("{column}: {day}"));
                    } else {
                        inc.birthday = parse_birthday(value).map_err(|m| bad(column, m))?;
                    }
                }
                Role::Date(what) => match month_day(value) {
                    Some(day) => extras.push(format!("{what}: {day}")),
                    None => match parse_birthday(value) {
                        Ok(None) => {}
                        Ok(Some(d)) => extras.push(format!("{what}: {}", d.format("%Y-%m-%d"))),
                        // Only a note: kept as written rather than refused.
                        Err(_) => extras.push(format!("{what}: {value}")),
                    },
                },
                Role::BirthYear => by = Some((column, value)),
                Role::BirthMonth => bm = Some((column, value)),
                Role::BirthDay => bd = Some((column, value)),
                Role::Tags => {
                    let tags: Vec<&str> = if self.rolo {
                        value.split_whitespace().collect()
                    } else {
                        value
                            .split(":::")
                            .flat_map(|t| t.split([';', ',']))
                            .collect()
                    };
                    for t in tags {
                        if let Some(tag) = to_tag(t).map_err(|m| bad(column, m))?
                            && !inc.tags.contains(&tag)
                        {
                            inc.tags.push(tag);
                        }
                    }
                }
                Role::Uid => inc.uid = Some(value.to_string()),
                Role::Kind => {
                    kind = Some(CustomerKind::parse(&value.to_ascii_lowercase()).ok_or_else(
                        || {
                            bad(
                                column,
                                format!("`{}` is not a kind (person or org)", shown(value)),
                            )
                        },
                    )?);
                }
                Role::Owner => inc.owner = Some(value.to_string()),
                Role::Needs => inc.needs = value.to_string(),
                Role::Cadence => {
                    inc.cadence_days =
                        Some(value.parse().ok().filter(|d| *d > 0).ok_or_else(|| {
                            bad(
                                column,
                                format!("`{}` is not a number of days (e.g. 14)", shown(value)),
                            )
                        })?);
                }
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
        if let (Some((col, y)), Some((_, m)), Some((_, d))) = (by, bm, bd) {
            inc.birthday = parse_birthday(&format!("{y}-{m}-{d}")).map_err(|m| bad(col, m))?;
        }
        inc.address = addresses
            .into_iter()
            .find_map(|(_, parts)| address_text(&parts));
        for (_, what, label, value) in facts {
            if !value.is_empty() {
                extras.push(format!("{}: {value}", fact_label(label, what)));
            }
        }
        let person = if name.is_empty() {
            join_name(&[&first, &middle, &last, &suffix])
        } else {
            name
        };
        // rolo has no field for a nickname: unless it is the name, it is kept in the notes.
        if !nick.is_empty() && !person.is_empty() {
            notes.push(format!("Nickname: {nick}"));
        }
        notes.extend(extras);
        inc.notes = notes.join("\n");
        if !person.is_empty() {
            inc.name = person;
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
        }
        super::limit::check_name_len(&inc.name).map_err(|m| bad("name", m))?;
        // (A person's company becomes a customer of its own.)
        if let Some(org) = &inc.org {
            super::limit::check_name_len(org).map_err(|m| bad("organization", m))?;
        }
        Ok(Some(inc))
    }
}

/// An X.500 directory path, as Exchange addresses people inside an organization.
fn is_x500(v: &str) -> bool {
    v.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("/o="))
}

fn missing_columns(map: &[(String, Role)], cols: &[String]) -> ImportError {
    let missing: Vec<String> = map
        .iter()
        .filter(|(col, _)| !cols.iter().any(|c| c.eq_ignore_ascii_case(col)))
        .map(|(c, _)| format!("`{}`", shown(c)))
        .collect();
    ImportError::Usage(format!(
        "--map names columns the file does not have: {}; the columns are: {}",
        missing.join(", "),
        cols.iter()
            .map(|c| format!("`{}`", shown(c)))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// One address text from its parts: the formatted one if given, else the parts joined.
fn address_text(parts: &[(Part, String)]) -> Option<String> {
    if let Some((_, f)) = parts.iter().find(|(p, _)| *p == Part::Formatted) {
        return Some(f.clone());
    }
    let get = |want: Part| -> Vec<&str> {
        parts
            .iter()
            .filter(|(p, _)| *p == want)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let mut out: Vec<String> = get(Part::Street).into_iter().map(str::to_string).collect();
    out.extend(get(Part::PoBox).into_iter().map(str::to_string));
    let city = join_name(&[
        get(Part::Postal).join(" ").as_str(),
        get(Part::City).join(" ").as_str(),
    ]);
    if !city.is_empty() {
        out.push(city);
    }
    out.extend(get(Part::Region).into_iter().map(str::to_string));
    out.extend(get(Part::Country).into_iter().map(str::to_string));
    (!out.is_empty()).then(|| out.join(", "))
}

/// The label of a relation, event or custom field as a note shows it: Google's type
/// (`Spouse`, `Anniversary`, `* Other` unstarred), capitalized; `what` when it has none.
fn fact_label(label: &str, what: &str) -> String {
    let l = label.trim().trim_start_matches('*').trim();
    let mut chars = l.chars();
    match chars.next() {
        None => what.to_string(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str, map: &str) -> Result<Vec<Result<Incoming, BadRecord>>, ImportError> {
        let file = std::path::PathBuf::from("t.csv");
        let map = parse_map(map)?;
        let delim = sniff_delimiter(text.as_bytes());
        let mut r = SheetReader::open(text.as_bytes(), delim, &map, &file)?;
        let mut out = Vec::new();
        while let Some(x) = r.next_record(&file)? {
            out.push(x);
        }
        Ok(out)
    }

    #[test]
    fn sniffs_semicolons_and_tabs() {
        assert_eq!(sniff_delimiter(b"Name;Email\nAnna;a@x.pl\n"), b';');
        assert_eq!(sniff_delimiter(b"Name\tEmail\nAnna, Jr\ta@x.pl\n"), b'\t');
        assert_eq!(sniff_delimiter(b"Name,Email\n\"Kow; Anna\",a@x.pl\n"), b',');
    }

    #[test]
    fn google_multi_values_and_labels() {
        let rows = read_all(
            "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
             Anna,Kowalska,* myContacts ::: Key Accounts,* Work ::: Home,a@acme.pl ::: anna@home.pl,Mobile,+48 600 100 200\n",
            "",
        )
        .unwrap();
        let a = rows[0].as_ref().unwrap();
        assert_eq!(a.name, "Anna Kowalska");
        assert_eq!(a.tags, vec!["key-accounts"]);
        assert_eq!(a.contacts.len(), 3);
        assert_eq!(a.contacts[1].value, "anna@home.pl");
        assert_eq!(a.contacts[1].label.as_deref(), Some("home"));
        assert_eq!(a.contacts[2].label.as_deref(), Some("mobile"));
        assert_eq!(a.at, Location { line: 2, record: 1 });
    }

    #[test]
    fn no_name_lists_columns() {
        let e = read_all("Foo,Bar\n1,2\n", "").unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "t.csv: no column gives a name; the columns are: `Foo`, `Bar`. Map one with --map \"Column=name\" (fields: {})",
                FIELDS.join(", ")
            )
        );
    }

    #[test]
    fn map_and_company_only_rows() {
        let rows = read_all(
            "Full name,Mail,Firma\n,,Acme SA\nJan,j@x.pl,\n",
            "Full name=name,Mail=email,Firma=org",
        )
        .unwrap();
        let acme = rows[0].as_ref().unwrap();
        assert_eq!(
            (acme.kind, acme.name.as_str()),
            (CustomerKind::Org, "Acme SA")
        );
        assert_eq!(rows[1].as_ref().unwrap().contacts[0].value, "j@x.pl");
    }

    #[test]
    fn bad_email_names_line_and_column() {
        let rows = read_all("Name,Email\nAnna,a@x.pl\n\"Bob\nSmith\",not-mail\n", "").unwrap();
        let bad = rows[1].as_ref().unwrap_err();
        assert_eq!(
            bad.to_string(),
            "line 3 (record 2), field `Email`: `not-mail` is not an email address (expected name@example.com)"
        );
    }

    #[test]
    fn an_unclosed_quote_stops_the_file_but_a_bare_quote_is_a_character() {
        let mut text =
            String::from("Name,Email,Notes\nA One,a1@x.com,\nB Two,b2@x.com,\"said \"\"hi\n");
        for i in 3..=200 {
            text.push_str(&format!("N{i},n{i}@x.com,\n"));
        }
        let e = read_all(&text, "").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv: line 3: a quoted field opened here is never closed (an unmatched `\"`); \
             everything after it would be read as one value; nothing was imported \
             (close or remove the quote; --skip-bad cannot skip this)"
        );
        // In the header too.
        let e = read_all("Name,\"Email\nA,a@x.pl\n", "").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv: line 1: a quoted field opened here"),
            "{e}"
        );
        let rows = read_all("Name,Notes\nA,27\" monitor\nB,\"x \"\"y\"\"\"\n", "").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].as_ref().unwrap().notes, "27\" monitor");
        assert_eq!(rows[1].as_ref().unwrap().notes, "x \"y\"");
    }

    #[test]
    fn lines_are_right_with_crlf_cr_and_lf() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = format!(
                "Name,Email{eol}Anna,a@x.pl{eol}{eol}\"Bob{eol}Smith\",b@x.pl{eol}Cy,nope{eol}"
            );
            let rows = read_all(&text, "").unwrap();
            let lines: Vec<usize> = rows
                .iter()
                .map(|r| match r {
                    Ok(i) => i.at.line,
                    Err(b) => b.at.line,
                })
                .collect();
            assert_eq!(lines, vec![2, 4, 6], "{eol:?}");
            assert_eq!(
                rows[2].as_ref().unwrap_err().to_string(),
                "line 6 (record 3), field `Email`: `nope` is not an email address (expected name@example.com)",
                "{eol:?}"
            );
        }
    }

    #[test]
    fn rolo_export_header_is_read_as_rolo_wrote_it() {
        let head = super::export::COLUMNS.join(",");
        let rows = read_all(
            &format!(
                "{head}\n\
                 7,u-7,org,Acme,,,a@acme.pl; b@acme.pl,'+48 600; 22 111 22 33,https://acme.pl,,key vip,,Jan,14,2026-01-01,,,,0,3,1,4.50,1200.00,EUR,,,0,'-20% on volume,'=1+1\n\
                 8,u-8,robot,X,,,,,,,,,,,,,,,,,,,,,,,,,\n\
                 9,u-9,person,Y,,,,,,,,,,2w,,,,,,,,,,,,,,,\n"
            ),
            "",
        )
        .unwrap();
        let acme = rows[0].as_ref().unwrap();
        assert_eq!(
            (
                acme.kind,
                acme.name.as_str(),
                acme.uid.as_deref(),
                acme.owner.as_deref()
            ),
            (CustomerKind::Org, "Acme", Some("u-7"), Some("Jan"))
        );
        assert_eq!(acme.cadence_days, Some(14));
        assert_eq!(acme.tags, vec!["key", "vip"]);
        let values: Vec<&str> = acme.contacts.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(
            values,
            vec![
                "a@acme.pl",
                "b@acme.pl",
                "+48 600",
                "22 111 22 33",
                "https://acme.pl"
            ]
        );
        assert_eq!(acme.notes, "=1+1");
        assert_eq!(acme.needs, "-20% on volume");
        assert_eq!(
            rows[1].as_ref().unwrap_err().to_string(),
            "line 3 (record 2), field `kind`: `robot` is not a kind (person or org)"
        );
        assert_eq!(
            rows[2].as_ref().unwrap_err().to_string(),
            "line 4 (record 3), field `cadence_days`: `2w` is not a number of days (e.g. 14)"
        );
    }
}
