//! Undo and redo of note and mark edits, as a history of commands.
//!
//! Each command records the notes and marks it changed, before and after
//! (a note is absent before an add and after a delete; a mark is absent
//! while its claim or inference is open). Undoing puts the "before" states
//! back, redoing the "after" states. Because a command restores states
//! rather than replaying an operation, it still applies after a merge
//! brought in changes from another window.

use super::format::MarkMap;
use super::{Note, NoteId, NoteMap};
use crate::evaluation::Mark;

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
    /// A claim was marked accepted.
    Accept,
    /// A claim was marked rejected.
    Reject,
    /// An inference was marked as holding.
    Holds,
    /// An inference was marked as failing.
    Fails,
    /// A claim or inference was left open again (its mark cleared).
    Open,
    /// Every mark was cleared.
    ClearMarks,
    /// Several marks were set at once (a "what if" kept).
    SetMarks,
    /// A mark was moved to another claim or argument.
    MoveMark,
}

impl CommandKind {
    /// A short label: "add note", "accept claim", ...
    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Add => "add note",
            CommandKind::Edit => "edit note",
            CommandKind::Delete => "delete note",
            CommandKind::Move => "move note",
            CommandKind::Accept => "accept claim",
            CommandKind::Reject => "reject claim",
            CommandKind::Holds => "mark inference holds",
            CommandKind::Fails => "mark inference fails",
            CommandKind::Open => "clear mark",
            CommandKind::ClearMarks => "clear all marks",
            CommandKind::SetMarks => "set marks",
            CommandKind::MoveMark => "move mark",
        }
    }

    /// The kind of command that sets one mark to `mark` (`None`: open).
    pub fn setting(mark: Option<Mark>) -> Self {
        match mark {
            Some(Mark::Accepted) => CommandKind::Accept,
            Some(Mark::Rejected) => CommandKind::Reject,
            Some(Mark::Holds) => CommandKind::Holds,
            Some(Mark::Fails) => CommandKind::Fails,
            None => CommandKind::Open,
        }
    }
}

/// One note or mark, before and after a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A note changed.
    Note {
        /// The note's id.
        id: NoteId,
        /// The note before (`None`: it did not exist).
        before: Option<Note>,
        /// The note after (`None`: it was deleted).
        after: Option<Note>,
    },
    /// A mark changed.
    Mark {
        /// The id of the claim or argument marked.
        id: String,
        /// The mark before (`None`: open).
        before: Option<Mark>,
        /// The mark after (`None`: open).
        after: Option<Mark>,
    },
}

/// One undoable change of notes and marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// What kind of change it was.
    pub kind: CommandKind,
    /// What it changed, in the order it changed them.
    pub changes: Vec<Change>,
}

impl Command {
    /// Sets what the command changed to its state before the command.
    pub fn undo(&self, notes: &mut NoteMap, marks: &mut MarkMap) {
        for change in self.changes.iter().rev() {
            match change {
                Change::Note { id, before, .. } => set_note(notes, id, before.as_ref()),
                Change::Mark { id, before, .. } => set_mark(marks, id, *before),
            }
        }
    }

    /// Sets what the command changed to its state after the command.
    pub fn redo(&self, notes: &mut NoteMap, marks: &mut MarkMap) {
        for change in &self.changes {
            match change {
                Change::Note { id, after, .. } => set_note(notes, id, after.as_ref()),
                Change::Mark { id, after, .. } => set_mark(marks, id, *after),
            }
        }
    }

    /// Whether the command changes any mark.
    pub fn changes_marks(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, Change::Mark { .. }))
    }
}

fn set_note(notes: &mut NoteMap, id: &NoteId, state: Option<&Note>) {
    match state {
        Some(note) => {
            notes.insert(id.clone(), note.clone());
        }
        None => {
            notes.remove(id);
        }
    }
}

fn set_mark(marks: &mut MarkMap, id: &str, state: Option<Mark>) {
    match state {
        Some(mark) => {
            marks.insert(id.to_owned(), mark);
        }
        None => {
            marks.remove(id);
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

    /// Undoes the latest command; returns it, or `None` when there is
    /// nothing to undo.
    pub fn undo(&mut self, notes: &mut NoteMap, marks: &mut MarkMap) -> Option<&Command> {
        let command = self.undo.pop()?;
        command.undo(notes, marks);
        self.redo.push(command);
        self.redo.last()
    }

    /// Redoes the latest undone command.
    pub fn redo(&mut self, notes: &mut NoteMap, marks: &mut MarkMap) -> Option<&Command> {
        let command = self.redo.pop()?;
        command.redo(notes, marks);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_command_undoes_several_marks_at_once() {
        let mut notes = NoteMap::new();
        let mut marks: MarkMap = [("a".to_owned(), Mark::Accepted)].into();
        let command = Command {
            kind: CommandKind::ClearMarks,
            changes: vec![Change::Mark {
                id: "a".into(),
                before: Some(Mark::Accepted),
                after: None,
            }],
        };
        command.redo(&mut notes, &mut marks);
        let mut history = History::default();
        history.record(command);
        assert!(marks.is_empty());
        let undone = history.undo(&mut notes, &mut marks).map(|c| c.kind);
        assert_eq!(undone, Some(CommandKind::ClearMarks));
        assert_eq!(marks.get("a"), Some(&Mark::Accepted));
        history.redo(&mut notes, &mut marks);
        assert!(marks.is_empty());
    }
}
