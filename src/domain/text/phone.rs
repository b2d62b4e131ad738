//! Phone numbers as rolo compares them: their digits, normalized form and last digits.

/// How many digits `s` has when it is written as a phone number is (digits, spaces and
/// `+ - ( ) . /` only): `None` for anything else. What counts as enough digits is the
/// caller's (a typed reference, a column's values).
pub fn phone_like_digits(s: &str) -> Option<usize> {
    s.chars()
        .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        .then(|| s.chars().filter(char::is_ascii_digit).count())
}

/// The digits of a phone number, all of them.
pub fn phone_digits(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits
}

/// The form a phone is matched by (stored as its `norm`): its digits up to an extension
/// (`+1 415 555 0100 x23` is `+1 415 555 0100`), with a leading `00` international prefix
/// dropped, so `0048 601 234 567` is `+48 601 234 567`. (No national
/// number starts with `00`; schema migrations 5 and 8 brought older stored values to this form.)
pub fn phone_norm(s: &str) -> String {
    // An extension (` x12`, `ext. 12`, `wew. 12`, `;ext=12`) is not part of the number.
    let s = s.trim_start();
    let s = s.strip_prefix("tel:").unwrap_or(s);
    let number = s
        .split(|c: char| c.is_ascii_alphabetic() || c == ';')
        .next()
        .unwrap_or_default();
    let mut digits = phone_digits(number);
    if digits.starts_with("00") {
        digits.drain(..2);
    }
    digits
}

/// Digits of a phone that decide whether two numbers are the same line: the last
/// `PHONE_TAIL`, so `+48 601 234 567`, `0048 601 234 567` and `601-234-567` agree whatever
/// prefix the user wrote; a shorter number (an extension, a local line) counts whole.
/// `rolo dupes` and the phone search both go by it.
pub const PHONE_TAIL: usize = 9;

/// The part of a normalized phone ([`phone_norm`]) two numbers are compared by: its last
/// [`PHONE_TAIL`] digits, or all of a shorter one. `+49 30 1234567` and `030 1234567` have
/// the same key.
pub fn phone_key(norm: &str) -> &str {
    // Digits only, so any byte is a char boundary; anything else is taken whole.
    if norm.is_ascii() {
        &norm[norm.len().saturating_sub(PHONE_TAIL)..]
    } else {
        norm
    }
}

/// Whether two normalized phones ([`phone_norm`]) with the same [`phone_key`] may be one
/// line, by the digits before the key: yes when either has none or the same; when one is a
/// national number (a trunk `0`), when its digits end the other's, whose country code comes
/// first (`07700 900123` is `+44 7700 900123`). Otherwise no: `+33 1 23 45 67 89` and
/// `+48 12 345 67 89` end alike, but are in France and Poland; `+1 …` is not `+41 …`.
pub fn phones_may_match(a: &str, b: &str) -> bool {
    fn head(n: &str) -> &str {
        if n.is_ascii() {
            &n[..n.len().saturating_sub(PHONE_TAIL)]
        } else {
            ""
        }
    }
    let (ha, hb) = (head(a), head(b));
    let (ta, tb) = (ha.trim_start_matches('0'), hb.trim_start_matches('0'));
    let national_in = |h: &str, t: &str, other: &str| h.starts_with('0') && other.ends_with(t);
    ta.is_empty() || tb.is_empty() || ta == tb || national_in(ha, ta, tb) || national_in(hb, tb, ta)
}

/// [`phone_key`] in SQL, of a column holding a phone's `norm`.
pub fn phone_key_sql(column: &str) -> String {
    format!(
        "CASE WHEN length({column}) > {PHONE_TAIL} THEN substr({column}, -{PHONE_TAIL}) ELSE {column} END"
    )
}
