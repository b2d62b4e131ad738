//! What an edit makes of contact points beyond the main email and phone: web addresses and
//! addresses of instant messaging added with a label, and a removal matched to what the
//! customer has.
//!
//! An IM address typed by hand is built by [`crate::interop::im::im_point`], as an imported
//! one is (`--add-im anna.k --service Skype` is `skype:anna.k`), so the two are one.

use super::CommandError;
use crate::domain::customer::{check_email, check_len, check_phone, is_im_uri, uri_scheme};
use crate::domain::text::shown;
use crate::domain::{ContactKind, ContactPoint, Customer};

/// The longest web address, in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// The longest address of instant messaging, in bytes.
pub const MAX_IM_LEN: usize = 254;
/// The longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 40;

fn usage(msg: String) -> CommandError {
    CommandError::Usage(msg)
}

/// A label typed for the contact points an edit adds, cleaned as an import's (`Business`
/// is `work`); `None` for a blank one.
pub(super) fn check_label(raw: &str) -> Result<Option<String>, CommandError> {
    let label = crate::interop::text::clean_label(raw);
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(usage(format!(
            "the label `{}` is longer than {MAX_LABEL_CHARS} characters; give a short one \
             (work, home, mobile)",
            shown(&label)
        )));
    }
    if label
        .chars()
        .any(|c| c.is_control() || matches!(c, ';' | '(' | ')'))
    {
        return Err(usage(format!(
            "the label `{}` has a `;`, a parenthesis or a control character, which the CSV \
             export could not give back; leave them out",
            shown(raw)
        )));
    }
    Ok(Some(label).filter(|l| !l.is_empty()))
}

/// Checks a web address: no spaces, at most [`MAX_URL_LEN`] bytes, and either a scheme with
/// `://` and a host (`https://acme.pl`) or a host with a dot (`acme.pl/team`).
pub fn check_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    check_len(url, MAX_URL_LEN, "a web address")?;
    // (`acme.pl:8080/team` has no `://`: it is a host, not a scheme.)
    let host = if url.contains("://") {
        uri_scheme(url)
            .and_then(|(_, rest)| rest.strip_prefix("//"))
            .unwrap_or_default()
    } else {
        url
    };
    let host = host.split(['/', '?', '#']).next().unwrap_or_default();
    let ok = !host.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && (url.contains("://") || (host.contains('.') && !host.contains('@')));
    if ok {
        Ok(url.to_string())
    } else {
        Err(format!(
            "`{}` is not a web address (expected https://example.com or example.com/page)",
            shown(raw)
        ))
    }
}

/// An address of instant messaging typed by hand: `skype:anna.k`, or `anna.k` with the
/// `service` (`Skype`, `QQ`); an unknown scheme (`whatsapp:+48 600`) names the service.
/// An address whose scheme names one service (`skype:anna`) and a `service` that names
/// another (`QQ`) are refused, naming both: which one was meant is the user's to say.
/// (`im:`, RFC 3860's for any service, takes a service no scheme says: `im:12345` of QQ.)
pub fn check_im(
    raw: &str,
    service: Option<&str>,
    label: Option<&str>,
) -> Result<ContactPoint, String> {
    let value = raw.trim();
    check_len(value, MAX_IM_LEN, "an IM address")?;
    let service = service.map(str::trim).filter(|s| !s.is_empty());
    if let (Some(named), Some((scheme, rest))) = (service, uri_scheme(value))
        && is_im_uri(value)
    {
        let scheme = scheme.to_ascii_lowercase();
        let says = crate::interop::im::scheme_of_service(named);
        let agree = says == Some(scheme.as_str()) || (scheme == "im" && says.is_none());
        if !agree {
            return Err(format!(
                "`{}` names its service by its `{scheme}:` and --service `{}` names another; \
                 give the address without it (--add-im {} --service {}) or leave --service out",
                shown(value),
                shown(named),
                shown(rest.trim()),
                shown(named)
            ));
        }
    }
    // An unknown scheme names the service (`qq:12345`), the one --service names too.
    let (value, service) = match (service, uri_scheme(value)) {
        (None, Some((scheme, rest))) if !is_im_uri(value) && !rest.trim().is_empty() => {
            (rest.trim(), Some(scheme))
        }
        (Some(named), Some((scheme, rest)))
            if !is_im_uri(value)
                && !rest.trim().is_empty()
                && crate::domain::text::fold(named) == crate::domain::text::fold(scheme) =>
        {
            (rest.trim(), Some(named))
        }
        _ => (value, service),
    };
    if value.chars().any(char::is_control) {
        return Err(format!(
            "`{}` has a control character; an IM address is one line",
            shown(raw)
        ));
    }
    crate::interop::im::im_point(value, service, label).ok_or_else(|| {
        "an IM address is empty; give it as skype:anna.k or anna.k --service Skype".to_string()
    })
}

/// The contact points `edit` adds, each with `label`: emails, phones, web addresses, IM
/// addresses (with `service`), in that order.
pub(super) fn added(
    emails: &[String],
    phones: &[String],
    urls: &[String],
    ims: &[String],
    service: Option<&str>,
    label: Option<&str>,
    typed: &[String],
) -> Result<Vec<ContactPoint>, CommandError> {
    if service.is_some() && ims.is_empty() {
        return Err(usage(
            "--service names the service of an IM address; give the address with --add-im".into(),
        ));
    }
    let label = label.map(check_label).transpose()?.flatten();
    if label.is_some() && emails.len() + phones.len() + urls.len() + ims.len() == 0 {
        return Err(usage(
            "--label labels what is added; give it with --add-email, --add-phone, --add-url or \
             --add-im"
                .into(),
        ));
    }
    let mut out = Vec::new();
    for t in typed {
        out.push(typed_point(t).map_err(usage)?);
    }
    let point = |kind, value| ContactPoint {
        kind,
        value,
        label: label.clone(),
    };
    for e in emails {
        out.push(point(ContactKind::Email, check_email(e).map_err(usage)?));
    }
    for p in phones {
        out.push(point(ContactKind::Phone, check_phone(p).map_err(usage)?));
    }
    for u in urls {
        out.push(point(ContactKind::Url, check_url(u).map_err(usage)?));
    }
    for i in ims {
        out.push(check_im(i, service, label.as_deref()).map_err(usage)?);
    }
    Ok(out)
}

/// A contact point typed as the edit form and the CSV export write one, `value (label)`,
/// of the kind its value reads as: an IM address (`skype:anna.k`, `qq:12345`), an email, a
/// phone, else a web address.
pub fn typed_point(entry: &str) -> Result<ContactPoint, String> {
    let (value, label) = crate::interop::sheet::export::labelled(entry);
    let label = label.map(crate::interop::text::clean_label);
    let point = |kind, value| ContactPoint {
        kind,
        value,
        label: label.clone().filter(|l| !l.is_empty()),
    };
    let scheme = uri_scheme(value).is_some_and(|(_, rest)| !rest.starts_with("//"));
    if is_im_uri(value) || (scheme && !value.contains('@')) {
        check_im(value, None, label.as_deref())
    } else if value.contains('@') && !value.contains('/') {
        Ok(point(ContactKind::Email, check_email(value)?))
    } else if !value.chars().any(|c| c.is_alphabetic() && c != 'x') && check_phone(value).is_ok() {
        Ok(point(ContactKind::Phone, check_phone(value)?))
    } else {
        Ok(point(ContactKind::Url, check_url(value)?))
    }
}

/// Contact points as one line, as the edit form shows them: `value (label)`, `; ` between,
/// each as the CSV export writes it ([`crate::interop::sheet::export::cell_entry`]: a value
/// ending in parentheses of its own without a label is followed by `()`, a `;` of a value
/// is doubled).
pub fn line(points: &[&ContactPoint]) -> String {
    points
        .iter()
        .map(|cp| crate::interop::sheet::export::cell_entry(&cp.value, cp.label.as_deref()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the edit form's line of contact points changes, from the points `before` it
/// showed ([`line`]) to the `typed` line: the values removed (as stored) and the entries
/// added (`value (label)`, for [`typed_point`]). A label given where there was none is
/// added to the point; changing or removing one is refused, saying how.
pub fn line_changes(
    before: &[&ContactPoint],
    typed: &str,
) -> Result<(Vec<String>, Vec<String>), String> {
    let entries = crate::interop::sheet::export::split_cell(typed);
    let now: Vec<(&str, &str, Option<String>)> = entries
        .iter()
        .map(String::as_str)
        .map(|e| {
            let (v, l) = crate::interop::sheet::export::labelled(e);
            let l = l
                .map(crate::interop::text::clean_label)
                .filter(|l| !l.is_empty());
            (e, v, l)
        })
        .collect();
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for cp in before {
        match now.iter().find(|(_, v, _)| same(v, &cp.value)) {
            None => removed.push(cp.value.clone()),
            Some((entry, _, label)) => match (&cp.label, label) {
                // (As the line wrote it: an imported `Büro (alt)` is `Büro [alt]`.)
                (was, now)
                    if was.as_deref().map(|w| {
                        crate::interop::text::clean_label(
                            &crate::interop::sheet::export::label_text(w),
                        )
                    }) == *now => {}
                (None, Some(_)) => added.push((*entry).to_string()),
                _ => {
                    return Err(format!(
                        "the label of `{}` is changed by removing it, saving, and adding it \
                         again with the new one",
                        shown(&cp.value)
                    ));
                }
            },
        }
    }
    for (entry, v, _) in &now {
        if !before.iter().any(|cp| same(v, &cp.value)) {
            added.push((*entry).to_string());
        }
    }
    Ok((removed, added))
}

/// Whether the typed `value` names the contact point `cp`: its normalized form (an email in
/// any case, a phone whatever its spaces or `+48`/`0048` prefix), a web address with or
/// without `https://` and a last `/`, an IM address with or without its scheme.
fn names(cp: &ContactPoint, value: &str) -> bool {
    let typed = value.trim();
    if cp.value.trim().eq_ignore_ascii_case(typed) {
        return true;
    }
    match cp.kind {
        ContactKind::Phone => {
            check_phone(typed).is_ok()
                && cp.same_as(&ContactPoint {
                    kind: ContactKind::Phone,
                    value: typed.to_string(),
                    label: None,
                })
        }
        ContactKind::Url => {
            let bare = |s: &str| {
                let s = s.trim().to_lowercase();
                s.strip_prefix("https://")
                    .or_else(|| s.strip_prefix("http://"))
                    .unwrap_or(&s)
                    .trim_end_matches('/')
                    .to_string()
            };
            bare(&cp.value) == bare(typed)
        }
        ContactKind::Im => cp
            .value
            .split_once(':')
            .is_some_and(|(_, address)| address.trim().eq_ignore_ascii_case(typed)),
        _ => false,
    }
}

/// The stored values of the contact points `values` name, for the customer `c`: one each,
/// refused with what they have when a value names none or several.
pub(super) fn removed(c: &Customer, values: &[String]) -> Result<Vec<String>, CommandError> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        // A value typed as one is written names it alone (`0048 600 100 200` beside
        // `+48 600 100 200`, which are one phone).
        let exact: Vec<&ContactPoint> = c
            .contacts
            .iter()
            .filter(|cp| cp.value.trim().eq_ignore_ascii_case(value.trim()))
            .collect();
        let found: Vec<&ContactPoint> = if exact.is_empty() {
            c.contacts.iter().filter(|cp| names(cp, value)).collect()
        } else {
            exact
        };
        match found.as_slice() {
            [] => {
                let has = if c.contacts.is_empty() {
                    "they have none".to_string()
                } else {
                    format!("they have {}", listed(&c.contacts_by_kind()))
                };
                return Err(usage(format!(
                    "{} has no contact point `{}`; {has}",
                    shown(&c.name),
                    shown(value)
                )));
            }
            // (The same value twice is one: the store removes both.)
            [one, ..] if found.iter().all(|cp| cp.value == one.value) => {
                if !out.contains(&one.value) {
                    out.push(one.value.clone());
                }
            }
            several => {
                return Err(usage(format!(
                    "`{}` is more than one contact point of {}: {}; give the whole address",
                    shown(value),
                    shown(&c.name),
                    listed(several)
                )));
            }
        }
    }
    Ok(out)
}

/// Contact points as a list a person reads: `email anna@acme.pl, im skype:anna.k (work)`.
fn listed(points: &[&ContactPoint]) -> String {
    points
        .iter()
        .map(|cp| match &cp.label {
            Some(l) => format!("{} {} ({})", cp.kind.as_str(), shown(&cp.value), shown(l)),
            None => format!("{} {}", cp.kind.as_str(), shown(&cp.value)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
