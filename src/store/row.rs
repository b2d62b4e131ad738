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

/// Optional unix seconds.
pub fn opt_ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(ts)
}

/// A stored `YYYY-MM-DD`.
pub fn date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
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
