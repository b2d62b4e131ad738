//! Fills the cached tables: every account's history numbers and the risk list, all at once or
//! one account at a time.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::assess::{Assessment, Facts, assess};
use super::history::{HistoryStats, account_members, history_all, history_of};
use super::period::Clock;
use super::{ColdConfig, Tier};
use crate::domain::{CustomerKind, DealId, Stage};

/// What the customers table and open deals say about an account right now.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Live {
    pub last_contact_at: Option<i64>,
    /// The earliest open follow-up of any of its customers (YYYY-MM-DD).
    pub next_due: Option<String>,
    pub cadence_days: Option<u32>,
    pub oldest_open_deal: Option<(DealId, String, Stage, i64)>,
    /// The account's own name and kind, when known.
    pub name: Option<(String, CustomerKind)>,
}

impl Live {
    fn add_customer(&mut self, last: Option<i64>, next_due: Option<&str>, cadence: Option<u32>) {
        self.last_contact_at = self.last_contact_at.max(last);
        if let Some(n) = next_due
            && self.next_due.as_deref().is_none_or(|cur| n < cur)
        {
            self.next_due = Some(n.to_string());
        }
        self.cadence_days = match (self.cadence_days, cadence) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    fn add_deal(&mut self, deal: (DealId, String, Stage, i64)) {
        if self
            .oldest_open_deal
            .as_ref()
            .is_none_or(|d| (deal.3, deal.0) < (d.3, d.0))
        {
            self.oldest_open_deal = Some(deal);
        }
    }

    /// Joins the live facts with the tier and history numbers.
    pub(crate) fn facts(&self, tier: Tier, history: Option<&HistoryStats>) -> Facts {
        Facts {
            tier,
            last_contact_at: self.last_contact_at,
            has_next_step: self.next_due.is_some(),
            cadence_days: self.cadence_days,
            usual_gap_days: history.and_then(|h| h.usual_gap_days),
            rating_recent: history.and_then(|h| h.rating_recent),
            rating_earlier: history.and_then(|h| h.rating_earlier),
            oldest_open_deal: self.oldest_open_deal.clone(),
        }
    }
}

/// Stages in which a deal that does not move counts as stuck.
const STUCK_STAGES: &str = "('qualified', 'proposal', 'negotiation')";

fn deal_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<(DealId, String, Stage, i64)> {
    Ok((
        DealId(r.get(at)?),
        r.get(at + 1)?,
        r.get(at + 2)?,
        r.get(at + 3)?,
    ))
}

/// The live facts of the customers an account is made of.
pub(crate) fn live_of(conn: &Connection, members: &[i64]) -> rusqlite::Result<Live> {
    let mut live = Live::default();
    let mut cust = conn.prepare_cached(
        "SELECT last_contact_at, next_due, cadence_days FROM customers WHERE id = ?1",
    )?;
    let mut deal = conn.prepare_cached(&format!(
        "SELECT id, title, stage, stage_changed_at FROM deals
          WHERE customer_id = ?1 AND closed_at IS NULL AND stage IN {STUCK_STAGES}
          ORDER BY stage_changed_at, id LIMIT 1"
    ))?;
    for &m in members {
        let row: Option<(Option<i64>, Option<String>, Option<u32>)> = cust
            .query_row([m], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((last, next, cadence)) = row {
            live.add_customer(last, next.as_deref(), cadence);
        }
        if let Some(d) = deal.query_row([m], |r| deal_row(r, 0)).optional()? {
            live.add_deal(d);
        }
    }
    Ok(live)
}

fn insert_history(conn: &Connection, account: i64, s: &HistoryStats) -> rusqlite::Result<()> {
    if s.contact_days == 0 && s.ratings == 0 {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO account_history(account_id, contact_days, usual_gap_days, ratings,
           rating_avg, rating_recent, rating_earlier) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        account,
        s.contact_days,
        s.usual_gap_days,
        s.ratings,
        s.rating_avg,
        s.rating_recent,
        s.rating_earlier
    ])?;
    Ok(())
}

/// Recomputes every account's history numbers.
pub(crate) fn history_rebuild_all(conn: &Connection, clock: Clock) -> rusqlite::Result<()> {
    let all = history_all(conn, clock)?;
    conn.execute("DELETE FROM account_history", [])?;
    for (account, s) in &all {
        insert_history(conn, *account, s)?;
    }
    Ok(())
}

/// Recomputes one account's history numbers (removes them when the account is gone).
pub(crate) fn history_rebuild_one(
    conn: &Connection,
    account: i64,
    clock: Clock,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM account_history WHERE account_id = ?1")?
        .execute([account])?;
    let members = account_members(conn, account)?;
    if !members.is_empty() {
        insert_history(conn, account, &history_of(conn, &members, clock)?)?;
    }
    Ok(())
}

/// The cached history numbers of one account.
fn cached_history(conn: &Connection, account: i64) -> rusqlite::Result<Option<HistoryStats>> {
    conn.prepare_cached(
        "SELECT usual_gap_days, rating_recent, rating_earlier FROM account_history WHERE account_id = ?1",
    )?
    .query_row([account], |r| {
        Ok(HistoryStats {
            usual_gap_days: r.get(0)?,
            rating_recent: r.get(1)?,
            rating_earlier: r.get(2)?,
            ..HistoryStats::default()
        })
    })
    .optional()
}

/// The cached tier and window revenue of one account.
pub(crate) fn cached_tier(conn: &Connection, account: i64) -> rusqlite::Result<(Tier, i64)> {
    Ok(conn
        .prepare_cached("SELECT tier, revenue_minor FROM account_tiers WHERE account_id = ?1")?
        .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((Tier::C, 0)))
}

fn insert_risk(
    conn: &Connection,
    account: i64,
    revenue: i64,
    a: &Assessment,
    live: &Live,
) -> rusqlite::Result<()> {
    if !a.at_risk() && !a.review() {
        return Ok(());
    }
    let looked_up: (String, CustomerKind);
    let (name, kind) = if let Some((name, kind)) = &live.name {
        (name.as_str(), *kind)
    } else {
        looked_up = conn
            .prepare_cached("SELECT name, kind FROM customers WHERE id = ?1")?
            .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
        (looked_up.0.as_str(), looked_up.1)
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO account_risk(account_id, name, kind, tier, revenue_minor, score, cold, at_risk,
           review, no_next_step, last_contact_at, next_due, days_since, rhythm_days, rhythm_source,
           sat_from, sat_to, stuck_deal_id, stuck_title, stuck_stage, stuck_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                 ?20, ?21)",
    )?
    .execute(params![
        account,
        name,
        kind,
        a.tier,
        revenue,
        a.score,
        a.cold,
        a.at_risk(),
        a.review(),
        a.no_next_step,
        live.last_contact_at,
        live.next_due,
        a.days_since,
        a.rhythm.days,
        a.rhythm.source.as_str(),
        a.satisfaction.map(|s| s.from),
        a.satisfaction.map(|s| s.to),
        a.stuck.as_ref().map(|s| s.deal.0),
        a.stuck.as_ref().map(|s| s.title.as_str()),
        a.stuck.as_ref().map(|s| s.stage),
        a.stuck.as_ref().map(|s| s.days),
    ])?;
    Ok(())
}

/// Rebuilds the whole risk list for a day: one pass over customers, tiers, history, open deals.
pub(crate) fn risk_rebuild_all(
    conn: &Connection,
    today_day: i64,
    clock: Clock,
    cfg: &ColdConfig,
) -> rusqlite::Result<()> {
    let mut live: HashMap<i64, Live> = HashMap::new();
    // Customer -> account for the people of an organization (the others are their own).
    let mut account_of: HashMap<i64, i64> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, org_id, last_contact_at, next_due, cadence_days, name, kind FROM customers",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let org: Option<i64> = r.get(1)?;
            let next: Option<String> = r.get(3)?;
            let l = live.entry(org.unwrap_or(id)).or_default();
            l.add_customer(r.get(2)?, next.as_deref(), r.get(4)?);
            match org {
                Some(org) => {
                    account_of.insert(id, org);
                }
                None => l.name = Some((r.get(5)?, r.get(6)?)),
            }
        }
    }
    {
        // No join: the account of each deal's customer comes from the map above.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT customer_id, id, title, stage, stage_changed_at FROM deals
              WHERE closed_at IS NULL AND stage IN {STUCK_STAGES}"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let customer: i64 = r.get(0)?;
            let account = account_of.get(&customer).copied().unwrap_or(customer);
            let deal = deal_row(r, 1)?;
            if let Some(l) = live.get_mut(&account) {
                l.add_deal(deal);
            }
        }
    }
    let mut tiers: HashMap<i64, (Tier, i64)> = HashMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT account_id, tier, revenue_minor FROM account_tiers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            tiers.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let mut history: HashMap<i64, HistoryStats> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT account_id, usual_gap_days, rating_recent, rating_earlier FROM account_history",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            history.insert(
                r.get(0)?,
                HistoryStats {
                    usual_gap_days: r.get(1)?,
                    rating_recent: r.get(2)?,
                    rating_earlier: r.get(3)?,
                    ..HistoryStats::default()
                },
            );
        }
    }
    conn.execute("DELETE FROM account_risk", [])?;
    // In id order: the table's b-tree grows at its end instead of splitting pages.
    let mut live: Vec<(i64, Live)> = live.into_iter().collect();
    live.sort_unstable_by_key(|(a, _)| *a);
    for (account, l) in live {
        let (tier, revenue) = tiers.get(&account).copied().unwrap_or((Tier::C, 0));
        let a = assess(&l.facts(tier, history.get(&account)), today_day, clock, cfg);
        insert_risk(conn, account, revenue, &a, &l)?;
    }
    Ok(())
}

/// Rebuilds one account's risk row (removes it when the account is gone or not at risk).
pub(crate) fn risk_rebuild_one(
    conn: &Connection,
    account: i64,
    today_day: i64,
    clock: Clock,
    cfg: &ColdConfig,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM account_risk WHERE account_id = ?1")?
        .execute([account])?;
    let members = account_members(conn, account)?;
    if members.is_empty() {
        return Ok(());
    }
    let live = live_of(conn, &members)?;
    let (tier, revenue) = cached_tier(conn, account)?;
    let history = cached_history(conn, account)?;
    let a = assess(&live.facts(tier, history.as_ref()), today_day, clock, cfg);
    insert_risk(conn, account, revenue, &a, &live)
}
