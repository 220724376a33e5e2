//! Crash-safe file handling for notes: bounded reads, the lock that
//! serialises saves, atomic replacement with a backup of the previous
//! version, removal of what killed saves left behind, and moving bad files
//! aside.
//!
//! A save takes an advisory lock on `.NAME.lock` beside the target, writes
//! a temporary file in the target's folder, flushes and syncs it,
//! hard-links the current file to `NAME.bak` (or copies it, where hard
//! links are not supported), renames the temporary file over the target and
//! syncs the folder. The target is never removed or written in place, so at
//! every instant it holds either the complete old or the complete new file.

use std::fs::File;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use siphasher::sip128::SipHasher13;

use super::location::{backup_path, with_suffix};
use super::{MAX_FILE_SIZE, NotesError};
use crate::files::{self, ReadError};

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

/// Reads `path` if it exists, refusing files larger than [`MAX_FILE_SIZE`]
/// and anything that is not a regular file (see [`crate::files`]).
///
/// A missing file (or a path through something that is not a folder) is
/// `Ok(None)`.
pub fn read_bounded(path: &Path) -> Result<Option<Read>, NotesError> {
    // The stamp is taken before reading: if the file changes after that,
    // the save's last check sees a different stamp and merges again.
    let meta = match std::fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if is_absent(&e) => return Ok(None),
        Err(_) => None,
    };
    match files::read_file(path, MAX_FILE_SIZE) {
        Ok(bytes) => Ok(Some(Read {
            stamp: meta.map_or(Stamp::of_len(bytes.len() as u64), |m| stamp_of(&m)),
            bytes,
        })),
        Err(ReadError::Io(e)) if is_absent(&e) => Ok(None),
        Err(ReadError::TooLarge { size, limit }) => Err(NotesError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        }),
        Err(other) => Err(NotesError::Io {
            action: "read",
            path: path.to_owned(),
            source: other.into(),
        }),
    }
}

/// The current stamp of `path`, `None` if it does not exist.
pub fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|m| stamp_of(&m))
}

impl Stamp {
    fn of_len(len: u64) -> Stamp {
        Stamp {
            len,
            modified: None,
        }
    }
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
    let prefix = temp_prefix(target);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .rand_bytes(TEMP_RANDOM_CHARS)
        .suffix(TEMP_SUFFIX);
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
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .map_err(write_err)?;
    reached(SavePoint::TempWritten);
    temp.as_file().sync_all().map_err(write_err)?;
    reached(SavePoint::TempSynced);
    Ok(PendingWrite {
        temp,
        target: target.to_owned(),
    })
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
            reached(SavePoint::BackedUp);
        }
        self.temp.persist(target).map_err(|e| NotesError::Io {
            action: "replace",
            path: target.clone(),
            source: e.error,
        })?;
        reached(SavePoint::Renamed);
        sync_dir(dir).map_err(|source| NotesError::Io {
            action: "sync the folder",
            path: dir.to_owned(),
            source,
        })?;
        reached(SavePoint::FolderSynced);
        Ok(())
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
                .prefix(&temp_prefix(target))
                .rand_bytes(TEMP_RANDOM_CHARS)
                .suffix(TEMP_SUFFIX)
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

// ---------------------------------------------------------------------------
// Temporary files left behind

/// Temporary files of a save are `.NAME.XXXXXX.tmp` beside `NAME`.
const TEMP_SUFFIX: &str = ".tmp";
/// Number of random characters in a temporary file's name.
const TEMP_RANDOM_CHARS: usize = 6;
/// A temporary file older than this is left over from a save that was
/// killed: no save takes that long.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}.",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Whether `name` is one of this notes file's temporary files: exactly
/// `.NAME.` followed by six letters or digits and `.tmp`.
fn is_own_temp_name(target: &Path, name: &str) -> bool {
    name.strip_prefix(&temp_prefix(target))
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes temporary files of `target` that killed saves left behind:
/// only regular files named like this notes file's temporary files, and
/// only those older than [`STALE_TEMP_AGE`] (a younger one may belong to a
/// save in progress by a version that does not lock). Best effort: returns
/// how many were removed.
pub fn remove_stale_temp_files(target: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(parent_dir(target)) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| is_own_temp_name(target, n)) {
            continue;
        }
        // `DirEntry::metadata` does not follow symbolic links.
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if meta.is_file() && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

// ---------------------------------------------------------------------------
// The save lock

/// The advisory lock that serialises saves of one notes file between
/// processes and windows. Dropping it removes the lock file and releases
/// the lock (the operating system releases it too if the process dies).
#[derive(Debug)]
pub struct SaveLock {
    file: File,
    path: PathBuf,
}

impl Drop for SaveLock {
    fn drop(&mut self) {
        // Removed while still locked: anyone who opened this file and now
        // gets the lock sees that the path no longer names it, and tries
        // again with a new one (see `lock`). Best effort: a lock file left
        // behind is simply used by the next save.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// The lock file cannot be created: the folder cannot be written.
    Folder(NotesError),
    /// Another process held the lock for the whole timeout, or locking failed.
    Other(NotesError),
}

/// The lock file of `target`: `.NAME.lock` beside it, there only while a
/// save runs (or after one was killed).
pub fn lock_path(target: &Path) -> PathBuf {
    target.with_file_name(format!(
        ".{}.lock",
        target.file_name().unwrap_or_default().to_string_lossy()
    ))
}

/// Takes the save lock of `target`, waiting at most `timeout` for another
/// process to release it.
pub fn lock(target: &Path, timeout: Duration) -> Result<SaveLock, LockError> {
    let path = lock_path(target);
    let io_err = |action, source| NotesError::Io {
        action,
        path: path.clone(),
        source,
    };
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) if names_file(&path, &file) => {
                reached(SavePoint::Locked);
                return Ok(SaveLock { file, path });
            }
            // The holder removed the file as it finished: lock a new one.
            Ok(()) => continue,
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(LockError::Other(io_err("lock", e)));
            }
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(LockError::Other(NotesError::Locked {
                path: target.to_owned(),
                lock: path,
                waited,
            }));
        }
        // Polling with a growing, slightly random pause: `File::lock` has
        // no timeout, and a thread blocked in it cannot be called back.
        let jitter = Duration::from_micros(fastrand::u64(0..=pause.as_micros() as u64 / 2));
        std::thread::sleep((pause + jitter).min(timeout - waited));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Opens (creating it if needed) the lock file at `path`, which must be a
/// regular file.
fn open_lock_file(path: &Path) -> Result<File, LockError> {
    let io_err = |action, source| NotesError::Io {
        action,
        path: path.to_owned(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Never wait in `open` itself, whatever the path turned out to be.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|e| LockError::Folder(io_err("create the lock file", e)))?;
    match file.metadata() {
        Ok(meta) if meta.is_file() => Ok(file),
        Ok(meta) => {
            let kind = files::FileKind::of(meta.file_type()).unwrap_or(files::FileKind::Other);
            Err(LockError::Other(io_err(
                "lock",
                ReadError::NotAFile(kind).into(),
            )))
        }
        Err(e) => Err(LockError::Other(io_err("lock", e))),
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn names_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Lock files are never removed on this platform, so the path always
/// names the file that was opened.
#[cfg(not(unix))]
fn names_file(_path: &Path, _file: &File) -> bool {
    true
}

// ---------------------------------------------------------------------------
// Stopping points, for the crash-safety test

/// The moments of a save at which the crash-safety test stops and kills
/// the saving process, in the order a save reaches them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SavePoint {
    /// The lock is taken; nothing is read or written yet.
    Locked,
    /// The temporary file is written and flushed, not synced.
    TempWritten,
    /// The temporary file is synced to disk.
    TempSynced,
    /// The current file is linked (or copied) to `NAME.bak`.
    BackedUp,
    /// The temporary file was renamed over the notes file.
    Renamed,
    /// The folder is synced: the save is durable.
    FolderSynced,
}

impl SavePoint {
    /// Every point, in the order a save reaches them.
    pub const ALL: [SavePoint; 6] = [
        SavePoint::Locked,
        SavePoint::TempWritten,
        SavePoint::TempSynced,
        SavePoint::BackedUp,
        SavePoint::Renamed,
        SavePoint::FolderSynced,
    ];

    /// The point's name, as [`STOP_AT_ENV`] takes it.
    pub fn name(self) -> &'static str {
        match self {
            SavePoint::Locked => "locked",
            SavePoint::TempWritten => "temp-written",
            SavePoint::TempSynced => "temp-synced",
            SavePoint::BackedUp => "backed-up",
            SavePoint::Renamed => "renamed",
            SavePoint::FolderSynced => "folder-synced",
        }
    }

    /// What a stopped process prints on standard error, on a line of its
    /// own, before it waits to be killed.
    pub fn stop_message(self) -> String {
        format!("reasonmap: stopped at {}", self.name())
    }
}

/// Environment variable for the crash-safety test only: when it names a
/// [`SavePoint`], a save that reaches that point prints
/// [`SavePoint::stop_message`] on standard error and then waits forever,
/// for the test to kill the process there.
pub const STOP_AT_ENV: &str = "REASONMAP_NOTES_STOP_AT";

/// Stops here for good if [`STOP_AT_ENV`] names `point`.
fn reached(point: SavePoint) {
    static STOP_AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let stop_at = STOP_AT.get_or_init(|| std::env::var(STOP_AT_ENV).ok());
    if stop_at.as_deref() == Some(point.name()) {
        let mut stderr = io::stderr().lock();
        // Nothing useful can be done if standard error is gone.
        let _ = writeln!(stderr, "{}", point.stop_message());
        let _ = stderr.flush();
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_own_temporary_names_match() {
        let target = Path::new("dir/essay.notes.ron");
        assert!(is_own_temp_name(target, ".essay.notes.ron.a1B2c3.tmp"));
        for other in [
            ".essay.notes.ron.a1B2c.tmp",
            ".essay.notes.ron.a1B2c3d.tmp",
            ".essay.notes.ron.a1-2c3.tmp",
            ".essay.notes.ron.a1B2c3.tmp.x",
            ".other.notes.ron.a1B2c3.tmp",
            "essay.notes.ron.a1B2c3.tmp",
            ".essay.notes.ron.lock",
            ".essay.notes.ron.tmp",
        ] {
            assert!(!is_own_temp_name(target, other), "{other}");
        }
    }
}
