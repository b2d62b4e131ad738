//! The whole database written as the backup file, streamed row by row.

use std::collections::BTreeMap;

use serde::Serialize;

use super::read::Reader;
use super::{CustomerRec, DealRec, FORMAT, FollowUpRec, InteractionRec, Res, Scope, VERSION};
use crate::store::Store;

/// Hands each row of a list to its callback.
type Rows<'r, T> = Box<dyn Fn(&mut dyn FnMut(T) -> Res<()>) -> Res<()> + 'r>;

/// A list serialized as its rows are read, one at a time.
struct Streamed<'r, T> {
    rows: Rows<'r, T>,
}

impl<T: Serialize> Serialize for Streamed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let read = (self.rows)(&mut |rec| {
            seq.serialize_element(&rec).map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                crate::store::StoreError::Invalid(message)
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

/// The whole database as [`Backup`](super::Backup) serializes it, field for field, its lists
/// streamed.
#[derive(Serialize)]
struct WholeBackup<'r> {
    format: &'static str,
    version: u32,
    settings: BTreeMap<String, String>,
    customers: Streamed<'r, CustomerRec>,
    deals: Streamed<'r, DealRec>,
    interactions: Streamed<'r, InteractionRec>,
    follow_ups: Streamed<'r, FollowUpRec>,
}

/// Writes the whole database as the backup file (pretty JSON, a final newline), row by
/// row: memory stays flat however big the database is. The bytes are those of the pretty
/// JSON of [`read`](fn@super::read)'s whole backup.
pub fn write(store: &Store, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let reader = Reader::new(store, Scope::All).map_err(std::io::Error::other)?;
    let reader = &reader;
    let whole = WholeBackup {
        format: FORMAT,
        version: VERSION,
        settings: reader.settings().map_err(std::io::Error::other)?,
        customers: Streamed {
            rows: Box::new(move |f| reader.customers(f)),
        },
        deals: Streamed {
            rows: Box::new(move |f| reader.deals(f)),
        },
        interactions: Streamed {
            rows: Box::new(move |f| reader.interactions(f)),
        },
        follow_ups: Streamed {
            rows: Box::new(move |f| reader.follow_ups(f)),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &whole)?;
    out.write_all(b"\n")
}
