//! Undo and redo of note edits, as a history of commands.
//!
//! Each command records one note before and after the change (absent
//! before an add, absent after a delete). Undoing puts the "before" state
//! back, redoing the "after" state. Because a command restores a state
//! rather than replaying an operation, it still applies after a merge
//! brought in changes from another window.

use super::{Note, NoteId, NoteMap};

/// What a command did, for menu labels ("Undo add note").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// A note was added.
    Add,
    /// A note's text was changed.
    Edit,
    /// A note was deleted.
    Delete,
    /// A note was moved to another claim.
    Move,
}

impl CommandKind {
    /// A short label: "add note", "edit note", ...
    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Add => "add note",
            CommandKind::Edit => "edit note",
            CommandKind::Delete => "delete note",
            CommandKind::Move => "move note",
        }
    }
}

/// One undoable change of one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What kind of change it was.
    pub kind: CommandKind,
    /// The note's id.
    pub id: NoteId,
    /// The note before the change (`None` for an add).
    pub before: Option<Note>,
    /// The note after the change (`None` for a delete).
    pub after: Option<Note>,
}

impl Command {
    /// Sets the note in `notes` to its state before the command.
    pub fn undo(&self, notes: &mut NoteMap) {
        set(notes, &self.id, self.before.as_ref());
    }

    /// Sets the note in `notes` to its state after the command.
    pub fn redo(&self, notes: &mut NoteMap) {
        set(notes, &self.id, self.after.as_ref());
    }
}

fn set(notes: &mut NoteMap, id: &NoteId, state: Option<&Note>) {
    match state {
        Some(note) => {
            notes.insert(id.clone(), note.clone());
        }
        None => {
            notes.remove(id);
        }
    }
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Command>,
    redo: Vec<Command>,
}

impl History {
    /// How many commands are kept; older ones are forgotten.
    pub const LIMIT: usize = 1000;

    /// Records a command that was just applied; clears the redo stack.
    pub fn record(&mut self, command: Command) {
        self.redo.clear();
        self.undo.push(command);
        if self.undo.len() > Self::LIMIT {
            let excess = self.undo.len() - Self::LIMIT;
            self.undo.drain(..excess);
        }
    }

    /// Undoes the latest command on `notes`; returns it, or `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, notes: &mut NoteMap) -> Option<&Command> {
        let command = self.undo.pop()?;
        command.undo(notes);
        self.redo.push(command);
        self.redo.last()
    }

    /// Redoes the latest undone command on `notes`.
    pub fn redo(&mut self, notes: &mut NoteMap) -> Option<&Command> {
        let command = self.redo.pop()?;
        command.redo(notes);
        self.undo.push(command);
        self.undo.last()
    }

    /// The command the next undo would revert.
    pub fn next_undo(&self) -> Option<&Command> {
        self.undo.last()
    }

    /// The command the next redo would apply.
    pub fn next_redo(&self) -> Option<&Command> {
        self.redo.last()
    }
}
