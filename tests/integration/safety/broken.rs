//! Broken and unusual files: truncated, from a newer rolo, read-only, a full disk, and the
//! permissions of everything rolo writes. A clear message, exit ≠ 0, nothing damaged.
//! (A file that is not a database at all: `cli::errors`.)

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::{count, problems, rolo, text};

/// A database of demo data (checkpointed: the whole state is in the main file).
fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("rolo.db");
    let out = rolo(&db)
        .args(["demo", "--customers", "200"])
        .output()
        .expect("demo");
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

/// Every kind of command: reads, measures, writes, repair.
const COMMANDS: &[&[&str]] = &[
    &["today"],
    &["list"],
    &["show", "#3"],
    &["search", "gps"],
    &["report"],
    &["list", "--cold"],
    &["log", "#3", "call", "Should not be saved"],
    &["add", "Nobody New"],
    &["undo"],
    &["doctor"],
];

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs every command on `db` and requires: exit 1, `expect` in the message, no panic,
/// the file byte for byte as before and no file left beside it.
fn refused_everywhere(db: &Path, expect: &str) {
    let dir = db.parent().expect("dir");
    let before = std::fs::read(db).expect("read");
    let files = listing(dir);
    for args in COMMANDS {
        let out = rolo(db).args(*args).output().expect("run");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            std::fs::read(db).expect("read") == before,
            "{args:?} changed the file"
        );
        assert_eq!(listing(dir), files, "{args:?} left files behind");
    }
}

#[test]
fn a_truncated_database_is_reported_damaged_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let len = std::fs::metadata(&db).expect("meta").len();
    let cut = dir.path().join("cut.db");
    std::fs::copy(&db, &cut).expect("copy");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&cut)
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    refused_everywhere(&cut, "damaged");
    let out = rolo(&cut).arg("today").output().expect("run");
    assert!(text(&out.stderr).contains("backup"), "says how to recover");
}

#[test]
fn a_database_from_a_newer_rolo_is_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    rusqlite::Connection::open(&db)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("user_version");
    refused_everywhere(&db, "newer rolo");
    let out = rolo(&db).arg("list").output().expect("run");
    let err = text(&out.stderr);
    assert!(
        err.contains("schema 99") && err.contains("upgrade"),
        "{err}"
    );
}

/// Runs rolo as the unprivileged `nobody` when the tests run as root (root ignores modes).
fn as_owner(db: &Path, args: &[&str], root: bool) -> Output {
    if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        let inner = rolo(db);
        c.arg(inner.get_program());
        c.args(inner.get_args());
        for (k, v) in inner.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c.args(args).output().expect("setpriv")
    } else {
        rolo(db).args(args).output().expect("run")
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| text(&o.stdout).trim() == "0")
}

#[test]
fn a_read_only_database_reads_and_refuses_writes_clearly() {
    let root = is_root();
    if root
        && std::process::Command::new("setpriv")
            .arg("--help")
            .output()
            .is_err()
    {
        eprintln!("skipped: running as root and setpriv is missing (root ignores file modes)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    if root {
        std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).expect("chown dir");
        std::os::unix::fs::chown(&db, Some(65534), Some(65534)).expect("chown db");
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let before = std::fs::read(&db).expect("read");
    for args in [
        &["today"][..],
        &["list"],
        &["show", "#3"],
        &["search", "gps"],
    ] {
        let out = as_owner(&db, args, root);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stdout).is_empty());
    }
    for args in [
        &["log", "#3", "call", "Should not be saved"][..],
        &["add", "Nobody New"],
        &["follow", "#3", "fri", "Nope"],
        &["edit", "#3", "--notes", "Nope"],
    ] {
        let out = as_owner(&db, args, root);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("read-only") && err.contains("nothing was saved"),
            "{args:?}: {err}"
        );
    }
    assert!(
        std::fs::read(&db).expect("read") == before,
        "the file changed"
    );
    // Writable again: writes work at once (the read-only run's -wal/-shm do not block them).
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = as_owner(&db, &["log", "#3", "call", "Writable again"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(problems(&db).is_empty());
}

/// `rolo log` with a 100 kB note under a file-size limit the write cannot fit in.
fn log_over_limit(db: &Path, ignore_signal: bool) -> Output {
    let inner = rolo(db);
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    let mut c = std::process::Command::new("sh");
    c.arg("-c")
        .arg(format!(
            "{trap}ulimit -f 100; exec \"$0\" \"$@\" log '#3' call 'Over the limit' --notes \"$NOTE\""
        ))
        .arg(inner.get_program())
        .args(inner.get_args())
        .env("NOTE", "a".repeat(100_000));
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c.output().expect("sh")
}

#[test]
fn a_full_disk_fails_clearly_and_damages_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let sql = "SELECT count(*) FROM interactions WHERE summary = ?1";
    // A file-size limit with SIGXFSZ ignored: the write fails with EFBIG, like a full disk.
    let out = log_over_limit(&db, true);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: ") && err.contains("disk"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(count(&db, sql, "Over the limit"), 0);
    assert!(problems(&db).is_empty());
    // With the default SIGXFSZ the process dies mid-write: a crash, and the file survives it.
    let out = log_over_limit(&db, false);
    assert_eq!(out.status.code(), None, "killed by SIGXFSZ");
    assert_eq!(count(&db, sql, "Over the limit"), 0);
    assert!(problems(&db).is_empty());
    // Afterwards the same write goes through.
    let out = rolo(&db)
        .args(["log", "#3", "call", "Over the limit"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(count(&db, sql, "Over the limit"), 1);
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

/// `rolo …` under `umask 000`, so only rolo's own care keeps files private.
fn with_open_umask(db: &Path, args: &[&str]) {
    let inner = rolo(db);
    let mut c = std::process::Command::new("sh");
    c.arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(inner.get_program())
        .args(inner.get_args())
        .args(args);
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    let out = c.output().expect("sh");
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
}

#[test]
fn database_wal_shm_and_backups_are_private_even_under_umask_000() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rolo.db");
    with_open_umask(&db, &["add", "Anna Kowalska"]);
    assert_eq!(mode(&db), 0o600);
    // Hold a connection open so the -wal and -shm stay while another rolo writes.
    let holder = rolo::store::Store::open(&db).expect("open");
    with_open_umask(&db, &["log", "anna", "call", "Hello"]);
    for suffix in ["-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let p = PathBuf::from(name);
        assert!(p.exists(), "{} exists while open", p.display());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    let backup = dir.path().join("backup.db");
    with_open_umask(&db, &["backup", backup.to_str().expect("utf-8")]);
    assert_eq!(mode(&backup), 0o600, "backup");
    drop(holder);
}
