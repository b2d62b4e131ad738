//! Deals: an opportunity with a value, a stage and a probability.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{CustomerId, DealId, Money, text_enum};

/// The pipeline stage of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// A possible opportunity.
    Lead,
    /// Confirmed need and budget.
    Qualified,
    /// An offer was sent.
    Proposal,
    /// Terms are being discussed.
    Negotiation,
    /// Closed and won.
    Won,
    /// Closed and lost.
    Lost,
}
text_enum!(Stage {
    Lead => "lead",
    Qualified => "qualified",
    Proposal => "proposal",
    Negotiation => "negotiation",
    Won => "won",
    Lost => "lost",
});

impl Stage {
    /// The probability a new deal at this stage gets when none is given.
    pub fn default_probability(self) -> u8 {
        match self {
            Stage::Lead => 10,
            Stage::Qualified => 25,
            Stage::Proposal => 50,
            Stage::Negotiation => 75,
            Stage::Won => 100,
            Stage::Lost => 0,
        }
    }

    /// Won or lost.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }
}

/// An opportunity with a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    /// Row id.
    pub id: DealId,
    /// With whom.
    pub customer_id: CustomerId,
    /// The customer's name (joined for display).
    pub customer_name: String,
    /// What it is.
    pub title: String,
    /// Exact value.
    pub value: Money,
    /// Pipeline stage.
    pub stage: Stage,
    /// Chance of winning, 0-100.
    pub probability: u8,
    /// Expected close date.
    pub expected_close: Option<NaiveDate>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When the stage last changed.
    pub stage_changed_at: DateTime<Utc>,
    /// When it was won or lost.
    pub closed_at: Option<DateTime<Utc>>,
}

impl Deal {
    /// Value weighted by probability (open deals only; closed ones weigh 0).
    pub fn weighted(&self) -> Money {
        if self.stage.is_closed() {
            Money::zero(self.value.currency)
        } else {
            self.value.percent(self.probability)
        }
    }
}

/// Validates a probability in percent.
pub fn check_probability(p: i64) -> Result<u8, String> {
    if (0..=100).contains(&p) {
        Ok(p as u8)
    } else {
        Err(format!("probability `{p}` must be 0 to 100 (percent)"))
    }
}
