//! Time to parse and validate generated maps of 1,000 to 100,000 claims,
//! as `reasonmap check` and the viewer's loader do; and the same
//! 50,000-claim map loaded from RON and from AIF JSON.
//!
//! Run with `cargo bench --bench check`; the map text is generated outside
//! the timed part.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use reasonmap::generate::generate_map;
use reasonmap::interchange::{MapFormat, check_map_bytes, write_map};
use reasonmap::model::check_map_str;

fn no_source(_: &str) -> std::io::Result<String> {
    Err(std::io::Error::other("no source"))
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
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

/// One map, written by `reasonmap convert` as RON and as AIF, loaded
/// through the loader the viewer and the commands use (bytes to checked
/// map: UTF-8 check, parse, import for AIF, validation).
fn bench_formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("load-50000");
    group.sample_size(10);
    let map = generate_map(50_000, 1);
    for format in [MapFormat::Ron, MapFormat::Aif] {
        let text = write_map(&map, format, "generated", "2024-03-05 10:00:00");
        let name = format!("generated.{}", format.extension());
        let checked = check_map_bytes(format, text.as_bytes(), Path::new(&name), &no_source, None);
        assert!(
            checked.checked.is_valid(),
            "{format}: the generated map is valid"
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(format), &text, |b, text| {
            b.iter(|| check_map_bytes(format, text.as_bytes(), Path::new(&name), &no_source, None));
        });
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_check, super::bench_formats);
}
criterion_main!(group::benches);
