//! The viewer's help windows, source panel and read-along mode, driven
//! headless with egui_kittest as a person would use them.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use reasonmap::app::{AppOptions, ReasonmapApp};

/// The viewer on `map` (the built-in essay map for `None`), with its
/// notes and settings in `data_dir` and automatic saving off.
fn harness_with(map: Option<PathBuf>, data_dir: &Path) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: None,
    };
    // Scrolling to a passage and its flash take a few frames to settle.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(120)
        .build_eframe(move |cc| ReasonmapApp::new(cc, options));
    // The map opens on the viewer's worker thread.
    harness.state_mut().wait_for_io();
    harness.run();
    harness
}

#[test]
fn help_shows_the_map_format_and_the_keys_inside_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_with(None, dir.path());
    harness.get_by_role_and_label(Role::Button, "Help").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Map Format")
        .click();
    harness.run();
    // The document itself, rendered: a heading and a table cell.
    harness.get_by_label("RON in two minutes");
    harness.get_by_label_contains("Path of the source text that the claims quote");

    harness
        .get_by_role_and_label(Role::Button, "Keyboard")
        .click();
    harness.run();
    harness.get_by_label("fit the map to the window");
    assert!(harness.query_by_label("RON in two minutes").is_none());
}

/// A copy of the essay map and its essay in a temporary folder.
fn essay_copy() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("temp dir");
    for name in ["regional-security.ron", "regional-security.md"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("maps")
                .join(name),
            work.path().join(name),
        )
        .expect("copy");
    }
    let map = work.path().join("regional-security.ron");
    (work, map)
}

fn essay_map() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/regional-security.ron")
}

/// The viewer on the essay map (read from `maps/`) with the source panel
/// opened by its button.
fn with_source_panel(dir: &Path) -> Harness<'static, ReasonmapApp> {
    let mut harness = harness_with(Some(essay_map()), dir);
    assert!(!harness.state().source_panel_open(), "closed at first");
    harness
        .get_by_role_and_label(Role::Button, "Source")
        .click();
    harness.run();
    assert!(harness.state().source_panel_open());
    harness
}

fn claim_index(harness: &Harness<'_, ReasonmapApp>, id: &str) -> usize {
    let doc = harness.state().document().expect("a map is open");
    doc.loaded.index.claim(id).expect("the claim exists")
}

/// Clicks claim `id`'s box on the map (by the accessibility action: where
/// the layout puts the box, the minimap or the legend may lie over it),
/// after fitting the map so that every box is on screen.
fn click_claim(harness: &mut Harness<'static, ReasonmapApp>, id: &str) {
    harness.key_press(egui::Key::F);
    harness.run();
    let text = {
        let doc = harness.state().document().expect("map");
        doc.loaded.map.claims[claim_index(harness, id)].text.clone()
    };
    harness
        .get_by_role_and_label(Role::Button, &text)
        .click_accesskit();
    harness.run();
    assert_eq!(harness.state().selected(), Some(claim_index(harness, id)));
}

#[test]
fn clicking_a_passage_selects_its_claim() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = with_source_panel(dir.path());
    let quote = "The idea behind this approach is to enhance stability within the Islamic nation's immediate geo-political environment, and by extension, the larger global milieu.";
    harness.get_by_role_and_label(Role::Button, quote).click();
    harness.run();
    assert_eq!(
        harness.state().selected(),
        Some(claim_index(&harness, "aim-stability"))
    );
    // The side panel shows the quote in its context, with a way back.
    harness.get_by_label_contains("line 3 of regional-security.md");
    harness.get_by_label("Show in source");
}

#[test]
fn selecting_a_claim_on_the_map_scrolls_the_source_to_its_passage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = with_source_panel(dir.path());
    let passage = "This approach underscores the Islamic nations' commitment to regional security";
    assert!(
        harness.query_by_label(passage).is_none(),
        "the essay's last paragraph is out of view at first"
    );
    assert_eq!(harness.state().source_scroll_offset(), 0.0);
    click_claim(&mut harness, "commitment");
    assert!(harness.state().source_scroll_offset() > 100.0);
    // The passage is on screen, inside the source panel.
    let node = harness.get_by_role_and_label(Role::Button, passage);
    let rect = node.rect();
    assert!(rect.min.y > 40.0 && rect.max.y < 800.0, "{rect:?}");
    assert!(rect.max.x < 500.0, "in the panel on the left: {rect:?}");
}

#[test]
fn read_along_steps_through_the_claims_in_essay_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = with_source_panel(dir.path());
    let path: Vec<usize> = harness
        .state()
        .document()
        .and_then(|d| d.source.as_ref())
        .expect("the essay is read")
        .reading_path()
        .to_vec();
    let total = path.len();
    assert_eq!(total, 32);

    harness.key_press(egui::Key::J);
    harness.run();
    assert_eq!(harness.state().read_along_step(), Some(0));
    assert_eq!(harness.state().selected(), Some(path[0]));
    harness.get_by_label(&format!("1 / {total}"));

    for _ in 0..6 {
        harness.key_press(egui::Key::J);
        harness.run();
    }
    assert_eq!(harness.state().selected(), Some(path[6]));
    harness.get_by_label(&format!("7 / {total}"));
    // The map is centred on the claim.
    let canvas = harness.state().view().canvas_rect;
    let text = harness.state().document().expect("map").loaded.map.claims[path[6]]
        .text
        .clone();
    let box_rect = harness.get_by_role_and_label(Role::Button, &text).rect();
    assert!(
        (box_rect.center().x - canvas.center().x).abs() < 2.0,
        "{box_rect:?} in {canvas:?}"
    );

    harness.key_press(egui::Key::K);
    harness.run();
    assert_eq!(harness.state().selected(), Some(path[5]));
    harness
        .get_by_role_and_label(Role::Button, "Next ›")
        .click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(path[6]));
    harness.get_by_role_and_label(Role::Button, "Stop").click();
    harness.run();
    assert_eq!(harness.state().read_along_step(), None);
    assert!(harness.query_by_label(&format!("7 / {total}")).is_none());
}

#[test]
fn the_panel_and_check_agree_on_coverage_and_the_panel_steps_to_unmapped_sentences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let harness = with_source_panel(dir.path());
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["check", "--coverage"])
        .arg(essay_map())
        .output()
        .expect("check runs");
    let report = String::from_utf8(check.stdout).expect("UTF-8");
    let coverage = report
        .lines()
        .find_map(|l| l.split_once("coverage of ").map(|(_, rest)| rest))
        .and_then(|rest| rest.split_once(": "))
        .map(|(_, figure)| figure.to_owned())
        .expect("check reports coverage");
    assert_eq!(coverage, "23 of 23 sentences mapped (100 %)");
    harness.get_by_label(&coverage);
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Next unmapped ›")
            .accesskit_node()
            .is_disabled(),
        "nothing to step to"
    );

    // A copy of the essay with two sentences no claim quotes.
    let (work, map) = essay_copy();
    let essay = work.path().join("regional-security.md");
    let text = std::fs::read_to_string(&essay).expect("essay");
    std::fs::write(
        &essay,
        format!("{text}\nA closing remark nobody maps. And one more.\n"),
    )
    .expect("write");
    let mut second = harness_with(Some(map.clone()), dir.path());
    second.get_by_role_and_label(Role::Button, "Source").click();
    second.run();
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["check", "--coverage"])
        .arg(&map)
        .output()
        .expect("check runs");
    let report = String::from_utf8(check.stdout).expect("UTF-8");
    assert!(
        report.contains(": 23 of 25 sentences mapped (92 %)"),
        "{report}"
    );
    second.get_by_label("23 of 25 sentences mapped (92 %)");
    assert!(second.query_by_label_contains("A closing remark").is_none());
    second
        .get_by_role_and_label(Role::Button, "Next unmapped ›")
        .click();
    second.run();
    let remark = second.get_by_label_contains("A closing remark nobody maps.");
    assert!(remark.rect().max.y < 800.0, "scrolled into view");
}

#[test]
fn a_map_saved_broken_stays_on_screen_under_a_banner_until_it_is_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_work, map) = essay_copy();
    let original = std::fs::read_to_string(&map).expect("map");
    let mut harness = harness_with(Some(map.clone()), dir.path());
    harness
        .get_by_role_and_label(Role::Button, "Source")
        .click();
    harness.run();
    // Select a claim late in the essay: the source scrolls to it.
    click_claim(&mut harness, "commitment");
    let selected = harness.state().selected();
    let view = harness.state().view().screen_from_scene;
    let scroll = harness.state().source_scroll_offset();
    assert!(scroll > 100.0);

    // Saved with a misspelt id: three references to it break.
    std::fs::write(
        &map,
        original.replacen("id: \"commitment\"", "id: \"commitment-x\"", 1),
    )
    .expect("write");
    assert!(harness.state_mut().reload_if_map_changed());
    harness.state_mut().wait_for_io();
    harness.run();
    let state = harness.state();
    assert!(state.failure().is_none(), "no error page");
    let broken = state.broken().expect("the banner's diagnostics");
    let errors = broken.diagnostics().iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 3);
    assert!(state.document().is_some(), "the last good map stays");
    assert_eq!(state.selected(), selected);
    harness.get_by_label("The map file has errors: this is the last version that opened.");
    // The first diagnostic as file:line:col, and a count of the rest.
    let first = format!(
        "{}:217:24: unknown premise `commitment` in argument",
        map.display()
    );
    harness.get_by_label_contains(&first);
    harness.get_by_label("and 2 more");
    assert!(harness.query_by_label_contains(":332:").is_none());
    harness
        .get_by_role_and_label(Role::Button, "Show all")
        .click();
    harness.run();
    harness.get_by_label_contains(&format!("{}:332:", map.display()));
    harness.get_by_role_and_label(Role::Button, "Open in Editor");

    // Fixed, with an edit: the banner goes and the map updates in place.
    let edited = original.replacen(
        "The approach shows the Islamic nations' commitment to regional security.",
        "The approach shows the nations' commitment to regional security.",
        1,
    );
    assert_ne!(edited, original);
    std::fs::write(&map, &edited).expect("write");
    assert!(harness.state_mut().reload_if_map_changed());
    harness.state_mut().wait_for_io();
    harness.run();
    let state = harness.state();
    assert!(state.broken().is_none());
    assert!(
        harness
            .query_by_label("The map file has errors: this is the last version that opened.")
            .is_none()
    );
    let doc = state.document().expect("the fixed map");
    let commitment = doc.loaded.index.claim("commitment").expect("claim");
    assert_eq!(
        doc.loaded.map.claims[commitment].text,
        "The approach shows the nations' commitment to regional security."
    );
    assert_eq!(state.selected(), Some(commitment), "selection kept");
    assert_eq!(state.view().screen_from_scene, view, "view kept");
    assert!(
        (state.source_scroll_offset() - scroll).abs() < 1.0,
        "source scroll kept: {} then {}",
        scroll,
        state.source_scroll_offset()
    );
}

#[test]
fn a_map_that_never_opened_gets_the_error_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let work = tempfile::tempdir().expect("temp dir");
    let map = work.path().join("broken.ron");
    std::fs::write(&map, "(title: \"half-written").expect("write");
    let harness = harness_with(Some(map), dir.path());
    assert!(harness.state().failure().is_some());
    assert!(harness.state().broken().is_none());
    harness.get_by_label_contains("Could not open");
}

#[test]
fn file_export_writes_the_interactive_page_of_the_built_in_map() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_with(None, dir.path());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, "HTML")
        .click();
    harness.run();
    let out = dir.path().join("essay.html");
    harness.state_mut().export_dialog().path = out.display().to_string();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(2);
    harness.state_mut().export_dialog().wait();
    harness.run();
    harness.get_by_label_contains("Exported HTML");
    let page = std::fs::read_to_string(&out).expect("the page is written");
    // The built-in map's essay is in it, highlighted.
    assert!(page.contains("<h2>Deciphering Regional Security</h2>"));
    assert!(page.contains("23 of 23 sentences mapped (100 %)"));
    assert!(page.contains("<mark class=\"q "));
}

#[test]
fn a_map_without_a_readable_source_opens_and_the_panel_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model");
    let mut harness = harness_with(Some(fixtures.join("missing-source.ron")), dir.path());
    assert!(harness.state().document().is_some(), "the map opens");
    harness
        .get_by_role_and_label(Role::Button, "Source")
        .click();
    harness.run();
    harness.get_by_label("The source “nowhere.md” could not be read.");
    harness.get_by_label_contains("is a path relative to the map file");

    let mut harness = harness_with(Some(fixtures.join("warnings.ron")), dir.path());
    harness
        .get_by_role_and_label(Role::Button, "Source")
        .click();
    harness.run();
    harness.get_by_label("This map names no source text.");
    harness.get_by_label("source: \"essay.md\",");
    // Read-along needs a text to follow.
    harness.key_press(egui::Key::J);
    harness.run();
    assert_eq!(harness.state().read_along_step(), None);
}

#[test]
fn the_hint_plate_keeps_off_the_read_along_bar() {
    // The essay opens on its top with a hint plate; reading along puts its
    // bar over the top of the map, where the plate would sit. Reading along
    // moves the view, which takes the plate away; Home brings back the
    // opening view, and the plate with it, while the bar stays.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_with(None, dir.path());
    for _ in 0..3 {
        harness.key_press(egui::Key::J);
        harness.run();
    }
    assert_eq!(harness.state().read_along_step(), Some(2));
    harness.key_press(egui::Key::Home);
    harness.run();
    assert_eq!(harness.state().read_along_step(), Some(2));
    let bar = harness
        .get_by_role_and_label(Role::Button, "‹ Previous")
        .rect()
        .union(harness.get_by_role_and_label(Role::Button, "Stop").rect());
    let hint = harness
        .state()
        .view()
        .hint_rect
        .expect("the opening hint is still shown");
    assert!(!hint.intersects(bar), "hint {hint:?} over the bar {bar:?}");
}
