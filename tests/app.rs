//! The viewer driven as a person would, headless: open maps, click claims,
//! read the side panel, search, zoom. (egui_kittest; no display needed.)

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, PendingAction, ReasonmapApp};

mod common;
use common::{settle, viewer};

/// The viewer on `map`, with notes of the built-in map kept in `data_dir`
/// and automatic saving off (tests save explicitly or test it on purpose).
fn harness_in(
    map: Option<PathBuf>,
    data_dir: &std::path::Path,
    autosave: bool,
) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: autosave.then(|| std::time::Duration::from_millis(200)),
    };
    viewer(options, egui::vec2(1280.0, 800.0))
}

fn harness(map: Option<PathBuf>) -> Harness<'static, ReasonmapApp> {
    // The folder is kept for the whole test process; nothing is written to
    // it by tests that use this helper.
    let dir = std::env::temp_dir().join(format!("reasonmap-app-test-{}", std::process::id()));
    harness_in(map, &dir, false)
}

fn claim_text(app: &ReasonmapApp, claim: usize) -> String {
    app.document().expect("a map is open").loaded.map.claims[claim]
        .text
        .clone()
}

#[test]
fn opens_the_essay_map_and_shows_a_clicked_claims_quote() {
    let mut harness = harness(None);
    let app = harness.state();
    let doc = app.document().expect("the built-in essay map opens");
    assert!(app.failure().is_none());
    assert!(doc.loaded.map.claims.len() >= 20);
    let conclusion = doc
        .loaded
        .index
        .conclusion()
        .expect("the essay map has a conclusion");
    let text = claim_text(app, conclusion);
    let quote = doc.loaded.map.claims[conclusion]
        .quote
        .clone()
        .expect("the conclusion quotes the essay");

    harness.get_by_role_and_label(Role::Button, &text).click();
    harness.run();

    assert_eq!(harness.state().selected(), Some(conclusion));
    // The side panel shows the claim's role and the passage it comes from.
    harness.get_by_label_contains(&quote);
    harness.get_by_label("main conclusion");
}

#[test]
fn links_in_the_side_panel_go_to_related_claims() {
    let mut harness = harness(None);
    let (conclusion, reason, reason_text) = {
        let doc = harness.state().document().expect("map opens");
        let index = &doc.loaded.index;
        let c = index.conclusion().expect("conclusion");
        let a = index.arguments_into_claim(c)[0];
        let r = index.premises(a)[0];
        (c, r, doc.loaded.map.claims[r].text.clone())
    };
    let text = claim_text(harness.state(), conclusion);
    harness.get_by_role_and_label(Role::Button, &text).click();
    harness.run();
    // The reason appears both as a box on the canvas and as a link in the panel.
    harness
        .get_by_role_and_label(Role::Link, &reason_text)
        .click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(reason));
}

#[test]
fn escape_and_clicking_empty_space_clear_the_selection() {
    let mut harness = harness(None);
    let conclusion = harness
        .state()
        .document()
        .and_then(|d| d.loaded.index.conclusion())
        .expect("conclusion");
    let text = claim_text(harness.state(), conclusion);
    harness.get_by_role_and_label(Role::Button, &text).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(conclusion));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().selected(), None);
}

#[test]
fn search_finds_claims_and_enter_selects_the_match() {
    let mut harness = harness(None);
    let (target, word) = {
        let doc = harness.state().document().expect("map opens");
        let c = doc
            .loaded
            .map
            .claims
            .iter()
            .position(|c| c.text.contains("dialogue"))
            .expect("a claim about dialogues");
        (c, "dialogue")
    };
    let field = harness.get_by_label("Find");
    field.click();
    field.type_text(word);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let selected = harness
        .state()
        .selected()
        .expect("Enter selects the first match");
    let doc = harness.state().document().expect("map");
    assert!(
        doc.loaded.map.claims[selected]
            .text
            .to_lowercase()
            .contains(word),
        "{selected} vs {target}"
    );
    harness.get_by_label_contains("1 of ");
    // Shift+Enter goes back: from the first match to the last one.
    let last = last_match(&harness, word);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().selected(), Some(last));
}

/// The last claim the search for `word` matches (text, id or quote).
fn last_match(harness: &Harness<'static, ReasonmapApp>, word: &str) -> usize {
    let doc = harness.state().document().expect("map");
    let matches: Vec<usize> = doc
        .loaded
        .map
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.text.to_lowercase().contains(word)
                || c.id.contains(word)
                || c.quote
                    .as_deref()
                    .is_some_and(|q| q.to_lowercase().contains(word))
        })
        .map(|(i, _)| i)
        .collect();
    assert!(matches.len() > 1, "the test needs several matches");
    matches[matches.len() - 1]
}

#[test]
fn keyboard_zooms_and_fits() {
    let mut harness = harness(None);
    // A map too large to read whole opens at a readable zoom.
    assert!(harness.state().view().zoom() >= 0.6);
    let hint = harness.state().view().hint();
    assert!(
        hint.is_some_and(|h| h.contains("top of the map") && h.contains("F fits it whole")),
        "the canvas says how to see the whole map: {hint:?}"
    );
    harness.get_by_label("Part of the map shown: F for an overview");
    harness.key_press(egui::Key::F);
    harness.run();
    let fitted = harness.state().view().zoom();
    assert!(
        harness
            .query_by_label("Part of the map shown: F for an overview")
            .is_none(),
        "fitted, the status bar no longer says only the top shows"
    );
    // The essay at Fit is below the zoom text reads at; the status bar
    // says how to get back to a readable size.
    harness.get_by_label("Text too small: 0 for 100 %");
    assert!(
        fitted < 0.6,
        "the essay map is wider than the window: {fitted}"
    );
    let hint = harness.state().view().hint();
    assert!(
        !hint.is_some_and(|h| h.contains("top of the map")),
        "fitted, the whole map shows: {hint:?}"
    );
    harness.key_press(egui::Key::Plus);
    harness.run();
    let zoomed = harness.state().view().zoom();
    assert!(zoomed > fitted * 1.2, "{fitted} -> {zoomed}");
    assert!(
        harness
            .query_by_label("Text too small: 0 for 100 %")
            .is_none(),
        "at {zoomed} the text reads"
    );
    harness.key_press(egui::Key::F);
    harness.run();
    assert!((harness.state().view().zoom() - fitted).abs() < 1e-4);
}

#[test]
fn the_opening_plate_goes_when_the_view_moves_and_the_status_bar_keeps_the_way_to_the_overview() {
    let mut harness = harness(None);
    let opened = harness.state().view().screen_from_scene;
    assert!(
        harness
            .state()
            .view()
            .hint()
            .is_some_and(|h| h.contains("top of the map")),
        "the essay opens on its top with the plate"
    );
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_ne!(
        harness.state().view().screen_from_scene,
        opened,
        "the arrow key pans the map"
    );
    assert_eq!(
        harness.state().view().hint(),
        None,
        "the plate covers the map no longer once the reader moves it"
    );
    harness.get_by_label("Part of the map shown: F for an overview");
    // Home goes back to the opening view, plate and all.
    harness.key_press(egui::Key::Home);
    harness.run();
    assert!(
        harness
            .state()
            .view()
            .hint()
            .is_some_and(|h| h.contains("top of the map"))
    );
}

#[test]
fn a_broken_map_shows_its_diagnostics_instead_of_crashing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Map(\n    title: \"Broken\",\n    conclusion: \"c\",\n    claims: [Claim(id: \"c\", text: \"x\"\n)\n").expect("write");
    let harness = harness(Some(path));
    let app = harness.state();
    assert!(app.document().is_none());
    assert!(app.failure().is_some());
    harness.get_by_label_contains("Could not open");
    harness.get_by_label_contains("broken.ron:");
}

#[test]
fn an_aif_map_opens_like_any_map_and_a_dropped_one_too() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut harness = harness(Some(root.join("maps/regional-security.aif.json")));
    let essay = reasonmap::model::load_map_file(&root.join("maps/regional-security.ron"))
        .expect("the essay map loads");
    {
        let doc = harness.state().document().expect("the AIF essay opens");
        assert_eq!(doc.loaded.map, essay.map);
    }
    // Its quotes are read from the essay beside it: the side panel shows them.
    let conclusion = essay.index.conclusion().expect("conclusion");
    let quote = essay.map.claims[conclusion].quote.clone().expect("quote");
    harness
        .get_by_role_and_label(Role::Button, &essay.map.claims[conclusion].text)
        .click();
    harness.run();
    harness.get_by_label_contains(&quote);
    // Dropping an AIF file on the window opens it.
    let dropped = Dropped(root.join("tests/fixtures/aif/undercut.json"));
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(dropped));
    // The dropped map opens on the worker thread.
    harness.step();
    settle(&mut harness);
    let doc = harness.state().document().expect("the dropped map opens");
    assert_eq!(doc.loaded.map.title, "undercut");
    assert_eq!(doc.loaded.map.claims.len(), 3);
    harness.get_by_role_and_label(Role::Button, "The new bike lanes made the street safer.");
}

/// A file dropped on the window, as the windowing backend hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_broken_aif_file_shows_the_node_or_edge_at_fault() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let harness = harness(Some(root.join("tests/fixtures/aif/missing-node.json")));
    assert!(harness.state().document().is_none());
    harness.get_by_label_contains("edge `2` goes to node `99`, which is not in the file");
}

#[test]
fn a_missing_map_file_is_reported_by_name() {
    let harness = harness(Some(PathBuf::from("no/such/map.ron")));
    harness.get_by_label_contains("Could not open no/such/map.ron");
}

// ---------------------------------------------------------------------------
// Notes

/// A copy of the tutorial map (and its source) in a fresh folder.
fn tutorial_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["tutorial.ron", "tutorial.md"] {
        std::fs::copy(format!("maps/{file}"), dir.path().join(file)).expect("copy map");
    }
    let map = dir.path().join("tutorial.ron");
    (dir, map)
}

// These run frames with `run_ok`: a save or a change of the notes file
// made by another writer may keep the window busy a few frames longer.
fn select(harness: &mut Harness<'static, ReasonmapApp>, claim: usize) {
    let text = claim_text(harness.state(), claim);
    harness.get_by_role_and_label(Role::Button, &text).click();
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(claim));
}

fn add_note_with_keyboard(harness: &mut Harness<'static, ReasonmapApp>, text: &str) {
    harness.key_press(egui::Key::N);
    harness.run_ok();
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text(text);
    harness.run_ok();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run_ok();
}

fn notes_file(map: &std::path::Path) -> PathBuf {
    map.with_file_name("tutorial.notes.ron")
}

#[test]
fn a_note_added_in_the_viewer_is_saved_and_shown_when_the_map_is_opened_again() {
    let (dir, map) = tutorial_copy();
    let map_bytes = std::fs::read(&map).expect("read map");
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "Check the 2019 traffic study");
    assert!(harness.state().has_unsaved_notes());
    harness.get_by_label("Check the 2019 traffic study");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert!(!harness.state().has_unsaved_notes());
    let saved = std::fs::read_to_string(notes_file(&map))
        .expect("the notes file is written beside the map");
    assert!(saved.contains("Check the 2019 traffic study"), "{saved}");
    assert_eq!(
        std::fs::read(&map).expect("read map"),
        map_bytes,
        "the map file is never rewritten"
    );
    drop(harness);

    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    let claim_id = harness.state().document().expect("map").loaded.map.claims[0]
        .id
        .clone();
    // The box carries a badge with the count...
    harness.get_by_label_contains("1 notes on:");
    // ...and the side panel shows the note.
    select(&mut harness, 0);
    harness.get_by_label("Check the 2019 traffic study");
    harness.get_by_label("Notes on this claim (1)");
    assert_eq!(
        harness
            .state()
            .document()
            .expect("map")
            .notes
            .count_for(&claim_id),
        1
    );
}

#[test]
fn two_windows_and_command_line_writers_lose_no_note() {
    let (dir, map) = tutorial_copy();
    let mut windows = [
        harness_in(Some(map.clone()), dir.path(), false),
        harness_in(Some(map.clone()), dir.path(), false),
    ];
    let claim_id = |h: &Harness<'static, ReasonmapApp>, c: usize| {
        h.state().document().expect("map").loaded.map.claims[c]
            .id
            .clone()
    };
    let cli_claim = claim_id(&windows[0], 1);
    let mut writers = Vec::new();
    let mut acknowledged = Vec::new();
    for round in 0..4 {
        // Command-line writers start, and both windows save meanwhile
        // (their saves run on their worker threads, at the same time).
        for i in 0..2 {
            let text = format!("command line {round}.{i}");
            let child = std::process::Command::new(env!("CARGO_BIN_EXE_reasonmap"))
                .args(["notes", "tutorial.ron", "--add", &cli_claim, &text])
                .current_dir(dir.path())
                .env("XDG_DATA_HOME", dir.path().join("data"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start reasonmap notes");
            writers.push((text, child));
        }
        for (w, window) in windows.iter_mut().enumerate() {
            let text = format!("window {w} round {round}");
            select(window, w);
            add_note_with_keyboard(window, &text);
            assert!(
                window.query_by_label(&text).is_some(),
                "{text:?} is shown once added; the editor holds {:?}",
                window
                    .query_by_role(Role::MultilineTextInput)
                    .map(|n| n.value())
            );
            window.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
            window.run_ok();
            acknowledged.push(text);
        }
        for window in &mut windows {
            settle(window);
            let app = window.state();
            assert!(!app.has_unsaved_notes(), "{:?}", app.status());
            let status = app.status().expect("a status after saving");
            assert!(!status.is_error, "{}", status.text);
        }
    }
    for (text, child) in writers {
        let out = child.wait_with_output().expect("reasonmap notes ends");
        assert!(
            out.status.success(),
            "{text}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        acknowledged.push(text);
    }
    let saved = std::fs::read_to_string(notes_file(&map)).expect("the notes file");
    for text in &acknowledged {
        assert!(saved.contains(text.as_str()), "{text:?} was lost:\n{saved}");
    }
    // Each window, saving once more, takes in everything the others wrote.
    for window in &mut windows {
        window.state_mut().save_notes();
        settle(window);
        assert_eq!(
            window.state().document().expect("map").notes.len(),
            acknowledged.len()
        );
    }
}

#[test]
fn unsaved_notes_are_saved_when_the_viewer_ends() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "saved on the way out");
    assert!(harness.state().has_unsaved_notes());
    assert!(!notes_file(&map).exists());
    // However the viewer ends, the app is dropped: here with the harness;
    // a window destroyed by another program unwinds to the same place.
    drop(harness);
    let saved = std::fs::read_to_string(notes_file(&map)).expect("saved at the end");
    assert!(saved.contains("saved on the way out"), "{saved}");
}

#[test]
fn notes_discarded_when_closing_are_not_saved_at_the_end() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "thrown away");
    // The window's close button.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert_eq!(harness.state().pending(), Some(&PendingAction::Close));
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    harness.run();
    drop(harness);
    assert!(!notes_file(&map).exists(), "discarded notes were saved");
}

#[test]
fn undo_and_redo_note_edits() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map), dir.path(), false);
    select(&mut harness, 1);
    add_note_with_keyboard(&mut harness, "first thought");
    let count = |h: &Harness<'static, ReasonmapApp>| h.state().document().expect("map").notes.len();
    assert_eq!(count(&harness), 1);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(count(&harness), 0);
    assert!(harness.query_by_label("first thought").is_none());

    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(count(&harness), 1);
    harness.get_by_label("first thought");

    // Editing is undoable too.
    harness
        .get_by_role_and_label(Role::Button, "Edit note")
        .click();
    harness.run();
    let field = harness.get_by_role(Role::MultilineTextInput);
    field.type_text(", revised");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save note")
        .click();
    harness.run();
    harness.get_by_label("first thought, revised");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label("first thought");
}

#[test]
fn reloading_with_unsaved_notes_asks_save_discard_or_cancel() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "keep me");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run();
    assert_eq!(harness.state().pending(), Some(&PendingAction::Reload));
    harness.get_by_label("Save changes to your notes?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert_eq!(harness.state().pending(), None);
    assert!(
        harness.state().has_unsaved_notes(),
        "cancel keeps the unsaved note"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    settle(&mut harness);
    assert_eq!(harness.state().pending(), None);
    assert!(!harness.state().has_unsaved_notes());
    let saved = std::fs::read_to_string(notes_file(&map)).expect("saved before reloading");
    assert!(saved.contains("keep me"));
    assert_eq!(harness.state().document().expect("reloaded").notes.len(), 1);

    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "throw me away");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Discard")
        .click();
    settle(&mut harness);
    let doc = harness.state().document().expect("reloaded");
    assert_eq!(
        doc.notes.len(),
        1,
        "the discarded note is gone, the saved one stays"
    );
    assert!(
        !std::fs::read_to_string(notes_file(&map))
            .expect("notes")
            .contains("throw me away")
    );
}

#[test]
fn the_save_prompt_goes_away_once_the_notes_are_saved() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "saved while asked");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    harness.run();
    assert_eq!(harness.state().pending(), Some(&PendingAction::Reload));
    // Saving by other means (here the app's own save) answers the question.
    harness.state_mut().save_notes();
    settle(&mut harness);
    assert_eq!(harness.state().pending(), None);
    assert!(
        harness
            .query_by_label("Save changes to your notes?")
            .is_none()
    );
    assert_eq!(harness.state().document().expect("reloaded").notes.len(), 1);
}

#[test]
fn notes_are_saved_automatically_a_moment_after_the_last_edit() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), true);
    select(&mut harness, 0);
    add_note_with_keyboard(&mut harness, "saved by itself");
    for _ in 0..300 {
        harness.step();
        if !harness.state().has_unsaved_notes() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!harness.state().has_unsaved_notes());
    let saved = std::fs::read_to_string(notes_file(&map)).expect("autosaved");
    assert!(saved.contains("saved by itself"));
}

#[test]
fn notes_of_a_claim_that_left_the_map_are_orphaned_and_can_be_moved() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    let (claim, claim_id) = {
        let doc = harness.state().document().expect("map");
        // A claim that is a premise somewhere (so the map stays valid without it
        // once its argument goes too) is hard to pick generically; use an
        // unconnected copy instead: add the note to the last claim and remove
        // that claim's text from the map file by renaming its id everywhere.
        let c = doc.loaded.map.claims.len() - 1;
        (c, doc.loaded.map.claims[c].id.clone())
    };
    select(&mut harness, claim);
    add_note_with_keyboard(&mut harness, "a note that must survive");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    drop(harness);

    // The map changes: the claim gets a new id, so the note's claim is gone.
    let text = std::fs::read_to_string(&map).expect("map");
    let renamed = text.replace(&format!("\"{claim_id}\""), "\"renamed-claim\"");
    assert_ne!(text, renamed);
    std::fs::write(&map, renamed).expect("write map");

    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    harness
        .get_by_role_and_label(Role::Button, "Notes (1)")
        .click();
    harness.run();
    harness.get_by_label("Orphaned notes (1)");
    harness.get_by_label("a note that must survive");
    let target = harness
        .state()
        .document()
        .expect("map")
        .loaded
        .index
        .claim("renamed-claim")
        .expect("renamed claim");
    select(&mut harness, target);
    harness
        .get_by_role_and_label(Role::Button, "Move to selected claim")
        .click();
    harness.run();
    let doc = harness.state().document().expect("map");
    assert!(doc.notes.orphaned().is_empty());
    assert_eq!(doc.notes.count_for("renamed-claim"), 1);
}

// ---------------------------------------------------------------------------
// Export

#[test]
fn file_export_writes_the_image_without_freezing_and_reports_it() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map), dir.path(), false);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_ok();
    // The size is worked out on a worker thread.
    harness.state_mut().export_dialog().wait();
    harness.run();
    // The dialog proposes a file beside the map and previews the size.
    let field = harness.get_by_role_and_label(Role::TextInput, "File");
    assert_eq!(
        field.value().as_deref(),
        Some(
            dir.path()
                .join("tutorial.png")
                .to_str()
                .expect("utf-8 path")
        )
    );
    harness.get_by_label_contains("Output size:");
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    // The export runs on a worker thread: the window keeps repainting.
    harness.run_steps(2);
    harness.state_mut().export_dialog().wait();
    harness.run();
    harness.get_by_label_contains("Exported PNG");
    let png = std::fs::read(dir.path().join("tutorial.png")).expect("the PNG is written");
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn export_of_the_selected_part_holds_only_that_part() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map), dir.path(), false);
    let (part, other) = {
        let doc = harness.state().document().expect("map");
        let index = &doc.loaded.index;
        let conclusion = index.conclusion().expect("conclusion");
        // A reason of the conclusion: its part excludes the conclusion itself.
        let reason = index.premises(index.arguments_into_claim(conclusion)[0])[0];
        (reason, conclusion)
    };
    select(&mut harness, part);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "SVG")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "Selected claim and what bears on it")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    // The export runs on a worker thread: the window keeps repainting.
    harness.run_steps(2);
    harness.state_mut().export_dialog().wait();
    harness.run();
    let svg = std::fs::read_to_string(dir.path().join("tutorial.svg")).expect("the SVG is written");
    let doc = harness.state().document().expect("map");
    let first_word = |c: usize| {
        doc.loaded.map.claims[c]
            .text
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(svg.contains(&first_word(part)));
    assert!(
        !svg.contains(&first_word(other)),
        "the conclusion is outside the exported part"
    );
}

#[test]
fn the_file_menu_offers_export() {
    let mut harness = harness(None);
    harness.get_by_role_and_label(Role::Button, "File").click();
    harness.run();
    harness.get_by_label_contains("Export…").click();
    harness.run_ok();
    assert!(harness.state_mut().export_dialog().open);
    harness.state_mut().export_dialog().wait();
    harness.run();
    harness.get_by_label_contains("Output size:");
}

#[test]
fn an_edited_map_file_is_reloaded_and_a_fixed_one_opens() {
    let (dir, map) = tutorial_copy();
    let mut harness = harness_in(Some(map.clone()), dir.path(), false);
    let original = std::fs::read_to_string(&map).expect("map");
    assert!(
        !harness.state_mut().reload_if_map_changed(),
        "nothing changed yet"
    );

    // An editor saves a broken map: the last good map stays, under a
    // banner with the diagnostic...
    std::fs::write(&map, "Map(title: \"half-written").expect("write");
    assert!(harness.state_mut().reload_if_map_changed());
    settle(&mut harness);
    assert!(harness.state().failure().is_none());
    assert!(harness.state().broken().is_some());
    assert!(harness.state().document().is_some());
    harness.get_by_label_contains("The map file has errors");

    // ...and once it is fixed, the map is back, with the edit.
    let edited = original.replacen("Millbrook should build", "Millbrook must build", 1);
    assert_ne!(edited, original);
    std::fs::write(&map, &edited).expect("write");
    assert!(harness.state_mut().reload_if_map_changed());
    settle(&mut harness);
    let doc = harness.state().document().expect("the fixed map opens");
    assert!(
        doc.loaded
            .map
            .claims
            .iter()
            .any(|c| c.text.starts_with("Millbrook must build"))
    );
    harness.get_by_label("Reloaded: the map file changed on disk");
}

/// A map whose conclusion rests on two co-premises, in a temporary folder.
fn co_premise_map() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = dir.path().join("dolphins.ron");
    std::fs::write(
        &map,
        r#"(
    title: "Dolphins",
    conclusion: "no-eggs",
    claims: [
        (id: "no-eggs", text: "Dolphins do not lay eggs."),
        (id: "mammals-no-eggs", text: "Almost no mammal lays eggs."),
        (id: "dolphins-mammals", text: "Dolphins are mammals."),
    ],
    arguments: [
        (id: "by-kind", premises: ["mammals-no-eggs", "dolphins-mammals"], target: "no-eggs", kind: Support),
    ],
)"#,
    )
    .expect("write map");
    (dir, map)
}

#[test]
fn rejecting_a_premise_turns_the_conclusion_out_with_the_reason_and_undo_brings_it_back() {
    let (dir, map) = co_premise_map();
    let mut harness = harness_in(Some(map), dir.path(), false);
    harness.get_by_label("Conclusion: in · 3 in, 0 out, 0 undecided");

    select(&mut harness, 2);
    harness.key_press(egui::Key::X);
    harness.run();
    // The status bar and the map show it at once.
    harness.get_by_label("Conclusion: out · 1 in, 2 out, 0 undecided");
    let drawn = |h: &Harness<'static, ReasonmapApp>, claim: usize| {
        let doc = h.state().document().expect("map");
        let layer = doc
            .scene
            .evaluation
            .as_ref()
            .expect("the map shows the evaluation");
        (layer.claims[claim].status, layer.claims[claim].mark)
    };
    assert_eq!(
        drawn(&harness, 2),
        (
            reasonmap::evaluation::Status::Out,
            Some(reasonmap::evaluation::ClaimMark::Rejected)
        )
    );
    assert_eq!(drawn(&harness, 0).0, reasonmap::evaluation::Status::Out);

    // The conclusion's side panel says why, naming the rejected premise
    // with a link to it.
    select(&mut harness, 0);
    harness.get_by_label_contains("Out: its co-premise");
    harness.get_by_label_contains("because you rejected it.");
    // (The premise is named in the reason, and again under the inference.)
    harness
        .get_all_by_role_and_label(Role::Link, "‘Dolphins are mammals.’")
        .next()
        .expect("a link to the premise")
        .click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(2));
    assert!(
        harness.state().has_unsaved_notes(),
        "the mark is to be saved"
    );

    // Undo brings the conclusion back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label("Conclusion: in · 3 in, 0 out, 0 undecided");
    assert_eq!(drawn(&harness, 0).0, reasonmap::evaluation::Status::In);
    assert_eq!(drawn(&harness, 2).1, None);
    assert!(!harness.state().has_unsaved_notes());
    // And redo takes it away again; the side panel's buttons mark too.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    harness.get_by_label("Conclusion: out · 1 in, 2 out, 0 undecided");
    harness.get_by_label("Accept").click();
    harness.run();
    harness.get_by_label("Conclusion: in · 3 in, 0 out, 0 undecided");
}

#[test]
fn what_if_tries_a_mark_outlines_what_changes_and_reverts_in_one_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_in(None, dir.path(), false);
    let (diplomacy, changed) = {
        let doc = harness.state().document().expect("map");
        let index = &doc.loaded.index;
        let ids = [
            "cornerstone",
            "opening-thesis",
            "diplomacy-addresses-threats",
        ];
        let changed: Vec<usize> = ids
            .iter()
            .map(|id| index.claim(id).expect("claim"))
            .collect();
        (changed[2], changed)
    };
    harness.get_by_label("Conclusion: in · 31 in, 1 out, 0 undecided");
    harness.get_by_label("Evaluation").click();
    harness.run();
    // From here on the Evaluation panel repeats the status bar's summary.
    let summary = |h: &Harness<'static, ReasonmapApp>, text: &str| {
        assert!(h.get_all_by_label(text).count() >= 1, "{text}");
    };
    harness.get_by_label("What if?").click();
    harness.run();
    // Find the claim (it is off screen), then click its box.
    let field = harness.get_by_label("Find");
    field.click();
    field.type_text("diplomacy, too");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    select(&mut harness, diplomacy);
    harness.key_press(egui::Key::X);
    harness.run();

    harness.get_by_label("What if: Conclusion: out · 28 in, 4 out, 0 undecided");
    harness.get_by_label("3 claims change:");
    let state = |h: &Harness<'static, ReasonmapApp>| {
        let doc = h.state().document().expect("map");
        (
            doc.evaluation.what_if_active(),
            doc.evaluation.changed().to_vec(),
            doc.notes.marks().len(),
        )
    };
    // The claims that change are outlined on the map; nothing is stored.
    assert_eq!(state(&harness), (true, changed, 0));
    assert!(!harness.state().has_unsaved_notes());

    harness.get_by_label("Revert").click();
    harness.run();
    summary(&harness, "Conclusion: in · 31 in, 1 out, 0 undecided");
    assert_eq!(state(&harness), (false, Vec::new(), 0));
    assert!(!harness.state().has_unsaved_notes());

    // Tried again and kept, the marks are stored as one undoable change.
    harness.get_by_label("What if?").click();
    harness.run();
    harness.key_press(egui::Key::X);
    harness.run();
    harness.get_by_label("Keep as my marks").click();
    harness.run();
    summary(&harness, "Conclusion: out · 28 in, 4 out, 0 undecided");
    assert_eq!(state(&harness).2, 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(state(&harness).2, 0);
    summary(&harness, "Conclusion: in · 31 in, 1 out, 0 undecided");
}

#[test]
fn an_inference_marked_as_failing_takes_its_conclusion_out() {
    let (dir, map) = co_premise_map();
    let mut harness = harness_in(Some(map), dir.path(), false);
    select(&mut harness, 0);
    harness.get_by_label("Inferences (1)").click();
    harness.run();
    harness.get_by_label("Fails").click();
    harness.run();
    harness.get_by_label("Conclusion: out · 2 in, 1 out, 0 undecided");
    harness.get_by_label_contains("Out: you marked the inference from");
    let marks = harness
        .state()
        .document()
        .expect("map")
        .notes
        .marks()
        .clone();
    assert_eq!(
        marks.get("by-kind"),
        Some(&reasonmap::evaluation::Mark::Fails)
    );
}
