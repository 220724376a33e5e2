//! `reasonmap generate`.

use std::process::ExitCode;

/// Runs `reasonmap generate`.
pub fn run(args: &super::GenerateArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
