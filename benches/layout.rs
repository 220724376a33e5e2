//! Layout time of generated maps with 100 to 50,000 claims: the tree shape
//! at every size, and every other shape at 10,000 claims.
//!
//! Run with `cargo bench --bench layout`; the maps are generated (and their
//! index built) outside the timed part.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use reasonmap::generate::{Shape, generate_map, generate_shaped};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::MapIndex;
use reasonmap::text::FontMetrics;

fn bench_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    let style = LayoutStyle::default();
    let measure = FontMetrics::bundled();
    for claims in [100usize, 1_000, 10_000, 50_000] {
        let map = generate_map(claims, 1);
        let index = MapIndex::new(&map);
        group.throughput(Throughput::Elements(claims as u64));
        group.bench_with_input(BenchmarkId::from_parameter(claims), &map, |b, map| {
            b.iter(|| layout(map, &index, measure, &style));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("layout-shape");
    group.sample_size(10);
    for shape in Shape::ALL.into_iter().skip(1) {
        let map = generate_shaped(10_000, 1, shape);
        let index = MapIndex::new(&map);
        group.throughput(Throughput::Elements(10_000));
        group.bench_with_input(BenchmarkId::new(shape.name(), 10_000), &map, |b, map| {
            b.iter(|| layout(map, &index, measure, &style));
        });
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_layout);
}
criterion_main!(group::benches);
