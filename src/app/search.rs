//! Searching claims by text, quote or id; Enter steps through the matches.
//!
//! `Ctrl+F` gives the field the keyboard focus at once, in the frame the
//! keys arrive, before anything else reads them: letters typed right after
//! it (even within the same frame, as on a slow machine) go into the field
//! and are never taken as map keys.

use egui::{Id, Key, KeyboardShortcut, Modifiers, RichText, TextEdit};

use crate::model::LoadedMap;

/// Ctrl+F (Cmd+F on macOS).
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

/// The search field's widget id.
fn field_id() -> Id {
    Id::unique("reasonmap-search-field")
}

/// The search field's state.
#[derive(Debug, Default)]
pub struct Search {
    query: String,
    matches: Vec<usize>,
    matched_query: String,
    /// The match last gone to, if any since the query changed.
    shown: Option<usize>,
    /// Move the keyboard focus to the field when it is next shown.
    pub focus_requested: bool,
}

impl Search {
    /// Ctrl+F: the field takes the keyboard focus now, so that keys later
    /// in this frame go to it. Call before any other key is read.
    pub fn shortcut(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&FIND)) {
            ctx.memory_mut(|m| m.request_focus(field_id()));
            self.focus_requested = true;
        }
    }

    /// Forgets the query (a new map was opened).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Claims matching the query.
    pub fn matches(&self) -> &[usize] {
        &self.matches
    }

    /// Claims whose text, quote or id contains `query`, ignoring case.
    pub fn find(loaded: &LoadedMap, query: &str) -> Vec<usize> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        loaded
            .map
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.text.to_lowercase().contains(&query)
                    || c.id.to_lowercase().contains(&query)
                    || c.quote
                        .as_ref()
                        .is_some_and(|q| q.to_lowercase().contains(&query))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Shows the field; returns a claim to go to (on Enter).
    pub fn ui(&mut self, ui: &mut egui::Ui, loaded: &LoadedMap) -> Option<usize> {
        let label = ui.label("Find");
        if std::mem::take(&mut self.focus_requested) {
            // Before the field is drawn, so it reads this frame's typing.
            ui.memory_mut(|m| m.request_focus(field_id()));
        }
        let response = ui
            .add(
                TextEdit::singleline(&mut self.query)
                    .id(field_id())
                    .hint_text("claims (Ctrl+F)")
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
        if self.query != self.matched_query {
            self.matches = Self::find(loaded, &self.query);
            self.matched_query = self.query.clone();
            self.shown = None;
        }
        let mut go_to = None;
        let n = self.matches.len();
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && n > 0 {
            let back = ui.input(|i| i.modifiers.shift);
            let next = match self.shown {
                None if back => n - 1,
                None => 0,
                Some(c) if back => (c + n - 1) % n,
                Some(c) => (c + 1) % n,
            };
            self.shown = Some(next);
            go_to = Some(self.matches[next]);
            response.request_focus();
        }
        if !self.query.trim().is_empty() {
            let text = match (n, self.shown) {
                (0, _) => "no match".to_owned(),
                (n, Some(c)) => format!("{} of {n} matches", c + 1),
                (1, None) => "1 match".to_owned(),
                (n, None) => format!("{n} matches"),
            };
            ui.label(RichText::new(text).weak());
        }
        go_to
    }
}
