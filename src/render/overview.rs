//! The map from far out: a low-detail overview drawn instead of boxes with
//! unreadable text.
//!
//! Every claim is a solid block in its role's colour and every arrow a thin
//! line, so the branches of the map show as coloured regions; the top
//! claims (the conclusions and the claims bearing directly on them) carry
//! labels that stay readable at any zoom. The blocks, lines and labels are
//! worked out once per scene ([`Overview::new`]). While the whole map at
//! the current zoom fits in an image of modest size, the blocks and lines
//! are drawn once per zoom step into that image ([`Overview::rasterize`],
//! cached by [`super::overview_image`]) and a frame draws one textured
//! rectangle; past that size only the visible ones are turned into one
//! mesh per frame. The labels are placed per frame
//! ([`super::overview_labels`]).

use egui::emath::TSTransform;
use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, ColorImage, Painter, Pos2};

use super::cull::SceneGrid;
use crate::geom::{Point, Rect};
use crate::model::Role;
use crate::scene::{Scene, Theme};
use crate::text::{FontMetrics, TextMeasure as _, Weight, wrap};

/// Smallest side of a claim block on screen, in pixels, so that no claim
/// disappears far out.
pub const MIN_BLOCK: f32 = 1.5;
/// Width of an arrow's line on screen, in points.
const LINE_WIDTH: f32 = 1.0;
/// Font size of the top claims' labels, in points.
pub const LABEL_SIZE: f32 = 13.0;
/// Widest label text, in points; longer claims wrap, then are cut short.
pub const LABEL_WIDTH: f32 = 240.0;
/// Characters of a claim shown in its label.
const LABEL_CHARS: usize = 90;
/// Most labels worked out for one scene.
const MAX_LABELS: usize = 80;

/// A claim's block: its box in scene points and its colour.
#[derive(Debug, Clone, Copy)]
struct Block {
    rect: Rect,
    color: Color32,
}

/// An arrow drawn as two straight pieces through the middle of its curve.
#[derive(Debug, Clone, Copy)]
struct Line {
    points: [Point; 3],
    color: Color32,
}

/// A top claim's label.
#[derive(Debug, Clone)]
pub struct Label {
    /// The claim's box: its index in [`Scene::nodes`].
    pub node: usize,
    /// The claim's box in scene points.
    pub rect: Rect,
    /// The claim's text, shortened.
    pub text: String,
    /// The text wrapped to [`LABEL_WIDTH`] at [`LABEL_SIZE`].
    pub lines: Vec<String>,
    /// The widest of `lines`, in points.
    pub width: f32,
    /// The plate's fill (the role's box fill).
    pub fill: Color32,
    /// The plate's outline (the role's box outline).
    pub stroke: Color32,
    /// The main conclusion's label is bold.
    pub main: bool,
}

impl Label {
    /// The face the label is set in.
    pub fn weight(&self) -> Weight {
        if self.main {
            Weight::Bold
        } else {
            Weight::Regular
        }
    }
}

/// The low-detail geometry of one scene, built once per scene and theme.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// One per claim box, in the scene's order.
    blocks: Vec<Block>,
    /// One per arrow, in the scene's order.
    lines: Vec<Line>,
    /// The top claims, most important first.
    labels: Vec<Label>,
    /// The labels' text colour.
    text: Color32,
}

fn color(c: crate::scene::Color) -> Color32 {
    super::egui::color(c)
}

fn pos(p: Point) -> Pos2 {
    Pos2::new(p.x, p.y)
}

/// The claims bearing directly on the claim boxes `targets`, found from
/// the scene's geometry: an arrow ending on a target starts at a
/// co-premise frame (all of whose claims count) or at one claim's box.
fn reasons_of(scene: &Scene, grid: &SceneGrid, targets: &[usize]) -> Vec<usize> {
    let near: Vec<Rect> = targets
        .iter()
        .map(|&t| scene.nodes[t].rect.expand(24.0))
        .collect();
    let mut out = Vec::new();
    let mut found = Vec::new();
    for edge in &scene.edges {
        if edge.premise.is_some() || !near.iter().any(|r| r.contains(edge.head[0])) {
            continue;
        }
        if let Some(frame) = scene.frames.iter().find(|f| f.argument == edge.argument) {
            grid.nodes_in(&frame.rect, &mut found);
            out.extend(
                found
                    .iter()
                    .copied()
                    .filter(|&i| frame.rect.contains(scene.nodes[i].rect.center())),
            );
        } else {
            let from = edge.pieces().next().map_or(edge.curve.from, |c| c.from);
            let probe = Rect {
                min: from,
                max: from,
            }
            .expand(30.0);
            grid.nodes_in(&probe, &mut found);
            let distance = |i: &usize| {
                let c = scene.nodes[*i].rect.center();
                (c.x - from.x).abs() + (c.y - from.y).abs()
            };
            if let Some(&nearest) = found
                .iter()
                .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            {
                out.push(nearest);
            }
        }
    }
    out
}

impl Overview {
    /// Works out the blocks, lines and labels of `scene` drawn in `theme`.
    pub fn new(scene: &Scene, grid: &SceneGrid, theme: &Theme) -> Self {
        let blocks = scene
            .nodes
            .iter()
            .map(|n| {
                let style = theme.role(n.role);
                Block {
                    rect: n.rect,
                    // The border colour, a little softened: the pale box
                    // fills would vanish against the background.
                    color: color(style.stroke.mix(theme.background, 0.8)),
                }
            })
            .collect();
        let lines = scene
            .edges
            .iter()
            .map(|e| Line {
                // A routed arrow: its start, its last corner and its tip.
                points: match e.lead.first() {
                    Some(first) => [first.from, e.curve.from, e.head[0]],
                    None => [e.curve.from, e.curve.at(0.5), e.head[0]],
                },
                color: color(e.color.mix(theme.background, 0.45)),
            })
            .collect();

        // The conclusions, then what bears directly on each.
        let mut top: Vec<usize> = (0..scene.nodes.len())
            .filter(|&i| scene.nodes[i].role == Role::Conclusion)
            .collect();
        top.extend(
            (0..scene.nodes.len()).filter(|&i| scene.nodes[i].role == Role::OtherConclusion),
        );
        // Only the first conclusions get their reasons labelled: a map of
        // many small parts would otherwise label everything.
        top.truncate(MAX_LABELS);
        let conclusions = top.len();
        let mut reasons = reasons_of(scene, grid, &top[..conclusions.min(8)]);
        reasons.sort_unstable();
        reasons.dedup();
        reasons.sort_by(|&a, &b| {
            let (a, b) = (scene.nodes[a].rect.min, scene.nodes[b].rect.min);
            a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x))
        });
        let reasons: Vec<usize> = reasons
            .into_iter()
            .filter(|r| !top[..conclusions].contains(r))
            .collect();
        top.extend(reasons);
        let labels = top
            .into_iter()
            .map(|i| {
                let node = &scene.nodes[i];
                let mut text = node
                    .lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if text.chars().count() > LABEL_CHARS {
                    text = text.chars().take(LABEL_CHARS - 1).collect::<String>();
                    text.push('…');
                }
                let style = theme.role(node.role);
                let main = node.role == Role::Conclusion;
                let weight = if main { Weight::Bold } else { Weight::Regular };
                let metrics = FontMetrics::bundled();
                let lines = wrap(metrics, &text, weight, LABEL_SIZE, LABEL_WIDTH);
                let width = lines
                    .iter()
                    .map(|l| metrics.width(l, weight, LABEL_SIZE))
                    .fold(0.0, f32::max);
                Label {
                    node: i,
                    rect: node.rect,
                    text,
                    lines: lines.iter().map(str::to_owned).collect(),
                    width,
                    fill: color(style.fill),
                    stroke: color(style.stroke),
                    main,
                }
            })
            .collect();
        Self {
            blocks,
            lines,
            labels,
            text: color(theme.text),
        }
    }

    /// How many top claims carry a label (when there is room on screen).
    pub fn label_count(&self) -> usize {
        self.labels.len()
    }

    /// How many claim blocks and arrow lines lie (at least partly) in
    /// `area`, in scene points: a scan of the overview's compact copies,
    /// cheaper than asking the grid for a whole map.
    pub fn count_in(&self, area: &Rect) -> (usize, usize) {
        let blocks = self
            .blocks
            .iter()
            .filter(|b| b.rect.intersects(area))
            .count();
        let lines = self
            .lines
            .iter()
            .filter(|l| l.points.iter().any(|p| area.contains(*p)))
            .count();
        (blocks, lines)
    }

    /// The top claims' labels, most important first.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The labels' text colour.
    pub fn text_color(&self) -> Color32 {
        self.text
    }

    /// Draws every block and line into an image of `size` pixels showing
    /// the scene rectangle `area` (transparent around them): blocks at
    /// least [`MIN_BLOCK`] pixels a side, lines one pixel wide.
    pub fn rasterize(&self, area: Rect, size: [usize; 2]) -> ColorImage {
        let mut image = ColorImage::filled(size, Color32::TRANSPARENT);
        if size[0] == 0 || size[1] == 0 || area.width() <= 0.0 || area.height() <= 0.0 {
            return image;
        }
        let sx = size[0] as f32 / area.width();
        let sy = size[1] as f32 / area.height();
        let to_pixels = |p: Point| ((p.x - area.min.x) * sx, (p.y - area.min.y) * sy);
        let (w, h) = (size[0] as i64, size[1] as i64);
        let pixels = &mut image.pixels;
        let mut plot = |x: i64, y: i64, c: Color32| {
            if (0..w).contains(&x) && (0..h).contains(&y) {
                pixels[(y * w + x) as usize] = c;
            }
        };
        for line in &self.lines {
            let p = line.points.map(to_pixels);
            for (a, b) in [(p[0], p[1]), (p[1], p[2])] {
                let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil();
                // A broken arrow (NaN) or one absurdly long is skipped.
                if !steps.is_finite() || steps > 1.0e6 {
                    continue;
                }
                let n = steps as i64;
                for k in 0..=n {
                    let t = if n == 0 { 0.0 } else { k as f32 / n as f32 };
                    let x = a.0 + (b.0 - a.0) * t;
                    let y = a.1 + (b.1 - a.1) * t;
                    plot(x.floor() as i64, y.floor() as i64, line.color);
                }
            }
        }
        for block in &self.blocks {
            let (x0, y0) = to_pixels(block.rect.min);
            let (x1, y1) = to_pixels(block.rect.max);
            let span = |lo: f32, hi: f32, limit: i64| {
                let grow = ((MIN_BLOCK - (hi - lo)) / 2.0).max(0.0);
                let a = (lo - grow).round().max(0.0);
                let b = (hi + grow).round().min(limit as f32);
                if !(a.is_finite() && b.is_finite()) {
                    return (0, 0);
                }
                let (a, b) = (a as i64, b as i64);
                (a, b.max(a + 1).min(limit))
            };
            let (x0, x1) = span(x0, x1, w);
            let (y0, y1) = span(y0, y1, h);
            for y in y0..y1 {
                let row = (y * w) as usize;
                if let Some(run) = image.pixels.get_mut(row + x0 as usize..row + x1 as usize) {
                    run.fill(block.color);
                }
            }
        }
        image
    }

    /// Paints the overview: the blocks of the claim boxes `nodes` and the
    /// lines of the arrows `edges` (indices into the scene, as the grid
    /// found them).
    pub fn paint(
        &self,
        painter: &Painter,
        nodes: &[usize],
        edges: &[usize],
        screen_from_scene: TSTransform,
    ) {
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(4 * (nodes.len() + 2 * edges.len()));
        mesh.reserve_triangles(2 * (nodes.len() + 2 * edges.len()));
        let half = LINE_WIDTH / 2.0;
        for line in edges.iter().filter_map(|&i| self.lines.get(i)) {
            let p = line.points.map(|p| screen_from_scene * pos(p));
            for (a, b) in [(p[0], p[1]), (p[1], p[2])] {
                let d = b - a;
                let n = d.rot90().normalized() * half;
                if !n.x.is_finite() {
                    continue;
                }
                quad(&mut mesh, [a - n, a + n, b + n, b - n], line.color);
            }
        }
        for block in nodes.iter().filter_map(|&i| self.blocks.get(i)) {
            let r = super::egui::screen_rect(screen_from_scene, block.rect);
            let grow = egui::vec2(
                ((MIN_BLOCK - r.width()) / 2.0).max(0.0),
                ((MIN_BLOCK - r.height()) / 2.0).max(0.0),
            );
            let r = r.expand2(grow);
            quad(
                &mut mesh,
                [
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                ],
                block.color,
            );
        }
        painter.add(egui::Shape::mesh(mesh));
    }
}

/// Adds a filled quadrilateral (corners in order) to `mesh`.
fn quad(mesh: &mut Mesh, corners: [Pos2; 4], color: Color32) {
    let i = mesh.vertices.len() as u32;
    mesh.vertices.extend(corners.map(|pos| Vertex {
        pos,
        uv: WHITE_UV,
        color,
    }));
    mesh.indices
        .extend_from_slice(&[i, i + 1, i + 2, i, i + 2, i + 3]);
}
