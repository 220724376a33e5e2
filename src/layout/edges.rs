//! Arrow curves: from premises (or their co-premise frame) up to what they
//! support or attack.
//!
//! Every arrow is one cubic Bézier curve that leaves the top of its box or
//! frame vertically and arrives at a claim's bottom vertically. An
//! undercut's arrow ends on the middle of the attacked argument's arrow,
//! arriving sideways. A premise drawn elsewhere joins its co-premises'
//! frame arrow from above. When the target is not above the start (a
//! premise shared with a claim in its own or a lower layer), the arrow arcs
//! over the gap above into the top of a claim in the same layer, or loops
//! out to the side and up into the bottom of one lower down; a claim
//! bearing on itself loops round its side into its own bottom.

use std::collections::VecDeque;

use crate::geom::{Cubic, Point, Rect};
use crate::model::{MapIndex, Target};

use super::tree::Forest;
use super::{Edge, Spacing};

/// What an arrow ends at.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Goal {
    /// A claim's box; the arrow ends at its bottom (or top, if the claim
    /// is not above the start).
    Claim(Rect),
    /// The start of a co-premise frame's arrow (the frame's top centre).
    Frame(Rect),
    /// A point on another arrow (an undercut).
    Arrow,
}

/// All arrows of the map: main arrows in argument order, then extra arrows
/// (from premises drawn elsewhere) in argument order.
pub(super) fn route(
    index: &MapIndex,
    forest: &Forest,
    rects: &[Rect],
    frames: &[Option<Rect>],
    spacing: &Spacing,
) -> Vec<Edge> {
    let m = frames.len();
    let mut main: Vec<Option<Cubic>> = vec![None; m];
    let mut extra: Vec<Vec<Edge>> = vec![Vec::new(); m];
    // Where each argument's arrows end; for an undercut this needs the
    // attacked argument's arrow first, so go breadth-first from arguments
    // on claims along undercuts. Each argument is routed at most once.
    let mut done = vec![false; m];
    let mut ends: Vec<Option<(Point, Goal)>> = vec![None; m];
    let mut queue: VecDeque<usize> = (0..m)
        .filter(|&a| matches!(index.target(a), Some(Target::Claim(_))))
        .collect();
    let arrival_x = spread_arrivals(index, forest, rects, frames);
    let end_on = |t: usize, key: ArrowKey| {
        rects.get(t).map(|r| {
            let x = arrival_x.get(key).unwrap_or(r.center().x);
            (Point::new(x, r.max.y), Goal::Claim(*r))
        })
    };
    let mut stamp = vec![usize::MAX; rects.len()];
    while let Some(a) = queue.pop_front() {
        if done[a] {
            continue;
        }
        done[a] = true;
        let end = match index.target(a) {
            Some(Target::Claim(t)) => end_on(t, (a, None)),
            // Onto the attacked argument's arrow; if it has none (no known
            // premises), to where that arrow would have ended.
            Some(Target::Argument(b)) => main[b]
                .or_else(|| extra[b].first().map(|e| e.curve))
                .map(|c| (c.at(0.5), Goal::Arrow))
                .or(ends[b]),
            None => None,
        };
        ends[a] = end;
        let Some((end, goal)) = end else {
            continue;
        };
        let members = &forest.members[a];
        let start = match (frames[a], members.as_slice()) {
            (Some(frame), _) => Some(frame),
            (None, [p]) => Some(rects[*p]),
            _ => None,
        };
        if let Some(from_rect) = start {
            main[a] = Some(curve(from_rect, end, goal, spacing));
        }
        for &p in members {
            stamp[p] = a;
        }
        for &p in index.premises(a) {
            if stamp[p] == a {
                continue;
            }
            stamp[p] = a;
            let (to, to_goal) = match (frames[a], index.target(a)) {
                // A co-premise drawn elsewhere comes down onto the middle of
                // its frame's top, where the frame's arrow leaves (unless
                // `exits` moves that beside a member's arrow).
                (Some(frame), _) => (frame.center_top(), Goal::Frame(frame)),
                (None, Some(Target::Claim(t))) => end_on(t, (a, Some(p))).unwrap_or((end, goal)),
                (None, _) => (end, goal),
            };
            extra[a].push(Edge {
                argument: a,
                premise: Some(p),
                lead: Vec::new(),
                curve: curve(rects[p], to, to_goal, spacing),
                label: None,
            });
        }
        queue.extend(index.arguments_into_argument(a).iter().copied());
    }
    let mut edges: Vec<Edge> = main
        .iter()
        .enumerate()
        .filter_map(|(argument, c)| {
            c.map(|curve| Edge {
                argument,
                premise: None,
                lead: Vec::new(),
                curve,
                label: None,
            })
        })
        .collect();
    edges.extend(extra.into_iter().flatten());
    edges
}

/// Where on its target's bottom edge each arrow into a claim arrives.
/// Arrows into one claim get their own points, ordered like their starts
/// from left to right, so every arrow keeps its own head and the arrows do
/// not cross just below the box.
fn spread_arrivals(
    index: &MapIndex,
    forest: &Forest,
    rects: &[Rect],
    frames: &[Option<Rect>],
) -> Arrivals {
    // (target claim, start x, key) of every arrow into a claim.
    let mut into: Vec<(usize, f32, ArrowKey)> = Vec::new();
    for (a, frame) in frames.iter().enumerate() {
        let Some(Target::Claim(t)) = index.target(a) else {
            continue;
        };
        let members = &forest.members[a];
        let start = match (frame, members.as_slice()) {
            (Some(frame), _) => Some(frame.center().x),
            (None, [p]) => rects.get(*p).map(|r| r.center().x),
            _ => None,
        };
        if let Some(x) = start {
            into.push((t, x, (a, None)));
        }
        if frame.is_none() {
            for &p in index.premises(a) {
                if !members.contains(&p)
                    && let Some(r) = rects.get(p)
                {
                    into.push((t, r.center().x, (a, Some(p))));
                }
            }
        }
    }
    // By target, then left to right; stable, so an arrow listed twice
    // keeps its later place, as it did when later places overwrote
    // earlier ones.
    into.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut out = Arrivals {
        main: vec![None; frames.len()],
        extra: Vec::new(),
    };
    for arrows in into.chunk_by(|x, y| x.0 == y.0) {
        let t = arrows[0].0;
        let (Some(r), true) = (rects.get(t), arrows.len() > 1) else {
            continue;
        };
        let k = arrows.len() as f32;
        let step = ARRIVAL_STEP.min(r.width() * 0.8 / (k - 1.0));
        for (i, &(_, _, key)) in arrows.iter().enumerate() {
            let x = r.center().x + (i as f32 - (k - 1.0) / 2.0) * step;
            match key {
                (a, None) => out.main[a] = Some(x),
                (a, Some(p)) => out.extra.push(((a, p), x)),
            }
        }
    }
    // Sorted for lookups; of an arrow listed twice, the later place wins.
    out.extra.sort_by_key(|e| e.0);
    let mut kept: Vec<((usize, usize), f32)> = Vec::with_capacity(out.extra.len());
    for e in out.extra {
        match kept.last_mut() {
            Some(last) if last.0 == e.0 => *last = e,
            _ => kept.push(e),
        }
    }
    out.extra = kept;
    out
}

/// Where arrows into claims with several arrows arrive (x on the claim's
/// bottom): main arrows by argument, extra arrows by (argument, premise).
struct Arrivals {
    main: Vec<Option<f32>>,
    /// Sorted by key, one entry per key.
    extra: Vec<((usize, usize), f32)>,
}

impl Arrivals {
    /// The arrival x of the arrow `key`, if its claim has several arrows.
    fn get(&self, key: ArrowKey) -> Option<f32> {
        match key {
            (a, None) => self.main.get(a).copied().flatten(),
            (a, Some(p)) => self
                .extra
                .binary_search_by_key(&(a, p), |e| e.0)
                .ok()
                .map(|i| self.extra[i].1),
        }
    }
}

/// An arrow: its argument, and `None` for the main arrow or `Some(premise)`
/// for an extra one.
type ArrowKey = (usize, Option<usize>);

/// Distance between neighbouring arrow heads under one box.
const ARRIVAL_STEP: f32 = 18.0;

/// One arrow from the top of `from_rect` to `to`, which is the bottom of
/// the `goal` claim, the start of a frame's arrow, or a point on an arrow.
fn curve(from_rect: Rect, to: Point, goal: Goal, spacing: &Spacing) -> Cubic {
    let from = from_rect.center_top();
    let rise = from.y - to.y;
    let side = if to.x >= from.x { 1.0 } else { -1.0 };
    let k = spacing.v_gap * 0.5;
    match goal {
        // The usual case: the target is above.
        Goal::Claim(_) if rise > 1.0 => Cubic {
            from,
            ctrl1: Point::new(from.x, from.y - rise * 0.5),
            ctrl2: Point::new(to.x, to.y + rise * 0.5),
            to,
        },
        Goal::Arrow if rise > 1.0 => Cubic {
            from,
            ctrl1: Point::new(from.x, from.y - rise * 0.8),
            ctrl2: Point::new(to.x + (from.x - to.x) * 0.5, to.y),
            to,
        },
        // A claim bearing on itself: out of its top, round its right side
        // and into its bottom.
        Goal::Claim(target) if target == from_rect => {
            let out = from_rect.width() / 2.0 + spacing.h_gap;
            Cubic {
                from,
                ctrl1: Point::new(from.x + out, from.y - k),
                ctrl2: Point::new(to.x + out, to.y + k),
                to,
            }
        }
        // A claim in a lower layer: out to the side, and up into its bottom.
        Goal::Claim(target) if target.min.y > from.y + 1.0 => {
            loop_into(from_rect, to, target, spacing)
        }
        // A claim in the same layer: over the gap above the layer into the
        // target's top, beside the start of its own arrow.
        Goal::Claim(target) => {
            let to = Point::new(
                target.center().x - side * target.width() / 4.0,
                target.min.y,
            );
            arc_over(from, to, k)
        }
        // Joining the arrow of a frame in a lower layer where it starts.
        Goal::Frame(frame) if to.y > from.y + 1.0 => loop_into(from_rect, to, frame, spacing),
        // Joining a frame's arrow where it starts: from above, so the
        // curve does not cross the frame's boxes.
        Goal::Frame(_) => arc_over(from, to, k),
        // An arrow level with or below the start: out to the side and
        // back onto it.
        Goal::Arrow => {
            let out = from_rect.width() / 2.0 + spacing.h_gap;
            Cubic {
                from,
                ctrl1: Point::new(from.x + side * out, from.y - k - (-rise) * 0.25),
                ctrl2: Point::new(to.x - side * spacing.h_gap, to.y),
                to,
            }
        }
    }
}

/// An arrow to `to` on the bottom of `target`, which lies below the start:
/// up out of the start's top and off to the side, then round into `to`
/// from below.
fn loop_into(from_rect: Rect, to: Point, target: Rect, spacing: &Spacing) -> Cubic {
    let from = from_rect.center_top();
    let side = if to.x >= from.x { 1.0 } else { -1.0 };
    let reach = spacing.v_gap * 0.75 + (to.y - from.y) * 0.25;
    let out = from_rect.width() / 2.0 + spacing.h_gap;
    let into = target.width() / 2.0 + spacing.h_gap;
    // Far apart, the curve comes in from the near side of the target;
    // close together it goes round on one side.
    let into_x = if (to.x - from.x).abs() > out + into {
        to.x - side * into
    } else {
        to.x + side * into
    };
    Cubic {
        from,
        ctrl1: Point::new(from.x + side * out, from.y - reach),
        ctrl2: Point::new(into_x, to.y + reach),
        to,
    }
}

/// A curve that rises `k` above the higher of its two ends and comes down
/// into `to`, so it passes over whatever lies between them.
fn arc_over(from: Point, to: Point, k: f32) -> Cubic {
    let over = from.y.min(to.y) - k;
    Cubic {
        from,
        ctrl1: Point::new(from.x, over),
        ctrl2: Point::new(to.x, over),
        to,
    }
}
