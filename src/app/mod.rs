//! The desktop viewer (eframe).

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the viewer on `map`, or on the built-in essay map.
pub fn run(map: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let _ = map;
    anyhow::bail!("not built yet")
}
