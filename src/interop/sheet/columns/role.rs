//! What a CSV column is to rolo: a field, a contact point, a part of an address, or nothing.

use crate::domain::ContactKind;

/// One part of a postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole address as one text.
    Formatted,
    /// Street (and its second line).
    Street,
    /// Post office box.
    PoBox,
    /// City.
    City,
    /// State or region.
    Region,
    /// Postal code.
    Postal,
    /// Country.
    Country,
    /// Which address it is (Google's `Address 1 - Label`: `Work`, `Home`, a typed one):
    /// the address's label, no part of its text.
    Label,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The full name.
    Name,
    /// Given name.
    First,
    /// Middle name.
    Middle,
    /// Family name.
    Last,
    /// Mr., Dr. (kept out of the display name, in the notes as "Name prefix: Dr.").
    Prefix,
    /// Jr., `PhD`.
    Suffix,
    /// Nickname (a name when nothing else is).
    Nickname,
    /// Company.
    Org,
    /// Job title.
    Title,
    /// Notes.
    Notes,
    /// An email, phone or web address; `slot` pairs it with a label column, `label` is implied.
    Contact {
        /// Which kind.
        kind: ContactKind,
        /// Google's "E-mail 2" -> "2".
        slot: Option<String>,
        /// Outlook's "Mobile Phone" -> mobile.
        label: Option<&'static str>,
    },
    /// An address of instant messaging (Google's `IM 1 - Value`, Outlook's `IMAddress`,
    /// Thunderbird's `Screen Name`): a contact point of the kind a vCard's IMPP is
    /// ([`crate::interop::im::im_point`]). `slot` pairs it with its label and service
    /// columns; `service` is implied (Thunderbird's screen name is an AIM one).
    Im {
        /// Google's "IM 1" -> "1".
        slot: Option<String>,
        /// The service the column is of.
        service: Option<&'static str>,
    },
    /// The service of the address of instant messaging in the same slot (Google's `IM 1 -
    /// Service`: `Skype`, `Google Talk`, one the user typed).
    Service {
        /// The slot.
        slot: String,
    },
    /// A column named only by a label (`Work`) whose first values were emails or phones
    /// ([`super::SheetReader::read_labelled`]): read as those, and a value that is not one
    /// kept in the notes, as the column went before.
    Guessed {
        /// Which kind its values showed.
        kind: ContactKind,
        /// The label its header is.
        label: &'static str,
    },
    /// Outlook's `Private`: the contact's privacy flag (`False`, `True`), which some exports
    /// fill with a private phone instead. Each value is read as what it is: a phone number
    /// as a phone labelled `private`, a flag left out, any other text kept in the notes.
    Private,
    /// The label of the contact point in the same slot.
    Label {
        /// Which kind.
        kind: ContactKind,
        /// The slot.
        slot: String,
    },
    /// Part of an address; `group` keeps Home and Work apart.
    Address {
        /// "1", "business", "home", "".
        group: String,
        /// Which part.
        part: Part,
    },
    /// A full date of birth.
    Birthday,
    /// A date rolo has no field for (Outlook's `Anniversary`), kept in the notes as
    /// `Anniversary: 2005-06-20`; Outlook's empty `0/0/00` is nothing.
    Date(&'static str),
    /// Thunderbird's year of birth.
    BirthYear,
    /// Month of birth.
    BirthMonth,
    /// Day of birth.
    BirthDay,
    /// Labels, categories, groups: tags.
    Tags,
    /// A stable id.
    Uid,
    /// `person` or `org` (rolo's own export).
    Kind,
    /// Who handles the customer.
    Owner,
    /// Contact cadence in days.
    Cadence,
    /// What the customer needs (rolo's own export).
    Needs,
    /// Google's relations, events and custom fields ("Relation 1 - Type", "Event 2 -
    /// Value"): kept in the notes as "Spouse: Adam".
    Fact {
        /// What it is when the type column is empty: "Relation", "Event", "Custom field".
        what: &'static str,
        /// The slot, with `what`: "Relation 1".
        slot: String,
        /// The type (label) column, not the value one.
        label: bool,
    },
    /// How a name part is said (Google's "Phonetic First Name", Outlook's "Given Name
    /// Yomi"): 0 given, 1 middle, 2 family; kept in the notes as "Phonetic name: ...".
    Phonetic(u8),
    /// How the company's name is said (Outlook's "Company Yomi"): the notes of the
    /// organization the import makes, as "Phonetic name: ...".
    OrgPhonetic,
    /// Known to mean nothing for rolo (photos, a display name made from the others).
    Ignore,
    /// Not recognized: a non-empty value is kept in the notes as "Column: value".
    Extra(String),
}

impl Role {
    /// Where the role puts a column's values, in words for an import's report.
    pub fn field_words(&self) -> String {
        let to_notes = |what: &str| format!("notes ({what})");
        match self {
            Role::Name => "name".into(),
            Role::First => "first name".into(),
            Role::Middle => "middle name".into(),
            Role::Last => "last name".into(),
            Role::Suffix => "name suffix".into(),
            Role::Prefix => to_notes("name prefix"),
            Role::Nickname => to_notes("nickname"),
            Role::Phonetic(_) => to_notes("phonetic name"),
            Role::OrgPhonetic => "organization's notes (phonetic name)".into(),
            Role::Org => "organization".into(),
            Role::Title => "title".into(),
            Role::Notes | Role::Extra(_) | Role::Fact { .. } => "notes".into(),
            Role::Date(what) => to_notes(&what.to_lowercase()),
            Role::Guessed { kind, label } => Role::Contact {
                kind: *kind,
                slot: None,
                label: Some(label),
            }
            .field_words(),
            Role::Contact { kind, label, .. } => {
                let kind = match kind {
                    ContactKind::Email => "email",
                    ContactKind::Phone => "phone",
                    ContactKind::Url => "web address",
                    ContactKind::Im => "IM address",
                    ContactKind::Other => "contact point",
                };
                match label {
                    Some(l) => format!("{kind} ({l})"),
                    None => kind.to_string(),
                }
            }
            Role::Label { kind, .. } => match kind {
                ContactKind::Email => "email label".into(),
                ContactKind::Phone => "phone label".into(),
                ContactKind::Url => "web address label".into(),
                ContactKind::Im => "IM address label".into(),
                ContactKind::Other => "contact point label".into(),
            },
            Role::Im { service: None, .. } => "IM address".into(),
            Role::Im {
                service: Some(s), ..
            } => format!("IM address ({s})"),
            Role::Service { .. } => "IM service".into(),
            Role::Address {
                part: Part::Label, ..
            } => "address label".into(),
            Role::Address { .. } => "address".into(),
            Role::Birthday | Role::BirthYear | Role::BirthMonth | Role::BirthDay => {
                "birthday".into()
            }
            Role::Tags => "tags".into(),
            Role::Uid => "uid".into(),
            Role::Kind => "kind".into(),
            Role::Owner => "owner".into(),
            Role::Cadence => "cadence".into(),
            Role::Needs => "needs".into(),
            Role::Ignore => "left out".into(),
            Role::Private => "phone (private) when a number, left out when a flag".into(),
        }
    }

    /// True for columns a display name can come from.
    pub fn names(&self) -> bool {
        matches!(
            self,
            Role::Name | Role::First | Role::Middle | Role::Last | Role::Nickname | Role::Org
        )
    }
}
