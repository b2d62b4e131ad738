//! Deterministic, realistic demo data at any scale (`rolo demo`): same seed and day, same data.

mod follow_up;
mod history;
mod people;
mod phrases;
#[cfg(test)]
mod tests;
mod words;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use rusqlite::{CachedStatement, Connection};
use serde::Serialize;

use crate::domain::Currency;
use crate::store::{Store, StoreError};

/// The most customers one `rolo demo` run makes (guards against a typo like `--customers 1e9`).
pub const MAX_CUSTOMERS: usize = 1_000_000;

/// What to generate, and the "present" the data is relative to.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// How many customers (people and organizations together; about 1 in 7 is an organization).
    pub customers: usize,
    /// The seed of the random generator: the same seed and `today` give the same data.
    pub seed: u64,
    /// The current day: follow-ups and deals are placed around it.
    pub today: chrono::NaiveDate,
    /// The current time (unix seconds): nothing happens after it. The data does not depend
    /// on it otherwise: everything happens before today (the demo day has not begun), so
    /// runs on the same `today` give the same data at any hour.
    pub now: i64,
    /// The currency of most deals (a few are in EUR or USD).
    pub currency: Currency,
}

/// How many rows a demo run created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Customers created, organizations included.
    pub customers: usize,
    /// Of which organizations.
    pub orgs: usize,
    /// Interactions (contact history).
    pub interactions: usize,
    /// Follow-ups, open and closed.
    pub follow_ups: usize,
    /// Deals in every stage.
    pub deals: usize,
}

/// Fills `store` with `opts.customers` demo customers, their history, follow-ups and deals,
/// in one unjournaled bulk transaction. Fails without writing anything when the database
/// already holds demo data of the same seed.
pub fn generate(store: &mut Store, opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    if opts.customers > MAX_CUSTOMERS {
        return Err(StoreError::Invalid(format!(
            "--customers {} is too many; the demo makes at most {MAX_CUSTOMERS}",
            opts.customers
        )));
    }
    let taken: bool = store.conn().query_row(
        "SELECT EXISTS(SELECT 1 FROM customers WHERE uid = ?1)",
        [people::uid(opts.seed, 0)],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::Invalid(format!(
            "this database already holds demo data of seed {}; pass another --seed or --db",
            opts.seed
        )));
    }
    store.bulk(None, |w| Gen::new(w.conn(), opts)?.run(opts.customers))
}

/// Prepared inserts, held for the whole load.
struct Inserts<'c> {
    customer: CachedStatement<'c>,
    contact: CachedStatement<'c>,
    tag: CachedStatement<'c>,
    deal: CachedStatement<'c>,
    interaction: CachedStatement<'c>,
    follow_up: CachedStatement<'c>,
}

/// The generator: one random stream, the clock it is relative to, and the statements.
struct Gen<'c> {
    rng: fastrand::Rng,
    seed: u64,
    today: NaiveDate,
    /// Unix seconds of today's midnight (UTC).
    midnight: i64,
    /// Nothing happens after this: today's midnight, or `now` if that is earlier.
    horizon: i64,
    currency: Currency,
    ins: Inserts<'c>,
    /// Row ids of `words::TAGS`, in order.
    tag_ids: Vec<i64>,
    /// The current customer's city, for `{city}` in phrases.
    city: &'static str,
    /// The current customer's interactions as (id, `occurred_at`), oldest first.
    contacts: Vec<(i64, i64)>,
    summary: DemoSummary,
}

impl<'c> Gen<'c> {
    fn new(conn: &'c Connection, opts: &DemoOptions) -> Result<Gen<'c>, StoreError> {
        let ins = Inserts {
            customer: conn.prepare_cached(
                "INSERT INTO customers(kind, name, org_id, title, address, notes, needs,
                   needs_updated_at, cadence_days, owner, birthday, uid, created_at, updated_at,
                   name_key, name_latin, name_grams)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                   ?17)",
            )?,
            contact: conn.prepare_cached(
                "INSERT INTO contact_points(customer_id, kind, value, norm, label, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            tag: conn.prepare_cached(
                "INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES (?1, ?2)",
            )?,
            deal: conn.prepare_cached(
                "INSERT INTO deals(customer_id, title, value_minor, currency, stage, probability,
                   expected_close, created_at, stage_changed_at, closed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            interaction: conn.prepare_cached(
                "INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary, notes,
                   minutes, rating, deal_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            follow_up: conn.prepare_cached(
                "INSERT INTO follow_ups(customer_id, what, due_date, due_time, original_due, status,
                   done_at, snooze_count, repeat_rule, interaction_id, created_at, series_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
        };
        let mut tag_ids = Vec::with_capacity(words::TAGS.len());
        for tag in words::TAGS {
            conn.prepare_cached("INSERT OR IGNORE INTO tags(name) VALUES (?1)")?
                .execute([tag])?;
            tag_ids.push(
                conn.prepare_cached("SELECT id FROM tags WHERE name = ?1")?
                    .query_row([tag], |r| r.get(0))?,
            );
        }
        let midnight = opts.today.and_time(NaiveTime::MIN).and_utc().timestamp();
        Ok(Gen {
            rng: fastrand::Rng::with_seed(opts.seed),
            seed: opts.seed,
            today: opts.today,
            midnight,
            horizon: midnight.min(opts.now),
            currency: opts.currency,
            ins,
            tag_ids,
            city: "",
            contacts: Vec::new(),
            summary: DemoSummary::default(),
        })
    }

    /// Organizations first (people refer to them), then people; each with its history.
    fn run(mut self, customers: usize) -> Result<DemoSummary, StoreError> {
        let n_orgs = customers / 7;
        let mut orgs = Vec::with_capacity(n_orgs);
        let mut names = std::collections::HashSet::with_capacity(n_orgs);
        for seq in 0..n_orgs {
            orgs.push(self.org(seq, &mut names)?);
        }
        for seq in n_orgs..customers {
            // The first two people guarantee the review queue is never empty.
            let force = match seq - n_orgs {
                0 => Force::Overdue,
                1 => Force::DueToday,
                _ => Force::None,
            };
            self.person(seq, &orgs, force)?;
        }
        self.summary.customers = customers;
        self.summary.orgs = n_orgs;
        Ok(self.summary)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A uniform integer in `lo..=hi`; `lo` when the range is empty.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.i64(lo..=hi) }
    }

    /// One element of a non-empty constant list.
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.u32(..xs.len() as u32) as usize]
    }

    /// One element of a weighted list.
    fn weighted<T: Copy>(&mut self, xs: &[(u32, T)]) -> T {
        let total: u32 = xs.iter().map(|(w, _)| w).sum();
        let mut roll = self.rng.u32(..total.max(1));
        for &(w, x) in xs {
            if roll < w {
                return x;
            }
            roll -= w;
        }
        xs[xs.len() - 1].1
    }

    /// A working-hours moment `days_ago` days before today (yesterday at the latest),
    /// never after the horizon.
    fn stamp(&mut self, days_ago: i64) -> i64 {
        let t = self.midnight - days_ago.max(1) * 86_400 + self.between(8 * 3600, 18 * 3600);
        t.min(self.horizon)
    }

    /// The day `offset` days from today, as stored (`YYYY-MM-DD`).
    fn day(&self, offset: i64) -> String {
        self.date(offset).format("%Y-%m-%d").to_string()
    }

    fn date(&self, offset: i64) -> NaiveDate {
        self.today
            .checked_add_signed(TimeDelta::days(offset))
            .unwrap_or(self.today)
    }

    /// Appends `template` to `out` with its placeholders filled.
    fn fill(&mut self, template: &str, out: &mut String) {
        use std::fmt::Write;
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let year = i64::from(self.today.year());
            match &rest[open + 1..open + close] {
                "product" => out.push_str(self.pick(phrases::PRODUCTS)),
                "fair" => out.push_str(self.pick(phrases::FAIRS)),
                "city" => out.push_str(self.city),
                "n" => {
                    let n = self.pick(&[2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50]);
                    let _ = write!(out, "{n}");
                }
                "pct" => {
                    let n = self.pick(&[3, 5, 7, 8, 10, 12, 15]);
                    let _ = write!(out, "{n}");
                }
                "year" => {
                    let y = year - self.between(0, 1);
                    let _ = write!(out, "{y}");
                }
                "q" => {
                    let q = self.between(1, 4);
                    let _ = write!(out, "{q}");
                }
                "order" => self.digits("PO-#####", out),
                "invoice" => {
                    let y = year - self.between(0, 1);
                    let _ = write!(out, "INV/{y}/");
                    self.digits("####", out);
                }
                "ticket" => self.digits("T-#####", out),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
    }

    /// Appends `pattern` with each `#` replaced by a random digit.
    fn digits(&mut self, pattern: &str, out: &mut String) {
        for c in pattern.chars() {
            if c == '#' {
                out.push(char::from(b'0' + self.rng.u8(0..10)));
            } else {
                out.push(c);
            }
        }
    }
}

/// A follow-up a customer must get, so the review queue of a small demo is never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Force {
    None,
    Overdue,
    DueToday,
}
