//! The backup file parsed as it is read: each record of each list is restored as soon as it
//! is parsed, so memory holds one record at a time, not the file.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::super::{DOSSIER_FORMAT, FORMAT, VERSION};
use super::Restorer;
use crate::interop::ImportError;

/// What stopped the parse: a restore error, kept whole for the caller.
type Failed = Option<ImportError>;

/// Restores the backup `reader` holds through `r`.
pub(super) fn restore(
    r: &mut Restorer<'_>,
    file: &Path,
    reader: impl Read,
) -> Result<(), ImportError> {
    let mut failed: Failed = None;
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let parsed = de::Deserializer::deserialize_map(
        &mut de,
        Top {
            r,
            file,
            failed: &mut failed,
        },
    )
    .and_then(|()| de.end());
    match (failed, parsed) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(ImportError::Format {
            file: file.to_path_buf(),
            message: format!(
                "not a rolo backup: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        }),
        (None, Ok(())) => Ok(()),
    }
}

/// Keeps `e` for the caller and stops the parse.
fn stop<E: de::Error>(failed: &mut Failed, e: ImportError) -> E {
    let message = e.to_string();
    *failed = Some(e);
    E::custom(message)
}

/// The top-level object: `format` and `version` first, then the lists in file order.
struct Top<'a, 'r> {
    r: &'a mut Restorer<'r>,
    file: &'a Path,
    failed: &'a mut Failed,
}

impl Top<'_, '_> {
    /// The format and version seen so far, checked before any record is restored.
    fn check(&self, format: Option<&str>, version: Option<u32>) -> Result<(), ImportError> {
        let bad = |message: String| ImportError::Format {
            file: self.file.to_path_buf(),
            message,
        };
        let (Some(format), Some(version)) = (format, version) else {
            return Err(bad(
                "not a rolo backup: `format` and `version` must come before the lists, as rolo writes them"
                    .into(),
            ));
        };
        if format != FORMAT && format != DOSSIER_FORMAT {
            return Err(bad(format!(
                "`format` is `{format}`; expected `{FORMAT}` or `{DOSSIER_FORMAT}`"
            )));
        }
        if version > VERSION {
            return Err(bad(format!(
                "written by a newer rolo (format version {version}, this rolo reads up to {VERSION}); upgrade rolo"
            )));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rolo backup object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        while let Some(key) = map.next_key::<String>()? {
            let list = match key.as_str() {
                "format" => {
                    format = Some(map.next_value()?);
                    continue;
                }
                "version" => {
                    version = Some(map.next_value()?);
                    continue;
                }
                "settings" | "customers" | "deals" | "interactions" | "follow_ups" => key,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if let Err(e) = self.check(format.as_deref(), version) {
                return Err(stop(self.failed, e));
            }
            let (r, failed) = (&mut *self.r, &mut *self.failed);
            match list.as_str() {
                "settings" => {
                    let settings: BTreeMap<String, String> = map.next_value()?;
                    r.settings(&settings).map_err(|e| stop(failed, e))?;
                }
                "customers" => map.next_value_seed(List {
                    r,
                    failed,
                    each: |r, i, c| r.customer(i, &c),
                })?,
                "deals" => map.next_value_seed(List {
                    r,
                    failed,
                    each: |r, i, d| r.deal(i, &d),
                })?,
                "interactions" => map.next_value_seed(List {
                    r,
                    failed,
                    each: |r, i, x| r.interaction(i, &x),
                })?,
                _ => map.next_value_seed(List {
                    r,
                    failed,
                    each: |r, i, f| r.follow_up(i, &f),
                })?,
            }
        }
        self.check(format.as_deref(), version)
            .map_err(|e| stop(self.failed, e))
    }
}

/// One list: each element restored by `each` as soon as it is parsed.
struct List<'a, 'r, T> {
    r: &'a mut Restorer<'r>,
    failed: &'a mut Failed,
    each: fn(&mut Restorer<'r>, usize, T) -> Result<(), ImportError>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for List<'_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for List<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut i = 0;
        while let Some(rec) = seq.next_element::<T>()? {
            (self.each)(self.r, i, rec).map_err(|e| stop(self.failed, e))?;
            i += 1;
        }
        Ok(())
    }
}
