//! A history in numbers: the usual interval between contacts and the satisfaction trend.
//!
//! - Contact days: distinct local days with an interaction that is a contact (notes excluded).
//! - Usual interval: the median gap between the latest 13 contact days (12 gaps), when there
//!   are at least 4 contact days; an even count takes the mean of the middle two, rounded half
//!   up; at least 1 day. Several contacts on one day count once, so a call and an email on the
//!   same day do not make the rhythm "every 0 days".
//! - Satisfaction: every rating (any kind of interaction), in time order. With n ratings,
//!   k = min(3, n / 2): "recent" is the mean of the latest k, "earlier" the mean of the k
//!   before them; no trend with fewer than 2 ratings.

use std::collections::HashMap;

use rusqlite::Connection;

use super::period::Clock;

/// How many of the latest contact days the usual interval looks at.
const LATEST_DAYS: usize = 13;
/// Fewer contact days than this give no usual interval.
const MIN_CONTACT_DAYS: usize = 4;
/// The trend compares at most this many recent ratings with as many earlier ones.
const TREND_K: usize = 3;

/// Numbers of one history.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct HistoryStats {
    pub contact_days: u32,
    pub usual_gap_days: Option<u32>,
    pub ratings: u32,
    pub rating_avg: Option<f64>,
    pub rating_recent: Option<f64>,
    pub rating_earlier: Option<f64>,
}

/// The median gap of the latest contact days; `days_desc` is distinct, newest first.
pub(crate) fn usual_gap(days_desc: &[i64]) -> Option<u32> {
    if days_desc.len() < MIN_CONTACT_DAYS {
        return None;
    }
    let latest = &days_desc[..days_desc.len().min(LATEST_DAYS)];
    let mut gaps: Vec<i64> = latest.windows(2).map(|w| w[0] - w[1]).collect();
    gaps.sort_unstable();
    let n = gaps.len();
    let median = if n % 2 == 1 {
        gaps[n / 2]
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2] + 1) / 2
    };
    Some(u32::try_from(median.max(1)).unwrap_or(u32::MAX))
}

fn mean(xs: &[u8]) -> Option<f64> {
    if xs.is_empty() {
        None
    } else {
        Some(xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len() as f64)
    }
}

/// (recent, earlier) means; `latest` is newest first and holds at least the latest
/// `min(6, n)` of `n` ratings.
pub(crate) fn trend(latest: &[u8], n: usize) -> (Option<f64>, Option<f64>) {
    let k = TREND_K.min(n / 2);
    if k == 0 || latest.len() < 2 * k {
        return (None, None);
    }
    (mean(&latest[..k]), mean(&latest[k..2 * k]))
}

/// Collects one history's interactions in any order.
#[derive(Debug, Default)]
pub(crate) struct HistoryAcc {
    days: Vec<i64>,
    ratings: Vec<(i64, i64, u8)>,
}

impl HistoryAcc {
    /// Adds an interaction: when, its id (orders same-second ratings), whether it is a note,
    /// its rating.
    pub(crate) fn push(&mut self, at: i64, id: i64, note: bool, rating: Option<u8>, clock: Clock) {
        if !note {
            self.days.push(clock.day(at));
        }
        if let Some(r) = rating.filter(|r| (1..=5).contains(r)) {
            self.ratings.push((at, id, r));
        }
    }

    /// The numbers.
    pub(crate) fn finish(mut self) -> HistoryStats {
        self.days.sort_unstable_by(|a, b| b.cmp(a));
        self.days.dedup();
        self.ratings
            .sort_unstable_by_key(|r| std::cmp::Reverse((r.0, r.1)));
        let all: Vec<u8> = self.ratings.iter().map(|r| r.2).collect();
        let (recent, earlier) = trend(&all, all.len());
        HistoryStats {
            contact_days: u32::try_from(self.days.len()).unwrap_or(u32::MAX),
            usual_gap_days: usual_gap(&self.days),
            ratings: u32::try_from(all.len()).unwrap_or(u32::MAX),
            rating_avg: mean(&all),
            rating_recent: recent,
            rating_earlier: earlier,
        }
    }
}

/// The history of some customers taken together (a customer with its people, an account).
pub(crate) fn history_of(
    conn: &Connection,
    customers: &[i64],
    clock: Clock,
) -> rusqlite::Result<HistoryStats> {
    let mut acc = HistoryAcc::default();
    let mut stmt = conn.prepare_cached(
        "SELECT occurred_at, id, kind = 'note', rating FROM interactions WHERE customer_id = ?1",
    )?;
    for &c in customers {
        let mut rows = stmt.query([c])?;
        while let Some(r) = rows.next()? {
            acc.push(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, clock);
        }
    }
    Ok(acc.finish())
}

/// Every account's history in one pass over the interactions (table order, sequential reads).
pub(crate) fn history_all(
    conn: &Connection,
    clock: Clock,
) -> rusqlite::Result<HashMap<i64, HistoryStats>> {
    let account_of = member_accounts(conn)?;
    let mut accs: HashMap<i64, HistoryAcc> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT customer_id, occurred_at, id, kind = 'note', rating FROM interactions",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let customer: i64 = r.get(0)?;
        let account = account_of.get(&customer).copied().unwrap_or(customer);
        accs.entry(account)
            .or_default()
            .push(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, clock);
    }
    Ok(accs.into_iter().map(|(a, acc)| (a, acc.finish())).collect())
}

/// The account of every customer that belongs to one (others are their own account).
pub(crate) fn member_accounts(conn: &Connection) -> rusqlite::Result<HashMap<i64, i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, org_id FROM customers WHERE org_id IS NOT NULL")?;
    let map = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(map)
}

/// The customers an account is made of (empty when the account no longer exists).
pub(crate) fn account_members(conn: &Connection, account: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM customers WHERE id = ?1 AND org_id IS NULL
         UNION ALL SELECT id FROM customers WHERE org_id = ?1",
    )?;
    let ids = stmt
        .query_map([account], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// A customer and its people (what a customer's view rolls up, as the store does).
pub(crate) fn rollup(conn: &Connection, customer: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM customers WHERE id = ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1",
    )?;
    let ids = stmt
        .query_map([customer], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn history_usual_gap_is_the_median() {
        // days 100, 88, 76, 60: gaps 12, 12, 16 -> median 12.
        assert_eq!(usual_gap(&[100, 88, 76, 60]), Some(12));
        // 3 contact days are too few.
        assert_eq!(usual_gap(&[100, 88, 76]), None);
        // gaps 10, 20, 30, 40 -> even count: mean of 20 and 30 = 25.
        assert_eq!(usual_gap(&[200, 190, 170, 140, 100]), Some(25));
        // gaps 1, 2, 2, 5 -> mean of 2 and 2 = 2.
        assert_eq!(usual_gap(&[10, 9, 7, 5, 0]), Some(2));
        // gaps 3, 4, 3, 4 -> sorted 3, 3, 4, 4: mean of 3 and 4 = 3.5, half up -> 4.
        assert_eq!(usual_gap(&[20, 17, 13, 10, 6]), Some(4));
    }

    #[test]
    fn history_usual_gap_looks_at_the_latest_13_days() {
        // 13 recent days every 2 days, then an old gap of 1000: median of the latest 12 gaps = 2.
        let mut days: Vec<i64> = (0..13).map(|i| 5000 - 2 * i).collect();
        days.push(3000);
        assert_eq!(usual_gap(&days), Some(2));
    }

    #[test]
    fn history_trend_compares_latest_k_with_the_k_before() {
        // newest first 2, 3, 3 | 5, 4, 5 (n = 8, k = 3): recent 8/3 = 2.67, earlier 14/3 = 4.67.
        let (r, e) = trend(&[2, 3, 3, 5, 4, 5, 1, 1], 8);
        assert!((r.unwrap() - 8.0 / 3.0).abs() < 1e-9);
        assert!((e.unwrap() - 14.0 / 3.0).abs() < 1e-9);
        // n = 2: k = 1, newest against the one before.
        assert_eq!(trend(&[2, 5], 2), (Some(2.0), Some(5.0)));
        // n = 5: k = 2: (4 + 4) / 2 against (1 + 2) / 2.
        assert_eq!(trend(&[4, 4, 1, 2, 5], 5), (Some(4.0), Some(1.5)));
        // One rating, or none: no trend.
        assert_eq!(trend(&[3], 1), (None, None));
        assert_eq!(trend(&[], 0), (None, None));
    }

    #[test]
    fn history_acc_dedups_days_and_skips_notes() {
        let clock = Clock::new(0);
        let mut acc = HistoryAcc::default();
        let day = 86_400;
        for (t, note, rating) in [
            (10 * day, false, Some(5)),
            (10 * day + 60, false, None), // same day: one contact day
            (20 * day, true, Some(1)),    // a note: no contact day, but its rating counts
            (30 * day, false, None),
            (40 * day, false, Some(3)),
        ] {
            acc.push(t, t, note, rating, clock);
        }
        let s = acc.finish();
        assert_eq!(s.contact_days, 3);
        assert_eq!(s.usual_gap_days, None);
        // ratings in time order 5, 1, 3: mean 3; k = 1: recent 3 vs earlier 1.
        assert_eq!((s.ratings, s.rating_avg), (3, Some(3.0)));
        assert_eq!((s.rating_recent, s.rating_earlier), (Some(3.0), Some(1.0)));
    }
}
