//! Live preview that keeps the map: when the open map's file is saved in a
//! broken state, the last good map stays on screen, greyed slightly, under
//! a banner with the first diagnostic, a count of the rest ("Show all")
//! and "Open in Editor". Once the file is fixed the banner goes and the
//! map updates in place. A map that never opened in this window still
//! gets the full error page.

use egui::RichText;

use super::ReasonmapApp;
use super::document::MapOrigin;
use crate::model::{Diagnostic, LoadError};

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
