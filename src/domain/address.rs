//! A postal address in its parts, as a vCard's `ADR` and the contact exports give it.
//!
//! rolo shows and edits an address as one line of text. An import that read the address in
//! parts (street, city, postcode, ...) keeps them beside that line, so an export can give
//! them back as parts: a phone's address book files the city as a city. The parts only
//! stand for the line they came with: the store drops them when the line is edited.
//!
//! The address's label (`work`, `home`, or one a person typed) is kept with the parts, in
//! the same JSON: a vCard's `ADR;TYPE=work`, a CSV's `Address 1 - Label` or Outlook's
//! Business columns. It goes with them too: an edited address has no label until one comes
//! with it again. An address read whole, without parts, may still have a label: the parts
//! are then empty and only the label is kept ([`AddressParts::is_useful`] tells them apart).

use serde::{Deserialize, Serialize};

/// The seven parts of a vCard `ADR`, in its order. Empty strings for what is not known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressParts {
    /// Post office box.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub po_box: String,
    /// Extended address (apartment, suite, building).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extended: String,
    /// Street and number (its lines joined with `, `).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub street: String,
    /// City or locality.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    /// State, province or region.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// Postal code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    /// Country.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// The address's label, cleaned as a contact point's is (`work`, `home`, `Summer
    /// house`); empty when it has none. Not one of `ADR`'s components: its `TYPE`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl AddressParts {
    /// The parts as `ADR` orders them: PO box, extended, street, city, region, postcode,
    /// country.
    pub fn adr_order(&self) -> [&str; 7] {
        [
            &self.po_box,
            &self.extended,
            &self.street,
            &self.city,
            &self.region,
            &self.postcode,
            &self.country,
        ]
    }

    /// Parts from `ADR`'s seven components (fewer are taken as empty), each trimmed;
    /// `None` when all are empty, or when there is no street, city, postcode nor country to
    /// file: a region or a box alone is no address.
    pub fn from_adr(components: &[&str]) -> Option<Self> {
        let get = |i: usize| components.get(i).map_or("", |s| s.trim()).to_string();
        let parts = AddressParts {
            po_box: get(0),
            extended: get(1),
            street: get(2),
            city: get(3),
            region: get(4),
            postcode: get(5),
            country: get(6),
            label: String::new(),
        };
        parts.is_useful().then_some(parts)
    }

    /// Whether the parts say where: a street, city, postcode or country.
    pub fn is_useful(&self) -> bool {
        [&self.street, &self.city, &self.postcode, &self.country]
            .iter()
            .any(|p| !p.trim().is_empty())
    }

    /// The label, if there is one.
    pub fn label(&self) -> Option<&str> {
        Some(self.label.as_str()).filter(|l| !l.trim().is_empty())
    }

    /// `parts` with `label` (a label alone when there are no parts); `None` when there is
    /// neither.
    pub fn labelled(parts: Option<Self>, label: Option<&str>) -> Option<Self> {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        match (parts, label) {
            (Some(p), None) => Some(p),
            (p, Some(l)) => Some(AddressParts {
                label: l.to_string(),
                ..p.unwrap_or_default()
            }),
            (None, None) => None,
        }
    }

    /// As stored: a JSON object of the parts there are.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the stored JSON; `None` for anything else (a hand-edited database), or for no
    /// parts and no label.
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str::<Self>(s)
            .ok()
            .filter(|p| p.is_useful() || p.label().is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adr_components_in_order_and_back() {
        let p = AddressParts::from_adr(&[
            "",
            "Suite 4",
            "1 Main St",
            "Springfield",
            "IL",
            "62701",
            "USA",
        ])
        .unwrap();
        assert_eq!(p.street, "1 Main St");
        assert_eq!(p.postcode, "62701");
        assert_eq!(
            p.adr_order(),
            [
                "",
                "Suite 4",
                "1 Main St",
                "Springfield",
                "IL",
                "62701",
                "USA"
            ]
        );
        assert_eq!(
            p.to_json(),
            r#"{"extended":"Suite 4","street":"1 Main St","city":"Springfield","region":"IL","postcode":"62701","country":"USA"}"#
        );
        assert_eq!(AddressParts::from_json(&p.to_json()), Some(p));
    }

    #[test]
    fn nothing_to_file_is_no_parts() {
        assert_eq!(AddressParts::from_adr(&[]), None);
        assert_eq!(AddressParts::from_adr(&["", "", " ", "", "", "", ""]), None);
        assert_eq!(
            AddressParts::from_adr(&["PO 12", "", "", "", "Bavaria"]),
            None
        );
        assert!(AddressParts::from_adr(&["", "", "", "Kraków"]).is_some());
        assert_eq!(AddressParts::from_json("not json"), None);
        assert_eq!(AddressParts::from_json("{}"), None);
        assert_eq!(AddressParts::from_json(r#"{"label":" "}"#), None);
    }

    #[test]
    fn a_label_goes_with_the_parts_or_alone() {
        let parts = AddressParts::from_adr(&["", "", "Długa 1", "Warszawa", "", "00-001"]);
        let p = AddressParts::labelled(parts, Some(" work ")).unwrap();
        assert_eq!(
            p.to_json(),
            r#"{"street":"Długa 1","city":"Warszawa","postcode":"00-001","label":"work"}"#
        );
        assert_eq!(p.label(), Some("work"));
        assert_eq!(AddressParts::from_json(&p.to_json()), Some(p));
        // Older JSON, without a label, reads as before.
        let old = AddressParts::from_json(r#"{"street":"Długa 1"}"#).unwrap();
        assert_eq!(old.label(), None);
        let alone = AddressParts::labelled(None, Some("Summer house")).unwrap();
        assert!(!alone.is_useful());
        assert_eq!(alone.to_json(), r#"{"label":"Summer house"}"#);
        assert_eq!(AddressParts::from_json(&alone.to_json()), Some(alone));
        assert_eq!(AddressParts::labelled(None, Some("")), None);
        assert_eq!(AddressParts::labelled(None, None), None);
    }
}
