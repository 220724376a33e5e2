//! Searching claims by text, quote or id; Enter steps through the matches.

use egui::{Key, RichText, TextEdit};

use crate::model::LoadedMap;

/// The search field's state.
#[derive(Debug, Default)]
pub struct Search {
    query: String,
    matches: Vec<usize>,
    matched_query: String,
    /// The match last gone to, if any since the query changed.
    shown: Option<usize>,
    /// Move the keyboard focus to the field on the next frame (Ctrl+F).
    pub focus_requested: bool,
}

impl Search {
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
        let response = ui
            .add(
                TextEdit::singleline(&mut self.query)
                    .hint_text("claims (Ctrl+F)")
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
        if self.focus_requested {
            response.request_focus();
            self.focus_requested = false;
        }
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
