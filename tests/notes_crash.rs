//! Crash safety of saving notes: the real `reasonmap notes --add` process is
//! killed (SIGKILL) at random moments, many times over, on a notes file
//! large enough that saving takes a while. After every kill the notes file
//! must still load, and hold every note whose adding process had finished
//! successfully before.
//!
//! Writing half a megabyte takes well under a millisecond, too short a
//! window to hit by chance, so the processes run with
//! `REASONMAP_NOTES_SLOW_WRITE_MS`, which pauses after each 64 KiB written:
//! a save that wrote the notes file in place would then be caught half
//! written.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use reasonmap::notes::{NoteStore, SLOW_WRITE_ENV, StoreOptions, backup_path};

const MAP: &str = r#"(
    title: "Test map",
    conclusion: "c1",
    claims: [
        (id: "c1", text: "The conclusion."),
        (id: "c2", text: "A reason."),
    ],
    arguments: [
        (id: "a1", premises: ["c2"], target: "c1", kind: Support),
    ],
)
"#;

/// Notes written before the kills start, so each save has work to do.
const PRELOADED_NOTES: usize = 2000;
const ITERATIONS: usize = 120;

fn options(data: &Path) -> StoreOptions {
    StoreOptions {
        data_dir: Some(data.to_owned()),
    }
}

/// Opens the notes of `map` and insists that they loaded cleanly.
fn load(map: &Path, data: &Path) -> NoteStore {
    let (store, warnings) = NoteStore::open_with(map, ["c1", "c2"], options(data));
    assert!(
        warnings.is_empty(),
        "notes did not load cleanly: {}",
        warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    store
}

fn add_command(dir: &Path, data: &Path, text: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reasonmap"));
    command
        .args(["notes", "essay.ron", "--add", "c1", text])
        .current_dir(dir)
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .env(SLOW_WRITE_ENV, "4")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Removes temporary files that killed saves left behind (they are never
/// read; this only keeps the test's disk use down).
fn remove_leftover_temp_files(dir: &Path) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            fs::remove_file(dir.join(&name)).unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn killing_a_save_at_any_moment_never_loses_a_finished_note() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let map = dir.path().join("essay.ron");
    fs::write(&map, MAP).unwrap();
    let map_bytes = fs::read(&map).unwrap();

    let mut store = load(&map, data.path());
    for i in 0..PRELOADED_NOTES {
        let claim = if i % 2 == 0 { "c1" } else { "c2" };
        let text = format!("Preloaded note {i}.\nIt has a second line, to make the file larger.");
        store.add(claim, &text).unwrap();
    }
    store.save().unwrap();
    drop(store);

    // How long loading takes (a listing) and a whole add, to aim the kills
    // at the save, which comes last.
    let timed = |command: &mut Command| {
        let started = Instant::now();
        assert!(command.status().unwrap().success());
        started.elapsed()
    };
    let mut listing = Command::new(env!("CARGO_BIN_EXE_reasonmap"));
    listing
        .args(["notes", "essay.ron"])
        .current_dir(dir.path())
        .stdout(Stdio::null());
    let loading = timed(&mut listing);
    let full = timed(&mut add_command(dir.path(), data.path(), "calibration"));
    let earliest = loading.mul_f64(0.8);
    let latest = full.mul_f64(1.1).max(earliest + Duration::from_millis(1));
    let mut checking = Duration::ZERO;

    let mut rng = ChaCha8Rng::seed_from_u64(20261125);
    let mut finished: Vec<String> = vec!["calibration".to_owned()];
    let (mut killed, mut leftovers) = (0, 0);
    for i in 0..ITERATIONS {
        let text = format!("crash test note {i}");
        let mut child = add_command(dir.path(), data.path(), &text).spawn().unwrap();
        // Mostly during the save, sometimes after the process finished.
        std::thread::sleep(rng.random_range(earliest..latest));
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "iteration {i}: {status}");
                finished.push(text);
            }
            None => {
                child.kill().unwrap();
                let status = child.wait().unwrap();
                if status.success() {
                    // It finished between the check and the kill.
                    finished.push(text);
                } else {
                    killed += 1;
                }
            }
        }

        let check_started = Instant::now();
        let store = load(&map, data.path());
        let texts: Vec<&str> = store
            .notes_for("c1")
            .into_iter()
            .map(|n| n.text.as_str())
            .collect();
        for expected in &finished {
            assert!(
                texts.contains(&expected.as_str()),
                "iteration {i}: {expected:?} was lost"
            );
        }
        assert!(
            store.len() >= PRELOADED_NOTES + finished.len(),
            "iteration {i}"
        );
        // The backup, when there is one, is a complete notes file too.
        let bak = backup_path(&dir.path().join("essay.notes.ron"));
        if i % 10 == 0 && bak.exists() {
            fs::copy(&bak, scratch.path().join("essay.notes.ron")).unwrap();
            let backup = load(&scratch.path().join("essay.ron"), data.path());
            assert!(backup.len() >= PRELOADED_NOTES, "iteration {i}");
        }
        leftovers += remove_leftover_temp_files(dir.path());
        checking += check_started.elapsed();
    }
    eprintln!(
        "{ITERATIONS} runs (loading {loading:?}, whole add {full:?}): {killed} killed, {} finished, \
         {leftovers} temporary files left by kills; checking took {checking:?}",
        finished.len() - 1
    );
    // The kills must have hit running processes, and some runs finished.
    assert!(killed >= ITERATIONS / 4, "only {killed} kills landed");
    assert!(finished.len() > 1);
    assert_eq!(fs::read(&map).unwrap(), map_bytes);
    // Nothing went to the data folder: the map's folder is writable.
    assert!(fs::read_dir(data.path()).unwrap().next().is_none());
}
