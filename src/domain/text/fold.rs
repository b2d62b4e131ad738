//! Folding text for matching: case, accents and punctuation aside, a word's marks kept in
//! it; and finding folded words in the text they came from.

/// Folds text for matching: lowercase, Latin, Greek and Cyrillic diacritics removed (ł -> l,
/// ó -> o, ß -> ss, ί -> ι, ё -> е, final ς -> σ, and a combining accent written after its
/// letter: `e` + U+0301 is `e`), runs of non-alphanumerics collapsed to one space. A mark
/// inside a word is part of it (a Thai tone mark or vowel sign: `น้ำฝน`, `ก่อน` are one word).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// The words of text as [`fold`] gives it (one space between words, none at the ends): how
/// every lookup splits what was typed, and a name it is compared with.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

/// [`fold`], appending to `out` (indexes fold many names into one buffer). ASCII characters,
/// most of any name, skip the accent table.
pub fn fold_into(s: &str, out: &mut String) {
    fold_with(s, out, true);
}

/// Where each of `words` (as [`fold`] gives them: no spaces) first appears in `text`, with
/// accents and case ignored, as byte ranges of `text`; `None` unless all of them do. A
/// match may start or end inside a word (`mediterranea` in `distribucionesmediterranea.es`).
pub fn find_folded(text: &str, words: &[&str]) -> Option<Vec<std::ops::Range<usize>>> {
    // `text` folded one character at a time (a separator is one space, so a word never
    // matches across one), with the byte offset in `text` each folded piece came from. An
    // accent folded away has no piece: a match ending before it takes it in.
    let mut folded = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let start = folded.len();
        match fold_char_into(c, &mut folded, &mut in_word) {
            Folded::Separator => folded.push(' '),
            Folded::Dropped => continue,
            Folded::Kept => {}
        }
        at.push((start, i));
    }
    at.push((folded.len(), text.len()));
    // The offset in `text` of the character whose folded piece holds `offset`.
    let original = |offset: usize| {
        let i = at.partition_point(|&(f, _)| f <= offset);
        at[i.saturating_sub(1)].1
    };
    // The end of the character whose folded piece holds the byte before `end`.
    let original_end = |end: usize| {
        let i = at.partition_point(|&(f, _)| f < end);
        at[i.min(at.len() - 1)].1
    };
    words
        .iter()
        .map(|w| {
            let start = folded.find(w).filter(|_| !w.is_empty())?;
            Some(original(start)..original_end(start + w.len()))
        })
        .collect()
}

/// [`fold_into`]; without `spaces`, runs of non-alphanumerics are dropped, not one space.
pub(super) fn fold_with(s: &str, out: &mut String, spaces: bool) {
    let mut in_word = false;
    for c in s.chars() {
        let ends_word = in_word;
        if let Folded::Separator = fold_char_into(c, out, &mut in_word)
            && spaces
            && ends_word
        {
            out.push(' ');
        }
    }
    if spaces && out.ends_with(' ') {
        out.pop();
    }
}

/// What [`fold_char_into`] made of a character.
enum Folded {
    /// Letters or digits, or a mark that stays in its word, were added.
    Kept,
    /// An accent of the letter before it, folded away: nothing was added.
    Dropped,
    /// It parts words (nothing was added): a space, punctuation, a symbol, a mark with no
    /// word before it.
    Separator,
}

/// Adds `c` folded ([`fold`]) to `out`. `in_word` says whether a letter or digit of a word
/// came just before, and is kept up to date: a mark after one (General Category M) is part
/// of the word, a combining accent folded away as a precomposed one is (U+0301 after `e`),
/// any other (a Thai tone mark, a vowel sign, a virama) kept.
fn fold_char_into(c: char, out: &mut String, in_word: &mut bool) -> Folded {
    use finl_unicode::categories::CharacterCategories;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            match fold_char(c) {
                Some(base) => out.push_str(base),
                None => out.push(c),
            }
            *in_word = true;
            Folded::Kept
        } else if *in_word && !c.is_ascii() && c.is_mark() {
            if is_combining_accent(c) {
                Folded::Dropped
            } else {
                out.push(c);
                Folded::Kept
            }
        } else {
            *in_word = false;
            Folded::Separator
        }
    };
    if c.is_ascii() {
        return push(c.to_ascii_lowercase(), out);
    }
    // (A capital may lower to a letter and an accent: `İ` to `i` and U+0307.)
    let mut folded = Folded::Separator;
    for (i, lower) in c.to_lowercase().enumerate() {
        let one = push(lower, out);
        if i == 0 {
            folded = one;
        }
    }
    folded
}

/// The combining accents Latin, Greek and Cyrillic letters are written with when not
/// precomposed (the Combining Diacritical Marks blocks): folded away as `é` and `ί` are; and
/// the variation selectors, which change only how a character is drawn.
fn is_combining_accent(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{E0100}'..='\u{E01EF}'
    )
}

fn fold_char(c: char) -> Option<&'static str> {
    // A table for the Latin letters salespeople meet in European names; other
    // scripts are kept as they are (and still match themselves).
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("þ", "th"),
        ("ð", "d"),
        // Greek tonos and dialytika, and the final sigma (`ΝΙΚΟΣ` is `Νίκος`).
        ("άᾶ", "α"),
        ("έ", "ε"),
        ("ή", "η"),
        ("ίϊΐ", "ι"),
        ("ό", "ο"),
        ("ύϋΰ", "υ"),
        ("ώ", "ω"),
        ("ς", "σ"),
        // Russian often leaves the dots off ё.
        ("ё", "е"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}
