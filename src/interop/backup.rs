//! rolo's JSON backup, format `rolo-backup` version 1: the whole database (customers with
//! their contact points and tags, deals, interactions, follow-ups, settings).
//!
//! ```text
//! { "format": "rolo-backup", "version": 1,
//!   "settings":     { "key": "value", ... },
//!   "customers":    [ { "id", "uid", "kind", "name", "name_parts" (optional: { "family",
//!                       "given", "additional", "prefix", "suffix" }, each optional: the name
//!                       as a vCard's N or a file's name columns gave it), "org" (the org's
//!                       uid), "title", "address",
//!                       "address_parts" (optional: { "po_box", "extended", "street", "city",
//!                       "region", "postcode", "country", "label" }, each optional; a
//!                       label alone for an address read whole: "work", "home" or typed),
//!                       "notes", "needs", "needs_updated_at", "cadence_days", "owner",
//!                       "birthday", "created_at", "updated_at",
//!                       "contacts": [ { "kind" (email, phone, url, im or other),
//!                       "value", "label" } ], "tags": [ ... ],
//!                       "handover" (optional: { "uid", "written_at" (optional), "contacts",
//!                       "tags", "fields" (optional: { "name", "name_parts", "org", "title",
//!                       "address", "address_parts", "notes", "needs", "cadence_days",
//!                       "owner", "birthday" }), "kept" (optional: those fields with the
//!                       customer's own kept where they had their own from before),
//!                       "after" (optional: the fields right after the import, when not
//!                       the file's), "said" (optional: the conflicts its import said),
//!                       "taken_at" (optional: when this rolo took it, by its own clock),
//!                       "merged" (optional: the records of
//!                       customers merged into this one) }: what the last dossier of this
//!                       customer taken here had, under the UID it gave them) } ],
//!   "deals":        [ { "id", "customer" (uid), "title", "value_minor", "currency", "stage",
//!                       "probability", "expected_close", "created_at", "stage_changed_at",
//!                       "closed_at" } ],
//!   "interactions": [ { "id", "customer", "kind", "direction", "occurred_at", "summary",
//!                       "notes", "minutes", "rating", "deal" (id), "created_at" } ],
//!   "follow_ups":   [ { "id", "customer", "what", "due_date", "due_time", "original_due",
//!                       "status", "done_at", "snooze_count", "repeat_rule",
//!                       "interaction" (id), "created_at", "series" (optional: the id of
//!                       the first of its repeating series, on a later occurrence),
//!                       "reschedule_count" (optional, 0), "changed_at" (optional),
//!                       "event_uid" (optional: the customer UID its calendar event was
//!                       made under, when a merge moved it) } ] }
//! ```
//! Times are RFC 3339 UTC, days `YYYY-MM-DD`, money integer minor units. A deal's
//! `stage_changed_at` and a follow-up's `changed_at` carry a fraction of a second when a rolo
//! of schema v18 or later wrote them (`2026-11-23T09:30:00.123456789Z`), which tells two
//! moves in one second apart; without one, the time is the second's start. Rows keep their ids:
//! restored into an empty database they get the same ids, so exporting again gives the same
//! file byte for byte. Restored into a database that has customers, each customer is matched
//! (UID, email, phone, name) and merged; history rows already there are not added twice.
//! Derived data (last contact, next due, measure caches) and the undo journal are not included.
//!
//! A dossier's block (`rolo-dossier`) is the same object for a customer and, for an
//! organization, its people; version 2 adds `"written_at"` (when `rolo dossier` wrote it)
//! and `"markdown"` (a digest of each section of the Markdown above the block, to tell an
//! edit made to it), and its customers' `handover` is the base of a three-way merge when the
//! dossier comes back (see `restore::handover`). Version 1 dossiers still import.
//!
//! A contact point's kind `im` (an address of instant messaging, as the URI a vCard's IMPP
//! holds: `skype:anna.k`, `im:123456789`) came with schema v19; before it, rolo wrote such
//! a point as `other`, and a file of before is read so: its `other` points of a messaging
//! scheme are `im` ([`contacts_of`]), in a handover record too. The version stays 1, for a
//! backup and a dossier alike: a file without an IM address is the same as before, byte for
//! byte, and an older rolo refuses one with an IM address, naming the kind `im` it does not
//! know, before it changes anything.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{ContactKind, ContactPoint, CustomerId, CustomerKind};

mod read;
mod record;
mod restore;

mod write;

pub use read::read;
pub use record::{Field, Fields, Handover};
pub use restore::{NotCarried, NotRemoved, import_dossier, import_reader};

pub use write::{unrestorable, write};

/// The `format` value of a backup.
pub const FORMAT: &str = "rolo-backup";
/// The `format` value of a dossier's JSON block.
pub const DOSSIER_FORMAT: &str = "rolo-dossier";
/// The version of a backup this rolo writes and reads.
pub const VERSION: u32 = 1;
/// The version of a dossier's block this rolo writes and reads (2: `written_at`,
/// `markdown` and each customer's `handover`; 1 has none of them).
pub const DOSSIER_VERSION: u32 = 2;

/// A file's contact points, each of the kind it says, but a contact point of kind `other`
/// that is an address of instant messaging (`skype:anna.k`, a scheme of
/// [`crate::domain::contact::IM_SCHEMES`]) of kind `im`: a rolo before the kind (schema
/// v19) wrote one so, and restored it is what the upgrade of its database makes of it.
pub(crate) fn contacts_of<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<ContactPoint>, D::Error> {
    let mut contacts = Vec::<ContactPoint>::deserialize(d)?;
    for cp in &mut contacts {
        cp.kind = ContactKind::before_im(cp.kind, &cp.value, ContactKind::Other);
    }
    Ok(contacts)
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// `rolo-backup` or `rolo-dossier`.
    pub format: String,
    /// Format version.
    pub version: u32,
    /// When the dossier was written (dossiers from version 2 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_at: Option<DateTime<Utc>>,
    /// A digest of each section of the dossier's Markdown, as written (dossiers from
    /// version 2 on): the import says which were edited since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<Vec<crate::interop::dossier::Section>>,
    /// Settings rows.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// Customers, by id.
    pub customers: Vec<CustomerRec>,
    /// Deals, by id.
    #[serde(default)]
    pub deals: Vec<DealRec>,
    /// Interactions, by id.
    #[serde(default)]
    pub interactions: Vec<InteractionRec>,
    /// Follow-ups, by id.
    #[serde(default)]
    pub follow_ups: Vec<FollowUpRec>,
    /// Measures at the time of writing (dossiers only; ignored on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<serde_json::Value>,
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CustomerRec {
    pub id: i64,
    pub uid: String,
    pub kind: CustomerKind,
    pub name: String,
    /// The name's parts, when it came in parts (left out when it did not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_parts: Option<crate::domain::NameParts>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub address: Option<String>,
    /// The address's parts, when it came in parts (left out when it did not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_parts: Option<crate::domain::AddressParts>,
    pub notes: String,
    pub needs: String,
    pub needs_updated_at: Option<DateTime<Utc>>,
    pub cadence_days: Option<u32>,
    pub owner: Option<String>,
    pub birthday: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// (Read as [`contacts_of`] says: a file of before keeps IM addresses as `other`.)
    #[serde(deserialize_with = "contacts_of")]
    pub contacts: Vec<ContactPoint>,
    pub tags: Vec<String>,
    /// What the last dossier of this customer taken here handed over (none when none was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<Handover>,
}

/// A deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct DealRec {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub value_minor: i64,
    pub currency: String,
    pub stage: String,
    pub probability: i64,
    pub expected_close: Option<String>,
    pub created_at: DateTime<Utc>,
    pub stage_changed_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// An interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct InteractionRec {
    pub id: i64,
    pub customer: String,
    pub kind: String,
    pub direction: String,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub notes: String,
    pub minutes: Option<i64>,
    pub rating: Option<i64>,
    pub deal: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct FollowUpRec {
    pub id: i64,
    pub customer: String,
    pub what: String,
    pub due_date: String,
    pub due_time: Option<String>,
    pub original_due: String,
    pub status: String,
    pub done_at: Option<DateTime<Utc>>,
    pub snooze_count: i64,
    pub repeat_rule: Option<String>,
    pub interaction: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// The first follow-up (its id) of the repeating series a later occurrence continues
    /// (backups from before rolo recorded series have none; the restore links them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<i64>,
    /// How often it was moved other than by a snooze (none in older backups).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reschedule_count: i64,
    /// When its day last changed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_at: Option<DateTime<Utc>>,
    /// The customer UID its calendar event was made under, when it moved to another
    /// customer in a merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_uid: Option<String>,
}

/// A count left out of the file when it is 0 (as it is in backups written before it was).
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Which customers a read covers.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Everything.
    All,
    /// These customers (a dossier: the customer and its organization).
    Only(&'a [CustomerId]),
}

type Res<T> = crate::store::Result<T>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate};
    use crate::store::Store;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        generate(
            &mut store,
            &DemoOptions {
                customers: 40,
                seed: 7,
                today,
                now: 1_795_392_000,
                currency: "PLN".parse().unwrap(),
            },
        )
        .unwrap();
        store
            .write(|w| {
                w.conn()
                    .execute("INSERT INTO settings(key, value) VALUES ('a', 'b')", [])?;
                Ok(())
            })
            .unwrap();
        store
    }

    #[test]
    fn the_streamed_backup_is_byte_for_byte_the_one_read_into_memory() {
        for store in [Store::open_in_memory().unwrap(), demo()] {
            let mut streamed = Vec::new();
            write(&store, &mut streamed).unwrap();
            // What serde writes of the whole backup read into memory.
            let whole = read(&store, Scope::All, FORMAT).unwrap();
            let text = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), text);
        }
    }

    #[test]
    fn a_scoped_read_is_the_whole_read_filtered() {
        let store = demo();
        let whole = read(&store, Scope::All, FORMAT).unwrap();
        // A person with an organization and some history, and that organization.
        let person = whole
            .customers
            .iter()
            .find(|c| c.org.is_some() && whole.interactions.iter().any(|i| i.customer == c.uid))
            .unwrap();
        let org = whole
            .customers
            .iter()
            .find(|c| Some(&c.uid) == person.org.as_ref())
            .unwrap();
        let ids = [CustomerId(person.id), CustomerId(org.id)];
        let part = read(&store, Scope::Only(&ids), DOSSIER_FORMAT).unwrap();
        let uids = [&person.uid, &org.uid];
        let mine = |uid: &String| uids.contains(&uid);
        assert_eq!(part.customers, [org.clone(), person.clone()]);
        assert_eq!(
            part.deals,
            whole
                .deals
                .iter()
                .filter(|d| mine(&d.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            part.interactions,
            whole
                .interactions
                .iter()
                .filter(|i| mine(&i.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert!(!part.interactions.is_empty());
        assert_eq!(
            part.follow_ups,
            whole
                .follow_ups
                .iter()
                .filter(|f| mine(&f.customer))
                .cloned()
                .collect::<Vec<_>>()
        );
        assert!(part.settings.is_empty());
    }
}
