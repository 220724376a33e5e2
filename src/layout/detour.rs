//! Arrows that do not run inside one claim's rows: from a premise drawn
//! elsewhere (a shared premise) to its other target, and undercuts of an
//! argument drawn elsewhere. Each gets an orthogonal path around the boxes
//! and frames in its way.
//!
//! The path leaves its box upwards into the channel just above it, runs
//! sideways to a vertical corridor, along the corridor to the channel next
//! to its end, and sideways again into its end. Corridors are tried
//! nearest first: straight above the start or below the end, then just
//! beside each box or frame in the way; the first path that enters no box
//! or frame wins, or else the one entering fewest.

use crate::geom::{Point, Rect};

use super::quality::{Grid, segment_enters};

/// How far below a claim (or above a frame it joins) the last sideways
/// run goes.
const CLEAR: f32 = 7.0;
/// How far above its box the first sideways run goes: above the scheme
/// labels, below the turns of the channel's own arrows.
const CLEAR_START: f32 = 21.0;
/// Most corridors tried per arrow.
const MAX_TRIES: usize = 32;
/// How far sideways corridors are looked for, beyond the two ends.
const REACH: f32 = 900.0;

/// Boxes and frames an arrow must not enter, bucketed for quick lookups.
pub(super) struct Obstacles {
    rects: Vec<Rect>,
    grid: Grid,
}

impl Obstacles {
    pub(super) fn new(rects: Vec<Rect>) -> Self {
        let mut grid = Grid::default();
        for (i, r) in rects.iter().enumerate() {
            grid.insert(r, i);
        }
        Self { rects, grid }
    }

    /// The obstacles holding `p` (the boxes and frames an arrow starting or
    /// ending there belongs to).
    fn holding(&self, p: Point) -> Vec<usize> {
        let probe = Rect { min: p, max: p }.expand(2.0);
        let mut v: Vec<usize> = self
            .grid
            .near(&probe)
            .filter(|&i| self.rects[i].expand(1.5).contains(p))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Number of obstacles (other than `skip`) the path enters.
    fn hits(&self, path: &[Point], skip: &[usize]) -> usize {
        let mut hit: Vec<usize> = Vec::new();
        for w in path.windows(2) {
            let (a, b) = (w[0], w[1]);
            let bounds = Rect {
                min: Point::new(a.x.min(b.x), a.y.min(b.y)),
                max: Point::new(a.x.max(b.x), a.y.max(b.y)),
            };
            for i in self.grid.near(&bounds) {
                if skip.contains(&i) || hit.contains(&i) {
                    continue;
                }
                if segment_enters(a, b, &self.rects[i].expand(-1.0)) {
                    hit.push(i);
                }
            }
        }
        hit.len()
    }
}

/// How an arrow arrives at its end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Arrival {
    /// Rising into the bottom of a box.
    FromBelow,
    /// Coming down onto the top of a box or frame.
    FromAbove,
    /// Sideways onto another arrow.
    Sideways,
}

/// An orthogonal path from `from` (the top of a box or frame) to `to`.
pub(super) fn detour(
    from: Point,
    to: Point,
    arrival: Arrival,
    obstacles: &Obstacles,
) -> Vec<Point> {
    let own_start = obstacles.holding(from);
    let own_end = obstacles.holding(to);
    let skip: Vec<usize> = own_start.iter().chain(&own_end).copied().collect();
    // Above everything the start belongs to; beside everything the end
    // belongs to.
    let y1 = own_start
        .iter()
        .map(|&i| obstacles.rects[i].min.y)
        .fold(from.y, f32::min)
        - CLEAR_START;
    let y2 = match arrival {
        Arrival::FromBelow => {
            own_end
                .iter()
                .map(|&i| obstacles.rects[i].max.y)
                .fold(to.y, f32::max)
                + CLEAR
        }
        Arrival::FromAbove => {
            own_end
                .iter()
                .map(|&i| obstacles.rects[i].min.y)
                .fold(to.y, f32::min)
                - CLEAR
        }
        Arrival::Sideways => to.y,
    };
    let path = |x: f32| -> Vec<Point> {
        let mut p = vec![
            from,
            Point::new(from.x, y1),
            Point::new(x, y1),
            Point::new(x, y2),
        ];
        if arrival != Arrival::Sideways {
            p.push(Point::new(to.x, y2));
        }
        p.push(to);
        p.dedup_by(|a, b| (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01);
        p
    };
    // Corridors: over the start, under the end, and beside whatever lies
    // in the band between the two runs.
    let (lo_y, hi_y) = (y1.min(y2), y1.max(y2));
    let (lo_x, hi_x) = (from.x.min(to.x) - REACH, from.x.max(to.x) + REACH);
    let band = Rect {
        min: Point::new(lo_x, lo_y),
        max: Point::new(hi_x, hi_y),
    };
    let mut xs = vec![from.x, to.x];
    let mut seen: Vec<usize> = obstacles.grid.near(&band).collect();
    seen.sort_unstable();
    seen.dedup();
    for i in seen {
        let r = obstacles.rects[i];
        if r.max.y < lo_y || r.min.y > hi_y {
            continue;
        }
        xs.push(r.min.x - CLEAR);
        xs.push(r.max.x + CLEAR);
    }
    let cost = |x: f32| (x - from.x).abs() + (x - to.x).abs();
    xs.sort_by(|a, b| cost(*a).total_cmp(&cost(*b)).then(a.total_cmp(b)));
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let mut best: Option<(usize, Vec<Point>)> = None;
    for &x in xs.iter().take(MAX_TRIES) {
        let p = path(x);
        let h = obstacles.hits(&p, &skip);
        if h == 0 {
            return p;
        }
        if best.as_ref().is_none_or(|b| h < b.0) {
            best = Some((h, p));
        }
    }
    best.map_or_else(|| path(from.x), |b| b.1)
}
