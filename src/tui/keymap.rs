//! The keymap: `assets/keymap.toml` plus a user file that overrides single keys.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// The built-in keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// A key as the keymap sees it: the code and the ctrl/alt modifiers (shift is in the char).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt only.
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalizes a terminal key event.
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            // Some terminals send Ctrl-K as Char('K') with CONTROL|SHIFT.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        if code == KeyCode::BackTab {
            mods = KeyModifiers::NONE;
        }
        Key { code, mods }
    }

    /// Parses `j`, `G`, `ctrl-k`, `esc`, `f1`, ...
    pub fn parse(s: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else if rest.chars().count() > 1
                && (lower.starts_with("alt-") || lower.starts_with("m-"))
            {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "esc" | "escape" => KeyCode::Esc,
                "enter" | "return" => KeyCode::Enter,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(Key { code, mods })
    }

    /// How help shows the key.
    pub fn label(self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                out.push(c.to_ascii_uppercase());
            }
            KeyCode::Char(c) => out.push(c),
            KeyCode::Esc => out.push_str("Esc"),
            KeyCode::Enter => out.push_str("Enter"),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str("Shift-Tab"),
            KeyCode::Backspace => out.push_str("Backspace"),
            KeyCode::Delete => out.push_str("Del"),
            KeyCode::Up => out.push('↑'),
            KeyCode::Down => out.push('↓'),
            KeyCode::Left => out.push('←'),
            KeyCode::Right => out.push('→'),
            KeyCode::Home => out.push_str("Home"),
            KeyCode::End => out.push_str("End"),
            KeyCode::PageUp => out.push_str("PgUp"),
            KeyCode::PageDown => out.push_str("PgDn"),
            KeyCode::F(n) => {
                let _ = write!(out, "F{n}");
            }
            _ => out.push('?'),
        }
        out
    }
}

/// Keys to actions, in file order (help lists keys in the order the file gives them).
#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<Key, Action>,
    order: Vec<Key>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut km = Keymap {
            map: HashMap::new(),
            order: Vec::new(),
        };
        // The built-in file is tested to parse cleanly.
        let _ = km.apply(DEFAULT_KEYMAP, "built-in keymap");
        km
    }
}

impl Keymap {
    /// The built-in keymap with the user's file applied on top. A broken user file never
    /// stops rolo: the good lines apply, and the returned message names the file, line and key.
    pub fn load(user: Option<&Path>) -> (Keymap, Option<String>) {
        let mut km = Keymap::default();
        let Some(path) = user else {
            return (km, None);
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (km, None),
            Err(e) => {
                return (
                    km,
                    Some(format!(
                        "keymap `{}` not read ({e}); using the built-in keys",
                        path.display()
                    )),
                );
            }
        };
        let err = km.apply(&text, &path.display().to_string()).err();
        (km, err)
    }

    /// Applies `key = action` lines from TOML text; returns the first problem found.
    pub fn apply(&mut self, text: &str, source: &str) -> Result<(), String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            format!(
                "keymap `{source}`{}: {}; fix the line or delete the file (built-in keys are in use)",
                line.map(|l| format!(" line {l}")).unwrap_or_default(),
                e.message()
            )
        })?;
        let Some(keys) = table.get("keys") else {
            return Err(format!(
                "keymap `{source}` has no [keys] table; write e.g.\n[keys]\n\"x\" = \"done\""
            ));
        };
        let Some(keys) = keys.as_table() else {
            return Err(format!(
                "keymap `{source}`: `keys` must be a table ([keys])"
            ));
        };
        let mut first_err = None;
        for (k, v) in keys {
            let line = line_of(text, k);
            let problem = match (Key::parse(k), v.as_str()) {
                (None, _) => Some(format!(
                    "`{k}` is not a key name (e.g. \"x\", \"ctrl-k\", \"f2\")"
                )),
                (_, None) => Some(format!("key `{k}` must name an action in quotes")),
                (Some(key), Some("none")) => {
                    self.map.remove(&key);
                    self.order.retain(|o| *o != key);
                    None
                }
                (Some(key), Some(name)) => match Action::from_name(name) {
                    Some(action) => {
                        if self.map.insert(key, action).is_none() {
                            self.order.push(key);
                        }
                        None
                    }
                    None => Some(format!(
                        "unknown action `{name}` for key `{k}`; `?` in rolo lists the actions (e.g. done, snooze, palette)"
                    )),
                },
            };
            if let (Some(p), None) = (problem, &first_err) {
                first_err = Some(format!("keymap `{source}` line {line}: {p}"));
            }
        }
        first_err.map_or(Ok(()), Err)
    }

    /// The action a key triggers.
    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.map.get(&Key::from_event(e)).copied()
    }

    /// The keys bound to an action, as help shows them.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.order
            .iter()
            .filter(|k| self.map.get(k) == Some(&action))
            .map(|k| k.label())
            .collect()
    }

    /// Every binding, in file order.
    pub fn bindings(&self) -> impl Iterator<Item = (Key, Action)> + '_ {
        self.order
            .iter()
            .filter_map(|k| self.map.get(k).map(|a| (*k, *a)))
    }

    /// The first key bound to an action ("" when unbound), for hints.
    pub fn first_key(&self, action: Action) -> String {
        self.keys_for(action).into_iter().next().unwrap_or_default()
    }
}

/// The 1-based line where a TOML key is written (1 when it cannot be found).
fn line_of(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    let single = format!("'{key}'");
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&quoted)
                || t.starts_with(&single)
                || t.split('=').next().is_some_and(|k| k.trim() == key)
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keymap_builtin_parses_and_binds_every_action() {
        let mut km = Keymap {
            map: HashMap::new(),
            order: Vec::new(),
        };
        km.apply(DEFAULT_KEYMAP, "built-in")
            .expect("built-in keymap parses");
        for a in Action::ALL {
            assert!(!km.keys_for(*a).is_empty(), "{} has no key", a.name());
        }
    }

    #[test]
    fn keymap_normalizes_shift_and_ctrl() {
        let km = Keymap::default();
        assert_eq!(
            km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::MoveBottom)
        );
        assert_eq!(
            km.action(&ev(KeyCode::Char('k'), KeyModifiers::CONTROL)),
            Some(Action::Palette)
        );
        assert_eq!(
            km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn keymap_user_override_replaces_single_keys() {
        let mut km = Keymap::default();
        km.apply("[keys]\n\"x\" = \"done\"\n\"q\" = \"none\"\n", "user")
            .expect("valid override");
        assert_eq!(
            km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Done)
        );
        assert_eq!(km.action(&ev(KeyCode::Char('q'), KeyModifiers::NONE)), None);
        assert_eq!(
            km.action(&ev(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Action::Done)
        );
    }

    #[test]
    fn keymap_bad_override_names_file_line_and_key() {
        let mut km = Keymap::default();
        let err = km
            .apply(
                "[keys]\n\"x\" = \"done\"\n\"z\" = \"dnoe\"\n",
                "/home/u/keymap.toml",
            )
            .expect_err("unknown action");
        assert!(err.contains("/home/u/keymap.toml` line 3"), "{err}");
        assert!(err.contains("`dnoe`") && err.contains("`z`"), "{err}");
        // The good line still applies.
        assert_eq!(
            km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Done)
        );
        let err = km
            .apply("[keys]\n\"x\" = \n", "k.toml")
            .expect_err("bad toml");
        assert!(err.contains("k.toml` line 2"), "{err}");
        let err = km
            .apply("[keys]\n\"ctrl-\" = \"done\"\n", "k.toml")
            .expect_err("bad key");
        assert!(err.contains("`ctrl-` is not a key name"), "{err}");
    }

    #[test]
    fn keymap_labels_keys() {
        assert_eq!(
            Key::parse("ctrl-k").map(Key::label).as_deref(),
            Some("Ctrl-K")
        );
        assert_eq!(
            Key::parse("backtab").map(Key::label).as_deref(),
            Some("Shift-Tab")
        );
        assert_eq!(Key::parse("f1").map(Key::label).as_deref(), Some("F1"));
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse("G").map(Key::label).as_deref(), Some("G"));
    }
}
