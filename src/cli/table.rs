//! Plain-text tables that fit the terminal: every cell sanitized, one flexible column.

use unicode_width::UnicodeWidthStr;

use crate::domain::text::{sanitize, truncate};

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
}

impl Table {
    /// A table with headers; `flex` is the index of the column that absorbs the width.
    pub fn new(headers: &[(&'static str, Align)], flex: usize) -> Table {
        Table {
            headers: headers.iter().map(|h| h.0).collect(),
            aligns: headers.iter().map(|h| h.1).collect(),
            flex,
            rows: Vec::new(),
        }
    }

    /// Adds a row; cells are sanitized here, so callers pass raw text.
    #[allow(clippy::needless_pass_by_value)] // callers build the row in place
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells.iter().map(|c| sanitize(c)).collect());
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
        let fixed: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.flex)
            .map(|(_, w)| w + 2)
            .sum();
        widths[self.flex] = widths[self.flex].min(width.saturating_sub(fixed).max(8));
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut parts = Vec::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let cell = truncate(cell, *width);
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
        line(&headers, &mut out);
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }
}

/// The width to print for: the terminal's, else `$COLUMNS`, else 80.
pub fn term_width() -> usize {
    if let Ok((w, _)) = crossterm::terminal::size()
        && w >= 40
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

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
