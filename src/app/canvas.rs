//! The map canvas: pan, zoom, fit, hover and click on claims.
//!
//! The view is a scale-and-translate transform from scene points to screen
//! points, kept in app state (not in the scene or the model).

use egui::emath::TSTransform;
use egui::{Key, Pos2, Rect, Sense, Vec2, WidgetInfo};

use crate::render::egui::{
    Highlight, PaintStats, SceneCache, paint_scene_under, screen_rect, visible_rect,
};
use crate::scene::{Scene, Theme};

/// Closest and farthest zoom levels.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.001..=8.0;
/// Most claim boxes given a widget each when zoomed out too far to read.
const MAX_WIDGETS_WITHOUT_TEXT: usize = 400;
/// Lowest zoom a freshly opened map is shown at (text stays readable).
const MIN_INITIAL_ZOOM: f32 = 0.6;
/// Lowest zoom at which claim text can be read; below it the canvas says
/// how to get a readable view.
pub const READABLE_ZOOM: f32 = 0.45;
/// Zoom change per press of + or -.
const ZOOM_STEP: f32 = 1.25;

/// The canvas's view state.
#[derive(Debug, Clone)]
pub struct CanvasView {
    /// Scene points to screen points.
    pub screen_from_scene: TSTransform,
    /// Fit the whole map on the next frame (on F).
    pub fit_requested: bool,
    /// Show a freshly opened map on the next frame: the whole map if it is
    /// readable that way, else its top (the conclusion) at a readable zoom.
    pub initial_requested: bool,
    /// A scene rectangle to bring to the middle of the canvas on the next frame.
    pub center_requested: Option<crate::geom::Rect>,
    /// A scene rectangle to bring into view, moving as little as possible.
    pub reveal_requested: Option<crate::geom::Rect>,
    /// The canvas area on screen in the last frame.
    pub canvas_rect: Rect,
    /// Give this claim's box the keyboard focus on the next frame.
    pub focus_requested: Option<usize>,
    /// The claim whose box has the keyboard focus, and the box's widget id.
    pub focused_claim: Option<(usize, egui::Id)>,
    /// A screen area Fit keeps the map out of (the legend).
    pub keep_clear: Option<Rect>,
    /// The map opened too big to show whole and readable, so only its top
    /// is shown; cleared once the view is zoomed or fitted.
    pub partial_opening: bool,
    /// The view the map opened with when it opened on its top: the plate
    /// saying so shows until the view moves from it.
    opening_view: Option<TSTransform>,
    /// The revision of the scene shown (see `Document::revision`): what
    /// is cached for drawing it is kept while it stays the same.
    pub scene_revision: u64,
    /// What is worked out once per scene for drawing it.
    pub cache: SceneCache,
    /// The minimap's frame on screen, set by the minimap each frame it
    /// shows; the hint plate keeps off it.
    pub minimap_rect: Option<Rect>,
    /// Where the hint plate was drawn in the last frame, if it was.
    pub hint_rect: Option<Rect>,
    /// The read-along bar on screen in the last frame, while reading
    /// along; the hint plate keeps off it.
    pub read_along_rect: Option<Rect>,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            screen_from_scene: TSTransform::IDENTITY,
            fit_requested: false,
            initial_requested: true,
            center_requested: None,
            reveal_requested: None,
            canvas_rect: Rect::NOTHING,
            focus_requested: None,
            focused_claim: None,
            keep_clear: None,
            partial_opening: false,
            opening_view: None,
            scene_revision: 0,
            cache: SceneCache::default(),
            minimap_rect: None,
            hint_rect: None,
            read_along_rect: None,
        }
    }
}

impl CanvasView {
    /// Current zoom (1 is 100 %).
    pub fn zoom(&self) -> f32 {
        self.screen_from_scene.scaling
    }

    /// Fits `bounds` into `canvas`, never enlarging past 100 %.
    fn fit(&mut self, bounds: crate::geom::Rect, canvas: Rect) {
        if bounds.is_empty() || canvas.width() <= 0.0 {
            return;
        }
        let canvas = self.keep_clear.map_or(canvas, |r| {
            super::legend::area_clear_of(canvas, r, Vec2::new(bounds.width(), bounds.height()))
        });
        self.partial_opening = false;
        let zoom = (canvas.width() / bounds.width())
            .min(canvas.height() / bounds.height())
            .clamp(*ZOOM_RANGE.start(), 1.0);
        let center = bounds.center();
        self.screen_from_scene = TSTransform::new(
            canvas.center().to_vec2() - Vec2::new(center.x, center.y) * zoom,
            zoom,
        );
    }

    /// The view for a freshly opened map.
    fn initial(&mut self, scene: &Scene, canvas: Rect) {
        self.fit(scene.bounds, canvas);
        if self.zoom() >= MIN_INITIAL_ZOOM || scene.bounds.is_empty() {
            return;
        }
        // Too small to read: start at a readable zoom with the main
        // conclusion (or the top of the map) at the top, and as much of
        // what lies below it as fits.
        self.partial_opening = true;
        let zoom = MIN_INITIAL_ZOOM;
        let conclusion = scene
            .nodes
            .iter()
            .find(|n| n.role == crate::model::Role::Conclusion)
            .map(|n| n.rect);
        let top = conclusion.map_or(scene.bounds.center_top(), |r| r.center_top());
        let target = egui::pos2(canvas.center().x, canvas.top() + 48.0);
        let mut translation = target.to_vec2() - Vec2::new(top.x, top.y) * zoom;
        // Centred, the conclusion may leave one side of the canvas empty
        // while the map runs off the other: slide the map towards the
        // empty side, keeping the conclusion on screen.
        let margin = 24.0;
        let left = scene.bounds.min.x * zoom + translation.x;
        let right = scene.bounds.max.x * zoom + translation.x;
        let (box_left, box_right) = conclusion.map_or((top.x, top.x), |r| (r.min.x, r.max.x));
        let (box_left, box_right) = (
            box_left * zoom + translation.x,
            box_right * zoom + translation.x,
        );
        let gap_left = left - (canvas.left() + margin);
        let over_right = right - (canvas.right() - margin);
        if gap_left > 0.0 && over_right > 0.0 {
            translation.x -= gap_left
                .min(over_right)
                .min(box_left - (canvas.left() + margin))
                .max(0.0);
        }
        let gap_right = (canvas.right() - margin) - right;
        let over_left = (canvas.left() + margin) - left;
        if gap_right > 0.0 && over_left > 0.0 {
            translation.x += gap_right
                .min(over_left)
                .min((canvas.right() - margin) - box_right)
                .max(0.0);
        }
        self.screen_from_scene = TSTransform::new(translation, zoom);
        self.opening_view = Some(self.screen_from_scene);
    }

    /// Zooms by `factor` keeping the scene point under `anchor` in place.
    pub fn zoom_by(&mut self, factor: f32, anchor: Pos2) {
        self.partial_opening = false;
        let old = self.screen_from_scene.scaling;
        let new = (old * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        let k = new / old;
        let t = self.screen_from_scene.translation;
        self.screen_from_scene =
            TSTransform::new(anchor.to_vec2() + (t - anchor.to_vec2()) * k, new);
    }

    /// What the canvas says about the view: how to get a readable view
    /// when the text is too small to read, how to see the whole map when
    /// it opened on its top only (until the view moves; the status bar
    /// keeps saying it, see [`Self::status_hint`]).
    pub fn hint(&self) -> Option<&'static str> {
        if self.zoom() < READABLE_ZOOM {
            Some("Text too small to read: press 0 for 100 %, + to zoom in, Home for the conclusion")
        } else if self.partial_opening && self.opening_view == Some(self.screen_from_scene) {
            Some(
                "Showing the top of the map at a readable size: F fits it whole, drag or arrow keys to pan",
            )
        } else {
            None
        }
    }

    /// The status bar's short form of [`Self::hint`]: it stays while only
    /// part of a map that opened on its top shows, after the plate has
    /// gone with the first move of the view.
    pub fn status_hint(&self) -> Option<&'static str> {
        if self.zoom() < READABLE_ZOOM {
            Some("Text too small: 0 for 100 %")
        } else if self.partial_opening {
            Some("Part of the map shown: F for an overview")
        } else {
            None
        }
    }

    /// Pans just enough to bring `rect` (with a margin) inside `canvas`.
    fn reveal(&mut self, rect: crate::geom::Rect, canvas: Rect) {
        let r = screen_rect(self.screen_from_scene, rect).expand(16.0);
        let mut d = Vec2::ZERO;
        if r.width() > canvas.width() || r.right() > canvas.right() {
            d.x = canvas.right() - r.right();
        }
        if r.left() + d.x < canvas.left() {
            d.x = canvas.left() - r.left();
        }
        if r.bottom() > canvas.bottom() {
            d.y = canvas.bottom() - r.bottom();
        }
        if r.top() + d.y < canvas.top() {
            d.y = canvas.top() - r.top();
        }
        self.screen_from_scene.translation += d;
    }

    /// Centres the view on `rect`, zooming in if it would be unreadable.
    fn center_on(&mut self, rect: crate::geom::Rect, canvas: Rect) {
        let zoom = self.screen_from_scene.scaling.max(0.6);
        let c = rect.center();
        self.screen_from_scene =
            TSTransform::new(canvas.center().to_vec2() - Vec2::new(c.x, c.y) * zoom, zoom);
    }
}

/// What happened on the canvas this frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CanvasOutput {
    /// The claim under the pointer.
    pub hovered: Option<usize>,
    /// A claim that was clicked.
    pub clicked: Option<usize>,
    /// Empty space was clicked (clears the selection).
    pub clicked_background: bool,
    /// What was drawn.
    pub stats: PaintStats,
}

/// Shows the canvas in the remaining space of `ui`.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    scene: &Scene,
    view: &mut CanvasView,
    theme: &Theme,
    highlight: &Highlight,
    badge_preview: &dyn Fn(&mut egui::Ui, usize),
    claim_menu: &mut dyn FnMut(&mut egui::Ui, usize),
) -> CanvasOutput {
    let (canvas, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    view.canvas_rect = canvas;
    background.widget_info(|| WidgetInfo::labeled(egui::Role::Canvas, true, "Map canvas"));

    if view.initial_requested {
        view.initial(scene, canvas);
        view.initial_requested = false;
        view.fit_requested = false;
    }
    if view.fit_requested {
        view.fit(scene.bounds, canvas);
        view.fit_requested = false;
    }
    if let Some(rect) = view.center_requested.take() {
        view.center_on(rect, canvas);
    }
    if let Some(rect) = view.reveal_requested.take() {
        view.reveal(rect, canvas);
    }

    // Pan by dragging empty space (any button).
    if background.dragged() {
        view.screen_from_scene.translation += background.drag_delta();
    }
    if background.double_clicked() {
        view.fit(scene.bounds, canvas);
    }
    let pointer = ui.input(|i| i.pointer.hover_pos());
    if let Some(pointer) = pointer.filter(|p| canvas.contains(*p)) {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        // The wheel zooms (a map has no natural scroll direction); pinch and
        // Ctrl+wheel arrive as zoom_delta.
        let factor = zoom * (scroll.y / 400.0).exp();
        if factor != 1.0 {
            view.zoom_by(factor, pointer);
        }
        if scroll.x != 0.0 {
            view.screen_from_scene.translation.x += scroll.x;
        }
    }
    if view.map_has_keyboard(ui.ctx()) {
        let (zoom_in, zoom_out, fit, actual, home) = ui.input(|i| {
            (
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                i.key_pressed(Key::Minus),
                i.key_pressed(Key::F) && i.modifiers.is_none(),
                i.key_pressed(Key::Num0) && i.modifiers.is_none(),
                i.key_pressed(Key::Home),
            )
        });
        if home {
            view.initial_requested = false;
            view.initial(scene, canvas);
        }
        if zoom_in {
            view.zoom_by(ZOOM_STEP, canvas.center());
        }
        if zoom_out {
            view.zoom_by(1.0 / ZOOM_STEP, canvas.center());
        }
        if fit {
            view.fit(scene.bounds, canvas);
        }
        if actual {
            view.zoom_by(1.0 / view.zoom(), canvas.center());
        }
        let pan = ui.input(|i| {
            let mut d = Vec2::ZERO;
            let step = 40.0;
            if i.key_pressed(Key::ArrowLeft) {
                d.x += step;
            }
            if i.key_pressed(Key::ArrowRight) {
                d.x -= step;
            }
            if i.key_pressed(Key::ArrowUp) {
                d.y += step;
            }
            if i.key_pressed(Key::ArrowDown) {
                d.y -= step;
            }
            d
        });
        view.screen_from_scene.translation += pan;
    }

    let painter = ui.painter_at(canvas);
    painter.rect_filled(canvas, 0.0, crate::render::egui::color(theme.background));
    let drawing = view.cache.drawing(scene, view.scene_revision, theme);
    // The legend and the minimap, where they were last frame.
    let overlays: Vec<Rect> = [view.keep_clear, view.minimap_rect.take()]
        .into_iter()
        .flatten()
        .collect();
    let stats = paint_scene_under(
        &painter,
        scene,
        &drawing,
        view.screen_from_scene,
        theme,
        highlight,
        &overlays,
    );
    // The hint: clear of the legend, the minimap, the read-along bar and
    // the selected claim.
    let avoid: Vec<Rect> = overlays
        .iter()
        .copied()
        .chain(view.read_along_rect)
        .chain(
            highlight
                .selected
                .and_then(|c| scene.node(c))
                .map(|n| screen_rect(view.screen_from_scene, n.rect)),
        )
        .collect();
    view.hint_rect = view
        .hint()
        .map(|hint| super::hint::hint_ui(&painter, canvas, hint, theme, &avoid));

    // Claim boxes are widgets (for hover, click and screen readers) while
    // their text is readable; far out, a plain hit test does the job.
    let mut output = CanvasOutput {
        stats,
        ..CanvasOutput::default()
    };
    let id = background.id;
    // Widgets for every visible box while they are few enough to be cheap.
    let widgets = stats.text || stats.nodes <= MAX_WIDGETS_WITHOUT_TEXT;
    view.focused_claim = None;
    let focus_requested = view.focus_requested.take();
    let mut visible = Vec::new();
    // Without widgets only the box under the pointer matters: look there
    // rather than at every box on screen.
    let probe = if widgets {
        Some(canvas)
    } else {
        pointer
            .filter(|p| canvas.contains(*p))
            .map(|p| Rect::from_center_size(p, Vec2::splat(2.0)))
    };
    if let Some(probe) = probe {
        drawing
            .grid()
            .nodes_in(&visible_rect(probe, view.screen_from_scene), &mut visible);
    }
    for node in visible.iter().filter_map(|&i| scene.nodes.get(i)) {
        let r = screen_rect(view.screen_from_scene, node.rect);
        if !r.intersects(canvas) {
            continue;
        }
        if widgets {
            let response = ui.interact(r.intersect(canvas), id.with(node.claim), Sense::click());
            let label = node
                .lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let selected = highlight.selected == Some(node.claim);
            response
                .widget_info(|| WidgetInfo::selected(egui::Role::Button, true, selected, &label));
            if response.hovered() {
                output.hovered = Some(node.claim);
            }
            if response.clicked() {
                output.clicked = Some(node.claim);
            }
            if focus_requested == Some(node.claim) {
                response.request_focus();
            }
            if response.has_focus() {
                view.focused_claim = Some((node.claim, response.id));
            }
            response.context_menu(|ui| claim_menu(ui, node.claim));
            if let Some(badge) = &node.badge {
                let center = view.screen_from_scene * egui::pos2(badge.center.x, badge.center.y);
                let r = (badge.radius * view.zoom()).max(crate::render::egui::MIN_BADGE_RADIUS);
                let badge_rect = egui::Rect::from_center_size(center, egui::vec2(2.0 * r, 2.0 * r));
                let notes = badge.label.text.clone();
                let badge_response = ui
                    .interact(badge_rect, id.with(("badge", node.claim)), Sense::click())
                    .on_hover_ui(|ui| badge_preview(ui, node.claim));
                badge_response.widget_info(|| {
                    WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("{notes} notes on: {label}"),
                    )
                });
                if badge_response.hovered() {
                    output.hovered = Some(node.claim);
                }
                if badge_response.clicked() {
                    output.clicked = Some(node.claim);
                }
            }
        } else if let Some(p) = pointer.filter(|p| r.contains(*p)) {
            let _ = p;
            output.hovered = Some(node.claim);
            if background.clicked() {
                output.clicked = Some(node.claim);
            }
        }
    }
    if background.clicked() && output.clicked.is_none() {
        output.clicked_background = true;
    }
    if output.hovered.is_some() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    output
}
