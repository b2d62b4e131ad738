//! The measures on the command line: `rolo report`, `list --cold / --sort risk`, the
//! measures block of `show` and the extra lines of `today`.

use serde_json::json;

use super::table::{Align, Table, table_width, term_width};
use super::{Env, Exit, report_error};
use crate::command::CommandError;
use crate::config::Config;
use crate::domain::{Money, text::sanitize};
use crate::insight::{self, InsightConfig, Period, RiskRow};

/// The measures' settings from the user's config and context.
pub fn insight_config(config: &Config, env_ctx: &crate::command::Context) -> InsightConfig {
    let mut cfg = InsightConfig::with_currency(env_ctx.currency);
    cfg.week_start = env_ctx.week_start;
    cfg.cold.tier_a_days = config.cadence.a;
    cfg.cold.tier_b_days = config.cadence.b;
    cfg.cold.tier_c_days = config.cadence.c;
    cfg.needs_fresh_days = config.needs_fresh_days;
    cfg.utc_offset_secs = chrono::Local::now().offset().local_minus_utc();
    cfg
}

/// Brings the tier and risk caches up to date (microseconds when nothing changed) and pins a
/// read snapshot in which they are fresh, so the reads that follow agree with each other even
/// while another rolo writes (without it they could fail as stale). Another write between the
/// refresh and the snapshot: refresh again. The snapshot ends with the process.
pub fn refresh(env: &mut Env) -> anyhow::Result<InsightConfig> {
    let cfg = insight_config(&env.config, &env.ctx);
    let today = env.ctx.today;
    if !env.store.conn().is_autocommit() {
        // Pinned already by an earlier call: check, do not write.
        insight::refresh(&mut env.store, today, &cfg)?;
        return Ok(cfg);
    }
    let mut attempts = 0;
    loop {
        insight::refresh(&mut env.store, today, &cfg)?;
        env.store.conn().execute_batch("BEGIN DEFERRED")?;
        // Inside the read transaction this only reads: fresh, or an error (it cannot write).
        match insight::refresh(&mut env.store, today, &cfg) {
            Ok(r) if r.mode == insight::RefreshMode::Fresh => return Ok(cfg),
            Err(e) if attempts >= 20 => {
                env.store.conn().execute_batch("ROLLBACK")?;
                return Err(e.into());
            }
            _ => {}
        }
        env.store.conn().execute_batch("ROLLBACK")?;
        attempts += 1;
    }
}

/// Table rows for per-currency amounts: one currency per line, so a column holds one amount
/// and is never cut inside one. The first row carries `lead` and each list's first amount (`—`
/// when empty); the next rows carry `+ ` and the further amounts under it.
fn money_rows(lead: Vec<String>, lists: &[&[Money]]) -> Vec<Vec<String>> {
    let n = lists.iter().map(|l| l.len()).max().unwrap_or(0).max(1);
    let blank = vec![String::new(); lead.len()];
    let mut rows = vec![lead];
    rows.extend((1..n).map(|_| blank.clone()));
    for (i, row) in rows.iter_mut().enumerate() {
        for list in lists {
            row.push(match (list.get(i), i) {
                (Some(m), 0) => m.to_string(),
                (Some(m), _) => format!("+ {m}"),
                (None, 0) => "—".into(),
                (None, _) => String::new(),
            });
        }
    }
    rows
}

fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

fn num(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}{unit}"))
}

fn first_reason(r: &RiskRow) -> String {
    let texts: Vec<&str> = r.reasons.iter().map(|x| x.text.as_str()).collect();
    texts.join("; ")
}

/// The risk table shared by `report` and `list --cold`.
fn risk_table(rows: &[RiskRow]) -> String {
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("T", Align::Left),
            ("ACCOUNT", Align::Left),
            ("SCORE", Align::Right),
            ("LAST", Align::Right),
        ],
        2,
    );
    for r in rows {
        t.row(vec![
            r.account.to_string(),
            r.tier.to_string(),
            r.name.clone(),
            r.score.to_string(),
            r.days_since_contact
                .map_or_else(|| "never".into(), |d| format!("{d}d")),
        ]);
    }
    with_reasons(&t.render(table_width()), rows.iter().map(first_reason))
}

/// Puts each row's reason on its own indented line under it, so the words are never cut.
fn with_reasons(table: &str, reasons: impl Iterator<Item = String>) -> String {
    let width = term_width();
    let mut lines = table.lines();
    let mut out = String::new();
    if let Some(header) = lines.next() {
        out.push_str(header);
        out.push('\n');
    }
    for (line, reason) in lines.zip(reasons) {
        out.push_str(line);
        out.push('\n');
        for (i, part) in super::table::wrap(&sanitize(&reason), width.saturating_sub(8).max(20))
            .iter()
            .enumerate()
        {
            out.push_str(if i == 0 { "      ↳ " } else { "        " });
            out.push_str(part);
            out.push('\n');
        }
    }
    out
}

/// `rolo list --cold` and `rolo list --sort risk`: accounts, riskiest first.
pub fn risk_list(
    env: &mut Env,
    cold_only: bool,
    offset: usize,
    limit: usize,
) -> anyhow::Result<Exit> {
    let cfg = refresh(env)?;
    let today = env.ctx.today;
    let (rows, total) = if cold_only {
        (
            insight::going_cold(&env.store, today, &cfg, offset, limit)?,
            insight::count_going_cold(&env.store, today, &cfg)?,
        )
    } else {
        (
            insight::at_risk(&env.store, today, &cfg, offset, limit)?,
            insight::count_at_risk(&env.store, today, &cfg)?,
        )
    };
    if env.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"total": total, "offset": offset, "accounts": rows})
            )?
        );
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        println!(
            "{}",
            if cold_only {
                "Nobody is going cold."
            } else {
                "No account is at risk."
            }
        );
        return Ok(Exit::Ok);
    }
    print!("{}", risk_table(&rows));
    if total > offset + rows.len() {
        println!(
            "{}–{} of {total} accounts (--offset {} for more)",
            offset + 1,
            offset + rows.len(),
            offset + rows.len()
        );
    }
    Ok(Exit::Ok)
}

/// `rolo report`.
pub fn report(env: &mut Env, period: &str) -> anyhow::Result<Exit> {
    let period = match Period::parse(period) {
        Ok(p) => p,
        Err(e) => return Ok(report_error(&CommandError::Usage(e.to_string()), env.json)),
    };
    let cfg = refresh(env)?;
    let today = env.ctx.today;
    let store = &env.store;
    let card = insight::scorecard(store, today, period, &cfg)?;
    let tiers = insight::tier_summary(store, today, &cfg)?;
    let top = insight::top_accounts(store, today, &cfg, 0, 10)?;
    let risk = insight::at_risk(store, today, &cfg, 0, 10)?;
    let cold = insight::count_going_cold(store, today, &cfg)?;
    let forecast = insight::forecast(store, today, 6)?;
    let weeks = insight::weekly_contacts(store, today, 12, &cfg)?;
    if env.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "today": today,
                "scorecard": card,
                "tiers": tiers,
                "top_accounts": top,
                "at_risk": risk,
                "going_cold": cold,
                "forecast": forecast,
                "weekly_contacts": weeks,
            }))?
        );
        return Ok(Exit::Ok);
    }
    let width = term_width();
    let (c, p) = (&card.current, &card.previous);
    println!(
        "Report · {} {} – {} · compared with {} – {}",
        period,
        c.range.start.format("%-d %b"),
        c.range.end.format("%-d %b %Y"),
        p.range.start.format("%-d %b"),
        p.range.end.format("%-d %b %Y"),
    );
    println!("\nYour work");
    let mut t = Table::new(
        &[
            ("", Align::Left),
            ("NOW", Align::Right),
            ("BEFORE", Align::Right),
        ],
        0,
    );
    let rows: Vec<(&str, String, String)> = vec![
        ("contacts", c.contacts.to_string(), p.contacts.to_string()),
        (
            "contacts per week",
            format!("{:.1}", c.contacts_per_week),
            format!("{:.1}", p.contacts_per_week),
        ),
        (
            "they reached out",
            c.inbound.to_string(),
            p.inbound.to_string(),
        ),
        (
            "follow-ups done",
            c.follow_ups_done.to_string(),
            p.follow_ups_done.to_string(),
        ),
        ("  on time", pct(c.on_time_share), pct(p.on_time_share)),
        (
            "  average delay",
            num(c.average_delay_days, "d"),
            num(p.average_delay_days, "d"),
        ),
        (
            "deals won / lost",
            format!("{} / {}", c.deals_won, c.deals_lost),
            format!("{} / {}", p.deals_won, p.deals_lost),
        ),
        ("win rate", pct(c.win_rate), pct(p.win_rate)),
        (
            "sales cycle",
            num(c.average_cycle_days, "d"),
            num(p.average_cycle_days, "d"),
        ),
    ];
    for (label, now, before) in rows {
        t.row(vec![label.into(), now, before]);
    }
    for row in money_rows(vec!["revenue".into()], &[&c.revenue, &p.revenue]) {
        t.row(row);
    }
    indent(&t.render(width - 2));

    println!(
        "\nValue tiers · won {} – {} · {} accounts · {}",
        tiers.window_start.format("%-d %b %Y"),
        tiers.window_end.format("%-d %b %Y"),
        tiers.accounts,
        tiers.total
    );
    let mut t = Table::new(
        &[
            ("TIER", Align::Left),
            ("ACCOUNTS", Align::Right),
            ("REVENUE", Align::Right),
            ("SHARE", Align::Right),
        ],
        0,
    );
    for b in &tiers.tiers {
        t.row(vec![
            b.tier.to_string(),
            b.accounts.to_string(),
            b.revenue.to_string(),
            pct(Some(b.share)),
        ]);
    }
    indent(&t.render(width - 2));
    for o in &tiers.other_currencies {
        println!(
            "  also won {} from {} accounts (other currency, not in the tiers)",
            o.revenue, o.accounts
        );
    }
    if !top.is_empty() {
        println!("\nTop accounts");
        let mut t = Table::new(
            &[
                ("#", Align::Right),
                ("ID", Align::Right),
                ("T", Align::Left),
                ("ACCOUNT", Align::Left),
                ("REVENUE", Align::Right),
                ("SHARE", Align::Right),
            ],
            3,
        );
        for a in &top {
            t.row(vec![
                a.rank.to_string(),
                a.account.to_string(),
                a.tier.to_string(),
                a.name.clone(),
                a.revenue.to_string(),
                pct(Some(a.share)),
            ]);
        }
        indent(&t.render(width - 2));
    }
    println!("\nAt risk · {cold} accounts going cold (rolo list --cold)");
    if risk.is_empty() {
        println!("  nobody");
    } else {
        indent(&risk_table(&risk));
    }
    println!("\nForecast · open deals by expected close (weighted by probability)");
    let mut t = Table::new(
        &[
            ("MONTH", Align::Left),
            ("DEALS", Align::Right),
            ("WEIGHTED", Align::Right),
            ("VALUE", Align::Right),
        ],
        0,
    );
    for b in forecast
        .months
        .iter()
        .chain([&forecast.overdue, &forecast.later, &forecast.undated])
        .filter(|b| b.deals > 0 || b.month.is_some())
    {
        let label = match b.month {
            Some(m) => m.format("%b %Y").to_string(),
            None => match b.label.as_str() {
                "overdue" => "past due".into(),
                other => other.to_string(),
            },
        };
        for row in money_rows(vec![label, b.deals.to_string()], &[&b.weighted, &b.value]) {
            t.row(row);
        }
    }
    indent(&t.render(width - 2));
    let spark: String = {
        let max = weeks.iter().map(|w| w.contacts).max().unwrap_or(0).max(1);
        weeks
            .iter()
            .map(|w| {
                const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
                BARS[(w.contacts * 7 / max) as usize]
            })
            .collect()
    };
    println!(
        "\nContacts per week, last {} weeks: {spark}  ({} this week)",
        weeks.len(),
        weeks.last().map_or(0, |w| w.contacts)
    );
    Ok(Exit::Ok)
}

fn indent(s: &str) {
    for l in s.lines() {
        println!("  {l}");
    }
}

/// The measures block of `rolo show` (text), or the JSON value.
pub fn measures(
    env: &mut Env,
    id: crate::domain::CustomerId,
) -> anyhow::Result<insight::CustomerMeasures> {
    let cfg = refresh(env)?;
    // Only this customer's (and its account's) tier: loading every tier costs more than the
    // rest of `show` at 100k customers.
    let tiers = insight::TierTable::load_for(&env.store, env.ctx.today, &cfg, &[id])?;
    Ok(insight::customer_measures(
        &env.store,
        id,
        env.ctx.today,
        &cfg,
        &tiers,
    )?)
}

/// Prints the measures of one customer. `account`: the organization's name when the
/// customer is one of its people, whose tier, rhythm and risks are the organization's.
pub fn print_measures(m: &insight::CustomerMeasures, account: Option<&str>) {
    println!("\nMeasures");
    let width = term_width();
    for line in m.lines(account) {
        for (i, part) in super::table::wrap(&sanitize(&line), width.saturating_sub(4).max(20))
            .iter()
            .enumerate()
        {
            println!("  {}{part}", if i == 0 { "" } else { "  " });
        }
    }
}

/// The extra review lines for `rolo today`: valuable accounts going cold or without a next step.
pub fn review_extras(env: &mut Env, limit: usize) -> anyhow::Result<Vec<insight::ReviewExtra>> {
    let cfg = refresh(env)?;
    Ok(insight::review_extras(
        &env.store,
        env.ctx.today,
        &cfg,
        limit,
    )?)
}

/// Prints the review extras under the due follow-ups.
pub fn print_extras(extras: &[insight::ReviewExtra]) {
    if extras.is_empty() {
        return;
    }
    println!("\nAlso worth a call (valuable accounts going cold or without a next step)");
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("T", Align::Left),
            ("ACCOUNT", Align::Left),
        ],
        2,
    );
    for e in extras {
        t.row(vec![
            e.account.to_string(),
            e.tier.to_string(),
            e.name.clone(),
        ]);
    }
    print!(
        "{}",
        with_reasons(
            &t.render(table_width()),
            extras.iter().map(|e| e.reason.clone())
        )
    );
}
