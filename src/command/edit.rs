//! `rolo edit` (and the edit form): a customer's changes in one journaled write, and what an
//! edit makes of a name's parts and an address's label, from the customer as they are.
//!
//! An import keeps a name's parts (a vCard's `N`, a CSV's first and last name columns) and
//! an address's label (`ADR;TYPE=work`) beside the name and the address; these are how a user
//! corrects them when the import got them wrong (`María José García López` split after
//! `María`), from `rolo edit` and the edit form alike.

use serde_json::json;

use super::execute::{Outcome, contact_points, org_pick, resolve_one, tags};
use super::{CommandError, Context, CustomerRef, EditSpec, NamePartsEdit};
use crate::domain::customer::check_name;
use crate::domain::text::{sanitize, shown};
use crate::domain::{AddressParts, Customer, NameParts};
use crate::store::{CustomerPatch, Store};

fn usage(msg: String) -> CommandError {
    CommandError::Usage(msg)
}

fn opt_text(s: Option<&String>) -> Option<Option<String>> {
    s.map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
}

pub(super) fn edit(
    store: &mut Store,
    who: &CustomerRef,
    spec: &EditSpec,
    ctx: &Context,
) -> Result<Outcome, CommandError> {
    let c = resolve_one(store, who)?;
    let name = match &spec.name {
        Some(n) => Some(check_name(n).map_err(usage)?),
        None => None,
    };
    // The name's parts and the address's label are read against the profile as it is.
    let (name_parts, address_parts) = if spec.name_parts.is_empty() && spec.address_label.is_none()
    {
        (None, None)
    } else {
        let before = store.customer(c.id)?;
        let now_named = name.as_deref().unwrap_or(&before.name);
        let label = spec
            .address_label
            .as_deref()
            .map(|l| labelled_address(&before, spec.address.as_deref(), l));
        (
            name_parts(&before, now_named, &spec.name_parts)?,
            label.transpose()?,
        )
    };
    let mut set_primary = Vec::new();
    if let Some(e) = &spec.email {
        set_primary.extend(contact_points(std::slice::from_ref(e), &[])?);
    }
    if let Some(p) = &spec.phone {
        set_primary.extend(contact_points(&[], std::slice::from_ref(p))?);
    }
    let patch_base = CustomerPatch {
        name,
        name_parts,
        kind: spec.kind,
        org_id: None,
        title: opt_text(spec.title.as_ref()),
        address: opt_text(spec.address.as_ref()),
        address_parts,
        notes: spec.notes.clone(),
        needs: spec.needs.clone(),
        cadence_days: spec.cadence_days,
        owner: opt_text(spec.owner.as_ref()),
        birthday: spec.birthday,
        set_primary,
        add_contacts: super::contact::added(
            &spec.add_emails,
            &spec.add_phones,
            &spec.more.add_urls,
            &spec.more.add_ims,
            spec.more.service.as_deref(),
            spec.more.label.as_deref(),
            &spec.more.typed,
        )?,
        remove_contacts: if spec.remove.is_empty() {
            Vec::new()
        } else {
            super::contact::removed(&store.customer(c.id)?, &spec.remove)?
        },
        add_tags: tags(&spec.tags)?,
        remove_tags: tags(&spec.untags)?,
        handover: None,
    };
    let mut created_org = None;
    let changed = store.change(&format!("edit {}", sanitize(&c.name)), ctx.secs(), |w| {
        let mut patch = patch_base.clone();
        if let Some(o) = &spec.org {
            patch.org_id = Some(if o.trim().is_empty() {
                None
            } else {
                let p = org_pick(w, o, ctx.secs())?;
                created_org = p.created.then_some(p.name);
                Some(p.id)
            });
        }
        let changed = w.update_customer(c.id, &patch, ctx.secs())?;
        if changed.is_empty() {
            // What was asked is there already (a phone matches whatever its spaces,
            // dashes, or `+` / `00` prefix): say so, not that nothing was asked.
            let had: Vec<&str> = patch
                .add_contacts
                .iter()
                .map(|cp| cp.value.as_str())
                .chain(patch.add_tags.iter().map(String::as_str))
                .collect();
            return Err(crate::store::StoreError::Invalid(
                if *spec == EditSpec::default() {
                    "nothing to change; give at least one option (see `rolo edit --help`)".into()
                } else if had.is_empty() {
                    // A name's parts or an address label as they are.
                    format!("nothing to change: {} has that already", c.name)
                } else {
                    format!(
                        "nothing to change: {} has {} already",
                        c.name,
                        had.iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            ));
        }
        Ok(changed.iter().map(ToString::to_string).collect::<Vec<_>>())
    })?;
    let mut message = format!(
        "Updated {} ({}): {}",
        sanitize(&c.name),
        c.id,
        sanitize(&changed.join(", "))
    );
    if let Some(o) = created_org {
        message.push_str(&format!("; created organization {}", sanitize(&o)));
    }
    Ok(Outcome {
        message,
        customer: Some(c.id),
        details: json!({"customer": c.id, "changed": changed}),
    })
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
    use crate::domain::CustomerKind;

    fn maria() -> Customer {
        Customer {
            name_parts: NameParts::from_n(&["José García López", "María"]),
            address: Some("Calle Mayor 1, Madrid".into()),
            address_parts: AddressParts::from_adr(&["", "", "Calle Mayor 1", "Madrid"]),
            ..Customer::bare(1, CustomerKind::Person, "María José García López")
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
