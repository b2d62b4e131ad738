//! Measures of one customer, rolled up over its people for an organization (as `rolo show` does),
//! plus the going-cold status of the account it belongs to.
//!
//! - Revenue: deals won, all time, one amount per currency. Pipeline: open deals (not won or
//!   lost); weighted = Σ value × probability / 100 per currency, rounded half up once per sum.
//! - Contacts: interactions that are not notes. "In the last 30 days" = on one of the 30 local
//!   days ending today (today included). Inbound share = contacts they started / all contacts.
//! - Effort: every interaction logged (notes too: they are work) and the minutes recorded.
//!   Value per hour = revenue × 60 / minutes, per currency; empty when no minutes are logged.
//! - Satisfaction: see [`super::history`]; trend = recent − earlier (negative = worse).
//! - Knowledge: needs/preferences are stale when written more than `needs_fresh_days` ago
//!   (or when their date is unknown).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::assess::{Reason, Rhythm, RhythmSource, assess};
use super::build::live_of;
use super::history::{account_members, history_of, rollup};
use super::period::epoch_days;
use super::{
    InsightConfig, Result, Tier, TierTable, clamp_i64, div_round, money_list, sql_currency,
};
use crate::domain::{Currency, CustomerId, Money, Stage};
use crate::store::{Store, StoreError};

/// Everything measured about one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerMeasures {
    /// The customer.
    pub customer: CustomerId,
    /// How many people are rolled up into these numbers (0 for a person).
    pub people: u32,
    /// Deals won, all time, per currency.
    pub revenue: Vec<Money>,
    /// How many deals were won and lost, all time.
    pub deals_won: u32,
    /// Lost deals.
    pub deals_lost: u32,
    /// Open deals.
    pub open_deals: u32,
    /// Value of the open deals, per currency.
    pub open_pipeline: Vec<Money>,
    /// Value × probability of the open deals, per currency.
    pub weighted_pipeline: Vec<Money>,
    /// The latest contact.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub days_since_contact: Option<i64>,
    /// Contacts in the last 30 days (today included).
    pub contacts_30: u32,
    /// In the last 90 days.
    pub contacts_90: u32,
    /// In the last 365 days.
    pub contacts_365: u32,
    /// All contacts ever.
    pub contacts_total: u32,
    /// Contacts they started.
    pub inbound: u32,
    /// `inbound / contacts_total`, 0.0 to 1.0; `None` without contacts.
    pub inbound_share: Option<f64>,
    /// Ratings.
    pub satisfaction: Satisfaction,
    /// Time spent.
    pub effort: Effort,
    /// Revenue per hour of logged minutes, per currency.
    pub value_per_hour: Vec<Money>,
    /// Freshness of what we know they need.
    pub knowledge: Knowledge,
    /// The account's tier, rhythm and risk (the organization's for one of its people).
    pub account: AccountStatus,
}

/// Satisfaction ratings (1-5) in numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Satisfaction {
    /// How many ratings.
    pub ratings: u32,
    /// Their mean.
    pub average: Option<f64>,
    /// Mean of the latest k ratings (k = min(3, ratings / 2)).
    pub recent: Option<f64>,
    /// Mean of the k ratings before those.
    pub earlier: Option<f64>,
    /// `recent - earlier`; negative when satisfaction fell.
    pub trend: Option<f64>,
}

/// Effort spent on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effort {
    /// Interactions logged (notes included).
    pub interactions: u32,
    /// Minutes logged.
    pub minutes: u64,
}

/// How fresh the needs and preferences are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Knowledge {
    /// Whether any needs are written down.
    pub has_needs: bool,
    /// When they were last written.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whole days since then.
    pub age_days: Option<i64>,
    /// Written down but older than `needs_fresh_days` (or of unknown age): re-check them.
    pub stale: bool,
}

/// Going-cold status of an account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountStatus {
    /// The account (the customer itself, or its organization).
    pub account: CustomerId,
    /// Its tier.
    pub tier: Tier,
    /// Its expected rhythm.
    pub rhythm: Rhythm,
    /// Whole days since its last contact.
    pub days_since_contact: Option<i64>,
    /// Longer without contact than its rhythm.
    pub cold: bool,
    /// The day its rhythm runs out (last contact + rhythm); `None` if never contacted.
    pub contact_due: Option<NaiveDate>,
    /// Its earliest open follow-up.
    pub next_due: Option<NaiveDate>,
    /// Tier base + risk points.
    pub score: u32,
    /// Reasons in words (empty when all is well).
    pub reasons: Vec<Reason>,
}

/// Measures one customer on `today`. `tiers` gives the account's tier (load it once with
/// [`TierTable::load`]); everything else is computed live from indexed queries.
pub fn customer_measures(
    store: &Store,
    id: CustomerId,
    today: NaiveDate,
    cfg: &InsightConfig,
    tiers: &TierTable,
) -> Result<CustomerMeasures> {
    let conn = store.conn();
    let clock = cfg.clock();
    let row: Option<(Option<i64>, String, Option<i64>)> = conn
        .prepare_cached("SELECT org_id, needs, needs_updated_at FROM customers WHERE id = ?1")?
        .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((org_id, needs, needs_at)) = row else {
        return Err(StoreError::NotFound(format!("no customer {id}")).into());
    };
    let ids = rollup(conn, id.0)?;
    let today_day = epoch_days(today);
    let since = |days: i64| clock.day_start(today_day - days + 1);
    let until = clock.day_start(today_day + 1);

    let mut won: Vec<(Currency, i64)> = Vec::new();
    let mut open: Vec<(Currency, i64)> = Vec::new();
    let mut weighted: Vec<(Currency, i128)> = Vec::new();
    let (mut deals_won, mut deals_lost, mut open_deals) = (0u32, 0u32, 0u32);
    let mut deals = conn.prepare_cached(
        "SELECT currency, stage, value_minor, probability FROM deals WHERE customer_id = ?1",
    )?;
    let mut agg = conn.prepare_cached(
        "SELECT count(*), coalesce(sum(minutes), 0), coalesce(sum(kind <> 'note'), 0),
                coalesce(sum(kind <> 'note' AND direction = 'in'), 0),
                coalesce(sum(kind <> 'note' AND occurred_at >= ?2 AND occurred_at < ?5), 0),
                coalesce(sum(kind <> 'note' AND occurred_at >= ?3 AND occurred_at < ?5), 0),
                coalesce(sum(kind <> 'note' AND occurred_at >= ?4 AND occurred_at < ?5), 0),
                max(CASE WHEN kind <> 'note' THEN occurred_at END)
           FROM interactions WHERE customer_id = ?1",
    )?;
    let mut counts = [0i64; 7];
    let mut last: Option<i64> = None;
    for &c in &ids {
        let mut rows = deals.query([c])?;
        while let Some(r) = rows.next()? {
            let currency = sql_currency(r, 0)?;
            let stage: Stage = r.get(1)?;
            let value: i64 = r.get(2)?;
            let probability: i64 = r.get(3)?;
            match stage {
                Stage::Won => {
                    deals_won += 1;
                    won.push((currency, value));
                }
                Stage::Lost => deals_lost += 1,
                _ => {
                    open_deals += 1;
                    open.push((currency, value));
                    weighted.push((currency, i128::from(value) * i128::from(probability)));
                }
            }
        }
        agg.query_row(params![c, since(30), since(90), since(365), until], |r| {
            for (i, slot) in counts.iter_mut().enumerate() {
                *slot += r.get::<_, i64>(i)?;
            }
            last = last.max(r.get(7)?);
            Ok(())
        })?;
    }
    let [interactions, minutes, contacts, inbound, c30, c90, c365] = counts;
    let revenue = money_list(won);
    let minutes = u64::try_from(minutes).unwrap_or(0);
    let value_per_hour = if minutes == 0 {
        Vec::new()
    } else {
        revenue
            .iter()
            .map(|m| Money {
                minor: clamp_i64(div_round(i128::from(m.minor) * 60, i128::from(minutes))),
                currency: m.currency,
            })
            .collect()
    };
    let mut weighted_sums = std::collections::BTreeMap::<Currency, i128>::new();
    for (c, v) in weighted {
        *weighted_sums.entry(c).or_insert(0) += v;
    }
    let weighted_pipeline = money_list(
        weighted_sums
            .into_iter()
            .map(|(c, v)| (c, clamp_i64(div_round(v, 100)))),
    );

    let history = history_of(conn, &ids, clock)?;
    let account_id = org_id.unwrap_or(id.0);
    let members = account_members(conn, account_id)?;
    let account_history = if members == ids {
        history.clone()
    } else {
        history_of(conn, &members, clock)?
    };
    let live = live_of(conn, &members)?;
    let tier = tiers.tier(CustomerId(account_id));
    let a = assess(
        &live.facts(tier, Some(&account_history)),
        today_day,
        clock,
        &cfg.cold,
    );
    let account = AccountStatus {
        account: CustomerId(account_id),
        tier,
        rhythm: a.rhythm,
        days_since_contact: a.days_since,
        cold: a.cold,
        contact_due: live
            .last_contact_at
            .map(|t| clock.date(t) + chrono::Days::new(u64::from(a.rhythm.days))),
        next_due: live
            .next_due
            .as_deref()
            .and_then(crate::store::row::stored_date),
        score: a.score,
        reasons: a.reasons(),
    };

    let has_needs = !needs.trim().is_empty();
    let age_days = needs_at.map(|t| today_day - clock.day(t));
    let knowledge = Knowledge {
        has_needs,
        updated_at: needs_at.and_then(|t| DateTime::from_timestamp(t, 0)),
        age_days,
        stale: has_needs && age_days.is_none_or(|a| a > i64::from(cfg.needs_fresh_days)),
    };
    let to_u32 = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(CustomerMeasures {
        customer: id,
        people: to_u32(ids.len() as i64 - 1),
        revenue,
        deals_won,
        deals_lost,
        open_deals,
        open_pipeline: money_list(open),
        weighted_pipeline,
        last_contact_at: last.and_then(|t| DateTime::from_timestamp(t, 0)),
        days_since_contact: last.map(|t| today_day - clock.day(t)),
        contacts_30: to_u32(c30),
        contacts_90: to_u32(c90),
        contacts_365: to_u32(c365),
        contacts_total: to_u32(contacts),
        inbound: to_u32(inbound),
        inbound_share: (contacts > 0).then(|| inbound as f64 / contacts as f64),
        satisfaction: Satisfaction {
            ratings: history.ratings,
            average: history.rating_avg,
            recent: history.rating_recent,
            earlier: history.rating_earlier,
            trend: history
                .rating_recent
                .zip(history.rating_earlier)
                .map(|(r, e)| r - e),
        },
        effort: Effort {
            interactions: to_u32(interactions),
            minutes,
        },
        value_per_hour,
        knowledge,
        account,
    })
}

impl CustomerMeasures {
    /// The measures as `rolo show` and the dossier say them, one line each (raw text: a
    /// reason may name a deal; sanitize it for a terminal): the account's tier and rhythm
    /// (`account Acme · ` first when they are an organization's, `account` its name), each
    /// risk reason as a line starting `! `, then money, contacts, satisfaction and effort,
    /// and `! ` needs gone stale.
    pub fn lines(&self, account: Option<&str>) -> Vec<String> {
        let a = &self.account;
        let pct = |s: Option<f64>| s.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0));
        let num = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| format!("{v:.1}"));
        let mut out = Vec::new();
        let mut status = format!(
            "{}tier {} · rhythm every {} days ({})",
            account
                .filter(|_| a.account != self.customer)
                .map(|org| format!("account {org} · "))
                .unwrap_or_default(),
            a.tier,
            a.rhythm.days,
            match a.rhythm.source {
                RhythmSource::Cadence => "cadence",
                RhythmSource::Usual => "their usual",
                RhythmSource::Tier => "tier default",
            }
        );
        if a.cold {
            status.push_str(" · GOING COLD");
        }
        out.push(status);
        out.extend(a.reasons.iter().map(|r| format!("! {}", r.text)));
        out.push(format!(
            "revenue {} · open {} · weighted {} · won/lost {}/{}",
            Money::list(&self.revenue),
            Money::list(&self.open_pipeline),
            Money::list(&self.weighted_pipeline),
            self.deals_won,
            self.deals_lost
        ));
        out.push(format!(
            "contacts 30d {} · 90d {} · 365d {} · they started {}",
            self.contacts_30,
            self.contacts_90,
            self.contacts_365,
            pct(self.inbound_share)
        ));
        let s = &self.satisfaction;
        let trend = match s.trend {
            Some(t) if t <= -0.5 => format!(" · falling ({} → {})", num(s.earlier), num(s.recent)),
            Some(t) if t >= 0.5 => format!(" · rising ({} → {})", num(s.earlier), num(s.recent)),
            _ => String::new(),
        };
        out.push(format!(
            "satisfaction {} from {} ratings{trend}",
            num(s.average),
            s.ratings
        ));
        out.push(format!(
            "effort {} interactions, {} h {} min · value per hour {}",
            self.effort.interactions,
            self.effort.minutes / 60,
            self.effort.minutes % 60,
            Money::list(&self.value_per_hour)
        ));
        if self.knowledge.stale {
            out.push(format!(
                "! needs noted {} — re-check them",
                self.knowledge
                    .age_days
                    .map_or_else(|| "long ago".into(), |d| format!("{d} days ago"))
            ));
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
