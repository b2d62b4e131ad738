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
