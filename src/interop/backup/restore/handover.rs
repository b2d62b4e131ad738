//! A dossier coming back: a three-way merge of a customer's contact points and tags. The
//! base is what the colleague's rolo was handed (the `handover` of the file's customer,
//! kept there when they imported our dossier); a value in the base, gone from the file and
//! still here as it was handed over was removed there, and goes here too. A value added
//! here since (not in the base), or changed here since (another label), stays. Without a
//! base the merge keeps everything, as before, and says what it could not tell.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::{CustomerRec, Handover};
use crate::domain::ContactPoint;

/// Why a colleague's removals were not carried to a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCarried {
    /// A dossier of version 1 (an older rolo): it has no handover record.
    NoHandover,
    /// The file's customer has no handover record: no dossier of them was imported there.
    NoHandoverThere,
    /// Its handover record is of another customer (another UID): not one handed over from
    /// here.
    AnotherCustomer,
    /// A dossier of them as new as this one was imported here before (this file again, or
    /// an older one): what it removed was carried then.
    NotNewer,
}

impl NotCarried {
    /// In the report's words, after `kept tag vip, not in the file: `.
    pub fn said(self) -> &'static str {
        match self {
            NotCarried::NoHandover => {
                "removals there cannot be carried, as the file has no handover record (a \
                 dossier of an older rolo)"
            }
            NotCarried::NoHandoverThere => {
                "removals there cannot be carried, as the file has no handover record of them \
                 (no dossier of them was imported there)"
            }
            NotCarried::AnotherCustomer => {
                "removals there cannot be carried, as the file's handover record is of another \
                 customer (not one handed over from here)"
            }
            NotCarried::NotNewer => {
                "its removals were carried when a dossier of them as new as this one was \
                 imported before"
            }
        }
    }
}

/// Values kept here that the file lacks, and why their removal could not be carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRemoved {
    /// Why.
    pub why: NotCarried,
    /// The values, in words (`tag vip`, `phone +48 601 234 567`; raw text: sanitize it).
    pub values: Vec<String>,
}

/// What a dossier coming back removes from a customer here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removals {
    /// Contact points to remove (as they are here).
    pub contacts: Vec<ContactPoint>,
    /// Tags to remove (as they are here).
    pub tags: Vec<String>,
    /// Removed there but changed here since the handover: kept, in words.
    pub conflicts: Vec<String>,
    /// Values the file lacks, kept because removals could not be carried.
    pub not_carried: Option<NotRemoved>,
}

/// The customer here, as the merge finds them (before the file's values are added).
pub struct Here<'a> {
    /// Their UID.
    pub uid: &'a str,
    /// Their contact points.
    pub contacts: &'a [ContactPoint],
    /// Their tags.
    pub tags: &'a [String],
    /// What the last dossier of them taken here handed over (of the file's UID, when a
    /// customer merged into them took it).
    pub taken: Option<&'a Handover>,
    /// Their whole handover record, with those of customers merged into them.
    pub record: Option<&'a Handover>,
}

/// A dossier's block, as far as a merge of it needs it.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    /// Its format version.
    pub version: u32,
    /// When it was written.
    pub written_at: Option<DateTime<Utc>>,
}

/// One contact point as the merge beside it tells (a phone by its last digits: `601 234
/// 567` in the file is the `+48 601 234 567` here and in the base, not a removal).
fn same_point(a: &ContactPoint, b: &ContactPoint) -> bool {
    a.same_as(b)
}

/// One tag as the store tells (`COLLATE NOCASE`: ASCII letters' case aside).
fn same_tag(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `phone +48 601 234 567`.
pub fn point_said(cp: &ContactPoint) -> String {
    format!("{} {}", cp.kind.as_str(), cp.value)
}

/// Whether the file's customer is newer than what was taken here last. Times are written
/// to the nanosecond: the same time is the same file. A time to the second (a rolo before
/// that) is ambiguous: one with other values is taken for another, newer file.
pub fn newer(block: Block, file: &CustomerRec, taken: Option<&Handover>) -> bool {
    let Some(taken) = taken else {
        return true;
    };
    match (block.written_at, taken.written_at) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(f), Some(t)) => {
            f > t
                || (f == t
                    && f.timestamp_subsec_nanos() == 0
                    && (
                        &file.contacts,
                        &file.tags,
                        Some(super::super::Fields::of_rec(file)),
                    ) != (&taken.contacts, &taken.tags, taken.fields.clone()))
        }
    }
}

/// The base of a three-way merge of `file` into `here`: what `file`'s rolo was handed over
/// from here, or why there is none to go by.
/// Records of customers merged into one (`rolo merge`) are kept with theirs: the file's
/// may be that of a customer merged into theirs there, and one of a UID of a customer
/// merged into this one here is ours.
pub fn base<'f>(
    block: Block,
    file: &'f CustomerRec,
    here: &Here<'_>,
) -> Result<&'f Handover, NotCarried> {
    // (A customer who was not handed over keeps the record of one merged into them on
    // top: its UID is theirs too.)
    let ours = |h: &Handover| h.uid == here.uid || here.record.is_some_and(|r| r.knows(&h.uid));
    match (&file.handover, block.version) {
        (_, ..=1) => Err(NotCarried::NoHandover),
        (None, _) => Err(NotCarried::NoHandoverThere),
        (Some(h), _) => h.find(ours).ok_or(NotCarried::AnotherCustomer),
    }
}

/// What `file` has that was handed over from here and removed here since (not here any
/// more): not added again (a file taken before too: its values are no newer for it). Its
/// contact points and tags, as the file has them.
pub fn removed_here(
    block: Block,
    file: &CustomerRec,
    here: &Here<'_>,
) -> (Vec<ContactPoint>, Vec<String>) {
    let Ok(base) = base(block, file, here) else {
        return (Vec::new(), Vec::new());
    };
    let points = file
        .contacts
        .iter()
        .filter(|cp| {
            !here.contacts.iter().any(|h| same_point(h, cp))
                && base.contacts.iter().any(|b| same_point(b, cp))
        })
        .cloned()
        .collect();
    let tags = file
        .tags
        .iter()
        .filter(|t| {
            !here.tags.iter().any(|h| same_tag(h, t)) && base.tags.iter().any(|b| same_tag(b, t))
        })
        .cloned()
        .collect();
    (points, tags)
}

/// The three-way merge of `file`'s contact points and tags into `here`'s: what goes.
pub fn removals(block: Block, file: &CustomerRec, here: &Here<'_>) -> Removals {
    let points: Vec<&ContactPoint> = here
        .contacts
        .iter()
        .filter(|cp| !file.contacts.iter().any(|f| same_point(cp, f)))
        .collect();
    let tags: Vec<&String> = here
        .tags
        .iter()
        .filter(|t| !file.tags.iter().any(|f| same_tag(t, f)))
        .collect();
    let mut out = Removals::default();
    if points.is_empty() && tags.is_empty() {
        return out;
    }
    let in_base_point = |base: &Handover, cp: &ContactPoint| {
        base.contacts.iter().find(|b| same_point(b, cp)).cloned()
    };
    let in_base_tag = |base: &Handover, t: &str| base.tags.iter().any(|b| same_tag(b, t));
    let not_carried = |why: NotCarried, base: Option<&Handover>| {
        let values: Vec<String> = points
            .iter()
            .filter(|cp| base.is_none_or(|b| in_base_point(b, cp).is_some()))
            .map(|cp| point_said(cp))
            .chain(
                tags.iter()
                    .filter(|t| base.is_none_or(|b| in_base_tag(b, t)))
                    .map(|t| format!("tag {t}")),
            )
            .collect();
        (!values.is_empty()).then_some(NotRemoved { why, values })
    };
    let base = match base(block, file, here) {
        Ok(_) if !newer(block, file, here.taken) => Err(NotCarried::NotNewer),
        found => found,
    };
    let base = match base {
        Ok(base) => base,
        Err(why) => {
            let known = (why == NotCarried::NotNewer)
                .then_some(file.handover.as_ref())
                .flatten();
            out.not_carried = not_carried(why, known);
            return out;
        }
    };
    for cp in points {
        match in_base_point(base, cp) {
            // Added here since the handover: stays.
            None => {}
            Some(b) if b.label == cp.label => out.contacts.push(cp.clone()),
            Some(b) => out.conflicts.push(format!(
                "{}: removed there, but its label changed here since the handover ({} → {}); kept",
                point_said(cp),
                b.label.as_deref().unwrap_or("none"),
                cp.label.as_deref().unwrap_or("none"),
            )),
        }
    }
    out.tags = tags
        .into_iter()
        .filter(|t| in_base_tag(base, t))
        .cloned()
        .collect();
    out
}

/// What a customer of the file hands over to the one it is imported as, taken `now` (this
/// rolo's clock, to the nanosecond, as its dossiers' `written_at`): the base of the next
/// dossier of them that goes back.
pub fn taken(block: Block, file: &CustomerRec, now: DateTime<Utc>) -> Handover {
    Handover::taken(file, block.written_at, Some(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactKind, CustomerKind};

    fn cp(kind: ContactKind, value: &str, label: Option<&str>) -> ContactPoint {
        ContactPoint {
            kind,
            value: value.into(),
            label: label.map(Into::into),
        }
    }

    fn rec(contacts: Vec<ContactPoint>, tags: &[&str], handover: Option<Handover>) -> CustomerRec {
        let t = DateTime::from_timestamp(1_795_392_000, 0).unwrap();
        CustomerRec {
            id: 1,
            uid: "b-uid".into(),
            kind: CustomerKind::Person,
            name: "Anna Kowalska".into(),
            name_parts: None,
            org: None,
            title: None,
            address: None,
            address_parts: None,
            notes: String::new(),
            needs: String::new(),
            needs_updated_at: None,
            cadence_days: None,
            owner: None,
            birthday: None,
            created_at: t,
            updated_at: t,
            contacts,
            tags: tags.iter().map(ToString::to_string).collect(),
            handover,
        }
    }

    fn base(contacts: Vec<ContactPoint>, tags: &[&str]) -> Handover {
        Handover {
            uid: "a-uid".into(),
            written_at: DateTime::from_timestamp(1_795_000_000, 0),
            contacts,
            tags: tags.iter().map(ToString::to_string).collect(),
            fields: None,
            kept: None,
            after: None,
            said: Vec::new(),
            taken_at: None,
            merged: Vec::new(),
        }
    }

    const V2: Block = Block {
        version: 2,
        written_at: DateTime::from_timestamp(1_795_392_000, 0),
    };

    #[test]
    fn point_said_calls_an_address_of_instant_messaging_im() {
        assert_eq!(
            point_said(&cp(ContactKind::Im, "skype:anna.k", None)),
            "im skype:anna.k"
        );
        assert_eq!(
            point_said(&cp(ContactKind::Phone, "+48 601 234 567", None)),
            "phone +48 601 234 567"
        );
        assert_eq!(
            point_said(&cp(ContactKind::Other, "pager 1234", None)),
            "other pager 1234"
        );
    }

    #[test]
    fn a_phone_the_file_writes_otherwise_is_not_removed() {
        // The file has the handed-over phone without its country code: the merge beside this
        // takes it for the one here (by its last digits), so it is no removal.
        let here_phone = cp(ContactKind::Phone, "+48 601 234 567", None);
        let file = rec(
            vec![cp(ContactKind::Phone, "601 234 567", None)],
            &["Vip"],
            Some(base(vec![here_phone.clone()], &["vip"])),
        );
        let here_contacts = [here_phone];
        let here_tags = ["VIP".to_string()];
        let here = Here {
            uid: "a-uid",
            contacts: &here_contacts,
            tags: &here_tags,
            taken: None,
            record: None,
        };
        let r = removals(V2, &file, &here);
        assert_eq!((r.contacts, r.tags), (vec![], Vec::<String>::new()));
    }

    #[test]
    fn handover_removes_what_went_there_and_keeps_what_came_here() {
        let old = cp(ContactKind::Phone, "+48 601 234 567", None);
        let new = cp(ContactKind::Phone, "+48 602 000 000", None);
        let mail = cp(ContactKind::Email, "anna@acme.pl", Some("work"));
        let ours = cp(ContactKind::Email, "anna@home.pl", None);
        // Handed over: the old phone, the email, tags vip and fleet. There: the phone
        // replaced, vip removed. Here since: another email and tag hot.
        let file = rec(
            vec![new.clone(), mail.clone()],
            &["fleet"],
            Some(base(vec![old.clone(), mail.clone()], &["vip", "fleet"])),
        );
        let here_contacts = [old.clone(), mail.clone(), ours];
        let here_tags = ["fleet".to_string(), "hot".into(), "VIP".into()];
        let here = Here {
            uid: "a-uid",
            contacts: &here_contacts,
            tags: &here_tags,
            taken: None,
            record: None,
        };
        let r = removals(V2, &file, &here);
        assert_eq!(r.contacts, [old]);
        assert_eq!(r.tags, ["VIP"]);
        assert!(r.conflicts.is_empty());
        assert_eq!(r.not_carried, None);
        // Its label changed here since: kept, and said.
        let relabelled = [cp(ContactKind::Phone, "+48601234567", Some("mobile"))];
        let r = removals(
            V2,
            &file,
            &Here {
                contacts: &relabelled,
                ..here
            },
        );
        assert_eq!(r.contacts, []);
        assert_eq!(
            r.conflicts,
            [
                "phone +48601234567: removed there, but its label changed here since the handover (none → mobile); kept"
            ]
        );
    }

    #[test]
    fn handover_does_not_add_again_what_was_removed_here_since() {
        let phone = cp(ContactKind::Phone, "+48 601 234 567", None);
        let file = rec(
            vec![phone.clone()],
            &["vip", "fleet"],
            Some(base(vec![phone.clone()], &["vip"])),
        );
        let here = Here {
            uid: "a-uid",
            contacts: &[],
            tags: &[],
            taken: None,
            record: None,
        };
        // Handed over and gone here: not added; fleet was never handed over: added.
        assert_eq!(
            removed_here(V2, &file, &here),
            (vec![phone.clone()], vec!["vip".to_string()])
        );
        // Not ours to go by: everything is added, as before.
        let theirs = Here {
            uid: "c-uid",
            ..here
        };
        assert_eq!(removed_here(V2, &file, &theirs), (Vec::new(), Vec::new()));
    }

    #[test]
    fn handover_base_of_a_customer_merged_in_here_is_ours() {
        // Here `a-uid` has the record of `m-uid`, merged into them (`rolo merge`), on top.
        let mut theirs = base(Vec::new(), &["vip"]);
        theirs.uid = "m-uid".into();
        let file = rec(Vec::new(), &[], Some(theirs.clone()));
        let here = Here {
            uid: "a-uid",
            contacts: &[],
            tags: &[],
            taken: None,
            record: Some(&theirs),
        };
        assert_eq!(super::base(V2, &file, &here), Ok(&theirs));
        assert_eq!(
            super::base(
                V2,
                &file,
                &Here {
                    record: None,
                    ..here
                }
            ),
            Err(NotCarried::AnotherCustomer)
        );
    }

    #[test]
    fn handover_without_a_base_of_ours_removes_nothing_and_says_why() {
        let vip = ["vip".to_string()];
        let here = Here {
            uid: "a-uid",
            contacts: &[],
            tags: &vip,
            taken: None,
            record: None,
        };
        let kept = |why| {
            Some(NotRemoved {
                why,
                values: vec!["tag vip".into()],
            })
        };
        let v1 = Block {
            version: 1,
            written_at: None,
        };
        let with_base = rec(Vec::new(), &[], Some(base(Vec::new(), &["vip"])));
        assert_eq!(
            removals(v1, &with_base, &here).not_carried,
            kept(NotCarried::NoHandover)
        );
        assert_eq!(
            removals(V2, &rec(Vec::new(), &[], None), &here).not_carried,
            kept(NotCarried::NoHandoverThere)
        );
        let theirs = Here {
            uid: "c-uid",
            ..here
        };
        assert_eq!(
            removals(V2, &with_base, &theirs).not_carried,
            kept(NotCarried::AnotherCustomer)
        );
        // This file taken before: not again.
        let again = taken(
            V2,
            &with_base,
            DateTime::from_timestamp(1_795_392_000, 0).unwrap(),
        );
        let r = removals(
            V2,
            &with_base,
            &Here {
                taken: Some(&again),
                ..here
            },
        );
        assert_eq!(r.not_carried, kept(NotCarried::NotNewer));
        assert_eq!(r.tags, Vec::<String>::new());
        // Nothing here the file lacks: nothing to say.
        let none = Here { tags: &[], ..here };
        assert_eq!(removals(v1, &with_base, &none), Removals::default());
    }

    #[test]
    fn a_dossier_taken_later_in_the_second_ours_was_written_is_the_base() {
        // Ours written here at 12:00:00.3, theirs taken here at 12:00:00.7 (both this
        // rolo's clock): theirs came last, to the nanosecond (taken at 12:00:00 it was not).
        let noon = |ns| DateTime::from_timestamp(1_795_435_200, ns);
        let them = rec(Vec::new(), &[], None);
        let ours = Handover {
            written_at: noon(300_000_000),
            fields: Some(crate::interop::backup::Fields::of_rec(&them)),
            ..base(Vec::new(), &[])
        };
        let theirs = taken(V2, &them, noon(700_000_000).unwrap());
        assert_eq!(theirs.taken_at, noon(700_000_000));
        let b = super::super::profile::Base::of(&ours, Some(&theirs)).unwrap();
        assert!(!b.from_file);
    }
}
