//! Follow-ups: what to do next, for whom, when.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CustomerId, FollowUpId, InteractionId, Repeat, text_enum};

/// Where a follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowUpStatus {
    /// Still to do.
    Open,
    /// Done.
    Done,
    /// Dropped.
    Cancelled,
}
text_enum!(FollowUpStatus { Open => "open", Done => "done", Cancelled => "cancelled" });

/// A thing to do for a customer on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Row id.
    pub id: FollowUpId,
    /// For whom.
    pub customer_id: CustomerId,
    /// The customer's name (joined for display).
    pub customer_name: String,
    /// What to do.
    pub what: String,
    /// The day it is due.
    pub due_date: NaiveDate,
    /// Optional time of day (local).
    pub due_time: Option<NaiveTime>,
    /// The due date first set (for on-time measures across snoozes).
    pub original_due: NaiveDate,
    /// Open, done or cancelled.
    pub status: FollowUpStatus,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// How often it was snoozed.
    pub snooze_count: u32,
    /// Repetition, if any.
    pub repeat: Option<Repeat>,
    /// The interaction that set it.
    pub interaction_id: Option<InteractionId>,
}

/// The most times a follow-up may have been snoozed, or moved otherwise: counts are read as
/// 32-bit numbers, a snooze adds one, and a calendar's `SEQUENCE` adds them up.
pub const MAX_COUNT: i64 = 1_000_000;

/// Checks how many times a follow-up was snoozed or moved (`what`: `snoozes`, `moves`): 0
/// to [`MAX_COUNT`].
pub fn check_count(n: i64, what: &str) -> Result<u32, String> {
    super::in_range(n, 0..=MAX_COUNT, || {
        format!("a count of {n} {what} is out of range (0 to {MAX_COUNT})")
    })
}

impl FollowUp {
    /// Days overdue as of `today` (0 when not late).
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        (today - self.due_date).num_days().max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_count_takes_up_to_a_million() {
        assert_eq!(check_count(0, "snoozes"), Ok(0));
        assert_eq!(check_count(MAX_COUNT, "snoozes"), Ok(1_000_000));
        for n in [MAX_COUNT + 1, -1, i64::MAX] {
            assert_eq!(
                check_count(n, "moves"),
                Err(format!(
                    "a count of {n} moves is out of range (0 to 1000000)"
                ))
            );
        }
    }
}
