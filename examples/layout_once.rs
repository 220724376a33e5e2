//! Generates one map and lays it out once, nothing else: a program to run
//! under `/usr/bin/time -v` (peak memory, page faults), `perf record` or
//! `valgrind --tool=callgrind`, where a benchmark's repeated layouts would
//! blur what one layout costs. Count the whole program with callgrind: on a
//! large map the layout's own threads wrap text and find detours outside
//! `layout_with_progress`, so `--toggle-collect` on it misses their share.
//!
//! ```text
//! cargo build --release --example layout_once
//! /usr/bin/time -v target/release/examples/layout_once 10000 chain
//! ```
//!
//! Prints the number of claims and arrows laid out.

use clap::Parser;
use reasonmap::generate::{Shape, generate_shaped};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::MapIndex;
use reasonmap::text::FontMetrics;

/// Lay out one generated map once.
#[derive(Parser)]
struct Args {
    /// Claims in the map.
    #[arg(default_value_t = 10_000)]
    claims: usize,
    /// Shape of the map, as `reasonmap generate --shape` takes it.
    #[arg(value_enum, default_value_t = Shape::Tree)]
    shape: Shape,
    /// Seed of the generator.
    #[arg(default_value_t = 1)]
    seed: u64,
}

fn main() {
    let args = Args::parse();
    let map = generate_shaped(args.claims, args.seed, args.shape);
    let index = MapIndex::new(&map);
    let laid = layout(
        &map,
        &index,
        FontMetrics::bundled(),
        &LayoutStyle::default(),
    );
    println!("{} claims, {} arrows", laid.claims.len(), laid.edges.len());
}
