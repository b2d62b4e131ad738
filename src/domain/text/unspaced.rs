//! Names in scripts written without spaces between words (Chinese, Japanese, Korean, Thai):
//! the pieces a search finds them by, wherever the typed letters fall in the name.

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

/// What `customers.name_grams` holds for a name (folded already, [`super::fold`]): for a name
/// with a letter of a script written without spaces, its [`tight`] form, then each of its
/// letters and each two side by side, once each and apart by spaces (`王小明 王 小 明 王小
/// 小明`); empty for any other name. The full-text index holds each as a word, so one or two
/// typed letters are one word to look up, and more are each two of them, all of which the
/// name must have (the whole is then checked against the tight form, the first word).
pub fn name_grams(folded: &str) -> String {
    let Some(tight) = tight(folded) else {
        return String::new();
    };
    let chars: Vec<char> = tight.chars().collect();
    let mut seen: Vec<&[char]> = Vec::with_capacity(chars.len() * 2);
    let mut out = tight.clone();
    for len in 1..=2 {
        for gram in chars.windows(len) {
            if seen.contains(&gram) {
                continue;
            }
            seen.push(gram);
            out.push(' ');
            out.extend(gram);
        }
    }
    out
}

/// The words of the full-text query that finds the names whose [`tight`] form holds `typed`
/// (the typed text, tight): itself when it is one or two letters, else every two letters side
/// by side, once each. Each is quoted as an FTS5 phrase; the caller joins them by `AND`.
pub fn gram_terms(typed: &str) -> Vec<String> {
    let chars: Vec<char> = typed.chars().filter(|c| *c != '"').collect();
    if chars.len() <= 2 {
        return vec![format!("\"{}\"", chars.iter().collect::<String>())];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    #[test]
    fn name_grams_holds_the_tight_name_its_letters_and_pairs() {
        assert_eq!(name_grams(&fold("王小明")), "王小明 王 小 明 王小 小明");
        assert_eq!(
            name_grams(&fold("山田 太郎")),
            "山田太郎 山 田 太 郎 山田 田太 太郎"
        );
        assert_eq!(name_grams(&fold("王王")), "王王 王 王王");
        assert_eq!(name_grams(&fold("Anna 王")), "anna王 a n 王 an nn na a王");
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
        assert_eq!(gram_terms("王"), ["\"王\""]);
        assert_eq!(gram_terms("小明"), ["\"小明\""]);
        assert_eq!(gram_terms("山田太郎"), ["\"山田\"", "\"田太\"", "\"太郎\""]);
        assert_eq!(gram_terms("王王王"), ["\"王王\""]);
    }
}
