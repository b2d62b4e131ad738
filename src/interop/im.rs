//! Instant-messaging addresses from any reader (a CSV's `IM 1 - Service` and `IM 1 - Value`,
//! Outlook's `IMAddress`, a vCard's `IMPP` or `X-SKYPE`) as one kind of contact point: the URI
//! IMPP writes (`skype:anna.k`), which the vCard export gives back as IMPP.

use crate::domain::customer::uri_scheme;
use crate::domain::{ContactKind, ContactPoint};
use crate::interop::text::clean_label;

/// The URI scheme of a messaging service named as the programs name it (Google's `IM 1 -
/// Service`: `Skype`, `Google Talk`; Apple's `X-SERVICE-TYPE`), `None` for a service no
/// scheme of the vCard export's says (`QQ`, `WhatsApp`, one the user typed).
pub fn scheme_of_service(service: &str) -> Option<&'static str> {
    let folded = crate::domain::text::fold(service);
    Some(match folded.as_str() {
        "skype" => "skype",
        "google talk" | "gtalk" | "hangouts" | "google hangouts" | "jabber" | "xmpp" => "xmpp",
        "aim" => "aim",
        "icq" => "icq",
        "msn" | "windows live" | "live messenger" | "windows live messenger" => "msnim",
        "yahoo" | "yahoo messenger" => "ymsgr",
        "matrix" => "matrix",
        "sip" => "sip",
        "irc" => "irc",
        _ => return None,
    })
}

/// A service no scheme says, spelled as its makers spell it when it is a known one typed
/// otherwise (`qq:12345` typed, Google's `wechat`), else as given.
fn service_spelling(service: &str) -> &str {
    match crate::domain::text::fold(service).as_str() {
        "qq" => "QQ",
        "wechat" | "weixin" => "WeChat",
        "whatsapp" => "WhatsApp",
        "telegram" => "Telegram",
        "signal" => "Signal",
        "viber" => "Viber",
        "line" => "LINE",
        "threema" => "Threema",
        "kakaotalk" | "kakao" => "KakaoTalk",
        "gadu-gadu" | "gadugadu" | "gg" => "Gadu-Gadu",
        "groupwise" => "GroupWise",
        "netmeeting" => "NetMeeting",
        _ => service,
    }
}

/// The service an instant-messaging property of before IMPP names (`X-SKYPE` is Skype),
/// `None` for another property.
pub fn service_of_property(property: &str) -> Option<&'static str> {
    Some(match property {
        "X-SKYPE" | "X-SKYPE-USERNAME" => "Skype",
        "X-JABBER" => "Jabber",
        "X-GOOGLE-TALK" | "X-GTALK" => "Google Talk",
        "X-AIM" => "AIM",
        "X-ICQ" => "ICQ",
        "X-MSN" => "MSN",
        "X-YAHOO" => "Yahoo",
        "X-MATRIX" => "Matrix",
        "X-SIP" => "SIP",
        // Android's and Evolution's, which no URI scheme says.
        "X-QQ" => "QQ",
        "X-NETMEETING" => "NetMeeting",
        "X-GADUGADU" => "Gadu-Gadu",
        "X-GROUPWISE" => "GroupWise",
        _ => return None,
    })
}

/// One address of instant messaging as rolo keeps it: the URI IMPP writes. A service a
/// scheme says puts it before the address (`Skype` and `anna.k`: `skype:anna.k`), unless the
/// address has it already; Apple's `x-apple:` (its scheme for any service) gives way to it.
/// A service no scheme says (`QQ`) is the label, with the address's own after it (`QQ,
/// work`), and the address under the generic `im:` (RFC 3860); so is an address with no
/// service and no scheme (Outlook's `IMAddress`). The label `Other`, Google's when none was
/// chosen, says nothing. `None` for an empty value.
pub fn im_point(value: &str, service: Option<&str>, label: Option<&str>) -> Option<ContactPoint> {
    let value = value.trim();
    let service = service
        .map(|s| s.trim().trim_start_matches('*').trim())
        .filter(|s| !s.is_empty());
    let label = label
        .map(clean_label)
        .filter(|l| !l.is_empty() && l != "other");
    let bare = value
        .get(..8)
        .filter(|head| head.eq_ignore_ascii_case("x-apple:"))
        .map_or(value, |_| &value[8..])
        .trim();
    if bare.is_empty() {
        return None;
    }
    let (value, label) = match service.map(|s| (s, scheme_of_service(s))) {
        Some((_, Some(scheme))) => {
            let said = bare
                .get(..=scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{scheme}:")));
            let value = if said {
                bare.to_string()
            } else {
                format!("{scheme}:{bare}")
            };
            (value, label)
        }
        Some((named, None)) => {
            let value = if uri_scheme(bare).is_some() && bare.len() == value.len() {
                bare.to_string()
            } else {
                format!("im:{bare}")
            };
            let named = service_spelling(named);
            let label = match label {
                Some(l) => format!("{named}, {l}"),
                None => named.to_string(),
            };
            (value, Some(label))
        }
        None if uri_scheme(bare).is_some() => (bare.to_string(), label),
        None => (format!("im:{bare}"), label),
    };
    Some(ContactPoint {
        kind: ContactKind::Im,
        value,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::{im_point, service_of_property};

    fn point(value: &str, service: Option<&str>, label: Option<&str>) -> (String, Option<String>) {
        let p = im_point(value, service, label).unwrap();
        (p.value, p.label)
    }

    #[test]
    fn im_point_puts_a_known_service_as_the_scheme_and_keeps_the_label() {
        assert_eq!(
            point("anna.k", Some("Skype"), Some("Work")),
            ("skype:anna.k".into(), Some("work".into()))
        );
        assert_eq!(
            point("live:anna_1", Some("Skype"), None),
            ("skype:live:anna_1".into(), None)
        );
        assert_eq!(
            point("xmpp:ala@jabber.pl", Some("Jabber"), None),
            ("xmpp:ala@jabber.pl".into(), None)
        );
        assert_eq!(
            point("x-apple:ala@gmail.com", Some("Google Talk"), Some("home")),
            ("xmpp:ala@gmail.com".into(), Some("home".into()))
        );
        // Google's primary mark and the label `Other`, which says nothing.
        assert_eq!(
            point("anna", Some("* AIM"), Some("* Other")),
            ("aim:anna".into(), None)
        );
    }

    #[test]
    fn im_point_labels_an_unknown_service_and_keeps_an_address_without_one() {
        assert_eq!(
            point("123456789", Some("QQ"), Some("Work")),
            ("im:123456789".into(), Some("QQ, work".into()))
        );
        assert_eq!(
            point("x-apple:wxid_ab", Some("WeChat"), None),
            ("im:wxid_ab".into(), Some("WeChat".into()))
        );
        assert_eq!(
            point("sip:anna@contoso.com", None, None),
            ("sip:anna@contoso.com".into(), None)
        );
        assert_eq!(
            point("anna@contoso.com", None, None),
            ("im:anna@contoso.com".into(), None)
        );
        // Android's SIP address, with its scheme or without.
        assert_eq!(
            point("sip:anna@voip.pl", service_of_property("X-SIP"), None),
            ("sip:anna@voip.pl".into(), None)
        );
        assert_eq!(
            point("1234567", service_of_property("X-GADUGADU"), Some("home")),
            ("im:1234567".into(), Some("Gadu-Gadu, home".into()))
        );
        // A known service typed in other letters is spelled as its makers spell it.
        assert_eq!(
            point("123456789", Some("qq"), None),
            ("im:123456789".into(), Some("QQ".into()))
        );
        assert_eq!(
            point("wxid_ab", Some("WECHAT"), Some("home")),
            ("im:wxid_ab".into(), Some("WeChat, home".into()))
        );
        assert_eq!(
            point("anna", Some("Rocket.Chat"), None),
            ("im:anna".into(), Some("Rocket.Chat".into()))
        );
        assert_eq!(im_point("  ", Some("Skype"), None), None);
        assert_eq!(im_point("x-apple:", Some("QQ"), None), None);
    }
}
