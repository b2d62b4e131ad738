//! The index of letter pairs of notes and history in scripts written without spaces, kept
//! by rolo (schema v23): a long note saved through rolo's commands is looked up, and a file
//! another program wrote (the system's `sqlite3`) is searched exactly, then taken in.

use super::Rolo;

/// The hits of `rolo search q --json`, as `name field snippet`.
fn hits(r: &Rolo, q: &str) -> Vec<String> {
    r.json(&["search", q])["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            format!(
                "{} {} {}",
                h["customer_name"].as_str().expect("name"),
                h["field"].as_str().expect("field"),
                h["snippet"].as_str().expect("snippet")
            )
        })
        .collect()
}

/// The rowids of `text_grams_fts` holding the pair `pair`, and how many rows are pending.
fn indexed(r: &Rolo, pair: &str) -> (Vec<i64>, i64) {
    let conn = rusqlite::Connection::open_with_flags(
        &r.db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open");
    let mut stmt = conn
        .prepare("SELECT rowid FROM text_grams_fts WHERE text_grams_fts MATCH ?1 ORDER BY rowid")
        .expect("prepare");
    let rows = stmt
        .query_map([format!("\"{pair}\"")], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    let pending = conn
        .query_row("SELECT count(*) FROM text_grams_pending", [], |r| r.get(0))
        .expect("pending");
    (rows, pending)
}

/// Where each table's rows are in `text_grams_fts`: the base plus the row's id.
const CUSTOMERS: i64 = 1 << 40;
const INTERACTIONS: i64 = 2 << 40;

#[test]
fn a_long_chinese_note_saved_by_edit_and_log_is_found_through_the_index() {
    let r = Rolo::new();
    r.ok(&["add", "王伟"]);
    r.ok(&["add", "李雷", "--notes", "展览"]);
    // 5000 characters, `展会` only at the end (v22 indexed the first 2000 and read the
    // rest of every such text at each search).
    let filler: String = "客户同意了报价单上的条件"
        .chars()
        .cycle()
        .take(4996)
        .collect();
    let long = format!("{filler}展会认识");
    assert_eq!(long.chars().count(), 5000);
    r.ok(&["edit", "王伟", "--notes", &long]);
    r.ok(&["log", "王伟", "meeting", "Trade fair", "--notes", &long]);
    assert_eq!(
        indexed(&r, "展会"),
        (vec![CUSTOMERS + 1, INTERACTIONS + 1], 0)
    );
    assert_eq!(
        hits(&r, "展会"),
        [
            "王伟 profile …上的条件客户同意了报价单上的条件客户同意[展会]认识",
            "王伟 meeting …上的条件客户同意了报价单上的条件客户同意[展会]认识",
        ]
    );
    assert_eq!(hits(&r, "展会认识客户"), Vec::<String>::new());
}

#[test]
fn a_file_the_system_sqlite3_wrote_is_searched_exactly_then_taken_in() {
    let r = Rolo::new();
    r.ok(&["add", "王伟"]);
    r.ok(&["log", "王伟", "call", "讨论会议时间"]);
    r.ok(&["follow", "王伟", "2026-11-30", "准备会议材料"]);
    let Ok(out) = std::process::Command::new("sqlite3")
        .arg(&r.db)
        .arg(
            "INSERT INTO customers(name, notes, uid, created_at, updated_at)
               VALUES ('赵六', '在上海展会认识', 'uid-zhao', 1795392000, 1795392000);
             UPDATE interactions SET summary = '展会后回电' WHERE id = 1;
             DELETE FROM follow_ups WHERE id = 1;",
        )
        .output()
    else {
        eprintln!("no sqlite3 on PATH: the store test writes through a plain connection");
        return;
    };
    // sqlite3 3.40 here: before schema v23 each of the three failed on the index's
    // `contentless_delete`, which it cannot open.
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(indexed(&r, "展会"), (vec![], 3));
    assert_eq!(
        hits(&r, "展会"),
        ["王伟 call [展会后回电]", "赵六 profile 在上海[展会]认识"]
    );
    assert_eq!(hits(&r, "会议"), Vec::<String>::new());
    assert_eq!(hits(&r, "准备"), Vec::<String>::new());
    // rolo's next write takes them in.
    r.ok(&["add", "Jan Nowak"]);
    assert_eq!(
        indexed(&r, "展会"),
        (vec![CUSTOMERS + 2, INTERACTIONS + 1], 0)
    );
    assert_eq!(indexed(&r, "会议"), (vec![], 0));
    assert_eq!(
        hits(&r, "展会"),
        ["王伟 call [展会后回电]", "赵六 profile 在上海[展会]认识"]
    );
}
