//! What a sheet's columns hold, read ahead of the import: columns of emails or phones under
//! a header rolo does not know, and the order of its dates with slashes.

use std::io::Read;
use std::path::Path;

use super::{Role, SheetReader, decode};
use crate::interop::text::{DateOrder, slash_date_order};

/// Whether `value` starts with a date, ISO (`2024-11-28`, `2024-11-28T10:11:00Z`) or with
/// slashes or dots (`3/14/2023`, `14.03.2023 10:20`): what a CRM writes in its date columns,
/// which has the digits of a phone number.
pub(super) fn looks_like_date(value: &str) -> bool {
    let first = value.split([' ', 'T']).next().unwrap_or("");
    let Some(sep) = first.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return false;
    };
    let parts: Vec<&str> = first.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n = |i: usize| parts[i].parse::<u32>().unwrap_or(0);
    if parts[0].len() == 4 {
        (1..=12).contains(&n(1)) && (1..=31).contains(&n(2))
    } else {
        matches!(parts[2].len(), 2 | 4) && parts[0].len() <= 2 && parts[1].len() <= 2 && {
            let (a, b) = (n(0), n(1));
            (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12)
        }
    }
}

/// What a file's dates with slashes say about their order ([`DateOrder`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateScan {
    /// The first that could be read either way: its line and value.
    pub ambiguous: Option<(usize, String)>,
    /// The first that can be read only one way: its line, value and order.
    pub proof: Option<(usize, String, DateOrder)>,
    /// After it, the first that can be read only the other way: the file mixes orders.
    pub contrary: Option<(usize, String)>,
}

/// A column of emails or phones rolo did not recognize, which goes to the notes
/// ([`SheetReader::scan_unmapped_contacts`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnmappedColumn {
    /// The header (raw file text: sanitize it for a terminal).
    pub column: String,
    /// `email` or `phone`.
    pub holds: &'static str,
    /// The label the header is, alone (`Work`): the column's kind is what its values are.
    #[serde(skip)]
    pub label: Option<&'static str>,
    /// Which column it is (two may have one header).
    #[serde(skip)]
    pub index: usize,
}

/// The label a header is when it says nothing else (Freshsales' `Work` beside `Mobile`):
/// which kind of contact point it holds, only its values tell.
fn bare_label(header: &str) -> Option<&'static str> {
    match crate::domain::text::fold(header).trim() {
        "work" | "business" | "office" | "praca" | "arbeit" | "dienstlich" | "travail"
        | "trabajo" | "lavoro" | "werk" => Some("work"),
        "home" | "personal" | "dom" | "prywatny" | "privat" | "domicile" | "casa" | "thuis" => {
            Some("home")
        }
        "other" | "inny" | "andere" | "autre" | "otro" | "altro" => Some("other"),
        _ => None,
    }
}

impl<R: Read> SheetReader<R> {
    /// Reads up to `rows` records for columns that go to the notes although their values
    /// are emails or phone numbers (a header in a language rolo does not know). Most of its non-empty values must be one or the
    /// other. A record it cannot read ends the scan: the import itself reports it.
    pub fn scan_unmapped_contacts(&mut self, file: &Path, rows: usize) -> Vec<UnmappedColumn> {
        // A column of ids or dates is none of a phone's, whatever its digits look like.
        let not_phones = |header: &str| {
            crate::domain::text::fold(header).split(' ').any(|w| {
                matches!(
                    w,
                    "id" | "ids" | "date" | "datum" | "time" | "created" | "modified" | "updated"
                )
            })
        };
        let cols: Vec<usize> = (0..self.roles.len())
            .filter(|&i| matches!(self.roles[i], Role::Extra(_)))
            .collect();
        if cols.is_empty() {
            return Vec::new();
        }
        // Per column: values, emails, phones.
        let mut seen = vec![(0usize, 0usize, 0usize); cols.len()];
        for _ in 0..rows {
            let Ok(Some(_)) = self.read_next(file) else {
                break;
            };
            for (k, &i) in cols.iter().enumerate() {
                let value = self.rec.get(i).map(decode).unwrap_or_default();
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                seen[k].0 += 1;
                if crate::domain::customer::check_email(value).is_ok() {
                    seen[k].1 += 1;
                } else if !looks_like_date(value)
                    && crate::domain::text::phone_like_digits(value)
                        .is_some_and(|d| (7..=20).contains(&d))
                {
                    seen[k].2 += 1;
                }
            }
        }
        cols.iter()
            .zip(seen)
            .filter_map(|(&i, (values, emails, phones))| {
                let holds = if emails * 2 > values {
                    "email"
                } else if phones * 2 > values && !not_phones(&self.columns[i]) {
                    "phone"
                } else {
                    return None;
                };
                Some(UnmappedColumn {
                    column: self.columns[i].clone(),
                    holds,
                    label: bare_label(&self.columns[i]),
                    index: i,
                })
            })
            .collect()
    }

    /// Reads the columns named only by a label (Freshsales' `Work`) that `unmapped` found
    /// to hold emails or phones as those, with that label; returns the others, which go to
    /// the notes.
    pub fn read_labelled(&mut self, unmapped: Vec<UnmappedColumn>) -> Vec<UnmappedColumn> {
        unmapped
            .into_iter()
            .filter(|u| {
                let Some(label) = u.label else {
                    return true;
                };
                if !matches!(self.roles.get(u.index), Some(Role::Extra(_))) {
                    return true;
                }
                let kind = if u.holds == "email" {
                    crate::domain::ContactKind::Email
                } else {
                    crate::domain::ContactKind::Phone
                };
                self.roles[u.index] = Role::Guessed { kind, label };
                false
            })
            .collect()
    }

    /// Whether a column holds dates (a birthday, an anniversary).
    pub fn has_dates(&self) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r, Role::Birthday | Role::Date(_)))
    }

    /// Reads the rest of the file for what its dates with slashes say about their order:
    /// the first that shows it, and the first after it that shows the other (a file of
    /// several sources). A record it cannot read ends the scan: the import itself reports
    /// it.
    pub fn scan_dates(&mut self, file: &Path) -> DateScan {
        let cols: Vec<usize> = (0..self.roles.len())
            .filter(|&i| matches!(self.roles[i], Role::Birthday | Role::Date(_)))
            .collect();
        let mut scan = DateScan::default();
        while let Ok(Some(line)) = self.read_next(file) {
            for &i in &cols {
                let Some(field) = self.rec.get(i) else {
                    continue;
                };
                let value = decode(field);
                match slash_date_order(&value) {
                    Some(None) if scan.ambiguous.is_none() => {
                        scan.ambiguous = Some((line, value.trim().to_string()));
                    }
                    Some(Some(order)) => match &scan.proof {
                        None => scan.proof = Some((line, value.trim().to_string(), order)),
                        Some((_, _, first)) if *first != order => {
                            scan.contrary = Some((line, value.trim().to_string()));
                            return scan;
                        }
                        Some(_) => {}
                    },
                    _ => {}
                }
            }
        }
        scan
    }
}
