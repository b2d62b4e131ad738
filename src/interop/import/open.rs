//! Opening one file: its encoding and format found, then a reader of its records.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use super::ImportOptions;
use super::report::{DateSeen, DatesNote, EncodingNote};
use crate::interop::decode::{self, SNIFF_BYTES, Utf8Reader};
use crate::interop::sheet::{ColumnField, SheetReader, UnmappedColumn, parse_map, sniff_delimiter};
use crate::interop::vcard::VcardReader;
use crate::interop::{BadRecord, Format, ImportError, Incoming};

/// How many first rows of a CSV file are looked at for columns of emails or phones that
/// rolo did not recognize.
const UNMAPPED_SCAN_ROWS: usize = 200;

/// A NUL byte among this many first bytes (after a BOM) makes a file binary, not text.
const BINARY_SNIFF: usize = 1024;

/// What a file is, when its first bytes are the signature of a binary format people save
/// contacts in by mistake (a spreadsheet kept as `.csv`, say), and what to do instead.
fn binary_kind(head: &[u8]) -> Option<(&'static str, &'static str)> {
    const SAVE_AS_CSV: &str = "open it in the spreadsheet program, save it as CSV (UTF-8) \
                               and import that";
    if head.starts_with(b"PK\x03\x04") {
        Some((
            "a spreadsheet or other zipped document (.xlsx, .ods)",
            SAVE_AS_CSV,
        ))
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(("an old Excel (.xls) or Word document", SAVE_AS_CSV))
    } else if head.starts_with(b"%PDF-") {
        Some((
            "a PDF document",
            "rolo imports CSV, vCard, its JSON backup and dossiers",
        ))
    } else if head.starts_with(b"SQLite format 3\0") {
        Some((
            "an SQLite database",
            "to move a rolo database, export it as JSON from the rolo that holds it and \
             import that file",
        ))
    } else {
        None
    }
}

pub(super) fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Vcard => "vcard",
        Format::Json => "json",
        Format::Dossier => "dossier",
    }
}

/// Guesses the format from the name and the first bytes (already UTF-8).
fn detect_format(path: &Path, text_head: &str) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let start = text_head.trim_start_matches('\u{feff}').trim_start();
    if start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Format::Vcard;
    }
    match ext.as_str() {
        "vcf" | "vcard" => Format::Vcard,
        "json" => Format::Json,
        "md" | "markdown" => Format::Dossier,
        _ if start.starts_with('{') => Format::Json,
        _ if start.starts_with("---") || start.starts_with(crate::interop::dossier::FIRST_LINE) => {
            Format::Dossier
        }
        _ => Format::Csv,
    }
}

/// A reader of records from one file.
pub(super) enum Source {
    Sheet(Box<SheetReader<Utf8Reader<Input>>>),
    Cards(VcardReader<BufReader<Box<dyn Read + Send>>>),
}

/// A file's bytes: the sniffed head again, then the rest.
type Input = BufReader<std::io::Chain<Cursor<Vec<u8>>, File>>;

impl Source {
    pub(super) fn next(
        &mut self,
        file: &Path,
    ) -> Result<Option<Result<Incoming, BadRecord>>, ImportError> {
        match self {
            Source::Sheet(s) => s.next_record(file),
            Source::Cards(c) => c
                .next_record()
                .map_err(|source| ImportError::read(file, source)),
        }
    }
}

/// One file opened: its format and encoding found, and either its whole text (JSON,
/// dossier) or a reader of its records.
pub(super) struct Opened {
    pub(super) format: Format,
    pub(super) encoding: &'static encoding_rs::Encoding,
    pub(super) body: Body,
    /// Nothing but white space in it (an error already when the file is the import).
    pub(super) empty: bool,
    /// How a CSV file's dates with slashes were read, when some could be read either way.
    pub(super) dates: Option<DatesNote>,
    /// A CSV file's columns and where their values go.
    pub(super) columns: Vec<ColumnField>,
    /// CSV columns that go to the notes though their values are emails or phones.
    pub(super) unmapped: Vec<UnmappedColumn>,
    /// `--encoding` named an 8-bit encoding the file does not look like.
    pub(super) mismatch: Option<EncodingNote>,
}

pub(super) enum Body {
    /// A dossier's whole text (its JSON block is found in it).
    Dossier(String),
    /// A JSON backup, parsed as it is read.
    Backup(Utf8Reader<Input>),
    Records(Source),
}

/// Opens one file. `alone`: the file is the import (not one of a directory's): an empty
/// one is an error.
pub(super) fn open(
    path: &Path,
    opts: &ImportOptions,
    format: Option<Format>,
    alone: bool,
) -> Result<Opened, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut f)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    if let Some((what, advice)) = binary_kind(&head) {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: format!(
                "it looks like {what}, not a text file; nothing was imported ({advice})"
            ),
        });
    }
    let (encoding, bom) = match &opts.encoding {
        Some(label) => {
            let enc = decode::by_label(label).ok_or_else(|| {
                ImportError::Usage(format!(
                    "--encoding: unknown encoding `{label}`; try utf-8, utf-16le, windows-1250, windows-1252 or latin1"
                ))
            })?;
            let bom = match encoding_rs::Encoding::for_bom(&head) {
                Some((e, n)) if e == enc => n,
                // Read in another encoding, the mark would become text and the rest garbled.
                Some((e, _)) => {
                    return Err(ImportError::Usage(format!(
                        "{}: the file starts with a {} byte order mark, but --encoding says {}; \
                         nothing was imported (leave --encoding out, or name the encoding the \
                         mark says: --encoding {})",
                        path.display(),
                        e.name(),
                        enc.name(),
                        e.name().to_ascii_lowercase()
                    )));
                }
                None => 0,
            };
            (enc, bom)
        }
        None => decode::detect(&head),
    };
    let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
    let start = head.get(bom..).unwrap_or_default();
    let mut mismatch = None;
    if opts.encoding.is_some() && encoding.is_single_byte() {
        utf8_read_as_8_bit(path, start, encoding, head.len() == SNIFF_BYTES)?;
        mismatch = other_8_bit(start, encoding);
    }
    // In UTF-16 a line break is two bytes, one of them zero: a file with line breaks and
    // no zero byte is 8-bit text, and read as UTF-16 its header would be gibberish.
    if utf16 && bom == 0 && start.contains(&b'\n') && !start.contains(&0) {
        let (seen, _) = decode::detect(start);
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: format!(
                "--encoding says {}, but the file is not UTF-16 (its line breaks are single \
                 bytes); it looks like {}; nothing was imported (leave --encoding out to have \
                 the encoding detected, or name the right one)",
                encoding.name(),
                seen.name()
            ),
        });
    }
    if !utf16 && start.iter().take(BINARY_SNIFF).any(|b| *b == 0) {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: "not a text file (it has NUL bytes near its start); rolo imports CSV, \
                      vCard, its JSON backup and dossiers (a UTF-16 file without a BOM: name it \
                      with --encoding utf-16le or utf-16be)"
                .into(),
        });
    }
    let empty = start.iter().all(u8::is_ascii_whitespace)
        || (utf16 && start.iter().all(|b| *b == 0 || b.is_ascii_whitespace()));
    let head_len = head.len();
    if alone && empty && head_len < SNIFF_BYTES {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: "the file is empty; nothing was imported".into(),
        });
    }
    let text_head = encoding
        .decode_without_bom_handling(&head[bom..])
        .0
        .into_owned();
    if text_head
        .trim_start()
        .get(..15)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Err(ImportError::Format {
            file: path.to_path_buf(),
            message: "it is an iCalendar file; rolo writes follow-ups as one for calendar \
                      apps, and does not read them back; nothing was imported (rolo imports \
                      CSV, vCard, its JSON backup and dossiers)"
                .into(),
        });
    }
    let format = format.unwrap_or_else(|| detect_format(path, &text_head));
    // The file's bytes after the byte order mark: `head` (what was sniffed) and the rest.
    let past_bom = |head: Vec<u8>, rest: File| -> Result<Input, ImportError> {
        let mut body = BufReader::with_capacity(64 * 1024, Cursor::new(head).chain(rest));
        std::io::copy(&mut (&mut body).take(bom as u64), &mut std::io::sink()).map_err(io)?;
        Ok(body)
    };
    let body = past_bom(head, f)?;
    // An encoding the user named is trusted only as far as the bytes are valid in it.
    let forced = opts.encoding.is_some();
    // UTF-16 is checked too: a damaged file (an odd number of bytes, an unpaired surrogate)
    // is refused where it is damaged rather than read with U+FFFD in place of what was lost.
    let text_of = |body: Input| {
        if forced {
            Utf8Reader::strict(body, encoding).starting_at(bom)
        } else if utf16 {
            Utf8Reader::checked(body, encoding).starting_at(bom)
        } else {
            Utf8Reader::new(body, encoding)
        }
    };
    let (mut dates, mut columns, mut unmapped) = (None, Vec::new(), Vec::new());
    let body = match format {
        Format::Json => Body::Backup(text_of(body)),
        Format::Dossier => {
            let mut text = String::new();
            text_of(body)
                .read_to_string(&mut text)
                .map_err(|e| ImportError::read(path, e))?;
            Body::Dossier(text)
        }
        Format::Csv => {
            let map = opts
                .map
                .as_deref()
                .map(parse_map)
                .transpose()?
                .unwrap_or_default();
            let delim = sniff_delimiter(text_head.as_bytes());
            let mut reader = SheetReader::open(text_of(body), delim, &map, path)?;
            columns = reader.column_fields();
            // The first rows (of what was sniffed) show columns rolo did not know that hold
            // emails or phones: the report warns that they go to the notes.
            // A column named only by a label (`Work`) is read as what its values are.
            if let Ok(mut look) = SheetReader::open(text_head.as_bytes(), delim, &map, path) {
                unmapped =
                    reader.read_labelled(look.scan_unmapped_contacts(path, UNMAPPED_SCAN_ROWS));
                columns = reader.column_fields();
            }
            if reader.has_dates() {
                // The file's own dates say how those with slashes read: a second reader
                // looks ahead, up to the first that can be read only one way. (Given the
                // order, the look-ahead still finds a date to show it with.)
                let again = past_bom(Vec::new(), File::open(path).map_err(io)?)?;
                let scan = SheetReader::open(text_of(again), delim, &map, path)?.scan_dates(path);
                if let Some(order) = opts.dates.or(scan.proof.as_ref().map(|p| p.2)) {
                    reader.dates = order;
                }
                if let Some((line, value)) = scan.ambiguous {
                    dates = Some(DatesNote {
                        order: reader.dates,
                        line,
                        example: value,
                        shown_by: scan.proof.map(|(line, value, _)| DateSeen { line, value }),
                        chosen: opts.dates.is_some(),
                        contradicted_by: scan
                            .contrary
                            .map(|(line, value)| DateSeen { line, value }),
                    });
                }
            }
            Body::Records(Source::Sheet(Box::new(reader)))
        }
        Format::Vcard => {
            // A UTF-8 file's value that is not UTF-8 is read as Windows-1252 and said
            // (`decode_value`); a legacy file's values are in its encoding.
            let fallback = if utf16 { encoding_rs::UTF_8 } else { encoding };
            let input: Box<dyn Read + Send> = if utf16 || (forced && encoding == encoding_rs::UTF_8)
            {
                Box::new(text_of(body))
            } else {
                Box::new(body)
            };
            Body::Records(Source::Cards(VcardReader::new(
                BufReader::new(input),
                fallback,
            )))
        }
    };
    Ok(Opened {
        format,
        encoding,
        body,
        empty: empty && head_len < SNIFF_BYTES,
        dates,
        columns,
        unmapped,
        mismatch,
    })
}

/// Refuses an 8-bit encoding named with `--encoding` for a file whose start is UTF-8 with
/// letters beyond ASCII: every byte is valid in an 8-bit code page, so it would be read
/// without an error and every accented letter garbled (`Żółć` as `Å»Ã³Å‚Ä‡`). Real text in
/// an 8-bit code page is practically never valid UTF-8 once it has such letters.
fn utf8_read_as_8_bit(
    path: &Path,
    start: &[u8],
    encoding: &'static encoding_rs::Encoding,
    cut: bool,
) -> Result<(), ImportError> {
    let valid = match std::str::from_utf8(start) {
        Ok(text) => text,
        // The sniffed head may end inside a character.
        Err(e) if cut && e.error_len().is_none() => {
            std::str::from_utf8(&start[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return Ok(()),
    };
    let Some((n, line)) = valid.lines().enumerate().find(|(_, l)| !l.is_ascii()) else {
        return Ok(());
    };
    let word = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '\t'))
        .find(|w| !w.is_ascii())
        .unwrap_or(line);
    let word: String = word.chars().take(30).collect();
    let garbled = encoding.decode_without_bom_handling(word.as_bytes()).0;
    Err(ImportError::Usage(format!(
        "{}: the file is UTF-8 (line {}: `{}`), but --encoding says {}, which would read it \
         as `{}`; nothing was imported (leave --encoding out, or say --encoding utf-8)",
        path.display(),
        n + 1,
        crate::interop::text::shown(&word),
        encoding.name().to_ascii_lowercase(),
        crate::interop::text::shown(&garbled),
    )))
}

/// When the file's start looks like another 8-bit encoding than the one `--encoding`
/// named, the first word (with letters beyond ASCII) the two read differently, read both
/// ways. A warning, not a refusal: the detector guesses, and the user may know better.
fn other_8_bit(start: &[u8], named: &'static encoding_rs::Encoding) -> Option<EncodingNote> {
    let (seen, _) = decode::detect(start);
    if seen == named || !seen.is_single_byte() {
        return None;
    }
    for (n, line) in start.split(|b| *b == b'\n').enumerate() {
        for word in line.split(|b| b.is_ascii_whitespace() || b",;:\t\"".contains(b)) {
            if word.is_ascii() {
                continue;
            }
            let word = &word[..word.len().min(30)];
            let (a, b) = (
                named.decode_without_bom_handling(word).0,
                seen.decode_without_bom_handling(word).0,
            );
            if a != b {
                return Some(EncodingNote {
                    detected: seen.name().to_ascii_lowercase(),
                    line: n + 1,
                    read: a.into_owned(),
                    detected_read: b.into_owned(),
                });
            }
        }
    }
    None
}

/// The vCard files of a directory (a vdir, as khard and vdirsyncer keep them), by name.
pub(super) fn vcard_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let io = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let vcf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
        if vcf && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        let mut message =
            "a directory, and no .vcf file in it (a directory imports as a vdir of vCards)"
                .to_string();
        let dossiers = dossiers_in(dir);
        if let Some(first) = dossiers.first() {
            let n = dossiers.len();
            message.push_str(&format!(
                "; it holds {n} dossier{}: import each on its own (rolo import {})",
                if n == 1 { "" } else { "s" },
                first.display()
            ));
        }
        return Err(ImportError::Format {
            file: dir.to_path_buf(),
            message,
        });
    }
    Ok(files)
}

/// The files of a directory that start as a dossier does, by name (for the message of a
/// directory with no vCard: a handover folder).
fn dossiers_in(dir: &Path) -> Vec<PathBuf> {
    use std::io::Read;
    let prefix = crate::interop::dossier::FIRST_LINE.as_bytes();
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let mut start = Vec::with_capacity(prefix.len() + 3);
            std::fs::File::open(p)
                .and_then(|f| f.take(prefix.len() as u64 + 3).read_to_end(&mut start))
                .is_ok()
                && start
                    .strip_prefix("\u{feff}".as_bytes())
                    .unwrap_or(&start)
                    .starts_with(prefix)
        })
        .collect();
    found.sort();
    found
}
