//! A person's name in its parts, as a vCard's `N` and the contact exports' name columns give it.
//!
//! rolo shows and edits a name whole. An import that read it in parts (family, given,
//! additional, prefix, suffix) keeps them beside it, so an export can give the family name
//! back as the family name, whatever the order of the words (`Nguyễn Thị Minh Anh`,
//! `van der Berg`, `García Márquez`). The parts stand only for the name they came with:
//! the store drops them when the name is edited, and an export uses them only while each
//! of the family, given and additional names is still in the name ([`NameParts::fits`]).

use serde::{Deserialize, Serialize};

/// The five parts of a vCard `N`, in its order. Empty strings for what is not known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameParts {
    /// Family name (surname), all of it (`García Márquez`, `van der Berg`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub family: String,
    /// Given name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub given: String,
    /// Additional (middle) names.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub additional: String,
    /// Honorific prefix (`Dr.`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Honorific suffix (`Jr.`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

impl NameParts {
    /// The parts as `N` orders them: family, given, additional, prefix, suffix.
    pub fn n_order(&self) -> [&str; 5] {
        [
            &self.family,
            &self.given,
            &self.additional,
            &self.prefix,
            &self.suffix,
        ]
    }

    /// Parts from `N`'s five components (fewer are taken as empty), each trimmed; `None`
    /// without a family or given name: a prefix alone names no one.
    pub fn from_n(components: &[&str]) -> Option<Self> {
        let get = |i: usize| components.get(i).map_or("", |s| s.trim()).to_string();
        let parts = NameParts {
            family: get(0),
            given: get(1),
            additional: get(2),
            prefix: get(3),
            suffix: get(4),
        };
        parts.is_useful().then_some(parts)
    }

    /// Whether there is a family or given name.
    pub fn is_useful(&self) -> bool {
        !self.family.trim().is_empty() || !self.given.trim().is_empty()
    }

    /// Whether the parts still stand for `name`: each of the family, given and additional
    /// names is in it (letter case aside). A name edited since, or another record's name
    /// that a merge met, does not take them.
    pub fn fits(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.is_useful()
            && [&self.family, &self.given, &self.additional]
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .all(|p| name.contains(&p.to_lowercase()))
    }

    /// As stored: a JSON object of the parts there are.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the stored JSON; `None` for anything else (a hand-edited database).
    pub fn from_json(s: &str) -> Option<Self> {
        serde_json::from_str::<Self>(s)
            .ok()
            .filter(NameParts::is_useful)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_components_in_order_and_back() {
        let p = NameParts::from_n(&["Nguyễn", " Thị Minh Anh ", "", "", ""]).unwrap();
        assert_eq!(p.n_order(), ["Nguyễn", "Thị Minh Anh", "", "", ""]);
        assert_eq!(p.to_json(), r#"{"family":"Nguyễn","given":"Thị Minh Anh"}"#);
        assert_eq!(NameParts::from_json(&p.to_json()), Some(p));
        assert_eq!(NameParts::from_n(&["", "", "", "Dr.", ""]), None);
        assert_eq!(NameParts::from_n(&[]), None);
        assert_eq!(NameParts::from_json("not json"), None);
        assert_eq!(NameParts::from_json("{}"), None);
    }

    #[test]
    fn parts_fit_the_name_they_came_with_only() {
        let p = NameParts::from_n(&["García Márquez", "Gabriel", "José", "", ""]).unwrap();
        assert!(p.fits("Gabriel José García Márquez"));
        assert!(p.fits("GABRIEL JOSÉ GARCÍA MÁRQUEZ"));
        assert!(!p.fits("Gabriel García"));
        assert!(!p.fits("Anna Kowalska"));
        let zhang = NameParts::from_n(&["Zhang", "Wei"]).unwrap();
        assert!(zhang.fits("Zhang, Wei"));
    }
}
