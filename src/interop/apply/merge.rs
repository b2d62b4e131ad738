//! Merging a record into the customer it matched: fill empty fields, add what is new.

use super::Applier;
use super::fingerprint::Cand;
use crate::domain::{ContactKind, ContactPoint, Customer, CustomerId, CustomerKind};
use crate::interop::Incoming;
use crate::interop::text::{
    OtherValue, birthday_note, join_lines, listed, merged_notes, merged_notes_of, other_values,
};
use crate::store::{Change, ChangeKind, ChangedField, CustomerPatch, Fillable, Result, Writer};

impl Applier {
    /// Merges a record into customer `id` by rule; what that added, in words (empty when
    /// nothing).
    pub(super) fn merge(
        &mut self,
        w: &Writer<'_>,
        id: CustomerId,
        inc: &Incoming,
        norms: &[String],
        tags: &[String],
    ) -> Result<Vec<String>> {
        // The customer may be one this import created and has not written yet.
        self.flush(w)?;
        let cur = w.customer(id)?;
        let (changed, said) = self.merge_with(w, &cur, inc, norms, tags, &mut |_, _| {})?;
        Ok(changed
            .iter()
            .map(added)
            .chain(said.iter().map(OtherValue::said))
            .collect())
    }

    /// [`Self::merge`] into `cur`, the customer as read (flushed before), with `adjust`
    /// setting more in the patch before it is written (a dossier coming back: what it
    /// takes and removes): what the write changed, and the other values new to the notes.
    pub(super) fn merge_with(
        &mut self,
        w: &Writer<'_>,
        cur: &Customer,
        inc: &Incoming,
        norms: &[String],
        tags: &[String],
        adjust: &mut dyn FnMut(&Customer, &mut CustomerPatch),
    ) -> Result<(Vec<Change>, Vec<OtherValue>)> {
        let id = cur.id;
        let mut p = CustomerPatch::default();
        let said = merge_into(
            cur,
            &Merging {
                kind: inc.kind,
                name: &inc.name,
                fill: inc.fillable(),
                org: inc
                    .org
                    .as_deref()
                    .filter(|_| inc.kind == CustomerKind::Person),
                notes: &inc.notes,
                needs: &inc.needs,
                contacts: &inc.contacts,
                tags,
            },
            &mut p,
        );
        // Refused before anything of the record is remembered or written: with --skip-bad
        // the import goes on as if it had not been in the file.
        for (field, v) in [("notes", &p.notes), ("needs", &p.needs)] {
            super::made_fits(field, v.as_deref().unwrap_or_default(), Some(id))?;
        }
        let email = inc.contacts.iter().any(|x| x.kind == ContactKind::Email);
        let phone = inc.contacts.iter().any(|x| x.kind == ContactKind::Phone);
        let k = self.fp.name(cur.kind, &cur.name, &mut self.buf);
        for v in self
            .names
            .get_mut(&k)
            .into_iter()
            .chain(self.namesakes.get_mut(&k).into_iter().flatten())
        {
            let mut c = Cand::unpack(*v);
            if c.id == id.0 {
                c.email |= email;
                c.phone |= phone;
                *v = c.pack();
            }
        }
        self.remember(id.0, inc.contacts.iter().map(|c| c.kind), norms, None);
        // The record's company is looked up (or created) only when it fills an empty
        // field: a customer who has one keeps it, and no organization is left with nobody.
        if cur.org_id.is_none()
            && cur.kind == CustomerKind::Person
            && inc.kind == CustomerKind::Person
            && let Some(o) = &inc.org
        {
            let org_id = self.org(w, o, inc.org_phonetic.as_deref())?;
            self.flush(w)?;
            if org_id != id {
                p.org_id = Some(Some(org_id));
            }
        }
        adjust(cur, &mut p);
        let changed = w.update_loaded(cur, &p, self.now)?;
        Ok((changed, said))
    }
}

/// What a record (an import's) or a customer (`rolo merge`'s) brings to a merge.
pub struct Merging<'a> {
    /// Person or organization.
    pub kind: CustomerKind,
    /// Its name.
    pub name: &'a str,
    /// The fields that fill empty ones.
    pub fill: Fillable<'a>,
    /// Its organization's name (a person's), for `Other organization:` when the customer
    /// has another.
    pub org: Option<&'a str>,
    /// Notes.
    pub notes: &'a str,
    /// Needs.
    pub needs: &'a str,
    /// Contact points, added where new.
    pub contacts: &'a [ContactPoint],
    /// Tags, added where new.
    pub tags: &'a [String],
}

/// Sets in `p` the profile part of merging `m` into `cur`, the same for an import and for
/// `rolo merge`: empty fields filled; what cannot fill one (another title, organization,
/// address, birthday, a name that is no form of the customer's) kept in the notes, with the
/// notes' and needs' new lines; a year-less `Birthday:` note dropped once a full birthday is
/// known; contact points and tags added. Returns the other values new to the notes (said
/// `other title Purchasing Director`): a file imported again adds none.
/// (The organization link is the caller's: an import looks the company up by name.)
pub fn merge_into(cur: &Customer, m: &Merging<'_>, p: &mut CustomerPatch) -> Vec<OtherValue> {
    p.fill_empty(cur.into(), m.fill);
    // A name is never overwritten (the record that matched may spell it differently),
    // nor lost. (A record with no name of its own is named by its email: not one.)
    let other = if m.kind == cur.kind && !m.contacts.iter().any(|c| c.value == m.name) {
        m.name
    } else {
        ""
    };
    let others = other_values(cur, m.fill.title, m.org, m.fill.address, m.fill.birthday);
    let notes = without_current_values(cur, m.notes);
    let incoming = join_lines(&OtherValue::notes(&others), &notes);
    p.notes = merged_notes_of(&cur.name, &cur.notes, other, &incoming);
    // A birthday known without its year was kept as a note; the full date replaces it.
    let birthday = match p.birthday {
        Some(Some(day)) => Some(day),
        _ => cur.birthday,
    };
    if let Some(day) = birthday {
        let notes = p.notes.as_deref().unwrap_or(&cur.notes);
        if let Some(rest) = without_line(notes, &birthday_note(day)) {
            p.notes = Some(rest);
        }
    }
    p.needs = merged_notes(&cur.needs, m.needs);
    p.add_contacts = m.contacts.to_vec();
    p.add_tags = m
        .tags
        .iter()
        .filter(|t| !cur.tags.contains(t))
        .cloned()
        .collect();
    // Named when new to the notes (merged_notes appends every line they lack).
    others
        .into_iter()
        .filter(|o| !cur.notes.lines().any(|l| l.trim() == o.note()))
        .collect()
}

/// Notes coming in without their `Other title: …` lines (and organization, address,
/// birthday) that name what the customer has now: a dossier handed back keeps the other
/// side's note of this side's value (`Other title: Fleet Manager` on a Fleet Manager).
fn without_current_values(cur: &Customer, notes: &str) -> String {
    let birthday = cur.birthday.map(|d| d.to_string());
    // The customer's values, as another's would be kept in the notes.
    let current: Vec<OtherValue> = [
        ("title", cur.title.as_deref()),
        ("organization", cur.org_name.as_deref()),
        ("address", cur.address.as_deref()),
        ("birthday", birthday.as_deref()),
    ]
    .into_iter()
    .filter_map(|(field, value)| {
        value.map(|v| OtherValue {
            field,
            value: v.to_string(),
        })
    })
    .collect();
    let is_current = |line: &str| current.iter().any(|v| v.is_note(line));
    if !notes.lines().any(is_current) {
        return notes.to_string();
    }
    notes
        .lines()
        .filter(|l| !is_current(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `notes` without the line that reads `line` (spaces around it aside); `None` when it has
/// no such line.
fn without_line(notes: &str, line: &str) -> Option<String> {
    let kept: Vec<&str> = notes.lines().filter(|l| l.trim() != line).collect();
    (kept.len() < notes.lines().count()).then(|| kept.join("\n"))
}

/// A change as something a merge added: a contact point added is `phone +48 …`, a tag
/// `tag vip`; a field filled is its name and value (`title CFO`, a value with a comma quoted
/// as the report's other values are), or its name alone (`notes`).
pub fn added(change: &Change) -> String {
    let value = match &change.value {
        Some(crate::store::ChangeValue::Text(v)) => v.as_str(),
        _ => "",
    };
    match (change.kind, change.field) {
        (ChangeKind::Added, ChangedField::Contact(kind)) => format!("{} {value}", kind.as_str()),
        (ChangeKind::Added, ChangedField::Tag) => format!("tag {value}"),
        _ => match change.set_to() {
            Some((field, value)) => format!("{field} {}", listed(&value)),
            None => change.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_says_what_a_merge_added_in_the_reports_words() {
        use crate::domain::ContactKind;
        use crate::store::ChangeValue;
        let added_as = |field, kind, value: &str| added(&Change::listed(field, kind, value));
        let contact = |kind| ChangedField::Contact(kind);
        assert_eq!(
            added_as(
                contact(ContactKind::Phone),
                ChangeKind::Added,
                "+48 601 234 567"
            ),
            "phone +48 601 234 567"
        );
        assert_eq!(
            added_as(contact(ContactKind::Email), ChangeKind::Added, "a@b.pl"),
            "email a@b.pl"
        );
        assert_eq!(
            added_as(ChangedField::Tag, ChangeKind::Added, "vip"),
            "tag vip"
        );
        assert_eq!(
            added_as(ChangedField::Tag, ChangeKind::Added, "added x"),
            "tag added x"
        );
        let notes = Change::set(ChangedField::Notes, ChangeValue::Text("a\nb".into()));
        assert_eq!(added(&notes), "notes");
        assert_eq!(
            added(&Change::text(ChangedField::Title, Some("CFO, Europe"))),
            "title \"CFO, Europe\""
        );
        assert_eq!(
            added(&Change::set(ChangedField::Cadence, ChangeValue::Days(14))),
            "cadence every 14 days"
        );
    }
}
