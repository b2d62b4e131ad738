//! Restoring a backup or a dossier: exact ids into an empty database, matching and merging
//! (no history twice) into one that has customers. A backup file is restored as it is
//! parsed, record by record (`stream`); a dossier, one customer's, is parsed whole.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::{CustomerRec, DealRec, FollowUpRec, InteractionRec};
use crate::domain::{ContactPoint, CustomerId};
use crate::interop::apply::{Applier, Outcome};
use crate::interop::import::{ImportOptions, ImportReport, Progress, Refs, in_transaction};
use crate::interop::text::shown;
use crate::interop::{ImportError, Incoming};
use crate::store::{Store, Writer};

pub(super) mod check;
mod field;
mod handback;
mod handover;
mod stream;

use check::{Ids, bad, opt_day};
use handback::{Head, handover_json};
use handover::Block;
pub use handover::{NotCarried, NotRemoved};

/// Imports a dossier: its JSON block, restored as a backup is, and merged into a customer
/// here as a dossier coming back (see [`handover`]). The report names the sections of its
/// Markdown edited since it was written (they are not imported).
pub fn import_dossier(
    store: &mut Store,
    file: &Path,
    text: &str,
    opts: &ImportOptions,
    mut report: ImportReport,
) -> Result<ImportReport, ImportError> {
    let json = crate::interop::dossier::machine_part(text).ok_or_else(|| ImportError::Format {
        file: file.to_path_buf(),
        message: "no customer data for rolo in it (`rolo dossier` ends a dossier with a \
                  ```json rolo-dossier block; was it cut short?)"
            .into(),
    })?;
    // The line the block starts on, for the line numbers of its errors.
    let before = json.as_ptr() as usize - text.as_ptr() as usize;
    let first_line = 1 + text
        .get(..before)
        .map_or(0, |t| t.bytes().filter(|b| *b == b'\n').count());
    // (A block that does not read is refused where it breaks by the restore itself.)
    let (block, recorded) = match serde_json::from_str::<Head>(json) {
        Ok(head) => head.read(file)?,
        Err(_) => (
            Block {
                version: 1,
                written_at: None,
            },
            None,
        ),
    };
    if let Some(recorded) = recorded {
        report.markdown_edited = crate::interop::dossier::edited_sections(text, &recorded);
    }
    restore_json(
        store,
        file,
        json.as_bytes(),
        opts,
        report,
        first_line,
        Some(block),
    )
}

/// Imports a backup from `reader` as it is parsed, record by record: a backup of any size
/// is never held in memory whole (the lists come in the order restoring needs them, as
/// [`super::write`](fn@super::write) writes them: customers, deals, interactions, follow-ups).
pub fn import_reader(
    store: &mut Store,
    file: &Path,
    reader: impl std::io::Read,
    opts: &ImportOptions,
    report: ImportReport,
) -> Result<ImportReport, ImportError> {
    restore_json(store, file, reader, opts, report, 1, None)
}

/// Restores the JSON `reader` holds, which starts on line `first_line` of `file`; `block`:
/// a dossier's, none for a backup.
fn restore_json(
    store: &mut Store,
    file: &Path,
    reader: impl std::io::Read,
    opts: &ImportOptions,
    report: ImportReport,
    first_line: usize,
    block: Option<Block>,
) -> Result<ImportReport, ImportError> {
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut progress = Progress::new(opts.progress, opts.watch.clone());
    let result = in_transaction(
        store,
        &format!("import {name}"),
        opts.now,
        opts.dry_run,
        Refs::FromFile,
        |w| {
            let mut r = Restorer::new(w, file, opts, report, &mut progress)?;
            r.block = block;
            stream::restore(&mut r, file, reader, first_line)?;
            r.finish()
        },
        ImportReport::changed,
    );
    progress.clear();
    result
}

/// Which history tables had rows before: only those can hold a row the file has too.
struct HadHistory {
    deals: bool,
    interactions: bool,
    follow_ups: bool,
}

/// Restores records one at a time, in file order, into the open transaction.
struct Restorer<'r> {
    w: &'r Writer<'r>,
    file: &'r Path,
    opts: &'r ImportOptions,
    report: ImportReport,
    /// No customers before: rows keep the ids they have in the file.
    empty: bool,
    had: HadHistory,
    applier: Applier,
    /// UID in the file -> (customer id here, created now).
    ids: HashMap<String, (i64, bool)>,
    /// Customers created with an organization, linked once every customer is in:
    /// (record index, id here, the organization's UID).
    orgs: Vec<(usize, i64, String)>,
    /// Customers merged into who may have no organization yet: (record index, id here,
    /// the organization's UID, their line of the report's merges).
    org_fills: Vec<(usize, i64, String, usize)>,
    deal_ids: HashMap<i64, i64>,
    interaction_ids: HashMap<i64, i64>,
    /// Follow-up id in the file -> id here, for the series a later occurrence names.
    follow_up_ids: HashMap<i64, i64>,
    /// Customers merged into (id here) -> their line of the report's merges, and the
    /// history rows added to them: interactions, follow-ups, deals; and their open
    /// follow-ups the file had closed; and, in words, the rows here the file changed.
    merged_history: HashMap<i64, (usize, [usize; 4], Vec<String>)>,
    /// The ids of each list in the file, for [`Ids::check`].
    seen: [Ids; 4],
    progress: &'r mut Progress,
    /// A dossier's block (none: a backup): a customer merged into is merged as one coming
    /// back, and each customer keeps what it handed over.
    block: Option<Block>,
}

impl<'r> Restorer<'r> {
    fn new(
        w: &'r Writer<'r>,
        file: &'r Path,
        opts: &'r ImportOptions,
        report: ImportReport,
        progress: &'r mut Progress,
    ) -> Result<Self, ImportError> {
        let conn = w.conn();
        let empty: bool =
            !conn.query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?;
        // History already here is not restored twice; a table that had no rows has none to
        // match (and, in a bulk load, no index to match it by until the end).
        let had = |table: &str| -> rusqlite::Result<bool> {
            conn.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {table})"), [], |r| {
                r.get(0)
            })
        };
        Ok(Restorer {
            w,
            file,
            opts,
            report,
            empty,
            had: HadHistory {
                deals: had("deals")?,
                interactions: had("interactions")?,
                follow_ups: had("follow_ups")?,
            },
            applier: Applier::new(opts.now, opts.tags.clone()),
            progress,
            ids: HashMap::new(),
            orgs: Vec::new(),
            org_fills: Vec::new(),
            deal_ids: HashMap::new(),
            interaction_ids: HashMap::new(),
            follow_up_ids: HashMap::new(),
            merged_history: HashMap::new(),
            seen: Default::default(),
            block: None,
        })
    }

    fn customer(&mut self, i: usize, c: &CustomerRec) -> Result<(), ImportError> {
        let (w, file) = (self.w, self.file);
        let conn = w.conn();
        self.report.records += 1;
        self.progress
            .tick(self.report.records, self.report.history)?;
        self.seen[0].check(file, "customers", i, c.id)?;
        check::customer(i, c).map_err(|r| r.in_file(file))?;
        let birthday = opt_day(file, "customers", i, "birthday", c.birthday.as_deref())?;
        if self.ids.contains_key(&c.uid) {
            return Err(bad(
                file,
                "customers",
                i,
                "uid",
                format!(
                    "uid `{}` is used twice in `customers`; uids are unique in a backup",
                    shown(&c.uid)
                ),
            ));
        }
        let mut inc = Incoming {
            kind: c.kind,
            name: c.name.clone(),
            title: c.title.clone(),
            address: c.address.clone(),
            address_parts: c.address_parts.clone(),
            notes: c.notes.clone(),
            needs: c.needs.clone(),
            birthday,
            contacts: c.contacts.clone(),
            tags: c.tags.clone(),
            uid: Some(c.uid.clone()),
            owner: c.owner.clone(),
            cadence_days: c.cadence_days,
            ..Incoming::default()
        };
        let found = if self.empty {
            None
        } else {
            self.applier.find(w, &inc)?
        };
        if let Some((id, by)) = found {
            // A dossier's customer is merged as one coming back (`handback`).
            let mut said = handback::Said::default();
            let before = self.before_hand_back(id, c, &mut inc, &mut said)?;
            let outcome = self
                .applier
                .apply_found(w, &mut inc, found)
                .and_then(|o| self.applier.flush(w).map(|()| o))
                .map_err(|e| bad(file, "customers", i, "", e))?;
            let added = match outcome {
                Outcome::Merged(_, _, added) => added,
                _ => Vec::new(),
            };
            if let Some(before) = before {
                self.after_hand_back(i, id, c, &before, &mut said)?;
            }
            let handback::Said {
                removed,
                not_added,
                conflicts,
                not_removed,
            } = said;
            let changed = !added.is_empty() || !removed.is_empty();
            if changed {
                self.report.merged += 1;
            } else {
                self.report.unchanged += 1;
            }
            self.report.merges.push(crate::interop::import::MergeNote {
                file: None,
                line: 0,
                name: c.name.clone(),
                into: id.0,
                by,
                changed,
                added,
                removed,
                not_added,
                conflicts,
                not_removed,
            });
            self.ids.insert(c.uid.clone(), (id.0, false));
            let note = self.report.merges.len() - 1;
            self.merged_history.insert(id.0, (note, [0; 4], Vec::new()));
            if let Some(org) = &c.org {
                self.org_fills.push((i, id.0, org.clone(), note));
            }
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO customers(id, kind, name, title, address, notes, needs, needs_updated_at,
               cadence_days, owner, birthday, uid, created_at, updated_at, name_key, address_parts,
               name_latin, handover)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
               ?18)",
        )?
        .execute(params![
            self.empty.then_some(c.id),
            c.kind,
            c.name,
            c.title,
            c.address,
            c.notes,
            c.needs,
            c.needs_updated_at.map(|d| d.timestamp()),
            c.cadence_days,
            c.owner,
            c.birthday,
            c.uid,
            c.created_at.timestamp(),
            c.updated_at.timestamp(),
            // Derived, so not in the file.
            crate::domain::text::name_key(&c.name),
            c.address
                .as_ref()
                .and(c.address_parts.as_ref())
                .map(crate::domain::AddressParts::to_json),
            crate::domain::text::name_latin(&c.name),
            // A dossier's customer keeps what it handed over; a backup's, what they had.
            match self.block {
                Some(block) => handover_json(Some(&handover::taken(block, c))),
                None => handover_json(c.handover.as_ref()),
            },
        ])
        .map_err(|e| bad(file, "customers", i, "", e))?;
        let id = conn.last_insert_rowid();
        for (pos, cp) in c.contacts.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                cp.kind,
                cp.value,
                ContactPoint::normalized(cp.kind, &cp.value),
                cp.label,
                pos as i64
            ])?;
        }
        for tag in c.tags.iter().chain(&self.opts.tags) {
            w.add_tag(CustomerId(id), tag)?;
        }
        self.report.created += 1;
        // Created beside customers of its name who are someone else here (other emails, or
        // several of them): the report names them, as a sheet's does.
        let (namesakes, like) = self.applier.take_namesakes();
        if !namesakes.is_empty()
            && self.report.namesakes.len() < crate::interop::import::REPORT_LINES
        {
            self.report.namesakes.push(crate::interop::NamesakeNote {
                file: None,
                line: 0,
                name: c.name.clone(),
                id,
                namesakes,
                like,
            });
        }
        // A dry run names what it would create, as a sheet's does (a backup has no lines:
        // line 0, shown without one).
        if self.opts.dry_run && self.report.creates.len() < crate::interop::import::REPORT_LINES {
            self.report
                .creates
                .push(crate::interop::import::CreateNote {
                    file: None,
                    line: 0,
                    name: c.name.clone(),
                });
        }
        self.ids.insert(c.uid.clone(), (id, true));
        if let Some(org) = &c.org {
            self.orgs.push((i, id, org.clone()));
        }
        Ok(())
    }

    /// Links the people created to their organizations: once, after the last customer (an
    /// organization may come after its people).
    fn link_orgs(&mut self) -> Result<(), ImportError> {
        let conn = self.w.conn();
        for (i, id, org) in std::mem::take(&mut self.orgs) {
            let org_id = self.org_here(i, &org)?;
            conn.execute(
                "UPDATE customers SET org_id = ?1 WHERE id = ?2",
                params![org_id, id],
            )?;
        }
        // A person merged into gets the organization only when they have none (fill empty
        // fields): a customer who has one keeps it.
        for (i, id, org, note) in std::mem::take(&mut self.org_fills) {
            let org_id = self.org_here(i, &org)?;
            let filled = conn.execute(
                "UPDATE customers SET org_id = ?1, updated_at = ?3
                 WHERE id = ?2 AND org_id IS NULL AND kind = 'person' AND id <> ?1",
                params![org_id, id, self.opts.now],
            )?;
            if filled == 1
                && let Some(m) = self.report.merges.get_mut(note)
            {
                if !m.changed {
                    m.changed = true;
                    self.report.unchanged -= 1;
                    self.report.merged += 1;
                }
                m.added.push("organization".into());
            }
        }
        Ok(())
    }

    /// The id here of the organization whose UID record `i` names.
    fn org_here(&self, i: usize, org: &str) -> Result<i64, ImportError> {
        let found = match self.ids.get(org) {
            Some(&(o, _)) => Some(o),
            None => self
                .w
                .conn()
                .query_row("SELECT id FROM customers WHERE uid = ?1", [org], |r| {
                    r.get(0)
                })
                .optional()?,
        };
        let id = found.ok_or_else(|| {
            bad(
                self.file,
                "customers",
                i,
                "org",
                format!("organization `{}` is not in the file", shown(org)),
            )
        })?;
        // Only an organization has people (a person named there, or the customer itself,
        // would make a person their own organization's member, or an organization's).
        let kind: crate::domain::CustomerKind =
            self.w
                .conn()
                .query_row("SELECT kind FROM customers WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        if kind != crate::domain::CustomerKind::Org {
            return Err(bad(
                self.file,
                "customers",
                i,
                "org",
                format!(
                    "`{}` is a person, not an organization; only an organization has people",
                    shown(org)
                ),
            ));
        }
        Ok(id)
    }

    /// The customer a history row of `list` belongs to; the customers are all in by then.
    fn customer_of(&mut self, list: &str, i: usize, uid: &str) -> Result<i64, ImportError> {
        self.link_orgs()?;
        self.ids.get(uid).map(|&(id, _)| id).ok_or_else(|| {
            bad(
                self.file,
                list,
                i,
                "customer",
                format!("customer `{}` is not in the file", shown(uid)),
            )
        })
    }

    fn deal(&mut self, i: usize, d: &DealRec) -> Result<(), ImportError> {
        self.seen[1].check(self.file, "deals", i, d.id)?;
        check::deal(i, d).map_err(|r| r.in_file(self.file))?;
        opt_day(
            self.file,
            "deals",
            i,
            "expected_close",
            d.expected_close.as_deref(),
        )?;
        let cid = self.customer_of("deals", i, &d.customer)?;
        let conn = self.w.conn();
        let existing: Option<i64> =
            if self.had.deals {
                conn.prepare_cached(
                "SELECT id FROM deals WHERE customer_id = ?1 AND title = ?2 AND created_at = ?3",
            )?
            .query_row(params![cid, d.title, d.created_at.timestamp()], |r| r.get(0))
            .optional()?
            } else {
                None
            };
        if let Some(e) = existing {
            self.deal_ids.insert(d.id, e);
            self.restage(i, e, cid, d)?;
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO deals(id, customer_id, title, value_minor, currency, stage, probability,
               expected_close, created_at, stage_changed_at, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.empty.then_some(d.id),
            cid,
            d.title,
            d.value_minor,
            d.currency,
            d.stage,
            d.probability,
            d.expected_close,
            d.created_at.timestamp(),
            d.stage_changed_at.timestamp(),
            d.closed_at.map(|x| x.timestamp()),
        ])
        .map_err(|e| bad(self.file, "deals", i, "", e))?;
        self.deal_ids.insert(d.id, conn.last_insert_rowid());
        self.added_history(cid, 2);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    /// A deal here that is the file's: moved to another stage (or probability) there later
    /// than here (a colleague's dossier handed back), it takes the file's; one moved here
    /// since keeps its own. Said in the customer's line of the report.
    fn restage(&mut self, i: usize, here: i64, cid: i64, d: &DealRec) -> Result<(), ImportError> {
        let conn = self.w.conn();
        let (stage, probability, changed, closed): (String, i64, i64, Option<i64>) = conn
            .prepare_cached(
                "SELECT stage, probability, stage_changed_at, closed_at FROM deals WHERE id = ?1",
            )?
            .query_row([here], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let closed_there = d.closed_at.map(|x| x.timestamp());
        if (stage.as_str(), probability, closed) == (d.stage.as_str(), d.probability, closed_there)
        {
            return Ok(());
        }
        // Moved here and there in the same second (times are kept to the second): which
        // came last cannot be told; this side's stays, and the report says so.
        if d.stage_changed_at.timestamp() == changed {
            let (here, there) = if stage == d.stage {
                (format!("{probability}%"), format!("{}%", d.probability))
            } else {
                (stage.clone(), d.stage.clone())
            };
            self.conflict(
                cid,
                format!(
                    "deal {}: moved here and there in the same second (here {here}, there \
                     {there}); kept {here}",
                    d.title
                ),
            );
            return Ok(());
        }
        if d.stage_changed_at.timestamp() < changed {
            return Ok(());
        }
        conn.prepare_cached(
            "UPDATE deals SET stage = ?1, probability = ?2, stage_changed_at = ?3, closed_at = ?4
             WHERE id = ?5",
        )?
        .execute(params![
            d.stage,
            d.probability,
            d.stage_changed_at.timestamp(),
            closed_there,
            here
        ])
        .map_err(|e| bad(self.file, "deals", i, "stage", e))?;
        let said = if stage == d.stage {
            format!("deal {} {}% → {}%", d.title, probability, d.probability)
        } else {
            format!("deal {} {stage} → {}", d.title, d.stage)
        };
        self.changed_here(cid, said);
        Ok(())
    }

    /// Says a conflict on a row already here in the line of the customer it belongs to.
    fn conflict(&mut self, customer: i64, said: String) {
        if let Some(&(note, ..)) = self.merged_history.get(&customer)
            && let Some(m) = self.report.merges.get_mut(note)
        {
            m.conflicts.push(said);
        }
    }

    /// Says a change to a row already here in the line of the customer it belongs to (one
    /// merged into; a customer created now has no rows here before).
    fn changed_here(&mut self, customer: i64, said: String) {
        if let Some(h) = self.merged_history.get_mut(&customer) {
            h.2.push(said);
        }
    }

    fn interaction(&mut self, i: usize, x: &InteractionRec) -> Result<(), ImportError> {
        self.seen[2].check(self.file, "interactions", i, x.id)?;
        check::interaction(i, x).map_err(|r| r.in_file(self.file))?;
        let cid = self.customer_of("interactions", i, &x.customer)?;
        let conn = self.w.conn();
        let existing: Option<i64> = if self.had.interactions {
            conn.prepare_cached(
                "SELECT id FROM interactions WHERE customer_id = ?1 AND occurred_at = ?2 AND kind = ?3 AND summary = ?4",
            )?
            .query_row(
                params![cid, x.occurred_at.timestamp(), x.kind, x.summary],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        if let Some(e) = existing {
            self.interaction_ids.insert(x.id, e);
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO interactions(id, customer_id, kind, direction, occurred_at, summary, notes,
               minutes, rating, deal_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.empty.then_some(x.id),
            cid,
            x.kind,
            x.direction,
            x.occurred_at.timestamp(),
            x.summary,
            x.notes,
            x.minutes,
            x.rating,
            x.deal.and_then(|d| self.deal_ids.get(&d)),
            x.created_at.timestamp(),
        ])
        .map_err(|e| bad(self.file, "interactions", i, "", e))?;
        self.interaction_ids.insert(x.id, conn.last_insert_rowid());
        self.added_history(cid, 0);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    fn follow_up(&mut self, i: usize, f: &FollowUpRec) -> Result<(), ImportError> {
        self.seen[3].check(self.file, "follow_ups", i, f.id)?;
        check::follow_up(i, f).map_err(|r| r.in_file(self.file))?;
        let due =
            check::day(&f.due_date).map_err(|m| bad(self.file, "follow_ups", i, "due_date", m))?;
        opt_day(
            self.file,
            "follow_ups",
            i,
            "original_due",
            Some(&f.original_due),
        )?;
        let cid = self.customer_of("follow_ups", i, &f.customer)?;
        let conn = self.w.conn();
        if self.had.follow_ups {
            let existing: Option<i64> = conn
                .prepare_cached(
                    "SELECT id FROM follow_ups WHERE customer_id = ?1 AND what = ?2 AND original_due = ?3
                       AND repeat_rule IS ?4 LIMIT 1",
                )?
                .query_row(
                    params![cid, f.what, f.original_due, f.repeat_rule],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(e) = existing {
                self.follow_up_ids.insert(f.id, e);
                // Open in the file too: moved there, perhaps. Done (or cancelled) in the
                // file and open here: whoever sent it closed it since (a colleague's dossier
                // handed back); the next occurrence of a series follows in the file, and
                // only one stays open.
                if f.status == "open" {
                    self.redate(i, e, cid, f, due)?;
                } else {
                    let closed = conn
                        .prepare_cached(
                            "UPDATE follow_ups SET status = ?1, done_at = ?2
                             WHERE id = ?3 AND status = 'open'",
                        )?
                        .execute(params![f.status, f.done_at.map(|x| x.timestamp()), e])?;
                    if closed > 0
                        && let Some((_, counts, _)) = self.merged_history.get_mut(&cid)
                    {
                        counts[3] += 1;
                    }
                }
                return Ok(());
            }
        }
        // A later occurrence names its series' first by its id in the file: one found or
        // added before it (the same id here when ids are kept). A series the file does not
        // have is no link (a hand-edited file); the occurrences are linked as an upgrade
        // links them, at the end.
        let series = f.series.and_then(|s| self.follow_up_ids.get(&s).copied());
        conn.prepare_cached(
            "INSERT INTO follow_ups(id, customer_id, what, due_date, due_time, original_due, status,
               done_at, snooze_count, repeat_rule, interaction_id, created_at, series_id,
               reschedule_count, changed_at, event_uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            self.empty.then_some(f.id),
            cid,
            f.what,
            f.due_date,
            f.due_time,
            f.original_due,
            f.status,
            f.done_at.map(|x| x.timestamp()),
            f.snooze_count,
            f.repeat_rule,
            f.interaction.and_then(|x| self.interaction_ids.get(&x)),
            f.created_at.timestamp(),
            series,
            f.reschedule_count,
            f.changed_at.map(|x| x.timestamp()),
            f.event_uid,
        ])
        .map_err(|e| bad(self.file, "follow_ups", i, "", e))?;
        self.follow_up_ids.insert(f.id, conn.last_insert_rowid());
        self.added_history(cid, 1);
        self.progress
            .tick(self.report.records, self.report.history)?;
        Ok(())
    }

    /// A follow-up open here and in the file, moved there to another day (or time) later
    /// than it last moved here: it takes the file's day (`due_there`, as checked), as a
    /// revision of its calendar event (`store::revise`; the snoozes there count). One moved
    /// here since keeps its own.
    fn redate(
        &mut self,
        i: usize,
        here: i64,
        cid: i64,
        f: &FollowUpRec,
        due_there: chrono::NaiveDate,
    ) -> Result<(), ImportError> {
        let Some(moved_there) = f.changed_at.map(|x| x.timestamp()) else {
            return Ok(());
        };
        let conn = self.w.conn();
        let (status, due, time, changed): (String, String, Option<String>, i64) = conn
            .prepare_cached(
                "SELECT status, due_date, due_time, coalesce(changed_at, created_at)
                 FROM follow_ups WHERE id = ?1",
            )?
            .query_row([here], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        if status != "open"
            || moved_there < changed
            || (due.as_str(), time.as_deref()) == (f.due_date.as_str(), f.due_time.as_deref())
        {
            return Ok(());
        }
        // Moved here and there in the same second: this side's day stays, and is said.
        if moved_there == changed {
            let said = |day: &str, time: Option<&str>| {
                let day = check::day(day)
                    .map_or_else(|_| day.to_string(), crate::domain::when::long_date);
                time.map_or(day.clone(), |t| format!("{day} {t}"))
            };
            let here = said(&due, time.as_deref());
            let there = said(&f.due_date, f.due_time.as_deref());
            self.conflict(
                cid,
                format!(
                    "follow-up {}: moved here and there in the same second (here {here}, \
                     there {there}); kept {here}",
                    f.what
                ),
            );
            return Ok(());
        }
        let head = crate::store::series_of(conn, here)?.unwrap_or(here);
        let before = crate::store::shown(conn, head)?;
        conn.prepare_cached(
            "UPDATE follow_ups SET due_date = ?1, due_time = ?2,
               snooze_count = max(snooze_count, ?3)
             WHERE id = ?4",
        )?
        .execute(params![f.due_date, f.due_time, f.snooze_count, here])
        .map_err(|e| bad(self.file, "follow_ups", i, "due_date", e))?;
        if let Some(before) = before {
            crate::store::revise(conn, head, &before, moved_there)?;
        }
        let day = crate::domain::when::long_date(due_there);
        let at = f
            .due_time
            .as_deref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        self.changed_here(cid, format!("follow-up {} → {day}{at}", f.what));
        Ok(())
    }

    /// Counts a history row added (`list`: 0 interactions, 1 follow-ups, 2 deals), for the
    /// report and, when it went to a customer merged into, for that customer's line.
    fn added_history(&mut self, customer: i64, list: usize) {
        self.report.history += 1;
        if let Some((_, counts, _)) = self.merged_history.get_mut(&customer) {
            counts[list] += 1;
        }
    }

    fn settings(&mut self, settings: &BTreeMap<String, String>) -> Result<(), ImportError> {
        for (k, v) in settings {
            for text in [k, v] {
                crate::domain::text::check_value_bytes(text).map_err(|m| ImportError::Format {
                    file: self.file.to_path_buf(),
                    message: format!(
                        "settings.{}: {m}; nothing was imported (fix the record in the file)",
                        shown(k)
                    ),
                })?;
            }
            self.w.conn().execute(
                "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<ImportReport, ImportError> {
        self.link_orgs()?;
        // A backup from before series were recorded names none: its occurrences are
        // linked as the upgrade of a database links them.
        self.w.link_series()?;
        // A customer who gained history from the file was merged into, not left unchanged.
        let mut gained: Vec<(usize, [usize; 4], Vec<String>)> =
            self.merged_history.drain().map(|(_, v)| v).collect();
        gained.sort_unstable();
        for (note, [interactions, follow_ups, deals, closed], changes) in gained {
            let words = crate::domain::text::counts(&[
                (interactions, "interaction", "interactions"),
                (follow_ups, "follow-up", "follow-ups"),
                (deals, "deal", "deals"),
            ]);
            let mut said = words.join(", ");
            for n in crate::domain::text::counts(&[(closed, "open follow-up", "open follow-ups")]) {
                let gap = if said.is_empty() { "" } else { " " };
                said.push_str(&format!("{gap}({n} done there, closed here)"));
            }
            if said.is_empty() && changes.is_empty() {
                continue;
            }
            let m = &mut self.report.merges[note];
            m.added.extend(changes);
            if !said.is_empty() {
                m.added.push(said);
            }
            if !m.changed {
                m.changed = true;
                self.report.unchanged -= 1;
                self.report.merged += 1;
            }
        }
        self.progress.finishing(self.report.records);
        self.report.orgs_created = self.applier.orgs_created;
        self.report.orgs_alike = self.applier.orgs_alike_notes(self.w)?;
        Ok(self.report)
    }
}
