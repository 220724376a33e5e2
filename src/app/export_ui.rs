//! File › Export…: the export dialog. It offers the command line's choices
//! (format, scale or page, theme, background, title, legend, notes, whole
//! map or the part under the selected claim), previews the output size, runs the export
//! on a worker thread with progress, and reports the result with a button
//! that opens the file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::RichText;

use crate::export::{
    ExportError, ExportEvaluation, ExportRequest, ExportSummary, Format, OutputSize, Stage,
    estimate_size, export_to_file,
};
use crate::layout::LayoutStyle;
use crate::model::LoadedMap;
use crate::render::page::{DEFAULT_DPI, DPI_RANGE, Orientation, PageSpec};
use crate::render::pdf::Paper;
use crate::scene::ThemeKind;

/// Which part of the map to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every claim.
    WholeMap,
    /// The selected claim and what bears on it.
    Selected,
}

/// What the estimate of the output size says: the size (`None` for DOT),
/// or why the export would fail and whether it is for being too large.
type EstimateResult = Result<Option<OutputSize>, (String, bool)>;

/// The output size of the dialog's current choices, worked out on a worker
/// thread: it lays the whole map out, which takes a while for large maps.
#[derive(Debug)]
struct Estimate {
    /// The document (by generation) and the choices it is for.
    key: (u64, ExportRequest),
    result: Arc<Mutex<Option<EstimateResult>>>,
    /// The estimate shown until this one is done: the one before.
    previous: Option<EstimateResult>,
}

impl Estimate {
    /// This estimate, or while it is worked out the one before.
    fn current(&self) -> Option<EstimateResult> {
        let done = self.result.lock().ok().and_then(|r| r.clone());
        done.or_else(|| self.previous.clone())
    }
}

/// Progress and result of an export running on a worker thread.
#[derive(Debug, Default)]
struct Job {
    stage: Option<Stage>,
    result: Option<Result<ExportSummary, String>>,
}

/// The export dialog's state.
#[derive(Debug)]
pub struct ExportDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    /// Output format.
    pub format: Format,
    /// Pixels per point for PNG.
    pub scale: f32,
    /// Colour theme of the image.
    pub theme: ThemeKind,
    /// No background.
    pub transparent: bool,
    /// Draw the title above the map.
    pub title: bool,
    /// Draw the legend (in a free corner of the map, else below it).
    pub legend: bool,
    /// Include notes as numbered callouts.
    pub notes: bool,
    /// Draw each claim's status and the marks.
    pub evaluation: bool,
    /// Whole map or the selected part.
    pub scope: Scope,
    /// Shrink a PNG that would be too large to the largest size that fits.
    pub fit: bool,
    /// PNG, SVG and PDF: one sheet of this paper, the map scaled to fit
    /// (`None`: the map's own size).
    pub page: Option<Paper>,
    /// Which way up the sheet is.
    pub orientation: Orientation,
    /// Dots per inch of a page-sized PNG.
    pub dpi: u32,
    /// Leave out the branches collapsed in the viewer ("As collapsed").
    pub as_collapsed: bool,
    /// Ids of the claims collapsed in the viewer now.
    collapsed_ids: std::collections::BTreeSet<String>,
    /// Where to write.
    pub path: String,
    job: Option<Arc<Mutex<Job>>>,
    estimate: Option<Estimate>,
    /// The last finished export: what it wrote, or why it failed.
    pub last: Option<Result<ExportSummary, String>>,
    open_error: Option<String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Png,
            scale: 2.0,
            theme: ThemeKind::Light,
            transparent: false,
            title: true,
            legend: true,
            notes: false,
            evaluation: false,
            scope: Scope::WholeMap,
            fit: false,
            page: None,
            orientation: Orientation::Auto,
            dpi: DEFAULT_DPI,
            as_collapsed: false,
            collapsed_ids: Default::default(),
            path: String::new(),
            job: None,
            estimate: None,
            last: None,
            open_error: None,
        }
    }
}

impl ExportDialog {
    /// Opens the dialog, proposing a file next to `map_path` named after it.
    pub fn show_for(&mut self, map_path: Option<&Path>, theme: ThemeKind) {
        self.open = true;
        self.theme = theme;
        if self.path.is_empty() {
            let stem = map_path
                .and_then(|p| p.file_stem())
                .map_or("map".into(), |s| s.to_string_lossy().into_owned());
            let dir = map_path
                .and_then(|p| p.parent())
                .filter(|d| !d.as_os_str().is_empty())
                .map(Path::to_owned)
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_default();
            self.path = dir
                .join(format!("{stem}.{}", self.format.extension()))
                .display()
                .to_string();
        }
    }

    /// Tells the dialog which claims are collapsed in the viewer, for "As
    /// collapsed".
    pub fn set_collapsed_ids(&mut self, ids: std::collections::BTreeSet<String>) {
        self.collapsed_ids = ids;
    }

    /// Whether an export is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The request the dialog's choices make.
    pub fn request(
        &self,
        selected_claim: Option<&str>,
        notes: impl FnOnce() -> std::collections::BTreeMap<String, Vec<String>>,
        evaluation: impl FnOnce() -> ExportEvaluation,
    ) -> ExportRequest {
        ExportRequest {
            format: self.format,
            scale: self.scale,
            theme: self.theme,
            transparent: self.transparent,
            notes: if self.notes {
                notes()
            } else {
                Default::default()
            },
            root: match self.scope {
                Scope::WholeMap => None,
                Scope::Selected => selected_claim.map(str::to_owned),
            },
            title: self.title,
            legend: self.legend,
            fit: self.fit && self.page_applies().is_none(),
            page: self.page_applies().map(|paper| PageSpec {
                paper,
                orientation: self.orientation,
                dpi: self.dpi,
            }),
            evaluation: self.evaluation.then(evaluation),
            collapsed: if self.as_collapsed {
                self.collapsed_ids.clone()
            } else {
                Default::default()
            },
            ..ExportRequest::new(self.format)
        }
    }

    /// The sheet chosen, when the format has pages (PNG, SVG, PDF).
    fn page_applies(&self) -> Option<Paper> {
        self.page
            .filter(|_| matches!(self.format, Format::Png | Format::Svg | Format::Pdf))
    }

    /// Starts exporting `loaded` on a worker thread.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        loaded: &LoadedMap,
        request: ExportRequest,
        path: PathBuf,
    ) {
        let job = Arc::new(Mutex::new(Job::default()));
        self.job = Some(Arc::clone(&job));
        self.last = None;
        let loaded = loaded.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut progress = |stage: Stage| {
                if let Ok(mut job) = job.lock() {
                    job.stage = Some(stage);
                }
                ctx.request_repaint();
            };
            let result = export_to_file(&loaded, &request, &path, Some(&mut progress))
                .map_err(|e| e.to_string());
            if let Ok(mut job) = job.lock() {
                job.result = Some(result);
            }
            ctx.request_repaint();
        });
    }

    /// Collects a finished export's result; true when one just finished.
    pub fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        let finished = job.lock().ok().and_then(|mut j| j.result.take());
        if let Some(result) = finished {
            self.last = Some(result);
            self.job = None;
            return true;
        }
        false
    }

    /// Waits for a running export, and for the output size of the
    /// current choices, to be worked out (for tests and tools).
    pub fn wait(&mut self) {
        while self.is_running() {
            if !self.poll() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
        while self
            .estimate
            .as_ref()
            .is_some_and(|e| e.result.lock().is_ok_and(|r| r.is_none()))
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// The estimate for `request` on document `generation`, started on a
    /// worker thread if the choices changed; `None` while it is worked out.
    fn estimate(
        &mut self,
        ctx: &egui::Context,
        generation: u64,
        loaded: &LoadedMap,
        request: &ExportRequest,
    ) -> Option<EstimateResult> {
        let key = (generation, request.clone());
        if self.estimate.as_ref().is_none_or(|e| e.key != key) {
            let result = Arc::new(Mutex::new(None));
            let (shared, loaded, request) = (Arc::clone(&result), loaded.clone(), request.clone());
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                let estimate = estimate_size(&loaded, &request).map_err(|e| {
                    let too_large = matches!(e, ExportError::TooLarge(_));
                    (e.to_string(), too_large)
                });
                if let Ok(mut slot) = shared.lock() {
                    *slot = Some(estimate);
                }
                ctx.request_repaint();
            });
            let previous = self.estimate.take().and_then(|e| e.current());
            self.estimate = Some(Estimate {
                key,
                result,
                previous,
            });
        }
        self.estimate.as_ref().and_then(Estimate::current)
    }

    /// Shows the dialog window for `loaded`, the map of the document with
    /// this `generation` (a new one for every map opened or reloaded).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        generation: u64,
        loaded: &LoadedMap,
        selected_claim: Option<&str>,
        notes: &dyn Fn() -> std::collections::BTreeMap<String, Vec<String>>,
        evaluation: &dyn Fn() -> ExportEvaluation,
    ) {
        self.poll();
        if self.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let mut open = self.open;
        egui::Window::new("Export")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                self.contents_ui(ui, generation, loaded, selected_claim, notes, evaluation)
            });
        self.open = open && self.open;
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        generation: u64,
        loaded: &LoadedMap,
        selected_claim: Option<&str>,
        notes: &dyn Fn() -> std::collections::BTreeMap<String, Vec<String>>,
        evaluation: &dyn Fn() -> ExportEvaluation,
    ) {
        let before = self.format;
        egui::Grid::new("export-options")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    for format in Format::ALL {
                        ui.radio_value(&mut self.format, format, format.to_string());
                    }
                });
                ui.end_row();

                ui.label("Part");
                ui.vertical(|ui| {
                    ui.radio_value(&mut self.scope, Scope::WholeMap, "Whole map");
                    ui.add_enabled_ui(selected_claim.is_some(), |ui| {
                        ui.radio_value(
                            &mut self.scope,
                            Scope::Selected,
                            "Selected claim and what bears on it",
                        )
                        .on_disabled_hover_text("Select a claim first");
                    });
                    ui.add_enabled_ui(!self.collapsed_ids.is_empty(), |ui| {
                        ui.checkbox(&mut self.as_collapsed, "As collapsed")
                            .on_hover_text("Leave out the branches collapsed on the map")
                            .on_disabled_hover_text("No branch is collapsed");
                    });
                });
                ui.end_row();

                // Every row stays in place whatever the format; rows that
                // do not apply are disabled rather than hidden.
                let paged = matches!(self.format, Format::Png | Format::Svg | Format::Pdf);
                ui.label("Page");
                ui.add_enabled_ui(paged, |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.page, None, "Map size");
                        for paper in [Paper::A4, Paper::A3, Paper::Letter] {
                            ui.radio_value(&mut self.page, Some(paper), paper.to_string());
                        }
                    })
                    .response
                    .on_hover_text("Print the map on one sheet, scaled to fit and centred");
                });
                ui.end_row();

                ui.label("Orientation");
                ui.add_enabled_ui(self.page_applies().is_some(), |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.orientation, Orientation::Auto, "Auto");
                        ui.radio_value(&mut self.orientation, Orientation::Portrait, "Portrait");
                        ui.radio_value(&mut self.orientation, Orientation::Landscape, "Landscape");
                        ui.add_enabled_ui(self.format == Format::Png, |ui| {
                            ui.add(
                                egui::Slider::new(&mut self.dpi, DPI_RANGE.0..=DPI_RANGE.1)
                                    .step_by(1.0)
                                    .text("dpi"),
                            );
                        });
                    });
                });
                ui.end_row();

                ui.label("Scale");
                ui.add_enabled_ui(
                    self.format == Format::Png && self.page_applies().is_none(),
                    |ui| {
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::Slider::new(&mut self.scale, 0.5..=8.0)
                                    .step_by(0.5)
                                    .text("pixels per point"),
                            );
                            ui.checkbox(&mut self.fit, "Shrink to fit if too large");
                        });
                    },
                );
                ui.end_row();

                ui.label("Theme");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.theme, ThemeKind::Light, "Light");
                    ui.radio_value(&mut self.theme, ThemeKind::Dark, "Dark");
                });
                ui.end_row();

                let image = self.format != Format::Dot;
                ui.label("Background");
                ui.add_enabled_ui(image, |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.transparent, false, "Theme colour");
                        ui.radio_value(&mut self.transparent, true, "Transparent");
                    });
                });
                ui.end_row();

                ui.label("Include");
                ui.add_enabled_ui(image, |ui| {
                    ui.horizontal(|ui| {
                        ui.checkbox(&mut self.title, "Title");
                        ui.checkbox(&mut self.legend, "Legend");
                        ui.checkbox(&mut self.notes, "Notes");
                        ui.checkbox(&mut self.evaluation, "Evaluation")
                            .on_hover_text("Each claim's status and your marks, as on the map");
                    });
                });
                ui.end_row();

                let file_label = ui.label("File");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(300.0))
                        .labelled_by(file_label.id);
                    if ui.button("Choose…").clicked() {
                        let mut dialog = rfd::FileDialog::new()
                            .add_filter(self.format.to_string(), &[self.format.extension()]);
                        let current = PathBuf::from(&self.path);
                        if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
                            dialog = dialog.set_directory(dir);
                        }
                        if let Some(name) = current.file_name() {
                            dialog = dialog.set_file_name(name.to_string_lossy());
                        }
                        if let Some(path) = dialog.save_file() {
                            self.path = path.display().to_string();
                        }
                    }
                });
                ui.end_row();
            });
        if self.format != before {
            // Keep the file name's extension in step with the format.
            let path = PathBuf::from(&self.path);
            if !self.path.is_empty() {
                self.path = path
                    .with_extension(self.format.extension())
                    .display()
                    .to_string();
            }
        }
        if self.scope == Scope::Selected && selected_claim.is_none() {
            self.scope = Scope::WholeMap;
        }

        let request = self.request(selected_claim, notes, evaluation);
        ui.add_space(6.0);
        let estimate = self.estimate(ui.ctx(), generation, loaded, &request);
        match &estimate {
            Some(Ok(Some(size))) => {
                ui.label(format!("Output size: {size}"));
                let font_size = LayoutStyle::default().font_size;
                if let Some(page) = size.page
                    && let Some(printed) = page.too_small(font_size)
                {
                    let bigger = if page.a3_is_readable(font_size) {
                        "choose A3, or "
                    } else {
                        ""
                    };
                    ui.label(
                        RichText::new(format!(
                            "Text prints at {} pt, too small to read: {bigger}print a poster of pages at full size (reasonmap export --tiles)",
                            crate::render::page::tenths_down(printed)
                        ))
                        .color(ui.visuals().warn_fg_color),
                    );
                }
            }
            Some(Ok(None)) => {
                ui.label("Graphviz source: lay it out with dot -Tsvg.");
            }
            Some(Err((message, _))) => {
                ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
            }
            // No spinner: for most maps the size is there a moment later.
            None => {
                ui.label(RichText::new("Working out the output size…").weak());
            }
        }
        let too_large = matches!(estimate, Some(Err((_, true))));

        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let can_export = !self.is_running() && !self.path.trim().is_empty() && !too_large;
            if ui
                .add_enabled(can_export, egui::Button::new("Export"))
                .clicked()
            {
                let path = PathBuf::from(self.path.trim());
                self.start(ui.ctx(), loaded, request, path);
            }
            if let Some(job) = &self.job {
                let stage = job.lock().ok().and_then(|j| j.stage);
                ui.spinner();
                if let Some(stage) = stage {
                    ui.add(
                        egui::ProgressBar::new(stage.fraction())
                            .text(stage.label())
                            .desired_width(180.0),
                    );
                }
            }
        });
        match &self.last {
            Some(Ok(summary)) => {
                ui.horizontal_wrapped(|ui| {
                    let size = summary.size.map(|s| format!("{s}, ")).unwrap_or_default();
                    ui.label(format!(
                        "Exported {} ({size}{} claims) to {}",
                        summary.format,
                        summary.claims,
                        summary.path.display()
                    ));
                    if ui.button("Open").clicked() {
                        self.open_error = open::that_detached(&summary.path)
                            .err()
                            .map(|e| e.to_string());
                    }
                    if let Some(dir) = summary.path.parent()
                        && ui.button("Show in Folder").clicked()
                    {
                        self.open_error = open::that_detached(dir).err().map(|e| e.to_string());
                    }
                });
            }
            Some(Err(message)) => {
                ui.label(
                    RichText::new(format!("Export failed: {message}"))
                        .color(ui.visuals().error_fg_color),
                );
            }
            None => {}
        }
        if let Some(error) = &self.open_error {
            ui.label(
                RichText::new(format!("Could not open it: {error}"))
                    .color(ui.visuals().error_fg_color),
            );
        }
    }
}
