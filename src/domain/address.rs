//! A postal address in its parts, as a vCard's `ADR` and the contact exports give it.
//!
//! rolo shows and edits an address as one line of text. An import that read the address in
//! parts (street, city, postcode, ...) keeps them beside that line, so an export can give
//! them back as parts: a phone's address book files the city as a city. The parts only
//! stand for the line they came with: the store drops them when the line is edited.

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
        };
        parts.is_useful().then_some(parts)
    }

    /// Whether the parts say where: a street, city, postcode or country.
    pub fn is_useful(&self) -> bool {
        [&self.street, &self.city, &self.postcode, &self.country]
            .iter()
            .any(|p| !p.trim().is_empty())
    }

    /// As stored: a JSON object of the parts there are.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the stored JSON; `None` for anything else (a hand-edited database).
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str::<Self>(s)
            .ok()
            .filter(AddressParts::is_useful)
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
    }
}
