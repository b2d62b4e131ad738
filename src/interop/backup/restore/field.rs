//! Which field of a record the parser was in when it failed: a deserializer wrapped around
//! `serde_json`'s that notes each key and list index on the way down, so that an error names
//! `customers[3].kind`, not only `customers[3]` (serde's own messages name no field:
//! `invalid type: null, expected i64`). The parse itself is `serde_json`'s, untouched: its
//! line and column stay in the error.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// One step of the way into a record: a key of an object or an index of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The way to the value being parsed, from the record down.
#[derive(Debug, Default)]
pub struct FieldPath(RefCell<Vec<Step>>);

impl FieldPath {
    /// Forgets the way (a new record starts).
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }

    /// The way as a field of the record: `kind`, `contacts[2].value`; empty at the record.
    pub fn field(&self) -> String {
        let mut out = String::new();
        for step in self.0.borrow().iter() {
            match step {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&crate::interop::text::shown(k));
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn depth(&self) -> usize {
        self.0.borrow().len()
    }

    fn set(&self, depth: usize, step: Step) {
        let mut steps = self.0.borrow_mut();
        steps.truncate(depth);
        steps.push(step);
    }

    fn back_to(&self, depth: usize) {
        self.0.borrow_mut().truncate(depth);
    }
}

/// Deserializes `T` through `seed`-less tracking: the seed a list hands each record.
pub struct Tracked<'p, T> {
    pub path: &'p FieldPath,
    pub seed: T,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Tracked<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(Wrap {
            inner: d,
            path: self.path,
        })
    }
}

/// A deserializer that hands its visitor on wrapped.
struct Wrap<'p, D> {
    inner: D,
    path: &'p FieldPath,
}

/// Every `deserialize_*` of [`Wrap`]: the inner one's, with the visitor wrapped.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Watch { inner: visitor, path: self.path })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Wrap<'_, D> {
    type Error = D::Error;

    forward!(
        deserialize_any(),
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_str(),
        deserialize_string(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    );

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that wraps the lists and objects it is given, and passes everything else on.
struct Watch<'p, V> {
    inner: V,
    path: &'p FieldPath,
}

/// Visit methods of [`Watch`] that only pass the value on.
macro_rules! pass {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    pass!(
        visit_bool(bool),
        visit_i64(i64),
        visit_i128(i128),
        visit_u64(u64),
        visit_u128(u128),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Wrap {
            inner: d,
            path: self.path,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Wrap {
            inner: d,
            path: self.path,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let depth = self.path.depth();
        self.inner.visit_seq(Seq {
            inner: seq,
            path: self.path,
            depth,
            i: 0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let depth = self.path.depth();
        self.inner.visit_map(Map {
            inner: map,
            path: self.path,
            depth,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

/// A list: each element's index noted while it is parsed.
struct Seq<'p, A> {
    inner: A,
    path: &'p FieldPath,
    depth: usize,
    i: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.path.set(self.depth, Step::Index(self.i));
        let value = self.inner.next_element_seed(Tracked {
            path: self.path,
            seed,
        })?;
        self.path.back_to(self.depth);
        self.i += 1;
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// An object: each key noted, and kept while its value is parsed.
struct Map<'p, A> {
    inner: A,
    path: &'p FieldPath,
    depth: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.path.back_to(self.depth);
        self.inner.next_key_seed(Key {
            path: self.path,
            depth: self.depth,
            seed,
        })
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let value = self.inner.next_value_seed(Tracked {
            path: self.path,
            seed,
        })?;
        self.path.back_to(self.depth);
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key: what it says is noted before the struct's own seed reads it (a `duplicate field`
/// or an unknown variant is then named by the key it is at).
struct Key<'p, K> {
    path: &'p FieldPath,
    depth: usize,
    seed: K,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        // A key of a JSON object is a string: read it whole, note it, hand it on.
        let key = <std::borrow::Cow<'de, str> as de::Deserialize>::deserialize(d)?;
        self.path.set(self.depth, Step::Key(key.to_string()));
        self.seed
            .deserialize(de::value::CowStrDeserializer::<D::Error>::new(key))
    }
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
        let path = FieldPath::default();
        let mut de = serde_json::Deserializer::from_str(json);
        let e = Tracked {
            path: &path,
            seed: std::marker::PhantomData::<Rec>,
        }
        .deserialize(&mut de)
        .unwrap_err();
        (path.field(), e.to_string())
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
        assert_eq!(fails_at(r#"{"id": 1, "id": 2}"#).0, "id");
        // Keys that are not fields are skipped, and do not stay noted.
        assert_eq!(fails_at(r#"{"zz": [1], "id": 1.5}"#).0, "id");
        assert_eq!(
            fails_at(r#"{"zz": [[{"q": 1}]], "id": 1, "list": []}"#).0,
            ""
        );
    }
}
