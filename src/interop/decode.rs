//! Text encodings of imported files: detection (BOM, UTF-16 without BOM, UTF-8, legacy 8-bit)
//! and a streaming reader that turns any of them into UTF-8.

use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many bytes are looked at to guess an encoding.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Finds an encoding by a label users type: `utf-8`, `latin1`, `windows-1250`, `cp1252`, `utf-16le`.
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "latin-1" | "latin1" | "iso8859-1" => "iso-8859-1",
        "latin2" | "latin-2" | "iso8859-2" => "iso-8859-2",
        "utf8" => "utf-8",
        "utf16" | "utf-16" => "utf-16le",
        other if other.starts_with("cp12") => {
            return Encoding::for_label(format!("windows-{}", &other[2..]).as_bytes());
        }
        other => other,
    };
    Encoding::for_label(l.as_bytes())
}

/// Guesses the encoding of a file from its first bytes. Returns the encoding and how many
/// bytes of BOM to skip.
pub fn detect(head: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(head) {
        return (enc, bom);
    }
    // UTF-16 without a BOM: ASCII text has a zero in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let even_zero = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        let odd_zero = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        if odd_zero * 10 >= pairs * 4 && even_zero == 0 {
            return (UTF_16LE, 0);
        }
        if even_zero * 10 >= pairs * 4 && odd_zero == 0 {
            return (UTF_16BE, 0);
        }
    }
    if valid_utf8_prefix(head) || mostly_utf8(head) {
        return (UTF_8, 0);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, head.len() < SNIFF_BYTES);
    (det.guess(None, chardetng::Utf8Detection::Allow), 0)
}

/// True when `bytes` has more UTF-8 characters beyond ASCII than bytes that are not UTF-8:
/// a UTF-8 file with a stray byte (a value pasted from an old program). Read as UTF-8, its
/// records are right, and the value with that byte is read as Windows-1252, as a value is
/// anywhere its bytes are not UTF-8; read as Windows-1252, every accented letter of the file
/// would be garbled (`Łucja` as `Åucja`). In a legacy 8-bit file, a letter that happens to
/// be valid UTF-8 takes two accented letters in a row (`Ã©`), and is rare.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        let (valid, next) = match std::str::from_utf8(rest) {
            Ok(s) => (s, None),
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                // Valid by `valid_up_to`.
                let s = std::str::from_utf8(ok).unwrap_or_default();
                (s, e.error_len().map(|n| &tail[n..]))
            }
        };
        good += valid.chars().filter(|c| !c.is_ascii()).count();
        match next {
            Some(tail) => {
                bad += 1;
                rest = tail;
            }
            None => break,
        }
    }
    good > bad
}

/// True when `bytes` is UTF-8, allowing a multi-byte character cut at the very end.
pub fn valid_utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// Bytes that are not valid in the encoding a strict [`Utf8Reader`] was told to read:
/// carried inside the `io::Error` of its read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The 1-based line of the first bad byte.
    pub line: usize,
    /// The offset in the file of the first bad byte (from the file's first byte, a BOM
    /// included).
    pub offset: usize,
    /// The first bad byte (`None`: the input ends inside a character).
    pub byte: Option<u8>,
    /// The bad UTF-16 code unit, when the encoding is UTF-16 and a whole one was read: an
    /// unpaired surrogate.
    pub unit: Option<u16>,
    /// The input is UTF-16 and ends in an odd byte.
    pub odd: bool,
    /// The encoding's name.
    pub encoding: &'static str,
    /// The user named the encoding (`--encoding`); else it was detected (a UTF-16 BOM).
    pub forced: bool,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, at, enc) = (self.line, self.offset, self.encoding);
        match (self.unit, self.byte) {
            (Some(u), _) => write!(
                f,
                "line {line}, byte offset {at}: an unpaired surrogate (0x{u:04X}) is not valid {enc}"
            )?,
            _ if self.odd => write!(
                f,
                "line {line}, byte offset {at}: the file ends in half a {enc} code unit (an odd \
                 number of bytes)"
            )?,
            (None, Some(b)) => write!(
                f,
                "line {line}, byte offset {at}: byte 0x{b:02X} is not valid {enc}"
            )?,
            (None, None) => write!(
                f,
                "line {line}, byte offset {at}: the file ends inside a character, which is not \
                 valid {enc}"
            )?,
        }
        if self.forced {
            write!(
                f,
                " (the encoding given with --encoding); nothing was imported (leave --encoding \
                 out to have the encoding detected, or name the right one, e.g. --encoding \
                 windows-1250)"
            )
        } else {
            write!(
                f,
                " (the encoding its byte order mark or its bytes say); nothing was imported \
                 (the file is damaged: export it again, or name its encoding with --encoding)"
            )
        }
    }
}

impl std::error::Error for Malformed {}

impl Malformed {
    /// The [`Malformed`] an I/O error carries, if it is one.
    pub fn of(e: &io::Error) -> Option<&Malformed> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<Malformed>())
    }
}

/// A byte stream decoded to UTF-8 as it is read (invalid sequences become U+FFFD, or with
/// [`Utf8Reader::strict`] are an error).
pub struct Utf8Reader<R> {
    inner: R,
    decoder: Option<Decoder>,
    /// Malformed input is an error ([`Malformed`]) instead of U+FFFD.
    strict: bool,
    /// The user named the encoding ([`Malformed::forced`]).
    forced: bool,
    /// Lines decoded before `out` (for [`Malformed::line`]).
    lines: usize,
    /// Bytes of the file consumed before `out` (for [`Malformed::offset`]).
    consumed: usize,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R: BufRead> Utf8Reader<R> {
    /// Decodes `inner` from `encoding`; UTF-8 passes through unchanged (and unchecked: the
    /// readers above check it record by record, with line numbers).
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        let decoder = (encoding != UTF_8).then(|| encoding.new_decoder_without_bom_handling());
        Utf8Reader {
            inner,
            decoder,
            strict: false,
            forced: false,
            lines: 1,
            consumed: 0,
            out: Vec::new(),
            pos: 0,
            done: false,
        }
    }

    /// Decodes `inner` from `encoding` (UTF-8 too), failing with a [`Malformed`] error at the
    /// first byte that is not valid in it: for an encoding the user named, where guessing
    /// around bad bytes would import garbled text.
    pub fn strict(inner: R, encoding: &'static Encoding) -> Self {
        Utf8Reader {
            decoder: Some(encoding.new_decoder_without_bom_handling()),
            strict: true,
            forced: true,
            ..Self::new(inner, encoding)
        }
    }

    /// Decodes `inner` from an encoding that was detected, not named, failing at the first
    /// byte not valid in it: for UTF-16, where a damaged file (an odd number of bytes, an
    /// unpaired surrogate) would otherwise import U+FFFD in place of what was lost.
    pub fn checked(inner: R, encoding: &'static Encoding) -> Self {
        Utf8Reader {
            forced: false,
            ..Self::strict(inner, encoding)
        }
    }

    /// Counts byte offsets from `offset` (the bytes of a BOM already skipped).
    #[must_use]
    pub fn starting_at(mut self, offset: usize) -> Self {
        self.consumed = offset;
        self
    }

    fn refill(&mut self) -> io::Result<()> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(());
        };
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let cap = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            self.out.resize(cap, 0);
            let read = if self.strict {
                let (result, read, written) =
                    decoder.decode_to_utf8_without_replacement(input, &mut self.out, last);
                self.out.truncate(written);
                // Only on the strict path, whose input the user named: no new dependency for it.
                #[allow(clippy::naive_bytecount)]
                let newlines = self.out.iter().filter(|b| **b == b'\n').count();
                if let DecoderResult::Malformed(len, extra) = result {
                    let at = read.saturating_sub(usize::from(extra) + usize::from(len));
                    let enc = decoder.encoding();
                    // (A unit read in an earlier chunk is not at hand: no unit then.)
                    let whole = read >= usize::from(extra) + usize::from(len);
                    let unit = match input.get(at..at + 2).filter(|_| whole && len == 2) {
                        Some(&[a, b]) if enc == UTF_16LE => Some(u16::from_le_bytes([a, b])),
                        Some(&[a, b]) if enc == UTF_16BE => Some(u16::from_be_bytes([a, b])),
                        _ => None,
                    };
                    // An odd byte at the end is found when the input is done (`last`).
                    let end = self.consumed + read;
                    let odd = (enc == UTF_16LE || enc == UTF_16BE)
                        && last
                        && unit.is_none()
                        && !end.is_multiple_of(2);
                    let bad = Malformed {
                        line: self.lines + newlines,
                        offset: if odd { end - 1 } else { self.consumed + at },
                        byte: input.get(at).copied(),
                        unit,
                        odd,
                        encoding: enc.name(),
                        forced: self.forced,
                    };
                    return Err(io::Error::new(io::ErrorKind::InvalidData, bad));
                }
                self.lines += newlines;
                read
            } else {
                let (_, read, written, _) = decoder.decode_to_utf8(input, &mut self.out, last);
                self.out.truncate(written);
                read
            };
            self.inner.consume(read);
            self.consumed += read;
            self.done = last;
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.decoder.is_none() {
            return self.inner.read(buf);
        }
        if self.pos >= self.out.len() {
            self.refill()?;
        }
        let n = (self.out.len() - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Decodes one value's bytes: UTF-8 when they are valid UTF-8 (a declared charset is often
/// wrong), else the declared charset when it is known, else `fallback`. Says too whether the
/// value strayed: not UTF-8 where UTF-8 was meant (no other charset declared, and a UTF-8
/// `fallback`, the file's), so it was read as Windows-1252, which an import reports.
pub fn decode_value(
    bytes: &[u8],
    declared: Option<&str>,
    fallback: &'static Encoding,
) -> (String, bool) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), false);
    }
    let enc = declared
        .and_then(by_label)
        .filter(|e| *e != UTF_8)
        .unwrap_or(fallback);
    let strayed = enc == UTF_8;
    let enc = if strayed {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    };
    (
        enc.decode_without_bom_handling(bytes).0.into_owned(),
        strayed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_finds_boms_utf16_and_legacy() {
        assert_eq!(detect(b"\xEF\xBB\xBFName").0, UTF_8);
        assert_eq!(detect(b"\xEF\xBB\xBFName").1, 3);
        assert_eq!(detect(b"\xFF\xFEN\0a\0").0, UTF_16LE);
        assert_eq!(detect(b"N\0a\0m\0e\0").0, UTF_16LE);
        assert_eq!(detect(b"\0N\0a\0m\0e").0, UTF_16BE);
        assert_eq!(detect("Łucja".as_bytes()).0, UTF_8);
        let latin2 = b"Name\nZa\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1, \xb3\xf3d\xbc, \xbf\xf3\xb3w, \xb6wi\xeat\xf3w\n";
        assert_ne!(detect(latin2).0, UTF_8);
        // UTF-8 with one stray byte is UTF-8 (the value with the byte falls back alone).
        let mixed = [
            "Name\nŁucja Żak,Firma Łódź\nZbigniew Zi".as_bytes(),
            b"\xea",
            "ba\nPaweł Gość\n".as_bytes(),
        ]
        .concat();
        assert_eq!(detect(&mixed).0, UTF_8);
        // Windows-1252 with a pair that happens to be UTF-8 (`Ã©`) stays Windows-1252.
        let w1252 = b"Name\nJos\xe9 Mar\xeda, caf\xe9, Ren\xe9e\nA\xc3\xa9\n";
        assert_ne!(detect(w1252).0, UTF_8);
    }

    #[test]
    fn utf8_reader_decodes_utf16_in_small_reads() {
        let (bytes, _, _) = UTF_16LE.encode("Łucja,Zoë\n");
        // encode() gives UTF-8 for UTF-16 targets; build UTF-16LE by hand.
        assert!(!bytes.is_empty());
        let utf16: Vec<u8> = "Łucja,Zoë\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut r = Utf8Reader::new(std::io::BufReader::with_capacity(3, &utf16[..]), UTF_16LE);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "Łucja,Zoë\n");
    }

    #[test]
    fn strict_reader_names_the_line_and_byte_of_the_first_bad_one() {
        let text = b"Name\r\nOk\r\nPawe\xb3 G\xea\xb6\r\n";
        let mut r = Utf8Reader::strict(std::io::BufReader::with_capacity(4, &text[..]), UTF_8);
        let e = r.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(
            Malformed::of(&e),
            Some(&Malformed {
                line: 3,
                offset: 14,
                byte: Some(0xB3),
                unit: None,
                odd: false,
                encoding: "UTF-8",
                forced: true,
            })
        );
        // A lone surrogate half in UTF-16.
        let utf16: Vec<u8> = [0x41, 0x0A, 0xD800, 0x42]
            .iter()
            .flat_map(|u: &u16| u.to_le_bytes())
            .collect();
        let e = Utf8Reader::strict(&utf16[..], UTF_16LE)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(
            Malformed::of(&e).map(|m| (m.line, m.encoding)),
            Some((2, "UTF-16LE"))
        );
        // Valid text passes unchanged.
        let mut s = String::new();
        Utf8Reader::strict("Łucja\nZoë".as_bytes(), UTF_8)
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "Łucja\nZoë");
    }

    fn checked_error(bytes: &[u8], enc: &'static Encoding) -> String {
        let e = Utf8Reader::checked(std::io::BufReader::with_capacity(5, bytes), enc)
            .starting_at(2)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        Malformed::of(&e).unwrap().to_string()
    }

    #[test]
    fn damaged_utf16_is_an_error_naming_line_and_offset() {
        let le =
            |units: &[u16]| -> Vec<u8> { units.iter().flat_map(|u| u.to_le_bytes()).collect() };
        let tail = " (the encoding its byte order mark or its bytes say); nothing was imported \
                    (the file is damaged: export it again, or name its encoding with --encoding)";
        // A high surrogate followed by a letter.
        assert_eq!(
            checked_error(&le(&[0x41, 0x0A, 0x42, 0xD800, 0x43]), UTF_16LE),
            format!(
                "line 2, byte offset 8: an unpaired surrogate (0xD800) is not valid UTF-16LE{tail}"
            )
        );
        // A low surrogate alone, big-endian.
        let be: Vec<u8> = [0x41u16, 0xDC01]
            .iter()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(
            checked_error(&be, UTF_16BE),
            format!(
                "line 1, byte offset 4: an unpaired surrogate (0xDC01) is not valid UTF-16BE{tail}"
            )
        );
        // An odd number of bytes.
        let mut odd = le(&[0x41, 0x0A, 0x42]);
        odd.push(0x43);
        assert_eq!(
            checked_error(&odd, UTF_16LE),
            format!(
                "line 2, byte offset 8: the file ends in half a UTF-16LE code unit (an odd \
                 number of bytes){tail}"
            )
        );
    }

    #[test]
    fn decode_value_prefers_valid_utf8_over_a_wrong_charset() {
        let d = |b: &[u8], charset, fallback| decode_value(b, charset, fallback);
        assert_eq!(
            d("Zoë".as_bytes(), Some("ISO-8859-1"), UTF_8),
            ("Zoë".into(), false)
        );
        assert_eq!(
            d(b"Zo\xeb", Some("ISO-8859-1"), UTF_8),
            ("Zoë".into(), false)
        );
        assert_eq!(
            d(b"\xa3ucja", Some("windows-1250"), UTF_8),
            ("Łucja".into(), false)
        );
        // Not UTF-8 in a UTF-8 file, with no charset that says what else: strayed.
        assert_eq!(d(b"Zo\xeb", Some("bogus"), UTF_8), ("Zoë".into(), true));
        assert_eq!(d(b"Zo\xeb", None, UTF_8), ("Zoë".into(), true));
        // In a file of a legacy encoding, its bytes are what was meant.
        assert_eq!(
            d(b"\xa3ucja", None, encoding_rs::WINDOWS_1250),
            ("Łucja".into(), false)
        );
    }

    #[test]
    fn by_label_knows_common_spellings() {
        assert_eq!(by_label("latin1").map(Encoding::name), Some("windows-1252"));
        assert_eq!(by_label("cp1250").map(Encoding::name), Some("windows-1250"));
        assert_eq!(by_label("UTF8").map(Encoding::name), Some("UTF-8"));
        assert!(by_label("klingon").is_none());
    }
}
