//! Live preview that keeps the map: when the open map's file is saved in a
//! broken state, the last good map stays on screen, greyed slightly, under
//! a banner with the first diagnostic, a count of the rest ("Show all")
//! and "Open in Editor". Once the file is fixed the banner goes and the
//! map updates in place. A map that never opened in this window still
//! gets the full error page.
//!
//! The map file and its notes file are watched (`app::watch`) rather
//! than polled: a change wakes the viewer, which then looks at the file's
//! stamp; with nothing changing, nothing runs.

use std::path::PathBuf;

use egui::RichText;

use super::ReasonmapApp;
use super::document::MapOrigin;
use super::watch::FileWatcher;
use super::worker::{FileStamp, Job, file_stamp};
use crate::model::{Diagnostic, LoadError};

/// The open map's files being watched for changes made elsewhere.
#[derive(Debug, Default)]
pub struct Watch {
    watcher: Option<FileWatcher>,
    /// Watching these files could not start: the viewer polls instead.
    failed_for: Option<Vec<PathBuf>>,
    /// The notes file's stamp when the viewer last read or wrote it.
    notes_stamp: Option<FileStamp>,
    /// The document [`Watch::notes_stamp`] belongs to.
    generation: u64,
}

/// The open map's file no longer loads; the last good map is kept.
#[derive(Debug)]
pub struct Broken {
    /// Why the file does not load now.
    pub error: LoadError,
    /// Every diagnostic is listed, not just the first.
    pub show_all: bool,
    /// Why "Open in Editor" failed, if it did.
    open_error: Option<String>,
}

impl Broken {
    /// Every error and warning the file has now, errors first.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.error.diagnostics()
    }
}

/// `file:line:col: message`, the first line of a diagnostic.
pub fn location_line(diagnostic: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(file) = &diagnostic.file {
        out.push_str(&file.display().to_string());
        if let Some(line) = diagnostic.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = diagnostic.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out.push_str(": ");
    }
    out.push_str(&diagnostic.message);
    out
}

impl ReasonmapApp {
    /// The notes file of the open map, when it was read from a file.
    fn watched_notes_file(&self) -> Option<PathBuf> {
        let doc = self.doc.as_ref()?;
        doc.origin.path()?;
        Some(doc.notes.location().path.clone())
    }

    /// Watches the open map's file and notes file, and acts on a change:
    /// the map file is looked at (and reloaded if it changed), and notes
    /// changed elsewhere are read again when there are no unsaved ones
    /// here (unsaved ones are merged with them on saving). False when
    /// the files cannot be watched and must be polled.
    pub(super) fn watch_files(&mut self, ctx: &egui::Context) -> bool {
        let Some(map) = self.open_path().map(std::path::Path::to_owned) else {
            self.watch.watcher = None;
            return true;
        };
        let notes = self.watched_notes_file();
        let mut files = vec![map.clone()];
        files.extend(notes.clone());
        if self.watch.watcher.as_ref().map(FileWatcher::files) != Some(&files[..]) {
            if self.watch.failed_for.as_ref() == Some(&files) {
                return false;
            }
            let repaint = ctx.clone();
            match FileWatcher::new(files.clone(), move || repaint.request_repaint()) {
                Ok(watcher) => {
                    self.watch.watcher = Some(watcher);
                    self.watch.failed_for = None;
                    // A save between reading the map and watching it.
                    self.worker.send(Job::Stamp(map.clone()));
                }
                Err(_) => {
                    self.watch.watcher = None;
                    self.watch.failed_for = Some(files);
                    return false;
                }
            }
        }
        if self.watch.generation != self.generation {
            self.watch.generation = self.generation;
            self.watch.notes_stamp = notes.as_deref().and_then(file_stamp);
        }
        if self
            .watch
            .watcher
            .as_ref()
            .is_some_and(FileWatcher::take_changed)
        {
            self.stamp_pending = true;
            self.worker.send(Job::Stamp(map));
            self.notes_maybe_changed(notes);
        }
        true
    }

    /// Takes in the notes file's changes made elsewhere if it changed since
    /// the viewer last read or wrote it. They come in through a save on
    /// the worker, the one path that merges with the file (and its lock):
    /// with nothing of the viewer's own to write, a save only reads and
    /// merges. Unsaved edits are merged by the automatic save that is
    /// already due, so nothing is started for them here.
    fn notes_maybe_changed(&mut self, notes: Option<PathBuf>) {
        let Some(path) = notes else { return };
        let stamp = file_stamp(&path);
        if stamp == self.watch.notes_stamp || self.loading.is_some() {
            return;
        }
        self.watch.notes_stamp = stamp;
        if self.doc.as_ref().is_some_and(|d| !d.notes.is_dirty()) {
            self.save_notes();
        }
    }

    /// After the viewer saved the notes: their file's new stamp is the
    /// viewer's own, not a change made elsewhere.
    pub(super) fn notes_saved(&mut self) {
        self.watch.notes_stamp = self.watched_notes_file().as_deref().and_then(file_stamp);
    }

    /// Why the open map's file does not load now, while its last good
    /// version stays on screen.
    pub fn broken(&self) -> Option<&Broken> {
        self.broken.as_ref()
    }

    /// After `origin` failed to load: keeps the map on screen when it is
    /// the open one (a reload of a file being edited) and says why in the
    /// banner; otherwise gives the error back for the error page.
    pub(super) fn keep_last_good(
        &mut self,
        origin: &MapOrigin,
        error: LoadError,
    ) -> Result<(), LoadError> {
        match &self.doc {
            Some(doc) if doc.origin == *origin && origin.path().is_some() => {
                self.broken = Some(Broken {
                    error,
                    show_all: false,
                    open_error: None,
                });
                Ok(())
            }
            _ => Err(error),
        }
    }

    /// The banner over the map while its file is broken.
    pub(super) fn broken_banner_ui(&mut self, ctx: &egui::Context) {
        let Some(broken) = &mut self.broken else {
            return;
        };
        let Some(path) = self.doc.as_ref().and_then(|d| d.origin.path()) else {
            return;
        };
        let canvas = self.view.canvas_rect;
        let top = if self.reading.read_along.is_active() {
            56.0
        } else {
            8.0
        };
        let diagnostics = broken.diagnostics();
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let shown = if errors.is_empty() {
            diagnostics.iter().collect()
        } else {
            errors
        };
        egui::Area::new(egui::Id::unique("broken-map-banner"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::CENTER_TOP)
            .fixed_pos(canvas.center_top() + egui::vec2(0.0, top))
            .show(ctx, |ui| {
                ui.set_max_width((canvas.width() - 40.0).clamp(240.0, 760.0));
                let visuals = ui.visuals().clone();
                egui::Frame::popup(ui.style())
                    .fill(visuals.extreme_bg_color)
                    .stroke(egui::Stroke::new(1.5, visuals.error_fg_color))
                    .show(ui, |ui| {
                        ui.label(
                            RichText::new(
                                "The map file has errors: this is the last version that opened.",
                            )
                            .strong()
                            .color(visuals.error_fg_color),
                        );
                        let listed = if broken.show_all { shown.len() } else { 1 };
                        egui::ScrollArea::vertical()
                            .max_height(240.0)
                            .show(ui, |ui| {
                                for d in shown.iter().take(listed) {
                                    ui.label(RichText::new(location_line(d)).monospace());
                                }
                            });
                        ui.horizontal_wrapped(|ui| {
                            let rest = shown.len().saturating_sub(1);
                            if rest > 0 {
                                let more = if rest == 1 {
                                    "and 1 more".to_owned()
                                } else {
                                    format!("and {rest} more")
                                };
                                ui.label(RichText::new(more).weak());
                                let toggle = if broken.show_all {
                                    "Show first only"
                                } else {
                                    "Show all"
                                };
                                if ui.button(toggle).clicked() {
                                    broken.show_all = !broken.show_all;
                                }
                            }
                            if ui
                                .button("Open in Editor")
                                .on_hover_text("Open the map file in your default editor")
                                .clicked()
                            {
                                broken.open_error =
                                    open::that_detached(path).err().map(|e| e.to_string());
                            }
                            ui.label(
                                RichText::new("The map updates when the file is fixed.").weak(),
                            );
                        });
                        if let Some(error) = &broken.open_error {
                            ui.label(
                                RichText::new(format!("Could not open the editor: {error}"))
                                    .color(visuals.error_fg_color),
                            );
                        }
                    });
            });
    }
}
