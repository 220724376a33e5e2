//! Notes people add to claims, and the marks they put on claims and
//! inferences when they evaluate the map, stored beside the map in
//! `NAME.notes.ron`.
//!
//! The map file itself is never written. [`NoteStore`] is the whole API the
//! viewer and the command line use: open a map's notes, query them per
//! claim, add, edit, delete and move notes, set and clear marks (all with
//! undo and redo), and save them atomically, merging with changes another
//! window made meanwhile. The file format is described in
//! `docs/notes-format.md`.
//!
//! ```
//! use reasonmap::notes::{NoteStore, StoreOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = tempfile::tempdir()?;
//! # let map_path = dir.path().join("essay.ron");
//! # let options = StoreOptions::with_data_dir(Some(dir.path().join("data")));
//! // Open with the map's claim ids; warnings (a corrupt file moved aside,
//! // say) are for the user, and the store opens regardless.
//! let (mut store, warnings) = NoteStore::open_with(&map_path, ["c1", "c2"], options);
//! assert!(warnings.is_empty());
//!
//! let id = store.add("c1", "Check the 2019 figures.")?;
//! store.edit(&id, "Check the 2019 and 2020 figures.")?;
//! assert_eq!(store.notes_for("c1").len(), 1);
//! assert!(store.is_dirty());
//!
//! store.undo(); // back to the first text
//! assert_eq!(store.note(&id).map(|n| n.text.as_str()), Some("Check the 2019 figures."));
//!
//! let outcome = store.save()?;
//! assert!(outcome.written && outcome.merge.is_none());
//! assert_eq!(outcome.location.path, dir.path().join("essay.notes.ron"));
//! assert!(!store.is_dirty());
//!
//! // The map loses claim c1: its note is orphaned, not dropped.
//! store.set_claim_ids(["c2"]);
//! assert_eq!(store.orphaned().len(), 1);
//! store.move_note(&id, "c2")?;
//! assert!(store.orphaned().is_empty());
//!
//! // Marks: a claim accepted or rejected, an argument's inference that
//! // holds or fails. They are saved with the notes and undone the same way.
//! use reasonmap::evaluation::Mark;
//! store.set_argument_ids(["a1"]);
//! store.set_mark("c2", Some(Mark::Rejected))?;
//! store.set_mark("a1", Some(Mark::Fails))?;
//! assert!(store.set_mark("a1", Some(Mark::Accepted)).is_err());
//! store.undo();
//! assert_eq!(store.mark("a1"), None);
//! assert_eq!(store.mark("c2"), Some(Mark::Rejected));
//! # Ok(())
//! # }
//! ```

mod atomic;
mod error;
mod format;
pub mod history;
mod location;
pub mod merge;
mod store;

pub use atomic::{STALE_TEMP_AGE, STOP_AT_ENV, SavePoint, lock_path};
pub use error::{NotesError, NotesWarning};
pub use format::{
    FORMAT_VERSION, MAX_FILE_SIZE, MarkMap, Note, NoteId, NoteMap, Sidecar, parse_bytes, serialize,
};
pub use history::CommandKind;
pub use location::{Location, LocationKind, backup_path, fallback_path, sidecar_path};
pub use merge::{ConflictKind, MarkConflict, MergeConflict, MergeReport};
pub use store::{DEFAULT_LOCK_TIMEOUT, NoteStore, SaveDone, SaveJob, SaveOutcome, StoreOptions};
