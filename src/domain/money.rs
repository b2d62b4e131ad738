//! Exact money: whole integer minor units plus an ISO 4217 currency code, never floating point.

use std::fmt;
use std::str::FromStr;

/// Why an amount or currency could not be read. Messages quote the input and say what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text does not look like an amount.
    #[error("cannot read `{input}` as an amount; write 12500, 12500.00 or 12 500,50")]
    Unreadable {
        /// The text as typed (trimmed).
        input: String,
    },
    /// More decimals than the currency has minor units (non-zero digits only; trailing zeros are fine).
    #[error("{}", too_many_decimals(*.currency, *.max, .input))]
    TooManyDecimals {
        /// The text as typed (trimmed).
        input: String,
        /// The currency of the amount.
        currency: Currency,
        /// How many decimals the currency allows.
        max: u32,
    },
    /// Not a currency code or a known symbol.
    #[error("unknown currency `{input}`: use a 3-letter ISO code such as PLN, EUR, USD")]
    UnknownCurrency {
        /// The text as typed (trimmed).
        input: String,
    },
    /// The amount does not fit into 64-bit minor units.
    #[error("amount too large: `{input}`")]
    TooLarge {
        /// The text as typed (trimmed).
        input: String,
    },
    /// A minus sign was typed; amounts are never negative.
    #[error("amount `{input}` must not be negative")]
    Negative {
        /// The text as typed (trimmed).
        input: String,
    },
}

fn too_many_decimals(currency: Currency, max: u32, input: &str) -> String {
    match max {
        0 => format!("`{currency}` takes no decimals: `{input}`"),
        1 => format!("`{currency}` takes at most 1 decimal: `{input}`"),
        n => format!("`{currency}` takes at most {n} decimals: `{input}`"),
    }
}

/// An ISO 4217 currency code: three uppercase ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Polish złoty.
    pub const PLN: Currency = Currency(*b"PLN");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");

    /// Reads a currency: any 3 ASCII letters in any case (`pln`, `PLN`), or one of the symbols
    /// `zł` (PLN), `€` (EUR), `$` (USD), `£` (GBP). Surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Currency, MoneyError> {
        let trimmed = s.trim();
        match trimmed.to_lowercase().as_str() {
            "zł" | "zl" => return Ok(Currency::PLN),
            "€" => return Ok(Currency::EUR),
            "$" => return Ok(Currency::USD),
            "£" => return Ok(Currency::GBP),
            _ => {}
        }
        match trimmed.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_alphabetic()) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(MoneyError::UnknownCurrency {
                input: trimmed.to_string(),
            }),
        }
    }

    /// The 3-letter code, e.g. `"PLN"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of decimals of the minor unit: 0 for JPY, KRW, ISK, CLP, VND, XOF, XAF, XPF, UGX,
    /// PYG, KMF, RWF, GNF, DJF, BIF, VUV; 3 for BHD, IQD, JOD, KWD, LYD, OMR, TND; otherwise 2.
    #[must_use]
    pub fn minor_digits(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" | b"XOF" | b"XAF" | b"XPF" | b"UGX"
            | b"PYG" | b"KMF" | b"RWF" | b"GNF" | b"DJF" | b"BIF" | b"VUV" => 0,
            b"BHD" | b"IQD" | b"JOD" | b"KWD" | b"LYD" | b"OMR" | b"TND" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Currency::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An exact amount of money: integer minor units (cents, grosze) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Money {
    /// The amount in minor units: 12500.50 PLN is 1 250 050.
    pub minor: i64,
    /// The currency of the amount.
    pub currency: Currency,
}

/// Characters that only ever group thousands: spaces (regular, no-break, narrow no-break, thin),
/// apostrophes and underscores.
fn is_group_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}' | '_'
    )
}

/// `10^digits` for the few minor-digit counts in use.
fn scale(digits: u32) -> i64 {
    10_i64.pow(digits.min(18))
}

impl Money {
    /// Reads a non-negative amount in `currency`: `12500`, `12500.00`, `12 500,50`,
    /// `12,500.50`, `12.500,50`, `12'500.50`, `1_000`, `.50`.
    ///
    /// Spaces (regular, no-break, narrow no-break, thin), apostrophes and underscores always group
    /// thousands. For `.` and `,`:
    /// * if both appear, the last one is the decimal separator and the other groups thousands;
    /// * if one of them appears several times, it groups thousands (`1,234,567`);
    /// * if one of them appears once, it is the decimal separator unless it is followed by exactly
    ///   3 digits and preceded by 1 to 3 plain digits, in which case it groups thousands:
    ///   `12,500` is 12500 and `1.234` is 1234, `12,5` is 12.50, while `1234.567` has a decimal
    ///   point. Exception: for 3-decimal currencies (KWD, BHD, ...) a single separator is always
    ///   the decimal point (`1.234 KWD` is 1.234), so [`Money::major_string`] always reads back.
    ///
    /// Thousands groups must be well formed (1–3 digits, then groups of exactly 3). Decimals beyond
    /// the currency's minor digits are rejected unless they are zeros. A leading minus is rejected.
    pub fn parse(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        let input = amount.trim();
        let unreadable = || MoneyError::Unreadable {
            input: input.to_string(),
        };
        if input.starts_with(['-', '\u{2212}']) {
            return Err(MoneyError::Negative {
                input: input.to_string(),
            });
        }
        if !input.chars().any(|c| c.is_ascii_digit())
            || !input
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_char(c))
        {
            return Err(unreadable());
        }
        let (int_part, frac_part) = match decimal_position(input, currency) {
            Some(pos) => (&input[..pos], &input[pos + 1..]),
            None => (input, ""),
        };
        if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unreadable());
        }
        let int_digits = integer_digits(int_part).ok_or_else(unreadable)?;
        if int_digits.is_empty() && frac_part.is_empty() {
            return Err(unreadable());
        }
        let max = currency.minor_digits();
        let (kept, dropped) = frac_part.split_at(frac_part.len().min(max as usize));
        if dropped.bytes().any(|b| b != b'0') {
            return Err(MoneyError::TooManyDecimals {
                input: input.to_string(),
                currency,
                max,
            });
        }
        let too_large = || MoneyError::TooLarge {
            input: input.to_string(),
        };
        let mut minor: i64 = 0;
        for digit in int_digits.bytes().chain(kept.bytes()) {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(digit - b'0')))
                .ok_or_else(too_large)?;
        }
        for _ in kept.len()..max as usize {
            minor = minor.checked_mul(10).ok_or_else(too_large)?;
        }
        Ok(Money { minor, currency })
    }

    /// Reads an amount with an optional currency before or after it: `12500.00 PLN`,
    /// `PLN 12500`, `€1,200.50`, `1 200,50 zł`, `$ 100`; a bare amount takes `default`.
    pub fn parse_with_currency(text: &str, default: Currency) -> Result<Money, MoneyError> {
        let input = text.trim();
        let is_symbol = |c: char| matches!(c, '€' | '$' | '£');
        let leading: usize = input
            .char_indices()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let trailing: usize = input
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(input.len(), |(i, _)| i);
        let (code, rest) = if leading > 0 {
            input.split_at(leading)
        } else if trailing < input.len() {
            let (rest, code) = input.split_at(trailing);
            (code, rest)
        } else if let Some(first) = input.chars().next().filter(|c| is_symbol(*c)) {
            input.split_at(first.len_utf8())
        } else if let Some(last) = input.chars().next_back().filter(|c| is_symbol(*c)) {
            let (rest, code) = input.split_at(input.len() - last.len_utf8());
            (code, rest)
        } else {
            return Money::parse(input, default);
        };
        let currency = Currency::parse(code)?;
        if rest.trim().is_empty() {
            return Err(MoneyError::Unreadable {
                input: input.to_string(),
            });
        }
        Money::parse(rest, currency).map_err(|err| match err {
            MoneyError::Unreadable { .. } => MoneyError::Unreadable {
                input: input.to_string(),
            },
            other => other,
        })
    }

    /// Plain decimal string without grouping or currency, for CSV/JSON: `"12500.00"`, `"-3.50"`, `"500"` (JPY).
    #[must_use]
    pub fn major_string(&self) -> String {
        let (sign, int, frac) = self.split();
        match frac {
            Some(frac) => format!("{sign}{int}.{frac}"),
            None => format!("{sign}{int}"),
        }
    }

    /// Sign, whole major units and zero-padded minor digits (absent for 0-decimal currencies).
    fn split(&self) -> (&'static str, u64, Option<String>) {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let digits = self.currency.minor_digits();
        if digits == 0 {
            return (sign, abs, None);
        }
        let scale = scale(digits).unsigned_abs();
        let width = digits as usize;
        (sign, abs / scale, Some(format!("{:0width$}", abs % scale)))
    }

    /// Nothing, in `currency`.
    #[must_use]
    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// The sum, or `None` if the currencies differ or the sum overflows.
    #[must_use]
    pub fn checked_add(self, other: Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        Some(Money {
            minor: self.minor.checked_add(other.minor)?,
            currency: self.currency,
        })
    }

    /// `value * pct / 100` in minor units, rounded half away from zero, for weighted pipeline.
    /// Percentages above 100 multiply; a result beyond the 64-bit range saturates.
    #[must_use]
    pub fn percent(self, pct: u8) -> Money {
        let product = i128::from(self.minor) * i128::from(pct);
        let mut quotient = product / 100;
        let remainder = product % 100;
        if remainder.abs() * 2 >= 100 {
            quotient += product.signum();
        }
        let minor =
            i64::try_from(quotient).unwrap_or(if quotient < 0 { i64::MIN } else { i64::MAX });
        Money {
            minor,
            currency: self.currency,
        }
    }
}

/// Where the decimal separator is, if any (see [`Money::parse`] for the rule).
fn decimal_position(input: &str, currency: Currency) -> Option<usize> {
    let last_dot = input.rfind('.');
    let last_comma = input.rfind(',');
    match (last_dot, last_comma) {
        (None, None) => None,
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(pos), None) | (None, Some(pos)) => {
            let sep = &input[pos..=pos];
            if input.matches(sep).count() > 1 {
                return None;
            }
            let before = &input[..pos];
            let after = &input[pos + 1..];
            let groups_thousands = currency.minor_digits() != 3
                && after.len() == 3
                && after.bytes().all(|b| b.is_ascii_digit())
                && (1..=3).contains(&before.len())
                && before.bytes().all(|b| b.is_ascii_digit());
            if groups_thousands { None } else { Some(pos) }
        }
    }
}

/// The digits of the integer part with well-formed thousands grouping removed; `None` if the
/// grouping is malformed (`12,5,0`, `1  000`) or another separator is left in it.
fn integer_digits(int_part: &str) -> Option<String> {
    let groups: Vec<&str> = int_part
        .split(|c: char| c == '.' || c == ',' || is_group_char(c))
        .collect();
    if let [only] = groups.as_slice() {
        return Some((*only).to_string());
    }
    let (first, rest) = groups.split_first()?;
    let well_formed = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
    well_formed.then(|| groups.concat())
}

impl fmt::Display for Money {
    /// `12 500.00 PLN`: thousands grouped with a regular space, minor digits per currency,
    /// negative amounts with a leading `-`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, int, frac) = self.split();
        let digits = int.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(' ');
            }
            grouped.push(ch);
        }
        match frac {
            Some(frac) => write!(f, "{sign}{grouped}.{frac} {}", self.currency),
            None => write!(f, "{sign}{grouped} {}", self.currency),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    fn m(minor: i64, code: &str) -> Money {
        Money {
            minor,
            currency: cur(code),
        }
    }

    #[rstest]
    #[case("PLN", "PLN")]
    #[case("pln", "PLN")]
    #[case(" eUr ", "EUR")]
    #[case("zł", "PLN")]
    #[case("ZŁ", "PLN")]
    #[case("€", "EUR")]
    #[case("$", "USD")]
    #[case("£", "GBP")]
    #[case("jpy", "JPY")]
    fn parses_currencies(#[case] input: &str, #[case] code: &str) {
        let currency = Currency::parse(input).unwrap();
        assert_eq!(currency.as_str(), code);
        assert_eq!(currency.to_string(), code);
        assert_eq!(code.parse::<Currency>(), Ok(currency));
    }

    #[rstest]
    #[case("")]
    #[case("XX")]
    #[case("EURO")]
    #[case("P1N")]
    #[case("ŁŁŁ")]
    #[case("€€")]
    #[case("E U")]
    fn rejects_currencies(#[case] input: &str) {
        assert!(matches!(
            Currency::parse(input),
            Err(MoneyError::UnknownCurrency { .. })
        ));
    }

    #[rstest]
    #[case("PLN", 2)]
    #[case("EUR", 2)]
    #[case("HUF", 2)]
    #[case("JPY", 0)]
    #[case("KRW", 0)]
    #[case("ISK", 0)]
    #[case("VUV", 0)]
    #[case("KWD", 3)]
    #[case("BHD", 3)]
    #[case("TND", 3)]
    fn minor_digits(#[case] code: &str, #[case] digits: u32) {
        assert_eq!(cur(code).minor_digits(), digits);
    }

    #[rstest]
    #[case("12500", "PLN", 1_250_000)]
    #[case("12500.00", "PLN", 1_250_000)]
    #[case("12500.5", "PLN", 1_250_050)]
    #[case("12 500,50", "PLN", 1_250_050)]
    #[case("12,500.50", "PLN", 1_250_050)]
    #[case("12.500,50", "PLN", 1_250_050)]
    #[case("12'500.50", "PLN", 1_250_050)]
    #[case("12\u{2019}500.50", "CHF", 1_250_050)]
    #[case("1_000", "PLN", 100_000)]
    #[case("12\u{a0}500,50", "PLN", 1_250_050)]
    #[case("12\u{202f}500,50", "PLN", 1_250_050)]
    #[case("12\u{2009}500,50", "PLN", 1_250_050)]
    #[case("  7  ", "PLN", 700)]
    #[case("12,500", "PLN", 1_250_000)]
    #[case("1.234", "PLN", 123_400)]
    #[case("1.234", "KWD", 1234)]
    #[case("1,234", "KWD", 1234)]
    #[case("1,234.567", "KWD", 1_234_567)]
    #[case("1.234,567", "KWD", 1_234_567)]
    #[case("1234.567", "KWD", 1_234_567)]
    #[case("12,5", "PLN", 1250)]
    #[case("12,50", "PLN", 1250)]
    #[case("0,99", "EUR", 99)]
    #[case(".50", "EUR", 50)]
    #[case("12.", "EUR", 1200)]
    #[case("1,234,567", "USD", 123_456_700)]
    #[case("1.234.567,89", "EUR", 123_456_789)]
    #[case("1 234 567.89", "EUR", 123_456_789)]
    #[case("12500.000", "PLN", 1_250_000)]
    #[case("0", "PLN", 0)]
    #[case("500", "JPY", 500)]
    #[case("1,500", "JPY", 1500)]
    #[case("500.00", "JPY", 500)]
    #[case("1.5", "KWD", 1500)]
    #[case("92233720368547758.07", "PLN", i64::MAX)]
    #[case("9223372036854775807", "JPY", i64::MAX)]
    fn parses_amounts(#[case] input: &str, #[case] code: &str, #[case] minor: i64) {
        assert_eq!(
            Money::parse(input, cur(code)),
            Ok(m(minor, code)),
            "{input}"
        );
    }

    #[rstest]
    #[case("", "cannot read `` as an amount; write 12500, 12500.00 or 12 500,50")]
    #[case(
        "12,5,0",
        "cannot read `12,5,0` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "abc",
        "cannot read `abc` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "1.2.3,5",
        "cannot read `1.2.3,5` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "1,2.5,0",
        "cannot read `1,2.5,0` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "1  000",
        "cannot read `1  000` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "1234 567",
        "cannot read `1234 567` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "12 50",
        "cannot read `12 50` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        ".",
        "cannot read `.` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "1e5",
        "cannot read `1e5` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "+5",
        "cannot read `+5` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "12 500 zł",
        "cannot read `12 500 zł` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "１２",
        "cannot read `１２` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case("1.2345", "`PLN` takes at most 2 decimals: `1.2345`")]
    #[case("1,234.567", "`PLN` takes at most 2 decimals: `1,234.567`")]
    #[case("1234,567", "`PLN` takes at most 2 decimals: `1234,567`")]
    #[case("-5", "amount `-5` must not be negative")]
    #[case("\u{2212}5", "amount `\u{2212}5` must not be negative")]
    #[case("92233720368547758.08", "amount too large: `92233720368547758.08`")]
    #[case(
        "99999999999999999999999",
        "amount too large: `99999999999999999999999`"
    )]
    fn rejects_amounts(#[case] input: &str, #[case] message: &str) {
        let err = Money::parse(input, Currency::PLN).unwrap_err();
        assert_eq!(err.to_string(), message);
    }

    #[test]
    fn decimal_messages_per_currency() {
        let jpy = Money::parse("12.5", cur("JPY")).unwrap_err();
        assert_eq!(jpy.to_string(), "`JPY` takes no decimals: `12.5`");
        let kwd = Money::parse("1,234.5678", cur("KWD")).unwrap_err();
        assert_eq!(
            kwd.to_string(),
            "`KWD` takes at most 3 decimals: `1,234.5678`"
        );
        let unknown = Currency::parse("XX").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown currency `XX`: use a 3-letter ISO code such as PLN, EUR, USD"
        );
    }

    #[rstest]
    #[case("12500.00 PLN", m(1_250_000, "PLN"))]
    #[case("PLN 12500", m(1_250_000, "PLN"))]
    #[case("pln12500", m(1_250_000, "PLN"))]
    #[case("12500eur", m(1_250_000, "EUR"))]
    #[case("€1,200.50", m(120_050, "EUR"))]
    #[case("1.200,50 €", m(120_050, "EUR"))]
    #[case("$ 100", m(10_000, "USD"))]
    #[case("£5", m(500, "GBP"))]
    #[case("12 500 zł", m(1_250_000, "PLN"))]
    #[case("1 200,50zł", m(120_050, "PLN"))]
    #[case("zł 10", m(1000, "PLN"))]
    #[case("500 JPY", m(500, "JPY"))]
    #[case("  1 500  ", m(150_000, "USD"))]
    #[case("99.5", m(9950, "USD"))]
    fn parses_amounts_with_currency(#[case] input: &str, #[case] expected: Money) {
        assert_eq!(
            Money::parse_with_currency(input, Currency::USD),
            Ok(expected),
            "{input}"
        );
    }

    #[rstest]
    #[case("", "cannot read `` as an amount; write 12500, 12500.00 or 12 500,50")]
    #[case(
        "PLN",
        "cannot read `PLN` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "€",
        "cannot read `€` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "XX 100",
        "unknown currency `XX`: use a 3-letter ISO code such as PLN, EUR, USD"
    )]
    #[case(
        "100 dollars",
        "unknown currency `dollars`: use a 3-letter ISO code such as PLN, EUR, USD"
    )]
    #[case(
        "PLN 100 PLN",
        "cannot read `PLN 100 PLN` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case(
        "€5€",
        "cannot read `€5€` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case("PLN -5", "amount `-5` must not be negative")]
    #[case("-€5", "amount `-€5` must not be negative")]
    #[case(
        "1 JPY.5",
        "cannot read `1 JPY.5` as an amount; write 12500, 12500.00 or 12 500,50"
    )]
    #[case("JPY 1.5", "`JPY` takes no decimals: `1.5`")]
    fn rejects_amounts_with_currency(#[case] input: &str, #[case] message: &str) {
        let err = Money::parse_with_currency(input, Currency::USD).unwrap_err();
        assert_eq!(err.to_string(), message, "{input}");
    }

    #[rstest]
    #[case(m(1_250_000, "PLN"), "12500.00", "12 500.00 PLN")]
    #[case(m(1_250_050, "PLN"), "12500.50", "12 500.50 PLN")]
    #[case(m(5, "EUR"), "0.05", "0.05 EUR")]
    #[case(m(0, "EUR"), "0.00", "0.00 EUR")]
    #[case(m(-350, "EUR"), "-3.50", "-3.50 EUR")]
    #[case(m(-123_456_789, "EUR"), "-1234567.89", "-1 234 567.89 EUR")]
    #[case(m(100_000, "PLN"), "1000.00", "1 000.00 PLN")]
    #[case(m(99_999, "PLN"), "999.99", "999.99 PLN")]
    #[case(m(1_234_567, "JPY"), "1234567", "1 234 567 JPY")]
    #[case(m(1_234_567, "KWD"), "1234.567", "1 234.567 KWD")]
    #[case(m(1234, "KWD"), "1.234", "1.234 KWD")]
    #[case(
        m(i64::MAX, "PLN"),
        "92233720368547758.07",
        "92 233 720 368 547 758.07 PLN"
    )]
    #[case(
        m(i64::MIN, "PLN"),
        "-92233720368547758.08",
        "-92 233 720 368 547 758.08 PLN"
    )]
    fn formats(#[case] money: Money, #[case] major: &str, #[case] shown: &str) {
        assert_eq!(money.major_string(), major);
        assert_eq!(money.to_string(), shown);
        if money.minor >= 0 {
            assert_eq!(Money::parse(major, money.currency), Ok(money));
            assert_eq!(
                Money::parse_with_currency(&money.to_string(), Currency::USD),
                Ok(money)
            );
        }
    }

    #[rstest]
    #[case(m(10_000, "PLN"), 50, 5000)]
    #[case(m(10_000, "PLN"), 0, 0)]
    #[case(m(10_000, "PLN"), 100, 10_000)]
    #[case(m(1, "PLN"), 50, 1)]
    #[case(m(1, "PLN"), 49, 0)]
    #[case(m(-1, "PLN"), 50, -1)]
    #[case(m(-1, "PLN"), 49, 0)]
    #[case(m(333, "PLN"), 15, 50)]
    #[case(m(-333, "PLN"), 15, -50)]
    #[case(m(12_345, "PLN"), 33, 4074)]
    #[case(m(i64::MAX, "PLN"), 100, i64::MAX)]
    #[case(m(i64::MAX, "PLN"), 255, i64::MAX)]
    #[case(m(i64::MIN, "PLN"), 255, i64::MIN)]
    fn percent(#[case] money: Money, #[case] pct: u8, #[case] minor: i64) {
        assert_eq!(money.percent(pct), Money { minor, ..money });
    }

    #[test]
    fn adding() {
        let a = m(150, "PLN");
        assert_eq!(Money::zero(Currency::PLN), m(0, "PLN"));
        assert_eq!(a.checked_add(m(250, "PLN")), Some(m(400, "PLN")));
        assert_eq!(a.checked_add(m(250, "EUR")), None);
        assert_eq!(m(i64::MAX, "PLN").checked_add(m(1, "PLN")), None);
        assert_eq!(
            Money::zero(Currency::EUR).checked_add(m(-5, "EUR")),
            Some(m(-5, "EUR"))
        );
    }

    #[test]
    fn serde_round_trips() {
        let money = m(1_250_050, "PLN");
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"minor":1250050,"currency":"PLN"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        assert_eq!(serde_json::to_string(&Currency::EUR).unwrap(), r#""EUR""#);
        assert_eq!(
            serde_json::from_str::<Currency>(r#""usd""#).unwrap(),
            Currency::USD
        );
        assert!(serde_json::from_str::<Currency>(r#""XX""#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"minor":1,"currency":"EURO"}"#).is_err());
    }

    #[test]
    fn odd_input_never_panics() {
        let alphabet: Vec<char> = "0123456789.,' _-−€$£złPLNeur\u{a0}\u{202f}🙂é"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 14) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((state >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            for code in ["PLN", "JPY", "KWD"] {
                if let Ok(money) = Money::parse(&s, cur(code)) {
                    assert!(money.minor >= 0, "{s:?}");
                }
            }
            let _ = Money::parse_with_currency(&s, Currency::PLN);
            let _ = Currency::parse(&s);
        }
    }
}
