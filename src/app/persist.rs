//! Settings that survive a restart: theme, legend, panels, the evaluation's
//! reading and recent files.
//! (eframe persists the window size itself.) The open map and the
//! selection are deliberately not persisted.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::evaluation::Reading;
use crate::scene::ThemeKind;

/// How many recent maps the File menu remembers.
const MAX_RECENT: usize = 10;

/// The state that is persisted between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    /// Light or dark.
    pub theme: ThemeKind,
    /// Show the legend over the canvas.
    pub show_legend: bool,
    /// The corner of the canvas the legend docks to.
    pub legend_corner: super::legend::LegendCorner,
    /// Show the Notes panel.
    pub show_notes_panel: bool,
    /// Show each claim's status and the marks on the map.
    pub show_evaluation: bool,
    /// Show the Evaluation panel.
    pub show_evaluation_panel: bool,
    /// Whether open assumptions are granted.
    pub reading: Reading,
    /// Show the source panel (the essay beside the map).
    pub show_source_panel: bool,
    /// Recently opened maps, most recent first.
    pub recent: Vec<PathBuf>,
    /// Show the minimap in the canvas's corner.
    pub show_minimap: bool,
}

impl Default for Persisted {
    fn default() -> Self {
        Self {
            theme: ThemeKind::Light,
            show_legend: true,
            legend_corner: super::legend::LegendCorner::default(),
            show_notes_panel: false,
            show_evaluation: true,
            show_evaluation_panel: false,
            reading: Reading::Charitable,
            show_source_panel: false,
            recent: Vec::new(),
            show_minimap: true,
        }
    }
}

impl Persisted {
    /// Puts `path` first in the recent list (absolute, without duplicates).
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_before_the_docked_legend_load_with_its_default_corner() {
        let old: Persisted = ron::from_str("(theme: Dark, show_legend: true, recent: [])")
            .expect("old settings load");
        assert_eq!(old.theme, ThemeKind::Dark);
        assert_eq!(
            old.legend_corner,
            super::super::legend::LegendCorner::BottomLeft
        );
        let corner = Persisted {
            legend_corner: super::super::legend::LegendCorner::TopRight,
            ..Persisted::default()
        };
        let text = ron::to_string(&corner).expect("saves");
        let back: Persisted = ron::from_str(&text).expect("loads");
        assert_eq!(
            back.legend_corner,
            super::super::legend::LegendCorner::TopRight
        );
    }

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut p = Persisted::default();
        for i in 0..15 {
            p.add_recent(Path::new(&format!("/maps/{i}.ron")));
        }
        p.add_recent(Path::new("/maps/7.ron"));
        assert_eq!(p.recent.len(), MAX_RECENT);
        assert_eq!(p.recent[0], PathBuf::from("/maps/7.ron"));
        assert_eq!(p.recent.iter().filter(|r| r.ends_with("7.ron")).count(), 1);
    }
}
