//! Deals: an opportunity with a value, a stage and a probability.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::MoneyError;
use super::{Currency, CustomerId, DealId, Money, text_enum};

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
    super::in_range(p, 0..=100, || {
        format!("probability `{p}` must be 0 to 100 (percent)")
    })
}

/// The most a deal may be worth, in minor units: 10^15, ten trillion in a currency of cents
/// (10 000 000 000 000.00 EUR), a quadrillion yen. Totals add deals up in 64 bits (`SQLite`'s
/// `sum` refuses to overflow, and `list`, `show`, the CSV export and `doctor` with it): at
/// this size 9 000 of them still fit.
pub const MAX_VALUE_MINOR: i64 = 1_000_000_000_000_000;

/// The range a deal's value must be in, said in its currency: `(0 to 10 000 000 000 000.00 EUR)`.
fn value_range(currency: Currency) -> String {
    let max = Money {
        minor: MAX_VALUE_MINOR,
        currency,
    };
    format!("(0 to {max})")
}

/// Checks a deal's value: 0 to [`MAX_VALUE_MINOR`] minor units.
pub fn check_value(value: Money) -> Result<Money, String> {
    if (0..=MAX_VALUE_MINOR).contains(&value.minor) {
        Ok(value)
    } else {
        Err(format!(
            "a deal's value of {value} is out of range {}",
            value_range(value.currency)
        ))
    }
}

/// Reads a deal's value as typed (an amount with an optional currency, see
/// [`Money::parse_with_currency`]) and checks it ([`check_value`]): how `rolo deal`, the
/// palette's `deal` and the deal form read it.
pub fn parse_value(text: &str, default: Currency) -> Result<Money, String> {
    match Money::parse_with_currency(text, default) {
        Ok(value) => check_value(value),
        // Past 64 bits: out of range the same way, in the words typed.
        Err(MoneyError::TooLarge { input, currency }) => Err(format!(
            "a deal's value of {input} {currency} is out of range {}",
            value_range(currency)
        )),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money {
            minor,
            currency: Currency::EUR,
        }
    }

    #[test]
    fn check_value_takes_up_to_ten_trillion_cents() {
        assert_eq!(check_value(eur(0)), Ok(eur(0)));
        assert_eq!(check_value(eur(MAX_VALUE_MINOR)), Ok(eur(MAX_VALUE_MINOR)));
        assert_eq!(
            check_value(eur(MAX_VALUE_MINOR + 1)),
            Err(
                "a deal's value of 10 000 000 000 000.01 EUR is out of range \
                 (0 to 10 000 000 000 000.00 EUR)"
                    .into()
            )
        );
        assert_eq!(
            check_value(eur(-1)),
            Err(
                "a deal's value of -0.01 EUR is out of range (0 to 10 000 000 000 000.00 EUR)"
                    .into()
            )
        );
        let yen = Money {
            minor: MAX_VALUE_MINOR + 1,
            currency: "JPY".parse().unwrap(),
        };
        assert_eq!(
            check_value(yen),
            Err(
                "a deal's value of 1 000 000 000 000 001 JPY is out of range \
                 (0 to 1 000 000 000 000 000 JPY)"
                    .into()
            )
        );
    }

    #[test]
    fn parse_value_refuses_past_the_limit_in_the_words_typed() {
        assert_eq!(
            parse_value("10 000 000 000 000,00 EUR", Currency::PLN),
            Ok(eur(MAX_VALUE_MINOR))
        );
        assert_eq!(
            parse_value("10000000000000.01", Currency::EUR),
            Err(
                "a deal's value of 10 000 000 000 000.01 EUR is out of range \
                 (0 to 10 000 000 000 000.00 EUR)"
                    .into()
            )
        );
        assert_eq!(
            parse_value("99999999999999999999 usd", Currency::EUR),
            Err(
                "a deal's value of 99999999999999999999 USD is out of range \
                 (0 to 10 000 000 000 000.00 USD)"
                    .into()
            )
        );
        assert_eq!(
            parse_value("12,5 KWD", Currency::EUR),
            Ok(Money {
                minor: 12_500,
                currency: "KWD".parse().unwrap()
            })
        );
        assert_eq!(
            parse_value("-5", Currency::EUR),
            Err("amount `-5` must not be negative".into())
        );
    }

    #[test]
    fn check_probability_takes_0_to_100() {
        assert_eq!(check_probability(0), Ok(0));
        assert_eq!(check_probability(100), Ok(100));
        for p in [101, -1, 256, i64::MAX] {
            assert_eq!(
                check_probability(p),
                Err(format!("probability `{p}` must be 0 to 100 (percent)"))
            );
        }
    }
}
