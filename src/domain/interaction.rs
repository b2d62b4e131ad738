//! Interactions: the contact history between the customer and the seller.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CustomerId, DealId, InteractionId, text_enum};

/// What kind of contact it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InteractionKind {
    /// A phone or video call.
    Call,
    /// An email.
    Email,
    /// A meeting in person or scheduled online.
    Meeting,
    /// A chat or text message.
    Message,
    /// A visit at their place.
    Visit,
    /// A note to self: not a contact, does not reset "last contact".
    Note,
}
text_enum!(InteractionKind {
    Call => "call",
    Email => "email",
    Meeting => "meeting",
    Message => "message",
    Visit => "visit",
    Note => "note",
});

impl InteractionKind {
    /// Whether this kind counts as contact with the customer.
    pub fn is_contact(self) -> bool {
        self != InteractionKind::Note
    }
}

/// Who started the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// They reached out to us (a good sign).
    In,
    /// We reached out.
    #[default]
    Out,
}
text_enum!(Direction { In => "in", Out => "out" });

/// One logged contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// Row id.
    pub id: InteractionId,
    /// Whose history it belongs to.
    pub customer_id: CustomerId,
    /// Call, email, ...
    pub kind: InteractionKind,
    /// Inbound or outbound.
    pub direction: Direction,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// One line.
    pub summary: String,
    /// Longer notes.
    pub notes: String,
    /// Duration in minutes.
    pub minutes: Option<u32>,
    /// Satisfaction 1-5.
    pub rating: Option<u8>,
    /// The deal it was about.
    pub deal_id: Option<DealId>,
}

/// Validates a satisfaction rating.
pub fn check_rating(r: i64) -> Result<u8, String> {
    super::in_range(r, 1..=5, || {
        format!("rating `{r}` is out of range; use 1 (bad) to 5 (great)")
    })
}

/// The most minutes an interaction may take: a day.
pub const MAX_MINUTES: i64 = 24 * 60;

/// Checks an interaction's duration: 0 to [`MAX_MINUTES`] minutes.
pub fn check_minutes(m: i64) -> Result<u32, String> {
    super::in_range(m, 0..=MAX_MINUTES, || {
        format!("a duration of {m} minutes is out of range (0 to {MAX_MINUTES}, a day)")
    })
}

/// Parses minutes: `20`, `20m`, `1h`, `1h30`, `1:30`; at most a day ([`check_minutes`]).
pub fn parse_minutes(s: &str) -> Result<u32, String> {
    read_minutes(s).unwrap_or_else(|| {
        Err(format!(
            "cannot read `{s}` as a duration; write 20, 20m, 1h or 1h30"
        ))
    })
}

/// Reads minutes as [`parse_minutes`] does: `None` when the text is no duration at all (the
/// palette reads such a word otherwise), `Some(Err(..))` when it is one out of range.
pub fn read_minutes(s: &str) -> Option<Result<u32, String>> {
    let t = s.trim().to_lowercase();
    let too_long = || {
        format!(
            "`{}`: a duration of more than {MAX_MINUTES} minutes is out of range \
             (0 to {MAX_MINUTES}, a day)",
            s.trim()
        )
    };
    // `None`: not digits; `Some(None)`: digits past 64 bits.
    let number = |d: &str| -> Option<Option<i64>> {
        let d = d.trim();
        (!d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())).then(|| d.parse().ok())
    };
    let hours_minutes = |h: &str, m: &str| -> Option<Option<i64>> {
        let (h, m) = (number(h)?, number(m)?);
        match (h, m) {
            (_, Some(m)) if m >= 60 => None,
            (Some(h), Some(m)) => Some(h.checked_mul(60).and_then(|v| v.checked_add(m))),
            _ => Some(None),
        }
    };
    let value = if let Some((h, m)) = t.split_once(':') {
        hours_minutes(h, m)?
    } else if let Some((h, rest)) = t.split_once('h') {
        let rest = rest.trim().trim_end_matches("min").trim_end_matches('m');
        hours_minutes(h, if rest.trim().is_empty() { "0" } else { rest })?
    } else {
        number(t.trim_end_matches("min").trim_end_matches('m'))?
    };
    let Some(value) = value else {
        return Some(Err(too_long()));
    };
    Some(check_minutes(value).map_err(|e| {
        if value.to_string() == s.trim() {
            e
        } else {
            format!("`{}`: {e}", s.trim())
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_minutes_forms() {
        assert_eq!(parse_minutes("20"), Ok(20));
        assert_eq!(parse_minutes("20m"), Ok(20));
        assert_eq!(parse_minutes("1h"), Ok(60));
        assert_eq!(parse_minutes("1h30"), Ok(90));
        assert_eq!(parse_minutes("1:15"), Ok(75));
        assert!(parse_minutes("abc").is_err());
        assert!(parse_minutes("99999").is_err());
    }

    #[test]
    fn minutes_take_up_to_a_day() {
        assert_eq!(check_minutes(0), Ok(0));
        assert_eq!(check_minutes(1440), Ok(1440));
        for m in [1441, -1, i64::MAX] {
            assert_eq!(
                check_minutes(m),
                Err(format!(
                    "a duration of {m} minutes is out of range (0 to 1440, a day)"
                ))
            );
        }
        assert_eq!(parse_minutes("24h"), Ok(1440));
        assert_eq!(
            parse_minutes("23:60"),
            Err("cannot read `23:60` as a duration; write 20, 20m, 1h or 1h30".into())
        );
        assert_eq!(
            parse_minutes("1441"),
            Err("a duration of 1441 minutes is out of range (0 to 1440, a day)".into())
        );
        assert_eq!(
            parse_minutes("24h01"),
            Err("`24h01`: a duration of 1441 minutes is out of range (0 to 1440, a day)".into())
        );
        // Hours that overflowed 32 bits once (a panic in a debug build, a wrong number in a
        // release one: 71582789h was 44 minutes).
        assert_eq!(
            parse_minutes("71582789h"),
            Err(
                "`71582789h`: a duration of 4294967340 minutes is out of range \
                 (0 to 1440, a day)"
                    .into()
            )
        );
        assert_eq!(
            parse_minutes("99999999999999999999999"),
            Err(
                "`99999999999999999999999`: a duration of more than 1440 minutes is out of \
                 range (0 to 1440, a day)"
                    .into()
            )
        );
    }

    #[test]
    fn interaction_kind_parses() {
        assert_eq!(InteractionKind::parse("Call"), Some(InteractionKind::Call));
        assert_eq!(InteractionKind::parse("fax"), None);
        assert!(!InteractionKind::Note.is_contact());
    }
}
