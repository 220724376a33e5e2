//! Notes people add to claims, stored beside the map in `NAME.notes.ron`.
//!
//! The map file itself is never written. [`NoteStore`] is the whole API the
//! viewer and the command line use: open a map's notes, query them per
//! claim, add, edit, delete and move notes (with undo and redo), and save
//! them atomically, merging with changes another window made meanwhile.
//! The file format is described in `docs/notes-format.md`.

mod atomic;
mod error;
mod format;
pub mod history;
mod location;
pub mod merge;
mod store;

pub use error::{NotesError, NotesWarning};
pub use format::{FORMAT_VERSION, MAX_FILE_SIZE, Note, NoteId, NoteMap};
pub use history::CommandKind;
pub use location::{Location, LocationKind, backup_path, fallback_path, sidecar_path};
pub use merge::{ConflictKind, MergeConflict, MergeReport};
pub use store::{NoteStore, SaveOutcome, StoreOptions};
