//! Going cold and risk for one account: the expected rhythm, the score, and its reasons in words.
//!
//! - Rhythm: the shortest explicit cadence on the account or its people; else the account's
//!   usual interval (median gap between its latest contact days, with at least 4 of them);
//!   else the default of its tier ([`super::ColdConfig`]).
//! - Going cold: whole days since the last contact > rhythm. An account never contacted is
//!   not cold (it has nothing to go cold from); it can still have no next step.
//! - Risk points (0-99, summed, capped): cold `min(60, round(20 × days / rhythm))`;
//!   satisfaction fell by 0.5 or more `min(25, round(10 × fall))`; a deal stuck (past `lead`,
//!   stage unmoved for more than `stuck_deal_days`) 15; no open follow-up 5.
//! - Score = tier base (A 200, B 100, C 0) + points, so A accounts rank first.

use serde::{Deserialize, Serialize};

use super::period::Clock;
use super::{ColdConfig, Tier};
use crate::domain::{DealId, Stage};

/// Where an account's expected rhythm comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RhythmSource {
    /// The cadence set on the customer.
    Cadence,
    /// Their own usual interval between contacts.
    Usual,
    /// The default of their tier.
    Tier,
}

impl RhythmSource {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RhythmSource::Cadence => "cadence",
            RhythmSource::Usual => "usual",
            RhythmSource::Tier => "tier",
        }
    }

    pub(crate) fn parse(s: &str) -> RhythmSource {
        match s {
            "cadence" => RhythmSource::Cadence,
            "usual" => RhythmSource::Usual,
            _ => RhythmSource::Tier,
        }
    }
}

/// How often an account is expected to hear from us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    /// Expected days between contacts (at least 1).
    pub days: u32,
    /// Where that number comes from.
    pub source: RhythmSource,
}

/// An open deal whose stage has not moved for too long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StuckDeal {
    /// The deal.
    pub deal: DealId,
    /// Its title.
    pub title: String,
    /// The stage it is stuck in.
    pub stage: Stage,
    /// Days since its stage last changed.
    pub days: i64,
}

/// Satisfaction that fell: earlier ratings against recent ones (see [`super::Satisfaction`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionDrop {
    /// The mean of the earlier ratings.
    pub from: f64,
    /// The mean of the recent ratings.
    pub to: f64,
}

/// What a reason is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// Longer without contact than the rhythm.
    NoContact,
    /// Recent ratings are lower than earlier ones.
    SatisfactionFell,
    /// A deal is stuck in its stage.
    DealStuck,
    /// No open follow-up.
    NoNextStep,
}

/// One reason of a risk score, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// What it is about.
    pub kind: ReasonKind,
    /// Its share of the score.
    pub points: u32,
    /// E.g. "no contact for 41 days, usually every 12".
    pub text: String,
}

/// What an assessment needs to know of an account.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Facts {
    pub tier: Tier,
    pub last_contact_at: Option<i64>,
    pub has_next_step: bool,
    pub cadence_days: Option<u32>,
    pub usual_gap_days: Option<u32>,
    pub rating_recent: Option<f64>,
    pub rating_earlier: Option<f64>,
    /// The open deal past `lead` whose stage moved longest ago, with when it moved.
    pub oldest_open_deal: Option<(DealId, String, Stage, i64)>,
}

/// The going-cold state and risk of an account on a day.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assessment {
    pub tier: Tier,
    pub rhythm: Rhythm,
    pub days_since: Option<i64>,
    pub cold: bool,
    pub no_next_step: bool,
    pub satisfaction: Option<SatisfactionDrop>,
    pub stuck: Option<StuckDeal>,
    pub score: u32,
}

/// Satisfaction must fall by at least this much to count.
const SATISFACTION_FALL: f64 = 0.5;
const STUCK_POINTS: u32 = 15;
const NO_NEXT_STEP_POINTS: u32 = 5;

/// The shortest usual interval taken as a customer's own rhythm.
const MIN_USUAL_DAYS: u32 = 7;

/// The expected rhythm of an account.
pub(crate) fn rhythm(
    cadence: Option<u32>,
    usual: Option<u32>,
    tier: Tier,
    cfg: &ColdConfig,
) -> Rhythm {
    match (cadence, usual) {
        (Some(days), _) => Rhythm {
            days: days.max(1),
            source: RhythmSource::Cadence,
        },
        // A burst of daily contact (an onboarding week) is not a rhythm to hold a customer
        // to: their own interval counts from a week up.
        (None, Some(days)) => Rhythm {
            days: days.max(MIN_USUAL_DAYS),
            source: RhythmSource::Usual,
        },
        (None, None) => Rhythm {
            days: cfg.tier_days(tier).max(1),
            source: RhythmSource::Tier,
        },
    }
}

fn cold_points(days: i64, rhythm: u32) -> u32 {
    let r = i64::from(rhythm.max(1));
    // round(20 * days / r), half up
    let p = (40 * days.max(0) + r) / (2 * r);
    p.clamp(0, 60) as u32
}

fn satisfaction_points(drop: SatisfactionDrop) -> u32 {
    ((drop.from - drop.to) * 10.0).round().clamp(0.0, 25.0) as u32
}

/// Assesses an account on `today_day` (local day number).
pub(crate) fn assess(f: &Facts, today_day: i64, clock: Clock, cfg: &ColdConfig) -> Assessment {
    let rhythm = rhythm(f.cadence_days, f.usual_gap_days, f.tier, cfg);
    let days_since = f.last_contact_at.map(|t| today_day - clock.day(t));
    let cold = days_since.is_some_and(|d| d > i64::from(rhythm.days));
    let satisfaction = match (f.rating_earlier, f.rating_recent) {
        (Some(from), Some(to)) if from - to >= SATISFACTION_FALL - 1e-9 => {
            Some(SatisfactionDrop { from, to })
        }
        _ => None,
    };
    let stuck = f
        .oldest_open_deal
        .as_ref()
        .map(|(deal, title, stage, moved)| StuckDeal {
            deal: *deal,
            title: title.clone(),
            stage: *stage,
            days: today_day - clock.day(*moved),
        })
        .filter(|s| s.days > i64::from(cfg.stuck_deal_days));
    let mut a = Assessment {
        tier: f.tier,
        rhythm,
        days_since,
        cold,
        no_next_step: !f.has_next_step,
        satisfaction,
        stuck,
        score: 0,
    };
    a.score = f.tier.score_base() + a.points().min(99);
    a
}

/// "1 day" / "N days".
fn days_text(n: i64) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

/// Appends "every day" / "every N".
fn push_every(out: &mut String, days: u32) {
    use std::fmt::Write;
    if days == 1 {
        out.push_str("every day");
    } else {
        let _ = write!(out, "every {days}");
    }
}

impl Assessment {
    /// The sum of the reasons' points (as [`Assessment::reasons`], without the words).
    fn points(&self) -> u32 {
        let cold = match (self.cold, self.days_since) {
            (true, Some(days)) => cold_points(days, self.rhythm.days),
            _ => 0,
        };
        cold + self.satisfaction.map_or(0, satisfaction_points)
            + if self.stuck.is_some() {
                STUCK_POINTS
            } else {
                0
            }
            + if self.no_next_step {
                NO_NEXT_STEP_POINTS
            } else {
                0
            }
    }

    /// Going cold, satisfaction fell, or a deal stuck.
    pub(crate) fn at_risk(&self) -> bool {
        self.cold || self.satisfaction.is_some() || self.stuck.is_some()
    }

    /// A valuable (A or B) account going cold or without a next step.
    pub(crate) fn review(&self) -> bool {
        self.tier != Tier::C && (self.cold || self.no_next_step)
    }

    /// The reasons in words, biggest share first.
    pub(crate) fn reasons(&self) -> Vec<Reason> {
        use std::fmt::Write;
        let mut out = Vec::with_capacity(4);
        if let (true, Some(days)) = (self.cold, self.days_since) {
            let r = self.rhythm;
            let mut text = String::with_capacity(48);
            let _ = write!(text, "no contact for {days} {}, ", days_text(days));
            match r.source {
                RhythmSource::Cadence => text.push_str("cadence "),
                RhythmSource::Usual => text.push_str("usually "),
                RhythmSource::Tier => {
                    let _ = write!(text, "tier {} expects ", self.tier);
                }
            }
            push_every(&mut text, r.days);
            out.push(Reason {
                kind: ReasonKind::NoContact,
                points: cold_points(days, r.days),
                text,
            });
        }
        if let Some(drop) = self.satisfaction {
            out.push(Reason {
                kind: ReasonKind::SatisfactionFell,
                points: satisfaction_points(drop),
                text: format!("satisfaction fell from {:.1} to {:.1}", drop.from, drop.to),
            });
        }
        if let Some(s) = &self.stuck {
            out.push(Reason {
                kind: ReasonKind::DealStuck,
                points: STUCK_POINTS,
                text: format!(
                    "deal \"{}\" stuck in {} for {} {}",
                    s.title,
                    s.stage,
                    s.days,
                    days_text(s.days)
                ),
            });
        }
        if self.no_next_step {
            out.push(Reason {
                kind: ReasonKind::NoNextStep,
                points: NO_NEXT_STEP_POINTS,
                text: "no next step planned".into(),
            });
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.points));
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn facts(tier: Tier, last_days_ago: Option<i64>) -> Facts {
        Facts {
            tier,
            last_contact_at: last_days_ago.map(|d| (1000 - d) * DAY + 3600),
            has_next_step: true,
            cadence_days: None,
            usual_gap_days: None,
            rating_recent: None,
            rating_earlier: None,
            oldest_open_deal: None,
        }
    }

    fn run(f: &Facts) -> Assessment {
        assess(f, 1000, Clock::new(0), &ColdConfig::default())
    }

    #[test]
    fn assess_cold_against_usual_interval() {
        let mut f = facts(Tier::A, Some(41));
        f.usual_gap_days = Some(12);
        let a = run(&f);
        assert!(a.cold);
        // round(20 * 41 / 12) = round(68.3) = 68, capped at 60; A base 200.
        assert_eq!(a.score, 260);
        let r = a.reasons();
        assert_eq!(r[0].text, "no contact for 41 days, usually every 12");
        assert_eq!(r[0].points, 60);
        assert!(a.at_risk() && a.review());
    }

    #[test]
    fn assess_rhythm_prefers_cadence_then_usual_then_tier() {
        let cfg = ColdConfig::default();
        assert_eq!(
            rhythm(Some(7), Some(12), Tier::A, &cfg).source,
            RhythmSource::Cadence
        );
        assert_eq!(rhythm(None, Some(12), Tier::A, &cfg).days, 12);
        assert_eq!(
            rhythm(None, None, Tier::B, &cfg),
            Rhythm {
                days: 30,
                source: RhythmSource::Tier
            }
        );
        assert_eq!(rhythm(None, None, Tier::C, &cfg).days, 90);
    }

    #[test]
    fn assess_not_cold_on_the_rhythm_day() {
        // Tier C default 90: 90 days is not more than 90; 91 is.
        assert!(!run(&facts(Tier::C, Some(90))).cold);
        let a = run(&facts(Tier::C, Some(91)));
        assert!(a.cold);
        // round(20 * 91 / 90) = round(20.2) = 20; C base 0.
        assert_eq!(a.score, 20);
        assert_eq!(
            a.reasons()[0].text,
            "no contact for 91 days, tier C expects every 90"
        );
        assert!(!a.review()); // C is not valuable enough for the review queue
    }

    #[test]
    fn assess_satisfaction_stuck_deal_and_no_next_step() {
        let mut f = facts(Tier::B, Some(3));
        f.cadence_days = Some(30);
        f.rating_earlier = Some(4.5);
        f.rating_recent = Some(2.8);
        f.has_next_step = false;
        // stage moved 60 days before day 1000
        f.oldest_open_deal = Some((DealId(7), "Website".into(), Stage::Proposal, 940 * DAY));
        let a = run(&f);
        assert!(!a.cold && a.at_risk());
        // fall 1.7 -> 17 points; stuck 15; no next step 5: 37; B base 100.
        assert_eq!(a.score, 137);
        let texts: Vec<_> = a
            .reasons()
            .into_iter()
            .map(|r| (r.points, r.text))
            .collect();
        assert_eq!(
            texts,
            vec![
                (17, "satisfaction fell from 4.5 to 2.8".to_string()),
                (
                    15,
                    "deal \"Website\" stuck in proposal for 60 days".to_string()
                ),
                (5, "no next step planned".to_string()),
            ]
        );
    }

    #[test]
    fn assess_small_changes_do_not_count() {
        let mut f = facts(Tier::A, None);
        f.rating_earlier = Some(4.0);
        f.rating_recent = Some(3.67); // fell 0.33 < 0.5
        f.oldest_open_deal = Some((DealId(1), "x".into(), Stage::Qualified, 970 * DAY)); // 30 days: not > 30
        let a = run(&f);
        assert!(!a.at_risk());
        assert_eq!(a.days_since, None);
        assert!(!a.cold); // never contacted: not cold
        assert_eq!(a.score, 200);
        assert!(!a.review());
    }
}
