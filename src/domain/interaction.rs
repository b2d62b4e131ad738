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
    if (1..=5).contains(&r) {
        Ok(r as u8)
    } else {
        Err(format!(
            "rating `{r}` is out of range; use 1 (bad) to 5 (great)"
        ))
    }
}

/// Parses minutes: `20`, `20m`, `1h`, `1h30`, `1:30`.
pub fn parse_minutes(s: &str) -> Result<u32, String> {
    let t = s.trim().to_lowercase();
    let err = || format!("cannot read `{s}` as a duration; write 20, 20m, 1h or 1h30");
    let value = if let Some((h, m)) = t.split_once(':') {
        let h: u32 = h.parse().map_err(|_| err())?;
        let m: u32 = m.parse().map_err(|_| err())?;
        (m < 60).then_some(h * 60 + m)
    } else if let Some((h, rest)) = t.split_once('h') {
        let h: u32 = h.trim().parse().map_err(|_| err())?;
        let rest = rest.trim().trim_end_matches("min").trim_end_matches('m');
        let m: u32 = if rest.is_empty() {
            0
        } else {
            rest.parse().map_err(|_| err())?
        };
        (m < 60).then_some(h * 60 + m)
    } else {
        let m = t.trim_end_matches("min").trim_end_matches('m').trim();
        m.parse().ok()
    };
    match value {
        Some(v) if v <= 24 * 60 => Ok(v),
        Some(_) => Err(format!(
            "`{s}` is more than a day; minutes are per interaction"
        )),
        None => Err(err()),
    }
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
    fn interaction_kind_parses() {
        assert_eq!(InteractionKind::parse("Call"), Some(InteractionKind::Call));
        assert_eq!(InteractionKind::parse("fax"), None);
        assert!(!InteractionKind::Note.is_contact());
    }
}
