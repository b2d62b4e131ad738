//! Value tiers A/B/C by Pareto over won revenue in a window, computed once per refresh and cached.
//!
//! Rules (all deterministic):
//! - Revenue of an account = its deals won with `closed_at` in the window (the `window_months`
//!   months ending today, whole local days), **in the primary currency only**. Other currencies
//!   are not converted: they are reported in [`TierSummary::other_currencies`] and an account
//!   whose revenue is only in other currencies is tier C.
//! - Accounts are ranked by revenue, highest first, ties by account id (lowest first).
//! - An account is A when the revenue of the accounts ranked before it is under 80% of the total,
//!   B when under 95%, else C; so the account that crosses 80% is still A.
//! - Ties: accounts with equal revenue always share a tier, the tier of the first of them.
//!   (This can put a little more than 80% in A.)
//! - Accounts with no revenue are C.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::history::member_accounts;
use super::period::{Clock, epoch_days};
use super::{InsightConfig, InsightError, Result, cache, sql_currency};
use crate::domain::{Currency, CustomerId, CustomerKind, Money};
use crate::store::Store;

/// A value tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// The accounts that together make the first 80% of revenue.
    A,
    /// The next 15%.
    B,
    /// The rest, and accounts with no revenue.
    C,
}

impl Tier {
    /// Every tier, best first.
    pub const ALL: &'static [Tier] = &[Tier::A, Tier::B, Tier::C];

    /// `"A"`, `"B"` or `"C"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
        }
    }

    /// Reads `A`, `B`, `C` (any case).
    pub fn parse(s: &str) -> Option<Tier> {
        match s.trim() {
            "A" | "a" => Some(Tier::A),
            "B" | "b" => Some(Tier::B),
            "C" | "c" => Some(Tier::C),
            _ => None,
        }
    }

    /// The part of a risk score that ranks A before B before C.
    pub(crate) fn score_base(self) -> u32 {
        match self {
            Tier::A => 200,
            Tier::B => 100,
            Tier::C => 0,
        }
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ToSql for Tier {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for Tier {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        Tier::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown tier `{s}`").into()))
    }
}

/// One account placed by [`assign_tiers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ranked {
    pub account: i64,
    pub revenue: i64,
    pub tier: Tier,
    /// 1 = most revenue.
    pub rank: u32,
}

/// Places accounts into tiers by the rules of this module. Input in any order; output by rank.
pub(crate) fn assign_tiers(revenues: &[(i64, i64)]) -> Vec<Ranked> {
    let mut sorted: Vec<(i64, i64)> = revenues.to_vec();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let total: i128 = sorted.iter().map(|r| i128::from(r.1.max(0))).sum();
    let mut before: i128 = 0;
    let mut out = Vec::with_capacity(sorted.len());
    let mut group: Option<(i64, Tier)> = None;
    for (i, &(account, revenue)) in sorted.iter().enumerate() {
        let tier = match group {
            Some((r, t)) if r == revenue => t,
            _ if revenue <= 0 => Tier::C,
            _ if 100 * before < 80 * total => Tier::A,
            _ if 100 * before < 95 * total => Tier::B,
            _ => Tier::C,
        };
        group = Some((revenue, tier));
        before += i128::from(revenue.max(0));
        out.push(Ranked {
            account,
            revenue,
            tier,
            rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
        });
    }
    out
}

/// Customers, revenue and share of each tier, and what was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierSummary {
    /// The primary currency.
    pub currency: Currency,
    /// First day of the window.
    pub window_start: NaiveDate,
    /// Last day of the window (today).
    pub window_end: NaiveDate,
    /// All accounts (organizations with their people, people without one).
    pub accounts: u64,
    /// Revenue in the primary currency over the window.
    pub total: Money,
    /// A, B and C in that order.
    pub tiers: Vec<TierBucket>,
    /// Revenue in the window in other currencies, one entry per currency; not in any tier.
    pub other_currencies: Vec<OtherRevenue>,
}

/// One tier in a [`TierSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierBucket {
    /// Which tier.
    pub tier: Tier,
    /// How many accounts (C includes those with no revenue).
    pub accounts: u64,
    /// Their revenue in the primary currency.
    pub revenue: Money,
    /// Their share of the total revenue, 0.0 to 1.0 (0 when there is no revenue).
    pub share: f64,
}

/// Won revenue in a currency other than the primary one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherRevenue {
    /// The amount (in its own currency).
    pub revenue: Money,
    /// How many accounts won deals in it.
    pub accounts: u64,
    /// How many of them have no revenue in the primary currency (so they are tier C).
    pub accounts_without_primary: u64,
}

/// The result of a tier computation, before it is stored.
pub(crate) struct TierComputation {
    pub ranked: Vec<Ranked>,
    pub summary: TierSummary,
}

/// The window of `cfg` ending on `today`: (first day, last day).
pub(crate) fn window(today: NaiveDate, cfg: &InsightConfig) -> (NaiveDate, NaiveDate) {
    let start = today
        .checked_sub_months(chrono::Months::new(cfg.window_months))
        .and_then(|d| d.succ_opt())
        .unwrap_or(NaiveDate::MIN)
        .min(today);
    (start, today)
}

/// The window of `cfg` ending on `today` as timestamps, from (included) to until
/// (excluded), for a list to read what each customer won in it
/// ([`crate::store::ListFilter::value_window`]), as [`compute`] reads the deals.
pub fn value_window(today: NaiveDate, cfg: &InsightConfig) -> (i64, i64) {
    let clock = Clock::new(cfg.utc_offset_secs);
    let (start, end) = window(today, cfg);
    (clock.start(start), clock.day_start(epoch_days(end) + 1))
}

/// Computes every account's tier from the deals (one indexed pass over the window's deals).
pub(crate) fn compute(
    conn: &Connection,
    today: NaiveDate,
    cfg: &InsightConfig,
) -> rusqlite::Result<TierComputation> {
    let (start, end) = window(today, cfg);
    let (from, until) = value_window(today, cfg);
    // Per customer first, then per account through the membership map: no join into the
    // (wide) customers table for every deal.
    let account_of = member_accounts(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, currency, sum(value_minor) FROM deals
          WHERE closed_at >= ?1 AND closed_at < ?2 AND stage = 'won'
          GROUP BY customer_id, currency",
    )?;
    let mut primary_by: HashMap<i64, i64> = HashMap::new();
    let mut other: HashMap<Currency, (i64, HashSet<i64>)> = HashMap::new();
    let mut rows = stmt.query(params![from, until])?;
    while let Some(r) = rows.next()? {
        let customer: i64 = r.get(0)?;
        let account = account_of.get(&customer).copied().unwrap_or(customer);
        let currency = sql_currency(r, 1)?;
        let minor: i64 = r.get(2)?;
        if currency == cfg.currency {
            let slot = primary_by.entry(account).or_insert(0);
            *slot = slot.saturating_add(minor);
        } else {
            let slot = other.entry(currency).or_default();
            slot.0 = slot.0.saturating_add(minor);
            slot.1.insert(account);
        }
    }
    let primary: Vec<(i64, i64)> = primary_by.into_iter().collect();
    let ranked = assign_tiers(&primary);
    let with_primary: HashSet<i64> = primary
        .iter()
        .filter(|(_, m)| *m > 0)
        .map(|(a, _)| *a)
        .collect();
    let mut other_currencies: Vec<OtherRevenue> = other
        .into_iter()
        .map(|(currency, (minor, accounts))| OtherRevenue {
            revenue: Money { minor, currency },
            accounts: accounts.len() as u64,
            accounts_without_primary: accounts
                .iter()
                .filter(|a| !with_primary.contains(a))
                .count() as u64,
        })
        .collect();
    other_currencies.sort_by_key(|o| o.revenue.currency);
    let accounts = count_accounts(conn)?;
    let summary = summarize(
        &ranked,
        accounts,
        cfg.currency,
        (start, end),
        other_currencies,
    );
    Ok(TierComputation { ranked, summary })
}

/// How many accounts exist: customers without an organization, plus customers with one that
/// have people of their own (nested organizations, rare).
pub(crate) fn count_accounts(conn: &Connection) -> rusqlite::Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM customers)
                  - (SELECT count(*) FROM customers WHERE org_id IS NOT NULL)
                  + (SELECT count(*) FROM customers o WHERE o.org_id IS NOT NULL
                       AND o.id IN (SELECT org_id FROM customers WHERE org_id IS NOT NULL))",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

fn summarize(
    ranked: &[Ranked],
    accounts: u64,
    currency: Currency,
    (window_start, window_end): (NaiveDate, NaiveDate),
    other_currencies: Vec<OtherRevenue>,
) -> TierSummary {
    let total: i64 = ranked
        .iter()
        .map(|r| r.revenue.max(0))
        .fold(0, i64::saturating_add);
    let tiers = Tier::ALL
        .iter()
        .map(|&tier| {
            let members = ranked.iter().filter(|r| r.tier == tier);
            let revenue = members
                .clone()
                .map(|r| r.revenue.max(0))
                .fold(0, i64::saturating_add);
            let mut count = members.count() as u64;
            if tier == Tier::C {
                let ab = ranked.iter().filter(|r| r.tier != Tier::C).count() as u64;
                count = accounts.saturating_sub(ab).max(count);
            }
            TierBucket {
                tier,
                accounts: count,
                revenue: Money {
                    minor: revenue,
                    currency,
                },
                share: if total > 0 {
                    revenue as f64 / total as f64
                } else {
                    0.0
                },
            }
        })
        .collect();
    TierSummary {
        currency,
        window_start,
        window_end,
        accounts,
        total: Money {
            minor: total,
            currency,
        },
        tiers,
        other_currencies,
    }
}

/// Stores a computation; returns the accounts whose tier changed (absent counts as C).
/// With `dirty`, only rows that differ are written, and the per-customer rows are rewritten
/// for the accounts whose tier changed and for `dirty` (whose membership may have changed);
/// without it everything is rewritten.
pub(crate) fn persist(
    conn: &Connection,
    comp: &TierComputation,
    dirty: Option<&BTreeSet<i64>>,
) -> rusqlite::Result<Vec<i64>> {
    let mut old: HashMap<i64, (Tier, i64)> = HashMap::new();
    if dirty.is_some() {
        let mut stmt =
            conn.prepare_cached("SELECT account_id, tier, revenue_minor FROM account_tiers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            old.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    } else {
        conn.execute("DELETE FROM account_tiers", [])?;
    }
    let mut changed = Vec::new();
    {
        let mut upsert = conn.prepare_cached(
            "INSERT OR REPLACE INTO account_tiers(account_id, tier, revenue_minor) VALUES (?1, ?2, ?3)",
        )?;
        for r in comp.ranked.iter().filter(|r| r.revenue > 0) {
            let before = old.remove(&r.account);
            if before != Some((r.tier, r.revenue)) {
                upsert.execute(params![r.account, r.tier, r.revenue])?;
            }
            if before.map_or(Tier::C, |b| b.0) != r.tier {
                changed.push(r.account);
            }
        }
        let mut delete = conn.prepare_cached("DELETE FROM account_tiers WHERE account_id = ?1")?;
        for (account, (tier, _)) in old {
            delete.execute([account])?;
            if tier != Tier::C {
                changed.push(account);
            }
        }
    }
    changed.sort_unstable();
    match dirty {
        None => {
            conn.execute("DELETE FROM customer_tiers", [])?;
            conn.execute_batch(
                "INSERT INTO customer_tiers(customer_id, account_id, tier)
                   SELECT t.account_id, t.account_id, t.tier FROM account_tiers t
                     JOIN customers c ON c.id = t.account_id
                    WHERE t.tier <> 'C' AND c.org_id IS NULL
                 UNION ALL
                   SELECT c.id, t.account_id, t.tier FROM account_tiers t
                     JOIN customers c ON c.org_id = t.account_id
                    WHERE t.tier <> 'C';",
            )?;
        }
        Some(dirty) => {
            let mut delete =
                conn.prepare_cached("DELETE FROM customer_tiers WHERE account_id = ?1")?;
            let mut insert = conn.prepare_cached(
                "INSERT OR REPLACE INTO customer_tiers(customer_id, account_id, tier)
                   SELECT c.id, t.account_id, t.tier FROM account_tiers t JOIN customers c
                     ON c.id = t.account_id AND c.org_id IS NULL
                  WHERE t.account_id = ?1 AND t.tier <> 'C'
                 UNION ALL
                   SELECT c.id, t.account_id, t.tier FROM account_tiers t JOIN customers c
                     ON c.org_id = t.account_id
                  WHERE t.account_id = ?1 AND t.tier <> 'C'",
            )?;
            for &account in changed.iter().chain(dirty) {
                delete.execute([account])?;
                insert.execute([account])?;
            }
        }
    }
    Ok(changed)
}

/// The most ids [`TierTable::load_for`] asks about one by one.
const LOAD_FOR_MAX: usize = 1000;

/// The tier of every customer, loaded once from the cache: a cheap lookup per list row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierTable {
    /// Customers in tier A or B; everyone else is C.
    tiers: HashMap<CustomerId, Tier>,
}

impl TierTable {
    /// Loads the cached tiers (every customer; a person has the tier of their organization).
    /// Fails with [`InsightError::Stale`] unless [`super::refresh`] ran for this day, config and data.
    pub fn load(store: &Store, today: NaiveDate, cfg: &InsightConfig) -> Result<TierTable> {
        cache::check_fresh(store.conn(), today, cfg)?;
        let mut stmt = store
            .conn()
            .prepare_cached("SELECT customer_id, tier FROM customer_tiers")?;
        let tiers = stmt
            .query_map([], |r| Ok((CustomerId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(TierTable { tiers })
    }

    /// Like [`TierTable::load`] but only for `ids` and their accounts: what one screen of a
    /// list or one customer's page needs, without reading every customer's tier.
    pub fn load_for(
        store: &Store,
        today: NaiveDate,
        cfg: &InsightConfig,
        ids: &[CustomerId],
    ) -> Result<TierTable> {
        // Past a few screens' worth, reading every tier is as cheap as asking for these, and
        // an IN list that long would pass SQLite's limit on bound values (32,766).
        if ids.len() > LOAD_FOR_MAX {
            return Self::load(store, today, cfg);
        }
        cache::check_fresh(store.conn(), today, cfg)?;
        let mut tiers = HashMap::new();
        if ids.is_empty() {
            return Ok(TierTable { tiers });
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let sql = format!(
            "SELECT customer_id, tier FROM customer_tiers WHERE customer_id IN ({marks})
               OR customer_id IN (SELECT coalesce(org_id, id) FROM customers WHERE id IN ({marks}))"
        );
        let args: Vec<i64> = ids.iter().chain(ids).map(|i| i.0).collect();
        let mut stmt = store.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((CustomerId(r.get(0)?), r.get(1)?))
        })?;
        for row in rows {
            let (id, tier) = row?;
            tiers.insert(id, tier);
        }
        Ok(TierTable { tiers })
    }

    /// A table from explicit tiers (tests, previews); customers not given are C.
    pub fn from_tiers(tiers: impl IntoIterator<Item = (CustomerId, Tier)>) -> TierTable {
        TierTable {
            tiers: tiers.into_iter().filter(|(_, t)| *t != Tier::C).collect(),
        }
    }

    /// The tier of a customer (C when it has none in the table).
    pub fn tier(&self, id: CustomerId) -> Tier {
        self.tiers.get(&id).copied().unwrap_or(Tier::C)
    }

    /// How many customers (people and organizations) are in tier A or B.
    pub fn count(&self, tier: Tier) -> usize {
        self.tiers.values().filter(|t| **t == tier).count()
    }
}

/// The cached tier summary (what `rolo report` shows about tiers).
pub fn tier_summary(store: &Store, today: NaiveDate, cfg: &InsightConfig) -> Result<TierSummary> {
    cache::check_fresh(store.conn(), today, cfg)?;
    let json: String = store
        .conn()
        .prepare_cached("SELECT tier_summary FROM insight_stamp WHERE id = 1")?
        .query_row([], |r| r.get(0))?;
    serde_json::from_str(&json).map_err(|_| InsightError::Stale)
}

/// One line of the top accounts by revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopAccount {
    /// 1 = most revenue.
    pub rank: u32,
    /// The account (organization or person).
    pub account: CustomerId,
    /// Its name.
    pub name: String,
    /// Person or organization.
    pub kind: CustomerKind,
    /// Its tier.
    pub tier: Tier,
    /// Revenue in the window, primary currency.
    pub revenue: Money,
    /// Its share of the total, 0.0 to 1.0.
    pub share: f64,
}

/// The accounts with the most revenue in the window, best first (windowed).
pub fn top_accounts(
    store: &Store,
    today: NaiveDate,
    cfg: &InsightConfig,
    offset: usize,
    limit: usize,
) -> Result<Vec<TopAccount>> {
    let summary = tier_summary(store, today, cfg)?;
    let total = summary.total.minor;
    let mut stmt = store.conn().prepare_cached(
        "SELECT t.account_id, c.name, c.kind, t.tier, t.revenue_minor
           FROM account_tiers t JOIN customers c ON c.id = t.account_id
          ORDER BY t.revenue_minor DESC, t.account_id LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt
        .query_map(params![limit as i64, offset as i64], |r| {
            let minor: i64 = r.get(4)?;
            Ok(TopAccount {
                rank: 0,
                account: CustomerId(r.get(0)?),
                name: r.get(1)?,
                kind: r.get(2)?,
                tier: r.get(3)?,
                revenue: Money {
                    minor,
                    currency: cfg.currency,
                },
                share: if total > 0 {
                    minor as f64 / total as f64
                } else {
                    0.0
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, t)| TopAccount {
            rank: u32::try_from(offset + i + 1).unwrap_or(u32::MAX),
            ..t
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
