//! Shell integration (completions, man, config) and the database file's permissions.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use super::{Rolo, text};

#[test]
fn completions_and_man_page() {
    let r = Rolo::new();
    let bash = r.ok(&["completions", "bash"]);
    assert!(
        bash.contains("_rolo") && bash.contains("deal-stage"),
        "{bash}"
    );
    let zsh = r.ok(&["completions", "zsh"]);
    assert!(zsh.contains("#compdef rolo"), "{zsh}");
    let fish = r.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c rolo"), "{fish}");
    let man = r.ok(&["man"]);
    assert!(man.contains(".TH rolo"), "{}", &man[..man.len().min(300)]);
    assert!(
        man.contains("ROLO_TODAY"),
        "the man page carries the after-help"
    );
    // Neither needs (nor creates) a database.
    assert!(!r.db.exists());
    let help = r.ok(&["--help"]);
    assert!(help.contains("Exit codes"), "{help}");
    r.ok(&["--version"]);
}

#[test]
fn config_path_and_defaults() {
    let r = Rolo::new();
    let path = r.ok(&["config", "--path"]);
    assert_eq!(path.trim_end(), r.config_path().display().to_string());
    let shown = r.ok(&["config"]);
    assert!(shown.contains("not created yet"), "{shown}");
    assert!(shown.contains("currency = \"EUR\""), "{shown}");
    let v = r.json(&["config"]);
    assert_eq!(v["currency"], "EUR");
    assert_eq!(v["week_start"], "monday");
    assert!(!r.db.exists(), "config does not touch the database");
    // ROLO_DB works like --db.
    let out = r
        .bare()
        .env("ROLO_DB", &r.db)
        .args(["add", "Env Person"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(r.json(&["list"])["total"], 1);
}

#[test]
fn a_new_database_is_private() {
    let r = Rolo::new();
    let dir = r.dir.path().join("missing").join("sub");
    let db = dir.join("rolo.db");
    let out = r
        .bare()
        .arg("--db")
        .arg(&db)
        .args(["add", "First Person"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600, "file mode");
    assert_eq!(mode(&dir), 0o700, "directory mode");
    assert_eq!(
        mode(dir.parent().expect("parent")),
        0o700,
        "created parent mode"
    );
    // Whatever SQLite keeps beside it is private too.
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let p = entry.expect("entry").path();
        assert_eq!(mode(&p) & 0o077, 0, "{} is readable by others", p.display());
    }
}

#[test]
fn backup_is_a_working_copy() {
    let r = Rolo::seeded();
    let copy = r.dir.path().join("copy.db");
    let v = r.json(&["backup", copy.to_str().expect("utf-8 path")]);
    assert_eq!(v["ok"], true);
    let out = r
        .bare()
        .arg("--db")
        .arg(&copy)
        .args(["list", "--json"])
        .output()
        .expect("run");
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list["total"], 3);
}
