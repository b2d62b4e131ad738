//! Schema v13's account, before it runs, of the values past a limit it brings to the limit.

use super::Result;

/// Schema v13, before it runs: each value past a limit, and each day past 9999, that it
/// brings to the limit, named
/// (`deal 3 (Fleet) of Anna Kowalska: a value of … becomes …`). Reads only what schema v1 has:
/// it runs on the file as it is, whatever version that is.
pub(super) fn past_limits(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    use crate::domain::{Currency, Money, customer, deal, interaction};
    let group = |n: i64| crate::domain::text::group_thousands(&n.to_string());
    let mut out = Vec::new();
    // Each row `sql` selects (past the limit `?1`, when it has one), said by `say`.
    let mut each = |sql: &str,
                    limit: Option<i64>,
                    say: &dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>|
     -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(limit))?;
        while let Some(r) = rows.next()? {
            out.push(say(r)?);
        }
        Ok(())
    };
    // A day past 9999 (`+10021-08-15`) or before year 1 (`-0074-12-07`) as chrono wrote it.
    let kept = |day: &str| {
        if day.starts_with('-') {
            format!("{day}, becomes 0001-01-01, the first day rolo keeps")
        } else {
            format!("{day}, becomes 9999-12-31, the last day rolo keeps")
        }
    };
    each(
        "SELECT d.id, d.title, c.name, d.value_minor, d.currency FROM deals d
           JOIN customers c ON c.id = d.customer_id WHERE d.value_minor > ?1 ORDER BY d.id",
        Some(deal::MAX_VALUE_MINOR),
        &|r| {
            let currency: String = r.get(4)?;
            let money = |minor| match Currency::parse_code(&currency) {
                Ok(currency) => Money { minor, currency }.to_string(),
                Err(_) => format!("{} {currency} (in minor units)", group(minor)),
            };
            Ok(format!(
                "deal {} ({}) of {}: a value of {} becomes {}, rolo's limit",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                money(r.get(3)?),
                money(deal::MAX_VALUE_MINOR)
            ))
        },
    )?;
    each(
        "SELECT i.id, c.name, i.minutes FROM interactions i
           JOIN customers c ON c.id = i.customer_id WHERE i.minutes > ?1 ORDER BY i.id",
        Some(interaction::MAX_MINUTES),
        &|r| {
            Ok(format!(
                "interaction {} with {}: {} minutes become {} (a day), rolo's limit",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                group(r.get(2)?),
                interaction::MAX_MINUTES
            ))
        },
    )?;
    each(
        "SELECT id, name, cadence_days FROM customers WHERE cadence_days > ?1 ORDER BY id",
        Some(customer::MAX_CADENCE_DAYS),
        &|r| {
            Ok(format!(
                "{} (#{}): a contact rhythm of {} days becomes {} (ten years), rolo's limit",
                r.get::<_, String>(1)?,
                r.get::<_, i64>(0)?,
                group(r.get(2)?),
                customer::MAX_CADENCE_DAYS
            ))
        },
    )?;
    each(
        "SELECT f.id, f.what, c.name, f.due_date FROM follow_ups f
           JOIN customers c ON c.id = f.customer_id
          WHERE f.due_date GLOB '[+-]*' OR f.original_due GLOB '[+-]*' ORDER BY f.id",
        None,
        &|r| {
            Ok(format!(
                "follow-up {} ({}) for {}: due {}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                kept(&r.get::<_, String>(3)?)
            ))
        },
    )?;
    each(
        "SELECT d.id, d.title, c.name, d.expected_close FROM deals d
           JOIN customers c ON c.id = d.customer_id
          WHERE d.expected_close GLOB '[+-]*' ORDER BY d.id",
        None,
        &|r| {
            Ok(format!(
                "deal {} ({}) of {}: closing {}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                kept(&r.get::<_, String>(3)?)
            ))
        },
    )?;
    Ok(out)
}
