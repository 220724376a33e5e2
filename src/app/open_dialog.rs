//! File › Open: the platform's file dialog, and a typed path when there
//! is none.
//!
//! On Linux the native dialog comes from the desktop portal
//! (`xdg-desktop-portal-gtk` on Debian) or, failing that, from `zenity`.
//! Without either, the dialog library returns at once as if the person
//! had cancelled. A real person cannot cancel that fast, so an answer of
//! "nothing" within [`NO_DIALOG_WITHIN`] means no dialog was shown: the
//! viewer then says so and offers a field to type the map's path, which
//! completes the folder's maps (`.ron` and AIF `.json`) and sub-folders:
//! they are listed under it to click, and `Tab` completes as far as they
//! agree.
//! The same field is always there as File › Open by Path….

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Id, Key, Modifiers, RichText};

use super::ReasonmapApp;
use super::document::MapOrigin;

/// An empty answer this quick means the dialog was never shown.
pub const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// Most completions listed.
const MAX_COMPLETIONS: usize = 200;

/// What the window says when the native dialog could not be shown.
pub const NO_DIALOG_MESSAGE: &str = "No file dialog could be shown on this desktop. \
     On Debian, install xdg-desktop-portal-gtk or zenity for one. \
     Meanwhile, type the map's path:";

/// Whether an empty answer from the native dialog, `elapsed` after it was
/// asked for, means that no dialog could be shown.
pub fn dialog_unavailable(picked: Option<&Path>, elapsed: Duration) -> bool {
    picked.is_none() && elapsed < NO_DIALOG_WITHIN
}

/// One entry of a folder that can complete a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The entry's file name.
    pub name: String,
    /// Whether it is a folder (completing goes into it).
    pub is_dir: bool,
}

/// The maps and folders in `dir` whose names start with `prefix`
/// (ignoring case): folders first, then `.ron` and `.json` files, each by
/// name. Hidden entries show only when the prefix starts with a dot.
pub fn completions(dir: &Path, prefix: &str) -> Vec<Completion> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix = prefix.to_lowercase();
    let mut out: Vec<Completion> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let lower = name.to_lowercase();
            if !lower.starts_with(&prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            // Follows links, so a linked folder completes as a folder.
            let is_dir = e.path().is_dir();
            let is_map = lower.ends_with(".ron") || lower.ends_with(".json");
            (is_dir || is_map).then_some(Completion { name, is_dir })
        })
        .collect();
    out.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    out.truncate(MAX_COMPLETIONS);
    out
}

/// Splits a typed path into the folder to list and the start of a name.
/// An empty path lists `start`.
pub fn split_typed(typed: &str, start: &Path) -> (PathBuf, String) {
    if typed.is_empty() {
        return (start.to_owned(), String::new());
    }
    if typed.ends_with(std::path::MAIN_SEPARATOR) || typed.ends_with('/') {
        return (PathBuf::from(typed), String::new());
    }
    let path = Path::new(typed);
    let prefix = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    (dir, prefix)
}

/// `typed` completed as far as the names `found` for it agree (with a
/// separator after a single folder); `None` when that adds nothing.
pub fn complete(typed: &str, start: &Path, found: &[Completion]) -> Option<String> {
    let (dir, prefix) = split_typed(typed, start);
    let (first, rest) = found.split_first()?;
    let mut common: Vec<char> = first.name.chars().collect();
    for c in rest {
        let same = common
            .iter()
            .zip(c.name.chars())
            .take_while(|(a, b)| **a == *b)
            .count();
        common.truncate(same);
    }
    if common.len() < prefix.chars().count() {
        return None;
    }
    let common: String = common.into_iter().collect();
    // What was typed, with its last part replaced by the common start.
    let mut out = match typed.strip_suffix(prefix.as_str()) {
        Some(base) if !typed.is_empty() => format!("{base}{common}"),
        _ => dir.join(&common).display().to_string(),
    };
    if rest.is_empty() && first.is_dir {
        out.push(std::path::MAIN_SEPARATOR);
    }
    (out != typed).then_some(out)
}

/// The typed-path field's widget id.
fn field_id() -> Id {
    Id::unique("reasonmap-open-by-path")
}

/// The typed-path window's state.
#[derive(Debug, Default)]
pub struct OpenByPath {
    /// Whether the window is shown.
    pub open: bool,
    /// The path typed so far.
    pub path: String,
    /// The native dialog could not be shown (the window says so).
    pub no_dialog: bool,
    /// The folder listed when nothing is typed.
    start: PathBuf,
    /// The folder and prefix last listed, and what was found.
    listed: Option<(PathBuf, String, Vec<Completion>)>,
    /// Why the last typed path could not be opened.
    error: Option<String>,
    /// Give the field the focus on the next frame.
    focus: bool,
}

impl OpenByPath {
    /// Opens the window, starting in `start`.
    pub fn show(&mut self, start: PathBuf, no_dialog: bool) {
        self.open = true;
        self.no_dialog = no_dialog;
        self.start = start;
        self.listed = None;
        self.error = None;
        self.focus = true;
        if self.path.is_empty() {
            let mut start = self.start.display().to_string();
            if !start.ends_with(std::path::MAIN_SEPARATOR) {
                start.push(std::path::MAIN_SEPARATOR);
            }
            self.path = start;
        }
    }

    /// The completions of the path typed so far (listed again only when
    /// the folder or prefix changed).
    pub fn current_completions(&mut self) -> &[Completion] {
        let (dir, prefix) = split_typed(&self.path, &self.start);
        let stale = self
            .listed
            .as_ref()
            .is_none_or(|(d, p, _)| *d != dir || *p != prefix);
        if stale {
            let found = completions(&dir, &prefix);
            self.listed = Some((dir, prefix, found));
        }
        self.listed.as_ref().map_or(&[], |(_, _, c)| c.as_slice())
    }

    /// Shows the window; returns a map file to open.
    pub fn window_ui(&mut self, ctx: &egui::Context) -> Option<PathBuf> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut chosen = None;
        egui::Window::new("Open a Map")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(520.0)
            .show(ctx, |ui| chosen = self.contents_ui(ui));
        if !open {
            self.open = false;
        }
        if chosen.is_some() {
            self.open = false;
        }
        chosen
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) -> Option<PathBuf> {
        if self.no_dialog {
            ui.label(RichText::new(NO_DIALOG_MESSAGE).color(ui.visuals().warn_fg_color));
            ui.add_space(6.0);
        }
        let mut submit = false;
        ui.horizontal(|ui| {
            let label = ui.label("Path");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .id(field_id())
                        // Tab completes instead of leaving the field.
                        .lock_focus(true)
                        .desired_width(380.0)
                        .hint_text("a .ron or AIF .json map"),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            if field.changed() {
                self.error = None;
            }
            if field.has_focus() && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab)) {
                let found = self.current_completions().to_vec();
                if let Some(completed) = complete(&self.path, &self.start, &found) {
                    self.path = completed;
                    self.error = None;
                    cursor_to_end(ui.ctx(), &self.path);
                }
            }
            submit |= field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            submit |= ui.button("Open").clicked();
        });
        if let Some(error) = &self.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        let (dir, _) = split_typed(&self.path, &self.start);
        let found = self.current_completions().to_vec();
        ui.add_space(4.0);
        ui.label(RichText::new(format!("In {} (Tab completes):", dir.display())).weak());
        let mut picked = None;
        egui::ScrollArea::vertical()
            .max_height(240.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if found.is_empty() {
                    ui.label(RichText::new("no maps or folders here").weak());
                }
                for c in &found {
                    let label = if c.is_dir {
                        format!("{}/", c.name)
                    } else {
                        c.name.clone()
                    };
                    if ui.selectable_label(false, label).clicked() {
                        picked = Some(c.clone());
                    }
                }
            });
        if let Some(c) = picked {
            let mut path = dir.join(&c.name).display().to_string();
            if c.is_dir {
                path.push(std::path::MAIN_SEPARATOR);
            }
            self.path = path;
            self.error = None;
            self.focus = true;
        }
        if !submit {
            return None;
        }
        let path = PathBuf::from(self.path.trim());
        if path.is_file() {
            Some(path)
        } else if path.is_dir() {
            self.error = Some("That is a folder: choose a map in it.".to_owned());
            None
        } else {
            self.error = Some(format!("There is no file {}", path.display()));
            None
        }
    }
}

/// Puts the field's text cursor after `text` (after a completion).
fn cursor_to_end(ctx: &egui::Context, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, field_id()) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ctx, field_id());
    }
}

impl ReasonmapApp {
    /// The folder Open starts in: that of the most recent map, else the
    /// working folder.
    fn open_start_dir(&self) -> PathBuf {
        self.persisted
            .recent
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Shows the platform's Open dialog; when none can be shown, the
    /// typed-path window instead.
    pub(super) fn open_dialog(&mut self) {
        let start = self.open_start_dir();
        let dialog = rfd::FileDialog::new()
            .add_filter("Argument map (RON, AIF JSON)", &["ron", "json"])
            .set_directory(&start);
        let asked = Instant::now();
        let picked = dialog.pick_file();
        if dialog_unavailable(picked.as_deref(), asked.elapsed()) {
            self.open_by_path.show(start, true);
        } else if let Some(path) = picked {
            self.open(MapOrigin::File(path));
        }
    }

    /// Shows the window where a map's path is typed (File › Open by
    /// Path…).
    pub fn show_open_by_path(&mut self) {
        let start = self.open_start_dir();
        self.open_by_path.show(start, false);
    }

    /// The typed-path window, when shown; a chosen map is opened (asking
    /// first about unsaved notes).
    pub(super) fn open_by_path_ui(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.open_by_path.window_ui(ctx) {
            self.request(ctx, super::PendingAction::Open(MapOrigin::File(path)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_empty_answer_means_no_dialog() {
        assert!(dialog_unavailable(None, Duration::from_millis(20)));
        assert!(!dialog_unavailable(None, Duration::from_secs(3)));
        let picked = PathBuf::from("a.ron");
        assert!(!dialog_unavailable(
            Some(&picked),
            Duration::from_millis(20)
        ));
    }

    #[test]
    fn typed_paths_split_into_folder_and_name_start() {
        let start = Path::new("start");
        assert_eq!(
            split_typed("", start),
            (PathBuf::from("start"), String::new())
        );
        assert_eq!(
            split_typed("maps/re", start),
            (PathBuf::from("maps"), "re".to_owned())
        );
        assert_eq!(
            split_typed("maps/", start),
            (PathBuf::from("maps/"), String::new())
        );
        assert_eq!(
            split_typed("re", start),
            (PathBuf::from("."), "re".to_owned())
        );
    }

    #[test]
    fn tab_completes_as_far_as_the_names_agree() {
        let start = Path::new("start");
        let found = |names: &[(&str, bool)]| -> Vec<Completion> {
            names
                .iter()
                .map(|&(n, is_dir)| Completion {
                    name: n.to_owned(),
                    is_dir,
                })
                .collect()
        };
        let sep = std::path::MAIN_SEPARATOR;
        let two = found(&[("region.json", false), ("regional.ron", false)]);
        assert_eq!(
            complete(&format!("maps{sep}reg"), start, &two),
            Some(format!("maps{sep}region"))
        );
        // Nothing more in common: nothing to add.
        assert_eq!(complete(&format!("maps{sep}region"), start, &two), None);
        let one = found(&[("regional.ron", false)]);
        assert_eq!(
            complete(&format!("maps{sep}regi"), start, &one),
            Some(format!("maps{sep}regional.ron"))
        );
        let folder = found(&[("regions", true)]);
        assert_eq!(
            complete(&format!("maps{sep}regions"), start, &folder),
            Some(format!("maps{sep}regions{sep}"))
        );
        // A listed folder completes inside it.
        assert_eq!(
            complete(&format!("maps{sep}"), start, &one),
            Some(format!("maps{sep}regional.ron"))
        );
        assert_eq!(complete("x", start, &[]), None);
    }

    #[test]
    fn completions_list_folders_then_maps_matching_the_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "essay.ron",
            "Evidence.JSON",
            "notes.txt",
            "other.ron",
            ".hidden.ron",
        ] {
            std::fs::write(dir.path().join(name), "").expect("write");
        }
        std::fs::create_dir(dir.path().join("extra")).expect("mkdir");
        let names = |prefix: &str| -> Vec<String> {
            completions(dir.path(), prefix)
                .into_iter()
                .map(|c| c.name)
                .collect()
        };
        assert_eq!(names("e"), ["extra", "Evidence.JSON", "essay.ron"]);
        assert_eq!(
            names(""),
            ["extra", "Evidence.JSON", "essay.ron", "other.ron"]
        );
        assert_eq!(names("."), [".hidden.ron"]);
        assert!(completions(&dir.path().join("missing"), "").is_empty());
    }
}
