//! The export dialog's Page choice (egui_kittest, headless): picking a
//! sheet previews its size and the small-print warning, and the export
//! writes a PDF whose page is that sheet, as `export --page` does.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, ReasonmapApp};

fn harness(map: &Path) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map: Some(map.to_owned()),
        data_dir: map.parent().map(|d| d.join("data")),
        autosave_delay: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ReasonmapApp::new(cc, options));
    harness.state_mut().wait_for_io();
    harness.run_ok();
    harness
}

/// The app on `map` with its export dialog open, PDF and A4 chosen.
fn pdf_on_a4(map: &Path) -> Harness<'static, ReasonmapApp> {
    let mut harness = harness(map);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    harness.run_ok();
    choose(&mut harness, "PDF");
    choose(&mut harness, "A4");
    harness
}

/// Clicks the radio button `label` and waits for the dialog's preview.
fn choose(harness: &mut Harness<'static, ReasonmapApp>, label: &str) {
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .click();
    harness.run_ok();
    harness.state_mut().export_dialog().wait();
    harness.run_ok();
}

/// The page sizes of a PDF, from its MediaBox entries.
fn media_boxes(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox [")
        .map(|(at, key)| {
            let rest = &text[at + key.len()..];
            rest[..rest.find(']').unwrap()].trim().to_owned()
        })
        .collect()
}

#[test]
fn the_dialog_exports_a_page_sized_pdf_and_warns_of_small_print() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["regional-security.ron", "regional-security.md"] {
        std::fs::copy(format!("maps/{file}"), dir.path().join(file)).unwrap();
    }
    let map = dir.path().join("regional-security.ron");
    let mut harness = pdf_on_a4(&map);
    // Laid out in a print style, the essay prints on A4 portrait at a
    // readable size, with the legend (on by default) in a corner the map
    // leaves free.
    harness.get_by_label_contains("A4 portrait, map at");
    assert_no_small_print(&harness);

    choose(&mut harness, "Portrait");
    harness.get_by_label_contains("A4 portrait, map at");
    assert_no_small_print(&harness);
    // Turned, the sheet is shorter, and the essay still prints readably:
    // laid out for the wide sheet, readable first.
    choose(&mut harness, "Landscape");
    harness.get_by_label_contains("A4 landscape, map at");
    assert_no_small_print(&harness);
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_ok();
    harness.state_mut().export_dialog().wait();
    harness.run_ok();
    harness.get_by_label_contains("Exported PDF");
    let pdf = std::fs::read(dir.path().join("regional-security.pdf")).unwrap();
    assert_eq!(media_boxes(&pdf), ["0 0 841.89 595.28"]);

    choose(&mut harness, "A3");
    harness.get_by_label_contains("A3 landscape, map at");
    assert_no_small_print(&harness);

    // A generated tree of 28 claims, wider and with longer texts, prints
    // below 6 pt on A4: the dialog says so and what to choose instead.
    let tree = dir.path().join("tree.ron");
    let map = reasonmap::generate::generate_map(28, 3);
    let text = ron::ser::to_string_pretty(&map, ron::ser::PrettyConfig::default()).unwrap();
    std::fs::write(&tree, text).unwrap();
    let mut harness = pdf_on_a4(&tree);
    harness.get_by_label_contains("A4 landscape, map at");
    harness.get_by_label_contains("too small to read: choose A3");
    choose(&mut harness, "A3");
    harness.get_by_label_contains("A3 landscape, map at");
    assert_no_small_print(&harness);

    // The tutorial map prints large enough on A4: no warning.
    let tutorial = dir.path().join("tutorial.ron");
    std::fs::copy("maps/tutorial.ron", &tutorial).unwrap();
    let harness = pdf_on_a4(&tutorial);
    harness.get_by_label_contains("A4 ");
    assert_no_small_print(&harness);
}

/// Fails when the dialog warns that the text prints too small to read.
fn assert_no_small_print(harness: &Harness<'static, ReasonmapApp>) {
    let small: Vec<String> = harness
        .query_all_by_label_contains("too small to read")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(small.is_empty(), "{small:?}");
}
