//! Every refusal: the exit code, a message that quotes the bad value, and nothing changed.

use serde_json::Value;

use super::{Rolo, text};

#[test]
fn ambiguous_customer_lists_candidates() {
    let r = Rolo::seeded();
    let kowalska = r.customer_id("Anna Kowalska");
    let nowak = r.customer_id("Anna Nowak");
    let err = r.refused(&["log", "anna", "email", "Hello"], 2);
    assert!(err.contains("`anna` matches 2 customers"), "{err}");
    for (id, name) in [(kowalska, "Anna Kowalska"), (nowak, "Anna Nowak")] {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not listed: {err}"));
        assert!(line.contains(&format!("#{id}")), "{line}");
    }
    assert!(err.contains("anna@acme.pl"), "{err}");

    // With --json: the candidates on stdout, same exit code, still nothing saved.
    let before = r.snapshot();
    let out = r.fails(&["log", "anna", "email", "Hello", "--json"], 2);
    assert_eq!(before, r.snapshot());
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["total"], 2);
    let mut names: Vec<&str> = v["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Anna Kowalska", "Anna Nowak"]);
    assert!(v["candidates"][0]["id"].is_i64(), "{v}");
    assert!(v["error"].as_str().expect("error").contains("anna"));
}

#[test]
fn unknown_customer_suggests_the_close_name() {
    let r = Rolo::seeded();
    let err = r.refused(&["log", "ana kowalsk", "meeting", "Demo"], 2);
    assert!(err.contains("no customer matches `ana kowalsk`"), "{err}");
    assert!(err.contains("Anna Kowalska"), "{err}");
    let out = r.fails(&["log", "ana kowalsk", "meeting", "Demo", "--json"], 2);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["suggestions"][0]["name"], "Anna Kowalska", "{v}");
    // Nothing close at all: no suggestion, same code.
    let err = r.refused(&["show", "zzzzqx"], 2);
    assert!(err.contains("zzzzqx"), "{err}");
    r.refused(&["show", "#999"], 2);
}

#[test]
fn bad_values_are_refused_with_the_accepted_forms() {
    let r = Rolo::seeded();
    let fu = r.follow_up_id("anna kow", "Send demo link").to_string();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["log", "anna kow", "call", "x", "--next", "fribay"],
            &["fribay", "tomorrow", "+3d", "2026-12-01"],
        ),
        (
            &["log", "anna kow", "call", "x", "--rating", "9"],
            &["9", "1", "5"],
        ),
        (&["log", "anna kow", "call", "x", "--rating", "0"], &["0"]),
        (
            &["log", "anna kow", "call", "x", "--minutes", "abc"],
            &["abc"],
        ),
        (
            &["log", "anna kow", "call", "x", "--at", "tomorrow"],
            &["Tue 24 Nov 2026", "future"],
        ),
        (
            &["log", "anna kow", "call", "x", "--at", "2027-01-01"],
            &["future"],
        ),
        (&["log", "anna kow", "call", ""], &["happened"]),
        (
            &["deal", "anna kow", "Fleet", "12,5,0", "PLN"],
            &["12,5,0", "12500.00"],
        ),
        (&["deal", "anna kow", "Fleet", "100", "ZZZ1"], &["ZZZ1"]),
        (
            &[
                "deal", "anna kow", "Fleet", "100", "PLN", "--stage", "bogus",
            ],
            &["bogus", "proposal", "won"],
        ),
        (
            &["deal", "anna kow", "Fleet", "100", "PLN", "--prob", "150"],
            &["150"],
        ),
        (
            &["add", "Bob Builder", "--email", "notanemail"],
            &["notanemail"],
        ),
        (&["add", "Bob Builder", "--kind", "robot"], &["robot"]),
        (&["add", "Bob Builder", "--cadence", "often"], &["often"]),
        (&["add", "   "], &["name"]),
        (&["follow", "anna kow", "yesterday", "x"], &["past"]),
        (&["follow", "anna kow", "someday", "x"], &["someday"]),
        (
            &["follow", "anna kow", "fri", "x", "--every", "sometimes"],
            &["sometimes"],
        ),
        (&["done", "999"], &["999"]),
        (&["cancel", "999"], &["999"]),
        (&["snooze", "999", "+1w"], &["999"]),
        (&["snooze", &fu, "yesterday"], &["Sun 22 Nov 2026", "past"]),
        (&["snooze", &fu, "2026-11-01"], &["past"]),
        (&["snooze", &fu, "fribay"], &["fribay"]),
        (&["reschedule", &fu, "yesterday"], &["past"]),
        (&["deal-stage", "999", "won"], &["999"]),
        (&["edit", "anna kow"], &["nothing to change"]),
        (&["edit", "anna kow", "--email", "bad@"], &["bad@"]),
        (&["list", "--tag", "nope"], &["nope", "key"]),
        (&["list", "--kind", "robot"], &["robot"]),
        (&["list", "--org", "nobody here"], &["nobody here"]),
        (&["do", "frobnicate anna"], &["frobnicate"]),
        (&["do", "call anna \"x\""], &["anna"]),
    ];
    for (args, wants) in cases {
        let err = r.refused(args, 2);
        for w in *wants {
            assert!(err.contains(w), "rolo {args:?}: {err:?} lacks {w:?}");
        }
    }
}

#[test]
fn clap_usage_errors_exit_2() {
    let r = Rolo::seeded();
    for args in [
        &["log", "anna kow", "fax", "x"][..],
        &["done"],
        &["done", "three"],
        &["frobnicate"],
        &["list", "--sort", "sideways"],
    ] {
        let before = r.snapshot();
        r.fails(args, 2);
        assert_eq!(before, r.snapshot(), "{args:?}");
    }
}

#[test]
fn done_twice_and_deal_stage_to_the_same_stage() {
    let r = Rolo::seeded();
    let fu = r.follow_up_id("anna kow", "Send demo link").to_string();
    r.ok(&["done", &fu]);
    let err = r.refused(&["done", &fu], 2);
    assert!(err.contains(&fu) && err.contains("done already"), "{err}");
    let err = r.refused(&["snooze", &fu, "+1w"], 2);
    assert!(err.contains(&fu), "{err}");
    r.refused(&["cancel", &fu], 2);

    let deal = r.json(&["deal", "anna kow", "Fleet", "100", "PLN", "--stage", "won"]);
    let id = deal["details"]["deal"].as_i64().expect("deal").to_string();
    let err = r.refused(&["deal-stage", &id, "won"], 2);
    assert!(err.contains("won already"), "{err}");
}

#[test]
fn edit_to_the_name_and_address_a_customer_has_is_nothing_to_change() {
    let r = Rolo::seeded();
    r.ok(&["edit", "anna kow", "--address", "ul. Prosta 1, Warszawa"]);
    let same = ["edit", "anna kow", "--name", "Anna Kowalska"];
    let same = [&same[..], &["--address", "ul. Prosta 1, Warszawa"]].concat();
    assert_eq!(
        r.refused(&same, 2),
        "error: nothing to change: Anna Kowalska has that already\n"
    );
    // Beside a change, they are not said; the edit is one undo step of one row.
    assert_eq!(
        r.ok(&[&same[..], &["--title", "CFO"]].concat()).trim_end(),
        "Updated Anna Kowalska (#2): title → CFO"
    );
    let undone = r.json(&["undo"]);
    assert_eq!(
        undone["details"]["undone"]["rows"].as_i64(),
        Some(1),
        "{undone}"
    );
}

#[test]
fn undo_with_nothing_to_undo() {
    let r = Rolo::new();
    let err = r.refused(&["undo"], 2);
    assert!(err.to_lowercase().contains("nothing to undo"), "{err}");
    let out = r.fails(&["undo", "--json"], 2);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["error"].is_string(), "{v}");
}

#[test]
fn a_file_that_is_not_a_database_is_left_alone() {
    let r = Rolo::new();
    let path = r.dir.path().join("notes.txt");
    let content = b"Shopping list\nmilk\neggs\n".repeat(50);
    std::fs::write(&path, &content).expect("write");
    let listing = || {
        let mut v: Vec<String> = std::fs::read_dir(r.dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let files = listing();
    for args in [&["list"][..], &["add", "Someone"], &["today"], &["undo"]] {
        let out = r
            .bare()
            .arg("--db")
            .arg(&path)
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("notes.txt"), "{err}");
        assert!(err.contains("not a rolo database"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), content, "{args:?}");
        assert_eq!(listing(), files, "{args:?} left files behind");
    }
}

#[test]
fn a_malformed_config_names_file_line_and_key() {
    let r = Rolo::new();
    let bad = |name: &str, body: &str| {
        let path = r.dir.path().join(name);
        std::fs::write(&path, body).expect("write");
        let out = r
            .cmd()
            .env("ROLO_CONFIG", &path)
            .arg("list")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{body}");
        assert!(!r.db.exists(), "a bad config must not create the database");
        let err = text(&out.stderr);
        assert!(err.contains(&path.display().to_string()), "{err}");
        err
    };
    let err = bad("unknown.toml", "currency = \"PLN\"\ncolour = 3\n");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("colour"), "{err}");
    let err = bad(
        "syntax.toml",
        "# my settings\ncurrency = \"PLN\"\nweek_start = monday\n",
    );
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("week_start"), "{err}");
    let err = bad("value.toml", "currency = \"EURO\"\n");
    assert!(err.contains("currency") && err.contains("EURO"), "{err}");
    let err = bad("type.toml", "[cadence]\na = \"often\"\n");
    assert!(err.contains("line 2") && err.contains("`a`"), "{err}");
    let err = bad("week.toml", "week_start = \"friday\"\n");
    assert!(
        err.contains("week_start") && err.contains("friday"),
        "{err}"
    );

    // A good config is used: a bare amount takes its currency.
    let good = r.dir.path().join("good.toml");
    std::fs::write(&good, "currency = \"USD\"\n").expect("write");
    let run = |args: &[&str]| {
        let out = r
            .cmd()
            .env("ROLO_CONFIG", &good)
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    run(&["add", "Dollar Person"]);
    run(&["deal", "dollar", "Thing", "100"]);
    let v: Value = serde_json::from_str(&run(&["show", "dollar", "--json"])).expect("json");
    assert_eq!(v["deals"][0]["value"]["currency"], "USD");
}

#[test]
fn a_bad_rolo_today_is_refused() {
    let r = Rolo::new();
    for bad in ["2026-13-01", "tomorrow", "23.11.2026"] {
        let out = r
            .cmd()
            .env("ROLO_TODAY", bad)
            .arg("today")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains("ROLO_TODAY") && err.contains(bad), "{err}");
        assert!(err.contains("YYYY-MM-DD"), "{err}");
        assert!(out.stdout.is_empty());
    }
    assert!(
        !r.db.exists(),
        "a bad ROLO_TODAY must not create the database"
    );
}

#[test]
fn done_with_several_ids_is_all_or_nothing() {
    let r = Rolo::seeded();
    let fu = r.follow_up_id("anna kow", "Send demo link").to_string();
    let before = r.snapshot();
    let out = r.fails(&["done", &fu, "999"], 2);
    assert!(text(&out.stderr).contains("999"), "{}", text(&out.stderr));
    assert_eq!(
        before,
        r.snapshot(),
        "an unknown id among several must change nothing"
    );
}

/// A birthday is set with `add` and `edit` as imports set it: a whole date, in the forms
/// they read, not after today; `edit --birthday ""` removes it.
#[test]
fn a_birthday_is_set_and_removed_and_a_wrong_one_refused() {
    let r = Rolo::new();
    let out = r.ok(&["add", "Anna Kowalska", "--birthday", "14 May 1980"]);
    assert!(out.starts_with("Added person Anna Kowalska"), "{out}");
    assert_eq!(r.show("anna")["customer"]["birthday"], "1980-05-14");
    let out = r.ok(&["edit", "anna", "--birthday", "1981-02-28"]);
    assert!(out.ends_with(": birthday → 28 February 1981\n"), "{out}");
    for (typed, said) in [
        (
            "1981-02-29",
            "error: --birthday: `1981-02-29` is not a date: 1981-02 has no day 29",
        ),
        (
            "--05-14",
            "error: --birthday: `--05-14` has no year; give the whole date (1980-05-14)",
        ),
        (
            "2030-01-01",
            "error: --birthday: 2030-01-01 is after today (2026-11-23)",
        ),
    ] {
        let err = r.refused(&["edit", "anna", &format!("--birthday={typed}")], 2);
        assert_eq!(err.trim_end(), said);
    }
    let out = r.ok(&["edit", "anna", "--birthday", ""]);
    assert!(out.ends_with(": birthday removed\n"), "{out}");
    assert_eq!(r.show("anna")["customer"]["birthday"], Value::Null);
}

#[test]
fn a_latin_spelling_finds_a_name_in_another_script_and_never_guesses() {
    let r = Rolo::new();
    r.ok(&["add", "Νίκος Παπαδόπουλος", "--email", "nikos@hellas.gr"]);
    r.ok(&["add", "Νίκος Γεωργίου"]);
    r.ok(&["add", "Дмитрий Иванов"]);
    for who in ["dmitry", "dmitrij", "Dmitriy Ivanov"] {
        assert_eq!(r.show(who)["customer"]["name"], "Дмитрий Иванов", "{who}");
    }
    assert_eq!(
        r.ok(&["log", "nikos pap", "call", "Price list sent"]),
        "Logged call with Νίκος Παπαδόπουλος (#1)\n"
    );
    let err = r.refused(&["log", "nikos", "call", "Hello"], 2);
    assert_eq!(
        err,
        "error: `nikos` matches 2 customers; pick one by #id or more of the name\n  \
         ID  NAME                ORGANIZATION  EMAIL\n  \
         #2  Νίκος Γεωργίου\n  \
         #1  Νίκος Παπαδόπουλος                nikos@hellas.gr\n\
         pick one with its id, e.g. \"#2\" in place of the name\n"
    );
    assert_eq!(
        r.names(&["--name", "nikos"]),
        ["Νίκος Γεωργίου", "Νίκος Παπαδόπουλος"]
    );
    // A typo in the Latin spelling is suggested, as a typo in a name is.
    assert_eq!(
        r.refused(&["show", "dmityr"], 2),
        "error: no customer matches `dmityr`; did you mean `Дмитрий Иванов`?\n"
    );
}
