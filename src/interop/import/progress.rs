//! The running count an import shows on a terminal while it reads.

/// A running count of what an import has read, on standard error, for an import that
/// takes more than a second (a large CSV, a backup of a big database): shown at most four
/// times a second, on one line that is wiped before the report is printed.
pub struct Progress {
    on: bool,
    started: std::time::Instant,
    shown: Option<std::time::Instant>,
}

impl Progress {
    /// Counts silently unless `on`.
    pub fn new(on: bool) -> Progress {
        Progress {
            on,
            started: std::time::Instant::now(),
            shown: None,
        }
    }

    /// The counts so far: records read, and history rows (backups).
    pub fn tick(&mut self, records: usize, history: usize) {
        // (The clock is read once every 512 records.)
        if !self.on || !(records + history).is_multiple_of(512) {
            return;
        }
        let now = std::time::Instant::now();
        let quiet = match self.shown {
            Some(at) => now - at < std::time::Duration::from_millis(250),
            None => now - self.started < std::time::Duration::from_secs(1),
        };
        if quiet {
            return;
        }
        self.shown = Some(now);
        let mut line = format!("importing… {} records", group(records));
        if history > 0 {
            line.push_str(&format!(", {} history rows", group(history)));
        }
        eprint!("\r{line}\x1b[K");
    }

    /// The records are in; what is left is building indexes and writing the file.
    pub fn finishing(&mut self, records: usize) {
        if self.shown.is_some() {
            eprint!(
                "\rimporting… {} records read; building the indexes\x1b[K",
                group(records)
            );
        }
    }

    /// Wipes the line, if one was shown.
    pub fn clear(&mut self) {
        if self.shown.take().is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// `1234567` as `1 234 567`.
fn group(n: usize) -> String {
    crate::domain::text::group_thousands(&n.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::group(0), "0");
        assert_eq!(super::group(999), "999");
        assert_eq!(super::group(1000), "1 000");
        assert_eq!(super::group(1_234_567), "1 234 567");
    }
}
