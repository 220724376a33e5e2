//! Reading files that come from outside (maps, the source texts they quote,
//! notes) without ever blocking and without reading more than a limit.
//!
//! A path is read only when it names a regular file, after following
//! symbolic links. A FIFO, a device, a socket or a directory is refused at
//! once, before it is opened for reading, with an error saying what it is:
//! opening a FIFO waits for a writer that may never come, and a device such
//! as `/dev/zero` never ends. The file is then opened non-blocking and
//! checked again through the open handle, so a file swapped for a FIFO
//! between the check and the open is refused too. Its size is checked
//! against the limit before anything is read, and reading stops just past
//! the limit in case the file grows.
//!
//! A file that changes while it is read (truncated, grown, replaced or
//! deleted by another program) is read again, a few times at most, so the
//! caller gets a consistent copy, `NotFound` when it was deleted, or
//! [`ReadError::KeptChanging`].

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::path::Path;

/// What a path names when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A directory (folder).
    Directory,
    /// A FIFO (named pipe), such as one made by `mkfifo`.
    Fifo,
    /// A character device, such as `/dev/zero` or a terminal.
    CharDevice,
    /// A block device, such as a disk.
    BlockDevice,
    /// A Unix domain socket.
    Socket,
    /// Any other kind of special file.
    Other,
}

impl FileKind {
    /// The kind of a file of type `file_type`; `None` for a regular file.
    pub fn of(file_type: std::fs::FileType) -> Option<FileKind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            if file_type.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if file_type.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if file_type.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        })
    }
}

/// Why a file could not be read. The messages complete "cannot read PATH: ";
/// the callers add the path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The path names something other than a regular file.
    #[error("it is {0}, not a regular file")]
    NotAFile(FileKind),
    /// Symbolic links lead round in a circle (or too many follow each other).
    #[error("it is a symbolic link that leads back to itself (a loop of links)")]
    SymlinkLoop,
    /// The file is larger than the caller's limit.
    #[error("it is {}, more than the {} allowed", mebibytes(*size), mebibytes(*limit))]
    TooLarge {
        /// Its size in bytes (at least: reading stops past the limit).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file changed every time it was read: another program keeps
    /// writing it.
    #[error("it kept changing while it was read (another program is writing it); try again")]
    KeptChanging,
    /// What the operating system said (missing file, no permission, ...).
    #[error(transparent)]
    Io(io::Error),
}

impl ReadError {
    /// The [`ReadError`] an [`io::Error`] made by `From<ReadError>` carries.
    pub fn in_io(error: &io::Error) -> Option<&ReadError> {
        error.get_ref()?.downcast_ref::<ReadError>()
    }

    fn io_kind(&self) -> io::ErrorKind {
        match self {
            ReadError::NotAFile(FileKind::Directory) => io::ErrorKind::IsADirectory,
            ReadError::NotAFile(_) => io::ErrorKind::InvalidInput,
            ReadError::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            ReadError::SymlinkLoop | ReadError::KeptChanging => io::ErrorKind::Other,
            ReadError::Io(e) => e.kind(),
        }
    }
}

impl From<ReadError> for io::Error {
    /// An OS error stays as it was; any other becomes an [`io::Error`] of a
    /// fitting kind that carries it (see [`ReadError::in_io`]).
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Io(e) => e,
            other => io::Error::new(other.io_kind(), other),
        }
    }
}

/// Sizes as people read them: `64 MiB`, `70.5 MiB`, or the exact number
/// of bytes when rounding would hide that it is not a whole MiB.
pub(crate) fn mebibytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        return format!("{} MiB", bytes / MIB);
    }
    let rounded = format!("{:.1} MiB", bytes as f64 / MIB as f64);
    if rounded.ends_with(".0 MiB") {
        format!("{bytes} bytes")
    } else {
        rounded
    }
}

/// How many times a file that changes while it is read is read again.
const ATTEMPTS: usize = 3;

/// Bytes are read (and progress reported) in pieces of this size.
const CHUNK: usize = 1024 * 1024;

/// Reads the regular file at `path` whole, refusing anything that is not a
/// regular file and any file larger than `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_file_with_progress(path, limit, &mut |_, _| {})
}

/// [`read_file`], calling `progress(read, total)` before reading and after
/// every piece of up to a mebibyte, with the bytes read so far and the
/// file's size.
pub fn read_file_with_progress(
    path: &Path,
    limit: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<u8>, ReadError> {
    for _ in 0..ATTEMPTS {
        if let Some(bytes) = read_once(path, limit, progress)? {
            return Ok(bytes);
        }
    }
    Err(ReadError::KeptChanging)
}

/// Checks `path` without opening it: a regular file within `limit`, or
/// the error [`read_file`] would give. Never blocks on a FIFO.
pub fn check_regular(path: &Path, limit: u64) -> Result<Metadata, ReadError> {
    let meta = std::fs::metadata(path).map_err(os_error)?;
    if let Some(kind) = FileKind::of(meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta)
}

/// One attempt: the bytes, or `None` when the file changed while it was
/// read.
fn read_once(
    path: &Path,
    limit: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Option<Vec<u8>>, ReadError> {
    check_regular(path, limit)?;
    let file = open_nonblocking(path).map_err(os_error)?;
    // The path may have been swapped for something else since the check.
    let before = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = FileKind::of(before.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    let size = before.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut reader = (&file).take(limit + 1);
    progress(0, size);
    loop {
        let read = (&mut reader)
            .take(CHUNK as u64)
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        progress(bytes.len() as u64, size);
        if read < CHUNK {
            break;
        }
    }
    let after = file.metadata().map_err(ReadError::Io)?;
    // Files in /proc and the like report a size of 0 and still have
    // contents; for them only the modification time can tell.
    let same_size = size == 0 || (bytes.len() as u64 == size && after.len() == size);
    let unchanged = same_size && after.modified().ok() == before.modified().ok();
    Ok((unchanged && still_at(path, &before)?).then_some(bytes))
}

/// Whether `path` still names the file that was opened (it was not
/// deleted or replaced meanwhile).
fn still_at(path: &Path, opened: &Metadata) -> Result<bool, ReadError> {
    let now = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // Deleted: the next attempt says so.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(os_error(e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        Ok(now.dev() == opened.dev() && now.ino() == opened.ino())
    }
    #[cfg(not(unix))]
    {
        Ok(now.len() == opened.len() && now.modified().ok() == opened.modified().ok())
    }
}

/// Opens `path` for reading without waiting: a FIFO without a writer or a
/// terminal would otherwise block the open itself.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// An OS error, with a loop of symbolic links named as such.
fn os_error(error: io::Error) -> ReadError {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ELOOP) {
        return ReadError::SymlinkLoop;
    }
    ReadError::Io(error)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(mebibytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(mebibytes(70 * 1024 * 1024 + 512 * 1024), "70.5 MiB");
        assert_eq!(mebibytes(64 * 1024 * 1024 + 1), "67108865 bytes");
    }

    #[test]
    fn a_file_is_read_whole_with_progress() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let data: Vec<u8> = (0..CHUNK * 2 + 10).map(|i| i as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let mut calls = Vec::new();
        let read =
            read_file_with_progress(&path, 1 << 30, &mut |done, total| calls.push((done, total)))
                .unwrap();
        assert_eq!(read, data);
        let total = data.len() as u64;
        assert_eq!(
            calls,
            vec![
                (0, total),
                (CHUNK as u64, total),
                (2 * CHUNK as u64, total),
                (total, total)
            ]
        );
    }

    #[test]
    fn limits_are_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let err = read_file(&path, 9).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { size: 10, limit: 9 }),
            "{err:?}"
        );
        assert_eq!(read_file(&path, 10).unwrap(), b"0123456789");
    }
}
