//! A map open in the viewer: where it came from, the loaded map, its layout
//! and the scene drawn from them, its notes and marks, and their evaluation.

use std::path::{Path, PathBuf};

use crate::interchange::load_map_file_with_progress;
use crate::layout::{Layout, LayoutStyle, layout_with_progress};
use crate::model::{LoadError, LoadedMap, load_map_str};
use crate::notes::{NoteStore, NotesWarning, StoreOptions};
use crate::scene::{Scene, SceneOptions, Theme, build_scene};
use crate::source::SourceDoc;
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

    /// Loads the map this origin names (a map file in any format).
    pub fn load(&self) -> Result<LoadedMap, LoadError> {
        self.load_with_progress(&mut |_, _| {})
    }

    /// [`MapOrigin::load`], calling `progress(read, total)` as a map file
    /// is read.
    pub fn load_with_progress(
        &self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<LoadedMap, LoadError> {
        match self {
            MapOrigin::File(path) => load_map_file_with_progress(path, progress),
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
    /// The notes on the map's claims, and the marks on its claims and
    /// arguments.
    pub notes: NoteStore,
    /// The map evaluated under the marks (see
    /// [`Document::sync_evaluation`]).
    pub evaluation: super::evaluation_ui::EvaluationState,
    /// The source text analysed against the map, when it was read.
    pub source: Option<SourceDoc>,
    /// Collapsed branches and focus: which claims are shown, and the
    /// layout of the shown part when some are hidden.
    pub collapse: super::collapse_ui::CollapseState,
    /// Bumped by every rebuild of [`Document::scene`]; unique across
    /// documents, so what is cached for drawing a scene is keyed on it.
    pub revision: u64,
    /// What is worked out for drawing the scene (its culling grid), built
    /// on the worker when the map was opened and handed to the canvas when
    /// it arrives, so that its first frame does not build it.
    pub first_drawing: Option<std::sync::Arc<crate::render::egui::SceneDrawing>>,
}

/// The next scene revision: unique for the life of the process.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    /// Opens the notes of `loaded`, lays it out and builds its scene.
    ///
    /// Notes of the built-in map live in `data_dir` (there is no map file to
    /// put them beside). Warnings about the notes file are returned.
    pub fn new(
        origin: MapOrigin,
        loaded: LoadedMap,
        theme: &Theme,
        data_dir: Option<&Path>,
    ) -> (Self, Vec<NotesWarning>) {
        Self::build(origin, loaded, theme, data_dir, &mut |_| {}, &|_| {})
    }

    /// [`Document::new`], saying what it does at each step (for a
    /// progress line): this reads the notes file and lays the map out,
    /// which takes a while for large maps, so the viewer runs it on its
    /// worker thread. `fraction` is told how far the layout has got (0 to
    /// 1, see [`crate::layout::layout_with_progress`]).
    pub fn build(
        origin: MapOrigin,
        loaded: LoadedMap,
        theme: &Theme,
        data_dir: Option<&Path>,
        progress: &mut dyn FnMut(String),
        fraction: &dyn Fn(f32),
    ) -> (Self, Vec<NotesWarning>) {
        let options = StoreOptions::with_data_dir(data_dir.map(Path::to_owned));
        let notes_map_path = match &origin {
            MapOrigin::File(path) => path.clone(),
            MapOrigin::Builtin => {
                let dir = data_dir.map(Path::to_owned).unwrap_or_default();
                // Best effort: if the folder cannot be made, saving reports it.
                let _ = std::fs::create_dir_all(&dir);
                dir.join(ESSAY_MAP_NAME)
            }
        };
        progress("Opening the notes…".to_owned());
        let ids: Vec<String> = loaded.map.claims.iter().map(|c| c.id.clone()).collect();
        let (mut notes, warnings) = NoteStore::open_with(&notes_map_path, ids, options);
        notes.set_argument_ids(loaded.map.arguments.iter().map(|a| a.id.clone()));
        progress(format!(
            "Laying out {} claims…",
            super::loading_ui::count(loaded.map.claims.len())
        ));
        let style = LayoutStyle::default();
        let layout = layout_with_progress(
            &loaded.map,
            &loaded.index,
            FontMetrics::bundled(),
            &style,
            fraction,
        );
        progress("Drawing…".to_owned());
        let collapse = super::collapse_ui::CollapseState::from_store(&loaded, &notes, &style);
        let source = loaded
            .source
            .shared_text()
            .map(|text| SourceDoc::new(text, &loaded.map, &loaded.index));
        let mut doc = Self {
            origin,
            loaded,
            style,
            layout,
            scene: Scene::empty(),
            notes,
            evaluation: Default::default(),
            source,
            collapse,
            revision: next_revision(),
            first_drawing: None,
        };
        doc.rebuild_scene(theme);
        (doc, warnings)
    }

    /// Rebuilds the scene, after a theme change, a change in the notes, or
    /// a branch collapsed or expanded (of the shown part only, when some
    /// claims are hidden).
    pub fn rebuild_scene(&mut self, theme: &Theme) {
        self.scene = match self.collapse.part() {
            Some(part) => part.scene(
                &self.loaded,
                &self.style,
                &Self::options(&self.loaded, &self.notes),
                theme,
            ),
            None => Self::scene_for(&self.loaded, &self.layout, &self.style, &self.notes, theme),
        };
        self.revision = next_revision();
    }

    /// The scene options of the whole map: its note counts.
    fn options(loaded: &LoadedMap, notes: &NoteStore) -> SceneOptions {
        SceneOptions {
            note_counts: loaded
                .map
                .claims
                .iter()
                .map(|c| notes.count_for(&c.id))
                .collect(),
            ..SceneOptions::default()
        }
    }

    fn scene_for(
        loaded: &LoadedMap,
        layout: &Layout,
        style: &LayoutStyle,
        notes: &NoteStore,
        theme: &Theme,
    ) -> Scene {
        let options = Self::options(loaded, notes);
        build_scene(
            &loaded.map,
            &loaded.index,
            layout,
            style,
            FontMetrics::bundled(),
            theme,
            &options,
        )
    }

    /// Where the notes are saved, in a sentence for the user.
    pub fn notes_location(&self) -> String {
        match self.origin {
            MapOrigin::Builtin => format!(
                "notes on the built-in map are saved in {}",
                self.notes.location().path.display()
            ),
            MapOrigin::File(_) => self.notes.location().describe(),
        }
    }

    /// The map's title.
    pub fn title(&self) -> &str {
        &self.loaded.map.title
    }
}
