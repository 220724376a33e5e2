//! The viewer's help windows, source panel and read-along mode, driven
//! headless with egui_kittest as a person would use them.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, ReasonmapApp};

/// The viewer on `map` (the built-in essay map for `None`), with its
/// notes and settings in `data_dir` and automatic saving off.
fn harness(map: Option<PathBuf>, data_dir: &Path) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ReasonmapApp::new(cc, options));
    harness.run();
    harness
}

#[test]
fn help_shows_the_map_format_and_the_keys_inside_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(None, dir.path());
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
