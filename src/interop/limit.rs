//! Limits on what an import holds: a file that breaks one is refused where it breaks it,
//! before it can fill the memory (a CSV record of a million fields, a megabyte-long line).

/// The most fields a CSV record may have.
pub const MAX_FIELDS: usize = 100_000;
/// The most bytes one value (a CSV field, an unfolded vCard line) may have; vCard blobs
/// (PHOTO, LOGO, SOUND, KEY) are skipped instead, whatever their size.
pub use crate::domain::text::MAX_VALUE_BYTES;

/// A limit broken while reading: carried inside the `io::Error` of a read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversized {
    /// The 1-based line of the file where the record or value starts.
    pub line: usize,
    /// Which limit.
    pub what: Limit,
}

/// The limits [`Oversized`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// More than [`MAX_FIELDS`] fields in a record.
    Fields,
    /// A value longer than [`MAX_VALUE_BYTES`].
    Value,
}

impl std::fmt::Display for Oversized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line;
        match self.what {
            Limit::Fields => write!(
                f,
                "line {line}: the record there has more than {MAX_FIELDS} fields; nothing was \
                 imported (a record is one contact: is this a CSV file of contacts?)"
            ),
            Limit::Value => write!(
                f,
                "line {line}: a value there is longer than 1 MiB ({MAX_VALUE_BYTES} bytes); \
                 nothing was imported (no contact's value is that long: is the file broken?)"
            ),
        }
    }
}

impl std::error::Error for Oversized {}

impl Oversized {
    /// The error, as a read returns it.
    pub fn at(line: usize, what: Limit) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, Oversized { line, what })
    }

    /// The [`Oversized`] an I/O error carries, if it is one.
    pub fn of(e: &std::io::Error) -> Option<&Oversized> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<Oversized>())
    }
}
