//! The far-out overview cached as one image per zoom step.
//!
//! Far out every claim is a block and every arrow a line
//! ([`super::overview`]); at Fit a 50,000-claim map is a quarter of a
//! million triangles, too many to build every frame. Instead the whole map
//! is drawn once into an image at the resolution of the current zoom step
//! (steps a quarter of an octave apart) and a frame draws one textured
//! rectangle, however the view is dragged. A new image is drawn only when
//! the zoom moves to another step, the scene or the theme changes (a new
//! [`super::egui::SceneDrawing`]), or the screen's pixel density does.
//! While the zoom keeps moving (a turn of the wheel crosses several steps),
//! the image of a nearby step is drawn scaled and the new one waits until
//! the zoom has rested for `SETTLE` seconds, so zooming does not redraw
//! the image every frame. When
//! the whole map at that zoom would make too large an image, there is
//! none, and the caller draws the visible blocks directly: only part of
//! the map is then on screen.

use egui::{Color32, Painter, Rect, TextureHandle, TextureOptions};

use super::overview::{MIN_BLOCK, Overview};
use crate::geom;

/// Most pixels in one overview image (2048 × 2048, 16 MiB).
const MAX_PIXELS: usize = 2048 * 2048;
/// Zoom steps per doubling of the zoom.
const STEPS_PER_OCTAVE: f32 = 4.0;
/// How long the zoom rests on a step before its image is drawn, when the
/// image of a step at most an octave away can stand in meanwhile.
const SETTLE: f64 = 0.15;

/// One overview image and what it shows.
#[derive(Clone)]
pub struct OverviewImage {
    /// The zoom step it was drawn for.
    step: i32,
    /// Pixels per point of the screen it was drawn for.
    pixels_per_point: f32,
    /// The scene rectangle it shows.
    area: geom::Rect,
    /// The image on the GPU.
    texture: TextureHandle,
}

impl std::fmt::Debug for OverviewImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverviewImage")
            .field("step", &self.step)
            .field("area", &self.area)
            .field("size", &self.texture.size())
            .finish()
    }
}

/// The zoom step of `scale` (image pixels per scene point): the smallest
/// step at or above it, so the image is never enlarged on screen.
fn step_of(scale: f32) -> i32 {
    (scale.log2() * STEPS_PER_OCTAVE).ceil() as i32
}

/// Image pixels per scene point at zoom step `step`.
fn scale_of(step: i32) -> f32 {
    (step as f32 / STEPS_PER_OCTAVE).exp2()
}

/// The scene rectangle and image size for `bounds` at zoom step `step`, if
/// the image stays within [`MAX_PIXELS`] and `max_side`.
fn image_area(bounds: geom::Rect, step: i32, max_side: usize) -> Option<(geom::Rect, [usize; 2])> {
    let scale = scale_of(step);
    // Room for the blocks grown to their smallest size at the edges.
    let margin = MIN_BLOCK / scale;
    let area = bounds.expand(margin);
    let w = (area.width() * scale).ceil();
    let h = (area.height() * scale).ceil();
    if !(w.is_finite() && h.is_finite()) || w < 1.0 || h < 1.0 {
        return None;
    }
    let (w, h) = (w as usize, h as usize);
    if w > max_side || h > max_side || w.saturating_mul(h) > MAX_PIXELS {
        return None;
    }
    // The image's pixels are exactly 1 / scale scene points wide.
    let area = geom::Rect::from_min_size(area.min, w as f32 / scale, h as f32 / scale);
    Some((area, [w, h]))
}

/// Keeps the overview image of the zoom step on screen.
#[derive(Debug, Default)]
pub struct OverviewImageCache {
    image: std::sync::Mutex<Option<OverviewImage>>,
    /// The step the zoom moved to and when (in egui's input time), while
    /// an image of another step stands in for it.
    wanted: std::sync::Mutex<Option<(i32, f64)>>,
}

impl OverviewImageCache {
    /// Paints `overview` of a scene with `bounds` from its image at the
    /// zoom of `screen_from_scene`, drawing the image first if this zoom
    /// step has none yet. Returns false, painting nothing, when the map at
    /// this zoom is too large for one image.
    pub fn paint(
        &self,
        painter: &Painter,
        overview: &Overview,
        bounds: geom::Rect,
        screen_from_scene: egui::emath::TSTransform,
    ) -> bool {
        let ctx = painter.ctx();
        let pixels_per_point = ctx.pixels_per_point();
        let scale = screen_from_scene.scaling * pixels_per_point;
        if !(scale.is_finite() && scale > 0.0) {
            return false;
        }
        let step = step_of(scale);
        let Ok(mut cached) = self.image.lock() else {
            return false;
        };
        let fresh = cached
            .as_ref()
            .is_some_and(|c| c.step == step && c.pixels_per_point == pixels_per_point);
        // An image at most an octave from this step stands in until the
        // zoom rests on it.
        let stand_in = !fresh
            && cached.as_ref().is_some_and(|c| {
                c.pixels_per_point == pixels_per_point
                    && (c.step - step).abs() <= STEPS_PER_OCTAVE as i32
            });
        let wait = if stand_in {
            let now = ctx.input(|i| i.time);
            let Ok(mut wanted) = self.wanted.lock() else {
                return false;
            };
            let since = match *wanted {
                Some((s, since)) if s == step => since,
                _ => {
                    *wanted = Some((step, now));
                    now
                }
            };
            let left = SETTLE - (now - since);
            if left > 0.0 {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
            }
            left > 0.0
        } else {
            false
        };
        if !fresh && !wait {
            let max_side = ctx.input(|i| i.max_texture_side);
            *cached = image_area(bounds, step, max_side).map(|(area, size)| OverviewImage {
                step,
                pixels_per_point,
                area,
                texture: ctx.load_texture(
                    "overview",
                    overview.rasterize(area, size),
                    TextureOptions::LINEAR,
                ),
            });
        }
        let Some(image) = cached.as_ref() else {
            return false;
        };
        let on_screen = super::egui::screen_rect(screen_from_scene, image.area);
        painter.image(
            image.texture.id(),
            on_screen,
            Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        true
    }
}

#[cfg(test)]
impl OverviewImageCache {
    /// The zoom step of the image on screen, if any.
    fn step(&self) -> Option<i32> {
        self.image.lock().ok()?.as_ref().map(|c| c.step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::cull::SceneGrid;
    use crate::scene::{Theme, ThemeKind};

    #[test]
    fn every_claim_shows_in_the_image_even_when_smaller_than_a_pixel() {
        let scene = crate::scene::generated_scene(300, 3);
        let theme = Theme::new(ThemeKind::Light);
        let overview = Overview::new(&scene, &SceneGrid::new(&scene), &theme);
        // Far enough out that a box is under a pixel across.
        let scale = 1.0 / scene.nodes[0].rect.width() / 2.0;
        let (area, size) = image_area(scene.bounds, step_of(scale), 4096).expect("small");
        let image = overview.rasterize(area, size);
        let sx = size[0] as f32 / area.width();
        let sy = size[1] as f32 / area.height();
        for node in &scene.nodes {
            let c = node.rect.center();
            let x = ((c.x - area.min.x) * sx) as usize;
            let y = ((c.y - area.min.y) * sy) as usize;
            assert_ne!(
                image.pixels[y * size[0] + x],
                Color32::TRANSPARENT,
                "claim {} missing",
                node.claim
            );
        }
        // What is counted on screen: all of it, or none far off it.
        assert_eq!(
            overview.count_in(&scene.bounds),
            (scene.nodes.len(), scene.edges.len())
        );
        let far = geom::Rect::from_min_size(
            geom::Point::new(scene.bounds.max.x + 1000.0, scene.bounds.max.y + 1000.0),
            10.0,
            10.0,
        );
        assert_eq!(overview.count_in(&far), (0, 0));
        // Between the parts of the map there is background.
        let empty = image
            .pixels
            .iter()
            .filter(|p| **p == Color32::TRANSPARENT)
            .count();
        assert!(empty > 0 && empty < image.pixels.len());
    }

    #[test]
    fn the_image_is_never_enlarged_and_steps_are_a_quarter_octave_apart() {
        for scale in [0.003_f32, 0.011, 0.1, 0.5, 1.0] {
            let s = scale_of(step_of(scale));
            assert!(
                s >= scale * 0.999 && s < scale * 1.19 * 1.001,
                "{scale} → {s}"
            );
        }
    }

    #[test]
    fn a_map_too_large_at_this_zoom_gets_no_image() {
        let bounds = geom::Rect::from_min_size(geom::Point::default(), 400_000.0, 250_000.0);
        // At Fit (0.3 %) the image is about the size of the screen.
        let (area, size) = image_area(bounds, step_of(0.003), 16_384).expect("fits");
        assert!(size[0] <= 1600 && size[1] <= 1000, "{size:?}");
        assert!(area.min.x <= bounds.min.x && area.max.x >= bounds.max.x);
        assert!(area.min.y <= bounds.min.y && area.max.y >= bounds.max.y);
        // Ten times closer it would be 16,000 pixels wide.
        assert!(image_area(bounds, step_of(0.03), 16_384).is_none());
        // Nor past the GPU's largest texture.
        assert!(image_area(bounds, step_of(0.003), 1024).is_none());
    }

    #[test]
    fn while_the_zoom_moves_a_nearby_image_stands_in_until_it_rests() {
        let scene = crate::scene::generated_scene(300, 3);
        let theme = Theme::new(ThemeKind::Light);
        let overview = Overview::new(&scene, &SceneGrid::new(&scene), &theme);
        let cache = OverviewImageCache::default();
        let ctx = egui::Context::default();
        // One frame at `time` with the zoom at step `step`.
        let frame = |time: f64, step: i32| {
            let input = egui::RawInput {
                time: Some(time),
                ..Default::default()
            };
            let mut output = ctx.run_pass(input, |ctx| {
                let painter = ctx.layer_painter(egui::LayerId::background());
                let view = egui::emath::TSTransform::from_scaling(scale_of(step));
                assert!(cache.paint(&painter, &overview, scene.bounds, view));
            });
            // No renderer takes the images here.
            output.textures_delta.clear();
            cache.step()
        };
        let start = step_of(1.0 / scene.bounds.width());
        // The first image is drawn at once.
        assert_eq!(frame(0.0, start), Some(start));
        // The wheel crosses two steps: the first image stands in.
        assert_eq!(frame(0.05, start + 1), Some(start));
        assert_eq!(frame(0.10, start + 2), Some(start));
        assert_eq!(frame(0.20, start + 2), Some(start));
        // Once the zoom has rested on a step, its own image is drawn.
        assert_eq!(frame(0.30, start + 2), Some(start + 2));
        // A jump of more than an octave draws the new image at once.
        assert_eq!(frame(0.31, start + 8), Some(start + 8));
    }
}
