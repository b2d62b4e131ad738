//! Names in scripts written without spaces found by any of their letters, however spaced
//! (`customers.name_grams` and `name_grams_fts`, schema v17).

use super::*;
use crate::store::{CustomerPatch, migrate};

/// 王小明, 山田 太郎, 山田太郎次, 김민준, สมชาย ใจดี, Anna 王, Anna Kowalska.
fn people(s: &mut Store) -> Vec<CustomerId> {
    [
        "王小明",
        "山田 太郎",
        "山田太郎次",
        "김민준",
        "สมชาย ใจดี",
        "Anna 王",
        "Anna Kowalska",
    ]
    .into_iter()
    .map(|n| add(s, &person(n)))
    .collect()
}

fn found(s: &Store, q: &str) -> Vec<String> {
    s.customers_by_name(q, 10)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn customers_by_name_finds_unspaced_names_by_any_of_their_letters() {
    let mut s = mem();
    people(&mut s);
    assert_eq!(found(&s, "小明"), ["王小明"]);
    assert_eq!(found(&s, "明"), ["王小明"]);
    assert_eq!(found(&s, "王"), ["Anna 王", "王小明"]);
    assert_eq!(found(&s, "王小明"), ["王小明"]);
    assert_eq!(found(&s, "山田太郎"), ["山田 太郎", "山田太郎次"]);
    assert_eq!(found(&s, "山田 太郎"), ["山田 太郎", "山田太郎次"]);
    assert_eq!(found(&s, "田太郎次"), ["山田太郎次"]);
    assert_eq!(found(&s, "太郎 山田"), ["山田 太郎"]);
    assert_eq!(found(&s, "민준"), ["김민준"]);
    assert_eq!(found(&s, "김 민준"), ["김민준"]);
    assert_eq!(found(&s, "ใจดี"), ["สมชาย ใจดี"]);
    assert_eq!(found(&s, "ชาย"), ["สมชาย ใจดี"]);
    assert_eq!(found(&s, "anna 王"), ["Anna 王"]);
    assert_eq!(found(&s, "王 anna"), ["Anna 王"]);
    assert_eq!(found(&s, "anna"), ["Anna Kowalska", "Anna 王"]);
    // The letters in this order, side by side: not just each of them somewhere.
    assert_eq!(found(&s, "明小"), Vec::<String>::new());
    assert_eq!(found(&s, "王明"), Vec::<String>::new());
    assert_eq!(found(&s, "山田太郎次郎"), Vec::<String>::new());
    assert_eq!(found(&s, "anna 明"), Vec::<String>::new());
}

#[test]
fn the_list_filter_and_its_count_find_unspaced_names_anywhere() {
    let mut s = mem();
    people(&mut s);
    let (rows, count) = listed_by_name(&s, "太郎");
    assert_eq!(rows, ["山田 太郎", "山田太郎次"]);
    assert_eq!(count, 2);
}

#[test]
fn search_finds_unspaced_names_as_name_hits() {
    let mut s = mem();
    let ids = people(&mut s);
    let hits = |q: &str| -> Vec<(CustomerId, String, String)> {
        s.search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.customer_id, h.field, h.snippet))
            .collect()
    };
    assert_eq!(
        hits("小明"),
        [(ids[0], "name".to_string(), "王[小明]".to_string())]
    );
    // (The word index finds the name it starts, and marks the word; the pieces find the
    // other, spaced otherwise, marked whole.)
    assert_eq!(
        hits("山田太郎"),
        [
            (ids[2], "name".to_string(), "[山田太郎次]".to_string()),
            (ids[1], "name".to_string(), "[山田 太郎]".to_string())
        ]
    );
    assert_eq!(
        hits("민준"),
        [(ids[3], "name".to_string(), "김[민준]".to_string())]
    );
}

#[test]
fn name_grams_follow_inserts_renames_undo_and_deletes() {
    let mut s = mem();
    let ids = people(&mut s);
    let grams = |s: &Store, id: CustomerId| {
        names(
            s,
            &format!("SELECT name_grams FROM customers WHERE id = {}", id.0),
        )
    };
    assert_eq!(grams(&s, ids[0]), ["王小明 王小 小明 明\u{E000}"]);
    assert_eq!(grams(&s, ids[6]), [""]);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM name_grams_fts WHERE name_grams_fts MATCH '\"王\"*'"
        ),
        2
    );
    s.change("rename", T0, |w| {
        w.update_customer(
            ids[0],
            &CustomerPatch {
                name: Some("李小龍".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(found(&s, "小龍"), ["李小龍"]);
    assert_eq!(found(&s, "小明"), Vec::<String>::new());
    assert_eq!(grams(&s, ids[0]), ["李小龍 李小 小龍 龍\u{E000}"]);
    s.undo(T0).unwrap();
    assert_eq!(found(&s, "小明"), ["王小明"]);
    assert_eq!(found(&s, "小龍"), Vec::<String>::new());
    // A name in Latin letters has none: the rename takes them out of the index.
    s.change("rename", T0, |w| {
        w.update_customer(
            ids[3],
            &CustomerPatch {
                name: Some("Minjun Kim".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(found(&s, "민준"), Vec::<String>::new());
    assert_eq!(grams(&s, ids[3]), [""]);
    s.write(|w| {
        w.conn()
            .execute("DELETE FROM customers WHERE id = ?1", [ids[1].0])?;
        Ok(())
    })
    .unwrap();
    assert_eq!(found(&s, "山田太郎"), ["山田太郎次"]);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn doctor_repairs_name_grams_changed_behind_rolos_back() {
    let mut s = mem();
    people(&mut s);
    s.conn()
        .execute_batch("UPDATE customers SET name_grams = '' WHERE name = '王小明';")
        .unwrap();
    assert_eq!(found(&s, "小明"), Vec::<String>::new());
    assert_eq!(s.repair_name_keys().unwrap(), 1);
    assert_eq!(found(&s, "小明"), ["王小明"]);
    assert_eq!(s.repair_name_keys().unwrap(), 0);
}

#[test]
fn bulk_loads_fill_the_pieces_as_the_triggers_would() {
    let mut s = mem();
    s.bulk(None, |w| {
        for n in ["王小明", "Anna Kowalska"] {
            w.insert_customer(&person(n))?;
        }
        Ok(())
    })
    .unwrap();
    s.bulk(Some(("import", T0)), |w| {
        w.insert_customer(&person("山田 太郎"))?;
        Ok(())
    })
    .unwrap();
    assert_eq!(found(&s, "小明"), ["王小明"]);
    assert_eq!(found(&s, "山田太郎"), ["山田 太郎"]);
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM name_grams_fts WHERE name_grams_fts MATCH 'anna'"
        ),
        0
    );
    assert!(s.integrity_problems().unwrap().is_empty());
    s.undo(T0).unwrap();
    assert_eq!(found(&s, "山田太郎"), Vec::<String>::new());
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn migration_17_finds_existing_unspaced_names_and_undo_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        add(&mut s, &person("Anna Kowalska"));
        let id = add(&mut s, &person("王小明"));
        s.change("rename", T0, |w| {
            w.update_customer(
                id,
                &CustomerPatch {
                    name: Some("李小龍".into()),
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        super::migration::before_name_grams(&mut s);
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        names(&s, "SELECT name_grams FROM customers ORDER BY id"),
        ["", "李小龍 李小 小龍 龍\u{E000}"]
    );
    assert_eq!(
        names(
            &s,
            "SELECT CAST(user_version AS TEXT) FROM pragma_user_version"
        ),
        [migrate::latest().to_string()]
    );
    assert_eq!(found(&s, "小龍"), ["李小龍"]);
    // The rename undone from an image older than the column: the pieces are computed.
    s.undo(T0).unwrap();
    assert_eq!(s.customer(id).unwrap().name, "王小明");
    assert_eq!(found(&s, "小明"), ["王小明"]);
    assert_eq!(found(&s, "小龍"), Vec::<String>::new());
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn thai_names_with_tone_marks_are_found_whole_not_cut_at_the_mark() {
    let mut s = mem();
    for n in ["สมชาย ใจดี", "น้ำฝน ก่อนดี", "นำฝน"]
    {
        add(&mut s, &person(n));
    }
    assert_eq!(found(&s, "สมชาย ใจดี"), ["สมชาย ใจดี"]);
    assert_eq!(found(&s, "สมชาย"), ["สมชาย ใจดี"]);
    // `น้ำฝน` and `นำฝน` are other letters: the tone mark is one of the word's.
    assert_eq!(found(&s, "น้ำฝน"), ["น้ำฝน ก่อนดี"]);
    assert_eq!(found(&s, "นำฝน"), ["นำฝน"]);
    assert_eq!(found(&s, "ก่อน"), ["น้ำฝน ก่อนดี"]);
    assert_eq!(found(&s, "ฝน ก่อน"), ["น้ำฝน ก่อนดี"]);
    assert_eq!(found(&s, "ฝนก่อน"), ["น้ำฝน ก่อนดี"]);
    assert_eq!(
        names(&s, "SELECT name_grams FROM customers WHERE name = 'นำฝน'"),
        ["นำฝน นำ ำฝ ฝน น\u{E000}"]
    );
    // The word the index marks keeps its last vowel sign, which the index reads without.
    let snippets: Vec<String> = s
        .search("ก่อน", 10)
        .unwrap()
        .into_iter()
        .map(|h| h.snippet)
        .collect();
    assert_eq!(snippets, ["น้ำฝน [ก่อนดี]"]);
}

#[test]
fn search_finds_a_thai_word_with_tone_marks_in_notes_whole() {
    let mut s = mem();
    let id = add(
        &mut s,
        &NewCustomer {
            notes: "โทรก่อนเที่ยง".into(),
            ..person("Anna Kowalska")
        },
    );
    add(
        &mut s,
        &NewCustomer {
            notes: "กอนเที่ยง".into(),
            ..person("Jan Nowak")
        },
    );
    let hits: Vec<(CustomerId, String, String)> = s
        .search("ก่อน", 10)
        .unwrap()
        .into_iter()
        .map(|h| (h.customer_id, h.field, h.snippet))
        .collect();
    assert_eq!(
        hits,
        [(id, "profile".to_string(), "โทร[ก่อน]เที่ยง".to_string())]
    );
}

#[test]
fn migration_20_computes_again_the_pieces_of_names_with_marks_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        add(&mut s, &person("Anna Kowalska"));
        add(&mut s, &person("น้ำฝน ก่อนดี"));
        // As schema v19 folded it: cut at the tone marks, which were left out of the pieces.
        s.conn
            .execute_batch(
                "UPDATE journal_state SET recording = 0;
                 UPDATE customers SET name_grams = 'นำฝนกอนดี นำ ำฝ ฝน นก กอ อน นด ดี ี' || char(57344)
                  WHERE name = 'น้ำฝน ก่อนดี';
                 UPDATE journal_state SET recording = 1;
                 PRAGMA user_version = 19;",
            )
            .unwrap();
        assert_eq!(found(&s, "ฝนก่อน"), Vec::<String>::new());
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(
        names(&s, "SELECT name_grams FROM customers ORDER BY id"),
        ["", "น้ำฝนก่อนดี น้ ้ำ ำฝ ฝน นก ก่ ่อ อน นด ดี ี\u{E000}"]
    );
    assert_eq!(found(&s, "ฝนก่อน"), ["น้ำฝน ก่อนดี"]);
    assert!(s.integrity_problems().unwrap().is_empty());
}
