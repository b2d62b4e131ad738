//! Untrusted text made inert for a terminal, and the size a text value may have.

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
