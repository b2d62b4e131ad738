//! A demo customer's story: deals and the contact history (interactions); then follow-ups.

use rusqlite::params;

use super::Gen;
use super::people::Profile;
use super::phrases::{DEAL_TITLES, DEAL_TOPICS, GENERAL_NOTES, TOPICS, Topic};
use crate::domain::InteractionKind::{self, Call, Email, Meeting, Message, Note, Visit};
use crate::domain::{Currency, Stage};
use crate::store::StoreError;

/// A deal's lifetime, for linking interactions to it.
struct Span {
    id: i64,
    from: i64,
    to: i64,
}

/// How far back the contact history reaches, in days.
const HISTORY_DAYS: i64 = 3 * 365;

impl Gen<'_> {
    /// Writes the customer's deals, interactions and follow-ups.
    pub(super) fn history(&mut self, p: &Profile) -> Result<(), StoreError> {
        let mut spans = Vec::with_capacity(p.deals);
        for _ in 0..p.deals {
            if let Some(span) = self.deal(p)? {
                spans.push(span);
            }
        }
        self.interactions(p, &spans)?;
        self.follow_ups(p)
    }

    fn deal(&mut self, p: &Profile) -> Result<Option<Span>, StoreError> {
        let mut stage = if p.dormant {
            if self.chance(0.9) {
                if self.chance(0.55) {
                    Stage::Won
                } else {
                    Stage::Lost
                }
            } else {
                Stage::Lead
            }
        } else {
            let won = if p.key { 45 } else { 30 };
            self.weighted(&[
                (12, Stage::Lead),
                (12, Stage::Qualified),
                (12, Stage::Proposal),
                (9, Stage::Negotiation),
                (won, Stage::Won),
                (20, Stage::Lost),
            ])
        };
        let mut closed = None;
        if stage.is_closed() {
            let lo = if p.dormant { p.last_ago } else { 1 };
            let hi = (p.created_ago - 7).min(730);
            if lo > hi {
                if p.dormant {
                    return Ok(None);
                }
                stage = Stage::Qualified;
            } else {
                closed = Some(self.between(lo, hi));
            }
        }
        let (created_at, stage_changed_at, closed_at, expected) = if let Some(closed_ago) = closed {
            let opened_ago = (closed_ago + self.between(7, 180)).min(p.created_ago);
            let created_at = self.stamp(opened_ago).max(p.created_at);
            let closed_at = self
                .stamp(closed_ago)
                .max(created_at + 3600)
                .min(self.horizon);
            let expected = -closed_ago + self.between(-10, 10);
            (created_at, closed_at, Some(closed_at), expected)
        } else {
            let opened_ago = self.between(1, p.created_ago.min(240));
            let created_at = self.stamp(opened_ago).max(p.created_at);
            let changed = self.between(created_at, self.horizon);
            let expected = match stage {
                Stage::Negotiation => self.between(7, 60),
                Stage::Proposal => self.between(14, 100),
                Stage::Qualified => self.between(30, 150),
                _ => self.between(45, 183),
            };
            (created_at, changed, None, expected)
        };
        let (lo, hi) = if p.key {
            (5_000.0_f64, 250_000.0_f64)
        } else {
            (500.0, 40_000.0)
        };
        let major = (lo.ln() + self.rng.f64() * (hi.ln() - lo.ln())).exp() as i64;
        let major = if major < 5_000 {
            major / 10 * 10
        } else {
            major / 100 * 100
        };
        let currency = if self.chance(0.06) {
            if self.currency == Currency::EUR {
                Currency::USD
            } else {
                self.pick(&[Currency::EUR, Currency::USD])
            }
        } else {
            self.currency
        };
        let minor = major.clamp(500, 250_000) * 10_i64.pow(currency.minor_digits());
        let probability = match stage {
            Stage::Won | Stage::Lost => i64::from(stage.default_probability()),
            _ => (i64::from(stage.default_probability()) + self.pick(&[-5, 0, 0, 0, 5, 10]))
                .clamp(1, 99),
        };
        let mut title = String::new();
        let template = self.pick(DEAL_TITLES);
        self.fill(template, &mut title);
        let expected = self.day(expected);
        let id = self.ins.deal.insert(params![
            p.id,
            title,
            minor,
            currency.as_str(),
            stage.as_str(),
            probability,
            expected,
            created_at,
            stage_changed_at,
            closed_at,
        ])?;
        self.summary.deals += 1;
        Ok(Some(Span {
            id,
            from: created_at,
            to: closed_at.unwrap_or(self.horizon),
        }))
    }

    /// Moments of contact, oldest first: a fifth of customers get much more.
    fn contact_times(&mut self, p: &Profile) -> Vec<i64> {
        let start_ago = p.created_ago.min(HISTORY_DAYS);
        let span = (start_ago - p.last_ago).max(0);
        if p.silent {
            return Vec::new();
        }
        let mean = if p.key { 33.0 } else { 7.2 } * if p.org { 0.4 } else { 1.0 };
        let coverage = (span as f64 / 365.0).clamp(0.25, 1.0);
        let u = self.rng.f64();
        let k = 1 + (-(1.0 - u).ln() * mean * coverage) as usize;
        let mut times = Vec::with_capacity(k);
        times.push(self.contact_day(p.last_ago, start_ago));
        for _ in 1..k {
            let d = self.between(p.last_ago, start_ago);
            times.push(self.contact_day(d, start_ago));
        }
        for t in &mut times {
            *t = (*t).clamp(p.created_at, self.horizon);
        }
        times.sort_unstable();
        times
    }

    /// A moment on day `days_ago`, moved off the weekend when that stays within the history.
    fn contact_day(&mut self, days_ago: i64, limit: i64) -> i64 {
        let weekday = (self.midnight / 86_400 - days_ago + 3).rem_euclid(7); // Monday = 0
        let shift = match weekday {
            5 => 1,
            6 => 2,
            _ => 0,
        };
        let d = if days_ago + shift <= limit && !self.chance(0.05) {
            days_ago + shift
        } else {
            days_ago
        };
        self.stamp(d)
    }

    fn interactions(&mut self, p: &Profile, spans: &[Span]) -> Result<(), StoreError> {
        let times = self.contact_times(p);
        self.contacts.clear();
        let last = times.len().saturating_sub(1);
        let inbound = if p.key {
            0.38
        } else if p.trending_down {
            0.2
        } else {
            0.28
        };
        let mut summary = String::new();
        let mut notes = String::new();
        for (j, &t) in times.iter().enumerate() {
            let kind = if j == last {
                self.weighted(&[
                    (34, Email),
                    (30, Call),
                    (10, Meeting),
                    (12, Message),
                    (6, Visit),
                ])
            } else if p.org {
                self.weighted(&[
                    (25, Email),
                    (15, Call),
                    (20, Meeting),
                    (5, Message),
                    (15, Visit),
                    (20, Note),
                ])
            } else {
                self.weighted(&[
                    (34, Email),
                    (30, Call),
                    (9, Meeting),
                    (10, Message),
                    (6, Visit),
                    (11, Note),
                ])
            };
            let note = kind == Note;
            let direction = if !note && self.chance(inbound) {
                "in"
            } else {
                "out"
            };
            let minutes = match kind {
                Call => Some(self.between(5, 45)),
                Meeting | Visit => Some(self.between(2, 8) * 15),
                Email => Some(self.between(0, 10)),
                Message => Some(self.between(0, 3)),
                Note => None,
            };
            let rating = if !note && self.chance(0.4) {
                Some(self.rating(p.trending_down, j as f64 / last.max(1) as f64))
            } else {
                None
            };
            let deal = spans
                .iter()
                .find(|s| s.from <= t && t <= s.to)
                .map(|s| s.id)
                .filter(|_| self.chance(0.6));
            let topic: &Topic = if deal.is_some() {
                &DEAL_TOPICS[self.rng.u32(..DEAL_TOPICS.len() as u32) as usize]
            } else {
                let i = self.weighted(&TOPIC_WEIGHTS);
                &TOPICS[i].1
            };
            summary.clear();
            notes.clear();
            self.summary_for(topic, kind, &mut summary);
            if self.chance(0.55) {
                let n = self.pick(topic.notes);
                self.fill(n, &mut notes);
                if self.chance(0.35) {
                    notes.push(' ');
                    let g = self.pick(GENERAL_NOTES);
                    self.fill(g, &mut notes);
                }
            }
            let created_at = (t + self.between(60, 3600)).min(self.horizon);
            let id = self.ins.interaction.insert(params![
                p.id,
                kind.as_str(),
                direction,
                t,
                summary,
                notes,
                minutes,
                rating,
                deal,
                created_at,
            ])?;
            self.contacts.push((id, t));
        }
        self.summary.interactions += times.len();
        Ok(())
    }

    /// Appends a summary of `topic` that fits an interaction of `kind`.
    fn summary_for(&mut self, topic: &Topic, kind: InteractionKind, out: &mut String) {
        let letter = kind_letter(kind);
        let fits = |s: &&&str| {
            s.split_once('|')
                .is_some_and(|(k, _)| k == "*" || k.contains(letter))
        };
        let n = topic.summaries.iter().filter(fits).count();
        let chosen = if n == 0 {
            self.pick(topic.summaries)
        } else {
            let k = self.rng.u32(..n as u32) as usize;
            topic
                .summaries
                .iter()
                .filter(fits)
                .nth(k)
                .copied()
                .unwrap_or_default()
        };
        let text = chosen.split_once('|').map_or(chosen, |(_, t)| t);
        self.fill(text, out);
    }

    /// A satisfaction score: mostly 3-5, or falling from 5 to 1-2 over the history.
    fn rating(&mut self, trending_down: bool, progress: f64) -> i64 {
        if trending_down {
            let base = 5.0 - progress * 3.6;
            (base.round() as i64 + self.between(-1, 1) * i64::from(self.chance(0.3))).clamp(1, 5)
        } else {
            self.weighted(&[(30, 5), (40, 4), (20, 3), (7, 2), (3, 1)])
        }
    }
}

/// The letter of `kind` in `Topic::summaries`.
pub(super) fn kind_letter(kind: InteractionKind) -> char {
    match kind {
        Call => 'c',
        Email => 'e',
        Meeting => 'm',
        Message => 's',
        Visit => 'v',
        Note => 'n',
    }
}

/// `TOPICS` weights paired with their indexes, for `Gen::weighted`.
const TOPIC_WEIGHTS: [(u32, usize); 10] = {
    let mut out = [(0, 0); 10];
    let mut i = 0;
    while i < 10 {
        out[i] = (TOPICS[i].0, i);
        i += 1;
    }
    out
};
