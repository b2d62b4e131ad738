//! What a change left of each row it wrote, kept at its commit (`change_after`, schema v27),
//! so `undo` puts back only what is still as rolo left it: another program may have written
//! the file since.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::super::bulk::{LAST_CONTACT_SQL, NEXT_DUE_SQL};
use super::super::{Result, StoreError};
use super::{JOURNALED, columns};

/// Columns the triggers or the commit work out from others (a customer's last contact, next
/// step, the keys of their name): another program's write changes them with what it wrote,
/// so they are never theirs to keep nor a reason to refuse, and `undo` works them out again.
/// So is a follow-up's calendar bookkeeping, which an undo itself moves on unjournaled
/// (`follow_up::revise`: a calendar's SEQUENCE never goes back): the undo of the change
/// before would take that for another program's write.
const DERIVED: &[(&str, &str)] = &[
    ("customers", "last_contact_at"),
    ("customers", "next_due"),
    ("customers", "name_key"),
    ("customers", "name_latin"),
    ("customers", "name_grams"),
    ("follow_ups", "reschedule_count"),
    ("follow_ups", "changed_at"),
    ("follow_ups", "changed_ns"),
];

/// `json_object` of every column of `table`, over the alias `t`.
fn image_sql(conn: &Connection, table: &str) -> Result<String> {
    let pairs: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', t.\"{c}\""))
        .collect();
    Ok(format!("json_object({})", pairs.join(", ")))
}

/// Keeps what change `change_id` left of each row it journaled (NULL: the row is gone), at
/// its commit, with the journal not recording.
pub(in crate::store) fn keep_after_images(conn: &Connection, change_id: i64) -> Result<()> {
    let tables: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT tbl FROM change_ops WHERE change_id = ?1")?
        .query_map([change_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables.iter().filter(|t| JOURNALED.contains(&t.as_str())) {
        let image = image_sql(conn, table)?;
        let sql = if table == "settings" {
            format!(
                "INSERT INTO change_after(change_id, tbl, row_id, key, new)
                 SELECT ?1, 'settings', 0, o.k, (SELECT {image} FROM settings t WHERE t.key = o.k)
                 FROM (SELECT DISTINCT json_extract(old, '$.key') AS k FROM change_ops
                        WHERE change_id = ?1 AND tbl = 'settings') o"
            )
        } else {
            format!(
                "INSERT INTO change_after(change_id, tbl, row_id, key, new)
                 SELECT ?1, '{table}', o.row_id, '',
                        (SELECT {image} FROM {table} t WHERE t.rowid = o.row_id)
                 FROM (SELECT DISTINCT row_id FROM change_ops
                        WHERE change_id = ?1 AND tbl = '{table}') o"
            )
        };
        conn.execute(&sql, [change_id])?;
    }
    Ok(())
}

/// One row a change wrote: before it, as it left it, and now (`None`: no such row).
struct Row {
    table: String,
    id: i64,
    key: String,
    before: Option<Map<String, Value>>,
    after: Option<Map<String, Value>>,
    now: Option<Map<String, Value>>,
}

/// The columns of rows another program changed since, that the change did not: `undo`
/// writes them back after it put the rows as they were before the change.
pub(super) struct Theirs(Vec<(String, i64, String, Vec<String>, String)>);

fn parse(json: Option<String>) -> Option<Map<String, Value>> {
    json.and_then(|j| match serde_json::from_str(&j) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    })
}

/// Compares what change `change_id` left of each row with the row now. A column another
/// program changed since that the change had set (or a row it deleted or added in the
/// change's place) refuses the undo, naming the customer and the field; a column of theirs
/// the change did not set is kept ([`Theirs`]). A change from before schema v27 kept no
/// images: nothing to compare.
pub(super) fn reconcile(conn: &Connection, change_id: i64, summary: &str) -> Result<Theirs> {
    let mut theirs = Vec::new();
    let mut conflicts = Vec::new();
    for row in rows(conn, change_id)? {
        let Row {
            table,
            id: row_id,
            key,
            before,
            after,
            now,
        } = row;
        // A customer the change added goes with all that is attached to them: what another
        // program attached since would go unsaid.
        if let (None, Some(_), Some(_)) = (&before, &after, &now)
            && table == "customers"
            && let Some(found) = foreign_dependent(conn, change_id, row_id, row_id)?
        {
            conflicts.push((added_since(conn, found, summary)?, None));
        }
        match (&before, &after, &now) {
            (_, None, Some(now)) => conflicts.push((
                format!(
                    "another program added {} since \"{summary}\"",
                    subject(conn, &table, now)?
                ),
                None,
            )),
            (Some(_), Some(after), None) => conflicts.push((
                format!(
                    "another program deleted {} since \"{summary}\"",
                    subject(conn, &table, after)?
                ),
                None,
            )),
            (before, Some(after), Some(now)) => {
                let mut kept = Vec::new();
                for (column, left) in after {
                    let current = now.get(column).unwrap_or(&Value::Null);
                    if current == left || DERIVED.contains(&(table.as_str(), column.as_str())) {
                        continue;
                    }
                    let set = before.as_ref().is_none_or(|b| b.get(column) != Some(left));
                    if set {
                        let (now_s, left_s) = (shown(current), shown(left));
                        conflicts.push((
                            format!(
                                "another program changed {} since \"{summary}\": its {} is \
                                 now {now_s}, where rolo left {left_s}",
                                subject(conn, &table, now)?,
                                column.replace('_', " "),
                            ),
                            Some(left_s),
                        ));
                    } else {
                        kept.push(column.clone());
                    }
                }
                if !kept.is_empty() {
                    let json = Value::Object(now.clone()).to_string();
                    theirs.push((table, row_id, key, kept, json));
                }
            }
            _ => {}
        }
    }
    // The customers a bulk load added (a range): the same, for what another program attached
    // to them since.
    if let Some((first, last)) = appended_customers(conn, change_id)?
        && let Some(found) = foreign_dependent(conn, change_id, first, last)?
    {
        conflicts.push((added_since(conn, found, summary)?, None));
    }
    if let Some((first, left)) = conflicts.first() {
        let more = match conflicts.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let back = left
            .as_ref()
            .map(|left| format!(" (set it back to {left} to undo the change, or keep it)"))
            .unwrap_or_default();
        return Err(StoreError::Invalid(format!(
            "{first}{more}; nothing was undone{back}"
        )));
    }
    Ok(Theirs(theirs))
}

/// A row attached to a customer change `change_id` added, with an id from `first` to `last`
/// (one it journaled, or the range a bulk load appended): their contacts, tags, history, or
/// a person of theirs, that the change did not write. Another program's, which the undo would
/// delete with them (or cut from them). Its table and its customer.
fn foreign_dependent(
    conn: &Connection,
    change_id: i64,
    first: i64,
    last: i64,
) -> Result<Option<(String, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT tbl, owner FROM (
               SELECT 'interactions' AS tbl, rowid AS rid, customer_id AS owner
                 FROM interactions WHERE customer_id BETWEEN ?2 AND ?3
               UNION ALL SELECT 'follow_ups', rowid, customer_id FROM follow_ups
                 WHERE customer_id BETWEEN ?2 AND ?3
               UNION ALL SELECT 'deals', rowid, customer_id FROM deals
                 WHERE customer_id BETWEEN ?2 AND ?3
               UNION ALL SELECT 'contact_points', rowid, customer_id FROM contact_points
                 WHERE customer_id BETWEEN ?2 AND ?3
               UNION ALL SELECT 'customer_tags', rowid, customer_id FROM customer_tags
                 WHERE customer_id BETWEEN ?2 AND ?3
               UNION ALL SELECT 'customers', rowid, org_id FROM customers
                 WHERE org_id BETWEEN ?2 AND ?3 AND org_id <> id
             ) d
             WHERE NOT EXISTS (SELECT 1 FROM change_ops o
                               WHERE o.change_id = ?1 AND o.tbl = d.tbl AND o.row_id = d.rid)
               AND NOT EXISTS (SELECT 1 FROM change_ranges r
                                 JOIN change_range_ends e ON e.change_id = r.change_id
                                                         AND e.tbl = r.tbl
                               WHERE r.change_id = ?1 AND r.tbl = d.tbl
                                 AND d.rid BETWEEN r.first_id AND e.last_id)
             LIMIT 1",
        )?
        .query_row(params![change_id, first, last], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// `another program added Bob Beta's interaction since "add Bob Beta"` (or `a person to
/// Acme`), of what [`foreign_dependent`] found.
fn added_since(conn: &Connection, (table, owner): (String, i64), summary: &str) -> Result<String> {
    let mut row = Map::new();
    row.insert("customer_id".into(), Value::from(owner));
    let what = if table == "customers" {
        let mut org = Map::new();
        let name: Option<String> = conn
            .query_row("SELECT name FROM customers WHERE id = ?1", [owner], |r| {
                r.get(0)
            })
            .optional()?;
        org.insert("name".into(), Value::from(name.unwrap_or_default()));
        format!("a person to {}", subject(conn, "customers", &org)?)
    } else {
        subject(conn, &table, &row)?
    };
    Ok(format!("another program added {what} since \"{summary}\""))
}

/// The customers a bulk load of change `change_id` appended (schema v27 on: its range has an
/// end), first and last.
fn appended_customers(conn: &Connection, change_id: i64) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT r.first_id, e.last_id FROM change_ranges r
               JOIN change_range_ends e ON e.change_id = r.change_id AND e.tbl = r.tbl
              WHERE r.change_id = ?1 AND r.tbl = 'customers'",
        )?
        .query_row([change_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

impl Theirs {
    /// Writes back the columns of another program's that the undo wrote over.
    pub(super) fn keep(&self, conn: &Connection) -> Result<()> {
        for (table, row_id, key, kept, json) in &self.0 {
            let sets: Vec<String> = kept
                .iter()
                .map(|c| format!("\"{c}\" = json_extract(?1, '$.\"{c}\"')"))
                .collect();
            if table == "settings" {
                conn.execute(
                    &format!("UPDATE settings SET {} WHERE key = ?2", sets.join(", ")),
                    params![json, key],
                )?;
            } else {
                conn.execute(
                    &format!("UPDATE {table} SET {} WHERE rowid = ?2", sets.join(", ")),
                    params![json, row_id],
                )?;
            }
        }
        Ok(())
    }
}

/// Works out again the last contact and next step of the customers whose rows the change
/// wrote: the images put back hold them as they were before it, and another program may
/// have logged a contact or planned a step since.
pub(super) fn recompute_derived(conn: &Connection, change_id: i64) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE customers SET last_contact_at = {LAST_CONTACT_SQL}, next_due = {NEXT_DUE_SQL}
             WHERE id IN (SELECT row_id FROM change_ops WHERE change_id = ?1 AND tbl = 'customers')
               AND (last_contact_at IS NOT {LAST_CONTACT_SQL} OR next_due IS NOT {NEXT_DUE_SQL})"
        ),
        [change_id],
    )?;
    Ok(())
}

/// The rows change `change_id` wrote, with what they were, what it left and what they are.
fn rows(conn: &Connection, change_id: i64) -> Result<Vec<Row>> {
    let kept: Vec<(String, i64, String, Option<String>)> = conn
        .prepare_cached("SELECT tbl, row_id, key, new FROM change_after WHERE change_id = ?1")?
        .query_map([change_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::with_capacity(kept.len());
    for (table, row_id, key, new) in kept {
        if !JOURNALED.contains(&table.as_str()) {
            continue;
        }
        let first: Option<(String, Option<String>)> = conn
            .prepare_cached(
                "SELECT op, old FROM change_ops WHERE change_id = ?1 AND tbl = ?2
                   AND row_id = ?3 AND (?4 = '' OR json_extract(old, '$.key') = ?4)
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![change_id, table, row_id, key], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let before = first.and_then(|(op, old)| if op == "I" { None } else { parse(old) });
        let image = image_sql(conn, &table)?;
        let now: Option<String> = if table == "settings" {
            conn.query_row(
                &format!("SELECT {image} FROM settings t WHERE t.key = ?1"),
                [&key],
                |r| r.get(0),
            )
        } else {
            conn.query_row(
                &format!("SELECT {image} FROM {table} t WHERE t.rowid = ?1"),
                [row_id],
                |r| r.get(0),
            )
        }
        .optional()?;
        rows.push(Row {
            table,
            id: row_id,
            key,
            before,
            after: parse(new),
            now: parse(now),
        });
    }
    Ok(rows)
}

/// A value as a message quotes it (sanitized: it is the database's text).
fn shown(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::String(s) => format!("\"{}\"", crate::domain::text::sanitize(s)),
        other => other.to_string(),
    }
}

/// Whose row it is, in a message: the customer, their contact, deal...; a tag; a setting.
fn subject(conn: &Connection, table: &str, row: &Map<String, Value>) -> Result<String> {
    let text = |c: &str| row.get(c).and_then(Value::as_str).unwrap_or_default();
    let name = |s: &str| crate::domain::text::sanitize(s);
    let noun = match table {
        "customers" => return Ok(name(text("name"))),
        "settings" => return Ok(format!("the setting {}", name(text("key")))),
        "tags" => return Ok(format!("the tag {}", name(text("name")))),
        "contact_points" => "contact",
        "customer_tags" => "tag",
        "deals" => "deal",
        "interactions" => "interaction",
        "follow_ups" => "follow-up",
        other => other,
    };
    let owner: Option<String> = match row.get("customer_id").and_then(Value::as_i64) {
        Some(id) => conn
            .query_row("SELECT name FROM customers WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    Ok(match owner {
        Some(owner) => format!("{}'s {noun}", name(&owner)),
        None => format!("a {noun}"),
    })
}
