//! Notes under many writers at once: N `reasonmap notes --add` processes
//! started together on one map (N = 2, 8, 32) lose no acknowledged note,
//! and a writer that cannot get the notes file's lock in time fails
//! loudly, writing nothing.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use reasonmap::notes::{NoteStore, StoreOptions, lock_path};

const MAP: &str = include_str!("fixtures/notes/map.ron");

fn map_in(dir: &Path) -> PathBuf {
    let map = dir.join("essay.ron");
    fs::write(&map, MAP).unwrap();
    map
}

fn add_command(dir: &Path, text: &str, lock_timeout: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reasonmap"));
    command
        .args(["notes", "essay.ron", "--add", "c1", text])
        .args(["--lock-timeout", lock_timeout])
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("HOME", dir.join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The texts of the notes in the map's notes file.
fn saved_texts(map: &Path) -> Vec<String> {
    let options = StoreOptions::with_data_dir(None);
    let (store, warnings) = NoteStore::open_with(map, ["c1", "c2"], options);
    assert!(
        warnings.is_empty(),
        "{:?}",
        warnings.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    store
        .all_notes()
        .into_iter()
        .map(|n| n.text.clone())
        .collect()
}

/// Starts `n` writers at once, waits for all, and checks that every note
/// a writer acknowledged is in the file and nothing else is.
fn writers_at_once(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let map = map_in(dir.path());
    let children: Vec<_> = (0..n)
        .map(|i| {
            let text = format!("writer {i} of {n}");
            // Generous: on a loaded machine 32 saves in a row may take a
            // while; the timeout itself is tested below.
            let child = add_command(dir.path(), &text, "120").spawn().unwrap();
            (text, child)
        })
        .collect();
    let mut acknowledged = Vec::new();
    for (text, child) in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{text}: {}: {stderr}", out.status);
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with("Added note"),
            "{text}"
        );
        acknowledged.push(text);
    }
    let mut saved = saved_texts(&map);
    saved.sort();
    acknowledged.sort();
    assert_eq!(
        saved, acknowledged,
        "{n} writers: notes were lost or invented"
    );
    // No lock file or temporary file is left once every save finished.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["essay.notes.ron", "essay.notes.ron.bak", "essay.ron"]
    );
}

#[test]
fn two_writers_at_once_lose_nothing() {
    writers_at_once(2);
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    writers_at_once(8);
}

#[test]
fn thirty_two_writers_at_once_lose_nothing() {
    writers_at_once(32);
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_fails_loudly() {
    let dir = tempfile::tempdir().unwrap();
    let map = map_in(dir.path());
    let notes = dir.path().join("essay.notes.ron");
    // Another program is saving: it holds the lock.
    let lock = fs::File::create(lock_path(&notes)).unwrap();
    lock.lock().unwrap();
    let out: Output = add_command(dir.path(), "waited too long", "0.3")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot save essay.notes.ron: another program has been saving it")
            && stderr.contains("still holds its lock")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "an unsaved note was acknowledged");
    assert!(!notes.exists(), "something was written");

    // Once the other save is done, the same command goes through.
    drop(lock);
    let out = add_command(dir.path(), "now it works", "0.3")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(saved_texts(&map), ["now it works"]);
}
