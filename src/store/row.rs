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

/// A stored `HH:MM`.
pub fn opt_time(s: Option<String>) -> Option<NaiveTime> {
    s.and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M").ok())
}

/// A stored repeat rule.
pub fn opt_repeat(s: Option<String>) -> Option<Repeat> {
    s.and_then(|s| Repeat::parse(&s).ok())
}

/// Formats a date for storage.
pub fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
