//! Text rules: sanitizing untrusted text for display and normalizing names for matching.

mod latin;

pub use latin::{loose, loose_spelling, name_latin, sort_spelling, typed_latin};

/// Makes untrusted text inert for a terminal: control characters (C0, C1, DEL),
/// bidi overrides/isolates and zero-width characters become visible placeholders or
/// spaces, so an escape sequence in a note can never drive the terminal.
/// Newlines and tabs become spaces; use [`sanitize_multiline`] to keep line breaks.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_safe(&mut out, c, false);
    }
    out
}

/// The most bytes one text value may have: 1 MiB. The CSV and vCard readers refuse a
/// longer field or line as they read it; a backup or dossier is refused the same way,
/// naming the record.
pub const MAX_VALUE_BYTES: usize = 1 << 20;

/// Checks a text value's size: at most [`MAX_VALUE_BYTES`] bytes.
pub fn check_value_bytes(value: &str) -> Result<(), String> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(format!(
            "a value of {} bytes is longer than 1 MiB ({MAX_VALUE_BYTES} bytes)",
            value.len()
        ));
    }
    Ok(())
}

/// How many characters of a value from a file an error message quotes.
pub const SHOWN_CHARS: usize = 60;

/// A value from a file as a message quotes it: control and bidi characters made visible or
/// dropped ([`crate::domain::text::sanitize`]) and cut at [`SHOWN_CHARS`] characters,
/// followed by `…` when it was longer. A message must neither drive the terminal nor
/// repeat a megabyte of a broken file.
pub fn shown(raw: &str) -> String {
    let mut chars = raw.chars();
    let head: String = chars.by_ref().take(SHOWN_CHARS).collect();
    let mut out = sanitize(&head);
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// C0 controls (tab and line feed included), DEL and the C1 controls: what a terminal may
/// act on. Each place that keeps text out of a file or a terminal picks from these.
pub fn is_control_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Bidi embeddings, overrides and isolates: they can disguise the text around them.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Like [`sanitize`] but keeps `\n` as a line break (for full notes).
pub fn sanitize_multiline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_safe(&mut out, c, true);
    }
    out
}

fn push_safe(out: &mut String, c: char, keep_newline: bool) {
    match c {
        '\n' if keep_newline => out.push('\n'),
        '\n' | '\t' | '\r' => out.push(' '),
        // C0 controls and DEL: show as the Unicode "control picture" (e.g. ESC -> ␛).
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7f}' => out.push('\u{2421}'),
        // C1 controls (CSI as one byte, etc.).
        '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
        // Bidi embeddings, overrides, isolates and marks; zero-width characters; BOM. (Not
        // the zero-width non-joiner, U+200C: Persian and Indic words are spelled with it,
        // `می‌خواهم`, it has no width and no effect on a terminal. The joiner, U+200D, goes:
        // terminals draw the emoji it joins as one or as several, so columns would not agree.)
        '\u{200b}'
        | '\u{200d}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}'
        | '\u{061c}'
        | '\u{00ad}' => {}
        _ => out.push(c),
    }
}

/// True when the text would be changed by [`sanitize_multiline`].
pub fn needs_sanitizing(s: &str) -> bool {
    sanitize_multiline(s) != s
}

/// Folds text for matching: lowercase, Latin, Greek and Cyrillic diacritics removed (ł -> l,
/// ó -> o, ß -> ss, ί -> ι, ё -> е, final ς -> σ), runs of non-alphanumerics collapsed to
/// one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
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
    // `text` folded one character at a time (a non-alphanumeric is one space, so a word
    // never matches across one), with the byte offset in `text` each folded piece came from.
    let mut folded = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    let mut one = String::new();
    for (i, c) in text.char_indices() {
        at.push((folded.len(), i));
        one.clear();
        fold_with(c.encode_utf8(&mut [0; 4]), &mut one, false);
        if one.is_empty() {
            folded.push(' ');
        } else {
            folded.push_str(&one);
        }
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

/// `text` with the `ranges` ([`find_folded`]) in `[` `]`; overlapping ranges become one. At
/// most `lead` characters stay before the first one: a longer lead is cut after a space
/// where it can be, and `…` stands for what was cut (a column shows the match, not the
/// start of a long address).
pub fn marked(text: &str, ranges: &[std::ops::Range<usize>], lead: usize) -> String {
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
    let mut open: Option<std::ops::Range<usize>> = None;
    let close = |r: std::ops::Range<usize>, out: &mut String, from: &mut usize| {
        out.push_str(&text[*from..r.start]);
        out.push('[');
        out.push_str(&text[r.clone()]);
        out.push(']');
        *from = r.end;
    };
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
    out
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
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
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
    let key = fold(name);
    if key.is_empty() {
        name.to_lowercase()
    } else {
        sort_spelling(&key).unwrap_or(key)
    }
}

/// [`fold_into`]; without `spaces`, runs of non-alphanumerics are dropped, not one space.
fn fold_with(s: &str, out: &mut String, spaces: bool) {
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            match fold_char(c) {
                Some(base) => out.push_str(base),
                None => out.push(c),
            }
            space = false;
        } else if !space && spaces {
            out.push(' ');
            space = true;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), out);
        } else {
            for lower in c.to_lowercase() {
                push(lower, out);
            }
        }
    }
    if spaces && out.ends_with(' ') {
        out.pop();
    }
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

/// How many digits `s` has when it is written as a phone number is (digits, spaces and
/// `+ - ( ) . /` only): `None` for anything else. What counts as enough digits is the
/// caller's (a typed reference, a column's values).
pub fn phone_like_digits(s: &str) -> Option<usize> {
    s.chars()
        .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        .then(|| s.chars().filter(char::is_ascii_digit).count())
}

/// The digits of a phone number, all of them.
pub fn phone_digits(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits
}

/// The form a phone is matched by (stored as its `norm`): its digits up to an extension
/// (`+1 415 555 0100 x23` is `+1 415 555 0100`), with a leading `00` international prefix
/// dropped, so `0048 601 234 567` is `+48 601 234 567`. (No national
/// number starts with `00`; schema migrations 5 and 8 brought older stored values to this form.)
pub fn phone_norm(s: &str) -> String {
    // An extension (` x12`, `ext. 12`, `wew. 12`, `;ext=12`) is not part of the number.
    let s = s.trim_start();
    let s = s.strip_prefix("tel:").unwrap_or(s);
    let number = s
        .split(|c: char| c.is_ascii_alphabetic() || c == ';')
        .next()
        .unwrap_or_default();
    let mut digits = phone_digits(number);
    if digits.starts_with("00") {
        digits.drain(..2);
    }
    digits
}

/// Digits of a phone that decide whether two numbers are the same line: the last
/// `PHONE_TAIL`, so `+48 601 234 567`, `0048 601 234 567` and `601-234-567` agree whatever
/// prefix the user wrote; a shorter number (an extension, a local line) counts whole.
/// `rolo dupes` and the phone search both go by it.
pub const PHONE_TAIL: usize = 9;

/// The part of a normalized phone ([`phone_norm`]) two numbers are compared by: its last
/// [`PHONE_TAIL`] digits, or all of a shorter one. `+49 30 1234567` and `030 1234567` have
/// the same key.
pub fn phone_key(norm: &str) -> &str {
    // Digits only, so any byte is a char boundary; anything else is taken whole.
    if norm.is_ascii() {
        &norm[norm.len().saturating_sub(PHONE_TAIL)..]
    } else {
        norm
    }
}

/// Whether two normalized phones ([`phone_norm`]) with the same [`phone_key`] may be one
/// line, by the digits before the key: yes when either has none or the same; when one is a
/// national number (a trunk `0`), when its digits end the other's, whose country code comes
/// first (`07700 900123` is `+44 7700 900123`). Otherwise no: `+33 1 23 45 67 89` and
/// `+48 12 345 67 89` end alike, but are in France and Poland; `+1 …` is not `+41 …`.
pub fn phones_may_match(a: &str, b: &str) -> bool {
    fn head(n: &str) -> &str {
        if n.is_ascii() {
            &n[..n.len().saturating_sub(PHONE_TAIL)]
        } else {
            ""
        }
    }
    let (ha, hb) = (head(a), head(b));
    let (ta, tb) = (ha.trim_start_matches('0'), hb.trim_start_matches('0'));
    let national_in = |h: &str, t: &str, other: &str| h.starts_with('0') && other.ends_with(t);
    ta.is_empty() || tb.is_empty() || ta == tb || national_in(ha, ta, tb) || national_in(hb, tb, ta)
}

/// [`phone_key`] in SQL, of a column holding a phone's `norm`.
pub fn phone_key_sql(column: &str) -> String {
    format!(
        "CASE WHEN length({column}) > {PHONE_TAIL} THEN substr({column}, -{PHONE_TAIL}) ELSE {column} END"
    )
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
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut any = false;
    for t in typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !words.iter().any(|w| w.starts_with(t)) {
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
    let words = |s: &'_ str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
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
mod tests {
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
    fn marked_brackets_the_ranges_and_cuts_a_long_lead() {
        assert_eq!(
            marked("Office Manager", &[7..14, 7..8], 12),
            "Office [Manager]"
        );
        assert_eq!(marked("abcdef", &[2..4, 0..1, 3..5], 12), "[a]b[cde]f");
        let address = "Avenida de América 95, 08063 Barcelona";
        let r = find_folded(address, &["barcelona"]).unwrap();
        assert_eq!(marked(address, &r, 12), "…95, 08063 [Barcelona]");
        assert_eq!(
            marked(address, &r, 40),
            "Avenida de América 95, 08063 [Barcelona]"
        );
        assert_eq!(
            marked("abcdefghijklmnopqrstuvwxyz", &[20..21, 20..21], 4),
            "…qrst[u]vwxyz"
        );
        assert_eq!(marked("no marks", &[], 2), "no marks");
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
}
