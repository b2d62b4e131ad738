//! The read verbs: today, upcoming, show, list, search — as tables or JSON.

use chrono::NaiveDate;
use serde_json::json;

use super::table::{Align, Table, table_width};
use super::{Env, Exit, report_error};
use crate::command::{CommandError, CustomerRef, local_day};
use crate::domain::text::{sanitize, truncate};
use crate::domain::when::relative;
use crate::store::{Candidate, CustomerSort, ListFilter};

mod show;

pub use show::show;

/// A day in the configured format, with its year after it when it is not this year's and
/// the format shows none (`Thu 2 Oct 2025`, while this year's is `Sun 6 Dec`).
fn day(d: NaiveDate, env: &Env) -> String {
    use chrono::Datelike;
    let fmt = &env.config.date_format;
    let shown = d.format(fmt).to_string();
    let has_year = ["%Y", "%y", "%G", "%g", "%F", "%D", "%x", "%c", "%+", "%C"]
        .iter()
        .any(|y| fmt.contains(y));
    if d.year() == env.ctx.today.year() || has_year {
        shown
    } else {
        format!("{shown} {}", d.year())
    }
}

/// The candidate lines of an ambiguous reference.
pub fn candidates(list: &[Candidate]) -> String {
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("NAME", Align::Left),
            ("ORGANIZATION", Align::Left),
            ("EMAIL", Align::Left),
        ],
        1,
    );
    for c in list {
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            c.org.clone().unwrap_or_default(),
            c.email.clone().unwrap_or_default(),
        ]);
    }
    let mut out = String::new();
    for l in t.render(table_width()).lines() {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    out
}

fn print_json(v: &serde_json::Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// `rolo today`.
pub fn today(env: &mut Env, limit: usize) -> anyhow::Result<Exit> {
    let today = env.ctx.today;
    let total = env.store.count_due(today)?;
    let items = env.store.follow_ups_due(today, 0, limit)?;
    let overdue = match today.pred_opt() {
        Some(yesterday) => env.store.count_due(yesterday)?,
        None => 0,
    };
    // The measures only add to the review; if they cannot be computed (a read-only file),
    // the due follow-ups still print.
    let (extras, extras_error) = match super::report::review_extras(env, 10) {
        Ok(x) => (x, None),
        Err(e) => (Vec::new(), Some(format!("{e:#}"))),
    };
    // Under the review, as the TUI's queue says it under its own: how many customers have
    // no next step (the morning after an import, nobody has one yet).
    let without = env.store.count_without_next_step()?;
    if env.json {
        print_json(&json!({
            "today": today, "due": total, "overdue": overdue, "items": items, "extras": extras,
            "no_next_step": without
        }));
        return Ok(Exit::Ok);
    }
    println!(
        "Today · {} · {} overdue, {} due today",
        today.format("%a %-d %b %Y"),
        overdue,
        total - overdue.min(total)
    );
    let say_without = || {
        if without > 0 {
            let line = format!(
                "{} no next step: see `rolo list --no-next-step --sort value`.",
                crate::domain::text::count(without, "customer has", "customers have")
            );
            for part in super::table::wrap(&line, table_width()) {
                println!("{part}");
            }
        }
    };
    if items.is_empty() {
        println!("Nothing due. `rolo upcoming` shows what comes next.");
        super::report::print_extras(&extras);
        say_without();
        return Ok(Exit::Ok);
    }
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("DUE", Align::Left),
            ("LATE", Align::Right),
            ("CUSTOMER", Align::Left),
            ("WHAT", Align::Left),
        ],
        4,
    );
    for i in &items {
        let f = &i.follow_up;
        let mut due = day(f.due_date, env);
        if let Some(tm) = f.due_time {
            due.push_str(&tm.format(" %H:%M").to_string());
        }
        let mut what = f.what.clone();
        if f.repeat.is_some() {
            what.push_str(" ↻");
        }
        t.row(vec![
            f.id.to_string(),
            due,
            if i.days_late > 0 {
                format!("{}d", i.days_late)
            } else {
                "today".into()
            },
            truncate(&f.customer_name, 24),
            what,
        ]);
    }
    print!("{}", t.render(table_width()));
    if total > items.len() {
        println!("… {} more (--limit)", total - items.len());
    }
    super::report::print_extras(&extras);
    say_without();
    if let Some(e) = extras_error {
        eprintln!("note: measures unavailable: {}", sanitize(&e));
    }
    Ok(Exit::Ok)
}

/// `rolo upcoming`.
pub fn upcoming(env: &Env, limit: usize) -> anyhow::Result<Exit> {
    let items = env.store.follow_ups_upcoming(env.ctx.today, limit)?;
    if env.json {
        print_json(&json!({"items": items}));
        return Ok(Exit::Ok);
    }
    if items.is_empty() {
        println!("No open follow-ups after today.");
        return Ok(Exit::Ok);
    }
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("DUE", Align::Left),
            ("IN", Align::Right),
            ("CUSTOMER", Align::Left),
            ("WHAT", Align::Left),
        ],
        4,
    );
    for f in &items {
        t.row(vec![
            f.id.to_string(),
            day(f.due_date, env),
            relative(f.due_date, env.ctx.today),
            truncate(&f.customer_name, 24),
            f.what.clone(),
        ]);
    }
    print!("{}", t.render(table_width()));
    Ok(Exit::Ok)
}

/// Parameters of `rolo list`.
pub struct ListArgs<'a> {
    /// Which customers.
    pub choose: Choose<'a>,
    /// Order.
    pub sort: CustomerSort,
    /// Window.
    pub limit: usize,
    /// Window start.
    pub offset: usize,
}

/// Which customers: the filters `rolo list` and `rolo export` share, checked (a tier or
/// kind spelled wrong, an organization not found, a tag no customer has are usage errors
/// naming the value). `due` lists only customers with a follow-up due by today.
pub struct Choose<'a> {
    /// Tag.
    pub tag: Option<&'a str>,
    /// Organization reference.
    pub org: Option<&'a str>,
    /// Name words.
    pub name: Option<&'a str>,
    /// Kind.
    pub kind: Option<&'a str>,
    /// Only due.
    pub due: bool,
    /// Only this tier.
    pub tier: Option<&'a str>,
    /// Only customers without an open follow-up.
    pub no_next_step: bool,
}

impl Choose<'_> {
    /// Whether any filter is given.
    pub fn any(&self) -> bool {
        self.tag.is_some()
            || self.org.is_some()
            || self.name.is_some()
            || self.kind.is_some()
            || self.due
            || self.tier.is_some()
            || self.no_next_step
    }

    /// The filters as typed, for a message that names them: `--tag nordic --kind person`
    /// (a value with a space in quotes).
    pub fn flags(&self) -> String {
        let mut out: Vec<String> = [
            ("tag", self.tag),
            ("org", self.org),
            ("name", self.name),
            ("kind", self.kind),
            ("tier", self.tier),
        ]
        .into_iter()
        .filter_map(|(flag, v)| {
            v.map(|v| {
                if v.contains(char::is_whitespace) || v.is_empty() {
                    format!("--{flag} \"{v}\"")
                } else {
                    format!("--{flag} {v}")
                }
            })
        })
        .collect();
        if self.due {
            out.push("--due".into());
        }
        if self.no_next_step {
            out.push("--no-next-step".into());
        }
        out.join(" ")
    }

    /// The filter, or the usage error of the first value that is wrong. A tier filter
    /// reads the tier cache, which the caller refreshes first.
    pub fn filter(&self, env: &Env) -> anyhow::Result<Result<ListFilter, CommandError>> {
        let mut filter = ListFilter {
            tag: self.tag.map(str::to_lowercase),
            name: self.name.map(str::to_string),
            due_by: self.due.then_some(env.ctx.today),
            no_next_step: self.no_next_step,
            currency: Some(env.ctx.currency),
            ..ListFilter::default()
        };
        if let Some(t) = self.tier {
            match crate::insight::Tier::parse(t) {
                Some(t) => filter.tier = t.as_str().chars().next(),
                None => {
                    return Ok(Err(CommandError::Usage(format!(
                        "tier `{t}`: use A, B or C"
                    ))));
                }
            }
        }
        if let Some(k) = self.kind {
            match crate::domain::CustomerKind::parse(k) {
                Some(k) => filter.kind = Some(k),
                None => {
                    return Ok(Err(CommandError::Usage(format!(
                        "kind `{k}`: use person or org"
                    ))));
                }
            }
        }
        if let Some(o) = self.org {
            match crate::command::execute::resolve_one(&env.store, &CustomerRef::parse(o)) {
                Ok(c) => filter.org = Some(c.id),
                Err(e) => return Ok(Err(e)),
            }
        }
        // More words than a lookup reads: said, not an empty list.
        if let Some(e) = filter
            .name
            .as_deref()
            .and_then(crate::store::too_many_words)
        {
            return Ok(Err(CommandError::Usage(e.to_string())));
        }
        if let Some(tag) = &filter.tag
            && !env.store.tag_in_use(tag)?
        {
            let known: Vec<String> = env.store.tags()?.into_iter().map(|(t, _)| t).collect();
            return Ok(Err(CommandError::Usage(format!(
                "no customer has the tag `{tag}`; tags in use: {}",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            ))));
        }
        Ok(Ok(filter))
    }
}

/// `rolo list`.
pub fn list(env: &mut Env, a: &ListArgs<'_>) -> anyhow::Result<Exit> {
    let cfg = super::report::refresh(env)?;
    let mut filter = match a.choose.filter(env)? {
        Ok(f) => f,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    filter.value_window = Some(crate::insight::value_window(env.ctx.today, &cfg));
    let total = env.store.count_customers(&filter)?;
    let rows = env
        .store
        .customers_page(&filter, a.sort, a.offset, a.limit)?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let tiers = crate::insight::TierTable::load_for(&env.store, env.ctx.today, &cfg, &ids)?;
    if env.json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let mut v = json!(r);
                v["tier"] = json!(tiers.tier(r.id));
                v
            })
            .collect();
        print_json(&json!({"total": total, "offset": a.offset, "customers": rows}));
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        if total == 0 && env.store.is_empty()? {
            println!("No customers yet — rolo add NAME, rolo import FILE, or rolo demo");
        } else {
            println!("No customers match.");
        }
        return Ok(Exit::Ok);
    }
    let today = env.ctx.today;
    // By value the list is in the tiers' order (by account), and its value column is what
    // each row won in their window, in your currency: an organization with its people, one
    // of its people their own (never the organization's), `—` for nothing.
    let by_tier = matches!(a.sort, crate::store::CustomerSort::Value);
    // (The tier window is 12 months; no setting changes it.)
    let won_header = if by_tier { "WON 12MO" } else { "WON" };
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("T", Align::Left),
            ("NAME", Align::Left),
            ("ORGANIZATION", Align::Left),
            ("LAST", Align::Right),
            ("NEXT", Align::Left),
            (won_header, Align::Right),
            ("TAGS", Align::Left),
        ],
        2,
    );
    for r in &rows {
        let next = match r.next_due {
            Some(d) if d < today => format!("late {}", relative(d, today).trim_end_matches(" ago")),
            Some(d) if d == today => "today".into(),
            Some(d) => relative(d, today),
            None => "—".into(),
        };
        let won = match (&r.won_currency, r.won_minor) {
            _ if by_tier => r.won_12mo_minor.map_or_else(
                || "—".into(),
                |minor| {
                    crate::domain::Money {
                        minor,
                        currency: cfg.currency,
                    }
                    .to_string()
                },
            ),
            (None, _) => String::new(),
            (Some(c), m) if c != "mixed" => crate::domain::Currency::parse(c)
                .map(|cur| {
                    crate::domain::Money {
                        minor: m,
                        currency: cur,
                    }
                    .to_string()
                })
                .unwrap_or_default(),
            _ => "mixed".into(),
        };
        t.row(vec![
            r.id.to_string(),
            tiers.tier(r.id).to_string(),
            r.name.clone(),
            r.org.clone().unwrap_or_default(),
            r.last_contact_at
                .map_or_else(|| "never".into(), |l| relative(local_day(l), today)),
            next,
            won,
            r.tags.join(" "),
        ]);
    }
    print!("{}", t.render(table_width()));
    if total > a.offset + rows.len() {
        println!(
            "{}–{} of {total} (--offset {} for more)",
            a.offset + 1,
            a.offset + rows.len(),
            a.offset + rows.len()
        );
    }
    Ok(Exit::Ok)
}

/// `rolo search`.
pub fn search(env: &Env, words: &str, limit: usize) -> anyhow::Result<Exit> {
    let hits = match env.store.search(words, limit) {
        Ok(hits) => hits,
        // More words than a search reads: bad input, said as such (exit 2).
        Err(e @ crate::store::StoreError::Invalid(_)) => {
            return Ok(super::report_error(
                &crate::command::CommandError::Usage(e.to_string()),
                env.json,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if env.json {
        print_json(&json!({"query": words, "hits": hits}));
        return Ok(Exit::Ok);
    }
    if hits.is_empty() {
        println!("Nothing found for `{}`.", sanitize(words));
        return Ok(Exit::Ok);
    }
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("CUSTOMER", Align::Left),
            ("WHERE", Align::Left),
            ("WHEN", Align::Left),
            ("MATCH", Align::Left),
        ],
        4,
    )
    .keep_mark_in(4);
    for h in &hits {
        t.row_with_hit(
            vec![
                h.customer_id.to_string(),
                truncate(&h.customer_name, 24),
                h.field.clone(),
                h.occurred_at
                    .map(|o| day(local_day(o), env))
                    .unwrap_or_default(),
                h.snippet.clone(),
            ],
            h.hit.clone(),
        );
    }
    print!("{}", t.render(table_width()));
    Ok(Exit::Ok)
}

/// `rolo undo --list`.
pub fn journal(env: &Env) -> anyhow::Result<Exit> {
    let rows = env.store.recent_changes(20)?;
    if env.json {
        let v: Vec<_> = rows
            .iter()
            .map(|(id, at, s, u)| json!({"id": id, "at": at, "summary": s, "undone": u}))
            .collect();
        print_json(&json!({"changes": v}));
        return Ok(Exit::Ok);
    }
    let mut t = Table::new(
        &[
            ("ID", Align::Right),
            ("WHEN", Align::Left),
            ("CHANGE", Align::Left),
            ("", Align::Left),
        ],
        2,
    );
    for (id, at, summary, undone) in rows {
        let when = chrono::DateTime::from_timestamp(at, 0)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        t.row(vec![
            id.to_string(),
            when,
            summary,
            if undone {
                "undone".into()
            } else {
                String::new()
            },
        ]);
    }
    print!("{}", t.render(table_width()));
    Ok(Exit::Ok)
}
