//! Collapsing and focusing on generated maps of 1,000 to 50,000 claims:
//! working out which claims are shown ([`visibility`]), cutting the map
//! down to them ([`sub_map`]), and the whole relayout the viewer does after
//! a collapse (sub-map, index, layout and scene of the shown part).
//!
//! Run with `cargo bench --bench visible`. The collapsed claims are those
//! two levels below the top (View › Collapse to Depth 2), and the focus is
//! on a claim two levels down with a branch three levels deep; both are
//! picked outside the timed part.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use reasonmap::generate::generate_map;
use reasonmap::layout::LayoutStyle;
use reasonmap::model::MapIndex;
use reasonmap::scene::collapse::shown_scene;
use reasonmap::scene::{SceneOptions, Theme, ThemeKind};
use reasonmap::text::FontMetrics;
use reasonmap::visible::{Focus, claims_at_depth, sub_map, visibility};

fn bench_visible(c: &mut Criterion) {
    let mut group = c.benchmark_group("visible");
    group.sample_size(10);
    let style = LayoutStyle::default();
    let measure = FontMetrics::bundled();
    let theme = Theme::new(ThemeKind::Light);
    let options = SceneOptions::default();
    for claims in [1_000usize, 10_000, 50_000] {
        let map = generate_map(claims, 1);
        let index = MapIndex::new(&map);
        let mut collapsed = vec![false; claims];
        for c in claims_at_depth(&map, &index, 2) {
            collapsed[c] = true;
        }
        let focus = Focus {
            claim: claims_at_depth(&map, &index, 2)
                .first()
                .copied()
                .unwrap_or(0),
            depth: 3,
        };
        group.throughput(Throughput::Elements(claims as u64));
        group.bench_with_input(
            BenchmarkId::new("visibility, depth 2", claims),
            &map,
            |b, map| b.iter(|| visibility(map, &index, &collapsed, None)),
        );
        let collapsed_view = visibility(&map, &index, &collapsed, None);
        group.bench_with_input(
            BenchmarkId::new("sub-map, depth 2", claims),
            &map,
            |b, map| b.iter(|| sub_map(map, &index, &collapsed_view.shown)),
        );
        group.bench_with_input(
            BenchmarkId::new("relayout, depth 2", claims),
            &map,
            |b, map| {
                b.iter(|| {
                    let v = visibility(map, &index, &collapsed, None);
                    shown_scene(map, &index, &v, &style, measure, &theme, &options)
                })
            },
        );
        // One claim collapsed near the top: most of the map stays shown,
        // the worst case for a relayout.
        let mut one = vec![false; claims];
        if let Some(&c) = claims_at_depth(&map, &index, 1).first() {
            one[c] = true;
        }
        group.bench_with_input(
            BenchmarkId::new("relayout, one branch", claims),
            &map,
            |b, map| {
                b.iter(|| {
                    let v = visibility(map, &index, &one, None);
                    shown_scene(map, &index, &v, &style, measure, &theme, &options)
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("focus, depth 3", claims),
            &map,
            |b, map| {
                b.iter(|| {
                    let v = visibility(map, &index, &[], Some(focus));
                    shown_scene(map, &index, &v, &style, measure, &theme, &options)
                })
            },
        );
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_visible);
}
criterion_main!(group::benches);
