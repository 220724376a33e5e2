//! The desktop viewer: an eframe app with a menu bar, a search field, the
//! map canvas, a details panel for the selected claim and a legend.
//!
//! UI state (selection, hover, view, search) lives here, never in the model
//! or the scene.

pub mod canvas;
pub mod details;
pub mod document;
mod legend;
mod persist;
mod search;

use std::path::PathBuf;
use std::process::ExitCode;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, ViewportCommand};

use crate::model::LoadError;
use crate::render::egui::Highlight;
use crate::scene::{Theme, ThemeKind};

use canvas::{CanvasView, canvas_ui};
use document::{Document, MapOrigin};
use persist::Persisted;
use search::Search;

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const RELOAD: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);

/// Opens the viewer on `map`, or on the built-in essay map.
pub fn run(map: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("reasonmap")
            .with_app_id("reasonmap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([480.0, 320.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "reasonmap",
        options,
        Box::new(move |cc| Ok(Box::new(ReasonmapApp::new(cc, map)))),
    )
    .map_err(|e| anyhow::anyhow!("the viewer could not start: {e}"))?;
    Ok(ExitCode::SUCCESS)
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
    status: Option<String>,
    window_title: String,
}

impl ReasonmapApp {
    /// Creates the app, restoring persisted settings and opening `map` (or
    /// the built-in essay map).
    pub fn new(cc: &eframe::CreationContext<'_>, map: Option<PathBuf>) -> Self {
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
        };
        app.apply_theme(&cc.egui_ctx);
        let origin = match map {
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

    /// Opens a map, replacing the current one (or showing why it failed).
    pub fn open(&mut self, origin: MapOrigin) {
        match origin.load() {
            Ok(loaded) => {
                if let MapOrigin::File(path) = &origin {
                    self.persisted.add_recent(path);
                }
                self.doc = Some(Document::new(origin, loaded, &self.theme, Vec::new()));
                self.failure = None;
                self.selected = None;
                self.hovered = None;
                self.search.clear();
                self.view.fit_requested = true;
                self.status = None;
            }
            Err(error) => {
                self.doc = None;
                self.failure = Some(Failure { origin, error });
            }
        }
    }

    fn reload(&mut self) {
        let origin = match (&self.doc, &self.failure) {
            (Some(doc), _) => doc.origin.clone(),
            (None, Some(f)) => f.origin.clone(),
            (None, None) => return,
        };
        let keep_view = self.view.clone();
        let selected_id = self
            .doc
            .as_ref()
            .zip(self.selected)
            .map(|(d, s)| d.loaded.map.claims[s].id.clone());
        self.open(origin);
        if let Some(doc) = &self.doc {
            // Reloading keeps the view and, where the claim still exists, the selection.
            self.view = keep_view;
            self.selected = selected_id.and_then(|id| doc.loaded.index.claim(&id));
            self.status = Some("Reloaded".to_owned());
        }
    }

    fn open_dialog(&mut self) {
        let mut dialog = rfd::FileDialog::new().add_filter("Argument map", &["ron"]);
        if let Some(dir) = self.persisted.recent.first().and_then(|p| p.parent()) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(path) = dialog.pick_file() {
            self.open(MapOrigin::File(path));
        }
    }

    fn set_theme(&mut self, ctx: &egui::Context, kind: ThemeKind) {
        self.persisted.theme = kind;
        self.theme = Theme::new(kind);
        self.apply_theme(ctx);
        if let Some(doc) = &mut self.doc {
            doc.rebuild_scene(&self.theme, Vec::new());
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
        if let Some(node) = self.doc.as_ref().and_then(|d| d.scene.nodes.get(claim)) {
            self.view.center_requested = Some(node.rect);
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.open_dialog();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&RELOAD)) {
            self.reload();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&FIND)) {
            self.search.focus_requested = true;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&QUIT)) {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
        if !ctx.egui_wants_keyboard_input() && ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.selected = None;
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_owned()).filter(|p| !p.as_os_str().is_empty()).collect());
        if let Some(path) = dropped.into_iter().next() {
            self.open(MapOrigin::File(path));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match (&self.doc, &self.failure) {
            (Some(doc), _) => format!("{} — {} — reasonmap", doc.title(), file_name(&doc.origin)),
            (None, Some(f)) => format!("{} (failed to open) — reasonmap", file_name(&f.origin)),
            (None, None) => "reasonmap".to_owned(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN))).clicked() {
                    self.open_dialog();
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
                        self.open(MapOrigin::File(path));
                    }
                    if !self.persisted.recent.is_empty() {
                        ui.separator();
                        if ui.button("Clear Recent").clicked() {
                            self.persisted.recent.clear();
                        }
                    }
                });
                if ui.button("Open Built-in Essay Map").clicked() {
                    self.open(MapOrigin::Builtin);
                }
                if ui.add(egui::Button::new("Reload").shortcut_text(ui.ctx().format_shortcut(&RELOAD))).clicked() {
                    self.reload();
                }
                ui.separator();
                if ui.add(egui::Button::new("Quit").shortcut_text(ui.ctx().format_shortcut(&QUIT))).clicked() {
                    ui.ctx().send_viewport_cmd(ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                let center = self.view.canvas_rect.center();
                if ui.add(egui::Button::new("Fit to Window").shortcut_text("F")).clicked() {
                    self.view.fit_requested = true;
                }
                if ui.add(egui::Button::new("Zoom In").shortcut_text("+")).clicked() {
                    self.view.zoom_by(1.25, center);
                }
                if ui.add(egui::Button::new("Zoom Out").shortcut_text("-")).clicked() {
                    self.view.zoom_by(0.8, center);
                }
                if ui.add(egui::Button::new("Actual Size").shortcut_text("0")).clicked() {
                    let zoom = self.view.zoom();
                    self.view.zoom_by(1.0 / zoom, center);
                }
                ui.separator();
                ui.checkbox(&mut self.persisted.show_legend, "Legend");
                ui.separator();
                let mut kind = self.persisted.theme;
                ui.radio_value(&mut kind, ThemeKind::Light, "Light Theme");
                ui.radio_value(&mut kind, ThemeKind::Dark, "Dark Theme");
                if kind != self.persisted.theme {
                    self.set_theme(ui.ctx(), kind);
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label(RichText::new("Keyboard").strong());
                for (keys, what) in HELP {
                    ui.label(format!("{keys}\t{what}"));
                }
            });
            ui.separator();
            if let Some(doc) = &self.doc {
                if let Some(target) = self.search.ui(ui, &doc.loaded) {
                    self.go_to(target);
                }
                ui.label(RichText::new(format!("{:.0} %", self.view.zoom() * 100.0)).weak());
            }
            if let Some(status) = &self.status {
                ui.label(RichText::new(status).weak());
            }
        });
    }

    fn failure_ui(ui: &mut egui::Ui, failure: &Failure) -> bool {
        let mut open_other = false;
        ui.heading(format!("Could not open {}", failure.origin.display()));
        ui.add_space(8.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            match &failure.error {
                LoadError::Invalid { diagnostics, .. } => {
                    for d in diagnostics {
                        ui.label(RichText::new(d.to_string()).monospace());
                        ui.add_space(6.0);
                    }
                }
                other => {
                    ui.label(RichText::new(other.to_string()).monospace());
                }
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

const HELP: &[(&str, &str)] = &[
    ("Drag", "pan"),
    ("Wheel, pinch, + / -", "zoom"),
    ("F, double-click", "fit the map to the window"),
    ("0", "actual size"),
    ("Arrow keys", "pan"),
    ("Click", "select a claim"),
    ("Esc", "clear the selection"),
    ("Ctrl+F", "search claims; Enter for the next match"),
    ("Ctrl+O / Ctrl+R", "open / reload"),
];

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
        self.handle_shortcuts(&ctx);
        self.update_title(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));

        if let (Some(doc), Some(selected)) = (&self.doc, self.selected) {
            let mut go_to = None;
            egui::Panel::right("details")
                .resizable(true)
                .default_size(340.0)
                .min_size(220.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        go_to = details::details_ui(ui, &doc.loaded, selected, &self.theme);
                    });
                });
            if let Some(claim) = go_to {
                self.go_to(claim);
            }
        }

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
                        self.open_dialog();
                    }
                    return;
                }
                let Some(doc) = &self.doc else { return };
                let highlight = Highlight {
                    selected: self.selected,
                    hovered: self.hovered,
                    edges: self.hovered.map(|c| hovered_edges(doc, c)).unwrap_or_default(),
                    matches: self.search.matches().to_vec(),
                };
                let output = canvas_ui(ui, &doc.scene, &mut self.view, &self.theme, &highlight);
                if self.persisted.show_legend {
                    legend::legend_ui(ui, &doc.loaded, &self.theme, self.view.canvas_rect);
                }
                self.hovered = output.hovered;
                if let Some(claim) = output.clicked {
                    self.selected = Some(claim);
                } else if output.clicked_background {
                    self.selected = None;
                }
            });
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
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
                index.premises(e.argument).contains(&claim) || index.target_claim(e.argument) == Some(claim)
            }
        })
        .map(|(i, _)| i)
        .collect()
}
