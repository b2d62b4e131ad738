//! Repetitions of follow-ups (`every 2 weeks`) and contact cadences (`14d`), as typed.

use chrono::{Datelike, Days, Months, NaiveDate};
use std::fmt;
use std::str::FromStr;

use super::{Unit, WhenError, amount_unit, number, unit_word};

/// A repetition rule: every N days/weeks/months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Repeat {
    /// How many units between occurrences (1..=1000 when parsed).
    pub n: u32,
    /// The unit of `n`.
    pub unit: RepeatUnit,
}

/// The unit of a [`Repeat`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepeatUnit {
    /// Calendar days.
    Days,
    /// Weeks of 7 days.
    Weeks,
    /// Calendar months, clamped to the month end.
    Months,
}

impl Repeat {
    /// Parses `4w`, `10d`, `1m`, `2 weeks`, `every 2 weeks`, `daily`, `weekly`, `biweekly`,
    /// `monthly`, `quarterly` (3m), `yearly` (12m); years become months (`1y` = `12m`).
    /// `n` must be 1..=1000.
    pub fn parse(input: &str) -> Result<Repeat, WhenError> {
        let trimmed = input.trim();
        let err = || WhenError::Repeat {
            input: trimmed.to_string(),
        };
        let lower = trimmed.to_lowercase();
        let mut tokens: Vec<&str> = lower.split_whitespace().collect();
        if tokens.first() == Some(&"every") {
            tokens.remove(0);
        }
        let (n, unit) = match tokens.as_slice() {
            ["daily"] => (1, Unit::Days),
            ["weekly"] => (1, Unit::Weeks),
            ["biweekly" | "fortnightly"] => (2, Unit::Weeks),
            ["monthly"] => (1, Unit::Months),
            ["quarterly"] => (3, Unit::Months),
            ["yearly" | "annually"] => (1, Unit::Years),
            [word]
                if unit_word(word).is_some() && !word.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                (1, unit_word(word).ok_or_else(err)?)
            }
            other => amount_unit(other).map_err(|_| err())?,
        };
        let (n, unit) = match unit {
            Unit::Days => (n, RepeatUnit::Days),
            Unit::Weeks => (n, RepeatUnit::Weeks),
            Unit::Months => (n, RepeatUnit::Months),
            Unit::Years => (n.checked_mul(12).ok_or_else(err)?, RepeatUnit::Months),
        };
        if !(1..=1000).contains(&n) {
            return Err(err());
        }
        Ok(Repeat { n, unit })
    }

    /// The next occurrence after `date`; months clamp to the month end (Jan 31 + 1m = Feb 28/29).
    /// `None` when the result would leave the days rolo keeps (past 9999: `super::in_calendar`).
    #[must_use]
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            RepeatUnit::Days => date.checked_add_days(Days::new(u64::from(self.n))),
            RepeatUnit::Weeks => date.checked_add_days(Days::new(u64::from(self.n) * 7)),
            RepeatUnit::Months => date.checked_add_months(Months::new(self.n)),
        }
        .and_then(super::in_calendar)
    }

    /// The next occurrence after `date` of a series whose months fall on day `anchor` of
    /// the month, or the month's last day in a shorter month: monthly from 31 Jan is 28 Feb,
    /// then 31 Mar (as a calendar's `BYMONTHDAY` rule gives it; [`Repeat::after`] alone
    /// would go on from the 28th). Days and weeks as [`Repeat::after`].
    #[must_use]
    pub fn after_anchored(self, date: NaiveDate, anchor: u32) -> Option<NaiveDate> {
        if self.unit != RepeatUnit::Months {
            return self.after(date);
        }
        let first = date.with_day(1)?.checked_add_months(Months::new(self.n))?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?.day();
        first
            .with_day(anchor.clamp(1, last))
            .and_then(super::in_calendar)
    }

    /// The first occurrence later than `after` of a monthly series whose occurrence `from`
    /// falls on day `anchor` ([`Repeat::after_anchored`] step by step): done late or after
    /// a snooze, the next is the series' next day, not a month after the day it was done
    /// (from 31 Oct, done on 6 Dec: 31 Dec). Days and weeks as [`Repeat::after`] from
    /// `after`.
    #[must_use]
    pub fn next_anchored(
        self,
        from: NaiveDate,
        after: NaiveDate,
        anchor: u32,
    ) -> Option<NaiveDate> {
        if self.unit != RepeatUnit::Months {
            return self.after(after);
        }
        let mut day = self.after_anchored(from, anchor)?;
        while day <= after {
            day = self.after_anchored(day, anchor)?;
        }
        Some(day)
    }

    /// Rough length in days, for sorting and display: days = n, weeks = 7n, months = 30n (saturating).
    #[must_use]
    pub fn approx_days(self) -> u32 {
        match self.unit {
            RepeatUnit::Days => self.n,
            RepeatUnit::Weeks => self.n.saturating_mul(7),
            RepeatUnit::Months => self.n.saturating_mul(30),
        }
    }
}

impl fmt::Display for Repeat {
    /// Compact form that [`Repeat::parse`] reads back: `4w`, `10d`, `1m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            RepeatUnit::Days => 'd',
            RepeatUnit::Weeks => 'w',
            RepeatUnit::Months => 'm',
        };
        write!(f, "{}{unit}", self.n)
    }
}

impl FromStr for Repeat {
    type Err = WhenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Repeat::parse(s)
    }
}

/// A cadence as an edit sets it: `none`, `off` or nothing removes it (`None`), anything else
/// is [`parse_cadence_days`].
pub fn parse_cadence_setting(input: &str) -> Result<Option<u32>, WhenError> {
    match input.trim().to_lowercase().as_str() {
        "none" | "off" | "" => Ok(None),
        _ => parse_cadence_days(input).map(Some),
    }
}

/// Parses a contact cadence into days: "14d"->14, "2w"->14, "1m"->30, "1y"->365, "14"->14,
/// "weekly"->7, "monthly"->30, "quarterly"->91, "yearly"->365; 1 to
/// [`crate::domain::customer::MAX_CADENCE_DAYS`], else an error.
pub fn parse_cadence_days(input: &str) -> Result<u32, WhenError> {
    let trimmed = input.trim();
    let err = || WhenError::Cadence {
        input: trimmed.to_string(),
    };
    let lower = trimmed.to_lowercase();
    let mut tokens: Vec<&str> = lower.split_whitespace().collect();
    if tokens.first() == Some(&"every") {
        tokens.remove(0);
    }
    let days = match tokens.as_slice() {
        ["daily"] => 1,
        ["weekly"] => 7,
        ["biweekly" | "fortnightly"] => 14,
        ["monthly"] => 30,
        ["quarterly"] => 91,
        ["yearly" | "annually"] => 365,
        [digits] if digits.bytes().all(|b| b.is_ascii_digit()) => {
            number::<u32>(digits).map_err(|_| err())?
        }
        other => {
            let (n, unit) = amount_unit(other).map_err(|_| err())?;
            let per = match unit {
                Unit::Days => 1,
                Unit::Weeks => 7,
                Unit::Months => 30,
                Unit::Years => 365,
            };
            n.checked_mul(per).ok_or_else(err)?
        }
    };
    crate::domain::customer::check_cadence_days(i64::from(days)).map_err(|why| {
        WhenError::CadenceRange {
            message: if days.to_string() == trimmed {
                why
            } else {
                format!("`{trimmed}`: {why}")
            },
            input: trimmed.to_string(),
        }
    })
}
