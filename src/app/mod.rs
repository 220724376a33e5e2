//! The desktop viewer: an eframe app with a menu bar, a search field, the
//! map canvas, a details panel for the selected claim, a legend, and the
//! Notes and Evaluation panels.
//!
//! UI state (selection, hover, view, search) lives here, never in the model
//! or the scene.

pub mod canvas;
pub mod collapse_ui;
mod context_menu;
pub mod details;
pub mod document;
pub mod evaluation_ui;
pub mod export_ui;
pub mod help;
mod hint;
mod keyboard_nav;
mod legend;
pub mod live_preview;
mod loading_ui;
pub mod markdown_view;
mod minimap;
pub mod notes_ui;
mod open_dialog;
mod persist;
pub mod read_along;
mod reading;
mod screenshot;
mod search;
mod side_panels;
pub mod source_panel;
mod watch;
mod window_lost;
mod worker;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, ViewportCommand};

use crate::model::LoadError;
use crate::notes::StoreOptions;
use crate::render::egui::Highlight;
use crate::scene::{Theme, ThemeKind};

use canvas::{CanvasView, canvas_ui};
use document::{Document, MapOrigin};
use notes_ui::{EditTarget, Editor, NoteAction};
use persist::Persisted;
use search::Search;
use worker::{Done, FileStamp, Job, Opened, Worker, file_stamp};

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const RELOAD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);

/// How the viewer is started.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// The map to open; `None` for the built-in essay map.
    pub map: Option<PathBuf>,
    /// Where notes go when they cannot go beside the map (and the notes of
    /// the built-in map); `None` for the platform's data folder.
    pub data_dir: Option<PathBuf>,
    /// How long after the last note edit changes are saved automatically;
    /// `None` turns automatic saving off.
    pub autosave_delay: Option<Duration>,
}

impl AppOptions {
    /// Options for opening `map` with the platform's folders and automatic saving.
    pub fn new(map: Option<PathBuf>) -> Self {
        Self {
            map,
            data_dir: None,
            autosave_delay: Some(Duration::from_millis(1500)),
        }
    }
}

/// Something the user asked for that would throw away unsaved notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    /// Close the window.
    Close,
    /// Open this map instead.
    Open(MapOrigin),
    /// Reload the map.
    Reload,
    /// Show the Open dialog.
    OpenDialog,
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What happened.
    pub text: String,
    /// Whether it went wrong.
    pub is_error: bool,
}

/// Opens the viewer on `map`, or on the built-in essay map.
///
/// Returns when the window is closed, by any means. When another X client
/// destroys the window (XDestroyWindow), winit 0.30.13 panics inside its
/// X11 backend: `UnownedWindow::inner_position_physical` unwraps the result
/// of XTranslateCoordinates, which is BadWindow once the window is gone,
/// and eframe asks for the window's position on every frame. No winit
/// setting avoids it, and eframe 0.37 needs winit 0.30, so the panic is
/// caught here, at the boundary of the event loop: unwinding drops the
/// app, which saves unsaved notes (see `Drop for ReasonmapApp`), and the
/// viewer ends with a one-line notice instead of a panic message.
///
/// When the display server itself goes away (or another client kills our
/// connection with XKillClient), Xlib's own I/O error handler prints "X
/// connection to :N broken" and ends the process at once, from C, before
/// any Rust code runs again; notes edited less than the autosave delay
/// before that moment are lost.
pub fn run(map: Option<PathBuf>, window: WindowOptions) -> anyhow::Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("reasonmap")
            .with_app_id("reasonmap")
            // Smaller than a 1280 × 800 screen, so that with a title bar
            // and a panel the status bar is still on screen.
            .with_inner_size(window.size.unwrap_or([1200.0, 720.0]))
            .with_min_inner_size([480.0, 320.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        // A size asked for on the command line wins over the one saved
        // when the window last closed (and is not saved in its place).
        persist_window: window.size.is_none(),
        ..Default::default()
    };
    let outcome: screenshot::ScreenshotOutcome = Default::default();
    let shot = window
        .screenshot
        .map(|path| screenshot::Screenshot::new(path, outcome.clone()));
    let result = window_lost::catch(|| {
        eframe::run_native(
            "reasonmap",
            options,
            Box::new(move |cc| {
                let mut app = ReasonmapApp::new(cc, AppOptions::new(map));
                app.screenshot = shot;
                Ok(Box::new(app))
            }),
        )
    });
    match result {
        Some(result) => {
            result.map_err(|e| anyhow::anyhow!("the viewer could not start: {e}"))?;
        }
        None => eprintln!("reasonmap: the window was closed by another program"),
    }
    let outcome = outcome.lock().ok().and_then(|mut o| o.take());
    match outcome {
        Some(Err(e)) => {
            eprintln!("reasonmap: cannot write the screenshot {e}");
            Ok(ExitCode::from(2))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// How the viewer's window opens (`reasonmap --window-size`, `--screenshot`).
#[derive(Debug, Default)]
pub struct WindowOptions {
    /// Inner size of the window in points (1200 × 720 when not given).
    pub size: Option<[f32; 2]>,
    /// Save a PNG of the window here once the map is shown, then end.
    pub screenshot: Option<PathBuf>,
}

/// A map that could not be opened, with why.
#[derive(Debug)]
pub struct Failure {
    /// What was being opened.
    pub origin: MapOrigin,
    /// The error, with diagnostics.
    pub error: LoadError,
}

/// The viewer's state.
pub struct ReasonmapApp {
    persisted: Persisted,
    theme: Theme,
    doc: Option<Document>,
    failure: Option<Failure>,
    view: CanvasView,
    selected: Option<usize>,
    hovered: Option<usize>,
    search: Search,
    status: Option<Status>,
    window_title: String,
    options: AppOptions,
    data_dir: Option<PathBuf>,
    editor: Option<Editor>,
    notes_filter: String,
    autosave_at: Option<f64>,
    pending: Option<PendingAction>,
    allow_close: bool,
    export: export_ui::ExportDialog,
    /// Modification time and size of the open map file when it was read.
    map_stamp: Option<FileStamp>,
    /// When (in egui time) to look at the map file again.
    next_map_check: f64,
    /// Reads, lays out and saves, off the UI thread.
    worker: Worker,
    /// The map being opened, if one is.
    loading: Option<Loading>,
    /// Counts the documents opened, to match saves to their document.
    generation: u64,
    /// A save is running on the worker.
    saving: bool,
    /// Save again when the running save is done (there were more edits).
    save_again: bool,
    /// The map file changed while notes were unsaved: reload once they
    /// are saved. Holds the file's new stamp.
    reload_after_save: Option<FileStamp>,
    /// The worker is looking at the map file's stamp.
    stamp_pending: bool,
    /// Save unsaved notes when the viewer ends (not after "Discard").
    save_on_exit: bool,
    /// The help window.
    help: help::Help,
    /// The source panel and read-along mode.
    reading: reading::Reading,
    /// The open map's file is broken; its last good version is shown.
    broken: Option<live_preview::Broken>,
    /// Whether the window was checked against the screen it opened on.
    window_checked: bool,
    /// A picture of the window to save once the map is shown (`--screenshot`).
    screenshot: Option<screenshot::Screenshot>,
    /// Arrow-key navigation and the focus ring.
    nav: keyboard_nav::KeyboardNav,
    /// The side panels' turns in a narrow window.
    panels: side_panels::SidePanels,
    /// The window where a map's path is typed.
    open_by_path: open_dialog::OpenByPath,
    /// Where the legend was drawn.
    legend: legend::LegendPlacement,
    /// The open map's files, watched for changes made elsewhere.
    watch: live_preview::Watch,
}

/// A map being opened on the worker.
#[derive(Debug)]
struct Loading {
    /// The worker's ticket of this open: only its result is taken in.
    ticket: u64,
    origin: MapOrigin,
    /// For a reload: what to keep from the map it replaces.
    keep: Option<Kept>,
}

/// What a reload keeps: the view, the selection (by claim id), and what
/// the status bar says once it is done.
#[derive(Debug)]
struct Kept {
    view: CanvasView,
    selected_id: Option<String>,
    status: &'static str,
}

/// How often the open map file is looked at for changes, in seconds, when
/// it cannot be watched.
const MAP_CHECK_INTERVAL: f64 = 1.0;

impl ReasonmapApp {
    /// Creates the app, restoring persisted settings and opening the map
    /// the options name (or the built-in essay map).
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let persisted = cc
            .storage
            .and_then(|s| eframe::get_value::<Persisted>(s, eframe::APP_KEY))
            .unwrap_or_default();
        crate::render::egui::install_fonts(&cc.egui_ctx);
        let mut app = Self {
            theme: Theme::new(persisted.theme),
            persisted,
            doc: None,
            failure: None,
            view: CanvasView::default(),
            selected: None,
            hovered: None,
            search: Search::default(),
            status: None,
            window_title: String::new(),
            data_dir: options
                .data_dir
                .clone()
                .or_else(|| StoreOptions::default().data_dir),
            options: options.clone(),
            editor: None,
            notes_filter: String::new(),
            autosave_at: None,
            pending: None,
            allow_close: false,
            export: export_ui::ExportDialog::default(),
            map_stamp: None,
            next_map_check: 0.0,
            worker: Worker::new(cc.egui_ctx.clone()),
            loading: None,
            generation: 0,
            saving: false,
            save_again: false,
            reload_after_save: None,
            stamp_pending: false,
            save_on_exit: true,
            help: help::Help::default(),
            reading: reading::Reading::default(),
            broken: None,
            window_checked: false,
            screenshot: None,
            nav: keyboard_nav::KeyboardNav::default(),
            panels: side_panels::SidePanels::default(),
            open_by_path: open_dialog::OpenByPath::default(),
            legend: legend::LegendPlacement::default(),
            watch: live_preview::Watch::default(),
        };
        app.apply_theme(&cc.egui_ctx);
        let origin = match options.map {
            Some(path) => MapOrigin::File(path),
            None => MapOrigin::Builtin,
        };
        app.open(origin);
        app
    }

    /// The open map, if one loaded.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    /// Why the last map failed to open, if it did.
    pub fn failure(&self) -> Option<&Failure> {
        self.failure.as_ref()
    }

    /// The selected claim (index into the map's claims).
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The canvas view (for tests and tools).
    pub fn view(&self) -> &CanvasView {
        &self.view
    }

    /// Whether the open map has notes that are not saved yet.
    pub fn has_unsaved_notes(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.notes.is_dirty())
    }

    /// The action waiting for an answer to "save unsaved notes?".
    pub fn pending(&self) -> Option<&PendingAction> {
        self.pending.as_ref()
    }

    /// The export dialog (for tests and tools).
    pub fn export_dialog(&mut self) -> &mut export_ui::ExportDialog {
        &mut self.export
    }

    fn show_export(&mut self) {
        if let Some(doc) = &self.doc {
            self.export
                .show_for(doc.origin.path(), self.persisted.theme);
        }
    }

    /// The status bar's message.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Runs `action` now, or first asks what to do with unsaved notes.
    fn request(&mut self, ctx: &egui::Context, action: PendingAction) {
        if self.has_unsaved_notes() {
            self.pending = Some(action);
        } else {
            self.perform(ctx, action);
        }
    }

    fn perform(&mut self, ctx: &egui::Context, action: PendingAction) {
        match action {
            PendingAction::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            PendingAction::Open(origin) => self.open(origin),
            PendingAction::Reload => self.reload(),
            PendingAction::OpenDialog => self.open_dialog(),
        }
    }

    /// Opens a map, replacing the current one (or showing why it failed)
    /// once it is read and laid out on the worker thread; the current map
    /// stays on screen meanwhile. Unsaved notes of the current map are
    /// discarded: use the File menu's commands, which ask first.
    pub fn open(&mut self, origin: MapOrigin) {
        self.start_loading(origin, None);
    }

    fn start_loading(&mut self, origin: MapOrigin, keep: Option<Kept>) {
        self.editor = None;
        self.autosave_at = None;
        let ticket = self.worker.next_ticket();
        self.worker.send(Job::Open {
            ticket,
            origin: origin.clone(),
            theme: self.theme.clone(),
            data_dir: self.data_dir.clone(),
            evaluation: (self.persisted.reading, self.persisted.show_evaluation),
        });
        self.loading = Some(Loading {
            ticket,
            origin,
            keep,
        });
    }

    /// Whether a map is being opened or notes are being saved.
    pub fn is_busy(&self) -> bool {
        self.worker.is_busy()
    }

    /// Waits until the worker has done every job sent so far, and takes in
    /// their results (for tests and tools; the end of the viewer waits only
    /// for saves). Jobs these results start (a reload after a save) are
    /// waited for too.
    pub fn wait_for_io(&mut self) {
        while let Some(done) = self.worker.wait_next() {
            self.finished(done);
        }
    }

    /// Takes in the results of finished jobs.
    fn poll_worker(&mut self) {
        while let Some(done) = self.worker.try_next() {
            self.finished(done);
        }
    }

    /// On a screen too small for the window (it opens at 1200 × 720),
    /// maximizes it once, so that the window manager fits it, title bar
    /// and all, and the status bar is not off screen.
    fn fit_window_to_screen(&mut self, ctx: &egui::Context) {
        /// Room a title bar and a desktop panel may take.
        const DECORATION: egui::Vec2 = egui::vec2(16.0, 64.0);
        if self.window_checked {
            return;
        }
        let (monitor, inner) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().inner_rect));
        let (Some(monitor), Some(inner)) = (monitor, inner) else {
            // Not known yet (or never, headless): look again while the
            // window is young.
            self.window_checked = ctx.cumulative_frame_nr() > 30;
            return;
        };
        self.window_checked = true;
        let room = monitor - DECORATION;
        if inner.width() > room.x || inner.height() > room.y {
            ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
        }
    }

    fn finished(&mut self, done: Done) {
        match done {
            Done::Opened {
                ticket,
                origin,
                result,
                stamp,
            } => self.opened(ticket, origin, *result, stamp),
            Done::Skipped => {}
            Done::Saved { done, generation } => {
                self.saving = false;
                // A save of the notes of a map that is no longer open was
                // written before the map now open read them: nothing to take in.
                let mut saved = true;
                if let Some(doc) = self.doc.as_mut().filter(|_| generation == self.generation) {
                    let outcome = doc.notes.finish_save(*done);
                    doc.rebuild_scene(&self.theme);
                    saved = outcome.is_ok();
                    self.status = Some(save_status(outcome));
                }
                self.notes_saved();
                if std::mem::take(&mut self.save_again) && self.has_unsaved_notes() {
                    // Edits came in during the save; a reload waits for this one.
                    self.save_notes();
                } else if let Some(stamp) = self.reload_after_save.take() {
                    if saved && !self.has_unsaved_notes() {
                        self.reload_changed_map();
                    } else {
                        // The status bar says why; try again on the next change.
                        self.map_stamp = Some(stamp);
                    }
                }
            }
            Done::Stamp(path, stamp) => {
                self.stamp_pending = false;
                if self.open_path() == Some(path.as_path()) {
                    self.map_file_stamp(stamp);
                }
            }
            Done::LaidOut(part) => self.part_laid_out(*part),
        }
    }

    /// Shows a map the worker opened, if it is still the one asked for.
    fn opened(&mut self, ticket: u64, origin: MapOrigin, result: Opened, stamp: Option<FileStamp>) {
        if self.loading.as_ref().is_none_or(|l| l.ticket != ticket) {
            return; // another map was asked for meanwhile
        }
        let keep = self.loading.take().and_then(|l| l.keep);
        self.map_stamp = stamp;
        self.generation += 1;
        self.reload_after_save = None;
        match result {
            Ok((mut doc, warnings)) => {
                if let MapOrigin::File(path) = &origin {
                    self.persisted.add_recent(path);
                }
                self.status = if warnings.is_empty() {
                    None
                } else {
                    Some(Status {
                        text: warnings
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; "),
                        is_error: true,
                    })
                };
                self.selected = None;
                self.hovered = None;
                self.search.clear();
                self.view.initial_requested = true;
                if let Some(keep) = keep {
                    // Reloading keeps the view and, where the claim still
                    // exists, the selection.
                    self.view = keep.view;
                    self.selected = keep.selected_id.and_then(|id| doc.loaded.index.claim(&id));
                    if self.status.is_none() {
                        self.status = Some(Status {
                            text: keep.status.to_owned(),
                            is_error: false,
                        });
                    }
                }
                if let Some(drawing) = doc.first_drawing.take() {
                    self.view.cache.seed(drawing);
                }
                self.doc = Some(doc);
                self.failure = None;
                self.broken = None;
            }
            Err(error) => {
                if let Err(error) = self.keep_last_good(&origin, error) {
                    self.doc = None;
                    self.broken = None;
                    self.failure = Some(Failure { origin, error });
                }
            }
        }
    }

    /// The open (or failed) map's origin.
    fn current_origin(&self) -> Option<&MapOrigin> {
        match (&self.doc, &self.failure) {
            (Some(doc), _) => Some(&doc.origin),
            (None, Some(f)) => Some(&f.origin),
            (None, None) => None,
        }
    }

    /// The open (or failed) map's file.
    fn open_path(&self) -> Option<&std::path::Path> {
        self.current_origin().and_then(MapOrigin::path)
    }

    fn reload_with(&mut self, status: &'static str) {
        let Some(origin) = self.current_origin().cloned() else {
            return;
        };
        let selected_id = self
            .doc
            .as_ref()
            .zip(self.selected)
            .map(|(d, s)| d.loaded.map.claims[s].id.clone());
        let keep = Kept {
            view: self.view.clone(),
            selected_id,
            status,
        };
        self.start_loading(origin, Some(keep));
    }

    fn reload(&mut self) {
        self.reload_with("Reloaded");
    }

    fn reload_changed_map(&mut self) {
        self.status = None;
        self.reload_with("Reloaded: the map file changed on disk");
    }

    /// Looks at the map file now (on the calling thread) and, if it changed
    /// on disk since it was read (an editor saved it), reloads it, first
    /// saving unsaved notes; true when a reload started (or will, once the
    /// notes are saved). The viewer itself watches the file and looks when
    /// it changes, so a map being written by hand updates as it is saved,
    /// and a broken one shows when it is fixed.
    pub fn reload_if_map_changed(&mut self) -> bool {
        let Some(path) = self.open_path() else {
            return false;
        };
        let stamp = file_stamp(path);
        self.map_file_stamp(stamp)
    }

    /// Acts on the map file's current stamp; true when a reload started
    /// or waits for a save.
    fn map_file_stamp(&mut self, stamp: Option<FileStamp>) -> bool {
        if stamp.is_none() || stamp == self.map_stamp || self.loading.is_some() {
            return false;
        }
        if self.reload_after_save.is_some() {
            return true;
        }
        if self.has_unsaved_notes() {
            self.reload_after_save = stamp;
            self.save_notes();
            return true;
        }
        self.reload_changed_map();
        true
    }

    fn watch_map_file(&mut self, ctx: &egui::Context) {
        if self.watch_files(ctx) {
            return; // watched: nothing to poll
        }
        // The files cannot be watched: look at the map file now and then.
        let Some(path) = self.open_path().map(std::path::Path::to_owned) else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now >= self.next_map_check && !self.stamp_pending {
            self.next_map_check = now + MAP_CHECK_INTERVAL;
            self.stamp_pending = true;
            self.worker.send(Job::Stamp(path));
        }
        ctx.request_repaint_after(Duration::from_secs_f64(MAP_CHECK_INTERVAL));
    }

    fn set_theme(&mut self, ctx: &egui::Context, kind: ThemeKind) {
        self.persisted.theme = kind;
        self.theme = Theme::new(kind);
        self.apply_theme(ctx);
        if let Some(doc) = &mut self.doc {
            doc.rebuild_scene(&self.theme);
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.persisted.theme {
            ThemeKind::Light => egui::Theme::Light,
            ThemeKind::Dark => egui::Theme::Dark,
        });
    }

    /// Selects `claim` and brings it into view.
    pub fn go_to(&mut self, claim: usize) {
        self.selected = Some(claim);
        self.reveal_claim(claim);
        if let Some(node) = self.doc.as_ref().and_then(|d| d.scene.node(claim)) {
            self.view.center_requested = Some(node.rect);
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        // First: letters typed right after Ctrl+F belong to the field.
        self.search.shortcut(ctx);
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.request(ctx, PendingAction::OpenDialog);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&RELOAD)) {
            self.request(ctx, PendingAction::Reload);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SAVE)) {
            self.save_notes();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&EXPORT)) {
            self.show_export();
        }
        if self.view.map_has_keyboard(ctx) {
            if ctx.input_mut(|i| i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y)) {
                self.redo();
            }
            if ctx.input_mut(|i| i.consume_shortcut(&UNDO)) {
                self.undo();
            }
            self.evaluation_shortcuts(ctx);
            if self.editor.is_none()
                && ctx.input(|i| i.key_pressed(Key::N) && i.modifiers.is_none())
                && let Some(claim) = self.selected_claim_id()
            {
                self.apply_note_action(ctx, NoteAction::StartAdd(claim));
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&QUIT)) {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        if self.view.map_has_keyboard(ctx) && ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.selected = None;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.request(ctx, PendingAction::Open(MapOrigin::File(path)));
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.has_unsaved_notes()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.pending = Some(PendingAction::Close);
        }
    }

    fn selected_claim_id(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        Some(doc.loaded.map.claims.get(self.selected?)?.id.clone())
    }

    /// Applies a note action from the panels to the store.
    fn apply_note_action(&mut self, ctx: &egui::Context, action: NoteAction) {
        let Some(doc) = &mut self.doc else { return };
        let result = match action {
            NoteAction::StartAdd(claim) => {
                self.editor = Some(Editor::new_note(&claim));
                return;
            }
            NoteAction::StartEdit(id) => {
                self.editor = doc.notes.note(&id).map(Editor::edit);
                return;
            }
            NoteAction::Cancel => {
                self.editor = None;
                return;
            }
            NoteAction::GoTo(claim) => {
                self.go_to(claim);
                return;
            }
            NoteAction::Finish => {
                let Some(editor) = self.editor.take() else {
                    return;
                };
                if editor.text.trim().is_empty() {
                    return;
                }
                match &editor.target {
                    EditTarget::New { claim } => doc.notes.add(claim, &editor.text).map(|_| ()),
                    EditTarget::Existing(id) => doc.notes.edit(id, &editor.text),
                }
            }
            NoteAction::Delete(id) => doc.notes.delete(&id).map(|_| ()),
            NoteAction::Move(id, claim) => doc.notes.move_note(&id, &claim),
        };
        match result {
            Ok(()) => self.notes_changed(ctx),
            Err(e) => {
                self.status = Some(Status {
                    text: e.to_string(),
                    is_error: true,
                })
            }
        }
    }

    /// After any change to the notes: redraw badges, schedule the autosave.
    fn notes_changed(&mut self, ctx: &egui::Context) {
        if self.status.as_ref().is_some_and(|s| !s.is_error) {
            self.status = None;
        }
        if let Some(doc) = &mut self.doc {
            doc.rebuild_scene(&self.theme);
        }
        self.schedule_autosave(ctx);
    }

    /// Saves the notes and marks a moment after the last change.
    fn schedule_autosave(&mut self, ctx: &egui::Context) {
        if let Some(delay) = self.options.autosave_delay {
            let now = ctx.input(|i| i.time);
            self.autosave_at = Some(now + delay.as_secs_f64());
            ctx.request_repaint_after(delay);
        }
    }

    fn undo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        if let Some(kind) = doc.notes.undo() {
            self.status = Some(Status {
                text: format!("Undid {}", kind.label()),
                is_error: false,
            });
            self.editor = None;
            doc.rebuild_scene(&self.theme);
            self.autosave_at = self.autosave_at.or(Some(0.0));
        }
    }

    fn redo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        if let Some(kind) = doc.notes.redo() {
            self.status = Some(Status {
                text: format!("Redid {}", kind.label()),
                is_error: false,
            });
            self.editor = None;
            doc.rebuild_scene(&self.theme);
            self.autosave_at = self.autosave_at.or(Some(0.0));
        }
    }

    /// Starts saving the notes on the worker thread (or, if a save is
    /// running, saves again once it is done). The status bar says how it
    /// went; [`ReasonmapApp::has_unsaved_notes`] turns false once the
    /// notes are on disk.
    pub fn save_notes(&mut self) {
        self.autosave_at = None;
        let Some(doc) = &self.doc else { return };
        if self.saving {
            self.save_again = true;
            return;
        }
        self.saving = true;
        self.worker.send(Job::Save {
            job: doc.notes.save_job(),
            generation: self.generation,
        });
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(at) = self.autosave_at else { return };
        if self.options.autosave_delay.is_none() || self.pending.is_some() {
            // While "save changes?" is asked, the answer decides.
            return;
        }
        let now = ctx.input(|i| i.time);
        if now >= at {
            if self.has_unsaved_notes() {
                self.save_notes();
            } else {
                self.autosave_at = None;
            }
        } else {
            ctx.request_repaint_after(Duration::from_secs_f64(at - now));
        }
    }

    fn unsaved_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        if !self.has_unsaved_notes() {
            // Saved meanwhile (Ctrl+S, or an undo back to the saved state):
            // nothing to ask about any more.
            self.pending = None;
            self.perform(ctx, pending);
            return;
        }
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved-notes")).show(ctx, |ui| {
            ui.set_max_width(380.0);
            ui.heading("Save changes to your notes?");
            ui.label("The notes on this map have changes that are not saved yet. If you don't save them, they are lost.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.add_enabled_ui(!self.saving, |ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(true);
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some(false);
                    }
                    if ui.button("Cancel").clicked() {
                        self.pending = None;
                    }
                });
                if self.saving {
                    ui.spinner();
                    ui.label("Saving…");
                }
            });
        });
        match choice {
            // Once saved, the prompt goes away and the action runs (above).
            Some(true) => self.save_notes(),
            Some(false) => {
                self.pending = None;
                self.autosave_at = None;
                if pending == PendingAction::Close {
                    self.save_on_exit = false;
                }
                self.perform(ctx, pending);
            }
            None => {}
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match (&self.doc, &self.failure) {
            (Some(doc), _) => format!(
                "{}{} — {} — reasonmap",
                if doc.notes.is_dirty() { "● " } else { "" },
                doc.title(),
                file_name(&doc.origin)
            ),
            (None, Some(f)) => format!("{} (failed to open) — reasonmap", file_name(&f.origin)),
            (None, None) => match &self.loading {
                Some(loading) => format!("Opening {} — reasonmap", file_name(&loading.origin)),
                None => "reasonmap".to_owned(),
            },
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN)))
                    .clicked()
                {
                    self.request(ui.ctx(), PendingAction::OpenDialog);
                }
                if ui.button("Open by Path…").clicked() {
                    self.show_open_by_path();
                }
                ui.menu_button("Open Recent", |ui| {
                    if self.persisted.recent.is_empty() {
                        ui.label(RichText::new("No recent maps").weak());
                    }
                    let mut chosen = None;
                    for path in &self.persisted.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            chosen = Some(path.clone());
                        }
                    }
                    if let Some(path) = chosen {
                        self.request(ui.ctx(), PendingAction::Open(MapOrigin::File(path)));
                    }
                    if !self.persisted.recent.is_empty() {
                        ui.separator();
                        if ui.button("Clear Recent").clicked() {
                            self.persisted.recent.clear();
                        }
                    }
                });
                if ui.button("Open Built-in Essay Map").clicked() {
                    self.request(ui.ctx(), PendingAction::Open(MapOrigin::Builtin));
                }
                if ui
                    .add(
                        egui::Button::new("Reload")
                            .shortcut_text(ui.ctx().format_shortcut(&RELOAD)),
                    )
                    .clicked()
                {
                    self.request(ui.ctx(), PendingAction::Reload);
                }
                ui.separator();
                let dirty = self.has_unsaved_notes();
                let save_label = if dirty {
                    "Save Notes ●"
                } else {
                    "Save Notes"
                };
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new(save_label)
                            .shortcut_text(ui.ctx().format_shortcut(&SAVE)),
                    )
                    .clicked()
                {
                    self.save_notes();
                }
                if ui
                    .add_enabled(
                        self.doc.is_some(),
                        egui::Button::new("Export…")
                            .shortcut_text(ui.ctx().format_shortcut(&EXPORT)),
                    )
                    .clicked()
                {
                    self.show_export();
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Quit").shortcut_text(ui.ctx().format_shortcut(&QUIT)))
                    .clicked()
                {
                    ui.ctx().send_viewport_cmd(ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = self
                    .doc
                    .as_ref()
                    .map(|d| (d.notes.undo_kind(), d.notes.redo_kind()))
                    .unwrap_or_default();
                let undo_label = undo.map_or("Undo".to_owned(), |k| {
                    format!("Undo {}", title_case(k.label()))
                });
                let redo_label = redo.map_or("Redo".to_owned(), |k| {
                    format!("Redo {}", title_case(k.label()))
                });
                if ui
                    .add_enabled(
                        undo.is_some(),
                        egui::Button::new(undo_label)
                            .shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    self.undo();
                }
                if ui
                    .add_enabled(
                        redo.is_some(),
                        egui::Button::new(redo_label)
                            .shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    self.redo();
                }
                ui.separator();
                let claim = self.selected_claim_id();
                if ui
                    .add_enabled(
                        claim.is_some(),
                        egui::Button::new("Add Note to Selected Claim").shortcut_text("N"),
                    )
                    .clicked()
                    && let Some(claim) = claim
                {
                    self.apply_note_action(ui.ctx(), NoteAction::StartAdd(claim));
                }
                ui.separator();
                self.edit_menu_marks_ui(ui);
            });
            ui.menu_button("View", |ui| {
                let center = self.view.canvas_rect.center();
                if ui
                    .add(egui::Button::new("Fit to Window").shortcut_text("F"))
                    .clicked()
                {
                    self.view.fit_requested = true;
                }
                if ui
                    .add(egui::Button::new("Zoom In").shortcut_text("+"))
                    .clicked()
                {
                    self.view.zoom_by(1.25, center);
                }
                if ui
                    .add(egui::Button::new("Zoom Out").shortcut_text("-"))
                    .clicked()
                {
                    self.view.zoom_by(0.8, center);
                }
                if ui
                    .add(egui::Button::new("Actual Size").shortcut_text("0"))
                    .clicked()
                {
                    let zoom = self.view.zoom();
                    self.view.zoom_by(1.0 / zoom, center);
                }
                ui.separator();
                self.view_menu_collapse_ui(ui);
                ui.separator();
                ui.checkbox(&mut self.persisted.show_legend, "Legend");
                ui.checkbox(&mut self.persisted.show_minimap, "Minimap");
                ui.checkbox(&mut self.persisted.show_notes_panel, "Notes Panel");
                self.view_menu_evaluation_ui(ui);
                self.reading_menu_ui(ui);
                ui.separator();
                let mut kind = self.persisted.theme;
                ui.radio_value(&mut kind, ThemeKind::Light, "Light Theme");
                ui.radio_value(&mut kind, ThemeKind::Dark, "Dark Theme");
                if kind != self.persisted.theme {
                    self.set_theme(ui.ctx(), kind);
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label(
                    RichText::new(format!("reasonmap {}", env!("CARGO_PKG_VERSION"))).strong(),
                );
                ui.label(RichText::new(env!("CARGO_PKG_DESCRIPTION")).weak());
                ui.separator();
                self.help.menu_ui(ui);
            });
            ui.separator();
            if let Some(doc) = &self.doc {
                if let Some(target) = self.search.ui(ui, &doc.loaded) {
                    self.go_to(target);
                }
                ui.label(RichText::new(format!("{:.0} %", self.view.zoom() * 100.0)).weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let count = self.doc.as_ref().map_or(0, |d| d.notes.len());
                let label = format!("Notes ({count})");
                if ui
                    .selectable_label(self.persisted.show_notes_panel, label)
                    .clicked()
                {
                    self.persisted.show_notes_panel = !self.persisted.show_notes_panel;
                }
                if ui
                    .selectable_label(self.persisted.show_evaluation_panel, "Evaluation")
                    .clicked()
                {
                    self.persisted.show_evaluation_panel = !self.persisted.show_evaluation_panel;
                }
                self.source_toggle_ui(ui);
            });
        });
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some(doc) = &self.doc {
                let map = &doc.loaded.map;
                ui.label(
                    RichText::new(format!(
                        "{} claims · {} arguments",
                        map.claims.len(),
                        map.arguments.len()
                    ))
                    .weak(),
                );
                ui.separator();
                let notes = if doc.notes.is_dirty() {
                    "notes: unsaved changes".to_owned()
                } else {
                    "notes: saved".to_owned()
                };
                ui.label(RichText::new(notes).weak())
                    .on_hover_text(doc.notes_location());
                ui.separator();
                evaluation_ui::summary_ui(ui, doc, &self.theme);
                if let Some(hint) = self.view.status_hint() {
                    ui.separator();
                    ui.label(RichText::new(hint).weak());
                }
            }
            if let Some(doing) = self.worker.doing() {
                ui.separator();
                ui.spinner();
                ui.label(doing.line);
            }
            if let Some(status) = &self.status {
                ui.separator();
                let text = RichText::new(&status.text);
                ui.label(if status.is_error {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text.weak()
                });
                if ui.small_button("Dismiss").clicked() {
                    self.status = None;
                }
            }
        });
    }

    fn failure_ui(ui: &mut egui::Ui, failure: &Failure) -> bool {
        let mut open_other = false;
        ui.heading(format!("Could not open {}", failure.origin.display()));
        ui.add_space(8.0);
        egui::ScrollArea::vertical().show(ui, |ui| match &failure.error {
            LoadError::Invalid { diagnostics, .. } => {
                for d in diagnostics {
                    ui.label(RichText::new(d.to_string()).monospace());
                    ui.add_space(6.0);
                }
            }
            other => {
                ui.label(RichText::new(other.to_string()).monospace());
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            open_other = ui.button("Open Another Map…").clicked();
            ui.label(RichText::new("Fix the file and press Ctrl+R to reload.").weak());
        });
        open_other
    }
}

/// "add note" → "Add Note", for menu items.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn file_name(origin: &MapOrigin) -> String {
    match origin {
        MapOrigin::File(path) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        MapOrigin::Builtin => document::ESSAY_MAP_NAME.to_owned(),
    }
}

impl eframe::App for ReasonmapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_worker();
        let ready = (self.doc.is_some() || self.failure.is_some()) && !self.worker.is_busy();
        if let Some(shot) = &mut self.screenshot {
            shot.step(&ctx, ready);
        }
        if self.worker.is_busy() {
            // The worker asks for a repaint when it is done; this keeps the
            // progress line moving.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.fit_window_to_screen(&ctx);
        self.collapse_keys(&ctx);
        self.handle_shortcuts(&ctx);
        self.keyboard_nav(&ctx);
        self.sync_evaluation();
        self.reading_keys(&ctx);
        self.update_title(&ctx);

        self.autosave(&ctx);
        self.watch_map_file(&ctx);
        self.unsaved_prompt_ui(&ctx);
        self.help.window_ui(&ctx);
        self.open_by_path_ui(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));

        let (actions, evaluation_actions, show_in_source) = self.side_panels_ui(ui);
        for action in actions {
            self.apply_note_action(&ctx, action);
        }
        for action in evaluation_actions {
            self.apply_evaluation_action(&ctx, action);
        }
        if show_in_source {
            self.set_source_panel_open(true);
        }
        if let (Some(doc), true) = (&self.doc, self.export.open) {
            let selected = self.selected.map(|s| doc.loaded.map.claims[s].id.as_str());
            let notes = || {
                let mut by_claim = std::collections::BTreeMap::<String, Vec<String>>::new();
                for note in doc.notes.all_notes() {
                    by_claim
                        .entry(note.claim.clone())
                        .or_default()
                        .push(note.text.clone());
                }
                by_claim
            };
            let evaluation = || evaluation_ui::export_evaluation(doc, self.persisted.reading);
            self.export
                .set_collapsed_ids(collapse_ui::export_collapsed(doc));
            self.export.ui(
                &ctx,
                self.generation,
                &doc.loaded,
                selected,
                &notes,
                &evaluation,
            );
        }

        self.focus_banner_ui(ui);
        // A menu entry may have changed the marks or rebuilt the scene.
        self.sync_evaluation();
        let mut branch_click = None;
        let greyed = self.broken.is_some();
        let mut claim_commands = Vec::new();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                if let Some(failure) = &self.failure {
                    let mut open_other = false;
                    egui::Frame::central_panel(ui.style()).show(ui, |ui| {
                        ui.set_min_size(ui.available_size());
                        open_other = Self::failure_ui(ui, failure);
                    });
                    if open_other {
                        self.request(ui.ctx(), PendingAction::OpenDialog);
                    }
                    return;
                }
                let Some(doc) = &self.doc else {
                    if let Some(loading) = &self.loading {
                        loading_ui::opening_ui(ui, &loading.origin.display(), self.worker.doing());
                    }
                    return;
                };
                let highlight = Highlight {
                    selected: self.selected,
                    hovered: self.hovered,
                    edges: self
                        .hovered
                        .map(|c| hovered_edges(doc, c))
                        .unwrap_or_default(),
                    matches: self.search.matches().to_vec(),
                    changed: doc.evaluation.changed().to_vec(),
                };
                let preview = |ui: &mut egui::Ui, claim: usize| {
                    notes_ui::preview_ui(ui, &doc.notes, &doc.loaded.map.claims[claim].id);
                };
                // The first view of the first map is worked out before the
                // legend's size is known: work it out again once it is.
                let initial_without_legend =
                    self.view.initial_requested && self.legend.rect.is_none();
                let mut claim_menu = |ui: &mut egui::Ui, claim: usize| {
                    context_menu::claim_menu_ui(ui, doc, claim, &mut claim_commands);
                };
                self.view.scene_revision = doc.revision;
                let output = canvas_ui(
                    ui,
                    &doc.scene,
                    &mut self.view,
                    &self.theme,
                    &highlight,
                    &preview,
                    &mut claim_menu,
                );
                branch_click = collapse_ui::overlay_ui(ui, doc, &self.view, &self.theme);
                let waiting = self.loading.is_some() || doc.collapse.is_laying_out();
                let doing = waiting.then(|| self.worker.doing()).flatten();
                loading_ui::busy_plate_ui(ui, self.view.canvas_rect, doing);
                if greyed {
                    // The last good map, while its file is broken.
                    let veil = crate::render::egui::color(self.theme.background);
                    ui.painter()
                        .rect_filled(self.view.canvas_rect, 0.0, veil.gamma_multiply(0.45));
                }
                self.view.keep_clear = None;
                if self.persisted.show_minimap {
                    minimap::minimap_ui(ui, &doc.scene, doc.revision, &mut self.view, &self.theme);
                }
                if self.persisted.show_legend {
                    let keep_clear = self.selected.and_then(|c| {
                        let rect = keyboard_nav::node_rect(&doc.scene, c)?;
                        let rect =
                            crate::render::egui::screen_rect(self.view.screen_from_scene, rect);
                        Some((c, rect))
                    });
                    let input = legend::LegendInput {
                        canvas: self.view.canvas_rect,
                        corner: self.persisted.legend_corner,
                        keep_clear,
                        extra: &|ui| evaluation_ui::legend_rows_ui(ui, doc, &self.theme),
                    };
                    let placed =
                        legend::legend_ui(ui, &doc.loaded, &self.theme, &input, &mut self.legend);
                    if let Some(corner) = placed.corner {
                        self.persisted.legend_corner = corner;
                    }
                    if let Some(pan) = placed.pan {
                        self.view.screen_from_scene.translation += pan;
                        ui.ctx().request_repaint();
                    }
                    self.view.keep_clear = self.legend.rect;
                    if initial_without_legend {
                        self.view.initial_requested = true;
                        ui.ctx().request_repaint();
                    }
                }
                self.hovered = output.hovered.or(self.reading.text_hovered);
                if let Some(claim) = output.clicked {
                    self.selected = Some(claim);
                    self.panels.claim_clicked = true;
                    ui.ctx().request_repaint();
                    // The details panel may open over it: keep it in view.
                    self.view.reveal_requested = doc.scene.node(claim).map(|n| n.rect);
                } else if output.clicked_background {
                    self.selected = None;
                }
            });
        if let Some(click) = branch_click {
            self.branch_clicked(click);
        }
        for command in claim_commands {
            self.claim_command(&ctx, command);
        }
        self.focus_ring_ui(ui);
        self.reading_frame_end(&ctx);
        self.broken_banner_ui(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }
}

impl Drop for ReasonmapApp {
    /// However the viewer ends (the window closed, closed by another
    /// program, the test harness dropped), running saves finish and notes
    /// still unsaved are saved, unless the person chose to discard them.
    fn drop(&mut self) {
        // Running saves finish; a map still being opened or laid out is
        // not waited for (the window closes at once).
        self.worker.cancel_opens();
        self.loading = None;
        while self.worker.is_saving() {
            let Some(done) = self.worker.wait_next() else {
                break;
            };
            self.finished(done);
        }
        if !self.save_on_exit {
            return;
        }
        if let Some(doc) = self.doc.as_mut().filter(|d| d.notes.is_dirty())
            && let Err(e) = doc.notes.save()
        {
            eprintln!("reasonmap: notes not saved: {e}");
        }
    }
}

/// What the status bar says after a save.
fn save_status(outcome: Result<crate::notes::SaveOutcome, crate::notes::NotesError>) -> Status {
    match outcome {
        Ok(outcome) => {
            let mut text = if outcome.written {
                format!("Saved notes to {}", outcome.location.path.display())
            } else {
                "Notes are up to date".to_owned()
            };
            if outcome.fell_back {
                text = format!("Saved notes: {}", outcome.location.describe());
            }
            if let Some(merge) = &outcome.merge {
                text.push_str("; merged with changes made to the file elsewhere");
                match merge.conflicts.len() {
                    0 => {}
                    1 => text
                        .push_str(" (one note was changed on both sides: both versions are kept)"),
                    n => text.push_str(&format!(
                        " ({n} notes were changed on both sides: both versions are kept)"
                    )),
                }
                text.push_str(&evaluation_ui::mark_conflicts_text(merge));
            }
            for w in &outcome.warnings {
                text.push_str(&format!("; {w}"));
            }
            Status {
                text,
                is_error: false,
            }
        }
        Err(e) => Status {
            text: format!("Notes not saved: {e}"),
            is_error: true,
        },
    }
}

/// Indices of the scene's arrows that touch claim `claim`.
fn hovered_edges(doc: &Document, claim: usize) -> Vec<usize> {
    let index = &doc.loaded.index;
    doc.scene
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| match e.premise {
            Some(p) => p == claim || index.target_claim(e.argument) == Some(claim),
            None => {
                index.premises(e.argument).contains(&claim)
                    || index.target_claim(e.argument) == Some(claim)
            }
        })
        .map(|(i, _)| i)
        .collect()
}
