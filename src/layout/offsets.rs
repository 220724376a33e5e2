//! A short list of numbers kept inline: the per-member offsets of a unit
//! block, which has one or a few members, without an allocation each.

use std::ops::{Index, IndexMut};

/// How many numbers are kept without an allocation.
const INLINE: usize = 4;

/// A list of `f32` that holds up to [`INLINE`] numbers in place and more
/// on the heap; it indexes and iterates like a slice.
#[derive(Clone)]
pub(super) enum Offsets {
    /// Up to [`INLINE`] numbers: how many, and the numbers.
    Inline(u8, [f32; INLINE]),
    /// More numbers.
    Heap(Vec<f32>),
}

impl Offsets {
    /// An empty list with room for `n` numbers.
    pub(super) fn with_capacity(n: usize) -> Self {
        if n <= INLINE {
            Offsets::Inline(0, [0.0; INLINE])
        } else {
            Offsets::Heap(Vec::with_capacity(n))
        }
    }

    /// `n` times `value`.
    pub(super) fn filled(value: f32, n: usize) -> Self {
        if n <= INLINE {
            Offsets::Inline(n as u8, [value; INLINE])
        } else {
            Offsets::Heap(vec![value; n])
        }
    }

    /// Adds `value` at the end.
    pub(super) fn push(&mut self, value: f32) {
        match self {
            Offsets::Inline(len, values) if usize::from(*len) < INLINE => {
                values[usize::from(*len)] = value;
                *len += 1;
            }
            Offsets::Inline(_, values) => {
                let mut v = values.to_vec();
                v.push(value);
                *self = Offsets::Heap(v);
            }
            Offsets::Heap(v) => v.push(value),
        }
    }

    /// The numbers.
    pub(super) fn as_slice(&self) -> &[f32] {
        match self {
            Offsets::Inline(len, values) => &values[..usize::from(*len)],
            Offsets::Heap(v) => v,
        }
    }

    /// The numbers, to change.
    pub(super) fn as_mut_slice(&mut self) -> &mut [f32] {
        match self {
            Offsets::Inline(len, values) => &mut values[..usize::from(*len)],
            Offsets::Heap(v) => v,
        }
    }

    /// The numbers in order, to change.
    pub(super) fn iter_mut(&mut self) -> std::slice::IterMut<'_, f32> {
        self.as_mut_slice().iter_mut()
    }
}

impl Default for Offsets {
    fn default() -> Self {
        Offsets::Inline(0, [0.0; INLINE])
    }
}

impl Index<usize> for Offsets {
    type Output = f32;

    fn index(&self, i: usize) -> &f32 {
        &self.as_slice()[i]
    }
}

impl IndexMut<usize> for Offsets {
    fn index_mut(&mut self, i: usize) -> &mut f32 {
        &mut self.as_mut_slice()[i]
    }
}

impl std::fmt::Debug for Offsets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_hold_what_a_vec_holds_inline_or_not() {
        for n in [0, 1, 3, 4, 5, 9] {
            let mut pushed = Offsets::with_capacity(n.min(2));
            let mut want = Vec::new();
            for i in 0..n {
                pushed.push(i as f32 * 1.5);
                want.push(i as f32 * 1.5);
            }
            assert_eq!(pushed.as_slice(), want.as_slice());
            for v in pushed.iter_mut() {
                *v -= 1.0;
            }
            if n > 0 {
                pushed[n - 1] = 7.0;
                assert_eq!(pushed[n - 1], 7.0);
            }
            assert_eq!(pushed.as_slice().len(), n);
            let filled = Offsets::filled(2.5, n);
            assert_eq!(filled.as_slice(), vec![2.5; n].as_slice());
            assert_eq!(format!("{filled:?}"), format!("{:?}", vec![2.5f32; n]));
        }
    }
}
