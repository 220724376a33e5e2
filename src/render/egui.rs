//! Drawing a [`Scene`] with an egui painter: the screen renderer.
//!
//! Shapes are transformed from scene points to screen points here and text
//! is laid out at the zoomed font size, so it stays crisp at every zoom
//! (scaling already-tessellated text would blur it). Only shapes that touch
//! the visible area are drawn, and far-out zoom levels draw boxes without
//! text, so very large maps stay smooth.

use std::sync::Arc;

use egui::emath::TSTransform;
use egui::epaint::{CubicBezierShape, PathShape, PathStroke};
use egui::{
    Align2, Color32, FontData, FontDefinitions, FontFamily, FontId, Painter, Pos2, Shape, Stroke,
    StrokeKind,
};

use crate::geom;
use crate::scene::{Badge, Color, EvaluationShape, MarkBadge, Scene, TextLine, Theme};
use crate::text::{FONT_BOLD, FONT_REGULAR, Weight};

/// Name of the egui font family holding the bundled bold face.
pub const BOLD_FAMILY: &str = "reasonmap-bold";

/// Smallest radius of a note badge on screen, in points.
pub const MIN_BADGE_RADIUS: f32 = 9.0;

/// Below this on-screen font size (points) boxes are drawn without text.
pub const MIN_READABLE_FONT_SIZE: f32 = 4.0;

/// Makes the bundled font egui's proportional font (so the map and the
/// panels use the font that the layout measured) and adds its bold face.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".to_owned(),
        Arc::new(FontData::from_static(FONT_REGULAR)),
    );
    fonts.font_data.insert(
        "noto-sans-bold".to_owned(),
        Arc::new(FontData::from_static(FONT_BOLD)),
    );
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    proportional.insert(0, "noto-sans".to_owned());
    let fallbacks = proportional.clone();
    let mut bold = vec!["noto-sans-bold".to_owned()];
    bold.extend(fallbacks);
    fonts
        .families
        .insert(FontFamily::Name(BOLD_FAMILY.into()), bold);
    ctx.set_fonts(fonts);
}

/// The egui colour of a scene colour.
pub fn color(c: Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// The egui font of a text line at on-screen size `size`.
pub fn font_id(weight: Weight, size: f32) -> FontId {
    match weight {
        Weight::Regular => FontId::proportional(size),
        Weight::Bold => FontId::new(size, FontFamily::Name(BOLD_FAMILY.into())),
    }
}

/// Screen-only emphasis drawn over the scene: UI state, never part of it.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// The selected claim.
    pub selected: Option<usize>,
    /// The claim under the pointer.
    pub hovered: Option<usize>,
    /// Indices into [`Scene::edges`] of arrows to emphasise.
    pub edges: Vec<usize>,
    /// Claims matching the current search.
    pub matches: Vec<usize>,
    /// Claims whose status a "what if" changed.
    pub changed: Vec<usize>,
}

/// What one call to [`paint_scene`] drew.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaintStats {
    /// Claim boxes drawn.
    pub nodes: usize,
    /// Arrows drawn.
    pub edges: usize,
    /// Whether text was drawn (false at far-out zoom levels).
    pub text: bool,
}

fn pos(p: geom::Point) -> Pos2 {
    Pos2::new(p.x, p.y)
}

fn rect(r: geom::Rect) -> egui::Rect {
    egui::Rect::from_min_max(pos(r.min), pos(r.max))
}

/// Converts a scene rectangle to screen coordinates.
pub fn screen_rect(screen_from_scene: TSTransform, r: geom::Rect) -> egui::Rect {
    screen_from_scene.mul_rect(rect(r))
}

/// Paints `scene` (without its background, title and legend, which the
/// viewer shows as panels) onto `painter` through `screen_from_scene`.
pub fn paint_scene(
    painter: &Painter,
    scene: &Scene,
    screen_from_scene: TSTransform,
    theme: &Theme,
    highlight: &Highlight,
) -> PaintStats {
    let zoom = screen_from_scene.scaling;
    let clip = painter.clip_rect();
    let scene_from_screen = screen_from_scene.inverse();
    let visible = scene_from_screen.mul_rect(clip);
    let visible = geom::Rect {
        min: geom::Point::new(visible.min.x, visible.min.y),
        max: geom::Point::new(visible.max.x, visible.max.y),
    };
    let text_size = scene
        .nodes
        .first()
        .and_then(|n| n.lines.first())
        .map_or(14.0, |l| l.size);
    let detailed = text_size * zoom >= MIN_READABLE_FONT_SIZE;
    let to_screen = |p: geom::Point| screen_from_scene * pos(p);
    let mut stats = PaintStats {
        text: detailed,
        ..PaintStats::default()
    };

    for frame in &scene.frames {
        if !frame.rect.intersects(&visible) {
            continue;
        }
        painter.rect(
            screen_rect(screen_from_scene, frame.rect),
            frame.corner_radius * zoom,
            color(frame.fill),
            Stroke::new(frame.stroke_width * zoom.min(1.5), color(frame.stroke)),
            StrokeKind::Middle,
        );
    }

    for (i, edge) in scene.edges.iter().enumerate() {
        if !edge
            .shaft_bounds()
            .union(points_bounds(&edge.head))
            .intersects(&visible)
        {
            continue;
        }
        stats.edges += 1;
        let emphasised = highlight.edges.contains(&i);
        let (c, width) = if emphasised {
            (color(theme.hover), edge.width * 1.8)
        } else {
            (color(edge.color), edge.width)
        };
        let width = (width * zoom).max(0.6);
        for curve in edge.pieces() {
            painter.add(CubicBezierShape::from_points_stroke(
                [curve.from, curve.ctrl1, curve.ctrl2, curve.to].map(to_screen),
                false,
                Color32::TRANSPARENT,
                Stroke::new(width, c),
            ));
        }
        painter.add(PathShape::convex_polygon(
            edge.head.map(to_screen).to_vec(),
            c,
            PathStroke::NONE,
        ));
        if let (Some(label), true) = (&edge.label, detailed) {
            paint_text(painter, label, screen_from_scene);
        }
        if let Some(marker) = &edge.marker {
            paint_badge(painter, marker, screen_from_scene, detailed);
        }
    }

    for node in &scene.nodes {
        if !node.rect.expand(12.0).intersects(&visible) {
            continue;
        }
        stats.nodes += 1;
        let r = screen_rect(screen_from_scene, node.rect);
        let radius = node.corner_radius * zoom;
        let stroke = Stroke::new((node.stroke_width * zoom).max(0.5), color(node.stroke));
        if node.dashed {
            painter.rect_filled(r, radius, color(node.fill));
            let corners = vec![
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            let dash = (6.0 * zoom).max(1.0);
            painter.extend(Shape::dashed_line(&corners, stroke, dash, dash * 0.7));
        } else {
            painter.rect(r, radius, color(node.fill), stroke, StrokeKind::Inside);
        }
        if highlight.matches.contains(&node.claim) {
            painter.rect_stroke(
                r.expand(3.0),
                radius + 3.0,
                Stroke::new(2.5, color(theme.search_match)),
                StrokeKind::Outside,
            );
        }
        if highlight.hovered == Some(node.claim) {
            painter.rect_stroke(
                r,
                radius,
                Stroke::new(2.0, color(theme.hover)),
                StrokeKind::Outside,
            );
        }
        if highlight.selected == Some(node.claim) {
            painter.rect_stroke(
                r.expand(2.0),
                radius + 2.0,
                Stroke::new(3.0, color(theme.selection)),
                StrokeKind::Outside,
            );
        }
        if detailed {
            for line in &node.lines {
                paint_text(painter, line, screen_from_scene);
            }
        } else if r.height() >= 6.0 {
            // Too small to read: grey bars where the lines are, so the
            // overview still shows how much each claim says.
            let bar = color(node.stroke).gamma_multiply(0.35);
            for line in &node.lines {
                let top = screen_from_scene * pos(line.pos);
                let width = (line.text.chars().count() as f32 * line.size * 0.5 * zoom)
                    .min(r.right() - top.x - 2.0);
                let height = (line.size * zoom * 0.45).max(0.5);
                let y = top.y + line.size * zoom * 0.35;
                if width > 0.5 {
                    painter.rect_filled(
                        egui::Rect::from_min_size(egui::pos2(top.x, y), egui::vec2(width, height)),
                        0.0,
                        bar,
                    );
                }
            }
        }
        if let Some(badge) = &node.badge {
            paint_badge(painter, badge, screen_from_scene, detailed);
        }
    }

    for shape in scene.evaluation.iter().flat_map(|l| &l.claims) {
        let Some(claim) = shape.claim else { continue };
        let rect = shape.veil.as_ref().map_or(shape.bar, |v| v.rect);
        if !rect.expand(12.0).intersects(&visible) {
            continue;
        }
        paint_evaluation(painter, shape, screen_from_scene);
        if highlight.changed.contains(&claim)
            && let Some(node) = scene.nodes.get(claim)
        {
            let r = screen_rect(screen_from_scene, node.rect);
            painter.rect_stroke(
                r.expand(5.0),
                node.corner_radius * zoom + 5.0,
                Stroke::new(2.5, color(theme.what_if)),
                StrokeKind::Outside,
            );
        }
    }
    stats
}

/// Paints a claim's evaluation (status bar, veil, mark badge) or that of
/// a legend swatch.
pub fn paint_evaluation(
    painter: &Painter,
    shape: &EvaluationShape,
    screen_from_scene: TSTransform,
) {
    let zoom = screen_from_scene.scaling;
    if let Some(veil) = &shape.veil {
        painter.rect_filled(
            screen_rect(screen_from_scene, veil.rect),
            veil.corner_radius * zoom,
            color(veil.color),
        );
    }
    let bar = screen_rect(screen_from_scene, shape.bar);
    // Never thinner than a line on screen, so the status shows far out.
    let bar = if bar.width() < 1.5 {
        egui::Rect::from_min_size(bar.min, egui::vec2(1.5, bar.height()))
    } else {
        bar
    };
    painter.rect_filled(bar, shape.bar_radius * zoom, color(shape.bar_color));
    if let Some(badge) = &shape.badge {
        paint_mark_badge(painter, badge, screen_from_scene);
    }
}

/// Paints a tick or cross badge, never smaller than a note badge.
fn paint_mark_badge(painter: &Painter, badge: &MarkBadge, screen_from_scene: TSTransform) {
    let center = screen_from_scene * pos(badge.center);
    let radius_in_scene = badge.radius * screen_from_scene.scaling;
    let radius = radius_in_scene.max(MIN_BADGE_RADIUS.min(badge.radius));
    // Lines keep their place relative to the circle when it is enlarged.
    let k = radius / badge.radius;
    painter.circle_filled(center, radius, color(badge.fill));
    for line in &badge.strokes {
        let points: Vec<Pos2> = line
            .iter()
            .map(|p| center + egui::vec2(p.x - badge.center.x, p.y - badge.center.y) * k)
            .collect();
        painter.add(Shape::line(
            points,
            Stroke::new(badge.ink_width * k, color(badge.ink)),
        ));
    }
}

/// Paints a badge (a note count, or the `=` of a rephrase).
fn paint_badge(painter: &Painter, badge: &Badge, screen_from_scene: TSTransform, detailed: bool) {
    // Badges are controls as much as marks: never smaller than
    // MIN_BADGE_RADIUS on screen, so the count stays readable.
    let zoom = screen_from_scene.scaling;
    let center = screen_from_scene * pos(badge.center);
    let radius = (badge.radius * zoom).max(MIN_BADGE_RADIUS);
    painter.circle_filled(center, radius, color(badge.fill));
    if detailed {
        let size = (badge.label.size * zoom).max(radius * 1.1);
        painter.text(
            center,
            Align2::CENTER_CENTER,
            &badge.label.text,
            font_id(badge.label.weight, size),
            color(badge.label.color),
        );
    }
}

/// Paints one text line at its zoomed size.
pub fn paint_text(painter: &Painter, line: &TextLine, screen_from_scene: TSTransform) {
    let size = line.size * screen_from_scene.scaling;
    if size < 1.0 {
        return;
    }
    painter.text(
        screen_from_scene * pos(line.pos),
        Align2::LEFT_TOP,
        &line.text,
        font_id(line.weight, size),
        color(line.color),
    );
}

fn points_bounds(points: &[geom::Point]) -> geom::Rect {
    points.iter().fold(geom::Rect::NOTHING, |acc, p| {
        acc.union(geom::Rect { min: *p, max: *p })
    })
}
