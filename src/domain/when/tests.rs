use super::*;
use rstest::rstest;

mod typed;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Monday 2026-11-23.
pub(super) fn today() -> NaiveDate {
    d(2026, 11, 23)
}

const F: Toward = Toward::Future;
const P: Toward = Toward::Past;

#[test]
fn fixed_today_is_a_monday() {
    assert_eq!(today().weekday(), Weekday::Mon);
}

#[rstest]
#[case("today", F, d(2026, 11, 23))]
#[case("tod", P, d(2026, 11, 23))]
#[case("  TODAY  ", F, d(2026, 11, 23))]
#[case("tomorrow", F, d(2026, 11, 24))]
#[case("tmr", P, d(2026, 11, 24))]
#[case("Tmrw", F, d(2026, 11, 24))]
#[case("yesterday", F, d(2026, 11, 22))]
#[case("fri", F, d(2026, 11, 27))]
#[case("friday", F, d(2026, 11, 27))]
#[case("FRI", P, d(2026, 11, 20))]
#[case("mon", F, d(2026, 11, 30))]
#[case("monday", P, d(2026, 11, 16))]
#[case("tue", F, d(2026, 11, 24))]
#[case("tues", P, d(2026, 11, 17))]
#[case("wed", F, d(2026, 11, 25))]
#[case("thu", F, d(2026, 11, 26))]
#[case("thur", F, d(2026, 11, 26))]
#[case("thurs", F, d(2026, 11, 26))]
#[case("thursday", P, d(2026, 11, 19))]
#[case("sun", F, d(2026, 11, 29))]
#[case("sun", P, d(2026, 11, 22))]
#[case("next fri", P, d(2026, 11, 27))]
#[case("next   mon", F, d(2026, 11, 30))]
#[case("last fri", F, d(2026, 11, 20))]
#[case("last mon", F, d(2026, 11, 16))]
#[case("this fri", F, d(2026, 11, 27))]
#[case("this mon", F, d(2026, 11, 23))]
#[case("this sun", P, d(2026, 11, 29))]
#[case("+3d", F, d(2026, 11, 26))]
#[case("+3d", P, d(2026, 11, 26))]
#[case("+2w", F, d(2026, 12, 7))]
#[case("+1m", F, d(2026, 12, 23))]
#[case("+1y", P, d(2027, 11, 23))]
#[case("+3 days", F, d(2026, 11, 26))]
#[case("+0d", F, d(2026, 11, 23))]
#[case("3d", F, d(2026, 11, 26))]
#[case("3d", P, d(2026, 11, 20))]
#[case("2w", P, d(2026, 11, 9))]
#[case("1m", F, d(2026, 12, 23))]
#[case("1m", P, d(2026, 10, 23))]
#[case("2 weeks", F, d(2026, 12, 7))]
#[case("-3d", F, d(2026, 11, 20))]
#[case("-1mo", F, d(2026, 10, 23))]
#[case("3d ago", F, d(2026, 11, 20))]
#[case("2 weeks ago", F, d(2026, 11, 9))]
#[case("1 year ago", F, d(2025, 11, 23))]
#[case("a month ago", F, d(2026, 10, 23))]
#[case("in 3 days", P, d(2026, 11, 26))]
#[case("in 2 weeks", F, d(2026, 12, 7))]
#[case("in 1 month", F, d(2026, 12, 23))]
#[case("in a week", F, d(2026, 11, 30))]
#[case("in 2 wk", F, d(2026, 12, 7))]
#[case("in 3 mo", F, d(2027, 2, 23))]
#[case("in 2 years", F, d(2028, 11, 23))]
#[case("in 10d", F, d(2026, 12, 3))]
#[case("next week", F, d(2026, 11, 30))]
#[case("next month", F, d(2026, 12, 1))]
#[case("end of month", F, d(2026, 11, 30))]
#[case("eom", P, d(2026, 11, 30))]
#[case("1 dec", F, d(2026, 12, 1))]
#[case("1 dec", P, d(2025, 12, 1))]
#[case("dec 1", F, d(2026, 12, 1))]
#[case("1 december", F, d(2026, 12, 1))]
#[case("December 1st", F, d(2026, 12, 1))]
#[case("1st dec", F, d(2026, 12, 1))]
#[case("1st of december", F, d(2026, 12, 1))]
#[case("23 nov", F, d(2026, 11, 23))]
#[case("23 nov", P, d(2026, 11, 23))]
#[case("22 nov", F, d(2027, 11, 22))]
#[case("22 nov", P, d(2026, 11, 22))]
#[case("24 nov", P, d(2025, 11, 24))]
#[case("mar 3rd", F, d(2027, 3, 3))]
#[case("mar 3rd", P, d(2026, 3, 3))]
#[case("may 2", F, d(2027, 5, 2))]
#[case("sept 30", P, d(2026, 9, 30))]
#[case("1 dec 2027", P, d(2027, 12, 1))]
#[case("dec 1, 2027", F, d(2027, 12, 1))]
#[case("2026-12-01", P, d(2026, 12, 1))]
#[case("2026/12/01", F, d(2026, 12, 1))]
#[case("2024-02-29", F, d(2024, 2, 29))]
#[case("01.12.2026", F, d(2026, 12, 1))]
#[case("1.12.", F, d(2026, 12, 1))]
#[case("1.12.", P, d(2025, 12, 1))]
#[case("1.12", F, d(2026, 12, 1))]
#[case("29 feb", F, d(2028, 2, 29))]
#[case("29 feb", P, d(2024, 2, 29))]
#[case("29.02.", F, d(2028, 2, 29))]
fn parses_dates(#[case] input: &str, #[case] toward: Toward, #[case] expected: NaiveDate) {
    assert_eq!(
        parse_date(input, today(), toward, Weekday::Mon),
        Ok(expected),
        "{input}"
    );
}

#[rstest]
// Year-end crossing.
#[case("+10d", d(2026, 12, 28), F, d(2027, 1, 7))]
#[case("-10d", d(2027, 1, 3), F, d(2026, 12, 24))]
#[case("next month", d(2026, 12, 15), F, d(2027, 1, 1))]
#[case("next week", d(2026, 12, 31), F, d(2027, 1, 4))]
#[case("fri", d(2026, 12, 30), F, d(2027, 1, 1))]
#[case("tomorrow", d(2026, 12, 31), F, d(2027, 1, 1))]
#[case("yesterday", d(2027, 1, 1), F, d(2026, 12, 31))]
#[case("5 jan", d(2026, 12, 30), F, d(2027, 1, 5))]
#[case("30 dec", d(2027, 1, 2), P, d(2026, 12, 30))]
// Month-end clamping.
#[case("+1m", d(2026, 1, 31), F, d(2026, 2, 28))]
#[case("+1m", d(2028, 1, 31), F, d(2028, 2, 29))]
#[case("+1m", d(2026, 3, 31), F, d(2026, 4, 30))]
#[case("1m ago", d(2026, 3, 31), F, d(2026, 2, 28))]
#[case("+1y", d(2028, 2, 29), F, d(2029, 2, 28))]
#[case("1y ago", d(2028, 2, 29), F, d(2027, 2, 28))]
// End of month, leap years.
#[case("eom", d(2028, 2, 3), F, d(2028, 2, 29))]
#[case("eom", d(2026, 2, 3), F, d(2026, 2, 28))]
#[case("eom", d(2026, 12, 31), F, d(2026, 12, 31))]
#[case("29 feb", d(2028, 2, 29), F, d(2028, 2, 29))]
#[case("29 feb", d(2028, 3, 1), F, d(2032, 2, 29))]
#[case("29 feb", d(2028, 2, 28), P, d(2024, 2, 29))]
// Weekday at the same weekday.
#[case("fri", d(2026, 11, 27), F, d(2026, 12, 4))]
#[case("fri", d(2026, 11, 27), P, d(2026, 11, 20))]
#[case("this fri", d(2026, 11, 27), P, d(2026, 11, 27))]
fn parses_edge_dates(
    #[case] input: &str,
    #[case] today: NaiveDate,
    #[case] toward: Toward,
    #[case] expected: NaiveDate,
) {
    assert_eq!(
        parse_date(input, today, toward, Weekday::Mon),
        Ok(expected),
        "{input}"
    );
}

#[rstest]
// Sunday-start weeks; today is Monday 2026-11-23, so the week began Sunday 2026-11-22.
#[case("next week", Weekday::Sun, d(2026, 11, 29))]
#[case("this sun", Weekday::Sun, d(2026, 11, 22))]
#[case("this sat", Weekday::Sun, d(2026, 11, 28))]
#[case("this mon", Weekday::Sun, d(2026, 11, 23))]
#[case("next week", Weekday::Sat, d(2026, 11, 28))]
#[case("this fri", Weekday::Sat, d(2026, 11, 27))]
#[case("this sat", Weekday::Sat, d(2026, 11, 21))]
fn week_start_matters(
    #[case] input: &str,
    #[case] week_start: Weekday,
    #[case] expected: NaiveDate,
) {
    assert_eq!(
        parse_date(input, today(), Toward::Future, week_start),
        Ok(expected)
    );
}

#[rstest]
#[case("", WhenError::Empty)]
#[case("   ", WhenError::Empty)]
#[case("fribay", WhenError::Unreadable { input: "fribay".into() })]
#[case("31 feb", WhenError::NoSuchDate { input: "31 feb".into() })]
#[case("feb 30", WhenError::NoSuchDate { input: "feb 30".into() })]
#[case("2026-13-01", WhenError::NoSuchDate { input: "2026-13-01".into() })]
#[case("2026-02-29", WhenError::NoSuchDate { input: "2026-02-29".into() })]
#[case("32.01.2026", WhenError::NoSuchDate { input: "32.01.2026".into() })]
#[case("0 dec", WhenError::NoSuchDate { input: "0 dec".into() })]
#[case("+99999999999d", WhenError::TooFar { input: "+99999999999d".into() })]
#[case("+4000000000w", WhenError::TooFar { input: "+4000000000w".into() })]
#[case("+999999999y", WhenError::TooFar { input: "+999999999y".into() })]
// Within chrono's calendar but past the days rolo keeps (it stored `+10021-08-15`).
#[case("+2920000d", WhenError::TooFar { input: "+2920000d".into() })]
#[case("+7974y", WhenError::TooFar { input: "+7974y".into() })]
#[case("-2026y", WhenError::TooFar { input: "-2026y".into() })]
fn rejects_dates(#[case] input: &str, #[case] expected: WhenError) {
    assert_eq!(parse_date(input, today(), F, Weekday::Mon), Err(expected));
}

#[rstest]
#[case("+")]
#[case("-")]
#[case("+d")]
#[case("3")]
#[case("++3d")]
#[case("+-3d")]
#[case("3x")]
#[case("in")]
#[case("ago")]
#[case("in 3")]
#[case("in days")]
#[case("in -3 days")]
#[case("next")]
#[case("next fribay")]
#[case("this")]
#[case("last")]
#[case("+99999999999999999999999999999999d")]
#[case("-99999999999d")]
#[case("99999999999 days ago")]
#[case("in 4294967295 months")]
#[case("in 4294967295 years")]
#[case("4294967296d")]
#[case("1 dec 99999999999")]
#[case("1 dec 262144")]
#[case("2026-12")]
#[case("26-12-01")]
#[case("2026--12-01")]
#[case("2026-12-01-01")]
#[case("1..12")]
#[case("1.12.26")]
#[case("...")]
#[case(".")]
#[case("123 dec")]
#[case("dec dec")]
#[case("1 2")]
#[case("ｆｒｉ")]
#[case("٣d")]
#[case("３d")]
#[case("пятница")]
#[case("🙂")]
#[case("fri🙂")]
#[case("\u{0}")]
#[case("+3\u{301}d")]
#[case("İ")]
#[case("1st 2nd dec")]
#[case("th dec")]
#[case("end of")]
#[case("of dec")]
fn odd_input_is_an_error_not_a_panic(#[case] input: &str) {
    for toward in [F, P] {
        for week_start in [Weekday::Mon, Weekday::Sun] {
            for today in [today(), NaiveDate::MIN, NaiveDate::MAX] {
                assert!(
                    parse_date(input, today, toward, week_start).is_err(),
                    "{input:?} should not parse"
                );
            }
        }
    }
}

#[test]
fn calendar_limits_never_panic() {
    let inputs = [
        "today",
        "tomorrow",
        "yesterday",
        "fri",
        "next fri",
        "last fri",
        "this fri",
        "this sun",
        "+1d",
        "-1d",
        "+1m",
        "1m",
        "+1y",
        "1y ago",
        "next week",
        "next month",
        "eom",
        "1 dec",
        "29 feb",
        "1.12.",
        "in a week",
        "3 weeks ago",
    ];
    for input in inputs {
        for today in [NaiveDate::MIN, NaiveDate::MAX] {
            for toward in [F, P] {
                for week_start in [Weekday::Mon, Weekday::Wed, Weekday::Sun] {
                    let _ = parse_date(input, today, toward, week_start);
                }
            }
        }
    }
}

#[test]
fn pseudo_random_strings_never_panic() {
    let alphabet: Vec<char> = "0123456789+-./ ,:dwmyagoinextlsfrtuhbcvkzé€🙂\u{a0}"
        .chars()
        .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 12) as usize;
        let s: String = (0..len)
            .map(|i| alphabet[((state >> (i * 5)) % alphabet.len() as u64) as usize])
            .collect();
        let _ = parse_date(&s, today(), F, Weekday::Mon);
        let _ = parse_date(&s, today(), P, Weekday::Sun);
        let _ = parse_time(&s);
        let _ = Repeat::parse(&s);
        let _ = parse_cadence_days(&s);
    }
}

#[test]
fn error_messages_quote_input_and_list_forms() {
    let err = parse_date("  fribay ", today(), F, Weekday::Mon).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read `fribay` as a date; use today, tomorrow, yesterday, a weekday (fri), +3d, +2w, +1m, 3d, in 3 days, next week, next month, 1 dec, dec 1, 2026-12-01"
    );
    let err = parse_date("31 Feb", today(), F, Weekday::Mon).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("`31 Feb` is not a real date; use today")
    );
    let err = parse_time("25:00").unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read `25:00` as a time; use 14:30, 9:05, 2pm, 2:30pm, 14h, noon"
    );
    assert!(
        Repeat::parse("0w")
            .unwrap_err()
            .to_string()
            .contains("`0w`")
    );
    assert!(
        parse_cadence_days("x")
            .unwrap_err()
            .to_string()
            .contains("`x`")
    );
}

#[rstest]
#[case(d(2026, 11, 23), "today")]
#[case(d(2026, 11, 24), "tomorrow")]
#[case(d(2026, 11, 22), "yesterday")]
#[case(d(2026, 11, 26), "in 3d")]
#[case(d(2026, 11, 20), "3d ago")]
#[case(d(2027, 1, 22), "in 60d")]
#[case(d(2027, 1, 23), "in 2mo")]
#[case(d(2026, 6, 23), "5mo ago")]
#[case(d(2028, 11, 22), "in 24mo")]
#[case(d(2028, 11, 23), "in 2y")]
#[case(d(2024, 11, 20), "2y ago")]
#[case(d(2016, 11, 23), "10y ago")]
fn relative_descriptions(#[case] date: NaiveDate, #[case] expected: &str) {
    assert_eq!(relative(date, today()), expected);
}

#[test]
fn relative_at_calendar_limits() {
    assert!(relative(NaiveDate::MIN, NaiveDate::MAX).ends_with("y ago"));
    assert!(relative(NaiveDate::MAX, NaiveDate::MIN).starts_with("in "));
}

#[rstest]
#[case(d(2026, 11, 23), 0)]
#[case(d(2026, 12, 1), 0)]
#[case(d(2026, 11, 22), 1)]
#[case(d(2025, 11, 23), 365)]
fn lateness(#[case] due: NaiveDate, #[case] late: i64) {
    assert_eq!(days_late(due, today()), late);
}

#[test]
fn the_last_day_rolo_keeps_is_the_end_of_9999() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        parse_date("+7973y", today(), F, Weekday::Mon),
        Ok(d(9999, 11, 23))
    );
    assert_eq!(super::in_calendar(d(9999, 12, 31)), Some(super::LAST_DAY));
    assert_eq!(super::in_calendar(d(10000, 1, 1)), None);
    assert_eq!(super::in_calendar(d(0, 12, 31)), None);
    let monthly = super::Repeat::parse("1m").unwrap();
    assert_eq!(monthly.after(d(9999, 11, 30)), Some(d(9999, 12, 30)));
    assert_eq!(monthly.after(d(9999, 12, 31)), None);
    assert_eq!(monthly.after_anchored(d(9999, 12, 31), 31), None);
    assert_eq!(
        super::Repeat::parse("1d").unwrap().after(super::LAST_DAY),
        None
    );
}
