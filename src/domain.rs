//! Types and pure rules of the CRM: no SQL, no terminal, no clock.

pub mod address;
pub mod contact;
pub mod customer;
pub mod deal;
pub mod follow_up;
pub mod interaction;
pub mod money;
pub mod name;
pub mod text;
pub mod when;

pub use address::AddressParts;
pub use contact::{ContactKind, ContactPoint};
pub use customer::{Customer, CustomerKind};
pub use deal::{Deal, Stage};
pub use follow_up::{FollowUp, FollowUpStatus};
pub use interaction::{Direction, Interaction, InteractionKind};
pub use money::{Currency, Money};
pub use name::NameParts;
pub use when::{Repeat, RepeatUnit};

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }
    };
}

id_type!(
    /// Row id of a customer (person or organization).
    CustomerId,
    "#"
);
id_type!(
    /// Row id of an interaction in the contact history.
    InteractionId,
    ""
);
id_type!(
    /// Row id of a follow-up.
    FollowUpId,
    ""
);
id_type!(
    /// Row id of a deal.
    DealId,
    ""
);

/// Implements `as_str`, `parse` and `ALL` for a fieldless enum stored as text.
macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and displayed spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored spelling (case-insensitive).
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim().to_lowercase();
                match s.as_str() { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn spellings() -> String {
                [$($text),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

    };
}
pub(crate) use text_enum;

/// `n` as a `T` when `range` holds it, else `Err` of what `refusal` says (quoting `n` and the
/// range): the one shape of the range checks (`check_minutes`, `check_cadence_days`,
/// `check_count`, `check_probability`, `check_rating`).
pub fn in_range<T: TryFrom<i64>>(
    n: i64,
    range: std::ops::RangeInclusive<i64>,
    refusal: impl FnOnce() -> String,
) -> Result<T, String> {
    match T::try_from(n) {
        Ok(v) if range.contains(&n) => Ok(v),
        _ => Err(refusal()),
    }
}
