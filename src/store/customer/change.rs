//! A change an edit made to a customer, as data (what it touched, how, the value), and the
//! one place it is said in words (`title → CFO`, `tag +vip`, `removed a@b.pl`).

use chrono::NaiveDate;

use crate::domain::{ContactKind, CustomerKind};

/// What of a customer a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangedField {
    /// The name as one line.
    Name,
    /// One part of the name.
    NamePart(NamePart),
    /// The name's parts as a whole: set with no part read otherwise, or removed.
    NameParts,
    /// Person or organization.
    Kind,
    /// A person's organization.
    Organization,
    /// Title.
    Title,
    /// The address.
    Address,
    /// The address's label (`work`).
    AddressLabel,
    /// Notes.
    Notes,
    /// Needs.
    Needs,
    /// Contact cadence.
    Cadence,
    /// Owner.
    Owner,
    /// Birthday.
    Birthday,
    /// A contact point of this kind: the first of it set, or one added.
    Contact(ContactKind),
    /// A contact point removed by its value (of whatever kind).
    ContactValue,
    /// A contact point's label.
    ContactLabel,
    /// A tag.
    Tag,
}

/// A part of a name, in the order a name is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamePart {
    /// Given name.
    Given,
    /// Middle name.
    Middle,
    /// Family name.
    Family,
    /// Prefix (`Dr.`).
    Prefix,
    /// Suffix (`Jr.`).
    Suffix,
}

/// How a field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Given a value (notes and needs: their new text).
    Set,
    /// Left without one.
    Cleared,
    /// A contact point or tag added.
    Added,
    /// A contact point or tag removed.
    Removed,
}

/// A value a change set, added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeValue {
    /// Text, as given (a name, a title, an organization's name, a contact point, a tag).
    Text(String),
    /// A cadence, in days.
    Days(u32),
    /// A day (a birthday).
    Day(NaiveDate),
    /// Person or organization.
    Kind(CustomerKind),
}

/// One change of a customer made by [`crate::store::Writer::update_customer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it touched.
    pub field: ChangedField,
    /// How.
    pub kind: ChangeKind,
    /// The value set, added or removed (a label: the label); none when cleared, and for
    /// the name's parts (their parts are the changes of [`ChangedField::NamePart`]).
    pub value: Option<ChangeValue>,
    /// A label's contact point (the value it is on).
    pub on: Option<String>,
}

impl Change {
    /// `field` set to `value`.
    pub fn set(field: ChangedField, value: ChangeValue) -> Change {
        Change {
            field,
            kind: ChangeKind::Set,
            value: Some(value),
            on: None,
        }
    }

    /// `field` set to `value`, or cleared when it is none (or nothing but blanks).
    pub fn text(field: ChangedField, value: Option<&str>) -> Change {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) => Change::set(field, ChangeValue::Text(v.to_string())),
            None => Change::cleared(field),
        }
    }

    /// `field` cleared.
    pub fn cleared(field: ChangedField) -> Change {
        Change {
            field,
            kind: ChangeKind::Cleared,
            value: None,
            on: None,
        }
    }

    /// The name's parts set, none of them read otherwise than before (`name in parts`).
    pub fn in_parts() -> Change {
        Change {
            kind: ChangeKind::Set,
            ..Change::cleared(ChangedField::NameParts)
        }
    }

    /// `value` added (`kind` [`ChangeKind::Added`]) or removed to `field`.
    pub fn listed(field: ChangedField, kind: ChangeKind, value: &str) -> Change {
        Change {
            field,
            kind,
            value: Some(ChangeValue::Text(value.to_string())),
            on: None,
        }
    }

    /// Whether it removed a contact point or a tag.
    pub fn is_removal(&self) -> bool {
        self.kind == ChangeKind::Removed
    }

    /// The field's words and its new value's, for a change said `field → value`:
    /// `("title", "CFO")`, `("birthday", "18 May 1990")`, `("email", "a@b.pl")`.
    pub fn set_to(&self) -> Option<(String, String)> {
        use ChangedField as F;
        let (ChangeKind::Set, Some(value)) = (self.kind, &self.value) else {
            return None;
        };
        let field = match self.field {
            F::Notes | F::Needs | F::NameParts | F::ContactLabel => return None,
            F::NamePart(p) => p.as_str().to_string(),
            F::Contact(k) => k.as_str().to_string(),
            f => field_word(f).to_string(),
        };
        let value = match value {
            // (A first contact point as given.)
            ChangeValue::Text(v) if matches!(self.field, F::Contact(_)) => v.clone(),
            ChangeValue::Text(v) if self.field == F::Address => {
                crate::domain::text::one_line(v).trim().to_string()
            }
            ChangeValue::Text(v) if self.field == F::AddressLabel => v.clone(),
            ChangeValue::Text(v) => v.trim().to_string(),
            ChangeValue::Days(d) => format!("every {d} days"),
            ChangeValue::Day(d) => crate::domain::when::long_date(*d),
            ChangeValue::Kind(k) => k.to_string(),
        };
        Some((field, value))
    }
}

impl NamePart {
    /// Its words: `given name`.
    fn as_str(self) -> &'static str {
        match self {
            NamePart::Given => "given name",
            NamePart::Middle => "middle name",
            NamePart::Family => "family name",
            NamePart::Prefix => "name prefix",
            NamePart::Suffix => "name suffix",
        }
    }
}

/// A single-valued field's words.
fn field_word(f: ChangedField) -> &'static str {
    use ChangedField as F;
    match f {
        F::Name => "name",
        F::NamePart(p) => p.as_str(),
        F::NameParts => "name parts",
        F::Kind => "kind",
        F::Organization => "organization",
        F::Title => "title",
        F::Address => "address",
        F::AddressLabel => "address label",
        F::Notes => "notes",
        F::Needs => "needs",
        F::Cadence => "cadence",
        F::Owner => "owner",
        F::Birthday => "birthday",
        F::Contact(_) | F::ContactValue => "contact",
        F::ContactLabel => "label",
        F::Tag => "tag",
    }
}

/// The change in the store's words, the edit's message and a merge's: `title → CFO`,
/// `title removed`, `name in parts`, `notes`, `added email a@b.pl`, `label work on a@b.pl`,
/// `removed a@b.pl`, `tag +vip`, `tag -vip`.
impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use ChangedField as F;
        if let Some((field, value)) = self.set_to() {
            return write!(f, "{field} → {value}");
        }
        let value = match &self.value {
            Some(ChangeValue::Text(v)) => v.as_str(),
            _ => "",
        };
        match (self.kind, self.field) {
            (ChangeKind::Set, F::NameParts) => f.write_str("name in parts"),
            (ChangeKind::Set, F::ContactLabel) => {
                write!(
                    f,
                    "label {value} on {}",
                    self.on.as_deref().unwrap_or("").trim()
                )
            }
            (ChangeKind::Cleared, F::NameParts) => f.write_str("name parts removed"),
            (ChangeKind::Cleared, field) => write!(f, "{} removed", field_word(field)),
            (ChangeKind::Added, F::Contact(k)) => write!(f, "added {} {value}", k.as_str()),
            (ChangeKind::Added | ChangeKind::Removed, F::Tag) => {
                let sign = if self.kind == ChangeKind::Added {
                    '+'
                } else {
                    '-'
                };
                write!(f, "tag {sign}{value}")
            }
            (ChangeKind::Removed, _) => write!(f, "removed {value}"),
            (_, field) => f.write_str(field_word(field)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_said_in_the_stores_words() {
        use ChangedField as F;
        let day = NaiveDate::from_ymd_opt(1990, 5, 18).unwrap();
        let said = [
            Change::text(F::Title, Some(" CFO ")),
            Change::text(F::Title, Some("  ")),
            Change::set(F::Birthday, ChangeValue::Day(day)),
            Change::set(F::Cadence, ChangeValue::Days(14)),
            Change::cleared(F::Cadence),
            Change::set(F::Kind, ChangeValue::Kind(CustomerKind::Org)),
            Change::text(F::Address, Some("1 Main St\nSpringfield")),
            Change::text(F::NamePart(NamePart::Family), Some("García López")),
            Change::cleared(F::NamePart(NamePart::Suffix)),
            Change::in_parts(),
            Change::cleared(F::NameParts),
            Change::set(F::Notes, ChangeValue::Text("long".into())),
            Change::listed(F::Contact(ContactKind::Email), ChangeKind::Added, "a@b.pl"),
            Change::set(
                F::Contact(ContactKind::Phone),
                ChangeValue::Text("+48 1".into()),
            ),
            Change {
                on: Some(" a@b.pl ".into()),
                ..Change::set(F::ContactLabel, ChangeValue::Text("work".into()))
            },
            Change::listed(F::ContactValue, ChangeKind::Removed, "a@b.pl"),
            Change::listed(F::Tag, ChangeKind::Added, "vip"),
            Change::listed(F::Tag, ChangeKind::Removed, "vip"),
        ]
        .map(|c| c.to_string());
        assert_eq!(
            said,
            [
                "title → CFO",
                "title removed",
                "birthday → 18 May 1990",
                "cadence → every 14 days",
                "cadence removed",
                "kind → org",
                "address → 1 Main St, Springfield",
                "family name → García López",
                "name suffix removed",
                "name in parts",
                "name parts removed",
                "notes",
                "added email a@b.pl",
                "phone → +48 1",
                "label work on a@b.pl",
                "removed a@b.pl",
                "tag +vip",
                "tag -vip",
            ]
        );
    }
}
