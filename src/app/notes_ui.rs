//! Notes in the viewer: the notes section of the details panel (add, edit,
//! delete), the Notes panel listing every note of the map (with a filter and
//! the orphaned notes), and the preview shown when hovering a note badge.
//!
//! These functions only draw and report what the user asked for as
//! [`NoteAction`]s; the app applies them to the [`NoteStore`] in one place.

use chrono::Local;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, TextEdit};

use crate::model::LoadedMap;
use crate::notes::{Note, NoteId, NoteStore};

/// Finishes editing a note.
pub const FINISH_EDIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);

/// What the note being edited is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A new note on the claim with this id.
    New {
        /// Id of the claim.
        claim: String,
    },
    /// An existing note.
    Existing(NoteId),
}

/// The note editor's state: at most one note is edited at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The note being edited.
    pub target: EditTarget,
    /// The text so far.
    pub text: String,
    /// Give the text field the keyboard focus on the next frame.
    pub focus: bool,
}

impl Editor {
    /// An editor for a new note on `claim`.
    pub fn new_note(claim: &str) -> Self {
        Self {
            target: EditTarget::New {
                claim: claim.to_owned(),
            },
            text: String::new(),
            focus: true,
        }
    }

    /// An editor for an existing note.
    pub fn edit(note: &Note) -> Self {
        Self {
            target: EditTarget::Existing(note.id.clone()),
            text: note.text.clone(),
            focus: true,
        }
    }
}

/// A change the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteAction {
    /// Open the editor for a new note on the claim with this id.
    StartAdd(String),
    /// Open the editor on this note.
    StartEdit(NoteId),
    /// Commit the editor (add or edit).
    Finish,
    /// Close the editor without changes.
    Cancel,
    /// Delete this note.
    Delete(NoteId),
    /// Move this note to the claim with this id.
    Move(NoteId, String),
    /// Select the claim with this index and bring it into view.
    GoTo(usize),
}

/// A note's times, in local time: "created 2026-11-25 14:02, edited …".
pub fn times(note: &Note) -> String {
    let fmt = |t: &chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
    };
    if note.was_edited() {
        format!(
            "created {}, edited {}",
            fmt(&note.created),
            fmt(&note.edited)
        )
    } else {
        format!("created {}", fmt(&note.created))
    }
}

/// The first line of a note, shortened for lists.
pub fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut short: String = line.chars().take(80).collect();
    if short.len() < line.len() || text.lines().nth(1).is_some() {
        short.push('…');
    }
    short
}

/// The notes section of the details panel for the claim with id `claim`.
pub fn claim_notes_ui(
    ui: &mut egui::Ui,
    store: &NoteStore,
    claim: &str,
    editor: &mut Option<Editor>,
) -> Vec<NoteAction> {
    let mut actions = Vec::new();
    let notes = store.notes_for(claim);
    ui.horizontal(|ui| {
        ui.heading(format!("Notes on this claim ({})", notes.len()));
        let adding = matches!(
            editor,
            Some(Editor {
                target: EditTarget::New { .. },
                ..
            })
        );
        if !adding
            && ui
                .button("Add note")
                .on_hover_text("Add a note to this claim (N)")
                .clicked()
        {
            actions.push(NoteAction::StartAdd(claim.to_owned()));
        }
    });
    for note in &notes {
        let editing_this = matches!(editor, Some(Editor { target: EditTarget::Existing(id), .. }) if *id == note.id);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if editing_this {
                if let Some(e) = editor.as_mut() {
                    actions.extend(editor_ui(ui, e));
                }
            } else {
                ui.label(&note.text);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(times(note)).weak().small());
                    if ui.small_button("Edit note").clicked() {
                        actions.push(NoteAction::StartEdit(note.id.clone()));
                    }
                    if ui.small_button("Delete note").clicked() {
                        actions.push(NoteAction::Delete(note.id.clone()));
                    }
                });
            }
        });
    }
    if let Some(e) = editor.as_mut()
        && e.target
            == (EditTarget::New {
                claim: claim.to_owned(),
            })
    {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            actions.extend(editor_ui(ui, e));
        });
    }
    if notes.is_empty() && editor.is_none() {
        ui.label(RichText::new("No notes yet. Press N to add one.").weak());
    }
    actions
}

/// The text field of the note editor with its buttons.
fn editor_ui(ui: &mut egui::Ui, editor: &mut Editor) -> Vec<NoteAction> {
    let mut actions = Vec::new();
    let response = ui.add(
        TextEdit::multiline(&mut editor.text)
            // A stable id: notes another writer adds above the editor
            // while it is open must not move its id, which would take the
            // keyboard focus away in the middle of typing.
            .id_salt("note editor")
            .hint_text("Write a note…")
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    );
    if editor.focus {
        response.request_focus();
        editor.focus = false;
    }
    if response.has_focus() || response.lost_focus() {
        if ui.input_mut(|i| i.consume_shortcut(&FINISH_EDIT)) {
            actions.push(NoteAction::Finish);
        } else if ui.input(|i| i.key_pressed(Key::Escape)) {
            actions.push(NoteAction::Cancel);
        }
    }
    ui.horizontal(|ui| {
        let label = match editor.target {
            EditTarget::New { .. } => "Add",
            EditTarget::Existing(_) => "Save note",
        };
        if ui
            .add_enabled(!editor.text.trim().is_empty(), egui::Button::new(label))
            .on_hover_text("Ctrl+Enter")
            .clicked()
        {
            actions.push(NoteAction::Finish);
        }
        if ui.button("Cancel").on_hover_text("Esc").clicked() {
            actions.push(NoteAction::Cancel);
        }
    });
    actions
}

/// The Notes panel: every note of the map, filtered by `filter`, each a
/// link to its claim; orphaned notes last, with Move and Delete.
pub fn notes_panel_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    store: &NoteStore,
    location: &str,
    filter: &mut String,
    selected: Option<usize>,
) -> Vec<NoteAction> {
    let mut actions = Vec::new();
    ui.heading(format!("All notes ({})", store.len()));
    ui.add(
        TextEdit::singleline(filter)
            .hint_text("Filter notes")
            .desired_width(f32::INFINITY),
    );
    let needle = filter.trim().to_lowercase();
    let matches = |note: &Note, claim_text: &str| {
        needle.is_empty()
            || note.text.to_lowercase().contains(&needle)
            || claim_text.to_lowercase().contains(&needle)
    };
    ui.label(RichText::new(location).weak().small());
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let mut shown = 0;
        // Claims in map order, each once, with its matching notes below it.
        for (claim, c) in loaded.map.claims.iter().enumerate() {
            let notes: Vec<&Note> = store
                .notes_for(&c.id)
                .into_iter()
                .filter(|n| matches(n, &c.text))
                .collect();
            if notes.is_empty() {
                continue;
            }
            shown += notes.len();
            ui.horizontal_wrapped(|ui| {
                if ui
                    .link(c.text.as_str())
                    .on_hover_text("Go to the claim")
                    .clicked()
                {
                    actions.push(NoteAction::GoTo(claim));
                }
            });
            ui.indent(("notes", claim), |ui| {
                for note in notes {
                    ui.label(first_line(&note.text));
                    ui.label(RichText::new(times(note)).weak().small());
                }
            });
            ui.add_space(4.0);
        }
        if shown == 0 && store.orphaned().is_empty() {
            ui.label(
                RichText::new(if needle.is_empty() {
                    "No notes yet."
                } else {
                    "No note matches."
                })
                .weak(),
            );
        }
        let orphaned: Vec<&Note> = store
            .orphaned()
            .into_iter()
            .filter(|n| matches(n, ""))
            .collect();
        if !orphaned.is_empty() {
            ui.separator();
            ui.label(RichText::new(format!("Orphaned notes ({})", orphaned.len())).strong());
            ui.label(
                RichText::new(
                    "Their claims are no longer in the map. Move them to a claim or delete them.",
                )
                .weak()
                .small(),
            );
            for note in orphaned {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new(format!("was on “{}”", note.claim))
                            .weak()
                            .small(),
                    );
                    ui.label(&note.text);
                    ui.horizontal(|ui| {
                        let target = selected.map(|s| loaded.map.claims[s].id.clone());
                        let move_button = ui.add_enabled(
                            target.is_some(),
                            egui::Button::new("Move to selected claim"),
                        );
                        let move_button =
                            move_button.on_disabled_hover_text("Select a claim first");
                        if move_button.clicked()
                            && let Some(target) = target
                        {
                            actions.push(NoteAction::Move(note.id.clone(), target));
                        }
                        if ui.button("Delete").clicked() {
                            actions.push(NoteAction::Delete(note.id.clone()));
                        }
                    });
                });
            }
        }
    });
    actions
}

/// The preview of a claim's notes shown when hovering its badge.
pub fn preview_ui(ui: &mut egui::Ui, store: &NoteStore, claim: &str) {
    let notes = store.notes_for(claim);
    ui.set_max_width(320.0);
    for (i, note) in notes.iter().take(5).enumerate() {
        if i > 0 {
            ui.separator();
        }
        ui.label(note.text.chars().take(300).collect::<String>());
        ui.label(RichText::new(times(note)).weak().small());
    }
    if notes.len() > 5 {
        ui.label(RichText::new(format!("and {} more…", notes.len() - 5)).weak());
    }
}
