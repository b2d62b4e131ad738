//! Conversions between domain values and `SQLite` columns.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::{
    ContactKind, CustomerKind, Direction, FollowUpStatus, InteractionKind, Repeat, Stage,
};

macro_rules! sql_text_enum {
    ($($name:ident),+) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).ok_or_else(|| {
                    FromSqlError::Other(format!("unknown {} `{s}`", stringify!($name)).into())
                })
            }
        }
    )+};
}
sql_text_enum!(
    CustomerKind,
    ContactKind,
    InteractionKind,
    Direction,
    FollowUpStatus,
    Stage
);

/// Unix seconds to a UTC timestamp (out-of-range values clamp to the epoch).
pub fn ts(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Unix seconds and the nanoseconds past them (a deal's stage change, a follow-up's move:
/// schema v18).
pub fn ts_ns(secs: i64, ns: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, ns).unwrap_or_else(|| ts(secs))
}

/// Optional unix seconds.
pub fn opt_ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(ts)
}

/// The year, month and day of a day written as rolo stores it: `YYYY-MM-DD`, four, two and
/// two digits (`2026-1-5`, `+2026-01-05` and `2026-01-05 ` are not), whether or not they make
/// a day ([`stored_date`] says; the backup check says why not).
pub fn date_parts(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    Some((i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?))
}

/// A day as rolo stores it ([`date_parts`]), a possible one. The one reading of a stored
/// day: the store's, the calendar export's, and the backup check's.
pub fn stored_date(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = date_parts(s)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A stored `YYYY-MM-DD` ([`stored_date`]); a column that holds anything else is an error.
pub fn date(s: &str) -> rusqlite::Result<NaiveDate> {
    stored_date(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("`{s}` is not a day (YYYY-MM-DD)").into(),
        )
    })
}

/// An optional stored date.
pub fn opt_date(s: Option<&str>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

/// A time of day as rolo stores it: `HH:MM`, two digits each, a possible time (`9:30`,
/// `09:30:00` and `24:00` are not). The one reading of a stored time: the store's, the
/// calendar export's, and the backup check's (a backup's times are stored as they are).
pub fn stored_time(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 5 || b[2] != b':' || !digits(0..2) || !digits(3..5) {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// A stored `HH:MM`, if there is one and it is one.
pub fn opt_time(s: Option<String>) -> Option<NaiveTime> {
    s.and_then(|s| stored_time(&s))
}

/// Formats a time of day for storage (what [`stored_time`] reads).
pub fn time_str(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A stored repeat rule.
pub fn opt_repeat(s: Option<String>) -> Option<Repeat> {
    s.and_then(|s| Repeat::parse(&s).ok())
}

/// Formats a date for storage.
pub fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_day_is_yyyy_mm_dd_exactly() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(stored_date("2026-11-23"), d(2026, 11, 23));
        assert_eq!(stored_date("0001-01-01"), d(1, 1, 1));
        assert_eq!(stored_date("9999-12-31"), d(9999, 12, 31));
        assert_eq!(stored_date("2028-02-29"), d(2028, 2, 29));
        for bad in [
            "2026-1-5",
            "2026-01-5",
            "+2026-01-05",
            "2026-01-05 ",
            " 2026-01-05",
            "2026/01/05",
            "20260105",
            "2026-13-01",
            "2026-02-29",
            "2026-00-10",
            "2026-01-00",
            "２０２６-01-05",
            "",
        ] {
            assert_eq!(stored_date(bad), None, "{bad:?}");
        }
        assert_eq!(date_parts("2026-02-30"), Some((2026, 2, 30)));
        assert!(date("2026-1-5").is_err());
    }

    #[test]
    fn a_stored_time_is_hh_mm_exactly() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(stored_time("09:30"), t(9, 30));
        assert_eq!(stored_time("00:00"), t(0, 0));
        assert_eq!(stored_time("23:59"), t(23, 59));
        for bad in [
            "24:00",
            "9:30",
            "09:3",
            "09:30:00",
            "0930",
            "",
            "+9:30",
            "٠٩:٣٠",
            "12:60",
        ] {
            assert_eq!(stored_time(bad), None, "{bad}");
        }
        assert_eq!(time_str(t(7, 5).unwrap()), "07:05");
        assert_eq!(opt_time(Some("07:05".into())), t(7, 5));
        assert_eq!(opt_time(Some("7:05".into())), None);
    }
}
