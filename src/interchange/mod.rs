//! Map files in every format reasonmap reads: RON, its own, and AIF JSON
//! from AIFdb and OVA ([`aif`]). This module sits beside [`crate::model`]:
//! it produces and consumes [`Map`]s and knows nothing of drawing.
//!
//! [`load_map_file`] and [`check_map_file`] are the one way in for the
//! viewer and every command: they read the file with the model's size
//! limits, pick the reader from the file's extension (or, for any other
//! name, from its first character) and validate the map the same way
//! whatever it was written in.

pub mod aif;

use std::fmt;
use std::io;
use std::path::Path;

use crate::model::load::{
    explain_notes_file, read_map_bytes_with_progress, source_reader, utf8_text,
};
use crate::model::{CheckedMap, Diagnostic, LoadError, LoadedMap, Map, check_map, check_map_str};
use aif::{AifError, ImportOptions, ImportReport, QuoteSource};

/// The formats a map file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MapFormat {
    /// reasonmap's own format (`.ron`).
    Ron,
    /// AIF JSON, as AIFdb and OVA write it (`.json`).
    Aif,
}

impl MapFormat {
    /// The format a file name's extension says: `.ron` or `.json`.
    pub fn from_path(path: &Path) -> Option<MapFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "ron" => Some(MapFormat::Ron),
            "json" => Some(MapFormat::Aif),
            _ => None,
        }
    }

    /// The format of the file at `path` holding `bytes`: from the
    /// extension, or for any other name, AIF when the text opens with `{`
    /// (a RON map opens with `(` or a comment).
    pub fn detect(path: &Path, bytes: &[u8]) -> MapFormat {
        Self::from_path(path).unwrap_or_else(|| {
            let first = bytes
                .strip_prefix("\u{feff}".as_bytes())
                .unwrap_or(bytes)
                .iter()
                .find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                MapFormat::Aif
            } else {
                MapFormat::Ron
            }
        })
    }

    /// The usual extension of files in this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            MapFormat::Ron => "ron",
            MapFormat::Aif => "json",
        }
    }
}

impl fmt::Display for MapFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MapFormat::Ron => "RON",
            MapFormat::Aif => "AIF",
        })
    }
}

/// A map file read in whatever format it is in.
#[derive(Debug, Clone)]
pub struct OpenedMap {
    /// The map and everything found about it, as for a RON map. Things an
    /// AIF import left out are among its warnings.
    pub checked: CheckedMap,
    /// The format it was read as.
    pub format: MapFormat,
    /// For AIF, what the import left out or changed; `None` for RON and
    /// for AIF that could not be imported.
    pub import: Option<ImportReport>,
}

/// How to read a map file.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions<'a> {
    /// Read it as this format, whatever its name says.
    pub format: Option<MapFormat>,
    /// For AIF: quote claims from this source text, which the map names
    /// by `name` (relative to the map file).
    pub source: Option<QuoteSource<'a>>,
}

/// Reads and validates the map at `path`, in either format: the map ready
/// for use, or every reason it is not. The viewer and the commands all
/// open maps through this.
pub fn load_map_file(path: &Path) -> Result<LoadedMap, LoadError> {
    load_map_file_with_progress(path, &mut |_, _| {})
}

/// [`load_map_file`], calling `progress(read, total)` as the file is read.
pub fn load_map_file_with_progress(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<LoadedMap, LoadError> {
    check_map_file_with_progress(path, &OpenOptions::default(), progress)?
        .checked
        .into_loaded()
}

/// Reads the map at `path` and reports everything about it, in either
/// format. Fails only when the file cannot be read at all.
pub fn check_map_file(path: &Path, options: &OpenOptions) -> Result<OpenedMap, LoadError> {
    check_map_file_with_progress(path, options, &mut |_, _| {})
}

/// [`check_map_file`], calling `progress(read, total)` as the file is read.
pub fn check_map_file_with_progress(
    path: &Path,
    options: &OpenOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<OpenedMap, LoadError> {
    let bytes = match read_map_bytes_with_progress(path, progress)? {
        Ok(bytes) => bytes,
        Err(too_large) => {
            return Ok(OpenedMap {
                checked: too_large,
                format: options
                    .format
                    .or_else(|| MapFormat::from_path(path))
                    .unwrap_or(MapFormat::Ron),
                import: None,
            });
        }
    };
    let format = options
        .format
        .unwrap_or_else(|| MapFormat::detect(path, &bytes));
    let mut opened = check_map_bytes(format, &bytes, path, &source_reader(path), options.source);
    opened.checked = explain_notes_file(opened.checked);
    Ok(opened)
}

/// Reports everything about the map in `bytes`, read as `format`; `path`
/// names it in diagnostics (and, for AIF, gives the title when the file
/// has none), `read_source` reads the source text it names, and `source`
/// is a source text to quote AIF claims from.
pub fn check_map_bytes(
    format: MapFormat,
    bytes: &[u8],
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
    source: Option<QuoteSource<'_>>,
) -> OpenedMap {
    let text = match utf8_text(bytes, path) {
        Ok(text) => text,
        Err(diagnostic) => {
            return OpenedMap {
                checked: failed(path, vec![diagnostic]),
                format,
                import: None,
            };
        }
    };
    match format {
        MapFormat::Ron => OpenedMap {
            checked: check_map_str(text, path, read_source),
            format,
            import: None,
        },
        MapFormat::Aif => check_aif_str(text, path, read_source, source),
    }
}

/// Imports AIF `text` and validates the map it gives.
fn check_aif_str(
    text: &str,
    path: &Path,
    read_source: &dyn Fn(&str) -> io::Result<String>,
    source: Option<QuoteSource<'_>>,
) -> OpenedMap {
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = ImportOptions {
        title: &title,
        source,
    };
    match aif::import(text, &options) {
        Err(errors) => OpenedMap {
            checked: failed(
                path,
                errors
                    .iter()
                    .map(|error| aif_diagnostic(text, path, error))
                    .collect(),
            ),
            format: MapFormat::Aif,
            import: None,
        },
        Ok(imported) => {
            let mut checked = check_map(imported.map, path, read_source);
            let losses = imported
                .report
                .notes
                .iter()
                .filter(|note| note.kind.is_loss())
                .map(|note| Diagnostic::warning(Some(path.to_owned()), note.message.clone()));
            let first_warning = checked
                .diagnostics
                .iter()
                .position(|d| !d.is_error())
                .unwrap_or(checked.diagnostics.len());
            checked
                .diagnostics
                .splice(first_warning..first_warning, losses);
            OpenedMap {
                checked,
                format: MapFormat::Aif,
                import: Some(imported.report),
            }
        }
    }
}

/// An AIF error as a diagnostic, showing the line when it has one.
fn aif_diagnostic(text: &str, path: &Path, error: &AifError) -> Diagnostic {
    let diagnostic = Diagnostic::error(Some(path.to_owned()), error.to_string());
    match error.position() {
        Some((line, column)) => {
            let line_text = text
                .trim_start_matches('\u{feff}')
                .split('\n')
                .nth(line - 1)
                .unwrap_or("")
                .trim_end_matches('\r');
            diagnostic.at(line, column, line_text)
        }
        None => diagnostic,
    }
}

fn failed(path: &Path, diagnostics: Vec<Diagnostic>) -> CheckedMap {
    CheckedMap {
        path: path.to_owned(),
        parsed: None,
        diagnostics,
    }
}

/// Writes `map` in `format`: RON as `reasonmap` writes maps (comments are
/// not kept; `header` becomes a comment at the top), or AIF JSON with every
/// node stamped `timestamp`.
pub fn write_map(map: &Map, format: MapFormat, header: &str, timestamp: &str) -> String {
    match format {
        MapFormat::Ron => {
            let config = ron::ser::PrettyConfig::default()
                .indentor("    ".to_owned())
                .escape_strings(false);
            // Serialising a map cannot fail: it holds only strings, lists
            // and flags.
            let body = ron::ser::to_string_pretty(map, config).unwrap_or_default();
            let mut text: String = header.lines().map(|line| format!("// {line}\n")).collect();
            text.push_str(&body);
            text.push('\n');
            text
        }
        MapFormat::Aif => aif::export(map, &aif::ExportOptions { timestamp }),
    }
}
