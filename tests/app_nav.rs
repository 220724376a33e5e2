//! Finding one's way with the keyboard and on small screens, driven as a
//! person would (egui_kittest, headless): arrow keys through the argument,
//! the focus ring, a claim's context menu, Ctrl+F with typing at once, the
//! legend and the side panels in an 800 × 600 window, and File › Open by
//! a typed path.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use reasonmap::app::{AppOptions, ReasonmapApp};

mod common;
use common::{settle, viewer};
use reasonmap::evaluation::Mark;

/// The viewer on `map` in a window of `size`, with its notes in `data_dir`
/// and automatic saving off.
fn harness_sized(
    map: Option<PathBuf>,
    data_dir: &Path,
    size: Vec2,
) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: None,
    };
    viewer(options, size)
}

/// The essay map in a 1280 × 800 window, fitted so every claim is a
/// widget on screen. The temporary folder holds its notes.
fn essay() -> (Harness<'static, ReasonmapApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1280.0, 800.0));
    harness.key_press(Key::F);
    harness.run();
    (harness, dir)
}

fn text(harness: &Harness<'static, ReasonmapApp>, claim: usize) -> String {
    harness
        .state()
        .document()
        .expect("a map is open")
        .loaded
        .map
        .claims[claim]
        .text
        .clone()
}

fn id(harness: &Harness<'static, ReasonmapApp>, claim: usize) -> String {
    harness
        .state()
        .document()
        .expect("a map is open")
        .loaded
        .map
        .claims[claim]
        .id
        .clone()
}

/// The claim's box on screen, as the accessibility tree reports it.
fn box_on_screen(harness: &Harness<'static, ReasonmapApp>, claim: usize) -> Rect {
    harness
        .get_by_role_and_label(Role::Button, &text(harness, claim))
        .rect()
}

/// The centre of the claim's box on the map (scene points), left to right.
fn x_on_map(harness: &Harness<'static, ReasonmapApp>, claim: usize) -> f32 {
    let scene = &harness.state().document().expect("map").scene;
    let node = scene
        .nodes
        .iter()
        .find(|n| n.claim == claim)
        .expect("the claim is drawn");
    node.rect.center().x
}

fn click_claim(harness: &mut Harness<'static, ReasonmapApp>, claim: usize) {
    let label = text(harness, claim);
    harness.get_by_role_and_label(Role::Button, &label).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(claim));
}

fn conclusion(harness: &Harness<'static, ReasonmapApp>) -> usize {
    harness
        .state()
        .document()
        .and_then(|d| d.loaded.index.conclusion())
        .expect("the essay map has a conclusion")
}

/// Whether `claim` bears on `on` (is a premise of an argument into it).
fn bears_on(harness: &Harness<'static, ReasonmapApp>, claim: usize, on: usize) -> bool {
    let index = &harness.state().document().expect("map").loaded.index;
    index
        .premise_of(claim)
        .iter()
        .any(|&a| index.target_claim(a) == Some(on))
}

/// The first claim in file order that bears on `top`.
fn first_reason(harness: &Harness<'static, ReasonmapApp>, top: usize) -> usize {
    let n = harness
        .state()
        .document()
        .expect("map")
        .loaded
        .map
        .claims
        .len();
    (0..n)
        .find(|&c| bears_on(harness, c, top))
        .expect("a reason")
}

fn press(harness: &mut Harness<'static, ReasonmapApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn arrow_keys_go_to_the_parent_the_first_child_and_the_siblings() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    click_claim(&mut harness, top);

    press(&mut harness, Key::ArrowDown);
    let first = harness.state().selected().expect("a child is selected");
    assert!(
        bears_on(&harness, first, top),
        "↓ goes to a claim bearing on the conclusion"
    );
    // The first child is the leftmost of the conclusion's children on the map.
    let n = harness
        .state()
        .document()
        .expect("map")
        .loaded
        .map
        .claims
        .len();
    let children: Vec<usize> = (0..n).filter(|&c| bears_on(&harness, c, top)).collect();
    assert!(children.len() >= 2, "the test needs siblings");
    let first_x = x_on_map(&harness, first);
    for &c in &children {
        assert!(first_x <= x_on_map(&harness, c));
    }

    press(&mut harness, Key::ArrowRight);
    let second = harness.state().selected().expect("a sibling");
    assert_ne!(second, first);
    assert!(
        bears_on(&harness, second, top),
        "→ stays among the siblings"
    );
    assert!(x_on_map(&harness, second) > first_x);
    // The nearest sibling to the right: none lies between.
    let second_x = x_on_map(&harness, second);
    assert!(children.iter().all(|&c| c == first
        || c == second
        || !(first_x..second_x).contains(&x_on_map(&harness, c))));

    press(&mut harness, Key::ArrowLeft);
    assert_eq!(harness.state().selected(), Some(first), "← goes back");
    // The first sibling has none before it: ← stays.
    press(&mut harness, Key::ArrowLeft);
    assert_eq!(harness.state().selected(), Some(first));

    press(&mut harness, Key::ArrowUp);
    assert_eq!(
        harness.state().selected(),
        Some(top),
        "↑ goes to the parent"
    );

    // Alt+arrows are kept for collapsing: they do not move the selection.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().selected(), Some(top));
}

#[test]
fn arrow_keys_pan_when_nothing_is_selected_and_not_while_walking() {
    let (mut harness, _dir) = essay();
    let before = harness.state().view().screen_from_scene.translation;
    press(&mut harness, Key::ArrowLeft);
    let after = harness.state().view().screen_from_scene.translation;
    assert!(after.x > before.x, "← pans with nothing selected");

    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    let before = harness.state().view().screen_from_scene.translation;
    press(&mut harness, Key::ArrowUp);
    // The conclusion bears on nothing: the selection and the view stay.
    assert_eq!(harness.state().selected(), Some(top));
    assert_eq!(harness.state().view().screen_from_scene.translation, before);
}

#[test]
fn moving_far_reveals_the_claim_moved_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Opened at a readable zoom, the map is larger than the window.
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1280.0, 800.0));
    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    for _ in 0..6 {
        press(&mut harness, Key::ArrowDown);
    }
    let deep = harness.state().selected().expect("selected");
    assert_ne!(deep, top);
    let canvas = harness.state().view().canvas_rect;
    assert!(
        canvas.contains_rect(box_on_screen(&harness, deep)),
        "the claim moved to is in view"
    );
}

#[test]
fn the_focus_ring_follows_the_selection_and_tab() {
    let (mut harness, _dir) = essay();
    assert_eq!(harness.state().focus_ring(), None);
    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    assert_eq!(harness.state().focus_ring(), Some(top));
    press(&mut harness, Key::ArrowDown);
    let child = harness.state().selected().expect("selected");
    assert_eq!(harness.state().focus_ring(), Some(child));

    // Keyboard focus on a claim box: the selection and the ring follow it.
    harness
        .get_by_role_and_label(Role::Button, &text(&harness, top))
        .focus();
    harness.run();
    assert_eq!(harness.state().selected(), Some(top));
    assert_eq!(harness.state().focus_ring(), Some(top));
    // Arrow keys move the focus along with the selection …
    press(&mut harness, Key::ArrowDown);
    assert_eq!(harness.state().selected(), Some(child));
    assert!(
        harness
            .get_by_role_and_label(Role::Button, &text(&harness, child))
            .is_focused()
    );
    // … and Tab goes on from there to another claim, which is selected.
    press(&mut harness, Key::Tab);
    let tabbed = harness.state().selected().expect("selected");
    assert_ne!(tabbed, child);
    assert!(
        harness
            .get_by_role_and_label(Role::Button, &text(&harness, tabbed))
            .is_focused()
    );
    assert_eq!(harness.state().focus_ring(), Some(tabbed));
    // Map keys still work while a claim has the focus: A marks it.
    press(&mut harness, Key::A);
    let marks = harness
        .state()
        .document()
        .expect("map")
        .notes
        .marks()
        .clone();
    assert_eq!(marks.get(&id(&harness, tabbed)), Some(&Mark::Accepted));
}

fn open_menu(harness: &mut Harness<'static, ReasonmapApp>, claim: usize) {
    let label = text(harness, claim);
    harness
        .get_by_role_and_label(Role::Button, &label)
        .click_secondary();
    harness.run();
}

fn copied(harness: &Harness<'static, ReasonmapApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_context_menu_offers_its_entries_and_copies_the_id() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    open_menu(&mut harness, top);
    for entry in [
        "Add Note N",
        "Copy Text",
        "Copy Id",
        "Export This Branch…",
        "Accept A",
        "Reject X",
        "Leave Open O",
    ] {
        harness.get_by_role_and_label(Role::Button, entry);
    }
    let has_source = harness.state().document().expect("map").source.is_some();
    assert_eq!(
        harness.query_by_label("Show in Source").is_some(),
        has_source,
        "Show in Source only with a source text"
    );

    harness
        .get_by_role_and_label(Role::Button, "Copy Id")
        .click();
    harness.step();
    assert_eq!(copied(&harness), [id(&harness, top)]);
    harness.run();
    assert!(
        harness.query_by_label("Copy Id").is_none(),
        "the menu closes"
    );

    open_menu(&mut harness, top);
    harness
        .get_by_role_and_label(Role::Button, "Copy Text")
        .click();
    harness.step();
    assert_eq!(copied(&harness), [text(&harness, top)]);
}

#[test]
fn accept_from_the_context_menu_marks_the_claim_and_undo_removes_it() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    let claim = first_reason(&harness, top);
    let claim_id = id(&harness, claim);
    let mark = |h: &Harness<'static, ReasonmapApp>| {
        h.state()
            .document()
            .expect("map")
            .notes
            .marks()
            .get(&claim_id)
            .copied()
    };
    open_menu(&mut harness, claim);
    harness
        .get_by_role_and_label(Role::Button, "Accept A")
        .click();
    harness.run();
    assert_eq!(mark(&harness), Some(Mark::Accepted));
    // The menu shows the mark the claim has.
    open_menu(&mut harness, claim);
    let chosen = |h: &Harness<'static, ReasonmapApp>, label: &str| {
        h.get_by_role_and_label(Role::Button, label)
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True)
    };
    assert!(chosen(&harness, "Accept A"));
    assert!(!chosen(&harness, "Reject X"));
    harness
        .get_by_role_and_label(Role::Button, "Reject X")
        .click();
    harness.run();
    assert_eq!(mark(&harness), Some(Mark::Rejected));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        mark(&harness),
        Some(Mark::Accepted),
        "undo, as for the A key"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(mark(&harness), None);
}

#[test]
fn export_this_branch_opens_the_export_dialog_for_the_claim() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    let claim = first_reason(&harness, top);
    open_menu(&mut harness, claim);
    harness
        .get_by_role_and_label(Role::Button, "Export This Branch…")
        .click();
    // The dialog works out its preview in the background for a few frames.
    harness.run_ok();
    assert_eq!(harness.state().selected(), Some(claim));
    let dialog = harness.state_mut().export_dialog();
    assert!(dialog.open);
    assert_eq!(dialog.scope, reasonmap::app::export_ui::Scope::Selected);
}

#[test]
fn letters_typed_right_after_ctrl_f_go_into_the_search_field() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    // Ctrl+F and the word arrive in the same frame, as on a slow machine.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    for key in [Key::T, Key::R, Key::E, Key::A, Key::T, Key::Y] {
        harness.key_press(key);
    }
    harness.event(egui::Event::Text("treaty".to_owned()));
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Find");
    assert_eq!(field.value().as_deref(), Some("treaty"));
    // None of the letters reached the map: `A` would have accepted the claim.
    let doc = harness.state().document().expect("map");
    assert!(doc.notes.marks().is_empty(), "{:?}", doc.notes.marks());
}

#[test]
fn letters_typed_in_the_frame_after_ctrl_f_go_into_the_search_field() {
    let (mut harness, _dir) = essay();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.step();
    harness.event(egui::Event::Text("treaty".to_owned()));
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Find");
    assert_eq!(field.value().as_deref(), Some("treaty"));
}

/// Claims whose boxes the legend covers now.
fn covered(harness: &Harness<'static, ReasonmapApp>) -> Vec<usize> {
    let legend = harness.state().legend_rect().expect("the legend is shown");
    let n = harness
        .state()
        .document()
        .expect("map")
        .loaded
        .map
        .claims
        .len();
    (0..n)
        .filter(|&c| {
            harness
                .query_by_role_and_label(Role::Button, &text(harness, c))
                .is_some_and(|node| node.rect().intersects(legend))
        })
        .collect()
}

#[test]
fn the_legend_keeps_clear_of_the_selection_after_a_resize() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1280.0, 800.0));
    harness.set_size(Vec2::new(800.0, 600.0));
    harness.run();
    // Pan (arrow keys, nothing selected) until a claim lies under the
    // legend, wherever the layout put the claims.
    let mut under = covered(&harness);
    'pan: for key in [
        Key::ArrowRight,
        Key::ArrowUp,
        Key::ArrowLeft,
        Key::ArrowDown,
    ] {
        for _ in 0..40 {
            if !under.is_empty() {
                break 'pan;
            }
            press(&mut harness, key);
            under = covered(&harness);
        }
    }
    assert!(!under.is_empty(), "the test needs a claim under the legend");
    // Selected by the accessibility action: a click would land on the legend.
    let claim = under[0];
    harness
        .get_by_role_and_label(Role::Button, &text(&harness, claim))
        .click_accesskit();
    harness.run();
    assert_eq!(harness.state().selected(), Some(claim));
    let clear = |h: &Harness<'static, ReasonmapApp>| {
        let legend = h.state().legend_rect().expect("legend");
        !legend.intersects(box_on_screen(h, claim))
    };
    assert!(clear(&harness), "the legend moved off the selected claim");

    // Larger and back: still clear.
    harness.set_size(Vec2::new(1920.0, 1080.0));
    harness.run();
    assert!(clear(&harness));
    harness.set_size(Vec2::new(800.0, 600.0));
    harness.run();
    assert!(clear(&harness));
}

#[test]
fn fit_leaves_room_for_the_legend() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(800.0, 600.0));
    press(&mut harness, Key::F);
    press(&mut harness, Key::F);
    assert!(covered(&harness).is_empty(), "{:?}", covered(&harness));
}

#[test]
fn in_a_narrow_window_the_map_keeps_most_of_the_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(800.0, 600.0));
    press(&mut harness, Key::F);
    let top = conclusion(&harness);
    let label = text(&harness, top);
    harness
        .get_by_role_and_label(Role::Button, &label)
        .click_accesskit();
    harness.run();
    let canvas = |h: &Harness<'static, ReasonmapApp>| h.state().view().canvas_rect.width();
    assert!(canvas(&harness) >= 0.6 * 800.0, "{}", canvas(&harness));
    harness.get_by_label_contains("Notes (").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Evaluation")
        .click();
    harness.run();
    assert!(canvas(&harness) >= 0.6 * 800.0, "{}", canvas(&harness));
    // One panel at a time: the Evaluation panel closed the Notes panel
    // and hid the details.
    harness.get_by_role_and_label(Role::Button, "What if?");
    assert!(harness.query_by_label_contains("All notes (").is_none());
    assert!(harness.query_by_label("main conclusion").is_none());
    // Clicking a claim brings its details back.
    harness
        .get_by_role_and_label(Role::Button, &label)
        .click_accesskit();
    harness.run();
    harness.run();
    harness.get_by_label("main conclusion");
    assert!(canvas(&harness) >= 0.6 * 800.0, "{}", canvas(&harness));
}

#[test]
fn in_a_wide_window_the_panels_stay_open_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1920.0, 1080.0));
    press(&mut harness, Key::F);
    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    harness.get_by_label_contains("Notes (").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Evaluation")
        .click();
    harness.run();
    // Both left panels and the details.
    harness.get_by_label("main conclusion");
    harness.get_by_label_contains("All notes (");
    harness.get_by_role_and_label(Role::Button, "What if?");
    assert!(harness.state().view().canvas_rect.width() < 1920.0 - 600.0);
}

#[test]
fn open_by_path_completes_the_folders_maps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let maps = dir.path().join("maps");
    std::fs::create_dir_all(maps.join("regions")).expect("mkdir");
    let essay = Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/regional-security.ron");
    std::fs::copy(&essay, maps.join("regional.ron")).expect("copy");
    std::fs::write(maps.join("region.json"), "{}").expect("write");
    std::fs::write(maps.join("readme.txt"), "").expect("write");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1280.0, 800.0));
    harness.state_mut().show_open_by_path();
    harness.run();

    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    let typed = format!("{}{}reg", maps.display(), std::path::MAIN_SEPARATOR);
    harness.event(egui::Event::Text(typed));
    harness.run();
    harness.get_by_label("regions/");
    harness.get_by_label("region.json");
    harness.get_by_label("regional.ron");
    assert!(harness.query_by_label("readme.txt").is_none());

    // Tab completes as far as the names agree, then to the one map.
    harness.key_press(Key::Tab);
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    let region = maps.join("region").display().to_string();
    assert_eq!(field.value().as_deref(), Some(region.as_str()));
    harness.event(egui::Event::Text("al".to_owned()));
    harness.key_press(Key::Tab);
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    let expected = maps.join("regional.ron").display().to_string();
    assert_eq!(field.value().as_deref(), Some(expected.as_str()));
    // Clicking a completion fills it in too.
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    let typed = format!("{}{}reg", maps.display(), std::path::MAIN_SEPARATOR);
    harness.event(egui::Event::Text(typed));
    harness.run();
    harness.get_by_label("regional.ron").click();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    let expected = maps.join("regional.ron").display().to_string();
    assert_eq!(field.value().as_deref(), Some(expected.as_str()));
    harness.get_by_role_and_label(Role::Button, "Open").click();
    // The map opens on a worker thread: settle runs frames until it is in.
    harness.step();
    settle(&mut harness);
    let doc = harness.state().document().expect("the map opens");
    assert_eq!(doc.origin.path(), Some(maps.join("regional.ron").as_path()));
    assert!(
        harness.query_by_label("regional.ron").is_none(),
        "the window closed"
    );
}

#[test]
fn open_by_path_says_when_there_is_no_such_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(None, dir.path(), Vec2::new(1280.0, 800.0));
    harness.state_mut().show_open_by_path();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Path");
    field.focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    let missing = dir.path().join("missing.ron");
    harness.event(egui::Event::Text(missing.display().to_string()));
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Open").click();
    harness.run();
    harness.get_by_label_contains("There is no file");
    assert_eq!(
        harness.state().document().and_then(|d| d.origin.path()),
        None
    );
}

#[test]
fn the_context_menu_collapses_expands_and_focuses_a_branch() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    let shown = |harness: &Harness<'static, ReasonmapApp>| {
        harness.state().document().expect("map").scene.nodes.len()
    };
    let all = shown(&harness);

    open_menu(&mut harness, top);
    assert!(
        harness.query_by_label("Expand Branch Alt+Right").is_none(),
        "nothing to expand yet"
    );
    harness
        .get_by_role_and_label(Role::Button, "Collapse Branch Alt+Left")
        .click();
    settle(&mut harness);
    assert_eq!(shown(&harness), 1, "only the conclusion is left");

    open_menu(&mut harness, top);
    harness
        .get_by_role_and_label(Role::Button, "Expand Branch Alt+Right")
        .click();
    settle(&mut harness);
    assert_eq!(shown(&harness), all, "every claim is back");

    open_menu(&mut harness, top);
    harness
        .get_by_role_and_label(Role::Button, "Focus on This Claim Z")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().selected(),
        Some(top),
        "the focused claim is selected"
    );
    assert!(
        harness
            .state()
            .document()
            .expect("map")
            .collapse
            .focus
            .is_some(),
        "focus mode is on"
    );
    open_menu(&mut harness, top);
    harness
        .get_by_role_and_label(Role::Button, "Leave Focus Z")
        .click();
    settle(&mut harness);
    assert!(
        harness
            .state()
            .document()
            .expect("map")
            .collapse
            .focus
            .is_none()
    );
}

#[test]
fn dragging_the_legend_snaps_it_to_the_nearest_corner() {
    let (mut harness, _dir) = essay();
    let canvas = harness.state().view().canvas_rect;
    let before = harness.state().legend_rect().expect("the legend is shown");
    assert!(before.center().x < canvas.center().x && before.center().y > canvas.center().y);
    // Grab it by a row and let go near the top right.
    let start = harness.get_by_label("Reason (supports)").rect().center();
    // A held button keeps the legend repainting: frames one at a time.
    harness.drag_at(start);
    harness.step();
    let end = egui::pos2(canvas.right() - 150.0, canvas.top() + 120.0);
    for i in 1..=10 {
        let t = i as f32 / 10.0;
        harness.hover_at(start + (end - start) * t);
        harness.step();
    }
    harness.drop_at(end);
    harness.run();
    let after = harness.state().legend_rect().expect("legend");
    assert!(
        (after.right() - canvas.right()).abs() < 20.0 && (after.top() - canvas.top()).abs() < 20.0,
        "docked at the top right: {after:?} in {canvas:?}"
    );
}

#[test]
fn help_keyboard_explains_the_arrow_keys() {
    let (mut harness, _dir) = essay();
    harness.get_by_role_and_label(Role::Button, "Help").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Keyboard")
        .click();
    harness.run();
    harness.get_by_label("Moving through the argument");
    harness.get_by_label_contains("the claim the selected one bears on");
    harness.get_by_label_contains("collapse / expand the selected claim");
}

#[test]
fn collapse_keys_and_read_along_work_while_a_claim_box_has_the_keyboard() {
    let (mut harness, _dir) = essay();
    let top = conclusion(&harness);
    click_claim(&mut harness, top);
    // Walking gives the claim's box the keyboard focus.
    press(&mut harness, Key::ArrowDown);
    let child = harness.state().selected().expect("a child is selected");
    assert_eq!(harness.state().focus_ring(), Some(child));
    press(&mut harness, Key::ArrowUp);
    assert_eq!(harness.state().selected(), Some(top));
    let all = harness.state().document().expect("map").scene.nodes.len();

    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run();
    let shown = harness.state().document().expect("map").scene.nodes.len();
    assert!(
        shown < all,
        "Alt+Left collapsed the branch: {shown} of {all} shown"
    );
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().document().expect("map").scene.nodes.len(),
        all
    );

    // J starts reading along at the selected claim and then steps the
    // reading path, from the claim box too.
    press(&mut harness, Key::ArrowDown);
    let before = harness.state().selected();
    assert_ne!(before, Some(top), "the walk goes on after expanding");
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    let after = harness.state().selected();
    assert!(after.is_some());
    assert_ne!(after, before, "J moved to the next claim read");
}
