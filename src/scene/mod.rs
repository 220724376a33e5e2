//! The scene: renderer-independent shapes (boxes, wrapped text lines,
//! frames, arrows, badges, legend, title, and an evaluation's status bars
//! and mark badges) built from a map and its layout.
//!
//! The screen (`render::egui`) and every export (`render::svg`, `png`,
//! `pdf`) draw this one structure, so they cannot disagree. Positions are
//! in scene points; colours come only from [`theme`].

mod build;
pub mod collapse;
pub mod evaluation;
pub mod theme;

use serde::Serialize;

pub use build::{MARGIN, SceneOptions, TITLE_ROOM, build_scene};
pub use collapse::BranchBadge;
pub use evaluation::{EvaluationLayer, EvaluationShape, MarkBadge, SceneEvaluation, Veil};
pub use theme::{Color, Theme, ThemeKind};

use crate::geom::{Cubic, Point, Rect};
use crate::model::Role;
use crate::text::Weight;

/// One line of text, drawn left-aligned from `pos` (top of its line box).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// Top-left corner of the line box.
    pub pos: Point,
    /// Distance from the top of the line box to the baseline.
    pub ascent: f32,
    /// The text; never contains a line break.
    pub text: String,
    /// Font size in points.
    pub size: f32,
    /// Face of the bundled font.
    pub weight: Weight,
    /// Fill colour of the glyphs.
    pub color: Color,
}

/// A claim box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeShape {
    /// Index of the claim into the map's claims.
    pub claim: usize,
    /// The claim's role, which decides its colours.
    pub role: Role,
    /// The box.
    pub rect: Rect,
    /// Radius of the rounded corners.
    pub corner_radius: f32,
    /// Fill colour.
    pub fill: Color,
    /// Border colour.
    pub stroke: Color,
    /// Border width.
    pub stroke_width: f32,
    /// Dashed border, for implicit premises.
    pub dashed: bool,
    /// The claim's wrapped text.
    pub lines: Vec<TextLine>,
    /// A count badge (notes) in the top-right corner.
    pub badge: Option<Badge>,
    /// The "+N" badge under a claim whose branch is (partly) hidden.
    pub branch: Option<BranchBadge>,
}

/// A small filled circle with a number or sign: a box's note count at its
/// top-right corner, or the `=` on a rephrase's arrow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Badge {
    /// Centre of the circle.
    pub center: Point,
    /// Radius of the circle.
    pub radius: f32,
    /// Fill colour of the circle.
    pub fill: Color,
    /// The number (or label) inside, centred.
    pub label: TextLine,
}

/// The frame around the co-premises of one argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameShape {
    /// Index of the argument into the map's arguments.
    pub argument: usize,
    /// The frame.
    pub rect: Rect,
    /// Radius of the rounded corners.
    pub corner_radius: f32,
    /// Fill colour (usually translucent).
    pub fill: Color,
    /// Border colour.
    pub stroke: Color,
    /// Border width.
    pub stroke_width: f32,
}

/// An arrow: a curve with a filled triangular head at its end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeShape {
    /// Index of the argument the arrow belongs to.
    pub argument: usize,
    /// `Some(claim)` for an extra arrow from a premise drawn elsewhere.
    pub premise: Option<usize>,
    /// The shaft's pieces before its last one (empty for a one-curve
    /// arrow): runs and rounded corners of an arrow routed between rows.
    pub lead: Vec<Cubic>,
    /// The shaft's last piece, ending just behind the head.
    pub curve: Cubic,
    /// Colour of shaft and head.
    pub color: Color,
    /// Width of the shaft.
    pub width: f32,
    /// The head's three corners, the first one the tip.
    pub head: [Point; 3],
    /// The argument's scheme ("example"), beside the main arrow.
    pub label: Option<TextLine>,
    /// A mark on the middle of the shaft: `=` on a rephrase's arrow.
    pub marker: Option<Badge>,
}

impl EdgeShape {
    /// Every piece of the shaft, from its start to just behind the head.
    pub fn pieces(&self) -> impl Iterator<Item = &Cubic> {
        self.lead.iter().chain(std::iter::once(&self.curve))
    }

    /// The bounds of the whole shaft.
    pub fn shaft_bounds(&self) -> Rect {
        self.pieces()
            .map(Cubic::bounds)
            .fold(Rect::NOTHING, Rect::union)
    }
}

/// The legend: one swatch and label per role in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Legend {
    /// The legend's background box.
    pub rect: Rect,
    /// Background colour.
    pub fill: Color,
    /// Border colour.
    pub stroke: Color,
    /// One entry per role shown.
    pub entries: Vec<LegendEntry>,
}

/// One legend row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendEntry {
    /// The swatch, drawn like a claim box of this role.
    pub swatch: Rect,
    /// Fill of the swatch.
    pub fill: Color,
    /// Border of the swatch.
    pub stroke: Color,
    /// Dashed swatch (the implicit-premise entry).
    pub dashed: bool,
    /// The label beside the swatch.
    pub label: TextLine,
}

/// Everything to draw, in painting order: background, frames, edges,
/// nodes (with their badges), the evaluation over them, then title and
/// legend (with the evaluation over its swatches).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scene {
    /// The area to draw: every shape plus a margin.
    pub bounds: Rect,
    /// Background colour; `None` for a transparent background.
    pub background: Option<Color>,
    /// Co-premise frames.
    pub frames: Vec<FrameShape>,
    /// Arrows.
    pub edges: Vec<EdgeShape>,
    /// Claim boxes, sorted by claim. When every claim is shown (nothing
    /// collapsed) `nodes[c]` is claim `c`'s box; look boxes up with
    /// [`Scene::node`], which is right either way.
    pub nodes: Vec<NodeShape>,
    /// The map's title above the map, when asked for.
    pub title: Option<TextLine>,
    /// The legend, when asked for.
    pub legend: Option<Legend>,
    /// Numbered note texts below the map, matching the callout badges
    /// (see [`SceneOptions::callouts`]); empty when not asked for.
    pub footnotes: Vec<TextLine>,
    /// The evaluation drawn over the claims and the legend, when asked for
    /// (see [`SceneOptions::evaluation`]).
    pub evaluation: Option<EvaluationLayer>,
}

impl Scene {
    /// A scene with nothing in it, to be replaced by a built one.
    pub fn empty() -> Self {
        Self {
            bounds: Rect::from_min_size(Point::default(), 1.0, 1.0),
            background: None,
            frames: Vec::new(),
            edges: Vec::new(),
            nodes: Vec::new(),
            title: None,
            legend: None,
            footnotes: Vec::new(),
            evaluation: None,
        }
    }

    /// The box of claim `claim` (an index into the whole map's claims),
    /// `None` when the claim is not shown (its branch is collapsed).
    pub fn node(&self, claim: usize) -> Option<&NodeShape> {
        match self.nodes.get(claim) {
            Some(node) if node.claim == claim => Some(node),
            _ => self
                .nodes
                .binary_search_by_key(&claim, |n| n.claim)
                .ok()
                .map(|i| &self.nodes[i]),
        }
    }
}

/// The scene of the generated tree-shaped map of `claims` claims from
/// `seed`, laid out and drawn with the default style and the light theme:
/// the fixture of the renderers' unit tests.
#[cfg(test)]
pub(crate) fn generated_scene(claims: usize, seed: u64) -> Scene {
    let map = crate::generate::generate_map(claims, seed);
    let index = crate::model::MapIndex::new(&map);
    let style = crate::layout::LayoutStyle::default();
    let measure = crate::text::FontMetrics::bundled();
    let laid_out = crate::layout::layout(&map, &index, measure, &style);
    build_scene(
        &map,
        &index,
        &laid_out,
        &style,
        measure,
        &Theme::new(ThemeKind::Light),
        &SceneOptions::default(),
    )
}
