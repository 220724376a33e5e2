//! Export benchmarks: the whole pipeline (parse and validate the map text,
//! lay out, build the scene, render) to the bytes of an SVG, PNG, PDF or
//! DOT file, for the essay map and for generated maps of 1,000 and 10,000
//! claims. (BENCHMARKS.md also has the command line on up to 100,000.)
//!
//! Run with `cargo bench --bench export -- --warm-up-time 1 --measurement-time 3`.
//! Results are recorded in BENCHMARKS.md (section "Export").

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, criterion_main};
use reasonmap::export::{ExportRequest, Format, estimate_size, export_to_bytes};
use reasonmap::generate::generate_map;
use reasonmap::model::{LoadedMap, load_map_str};

/// A map file's text with the path it is loaded as.
struct MapText {
    path: PathBuf,
    text: String,
}

fn essay() -> MapText {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/regional-security.ron");
    match std::fs::read_to_string(&path) {
        Ok(text) => MapText { path, text },
        Err(err) => panic!("cannot read {}: {err}", path.display()),
    }
}

fn generated(claims: usize) -> MapText {
    match ron::ser::to_string_pretty(&generate_map(claims, 1), ron::ser::PrettyConfig::default()) {
        Ok(text) => MapText {
            path: PathBuf::from(format!("generated-{claims}.ron")),
            text,
        },
        Err(err) => panic!("cannot write the generated map: {err}"),
    }
}

/// Parses and validates a map's text, as `reasonmap export` does after
/// reading the file.
fn load(map: &MapText) -> LoadedMap {
    let dir = map.path.parent().map(Path::to_owned).unwrap_or_default();
    let read_source = |source: &str| std::fs::read_to_string(dir.join(source));
    match load_map_str(&map.text, &map.path, &read_source) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{} loads: {err}", map.path.display()),
    }
}

/// What `reasonmap export` does after reading the file: load, then the
/// export pipeline.
fn export(map: &MapText, request: &ExportRequest) -> usize {
    let loaded = load(map);
    match export_to_bytes(&loaded, request, None) {
        Ok(bytes) => bytes.len(),
        Err(err) => panic!("export {} as {}: {err}", map.path.display(), request.format),
    }
}

fn bench_export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let maps = [
        ("essay", essay()),
        ("1000", generated(1_000)),
        ("10000", generated(10_000)),
    ];
    for (name, map) in &maps {
        for format in Format::ALL {
            let mut request = ExportRequest::new(format);
            // A PNG of a big map at the default scale exceeds the pixel
            // limit; measure what `--fit` draws, when anything fits.
            request.fit = true;
            if let Err(err) = estimate_size(&load(map), &request) {
                eprintln!("skipping {} of {name}: {err}", format.extension());
                continue;
            }
            group.bench_with_input(BenchmarkId::new(format.extension(), name), map, |b, map| {
                b.iter(|| export(black_box(map), &request))
            });
        }
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_export);
}
criterion_main!(group::benches);
