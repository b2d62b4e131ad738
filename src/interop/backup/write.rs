//! The whole database written as the backup file, streamed row by row.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

use super::read::Reader;
use super::restore::check::{self, Refused};
use super::{CustomerRec, DealRec, FORMAT, FollowUpRec, InteractionRec, Res, Scope, VERSION};
use crate::domain::text::shown;
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
/// JSON of [`read`](fn@super::read)'s whole backup. Returns what of it rolo would not
/// restore ([`Restorable`]: values an older rolo kept past today's limits), each said of
/// its record; empty for a database of this rolo's.
pub fn write(store: &Store, out: &mut dyn std::io::Write) -> std::io::Result<Vec<String>> {
    let reader = Reader::new(store, Scope::All).map_err(std::io::Error::other)?;
    let reader = &reader;
    let seen = &RefCell::new(Restorable::default());
    let whole = WholeBackup {
        format: FORMAT,
        version: VERSION,
        settings: reader.settings().map_err(std::io::Error::other)?,
        customers: Streamed {
            rows: Box::new(move |f| {
                reader.customers(&mut |c| {
                    seen.borrow_mut().customer(&c);
                    f(c)
                })
            }),
        },
        deals: Streamed {
            rows: Box::new(move |f| {
                reader.deals(&mut |d| {
                    seen.borrow_mut().deal(&d);
                    f(d)
                })
            }),
        },
        interactions: Streamed {
            rows: Box::new(move |f| {
                reader.interactions(&mut |x| {
                    seen.borrow_mut().interaction(&x);
                    f(x)
                })
            }),
        },
        follow_ups: Streamed {
            rows: Box::new(move |f| {
                reader.follow_ups(&mut |x| {
                    seen.borrow_mut().follow_up(&x);
                    f(x)
                })
            }),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &whole)?;
    out.write_all(b"\n")?;
    Ok(seen.take().refused)
}

/// What of a database its backup would not restore, each record said as rolo names it
/// (`customer #12 (Anna Kowalska): notes: …`): `rolo doctor` reads the whole database for
/// it, without writing anything.
pub fn unrestorable(store: &Store) -> Res<Vec<String>> {
    let reader = Reader::new(store, Scope::All)?;
    let mut seen = Restorable::default();
    reader.customers(&mut |c| {
        seen.customer(&c);
        Ok(())
    })?;
    reader.deals(&mut |d| {
        seen.deal(&d);
        Ok(())
    })?;
    reader.interactions(&mut |x| {
        seen.interaction(&x);
        Ok(())
    })?;
    reader.follow_ups(&mut |f| {
        seen.follow_up(&f);
        Ok(())
    })?;
    Ok(seen.refused)
}

/// The restore's checks ([`check`]) run on the records of a database as they are read, in
/// backup order: a database an older rolo filled past today's limits (a note over 1 MiB, a
/// name over 200 characters) writes a backup this rolo refuses, record by record.
#[derive(Default)]
struct Restorable {
    /// The index of the next record of each list.
    next: [usize; 4],
    /// Each record refused, said of the record.
    refused: Vec<String>,
}

impl Restorable {
    fn said(&mut self, list: usize, checked: Result<(), Refused>, who: impl FnOnce() -> String) {
        self.next[list] += 1;
        if let Err(r) = checked {
            let field = if r.field.is_empty() {
                String::new()
            } else {
                format!("{}: ", r.field)
            };
            self.refused.push(format!("{}: {field}{}", who(), r.why));
        }
    }

    fn customer(&mut self, c: &CustomerRec) {
        let checked = check::customer(self.next[0], c);
        self.said(0, checked, || {
            format!("customer #{} ({})", c.id, shown(&c.name))
        });
    }

    fn deal(&mut self, d: &DealRec) {
        let checked = check::deal(self.next[1], d);
        self.said(1, checked, || {
            format!("deal {} ({})", d.id, shown(&d.title))
        });
    }

    fn interaction(&mut self, x: &InteractionRec) {
        let checked = check::interaction(self.next[2], x);
        self.said(2, checked, || format!("interaction {}", x.id));
    }

    fn follow_up(&mut self, f: &FollowUpRec) {
        let checked = check::follow_up(self.next[3], f);
        self.said(3, checked, || {
            format!("follow-up {} ({})", f.id, shown(&f.what))
        });
    }
}
