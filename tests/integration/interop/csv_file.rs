//! Reading a CSV file itself: delimiters, encodings and the letters a save lost, quotes and
//! line ends, and dates with slashes in the order the file shows.

use serde_json::{Value, json};

use super::{fixture, import, profile, scratch};
use crate::cli::Rolo;

#[test]
fn letters_a_plain_csv_save_lost_are_named() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "plain.csv",
        b"Name,Email,Phone\nAnna Zieli?ski,a@x.pl,\nBob,b@x.pl,\n???? ????,c@x.pl,\n",
    );
    let rep = r.json(&["import", &f, "--dry-run"]);
    assert_eq!(
        rep["replaced_letters"],
        json!({"line": 2, "value": "Anna Zieli?ski", "records": 2})
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "  warning: 2 records have a `?` where a letter was (line 2: `Anna Zieli?ski`): the file \
             was saved in an encoding without those letters (Excel's plain \"CSV\"); save it again \
             as \"CSV UTF-8\" and import that\n"
        ),
        "{out}"
    );
    // A phone in scientific notation says what the spreadsheet did.
    let sci = scratch(&r, "sci.csv", b"Name,Phone\nCy,\"4,91712E+11\"\n");
    let err = r.refused(&["import", &sci], 1);
    assert!(
        err.contains("scientific notation and its last digits are lost"),
        "{err}"
    );
}

#[test]
fn a_named_8_bit_encoding_the_file_does_not_look_like_is_warned_of() {
    let r = Rolo::new();
    let (bytes, _, _) = encoding_rs::WINDOWS_1250
        .encode("Imię i nazwisko;E-mail\r\nŁukasz Żółć;l@x.pl\r\nPaweł Gęś;p@x.pl\r\n");
    let f = scratch(&r, "pl.csv", &bytes);
    let rep = r.json(&["import", &f, "--encoding", "latin1", "--dry-run"]);
    assert_eq!(
        rep["encoding_mismatch"],
        json!({"detected": "windows-1250", "line": 1, "read": "Imiê", "detected_read": "Imię"})
    );
    let out = r.ok(&["import", &f, "--encoding", "latin1"]);
    assert!(
        out.contains(
            "  warning: --encoding says windows-1252, but the file looks like windows-1250: line 1 \
             reads `Imiê`, which windows-1250 reads `Imię`; if names look garbled, `rolo undo` and \
             import with --encoding windows-1250 (or without --encoding)\n"
        ),
        "{out}"
    );
    // Named right, or detected: no warning.
    r.ok(&["undo"]);
    let rep = r.json(&["import", &f, "--encoding", "windows-1250"]);
    assert_eq!(rep["encoding_mismatch"], Value::Null);
    assert_eq!(r.show("l@x.pl")["customer"]["name"], "Łukasz Żółć");
}

#[test]
fn import_detects_delimiters_and_encodings() {
    let r = Rolo::new();
    let rep = import(&r, "semicolon_cp1250.csv", &[]);
    assert_eq!(rep["encoding"], "windows-1250");
    let l = profile(&r, "lucja@zolc.pl");
    assert_eq!(
        (l["name"].as_str(), l["org"].as_str()),
        (Some("Łucja Żółć"), Some("Żabka S.A."))
    );
    assert_eq!(r.show("pawel@ges.pl")["customer"]["name"], "Paweł Gęś");
    let rep = import(&r, "utf16_tabs.csv", &[]);
    assert_eq!(rep["encoding"], "UTF-16LE");
    assert_eq!(
        r.show("ævar@example.is")["customer"]["name"],
        "Ævar Þórsson"
    );
    assert_eq!(
        r.show("jan@novak.cz")["customer"]["name"],
        "Jan \"Hans\" Novák"
    );
    import(&r, "bom_quoted.csv", &[]);
    let k = profile(&r, "jan@kowalski.pl");
    assert_eq!(k["name"], "Kowalski, Jan");
    assert_eq!(
        k["notes"],
        "Line one\nline two with \"quotes\", and a comma"
    );
}

#[test]
fn an_unclosed_quote_refuses_the_whole_file_even_with_skip_bad() {
    let r = Rolo::seeded();
    let mut csv = String::from("Name,Email,Notes\nA One,a1@x.com,\nB Two,b2@x.com,\"said \"\"hi\n");
    for i in 3..=200 {
        csv.push_str(&format!("N{i},n{i}@x.com,ok\n"));
    }
    let f = scratch(&r, "unclosed.csv", csv.as_bytes());
    let want = format!(
        "error: {f}: line 3: a quoted field opened here is never closed (an unmatched `\"`); \
         everything after it would be read as one value; nothing was imported \
         (close or remove the quote; --skip-bad cannot skip this)\n"
    );
    assert_eq!(r.refused(&["import", &f], 1), want);
    assert_eq!(r.refused(&["import", &f, "--skip-bad"], 1), want);
    assert_eq!(r.refused(&["import", &f, "--dry-run"], 1), want);
    // A bare quote inside an unquoted field is a character, as before.
    let f = scratch(
        &r,
        "inch.csv",
        b"Name,Notes\r\nMonitor Buyer,27\" monitor\r\n",
    );
    r.json(&["import", &f]);
    assert_eq!(r.show("monitor buyer")["customer"]["notes"], "27\" monitor");
}

#[test]
fn lines_are_counted_right_in_crlf_cr_and_lf_files() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("outlook.csv"), "--dry-run"]);
    assert!(
        out.contains("  create line 2: Jürgen Müller\n  create line 3: Zoë Smith\n"),
        "{out}"
    );
    for (eol, name) in [("\r\n", "crlf.csv"), ("\r", "cr.csv"), ("\n", "lf.csv")] {
        let csv = format!("Name,Email{eol}Anna,a@x.pl{eol}Bob,not-mail{eol}");
        let f = scratch(&r, name, csv.as_bytes());
        let err = r.refused(&["import", &f], 1);
        assert!(
            err.starts_with(&format!(
                "error: {f}: line 3 (record 2), field `Email`: `not-mail`"
            )),
            "{eol:?}: {err}"
        );
    }
}

#[test]
fn dates_with_slashes_read_in_the_order_the_file_shows() {
    let r = Rolo::new();
    let uk = r.dir.path().join("outlook-uk.csv");
    // As Outlook writes in the UK: day first, which only line 3 proves.
    std::fs::write(
        &uk,
        "First Name,Last Name,Birthday,Anniversary\n\
         Anna,Kowalska,03/04/1980,01/02/2010\n\
         Jan,Nowak,14/05/1981,\n\
         Ewa,Lis,5/6/1979,\n",
    )
    .unwrap();
    let f = uk.to_str().unwrap();
    let out = r.ok(&["import", f]);
    assert!(
        out.contains(
            "Dates with slashes were read day first, as line 3 shows (14/05/1981): 03/04/1980 on line 2 is 3 April 1980.\n"
        ),
        "{out}"
    );
    let born = |who: &str| r.show(who)["customer"]["birthday"].clone();
    assert_eq!(born("anna"), "1980-04-03");
    assert_eq!(born("jan"), "1981-05-14");
    assert_eq!(born("ewa"), "1979-06-05");
    assert!(
        profile(&r, "anna")["notes"]
            .as_str()
            .unwrap()
            .contains("Anniversary: 2010-02-01")
    );
    let rep = r.json(&["import", f, "--dry-run"]);
    assert_eq!(
        rep["dates"],
        json!({"order": "day-first", "line": 2, "example": "03/04/1980",
               "shown_by": {"line": 3, "value": "14/05/1981"}, "chosen": false})
    );

    // Nothing shows the order: month first, as Outlook writes in the US, and the report
    // says how to read them the other way.
    let r = Rolo::new();
    let us = r.dir.path().join("outlook.csv");
    std::fs::write(&us, "Name,Birthday\nZoe Smith,03/04/1980\n").unwrap();
    let f = us.to_str().unwrap();
    let out = r.ok(&["import", f, "--dry-run"]);
    assert!(
        out.contains(
            "Dates with slashes were read month first, as Outlook writes them in the US: 03/04/1980 on line 2 is 4 March 1980. Nothing in the file shows which comes first; if it is the day, import with --dates dmy.\n"
        ),
        "{out}"
    );
    // Given the order, the report shows it on the file's first such date.
    let out = r.ok(&["import", f, "--dates", "dmy", "--dry-run"]);
    assert!(
        out.contains(
            "Dates with slashes were read day first, as --dates says: 03/04/1980 on line 2 is 3 April 1980.\n"
        ),
        "{out}"
    );
    let rep = r.json(&["import", f, "--dates", "dmy"]);
    assert_eq!(
        rep["dates"],
        json!({"order": "day-first", "line": 2, "example": "03/04/1980",
               "shown_by": null, "chosen": true})
    );
    assert_eq!(r.show("zoe")["customer"]["birthday"], "1980-04-03");
    let err = r.refused(&["import", f, "--dates", "ymd"], 2);
    assert!(err.contains("possible values: dmy, mdy"), "{err}");
}

#[test]
fn a_file_whose_dates_mix_both_orders_says_so() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "mixed.csv",
        b"Name,Birthday\nAnna Lis,14/05/1980\nBob Kos,03/04/1982\nCid Mak,5/14/1981\n",
    );
    let out = r.ok(&["import", &f, "--dry-run"]);
    assert!(
        out.contains(
            "Dates with slashes were read day first, as line 2 shows (14/05/1980): 03/04/1982 on \
             line 3 is 3 April 1982. But line 4 (5/14/1981) is month first: the file mixes both \
             orders, so check its dates like 03/04/1982.\n"
        ),
        "{out}"
    );
}

#[test]
fn a_stray_byte_in_a_utf8_file_is_read_as_windows_1252_and_said() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "stray.csv",
        &[
            "Name,Company\nŁucja Żak,Firma Łódź\nZbigniew Zi".as_bytes(),
            b"\xeaba,Acme\n",
            "Paweł Gość,X\n".as_bytes(),
        ]
        .concat(),
    );
    let out = r.ok(&["import", &f]);
    assert!(
        out.contains(
            "  warning: 1 record has a value that is not UTF-8 (line 3, read as Windows-1252: \
             `Zbigniew Ziêba`); the rest of the file is UTF-8: check that value (`rolo edit` mends it)\n"
        ),
        "{out}"
    );
    // Only that value: the others are UTF-8, accents whole.
    assert_eq!(
        r.names(&[]),
        [
            "Acme",
            "Firma Łódź",
            "Paweł Gość",
            "X",
            "Zbigniew Ziêba",
            "Łucja Żak"
        ]
    );
    let j = r.json(&["import", &f, "--dry-run"]);
    assert_eq!(j["not_utf8"]["line"], 3);
    assert_eq!(j["not_utf8"]["records"], 1);
}
