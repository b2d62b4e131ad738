//! Property-based fuzzing (proptest) of what reads typed text: the date parser, the palette
//! grammar and money. Any input: no panic, an answer in bounded time; well-formed input
//! round-trips. `PROPTEST_CASES` raises the per-target case count (CI: 2 000).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;
use rolo::command::{Context, local_instant};
use rolo::domain::Currency;
use rolo::domain::money::Money;
use rolo::domain::when::{Toward, parse_date};

/// One call may take this long at most (debug build, a loaded CI machine); a hang fails.
pub(super) const SLOW: Duration = Duration::from_millis(250);

pub(super) fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn timed<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let took = t.elapsed();
    assert!(took < SLOW, "{what}({input:?}) took {took:?}");
    out
}

/// Words the date parser and the palette know, plus numbers, signs and odd characters, so
/// generated lines reach deep into the grammars instead of failing on the first token.
fn word() -> impl Strategy<Value = String> {
    let known = prop::sample::select(vec![
        "today",
        "tomorrow",
        "yesterday",
        "next",
        "last",
        "this",
        "in",
        "a",
        "ago",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "day",
        "days",
        "d",
        "w",
        "m",
        "y",
        "eom",
        "end",
        "of",
        "fri",
        "mon",
        "sunday",
        "dec",
        "december",
        "feb",
        "29",
        "31",
        "1st",
        "2nd",
        "+3d",
        "-2w",
        "+1m",
        "+99999999y",
        "2026-12-01",
        "2026/02/30",
        "01.12.2026",
        "1.12.",
        "call",
        "email",
        "meet",
        "meeting",
        "note",
        "visit",
        "message",
        "follow",
        "done",
        "snooze",
        "deal",
        "won",
        "lost",
        "stage",
        "add",
        "edit",
        "undo",
        "rating",
        "4",
        "9",
        "min",
        "20m",
        "1h30",
        "14:30",
        "2pm",
        "every",
        "2w",
        "monthly",
        "#1",
        "#99999999999",
        "anna",
        "kow",
        "Żółć",
        "PLN",
        "EUR",
        "12,500.50",
        "€",
        "\"",
        "\"quoted text\"",
        ":",
        "--",
        "-",
        "+",
        "'",
        "\\",
        "\u{1b}[31m",
        "\u{202e}",
        "\u{0}",
        "🙂",
    ]);
    prop_oneof![
        3 => known.prop_map(str::to_string),
        1 => "[0-9]{1,12}",
        1 => "\\PC{0,8}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(word(), 0..8).prop_map(|w| w.join(" ")),
        1 => any::<String>(),
        1 => "\\PC{0,64}",
    ]
}

fn day() -> impl Strategy<Value = NaiveDate> {
    // Whole calendar range chrono supports, with extra weight near the edges.
    prop_oneof![
        (-300_000i32..300_000).prop_map(|d| {
            NaiveDate::from_num_days_from_ce_opt(d.abs().max(1)).unwrap_or(NaiveDate::MIN)
        }),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (2020i32..2030, 1u32..366)
            .prop_map(|(y, o)| { NaiveDate::from_yo_opt(y, o).unwrap_or(NaiveDate::MIN) }),
    ]
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap_or(Weekday::Mon))
}

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec!["PLN", "EUR", "USD", "JPY", "KWD", "CHF"])
        .prop_map(|c| Currency::parse(c).expect("currency"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_parse_date_never_panics_or_hangs(
        input in line(),
        today in day(),
        past in any::<bool>(),
        week_start in weekday(),
    ) {
        let toward = if past { Toward::Past } else { Toward::Future };
        let _ = timed("parse_date", &input, || parse_date(&input, today, toward, week_start));
    }

    #[test]
    fn fuzz_parse_date_reads_back_iso_dates(d in day(), today in day()) {
        let iso = d.format("%Y-%m-%d").to_string();
        // chrono's extreme years (beyond 4 digits) are not ISO dates a user types.
        if (0..=9999).contains(&chrono::Datelike::year(&d)) {
            let got = parse_date(&iso, today, Toward::Future, Weekday::Mon);
            prop_assert_eq!(got.ok(), Some(d), "{}", iso);
        }
    }

    #[test]
    fn fuzz_palette_grammar_never_panics_or_hangs(
        input in line(),
        today in day(),
        week_start in weekday(),
        currency in currency(),
    ) {
        let ctx = Context {
            today,
            now: local_instant(today, NaiveTime::from_hms_opt(10, 0, 0)),
            week_start,
            currency,
        };
        let _ = timed("command::parse", &input, || rolo::command::parse(&input, &ctx));
    }

    #[test]
    fn fuzz_money_never_panics_or_hangs(input in line(), currency in currency()) {
        let _ = timed("Money::parse", &input, || Money::parse(&input, currency));
        let _ = timed("Money::parse_with_currency", &input, || {
            Money::parse_with_currency(&input, currency)
        });
        let _ = timed("Currency::parse", &input, || Currency::parse(&input));
    }

    #[test]
    fn fuzz_money_round_trips_and_arithmetic_is_checked(
        minor in 0i64..=i64::MAX,
        any_minor in any::<i64>(),
        other in any::<i64>(),
        pct in any::<u8>(),
        currency in currency(),
    ) {
        let m = Money { minor, currency };
        let text = m.major_string();
        prop_assert_eq!(Money::parse(&text, currency).ok(), Some(m), "{}", text);
        let shown = m.to_string();
        prop_assert_eq!(Money::parse_with_currency(&shown, currency).ok(), Some(m), "{}", shown);
        let a = Money { minor: any_minor, currency };
        let _ = a.checked_add(Money { minor: other, currency });
        let _ = a.percent(pct);
        let _ = a.to_string();
        let _ = a.major_string();
    }
}

/// Lines a contact file is made of: real vCard and CSV pieces, quoted-printable, folds,
/// odd encodings' bytes and junk, so the readers' deep paths are reached.
fn contact_line() -> impl Strategy<Value = Vec<u8>> {
    let known = prop::sample::select(vec![
        "BEGIN:VCARD",
        "END:VCARD",
        "VERSION:2.1",
        "VERSION:3.0",
        "VERSION:4.0",
        "FN:Anna Kowalska",
        "N:Kowalska;Anna;;;",
        "EMAIL;TYPE=work:anna@acme.pl",
        "TEL;CELL:+48 600 100 200",
        "ORG:Acme Sp. z o.o.;Sales",
        "CATEGORIES:key,vip",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Za=C5=BC=",
        "=C3=B3=C5=82=C4=87",
        " folded continuation",
        "\tfolded tab",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
        "item1.EMAIL:x@y.z",
        "item1.X-ABLabel:custom",
        "BDAY:1980-02-29",
        "Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Group Membership",
        "First Name,Last Name,Company,E-mail Address,Mobile Phone",
        "Notes:,\"\"",
        "\"Anna, K\",Anna,K,a@b.c ::: d@e.f,+48 1,* myContacts ::: key",
        "\"multi\nline\",x,y",
        "a;b;c",
        "",
        "\u{feff}",
    ])
    .prop_map(|s| s.as_bytes().to_vec());
    prop_oneof![
        4 => known,
        1 => prop::collection::vec(any::<u8>(), 0..40),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases / 4 + 1, ..config() })]

    /// Any file through the importer (format sniffing, encoding detection, CSV and vCard
    /// readers) ends in a report or an error, never a panic, and a dry run writes nothing.
    #[test]
    fn import_readers_never_panic(
        lines in prop::collection::vec(contact_line(), 0..30),
        crlf in any::<bool>(),
        ext in prop::sample::select(vec!["vcf", "csv", "txt"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("contacts.{ext}"));
        let sep: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        std::fs::write(&path, lines.join(sep)).unwrap();
        let mut store = rolo::store::Store::open_in_memory().unwrap();
        let opts = rolo::interop::ImportOptions {
            dry_run: true,
            skip_bad: true,
            now: local_instant(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), None),
            ..Default::default()
        };
        let t = Instant::now();
        let _ = rolo::interop::import_file(&mut store, &path, &opts);
        prop_assert!(t.elapsed() < SLOW * 4, "import took {:?}", t.elapsed());
        prop_assert!(store.is_empty().unwrap(), "a dry run wrote customers");
    }
}
