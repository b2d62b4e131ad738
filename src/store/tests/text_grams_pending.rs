//! The index of letter pairs kept by rolo in Rust (schema v23): its triggers only write down
//! the rows that changed (`text_grams_pending`), a commit of the store takes them in from
//! their whole text, a search reads those still pending, and a v22 file is upgraded.

use super::text_grams::{TYPED, both, corpus};
use super::*;
use crate::store::CustomerPatch;

/// A Chinese text of `len` characters whose only `展会` is at its end.
fn long_chinese(len: usize) -> String {
    let filler: String = "客户同意了报价单上的条件"
        .chars()
        .cycle()
        .take(len - 4)
        .collect();
    format!("{filler}展会认识")
}

/// The rowids of `text_grams_fts` holding the pair `pair`.
fn with_pair(s: &Store, pair: &str) -> Vec<i64> {
    fts(s, "text_grams_fts", &format!("\"{pair}\""))
}

/// Where each table's rows are in `text_grams_fts` (its rowid: the base plus the row's id).
const CUSTOMERS: i64 = 1 << 40;
const INTERACTIONS: i64 = 2 << 40;
const FOLLOW_UPS: i64 = 3 << 40;

/// `EXPLAIN QUERY PLAN` of `sql` (its parameters NULL), a line per step.
fn plan_of(s: &Store, sql: &str) -> String {
    let mut stmt = s
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
    let steps: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(nulls), |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    steps.join("\n")
}

/// SQL run as another program would, with rolo's undo journal not recording, as it is at
/// rest since schema v27 (a file taken back to an older version records at rest, as then).
fn as_another_program(sql: &str) -> String {
    format!("UPDATE journal_state SET recording = 0; {sql}")
}

const PENDING: &str = "SELECT count(*) FROM text_grams_pending";

#[test]
fn a_long_chinese_note_is_indexed_whole_and_found_through_the_index() {
    let mut s = mem();
    let ids = corpus(&mut s);
    let long = long_chinese(5000);
    assert_eq!(long.chars().count(), 5000);
    s.change("notes", T0, |w| {
        w.update_customer(
            ids[7],
            &CustomerPatch {
                notes: Some(long.clone()),
                ..CustomerPatch::default()
            },
            T0,
        )
    })
    .unwrap();
    let mut call = talk(ids[1], InteractionKind::Meeting, T0, "Trade fair");
    call.notes = long.clone();
    let call = log(&mut s, &call);
    // Its last pair, 4996 characters in, is in the index: v22 indexed 2000 and marked the
    // rest `xlong`, which every search read whole.
    assert_eq!(
        with_pair(&s, "展会"),
        [CUSTOMERS + ids[7].0, INTERACTIONS + call.0]
    );
    assert_eq!(fts(&s, "text_grams_fts", "xlong"), Vec::<i64>::new());
    assert_eq!(count(&s, PENDING), 0);
    assert_eq!(
        both(&s, "展会"),
        [
            (ids[7], "profile".to_string()),
            (ids[1], "meeting".to_string())
        ]
    );
    // Read through look-ups: the index, then each row by its id; no table read through.
    let plan = plan_of(&s, &crate::store::search::unspaced_indexed_sql(1));
    assert_eq!(plan.matches("VIRTUAL TABLE INDEX").count(), 3, "{plan}");
    for alias in ["c", "i", "f"] {
        assert!(
            plan.contains(&format!(
                "SEARCH {alias} USING INTEGER PRIMARY KEY (rowid=?)"
            )),
            "{plan}"
        );
        assert!(!plan.contains(&format!("SCAN {alias}")), "{plan}");
    }
}

#[test]
fn no_trigger_reaches_the_index_so_any_sqlite_can_write_the_file() {
    let s = mem();
    // An sqlite3 before 3.43 cannot open `text_grams_fts` (`contentless_delete`): a trigger
    // that wrote to it made every write of customers, interactions or follow-ups fail there.
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%text_grams_fts%'"
        ),
        0
    );
    assert_eq!(
        names(
            &s,
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%text_grams_pending%'"
        )
        .len(),
        9
    );
}

#[test]
fn rows_another_program_wrote_are_found_while_pending_and_taken_in_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let ids = {
        let mut s = Store::open(&path).unwrap();
        corpus(&mut s)
    };
    {
        // Another program: a plain connection, the file's triggers and nothing of rolo's.
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute_batch(&as_another_program(
                "INSERT INTO customers(name, notes, uid, created_at, updated_at)
                   VALUES ('赵六', '在上海展会认识', 'uid-zhao', 1795392000, 1795392000);
                 UPDATE interactions SET summary = '展会后回电' WHERE id = 6;
                 DELETE FROM follow_ups WHERE id = 1;",
            ))
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        rows_of(&s, "SELECT source, id FROM text_grams_pending"),
        ["'customers' | 9", "'follow_ups' | 1", "'interactions' | 6"]
    );
    // Not in the index yet, found all the same; the deleted follow-up no longer.
    assert_eq!(with_pair(&s, "展会"), Vec::<i64>::new());
    assert_eq!(
        both(&s, "展会"),
        [
            // The word index has the summary's first word; the letters inside a text after.
            (ids[7], "call".to_string()),
            (CustomerId(9), "profile".to_string()),
        ]
    );
    assert_eq!(both(&s, "准备会议材料"), []);
    for typed in TYPED {
        both(&s, typed);
    }
    // rolo's next write, of anything, takes them in.
    add(&mut s, &person("Jan Kowalski"));
    assert_eq!(count(&s, PENDING), 0);
    assert_eq!(with_pair(&s, "展会"), [CUSTOMERS + 9, INTERACTIONS + 6]);
    assert_eq!(with_pair(&s, "准备"), Vec::<i64>::new());
    assert_eq!(
        both(&s, "展会"),
        [
            // The word index has the summary's first word; the letters inside a text after.
            (ids[7], "call".to_string()),
            (CustomerId(9), "profile".to_string()),
        ]
    );
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn doctor_s_rebuild_takes_in_the_pending_rows() {
    let mut s = mem();
    corpus(&mut s);
    s.conn()
        .execute_batch(&as_another_program(
            "UPDATE customers SET notes = '展会' WHERE id = 8;",
        ))
        .unwrap();
    assert_eq!(count(&s, PENDING), 1);
    s.write(|w| w.rebuild_fts("text_grams_fts")).unwrap();
    assert_eq!(count(&s, PENDING), 0);
    assert_eq!(with_pair(&s, "展会"), [CUSTOMERS + 8]);
}

#[test]
fn migration_23_indexes_a_v22_file_whole_without_xlong() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let long = long_chinese(5000);
    {
        let mut s = Store::open(&path).unwrap();
        corpus(&mut s);
        // A v22 file: its views and triggers working the pairs out in SQL.
        let drops: Vec<String> = ["customers", "interactions", "follow_ups"]
            .iter()
            .flat_map(|t| ["ai", "ad", "au"].map(|w| format!("DROP TRIGGER {t}_grams_mark_{w};")))
            .collect();
        s.conn()
            .execute_batch(&format!(
                "UPDATE journal_state SET recording = 0;
                 {}
                 DROP TABLE text_grams_pending;
                 {}
                 INSERT INTO text_grams_fts(text_grams_fts) VALUES ('delete-all');
                 INSERT INTO text_grams_fts(rowid, grams) SELECT (1 << 40) + id, grams
                   FROM customers_grams_src WHERE grams IS NOT NULL;
                 INSERT INTO text_grams_fts(rowid, grams) SELECT (2 << 40) + id, grams
                   FROM interactions_grams_src WHERE grams IS NOT NULL;
                 INSERT INTO text_grams_fts(rowid, grams) SELECT (3 << 40) + id, grams
                   FROM follow_ups_grams_src WHERE grams IS NOT NULL;
                 PRAGMA user_version = 22;
                 UPDATE journal_state SET recording = 1;",
                drops.join("\n"),
                include_str!("v22_text_grams.sql")
            ))
            .unwrap();
        // A long note saved by a v22 rolo: its first 2000 characters, and `xlong`.
        s.conn()
            .execute_batch(&as_another_program(&format!(
                "UPDATE customers SET notes = '{long}' WHERE id = 8;"
            )))
            .unwrap();
        assert_eq!(fts(&s, "text_grams_fts", "xlong"), [CUSTOMERS + 8]);
        assert_eq!(with_pair(&s, "展会"), Vec::<i64>::new());
        assert_eq!(
            with_pair(&s, "会议"),
            [
                CUSTOMERS + 1,
                CUSTOMERS + 2,
                CUSTOMERS + 7,
                INTERACTIONS + 1,
                INTERACTIONS + 5,
                INTERACTIONS + 7,
                FOLLOW_UPS + 1,
                FOLLOW_UPS + 4,
            ]
        );
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        count(&s, "SELECT user_version FROM pragma_user_version"),
        crate::store::migrate::latest()
    );
    assert_eq!(
        names(
            &s,
            "SELECT name FROM sqlite_schema
              WHERE name LIKE '%grams_src' OR (type = 'trigger' AND sql LIKE '%text_grams_fts%')"
        ),
        Vec::<String>::new()
    );
    assert_eq!(fts(&s, "text_grams_fts", "xlong"), Vec::<i64>::new());
    assert_eq!(with_pair(&s, "展会"), [CUSTOMERS + 8]);
    // The corpus's 18 rows, and 李雷's profile, now with the long note.
    assert_eq!(
        count(&s, "SELECT count(*) FROM text_grams_fts WHERE rowid > 0"),
        19
    );
    assert_eq!(count(&s, PENDING), 0);
    for typed in TYPED {
        both(&s, typed);
    }
    assert_eq!(both(&s, "展会"), [(CustomerId(8), "profile".to_string())]);
    // Its triggers now write down, and a commit takes in.
    let id = add(
        &mut s,
        &NewCustomer {
            notes: "在上海展会认识".into(),
            ..person("赵六")
        },
    );
    assert_eq!(with_pair(&s, "展会"), [CUSTOMERS + 8, CUSTOMERS + id.0]);
    assert!(s.integrity_problems().unwrap().is_empty());
}
