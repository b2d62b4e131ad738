//! What was typed into a search or a name lookup, read once, and the most words it may have.

use crate::domain::text;
use crate::store::StoreError;

/// The most words a search or name lookup reads: a search is a few words, and a pasted
/// paragraph is refused ([`Typed::too_many`]), not turned into 1000 `LIKE`s. (It was cut to
/// its first 16 words, so the rest were not looked for: hits missing them were listed.)
pub(crate) const MAX_WORDS: usize = 16;

/// What was typed into a search or a name lookup, folded once ([`text::fold`]) and split
/// into words once ([`text::words`], at most [`MAX_WORDS`]): every query of the search reads
/// these.
pub(in crate::store) struct Typed<'a> {
    /// As typed (a phone number is read from it).
    pub input: &'a str,
    /// Folded.
    pub folded: String,
    /// Its words.
    words: Vec<String>,
    /// How many words were typed, when more than [`MAX_WORDS`].
    over: Option<usize>,
}

impl<'a> Typed<'a> {
    /// `input` folded and split.
    pub fn new(input: &'a str) -> Typed<'a> {
        let folded = text::fold(input);
        let mut all = text::words(&folded);
        let words: Vec<String> = all.by_ref().take(MAX_WORDS).map(str::to_owned).collect();
        let more = all.count();
        Typed {
            input,
            over: (more > 0).then_some(MAX_WORDS + more),
            folded,
            words,
        }
    }

    /// Its words; none when more than [`MAX_WORDS`] were typed, so a name lookup of more
    /// words finds no one rather than whoever has the first 16.
    pub fn words(&self) -> Vec<&str> {
        if self.over.is_some() {
            return Vec::new();
        }
        self.words.iter().map(String::as_str).collect()
    }

    /// Whether more than [`MAX_WORDS`] words were typed.
    pub fn is_over(&self) -> bool {
        self.over.is_some()
    }

    /// The refusal of a search of more than [`MAX_WORDS`] words, naming the limit.
    pub fn too_many(&self) -> Option<StoreError> {
        self.over.map(|n| {
            let shown = text::shown(self.input.trim());
            let shown = match shown.strip_suffix('…') {
                Some(head) => format!("{}…", head.trim_end()),
                None => shown,
            };
            StoreError::Invalid(format!(
                "a search reads at most {MAX_WORDS} words, and `{shown}` has {n}; leave out \
                 the words that do not narrow it down"
            ))
        })
    }
}
