//! Crash-safe file handling for notes: bounded reads, atomic replacement
//! with a backup of the previous version, and moving bad files aside.
//!
//! A save writes a temporary file in the target's folder, flushes and syncs
//! it, hard-links the current file to `NAME.bak` (or copies it, where hard
//! links are not supported), renames the temporary file over the target and
//! syncs the folder. The target is never removed or written in place, so at
//! every instant it holds either the complete old or the complete new file.

use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use siphasher::sip128::SipHasher13;

use super::location::{backup_path, with_suffix};
use super::{MAX_FILE_SIZE, NotesError};

/// A hash of a file's bytes, to notice when it changed since it was read.
pub type ContentHash = u128;

/// Hashes file contents (SipHash-1-3, 128 bits: not cryptographic, but
/// changes made by other programs are not adversarial).
pub fn content_hash(bytes: &[u8]) -> ContentHash {
    SipHasher13::new().hash(bytes).as_u128()
}

/// Size and modification time, a cheap check that a file did not change
/// between two moments of one save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// What was read from a notes file.
#[derive(Debug)]
pub struct Read {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its stamp when it was read.
    pub stamp: Stamp,
}

/// Reads `path` if it exists, refusing files larger than [`MAX_FILE_SIZE`].
///
/// A missing file (or a path through something that is not a folder) is
/// `Ok(None)`.
pub fn read_bounded(path: &Path) -> Result<Option<Read>, NotesError> {
    let io_err = |source| NotesError::Io {
        action: "read",
        path: path.to_owned(),
        source,
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if is_absent(&e) => return Ok(None),
        Err(e) => return Err(io_err(e)),
    };
    let meta = file.metadata().map_err(io_err)?;
    if meta.is_dir() {
        return Err(io_err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        )));
    }
    let too_large = |size| NotesError::TooLarge {
        path: path.to_owned(),
        size,
        limit: MAX_FILE_SIZE,
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read; never read past the limit.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Some(Read {
        bytes,
        stamp: stamp_of(&meta),
    }))
}

/// The current stamp of `path`, `None` if it does not exist.
pub fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| stamp_of(&m))
}

fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    }
}

/// Whether an error means "there is no file there".
pub fn is_absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Why an atomic write failed.
#[derive(Debug)]
pub enum WriteError {
    /// No temporary file could be created in the target's folder: the
    /// folder cannot be written (or does not exist). Nothing was changed.
    Folder(NotesError),
    /// A later step failed; the target still holds its previous contents.
    Other(NotesError),
}

/// The steps of a save, so that the caller can check the target once more
/// just before replacing it.
pub struct PendingWrite {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// Writes `bytes` to a synced temporary file beside `target`.
pub fn prepare(target: &Path, bytes: &[u8]) -> Result<PendingWrite, WriteError> {
    let dir = parent_dir(target);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Temporary files are private (0600) by default; a notes file gets the
    // usual permissions (0666 less the umask), or those of the file it
    // replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(|source| {
        WriteError::Folder(NotesError::Io {
            action: "create a file in",
            path: dir.to_owned(),
            source,
        })
    })?;
    let write_err = |source| {
        WriteError::Other(NotesError::Io {
            action: "write",
            path: temp_path_for(target),
            source,
        })
    };
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(target) {
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(write_err)?;
    }
    write_contents(&mut temp, bytes).map_err(write_err)?;
    temp.as_file().sync_all().map_err(write_err)?;
    Ok(PendingWrite {
        temp,
        target: target.to_owned(),
    })
}

/// Environment variable that slows writing down, for the crash-safety
/// test: when set to a number of milliseconds, the contents are written in
/// 64 KiB chunks with that pause after each, so that a test can kill the
/// process in the middle of writing. Not meant for anything else.
pub const SLOW_WRITE_ENV: &str = "REASONMAP_NOTES_SLOW_WRITE_MS";

/// Writes and flushes `bytes` (slowly when [`SLOW_WRITE_ENV`] asks).
fn write_contents(file: &mut impl io::Write, bytes: &[u8]) -> io::Result<()> {
    let pause = std::env::var(SLOW_WRITE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map(std::time::Duration::from_millis);
    match pause {
        None => file.write_all(bytes)?,
        Some(pause) => {
            for chunk in bytes.chunks(64 * 1024) {
                file.write_all(chunk)?;
                file.flush()?;
                std::thread::sleep(pause);
            }
        }
    }
    file.flush()
}

/// A name for the temporary file in messages.
fn temp_path_for(target: &Path) -> PathBuf {
    with_suffix(target, ".tmp")
}

impl PendingWrite {
    /// Keeps the current target as `.bak`, renames the temporary file over
    /// the target and syncs the folder. `previous` is the target's content
    /// as read, used for the backup where hard links are not supported.
    pub fn commit(self, previous: Option<&[u8]>) -> Result<(), NotesError> {
        let target = &self.target;
        let dir = parent_dir(target);
        if std::fs::symlink_metadata(target).is_ok() {
            backup(target, previous)?;
        }
        self.temp.persist(target).map_err(|e| NotesError::Io {
            action: "replace",
            path: target.clone(),
            source: e.error,
        })?;
        sync_dir(dir).map_err(|source| NotesError::Io {
            action: "sync the folder",
            path: dir.to_owned(),
            source,
        })
    }
}

/// Makes `NAME.bak` the current version of `target`, without ever
/// touching `target` itself.
fn backup(target: &Path, previous: Option<&[u8]>) -> Result<(), NotesError> {
    let bak = backup_path(target);
    let err = |action, source| NotesError::Io {
        action,
        path: bak.clone(),
        source,
    };
    match std::fs::remove_file(&bak) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(err("remove the old backup", e)),
    }
    match std::fs::hard_link(target, &bak) {
        Ok(()) => Ok(()),
        Err(link_error) => {
            // Some file systems have no hard links: copy what was read.
            let Some(bytes) = previous else {
                return Err(err("create the backup", link_error));
            };
            let dir = parent_dir(target);
            let mut temp = tempfile::Builder::new()
                .prefix(".bak.")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(|e| err("create the backup", e))?;
            temp.write_all(bytes)
                .and_then(|()| temp.as_file().sync_all())
                .map_err(|e| err("write the backup", e))?;
            temp.persist(&bak)
                .map_err(|e| err("create the backup", e.error))?;
            Ok(())
        }
    }
}

/// Renames a bad notes file to `NAME.corrupt-TIMESTAMP` beside it, so that
/// no save overwrites it, and returns the new path.
pub fn move_aside(path: &Path) -> Result<PathBuf, NotesError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut aside = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut n = 1;
    while std::fs::symlink_metadata(&aside).is_ok() {
        n += 1;
        aside = with_suffix(path, &format!(".corrupt-{stamp}-{n}"));
    }
    std::fs::rename(path, &aside).map_err(|source| NotesError::Io {
        action: "move aside",
        path: path.to_owned(),
        source,
    })?;
    // Best effort: the rename is already done; a failed folder sync only
    // means it might not survive a power cut.
    let _ = sync_dir(parent_dir(path));
    Ok(aside)
}

/// The folder of `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs a folder so that renames in it are durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Folders cannot be opened for syncing on this platform; renames are
/// made durable by the file system itself.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
