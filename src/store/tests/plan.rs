//! Hot queries use indexes: `EXPLAIN QUERY PLAN` of each, on the real schema.
//!
//! The SELECT heads come from the query modules' consts; the WHERE / ORDER BY tails are
//! copied from the methods named in each test (keep them in step).

use super::*;
use crate::store::{CustomerSort, ListFilter, customer, deal, follow_up, interaction, search};

/// One plan line: its parent (0 = top level) and its detail.
struct Line {
    parent: i64,
    detail: String,
}

fn plan(s: &Store, sql: &str) -> Vec<Line> {
    let mut stmt = s
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let nulls = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
    stmt.query_map(rusqlite::params_from_iter(nulls), |r| {
        Ok(Line {
            parent: r.get(1)?,
            detail: r.get(3)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn text(p: &[Line]) -> String {
    p.iter()
        .map(|l| format!("{} {}", l.parent, l.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts the plan holds `expected` lines, uses an index for every table it reads, and never
/// reads one of `tables` (aliases or names) in full.
fn assert_indexed(p: &[Line], expected: &[&str], tables: &[&str]) {
    let all = text(p);
    for e in expected {
        assert!(
            p.iter().any(|l| l.detail.contains(e)),
            "no `{e}` in plan:\n{all}"
        );
    }
    assert!(
        p.iter().any(|l| [
            "USING INDEX",
            "USING COVERING INDEX",
            "USING INTEGER PRIMARY KEY",
            "VIRTUAL TABLE INDEX"
        ]
        .iter()
        .any(|u| l.detail.contains(u))),
        "no index in plan:\n{all}"
    );
    for l in p {
        for t in tables {
            let full =
                l.detail == format!("SCAN {t}") || l.detail.starts_with(&format!("SCAN {t} "));
            assert!(!full, "full scan of `{t}`:\n{all}");
        }
    }
}

/// A windowed list must walk an index in list order, so LIMIT stops early: no top-level sort.
fn assert_walks(p: &[Line], index: &str) {
    let all = text(p);
    assert!(
        p.iter()
            .any(|l| l.parent == 0 && l.detail == format!("SCAN c USING INDEX {index}")),
        "not walking `{index}`:\n{all}"
    );
    assert!(
        !p.iter()
            .any(|l| l.parent == 0 && l.detail.starts_with("USE TEMP B-TREE FOR ORDER BY")),
        "sorts the whole list:\n{all}"
    );
}

/// Row subqueries (first email / phone, tags, won deals) must be index lookups.
const ROW_TABLES: &[&str] = &["contact_points", "customer_tags", "ct", "deals", "t"];

const HISTORY: &str =
    "WHERE i.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
     ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2 OFFSET ?3";

#[test]
fn plan_todays_queue_uses_the_open_due_index() {
    let s = mem();
    // Store::follow_ups_due
    let sql = format!(
        "{} WHERE f.status = 'open' AND f.due_date <= ?1
         ORDER BY f.due_date, f.due_time IS NULL, f.due_time, f.id LIMIT ?2 OFFSET ?3",
        follow_up::SELECT
    );
    let p = plan(&s, &sql);
    assert_indexed(
        &p,
        &[
            "SEARCH f USING INDEX follow_ups_open_due (due_date<?)",
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        &["f", "c", "follow_ups", "customers"],
    );
    // Store::count_due
    let p = plan(
        &s,
        "SELECT count(*) FROM follow_ups WHERE status = 'open' AND due_date <= ?1",
    );
    assert_indexed(
        &p,
        &["USING COVERING INDEX follow_ups_open_due"],
        &["follow_ups"],
    );
    // Store::follow_ups_upcoming
    let sql = format!(
        "{} WHERE f.status = 'open' AND f.due_date > ?1 ORDER BY f.due_date, f.id LIMIT ?2",
        follow_up::SELECT
    );
    assert_indexed(
        &plan(&s, &sql),
        &["follow_ups_open_due (due_date>?)"],
        &["f", "c"],
    );
    // Store::count_reviewed
    let p = plan(
        &s,
        "SELECT count(*) FROM follow_ups WHERE done_at >= ?1 AND done_at < ?2 AND original_due <= ?3",
    );
    assert_indexed(
        &p,
        &["follow_ups_done_at (done_at>? AND done_at<?)"],
        &["follow_ups"],
    );
}

#[test]
fn plan_history_uses_the_customer_time_index() {
    let s = mem();
    // Store::history
    let p = plan(&s, &format!("{} {HISTORY}", interaction::SELECT));
    assert_indexed(
        &p,
        &[
            "SEARCH i USING INDEX interactions_customer_time (customer_id=?)",
            "SEARCH customers USING COVERING INDEX customers_org (org_id=?)",
        ],
        &["i", "c", "interactions", "customers"],
    );
    // Store::history_len
    let p = plan(
        &s,
        "SELECT count(*) FROM interactions WHERE customer_id IN
         (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)",
    );
    assert_indexed(
        &p,
        &["COVERING INDEX interactions_customer_time"],
        &["interactions", "customers"],
    );
    // Store::interaction
    let p = plan(&s, &format!("{} WHERE i.id = ?1", interaction::SELECT));
    assert_indexed(&p, &["SEARCH i USING INTEGER PRIMARY KEY"], &["i", "c"]);
}

#[test]
fn plan_customer_follow_ups_and_deals_use_customer_indexes() {
    let s = mem();
    // Store::customer_follow_ups
    let sql = format!(
        "{} WHERE f.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
         ORDER BY f.status <> 'open', CASE WHEN f.status = 'open' THEN f.due_date END,
                  f.done_at DESC, f.due_time IS NULL, f.due_time, f.id DESC LIMIT ?2",
        follow_up::SELECT
    );
    assert_indexed(
        &plan(&s, &sql),
        &["SEARCH f USING INDEX follow_ups_customer (customer_id=?)"],
        &["f", "c", "follow_ups", "customers"],
    );
    // Store::customer_deals
    let sql = format!(
        "{} WHERE d.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
         ORDER BY d.closed_at IS NOT NULL, d.expected_close IS NULL, d.expected_close, d.id DESC",
        deal::SELECT
    );
    assert_indexed(
        &plan(&s, &sql),
        &["SEARCH d USING INDEX deals_customer (customer_id=?)"],
        &["d", "c", "deals", "customers"],
    );
}

fn page_sql(filter: &ListFilter, sort: CustomerSort) -> String {
    // Store::customers_page
    let mut args = Vec::new();
    format!(
        "{}{}{} LIMIT ?90 OFFSET ?91",
        customer::ROW_SELECT,
        customer::filter_sql(filter, &mut args),
        &customer::order_sql(sort, filter.currency)
    )
}

#[test]
fn plan_customer_lists_walk_an_index_in_order() {
    let s = mem();
    let all = ListFilter::default();
    for (sort, index) in [
        (CustomerSort::Name, "customers_name_key"),
        (CustomerSort::LastContact, "customers_last_contact"),
        (CustomerSort::Oldest, "customers_last_contact"),
    ] {
        let p = plan(&s, &page_sql(&all, sort));
        assert_walks(&p, index);
        assert_indexed(&p, &["SEARCH o USING INTEGER PRIMARY KEY"], ROW_TABLES);
    }
    // People of an organization: an index lookup, however sorted.
    let of_org = ListFilter {
        org: Some(CustomerId(1)),
        ..ListFilter::default()
    };
    let p = plan(&s, &page_sql(&of_org, CustomerSort::Name));
    assert_indexed(
        &p,
        &["SEARCH c USING INDEX customers_org (org_id=?)"],
        &["c"],
    );
    // A tag: through the tag's rows.
    let tagged = ListFilter {
        tag: Some("vip".into()),
        ..ListFilter::default()
    };
    let p = plan(&s, &page_sql(&tagged, CustomerSort::LastContact));
    assert_indexed(&p, &["customer_tags_tag (tag_id=?)"], &["ct", "t"]);
    // A name: through the FTS index.
    let named = ListFilter {
        name: Some("anna".into()),
        ..ListFilter::default()
    };
    let p = plan(&s, &page_sql(&named, CustomerSort::Name));
    assert_indexed(&p, &["VIRTUAL TABLE INDEX"], ROW_TABLES);
    // A name in a script written without spaces: through its pieces' index too.
    let named = ListFilter {
        name: Some("小明".into()),
        ..ListFilter::default()
    };
    let p = plan(&s, &page_sql(&named, CustomerSort::Name));
    assert_indexed(
        &p,
        &[
            "SCAN g VIRTUAL TABLE INDEX",
            "SEARCH t USING INTEGER PRIMARY KEY",
        ],
        &["c", "t", "customers"],
    );
}

#[test]
fn plan_name_and_email_lookups_never_scan_customers() {
    let s = mem();
    // Store::customers_by_name
    let sql = format!(
        "{} WHERE c.id IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?1)
         ORDER BY c.name_key, c.name, c.id LIMIT ?2",
        search::CANDIDATE
    );
    assert_indexed(
        &plan(&s, &sql),
        &[
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
            "SCAN customers_fts VIRTUAL TABLE INDEX",
        ],
        &["c", "customers", "contact_points"],
    );
    // Store::customers_by_name, typed in a script written without spaces: both indexes.
    let sql = format!(
        "{} WHERE c.id IN ({}) ORDER BY c.name_key, c.name, c.id LIMIT ?2",
        search::CANDIDATE,
        search::name_ids_sql(1, Some((3, 4)))
    );
    assert_indexed(
        &plan(&s, &sql),
        &[
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
            "SCAN customers_fts VIRTUAL TABLE INDEX",
            "SCAN g VIRTUAL TABLE INDEX",
            "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        &["c", "t", "customers", "contact_points"],
    );
    // Store::search, names in a script written without spaces.
    assert_indexed(
        &plan(&s, &search::search_tight_names_sql()),
        &[
            "SCAN g VIRTUAL TABLE INDEX",
            "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)",
        ],
        &["t", "customers"],
    );
    // Store::customers_by_email
    let sql = format!(
        "{} WHERE c.id IN (SELECT customer_id FROM contact_points WHERE kind = 'email' AND norm = ?1)
         ORDER BY c.id",
        search::CANDIDATE
    );
    assert_indexed(
        &plan(&s, &sql),
        &[
            "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)",
            "SEARCH contact_points USING INDEX contact_points_norm (kind=? AND norm=?)",
        ],
        &["c", "customers", "contact_points"],
    );
    // Store::customers_by_phone: the tail match cannot use `norm`, but stays within phones.
    let sql = format!(
        "{} WHERE c.id IN (SELECT customer_id FROM contact_points WHERE kind = 'phone'
           AND (norm = ?1 OR (length(?2) >= 7 AND substr(norm, -length(?2)) = ?2)))
         ORDER BY c.id",
        search::CANDIDATE
    );
    assert_indexed(
        &plan(&s, &sql),
        &["SEARCH contact_points USING INDEX contact_points_norm (kind=?)"],
        &["c", "customers", "contact_points"],
    );
}

#[test]
fn plan_full_text_search_starts_from_the_fts_indexes() {
    let s = mem();
    // Store::search, both halves.
    let p = plan(&s, search::SEARCH_CUSTOMERS);
    assert_indexed(
        &p,
        &[
            "customers_fts VIRTUAL TABLE INDEX",
            "SEARCH c USING INTEGER PRIMARY KEY",
        ],
        &["c"],
    );
    let p = plan(&s, search::SEARCH_INTERACTIONS);
    assert_indexed(
        &p,
        &[
            "interactions_fts VIRTUAL TABLE INDEX",
            "SEARCH i USING INTEGER PRIMARY KEY",
        ],
        &["i", "c"],
    );
    let p = plan(&s, search::SEARCH_FOLLOW_UPS);
    assert_indexed(
        &p,
        &[
            "follow_ups_fts VIRTUAL TABLE INDEX",
            "SEARCH f USING INTEGER PRIMARY KEY",
        ],
        &["f", "c"],
    );
}

#[test]
fn plan_triggers_and_fts_content_reads_are_keyed() {
    let s = mem();
    // What the derived triggers and the FTS content reads run per row.
    for sql in [
        "SELECT max(occurred_at) FROM interactions WHERE customer_id = ?1 AND kind <> 'note'",
        "SELECT min(due_date) FROM follow_ups WHERE customer_id = ?1 AND status = 'open'",
        "SELECT id, name, notes, needs FROM customers_fts_src WHERE id = ?1",
        "SELECT id, summary, notes FROM interactions_fts_src WHERE id = ?1",
        "SELECT id, what FROM follow_ups_fts_src WHERE id = ?1",
    ] {
        assert_indexed(
            &plan(&s, sql),
            &[],
            &["interactions", "follow_ups", "customers"],
        );
    }
}

#[test]
fn plan_organization_lookup_and_name_key_fill_seek_the_name_key_index() {
    let s = mem();
    // store::find_org, the exact name
    let sql = "SELECT id, name FROM customers
               WHERE name_key = ?2 AND kind = 'org' AND name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1";
    assert_indexed(
        &plan(&s, sql),
        &["SEARCH customers USING INDEX customers_name_key (name_key=?)"],
        &["customers"],
    );
    // store::customer::name_key::fill, before every commit
    let sql = "SELECT id, name FROM customers WHERE name_key = ''";
    assert_indexed(
        &plan(&s, sql),
        &["SEARCH customers USING COVERING INDEX customers_name_key (name_key=?)"],
        &["customers"],
    );
}
