//! `reasonmap export`.

use std::process::ExitCode;

/// Runs `reasonmap export`.
pub fn run(args: &super::ExportArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
