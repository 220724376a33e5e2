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

use super::quality::segment_enters;

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

/// Side of the square cells obstacles are bucketed in.
const CELL: f32 = 256.0;
/// Most cells a grid has beyond four per item: a layout spread far apart
/// gets larger cells instead.
const MAX_CELLS: i64 = 1 << 22;

/// Boxes and frames an arrow must not enter, bucketed for quick lookups.
pub(super) struct Obstacles {
    rects: Vec<Rect>,
    grid: DenseGrid,
}

impl Obstacles {
    pub(super) fn new(rects: Vec<Rect>) -> Self {
        let grid = DenseGrid::new(&rects);
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

    /// Number of obstacles (other than `skip`) the path enters, counted
    /// up to `bound` at most (a path entering `bound` or more is no better
    /// than one already found).
    fn hits(&self, path: &[Point], skip: &[usize], bound: usize) -> usize {
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
                    if hit.len() >= bound {
                        return hit.len();
                    }
                }
            }
        }
        hit.len()
    }
}

/// Rectangles bucketed by the square cells they touch, stored flat: one
/// array of item indices, cell by cell, and where each cell's run starts.
/// Cells are counted from the cell holding the top-left of all items, so
/// the grid is as large as the area the items cover.
struct DenseGrid {
    /// Side of a cell.
    cell: f32,
    /// Column and row of the first cell.
    x0: i64,
    y0: i64,
    /// Columns and rows.
    nx: i64,
    ny: i64,
    /// Per cell (row by row), where its items start in `items`; one more
    /// entry at the end.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl DenseGrid {
    /// The cells `r` touches, or `None` for a rectangle that is not finite.
    fn span(r: &Rect, cell: f32) -> Option<(i64, i64, i64, i64)> {
        if !(r.min.x.is_finite()
            && r.min.y.is_finite()
            && r.max.x.is_finite()
            && r.max.y.is_finite())
        {
            return None;
        }
        let c = |v: f32| (v / cell).floor().clamp(-1.0e6, 1.0e6) as i64;
        Some((c(r.min.x), c(r.min.y), c(r.max.x), c(r.max.y)))
    }

    fn new(rects: &[Rect]) -> Self {
        let finite = |r: &&Rect| Self::span(r, CELL).is_some();
        let all = rects
            .iter()
            .filter(finite)
            .copied()
            .fold(Rect::NOTHING, Rect::union);
        let limit = MAX_CELLS + 4 * rects.len() as i64;
        let mut cell = CELL;
        while let Some((a, b, c, d)) = Self::span(&all, cell)
            && (c - a + 1).saturating_mul(d - b + 1) > limit
            && cell < 1.0e30
        {
            cell *= 2.0;
        }
        let spans: Vec<Option<(i64, i64, i64, i64)>> =
            rects.iter().map(|r| Self::span(r, cell)).collect();
        let (mut x0, mut y0, mut x1, mut y1) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for &(a, b, c, d) in spans.iter().flatten() {
            x0 = x0.min(a);
            y0 = y0.min(b);
            x1 = x1.max(c);
            y1 = y1.max(d);
        }
        if x0 > x1 || y0 > y1 {
            return Self {
                cell,
                x0: 0,
                y0: 0,
                nx: 0,
                ny: 0,
                start: vec![0],
                items: Vec::new(),
            };
        }
        let (nx, ny) = (x1 - x0 + 1, y1 - y0 + 1);
        let cells = usize::try_from(nx * ny).unwrap_or(0);
        let mut count = vec![0u32; cells + 1];
        let at = |x: i64, y: i64| ((y - y0) * nx + (x - x0)) as usize;
        for &(a, b, c, d) in spans.iter().flatten() {
            for y in b..=d {
                for x in a..=c {
                    count[at(x, y) + 1] += 1;
                }
            }
        }
        for k in 1..count.len() {
            count[k] += count[k - 1];
        }
        let mut fill = count.clone();
        let mut items = vec![0u32; count[cells] as usize];
        for (i, span) in spans.iter().enumerate() {
            let Some((a, b, c, d)) = *span else { continue };
            for y in b..=d {
                for x in a..=c {
                    let slot = &mut fill[at(x, y)];
                    items[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        Self {
            cell,
            x0,
            y0,
            nx,
            ny,
            start: count,
            items,
        }
    }

    /// Items in the cells `r` touches (an item may come more than once).
    fn near<'a>(&'a self, r: &Rect) -> impl Iterator<Item = usize> + 'a {
        let (a, b, c, d) = Self::span(r, self.cell).unwrap_or((1, 1, 0, 0));
        let (a, c) = ((a - self.x0).max(0), (c - self.x0).min(self.nx - 1));
        let (b, d) = ((b - self.y0).max(0), (d - self.y0).min(self.ny - 1));
        (b..=d).flat_map(move |y| {
            let row = y * self.nx;
            let (s, e) = if a <= c {
                (
                    self.start[(row + a) as usize] as usize,
                    self.start[(row + c + 1) as usize] as usize,
                )
            } else {
                (0, 0)
            };
            self.items[s..e].iter().map(|&i| i as usize)
        })
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
        let bound = best.as_ref().map_or(usize::MAX, |b| b.0);
        let h = obstacles.hits(&p, &skip, bound);
        if h == 0 {
            return p;
        }
        if best.as_ref().is_none_or(|b| h < b.0) {
            best = Some((h, p));
        }
    }
    best.map_or_else(|| path(from.x), |b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_finds_every_box_a_segment_enters() {
        // Boxes spread over a large area, some far from the origin and
        // some wider than a cell; segments of every length.
        let mut seed = 7u32;
        let mut next = move |range: f32| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * range
        };
        let rects: Vec<Rect> = (0..400)
            .map(|_| {
                let (x, y) = (next(20_000.0) - 5_000.0, next(12_000.0) - 2_000.0);
                Rect::from_min_size(Point::new(x, y), 40.0 + next(700.0), 30.0 + next(120.0))
            })
            .collect();
        let obstacles = Obstacles::new(rects.clone());
        let mut entered = 0;
        for k in 0..300 {
            let a = Point::new(next(24_000.0) - 7_000.0, next(16_000.0) - 4_000.0);
            let b = if k % 2 == 0 {
                Point::new(next(24_000.0) - 7_000.0, a.y)
            } else {
                Point::new(a.x, next(16_000.0) - 4_000.0)
            };
            let want = rects
                .iter()
                .filter(|r| segment_enters(a, b, &r.expand(-1.0)))
                .count();
            assert_eq!(
                obstacles.hits(&[a, b], &[], usize::MAX),
                want,
                "{a:?} {b:?}"
            );
            if want > 0 {
                assert_eq!(obstacles.hits(&[a, b], &[], 1), 1);
            }
            entered += want;
        }
        assert!(entered > 100, "the segments entered only {entered} boxes");
    }
}
