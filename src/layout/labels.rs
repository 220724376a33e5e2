//! Scheme labels: each on its own arrow, clear of boxes, frames, other
//! arrows and other labels.
//!
//! A label's first choice is beside the start of its arrow, just above its
//! box or frame. When something is in the way there, places along the
//! arrow's straight runs are tried in path order: beside a rising run on
//! its right or left, above or below a sideways run; for a curved arrow,
//! beside points along the curve. The first free place wins; when none is
//! free, the label keeps its first choice. Everything is looked up in grid
//! buckets, so the cost grows with the number of labels, not with the map
//! times the labels.

use crate::geom::{Point, Rect};
use crate::model::Map;
use crate::text::{TextMeasure, Weight};

use super::quality::{Grid, flatten, is_straight, segment_enters};
use super::{Edge, SCHEME_SIZE};

/// Gap between a label and its arrow, or the box it sits above.
const GAP: f32 = 3.0;
/// Most places tried per label.
const MAX_TRIES: usize = 48;

/// Gives every argument that names a scheme a place for its label on its
/// main arrow (or, without one, on its first arrow from a premise drawn
/// elsewhere). `rects` are the claim boxes, `frames` the co-premise frames.
pub(super) fn place(
    map: &Map,
    measure: &dyn TextMeasure,
    edges: &mut [Edge],
    rects: &[Rect],
    frames: &[Option<Rect>],
) {
    let height = measure.line_height(SCHEME_SIZE);
    // Per argument naming a scheme: the arrow its label goes on, its main
    // arrow, or else its first extra one (an argument whose premises are
    // all drawn elsewhere has no main arrow).
    let mut carrier: Vec<Option<usize>> = vec![None; map.arguments.len()];
    for (i, e) in edges.iter().enumerate() {
        let Some(slot) = carrier.get_mut(e.argument) else {
            continue;
        };
        let named = map
            .arguments
            .get(e.argument)
            .is_some_and(|a| a.scheme.is_some());
        if named && (slot.is_none() || e.premise.is_none()) {
            let keep = slot.is_some_and(|j| edges[j].premise.is_none());
            if !keep {
                *slot = Some(i);
            }
        }
    }
    if !height.is_finite() || carrier.iter().all(Option::is_none) {
        return;
    }
    // Boxes and frames in one grid.
    let mut solids: Vec<Rect> = rects.to_vec();
    solids.extend(frames.iter().flatten().copied());
    let mut solid_grid = Grid::default();
    for (i, r) in solids.iter().enumerate() {
        solid_grid.insert(r, i);
    }
    // Every arrow as straight segments, as the quality measure flattens
    // it (a straight run as itself).
    let mut segments: Vec<(usize, Point, Point)> = Vec::new();
    let mut points = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        for c in e.pieces() {
            points.clear();
            flatten(*c, &mut points);
            segments.extend(
                points
                    .windows(2)
                    .filter(|w| w[0] != w[1])
                    .map(|w| (i, w[0], w[1])),
            );
        }
    }
    let mut seg_grid = Grid::default();
    for (k, &(_, a, b)) in segments.iter().enumerate() {
        seg_grid.insert(&bounds(a, b), k);
    }
    let mut placed: Vec<Rect> = Vec::new();
    let mut label_grid = Grid::default();
    for i in carrier.into_iter().flatten() {
        let e = &edges[i];
        let Some(scheme) = map
            .arguments
            .get(e.argument)
            .and_then(|a| a.scheme.as_ref())
        else {
            continue;
        };
        let width = measure.width(scheme, Weight::Regular, SCHEME_SIZE);
        if !width.is_finite() {
            continue;
        }
        let size = (width, height);
        let free = |r: &Rect| {
            let inner = r.expand(-0.5);
            !solid_grid.near(r).any(|s| solids[s].intersects(r))
                && !label_grid.near(r).any(|l| placed[l].intersects(r))
                && !seg_grid.near(r).any(|k| {
                    let (arrow, p, q) = segments[k];
                    arrow != i && segment_enters(p, q, &inner)
                })
        };
        let mut candidates = places(e, size);
        let first = candidates[0];
        candidates.truncate(MAX_TRIES);
        let rect = candidates.into_iter().find(|r| free(r)).unwrap_or(first);
        label_grid.insert(&rect, placed.len());
        placed.push(rect);
        edges[i].label = Some(rect);
    }
}

/// Places for a label of `size` on the arrow `e`, first choice first: the
/// first is beside the arrow's start, just above its box or frame.
fn places(e: &Edge, (w, h): (f32, f32)) -> Vec<Rect> {
    let start = e.start();
    let mut out = vec![Rect::from_min_size(
        Point::new(start.x + 4.0, start.y - h - GAP),
        w,
        h,
    )];
    for c in e.pieces() {
        let (a, b) = (c.from, c.to);
        let straight = is_straight(c);
        if straight && (a.x - b.x).abs() < 0.5 {
            // A vertical run: beside it, right then left, along it.
            let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
            let steps = ((hi - lo - h) / (h * 0.75)).floor().max(0.0) as usize;
            for k in 0..=steps.min(8) {
                // From the run's start (arrows mostly rise: its bottom).
                let y = if a.y >= b.y {
                    hi - h - GAP - k as f32 * h * 0.75
                } else {
                    lo + k as f32 * h * 0.75
                };
                if y < lo - 0.5 || y + h > hi + 0.5 {
                    continue;
                }
                out.push(Rect::from_min_size(Point::new(a.x + GAP, y), w, h));
                out.push(Rect::from_min_size(Point::new(a.x - GAP - w, y), w, h));
            }
        } else if straight && (a.y - b.y).abs() < 0.5 {
            // A sideways run: above it, then below, along it.
            let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
            let steps = ((hi - lo - w) / (w * 0.5)).floor().max(0.0) as usize;
            for k in 0..=steps.min(8) {
                let x = if a.x <= b.x {
                    lo + k as f32 * w * 0.5
                } else {
                    hi - w - k as f32 * w * 0.5
                };
                if x < lo - 0.5 || x + w > hi + 0.5 {
                    continue;
                }
                out.push(Rect::from_min_size(Point::new(x, a.y - GAP - h), w, h));
                out.push(Rect::from_min_size(Point::new(x, a.y + GAP), w, h));
            }
        } else if !straight {
            // A curve (an arrow drawn as one piece): beside points on it.
            for t in [0.25, 0.5, 0.75] {
                let p = c.at(t);
                out.push(Rect::from_min_size(
                    Point::new(p.x + GAP, p.y - h / 2.0),
                    w,
                    h,
                ));
                out.push(Rect::from_min_size(
                    Point::new(p.x - GAP - w, p.y - h / 2.0),
                    w,
                    h,
                ));
            }
        }
    }
    out
}

fn bounds(a: Point, b: Point) -> Rect {
    Rect {
        min: Point::new(a.x.min(b.x), a.y.min(b.y)),
        max: Point::new(a.x.max(b.x), a.y.max(b.y)),
    }
}
