#![allow(clippy::unwrap_used)]
use super::*;

fn pt(kind: ContactKind, value: &str, label: Option<&str>) -> ContactPoint {
    ContactPoint {
        kind,
        value: value.into(),
        label: label.map(Into::into),
    }
}

#[test]
fn check_url_takes_a_scheme_or_a_host_and_names_what_it_refuses() {
    assert_eq!(check_url(" https://acme.pl ").unwrap(), "https://acme.pl");
    assert_eq!(
        check_url("linkedin.com/in/anna").unwrap(),
        "linkedin.com/in/anna"
    );
    for bad in ["acme", "https://", "acme pl.com", "anna@acme.pl", "://x.pl"] {
        assert_eq!(
            check_url(bad).unwrap_err(),
            format!(
                "`{bad}` is not a web address (expected https://example.com or example.com/page)"
            )
        );
    }
    let long = format!("https://acme.pl/{}", "a".repeat(MAX_URL_LEN));
    assert!(
        check_url(&long)
            .unwrap_err()
            .ends_with("is longer than 2048 characters, too long for a web address")
    );
}

#[test]
fn check_im_is_what_an_import_makes_of_the_address() {
    assert_eq!(
        check_im("skype:anna.k", None, Some("work")).unwrap(),
        pt(ContactKind::Im, "skype:anna.k", Some("work"))
    );
    assert_eq!(
        check_im("anna.k", Some("Skype"), None).unwrap(),
        pt(ContactKind::Im, "skype:anna.k", None)
    );
    assert_eq!(
        check_im("123456789", Some("QQ"), Some("work")).unwrap(),
        pt(ContactKind::Im, "im:123456789", Some("QQ, work"))
    );
    assert_eq!(
        check_im("whatsapp:+48600100200", None, None).unwrap(),
        pt(ContactKind::Im, "im:+48600100200", Some("WhatsApp"))
    );
    assert_eq!(
        check_im("anna.k", None, None).unwrap(),
        pt(ContactKind::Im, "im:anna.k", None)
    );
    assert_eq!(
        check_im("  ", Some("Skype"), None).unwrap_err(),
        "an IM address is empty; give it as skype:anna.k or anna.k --service Skype"
    );
}

#[test]
fn check_im_refuses_a_scheme_and_a_service_that_name_two_services() {
    assert_eq!(
        check_im("skype:anna", Some("QQ"), None).unwrap_err(),
        "`skype:anna` names its service by its `skype:` and --service `QQ` names another; \
         give the address without it (--add-im anna --service QQ) or leave --service out"
    );
    assert_eq!(
        check_im("XMPP:ala@jabber.pl", Some("Skype"), None).unwrap_err(),
        "`XMPP:ala@jabber.pl` names its service by its `xmpp:` and --service `Skype` names \
         another; give the address without it (--add-im ala@jabber.pl --service Skype) or \
         leave --service out"
    );
    // The service the scheme says, in any spelling; `im:` with a service no scheme says.
    assert_eq!(
        check_im("skype:anna", Some("skype"), None).unwrap(),
        pt(ContactKind::Im, "skype:anna", None)
    );
    assert_eq!(
        check_im("xmpp:ala@gmail.com", Some("Google Talk"), None).unwrap(),
        pt(ContactKind::Im, "xmpp:ala@gmail.com", None)
    );
    assert_eq!(
        check_im("im:123456789", Some("QQ"), None).unwrap(),
        pt(ContactKind::Im, "im:123456789", Some("QQ"))
    );
    // A scheme no URI names, and the service that is it: the one address.
    assert_eq!(
        check_im("qq:123456789", Some("qq"), None).unwrap(),
        check_im("qq:123456789", None, None).unwrap()
    );
    assert_eq!(
        check_im("qq:123456789", Some("QQ"), Some("work")).unwrap(),
        pt(ContactKind::Im, "im:123456789", Some("QQ, work"))
    );
    // A handle that has a colon of its own is the handle (Skype's `live:` ids).
    assert_eq!(
        check_im("live:anna_1", Some("Skype"), None).unwrap(),
        pt(ContactKind::Im, "skype:live:anna_1", None)
    );
}

#[test]
fn added_labels_every_point_and_refuses_a_label_or_service_alone() {
    let got = added(
        &["anna@acme.pl".into()],
        &[],
        &["acme.pl".into()],
        &["anna.k".into()],
        Some("Skype"),
        Some("Business"),
        &[],
    )
    .unwrap();
    assert_eq!(
        got,
        [
            pt(ContactKind::Email, "anna@acme.pl", Some("work")),
            pt(ContactKind::Url, "acme.pl", Some("work")),
            pt(ContactKind::Im, "skype:anna.k", Some("work")),
        ]
    );
    assert_eq!(
        added(&[], &[], &[], &[], None, Some("work"), &[])
            .unwrap_err()
            .to_string(),
        "--label labels what is added; give it with --add-email, --add-phone, --add-url or \
         --add-im"
    );
    assert_eq!(
        added(&[], &[], &["x.pl".into()], &[], Some("QQ"), None, &[])
            .unwrap_err()
            .to_string(),
        "--service names the service of an IM address; give the address with --add-im"
    );
    assert_eq!(
        added(&[], &[], &["x.pl".into()], &[], None, Some("a (b)"), &[])
            .unwrap_err()
            .to_string(),
        "the label `a (b)` has a `;`, a parenthesis or a control character, which the CSV \
         export could not give back; leave them out"
    );
}

#[test]
fn removed_matches_any_kind_and_lists_what_there_is() {
    let c = Customer {
        contacts: vec![
            pt(ContactKind::Im, "skype:anna.k", Some("work")),
            pt(ContactKind::Email, "Anna@Acme.pl", None),
            pt(ContactKind::Phone, "+48 600 100 200", None),
            pt(ContactKind::Url, "https://acme.pl/", None),
            pt(ContactKind::Im, "xmpp:anna.k", None),
            pt(ContactKind::Phone, "0048 600 100 200", None),
        ],
        ..Customer::bare(1, crate::domain::CustomerKind::Person, "Anna")
    };
    let r = |v: &[&str]| {
        removed(&c, &v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        r(&["anna@acme.PL", "+48 600 100 200", "acme.pl", "SKYPE:anna.k"]).unwrap(),
        [
            "Anna@Acme.pl",
            "+48 600 100 200",
            "https://acme.pl/",
            "skype:anna.k"
        ]
    );
    assert_eq!(
        r(&["600-100-200"]).unwrap_err(),
        "`600-100-200` is more than one contact point of Anna: phone +48 600 100 200, phone \
         0048 600 100 200; give the whole address"
    );
    assert_eq!(
        r(&["anna.k"]).unwrap_err(),
        "`anna.k` is more than one contact point of Anna: im skype:anna.k (work), im \
         xmpp:anna.k; give the whole address"
    );
    assert_eq!(
        r(&["anna@home.pl"]).unwrap_err(),
        "Anna has no contact point `anna@home.pl`; they have email Anna@Acme.pl, phone +48 600 \
         100 200, phone 0048 600 100 200, url https://acme.pl/, im skype:anna.k (work), im \
         xmpp:anna.k"
    );
}

#[test]
fn typed_point_reads_the_kind_from_the_value() {
    let t = |s: &str| typed_point(s).unwrap();
    assert_eq!(
        t("skype:anna.k (Business)"),
        pt(ContactKind::Im, "skype:anna.k", Some("work"))
    );
    assert_eq!(
        t("qq:123456789"),
        pt(ContactKind::Im, "im:123456789", Some("QQ"))
    );
    assert_eq!(
        t("anna@home.pl (home)"),
        pt(ContactKind::Email, "anna@home.pl", Some("home"))
    );
    assert_eq!(
        t("+48 22 111 22 33 x12"),
        pt(ContactKind::Phone, "+48 22 111 22 33 x12", None)
    );
    assert_eq!(
        t("https://acme.pl/team"),
        pt(ContactKind::Url, "https://acme.pl/team", None)
    );
    assert_eq!(
        typed_point("acme").unwrap_err(),
        "`acme` is not a web address (expected https://example.com or example.com/page)"
    );
    let a = pt(ContactKind::Url, "acme.pl", Some("work"));
    let b = pt(ContactKind::Im, "skype:anna.k", None);
    assert_eq!(line(&[&a, &b]), "acme.pl (work); skype:anna.k");
}

#[test]
fn line_changes_removes_what_is_gone_and_adds_what_is_new() {
    let a = pt(ContactKind::Url, "acme.pl", Some("work"));
    let b = pt(ContactKind::Im, "skype:anna.k", None);
    let before = [&a, &b];
    assert_eq!(
        line_changes(&before, "acme.pl (work); skype:anna.k").unwrap(),
        (vec![], vec![])
    );
    assert_eq!(
        line_changes(&before, " SKYPE:anna.k (home) ; anna@home.pl ;").unwrap(),
        (
            vec!["acme.pl".to_string()],
            vec![
                "SKYPE:anna.k (home)".to_string(),
                "anna@home.pl".to_string()
            ]
        )
    );
    assert_eq!(
        line_changes(&before, "acme.pl (home); skype:anna.k").unwrap_err(),
        "the label of `acme.pl` is changed by removing it, saving, and adding it again with \
         the new one"
    );
}

#[test]
fn the_line_of_a_value_ending_in_parentheses_of_its_own_reads_back_unchanged() {
    let a = pt(ContactKind::Im, "skype:anna (work)", None);
    let b = pt(ContactKind::Im, "im:555", Some("QQ, home"));
    let c = pt(ContactKind::Email, "biuro@acme.pl", Some("Büro (alt)"));
    let shown = line(&[&a, &b, &c]);
    assert_eq!(
        shown,
        "skype:anna (work) (); im:555 (QQ, home); biuro@acme.pl (Büro [alt])"
    );
    assert_eq!(
        line_changes(&[&a, &b, &c], &shown).unwrap(),
        (vec![], vec![])
    );
    // Typed without the `()`, its parentheses are a label: another point.
    assert_eq!(
        line_changes(&[&a], "skype:anna (work)").unwrap(),
        (
            vec!["skype:anna (work)".to_string()],
            vec!["skype:anna (work)".to_string()]
        )
    );
}

#[test]
fn the_line_doubles_a_semicolon_of_a_value_and_reads_it_back_as_one() {
    let a = pt(ContactKind::Im, "sip:anna@acme.pl;transport=tcp", None);
    let b = pt(ContactKind::Url, "https://acme.pl", Some("work"));
    let shown = line(&[&a, &b]);
    assert_eq!(
        shown,
        "sip:anna@acme.pl;;transport=tcp; https://acme.pl (work)"
    );
    assert_eq!(line_changes(&[&a, &b], &shown).unwrap(), (vec![], vec![]));
    assert_eq!(
        line_changes(&[&a, &b], &format!("{shown}; sip:ben@acme.pl;;t=1 (home)")).unwrap(),
        (vec![], vec!["sip:ben@acme.pl;t=1 (home)".to_string()])
    );
}

#[test]
fn check_label_cleans_and_bounds_a_label() {
    assert_eq!(check_label(" Business ").unwrap(), Some("work".to_string()));
    assert_eq!(check_label("  ").unwrap(), None);
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    assert_eq!(
        check_label(&long).unwrap_err().to_string(),
        format!(
            "the label `{long}` is longer than 40 characters; give a short one (work, home, \
             mobile)"
        )
    );
    let long_im = format!("skype:{}", "a".repeat(MAX_IM_LEN));
    assert!(
        check_im(&long_im, None, None)
            .unwrap_err()
            .ends_with("is longer than 254 characters, too long for an IM address")
    );
}
