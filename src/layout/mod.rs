//! Automatic layout: a pure, deterministic function from a map and text
//! metrics to box positions, co-premise frames and arrow curves.
//!
//! The conclusion sits at the top; whatever bears on a claim sits in the
//! layer below it, siblings in file order, so small edits to a map do not
//! reshuffle it. Nothing here knows about egui or any renderer.

use serde::Serialize;

use crate::geom::{Cubic, Point, Rect};
use crate::model::{Map, MapIndex};
use crate::text::{TextMeasure, Weight};

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
            max_text_width: 220.0,
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
/// cost grows near-linearly with the number of claims.
pub fn layout(
    map: &Map,
    index: &MapIndex,
    measure: &dyn TextMeasure,
    style: &LayoutStyle,
) -> Layout {
    let _ = (map, index, measure, style);
    todo!("layout")
}
