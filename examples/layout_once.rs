//! Generates one map and lays it out once, nothing else: a program to run
//! under `/usr/bin/time -v` (peak memory, page faults), `perf record` or
//! `valgrind --tool=callgrind --toggle-collect='*layout_with_progress*'`,
//! where a benchmark's repeated layouts would blur what one layout costs.
//!
//! ```text
//! cargo build --release --example layout_once
//! /usr/bin/time -v target/release/examples/layout_once 10000 chain
//! ```
//!
//! Arguments: the number of claims (default 10,000), the shape (`tree`,
//! `forest`, `fan`, `chain` or `mixed`; default `tree`) and the seed
//! (default 1). Prints the number of claims and arrows laid out.

use std::process::ExitCode;

use reasonmap::generate::{Shape, generate_shaped};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::MapIndex;
use reasonmap::text::FontMetrics;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let claims = match args.first().map(|a| a.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("error: the number of claims: {e}");
            return ExitCode::from(2);
        }
    };
    let shape = match args.get(1) {
        None => Shape::Tree,
        Some(name) => match Shape::ALL.into_iter().find(|s| s.name() == name) {
            Some(s) => s,
            None => {
                let names: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
                eprintln!("error: unknown shape {name:?}; one of {}", names.join(", "));
                return ExitCode::from(2);
            }
        },
    };
    let seed = match args.get(2).map(|a| a.parse::<u64>()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            eprintln!("error: the seed: {e}");
            return ExitCode::from(2);
        }
    };
    let map = generate_shaped(claims, seed, shape);
    let index = MapIndex::new(&map);
    let laid = layout(
        &map,
        &index,
        FontMetrics::bundled(),
        &LayoutStyle::default(),
    );
    println!("{} claims, {} arrows", laid.claims.len(), laid.edges.len());
    ExitCode::SUCCESS
}
