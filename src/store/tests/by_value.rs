//! The list by value worked out from grouped won deals gives the rows, the order and the
//! positions the list's own query gave (one correlated subquery per customer), on a demo
//! database changed after its tiers were cached.

use super::*;
use crate::store::customer::{CustomerRow, filter_sql, map_row, row_select};
use crate::store::{CustomerSort, ListFilter};

/// The list by value as it was asked before its sort keys were grouped: every column of
/// every row the filter keeps, ordered by them (`13` the account's tier value, `14` what the
/// row won in the window, `11` its all-time won value).
fn by_value_before(s: &Store, filter: &ListFilter) -> Vec<CustomerRow> {
    let account = "CASE WHEN tier_value_minor IS NOT NULL THEN coalesce(c.org_id, c.id) END,
         CASE WHEN tier_value_minor IS NOT NULL THEN c.org_id IS NOT NULL END, 14 DESC";
    let order = match filter.currency {
        Some(cur) => format!(
            " ORDER BY 13 DESC, {account}, (SELECT coalesce(sum(value_minor), 0) FROM deals
               WHERE customer_id = c.id AND stage = 'won' AND currency = '{}') DESC,
             won_currency IS NULL, won_currency = 'mixed', won_currency, won_minor DESC,
             c.name_key, c.name, c.id",
            cur.as_str()
        ),
        None => format!(" ORDER BY 13 DESC, {account}, 11 DESC, c.name_key, c.name, c.id"),
    };
    let mut args = Vec::new();
    let sql = format!(
        "{}{}{order}",
        row_select(filter),
        filter_sql(filter, &mut args)
    );
    let mut stmt = s.conn().prepare(&sql).unwrap();
    stmt.query_map(rusqlite::params_from_iter(args), map_row)
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Runs `sql` with the journal not recording, as another program writes.
fn past_the_journal(s: &Store, sql: &str) {
    s.conn()
        .execute_batch(&format!(
            "UPDATE journal_state SET recording = 0; {sql}; UPDATE journal_state SET recording = 1;"
        ))
        .unwrap();
}

/// A 600-customer demo (PLN, a few EUR and USD deals) with its tiers cached for today, then
/// changed the way the cache does not see: deals won since (by people of tier A accounts
/// and by customers with nothing won yet, in PLN, EUR and JPY), an organization moved into
/// another, and one whose deals are in two currencies.
fn changed_demo() -> (Store, ListFilter) {
    let mut s = mem();
    let now = T0 - HOUR;
    crate::demo::generate(
        &mut s,
        &crate::demo::DemoOptions {
            customers: 600,
            seed: 16,
            today: today(),
            now,
            currency: Currency::PLN,
        },
    )
    .unwrap();
    let cfg = crate::insight::InsightConfig::with_currency(Currency::PLN);
    crate::insight::refresh(&mut s, today(), &cfg).unwrap();
    let ids = |sql: &str| -> Vec<i64> {
        let mut stmt = s.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let tier_a_people = ids(
        "SELECT c.id FROM customers c JOIN customer_tiers t ON t.customer_id = c.id
         WHERE t.tier = 'A' AND c.org_id IS NOT NULL ORDER BY c.id LIMIT 3",
    );
    let nothing_won = ids(
        "SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM deals WHERE stage = 'won')
         ORDER BY id LIMIT 6",
    );
    let orgs = ids("SELECT id FROM customers WHERE kind = 'org' ORDER BY id LIMIT 2");
    assert_eq!(
        (tier_a_people.len(), nothing_won.len(), orgs.len()),
        (3, 6, 2)
    );
    let mut won = |who: i64, minor: i64, cur: &str| {
        let id = open_deal(
            &mut s,
            &new_deal(CustomerId(who), "since", minor, cur, Stage::Won),
        );
        past_the_journal(
            &s,
            &format!(
                "UPDATE deals SET closed_at = {} WHERE id = {}",
                now - DAY,
                id.0
            ),
        );
    };
    for (i, &p) in tier_a_people.iter().enumerate() {
        won(p, 700_000 * (i as i64 + 1), "PLN");
    }
    for (&c, cur) in nothing_won
        .iter()
        .zip(["PLN", "PLN", "EUR", "JPY", "EUR", "PLN"])
    {
        won(c, 50_000, cur);
    }
    won(nothing_won[3], 10_000, "USD");
    past_the_journal(
        &s,
        &format!(
            "UPDATE customers SET org_id = {} WHERE id = {}",
            orgs[0], orgs[1]
        ),
    );
    let filter = ListFilter {
        currency: Some(Currency::PLN),
        value_window: Some(crate::insight::value_window(today(), &cfg)),
        ..ListFilter::default()
    };
    (s, filter)
}

#[test]
fn by_value_gives_the_rows_and_order_of_the_list_query_before() {
    let (s, window) = changed_demo();
    let filters = [
        window.clone(),
        ListFilter {
            no_next_step: true,
            ..window.clone()
        },
        ListFilter {
            tier: Some('A'),
            ..window.clone()
        },
        ListFilter {
            kind: Some(crate::domain::CustomerKind::Org),
            ..window.clone()
        },
        // Without the window (values of all time), and without a currency.
        ListFilter {
            value_window: None,
            ..window.clone()
        },
        ListFilter::default(),
    ];
    for filter in &filters {
        let before = by_value_before(&s, filter);
        assert!(before.len() > 20, "{filter:?}");
        let all = s
            .customers_page(filter, CustomerSort::Value, 0, before.len() + 5)
            .unwrap();
        assert_eq!(all, before, "{filter:?}");
        let window = s
            .customers_page(filter, CustomerSort::Value, 7, 13)
            .unwrap();
        assert_eq!(window, before[7..20], "{filter:?}");
        for (i, row) in before.iter().enumerate().step_by(37) {
            assert_eq!(
                s.customer_position(filter, CustomerSort::Value, row.id)
                    .unwrap(),
                Some(i),
                "{filter:?}"
            );
        }
    }
    // The window's values are there, those won since the refresh included.
    let shown = s
        .customers_page(&window, CustomerSort::Value, 0, 1000)
        .unwrap();
    assert!(shown.iter().filter(|r| r.won_12mo_minor.is_some()).count() > 20);
}
