//! The scene as paintable items, shared by the PNG and PDF renderers.
//!
//! A [`Scene`] is cut into [`Item`]s in painting order (frames, arrows,
//! claim boxes with their text, the evaluation over them, the claims' note
//! badges, title, legend with the evaluation over its swatches,
//! footnotes), each with the bounds it can paint into. [`paint_item`]
//! draws one item through the small [`Canvas`] trait, so PNG and PDF draw
//! the same shapes in the same order with the same geometry as the SVG
//! (`rx` corners, centred strokes, the `5 3` dash). [`ItemGrid`] buckets the items by area, so a
//! PNG tile or a poster page draws only what touches it and the cost of an
//! export stays linear in the size of the map.

use crate::geom::{Cubic, Point, Rect};
use crate::scene::{Badge, BranchBadge, Color, EvaluationShape, Scene, TextLine};
use crate::text::{FontMetrics, TextMeasure as _};

/// One segment of a path in scene coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seg {
    /// Starts a new sub-path.
    Move(Point),
    /// A straight line to the point.
    Line(Point),
    /// A cubic Bézier curve: two control points, then the end point.
    Cubic(Point, Point, Point),
    /// Closes the sub-path.
    Close,
}

/// How a path's outline is drawn: centred on the path, butt caps, mitred
/// joins (SVG's defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Color,
    /// Width in scene points.
    pub width: f32,
    /// Dashed with [`DASH`] (borders of implicit premises).
    pub dashed: bool,
}

/// Dash pattern of dashed borders, on and off lengths in scene points (the
/// SVG's `stroke-dasharray="5 3"`).
pub const DASH: [f32; 2] = [5.0, 3.0];

/// Something that can draw filled paths, stroked paths and text lines.
pub trait Canvas {
    /// Fills `path` (non-zero winding) with `color`.
    fn fill(&mut self, path: &[Seg], color: Color);
    /// Strokes `path`.
    fn stroke(&mut self, path: &[Seg], stroke: Stroke);
    /// Fills `path`, then strokes it (a box with its border).
    fn fill_and_stroke(&mut self, path: &[Seg], fill: Color, stroke: Stroke) {
        self.fill(path, fill);
        self.stroke(path, stroke);
    }
    /// Draws one line of text in the bundled font.
    fn text(&mut self, line: &TextLine);
}

/// One paintable part of a scene. Items are painted in the order
/// [`items`] gives them; each refers to the scene by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A co-premise frame, by index into [`Scene::frames`].
    Frame(u32),
    /// An arrow with its head, scheme label and marker, by index into
    /// [`Scene::edges`].
    Edge(u32),
    /// A claim box with its text (and the badge of a collapsed branch),
    /// by index into [`Scene::nodes`].
    Node(u32),
    /// The evaluation drawn over a claim box (status bar, veil, mark), by
    /// index into the claims of [`Scene::evaluation`].
    Evaluation(u32),
    /// A claim's note badge, over its evaluation (so that a claim that is
    /// out keeps it readable), by index into [`Scene::nodes`].
    NoteBadge(u32),
    /// The map's title.
    Title,
    /// The legend.
    Legend,
    /// The evaluation drawn over a legend swatch, by index into the legend
    /// shapes of [`Scene::evaluation`].
    LegendEvaluation(u32),
    /// One footnote line, by index into [`Scene::footnotes`].
    Footnote(u32),
}

/// Every item of `scene` (the background aside: renderers fill it first),
/// in painting order.
pub fn items(scene: &Scene) -> impl Iterator<Item = Item> + '_ {
    let index = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (0..scene.frames.len())
        .map(move |i| Item::Frame(index(i)))
        .chain((0..scene.edges.len()).map(move |i| Item::Edge(index(i))))
        .chain((0..scene.nodes.len()).map(move |i| Item::Node(index(i))))
        .chain((0..evaluation(scene).claims.len()).map(move |i| Item::Evaluation(index(i))))
        .chain(
            (0..scene.nodes.len())
                .filter(|&i| scene.nodes[i].badge.is_some())
                .map(move |i| Item::NoteBadge(index(i))),
        )
        .chain(scene.title.iter().map(|_| Item::Title))
        .chain(scene.legend.iter().map(|_| Item::Legend))
        .chain((0..evaluation(scene).legend.len()).map(move |i| Item::LegendEvaluation(index(i))))
        .chain((0..scene.footnotes.len()).map(move |i| Item::Footnote(index(i))))
}

/// The area a line of text can paint: its advance box, widened by a
/// fraction of the font size for glyphs that overhang it.
pub fn text_bounds(line: &TextLine) -> Rect {
    let metrics = FontMetrics::bundled();
    let width = metrics.width(&line.text, line.weight, line.size);
    let overhang = line.size * 0.25;
    Rect::from_min_size(line.pos, width, metrics.line_height(line.size)).expand(overhang)
}

fn badge_bounds(badge: &Badge) -> Rect {
    Rect {
        min: Point::new(badge.center.x - badge.radius, badge.center.y - badge.radius),
        max: Point::new(badge.center.x + badge.radius, badge.center.y + badge.radius),
    }
    .union(text_bounds(&badge.label))
}

/// The scene's evaluation layer, empty when it has none.
fn evaluation(scene: &Scene) -> &crate::scene::EvaluationLayer {
    static NONE: crate::scene::EvaluationLayer = crate::scene::EvaluationLayer {
        claims: Vec::new(),
        legend: Vec::new(),
    };
    scene.evaluation.as_ref().unwrap_or(&NONE)
}

/// The area an evaluation shape can paint: its veil, bar and badge.
fn evaluation_bounds(shape: &EvaluationShape) -> Rect {
    let mut bounds = shape.bar;
    if let Some(veil) = &shape.veil {
        bounds = bounds.union(veil.rect);
    }
    if let Some(badge) = &shape.badge {
        let r = badge.radius + badge.ink_width;
        bounds = bounds.union(Rect {
            min: Point::new(badge.center.x - r, badge.center.y - r),
            max: Point::new(badge.center.x + r, badge.center.y + r),
        });
    }
    bounds
}

fn points_bounds(points: &[Point]) -> Rect {
    points
        .iter()
        .fold(Rect::NOTHING, |r, &p| r.union(Rect { min: p, max: p }))
}

/// The area `item` can paint into, strokes and text included.
pub fn item_bounds(scene: &Scene, item: Item) -> Rect {
    match item {
        Item::Frame(i) => {
            let frame = &scene.frames[i as usize];
            frame.rect.expand(frame.stroke_width / 2.0)
        }
        Item::Edge(i) => {
            let edge = &scene.edges[i as usize];
            let mut bounds = edge
                .shaft_bounds()
                .union(points_bounds(&edge.head))
                .expand(edge.width);
            if let Some(label) = &edge.label {
                bounds = bounds.union(text_bounds(label));
            }
            if let Some(marker) = &edge.marker {
                bounds = bounds.union(badge_bounds(marker));
            }
            bounds
        }
        Item::Node(i) => {
            let node = &scene.nodes[i as usize];
            let mut bounds = node.rect.expand(node.stroke_width / 2.0);
            for line in &node.lines {
                bounds = bounds.union(text_bounds(line));
            }
            if let Some(branch) = &node.branch {
                bounds = bounds
                    .union(branch.rect.expand(0.5))
                    .union(text_bounds(&branch.label));
            }
            bounds
        }
        Item::Title => scene.title.as_ref().map_or(Rect::NOTHING, text_bounds),
        Item::Legend => scene.legend.as_ref().map_or(Rect::NOTHING, |legend| {
            legend
                .entries
                .iter()
                .fold(legend.rect.expand(0.5), |r, entry| {
                    r.union(entry.swatch.expand(0.75))
                        .union(text_bounds(&entry.label))
                })
        }),
        Item::Evaluation(i) => evaluation_bounds(&evaluation(scene).claims[i as usize]),
        Item::NoteBadge(i) => scene.nodes[i as usize]
            .badge
            .as_ref()
            .map_or(Rect::NOTHING, badge_bounds),
        Item::LegendEvaluation(i) => evaluation_bounds(&evaluation(scene).legend[i as usize]),
        Item::Footnote(i) => text_bounds(&scene.footnotes[i as usize]),
    }
}

/// Paints `item` of `scene` on `canvas`. `path` is scratch space, reused
/// between calls to save allocations.
pub fn paint_item(scene: &Scene, item: Item, canvas: &mut impl Canvas, path: &mut Vec<Seg>) {
    match item {
        Item::Frame(i) => {
            let frame = &scene.frames[i as usize];
            paint_box(
                canvas,
                path,
                (frame.rect, frame.corner_radius),
                frame.fill,
                Stroke {
                    color: frame.stroke,
                    width: frame.stroke_width,
                    dashed: false,
                },
            );
        }
        Item::Edge(i) => {
            let edge = &scene.edges[i as usize];
            curve(path, edge.pieces().next().copied().unwrap_or(edge.curve));
            path.extend(
                edge.pieces()
                    .skip(1)
                    .map(|c| Seg::Cubic(c.ctrl1, c.ctrl2, c.to)),
            );
            canvas.stroke(
                path,
                Stroke {
                    color: edge.color,
                    width: edge.width,
                    dashed: false,
                },
            );
            polygon(path, &edge.head);
            canvas.fill(path, edge.color);
            if let Some(label) = &edge.label {
                canvas.text(label);
            }
            if let Some(marker) = &edge.marker {
                paint_badge(marker, canvas, path);
            }
        }
        Item::Node(i) => {
            let node = &scene.nodes[i as usize];
            paint_box(
                canvas,
                path,
                (node.rect, node.corner_radius),
                node.fill,
                Stroke {
                    color: node.stroke,
                    width: node.stroke_width,
                    dashed: node.dashed,
                },
            );
            for line in &node.lines {
                canvas.text(line);
            }
            if let Some(branch) = &node.branch {
                paint_branch_badge(branch, canvas, path);
            }
        }
        Item::Title => {
            if let Some(title) = &scene.title {
                canvas.text(title);
            }
        }
        Item::Legend => {
            if let Some(legend) = &scene.legend {
                paint_box(
                    canvas,
                    path,
                    (legend.rect, 4.0),
                    legend.fill,
                    Stroke {
                        color: legend.stroke,
                        width: 1.0,
                        dashed: false,
                    },
                );
                for entry in &legend.entries {
                    paint_box(
                        canvas,
                        path,
                        (entry.swatch, 3.0),
                        entry.fill,
                        Stroke {
                            color: entry.stroke,
                            width: 1.5,
                            dashed: entry.dashed,
                        },
                    );
                    canvas.text(&entry.label);
                }
            }
        }
        Item::Evaluation(i) => {
            paint_evaluation(&evaluation(scene).claims[i as usize], canvas, path);
        }
        Item::NoteBadge(i) => {
            if let Some(badge) = &scene.nodes[i as usize].badge {
                paint_badge(badge, canvas, path);
            }
        }
        Item::LegendEvaluation(i) => {
            paint_evaluation(&evaluation(scene).legend[i as usize], canvas, path);
        }
        Item::Footnote(i) => canvas.text(&scene.footnotes[i as usize]),
    }
}

/// A claim's veil, status bar and mark badge, as the SVG draws them.
fn paint_evaluation(shape: &EvaluationShape, canvas: &mut impl Canvas, path: &mut Vec<Seg>) {
    if let Some(veil) = &shape.veil {
        rounded_rect(path, veil.rect, veil.corner_radius);
        canvas.fill(path, veil.color);
    }
    rounded_rect(path, shape.bar, shape.bar_radius);
    canvas.fill(path, shape.bar_color);
    if let Some(badge) = &shape.badge {
        circle(path, badge.center, badge.radius);
        canvas.fill(path, badge.fill);
        for line in &badge.strokes {
            path.clear();
            for (k, &p) in line.iter().enumerate() {
                path.push(if k == 0 { Seg::Move(p) } else { Seg::Line(p) });
            }
            canvas.stroke(
                path,
                Stroke {
                    color: badge.ink,
                    width: badge.ink_width,
                    dashed: false,
                },
            );
        }
    }
}

/// A rectangle with rounded corners, filled, then stroked.
fn paint_box(
    canvas: &mut impl Canvas,
    path: &mut Vec<Seg>,
    (rect, radius): (Rect, f32),
    fill: Color,
    stroke: Stroke,
) {
    rounded_rect(path, rect, radius);
    canvas.fill_and_stroke(path, fill, stroke);
}

fn paint_badge(badge: &Badge, canvas: &mut impl Canvas, path: &mut Vec<Seg>) {
    circle(path, badge.center, badge.radius);
    canvas.fill(path, badge.fill);
    canvas.text(&badge.label);
}

/// The "+N" badge of a collapsed branch, as the SVG draws it.
fn paint_branch_badge(badge: &BranchBadge, canvas: &mut impl Canvas, path: &mut Vec<Seg>) {
    paint_box(
        canvas,
        path,
        (badge.rect, badge.corner_radius),
        badge.fill,
        Stroke {
            color: badge.stroke,
            width: 1.0,
            dashed: false,
        },
    );
    canvas.text(&badge.label);
    for swatch in &badge.swatches {
        paint_box(
            canvas,
            path,
            (swatch.rect, 2.0),
            swatch.fill,
            Stroke {
                color: swatch.stroke,
                width: 1.0,
                dashed: false,
            },
        );
    }
}

/// Distance of a cubic's control points from the ends of a quarter circle
/// of radius 1 that it approximates.
const KAPPA: f32 = 0.552_284_8;

/// `path` becomes `rect` with corners rounded by `radius`, clamped to half
/// the shorter side as SVG clamps `rx`.
pub fn rounded_rect(path: &mut Vec<Seg>, rect: Rect, radius: f32) {
    path.clear();
    let r = radius
        .min(rect.width() / 2.0)
        .min(rect.height() / 2.0)
        .max(0.0);
    let (x0, y0, x1, y1) = (rect.min.x, rect.min.y, rect.max.x, rect.max.y);
    let p = Point::new;
    if r <= 0.0 {
        path.extend([
            Seg::Move(p(x0, y0)),
            Seg::Line(p(x1, y0)),
            Seg::Line(p(x1, y1)),
            Seg::Line(p(x0, y1)),
            Seg::Close,
        ]);
        return;
    }
    let k = r * (1.0 - KAPPA);
    path.extend([
        Seg::Move(p(x0 + r, y0)),
        Seg::Line(p(x1 - r, y0)),
        Seg::Cubic(p(x1 - k, y0), p(x1, y0 + k), p(x1, y0 + r)),
        Seg::Line(p(x1, y1 - r)),
        Seg::Cubic(p(x1, y1 - k), p(x1 - k, y1), p(x1 - r, y1)),
        Seg::Line(p(x0 + r, y1)),
        Seg::Cubic(p(x0 + k, y1), p(x0, y1 - k), p(x0, y1 - r)),
        Seg::Line(p(x0, y0 + r)),
        Seg::Cubic(p(x0, y0 + k), p(x0 + k, y0), p(x0 + r, y0)),
        Seg::Close,
    ]);
}

/// `path` becomes a circle.
pub fn circle(path: &mut Vec<Seg>, center: Point, radius: f32) {
    path.clear();
    let (cx, cy, r) = (center.x, center.y, radius);
    let k = r * KAPPA;
    let p = Point::new;
    path.extend([
        Seg::Move(p(cx + r, cy)),
        Seg::Cubic(p(cx + r, cy + k), p(cx + k, cy + r), p(cx, cy + r)),
        Seg::Cubic(p(cx - k, cy + r), p(cx - r, cy + k), p(cx - r, cy)),
        Seg::Cubic(p(cx - r, cy - k), p(cx - k, cy - r), p(cx, cy - r)),
        Seg::Cubic(p(cx + k, cy - r), p(cx + r, cy - k), p(cx + r, cy)),
        Seg::Close,
    ]);
}

/// `path` becomes the closed polygon through `points`.
pub fn polygon(path: &mut Vec<Seg>, points: &[Point]) {
    path.clear();
    for (i, &point) in points.iter().enumerate() {
        path.push(if i == 0 {
            Seg::Move(point)
        } else {
            Seg::Line(point)
        });
    }
    path.push(Seg::Close);
}

/// `path` becomes the open curve `cubic`.
pub fn curve(path: &mut Vec<Seg>, cubic: Cubic) {
    path.clear();
    path.extend([
        Seg::Move(cubic.from),
        Seg::Cubic(cubic.ctrl1, cubic.ctrl2, cubic.to),
    ]);
}

/// The items of a scene bucketed into a grid of equal cells, for drawing
/// one area (a PNG tile, a poster page) without looking at the rest.
///
/// Each cell lists the items whose bounds touch it, in painting order.
/// The lists are stored back to back (one offset per cell), so the grid
/// costs a few bytes per cell and per item-in-cell whatever its size.
#[derive(Debug)]
pub struct ItemGrid {
    items: Vec<Item>,
    origin: Point,
    cell_width: f64,
    cell_height: f64,
    columns: usize,
    rows: usize,
    /// Start of each cell's list in `entries`, with one extra at the end.
    offsets: Vec<usize>,
    /// Item ordinals, cell after cell.
    entries: Vec<u32>,
}

impl ItemGrid {
    /// Buckets the items of `scene` into `columns` × `rows` cells of
    /// `cell_width` × `cell_height` points, the first with its top-left
    /// corner at `origin`. Items are widened by `margin` points on every
    /// side (anti-aliasing reaches a little past a shape).
    pub fn new(
        scene: &Scene,
        origin: Point,
        (cell_width, cell_height): (f64, f64),
        (columns, rows): (usize, usize),
        margin: f32,
    ) -> Self {
        let items: Vec<Item> = items(scene).collect();
        let spans: Vec<Option<CellSpan>> = items
            .iter()
            .map(|&item| {
                let bounds = item_bounds(scene, item).expand(margin);
                cell_span(bounds, origin, (cell_width, cell_height), (columns, rows))
            })
            .collect();
        let cells = columns * rows;
        let mut offsets = vec![0usize; cells + 1];
        for span in spans.iter().flatten() {
            for row in span.rows.clone() {
                for column in span.columns.clone() {
                    offsets[row * columns + column + 1] += 1;
                }
            }
        }
        for cell in 0..cells {
            offsets[cell + 1] += offsets[cell];
        }
        let mut fill = offsets.clone();
        let mut entries = vec![0u32; offsets[cells]];
        for (ordinal, span) in spans.iter().enumerate() {
            let Some(span) = span else { continue };
            for row in span.rows.clone() {
                for column in span.columns.clone() {
                    let cell = row * columns + column;
                    entries[fill[cell]] = ordinal as u32;
                    fill[cell] += 1;
                }
            }
        }
        Self {
            items,
            origin,
            cell_width,
            cell_height,
            columns,
            rows,
            offsets,
            entries,
        }
    }

    /// Number of columns and rows.
    pub fn size(&self) -> (usize, usize) {
        (self.columns, self.rows)
    }

    /// The items touching cell (`column`, `row`), in painting order; none
    /// outside the grid.
    pub fn cell(&self, column: usize, row: usize) -> impl Iterator<Item = Item> + '_ {
        let range = if column < self.columns && row < self.rows {
            let cell = row * self.columns + column;
            self.offsets[cell]..self.offsets[cell + 1]
        } else {
            0..0
        };
        self.entries[range].iter().map(|&n| self.items[n as usize])
    }

    /// The area of cell (`column`, `row`) in scene points.
    pub fn cell_rect(&self, column: usize, row: usize) -> Rect {
        let x = f64::from(self.origin.x) + column as f64 * self.cell_width;
        let y = f64::from(self.origin.y) + row as f64 * self.cell_height;
        Rect {
            min: Point::new(x as f32, y as f32),
            max: Point::new((x + self.cell_width) as f32, (y + self.cell_height) as f32),
        }
    }
}

/// The cells a rectangle touches.
struct CellSpan {
    columns: std::ops::Range<usize>,
    rows: std::ops::Range<usize>,
}

fn cell_span(
    bounds: Rect,
    origin: Point,
    (cell_width, cell_height): (f64, f64),
    (columns, rows): (usize, usize),
) -> Option<CellSpan> {
    // Nothing to paint (`Rect::NOTHING`, or NaN from a broken shape).
    if !(bounds.min.x <= bounds.max.x && bounds.min.y <= bounds.max.y) {
        return None;
    }
    let range = |min: f32, max: f32, start: f32, size: f64, count: usize| {
        let first = ((f64::from(min) - f64::from(start)) / size).floor();
        let last = ((f64::from(max) - f64::from(start)) / size).floor();
        if !(first.is_finite() && last.is_finite()) || last < 0.0 || first >= count as f64 {
            return None;
        }
        let first = first.max(0.0) as usize;
        let last = (last as usize).min(count - 1);
        Some(first..last + 1)
    };
    Some(CellSpan {
        columns: range(bounds.min.x, bounds.max.x, origin.x, cell_width, columns)?,
        rows: range(bounds.min.y, bounds.max.y, origin.y, cell_height, rows)?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::scene::{NodeShape, Theme};
    use crate::text::Weight;

    fn node(claim: usize, x: f32, y: f32) -> NodeShape {
        let theme = Theme::light();
        NodeShape {
            claim,
            role: Role::Reason,
            rect: Rect::from_min_size(Point::new(x, y), 100.0, 40.0),
            corner_radius: 6.0,
            fill: theme.role(Role::Reason).fill,
            stroke: theme.role(Role::Reason).stroke,
            stroke_width: 1.5,
            dashed: false,
            lines: vec![TextLine {
                pos: Point::new(x + 10.0, y + 8.0),
                ascent: 15.0,
                text: "words".into(),
                size: 14.0,
                weight: Weight::Regular,
                color: theme.text,
            }],
            badge: None,
            branch: None,
        }
    }

    fn scene(nodes: Vec<NodeShape>) -> Scene {
        Scene {
            bounds: Rect::from_min_size(Point::default(), 1000.0, 1000.0),
            background: None,
            frames: Vec::new(),
            edges: Vec::new(),
            nodes,
            title: None,
            legend: None,
            footnotes: Vec::new(),
            evaluation: None,
        }
    }

    #[test]
    fn grid_cells_list_the_items_that_touch_them_in_painting_order() {
        // One box in the first cell, one straddling the four middle cells,
        // one far outside the grid.
        let scene = scene(vec![
            node(0, 10.0, 10.0),
            node(1, 450.0, 480.0),
            node(2, 5000.0, 10.0),
        ]);
        let grid = ItemGrid::new(&scene, Point::default(), (250.0, 250.0), (4, 4), 1.0);
        assert_eq!(grid.size(), (4, 4));
        assert_eq!(grid.cell(0, 0).collect::<Vec<_>>(), [Item::Node(0)]);
        for (column, row) in [(1, 1), (2, 1), (1, 2), (2, 2)] {
            assert_eq!(
                grid.cell(column, row).collect::<Vec<_>>(),
                [Item::Node(1)],
                "cell {column}, {row}"
            );
        }
        assert_eq!(grid.cell(3, 0).count(), 0);
        assert_eq!(grid.cell(9, 9).count(), 0, "outside the grid");
        assert_eq!(
            grid.cell_rect(1, 2),
            Rect::from_min_size(Point::new(250.0, 500.0), 250.0, 250.0)
        );
    }

    #[test]
    fn rounded_corners_are_clamped_like_svg_rx() {
        let mut path = Vec::new();
        rounded_rect(
            &mut path,
            Rect::from_min_size(Point::default(), 100.0, 10.0),
            20.0,
        );
        // The radius becomes 5, half the height: the top edge starts 5 in.
        assert_eq!(path[0], Seg::Move(Point::new(5.0, 0.0)));
        assert_eq!(path[1], Seg::Line(Point::new(95.0, 0.0)));
        assert_eq!(path.last(), Some(&Seg::Close));
    }

    #[test]
    fn items_come_in_painting_order() {
        let scene = scene(vec![node(0, 0.0, 0.0), node(1, 200.0, 0.0)]);
        assert_eq!(
            items(&scene).collect::<Vec<_>>(),
            [Item::Node(0), Item::Node(1)]
        );
        let bounds = item_bounds(&scene, Item::Node(0));
        assert!(
            bounds.min.x <= -0.75 && bounds.max.x >= 100.75,
            "{bounds:?}"
        );
    }
}
