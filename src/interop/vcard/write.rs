//! vCard export: 4.0 (RFC 6350) or 3.0 (RFC 2426), CRLF, folded at 75 octets, one stable
//! UID per customer (`customers.uid`; rolo's own hex UIDs go out as `urn:uuid:` UUIDs, any
//! other that is no URI as text: see [`uid_line`]).

use crate::domain::{ContactKind, ContactPoint, Customer, CustomerKind};
use crate::interop::text::{escape, push_folded, split_person_name};

/// Which vCard version to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// vCard 3.0, for older clients.
    V3,
    /// vCard 4.0.
    V4,
}

/// The UID as written: `urn:uuid:` for a 32-hex-digit rolo UID, else the UID as it came.
pub fn uid_out(uid: &str) -> String {
    if uid.len() == 32 && uid.chars().all(|c| c.is_ascii_hexdigit()) {
        let u = uid.to_ascii_lowercase();
        format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &u[..8],
            &u[8..12],
            &u[12..16],
            &u[16..20],
            &u[20..]
        )
    } else {
        uid.to_string()
    }
}

/// Whether `s` is a URI (RFC 3986: a scheme, `:`, then URI characters) that needs no
/// escaping: one with `,` `;` or `\` is taken for text, which is escaped.
fn is_uri(s: &str) -> bool {
    crate::domain::contact::uri_scheme(s).is_some_and(|(_, rest)| {
        rest.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+=%".contains(c))
    })
}

/// The UID line. vCard 4.0's UID is a URI unless it says `VALUE=text` (RFC 6350 6.7.6):
/// a UID from elsewhere (`rolo-demo-42-0`, an app's own id) says so. vCard 3.0's is text.
/// Text is escaped (`\,` `\;` `\\`), or a reader splits it at the comma; rolo's import
/// unescapes it back to the stored UID.
pub fn uid_line(uid: &str, v: Version) -> String {
    let uid = uid_out(uid);
    match v {
        Version::V4 if is_uri(&uid) => format!("UID:{uid}"),
        Version::V4 => format!("UID;VALUE=text:{}", escape(&uid)),
        Version::V3 => format!("UID:{}", escape(&uid)),
    }
}

fn type_param(
    label: Option<&str>,
    kind: ContactKind,
    v: Version,
) -> (Option<String>, Option<String>) {
    let Some(label) = label else {
        return (None, None);
    };
    let standard = match (kind, label) {
        (ContactKind::Phone, "mobile") => Some("cell"),
        (_, "work" | "home")
        | (ContactKind::Phone, "fax" | "pager" | "voice" | "text" | "video") => Some(label),
        _ => None,
    };
    match standard {
        Some(t) if v == Version::V3 => (Some(t.to_ascii_uppercase()), None),
        Some(t) => (Some(t.to_string()), None),
        None => (None, Some(label.to_string())),
    }
}

/// Whether a contact point is written as IMPP: an address of instant messaging that is a
/// URI ([`is_uri`]: `xmpp:ala@jabber.pl`). One that is not (`skype:ala kowalska`, with a
/// space) is written as rolo's own `X-ROLO-CONTACT`, which the import reads back as one.
fn is_impp(cp: &ContactPoint) -> bool {
    cp.kind == ContactKind::Im && is_uri(&cp.value)
}

/// Appends a property (`name` with its parameters) with its value; with a `custom` label,
/// which no TYPE says, as Apple writes one: in an item group, `itemN.TEL:…` then
/// `itemN.X-ABLabel:…` (`item` counts the card's groups).
fn push_labelled(
    out: &mut String,
    item: &mut usize,
    name: &str,
    value: &str,
    custom: Option<String>,
) {
    match custom {
        Some(label) => {
            *item += 1;
            push_folded(out, &format!("item{item}.{name}:{value}"));
            push_folded(out, &format!("item{item}.X-ABLabel:{}", escape(&label)));
        }
        None => push_folded(out, &format!("{name}:{value}")),
    }
}

/// Appends one customer's card.
pub fn write_card(out: &mut String, c: &Customer, v: Version) {
    let line = |out: &mut String, s: &str| push_folded(out, s);
    line(out, "BEGIN:VCARD");
    line(
        out,
        if v == Version::V4 {
            "VERSION:4.0"
        } else {
            "VERSION:3.0"
        },
    );
    line(
        out,
        &format!("PRODID:-//rolo//rolo {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(out, &uid_line(&c.uid, v));
    if c.kind == CustomerKind::Org {
        line(
            out,
            if v == Version::V4 {
                "KIND:org"
            } else {
                "X-ABSHOWAS:COMPANY"
            },
        );
    }
    line(out, &format!("FN:{}", escape(&c.name)));
    match c.kind {
        CustomerKind::Person => {
            // The parts the name came with while they still fit it; else a guess.
            let n = if let Some(p) = c.name_parts.as_ref().filter(|p| p.fits(&c.name)) {
                p.n_order().map(escape)
            } else {
                let (given, family) = split_person_name(&c.name);
                [family, given, "", "", ""].map(escape)
            };
            line(out, &format!("N:{}", n.join(";")));
        }
        CustomerKind::Org => {
            if v == Version::V3 {
                line(out, "N:;;;;");
            }
        }
    }
    let org = match c.kind {
        CustomerKind::Org => Some(c.name.as_str()),
        CustomerKind::Person => c.org_name.as_deref(),
    };
    if let Some(org) = org {
        line(out, &format!("ORG:{}", escape(org)));
    }
    if let Some(t) = &c.title {
        line(out, &format!("TITLE:{}", escape(t)));
    }
    let mut item = 0;
    for cp in &c.contacts {
        // An address of instant messaging (`xmpp:ala@jabber.pl`, `sip:…`) is what other
        // programs know as IMPP (RFC 6350, and RFC 4770 for 3.0); other text stays rolo's.
        let impp = is_impp(cp);
        let name = match cp.kind {
            ContactKind::Email => "EMAIL",
            ContactKind::Phone => "TEL",
            ContactKind::Url => "URL",
            ContactKind::Im if impp => "IMPP",
            ContactKind::Im | ContactKind::Other => "X-ROLO-CONTACT",
        };
        let (typ, custom) = type_param(cp.label.as_deref(), cp.kind, v);
        let mut params = String::new();
        if v == Version::V3 && cp.kind == ContactKind::Email {
            params.push_str(";TYPE=INTERNET");
        }
        if let Some(t) = typ {
            params.push_str(&format!(";TYPE={t}"));
        }
        let value = if cp.kind == ContactKind::Url || impp {
            cp.value.clone()
        } else {
            escape(&cp.value)
        };
        push_labelled(out, &mut item, &format!("{name}{params}"), &value, custom);
    }
    if let Some(a) = &c.address {
        // In its parts when it came in parts; else the one line as the street.
        let parts = c.address_parts.as_ref();
        let adr = match parts.filter(|p| p.is_useful()) {
            Some(p) => p.adr_order().map(escape).join(";"),
            None => format!(";;{};;;;", escape(a)),
        };
        // Its label as a contact point's goes out: work and home as TYPE (the only types
        // of an address's kind, as of any but a phone), any other as an item's X-ABLabel.
        let (typ, custom) = type_param(c.address_label(), ContactKind::Other, v);
        let name = match typ {
            Some(t) => format!("ADR;TYPE={t}"),
            None => "ADR".to_string(),
        };
        push_labelled(out, &mut item, &name, &adr, custom);
    }
    if let Some(b) = c.birthday {
        let s = if v == Version::V4 {
            b.format("%Y%m%d")
        } else {
            b.format("%Y-%m-%d")
        };
        line(out, &format!("BDAY:{s}"));
    } else if let Some((m, d)) = crate::interop::text::yearless_birthday(&c.notes) {
        // A birthday without its year (kept as the note `Birthday: 1 June`) goes back out
        // as one, so a phone still reminds of it: vCard 4's `--MMDD`, and for 3.0, which
        // has no such date, Apple's year 1604 marked as no year.
        if v == Version::V4 {
            line(out, &format!("BDAY:--{m:02}{d:02}"));
        } else {
            line(
                out,
                &format!("BDAY;X-APPLE-OMIT-YEAR=1604:1604-{m:02}-{d:02}"),
            );
        }
    }
    if !c.notes.is_empty() {
        line(out, &format!("NOTE:{}", escape(&c.notes)));
    }
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape(t)).collect();
        line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    // rolo's own fields, as extension properties other clients ignore (RFC 6350 6.10) and
    // `rolo import` reads back.
    if !c.needs.is_empty() {
        line(out, &format!("X-ROLO-NEEDS:{}", escape(&c.needs)));
    }
    if let Some(o) = &c.owner {
        line(out, &format!("X-ROLO-OWNER:{}", escape(o)));
    }
    if let Some(d) = c.cadence_days {
        line(out, &format!("X-ROLO-CADENCE:{d}"));
    }
    line(
        out,
        &format!("REV:{}", c.updated_at.format("%Y%m%dT%H%M%SZ")),
    );
    line(out, "END:VCARD");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactPoint, CustomerId};
    use chrono::DateTime;

    fn anna() -> Customer {
        Customer {
            id: CustomerId(1),
            kind: CustomerKind::Person,
            name: "Anna Kowalska".into(),
            name_parts: None,
            org_id: Some(CustomerId(2)),
            org_name: Some("Acme, S.A.".into()),
            title: None,
            address: None,
            address_parts: None,
            notes: "line 1\nline 2; ok".into(),
            needs: String::new(),
            needs_updated_at: None,
            cadence_days: None,
            owner: None,
            birthday: None,
            uid: "0123456789abcdef0123456789abcdef".into(),
            created_at: DateTime::from_timestamp(0, 0).unwrap(),
            updated_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            last_contact_at: None,
            next_due: None,
            contacts: vec![
                ContactPoint {
                    kind: ContactKind::Phone,
                    value: "+48 600 100 200".into(),
                    label: Some("mobile".into()),
                },
                ContactPoint {
                    kind: ContactKind::Email,
                    value: "anna@acme.pl".into(),
                    label: Some("biuro".into()),
                },
            ],
            tags: vec!["key".into()],
        }
    }

    /// An instant-messaging address goes out as IMPP, which other programs read; other
    /// text that is no email, phone or web address stays rolo's own property, whatever it
    /// looks like.
    #[test]
    fn an_im_address_is_impp_and_other_text_is_rolos() {
        let im = |value: &str| ContactPoint {
            kind: ContactKind::Im,
            value: value.into(),
            label: None,
        };
        assert!(is_impp(&im("xmpp:ala@jabber.pl")));
        assert!(is_impp(&im("SIP:ala@voip.pl")));
        assert!(is_impp(&im("im:123456789")));
        assert!(!is_impp(&im("skype:ala kowalska")));
        // The kind says it, not the value: a web address or other text of such a scheme
        // is not one.
        for kind in [ContactKind::Url, ContactKind::Other] {
            assert!(!is_impp(&ContactPoint {
                kind,
                ..im("sip:ala@voip.pl")
            }));
        }
        let mut c = anna();
        c.contacts = vec![
            im("xmpp:ala@jabber.pl"),
            im("skype:ala kowalska"),
            ContactPoint {
                kind: ContactKind::Other,
                value: "Threema ABCD1234".into(),
                label: None,
            },
        ];
        for v in [Version::V4, Version::V3] {
            let mut out = String::new();
            write_card(&mut out, &c, v);
            assert!(out.contains("\r\nIMPP:xmpp:ala@jabber.pl\r\n"), "{out}");
            assert!(
                out.contains("\r\nX-ROLO-CONTACT:skype:ala kowalska\r\n"),
                "{out}"
            );
            assert!(
                out.contains("\r\nX-ROLO-CONTACT:Threema ABCD1234\r\n"),
                "{out}"
            );
        }
    }

    #[test]
    fn a_uid_that_is_no_uri_goes_out_as_escaped_text() {
        let cases = [
            // rolo's own: a UUID, a URI in both versions.
            (
                "0123456789abcdef0123456789abcdef",
                "UID:urn:uuid:01234567-89ab-cdef-0123-456789abcdef",
                "UID:urn:uuid:01234567-89ab-cdef-0123-456789abcdef",
            ),
            (
                "rolo-demo-42-0",
                "UID;VALUE=text:rolo-demo-42-0",
                "UID:rolo-demo-42-0",
            ),
            (
                "some-odd-uid,with;chars\\",
                "UID;VALUE=text:some-odd-uid\\,with\\;chars\\\\",
                "UID:some-odd-uid\\,with\\;chars\\\\",
            ),
            ("urn:x-abc:42", "UID:urn:x-abc:42", "UID:urn:x-abc:42"),
            (
                "https://x.test/a,b",
                "UID;VALUE=text:https://x.test/a\\,b",
                "UID:https://x.test/a\\,b",
            ),
            (
                "ABC:has space",
                "UID;VALUE=text:ABC:has space",
                "UID:ABC:has space",
            ),
            ("1abc:x", "UID;VALUE=text:1abc:x", "UID:1abc:x"),
        ];
        for (uid, v4, v3) in cases {
            assert_eq!(uid_line(uid, Version::V4), v4, "{uid}");
            assert_eq!(uid_line(uid, Version::V3), v3, "{uid}");
        }
    }

    #[test]
    fn writes_a_v4_card_exactly() {
        let mut out = String::new();
        write_card(&mut out, &anna(), Version::V4);
        let expected = "BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//rolo//rolo 0.1.0//EN\r\n\
UID:urn:uuid:01234567-89ab-cdef-0123-456789abcdef\r\nFN:Anna Kowalska\r\nN:Kowalska;Anna;;;\r\n\
ORG:Acme\\, S.A.\r\nTEL;TYPE=cell:+48 600 100 200\r\nitem1.EMAIL:anna@acme.pl\r\nitem1.X-ABLabel:biuro\r\n\
NOTE:line 1\\nline 2\\; ok\r\nCATEGORIES:key\r\nREV:20231114T221320Z\r\nEND:VCARD\r\n";
        assert_eq!(out, expected);
    }
}
