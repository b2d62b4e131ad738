//! Where export output goes: a file written atomically, or standard output made inert for a terminal.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;

use crate::cli::{Env, Exit};
use crate::domain::text::{is_bidi_override, is_control_char, sanitize};

/// JSON text with the characters `serde_json` leaves raw that a terminal could act on (DEL,
/// C1 controls, bidi embeddings, overrides and isolates) written as `\uXXXX` escapes: the
/// same data, inert on a terminal. (They can only occur inside strings.)
pub(super) fn json_inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // serde_json escapes C0 itself.
        if (c >= '\u{7f}' && is_control_char(c)) || is_bidi_override(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// How output bound for a terminal is made inert (files and pipes get the exact bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OnTerminal {
    /// Already clean (vCard and iCalendar drop controls themselves).
    AsIs,
    /// JSON: the characters `serde_json` leaves raw that a terminal could act on (DEL, C1
    /// controls, bidi overrides and isolates) become `\uXXXX` escapes: the same data.
    JsonEscape,
    /// Text (CSV, Markdown): shown as [`crate::domain::text::sanitize_multiline`] shows it,
    /// with a note on standard error when that changed something.
    Sanitize,
}

/// A writer that makes what passes through it safe for a terminal (see [`OnTerminal`]).
/// Characters split across writes are held until complete.
struct TerminalSafe<W: Write> {
    inner: W,
    mode: OnTerminal,
    pending: Vec<u8>,
    /// True once `Sanitize` changed something.
    changed: bool,
}

impl<W: Write> TerminalSafe<W> {
    fn new(inner: W, mode: OnTerminal) -> Self {
        TerminalSafe {
            inner,
            mode,
            pending: Vec::new(),
            changed: false,
        }
    }

    fn convert(&mut self, text: &str) -> std::io::Result<()> {
        match self.mode {
            OnTerminal::AsIs => self.inner.write_all(text.as_bytes()),
            OnTerminal::JsonEscape => self.inner.write_all(json_inert(text).as_bytes()),
            OnTerminal::Sanitize => {
                let safe = crate::domain::text::sanitize_multiline(text);
                self.changed |= safe != text;
                self.inner.write_all(safe.as_bytes())
            }
        }
    }

    /// Converts the complete characters held; with `all`, an incomplete tail too (lossily).
    fn drain(&mut self, all: bool) -> std::io::Result<()> {
        let bytes = std::mem::take(&mut self.pending);
        let mut rest = bytes.as_slice();
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.convert(s)?;
                    rest = &[];
                }
                Err(e) => {
                    let (good, tail) = rest.split_at(e.valid_up_to());
                    // Valid by `valid_up_to`.
                    self.convert(std::str::from_utf8(good).unwrap_or_default())?;
                    match e.error_len() {
                        Some(n) => {
                            self.convert("\u{fffd}")?;
                            rest = &tail[n..];
                        }
                        None if all => {
                            self.convert("\u{fffd}")?;
                            rest = &[];
                        }
                        None => {
                            self.pending = tail.to_vec();
                            rest = &[];
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

pub(super) fn emit(
    env: &Env,
    out: Option<&PathBuf>,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<usize>,
    what: &dyn Fn(usize, &str) -> String,
    on_terminal: OnTerminal,
) -> anyhow::Result<Exit> {
    // `--out -` is standard output.
    let out = out.filter(|p| p.as_os_str() != "-");
    if let Some(path) = out {
        let mut items = 0;
        let bytes = crate::cli::write_atomic(path, env.store.path(), &mut |w| {
            items = write(w)?;
            Ok(())
        })?;
        if env.json {
            println!(
                "{}",
                json!({"ok": true, "file": path, "bytes": bytes, "items": items})
            );
        } else {
            eprintln!("{}", what(items, &sanitize(&path.display().to_string())));
        }
    } else {
        use std::io::IsTerminal;
        let stdout = std::io::stdout();
        // Controls in stored text must never reach a terminal; a pipe gets the exact data.
        let mode = if stdout.is_terminal() {
            on_terminal
        } else {
            OnTerminal::AsIs
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
        if mode == OnTerminal::AsIs {
            // A pipe, or a format clean already: the bytes as they are, not decoded again.
            write(&mut out)?;
            out.flush()?;
            return Ok(Exit::Ok);
        }
        let mut safe = TerminalSafe::new(out, mode);
        write(&mut safe)?;
        safe.flush()?;
        if safe.changed {
            eprintln!(
                "note: control characters in the data are shown as symbols on the terminal; \
                 --out FILE or a pipe gets the exact data"
            );
        }
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(mode: OnTerminal, chunks: &[&[u8]]) -> (String, bool) {
        let mut w = TerminalSafe::new(Vec::new(), mode);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.flush().unwrap();
        let changed = w.changed;
        (String::from_utf8(w.inner).unwrap(), changed)
    }

    #[test]
    fn json_for_a_terminal_escapes_what_serde_leaves_raw() {
        let value = "Evil\u{1b}[2J\u{7} \u{9b}31m \u{202e}Rev\u{7f}";
        let json = serde_json::to_string(&json!({ "name": value })).unwrap();
        // serde_json escapes C0 itself; C1, DEL and bidi overrides stay raw.
        assert!(json.contains("\\u001b") && json.contains('\u{9b}'));
        let bytes = json.as_bytes();
        // Split inside the two-byte C1 character: still escaped whole.
        let cut = json.find('\u{9b}').unwrap() + 1;
        let (out, changed) = through(OnTerminal::JsonEscape, &[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(
            out,
            r#"{"name":"Evil\u001b[2J\u0007 \u009b31m \u202eRev\u007f"}"#
        );
        assert!(!changed);
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["name"], value, "the same data");
    }

    #[test]
    fn text_for_a_terminal_is_sanitized_and_says_so() {
        let csv = "id,name\n1,Evil\u{1b}[2J\u{7}\n2,Org\u{1b}]0;pwned\u{7}\n3,Zoë\n";
        let bytes = csv.as_bytes();
        let cut = csv.find('ë').unwrap() + 1;
        let (out, changed) = through(OnTerminal::Sanitize, &[&bytes[..cut], &bytes[cut..]]);
        assert_eq!(out, "id,name\n1,Evil␛[2J␇\n2,Org␛]0;pwned␇\n3,Zoë\n");
        assert!(changed);
        let (out, changed) = through(OnTerminal::Sanitize, &[b"id,name\n3,Zo\xc3", b"\xab\n"]);
        assert_eq!((out.as_str(), changed), ("id,name\n3,Zoë\n", false));
        let (out, _) = through(OnTerminal::AsIs, &[csv.as_bytes()]);
        assert_eq!(out, csv);
    }
}
