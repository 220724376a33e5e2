//! Automatic layout: a pure, deterministic function from a map and text
//! metrics to box positions, co-premise frames and arrow curves.
//!
//! The conclusion sits at the top; whatever bears on a claim sits in the
//! layer below it, siblings in file order, so small edits to a map do not
//! reshuffle it. Nothing here knows about egui or any renderer.

pub mod cache;
mod contour;
mod edges;
mod tree;

use serde::Serialize;

use crate::geom::{Cubic, Point, Rect};
use crate::model::{Map, MapIndex};
use crate::text::{self, TextMeasure, Weight};

pub use cache::LayoutCache;
use contour::{Contour, pack, pack_balanced};

/// Sizes and spacing the layout works with, in scene points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutStyle {
    /// Font size of claim text.
    pub font_size: f32,
    /// Font size of the main conclusion's text (drawn bold).
    pub conclusion_font_size: f32,
    /// Widest a line of claim text may be before it wraps.
    pub max_text_width: f32,
    /// Narrowest a claim box may be.
    pub min_box_width: f32,
    /// Space between a box's border and its text, left and right.
    pub padding_x: f32,
    /// Space between a box's border and its text, top and bottom.
    pub padding_y: f32,
    /// Horizontal space between neighbouring boxes or frames.
    pub h_gap: f32,
    /// Vertical space between layers.
    pub v_gap: f32,
    /// Space between a co-premise frame and the boxes inside it.
    pub group_padding: f32,
}

impl Default for LayoutStyle {
    fn default() -> Self {
        Self {
            font_size: 14.0,
            conclusion_font_size: 16.0,
            max_text_width: 180.0,
            min_box_width: 80.0,
            padding_x: 12.0,
            padding_y: 9.0,
            h_gap: 24.0,
            v_gap: 64.0,
            group_padding: 8.0,
        }
    }
}

/// Where one claim is drawn and how its text wraps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimBox {
    /// The box, border included.
    pub rect: Rect,
    /// The claim's text, wrapped to the box.
    pub lines: Vec<String>,
    /// Top-left corner of the first line's line box.
    pub text_origin: Point,
    /// Distance between the tops of consecutive lines.
    pub line_height: f32,
    /// Font size of the text.
    pub font_size: f32,
    /// Regular, or bold for the main conclusion.
    pub weight: Weight,
    /// Layer (0 is the top row).
    pub layer: usize,
}

/// The frame drawn around the co-premises of one argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFrame {
    /// Index of the argument into [`Map::arguments`].
    pub argument: usize,
    /// The frame around its premises.
    pub rect: Rect,
}

/// One arrow of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Index of the argument the arrow belongs to.
    pub argument: usize,
    /// `None` for the argument's main arrow (from its premise, or from its
    /// co-premise frame); `Some(claim)` for an extra arrow from a premise
    /// drawn elsewhere because it also bears on another target.
    pub premise: Option<usize>,
    /// The arrow's path, ending at the arrow's tip.
    pub curve: Cubic,
}

/// The result of [`layout`]: everything positioned, in scene points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// One box per claim, indexed like [`Map::claims`].
    pub claims: Vec<ClaimBox>,
    /// Frames around co-premises, in argument order.
    pub groups: Vec<GroupFrame>,
    /// Arrows, main arrows in argument order, then extra arrows.
    pub edges: Vec<Edge>,
    /// The smallest rectangle holding every box, frame and arrow.
    pub bounds: Rect,
}

impl Layout {
    /// The main arrow of argument `argument`, if it has one.
    pub fn main_edge(&self, argument: usize) -> Option<&Edge> {
        self.edges
            .iter()
            .find(|e| e.argument == argument && e.premise.is_none())
    }
}

/// Lays out `map` (with its `index`) using `measure` for text sizes.
///
/// Pure and deterministic: the same input gives the same output, and the
/// cost grows near-linearly with the number of claims. Any map is laid
/// out, valid or not: unknown ids are ignored, claims the conclusion does
/// not reach become extra roots to the right, and cycles are cut where the
/// breadth-first walk from the conclusion first meets them.
pub fn layout(
    map: &Map,
    index: &MapIndex,
    measure: &dyn TextMeasure,
    style: &LayoutStyle,
) -> Layout {
    let spacing = Spacing::new(style);
    let forest = tree::build(map, index);
    let texts: Vec<BoxText> = map
        .claims
        .iter()
        .enumerate()
        .map(|(i, claim)| {
            BoxText::new(
                &claim.text,
                index.conclusion() == Some(i),
                measure,
                style,
                &spacing,
            )
        })
        .collect();
    let xs = horizontal(&forest, &texts, &spacing);
    let tops = layer_tops(&forest, &texts, &spacing);

    let claims: Vec<ClaimBox> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let layer = forest.layer[i];
            let top = tops.get(layer).copied().unwrap_or(0.0);
            let rect =
                Rect::from_min_size(Point::new(xs[i] - t.width / 2.0, top), t.width, t.height);
            ClaimBox {
                rect,
                text_origin: Point::new(
                    rect.min.x + (t.width - t.text_width) / 2.0,
                    rect.min.y + spacing.padding_y,
                ),
                lines: t.lines,
                line_height: t.line_height,
                font_size: t.font_size,
                weight: t.weight,
                layer,
            }
        })
        .collect();

    let frames: Vec<Option<Rect>> = (0..map.arguments.len())
        .map(|a| {
            forest.framed[a].then(|| {
                forest.members[a]
                    .iter()
                    .fold(Rect::NOTHING, |r, &p| r.union(claims[p].rect))
                    .expand(spacing.group_padding)
            })
        })
        .collect();
    let rects: Vec<Rect> = claims.iter().map(|c| c.rect).collect();
    let edges = edges::route(index, &forest, &rects, &frames, &spacing);
    let groups: Vec<GroupFrame> = frames
        .iter()
        .enumerate()
        .filter_map(|(argument, f)| f.map(|rect| GroupFrame { argument, rect }))
        .collect();

    let bounds = rects
        .iter()
        .copied()
        .chain(groups.iter().map(|g| g.rect))
        .chain(edges.iter().map(|e| e.curve.bounds()))
        .fold(Rect::NOTHING, Rect::union);
    Layout {
        claims,
        groups,
        edges,
        bounds,
    }
}

/// The style's spacing, made safe to compute with: never negative or NaN,
/// and with room between layers for co-premise frames.
#[derive(Debug, Clone, Copy)]
struct Spacing {
    padding_x: f32,
    padding_y: f32,
    min_box_width: f32,
    max_text_width: f32,
    h_gap: f32,
    /// Space between co-premises inside one frame.
    inner_gap: f32,
    v_gap: f32,
    group_padding: f32,
}

impl Spacing {
    fn new(style: &LayoutStyle) -> Self {
        let clean = |v: f32| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let group_padding = clean(style.group_padding);
        let h_gap = clean(style.h_gap).max(1.0);
        Self {
            padding_x: clean(style.padding_x),
            padding_y: clean(style.padding_y),
            min_box_width: clean(style.min_box_width).max(1.0),
            max_text_width: clean(style.max_text_width).max(1.0),
            h_gap,
            inner_gap: (h_gap / 2.0).max(group_padding),
            // Frames reach `group_padding` above and below their layer;
            // frames of neighbouring layers must not meet.
            v_gap: clean(style.v_gap).max(2.0 * group_padding + 8.0),
            group_padding,
        }
    }
}

/// A claim's wrapped text and the size of its box.
struct BoxText {
    lines: Vec<String>,
    text_width: f32,
    width: f32,
    height: f32,
    line_height: f32,
    font_size: f32,
    weight: Weight,
}

impl BoxText {
    fn new(
        text: &str,
        conclusion: bool,
        measure: &dyn TextMeasure,
        style: &LayoutStyle,
        spacing: &Spacing,
    ) -> Self {
        let (font_size, weight) = if conclusion {
            (style.conclusion_font_size, Weight::Bold)
        } else {
            (style.font_size, Weight::Regular)
        };
        let lines = text::wrap(measure, text, weight, font_size, spacing.max_text_width);
        let text_width = lines
            .iter()
            .map(|l| measure.width(l, weight, font_size))
            .fold(0.0, f32::max);
        let line_height = measure.line_height(font_size);
        let height = lines.len() as f32 * line_height + 2.0 * spacing.padding_y;
        let width = (text_width + 2.0 * spacing.padding_x).max(spacing.min_box_width);
        let finite = |v: f32, fallback: f32| if v.is_finite() { v.max(1.0) } else { fallback };
        Self {
            lines,
            text_width: if text_width.is_finite() {
                text_width
            } else {
                0.0
            },
            width: finite(width, spacing.min_box_width),
            height: finite(height, 1.0),
            line_height: if line_height.is_finite() {
                line_height
            } else {
                0.0
            },
            font_size,
            weight,
        }
    }
}

/// The x of every box's centre, bottom-up over the forest: sibling
/// subtrees packed as closely as their contours allow and spread evenly,
/// parents centred over their first and last child units, extra roots to
/// the right of the main tree.
fn horizontal(forest: &tree::Forest, texts: &[BoxText], spacing: &Spacing) -> Vec<f32> {
    let n = texts.len();
    // Per claim: the contour of its subtree. For a member of a co-premise
    // frame it holds only what hangs below the claim (its own box is part
    // of the frame's row), and `None` when nothing does.
    let mut contours: Vec<Option<Contour>> = vec![None; n];
    // Per claim: its centre relative to its parent's centre.
    let mut rel_x = vec![0.0f32; n];
    let mut in_frame = vec![false; n];
    for units in &forest.units {
        for unit in units.iter().filter(|u| u.framed) {
            for &p in &unit.members {
                in_frame[p] = true;
            }
        }
    }
    let leaf = |c: usize| {
        let half = texts[c].width / 2.0;
        Contour::leaf(-half, half)
    };
    for &c in forest.order.iter().rev() {
        let mut unit_contours = Vec::with_capacity(forest.units[c].len());
        for unit in &forest.units[c] {
            if unit.members.is_empty() {
                continue;
            }
            if unit.framed {
                unit_contours.push(framed_unit(
                    unit,
                    texts,
                    spacing,
                    &mut contours,
                    &mut rel_x,
                    forest,
                ));
                continue;
            }
            let members: Vec<Contour> = unit
                .members
                .iter()
                .map(|&p| contours[p].take().unwrap_or_else(|| leaf(p)))
                .collect();
            let (pos, merged) = pack_balanced(members, spacing.inner_gap);
            let Some(mut merged) = merged else { continue };
            let anchor = (pos[0] + pos[pos.len() - 1]) / 2.0;
            merged.shift(-anchor);
            for (&p, x) in unit.members.iter().zip(&pos) {
                rel_x[p] = x - anchor;
            }
            unit_contours.push(merged);
        }
        let (pos, merged) = pack_balanced(unit_contours, spacing.h_gap);
        let half = texts[c].width / 2.0;
        let contour = match merged {
            Some(mut merged) => {
                let centre = (pos[0] + pos[pos.len() - 1]) / 2.0;
                merged.shift(-centre);
                let kept = forest.units[c].iter().filter(|u| !u.members.is_empty());
                for (unit, x) in kept.zip(&pos) {
                    for &p in &unit.members {
                        rel_x[p] += x - centre;
                    }
                }
                if in_frame[c] {
                    // The frame's row draws this claim's box.
                    Some(merged)
                } else {
                    merged.push_top(-half, half);
                    Some(merged)
                }
            }
            None if in_frame[c] => None,
            None => Some(Contour::leaf(-half, half)),
        };
        contours[c] = contour;
    }

    let mut root_x = vec![0.0f32; n];
    let mut main_right = None;
    if let Some(root) = forest.main_root {
        main_right = contours[root].as_ref().map(|c| c.span().1);
    }
    let extras: Vec<Contour> = forest
        .extra_roots
        .iter()
        .map(|&r| contours[r].take().unwrap_or_else(|| leaf(r)))
        .collect();
    let (pos, merged) = pack(extras, spacing.h_gap);
    let shift = match (main_right, merged) {
        (Some(right), Some(merged)) => right + 2.0 * spacing.h_gap - merged.span().0,
        _ => 0.0,
    };
    for (&r, x) in forest.extra_roots.iter().zip(&pos) {
        root_x[r] = x + shift;
    }

    let mut xs = vec![0.0f32; n];
    for &c in &forest.order {
        xs[c] = match forest.parent[c] {
            Some(p) => xs[p] + rel_x[c],
            None => root_x[c],
        };
    }
    xs
}

/// The contour of a co-premise frame, relative to the frame's centre.
///
/// Co-premises only work together, so they sit side by side in one row,
/// whatever hangs below each of them. What bears on the members is packed
/// as one block below the row, centred under it, and each member's
/// children are moved with their block (their arrows slant instead).
fn framed_unit(
    unit: &tree::Unit,
    texts: &[BoxText],
    spacing: &Spacing,
    contours: &mut [Option<Contour>],
    rel_x: &mut [f32],
    forest: &tree::Forest,
) -> Contour {
    // The row: members edge to edge, `inner_gap` apart.
    let mut centres = Vec::with_capacity(unit.members.len());
    let mut cursor = 0.0;
    for &p in &unit.members {
        let w = texts[p].width;
        centres.push(cursor + w / 2.0);
        cursor += w + spacing.inner_gap;
    }
    let row_right = cursor - spacing.inner_gap;
    let anchor = row_right / 2.0;
    let (left, right) = (-spacing.group_padding, row_right + spacing.group_padding);

    // The block below: each member's own subtree contour, packed in order.
    let mut below_members = Vec::new();
    let mut below = Vec::new();
    for (i, &p) in unit.members.iter().enumerate() {
        if let Some(contour) = contours[p].take() {
            below_members.push(i);
            below.push(contour);
        }
    }
    let (pos, merged) = pack_balanced(below, spacing.h_gap);
    let mut contour = match merged {
        Some(mut block) => {
            let k = pos.len() as f32;
            let shift = below_members.iter().map(|&i| centres[i]).sum::<f32>() / k
                - pos.iter().sum::<f32>() / k;
            block.shift(shift);
            for (&i, y) in below_members.iter().zip(&pos) {
                let delta = y + shift - centres[i];
                for unit in &forest.units[unit.members[i]] {
                    for &child in &unit.members {
                        rel_x[child] += delta;
                    }
                }
            }
            block.push_top(left, right);
            block
        }
        None => Contour::leaf(left, right),
    };
    contour.shift(-anchor);
    for (&p, x) in unit.members.iter().zip(&centres) {
        rel_x[p] = x - anchor;
    }
    contour
}

/// The top y of every layer: each layer as tall as its tallest box.
fn layer_tops(forest: &tree::Forest, texts: &[BoxText], spacing: &Spacing) -> Vec<f32> {
    let layers = forest.layer.iter().copied().max().map_or(0, |l| l + 1);
    let mut heights = vec![0.0f32; layers];
    for (t, &layer) in texts.iter().zip(&forest.layer) {
        heights[layer] = heights[layer].max(t.height);
    }
    let mut tops = Vec::with_capacity(layers);
    let mut y = 0.0;
    for h in heights {
        tops.push(y);
        y += h + spacing.v_gap;
    }
    tops
}
