//! The map loader and validator, from the bytes of a map file to its
//! diagnostics: exactly what `reasonmap check` and the viewer run.
//!
//! An input is a map file, optionally followed by a line `----8<----` and
//! the source text the map quotes (served for whatever `source` the map
//! names), so quote checking is fuzzed too.

use std::path::Path;

use reasonmap::model::{CheckedMap, Map, check_map_bytes, check_map_str};

const PATH: &str = "fuzz/map.ron";

/// Checks the map in `data` and the invariants of what the check says.
pub fn run(data: &[u8]) {
    let (map, source) = super::split_at_marker(data);
    let read_source = super::source_reader(source);
    let path = Path::new(PATH);
    let checked = check_map_bytes(map, path, &read_source);
    check_diagnostics(&checked, map, PATH);

    // A valid map written out again reads back as the same valid map.
    if let Some(parsed) = checked.parsed.as_ref().filter(|_| checked.is_valid()) {
        let text = write_map(&parsed.map);
        let again = check_map_str(&text, path, &read_source);
        assert!(
            again.is_valid(),
            "a valid map written out is no longer valid:\n{text}\n{:#?}",
            again.diagnostics
        );
        assert_eq!(
            again.parsed.map(|p| p.map).as_ref(),
            Some(&parsed.map),
            "the map changed on a round trip through RON"
        );
    }
    assert_eq!(checked.is_valid(), checked.into_loaded().is_ok());
}

/// Every diagnostic names the file `path`, says something, and points
/// (when it points) at a line and column that exist in `bytes`.
pub fn check_diagnostics(checked: &CheckedMap, bytes: &[u8], path: &str) {
    let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
    for d in &checked.diagnostics {
        assert_eq!(d.file.as_deref(), Some(Path::new(path)), "{d:?}");
        assert!(!d.message.trim().is_empty(), "{d:?}");
        if let Some(line) = d.line {
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {d:?}");
        }
        if let Some(column) = d.column {
            assert!(column >= 1, "{d:?}");
        }
        let shown = d.to_string();
        assert!(shown.contains(path), "{shown}");
    }
    if checked.parsed.is_none() {
        assert!(
            checked.diagnostics.iter().any(|d| d.is_error()),
            "a map that did not parse has no error"
        );
    }
}

/// The map as RON text, as a tool writing maps would.
fn write_map(map: &Map) -> String {
    ron::ser::to_string_pretty(map, ron::ser::PrettyConfig::default())
        .unwrap_or_else(|e| panic!("a parsed map cannot be written as RON: {e}"))
}
