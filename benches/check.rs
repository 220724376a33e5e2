//! Time to parse and validate generated maps of 1,000 to 100,000 claims,
//! as `reasonmap check` and the viewer's loader do.
//!
//! Run with `cargo bench --bench check`; the map text is generated outside
//! the timed part.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use reasonmap::generate::generate_map;
use reasonmap::model::check_map_str;

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    let no_source = |_: &str| Err(std::io::Error::other("no source"));
    for claims in [1_000usize, 10_000, 100_000] {
        let map = generate_map(claims, 1);
        let text = ron::to_string(&map).unwrap_or_default();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(claims), &text, |b, text| {
            b.iter(|| check_map_str(text, Path::new("generated.ron"), &no_source));
        });
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_check);
}
criterion_main!(group::benches);
