//! Text rules: sanitizing untrusted text for display and normalizing names for matching.

mod fold;
mod latin;
mod phone;
mod sanitize;
mod unspaced;

use fold::fold_with;
pub use fold::{find_folded, fold, fold_into, words};
pub use latin::{loose, loose_spelling, name_latin, sort_spelling, typed_latin};
pub use phone::{
    PHONE_TAIL, phone_digits, phone_key, phone_key_sql, phone_like_digits, phone_norm,
    phones_may_match,
};
pub use sanitize::{
    MAX_VALUE_BYTES, SHOWN_CHARS, check_value_bytes, is_bidi_override, is_control_char,
    needs_sanitizing, sanitize, sanitize_multiline, shown,
};
pub use unspaced::{gram_terms, is_unspaced_char, name_grams, text_gram_terms, text_grams, tight};

/// A text with its hits in `[` `]`, and where the first hit is in it: a `[` the text itself
/// holds (a note's `[1]`) is not taken for a hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The text with its hits in `[` `]`.
    pub text: String,
    /// The first hit's bytes in `text`, its brackets included; `None` without a hit.
    pub hit: Option<std::ops::Range<usize>>,
}

impl Marked {
    /// All of `text` the hit: `[text]`.
    pub fn whole(text: &str) -> Marked {
        Marked {
            text: format!("[{text}]"),
            hit: Some(0..text.len() + 2),
        }
    }
}

/// `text` with the `ranges` ([`find_folded`]) in `[` `]`; overlapping ranges become one. At
/// most `lead` characters stay before the first one: a longer lead is cut after a space
/// where it can be, and `…` stands for what was cut (a column shows the match, not the
/// start of a long address).
pub fn marked(text: &str, ranges: &[std::ops::Range<usize>], lead: usize) -> Marked {
    let mut sorted: Vec<_> = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len() + 2 * ranges.len());
    let mut from = 0;
    if let Some(first) = sorted.first() {
        let before = &text[..first.start];
        if before.chars().count() > lead {
            let cut = before
                .char_indices()
                .rev()
                .nth(lead.wrapping_sub(1))
                .map_or(before.len(), |(i, _)| i);
            let kept = &before[cut..];
            from = kept
                .find(' ')
                .filter(|&s| s + 1 < kept.len())
                .map_or(cut, |s| cut + s + 1);
            out.push('…');
        }
    }
    let mut hit = None;
    let mut close = |r: std::ops::Range<usize>, out: &mut String, from: &mut usize| {
        out.push_str(&text[*from..r.start]);
        let start = out.len();
        out.push('[');
        out.push_str(&text[r.clone()]);
        out.push(']');
        hit.get_or_insert(start..out.len());
        *from = r.end;
    };
    let mut open: Option<std::ops::Range<usize>> = None;
    for r in sorted {
        open = match open {
            Some(o) if r.start <= o.end => Some(o.start..o.end.max(r.end)),
            Some(o) => {
                close(o, &mut out, &mut from);
                Some(r)
            }
            None => Some(r),
        };
    }
    if let Some(o) = open {
        close(o, &mut out, &mut from);
    }
    out.push_str(&text[from..]);
    Marked { text: out, hit }
}

/// The spellings a word as [`fold`] gives it may have in the search index, whose tokenizer
/// strips Latin accents only: the word itself; for Greek, with a tonos on each vowel in turn
/// (monotonic Greek writes one per word) and with a final `ς`; for Russian, with `ё` for
/// each `е`. Without such letters, the word alone. At most 24.
pub fn index_variants(word: &str) -> Vec<String> {
    const TONOS: [(char, char); 7] = [
        ('α', 'ά'),
        ('ε', 'έ'),
        ('η', 'ή'),
        ('ι', 'ί'),
        ('ο', 'ό'),
        ('υ', 'ύ'),
        ('ω', 'ώ'),
    ];
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_string()];
    for (i, c) in chars.iter().enumerate() {
        let accented = match *c {
            'е' => Some('ё'),
            c => TONOS.iter().find(|(plain, _)| *plain == c).map(|(_, a)| *a),
        };
        if let Some(a) = accented {
            let mut v = chars.clone();
            v[i] = a;
            out.push(v.into_iter().collect());
        }
    }
    if word.ends_with('σ') {
        let finals: Vec<String> = out
            .iter()
            .map(|w| format!("{}ς", &w[..w.len() - 'σ'.len_utf8()]))
            .collect();
        out.extend(finals);
    }
    out.truncate(24);
    out
}

/// The key organizations are told apart by: [`fold`] with no spaces left, so `Budimex S.A.`,
/// `Budimex SA`, `Budimex S.A` and `budimex sa` are one organization, and `ABC` and `ABCD`
/// are two. Legal forms stay in the key (`Acme Sp. z o.o.` is `acmespzoo`, not `acme`).
/// Appends to `out`.
pub fn org_key_into(s: &str, out: &mut String) {
    fold_with(s, out, false);
}

/// [`org_key_into`] into a new string.
pub fn org_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    org_key_into(s, &mut out);
    out
}

/// Legal forms, folded and without spaces, that a company's name may end with (`S.A.`,
/// `Sp. z o.o.`, `GmbH & Co. KG`, `Ltd`, `Α.Ε.`).
const LEGAL_FORMS: &[&str] = &[
    "sa",
    "spzoo",
    "spzoosk",
    "spj",
    "spk",
    "ska",
    "sc",
    "gmbh",
    "gmbhcokg",
    "ag",
    "kg",
    "ug",
    "ev",
    "ltd",
    "limited",
    "plc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "llc",
    "corp",
    "corporation",
    "co",
    "coltd",
    "ptyltd",
    "pvtltd",
    "sl",
    "slu",
    "srl",
    "spa",
    "sas",
    "sarl",
    "eurl",
    "bv",
    "nv",
    "ab",
    "as",
    "asa",
    "aps",
    "oy",
    "oyj",
    "sro",
    "kft",
    "zrt",
    "doo",
    "ooo",
    "se",
    "lda",
    "αε",
    "εε",
    "ικε",
    "οε",
    "kk",
];

/// An organization's name without the legal form it ends with, as one key ([`org_key`]
/// of the rest): `Hellas Freight S.A.`, `Hellas Freight` and `HELLAS FREIGHT SA` are one
/// company to a person looking for duplicates. (An import matches records with the legal
/// form: it merges unasked, and `Acme Ltd` and `Acme Inc` may be two companies. A person's
/// company without one is the one organization with one.)
pub fn org_base_key(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = words(&folded).collect();
    for n in (1..=4).rev() {
        if words.len() > n && LEGAL_FORMS.contains(&words[words.len() - n..].concat().as_str()) {
            return words[..words.len() - n].concat();
        }
    }
    words.concat()
}

/// The key customers are sorted by name with (stored as `customers.name_key`): [`fold`],
/// so `Émile` sorts with the e's and `Łucja` with the l's instead of after `Zoe`, and
/// `Anna` before `anna-marie` before `Annabelle` (word by word); a name in another script
/// by its Latin spelling ([`sort_spelling`]), so `Νίκος` sorts with the n's and `王伟` with
/// the w's instead of after every Latin name. A name with no letter or digit (`—`, an
/// emoji) keeps its own lowercase, so no key is ever empty: an empty key marks a row whose
/// key is still to be computed (see `store::customer::name_key`).
pub fn name_key(name: &str) -> String {
    key_of_folded(name, fold(name))
}

/// [`name_key`] of `name`, folded already.
fn key_of_folded(name: &str, folded: String) -> String {
    if folded.is_empty() {
        name.to_lowercase()
    } else {
        sort_spelling(&folded).unwrap_or(folded)
    }
}

/// What is stored beside a name, with one fold of it: its sort key ([`name_key`]), its
/// Latin spelling ([`name_latin`]) and the pieces a name in a script written without spaces
/// is found by ([`name_grams`]), for `customers.name_key`, `name_latin` and `name_grams`.
pub fn name_columns(name: &str) -> (String, String, String) {
    if name.is_ascii() {
        // (Most names: no other script to spell, nor to find inside.)
        return (name_key(name), String::new(), String::new());
    }
    let folded = fold(name);
    let latin = latin::latin_of_folded(&folded);
    let grams = name_grams(&folded);
    (key_of_folded(name, folded), latin, grams)
}

/// `n` and the noun for it: `1 organization`, `2 organizations`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The counts that are not 0, each with its noun ([`count`]): `3 interactions, 1 deal`
/// said of what a merge or restore moved.
pub fn counts(items: &[(usize, &str, &str)]) -> Vec<String> {
    items
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|&(n, one, many)| count(n, one, many))
        .collect()
}

/// How a customer's notes keep another name it is known by (an import's or a merge's
/// namesake whose name is not a form of the kept one): one line each.
pub const ALSO_KNOWN_AS: &str = "Also known as: ";

/// How an import keeps the way a name is said (Apple's and Google's phonetic names): the
/// Latin spelling of a Greek or Chinese name, say, which is what a user may type.
pub const PHONETIC_NAME: &str = "Phonetic name: ";

/// The other names a customer's notes keep ([`ALSO_KNOWN_AS`] and [`PHONETIC_NAME`] lines),
/// trimmed.
pub fn other_names(notes: &str) -> impl Iterator<Item = &str> {
    notes
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix(ALSO_KNOWN_AS.trim_end())
                .or_else(|| l.strip_prefix(PHONETIC_NAME.trim_end()))
        })
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// Whether every typed word starts a word of `name`, in any order, accents and case
/// ignored: how a name is looked up (`kow anna` for `Anna Kowalska`).
pub fn words_start_words(typed: &str, name: &str) -> bool {
    let (typed, name) = (fold(typed), fold(name));
    let name_words: Vec<&str> = words(&name).collect();
    let mut any = false;
    for t in words(&typed) {
        if !name_words.iter().any(|w| w.starts_with(t)) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether two names can be one person's: once folded, every word of the shorter is a
/// word of the longer, or its initial (`Anna Kowalska`, `Kowalska Anna`, `A. Kowalska`,
/// `anna`); or they are the same letters but for spaces and punctuation (`山田太郎`,
/// `山田 太郎`; `S.A.`, `SA`). `Jan
/// Nowak` and `Anna Kowalska` are not; nor `Kasia` and `Katarzyna` (rolo does not guess).
pub fn names_agree(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    let words = |s: &'_ str| -> Vec<String> { words(s).map(str::to_owned).collect() };
    let (wa, wb) = (words(&fa), words(&fb));
    if !wa.is_empty() && wa.concat() == wb.concat() {
        return true;
    }
    (wa.len() <= wb.len() && words_within(&wa, &wb))
        || (wb.len() <= wa.len() && words_within(&wb, &wa))
}

/// Whether each of `short` is a word of `long`, or the initial of one, each word of
/// `long` standing for one of `short` at most.
fn words_within(short: &[String], long: &[String]) -> bool {
    if short.is_empty() {
        return false;
    }
    let mut used = vec![false; long.len()];
    // Whole words first, so an initial cannot take the word a whole word needs.
    let mut initials = Vec::new();
    for w in short {
        if let Some(i) = (0..long.len()).find(|&i| !used[i] && long[i] == *w) {
            used[i] = true;
        } else {
            initials.push(w);
        }
    }
    initials.into_iter().all(|w| {
        let mut chars = w.chars();
        let (Some(first), None) = (chars.next(), chars.next()) else {
            return false;
        };
        match (0..long.len()).find(|&i| !used[i] && long[i].starts_with(first)) {
            Some(i) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

/// Cuts text to at most `width` terminal columns, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// [`sanitize`] of a [`Marked`] text, its hit moved with it.
pub fn sanitize_marked(marked: &Marked) -> Marked {
    let Some(hit) = hit_within(&marked.text, marked.hit.clone()) else {
        return Marked {
            text: sanitize(&marked.text),
            hit: None,
        };
    };
    let t = &marked.text;
    let mut text = sanitize(&t[..hit.start]);
    let start = text.len();
    text.push_str(&sanitize(&t[hit.clone()]));
    let end = text.len();
    text.push_str(&sanitize(&t[hit.end..]));
    Marked {
        text,
        hit: Some(start..end),
    }
}

/// `hit` when it is a range of `text` on character boundaries (else `None`: the text is
/// read as having no hit rather than cut inside a character).
fn hit_within(text: &str, hit: Option<std::ops::Range<usize>>) -> Option<std::ops::Range<usize>> {
    hit.filter(|h| {
        h.start <= h.end
            && h.end <= text.len()
            && text.is_char_boundary(h.start)
            && text.is_char_boundary(h.end)
    })
}

/// A [`Marked`] text cut to `width` columns with its hit in sight: when the hit would fall
/// past the cut, the cell starts `…` at a word up to a third of the width before the hit.
/// Without a hit, [`truncate`].
pub fn truncate_keeping_mark(cell: &Marked, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let (cell, hit) = (cell.text.as_str(), cell.hit.clone());
    if cell.width() <= width {
        return cell.to_string();
    }
    let Some(hit) = hit_within(cell, hit) else {
        return truncate(cell, width);
    };
    let (open, close) = (hit.start, hit.end);
    if cell[..close].width() < width {
        return truncate(cell, width);
    }
    let lead = width / 3;
    let (mut start, mut taken) = (open, 0);
    for (i, c) in cell[..open].char_indices().rev() {
        taken += c.width().unwrap_or(0);
        if taken > lead {
            break;
        }
        start = i;
    }
    // Begin at a whole word: past the rest of one cut in the middle.
    if !cell[..start].ends_with(char::is_whitespace) {
        start = cell[start..open]
            .find(' ')
            .map_or(open, |sp| start + sp + 1);
    }
    truncate(&format!("…{}", cell[start..].trim_start()), width)
}

/// A run of digits grouped by thousands with a regular space: `1234567` -> `1 234 567`.
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// A multi-line address on one line: its lines trimmed and joined with commas (`SW1A 2AA`
/// and `United Kingdom` on lines of their own become `SW1A 2AA, United Kingdom`).
pub fn one_line(address: &str) -> String {
    address
        .lines()
        .map(|l| l.trim().trim_end_matches(',').trim_end())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `c` is Han, kana or Hangul: a script written without spaces between words.
pub fn is_cjk_char(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'         // Hangul Jamo
        | '\u{3040}'..='\u{30FF}'       // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'       // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'       // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'       // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'       // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'       // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'       // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'       // halfwidth Katakana
        | '\u{20000}'..='\u{3134F}'     // CJK extensions B to G
    )
}

#[cfg(test)]
mod tests;
