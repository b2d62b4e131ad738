//! Restoring a backup or a dossier: exact ids into an empty database, matching and merging
//! (no history twice) into one that has customers. A backup file is restored as it is
//! parsed, record by record (`stream`); a dossier, one customer's, is parsed whole.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rusqlite::params;

use super::{CustomerRec, Handover};
use crate::domain::{ContactPoint, CustomerId};
use crate::interop::apply::Applier;
use crate::interop::import::{ImportOptions, ImportReport, Progress, Refs, in_transaction};
use crate::interop::text::shown;
use crate::interop::{ImportError, Incoming};
use crate::store::{Store, Writer};

pub(super) mod check;
mod field;
mod handback;
mod handover;
mod history;
mod orgs;
mod profile;
mod stream;

use check::{Ids, bad, opt_day};
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
    report: ImportReport,
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
    // Its head (version, when written, the Markdown's digests) is read as the restore
    // parses the block: once.
    restore_json(
        store,
        file,
        json.as_bytes(),
        opts,
        report,
        first_line,
        Some(text),
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

/// Restores the JSON `reader` holds, which starts on line `first_line` of `file`;
/// `dossier`: the whole text of a dossier, whose block it is (none for a backup).
fn restore_json(
    store: &mut Store,
    file: &Path,
    reader: impl std::io::Read,
    opts: &ImportOptions,
    report: ImportReport,
    first_line: usize,
    dossier: Option<&str>,
) -> Result<ImportReport, ImportError> {
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut progress = Progress::new(opts.progress, opts.watch.clone());
    let result = in_transaction(
        store,
        &format!("import {name}"),
        opts.now.timestamp(),
        opts.dry_run,
        Refs::FromFile,
        |w| {
            let mut r = Restorer::new(w, file, opts, report, &mut progress)?;
            if dossier.is_some() {
                // (Its version and time are read with its head.)
                r.block = Some(Block {
                    version: 1,
                    written_at: None,
                });
                r.dossier = dossier;
            }
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
    /// Customers merged into whose organization a dossier coming back changes (changed
    /// there only): as `org_fills`.
    org_sets: Vec<(usize, i64, String, usize)>,
    /// Organizations found for people (`orgs::org_here`): UID in the file -> id here.
    org_ids: HashMap<String, i64>,
    deal_ids: HashMap<i64, i64>,
    interaction_ids: HashMap<i64, i64>,
    /// Follow-up id in the file -> id here, for the series a later occurrence names.
    follow_up_ids: HashMap<i64, i64>,
    /// Customers merged into (id here) -> their line of the report's merges, and the
    /// history rows added to them: interactions, follow-ups, deals; and their open
    /// follow-ups the file had closed (the rows here it moved are said in the line at once).
    merged_history: HashMap<i64, (usize, [usize; 4])>,
    /// The ids of each list in the file, for [`Ids::check`].
    seen: [Ids; 4],
    progress: &'r mut Progress,
    /// A dossier's block (none: a backup): a customer merged into is merged as one coming
    /// back, and each customer keeps what it handed over.
    block: Option<Block>,
    /// A dossier's whole text, to tell the edits to its Markdown.
    dossier: Option<&'r str>,
    /// Customers merged into whom a dossier as new as this one was taken before: the ties
    /// it has with them were said then.
    seen_before: HashSet<i64>,
    /// Customers merged into as a dossier coming back: the conflicts said when the last
    /// dossier of them was taken (not said again), and those this one has, kept with what
    /// it hands over (the record they keep, when it is newer, under the file's UID).
    conflicts: HashMap<i64, Conflicts>,
}

/// A customer's conflicts in a dossier coming back (see [`Restorer::conflicts`]).
#[derive(Default)]
struct Conflicts {
    before: Vec<String>,
    now: Vec<String>,
    record: Option<(String, Handover)>,
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
            applier: Applier::new(opts.now.timestamp(), opts.tags.clone()),
            progress,
            ids: HashMap::new(),
            orgs: Vec::new(),
            org_fills: Vec::new(),
            org_sets: Vec::new(),
            org_ids: HashMap::new(),
            deal_ids: HashMap::new(),
            interaction_ids: HashMap::new(),
            follow_up_ids: HashMap::new(),
            merged_history: HashMap::new(),
            seen: Default::default(),
            block: None,
            dossier: None,
            seen_before: HashSet::new(),
            conflicts: HashMap::new(),
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
            name_parts: c.name_parts.clone(),
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
            let added = self.merge_record(i, id, c, &mut inc, &mut said)?;
            let handback::Said {
                org,
                taken,
                removed,
                not_added,
                conflicts,
                not_removed,
                in_notes,
                older,
            } = said;
            let changed = !added.is_empty() || !removed.is_empty() || !taken.is_empty() || in_notes;
            if changed {
                self.report.merged += 1;
            } else {
                self.report.unchanged += 1;
            }
            let conflicts = conflicts
                .into_iter()
                .filter(|c| self.first_said(id.0, c))
                .collect();
            self.report.merges.push(crate::interop::import::MergeNote {
                changed,
                taken,
                removed,
                not_added,
                conflicts,
                not_removed,
                older,
                ..crate::interop::import::MergeNote::new(None, 0, &c.name, id.0, by, added)
            });
            self.ids.insert(c.uid.clone(), (id.0, false));
            let note = self.report.merges.len() - 1;
            self.merged_history.insert(id.0, (note, [0; 4]));
            match (org, &c.org) {
                (handback::Org::Fill, Some(o)) => self.org_fills.push((i, id.0, o.clone(), note)),
                (handback::Org::Set(Some(o)), _) => self.org_sets.push((i, id.0, o, note)),
                _ => {}
            }
            return Ok(());
        }
        let (name_key, name_latin, name_grams) = crate::domain::text::name_columns(&c.name);
        conn.prepare_cached(
            "INSERT INTO customers(id, kind, name, title, address, notes, needs, needs_updated_at,
               cadence_days, owner, birthday, uid, created_at, updated_at, name_key, address_parts,
               name_latin, handover, name_parts, name_grams)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
               ?18, ?19, ?20)",
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
            name_key,
            c.address
                .as_ref()
                .and(c.address_parts.as_ref())
                .map(crate::domain::AddressParts::to_json),
            name_latin,
            // A dossier's customer keeps what it handed over; a backup's, what they had.
            match self.block {
                Some(block) => Some(handover::taken(block, c, self.opts.now).to_json()),
                None => c.handover.as_ref().map(Handover::to_json),
            },
            c.name_parts
                .as_ref()
                .filter(|p| p.fits(&c.name))
                .map(crate::domain::NameParts::to_json),
            name_grams,
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
        if !namesakes.is_empty() {
            self.report.add_namesake(crate::interop::NamesakeNote {
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

    /// Whether conflict `said` of customer `id` is to be said: not when the last dossier of
    /// them taken here said it (it is kept with what this one hands over all the same).
    fn first_said(&mut self, id: i64, said: &str) -> bool {
        let Some(c) = self.conflicts.get_mut(&id) else {
            return true;
        };
        c.now.push(said.to_string());
        !c.before.iter().any(|b| b == said)
    }

    /// Writes what each customer a dossier came back to keeps (`customers.handover`): the
    /// record of what it handed over, with the conflicts said (those of their history come
    /// after the customer), once: no second image of a row the merge wrote.
    fn keep_records(&mut self) -> Result<(), ImportError> {
        let mut kept: Vec<(i64, String, Handover, Vec<String>)> = self
            .conflicts
            .drain()
            .filter_map(|(id, c)| c.record.map(|(uid, h)| (id, uid, h, c.now)))
            .collect();
        kept.sort_unstable_by_key(|k| k.0);
        let records: Vec<(crate::domain::CustomerId, String)> = kept
            .into_iter()
            .map(|(id, uid, mut record, said)| {
                if !said.is_empty() {
                    record.of_uid_mut(&uid).said = said;
                }
                (crate::domain::CustomerId(id), record.to_json())
            })
            .collect();
        self.w.keep_handovers(&records)?;
        Ok(())
    }

    fn finish(mut self) -> Result<ImportReport, ImportError> {
        self.link_orgs()?;
        self.keep_records()?;
        // A backup from before series were recorded names none: its occurrences are
        // linked as the upgrade of a database links them.
        self.w.link_series()?;
        // A customer who gained history from the file was merged into, not left unchanged.
        let mut gained: Vec<(usize, [usize; 4])> =
            self.merged_history.drain().map(|(_, v)| v).collect();
        gained.sort_unstable();
        for (note, [interactions, follow_ups, deals, closed]) in gained {
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
            // (What it moved here is in its line already: `Restorer::changed_here`.)
            if said.is_empty()
                && self
                    .report
                    .merges
                    .get(note)
                    .is_none_or(|m| m.moved.is_empty())
            {
                continue;
            }
            if let Some(m) = self.report.changed_line(note)
                && !said.is_empty()
            {
                m.added.push(said);
            }
        }
        self.progress.finishing(self.report.records);
        self.report.orgs_created = self.applier.orgs_created;
        self.report.orgs_alike = self.applier.orgs_alike_notes(self.w)?;
        Ok(self.report)
    }
}
