//! The running count an import shows on a terminal while it reads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::interop::ImportError;

/// An import's counts, for another thread to show while it runs, and its stop switch.
#[derive(Debug, Default)]
pub struct ImportWatch {
    /// Records read so far.
    pub records: AtomicUsize,
    /// History rows read so far (backups).
    pub history: AtomicUsize,
    /// The records are in; the indexes are being built and the file written.
    pub finishing: AtomicBool,
    /// Set to stop the import: it rolls back and ends with [`ImportError::Cancelled`].
    pub cancel: AtomicBool,
}

/// A running count of what an import has read, on standard error, for an import that
/// takes more than a second (a large CSV, a backup of a big database): shown at most four
/// times a second, on one line that is wiped before the report is printed. And the
/// counts for an [`ImportWatch`], whose stop switch each count looks at.
pub struct Progress {
    on: bool,
    started: std::time::Instant,
    shown: Option<std::time::Instant>,
    watch: Option<Arc<ImportWatch>>,
}

impl Progress {
    /// Counts silently unless `on` (or watched).
    pub fn new(on: bool, watch: Option<Arc<ImportWatch>>) -> Progress {
        Progress {
            on,
            started: std::time::Instant::now(),
            shown: None,
            watch,
        }
    }

    /// The counts so far: records read, and history rows (backups). Fails when the watch
    /// says stop.
    pub fn tick(&mut self, records: usize, history: usize) -> Result<(), ImportError> {
        if let Some(w) = &self.watch {
            w.records.store(records, Ordering::Relaxed);
            w.history.store(history, Ordering::Relaxed);
            if w.cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
        }
        // (The clock is read once every 512 records.)
        if !self.on || !(records + history).is_multiple_of(512) {
            return Ok(());
        }
        let now = std::time::Instant::now();
        let quiet = match self.shown {
            Some(at) => now - at < std::time::Duration::from_millis(250),
            None => now - self.started < std::time::Duration::from_secs(1),
        };
        if quiet {
            return Ok(());
        }
        self.shown = Some(now);
        let mut line = format!("importing… {} records", group(records));
        if history > 0 {
            line.push_str(&format!(", {} history rows", group(history)));
        }
        eprint!("\r{line}\x1b[K");
        Ok(())
    }

    /// The records are in; what is left is building indexes and writing the file.
    pub fn finishing(&mut self, records: usize) {
        if let Some(w) = &self.watch {
            w.finishing.store(true, Ordering::Relaxed);
        }
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
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    use super::{ImportWatch, Progress};
    use crate::interop::{ImportError, ImportOptions, import_file};
    use crate::store::Store;

    #[test]
    fn a_watched_import_counts_and_stops_when_told_changing_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("people.csv");
        std::fs::write(&csv, "Name\nAda Lovelace\nAlan Turing\n").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let watch = Arc::new(ImportWatch::default());
        watch.cancel.store(true, Ordering::Relaxed);
        let opts = ImportOptions {
            watch: Some(Arc::clone(&watch)),
            ..ImportOptions::default()
        };
        let err = import_file(&mut store, &csv, &opts).unwrap_err();
        assert!(matches!(err, ImportError::Cancelled), "{err}");
        assert_eq!(
            err.to_string(),
            "the import was cancelled; nothing was imported"
        );
        assert_eq!(
            store
                .count_customers(&crate::store::ListFilter::default())
                .unwrap(),
            0
        );
        // Not told to stop: it counts, and says when the records are in.
        let watch = Arc::new(ImportWatch::default());
        let opts = ImportOptions {
            watch: Some(Arc::clone(&watch)),
            ..ImportOptions::default()
        };
        import_file(&mut store, &csv, &opts).unwrap();
        assert_eq!(watch.records.load(Ordering::Relaxed), 2);
        assert!(watch.finishing.load(Ordering::Relaxed));
        assert_eq!(
            store
                .count_customers(&crate::store::ListFilter::default())
                .unwrap(),
            2
        );
        let mut quiet = Progress::new(false, None);
        assert!(quiet.tick(512, 0).is_ok());
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::group(0), "0");
        assert_eq!(super::group(999), "999");
        assert_eq!(super::group(1000), "1 000");
        assert_eq!(super::group(1_234_567), "1 234 567");
    }
}
