//! The log line's reading around its `:`: what describes the contact before it, what
//! happened after it, with only a rating, a next step and quoted notes read there.

use super::super::parse;
use super::super::tests::{ctx, d, read};
use crate::command::{Command, LogSpec};
use crate::domain::{DealId, Direction};

fn s(t: &str) -> String {
    t.to_string()
}

fn log(input: &str) -> LogSpec {
    match parse(input, &ctx()) {
        Ok(Command::Log(l)) => l,
        other => panic!("{input}: {other:?}"),
    }
}

/// A day, a time, a deal or a length after the `:` are words of what happened (the first
/// three were read as options and cut from the summary).
#[test]
fn log_keeps_a_day_a_time_and_a_deal_after_the_colon_in_what_happened() {
    let out = Direction::Out;
    assert_eq!(
        read("call anna: met her on monday"),
        (
            s("anna"),
            s("met her on monday"),
            out,
            None,
            None,
            None,
            None
        )
    );
    let l = log("call anna: she wants to meet at 3pm");
    assert_eq!(
        (l.summary.as_str(), l.day, l.time),
        ("she wants to meet at 3pm", None, None)
    );
    let l = log("call anna: talked about deal 5");
    assert_eq!((l.summary.as_str(), l.deal), ("talked about deal 5", None));
    assert_eq!(
        read("meeting anna: went through the demo 60m"),
        (
            s("anna"),
            s("went through the demo 60m"),
            out,
            None,
            None,
            None,
            None
        )
    );
}

/// What users rely on after the `:` still reads: a rating, a next step (with what to do
/// quoted) and quoted notes.
#[test]
fn log_reads_a_rating_a_next_step_and_notes_after_the_colon() {
    let l = log(r#"call anna: pricing ok next fri "Send the pricing sheet""#);
    assert_eq!(l.summary, "pricing ok");
    let next = l.next.unwrap();
    assert_eq!(
        (next.due, next.what.as_deref()),
        (d(11, 27), Some("Send the pricing sheet"))
    );
    let l = log(r#"call anna: pricing ok rating 4 "prefers mornings""#);
    assert_eq!(
        (l.summary.as_str(), l.rating, l.notes.as_deref()),
        ("pricing ok", Some(4), Some("prefers mornings"))
    );
    let l = log("call anna: pricing ok ★5 next fri 10:00");
    assert_eq!((l.summary.as_str(), l.rating), ("pricing ok", Some(5)));
    let next = l.next.unwrap();
    assert_eq!(
        (next.due, next.time.map(|t| t.to_string())),
        (d(11, 27), Some(s("10:00:00")))
    );
    // Anything else after quoted notes is refused, saying where it goes.
    assert_eq!(
        parse(r#"call anna: x "a note" in"#, &ctx())
            .unwrap_err()
            .to_string(),
        "unexpected `in` after what happened: only a rating, a next step and quoted notes \
         follow it; say the direction, length, day or deal before the `:` (call anna in 20m \
         at mon: asked for a quote)"
    );
}

/// A length, a rating or a day alone between the name and the `:` is read as such (a
/// length was read as a word of the name: no customer `anna sikora 20m`).
#[test]
fn log_reads_one_option_alone_before_the_colon() {
    let (out, inbound) = (Direction::Out, Direction::In);
    let who = s("anna sikora");
    assert_eq!(
        read("call anna sikora 20m: went over the offer"),
        (
            who.clone(),
            s("went over the offer"),
            out,
            Some(20),
            None,
            None,
            None
        )
    );
    assert_eq!(read("meeting anna sikora 1h30: demo").3, Some(90));
    assert_eq!(read("meeting anna sikora 90m: demo").3, Some(90));
    assert_eq!(read("call anna sikora ★4: great").5, Some(4));
    assert_eq!(
        read("call anna sikora at yesterday 20m: x"),
        (
            who.clone(),
            s("x"),
            out,
            Some(20),
            Some(d(11, 22)),
            None,
            None
        )
    );
    assert_eq!(
        read("call anna sikora on fri in: asked"),
        (
            who.clone(),
            s("asked"),
            inbound,
            None,
            Some(d(11, 20)),
            None,
            None
        )
    );
    let l = log("call anna at 1 dec 14:30: late entry");
    assert_eq!(
        (l.day, l.time.map(|t| t.to_string())),
        (
            Some(chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()),
            Some(s("14:30:00"))
        )
    );
    // And before a quoted summary, or after it (`1h30` was refused there).
    assert_eq!(
        read(r#"call anna sikora 20m "went over""#),
        (who.clone(), s("went over"), out, Some(20), None, None, None)
    );
    assert_eq!(read(r#"call anna sikora "x" 1h30"#).3, Some(90));
}

/// A name with a keyword among its words is the name where the words after it do not read
/// as options (`rating agency` was refused: no name before `rating`).
#[test]
fn log_takes_a_keyword_into_the_name_where_it_reads_no_option() {
    assert_eq!(
        read("note rating agency: likes mornings").0,
        "rating agency"
    );
    assert_eq!(read("call next level: intro").0, "next level");
    assert_eq!(read("call tom at: hi").0, "tom at");
    assert_eq!(read("call anna deal: pricing ok").0, "anna deal");
    let l = log("call anna deal 7: pricing ok");
    assert_eq!(
        (read("call anna deal 7: pricing ok").0, l.deal),
        (s("anna"), Some(DealId(7)))
    );
}

/// The TUI's `c` writes the name and its `:` (`call Anna Kowalska: `): options typed next
/// that end in a `:` of their own are the log's, as before the first; any other first words
/// ending in a `:` are what happened.
#[test]
fn log_reads_options_between_a_written_colon_and_one_of_their_own() {
    let l = log("call anna: 30m: walked through the contract");
    assert_eq!(
        (l.summary.as_str(), l.minutes, l.direction),
        ("walked through the contract", Some(30), Direction::Out)
    );
    let l = log("call anna: in 30m at mon: asked for a quote");
    assert_eq!(
        (l.summary.as_str(), l.minutes, l.direction, l.day),
        (
            "asked for a quote",
            Some(30),
            Direction::In,
            Some(d(11, 16))
        )
    );
    for words in [
        "note: she was out",
        "re: pricing",
        "tomorrow: send the deck",
        "monday: demo set",
        "10:00 meeting moved",
    ] {
        let l = log(&format!("call anna: {words}"));
        assert_eq!(
            (l.summary.as_str(), l.minutes, l.day),
            (words, None, None),
            "{words}"
        );
    }
}

/// A word of a day that reads as a length too is refused, naming it: it was taken for a
/// time (`at yesterday 1h30` at 01:30, no length) or for months back (`at 20m`), and a name
/// ending in `at` took the refusal's place (`tom at 20m` read as Tom, 20 months ago).
#[test]
fn log_refuses_a_length_that_reads_as_a_time_of_its_day() {
    for line in [
        "meeting anna at yesterday 1h30: demo",
        "call anna at fri 2h: x",
        "call anna at 20m: x",
        "call tom at 20m: hi",
        "call anna at yesterday 1h30 \"demo\"",
        "call anna \"demo\" next fri 2h",
    ] {
        let err = parse(line, &ctx()).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "reads as a day or a time and as a length: write a time as 14:30, and a \
                 length before the day (meeting anna 1h30 at yesterday: demo)"
            ),
            "{line}: {err}"
        );
    }
    // The length before the day, or a time written with a colon, reads as before.
    let l = log("meeting anna 1h30 at yesterday: demo");
    assert_eq!((l.minutes, l.day), (Some(90), Some(d(11, 22))));
    let l = log("meeting anna at yesterday 20m: demo");
    assert_eq!((l.minutes, l.day), (Some(20), Some(d(11, 22))));
    let l = log("call anna at fri 14:30: x");
    assert_eq!((l.minutes, l.day), (None, Some(d(11, 20))));
    let l = log("call \"tom at\" 20m: hi");
    assert_eq!(l.minutes, Some(20));
}
