//! Customers: people and organizations, and their contact points.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use super::contact::{ContactKind, ContactPoint, IM_SCHEMES, is_im_uri, uri_scheme};
use super::{AddressParts, CustomerId, NameParts, text_enum};

/// A person, or an organization that people belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    /// A person (may belong to an organization).
    #[default]
    Person,
    /// An organization; its view rolls up its people.
    Org,
}
text_enum!(CustomerKind { Person => "person", Org => "org" });

/// What we know of a customer, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Row id.
    pub id: CustomerId,
    /// Person or organization.
    pub kind: CustomerKind,
    /// Display name.
    pub name: String,
    /// The name in parts, when it came in parts (an import); kept only with that name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_parts: Option<NameParts>,
    /// The organization a person belongs to.
    pub org_id: Option<CustomerId>,
    /// The organization's name, when there is one.
    pub org_name: Option<String>,
    /// Job title or role.
    pub title: Option<String>,
    /// Postal address, free form.
    pub address: Option<String>,
    /// The address in parts, when it came in parts (an import); kept only with that text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_parts: Option<AddressParts>,
    /// Free notes.
    pub notes: String,
    /// What they need and prefer.
    pub needs: String,
    /// When `needs` was last written.
    pub needs_updated_at: Option<DateTime<Utc>>,
    /// How often they should hear from us, in days.
    pub cadence_days: Option<u32>,
    /// Who handles them.
    pub owner: Option<String>,
    /// Birthday, if known.
    pub birthday: Option<NaiveDate>,
    /// Stable id for exports (vCard UID, dossier).
    pub uid: String,
    /// When the customer was created.
    pub created_at: DateTime<Utc>,
    /// When the profile was last changed.
    pub updated_at: DateTime<Utc>,
    /// Denormalized: the last interaction that was a contact (notes excluded).
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Denormalized: the earliest open follow-up.
    pub next_due: Option<NaiveDate>,
    /// Contact points, in the order given.
    pub contacts: Vec<ContactPoint>,
    /// Tags, sorted.
    pub tags: Vec<String>,
}

impl Customer {
    /// The address's label (`work`, `home`, a typed one), kept with its parts.
    pub fn address_label(&self) -> Option<&str> {
        self.address_parts.as_ref().and_then(AddressParts::label)
    }

    /// The contact points as a person reads them: emails, then phones, then web addresses,
    /// then the rest, each kind in its own order (a merge appends a second email after
    /// the phones; it is still shown with the first).
    pub fn contacts_by_kind(&self) -> Vec<&ContactPoint> {
        let rank = |k: ContactKind| match k {
            ContactKind::Email => 0,
            ContactKind::Phone => 1,
            ContactKind::Url => 2,
            ContactKind::Im => 3,
            ContactKind::Other => 4,
        };
        let mut out: Vec<&ContactPoint> = self.contacts.iter().collect();
        out.sort_by_key(|c| rank(c.kind));
        out
    }

    /// The first email, if any.
    pub fn email(&self) -> Option<&str> {
        self.first(ContactKind::Email)
    }

    /// The first phone, if any.
    pub fn phone(&self) -> Option<&str> {
        self.first(ContactKind::Phone)
    }

    fn first(&self, kind: ContactKind) -> Option<&str> {
        self.contacts
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.value.as_str())
    }
}

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Checks a name's length (at most [`MAX_NAME_CHARS`] characters): `Err` in words, quoting
/// it short.
pub fn check_name_len(name: &str) -> Result<(), String> {
    // (Bytes first: most names are far shorter than 200 bytes, and need no count.)
    if name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "`{}` is longer than {MAX_NAME_CHARS} characters",
            super::text::shown(name)
        ));
    }
    Ok(())
}

/// Validates a customer name: not blank, at most [`MAX_NAME_CHARS`] characters.
pub fn check_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("a customer needs a name".into());
    }
    check_name_len(trimmed)?;
    Ok(trimmed.to_string())
}

/// The longest contact cadence, in days: ten years.
pub const MAX_CADENCE_DAYS: i64 = 3650;

/// Checks a contact cadence: 1 to [`MAX_CADENCE_DAYS`] days.
pub fn check_cadence_days(days: i64) -> Result<u32, String> {
    super::in_range(days, 1..=MAX_CADENCE_DAYS, || {
        format!("a contact cadence of {days} days is out of range (1 to {MAX_CADENCE_DAYS})")
    })
}

/// A contact cadence as a file writes it, a number of days (`14`), checked
/// ([`check_cadence_days`]); the message quotes the text (cut: [`super::text::shown`]).
pub fn read_cadence_days(text: &str) -> Result<u32, String> {
    let days: i64 = text.parse().map_err(|_| {
        format!(
            "`{}` is not a number of days (e.g. 14)",
            super::text::shown(text)
        )
    })?;
    check_cadence_days(days)
}

/// The longest email address, in bytes (RFC 5321's limit on a path, less its brackets).
pub const MAX_EMAIL_LEN: usize = 254;
/// The longest phone number, in bytes.
pub const MAX_PHONE_LEN: usize = 64;

/// `Err` when `value` is longer than `max` bytes, quoting it short.
pub fn check_len(value: &str, max: usize, what: &str) -> Result<(), String> {
    if value.len() > max {
        return Err(format!(
            "`{}` is longer than {max} characters, too long for {what}",
            crate::domain::text::shown(value)
        ));
    }
    Ok(())
}

/// Validates an email address loosely: one `@`, something on both sides, a dot in the domain;
/// at most [`MAX_EMAIL_LEN`] bytes.
pub fn check_email(email: &str) -> Result<String, String> {
    let e = email.trim();
    check_len(e, MAX_EMAIL_LEN, "an email address")?;
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(e.to_string())
    } else {
        Err(format!(
            "`{}` is not an email address (expected name@example.com)",
            crate::domain::text::shown(email)
        ))
    }
}

/// Validates a phone number: at least 3 digits, only digits, spaces and `+-()./`, and an
/// extension (` x12`; `ext. 12` and the like are written so); at most [`MAX_PHONE_LEN`]
/// bytes.
pub fn check_phone(phone: &str) -> Result<String, String> {
    check_len(phone.trim(), MAX_PHONE_LEN, "a phone number")?;
    let p = with_short_extension(without_label(phone.trim()));
    let p = p.as_ref();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let allowed = p
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()./".contains(c) || c == 'x');
    if digits >= 3 && allowed {
        Ok(p.to_string())
    } else if excel_scientific(p) {
        Err(format!(
            "`{}` is not a phone number: a spreadsheet wrote the number in scientific notation \
             and its last digits are lost; format the column as text, type the numbers again \
             and save again",
            crate::domain::text::shown(phone)
        ))
    } else {
        Err(format!(
            "`{}` is not a phone number (digits, spaces and + - ( ) . / only, and an extension \
             such as x12 or ext. 12)",
            crate::domain::text::shown(phone)
        ))
    }
}

/// An extension in words or signs (`ext. 12`, `extension 12`, `#12`; `wew. 12`, Polish;
/// `poste 12`, French) in rolo's form ` x12`, which the phone check takes and matching
/// leaves out ([`super::text::phone_norm`]); the number itself, unchanged, without one.
fn with_short_extension(p: &str) -> std::borrow::Cow<'_, str> {
    // Most numbers have no letter and no `#`: nothing to look for (every imported phone
    // comes through here).
    if !p.bytes().any(|b| b.is_ascii_alphabetic() || b == b'#') {
        return p.into();
    }
    // ASCII lowercase keeps every byte where it was: `at` indexes `p` too.
    let lower = p.to_ascii_lowercase();
    for word in [
        "extension",
        "extensión",
        "extn",
        "ext.",
        "ext",
        "wewn.",
        "wew.",
        "wewn",
        "wew",
        "poste",
        "durchwahl",
        "#",
    ] {
        if let Some(at) = lower.rfind(word) {
            let digits = p[at + word.len()..].trim_start_matches([' ', ':', '.']);
            let head_ok = at > 0 && p[..at].ends_with([' ', ',']);
            if head_ok && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                let head = p[..at].trim_end().trim_end_matches(',').trim_end();
                return format!("{head} x{digits}").into();
            }
        }
    }
    p.into()
}

/// Words a phone number is written after (`tel. 609 111 003`, `Tel: +49 …`, `mob. 601 …`,
/// `tel. kom. 601 …`), in English, Polish, German, French and Spanish.
const PHONE_LABELS: &[&str] = &[
    "tel",
    "tél",
    "telefon",
    "telephone",
    "téléphone",
    "teléfono",
    "phone",
    "ph",
    "mob",
    "mobile",
    "cell",
    "kom",
    "komórka",
    "handy",
    "portable",
    "móvil",
    "movil",
    "cel",
    "celular",
];

/// The number without a label written before it: `tel. 609 111 003` is `609 111 003`. Only
/// the words of [`PHONE_LABELS`] (a fax number stays refused: it is another kind of line).
fn without_label(p: &str) -> &str {
    let Some(start) = p.find(|c: char| c.is_ascii_digit() || c == '+' || c == '(') else {
        return p;
    };
    let head = p[..start].to_lowercase();
    let mut words = head
        .split([' ', '.', ':'])
        .filter(|w| !w.is_empty())
        .peekable();
    if words.peek().is_some() && words.all(|w| PHONE_LABELS.contains(&w)) {
        &p[start..]
    } else {
        p
    }
}

/// A number as a spreadsheet shows a long one: `4.91712E+11`, `4,91712E+11`.
fn excel_scientific(p: &str) -> bool {
    let Some((mantissa, exp)) = p.split_once(['E', 'e']) else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let mantissa = mantissa.replacen([',', '.'], "", 1);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit())
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
}

/// Validates a tag: one word of letters, digits, `-`, `_`, `/` or `:`; stored lowercase.
pub fn check_tag(tag: &str) -> Result<String, String> {
    let t = tag.trim().trim_start_matches('+').to_lowercase();
    if !t.is_empty()
        && t.chars().count() <= 50
        && t.chars()
            .all(|c| c.is_alphanumeric() || "-_/:.".contains(c))
    {
        Ok(t)
    } else {
        // Several words: say the one-word spelling imports give such labels.
        let hint = if t.contains(char::is_whitespace) {
            let joined = t.split_whitespace().collect::<Vec<_>>().join("-");
            check_tag(&joined).map_or_else(|_| String::new(), |j| format!("; `{j}` is one"))
        } else {
            String::new()
        };
        Err(format!(
            "`{}` is not a tag (one word: letters, digits, - _ / : .{hint})",
            crate::domain::text::shown(tag)
        ))
    }
}

/// A new stable customer UID: 32 hex digits in the `UUIDv7` layout — 48 bits of Unix
/// milliseconds, the version, a 12-bit counter that keeps UIDs made in one process strictly
/// increasing, the variant and 62 random bits. Time order keeps the rows of one import
/// together in the UID index (appended, not scattered over it); the random part keeps two
/// machines' UIDs apart.
pub fn new_uid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
        & ((1 << 48) - 1);
    // (ms << 12 | counter), strictly increasing; a burst of more than 4096 a millisecond
    // borrows from the next millisecond.
    let mut prev = LAST.load(Ordering::Relaxed);
    let stamp = loop {
        let next = (ms << 12).max(prev + 1);
        match LAST.compare_exchange_weak(prev, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(p) => prev = p,
        }
    };
    let high = ((stamp >> 12) << 16) | 0x7000 | (stamp & 0xfff);
    let low = (fastrand::u64(..) >> 2) | (0b10 << 62);
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
impl Customer {
    /// A customer of `id`, `kind` and `name` with nothing else known (uid `u`, created at the
    /// epoch), for a test to fill in: `Customer { contacts, ..Customer::bare(1, kind, "Anna") }`.
    pub fn bare(id: i64, kind: CustomerKind, name: &str) -> Self {
        let at = chrono::DateTime::UNIX_EPOCH;
        Customer {
            id: CustomerId(id),
            kind,
            name: name.into(),
            name_parts: None,
            org_id: None,
            org_name: None,
            title: None,
            address: None,
            address_parts: None,
            notes: String::new(),
            needs: String::new(),
            needs_updated_at: None,
            cadence_days: None,
            owner: None,
            birthday: None,
            uid: "u".into(),
            created_at: at,
            updated_at: at,
            last_contact_at: None,
            next_due: None,
            contacts: Vec::new(),
            tags: Vec::new(),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_name_takes_up_to_200_characters() {
        let at = "ż".repeat(200);
        assert_eq!(check_name(&format!(" {at} ")), Ok(at.clone()));
        assert_eq!(check_name_len(&at), Ok(()));
        let past = "ż".repeat(201);
        let said = format!(
            "`{}` is longer than 200 characters",
            crate::domain::text::shown(&past)
        );
        assert_eq!(check_name(&past), Err(said.clone()));
        assert_eq!(check_name_len(&past), Err(said));
        assert_eq!(check_name("  "), Err("a customer needs a name".into()));
    }

    #[test]
    fn check_cadence_days_takes_a_day_to_ten_years() {
        assert_eq!(check_cadence_days(1), Ok(1));
        assert_eq!(check_cadence_days(3650), Ok(3650));
        for d in [0, 3651, -1, i64::MAX] {
            assert_eq!(
                check_cadence_days(d),
                Err(format!(
                    "a contact cadence of {d} days is out of range (1 to 3650)"
                ))
            );
        }
        // The help text's range is this one.
        assert!(
            crate::domain::when::ACCEPTED_CADENCE_FORMS
                .ends_with(&format!("(1 to {MAX_CADENCE_DAYS} days)"))
        );
    }

    #[test]
    fn check_email_accepts_and_rejects() {
        assert!(check_email("anna@acme.pl").is_ok());
        assert!(check_email("anna@acme").is_err());
        assert!(check_email("anna acme.pl").is_err());
        assert!(check_email("a b@acme.pl").is_err());
    }

    #[test]
    fn check_phone_accepts_international_forms() {
        assert!(check_phone("+48 600 100 200").is_ok());
        assert!(check_phone("(030) 123-45").is_ok());
        assert!(check_phone("call me").is_err());
        // An extension in words, as `rolo add --phone` and every import take it.
        assert_eq!(
            check_phone("+48 22 555 01 00 wew. 12").as_deref(),
            Ok("+48 22 555 01 00 x12")
        );
        assert_eq!(check_phone("555 0100, ext 7").as_deref(), Ok("555 0100 x7"));
        assert!(check_phone("next 12").is_err());
        // A label before the number, and `#12` or `poste 12` for the extension.
        for (typed, stored) in [
            ("tel. 609 111 003 wew. 12", "609 111 003 x12"),
            ("Tel: +49 30 1234567", "+49 30 1234567"),
            ("tel. kom. 601 222 333", "601 222 333"),
            ("Tél. 01 40 42 22 22 poste 5", "01 40 42 22 22 x5"),
            ("+1 555 123 4567 #12", "+1 555 123 4567 x12"),
        ] {
            assert_eq!(check_phone(typed).as_deref(), Ok(stored), "{typed}");
        }
        // Only those words: a fax, or any other text, is no phone label.
        assert!(check_phone("fax 22 555 01 00").is_err());
        assert!(check_phone("ask Ola 601 222 333").is_err());
        assert!(check_phone("#12").is_err());
        for sci in ["4,91712E+11", "4.91712E+11", "4E11"] {
            let e = check_phone(sci).unwrap_err();
            assert!(e.contains("scientific notation"), "{e}");
        }
        assert!(!check_phone("E+11").unwrap_err().contains("scientific"));
    }

    #[test]
    fn check_tag_lowercases() {
        assert_eq!(check_tag("Key").as_deref(), Ok("key"));
        assert_eq!(
            check_tag("From LinkedIn"),
            Err("`From LinkedIn` is not a tag (one word: letters, digits, - _ / : .; `from-linkedin` is one)".into())
        );
        // No spelling to offer: no hint (and no endless search for one).
        assert_eq!(
            check_tag("a b*"),
            Err("`a b*` is not a tag (one word: letters, digits, - _ / : .)".into())
        );
        assert!(check_tag("a*b").is_err());
    }

    #[test]
    fn contact_point_normalizes() {
        assert_eq!(
            ContactPoint::normalized(ContactKind::Phone, "+48 600-100-200"),
            "48600100200"
        );
        assert_eq!(
            ContactPoint::normalized(ContactKind::Email, " Anna@Acme.PL"),
            "anna@acme.pl"
        );
    }

    #[test]
    fn new_uids_are_uuidv7_shaped_and_strictly_increasing() {
        let uids: Vec<String> = (0..10_000).map(|_| new_uid()).collect();
        for u in &uids {
            assert_eq!(u.len(), 32);
            assert!(
                u.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert_eq!(&u[12..13], "7", "version");
            assert!(matches!(&u[16..17], "8" | "9" | "a" | "b"), "variant");
        }
        assert!(uids.windows(2).all(|w| w[0] < w[1]), "time-ordered");
    }
}
