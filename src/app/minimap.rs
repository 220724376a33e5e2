//! The minimap: the whole map in a corner of the canvas, each claim a
//! block in its role's colour, with the part on screen as a rectangle.
//! Clicking it brings that place to the middle of the canvas; dragging the
//! rectangle moves the view with it.
//!
//! The blocks are drawn once per scene, theme and size into a small image
//! (one texture), so the minimap costs the same at 50,000 claims as at 30.

use egui::emath::TSTransform;
use egui::{Color32, ColorImage, Rect, Sense, Stroke, StrokeKind, TextureOptions, Vec2};

use super::canvas::CanvasView;
use crate::render::egui::{color, visible_rect};
use crate::scene::{Scene, Theme, ThemeKind};

/// Largest size of the minimap, in points.
const MAX_SIZE: Vec2 = Vec2::new(220.0, 160.0);
/// Largest share of the canvas's width and height the minimap takes.
const MAX_SHARE: f32 = 0.25;
/// Space between the minimap and the canvas's edges, in points.
const MARGIN: f32 = 12.0;
/// Padding inside the minimap's frame, in points.
const PADDING: f32 = 4.0;

/// The image of one scene, as last drawn.
#[derive(Clone)]
struct Drawn {
    key: (u64, ThemeKind, [usize; 2]),
    texture: egui::TextureHandle,
}

/// Where the minimap sits on screen and how it maps the scene.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinimapGeometry {
    /// The minimap's frame on screen.
    pub frame: Rect,
    /// Where the map's image is drawn, inside the frame.
    pub image: Rect,
    /// Scene points to screen points within the minimap.
    pub minimap_from_scene: TSTransform,
}

/// Where the minimap of `scene` goes on `canvas`; `None` when the canvas
/// is too small for one or the map is empty.
pub fn geometry(scene: &Scene, canvas: Rect) -> Option<MinimapGeometry> {
    let bounds = scene.bounds;
    if bounds.is_empty() || canvas.width() < 320.0 || canvas.height() < 240.0 {
        return None;
    }
    let room = (MAX_SIZE.min(canvas.size() * MAX_SHARE) - Vec2::splat(2.0 * PADDING))
        .max(Vec2::splat(8.0));
    let scale = (room.x / bounds.width()).min(room.y / bounds.height());
    if !scale.is_finite() || scale <= 0.0 {
        return None;
    }
    let size = egui::vec2(bounds.width(), bounds.height()) * scale;
    let frame = Rect::from_min_size(
        canvas.right_bottom() - size - Vec2::splat(MARGIN + 2.0 * PADDING),
        size + Vec2::splat(2.0 * PADDING),
    );
    let image = frame.shrink(PADDING);
    let minimap_from_scene = TSTransform::new(
        image.min.to_vec2() - egui::vec2(bounds.min.x, bounds.min.y) * scale,
        scale,
    );
    Some(MinimapGeometry {
        frame,
        image,
        minimap_from_scene,
    })
}

/// Draws the claims of `scene` as blocks into an image `size` pixels big
/// (transparent around them).
fn draw_image(scene: &Scene, theme: &Theme, size: [usize; 2]) -> ColorImage {
    let mut image = ColorImage::filled(size, Color32::TRANSPARENT);
    let b = scene.bounds;
    let sx = size[0] as f32 / b.width();
    let sy = size[1] as f32 / b.height();
    for node in &scene.nodes {
        let c = color(theme.role(node.role).stroke);
        let x0 = ((node.rect.min.x - b.min.x) * sx).floor().max(0.0) as usize;
        let y0 = ((node.rect.min.y - b.min.y) * sy).floor().max(0.0) as usize;
        let x1 = (((node.rect.max.x - b.min.x) * sx).ceil() as usize)
            .max(x0 + 1)
            .min(size[0]);
        let y1 = (((node.rect.max.y - b.min.y) * sy).ceil() as usize)
            .max(y0 + 1)
            .min(size[1]);
        for y in y0..y1 {
            let row = y * size[0];
            if let Some(pixels) = image.pixels.get_mut(row + x0..row + x1) {
                pixels.fill(c);
            }
        }
    }
    image
}

/// Shows the minimap over the bottom-right corner of the canvas and acts
/// on clicks and drags on it. `revision` is the scene's revision: the
/// image is drawn again only when it, the theme or the size changes.
pub fn minimap_ui(
    ui: &mut egui::Ui,
    scene: &Scene,
    revision: u64,
    view: &mut CanvasView,
    theme: &Theme,
) {
    let canvas = view.canvas_rect;
    let Some(geometry) = geometry(scene, canvas) else {
        return;
    };
    view.minimap_rect = Some(geometry.frame);
    let id = ui.scope_id().with("minimap");
    let response = ui.interact(geometry.frame, id, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Minimap"));
    let minimap_from_scene = geometry.minimap_from_scene;
    let scene_from_minimap = minimap_from_scene.inverse();
    let viewport = minimap_from_scene.mul_rect({
        let v = visible_rect(canvas, view.screen_from_scene);
        Rect::from_min_max(egui::pos2(v.min.x, v.min.y), egui::pos2(v.max.x, v.max.y))
    });

    // Dragging the rectangle moves the view with it; a click or a drag
    // elsewhere brings that place to the middle.
    let pressed_on_viewport = ui.input(|i| {
        i.pointer
            .press_origin()
            .is_some_and(|p| viewport.expand(2.0).contains(p))
    });
    let zoom = view.zoom();
    let before = view.screen_from_scene;
    if response.dragged() && pressed_on_viewport {
        let delta = response.drag_delta() / minimap_from_scene.scaling;
        view.screen_from_scene.translation -= delta * zoom;
    } else if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        let target = scene_from_minimap * p;
        view.screen_from_scene.translation = canvas.center().to_vec2() - target.to_vec2() * zoom;
    }
    if view.screen_from_scene != before {
        // The canvas was drawn before the view moved: once more.
        ui.ctx().request_repaint();
    }

    let ppp = ui.ctx().pixels_per_point();
    let size = [
        (geometry.image.width() * ppp).round().max(1.0) as usize,
        (geometry.image.height() * ppp).round().max(1.0) as usize,
    ];
    let key = (revision, theme.kind, size);
    let cached = ui
        .ctx()
        .data(|d| d.get_temp::<Drawn>(id))
        .filter(|d| d.key == key);
    let texture = match cached {
        Some(drawn) => drawn.texture,
        None => {
            let texture = ui.ctx().load_texture(
                "minimap",
                draw_image(scene, theme, size),
                TextureOptions::LINEAR,
            );
            ui.ctx().data_mut(|d| {
                d.insert_temp(
                    id,
                    Drawn {
                        key,
                        texture: texture.clone(),
                    },
                );
            });
            texture
        }
    };

    let painter = ui.painter_at(canvas);
    let visuals = ui.visuals();
    painter.rect(
        geometry.frame,
        4.0,
        color(theme.background),
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        StrokeKind::Inside,
    );
    painter.image(
        texture.id(),
        geometry.image,
        Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
        Color32::WHITE,
    );
    let shown = viewport.intersect(geometry.frame);
    if shown.is_positive() {
        painter.rect_stroke(
            shown,
            1.0,
            Stroke::new(1.5, color(theme.selection)),
            StrokeKind::Inside,
        );
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(if pressed_on_viewport {
            egui::CursorIcon::Grabbing
        } else {
            egui::CursorIcon::PointingHand
        });
    }
}
