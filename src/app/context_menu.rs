//! The menu a right-click on a claim opens: notes, copying, the source
//! passage, exporting the claim's branch, marking the claim, and
//! collapsing or focusing on its branch.
//!
//! The menu only draws and reports a [`ClaimCommand`]; the app carries it
//! out after the frame, through the same code the keys and the other
//! menus use (marks go through the evaluation's actions, so they are
//! undone like any other change of marks).

use super::ReasonmapApp;
use super::document::Document;
use super::evaluation_ui::EvaluationAction;
use super::notes_ui::NoteAction;
use crate::evaluation::Mark;

/// Something asked for from a claim's context menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimCommand {
    /// Start a new note on the claim.
    AddNote(usize),
    /// Put the claim's text on the clipboard.
    CopyText(usize),
    /// Put the claim's id on the clipboard.
    CopyId(usize),
    /// Show the claim's passage in the source panel.
    ShowInSource(usize),
    /// Open the export dialog for the claim and what bears on it.
    ExportBranch(usize),
    /// Mark the claim (`None`: leave it open).
    Mark(usize, Option<Mark>),
    /// Collapse (`true`) or expand (`false`) the claim's branch.
    Collapse(usize, bool),
    /// Focus on the claim (`true`), or leave focus mode (`false`).
    Focus(usize, bool),
}

/// The mark entries: mark, label, key.
const MARKS: [(Option<Mark>, &str, &str); 3] = [
    (Some(Mark::Accepted), "Accept", "A"),
    (Some(Mark::Rejected), "Reject", "X"),
    (None, "Leave Open", "O"),
];

/// The context menu's entries for `claim`; pushes what was chosen.
pub fn claim_menu_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    claim: usize,
    chosen: &mut Vec<ClaimCommand>,
) {
    let mut menu = Entries { ui, chosen };
    menu.item("Add Note", "N", false, ClaimCommand::AddNote(claim));
    menu.item("Copy Text", "", false, ClaimCommand::CopyText(claim));
    menu.item("Copy Id", "", false, ClaimCommand::CopyId(claim));
    if doc.source.is_some() {
        let command = ClaimCommand::ShowInSource(claim);
        menu.item("Show in Source", "", false, command);
    }
    let command = ClaimCommand::ExportBranch(claim);
    menu.item("Export This Branch…", "", false, command);
    menu.ui.separator();
    let current = doc
        .loaded
        .map
        .claims
        .get(claim)
        .and_then(|c| doc.notes.marks().get(&c.id).copied());
    for (mark, label, key) in MARKS {
        // The mark the claim has shows as chosen.
        menu.item(label, key, current == mark, ClaimCommand::Mark(claim, mark));
    }
    menu.ui.separator();
    if doc.collapse.is_collapsed(claim) {
        let command = ClaimCommand::Collapse(claim, false);
        menu.item("Expand Branch", "Alt+Right", false, command);
    } else if crate::visible::has_branch(&doc.loaded.index, claim) {
        let command = ClaimCommand::Collapse(claim, true);
        menu.item("Collapse Branch", "Alt+Left", false, command);
    }
    if doc.collapse.focus.is_some_and(|f| f.claim == claim) {
        menu.item("Leave Focus", "Z", false, ClaimCommand::Focus(claim, false));
    } else {
        let command = ClaimCommand::Focus(claim, true);
        menu.item("Focus on This Claim", "Z", false, command);
    }
}

/// The menu being drawn and the commands chosen from it.
struct Entries<'a> {
    ui: &'a mut egui::Ui,
    chosen: &'a mut Vec<ClaimCommand>,
}

impl Entries<'_> {
    /// One entry: pushes `command` when clicked and closes the menu.
    fn item(&mut self, label: &str, key: &str, selected: bool, command: ClaimCommand) {
        let mut button = egui::Button::new(label).selected(selected);
        if !key.is_empty() {
            button = button.shortcut_text(key);
        }
        if self.ui.add(button).clicked() {
            self.chosen.push(command);
            self.ui.close();
        }
    }
}

impl ReasonmapApp {
    /// Carries out a command from a claim's context menu.
    pub(super) fn claim_command(&mut self, ctx: &egui::Context, command: ClaimCommand) {
        let Some(doc) = &self.doc else { return };
        let id_of = |claim: usize| doc.loaded.map.claims.get(claim).map(|c| c.id.clone());
        match command {
            ClaimCommand::AddNote(claim) => {
                let Some(id) = id_of(claim) else { return };
                // The note is written in the side panel, under the claim.
                self.selected = Some(claim);
                self.apply_note_action(ctx, NoteAction::StartAdd(id));
            }
            ClaimCommand::CopyText(claim) => {
                if let Some(c) = doc.loaded.map.claims.get(claim) {
                    ctx.copy_text(c.text.clone());
                }
            }
            ClaimCommand::CopyId(claim) => {
                if let Some(id) = id_of(claim) {
                    ctx.copy_text(id);
                }
            }
            ClaimCommand::ShowInSource(claim) => {
                self.selected = Some(claim);
                self.set_source_panel_open(true);
            }
            ClaimCommand::ExportBranch(claim) => {
                self.selected = Some(claim);
                self.show_export();
                self.export.scope = super::export_ui::Scope::Selected;
            }
            ClaimCommand::Mark(claim, mark) => {
                if let Some(id) = id_of(claim) {
                    self.apply_evaluation_action(ctx, EvaluationAction::SetMark(id, mark));
                }
            }
            ClaimCommand::Collapse(claim, collapsed) => self.set_collapsed(claim, collapsed),
            ClaimCommand::Focus(claim, true) => {
                self.selected = Some(claim);
                self.focus_on(claim);
            }
            ClaimCommand::Focus(_, false) => self.leave_focus(),
        }
    }
}
