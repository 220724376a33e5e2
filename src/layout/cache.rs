//! Remembering the last layout, so a viewer that asks for it every frame
//! only pays for a new one when the map or the style changed.

use crate::model::{Map, MapIndex};
use crate::text::TextMeasure;

use super::{Layout, LayoutStyle, layout};

/// The last input of [`layout`] and its result.
///
/// The input is compared with `PartialEq` (linear in the map's size, far
/// cheaper than a layout). The text measure is assumed not to change
/// between calls; call [`LayoutCache::clear`] if it does.
#[derive(Debug, Default)]
pub struct LayoutCache {
    last: Option<(Map, LayoutStyle, Layout)>,
    computed: u64,
}

impl LayoutCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The layout of `map` in `style`: the remembered one when the input is
    /// unchanged, a fresh one (remembered from now on) otherwise.
    pub fn get(
        &mut self,
        map: &Map,
        index: &MapIndex,
        measure: &dyn TextMeasure,
        style: &LayoutStyle,
    ) -> &Layout {
        let fresh = match &self.last {
            Some((m, s, _)) => m != map || s != style,
            None => true,
        };
        if fresh {
            self.last = None;
        }
        let (_, _, result) = self.last.get_or_insert_with(|| {
            self.computed += 1;
            (
                map.clone(),
                style.clone(),
                layout(map, index, measure, style),
            )
        });
        result
    }

    /// Forgets the remembered layout.
    pub fn clear(&mut self) {
        self.last = None;
    }

    /// How many layouts this cache has computed (a fresh one per change).
    pub fn computed(&self) -> u64 {
        self.computed
    }
}
