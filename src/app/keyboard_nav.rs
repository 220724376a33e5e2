//! Moving through the map with the keyboard, and the focus ring.
//!
//! With a claim selected, the plain arrow keys walk the argument: `↑` to
//! the claim it bears on, `↓` to the first claim bearing on it (leftmost
//! on the map), `←` / `→` to its siblings (the other claims bearing on
//! the same claim) in the order the layout shows them. With nothing
//! selected the arrow keys pan, as before. `Alt+←` / `Alt+→` are left to
//! collapsing and expanding branches.
//!
//! Tab moves the keyboard focus through the claims on screen; the
//! selection follows it, and a ring is drawn around the claim that has
//! the focus (or, without focus, around the selected one), so a person
//! using the keyboard always sees where they are.

use egui::{Key, Modifiers, Stroke, StrokeKind};

use super::ReasonmapApp;
use super::canvas::CanvasView;
use super::document::Document;
use crate::render::egui::screen_rect;
use crate::scene::Scene;

/// A step through the argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// To the claim the selected one bears on.
    Up,
    /// To the first claim bearing on the selected one.
    Down,
    /// To the previous sibling, in layout order.
    Left,
    /// To the next sibling, in layout order.
    Right,
}

impl Step {
    const KEYS: [(Key, Step); 4] = [
        (Key::ArrowUp, Step::Up),
        (Key::ArrowDown, Step::Down),
        (Key::ArrowLeft, Step::Left),
        (Key::ArrowRight, Step::Right),
    ];
}

/// Keyboard state kept between frames.
#[derive(Debug, Default)]
pub struct KeyboardNav {
    /// The claim whose box had the keyboard focus at the end of the last
    /// frame, to notice Tab moving it.
    last_focused: Option<usize>,
    /// The claim the focus ring was drawn around in the last frame.
    ring: Option<usize>,
}

/// The box of `claim` in `scene`, if it is drawn.
pub fn node_rect(scene: &Scene, claim: usize) -> Option<crate::geom::Rect> {
    scene.node(claim).map(|n| n.rect)
}

/// The claim `claim` bears on: the target of the first argument it is a
/// premise of (for an undercut, the claim the undercut inference leads
/// to), if that claim is drawn.
pub fn parent(doc: &Document, claim: usize) -> Option<usize> {
    let index = &doc.loaded.index;
    index
        .premise_of(claim)
        .iter()
        .filter_map(|&a| index.target_claim(a))
        .find(|&c| c != claim && node_rect(&doc.scene, c).is_some())
}

/// The claims bearing on `claim` (premises of its arguments and of the
/// undercuts of those), drawn ones only, in layout order: left to right,
/// then top to bottom.
pub fn children(doc: &Document, claim: usize) -> Vec<usize> {
    let index = &doc.loaded.index;
    let mut out = Vec::new();
    for &a in index.arguments_into_claim(claim) {
        out.extend_from_slice(index.premises(a));
        for &u in index.arguments_into_argument(a) {
            out.extend_from_slice(index.premises(u));
        }
    }
    out.retain(|&c| c != claim);
    in_layout_order(&doc.scene, out)
}

/// The claims drawn in `scene` among `claims`, without duplicates, left
/// to right and then top to bottom.
fn in_layout_order(scene: &Scene, claims: Vec<usize>) -> Vec<usize> {
    let mut placed: Vec<(usize, crate::geom::Point)> = claims
        .into_iter()
        .filter_map(|c| node_rect(scene, c).map(|r| (c, r.center())))
        .collect();
    placed.sort_by(|a, b| {
        a.1.x
            .total_cmp(&b.1.x)
            .then(a.1.y.total_cmp(&b.1.y))
            .then(a.0.cmp(&b.0))
    });
    placed.dedup_by_key(|p| p.0);
    placed.into_iter().map(|(c, _)| c).collect()
}

/// The claim `step` leads to from `claim`, if there is one.
pub fn neighbour(doc: &Document, claim: usize, step: Step) -> Option<usize> {
    match step {
        Step::Up => parent(doc, claim),
        Step::Down => children(doc, claim).first().copied(),
        Step::Left | Step::Right => {
            let siblings = match parent(doc, claim) {
                Some(p) => children(doc, p),
                // Top-level claims are each other's siblings.
                None => {
                    let roots = (0..doc.loaded.map.claims.len())
                        .filter(|&c| parent(doc, c).is_none())
                        .collect();
                    in_layout_order(&doc.scene, roots)
                }
            };
            let at = siblings.iter().position(|&c| c == claim)?;
            let next = match step {
                Step::Left => at.checked_sub(1)?,
                _ => at + 1,
            };
            siblings.get(next).copied()
        }
    }
}

impl CanvasView {
    /// Whether keys meant for the map apply: no widget has the keyboard
    /// focus, or a claim box on the canvas has it (a text field or a
    /// button keeps its keys).
    pub fn map_has_keyboard(&self, ctx: &egui::Context) -> bool {
        match ctx.memory(|m| m.focused()) {
            None => true,
            Some(id) => self
                .focused_claim
                .is_some_and(|(_, claim_id)| claim_id == id),
        }
    }
}

impl ReasonmapApp {
    /// The claim the focus ring was drawn around in the last frame.
    pub fn focus_ring(&self) -> Option<usize> {
        self.nav.ring
    }

    /// The arrow keys with a claim selected: go to its parent, first child
    /// or siblings, bring it into view and move the keyboard focus along.
    pub(super) fn keyboard_nav(&mut self, ctx: &egui::Context) {
        let Some(selected) = self.selected else {
            return;
        };
        if !self.view.map_has_keyboard(ctx) {
            return;
        }
        let step = ctx.input_mut(|i| {
            let step = Step::KEYS
                .into_iter()
                .find(|&(key, _)| i.key_pressed(key) && i.modifiers.is_none())?;
            // Taken, so the canvas does not pan as well.
            i.consume_key(Modifiers::NONE, step.0);
            Some(step.1)
        });
        let Some(step) = step else { return };
        // egui would move the focus to whatever widget lies that way.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        let Some(doc) = &self.doc else { return };
        if let Some(next) = neighbour(doc, selected, step) {
            self.select_by_keyboard(next);
        }
    }

    /// Selects `claim`, reveals it and gives its box the focus if a claim
    /// box has it (so Tab goes on from there).
    fn select_by_keyboard(&mut self, claim: usize) {
        self.selected = Some(claim);
        if let Some(rect) = self.doc.as_ref().and_then(|d| node_rect(&d.scene, claim)) {
            self.view.reveal_requested = Some(rect);
        }
        if self.view.focused_claim.is_some() {
            self.view.focus_requested = Some(claim);
        }
    }

    /// After the canvas: the selection follows the focus (Tab), and the
    /// ring is drawn.
    pub(super) fn focus_ring_ui(&mut self, ui: &egui::Ui) {
        let focused = self.view.focused_claim.map(|(c, _)| c);
        if let Some(claim) = focused
            && focused != self.nav.last_focused
            && focused != self.selected
        {
            self.selected = Some(claim);
            if let Some(rect) = self.doc.as_ref().and_then(|d| node_rect(&d.scene, claim)) {
                self.view.reveal_requested = Some(rect);
            }
        }
        self.nav.last_focused = focused;
        let ring = focused.or(self.selected);
        self.nav.ring = None;
        let (Some(claim), Some(doc)) = (ring, &self.doc) else {
            return;
        };
        let Some(rect) = node_rect(&doc.scene, claim) else {
            return;
        };
        let on_screen = screen_rect(self.view.screen_from_scene, rect).expand(4.0);
        if !on_screen.intersects(self.view.canvas_rect) {
            return;
        }
        let color = ui.visuals().selection.stroke.color;
        let painter = ui.painter_at(self.view.canvas_rect);
        let radius = (6.0 * self.view.zoom()).clamp(2.0, 12.0) + 4.0;
        painter.rect_stroke(
            on_screen,
            radius,
            Stroke::new(2.5, color),
            StrokeKind::Outside,
        );
        self.nav.ring = Some(claim);
    }
}
