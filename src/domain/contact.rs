//! Contact points: the kinds of them, and how two are one.

use serde::{Deserialize, Serialize};

use super::text_enum;

/// What a contact point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A web address or profile link.
    Url,
    /// An address of instant messaging, as the URI a vCard's IMPP holds (`skype:anna.k`,
    /// `im:123456789` with the service in the label): built by
    /// [`crate::interop::im::im_point`] from whatever names it.
    Im,
    /// Anything else (a pager, `Signal: ask for it`, ...).
    Other,
}
text_enum!(ContactKind { Email => "email", Phone => "phone", Url => "url", Im => "im", Other => "other" });

/// One way to reach a customer; a customer has any number of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPoint {
    /// Email, phone, ...
    pub kind: ContactKind,
    /// As the user typed it.
    pub value: String,
    /// Optional label ("work", "mobile").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl ContactPoint {
    /// The form used for matching: lowercase email, digits of a phone (a `00` prefix as
    /// `+`: [`super::text::phone_norm`]).
    pub fn normalized(kind: ContactKind, value: &str) -> String {
        match kind {
            ContactKind::Phone => super::text::phone_norm(value),
            _ => value.trim().to_lowercase(),
        }
    }

    /// What two contact points of a kind are one by: the [`Self::normalized`] form, a
    /// phone's last digits ([`super::text::phone_key`]: `+48 601 234 567` is `601 234 567`),
    /// from the normalized form `norm`. How the store and every merge tell a customer has it.
    pub fn match_key(kind: ContactKind, norm: &str) -> &str {
        if kind == ContactKind::Phone && !norm.is_empty() {
            super::text::phone_key(norm)
        } else {
            norm
        }
    }

    /// Whether `self` and `other` are one contact point ([`Self::match_key`]).
    pub fn same_as(&self, other: &ContactPoint) -> bool {
        let (a, b) = (
            Self::normalized(self.kind, &self.value),
            Self::normalized(other.kind, &other.value),
        );
        self.kind == other.kind && Self::match_key(self.kind, &a) == Self::match_key(other.kind, &b)
    }
}

impl ContactKind {
    /// The kind now of a contact point written as `kind` by a rolo before the `im` kind
    /// (schema v19), which kept an address of instant messaging ([`is_im_uri`]) as
    /// `kept_as`: `other` in its database, undo journal, backups, dossiers and vCards, a web
    /// address in its CSV export. Such an address is [`ContactKind::Im`]; any other point
    /// keeps its kind. The one statement of that rule, for each reader of old data.
    pub fn before_im(kind: ContactKind, value: &str, kept_as: ContactKind) -> ContactKind {
        if kind == kept_as && is_im_uri(value) {
            ContactKind::Im
        } else {
            kind
        }
    }
}

/// Whether `value` starts with a URI scheme of instant messaging ([`IM_SCHEMES`]):
/// `skype:anna.k`, `im:123456789`. For what is typed, and for what was written before
/// contact points had the kind [`ContactKind::Im`] (schema v19, a backup or an export of
/// before), which kept such an address as `other`: read through
/// [`ContactKind::before_im`]. The kind says it now.
pub fn is_im_uri(value: &str) -> bool {
    uri_scheme(value)
        .is_some_and(|(scheme, _)| IM_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()))
}

/// The URI scheme `value` starts with and what follows its colon, as RFC 3986 spells a
/// scheme (a letter, then letters, digits, `+`, `-` or `.`), when something follows:
/// `skype:anna.k` is `skype` and `anna.k`, `https://acme.pl` is `https` and `//acme.pl`;
/// `10:30`, `:x` and `sip:` have none. The one reading of a scheme for web addresses, IM
/// addresses typed by hand and imported, and the edit form's typed contact points.
pub fn uri_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = value.split_once(':')?;
    let mut c = scheme.chars();
    let spelled = c.next().is_some_and(|c| c.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (spelled && !rest.is_empty()).then_some((scheme, rest))
}

/// The URI schemes of instant messaging (RFC 6350's IMPP; `im` is RFC 3860's, for any
/// service).
pub const IM_SCHEMES: &[&str] = &[
    "xmpp", "sip", "sips", "skype", "aim", "im", "ymsgr", "msnim", "irc", "icq", "gtalk", "matrix",
];

#[cfg(test)]
mod tests {
    use super::{ContactKind, is_im_uri, uri_scheme};

    #[test]
    fn before_im_makes_an_im_address_kept_as_the_old_kind_im() {
        use ContactKind::{Email, Im, Other, Url};
        let of = |kind, value| ContactKind::before_im(kind, value, Other);
        assert_eq!(of(Other, "skype:anna.k"), Im);
        assert_eq!(of(Other, "Signal: ask for it"), Other);
        assert_eq!(of(Url, "skype:anna.k"), Url);
        assert_eq!(of(Email, "xmpp:anna@acme.pl"), Email);
        // rolo's CSV export kept them among the web addresses.
        assert_eq!(ContactKind::before_im(Url, "skype:anna.k", Url), Im);
        assert_eq!(ContactKind::before_im(Url, "https://acme.pl", Url), Url);
    }

    #[test]
    fn uri_scheme_reads_a_scheme_as_rfc_3986_spells_it() {
        assert_eq!(uri_scheme("skype:anna.k"), Some(("skype", "anna.k")));
        assert_eq!(uri_scheme("https://acme.pl"), Some(("https", "//acme.pl")));
        assert_eq!(uri_scheme("svn+ssh://x"), Some(("svn+ssh", "//x")));
        assert_eq!(uri_scheme("qq:12345"), Some(("qq", "12345")));
        for none in ["10:30", ":x", "sip:", "anna.k", "a b:c", "_x:y", ""] {
            assert_eq!(uri_scheme(none), None, "{none}");
        }
    }

    #[test]
    fn is_im_uri_takes_the_schemes_of_instant_messaging_only() {
        assert!(is_im_uri("SKYPE:anna.k"));
        assert!(is_im_uri("im:123456789"));
        assert!(!is_im_uri("https://acme.pl"));
        assert!(!is_im_uri("qq:12345"));
        assert!(!is_im_uri("xmpp:"));
        assert!(!is_im_uri("Signal: ask for it"));
    }
}
