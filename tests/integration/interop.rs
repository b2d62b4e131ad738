//! Interop end to end: `rolo import` of every fixture class (exact values or exact errors),
//! exports (JSON round trip, CSV, vCard, iCalendar), dupes, merge, dossier.
#![allow(clippy::many_single_char_names)]

use serde_json::{Value, json};

use crate::cli::Rolo;

mod address;
mod backup;
mod backup_refused;
mod calendar;
mod crm;
mod csv;
mod csv_file;
mod dossier;
mod dupes;
mod errors;
mod export;
mod first_import;
mod handback;
mod im;
mod instants;
mod matching;
mod matching_scripts;
mod names;
mod profile;
mod sheet;
mod untrusted;
mod vcard;
mod vcard_fields;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/interop/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The profile fields an import sets, for exact comparison.
fn profile(r: &Rolo, who: &str) -> Value {
    let c = &r.show(who)["customer"];
    json!({
        "kind": c["kind"], "name": c["name"], "org": c["org_name"], "title": c["title"],
        "address": c["address"], "notes": c["notes"], "birthday": c["birthday"],
        "contacts": c["contacts"], "tags": c["tags"],
    })
}

fn import(r: &Rolo, file: &str, extra: &[&str]) -> Value {
    let f = fixture(file);
    let mut args = vec!["import", f.as_str()];
    args.extend_from_slice(extra);
    r.json(&args)
}

/// Writes `bytes` as `name` in the rolo's directory; its path.
fn scratch(r: &Rolo, name: &str, bytes: &[u8]) -> String {
    let f = r.dir.path().join(name);
    std::fs::write(&f, bytes).unwrap();
    f.to_str().unwrap().to_string()
}

/// The seeded database's backup, changed by `edit`, written to `name`.
fn edited_backup(r: &Rolo, name: &str, edit: impl FnOnce(&mut Value)) -> String {
    let f = r.dir.path().join(name);
    let f = f.to_str().unwrap().to_string();
    let src = Rolo::seeded();
    let whole = src.dir.path().join("whole.json");
    src.ok(&[
        "export",
        "--format",
        "json",
        "--out",
        whole.to_str().unwrap(),
    ]);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&whole).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(&f, backup_text(&v)).unwrap();
    f
}

/// A backup read as a `Value`, written out again in rolo's order (a `Value` sorts its
/// keys): `format` and `version` first.
fn backup_text(v: &Value) -> String {
    let mut text = String::from("{\"format\": \"rolo-backup\", \"version\": 1");
    for list in ["customers", "deals", "interactions", "follow_ups"] {
        let rows = serde_json::to_string_pretty(&v[list]).unwrap();
        text.push_str(&format!(",\n\"{list}\": {rows}"));
    }
    text.push_str("}\n");
    text
}
