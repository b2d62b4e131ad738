//! `SQLite` persistence: opening the file safely, migrations, typed queries, the change journal.

mod bulk;
mod customer;
mod deal;
mod follow_up;
mod interaction;
mod journal;
pub(crate) mod limit;
mod migrate;
pub use migrate::Upgrade;
pub mod row;
mod search;
#[cfg(test)]
mod tests;

pub use customer::{
    Change, ChangeKind, ChangeValue, ChangedField, CustomerPatch, CustomerRow, CustomerSort,
    Fillable, ListFilter, NamePart, NewCustomer, find_org,
};
pub use deal::NewDeal;
pub use follow_up::{NewFollowUp, QueueItem};
pub(crate) use follow_up::{revise, revision, series_of, shown};
pub use interaction::{HistoryItem, NewInteraction};
pub use journal::Undone;
pub(crate) use row::ts_ns;
pub use search::{Candidate, SearchHit, too_many_words};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// The `PRAGMA application_id` rolo writes ("ROLO").
pub const APPLICATION_ID: i64 = 0x524F_4C4F;

/// Errors a caller may branch on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a `SQLite` database.
    #[error("`{0}` is not a rolo database (not a SQLite file); pass another path with --db")]
    NotADatabase(PathBuf),
    /// A `SQLite` database of another program.
    #[error(
        "`{0}` is a SQLite database of another program, not rolo's; pass another path with --db"
    )]
    Foreign(PathBuf),
    /// Written by a newer rolo.
    #[error(
        "`{path}` was written by a newer rolo (schema {found}, this rolo knows up to {supported}); \
         upgrade rolo — the file was left untouched"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file or its directory cannot be created or opened.
    #[error("cannot open `{path}`: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A row that was asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A value breaks a rule of the data.
    #[error("{0}")]
    Invalid(String),
    /// A text over 1 MiB, refused before it was written ([`fits`]).
    #[error("the {field}: {message}; nothing was saved")]
    TooLong {
        /// Which text (`notes`, `summary`).
        field: String,
        /// Why, with its size and the limit.
        message: String,
    },
    /// A value past one of rolo's limits (a contact cadence of 4000 days, a deal of more than
    /// 10^15 minor units, a day past 9999), refused before it was written (`store::limit`).
    #[error("{message}; nothing was saved")]
    PastLimit {
        /// Which value (its column: `cadence_days`, `value_minor`, `due_date`).
        field: &'static str,
        /// The value refused, as text.
        value: String,
        /// Why, in the words of the check where it is typed (it quotes the value and the limit).
        message: String,
    },
    /// The database file is damaged.
    #[error("the database is damaged ({0}); run `rolo doctor`, or restore a backup")]
    Corrupt(String),
    /// Another rolo holds the write lock for too long.
    #[error("the database is busy (another rolo is writing); try again")]
    Busy,
    /// The disk is full.
    #[error("the disk is full; nothing was saved")]
    DiskFull,
    /// The file is read-only.
    #[error("the database is read-only here (check the file's permissions); nothing was saved")]
    ReadOnly,
    /// Any other `SQLite` error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(err, msg) = &e {
            return match err.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
                ErrorCode::DiskFull => StoreError::DiskFull,
                ErrorCode::ReadOnly => StoreError::ReadOnly,
                ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                    StoreError::Corrupt(msg.clone().unwrap_or_else(|| err.to_string()))
                }
                _ => StoreError::Sqlite(e),
            };
        }
        StoreError::Sqlite(e)
    }
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Refuses a text over 1 MiB ([`crate::domain::text::check_value_bytes`]) before it is
/// written, whichever way it came (a note from `$EDITOR`, a merge adding to one, a pasted
/// summary): what rolo holds, its own backup restores, and a backup refuses a longer value.
pub fn fits(field: &str, value: &str) -> Result<()> {
    crate::domain::text::check_value_bytes(value).map_err(|message| StoreError::TooLong {
        field: field.to_string(),
        message,
    })
}

/// Write access inside one transaction; every write method of the store lives here.
pub struct Writer<'a> {
    tx: &'a Connection,
}

impl Writer<'_> {
    /// The raw connection of the transaction (for importers' bulk statements).
    pub fn conn(&self) -> &Connection {
        self.tx
    }
}

/// The open database. Owns the connection; every write runs in an IMMEDIATE transaction.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The journal's changes this store made (committed), oldest first, as (id, time): the
    /// screen undoes these at once, and names any other before undoing it. (With the time:
    /// an id is used again after `rolo demo --force` empties the journal elsewhere.)
    made: Vec<(i64, i64)>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`: the directory is made 0700 and
    /// the file 0600 before `SQLite` touches it; then pragmas and migrations.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_notice(path, &mut |_| {})
    }

    /// [`Store::open`], calling `notice` before an existing database is upgraded to this
    /// build's schema (a copy of the file is taken first, which takes a while on a big
    /// one): the CLI says so instead of pausing in silence.
    pub fn open_with_notice(path: &Path, notice: &mut dyn FnMut(&Upgrade)) -> Result<Store> {
        prepare_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| map_open_error(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            made: Vec::new(),
        };
        // prepare_file refused files without the SQLite header: past it, SQLite's "not a
        // database" / "malformed" means a damaged rolo file (e.g. truncated), not a stranger's.
        store.configure()?;
        // Refuse a file that is not ours (or too new) before anything writes to it:
        // switching to WAL rewrites the header.
        migrate::check(&store)?;
        store.enable_wal()?;
        migrate::run(&mut store, notice)?;
        Ok(store)
    }

    /// A fresh in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            made: Vec::new(),
        };
        store.configure()?;
        migrate::run(&mut store, &mut |_| {})?;
        Ok(store)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(10))?;
        self.conn.set_prepared_statement_cache_capacity(64);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // One query plan per statement, whatever values are bound. Without it this build of
        // SQLite (STAT4 compiled in) re-prepared even `WHERE customer_id = ?1 ORDER BY ..`
        // for every new value, so a cached per-row query cost a full prepare each time
        // (vCard export of 100k customers: 4.1 s, 46% of it re-preparing; now 1.5 s).
        self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(())
    }

    /// Switches the file to WAL (recorded in the file itself, so only once it is known to be ours).
    fn enable_wal(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "could not switch the database to WAL mode (got {mode})"
            )));
        }
        Ok(())
    }

    /// The file path, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access for queries outside the store (insight, interop).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction recorded in the change journal as `summary`
    /// (so `undo` can reverse it). Commits only if `f` succeeds.
    pub fn change<T>(
        &mut self,
        summary: &str,
        at: i64,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.journaled(summary, at, true, f)
    }

    /// Runs `f` as [`Store::change`] would, then rolls it all back: what a change would do,
    /// for a dry run, with nothing written.
    pub fn rehearse<T>(
        &mut self,
        summary: &str,
        at: i64,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.journaled(summary, at, false, f)
    }

    fn journaled<T>(
        &mut self,
        summary: &str,
        at: i64,
        commit: bool,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO changes(at, summary) VALUES (?1, ?2)",
            rusqlite::params![at, summary],
        )?;
        let change_id = tx.last_insert_rowid();
        let was = journal::set_recording(&tx, true)?;
        let out = f(&Writer { tx: &tx })?;
        // What the commit works out (name keys, of this change's rows or another program's
        // before) is derived, no part of the change.
        journal::restore_recording(&tx, was)?;
        if commit {
            journal::keep_after_images(&tx, change_id)?;
            before_commit(&tx)?;
            tx.commit()?;
            self.made.push((change_id, at));
        } else {
            tx.rollback()?;
        }
        Ok(out)
    }

    /// Runs `f` in one IMMEDIATE transaction that is not journaled (settings, demo data).
    pub fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let was = journal::set_recording(&tx, false)?;
        let out = f(&Writer { tx: &tx })?;
        before_commit(&tx)?;
        journal::restore_recording(&tx, was)?;
        tx.commit()?;
        Ok(out)
    }

    /// A counter that changes when another connection commits (`PRAGMA data_version`).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// True when the database holds no customers.
    pub fn is_empty(&self) -> Result<bool> {
        let any: bool = self
            .conn
            .query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?;
        Ok(!any)
    }

    /// Reads a setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Writes a copy of the whole database to `dest` (consistent, safe while others write).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "`{}` exists already; choose a new file name",
                dest.display()
            )));
        }
        create_private_file(dest)?;
        std::fs::remove_file(dest).map_err(|source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [dest.to_string_lossy().as_ref()])?;
        restrict(dest)?;
        Ok(())
    }

    /// `PRAGMA integrity_check` plus the FTS indexes' own checks; empty when all is well.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let n = fk.query_map([], |_| Ok(()))?.count();
        if n > 0 {
            problems.push(format!("{n} rows break foreign keys"));
        }
        for fts in [
            "customers_fts",
            "interactions_fts",
            "follow_ups_fts",
            "name_grams_fts",
            "text_grams_fts",
        ] {
            let sql = format!("INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)");
            if let Err(e) = self.conn.execute(&sql, []) {
                problems.push(format!("{fts}: {e}"));
            }
        }
        Ok(problems)
    }
}

/// What every commit of the store computes first, of the rows its writes (and any other
/// program's before) left for Rust to finish: the name keys left empty
/// (`customer::name_key::fill`), and the index of letter pairs of the rows written down as
/// changed (`search::drain_text_grams`). Each one look at an index when nothing is left.
pub(super) fn before_commit(conn: &Connection) -> Result<()> {
    customer::name_key::fill(conn)?;
    search::drain_text_grams(conn)?;
    Ok(())
}

fn map_open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Corrupt(_) => StoreError::NotADatabase(path.to_path_buf()),
        other => other,
    }
}

/// Creates the parent directory (0700) and the file (0600) before `SQLite` opens it, and
/// refuses files that are not `SQLite` databases.
fn prepare_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    if path.exists() {
        if path.is_dir() {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other("it is a directory"),
            });
        }
        let mut header = [0u8; 16];
        let n = {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            f.read(&mut header).map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?
        };
        if n > 0 && header[..n] != b"SQLite format 3\0"[..] {
            return Err(StoreError::NotADatabase(path.to_path_buf()));
        }
        #[cfg(unix)]
        writable_companions(path);
        Ok(())
    } else {
        create_private_file(path)
    }
}

/// A run on a read-only file leaves `-wal`/`-shm` read-only too; once the file is writable
/// again they must be, or every later write fails as "read-only".
#[cfg(unix)]
fn writable_companions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let writable = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| m.permissions().mode() & 0o200 != 0)
    };
    if writable(path) != Some(true) {
        return;
    }
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let companion = PathBuf::from(name);
        if writable(&companion) == Some(false) {
            let _ = std::fs::set_permissions(&companion, std::fs::Permissions::from_mode(0o600));
        }
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map(|_| ())
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// Makes a file readable only by the user.
pub fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
        )?;
    }
    Ok(())
}
