//! `reasonmap check`.

use std::process::ExitCode;

/// Runs `reasonmap check`.
pub fn run(args: &super::CheckArgs) -> anyhow::Result<ExitCode> {
    let _ = args;
    anyhow::bail!("not built yet")
}
