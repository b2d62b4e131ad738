use super::*;

#[test]
fn an_html_note_is_its_text() {
    assert_eq!(
        html_text("<p>Prefers calls before 10.</p><p>Kids: 2 &amp; a dog</p>"),
        "Prefers calls before 10.\nKids: 2 & a dog"
    );
    assert_eq!(
        html_text("<div>a<br>b<br/>c</div><ul><li>x</li><li>y &#8364; &#x41;</li></ul>"),
        "a\nb\nc\nx\ny € A"
    );
    // Text that is no HTML stays as it is, a `<` in it too.
    assert_eq!(html_text("price < 5 & more"), "price < 5 & more");
    assert_eq!(html_text("<3 you"), "<3 you");
    assert_eq!(html_text("<p>AT&T &bogus; &</p>"), "AT&T &bogus; &");
}

#[test]
fn dates_with_the_month_in_words_are_read() {
    let d = |raw| parse_date_in(raw, DateOrder::MonthFirst);
    let may14 = NaiveDate::from_ymd_opt(1981, 5, 14);
    for raw in [
        "14 May 1981",
        "May 14 1981",
        "May 14, 1981",
        "14-May-81",
        "14. may 1981",
    ] {
        assert_eq!(d(raw), Ok(may14), "{raw}");
    }
    assert_eq!(
        d("30 Feb 1981"),
        Err("`30 Feb 1981` is not a date: month 2 has no day 30".into())
    );
    assert!(d("14 Mai 1981").is_err());
    assert!(d("May June 1981").is_err());
}

#[test]
fn contact_values_are_read_as_programs_write_them() {
    let v = |kind, raw| contact(kind, raw, None).map(|c| c.value);
    assert_eq!(
        v(ContactKind::Email, "Jo Smith <jo@x.com>").unwrap(),
        "jo@x.com"
    );
    assert_eq!(
        v(ContactKind::Email, "mailto:jo@x.com").unwrap(),
        "jo@x.com"
    );
    assert_eq!(
        v(ContactKind::Phone, "tel:+971-4-555-0000;ext=12").unwrap(),
        "+971-4-555-0000 x12"
    );
    assert_eq!(
        v(ContactKind::Phone, "+48 600-100-200 wew. 12").unwrap(),
        "+48 600-100-200 x12"
    );
    assert_eq!(
        v(ContactKind::Phone, "+1 555 010 9999, ext 7").unwrap(),
        "+1 555 010 9999 x7"
    );
    assert_eq!(
        v(ContactKind::Phone, "+1 555 010 9999;ext=12").unwrap(),
        "+1 555 010 9999 x12"
    );
    assert!(v(ContactKind::Phone, "call me").is_err());
    // A letter whose lowercase is longer is no phone, and no panic.
    assert!(v(ContactKind::Phone, "İİİ ext 12").is_err());
}

#[test]
fn split_person_name_is_the_inverse_of_person_name() {
    for (given, family) in [
        ("Anna", "Kowalska"),
        ("Jean Paul", "Sartre"),
        ("太郎", "山田"),
        ("민준", "김"),
        ("", "Cher"),
    ] {
        let name = person_name(given, "", family, "");
        assert_eq!(split_person_name(&name), (given, family), "{name}");
    }
    // A Latin name beside a CJK one is not read in CJK order.
    assert_eq!(split_person_name("Wei 张"), ("Wei", "张"));
}

#[test]
fn cjk_names_put_the_family_name_first() {
    assert_eq!(person_name("太郎", "", "山田", ""), "山田 太郎");
    assert_eq!(person_name(" 민준 ", "", "김", ""), "김 민준");
    assert_eq!(person_name("伟", "", "王", ""), "王 伟");
    assert_eq!(person_name("タロウ", "", "ヤマダ", ""), "ヤマダ タロウ");
    // Latin, mixed, or one part only: given first, as written.
    assert_eq!(
        person_name("Jan", "Maria", "Kowalski", "Jr."),
        "Jan Maria Kowalski Jr."
    );
    assert_eq!(person_name("Taro", "", "山田", ""), "Taro 山田");
    assert_eq!(person_name("太郎", "", "", ""), "太郎");
    assert_eq!(person_name("", "", "山田", ""), "山田");
    assert_eq!(person_name("Дмитрий", "", "Иванов", ""), "Дмитрий Иванов");
}

#[test]
fn merged_notes_append_only_the_lines_not_there_already() {
    let cur = "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March";
    assert_eq!(
        merged_notes(
            cur,
            "Poznana na targach\n  Nickname: Ania \nBirthday: 15 March\nKawa: flat white\n"
        )
        .as_deref(),
        Some(
            "Nickname: Ania\nSpouse: Adam\nBirthday: 15 March\nPoznana na targach\nKawa: flat white"
        )
    );
    // Nothing new: no change.
    assert_eq!(merged_notes(cur, "Spouse: Adam\n\nNickname: Ania"), None);
    assert_eq!(merged_notes(cur, "  \n"), None);
    assert_eq!(
        merged_notes(cur, "Adam"),
        None,
        "contained whole, as before"
    );
    // Into empty notes, the record's notes as they are; blank lines are not carried
    // into notes that have some.
    assert_eq!(merged_notes(" \n", "a\n\nb\n").as_deref(), Some("a\n\nb"));
    assert_eq!(merged_notes("z", "a\n\n a\nb").as_deref(), Some("z\na\nb"));
    assert_eq!(merged_notes("x\n\n", "y").as_deref(), Some("x\ny"));
}

#[test]
fn shown_values_are_cut_and_sanitized() {
    assert_eq!(shown("Anna"), "Anna");
    let long = "x".repeat(61);
    assert_eq!(shown(&long), format!("{}…", "x".repeat(60)));
    assert_eq!(shown(&long[..60]), "x".repeat(60));
    assert_eq!(shown("a\u{1b}[2J\u{202e}b"), "a␛[2Jb");
}

#[test]
fn birthday_spellings() {
    let d = NaiveDate::from_ymd_opt(1980, 5, 14).unwrap();
    for s in [
        "1980-05-14",
        "19800514",
        "5/14/1980",
        "14.05.1980",
        "1980-05-14T00:00:00Z",
    ] {
        assert_eq!(parse_birthday(s), Ok(Some(d)), "{s}");
    }
    assert!(replaced_letters("Zieli?ski Spedycja sp.j."));
    assert!(replaced_letters("???? ????"));
    assert!(!replaced_letters("Why? Because"));
    assert!(!replaced_letters("Who?"));
    assert!(!replaced_letters("?"));
    assert_eq!(parse_birthday("0/0/00"), Ok(None));
    assert_eq!(parse_birthday("0.0.00"), Ok(None));
    assert_eq!(parse_birthday("00-00-0000"), Ok(None));
    assert_eq!(date_note("0.0.00", DateOrder::DayFirst), None);
    assert_eq!(parse_birthday("--05-14"), Ok(None));
    assert_eq!(parse_birthday("--0514"), Ok(None));
    assert_eq!(parse_birthday("--0229"), Ok(None));
    assert_eq!(parse_birthday("---31"), Ok(None));
    assert_eq!(month_day("--05-14").as_deref(), Some("14 May"));
    assert_eq!(month_day("--0229").as_deref(), Some("29 February"));
    assert_eq!(month_day("--1332"), None);
    assert_eq!(month_day("1980-05-14"), None);
    assert!(parse_birthday("1980-02-30").is_err());
    assert!(parse_birthday("soon").is_err());
}

#[test]
fn slashes_read_in_the_order_the_file_shows() {
    use DateOrder::{DayFirst, MonthFirst};
    for (raw, order, (y, m, d)) in [
        ("03/04/1980", MonthFirst, (1980, 3, 4)),
        ("03/04/1980", DayFirst, (1980, 4, 3)),
        // The only reading there is, whatever the order.
        ("14/05/1980", MonthFirst, (1980, 5, 14)),
        ("5/14/1980", DayFirst, (1980, 5, 14)),
        ("14.05.1980", MonthFirst, (1980, 5, 14)),
    ] {
        let day = NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date_in(raw, order), Ok(day), "{raw} {order:?}");
    }
    assert_eq!(slash_date_order("03/04/1980"), Some(None));
    assert_eq!(
        slash_date_order("14/05/1980"),
        Some(Some(DateOrder::DayFirst))
    );
    assert_eq!(
        slash_date_order(" 5/14/1980 "),
        Some(Some(DateOrder::MonthFirst))
    );
    for no in [
        "1980-05-14",
        "14.05.1980",
        "0/0/00",
        "13/13/1980",
        "a/b/c",
        "1/2",
    ] {
        assert_eq!(slash_date_order(no), None, "{no}");
    }
}

#[test]
fn impossible_birthdays_say_what_is_wrong() {
    let e = |s: &str| parse_birthday(s).unwrap_err();
    assert_eq!(
        e("99999-01-01"),
        "`99999-01-01` is not a date: year 99999 is out of range (1 to 9999)"
    );
    assert_eq!(
        e("0000-01-01"),
        "`0000-01-01` is not a date: year 0 is out of range (1 to 9999)"
    );
    assert_eq!(
        e("4294967295-01-01"),
        "`4294967295-01-01` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
    );
    assert_eq!(
        e("1980-13-01"),
        "`1980-13-01` is not a date: there is no month 13"
    );
    assert_eq!(
        e("1980-01-32"),
        "`1980-01-32` is not a date: month 1 has no day 32"
    );
    assert_eq!(
        e("1981-02-29"),
        "`1981-02-29` is not a date: 1981-02 has no day 29"
    );
    assert_eq!(
        e("19801301"),
        "`19801301` is not a date: there is no month 13"
    );
    assert_eq!(e("--1301"), "`--1301` is not a date: there is no month 13");
    assert_eq!(
        e("--02-30"),
        "`--02-30` is not a date: month 2 has no day 30"
    );
    assert_eq!(e("---32"), "`---32` is not a date: there is no day 32");
    assert_eq!(
        e("--ab"),
        "`--ab` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
    );
    assert_eq!(
        e("1980-+5-14"),
        "`1980-+5-14` is not a date (expected 1980-05-14, 19800514, 5/14/1980 or 14 May 1980)"
    );
    assert_eq!(
        e("14.13.1980"),
        "`14.13.1980` is not a date: there is no month 13"
    );
}

#[test]
fn tags_from_labels() {
    let tag = |t: &str| Some(String::from(t));
    assert_eq!(to_tag("Key Accounts"), (tag("key-accounts"), false));
    assert_eq!(to_tag("* myContacts"), (None, false));
    assert_eq!(to_tag("* My Contacts"), (None, false));
    assert_eq!(to_tag("* starred"), (tag("starred"), false));
    assert_eq!(to_tag("*"), (None, false));
    assert_eq!(to_tag("Łódź/Kraków"), (tag("łódź/kraków"), false));
    // What a tag cannot have goes; the caller keeps the label in the notes.
    assert_eq!(to_tag("a,b"), (tag("ab"), true));
    assert_eq!(to_tag("Family & Friends"), (tag("family-friends"), true));
    assert_eq!(to_tag("Fun 🎉"), (tag("fun"), true));
    assert_eq!(to_tag("\"quoted\""), (tag("quoted"), true));
    assert_eq!(to_tag("🎉 party 🎉"), (tag("party"), true));
    assert_eq!(to_tag("🎉"), (None, true));
    let long = "word ".repeat(20);
    assert_eq!(to_tag(&long), (tag(&"word-".repeat(10)[..49]), true));
}

#[test]
fn folding_never_splits_a_character_and_counts_octets() {
    let mut out = String::new();
    let line = format!("NOTE:{}", "ż".repeat(60));
    push_folded(&mut out, &line);
    for l in out.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(l.len() <= 75, "{} octets", l.len());
    }
    let unfolded = out.replace("\r\n ", "");
    assert_eq!(unfolded, format!("{line}\r\n"));
}

#[test]
fn content_lines_carry_no_controls_or_bidi_overrides() {
    let mut out = String::new();
    push_folded(
        &mut out,
        "FN:Evil\u{1b}[2J\u{7}\u{9b}31m\u{202e}Rev\u{2066}x\u{7f}\ttab\rcr\u{200f}",
    );
    assert_eq!(out, "FN:Evil[2J31mRevx\ttabcr\u{200f}\r\n");
    let mut out = String::new();
    push_folded(
        &mut out,
        &format!("ORG:{}", escape("Org\u{1b}]0;pwned\u{7}\nnext")),
    );
    assert_eq!(out, "ORG:Org]0\\;pwned\\nnext\r\n");
}

#[test]
fn labels_are_cleaned() {
    assert_eq!(clean_label("_$!<Mobile>!$_"), "mobile");
    assert_eq!(clean_label("CELL"), "mobile");
    assert_eq!(clean_label("* Work"), "work");
    assert_eq!(clean_label("Business"), "work");
    assert_eq!(clean_label("Büro, Zentrale"), "Büro, Zentrale");
    assert_eq!(clean_label("_$!<Assistant>!$_"), "assistant");
}

#[test]
fn name_notes_say_a_name_in_its_own_order() {
    use crate::interop::text::name_notes;
    // Pinyin of a Chinese name family first, as the name; kana too; a Latin name given first.
    assert_eq!(
        name_notes("王 小明", "", ["Xiaoming", "", "Wang"]),
        ["Phonetic name: Wang Xiaoming"]
    );
    assert_eq!(
        name_notes("山田 太郎", "", ["たろう", "", "やまだ"]),
        ["Phonetic name: やまだ たろう"]
    );
    assert_eq!(
        name_notes("Γιώργος Παπαδόπουλος", "", ["Giorgos", "", "Papadopoulos"]),
        ["Phonetic name: Giorgos Papadopoulos"]
    );
    // Only one part said: as it is.
    assert_eq!(
        name_notes("王 小明", "", ["", "", "Wang"]),
        ["Phonetic name: Wang"]
    );
}

#[test]
fn other_value_is_its_note_in_the_notes_case_and_legal_form_aside() {
    let title = OtherValue {
        field: "title",
        value: "Fleet Manager".into(),
    };
    assert!(title.is_note("  Other title: fleet manager "));
    assert!(!title.is_note("Other title: Head of Fleet"));
    assert!(!title.is_note("Other address: Fleet Manager"));
    assert!(!title.is_note("Fleet Manager"));
    let org = OtherValue {
        field: "organization",
        value: "Hellas Freight".into(),
    };
    assert!(org.is_note("Other organization: Hellas Freight S.A."));
    assert!(!title.is_note("Other organization: Hellas Freight"));
}
