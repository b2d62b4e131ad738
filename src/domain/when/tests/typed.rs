//! Times of day, repeat rules and cadences as typed.

use super::super::*;
use super::{d, today};
use rstest::rstest;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[rstest]
#[case("14:30", t(14, 30))]
#[case("9:05", t(9, 5))]
#[case("09:05", t(9, 5))]
#[case("0:00", t(0, 0))]
#[case("23:59", t(23, 59))]
#[case("2pm", t(14, 0))]
#[case("2 PM", t(14, 0))]
#[case("2:30pm", t(14, 30))]
#[case("12pm", t(12, 0))]
#[case("12am", t(0, 0))]
#[case("12:15am", t(0, 15))]
#[case("11am", t(11, 0))]
#[case("14h", t(14, 0))]
#[case("14h30", t(14, 30))]
#[case("noon", t(12, 0))]
#[case(" Noon ", t(12, 0))]
#[case("midnight", t(0, 0))]
fn parses_times(#[case] input: &str, #[case] expected: NaiveTime) {
    assert_eq!(parse_time(input), Ok(expected));
}

#[rstest]
#[case("")]
#[case("14")]
#[case("24:00")]
#[case("12:60")]
#[case("9:5")]
#[case("13pm")]
#[case("0am")]
#[case("pm")]
#[case(":30")]
#[case("14:30:00")]
#[case("h")]
#[case("24h")]
#[case("99999999999:00")]
#[case("1４:30")]
#[case("half past two")]
fn rejects_times(#[case] input: &str) {
    assert!(parse_time(input).is_err(), "{input}");
}

#[rstest]
#[case("4w", 4, RepeatUnit::Weeks)]
#[case("10d", 10, RepeatUnit::Days)]
#[case("1m", 1, RepeatUnit::Months)]
#[case("2 weeks", 2, RepeatUnit::Weeks)]
#[case("every 2 weeks", 2, RepeatUnit::Weeks)]
#[case("every week", 1, RepeatUnit::Weeks)]
#[case("3 months", 3, RepeatUnit::Months)]
#[case("daily", 1, RepeatUnit::Days)]
#[case("Weekly", 1, RepeatUnit::Weeks)]
#[case("biweekly", 2, RepeatUnit::Weeks)]
#[case("monthly", 1, RepeatUnit::Months)]
#[case("quarterly", 3, RepeatUnit::Months)]
#[case("yearly", 12, RepeatUnit::Months)]
#[case("2y", 24, RepeatUnit::Months)]
#[case("1000d", 1000, RepeatUnit::Days)]
fn parses_repeats(#[case] input: &str, #[case] n: u32, #[case] unit: RepeatUnit) {
    let repeat = Repeat::parse(input).unwrap();
    assert_eq!(repeat, Repeat { n, unit });
    assert_eq!(repeat.to_string().parse::<Repeat>(), Ok(repeat));
}

#[rstest]
#[case("")]
#[case("0d")]
#[case("1001d")]
#[case("84y")]
#[case("4294967295y")]
#[case("99999999999w")]
#[case("w4")]
#[case("4")]
#[case("4x")]
#[case("every")]
#[case("-1w")]
#[case("hourly")]
fn rejects_repeats(#[case] input: &str) {
    assert!(Repeat::parse(input).is_err(), "{input}");
}

#[rstest]
#[case(Repeat { n: 4, unit: RepeatUnit::Weeks }, "4w", d(2026, 11, 23), d(2026, 12, 21), 28)]
#[case(Repeat { n: 10, unit: RepeatUnit::Days }, "10d", d(2026, 12, 28), d(2027, 1, 7), 10)]
#[case(Repeat { n: 1, unit: RepeatUnit::Months }, "1m", d(2026, 1, 31), d(2026, 2, 28), 30)]
#[case(Repeat { n: 1, unit: RepeatUnit::Months }, "1m", d(2028, 1, 31), d(2028, 2, 29), 30)]
#[case(Repeat { n: 12, unit: RepeatUnit::Months }, "12m", d(2028, 2, 29), d(2029, 2, 28), 360)]
#[case(Repeat { n: 3, unit: RepeatUnit::Months }, "3m", d(2026, 11, 30), d(2027, 2, 28), 90)]
fn repeat_after_display_and_days(
    #[case] repeat: Repeat,
    #[case] shown: &str,
    #[case] from: NaiveDate,
    #[case] next: NaiveDate,
    #[case] days: u32,
) {
    assert_eq!(repeat.to_string(), shown);
    assert_eq!(shown.parse::<Repeat>(), Ok(repeat));
    assert_eq!(repeat.after(from), Some(next));
    assert_eq!(repeat.approx_days(), days);
}

/// A monthly series keeps its day: from the 31st, the last day of shorter months and the
/// 31st again after them (not the 28th ever after).
#[test]
fn repeat_after_anchored_keeps_the_series_day() {
    let monthly = Repeat::parse("1m").unwrap();
    let mut day = d(2026, 12, 31);
    let mut days = Vec::new();
    for _ in 0..4 {
        day = monthly.after_anchored(day, 31).unwrap();
        days.push(day);
    }
    assert_eq!(
        days,
        [
            d(2027, 1, 31),
            d(2027, 2, 28),
            d(2027, 3, 31),
            d(2027, 4, 30)
        ]
    );
    assert_eq!(
        monthly.after_anchored(d(2028, 1, 30), 30),
        Some(d(2028, 2, 29))
    );
    // Done late, on the 20th of a series of the 15th: the 15th of the next month.
    assert_eq!(
        monthly.after_anchored(d(2027, 3, 20), 15),
        Some(d(2027, 4, 15))
    );
    let quarterly = Repeat::parse("3m").unwrap();
    assert_eq!(
        quarterly.after_anchored(d(2027, 2, 28), 31),
        Some(d(2027, 5, 31))
    );
    // Days and weeks have no day of the month.
    let weekly = Repeat::parse("1w").unwrap();
    assert_eq!(
        weekly.after_anchored(d(2027, 3, 20), 15),
        Some(d(2027, 3, 27))
    );
    let huge = Repeat {
        n: 1000,
        unit: RepeatUnit::Months,
    };
    assert_eq!(huge.after_anchored(NaiveDate::MAX, 31), None);
    // From the occurrence, the first of the series after the day it was done: done late
    // (31 Oct, done 6 Dec: 31 Dec, not 31 Jan), snoozed (31 Dec to 3 Jan: 31 Jan).
    // (rule, occurrence, done on, the series' day of the month, next)
    #[rustfmt::skip]
    let cases = [
        (&monthly, d(2026, 10, 31), d(2026, 12, 6), 31, Some(d(2026, 12, 31))),
        (&monthly, d(2026, 12, 31), d(2027, 1, 3), 31, Some(d(2027, 1, 31))),
        (&monthly, d(2027, 2, 28), d(2027, 2, 28), 31, Some(d(2027, 3, 31))),
        (&weekly, d(2027, 3, 1), d(2027, 3, 20), 1, Some(d(2027, 3, 27))),
        (&huge, d(2026, 1, 1), NaiveDate::MAX, 1, None),
    ];
    for (rule, occurrence, done, day, next) in cases {
        assert_eq!(
            rule.next_anchored(occurrence, done, day),
            next,
            "{rule:?} {occurrence} {done}"
        );
    }
}

#[test]
fn repeat_edges_and_serde() {
    let huge = Repeat {
        n: u32::MAX,
        unit: RepeatUnit::Months,
    };
    assert_eq!(huge.after(today()), None);
    assert_eq!(huge.approx_days(), u32::MAX);
    let days = Repeat {
        n: 1,
        unit: RepeatUnit::Days,
    };
    assert_eq!(days.after(NaiveDate::MAX), None);
    let weekly = Repeat {
        n: 2,
        unit: RepeatUnit::Weeks,
    };
    let json = serde_json::to_string(&weekly).unwrap();
    assert_eq!(json, r#"{"n":2,"unit":"weeks"}"#);
    assert_eq!(serde_json::from_str::<Repeat>(&json).unwrap(), weekly);
}

#[rstest]
#[case("14d", 14)]
#[case("2w", 14)]
#[case("1m", 30)]
#[case("14", 14)]
#[case(" 14 ", 14)]
#[case("3 weeks", 21)]
#[case("every 2 weeks", 14)]
#[case("weekly", 7)]
#[case("monthly", 30)]
#[case("quarterly", 91)]
#[case("yearly", 365)]
#[case("1y", 365)]
#[case("10y", 3650)]
#[case("3650", 3650)]
#[case("1", 1)]
fn parses_cadences(#[case] input: &str, #[case] days: u32) {
    assert_eq!(parse_cadence_days(input), Ok(days));
}

#[rstest]
#[case("")]
#[case("0")]
#[case("0d")]
#[case("3651")]
#[case("11y")]
#[case("99999999999")]
#[case("4294967295w")]
#[case("-14")]
#[case("fortnight")]
#[case("14x")]
fn rejects_cadences(#[case] input: &str) {
    assert!(parse_cadence_days(input).is_err(), "{input}");
}
