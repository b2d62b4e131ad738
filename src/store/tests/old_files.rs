//! Upgrading files that old builds of rolo wrote (fixtures/): their true old schema, derived
//! triggers and indexes, not a new file taken back to a version.
//!
//! `v1-demo.db` was made by commit 5dd23bd^ (schema v1) and `v21-demo.db` by a7d48b2 (v21),
//! each with `rolo demo --customers 12` (seed 42, `ROLO_TODAY=2026-11-23`), then
//! `rolo add 王小明 --notes 在上海展会认识`, `rolo log 王小明 call '会议 价格'`,
//! `rolo follow 王小明 tomorrow 发送报价` and `rolo add 'Νίκος Παπαδόπουλος'`, and VACUUM.

use super::file::{rows, schema};
use super::*;
use crate::store::migrate;

/// A copy of the fixture `bytes` in `dir`, opened (and so upgraded).
fn upgraded(dir: &std::path::Path, bytes: &[u8]) -> Store {
    let path = dir.join("old.db");
    std::fs::write(&path, bytes).unwrap();
    let mut from = 0;
    let s = Store::open_with_notice(&path, &mut |u| from = u.from).unwrap();
    assert!(from > 0, "not upgraded");
    s
}

#[test]
fn upgrading_a_file_an_old_rolo_made_gives_a_new_files_schema_and_its_rows_derived_data() {
    for (bytes, version) in [
        (&include_bytes!("fixtures/v1-demo.db")[..], 1),
        (&include_bytes!("fixtures/v21-demo.db")[..], 21),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("as-it-was.db");
        std::fs::write(&path, bytes).unwrap();
        let was: i64 = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(was, version);
        let mut s = upgraded(dir.path(), bytes);
        let new = Store::open(&dir.path().join("new.db")).unwrap();
        assert_eq!(schema(&s), schema(&new), "from v{version}");
        assert_eq!(
            count(&s, "SELECT user_version FROM pragma_user_version"),
            migrate::latest()
        );
        // Every derived column and index is what the rows give: doctor finds nothing to
        // mend, and what it works out again from the rows leaves every row and index entry
        // as the upgrade made them.
        let (tables, all) = (dump(&s), rows(&s));
        assert_eq!(count(&s, "SELECT count(*) FROM customers"), 14);
        assert!(s.integrity_problems().unwrap().is_empty());
        assert_eq!(s.take_in_pending_texts().unwrap(), 0);
        assert_eq!(s.recompute_derived().unwrap(), 0, "from v{version}");
        assert_eq!(s.repair_name_keys().unwrap(), 0, "from v{version}");
        assert_eq!(s.repair_name_parts().unwrap(), 0, "from v{version}");
        for fts in ["customers_fts", "interactions_fts", "follow_ups_fts"] {
            s.write(|w| w.rebuild_fts(fts)).unwrap();
        }
        assert_eq!(dump(&s), tables, "from v{version}");
        assert_eq!(rows(&s), all, "from v{version}");
        // What the index of each version added finds the old rows.
        let hits = |typed: &str| -> Vec<(i64, String)> {
            s.search(typed, 10)
                .unwrap()
                .into_iter()
                .map(|h| (h.customer_id.0, h.field))
                .collect()
        };
        assert_eq!(hits("展会"), [(13, "profile".to_string())]);
        assert_eq!(hits("价格"), [(13, "call".to_string())]);
        assert_eq!(hits("报价"), [(13, "follow-up".to_string())]);
        let named = |typed: &str| -> Vec<i64> {
            s.customers_by_name(typed, 10)
                .unwrap()
                .into_iter()
                .map(|c| c.id.0)
                .collect()
        };
        assert_eq!(named("小明"), [13]);
        assert_eq!(named("nikos"), [14]);
    }
}
