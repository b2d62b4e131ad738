//! The palette's log lines: `call anna kow: pricing ok in 20m next fri "send demo"`, a
//! contact with who, what happened and its options.

use super::PALETTE_HELP;
use super::{Cursor, date_time, usage, who, words_before_options};
use crate::command::{Command, CommandError, Context, LogSpec, NextStep};
use crate::domain::interaction::{check_rating, parse_minutes, read_minutes};
use crate::domain::when::Toward;
use crate::domain::{DealId, Direction, InteractionKind};

pub(super) fn log(
    cur: &mut Cursor,
    kind: InteractionKind,
    ctx: &Context,
) -> Result<Command, CommandError> {
    let who = who(cur)?;
    let colon = cur.peek().is_some_and(|t| t.is(":"));
    let mut spec = LogSpec {
        who,
        kind,
        summary: String::new(),
        notes: None,
        direction: Direction::Out,
        day: None,
        time: None,
        minutes: None,
        rating: None,
        deal: None,
        next: None,
    };
    let mut summary = None;
    if colon {
        cur.next();
        summary = words_before_options(cur, |rest| {
            let (mut spec, mut summary) = (spec.clone(), Some(String::new()));
            options(rest, &mut spec, &mut summary, ctx).is_ok()
        });
    }
    options(cur, &mut spec, &mut summary, ctx)?;
    spec.summary = summary.ok_or_else(|| {
        usage(if colon {
            "type what happened after the `:`, e.g. call anna: pricing ok"
        } else {
            "say what happened in quotes, e.g. call anna \"pricing ok\""
        })
    })?;
    Ok(Command::Log(spec))
}

/// The options after a log's name and summary (`in`, `20m`, `rating 4`, `at mon`, `next fri
/// "..."`); a quoted text is the summary when there is none yet, else a line of the notes.
fn options(
    cur: &mut Cursor,
    spec: &mut LogSpec,
    summary: &mut Option<String>,
    ctx: &Context,
) -> Result<(), CommandError> {
    while let Some(t) = cur.next() {
        if t.quoted {
            if summary.is_none() {
                *summary = Some(t.text);
            } else {
                let notes = spec.notes.get_or_insert_with(String::new);
                if !notes.is_empty() {
                    notes.push('\n');
                }
                notes.push_str(&t.text);
            }
            continue;
        }
        let word = t.text.to_lowercase();
        match word.as_str() {
            "rating" => {
                let v = cur.arg("rating")?;
                let n: i64 = v
                    .parse()
                    .map_err(|_| usage(format!("rating `{v}` is not a number 1-5")))?;
                spec.rating = Some(check_rating(n).map_err(usage)?);
            }
            "minutes" | "min" => {
                spec.minutes = Some(parse_minutes(&cur.arg("minutes")?).map_err(usage)?);
            }
            "in" | "inbound" => spec.direction = Direction::In,
            "out" | "outbound" => spec.direction = Direction::Out,
            "at" | "on" => {
                let words = cur.bare_run();
                let (d, time) = date_time(&words, ctx, Toward::Past)?;
                spec.day = Some(d);
                spec.time = time;
            }
            "next" => {
                let words = cur.bare_run();
                let (due, time) = date_time(&words, ctx, Toward::Future)?;
                let what = cur.quoted();
                spec.next = Some(NextStep { due, time, what });
            }
            "deal" => {
                let v = cur.arg("deal")?;
                spec.deal = Some(DealId(
                    v.trim_start_matches('#')
                        .parse()
                        .map_err(|_| usage(format!("`{v}` is not a deal id")))?,
                ));
            }
            "notes" => {
                spec.notes = Some(cur.arg("notes")?);
            }
            _ => {
                if let Some(r) = word.strip_prefix('★').or_else(|| word.strip_prefix('*')) {
                    let n: i64 = r
                        .parse()
                        .map_err(|_| usage(format!("`{}` is not a rating", t.text)))?;
                    spec.rating = Some(check_rating(n).map_err(usage)?);
                } else if word.starts_with(|c: char| c.is_ascii_digit())
                    && word.ends_with(['m', 'h', 'n'])
                    && let Some(minutes) = read_minutes(&word)
                {
                    spec.minutes = Some(minutes.map_err(usage)?);
                } else {
                    return Err(usage(format!(
                        "unexpected `{}`; quote the summary (\"...\") or end the name with `:`\n{PALETTE_HELP}",
                        t.text
                    )));
                }
            }
        }
    }
    Ok(())
}
