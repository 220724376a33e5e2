//! The minimap in the canvas's corner, driven as a person would: a click on
//! it brings that part of the map to the middle of the canvas, and dragging
//! its viewport rectangle moves the view along. (egui_kittest; headless.)

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, ReasonmapApp};

mod common;
use common::viewer;

/// Padding between the minimap's frame and the map drawn in it, in points.
const PADDING: f32 = 4.0;

fn harness(data_dir: &std::path::Path) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map: None,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: None,
    };
    viewer(options, egui::vec2(1280.0, 800.0))
}

/// The scene point in the middle of the canvas.
fn middle_of_view(app: &ReasonmapApp) -> egui::Pos2 {
    let view = app.view();
    view.screen_from_scene.inverse() * view.canvas_rect.center()
}

/// Presses and releases the primary button at `pos`, moving through
/// `path` in between (empty for a click).
fn press_move_release(harness: &mut Harness<'static, ReasonmapApp>, path: &[egui::Pos2]) {
    let start = path[0];
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    for p in &path[1..] {
        harness.hover_at(*p);
        harness.run();
    }
    harness.drop_at(*path.last().unwrap_or(&start));
    harness.run();
}

#[test]
fn clicking_the_minimap_brings_that_place_to_the_middle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path());
    let minimap = harness.get_by_role_and_label(Role::Image, "Minimap").rect();
    let canvas = harness.state().view().canvas_rect;
    assert!(canvas.contains(minimap.center()));
    assert!(
        minimap.max.x > canvas.center().x && minimap.max.y > canvas.center().y,
        "in the bottom-right corner: {minimap:?} on {canvas:?}"
    );
    let bounds = harness
        .state()
        .document()
        .expect("the built-in map")
        .scene
        .bounds;
    let zoom = harness.state().view().zoom();

    // A place well away from the middle of the view, wherever the map
    // opened: the one of four places near the minimap's corners farthest
    // from what the view shows now.
    let image = minimap.shrink(PADDING);
    let before = middle_of_view(harness.state());
    let on_map = |f: egui::Vec2| {
        egui::pos2(
            bounds.min.x + f.x * bounds.width(),
            bounds.min.y + f.y * bounds.height(),
        )
    };
    let fraction = [
        egui::vec2(0.1, 0.35),
        egui::vec2(0.9, 0.35),
        egui::vec2(0.1, 0.8),
        egui::vec2(0.9, 0.8),
    ]
    .into_iter()
    .max_by(|a, b| {
        before
            .distance(on_map(*a))
            .total_cmp(&before.distance(on_map(*b)))
    })
    .expect("four places");
    let at = image.lerp_inside(fraction);
    let expected = on_map(fraction);
    assert!(
        before.distance(expected) > bounds.width() * 0.1,
        "the place is not in the middle already"
    );
    press_move_release(&mut harness, &[at]);

    let after = middle_of_view(harness.state());
    // Within a pixel of the minimap.
    let pixel = bounds.width() / image.width();
    assert!(
        after.distance(expected) <= 1.5 * pixel,
        "the middle of the view is {after:?}, the place clicked {expected:?}"
    );
    assert_eq!(harness.state().view().zoom(), zoom, "the zoom is kept");
    assert_eq!(harness.state().selected(), None, "no claim was selected");
}

#[test]
fn dragging_the_viewport_rectangle_moves_the_view_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path());
    let bounds = harness
        .state()
        .document()
        .expect("the built-in map")
        .scene
        .bounds;
    // Zoom in so the viewport rectangle is small, then find it: it is
    // around the middle of the view.
    harness.key_press(egui::Key::Num0);
    harness.run();
    let minimap = harness.get_by_role_and_label(Role::Image, "Minimap").rect();
    let image = minimap.shrink(PADDING);
    let scale = image.width() / bounds.width();
    let before = middle_of_view(harness.state());
    let on_viewport = image.min + (before - egui::pos2(bounds.min.x, bounds.min.y)) * scale;
    let moved = egui::vec2(-12.0, 6.0);
    press_move_release(
        &mut harness,
        &[on_viewport, on_viewport + moved * 0.5, on_viewport + moved],
    );
    let after = middle_of_view(harness.state());
    let expected = before + moved / scale;
    assert!(
        after.distance(expected) < 2.0 / scale,
        "the view moved to {after:?}, expected {expected:?} (from {before:?})"
    );
}

#[test]
fn the_minimap_can_be_hidden_from_the_view_menu() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path());
    harness.get_by_role_and_label(Role::Image, "Minimap");
    harness.get_by_role_and_label(Role::Button, "View").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::CheckBox, "Minimap")
        .click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Image, "Minimap")
            .is_none()
    );
}
