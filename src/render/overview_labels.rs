//! Placing the overview's labels for the top claims.
//!
//! Far out, claim text is too small to read, so the top claims (the
//! conclusions and what bears directly on them) carry labels at a readable
//! size, each on a plate in its role's colours. They are placed greedily,
//! most important first: a label goes on its claim, or just above or below
//! it, wherever it covers no label already placed; one that fits nowhere is
//! left out. While the boxes still show their own (small) text, a label
//! must also keep off every other box, so it may shrink to the size of its
//! own box, its text cut short.

use egui::emath::TSTransform;
use egui::{Align2, FontFamily, FontId, Painter, Rect, Stroke, StrokeKind, Vec2};

use super::cull::SceneGrid;
use super::egui::{BOLD_FAMILY, screen_rect, visible_rect};
use super::overview::{LABEL_SIZE, LABEL_WIDTH, Label, Overview};
use crate::scene::Scene;
use crate::text::{FontMetrics, TextMeasure, Weight};

/// Most labels placed in one frame.
const MAX_PLACED: usize = 80;
/// Padding between a label's plate and its text, in points.
const PAD: Vec2 = Vec2::new(6.0, 3.0);
/// Least space between two plates, and between a plate and its claim's box
/// when it sits above or below it, in points.
const GAP: f32 = 2.0;
/// Smallest font size a label shrinks to inside its own box, in points.
const MIN_LABEL_SIZE: f32 = 10.0;

/// A label placed on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Which of [`Overview::labels`] it is.
    pub label: usize,
    /// The plate behind the text, on screen.
    pub plate: Rect,
    /// The lines of text, top to bottom.
    pub lines: Vec<String>,
    /// The font size, in points.
    pub size: f32,
}

/// What the labels must keep clear of besides each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Avoid {
    /// Only other labels (the boxes are plain blocks).
    Labels,
    /// Other labels and every other claim's box (the boxes show text).
    LabelsAndBoxes,
}

/// `line` cut short with an ellipsis to fit `width` at `size`: whole words
/// go first, then the characters of the last one.
fn ellipsize(
    measure: &dyn TextMeasure,
    line: &str,
    weight: Weight,
    size: f32,
    width: f32,
) -> String {
    let mut out: String = line.to_owned();
    loop {
        let candidate = format!("{out}…");
        if out.is_empty() || measure.width(&candidate, weight, size) <= width {
            return candidate;
        }
        // A whole word goes while there are several, else a character.
        match out.rfind(' ') {
            Some(space) => out.truncate(space),
            None => {
                out.pop();
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
}

/// The first words of `text` that fill at most `rows` lines of `width` at
/// `size`, whole words only, the last line ending in an ellipsis when
/// words are left out; and how many words that is.
fn fill_rows(
    measure: &dyn TextMeasure,
    text: &str,
    weight: Weight,
    size: f32,
    width: f32,
    rows: usize,
) -> (Vec<String>, usize) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut shown = 0;
    for word in &words {
        let longer = if line.is_empty() {
            (*word).to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure.width(&longer, weight, size) <= width {
            line = longer;
            shown += 1;
            continue;
        }
        if line.is_empty() || lines.len() + 1 >= rows {
            break;
        }
        lines.push(std::mem::take(&mut line));
        if measure.width(word, weight, size) > width {
            break;
        }
        line = (*word).to_owned();
        shown += 1;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if shown < words.len()
        && let Some(last) = lines.last_mut()
    {
        *last = ellipsize(measure, last, weight, size, width);
    }
    (lines, shown)
}

/// The label's text set to fit inside `inner` (a claim's box less the
/// padding), whole words only: at the size from [`LABEL_SIZE`] down to
/// [`MIN_LABEL_SIZE`] that shows the most words (the larger on a tie);
/// `None` if not even one word fits.
fn fitted(measure: &dyn TextMeasure, label: &Label, inner: Vec2) -> Option<(Vec<String>, f32)> {
    let weight = label.weight();
    let mut best: Option<(Vec<String>, f32, usize)> = None;
    let mut size = LABEL_SIZE;
    while size >= MIN_LABEL_SIZE {
        let rows = (inner.y / measure.line_height(size)).floor();
        if rows >= 1.0 {
            let (lines, shown) =
                fill_rows(measure, &label.text, weight, size, inner.x, rows as usize);
            if shown > 0 && best.as_ref().is_none_or(|b| shown > b.2) {
                best = Some((lines, size, shown));
            }
        }
        size -= 1.0;
    }
    best.map(|(lines, size, _)| (lines, size))
}

/// `plate` moved the least way into `clip` where it fits there (a label of
/// a claim at the edge of the canvas is read whole, beside its claim).
fn inside(plate: Rect, clip: Rect) -> Rect {
    let shift = |lo: f32, hi: f32, min: f32, max: f32| {
        if hi - lo > max - min {
            0.0
        } else if lo < min {
            min - lo
        } else if hi > max {
            max - hi
        } else {
            0.0
        }
    };
    plate.translate(Vec2::new(
        shift(plate.min.x, plate.max.x, clip.min.x, clip.max.x),
        shift(plate.min.y, plate.max.y, clip.min.y, clip.max.y),
    ))
}

/// Places the labels of `overview` on screen for the view
/// `screen_from_scene` of `scene` in `clip`: most important first, each on
/// its claim or just above or below it, never over a label already placed
/// nor over `obstacles` (what lies over the canvas, such as the legend),
/// nor, with [`Avoid::LabelsAndBoxes`], over another claim's box; the ones
/// that fit nowhere are left out.
pub fn place_labels(
    overview: &Overview,
    scene: &Scene,
    grid: &SceneGrid,
    screen_from_scene: TSTransform,
    clip: Rect,
    obstacles: &[Rect],
    avoid: Avoid,
) -> Vec<PlacedLabel> {
    let measure = FontMetrics::bundled();
    let line_height = measure.line_height(LABEL_SIZE);
    let mut placed: Vec<PlacedLabel> = Vec::new();
    let mut found = Vec::new();
    let covers_a_box = |plate: Rect, own: usize, found: &mut Vec<usize>| {
        grid.nodes_in(&visible_rect(plate, screen_from_scene), found);
        found.iter().any(|&i| {
            i != own
                && scene.nodes.get(i).is_some_and(|n| {
                    screen_rect(screen_from_scene, n.rect)
                        .shrink(0.5)
                        .intersects(plate)
                })
        })
    };
    for (index, label) in overview.labels().iter().enumerate() {
        if placed.len() >= MAX_PLACED {
            break;
        }
        let claim = screen_rect(screen_from_scene, label.rect);
        if !claim.intersects(clip.expand(LABEL_WIDTH)) {
            continue;
        }
        let full = Vec2::new(label.width, label.lines.len() as f32 * line_height) + 2.0 * PAD;
        let mut candidates = vec![
            (
                inside(
                    Align2::CENTER_CENTER.anchor_size(claim.center(), full),
                    clip,
                ),
                label.lines.clone(),
                LABEL_SIZE,
            ),
            (
                inside(
                    Align2::CENTER_BOTTOM.anchor_size(claim.center_top() - Vec2::Y * GAP, full),
                    clip,
                ),
                label.lines.clone(),
                LABEL_SIZE,
            ),
            (
                inside(
                    Align2::CENTER_TOP.anchor_size(claim.center_bottom() + Vec2::Y * GAP, full),
                    clip,
                ),
                label.lines.clone(),
                LABEL_SIZE,
            ),
        ];
        if avoid == Avoid::LabelsAndBoxes
            && let Some((lines, size)) = fitted(measure, label, claim.size() - 2.0 * PAD)
        {
            candidates.push((claim, lines, size));
        }
        let spot = candidates.into_iter().find(|(plate, _, _)| {
            plate.intersects(clip)
                && !obstacles.iter().any(|o| o.intersects(*plate))
                && !placed
                    .iter()
                    .any(|p| p.plate.expand(GAP).intersects(*plate))
                && (avoid == Avoid::Labels || !covers_a_box(*plate, label.node, &mut found))
        });
        if let Some((plate, lines, size)) = spot {
            placed.push(PlacedLabel {
                label: index,
                plate,
                lines,
                size,
            });
        }
    }
    placed
}

/// Places and paints the labels of `overview` (see [`place_labels`]), each
/// on a plate in its claim's colours.
pub fn paint_labels(
    painter: &Painter,
    overview: &Overview,
    scene: &Scene,
    grid: &SceneGrid,
    screen_from_scene: TSTransform,
    obstacles: &[Rect],
    avoid: Avoid,
) {
    let measure = FontMetrics::bundled();
    let text = overview.text_color();
    let placed = place_labels(
        overview,
        scene,
        grid,
        screen_from_scene,
        painter.clip_rect(),
        obstacles,
        avoid,
    );
    for p in placed {
        let Some(label) = overview.labels().get(p.label) else {
            continue;
        };
        painter.rect(
            p.plate,
            4.0,
            label.fill,
            Stroke::new(1.5, label.stroke),
            StrokeKind::Inside,
        );
        let font = if label.main {
            FontId::new(p.size, FontFamily::Name(BOLD_FAMILY.into()))
        } else {
            FontId::proportional(p.size)
        };
        let line_height = measure.line_height(p.size);
        let height = p.lines.len() as f32 * line_height;
        let mut y = p.plate.center().y - height / 2.0;
        for line in &p.lines {
            painter.text(
                egui::pos2(p.plate.center().x, y),
                Align2::CENTER_TOP,
                line,
                font.clone(),
                text,
            );
            y += line_height;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::scene::{Theme, ThemeKind};

    fn generated_scene(claims: usize) -> Scene {
        crate::scene::generated_scene(claims, 1)
    }

    /// The view of `scene` at `zoom` with the main conclusion in the middle
    /// of a 1280 × 800 window.
    fn view_on_conclusion(scene: &Scene, zoom: f32, screen: Rect) -> TSTransform {
        let top = scene
            .nodes
            .iter()
            .find(|n| n.role == Role::Conclusion)
            .map_or(scene.bounds.center(), |n| n.rect.center());
        TSTransform::new(
            screen.center().to_vec2() - Vec2::new(top.x, top.y) * zoom,
            zoom,
        )
    }

    #[test]
    fn labels_on_a_10000_claim_map_never_overlap_each_other_nor_other_boxes_at_readable_zooms() {
        let scene = generated_scene(10_000);
        let grid = SceneGrid::new(&scene);
        let overview = Overview::new(&scene, &grid, &Theme::new(ThemeKind::Light));
        assert!(overview.label_count() >= 5, "{}", overview.label_count());
        let screen = Rect::from_min_size(egui::Pos2::ZERO, Vec2::new(1280.0, 800.0));
        let fit =
            (screen.width() / scene.bounds.width()).min(screen.height() / scene.bounds.height());
        let fit_view = TSTransform::new(
            screen.center().to_vec2()
                - Vec2::new(scene.bounds.center().x, scene.bounds.center().y) * fit,
            fit,
        );
        let views = [
            (fit_view, Avoid::Labels),
            (view_on_conclusion(&scene, 0.05, screen), Avoid::Labels),
            (
                view_on_conclusion(&scene, 0.3, screen),
                Avoid::LabelsAndBoxes,
            ),
            (
                view_on_conclusion(&scene, 0.38, screen),
                Avoid::LabelsAndBoxes,
            ),
            (
                view_on_conclusion(&scene, 0.45, screen),
                Avoid::LabelsAndBoxes,
            ),
        ];
        for (view, avoid) in views {
            let placed = place_labels(&overview, &scene, &grid, view, screen, &[], avoid);
            let zoom = view.scaling;
            assert!(!placed.is_empty(), "no label at zoom {zoom}");
            // The main conclusion is in view in every case: it has its label.
            assert!(
                placed.iter().any(|p| overview.labels()[p.label].main),
                "main conclusion unlabelled at zoom {zoom}"
            );
            for (i, a) in placed.iter().enumerate() {
                assert!(a.plate.intersects(screen));
                // A label beside its claim is read whole, never cut by
                // the edge of the canvas.
                if a.size == LABEL_SIZE {
                    assert!(
                        screen.contains_rect(a.plate),
                        "{:?} at zoom {zoom}",
                        a.plate
                    );
                }
                assert!(!a.lines.is_empty() && a.lines.iter().all(|l| !l.is_empty()));
                for b in &placed[i + 1..] {
                    assert!(
                        !a.plate.intersects(b.plate),
                        "labels overlap at zoom {zoom}: {:?} and {:?}",
                        a.plate,
                        b.plate
                    );
                }
                if avoid == Avoid::LabelsAndBoxes {
                    let own = overview.labels()[a.label].node;
                    for (n, node) in scene.nodes.iter().enumerate() {
                        let r = screen_rect(view, node.rect).shrink(0.5);
                        assert!(
                            n == own || !r.intersects(a.plate),
                            "label {:?} covers claim box {r:?} at zoom {zoom}",
                            a.lines
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn labels_keep_off_what_lies_over_the_canvas() {
        let scene = generated_scene(2_000);
        let grid = SceneGrid::new(&scene);
        let overview = Overview::new(&scene, &grid, &Theme::new(ThemeKind::Light));
        let screen = Rect::from_min_size(egui::Pos2::ZERO, Vec2::new(1280.0, 800.0));
        let view = view_on_conclusion(&scene, 0.05, screen);
        let free = place_labels(&overview, &scene, &grid, view, screen, &[], Avoid::Labels);
        let main = free
            .iter()
            .find(|p| overview.labels()[p.label].main)
            .expect("the main conclusion is labelled");
        // A legend over the main conclusion's label: the label moves off it
        // or is left out, and no label lies under it.
        let legend = main.plate.expand(4.0);
        let placed = place_labels(
            &overview,
            &scene,
            &grid,
            view,
            screen,
            &[legend],
            Avoid::Labels,
        );
        assert!(
            placed.iter().all(|p| !p.plate.intersects(legend)),
            "{placed:?}"
        );
        assert_ne!(placed, free);
    }

    #[test]
    fn a_label_squeezed_into_its_box_is_cut_short_with_an_ellipsis() {
        let measure = FontMetrics::bundled();
        let label = Label {
            node: 0,
            rect: crate::geom::Rect::from_min_size(crate::geom::Point::default(), 100.0, 30.0),
            text: "Regional security diminishes the likelihood of conflicts and creates the environment necessary for advancement".to_owned(),
            lines: Vec::new(),
            width: 0.0,
            fill: egui::Color32::WHITE,
            stroke: egui::Color32::BLACK,
            main: false,
        };
        let (lines, size) = fitted(measure, &label, Vec2::new(90.0, 20.0)).expect("one line fits");
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("Regional"), "{lines:?}");
        assert!(lines[0].ends_with('…'), "{lines:?}");
        assert!(measure.width(&lines[0], Weight::Regular, size) <= 90.0);
        // Whole words only: no word is broken across lines.
        let (lines, size) = fitted(measure, &label, Vec2::new(90.0, 60.0)).expect("fits");
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            let words = line.trim_end_matches('…').split(' ');
            assert!(
                words
                    .into_iter()
                    .all(|w| label.text.split(' ').any(|t| t == w)),
                "{lines:?}"
            );
            assert!(measure.width(line, Weight::Regular, size) <= 90.0);
        }
        // Too low for a line even at the smallest size, or too narrow for
        // the first word.
        assert!(fitted(measure, &label, Vec2::new(90.0, 8.0)).is_none());
        assert!(fitted(measure, &label, Vec2::new(20.0, 60.0)).is_none());
    }
}
