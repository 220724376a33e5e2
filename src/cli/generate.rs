//! `reasonmap generate`: writes a random, argument-shaped map file.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::generate::generate_shaped;

/// Runs `reasonmap generate`: writes the map for `--claims`, `--seed` and
/// `--shape` to `--output` as pretty RON.
pub fn run(args: &super::GenerateArgs) -> anyhow::Result<ExitCode> {
    let map = generate_shaped(args.claims as usize, args.seed, args.shape);
    let text = ron::ser::to_string_pretty(&map, ron::ser::PrettyConfig::default())
        .context("could not write the map as RON")?;
    std::fs::write(&args.output, text)
        .with_context(|| format!("could not write {}", args.output.display()))?;
    println!(
        "wrote {} ({} map, {} claims, {} arguments, seed {})",
        args.output.display(),
        args.shape.name(),
        map.claims.len(),
        map.arguments.len(),
        args.seed
    );
    Ok(ExitCode::SUCCESS)
}
