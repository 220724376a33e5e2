//! The source panel's work on a 10,000-claim map with a 1.8 MB source:
//! analysing the text once when the map opens (Markdown,
//! sentences, every quote located), and the panel's frames: one frame
//! scrolled to the middle of the text, and a jump to a far-away passage
//! (the frames it takes to scroll there and settle).
//!
//! Run with `cargo bench --bench source`. The map is `generate_map(10_000,
//! 1)`; its essay is written here, outside the timed part: a section
//! heading every 50 claims, and per claim a paragraph with a sentence of
//! filler and the claim's text, which the claim quotes (implicit premises
//! quote nothing).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_main};
use reasonmap::app::source_panel::{PanelInput, SourcePanel};
use reasonmap::generate::generate_map;
use reasonmap::model::{LoadedMap, Map, load_map_str};
use reasonmap::scene::Theme;
use reasonmap::source::SourceDoc;

const CLAIMS: usize = 10_000;

/// The map with quotes, and its essay.
fn essay_map() -> (LoadedMap, usize) {
    let mut map: Map = generate_map(CLAIMS, 1);
    map.source = Some("essay.md".into());
    let mut essay = String::from("# A generated essay\n\n");
    for (i, claim) in map.claims.iter_mut().enumerate() {
        if i % 50 == 0 {
            essay.push_str(&format!("## Part {}\n\n", i / 50 + 1));
        }
        essay.push_str(&format!(
            "Paragraph {i} takes up the {} point. {}\n\n",
            ["first", "next", "last"][i % 3],
            claim.text
        ));
        if !claim.implicit {
            claim.quote = Some(claim.text.clone());
        }
    }
    let bytes = essay.len();
    let text = ron::to_string(&map).unwrap_or_default();
    let read = |_: &str| Ok(essay.clone());
    let loaded = match load_map_str(&text, Path::new("generated.ron"), &read) {
        Ok(loaded) => loaded,
        Err(err) => panic!("the generated map is valid: {err}"),
    };
    (loaded, bytes)
}

/// Input for a panel 420 points wide and 760 high.
fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(420.0, 760.0),
        )),
        ..egui::RawInput::default()
    }
}

fn frame(ctx: &egui::Context, panel: &mut SourcePanel, input: &PanelInput<'_>) {
    let output = ctx.run_ui(raw_input(), |ui| {
        panel.ui(ui, input);
    });
    std::hint::black_box(&output.shapes);
}

fn bench_source(c: &mut Criterion) {
    let (loaded, bytes) = essay_map();
    let text = loaded.source.shared_text().unwrap_or_default();
    let mut group = c.benchmark_group("source");
    group.sample_size(10);

    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("analyse 10k claims, 1.8 MB", |b| {
        b.iter(|| SourceDoc::new(text.clone(), &loaded.map, &loaded.index));
    });

    let doc = SourceDoc::new(text.clone(), &loaded.map, &loaded.index);
    let theme = Theme::light();
    let input = PanelInput {
        loaded: &loaded,
        source: Some(&doc),
        theme: &theme,
        selected: None,
        hovered: None,
    };
    let ctx = egui::Context::default();
    reasonmap::render::egui::install_fonts(&ctx);
    let mut panel = SourcePanel::default();
    // Scroll to the middle and let the scroll settle.
    frame(&ctx, &mut panel, &input);
    panel.reveal_claim(&doc, CLAIMS / 2);
    for _ in 0..10 {
        frame(&ctx, &mut panel, &input);
    }
    group.throughput(Throughput::Elements(1));
    group.bench_function("frame scrolled to the middle", |b| {
        b.iter(|| frame(&ctx, &mut panel, &input));
    });

    // A jump to a far-away passage: three frames (the scroll, and its
    // corrections as the blocks around the target are measured).
    let mut target = 0;
    group.bench_function("jump to a far passage (3 frames)", |b| {
        b.iter(|| {
            target = (target + 3_331) % CLAIMS;
            panel.reveal_claim(&doc, target);
            for _ in 0..3 {
                frame(&ctx, &mut panel, &input);
            }
        });
    });
    group.finish();
    println!(
        "source: {bytes} bytes, {} blocks, {} sentences, {} quoted claims",
        doc.blocks().len(),
        doc.sentences().len(),
        (0..loaded.map.claims.len())
            .filter(|&c| doc.passage(c).is_some())
            .count()
    );
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_source);
}
criterion_main!(group::benches);
