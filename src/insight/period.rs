//! Days and periods: timestamps to local days, the week / month / quarter ending on a day.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::InsightError;

/// Days from 0001-01-01 (day 1 in chrono's count) to 1970-01-01.
const EPOCH_CE: i64 = 719_163;

/// Days since 1970-01-01 of a date.
pub(crate) fn epoch_days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - EPOCH_CE
}

/// The date `n` days after 1970-01-01, clamped to chrono's range.
pub(crate) fn from_epoch_days(n: i64) -> NaiveDate {
    n.checked_add(EPOCH_CE)
        .and_then(|ce| i32::try_from(ce).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if n < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// Turns unix seconds into local days and back, at a fixed offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock {
    offset: i64,
}

impl Clock {
    /// A clock `offset_secs` ahead of UTC.
    pub(crate) fn new(offset_secs: i32) -> Clock {
        Clock {
            offset: offset_secs.into(),
        }
    }

    /// The local day number (days since 1970-01-01) of a timestamp.
    pub(crate) fn day(self, ts: i64) -> i64 {
        ts.saturating_add(self.offset).div_euclid(86_400)
    }

    /// The timestamp at which a local day number starts.
    pub(crate) fn day_start(self, day: i64) -> i64 {
        day.saturating_mul(86_400).saturating_sub(self.offset)
    }

    /// The timestamp at which a date starts, local time.
    pub(crate) fn start(self, date: NaiveDate) -> i64 {
        self.day_start(epoch_days(date))
    }

    /// The local date of a timestamp.
    pub(crate) fn date(self, ts: i64) -> NaiveDate {
        from_epoch_days(self.day(ts))
    }
}

/// The length of a scorecard period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// The 7 days ending on a day.
    Week,
    /// From the same day a month earlier (exclusive) to the day: 2025-02-16 to 2025-03-15.
    #[default]
    Month,
    /// Three months, like [`Period::Month`].
    Quarter,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: &'static [Period] = &[Period::Week, Period::Month, Period::Quarter];

    /// The stored and displayed spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    /// Reads `week`, `month`, `quarter` (also `w`, `m`, `q`, any case).
    pub fn parse(s: &str) -> Result<Period, InsightError> {
        match s.trim().to_lowercase().as_str() {
            "week" | "w" | "weekly" => Ok(Period::Week),
            "month" | "m" | "monthly" => Ok(Period::Month),
            "quarter" | "q" | "quarterly" => Ok(Period::Quarter),
            _ => Err(InsightError::Config(format!(
                "unknown period `{}`; use week, month or quarter",
                s.trim()
            ))),
        }
    }

    /// The period that ends on `end` (inclusive).
    pub fn ending(self, end: NaiveDate) -> PeriodRange {
        let back = match self {
            Period::Week => end.checked_sub_days(chrono::Days::new(7)),
            Period::Month => end.checked_sub_months(Months::new(1)),
            Period::Quarter => end.checked_sub_months(Months::new(3)),
        };
        let start = back
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MIN)
            .min(end);
        PeriodRange { start, end }
    }

    /// The period of the same kind just before `range`.
    pub fn before(self, range: PeriodRange) -> PeriodRange {
        let end = range.start.pred_opt().unwrap_or(NaiveDate::MIN);
        self.ending(end)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A run of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRange {
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
}

impl PeriodRange {
    /// How many days it spans (at least 1).
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days().max(0) + 1
    }

    /// Its timestamps: `[start of first day, start of the day after the last)`.
    pub(crate) fn bounds(self, clock: Clock) -> (i64, i64) {
        let first = epoch_days(self.start);
        let after = epoch_days(self.end) + 1;
        (clock.day_start(first), clock.day_start(after))
    }
}

/// The first day of the month of `d`.
pub(crate) fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn period_month_ends_today_and_previous_is_before() {
        // 2025-03-15 minus one month = 2025-02-15, the period starts the day after.
        let r = Period::Month.ending(d("2025-03-15"));
        assert_eq!((r.start, r.end), (d("2025-02-16"), d("2025-03-15")));
        assert_eq!(r.days(), 28); // 13 days of February + 15 of March
        let p = Period::Month.before(r);
        assert_eq!((p.start, p.end), (d("2025-01-16"), d("2025-02-15")));
    }

    #[test]
    fn period_week_and_quarter() {
        let w = Period::Week.ending(d("2025-03-15"));
        assert_eq!((w.start, w.days()), (d("2025-03-09"), 7));
        let q = Period::Quarter.ending(d("2025-03-31"));
        // 2025-03-31 minus 3 months = 2024-12-31; start the day after.
        assert_eq!(q.start, d("2025-01-01"));
        assert!(Period::parse("fortnight").is_err());
        assert_eq!(Period::parse(" Q ").unwrap(), Period::Quarter);
    }

    #[test]
    fn clock_days_follow_the_offset() {
        let utc = Clock::new(0);
        let ts = 1_700_000_000; // 2023-11-14 22:13:20 UTC
        assert_eq!(utc.date(ts), d("2023-11-14"));
        // Two hours ahead it is already the 15th.
        assert_eq!(Clock::new(7200).date(ts), d("2023-11-15"));
        assert_eq!(utc.start(d("1970-01-02")), 86_400);
        assert_eq!(Clock::new(3600).start(d("1970-01-02")), 86_400 - 3600);
        assert_eq!(
            from_epoch_days(epoch_days(d("2024-02-29"))),
            d("2024-02-29")
        );
        assert_eq!(utc.day(-1), -1);
    }
}
