//! The backup file parsed as it is read: each record of each list is restored as soon as it
//! is parsed, so memory holds one record at a time, not the file.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::super::{DOSSIER_FORMAT, DOSSIER_VERSION, FORMAT, VERSION};
use super::Restorer;
use super::field::{Tracked, field};
use crate::interop::ImportError;
use crate::interop::clean::{Strip, strip};
use crate::interop::text::shown;

/// What stopped the parse: a restore error, kept whole for the caller.
type Failed = Option<ImportError>;

/// The record being parsed (list and 0-based index), to name it when its JSON is broken,
/// and the field of it the parse stopped in (empty: the record itself).
type At = Option<(&'static str, usize, String)>;

/// Restores the backup `reader` holds through `r`. `first_line`: the line of the file the
/// JSON starts on (a dossier's block), for the line numbers of errors.
pub(super) fn restore(
    r: &mut Restorer<'_>,
    file: &Path,
    reader: impl Read,
    first_line: usize,
) -> Result<(), ImportError> {
    let mut failed: Failed = None;
    let mut at: At = None;
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let parsed = de::Deserializer::deserialize_map(
        &mut de,
        Top {
            r,
            file,
            failed: &mut failed,
            at: &mut at,
        },
    )
    .and_then(|()| de.end());
    match (failed, parsed) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(parse_error(file, e, at, first_line)),
        (None, Ok(())) => Ok(()),
    }
}

/// A parse error in words: where in the file (its line, not the JSON block's), and the
/// record it is in, if any.
fn parse_error(file: &Path, e: serde_json::Error, at: At, first_line: usize) -> ImportError {
    if e.is_io() {
        // The reader's own error (bytes not valid in the file's encoding), as it is.
        return ImportError::read(file, std::io::Error::from(e));
    }
    let text = e.to_string();
    let what = text
        .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
        .unwrap_or(&text);
    let line = e.line() + first_line.saturating_sub(1);
    let whence = format!("line {line}, column {}", e.column());
    let message = match at {
        Some((list, i, field)) => format!(
            "{}: {} ({whence}); nothing was imported (fix the record in the file)",
            super::check::place(list, i, &field),
            in_words(what)
        ),
        None if e.is_data() => format!("not a rolo backup: {what} ({whence})"),
        None => format!("not valid JSON: {what} ({whence}); nothing was imported"),
    };
    ImportError::Format {
        file: file.to_path_buf(),
        message,
    }
}

/// chrono's words for a time it could not read, which say neither that it is a time nor
/// what one looks like.
const TIME_ERRORS: [&str; 6] = [
    "input contains invalid characters",
    "premature end of input",
    "input is out of range",
    "trailing input",
    "input is not enough for unique date and time",
    "no possible date and time matching input",
];

/// A parser's message as a record's error says it: a time that is none says so.
pub(super) fn in_words(what: &str) -> String {
    if TIME_ERRORS.contains(&what) {
        format!("not a time ({what}); rolo writes UTC times as 2026-11-23T09:30:00Z")
    } else {
        what.to_string()
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
    at: &'a mut At,
}

impl Top<'_, '_> {
    /// The format and version seen so far, checked before any record is restored.
    fn check(&self, format: Option<&str>, version: Option<u32>) -> Result<(), ImportError> {
        let bad = |message: String| ImportError::Format {
            file: self.file.to_path_buf(),
            message: format!("not a rolo backup: {message}; nothing was imported"),
        };
        let Some(format) = format else {
            return Err(bad(format!(
                "no `\"format\": \"{FORMAT}\"` before its data (rolo imports the JSON that \
                 `rolo export --format json` writes)"
            )));
        };
        if format != FORMAT && format != DOSSIER_FORMAT {
            return Err(bad(format!(
                "its `format` is `{}`; expected `{FORMAT}` or `{DOSSIER_FORMAT}`",
                shown(format)
            )));
        }
        let Some(version) = version else {
            return Err(bad("no `version` before its data, as rolo writes it".into()));
        };
        let newest = if format == DOSSIER_FORMAT {
            DOSSIER_VERSION
        } else {
            VERSION
        };
        if version > newest {
            return Err(ImportError::Format {
                file: self.file.to_path_buf(),
                message: format!(
                    "written by a newer rolo (format version {version}, this rolo reads up to \
                     {newest}); upgrade rolo"
                ),
            });
        }
        Ok(())
    }
}

impl Top<'_, '_> {
    /// A dossier's field `name` of its head, `v`, read as a `T`: one that is none is refused,
    /// naming it.
    fn head<T: DeserializeOwned>(
        &self,
        name: &str,
        v: serde_json::Value,
    ) -> Result<Option<T>, ImportError> {
        if v.is_null() {
            return Ok(None);
        }
        serde_json::from_value(v)
            .map(Some)
            .map_err(|e| ImportError::Format {
                file: self.file.to_path_buf(),
                message: format!(
                    "{name}: {}; nothing was imported (fix it in the file)",
                    in_words(&e.to_string())
                ),
            })
    }

    /// A dossier's `written_at`, when it was written: before its data, as rolo writes it
    /// (its customers merge by it).
    fn written_at(&mut self, started: bool, v: serde_json::Value) -> Result<(), ImportError> {
        if started {
            return Err(ImportError::Format {
                file: self.file.to_path_buf(),
                message: "written_at: after the data it dates; rolo writes it before \
                          `customers` (move it up); nothing was imported"
                    .into(),
            });
        }
        let at = self.head("written_at", v)?;
        if let Some(block) = &mut self.r.block {
            block.written_at = at;
        }
        Ok(())
    }

    /// A dossier's `markdown`, the digests of its Markdown as written: the report names the
    /// sections edited since.
    fn markdown(&mut self, v: serde_json::Value) -> Result<(), ImportError> {
        let recorded: Option<Vec<crate::interop::dossier::Section>> = self.head("markdown", v)?;
        if let (Some(recorded), Some(text)) = (recorded, self.r.dossier) {
            self.r.report.markdown_edited =
                crate::interop::dossier::edited_sections(text, &recorded);
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rolo backup (a JSON object with \"format\": \"rolo-backup\")")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        let mut started = false;
        while let Some(key) = map.next_key::<String>()? {
            let list = match key.as_str() {
                "format" => {
                    format = Some(map.next_value()?);
                    continue;
                }
                "version" => {
                    // (A `version` before any `format`, as in a `package.json`: not a backup.)
                    if format.is_none()
                        && let Err(e) = self.check(None, None)
                    {
                        return Err(stop(self.failed, e));
                    }
                    version = Some(map.next_value()?);
                    continue;
                }
                // A dossier's head, read as it comes (before its data, as rolo writes it).
                "written_at" if self.r.block.is_some() => {
                    let v: serde_json::Value = map.next_value()?;
                    if let Err(e) = self.written_at(started, v) {
                        return Err(stop(self.failed, e));
                    }
                    continue;
                }
                "markdown" if self.r.block.is_some() => {
                    let v: serde_json::Value = map.next_value()?;
                    if let Err(e) = self.markdown(v) {
                        return Err(stop(self.failed, e));
                    }
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
            started = true;
            if let (Some(block), Some(v)) = (&mut self.r.block, version) {
                block.version = v;
            }
            let (r, failed, at) = (&mut *self.r, &mut *self.failed, &mut *self.at);
            match list.as_str() {
                "settings" => {
                    let settings: BTreeMap<String, String> = map.next_value()?;
                    let settings = settings
                        .into_iter()
                        .map(|(mut k, mut v)| {
                            strip(&mut k);
                            strip(&mut v);
                            (k, v)
                        })
                        .collect();
                    r.settings(&settings).map_err(|e| stop(failed, e))?;
                }
                "customers" => map.next_value_seed(List {
                    r,
                    failed,
                    name: "customers",
                    at,
                    each: |r, i, c| r.customer(i, &c),
                })?,
                "deals" => map.next_value_seed(List {
                    r,
                    failed,
                    name: "deals",
                    at,
                    each: |r, i, d| r.deal(i, &d),
                })?,
                "interactions" => map.next_value_seed(List {
                    r,
                    failed,
                    name: "interactions",
                    at,
                    each: |r, i, x| r.interaction(i, &x),
                })?,
                _ => map.next_value_seed(List {
                    r,
                    failed,
                    name: "follow_ups",
                    at,
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
    /// The list's key, to name a record whose JSON is broken.
    name: &'static str,
    at: &'a mut At,
    each: fn(&mut Restorer<'r>, usize, T) -> Result<(), ImportError>,
}

impl<'de, T: DeserializeOwned + Strip> DeserializeSeed<'de> for List<'_, '_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned + Strip> Visitor<'de> for List<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut i = 0;
        loop {
            *self.at = Some((self.name, i, String::new()));
            let mut track = serde_path_to_error::Track::new();
            let next = seq.next_element_seed(Tracked {
                track: &mut track,
                record: PhantomData::<T>,
            });
            let Some(mut rec) = next.inspect_err(|_| {
                *self.at = Some((self.name, i, field(track)));
            })?
            else {
                break;
            };
            rec.strip();
            (self.each)(self.r, i, rec).map_err(|e| stop(self.failed, e))?;
            i += 1;
        }
        *self.at = None;
        Ok(())
    }
}
