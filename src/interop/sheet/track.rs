//! The text a CSV parser reads, watched byte by byte with the parser's own quoting rules
//! (those of `csv-core` with its defaults: `"` quotes, `""` escapes, `\r`, `\n` and `\r\n`
//! end a record, empty lines are skipped): on which line each record starts, and whether
//! the file ends inside a quoted field.
//!
//! The parser itself cannot say either: it reports a record's line before the `\n` of a
//! preceding `\r\n` is consumed (one short in CRLF files), counts no lines at all in CR-only
//! files, and takes the end of the file as the end of an open quoted field, silently
//! turning the rest of a file after a stray `"` into one value.

use std::collections::VecDeque;
use std::io::{self, Read};

use crate::interop::limit::{Limit, MAX_FIELDS, MAX_VALUE_BYTES, Oversized};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between records (line ends are skipped here).
    StartRecord,
    /// At the start of a field: a `"` opens a quoted field.
    StartField,
    /// In an unquoted field: a `"` is an ordinary character (`27" monitor`).
    InField,
    /// In a quoted field: delimiters and line ends are part of the value.
    Quoted,
    /// A `"` in a quoted field: a second one is an escaped quote, anything else closes it.
    QuoteInQuoted,
}

/// A reader that passes bytes through unchanged and follows the CSV structure in them.
pub struct Tracked<R> {
    inner: R,
    delimiter: u8,
    state: State,
    /// The current 1-based line.
    line: usize,
    prev_cr: bool,
    /// Where the open quoted field started.
    quote_line: usize,
    /// The start lines of records read from `inner` but not yet taken by [`Self::next_start`].
    starts: VecDeque<usize>,
    /// Set when the input ended inside a quoted field: the line the quote opened on.
    unclosed: Option<usize>,
    /// Fields of the current record, and bytes of its current field (for [`crate::interop::limit`]).
    fields: usize,
    field_bytes: usize,
    /// The line the current record starts on.
    record_line: usize,
    /// A limit broken: the read fails with it.
    over: Option<Limit>,
}

impl<R: Read> Tracked<R> {
    /// Watches `inner`, whose fields are separated by `delimiter`.
    pub fn new(inner: R, delimiter: u8) -> Self {
        Tracked {
            inner,
            delimiter,
            state: State::StartRecord,
            line: 1,
            prev_cr: false,
            quote_line: 0,
            starts: VecDeque::new(),
            unclosed: None,
            fields: 0,
            field_bytes: 0,
            record_line: 1,
            over: None,
        }
    }

    /// The line of the next record the parser returns (records are taken in order).
    pub fn next_start(&mut self) -> Option<usize> {
        self.starts.pop_front()
    }

    /// The line of a quote still open at the end of the input, once the end was read.
    pub fn unclosed(&self) -> Option<usize> {
        self.unclosed
    }

    fn step(&mut self, b: u8) {
        use State::{InField, QuoteInQuoted, Quoted, StartField, StartRecord};
        let term = b == b'\r' || b == b'\n';
        let mut s = self.state;
        if s == StartRecord && !term {
            self.starts.push_back(self.line);
            self.record_line = self.line;
            self.fields = 1;
            self.field_bytes = 0;
            s = StartField;
        }
        self.state = match (s, b) {
            (StartRecord, _) => StartRecord,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) | (QuoteInQuoted, b'"') => Quoted,
            (StartField, b'"') => {
                self.quote_line = self.line;
                Quoted
            }
            (_, d) if d == self.delimiter => {
                self.fields += 1;
                self.field_bytes = 0;
                if self.fields > MAX_FIELDS {
                    self.over = Some(Limit::Fields);
                }
                StartField
            }
            _ if term => StartRecord,
            _ => InField,
        };
        if self.state == StartRecord {
            self.field_bytes = 0;
        } else {
            self.field_bytes += 1;
            if self.field_bytes > MAX_VALUE_BYTES {
                self.over = Some(Limit::Value);
            }
        }
        if b == b'\r' || (b == b'\n' && !self.prev_cr) {
            self.line += 1;
        }
        self.prev_cr = b == b'\r';
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if !buf.is_empty() && self.state == State::Quoted {
                self.unclosed = Some(self.quote_line);
            }
        } else {
            for &b in &buf[..n] {
                self.step(b);
            }
            if let Some(what) = self.over {
                return Err(Oversized::at(self.record_line, what));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record's start line, and the unclosed quote, after reading all of `text`.
    fn track(text: &str) -> (Vec<usize>, Option<usize>) {
        let mut t = Tracked::new(text.as_bytes(), b',');
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        assert_eq!(sink, text.as_bytes());
        (t.starts.iter().copied().collect(), t.unclosed())
    }

    #[test]
    fn record_lines_with_lf_crlf_and_cr() {
        let want = (vec![1, 2, 3, 6], None);
        assert_eq!(track("h,x\na,1\n\"b\nc\",2\n\nd,3\n"), want);
        assert_eq!(track("h,x\r\na,1\r\n\"b\r\nc\",2\r\n\r\nd,3\r\n"), want);
        assert_eq!(track("h,x\ra,1\r\"b\rc\",2\r\rd,3"), want);
    }

    #[test]
    fn unclosed_quote_found_and_bare_quotes_allowed() {
        assert_eq!(
            track("h,x\na,\"said \"\"hi\nb,2\nc,3\n"),
            (vec![1, 2], Some(2))
        );
        assert_eq!(
            track("h,x\r\n27\" monitor,\"a \"\"b\"\"\"\r\n\"x\"y,2\r\n"),
            (vec![1, 2, 3], None)
        );
        // A quote closed at the very end is fine.
        assert_eq!(track("h,x\na,\"b\""), (vec![1, 2], None));
    }
}
