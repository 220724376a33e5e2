//! Watching files for changes made by other programs (an editor saving the
//! map, the command line adding a note) without polling.
//!
//! The folders holding the files are watched, not the files themselves:
//! many editors save by writing a new file and renaming it over the old
//! one, which a watch on the old file would miss. Bursts of events (an
//! editor writes, renames and touches) are debounced into one
//! notification, given once the files have been quiet for
//! [`DEBOUNCE`]. Between changes nothing runs, so an open map costs no CPU.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

/// How long the files must be quiet before a change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Watches some files; reports changes to them, debounced.
pub struct FileWatcher {
    files: Vec<PathBuf>,
    changed: Arc<AtomicBool>,
    // Dropping the watcher ends the debouncing thread.
    _watcher: notify::RecommendedWatcher,
}

impl std::fmt::Debug for FileWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWatcher")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

/// Whether an event can mean that a file's content changed (reading a
/// file, which the viewer itself does on a reload, cannot).
fn may_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write)) => {
            true
        }
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl FileWatcher {
    /// Starts watching `files` (which need not exist yet: their folders
    /// must). `on_change` is called on a background thread once per burst of
    /// changes, after [`DEBOUNCE`] of quiet; [`FileWatcher::take_changed`]
    /// then returns true once.
    pub fn new(
        files: Vec<PathBuf>,
        on_change: impl Fn() + Send + 'static,
    ) -> Result<Self, notify::Error> {
        let names: BTreeSet<OsString> = files
            .iter()
            .filter_map(|f| f.file_name().map(OsString::from))
            .collect();
        let (tx, rx) = mpsc::channel::<()>();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let relevant = match event {
                    Ok(event) => {
                        may_change(&event.kind)
                            && event
                                .paths
                                .iter()
                                .any(|p| p.file_name().is_some_and(|n| names.contains(n)))
                    }
                    // Events were lost (a queue overflow): look anyway.
                    Err(_) => true,
                };
                if relevant {
                    // The receiver is gone only when the watcher is.
                    let _ = tx.send(());
                }
            })?;
        let dirs: BTreeSet<PathBuf> = files.iter().map(|f| folder_of(f)).collect();
        for dir in &dirs {
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        }
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        std::thread::Builder::new()
            .name("reasonmap-watch".to_owned())
            .spawn(move || {
                // One notification per burst: wait for the first event, then
                // for DEBOUNCE without one.
                while rx.recv().is_ok() {
                    loop {
                        match rx.recv_timeout(DEBOUNCE) {
                            Ok(()) => continue,
                            Err(mpsc::RecvTimeoutError::Timeout) => break,
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    flag.store(true, Ordering::SeqCst);
                    on_change();
                }
            })
            .map_err(notify::Error::io)?;
        Ok(Self {
            files,
            changed,
            _watcher: watcher,
        })
    }

    /// The files watched.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// True once after each reported burst of changes.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }
}

/// The folder holding `file` (the current folder for a bare file name).
fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::time::Instant;

    /// Waits until `count` stops changing for a while (at most 5 s).
    fn settled(count: &AtomicUsize) -> usize {
        let start = Instant::now();
        let mut last = count.load(Ordering::SeqCst);
        let mut quiet_since = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
            let now = count.load(Ordering::SeqCst);
            if now != last {
                last = now;
                quiet_since = Instant::now();
            } else if now > 0 && quiet_since.elapsed() > DEBOUNCE * 5 {
                break;
            }
        }
        last
    }

    fn watched(dir: &Path, names: &[&str]) -> (FileWatcher, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&count);
        let files = names.iter().map(|n| dir.join(n)).collect();
        let watcher = FileWatcher::new(files, move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .expect("watch");
        (watcher, count)
    }

    #[test]
    fn a_rename_save_is_reported_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let map = dir.path().join("essay.ron");
        std::fs::write(&map, "(title: \"one\")").expect("write");
        let (watcher, count) = watched(dir.path(), &["essay.ron", "essay.notes.ron"]);
        assert!(!watcher.take_changed());

        // As editors save: a new file beside it, written, then renamed over it.
        let temp = dir.path().join(".essay.ron.swp");
        std::fs::write(&temp, "(title: \"two\")").expect("write");
        std::fs::rename(&temp, &map).expect("rename");

        assert_eq!(settled(&count), 1, "one notification for the save");
        assert!(watcher.take_changed());
        assert!(!watcher.take_changed(), "reported once");
        assert_eq!(
            std::fs::read_to_string(&map).expect("map"),
            "(title: \"two\")"
        );
    }

    #[test]
    fn the_notes_file_is_watched_and_other_files_are_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (watcher, count) = watched(dir.path(), &["essay.ron", "essay.notes.ron"]);
        std::fs::write(dir.path().join("unrelated.txt"), "x").expect("write");
        std::thread::sleep(DEBOUNCE * 4);
        assert_eq!(count.load(Ordering::SeqCst), 0, "other files are ignored");
        assert!(!watcher.take_changed());

        std::fs::write(dir.path().join("essay.notes.ron"), "()").expect("write");
        assert_eq!(settled(&count), 1);
        assert!(watcher.take_changed());
    }
}
