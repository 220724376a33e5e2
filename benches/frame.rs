//! The viewer's CPU work per frame while a map is dragged: the canvas (cull,
//! shapes, widgets for the visible claims) run through egui, then
//! tessellated into triangles, as eframe does before handing them to the GPU.
//!
//! Run with `cargo bench --bench frame`. Cases: the built-in essay map at
//! Fit and at 100 %, and generated maps of 10,000 and 50,000 claims at Fit,
//! at 100 % and at the middle zoom between the two (their geometric mean).
//! The window is 1280 × 800 points; every timed frame moves the view by a
//! few points, as a drag does, so the work is that of a frame that changed.
//! One more case per generated map zooms in and out by a step around Fit
//! every frame, as a turn of the wheel does: the far-out overview's image of
//! a nearby step stands in while the zoom moves, so this is the cost of a
//! frame while zooming (the image of the step the zoom rests on is drawn
//! once it has rested).

use criterion::{BenchmarkId, Criterion, criterion_main};
use egui::emath::TSTransform;
use reasonmap::app::canvas::{CanvasView, canvas_ui};
use reasonmap::app::document::load_builtin_essay;
use reasonmap::generate::generate_map;
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::{Map, MapIndex};
use reasonmap::render::egui::{Highlight, install_fonts};
use reasonmap::scene::{Scene, SceneOptions, Theme, ThemeKind, build_scene};
use reasonmap::text::FontMetrics;

/// The size of the window the frames are drawn for.
const SCREEN: egui::Vec2 = egui::vec2(1280.0, 800.0);

fn scene_of(map: &Map, theme: &Theme) -> Scene {
    let index = MapIndex::new(map);
    let style = LayoutStyle::default();
    let laid_out = layout(map, &index, FontMetrics::bundled(), &style);
    build_scene(
        map,
        &index,
        &laid_out,
        &style,
        FontMetrics::bundled(),
        theme,
        &SceneOptions::default(),
    )
}

/// One viewer frame showing `scene` through `view`, tessellated.
struct Frame {
    ctx: egui::Context,
    scene: Scene,
    theme: Theme,
    view: CanvasView,
    revision: u64,
}

impl Frame {
    fn new(scene: Scene, theme: Theme, revision: u64) -> Self {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        let mut frame = Self {
            ctx,
            scene,
            theme,
            view: CanvasView::default(),
            revision,
        };
        frame.view.initial_requested = false;
        frame.view.fit_requested = true;
        frame.run();
        frame
    }

    /// Runs one frame; returns the number of triangles drawn.
    fn run(&mut self) -> usize {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            ..Default::default()
        };
        let highlight = Highlight::default();
        self.view.scene_revision = self.revision;

        let output = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    canvas_ui(
                        ui,
                        &self.scene,
                        &mut self.view,
                        &self.theme,
                        &highlight,
                        &|_, _| {},
                        &mut |_, _| {},
                    );
                });
        });
        // No GPU here: the font atlas's uploads are dropped.
        let mut output = output;
        output.textures_delta.clear();
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum()
    }

    /// Sets the zoom, keeping the middle of the window where it is.
    fn zoom_to(&mut self, zoom: f32) {
        let center = (SCREEN / 2.0).to_pos2();
        self.view.zoom_by(zoom / self.view.zoom(), center);
        self.run();
    }

    /// Centres the view on the map's conclusion at the current zoom.
    fn center_on_top(&mut self) {
        let zoom = self.view.zoom();
        let top = self
            .scene
            .nodes
            .iter()
            .find(|n| n.role == reasonmap::model::Role::Conclusion)
            .map_or(self.scene.bounds.center(), |n| n.rect.center());
        let mid = SCREEN / 2.0;
        self.view.screen_from_scene = TSTransform::new(mid - egui::vec2(top.x, top.y) * zoom, zoom);
        self.run();
    }
}

fn bench_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    let theme = Theme::new(ThemeKind::Light);
    let essay = match load_builtin_essay() {
        Ok(loaded) => loaded.map,
        Err(e) => panic!("the built-in essay map loads: {e}"),
    };
    let maps = [
        ("essay", essay),
        ("10000", generate_map(10_000, 1)),
        ("50000", generate_map(50_000, 1)),
    ];
    for (revision, (name, map)) in maps.into_iter().enumerate() {
        let mut frame = Frame::new(scene_of(&map, &theme), theme.clone(), revision as u64 + 1);
        let fit = frame.view.zoom();
        let mut zooms = vec![("fit", fit), ("100%", 1.0)];
        if name != "essay" {
            zooms.push(("middle", (fit * 1.0).sqrt()));
        }
        for (label, zoom) in zooms {
            frame.view.fit_requested = true;
            frame.run();
            frame.zoom_to(zoom);
            if label != "fit" {
                frame.center_on_top();
            }
            let triangles = frame.run();
            eprintln!("frame/{name}/{label}: zoom {zoom:.4}, {triangles} triangles");
            let mut step = 0usize;
            group.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter(|| {
                    // A drag: a few points right, then back.
                    step += 1;
                    let dx = if step.is_multiple_of(2) { 3.0 } else { -3.0 };
                    frame.view.screen_from_scene.translation.x += dx;
                    frame.run()
                });
            });
        }
        if name != "essay" {
            // Zooming far out: every frame moves to another zoom step, and
            // the image of a nearby step stands in.
            frame.view.fit_requested = true;
            frame.run();
            let mut step = 0usize;
            group.bench_function(BenchmarkId::new(name, "fit, zoom step"), |b| {
                b.iter(|| {
                    step += 1;
                    let factor = if step.is_multiple_of(2) { 1.25 } else { 0.8 };
                    frame.view.zoom_by(factor, (SCREEN / 2.0).to_pos2());
                    frame.run()
                });
            });
        }
    }
    group.finish();
}

/// The generated group function lives in a private module, out of the
/// crate's documented surface.
mod group {
    criterion::criterion_group!(benches, super::bench_frame);
}
criterion_main!(group::benches);
