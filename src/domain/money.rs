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
        /// The currency of the amount.
        currency: Currency,
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

    /// Reads a currency code as rolo stores it: exactly 3 ASCII letters (in any case), no
    /// symbol, nothing around them (a backup's `currency`).
    pub fn parse_code(s: &str) -> Result<Currency, MoneyError> {
        match s.as_bytes() {
            [_, _, _] if s.bytes().all(|b| b.is_ascii_alphabetic()) => Currency::parse(s),
            _ => Err(MoneyError::UnknownCurrency {
                input: s.to_string(),
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
            currency,
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

    /// Amounts in several currencies as people read them: `12 500.00 PLN + 900.00 EUR`;
    /// `—` for none.
    #[must_use]
    pub fn list(amounts: &[Money]) -> String {
        if amounts.is_empty() {
            "—".into()
        } else {
            amounts
                .iter()
                .map(Money::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        }
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
        let grouped = super::text::group_thousands(&int.to_string());
        match frac {
            Some(frac) => write!(f, "{sign}{grouped}.{frac} {}", self.currency),
            None => write!(f, "{sign}{grouped} {}", self.currency),
        }
    }
}

#[cfg(test)]
mod tests;
