//! The order of a list by value, worked out from one grouped pass over the won deals: each
//! customer's sort keys (its account's tier value, what it won in the tier window and of all
//! time, its won currency) for every row the filter keeps, the list's columns only for the
//! rows of the page asked for.
//!
//! The keys are those the list's columns show ([`super::CustomerRow`]: `tier_value_minor`,
//! `won_12mo_minor`, `won_minor`, `won_currency`), worked out here from the deals as they are
//! now, as the columns are: a deal won since the tiers' last refresh moves its row. Where
//! each row counted its deals by correlated subqueries (an organization's over it and its
//! people, for every customer), the won deals are summed once per customer and currency,
//! and an organization's sums are its own plus its people's.

use super::list::{CustomerSort, filter_sql, order_sql};
use super::{ListFilter, row_select};

/// The `WITH` clause of a list by value in `filter`'s currency and window: `won_own(id,
/// currency, total, w12)`, each customer's won deals summed by currency (`w12`: those in
/// the window, in your currency), and `won_acc(who, won_minor, won_currency,
/// won_12mo_minor)`, the same rolled up over the customers a row counts (an organization:
/// it and the customers directly in it, each once), in the columns' shape. The currency
/// code is three ASCII letters and the window two numbers by construction, so they are
/// written as literals.
fn with_sql(filter: &ListFilter) -> String {
    let w12 = match (filter.value_window, filter.currency) {
        (Some((from, until)), Some(cur)) => format!(
            "sum(CASE WHEN currency = '{}' AND closed_at >= {from} AND closed_at < {until}
               THEN value_minor END)",
            cur.as_str()
        ),
        _ => "NULL".into(),
    };
    format!(
        "WITH won_own(id, currency, total, w12) AS (
           SELECT customer_id, currency, sum(value_minor), {w12}
           FROM deals WHERE stage = 'won' GROUP BY customer_id, currency),
         won_acc(who, won_minor, won_currency, won_12mo_minor) AS (
           SELECT who, CASE count(DISTINCT currency) WHEN 1 THEN sum(total) ELSE 0 END,
             CASE count(DISTINCT currency) WHEN 0 THEN NULL WHEN 1 THEN min(currency) ELSE 'mixed' END,
             CASE WHEN sum(w12) > 0 THEN sum(w12) END
           FROM (SELECT id AS who, currency, total, w12 FROM won_own
                 UNION ALL
                 SELECT o.id, w.currency, w.total, w.w12 FROM won_own w
                   JOIN customers p ON p.id = w.id JOIN customers o ON o.id = p.org_id
                  WHERE o.kind = 'org' AND o.id <> p.id)
           GROUP BY who)"
    )
}

/// The ids of the customers `filter` keeps (`filtered`: its [`filter_sql`]), in the order of
/// a list by value ([`order_sql`]), with their sort keys.
fn ordered_sql(filter: &ListFilter, filtered: &str) -> String {
    // What the customer itself won of all time in your currency: its own row of `won_own`.
    let own = filter.currency.map_or_else(String::new, |cur| {
        format!(
            " LEFT JOIN won_own ow ON ow.id = c.id AND ow.currency = '{}'",
            cur.as_str()
        )
    });
    format!(
        "SELECT c.id, acct.revenue_minor AS tier_value_minor,
           a.won_12mo_minor AS won_12mo_minor, coalesce(a.won_minor, 0) AS won_minor,
           a.won_currency AS won_currency, {own_won} AS own_won_minor
         FROM customers c LEFT JOIN won_acc a ON a.who = c.id
           LEFT JOIN account_tiers acct ON acct.account_id = coalesce(c.org_id, c.id) AND acct.revenue_minor > 0{own}{filtered}{}",
        order_sql(CustomerSort::Value, filter.currency),
        own_won = if filter.currency.is_some() {
            "coalesce(ow.total, 0)"
        } else {
            "NULL"
        },
    )
}

/// A page of a list by value: `limit` rows from `offset`, the list's columns
/// ([`row_select`]) worked out for them only; the limit and offset are appended to `args`.
pub(super) fn page_sql(
    filter: &ListFilter,
    args: &mut Vec<rusqlite::types::Value>,
    offset: usize,
    limit: usize,
) -> String {
    let ordered = ordered_sql(filter, &filter_sql(filter, args));
    args.push(rusqlite::types::Value::Integer(limit as i64));
    args.push(rusqlite::types::Value::Integer(offset as i64));
    let n = args.len();
    format!(
        "{with}, value_page(id, pos) AS MATERIALIZED (
           SELECT id, row_number() OVER () FROM ({ordered} LIMIT ?{limit} OFFSET ?{n}))
         {rows} JOIN value_page vp ON vp.id = c.id ORDER BY vp.pos",
        with = with_sql(filter),
        limit = n - 1,
        rows = row_select(filter),
    )
}

/// Where the customer `?{n}` stands in the list by value `filter` gives (`filtered`: its
/// [`filter_sql`]; 0 is the first row, `NULL` when the filter leaves them out), as `SELECT`.
pub(super) fn position_sql(filter: &ListFilter, filtered: &str, n: usize) -> String {
    format!(
        "{with} SELECT (SELECT pos FROM (SELECT x.id, row_number() OVER () - 1 AS pos
           FROM ({ordered}) AS x) WHERE id = ?{n})",
        with = with_sql(filter),
        ordered = ordered_sql(filter, filtered),
    )
}
