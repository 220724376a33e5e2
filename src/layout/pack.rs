//! Packing the separate parts of a map (the main conclusion's tree, other
//! trees, unattached claims) into one block of about the target aspect.
//!
//! Shelf packing with columns: the main part comes first, top left; the
//! others follow, tallest first (file order among equal heights). Each
//! shelf is as tall as its first part; later parts stack in columns inside
//! the shelf while they fit its height, and a new column starts to the
//! right, a new shelf below once the width limit is reached. Several
//! width limits are tried; the packing whose aspect is nearest the target
//! wins.

/// A part to pack: its width and height.
pub(super) type Size = (f32, f32);

/// Where each part goes, and the size of the whole.
type Packing = (Vec<(f32, f32)>, Size);

/// Top-left corner of every part (in the order given) and the size of the
/// whole, packed `gap` apart with rows no wider than `limit`.
fn pack_with(sizes: &[Size], order: &[usize], gap: f32, limit: f32) -> (Vec<(f32, f32)>, Size) {
    let mut at = vec![(0.0, 0.0); sizes.len()];
    let mut shelf_y = 0.0f32;
    let mut shelf_h = 0.0f32;
    let mut col_x = 0.0f32;
    let mut col_w = 0.0f32;
    let mut col_y = 0.0f32;
    let mut width = 0.0f32;
    let mut first_in_shelf = true;
    for &i in order {
        let (w, h) = sizes[i];
        if first_in_shelf {
            shelf_h = h;
            col_x = 0.0;
            col_w = w;
            col_y = h + gap;
            at[i] = (0.0, shelf_y);
            width = width.max(w);
            first_in_shelf = false;
            continue;
        }
        // In the current column, below what is there?
        if col_y + h <= shelf_h && w <= col_w.max(w) && col_x + w.max(col_w) <= limit.max(col_w) {
            at[i] = (col_x, shelf_y + col_y);
            col_y += h + gap;
            col_w = col_w.max(w);
            width = width.max(col_x + col_w);
            continue;
        }
        // A new column to the right?
        let x = col_x + col_w + gap;
        if x + w <= limit && h <= shelf_h {
            col_x = x;
            col_w = w;
            col_y = h + gap;
            at[i] = (x, shelf_y);
            width = width.max(x + w);
            continue;
        }
        // A new shelf.
        shelf_y += shelf_h + gap;
        shelf_h = h;
        col_x = 0.0;
        col_w = w;
        col_y = h + gap;
        at[i] = (0.0, shelf_y);
        width = width.max(w);
    }
    (at, (width, shelf_y + shelf_h))
}

/// Packs `sizes` (the first one the main part) `gap` apart, aiming at
/// width / height = `target`. Returns each part's top-left corner.
pub(super) fn pack(sizes: &[Size], gap: f32, target: f32) -> (Vec<(f32, f32)>, Size) {
    if sizes.is_empty() {
        return (Vec::new(), (0.0, 0.0));
    }
    let mut order: Vec<usize> = (1..sizes.len()).collect();
    // Tallest first; the sort is stable, so file order among equals.
    order.sort_by(|&a, &b| sizes[b].1.total_cmp(&sizes[a].1));
    order.insert(0, 0);
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f32::max);
    let total: f32 = sizes.iter().map(|s| s.0 + gap).sum();
    let area: f32 = sizes.iter().map(|s| (s.0 + gap) * (s.1 + gap)).sum();
    let target = if target.is_finite() && target > 0.0 {
        target
    } else {
        1.6
    };
    let mut best: Option<(f32, Packing)> = None;
    // Start near the width a perfect packing of the target shape has.
    let mut limit = widest.max((area * target).sqrt() * 0.7);
    for _ in 0..24 {
        let (at, size) = pack_with(sizes, &order, gap, limit);
        let score = if size.1 > 0.0 {
            (size.0 / size.1 / target).ln().abs()
        } else {
            f32::INFINITY
        };
        if best.as_ref().is_none_or(|b| score < b.0 - 1e-4) {
            best = Some((score, (at, size)));
        }
        if limit >= total {
            break;
        }
        limit *= 1.15;
    }
    best.map_or_else(|| (vec![(0.0, 0.0); sizes.len()], (0.0, 0.0)), |b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: (f32, f32), sa: Size, b: (f32, f32), sb: Size) -> bool {
        a.0 < b.0 + sb.0 && b.0 < a.0 + sa.0 && a.1 < b.1 + sb.1 && b.1 < a.1 + sa.1
    }

    #[test]
    fn many_small_parts_pack_near_the_target_aspect_without_overlap() {
        let mut sizes = vec![(800.0, 500.0)];
        sizes
            .extend((0..60).map(|i| (100.0 + (i % 7) as f32 * 30.0, 50.0 + (i % 5) as f32 * 40.0)));
        let (at, (w, h)) = pack(&sizes, 20.0, 1.6);
        let aspect = w / h;
        assert!((1.1..2.3).contains(&aspect), "aspect {aspect}");
        assert_eq!(at[0], (0.0, 0.0), "the main part is top left");
        for i in 0..sizes.len() {
            assert!(at[i].0 + sizes[i].0 <= w + 0.01 && at[i].1 + sizes[i].1 <= h + 0.01);
            for j in i + 1..sizes.len() {
                assert!(
                    !overlap(at[i], sizes[i], at[j], sizes[j]),
                    "{i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn a_single_part_is_left_alone() {
        let (at, size) = pack(&[(300.0, 100.0)], 20.0, 1.6);
        assert_eq!(at, vec![(0.0, 0.0)]);
        assert_eq!(size, (300.0, 100.0));
    }
}
