//! The cache stamp and [`refresh`]: what the cached tables were computed from, and bringing
//! them up to date at the least cost.
//!
//! The stamp holds the day, the configuration, the highest row id of customers, interactions,
//! deals and follow-ups, the highest change id of the journal and the latest change not undone.
//! Reading these is a handful of b-tree lookups, so checking freshness costs microseconds.
//!
//! When the stamp differs, the journal says which rows changed: the operations of every change
//! after the latest change that was live at the last refresh (which also covers undone ones,
//! since undo only ever takes back the newest live change), plus rows appended without the
//! journal (bulk loads). Only the accounts those rows belong to are recomputed; tiers are
//! recomputed (≈ one indexed pass over the window's won deals) when a deal or an organization's
//! membership changed or the day changed; the whole risk list is rebuilt when the day changed.
//! Large changes (a bulk import), a new configuration or an empty cache rebuild everything.
//!
//! Not detected: unjournaled edits of existing rows (`Store::write` on old rows, `rolo doctor`
//! recomputing derived columns). Call [`rebuild`] after those.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::build::{history_rebuild_all, history_rebuild_one, risk_rebuild_all, risk_rebuild_one};
use super::period::epoch_days;
use super::{InsightConfig, InsightError, Result, tier};
use crate::store::Store;

/// Beyond this many journal operations or appended rows, a full rebuild is cheaper.
const MAX_CHANGED_ROWS: i64 = 20_000;
/// Beyond this many changed accounts, a full rebuild is cheaper.
const MAX_CHANGED_ACCOUNTS: usize = 2_000;

/// What a refresh had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RefreshMode {
    /// Nothing: the caches were up to date.
    Fresh,
    /// Only what changed.
    Incremental,
    /// Everything.
    Full,
}

/// What [`refresh`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Refreshed {
    /// How much was recomputed.
    pub mode: RefreshMode,
    /// Accounts recomputed one by one (incremental refresh).
    pub accounts: usize,
    /// Whether tiers were recomputed (then a [`super::TierTable`] held by the caller is old).
    pub tiers: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Signature {
    today: String,
    config: String,
    max_change: i64,
    live_change: i64,
    max_customer: i64,
    max_interaction: i64,
    max_deal: i64,
    max_follow_up: i64,
}

fn signature(
    conn: &Connection,
    today: NaiveDate,
    cfg: &InsightConfig,
) -> rusqlite::Result<Signature> {
    let max = |table: &str| -> rusqlite::Result<i64> {
        conn.prepare_cached(&format!("SELECT coalesce(max(id), 0) FROM {table}"))?
            .query_row([], |r| r.get(0))
    };
    let live_change: i64 = conn
        .prepare_cached("SELECT id FROM changes WHERE undone = 0 ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    Ok(Signature {
        today: today.format("%Y-%m-%d").to_string(),
        config: cfg.cache_key(),
        max_change: max("changes")?,
        live_change,
        max_customer: max("customers")?,
        max_interaction: max("interactions")?,
        max_deal: max("deals")?,
        max_follow_up: max("follow_ups")?,
    })
}

fn stored(conn: &Connection) -> rusqlite::Result<Option<Signature>> {
    conn.prepare_cached(
        "SELECT today, config, max_change, live_change, max_customer, max_interaction, max_deal,
                max_follow_up FROM insight_stamp WHERE id = 1",
    )?
    .query_row([], |r| {
        Ok(Signature {
            today: r.get(0)?,
            config: r.get(1)?,
            max_change: r.get(2)?,
            live_change: r.get(3)?,
            max_customer: r.get(4)?,
            max_interaction: r.get(5)?,
            max_deal: r.get(6)?,
            max_follow_up: r.get(7)?,
        })
    })
    .optional()
}

/// Fails with [`InsightError::Stale`] unless the caches match this day, config and data.
pub(crate) fn check_fresh(conn: &Connection, today: NaiveDate, cfg: &InsightConfig) -> Result<()> {
    if stored(conn)?.as_ref() == Some(&signature(conn, today, cfg)?) {
        Ok(())
    } else {
        Err(InsightError::Stale)
    }
}

/// Brings the cached tiers and risk list up to date for `today` and `cfg`; a no-op (a few
/// lookups, no write) when nothing changed. Call it before reading measures, after the user's
/// own writes and when another process changed the file (`Store::data_version`).
pub fn refresh(store: &mut Store, today: NaiveDate, cfg: &InsightConfig) -> Result<Refreshed> {
    cfg.validate()?;
    if check_fresh(store.conn(), today, cfg).is_ok() {
        return Ok(Refreshed {
            mode: RefreshMode::Fresh,
            accounts: 0,
            tiers: false,
        });
    }
    Ok(store.write(|w| update(w.conn(), today, cfg, false))?)
}

/// Recomputes every cache from scratch (after unjournaled edits, or to repair).
pub fn rebuild(store: &mut Store, today: NaiveDate, cfg: &InsightConfig) -> Result<Refreshed> {
    cfg.validate()?;
    Ok(store.write(|w| update(w.conn(), today, cfg, true))?)
}

/// What changed since the stamp: accounts to recompute and whether tiers may have moved.
#[derive(Debug, Default)]
struct Dirty {
    accounts: BTreeSet<i64>,
    tiers: bool,
}

fn update(
    conn: &Connection,
    today: NaiveDate,
    cfg: &InsightConfig,
    force: bool,
) -> crate::store::Result<Refreshed> {
    let cur = signature(conn, today, cfg)?;
    let old = stored(conn)?;
    if !force && old.as_ref() == Some(&cur) {
        return Ok(Refreshed {
            mode: RefreshMode::Fresh,
            accounts: 0,
            tiers: false,
        });
    }
    let clock = cfg.clock();
    let today_day = epoch_days(today);
    let dirty = match &old {
        Some(old) if !force && old.config == cur.config => changed_since(conn, old, &cur)?,
        _ => None,
    };
    let Some(dirty) = dirty else {
        history_rebuild_all(conn, clock)?;
        let comp = tier::compute(conn, today, cfg)?;
        tier::persist(conn, &comp, None)?;
        risk_rebuild_all(conn, today_day, clock, &cfg.cold)?;
        write_stamp(conn, &cur, Some(&comp.summary))?;
        return Ok(Refreshed {
            mode: RefreshMode::Full,
            accounts: 0,
            tiers: true,
        });
    };
    let new_day = old.as_ref().is_none_or(|o| o.today != cur.today);
    for &a in &dirty.accounts {
        history_rebuild_one(conn, a, clock)?;
    }
    let mut again = dirty.accounts.clone();
    let tiers = dirty.tiers || new_day;
    let mut summary = None;
    if tiers {
        let comp = tier::compute(conn, today, cfg)?;
        again.extend(tier::persist(conn, &comp, Some(&dirty.accounts))?);
        summary = Some(comp.summary);
    }
    if new_day || again.len() > MAX_CHANGED_ACCOUNTS {
        risk_rebuild_all(conn, today_day, clock, &cfg.cold)?;
    } else {
        for &a in &again {
            risk_rebuild_one(conn, a, today_day, clock, &cfg.cold)?;
        }
    }
    write_stamp(conn, &cur, summary.as_ref())?;
    Ok(Refreshed {
        mode: RefreshMode::Incremental,
        accounts: dirty.accounts.len(),
        tiers,
    })
}

/// The accounts touched since `old`, or `None` when a full rebuild is cheaper.
fn changed_since(
    conn: &Connection,
    old: &Signature,
    cur: &Signature,
) -> rusqlite::Result<Option<Dirty>> {
    let mut dirty = Dirty::default();
    // Customers touched, with the organization each belonged to before (from the journal).
    let mut customers: Vec<(i64, Option<i64>)> = Vec::new();
    if (old.max_change, old.live_change) != (cur.max_change, cur.live_change) {
        let since: i64 = conn
            .prepare_cached(
                "SELECT id FROM changes WHERE id <= ?1 AND undone = 0 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([old.max_change], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let ops: i64 = conn
            .prepare_cached("SELECT count(*) FROM change_ops WHERE change_id > ?1")?
            .query_row([since], |r| r.get(0))?;
        // Rows an import appended are journaled as ranges, not ops: while the import
        // stands they are found below as rows appended since the stamp; once it is undone
        // they are gone, and with them which accounts they belonged to: rebuild.
        let undone_ranges: bool = conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM change_ranges r JOIN changes c ON c.id = r.change_id
                                WHERE r.change_id > ?1 AND c.undone = 1)",
            )?
            .query_row([since], |r| r.get(0))?;
        if undone_ranges || ops > MAX_CHANGED_ROWS {
            return Ok(None);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT o.tbl, o.op, o.row_id,
                    json_extract(o.old, '$.customer_id'), json_extract(o.old, '$.org_id'),
                    CASE o.tbl
                      WHEN 'interactions' THEN (SELECT customer_id FROM interactions WHERE id = o.row_id)
                      WHEN 'deals' THEN (SELECT customer_id FROM deals WHERE id = o.row_id)
                      WHEN 'follow_ups' THEN (SELECT customer_id FROM follow_ups WHERE id = o.row_id)
                    END,
                    CASE o.tbl WHEN 'customers' THEN (SELECT org_id FROM customers WHERE id = o.row_id) END,
                    (SELECT undone FROM changes WHERE id = o.change_id)
               FROM change_ops o
              WHERE o.change_id > ?1 AND o.tbl IN ('customers', 'interactions', 'deals', 'follow_ups')",
        )?;
        let mut rows = stmt.query([since])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let op: String = r.get(1)?;
            let row_id: i64 = r.get(2)?;
            let old_customer: Option<i64> = r.get(3)?;
            let old_org: Option<i64> = r.get(4)?;
            let live_customer: Option<i64> = r.get(5)?;
            let live_org: Option<i64> = r.get(6)?;
            let undone: bool = r.get(7)?;
            if table == "customers" {
                customers.push((row_id, old_org));
                // An undone update put the old image back: the organization it had then is
                // the one it has now, and the one it was moved to is not in the journal.
                dirty.tiers |= op != "U" || old_org != live_org || undone;
            } else {
                dirty.tiers |= table == "deals";
                customers.extend(
                    old_customer
                        .into_iter()
                        .chain(live_customer)
                        .map(|c| (c, None)),
                );
            }
        }
    }
    // Rows appended without the journal (bulk loads).
    for (table, old_max, cur_max) in [
        ("customers", old.max_customer, cur.max_customer),
        ("interactions", old.max_interaction, cur.max_interaction),
        ("deals", old.max_deal, cur.max_deal),
        ("follow_ups", old.max_follow_up, cur.max_follow_up),
    ] {
        if cur_max <= old_max {
            continue;
        }
        let column = if table == "customers" {
            "id"
        } else {
            "customer_id"
        };
        let n: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE id > ?1"))?
            .query_row([old_max], |r| r.get(0))?;
        if n > MAX_CHANGED_ROWS {
            return Ok(None);
        }
        let mut stmt =
            // NOT INDEXED: a covering index on customer_id would otherwise tempt the planner
            // into scanning every row instead of the rowid range.
            conn.prepare_cached(&format!(
                "SELECT DISTINCT {column} FROM {table} NOT INDEXED WHERE id > ?1"
            ))?;
        let ids = stmt
            .query_map([old_max], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        dirty.tiers |= !ids.is_empty() && matches!(table, "customers" | "deals");
        customers.extend(ids.into_iter().map(|c| (c, None)));
    }
    let mut account_of =
        conn.prepare_cached("SELECT coalesce(org_id, id) FROM customers WHERE id = ?1")?;
    for (customer, old_org) in customers {
        // The customer may have been its own account, may be one now, or may have moved.
        dirty.accounts.insert(customer);
        dirty.accounts.extend(old_org);
        if let Some(a) = account_of.query_row([customer], |r| r.get(0)).optional()? {
            dirty.accounts.insert(a);
        }
        if dirty.accounts.len() > MAX_CHANGED_ACCOUNTS {
            return Ok(None);
        }
    }
    Ok(Some(dirty))
}

fn write_stamp(
    conn: &Connection,
    s: &Signature,
    summary: Option<&tier::TierSummary>,
) -> rusqlite::Result<()> {
    let summary = match summary {
        Some(summary) => serde_json::to_string(summary)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
        None => conn
            .prepare_cached("SELECT tier_summary FROM insight_stamp WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or_else(|| "null".into()),
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO insight_stamp(id, today, config, max_change, live_change,
           max_customer, max_interaction, max_deal, max_follow_up, tier_summary)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        s.today,
        s.config,
        s.max_change,
        s.live_change,
        s.max_customer,
        s.max_interaction,
        s.max_deal,
        s.max_follow_up,
        summary
    ])?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
