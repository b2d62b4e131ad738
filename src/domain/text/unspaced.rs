//! Names in scripts written without spaces between words (Chinese, Japanese, Korean, Thai):
//! the pieces a search finds them by, wherever the typed letters fall in the name.

use std::collections::HashSet;

use super::is_cjk_char;

/// Whether `c` is a letter of a script written without spaces between words: Han, kana,
/// Hangul ([`is_cjk_char`]), Thai, Lao, Myanmar or Khmer. In such a name a search looks for
/// the typed letters anywhere, spaces aside (`小明` in `王小明`, `山田太郎` in `山田 太郎`).
pub fn is_unspaced_char(c: char) -> bool {
    is_cjk_char(c)
        || matches!(c,
            '\u{0E00}'..='\u{0EFF}'     // Thai, Lao
            | '\u{1000}'..='\u{109F}'   // Myanmar
            | '\u{1780}'..='\u{17FF}'   // Khmer
        )
}

/// `folded` (as [`super::fold`] gives it) without its spaces, when it has a letter of a script
/// written without spaces ([`is_unspaced_char`]): `山田 太郎` and `山田太郎` are one name
/// (`山田太郎`), and `anna 王` is `anna王`. `None` for any other text, which keeps its words.
pub fn tight(folded: &str) -> Option<String> {
    folded
        .chars()
        .any(is_unspaced_char)
        .then(|| folded.chars().filter(|c| *c != ' ').collect())
}

/// Ends the last letter of a name in [`name_grams`] (a private-use character, which no
/// folded name has): a letter typed alone is found as the start of a pair, and the last
/// letter, which starts none, starts this one.
const END: char = '\u{E000}';

/// What `customers.name_grams` holds for a name (folded already, [`super::fold`]): for a name
/// with a letter of a script written without spaces, its [`tight`] form, then each two
/// letters side by side, once each, and the last letter with an end mark, apart by spaces
/// (`王小明 王小 小明 明` and the mark); empty for any other name. The full-text index holds each
/// as a word: one typed letter starts one of them, two are one, and more are each two of
/// them, all of which the name must have (the whole is then checked against the tight form,
/// the first word). A word for each pair, not for each letter too: half the words to index.
pub fn name_grams(folded: &str) -> String {
    let Some(tight) = tight(folded) else {
        return String::new();
    };
    let chars: Vec<char> = tight.chars().collect();
    let mut seen: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut out = String::with_capacity(tight.len() * 3 + 8);
    out.push_str(&tight);
    for pair in chars.windows(2) {
        if seen.contains(&pair) {
            continue;
        }
        seen.push(pair);
        out.push(' ');
        out.extend(pair);
    }
    if let Some(last) = chars.last() {
        out.push(' ');
        out.push(*last);
        out.push(END);
    }
    out
}

/// The words of the full-text query that finds the names whose [`tight`] form holds `typed`
/// (the typed text, tight): one letter as the start of a word (`"王"*`), two as a word, more
/// as every two side by side, once each. Each is an FTS5 phrase; the caller joins them by
/// `AND`.
pub fn gram_terms(typed: &str) -> Vec<String> {
    let chars: Vec<char> = typed.chars().filter(|c| *c != '"').collect();
    match chars.as_slice() {
        [one] => return vec![format!("\"{one}\"*")],
        [_, _] | [] => return vec![format!("\"{}\"", chars.iter().collect::<String>())],
        _ => {}
    }
    let mut out: Vec<String> = Vec::with_capacity(chars.len());
    for pair in chars.windows(2) {
        let term = format!("\"{}{}\"", pair[0], pair[1]);
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

/// Whether `c` stays beside a letter in [`text_grams`]: anything but ASCII punctuation,
/// symbols and spaces, where the index's `ascii` tokenizer parts words.
fn stays_beside(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric()
}

/// What the free-text index of letter pairs (`text_grams_fts`, schema v22) holds for a text
/// (a profile's notes and needs, an interaction's summary and notes, a follow-up's text,
/// each two joined by a line break, as written): each letter of a script written without
/// spaces ([`is_unspaced_char`]) with the character after it, or with an end mark where a
/// space, ASCII punctuation or the end follows (`会议。` gives `会议` and `议。`, `会议 x`
/// gives `会议` and `议` with the mark), once each, apart by spaces. `None` when the text has
/// no such letter: only texts with one are in the index. Every writer of the index uses it
/// (bulk loads, and since v23 each commit for the rows the triggers wrote down).
pub fn text_grams(text: &str) -> Option<String> {
    let mut seen: HashSet<[char; 2]> = HashSet::new();
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_unspaced_char(c) {
            continue;
        }
        let next = match chars.peek() {
            Some(&n) if stays_beside(n) => n,
            _ => END,
        };
        if seen.insert([c, next]) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            out.push(next);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The terms of the full-text query of [`text_grams`] that every text holding the typed
/// `word` (folded, as [`super::words`] gives it) has: each letter of a script written
/// without spaces with the letter after it (`"会议"`), once each; or, when the only such
/// letter ends the word, that letter starting a pair (`"会"*`). Empty for a word without
/// such a letter. A text that has them may still not hold the word: the caller checks.
pub fn text_gram_terms(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().filter(|c| *c != '"').collect();
    let mut out: Vec<String> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !is_unspaced_char(*c) {
            continue;
        }
        let term = match chars.get(i + 1) {
            Some(next) => format!("\"{c}{next}\""),
            None if out.is_empty() => format!("\"{c}\"*"),
            None => continue,
        };
        if !out.contains(&term) {
            out.push(term);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    #[test]
    fn name_grams_holds_the_tight_name_its_pairs_and_last_letter() {
        assert_eq!(name_grams(&fold("王小明")), "王小明 王小 小明 明\u{E000}");
        assert_eq!(
            name_grams(&fold("山田 太郎")),
            "山田太郎 山田 田太 太郎 郎\u{E000}"
        );
        assert_eq!(name_grams(&fold("王王王")), "王王王 王王 王\u{E000}");
        assert_eq!(name_grams(&fold("王")), "王 王\u{E000}");
        assert_eq!(
            name_grams(&fold("Anna 王")),
            "anna王 an nn na a王 王\u{E000}"
        );
        assert_eq!(name_grams(&fold("Anna Kowalska")), "");
        assert_eq!(name_grams(&fold("Νίκος")), "");
    }

    #[test]
    fn tight_joins_only_names_in_unspaced_scripts() {
        assert_eq!(tight("山田 太郎").as_deref(), Some("山田太郎"));
        assert_eq!(tight("김 민준").as_deref(), Some("김민준"));
        assert_eq!(tight("สมชาย ใจดี").as_deref(), Some("สมชายใจดี"));
        assert_eq!(tight("anna kowalska"), None);
    }

    #[test]
    fn gram_terms_are_the_word_or_its_pairs() {
        assert_eq!(gram_terms("王"), ["\"王\"*"]);
        assert_eq!(gram_terms("小明"), ["\"小明\""]);
        assert_eq!(gram_terms("山田太郎"), ["\"山田\"", "\"田太\"", "\"太郎\""]);
        assert_eq!(gram_terms("王王王"), ["\"王王\""]);
    }
    #[test]
    fn text_grams_pair_each_unspaced_letter_with_what_follows_it() {
        let e = END;
        assert_eq!(
            text_grams("在上海展会, 会议A").as_deref(),
            Some(format!("在上 上海 海展 展会 会{e} 会议 议A").as_str())
        );
        assert_eq!(
            text_grams("ก่อน").as_deref(),
            Some(format!("ก่ ่อ อน น{e}").as_str())
        );
        assert_eq!(
            text_grams("会会会").as_deref(),
            Some(format!("会会 会{e}").as_str())
        );
        assert_eq!(text_grams("Łódź, café 12"), None);
        assert_eq!(text_grams(""), None);
    }

    #[test]
    fn text_gram_terms_are_the_pairs_a_text_holding_the_word_has() {
        assert_eq!(text_gram_terms("会议"), ["\"会议\""]);
        assert_eq!(text_gram_terms("会"), ["\"会\"*"]);
        assert_eq!(text_gram_terms("anna王"), ["\"王\"*"]);
        assert_eq!(text_gram_terms("王anna"), ["\"王a\""]);
        assert_eq!(text_gram_terms("会会会"), ["\"会会\""]);
        assert_eq!(
            text_gram_terms("น้ำฝน"),
            ["\"น้\"", "\"้ำ\"", "\"ำฝ\"", "\"ฝน\""]
        );
        assert!(text_gram_terms("anna").is_empty());
        // Every term is a pair of the texts that hold the word.
        let grams = text_grams("ลูกค้าชอบน้ำฝนมาก").unwrap();
        for term in text_gram_terms("น้ำฝน") {
            assert!(
                grams.split(' ').any(|g| format!("\"{g}\"") == term),
                "{term}"
            );
        }
    }
}
