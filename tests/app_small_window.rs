//! What lies over the canvas in a small and a large window: the legend,
//! the minimap and the hint plate must not cover one another, and in an
//! 800 × 600 window the legend starts folded to one line. (egui_kittest;
//! headless.)

use egui::accesskit::Role;
use egui::{Key, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, ReasonmapApp};

mod common;
use common::viewer;

/// The built-in essay in a window of `size`, with its notes in `data_dir`.
fn harness_sized(data_dir: &std::path::Path, size: Vec2) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map: None,
        data_dir: Some(data_dir.to_owned()),
        autosave_delay: None,
    };
    viewer(options, size)
}

/// The legend, minimap and hint rectangles now.
fn overlays(harness: &Harness<'static, ReasonmapApp>) -> (Rect, Rect, Option<Rect>) {
    let legend = harness.state().legend_rect().expect("the legend is shown");
    let minimap = harness.get_by_role_and_label(Role::Image, "Minimap").rect();
    (legend, minimap, harness.state().view().hint_rect)
}

/// Zooms out with `-` until the canvas says the text is too small.
fn zoom_out_until_hint(harness: &mut Harness<'static, ReasonmapApp>) -> Rect {
    for _ in 0..12 {
        if harness.state().view().zoom() < 0.4 {
            break;
        }
        harness.key_press(Key::Minus);
        harness.run();
    }
    harness.run();
    harness
        .state()
        .view()
        .hint_rect
        .expect("a hint says the text is too small")
}

fn assert_clear(harness: &Harness<'static, ReasonmapApp>, what: &str) {
    let (legend, minimap, hint) = overlays(harness);
    let canvas = harness.state().view().canvas_rect;
    assert!(
        !legend.intersects(minimap),
        "{what}: legend {legend:?} on minimap {minimap:?}"
    );
    if let Some(hint) = hint {
        assert!(
            canvas.contains_rect(hint),
            "{what}: hint {hint:?} off canvas {canvas:?}"
        );
        assert!(
            !hint.intersects(minimap),
            "{what}: hint {hint:?} on minimap {minimap:?}"
        );
        assert!(
            !hint.intersects(legend),
            "{what}: hint {hint:?} on legend {legend:?}"
        );
    }
}

#[test]
fn at_800_by_600_the_legend_is_one_line_and_nothing_covers_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(dir.path(), Vec2::new(800.0, 600.0));
    let canvas = harness.state().view().canvas_rect;
    let (legend, _, hint) = overlays(&harness);
    assert!(
        legend.height() <= 0.25 * canvas.height(),
        "legend {legend:?} in canvas {canvas:?}"
    );
    // The essay is too big to read whole in this window: it opens on its
    // top, and a hint says how to see all of it.
    assert!(hint.is_some(), "no hint at the opening view");
    assert_clear(&harness, "opening view");
    zoom_out_until_hint(&mut harness);
    assert_clear(&harness, "zoomed out");

    // The folded legend opens on a click, and folds again.
    harness.get_by_label("Legend").click();
    harness.run();
    let open = harness.state().legend_rect().expect("legend");
    assert!(open.height() > legend.height() * 2.0, "{open:?}");
    harness.get_by_label("Legend").click();
    harness.run();
    let folded = harness.state().legend_rect().expect("legend");
    assert!(folded.height() <= 0.25 * canvas.height(), "{folded:?}");
}

#[test]
fn at_1920_by_1080_the_legend_is_open_and_nothing_covers_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(dir.path(), Vec2::new(1920.0, 1080.0));
    let (legend, _, _) = overlays(&harness);
    // Open: a row per role, far more than one line.
    assert!(legend.height() > 100.0, "{legend:?}");
    assert_clear(&harness, "opening view");
    zoom_out_until_hint(&mut harness);
    assert_clear(&harness, "zoomed out");
}

#[test]
fn a_window_shrunk_to_800_by_600_folds_the_legend() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_sized(dir.path(), Vec2::new(1920.0, 1080.0));
    harness.set_size(Vec2::new(800.0, 600.0));
    harness.run();
    harness.run();
    let canvas = harness.state().view().canvas_rect;
    let (legend, _, _) = overlays(&harness);
    assert!(legend.height() <= 0.25 * canvas.height(), "{legend:?}");
    assert_clear(&harness, "after the resize");
}
