//! Which field of a record the parser was in when it failed, so that an error names
//! `customers[3].kind`, not only `customers[3]` (serde's own messages name no field:
//! `invalid type: null, expected i64`): `serde_path_to_error` (dtolnay's; it wraps the
//! deserializer and notes each key and list index on the way down) does the noting. The
//! parse itself is `serde_json`'s, untouched: its line and column stay in the error.

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer};
use serde_path_to_error::Track;

/// The seed of one record: parses a `T`, noting the way into it in `track`.
pub struct Tracked<'t, T> {
    pub track: &'t mut Track,
    pub record: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Tracked<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(serde_path_to_error::Deserializer::new(d, self.track))
    }
}

/// Where in its record a parse failed: `kind`, `contacts[2].value`; empty at the record
/// itself (a missing field is missed at its end). Keys are shown as any text from a file.
pub fn field(track: Track) -> String {
    let path = track.path();
    if path.iter().next().is_none() {
        return String::new();
    }
    crate::interop::text::shown(&path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        a: i64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Rec {
        id: i64,
        list: Vec<Inner>,
        opt: Option<Inner>,
        name: String,
    }

    fn fails_at(json: &str) -> (String, String) {
        let mut track = Track::new();
        let mut de = serde_json::Deserializer::from_str(json);
        let e = Tracked {
            track: &mut track,
            record: PhantomData::<Rec>,
        }
        .deserialize(&mut de)
        .unwrap_err();
        (field(track), e.to_string())
    }

    #[test]
    fn the_field_a_parse_fails_in_is_named() {
        assert_eq!(
            fails_at(r#"{"id": null}"#),
            (
                "id".into(),
                "invalid type: null, expected i64 at line 1 column 11".into()
            )
        );
        assert_eq!(
            fails_at(r#"{"id": 1, "list": [{"a": 1}, {"a": "x"}]}"#).0,
            "list[1].a"
        );
        assert_eq!(
            fails_at(r#"{"id": 1, "list": [], "opt": {"a": true}}"#).0,
            "opt.a"
        );
        // A missing field is missed at the end of the record: no field to name.
        assert_eq!(
            fails_at(r#"{"id": 1, "list": [{"a": 1}]}"#),
            (
                String::new(),
                "missing field `name` at line 1 column 29".into()
            )
        );
        // A key twice is an error of the record; serde's message names the key.
        assert_eq!(
            fails_at(r#"{"id": 1, "id": 2}"#),
            (
                String::new(),
                "duplicate field `id` at line 1 column 14".into()
            )
        );
        // Keys that are not fields are skipped, and do not stay noted.
        assert_eq!(fails_at(r#"{"zz": [1], "id": 1.5}"#).0, "id");
        assert_eq!(
            fails_at(r#"{"zz": [[{"q": 1}]], "id": 1, "list": []}"#).0,
            ""
        );
    }
}
