//! A handover record: what the last dossier of a customer taken here had (the base of the
//! three-way merge when a dossier of them goes back), as `customers.handover` keeps it and
//! a backup or dossier writes it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::CustomerRec;
use crate::domain::{AddressParts, ContactPoint, Customer, NameParts};

/// A customer as the last dossier of them that was imported gave them: the base of a
/// three-way merge when a dossier of them goes back. Stored with the customer
/// (`customers.handover`, this as JSON), and written in the customer's record of a dossier
/// of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// The customer's UID in that dossier (the UID of the rolo that wrote it): a dossier
    /// going back carries removals only to the customer of that UID.
    pub uid: String,
    /// When that dossier was written (none for a dossier of version 1; to the second by a
    /// rolo before subsecond times, to the nanosecond since).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_at: Option<DateTime<Utc>>,
    /// Its contact points (an IM address of before, of kind `other`, read as `im`).
    #[serde(deserialize_with = "super::contacts_of")]
    pub contacts: Vec<ContactPoint>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its single-valued fields (none in a record of a rolo before they were kept: those
    /// fields then merge as any import's, filling empty ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Fields>,
    /// Those fields with the values the import kept of the customer's own instead, where
    /// the customer had their own from before (the dossier was merged into a customer who
    /// had other values, and no handover told which side changed them): the other side's
    /// base for them, as this side's values are no change of its. None when none was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<Fields>,
    /// The customer's fields right after the import, when they are not the file's: this
    /// side's base for the next dossier of them taken here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Fields>,
    /// The conflicts the import of that dossier said (here, and of their deals and
    /// follow-ups): a later dossier that has them still does not say them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<String>,
    /// When this rolo took that dossier, by its own clock (none in a record of a rolo before
    /// it was kept): told against when a dossier of ours was written, to know which of the
    /// two came last when the clocks of the two sides disagree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_at: Option<DateTime<Utc>>,
    /// The records of customers merged into this one (`rolo merge`), each under its own
    /// UID: a dossier of either that comes back still merges against what it handed over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<Handover>,
}

/// A customer's single-valued fields, as a dossier wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct Fields {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_parts: Option<NameParts>,
    /// A person's organization, by its UID (as a backup names it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    pub title: Option<String>,
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_parts: Option<AddressParts>,
    pub notes: String,
    pub needs: String,
    pub cadence_days: Option<u32>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`, as a backup writes a day.
    pub birthday: Option<String>,
}

/// A single-valued field of a customer, as the three-way merge of a dossier coming back
/// tells them apart (an address goes with its parts). Shown as the report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The name as one line.
    Name,
    /// The name's parts (given, family, …).
    NameParts,
    /// A person's organization.
    Organization,
    /// Title.
    Title,
    /// The address, with its parts.
    Address,
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
}

impl Field {
    /// The field a change of the store touched, as the merge tells fields apart (a name's
    /// parts are its parts, an address's label goes with the address); none for what is
    /// no single-valued field (kind, contact points, tags).
    pub fn of_change(field: crate::store::ChangedField) -> Option<Field> {
        use crate::store::ChangedField as C;
        Some(match field {
            C::Name => Field::Name,
            C::NamePart(_) | C::NameParts => Field::NameParts,
            C::Organization => Field::Organization,
            C::Title => Field::Title,
            C::Address | C::AddressLabel => Field::Address,
            C::Notes => Field::Notes,
            C::Needs => Field::Needs,
            C::Cadence => Field::Cadence,
            C::Owner => Field::Owner,
            C::Birthday => Field::Birthday,
            C::Kind | C::Contact(_) | C::ContactValue | C::ContactLabel | C::Tag => return None,
        })
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Field::Name => "name",
            Field::NameParts => "name parts",
            Field::Organization => "organization",
            Field::Title => "title",
            Field::Address => "address",
            Field::Notes => "notes",
            Field::Needs => "needs",
            Field::Cadence => "cadence",
            Field::Owner => "owner",
            Field::Birthday => "birthday",
        })
    }
}

impl Handover {
    /// What the file's customer `c` hands over to the one it is imported as, the dossier
    /// written at `written_at`, taken at `taken_at` (this rolo's clock): the base of the
    /// next dossier of them that goes back.
    pub fn taken(
        c: &CustomerRec,
        written_at: Option<DateTime<Utc>>,
        taken_at: Option<DateTime<Utc>>,
    ) -> Handover {
        Handover {
            uid: c.uid.clone(),
            written_at,
            contacts: c.contacts.clone(),
            tags: c.tags.clone(),
            fields: Some(Fields::of_rec(c)),
            kept: None,
            after: None,
            said: Vec::new(),
            taken_at,
            merged: Vec::new(),
        }
    }

    /// As the `customers.handover` column keeps it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// From the `customers.handover` column (written by rolo: one that does not read is
    /// none).
    pub fn from_json(json: &str) -> Option<Handover> {
        serde_json::from_str(json).ok()
    }

    /// The record of `uid`: this one, or one of a customer merged into it; this one when
    /// none is of it (a record is of the UID the file gave, which a merge there may have
    /// changed).
    pub fn of_uid(&self, uid: &str) -> &Handover {
        self.find(|h| h.uid == uid).unwrap_or(self)
    }

    /// [`Self::of_uid`], to change.
    pub fn of_uid_mut(&mut self, uid: &str) -> &mut Handover {
        match self.merged.iter().position(|h| h.uid == uid) {
            Some(k) if self.uid != uid => &mut self.merged[k],
            _ => self,
        }
    }

    /// This record or the first of those merged into it that `ours` takes.
    pub fn find(&self, ours: impl Fn(&Handover) -> bool) -> Option<&Handover> {
        std::iter::once(self).chain(&self.merged).find(|h| ours(h))
    }

    /// Whether `uid` is this record's or a merged one's.
    pub fn knows(&self, uid: &str) -> bool {
        self.uid == uid || self.merged.iter().any(|h| h.knows(uid))
    }

    /// The record of a customer `rolo merge` made of `into` (this one's, if any) and
    /// `from`: both kept, `into`'s on top (the UID the customer keeps), `from`'s and those
    /// merged into it under it.
    pub fn combined(into: Option<Handover>, from: Option<Handover>) -> Option<Handover> {
        match (into, from) {
            (None, from) => from,
            (into, None) => into,
            (Some(mut into), Some(mut from)) => {
                let older = std::mem::take(&mut from.merged);
                into.merged.push(from);
                into.merged.extend(older);
                Some(into)
            }
        }
    }
}

impl Handover {
    /// The record a customer keeps after taking `new` (a dossier of them newer than what
    /// they took before): `new` in place of the one of its UID, or on top; the records of
    /// customers merged into them stay.
    pub fn keeping(record: Option<Handover>, mut new: Handover) -> Handover {
        let Some(mut record) = record else {
            return new;
        };
        if let Some(m) = record.merged.iter_mut().find(|m| m.uid == new.uid) {
            *m = new;
            return record;
        }
        new.merged = std::mem::take(&mut record.merged);
        new
    }
}

impl Fields {
    /// A backup's or dossier's customer's.
    pub fn of_rec(c: &CustomerRec) -> Fields {
        Fields {
            name: c.name.clone(),
            name_parts: c.name_parts.clone(),
            org: c.org.clone(),
            title: c.title.clone(),
            address: c.address.clone(),
            address_parts: c.address_parts.clone(),
            notes: c.notes.clone(),
            needs: c.needs.clone(),
            cadence_days: c.cadence_days,
            owner: c.owner.clone(),
            birthday: c.birthday.clone(),
        }
    }

    /// Sets `field` (an address with its parts) to `from`'s.
    pub fn set_from(&mut self, field: Field, from: &Fields) {
        match field {
            Field::Name => self.name.clone_from(&from.name),
            Field::NameParts => self.name_parts.clone_from(&from.name_parts),
            Field::Organization => self.org.clone_from(&from.org),
            Field::Title => self.title.clone_from(&from.title),
            Field::Address => {
                self.address.clone_from(&from.address);
                self.address_parts.clone_from(&from.address_parts);
            }
            Field::Notes => self.notes.clone_from(&from.notes),
            Field::Needs => self.needs.clone_from(&from.needs),
            Field::Cadence => self.cadence_days = from.cadence_days,
            Field::Owner => self.owner.clone_from(&from.owner),
            Field::Birthday => self.birthday.clone_from(&from.birthday),
        }
    }

    /// These, a customer's, once `p` is written (their organization aside: a merge links
    /// it after).
    pub fn after(&self, p: &crate::store::CustomerPatch) -> Fields {
        let mut f = self.clone();
        if let Some(v) = &p.name {
            f.name.clone_from(v);
            f.name_parts = None;
        }
        if let Some(v) = &p.name_parts {
            f.name_parts = v.clone().filter(|x| x.fits(&f.name));
        }
        if let Some(v) = &p.title {
            f.title.clone_from(v);
        }
        if let Some(v) = &p.address {
            f.address.clone_from(v);
            f.address_parts = None;
        }
        if let Some(v) = &p.address_parts {
            f.address_parts.clone_from(v);
        }
        if let Some(v) = &p.notes {
            f.notes.clone_from(v);
        }
        if let Some(v) = &p.needs {
            f.needs.clone_from(v);
        }
        if let Some(v) = p.cadence_days {
            f.cadence_days = v;
        }
        if let Some(v) = &p.owner {
            f.owner.clone_from(v);
        }
        if let Some(v) = p.birthday {
            f.birthday = v.map(|d| d.format("%Y-%m-%d").to_string());
        }
        f
    }

    /// A customer's here (`org`: the UID of their organization).
    pub fn of_customer(c: &Customer, org: Option<String>) -> Fields {
        Fields {
            name: c.name.clone(),
            name_parts: c.name_parts.clone(),
            org,
            title: c.title.clone(),
            address: c.address.clone(),
            address_parts: c.address_parts.clone(),
            notes: c.notes.clone(),
            needs: c.needs.clone(),
            cadence_days: c.cadence_days,
            owner: c.owner.clone(),
            birthday: c.birthday.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(uid: &str, merged: Vec<Handover>) -> Handover {
        Handover {
            uid: uid.into(),
            written_at: DateTime::from_timestamp(1_795_392_000, 5),
            contacts: Vec::new(),
            tags: vec!["vip".into()],
            fields: Some(Fields {
                name: "Anna".into(),
                cadence_days: Some(14),
                ..Fields::default()
            }),
            kept: None,
            after: None,
            said: Vec::new(),
            taken_at: None,
            merged,
        }
    }

    #[test]
    fn handover_reads_back_what_it_writes_and_an_old_record_too() {
        let h = record("a", vec![record("b", Vec::new())]);
        assert_eq!(Handover::from_json(&h.to_json()), Some(h));
        let old = r#"{"uid":"a","written_at":"2026-11-23T09:30:00Z","contacts":[],"tags":["vip"]}"#;
        let old = Handover::from_json(old).unwrap();
        assert_eq!((old.fields, old.merged), (None, Vec::new()));
        assert_eq!(Handover::from_json("{"), None);
    }

    #[test]
    fn handover_merged_keeps_both_records_under_their_uids() {
        let c = record("c", Vec::new());
        let merged = Handover::combined(
            Some(record("a", Vec::new())),
            Some(record("b", vec![c.clone()])),
        )
        .unwrap();
        assert_eq!(
            merged
                .merged
                .iter()
                .map(|h| h.uid.as_str())
                .collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert!(merged.knows("a") && merged.knows("b") && merged.knows("c"));
        assert!(!merged.knows("d"));
        assert_eq!(merged.of_uid("c"), &c);
        assert_eq!(merged.of_uid("d").uid, "a");
        assert_eq!(
            Handover::combined(None, Some(c.clone())),
            Some(c.clone()),
            "only the other was handed over: its record is kept"
        );
        assert_eq!(Handover::combined(None, None), None);
        // Taking a newer dossier of a customer merged in replaces their record only.
        let mut newer_c = record("c", Vec::new());
        newer_c.tags = vec!["hot".into()];
        let kept = Handover::keeping(Some(merged.clone()), newer_c.clone());
        assert_eq!((kept.uid.as_str(), &kept.merged[1]), ("a", &newer_c));
        let kept = Handover::keeping(Some(merged), record("a", Vec::new()));
        assert_eq!(kept.merged.len(), 2);
    }
}
