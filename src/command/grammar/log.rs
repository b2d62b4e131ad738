//! The palette's log lines: `call anna kow: pricing ok in 20m next fri "send demo"`, a
//! contact with who, what happened and its options.

use super::PALETTE_HELP;
use super::{Cursor, Token, date_time, usage, who, words_before_options};
use crate::command::{Command, CommandError, Context, CustomerRef, LogSpec, NextStep};
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
    let head = name_and_options(cur, ctx, base)?;
    let (mut spec, colon) = head;
    let mut summary = None;
    if colon {
        // Options typed after a `:` already there, ending in one of their own, are read as
        // if before it: the TUI's `c` writes `call Anna Kowalska: ` and `20m in: asked for
        // a quote` follows.
        if let Some(end) = colon_at(cur) {
            let mut words = cur.tokens[cur.pos..=end].to_vec();
            strip_colon(&mut words);
            let mut with = spec.clone();
            if !words.is_empty() && options_before_colon(words, &mut with, ctx).is_ok() {
                spec = with;
                cur.pos = end + 1;
            }
        }
        // After the `:` is what happened, to the end of the line, but for a tail that
        // reads as a rating, a next step or quoted notes: a day, a direction, a length or
        // a deal there are words of it (`met her on monday`, `she was out`, `sent the offer
        // in 20m`, `talked about deal 5`); they are said before the `:`.
        let starts = |t: &Token| t.is_keyword() || rating_mark(&t.text).is_some();
        summary = words_before_options(cur, starts, |rest| {
            let (mut spec, mut summary) = (spec.clone(), Some(String::new()));
            options(rest, &mut spec, &mut summary, ctx, After::Colon).is_ok()
        });
    }
    options(
        cur,
        &mut spec,
        &mut summary,
        ctx,
        if colon { After::Colon } else { After::Name },
    )?;
    spec.summary = summary.ok_or_else(|| {
        usage(if colon {
            "type what happened after the `:`, e.g. call anna: pricing ok"
        } else {
            "say what happened in quotes, e.g. call anna \"pricing ok\""
        })
    })?;
    Ok(Command::Log(spec))
}

/// Where a log's options stand: after the name (and between it and a `:`), where every
/// option is read; or after the summary that follows the `:`, where only a rating, a next
/// step and quoted notes are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    Name,
    Colon,
}

/// The log's customer and the options typed between the name and the summary; true when
/// the summary follows a `:` (the cursor past it). The name is a quoted one, or the fewest
/// words (one at least) after which the rest up to the `:` (or up to and with the quoted
/// summary) reads as options: `call anna sikora 20m: …` is Anna Sikora for 20 minutes,
/// `note rating agency: …` is the customer Rating Agency, `call tom at: …` is Tom At.
fn name_and_options(
    cur: &mut Cursor,
    ctx: &Context,
    base: impl Fn(CustomerRef) -> LogSpec,
) -> Result<(LogSpec, bool), CommandError> {
    if let Some(q) = cur.quoted() {
        let mut spec = base(CustomerRef::parse(&q));
        // `call "walk in": …` or `call "anna" 20m: …`: the options up to a `:`, if any.
        let colon = match colon_at(cur) {
            Some(end) => {
                let mut before = cur.tokens[cur.pos..=end].to_vec();
                strip_colon(&mut before);
                options_before_colon(before, &mut spec, ctx)?;
                cur.pos = end + 1;
                true
            }
            None => false,
        };
        return Ok((spec, colon));
    }
    if let Some(end) = colon_at(cur) {
        let mut words = cur.tokens[cur.pos..=end].to_vec();
        strip_colon(&mut words);
        let k = name_words(words.len(), |k| {
            let mut spec = base(CustomerRef::Text(String::new()));
            options_before_colon(words[k..].to_vec(), &mut spec, ctx)
        })?
        .unwrap_or(words.len());
        if k == 0 {
            return Err(usage("say who: name words, an email, a phone or #id"));
        }
        let name: Vec<&str> = words[..k].iter().map(|t| t.text.as_str()).collect();
        let mut spec = base(CustomerRef::parse(&name.join(" ")));
        options_before_colon(words[k..].to_vec(), &mut spec, ctx)?;
        cur.pos = end + 1;
        return Ok((spec, true));
    }
    // No `:`: the name, then the options with the quoted summary among them. The name ends
    // where the rest of the line reads as the options; where it never does, at the first
    // keyword, for the options' own error.
    let start = cur.pos;
    let bare = cur.tokens[start..].iter().take_while(|t| !t.quoted).count();
    let k = name_words(bare, |k| {
        let mut rest = Cursor {
            tokens: cur.tokens[start + k..].to_vec(),
            pos: 0,
        };
        let (mut spec, mut summary) = (base(CustomerRef::Text(String::new())), None);
        options(&mut rest, &mut spec, &mut summary, ctx, After::Name)?;
        if summary.is_some() {
            Ok(())
        } else {
            Err(usage("no summary"))
        }
    })?;
    let who = match k {
        Some(k) => {
            cur.pos = start + k;
            let name: Vec<&str> = cur.tokens[start..start + k]
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            CustomerRef::parse(&name.join(" "))
        }
        None => who(cur)?,
    };
    Ok((base(who), false))
}

/// The fewest of `n` words (one at least) that are the name: the first `k` after which the
/// rest reads as options (`reads(k)` is `Ok`). A rest refused as reading two ways
/// (`CommandError::Rejected`: `at yesterday 1h30`) ends the search with that refusal, as a
/// longer name taking the words in (`dieter at yesterday`) would only hide it.
fn name_words(
    n: usize,
    mut reads: impl FnMut(usize) -> Result<(), CommandError>,
) -> Result<Option<usize>, CommandError> {
    for k in 1..=n {
        match reads(k) {
            Ok(()) => return Ok(Some(k)),
            Err(e @ CommandError::Rejected(_)) => return Err(e),
            Err(_) => {}
        }
    }
    Ok(None)
}

/// The index of the token that ends the name's words with `:` (`anna:`, `20m:` or `:`
/// alone), if one comes before any quoted text.
fn colon_at(cur: &Cursor) -> Option<usize> {
    cur.tokens[cur.pos..]
        .iter()
        .take_while(|t| !t.quoted)
        .position(|t| t.text.ends_with(':'))
        .map(|i| cur.pos + i)
}

/// The words before a `:` without it (`in:` is `in`, a lone `:` goes).
fn strip_colon(words: &mut Vec<Token>) {
    if let Some(last) = words.last_mut() {
        last.text.pop();
        if last.text.is_empty() {
            words.pop();
        }
    }
}

/// Reads `tokens`, what stands between a log's name and its `:`, as its options (the
/// direction, length, day, deal): a summary there is no summary of the log's.
fn options_before_colon(
    tokens: Vec<Token>,
    spec: &mut LogSpec,
    ctx: &Context,
) -> Result<(), CommandError> {
    let mut cur = Cursor { tokens, pos: 0 };
    options(&mut cur, spec, &mut Some(String::new()), ctx, After::Name)
}

/// The options after a log's name and summary (`in`, `20m`, `rating 4`, `at mon`, `next fri
/// "..."`); a quoted text is the summary when there is none yet, else a line of the notes.
fn options(
    cur: &mut Cursor,
    spec: &mut LogSpec,
    summary: &mut Option<String>,
    ctx: &Context,
    after: After,
) -> Result<(), CommandError> {
    while let Some(t) = cur.next() {
        let word = t.text.to_lowercase();
        let tail = t.quoted || word == "rating" || word == "next" || rating_mark(&word).is_some();
        if after == After::Colon && !tail {
            return Err(usage(format!(
                "unexpected `{}` after what happened: only a rating, a next step and quoted \
                 notes follow it; say the direction, length, day or deal before the `:` \
                 (call anna in 20m at mon: asked for a quote)",
                t.text
            )));
        }
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
                let (d, time) = day_run(cur, ctx, Toward::Past)?;
                spec.day = Some(d);
                spec.time = time;
            }
            "next" => {
                let (due, time) = day_run(cur, ctx, Toward::Future)?;
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
                if let Some(r) = rating_mark(&word) {
                    let n: i64 = r
                        .parse()
                        .map_err(|_| usage(format!("`{}` is not a rating", t.text)))?;
                    spec.rating = Some(check_rating(n).map_err(usage)?);
                } else if let Some(minutes) = length(&word) {
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

/// A length written as one word (`20m`, `90min`, `1h`, `1h30`; a bare number is no length
/// here), or out of range.
fn length(word: &str) -> Option<Result<u32, String>> {
    (word.starts_with(|c: char| c.is_ascii_digit()) && word.contains(['m', 'h', 'M', 'H']))
        .then(|| read_minutes(word))
        .flatten()
}

/// Whether a word alone is a log's option: a length (`20m`, `1h30`) or a rating (`★4`). The
/// palette's completion ends the name's words there, as the grammar does.
pub fn is_lone_option(word: &str) -> bool {
    rating_mark(word).is_some_and(|r| r.parse::<u8>().is_ok()) || length(word).is_some()
}

/// The digits of a rating written `★4` or `*4`.
fn rating_mark(word: &str) -> Option<&str> {
    word.strip_prefix('★').or_else(|| word.strip_prefix('*'))
}

/// The day (and time) after `at`, `on` or `next`: the longest run of bare words that reads
/// as one, so what follows it is read on (`at yesterday 20m`, `next fri 10:00 rating 4`).
fn day_run(
    cur: &mut Cursor,
    ctx: &Context,
    toward: Toward,
) -> Result<(chrono::NaiveDate, Option<chrono::NaiveTime>), CommandError> {
    let start = cur.pos;
    let words = cur.bare_run();
    for n in (1..=words.len()).rev() {
        if let Ok(dt) = date_time(&words[..n], ctx, toward) {
            // A word of the day that reads as a length too is refused, not taken silently
            // for a time (`at yesterday 1h30`: 01:30, the length lost) or, first after a
            // log's `at`/`on`, for months back (`at 20m`). A follow-up's `next 2m` is a day.
            let first = usize::from(toward == Toward::Future);
            if let Some(w) = words[..n].iter().skip(first).find(|w| length(w).is_some()) {
                return Err(CommandError::Rejected(format!(
                    "`{w}` reads as a day or a time and as a length: write a time as 14:30, \
                     and a length before the day (meeting anna 1h30 at yesterday: demo)"
                )));
            }
            cur.pos = start + n;
            return Ok(dt);
        }
    }
    date_time(&words, ctx, toward)
}

#[cfg(test)]
mod tests;
