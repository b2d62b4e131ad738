//! Safety tests: crashes mid-write, concurrent writers, hostile and broken data, doctor, fuzzing.

mod broken;
mod concurrent;
mod crash;
mod doctor;
mod fuzz;
mod fuzz_backup;
mod hostile;

use std::path::Path;
use std::process::Command;

use rolo::store::Store;

use crate::cli::TODAY;

/// `rolo --db <db>` with the fixed environment of every CLI test (today, UTC, no config).
pub fn rolo(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rolo"));
    c.env_remove("ROLO_DB")
        .env("ROLO_TODAY", TODAY)
        .env("ROLO_CONFIG", db.with_extension("no-config.toml"))
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .env("RUST_BACKTRACE", "0")
        .arg("--db")
        .arg(db);
    c
}

/// Every invariant of a healthy database, as a list of what is wrong (empty when healthy):
/// `PRAGMA integrity_check`, foreign keys, the FTS indexes' own checks, and the denormalized
/// columns (`last_contact_at`, `next_due`, `name_key`) against the rows.
pub fn problems(db: &Path) -> Vec<String> {
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => return vec![format!("cannot open: {e}")],
    };
    let mut out = store
        .integrity_problems()
        .unwrap_or_else(|e| vec![format!("integrity check failed: {e}")]);
    match store.recompute_derived() {
        Ok(0) => {}
        Ok(n) => out.push(format!("{n} customers had wrong derived columns")),
        Err(e) => out.push(format!("recompute failed: {e}")),
    }
    match store.repair_name_keys() {
        Ok(0) => {}
        Ok(n) => out.push(format!("{n} customers had wrong name sort keys")),
        Err(e) => out.push(format!("name key check failed: {e}")),
    }
    out
}

/// Counts rows of `sql` (one `?1` parameter) on a private read connection.
pub fn count(db: &Path, sql: &str, param: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open read-only");
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .expect("busy timeout");
    conn.query_row(sql, [param], |r| r.get(0)).expect(sql)
}

/// Bytes as text (lossy).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A small deterministic PRNG for the tests (seeded, so a failing round can be replayed).
pub struct Rng(u64);

impl Rng {
    /// Seeded from `ROLO_TEST_SEED` or the clock; the seed is printed.
    pub fn new(what: &str) -> Rng {
        let seed = std::env::var("ROLO_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("{what}: ROLO_TEST_SEED={seed}");
        Rng(seed | 1)
    }

    /// The next number (xorshift64*).
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
