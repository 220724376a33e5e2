//! Sizing the map again for another width limit, redoing only the claims
//! that limit changes.
//!
//! A claim's arrangement depends on the width limit only when its reasons,
//! side by side, are wider than the limit (and there are two clusters at
//! least to wrap), or when a frame of co-premises among them that may wrap
//! is wider than the limit. Sized once without a limit, every claim knows the widest
//! such row anywhere below it; for a limit at least that wide, the claim and
//! everything below it come out exactly as without a limit. So a try of a
//! limit sizes again only the claims above a row that wraps (usually a few
//! near the top of the map) and reads the rest from the unlimited sizing:
//! the search over limits costs about one sizing of the whole map.

use super::arrange::{self, Arrangement, Plan, Sizes, UnitGeo};
use super::{BoxText, Spacing};

/// The unlimited sizing of a map and what is needed to try other limits.
pub(super) struct Resizer<'a> {
    plan: &'a Plan,
    texts: &'a [BoxText],
    spacing: &'a Spacing,
    /// Sizes without a width limit (between tries; a try changes a few
    /// entries in place and then puts them back).
    base: Sizes,
    /// Per claim: the widest row of reasons, unwrapped, of it or of any
    /// claim below it that has two clusters or more, or of a frame that may
    /// wrap among their reasons (0 when none has).
    widest: Vec<f32>,
    /// Claims with a row that could wrap, widest first.
    by_widest: Vec<usize>,
    /// Per claim: its place in `plan.bottom_up`.
    rank: Vec<usize>,
    /// Per claim: whether it is sized again in the current try.
    dirty: Vec<bool>,
    /// The claims sized again in the current try, children first.
    redo: Vec<usize>,
    /// The unlimited sizes a try replaced, to put back after it.
    saved_arr: Vec<(usize, Arrangement)>,
    saved_geo: Vec<(usize, UnitGeo)>,
}

impl<'a> Resizer<'a> {
    /// Sizes the map without a width limit.
    pub(super) fn new(plan: &'a Plan, texts: &'a [BoxText], spacing: &'a Spacing) -> Self {
        let base = arrange::size_all(plan, texts, spacing, f32::INFINITY);
        let n = texts.len();
        let mut widest = vec![0.0f32; n];
        let mut rank = vec![0; n];
        for (i, &c) in plan.bottom_up.iter().enumerate() {
            rank[c] = i;
            let clusters = &plan.clusters[c];
            let mut w: f32 = 0.0;
            let mut total = 0.0;
            for (k, cl) in clusters.iter().enumerate() {
                let cw: f32 = cl.units.iter().map(|&u| base.geo[u].width).sum::<f32>()
                    + cl.units.len().saturating_sub(1) as f32 * spacing.h_gap;
                total += cw + if k > 0 { spacing.h_gap } else { 0.0 };
                for &u in &cl.units {
                    if plan.units[u].wraps {
                        w = w.max(base.geo[u].width);
                    }
                    for &m in &plan.units[u].members {
                        w = w.max(widest[m]);
                    }
                }
            }
            if clusters.len() >= 2 {
                w = w.max(total);
            }
            widest[c] = w;
        }
        let mut by_widest: Vec<usize> = (0..n).filter(|&c| widest[c] > 0.0).collect();
        by_widest.sort_by(|&a, &b| widest[b].total_cmp(&widest[a]).then(a.cmp(&b)));
        Self {
            plan,
            texts,
            spacing,
            base,
            widest,
            by_widest,
            rank,
            dirty: vec![false; n],
            redo: Vec::new(),
            saved_arr: Vec::new(),
            saved_geo: Vec::new(),
        }
    }

    /// The sizes without a width limit.
    pub(super) fn base(&self) -> &Sizes {
        &self.base
    }

    /// Width and height of every root's block (in the order of
    /// `plan.roots`) with rows of reasons no wider than `limit`: the same
    /// as `arrange::size_all` gives for that limit.
    pub(super) fn root_sizes(&mut self, limit: f32) -> Vec<(f32, f32)> {
        let roots = |s: &Sizes| -> Vec<(f32, f32)> {
            self.plan
                .roots
                .iter()
                .map(|&u| (s.geo[u].width, s.geo[u].height))
                .collect()
        };
        match self.count(limit) {
            0 => roots(&self.base),
            count if count * 2 > self.texts.len() => {
                // Most claims change (long chains above rows that wrap):
                // sizing everything afresh is cheaper than sizing most of
                // it again and then putting it back.
                roots(&arrange::size_all(
                    self.plan,
                    self.texts,
                    self.spacing,
                    limit,
                ))
            }
            count => {
                self.resize(count, limit, true);
                let sizes = roots(&self.base);
                self.restore();
                sizes
            }
        }
    }

    /// The sizes of every arrangement and unit block with rows of reasons
    /// no wider than `limit`, as `arrange::size_all` gives them.
    pub(super) fn into_sizes(mut self, limit: f32) -> Sizes {
        match self.count(limit) {
            0 => self.base,
            count if count * 2 > self.texts.len() => {
                arrange::size_all(self.plan, self.texts, self.spacing, limit)
            }
            count => {
                self.resize(count, limit, false);
                self.base
            }
        }
    }

    /// How many claims (the first of `by_widest`) `limit` makes wrap.
    fn count(&self, limit: f32) -> usize {
        if !limit.is_finite() {
            return 0;
        }
        // A claim wraps when its row is wider than the limit; rounding
        // aside, so a little margin makes sure none is missed (sizing a
        // claim again that does not wrap changes nothing).
        let margin = limit.abs() * 1e-4 + 0.01;
        self.by_widest
            .partition_point(|&c| self.widest[c] > limit - margin)
    }

    /// Sizes the first `count` claims of `by_widest`, and the roots above
    /// them, again for `limit`, in place; with `save`, keeps what they
    /// replace for [`Resizer::restore`].
    fn resize(&mut self, count: usize, limit: f32, save: bool) {
        let plan = self.plan;
        self.redo.clear();
        self.redo.extend_from_slice(&self.by_widest[..count]);
        let rank = &self.rank;
        self.redo.sort_unstable_by_key(|&c| rank[c]);
        let base = &mut self.base;
        // Children before parents, as in `size_all`.
        for &c in &self.redo {
            self.dirty[c] = true;
            for cl in &plan.clusters[c] {
                for &u in &cl.units {
                    let g = arrange::size_unit(
                        &plan.units[u],
                        self.texts,
                        self.spacing,
                        &base.arr,
                        limit,
                    );
                    let old = std::mem::replace(&mut base.geo[u], g);
                    if save {
                        self.saved_geo.push((u, old));
                    }
                }
            }
            let a = arrange::arrange(
                &plan.clusters[c],
                &base.geo,
                self.texts[c].width,
                self.spacing,
                limit,
                plan.flags(),
            );
            let old = std::mem::replace(&mut base.arr[c], a);
            if save {
                self.saved_arr.push((c, old));
            }
        }
        for &u in &plan.roots {
            if plan.units[u].members.iter().any(|&m| self.dirty[m]) {
                let g =
                    arrange::size_unit(&plan.units[u], self.texts, self.spacing, &base.arr, limit);
                let old = std::mem::replace(&mut base.geo[u], g);
                if save {
                    self.saved_geo.push((u, old));
                }
            }
        }
        for &c in &self.redo {
            self.dirty[c] = false;
        }
    }

    /// Puts back the unlimited sizes the last try replaced, last replaced
    /// first, so an entry replaced twice gets its first value back.
    fn restore(&mut self) {
        for (c, a) in self.saved_arr.drain(..).rev() {
            self.base.arr[c] = a;
        }
        for (u, g) in self.saved_geo.drain(..).rev() {
            self.base.geo[u] = g;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Shape, generate_shaped};
    use crate::layout::order::Variant;
    use crate::layout::{LayoutStyle, tree};
    use crate::model::MapIndex;
    use crate::text::FontMetrics;

    #[test]
    fn a_try_sizes_the_roots_as_a_full_sizing_does() {
        let style = LayoutStyle::default();
        let spacing = Spacing::new(&style);
        let mut wrapped = 0;
        let mut frames = 0;
        for shape in Shape::ALL {
            let mut map = generate_shaped(600, 2, shape);
            // Frames of many co-premises, which wrap at narrow limits, under
            // the conclusion and two claims below it.
            for target in [0, 1, 7] {
                let target_id = map.claims[target].id.clone();
                let mut premises = Vec::new();
                for i in 0..6 {
                    let mut claim = map.claims[target].clone();
                    claim.id = format!("{target_id}-co{i}");
                    claim.text = format!("Co-premise {i} of {target_id}, one of six together");
                    claim.quote = None;
                    premises.push(claim.id.clone());
                    map.claims.push(claim);
                }
                map.arguments.push(crate::model::Argument {
                    id: format!("{target_id}-co"),
                    premises,
                    target: target_id,
                    kind: crate::model::ArgumentKind::Support,
                    scheme: None,
                });
            }
            let index = MapIndex::new(&map);
            let forest = tree::build_with(&map, &index, &[]);
            let texts: Vec<BoxText> = map
                .claims
                .iter()
                .map(|c| BoxText::new(&c.text, false, FontMetrics::bundled(), &style, &spacing))
                .collect();
            // File order, and every setting of the variants turned on.
            let all_on = Variant {
                fill_rows: true,
                pulled_last: true,
                pulled_across: true,
                uneven_sides: true,
                ..Variant::default()
            };
            for variant in [Variant::default(), all_on] {
                let plan = Plan::new(&forest, &index, &variant);
                frames += plan.units.iter().filter(|u| u.wraps).count();
                let mut resizer = Resizer::new(&plan, &texts, &spacing);
                let unlimited = resizer.root_sizes(f32::INFINITY);
                // Out of order, as the search tries them, and twice over.
                for limit in [800.0, 240.0, 3000.0, 400.0, 1500.0, 6000.0, 240.0, 800.0] {
                    let full = arrange::size_all(&plan, &texts, &spacing, limit);
                    let want: Vec<(f32, f32)> = plan
                        .roots
                        .iter()
                        .map(|&u| (full.geo[u].width, full.geo[u].height))
                        .collect();
                    let got = resizer.root_sizes(limit);
                    assert_eq!(got, want, "{} at {limit}", shape.name());
                    if got != unlimited {
                        wrapped += 1;
                    }
                }
                assert_eq!(resizer.root_sizes(f32::INFINITY), unlimited);
                // The sizes kept for the chosen limit are the full sizing's,
                // every arrangement and block (compared to the last bit).
                for limit in [240.0, 800.0, 6000.0, f32::INFINITY] {
                    let full = arrange::size_all(&plan, &texts, &spacing, limit);
                    let kept = Resizer::new(&plan, &texts, &spacing).into_sizes(limit);
                    assert_eq!(format!("{:?}", kept.arr), format!("{:?}", full.arr));
                    assert_eq!(format!("{:?}", kept.geo), format!("{:?}", full.geo));
                }
            }
        }
        assert!(wrapped >= 10, "only {wrapped} tries wrapped anything");
        assert!(frames > 0, "no frame of many co-premises was tried");
    }
}
