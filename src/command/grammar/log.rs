//! The palette's log lines: `call anna kow: pricing ok in 20m next fri "send demo"`, a
//! contact with who, what happened and its options.

use super::PALETTE_HELP;
use super::{Cursor, Token, date_time, usage, who, who_before, words_before_options};
use crate::command::{Command, CommandError, Context, LogSpec, NextStep};
use crate::domain::interaction::{check_rating, parse_minutes, read_minutes};
use crate::domain::when::Toward;
use crate::domain::{DealId, Direction, InteractionKind};

pub(super) fn log(
    cur: &mut Cursor,
    kind: InteractionKind,
    ctx: &Context,
) -> Result<Command, CommandError> {
    let base = |who| LogSpec {
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
    // The options may stand between the name and the `:` (`call anna in 20m: asked for a
    // quote`); else the name is read as before, with a keyword and colon (`anna deal:`) in it.
    let mut first = cur.clone();
    let options_first = who_before(&mut first, |t| t.is_keyword() || colon_keyword(t))
        .ok()
        .and_then(|who| options_before_colon(&mut first, base(who), ctx));
    let (mut spec, colon) = if let Some(spec) = options_first {
        *cur = first;
        (spec, true)
    } else {
        let spec = base(who(cur)?);
        (
            spec,
            cur.peek().is_some_and(|t| t.is(":")) && cur.next().is_some(),
        )
    };
    let mut summary = None;
    if colon {
        // After the `:`, a direction word is one of what happened (`she was out`, `met in
        // Gdańsk`, `sent the offer in 20m`): it is the direction only where other options
        // came before it (`next fri in`), or before the `:`.
        summary = words_before_options(cur, |rest| {
            let (mut spec, mut summary) = (spec.clone(), Some(String::new()));
            !rest.peek().is_some_and(is_direction)
                && options(rest, &mut spec, &mut summary, ctx).is_ok()
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

/// `in`, `out`, `inbound`, `outbound` as a bare word.
fn is_direction(t: &Token) -> bool {
    ["in", "out", "inbound", "outbound"].iter().any(|w| t.is(w))
}

/// A keyword ending with the name's `:` (`in:` of `call anna in: asked for a quote`).
fn colon_keyword(t: &Token) -> bool {
    t.text.strip_suffix(':').is_some_and(|w| {
        Token {
            text: w.to_string(),
            quoted: t.quoted,
        }
        .is_keyword()
    })
}

/// `spec` with the options typed between the name and a `:` (`in 20m:`), the cursor past
/// the `:`; `None` (the cursor where it was) without a `:` before a quoted text, or where
/// the words before it do not all read as options.
fn options_before_colon(cur: &mut Cursor, mut spec: LogSpec, ctx: &Context) -> Option<LogSpec> {
    let rest = &cur.tokens[cur.pos..];
    let end = rest
        .iter()
        .take_while(|t| !t.quoted)
        .position(|t| t.text.ends_with(':'))?;
    let mut words = rest[..=end].to_vec();
    if let Some(last) = words.last_mut() {
        last.text.pop();
        if last.text.is_empty() {
            words.pop();
        }
    }
    if words.is_empty() {
        return None;
    }
    let mut before = Cursor {
        tokens: words,
        pos: 0,
    };
    options(&mut before, &mut spec, &mut Some(String::new()), ctx).ok()?;
    cur.pos += end + 1;
    Some(spec)
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
