use super::*;

#[test]
fn phone_key_is_the_last_digits() {
    assert_eq!(phone_key(&phone_norm("+49 30 1234567")), "301234567");
    assert_eq!(phone_key(&phone_norm("030 1234567")), "301234567");
    assert_eq!(phone_key(&phone_norm("0048 601 111 222")), "601111222");
    assert_eq!(phone_key(&phone_norm("601-111-222")), "601111222");
    assert_eq!(phone_key("12345"), "12345");
}

#[test]
fn index_variants_spell_greek_and_russian_as_the_index_keeps_them() {
    assert_eq!(index_variants("anna"), ["anna"]);
    let v = index_variants("νικοσ");
    assert!(v.contains(&"νίκος".to_string()), "{v:?}");
    assert!(v.contains(&"νικοσ".to_string()), "{v:?}");
    assert!(index_variants("федорова").contains(&"фёдорова".to_string()));
    assert_eq!(fold("ΝΙΚΟΣ Νίκος Фёдорова"), "νικοσ νικοσ федорова");
}

#[test]
fn phones_with_different_country_codes_are_different_lines() {
    let m = |a: &str, b: &str| phones_may_match(&phone_norm(a), &phone_norm(b));
    assert!(!m("+33 1 23 45 67 89", "+48 12 345 67 89"));
    assert!(m("+48 601 234 567", "601-234-567"));
    assert!(m("+48 601 234 567", "0048 601 234 567"));
    assert!(m("+49 30 1234567", "030 1234567"));
    assert!(m("+1 555 010 9999", "+1 (555) 010-9999"));
    // More national digits than the key: the national number ends the international.
    assert!(m("07700 900123", "+44 7700 900123"));
    assert_eq!(phone_norm("+1 415 555 0100 x23"), "14155550100");
    assert_eq!(phone_norm("+48 22 555 01 00 wew. 12"), "48225550100");
    assert_eq!(phone_norm("tel:+1-415-555-0100;ext=23"), "14155550100");
    assert!(m("+44 7700 900123", "07700 900123"));
    assert!(m("0171 2345678", "+49 171 2345678"));
    assert!(!m("+1 212 555 0199", "+41 212 555 0199"));
    assert!(!m("07700 900123", "+44 8700 900123"));
}

#[test]
fn names_agree_when_one_is_the_other_in_part_or_in_another_order() {
    for (a, b) in [
        ("Anna Kowalska", "anna kowalska"),
        ("Anna Kowalska", "Kowalska Anna"),
        ("Anna Kowalska", "A. Kowalska"),
        ("Anna Kowalska", "Anna"),
        ("Anna Maria Kowalska", "Anna Kowalska"),
        ("Łukasz Żółć", "Lukasz Zolc"),
        ("山田太郎", "山田 太郎"),
        ("Budimex S.A.", "Budimex SA"),
        ("A. Kowalska", "Adam Kowalski Kowalska"),
    ] {
        assert!(names_agree(a, b), "{a} / {b}");
        assert!(names_agree(b, a), "{b} / {a}");
    }
    for (a, b) in [
        ("Anna Kowalska", "Jan Nowak"),
        ("Anna Kowalska", "Anna Nowak"),
        ("Kasia", "Katarzyna"),
        ("A. Kowalska", "Anna Nowak"),
        ("Recepcja", "Anna Kowalska"),
        ("", "Anna"),
    ] {
        assert!(!names_agree(a, b), "{a} / {b}");
        assert!(!names_agree(b, a), "{b} / {a}");
    }
}

#[test]
fn phone_norm_takes_00_for_plus() {
    assert_eq!(phone_norm("0048 601 234 567"), "48601234567");
    assert_eq!(phone_norm("+48 601-234-567"), "48601234567");
    assert_eq!(phone_norm("(22) 555 01 00"), "225550100");
    assert_eq!(phone_digits("0048 601"), "0048601");
}

#[test]
fn sanitize_makes_escape_sequences_inert() {
    let s = sanitize("a\u{1b}[31mred\u{7}\u{9b}2J\u{202e}evil");
    assert_eq!(s, "a\u{241b}[31mred\u{2407}\u{fffd}2Jevil");
    assert!(!s.contains('\u{1b}'));
}

#[test]
fn sanitize_keeps_the_zero_width_non_joiner_a_word_is_spelled_with() {
    assert_eq!(sanitize("می\u{200c}خواهم"), "می\u{200c}خواهم");
    assert_eq!(sanitize("a\u{200b}b\u{200d}c\u{200e}d\u{200f}e"), "abcde");
    assert!(!needs_sanitizing("Mehr\u{200c}dad"));
}

#[test]
fn sanitize_turns_newlines_into_spaces_unless_multiline() {
    assert_eq!(sanitize("a\r\nb"), "a  b");
    assert_eq!(sanitize_multiline("a\nb\r"), "a\nb ");
}

#[test]
fn find_folded_gives_the_ranges_in_the_original_letters() {
    let text = "Straße 5, Łódź";
    let r = find_folded(text, &["strasse", "lodz"]).unwrap();
    assert_eq!(
        r.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
        ["Straße", "Łódź"]
    );
    // Inside an expansion the whole letter is taken.
    let r = find_folded(text, &["stras"]).unwrap();
    assert_eq!(&text[r[0].clone()], "Straß");
    assert_eq!(find_folded(text, &["lodz", "berlin"]), None);
    assert_eq!(find_folded(text, &[""]), None);
    // A word never matches across punctuation; a letter whose lowercase is longer is safe.
    assert_eq!(find_folded("a.b", &["ab"]), None);
    let r = find_folded("İİİ ext 12", &["ext"]).unwrap();
    assert_eq!(&"İİİ ext 12"[r[0].clone()], "ext");
}

#[test]
fn fold_keeps_a_mark_inside_a_word_in_it() {
    // Thai tone marks and vowel signs are the word's letters, not a break in it.
    assert_eq!(fold("สมชาย ใจดี"), "สมชาย ใจดี");
    assert_eq!(fold("น้ำฝน"), "น้ำฝน");
    assert_eq!(fold("ก่อน"), "ก่อน");
    assert_eq!(fold("คุณ น้ำฝน, ก่อน!"), "คุณ น้ำฝน ก่อน");
    assert_eq!(
        words(&fold("น้ำฝน ก่อน")).collect::<Vec<_>>(),
        ["น้ำฝน", "ก่อน"]
    );
    assert_eq!(tight(&fold("น้ำฝน ใจดี")).as_deref(), Some("น้ำฝนใจดี"));
    assert_eq!(org_key("น้ำฝน ก่อน"), "น้ำฝนก่อน");
    // A combining accent after its letter is folded away as a precomposed one is.
    assert_eq!(fold("Jose\u{301} Garci\u{301}a"), "jose garcia");
    assert_eq!(fold("İstanbul"), "istanbul");
    assert_eq!(fold("1\u{FE0F}\u{20E3} 葛\u{E0100}"), "1 葛");
    // A mark with no word before it parts words.
    assert_eq!(fold("\u{E49}ก \u{301}x"), "ก x");
    // A typed word starts a word of the name only from the word's start.
    assert!(words_start_words("ก่อน", "น้ำฝน ก่อนดี"));
    assert!(!words_start_words("อน", "น้ำฝน ก่อนดี"));
    assert!(names_agree("น้ำฝน ก่อนดี", "ก่อนดี น้ำฝน"));
    assert!(!names_agree("น้ำฝน", "นำฝน"));
}

#[test]
fn find_folded_finds_a_word_with_marks_whole() {
    let text = "โทรก่อนเที่ยง";
    let r = find_folded(text, &["ก่อน"]).unwrap();
    assert_eq!(&text[r[0].clone()], "ก่อน");
    assert_eq!(find_folded("โทรกอนเที่ยง", &["ก่อน"]), None);
    // An accent folded away is taken in with its letter.
    let text = "Jose\u{301} Lopez";
    let r = find_folded(text, &["jose"]).unwrap();
    assert_eq!(&text[r[0].clone()], "Jose\u{301}");
    assert_eq!(marked(text, &r, 20).text, "[Jose\u{301}] Lopez");
}

#[test]
fn marked_brackets_the_ranges_and_cuts_a_long_lead() {
    assert_eq!(
        marked("Office Manager", &[7..14, 7..8], 12).text,
        "Office [Manager]"
    );
    assert_eq!(marked("abcdef", &[2..4, 0..1, 3..5], 12).text, "[a]b[cde]f");
    let address = "Avenida de América 95, 08063 Barcelona";
    let r = find_folded(address, &["barcelona"]).unwrap();
    assert_eq!(marked(address, &r, 12).text, "…95, 08063 [Barcelona]");
    assert_eq!(
        marked(address, &r, 40).text,
        "Avenida de América 95, 08063 [Barcelona]"
    );
    assert_eq!(
        marked("abcdefghijklmnopqrstuvwxyz", &[20..21, 20..21], 4).text,
        "…qrst[u]vwxyz"
    );
    assert_eq!(marked("no marks", &[], 2).text, "no marks");
    // The first hit's place, brackets included; a `[` of the text is not it.
    let price = 17..22;
    let m = marked(
        "see [1] and [2], price list",
        std::slice::from_ref(&price),
        40,
    );
    assert_eq!(m.text, "see [1] and [2], [price] list");
    assert_eq!(&m.text[m.hit.clone().unwrap()], "[price]");
    assert_eq!(marked("no marks", &[], 2).hit, None);
}

/// A search's MATCH cell cut to a narrow column keeps the hit itself in sight, whatever
/// brackets the text holds before it, after it or around it.
#[test]
fn truncate_keeping_mark_keeps_the_real_hit_beside_brackets_of_the_text() {
    let cut = |text: &str, hit: &str, width: usize| {
        let start = text.find(hit).unwrap();
        let m = Marked {
            text: text.to_string(),
            hit: Some(start..start + hit.len()),
        };
        truncate_keeping_mark(&m, width)
    };
    // `[1]` before the hit: it was taken for the hit, and the hit was cut off.
    let note = "As agreed [1] we send the updated offer with the [discount] next week";
    assert_eq!(cut(note, "[discount]", 24), "…the [discount] next we…");
    assert_eq!(cut(note, "[discount]", 16), "…the [discount]…");
    // `[1]` after the hit.
    let note = "Asked about the [discount] for the fleet order, see footnote [1] and [2]";
    assert_eq!(cut(note, "[discount]", 24), "…the [discount] for the…");
    assert_eq!(
        cut(note, "[discount]", 30),
        "Asked about the [discount] fo…"
    );
    // The hit inside the text's own brackets.
    let note = "Reference numbers for the order: see the attachment [[PO-7781]] from March";
    assert_eq!(cut(note, "[PO-7781]", 24), "…[[PO-7781]] from March");
    assert_eq!(cut(note, "[PO-7781]", 80), note);
    // Without a hit, cut from the end.
    let m = Marked {
        text: note.to_string(),
        hit: None,
    };
    assert_eq!(truncate_keeping_mark(&m, 12), "Reference n…");
}

#[test]
fn sanitize_marked_moves_the_hit_with_the_text() {
    let m = Marked {
        text: "a\u{1b}[31m b\u{202e} [hit] c\t[1]".to_string(),
        hit: Some(12..17),
    };
    assert_eq!(&m.text[12..17], "[hit]");
    let s = sanitize_marked(&m);
    assert_eq!(s.text, "a\u{241b}[31m b [hit] c [1]");
    assert_eq!(&s.text[s.hit.unwrap()], "[hit]");
}

#[test]
fn fold_removes_diacritics_and_punctuation() {
    assert_eq!(fold("Anna Kowalska"), "anna kowalska");
    assert_eq!(fold("Łukasz Żółć-Wiśniewski"), "lukasz zolc wisniewski");
    assert_eq!(fold("  Acme Sp. z o.o. "), "acme sp z o o");
    assert_eq!(fold("Straße"), "strasse");
    assert_eq!(fold("Иван"), "иван");
    assert_eq!(fold(" O'Brien, Jr. "), "o brien jr");
    assert_eq!(fold("x--y"), "x y");
    assert_eq!(fold("  "), "");
}

#[test]
fn org_base_key_leaves_out_a_trailing_legal_form_only() {
    for (a, b) in [
        ("Hellas Freight S.A.", "hellas freight"),
        ("Acme Sp. z o.o.", "ACME"),
        ("Müller GmbH & Co. KG", "Muller"),
        ("Οικονόμου Α.Ε.", "οικονομου"),
        ("Smith & Co.", "smith"),
    ] {
        assert_eq!(org_base_key(a), org_base_key(b), "{a}");
    }
    // Not a whole name, and not a word inside it.
    assert_eq!(org_base_key("SA"), "sa");
    assert_eq!(org_base_key("Inc Media"), "incmedia");
    assert_ne!(org_base_key("Acme Logistics"), org_base_key("Acme"));
}

#[test]
fn name_key_sorts_accented_names_with_their_letters_and_is_never_empty() {
    let mut names = [
        "Zoe",
        "Łucja",
        "anna-marie",
        "Émile",
        "Annabelle",
        "Anna",
        "Örjan",
    ];
    names.sort_by_key(|n| name_key(n));
    assert_eq!(
        names,
        [
            "Anna",
            "anna-marie",
            "Annabelle",
            "Émile",
            "Łucja",
            "Örjan",
            "Zoe"
        ]
    );
    assert_eq!(name_key("Łucja Żak"), "lucja zak");
    assert_eq!(name_key("—"), "—");
    assert_eq!(name_key("\u{1F600}"), "\u{1F600}");
    assert_eq!(name_key("\t"), "\t");
}

#[test]
fn org_key_ignores_case_spacing_and_punctuation_only() {
    for spelling in [
        "Budimex S.A.",
        "Budimex SA",
        "Budimex S.A",
        "budimex sa",
        " BUDIMEX  S. A. ",
    ] {
        assert_eq!(org_key(spelling), "budimexsa", "{spelling}");
    }
    assert_eq!(org_key("Acme Sp. z o.o."), org_key("ACME sp.z o.o"));
    assert_eq!(org_key("Acme Sp. z o.o."), "acmespzoo");
    assert_eq!(org_key("Żabka S.A."), "zabkasa");
    assert_eq!(org_key("Coca-Cola, Inc."), "cocacolainc");
    assert_ne!(org_key("ABC"), org_key("ABCD"));
    assert_ne!(org_key("Acme"), org_key("Acme Sp. z o.o."));
    assert_eq!(org_key("株式会社 山田"), "株式会社山田");
    assert_eq!(org_key(" .,- "), "");
}

#[test]
fn truncate_respects_width() {
    assert_eq!(truncate("hello", 10), "hello");
    assert_eq!(truncate("hello world", 6), "hello…");
    assert_eq!(truncate("日本語テキスト", 5), "日本…");
}

/// A hit that is not a range of the text on character boundaries (past its end, inside a
/// letter, backwards) is read as no hit: the text is sanitized and cut as one without, never
/// sliced inside a character.
#[test]
fn a_hit_outside_the_text_is_read_as_none() {
    let text = "Zażółć gęślą jaźń, a long note about the offer";
    #[allow(clippy::reversed_empty_ranges)] // a backward range is one of the cases
    for hit in [3..4, 2..60, 5..2, 0..3] {
        let m = Marked {
            text: text.to_string(),
            hit: Some(hit.clone()),
        };
        assert_eq!(
            sanitize_marked(&m),
            Marked {
                text: text.to_string(),
                hit: None
            },
            "{hit:?}"
        );
        assert_eq!(truncate_keeping_mark(&m, 12), truncate(text, 12), "{hit:?}");
    }
}
