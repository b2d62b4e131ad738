//! `rolo doctor`: finds derived data damaged behind rolo's back, rebuilds it, says so.

use serde_json::Value;

use super::{problems, rolo, text};

fn doctor(db: &std::path::Path) -> (Option<i32>, Value) {
    let out = rolo(db)
        .args(["doctor", "--json"])
        .output()
        .expect("doctor");
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("doctor --json: {e}: {}", text(&out.stdout)));
    (out.status.code(), v)
}

/// Raw SQL the way another tool (or a bug) would run it, with rolo's journal switched off.
fn tamper(db: &std::path::Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch(&format!(
        "UPDATE journal_state SET recording = 0; {sql}; UPDATE journal_state SET recording = 1;"
    ))
    .expect(sql);
}

#[test]
fn doctor_repairs_derived_data_and_says_what_it_fixed() {
    let r = crate::cli::Rolo::seeded();
    r.ok(&["follow", "anna nowak", "fri", "Ring about the quote"]);
    r.ok(&["log", "anna nowak", "meeting", "Walked the warehouse"]);
    // Healthy: nothing to fix.
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["checkup"]["derived_fixed"], 0, "{v:#}");
    assert_eq!(v["checkup"]["fts_rebuilt"], serde_json::json!([]), "{v:#}");

    tamper(
        &r.db,
        "UPDATE customers SET last_contact_at = 5, next_due = '1999-01-01'
          WHERE name = 'Anna Kowalska';
         UPDATE customers SET next_due = NULL WHERE name = 'Anna Nowak';
         INSERT INTO interactions_fts(interactions_fts, rowid, summary, notes)
           SELECT 'delete', id, summary, notes FROM interactions_fts_src
            WHERE id = (SELECT id FROM interactions WHERE summary = 'Walked the warehouse');
         DELETE FROM account_history",
    );
    assert!(
        !problems_without_repair(&r.db).is_empty(),
        "tampering shows"
    );
    // Search misses the interaction whose index entry is gone.
    let before = r.ok(&["search", "warehouse"]);
    assert!(before.contains("Nothing found"), "{before}");

    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    let c = &v["checkup"];
    assert_eq!(c["derived_fixed"], 2, "{v:#}");
    assert_eq!(
        c["fts_rebuilt"],
        serde_json::json!(["interactions_fts"]),
        "{v:#}"
    );
    assert!(
        c["caches_changed"]
            .as_array()
            .expect("array")
            .contains(&"account_history".into()),
        "{v:#}"
    );
    assert_eq!(c["remaining"], serde_json::json!([]), "{v:#}");
    assert!(problems(&r.db).is_empty());
    assert!(r.ok(&["search", "warehouse"]).contains("Walked"));
    let anna = r.show("anna kow");
    assert_eq!(anna["follow_ups"][0]["due_date"], "2026-11-27", "{anna:#}");

    // Twice is a no-op, and the table says so.
    let out = r.ok(&["doctor"]);
    assert!(out.contains("nothing needed fixing"), "{out}");
}

/// The index of CJK/Thai letter pairs keeps no copy of its texts, so its own check finds a
/// missing row healthy: doctor makes it again and says so when a row was missing.
#[test]
fn doctor_gives_back_a_note_the_letter_pair_index_lost() {
    let r = crate::cli::Rolo::seeded();
    r.ok(&["edit", "anna kow", "--notes", "在展会上见过"]);
    assert!(r.ok(&["search", "展会"]).contains("Anna Kowalska"));
    tamper(
        &r.db,
        "DELETE FROM text_grams_fts WHERE rowid =
           (1 << 40) + (SELECT id FROM customers WHERE name = 'Anna Kowalska')",
    );
    assert!(r.ok(&["search", "展会"]).contains("Nothing found"));
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(
        v["checkup"]["fts_rebuilt"],
        serde_json::json!(["text_grams_fts"]),
        "{v:#}"
    );
    assert!(r.ok(&["search", "展会"]).contains("Anna Kowalska"));
    let (_, v) = doctor(&r.db);
    assert_eq!(v["checkup"]["fts_rebuilt"], serde_json::json!([]), "{v:#}");
}

/// Rows another program wrote (schema v23: the triggers write them down for rolo to index)
/// are taken in by doctor, and are no fault: the index was only behind.
#[test]
fn doctor_takes_in_rows_another_program_wrote_without_calling_it_a_fault() {
    let r = crate::cli::Rolo::seeded();
    tamper(
        &r.db,
        "UPDATE customers SET notes = '在展会上见过' WHERE name = 'Anna Kowalska'",
    );
    let pending = |db: &std::path::Path| -> i64 {
        rusqlite::Connection::open(db)
            .expect("open")
            .query_row("SELECT count(*) FROM text_grams_pending", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(pending(&r.db), 1);
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["checkup"]["fts_rebuilt"], serde_json::json!([]), "{v:#}");
    assert_eq!(pending(&r.db), 0);
    let indexed: i64 = rusqlite::Connection::open(&r.db)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM text_grams_fts WHERE text_grams_fts MATCH '\"展会\"'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(indexed, 1);
}

/// What is wrong, read-only (the `problems` helper repairs derived columns as it counts).
fn problems_without_repair(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut out = Vec::new();
    if conn
        .execute(
            "INSERT INTO interactions_fts(interactions_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .is_err()
    {
        out.push("interactions_fts".to_string());
    }
    let wrong: i64 = conn
        .query_row(
            "SELECT count(*) FROM customers WHERE last_contact_at IS NOT
               (SELECT max(occurred_at) FROM interactions
                 WHERE customer_id = customers.id AND kind <> 'note')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    if wrong > 0 {
        out.push(format!("{wrong} wrong last contacts"));
    }
    out
}

#[test]
fn doctor_reports_what_it_cannot_fix_and_exits_1() {
    let r = crate::cli::Rolo::seeded();
    // A row pointing at a customer that does not exist (foreign keys off, as other tools run).
    tamper(
        &r.db,
        "PRAGMA foreign_keys = OFF;
         INSERT INTO interactions(customer_id, kind, direction, occurred_at, summary, notes, created_at)
           VALUES (9999, 'call', 'out', 1, 'orphan', '', 1)",
    );
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(1), "{v:#}");
    assert_eq!(v["ok"], false);
    assert_eq!(v["checkup"]["foreign_key_violations"], 1, "{v:#}");
    let out = r.run(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.contains("Still wrong") && s.contains("foreign keys"),
        "{s}"
    );
    assert!(s.contains("backup"), "{s}");
}

#[test]
fn doctor_recomputes_name_sort_keys_changed_behind_its_back() {
    let r = crate::cli::Rolo::seeded();
    r.ok(&["add", "Łucja Zając"]);
    let sorted = |r: &crate::cli::Rolo| -> Vec<String> {
        r.json(&["list", "--sort", "name"])["customers"]
            .as_array()
            .expect("customers")
            .iter()
            .map(|c| c["name"].as_str().expect("name").to_string())
            .collect()
    };
    assert_eq!(
        sorted(&r),
        [
            "Acme Sp. z o.o.",
            "Anna Kowalska",
            "Anna Nowak",
            "Łucja Zając"
        ]
    );
    // Another tool writes a key of its own, and renames a customer with the trigger gone.
    tamper(
        &r.db,
        "UPDATE customers SET name_key = 'zzz' WHERE name = 'Anna Nowak';
         DROP TRIGGER customers_name_key_au;
         UPDATE customers SET name = 'Ábel Zając' WHERE name = 'Łucja Zając';
         CREATE TRIGGER customers_name_key_au AFTER UPDATE OF name ON customers
           WHEN NEW.name IS NOT OLD.name BEGIN
           UPDATE customers SET name_key = '' WHERE id = NEW.id;
         END",
    );
    assert_eq!(
        sorted(&r),
        [
            "Acme Sp. z o.o.",
            "Anna Kowalska",
            "Ábel Zając",
            "Anna Nowak"
        ]
    );
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["checkup"]["name_keys_fixed"], 2, "{v:#}");
    assert_eq!(
        sorted(&r),
        [
            "Ábel Zając",
            "Acme Sp. z o.o.",
            "Anna Kowalska",
            "Anna Nowak"
        ]
    );
    let out = r.ok(&["doctor"]);
    assert!(out.contains("nothing needed fixing"), "{out}");
}

#[test]
fn values_an_older_rolo_kept_past_the_limits_are_listed_and_the_backup_says_it_would_not_restore() {
    let r = crate::cli::Rolo::seeded();
    // What rolo before its limits could keep (notes from $EDITOR, a name from an import).
    tamper(
        &r.db,
        &format!(
            "UPDATE customers SET notes = '{}' WHERE name = 'Anna Kowalska';
             UPDATE customers SET name = '{}' WHERE name = 'Anna Nowak'",
            "x".repeat(1_100_000),
            "N".repeat(250)
        ),
    );
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(1), "{v:#}");
    let long = format!("{}…", "N".repeat(60));
    let listed = [
        "customer #2 (Anna Kowalska): notes: a value of 1100000 bytes is longer than 1 MiB \
         (1048576 bytes)"
            .to_string(),
        format!("customer #3 ({long}): name: `{long}` is longer than 200 characters"),
    ];
    assert_eq!(
        v["checkup"]["past_limits"],
        serde_json::json!(listed),
        "{v:#}"
    );
    assert_eq!(v["checkup"]["remaining"], serde_json::json!([]), "{v:#}");

    // The backup is written (it holds everything), said, and a failure for a script.
    let out = r.dir.path().join("backup.json");
    let o = r.run(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        format!(
            "Wrote the backup to {}: 3 customers with their history and settings\n\
             warning: this backup would not restore as it is: 2 values are past rolo's limits \
             (kept by an older rolo):\n  {}\n  {}\nChange them (rolo edit) and export again.\n",
            out.display(),
            listed[0],
            listed[1]
        )
    );
    assert!(out.exists());

    // Changed with rolo edit, all is well again.
    r.ok(&["edit", "#2", "--notes", "Short again"]);
    r.ok(&["edit", "#3", "--name", "Anna Nowak"]);
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["checkup"]["past_limits"], serde_json::json!([]));
    let o = r.run(&["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// A name renamed behind rolo's back keeps the parts of the old one (no trigger drops them
/// since schema v18): doctor drops parts that are not words of their name, and says so.
#[test]
fn doctor_drops_name_parts_a_rename_behind_rolos_back_left() {
    let r = crate::cli::Rolo::new();
    let vcf = format!(
        "{}/tests/fixtures/interop/iphone_icloud.vcf",
        env!("CARGO_MANIFEST_DIR")
    );
    r.ok(&["import", &vcf]);
    tamper(
        &r.db,
        "UPDATE customers SET name = 'Eleni Konstantinou' WHERE name = 'Ελένη Κωνσταντίνου'",
    );
    let out = r.ok(&["doctor"]);
    assert!(
        out.contains("\n  fixed  name parts not in the name dropped for 1 customer\n"),
        "{out}"
    );
    assert_eq!(r.show("eleni")["customer"]["name_parts"], Value::Null);
    let (code, v) = doctor(&r.db);
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(v["checkup"]["name_parts_dropped"], 0, "{v:#}");
    assert!(
        r.ok(&["doctor"])
            .contains("\n  ok     name parts (each the words of its name)\n")
    );
}
