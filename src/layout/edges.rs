//! Arrow curves: from premises (or their co-premise frame) up to what they
//! support or attack.
//!
//! Every arrow is one cubic Bézier curve that leaves its start vertically
//! and arrives at a claim's bottom vertically. An undercut's arrow ends on
//! the middle of the attacked argument's arrow, arriving sideways. Arrows
//! whose target is not above their start loop out and back in from below.

use std::collections::VecDeque;

use crate::geom::{Cubic, Point, Rect};
use crate::model::{MapIndex, Target};

use super::tree::Forest;
use super::{Edge, Spacing};

/// How an arrow arrives at its end.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Arrival {
    /// Upwards, into the bottom of a box or frame.
    FromBelow,
    /// Sideways onto another arrow.
    OntoArrow,
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
    let mut ends: Vec<Option<(Point, Arrival, Option<Rect>)>> = vec![None; m];
    let mut queue: VecDeque<usize> = (0..m)
        .filter(|&a| matches!(index.target(a), Some(Target::Claim(_))))
        .collect();
    let mut stamp = vec![usize::MAX; rects.len()];
    while let Some(a) = queue.pop_front() {
        if done[a] {
            continue;
        }
        done[a] = true;
        let end = match index.target(a) {
            Some(Target::Claim(t)) => rects
                .get(t)
                .map(|r| (r.center_bottom(), Arrival::FromBelow, Some(*r))),
            // Onto the attacked argument's arrow; if it has none (no known
            // premises), to where that arrow would have ended.
            Some(Target::Argument(b)) => main[b]
                .or_else(|| extra[b].first().map(|e| e.curve))
                .map(|c| (c.at(0.5), Arrival::OntoArrow, None))
                .or(ends[b]),
            None => None,
        };
        ends[a] = end;
        let Some((end, arrival, target_rect)) = end else {
            continue;
        };
        let members = &forest.members[a];
        let start = match (frames[a], members.as_slice()) {
            (Some(frame), _) => Some((frame.center_top(), frame)),
            (None, [p]) => Some((rects[*p].center_top(), rects[*p])),
            _ => None,
        };
        if let Some((from, from_rect)) = start {
            main[a] = Some(curve(from, from_rect, end, target_rect, arrival, spacing));
        }
        for &p in members {
            stamp[p] = a;
        }
        for &p in index.premises(a) {
            if stamp[p] == a {
                continue;
            }
            stamp[p] = a;
            let (to, to_rect, to_arrival) = match frames[a] {
                // A co-premise drawn elsewhere joins its frame's arrow.
                Some(frame) => (frame.center_top(), Some(frame), Arrival::FromBelow),
                None => (end, target_rect, arrival),
            };
            extra[a].push(Edge {
                argument: a,
                premise: Some(p),
                curve: curve(
                    rects[p].center_top(),
                    rects[p],
                    to,
                    to_rect,
                    to_arrival,
                    spacing,
                ),
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
                curve,
            })
        })
        .collect();
    edges.extend(extra.into_iter().flatten());
    edges
}

/// One arrow from `from` (the top of `from_rect`) to `to`.
fn curve(
    from: Point,
    from_rect: Rect,
    to: Point,
    to_rect: Option<Rect>,
    arrival: Arrival,
    spacing: &Spacing,
) -> Cubic {
    let rise = from.y - to.y;
    if rise > 1.0 {
        // The usual case: the target is above.
        return match arrival {
            Arrival::FromBelow => Cubic {
                from,
                ctrl1: Point::new(from.x, from.y - rise * 0.5),
                ctrl2: Point::new(to.x, to.y + rise * 0.5),
                to,
            },
            Arrival::OntoArrow => Cubic {
                from,
                ctrl1: Point::new(from.x, from.y - rise * 0.8),
                ctrl2: Point::new(to.x + (from.x - to.x) * 0.5, to.y),
                to,
            },
        };
    }
    // The target is level with or below the start: leave upwards, swing out
    // to the side (past both boxes), and come back into the target from
    // below (or from the side for an arrow).
    let side = if to.x >= from.x { 1.0 } else { -1.0 };
    let reach = spacing.v_gap * 0.75 + (-rise) * 0.25;
    let out = from_rect.width() / 2.0 + spacing.h_gap;
    let into = to_rect.map_or(spacing.h_gap, |r| r.width() / 2.0 + spacing.h_gap);
    // Far apart, the curve comes in from the near side of the target; close
    // together (or a claim on itself) it goes round on one side.
    let into_x = if (to.x - from.x).abs() > out + into {
        to.x - side * into
    } else {
        to.x + side * into
    };
    Cubic {
        from,
        ctrl1: Point::new(from.x + side * out, from.y - reach),
        ctrl2: match arrival {
            Arrival::FromBelow => Point::new(into_x, to.y + reach),
            Arrival::OntoArrow => Point::new(into_x, to.y),
        },
        to,
    }
}
