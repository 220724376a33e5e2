//! What can go wrong with notes: errors (an operation failed) and warnings
//! (the store opened or saved, but the user should be told something).

use std::fmt;
use std::path::PathBuf;

use super::NoteId;

fn mismatch_message(id: &str, mark: crate::evaluation::Mark, map: &std::path::Path) -> String {
    if mark.is_claim_mark() {
        format!(
            "\"{id}\" is an argument of {}; only claims are accepted or rejected (an argument's inference holds or fails)",
            map.display()
        )
    } else {
        format!(
            "\"{id}\" is a claim of {}; only an argument's inference holds or fails (a claim is accepted or rejected)",
            map.display()
        )
    }
}

/// Why a notes operation failed. Every variant about a file names it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotesError {
    /// A file could not be read, written, renamed or synced.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("read", "write", "replace", ...).
        action: &'static str,
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The notes file is not valid RON for the notes format.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The notes file.
        path: PathBuf,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The notes file is larger than [`super::MAX_FILE_SIZE`].
    #[error("{} is too large to be a notes file ({size} bytes; the limit is {limit})", path.display())]
    TooLarge {
        /// The notes file.
        path: PathBuf,
        /// Its size in bytes (at least; reading stopped past the limit).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The notes file is not UTF-8 text.
    #[error("{} is not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotText {
        /// The notes file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The notes file was written by a newer version of reasonmap.
    #[error("{} has notes format version {found}; this version of reasonmap reads up to {}", path.display(), super::FORMAT_VERSION)]
    UnsupportedVersion {
        /// The notes file.
        path: PathBuf,
        /// The version the file declares.
        found: u32,
    },
    /// Two notes in the file share an id.
    #[error("{}: note id {id} appears more than once", path.display())]
    DuplicateId {
        /// The notes file.
        path: PathBuf,
        /// The repeated id.
        id: NoteId,
    },
    /// The notes could not be turned into RON (should not happen).
    #[error("cannot write notes for {}: {message}", path.display())]
    Serialize {
        /// The notes file that was to be written.
        path: PathBuf,
        /// What the serialiser said.
        message: String,
    },
    /// Saving is refused because an unreadable notes file could not be
    /// moved aside, and saving would overwrite it.
    #[error("not saving notes: {} could not be read or moved aside, and saving would overwrite it", path.display())]
    Blocked {
        /// The unreadable notes file.
        path: PathBuf,
    },
    /// No claim of the map has this id.
    #[error("no claim with id \"{claim}\" in {}", map.display())]
    UnknownClaim {
        /// The id asked for.
        claim: String,
        /// The map file.
        map: PathBuf,
    },
    /// No argument of the map has this id.
    #[error("no argument with id \"{argument}\" in {}", map.display())]
    UnknownArgument {
        /// The id asked for.
        argument: String,
        /// The map file.
        map: PathBuf,
    },
    /// A claim mark on an argument, or an inference mark on a claim.
    #[error("{}", mismatch_message(id, *mark, map))]
    MarkMismatch {
        /// The id of the claim or argument.
        id: String,
        /// The mark that does not fit it.
        mark: crate::evaluation::Mark,
        /// The map file.
        map: PathBuf,
    },
    /// Nothing with this id is marked.
    #[error("no mark on \"{id}\" in {}", path.display())]
    UnknownMark {
        /// The id asked for.
        id: String,
        /// The notes file.
        path: PathBuf,
    },
    /// No note has this id.
    #[error("no note with id {id} in {}", path.display())]
    UnknownNote {
        /// The id asked for.
        id: NoteId,
        /// The notes file.
        path: PathBuf,
    },
    /// Another process held the notes file's save lock for the whole
    /// timeout; nothing was written.
    #[error(
        "cannot save {}: another program has been saving it for {:.1} s and still holds its lock ({}); nothing was written, try again",
        path.display(),
        waited.as_secs_f64(),
        lock.display()
    )]
    Locked {
        /// The notes file.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// How long the save waited.
        waited: std::time::Duration,
    },
    /// A note must say something.
    #[error("a note cannot be empty (notes file {})", path.display())]
    EmptyText {
        /// The notes file.
        path: PathBuf,
    },
}

/// Something the user should know about that did not stop the store from
/// opening or saving.
#[derive(Debug)]
#[non_exhaustive]
pub enum NotesWarning {
    /// The notes file could not be read; the map opens with no notes.
    Unreadable {
        /// Why it could not be read (names the file, and line and column
        /// for a syntax error).
        error: NotesError,
        /// Where the file was moved so that no save overwrites it, or why
        /// it could not be moved (then saving is refused).
        moved_to: Result<PathBuf, NotesError>,
    },
    /// A second notes file for the same map exists and is not used.
    OtherFileIgnored {
        /// The file in use.
        used: PathBuf,
        /// The file that is ignored.
        ignored: PathBuf,
    },
    /// The notes file's path names a directory, FIFO, device or socket: it
    /// is left alone, and notes are not saved while it is there.
    NotAFile {
        /// Why it could not be read (names the path and what it is).
        error: NotesError,
    },
    /// The notes file was deleted by something else since it was loaded;
    /// saving writes it again.
    DeletedOnDisk {
        /// The notes file.
        path: PathBuf,
    },
}

impl fmt::Display for NotesWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotesWarning::Unreadable { error, moved_to } => match moved_to {
                Ok(to) => write!(
                    f,
                    "{error}; the file was moved aside to {} and notes start empty",
                    to.display()
                ),
                Err(move_error) => write!(
                    f,
                    "{error}; it could not be moved aside ({move_error}), so notes will not be saved"
                ),
            },
            NotesWarning::OtherFileIgnored { used, ignored } => write!(
                f,
                "notes are read from {}; another notes file for this map, {}, is ignored",
                used.display(),
                ignored.display()
            ),
            NotesWarning::NotAFile { error } => write!(
                f,
                "{error}; it is left alone, and notes are not saved until it is removed"
            ),
            NotesWarning::DeletedOnDisk { path } => write!(
                f,
                "{} was deleted by another program; it is written again",
                path.display()
            ),
        }
    }
}

impl NotesError {
    /// Whether the notes file's path names something that is not a regular
    /// file (a directory, FIFO, device or socket).
    pub fn is_not_a_file(&self) -> bool {
        matches!(
            self,
            NotesError::Io { source, .. }
                if matches!(crate::files::ReadError::in_io(source), Some(crate::files::ReadError::NotAFile(_)))
        )
    }
}
