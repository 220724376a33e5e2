//! Layout quality: the numbers that say whether a picture of a map can be
//! read, computed for any [`Layout`] (or any drawing, such as one made by
//! Graphviz from the DOT export, so the two can be compared).
//!
//! - **aspect**: width over height of the drawing;
//! - **fit zoom**: the zoom at which the app's Fit shows the whole map in a
//!   1280 × 800 canvas (the same formula, with the scene's margin);
//! - **arrows through boxes / frames**: an arrow entering the inside of a
//!   claim box or co-premise frame that is neither where it starts nor
//!   where it ends;
//! - **crossings**: pairs of arrows that cross away from their ends (arrows
//!   leaving one box or meeting on one arrow touch, they do not cross);
//! - **label overlaps**: a label overlapping a box, another label or an
//!   arrow other than its own;
//! - **box overlaps**: two claim boxes sharing area, or a claim box
//!   overlapping a frame it is not a member of;
//! - **arrows coming down** (`downward`): an arrow whose tip comes down
//!   onto the top of a claim box or frame, drawing a claim below something
//!   that bears on it.
//!
//! Arrows are flattened to polylines; rectangles and segments are bucketed
//! into a grid, so measuring costs about linear time in the drawing's size.

// foldhash rather than std's SipHash: a long arrow's bounds touch hundreds
// of cells, each looked up, and hashing them showed in the layout's profile.
use foldhash::HashMap;

use crate::geom::{Cubic, Point, Rect};

use super::Layout;
use super::grid::DenseGrid;

/// The canvas the fit zoom is measured in, in screen points.
pub const FIT_CANVAS: (f32, f32) = (1280.0, 800.0);
/// Margin the scene adds around the layout, which Fit includes.
pub const FIT_MARGIN: f32 = 24.0;

/// Straight pieces each cubic segment is flattened into.
const FLATTEN_STEPS: usize = 12;
/// How far a control point may lie off the segment between a cubic's
/// ends for the cubic to count as straight, in scene points.
const STRAIGHT_SLACK: f32 = 0.01;
/// Cell size of the grid of arrow segments, in scene points: the pieces
/// of flattened corners are a few points long, and in cells half the
/// usual size fewer of them fall in each other's cells (measuring an
/// order search's tries took 6 % less time than with 256).
const SEGMENT_CELL: f32 = 128.0;
/// Grid cell size for the spatial buckets, in scene points.
const CELL: f32 = 256.0;
/// Distance from an arrow's ends within which a touch is not a crossing.
pub(super) const END_SLACK: f32 = 3.0;

/// Anything drawn that quality is measured on, in scene points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    /// Claim boxes.
    pub boxes: Vec<Rect>,
    /// Co-premise frames, each with the boxes drawn inside it.
    pub frames: Vec<(Rect, Vec<usize>)>,
    /// Arrows as polylines, from start to tip.
    pub arrows: Vec<Vec<Point>>,
    /// Labels, each with the arrow it belongs to (if any).
    pub labels: Vec<(Rect, Option<usize>)>,
    /// Everything drawn: boxes, frames, arrows and labels.
    pub bounds: Rect,
}

impl Drawing {
    /// The drawing of `layout`: its boxes, frames, arrows and labels.
    pub fn of_layout(layout: &Layout) -> Self {
        let boxes: Vec<Rect> = layout.claims.iter().map(|c| c.rect).collect();
        let frames = layout
            .groups
            .iter()
            .map(|g| {
                let members = boxes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| contains_rect(&g.rect, b))
                    .map(|(i, _)| i)
                    .collect();
                (g.rect, members)
            })
            .collect();
        let mut arrows = Vec::with_capacity(layout.edges.len());
        let mut labels = Vec::new();
        for (i, e) in layout.edges.iter().enumerate() {
            let mut points = Vec::new();
            for c in e.lead.iter().chain(std::iter::once(&e.curve)) {
                flatten(*c, &mut points);
            }
            arrows.push(points);
            if let Some(label) = e.label {
                labels.push((label, Some(i)));
            }
        }
        Self {
            boxes,
            frames,
            arrows,
            labels,
            bounds: layout.bounds,
        }
    }
}

/// Appends the points of `c` flattened into straight pieces (its start
/// only when `points` is empty). A straight piece (see `is_straight`)
/// stays one: most of an arrow is such runs, and cut in twelve they made
/// twelve times the pieces to check against each other, and a crossing
/// just where two of those pieces met (at a run's quarter, third or half)
/// was in neither and went uncounted.
pub fn flatten(c: Cubic, points: &mut Vec<Point>) {
    if points.is_empty() {
        points.push(c.from);
    }
    if is_straight(&c) {
        points.push(c.to);
        return;
    }
    for k in 1..=FLATTEN_STEPS {
        points.push(c.at(k as f32 / FLATTEN_STEPS as f32));
    }
}

/// Whether `c` draws the straight segment between its ends: its control
/// points lie on that segment, as in the straight runs of routed arrows.
pub(super) fn is_straight(c: &Cubic) -> bool {
    let on_segment = |p: Point| p.distance_to_segment(c.from, c.to) < STRAIGHT_SLACK;
    on_segment(c.ctrl1) && on_segment(c.ctrl2)
}

/// The quality numbers of one drawing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quality {
    /// Width of the drawing in scene points.
    pub width: f32,
    /// Height of the drawing in scene points.
    pub height: f32,
    /// Width over height.
    pub aspect: f32,
    /// Zoom at which Fit shows the whole drawing in [`FIT_CANVAS`], at
    /// most 1.
    pub fit_zoom: f32,
    /// (arrow, claim box) pairs where the arrow enters a box that is
    /// neither its start nor its end.
    pub through_boxes: usize,
    /// (arrow, frame) pairs where the arrow enters a frame holding neither
    /// its start nor its end.
    pub through_frames: usize,
    /// Pairs of arrows that cross away from their ends.
    pub crossings: usize,
    /// Labels overlapping a box, another label or a foreign arrow.
    pub label_overlaps: usize,
    /// Pairs of overlapping boxes, and boxes overlapping a foreign frame.
    pub box_overlaps: usize,
    /// Arrows that come down onto the top of a claim box or frame: the
    /// claim (or the argument a frame draws) is drawn below something that
    /// bears on it, against the rule that whatever bears on a claim is
    /// drawn below it.
    pub downward: usize,
}

/// The zoom the app's Fit picks for `bounds` in a `canvas` of the given
/// size: the whole of `bounds` plus the scene margin visible, never above
/// 100 %.
pub fn fit_zoom(bounds: Rect, canvas: (f32, f32)) -> f32 {
    if bounds.is_empty() {
        return 1.0;
    }
    let b = bounds.expand(FIT_MARGIN);
    (canvas.0 / b.width())
        .min(canvas.1 / b.height())
        .clamp(0.001, 1.0)
}

/// Measures the quality of `layout`.
pub fn layout_quality(layout: &Layout) -> Quality {
    measure(&Drawing::of_layout(layout))
}

/// Measures the quality of any drawing.
pub fn measure(d: &Drawing) -> Quality {
    let (width, height) = if d.bounds.is_empty() {
        (0.0, 0.0)
    } else {
        (d.bounds.width(), d.bounds.height())
    };
    let segments = segments_of(d);
    let seg_grid = segment_grid(&segments);
    let mut box_grid = Grid::default();
    for (k, r) in d.boxes.iter().enumerate() {
        box_grid.insert(r, k);
    }

    let ends = |arrow: usize| -> Option<(Point, Point)> {
        let pts = &d.arrows[arrow];
        Some((*pts.first()?, *pts.last()?))
    };
    let touches_end = |r: &Rect, arrow: usize| {
        ends(arrow).is_some_and(|(s, e)| {
            let r = r.expand(1.5);
            r.contains(s) || r.contains(e)
        })
    };

    // Arrows through boxes and through frames: the arrows with a segment
    // inside the rectangle that neither start nor end at it.
    let arrows_through = |r: &Rect| -> usize {
        let inner = r.expand(-1.0);
        if inner.is_empty() {
            return 0;
        }
        let mut hit: Vec<usize> = seg_grid
            .near(&inner)
            .filter(|&k| {
                let (arrow, p, q) = segments[k];
                !touches_end(r, arrow) && segment_enters(p, q, &inner)
            })
            .map(|k| segments[k].0)
            .collect();
        hit.sort_unstable();
        hit.dedup();
        hit.len()
    };
    let through_boxes: usize = d.boxes.iter().map(&arrows_through).sum();
    let through_frames: usize = d.frames.iter().map(|(r, _)| arrows_through(r)).sum();

    let crossings = crossing_pairs_in(d, &segments, &seg_grid).len();

    // Label overlaps.
    let mut label_overlaps = 0;
    for (i, (r, own)) in d.labels.iter().enumerate() {
        let over_box = box_grid.near(r).any(|b| d.boxes[b].intersects(r));
        let over_label = d
            .labels
            .iter()
            .enumerate()
            .any(|(j, (o, _))| j != i && o.intersects(r));
        let over_arrow = seg_grid.near(r).any(|k| {
            let (arrow, p, q) = segments[k];
            Some(arrow) != *own && segment_enters(p, q, &r.expand(-0.5))
        });
        if over_box || over_label || over_arrow {
            label_overlaps += 1;
        }
    }

    // Box overlaps.
    let mut box_overlaps = 0;
    for (i, r) in d.boxes.iter().enumerate() {
        let mut seen: Vec<usize> = box_grid.near(r).filter(|&j| j > i).collect();
        seen.sort_unstable();
        seen.dedup();
        box_overlaps += seen
            .into_iter()
            .filter(|&j| d.boxes[j].intersects(r))
            .count();
    }
    for (frame, members) in &d.frames {
        let mut near: Vec<usize> = box_grid.near(frame).collect();
        near.sort_unstable();
        near.dedup();
        box_overlaps += near
            .into_iter()
            .filter(|b| !members.contains(b) && d.boxes[*b].intersects(frame))
            .count();
    }

    // Arrows whose tip comes down onto the top edge of a box or frame.
    let mut frame_grid = Grid::default();
    for (k, (r, _)) in d.frames.iter().enumerate() {
        frame_grid.insert(r, k);
    }
    let on_top = |r: &Rect, tip: Point| {
        (tip.y - r.min.y).abs() <= 1.5 && tip.x >= r.min.x && tip.x <= r.max.x
    };
    let downward = d
        .arrows
        .iter()
        .filter(|pts| {
            let [.., before, tip] = pts[..] else {
                return false;
            };
            let probe = Rect { min: tip, max: tip }.expand(2.0);
            before.y < tip.y - 0.01
                && (box_grid.near(&probe).any(|b| on_top(&d.boxes[b], tip))
                    || frame_grid.near(&probe).any(|f| on_top(&d.frames[f].0, tip)))
        })
        .count();

    Quality {
        width,
        height,
        aspect: if height > 0.0 { width / height } else { 0.0 },
        fit_zoom: fit_zoom(d.bounds, FIT_CANVAS),
        through_boxes,
        through_frames,
        crossings,
        label_overlaps,
        box_overlaps,
        downward,
    }
}

/// The pairs of arrows (by index into [`Drawing::arrows`], smaller first)
/// that cross away from their ends, each pair once, in order.
pub fn crossing_pairs(d: &Drawing) -> Vec<(usize, usize)> {
    let segments = segments_of(d);
    crossing_pairs_in(d, &segments, &segment_grid(&segments))
}

/// The grid of `segments`' bounds, each numbered by its place: a flat
/// one, as the order search measures every layout it tries.
fn segment_grid(segments: &[(usize, Point, Point)]) -> DenseGrid {
    let bounds: Vec<Rect> = segments.iter().map(|&(_, a, b)| seg_bounds(a, b)).collect();
    DenseGrid::with_cell_size(&bounds, SEGMENT_CELL)
}

/// Every straight piece of every arrow, with its arrow's index.
fn segments_of(d: &Drawing) -> Vec<(usize, Point, Point)> {
    d.arrows
        .iter()
        .enumerate()
        .flat_map(|(i, pts)| pts.windows(2).map(move |w| (i, w[0], w[1])))
        .filter(|(_, a, b)| a != b)
        .collect()
}

fn crossing_pairs_in(
    d: &Drawing,
    segments: &[(usize, Point, Point)],
    seg_grid: &DenseGrid,
) -> Vec<(usize, usize)> {
    let ends = |arrow: usize| -> Option<(Point, Point)> {
        let pts = &d.arrows[arrow];
        Some((*pts.first()?, *pts.last()?))
    };
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, &(arrow, p, q)) in segments.iter().enumerate() {
        let bounds = seg_bounds(p, q);
        for j in seg_grid.near(&bounds) {
            if j <= k {
                continue;
            }
            let (other, r, s) = segments[j];
            // Most segments in the cells around one lie clear of it, and
            // telling so takes four comparisons.
            if other == arrow
                || r.x.max(s.x) < bounds.min.x
                || r.x.min(s.x) > bounds.max.x
                || r.y.max(s.y) < bounds.min.y
                || r.y.min(s.y) > bounds.max.y
            {
                continue;
            }
            let Some(x) = proper_intersection(p, q, r, s) else {
                continue;
            };
            let near_end = |a: usize| {
                ends(a).is_some_and(|(s0, e0)| dist(x, s0) < END_SLACK || dist(x, e0) < END_SLACK)
            };
            if near_end(arrow) || near_end(other) {
                continue;
            }
            pairs.push((arrow.min(other), arrow.max(other)));
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// True when `outer` holds all of `inner`.
fn contains_rect(outer: &Rect, inner: &Rect) -> bool {
    outer.min.x <= inner.min.x
        && outer.min.y <= inner.min.y
        && inner.max.x <= outer.max.x
        && inner.max.y <= outer.max.y
}

/// The distance between `a` and `b`.
pub(super) fn dist(a: Point, b: Point) -> f32 {
    (a.x - b.x).hypot(a.y - b.y)
}

fn seg_bounds(a: Point, b: Point) -> Rect {
    Rect {
        min: Point::new(a.x.min(b.x), a.y.min(b.y)),
        max: Point::new(a.x.max(b.x), a.y.max(b.y)),
    }
}

/// True when the segment `p..q` has a point strictly inside `r`
/// (Liang–Barsky clipping).
pub(super) fn segment_enters(p: Point, q: Point, r: &Rect) -> bool {
    if r.is_empty() {
        return false;
    }
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let mut t0 = 0.0f32;
    let mut t1 = 1.0f32;
    for (den, num) in [
        (-dx, p.x - r.min.x),
        (dx, r.max.x - p.x),
        (-dy, p.y - r.min.y),
        (dy, r.max.y - p.y),
    ] {
        if den == 0.0 {
            if num <= 0.0 {
                return false;
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    // A strictly positive stretch inside, not only a touch of the border.
    t1 - t0 > 1e-6 && {
        let m = p.lerp(q, (t0 + t1) / 2.0);
        m.x > r.min.x && m.x < r.max.x && m.y > r.min.y && m.y < r.max.y
    }
}

/// Where segments `p..q` and `r..s` cross at one point strictly inside
/// both; `None` for parallel or collinear segments and for touches.
pub(super) fn proper_intersection(p: Point, q: Point, r: Point, s: Point) -> Option<Point> {
    let d1 = (q.x - p.x, q.y - p.y);
    let d2 = (s.x - r.x, s.y - r.y);
    let den = d1.0 * d2.1 - d1.1 * d2.0;
    if den.abs() < 1e-9 {
        return None;
    }
    let w = (r.x - p.x, r.y - p.y);
    let t = (w.0 * d2.1 - w.1 * d2.0) / den;
    let u = (w.0 * d1.1 - w.1 * d1.0) / den;
    let eps = 1e-4;
    (t > eps && t < 1.0 - eps && u > eps && u < 1.0 - eps)
        .then(|| Point::new(p.x + d1.0 * t, p.y + d1.1 * t))
}

/// Items bucketed by the grid cells their bounds touch.
#[derive(Debug, Default)]
pub(super) struct Grid {
    cells: HashMap<(i32, i32), Vec<usize>>,
}

impl Grid {
    fn span(r: &Rect) -> Option<(i32, i32, i32, i32)> {
        if !(r.min.x.is_finite()
            && r.min.y.is_finite()
            && r.max.x.is_finite()
            && r.max.y.is_finite())
        {
            return None;
        }
        let c = |v: f32| (v / CELL).floor().clamp(-1.0e6, 1.0e6) as i32;
        Some((c(r.min.x), c(r.min.y), c(r.max.x), c(r.max.y)))
    }

    pub(super) fn insert(&mut self, r: &Rect, item: usize) {
        let Some((x0, y0, x1, y1)) = Self::span(r) else {
            return;
        };
        for x in x0..=x1 {
            for y in y0..=y1 {
                self.cells.entry((x, y)).or_default().push(item);
            }
        }
    }

    /// Items in the cells `r` touches (an item may come more than once).
    pub(super) fn near<'a>(&'a self, r: &Rect) -> impl Iterator<Item = usize> + 'a {
        let (x0, y0, x1, y1) = Self::span(r).unwrap_or((1, 1, 0, 0));
        (x0..=x1)
            .flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
            .filter_map(|cell| self.cells.get(&cell))
            .flatten()
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_min_size(Point::new(x, y), w, h)
    }

    fn line(points: &[(f32, f32)]) -> Vec<Point> {
        points.iter().map(|&(x, y)| Point::new(x, y)).collect()
    }

    fn drawing(boxes: Vec<Rect>, arrows: Vec<Vec<Point>>) -> Drawing {
        let bounds = boxes.iter().copied().fold(Rect::NOTHING, Rect::union);
        Drawing {
            boxes,
            arrows,
            bounds,
            ..Drawing::default()
        }
    }

    #[test]
    fn an_arrow_through_a_third_box_counts_but_its_own_ends_do_not() {
        // Bottom box up to top box, straight through a box in between.
        let boxes = vec![
            rect(0.0, 0.0, 100.0, 40.0),
            rect(0.0, 100.0, 100.0, 40.0),
            rect(0.0, 200.0, 100.0, 40.0),
        ];
        let through = line(&[(50.0, 200.0), (50.0, 40.0)]);
        let q = measure(&drawing(boxes.clone(), vec![through]));
        assert_eq!(q.through_boxes, 1);
        // Going round the middle box on the right: nothing is crossed.
        let around = line(&[
            (50.0, 200.0),
            (50.0, 170.0),
            (120.0, 170.0),
            (120.0, 70.0),
            (50.0, 70.0),
            (50.0, 40.0),
        ]);
        let q = measure(&drawing(boxes, vec![around]));
        assert_eq!(q.through_boxes, 0);
    }

    #[test]
    fn touching_a_box_border_is_not_passing_through() {
        let boxes = vec![
            rect(0.0, 0.0, 100.0, 40.0),
            rect(200.0, 0.0, 100.0, 40.0),
            rect(100.0, 100.0, 50.0, 40.0),
        ];
        // Runs along the left edge of the third box.
        let arrow = line(&[(100.0, 300.0), (100.0, 40.0)]);
        let q = measure(&drawing(boxes, vec![arrow]));
        assert_eq!(q.through_boxes, 0);
    }

    #[test]
    fn an_arrow_coming_down_onto_a_claims_top_counts_as_downward() {
        // A box above, a box below, and a box to the right.
        let boxes = vec![
            rect(0.0, 0.0, 100.0, 40.0),
            rect(0.0, 100.0, 100.0, 40.0),
            rect(200.0, 0.0, 100.0, 40.0),
        ];
        // Up from the lower box into the bottom of the upper one: fine.
        let up = line(&[(50.0, 100.0), (50.0, 40.0)]);
        // From the top of the upper box over and down onto the top of the
        // lower one: the lower claim is drawn below what bears on it.
        let down = line(&[
            (30.0, 0.0),
            (30.0, -20.0),
            (-20.0, -20.0),
            (-20.0, 80.0),
            (20.0, 80.0),
            (20.0, 100.0),
        ]);
        // Sideways into the right box's side: not onto its top.
        let sideways = line(&[(100.0, 20.0), (200.0, 20.0)]);
        let q = measure(&drawing(boxes.clone(), vec![up, sideways]));
        assert_eq!(q.downward, 0);
        let q = measure(&drawing(boxes.clone(), vec![down]));
        assert_eq!(q.downward, 1);
        // Down onto the top of a frame round the lower box: the same.
        let mut framed = drawing(
            boxes,
            vec![line(&[
                (150.0, 50.0),
                (150.0, 70.0),
                (40.0, 70.0),
                (40.0, 90.0),
            ])],
        );
        framed
            .frames
            .push((rect(-10.0, 90.0, 120.0, 60.0), vec![1]));
        assert_eq!(measure(&framed).downward, 1);
    }

    #[test]
    fn crossings_count_pairs_and_ignore_shared_ends() {
        let boxes = vec![rect(0.0, 0.0, 10.0, 10.0)];
        // An X: one crossing.
        let a = line(&[(0.0, 0.0), (100.0, 100.0)]);
        let b = line(&[(100.0, 0.0), (0.0, 100.0)]);
        // Starts where `a` ends: a touch, not a crossing.
        let c = line(&[(100.0, 100.0), (200.0, 0.0)]);
        // Parallel to `a`: no crossing.
        let d = line(&[(0.0, 10.0), (90.0, 100.0)]);
        let q = measure(&drawing(boxes, vec![a, b, c, d]));
        // a×b and d×b cross; c touches a at its end and meets nothing else.
        assert_eq!(q.crossings, 2);
    }

    #[test]
    fn a_straight_piece_stays_whole_so_a_crossing_where_its_twelfths_met_counts() {
        let cubic = |a: (f32, f32), b: (f32, f32), c: (f32, f32), d: (f32, f32)| Cubic {
            from: Point::new(a.0, a.1),
            ctrl1: Point::new(b.0, b.1),
            ctrl2: Point::new(c.0, c.1),
            to: Point::new(d.0, d.1),
        };
        // Two straight runs crossing 3/12 along the first and 6/12 along
        // the second: cut in twelfths, each piece ended right there and
        // the crossing was missed.
        let mut run = Vec::new();
        flatten(
            cubic((0.0, 0.0), (40.0, 0.0), (80.0, 0.0), (120.0, 0.0)),
            &mut run,
        );
        assert_eq!(run, line(&[(0.0, 0.0), (120.0, 0.0)]));
        let mut across = Vec::new();
        flatten(
            cubic((30.0, -20.0), (30.0, -5.0), (30.0, 5.0), (30.0, 20.0)),
            &mut across,
        );
        assert_eq!(across.len(), 2);
        let q = measure(&drawing(
            vec![rect(500.0, 500.0, 1.0, 1.0)],
            vec![run, across],
        ));
        assert_eq!(q.crossings, 1);
        // A curve is still cut into pieces.
        let mut curve = Vec::new();
        flatten(
            cubic((0.0, 0.0), (0.0, 50.0), (50.0, 100.0), (100.0, 100.0)),
            &mut curve,
        );
        assert_eq!(curve.len(), FLATTEN_STEPS + 1);
    }

    #[test]
    fn an_arrow_crossing_another_twice_is_one_crossing_pair() {
        let a = line(&[(0.0, 50.0), (200.0, 50.0)]);
        let b = line(&[(50.0, 0.0), (50.0, 100.0), (150.0, 100.0), (150.0, 0.0)]);
        let q = measure(&drawing(vec![rect(0.0, 0.0, 1.0, 1.0)], vec![a, b]));
        assert_eq!(q.crossings, 1);
    }

    #[test]
    fn overlapping_boxes_and_foreign_frames_are_counted() {
        let boxes = vec![
            rect(0.0, 0.0, 100.0, 40.0),
            rect(90.0, 10.0, 100.0, 40.0),
            rect(400.0, 0.0, 100.0, 40.0),
            rect(600.0, 0.0, 100.0, 40.0),
        ];
        let mut d = drawing(boxes, Vec::new());
        // Frame around box 2 only, reaching into box 3.
        d.frames.push((rect(390.0, -10.0, 230.0, 60.0), vec![2]));
        let q = measure(&d);
        assert_eq!(q.box_overlaps, 2);
    }

    #[test]
    fn labels_overlapping_boxes_labels_or_foreign_arrows_count_once_each() {
        let boxes = vec![rect(0.0, 0.0, 100.0, 40.0)];
        let arrows = vec![
            line(&[(300.0, 0.0), (300.0, 200.0)]),
            line(&[(500.0, 0.0), (500.0, 200.0)]),
        ];
        let mut d = drawing(boxes, arrows);
        d.labels = vec![
            // On a box.
            (rect(50.0, 20.0, 60.0, 12.0), None),
            // On its own arrow: fine.
            (rect(290.0, 100.0, 60.0, 12.0), Some(0)),
            // On another's arrow.
            (rect(490.0, 100.0, 60.0, 12.0), Some(0)),
            // Free.
            (rect(700.0, 100.0, 60.0, 12.0), None),
        ];
        let q = measure(&d);
        assert_eq!(q.label_overlaps, 2);
    }

    #[test]
    fn aspect_and_fit_zoom_follow_the_bounds() {
        let d = drawing(vec![rect(0.0, 0.0, 2552.0, 752.0)], Vec::new());
        let q = measure(&d);
        assert!((q.aspect - 2552.0 / 752.0).abs() < 1e-4);
        // With the 24-point margin: 1280 / 2600 = 0.4923.., 800 / 800 = 1.
        assert!(
            (q.fit_zoom - 1280.0 / 2600.0).abs() < 1e-4,
            "{}",
            q.fit_zoom
        );
        let small = drawing(vec![rect(0.0, 0.0, 100.0, 100.0)], Vec::new());
        assert_eq!(measure(&small).fit_zoom, 1.0);
    }

    #[test]
    fn an_arrow_through_a_foreign_frame_counts_but_not_out_of_its_own() {
        let boxes = vec![rect(0.0, 0.0, 100.0, 40.0), rect(0.0, 300.0, 100.0, 40.0)];
        let mut d = drawing(boxes, vec![line(&[(50.0, 300.0), (50.0, 40.0)])]);
        // A frame the arrow crosses, holding neither end.
        d.frames.push((rect(-20.0, 120.0, 200.0, 60.0), Vec::new()));
        // The frame around the start box: the arrow leaves it, fine.
        d.frames.push((rect(-8.0, 292.0, 116.0, 56.0), vec![1]));
        let q = measure(&d);
        assert_eq!(q.through_frames, 1);
    }
}
