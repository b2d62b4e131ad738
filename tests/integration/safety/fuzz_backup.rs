//! Property-based fuzzing (proptest) of a backup restore: a valid backup with odd values or
//! edits put in restores or is refused whole, never panics or hangs, and what it stored reads
//! back. `PROPTEST_CASES` raises the per-target case count (see `fuzz.rs`).

use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;
use rolo::command::local_instant;

use super::fuzz::{SLOW, config};

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
        now: local_instant(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), None),
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
