//! The README's key table is the keymap: every binding is in it, and nothing else.

use std::collections::BTreeSet;

use crate::tui::keymap::Keymap;

const README: &str = include_str!("../../../README.md");

/// The key table's rows: the keys written in backticks in each row's first cell.
fn key_rows() -> Vec<Vec<String>> {
    let start = README
        .find("| Key | Action |")
        .expect("README has a `| Key | Action |` table");
    README[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cell = l.split('|').nth(1).unwrap_or_default();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn docs_readme_key_table_lists_every_binding_and_only_bindings() {
    let rows = key_rows();
    assert!(rows.len() > 10, "the key table was not found: {rows:?}");
    let km = Keymap::default();
    let bound: BTreeSet<String> = km.bindings().map(|(k, _)| k.label()).collect();
    for (_, action) in km.bindings() {
        // All of an action's keys in one row, so the row's text describes them all.
        let keys = km.keys_for(action);
        assert!(
            rows.iter().any(|r| keys.iter().all(|k| r.contains(k))),
            "README's key table has no row with {keys:?} for `{}` ({})",
            action.name(),
            action.describe()
        );
    }
    for key in rows.iter().flatten() {
        assert!(
            bound.contains(key),
            "README's key table lists `{key}`, which the built-in keymap does not bind"
        );
    }
}
