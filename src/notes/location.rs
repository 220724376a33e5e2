//! Where a map's notes live: beside the map (`NAME.notes.ron` for
//! `NAME.ron` or an AIF map `NAME.json`), or, when the map's folder cannot be written, in the user's
//! data folder under a name derived from the map's canonical path.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use siphasher::sip128::SipHasher13;

/// Which of the two places a notes file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocationKind {
    /// `NAME.notes.ron` in the map's folder.
    BesideMap,
    /// The user's data folder, because the map's folder cannot be written.
    DataFolder,
}

/// Where a store reads and saves its notes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The notes file (which may not exist yet).
    pub path: PathBuf,
    /// Which place that is.
    pub kind: LocationKind,
}

impl Location {
    /// A sentence for the user ("Notes are saved beside the map in ...").
    pub fn describe(&self) -> String {
        match self.kind {
            LocationKind::BesideMap => {
                format!("notes are saved beside the map in {}", self.path.display())
            }
            LocationKind::DataFolder => format!(
                "the map's folder cannot be written, so notes are saved in {}",
                self.path.display()
            ),
        }
    }
}

/// `NAME.notes.ron` beside `NAME.ron` or `NAME.json` (any other map file
/// name gets `.notes.ron` appended).
pub fn sidecar_path(map: &Path) -> PathBuf {
    let name = map.file_name().unwrap_or_default();
    let stem = if map.extension().is_some_and(|e| e == "ron" || e == "json") {
        map.file_stem().unwrap_or_default()
    } else {
        name
    };
    let mut file = OsString::from(stem);
    file.push(".notes.ron");
    map.with_file_name(file)
}

/// The backup of a notes file: the same name with `.bak` appended.
pub fn backup_path(notes: &Path) -> PathBuf {
    with_suffix(notes, ".bak")
}

/// `path` with `suffix` appended to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The user's data folder for reasonmap (`$XDG_DATA_HOME/reasonmap` on
/// Linux), if the platform has one.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "reasonmap").map(|d| d.data_dir().to_owned())
}

/// The notes file for `map` in `data_dir`: `notes/STEM-HASH.notes.ron`,
/// where HASH is taken from the map's canonical path, so that two maps
/// never share a file even when they have the same name.
pub fn fallback_path(data_dir: &Path, map: &Path) -> PathBuf {
    let canonical = canonical_map_path(map);
    // SipHash-1-3 with fixed keys is stable across runs and versions,
    // unlike std's DefaultHasher.
    let hash = SipHasher13::new()
        .hash(canonical.as_os_str().as_encoded_bytes())
        .as_u128();
    let stem = map
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    data_dir
        .join("notes")
        .join(format!("{stem}-{:016x}.notes.ron", (hash >> 64) as u64))
}

/// The map's canonical path, or its absolute path if it cannot be
/// canonicalised (a map whose folder is gone).
pub fn canonical_map_path(map: &Path) -> PathBuf {
    std::fs::canonicalize(map)
        .or_else(|_| std::path::absolute(map))
        .unwrap_or_else(|_| map.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_replaces_the_ron_extension() {
        assert_eq!(
            sidecar_path(Path::new("maps/essay.ron")),
            Path::new("maps/essay.notes.ron")
        );
        assert_eq!(
            sidecar_path(Path::new("essay.map.ron")),
            Path::new("essay.map.notes.ron")
        );
        assert_eq!(
            sidecar_path(Path::new("corpus/nodeset6361.json")),
            Path::new("corpus/nodeset6361.notes.ron")
        );
        assert_eq!(
            sidecar_path(Path::new("dir/essay.txt")),
            Path::new("dir/essay.txt.notes.ron")
        );
    }

    #[test]
    fn fallback_names_differ_for_maps_with_the_same_name() {
        let data = Path::new("/data");
        let a = fallback_path(data, Path::new("/a/essay.ron"));
        let b = fallback_path(data, Path::new("/b/essay.ron"));
        assert_ne!(a, b);
        assert!(a.starts_with("/data/notes"));
        let name = a
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("essay-") && name.ends_with(".notes.ron"),
            "{name}"
        );
        assert_eq!(a, fallback_path(data, Path::new("/a/essay.ron")));
    }
}
