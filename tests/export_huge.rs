//! A generated 100,000-claim map exports to every format with the
//! `reasonmap` command, each export within 1 GiB of memory, and each file
//! holds the whole map.
//!
//! Memory is the peak resident set of the export process as GNU time
//! (`/usr/bin/time`, Debian package `time`) reads it from the kernel when
//! the process ends. The test is slow, so a plain `cargo test` skips it;
//! `.ci/run` runs it with `cargo test --test export_huge -- --ignored`.
//! Nothing here is timed: speed is measured by `cargo bench --bench export`
//! and the table in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod export_common;

use std::path::Path;
use std::process::Command;

use export_common::*;
use reasonmap::model::load_map_file;
use reasonmap::render::pdf::MAX_PAGE_SIDE;
use reasonmap::render::png::MAX_SIDE;

const CLAIMS: usize = 100_000;
/// The most memory one export may take, in kibibytes.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;

/// Runs `reasonmap ARGS` under GNU time; returns its standard output and
/// its peak resident set in kibibytes, failing the test if it fails.
fn run_measured(dir: &Path, args: &[&str]) -> (String, u64) {
    let rss = dir.join("rss.txt");
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["--format", "%M", "--output"])
        .arg(&rss)
        .arg(env!("CARGO_BIN_EXE_reasonmap"))
        .args(args)
        .current_dir(dir);
    let stdout = run_tool(
        command,
        &format!("reasonmap {args:?} under GNU time (Debian package `time`)"),
    );
    let rss = std::fs::read_to_string(&rss).unwrap();
    let kib = rss
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("GNU time wrote no peak memory: {rss:?}"));
    (stdout, kib)
}

#[test]
#[ignore = "slow: about 45 s of CPU in a debug build; .ci/run runs it"]
fn a_hundred_thousand_claims_export_to_every_format_within_a_gibibyte() {
    let dir = tempfile::tempdir().unwrap();
    let claims = CLAIMS.to_string();
    run_measured(
        dir.path(),
        &[
            "generate", "--claims", &claims, "--seed", "1", "-o", "big.ron",
        ],
    );

    let mut report = Vec::new();
    for (file, extra) in [
        ("big.svg", &[][..]),
        ("big.dot", &[][..]),
        ("big.png", &["--fit"][..]),
        ("big.pdf", &[][..]),
    ] {
        let mut args = vec!["export", "big.ron", "-o", file];
        args.extend(extra);
        let (stdout, kib) = run_measured(dir.path(), &args);
        report.push(format!(
            "{file}: {} MiB peak; {}",
            kib / 1024,
            stdout.trim()
        ));
        assert!(
            kib <= MEMORY_LIMIT_KIB,
            "exporting {file} took {} MiB, more than 1 GiB",
            kib / 1024
        );
        assert!(stdout.starts_with(&format!("wrote {file} (")), "{stdout}");
    }
    eprintln!("{}", report.join("\n"));

    // Every file holds every claim.
    let loaded = load_map_file(&dir.path().join("big.ron")).unwrap();
    assert_eq!(loaded.map.claims.len(), CLAIMS);

    let svg = std::fs::read_to_string(dir.path().join("big.svg")).unwrap();
    assert_eq!(svg.matches("<g class=\"claim ").count(), CLAIMS);
    drop(svg);

    let dot = std::fs::read_to_string(dir.path().join("big.dot")).unwrap();
    let claim_nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("\"claim:") && l.contains("\" [label="))
        .count();
    assert_eq!(claim_nodes, CLAIMS);
    drop(dot);

    // The PNG fits the default limit, and shows the map: most of its
    // pixels are background, but not all.
    let pixmap = decode_png(&std::fs::read(dir.path().join("big.png")).unwrap());
    assert!(pixmap.width() <= MAX_SIDE && pixmap.height() <= MAX_SIDE);
    let background = pixel(&pixmap, 0, 0);
    let drawn = (0..pixmap.height())
        .flat_map(|y| (0..pixmap.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| !close(pixel(&pixmap, x, y), background, 8))
        .count();
    assert!(drawn > 1000, "{drawn} pixels show the map");

    // One PDF page within the page limit, with every claim's text.
    let pdf = dir.path().join("big.pdf");
    let pages = pdf_page_sizes(&pdf);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].0.max(pages[0].1) <= MAX_PAGE_SIDE, "{pages:?}");
    let text = normalise(&pdf_file_text(&pdf));
    assert_eq!(claims_in_order(&text, &loaded.map), CLAIMS);
}
