//! Notes and history in scripts written without spaces found through the index of their
//! letter pairs (`text_grams_fts`, schema v22), giving what reading every text gave; and the
//! search indexes keeping a Thai word whole.

use super::*;
use crate::store::{CustomerPatch, SearchHit};

/// A mixed corpus: Chinese, Japanese (kana and kanji), Korean, Thai and Latin with accents,
/// in profiles (notes, needs), interactions (summary, notes) and follow-ups; some rows
/// holding a word twice, in two texts, or only its letters apart.
pub(super) fn corpus(s: &mut Store) -> Vec<CustomerId> {
    let profiles = [
        ("王小明", "上周会议讨论了报价", "需要会议室"),
        ("Anna Kowalska", "Spotkanie w Łodzi, café", "会议 next week"),
        ("山田 太郎", "来週の会議で見積もりを説明する", "カタログ"),
        ("김민준", "다음 회의는 서울에서", "견적서 필요"),
        ("สมชาย ใจดี", "โทรก่อนเที่ยง", "น้ำฝนตกหนัก"),
        ("Jan Nowak", "会 议 apart, 议会 reversed", ""),
        ("José Núñez", "reunión 会议A en Madrid", "会议。"),
        ("李雷", "", ""),
    ];
    let mut ids = Vec::new();
    for (name, notes, needs) in profiles {
        ids.push(add(
            s,
            &NewCustomer {
                notes: notes.into(),
                needs: needs.into(),
                ..person(name)
            },
        ));
    }
    let talks = [
        (0, "会议纪要", "客户同意会议时间"),
        (2, "会議の準備", "かなり良い反応"),
        (3, "회의 일정", "김민준 님과 통화"),
        (4, "นัดก่อนเที่ยง", "ลูกค้าชอบน้ำฝน"),
        (1, "Call about 会议", ""),
        (7, "Quick call", "no notes"),
        (0, "电话", "讨论会议议程"),
        (5, "議会", "会議"),
    ];
    for (k, (who, summary, notes)) in talks.into_iter().enumerate() {
        let mut i = talk(
            ids[who],
            InteractionKind::Call,
            T0 - k as i64 * HOUR,
            summary,
        );
        i.notes = notes.into();
        log(s, &i);
    }
    for (who, what) in [
        (0, "准备会议材料"),
        (3, "회의 자료 보내기"),
        (4, "โทรหาก่อนเที่ยง"),
        (6, "Send café 会议 notes"),
        (7, "Call back"),
    ] {
        plan_task(s, &task(ids[who], what, "2026-11-30"));
    }
    ids
}

/// What is typed in the comparisons: each script, one letter, letters apart or reversed,
/// mixed with Latin words, words no text has.
pub(super) const TYPED: [&str; 22] = [
    "会议",
    "会",
    "议",
    "会议 café",
    "会议a",
    "会議",
    "かな",
    "カタログ",
    "회의",
    "김민준",
    "ก่อน",
    "น้ำฝน",
    "อน",
    "เที่ยง",
    "议会",
    "会议 讨论",
    "会议 madrid",
    "見積もり",
    "서울",
    "会议室",
    "没有这个",
    "nowak 会",
];

#[test]
fn search_through_the_index_gives_what_reading_every_text_gave() {
    let mut s = mem();
    corpus(&mut s);
    for typed in TYPED {
        for limit in [50, 5, 2, 1] {
            assert_eq!(
                s.search(typed, limit).unwrap(),
                s.search_scanning(typed, limit).unwrap(),
                "{typed} (at most {limit})"
            );
        }
    }
    // What it gives, exactly, for one of them.
    let hits: Vec<(String, String, String)> = s
        .search("会议", 50)
        .unwrap()
        .into_iter()
        .map(|h| (h.customer_name, h.field, h.snippet))
        .collect();
    let hit = |n: &str, f: &str, t: &str| (n.to_string(), f.to_string(), t.to_string());
    assert_eq!(
        hits,
        [
            // The word index first: a word that starts with the typed one.
            hit("José Núñez", "profile", "reunión [会议A] en Madrid"),
            hit("Anna Kowalska", "profile", "[会议] next week"),
            hit("王小明", "call", "[会议纪要]"),
            hit("Anna Kowalska", "call", "Call about [会议]"),
            hit("José Núñez", "follow-up", "Send café [会议] notes"),
            // Then the word inside a run of letters, each table in order.
            hit("王小明", "profile", "上周[会议]讨论了报价"),
            hit("王小明", "call", "讨论[会议]议程"),
            hit("王小明", "follow-up", "准备[会议]材料"),
        ]
    );
    // Rows another program wrote (straight through the connection, no commit of the
    // store's): written down by the triggers, not yet in the index. The search gives the
    // same as reading every text all the same.
    s.conn()
        .execute_batch(
            "UPDATE customers SET notes = '展会上讨论了会议' WHERE id = 8;
             UPDATE customers SET notes = 'plain now' WHERE id = 1;
             INSERT INTO interactions(customer_id, kind, occurred_at, summary, created_at)
               VALUES (2, 'call', 1795392000, '会议改期', 1795392000);
             DELETE FROM interactions WHERE id = 7;
             UPDATE follow_ups SET what = '会议' || what WHERE id = 2;
             DELETE FROM follow_ups WHERE id = 1;",
        )
        .unwrap();
    assert_eq!(
        rows_of(&s, "SELECT source, id FROM text_grams_pending"),
        [
            "'customers' | 1",
            "'customers' | 8",
            "'follow_ups' | 1",
            "'follow_ups' | 2",
            "'interactions' | 7",
            "'interactions' | 9",
        ]
    );
    for typed in TYPED.into_iter().chain(["展会", "改期", "会议회의"]) {
        for limit in [50, 5, 2, 1] {
            assert_eq!(
                s.search(typed, limit).unwrap(),
                s.search_scanning(typed, limit).unwrap(),
                "{typed} (at most {limit}), rows pending"
            );
        }
    }
    let hits: Vec<(String, String, String)> = s
        .search("会议", 50)
        .unwrap()
        .into_iter()
        .map(|h| (h.customer_name, h.field, h.snippet))
        .collect();
    assert_eq!(
        hits,
        [
            hit("José Núñez", "profile", "reunión [会议A] en Madrid"),
            hit("Anna Kowalska", "profile", "[会议] next week"),
            hit("Anna Kowalska", "call", "[会议改期]"),
            hit("王小明", "call", "[会议纪要]"),
            hit("Anna Kowalska", "call", "Call about [会议]"),
            hit("김민준", "follow-up", "[会议회의] 자료 보내기"),
            hit("José Núñez", "follow-up", "Send café [会议] notes"),
            // Its needs still have it; its notes and the deleted rows no longer.
            hit("王小明", "profile", "需要[会议]室"),
            // Only in the rows pending.
            hit("李雷", "profile", "展会上讨论了[会议]"),
        ]
    );
}

/// The hits of `typed` as (customer, field) pairs, through the index, after checking that
/// reading every text gives the same.
pub(super) fn both(s: &Store, typed: &str) -> Vec<(CustomerId, String)> {
    let hits: Vec<SearchHit> = s.search(typed, 50).unwrap();
    assert_eq!(hits, s.search_scanning(typed, 50).unwrap(), "{typed}");
    hits.into_iter().map(|h| (h.customer_id, h.field)).collect()
}

#[test]
fn the_index_follows_edits_deletions_and_undo() {
    let mut s = mem();
    let ids = corpus(&mut s);
    let profile = |id: CustomerId| (id, "profile".to_string());
    assert_eq!(both(&s, "会议室"), [profile(ids[0])]);
    s.change("notes", T0, |w| {
        w.update_customer(
            ids[0],
            &CustomerPatch {
                needs: Some("Needs a room".into()),
                notes: Some("会议室 booked".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(both(&s, "会议室"), [profile(ids[0])]);
    assert_eq!(both(&s, "报价"), []);
    s.change("notes", T0, |w| {
        w.update_customer(
            ids[0],
            &CustomerPatch {
                notes: Some("plain Latin now".into()),
                ..Default::default()
            },
            T0,
        )
    })
    .unwrap();
    assert_eq!(both(&s, "会议室"), []);
    s.undo(T0).unwrap();
    assert_eq!(both(&s, "会议室"), [profile(ids[0])]);
    // A customer added and taken back: their row leaves the index with them.
    let new = s
        .change("add", T0, |w| {
            w.insert_customer(&NewCustomer {
                notes: "展会认识".into(),
                ..person("赵六")
            })
        })
        .unwrap();
    assert_eq!(both(&s, "展会"), [profile(new)]);
    s.undo(T0).unwrap();
    assert_eq!(both(&s, "展会"), []);
    assert_eq!(count(&s, "SELECT count(*) FROM customers WHERE id = 9"), 0);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn only_texts_with_unspaced_letters_are_in_the_index_and_bulk_fills_it_alike() {
    let mut s = mem();
    corpus(&mut s);
    // `会` starts a pair in profiles 1, 2, 3, 6 and 7, interactions 1, 2, 5, 7 and 8, and
    // follow-ups 1 and 4.
    let indexed = "SELECT count(*) FROM text_grams_fts WHERE text_grams_fts MATCH '\"会\"*'";
    assert_eq!(count(&s, indexed), 12);
    let all = |s: &Store| {
        rows_of(
            s,
            "SELECT rowid FROM text_grams_fts WHERE rowid > 0 ORDER BY rowid",
        )
    };
    // Profiles 1-7 (李雷 has no notes), interactions 1-5, 7 and 8, follow-ups 1-4.
    let by_triggers = all(&s);
    assert_eq!(by_triggers.len(), 18);
    // A bulk load recomputes the index from the rows in Rust: the same rows in it.
    s.bulk(None, |_| Ok(())).unwrap();
    assert_eq!(all(&s), by_triggers);
    for typed in TYPED {
        assert_eq!(
            s.search(typed, 50).unwrap(),
            s.search_scanning(typed, 50).unwrap()
        );
    }
}

/// A long text in a script written with spaces is passed over by the index's triggers even
/// with letters beyond ASCII in it: the SQL that works out the pairs costs the square of a
/// text's length (an 80 KB note in English with one curly quote took 5.7 s to save, this
/// 400 KB one minutes). A note with Chinese in it is still indexed.
#[test]
fn a_long_note_without_unspaced_letters_is_passed_over_by_the_index() {
    let mut s = mem();
    let id = add(&mut s, &person("Anna Kowalska"));
    let long = format!("{}’ — Zoë", "Thanks for the call, Anna. ".repeat(16_000));
    assert!(long.len() > 400_000);
    let set_notes = |s: &mut Store, notes: &str| {
        s.change("notes", T0, |w| {
            w.update_customer(
                id,
                &CustomerPatch {
                    notes: Some(notes.to_string()),
                    ..CustomerPatch::default()
                },
                T0,
            )
        })
        .unwrap();
    };
    set_notes(&mut s, &long);
    let indexed = "SELECT count(*) FROM text_grams_fts WHERE rowid > 0";
    assert_eq!(count(&s, indexed), 0);
    set_notes(&mut s, &format!("{long}\n在展会上见过"));
    assert_eq!(count(&s, indexed), 1);
    let hits = s.search("展会", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].customer_id, id);
}

#[test]
fn the_search_indexes_keep_a_thai_word_whole() {
    let mut s = mem();
    let somchai = add(
        &mut s,
        &NewCustomer {
            notes: "น้ำฝนตก".into(),
            ..person("สมชาย ใจดี")
        },
    );
    let other = add(&mut s, &person("ก่อนดี"));
    let i = log(
        &mut s,
        &talk(other, InteractionKind::Call, T0, "โทรก่อน เที่ยง"),
    );
    // unicode61 cut `ก่อนดี` at its tone mark and `ใจดี` at its vowel sign: `อน` started a word.
    assert_eq!(fts(&s, "customers_fts", "\"อน\"*"), Vec::<i64>::new());
    assert_eq!(fts(&s, "customers_fts", "\"ก่อน\"*"), [other.0]);
    assert_eq!(fts(&s, "customers_fts", "\"ใจดี\""), [somchai.0]);
    assert_eq!(fts(&s, "customers_fts", "\"ใจด\""), Vec::<i64>::new());
    assert_eq!(fts(&s, "customers_fts", "\"น้ำฝน\"*"), [somchai.0]);
    assert_eq!(fts(&s, "customers_fts", "\"ำฝน\"*"), Vec::<i64>::new());
    assert_eq!(fts(&s, "interactions_fts", "\"เที่ยง\""), [i.0]);
    assert_eq!(fts(&s, "interactions_fts", "\"ยง\""), Vec::<i64>::new());
    // A name lookup by a whole word, and by the name as written.
    let found = |q: &str| -> Vec<String> {
        s.customers_by_name(q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(found("ก่อน"), ["ก่อนดี"]);
    assert_eq!(found("สมชาย ใจดี"), ["สมชาย ใจดี"]);
    assert_eq!(found("ใจดี"), ["สมชาย ใจดี"]);
    // Accents written after their letter still fold away in the index.
    let jose = add(&mut s, &person("Jose\u{301} Núñez"));
    assert_eq!(fts(&s, "customers_fts", "jose"), [jose.0]);
}

#[test]
fn migration_22_indexes_the_notes_and_history_an_older_file_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    {
        let mut s = Store::open(&path).unwrap();
        corpus(&mut s);
        // What a v21 file has: no index of letter pairs, search indexes cutting Thai words.
        let drops: Vec<String> = ["customers", "interactions", "follow_ups"]
            .iter()
            .flat_map(|t| ["ai", "ad", "au"].map(|w| format!("DROP TRIGGER {t}_grams_mark_{w};")))
            .collect();
        assert_eq!(drops.len(), 9);
        let old = "tokenize = 'unicode61 remove_diacritics 2'";
        s.conn()
            .execute_batch(&format!(
                "{}
                 DROP TABLE text_grams_fts;
                 DROP TABLE text_grams_pending;
                 DROP TABLE customers_fts;
                 CREATE VIRTUAL TABLE customers_fts USING fts5(name, notes, needs, latin,
                   content = 'customers_fts_src', content_rowid = 'id', {old});
                 DROP TABLE interactions_fts;
                 CREATE VIRTUAL TABLE interactions_fts USING fts5(summary, notes,
                   content = 'interactions_fts_src', content_rowid = 'id', {old});
                 DROP TABLE follow_ups_fts;
                 CREATE VIRTUAL TABLE follow_ups_fts USING fts5(what,
                   content = 'follow_ups_fts_src', content_rowid = 'id', {old});
                 INSERT INTO customers_fts(customers_fts) VALUES ('rebuild');
                 INSERT INTO interactions_fts(interactions_fts) VALUES ('rebuild');
                 INSERT INTO follow_ups_fts(follow_ups_fts) VALUES ('rebuild');
                 PRAGMA user_version = 21;",
                drops.join("\n")
            ))
            .unwrap();
        // `โทรก่อนเที่ยง` was cut at its tone marks: `อน` started a word of it.
        assert_eq!(fts(&s, "customers_fts", "\"อน\"*"), [5]);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        count(&s, "SELECT user_version FROM pragma_user_version"),
        crate::store::migrate::latest()
    );
    assert_eq!(fts(&s, "customers_fts", "\"อน\"*"), Vec::<i64>::new());
    assert_eq!(fts(&s, "customers_fts", "\"โทรก่อนเที่ยง\""), [5]);
    assert_eq!(
        count(&s, "SELECT count(*) FROM text_grams_fts WHERE rowid > 0"),
        18
    );
    for typed in TYPED {
        assert_eq!(
            s.search(typed, 50).unwrap(),
            s.search_scanning(typed, 50).unwrap(),
            "{typed}"
        );
    }
    assert_eq!(both(&s, "会议室"), [(CustomerId(1), "profile".to_string())]);
    // The triggers keep it after the upgrade.
    let id = add(
        &mut s,
        &NewCustomer {
            notes: "在上海展会认识".into(),
            ..person("赵六")
        },
    );
    assert_eq!(both(&s, "展会"), [(id, "profile".to_string())]);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_journaled_bulk_append_indexes_its_rows_and_undo_takes_them_out() {
    let mut s = mem();
    let ids = corpus(&mut s);
    let (new, call) = s
        .bulk(Some(("import 1 customer", T0)), |w| {
            let new = w.insert_customer(&NewCustomer {
                notes: "在上海展会认识".into(),
                ..person("赵六")
            })?;
            let call =
                w.insert_interaction(&talk(ids[7], InteractionKind::Call, T0, "展会见面"))?;
            Ok((new, call))
        })
        .unwrap();
    assert_eq!(
        both(&s, "展会"),
        // The call's summary starts with the word: the word index has it first.
        [(ids[7], "call".to_string()), (new, "profile".to_string())]
    );
    assert_eq!(call.0, 9);
    for typed in TYPED {
        assert_eq!(
            s.search(typed, 50).unwrap(),
            s.search_scanning(typed, 50).unwrap()
        );
    }
    s.undo(T0).unwrap();
    assert_eq!(both(&s, "展会"), []);
    assert!(s.integrity_problems().unwrap().is_empty());
}
