//! Verbs translated into shared [`Command`]s: their values parsed and checked.

use super::Verb;
use crate::command::{
    AddSpec, Command, CommandError, ContactsEdit, Context, CustomerRef, DealSpec, EditSpec,
    LogSpec, NamePartsEdit, NextStep,
};
use crate::domain::interaction::{check_rating, parse_minutes};
use crate::domain::when::{
    Toward, parse_cadence_days, parse_cadence_setting, parse_date, parse_time,
};
use crate::domain::{CustomerKind, DealId, Direction, FollowUpId, Repeat, Stage};
use crate::interop::text::typed_birthday;

fn usage(msg: impl Into<String>) -> CommandError {
    CommandError::Usage(msg.into())
}

fn date(s: &str, ctx: &Context, toward: Toward) -> Result<chrono::NaiveDate, CommandError> {
    parse_date(s, ctx.today, toward, ctx.week_start).map_err(|e| usage(e.to_string()))
}

/// A day, or a day and a time after it (`fri 14:00`, `2026-11-25 10:00`); an error about
/// the day when it is neither.
fn day_and_time(
    s: &str,
    ctx: &Context,
) -> Result<(chrono::NaiveDate, Option<chrono::NaiveTime>), CommandError> {
    match date(s, ctx, Toward::Future) {
        Ok(d) => Ok((d, None)),
        Err(e) => match s.trim().rsplit_once(char::is_whitespace) {
            Some((head, last)) if !head.trim().is_empty() => {
                let t = parse_time(last).map_err(|_| e)?;
                Ok((date(head, ctx, Toward::Future)?, Some(t)))
            }
            _ => Err(e),
        },
    }
}

fn time(s: Option<&String>) -> Result<Option<chrono::NaiveTime>, CommandError> {
    s.map(|t| parse_time(t).map_err(|e| usage(e.to_string())))
        .transpose()
}

fn kind(s: &str) -> Result<CustomerKind, CommandError> {
    CustomerKind::parse(s).ok_or_else(|| usage(format!("kind `{s}`: use person or org")))
}

fn stage(s: &str) -> Result<Stage, CommandError> {
    Stage::parse(s).ok_or_else(|| usage(format!("unknown stage `{s}`; use {}", Stage::spellings())))
}

fn prob(p: Option<i64>) -> Result<Option<u8>, CommandError> {
    p.map(|p| crate::domain::deal::check_probability(p).map_err(usage))
        .transpose()
}

/// A birthday as typed (see [`typed_birthday`]).
fn birthday(s: &str, ctx: &Context) -> Result<chrono::NaiveDate, CommandError> {
    typed_birthday(s, ctx.today).map_err(|e| usage(format!("--birthday: {e}")))
}

fn cadence(s: &str) -> Result<u32, CommandError> {
    parse_cadence_days(s).map_err(|e| usage(e.to_string()))
}

impl Verb {
    /// The shared command for a verb that writes; `None` for verbs that only read or print.
    pub fn to_command(&self, ctx: &Context) -> Result<Option<Vec<Command>>, CommandError> {
        let one = |c| Ok(Some(vec![c]));
        match self {
            Verb::Add {
                name,
                kind: k,
                org,
                email,
                phone,
                tag,
                cadence: cad,
                profile,
            } => one(Command::Add(AddSpec {
                kind: kind(k)?,
                name: name.clone(),
                org: org.clone(),
                emails: email.clone(),
                phones: phone.clone(),
                tags: tag.clone(),
                cadence_days: cad.as_deref().map(cadence).transpose()?,
                title: profile.title.clone(),
                address: profile.address.clone(),
                notes: profile.notes.clone(),
                needs: profile.needs.clone(),
                owner: profile.owner.clone(),
                birthday: profile
                    .birthday
                    .as_deref()
                    .map(|b| birthday(b, ctx))
                    .transpose()?,
            })),
            Verb::Edit {
                who,
                name,
                kind: k,
                org,
                email,
                phone,
                add_email,
                add_phone,
                more,
                remove,
                tag,
                untag,
                cadence: cad,
                profile,
                parts,
            } => one(Command::Edit {
                who: CustomerRef::parse(who),
                spec: EditSpec {
                    name: name.clone(),
                    kind: k.as_deref().map(kind).transpose()?,
                    org: org.clone(),
                    email: email.clone(),
                    phone: phone.clone(),
                    add_emails: add_email.clone(),
                    add_phones: add_phone.clone(),
                    more: Box::new(ContactsEdit {
                        add_urls: more.add_url.clone(),
                        add_ims: more.add_im.clone(),
                        service: more.service.clone(),
                        label: more.label.clone(),
                        typed: Vec::new(),
                    }),
                    remove: remove.clone(),
                    tags: tag.clone(),
                    untags: untag.clone(),
                    cadence_days: cad
                        .as_deref()
                        .map(parse_cadence_setting)
                        .transpose()
                        .map_err(|e| usage(e.to_string()))?,
                    title: profile.title.clone(),
                    address: profile.address.clone(),
                    notes: profile.notes.clone(),
                    needs: profile.needs.clone(),
                    owner: profile.owner.clone(),
                    birthday: match profile.birthday.as_deref().map(str::trim) {
                        None => None,
                        Some("" | "none") => Some(None),
                        Some(b) => Some(Some(birthday(b, ctx)?)),
                    },
                    name_parts: Box::new(NamePartsEdit {
                        given: parts.given.clone(),
                        additional: parts.middle.clone(),
                        family: parts.family.clone(),
                        prefix: parts.name_prefix.clone(),
                        suffix: parts.name_suffix.clone(),
                    }),
                    address_label: parts.address_label.clone(),
                },
            }),
            Verb::Log {
                who,
                kind: k,
                summary,
                notes,
                inbound,
                at,
                time: t,
                minutes,
                rating,
                deal,
                next,
            } => {
                let next = match next.as_slice() {
                    [] => None,
                    [day, rest @ ..] => {
                        // `--next "fri 14:00"` carries a time after the day.
                        let (due, ntime) = day_and_time(day, ctx)?;
                        Some(NextStep {
                            due,
                            time: ntime,
                            what: rest.first().cloned(),
                        })
                    }
                };
                one(Command::Log(LogSpec {
                    who: CustomerRef::parse(who),
                    kind: (*k).into(),
                    summary: summary.clone(),
                    notes: notes.clone(),
                    direction: if *inbound {
                        Direction::In
                    } else {
                        Direction::Out
                    },
                    day: at
                        .as_deref()
                        .map(|a| date(a, ctx, Toward::Past))
                        .transpose()?,
                    time: time(t.as_ref())?,
                    minutes: minutes
                        .as_deref()
                        .map(|m| parse_minutes(m).map_err(usage))
                        .transpose()?,
                    rating: rating.map(|r| check_rating(r).map_err(usage)).transpose()?,
                    deal: deal.map(DealId),
                    next,
                }))
            }
            Verb::Follow {
                who,
                when,
                what,
                every,
                time: t,
            } => {
                // `rolo follow anna "fri 14:00" …`, as `--next "fri 14:00"`, or `--time`.
                let (due, at) = day_and_time(when, ctx)?;
                let time = match (at, time(t.as_ref())?) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(usage(format!(
                            "two times: `{when}` and --time {}; give one",
                            t.as_deref().unwrap_or_default()
                        )));
                    }
                    (a, b) => a.or(b),
                };
                one(Command::Follow {
                    who: CustomerRef::parse(who),
                    due,
                    time,
                    what: what.clone(),
                    every: every
                        .as_deref()
                        .map(|e| Repeat::parse(e).map_err(|e| usage(e.to_string())))
                        .transpose()?,
                })
            }
            Verb::Done { ids } => Ok(Some(
                ids.iter().map(|i| Command::Done(FollowUpId(*i))).collect(),
            )),
            Verb::Cancel { id } => one(Command::Cancel(FollowUpId(*id))),
            Verb::Snooze { id, when } => one(Command::Snooze(
                FollowUpId(*id),
                date(when, ctx, Toward::Future)?,
            )),
            Verb::Reschedule { id, when } => one(Command::Reschedule(
                FollowUpId(*id),
                date(when, ctx, Toward::Future)?,
            )),
            Verb::Deal {
                who,
                title,
                amount,
                currency,
                stage: s,
                prob: p,
                close,
            } => {
                let text = match currency {
                    Some(c) => format!("{amount} {c}"),
                    None => amount.clone(),
                };
                let value = crate::domain::deal::parse_value(&text, ctx.currency).map_err(usage)?;
                one(Command::Deal(DealSpec {
                    who: CustomerRef::parse(who),
                    title: title.clone(),
                    value,
                    stage: stage(s)?,
                    probability: prob(*p)?,
                    close: close
                        .as_deref()
                        .map(|c| date(c, ctx, Toward::Future))
                        .transpose()?,
                }))
            }
            Verb::DealStage {
                id,
                stage: s,
                prob: p,
            } => one(Command::DealStage {
                id: DealId(*id),
                stage: stage(s)?,
                probability: prob(*p)?,
            }),
            Verb::Undo { list: false } => one(Command::Undo { change: None }),
            Verb::Do { text } => one(crate::command::parse(&text.join(" "), ctx)?),
            _ => Ok(None),
        }
    }
}
