//! The legend over the canvas: what the colours and dashes mean.
//!
//! It docks to a corner of the canvas (top left, top right or bottom
//! left; the bottom right belongs to the minimap). The corner, not a
//! position in pixels, is what is remembered, so a smaller window never
//! leaves it in the middle of the map; dragging it and letting go snaps
//! it to the nearest corner. (Earlier versions kept the position egui
//! remembered for a freely movable legend; the docked legend is a new
//! area, so that old position is simply no longer read.) It keeps clear
//! of the selected claim: it shows in another corner while its own would
//! cover it, and if every corner would, the map pans the claim clear.
//! In a small canvas it starts folded to its title, one line high.

use egui::{Align2, Pos2, Rect, RichText, Stroke, StrokeKind, Vec2};
use serde::{Deserialize, Serialize};

use crate::model::{LoadedMap, Role};
use crate::render::egui::color;
use crate::scene::Theme;

/// Space between the legend and the canvas's edges.
const MARGIN: f32 = 12.0;
/// Below this canvas width or height the legend folds to its title, a
/// one-line chip that opens on a click. (Opened, it is about 280 points
/// high; the side panels never take the canvas below 60 % of a window's
/// width, so in a window 1000 points wide or more they do not fold it.)
const COMPACT_BELOW: Vec2 = Vec2::new(600.0, 600.0);

/// A corner of the canvas the legend docks to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegendCorner {
    /// The top-left corner.
    TopLeft,
    /// The top-right corner.
    TopRight,
    /// The bottom-left corner.
    #[default]
    BottomLeft,
}

impl LegendCorner {
    /// Every corner the legend may take, in the order tried when its own
    /// corner would cover the selection.
    pub const ALL: [LegendCorner; 3] = [
        LegendCorner::BottomLeft,
        LegendCorner::TopLeft,
        LegendCorner::TopRight,
    ];

    fn align(self) -> Align2 {
        match self {
            LegendCorner::TopLeft => Align2::LEFT_TOP,
            LegendCorner::TopRight => Align2::RIGHT_TOP,
            LegendCorner::BottomLeft => Align2::LEFT_BOTTOM,
        }
    }

    /// Where the legend's corner goes in `canvas`.
    fn anchor(self, canvas: Rect) -> Pos2 {
        match self {
            LegendCorner::TopLeft => canvas.left_top() + Vec2::new(MARGIN, MARGIN),
            LegendCorner::TopRight => canvas.right_top() + Vec2::new(-MARGIN, MARGIN),
            LegendCorner::BottomLeft => canvas.left_bottom() + Vec2::new(MARGIN, -MARGIN),
        }
    }

    /// The legend's rectangle of `size` docked to this corner of `canvas`.
    pub fn rect(self, canvas: Rect, size: Vec2) -> Rect {
        self.align()
            .anchor_size(self.anchor(canvas), size)
            .intersect(canvas)
    }

    /// The corner nearest to `rect`'s centre (a legend let go after a
    /// drag).
    pub fn nearest(canvas: Rect, rect: Rect) -> LegendCorner {
        let c = rect.center();
        let left = c.x < canvas.center().x;
        let top = c.y < canvas.center().y;
        match (left, top) {
            (true, true) => LegendCorner::TopLeft,
            (false, true) => LegendCorner::TopRight,
            (true, false) => LegendCorner::BottomLeft,
            // The bottom right is the minimap's: the nearer of its two
            // neighbours.
            (false, false) => {
                if canvas.right() - c.x > canvas.bottom() - c.y {
                    LegendCorner::BottomLeft
                } else {
                    LegendCorner::TopRight
                }
            }
        }
    }
}

/// The legend's state between frames.
#[derive(Debug, Default)]
pub struct LegendPlacement {
    /// Where the legend was drawn in the last frame.
    pub rect: Option<Rect>,
    /// The selection and canvas size the map last panned for, so the
    /// legend pans the map once per selection, not against the person.
    panned_for: Option<(usize, Vec2)>,
    /// Whether the canvas was small in the last frame: the legend folds
    /// when the canvas becomes small and unfolds when it becomes large,
    /// and otherwise stays as the person left it.
    compact: Option<bool>,
}

/// What the legend needs to know of the canvas.
pub struct LegendInput<'a> {
    /// The canvas on screen.
    pub canvas: Rect,
    /// The corner the person chose.
    pub corner: LegendCorner,
    /// The selected claim and its box on screen, to keep clear of.
    pub keep_clear: Option<(usize, Rect)>,
    /// Rows after the roles (the evaluation's).
    pub extra: &'a dyn Fn(&mut egui::Ui),
}

/// What the legend asks of the app after a frame.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LegendOutput {
    /// The person dragged the legend to this corner.
    pub corner: Option<LegendCorner>,
    /// Pan the map by this much to bring the selection clear of it.
    pub pan: Option<Vec2>,
}

/// The corner to show the legend in: `preferred`, unless it would cover
/// `keep_clear` and another corner would not.
pub fn corner_clear_of(
    canvas: Rect,
    size: Vec2,
    preferred: LegendCorner,
    keep_clear: Option<Rect>,
) -> (LegendCorner, bool) {
    let Some(avoid) = keep_clear else {
        return (preferred, true);
    };
    let clear = |corner: LegendCorner| !corner.rect(canvas, size).intersects(avoid);
    if clear(preferred) {
        return (preferred, true);
    }
    match LegendCorner::ALL.into_iter().find(|&c| clear(c)) {
        Some(other) => (other, true),
        None => (preferred, false),
    }
}

/// The smallest pan that moves `target` off `legend` while keeping it in
/// `canvas` if it can.
pub fn pan_clear_of(canvas: Rect, legend: Rect, target: Rect) -> Vec2 {
    let gap = 8.0;
    let candidates = [
        Vec2::new(legend.right() + gap - target.left(), 0.0),
        Vec2::new(legend.left() - gap - target.right(), 0.0),
        Vec2::new(0.0, legend.bottom() + gap - target.top()),
        Vec2::new(0.0, legend.top() - gap - target.bottom()),
    ];
    let inside = |d: &Vec2| canvas.contains_rect(target.translate(*d));
    let shortest =
        |ds: &mut dyn Iterator<Item = Vec2>| ds.min_by(|a, b| a.length().total_cmp(&b.length()));
    shortest(&mut candidates.into_iter().filter(inside))
        .or_else(|| shortest(&mut candidates.into_iter()))
        .unwrap_or(Vec2::ZERO)
}

/// The part of `canvas` that Fit uses when `obstacle` (the legend) covers
/// a corner of it: the strip beside the legend or the one above or below
/// it, whichever shows a map of `bounds` (width, height) larger.
pub fn area_clear_of(canvas: Rect, obstacle: Rect, bounds: Vec2) -> Rect {
    let obstacle = obstacle.intersect(canvas);
    if !obstacle.is_positive() || bounds.x <= 0.0 || bounds.y <= 0.0 {
        return canvas;
    }
    let beside = if obstacle.center().x < canvas.center().x {
        Rect::from_min_max(Pos2::new(obstacle.right() + 1.0, canvas.top()), canvas.max)
    } else {
        Rect::from_min_max(
            canvas.min,
            Pos2::new(obstacle.left() - 1.0, canvas.bottom()),
        )
    };
    let across = if obstacle.center().y < canvas.center().y {
        Rect::from_min_max(
            Pos2::new(canvas.left(), obstacle.bottom() + 1.0),
            canvas.max,
        )
    } else {
        Rect::from_min_max(canvas.min, Pos2::new(canvas.right(), obstacle.top() - 1.0))
    };
    let zoom = |r: Rect| (r.width() / bounds.x).min(r.height() / bounds.y);
    let best = if zoom(beside) >= zoom(across) {
        beside
    } else {
        across
    };
    if best.is_positive() { best } else { canvas }
}

impl super::ReasonmapApp {
    /// Where the legend was drawn in the last frame, if it was.
    pub fn legend_rect(&self) -> Option<Rect> {
        self.persisted
            .show_legend
            .then_some(self.legend.rect)
            .flatten()
    }
}

/// Shows the legend docked to a corner of the canvas.
pub fn legend_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    theme: &Theme,
    input: &LegendInput<'_>,
    placement: &mut LegendPlacement,
) -> LegendOutput {
    let ctx = ui.ctx().clone();
    let present = |role: Role| (0..loaded.map.claims.len()).any(|c| loaded.index.role(c) == role);
    let canvas = input.canvas;
    let size = placement.rect.map(|r| r.size());
    let avoid = input.keep_clear.map(|(_, r)| r.expand(4.0));
    let (corner, clear) = match size {
        Some(size) => corner_clear_of(canvas, size, input.corner, avoid),
        None => (input.corner, true),
    };
    // A new id: the freely placed legend of earlier versions kept a pixel
    // position under the old one.
    let id = ui.scope_id().with("legend-docked");
    let dragging = ctx.is_being_dragged(id.with("move"));
    let mut area = egui::Area::new(id)
        .pivot(corner.align())
        .movable(true)
        .constrain_to(canvas);
    if !dragging {
        area = area.current_pos(corner.anchor(canvas));
    }
    let compact = canvas.width() < COMPACT_BELOW.x || canvas.height() < COMPACT_BELOW.y;
    let fold = (placement.compact != Some(compact)).then_some(!compact);
    placement.compact = Some(compact);
    let response = area.show(&ctx, |ui| {
        // A drag on the rows moves the legend rather than selecting text.
        ui.style_mut().interaction.selectable_labels = false;
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            egui::CollapsingHeader::new(RichText::new("Legend").strong())
                .default_open(!compact)
                .open(fold)
                .show(ui, |ui| {
                    rows_ui(ui, theme, &present);
                    (input.extra)(ui);
                });
        });
    });
    let rect = response.response.rect;
    // Where it was let go: in this frame it is already back in its corner.
    let dropped_at = placement.rect.unwrap_or(rect);
    placement.rect = Some(rect);
    let mut output = LegendOutput::default();
    if response.response.drag_stopped() {
        output.corner = Some(LegendCorner::nearest(canvas, dropped_at));
        ctx.request_repaint();
    }
    match (input.keep_clear, clear) {
        (Some((claim, target)), false) if !dragging => {
            let key = (claim, canvas.size());
            if placement.panned_for != Some(key) && rect.intersects(target) {
                placement.panned_for = Some(key);
                output.pan = Some(pan_clear_of(canvas, rect, target));
            }
        }
        _ => {}
    }
    output
}

fn rows_ui(ui: &mut egui::Ui, theme: &Theme, present: &dyn Fn(Role) -> bool) {
    for role in Role::ALL.into_iter().filter(|&r| {
        !matches!(
            r,
            Role::OtherConclusion | Role::Rephrase | Role::Unconnected
        ) || present(r)
    }) {
        let style = theme.role(role);
        swatch_row(ui, role_label(role), |painter, rect| {
            painter.rect(
                rect,
                3.0,
                color(style.fill),
                Stroke::new(1.5, color(style.stroke)),
                StrokeKind::Inside,
            );
        });
    }
    swatch_row(ui, "Implicit premise (dashed)", |painter, rect| {
        let c = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        painter.extend(egui::Shape::dashed_line(
            &c,
            Stroke::new(1.5, color(theme.weak_text)),
            4.0,
            3.0,
        ));
    });
    swatch_row(ui, "Co-premises (work only together)", |painter, rect| {
        painter.rect(
            rect,
            5.0,
            color(theme.frame_fill),
            Stroke::new(1.0, color(theme.frame_stroke)),
            StrokeKind::Inside,
        );
    });
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Conclusion => "Main conclusion",
        Role::OtherConclusion => "Conclusion of another part",
        Role::Reason => "Reason (supports)",
        Role::Objection => "Objection (attacks)",
        Role::Rebuttal => "Rebuttal (answers an objection)",
        Role::Undercut => "Undercut (attacks an inference)",
        Role::Rephrase => "Rephrase (= restates a claim)",
        Role::Unconnected => "Unconnected claim",
    }
}

fn swatch_row(ui: &mut egui::Ui, label: &str, paint: impl FnOnce(&egui::Painter, egui::Rect)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::new(26.0, 14.0), egui::Sense::hover());
        paint(ui.painter(), rect);
        ui.label(label);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(0.0, 30.0), Vec2::new(600.0, 500.0))
    }

    #[test]
    fn letting_go_snaps_to_the_nearest_corner_but_never_the_minimaps() {
        let at = |x: f32, y: f32| Rect::from_center_size(Pos2::new(x, y), Vec2::splat(40.0));
        assert_eq!(
            LegendCorner::nearest(canvas(), at(50.0, 60.0)),
            LegendCorner::TopLeft
        );
        assert_eq!(
            LegendCorner::nearest(canvas(), at(550.0, 60.0)),
            LegendCorner::TopRight
        );
        assert_eq!(
            LegendCorner::nearest(canvas(), at(50.0, 500.0)),
            LegendCorner::BottomLeft
        );
        // Bottom right: near the bottom edge goes left, near the right edge goes up.
        assert_eq!(
            LegendCorner::nearest(canvas(), at(400.0, 520.0)),
            LegendCorner::BottomLeft
        );
        assert_eq!(
            LegendCorner::nearest(canvas(), at(590.0, 300.0)),
            LegendCorner::TopRight
        );
    }

    #[test]
    fn the_legend_moves_to_a_corner_clear_of_the_selection() {
        let size = Vec2::new(200.0, 150.0);
        let selected = Rect::from_min_size(Pos2::new(20.0, 450.0), Vec2::new(100.0, 40.0));
        let (corner, clear) =
            corner_clear_of(canvas(), size, LegendCorner::BottomLeft, Some(selected));
        assert!(clear);
        assert_eq!(corner, LegendCorner::TopLeft);
        assert!(!corner.rect(canvas(), size).intersects(selected));
        // Nothing to avoid: the chosen corner.
        let (corner, _) = corner_clear_of(canvas(), size, LegendCorner::TopRight, None);
        assert_eq!(corner, LegendCorner::TopRight);
    }

    #[test]
    fn panning_moves_the_claim_off_the_legend_and_keeps_it_on_the_canvas() {
        let legend = LegendCorner::BottomLeft.rect(canvas(), Vec2::new(200.0, 150.0));
        let target = Rect::from_min_size(Pos2::new(100.0, 400.0), Vec2::new(120.0, 40.0));
        let d = pan_clear_of(canvas(), legend, target);
        let moved = target.translate(d);
        assert!(!moved.intersects(legend));
        assert!(canvas().contains_rect(moved));
    }

    #[test]
    fn fit_uses_the_larger_strip_beside_or_above_the_legend() {
        let legend = LegendCorner::BottomLeft.rect(canvas(), Vec2::new(200.0, 150.0));
        // A wide map: the strip above the legend shows it larger.
        let area = area_clear_of(canvas(), legend, Vec2::new(1000.0, 200.0));
        assert!(!area.intersects(legend));
        assert_eq!(area.width(), canvas().width());
        // A tall map: the strip beside it.
        let area = area_clear_of(canvas(), legend, Vec2::new(100.0, 1000.0));
        assert!(!area.intersects(legend));
        assert_eq!(area.height(), canvas().height());
    }
}
