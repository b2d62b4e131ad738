//! The dashboard: contacts per week, revenue by tier, forecast by month, on-time follow-ups
//! and the accounts at risk — drawn from `App::dashboard`, loaded when the data changes.

mod chart;

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fit, row_line, tier_span};
use crate::domain::text::sanitize;
use crate::insight::PeriodStats;
use crate::tui::app::App;
use crate::tui::measures::{Dashboard, amount_in, short_amount};
use chart::{hbar, spark_rows};

/// Draws the dashboard in `area` (between the title line and the status bar).
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let Some(d) = &app.dashboard else {
        frame.render_widget(
            Paragraph::new(Line::styled(" No measures to show", app.theme.dim)),
            area,
        );
        return;
    };
    if area.width >= 100 && area.height >= 28 {
        wide(frame, area, app, d);
    } else {
        compact(frame, area, app, d);
    }
}

/// Bordered panels: contacts and this month on top, tiers and forecast, then at risk.
fn wide(frame: &mut Frame<'_>, area: Rect, app: &App, d: &Dashboard) {
    let t = &app.theme;
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Min(5),
    ])
    .areas(area);
    let halves = |r: Rect| -> [Rect; 2] {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(r)
    };
    let [contacts, month] = halves(top);
    let [tiers, forecast] = halves(middle);

    let b = block(" Contacts per week · last 12 weeks ", false, t);
    let inner = b.inner(contacts);
    let lines = contact_chart(d, usize::from(inner.width), 5, app);
    frame.render_widget(Paragraph::new(lines).block(b), contacts);

    let b = block(" This month against the month before ", false, t);
    let inner = b.inner(month);
    let lines = month_lines(d, usize::from(inner.width), app);
    frame.render_widget(Paragraph::new(lines).block(b), month);

    let b = block(
        format!(" Revenue by tier · 12 months · {} ", d.tiers.total.currency),
        false,
        t,
    );
    let inner = b.inner(tiers);
    let lines = tier_lines(d, usize::from(inner.width), app);
    frame.render_widget(Paragraph::new(lines).block(b), tiers);

    let b = block(
        format!(" Weighted forecast by month · {} ", d.currency),
        false,
        t,
    );
    let inner = b.inner(forecast);
    let lines = forecast_lines(d, usize::from(inner.width), 6, app);
    frame.render_widget(Paragraph::new(lines).block(b), forecast);

    let b = block(
        format!(" At risk · {} accounts · top first ", d.at_risk_total),
        true,
        t,
    );
    let inner = b.inner(bottom);
    let lines = risk_lines(d, usize::from(inner.width), usize::from(inner.height), app);
    frame.render_widget(Paragraph::new(lines).block(b), bottom);
}

/// Text sections without borders, for 80x24 and other small screens.
fn compact(frame: &mut Frame<'_>, area: Rect, app: &App, d: &Dashboard) {
    let w = usize::from(area.width);
    let t = &app.theme;
    let mut lines = vec![contact_line(d, w, app), on_time_line(d, w, app)];
    let half = w / 2;
    let left = tier_lines_titled(d, half.saturating_sub(3), app);
    let right = forecast_titled(d, w.saturating_sub(half + 1), 3, app);
    lines.push(Line::raw(""));
    for i in 0..left.len().max(right.len()) {
        let mut spans = vec![Span::raw(" ")];
        let l = left.get(i).cloned().unwrap_or_default();
        spans.extend(pad(l, half.saturating_sub(1)).spans);
        spans.extend(right.get(i).cloned().unwrap_or_default().spans);
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(
            &format!(
                " At risk · {} accounts — tier, score, main reason",
                d.at_risk_total
            ),
            w,
        ),
        t.title,
    ));
    let rows = usize::from(area.height).saturating_sub(lines.len()).min(10);
    lines.extend(risk_rows(d, w, rows, app));
    frame.render_widget(Paragraph::new(lines), area);
}

/// Pads a line with spaces to `width` columns (cuts nothing: callers fit their text).
fn pad(line: Line<'_>, width: usize) -> Line<'_> {
    row_line(line.spans, width, None)
}

/// One line: "Contacts/week ▁▂▅█▃ this week 4 · avg 3.1".
fn contact_line<'a>(d: &Dashboard, w: usize, app: &App) -> Line<'a> {
    let values: Vec<u32> = d.weeks.iter().map(|x| x.contacts).collect();
    let spark = spark_rows(&values, 1, 1).pop().unwrap_or_default();
    let now = values.last().copied().unwrap_or(0);
    let total: u32 = values.iter().sum();
    let avg = f64::from(total) / values.len().max(1) as f64;
    Line::from(vec![
        Span::styled(" Contacts/week ", app.theme.title),
        Span::styled(spark, app.theme.ok),
        Span::raw(fit(
            &format!("  this week {now} · 12-week average {avg:.1}"),
            w.saturating_sub(15 + values.len()),
        )),
    ])
}

/// The contacts sparkline, `height` rows high, with counts and week dates under it.
fn contact_chart<'a>(d: &Dashboard, w: usize, height: usize, app: &App) -> Vec<Line<'a>> {
    let values: Vec<u32> = d.weeks.iter().map(|x| x.contacts).collect();
    let n = values.len().max(1);
    let col = (w / n).clamp(1, 8);
    let bar = col.saturating_sub(1).max(1);
    let gap = " ".repeat(col - bar);
    // Each week's cell: `bar` columns of content, then the gap.
    let cells = |items: Vec<String>| -> String {
        let mut out = String::new();
        for item in items {
            let _ = write!(out, "{item:^bar$}{gap}");
        }
        out
    };
    let mut lines: Vec<Line<'a>> = spark_rows(&values, height, bar)
        .into_iter()
        .map(|row| {
            let chars: Vec<char> = row.chars().collect();
            let items = chars.chunks(bar).map(|c| c.iter().collect()).collect();
            Line::styled(cells(items), app.theme.ok)
        })
        .collect();
    let counts = cells(values.iter().map(ToString::to_string).collect());
    lines.push(Line::raw(fit(&counts, w)));
    if col >= 6 {
        let dates = cells(
            d.weeks
                .iter()
                .map(|x| x.start.format("%-d/%-m").to_string())
                .collect(),
        );
        lines.push(Line::styled(fit(&dates, w), app.theme.dim));
    } else if let (Some(first), Some(_)) = (d.weeks.first(), d.weeks.last()) {
        lines.push(Line::styled(
            fit(
                &format!(
                    "from the week of {} to this week",
                    first.start.format("%-d %b")
                ),
                w,
            ),
            app.theme.dim,
        ));
    }
    lines
}

fn on_time_text(p: &PeriodStats) -> String {
    match p.on_time_share {
        Some(s) => format!(
            "{:.0}% ({} of {})",
            s * 100.0,
            p.follow_ups_on_time,
            p.follow_ups_done
        ),
        None => "none done".into(),
    }
}

/// ▲ when `now` is better than `before`, ▼ when worse, = when equal, nothing when unknown.
fn trend(now: Option<f64>, before: Option<f64>) -> &'static str {
    match (now, before) {
        (Some(a), Some(b)) if a > b + 1e-9 => " ▲",
        (Some(a), Some(b)) if a + 1e-9 < b => " ▼",
        (Some(_), Some(_)) => " =",
        _ => "",
    }
}

/// One line: "On time 75% (6 of 8) this month ▲ · month before 50% (2 of 4)".
fn on_time_line<'a>(d: &Dashboard, w: usize, app: &App) -> Line<'a> {
    let (c, p) = (&d.score.current, &d.score.previous);
    Line::from(vec![
        Span::styled(" Follow-ups on time ", app.theme.title),
        Span::raw(fit(
            &format!(
                "this month {}{} · month before {}",
                on_time_text(c),
                trend(c.on_time_share, p.on_time_share),
                on_time_text(p)
            ),
            w.saturating_sub(20),
        )),
    ])
}

/// This month and the one before: on-time bars, contacts, deals, revenue.
fn month_lines<'a>(d: &Dashboard, w: usize, app: &App) -> Vec<Line<'a>> {
    let (c, p) = (&d.score.current, &d.score.previous);
    let label = |s: &PeriodStats| {
        format!(
            "{}–{}",
            s.range.start.format("%-d %b"),
            s.range.end.format("%-d %b")
        )
    };
    let bar_w = w.saturating_sub(44).clamp(4, 30);
    let row = |s: &PeriodStats, style: Style| {
        let late = s
            .average_late_days
            .map(|x| format!(" · avg {x:.1} d late"))
            .unwrap_or_default();
        Line::from(vec![
            Span::raw(format!("{:<14}", label(s))),
            Span::styled(hbar(s.on_time_share.unwrap_or(0.0), bar_w), style),
            Span::raw(fit(
                &format!(" {}{late}", on_time_text(s)),
                w.saturating_sub(14 + bar_w),
            )),
        ])
    };
    let money = |s: &PeriodStats| {
        let amount = amount_in(&s.revenue, d.currency);
        let more = if s.revenue.iter().any(|m| m.currency != d.currency) {
            " + other currencies"
        } else {
            ""
        };
        format!("{} {}{more}", short_amount(amount, d.currency), d.currency)
    };
    let facts = |s: &PeriodStats| {
        format!(
            "{:<14}{} contacts · {} won, {} lost · revenue {}",
            label(s),
            s.contacts,
            s.deals_won,
            s.deals_lost,
            money(s)
        )
    };
    vec![
        Line::styled(
            format!(
                "Follow-ups done on time{}",
                match trend(c.on_time_share, p.on_time_share) {
                    " ▲" => " ▲ better than the month before",
                    " ▼" => " ▼ worse than the month before",
                    " =" => " = as the month before",
                    _ => "",
                }
            ),
            app.theme.title,
        ),
        row(c, app.theme.ok),
        row(p, app.theme.dim),
        Line::raw(""),
        Line::styled("Contacts, deals and revenue", app.theme.title),
        Line::raw(fit(&facts(c), w)),
        Line::styled(fit(&facts(p), w), app.theme.dim),
    ]
}

/// Tier bars: "A ███████▌ 80%  3 accounts 960k".
fn tier_lines<'a>(d: &Dashboard, w: usize, app: &App) -> Vec<Line<'a>> {
    let s = &d.tiers;
    let cur = s.total.currency;
    let right = 26.min(w / 2 + 2);
    let bar_w = w.saturating_sub(right + 2).max(1);
    let mut lines = Vec::new();
    for b in &s.tiers {
        let accounts = match (w >= 60, b.accounts) {
            (false, n) => format!("{n:>2} acc"),
            (true, 1) => " 1 account".to_string(),
            (true, n) => format!("{n:>2} accounts"),
        };
        lines.push(Line::from(vec![
            tier_span(b.tier, false, &app.theme),
            Span::raw(" "),
            Span::styled(hbar(b.share, bar_w), app.theme.ok),
            Span::raw(fit(
                &format!(
                    " {:>3.0}% {:>6} {accounts}",
                    b.share * 100.0,
                    short_amount(b.revenue.minor, cur)
                ),
                right,
            )),
        ]));
    }
    lines.push(Line::styled(
        fit(
            &format!(
                "total {} {cur} from {} accounts",
                short_amount(s.total.minor, cur),
                s.accounts
            ),
            w,
        ),
        app.theme.dim,
    ));
    if !s.other_currencies.is_empty() {
        let others: Vec<String> = s
            .other_currencies
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    short_amount(o.revenue.minor, o.revenue.currency),
                    o.revenue.currency
                )
            })
            .collect();
        lines.push(Line::styled(
            fit(
                &format!(
                    "+ other currencies, not in the tiers: {}",
                    others.join(", ")
                ),
                w,
            ),
            app.theme.due,
        ));
    }
    lines
}

/// [`tier_lines`] under a title line (compact layout).
fn tier_lines_titled<'a>(d: &Dashboard, w: usize, app: &App) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(
        fit(
            &format!("Revenue by tier · 12 mo · {}", d.tiers.total.currency),
            w,
        ),
        app.theme.title,
    )];
    let mut body = tier_lines(d, w, app);
    // Compact: "+ other currencies" replaces the total line when both do not fit.
    if body.len() > 4 {
        body.remove(3);
        body[3] = Line::styled(fit("+ other currencies (not in tiers)", w), app.theme.due);
    }
    out.extend(body);
    out
}

/// Forecast bars, the current month first: "Dec ██████ 84k 2 deals".
fn forecast_lines<'a>(d: &Dashboard, w: usize, months: usize, app: &App) -> Vec<Line<'a>> {
    let cur = d.currency;
    let f = &d.forecast;
    let shown: Vec<_> = f.months.iter().take(months).collect();
    let max = shown
        .iter()
        .map(|b| amount_in(&b.weighted, cur))
        .max()
        .unwrap_or(0)
        .max(1);
    let right = 16.min(w / 2);
    let bar_w = w.saturating_sub(right + 4).max(1);
    let mut lines = Vec::new();
    for b in shown {
        let amount = amount_in(&b.weighted, cur);
        let label = b
            .month
            .map_or_else(|| b.label.clone(), |m| m.format("%b").to_string());
        let deals = if b.deals == 1 {
            "1 deal".to_string()
        } else {
            format!("{} deals", b.deals)
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{label:<4}")),
            Span::styled(hbar(amount as f64 / max as f64, bar_w), app.theme.ok),
            Span::raw(fit(
                &format!(" {:>6} {deals}", short_amount(amount, cur)),
                right,
            )),
        ]));
    }
    let mut rest = Vec::new();
    for b in [&f.overdue, &f.later, &f.undated] {
        if b.deals > 0 {
            rest.push(format!(
                "{} {}",
                b.label,
                short_amount(amount_in(&b.weighted, cur), cur)
            ));
        }
    }
    let others = d.other_currencies();
    if !others.is_empty() {
        rest.push("+ other currencies".into());
    }
    if !rest.is_empty() {
        lines.push(Line::styled(fit(&rest.join(" · "), w), app.theme.dim));
    }
    lines
}

/// [`forecast_lines`] under a title line (compact layout).
fn forecast_titled<'a>(d: &Dashboard, w: usize, months: usize, app: &App) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(
        fit(&format!("Weighted forecast · {}", d.currency), w),
        app.theme.title,
    )];
    out.extend(forecast_lines(d, w, months, app));
    out
}

/// The at-risk list with a header line (wide layout).
fn risk_lines<'a>(d: &Dashboard, w: usize, h: usize, app: &App) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(
        fit(
            &format!(
                " {:<5}{:>5}  {:<30} {}",
                "tier", "score", "account", "main reason"
            ),
            w,
        ),
        app.theme.dim,
    )];
    out.extend(risk_rows(d, w, h.saturating_sub(1), app));
    out
}

/// Up to `rows` at-risk accounts: tier, score, name, first reason (+n more).
fn risk_rows<'a>(d: &Dashboard, w: usize, rows: usize, app: &App) -> Vec<Line<'a>> {
    if d.at_risk.is_empty() {
        // Right after an import nobody has been contacted: nobody is late, but not because
        // everyone was heard from.
        let text = if d.weeks.iter().all(|w| w.contacts == 0) {
            format!(
                " ✓ Nobody is at risk yet: no contact logged in the last {} weeks to judge by",
                d.weeks.len()
            )
        } else {
            " ✓ Nobody is at risk: every customer was heard from in their usual rhythm".into()
        };
        return vec![Line::styled(text, app.theme.ok)];
    }
    let start = d.selected.saturating_sub(rows.saturating_sub(1));
    let name_w = if w >= 100 { 30 } else { (w / 3).min(24) };
    d.at_risk
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, r)| {
            let selected = i == d.selected;
            let plain = selected;
            let mut why = r
                .reasons
                .first()
                .map(|x| sanitize(&x.text))
                .unwrap_or_default();
            if r.reasons.len() > 1 {
                why.push_str(&format!(" (+{} more)", r.reasons.len() - 1));
            }
            let spans = vec![
                Span::raw(" "),
                tier_span(r.tier, plain, &app.theme),
                Span::raw("    "),
                Span::styled(
                    format!("{:>5}  ", r.score),
                    if plain {
                        Style::default()
                    } else {
                        app.theme.due
                    },
                ),
                Span::raw(fit(&sanitize(&r.name), name_w)),
                Span::raw(" "),
                Span::raw(fit(&why, w.saturating_sub(name_w + 14))),
            ];
            row_line(spans, w, selected.then_some(app.theme.selected))
        })
        .collect()
}
