//! Drawing a [`Scene`] with an egui painter: the screen renderer.
//!
//! Shapes are transformed from scene points to screen points here and text
//! is laid out at the zoomed font size, so it stays crisp at every zoom
//! (scaling already-tessellated text would blur it). Only shapes that touch
//! the visible area are drawn, found through a grid built once per scene
//! ([`SceneDrawing`]); far out, where text would be unreadable, the map is
//! drawn as an overview ([`super::overview`]), so the cost of a frame
//! follows what is on screen, not the size of the map.

use std::sync::{Arc, OnceLock};

use egui::emath::TSTransform;
use egui::epaint::{CubicBezierShape, PathShape, PathStroke};
use egui::{
    Align2, Color32, FontData, FontDefinitions, FontFamily, FontId, Painter, Pos2, Shape, Stroke,
    StrokeKind,
};

use super::cull::{SceneGrid, Visible};
use super::overview::Overview;
use super::overview_image::OverviewImageCache;
use super::overview_labels::{Avoid, paint_labels};
use crate::geom;
use crate::scene::{Badge, Color, EvaluationShape, MarkBadge, Scene, TextLine, Theme, ThemeKind};
use crate::text::{FONT_BOLD, FONT_REGULAR, Weight};

/// Name of the egui font family holding the bundled bold face.
pub const BOLD_FAMILY: &str = "reasonmap-bold";

/// Smallest radius of a note badge on screen, in points.
pub const MIN_BADGE_RADIUS: f32 = 9.0;

/// Below this on-screen font size (points) boxes are drawn without text:
/// the map is drawn as an overview.
pub const MIN_READABLE_FONT_SIZE: f32 = 4.0;
/// Below this on-screen font size (points) the top claims get overview
/// labels over their boxes, their own text being too small to read.
pub const LABELLED_FONT_SIZE: f32 = 8.0;

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
    /// Whether text was drawn (false at far-out zoom levels, where the
    /// map is drawn as an overview).
    pub text: bool,
}

/// What identifies the scene a [`SceneDrawing`] was built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SceneKey {
    revision: u64,
    theme: ThemeKind,
    nodes: usize,
    edges: usize,
    frames: usize,
    bounds: [u32; 4],
}

impl SceneKey {
    fn new(scene: &Scene, revision: u64, theme: &Theme) -> Self {
        let b = scene.bounds;
        Self {
            revision,
            theme: theme.kind,
            nodes: scene.nodes.len(),
            edges: scene.edges.len(),
            frames: scene.frames.len(),
            bounds: [b.min.x, b.min.y, b.max.x, b.max.y].map(f32::to_bits),
        }
    }
}

/// What is worked out once per scene for drawing it: the grid that finds
/// the visible shapes and, once the map is seen from far out, its overview.
#[derive(Debug)]
pub struct SceneDrawing {
    key: SceneKey,
    grid: SceneGrid,
    overview: OnceLock<Overview>,
    /// The overview drawn as an image at the zoom step last shown.
    overview_image: OverviewImageCache,
}

impl SceneDrawing {
    /// Indexes `scene` (revision `revision`, drawn in `theme`).
    pub fn new(scene: &Scene, revision: u64, theme: &Theme) -> Self {
        Self {
            key: SceneKey::new(scene, revision, theme),
            grid: SceneGrid::new(scene),
            overview: OnceLock::new(),
            overview_image: OverviewImageCache::default(),
        }
    }

    /// The grid over the scene's shapes.
    pub fn grid(&self) -> &SceneGrid {
        &self.grid
    }

    /// The scene's overview, worked out the first time it is asked for.
    pub fn overview(&self, scene: &Scene, theme: &Theme) -> &Overview {
        self.overview
            .get_or_init(|| Overview::new(scene, &self.grid, theme))
    }
}

/// Keeps the [`SceneDrawing`] of the scene on screen from frame to frame,
/// building a new one when the scene's revision (bumped by every rebuild
/// of the scene) or the theme changes.
#[derive(Clone, Default)]
pub struct SceneCache {
    drawing: Option<Arc<SceneDrawing>>,
}

impl std::fmt::Debug for SceneCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SceneCache")
            .field("revision", &self.drawing.as_ref().map(|d| d.key.revision))
            .finish()
    }
}

impl SceneCache {
    /// Keeps `drawing`, built elsewhere (on a worker thread), for when its
    /// scene is drawn.
    pub fn seed(&mut self, drawing: Arc<SceneDrawing>) {
        self.drawing = Some(drawing);
    }

    /// The drawing of `scene` at `revision` in `theme`, reused when it is
    /// the one cached.
    pub fn drawing(&mut self, scene: &Scene, revision: u64, theme: &Theme) -> Arc<SceneDrawing> {
        let key = SceneKey::new(scene, revision, theme);
        match &self.drawing {
            Some(d) if d.key == key => Arc::clone(d),
            _ => {
                let d = Arc::new(SceneDrawing::new(scene, revision, theme));
                self.drawing = Some(Arc::clone(&d));
                d
            }
        }
    }
}

/// The part of the scene on screen, in scene points.
pub fn visible_rect(clip: egui::Rect, screen_from_scene: TSTransform) -> geom::Rect {
    let visible = screen_from_scene.inverse().mul_rect(clip);
    geom::Rect {
        min: geom::Point::new(visible.min.x, visible.min.y),
        max: geom::Point::new(visible.max.x, visible.max.y),
    }
}

/// The font size of the scene's claim text, in scene points.
fn text_size(scene: &Scene) -> f32 {
    scene
        .nodes
        .first()
        .and_then(|n| n.lines.first())
        .map_or(14.0, |l| l.size)
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
/// `drawing` is the scene's [`SceneDrawing`]: only the shapes it finds in
/// the visible area are drawn.
pub fn paint_scene(
    painter: &Painter,
    scene: &Scene,
    drawing: &SceneDrawing,
    screen_from_scene: TSTransform,
    theme: &Theme,
    highlight: &Highlight,
) -> PaintStats {
    paint_scene_under(
        painter,
        scene,
        drawing,
        screen_from_scene,
        theme,
        highlight,
        &[],
    )
}

/// [`paint_scene`] under `overlays`, screen rectangles of what is drawn
/// over the canvas (the legend, the minimap): the overview's labels keep
/// off them.
pub fn paint_scene_under(
    painter: &Painter,
    scene: &Scene,
    drawing: &SceneDrawing,
    screen_from_scene: TSTransform,
    theme: &Theme,
    highlight: &Highlight,
    overlays: &[egui::Rect],
) -> PaintStats {
    let zoom = screen_from_scene.scaling;
    let clip = painter.clip_rect();
    let visible = visible_rect(clip, screen_from_scene);
    let on_screen_text = text_size(scene) * zoom;
    let detailed = on_screen_text >= MIN_READABLE_FONT_SIZE;
    let to_screen = |p: geom::Point| screen_from_scene * pos(p);
    let mut stats = PaintStats {
        text: detailed,
        ..PaintStats::default()
    };
    let everything_shown = visible.min.x <= scene.bounds.min.x
        && visible.min.y <= scene.bounds.min.y
        && visible.max.x >= scene.bounds.max.x
        && visible.max.y >= scene.bounds.max.y;
    let shown = || {
        if everything_shown {
            // All of the map is on screen: no need to look.
            Visible {
                nodes: (0..scene.nodes.len()).collect(),
                edges: (0..scene.edges.len()).collect(),
                frames: (0..scene.frames.len()).collect(),
            }
        } else {
            drawing.grid().query(&visible)
        }
    };

    if !detailed {
        let overview = drawing.overview(scene, theme);
        // The whole map as one cached image while it is small enough at
        // this zoom; else the visible blocks, built for this frame.
        if drawing
            .overview_image
            .paint(painter, overview, scene.bounds, screen_from_scene)
        {
            // Everything is in the image: only count what is on screen.
            (stats.nodes, stats.edges) = if everything_shown {
                (scene.nodes.len(), scene.edges.len())
            } else {
                overview.count_in(&visible)
            };
        } else {
            let shown = shown();
            overview.paint(painter, &shown.nodes, &shown.edges, screen_from_scene);
            stats.nodes = shown.nodes.len();
            stats.edges = shown.edges.len();
        }
        paint_labels(
            painter,
            overview,
            scene,
            drawing.grid(),
            screen_from_scene,
            overlays,
            Avoid::Labels,
        );
        paint_overview_highlight(
            painter,
            scene,
            &visible,
            screen_from_scene,
            theme,
            highlight,
        );
        return stats;
    }

    let shown = shown();
    for frame in shown.frames.iter().map(|&i| &scene.frames[i]) {
        painter.rect(
            screen_rect(screen_from_scene, frame.rect),
            frame.corner_radius * zoom,
            color(frame.fill),
            Stroke::new(frame.stroke_width * zoom.min(1.5), color(frame.stroke)),
            StrokeKind::Middle,
        );
    }

    for (i, edge) in shown.edges.iter().map(|&i| (i, &scene.edges[i])) {
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

    for node in shown.nodes.iter().map(|&i| &scene.nodes[i]) {
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
        for line in &node.lines {
            paint_text(painter, line, screen_from_scene);
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
            && let Some(node) = scene.node(claim)
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
    // Note badges go over the evaluation: a claim that is out keeps its
    // note count readable.
    for node in shown.nodes.iter().map(|&i| &scene.nodes[i]) {
        if let Some(badge) = &node.badge {
            paint_badge(painter, badge, screen_from_scene, detailed);
        }
    }
    if on_screen_text < LABELLED_FONT_SIZE {
        paint_labels(
            painter,
            drawing.overview(scene, theme),
            scene,
            drawing.grid(),
            screen_from_scene,
            overlays,
            Avoid::LabelsAndBoxes,
        );
    }
    stats
}

/// The selection, hover and search matches over the overview, as rings
/// around the claims' blocks (the matches within `visible`, in scene
/// points).
fn paint_overview_highlight(
    painter: &Painter,
    scene: &Scene,
    visible: &geom::Rect,
    screen_from_scene: TSTransform,
    theme: &Theme,
    highlight: &Highlight,
) {
    let ring = |claim: usize, grow: f32, stroke: Stroke| {
        if let Some(node) = scene.node(claim) {
            let r = screen_rect(screen_from_scene, node.rect);
            painter.rect_stroke(r.expand(grow), 2.0, stroke, StrokeKind::Outside);
        }
    };
    for &claim in &highlight.matches {
        if scene
            .node(claim)
            .is_some_and(|n| n.rect.intersects(visible))
        {
            ring(claim, 2.0, Stroke::new(2.0, color(theme.search_match)));
        }
    }
    if let Some(claim) = highlight.hovered {
        ring(claim, 1.0, Stroke::new(2.0, color(theme.hover)));
    }
    if let Some(claim) = highlight.selected {
        ring(claim, 3.0, Stroke::new(3.0, color(theme.selection)));
    }
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
