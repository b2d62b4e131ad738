//! Other CRMs' contact exports, as their users bring them: each read with no `--map`.

use serde_json::{Value, json};

use super::fixture;
use crate::cli::Rolo;

/// `r` after importing `file` with no flags.
fn imported(file: &str) -> Rolo {
    let r = Rolo::new();
    r.ok(&["import", &fixture(file)]);
    r
}

/// Every customer as `[name, kind, organization]`, in name order.
fn who(r: &Rolo) -> Vec<Value> {
    let list = r.json(&["list"]);
    list["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!([c["name"], c["kind"], c["org"]]))
        .collect()
}

/// Fields of one customer's profile.
fn fields(r: &Rolo, name: &str, keys: &[&str]) -> Value {
    let c = &r.show(name)["customer"];
    keys.iter()
        .map(|k| ((*k).to_string(), c[*k].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn odoo_reads_the_employer_the_kind_and_the_salesperson_and_leaves_its_own_company_out() {
    let r = imported("crm_odoo.csv");
    assert_eq!(
        who(&r),
        [
            json!(["Anna Kowalska", "person", "Budimex S.A."]),
            json!(["Budimex S.A.", "org", null]),
            json!(["Deco Addict", "org", null]),
            json!(["Douglas Fletcher", "person", "Deco Addict"]),
            json!(["Piotr Nowak", "person", "Budimex S.A."]),
        ]
    );
    // The notes were HTML; the street is in the address, the salesperson the owner.
    assert_eq!(
        fields(&r, "anna", &["title", "owner", "notes", "address", "tags"]),
        json!({"title": "Kierownik zakupów", "owner": "Jan Nowicki",
               "notes": "Prefers calls before 10.\nKids: 2",
               "address": "ul. Siedmiogrodzka 9, 01-204 Warszawa, Mazowieckie (PL), Poland",
               "tags": ["decision-maker", "vip"]})
    );
    assert_eq!(
        fields(&r, "budimex", &["contacts"])["contacts"][2],
        json!({"kind": "url", "value": "https://www.budimex.pl"})
    );
}

#[test]
fn dynamics_keeps_the_street_and_leaves_its_row_keys_out() {
    let r = imported("crm_dynamics.csv");
    assert_eq!(
        fields(&r, "ewa", &["org_name", "address", "owner", "notes"]),
        json!({"org_name": "Mostostal Warszawa S.A.",
               "address": "ul. Konstruktorska 11A, 02-673 Warszawa, Poland",
               "owner": "Jan Nowicki", "notes": "Created On: 2022-02-02 10:00"})
    );
}

#[test]
fn hubspot_links_people_to_their_associated_company_and_takes_no_id_or_date_for_a_phone() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("crm_hubspot_view.csv"), "--dry-run"]);
    assert!(!out.contains("warning"), "{out}");
    r.ok(&["import", &fixture("crm_hubspot_view.csv")]);
    assert_eq!(
        who(&r),
        [
            json!(["Anna Kowalska", "person", "Budimex S.A."]),
            json!(["Budimex S.A.", "org", null]),
            json!(["Jürgen Größmann", "person", "Krämer Logistik GmbH"]),
            json!(["Krämer Logistik GmbH", "org", null]),
            json!(["Łukasz Wiśniewski", "person", "Budimex S.A."]),
        ]
    );
}

#[test]
fn hubspots_association_comes_before_its_free_text_company() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "hubspot.csv",
        "First Name,Last Name,Email,Company Name,Associated Company\n\
         Anna,Kowalska,anna@budimex.pl,Budimex,Budimex S.A.\n\
         Ola,Nowak,ola@x.pl,Nowak Trans,\n\
         Jan,Lis,jan@y.pl,,Acme Inc.;Acme Holdings\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        fields(&r, "anna", &["org_name", "notes"]),
        json!({"org_name": "Budimex S.A.", "notes": "Company Name: Budimex"})
    );
    assert_eq!(fields(&r, "ola", &["org_name"])["org_name"], "Nowak Trans");
    assert_eq!(
        fields(&r, "jan lis", &["org_name", "notes"]),
        json!({"org_name": "Acme Inc.", "notes": "Associated Company: Acme Holdings"})
    );
}

#[test]
fn pipedrives_organizations_export_makes_organizations() {
    let r = imported("crm_pipedrive_orgs.csv");
    assert_eq!(
        who(&r),
        [
            json!(["Hellas Freight S.A.", "org", null]),
            json!(["Krämer Logistik GmbH", "org", null]),
            json!(["Orlen Logistyka Sp. z o.o.", "org", null]),
        ]
    );
    assert_eq!(
        fields(&r, "krämer", &["owner", "address", "contacts", "tags"]),
        json!({"owner": "Piotr Zieliński",
               "address": "Landsberger Str. 110, 80339 München, Deutschland",
               "contacts": [{"kind": "url", "value": "kraemer-logistik.de"}],
               "tags": ["customer", "key-account"]})
    );
}

#[test]
fn freshsales_emails_and_several_accounts_are_read() {
    let r = imported("crm_freshsales.csv");
    let p = fields(&r, "paweł", &["org_name", "owner", "contacts", "notes"]);
    assert_eq!(p["org_name"], "Grupa Lotos S.A.");
    assert_eq!(p["owner"], "jan.nowicki@rolo-sales.pl");
    assert_eq!(
        p["contacts"],
        json!([
            {"kind": "email", "value": "pawel.szymanski@lotos.pl"},
            {"kind": "email", "value": "p.szymanski@gmail.com"},
            // A column named only by a label is what its values are: work phones.
            {"kind": "phone", "label": "work", "value": "+48 58 308 80 00"},
            {"kind": "phone", "label": "mobile", "value": "+48 606 707 808"},
        ])
    );
    let notes = p["notes"].as_str().unwrap();
    assert!(notes.contains("Accounts: Lotos Paliwa"), "{p}");
    assert!(!notes.contains("Work:"), "{p}");
    let f = super::fixture("crm_freshsales.csv");
    let said = Rolo::new().ok(&["import", &f, "--dry-run"]);
    assert!(!said.contains("warning: column `Work`"), "{said}");
}

#[test]
fn a_salesforce_reports_footer_is_passed_over_and_its_api_names_are_read() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("crm_salesforce_report.csv")]);
    assert!(
        out.contains("crm_salesforce_report.csv (csv, UTF-8): 3 created, 0 merged, 0 skipped;"),
        "{out}"
    );
    let r = imported("crm_salesforce_api.csv");
    assert_eq!(
        fields(&r, "sean", &["title", "address", "contacts"]),
        json!({"title": "CFO", "address": "313 Constitution Place, 78767 Austin, TX, USA",
        "contacts": [
            {"kind": "phone", "value": "(512) 757-6000"},
            {"kind": "phone", "label": "mobile", "value": "(512) 757-4561"},
            {"kind": "email", "value": "sean@edge.com"},
        ]})
    );
}

#[test]
fn a_boards_repeated_headers_and_group_names_are_no_customers() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("crm_monday.csv"), "--dry-run"]);
    assert!(!out.contains("warning"), "{out}");
    r.ok(&["import", &fixture("crm_monday.csv")]);
    let names: Vec<Value> = who(&r).iter().map(|w| w[0].clone()).collect();
    assert_eq!(
        names,
        [
            "Agnieszka Dąbrowska",
            "Bartosz Kamiński",
            "Chrząszcz Sp. j.",
            "Grzegorz Brzęczyszczykiewicz",
            "Kamiński Trans",
            "Polmlek",
        ]
    );
}

#[test]
fn a_record_of_one_value_is_still_a_record_and_a_footer_only_at_the_end() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "one.csv",
        "Name,Email,Phone\nAnna Kowalska,,\nBob Lis,bob@x.pl,\n\nCyryl Nowak,,\n".as_bytes(),
    );
    r.ok(&["import", &f]);
    let names: Vec<Value> = who(&r).iter().map(|w| w[0].clone()).collect();
    assert_eq!(names, ["Anna Kowalska", "Bob Lis", "Cyryl Nowak"]);
}

/// A column named only by a label holds what its values are: emails in one, phones in the
/// other; a column of neither stays in the notes.
#[test]
fn a_column_named_only_by_a_label_is_read_as_its_values() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "labels.csv",
        "Name,Work,Home,Office\n\
         Anna Kowalska,anna@acme.pl,+48 600 100 200,Room 4\n\
         Jan Nowak,jan@acme.pl,+48 600 100 201,Room 5\n"
            .as_bytes(),
    );
    let said = r.ok(&["import", &f]);
    assert!(!said.contains("warning"), "{said}");
    let p = fields(&r, "anna", &["contacts", "notes"]);
    assert_eq!(
        p,
        json!({"contacts": [
                {"kind": "email", "label": "work", "value": "anna@acme.pl"},
                {"kind": "phone", "label": "home", "value": "+48 600 100 200"},
               ],
               "notes": "Office: Room 4"})
    );
}

/// Two columns under one label's name are each read as their own values; a value a column's
/// others are not stays in the notes instead of breaking the import.
#[test]
fn columns_named_by_one_label_are_read_each_as_its_values() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "two.csv",
        "Name,Work,Mobile,Work\n\
         Anna Kowalska,+48 22 100 20 30,+48 600 100 200,anna@acme.pl\n\
         Jan Nowak,+48 22 100 20 31,,jan@acme.pl\n\
         Ola Lis,see reception,,ola@acme.pl\n"
            .as_bytes(),
    );
    let said = r.ok(&["import", &f]);
    assert!(said.contains(": 3 created"), "{said}");
    assert_eq!(
        fields(&r, "anna", &["contacts"]),
        json!({"contacts": [
            {"kind": "phone", "label": "work", "value": "+48 22 100 20 30"},
            {"kind": "phone", "label": "mobile", "value": "+48 600 100 200"},
            {"kind": "email", "label": "work", "value": "anna@acme.pl"},
        ]})
    );
    assert_eq!(
        fields(&r, "ola", &["contacts", "notes"]),
        json!({"contacts": [{"kind": "email", "label": "work", "value": "ola@acme.pl"}],
               "notes": "Work: see reception"})
    );
}
