//! Restoring a backup or a dossier: exact ids into an empty database, matching and merging
//! (no history twice) into one that has customers.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::{Backup, DOSSIER_FORMAT, FORMAT, VERSION};
use crate::domain::{ContactPoint, CustomerId};
use crate::interop::apply::Applier;
use crate::interop::import::{ImportOptions, ImportReport, Refs, in_transaction};
use crate::interop::{BadRecord, Format, ImportError, Incoming, Location};
use crate::store::{Store, Writer};

/// Imports a backup or dossier text.
pub fn import_text(
    store: &mut Store,
    file: &Path,
    text: &str,
    format: Format,
    opts: &ImportOptions,
    mut report: ImportReport,
) -> Result<ImportReport, ImportError> {
    let json = if format == Format::Dossier {
        crate::interop::dossier::front_matter(text).ok_or_else(|| ImportError::Format {
            file: file.to_path_buf(),
            message: "no JSON front matter (a dossier starts with `---`, then JSON, then `---`)"
                .into(),
        })?
    } else {
        text
    };
    let backup: Backup = serde_json::from_str(json).map_err(|e| ImportError::Format {
        file: file.to_path_buf(),
        message: format!(
            "not a rolo backup: {e} (line {}, column {})",
            e.line(),
            e.column()
        ),
    })?;
    if backup.format != FORMAT && backup.format != DOSSIER_FORMAT {
        return Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "`format` is `{}`; expected `{FORMAT}` or `{DOSSIER_FORMAT}`",
                backup.format
            ),
        });
    }
    if backup.version > VERSION {
        return Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "written by a newer rolo (format version {}, this rolo reads up to {VERSION}); upgrade rolo",
                backup.version
            ),
        });
    }
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    report = in_transaction(
        store,
        &format!("import {name}"),
        opts.now,
        opts.dry_run,
        Refs::FromFile,
        |w| restore(w, file, &backup, opts, report),
    )?;
    Ok(report)
}

fn bad(file: &Path, list: &str, i: usize, e: impl std::fmt::Display) -> ImportError {
    ImportError::Bad {
        file: file.to_path_buf(),
        bad: BadRecord {
            at: Location {
                line: 0,
                record: i + 1,
            },
            field: list.to_string(),
            message: e.to_string(),
        },
    }
}

fn restore(
    w: &Writer<'_>,
    file: &Path,
    b: &Backup,
    opts: &ImportOptions,
    mut report: ImportReport,
) -> Result<ImportReport, ImportError> {
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
    let (had_deals, had_interactions, had_follow_ups) =
        (had("deals")?, had("interactions")?, had("follow_ups")?);
    let mut applier = Applier::new(opts.now, opts.tags.clone());
    // uid in the file -> (customer id here, created now)
    let mut ids: HashMap<&str, (i64, bool)> = HashMap::new();
    for (i, c) in b.customers.iter().enumerate() {
        report.records += 1;
        let mut inc = Incoming {
            kind: c.kind,
            name: c.name.clone(),
            title: c.title.clone(),
            address: c.address.clone(),
            notes: c.notes.clone(),
            birthday: c.birthday.as_deref().and_then(|d| d.parse().ok()),
            contacts: c.contacts.clone(),
            tags: c.tags.clone(),
            uid: Some(c.uid.clone()),
            ..Incoming::default()
        };
        let found = if empty { None } else { applier.find(w, &inc)? };
        if let Some((id, by)) = found {
            applier
                .apply_found(w, &mut inc, found)
                .and_then(|_| applier.flush(w))
                .map_err(|e| bad(file, "customers", i, e))?;
            report.merged += 1;
            report.merges.push(crate::interop::import::MergeNote {
                file: None,
                line: 0,
                name: c.name.clone(),
                into: id.0,
                by,
            });
            ids.insert(&c.uid, (id.0, false));
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO customers(id, kind, name, title, address, notes, needs, needs_updated_at,
               cadence_days, owner, birthday, uid, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            empty.then_some(c.id),
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
        ])
        .map_err(|e| bad(file, "customers", i, e))?;
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
        for tag in c.tags.iter().chain(&opts.tags) {
            w.add_tag(CustomerId(id), tag)?;
        }
        report.created += 1;
        ids.insert(&c.uid, (id, true));
    }
    for (i, c) in b.customers.iter().enumerate() {
        let (Some(org), Some(&(id, true))) = (&c.org, ids.get(c.uid.as_str())) else {
            continue;
        };
        let org_id = match ids.get(org.as_str()) {
            Some(&(o, _)) => Some(o),
            None => conn
                .query_row("SELECT id FROM customers WHERE uid = ?1", [org], |r| {
                    r.get(0)
                })
                .optional()?,
        };
        let Some(org_id) = org_id else {
            return Err(bad(
                file,
                "customers",
                i,
                format!("organization `{org}` is not in the file"),
            ));
        };
        conn.execute(
            "UPDATE customers SET org_id = ?1 WHERE id = ?2",
            params![org_id, id],
        )?;
    }
    let cust = |list: &str, i: usize, uid: &str| {
        ids.get(uid).map(|&(id, _)| id).ok_or_else(|| {
            bad(
                file,
                list,
                i,
                format!("customer `{uid}` is not in the file"),
            )
        })
    };
    let mut deal_ids: HashMap<i64, i64> = HashMap::new();
    for (i, d) in b.deals.iter().enumerate() {
        let cid = cust("deals", i, &d.customer)?;
        let existing: Option<i64> =
            if had_deals {
                conn.prepare_cached(
                "SELECT id FROM deals WHERE customer_id = ?1 AND title = ?2 AND created_at = ?3",
            )?
            .query_row(params![cid, d.title, d.created_at.timestamp()], |r| r.get(0))
            .optional()?
            } else {
                None
            };
        if let Some(e) = existing {
            deal_ids.insert(d.id, e);
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO deals(id, customer_id, title, value_minor, currency, stage, probability,
               expected_close, created_at, stage_changed_at, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            empty.then_some(d.id),
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
        .map_err(|e| bad(file, "deals", i, e))?;
        deal_ids.insert(d.id, conn.last_insert_rowid());
        report.history += 1;
    }
    let mut interaction_ids: HashMap<i64, i64> = HashMap::new();
    for (i, x) in b.interactions.iter().enumerate() {
        let cid = cust("interactions", i, &x.customer)?;
        let existing: Option<i64> = if had_interactions {
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
            interaction_ids.insert(x.id, e);
            continue;
        }
        conn.prepare_cached(
            "INSERT INTO interactions(id, customer_id, kind, direction, occurred_at, summary, notes,
               minutes, rating, deal_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            empty.then_some(x.id),
            cid,
            x.kind,
            x.direction,
            x.occurred_at.timestamp(),
            x.summary,
            x.notes,
            x.minutes,
            x.rating,
            x.deal.and_then(|d| deal_ids.get(&d)),
            x.created_at.timestamp(),
        ])
        .map_err(|e| bad(file, "interactions", i, e))?;
        interaction_ids.insert(x.id, conn.last_insert_rowid());
        report.history += 1;
    }
    for (i, f) in b.follow_ups.iter().enumerate() {
        let cid = cust("follow_ups", i, &f.customer)?;
        if had_follow_ups {
            let exists: bool = conn
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM follow_ups WHERE customer_id = ?1 AND what = ?2 AND original_due = ?3)",
                )?
                .query_row(params![cid, f.what, f.original_due], |r| r.get(0))?;
            if exists {
                continue;
            }
        }
        conn.prepare_cached(
            "INSERT INTO follow_ups(id, customer_id, what, due_date, due_time, original_due, status,
               done_at, snooze_count, repeat_rule, interaction_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            empty.then_some(f.id),
            cid,
            f.what,
            f.due_date,
            f.due_time,
            f.original_due,
            f.status,
            f.done_at.map(|x| x.timestamp()),
            f.snooze_count,
            f.repeat_rule,
            f.interaction.and_then(|x| interaction_ids.get(&x)),
            f.created_at.timestamp(),
        ])
        .map_err(|e| bad(file, "follow_ups", i, e))?;
        report.history += 1;
    }
    for (k, v) in &b.settings {
        conn.execute(
            "INSERT OR IGNORE INTO settings(key, value) VALUES (?1, ?2)",
            params![k, v],
        )?;
    }
    report.orgs_created = applier.orgs_created;
    Ok(report)
}
