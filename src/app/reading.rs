//! Reading the map against its essay: the glue between the viewer and the
//! source panel ([`super::source_panel`]) and read-along mode
//! ([`super::read_along`]). The frame loop in `mod.rs` calls these hooks;
//! the state they keep is [`Reading`].

use super::ReasonmapApp;
use super::read_along::{ReadAlong, ReadAlongAction};
use super::source_panel::{PanelInput, SourcePanel};

/// Runtime state of the source panel and read-along mode.
#[derive(Debug, Default)]
pub struct Reading {
    /// The panel's scroll position, caches and pending scrolls.
    pub panel: SourcePanel,
    /// Read-along mode.
    pub read_along: ReadAlong,
    /// The claim whose passage is under the pointer in the source panel.
    pub text_hovered: Option<usize>,
    /// The id of the claim selected at the end of the last frame, to
    /// notice changes (by id, so a reloaded map's renumbered claims are
    /// no change).
    last_selected: Option<String>,
    /// The selection was made in the source panel (no need to scroll it).
    selected_in_text: bool,
}

impl ReasonmapApp {
    /// The source panel's scroll position, in points (for tests and tools).
    pub fn source_scroll_offset(&self) -> f32 {
        self.reading.panel.scroll_offset()
    }

    /// Whether the source panel is shown.
    pub fn source_panel_open(&self) -> bool {
        self.persisted.show_source_panel
    }

    /// Shows or hides the source panel.
    pub fn set_source_panel_open(&mut self, open: bool) {
        if open && !self.persisted.show_source_panel {
            // Opening it shows the selected claim's passage.
            self.reading.last_selected = None;
        }
        self.persisted.show_source_panel = open;
    }

    /// The read-along step shown (index into the reading path), if on.
    pub fn read_along_step(&self) -> Option<usize> {
        self.reading.read_along.step
    }

    /// Turns read-along on (at the selected claim, or the first) or off.
    pub fn toggle_read_along(&mut self) {
        if self.reading.read_along.is_active() {
            self.reading.read_along.step = None;
        } else {
            self.step_read_along(0);
        }
    }

    /// Moves read-along `delta` steps (starting it if it is off), selects
    /// the claim, centres it on the map and scrolls the source to it.
    pub fn step_read_along(&mut self, delta: isize) {
        let Some(path) = self.doc.as_ref().and_then(|d| d.source.as_ref()) else {
            self.reading.read_along.step = None;
            return;
        };
        let path = path.reading_path();
        let selected_step = self
            .selected
            .and_then(|s| path.iter().position(|&c| c == s));
        let Some(step) = self
            .reading
            .read_along
            .step_by(delta, path.len(), selected_step)
        else {
            return;
        };
        let claim = path[step];
        self.reading.read_along.step = Some(step);
        self.go_to(claim);
        // Each step scrolls the source, even to the claim already selected.
        self.reading.last_selected = None;
    }

    /// `J` / `K` step through the reading path.
    pub(super) fn reading_keys(&mut self, ctx: &egui::Context) {
        if let Some(delta) = ReadAlong::keys(ctx, self.view.map_has_keyboard(ctx))
            && self.doc.as_ref().is_some_and(|d| d.source.is_some())
        {
            self.step_read_along(delta);
        }
    }

    /// The View menu's entries: the source panel and read-along.
    pub(super) fn reading_menu_ui(&mut self, ui: &mut egui::Ui) {
        let mut open = self.persisted.show_source_panel;
        if ui.checkbox(&mut open, "Source Panel").changed() {
            self.set_source_panel_open(open);
        }
        let has_text = self.doc.as_ref().is_some_and(|d| d.source.is_some());
        let mut reading = self.reading.read_along.is_active();
        if ui
            .add_enabled(
                has_text,
                egui::Checkbox::new(&mut reading, "Read Along (J / K)"),
            )
            .on_disabled_hover_text("The map has no source text to read along")
            .changed()
        {
            self.toggle_read_along();
        }
    }

    /// The button beside Notes that shows or hides the source panel.
    pub(super) fn source_toggle_ui(&mut self, ui: &mut egui::Ui) {
        if ui
            .selectable_label(self.persisted.show_source_panel, "Source")
            .on_hover_text("Show the essay beside the map")
            .clicked()
        {
            self.set_source_panel_open(!self.persisted.show_source_panel);
        }
    }

    /// The source panel on the left of the map, when shown.
    pub(super) fn source_panel_ui(&mut self, ui: &mut egui::Ui) {
        self.reading.text_hovered = None;
        if !self.persisted.show_source_panel {
            return;
        }
        let Some(doc) = &self.doc else { return };
        let width = ui.ctx().content_rect().width();
        let input = PanelInput {
            loaded: &doc.loaded,
            source: doc.source.as_ref(),
            theme: &self.theme,
            selected: self.selected,
            hovered: self.hovered,
        };
        let panel = &mut self.reading.panel;
        // A third of the window at most, so the map keeps room in a small one.
        let output = egui::Panel::left("source")
            .resizable(true)
            .default_size((width * 0.3).clamp(220.0, 460.0))
            .size_range(220.0..=(width / 3.0).max(220.0))
            .show(ui, |ui| panel.ui(ui, &input))
            .inner;
        self.reading.text_hovered = output.hovered;
        if let Some(claim) = output.clicked {
            self.go_to(claim);
            self.reading.selected_in_text = true;
        }
    }

    /// After the frame: the read-along bar, and a changed selection
    /// scrolls the source to the claim's passage.
    pub(super) fn reading_frame_end(&mut self, ctx: &egui::Context) {
        let len = self
            .doc
            .as_ref()
            .and_then(|d| d.source.as_ref())
            .map_or(0, |s| s.reading_path().len());
        if len == 0 {
            self.reading.read_along.step = None;
        }
        let (action, bar) = self
            .reading
            .read_along
            .bar_ui(ctx, self.view.canvas_rect, len);
        self.view.read_along_rect = bar;
        match action {
            Some(ReadAlongAction::Go(step)) => {
                let delta = step as isize - self.reading.read_along.step.map_or(0, |s| s as isize);
                self.step_read_along(delta);
            }
            Some(ReadAlongAction::Stop) => self.reading.read_along.step = None,
            None => {}
        }
        let selected_id = self
            .doc
            .as_ref()
            .zip(self.selected)
            .and_then(|(d, s)| d.loaded.map.claims.get(s))
            .map(|c| c.id.clone());
        if selected_id == self.reading.last_selected {
            return;
        }
        self.reading.last_selected = selected_id;
        let in_text = std::mem::take(&mut self.reading.selected_in_text);
        let (Some(claim), Some(doc)) = (self.selected, &self.doc) else {
            return;
        };
        let Some(source) = &doc.source else { return };
        // A claim selected elsewhere moves read-along to it.
        if let Some(step) = self.reading.read_along.step
            && source.reading_path().get(step) != Some(&claim)
        {
            self.reading.read_along.step = source.reading_path().iter().position(|&c| c == claim);
        }
        if self.persisted.show_source_panel && !in_text {
            self.reading.panel.reveal_claim(source, claim);
            ctx.request_repaint();
        }
    }
}
