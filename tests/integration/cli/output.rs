//! What reaches the terminal: no control sequences from stored text, and tables that fit.

use unicode_width::UnicodeWidthStr;

use super::{Rolo, text};

/// A name carrying SGR, OSC 52 (clipboard write), a C1 CSI and a bidi override.
const EVIL: &str = "Evil\u{1b}[31mRed\u{1b}]52;c;aGk=\u{7} \u{9b}2J \u{202e}Rev";

fn assert_clean(what: &str, out: &str) {
    for (bad, name) in [
        ('\u{1b}', "ESC"),
        ('\u{7}', "BEL"),
        ('\u{9b}', "C1 CSI"),
        ('\u{202e}', "RLO"),
    ] {
        assert!(
            !out.contains(bad),
            "{what}: raw {name} reached stdout: {out:?}"
        );
    }
    assert!(!out.as_bytes().contains(&0x1b), "{what}");
    assert!(!out.as_bytes().contains(&0x07), "{what}");
    assert!(
        !out.as_bytes().windows(2).any(|w| w == [0xc2, 0x9b]),
        "{what}"
    );
}

#[test]
fn stored_control_sequences_never_reach_the_terminal() {
    let r = Rolo::new();
    let note = format!("{EVIL} note");
    let summary = format!("{EVIL} summary");
    let next = format!("{EVIL} next");
    let mut outputs = vec![
        (
            "add",
            r.ok(&["add", EVIL, "--email", "evil@example.com", "--notes", &note]),
        ),
        (
            "log",
            r.ok(&[
                "log",
                "evil@example.com",
                "call",
                &summary,
                "--notes",
                &note,
                "--next",
                "today",
                &next,
            ]),
        ),
        (
            "edit",
            r.ok(&["edit", "evil@example.com", "--needs", &note]),
        ),
        (
            "deal",
            r.ok(&["deal", "evil@example.com", EVIL, "100", "PLN"]),
        ),
    ];
    for args in [
        &["show", "evil@example.com"][..],
        &["list"],
        &["today"],
        &["upcoming"],
        &["search", "summary"],
        &["search", "note"],
        &["search", "evil"],
        &["undo", "--list"],
    ] {
        outputs.push((args[0], r.ok(args)));
    }
    // A rejected name and an ambiguous lookup print stored names on stderr.
    r.ok(&["add", &format!("{EVIL} Two")]);
    let err = r.fails(&["show", "evil"], 2);
    outputs.push(("ambiguous stderr", text(&err.stderr)));
    let err = r.fails(&["show", "evi rex"], 2);
    outputs.push(("unknown stderr", text(&err.stderr)));
    let typed = "\u{1b}]52;c;aGk=\u{7}nobody\u{9b}\u{202e}";
    let err = r.fails(&["log", typed, "call", "x"], 2);
    outputs.push(("typed name stderr", text(&err.stderr)));
    for (what, out) in &outputs {
        assert_clean(what, out);
    }
    // The visible text survives around the removed bytes.
    let show = r.ok(&["show", "evil@example.com"]);
    assert!(show.contains("Evil") && show.contains("Red") && show.contains("Rev"));

    // JSON keeps the stored text exactly (escaped by JSON, not altered).
    let v = r.show("evil@example.com");
    assert_eq!(v["customer"]["name"], EVIL);
    assert_eq!(v["customer"]["notes"], note.as_str());
    assert_eq!(v["customer"]["needs"], note.as_str());
    assert_eq!(v["history"][0]["summary"], summary.as_str());
    assert_eq!(v["history"][0]["notes"], note.as_str());
    assert_eq!(v["deals"][0]["title"], EVIL);
    let raw = r.ok(&["show", "evil@example.com", "--json"]);
    assert!(raw.contains("\\u001b[31m"), "{raw}");
    assert!(!raw.contains('\u{1b}'), "JSON escapes ESC");
    let today = r.json(&["today"]);
    assert_eq!(today["items"][0]["what"], next.as_str());
    assert_eq!(today["items"][0]["customer_name"], EVIL);
}

/// A book whose every field is long: names, organization, emails, notes, summaries.
fn wide_book() -> Rolo {
    let r = Rolo::new();
    let org =
        "Przedsiębiorstwo Handlowo-Usługowe Wielkopolska Spółka z ograniczoną odpowiedzialnością";
    let name = "Maximilian Alexander von Hohenzollern-Sigmaringen-Wielkopolski III";
    r.ok(&[
        "add",
        name,
        "--org",
        org,
        "--email",
        "maximilian.alexander.von.hohenzollern@przedsiebiorstwo-handlowo-uslugowe.example.com",
        "--phone",
        "+48 600 100 200 300 400",
        "--tag",
        "key",
        "--tag",
        "very-long-tag-name-number-one",
        "--tag",
        "another-rather-long-tag",
        "--title",
        "Chief Executive Officer and Head of Procurement for Central and Eastern Europe",
        "--address",
        "ul. Bardzo Długa Nazwa Ulicy 123/456, 60-001 Poznań, Wielkopolska, Polska, Europa",
        "--notes",
        &"Long notes without line breaks that go on and on. ".repeat(6),
        "--needs",
        &"Needs forty vans with a very long specification text. ".repeat(4),
        "--cadence",
        "14d",
    ]);
    r.ok(&["add", "Zofia Żółć 日本語の名前", "--org", org]);
    let summary = "A very long summary of a call that goes well past the width of any terminal one might reasonably use ".repeat(2);
    r.ok(&[
        "log",
        "maximilian",
        "call",
        &summary,
        "--rating",
        "5",
        "--minutes",
        "1h30",
        "--at",
        "yesterday",
        "--next",
        "today",
        &"A follow-up with a really long description of what to do next ".repeat(3),
    ]);
    r.ok(&[
        "log",
        "zofia",
        "meeting",
        "日本語の要約がとても長い会議の記録です。"
            .repeat(5)
            .as_str(),
    ]);
    r.ok(&["follow", "zofia", "today", "短い"]);
    r.ok(&[
        "follow",
        "maximilian",
        "fri",
        &"Next week thing ".repeat(10),
    ]);
    r.ok(&[
        "deal",
        "maximilian",
        &"Fleet renewal for the whole group of companies ".repeat(3),
        "123456789.99",
        "PLN",
        "--stage",
        "negotiation",
        "--close",
        "2027-01-31",
    ]);
    // Overdue ones too, so LATE shows numbers.
    r.ok(&["follow", "zofia", "today", "Overdue on Friday"]);
    r
}

fn assert_fits(what: &str, out: &str, width: usize) {
    assert!(!out.is_empty(), "{what}: no output");
    for line in out.lines() {
        assert!(
            line.width() <= width,
            "{what}: line of {} columns (> {width}):\n{line}\n---\n{out}",
            line.width()
        );
    }
}

#[test]
fn tables_fit_80_columns() {
    let r = wide_book();
    for args in [
        &["list"][..],
        &["list", "--sort", "value"],
        &["today"],
        &["upcoming"],
        &["show", "maximilian"],
        &["show", "zofia"],
        &["show", "przedsiebiorstwo"],
        &["search", "summary"],
        &["search", "vans"],
        &["undo", "--list"],
    ] {
        let out = r.ok(args);
        assert_fits(&format!("{args:?}"), &out, 80);
    }
    // Overdue: four days later.
    let out = r
        .cmd()
        .env("ROLO_TODAY", "2026-11-27")
        .arg("today")
        .output()
        .expect("run");
    assert_fits("today, 4 days later", &text(&out.stdout), 80);
    // A wider terminal is used when there is one.
    let out = r
        .cmd()
        .env("COLUMNS", "200")
        .arg("list")
        .output()
        .expect("run");
    let out = text(&out.stdout);
    assert_fits("list at 200", &out, 200);
    assert!(out.lines().any(|l| l.width() > 80), "{out}");
}

#[test]
fn tables_fit_a_narrow_terminal() {
    let r = wide_book();
    for args in [&["list"][..], &["today"], &["show", "maximilian"]] {
        let out = r
            .cmd()
            .env("COLUMNS", "60")
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        assert_fits(&format!("{args:?} at 60"), &text(&out.stdout), 60);
    }
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let r = wide_book();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolo"))
        .env("ROLO_TODAY", super::TODAY)
        .env("ROLO_CONFIG", r.config_path())
        .env("RUST_BACKTRACE", "0")
        .arg("--db")
        .arg(&r.db)
        .args(["show", "maximilian", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

#[test]
fn amounts_are_never_split_or_cut_at_80_columns() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Global Trade Partners International",
        "--org",
        "Global Trade Holding Group",
    ]);
    for (title, amount, cur, stage, prob) in [
        ("a", "17489000", "EUR", "won", "100"),
        ("b", "997390", "USD", "won", "100"),
        ("c", "1500", "EUR", "proposal", "50"),
        ("d", "9860", "USD", "proposal", "50"),
    ] {
        r.ok(&[
            "deal",
            "global trade partners",
            title,
            amount,
            cur,
            "--stage",
            stage,
            "--prob",
            prob,
            "--close",
            "2026-12-15",
        ]);
    }
    let show = r.ok(&["show", "global trade partners"]);
    let report = r.ok(&["report"]);
    for (what, out) in [("show", &show), ("report", &report)] {
        assert_fits(what, out, 80);
        assert!(
            !out.contains("+ 4\n") && !out.contains(" 997 390…"),
            "{what}: {out}"
        );
    }
    // show: the measures line wraps between amounts, never inside one.
    assert!(
        show.contains(
            "\n  revenue 17 489 000.00 EUR + 997 390.00 USD · open 1 500.00 EUR\n    \
             + 9 860.00 USD · weighted 750.00 EUR + 4 930.00 USD · won/lost 2/0\n"
        ),
        "{show}"
    );
    // report: one currency per table line.
    let line = |needle: &str| {
        report
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {report}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("revenue"), "revenue 17 489 000.00 EUR —");
    assert_eq!(line("+ 997 390.00 USD"), "+ 997 390.00 USD");
    assert_eq!(line("Dec 2026"), "Dec 2026 2 750.00 EUR 1 500.00 EUR");
    assert_eq!(line("+ 4 930.00 USD"), "+ 4 930.00 USD + 9 860.00 USD");
}
