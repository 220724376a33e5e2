//! Placing the branches that carry links against crossings, where file
//! order leaves a choice.
//!
//! Arrows inside one claim's rows never cross (see `route`); crossings
//! come from the arrows drawn between branches: a premise shared with an
//! argument in another branch, or an undercut of an argument drawn
//! elsewhere. Each such *link* pulls the branches at its two ends towards
//! each other. Branches without links keep their file order among
//! themselves.
//!
//! For a map small enough to be read whole, [`choose`] tries a few
//! [`Variant`]s and measures each with `quality`: the clusters under each
//! claim ordered by the barycentre of their links (ranks in a depth-first
//! walk, shallow layers first; a link's pull on a branch is the signed
//! distance from its end there to its other end, so the pulls of a link
//! inside one branch cancel and one bottom-up pass sums them), or moved to
//! the end of a row on the side where their links lead in a drawing made
//! before; rows filled as wide as one wide cluster makes them; uneven sides
//! of a trunk; shared premises drawn under another of their arguments; and
//! single moves of each linked cluster among its siblings. A variant is
//! kept only when it measurably helps. Larger maps keep file order: the
//! tries cost a layout and a measurement each.

use crate::model::{Map, MapIndex, Target};

use super::Layout;
use super::quality::{Quality, layout_quality};

use super::arrange::{Cluster, Toward, UnitRef};
use super::tree::Forest;

/// Bands of layers reordered one after the other (each re-ranks the tree
/// with the order above it); the last band holds every deeper layer.
const BANDS: usize = 8;
/// How far a branch moves towards its links in the orders tried: half
/// way, as the other end moves too, or all the way.
const PULLS: [f64; 2] = [0.5, 1.0];
/// Largest map (in claims) for which orders are tried and measured (and
/// whose main conclusion stays centred over its reasons, see `arrange`):
/// an essay's, or an annotated debate's of a hundred or two claims. Up to
/// about this size file order crosses more arrows than Graphviz's `dot`
/// on some maps (generated ones of 100 and 130 claims, see BENCHMARKS.md);
/// a search costs up to about 150 layouts and measurements, so larger
/// maps keep file order and the layout stays near-linear.
pub(super) const TRY_LIMIT: usize = 200;
/// How much smaller (as a share) the zoom at Fit may get for fewer
/// crossings: a little, since every crossing costs the reader more.
const FIT_GIVE: f32 = 0.035;
/// Zoom at Fit from which a map counts as readable whole: a reorder may
/// shrink such a map a little, as long as it stays readable whole.
const READABLE_FIT: f32 = 0.9;

/// What [`choose`] measures the orders against.
#[derive(Debug, Clone, Copy)]
pub(super) struct Goal {
    /// The canvas Fit is measured in: the shape the layout aims at.
    pub canvas: (f32, f32),
    /// The room the map fits in when readable where it will be shown (a
    /// page), if that is known: an order that comes nearer to fitting it
    /// beats one that does not, whatever their crossings.
    pub readable_room: Option<(f32, f32)>,
}

/// How the reasons under each claim are ordered and wrapped in one
/// layout tried.
#[derive(Debug, Clone, Default)]
pub(super) struct Variant {
    /// Clusters moved this share of the way towards their links, by rank
    /// (`None`: file order).
    pub pull: Option<f64>,
    /// The x of each claim's centre in a layout drawn before: clusters
    /// whose links lead far to one side go to the end of a first row on
    /// that side.
    pub drawn: Option<Vec<f32>>,
    /// Rows after a row made wide by one wide cluster fill that width.
    pub fill_rows: bool,
    /// Clusters marked by `drawn` go to the last rows, not the first.
    pub pulled_last: bool,
    /// Clusters marked by `drawn` go to the outer ends of their claim's
    /// arrangement, not of their side of its trunk.
    pub pulled_across: bool,
    /// A side of a trunk wider than half the width limit leaves the other
    /// side the rest.
    pub uneven_sides: bool,
    /// Per claim, the order of its clusters (as indices into the order
    /// the settings above give), applied last.
    pub perms: Vec<(usize, Vec<usize>)>,
    /// Shared premises drawn under another of their arguments than the
    /// first the walk from the conclusion reaches: (premise, argument).
    pub homes: Vec<(usize, usize)>,
}

/// Orders `clusters` as `variant` says.
pub(super) fn apply(
    variant: &Variant,
    forest: &Forest,
    index: &MapIndex,
    units: &[UnitRef],
    roots: &[usize],
    clusters: &mut [Vec<Cluster>],
) {
    if let Some(pull) = variant.pull {
        order_clusters(forest, index, units, roots, clusters, pull);
    }
    if let Some(x) = &variant.drawn {
        mark_toward(forest, index, units, roots, clusters, x);
    }
    for (c, perm) in &variant.perms {
        let Some(cs) = clusters.get_mut(*c) else {
            continue;
        };
        let mut seen = vec![false; cs.len()];
        let whole = perm.len() == cs.len()
            && perm
                .iter()
                .all(|&j| j < seen.len() && !std::mem::replace(&mut seen[j], true));
        if whole {
            let mut old: Vec<Option<Cluster>> = std::mem::take(cs).into_iter().map(Some).collect();
            *cs = perm.iter().filter_map(|&j| old[j].take()).collect();
        }
    }
}

/// Marks the clusters whose links lead to one side in the drawing `x`
/// (each claim's centre). A link marks every cluster between one of its
/// ends and the claim under which both ends meet; there, the smaller of
/// the two clusters holding the ends is marked towards the other end.
/// Costs up to the tree's depth per link: only for small maps.
fn mark_toward(
    forest: &Forest,
    index: &MapIndex,
    units: &[UnitRef],
    roots: &[usize],
    clusters: &mut [Vec<Cluster>],
    x: &[f32],
) {
    let n = clusters.len();
    if x.len() != n {
        return;
    }
    let ranks = Ranks::new(units, roots, clusters);
    // Per claim: the claim and cluster it is drawn in.
    let mut home: Vec<Option<(usize, usize)>> = vec![None; n];
    for (c, cs) in clusters.iter().enumerate() {
        for (j, cl) in cs.iter().enumerate() {
            for &u in &cl.units {
                for &m in &units[u].members {
                    if m < n {
                        home[m] = Some((c, j));
                    }
                }
            }
        }
    }
    // Per claim and cluster: summed (other end's x − own x), other end's
    // x, and count.
    let mut sums: Vec<Vec<(f32, f32, u32)>> = clusters
        .iter()
        .map(|cs| vec![(0.0, 0.0, 0); cs.len()])
        .collect();
    for (a, b) in links(forest, index, n) {
        if ranks.is_ancestor(a, b) || ranks.is_ancestor(b, a) {
            continue;
        }
        // Up from each end to the claim holding both.
        let mut meet: [Option<(usize, usize, usize)>; 2] = [None, None];
        for (k, (from, to)) in [(a, b), (b, a)].into_iter().enumerate() {
            let mut m = from;
            let mut steps = 0;
            while let Some((c, j)) = home[m] {
                if ranks.is_ancestor(c, to) {
                    meet[k] = Some((c, j, m));
                    break;
                }
                let s = &mut sums[c][j];
                s.0 += x[to] - x[from];
                s.1 += x[to];
                s.2 += 1;
                m = c;
                steps += 1;
                if steps > n {
                    break;
                }
            }
        }
        if let [Some((c, ja, ma)), Some((_, jb, mb))] = meet
            && ja != jb
        {
            // The smaller branch goes to the larger.
            let (j, own, other) = if ranks.size[ma] <= ranks.size[mb] {
                (ja, a, b)
            } else {
                (jb, b, a)
            };
            let s = &mut sums[c][j];
            s.0 += x[other] - x[own];
            s.1 += x[other];
            s.2 += 1;
        }
    }
    for (cs, sum) in clusters.iter_mut().zip(&sums) {
        if cs.len() < 2 {
            continue;
        }
        for (cl, &(dx, goal, count)) in cs.iter_mut().zip(sum) {
            if count == 0 {
                continue;
            }
            let dx = dx / count as f32;
            if dx.abs() >= 1.0 {
                cl.toward = Some(Toward {
                    right: dx > 0.0,
                    goal: goal / count as f32,
                });
            }
        }
    }
}

/// Most layouts tried for one map while moving single clusters.
const MAX_MOVES: usize = 48;

/// Whether [`choose`] tries other orders for `map`: a small map where a
/// shared premise or an undercut links branches.
pub(super) fn searches(map: &Map, index: &MapIndex) -> bool {
    let n = map.claims.len();
    n <= TRY_LIMIT
        && ((0..map.arguments.len()).any(|a| matches!(index.target(a), Some(Target::Argument(_))))
            || (0..n).any(|c| index.premise_of(c).len() > 1))
}

/// The best of `plain` (file order) and the layouts `candidate` gives for
/// the variants tried. Variants first: rows filled, uneven sides, and the
/// orders towards links (by rank, or by where links lead in a drawing);
/// then, from the best of those, each cluster with a link is moved to
/// every other place among its siblings, one move at a time, keeping a
/// move when it helps. A layout is taken only when no number gets worse
/// than the best's so far (arrows through boxes, label and box overlaps,
/// arrows coming down onto a claim or frame) but the zoom at Fit, which
/// may get [`FIT_GIVE`] smaller than file order's (or stay readable
/// whole), and it has fewer faults and crossings, or as many and a larger
/// zoom (see [`better`]). Only maps with links and at most [`TRY_LIMIT`]
/// claims are tried; on larger ones the cost would not stay near-linear.
pub(super) fn choose(
    map: &Map,
    index: &MapIndex,
    plain: Layout,
    goal: Goal,
    candidate: impl Fn(&Variant) -> Layout,
) -> Layout {
    if !searches(map, index) {
        return plain;
    }
    let n = map.claims.len();
    let drawn: Vec<f32> = plain.claims.iter().map(|c| c.rect.center().x).collect();
    // Fit is measured in a canvas of the shape the layout aims at (the
    // window's, or a page's).
    // Each layout's quality, and how near it comes to the readable room
    // (the scale at which it fits there, 1 once it fits).
    let quality = |l: &Layout| Measured {
        quality: Quality {
            fit_zoom: super::quality::fit_zoom(l.bounds, goal.canvas),
            ..layout_quality(l)
        },
        readable: goal.readable_room.map(|(w, h)| {
            (w / l.bounds.width().max(1.0))
                .min(h / l.bounds.height().max(1.0))
                .min(1.0)
        }),
    };
    let mut best_q = quality(&plain);
    let floor = best_q.quality.fit_zoom * (1.0 - FIT_GIVE);
    let mut best = plain;
    let mut best_variant = Variant::default();
    let try_one = |v: &Variant, best: &mut Layout, best_q: &mut Measured| -> bool {
        let l = candidate(v);
        let q = quality(&l);
        if better(&q, best_q, floor) {
            *best = l;
            *best_q = q;
            true
        } else {
            false
        }
    };
    // Every setting of the flags, with each order.
    let variants = |homes: &[(usize, usize)], drawn: &[f32]| -> Vec<Variant> {
        let mut out = Vec::new();
        for uneven_sides in [false, true] {
            for fill_rows in [false, true] {
                let base = Variant {
                    fill_rows,
                    uneven_sides,
                    homes: homes.to_vec(),
                    ..Variant::default()
                };
                for pull in PULLS.map(Some).into_iter().chain([None]) {
                    out.push(Variant {
                        pull,
                        ..base.clone()
                    });
                }
                for pulled_last in [false, true] {
                    for pulled_across in [false, true] {
                        out.push(Variant {
                            drawn: Some(drawn.to_vec()),
                            pulled_last,
                            pulled_across,
                            ..base.clone()
                        });
                    }
                }
            }
        }
        out
    };
    for v in variants(&[], &drawn) {
        if v.pull.is_none() && v.drawn.is_none() && !v.fill_rows && !v.uneven_sides {
            continue;
        }
        if try_one(&v, &mut best, &mut best_q) {
            best_variant = v;
        }
    }
    // A shared premise drawn under another of its arguments: one at a
    // time, kept when it helps; then the settings again with those homes.
    let mut homes: Vec<(usize, usize)> = Vec::new();
    for p in (0..n).chain(0..n) {
        let args = index.premise_of(p);
        if args.len() < 2 || homes.iter().any(|h| h.0 == p) {
            continue;
        }
        for &a in args {
            let mut trial = homes.clone();
            trial.push((p, a));
            let v = Variant {
                homes: trial.clone(),
                ..best_variant.clone()
            };
            if try_one(&v, &mut best, &mut best_q) {
                homes = trial;
                best_variant = v;
                break;
            }
        }
    }
    if !homes.is_empty() {
        let drawn: Vec<f32> = best.claims.iter().map(|c| c.rect.center().x).collect();
        for v in variants(&homes, &drawn) {
            if try_one(&v, &mut best, &mut best_q) {
                best_variant = v;
            }
        }
    }
    // Single moves from the best variant.
    let forest = super::tree::build_with(map, index, &best_variant.homes);
    let plan = super::arrange::Plan::new(&forest, index, &best_variant);
    let movable = linked_clusters(&forest, index, &plan);
    let mut perms: std::collections::BTreeMap<usize, Vec<usize>> = movable
        .iter()
        .map(|&(c, _)| (c, (0..plan.clusters[c].len()).collect()))
        .collect();
    let mut tries = 0;
    for _sweep in 0..2 {
        let mut improved = false;
        for &(c, j) in &movable {
            let Some(current) = perms.get(&c).cloned() else {
                continue;
            };
            for place in 0..current.len() {
                let Some(at) = perms.get(&c).and_then(|p| p.iter().position(|&x| x == j)) else {
                    break;
                };
                if place == at || tries >= MAX_MOVES {
                    continue;
                }
                tries += 1;
                let mut perm = perms.get(&c).cloned().unwrap_or_default();
                let moved = perm.remove(at);
                perm.insert(place, moved);
                let mut trial = perms.clone();
                trial.insert(c, perm.clone());
                let v = Variant {
                    perms: trial.into_iter().collect(),
                    ..best_variant.clone()
                };
                if try_one(&v, &mut best, &mut best_q) {
                    perms.insert(c, perm);
                    improved = true;
                }
            }
        }
        if !improved || tries >= MAX_MOVES {
            break;
        }
    }
    best
}

/// The clusters (claim, index among its clusters) whose branch holds one
/// end of a link and not the other.
fn linked_clusters(
    forest: &Forest,
    index: &MapIndex,
    plan: &super::arrange::Plan,
) -> Vec<(usize, usize)> {
    let n = plan.clusters.len();
    let ranks = Ranks::new(&plan.units, &plan.roots, &plan.clusters);
    let links: Vec<(usize, usize)> = links(forest, index, n)
        .into_iter()
        .filter(|&(a, b)| !ranks.is_ancestor(a, b) && !ranks.is_ancestor(b, a))
        .collect();
    let mut out = Vec::new();
    for (c, cs) in plan.clusters.iter().enumerate() {
        if cs.len() < 2 {
            continue;
        }
        for (j, cl) in cs.iter().enumerate() {
            let holds = |x: usize| {
                cl.units
                    .iter()
                    .flat_map(|&u| &plan.units[u].members)
                    .any(|&m| ranks.is_ancestor(m, x))
            };
            if links.iter().any(|&(a, b)| holds(a) != holds(b)) {
                out.push((c, j));
            }
        }
    }
    out
}

/// A layout's quality, and when the room it is readable in is known, the
/// scale at which it fits there (1 once it fits).
struct Measured {
    quality: Quality,
    readable: Option<f32>,
}

/// True when `a` should replace `b`: it has no more arrows through boxes
/// or frames, box or label overlaps, or arrows coming down onto a claim or
/// frame, and then, with a readable room known, it fits that room at a
/// larger scale than `b` (until both fit it); otherwise its zoom at Fit
/// is not below `floor` (or is readable whole), and it has fewer of those
/// and crossings together, or as many and a larger zoom.
fn better(a: &Measured, b: &Measured, floor: f32) -> bool {
    if let (Some(ra), Some(rb)) = (a.readable, b.readable)
        && (ra - rb).abs() > FIT_EPS
        && !worse_placed(&a.quality, &b.quality)
    {
        return ra > rb;
    }
    let (a, b) = (&a.quality, &b.quality);
    if worse_placed(a, b) || (a.fit_zoom < floor - FIT_EPS && a.fit_zoom < READABLE_FIT) {
        return false;
    }
    let bad = |q: &Quality| {
        q.crossings
            + q.through_boxes
            + q.through_frames
            + q.box_overlaps
            + q.label_overlaps
            + q.downward
    };
    bad(a) < bad(b) || (bad(a) == bad(b) && a.fit_zoom > b.fit_zoom + FIT_EPS)
}

/// Differences in zoom smaller than this count as none.
const FIT_EPS: f32 = 1e-3;

/// True when `a` has more arrows through boxes or frames, box or label
/// overlaps, or arrows coming down onto a claim or frame than `b`.
fn worse_placed(a: &Quality, b: &Quality) -> bool {
    a.through_boxes > b.through_boxes
        || a.through_frames > b.through_frames
        || a.box_overlaps > b.box_overlaps
        || a.label_overlaps > b.label_overlaps
        || a.downward > b.downward
}

/// Reorders the clusters under every claim (`clusters`, indexed by claim)
/// towards their links. `units` are the plan's units, `roots` its root
/// units.
pub(super) fn order_clusters(
    forest: &Forest,
    index: &MapIndex,
    units: &[UnitRef],
    roots: &[usize],
    clusters: &mut [Vec<Cluster>],
    pull_share: f64,
) {
    let n = clusters.len();
    let links = links(forest, index, n);
    if links.is_empty() {
        return;
    }
    // Shallow claims first, each band after the ranks reflect the order
    // above it, so a branch is pulled towards where its links lead as
    // finally drawn; the deepest band takes all the rest.
    for band in 0..BANDS {
        let in_band = |c: usize| {
            let layer = forest.layer.get(c).copied().unwrap_or(0);
            layer == band || (band + 1 == BANDS && layer >= band)
        };
        let ranks = Ranks::new(units, roots, clusters);
        // Per claim: the summed pull of the links with an end in its
        // subtree, and how many link ends it holds.
        let mut pull = vec![0.0f64; n];
        let mut ends = vec![0u32; n];
        for &(x, y) in &links {
            // A link to an ancestor pulls no branch to either side.
            if ranks.is_ancestor(x, y) || ranks.is_ancestor(y, x) {
                continue;
            }
            let d = ranks.pre[y] as f64 - ranks.pre[x] as f64;
            pull[x] += d;
            pull[y] -= d;
            ends[x] += 1;
            ends[y] += 1;
        }
        // Subtree sums, children before parents.
        for &c in ranks.walk.iter().rev() {
            if let Some(p) = ranks.parent[c] {
                pull[p] += pull[c];
                ends[p] += ends[c];
            }
        }
        for (c, cs) in clusters.iter_mut().enumerate() {
            if cs.len() < 2 || !in_band(c) {
                continue;
            }
            let keys: Vec<f64> = cs
                .iter()
                .map(|cl| {
                    let members = cl.units.iter().flat_map(|&u| &units[u].members);
                    let (mut p, mut e, mut lo, mut hi) = (0.0, 0u32, usize::MAX, 0);
                    for &m in members {
                        p += pull[m];
                        e += ends[m];
                        lo = lo.min(ranks.pre[m]);
                        hi = hi.max(ranks.pre[m] + ranks.size[m]);
                    }
                    let mid = (lo as f64 + hi as f64) / 2.0;
                    if e == 0 || p == 0.0 {
                        mid
                    } else {
                        mid + pull_share * p / f64::from(e)
                    }
                })
                .collect();
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
            if order.iter().enumerate().any(|(i, &j)| i != j) {
                let old = std::mem::take(cs);
                let mut old: Vec<Option<Cluster>> = old.into_iter().map(Some).collect();
                *cs = order.iter().filter_map(|&j| old[j].take()).collect();
            }
        }
    }
}

/// The links of the map: pairs of claims joined by an arrow drawn between
/// branches (a shared premise and where its other argument is drawn; an
/// undercut and the argument it attacks).
fn links(forest: &Forest, index: &MapIndex, n: usize) -> Vec<(usize, usize)> {
    let m = forest.members.len();
    // Where an argument is drawn: its first member, or else its target.
    let anchor = |a: usize| -> Option<usize> {
        if let Some(&p) = forest.members.get(a)?.first() {
            return Some(p);
        }
        match index.target(a)? {
            Target::Claim(t) => Some(t),
            Target::Argument(b) => forest.members.get(b)?.first().copied(),
        }
    };
    let mut out = Vec::new();
    for a in 0..m {
        let Some(to) = anchor(a) else { continue };
        let members = &forest.members[a];
        for &p in index.premises(a) {
            if p < n && p != to && !members.contains(&p) {
                out.push((p, to));
            }
        }
        if let Some(Target::Argument(b)) = index.target(a)
            && let (Some(&from), Some(to)) = (members.first(), anchor(b))
            && from != to
        {
            out.push((from, to));
        }
    }
    out
}

/// Depth-first ranks of the claims, in the current order of clusters.
struct Ranks {
    /// Per claim: its rank (roots in order, each before its subtree).
    pre: Vec<usize>,
    /// Per claim: the number of claims in its subtree, itself included.
    size: Vec<usize>,
    /// Per claim: the claim it hangs under.
    parent: Vec<Option<usize>>,
    /// Claims in rank order.
    walk: Vec<usize>,
}

impl Ranks {
    fn new(units: &[UnitRef], roots: &[usize], clusters: &[Vec<Cluster>]) -> Self {
        let n = clusters.len();
        let mut r = Self {
            pre: vec![0; n],
            size: vec![1; n],
            parent: vec![None; n],
            walk: Vec::with_capacity(n),
        };
        let mut seen = vec![false; n];
        // An explicit stack: long chains must not overflow.
        let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
        for &u in roots.iter().rev() {
            for &m in units[u].members.iter().rev() {
                stack.push((m, None));
            }
        }
        while let Some((c, parent)) = stack.pop() {
            if c >= n || seen[c] {
                continue;
            }
            seen[c] = true;
            r.pre[c] = r.walk.len();
            r.parent[c] = parent;
            r.walk.push(c);
            for cl in clusters[c].iter().rev() {
                for &u in cl.units.iter().rev() {
                    for &m in units[u].members.iter().rev() {
                        stack.push((m, Some(c)));
                    }
                }
            }
        }
        for &c in r.walk.iter().rev() {
            if let Some(p) = r.parent[c] {
                r.size[p] += r.size[c];
            }
        }
        r
    }

    /// True when `a` is `b` or above it in the tree.
    fn is_ancestor(&self, a: usize, b: usize) -> bool {
        self.pre[a] <= self.pre[b] && self.pre[b] < self.pre[a] + self.size[a]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(fit_zoom: f32, crossings: usize, readable: Option<f32>) -> Measured {
        Measured {
            quality: Quality {
                fit_zoom,
                crossings,
                ..Quality::default()
            },
            readable,
        }
    }

    #[test]
    fn on_screen_fewer_crossings_win_unless_the_map_shrinks_too_much() {
        let b = measured(0.60, 4, None);
        assert!(better(&measured(0.59, 2, None), &b, 0.58));
        assert!(!better(&measured(0.55, 2, None), &b, 0.58));
        assert!(!better(&measured(0.70, 5, None), &b, 0.58));
    }

    #[test]
    fn with_a_readable_room_the_nearer_to_fitting_it_wins_then_fewer_crossings() {
        // Neither fits the room: the larger scale wins, crossings or not.
        let b = measured(0.60, 2, Some(0.95));
        assert!(better(&measured(0.62, 7, Some(0.97)), &b, 0.58));
        assert!(!better(&measured(0.58, 0, Some(0.93)), &b, 0.58));
        // Both fit it: crossings decide again.
        let b = measured(0.64, 4, Some(1.0));
        assert!(better(&measured(0.63, 2, Some(1.0)), &b, 0.62));
        assert!(!better(&measured(0.70, 5, Some(1.0)), &b, 0.62));
        // Never at the price of an arrow through a box.
        let through = Measured {
            quality: Quality {
                through_boxes: 1,
                ..measured(0.70, 0, None).quality
            },
            readable: Some(1.0),
        };
        assert!(!better(&through, &measured(0.60, 2, Some(0.9)), 0.58));
    }
}
