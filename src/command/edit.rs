//! What an edit makes of a name's parts and an address's label, from the customer as they are.
//!
//! An import keeps a name's parts (a vCard's `N`, a CSV's first and last name columns) and
//! an address's label (`ADR;TYPE=work`) beside the name and the address; these are how a user
//! corrects them when the import got them wrong (`María José García López` split after
//! `María`), from `rolo edit` and the edit form alike.

use super::{CommandError, NamePartsEdit};
use crate::domain::text::shown;
use crate::domain::{AddressParts, Customer, NameParts};

fn usage(msg: String) -> CommandError {
    CommandError::Usage(msg)
}

/// The name's parts after `edit`, for the customer `before` whose name becomes `name`:
/// `None` when the edit leaves them alone, `Some(None)` when it clears them. The parts the
/// customer has stay where they still fit the name; each part given must be words of the
/// name (letter case aside), as an export uses them only then ([`NameParts::fits`]).
pub(super) fn name_parts(
    before: &Customer,
    name: &str,
    edit: &NamePartsEdit,
) -> Result<Option<Option<NameParts>>, CommandError> {
    if edit.is_empty() {
        return Ok(None);
    }
    let mut parts = before
        .name_parts
        .clone()
        .filter(|p| p.fits(name))
        .unwrap_or_default();
    let lower = name.to_lowercase();
    for (slot, value, what, in_name) in [
        (&mut parts.given, &edit.given, "given name", true),
        (&mut parts.additional, &edit.additional, "middle name", true),
        (&mut parts.family, &edit.family, "family name", true),
        (&mut parts.prefix, &edit.prefix, "name prefix", false),
        (&mut parts.suffix, &edit.suffix, "name suffix", false),
    ] {
        let Some(v) = value else { continue };
        let v = v.trim();
        if in_name && !lower.contains(&v.to_lowercase()) {
            return Err(usage(format!(
                "the {what} `{}` is not in the name `{}`; a name's parts are words of it as \
                 written (change the name with them if it is wrong too)",
                shown(v),
                shown(name)
            )));
        }
        *slot = v.to_string();
    }
    if parts.is_useful() {
        return Ok(Some(Some(parts)));
    }
    if !parts.prefix.is_empty() || !parts.suffix.is_empty() {
        return Err(usage(format!(
            "a name prefix or suffix alone names no one; give the given or family name of \
             `{}` too",
            shown(name)
        )));
    }
    Ok(Some(None))
}

/// The address's parts with `label` (cleaned as an import's: `Business` is `work`; empty
/// removes it), for the customer `before` whose address becomes `address` (`None`: stays;
/// `Some("")`: removed). A new address keeps none of the old one's parts, only the label.
pub(super) fn labelled_address(
    before: &Customer,
    address: Option<&str>,
    label: &str,
) -> Result<Option<AddressParts>, CommandError> {
    let label = crate::interop::text::clean_label(label);
    let (has_address, kept) = match address {
        Some(a) => (!a.trim().is_empty(), None),
        None => (before.address.is_some(), before.address_parts.clone()),
    };
    if !has_address && !label.is_empty() {
        return Err(usage(format!(
            "{} has no address to label `{}`; give the address too",
            shown(&before.name),
            shown(&label)
        )));
    }
    let parts = AddressParts {
        label,
        ..kept.unwrap_or_default()
    };
    Ok((parts.is_useful() || parts.label().is_some()).then_some(parts))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::{CustomerId, CustomerKind};

    fn maria() -> Customer {
        let at = chrono::DateTime::UNIX_EPOCH;
        Customer {
            id: CustomerId(1),
            kind: CustomerKind::Person,
            name: "María José García López".into(),
            name_parts: NameParts::from_n(&["José García López", "María"]),
            org_id: None,
            org_name: None,
            title: None,
            address: Some("Calle Mayor 1, Madrid".into()),
            address_parts: AddressParts::from_adr(&["", "", "Calle Mayor 1", "Madrid"]),
            notes: String::new(),
            needs: String::new(),
            needs_updated_at: None,
            cadence_days: None,
            owner: None,
            birthday: None,
            uid: "u".into(),
            created_at: at,
            updated_at: at,
            last_contact_at: None,
            next_due: None,
            contacts: Vec::new(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn edit_name_parts_set_what_is_given_and_keep_the_rest() {
        let c = maria();
        let edit = NamePartsEdit {
            given: Some(" María José ".into()),
            family: Some("García López".into()),
            ..NamePartsEdit::default()
        };
        let parts = name_parts(&c, &c.name, &edit).unwrap().unwrap().unwrap();
        assert_eq!(parts.n_order(), ["García López", "María José", "", "", ""]);
        assert_eq!(
            name_parts(&c, &c.name, &NamePartsEdit::default()).unwrap(),
            None
        );
        let clear = NamePartsEdit {
            given: Some(String::new()),
            family: Some(String::new()),
            ..NamePartsEdit::default()
        };
        assert_eq!(name_parts(&c, &c.name, &clear).unwrap(), Some(None));
    }

    #[test]
    fn edit_name_parts_refuse_words_not_in_the_name() {
        let c = maria();
        let edit = NamePartsEdit {
            family: Some("Garcia".into()),
            ..NamePartsEdit::default()
        };
        assert_eq!(
            name_parts(&c, &c.name, &edit).unwrap_err().to_string(),
            "the family name `Garcia` is not in the name `María José García López`; a name's \
             parts are words of it as written (change the name with them if it is wrong too)"
        );
        let alone = NamePartsEdit {
            given: Some(String::new()),
            family: Some(String::new()),
            prefix: Some("Dr.".into()),
            ..NamePartsEdit::default()
        };
        assert_eq!(
            name_parts(&c, &c.name, &alone).unwrap_err().to_string(),
            "a name prefix or suffix alone names no one; give the given or family name of \
             `María José García López` too"
        );
    }

    #[test]
    fn edit_address_label_keeps_the_parts_and_needs_an_address() {
        let mut c = maria();
        let parts = labelled_address(&c, None, "Business").unwrap().unwrap();
        assert_eq!(
            (parts.city.as_str(), parts.label()),
            ("Madrid", Some("work"))
        );
        let parts = labelled_address(&c, Some("Gran Vía 2"), "home")
            .unwrap()
            .unwrap();
        assert_eq!((parts.city.as_str(), parts.label()), ("", Some("home")));
        c.address_parts = Some(AddressParts {
            label: "home".into(),
            ..AddressParts::default()
        });
        assert_eq!(labelled_address(&c, None, "").unwrap(), None);
        assert_eq!(
            labelled_address(&c, Some(""), "work")
                .unwrap_err()
                .to_string(),
            "María José García López has no address to label `work`; give the address too"
        );
    }
}
