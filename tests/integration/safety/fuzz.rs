//! Property-based fuzzing (proptest) of what reads typed text: the date parser, the palette
//! grammar and money. Any input: no panic, an answer in bounded time; well-formed input
//! round-trips. `PROPTEST_CASES` raises the per-target case count (CI: 2 000).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, Weekday};
use proptest::prelude::*;
use rolo::command::{Context, local_timestamp};
use rolo::domain::Currency;
use rolo::domain::money::Money;
use rolo::domain::when::{Toward, parse_date};

/// One call may take this long at most (debug build, a loaded CI machine); a hang fails.
const SLOW: Duration = Duration::from_millis(250);

fn config() -> ProptestConfig {
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
            now: local_timestamp(today, NaiveTime::from_hms_opt(10, 0, 0)),
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
            now: local_timestamp(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), None),
            ..Default::default()
        };
        let t = Instant::now();
        let _ = rolo::interop::import_file(&mut store, &path, &opts);
        prop_assert!(t.elapsed() < SLOW * 4, "import took {:?}", t.elapsed());
        prop_assert!(store.is_empty().unwrap(), "a dry run wrote customers");
    }
}

/// A small valid backup: an organization and its person, a deal, two interactions (one on
/// the deal) and a repeating follow-up in two occurrences (the second names its series).
fn small_backup() -> serde_json::Value {
    serde_json::json!({
        "format": "rolo-backup", "version": 1, "settings": {"k": "v"},
        "customers": [
            {"id": 1, "uid": "u-org", "kind": "org", "name": "Acme Sp. z o.o.", "org": null,
             "title": null, "address": "Długa 1, 00-001 Warszawa", "notes": "", "needs": "",
             "needs_updated_at": null, "cadence_days": null, "owner": null, "birthday": null,
             "created_at": "2026-01-01T10:00:00Z", "updated_at": "2026-01-01T10:00:00Z",
             "contacts": [{"kind": "url", "value": "https://acme.pl"}], "tags": ["key"]},
            {"id": 2, "uid": "u-anna", "kind": "person", "name": "Anna Kowalska", "org": "u-org",
             "title": "CEO", "address": null, "notes": "likes tea", "needs": "invoices",
             "needs_updated_at": "2026-02-01T10:00:00Z", "cadence_days": 14, "owner": "Marta",
             "birthday": "1980-05-14", "created_at": "2026-01-02T10:00:00Z",
             "updated_at": "2026-01-02T10:00:00Z",
             "contacts": [{"kind": "email", "value": "anna@acme.pl", "label": "work"},
                          {"kind": "phone", "value": "+48 600 100 200"}], "tags": []}
        ],
        "deals": [
            {"id": 1, "customer": "u-anna", "title": "Fleet", "value_minor": 1_500_000,
             "currency": "PLN", "stage": "proposal", "probability": 50,
             "expected_close": "2026-12-15", "created_at": "2026-10-01T10:00:00Z",
             "stage_changed_at": "2026-10-05T10:00:00Z", "closed_at": null}
        ],
        "interactions": [
            {"id": 1, "customer": "u-anna", "kind": "call", "direction": "out",
             "occurred_at": "2026-11-20T09:00:00Z", "summary": "Pricing", "notes": "",
             "minutes": 20, "rating": 4, "deal": 1, "created_at": "2026-11-20T09:30:00Z"},
            {"id": 2, "customer": "u-org", "kind": "email", "direction": "in",
             "occurred_at": "2026-11-21T09:00:00Z", "summary": "Price list", "notes": "x",
             "minutes": null, "rating": null, "deal": null, "created_at": "2026-11-21T09:00:00Z"}
        ],
        "follow_ups": [
            {"id": 1, "customer": "u-anna", "what": "Call back", "due_date": "2026-11-10",
             "due_time": "09:30", "original_due": "2026-11-10", "status": "done",
             "done_at": "2026-11-10T10:00:00Z", "snooze_count": 1, "repeat_rule": "2w",
             "interaction": 1, "created_at": "2026-11-01T10:00:00Z"},
            {"id": 2, "customer": "u-anna", "what": "Call back", "due_date": "2026-11-24",
             "due_time": null, "original_due": "2026-11-24", "status": "open",
             "done_at": null, "snooze_count": 0, "repeat_rule": "2w", "interaction": null,
             "created_at": "2026-11-10T10:00:00Z", "series": 1, "reschedule_count": 2}
        ]
    })
}

/// The backup as rolo writes it: `format` and `version` first, the lists in their order
/// (a `Value` would sort its keys, and lists before `format` are refused outright).
fn backup_text(v: &serde_json::Value) -> String {
    let mut out = String::from("{");
    let keys = [
        "format",
        "version",
        "settings",
        "customers",
        "deals",
        "interactions",
        "follow_ups",
    ];
    let mut first = true;
    let mut put = |out: &mut String, k: &str, val: &serde_json::Value| {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&format!(
            "{}: {}",
            serde_json::json!(k),
            serde_json::to_string_pretty(val).unwrap()
        ));
    };
    for k in keys {
        if let Some(val) = v.get(k) {
            put(&mut out, k, val);
        }
    }
    if let Some(map) = v.as_object() {
        for (k, val) in map.iter().filter(|(k, _)| !keys.contains(&k.as_str())) {
            put(&mut out, k, val);
        }
    }
    out.push_str("}\n");
    out
}

/// Values that break a field's type or range, or are of the kind another field takes.
fn odd_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            0_i64,
            -1,
            1,
            2,
            6,
            100,
            101,
            1440,
            1441,
            3650,
            3651,
            1_000_000,
            1_000_001,
            1 << 53,
            i64::MAX,
            i64::MIN
        ])
        .prop_map(Value::from),
        Just(json!(1.5)),
        Just(json!(18_446_744_073_709_551_615_u64)),
        prop::sample::select(vec![
            "",
            " ",
            "x",
            "2026-02-30",
            "9999-99-99",
            "9999-12-31",
            "0001-01-01",
            "2026-11-23",
            "2026-11-23T25:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "2026-11-23T10:00:00+14:00",
            "25:99",
            "09:30",
            "2w",
            "0d",
            "1000m",
            "lead",
            "won",
            "open",
            "done",
            "call",
            "in",
            "person",
            "org",
            "EUR",
            "eur",
            "€€€",
            "u-org",
            "u-anna",
            "nobody",
            "\u{1b}[2J",
            "\u{202e}x\u{2066}",
            "a\nb",
            "\u{7}",
        ])
        .prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
        Just(json!([[[[1]]]])),
        Just(json!([{"kind": "email", "value": 5}])),
        Just(json!({"city": "X", "street": 1})),
    ]
}

/// One change to the backup: a field of a record set, removed or added; a record doubled.
#[derive(Debug, Clone)]
enum Edit {
    Set(prop::sample::Index, serde_json::Value),
    Remove(prop::sample::Index),
    Add(prop::sample::Index, serde_json::Value),
    Double(prop::sample::Index),
    Top(&'static str, serde_json::Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<prop::sample::Index>(), odd_value()).prop_map(|(i, v)| Edit::Set(i, v)),
        2 => any::<prop::sample::Index>().prop_map(Edit::Remove),
        1 => (any::<prop::sample::Index>(), odd_value()).prop_map(|(i, v)| Edit::Add(i, v)),
        1 => any::<prop::sample::Index>().prop_map(Edit::Double),
        1 => (prop::sample::select(vec!["format", "version", "settings", "customers",
                                         "deals", "measures"]), odd_value())
            .prop_map(|(k, v)| Edit::Top(k, v)),
    ]
}

/// Applies `edit` to `backup`.
fn apply(backup: &mut serde_json::Value, edit: &Edit) {
    let v = backup;
    let lists = ["customers", "deals", "interactions", "follow_ups"];
    // Every (list, record, key) of the backup.
    let mut fields = Vec::new();
    for l in lists {
        for (i, rec) in v[l]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            for key in rec.as_object().into_iter().flat_map(|o| o.keys().cloned()) {
                fields.push((l, i, key));
            }
        }
    }
    if fields.is_empty() {
        return;
    }
    match edit {
        Edit::Set(at, val) => {
            let (l, i, key) = at.get(&fields).clone();
            v[l][i][key.as_str()] = val.clone();
        }
        Edit::Remove(at) => {
            let (l, i, key) = at.get(&fields).clone();
            if let Some(o) = v[l][i].as_object_mut() {
                o.remove(&key);
            }
        }
        Edit::Add(at, val) => {
            let (l, i, _) = at.get(&fields).clone();
            v[l][i]["unknown_field"] = val.clone();
        }
        Edit::Double(at) => {
            let (l, i, _) = at.get(&fields).clone();
            let rec = v[l][i].clone();
            if let Some(a) = v[l].as_array_mut() {
                a.push(rec);
            }
        }
        Edit::Top(key, val) => v[*key] = val.clone(),
    }
}

/// What a store holds, to tell whether an import changed it: its backup and its undo steps.
fn store_state(store: &rolo::store::Store) -> (Vec<u8>, i64) {
    let mut out = Vec::new();
    rolo::interop::backup::write(store, &mut out).unwrap();
    let steps = store
        .conn()
        .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
        .unwrap();
    (out, steps)
}

/// Everything that reads what an import stored, as `rolo list`, `show`, `dossier` and the
/// exports do: each must succeed, and the backup it exports must restore.
fn read_everything(store: &mut rolo::store::Store) -> Result<(), String> {
    use rolo::domain::CustomerId;
    use rolo::store::{CustomerSort, ListFilter};
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let cfg = rolo::insight::InsightConfig::default();
    let e = |what: &'static str| move |err: &dyn std::fmt::Display| format!("{what}: {err}");
    rolo::insight::refresh(store, today, &cfg).map_err(|x| e("measures")(&x))?;
    let store = &*store;
    let filter = ListFilter::default();
    for sort in [
        CustomerSort::Name,
        CustomerSort::Value,
        CustomerSort::NextDue,
    ] {
        store
            .customers_page(&filter, sort, 0, 100)
            .map_err(|x| e("list")(&x))?;
    }
    let ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM customers")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in ids {
        let id = CustomerId(id);
        store.customer(id).map_err(|x| e("customer")(&x))?;
        store.history(id, 0, 50).map_err(|x| e("history")(&x))?;
        store
            .customer_follow_ups(id, 20)
            .map_err(|x| e("follow-ups")(&x))?;
        store.customer_deals(id).map_err(|x| e("deals")(&x))?;
        store.org_members(id).map_err(|x| e("members")(&x))?;
        rolo::interop::dossier::write(store, id, today, chrono::DateTime::UNIX_EPOCH, &cfg)
            .map_err(|x| e("dossier")(&x))?;
    }
    let mut sink = Vec::new();
    rolo::interop::ical::write(store, &filter, today, &mut sink).map_err(|x| e("ics")(&x))?;
    rolo::interop::sheet::export::write(store, today, &filter, &mut sink)
        .map_err(|x| e("csv")(&x))?;
    let (backup, _) = store_state(store);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("again.json");
    std::fs::write(&path, backup).unwrap();
    let mut again = rolo::store::Store::open_in_memory().unwrap();
    rolo::interop::import_file(&mut again, &path, &import_options(false, false))
        .map_err(|x| e("the exported backup imported again")(&x))?;
    Ok(())
}

fn import_options(dry_run: bool, skip_bad: bool) -> rolo::interop::ImportOptions {
    rolo::interop::ImportOptions {
        dry_run,
        skip_bad,
        now: local_timestamp(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), None),
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases / 40 + 1, ..config() })]

    /// A backup or a dossier changed in its fields, records and bytes: the import ends in
    /// a report or an error in bounded time, never a panic; refused or a dry run, it
    /// changed nothing; accepted, everything that reads the database reads what it stored.
    /// (Each case is a whole import and a read of everything: a fortieth of the cases of
    /// the parsers above keeps it to seconds. `PROPTEST_CASES=N`, set, runs N of them:
    /// proptest lets the variable win over the count given here.)
    #[test]
    fn json_imports_refuse_whole_or_store_what_rolo_reads(
        edits in prop::collection::vec(edit(), 1..4),
        dossier in any::<bool>(),
        into_seeded in any::<bool>(),
        dry_run in any::<bool>(),
        skip_bad in any::<bool>(),
        cut in prop::option::weighted(0.15, 0.0..1.0_f64),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let seed = small_backup();
        let mut v = seed.clone();
        for e in &edits {
            apply(&mut v, e);
        }
        let json = backup_text(&v);
        let mut text = if dossier {
            format!("{}\n\n# Anna\n\n```json rolo-dossier\n{json}```\n",
                    rolo::interop::dossier::FIRST_LINE)
        } else {
            json
        };
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut bytes = text.into_bytes();
        if let Some(f) = cut {
            bytes.truncate((bytes.len() as f64 * f) as usize);
        }
        if bom {
            bytes.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
        let path = dir.path().join(if dossier { "anna.md" } else { "backup.json" });
        std::fs::write(&path, &bytes).unwrap();

        let mut store = rolo::store::Store::open_in_memory().unwrap();
        if into_seeded {
            let first = dir.path().join("seed.json");
            std::fs::write(&first, backup_text(&seed)).unwrap();
            rolo::interop::import_file(&mut store, &first, &import_options(false, false)).unwrap();
        }
        let before = store_state(&store);
        let t = Instant::now();
        let result = rolo::interop::import_file(&mut store, &path, &import_options(dry_run, skip_bad));
        prop_assert!(t.elapsed() < SLOW * 8, "import took {:?}", t.elapsed());
        match result {
            Err(e) => {
                prop_assert!(store_state(&store) == before, "refused ({e}) but changed the database");
            }
            Ok(_) if dry_run => {
                prop_assert!(store_state(&store) == before, "a dry run changed the database");
            }
            Ok(_) => {
                let t = Instant::now();
                let read = read_everything(&mut store);
                prop_assert!(t.elapsed() < SLOW * 20, "reading what {} stored took {:?}",
                             String::from_utf8_lossy(&bytes), t.elapsed());
                prop_assert!(read.is_ok(), "accepted {}, then: {}",
                             String::from_utf8_lossy(&bytes), read.unwrap_err());
            }
        }
    }
}
