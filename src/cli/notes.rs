//! `reasonmap notes`.

use std::process::ExitCode;

/// Runs `reasonmap notes`.
pub fn run(args: &super::NotesArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
