//! The headers Outlook and Thunderbird write in other languages than English, read as the
//! English ones ([`super::columns::recognize`] knows): `Telefon geschäftlich` is Outlook's
//! `Business Phone`, Thunderbird's `Geburtstag` its `Birth Day`. The table is
//! `assets/localized-headers.tsv`.
//!
//! A file is read through one program's table in one language only when it is plainly
//! that program's export: most of its columns, and at least [`MIN_COLUMNS`] of them, are in
//! that table. A hand-made German sheet with `Ort` (a city) and `Geburtstag` (a date) is
//! then never read as Outlook's `Ort` (the office location) or Thunderbird's `Geburtstag`
//! (a day of the month).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::columns::Role;
use crate::domain::text::fold;

/// How many of a file's columns must be in one table for the file to be read through it
/// (Outlook writes about 90 columns, Thunderbird 37).
pub const MIN_COLUMNS: usize = 8;

/// One program's headers in one language: the folded header as exported, and the English
/// headers it stands for. A header the export writes more than once (French Thunderbird's
/// `Ville` is the home city, then the work city) stands for one English header per
/// occurrence, in the table's order.
pub struct Table {
    /// `outlook de`, `thunderbird de`: the program and language.
    pub source: &'static str,
    english: HashMap<String, Vec<&'static str>>,
}

impl Table {
    /// Whether the program is Outlook (whose `Title` is "Mr.", not a job title).
    pub fn is_outlook(&self) -> bool {
        self.source.starts_with("outlook")
    }

    /// The English header for the first (or only) `header`, when it is in the table.
    #[cfg(test)]
    pub fn english(&self, header: &str) -> Option<&'static str> {
        self.nth_english(&fold(header), 0)
    }

    /// The English header for the `nth` occurrence (from 0) of a folded header; one past
    /// the table's occurrences reads as its last.
    fn nth_english(&self, folded: &str, nth: usize) -> Option<&'static str> {
        let all = self.english.get(folded)?;
        all.get(nth).or(all.last()).copied()
    }
}

static TABLES: LazyLock<Vec<Table>> = LazyLock::new(|| {
    let mut tables: Vec<Table> = Vec::new();
    for line in include_str!("../../../assets/localized-headers.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(source), Some(local), Some(english)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if tables.last().is_none_or(|t| t.source != source) {
            tables.push(Table {
                source,
                english: HashMap::new(),
            });
        }
        if let Some(t) = tables.last_mut() {
            t.english.entry(fold(local)).or_default().push(english);
        }
    }
    tables
});

/// The headers of `columns` in English, through `table` (a header not in it is itself; a
/// header written twice is read by its occurrence, see [`Table`]).
pub fn english<'a>(table: Option<&Table>, columns: &'a [String]) -> Vec<&'a str> {
    let Some(t) = table else {
        return columns.iter().map(String::as_str).collect();
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    columns
        .iter()
        .map(|c| {
            let folded = fold(c);
            let nth = seen.entry(folded.clone()).or_default();
            let english = t.nth_english(&folded, *nth);
            *nth += 1;
            english.unwrap_or(c)
        })
        .collect()
}

/// French Outlook calls both its courtesy title and the job title `Titre` (and a sheet
/// edited from it may name the second `Fonction`): in a translated export with two job
/// titles, the first is the courtesy title ("M.", "Dr").
pub fn courtesy_title(table: Option<&Table>, roles: &mut [Role]) {
    if table.is_none() || roles.iter().filter(|r| **r == Role::Title).count() < 2 {
        return;
    }
    if let Some(first) = roles.iter_mut().find(|r| **r == Role::Title) {
        *first = Role::Prefix;
    }
}

/// The table a file with these `columns` is read through: the one holding the most of
/// them, when that is most of them and at least [`MIN_COLUMNS`]; `None` for an English
/// export or a sheet of the user's own.
pub fn table_for(columns: &[String]) -> Option<&'static Table> {
    let present: Vec<String> = columns
        .iter()
        .map(|c| fold(c))
        .filter(|c| !c.is_empty())
        .collect();
    let (count, table) = TABLES
        .iter()
        .map(|t| {
            let n = present
                .iter()
                .filter(|c| t.english.contains_key(*c))
                .count();
            (n, t)
        })
        .max_by_key(|(n, _)| *n)?;
    (count >= MIN_COLUMNS && 2 * count > present.len()).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(header: &str) -> Vec<String> {
        header.split(',').map(str::to_string).collect()
    }

    #[test]
    fn every_line_of_the_table_has_its_three_fields() {
        let text = include_str!("../../../assets/localized-headers.tsv");
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            assert_eq!(parts.len(), 3, "line {}: {line:?}", i + 1);
            assert!(!fold(parts[1]).is_empty(), "line {}", i + 1);
        }
        // Each program and language in one run of lines: one table each.
        let mut sources: Vec<&str> = TABLES.iter().map(|t| t.source).collect();
        sources.dedup();
        let n = sources.len();
        sources.sort_unstable();
        sources.dedup();
        assert_eq!(sources.len(), n);
        assert!(TABLES.iter().any(|t| t.source == "outlook de"));
        assert!(TABLES.iter().any(|t| t.source == "thunderbird de"));
    }

    #[test]
    fn a_whole_export_is_read_through_its_table_and_a_small_sheet_is_not() {
        let tb = cols(
            "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,\
             Sekundäre E-Mail-Adresse,Tel. dienstlich,Tel. privat,Mobil-Tel.-Nr.,\
             Dienstlich: Ort,Geburtsjahr,Geburtsmonat,Geburtstag,Notizen,",
        );
        let t = table_for(&tb).unwrap();
        assert_eq!(t.source, "thunderbird de");
        assert!(!t.is_outlook());
        assert_eq!(t.english("Geburtstag"), Some("Birth Day"));
        assert_eq!(t.english("Primäre E-Mail-Adresse"), Some("Primary Email"));
        assert_eq!(t.english("Privat"), None);
        // A sheet of the user's own: Ort is a city, Geburtstag a date.
        let own = cols("Vorname,Nachname,Firma,E-Mail-Adresse,Telefon,Ort,Geburtstag");
        assert!(table_for(&own).is_none());
        assert!(table_for(&cols("First Name,Last Name,E-mail Address")).is_none());
        assert!(table_for(&[]).is_none());
    }

    #[test]
    fn a_header_written_twice_is_read_by_its_occurrence() {
        let fr = cols(
            "Prénom,Nom de famille,Première adresse électronique,Portable,Adresse privée,Ville,\
             Code postal,Région,Adresse professionnelle,Ville,Code postal,Région,Société,Ville",
        );
        let t = table_for(&fr).unwrap();
        assert_eq!(t.source, "thunderbird fr");
        assert_eq!(
            english(Some(t), &fr)[4..],
            [
                "Home Address",
                "Home City",
                "Home ZipCode",
                "Home Country",
                "Work Address",
                "Work City",
                "Work ZipCode",
                "Work Country",
                "Organization",
                // A third is read as the last the table knows.
                "Work City"
            ]
        );
        // German Thunderbird's screen name is `Anzeigename` too, after the display name.
        let de = cols(
            "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,Tel. dienstlich,\
             Mobil-Tel.-Nr.,Organisation,Notizen,Anzeigename",
        );
        let e = english(table_for(&de), &de);
        assert_eq!((e[2], e[9]), ("Display Name", "Screen Name"));
    }

    #[test]
    fn french_outlook_titre_is_the_courtesy_title_then_the_job_title() {
        let fr = cols(
            "Titre,Prénom,Deuxième prénom,Nom,Suffixe,Société,Service,Titre,Rue (bureau),\
             Ville (bureau),Code postal (bureau),Téléphone (bureau),Tél. mobile,\
             Adresse de messagerie,Adresse de messagerie 2,Anniversaire,Catégories,Notes",
        );
        let t = table_for(&fr).unwrap();
        assert_eq!(t.source, "outlook fr");
        let e = english(Some(t), &fr);
        assert_eq!(
            (e[0], e[1], e[7], e[12], e[14]),
            (
                "Job Title",
                "First Name",
                "Job Title",
                "Mobile Phone",
                "E-mail 2 Address"
            )
        );
        assert_eq!(english(None, &fr)[0], "Titre");
        let mut roles: Vec<Role> = e.iter().map(|h| super::super::recognize(h, true)).collect();
        courtesy_title(Some(t), &mut roles);
        assert_eq!((&roles[0], &roles[7]), (&Role::Prefix, &Role::Title));
        // Not in a sheet of the user's own.
        let mut two = vec![Role::Title, Role::Title];
        courtesy_title(None, &mut two);
        assert_eq!(two, [Role::Title, Role::Title]);
    }
}
