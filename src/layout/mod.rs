//! Automatic layout: a pure, deterministic function from a map and text
//! metrics to box positions, co-premise frames and arrow curves.
//!
//! The conclusion sits at the top; whatever bears on a claim sits below
//! it, siblings in file order, so small edits to a map do not reshuffle
//! it. Many reasons for one claim wrap into rows (`arrange`), separate
//! parts of the map are packed toward the target aspect (`pack`), and
//! arrows run through the channels between rows (`route`). `quality`
//! measures the result; on small maps `order` uses it to place the branches
//! that share premises against crossings, and `labels` puts each scheme
//! label on its own arrow. Nothing here knows about egui or any renderer.

mod arrange;
pub mod cache;
mod detour;
mod edges;
mod exits;
mod grid;
mod labels;
mod offsets;
mod order;
mod pack;
mod parallel;
pub mod quality;
mod resize;
mod route;
mod tree;

use serde::Serialize;

use crate::geom::{Cubic, Point, Rect};
use crate::model::{Map, MapIndex};
use crate::text::{TextMeasure, Weight, Wrapped};

pub use cache::LayoutCache;

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
    /// Width over height the layout aims at: it wraps wide rows of reasons
    /// and packs separate parts to come near it. 16:10 suits a screen.
    pub target_aspect: f32,
    /// Free height at the top of the channel between two layers, above
    /// the highest horizontal run of an arrow, so that arrowheads rise
    /// straight into their box.
    pub channel_head: f32,
    /// Free height at the bottom of a channel, below the lowest run: room
    /// for scheme labels and for the runs of arrows detoured around boxes.
    pub channel_foot: f32,
    /// The room, in layout points, that the map's bounds fit in when its
    /// text is readable where it will be shown, if that is known (on a
    /// page: the sheet within its margin at the smallest readable scale,
    /// less the title). The orders a small map tries are then chosen to
    /// fit it first, fewest crossings second. `None` on screen, whose
    /// window may change.
    pub readable_room: Option<(f32, f32)>,
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
            target_aspect: 1.6,
            channel_head: 18.0,
            channel_foot: 26.0,
            readable_room: None,
        }
    }
}

/// Where one claim is drawn and how its text wraps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimBox {
    /// The box, border included.
    pub rect: Rect,
    /// The claim's text, wrapped to the box.
    pub lines: Wrapped,
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
    /// The pieces of the arrow's path before its last one, in order
    /// (empty for an arrow drawn as one curve): straight runs and rounded
    /// corners of an arrow routed between rows.
    pub lead: Vec<Cubic>,
    /// The last piece of the arrow's path, ending at the arrow's tip.
    pub curve: Cubic,
    /// Where the argument's scheme label goes, for a main arrow of an
    /// argument that names one.
    pub label: Option<Rect>,
}

impl Edge {
    /// Every piece of the arrow's path, from its start to its tip.
    pub fn pieces(&self) -> impl Iterator<Item = &Cubic> {
        self.lead.iter().chain(std::iter::once(&self.curve))
    }

    /// Where the arrow starts: the start of its first piece.
    pub fn start(&self) -> Point {
        self.lead.first().map_or(self.curve.from, |c| c.from)
    }
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
    /// The bounds of everything the layout draws: its boxes, its frames,
    /// each piece of its arrows and their scheme labels.
    pub fn shapes(&self) -> impl Iterator<Item = Rect> + '_ {
        self.claims
            .iter()
            .map(|c| c.rect)
            .chain(self.groups.iter().map(|g| g.rect))
            .chain(
                self.edges
                    .iter()
                    .flat_map(|e| e.pieces().map(Cubic::bounds)),
            )
            .chain(self.edges.iter().filter_map(|e| e.label))
    }

    /// The main arrow of argument `argument`, if it has one.
    pub fn main_edge(&self, argument: usize) -> Option<&Edge> {
        self.edges
            .iter()
            .find(|e| e.argument == argument && e.premise.is_none())
    }
}

/// Whether laying out `map` tries several orders of its branches and keeps
/// the one with fewest crossings (small maps where shared premises or
/// undercuts link branches): dozens of layouts, longer than a frame, so
/// the viewer does it on its worker thread.
pub fn tries_orders(map: &Map) -> bool {
    map.claims.len() <= order::TRY_LIMIT && order::searches(map, &MapIndex::new(map))
}

/// Lays out `map` (with its `index`) using `measure` for text sizes.
///
/// Pure and deterministic: the same input gives the same output, and the
/// cost grows near-linearly with the number of claims beyond the few
/// hundred of a map that tries several orders (see [`tries_orders`],
/// which lays such a map out dozens of times). Any map is laid
/// out, valid or not: unknown ids are ignored, claims the conclusion does
/// not reach become extra roots packed beside or below the main tree, and
/// cycles are cut where the breadth-first walk from the conclusion first
/// meets them.
pub fn layout(
    map: &Map,
    index: &MapIndex,
    measure: &dyn TextMeasure,
    style: &LayoutStyle,
) -> Layout {
    layout_with_progress(map, index, measure, style, &|_| {})
}

/// [`layout`], telling `progress` how far it has got: a fraction from 0 to
/// 1, never smaller than the one before, first 0 and last 1. It is told at
/// the end of each stage and a few dozen times inside the long ones (every
/// few hundred claims, or every few arrows routed around boxes; never for
/// each one), and once per layout tried on a small map that tries orders,
/// so it may do a little work (a viewer stores the fraction for its window
/// to show); the layout is the same as [`layout`]'s.
pub fn layout_with_progress(
    map: &Map,
    index: &MapIndex,
    measure: &dyn TextMeasure,
    style: &LayoutStyle,
    progress: &dyn Fn(f32),
) -> Layout {
    progress(0.0);
    let searching = order::searches(map, index);
    // A small map that tries orders lays out dozens of times; how many is
    // not known beforehand, so each try takes part of what is left.
    let plain_share = if searching { ORDER_PLAIN_SHARE } else { 1.0 };
    let plain_progress = Progress::new(progress, 0.0, plain_share);
    let plain = lay_out(
        map,
        index,
        measure,
        style,
        &order::Variant::default(),
        &plain_progress,
    );
    let tries = std::cell::Cell::new(0u32);
    let quiet = Progress::new(&|_| {}, 0.0, 0.0);
    if !searching {
        progress(1.0);
        return plain;
    }
    let goal = order::Goal {
        canvas: fit_canvas(style),
        readable_room: style.readable_room,
    };
    let chosen = order::choose(map, index, plain, goal, |variant| {
        let l = lay_out(map, index, measure, style, variant, &quiet);
        let k = tries.get() + 1;
        tries.set(k);
        progress(plain_share + (1.0 - plain_share) * k as f32 / (k + ORDER_TRIES_HALF) as f32);
        l
    });
    progress(1.0);
    chosen
}

/// The canvas Fit is measured in when choosing among layouts: the height
/// of [`quality::FIT_CANVAS`] and the shape `style` aims at (the canvas
/// itself for the default 16:10).
fn fit_canvas(style: &LayoutStyle) -> (f32, f32) {
    let target = target_aspect(style);
    (quality::FIT_CANVAS.1 * target, quality::FIT_CANVAS.1)
}

/// The width over height `style` aims at, or 16:10 when it names none
/// that can be used.
fn target_aspect(style: &LayoutStyle) -> f32 {
    if style.target_aspect.is_finite() && style.target_aspect > 0.0 {
        style.target_aspect
    } else {
        1.6
    }
}

/// The part of the progress a map that tries orders gives its first
/// layout.
const ORDER_PLAIN_SHARE: f32 = 0.05;
/// After this many tries of other orders, half of the rest of the progress
/// is reported.
const ORDER_TRIES_HALF: u32 = 24;

/// The fewest claims whose text is wrapped between two reports of progress,
/// and how many a thread takes at a time when several share them.
const TEXTS_STEP: usize = 256;
/// Fewest claims whose texts are worth wrapping on several threads, and
/// from which the layout's independent steps run side by side and its
/// working data is freed on a thread of its own.
const THREADED_TEXTS: usize = 512;
/// The fewest arrows detoured between two reports of progress (each takes
/// a path search, far longer than a claim's text).
const DETOURS_STEP: usize = 8;

/// The stages of [`lay_out`], in order.
#[derive(Debug, Clone, Copy)]
enum Stage {
    /// Wrapping every claim's text.
    Texts,
    /// The width limit for rows of reasons (`search_limit`).
    Limit,
    /// Placing the boxes (`arrange::place`).
    Place,
    /// Arrows within rows (`edges::route`, `route::route_all`).
    Arrows,
    /// Arrows around boxes (`detour_extras`).
    Detours,
    /// Scheme labels and the bounds.
    Labels,
}

/// Each stage's share of the time [`lay_out`] takes, in [`Stage`] order.
/// Measured on a generated map of 50,000 claims (`generate_map(50_000,
/// 1)`) in a release build, timing each stage over a few runs: texts
/// 45–77 ms, the width limit 16–49, placing 5–11, arrows 19–54, detours
/// 257–490 (nearly all of it the extra arrows of the first pass), labels
/// and the rest 8–13, all on one thread; so the fraction moves at about
/// the same speed throughout a large map's layout. The texts and the
/// detours are shared among the cores (see `parallel`), and their shares
/// shrink with the cores' number (see [`Progress::new`]).
const STAGE_WEIGHTS: [f32; 6] = [0.13, 0.07, 0.02, 0.08, 0.68, 0.02];

/// Where one layout reports its progress: the stages' fractions mapped to
/// `from..from + span` of the whole.
struct Progress<'a> {
    report: &'a dyn Fn(f32),
    from: f32,
    span: f32,
    /// Each stage's share of the time on this machine.
    weights: [f32; 6],
}

impl<'a> Progress<'a> {
    /// Progress reported to `report`, mapped to `from..from + span`.
    fn new(report: &'a dyn Fn(f32), from: f32, span: f32) -> Self {
        let mut weights = STAGE_WEIGHTS;
        let cores = parallel::threads() as f32;
        weights[Stage::Texts as usize] /= cores;
        weights[Stage::Detours as usize] /= cores;
        Self {
            report,
            from,
            span,
            weights,
        }
    }

    /// Reports `stage` as `done` (0 to 1) done.
    fn at(&self, stage: Stage, done: f32) {
        let i = stage as usize;
        let total: f32 = self.weights.iter().sum();
        let before: f32 = self.weights[..i].iter().sum();
        let f = (before + self.weights[i] * done.clamp(0.0, 1.0)) / total;
        (self.report)(self.from + self.span * f.min(1.0));
    }

    /// A counter to call with the number of `stage`'s `n` items done so
    /// far, in steps of any size: it reports them about 64 times over the
    /// stage, never more often than every `least` items.
    fn counter(&self, stage: Stage, n: usize, least: usize) -> impl FnMut(usize) + '_ {
        let every = (n / 64).max(least);
        let mut reported = 0;
        move |done| {
            if done >= reported + every {
                reported = done;
                self.at(stage, done as f32 / n.max(1) as f32);
            }
        }
    }
}

/// Lays out `map` with the reasons under each claim in file order, or as
/// `variant` orders them (see `order`).
fn lay_out(
    map: &Map,
    index: &MapIndex,
    measure: &dyn TextMeasure,
    style: &LayoutStyle,
    variant: &order::Variant,
    progress: &Progress,
) -> Layout {
    let spacing = Spacing::new(style);
    let n = map.claims.len();
    let threaded = n >= THREADED_TEXTS;
    // Each claim's text wraps on its own: on a large map the cores share
    // them (see `parallel`), and meanwhile one more thread builds the tree
    // and the plan of its rows, which do not depend on the texts.
    let (texts, (forest, plan)) = parallel::join(
        threaded,
        || -> Vec<BoxText> {
            parallel::map(
                n,
                TEXTS_STEP,
                THREADED_TEXTS,
                || (),
                |(), i| {
                    BoxText::new(
                        &map.claims[i].text,
                        index.conclusion() == Some(i),
                        measure,
                        style,
                        &spacing,
                    )
                },
                &mut progress.counter(Stage::Texts, n, TEXTS_STEP),
            )
        },
        || {
            let forest = tree::build_with(map, index, &variant.homes);
            let plan = arrange::Plan::new(&forest, index, variant);
            (forest, plan)
        },
    );
    let target = target_aspect(style);
    progress.at(Stage::Texts, 1.0);
    let (sizes, root_min) = search_limit(&plan, &texts, &spacing, target);
    progress.at(Stage::Limit, 1.0);
    let placed = arrange::place(
        &plan,
        &sizes,
        &texts,
        &root_min,
        map.arguments.len(),
        &spacing,
    );
    progress.at(Stage::Place, 1.0);

    let claims: Vec<ClaimBox> = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let rect = Rect::from_min_size(placed.box_min[i], t.width, t.height);
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
                layer: forest.layer[i],
            }
        })
        .collect();
    let frames = &placed.frames;
    let rects: Vec<Rect> = claims.iter().map(|c| c.rect).collect();
    // The arrows within rows, the arrows between rows, and the grid of
    // boxes and frames the other arrows detour around do not depend on
    // each other: on a large map two cores share them.
    let ((mut edges, obstacles), routed) = parallel::join(
        threaded,
        || {
            let edges = edges::route(index, &forest, &rects, frames, &spacing);
            let all = rects.iter().chain(frames.iter().flatten()).copied();
            (edges, detour::Obstacles::new(all.collect()))
        },
        || route::route_all(&plan, &sizes, &placed, &rects, index, &spacing),
    );
    let mut is_routed = vec![false; map.arguments.len()];
    // Per argument: the index of its main arrow in `edges` (there is at
    // most one), so that no lookup walks every arrow.
    let mut main_of = EdgeIndex::new(&edges, map.arguments.len());
    // The corner points of each frame's routed arrow, whose start along
    // the frame's top `exits` may move.
    let mut frame_paths: Vec<Option<Vec<Point>>> = vec![None; map.arguments.len()];
    for r in routed {
        if let Some(slot) = is_routed.get_mut(r.argument) {
            *slot = true;
        }
        let mut pieces = route::pieces(&r.points);
        if frames.get(r.argument).is_some_and(Option::is_some) {
            frame_paths[r.argument] = Some(r.points);
        }
        let Some(last) = pieces.pop() else { continue };
        match main_of.main(r.argument) {
            Some(i) => {
                edges[i].lead = pieces;
                edges[i].curve = last;
            }
            None => {
                main_of.pushed(r.argument, edges.len(), true);
                edges.push(Edge {
                    argument: r.argument,
                    premise: None,
                    lead: pieces,
                    curve: last,
                    label: None,
                });
            }
        }
    }
    // A routed undercut must end on the arrow it attacks; one that does
    // not (its target took another way) is detoured like the others.
    for e in edges.iter().filter(|e| e.premise.is_none()) {
        if let Some(crate::model::Target::Argument(b)) = index.target(e.argument)
            && is_routed.get(e.argument).copied().unwrap_or(false)
        {
            let tip = e.curve.to;
            let hits = main_of
                .main(b)
                .is_some_and(|x| edges[x].pieces().any(|c| touches(c, tip)));
            if !hits && let Some(slot) = is_routed.get_mut(e.argument) {
                *slot = false;
            }
        }
    }
    progress.at(Stage::Arrows, 1.0);
    let boxes = Boxes {
        rects: &rects,
        frames,
        obstacles: &obstacles,
    };
    detour_extras(index, &is_routed, &mut edges, &main_of, &boxes, progress);
    // A frame's arrow leaves its top beside one of its members' arrows
    // drawn elsewhere when that crosses fewer arrows.
    let attacked = |a: usize| !index.arguments_into_argument(a).is_empty();
    for (main, points) in exits::choose(&edges, &main_of, frames, &frame_paths, &attacked) {
        set_path(&mut edges[main], &points);
    }
    progress.at(Stage::Detours, 1.0);
    labels::place(map, measure, &mut edges, &rects, frames);
    let groups: Vec<GroupFrame> = frames
        .iter()
        .enumerate()
        .filter_map(|(argument, f)| f.map(|rect| GroupFrame { argument, rect }))
        .collect();
    // A large map's working data is hundreds of thousands of small vectors
    // (rows, clusters, units, paths), as long to free as a stage takes to
    // run, and nothing waits on it.
    parallel::free(
        threaded,
        (forest, plan, sizes, placed, rects, obstacles, frame_paths),
    );

    let mut laid = Layout {
        claims,
        groups,
        edges,
        bounds: Rect::NOTHING,
    };
    laid.bounds = laid.shapes().fold(Rect::NOTHING, Rect::union);
    progress.at(Stage::Labels, 1.0);
    laid
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
    /// Free height at the top of a channel (see `arrange`).
    channel_head: f32,
    /// Free height at the bottom of a channel.
    channel_foot: f32,
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
            channel_head: clean(style.channel_head),
            channel_foot: clean(style.channel_foot),
        }
    }
}

/// A claim's wrapped text and the size of its box.
struct BoxText {
    lines: Wrapped,
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
        let (lines, text_width) =
            measure.wrap_widest(text, weight, font_size, spacing.max_text_width);
        let line_height = measure.line_height(font_size);
        let height = lines.line_count() as f32 * line_height + 2.0 * spacing.padding_y;
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

/// Font size of scheme labels (as the scene draws them).
pub const SCHEME_SIZE: f32 = 11.0;

/// Height of the window the layout aims to be readable in, in points; its
/// width follows from the target aspect.
const FIT_HEIGHT: f32 = 800.0;
/// Narrowest width limit for a row of reasons that is tried.
const LIMIT_BASE: f32 = 240.0;
/// Step between the width limits tried.
const LIMIT_GROWTH: f32 = 1.25;

/// Tries width limits for rows of reasons and keeps the one whose packed
/// map is nearest the `target` aspect. Returns the sizes and where each
/// root's block goes.
fn search_limit(
    plan: &arrange::Plan,
    texts: &[BoxText],
    spacing: &Spacing,
    target: f32,
) -> (arrange::Sizes, Vec<Point>) {
    let gap = 2.0 * spacing.h_gap;
    let mut resizer = resize::Resizer::new(plan, texts, spacing);
    let attempt = |resizer: &mut resize::Resizer, limit: f32| {
        let parts = resizer.root_sizes(limit);
        let (at, (w, h)) = pack::pack(&parts, gap, target);
        let aspect = if h > 0.0 && w > 0.0 { w / h } else { target };
        // How large the map shows in a window of the target shape (at
        // most at 100 %): bigger is more readable.
        let fit = (FIT_HEIGHT * target / (w + 2.0 * quality::FIT_MARGIN))
            .min(FIT_HEIGHT / (h + 2.0 * quality::FIT_MARGIN))
            .min(1.0);
        let at: Vec<Point> = at.into_iter().map(|(x, y)| Point::new(x, y)).collect();
        (aspect > target, fit, limit, at)
    };
    // Unwrapped first: a map that shows whole at 100 % stays as it is, so
    // does one that is not too wide.
    let mut best = attempt(&mut resizer, f32::INFINITY);
    if !best.0 || best.1 >= 1.0 {
        return (resizer.into_sizes(f32::INFINITY), best.3);
    }
    // Wider limits give wider maps. The limits tried lie on a fixed grid,
    // so a small edit rarely changes the one chosen (and so the rows).
    let widest = texts.iter().map(|t| t.width).fold(0.0, f32::max);
    let unwrapped = resizer
        .base()
        .geo
        .iter()
        .map(|g| g.width)
        .fold(0.0, f32::max);
    let grid = |k: i32| LIMIT_BASE * LIMIT_GROWTH.powi(k);
    let mut lo = 0;
    while grid(lo) < widest * 1.5 && lo < 64 {
        lo += 1;
    }
    let mut hi = lo;
    while grid(hi) < unwrapped && hi < 96 {
        hi += 1;
    }
    // Small maps: try every limit; large ones: search for the one where
    // the map stops being too wide.
    let every = texts.len() <= 2_500;
    let mut k = hi;
    while lo < hi {
        let mid = if every {
            k -= 1;
            k
        } else {
            (lo + hi) / 2
        };
        let next = attempt(&mut resizer, grid(mid));
        let too_wide = next.0;
        // Ties go to the wider limit (fewer wrapped rows).
        if next.1 > best.1 + 1e-4 {
            best = next;
        }
        if every {
            if k <= lo {
                break;
            }
            continue;
        }
        if too_wide {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    (resizer.into_sizes(best.2), best.3)
}

/// Where each argument's arrows are in the list of edges: its main arrow
/// and its first arrow of any kind.
struct EdgeIndex {
    main: Vec<Option<usize>>,
    any: Vec<Option<usize>>,
}

impl EdgeIndex {
    fn new(edges: &[Edge], arguments: usize) -> Self {
        let mut index = Self {
            main: vec![None; arguments],
            any: vec![None; arguments],
        };
        for (i, e) in edges.iter().enumerate() {
            index.pushed(e.argument, i, e.premise.is_none());
        }
        index
    }

    /// Records that edge `i` of `argument` (a main arrow if `main`) was
    /// added after those already known.
    fn pushed(&mut self, argument: usize, i: usize, main: bool) {
        if main && let Some(slot @ None) = self.main.get_mut(argument) {
            *slot = Some(i);
        }
        if let Some(slot @ None) = self.any.get_mut(argument) {
            *slot = Some(i);
        }
    }

    /// The index of the main arrow of `argument`.
    fn main(&self, argument: usize) -> Option<usize> {
        self.main.get(argument).copied().flatten()
    }

    /// The index of the first arrow of `argument`.
    fn any(&self, argument: usize) -> Option<usize> {
        self.any.get(argument).copied().flatten()
    }
}

/// The middle of an arrow: halfway along its middle piece.
fn path_middle(e: &Edge) -> Point {
    let n = e.lead.len() + 1;
    e.pieces().nth(n / 2).map_or(e.curve.at(0.5), |c| c.at(0.5))
}

/// Where the boxes and frames are, for the arrows routed around them.
struct Boxes<'a> {
    /// Each claim's box.
    rects: &'a [Rect],
    /// Each argument's frame of co-premises, if it has one.
    frames: &'a [Option<Rect>],
    /// The boxes and frames together, bucketed for the detours' lookups.
    obstacles: &'a detour::Obstacles,
}

/// Routes the arrows not drawn inside one claim's rows (extra arrows from
/// premises drawn elsewhere, undercuts of arguments drawn elsewhere) around
/// the boxes and frames in their way.
fn detour_extras(
    index: &MapIndex,
    routed: &[bool],
    edges: &mut [Edge],
    edge_index: &EdgeIndex,
    boxes: &Boxes,
    progress: &Progress,
) {
    use crate::model::Target;
    let Boxes {
        rects,
        frames,
        obstacles,
    } = *boxes;
    // Arrow tips on each claim's bottom, to keep new ones apart: those of
    // its arguments' main arrows, listed when a detour first comes up into
    // it (listing them for every claim of a large map took longer than
    // its few detours need), and the detours' own.
    let mut tips: std::collections::BTreeMap<usize, Vec<f32>> = std::collections::BTreeMap::new();
    let mut tops: std::collections::BTreeMap<usize, Vec<f32>> = std::collections::BTreeMap::new();
    let mut scratch = detour::Scratch::default();
    // Arrows into claims first; then undercuts, aimed at the middle of
    // the arrow they attack as finally drawn (a few passes settle chains
    // of undercuts).
    for pass in 0..8 {
        // The first pass's paths depend only on their own ends, which are
        // all known before any path is found: the ends are found in order
        // here (arrows into one claim share its edge), the paths by
        // `find_detours`, then set in the same order. A later pass aims
        // each undercut at paths set earlier in it, so it goes in order.
        let (mut first, mut ends): (Vec<usize>, Vec<Detour>) = (Vec::new(), Vec::new());
        let mut redone = 0;
        for i in 0..edges.len() {
            let target = index.target(edges[i].argument);
            let undercut = matches!(target, Some(Target::Argument(_)));
            if (pass == 0) == undercut
                && !(pass == 0
                    && edges[i].premise.is_some()
                    && frames.get(edges[i].argument).is_some_and(Option::is_some))
            {
                continue;
            }
            if pass > 0
                && edges[i].premise.is_some()
                && frames.get(edges[i].argument).is_some_and(Option::is_some)
            {
                continue;
            }
            let e = &edges[i];
            let extra = e.premise.is_some();
            let loose = !extra && !routed.get(e.argument).copied().unwrap_or(false);
            if !(extra || (undercut && loose)) {
                continue;
            }
            let from = e.start();
            let mut to = e.curve.to;
            let joins_frame = extra && frames.get(edges[i].argument).is_some_and(Option::is_some);
            let arrival = match target {
                // A co-premise drawn elsewhere comes down onto its frame.
                _ if joins_frame => detour::Arrival::FromAbove,
                Some(Target::Argument(b)) => {
                    if let Some(x) = edge_index.main(b).or_else(|| edge_index.any(b)) {
                        to = path_middle(&edges[x]);
                    }
                    detour::Arrival::Sideways
                }
                Some(Target::Claim(t)) => {
                    let Some(r) = rects.get(t) else { continue };
                    if e.premise == Some(t) {
                        // A claim bearing on itself: a loop round its right
                        // side into a point of its own on its bottom.
                        let taken = tips_on(&mut tips, t, index, edges, edge_index);
                        let x = free_tip(*r, r.center().x, taken);
                        taken.push(x);
                        let out = r.width() / 2.0 + 24.0;
                        let tip = Point::new(x, r.max.y);
                        edges[i].lead.clear();
                        edges[i].curve = Cubic {
                            from,
                            ctrl1: Point::new(from.x + out, from.y - 32.0),
                            ctrl2: Point::new(tip.x + out, tip.y + 32.0),
                            to: tip,
                        };
                        continue;
                    }
                    if r.max.y < from.y {
                        // Above the start: up into its bottom.
                        let taken = tips_on(&mut tips, t, index, edges, edge_index);
                        to = Point::new(free_tip(*r, to.x, taken), r.max.y);
                        taken.push(to.x);
                        detour::Arrival::FromBelow
                    } else {
                        // Level with or below the start: down onto its top.
                        let taken = tops.entry(t).or_default();
                        to = Point::new(free_tip(*r, to.x, taken), r.min.y);
                        taken.push(to.x);
                        detour::Arrival::FromAbove
                    }
                }
                None => continue,
            };
            // The path depends only on its ends: an undercut whose target
            // has not moved since the last pass keeps its path.
            if pass > 1 && undercut && edges[i].curve.to == to {
                continue;
            }
            if pass == 0 {
                first.push(i);
                ends.push((from, to, arrival));
            } else {
                let points = detour::detour(from, to, arrival, obstacles, &mut scratch);
                set_path(&mut edges[i], &points);
                redone += 1;
            }
        }
        // A pass that moved no undercut leaves the next one nothing to do.
        if pass > 0 && redone == 0 {
            break;
        }
        if pass == 0 {
            for (&i, points) in first.iter().zip(find_detours(&ends, obstacles, progress)) {
                set_path(&mut edges[i], &points);
            }
        }
    }
}

/// The arrow tips on the bottom of claim `t` in `tips`, starting from
/// those of its arguments' main arrows the first time. Main arrows into
/// claims do not move while detours come up into them.
fn tips_on<'a>(
    tips: &'a mut std::collections::BTreeMap<usize, Vec<f32>>,
    t: usize,
    index: &MapIndex,
    edges: &[Edge],
    edge_index: &EdgeIndex,
) -> &'a mut Vec<f32> {
    tips.entry(t).or_insert_with(|| {
        index
            .arguments_into_claim(t)
            .iter()
            .filter_map(|&a| edge_index.main(a))
            .map(|k| edges[k].curve.to.x)
            .collect()
    })
}

/// One arrow to detour: where it starts, where it ends and how it arrives.
type Detour = (Point, Point, detour::Arrival);

/// Fewest detours in one batch worth sharing among threads.
const THREADED_DETOURS: usize = 32;

/// The paths of the detours `jobs`, in order: they are independent of each
/// other and, on a large map, most of the layout's time, so the cores
/// share them (see `parallel`), one detour at a time since their costs
/// differ a hundredfold, from a clear corridor to a long path search.
fn find_detours(
    jobs: &[Detour],
    obstacles: &detour::Obstacles,
    progress: &Progress,
) -> Vec<Vec<Point>> {
    parallel::map(
        jobs.len(),
        1,
        THREADED_DETOURS,
        detour::Scratch::default,
        |scratch, k| {
            let (from, to, arrival) = jobs[k];
            detour::detour(from, to, arrival, obstacles, scratch)
        },
        &mut progress.counter(Stage::Detours, jobs.len(), DETOURS_STEP),
    )
}

/// Sets the path of `edge` to the corner points `points`.
fn set_path(edge: &mut Edge, points: &[Point]) {
    let mut pieces = route::pieces(points);
    if let Some(last) = pieces.pop() {
        edge.lead = pieces;
        edge.curve = last;
    }
}

/// A point on the bottom of `r` near `x` at least half an arrival step
/// from every tip in `taken`.
fn free_tip(r: Rect, x: f32, taken: &[f32]) -> f32 {
    let margin = 6.0_f32.min(r.width() / 4.0);
    let step = arrange::ARRIVAL_STEP / 2.0;
    let clear = |x: f32| taken.iter().all(|t| (t - x).abs() >= step);
    let inside = |x: f32| x >= r.min.x + margin && x <= r.max.x - margin;
    for k in 0..64 {
        for sign in [1.0, -1.0] {
            let c = x + sign * k as f32 * step / 2.0;
            if inside(c) && clear(c) {
                return c;
            }
        }
    }
    // A crowded box: any point of its own, however close.
    let apart = |x: f32| taken.iter().all(|t| (t - x).abs() >= 1.0);
    let mut c = r.min.x + margin;
    while c <= r.max.x - margin {
        if apart(c) {
            return c;
        }
        c += 1.0;
    }
    x
}

/// True when the straight piece `c` passes within half a point of `p`.
fn touches(c: &Cubic, p: Point) -> bool {
    p.distance_to_segment(c.from, c.to) < 0.5
}

#[cfg(test)]
mod progress_tests {
    use super::*;
    use crate::text::FontMetrics;
    use std::cell::RefCell;

    fn seen(map: &Map) -> (Layout, Vec<f32>) {
        let index = MapIndex::new(map);
        let fractions = RefCell::new(Vec::new());
        let style = LayoutStyle::default();
        let laid = layout_with_progress(map, &index, FontMetrics::bundled(), &style, &|f| {
            fractions.borrow_mut().push(f)
        });
        assert_eq!(laid, layout(map, &index, FontMetrics::bundled(), &style));
        (laid, fractions.into_inner())
    }

    fn check_fractions(fractions: &[f32]) {
        assert_eq!(fractions.first(), Some(&0.0));
        assert_eq!(fractions.last(), Some(&1.0));
        assert!(
            fractions.windows(2).all(|w| w[0] <= w[1]),
            "fractions go back: {fractions:?}"
        );
    }

    #[test]
    fn progress_rises_from_0_to_1_and_the_layout_is_the_same() {
        let map = crate::generate::generate_map(5_000, 1);
        let (_, fractions) = seen(&map);
        check_fractions(&fractions);
        // Reported inside the stages too, not only at their ends, and
        // coarsely: far fewer reports than claims.
        let inside = fractions.iter().filter(|f| **f > 0.0 && **f < 1.0).count();
        assert!(inside >= 10, "{fractions:?}");
        assert!(fractions.len() < 200, "{} reports", fractions.len());
        // Half the fraction is reached partway through, not at the end.
        assert!(
            fractions.iter().any(|f| (0.3..0.7).contains(f)),
            "{fractions:?}"
        );
    }

    #[test]
    fn a_small_map_trying_orders_reports_each_try() {
        let map = (1..20)
            .map(|seed| crate::generate::generate_map(40, seed))
            .find(|m| order::searches(m, &MapIndex::new(m)))
            .expect("a small generated map with links");
        let (_, fractions) = seen(&map);
        check_fractions(&fractions);
        let tries = fractions
            .iter()
            .filter(|f| **f > ORDER_PLAIN_SHARE && **f < 1.0)
            .count();
        assert!(tries >= 8, "{fractions:?}");
    }
}
