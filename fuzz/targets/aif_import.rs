//! The AIF importer, from the bytes of an AIF JSON file to the map and
//! diagnostics the viewer and `reasonmap check` get: exactly the path
//! `reasonmap MAP.json` opens.
//!
//! An input is an AIF file, optionally followed by a line `----8<----` and
//! the source text the map names (as for `map_check`). A map that imports
//! valid must survive being written as AIF and read back unchanged, as
//! `reasonmap convert` relies on.

use std::path::Path;

use reasonmap::interchange::aif::{self, ImportOptions};
use reasonmap::interchange::{MapFormat, check_map_bytes, write_map};

const PATH: &str = "fuzz/map.json";

/// Imports the AIF in `data` and checks what the import and the check say.
pub fn run(data: &[u8]) {
    let (file, source) = super::split_at_marker(data);
    let read_source = super::source_reader(source);
    let opened = check_map_bytes(MapFormat::Aif, file, Path::new(PATH), &read_source, None);
    super::map_check::check_diagnostics(&opened.checked, file, PATH);

    let Some(parsed) = opened
        .checked
        .parsed
        .as_ref()
        .filter(|_| opened.checked.is_valid())
    else {
        return;
    };
    // A valid map written as AIF reads back as the same map.
    let json = write_map(&parsed.map, MapFormat::Aif, "", "2024-03-05 10:00:00");
    let options = ImportOptions {
        title: "unused",
        source: None,
    };
    let again = aif::import(&json, &options)
        .unwrap_or_else(|e| panic!("a map written as AIF does not import: {e:?}\n{json}"));
    assert_eq!(
        again.map, parsed.map,
        "the map changed on a round trip through AIF:\n{json}"
    );
}
