//! A large map lays out on the worker thread while the window keeps
//! drawing (egui_kittest, headless): the first frames show the progress
//! line, then the claims; over a map already open the old picture stays
//! with the line on top; an open that a later one replaced before it was
//! laid out is given up; and the result of one replaced during its layout
//! is dropped, even when both are of the same file. While a map lays out,
//! the line says how far the layout has got, with a progress bar.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use reasonmap::app::document::MapOrigin;
use reasonmap::app::{AppOptions, ReasonmapApp};

/// Claims of the generated map: enough that its layout takes many frames.
const CLAIMS: usize = 20_000;
/// What the progress line says while it is laid out.
const LAYING_OUT: &str = "Laying out 20,000 claims…";

fn write_generated(dir: &Path, name: &str, claims: usize) -> PathBuf {
    let map = reasonmap::generate::generate_map(claims, 7);
    let text = ron::ser::to_string_pretty(&map, ron::ser::PrettyConfig::default()).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn copy_map(dir: &Path, name: &str, to: &str) -> PathBuf {
    let path = dir.join(to);
    std::fs::copy(format!("maps/{name}"), &path).unwrap();
    path
}

fn harness(map: &Path) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map: Some(map.to_owned()),
        data_dir: map.parent().map(|d| d.join("data")),
        autosave_delay: None,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ReasonmapApp::new(cc, options))
}

/// Whether some widget's label holds `text`.
fn shows(harness: &Harness<'static, ReasonmapApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Draws frames, a few milliseconds apart, until `done` holds; returns how
/// many frames showed the progress line meanwhile.
fn frames_until(
    harness: &mut Harness<'static, ReasonmapApp>,
    done: impl Fn(&Harness<'static, ReasonmapApp>) -> bool,
) -> usize {
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut with_line = 0;
    while !done(harness) {
        assert!(Instant::now() < deadline, "still waiting after 10 minutes");
        harness.step();
        if shows(harness, LAYING_OUT) {
            with_line += 1;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    with_line
}

fn claims_open(harness: &Harness<'static, ReasonmapApp>) -> Option<usize> {
    harness
        .state()
        .document()
        .map(|d| d.loaded.map.claims.len())
}

/// The conclusion's text of the open map.
fn conclusion_text(harness: &Harness<'static, ReasonmapApp>) -> String {
    let doc = harness.state().document().unwrap();
    let id = &doc.loaded.map.conclusions[0];
    let claim = doc.loaded.index.claim(id).unwrap();
    doc.loaded.map.claims[claim].text.clone()
}

#[test]
fn a_large_map_shows_a_progress_line_then_its_claims() {
    let dir = tempfile::tempdir().unwrap();
    let map = write_generated(dir.path(), "big.ron", CLAIMS);
    let mut harness = harness(&map);
    // The window draws frames while the map is read and laid out: the
    // centred line says what is happening.
    frames_until(&mut harness, |h| shows(h, LAYING_OUT));
    assert!(harness.state().document().is_none());
    assert!(shows(&harness, "Opening "));
    let with_line = frames_until(&mut harness, |h| h.state().document().is_some());
    assert!(
        with_line >= 2,
        "the progress line was drawn in {with_line} frames"
    );
    harness.run_ok();
    assert_eq!(claims_open(&harness), Some(CLAIMS));
    assert!(!shows(&harness, LAYING_OUT));
    assert_conclusion_drawn(&harness);
}

/// Asserts that the claims are drawn: the conclusion's box is on the canvas.
fn assert_conclusion_drawn(harness: &Harness<'static, ReasonmapApp>) {
    let conclusion = conclusion_text(harness);
    assert!(
        harness
            .query_all_by_role_and_label(Role::Button, &conclusion)
            .next()
            .is_some(),
        "the conclusion {conclusion:?} is not drawn"
    );
}

/// The percent done the progress line for a map of `claims` shows, if it
/// shows one: "Laying out 50,000 claims… 40 % · 3 s" → 40.
fn percent_shown(harness: &Harness<'static, ReasonmapApp>, laying_out: &str) -> Option<u32> {
    harness
        .query_all_by_label_contains(laying_out)
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .find_map(|label| {
            let words: Vec<&str> = label.split_whitespace().collect();
            let at = words.iter().position(|w| *w == "%")?;
            words.get(at.checked_sub(1)?)?.parse().ok()
        })
}

#[test]
fn the_progress_line_says_how_far_the_layout_has_got() {
    // Larger than the other tests' map, so that the layout itself takes
    // long enough to be shown in several frames.
    const BIG: usize = 50_000;
    const BIG_LAYING_OUT: &str = "Laying out 50,000 claims…";
    let dir = tempfile::tempdir().unwrap();
    let map = write_generated(dir.path(), "bigger.ron", BIG);
    let mut harness = harness(&map);
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut percents = Vec::new();
    let mut with_bar = 0;
    while harness.state().document().is_none() {
        assert!(Instant::now() < deadline, "still waiting after 10 minutes");
        harness.step();
        if let Some(percent) = percent_shown(&harness, BIG_LAYING_OUT) {
            percents.push(percent);
            if harness
                .query_all_by_role(Role::ProgressIndicator)
                .next()
                .is_some()
            {
                with_bar += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !percents.is_empty(),
        "no frame showed how far the layout had got"
    );
    assert_eq!(with_bar, percents.len(), "a frame showed no progress bar");
    assert!(
        percents.windows(2).all(|w| w[0] <= w[1]) && percents.iter().all(|p| *p <= 100),
        "the percent went back or past 100: {percents:?}"
    );
    // Then the map, with neither line nor bar.
    harness.run_ok();
    assert_eq!(claims_open(&harness), Some(BIG));
    assert!(!shows(&harness, BIG_LAYING_OUT));
    assert!(
        harness
            .query_all_by_role(Role::ProgressIndicator)
            .next()
            .is_none()
    );
    assert_conclusion_drawn(&harness);
}

#[test]
fn a_map_open_keeps_its_picture_while_another_lays_out() {
    let dir = tempfile::tempdir().unwrap();
    let essay = copy_map(dir.path(), "regional-security.ron", "essay.ron");
    std::fs::copy(
        "maps/regional-security.md",
        dir.path().join("regional-security.md"),
    )
    .unwrap();
    let big = write_generated(dir.path(), "big.ron", CLAIMS);
    let mut harness = harness(&essay);
    harness.state_mut().wait_for_io();
    harness.run_ok();
    let essay_claims = claims_open(&harness).unwrap();
    let essay_conclusion = conclusion_text(&harness);

    harness.state_mut().open(MapOrigin::File(big));
    frames_until(&mut harness, |h| shows(h, LAYING_OUT));
    // The essay is still drawn under the line, and still works.
    assert_eq!(claims_open(&harness), Some(essay_claims));
    harness
        .get_by_role_and_label(Role::Button, &essay_conclusion)
        .click();
    harness.step();
    assert!(harness.state().selected().is_some());

    frames_until(&mut harness, |h| claims_open(h) == Some(CLAIMS));
    harness.run_ok();
    assert!(!shows(&harness, LAYING_OUT));
}

#[test]
fn the_result_of_an_open_replaced_meanwhile_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let tutorial = copy_map(dir.path(), "tutorial.ron", "tutorial.ron");
    let map = write_generated(dir.path(), "map.ron", CLAIMS);
    let mut harness = harness(&tutorial);
    harness.state_mut().wait_for_io();
    let tutorial_claims = claims_open(&harness).unwrap();

    // The large map is read and being laid out when its file is replaced
    // by a small one and opened again: the small one is what is shown.
    harness.state_mut().open(MapOrigin::File(map.clone()));
    frames_until(&mut harness, |h| shows(h, LAYING_OUT));
    std::fs::copy("maps/tutorial.ron", &map).unwrap();
    harness.state_mut().open(MapOrigin::File(map.clone()));
    harness.state_mut().wait_for_io();
    harness.run_ok();
    assert_eq!(claims_open(&harness), Some(tutorial_claims));
    assert_eq!(
        harness.state().document().unwrap().origin,
        MapOrigin::File(map.clone())
    );

    // Opening another map while one lays out: the other one is shown at
    // once, without waiting for that layout, whose result is dropped.
    let big = write_generated(dir.path(), "big.ron", CLAIMS);
    harness.state_mut().open(MapOrigin::File(big));
    frames_until(&mut harness, |h| shows(h, LAYING_OUT));
    harness.state_mut().open(MapOrigin::File(tutorial.clone()));
    frames_until(&mut harness, |h| {
        h.state().document().unwrap().origin == MapOrigin::File(tutorial.clone())
    });
    assert!(
        harness.state().is_busy(),
        "the tutorial waited for the large layout"
    );
    harness.state_mut().wait_for_io();
    harness.run_ok();
    assert_eq!(claims_open(&harness), Some(tutorial_claims));
    assert_eq!(
        harness.state().document().unwrap().origin,
        MapOrigin::File(tutorial)
    );
}

#[test]
fn an_open_replaced_before_its_layout_is_given_up() {
    let dir = tempfile::tempdir().unwrap();
    let tutorial = copy_map(dir.path(), "tutorial.ron", "tutorial.ron");
    let big = write_generated(dir.path(), "big.ron", CLAIMS);
    let mut harness = harness(&tutorial);
    harness.state_mut().wait_for_io();
    let other = copy_map(dir.path(), "tutorial.ron", "other.ron");
    // Asked for one after the other: the large map is at most read, never
    // laid out, and the second map opens.
    harness.state_mut().open(MapOrigin::File(big));
    harness.state_mut().open(MapOrigin::File(other.clone()));
    let with_line = frames_until(&mut harness, |h| {
        h.state().document().unwrap().origin == MapOrigin::File(other.clone())
    });
    assert_eq!(with_line, 0, "the replaced map was laid out");
    harness.state_mut().wait_for_io();
    harness.run_ok();
    assert!(!shows(&harness, LAYING_OUT));
    assert_eq!(
        harness.state().document().unwrap().origin,
        MapOrigin::File(other)
    );
}

#[test]
fn a_map_arrives_evaluated_and_indexed_for_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let map = write_generated(dir.path(), "map.ron", 500);
    let mut harness = harness(&map);
    // Taken in between frames: what the first frame would otherwise work
    // out on the window's thread was done on the worker.
    harness.state_mut().wait_for_io();
    let app = harness.state();
    let doc = app.document().unwrap();
    assert!(doc.first_drawing.is_none(), "the drawing was handed over");
    assert!(doc.scene.evaluation.is_some(), "the evaluation is drawn");
    let cache = format!("{:?}", app.view().cache);
    assert!(
        cache.contains(&format!("revision: Some({})", doc.revision)),
        "{cache}"
    );
}
