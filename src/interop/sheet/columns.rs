//! CSV headers: what each column of the common exports (Google old and new, Outlook,
//! Thunderbird, `LinkedIn`) or of a `--map` means.

use crate::domain::ContactKind;
use crate::domain::text::fold;

mod role;

pub use role::{Part, Role};

/// The field names `--map` accepts.
pub const FIELDS: &[&str] = &[
    "name", "first", "middle", "last", "prefix", "suffix", "nickname", "org", "title", "notes",
    "email", "phone", "url", "im", "address", "street", "city", "region", "postal", "country",
    "birthday", "tags", "uid", "kind", "owner", "cadence", "needs", "ignore",
];

/// The role of a `--map` field name.
pub fn field_role(field: &str) -> Option<Role> {
    let contact = |kind| Role::Contact {
        kind,
        slot: None,
        label: None,
    };
    let addr = |part| Role::Address {
        group: String::new(),
        part,
    };
    Some(match field.trim().to_ascii_lowercase().as_str() {
        "name" => Role::Name,
        "first" => Role::First,
        "middle" => Role::Middle,
        "last" => Role::Last,
        "prefix" => Role::Prefix,
        "suffix" => Role::Suffix,
        "nickname" => Role::Nickname,
        "org" | "company" | "organization" => Role::Org,
        "title" => Role::Title,
        "notes" | "note" => Role::Notes,
        "email" => contact(ContactKind::Email),
        "phone" => contact(ContactKind::Phone),
        "url" => contact(ContactKind::Url),
        "im" => Role::Im {
            slot: None,
            service: None,
        },
        "address" => addr(Part::Formatted),
        "street" => addr(Part::Street),
        "city" => addr(Part::City),
        "region" => addr(Part::Region),
        "postal" => addr(Part::Postal),
        "country" => addr(Part::Country),
        "birthday" => Role::Birthday,
        "tags" => Role::Tags,
        "uid" => Role::Uid,
        "kind" => Role::Kind,
        "owner" => Role::Owner,
        "cadence" | "cadence_days" => Role::Cadence,
        "needs" => Role::Needs,
        "ignore" => Role::Ignore,
        _ => return None,
    })
}

fn address_part(words: &str) -> Option<Part> {
    // With the words of a spreadsheet kept in Polish, German, French, Spanish, Italian,
    // Portuguese or Dutch.
    Some(match words {
        "formatted" | "address" | "adres" | "adresse" | "anschrift" | "direccion" | "indirizzo"
        | "endereco" | "morada" | "postal address" | "mailing address" => Part::Formatted,
        "street" | "street 1" | "street 2" | "street 3" | "street2" | "street3" | "address 2"
        | "extended address" | "street address" | "address line 1" | "address line 2" | "ulica"
        | "strasse" | "rue" | "calle" | "rua" | "straat" => Part::Street,
        "po box" => Part::PoBox,
        "city" | "miasto" | "miejscowosc" | "ort" | "stadt" | "ville" | "ciudad" | "citta"
        | "cidade" | "plaats" | "woonplaats" => Part::City,
        // (A British Thunderbird's `Home County` and `Home Post Code`.)
        "state" | "region" | "state region" | "state province" | "county" | "wojewodztwo"
        | "bundesland" | "departement" | "provincia" | "estado" | "provincie" => Part::Region,
        "postal code" | "post code" | "zip" | "zipcode" | "zip code" | "zip postal code"
        | "kod pocztowy" | "plz" | "postleitzahl" | "code postal" | "codigo postal" | "cap"
        | "cep" | "postcode" => Part::Postal,
        "country" | "country region" | "kraj" | "land" | "pays" | "pais" | "paese" => Part::Country,
        _ => return None,
    })
}

/// The role of a column of rolo's own CSV export (`rolo export --format csv`), whose header
/// starts `id,uid,kind,name`: its profile columns, and its measures ignored (they are
/// computed from history, which the file does not hold). A column added later is kept in
/// the notes like any unknown one.
pub fn rolo_column(header: &str) -> Role {
    let contact = |kind| Role::Contact {
        kind,
        slot: None,
        label: None,
    };
    match header {
        "uid" => Role::Uid,
        "kind" => Role::Kind,
        "name" => Role::Name,
        "organization" => Role::Org,
        "title" => Role::Title,
        "emails" => contact(ContactKind::Email),
        "phones" => contact(ContactKind::Phone),
        "urls" => contact(ContactKind::Url),
        "im" => Role::Im {
            slot: None,
            service: None,
        },
        "other" => contact(ContactKind::Other),
        "address" => Role::Address {
            group: String::new(),
            part: Part::Formatted,
        },
        "tags" => Role::Tags,
        "birthday" => Role::Birthday,
        "owner" => Role::Owner,
        "cadence_days" => Role::Cadence,
        "needs" => Role::Needs,
        "notes" => Role::Notes,
        "id" | "created" | "last_contact" | "days_since_contact" | "next_due"
        | "open_follow_ups" | "contacts_total" | "contacts_90d" | "avg_rating" | "won_value"
        | "won_currency" | "open_pipeline" | "open_currency" | "open_deals" => Role::Ignore,
        h => Role::Extra(h.to_string()),
    }
}

/// Spanish `Nombre` and Italian or Portuguese `Nome` are the whole name in a sheet of one
/// name column, and the given name beside `Apellidos`, `Cognome` or `Sobrenome`: read so.
/// (A column the user mapped stays as mapped.)
pub fn given_beside_family(columns: &[String], roles: &mut [Role], map: &[(String, Role)]) {
    if !roles.contains(&Role::Last) {
        return;
    }
    for (c, r) in columns.iter().zip(roles.iter_mut()) {
        let mapped = map.iter().any(|(col, _)| col.eq_ignore_ascii_case(c));
        if !mapped && *r == Role::Name && matches!(fold(c).as_str(), "nombre" | "nome") {
            *r = Role::First;
        }
    }
}

/// Odoo's `Company` is the user's own company, which owns the record, when `Related
/// Company` is beside it (the contact's employer): left out, or every contact would be its
/// employee. (A column the user mapped stays as mapped.)
pub fn odoo_company(columns: &[String], roles: &mut [Role], map: &[(String, Role)]) {
    if !columns.iter().any(|c| fold(c) == "related company") {
        return;
    }
    for (c, r) in columns.iter().zip(roles.iter_mut()) {
        let mapped = map.iter().any(|(col, _)| col.eq_ignore_ascii_case(c));
        if !mapped && *r == Role::Org && fold(c) == "company" {
            *r = Role::Ignore;
        }
    }
}

/// True for the header of rolo's own CSV export.
pub fn is_rolo_export(columns: &[String]) -> bool {
    columns.len() >= 4 && columns[..4] == ["id", "uid", "kind", "name"]
}

/// Recognizes one header. `title_is_prefix` is set for Outlook, whose `Title` is "Mr.".
pub fn recognize(header: &str, title_is_prefix: bool) -> Role {
    let role = recognize_words(header, title_is_prefix);
    // Salesforce's data export names its columns as its API does: `MailingStreet`,
    // `MobilePhone`. (Tried second: `LinkedIn` is one word.)
    if let Role::Extra(_) = role {
        let spaced = camel_words(header);
        if spaced != header {
            return match recognize_words(&spaced, title_is_prefix) {
                Role::Extra(_) => role,
                found => found,
            };
        }
    }
    role
}

/// `MailingPostalCode` as `Mailing Postal Code`: a space before each capital that follows
/// a small letter, in a header with no space in it.
fn camel_words(header: &str) -> String {
    let header = header.trim();
    if header.contains(char::is_whitespace) {
        return header.to_string();
    }
    let mut out = String::with_capacity(header.len() + 4);
    let mut prev_lower = false;
    for c in header.chars() {
        if prev_lower && c.is_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

fn recognize_words(header: &str, title_is_prefix: bool) -> Role {
    let h = fold(header);
    // Outlook's "E-mail 2 Type" says how mail reaches the address (SMTP, or EX inside an
    // Exchange organization), not what it is, as Google's "E-mail 1 - Type" does.
    if h.starts_with("e mail") && h.ends_with(" type") && !header.contains(" - ") {
        return Role::Ignore;
    }
    if let Some(role) = numbered(&h) {
        return role;
    }
    // A spreadsheet's second email, phone or messenger: "Email 2", "Phone2", "Skype 2".
    let base = h.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    if base.len() < h.len() && !base.is_empty() {
        let role = recognize(base, title_is_prefix);
        if matches!(role, Role::Contact { .. } | Role::Im { .. }) {
            return role;
        }
    }
    let contact = |kind, label| Role::Contact {
        kind,
        slot: None,
        label,
    };
    use ContactKind::{Email, Phone, Url};
    // Pipedrive's `Person - Name`, `Person - Job title`: the field after the object's name
    // (a column kept in the notes keeps its whole name).
    if let Some(rest) = h.strip_prefix("person ") {
        return match recognize(rest, title_is_prefix) {
            Role::Extra(_) => Role::Extra(header.trim().to_string()),
            role => role,
        };
    }
    // Pipedrive's organizations (`Organization - Name`, `- Owner`, `- Labels`, `- Address`):
    // the name is the company's.
    if header.contains(" - ")
        && let Some(rest) = h.strip_prefix("organization ")
    {
        return match recognize(rest, title_is_prefix) {
            Role::Name => Role::Org,
            Role::Extra(_) => Role::Extra(header.trim().to_string()),
            role => role,
        };
    }
    // Dynamics 365's row keys and checksums (`(Do Not Modify) Row Checksum`).
    if h.starts_with("do not modify ") {
        return Role::Ignore;
    }
    // `Email - Work`, `Phone - Mobile` (Pipedrive).
    if let Some((what, label)) = h.split_once(' ') {
        let kind = match what {
            "email" => Some(Email),
            "phone" => Some(Phone),
            _ => None,
        };
        let label = ["work", "home", "mobile", "other"]
            .into_iter()
            .find(|l| *l == label);
        if let (Some(kind), Some(label)) = (kind, label) {
            return contact(kind, Some(label));
        }
    }
    // Localized headers are those a spreadsheet in Polish, German, French, Spanish, Italian,
    // Portuguese or Dutch is likely to have, when the word means one thing only (Spanish
    // "Nombre" is a first name in one file and the whole name in the next: left out).
    match h.as_str() {
        "name" | "full name" | "display name" | "contact" | "contact name" | "imie i nazwisko"
        | "nom complet" | "nome completo" | "nombre completo" | "vollstandiger name"
        | "volledige naam"
        // (A first name beside a family name column: see `given_beside_family`.)
        | "nombre" | "nome" => Role::Name,
        "first name" | "given name" | "first" | "firstname" | "imie" | "vorname" | "prenom"
        | "voornaam" => Role::First,
        "middle name" | "additional name" | "drugie imie" | "zweiter vorname" => Role::Middle,
        "last name" | "family name" | "surname" | "lastname" | "last" | "nazwisko" | "nachname"
        | "nom" | "nom de famille" | "apellido" | "apellidos" | "cognome" | "sobrenome"
        | "achternaam" => Role::Last,
        "phonetic first name" | "given name yomi" | "first name yomi" | "given yomi" => Role::Phonetic(0),
        "phonetic middle name" | "additional name yomi" | "middle name yomi" => Role::Phonetic(1),
        "phonetic last name" | "family name yomi" | "surname yomi" | "last name yomi" => {
            Role::Phonetic(2)
        }
        "company yomi" | "company name yomi" | "organization yomi" | "organization name yomi"
        | "phonetic company name" | "phonetic organization name" | "organization phonetic name" => {
            Role::OrgPhonetic
        }
        "name prefix" | "prefix" | "salutation" => Role::Prefix,
        "title" if title_is_prefix => Role::Prefix,
        "name suffix" | "suffix" => Role::Suffix,
        "nickname" | "short name" => Role::Nickname,
        // Outlook's Account is an account number of the user's, not the company.
        "account" if title_is_prefix => Role::Extra(header.trim().to_string()),
        "company" | "organization" | "organisation" | "organization name" | "org" | "account"
        | "account name" | "company name" | "firma" | "unternehmen" | "societe" | "entreprise"
        | "empresa" | "azienda" | "bedrijf" | "organizacja" | "nazwa firmy"
        // Odoo's employer of a contact, HubSpot's company record, Freshsales' accounts.
        | "related company" | "associated company" | "accounts" => Role::Org,
        // Outlook's people around the contact, named as a vCard's (`X-MS-MANAGER`) are.
        "manager s name" => Role::Extra("Manager".into()),
        "assistant s name" => Role::Extra("Assistant".into()),
        // Google's new column set: the department, as a vCard's and Outlook's.
        "organization department" => Role::Extra("Department".into()),
        // Odoo: `True` for a company's own row.
        "is a company" | "is company" => Role::Kind,
        "title" | "job title" | "organization title" | "position" | "role" | "stanowisko"
        | "poste" | "fonction" | "cargo" | "puesto" | "ruolo" | "functie" | "berufsbezeichnung"
        | "job position" => {
            Role::Title
        }
        "notes" | "note" | "comments" | "description" | "notatki" | "uwagi" | "notiz"
        | "notizen" | "bemerkungen" | "notas" | "notizie" | "opmerkingen" | "notities"
        | "remarques" | "commentaires" | "observaciones" | "comentarios" | "osservazioni" => {
            Role::Notes
        }
        "email" | "e mail" | "mail" | "email address" | "e mail address" | "primary email"
        | "secondary email" | "poczta" | "adres e mail" | "adres email" | "e mail adresse"
        | "courriel" | "adresse e mail" | "correo" | "correo electronico" | "posta elettronica"
        | "e mailadres" | "emails" | "email addresses" => contact(Email, None),
        "work email" | "business email" | "email sluzbowy" | "e mail sluzbowy" => {
            contact(Email, Some("work"))
        }
        "home email" | "personal email" | "email prywatny" | "e mail prywatny" => {
            contact(Email, Some("home"))
        }
        "phone" | "telephone" | "tel" | "phone number" | "primary phone" | "telefon"
        | "telefono" | "numer telefonu" | "telefonnummer" | "telefone" | "telefoon"
        | "telefoonnummer" | "telephone fixe" | "festnetz" | "telefon stacjonarny"
        | "telefono fijo" | "telefono fisso" | "phones" | "phone numbers" => contact(Phone, None),
        "mobile" | "cell" | "mobile phone" | "mobile number" | "mobile phone number"
        | "cell phone" | "komorka"
        | "telefon komorkowy" | "handy" | "mobiltelefon" | "mobil" | "portable" | "movil"
        | "celular" | "cellulare" | "telemovel" | "mobiel" | "mobiele telefoon" => {
            contact(Phone, Some("mobile"))
        }
        "business phone" | "work phone" | "company main phone" | "business phone 2"
        | "office phone" | "telefon sluzbowy" | "telefon firmowy" | "telefon do pracy"
        | "telefon dienstlich" | "telefon geschaftlich" | "telephone professionnel"
        | "telefono del trabajo" | "telefono de trabajo" | "telefono ufficio" => {
            contact(Phone, Some("work"))
        }
        "home phone" | "home phone 2" | "telefon domowy" | "telefon prywatny" | "telefon privat"
        | "telephone domicile" | "telefono de casa" | "telefono casa" => {
            contact(Phone, Some("home"))
        }
"other phone" | "car phone" | "assistant s phone" | "assistant phone" | "callback" | "isdn" | "radio phone"
        | "tty tdd phone" | "telex" => contact(Phone, Some("other")),
        "business fax" | "home fax" | "fax" | "fax number" | "other fax" => {
            contact(Phone, Some("fax"))
        }
        "pager" | "pager number" => contact(Phone, Some("pager")),
        // Google's "Outlook CSV" export: a home page beside the work one (`Web Page`).
        "personal web page" | "personal website" => contact(Url, Some("home")),
        "website" | "web page" | "url" | "homepage" | "web site" | "profile url" | "linkedin"
        | "website url" | "website link" | "work website" | "company website" | "web" => {
            contact(Url, None)
        }
        // Outlook.com's `IMAddress` (one word: Salesforce's way of writing is tried on it
        // only when it says nothing), and a sheet's own.
        "imaddress" | "im address" | "im" | "instant messenger" | "messenger" | "im handle" => {
            Role::Im {
                slot: None,
                service: None,
            }
        }
        "skype" | "skype name" | "skype id" => Role::Im {
            slot: None,
            service: Some("Skype"),
        },
        // Thunderbird's (AIM's, as its address book named it: `_AimScreenName`).
        "screen name" => Role::Im {
            slot: None,
            service: Some("AIM"),
        },
        "birthday" | "date of birth" | "dob" | "birth date" | "birthdate" | "urodziny"
        | "data urodzenia" | "geburtstag" | "geburtsdatum" | "anniversaire"
        | "date de naissance" | "cumpleanos" | "fecha de nacimiento" | "compleanno"
        | "data di nascita" | "aniversario" | "data de nascimento" | "verjaardag"
        | "geboortedatum" => Role::Birthday,
        "anniversary" => Role::Date("Anniversary"),
        "birth year" => Role::BirthYear,
        "birth month" => Role::BirthMonth,
        "birth day" => Role::BirthDay,
        "labels" | "tags" | "tag" | "categories" | "category" | "group membership" | "groups" => {
            Role::Tags
        }
        "uid" => Role::Uid,
        // HubSpot's, Salesforce's and Pipedrive's (`Person - Owner`) salesperson.
        // (And the Polish account manager's, `Opiekun`, and the German `Betreuer`.)
        "owner" | "contact owner" | "account owner" | "account manager" | "opiekun"
        | "opiekun klienta" | "handlowiec" | "betreuer" | "kundenbetreuer"
        // Odoo's, Freshsales', Copper's.
        | "salesperson" | "sales person" | "sales owner" | "owned by" => Role::Owner,
        "photo"
        | "file as"
        | "initials"
        | "sensitivity"
        | "priority"
        | "e mail display name"
        | "e mail 2 display name"
        | "e mail 3 display name"
        | "e mail type"
        | "e mail 2 type"
        | "e mail 3 type"
        | "display name reversed"
        // Outlook writes it for everyone: Unspecified.
        | "gender" => Role::Ignore,
        "private" => Role::Private,
        h => grouped_address(h).unwrap_or_else(|| Role::Extra(header.trim().to_string())),
    }
}

/// "Business Street", "Home City", "Work `ZipCode`", plain "City".
fn grouped_address(h: &str) -> Option<Role> {
    if let Some(part) = address_part(h) {
        return Some(Role::Address {
            group: String::new(),
            part,
        });
    }
    let (group, rest) = h.split_once(' ')?;
    // Salesforce's contacts have a Mailing and an Other address.
    if !["business", "home", "work", "other", "mailing"].contains(&group) {
        return None;
    }
    // "Home Address" is the street line there, not the whole formatted address.
    let part = if rest == "address" {
        Some(Part::Street)
    } else if rest == "address po box" {
        Some(Part::PoBox)
    } else {
        address_part(rest)
    };
    part.map(|part| Role::Address {
        group: group.to_string(),
        part,
    })
}

/// Google's numbered columns: "E-mail 2 - Value", "Phone 1 - Label", "Address 1 - City",
/// "Organization 1 - Name"; Outlook's "E-mail 2 Address"; Thunderbird's "Web Page 2".
fn numbered(h: &str) -> Option<Role> {
    let words: Vec<&str> = h.split(' ').collect();
    let k = words
        .iter()
        .position(|w| w.bytes().all(|b| b.is_ascii_digit()))?;
    if k == 0 {
        return None;
    }
    let prefix = words[..k].join(" ");
    let slot = words[k].to_string();
    let rest = words[k + 1..].join(" ");
    let kind = match prefix.as_str() {
        "e mail" => ContactKind::Email,
        "phone" => ContactKind::Phone,
        "website" | "web page" => ContactKind::Url,
        "address" => {
            return match (address_part(&rest), rest.as_str()) {
                (Some(part), _) => Some(Role::Address { group: slot, part }),
                // Google's `Address 1 - Type` (`Work`) says which address it is: its label.
                (None, "type" | "label") => Some(Role::Address {
                    group: slot,
                    part: Part::Label,
                }),
                // Any other is kept in the notes.
                (None, _) => None,
            };
        }
        "organization" => {
            return Some(match (slot.as_str(), rest.as_str()) {
                ("1", "name") => Role::Org,
                ("1", "title") => Role::Title,
                // Google's old set: how the company's name is said.
                ("1", "yomi name" | "phonetic name") => Role::OrgPhonetic,
                // Google's `* Work` and the like say nothing.
                (_, "type") => Role::Ignore,
                // The department: notes, as a vCard's and Outlook's department are.
                ("1", "department") => Role::Extra("Department".into()),
                // Location, job description, a second company: notes, named as the new
                // column set names them (`Organization Location`).
                (slot, rest) => {
                    let words: Vec<String> = rest
                        .split(' ')
                        .map(crate::interop::text::capitalized)
                        .collect();
                    let slot = if slot == "1" {
                        String::new()
                    } else {
                        format!(" {slot}")
                    };
                    Role::Extra(format!("Organization{slot} {}", words.join(" ")))
                }
            });
        }
        "relation" | "event" | "custom field" => {
            let what = match prefix.as_str() {
                "relation" => "Relation",
                "event" => "Event",
                _ => "Custom field",
            };
            return match rest.as_str() {
                "type" | "label" | "value" => Some(Role::Fact {
                    what,
                    slot: format!("{what} {slot}"),
                    label: rest != "value",
                }),
                _ => None,
            };
        }
        // Google's `IM 1 - Label` (`Type` in the old set), `IM 1 - Service`, `IM 1 - Value`.
        "im" => {
            return match rest.as_str() {
                "value" | "" => Some(Role::Im {
                    slot: Some(slot),
                    service: None,
                }),
                "label" | "type" => Some(Role::Label {
                    kind: ContactKind::Im,
                    slot,
                }),
                "service" => Some(Role::Service { slot }),
                _ => None,
            };
        }
        "external id" | "location" => {
            return None;
        }
        _ => return None,
    };
    Some(match rest.as_str() {
        "value" | "address" | "" => Role::Contact {
            kind,
            slot: Some(slot),
            label: None,
        },
        "label" | "type" => Role::Label { kind, slot },
        _ => Role::Ignore,
    })
}

#[cfg(test)]
mod tests;
