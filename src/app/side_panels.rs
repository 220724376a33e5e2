//! The panels beside the map: the selected claim's details on the right,
//! and the Notes, Evaluation and Source panels on the left.
//!
//! In a wide window they can all be open at once. Below
//! [`NARROW_WIDTH`] they take turns, so the map keeps at least 60 % of the
//! width: opening one of them closes the others (the Notes, Evaluation
//! and Source buttons in the menu bar then work as tabs), clicking a claim
//! brings its details back, and each panel is at most
//! [`NARROW_SHARE`] of the window wide.

use super::ReasonmapApp;
use super::evaluation_ui::{self, EvaluationAction};
use super::notes_ui::{self, NoteAction};
use super::{details, persist::Persisted};

/// Windows narrower than this show one side panel at a time.
pub const NARROW_WIDTH: f32 = 1000.0;
/// The widest a side panel gets in a narrow window, as a share of it.
pub const NARROW_SHARE: f32 = 0.38;

/// Which side panels take turns in a narrow window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    Notes,
    Evaluation,
    Source,
}

impl Left {
    const ALL: [Left; 3] = [Left::Notes, Left::Evaluation, Left::Source];

    fn flag(self, p: &mut Persisted) -> &mut bool {
        match self {
            Left::Notes => &mut p.show_notes_panel,
            Left::Evaluation => &mut p.show_evaluation_panel,
            Left::Source => &mut p.show_source_panel,
        }
    }
}

/// Side-panel state between frames.
#[derive(Debug, Default)]
pub struct SidePanels {
    /// Which left panels were open at the end of the last frame.
    was_open: [bool; 3],
    /// In a narrow window: the details panel is in front (a claim was
    /// clicked after a left panel was opened).
    details_front: bool,
    /// A claim was clicked on the canvas this frame.
    pub claim_clicked: bool,
}

/// Whether a window of `width` points shows one side panel at a time.
pub fn is_narrow(width: f32) -> bool {
    width < NARROW_WIDTH
}

impl ReasonmapApp {
    /// Makes the side panels take turns in a narrow window; call once a
    /// frame before the panels are drawn.
    fn arrange_side_panels(&mut self, width: f32) {
        let open = Left::ALL.map(|l| *l.flag(&mut self.persisted));
        let newly = Left::ALL
            .into_iter()
            .enumerate()
            .find(|&(i, _)| open[i] && !self.panels.was_open[i]);
        if is_narrow(width) {
            if let Some((_, front)) = newly {
                self.panels.details_front = false;
                for other in Left::ALL.into_iter().filter(|&l| l != front) {
                    *other.flag(&mut self.persisted) = false;
                }
            } else if std::mem::take(&mut self.panels.claim_clicked) && self.selected.is_some() {
                self.panels.details_front = true;
            }
            if self.panels.details_front && self.selected.is_some() {
                for l in Left::ALL {
                    *l.flag(&mut self.persisted) = false;
                }
            }
            // Still several (the window just became narrow): keep the first.
            let mut kept = false;
            for l in Left::ALL {
                let flag = l.flag(&mut self.persisted);
                if *flag && kept {
                    *flag = false;
                }
                kept |= *flag;
            }
        }
        if newly.is_some()
            && let (Some(doc), Some(claim)) = (&self.doc, self.selected)
        {
            // The panel takes room from the map: keep the selection in view.
            self.view.reveal_requested = super::keyboard_nav::node_rect(&doc.scene, claim);
        }
        self.panels.claim_clicked = false;
        self.panels.was_open = Left::ALL.map(|l| *l.flag(&mut self.persisted));
    }

    /// Whether a left panel is open (in a narrow window it hides the
    /// details panel).
    fn left_panel_open(&self) -> bool {
        let p = &self.persisted;
        p.show_notes_panel || p.show_evaluation_panel || p.show_source_panel
    }

    /// The side panels; returns the note and evaluation actions asked for
    /// in them, and whether "Show in Source" was clicked.
    pub(super) fn side_panels_ui(
        &mut self,
        ui: &mut egui::Ui,
    ) -> (Vec<NoteAction>, Vec<EvaluationAction>, bool) {
        let width = ui.ctx().content_rect().width();
        self.arrange_side_panels(width);
        let narrow = is_narrow(width);
        // Default, least and greatest width of a panel.
        let size = |default: f32, min: f32| {
            if narrow {
                let max = (width * NARROW_SHARE).max(120.0);
                (default.min(max), min.min(max), max)
            } else {
                (default, min, f32::INFINITY)
            }
        };
        let mut actions = Vec::new();
        let mut evaluation_actions = self.evaluation_panel(ui, size(300.0, 200.0));
        if let (Some(doc), true) = (&self.doc, self.persisted.show_notes_panel) {
            let (default, min, max) = size(300.0, 200.0);
            egui::Panel::left("notes")
                .resizable(true)
                .default_size(default)
                .size_range(min..=max)
                .show(ui, |ui| {
                    actions.extend(notes_ui::notes_panel_ui(
                        ui,
                        &doc.loaded,
                        &doc.notes,
                        &doc.notes_location(),
                        &mut self.notes_filter,
                        self.selected,
                    ));
                });
        }
        self.source_panel_ui(ui);
        let mut show_in_source = false;
        let details_hidden = narrow && self.left_panel_open();
        if let (Some(doc), Some(selected), false) = (&self.doc, self.selected, details_hidden) {
            let (default, min, max) = size(340.0, 220.0);
            egui::Panel::right("details")
                .resizable(true)
                .default_size(default)
                .size_range(min..=max)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        let mut verdict = |ui: &mut egui::Ui| {
                            evaluation_actions.extend(evaluation_ui::claim_verdict_ui(
                                ui,
                                doc,
                                selected,
                                &self.theme,
                            ));
                        };
                        if let Some(claim) = details::details_ui(
                            ui,
                            &doc.loaded,
                            selected,
                            &self.theme,
                            doc.source.as_ref(),
                            &mut show_in_source,
                            &mut verdict,
                        ) {
                            actions.push(NoteAction::GoTo(claim));
                        }
                        evaluation_actions.extend(evaluation_ui::claim_inferences_ui(
                            ui,
                            doc,
                            selected,
                            &self.theme,
                        ));
                        ui.add_space(12.0);
                        ui.separator();
                        let id = &doc.loaded.map.claims[selected].id;
                        actions.extend(notes_ui::claim_notes_ui(
                            ui,
                            &doc.notes,
                            id,
                            &mut self.editor,
                        ));
                    });
                });
        }
        (actions, evaluation_actions, show_in_source)
    }
}
