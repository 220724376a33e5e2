//! A map open in the viewer: where it came from, the loaded map, its layout
//! and the scene drawn from them.

use std::path::{Path, PathBuf};

use crate::layout::{Layout, LayoutStyle, layout};
use crate::model::{LoadError, LoadedMap, load_map_file, load_map_str};
use crate::scene::{Scene, SceneOptions, Theme, build_scene};
use crate::text::FontMetrics;

/// The essay map that ships inside the binary, opened when no map is given.
pub const ESSAY_MAP: &str = include_str!("../../maps/regional-security.ron");
/// The essay the built-in map quotes.
pub const ESSAY_SOURCE: &str = include_str!("../../maps/regional-security.md");
/// File name under which the built-in map is shown.
pub const ESSAY_MAP_NAME: &str = "regional-security.ron";

/// Where the open map was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapOrigin {
    /// A map file on disk.
    File(PathBuf),
    /// The essay map built into the binary.
    Builtin,
}

impl MapOrigin {
    /// The file, for maps read from disk.
    pub fn path(&self) -> Option<&Path> {
        match self {
            MapOrigin::File(path) => Some(path),
            MapOrigin::Builtin => None,
        }
    }

    /// Loads the map this origin names.
    pub fn load(&self) -> Result<LoadedMap, LoadError> {
        match self {
            MapOrigin::File(path) => load_map_file(path),
            MapOrigin::Builtin => load_builtin_essay(),
        }
    }

    /// How to name the map to people: its path, or "(built-in)".
    pub fn display(&self) -> String {
        match self {
            MapOrigin::File(path) => path.display().to_string(),
            MapOrigin::Builtin => format!("{ESSAY_MAP_NAME} (built-in)"),
        }
    }
}

/// Loads the built-in essay map, checking its quotes against the built-in essay.
pub fn load_builtin_essay() -> Result<LoadedMap, LoadError> {
    load_map_str(ESSAY_MAP, Path::new(ESSAY_MAP_NAME), &|source: &str| {
        if source == "regional-security.md" {
            Ok(ESSAY_SOURCE.to_owned())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the built-in map has no source named {source}"),
            ))
        }
    })
}

/// An open, valid map with everything derived from it for drawing.
#[derive(Debug)]
pub struct Document {
    /// Where the map came from.
    pub origin: MapOrigin,
    /// The validated map.
    pub loaded: LoadedMap,
    /// Sizes and spacing of the layout.
    pub style: LayoutStyle,
    /// Positions of everything, computed once when the map is opened (the
    /// map cannot change while it is open; a reload makes a new document).
    pub layout: Layout,
    /// What is drawn, on screen and in exports.
    pub scene: Scene,
}

impl Document {
    /// Lays out `loaded` and builds its scene.
    pub fn new(origin: MapOrigin, loaded: LoadedMap, theme: &Theme, note_counts: Vec<usize>) -> Self {
        let style = LayoutStyle::default();
        let layout = layout(&loaded.map, &loaded.index, FontMetrics::bundled(), &style);
        let mut doc = Self {
            origin,
            loaded,
            style,
            layout,
            scene: Scene {
                bounds: crate::geom::Rect::NOTHING,
                background: None,
                frames: Vec::new(),
                edges: Vec::new(),
                nodes: Vec::new(),
                title: None,
                legend: None,
                footnotes: Vec::new(),
            },
        };
        doc.rebuild_scene(theme, note_counts);
        doc
    }

    /// Rebuilds the scene, after a theme change or a change in note counts.
    pub fn rebuild_scene(&mut self, theme: &Theme, note_counts: Vec<usize>) {
        let options = SceneOptions {
            note_counts,
            ..SceneOptions::default()
        };
        self.scene = build_scene(
            &self.loaded.map,
            &self.loaded.index,
            &self.layout,
            &self.style,
            FontMetrics::bundled(),
            theme,
            &options,
        );
    }

    /// The map's title.
    pub fn title(&self) -> &str {
        &self.loaded.map.title
    }
}
