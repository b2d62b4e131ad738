//! `rolo doctor`: checks the database and rebuilds what is derived from the rows
//! (search indexes, last contact / next step columns, name sort keys, measure caches), then
//! says what it fixed.

use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::types::ValueRef;
use serde::Serialize;
use serde_json::json;

use super::{Env, Exit};
use crate::domain::text::sanitize;
use crate::store::{Result, Store};

/// The full-text indexes, each rebuilt from its table when its own check fails.
const FTS: [&str; 5] = [
    "customers_fts",
    "interactions_fts",
    "follow_ups_fts",
    "name_grams_fts",
    "text_grams_fts",
];

/// The measure caches (rebuilt from scratch every time; compared to say whether they were off).
const CACHES: [&str; 4] = [
    "account_tiers",
    "customer_tiers",
    "account_history",
    "account_risk",
];

/// What doctor found and did.
#[derive(Debug, Default, Serialize)]
pub struct Checkup {
    /// `PRAGMA integrity_check` before any repair (empty = ok).
    pub integrity_before: Vec<String>,
    /// Rows whose foreign keys point nowhere (reported; doctor deletes nothing typed by the user).
    pub foreign_key_violations: usize,
    /// Search indexes that failed their check and were rebuilt.
    pub fts_rebuilt: Vec<String>,
    /// Customers whose last contact or next step column was wrong and was recomputed.
    pub derived_fixed: usize,
    /// Customers whose name sort key was not their name's and was recomputed.
    pub name_keys_fixed: usize,
    /// Customers whose name parts were not words of their name (renamed behind rolo's
    /// back) and were dropped.
    pub name_parts_dropped: usize,
    /// Measure caches whose contents changed when rebuilt (stale or damaged).
    pub caches_changed: Vec<String>,
    /// Problems that remain after the repairs (empty = healthy).
    pub remaining: Vec<String>,
    /// Values past rolo's limits, kept by an older rolo: its backup would refuse them
    /// (`interop::backup::unrestorable`); the user changes them (empty = none).
    pub past_limits: Vec<String>,
}

impl Checkup {
    /// True when nothing is left for the user to do.
    pub fn healthy(&self) -> bool {
        self.remaining.is_empty() && self.past_limits.is_empty()
    }
}

impl Checkup {
    /// True when something was repaired. (A measure cache that changed was behind: they are
    /// brought up to date as they are used, so that is no damage.)
    pub fn fixed_anything(&self) -> bool {
        !self.fts_rebuilt.is_empty()
            || self.derived_fixed > 0
            || self.name_keys_fixed > 0
            || self.name_parts_dropped > 0
    }
}

fn integrity(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            out.push(row);
        }
    }
    Ok(out)
}

fn foreign_key_violations(store: &Store) -> Result<usize> {
    let mut stmt = store.conn().prepare("PRAGMA foreign_key_check")?;
    let n = stmt.query_map([], |_| Ok(()))?.count();
    Ok(n)
}

/// The FTS index's own check against its content table: `Err` text when they disagree.
fn fts_check(store: &Store, fts: &str) -> Option<String> {
    let sql = format!("INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)");
    store.conn().execute(&sql, []).err().map(|e| e.to_string())
}

/// A fingerprint of a table's rows (in rowid order), to tell whether a rebuild changed it.
fn fingerprint(store: &Store, table: &str) -> Result<u64> {
    let mut h = DefaultHasher::new();
    let mut stmt = store
        .conn()
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
    let cols = stmt.column_count();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..cols {
            match row.get_ref(i)? {
                ValueRef::Null => 0u8.hash(&mut h),
                ValueRef::Integer(v) => (1u8, v).hash(&mut h),
                ValueRef::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                ValueRef::Text(v) | ValueRef::Blob(v) => (3u8, v).hash(&mut h),
            }
        }
    }
    Ok(h.finish())
}

/// Checks and repairs `env.store`; see [`Checkup`].
pub fn checkup(env: &mut Env) -> anyhow::Result<Checkup> {
    let mut c = Checkup {
        integrity_before: integrity(&env.store)?,
        foreign_key_violations: foreign_key_violations(&env.store)?,
        ..Checkup::default()
    };
    // Rows another program wrote are only waiting to be taken into the index of letter
    // pairs (schema v23): taken in first, they are no fault found.
    env.store.take_in_pending_texts()?;
    for fts in FTS {
        // The index of letter pairs keeps no copy of its texts (contentless): its own check
        // cannot compare it with the rows, and finds a row missing from it healthy. It is
        // made again every time (only texts with such letters are in it: quick), and said
        // rebuilt when the rows it holds were not the ones it should.
        if fts == "text_grams_fts" {
            let rows = |s: &Store| -> Result<Vec<i64>> {
                let mut stmt = s
                    .conn()
                    .prepare("SELECT rowid FROM text_grams_fts ORDER BY rowid")?;
                let ids = stmt.query_map([], |r| r.get(0))?;
                Ok(ids.collect::<rusqlite::Result<_>>()?)
            };
            let before = rows(&env.store)?;
            env.store.write(|w| w.rebuild_fts(fts))?;
            if rows(&env.store)? != before || fts_check(&env.store, fts).is_some() {
                c.fts_rebuilt.push(fts.to_string());
            }
        } else if fts_check(&env.store, fts).is_some() {
            env.store.write(|w| w.rebuild_fts(fts))?;
            c.fts_rebuilt.push(fts.to_string());
        }
    }
    c.derived_fixed = env.store.recompute_derived()?;
    c.name_keys_fixed = env.store.repair_name_keys()?;
    c.name_parts_dropped = env.store.repair_name_parts()?;
    let before: Vec<u64> = CACHES
        .iter()
        .map(|t| fingerprint(&env.store, t))
        .collect::<Result<_>>()?;
    let cfg = super::report::insight_config(&env.config, &env.ctx);
    crate::insight::rebuild(&mut env.store, env.ctx.today, &cfg)?;
    for (table, old) in CACHES.iter().zip(before) {
        if fingerprint(&env.store, table)? != old {
            c.caches_changed.push((*table).to_string());
        }
    }
    c.past_limits = crate::interop::backup::unrestorable(&env.store)?;
    c.remaining = integrity(&env.store)?;
    for fts in FTS {
        if let Some(e) = fts_check(&env.store, fts) {
            c.remaining.push(format!("{fts}: {e}"));
        }
    }
    if c.foreign_key_violations > 0 {
        c.remaining.push(format!(
            "{} rows point at rows that do not exist (foreign keys)",
            c.foreign_key_violations
        ));
    }
    Ok(c)
}

/// `rolo doctor`: exit 0 when the database is healthy afterwards, 1 when problems remain.
pub fn doctor(env: &mut Env) -> anyhow::Result<Exit> {
    let c = checkup(env)?;
    let healthy = c.healthy();
    if env.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"ok": healthy, "checkup": c})).unwrap_or_default()
        );
    } else {
        print!("{}", render(&c));
    }
    Ok(if healthy { Exit::Ok } else { Exit::Failure })
}

fn render(c: &Checkup) -> String {
    let mut s = String::new();
    let line = |s: &mut String, ok: bool, text: &str| {
        s.push_str(if ok { "  ok     " } else { "  fixed  " });
        s.push_str(text);
        s.push('\n');
    };
    s.push_str("Checked the database:\n");
    if c.integrity_before.is_empty() {
        line(&mut s, true, "file structure (PRAGMA integrity_check)");
    } else {
        s.push_str(&format!(
            "  found  file structure: {}\n",
            sanitize(&c.integrity_before.join("; "))
        ));
    }
    if c.fts_rebuilt.is_empty() {
        line(&mut s, true, "search indexes");
    } else {
        line(
            &mut s,
            false,
            &format!("search indexes rebuilt: {}", c.fts_rebuilt.join(", ")),
        );
    }
    // A repair that counts customers: `ok` when none needed it, else how many it fixed.
    let counted = |s: &mut String, n: usize, ok: &str, fixed: &str| {
        if n == 0 {
            line(s, true, ok);
        } else {
            let plural = if n == 1 { "" } else { "s" };
            line(s, false, &format!("{fixed} {n} customer{plural}"));
        }
    };
    counted(
        &mut s,
        c.derived_fixed,
        "last contact and next step of every customer",
        "last contact / next step recomputed for",
    );
    counted(
        &mut s,
        c.name_keys_fixed,
        "name sort keys",
        "name sort key recomputed for",
    );
    counted(
        &mut s,
        c.name_parts_dropped,
        "name parts (each the words of its name)",
        "name parts not in the name dropped for",
    );
    if c.caches_changed.is_empty() {
        line(&mut s, true, "measure caches (rebuilt, unchanged)");
    } else {
        line(
            &mut s,
            true,
            &format!(
                "measure caches brought up to date: {} (they follow your changes as they are \
                 used; nothing was wrong)",
                c.caches_changed.join(", ")
            ),
        );
    }
    if c.past_limits.is_empty() {
        line(
            &mut s,
            true,
            "every value within rolo's limits (its backup restores)",
        );
    } else {
        let n = c.past_limits.len();
        s.push_str(&format!(
            "  found  {n} value{} past rolo's limits, kept by an older rolo: a backup would not \
             restore until {} changed (rolo edit)\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it is" } else { "they are" }
        ));
        for p in &c.past_limits {
            s.push_str(&format!("           {}\n", sanitize(p)));
        }
    }
    if c.healthy() {
        s.push_str(if c.fixed_anything() {
            "The database is healthy now.\n"
        } else {
            "The database is healthy; nothing needed fixing.\n"
        });
    } else if c.remaining.is_empty() {
        s.push_str("Change the values above; nothing else is wrong.\n");
    } else {
        s.push_str("Still wrong (doctor can only rebuild what is derived from your rows):\n");
        for p in &c.remaining {
            s.push_str(&format!("  {}\n", sanitize(p)));
        }
        s.push_str(
            "Restore a backup (`rolo backup FILE` makes them), or try `sqlite3 DB .recover` on a copy.\n",
        );
    }
    s
}
