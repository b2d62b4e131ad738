//! CSV import: dialect sniffing, header recognition (with a preamble before it, as in
//! `LinkedIn`'s `Connections.csv`), `--map`, and rows turned into [`Incoming`] records.

mod columns;
pub mod export;
mod localized;
mod map;
mod row;
mod scan;
mod track;

pub use columns::{FIELDS, Part, Role, field_role, is_rolo_export, recognize, rolo_column};
pub use map::parse_map;
pub use scan::{DateScan, UnmappedColumn};

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use csv::ByteRecord;
use track::Tracked;

use super::text::{DateOrder, shown};
use super::{BadRecord, ImportError, Incoming, Location};
use crate::domain::ContactKind;

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
    /// slot -> column of the service of its address of instant messaging.
    services: HashMap<String, usize>,
    records: usize,
    rec: ByteRecord,
    /// The file is rolo's own CSV export ([`is_rolo_export`]): several values in a cell are
    /// separated by `; ` (tags by spaces), and the `'` the export puts before a cell a
    /// spreadsheet would run as a formula or read as a number is taken off again, by the
    /// same rule ([`export::Sheet::unprotect`]).
    rolo: bool,
    /// How dates with slashes are read ([`SheetReader::scan_dates`] finds it).
    pub dates: DateOrder,
    /// The organization column read before the others (`HubSpot`'s `Associated Company`,
    /// the company record, over its `Company Name`, a free text).
    org_first: Option<usize>,
    /// Records of one value, held until the next record says what they were
    /// ([`SheetReader::next_record`]).
    held: std::collections::VecDeque<Result<Incoming, BadRecord>>,
    /// Records to hand out before reading on.
    ready: std::collections::VecDeque<Result<Incoming, BadRecord>>,
    /// The last record read was empty.
    after_blank: bool,
    /// Records already read, with their lines, to be read first (the rows under a first
    /// line found to be the header only after them, [`SheetReader::open`]).
    pending: std::collections::VecDeque<(usize, ByteRecord)>,
}

/// At most this many records of one value are held ([`SheetReader::next_record`]).
const MAX_HELD: usize = 16;

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

/// A column and where its values go ([`SheetReader::column_fields`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnField {
    /// The column's header (raw file text: sanitize it for a terminal).
    pub column: String,
    /// The field, in words.
    pub field: String,
}

fn decode(field: &[u8]) -> String {
    super::decode::decode_value(field, None, encoding_rs::WINDOWS_1252).0
}

impl<R: Read> SheetReader<R> {
    /// Reads the next record into `rec` (the one read with the header first, if any): the
    /// line it starts on, or `None` at the end.
    fn read_next(&mut self, file: &Path) -> Result<Option<usize>, ImportError> {
        match self.pending.pop_front() {
            Some((line, rec)) => {
                self.rec = rec;
                Ok(Some(line))
            }
            None => read_record(&mut self.rdr, &mut self.rec, file),
        }
    }

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
        // The header a refusal names: the first record, or a later one at least twice as
        // wide (a bank statement's table after its address lines).
        let mut first: Option<(Vec<String>, bool)> = None;
        // The first line, when it has a name column and no other rolo knows (`Name,Bezirk`):
        // the header if no header follows it (in the lines a preamble may take) and the
        // lines after it are rows of as many fields (a preamble's lines are of other widths).
        let mut weak: Option<(Vec<String>, Vec<Role>)> = None;
        let mut ahead: std::collections::VecDeque<(usize, ByteRecord)> =
            std::collections::VecDeque::new();
        for n in 0..MAX_PREAMBLE {
            let Some(line) = read_record(&mut rdr, &mut rec, file)? else {
                break;
            };
            let columns: Vec<String> = rec.iter().map(|f| decode(f).trim().to_string()).collect();
            let wider = |f: &[String]| {
                (columns.len() > 1 && f.len() < 2)
                    || (columns.len() >= 3 && columns.len() >= 2 * f.len())
            };
            let replace = first.as_ref().is_none_or(|(f, _)| wider(f));
            let rolo = is_rolo_export(&columns);
            // Outlook's or Thunderbird's export in another language: its headers in English.
            let local = if rolo {
                None
            } else {
                localized::table_for(&columns)
            };
            let english = localized::english(local, &columns);
            let title_is_prefix = local.is_some_and(localized::Table::is_outlook)
                || english.iter().any(|c| {
                    let f = crate::domain::text::fold(c);
                    f == "job title" || f == "organization title"
                });
            let mut roles: Vec<Role> = columns
                .iter()
                .zip(&english)
                .map(|(c, e)| {
                    map.iter()
                        .find(|(col, _)| col.eq_ignore_ascii_case(c))
                        .map_or_else(
                            || {
                                if rolo {
                                    rolo_column(c)
                                } else {
                                    // A column kept in the notes keeps its own name there,
                                    // in its own language; Google's department is named as
                                    // a vCard's and Outlook's (`Department`).
                                    match recognize(e, title_is_prefix) {
                                        Role::Extra(label) if c.trim() == e.trim() => {
                                            Role::Extra(label)
                                        }
                                        Role::Extra(_) => Role::Extra(c.trim().to_string()),
                                        r => r,
                                    }
                                }
                            },
                            |(_, r)| r.clone(),
                        )
                })
                .collect();
            if !rolo {
                columns::given_beside_family(&columns, &mut roles, map);
                columns::odoo_company(&columns, &mut roles, map);
                localized::courtesy_title(local, &mut roles);
            }
            let mapped_all = !map.is_empty()
                && map
                    .iter()
                    .all(|(col, _)| columns.iter().any(|c| c.eq_ignore_ascii_case(col)));
            let known = roles
                .iter()
                .filter(|r| !matches!(r, Role::Extra(_)))
                .count();
            let named = roles.iter().any(Role::names);
            if replace {
                first = Some((columns.clone(), known > 0));
            }
            let strong = mapped_all || (named && known >= 2) || (named && columns.len() == 1);
            if strong {
                if !mapped_all && !map.is_empty() {
                    return Err(missing_columns(map, &columns));
                }
                if !named {
                    return Err(ImportError::NoName {
                        file: file.to_path_buf(),
                        columns,
                        known: true,
                    });
                }
                return Ok(Self::with_header(
                    rdr,
                    rec,
                    columns,
                    roles,
                    rolo,
                    std::collections::VecDeque::new(),
                ));
            }
            if n == 0 && named && map.is_empty() && !rolo {
                weak = Some((columns, roles));
                continue;
            }
            // Rows as wide as the first line are held, in case no header comes after it.
            if let Some((header, _)) = &weak {
                if rec.len() == header.len() {
                    ahead.push_back((line, rec.clone()));
                    continue;
                }
                // Of another width: the first line was a preamble's.
                weak = None;
                ahead.clear();
            }
        }
        if let Some((columns, roles)) = weak
            && !ahead.is_empty()
        {
            return Ok(Self::with_header(rdr, rec, columns, roles, false, ahead));
        }
        if !map.is_empty()
            && let Some((cols, _)) = &first
        {
            return Err(missing_columns(map, cols));
        }
        let (columns, known) = first.unwrap_or_default();
        Err(ImportError::NoName {
            file: file.to_path_buf(),
            columns,
            known,
        })
    }

    /// The reader of the rows under a header found, `ahead` the rows already read.
    fn with_header(
        rdr: csv::Reader<Tracked<R>>,
        rec: ByteRecord,
        columns: Vec<String>,
        roles: Vec<Role>,
        rolo: bool,
        ahead: std::collections::VecDeque<(usize, ByteRecord)>,
    ) -> Self {
        let (mut labels, mut services) = (HashMap::new(), HashMap::new());
        for (i, r) in roles.iter().enumerate() {
            match r {
                Role::Label { kind, slot } => {
                    labels.insert((*kind, slot.clone()), i);
                }
                Role::Service { slot } => {
                    services.insert(slot.clone(), i);
                }
                _ => {}
            }
        }
        let orgs = roles.iter().filter(|r| **r == Role::Org).count();
        let org_first = columns.iter().zip(&roles).position(|(c, r)| {
            orgs > 1 && *r == Role::Org && crate::domain::text::fold(c) == "associated company"
        });
        SheetReader {
            held: std::collections::VecDeque::new(),
            ready: std::collections::VecDeque::new(),
            after_blank: false,
            org_first,
            rdr,
            columns,
            roles,
            labels,
            services,
            records: 0,
            rec,
            rolo,
            dates: DateOrder::MonthFirst,
            pending: ahead,
        }
    }

    /// The header as found.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Where each column's values go, in the header's order: the column and the field in
    /// words (`email`, `phone (mobile)`, `notes`, `left out`). A column without a name (a
    /// trailing delimiter on every line, as Thunderbird writes) is not listed.
    pub fn column_fields(&self) -> Vec<ColumnField> {
        self.columns
            .iter()
            .zip(&self.roles)
            .filter(|(c, _)| !c.trim().is_empty())
            .map(|(c, r)| ColumnField {
                column: c.clone(),
                field: r.field_words(),
            })
            .collect()
    }

    /// The next record: `Ok(None)` at the end, `Ok(Some(Err(..)))` for a broken record.
    ///
    /// Exports of boards and reports put more than records in a sheet, and they are passed
    /// over: the header again (monday.com's board repeats it for each group) with the
    /// record of one value just before it (the group's name, `Group: Cold`); and after an
    /// empty record at the end, records of one value none of which is a contact (a
    /// Salesforce report's footer: its name, `Copyright (c) …`, `Generated By: …`). A record
    /// of one value is held until the next one shows which it is; anywhere else it is read
    /// as any other.
    pub fn next_record(
        &mut self,
        file: &Path,
    ) -> Result<Option<Result<Incoming, BadRecord>>, ImportError> {
        loop {
            if let Some(r) = self.ready.pop_front() {
                return Ok(Some(r));
            }
            let Some(line) = self.read_next(file)? else {
                let footer = self.after_blank && self.held.iter().all(Result::is_err);
                if footer {
                    self.held.clear();
                }
                self.ready.extend(self.held.drain(..));
                return Ok(self.ready.pop_front());
            };
            self.records += 1;
            let filled = self
                .rec
                .iter()
                .filter(|f| !f.trim_ascii().is_empty())
                .count();
            if filled == 0 {
                self.ready.extend(self.held.drain(..));
                self.after_blank = true;
                continue;
            }
            if filled > 1 && self.is_header_again() {
                self.held.clear();
                self.after_blank = false;
                continue;
            }
            let at = Location {
                line,
                record: self.records,
            };
            let built = match self.build(at) {
                Ok(Some(inc)) => Ok(inc),
                Ok(None) => continue,
                Err(bad) => Err(bad),
            };
            // (A sheet of one column is all records of one value; and a long run of them is
            // no footer: they go on, a few at most held.)
            if filled == 1 && self.columns.len() > 1 {
                self.held.push_back(built);
                if self.held.len() > MAX_HELD {
                    self.ready.extend(self.held.drain(..));
                }
                continue;
            }
            self.after_blank = false;
            self.ready.extend(self.held.drain(..));
            self.ready.push_back(built);
        }
    }

    /// Whether the record just read is the header again.
    fn is_header_again(&self) -> bool {
        self.rec.len() == self.columns.len()
            && self
                .rec
                .iter()
                .zip(&self.columns)
                .all(|(f, c)| decode(f).trim().eq_ignore_ascii_case(c))
    }
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

#[cfg(test)]
mod tests;
