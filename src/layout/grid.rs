//! A flat grid of rectangles for finding those near a point, segment or
//! rectangle: the boxes and frames a detour must keep clear of, and the
//! regions where a frame's arrow may leave its frame.

use crate::geom::Rect;

/// Side of the square cells items are bucketed in (doubled while the grid
/// would have too many).
const CELL: f32 = 256.0;
/// Most cells a grid has beyond four per item: a layout spread far apart
/// gets larger cells instead.
const MAX_CELLS: i64 = 1 << 22;

/// Rectangles bucketed by the square cells they touch, stored flat: one
/// array of item indices, cell by cell, and where each cell's run starts.
/// Cells are counted from the cell holding the top-left of all items, so
/// the grid is as large as the area the items cover.
pub(super) struct DenseGrid {
    /// Side of a cell.
    cell: f32,
    /// Column and row of the first cell.
    x0: i64,
    y0: i64,
    /// Columns and rows.
    nx: i64,
    ny: i64,
    /// Per cell (row by row), where its items start in `items`; one more
    /// entry at the end.
    start: Vec<u32>,
    items: Vec<u32>,
    /// The smallest rectangle holding every finite item.
    pub(super) bounds: Rect,
}

impl DenseGrid {
    /// The cells `r` touches, or `None` for a rectangle that is not finite.
    fn span(r: &Rect, cell: f32) -> Option<(i64, i64, i64, i64)> {
        if !(r.min.x.is_finite()
            && r.min.y.is_finite()
            && r.max.x.is_finite()
            && r.max.y.is_finite())
        {
            return None;
        }
        let c = |v: f32| cell_of(v / cell);
        Some((c(r.min.x), c(r.min.y), c(r.max.x), c(r.max.y)))
    }

    /// The grid of `rects`, each item numbered by its place in the slice;
    /// rectangles that are not finite are left out. Cells are
    /// [`CELL`] wide, or wider on a grid that would have more than
    /// [`MAX_CELLS`] beyond four per item.
    pub(super) fn new(rects: &[Rect]) -> Self {
        Self::with_cells(rects, MAX_CELLS + 4 * rects.len() as i64)
    }

    /// [`DenseGrid::new`] with at most about `limit` cells: a few items
    /// spread over a large map (where each frame's arrow may leave) need
    /// a few cells, not megabytes of empty ones to clear and count.
    pub(super) fn with_cells(rects: &[Rect], limit: i64) -> Self {
        Self::build(rects, CELL, limit)
    }

    /// [`DenseGrid::new`] with cells of side `cell` (or wider, as there):
    /// for many small items, such as the short pieces of flattened curves,
    /// smaller cells keep those far apart out of one another's cells.
    pub(super) fn with_cell_size(rects: &[Rect], cell: f32) -> Self {
        Self::build(rects, cell, MAX_CELLS + 4 * rects.len() as i64)
    }

    /// The grid of `rects` with cells of side `cell`, doubled while there
    /// would be more than `limit` of them.
    fn build(rects: &[Rect], cell: f32, limit: i64) -> Self {
        let finite = |r: &&Rect| Self::span(r, CELL).is_some();
        let all = rects
            .iter()
            .filter(finite)
            .copied()
            .fold(Rect::NOTHING, Rect::union);
        let mut cell = cell;
        while let Some((a, b, c, d)) = Self::span(&all, cell)
            && (c - a + 1).saturating_mul(d - b + 1) > limit
            && cell < 1.0e30
        {
            cell *= 2.0;
        }
        let spans: Vec<Option<(i64, i64, i64, i64)>> =
            rects.iter().map(|r| Self::span(r, cell)).collect();
        let (mut x0, mut y0, mut x1, mut y1) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for &(a, b, c, d) in spans.iter().flatten() {
            x0 = x0.min(a);
            y0 = y0.min(b);
            x1 = x1.max(c);
            y1 = y1.max(d);
        }
        if x0 > x1 || y0 > y1 {
            return Self {
                cell,
                x0: 0,
                y0: 0,
                nx: 0,
                ny: 0,
                start: vec![0],
                items: Vec::new(),
                bounds: all,
            };
        }
        let (nx, ny) = (x1 - x0 + 1, y1 - y0 + 1);
        let cells = usize::try_from(nx * ny).unwrap_or(0);
        let mut count = vec![0u32; cells + 1];
        let at = |x: i64, y: i64| ((y - y0) * nx + (x - x0)) as usize;
        for &(a, b, c, d) in spans.iter().flatten() {
            for y in b..=d {
                for x in a..=c {
                    count[at(x, y) + 1] += 1;
                }
            }
        }
        for k in 1..count.len() {
            count[k] += count[k - 1];
        }
        let mut fill = count.clone();
        let mut items = vec![0u32; count[cells] as usize];
        for (i, span) in spans.iter().enumerate() {
            let Some((a, b, c, d)) = *span else { continue };
            for y in b..=d {
                for x in a..=c {
                    let slot = &mut fill[at(x, y)];
                    items[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
        }
        Self {
            cell,
            x0,
            y0,
            nx,
            ny,
            start: count,
            items,
            bounds: all,
        }
    }

    /// Items in the cells `r` touches (an item may come more than once).
    /// The iterator holds only the grid, not `r`.
    pub(super) fn near<'a>(&'a self, r: &Rect) -> impl Iterator<Item = usize> + use<'a> {
        let (a, b, c, d) = Self::span(r, self.cell).unwrap_or((1, 1, 0, 0));
        let (a, c) = ((a - self.x0).max(0), (c - self.x0).min(self.nx - 1));
        let (b, d) = ((b - self.y0).max(0), (d - self.y0).min(self.ny - 1));
        (b..=d).flat_map(move |y| {
            let row = y * self.nx;
            let (s, e) = if a <= c {
                (
                    self.start[(row + a) as usize] as usize,
                    self.start[(row + c + 1) as usize] as usize,
                )
            } else {
                (0, 0)
            };
            self.items[s..e].iter().map(|&i| i as usize)
        })
    }
}

/// `v.floor().clamp(-1e6, 1e6) as i64`, computed without `f32::floor`,
/// which on the baseline x86-64 target is a call into the C library: a
/// grid takes four for every lookup, and they showed in the profile.
fn cell_of(v: f32) -> i64 {
    // `as` truncates towards zero (and saturates); one less below zero
    // when that rounded up. Exact: a float beyond 2^23 is whole already.
    let t = v as i64;
    let floor = if (t as f32) > v {
        t.saturating_sub(1)
    } else {
        t
    };
    floor.clamp(-1_000_000, 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_the_floor_of_its_coordinate() {
        for v in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.999,
            -2.999,
            255.9,
            -256.0,
            1.0e6,
            1.5e6,
            -3.0e9,
            8.4e6,
            -8.4e6,
            1.0e-30,
            -1.0e-30,
            f32::MAX,
            f32::MIN,
        ] {
            assert_eq!(cell_of(v), v.floor().clamp(-1.0e6, 1.0e6) as i64, "{v}");
        }
    }
}
