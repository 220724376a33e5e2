//! Placing boxes: every claim's reasons in rows under it, wrapped when
//! there are too many side by side, and the map's separate parts packed
//! into a block of the target shape.
//!
//! Each claim with reasons gets an *arrangement* below it: its argument
//! units (a premise box with what hangs below it, or a co-premise frame
//! with what hangs below its members) in file order, in one row, or in
//! several rows when one row would be wider than the width limit. With
//! several rows, each row is split in two around a free *trunk* under the
//! claim, through which the arrows of the lower rows rise (the "assistant"
//! placement of compact organisation charts). An undercut stays in the row
//! of the argument it attacks, right beside it (a *cluster*). Under the
//! main conclusion of a map read whole, a cluster wider than the width
//! limit goes below the others, right under the trunk, its arrow rising
//! straight up it, and the others spread on both sides of the trunk above
//! it: the conclusion stays centred over its reasons.
//!
//! Above every row is a *channel*, tall enough for the horizontal runs of
//! the arrows that leave that row (see `route`). A lower row rises to just
//! below the blocks over its own span (from the trunk to its far end), not
//! to below the tallest block of the row above. A frame of many leaf
//! co-premises wider than the width limit wraps them into rows.
//!
//! The width limit is searched for: the narrowest limit is not always the
//! best, so a few limits are tried and the one whose packed result is
//! closest to the target aspect wins (ties to the widest limit, so a map
//! that already has the right shape is not wrapped).

use crate::geom::{Point, Rect};

use super::offsets::Offsets;
use super::tree::Forest;
use super::{BoxText, Spacing};

/// Vertical distance between the turn levels of arrows in a channel (the
/// free height above and below them is the style's `channel_head` and
/// `channel_foot`).
pub(super) const LEVEL_STEP: f32 = 9.0;
/// Co-premises from which a frame wider than the width limit wraps them
/// into rows.
const MANY_CO_PREMISES: usize = 5;
/// Blocks on one side of a trunk up to which a lower row looks for the
/// skyline above its span; beyond, it goes below all of them.
const SKYLINE_BLOCKS: usize = 64;
/// Distance between neighbouring arrow heads under one box.
pub(super) const ARRIVAL_STEP: f32 = 18.0;

/// An argument drawn under a claim (or a root, drawn under nothing).
#[derive(Debug, Clone)]
pub(super) struct UnitRef {
    /// The argument, or `None` for a root.
    pub argument: Option<usize>,
    /// Its premises drawn here.
    pub members: Vec<usize>,
    /// Whether they share a frame.
    pub framed: bool,
    /// Whether the frame may wrap its members into rows: none has reasons
    /// of its own or bears on anything else, so no arrow starts or ends
    /// inside the frame.
    pub wraps: bool,
}

/// Units of one claim side by side that must stay together: an argument
/// and the undercuts aimed at it (and at them).
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    /// Unit indices, the attacked argument first.
    pub units: Vec<usize>,
    /// Whether the first unit's arrow ends at the claim (not an undercut
    /// whose target is drawn elsewhere).
    pub arrives: bool,
    /// Where the cluster's links to other branches lead, as drawn before
    /// (see `order`): such a cluster goes to the end of a first row on
    /// that side; `None` leaves it in sequence.
    pub toward: Option<Toward>,
    /// Whether the cluster, when wider than the width limit, goes below
    /// its siblings, right under the trunk: only under the main
    /// conclusion of a map read whole, whose place at the top centre
    /// matters most (larger maps keep their rows as they were).
    pub sinks: bool,
}

/// Where a cluster's links lead.
#[derive(Debug, Clone, Copy)]
pub(super) struct Toward {
    /// To the right of the cluster (else to its left).
    pub right: bool,
    /// The mean x of the links' other ends, to order clusters pulled the
    /// same way.
    pub goal: f32,
}

/// One row of an arrangement: the only row, or one row of the left or the
/// right side of the trunk.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    /// Clusters, left to right.
    pub clusters: Vec<usize>,
    /// The row above on the same side; `None` for a first row, whose
    /// arrows run in the channel right under the claim.
    pub prev: Option<usize>,
    /// Top of the row, relative to the arrangement's top.
    pub y: f32,
    /// Height of the channel above the row.
    pub channel: f32,
    /// Undercut arrows of the row (ending on a neighbour's arrow).
    pub under: usize,
    /// Left edge of each cluster, relative to the arrangement's anchor.
    pub x: Vec<f32>,
}

/// The reasons of one claim, in rows.
#[derive(Debug, Clone, Default)]
pub(super) struct Arrangement {
    /// Width of all rows together.
    pub width: f32,
    /// Height from the top of the first row to the bottom of the last.
    pub height: f32,
    /// Distance from the left edge to the anchor (under the claim's centre).
    pub anchor: f32,
    /// The rows, nearest the claim first.
    pub rows: Vec<Row>,
    /// Where each arriving cluster's arrow ends, relative to the claim's
    /// centre, by cluster index.
    pub arrival: Vec<(usize, f32)>,
}

/// The block of one unit: its box or frame on top, what hangs below.
#[derive(Debug, Clone, Default)]
pub(super) struct UnitGeo {
    pub width: f32,
    pub height: f32,
    /// Where the unit's arrow starts (top centre of box or frame),
    /// relative to the block's left.
    pub anchor: f32,
    /// Per member: the left of its box, relative to the block's left.
    pub box_dx: Offsets,
    /// Per member: the top of its box, relative to the block's top.
    pub box_dy: Offsets,
    /// Per member: the left of its arrangement, relative to the block's
    /// left (meaningless for members without reasons).
    pub arr_dx: Offsets,
    /// Top of the members' arrangements, relative to the block's top.
    pub arr_dy: f32,
    /// For a frame: its left, width and height.
    pub frame: Option<(f32, f32, f32)>,
}

/// Everything the placement works with that does not depend on the width
/// limit.
pub(super) struct Plan {
    /// All units: every claim's argument units, then one per root.
    pub units: Vec<UnitRef>,
    /// Per claim: its clusters.
    pub clusters: Vec<Vec<Cluster>>,
    /// Per claim: the clusters' unit range starts, for lookups.
    pub roots: Vec<usize>,
    /// Claims children before parents.
    pub bottom_up: Vec<usize>,
    /// Whether rows after a row made wide by one wide cluster may fill
    /// that width, rather than keep to the width limit.
    pub fill_rows: bool,
    /// Whether clusters pulled towards their links go to the ends of the
    /// last rows rather than the first.
    pub pulled_last: bool,
    /// Whether a side of the trunk wider than half the limit leaves the
    /// other side the rest of it, rather than both going to one side.
    pub uneven_sides: bool,
    /// Whether clusters pulled towards their links go to the outer ends
    /// of the arrangement rather than of their own side.
    pub pulled_across: bool,
}

impl Plan {
    /// The settings of `arrange` that come from the plan's variant:
    /// `(fill_rows, pulled_last, uneven_sides, pulled_across)`.
    pub(super) fn flags(&self) -> (bool, bool, bool, bool) {
        (
            self.fill_rows,
            self.pulled_last,
            self.uneven_sides,
            self.pulled_across,
        )
    }

    /// The plan of `forest`: the reasons under each claim in file order,
    /// or as `variant` orders them (see `order`).
    pub(super) fn new(
        forest: &Forest,
        index: &crate::model::MapIndex,
        variant: &super::order::Variant,
    ) -> Self {
        let n = forest.parent.len();
        let mut units = Vec::new();
        let mut clusters: Vec<Vec<Cluster>> = vec![Vec::new(); n];
        // A map small enough to try orders for (an essay's), where the
        // main conclusion's place at the top centre matters most.
        let read_whole = n <= super::order::TRY_LIMIT;
        // Per argument: the unit drawing it, if any.
        let mut unit_of: Vec<Option<usize>> = vec![None; forest.members.len()];
        for &c in &forest.order {
            let mut cs: Vec<Cluster> = Vec::new();
            for unit in &forest.units[c] {
                let u = units.len();
                let members = &forest.members[unit.argument];
                let wraps = unit.framed
                    && members.len() >= MANY_CO_PREMISES
                    && members
                        .iter()
                        .all(|&m| forest.units[m].is_empty() && index.premise_of(m).len() <= 1);
                units.push(UnitRef {
                    argument: Some(unit.argument),
                    members: members.clone(),
                    framed: unit.framed,
                    wraps,
                });
                unit_of[unit.argument] = Some(u);
                let target = index.target(unit.argument);
                let joins = match target {
                    Some(crate::model::Target::Argument(b)) => unit_of[b]
                        .is_some_and(|ub| cs.last().is_some_and(|cl| cl.units.contains(&ub))),
                    _ => false,
                };
                if joins && let Some(last) = cs.last_mut() {
                    last.units.push(u);
                } else {
                    cs.push(Cluster {
                        toward: None,
                        sinks: read_whole && forest.main_root == Some(c),
                        units: vec![u],
                        arrives: matches!(target, Some(crate::model::Target::Claim(_))),
                    });
                }
            }
            clusters[c] = cs;
        }
        let mut roots = Vec::new();
        for r in forest.main_root.iter().chain(&forest.extra_roots) {
            roots.push(units.len());
            units.push(UnitRef {
                argument: None,
                members: vec![*r],
                framed: false,
                wraps: false,
            });
        }
        super::order::apply(variant, forest, index, &units, &roots, &mut clusters);
        Self {
            units,
            clusters,
            roots,
            bottom_up: forest.order.iter().rev().copied().collect(),
            fill_rows: variant.fill_rows,
            pulled_last: variant.pulled_last,
            uneven_sides: variant.uneven_sides,
            pulled_across: variant.pulled_across,
        }
    }
}

/// Placement for one width limit: sizes first, then positions.
pub(super) struct Sizes {
    pub arr: Vec<Arrangement>,
    pub geo: Vec<UnitGeo>,
}

/// The height of a channel for `main` arrows (split into left- and
/// right-going ones) and `under` undercut arrows.
pub(super) fn channel_height(main: usize, under: usize, spacing: &Spacing) -> f32 {
    let levels = main.div_ceil(2) + under;
    (spacing.channel_head + spacing.channel_foot + levels.saturating_sub(1) as f32 * LEVEL_STEP)
        .max(spacing.v_gap)
}

/// Sizes every arrangement and unit block for the width limit `limit`.
pub(super) fn size_all(plan: &Plan, texts: &[BoxText], spacing: &Spacing, limit: f32) -> Sizes {
    let n = texts.len();
    let mut arr: Vec<Arrangement> = vec![Arrangement::default(); n];
    let mut geo: Vec<UnitGeo> = vec![UnitGeo::default(); plan.units.len()];
    // Unit indices of each claim's clusters are all created before the
    // claim's children's, so going bottom-up over claims and, for each,
    // sizing its units first (which need only their members' arrangements)
    // works: members are deeper than the claim.
    for &c in &plan.bottom_up {
        for cl in &plan.clusters[c] {
            for &u in &cl.units {
                geo[u] = size_unit(&plan.units[u], texts, spacing, &arr, limit);
            }
        }
        arr[c] = arrange(
            &plan.clusters[c],
            &geo,
            texts[c].width,
            spacing,
            limit,
            plan.flags(),
        );
    }
    for &u in &plan.roots {
        geo[u] = size_unit(&plan.units[u], texts, spacing, &arr, limit);
    }
    Sizes { arr, geo }
}

/// Sizes the block of one unit from its members' arrangements.
pub(super) fn size_unit(
    unit: &UnitRef,
    texts: &[BoxText],
    spacing: &Spacing,
    arr: &[Arrangement],
    limit: f32,
) -> UnitGeo {
    let g = if unit.framed {
        spacing.group_padding
    } else {
        0.0
    };
    let gap = spacing.inner_gap;
    let mut box_dx = Offsets::with_capacity(unit.members.len());
    let mut box_dy = Offsets::filled(g, unit.members.len());
    let mut cursor = g;
    let mut row_h: f32 = 0.0;
    for &m in &unit.members {
        box_dx.push(cursor);
        cursor += texts[m].width + gap;
        row_h = row_h.max(texts[m].height);
    }
    let mut frame_w = cursor - gap + g;
    let mut frame_h = row_h + 2.0 * g;
    // Many co-premises wrap into rows inside their frame, like many
    // reasons under a claim, each row centred in the frame.
    if unit.wraps && frame_w > limit {
        let widths: Vec<f32> = unit.members.iter().map(|&m| texts[m].width).collect();
        let all: Vec<usize> = (0..widths.len()).collect();
        let rows = wrap_rows(&all, &widths, gap, limit - 2.0 * g, false);
        let row_width = |r: &[usize]| {
            r.iter().map(|&i| widths[i]).sum::<f32>() + r.len().saturating_sub(1) as f32 * gap
        };
        let inner = rows.iter().map(|r| row_width(r)).fold(0.0, f32::max);
        let mut y = g;
        for r in &rows {
            let mut x = g + (inner - row_width(r)) / 2.0;
            let mut h: f32 = 0.0;
            for &i in r {
                box_dx[i] = x;
                box_dy[i] = y;
                x += widths[i] + gap;
                h = h.max(texts[unit.members[i]].height);
            }
            y += h + gap;
        }
        frame_w = inner + 2.0 * g;
        frame_h = y - gap + g;
    }
    // The members' arrangements share one channel below the row.
    let mut arrows = 0;
    let mut under = 0;
    for &m in &unit.members {
        // Every arrow into the member passes here: the first rows' and,
        // coming up the trunk, the lower rows'.
        arrows += arr[m].arrival.len();
        for row in arr[m].rows.iter().filter(|r| r.prev.is_none()) {
            under += row.under;
        }
    }
    let has_below = unit.members.iter().any(|&m| !arr[m].rows.is_empty());
    let channel = if has_below {
        let own: f32 = unit
            .members
            .iter()
            .flat_map(|&m| arr[m].rows.iter().filter(|r| r.prev.is_none()))
            .map(|r| r.channel)
            .fold(0.0, f32::max);
        own.max(channel_height(arrows, under, spacing))
    } else {
        0.0
    };
    let arr_dy = frame_h + channel;
    let mut arr_dx = Offsets::filled(0.0, unit.members.len());
    let mut left: f32 = 0.0;
    let mut right: f32 = frame_w;
    let mut bottom = frame_h;
    let mut prev_right = f32::NEG_INFINITY;
    for (i, &m) in unit.members.iter().enumerate() {
        let a = &arr[m];
        if a.rows.is_empty() {
            continue;
        }
        let centre = box_dx[i] + texts[m].width / 2.0;
        let x = (centre - a.anchor).max(prev_right + spacing.h_gap);
        arr_dx[i] = x;
        prev_right = x + a.width;
        left = left.min(x);
        right = right.max(x + a.width);
        bottom = bottom.max(arr_dy + a.height);
    }
    // Shift so the block starts at 0.
    for v in box_dx.iter_mut().chain(arr_dx.iter_mut()) {
        *v -= left;
    }
    UnitGeo {
        width: right - left,
        height: bottom,
        anchor: frame_w / 2.0 - left,
        box_dx,
        box_dy,
        arr_dx,
        arr_dy,
        frame: unit.framed.then_some((-left, frame_w, frame_h)),
    }
}

/// Arranges a claim's clusters in rows no wider than `limit` (a row holds
/// at least one cluster).
pub(super) fn arrange(
    clusters: &[Cluster],
    geo: &[UnitGeo],
    box_width: f32,
    spacing: &Spacing,
    limit: f32,
    (fill, pulled_last, uneven, across): (bool, bool, bool, bool),
) -> Arrangement {
    if clusters.is_empty() {
        return Arrangement::default();
    }
    let gap = spacing.h_gap;
    let cw: Vec<f32> = clusters
        .iter()
        .map(|cl| {
            cl.units.iter().map(|&u| geo[u].width).sum::<f32>()
                + (cl.units.len() - 1) as f32 * spacing.h_gap
        })
        .collect();
    let ch: Vec<f32> = clusters
        .iter()
        .map(|cl| cl.units.iter().map(|&u| geo[u].height).fold(0.0, f32::max))
        .collect();
    let width_of = |js: &[usize]| -> f32 {
        js.iter().map(|&j| cw[j]).sum::<f32>() + js.len().saturating_sub(1) as f32 * gap
    };
    // Summed in the order `width_of` adds them up.
    let total = cw.iter().sum::<f32>() + (clusters.len() - 1) as f32 * gap;
    let wrapped = total > limit && clusters.len() >= 2;
    // A cluster wider than the limit, beside at least two others that
    // reach the claim: it goes below them, right under the claim, its
    // arrow rising straight up the trunk, and they spread on both sides
    // of the trunk above it, so the claim stays centred over its reasons.
    let huge = (0..clusters.len())
        .filter(|&j| {
            let cl = &clusters[j];
            cl.sinks && cl.arrives && cl.toward.is_none() && cw[j] > limit
        })
        .max_by(|&a, &b| cw[a].total_cmp(&cw[b]).then(b.cmp(&a)))
        .filter(|&h| {
            (0..clusters.len())
                .filter(|&j| j != h && clusters[j].arrives)
                .count()
                >= 2
        });
    let seq: Vec<usize> = (0..clusters.len()).filter(|&j| Some(j) != huge).collect();
    // The sides: all in one row, or the first clusters (by area, half of
    // it at least one) left of the trunk and the rest right of it, each
    // side in rows no wider than half the limit.
    let mut sides: Vec<Vec<Vec<usize>>> = if wrapped && seq.len() < 2 {
        vec![Vec::new(), vec![seq]]
    } else if wrapped {
        let area: Vec<f32> = seq.iter().map(|&j| cw[j] * ch[j]).collect();
        let half = area.iter().sum::<f32>() / 2.0;
        let mut k = 1;
        let mut acc = area[0];
        while k < seq.len() - 1 && acc + area[k] / 2.0 <= half {
            acc += area[k];
            k += 1;
        }
        let widest = |rows: &[Vec<usize>]| rows.iter().map(|r| width_of(r)).fold(0.0, f32::max);
        let widest_of = |js: &[usize]| js.iter().map(|&j| cw[j]).fold(0.0, f32::max);
        let mut left = wrap_rows(&seq[..k], &cw, gap, limit / 2.0, fill);
        let mut right = wrap_rows(&seq[k..], &cw, gap, limit / 2.0, fill);
        // With uneven sides, a side wider than half the limit leaves the
        // other side the rest (at least its widest cluster).
        let mut room = limit;
        if uneven && widest(&left) + widest(&right) + 2.0 * gap > limit {
            let rest = |wide: f32, js: &[usize]| {
                (limit - wide - 2.0 * gap)
                    .min(limit / 2.0)
                    .max(widest_of(js))
            };
            if widest(&left) >= widest(&right) {
                let r = rest(widest(&left), &seq[k..]);
                right = wrap_rows(&seq[k..], &cw, gap, r, fill);
                room = limit.max(widest(&left) + 2.0 * gap + r);
            } else {
                let r = rest(widest(&right), &seq[..k]);
                left = wrap_rows(&seq[..k], &cw, gap, r, fill);
                room = limit.max(widest(&right) + 2.0 * gap + r);
            }
        }
        if widest(&left) + widest(&right) + 2.0 * gap <= room {
            vec![left, right]
        } else if !clusters.iter().any(|cl| cl.sinks) {
            // Still too wide: every cluster on one side, in rows as wide
            // as the limit (a column when the clusters are wide).
            vec![Vec::new(), wrap_rows(&seq, &cw, gap, limit, fill)]
        } else {
            // Still too wide under the main conclusion (a cluster wider
            // than half the limit): it stays above the trunk between its
            // sides rather than at the corner of one side. The side with
            // the widest cluster keeps its rows; the other one gets rows
            // at least half the limit wide, wider while it would be
            // deeper than that side.
            let depth = |rows: &[Vec<usize>]| -> f32 {
                rows.iter()
                    .enumerate()
                    .map(|(r, row)| {
                        let tall = row.iter().map(|&j| ch[j]).fold(0.0, f32::max);
                        if r == 0 {
                            tall
                        } else {
                            let main = row.iter().filter(|&&j| clusters[j].arrives).count();
                            let under = row.iter().map(|&j| clusters[j].units.len() - 1).sum();
                            tall + channel_height(main, under, spacing)
                        }
                    })
                    .sum()
            };
            let wide_left = widest_of(&seq[..k]) >= widest_of(&seq[k..]);
            let (wide, narrow) = if wide_left {
                (&left, &seq[k..])
            } else {
                (&right, &seq[..k])
            };
            let goal = depth(wide);
            let mut w = widest_of(narrow).max(limit / 2.0);
            let mut rows = wrap_rows(narrow, &cw, gap, w, fill);
            while depth(&rows) > goal && rows.len() > 1 {
                w *= 1.25;
                rows = wrap_rows(narrow, &cw, gap, w, fill);
            }
            if wide_left {
                vec![left, rows]
            } else {
                vec![rows, right]
            }
        }
    } else {
        vec![vec![seq]]
    };
    // Clusters pulled towards their links stay on their side of the
    // trunk and go to the end of its first (or last) row on the side their
    // links lead to, in the order of where they lead.
    let goal = |j: usize| clusters[j].toward.map_or(0.0, |t| t.goal);
    let right = |j: &usize| clusters[*j].toward.is_some_and(|t| t.right);
    let by_goal = |v: &mut Vec<usize>| {
        v.sort_by(|&a, &b| goal(a).total_cmp(&goal(b)).then(a.cmp(&b)));
    };
    let row_of = |side: &Vec<Vec<usize>>| if pulled_last { side.len() - 1 } else { 0 };
    // With `across`, they go to the outer ends of the whole arrangement
    // instead: to the left at the start of the leftmost side, to the
    // right at the end of the rightmost.
    let (mut outer_left, mut outer_right) = (Vec::new(), Vec::new());
    for side in sides.iter_mut() {
        let mut moved: Vec<usize> = side
            .iter()
            .flatten()
            .copied()
            .filter(|&j| clusters[j].toward.is_some())
            .collect();
        if moved.is_empty() {
            continue;
        }
        for row in side.iter_mut() {
            row.retain(|&j| clusters[j].toward.is_none());
        }
        by_goal(&mut moved);
        let (to_right, to_left): (Vec<usize>, Vec<usize>) = moved.into_iter().partition(right);
        if across {
            outer_left.extend(to_left);
            outer_right.extend(to_right);
            continue;
        }
        let r = row_of(side);
        side[r].splice(0..0, to_left);
        side[r].extend(to_right);
    }
    if !outer_left.is_empty() || !outer_right.is_empty() {
        by_goal(&mut outer_left);
        by_goal(&mut outer_right);
        let last = sides.len() - 1;
        let first = if sides[0].iter().any(|r| !r.is_empty()) {
            0
        } else {
            last
        };
        for index in [first, last] {
            if sides[index].is_empty() {
                sides[index].push(Vec::new());
            }
        }
        let r = row_of(&sides[first]);
        sides[first][r].splice(0..0, outer_left);
        let r = row_of(&sides[last]);
        sides[last][r].extend(outer_right);
    }
    for side in &mut sides {
        side.retain(|row| !row.is_empty());
    }
    if let Some(h) = huge {
        if sides.len() < 2 {
            sides.push(Vec::new());
        }
        sides[1].push(vec![h]);
    }
    // Arrival order: the left side's first row, its lower rows' lanes, the
    // right side's lower rows' lanes from the bottom, its first row. Only
    // arriving clusters get one.
    let arriving = |j: &&usize| clusters[**j].arrives;
    let order = sides[0].iter().chain(
        sides
            .get(1)
            .into_iter()
            .flat_map(|right| right.iter().skip(1).rev().chain(right.first())),
    );
    let k = order.clone().flatten().filter(arriving).count();
    let step = if k > 1 {
        ARRIVAL_STEP.min(box_width * 0.8 / (k - 1) as f32)
    } else {
        0.0
    };
    let arrival: Vec<(usize, f32)> = order
        .flatten()
        .filter(arriving)
        .enumerate()
        .map(|(i, &j)| (j, (i as f32 - (k as f32 - 1.0) / 2.0) * step))
        .collect();

    // The trunk: around the lanes of the lower rows.
    let lanes: Vec<f32> = sides
        .iter()
        .flat_map(|side| side.iter().skip(1).flatten())
        .filter_map(|j| arrival.iter().find(|(c, _)| c == j).map(|&(_, x)| x))
        .collect();
    let (trunk_l, trunk_r) = if wrapped {
        let lo = lanes.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = lanes.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if lo.is_finite() {
            (lo - gap, hi + gap)
        } else {
            (-gap / 2.0, gap / 2.0)
        }
    } else {
        (0.0, 0.0)
    };

    let mut rows: Vec<Row> = Vec::with_capacity(sides.iter().map(Vec::len).sum());
    // The trunk is part of the arrangement: nothing else may sit in it.
    let mut min_x = if wrapped { trunk_l } else { f32::INFINITY };
    let mut max_x = if wrapped { trunk_r } else { f32::NEG_INFINITY };
    let mut bottom: f32 = 0.0;
    // The blocks placed on both sides (only a lone cluster below them,
    // under the trunk, looks at them).
    let mut everywhere: Vec<(f32, f32, f32)> = Vec::new();
    for (side_index, side) in sides.into_iter().enumerate() {
        let lower_rows = side.len() > 1;
        let mut prev = None;
        // The blocks placed on this side so far: left, right, bottom. A
        // lower row goes just below the blocks over the span from the
        // trunk to its far end (where its arrows run), not below the
        // tallest block of the row above (a skyline, as in compact trees).
        let mut placed: Vec<(f32, f32, f32)> = Vec::new();
        let mut deepest: f32 = 0.0;
        for (r, members) in side.into_iter().enumerate() {
            let main = members.iter().filter(|j| clusters[**j].arrives).count();
            let under: usize = members.iter().map(|&j| clusters[j].units.len() - 1).sum();
            let channel = channel_height(main, under, spacing);
            let mut xs = Vec::with_capacity(members.len());
            let lone = huge.is_some() && members.len() == 1 && Some(members[0]) == huge;
            if lone {
                // Its arrow start right on its lane in the trunk, unless
                // that makes the arrangement wider than it or the rows
                // above: then as near the lane as keeps it within them.
                let j = members[0];
                let lane = arrival
                    .iter()
                    .find(|(c, _)| *c == j)
                    .map_or(0.0, |&(_, x)| x);
                let ideal = lane - geo[clusters[j].units[0]].anchor;
                let (a, b) = (min_x, max_x - cw[j]);
                xs.push(ideal.clamp(a.min(b), a.max(b)));
            } else if wrapped {
                // Left rows end at the trunk, right rows start after it.
                let mut x = if side_index == 0 {
                    trunk_l - width_of(&members)
                } else {
                    trunk_r
                };
                for &j in &members {
                    xs.push(x);
                    x += cw[j] + gap;
                }
            } else {
                // One row, centred on the claim: between the first and the
                // last cluster's arrow starts.
                let mut x = 0.0;
                for &j in &members {
                    xs.push(x);
                    x += cw[j] + gap;
                }
                let start = |j: usize| geo[clusters[j].units[0]].anchor;
                let (first, last) = (members[0], members[members.len() - 1]);
                let centre = (xs[0] + start(first) + xs[xs.len() - 1] + start(last)) / 2.0;
                for v in &mut xs {
                    *v -= centre;
                }
            }
            let y = if lone {
                // Below the blocks of both sides over its span.
                let (lo, hi) = (xs[0], xs[0] + cw[members[0]]);
                everywhere
                    .iter()
                    .filter(|&&(l, r, _)| l < hi + gap && r > lo - gap)
                    .map(|&(_, _, b)| b)
                    .fold(0.0, f32::max)
                    + channel
            } else if r == 0 {
                0.0
            } else if placed.len() > SKYLINE_BLOCKS {
                // Very many blocks: below all of them, in linear time.
                deepest + channel
            } else {
                let lo = xs.first().copied().unwrap_or(0.0).min(trunk_l);
                let hi = members
                    .iter()
                    .zip(&xs)
                    .map(|(&j, &x)| x + cw[j])
                    .fold(trunk_r, f32::max);
                placed
                    .iter()
                    .filter(|&&(l, r, _)| l < hi + gap && r > lo - gap)
                    .map(|&(_, _, b)| b)
                    .fold(0.0, f32::max)
                    + channel
            };
            for (&j, &x) in members.iter().zip(&xs) {
                min_x = min_x.min(x);
                max_x = max_x.max(x + cw[j]);
                if lower_rows {
                    placed.push((x, x + cw[j], y + ch[j]));
                }
                if huge.is_some() {
                    everywhere.push((x, x + cw[j], y + ch[j]));
                }
                deepest = deepest.max(y + ch[j]);
                bottom = bottom.max(y + ch[j]);
            }
            rows.push(Row {
                clusters: members,
                prev,
                y,
                channel,
                under,
                x: xs,
            });
            prev = Some(rows.len() - 1);
        }
    }
    Arrangement {
        width: max_x - min_x,
        height: bottom,
        anchor: -min_x,
        rows,
        arrival,
    }
}

/// Splits `js` into rows of about equal width, none much wider than
/// `limit` (a row holds one cluster at least).
fn wrap_rows(js: &[usize], cw: &[f32], gap: f32, limit: f32, fill: bool) -> Vec<Vec<usize>> {
    let total: f32 =
        js.iter().map(|&j| cw[j]).sum::<f32>() + js.len().saturating_sub(1) as f32 * gap;
    // With `fill`, a cluster wider than the limit makes its row that wide
    // anyway, and the other rows may fill that width too.
    let widest = if fill {
        js.iter().map(|&j| cw[j]).fold(0.0, f32::max)
    } else {
        0.0
    };
    let count = (total / limit.max(widest).max(1.0)).ceil().max(1.0);
    let share = total / count;
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut w = 0.0;
    for &j in js {
        if !row.is_empty() && w + gap + cw[j] / 2.0 > share {
            rows.push(std::mem::take(&mut row));
            w = 0.0;
        }
        w += if row.is_empty() { cw[j] } else { gap + cw[j] };
        row.push(j);
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// Where everything is: per claim the box's top-left corner, per unit its
/// block's top-left, per argument its frame.
pub(super) struct Placement {
    pub box_min: Vec<Point>,
    pub unit_min: Vec<Point>,
    pub frames: Vec<Option<Rect>>,
    /// Per claim: the top-left of its arrangement's anchor line, i.e. the
    /// point (anchor x, top of first row).
    pub arr_origin: Vec<Point>,
}

/// Places the unit blocks of the roots at `root_min` and everything below
/// them.
pub(super) fn place(
    plan: &Plan,
    sizes: &Sizes,
    texts: &[BoxText],
    root_min: &[Point],
    arguments: usize,
    spacing: &Spacing,
) -> Placement {
    let n = texts.len();
    let mut p = Placement {
        box_min: vec![Point::default(); n],
        unit_min: vec![Point::default(); plan.units.len()],
        frames: vec![None; arguments],
        arr_origin: vec![Point::default(); n],
    };
    let mut stack: Vec<usize> = Vec::new();
    for (&u, &at) in plan.roots.iter().zip(root_min) {
        p.unit_min[u] = at;
        stack.push(u);
    }
    while let Some(u) = stack.pop() {
        let g = &sizes.geo[u];
        let at = p.unit_min[u];
        let unit = &plan.units[u];
        if let (Some((fx, fw, fh)), Some(a)) = (g.frame, unit.argument)
            && let Some(slot) = p.frames.get_mut(a)
        {
            *slot = Some(Rect::from_min_size(Point::new(at.x + fx, at.y), fw, fh));
        }
        for (i, &m) in unit.members.iter().enumerate() {
            p.box_min[m] = Point::new(at.x + g.box_dx[i], at.y + g.box_dy[i]);
            let a = &sizes.arr[m];
            if a.rows.is_empty() {
                continue;
            }
            let origin = Point::new(at.x + g.arr_dx[i] + a.anchor, at.y + g.arr_dy);
            p.arr_origin[m] = origin;
            for row in &a.rows {
                for (&j, &x) in row.clusters.iter().zip(&row.x) {
                    let mut ux = origin.x + x;
                    for &cu in &plan.clusters[m][j].units {
                        p.unit_min[cu] = Point::new(ux, origin.y + row.y);
                        ux += sizes.geo[cu].width + spacing.h_gap;
                        stack.push(cu);
                    }
                }
            }
        }
    }
    p
}
