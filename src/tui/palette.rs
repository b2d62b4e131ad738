//! The command palette: one line of the shared grammar, fuzzy over actions and customers,
//! with a live preview of exactly what Enter will save.

mod index;
mod preview;

pub use index::{Hit, INDEX_CAP, NameIndex};
pub use preview::{Preview, Target, preview};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::action::Action;
use super::input::LineInput;
use crate::command::Context;
use crate::store::Store;

/// The grammar's verbs, with a one-line example, offered while the first word is typed.
pub const VERBS: &[(&str, &str)] = &[
    (
        "call",
        "call <who>: what happened [rating 4] [next fri \"what next\"]",
    ),
    ("email", "email <who> [in]: what happened [next 3d]"),
    ("meeting", "meeting <who> [60m] [at mon]: what happened"),
    ("message", "message <who>: what happened"),
    ("visit", "visit <who>: what happened"),
    ("note", "note <who>: a note to self (not a contact)"),
    ("follow", "follow <who> <day> \"what to do\" [every 4w]"),
    (
        "deal",
        "deal <who> \"title\" <amount> [stage proposal] [close <day>]",
    ),
    ("done", "done <follow-up id>"),
    ("cancel", "cancel <follow-up id>"),
    ("snooze", "snooze <follow-up id> <day>"),
    ("move", "move <follow-up id> <day>"),
    ("stage", "stage <deal id> won|lost|proposal|…"),
    (
        "add",
        "add <name> [org \"Company\"] [email x@y.z] [tag vip]",
    ),
    (
        "edit",
        "edit <who> [title …] [org …] [tag vip] [cadence 2w] [needs …]",
    ),
    ("show", "show <who>"),
    ("undo", "undo the last change"),
];

/// Verbs whose next words name a customer.
const WHO_VERBS: &[&str] = &[
    "call", "phone", "email", "mail", "meeting", "meet", "message", "msg", "text", "chat", "visit",
    "note", "follow", "fu", "todo", "remind", "deal", "show", "open", "go", "edit", "set",
];

/// How many suggestions the palette lists.
pub const MAX_ITEMS: usize = 8;

/// One suggestion under the input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A TUI action.
    Action(Action),
    /// A grammar verb and its example.
    Verb(&'static str, &'static str),
    /// A customer from the fuzzy index.
    Customer(Hit),
}

/// The palette popup's state.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    /// The line.
    pub input: LineInput,
    /// Suggestions.
    pub items: Vec<Item>,
    /// The highlighted suggestion.
    pub selected: usize,
    /// What Enter would do.
    pub preview: Preview,
    /// Position while recalling earlier lines with Up/Down.
    pub history_pos: Option<usize>,
    /// The line being typed before recalling started.
    pub draft: String,
    /// The preview lags the line (it is computed when typing pauses, or on Enter).
    pub stale: bool,
}

/// Where the customer words sit in the line: (byte start, byte end), for completion.
pub fn customer_span(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let verb_end = trimmed.find(' ')?;
    let verb = trimmed[..verb_end].to_lowercase();
    if !WHO_VERBS.contains(&verb.as_str()) {
        return None;
    }
    // An edit's name ends at its own words (`title`, `tag`), not at the log's (`on`, `next`).
    let ends_name = |word: &str| {
        if matches!(verb.as_str(), "edit" | "set") {
            crate::command::is_edit_keyword(word)
        } else {
            crate::command::is_keyword(word) || crate::command::is_lone_option(word)
        }
    };
    let rest = &trimmed[verb_end..];
    let start = lead + verb_end + (rest.len() - rest.trim_start().len());
    let mut end = start;
    let mut pos = start;
    for word in line[start..].split(' ') {
        // (`in:` of `call anna in: asked for a quote` is the options' too.)
        if word.starts_with(['"', '\'', '“', '„'])
            || ends_name(word)
            || word.strip_suffix(':').is_some_and(ends_name)
        {
            break;
        }
        if let Some(stripped) = word.strip_suffix(':') {
            end = pos + stripped.len();
            break;
        }
        pos += word.len() + 1;
        if !word.is_empty() {
            end = pos - 1;
        }
    }
    Some((start, end.max(start)))
}

impl Palette {
    /// The change an undo in the palette is settled on (what its preview names), if the
    /// line is an undo.
    pub fn undoing(&self) -> Option<i64> {
        match &self.preview {
            Preview::Ready {
                command: crate::command::Command::Undo { change },
                ..
            } => *change,
            _ => None,
        }
    }

    /// A palette holding `text`.
    pub fn with(text: &str) -> Palette {
        Palette {
            input: LineInput::with(text),
            ..Palette::default()
        }
    }

    /// Recomputes suggestions and the preview after the line changed.
    pub fn refresh(&mut self, store: &Store, ctx: &Context, mut index: Option<&mut NameIndex>) {
        self.refresh_items(index.as_deref_mut());
        self.refresh_preview(store, ctx, index, false);
    }

    /// Recomputes the preview; `exact` resolves even one-letter names (slow at 100k).
    pub fn refresh_preview(
        &mut self,
        store: &Store,
        ctx: &Context,
        index: Option<&mut NameIndex>,
        exact: bool,
    ) {
        self.preview = preview(store, ctx, &self.input.text, index, exact);
        self.stale = false;
    }

    /// Recomputes the suggestions (fast: the in-memory index only) and marks the preview stale.
    pub fn refresh_items(&mut self, index: Option<&mut NameIndex>) {
        self.stale = true;
        let line = self.input.text.clone();
        let first = line.split_whitespace().next().unwrap_or("").to_lowercase();
        let typing_verb = !line.trim_start().contains(' ');
        let mut items = Vec::new();
        let mut index = index;
        if line.trim().is_empty() {
            items.extend(VERBS.iter().map(|(v, h)| Item::Verb(v, h)));
            items.extend(Action::ALL.iter().map(|a| Item::Action(*a)));
        } else if let Some((s, e)) = customer_span(&line) {
            let words = &line[s..e];
            if !words.is_empty()
                && !words.starts_with('#')
                && let Some(ix) = index.as_deref_mut()
            {
                items.extend(ix.top(words, MAX_ITEMS).into_iter().map(Item::Customer));
            }
        } else if typing_verb || !VERBS.iter().any(|(v, _)| *v == first) {
            items.extend(
                VERBS
                    .iter()
                    .filter(|(v, _)| v.starts_with(&first))
                    .map(|(v, h)| Item::Verb(v, h)),
            );
            items.extend(fuzzy_actions(line.trim()).into_iter().map(Item::Action));
            if let Some(ix) = index {
                items.extend(ix.top(line.trim(), 5).into_iter().map(Item::Customer));
            }
        }
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// Replaces the customer words with the highlighted customer's `#id` (Tab).
    pub fn complete(&mut self) -> bool {
        let Some(item) = self.items.get(self.selected).cloned() else {
            return false;
        };
        let line = self.input.text.clone();
        match item {
            Item::Customer(hit) => {
                if let Some((s, e)) = customer_span(&line) {
                    let rest = &line[e..];
                    let sep = if rest.is_empty() { ": " } else { "" };
                    self.input
                        .set(&format!("{}{}{sep}{rest}", &line[..s], hit.id));
                } else {
                    self.input.set(&format!("show {}", hit.id));
                }
                true
            }
            Item::Verb(v, _) => {
                self.input.set(&format!("{v} "));
                true
            }
            Item::Action(_) => false,
        }
    }

    /// Recalls an earlier line (Up: `older` = true).
    pub fn recall(&mut self, history: &[String], older: bool) -> bool {
        if history.is_empty() {
            return false;
        }
        let pos = match (self.history_pos, older) {
            (None, true) => {
                self.draft = self.input.text.clone();
                history.len() - 1
            }
            (None, false) => return false,
            (Some(p), true) => p.saturating_sub(1),
            (Some(p), false) if p + 1 >= history.len() => {
                self.history_pos = None;
                let draft = std::mem::take(&mut self.draft);
                self.input.set(&draft);
                return true;
            }
            (Some(p), false) => p + 1,
        };
        self.history_pos = Some(pos);
        self.input.set(&history[pos]);
        true
    }
}

/// Actions whose name or description fuzzily matches `query`, best first.
pub fn fuzzy_actions(query: &str) -> Vec<Action> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, Action)> = Action::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let hay = format!("{} {}", a.name().replace('_', " "), a.describe());
            pattern
                .score(Utf32Str::new(&hay, &mut buf), &mut matcher)
                .map(|s| (s, i, *a))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(5).map(|(_, _, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_span_finds_the_name_words() {
        let l = "call anna kow: pricing ok";
        let (s, e) = customer_span(l).expect("span");
        assert_eq!(&l[s..e], "anna kow");
        let l = "call anna kow \"pricing\" rating 4";
        let (s, e) = customer_span(l).expect("span");
        assert_eq!(&l[s..e], "anna kow");
        let l = "call anna next fri";
        let (s, e) = customer_span(l).expect("span");
        assert_eq!(&l[s..e], "anna");
        let l = "edit anna on tag vip";
        let (s, e) = customer_span(l).expect("span");
        assert_eq!(&l[s..e], "anna on");
        // The options may stand before the `:`: the name ends at the first of them.
        let l = "call anna kow in: asked for a quote";
        let (s, e) = customer_span(l).expect("span");
        assert_eq!(&l[s..e], "anna kow");
        // A length or a rating alone too (Tab replaced `anna sikora 20m` with the name).
        for l in [
            "call anna sikora 20m: x",
            "call anna sikora ★4: x",
            "call anna sikora 1h30 \"x\"",
        ] {
            let (s, e) = customer_span(l).expect("span");
            assert_eq!(&l[s..e], "anna sikora", "{l}");
        }
        assert_eq!(customer_span("undo now"), None);
        assert_eq!(customer_span("call"), None);
    }

    #[test]
    fn fuzzy_actions_finds_by_words() {
        assert_eq!(fuzzy_actions("undo").first(), Some(&Action::Undo));
        assert!(fuzzy_actions("snoo").contains(&Action::Snooze));
    }

    #[test]
    fn palette_recall_walks_history_and_back_to_the_draft() {
        let h = vec!["call a: one".to_string(), "call b: two".to_string()];
        let mut p = Palette::with("dra");
        assert!(p.recall(&h, true));
        assert_eq!(p.input.text, "call b: two");
        p.recall(&h, true);
        assert_eq!(p.input.text, "call a: one");
        p.recall(&h, false);
        p.recall(&h, false);
        assert_eq!(p.input.text, "dra");
        assert_eq!(p.history_pos, None);
    }
}
