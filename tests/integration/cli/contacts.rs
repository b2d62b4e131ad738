//! `rolo edit` adds, labels and removes contact points of every kind (email, phone, web and
//! IM addresses), and `rolo undo` brings each change back.

use serde_json::{Value, json};

use super::Rolo;

fn anna() -> Rolo {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "Anna Kowalska",
        "--email",
        "anna@acme.pl",
        "--phone",
        "+48 600 100 200",
    ]);
    r
}

fn contacts(r: &Rolo) -> Value {
    r.show("Anna Kowalska")["customer"]["contacts"].clone()
}

#[test]
fn edit_adds_web_and_im_addresses_with_a_label_as_an_import_does() {
    let r = anna();
    let said = r.ok(&[
        "edit",
        "anna",
        "--add-url",
        "linkedin.com/in/anna",
        "--add-im",
        "anna.k",
        "--service",
        "Skype",
        "--label",
        "Business",
    ]);
    assert_eq!(
        said,
        "Updated Anna Kowalska (#1): added url linkedin.com/in/anna, added im skype:anna.k\n"
    );
    r.ok(&["edit", "anna", "--add-im", "123456789", "--service", "QQ"]);
    r.ok(&[
        "edit",
        "anna",
        "--add-email",
        "anna@home.pl",
        "--label",
        "home",
    ]);
    assert_eq!(
        contacts(&r),
        json!([
            {"kind": "email", "value": "anna@acme.pl"},
            {"kind": "phone", "value": "+48 600 100 200"},
            {"kind": "url", "value": "linkedin.com/in/anna", "label": "work"},
            {"kind": "im", "value": "skype:anna.k", "label": "work"},
            {"kind": "im", "value": "im:123456789", "label": "QQ"},
            {"kind": "email", "value": "anna@home.pl", "label": "home"},
        ])
    );
    // Undo takes the last addition back, and only it.
    r.ok(&["undo"]);
    assert_eq!(contacts(&r).as_array().unwrap().len(), 5);
    r.ok(&[
        "edit",
        "anna",
        "--add-email",
        "anna@home.pl",
        "--label",
        "home",
    ]);
    // The same address typed with its scheme is the one she has.
    assert_eq!(
        r.refused(&["edit", "anna", "--add-im", "skype:anna.k"], 2),
        "error: nothing to change: Anna Kowalska has `skype:anna.k` already\n"
    );
}

#[test]
fn edit_refuses_a_bad_web_address_a_label_or_service_alone_and_two_services_for_one_im() {
    let r = anna();
    for (args, message) in [
        (
            &["--add-url", "acme"][..],
            "error: `acme` is not a web address (expected https://example.com or \
             example.com/page)\n",
        ),
        (
            &["--label", "work"][..],
            "error: --label labels what is added; give it with --add-email, --add-phone, \
             --add-url or --add-im\n",
        ),
        (
            &["--add-url", "acme.pl", "--service", "Skype"][..],
            "error: --service names the service of an IM address; give the address with \
             --add-im\n",
        ),
        (
            &["--service", "QQ"][..],
            "error: --service names the service of an IM address; give the address with \
             --add-im\n",
        ),
        // An address whose scheme names one service, and a service that names another.
        (
            &["--add-im", "skype:anna", "--service", "QQ"][..],
            "error: `skype:anna` names its service by its `skype:` and --service `QQ` names \
             another; give the address without it (--add-im anna --service QQ) or leave \
             --service out\n",
        ),
    ] {
        let mut a = vec!["edit", "anna"];
        a.extend_from_slice(args);
        assert_eq!(r.refused(&a, 2), message, "{args:?}");
    }
}

#[test]
fn edit_removes_any_kind_by_what_it_reads_and_undo_brings_it_back() {
    let r = anna();
    r.ok(&[
        "edit",
        "anna",
        "--add-url",
        "https://acme.pl/",
        "--add-im",
        "skype:anna.k",
        "--label",
        "work",
    ]);
    let before = contacts(&r);
    let said = r.ok(&[
        "edit",
        "anna",
        "--remove",
        "anna.k",
        "--remove",
        "600-100-200",
        "--remove",
        "ACME.pl",
    ]);
    assert_eq!(
        said,
        "Updated Anna Kowalska (#1): removed skype:anna.k, removed +48 600 100 200, removed \
         https://acme.pl/\n"
    );
    assert_eq!(
        contacts(&r),
        json!([{"kind": "email", "value": "anna@acme.pl"}])
    );
    assert_eq!(
        r.refused(&["edit", "anna", "--remove", "anna.k"], 2),
        "error: Anna Kowalska has no contact point `anna.k`; they have email anna@acme.pl\n"
    );
    r.ok(&["undo"]);
    assert_eq!(contacts(&r), before);
}
