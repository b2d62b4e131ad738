//! Hostile text typed or pasted into rolo: every table prints it inert and readable, the JSON
//! keeps it byte for byte. (`cli::output` covers ESC/CSI/OSC 52/RLO in the everyday tables;
//! this adds carriage returns, other C1 controls, isolates, zero-width characters, DEL, and the
//! measure tables: `report`, `list --cold`, `list --sort risk`, `doctor`.)

use crate::cli::{Rolo, text};

/// Carriage return (overwrites the line), NEL and OSC as C1 bytes, DEL, an isolate, a
/// zero-width space and joiner, a BOM, and an OSC 8 hyperlink.
const NASTY: &str = "Mallory\r\u{85}Over\u{9d}0;title\u{9c}\u{7f} \u{2067}Iso\u{2069}\u{200b}Zero\u{200d}\u{feff} \u{1b}]8;;http://evil.example\u{1b}\\Link\u{1b}]8;;\u{1b}\\";

/// Characters no table may print raw.
const FORBIDDEN: [(char, &str); 18] = [
    ('\u{1b}', "ESC"),
    ('\u{7}', "BEL"),
    ('\r', "CR"),
    ('\u{7f}', "DEL"),
    ('\u{85}', "C1 NEL"),
    ('\u{9b}', "C1 CSI"),
    ('\u{9c}', "C1 ST"),
    ('\u{9d}', "C1 OSC"),
    ('\u{202a}', "LRE"),
    ('\u{202b}', "RLE"),
    ('\u{202d}', "LRO"),
    ('\u{202e}', "RLO"),
    ('\u{2066}', "LRI"),
    ('\u{2067}', "RLI"),
    ('\u{2069}', "PDI"),
    ('\u{200b}', "ZWSP"),
    ('\u{200d}', "ZWJ"),
    ('\u{feff}', "BOM"),
];

fn assert_inert(what: &str, out: &str) {
    for (c, name) in FORBIDDEN {
        assert!(
            !out.contains(c),
            "{what}: raw {name} reached the terminal: {out:?}"
        );
    }
    // No C1 control at all, and no raw C0 other than newline and tab.
    assert!(
        !out.chars()
            .any(|c| ('\u{80}'..='\u{9f}').contains(&c)
                || (c.is_control() && c != '\n' && c != '\t')),
        "{what}: {out:?}"
    );
}

/// A book where the hostile customer is valuable, going cold and the only one at risk.
fn hostile_book() -> Rolo {
    let r = Rolo::new();
    let note = format!("{NASTY} note");
    r.ok(&[
        "add",
        NASTY,
        "--email",
        "mallory@evil.example",
        "--cadence",
        "7d",
        "--notes",
        &note,
        "--needs",
        &note,
        "--title",
        NASTY,
        "--tag",
        "nasty",
    ]);
    r.ok(&["add", "Plain Customer", "--email", "plain@example.com"]);
    r.ok(&[
        "deal",
        "mallory@evil.example",
        NASTY,
        "9000",
        "EUR",
        "--stage",
        "won",
    ]);
    r.ok(&[
        "deal",
        "plain@example.com",
        "Small",
        "100",
        "EUR",
        "--stage",
        "won",
    ]);
    r.ok(&[
        "log",
        "mallory@evil.example",
        "call",
        &format!("{NASTY} summary"),
        "--notes",
        &format!("line one\r\n{NASTY}\nline three"),
        "--at",
        "2026-10-01",
        "--rating",
        "2",
    ]);
    r.ok(&[
        "follow",
        "mallory@evil.example",
        "today",
        &format!("{NASTY} follow"),
    ]);
    r
}

#[test]
fn carriage_returns_c1_isolates_and_zero_width_stay_inert_in_every_table() {
    let r = hostile_book();
    let views: &[&[&str]] = &[
        &["today"],
        &["upcoming"],
        &["list"],
        &["list", "--tag", "nasty"],
        &["list", "--cold"],
        &["list", "--sort", "risk"],
        &["list", "--tier", "A"],
        &["show", "mallory@evil.example"],
        &["show", "mallory@evil.example", "--history", "100"],
        &["search", "mallory"],
        &["search", "summary"],
        &["search", "follow"],
        &["report"],
        &["report", "--period", "quarter"],
        &["undo", "--list"],
        &["doctor"],
    ];
    for args in views {
        let out = r.ok(args);
        assert_inert(&format!("{args:?}"), &out);
    }
    // The measures tables name the hostile account, readably.
    for args in [
        &["report"][..],
        &["list", "--cold"],
        &["show", "mallory@evil.example"],
    ] {
        let out = r.ok(args);
        assert!(out.contains("Mallory"), "{args:?}: {out}");
        assert!(
            out.contains("Over") || out.contains("Iso"),
            "{args:?}: {out}"
        );
    }
    let show = r.ok(&["show", "mallory@evil.example"]);
    assert!(
        show.contains("IsoZero"),
        "zero-width removed, text joined: {show}"
    );
    assert!(show.contains("Link"), "{show}");
    // Errors that quote stored or typed text are inert too (stderr).
    let typed = format!("{NASTY}nobody");
    let err = r.fails(&["follow", &typed, "today", "x"], 2);
    assert_inert("typed name on stderr", &text(&err.stderr));
    let err = r.fails(&["follow", "mallory@evil.example", NASTY, "x"], 2);
    assert_inert("typed day on stderr", &text(&err.stderr));
}

#[test]
fn json_keeps_the_hostile_text_byte_for_byte() {
    let r = hostile_book();
    let v = r.show("mallory@evil.example");
    assert_eq!(v["customer"]["name"], NASTY);
    assert_eq!(v["customer"]["title"], NASTY);
    assert_eq!(v["customer"]["notes"], format!("{NASTY} note").as_str());
    assert_eq!(
        v["history"][0]["summary"],
        format!("{NASTY} summary").as_str()
    );
    assert_eq!(
        v["history"][0]["notes"],
        format!("line one\r\n{NASTY}\nline three").as_str()
    );
    assert_eq!(v["deals"][0]["title"], NASTY);
    let cold = r.json(&["list", "--cold"]);
    assert_eq!(cold["accounts"][0]["name"], NASTY, "{cold:#}");
    let report = r.json(&["report"]);
    assert_eq!(report["at_risk"][0]["name"], NASTY, "{report:#}");
    // JSON escapes the C0 controls (so even `--json` on a terminal is inert for ESC/CR).
    let raw = r.ok(&["show", "mallory@evil.example", "--json"]);
    assert!(!raw.contains('\u{1b}') && !raw.contains('\r'), "{raw:?}");
}

#[test]
fn the_tui_draws_hostile_text_inert() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let r = hostile_book();
    let store = rolo::store::Store::open(&r.db).expect("open");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let ctx = rolo::command::Context {
        today,
        now: rolo::command::local_instant(today, chrono::NaiveTime::from_hms_opt(10, 0, 0)),
        week_start: chrono::Weekday::Mon,
        currency: rolo::domain::Currency::parse("EUR").expect("EUR"),
    };
    let mut app = rolo::tui::build_app(
        store,
        ctx,
        &rolo::tui::TuiOptions {
            keymap_override: None,
            no_color: true,
            insight: None,
            upgraded: Vec::new(),
        },
    );
    app.resize(120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    term.draw(|f| rolo::tui::view::render(f, &app))
        .expect("draw");
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert!(
        screen.contains("Mallory"),
        "the queue shows the customer: {screen}"
    );
    assert_inert("TUI screen", &screen);
}

/// A vCard written by a stranger: escape sequences (CSI, OSC 52 clipboard write, C1 CSI),
/// carriage returns, bidi overrides and zero-width characters in the name, organization and
/// note. Imported, every table prints it inert; the database and the JSON export keep it
/// without its control characters (stripped on import), bidi characters and all.
#[test]
fn hostile_vcard_through_import_prints_inert() {
    let r = Rolo::new();
    let evil_name = "Eve \u{1b}[2J\u{1b}]52;c;cm0gLXJmIH4=\u{7}Hacker\u{202e}lanigiro";
    let evil_note = "line one\rline \u{9b}31mtwo\u{200b}\u{2066}x\u{2069}";
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{evil_name}\r\nN:Hacker;Eve;;;\r\nORG:Evil\u{1b}[5m Corp\r\nEMAIL:eve@evil.example\r\nNOTE:{}\r\nEND:VCARD\r\n",
        evil_note.replace('\r', "\\r")
    );
    let path = r.dir.path().join("evil.vcf");
    std::fs::write(&path, card).unwrap();
    let out = r.ok(&["import", path.to_str().unwrap()]);
    assert_inert("import", &out);
    for args in [
        vec!["list"],
        vec!["show", "eve"],
        vec!["search", "hacker"],
        vec!["today"],
        vec!["list", "--sort", "risk"],
        vec!["dupes"],
    ] {
        let out = r.ok(&args);
        assert_inert(&args.join(" "), &out);
    }
    let json = r.ok(&["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let names: Vec<&str> = v["customers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    // Control characters never reach the database (an import strips them); the bidi
    // override, which a right-to-left name may need, is kept raw.
    let stored = "Eve [2J]52;c;cm0gLXJmIH4=Hacker\u{202e}lanigiro";
    assert!(
        names.contains(&stored),
        "the name is kept without its controls in the export: {names:?}"
    );
}
