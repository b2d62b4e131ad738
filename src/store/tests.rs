//! Store tests: in-memory databases with a fixed today (2026-11-23), and real files for open.
#![allow(clippy::unwrap_used)]

mod activity;
mod bulk;
mod by_value;
mod customer;
mod derived;
mod file;
mod find;
mod foreign;
mod im_kind;
mod instant;
mod last_contact;
mod latin;
mod limits;
mod migration;
mod next_due;
mod old_files;
mod one_write;
mod page;
mod plan;
mod series;
mod snippet;
mod text_grams;
mod text_grams_pending;
mod undo;
mod unspaced;
mod update;
mod upgrade;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;

use super::{NewCustomer, NewDeal, NewFollowUp, NewInteraction, Store};
use crate::domain::{
    ContactKind, ContactPoint, Currency, CustomerId, CustomerKind, DealId, Direction, FollowUpId,
    InteractionId, InteractionKind, Money, Stage,
};

/// 2026-11-23 00:00:00 UTC in unix seconds (`date -u -d 2026-11-23 +%s`): the start of today.
const T0: i64 = 1_795_392_000;
const DAY: i64 = 86_400;

/// The instant of unix second `secs`, on the second: what a change is stamped with.
fn instant(secs: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(secs, 0).unwrap()
}
const HOUR: i64 = 3_600;

/// The fixed today of every test.
fn today() -> NaiveDate {
    day("2026-11-23")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The names the list gives for a name filter of `name`, by name (first 10), and the count
/// it says for that filter.
fn listed_by_name(s: &Store, name: &str) -> (Vec<String>, usize) {
    let filter = super::ListFilter {
        name: Some(name.into()),
        ..Default::default()
    };
    let rows = s
        .customers_page(&filter, super::CustomerSort::Name, 0, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    (rows, s.count_customers(&filter).unwrap())
}

fn mem() -> Store {
    Store::open_in_memory().unwrap()
}

/// A person with only a name; the uid is derived from the name.
fn person(name: &str) -> NewCustomer {
    NewCustomer {
        name: name.into(),
        uid: format!("uid-{name}"),
        created_at: T0 - 30 * DAY,
        ..NewCustomer::default()
    }
}

fn org(name: &str) -> NewCustomer {
    NewCustomer {
        kind: CustomerKind::Org,
        ..person(name)
    }
}

fn email(value: &str) -> ContactPoint {
    ContactPoint {
        kind: ContactKind::Email,
        value: value.into(),
        label: None,
    }
}

fn phone(value: &str) -> ContactPoint {
    ContactPoint {
        kind: ContactKind::Phone,
        value: value.into(),
        label: None,
    }
}

/// Inserts a customer without journaling it.
fn add(store: &mut Store, c: &NewCustomer) -> CustomerId {
    store.write(|w| w.insert_customer(c)).unwrap()
}

fn talk(customer: CustomerId, kind: InteractionKind, at: i64, summary: &str) -> NewInteraction {
    NewInteraction {
        customer_id: customer,
        kind,
        direction: Direction::Out,
        occurred_at: at,
        summary: summary.into(),
        notes: String::new(),
        minutes: None,
        rating: None,
        deal_id: None,
        created_at: at,
    }
}

fn log(store: &mut Store, i: &NewInteraction) -> InteractionId {
    store.write(|w| w.insert_interaction(i)).unwrap()
}

fn task(customer: CustomerId, what: &str, due: &str) -> NewFollowUp {
    NewFollowUp {
        customer_id: customer,
        what: what.into(),
        due_date: day(due),
        due_time: None,
        repeat: None,
        interaction_id: None,
        created_at: T0 - 10 * DAY,
    }
}

fn plan_task(store: &mut Store, f: &NewFollowUp) -> FollowUpId {
    store.write(|w| w.insert_follow_up(f)).unwrap()
}

fn new_deal(
    customer: CustomerId,
    title: &str,
    minor: i64,
    currency: &str,
    stage: Stage,
) -> NewDeal {
    NewDeal {
        customer_id: customer,
        title: title.into(),
        value: Money {
            minor,
            currency: Currency::parse(currency).unwrap(),
        },
        stage,
        probability: stage.default_probability(),
        expected_close: None,
        created_at: T0 - 20 * DAY,
    }
}

fn open_deal(store: &mut Store, d: &NewDeal) -> DealId {
    store.write(|w| w.insert_deal(d)).unwrap()
}

/// `customers.last_contact_at` as stored.
fn last_contact(store: &Store, id: CustomerId) -> Option<i64> {
    store
        .conn()
        .query_row(
            "SELECT last_contact_at FROM customers WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
}

/// `customers.next_due` as stored.
fn next_due(store: &Store, id: CustomerId) -> Option<String> {
    store
        .conn()
        .query_row(
            "SELECT next_due FROM customers WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
}

/// Rowids an FTS query finds in `table` (`customers_fts`, `interactions_fts`, ...), ascending.
fn fts(store: &Store, table: &str, query: &str) -> Vec<i64> {
    let mut stmt = store
        .conn()
        .prepare(&format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rowid"
        ))
        .unwrap();
    stmt.query_map([query], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Acme and Anna, one of its people, called a day before `T0`: (Acme, Anna).
fn acme_and_anna(s: &mut Store) -> (CustomerId, CustomerId) {
    let acme = add(s, &org("Acme"));
    let anna = add(
        s,
        &NewCustomer {
            org_id: Some(acme),
            ..person("Anna")
        },
    );
    log(s, &talk(anna, InteractionKind::Call, T0 - DAY, "call"));
    (acme, anna)
}

/// Customers whose stored `column` is not `from_scratch` (SQL over the row of `customers`
/// it is read for): (id, stored, worked out from scratch).
fn disagreeing<T: rusqlite::types::FromSql>(
    s: &Store,
    column: &str,
    from_scratch: &str,
) -> Vec<(i64, Option<T>, Option<T>)> {
    s.conn()
        .prepare(&format!(
            "SELECT id, {column}, {from_scratch} FROM customers
              WHERE {column} IS NOT {from_scratch} ORDER BY id"
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn cell(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("'{}'", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => {
            let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("x'{}'", hex.concat())
        }
    }
}

/// The first column of every row, sorted.
fn names(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    let mut v: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    v.sort();
    v
}

fn rows_of(store: &Store, sql: &str) -> Vec<String> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let cells: Vec<String> = (0..n).map(|i| cell(r.get_ref(i).unwrap())).collect();
        out.push(cells.join(" | "));
    }
    out.sort();
    out
}

/// Every user table as sorted rows of strings, keyed by table name. The journal's own
/// tables are left out (undo marks changes as undone), and so are the FTS shadow tables,
/// whose segments change shape with every write; the FTS indexes are dumped logically
/// instead, as their (term, row, column, offset) instances. A follow-up's calendar
/// revision (`reschedule_count`, `changed_at`) is left out too: an undo that puts its day
/// back moves it on (see `Store::undo`; the iCalendar tests check it).
fn dump(store: &Store) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for t in names(
        store,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%_fts_%'
           AND name NOT IN ('changes', 'change_ops', 'change_ranges', 'change_after',
                            'change_range_ends')",
    ) {
        let columns = names(
            store,
            &format!(
                "SELECT '\"' || name || '\"' FROM pragma_table_info('{t}')
                 WHERE '{t}' <> 'follow_ups' OR name NOT IN ('reschedule_count', 'changed_at')"
            ),
        );
        let rows = rows_of(
            store,
            &format!("SELECT {} FROM \"{t}\"", columns.join(", ")),
        );
        out.insert(t, rows);
    }
    let fts_tables = names(
        store,
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'",
    );
    assert!(fts_tables.len() >= 2, "{fts_tables:?}");
    for fts in fts_tables {
        store
            .conn()
            .execute_batch(&format!(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_vocab USING fts5vocab(main, {fts}, instance)"
            ))
            .unwrap();
        let rows = rows_of(store, &format!("SELECT * FROM temp.{fts}_vocab"));
        out.insert(format!("{fts} (index)"), rows);
    }
    out
}
