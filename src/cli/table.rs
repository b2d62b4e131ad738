//! Plain-text tables that fit the terminal: every cell sanitized, one flexible column.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::{Marked, sanitize, sanitize_marked, truncate, truncate_keeping_mark};

/// How a column aligns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Right (numbers).
    Right,
}

/// A table being built.
pub struct Table {
    headers: Vec<&'static str>,
    aligns: Vec<Align>,
    /// The column that shrinks to fit (and grows into spare room).
    flex: usize,
    rows: Vec<Vec<String>>,
    /// A column whose cells mark a hit in `[…]`: cut so the hit stays in sight.
    marked: Option<usize>,
    /// Where each row's hit is in its marked cell ([`Table::row_with_hit`]).
    hits: Vec<Option<std::ops::Range<usize>>>,
}

impl Table {
    /// A table with headers; `flex` is the index of the column that absorbs the width.
    pub fn new(headers: &[(&'static str, Align)], flex: usize) -> Table {
        Table {
            headers: headers.iter().map(|h| h.0).collect(),
            aligns: headers.iter().map(|h| h.1).collect(),
            flex,
            rows: Vec::new(),
            marked: None,
            hits: Vec::new(),
        }
    }

    /// Column `i` marks a hit in `[…]` (a search's match, its place given by
    /// [`Table::row_with_hit`]): a cell too wide for it is cut so the hit shows, starting
    /// with `…` when the hit lies past the column's width.
    #[must_use]
    pub fn keep_mark_in(mut self, i: usize) -> Table {
        self.marked = Some(i);
        self
    }

    /// Adds a row; cells are sanitized here, so callers pass raw text.
    #[allow(clippy::needless_pass_by_value)] // callers build the row in place
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.iter().map(|c| sanitize(c)).collect());
        self.hits.push(None);
    }

    /// Adds a row whose marked column ([`Table::keep_mark_in`]) holds its hit at `hit`
    /// (bytes, brackets included), sanitized here with the hit kept in place.
    pub fn row_with_hit(&mut self, mut cells: Vec<String>, hit: Option<std::ops::Range<usize>>) {
        let mut kept = None;
        if let Some(i) = self.marked
            && let Some(cell) = cells.get_mut(i)
        {
            let m = sanitize_marked(&Marked {
                text: std::mem::take(cell),
                hit,
            });
            *cell = m.text;
            kept = m.hit;
        }
        self.row(cells);
        if let Some(last) = self.hits.last_mut() {
            *last = kept;
        }
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Renders to lines no wider than `width` columns.
    pub fn render(&self, width: usize) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        // Non-flex columns are capped so one long email cannot eat the line.
        for (i, w) in widths.iter_mut().enumerate() {
            if i != self.flex {
                *w = (*w).min(28);
            }
        }
        self.shrink_to(&mut widths, width);
        let mut out = String::new();
        let line = |cells: &[String], hit: Option<&std::ops::Range<usize>>, out: &mut String| {
            let mut parts = Vec::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let cell = if self.marked == Some(i) {
                    let marked = Marked {
                        text: cell.to_string(),
                        hit: hit.cloned(),
                    };
                    truncate_keeping_mark(&marked, *width)
                } else {
                    truncate(cell, *width)
                };
                let pad = width.saturating_sub(cell.width());
                parts.push(match self.aligns[i] {
                    Align::Left => format!("{cell}{}", " ".repeat(pad)),
                    Align::Right => format!("{}{cell}", " ".repeat(pad)),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        let headers: Vec<String> = self.headers.iter().map(|h| (*h).to_string()).collect();
        line(&headers, None, &mut out);
        for (row, hit) in self.rows.iter().zip(&self.hits) {
            line(row, hit.as_ref(), &mut out);
        }
        out
    }
}

impl Table {
    /// Narrows columns until the line fits `width`: the widest text column first (the flex
    /// column among them, down to its header or 8, others to 6), numbers last.
    fn shrink_to(&self, widths: &mut [usize], width: usize) {
        let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        let floor = |i: usize| {
            self.headers[i]
                .width()
                .max(if i == self.flex { 8 } else { 6 })
        };
        let mut over = total(widths).saturating_sub(width);
        for pass in 0..2 {
            while over > 0 {
                let pick = (0..widths.len())
                    .filter(|&i| (pass == 0) == (self.aligns[i] == Align::Left))
                    .filter(|&i| widths[i] > floor(i))
                    .max_by_key(|&i| widths[i]);
                let Some(i) = pick else { break };
                widths[i] -= 1;
                over -= 1;
            }
        }
    }
}

/// The words of `text` for wrapping, with the spaces inside an amount kept: a space between
/// digits (a thousands group, `4 930.00`), between a number and a currency code
/// (`930.00 USD`), and after a `+` before a number (`+ 4 930.00 USD`) never breaks a line.
fn unbreakable_words(text: &str) -> Vec<String> {
    fn is_code(w: &str) -> bool {
        let code = w.trim_end_matches([',', ';', '.', ')', '…']);
        code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
    }
    let mut words: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let glue = words.last().is_some_and(|prev| {
            let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
            (prev.ends_with(|c: char| c.is_ascii_digit()) && (starts_digit || is_code(word)))
                || (prev == "+" && starts_digit)
        });
        match words.last_mut() {
            Some(prev) if glue => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => words.push(word.to_string()),
        }
    }
    words
}

/// Splits text into lines of at most `width` columns at spaces, never inside an amount of
/// money (see [`unbreakable_words`]); a longer word is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in &unbreakable_words(text) {
        let mut word = word.as_str();
        let room = if line.is_empty() {
            width
        } else {
            width.saturating_sub(line.width() + 1)
        };
        if word.width() > room && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // (Whether what is left is wider than a line, from its first line's worth: its
        // whole width each time round made a long word take time by its length squared.)
        while wider_than(word, width) {
            let mut cut = 0;
            let mut w = 0;
            for (i, ch) in word.char_indices() {
                let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                if w + cw > width {
                    break;
                }
                w += cw;
                cut = i + ch.len_utf8();
            }
            if cut == 0 {
                break;
            }
            // A glued amount too wide for a line breaks at its last kept space, if any.
            if !word[cut..].starts_with(' ')
                && let Some(space) = word[..cut].rfind(' ').filter(|&i| i > 0)
            {
                cut = space;
            }
            lines.push(word[..cut].to_string());
            word = word[cut..].trim_start();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Whether `s` takes more than `width` columns, from no more of it than that.
fn wider_than(s: &str, width: usize) -> bool {
    let mut w = 0;
    for ch in s.chars() {
        w += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w > width {
            return true;
        }
    }
    false
}

/// The width to print for: `$COLUMNS` when set, else the terminal's, else 80.
///
/// `$COLUMNS` comes first because the terminal size is read from `/dev/tty`, which is the
/// controlling terminal even when stdout is a pipe or a file.
pub fn term_width() -> usize {
    if let Some(w) = columns(std::env::var("COLUMNS").ok().as_deref()) {
        return w;
    }
    match crossterm::terminal::size() {
        Ok((w, _)) if w >= 40 => usize::from(w),
        _ => 80,
    }
}

/// The width to lay a table out for: [`term_width`], except with no terminal at all and no
/// `$COLUMNS` (cron, a script's pipe, a CI log), where nothing is cut to fit a screen nobody
/// sees: `rolo list > customers.txt` keeps whole names.
pub fn table_width() -> usize {
    // (crossterm falls back to `tput cols`, which says 80 with no terminal: whether there
    // is one is whether the controlling terminal opens.)
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout())
        || std::fs::File::open("/dev/tty").is_ok();
    table_width_for(std::env::var("COLUMNS").ok().as_deref(), terminal).unwrap_or_else(term_width)
}

/// `$COLUMNS` as a width, when it is one (a number, at least 40).
fn columns(env: Option<&str>) -> Option<usize> {
    env.and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 40)
}

/// [`table_width`] when it need not ask the terminal: `None` means [`term_width`].
fn table_width_for(env: Option<&str>, terminal: bool) -> Option<usize> {
    (columns(env).is_none() && !terminal).then_some(NO_SCREEN_WIDTH)
}

/// A table's width with no screen to fit: wide enough that nothing is cut.
const NO_SCREEN_WIDTH: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_terminal_and_no_columns_a_table_is_not_cut() {
        assert_eq!(table_width_for(None, false), Some(NO_SCREEN_WIDTH));
        assert_eq!(table_width_for(Some("junk"), false), Some(NO_SCREEN_WIDTH));
        // $COLUMNS, or a terminal: the usual width.
        assert_eq!(table_width_for(Some("100"), false), None);
        assert_eq!(table_width_for(None, true), None);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three four", 10), ["one two", "three four"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("abcdefghijklmnopqrstuvwxyz end", 10),
            ["abcdefghij", "klmnopqrst", "uvwxyz end"]
        );
        assert_eq!(
            wrap("日本語の名前です 日本", 10),
            ["日本語の名", "前です", "日本"]
        );
        for l in wrap(&"word ".repeat(50), 23) {
            assert!(l.width() <= 23, "{l}");
        }
    }

    #[test]
    fn a_long_word_is_cut_in_time_proportional_to_its_length() {
        // A megabyte title with no space (an import takes one): cut into lines, each
        // measured once; measuring the whole rest for each line took minutes.
        let word = "B".repeat(1_000_000);
        let lines = wrap(&word, 80);
        assert_eq!(lines.len(), 12_500);
        assert!(lines.iter().all(|l| l.len() == 80));
        assert!(!wider_than("日本", 4));
        assert!(wider_than("日本語", 5));
    }

    #[test]
    fn wrap_never_breaks_inside_an_amount() {
        let text = "revenue 17 489 000.00 EUR + 997 390.00 USD · open — · weighted 750.00 EUR + 4 930.00 USD · won/lost 3/1";
        let lines = wrap(text, 76);
        assert_eq!(
            lines,
            [
                "revenue 17 489 000.00 EUR + 997 390.00 USD · open — · weighted 750.00 EUR",
                "+ 4 930.00 USD · won/lost 3/1",
            ]
        );
        assert_eq!(
            wrap("weighted 750.00 EUR + 4 930.00 USD", 26),
            ["weighted 750.00 EUR", "+ 4 930.00 USD"]
        );
        // Plain words still break; an amount wider than the line is cut like a long word.
        assert_eq!(wrap("every 14 days now", 10), ["every 14", "days now"]);
        assert_eq!(
            wrap("1 234 567 890.00 EUR", 10),
            ["1 234 567", "890.00 EUR"]
        );
    }

    #[test]
    fn table_shrinks_text_columns_before_numbers() {
        let mut t = Table::new(
            &[
                ("ID", Align::Right),
                ("NAME", Align::Left),
                ("ORGANIZATION", Align::Left),
                ("WON", Align::Right),
                ("TAGS", Align::Left),
            ],
            1,
        );
        t.row(vec![
            "#1".into(),
            "Anna".into(),
            "o".repeat(40),
            "123 456 789.99 PLN".into(),
            "t".repeat(40),
        ]);
        let out = t.render(60);
        for l in out.lines() {
            assert!(l.width() <= 60, "{l}");
        }
        assert!(out.contains("123 456 789.99 PLN"), "{out}");
    }

    #[test]
    fn a_marked_column_keeps_its_hit_in_sight() {
        let mut t = Table::new(&[("ID", Align::Right), ("MATCH", Align::Left)], 1).keep_mark_in(1);
        let mut row = |id: &str, cell: &str, hit: &str| {
            let at = cell.find(hit).map(|i| i..i + hit.len());
            t.row_with_hit(vec![id.into(), cell.into()], at);
        };
        row(
            "#12",
            "Other address: Praha Linia pierwsza Druga linia – [żółć]",
            "[żółć]",
        );
        row("#32", "…PKO Bank Polski [Żółć] – ważny kontakt", "[Żółć]");
        row("#4", "[Anna] Kowalska", "[Anna]");
        // A note's own `[1]` before the hit (it was taken for the hit: the row showed
        // `See [1]: the order form…`), after it, and around it.
        row(
            "#7",
            "See [1]: the order form and the signed [offer] for the fleet",
            "[offer]",
        );
        row("#8", "the signed [offer] for the fleet [1] [2]", "[offer]");
        row(
            "#9",
            "Order numbers, see attachment [[PO-7781]] of March",
            "[PO-7781]",
        );
        // Control characters before the hit: sanitized, the hit kept in place.
        row(
            "#10",
            "Line\u{1b}[2J one\ttwo three four [hit] five",
            "[hit]",
        );
        assert_eq!(
            t.render(30),
            " ID  MATCH\n\
             #12  …linia – [żółć]\n\
             #32  …PKO Bank Polski [Żółć] …\n\
             \x20#4  [Anna] Kowalska\n\
             \x20#7  …signed [offer] for the …\n\
             \x20#8  the signed [offer] for t…\n\
             \x20#9  …[[PO-7781]] of March\n\
             #10  …four [hit] five\n"
        );
    }

    #[test]
    fn table_fits_width_and_sanitizes() {
        let mut t = Table::new(
            &[
                ("ID", Align::Right),
                ("NAME", Align::Left),
                ("NOTE", Align::Left),
            ],
            2,
        );
        t.row(vec!["1".into(), "Anna\u{1b}[31m".into(), "x".repeat(200)]);
        let out = t.render(40);
        assert!(!out.contains('\u{1b}'));
        for l in out.lines() {
            assert!(l.width() <= 40, "{l}");
        }
    }
}
