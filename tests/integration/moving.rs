//! A new user moving in: an iPhone vCard export, a Google Contacts CSV and an Outlook CSV
//! imported one after the other, then `rolo dupes` and `rolo merge` — exact values.

use serde_json::{Value, json};

use crate::cli::Rolo;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/interop/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn import(r: &Rolo, file: &str) -> Value {
    r.json(&["import", &fixture(file)])
}

#[test]
fn dupes_match_phones_by_their_last_nine_digits_and_leave_switchboards_out() {
    let r = Rolo::new();
    import(&r, "iphone.vcf");
    let d = r.json(&["dupes"]);
    let anna = r.customer_id("Anna Kowalska");
    let ania = r.customer_id("Ania");
    // The mobile with and without +48 is one phone, shown as each card wrote it; Piotr
    // and Marek share only their office's switchboard (0048 and +48), each with an email
    // of his own: colleagues, counted and not listed.
    assert_eq!(
        d,
        json!([{
            "keep": [anna, "Anna Kowalska"],
            "other": [ania, "Ania"],
            "reasons": ["phone"],
            "values": ["+48 601 234 567 / 601-234-567"]
        }])
    );
    assert_eq!(
        r.ok(&["dupes"]),
        format!(
            "#{anna} Anna Kowalska  ~  #{ania} Ania  (same phone +48 601 234 567 / 601-234-567)\n\
             1 pair shares only a phone and has different emails (colleagues on one line?): not listed.\n\
             Merge one pair with `rolo merge \"#KEEP\" \"#OTHER\"` (undo takes it back).\n"
        )
    );
    // Without an email on one side, a shared office line is still a likely duplicate.
    r.ok(&["add", "Recepcja Budimex", "--phone", "22 555 01 00"]);
    let d = r.json(&["dupes"]);
    assert_eq!(d.as_array().unwrap().len(), 3, "{d}");
    assert_eq!(d[1]["values"], json!(["0048 22 555 01 00 / 22 555 01 00"]));
}
