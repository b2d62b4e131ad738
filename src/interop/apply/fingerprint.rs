//! Fingerprints of names, contact points and UIDs, and the candidates a name may match.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

use crate::domain::{ContactKind, CustomerKind};

/// A customer a name may match: its id, whether it has an email and a phone, and whether
/// this import created it from a record with a UID of its own.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cand {
    pub(super) id: i64,
    pub(super) email: bool,
    pub(super) phone: bool,
    pub(super) uid: bool,
}

impl Cand {
    pub(super) fn pack(self) -> u64 {
        ((self.id as u64) << 3)
            | u64::from(self.email)
            | (u64::from(self.phone) << 1)
            | (u64::from(self.uid) << 2)
    }

    pub(super) fn unpack(v: u64) -> Self {
        Cand {
            id: (v >> 3) as i64,
            email: v & 1 != 0,
            phone: v & 2 != 0,
            uid: v & 4 != 0,
        }
    }
}

/// 64-bit fingerprints of what records are matched by: a folded name, a contact point, a
/// UID. Keyed with random keys for each import, so no file can be made to collide two
/// different values on purpose (with fixed keys 2^32 tries find a pair, and a collision
/// would merge two different people); by chance a collision is negligible.
pub(super) struct Fingerprints(pub(super) RandomState);

impl Fingerprints {
    /// The key of a name of a kind, folding into `buf` (case, accents, punctuation; an
    /// organization's spacing too, as [`crate::domain::text::org_key`]). A person's name in a
    /// script written without spaces is keyed without its spaces, as search finds it
    /// ([`crate::domain::text::tight`]): `山田 太郎` is `山田太郎`. `buf` keeps its spaces.
    pub(super) fn name(&self, kind: CustomerKind, name: &str, buf: &mut String) -> u64 {
        buf.clear();
        if kind == CustomerKind::Org {
            crate::domain::text::org_key_into(name, buf);
        } else {
            crate::domain::text::fold_into(name, buf);
            // (Most names are ASCII: no letter of such a script to look for.)
            if !buf.is_ascii()
                && let Some(tight) = crate::domain::text::tight(buf)
            {
                return self.folded(kind, &tight);
            }
        }
        self.folded(kind, buf)
    }

    /// The key of a name already folded as [`Self::name`] folds it.
    pub(super) fn folded(&self, kind: CustomerKind, folded: &str) -> u64 {
        self.0.hash_one((kind.as_str(), folded))
    }

    /// The key of a contact point ((kind, normalized value)) or of a UID (kind `None`).
    pub(super) fn contact(&self, kind: Option<ContactKind>, value: &str) -> u64 {
        self.0.hash_one((kind, value))
    }
}

/// A map keyed by [`Fingerprints`]: the keys are random already, and are used as they are
/// instead of being hashed again.
pub(super) type ByFingerprint<V> = HashMap<u64, V, BuildHasherDefault<AsIs>>;

/// The hasher of [`ByFingerprint`].
#[derive(Default)]
pub(super) struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; any other bytes are still mixed in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_fold_names_and_differ_between_imports() {
        let (a, b) = (
            Fingerprints(RandomState::new()),
            Fingerprints(RandomState::new()),
        );
        let mut buf = String::new();
        let person = CustomerKind::Person;
        assert_eq!(
            a.name(person, "Łucja  Żółć", &mut buf),
            a.name(person, "lucja zolc", &mut buf)
        );
        assert_ne!(
            a.name(person, "Acme", &mut buf),
            a.name(CustomerKind::Org, "Acme", &mut buf)
        );
        let email = Some(ContactKind::Email);
        assert_ne!(a.contact(email, "x@y.pl"), a.contact(None, "x@y.pl"));
        // Another import keys them differently: a file cannot aim at a collision.
        assert_ne!(a.contact(email, "x@y.pl"), b.contact(email, "x@y.pl"));
        let mut m = ByFingerprint::default();
        m.insert(a.contact(email, "x@y.pl"), 7);
        assert_eq!(m.get(&a.contact(email, "x@y.pl")), Some(&7));
        assert_eq!(m.get(&a.contact(email, "z@y.pl")), None);
    }
}
