//! The note store through its public API: the sidecar format, atomic saves
//! and backups, unwritable folders, concurrent windows, orphans, undo.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use reasonmap::evaluation::Mark;
use reasonmap::notes::{
    CommandKind, ConflictKind, LocationKind, MarkConflict, Note, NoteStore, NotesError,
    NotesWarning, StoreOptions, backup_path, sidecar_path,
};

/// A three-claim map: c1 supported by c2 and by c3.
const MAP: &str = include_str!("fixtures/notes/map.ron");

const CLAIMS: [&str; 3] = ["c1", "c2", "c3"];

/// A map in a temporary folder, and a separate data folder.
struct Fixture {
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("essay.ron"), MAP).unwrap();
        Fixture {
            dir,
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn map(&self) -> PathBuf {
        self.dir.path().join("essay.ron")
    }

    fn notes_file(&self) -> PathBuf {
        self.dir.path().join("essay.notes.ron")
    }

    fn options(&self) -> StoreOptions {
        StoreOptions::with_data_dir(Some(self.data.path().to_owned()))
    }

    fn open(&self) -> (NoteStore, Vec<NotesWarning>) {
        NoteStore::open_with(&self.map(), CLAIMS, self.options())
    }

    fn open_clean(&self) -> NoteStore {
        let (store, warnings) = self.open();
        assert!(warnings.is_empty(), "{warnings:?}");
        store
    }

    /// Names of the files in the map's folder, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn texts(notes: &[&Note]) -> Vec<String> {
    notes.iter().map(|n| n.text.clone()).collect()
}

fn owned(notes: Vec<&Note>) -> Vec<Note> {
    notes.into_iter().cloned().collect()
}

#[test]
fn the_sidecar_round_trips() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    assert_eq!(store.location().kind, LocationKind::BesideMap);
    assert_eq!(store.location().path, fx.notes_file());
    let tricky = [
        "Plain.",
        "Two lines\nand a \"quote\"",
        r###"A backslash \n and "# raw-string ends "## too"###,
        "Unicode: ½ — 東京 — 🙂\ttab\r\nCRLF line",
        "  leading and trailing spaces  ",
    ];
    let mut ids = Vec::new();
    for (i, text) in tricky.iter().enumerate() {
        ids.push(store.add(CLAIMS[i % 3], text).unwrap());
    }
    store.edit(&ids[0], "Plain, edited.").unwrap();
    store.move_note(&ids[1], "c3").unwrap();
    assert!(store.is_dirty());
    let outcome = store.save().unwrap();
    assert!(outcome.written);
    assert!(outcome.merge.is_none());
    assert_eq!(outcome.location.path, fx.notes_file());
    assert!(!store.is_dirty());

    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(text.contains("version: 1"), "{text}");
    assert!(text.contains("\"c3\": ["), "{text}");
    // Multi-line text is written as is, not escaped.
    assert!(text.contains("Two lines\nand a \"quote\""), "{text}");

    let reopened = fx.open_clean();
    assert_eq!(owned(reopened.all_notes()), owned(store.all_notes()));
    assert_eq!(reopened.len(), 5);
    let edited = reopened.note(&ids[0]).unwrap();
    assert_eq!(edited.text, "Plain, edited.");
    assert!(edited.was_edited());
    assert_eq!(reopened.note(&ids[1]).unwrap().claim, "c3");
    // The map's folder holds the map and its notes, nothing else.
    assert_eq!(fx.files(), ["essay.notes.ron", "essay.ron"]);
}

#[test]
fn notes_per_claim_are_sorted_by_creation_and_counted() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    for text in ["first", "second", "third"] {
        store.add("c2", text).unwrap();
    }
    store.add("c1", "elsewhere").unwrap();
    assert_eq!(texts(&store.notes_for("c2")), ["first", "second", "third"]);
    assert_eq!(store.count_for("c2"), 3);
    assert_eq!(store.count_for("c3"), 0);
    let counts: Vec<(&str, usize)> = store.counts().into_iter().collect();
    assert_eq!(counts, [("c1", 1), ("c2", 3)]);
    store.save().unwrap();
    let reopened = fx.open_clean();
    assert_eq!(
        texts(&reopened.notes_for("c2")),
        ["first", "second", "third"]
    );
}

#[test]
fn invalid_edits_are_refused_with_clear_errors() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    let err = store.add("nope", "text").unwrap_err();
    assert!(matches!(err, NotesError::UnknownClaim { .. }));
    assert!(
        err.to_string().contains("no claim with id \"nope\""),
        "{err}"
    );
    assert!(err.to_string().contains("essay.ron"), "{err}");
    let err = store.add("c1", "  \n ").unwrap_err();
    assert!(err.to_string().contains("cannot be empty"), "{err}");
    let id = store.add("c1", "fine").unwrap();
    let err = store.move_note(&id, "missing").unwrap_err();
    assert!(err.to_string().contains("\"missing\""), "{err}");
    store.delete(&id).unwrap();
    let err = store.edit(&id, "gone").unwrap_err();
    assert!(
        err.to_string().contains(&format!("no note with id {id}")),
        "{err}"
    );
    assert!(store.is_empty());
}

#[test]
fn undo_and_redo_every_edit() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    assert!(!store.can_undo() && !store.can_redo());
    let id = store.add("c1", "original").unwrap();
    store.edit(&id, "changed").unwrap();
    store.move_note(&id, "c2").unwrap();
    let other = store.add("c3", "second note").unwrap();
    store.delete(&other).unwrap();
    assert_eq!(store.undo_kind().map(|k| k.label()), Some("delete note"));

    store.undo(); // the delete
    assert_eq!(store.note(&other).unwrap().text, "second note");
    store.undo(); // the second add
    assert!(store.note(&other).is_none());
    store.undo(); // the move
    assert_eq!(store.note(&id).unwrap().claim, "c1");
    store.undo(); // the edit
    assert_eq!(store.note(&id).unwrap().text, "original");
    store.undo(); // the add
    assert!(store.is_empty());
    assert!(!store.can_undo());
    assert!(!store.is_dirty(), "back to the state as opened");
    assert_eq!(store.undo(), None);

    assert_eq!(store.redo_kind().map(|k| k.label()), Some("add note"));
    store.redo();
    store.redo();
    assert_eq!(store.note(&id).unwrap().text, "changed");
    assert!(store.is_dirty());
    // A new edit clears what could be redone.
    store.edit(&id, "third version").unwrap();
    assert!(!store.can_redo());

    store.save().unwrap();
    assert!(!store.is_dirty());
    store.undo();
    assert!(
        store.is_dirty(),
        "undoing past a save makes the store dirty"
    );
    assert_eq!(store.note(&id).unwrap().text, "changed");
    store.save().unwrap();
    let reopened = fx.open_clean();
    assert_eq!(reopened.note(&id).unwrap().text, "changed");
}

#[test]
fn a_save_keeps_the_previous_version_as_bak() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "version one").unwrap();
    store.save().unwrap();
    assert!(
        !backup_path(&fx.notes_file()).exists(),
        "no backup of nothing"
    );
    let first = fs::read(fx.notes_file()).unwrap();
    store.add("c2", "version two").unwrap();
    store.save().unwrap();
    let second = fs::read(fx.notes_file()).unwrap();
    assert_ne!(first, second);
    assert_eq!(fs::read(backup_path(&fx.notes_file())).unwrap(), first);
    store.add("c3", "version three").unwrap();
    store.save().unwrap();
    assert_eq!(fs::read(backup_path(&fx.notes_file())).unwrap(), second);
    assert_eq!(
        fx.files(),
        ["essay.notes.ron", "essay.notes.ron.bak", "essay.ron"]
    );
}

#[test]
fn saving_nothing_creates_no_file() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    let outcome = store.save().unwrap();
    assert!(!outcome.written);
    let id = store.add("c1", "short-lived").unwrap();
    store.delete(&id).unwrap();
    store.save().unwrap();
    assert_eq!(fx.files(), ["essay.ron"]);
}

#[test]
fn a_corrupt_sidecar_is_reported_with_its_position_and_moved_aside() {
    let fx = Fixture::new();
    let corrupt = "(\n    version: 1,\n    notes: { \"c1\": [ (id: \"n1\", text: oops) ] },\n)\n";
    fs::write(fx.notes_file(), corrupt).unwrap();
    let (mut store, warnings) = fx.open();
    assert!(store.is_empty(), "the map opens with no notes");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let message = warnings[0].to_string();
    assert!(message.contains("essay.notes.ron:3:"), "{message}");
    let NotesWarning::Unreadable { error, moved_to } = &warnings[0] else {
        panic!("{message}")
    };
    let NotesError::Parse { line, column, .. } = error else {
        panic!("{error}")
    };
    assert_eq!((*line, *column), (3, 38));
    let aside = moved_to.as_ref().unwrap().clone();
    let aside_name = aside.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        aside_name.starts_with("essay.notes.ron.corrupt-"),
        "{aside_name}"
    );
    assert!(message.contains(&aside_name), "{message}");
    assert_eq!(fs::read_to_string(&aside).unwrap(), corrupt);

    // The next save writes a new file and leaves the corrupt one alone.
    store.add("c1", "a fresh note").unwrap();
    store.save().unwrap();
    assert_eq!(fs::read_to_string(&aside).unwrap(), corrupt);
    assert_eq!(fx.open_clean().len(), 1);
}

#[test]
fn unreadable_files_of_every_kind_are_moved_aside() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("newer", b"(version: 7, notes: {}, colour: \"red\")".to_vec(), "format version 7"),
        ("binary", vec![b'(', 0xff, 0xfe, b')'], "not UTF-8"),
        (
            "duplicate",
            br#"(version: 1, notes: {
                "c1": [(id: "n1", text: "a", created: "2026-01-01T00:00:00Z", edited: "2026-01-01T00:00:00Z")],
                "c2": [(id: "n1", text: "b", created: "2026-01-01T00:00:00Z", edited: "2026-01-01T00:00:00Z")],
            })"#
            .to_vec(),
            "n1 appears more than once",
        ),
        ("empty", Vec::new(), "essay.notes.ron:1:1"),
    ];
    for (name, bytes, expected) in cases {
        let fx = Fixture::new();
        fs::write(fx.notes_file(), &bytes).unwrap();
        let (store, warnings) = fx.open();
        assert!(store.is_empty(), "{name}");
        let message = warnings
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains("essay.notes.ron"), "{name}: {message}");
        assert!(!fx.notes_file().exists(), "{name}: moved aside");
        let aside: Vec<String> = fx
            .files()
            .into_iter()
            .filter(|f| f.contains("corrupt"))
            .collect();
        assert_eq!(aside.len(), 1, "{name}");
        assert_eq!(
            fs::read(fx.dir.path().join(&aside[0])).unwrap(),
            bytes,
            "{name}"
        );
    }
}

#[test]
fn a_file_over_64_mib_is_refused_unread() {
    let fx = Fixture::new();
    let file = fs::File::create(fx.notes_file()).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap(); // sparse: no disk used
    drop(file);
    let (store, warnings) = fx.open();
    assert!(store.is_empty());
    let message = warnings[0].to_string();
    assert!(message.contains("too large"), "{message}");
    assert!(message.contains("essay.notes.ron"), "{message}");
}

/// Whether file permissions are enforced for this process (they are not
/// for root).
fn permissions_enforced(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let created = fs::write(&probe, "x").is_ok();
    let _ = fs::remove_file(&probe);
    !created
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// A map path whose folder cannot be written: a folder made read-only,
/// or, where permissions are not enforced (root), a path whose parent is a
/// file, so no file can be created beside the map.
fn unwritable_map_path(fx: &Fixture) -> PathBuf {
    let ro = fx.dir.path().join("read-only");
    fs::create_dir(&ro).unwrap();
    fs::write(ro.join("essay.ron"), MAP).unwrap();
    #[cfg(unix)]
    {
        set_mode(&ro, 0o555);
        if permissions_enforced(&ro) {
            return ro.join("essay.ron");
        }
        set_mode(&ro, 0o755);
    }
    let file = fx.dir.path().join("not-a-folder");
    fs::write(&file, "a file").unwrap();
    file.join("essay.ron")
}

#[test]
fn an_unwritable_map_folder_sends_notes_to_the_data_folder() {
    let fx = Fixture::new();
    let map = unwritable_map_path(&fx);
    let (mut store, warnings) = NoteStore::open_with(&map, CLAIMS, fx.options());
    assert!(warnings.is_empty(), "{warnings:?}");
    store.add("c1", "kept elsewhere").unwrap();
    let outcome = store.save().unwrap();
    assert!(outcome.fell_back);
    assert_eq!(outcome.location.kind, LocationKind::DataFolder);
    assert!(outcome.location.path.starts_with(fx.data.path()));
    assert_eq!(store.location(), &outcome.location);
    assert!(outcome.location.describe().contains("cannot be written"));
    let saved = fs::read_to_string(&outcome.location.path).unwrap();
    assert!(saved.contains("kept elsewhere"));
    assert!(saved.contains("map: Some("), "the map is named: {saved}");
    assert!(!sidecar_path(&map).exists());

    // Reopening finds them there.
    let (reopened, warnings) = NoteStore::open_with(&map, CLAIMS, fx.options());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(reopened.location().kind, LocationKind::DataFolder);
    assert_eq!(texts(&reopened.notes_for("c1")), ["kept elsewhere"]);

    // Another map with the same name elsewhere does not share the file.
    let other = tempfile::tempdir().unwrap();
    let other_map = other.path().join("essay.ron");
    let other_store = NoteStore::open_with(&other_map, CLAIMS, fx.options()).0;
    assert!(other_store.is_empty());
    #[cfg(unix)]
    if let Some(parent) = map.parent().filter(|p| p.is_dir()) {
        set_mode(parent, 0o755);
    }
}

#[test]
fn with_nowhere_to_write_the_save_fails_and_changes_nothing() {
    let fx = Fixture::new();
    let map = unwritable_map_path(&fx);
    let blocker = fx.data.path().join("file");
    fs::write(&blocker, "a file").unwrap();
    let options = StoreOptions::with_data_dir(Some(blocker.join("data")));
    let (mut store, _) = NoteStore::open_with(&map, CLAIMS, options);
    store.add("c1", "nowhere to go").unwrap();
    let err = store.save().unwrap_err();
    assert!(
        err.to_string().contains("cannot create the folder"),
        "{err}"
    );
    assert!(
        err.to_string().contains("not-a-folder") || err.to_string().contains("file"),
        "{err}"
    );
    assert!(store.is_dirty(), "the note is still unsaved");
    #[cfg(unix)]
    if let Some(parent) = map.parent().filter(|p| p.is_dir()) {
        set_mode(parent, 0o755);
    }
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "saved").unwrap();
    store.save().unwrap();
    let before = fs::read(fx.notes_file()).unwrap();
    // The backup cannot be made: its name is taken by a non-empty folder.
    let bak = backup_path(&fx.notes_file());
    fs::create_dir(&bak).unwrap();
    fs::write(bak.join("keep"), "x").unwrap();
    store.add("c2", "not saved").unwrap();
    let err = store.save().unwrap_err();
    assert!(err.to_string().contains("essay.notes.ron.bak"), "{err}");
    assert_eq!(fs::read(fx.notes_file()).unwrap(), before);
    assert!(store.is_dirty());
    // No temporary file is left behind.
    assert_eq!(
        fx.files(),
        ["essay.notes.ron", "essay.notes.ron.bak", "essay.ron"]
    );
    fs::remove_dir_all(&bak).unwrap();
    store.save().unwrap();
    assert_eq!(fx.open_clean().len(), 2);
}

#[cfg(unix)]
#[test]
fn an_existing_notes_file_in_a_read_only_folder_is_not_abandoned() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "saved").unwrap();
    store.save().unwrap();
    let before = fs::read(fx.notes_file()).unwrap();
    set_mode(fx.dir.path(), 0o555);
    if !permissions_enforced(fx.dir.path()) {
        // Root writes anyway; the .bak test above covers a failing save.
        set_mode(fx.dir.path(), 0o755);
        return;
    }
    store.add("c2", "not saved").unwrap();
    let err = store.save().unwrap_err();
    set_mode(fx.dir.path(), 0o755);
    assert!(err.to_string().contains("cannot create a file in"), "{err}");
    assert_eq!(fs::read(fx.notes_file()).unwrap(), before);
    assert!(fs::read_dir(fx.data.path()).unwrap().next().is_none());
}

#[test]
fn two_windows_editing_at_once_lose_no_note() {
    let fx = Fixture::new();
    let mut setup = fx.open_clean();
    let kept = setup.add("c1", "edited by A").unwrap();
    let deleted = setup.add("c2", "deleted by B").unwrap();
    let contested = setup.add("c3", "edited by both").unwrap();
    setup.save().unwrap();

    let mut a = fx.open_clean();
    let mut b = fx.open_clean();
    let a_new = a.add("c1", "added by A").unwrap();
    a.edit(&kept, "edited by A, done").unwrap();
    a.edit(&contested, "A's version").unwrap();
    let b_new = b.add("c2", "added by B").unwrap();
    b.delete(&deleted).unwrap();
    b.edit(&contested, "B's version").unwrap();

    let outcome_a = a.save().unwrap();
    assert!(outcome_a.merge.is_none());
    let outcome_b = b.save().unwrap();
    let merge = outcome_b.merge.expect("B merged A's changes");
    assert_eq!(merge.conflicts.len(), 1);
    assert_eq!(merge.conflicts[0].kind, ConflictKind::BothChanged);
    assert_eq!(merge.conflicts[0].id, contested);
    // B's store now shows the merged notes.
    assert!(b.note(&a_new).is_some());

    let merged = fx.open_clean();
    assert_eq!(merged.note(&a_new).unwrap().text, "added by A");
    assert_eq!(merged.note(&b_new).unwrap().text, "added by B");
    assert_eq!(merged.note(&kept).unwrap().text, "edited by A, done");
    assert!(merged.note(&deleted).is_none(), "B's deletion is honoured");
    let contested_texts = texts(&merged.notes_for("c3"));
    assert!(
        contested_texts.contains(&"A's version".to_owned()),
        "{contested_texts:?}"
    );
    assert!(
        contested_texts.contains(&"B's version".to_owned()),
        "{contested_texts:?}"
    );
    assert_eq!(merged.len(), 5);

    // A saves again: it merges B's changes in and loses none.
    a.add("c2", "A again").unwrap();
    let outcome = a.save().unwrap();
    assert!(outcome.merge.is_some());
    let last = fx.open_clean();
    assert_eq!(last.len(), 6);
    assert!(last.note(&b_new).is_some());
}

#[test]
fn a_change_on_disk_is_noticed_even_with_the_same_size_and_time() {
    let fx = Fixture::new();
    let mut setup = fx.open_clean();
    let id = setup.add("c1", "aaaa").unwrap();
    setup.save().unwrap();
    let mut a = fx.open_clean();
    let modified = fs::metadata(fx.notes_file()).unwrap().modified().unwrap();
    // Another program rewrites the file in place: same length, same time.
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    fs::write(fx.notes_file(), text.replace("\"aaaa\"", "\"bbbb\"")).unwrap();
    fs::File::options()
        .write(true)
        .open(fx.notes_file())
        .unwrap()
        .set_modified(modified)
        .unwrap();
    a.add("c2", "from A").unwrap();
    let outcome = a.save().unwrap();
    assert!(outcome.merge.is_some());
    assert_eq!(fx.open_clean().note(&id).unwrap().text, "bbbb");
}

#[test]
fn notes_on_a_removed_claim_are_orphaned_not_dropped() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    let first = store.add("c3", "on a claim that will go").unwrap();
    let second = store.add("c3", "another one").unwrap();
    store.add("c1", "stays").unwrap();
    store.save().unwrap();

    // The map loses c3.
    let (mut store, warnings) = NoteStore::open_with(&fx.map(), ["c1", "c2"], fx.options());
    assert!(warnings.is_empty());
    let orphans = store.orphaned();
    assert_eq!(texts(&orphans), ["on a claim that will go", "another one"]);
    assert!(orphans.iter().all(|n| n.claim == "c3"));
    assert!(store.is_orphaned(orphans[0]));
    // Saving other changes keeps them in the file.
    store.add("c1", "unrelated").unwrap();
    store.save().unwrap();
    let saved = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(saved.contains("on a claim that will go"));

    // They can be moved to another claim, or deleted.
    store.move_note(&first, "c2").unwrap();
    store.delete(&second).unwrap();
    assert!(store.orphaned().is_empty());
    store.save().unwrap();
    let reopened = NoteStore::open_with(&fx.map(), ["c1", "c2"], fx.options()).0;
    assert!(reopened.orphaned().is_empty());
    assert_eq!(
        texts(&reopened.notes_for("c2")),
        ["on a claim that will go"]
    );

    // A claim that comes back gets its orphans back.
    let mut store = NoteStore::open_with(&fx.map(), ["c1"], fx.options()).0;
    assert_eq!(store.orphaned().len(), 1);
    store.set_claim_ids(["c1", "c2"]);
    assert!(store.orphaned().is_empty());
}

#[test]
fn a_second_notes_file_in_the_data_folder_is_reported() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "beside").unwrap();
    store.save().unwrap();
    let fallback = reasonmap::notes::fallback_path(fx.data.path(), &fx.map());
    fs::create_dir_all(fallback.parent().unwrap()).unwrap();
    fs::copy(fx.notes_file(), &fallback).unwrap();
    let (store, warnings) = fx.open();
    assert_eq!(store.location().kind, LocationKind::BesideMap);
    let message = warnings[0].to_string();
    assert!(message.contains("is ignored"), "{message}");
    assert!(
        message.contains(&fallback.display().to_string()),
        "{message}"
    );
}

#[test]
fn refresh_takes_in_another_windows_changes_without_saving() {
    let fx = Fixture::new();
    let mut a = fx.open_clean();
    let mut b = fx.open_clean();
    let from_b = b.add("c2", "from B").unwrap();
    b.save().unwrap();
    let unsaved = a.add("c1", "unsaved in A").unwrap();
    let before = fs::read(fx.notes_file()).unwrap();

    let outcome = a.refresh().unwrap();
    assert!(!outcome.written);
    assert_eq!(outcome.merge.unwrap().taken_from_disk, 1);
    assert_eq!(a.note(&from_b).unwrap().text, "from B");
    assert!(a.note(&unsaved).is_some());
    assert!(a.is_dirty(), "A's own note is still unsaved");
    assert_eq!(
        fs::read(fx.notes_file()).unwrap(),
        before,
        "nothing written"
    );

    // Nothing changed on disk since: a second refresh merges nothing.
    assert!(a.refresh().unwrap().merge.is_none());
    a.save().unwrap();
    assert_eq!(fx.open_clean().len(), 2);
}

#[test]
fn a_deleted_data_folder_is_created_again() {
    let fx = Fixture::new();
    let map = unwritable_map_path(&fx);
    let (mut store, _) = NoteStore::open_with(&map, CLAIMS, fx.options());
    store.add("c1", "first").unwrap();
    store.save().unwrap();
    let saved_at = store.location().path.clone();
    fs::remove_dir_all(saved_at.parent().unwrap()).unwrap();
    store.add("c1", "second").unwrap();
    let outcome = store.save().unwrap();
    assert_eq!(outcome.location.path, saved_at);
    assert!(
        outcome.warnings[0].to_string().contains("was deleted"),
        "{:?}",
        outcome.warnings
    );
    let (reopened, _) = NoteStore::open_with(&map, CLAIMS, fx.options());
    assert_eq!(reopened.len(), 2);
    #[cfg(unix)]
    if let Some(parent) = map.parent().filter(|p| p.is_dir()) {
        set_mode(parent, 0o755);
    }
}

#[cfg(unix)]
#[test]
fn a_notes_file_that_is_a_link_stays_a_link() {
    let fx = Fixture::new();
    let synced = tempfile::tempdir().unwrap();
    let real = synced.path().join("essay.notes.ron");
    let mut setup = NoteStore::open_with(&synced.path().join("essay.ron"), CLAIMS, fx.options()).0;
    setup.add("c1", "in the synced folder").unwrap();
    setup.save().unwrap();
    std::os::unix::fs::symlink(&real, fx.notes_file()).unwrap();

    let mut store = fx.open_clean();
    assert_eq!(texts(&store.notes_for("c1")), ["in the synced folder"]);
    store.add("c2", "added through the link").unwrap();
    store.save().unwrap();
    assert!(
        fs::symlink_metadata(fx.notes_file())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("added through the link")
    );
    assert!(
        backup_path(&real).exists(),
        "the backup is beside the real file"
    );
}

#[test]
fn notes_too_large_to_read_back_are_not_saved() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "small").unwrap();
    store.save().unwrap();
    let before = fs::read(fx.notes_file()).unwrap();
    let huge = "x".repeat(65 * 1024 * 1024);
    store.add("c2", &huge).unwrap();
    let err = store.save().unwrap_err();
    assert!(err.to_string().contains("too large"), "{err}");
    assert_eq!(fs::read(fx.notes_file()).unwrap(), before);
    assert!(store.is_dirty());
}

#[test]
fn edits_made_while_a_save_runs_elsewhere_stay_unsaved_and_are_kept() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    let first = store.add("c1", "saved by the job").unwrap();
    let job = store.save_job();
    // The window goes on while the job runs on the worker thread.
    let second = store.add("c2", "added during the save").unwrap();
    store.delete(&first).unwrap();
    let done = job.run();
    let outcome = store.finish_save(done).unwrap();
    assert!(outcome.written);

    let on_disk = fx.open_clean();
    assert_eq!(texts(&on_disk.all_notes()), ["saved by the job"]);
    // The store keeps both edits, and they are not saved yet.
    assert!(store.is_dirty());
    assert!(store.note(&first).is_none());
    assert!(store.note(&second).is_some());
    store.save().unwrap();
    assert_eq!(
        texts(&fx.open_clean().all_notes()),
        ["added during the save"]
    );
}

#[test]
fn a_save_with_nothing_to_write_still_removes_stale_temporary_files() {
    let fx = Fixture::new();
    let mut store = fx.open_clean();
    store.add("c1", "a note").unwrap();
    store.save().unwrap();
    let stale = fx.dir.path().join(".essay.notes.ron.Ab12Cd.tmp");
    let young = fx.dir.path().join(".essay.notes.ron.Ef34Gh.tmp");
    for path in [&stale, &young] {
        fs::write(path, "left by a killed save").unwrap();
    }
    let old = std::time::SystemTime::now() - reasonmap::notes::STALE_TEMP_AGE * 2;
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let outcome = store.save().unwrap();
    assert!(!outcome.written);
    assert!(!stale.exists(), "a stale temporary file outlived the save");
    assert!(
        young.exists(),
        "a temporary file under a minute old was removed"
    );
}

/// The fixture's store, told the map's argument ids as the viewer does.
fn open_marking(fx: &Fixture) -> NoteStore {
    let mut store = fx.open_clean();
    store.set_argument_ids(["a1", "a2"]);
    store
}

#[test]
fn marks_are_saved_with_the_notes_and_read_back() {
    let fx = Fixture::new();
    let mut store = open_marking(&fx);
    store.add("c1", "a note").unwrap();
    store.save().unwrap();
    let plain = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(
        plain.contains("version: 1"),
        "no marks, old version: {plain}"
    );

    store.set_mark("c2", Some(Mark::Rejected)).unwrap();
    store.set_mark("a2", Some(Mark::Fails)).unwrap();
    assert!(store.is_dirty());
    let revision = store.marks_revision();
    store.set_mark("c2", Some(Mark::Rejected)).unwrap();
    assert_eq!(
        store.marks_revision(),
        revision,
        "no change, no new revision"
    );
    store.save().unwrap();
    assert!(!store.is_dirty());
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(text.contains("version: 2"), "{text}");
    assert!(
        text.contains("marks: {\n        \"a2\": Fails,\n        \"c2\": Rejected,\n    },"),
        "{text}"
    );
    // The previous version, without marks, is the backup.
    let backup = fs::read_to_string(backup_path(&fx.notes_file())).unwrap();
    assert_eq!(backup, plain);

    let reopened = open_marking(&fx);
    assert_eq!(reopened.mark("c2"), Some(Mark::Rejected));
    assert_eq!(reopened.mark("a2"), Some(Mark::Fails));
    assert_eq!(reopened.mark("c1"), None);
    assert_eq!(reopened.len(), 1);

    // Clearing every mark writes a version 1 file again.
    let mut store = reopened;
    store.clear_marks();
    store.save().unwrap();
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(
        text.contains("version: 1") && !text.contains("marks"),
        "{text}"
    );
}

#[test]
fn marks_must_fit_what_they_mark() {
    let fx = Fixture::new();
    let mut store = open_marking(&fx);
    let err = store.set_mark("a1", Some(Mark::Accepted)).unwrap_err();
    assert!(
        err.to_string().starts_with("\"a1\" is an argument of ")
            && err.to_string().ends_with(
                "; only claims are accepted or rejected (an argument's inference holds or fails)"
            ),
        "{err}"
    );
    let err = store.set_mark("c1", Some(Mark::Holds)).unwrap_err();
    assert!(
        err.to_string().starts_with("\"c1\" is a claim of "),
        "{err}"
    );
    let err = store.set_mark("c9", Some(Mark::Rejected)).unwrap_err();
    assert!(matches!(err, NotesError::UnknownClaim { .. }), "{err}");
    let err = store.set_mark("a9", Some(Mark::Fails)).unwrap_err();
    assert!(matches!(err, NotesError::UnknownArgument { .. }), "{err}");
    let err = store
        .set_marks(&[
            ("c1".into(), Some(Mark::Accepted)),
            ("c9".into(), Some(Mark::Accepted)),
        ])
        .unwrap_err();
    assert!(matches!(err, NotesError::UnknownClaim { .. }), "{err}");
    assert!(
        store.marks().is_empty(),
        "nothing of a refused batch is set"
    );
    assert!(!store.is_dirty());
}

#[test]
fn mark_changes_undo_and_redo_like_note_changes() {
    let fx = Fixture::new();
    let mut store = open_marking(&fx);
    store.set_mark("c2", Some(Mark::Accepted)).unwrap();
    store.add("c1", "between two marks").unwrap();
    store.set_mark("c2", Some(Mark::Rejected)).unwrap();
    store.set_mark("a1", Some(Mark::Holds)).unwrap();
    assert_eq!(store.undo_kind(), Some(CommandKind::Holds));
    store.clear_marks();
    assert!(store.marks().is_empty());
    assert_eq!(
        store.undo_kind().map(|k| k.label()),
        Some("clear all marks")
    );

    // Clearing all marks is one step.
    assert_eq!(store.undo(), Some(CommandKind::ClearMarks));
    assert_eq!(store.mark("c2"), Some(Mark::Rejected));
    assert_eq!(store.mark("a1"), Some(Mark::Holds));
    store.undo();
    store.undo();
    assert_eq!(
        store.mark("c2"),
        Some(Mark::Accepted),
        "back to the first mark"
    );
    assert_eq!(store.undo(), Some(CommandKind::Add));
    assert_eq!(store.undo(), Some(CommandKind::Accept));
    assert!(store.marks().is_empty());
    assert!(!store.is_dirty(), "undone back to the state as opened");
    assert_eq!(store.redo(), Some(CommandKind::Accept));
    assert_eq!(store.mark("c2"), Some(Mark::Accepted));

    // Several marks set at once (a "what if" kept) undo in one step.
    store
        .set_marks(&[("c1".into(), Some(Mark::Rejected)), ("c2".into(), None)])
        .unwrap();
    assert_eq!(store.mark("c1"), Some(Mark::Rejected));
    assert_eq!(store.mark("c2"), None);
    assert_eq!(store.undo(), Some(CommandKind::SetMarks));
    assert_eq!(store.mark("c1"), None);
    assert_eq!(store.mark("c2"), Some(Mark::Accepted));
}

#[test]
fn two_windows_marking_at_once_merge_their_marks() {
    let fx = Fixture::new();
    let mut setup = open_marking(&fx);
    setup.set_mark("c1", Some(Mark::Accepted)).unwrap();
    setup.set_mark("c2", Some(Mark::Accepted)).unwrap();
    setup.save().unwrap();

    let mut a = open_marking(&fx);
    let mut b = open_marking(&fx);
    a.set_mark("c3", Some(Mark::Rejected)).unwrap();
    a.set_mark("c1", Some(Mark::Rejected)).unwrap();
    b.set_mark("a1", Some(Mark::Fails)).unwrap();
    b.set_mark("c2", None).unwrap();
    b.set_mark("c1", None).unwrap();
    a.save().unwrap();
    let revision = b.marks_revision();
    let outcome = b.save().unwrap();
    let merge = outcome.merge.expect("B merged A's marks");
    assert_eq!(merge.taken_from_disk, 1, "A's mark on c3");
    assert_eq!(
        merge.mark_conflicts,
        [MarkConflict {
            id: "c1".into(),
            kept: None,
            dropped: Some(Mark::Rejected),
        }]
    );
    assert!(b.marks_revision() > revision, "the merge changed B's marks");

    let merged = open_marking(&fx);
    let marks: Vec<(&str, Mark)> = merged
        .marks()
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(marks, [("a1", Mark::Fails), ("c3", Mark::Rejected)]);
}

#[test]
fn marks_on_what_left_the_map_are_orphaned_not_dropped() {
    let fx = Fixture::new();
    let mut store = open_marking(&fx);
    store.set_mark("c3", Some(Mark::Rejected)).unwrap();
    store.set_mark("a2", Some(Mark::Fails)).unwrap();
    store.set_mark("c1", Some(Mark::Accepted)).unwrap();
    store.save().unwrap();

    // The map loses c3 and its argument a2.
    let (mut store, _) = NoteStore::open_with(&fx.map(), ["c1", "c2"], fx.options());
    store.set_argument_ids(["a1"]);
    assert_eq!(
        store.orphaned_marks(),
        [("a2", Mark::Fails), ("c3", Mark::Rejected)]
    );
    // Clearing all marks leaves the orphans; saving keeps them in the file.
    store.clear_marks();
    assert_eq!(store.mark("c1"), None);
    store.save().unwrap();
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert!(text.contains("\"c3\": Rejected"), "{text}");

    // An orphan can be moved to a claim of the right kind, or cleared.
    let err = store.move_mark("c3", "a1").unwrap_err();
    assert!(matches!(err, NotesError::MarkMismatch { .. }), "{err}");
    store.move_mark("c3", "c2").unwrap();
    assert_eq!(store.mark("c2"), Some(Mark::Rejected));
    store.set_mark("a2", None).unwrap();
    assert!(store.orphaned_marks().is_empty());
    assert_eq!(store.undo(), Some(CommandKind::Open));
    assert_eq!(store.undo(), Some(CommandKind::MoveMark));
    assert_eq!(store.orphaned_marks().len(), 2);
}

/// The reader of notes format version 1, as the versions of reasonmap
/// before marks read it: a first pass that refuses newer versions, then
/// the file's fields, with no unknown field allowed.
mod version_1_reader {
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize)]
    struct VersionOnly {
        #[serde(default)]
        version: u32,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read to check the file's shape")]
    struct NotesFile {
        version: u32,
        #[serde(default)]
        map: Option<String>,
        #[serde(default)]
        notes: BTreeMap<String, Vec<FileNote>>,
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read to check the file's shape")]
    struct FileNote {
        id: String,
        text: String,
        created: String,
        edited: String,
    }

    /// What the version 1 reader makes of `text`: the number of notes, or
    /// the message it refuses the file with.
    pub fn read(text: &str) -> Result<usize, String> {
        let options = ron::Options::default();
        if let Ok(VersionOnly { version }) = options.from_str::<VersionOnly>(text)
            && version > 1
        {
            return Err(format!(
                "has notes format version {version}; this version of reasonmap reads up to 1"
            ));
        }
        let file: NotesFile = options.from_str(text).map_err(|e| e.to_string())?;
        Ok(file.notes.values().map(Vec::len).sum())
    }
}

#[test]
fn older_versions_read_files_without_marks_and_refuse_files_with_marks_by_version() {
    let fx = Fixture::new();
    let mut store = open_marking(&fx);
    store.add("c1", "one").unwrap();
    store.add("c2", "two").unwrap();
    store.save().unwrap();
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert_eq!(version_1_reader::read(&text), Ok(2));

    store.set_mark("c2", Some(Mark::Rejected)).unwrap();
    store.save().unwrap();
    let text = fs::read_to_string(fx.notes_file()).unwrap();
    assert_eq!(
        version_1_reader::read(&text),
        Err("has notes format version 2; this version of reasonmap reads up to 1".to_owned())
    );
}
