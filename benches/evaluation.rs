//! Time to evaluate generated maps of 1,000 to 50,000 claims from scratch
//! (compile the argument graph, label it, count the statuses), and the cost
//! in the viewer of one mark change on a 10,000-claim map.
//!
//! Run with `cargo bench --bench evaluation`; generating the maps and
//! indexing them are outside the timed part.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use reasonmap::evaluation::{ClaimMark, Marks, Reading, evaluate};
use reasonmap::generate::generate_map;
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::MapIndex;
use reasonmap::scene::{SceneEvaluation, SceneOptions, Theme, build_scene, evaluation};
use reasonmap::text::FontMetrics;

fn bench_evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    for claims in [1_000usize, 10_000, 50_000] {
        let map = generate_map(claims, 1);
        let index = MapIndex::new(&map);
        let marks = Marks::for_map(&map);
        group.throughput(Throughput::Elements(claims as u64));
        group.bench_with_input(BenchmarkId::from_parameter(claims), &map, |b, map| {
            b.iter(|| {
                let evaluation = evaluate(map, &index, &marks, Reading::Charitable);
                evaluation.counts()
            });
        });
    }
    group.finish();
}

/// One mark change as the viewer makes it: reject a claim, evaluate the
/// whole map again, rebuild the evaluation's shapes over every box of the
/// scene, and list the claims whose status changed. (Laying the map out
/// and building its scene happen once, outside the timed part.)
fn bench_mark_change(c: &mut Criterion) {
    let mut group = c.benchmark_group("mark_change");
    group.sample_size(20);
    let claims = 10_000usize;
    let map = generate_map(claims, 1);
    let index = MapIndex::new(&map);
    let style = LayoutStyle::default();
    let measure = FontMetrics::bundled();
    let laid_out = layout(&map, &index, measure, &style);
    let theme = Theme::light();
    let scene = build_scene(
        &map,
        &index,
        &laid_out,
        &style,
        measure,
        &theme,
        &SceneOptions::default(),
    );
    let before = evaluate(&map, &index, &Marks::for_map(&map), Reading::Charitable);
    // A claim near the top, so the change reaches much of the map.
    let target = index
        .conclusion()
        .and_then(|c| index.arguments_into_claim(c).first())
        .and_then(|&a| index.premises(a).first().copied())
        .unwrap_or(0);
    group.bench_function(BenchmarkId::from_parameter(claims), |b| {
        b.iter(|| {
            let mut marks = Marks::for_map(&map);
            marks.set_claim(target, Some(ClaimMark::Rejected));
            let after = evaluate(&map, &index, &marks, Reading::Charitable);
            let shapes =
                evaluation::claim_shapes(&scene.nodes, &SceneEvaluation::new(&after), &theme);
            (shapes.len(), after.changed_claims(&before).len())
        });
    });
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_evaluate, super::bench_mark_change);
}
criterion_main!(group::benches);
