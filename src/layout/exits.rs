//! Where a co-premise frame's arrow leaves the top of its frame.
//!
//! A frame's arrow leaves from the middle of its top. When one of its
//! members also bears on an argument drawn elsewhere, that member's extra
//! arrow rises through the same channel, and when the two sideways runs
//! are nested (one starts further out than the other and goes on further in
//! the same direction) they cannot help crossing: the frame's arrow then
//! crosses its own member's arrow just above the frame. Leaving the top on
//! the other side of the member's arrow makes the runs apart or ordered, so
//! [`choose`] tries the points just beside each such arrow and keeps the one
//! whose new part crosses the fewest arrows (the middle on a tie).
//!
//! Only the part of the frame's arrow above the frame changes (its first
//! rise and its sideways run, which stays within the frame's own span
//! and keeps its direction), so the order of the channel's arrows, which
//! keeps them from crossing each other, is kept. Arrows of co-premises
//! drawn elsewhere still come down onto the middle of the frame's top: they
//! point into the frame, the argument they are part of, and are counted
//! like any other arrow the moved part might cross. A frame whose arrow an
//! undercut meets keeps it where the undercut aims.

use crate::geom::{Cubic, Point, Rect};

use super::grid::DenseGrid;
use super::quality;
use super::{Edge, EdgeIndex};

/// How far beside a member's arrow the frame's arrow may leave.
const BESIDE: f32 = 18.0;
/// Closest a frame's arrow leaves to the frame's corners.
const CORNER_ROOM: f32 = 12.0;
/// Shortest sideways run kept (room for the two rounded corners).
const SHORTEST_RUN: f32 = 14.0;

/// A frame's arrow that may leave elsewhere: its edge, its frame, its
/// corner points and the starts of the other arrows leaving from inside
/// the frame.
struct Movable {
    edge: usize,
    frame: Rect,
    points: Vec<Point>,
    starts: Vec<f32>,
    /// What the moved part may touch: the frame's span and the sideways
    /// run, from the run's level to the frame's top.
    region: Rect,
}

/// The new paths of the frames' arrows that cross fewer arrows leaving
/// elsewhere along their frame's top, as (edge index, corner points).
/// `paths` holds the corner points of each argument's arrow
/// routed between rows (`None` for others), `attacked` whether an undercut
/// aims at an argument's arrow (those stay where the undercut meets them).
pub(super) fn choose(
    edges: &[Edge],
    main_of: &EdgeIndex,
    frames: &[Option<Rect>],
    paths: &[Option<Vec<Point>>],
    attacked: &dyn Fn(usize) -> bool,
) -> Vec<(usize, Vec<Point>)> {
    // Where the arrows of premises drawn elsewhere start, by x.
    let mut leaving: Vec<(f32, f32, usize)> = edges
        .iter()
        .filter(|e| e.premise.is_some())
        .map(|e| {
            let p = e.start();
            (p.x, p.y, e.argument)
        })
        .collect();
    if leaving.is_empty() {
        return Vec::new();
    }
    leaving.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    // Each frame's routed arrow that an undercut does not aim at, rising
    // from the frame's top into a sideways run, with the arrows of other
    // arguments leaving from inside the frame.
    let mut movable: Vec<Movable> = Vec::new();
    for (a, frame) in frames.iter().enumerate() {
        let (Some(frame), Some(edge), Some(Some(points))) = (*frame, main_of.main(a), paths.get(a))
        else {
            continue;
        };
        let [p0, p1, p2, ..] = points[..] else {
            continue;
        };
        let rises = p0.x == p1.x && p1.y < p0.y && (p0.y - frame.min.y).abs() < 0.5;
        if !rises || p2.y != p1.y || (p2.x - p1.x).abs() < SHORTEST_RUN {
            continue;
        }
        let mut starts: Vec<f32> = Vec::new();
        let first = leaving.partition_point(|l| l.0 <= frame.min.x);
        for &(x, y, argument) in leaving[first..].iter().take_while(|l| l.0 < frame.max.x) {
            let inside = y > frame.min.y + 0.5 && y < frame.max.y;
            if inside && argument != a && !starts.contains(&x) {
                starts.push(x);
            }
        }
        if starts.is_empty() || attacked(a) {
            continue;
        }
        let region = Rect {
            min: Point::new(frame.min.x.min(p2.x), p1.y),
            max: Point::new(frame.max.x.max(p2.x), frame.min.y),
        }
        .expand(1.0);
        movable.push(Movable {
            edge,
            frame,
            points: points.clone(),
            starts,
            region,
        });
    }
    if movable.is_empty() {
        return Vec::new();
    }
    // The straight pieces of every other arrow near each moved part, found
    // in a flat grid of a few cells per part (a row of cells is one slice
    // to read, however long a sideways piece is).
    let regions: Vec<Rect> = movable.iter().map(|m| m.region).collect();
    let region_grid = DenseGrid::with_cells(&regions, 16 * regions.len() as i64 + 64);
    // The moved parts sharing area with `r`.
    let parts_near = |r: Rect| {
        let regions = &regions;
        region_grid
            .near(&r)
            .filter(move |&k| regions[k].intersects(&r))
    };
    let mut near: Vec<Vec<(usize, Point, Point)>> = vec![Vec::new(); movable.len()];
    let mut flat: Vec<Point> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        // Most arrows are short and far from every moved part: one lookup
        // of the whole arrow's bounds passes them by, where a lookup per
        // piece cost a large map's layout several milliseconds. A piece
        // lies within its arrow's bounds, so none of an arrow passed by is
        // near a moved part.
        let arrow = e
            .pieces()
            .map(Cubic::bounds)
            .fold(Rect::NOTHING, Rect::union);
        if parts_near(arrow).next().is_none() {
            continue;
        }
        for c in e.pieces() {
            let mut hit = parts_near(c.bounds()).peekable();
            if hit.peek().is_none() {
                continue;
            }
            flat.clear();
            quality::flatten(*c, &mut flat);
            for k in hit {
                if near[k].last().is_some_and(|s| s.0 == i && s.2 == flat[0]) {
                    // Already added from an earlier cell of the same piece.
                    continue;
                }
                near[k].extend(flat.windows(2).map(|w| (i, w[0], w[1])));
            }
        }
    }
    let mut chosen = Vec::new();
    for (m, pieces) in movable.iter().zip(&near) {
        let (p0, p1, p2) = (m.points[0], m.points[1], m.points[2]);
        let crossings = |x: f32| -> usize {
            let start = Point::new(x, p0.y);
            let turn = Point::new(x, p1.y);
            let mut crossed: Vec<usize> = Vec::new();
            for &(i, a, b) in pieces {
                if i == m.edge || crossed.contains(&i) {
                    continue;
                }
                let ends = [start, edges[i].start(), edges[i].curve.to];
                for (p, q) in [(start, turn), (turn, p2)] {
                    if let Some(at) = quality::proper_intersection(p, q, a, b)
                        && ends
                            .iter()
                            .all(|e| quality::dist(at, *e) >= quality::END_SLACK)
                    {
                        crossed.push(i);
                        break;
                    }
                }
            }
            crossed.len()
        };
        let right = p2.x > p1.x;
        let fits = |x: f32| {
            x >= m.frame.min.x + CORNER_ROOM
                && x <= m.frame.max.x - CORNER_ROOM
                && if right {
                    x <= p2.x - SHORTEST_RUN
                } else {
                    x >= p2.x + SHORTEST_RUN
                }
                && m.starts.iter().all(|s| (s - x).abs() >= BESIDE - 0.01)
        };
        let mut best = (crossings(p0.x), p0.x);
        if best.0 == 0 {
            continue;
        }
        for &s in &m.starts {
            for x in [s - BESIDE, s + BESIDE] {
                if !fits(x) {
                    continue;
                }
                let n = crossings(x);
                let nearer = (x - p0.x).abs() < (best.1 - p0.x).abs();
                if n < best.0 || (n == best.0 && best.1 != p0.x && nearer) {
                    best = (n, x);
                }
            }
        }
        if best.1 != p0.x {
            let mut points = m.points.clone();
            points[0].x = best.1;
            points[1].x = best.1;
            chosen.push((m.edge, points));
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::route::pieces;

    fn edge(argument: usize, premise: Option<usize>, points: &[(f32, f32)]) -> Edge {
        let points: Vec<Point> = points.iter().map(|&(x, y)| Point::new(x, y)).collect();
        let mut p = pieces(&points);
        let curve = p.pop().unwrap();
        Edge {
            argument,
            premise,
            lead: p,
            curve,
            label: None,
        }
    }

    /// Arrows, frames and routed paths, by argument.
    type Fixture = (Vec<Edge>, Vec<Option<Rect>>, Vec<Option<Vec<Point>>>);

    /// A frame (argument 0) whose arrow leaves the middle of its top and
    /// runs right to a claim above; a member (claim 5) near its left end
    /// also bears on argument 1, drawn further right: that arrow rises,
    /// runs right past the frame's arrow and crosses its first rise.
    fn nested() -> Fixture {
        let main = [(150.0, 100.0), (150.0, 60.0), (400.0, 60.0), (400.0, 20.0)];
        let extra = [(95.0, 110.0), (95.0, 79.0), (600.0, 79.0), (600.0, 20.0)];
        let edges = vec![edge(0, None, &main), edge(1, Some(5), &extra)];
        let frame = Rect {
            min: Point::new(0.0, 100.0),
            max: Point::new(300.0, 160.0),
        };
        let path = main.iter().map(|&(x, y)| Point::new(x, y)).collect();
        (edges, vec![Some(frame), None], vec![Some(path), None])
    }

    #[test]
    fn a_frame_arrow_leaves_beside_its_members_arrow_instead_of_crossing_it() {
        let (edges, frames, paths) = nested();
        let index = EdgeIndex::new(&edges, 2);
        let moved = choose(&edges, &index, &frames, &paths, &|_| false);
        // It now leaves just left of the member's arrow, which runs below
        // its sideways run: no crossing.
        let expected = [(77.0, 100.0), (77.0, 60.0), (400.0, 60.0), (400.0, 20.0)];
        let expected: Vec<Point> = expected.iter().map(|&(x, y)| Point::new(x, y)).collect();
        assert_eq!(moved, vec![(0, expected)]);
    }

    #[test]
    fn a_frame_arrow_an_undercut_meets_stays_in_the_middle() {
        let (edges, frames, paths) = nested();
        let index = EdgeIndex::new(&edges, 2);
        assert!(choose(&edges, &index, &frames, &paths, &|a| a == 0).is_empty());
    }

    #[test]
    fn an_arrow_coming_down_onto_the_frame_counts_like_any_other() {
        let (mut edges, frames, paths) = nested();
        // A co-premise drawn elsewhere comes down onto the middle of the
        // frame's top from the left, over where the frame's arrow would
        // leave beside its member's: moving it there crosses that arrow
        // instead, so it stays.
        let down = [
            (-300.0, 300.0),
            (-300.0, 40.0),
            (150.0, 40.0),
            (150.0, 100.0),
        ];
        edges.push(edge(0, Some(7), &down));
        let index = EdgeIndex::new(&edges, 2);
        assert!(choose(&edges, &index, &frames, &paths, &|_| false).is_empty());
    }

    #[test]
    fn a_frame_arrow_may_leave_away_from_where_co_premises_come_down() {
        // The frame's arrow runs left; both members' arrows drawn elsewhere
        // run left too, the right one rising at x 100 through the frame's
        // sideways run; a co-premise drawn elsewhere comes down onto the
        // middle of the frame's top from the right.
        let main = [
            (150.0, 100.0),
            (150.0, 60.0),
            (-100.0, 60.0),
            (-100.0, 20.0),
        ];
        let left = [(60.0, 110.0), (60.0, 79.0), (-300.0, 79.0), (-300.0, 20.0)];
        let right = [(205.0, 110.0), (205.0, 79.0), (100.0, 79.0), (100.0, 20.0)];
        let down = [(900.0, 300.0), (900.0, 40.0), (150.0, 40.0), (150.0, 100.0)];
        let edges = vec![
            edge(0, None, &main),
            edge(1, Some(5), &left),
            edge(2, Some(6), &right),
            edge(0, Some(7), &down),
        ];
        let frame = Rect {
            min: Point::new(0.0, 100.0),
            max: Point::new(300.0, 160.0),
        };
        let path: Vec<Point> = main.iter().map(|&(x, y)| Point::new(x, y)).collect();
        let index = EdgeIndex::new(&edges, 3);
        let moved = choose(
            &edges,
            &index,
            &[Some(frame), None, None],
            &[Some(path), None, None],
            &|_| false,
        );
        // Just right of the left member's arrow it crosses nothing, where it
        // crossed the right member's arrow (twice); the arrow coming down
        // keeps its path.
        let expected = [(78.0, 100.0), (78.0, 60.0), (-100.0, 60.0), (-100.0, 20.0)];
        let expected: Vec<Point> = expected.iter().map(|&(x, y)| Point::new(x, y)).collect();
        assert_eq!(moved, vec![(0, expected)]);
    }

    #[test]
    fn a_frame_arrow_crossing_nothing_stays_in_the_middle() {
        let (mut edges, frames, paths) = nested();
        // The member's arrow runs left instead: apart from the frame's.
        edges[1] = edge(
            1,
            Some(5),
            &[(95.0, 110.0), (95.0, 79.0), (-200.0, 79.0), (-200.0, 20.0)],
        );
        let index = EdgeIndex::new(&edges, 2);
        assert!(choose(&edges, &index, &frames, &paths, &|_| false).is_empty());
    }
}
