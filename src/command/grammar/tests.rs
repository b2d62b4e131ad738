use chrono::{NaiveDate, Weekday};

use super::*;
use crate::command::LogSpec;
use crate::domain::{Currency, Direction};

pub(super) fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        now: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
        week_start: Weekday::Mon,
        currency: Currency::parse("PLN").unwrap(),
    }
}

pub(super) fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn log(input: &str) -> LogSpec {
    match parse(input, &ctx()) {
        Ok(Command::Log(l)) => l,
        other => panic!("{input}: {other:?}"),
    }
}

#[test]
fn grammar_parses_call_with_rating_and_next_step() {
    let l = log(r#"call anna kow "pricing ok" rating 4 next fri "send demo""#);
    assert_eq!(l.who, CustomerRef::Text("anna kow".into()));
    assert_eq!(l.kind, InteractionKind::Call);
    assert_eq!(l.summary, "pricing ok");
    assert_eq!(l.rating, Some(4));
    let next = l.next.unwrap();
    assert_eq!(next.due, d(11, 27));
    assert_eq!(next.what.as_deref(), Some("send demo"));
}

#[test]
fn grammar_reads_colon_summary_minutes_and_inbound() {
    // The direction, length and day stand before the `:`.
    let l = log("email anna in 15m at yesterday: asked for the price list");
    assert_eq!(l.who, CustomerRef::Text("anna".into()));
    assert_eq!(l.summary, "asked for the price list");
    assert_eq!(l.direction, Direction::In);
    assert_eq!(l.minutes, Some(15));
    assert_eq!(l.day, Some(d(11, 22)));
    // After the `:`, `in 15m` is said in what happened ("within 15 minutes"), not read as
    // inbound and 15 minutes long; and `at yesterday` with it (it was read as the day).
    let l = log("email anna: asked for the price list in 15m at yesterday");
    assert_eq!(l.summary, "asked for the price list in 15m at yesterday");
    assert_eq!(
        (l.direction, l.minutes, l.day),
        (Direction::Out, None, None)
    );
}

/// Everything a log line says, as one value to compare: who, summary, direction, minutes,
/// day, rating, the next step's day.
pub(super) type Read = (
    String,
    String,
    Direction,
    Option<u32>,
    Option<NaiveDate>,
    Option<u8>,
    Option<NaiveDate>,
);

pub(super) fn read(input: &str) -> Read {
    let l = log(input);
    let who = match l.who {
        CustomerRef::Text(t) => t,
        other @ CustomerRef::Id(_) => format!("{other:?}"),
    };
    (
        who,
        l.summary,
        l.direction,
        l.minutes,
        l.day,
        l.rating,
        l.next.map(|n| n.due),
    )
}

/// Words after the `:` are what happened unless they unmistakably read as options: `in`
/// and `out` there are words of it; the direction is said before the `:` (or after an
/// option).
#[test]
fn grammar_keeps_in_and_out_in_a_colon_summary() {
    let s = |t: &str| t.to_string();
    let out = Direction::Out;
    assert_eq!(
        read("call anna: she was out"),
        (s("anna"), s("she was out"), out, None, None, None, None)
    );
    assert_eq!(
        read("call anna: she was in"),
        (s("anna"), s("she was in"), out, None, None, None, None)
    );
    assert_eq!(
        read("call anna: problems with inbound"),
        (
            s("anna"),
            s("problems with inbound"),
            out,
            None,
            None,
            None,
            None
        )
    );
    // `in 20m` reads "within 20 minutes"; and we sent the offer: it is not inbound.
    assert_eq!(
        read("call anna: sent the offer by email in 20m"),
        (
            s("anna"),
            s("sent the offer by email in 20m"),
            out,
            None,
            None,
            None,
            None
        )
    );
    assert_eq!(
        read("call anna in: asked for a quote"),
        (
            s("anna"),
            s("asked for a quote"),
            Direction::In,
            None,
            None,
            None,
            None
        )
    );
    assert_eq!(
        read("email anna out 20m: sent prices"),
        (s("anna"), s("sent prices"), out, Some(20), None, None, None)
    );
    assert_eq!(
        read("call anna kow in 20m rating 4: asked for a quote next fri"),
        (
            s("anna kow"),
            s("asked for a quote"),
            Direction::In,
            Some(20),
            None,
            Some(4),
            Some(d(11, 27))
        )
    );
    // After what happened, only a rating and a next step are read: a direction after them
    // is not (it was read as inbound), so the whole tail is what happened; quoted summaries
    // take it as ever.
    assert_eq!(
        read("call anna: asked for a quote rating 4 in"),
        (
            s("anna"),
            s("asked for a quote rating 4 in"),
            out,
            None,
            None,
            None,
            None
        )
    );
    assert_eq!(
        read(r#"call anna "asked for a quote" in 20m"#),
        (
            s("anna"),
            s("asked for a quote"),
            Direction::In,
            Some(20),
            None,
            None,
            None
        )
    );
    // A name with a keyword in it, before the `:`, is still the name where the words do
    // not read as options.
    assert_eq!(
        read("call anna deal: pricing ok"),
        (s("anna deal"), s("pricing ok"), out, None, None, None, None)
    );
    assert_eq!(
        parse("call anna in:", &ctx()).unwrap_err().to_string(),
        "type what happened after the `:`, e.g. call anna: pricing ok"
    );
}

#[test]
fn grammar_keeps_keywords_inside_a_colon_summary() {
    // `in`, `at`, `deal`, `email` in what happened are words of it, where the rest of the
    // line does not read as options (it said "unexpected `Gdańsk`").
    let l = log("call anna: met in Gdańsk at the office about the deal");
    assert_eq!(l.summary, "met in Gdańsk at the office about the deal");
    assert_eq!((l.direction, l.day, l.deal), (Direction::Out, None, None));
    // (`in 20m` was read as inbound and 20 minutes: it is what happened, see
    // grammar_keeps_in_and_out_in_a_colon_summary.)
    let l = log("call anna: sent the offer by email in 20m next fri");
    assert_eq!(l.summary, "sent the offer by email in 20m");
    assert_eq!((l.direction, l.minutes), (Direction::Out, None));
    assert_eq!(l.next.unwrap().due, d(11, 27));
    // A keyword whose rest fails everywhere is the summary's; options after it still count.
    let l = log(r#"call anna: pricing in Q1 "notes here""#);
    assert_eq!(l.summary, "pricing in Q1");
    assert_eq!(l.notes.as_deref(), Some("notes here"));
}

#[test]
fn grammar_reads_a_follow_ups_what_unquoted() {
    // As the TUI's `n` opens it: the name, then the day and what to do as typed.
    let Ok(Command::Follow {
        who,
        due,
        what,
        every,
        ..
    }) = parse(
        "follow Małgorzata Brzęczyszczykiewicz fri Send the contract",
        &ctx(),
    )
    else {
        panic!("follow")
    };
    assert_eq!(
        who,
        CustomerRef::Text("Małgorzata Brzęczyszczykiewicz".into())
    );
    assert_eq!(
        (due, what.as_str(), every),
        (d(11, 27), "Send the contract", None)
    );
    let Ok(Command::Follow {
        due,
        what,
        every,
        time,
        ..
    }) = parse("follow anna 3 dec call back every 2w at 14:30", &ctx())
    else {
        panic!(
            "{:?}",
            parse("follow anna 3 dec call back every 2w at 14:30", &ctx())
        )
    };
    assert_eq!((due, what.as_str()), (d(12, 3), "call back"));
    assert!(every.is_some() && time.is_some());
    // Without a what, the day is not cut short to make one.
    assert_eq!(
        parse("follow anna kow 3 dec", &ctx())
            .unwrap_err()
            .to_string(),
        "say what to do in quotes, e.g. \"call about the contract\""
    );
}

/// `at` or `every` inside what to do stays in it; from where the rest reads as options, they
/// are the options.
#[test]
fn grammar_keeps_at_and_every_inside_a_follow_ups_unquoted_what() {
    let follow = |line: &str| match parse(line, &ctx()) {
        Ok(Command::Follow {
            due,
            what,
            every,
            time,
            ..
        }) => (due, what, every.is_some(), time.map(|t| t.to_string())),
        other => panic!("{line}: {other:?}"),
    };
    assert_eq!(
        follow("follow anna fri meet at the office"),
        (d(11, 27), "meet at the office".into(), false, None)
    );
    assert_eq!(
        follow("follow anna fri check every invoice at 9:00"),
        (
            d(11, 27),
            "check every invoice".into(),
            false,
            Some("09:00:00".into())
        )
    );
    assert_eq!(
        follow("follow \"Anna Kowalska\" fri send the contract"),
        (d(11, 27), "send the contract".into(), false, None)
    );
    assert_eq!(
        follow("follow anna fri meet at the office every 2w"),
        (d(11, 27), "meet at the office".into(), true, None)
    );
}

#[test]
fn grammar_accepts_quoted_customer_and_id() {
    let l = log(r#"meeting "Anna Kowalska" "demo done" next +1w"#);
    assert_eq!(l.who, CustomerRef::Text("Anna Kowalska".into()));
    assert_eq!(l.next.unwrap().due, d(11, 30));
    let l = log(r#"note #12 "likes mornings""#);
    assert_eq!(l.who, CustomerRef::Id(crate::domain::CustomerId(12)));
}

#[test]
fn grammar_next_with_time() {
    let l = log(r#"call bob "ok" next tomorrow 14:30 "call back""#);
    let n = l.next.unwrap();
    assert_eq!(n.due, d(11, 24));
    assert_eq!(n.time, NaiveTime::from_hms_opt(14, 30, 0));
}

#[test]
fn grammar_requires_summary() {
    assert!(matches!(
        parse("call anna kow", &ctx()),
        Err(CommandError::Usage(_))
    ));
    assert!(matches!(
        parse(r#"call anna "x" rating 9"#, &ctx()),
        Err(CommandError::Usage(_))
    ));
    assert!(matches!(
        parse(r#"call anna "unclosed"#, &ctx()),
        Err(CommandError::Usage(_))
    ));
}

#[test]
fn grammar_follow_splits_name_and_day() {
    match parse(
        r#"follow anna kow next fri "Call about the contract" every 4w"#,
        &ctx(),
    )
    .unwrap()
    {
        Command::Follow {
            who,
            due,
            what,
            every,
            ..
        } => {
            assert_eq!(who, CustomerRef::Text("anna kow".into()));
            assert_eq!(due, d(11, 27));
            assert_eq!(what, "Call about the contract");
            assert_eq!(every.unwrap().to_string(), "4w");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn grammar_deal_with_money_and_options() {
    match parse(
        r#"deal anna kow "Fleet renewal" 12 500,00 PLN stage proposal prob 60 close 2027-01-31"#,
        &ctx(),
    )
    .unwrap()
    {
        Command::Deal(s) => {
            assert_eq!(s.value.minor, 1_250_000);
            assert_eq!(s.stage, Stage::Proposal);
            assert_eq!(s.probability, Some(60));
            assert_eq!(s.close, NaiveDate::from_ymd_opt(2027, 1, 31));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn grammar_deal_with_a_quoted_amount() {
    match parse(r#"deal anna "Fleet" "12 500,50" PLN stage won"#, &ctx()).unwrap() {
        Command::Deal(s) => {
            assert_eq!(s.value.minor, 1_250_050);
            assert_eq!(s.value.currency.as_str(), "PLN");
            assert_eq!(s.stage, Stage::Won);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn grammar_follow_up_verbs() {
    assert_eq!(
        parse("done 3", &ctx()).unwrap(),
        Command::Done(FollowUpId(3))
    );
    assert_eq!(
        parse("snooze 4 +1w", &ctx()).unwrap(),
        Command::Snooze(FollowUpId(4), d(11, 30))
    );
    assert!(parse("snooze x +1w", &ctx()).is_err());
    assert_eq!(
        parse("undo", &ctx()).unwrap(),
        Command::Undo { change: None }
    );
    assert!(parse("frobnicate", &ctx()).is_err());
    assert!(parse("", &ctx()).is_err());
}

#[test]
fn grammar_add_with_options() {
    match parse(
        r#"add "Jan Nowak" org "Acme" email jan@acme.pl tag key cadence 2w"#,
        &ctx(),
    )
    .unwrap()
    {
        Command::Add(a) => {
            assert_eq!(a.name, "Jan Nowak");
            assert_eq!(a.org.as_deref(), Some("Acme"));
            assert_eq!(a.emails, vec!["jan@acme.pl".to_string()]);
            assert_eq!(a.cadence_days, Some(14));
        }
        other => panic!("{other:?}"),
    }
}

/// The name runs up to add's own words: a keyword of a log (`rating`, `at`, `next`) is a
/// word of it (`add Rating Agency` was refused: "unexpected `Rating` after the name").
#[test]
fn grammar_add_keeps_other_verbs_keywords_in_the_name() {
    let add = |line: &str| match parse(line, &ctx()) {
        Ok(Command::Add(a)) => (a.name, a.kind, a.tags),
        other => panic!("{line}: {other:?}"),
    };
    assert_eq!(
        add("add Rating Agency kind org tag press"),
        (
            "Rating Agency".into(),
            CustomerKind::Org,
            vec!["press".to_string()]
        )
    );
    assert_eq!(add("add Tom At").0, "Tom At");
    assert_eq!(add("add Next Level Ltd").0, "Next Level Ltd");
}

#[test]
fn grammar_never_panics_on_odd_input() {
    for s in [
        "\"",
        "call",
        "call :",
        "call a: ",
        "follow",
        "deal x",
        "stage",
        "stage 1",
        "call \u{1b}[2J \"x\"",
        "next next next",
        "call a \"b\" next",
        "add",
        "★",
    ] {
        let _ = parse(s, &ctx());
    }
}

#[test]
fn grammar_show_takes_every_word_as_the_name() {
    let show = |input: &str| match parse(input, &ctx()) {
        Ok(Command::Show(who)) => who,
        other => panic!("{input}: {other:?}"),
    };
    // `notes` and `kind` are keywords of other commands, and words of these names.
    assert_eq!(
        show("show tab notes"),
        CustomerRef::Text("tab notes".into())
    );
    assert_eq!(
        show("open Hans Kind"),
        CustomerRef::Text("Hans Kind".into())
    );
    assert_eq!(
        show(r#"show "Anna Kowalska""#),
        CustomerRef::Text("Anna Kowalska".into())
    );
    assert_eq!(
        show("go #12"),
        CustomerRef::Id(crate::domain::CustomerId(12))
    );
    // Nothing is left out silently.
    let e = parse(r#"show anna "x""#, &ctx()).unwrap_err();
    assert_eq!(e.to_string(), "unexpected `x` after the name");
    let e = parse("show", &ctx()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "say who: name words, an email, a phone or #id"
    );
}
