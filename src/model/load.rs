//! Reading a map file: RON parsing with positioned errors, then validation.
//!
//! [`check_map_file`] and [`check_map_str`] report everything about a map,
//! valid or not (what `reasonmap check` prints); [`load_map_file`] and
//! [`load_map_str`] give a usable [`LoadedMap`] or the reasons there is none.

mod locate;

use std::io;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::files::{self, ReadError, mebibytes};

use super::validate::{Finding, Place, Summary, validate};
use super::{Diagnostic, Map, MapIndex, SourceText};
use locate::{Locations, line_text};

/// Map files (and source texts) larger than this are refused unread.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How deeply brackets may nest before parsing stops; a map needs about five.
const RECURSION_LIMIT: usize = 64;

/// A map that parsed and validated, with what was learned on the way.
#[derive(Debug, Clone)]
pub struct LoadedMap {
    /// The map as written.
    pub map: Map,
    /// Resolved ids and derived roles.
    pub index: MapIndex,
    /// Where the map was read from (a display name for the built-in map).
    pub path: PathBuf,
    /// Warnings found while validating; errors would have failed the load.
    pub warnings: Vec<Diagnostic>,
    /// The map's parts counted.
    pub summary: Summary,
    /// The source text the quotes were checked against, as it was read.
    pub source: SourceText,
}

/// Why a map could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The map file itself could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file was read but is not a valid map.
    #[error("{} is not a valid map: {}", path.display(), count_errors(diagnostics))]
    Invalid {
        /// The file that is not valid.
        path: PathBuf,
        /// Every error and warning found, errors first.
        diagnostics: Vec<Diagnostic>,
    },
}

fn count_errors(diagnostics: &[Diagnostic]) -> String {
    let n = diagnostics.iter().filter(|d| d.is_error()).count();
    plural(n, "error")
}

/// `1 error`, `2 errors`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. } | LoadError::Invalid { path, .. } => path,
        }
    }

    /// The error as diagnostics, for a list of problems: the ones found in
    /// an invalid map, or one saying why the file could not be read.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Io { path, source } => vec![Diagnostic::error(
                Some(path.clone()),
                format!("cannot read the file: {source}"),
            )],
            LoadError::Invalid { diagnostics, .. } => diagnostics.clone(),
        }
    }
}

/// A map that parsed (it may still have errors).
#[derive(Debug, Clone)]
pub struct ParsedMap {
    /// The map as written.
    pub map: Map,
    /// Resolved ids and derived roles.
    pub index: MapIndex,
    /// The map's parts counted.
    pub summary: Summary,
    /// The source text the quotes were checked against, as it was read.
    pub source: SourceText,
}

/// Everything found out about one map file.
#[derive(Debug, Clone)]
pub struct CheckedMap {
    /// The file.
    pub path: PathBuf,
    /// The map, when the file parsed as one.
    pub parsed: Option<ParsedMap>,
    /// Errors first, then warnings, each in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedMap {
    /// True when the map parsed and has no errors (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        self.parsed.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The map ready for use, or [`LoadError::Invalid`] with every finding.
    pub fn into_loaded(self) -> Result<LoadedMap, LoadError> {
        match self.parsed {
            Some(parsed) if !self.diagnostics.iter().any(Diagnostic::is_error) => Ok(LoadedMap {
                map: parsed.map,
                index: parsed.index,
                path: self.path,
                warnings: self.diagnostics,
                summary: parsed.summary,
                source: parsed.source,
            }),
            _ => Err(LoadError::Invalid {
                path: self.path,
                diagnostics: self.diagnostics,
            }),
        }
    }
}

/// Reads and validates the RON map at `path`. To open a map file in any
/// format (RON or AIF), as the viewer and the commands do, use
/// [`crate::interchange::load_map_file`].
pub fn load_map_file(path: &Path) -> Result<LoadedMap, LoadError> {
    check_map_file(path)?.into_loaded()
}

/// Parses and validates map text; `path` names it in diagnostics and
/// `read_source` reads the source text the map names (for quote checks).
pub fn load_map_str(
    text: &str,
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
) -> Result<LoadedMap, LoadError> {
    check_map_str(text, path, read_source).into_loaded()
}

/// Reads the RON map at `path` and reports everything about it. Fails only
/// when the file cannot be read at all: missing, no permission, or not a
/// regular file (a directory, FIFO, device or socket, refused at once
/// without being opened for reading; see [`crate::files`]). The map's
/// `source` is read relative to the map's folder, with the same care.
/// [`crate::interchange::check_map_file`] does the same for any format.
pub fn check_map_file(path: &Path) -> Result<CheckedMap, LoadError> {
    check_map_file_with_progress(path, &mut |_, _| {})
}

/// [`check_map_file`], calling `progress(read, total)` as the map file is
/// read.
pub fn check_map_file_with_progress(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CheckedMap, LoadError> {
    let bytes = match read_map_bytes_with_progress(path, progress)? {
        Ok(bytes) => bytes,
        Err(too_large) => return Ok(too_large),
    };
    let checked = check_map_bytes(&bytes, path, &source_reader(path));
    Ok(explain_notes_file(checked))
}

/// The bytes of the map file at `path`, read with the size limit every map
/// file has. `Err` holds a file that cannot be read; `Ok(Err(..))` the
/// finding that the file is too large to be a map, made without reading it.
/// Every reader of map files, whatever their format, reads through this:
/// only a regular file is read (see [`crate::files`]).
pub fn read_map_bytes(path: &Path) -> Result<Result<Vec<u8>, CheckedMap>, LoadError> {
    read_map_bytes_with_progress(path, &mut |_, _| {})
}

/// [`read_map_bytes`], calling `progress(read, total)` as the file is read.
pub fn read_map_bytes_with_progress(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Result<Vec<u8>, CheckedMap>, LoadError> {
    let io_error = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    Ok(match read_bounded(path, progress).map_err(io_error)? {
        Bounded::Bytes(bytes) => Ok(bytes),
        Bounded::TooLarge(size) => Err(CheckedMap {
            path: path.to_owned(),
            parsed: None,
            diagnostics: vec![Diagnostic::error(
                Some(path.to_owned()),
                format!(
                    "the file is too large to be a map: {} (maps over {} are refused)",
                    mebibytes(size),
                    mebibytes(MAX_FILE_BYTES)
                ),
            )],
        }),
    })
}

/// Reads the source texts that the map file at `path` names, relative to
/// the map's folder and with the same limits as a map file.
pub fn source_reader(path: &Path) -> impl Fn(&str) -> io::Result<String> + use<> {
    let dir = path.parent().map(Path::to_owned).unwrap_or_default();
    move |source: &str| {
        let path = dir.join(source);
        read_text_file(&path).map_err(|err| {
            io::Error::new(err.kind(), format!("{err}; looked for {}", path.display()))
        })
    }
}

/// A notes file (`NAME.notes.ron`) checked as a map: says what it is rather
/// than list why it is not a map. Any other result is returned unchanged.
pub fn explain_notes_file(checked: CheckedMap) -> CheckedMap {
    match notes_file_of(&checked.path) {
        Some(map) if !checked.is_valid() => CheckedMap {
            diagnostics: vec![Diagnostic::error(
                Some(checked.path.clone()),
                format!(
                    "this is a notes file, not a map: it holds the notes on {map}, which is the file to check or open"
                ),
            )],
            parsed: None,
            path: checked.path,
        },
        _ => checked,
    }
}

/// For `NAME.notes.ron`, the map file whose notes it holds: `NAME.json`
/// when that exists beside it and `NAME.ron` does not, else `NAME.ron`.
fn notes_file_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".notes.ron")?;
    if stem.is_empty() {
        return None;
    }
    let ron = format!("{stem}.ron");
    let json = format!("{stem}.json");
    Some(
        if !path.with_file_name(&ron).exists() && path.with_file_name(&json).exists() {
            json
        } else {
            ron
        },
    )
}

/// Reports everything about the map in `bytes`, which must be UTF-8 text.
pub fn check_map_bytes(
    bytes: &[u8],
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
) -> CheckedMap {
    match utf8_text(bytes, path) {
        Ok(text) => check_map_str(text, path, read_source),
        Err(diagnostic) => CheckedMap {
            path: path.to_owned(),
            parsed: None,
            diagnostics: vec![diagnostic],
        },
    }
}

/// `bytes` as text, or the error that says where they stop being UTF-8
/// (every map file, whatever its format, is UTF-8 text).
pub fn utf8_text<'b>(bytes: &'b [u8], path: &Path) -> Result<&'b str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|err| {
        let (line, column, line_text) = utf8_error_position(bytes, err.valid_up_to());
        let bad = bytes.get(err.valid_up_to()).copied().unwrap_or(0);
        Diagnostic::error(
            Some(path.to_owned()),
            format!(
                "the file is not UTF-8 text: byte 0x{bad:02X} at line {line}, column {column} is not valid UTF-8 (maps are UTF-8 text files)"
            ),
        )
        .at(line, column, line_text)
    })
}

/// Validates a map that was not read from RON text (one imported from
/// another format): the same checks as [`check_map_str`], reported by id
/// without lines, errors first. `read_source` reads the map's `source`.
pub fn check_map(
    map: Map,
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
) -> CheckedMap {
    let (parsed, findings) = validated(map, read_source);
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|finding| Diagnostic {
            severity: finding.severity,
            ..Diagnostic::error(Some(path.to_owned()), finding.message)
        })
        .collect();
    diagnostics.sort_by_key(|d| d.severity);
    CheckedMap {
        path: path.to_owned(),
        parsed: Some(parsed),
        diagnostics,
    }
}

/// Indexes and validates `map`, keeping the source text validation reads
/// for everything that shows the source.
fn validated(
    map: Map,
    read_source: &dyn Fn(&str) -> io::Result<String>,
) -> (ParsedMap, Vec<Finding>) {
    let index = MapIndex::new(&map);
    let source = std::cell::RefCell::new(SourceText::None);
    let keep_source = |name: &str| {
        let read = read_source(name);
        *source.borrow_mut() = match &read {
            Ok(text) => SourceText::Read {
                name: name.to_owned(),
                text: text.as_str().into(),
            },
            Err(err) => SourceText::Unreadable {
                name: name.to_owned(),
                reason: err.to_string(),
            },
        };
        read
    };
    let validation = validate(&map, &index, &keep_source);
    let summary = Summary::new(&map, &index, validation.quotes_checked);
    let parsed = ParsedMap {
        map,
        index,
        summary,
        source: source.into_inner(),
    };
    (parsed, validation.findings)
}

/// Parses and validates map text and reports everything about it.
pub fn check_map_str(
    text: &str,
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
) -> CheckedMap {
    let failed = |diagnostic: Diagnostic| CheckedMap {
        path: path.to_owned(),
        parsed: None,
        diagnostics: vec![diagnostic],
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > MAX_FILE_BYTES {
        return failed(Diagnostic::error(
            Some(path.to_owned()),
            format!(
                "the map is too large: {} (maps over {} are refused)",
                mebibytes(text.len() as u64),
                mebibytes(MAX_FILE_BYTES)
            ),
        ));
    }
    if text.trim().is_empty() {
        return failed(Diagnostic::error(
            Some(path.to_owned()),
            "the file is empty; a map looks like `(title: \"...\", conclusion: \"...\", claims: [...], arguments: [...])`",
        ));
    }
    if let Some(offset) = text.find('\0') {
        // Found without scanning the whole text: a binary file can be
        // 64 MiB of anything.
        let (line, column) = line_column(text, offset);
        return failed(
            Diagnostic::error(
                Some(path.to_owned()),
                format!(
                    "the file contains a NUL byte at line {line}, column {column}; it looks like a binary file, not a RON map"
                ),
            )
            .at(line, column, shown_line(line_text(text, line), column)),
        );
    }
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT);
    let map: Map = match options.from_str(text) {
        Ok(map) => map,
        Err(err) => return failed(syntax_diagnostic(text, path, &err)),
    };
    let (parsed, findings) = validated(map, read_source);
    let mut diagnostics = place_findings(text, path, &findings);
    diagnostics.sort_by_key(|d| {
        (
            d.severity,
            d.line.unwrap_or(usize::MAX),
            d.column.unwrap_or(0),
        )
    });
    CheckedMap {
        path: path.to_owned(),
        parsed: Some(parsed),
        diagnostics,
    }
}

/// Turns findings into diagnostics with lines and columns.
fn place_findings(text: &str, path: &Path, findings: &[Finding]) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let locations = Locations::new(text);
    let offset_of = |place: Place| {
        locations
            .string(&place.path())
            .or_else(|| place.fallback().and_then(|f| locations.string(&f.path())))
    };
    findings
        .iter()
        .map(|finding| {
            let mut message = finding.message.clone();
            if let Some(offset) = finding.first.and_then(offset_of) {
                let first = locations.position(text, offset);
                message.push_str(&format!(" (first used at line {})", first.line));
            }
            let diagnostic = Diagnostic {
                severity: finding.severity,
                ..Diagnostic::error(Some(path.to_owned()), message)
            };
            match finding.place.and_then(offset_of) {
                Some(offset) => {
                    let p = locations.position(text, offset);
                    diagnostic.at(p.line, p.column, locations.line(text, p.line))
                }
                None => diagnostic,
            }
        })
        .collect()
}

/// A RON error as a diagnostic that shows the offending line.
fn syntax_diagnostic(text: &str, path: &Path, err: &ron::error::SpannedError) -> Diagnostic {
    let position = err.span.start;
    let line = position.line.max(1);
    let end = &err.span.end;
    let at_end = offset_of(text, end.line, end.col)
        .and_then(|offset| text.get(offset..))
        .is_some_and(|rest| rest.trim().is_empty());
    let mut message = match err.code {
        ron::Error::ExpectedNamedStructLike("Map") if at_end => {
            "the file holds no map, only comments; a map looks like `(title: \"...\", conclusion: \"...\", claims: [...], arguments: [...])`".to_owned()
        }
        ron::Error::ExpectedComma
        | ron::Error::ExpectedArrayEnd
        | ron::Error::ExpectedStructLikeEnd
        | ron::Error::ExpectedOptionEnd
        | ron::Error::ExpectedNamedStructLike(_)
        | ron::Error::ExpectedStructLike
        | ron::Error::ExpectedString
        | ron::Error::ExpectedArray
        | ron::Error::ExpectedIdentifier
        | ron::Error::ExpectedMapColon
        | ron::Error::Eof
            if at_end =>
        {
            "unexpected end of file: a `(` or `[` is not closed".to_owned()
        }
        ref code => syntax_message(code),
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || (trimmed.starts_with('[') && looks_like_json(text)) {
        message.push_str(
            " (hint: maps are written in RON, not JSON: a map is in parentheses and its field names are not quoted)",
        );
    }
    let start = offset_of(text, line, position.col);
    let (line, column) = if at_end {
        // Just past the last thing written, not on a blank line below it.
        after_previous_token(text, text.len())
    } else if let (ron::Error::ExpectedComma, Some(offset)) = (&err.code, start) {
        // ron stops at the next item; the comma is missing after the last.
        after_previous_token(text, offset)
    } else if let Some(offset) = start {
        // ron's position may sit on the blanks before the offending token.
        let skipped = text
            .get(offset..)
            .map_or(0, |rest| rest.len() - rest.trim_start().len());
        line_column(text, offset + skipped)
    } else {
        (line, position.col.max(1))
    };
    Diagnostic::error(Some(path.to_owned()), message).at(line, column, line_text(text, line))
}

/// Line and column just past the last non-blank character before byte
/// `offset` of `text`.
fn after_previous_token(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text).trim_end();
    line_column(text, before.len())
}

/// 1-based line and character column of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = 1 + before[line_start..].chars().count();
    (line, column)
}

/// Byte offset of 1-based `line` and character `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = text.get(line_start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

fn looks_like_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// How people call the map's structs in messages.
fn struct_name(outer: Option<&str>) -> &'static str {
    match outer {
        Some("Claim") => "a claim",
        Some("Argument") => "an argument",
        Some("ArgumentKind") => "an argument's `kind`",
        _ => "the map",
    }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// ron's error in our words: what was found and what was expected.
fn syntax_message(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => {
            "unexpected end of file: a `(`, `[` or `\"` is not closed, or the map is cut short"
                .into()
        }
        E::ExpectedComma => "expected a comma `,` after this item".into(),
        E::ExpectedArray => "expected a list in brackets `[...]`".into(),
        E::ExpectedArrayEnd => "expected `,` or the closing `]` of the list".into(),
        E::ExpectedNamedStructLike("Map") => {
            "expected `(` to open the map, like `(title: \"...\", conclusion: \"...\", claims: [...], arguments: [...])`".into()
        }
        E::ExpectedNamedStructLike("Claim") => {
            "expected `(` to open a claim, like `(id: \"...\", text: \"...\")`".into()
        }
        E::ExpectedNamedStructLike("Argument") => {
            "expected `(` to open an argument, like `(id: \"...\", premises: [\"...\"], target: \"...\", kind: Support)`".into()
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "expected `(`".into(),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => "expected `,` or the closing `)`".into(),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)` here but found `{found}(...)`")
        }
        E::ExpectedString => "expected a string in double quotes, like \"...\"".into(),
        E::ExpectedStringEnd => "this string is not closed: expected a closing `\"`".into(),
        E::ExpectedIdentifier => "expected a field name".into(),
        E::ExpectedMapColon => "expected a colon `:` after the field name".into(),
        E::ExpectedBoolean => "expected `true` or `false`".into(),
        E::ExpectedOption => "expected `Some(...)`, `None` or a value".into(),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}` in {}; expected one of {}",
            struct_name(outer.as_deref()),
            backticked(expected)
        ),
        E::MissingStructField { field, outer } => {
            format!(
                "missing field `{field}` in {}",
                struct_name(outer.as_deref())
            )
        }
        E::DuplicateStructField { field, outer } => format!(
            "field `{field}` appears twice in {}",
            struct_name(outer.as_deref())
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown kind `{found}`; expected one of {}",
            backticked(expected)
        ),
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected} but found {found}")
        }
        E::ExceededRecursionLimit => format!(
            "brackets are nested too deeply (more than {RECURSION_LIMIT} levels); a map needs only a few"
        ),
        E::UnexpectedChar(c) => format!("unexpected character {c:?}"),
        E::TrailingCharacters => {
            "unexpected text after the end of the map; the map is one `(...)`".into()
        }
        E::UnclosedBlockComment => "a `/*` comment is not closed".into(),
        E::InvalidEscape(what) => format!("invalid escape in a string: {what}"),
        other => lowercase_first(&other.to_string()),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Replaces control characters so a line of a binary file prints safely.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// Line, column (in characters) and printable text of the line holding
/// byte `offset`, all of whose earlier bytes are valid UTF-8.
fn utf8_error_position(bytes: &[u8], offset: usize) -> (usize, usize, String) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    let line_end = bytes[line_start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| line_start + i);
    let text = String::from_utf8_lossy(&bytes[line_start..line_end]);
    (
        line,
        column,
        shown_line(text.trim_end_matches('\r'), column),
    )
}

/// The part of a line of a binary-looking file to keep in a diagnostic:
/// up to a little past `column` (such a "line" can be megabytes long), with
/// control characters replaced so that it prints safely.
fn shown_line(line: &str, column: usize) -> String {
    let end = line
        .char_indices()
        .nth(column.saturating_add(SHOWN_PAST_COLUMN))
        .map_or(line.len(), |(i, _)| i);
    printable(&line[..end])
}

/// How many characters of a line past the offending column a diagnostic
/// about a binary-looking file keeps.
const SHOWN_PAST_COLUMN: usize = 100;

enum Bounded {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Reads at most [`MAX_FILE_BYTES`] of a regular file (see [`crate::files`]:
/// a directory, FIFO, device or socket is an error at once, never read).
fn read_bounded(path: &Path, progress: &mut dyn FnMut(u64, u64)) -> io::Result<Bounded> {
    match files::read_file_with_progress(path, MAX_FILE_BYTES, progress) {
        Ok(bytes) => Ok(Bounded::Bytes(bytes)),
        Err(ReadError::TooLarge { size, .. }) => Ok(Bounded::TooLarge(size)),
        Err(other) => Err(other.into()),
    }
}

/// Reads a source text with the same limits and care as a map, as UTF-8.
pub fn read_text_file(path: &Path) -> io::Result<String> {
    let bytes = files::read_file(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|err| {
        let (line, column, _) = utf8_error_position(err.as_bytes(), err.utf8_error().valid_up_to());
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text (the first bad byte is at line {line}, column {column})"),
        )
    })
}
