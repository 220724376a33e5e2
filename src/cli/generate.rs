//! `reasonmap generate`: writes a random, argument-shaped map file.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::generate::generate_map;

/// Runs `reasonmap generate`: writes the map for `--claims` and `--seed`
/// to `--output` as pretty RON.
pub fn run(args: &super::GenerateArgs) -> anyhow::Result<ExitCode> {
    let map = generate_map(args.claims as usize, args.seed);
    let text = ron::ser::to_string_pretty(&map, ron::ser::PrettyConfig::default())
        .context("could not write the map as RON")?;
    std::fs::write(&args.output, text)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    println!(
        "wrote {} ({} claims, {} arguments, seed {})",
        args.output.display(),
        map.claims.len(),
        map.arguments.len(),
        args.seed
    );
    Ok(ExitCode::SUCCESS)
}
