//! Customer lists: which customers a list shows and in what order, as SQL, and its windows,
//! counts and positions.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{CustomerRow, by_value, map_row, row_select};
use crate::domain::{Currency, CustomerId, CustomerKind};
use crate::store::row::date_str;
use crate::store::{Result, Store};

/// How to order a customer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomerSort {
    /// By name, A to Z.
    #[default]
    Name,
    /// Most recent contact first (never contacted last).
    LastContact,
    /// Longest without contact first (never contacted first).
    Oldest,
    /// Most valuable first, as the value tiers rank accounts: by the won value of the
    /// customer's account in the tier window (see [`super::CustomerRow::tier_value_minor`]),
    /// then by all-time won value.
    Value,
    /// Earliest next follow-up first.
    NextDue,
}

/// Which customers a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only people of this organization.
    pub org: Option<CustomerId>,
    /// Only this kind.
    pub kind: Option<CustomerKind>,
    /// Only names matching these words (prefixes, any order, accents ignored).
    pub name: Option<String>,
    /// Only customers with an open follow-up due on or before this day.
    pub due_by: Option<NaiveDate>,
    /// Only customers of this value tier ('A', 'B' or 'C'), as cached by `insight::refresh`.
    pub tier: Option<char>,
    /// Only customers without a next step: no open follow-up at all (an organization: of it
    /// or its people, `customers.next_due`).
    pub no_next_step: bool,
    /// Your currency: [`CustomerSort::Value`] orders by the won value in it first (other
    /// currencies are never converted or added; see `order_sql`). Without it, by the won value
    /// of customers whose won deals are all in one currency, mixed ones counting as nothing.
    pub currency: Option<Currency>,
    /// The value tiers' window as timestamps, from (included) to until (excluded): with it
    /// and `currency`, each row's `won_12mo_minor` is what the customer itself won in it, and
    /// [`CustomerSort::Value`] orders an account's people by it
    /// (`insight::value_window` makes it).
    pub value_window: Option<(i64, i64)>,
}

/// Turns typed words (folded, [`crate::store::search::Typed::words`]) into an FTS5 query of
/// name prefixes, each also of the Latin spelling ([`crate::store::search::name_term`]):
/// `anna kow` -> `(name : "anna"* OR latin : "ana"*) AND …`.
pub(crate) fn name_prefix_query<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let terms: Vec<String> = words
        .into_iter()
        .map(crate::store::search::name_term)
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

impl ListFilter {
    /// The filter as ` WHERE …` over `customers c` (empty when it keeps everyone), its
    /// values appended to `args` as numbered parameters (`?{args.len()}`): for queries
    /// outside the store that list customers (exports).
    pub fn where_sql(&self, args: &mut Vec<rusqlite::types::Value>) -> String {
        filter_sql(self, args)
    }
}

pub(crate) fn filter_sql(filter: &ListFilter, args: &mut Vec<rusqlite::types::Value>) -> String {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    if let Some(tag) = &filter.tag {
        args.push(Value::Text(tag.clone()));
        clauses.push(format!(
            "c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?{})",
            args.len()
        ));
    }
    if let Some(org) = filter.org {
        args.push(Value::Integer(org.0));
        clauses.push(format!("c.org_id = ?{}", args.len()));
    }
    if let Some(kind) = filter.kind {
        args.push(Value::Text(kind.as_str().into()));
        clauses.push(format!("c.kind = ?{}", args.len()));
    }
    let typed = filter.name.as_deref().map(crate::store::search::Typed::new);
    if typed
        .as_ref()
        .is_some_and(crate::store::search::Typed::is_over)
    {
        // More words than a lookup reads: no name has them all (as `customers_by_name`).
        clauses.push("0".into());
    } else if let Some(typed) = &typed
        && let Some(q) = name_prefix_query(typed.words())
    {
        args.push(Value::Text(q));
        let words = args.len();
        let tight = crate::store::search::grams_query(&typed.folded).map(|(grams, letters)| {
            args.push(Value::Text(grams));
            args.push(Value::Text(letters));
            (args.len() - 1, args.len())
        });
        clauses.push(format!(
            "c.id IN ({})",
            crate::store::search::name_ids_sql(words, tight)
        ));
    }
    match filter.tier {
        Some(t @ ('A' | 'B')) => {
            args.push(Value::Text(t.to_string()));
            clauses.push(format!(
                "c.id IN (SELECT customer_id FROM customer_tiers WHERE tier = ?{})",
                args.len()
            ));
        }
        Some(_) => clauses.push("c.id NOT IN (SELECT customer_id FROM customer_tiers)".into()),
        None => {}
    }
    if let Some(day) = filter.due_by {
        args.push(Value::Text(date_str(day)));
        clauses.push(format!("c.next_due <= ?{}", args.len()));
    }
    if filter.no_next_step {
        // `next_due` is the earliest open follow-up, kept by triggers: NULL when none is open.
        // The `+` keeps SQLite off `customers_next_due`: after an import nearly every row is
        // NULL, and walking the list's own order index with LIMIT beats sorting them all.
        clauses.push("+c.next_due IS NULL".into());
    }
    if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    }
}

/// The ORDER BY of a customer list. `SQLite` sorts NULL first, so "never contacted" falls
/// last in DESC and first in ASC by itself, and both contact sorts walk
/// `customers_last_contact` instead of sorting the whole table.
///
/// By name: by `name_key` ([`crate::domain::text::name_key`]: `Émile` before `Łucja` before
/// `Zoe`), then the name as written (`Anna` before `anna`), then the id; the index
/// `customers_name_key(name_key, name)` holds that order.
///
/// By value: as the value tiers rank accounts, so no tier C customer lists above a tier A
/// one: the won value of the customer's account (an organization with its people) in the
/// tier window, in your currency (`tier_value_minor`, column 13), highest first. An
/// account's rows stay together (ties by account id), the organization first, then its
/// people by what each won in the window themselves (`won_12mo_minor`, column 14, when the
/// filter has the window). Then, for those with no value in the window (and ties), the
/// all-time won value in `currency` (highest first); then customers won in one other
/// currency, grouped by currency code and highest first within it; then those won in
/// several other currencies, then those with nothing won, by name. Amounts are only ever
/// compared within one currency. By value the ORDER BY reads the sort keys
/// [`super::by_value`] selects (`own_won_minor`: what the customer itself won of all time
/// in `currency`), not the list's columns.
pub(crate) fn order_sql(sort: CustomerSort, currency: Option<Currency>) -> Cow<'static, str> {
    // Only rows with a value in the window are grouped by account: the others are ordered
    // by what they won all time.
    const ACCOUNT: &str =
        "CASE WHEN tier_value_minor IS NOT NULL THEN coalesce(c.org_id, c.id) END,
             CASE WHEN tier_value_minor IS NOT NULL THEN c.org_id IS NOT NULL END, won_12mo_minor DESC";
    Cow::Borrowed(match (sort, currency) {
        (CustomerSort::Name, _) => " ORDER BY c.name_key, c.name, c.id",
        (CustomerSort::LastContact, _) => " ORDER BY c.last_contact_at DESC, c.id DESC",
        (CustomerSort::Oldest, _) => " ORDER BY c.last_contact_at, c.id",
        (CustomerSort::NextDue, _) => " ORDER BY c.next_due IS NULL, c.next_due, c.id",
        (CustomerSort::Value, Some(_)) => {
            return Cow::Owned(format!(
                " ORDER BY tier_value_minor DESC, {ACCOUNT}, own_won_minor DESC,
                 won_currency IS NULL, won_currency = 'mixed', won_currency, won_minor DESC, c.name_key, c.name, c.id"
            ));
        }
        (CustomerSort::Value, None) => {
            return Cow::Owned(format!(
                " ORDER BY tier_value_minor DESC, {ACCOUNT}, won_minor DESC, c.name_key, c.name, c.id"
            ));
        }
    })
}

impl Store {
    /// One window of a customer list.
    pub fn customers_page(
        &self,
        filter: &ListFilter,
        sort: CustomerSort,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<CustomerRow>> {
        let mut args = Vec::new();
        let sql = if sort == CustomerSort::Value {
            // Sorted by keys of their own, the columns made for the page's rows only.
            by_value::page_sql(filter, &mut args, offset, limit)
        } else {
            let mut sql = String::from(row_select(filter));
            sql.push_str(&filter_sql(filter, &mut args));
            sql.push_str(&order_sql(sort, filter.currency));
            args.push(rusqlite::types::Value::Integer(limit as i64));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
            args.push(rusqlite::types::Value::Integer(offset as i64));
            sql.push_str(&format!(" OFFSET ?{}", args.len()));
            sql
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), map_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Where customer `id` stands in the list `filter` and `sort` give (0 is the first row),
    /// for a list to scroll to them; `None` when the filter leaves them out. By name, the
    /// order's index counts the rows before them; by any other order, the list's own query
    /// numbers its rows (a whole scan: once, when a customer is opened, not per frame).
    pub fn customer_position(
        &self,
        filter: &ListFilter,
        sort: CustomerSort,
        id: CustomerId,
    ) -> Result<Option<usize>> {
        let mut args = Vec::new();
        let filtered = filter_sql(filter, &mut args);
        args.push(rusqlite::types::Value::Integer(id.0));
        let n = args.len();
        let sql = if sort == CustomerSort::Value {
            by_value::position_sql(filter, &filtered, n)
        } else if sort == CustomerSort::Name {
            let and = if filtered.is_empty() {
                " WHERE"
            } else {
                " AND"
            };
            format!(
                "SELECT CASE WHEN EXISTS(SELECT 1 FROM customers c{filtered}{and} c.id = ?{n})
                   THEN (SELECT count(*) FROM customers c{filtered}{and}
                     (c.name_key, c.name, c.id) < (SELECT name_key, name, id FROM customers WHERE id = ?{n}))
                 END"
            )
        } else {
            format!(
                "SELECT (SELECT pos FROM (SELECT x.id, row_number() OVER () - 1 AS pos
                   FROM ({rows}{filtered}{order}) AS x) WHERE id = ?{n})",
                rows = row_select(filter),
                order = order_sql(sort, filter.currency)
            )
        };
        let pos: Option<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(pos.map(|p| p as usize))
    }

    /// How many customers a filter matches.
    pub fn count_customers(&self, filter: &ListFilter) -> Result<usize> {
        let mut args = Vec::new();
        let sql = format!(
            "SELECT count(*) FROM customers c{}",
            filter_sql(filter, &mut args)
        );
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }
}
