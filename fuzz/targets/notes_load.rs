//! The notes loader: the bytes of a `NAME.notes.ron` file to notes and
//! marks, the way the store reads a file from disk, and back to text.

use std::path::Path;

use reasonmap::notes::{parse_bytes, serialize};

const PATH: &str = "fuzz/map.notes.ron";

/// Parses `data` as a notes file; notes that parse are written out and
/// must read back the same.
pub fn run(data: &[u8]) {
    let path = Path::new(PATH);
    match parse_bytes(data, path) {
        Ok(sidecar) => {
            let text = serialize(
                &sidecar.notes,
                &sidecar.marks,
                &sidecar.collapsed,
                Some("/maps/map.ron"),
                path,
            )
            .unwrap_or_else(|e| panic!("notes that parsed cannot be written: {e}"));
            let again = parse_bytes(text.as_bytes(), path)
                .unwrap_or_else(|e| panic!("notes written out do not parse: {e}\n{text}"));
            assert_eq!(again, sidecar, "notes changed on a round trip:\n{text}");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(PATH),
                "the error does not name the file: {message}"
            );
        }
    }
}
