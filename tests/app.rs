//! The viewer driven as a person would, headless: open maps, click claims,
//! read the side panel, search, zoom. (egui_kittest; no display needed.)

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::ReasonmapApp;

fn harness(map: Option<PathBuf>) -> Harness<'static, ReasonmapApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ReasonmapApp::new(cc, map));
    harness.run();
    harness
}

fn claim_text(app: &ReasonmapApp, claim: usize) -> String {
    app.document().expect("a map is open").loaded.map.claims[claim].text.clone()
}

#[test]
fn opens_the_essay_map_and_shows_a_clicked_claims_quote() {
    let mut harness = harness(None);
    let app = harness.state();
    let doc = app.document().expect("the built-in essay map opens");
    assert!(app.failure().is_none());
    assert!(doc.loaded.map.claims.len() >= 20);
    let conclusion = doc.loaded.index.conclusion().expect("the essay map has a conclusion");
    let text = claim_text(app, conclusion);
    let quote = doc.loaded.map.claims[conclusion].quote.clone().expect("the conclusion quotes the essay");

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
    harness.get_by_role_and_label(Role::Link, &reason_text).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(reason));
}

#[test]
fn escape_and_clicking_empty_space_clear_the_selection() {
    let mut harness = harness(None);
    let conclusion = harness.state().document().and_then(|d| d.loaded.index.conclusion()).expect("conclusion");
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
        let c = doc.loaded.map.claims.iter().position(|c| c.text.contains("dialogue")).expect("a claim about dialogues");
        (c, "dialogue")
    };
    let field = harness.get_by_label("Search claims (Ctrl+F)");
    field.click();
    field.type_text(word);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let selected = harness.state().selected().expect("Enter selects the first match");
    let doc = harness.state().document().expect("map");
    assert!(doc.loaded.map.claims[selected].text.to_lowercase().contains(word), "{selected} vs {target}");
    harness.get_by_label_contains("match");
}

#[test]
fn keyboard_zooms_and_fits() {
    let mut harness = harness(None);
    let fitted = harness.state().view().zoom();
    harness.key_press(egui::Key::Plus);
    harness.run();
    let zoomed = harness.state().view().zoom();
    assert!(zoomed > fitted * 1.2, "{fitted} -> {zoomed}");
    harness.key_press(egui::Key::F);
    harness.run();
    assert!((harness.state().view().zoom() - fitted).abs() < 1e-4);
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
fn a_missing_map_file_is_reported_by_name() {
    let harness = harness(Some(PathBuf::from("no/such/map.ron")));
    harness.get_by_label_contains("Could not open no/such/map.ron");
}
