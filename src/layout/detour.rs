//! Arrows that do not run inside one claim's rows: from a premise drawn
//! elsewhere (a shared premise) to its other target, and undercuts of an
//! argument drawn elsewhere. Each gets an orthogonal path around the boxes
//! and frames in its way.
//!
//! The path leaves its box upwards into the channel just above it, runs
//! sideways to a vertical corridor, along the corridor to the channel next
//! to its end, and sideways again into its end. Corridors are tried
//! nearest first: straight above the start or below the end, then just
//! beside each box or frame in the way; the first path that keeps clear of
//! every box and frame wins.
//!
//! In a crowded stretch no single corridor is clear. Then the corridor
//! path entering fewest boxes is mended (`mend`) where it meets boxes:
//! around each stretch of it near a box or frame, a path search (`search`)
//! runs A* on an orthogonal grid whose lines pass beside every box and
//! frame and through the channels, in a window around that stretch that
//! grows until a path is found; each bend costs extra, so the path keeps
//! few corners. The clear runs between stay as they are. If a stretch
//! finds no path, the search runs in a window along the whole corridor
//! path; only if that finds none either is the corridor path kept.

use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap};

use crate::geom::{Point, Rect};

use super::grid::DenseGrid;
use super::quality::segment_enters;

/// How far below a claim (or above a frame it joins) the last sideways
/// run goes.
const CLEAR: f32 = 7.0;
/// How far above its box the first sideways run goes: above the scheme
/// labels, below the turns of the channel's own arrows.
const CLEAR_START: f32 = 21.0;
/// How far a clear corridor keeps off boxes and frames.
const CORNER_ROOM: f32 = 2.0;
/// Most corridors tried per arrow.
const MAX_TRIES: usize = 32;
/// How many times [`MAX_TRIES`] of the cheapest corridors are sorted
/// before the rest are looked at.
const CORRIDOR_HEAD: usize = 4;
/// How far sideways corridors are looked for, beyond the two ends.
const REACH: f32 = 900.0;

/// Boxes and frames an arrow must not enter, bucketed for quick lookups.
pub(super) struct Obstacles {
    rects: Vec<Rect>,
    grid: DenseGrid,
}

/// Buffers a search works in, kept between searches so that each costs
/// what it touches, not a fresh allocation of its whole grid. Each thread
/// finding detours has its own.
#[derive(Default)]
pub(super) struct Scratch {
    /// The states one A* search has reached (a node of the lattice and
    /// the direction it is reached in), by state number. A map, not an
    /// array over the lattice: a search reaches few of its lattice's
    /// states, and an array that large costs more memory (tens of
    /// megabytes per thread for a long arrow's lattice) and more to touch
    /// than the search itself.
    states: States,
    /// The A* search's open list.
    open: BinaryHeap<Open>,
    rows: Vec<u32>,
    runs: Vec<Run>,
    h_blocked: Vec<i32>,
    v_blocked: Vec<i32>,
    /// The buffer of the obstacles a corridor enters, as it is checked.
    hit: Vec<usize>,
    /// The obstacles a lookup of corridors or a search grid has seen.
    seen: Marks,
    /// The obstacles near a search grid.
    near: Vec<usize>,
}

/// Marks on the obstacles, cleared for each lookup by starting a new
/// round rather than by writing every mark.
#[derive(Default)]
struct Marks {
    /// Per obstacle: the last round it was marked in.
    round_of: Vec<u32>,
    round: u32,
}

impl Marks {
    /// Starts a round with no obstacle marked, among `n` obstacles.
    fn next(&mut self, n: usize) -> &mut Self {
        if self.round == u32::MAX || self.round_of.len() != n {
            self.round_of.clear();
            self.round_of.resize(n, 0);
            self.round = 0;
        }
        self.round += 1;
        self
    }

    /// Marks obstacle `i`; whether it was not marked yet in this round.
    fn first_time(&mut self, i: usize) -> bool {
        let fresh = self.round_of[i] != self.round;
        self.round_of[i] = self.round;
        fresh
    }
}

/// The states one A* search has reached, by state number (hashed with a
/// fixed seed, so runs are alike).
type States = HashMap<u32, State, foldhash::fast::FixedState>;

/// What the A* search knows of one state it has reached.
#[derive(Debug, Clone, Copy)]
struct State {
    /// Cost of the cheapest way found to it.
    cost: f32,
    /// The state it is reached from that way (`u32::MAX` for the start).
    parent: u32,
    /// Expanded already.
    closed: bool,
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
    #[cfg(test)]
    fn hits(&self, path: &[Point], skip: &[usize], bound: usize) -> usize {
        self.hits_within(path, skip, bound, -1.0)
    }

    /// Like [`Obstacles::hits`], with each obstacle grown by `margin`
    /// (shrunk when negative).
    fn hits_within(&self, path: &[Point], skip: &[usize], bound: usize, margin: f32) -> usize {
        self.hits_into(path, skip, bound, margin, &mut Vec::new())
    }

    /// [`Obstacles::hits_within`], keeping the obstacles entered so far in
    /// `hit`: a buffer to reuse (a layout checks thousands of corridors),
    /// not a list for the caller, as the one reaching `bound` is not
    /// added.
    fn hits_into(
        &self,
        path: &[Point],
        skip: &[usize],
        bound: usize,
        margin: f32,
        hit: &mut Vec<usize>,
    ) -> usize {
        // Sorted, so that a path entering hundreds of boxes (a long arrow
        // across a crowded map) does not compare each with every other.
        hit.clear();
        for w in path.windows(2) {
            let (a, b) = (w[0], w[1]);
            let seg = span(a, b);
            for i in self.grid.near(&seg) {
                // Most boxes in the cells along a segment lie clear of it:
                // a box wholly to one side cannot be entered, and telling
                // so is cheaper than what follows.
                let r = self.rects[i].expand(margin);
                if r.max.x < seg.min.x
                    || r.min.x > seg.max.x
                    || r.max.y < seg.min.y
                    || r.min.y > seg.max.y
                    || skip.contains(&i)
                {
                    continue;
                }
                let Err(at) = hit.binary_search(&i) else {
                    continue;
                };
                if segment_enters(a, b, &r) {
                    if hit.len() + 1 >= bound {
                        return hit.len() + 1;
                    }
                    hit.insert(at, i);
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

/// An orthogonal path from `from` (the top of a box or frame) to `to`,
/// searched for in `scratch`'s buffers. It depends only on its ends and
/// the obstacles, so detours may be found in any order, on any thread.
pub(super) fn detour(
    from: Point,
    to: Point,
    arrival: Arrival,
    obstacles: &Obstacles,
    scratch: &mut Scratch,
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
    // The corridor at `x`, in `p`.
    let fill = |x: f32, p: &mut Vec<Point>| {
        p.clear();
        p.extend([
            from,
            Point::new(from.x, y1),
            Point::new(x, y1),
            Point::new(x, y2),
        ]);
        if arrival != Arrival::Sideways {
            p.push(Point::new(to.x, y2));
        }
        p.push(to);
        p.dedup_by(|a, b| (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01);
    };
    // Corridors: over the start, under the end, and beside whatever lies
    // in the band between the two runs, shortest first. Every corridor
    // between the two ends makes as short a path as any other. A short
    // arrow's corridors all lie near its ends; they go by length, then left
    // to right. A long arrow (more than two reaches across) tries those
    // nearest one of its ends first, then the others by how far beyond its
    // ends they lie: its long sideways run then stays in the channel by the
    // other end. Near ends, a corridor enters fewer boxes (and its path
    // crosses fewer arrows) than one picked left to right across a packed
    // map.
    let (lo_y, hi_y) = (y1.min(y2), y1.max(y2));
    let (left, right) = (from.x.min(to.x), from.x.max(to.x));
    let reach = REACH + CLEAR;
    let long = right - left > 2.0 * reach;
    let length = |x: f32| (x - from.x).abs() + (x - to.x).abs();
    // How far beyond the ends, then how far from the nearer end.
    let off = |x: f32| {
        let beyond = (left - x).max(0.0) + (x - right).max(0.0);
        (beyond, (x - from.x).abs().min((x - to.x).abs()))
    };
    // The order, as a key worked out once per corridor: a sort compares
    // each corridor many times, and comparing keys costs less than
    // working out two corridors' lengths at every comparison. Floats are
    // compared as `f32::total_cmp` compares them.
    let key = |x: f32| -> (i32, i32, i32) {
        if long {
            let (beyond, near) = off(x);
            (total_key(beyond), total_key(near), total_key(x))
        } else {
            (total_key(length(x)), 0, total_key(x))
        }
    };
    // The corridors beside the boxes in `strips` of the band.
    // Each box once, though it lies in several cells (or both strips):
    // marked as seen in this lookup rather than listed and sorted. The
    // corridors are sorted afterwards, so the order boxes come in does
    // not matter.
    let mut sides = |strips: &[(f32, f32)]| -> Vec<f32> {
        let seen = scratch.seen.next(obstacles.rects.len());
        let mut xs = vec![from.x, to.x];
        for &(x0, x1) in strips {
            let strip = Rect {
                min: Point::new(x0, lo_y),
                max: Point::new(x1, hi_y),
            };
            for i in obstacles.grid.near(&strip) {
                if !seen.first_time(i) {
                    continue;
                }
                let r = obstacles.rects[i];
                if r.max.y < lo_y || r.min.y > hi_y {
                    continue;
                }
                xs.push(r.min.x - CLEAR);
                xs.push(r.max.x + CLEAR);
            }
        }
        xs
    };
    // A long arrow's band holds thousands of boxes, and only the corridors
    // nearest its ends are tried: look in strips around the ends first (a
    // corridor beside a box outside them lies further than `REACH` from
    // both ends), and across the whole band only when those hold too few
    // corridors between the ends.
    let mut xs = Vec::new();
    if long {
        xs = sides(&[(left - reach, left + reach), (right - reach, right + reach)]);
        let mut near: Vec<f32> = xs
            .iter()
            .copied()
            .filter(|&x| left <= x && x <= right && off(x).1 <= REACH)
            .collect();
        near.sort_unstable_by(f32::total_cmp);
        near.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        if near.len() < MAX_TRIES {
            xs.clear();
        }
    }
    if xs.is_empty() {
        xs = sides(&[(left - REACH, right + REACH)]);
    }
    // Corridors this close count as one.
    let close = |a: f32, b: f32| (a - b).abs() < 0.5;
    // Each corridor with its key. Corridors at the same place have the
    // same key, so an unstable sort gives the order a stable one would.
    let mut xs: Vec<((i32, i32, i32), f32)> = xs.into_iter().map(|x| (key(x), x)).collect();
    // Only the cheapest corridors are tried, and a crowded band offers
    // thousands: sort just the cheapest few times as many. Near
    // duplicates are dropped left to right, so when that sorted head
    // still holds enough corridors after dropping them, they are the
    // ones a full sort would give.
    let head = CORRIDOR_HEAD * MAX_TRIES;
    let mut sorted = false;
    if xs.len() > head {
        xs.select_nth_unstable_by_key(head, |c| c.0);
        xs[..head].sort_unstable_by_key(|c| c.0);
        let (mut distinct, mut last) = (0, f32::NAN);
        for &(_, x) in &xs[..head] {
            if close(x, last) {
                continue;
            }
            distinct += 1;
            last = x;
        }
        if distinct >= MAX_TRIES {
            xs.truncate(head);
            sorted = true;
        }
    }
    if !sorted {
        xs.sort_unstable_by_key(|c| c.0);
    }
    xs.dedup_by(|a, b| close(a.1, b.1));
    let mut best: Option<(usize, Vec<Point>)> = None;
    let mut p = Vec::with_capacity(6);
    for &(_, x) in xs.iter().take(MAX_TRIES) {
        fill(x, &mut p);
        let bound = best.as_ref().map_or(usize::MAX, |b| b.0);
        // A corridor counts as clear only with room for its rounded
        // corners: it must keep a little off every box and frame.
        let h = obstacles.hits_into(&p, &skip, bound, CORNER_ROOM, &mut scratch.hit);
        if h == 0 {
            return p;
        }
        if best.as_ref().is_none_or(|b| h < b.0) {
            best = Some((h, p.clone()));
        }
    }
    // No corridor is clear: search the grid of channels around the boxes.
    let s = Point::new(from.x, y1);
    let goal = match arrival {
        Arrival::FromBelow => Goal::new(Point::new(to.x, y2), &[UP], &[LEFT, RIGHT]),
        Arrival::FromAbove => Goal::new(Point::new(to.x, y2), &[DOWN], &[LEFT, RIGHT]),
        Arrival::Sideways => Goal::new(to, &[LEFT, RIGHT], &[]),
    };
    let guide = best.as_ref().map_or(&[][..], |b| &b.1[..]);
    // The whole arrow around the part a search found, from `s` to the goal.
    let whole = |found: Vec<Point>| {
        let mut p = vec![from];
        p.extend(found);
        p.push(to);
        straighten(corners(p), obstacles)
    };
    // Most of a long corridor is clear: mend it only where it meets boxes.
    // The part mended runs from `s` to the goal: without the run up out of
    // the start, and (unless it ends sideways on an arrow) the run into the
    // end.
    let last = if arrival == Arrival::Sideways {
        guide.len()
    } else {
        guide.len().saturating_sub(1)
    };
    if let Some(mended) = guide
        .get(1..last)
        .filter(|g| g.first() == Some(&s) && g.last() == Some(&goal.at))
        .and_then(|g| mend(g, goal, obstacles, scratch))
    {
        let p = whole(mended);
        if obstacles.hits_within(&p, &skip, 1, CORNER_ROOM) == 0 {
            return p;
        }
    }
    if let Some(found) = search(s, UP, goal, guide, obstacles, scratch) {
        return whole(found);
    }
    best.map_or_else(
        || {
            fill(from.x, &mut p);
            p
        },
        |b| b.1,
    )
}

/// `f`'s place in the order `f32::total_cmp` gives, as an integer: the
/// sign bit set flips the other bits, so negative floats count down.
fn total_key(f: f32) -> i32 {
    let bits = f.to_bits() as i32;
    bits ^ ((((bits >> 31) as u32) >> 1) as i32)
}

/// How far before and after a stretch of the corridor that meets boxes
/// its mending starts and ends, in points along the corridor.
const LEAD: f32 = 24.0;

/// The stretches of the orthogonal path `guide` that come within
/// [`KEEP_OFF`] of a box or frame, as intervals of length along it,
/// sorted, with those less than [`WINDOW`] apart joined. The arrow's own
/// boxes and frames count too: the search keeps off them as well (a
/// corridor may cut through the frame the arrow starts from; the search
/// goes round it).
fn trouble(guide: &[Point], obstacles: &Obstacles) -> Vec<(f32, f32)> {
    let mut spots: Vec<(f32, f32)> = Vec::new();
    let mut at = 0.0;
    for w in guide.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = run_length(a, b);
        for i in obstacles.grid.near(&span(a, b).expand(KEEP_OFF)) {
            let r = obstacles.rects[i].expand(KEEP_OFF);
            // The part of the run strictly inside `r`, as distances from
            // `a`: the run's line must pass through `r`'s inside, and the
            // part is where `r` spans along it.
            let (across, (lo_across, hi_across), from, (lo, hi), sign) = if a.y == b.y {
                let sign = (b.x - a.x).signum();
                (a.y, (r.min.y, r.max.y), a.x, (r.min.x, r.max.x), sign)
            } else {
                let sign = (b.y - a.y).signum();
                (a.x, (r.min.x, r.max.x), a.y, (r.min.y, r.max.y), sign)
            };
            if across <= lo_across || across >= hi_across {
                continue;
            }
            let (d1, d2) = ((lo - from) * sign, (hi - from) * sign);
            let (d1, d2) = (d1.min(d2).max(0.0), d1.max(d2).min(len));
            if d1 < d2 {
                spots.push((at + d1, at + d2));
            }
        }
        at += len;
    }
    spots.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut joined: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spots {
        match joined.last_mut() {
            Some(last) if a - last.1 < WINDOW => last.1 = last.1.max(b),
            _ => joined.push((a, b)),
        }
    }
    joined
}

/// The point `d` along the orthogonal path `guide`, the index of the
/// corner after it, and the direction of the run it lies on. At a corner
/// that is the run leaving it when `ahead`, else the run ending there.
fn along(guide: &[Point], d: f32, ahead: bool) -> (Point, usize, u8) {
    let mut at = 0.0;
    for (k, w) in guide.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let len = run_length(a, b);
        let on = if ahead { d < at + len } else { d <= at + len };
        if on || k + 2 == guide.len() {
            let f = if len > 0.0 {
                ((d - at) / len).clamp(0.0, 1.0)
            } else {
                1.0
            };
            let p = Point::new(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
            return (p, k + 1, heading(a, b));
        }
        at += len;
    }
    (guide[0], 1, UP)
}

/// The search grid's direction from `a` to `b` on one orthogonal run.
fn heading(a: Point, b: Point) -> u8 {
    match direction(a, b) {
        (1, _) => RIGHT,
        (-1, _) => LEFT,
        (_, 1) => DOWN,
        _ => UP,
    }
}

/// The length of the orthogonal run from `a` to `b`.
fn run_length(a: Point, b: Point) -> f32 {
    (b.x - a.x).abs() + (b.y - a.y).abs()
}

/// `guide` (an orthogonal corridor path from the search's start, reached
/// going up, to `goal`) mended where it meets boxes: each stretch
/// that comes near a box or frame is replaced by a path searched for in
/// a window around that stretch alone, and the clear runs between stay
/// as they are. A long arrow across a packed map crosses only a few
/// crowded spots; searching each of them costs far less than a search
/// along the whole arrow. `None` when a stretch finds no path.
fn mend(
    guide: &[Point],
    goal: Goal<'_>,
    obstacles: &Obstacles,
    scratch: &mut Scratch,
) -> Option<Vec<Point>> {
    let spots = trouble(guide, obstacles);
    let total: f32 = guide.windows(2).map(|w| run_length(w[0], w[1])).sum();
    // The corners kept so far, and the next corner of `guide` to keep.
    let mut out: Vec<Point> = Vec::new();
    let mut next = 0;
    for (a, b) in spots {
        let (p, p_after, p_dir) = if a - LEAD <= 0.0 {
            (guide[0], 0, UP)
        } else {
            along(guide, a - LEAD, false)
        };
        let end = b + LEAD >= total;
        let (q, q_after, q_dir) = if end {
            (guide[guide.len() - 1], guide.len(), UP)
        } else {
            along(guide, b + LEAD, true)
        };
        // The corners before `p`; the path found starts at `p` and ends at
        // `q`.
        out.extend_from_slice(&guide[next..p_after]);
        let mut window = vec![p];
        window.extend_from_slice(&guide[p_after..q_after]);
        window.push(q);
        let found = if end {
            search(p, p_dir, goal, &window, obstacles, scratch)?
        } else {
            // Leaving `q` along the corridor: arriving any other way but
            // back costs a bend there.
            let side: &[u8] = if q_dir < LEFT {
                &[LEFT, RIGHT]
            } else {
                &[UP, DOWN]
            };
            search(
                p,
                p_dir,
                Goal::new(q, &[q_dir], side),
                &window,
                obstacles,
                scratch,
            )?
        };
        out.extend(found);
        next = q_after;
    }
    out.extend_from_slice(&guide[next..]);
    Some(out)
}

/// Clearance of the search grid's vertical lines from the sides of boxes
/// and frames.
const SIDE_CLEAR: f32 = 10.0;
/// How far the search keeps from any box or frame: a run closer than this
/// to one counts as blocked.
const KEEP_OFF: f32 = 3.0;
/// Cost of one bend, in points of length: a path with fewer bends is
/// preferred over a slightly shorter one with more.
const BEND: f32 = 48.0;
/// How far the first search looks to either side of the best corridor
/// path; it grows while no path is found.
const WINDOW: f32 = 320.0;
/// How much the window grows each time.
const GROWTH: f32 = 4.0;
/// Most times the window grows.
const MAX_GROWTH: usize = 4;
/// Most grid nodes inside its window a search works on.
const MAX_NODES: usize = 1 << 20;
/// Weight of the estimate of what is left in the search: above 1, the
/// search heads for the goal sooner, at the price of paths that may be a
/// little longer than the shortest.
const GREED: f32 = 3.0;

/// Index of the first of the sorted `v` at or after `a`.
fn first_from(v: &[f32], a: f32) -> usize {
    v.partition_point(|&b| b < a)
}

/// Index of the first of the sorted `v` after `a`.
fn first_above(v: &[f32], a: f32) -> usize {
    v.partition_point(|&b| b <= a)
}

/// Directions of travel in the search grid.
const UP: u8 = 0;
const DOWN: u8 = 1;
const LEFT: u8 = 2;
const RIGHT: u8 = 3;

/// Where a path search ends, and how it may arrive there.
#[derive(Debug, Clone, Copy)]
struct Goal<'a> {
    /// The end point.
    at: Point,
    /// The directions the path may arrive in.
    arrive: &'a [u8],
    /// The directions it may arrive in at the cost of one more bend.
    bent: &'a [u8],
}

impl<'a> Goal<'a> {
    fn new(at: Point, arrive: &'a [u8], bent: &'a [u8]) -> Self {
        Self { at, arrive, bent }
    }
}

/// A shortest orthogonal path (length plus a penalty per bend) from `s`
/// to `goal` that keeps off every box and frame, travelling in direction
/// `leave` at `s` (turning there costs a bend).
///
/// The search stays within a window along `guide` (the best corridor
/// path, which runs from near `s` to near the goal), so its work grows
/// with the boxes near the arrow, not with the map; the window widens
/// while no path is found. `None` when none is found.
fn search(
    s: Point,
    leave: u8,
    goal: Goal<'_>,
    guide: &[Point],
    obstacles: &Obstacles,
    scratch: &mut Scratch,
) -> Option<Vec<Point>> {
    let t = goal.at;
    let mut pad = WINDOW;
    for _ in 0..=MAX_GROWTH {
        let window: Vec<Rect> = guide
            .windows(2)
            .map(|w| span(w[0], w[1]).expand(pad))
            .chain([span(s, s).expand(pad), span(t, t).expand(pad)])
            .collect();
        let all = window.iter().copied().fold(Rect::NOTHING, Rect::union);
        let lattice = Lattice::new(s, t, &window, obstacles, scratch)?;
        let found = lattice.astar(s, leave, goal, scratch);
        lattice.give_back(scratch);
        if found.is_some() {
            return found;
        }
        let bounds = obstacles.grid.bounds;
        let covers = all.min.x <= bounds.min.x
            && all.min.y <= bounds.min.y
            && all.max.x >= bounds.max.x
            && all.max.y >= bounds.max.y;
        if covers {
            return None;
        }
        pad *= GROWTH;
    }
    None
}

/// Turns the difference array `v` into its running sums.
fn running_sums(v: &mut [i32]) {
    let mut sum = 0;
    for c in v {
        sum += *c;
        *c = sum;
    }
}

/// The smallest rectangle holding `a` and `b`.
fn span(a: Point, b: Point) -> Rect {
    Rect {
        min: Point::new(a.x.min(b.x), a.y.min(b.y)),
        max: Point::new(a.x.max(b.x), a.y.max(b.y)),
    }
}

/// The grid one search runs on: vertical lines beside every box and frame
/// near the window (and through the two ends), horizontal lines in the
/// channels above and below them. Only the nodes inside the window are
/// kept: the window along a long arrow is a thin band (an L or a Z) whose
/// bounding grid may hold millions of nodes it never uses.
struct Lattice {
    xs: Vec<f32>,
    ys: Vec<f32>,
    /// Per horizontal line `j`, its runs of nodes inside the window are
    /// `runs[rows[j]..rows[j + 1]]`.
    rows: Vec<u32>,
    /// The runs of nodes inside the window, line by line, left to right.
    /// Nodes are numbered run by run.
    runs: Vec<Run>,
    /// Per node, the run to the next node on the right (from `xs[i]` to
    /// `xs[i + 1]`): blocked when non-zero.
    h_blocked: Vec<i32>,
    /// Per node, the run to the next node below (from `ys[j]` to
    /// `ys[j + 1]`): blocked when non-zero.
    v_blocked: Vec<i32>,
}

/// Nodes `from..to` of horizontal line `line`, numbered from `first` on.
#[derive(Debug, Clone, Copy)]
struct Run {
    from: u32,
    to: u32,
    first: u32,
    line: u32,
}

impl Run {
    /// The lines `(i, j)` meeting at node `n` of this run.
    fn lines_at(&self, n: usize) -> (usize, usize) {
        (
            self.from as usize + n - self.first as usize,
            self.line as usize,
        )
    }
}

impl Lattice {
    /// The grid over `window`, or `None` when it would be too large.
    fn new(
        s: Point,
        t: Point,
        window: &[Rect],
        obstacles: &Obstacles,
        scratch: &mut Scratch,
    ) -> Option<Self> {
        // Each box once (see `Marks`); the lines are sorted and the
        // blocked stretches added up, so their order does not matter.
        let seen = scratch.seen.next(obstacles.rects.len());
        let mut near = std::mem::take(&mut scratch.near);
        near.clear();
        for w in window {
            near.extend(obstacles.grid.near(w).filter(|&i| seen.first_time(i)));
        }
        let mut xs = vec![s.x, t.x];
        let mut ys = vec![s.y, t.y];
        for w in window {
            xs.extend([w.min.x, w.max.x]);
            ys.extend([w.min.y, w.max.y]);
        }
        for &i in &near {
            let r = obstacles.rects[i];
            if window.iter().any(|w| w.intersects(&r)) {
                xs.extend([r.min.x - SIDE_CLEAR, r.max.x + SIDE_CLEAR]);
                ys.extend([r.min.y - CLEAR_START, r.max.y + CLEAR]);
            }
        }
        for v in [&mut xs, &mut ys] {
            v.retain(|a| a.is_finite());
            v.sort_unstable_by(f32::total_cmp);
            v.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        }
        // The two ends must be nodes themselves, not merged into a line
        // near them.
        let snap = |v: &mut [f32], want: f32| {
            let k = v.partition_point(|&a| a < want - 0.5);
            if k < v.len() && (v[k] - want).abs() < 0.5 {
                v[k] = want;
            }
        };
        snap(&mut xs, s.x);
        snap(&mut xs, t.x);
        snap(&mut ys, s.y);
        snap(&mut ys, t.y);
        let (nx, ny) = (xs.len(), ys.len());
        if nx == 0 || ny == 0 || nx > u32::MAX as usize / 4 || ny > u32::MAX as usize {
            return None;
        }
        // Each window rectangle's nodes, as ranges of line indices.
        let spans: Vec<(usize, usize, usize, usize)> = window
            .iter()
            .map(|w| {
                (
                    first_from(&xs, w.min.x),
                    first_above(&xs, w.max.x),
                    first_from(&ys, w.min.y),
                    first_above(&ys, w.max.y),
                )
            })
            .collect();
        let mut rows = std::mem::take(&mut scratch.rows);
        let mut runs = std::mem::take(&mut scratch.runs);
        rows.clear();
        runs.clear();
        let mut count: usize = 0;
        let mut line: Vec<(usize, usize)> = Vec::new();
        for j in 0..ny {
            rows.push(runs.len() as u32);
            line.clear();
            line.extend(
                spans
                    .iter()
                    .filter(|&&(ia, ib, ja, jb)| ja <= j && j < jb && ia < ib)
                    .map(|&(ia, ib, _, _)| (ia, ib)),
            );
            line.sort_unstable();
            let mut k = 0;
            while k < line.len() {
                let (from, mut to) = line[k];
                k += 1;
                // Overlapping or touching ranges make one run.
                while k < line.len() && line[k].0 <= to {
                    to = to.max(line[k].1);
                    k += 1;
                }
                runs.push(Run {
                    from: from as u32,
                    to: to as u32,
                    first: count as u32,
                    line: j as u32,
                });
                count += to - from;
                if count > MAX_NODES {
                    scratch.rows = rows;
                    scratch.runs = runs;
                    return None;
                }
            }
        }
        rows.push(runs.len() as u32);
        let reuse = |v: &mut Vec<i32>| {
            let mut v = std::mem::take(v);
            v.clear();
            v.resize(count, 0);
            v
        };
        // Difference arrays along each run: +1 where a blocked stretch
        // starts, -1 past where it ends; summed along each run afterwards.
        let mut h_blocked = reuse(&mut scratch.h_blocked);
        let mut v_blocked = reuse(&mut scratch.v_blocked);
        let mark = |blocked: &mut [i32], j: usize, lo: usize, hi: usize| {
            for r in &runs[rows[j] as usize..rows[j + 1] as usize] {
                let (from, to) = (r.from as usize, r.to as usize);
                let (a, b) = (lo.max(from), hi.min(to));
                if a < b {
                    blocked[r.first as usize + a - from] += 1;
                    if b < to {
                        blocked[r.first as usize + b - from] -= 1;
                    }
                }
            }
        };
        for &i in &near {
            let r = obstacles.rects[i].expand(KEEP_OFF);
            // Lines strictly inside the rectangle.
            let (ja, jb) = (first_above(&ys, r.min.y), first_from(&ys, r.max.y));
            let (ia, ib) = (first_above(&xs, r.min.x), first_from(&xs, r.max.x));
            // Runs overlapping it: run k spans lines k and k + 1.
            let (ra, rb) = (ia.saturating_sub(1), ib.min(nx - 1));
            if ra < rb {
                for j in ja..jb {
                    mark(&mut h_blocked, j, ra, rb);
                }
            }
            let (ca, cb) = (ja.saturating_sub(1), jb.min(ny - 1));
            if ca < cb && ia < ib {
                for j in ca..cb {
                    mark(&mut v_blocked, j, ia, ib);
                }
            }
        }
        for r in &runs {
            let nodes = r.first as usize..(r.first + r.to - r.from) as usize;
            running_sums(&mut h_blocked[nodes.clone()]);
            running_sums(&mut v_blocked[nodes]);
        }
        scratch.near = near;
        Some(Self {
            xs,
            ys,
            rows,
            runs,
            h_blocked,
            v_blocked,
        })
    }

    /// Returns the buffers to `scratch`.
    fn give_back(self, scratch: &mut Scratch) {
        scratch.rows = self.rows;
        scratch.runs = self.runs;
        scratch.h_blocked = self.h_blocked;
        scratch.v_blocked = self.v_blocked;
    }

    /// The number of the node where lines `i` and `j` meet, if it is
    /// inside the window.
    fn node(&self, i: usize, j: usize) -> Option<usize> {
        let (a, b) = (self.rows[j] as usize, self.rows[j + 1] as usize);
        self.runs[a..b]
            .iter()
            .find(|r| r.from as usize <= i && i < r.to as usize)
            .map(|r| r.first as usize + i - r.from as usize)
    }

    /// The run holding node `n`.
    fn run_of(&self, n: usize) -> Run {
        let k = self.runs.partition_point(|r| r.first as usize <= n);
        self.runs[k.saturating_sub(1)]
    }

    /// Where lines `i` and `j` meet.
    fn point(&self, i: usize, j: usize) -> Point {
        Point::new(self.xs[i], self.ys[j])
    }

    /// A* over the grid's nodes, each with the direction it was reached in
    /// (for the bend penalty), from `s`, heading `leave`, to `goal`: the
    /// corner points of the path found. The grid is implicit: a node's neighbours come from its
    /// line indices and the runs' blocked flags, so there is no graph to
    /// build first (as petgraph's `astar` would need, with an edge per run
    /// and the direction folded into the nodes).
    fn astar(
        &self,
        s: Point,
        leave: u8,
        goal: Goal<'_>,
        scratch: &mut Scratch,
    ) -> Option<Vec<Point>> {
        let Goal {
            at: t,
            arrive,
            bent,
        } = goal;
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let find = |v: &[f32], a: f32| v.iter().position(|&b| b == a);
        let (si, sj) = (find(&self.xs, s.x)?, find(&self.ys, s.y)?);
        let (ti, tj) = (find(&self.xs, t.x)?, find(&self.ys, t.y)?);
        let start = self.node(si, sj)?;
        let goal = self.node(ti, tj)?;
        // Ties in the open list go by where a state lies in the whole
        // grid, row by row, so the path found does not depend on how the
        // window's nodes are numbered.
        let key =
            |i: usize, j: usize, dir: u8| (j as u64 * nx as u64 + i as u64) * 4 + u64::from(dir);
        // A lower bound of what is left: the distance, plus a bend for
        // each turn the remaining path must still make.
        let h = |i: usize, j: usize, dir: u8| -> f32 {
            let p = self.point(i, j);
            let (dx, dy) = (t.x - p.x, t.y - p.y);
            let toward = |d: f32, less: u8, more: u8| {
                if d > 0.0 {
                    Some(more)
                } else if d < 0.0 {
                    Some(less)
                } else {
                    None
                }
            };
            let bends = match (toward(dx, LEFT, RIGHT), toward(dy, UP, DOWN)) {
                (None, None) => 0,
                (Some(a), Some(b)) => {
                    if dir == a || dir == b {
                        1
                    } else {
                        2
                    }
                }
                (Some(a), None) | (None, Some(a)) => {
                    if dir == a {
                        0
                    } else if dir == a ^ 1 {
                        2
                    } else {
                        1
                    }
                }
            };
            dx.abs() + dy.abs() + BEND * bends as f32
        };
        let Scratch { states, open, .. } = scratch;
        states.clear();
        open.clear();
        let first = start * 4 + leave as usize;
        states.insert(
            first as u32,
            State {
                cost: 0.0,
                parent: u32::MAX,
                closed: false,
            },
        );
        open.push(Open(
            GREED * h(si, sj, leave),
            0.0,
            key(si, sj, leave),
            first as u32,
        ));
        while let Some(Open(_, g, _, state)) = open.pop() {
            // With the estimate weighted, a state is not opened again once
            // expanded: each is expanded at most once.
            let Some(known) = states.get_mut(&state) else {
                continue;
            };
            if known.closed || known.cost < g {
                continue;
            }
            known.closed = true;
            let state = state as usize;
            let (node, dir) = (state / 4, (state % 4) as u8);
            if node == goal {
                return Some(self.path(state, states));
            }
            // Touching runs are one run, so a node's neighbours on its
            // line are the nodes numbered next to it within its run.
            let run = self.run_of(node);
            let (i, j) = run.lines_at(node);
            for next in [UP, DOWN, LEFT, RIGHT] {
                if next == dir ^ 1 {
                    continue;
                }
                // The neighbour's node, its lines and the length of the run
                // to it.
                let step = match next {
                    UP if j > 0 => self
                        .node(i, j - 1)
                        .filter(|&n| self.v_blocked[n] == 0)
                        .map(|n| (n, i, j - 1, self.ys[j] - self.ys[j - 1])),
                    DOWN if j + 1 < ny && self.v_blocked[node] == 0 => self
                        .node(i, j + 1)
                        .map(|n| (n, i, j + 1, self.ys[j + 1] - self.ys[j])),
                    LEFT if i > run.from as usize && self.h_blocked[node - 1] == 0 => {
                        Some((node - 1, i - 1, j, self.xs[i] - self.xs[i - 1]))
                    }
                    RIGHT if i + 1 < run.to as usize && self.h_blocked[node] == 0 => {
                        Some((node + 1, i + 1, j, self.xs[i + 1] - self.xs[i]))
                    }
                    _ => None,
                };
                let Some((n, ni, nj, len)) = step else {
                    continue;
                };
                let mut c = g + len + if next == dir { 0.0 } else { BEND };
                if n == goal {
                    if bent.contains(&next) {
                        c += BEND;
                    } else if !arrive.contains(&next) {
                        continue;
                    }
                }
                let ns = n * 4 + next as usize;
                let reached = State {
                    cost: c,
                    parent: state as u32,
                    closed: false,
                };
                let better = match states.entry(ns as u32) {
                    Entry::Occupied(mut known) => {
                        let better = !known.get().closed && c < known.get().cost;
                        if better {
                            known.insert(reached);
                        }
                        better
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(reached);
                        true
                    }
                };
                if better {
                    open.push(Open(
                        c + GREED * h(ni, nj, next),
                        c,
                        key(ni, nj, next),
                        ns as u32,
                    ));
                }
            }
        }
        None
    }

    /// The corner points of the path ending in `state`, first to last.
    fn path(&self, mut state: usize, states: &States) -> Vec<Point> {
        let mut nodes: Vec<Point> = Vec::new();
        loop {
            let node = state / 4;
            let (i, j) = self.run_of(node).lines_at(node);
            nodes.push(self.point(i, j));
            match states.get(&(state as u32)) {
                Some(known) if known.parent != u32::MAX => state = known.parent as usize,
                _ => break,
            }
        }
        nodes.reverse();
        corners(nodes)
    }
}

/// `points` without repeated points and without the points in the middle
/// of a straight run.
fn corners(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|l| (l.x - p.x).abs() < 0.01 && (l.y - p.y).abs() < 0.01)
        {
            continue;
        }
        if let [.., a, b] = out[..] {
            let straight = ((a.x - b.x).abs() < 0.01 && (b.x - p.x).abs() < 0.01)
                || ((a.y - b.y).abs() < 0.01 && (b.y - p.y).abs() < 0.01);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// `points` (the corners of a path found by the search) with runs of
/// corners cut short: from each corner, the path goes on to the furthest
/// later corner that one bend reaches without coming near a box or frame
/// or turning back on itself. The weighted search heads for its goal
/// early and leaves staircases around the boxes it meets; this takes them
/// out. The first run (up from the start) and the last (into the end)
/// stay as they are, and the path never gets longer: one bend between two
/// corners is the shortest orthogonal way between them.
fn straighten(points: Vec<Point>, obstacles: &Obstacles) -> Vec<Point> {
    let k = points.len();
    if k < 6 {
        return points;
    }
    let (first, last) = (1, k - 2);
    let mut out: Vec<Point> = points[..=first].to_vec();
    let mut i = first;
    while i < last {
        let reach = (i + 2..=last).rev().find_map(|j| {
            bend_between(&out, points[j], points.get(j + 1).copied(), obstacles).map(|q| (j, q))
        });
        match reach {
            Some((j, q)) => {
                out.push(q);
                out.push(points[j]);
                i = j;
            }
            None => {
                out.push(points[i + 1]);
                i += 1;
            }
        }
    }
    out.extend_from_slice(&points[last + 1..]);
    corners(out)
}

/// The corner of a path with one bend from the end of `out` to `to`,
/// where `after` is the corner after `to`: the path keeps off every box
/// and frame and turns back neither on the run into the end of `out` nor
/// on the run out of `to`. Going on in the direction `out` ends in is
/// tried first, as it saves a bend there.
fn bend_between(
    out: &[Point],
    to: Point,
    after: Option<Point>,
    obstacles: &Obstacles,
) -> Option<Point> {
    let [.., before, from] = out[..] else {
        return None;
    };
    let heading = direction(before, from);
    let leaving = after.map(|a| direction(to, a));
    let mut corners = [Point::new(to.x, from.y), Point::new(from.x, to.y)];
    if direction(from, corners[1]) == heading {
        corners.swap(0, 1);
    }
    corners.into_iter().find(|&q| {
        let into = if q == to {
            direction(from, to)
        } else {
            direction(q, to)
        };
        let reverse = |d: (i8, i8)| (-d.0, -d.1);
        direction(from, q) != reverse(heading)
            && leaving.is_none_or(|l| into != reverse(l))
            && obstacles.hits_within(&[from, q, to], &[], 1, CORNER_ROOM) == 0
    })
}

/// The direction from `a` to `b` as signs of x and y (0 when level).
fn direction(a: Point, b: Point) -> (i8, i8) {
    let sign = |d: f32| {
        if d > 0.01 {
            1
        } else if d < -0.01 {
            -1
        } else {
            0
        }
    };
    (sign(b.x - a.x), sign(b.y - a.y))
}

/// An entry of the open list: estimated total cost, cost so far, the
/// state's place in the whole grid, and the state. Smallest estimate
/// first; of equal ones the furthest along (which heads straight for the
/// goal in open space), then the first in the grid, so the search is
/// deterministic.
struct Open(f32, f32, u64, u32);

impl PartialEq for Open {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Open {}
impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Open {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then(self.1.total_cmp(&other.1))
            .then(other.2.cmp(&self.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_see_each_obstacle_once_per_round_and_start_clear_in_the_next() {
        let mut marks = Marks::default();
        let round = marks.next(3);
        assert!(round.first_time(2));
        assert!(!round.first_time(2));
        assert!(round.first_time(0));
        let round = marks.next(3);
        assert!(round.first_time(2) && round.first_time(0));
        // Another set of obstacles starts afresh, and so does a round
        // counter that has run out.
        assert!(marks.next(5).first_time(4));
        marks.round = u32::MAX;
        let round = marks.next(5);
        assert!(round.first_time(4));
        assert!(!round.first_time(4));
    }

    #[test]
    fn a_staircase_in_open_space_becomes_one_bend_and_keeps_clear_of_a_box() {
        // Up from the start, then three steps right and up, then up into
        // the end: with nothing in the way, one bend does it, going on up
        // first (the way the path already heads).
        let stairs = vec![
            Point::new(0.0, 500.0),
            Point::new(0.0, 400.0),
            Point::new(100.0, 400.0),
            Point::new(100.0, 300.0),
            Point::new(200.0, 300.0),
            Point::new(200.0, 200.0),
            Point::new(300.0, 200.0),
            Point::new(300.0, 0.0),
        ];
        let one_box = |x: f32, y: f32, w: f32, h: f32| {
            Obstacles::new(vec![Rect::from_min_size(Point::new(x, y), w, h)])
        };
        let corner = |points: &[(f32, f32)]| -> Vec<Point> {
            points.iter().map(|&(x, y)| Point::new(x, y)).collect()
        };
        assert_eq!(
            straighten(stairs.clone(), &one_box(1000.0, 1000.0, 10.0, 10.0)),
            corner(&[(0.0, 500.0), (0.0, 200.0), (300.0, 200.0), (300.0, 0.0)])
        );
        // A box beside the start's run, clear of the stairs: going on up
        // would pass through it, so the one bend goes right first.
        let boxed = one_box(-50.0, 180.0, 200.0, 80.0);
        assert_eq!(boxed.hits_within(&stairs, &[], usize::MAX, 0.0), 0);
        let p = straighten(stairs, &boxed);
        assert_eq!(
            p,
            corner(&[(0.0, 500.0), (0.0, 400.0), (300.0, 400.0), (300.0, 0.0)])
        );
        assert_eq!(boxed.hits_within(&p, &[], usize::MAX, 0.0), 0, "{p:?}");
    }

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

    /// Boxes side by side, touching, from `x0` to `x1` at `y` (40 tall),
    /// leaving out the one box starting at `gap`.
    fn wall(x0: f32, x1: f32, y: f32, gap: f32) -> Vec<Rect> {
        let mut out = Vec::new();
        let mut x = x0;
        while x < x1 {
            if (x - gap).abs() > 1.0 {
                out.push(Rect::from_min_size(Point::new(x, y), 60.0, 40.0));
            }
            x += 60.0;
        }
        out
    }

    /// The detour a search with fresh buffers finds.
    fn fresh(from: Point, to: Point, arrival: Arrival, obstacles: &Obstacles) -> Vec<Point> {
        detour(from, to, arrival, obstacles, &mut Scratch::default())
    }

    /// Checks that `path` runs from `from` to `to` in straight runs,
    /// leaves upwards and enters nothing but its own ends' boxes.
    fn check(path: &[Point], from: Point, to: Point, obstacles: &Obstacles) {
        assert_eq!(path.first(), Some(&from), "{path:?}");
        assert_eq!(path.last(), Some(&to), "{path:?}");
        assert!(path[1].y < from.y && path[1].x == from.x, "{path:?}");
        for w in path.windows(2) {
            assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{path:?}");
        }
        let mut skip = obstacles.holding(from);
        skip.extend(obstacles.holding(to));
        assert_eq!(obstacles.hits(path, &skip, usize::MAX), 0, "{path:?}");
    }

    #[test]
    fn a_long_arrow_tries_the_corridors_near_both_its_ends_first() {
        // From a box at x = 0 up to a box 20,000 pt to the right and 5,000
        // pt up. A wall blocks every corridor from x = -200 to 10,000, and
        // forty small boxes beside it offer eighty corridors, all through
        // the wall. The corridor straight under the end is clear.
        let mut boxes = vec![
            Rect::from_min_size(Point::new(-50.0, 5_000.0), 100.0, 40.0),
            Rect::from_min_size(Point::new(19_950.0, -40.0), 100.0, 40.0),
            Rect::from_min_size(Point::new(-200.0, 3_000.0), 10_200.0, 40.0),
        ];
        for k in 0..40 {
            let x = 300.0 + 200.0 * k as f32;
            boxes.push(Rect::from_min_size(Point::new(x, 4_000.0), 60.0, 40.0));
        }
        let obstacles = Obstacles::new(boxes);
        let (from, to) = (Point::new(0.0, 5_000.0), Point::new(20_000.0, 0.0));
        let path = fresh(from, to, Arrival::FromBelow, &obstacles);
        check(&path, from, to, &obstacles);
        // Up, right along the channel above the start, up under the end.
        assert_eq!(path[2], Point::new(20_000.0, 4_979.0), "{path:?}");
        assert!(path.len() <= 5, "{path:?}");
    }

    /// `guide` mended, arriving upwards at its end, checked to run from
    /// its start to its end in straight runs, each corner once, entering
    /// no box.
    fn mended(guide: &[Point], obstacles: &Obstacles) -> Vec<Point> {
        let end = guide[guide.len() - 1];
        let path = mend(
            guide,
            Goal::new(end, &[UP], &[LEFT, RIGHT]),
            obstacles,
            &mut Scratch::default(),
        )
        .expect("a mended path");
        assert_eq!(path.first(), Some(&guide[0]), "{path:?}");
        assert_eq!(path.last(), Some(&end), "{path:?}");
        for w in path.windows(2) {
            assert!(w[0] != w[1], "{path:?}");
            assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{path:?}");
        }
        assert_eq!(obstacles.hits(&path, &[], usize::MAX), 0, "{path:?}");
        path
    }

    #[test]
    fn a_long_corridor_is_mended_only_where_it_meets_boxes() {
        // A corridor 40,000 pt across, then 20,000 pt up, meeting three
        // boxes: two 200 pt apart on its first run (one spot), one near
        // the top of its second. A box 100 pt beside the corridor does not
        // count.
        let boxes = vec![
            Rect::from_min_size(Point::new(10_000.0, 980.0), 120.0, 40.0),
            Rect::from_min_size(Point::new(10_320.0, 980.0), 120.0, 40.0),
            Rect::from_min_size(Point::new(39_940.0, -18_000.0), 120.0, 40.0),
            Rect::from_min_size(Point::new(25_000.0, 1_100.0), 120.0, 40.0),
        ];
        let obstacles = Obstacles::new(boxes);
        let guide = [
            Point::new(0.0, 1_000.0),
            Point::new(40_000.0, 1_000.0),
            Point::new(40_000.0, -19_000.0),
        ];
        let spots = trouble(&guide, &obstacles);
        assert_eq!(spots.len(), 2, "{spots:?}");
        assert!((spots[0].0 - 9_997.0).abs() < 0.01, "{spots:?}");
        assert!((spots[0].1 - 10_443.0).abs() < 0.01, "{spots:?}");
        let mended = mended(&guide, &obstacles);
        // The clear runs stay on the corridor: the path still turns at its
        // corner, and still runs along it midway between the spots.
        assert!(mended.contains(&guide[1]), "{mended:?}");
        let on_first_run = |x: f32| {
            mended.windows(2).any(|w| {
                w[0].y == 1_000.0
                    && w[1].y == 1_000.0
                    && w[0].x.min(w[1].x) <= x
                    && x <= w[0].x.max(w[1].x)
            })
        };
        assert!(
            on_first_run(5_000.0) && on_first_run(30_000.0),
            "{mended:?}"
        );
    }

    #[test]
    fn a_stretch_at_the_start_of_the_corridor_is_searched_from_its_start() {
        // A box 10 pt above the start of a corridor rising 1,000 pt, and
        // one 50 pt before its end.
        let obstacles = Obstacles::new(vec![
            Rect::from_min_size(Point::new(-40.0, -50.0), 80.0, 40.0),
            Rect::from_min_size(Point::new(-40.0, -990.0), 80.0, 40.0),
        ]);
        let guide = [Point::new(0.0, 0.0), Point::new(0.0, -1_000.0)];
        let spots = trouble(&guide, &obstacles);
        assert_eq!(spots.len(), 2, "{spots:?}");
        mended(&guide, &obstacles);
    }

    #[test]
    fn corridor_keys_order_floats_as_total_cmp_does() {
        let values = [
            f32::NEG_INFINITY,
            -1.0e30,
            -3.5,
            -0.0,
            0.0,
            f32::MIN_POSITIVE,
            0.25,
            907.0,
            907.000_06,
            f32::INFINITY,
            f32::NAN,
        ];
        for a in values {
            for b in values {
                assert_eq!(
                    total_key(a).cmp(&total_key(b)),
                    a.total_cmp(&b),
                    "{a} against {b}"
                );
            }
        }
    }

    #[test]
    fn a_corridor_through_the_arrow_s_own_frame_is_mended_round_it() {
        // The arrow starts from the top of a box in a frame; its corridor
        // runs down through the frame's other member and on through the
        // frame's empty lower part. The search keeps off the frame, so the
        // mending must too, not start or end inside it.
        let frame = Rect::from_min_size(Point::new(0.0, 0.0), 400.0, 160.0);
        let start = Rect::from_min_size(Point::new(220.0, 8.0), 160.0, 44.0);
        let other = Rect::from_min_size(Point::new(20.0, 8.0), 160.0, 44.0);
        let end = Rect::from_min_size(Point::new(60.0, 400.0), 160.0, 44.0);
        let obstacles = Obstacles::new(vec![frame, start, other, end]);
        let (from, to) = (Point::new(300.0, 0.0), Point::new(140.0, 400.0));
        let s = Point::new(300.0, -21.0);
        let t = Point::new(140.0, 400.0 - CLEAR);
        let guide = [s, Point::new(100.0, -21.0), Point::new(100.0, t.y), t];
        let mended = mend(
            &guide,
            Goal::new(guide[guide.len() - 1], &[DOWN], &[LEFT, RIGHT]),
            &obstacles,
            &mut Scratch::default(),
        )
        .expect("a path round the frame");
        let mut path = vec![from];
        path.extend(mended);
        path.push(to);
        check(&path, from, to, &obstacles);
        // It leaves the top of the frame and never enters it again.
        assert_eq!(obstacles.hits(&path, &[], usize::MAX), 0, "{path:?}");
        assert!(path.windows(2).all(|w| w[0] != w[1]), "{path:?}");
    }

    #[test]
    fn an_arrow_snakes_through_the_gaps_of_two_walls() {
        // From below two walls to a box above them; the lower wall's only
        // gap is far left, the upper wall's far right, so no path with one
        // vertical run gets through.
        let start = Rect::from_min_size(Point::new(0.0, 400.0), 100.0, 40.0);
        let end = Rect::from_min_size(Point::new(600.0, 0.0), 100.0, 40.0);
        let mut rects = vec![start, end];
        rects.extend(wall(-1500.0, 1500.0, 260.0, -420.0));
        rects.extend(wall(-1500.0, 1500.0, 140.0, 900.0));
        let obstacles = Obstacles::new(rects);
        let from = start.center_top();
        let to = end.center_bottom();
        let path = fresh(from, to, Arrival::FromBelow, &obstacles);
        check(&path, from, to, &obstacles);
        // Up through the left gap, then the right one.
        assert!(
            path.iter()
                .any(|p| p.x > -420.0 && p.x < -360.0 && p.y > 300.0)
        );
        assert!(
            path.iter()
                .any(|p| p.x > 900.0 && p.x < 960.0 && p.y < 140.0)
        );
        // The last run rises into the end.
        let [.., a, b] = path[..] else { panic!() };
        assert!(a.x == b.x && a.y > b.y, "{path:?}");
    }

    #[test]
    fn a_search_along_a_long_bent_arrow_keeps_only_the_nodes_near_it() {
        // An arrow rising 61,000 pt beside a ladder of boxes, then running
        // 40,000 pt right above a comb of boxes: the lines beside them make
        // a grid of about 1,000 by 1,200 lines (more nodes than a search
        // may use), but the window along the arrow holds only a few
        // thousand of them.
        let mut rects = Vec::new();
        for k in 0..600 {
            let y = 200.0 + k as f32 * 100.0;
            rects.push(Rect::from_min_size(Point::new(100.0, y), 60.0, 40.0));
        }
        let mut x = 300.0;
        while x < 40_000.0 {
            rects.push(Rect::from_min_size(Point::new(x, 160.0), 40.0, 40.0));
            x += 80.0;
        }
        let obstacles = Obstacles::new(rects);
        let (s, t) = (Point::new(0.0, 61_000.0), Point::new(40_000.0, 100.0));
        let guide = [s, Point::new(0.0, 100.0), t];
        let path = search(
            s,
            UP,
            Goal::new(t, &[LEFT, RIGHT], &[]),
            &guide,
            &obstacles,
            &mut Scratch::default(),
        )
        .expect("a path along the arrow");
        assert_eq!(path.first(), Some(&s), "{path:?}");
        assert_eq!(path.last(), Some(&t), "{path:?}");
        assert_eq!(obstacles.hits(&path, &[], usize::MAX), 0, "{path:?}");
        for w in path.windows(2) {
            assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{path:?}");
        }
        assert!(path.len() <= 8, "few corners: {path:?}");
    }

    #[test]
    fn an_undercut_arrives_sideways_in_a_crowded_row() {
        // The attacked arrow rises through a narrow gap of a row of boxes,
        // and a second row right under it closes the gap from below: no
        // straight rise reaches it, the undercut weaves between the rows.
        let mut rects = Vec::new();
        for k in 0..12 {
            let x = k as f32 * 124.0;
            rects.push(Rect::from_min_size(Point::new(x, 0.0), 100.0, 40.0));
            rects.push(Rect::from_min_size(Point::new(x + 50.0, 80.0), 100.0, 40.0));
        }
        let start = Rect::from_min_size(Point::new(300.0, 300.0), 100.0, 40.0);
        rects.push(start);
        let obstacles = Obstacles::new(rects);
        let from = start.center_top();
        // The middle of the gap after the sixth box, halfway up the row.
        let to = Point::new(5.0 * 124.0 + 112.0, 20.0);
        let path = fresh(from, to, Arrival::Sideways, &obstacles);
        check(&path, from, to, &obstacles);
        let [.., a, b] = path[..] else { panic!() };
        assert!(a.y == b.y, "the last run is sideways: {path:?}");
    }

    #[test]
    fn the_search_is_deterministic_whatever_its_buffers_held_and_keeps_clear() {
        // Rows of boxes of varied widths with frames round some, as in a
        // crowded map; arrows between random boxes, each searched twice.
        let mut seed = 11u32;
        let mut next = move |range: f32| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 * range
        };
        let mut boxes = Vec::new();
        let mut rects = Vec::new();
        for row in 0..8 {
            let y = row as f32 * 130.0 + next(20.0);
            let mut x = next(100.0);
            while x < 3000.0 {
                let w = 80.0 + next(120.0);
                let r = Rect::from_min_size(Point::new(x, y), w, 30.0 + next(40.0));
                boxes.push(r);
                rects.push(r);
                if next(1.0) < 0.2 {
                    rects.push(r.expand(8.0));
                }
                x += w + 24.0 + next(30.0);
            }
        }
        let obstacles = Obstacles::new(rects);
        // One scratch reused by every search, as within a layout; each path
        // must be the one a fresh search finds.
        let mut scratch = Scratch::default();
        let mut searched = 0;
        for _ in 0..40 {
            let a = boxes[next(boxes.len() as f32) as usize % boxes.len()];
            let b = boxes[next(boxes.len() as f32) as usize % boxes.len()];
            if a.max.y - b.max.y < 60.0 {
                continue;
            }
            let (from, to) = (a.center_top(), Point::new(b.center().x, b.max.y));
            let path = detour(from, to, Arrival::FromBelow, &obstacles, &mut scratch);
            check(&path, from, to, &obstacles);
            assert_eq!(path, fresh(from, to, Arrival::FromBelow, &obstacles));
            searched += 1;
        }
        assert!(searched > 10, "only {searched} arrows");
    }
}
