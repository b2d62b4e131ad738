//! The palette's text grammar: `call anna kow "pricing ok" rating 4 next fri "send demo"`.

use chrono::{NaiveDate, NaiveTime};

use super::{AddSpec, Command, CommandError, Context, CustomerRef, DealSpec};
use crate::domain::when::{Toward, parse_date, parse_time};
use crate::domain::{CustomerKind, DealId, FollowUpId, InteractionKind, Repeat, Stage};

/// One line per form the palette accepts, for help and error messages.
pub const PALETTE_HELP: &str = "\
call|email|meeting|message|visit|note <who> \"what happened\" [rating 1-5] [20m] [in] [at <day>] [next <day> \"what next\"]
follow <who> <day> \"what to do\" [every 4w]
deal <who> \"title\" <amount> [currency] [stage proposal] [prob 60] [close <day>]
done <id> | cancel <id> | snooze <id> <day> | move <id> <day>
stage <deal id> won|lost|lead|qualified|proposal|negotiation
add <name> [org \"Company\"] [email x@y.z] [phone \"+48 ...\"] [tag key] [cadence 14d]
edit <who> [title \"Head of Sales\"] [org \"Company\"] [email x@y.z] [phone \"+48 ...\"] [tag key] [untag key] [cadence 14d|none] [needs \"...\"]
show <who> | undo
<who> is name words (prefixes, any order), an email, a phone or #id; end it with `:` to write the summary unquoted
before the `:` go the direction, length, day and deal (call anna in 20m at mon: asked for a quote); after what happened only [rating 4] [next fri \"what next\"] [\"notes\"]";

/// The words that start an option of a log, a follow-up or a deal: a customer's name before
/// them ends there (the palette's completion reads names so too).
const KEYWORDS: &[&str] = &[
    "next", "rating", "minutes", "min", "in", "inbound", "out", "outbound", "at", "on", "deal",
    "notes", "every", "stage", "prob", "close",
];

/// Whether `word` starts an option of a log, a follow-up or a deal (not of `add`'s or
/// `edit`'s, [`is_edit_keyword`]).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word.to_lowercase().as_str())
}

/// A word of palette input.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    quoted: bool,
}

impl Token {
    fn is_keyword(&self) -> bool {
        !self.quoted
            && (is_keyword(&self.text) || ADD_KEYWORDS.contains(&self.text.to_lowercase().as_str()))
    }
    fn is(&self, word: &str) -> bool {
        !self.quoted && self.text.eq_ignore_ascii_case(word)
    }
}

fn usage(msg: impl Into<String>) -> CommandError {
    CommandError::Usage(msg.into())
}

/// Splits on whitespace, keeping "double", 'single' and “curly” quoted strings whole.
fn tokenize(input: &str) -> Result<Vec<Token>, CommandError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let close = match c {
            '"' => Some('"'),
            '\'' => Some('\''),
            '“' | '„' => Some('”'),
            _ => None,
        };
        if let Some(close) = close {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for ch in chars.by_ref() {
                if ch == close || (close == '”' && ch == '“') {
                    closed = true;
                    break;
                }
                text.push(ch);
            }
            if !closed {
                return Err(usage(format!("a quote is not closed: {c}{text}")));
            }
            tokens.push(Token { text, quoted: true });
        } else {
            let mut text = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() || ch == '"' {
                    break;
                }
                text.push(ch);
                chars.next();
            }
            tokens.push(Token {
                text,
                quoted: false,
            });
        }
    }
    Ok(tokens)
}

/// Words as the palette splits them (quoted ones whole, quotes off): for other one-line
/// inputs that take quoted values, such as the import dialog's options. `Err` says which
/// quote is not closed.
pub fn words(input: &str) -> Result<Vec<String>, String> {
    tokenize(input)
        .map(|tokens| tokens.into_iter().map(|t| t.text).collect())
        .map_err(|e| e.to_string())
}

/// A cursor over tokens.
#[derive(Clone)]
struct Cursor {
    tokens: Vec<Token>,
    pos: usize,
}

impl Cursor {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    /// Bare words up to the next quoted string or keyword.
    fn bare_run(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(t) = self.peek() {
            if t.quoted || t.is_keyword() {
                break;
            }
            out.push(t.text.clone());
            self.pos += 1;
        }
        out
    }
    /// Bare words up to the next quoted string (keywords included).
    fn until_quote(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(t) = self.peek() {
            if t.quoted {
                break;
            }
            out.push(t.text.clone());
            self.pos += 1;
        }
        out
    }
    fn quoted(&mut self) -> Option<String> {
        match self.peek() {
            Some(t) if t.quoted => self.next().map(|t| t.text),
            _ => None,
        }
    }
    fn arg(&mut self, after: &str) -> Result<String, CommandError> {
        self.next()
            .map(|t| t.text)
            .ok_or_else(|| usage(format!("`{after}` needs a value")))
    }
}

/// Reads a day with an optional trailing time: `fri`, `next fri 14:00`, `2026-12-01 9:30`.
fn date_time(
    words: &[String],
    ctx: &Context,
    toward: Toward,
) -> Result<(NaiveDate, Option<NaiveTime>), CommandError> {
    if words.is_empty() {
        return Err(usage(
            "a day is missing (today, tomorrow, fri, +3d, 1 dec, 2026-12-01 ...)",
        ));
    }
    let all = words.join(" ");
    if let Ok(d) = parse_date(&all, ctx.today, toward, ctx.week_start) {
        return Ok((d, None));
    }
    if words.len() >= 2
        && let Ok(t) = parse_time(&words[words.len() - 1])
    {
        let head = words[..words.len() - 1].join(" ");
        if let Ok(d) = parse_date(&head, ctx.today, toward, ctx.week_start) {
            return Ok((d, Some(t)));
        }
    }
    if words.len() == 1
        && let Ok(t) = parse_time(&words[0])
    {
        return Ok((ctx.today, Some(t)));
    }
    parse_date(&all, ctx.today, toward, ctx.week_start)
        .map(|d| (d, None))
        .map_err(|e| usage(e.to_string()))
}

/// Parses one palette line into a command, reading dates against `ctx.today`.
pub fn parse(input: &str, ctx: &Context) -> Result<Command, CommandError> {
    let tokens = tokenize(input)?;
    let Some(first) = tokens.first().map(|t| t.text.clone()) else {
        return Err(usage(format!("type a command:\n{PALETTE_HELP}")));
    };
    let verb = first.to_lowercase();
    let mut cur = Cursor { tokens, pos: 1 };
    let kind = match verb.as_str() {
        "call" | "phone" => Some(InteractionKind::Call),
        "email" | "mail" => Some(InteractionKind::Email),
        "meeting" | "meet" => Some(InteractionKind::Meeting),
        "message" | "msg" | "text" | "chat" => Some(InteractionKind::Message),
        "visit" => Some(InteractionKind::Visit),
        "note" => Some(InteractionKind::Note),
        _ => None,
    };
    if let Some(kind) = kind {
        return log::log(&mut cur, kind, ctx);
    }
    match verb.as_str() {
        "follow" | "fu" | "todo" | "remind" => follow(&mut cur, ctx),
        "deal" => deal(&mut cur, ctx),
        "done" | "cancel" | "snooze" | "move" | "resched" | "reschedule" => {
            let id = follow_up_id(&mut cur, &verb)?;
            match verb.as_str() {
                "done" => Ok(Command::Done(id)),
                "cancel" => Ok(Command::Cancel(id)),
                _ => {
                    let words: Vec<String> =
                        std::iter::from_fn(|| cur.next().map(|t| t.text)).collect();
                    let (day, _) = date_time(&words, ctx, Toward::Future)?;
                    Ok(if verb == "snooze" {
                        Command::Snooze(id, day)
                    } else {
                        Command::Reschedule(id, day)
                    })
                }
            }
        }
        "stage" => {
            let raw = cur.arg("stage")?;
            let id = raw
                .trim_start_matches('#')
                .parse::<i64>()
                .map(DealId)
                .map_err(|_| usage(format!("`{raw}` is not a deal id")))?;
            let s = cur.arg("stage <id>")?;
            let stage = Stage::parse(&s)
                .ok_or_else(|| usage(format!("unknown stage `{s}`; use {}", Stage::spellings())))?;
            let mut probability = None;
            if cur.peek().is_some_and(|t| t.is("prob")) {
                cur.next();
                probability = Some(prob(&cur.arg("prob")?)?);
            }
            Ok(Command::DealStage {
                id,
                stage,
                probability,
            })
        }
        "add" | "new" => add(&mut cur),
        "edit" | "set" => edit::edit(&mut cur),
        "undo" => Ok(Command::Undo { change: None }),
        "show" | "open" | "go" => {
            // Nothing follows the customer, so every word is the name: a word that is a
            // keyword elsewhere (`Tab Notes`, `Hans Kind`) too, where `who` stops before it.
            let who = if let Some(q) = cur.quoted() {
                CustomerRef::parse(&q)
            } else {
                let mut words = Vec::new();
                while let Some(t) = cur.peek().filter(|t| !t.quoted) {
                    words.push(t.text.clone());
                    cur.pos += 1;
                }
                if words.is_empty() {
                    return Err(usage("say who: name words, an email, a phone or #id"));
                }
                CustomerRef::parse(&words.join(" "))
            };
            if let Some(t) = cur.next() {
                return Err(usage(format!("unexpected `{}` after the name", t.text)));
            }
            Ok(Command::Show(who))
        }
        _ => Err(usage(format!(
            "unknown command `{first}`; the palette understands:\n{PALETTE_HELP}"
        ))),
    }
}

fn follow_up_id(cur: &mut Cursor, verb: &str) -> Result<FollowUpId, CommandError> {
    let raw = cur.arg(verb)?;
    raw.trim_start_matches('#')
        .parse::<i64>()
        .map(FollowUpId)
        .map_err(|_| {
            usage(format!(
                "`{raw}` is not a follow-up id (a number, see `rolo today`)"
            ))
        })
}

fn prob(s: &str) -> Result<u8, CommandError> {
    let n: i64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| usage(format!("`{s}` is not a probability (0-100)")))?;
    crate::domain::deal::check_probability(n).map_err(usage)
}

/// The customer words: a quoted name, or bare words up to a quote, a keyword or a `:`.
fn who(cur: &mut Cursor) -> Result<CustomerRef, CommandError> {
    who_before(cur, Token::is_keyword)
}

/// The customer words: a quoted name, or bare words up to a quote, a word that `ends` the
/// name (the verb's own keywords) or a `:`.
fn who_before(cur: &mut Cursor, ends: fn(&Token) -> bool) -> Result<CustomerRef, CommandError> {
    if let Some(q) = cur.quoted() {
        return Ok(CustomerRef::parse(&q));
    }
    let mut words = Vec::new();
    while let Some(t) = cur.peek() {
        if t.quoted || ends(t) {
            break;
        }
        let text = t.text.clone();
        cur.pos += 1;
        if let Some(stripped) = text.strip_suffix(':') {
            if !stripped.is_empty() {
                words.push(stripped.to_string());
            }
            cur.tokens.insert(
                cur.pos,
                Token {
                    text: ":".into(),
                    quoted: false,
                },
            );
            break;
        }
        words.push(text);
    }
    if words.is_empty() {
        return Err(usage("say who: name words, an email, a phone or #id"));
    }
    Ok(CustomerRef::parse(&words.join(" ")))
}

fn follow(cur: &mut Cursor, ctx: &Context) -> Result<Command, CommandError> {
    let (who, due, time) = if let Some(q) = cur.quoted() {
        let start = cur.pos;
        let words = cur.until_quote();
        let whole = date_time(&words, ctx, Toward::Future);
        // Or the day, then what to do unquoted (`follow "Anna Kowalska" fri send the
        // contract`): the longest start that reads as a day.
        let day_then_what = || {
            (1..words.len()).rev().find_map(|j| {
                date_time(&words[..j], ctx, Toward::Future)
                    .ok()
                    .map(|dt| (j, dt))
            })
        };
        let (d, t) = match whole {
            Ok(dt) => dt,
            Err(e) => {
                let found = (cur.peek().is_none() && words.len() > 1)
                    .then(day_then_what)
                    .flatten();
                let Some((j, dt)) = found else {
                    return Err(e);
                };
                cur.pos = start + j;
                dt
            }
        };
        (CustomerRef::parse(&q), d, t)
    } else {
        // Bare words hold the name then the day: the day is the longest tail that reads as one.
        let start = cur.pos;
        let words = cur.until_quote();
        let mut found = None;
        // Or the name, the day and what to do unquoted (`n` in the TUI opens `follow Anna
        // Kowalska ` and the user types `fri send the contract`): the first words after the
        // name that read as a day, as many as do; what follows is what to do.
        // (Before the tail rule: `2w at 14:30` of `… every 2w at 14:30` reads as a day.)
        if cur.peek().is_none() {
            let run_end = words
                .iter()
                .position(|w| w.eq_ignore_ascii_case("every") || w.eq_ignore_ascii_case("at"))
                .unwrap_or(words.len());
            'name: for k in 1..run_end {
                for j in (k + 1..run_end).rev() {
                    // The what's first word is not the day's (`3 dec` is not day 3, `dec`).
                    if let Ok((d, t)) = date_time(&words[k..j], ctx, Toward::Future)
                        && date_time(&words[k..=j], ctx, Toward::Future).is_err()
                    {
                        cur.pos = start + j;
                        found = Some((k, d, t));
                        break 'name;
                    }
                }
            }
        }
        if found.is_none() {
            for k in 1..words.len() {
                if let Ok((d, t)) = date_time(&words[k..], ctx, Toward::Future) {
                    found = Some((k, d, t));
                    break;
                }
            }
        }
        let Some((k, d, t)) = found else {
            return Err(usage(
                "say who and when: follow anna kow fri \"call about the contract\"",
            ));
        };
        (CustomerRef::parse(&words[..k].join(" ")), d, t)
    };
    let what = match cur.quoted() {
        Some(q) => q,
        None => words_before_options(cur, Token::is_keyword, |rest| {
            follow_options(rest, &mut None, &mut None).is_ok()
        })
        .ok_or_else(|| usage("say what to do in quotes, e.g. \"call about the contract\""))?,
    };
    let (mut every, mut time) = (None, time);
    follow_options(cur, &mut every, &mut time)?;
    Ok(Command::Follow {
        who,
        due,
        time,
        what,
        every,
    })
}

/// The words typed unquoted up to the options: a word that `starts` them (a keyword) starts
/// them only where the rest of the line `reads` as options, so one inside the text (`meet at the office`, `met in
/// Gdańsk`, `sent the deal by email`) stays in it. `None` without a word before them. What
/// to do of a follow-up, and what happened of a log after its `:`.
fn words_before_options(
    cur: &mut Cursor,
    starts: impl Fn(&Token) -> bool,
    reads: impl Fn(&mut Cursor) -> bool,
) -> Option<String> {
    let start = cur.pos;
    while let Some(t) = cur.peek() {
        if t.quoted || (starts(t) && reads(&mut cur.clone())) {
            break;
        }
        cur.pos += 1;
    }
    let words: Vec<&str> = cur.tokens[start..cur.pos]
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A follow-up's options after what to do: `every 2w`, `at 14:30`.
fn follow_options(
    cur: &mut Cursor,
    every: &mut Option<Repeat>,
    time: &mut Option<NaiveTime>,
) -> Result<(), CommandError> {
    while let Some(t) = cur.next() {
        if t.is("every") {
            let v = cur.bare_run().join(" ");
            *every = Some(Repeat::parse(&v).map_err(|e| usage(e.to_string()))?);
        } else if t.is("at") {
            let v = cur.arg("at")?;
            *time = Some(parse_time(&v).map_err(|e| usage(e.to_string()))?);
        } else {
            return Err(usage(format!(
                "unexpected `{}` after the follow-up",
                t.text
            )));
        }
    }
    Ok(())
}

fn deal(cur: &mut Cursor, ctx: &Context) -> Result<Command, CommandError> {
    let who = who(cur)?;
    let title = cur.quoted().ok_or_else(|| {
        usage("give the deal a title in quotes: deal anna \"Fleet renewal\" 12500 PLN")
    })?;
    let mut amount = cur.bare_run();
    // A quoted amount (`"12 500,50" PLN`) is read like a bare one.
    if amount.is_empty()
        && let Some(q) = cur.quoted()
    {
        amount.push(q);
        amount.extend(cur.bare_run());
    }
    if amount.is_empty() {
        return Err(usage(
            "the deal's value is missing, e.g. 12500 or 12 500,00 PLN",
        ));
    }
    let value = crate::domain::deal::parse_value(&amount.join(" "), ctx.currency).map_err(usage)?;
    let mut spec = DealSpec {
        who,
        title,
        value,
        stage: Stage::Lead,
        probability: None,
        close: None,
    };
    while let Some(t) = cur.next() {
        if t.is("stage") {
            let s = cur.arg("stage")?;
            spec.stage = Stage::parse(&s)
                .ok_or_else(|| usage(format!("unknown stage `{s}`; use {}", Stage::spellings())))?;
        } else if t.is("prob") {
            spec.probability = Some(prob(&cur.arg("prob")?)?);
        } else if t.is("close") {
            let words = cur.bare_run();
            spec.close = Some(date_time(&words, ctx, Toward::Future)?.0);
        } else {
            return Err(usage(format!("unexpected `{}` in the deal", t.text)));
        }
    }
    Ok(Command::Deal(spec))
}

/// The words that start an option of `add`; the name runs up to one of them, so a word
/// that is a keyword of other verbs stays in it (`add Rating Agency`, `add Tom At`).
const ADD_KEYWORDS: &[&str] = &["org", "email", "phone", "tag", "cadence", "kind"];

fn add(cur: &mut Cursor) -> Result<Command, CommandError> {
    let name = if let Some(q) = cur.quoted() {
        q
    } else {
        let mut words = Vec::new();
        while let Some(t) = cur.peek() {
            if t.quoted || ADD_KEYWORDS.iter().any(|k| t.is(k)) {
                break;
            }
            words.push(t.text.clone());
            cur.pos += 1;
        }
        words.join(" ")
    };
    let mut spec = AddSpec {
        name,
        ..AddSpec::default()
    };
    while let Some(t) = cur.next() {
        let word = t.text.to_lowercase();
        match word.as_str() {
            "org" => spec.org = Some(cur.arg("org")?),
            "email" => spec.emails.push(cur.arg("email")?),
            "phone" => spec.phones.push(cur.arg("phone")?),
            "tag" => spec.tags.push(cur.arg("tag")?),
            "cadence" => {
                let v = cur.arg("cadence")?;
                spec.cadence_days = Some(
                    crate::domain::when::parse_cadence_days(&v)
                        .map_err(|e| usage(e.to_string()))?,
                );
            }
            "kind" => {
                let v = cur.arg("kind")?;
                spec.kind = CustomerKind::parse(&v)
                    .ok_or_else(|| usage(format!("kind `{v}`: use person or org")))?;
            }
            _ => return Err(usage(format!("unexpected `{}` after the name", t.text))),
        }
    }
    Ok(Command::Add(spec))
}

mod edit;
mod log;
pub use edit::is_edit_keyword;
pub use log::is_lone_option;

#[cfg(test)]
mod tests;
