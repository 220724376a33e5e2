//! Orthogonal arrows with rounded corners, through the channels between
//! rows.
//!
//! An arrow from a unit in the first row under a claim rises from the top
//! of its box or frame into the channel above the row, runs sideways at
//! its own *level* to its arrival point on the claim's bottom edge, and
//! rises into it. An arrow from a lower row runs sideways to its *lane* in
//! the trunk and rises through the trunk to the claim. An undercut runs
//! sideways onto the rising part of the arrow it attacks.
//!
//! Levels are chosen so that no two arrows of a channel cross: arrivals
//! keep the order of the starts, arrows going right turn the higher the
//! further left they start, arrows going left the higher the further right
//! they start, and undercuts turn below the arrows they attack (the last
//! undercut of an argument highest, so it passes over its neighbours).

use crate::geom::{Cubic, Point, Rect};

use super::Spacing;
use super::arrange::{Cluster, LEVEL_STEP, Placement, Plan, Sizes};

/// Radius of an arrow's rounded corners.
const CORNER: f32 = 6.0;

/// One routed arrow: its argument and its corner points, start first.
pub(super) struct Routed {
    pub argument: usize,
    pub points: Vec<Point>,
}

/// An arrow of one channel before it gets its level.
struct Pending {
    argument: usize,
    /// Start of the arrow (top of its box or frame).
    from: Point,
    /// Where its sideways run ends: the arrival or lane x, or for an
    /// undercut the x of the arrow it attacks.
    to_x: f32,
    /// Where the arrow ends after its sideways run: `Some(y)` to rise to
    /// `y` (a claim's bottom), `None` to end there (an undercut).
    rise_to: Option<f32>,
    /// The path before `from`, for an arrow from a lower row continuing
    /// from the top of its trunk.
    prefix: Vec<Point>,
    /// For an arrow from a lower row, on its way to the first row's top:
    /// the arrival point on its claim it is finally headed for.
    goal: Option<Point>,
}

/// Routes every arrow drawn inside an arrangement.
pub(super) fn route_all(
    plan: &Plan,
    sizes: &Sizes,
    place: &Placement,
    rects: &[Rect],
    index: &crate::model::MapIndex,
    spacing: &Spacing,
) -> Vec<Routed> {
    let mut out = Vec::new();
    for (u, unit) in plan.units.iter().enumerate() {
        let members: Vec<usize> = unit
            .members
            .iter()
            .copied()
            .filter(|&m| !sizes.arr[m].rows.is_empty())
            .collect();
        if members.is_empty() {
            continue;
        }
        let g = &sizes.geo[u];
        let at = place.unit_min[u];
        let host_bottom = match g.frame {
            Some((_, _, fh)) => at.y + fh,
            None => rects[unit.members[0]].max.y,
        };
        // The host's channel: the first rows of every member.
        let mut first: Vec<Pending> = Vec::new();
        let mut first_under: Vec<Vec<Pending>> = Vec::new();
        for &m in &members {
            let a = &sizes.arr[m];
            let origin = place.arr_origin[m];
            let claim_bottom = rects[m].max.y;
            let centre = rects[m].center().x;
            for row in &a.rows {
                let mut mains = Vec::new();
                let mut unders = Vec::new();
                for &j in &row.clusters {
                    let cl = &plan.clusters[m][j];
                    cluster_arrows(plan, sizes, place, index, cl, &mut unders);
                    if !cl.arrives {
                        continue;
                    }
                    let Some(&(_, dx)) = a.arrival.iter().find(|(c, _)| *c == j) else {
                        continue;
                    };
                    let main = cl.units[0];
                    let Some(argument) = plan.units[main].argument else {
                        continue;
                    };
                    let from = unit_start(sizes, place, main);
                    if row.prev.is_none() {
                        mains.push(Pending {
                            argument,
                            from,
                            to_x: centre + dx,
                            rise_to: Some(claim_bottom),
                            prefix: Vec::new(),
                            goal: None,
                        });
                    } else {
                        // To its lane, up the trunk to the first row's top;
                        // from there on like an arrow of the first row.
                        mains.push(Pending {
                            argument,
                            from,
                            to_x: origin.x + dx,
                            rise_to: Some(origin.y),
                            prefix: Vec::new(),
                            goal: Some(Point::new(centre + dx, claim_bottom)),
                        });
                    }
                }
                if row.prev.is_some() {
                    // The channel is right above the row (which may sit
                    // higher than the bottom of the row above).
                    let top = origin.y + row.y - row.channel;
                    let (lower, under) = levels(mains, unders, top, row.channel, spacing);
                    out.extend(under);
                    for l in lower {
                        let Some((&last, before)) = l.points.split_last() else {
                            continue;
                        };
                        first.push(Pending {
                            argument: l.argument,
                            from: last,
                            to_x: l.to.x,
                            rise_to: Some(l.to.y),
                            prefix: before.to_vec(),
                            goal: None,
                        });
                    }
                } else {
                    first.extend(mains);
                    first_under.push(unders);
                }
            }
        }
        let host_top = host_bottom;
        let channel = members
            .iter()
            .map(|&m| place.arr_origin[m].y)
            .fold(f32::INFINITY, f32::min)
            - host_top;
        let unders: Vec<Pending> = first_under.into_iter().flatten().collect();
        let (mains, unders) = levels(first, unders, host_top, channel, spacing);
        out.extend(mains.into_iter().map(|l| Routed {
            argument: l.argument,
            points: l.points,
        }));
        out.extend(unders);
    }
    out
}

/// Where a unit's arrow starts: the top centre of its box or frame.
fn unit_start(sizes: &Sizes, place: &Placement, u: usize) -> Point {
    let at = place.unit_min[u];
    Point::new(at.x + sizes.geo[u].anchor, at.y)
}

/// The undercut arrows inside a cluster, in the order they get levels:
/// each argument's undercuts last first, each followed by its own.
fn cluster_arrows(
    plan: &Plan,
    sizes: &Sizes,
    place: &Placement,
    index: &crate::model::MapIndex,
    cl: &Cluster,
    out: &mut Vec<Pending>,
) {
    /// What the walk over a cluster's undercuts needs.
    struct Walk<'a> {
        cl: &'a Cluster,
        plan: &'a Plan,
        sizes: &'a Sizes,
        place: &'a Placement,
        index: &'a crate::model::MapIndex,
    }
    fn visit(w: &Walk<'_>, a: usize, target_x: f32, out: &mut Vec<Pending>, depth: usize) {
        if depth > w.cl.units.len() {
            return;
        }
        let children: Vec<usize> =
            w.cl.units
                .iter()
                .copied()
                .filter(|&u| {
                    w.plan.units[u].argument.is_some_and(|b| {
                    matches!(w.index.target(b), Some(crate::model::Target::Argument(t)) if t == a)
                })
                })
                .collect();
        for &u in children.iter().rev() {
            let Some(b) = w.plan.units[u].argument else {
                continue;
            };
            let from = unit_start(w.sizes, w.place, u);
            out.push(Pending {
                argument: b,
                from,
                to_x: target_x,
                rise_to: None,
                prefix: Vec::new(),
                goal: None,
            });
            visit(w, b, from.x, out, depth + 1);
        }
    }
    let main = cl.units[0];
    let Some(a) = plan.units[main].argument else {
        return;
    };
    let x = unit_start(sizes, place, main).x;
    let walk = Walk {
        cl,
        plan,
        sizes,
        place,
        index,
    };
    visit(&walk, a, x, out, 0);
}

/// A main arrow routed through one channel: its corner points so far and
/// where it is headed after them (the end of its `prefix` chain).
struct Leg {
    argument: usize,
    points: Vec<Point>,
    /// The point the arrow is finally to reach (a claim's arrival point).
    to: Point,
}

/// Gives the arrows of one channel (from `top`, `height` tall) their
/// levels and returns the corner points of the main arrows and of the
/// undercuts.
fn levels(
    mains: Vec<Pending>,
    unders: Vec<Pending>,
    top: f32,
    height: f32,
    spacing: &Spacing,
) -> (Vec<Leg>, Vec<Routed>) {
    let mut right: Vec<usize> = Vec::new();
    let mut left: Vec<usize> = Vec::new();
    for (i, p) in mains.iter().enumerate() {
        if p.to_x > p.from.x + 0.5 {
            right.push(i);
        } else if p.to_x < p.from.x - 0.5 {
            left.push(i);
        }
    }
    right.sort_by(|&a, &b| mains[a].from.x.total_cmp(&mains[b].from.x));
    left.sort_by(|&a, &b| mains[b].from.x.total_cmp(&mains[a].from.x));
    let main_levels = right.len().max(left.len());
    let count = main_levels + unders.len();
    let room = (height - spacing.channel_head - spacing.channel_foot).max(0.0);
    let step = if count > 1 {
        LEVEL_STEP.min(room / (count - 1) as f32)
    } else {
        0.0
    };
    let level_y = |l: usize| top + spacing.channel_head + l as f32 * step;
    let mut level = vec![None; mains.len()];
    for (l, &i) in right.iter().enumerate() {
        level[i] = Some(l);
    }
    for (l, &i) in left.iter().enumerate() {
        level[i] = Some(l);
    }
    let mut legs = Vec::with_capacity(mains.len());
    for (p, l) in mains.into_iter().zip(level) {
        let Some(rise_to) = p.rise_to else { continue };
        let to = p.goal.unwrap_or(Point::new(p.to_x, rise_to));
        let mut points = p.prefix;
        let (turns, straight);
        let tail: &[Point] = match l {
            Some(l) => {
                let y = level_y(l);
                turns = [
                    p.from,
                    Point::new(p.from.x, y),
                    Point::new(p.to_x, y),
                    Point::new(p.to_x, rise_to),
                ];
                &turns
            }
            None => {
                straight = [p.from, Point::new(p.from.x, rise_to)];
                &straight
            }
        };
        if points.last() == tail.first() {
            points.pop();
        }
        // Most arrows have no prefix: allocated once at their size.
        points.reserve_exact(tail.len());
        points.extend_from_slice(tail);
        legs.push(Leg {
            argument: p.argument,
            points,
            to,
        });
    }
    let mut out = Vec::with_capacity(unders.len());
    for (k, p) in unders.into_iter().enumerate() {
        let y = level_y(main_levels + k);
        out.push(Routed {
            argument: p.argument,
            points: vec![p.from, Point::new(p.from.x, y), Point::new(p.to_x, y)],
        });
    }
    (legs, out)
}

/// The corner points of an arrow as curve pieces: straight runs, and a
/// quarter turn at each corner.
pub(super) fn pieces(points: &[Point]) -> Vec<Cubic> {
    // A run and a turn per corner, and the last run.
    let mut out = Vec::with_capacity(2 * points.len());
    let mut cursor = match points.first() {
        Some(p) => *p,
        None => return out,
    };
    for i in 1..points.len() {
        let corner = points[i];
        if i + 1 == points.len() {
            out.push(straight(cursor, corner));
            break;
        }
        let next = points[i + 1];
        let len_in = dist(points[i - 1], corner);
        let len_out = dist(corner, next);
        let r = CORNER.min(len_in / 2.0).min(len_out / 2.0);
        let a = toward(corner, points[i - 1], r);
        let b = toward(corner, next, r);
        if dist(cursor, a) > 0.01 {
            out.push(straight(cursor, a));
        }
        if r > 0.01 {
            out.push(Cubic {
                from: a,
                ctrl1: a.lerp(corner, 0.55),
                ctrl2: b.lerp(corner, 0.55),
                to: b,
            });
        }
        cursor = b;
    }
    out
}

fn dist(a: Point, b: Point) -> f32 {
    // Runs are level or upright: their length needs no `hypot` (a call
    // into the C library, which gives the same there).
    let (dx, dy) = ((a.x - b.x).abs(), (a.y - b.y).abs());
    if dy == 0.0 {
        dx
    } else if dx == 0.0 {
        dy
    } else {
        dx.hypot(dy)
    }
}

/// The point `r` from `from` toward `to`.
fn toward(from: Point, to: Point, r: f32) -> Point {
    let d = dist(from, to);
    if d < 1e-6 { from } else { from.lerp(to, r / d) }
}

fn straight(from: Point, to: Point) -> Cubic {
    Cubic {
        from,
        ctrl1: from.lerp(to, 1.0 / 3.0),
        ctrl2: from.lerp(to, 2.0 / 3.0),
        to,
    }
}
