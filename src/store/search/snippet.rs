//! A search hit's snippet in the row's own letters: FTS5 cuts it from the text its index
//! read (`Łódź` read as `Lódź`), with private-use marks around the hits.

use crate::domain::text::Marked;

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';
const MARK_MORE: char = '\u{E002}';

/// How the FTS content views (`*_fts_src`, schema v1) spell a letter the tokenizer would
/// keep as it is, so that typed `lukasz` finds `Łukasz`; every other character is itself.
fn index_spelling(c: char) -> Option<&'static str> {
    Some(match c {
        'ł' | 'ŀ' => "l",
        'Ł' | 'Ŀ' => "L",
        'ø' => "o",
        'Ø' => "O",
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "Ae",
        'œ' => "oe",
        'Œ' => "Oe",
        'đ' | 'ð' => "d",
        'Đ' | 'Ð' => "D",
        'þ' => "th",
        'Þ' => "Th",
        'ħ' => "h",
        'Ħ' => "H",
        'ı' => "i",
        'ŧ' => "t",
        'Ŧ' => "T",
        'ŉ' => "n",
        _ => return None,
    })
}

/// `text` as the index read it, with the byte offset in `text` of each of its characters
/// (by their offset in the index's spelling), ending with both lengths.
fn indexed(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        at.push((out.len(), i));
        match index_spelling(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    at.push((out.len(), text.len()));
    (out, at)
}

#[cfg(test)]
pub(crate) fn index_spelling_of(text: &str) -> String {
    indexed(text).0
}

/// FTS5 cuts its snippet from the text the index read, where `Łódź` reads `Lódź`; this
/// finds that stretch in the row's own columns and gives it back in their letters, with
/// the hits in `[` `]` and `…` where it was cut.
pub(super) fn own_letters(snippet: &str, columns: &[&str]) -> Marked {
    own_letters_in(snippet, columns).unwrap_or_else(|| {
        // Not found (a column changed under the query): the index's text is still the hit.
        shown(snippet)
    })
}

/// A snippet's marks as shown (`[`, `]`, `…`), the first hit kept where it is.
pub(super) fn shown(snippet: &str) -> Marked {
    let mut hits = Hits::default();
    let mut text = String::with_capacity(snippet.len());
    for c in snippet.chars() {
        hits.before(c, text.len());
        text.push(shown_char(c));
        hits.after(c, text.len());
    }
    Marked {
        text,
        hit: hits.first,
    }
}

/// A snippet's mark as shown (`[`, `]`, `…`); any other character as it is.
fn shown_char(c: char) -> char {
    match c {
        MARK_OPEN => '[',
        MARK_CLOSE => ']',
        MARK_MORE => '…',
        _ => c,
    }
}

/// Where the first hit goes in a text being written: the first open mark, up to the close
/// mark after it.
#[derive(Default)]
struct Hits {
    open: Option<usize>,
    first: Option<std::ops::Range<usize>>,
}

impl Hits {
    /// Before `mark` is written at `at`.
    fn before(&mut self, mark: char, at: usize) {
        if mark == MARK_OPEN && self.open.is_none() {
            self.open = Some(at);
        }
    }

    /// After `mark` is written, the text now `len` long.
    fn after(&mut self, mark: char, len: usize) {
        if mark == MARK_CLOSE
            && self.first.is_none()
            && let Some(open) = self.open
        {
            self.first = Some(open..len);
        }
    }
}

/// [`own_letters`], `None` when the snippet is in none of `columns`.
pub(super) fn own_letters_in(snippet: &str, columns: &[&str]) -> Option<Marked> {
    let mut plain = String::with_capacity(snippet.len());
    let mut marks = Vec::new();
    for c in snippet.chars() {
        match c {
            MARK_OPEN | MARK_CLOSE | MARK_MORE => marks.push((plain.len(), c)),
            _ => plain.push(c),
        }
    }
    for column in columns {
        let (read, at) = indexed(column);
        let Some(start) = read.find(&plain) else {
            continue;
        };
        // A mark falls between characters; inside an expansion (`ss` of `ß`) it goes before.
        let original = |offset: usize| {
            let i = at.partition_point(|&(read_at, _)| read_at <= start + offset);
            at[i.saturating_sub(1)].1
        };
        let mut out = String::with_capacity(snippet.len() + 8);
        let mut hits = Hits::default();
        let mut from = original(0);
        for &(offset, m) in &marks {
            let to = match m {
                MARK_CLOSE => past_marks(column, original(offset)),
                _ => original(offset),
            }
            .max(from);
            out.push_str(&column[from..to]);
            hits.before(m, out.len());
            out.push(shown_char(m));
            hits.after(m, out.len());
            from = to;
        }
        out.push_str(&column[from..past_marks(column, original(plain.len())).max(from)]);
        return Some(Marked {
            text: out,
            hit: hits.first,
        });
    }
    None
}

/// `at` in `column`, past the marks that follow it. The index reads a word without some of
/// its marks (a Thai vowel sign ends none of its words), so a hit it marks would end before
/// them, cutting the last letter from its sign: `[ก่อนด]ี` for `[ก่อนดี]`.
fn past_marks(column: &str, at: usize) -> usize {
    use finl_unicode::categories::CharacterCategories;
    at + column[at..]
        .chars()
        .take_while(|c| !c.is_ascii() && c.is_mark())
        .map(char::len_utf8)
        .sum::<usize>()
}
