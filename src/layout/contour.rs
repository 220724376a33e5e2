//! Per-layer contours of laid-out subtrees, and packing subtrees side by
//! side as closely as their contours allow.
//!
//! This is the contour idea of Reingold and Tilford: a subtree is summed up
//! by the leftmost and rightmost extent of each of its layers, relative to
//! its anchor (the centre of its root box, or of its co-premise frame). Two
//! neighbouring subtrees are set apart by the largest overlap over the
//! layers they share, so they pack closely yet never overlap.
//!
//! Hand-written rather than taken from a crate: the graph layout crates on
//! crates.io lay out generic graphs (layered Sugiyama or force-directed) and
//! do not know co-premise frames, undercuts or file-order siblings.
//!
//! Cost: comparing or merging two contours touches only the layers they
//! share (the deeper contour's storage is reused and lazily shifted through
//! `offset`), so laying out a whole tree costs time linear in its size.

/// The extents of a subtree, layer by layer, relative to its anchor.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Contour {
    /// Added to every stored extent; lets a shift cost O(1).
    offset: f32,
    /// `(left, right)` per layer, deepest layer first, so the subtree's
    /// own top layer is the last element and a new top layer is a push.
    levels: Vec<(f32, f32)>,
}

impl Contour {
    /// A contour of one layer spanning `left..right`.
    pub(super) fn leaf(left: f32, right: f32) -> Self {
        Self {
            offset: 0.0,
            levels: vec![(left, right)],
        }
    }

    /// Number of layers.
    pub(super) fn depth(&self) -> usize {
        self.levels.len()
    }

    /// Extents of layer `i` (0 is the top layer).
    pub(super) fn level(&self, i: usize) -> (f32, f32) {
        let (l, r) = self.levels[self.levels.len() - 1 - i];
        (l + self.offset, r + self.offset)
    }

    /// Adds a new top layer spanning `left..right` above the current ones.
    pub(super) fn push_top(&mut self, left: f32, right: f32) {
        self.levels.push((left - self.offset, right - self.offset));
    }

    /// Moves the whole contour by `dx`.
    pub(super) fn shift(&mut self, dx: f32) {
        self.offset += dx;
    }

    /// Leftmost and rightmost extent over all layers.
    pub(super) fn span(&self) -> (f32, f32) {
        let mut left = f32::INFINITY;
        let mut right = f32::NEG_INFINITY;
        for &(l, r) in &self.levels {
            left = left.min(l);
            right = right.max(r);
        }
        (left + self.offset, right + self.offset)
    }

    /// The contour reflected about its anchor (left becomes right).
    fn mirrored(&self) -> Contour {
        Contour {
            offset: -self.offset,
            levels: self.levels.iter().map(|&(l, r)| (-r, -l)).collect(),
        }
    }

    /// How far right of `self`'s anchor `next`'s anchor must be so that
    /// every shared layer keeps at least `gap` between them.
    pub(super) fn separation(&self, next: &Contour, gap: f32) -> f32 {
        let shared = self.depth().min(next.depth());
        let mut need = f32::NEG_INFINITY;
        for i in 0..shared {
            let (_, right) = self.level(i);
            let (left, _) = next.level(i);
            need = need.max(right - left + gap);
        }
        if need.is_finite() { need } else { 0.0 }
    }

    /// Merges `next`, already shifted to lie right of `self`, into one
    /// contour: left extents from `self`, right extents from `next`, and
    /// whichever is deeper below the shared layers.
    pub(super) fn merge_right(self, next: Contour) -> Contour {
        let shared = self.depth().min(next.depth());
        if next.depth() > self.depth() {
            let mut out = next;
            let n = out.levels.len();
            for i in 0..shared {
                let (l, _) = self.level(i);
                out.levels[n - 1 - i].0 = l - out.offset;
            }
            out
        } else {
            let mut out = self;
            let n = out.levels.len();
            for i in 0..shared {
                let (_, r) = next.level(i);
                out.levels[n - 1 - i].1 = r - out.offset;
            }
            out
        }
    }
}

/// Packs contours left to right, each as close to the previous ones as a
/// `gap` allows. Returns each anchor's position (the first at 0) and the
/// merged contour, relative to the first anchor.
pub(super) fn pack(contours: Vec<Contour>, gap: f32) -> (Vec<f32>, Option<Contour>) {
    let mut positions = Vec::with_capacity(contours.len());
    let mut acc: Option<Contour> = None;
    for mut c in contours {
        let x = match &acc {
            None => 0.0,
            Some(a) => a.separation(&c, gap),
        };
        c.shift(x);
        positions.push(x);
        acc = Some(match acc {
            None => c,
            Some(a) => a.merge_right(c),
        });
    }
    (positions, acc)
}

/// Deepest subtree for which [`pack_balanced`] makes its mirrored pass;
/// bounds its extra cost so that layout stays linear on any input.
const BALANCE_MAX_DEPTH: usize = 64;

/// Packs contours like [`pack`], then spreads them evenly: each anchor is
/// the mean of its place packed from the left and packed from the right,
/// so small subtrees between big ones sit in the middle of the room rather
/// than against their left neighbour. Both packings keep every pair of
/// contours `gap` apart on every shared layer; those are linear
/// constraints, so their mean keeps them too.
///
/// Beyond [`BALANCE_MAX_DEPTH`] layers (only in pathological maps) the
/// mirrored pass is skipped and the result is that of [`pack`].
pub(super) fn pack_balanced(contours: Vec<Contour>, gap: f32) -> (Vec<f32>, Option<Contour>) {
    let deepest = contours.iter().map(Contour::depth).max().unwrap_or(0);
    if contours.len() < 3 || deepest > BALANCE_MAX_DEPTH {
        // With two or fewer there is nothing to spread.
        return pack(contours, gap);
    }
    let mirrored: Vec<Contour> = contours.iter().rev().map(Contour::mirrored).collect();
    let (from_right, _) = pack(mirrored, gap);
    let (from_left, _) = pack(contours.clone(), gap);
    let last = from_right.len() - 1;
    let positions: Vec<f32> = from_left
        .iter()
        .enumerate()
        .map(|(k, l)| (l + from_right[last] - from_right[last - k]) / 2.0)
        .collect();
    let mut acc: Option<Contour> = None;
    for (mut c, &x) in contours.into_iter().zip(&positions) {
        c.shift(x);
        acc = Some(match acc {
            None => c,
            Some(a) => a.merge_right(c),
        });
    }
    (positions, acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separation_uses_the_widest_shared_layer() {
        // A wide bottom layer on the left subtree pushes the next one away.
        let mut left = Contour::leaf(-50.0, 50.0);
        left.push_top(-10.0, 10.0);
        let right = Contour::leaf(-10.0, 10.0);
        let mut right2 = Contour::leaf(-10.0, 10.0);
        right2.push_top(-10.0, 10.0);
        assert_eq!(left.separation(&right, 5.0), 25.0);
        assert_eq!(left.separation(&right2, 5.0), 65.0);
    }

    #[test]
    fn pack_keeps_gaps_on_every_layer_and_merges_extents() {
        let mut deep = Contour::leaf(-100.0, 100.0);
        deep.push_top(-20.0, 20.0);
        let shallow = Contour::leaf(-20.0, 20.0);
        let (pos, merged) = pack(vec![shallow.clone(), deep, shallow], 10.0);
        assert_eq!(pos, vec![0.0, 50.0, 100.0]);
        let merged = merged.expect("three contours were packed");
        assert_eq!(merged.depth(), 2);
        assert_eq!(merged.level(0), (-20.0, 120.0));
        assert_eq!(merged.level(1), (-50.0, 150.0));
        assert_eq!(merged.span(), (-50.0, 150.0));
    }

    #[test]
    fn balanced_packing_centres_a_small_subtree_between_big_ones() {
        let mut big = Contour::leaf(-100.0, 100.0);
        big.push_top(-20.0, 20.0);
        let small = Contour::leaf(-20.0, 20.0);
        let (greedy, _) = pack(vec![big.clone(), small.clone(), big.clone()], 10.0);
        assert_eq!(greedy, vec![0.0, 50.0, 210.0]);
        let (pos, merged) = pack_balanced(vec![big.clone(), small, big], 10.0);
        assert_eq!(pos, vec![0.0, 105.0, 210.0]);
        let merged = merged.expect("packed");
        assert_eq!(merged.level(0), (-20.0, 230.0));
        assert_eq!(merged.level(1), (-100.0, 310.0));
    }
}
