//! vCard 2.1 / 3.0 / 4.0 import, streamed card by card from the raw bytes (so each
//! property's CHARSET can be honoured), and the export writer in [`write`].
//!
//! Hand-written rather than built on a vCard crate: the ones tried take `&str` input (no
//! per-property 8-bit CHARSET), keep PHOTO blobs in memory and do not report truncated
//! cards with line numbers — exactly the cases an import must get right.

mod card;
pub mod write;

use std::io::{BufRead, Read};

use encoding_rs::Encoding;

use super::decode::decode_value;
use super::limit::{Limit, MAX_VALUE_BYTES, Oversized};
use super::{BadRecord, Incoming, Location};

/// Properties whose values are binary blobs: skipped while reading, never accumulated.
const BLOBS: &[&str] = &["PHOTO", "LOGO", "SOUND", "KEY"];

/// One property of a card, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    /// Line where the property starts.
    pub line: usize,
    /// `item1` of `item1.EMAIL`, uppercase.
    pub group: Option<String>,
    /// Property name, uppercase.
    pub name: String,
    /// Parameters: (NAME, values), names uppercase; a bare `WORK` is (`TYPE`, [`WORK`]).
    pub params: Vec<(String, Vec<String>)>,
    /// The value decoded to text, still escaped.
    pub value: String,
    /// The value was not UTF-8 in a UTF-8 file, and was read as Windows-1252.
    pub not_utf8: bool,
}

impl Prop {
    /// The values of a parameter.
    pub fn param(&self, name: &str) -> impl Iterator<Item = &str> {
        self.params
            .iter()
            .filter(move |(n, _)| n == name)
            .flat_map(|(_, v)| v.iter().map(String::as_str))
    }
}

/// Reads cards from a byte stream (UTF-16 must be decoded to UTF-8 before).
pub struct VcardReader<R: BufRead> {
    input: R,
    line_no: usize,
    pending: Option<(usize, Vec<u8>)>,
    fallback: &'static Encoding,
    cards: usize,
    /// Start line of a card whose BEGIN was seen while reading the previous one.
    begun: Option<usize>,
    done: bool,
}

struct Logical {
    line: usize,
    bytes: Vec<u8>,
}

fn strip_eol(mut v: Vec<u8>) -> Vec<u8> {
    while matches!(v.last(), Some(b'\n' | b'\r')) {
        v.pop();
    }
    v
}

/// Splits at the first byte `sep` outside double quotes.
fn split_unquoted(s: &[u8], sep: u8) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            _ if b == sep && !quoted => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

fn is_qp(head: &[u8]) -> bool {
    let h = String::from_utf8_lossy(head).to_ascii_uppercase();
    h.contains("QUOTED-PRINTABLE")
}

fn prop_name(head: &[u8]) -> String {
    let name_end = head.iter().position(|&b| b == b';').unwrap_or(head.len());
    let name = &head[..name_end];
    let name = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
    String::from_utf8_lossy(name).trim().to_ascii_uppercase()
}

/// Decodes quoted-printable bytes (`=C5=81` -> `Ł`); a stray `=` is kept.
pub fn qp_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'='
            && i + 2 < s.len()
            && let (Some(h), Some(l)) = (hex(s[i + 1]), hex(s[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

impl<R: BufRead> VcardReader<R> {
    /// Reads from `input`; 8-bit values without a usable CHARSET are decoded as `fallback`
    /// (a UTF-8 file's: as Windows-1252, and marked `not_utf8`).
    pub fn new(input: R, fallback: &'static Encoding) -> Self {
        VcardReader {
            input,
            line_no: 0,
            pending: None,
            fallback,
            cards: 0,
            begun: None,
            done: false,
        }
    }

    fn physical(&mut self) -> std::io::Result<Option<(usize, Vec<u8>)>> {
        if let Some(p) = self.pending.take() {
            return Ok(Some(p));
        }
        let mut buf = Vec::new();
        // At most a value's limit and its line break (a line without any is not held whole).
        let cap = (MAX_VALUE_BYTES + 2) as u64;
        if self.input.by_ref().take(cap).read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        if buf.len() as u64 == cap && buf.last() != Some(&b'\n') {
            // A blob's line is dropped after its name (as its folded lines are); any other
            // line that long is refused.
            let head = split_unquoted(&buf, b':').map(|(h, _)| h.len());
            match head {
                Some(h) if BLOBS.contains(&prop_name(&buf[..h]).as_str()) => {
                    buf.truncate(h + 1);
                    loop {
                        let chunk = self.input.fill_buf()?;
                        if chunk.is_empty() {
                            break;
                        }
                        if let Some(i) = chunk.iter().position(|b| *b == b'\n') {
                            self.input.consume(i + 1);
                            break;
                        }
                        let n = chunk.len();
                        self.input.consume(n);
                    }
                }
                _ => return Err(Oversized::at(self.line_no, Limit::Value)),
            }
        }
        Ok(Some((self.line_no, strip_eol(buf))))
    }

    /// One unfolded content line; blobs come back with their value dropped.
    fn logical(&mut self) -> std::io::Result<Option<Logical>> {
        let Some((line, first)) = self.physical()? else {
            return Ok(None);
        };
        let head = split_unquoted(&first, b':').map_or(&first[..], |(h, _)| h);
        let blob = BLOBS.contains(&prop_name(head).as_str());
        let qp = is_qp(head);
        let mut bytes = if blob {
            let mut h = head.to_vec();
            h.push(b':');
            h
        } else {
            first
        };
        loop {
            if qp && bytes.last() == Some(&b'=') {
                // A soft line break: the value goes on at the start of the next line
                // (possibly in the middle of a multi-byte character).
                match self.physical()? {
                    Some((_, next)) => {
                        bytes.pop();
                        bytes.extend_from_slice(&next);
                        if bytes.len() > MAX_VALUE_BYTES && !blob {
                            return Err(Oversized::at(line, Limit::Value));
                        }
                        continue;
                    }
                    None => break,
                }
            }
            match self.physical()? {
                Some((_, next)) if matches!(next.first(), Some(b' ' | b'\t')) => {
                    if !blob {
                        bytes.extend_from_slice(&next[1..]);
                        if bytes.len() > MAX_VALUE_BYTES {
                            return Err(Oversized::at(line, Limit::Value));
                        }
                    }
                }
                Some(other) => {
                    self.pending = Some(other);
                    break;
                }
                None => break,
            }
        }
        Ok(Some(Logical { line, bytes }))
    }

    fn parse(&self, l: &Logical) -> Option<Prop> {
        let (head, raw) = split_unquoted(&l.bytes, b':')?;
        let mut parts = Vec::new();
        let mut rest = head;
        while let Some((a, b)) = split_unquoted(rest, b';') {
            parts.push(a);
            rest = b;
        }
        parts.push(rest);
        let full = String::from_utf8_lossy(parts[0])
            .trim()
            .to_ascii_uppercase();
        let (group, name) = match full.rsplit_once('.') {
            Some((g, n)) => (Some(g.to_string()), n.to_string()),
            None => (None, full),
        };
        let mut params: Vec<(String, Vec<String>)> = Vec::new();
        for p in &parts[1..] {
            let p = String::from_utf8_lossy(p);
            let (k, v) = match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().to_string()),
                None if p.eq_ignore_ascii_case("QUOTED-PRINTABLE") => {
                    ("ENCODING".to_string(), p.to_string())
                }
                None => ("TYPE".to_string(), p.trim().to_string()),
            };
            let values = v
                .split(',')
                .map(|x| x.trim().trim_matches('"').to_string())
                .filter(|x| !x.is_empty())
                .collect();
            params.push((k, values));
        }
        let prop = |(value, not_utf8)| Prop {
            line: l.line,
            group: group.clone(),
            name: name.clone(),
            params: params.clone(),
            value,
            not_utf8,
        };
        let enc = params
            .iter()
            .find(|(k, _)| k == "ENCODING")
            .and_then(|(_, v)| v.first())
            .map(|e| e.to_ascii_uppercase());
        let bytes = match enc.as_deref() {
            Some("QUOTED-PRINTABLE") => qp_decode(raw),
            Some("B" | "BASE64") => return Some(prop((String::new(), false))),
            _ => raw.to_vec(),
        };
        let charset = params
            .iter()
            .find(|(k, _)| k == "CHARSET")
            .and_then(|(_, v)| v.first())
            .cloned();
        Some(prop(decode_value(
            &bytes,
            charset.as_deref(),
            self.fallback,
        )))
    }

    /// The next card: `Ok(None)` at the end; a broken or truncated card is `Some(Err(..))`.
    pub fn next_record(&mut self) -> std::io::Result<Option<Result<Incoming, BadRecord>>> {
        if self.done {
            return Ok(None);
        }
        let mut card: Option<(usize, Vec<Prop>)> = self.begun.take().map(|l| (l, Vec::new()));
        loop {
            let Some(l) = self.logical()? else {
                self.done = true;
                return Ok(card.map(|(start, _)| Err(self.truncated(start))));
            };
            if l.bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Some(p) = self.parse(&l) else {
                if card.is_some() {
                    let (start, _) = card.take().unwrap_or_default();
                    self.cards += 1;
                    return Ok(Some(Err(BadRecord {
                        at: Location {
                            line: l.line,
                            record: self.cards,
                        },
                        field: "(line)".into(),
                        message: format!(
                            "`{}` is not a vCard property (NAME:value) in the card that starts at line {start}",
                            super::text::shown(&String::from_utf8_lossy(&l.bytes))
                        ),
                    })));
                }
                continue;
            };
            match (p.name.as_str(), card.as_mut()) {
                ("BEGIN", None) if p.value.trim().eq_ignore_ascii_case("VCARD") => {
                    card = Some((l.line, Vec::new()));
                }
                ("BEGIN", Some((start, _))) if p.value.trim().eq_ignore_ascii_case("VCARD") => {
                    let start = *start;
                    self.begun = Some(l.line);
                    return Ok(Some(Err(self.truncated(start))));
                }
                ("END", Some((start, props))) if p.value.trim().eq_ignore_ascii_case("VCARD") => {
                    self.cards += 1;
                    let at = Location {
                        line: *start,
                        record: self.cards,
                    };
                    return Ok(Some(card::build(props, at)));
                }
                (_, Some((_, props))) => props.push(p),
                (_, None) => {}
            }
        }
    }

    fn truncated(&mut self, start: usize) -> BadRecord {
        self.cards += 1;
        BadRecord {
            at: Location {
                line: start,
                record: self.cards,
            },
            field: "END".into(),
            message:
                "the card is truncated (no END:VCARD before the next card or the end of the file)"
                    .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::write::{Version, write_card};
    use super::*;
    use crate::domain::{ContactKind, ContactPoint, Customer, CustomerId, CustomerKind};
    use proptest::prelude::*;

    fn customer(name: &str, notes: &str, title: &str, needs: &str) -> Customer {
        Customer {
            id: CustomerId(1),
            kind: CustomerKind::Person,
            name: name.to_string(),
            name_parts: None,
            org_id: None,
            org_name: Some("Acme; Sales, Inc.".into()),
            title: Some(title.to_string()),
            address: None,
            address_parts: None,
            notes: notes.to_string(),
            needs: needs.to_string(),
            needs_updated_at: None,
            cadence_days: Some(14),
            owner: Some("Jan; Nowak, Sales".into()),
            birthday: chrono::NaiveDate::from_ymd_opt(1980, 2, 29),
            uid: "0123456789abcdef0123456789abcdef".into(),
            created_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            updated_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            last_contact_at: None,
            next_due: None,
            contacts: vec![ContactPoint {
                kind: ContactKind::Email,
                value: "a@b.pl".into(),
                label: Some("biuro 2".into()),
            }],
            tags: vec!["vip".into(), "key-accounts".into()],
        }
    }

    fn read(text: &str) -> Incoming {
        let mut r = VcardReader::new(text.as_bytes(), encoding_rs::WINDOWS_1252);
        let inc = r.next_record().unwrap().unwrap().unwrap();
        assert!(r.next_record().unwrap().is_none());
        inc
    }

    #[test]
    fn a_phonetic_company_name_is_the_organizations() {
        let person = read(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yoko Sato\r\nORG:株式会社サトウ\r\n\
             X-PHONETIC-ORG:かぶしきがいしゃさとう\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            (person.org_phonetic.as_deref(), person.notes.as_str()),
            (Some("かぶしきがいしゃさとう"), "")
        );
        let company = read(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:株式会社サトウ\r\nORG:株式会社サトウ\r\n\
             X-ABShowAs:COMPANY\r\nX-PHONETIC-ORG:かぶしきがいしゃさとう\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            (company.kind, company.org_phonetic, company.notes.as_str()),
            (
                CustomerKind::Org,
                None,
                "Phonetic name: かぶしきがいしゃさとう"
            )
        );
    }

    #[test]
    fn a_prefix_written_into_fn_is_taken_out_of_the_name() {
        let apple = read(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowalska;Anna;Maria;Dr.;\r\n\
             FN:Dr. Anna Maria Kowalska\r\nEND:VCARD\r\n",
        );
        assert_eq!(
            (apple.name.as_str(), apple.notes.as_str()),
            ("Anna Maria Kowalska", "Name prefix: Dr.")
        );
        // Only a whole word at the start, and never the whole name.
        let drew = read("BEGIN:VCARD\r\nN:;;;Dr;\r\nFN:Drew Barry\r\nEND:VCARD\r\n");
        assert_eq!(
            (drew.name.as_str(), drew.notes.as_str()),
            ("Drew Barry", "Name prefix: Dr")
        );
        let only = read("BEGIN:VCARD\r\nN:;;;Dr.;\r\nFN:Dr.\r\nEND:VCARD\r\n");
        assert_eq!(only.name, "Dr.");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Export then import gives the same data, for any text (multi-byte, escapes, folds).
        #[test]
        fn vcard_round_trip(
            name in "[A-Za-zÀ-ÿŁłŻżЖж山田 ,;:\\\\.'-]{1,90}",
            notes in "[a-zA-Zżółć山 ,;:\\\\\n.]{0,200}",
            title in "[A-Za-z ,;ż]{1,40}",
            needs in "[a-zA-Zżółć ,;:\\\n.]{0,120}",
        ) {
            let name = name.trim().to_string();
            prop_assume!(!name.is_empty());
            let title = title.trim().to_string();
            prop_assume!(!title.is_empty());
            for v in [Version::V3, Version::V4] {
                let mut out = String::new();
                write_card(&mut out, &customer(&name, &notes, &title, &needs), v);
                let inc = read(&out);
                prop_assert_eq!(&inc.name, &name);
                prop_assert_eq!(&inc.notes, &notes);
                prop_assert_eq!(inc.title.as_deref(), Some(title.as_str()));
                prop_assert_eq!(inc.org.as_deref(), Some("Acme; Sales, Inc."));
                prop_assert_eq!(inc.uid.as_deref(), Some("0123456789abcdef0123456789abcdef"));
                prop_assert_eq!(inc.birthday, chrono::NaiveDate::from_ymd_opt(1980, 2, 29));
                prop_assert_eq!(&inc.tags, &vec!["vip".to_string(), "key-accounts".to_string()]);
                prop_assert_eq!(inc.contacts[0].label.as_deref(), Some("biuro 2"));
                // rolo's own fields, in X-ROLO- properties.
                prop_assert_eq!(&inc.needs, &needs);
                prop_assert_eq!(inc.owner.as_deref(), Some("Jan; Nowak, Sales"));
                prop_assert_eq!(inc.cadence_days, Some(14));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// A name's parts go out in N and come back as they were, whatever their text.
        #[test]
        fn vcard_name_parts_round_trip(
            family in "[A-Za-zÀ-ÿŁłЖж山田 ,;:\\\\.'-]{1,30}",
            given in "[A-Za-zÀ-ÿŁłЖж山田 ,;:\\\\.'-]{0,30}",
            suffix in "[A-Za-z.,;]{0,6}",
        ) {
            let (family, given) = (family.trim(), given.trim());
            prop_assume!(!family.is_empty());
            let parts = crate::domain::NameParts::from_n(&[family, given, "", "", &suffix]);
            let mut c = customer(&format!("{given} {family}"), "", "CFO", "");
            c.name_parts = parts.clone();
            for v in [Version::V3, Version::V4] {
                let mut out = String::new();
                write_card(&mut out, &c, v);
                prop_assert_eq!(&read(&out).name_parts, &parts, "{}", out);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// An address's parts and label go out in `ADR` (the label as its TYPE, or a typed
        /// one as its item's X-ABLabel) and come back as they were, whatever their text.
        #[test]
        fn vcard_address_label_round_trip(
            street in "[A-Za-zÀ-ÿŁł0-9 ,;:\\\\.'-]{1,30}",
            city in "[A-Za-zŁł山 ;\\\\.-]{0,20}",
            label in "(work|home|[A-Za-zżółćŁ山 ,;:\\\\.-]{1,20})",
        ) {
            use crate::domain::AddressParts;
            use crate::domain::text::one_line;
            let (street, city, label) = (street.trim(), city.trim(), label.trim());
            prop_assume!(!street.is_empty() && one_line(street) == street);
            prop_assume!(one_line(city) == city);
            prop_assume!(crate::interop::text::clean_label(label) == label);
            let parts = AddressParts::from_adr(&["", "", street, city]);
            let parts = AddressParts::labelled(parts, Some(label));
            let mut c = customer("Anna Kowalska", "", "CFO", "");
            c.address = Some(street.to_string());
            c.address_parts = parts.clone();
            for v in [Version::V3, Version::V4] {
                let mut out = String::new();
                write_card(&mut out, &c, v);
                prop_assert_eq!(&read(&out).address_parts, &parts, "{}", out);
            }
        }
    }

    #[test]
    fn vcard_uids_read_back_exactly() {
        for uid in [
            "some-odd-uid,with;chars\\ and\\,more",
            "rolo-demo-42-0",
            "urn:x-abc:42",
            "https://x.test/a,b",
            "0123456789abcdef0123456789abcdef",
        ] {
            for v in [Version::V3, Version::V4] {
                let mut c = customer("Anna Kowalska", "", "CFO", "");
                c.uid = uid.into();
                let mut out = String::new();
                write_card(&mut out, &c, v);
                assert_eq!(read(&out).uid.as_deref(), Some(uid), "{v:?}: {out}");
            }
        }
    }

    #[test]
    fn qp_soft_break_inside_a_multibyte_character() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=\r\n=81ucja\r\nEND:VCARD\r\n";
        assert_eq!(read(text).name, "Łucja");
        assert_eq!(qp_decode(b"a=3Db=XYc="), b"a=b=XYc=".to_vec());
    }
}
