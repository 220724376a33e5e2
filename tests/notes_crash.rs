//! Crash safety of saving notes. The real `reasonmap notes --add` process
//! is stopped at each named point of its save (`REASONMAP_NOTES_STOP_AT`:
//! after taking the lock, after writing the temporary file, after syncing
//! it, after the backup, after the rename, after syncing the folder) and
//! killed there with SIGKILL: every point, several times, in every run.
//!
//! After each kill the notes file must still load cleanly and hold every
//! note acknowledged before; killed before the rename it must be byte for
//! byte the old file, after it the new one. The lock a killed process held
//! must not stop the next save, and the temporary files kills leave behind
//! must be removed by a later successful save once they are older than a
//! minute, and only those.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use reasonmap::notes::{
    NoteStore, STALE_TEMP_AGE, STOP_AT_ENV, SavePoint, StoreOptions, backup_path,
};

const MAP: &str = include_str!("fixtures/notes/map.ron");

/// Notes written before the kills start, so each save has a file to back
/// up and replace.
const PRELOADED_NOTES: usize = 200;
/// How many times every point is visited.
const ROUNDS: usize = 3;
/// How long a child may take to reach its point. Only a broken save (one
/// that never gets there) waits this long; the test then fails.
const REACH_TIMEOUT: Duration = Duration::from_secs(60);

struct Fixture {
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let fx = Fixture {
            dir: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        };
        fs::write(fx.map(), MAP).unwrap();
        fx
    }

    fn map(&self) -> PathBuf {
        self.dir.path().join("essay.ron")
    }

    fn notes_file(&self) -> PathBuf {
        self.dir.path().join("essay.notes.ron")
    }

    /// The notes, insisting that they load without a warning.
    fn load(&self) -> NoteStore {
        load_notes(&self.map(), self.data.path())
    }

    /// `reasonmap notes essay.ron --add c1 TEXT`.
    fn add(&self, text: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_reasonmap"));
        command
            .args(["notes", "essay.ron", "--add", "c1", text])
            .current_dir(self.dir.path())
            .env("XDG_DATA_HOME", self.data.path())
            .env("HOME", self.data.path())
            .env_remove(STOP_AT_ENV)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    }

    /// The save's temporary files in the map's folder.
    fn temp_files(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with(".essay.notes.ron.") && name.ends_with(".tmp")
            })
            .collect();
        found.sort();
        found
    }
}

fn load_notes(map: &Path, data: &Path) -> NoteStore {
    let options = StoreOptions::with_data_dir(Some(data.to_owned()));
    let (store, warnings) = NoteStore::open_with(map, ["c1", "c2"], options);
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.is_empty(),
        "notes did not load cleanly: {warnings:?}"
    );
    store
}

fn texts(store: &NoteStore) -> Vec<String> {
    store
        .all_notes()
        .into_iter()
        .map(|n| n.text.clone())
        .collect()
}

/// Waits until `child` says it stopped at `point`, then kills it there.
fn kill_at(mut child: Child, point: SavePoint) {
    let stderr = child.stderr.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    let expected = point.stop_message();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line == expected {
                let _ = sender.send(Ok(()));
                return;
            }
            said.push(line);
        }
        let _ = sender.send(Err(said));
    });
    match receiver.recv_timeout(REACH_TIMEOUT) {
        Ok(Ok(())) => {}
        other => {
            let _ = child.kill();
            let status = child.wait().unwrap();
            panic!(
                "the save never stopped at {}: {other:?}, {status}",
                point.name()
            );
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "{}: the child finished instead of being killed",
        point.name()
    );
}

#[test]
fn killing_a_save_at_every_point_never_loses_a_finished_note() {
    let fx = Fixture::new();
    let map_bytes = fs::read(fx.map()).unwrap();
    let mut store = fx.load();
    let mut acknowledged: Vec<String> = Vec::new();
    for i in 0..PRELOADED_NOTES {
        let text = format!("Preloaded note {i}.\nIt has a second line.");
        store
            .add(if i % 2 == 0 { "c1" } else { "c2" }, &text)
            .unwrap();
        acknowledged.push(text);
    }
    store.save().unwrap();
    drop(store);

    let mut visits = Vec::new();
    for round in 0..ROUNDS {
        for point in SavePoint::ALL {
            let before = fs::read(fx.notes_file()).unwrap();
            let temps_before = fx.temp_files();
            let text = format!("killed at {} in round {round}", point.name());
            let child = fx
                .add(&text)
                .env(STOP_AT_ENV, point.name())
                .spawn()
                .unwrap();
            kill_at(child, point);
            visits.push(point);

            let after = fs::read(fx.notes_file()).unwrap();
            let store = fx.load();
            let now = texts(&store);
            for note in &acknowledged {
                assert!(now.contains(note), "{}: {note:?} was lost", point.name());
            }
            let renamed = matches!(point, SavePoint::Renamed | SavePoint::FolderSynced);
            if renamed {
                // The new file is in place: the note is durable although
                // its process never said so.
                assert!(
                    now.contains(&text),
                    "{}: the new file is not in place",
                    point.name()
                );
                acknowledged.push(text);
            } else {
                assert_eq!(
                    after,
                    before,
                    "{}: the notes file changed before the rename",
                    point.name()
                );
            }
            if point == SavePoint::BackedUp {
                let bak = fs::read(backup_path(&fx.notes_file())).unwrap();
                assert_eq!(bak, before, "the backup is not the previous version");
            }
            // A kill between writing the temporary file and renaming it
            // leaves that file behind, and only then.
            let left = fx.temp_files().len() - temps_before.len();
            let expect_left = matches!(
                point,
                SavePoint::TempWritten | SavePoint::TempSynced | SavePoint::BackedUp
            );
            assert_eq!(left, usize::from(expect_left), "{}", point.name());
        }
    }
    for point in SavePoint::ALL {
        let n = visits.iter().filter(|&&p| p == point).count();
        assert_eq!(n, ROUNDS, "{} was visited {n} times", point.name());
    }

    // The locks killed processes held are gone with them: a save goes
    // through, and leaves the young temporary files alone.
    let leftovers = fx.temp_files();
    assert_eq!(leftovers.len(), 3 * ROUNDS);
    let output = fx.add("after the kills").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    acknowledged.push("after the kills".to_owned());
    assert_eq!(
        fx.temp_files(),
        leftovers,
        "young temporary files were removed"
    );

    // Once older than a minute they are removed by the next save; other
    // files that only look alike stay.
    let decoys = [
        ".essay.notes.ron.abcdefg.tmp",
        ".essay.notes.ron.abc-ef.tmp",
        ".other.notes.ron.abcdef.tmp",
        "essay.notes.ron.abcdef.tmp",
    ];
    for decoy in decoys {
        fs::write(fx.dir.path().join(decoy), "not ours").unwrap();
    }
    let old = SystemTime::now() - STALE_TEMP_AGE - Duration::from_secs(60);
    for path in leftovers.iter().chain(
        decoys
            .iter()
            .map(|d| fx.dir.path().join(d))
            .collect::<Vec<_>>()
            .iter(),
    ) {
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let output = fx.add("cleaning up").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    acknowledged.push("cleaning up".to_owned());
    let remaining: Vec<PathBuf> = fx.temp_files();
    assert_eq!(
        remaining,
        vec![
            fx.dir.path().join(".essay.notes.ron.abc-ef.tmp"),
            fx.dir.path().join(".essay.notes.ron.abcdefg.tmp")
        ],
        "stale temporary files stayed, or look-alikes were removed"
    );
    for decoy in decoys {
        assert!(fx.dir.path().join(decoy).exists(), "{decoy} was removed");
    }

    let store = fx.load();
    let now = texts(&store);
    for note in &acknowledged {
        assert!(now.contains(note), "{note:?} was lost");
    }
    assert_eq!(store.len(), acknowledged.len());
    assert_eq!(
        fs::read(fx.map()).unwrap(),
        map_bytes,
        "the map was written"
    );
    // Nothing went to the data folder: the map's folder is writable.
    assert!(fs::read_dir(fx.data.path()).unwrap().next().is_none());
}
