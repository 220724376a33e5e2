//! Collapse and focus in the viewer: which branches are collapsed (kept
//! per map in the notes file), focus mode, and their controls: a chevron
//! under each box with a branch, the "+N" badge of a collapsed branch,
//! Alt+Left / Alt+Right on the selected claim, `Z` and Escape for focus, the
//! View menu's entries and the focus banner.
//!
//! Which claims are shown is worked out by [`crate::visible`]; the shown
//! claims are laid out as a map of their own, so the space of what is
//! hidden closes up. A large shown part is laid out on the worker thread,
//! the map as it was staying on screen meanwhile. Every scene is built by
//! [`Document::rebuild_scene`].

use std::collections::BTreeSet;

use egui::{Color32, Key, Modifiers, Pos2, RichText, Sense, Shape, Stroke, WidgetInfo};

use crate::layout::{Layout, LayoutStyle, layout, layout_with_progress};
use crate::model::{LoadedMap, MapIndex, Role};
use crate::notes::NoteStore;
use crate::render::egui::{color, font_id, screen_rect};
use crate::scene::{Scene, SceneOptions, Theme, collapse::part_scene};
use crate::text::FontMetrics;
use crate::visible::{self, Focus, SubMap, Visibility};

use super::ReasonmapApp;
use super::canvas::CanvasView;
use super::document::Document;
use super::worker::Job;

/// Shown parts with more claims than this (or small ones whose layout tries
/// several orders, see [`crate::layout::tries_orders`]) are laid out on the worker
/// thread (a layout of 2,000 claims takes about 10 ms).
pub const BACKGROUND_LAYOUT_CLAIMS: usize = 2_000;
/// Depth of the branch shown when focus mode starts.
pub const DEFAULT_FOCUS_DEPTH: usize = 2;
/// Deepest branch the focus banner offers.
pub const MAX_FOCUS_DEPTH: usize = 20;
/// Depths offered by View › Collapse to Depth.
pub const COLLAPSE_DEPTHS: std::ops::RangeInclusive<usize> = 1..=6;
/// Most chevrons and badges given a widget each per frame.
const MAX_WIDGETS: usize = 400;
/// Boxes shorter than this on screen get no chevron.
const MIN_BOX_HEIGHT_FOR_CHEVRON: f32 = 14.0;

/// The shown part of a map, laid out as a map of its own.
#[derive(Debug)]
pub struct ShownPart {
    /// The shown claims and the arguments between them.
    pub sub: SubMap,
    /// The sub-map's index.
    pub index: MapIndex,
    /// The sub-map's layout.
    pub layout: Layout,
    /// What the part shows and hides (its badges).
    pub visibility: Visibility,
}

impl ShownPart {
    /// Lays out `sub`, the part `visibility` shows.
    pub fn lay_out(sub: SubMap, visibility: Visibility, style: &LayoutStyle) -> Self {
        let index = MapIndex::new(&sub.map);
        let layout = layout(&sub.map, &index, FontMetrics::bundled(), style);
        Self {
            sub,
            index,
            layout,
            visibility,
        }
    }

    /// The part's scene, indexed like the whole map `loaded`.
    pub fn scene(
        &self,
        loaded: &LoadedMap,
        style: &LayoutStyle,
        options: &SceneOptions,
        theme: &Theme,
    ) -> Scene {
        part_scene(
            &loaded.map,
            &loaded.index,
            &self.sub,
            &self.index,
            &self.layout,
            &self.visibility,
            style,
            FontMetrics::bundled(),
            theme,
            options,
        )
    }
}

/// A shown part to lay out on the worker thread.
#[derive(Debug)]
pub struct PartRequest {
    /// The document (by the app's generation) the part is of.
    pub generation: u64,
    /// Which request of that document this is; only the latest is used.
    pub id: u64,
    /// The shown claims.
    pub sub: SubMap,
    /// What they show and hide.
    pub visibility: Visibility,
    /// The layout's sizes and spacing.
    pub style: LayoutStyle,
}

impl PartRequest {
    /// Lays the part out, telling `fraction` how far the layout has got.
    pub fn run(self, fraction: &dyn Fn(f32)) -> LaidOutPart {
        let index = MapIndex::new(&self.sub.map);
        let layout = layout_with_progress(
            &self.sub.map,
            &index,
            FontMetrics::bundled(),
            &self.style,
            fraction,
        );
        LaidOutPart {
            generation: self.generation,
            id: self.id,
            part: ShownPart {
                sub: self.sub,
                index,
                layout,
                visibility: self.visibility,
            },
        }
    }
}

/// A shown part laid out on the worker thread.
#[derive(Debug)]
pub struct LaidOutPart {
    /// The document (by the app's generation) the part is of.
    pub generation: u64,
    /// Which request it answers.
    pub id: u64,
    /// The part.
    pub part: ShownPart,
}

/// Which branches are collapsed, the focus, and the part of the map shown.
#[derive(Debug)]
pub struct CollapseState {
    /// Per claim: whether its branch is collapsed.
    pub collapsed: Vec<bool>,
    /// Focus mode, when on.
    pub focus: Option<Focus>,
    /// What is shown under the collapsed branches and the focus (the
    /// screen shows it once its layout is done; see [`Self::is_laying_out`]).
    pub visibility: Visibility,
    /// The shown part when claims are hidden; `None` when all are shown.
    part: Option<ShownPart>,
    /// The request laying out the part on the worker, if one is running.
    pending: Option<u64>,
    /// Counts the requests, so that only the latest is taken in.
    requests: u64,
    /// Collapsed ids in the notes file that the map does not have: they
    /// stay in the file.
    unknown_ids: BTreeSet<String>,
    /// A claim to keep in place on screen when the new part is shown, and
    /// where its box's top centre was in the scene before.
    anchor: Option<(usize, crate::geom::Point)>,
    /// Fit the view to the part being laid out on the worker once it is
    /// shown (focus changes): fitting before would fit the old picture.
    fit_when_shown: bool,
}

impl CollapseState {
    /// The collapse state kept in the notes file of `loaded`, laid out
    /// (this runs on the worker thread while a map opens).
    pub fn from_store(loaded: &LoadedMap, notes: &NoteStore, style: &LayoutStyle) -> Self {
        let (map, index) = (&loaded.map, &loaded.index);
        let mut collapsed = vec![false; map.claims.len()];
        let mut unknown_ids = BTreeSet::new();
        for id in notes.collapsed() {
            match index.claim(id) {
                Some(c) => collapsed[c] = true,
                None => {
                    unknown_ids.insert(id.clone());
                }
            }
        }
        let visibility = visible::visibility(map, index, &collapsed, None);
        let part = (!visibility.is_complete()).then(|| {
            let sub = visible::sub_map(map, index, &visibility.shown);
            ShownPart::lay_out(sub, visibility.clone(), style)
        });
        Self {
            collapsed,
            focus: None,
            visibility,
            part,
            pending: None,
            requests: 0,
            unknown_ids,
            anchor: None,
            fit_when_shown: false,
        }
    }

    /// The shown part, when claims are hidden.
    pub fn part(&self) -> Option<&ShownPart> {
        self.part.as_ref()
    }

    /// Whether claim `claim`'s branch is collapsed.
    pub fn is_collapsed(&self, claim: usize) -> bool {
        self.collapsed.get(claim).copied().unwrap_or(false)
    }

    /// Whether the part to show is being laid out on the worker thread.
    pub fn is_laying_out(&self) -> bool {
        self.pending.is_some()
    }

    /// How many claims' branches are collapsed.
    pub fn collapsed_count(&self) -> usize {
        self.collapsed.iter().filter(|&&c| c).count()
    }

    /// Ids of the collapsed claims, with those of the notes file that the
    /// map does not have.
    pub fn collapsed_ids(&self, loaded: &LoadedMap) -> BTreeSet<String> {
        let mut ids = self.unknown_ids.clone();
        ids.extend(
            self.collapsed
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c)
                .filter_map(|(c, _)| loaded.map.claims.get(c).map(|claim| claim.id.clone())),
        );
        ids
    }
}

impl Document {
    /// Works out what is shown after the collapsed claims or the focus
    /// changed, keeps the collapsed claims in the notes, and rebuilds the
    /// scene; for a large shown part, returns the job that lays it out on
    /// the worker instead (see [`Document::take_part`]).
    pub fn apply_collapse(&mut self, theme: &Theme, generation: u64) -> Option<Job> {
        let (map, index) = (&self.loaded.map, &self.loaded.index);
        let state = &mut self.collapse;
        state.visibility = visible::visibility(map, index, &state.collapsed, state.focus);
        let ids = state.collapsed_ids(&self.loaded);
        self.notes.set_collapsed(ids);
        let state = &mut self.collapse;
        state.pending = None;
        if state.visibility.is_complete() {
            state.part = None;
            self.rebuild_scene(theme);
            return None;
        }
        let sub = visible::sub_map(map, index, &state.visibility.shown);
        if sub.claims.len() > BACKGROUND_LAYOUT_CLAIMS || crate::layout::tries_orders(&sub.map) {
            state.requests += 1;
            state.pending = Some(state.requests);
            return Some(Job::LayOut(Box::new(PartRequest {
                generation,
                id: state.requests,
                sub,
                visibility: state.visibility.clone(),
                style: self.style.clone(),
            })));
        }
        state.part = Some(ShownPart::lay_out(
            sub,
            state.visibility.clone(),
            &self.style,
        ));
        self.rebuild_scene(theme);
        None
    }

    /// Takes in a part laid out on the worker if it answers the latest
    /// request; true when it did.
    pub fn take_part(&mut self, laid_out: LaidOutPart, theme: &Theme) -> bool {
        if self.collapse.pending != Some(laid_out.id) {
            return false;
        }
        self.collapse.pending = None;
        self.collapse.part = Some(laid_out.part);
        self.rebuild_scene(theme);
        true
    }
}

/// What was clicked on the canvas's chevrons and badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchClick {
    /// Collapse this claim's branch.
    Collapse(usize),
    /// Expand this claim's branch.
    Expand(usize),
}

/// Paints the "+N" badges of collapsed branches and the chevrons of
/// claims with a branch over the canvas, and makes them buttons.
pub fn overlay_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &CanvasView,
    theme: &Theme,
) -> Option<BranchClick> {
    let canvas = view.canvas_rect;
    let transform = view.screen_from_scene;
    let zoom = transform.scaling;
    let painter = ui.painter_at(canvas);
    let index = &doc.loaded.index;
    let mut click = None;
    let mut widgets = 0;
    for node in &doc.scene.nodes {
        let r = screen_rect(transform, node.rect);
        let badge_rect = node.branch.as_ref().map(|b| screen_rect(transform, b.rect));
        if !r.union(badge_rect.unwrap_or(r)).intersects(canvas) {
            continue;
        }
        let claim = node.claim;
        let id = doc
            .loaded
            .map
            .claims
            .get(claim)
            .map_or("", |c| c.id.as_str());
        if let (Some(badge), Some(rect)) = (&node.branch, badge_rect) {
            paint_badge(&painter, badge, rect, transform);
            if widgets < MAX_WIDGETS && rect.height() >= 6.0 {
                widgets += 1;
                let response = ui
                    .interact(
                        rect.intersect(canvas),
                        ui.scope_id().with(("branch-badge", claim)),
                        Sense::click(),
                    )
                    .on_hover_text(hidden_summary(badge.count, &roles_of(doc, claim)));
                let label = format!("{} hidden claims under {id}", badge.count);
                response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
                if response.clicked() {
                    click = Some(BranchClick::Expand(claim));
                }
            }
        }
        if !visible::has_branch(index, claim)
            || r.height() < MIN_BOX_HEIGHT_FOR_CHEVRON
            || widgets >= MAX_WIDGETS
        {
            continue;
        }
        widgets += 1;
        let collapsed = doc.collapse.is_collapsed(claim);
        let side = (14.0 * zoom).clamp(10.0, 18.0);
        let chevron = egui::Rect::from_min_size(
            egui::pos2(r.right() - side, r.bottom() + 2.0),
            egui::vec2(side, side),
        );
        let response = ui.interact(
            chevron.intersect(canvas),
            ui.scope_id().with(("chevron", claim)),
            Sense::click(),
        );
        let label = if collapsed {
            format!("Expand branch of {id}")
        } else {
            format!("Collapse branch of {id}")
        };
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
        let ink = if response.hovered() {
            color(theme.text)
        } else {
            color(theme.weak_text)
        };
        if response.hovered() {
            painter.rect_filled(chevron, 3.0, color(theme.legend_fill));
        }
        painter.add(chevron_shape(chevron, collapsed, ink));
        let response = response.on_hover_text(if collapsed {
            "Expand this branch (Alt+Right)"
        } else {
            "Collapse this branch (Alt+Left)"
        });
        if response.clicked() {
            click = Some(if collapsed {
                BranchClick::Expand(claim)
            } else {
                BranchClick::Collapse(claim)
            });
        }
    }
    click
}

/// A small filled triangle in `rect`: pointing right when collapsed,
/// down when open.
fn chevron_shape(rect: egui::Rect, collapsed: bool, ink: Color32) -> Shape {
    let c = rect.center();
    let h = rect.width() * 0.28;
    let points: Vec<Pos2> = if collapsed {
        vec![
            egui::pos2(c.x - h * 0.7, c.y - h),
            egui::pos2(c.x + h, c.y),
            egui::pos2(c.x - h * 0.7, c.y + h),
        ]
    } else {
        vec![
            egui::pos2(c.x - h, c.y - h * 0.7),
            egui::pos2(c.x + h, c.y - h * 0.7),
            egui::pos2(c.x, c.y + h),
        ]
    };
    Shape::convex_polygon(points, ink, Stroke::NONE)
}

/// Paints a branch badge (already in screen coordinates as `rect`).
fn paint_badge(
    painter: &egui::Painter,
    badge: &crate::scene::BranchBadge,
    rect: egui::Rect,
    transform: egui::emath::TSTransform,
) {
    let zoom = transform.scaling;
    painter.rect(
        rect,
        badge.corner_radius * zoom,
        color(badge.fill),
        Stroke::new(1.0, color(badge.stroke)),
        egui::StrokeKind::Middle,
    );
    let size = badge.label.size * zoom;
    if size >= 4.0 {
        let pos = transform * egui::pos2(badge.label.pos.x, badge.label.pos.y);
        painter.text(
            pos,
            egui::Align2::LEFT_TOP,
            &badge.label.text,
            font_id(badge.label.weight, size),
            color(badge.label.color),
        );
    }
    for swatch in &badge.swatches {
        painter.rect(
            screen_rect(transform, swatch.rect),
            2.0 * zoom,
            color(swatch.fill),
            Stroke::new(1.0, color(swatch.stroke)),
            egui::StrokeKind::Middle,
        );
    }
}

/// The roles hidden below shown claim `claim`, with their counts.
fn roles_of(doc: &Document, claim: usize) -> Vec<(Role, usize)> {
    doc.collapse
        .part()
        .and_then(|p| p.visibility.hidden_below(claim))
        .map(|h| h.roles.clone())
        .unwrap_or_default()
}

/// "5 hidden claims: 3 reasons, 1 objection, 1 undercut".
pub fn hidden_summary(count: usize, roles: &[(Role, usize)]) -> String {
    let parts: Vec<String> = roles
        .iter()
        .map(|&(role, n)| {
            let label = role.label();
            if n == 1 {
                format!("1 {label}")
            } else {
                format!("{n} {label}s")
            }
        })
        .collect();
    let noun = if count == 1 { "claim" } else { "claims" };
    if parts.is_empty() {
        format!("{count} hidden {noun}")
    } else {
        format!("{count} hidden {noun}: {}", parts.join(", "))
    }
}

impl ReasonmapApp {
    /// Works out what is shown after a change to the collapsed claims or
    /// the focus, and saves the collapsed claims with the notes.
    fn apply_collapse(&mut self) {
        self.apply_collapse_keeping(None);
    }

    /// [`Self::apply_collapse`], keeping claim `anchor` (when given and
    /// shown before and after) where it is on screen while the layout
    /// closes up around it.
    fn apply_collapse_keeping(&mut self, anchor: Option<usize>) {
        let Some(doc) = &mut self.doc else { return };
        doc.collapse.fit_when_shown = false;
        doc.collapse.anchor = anchor.and_then(|c| Some((c, doc.scene.node(c)?.rect.center_top())));
        if let Some(job) = doc.apply_collapse(&self.theme, self.generation) {
            self.worker.send(job);
        } else {
            self.keep_anchor();
        }
        if self.doc.as_ref().is_some_and(|d| d.notes.is_dirty()) {
            // Saved at once (when saving is automatic): nothing to type.
            self.autosave_at = self.autosave_at.or(Some(0.0));
        }
    }

    /// Moves the view so that the anchored claim is where it was.
    fn keep_anchor(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        let Some((claim, before)) = doc.collapse.anchor.take() else {
            return;
        };
        if let Some(node) = doc.scene.node(claim) {
            let after = node.rect.center_top();
            let zoom = self.view.zoom();
            self.view.screen_from_scene.translation -=
                egui::vec2(after.x - before.x, after.y - before.y) * zoom;
        }
    }

    /// Takes in a shown part laid out on the worker.
    pub(super) fn part_laid_out(&mut self, laid_out: LaidOutPart) {
        if laid_out.generation != self.generation {
            return;
        }
        if let Some(doc) = &mut self.doc
            && doc.take_part(laid_out, &self.theme)
        {
            if std::mem::take(&mut doc.collapse.fit_when_shown) {
                self.view.fit_requested = true;
            }
            self.keep_anchor();
        }
    }

    /// Fits the view to the shown part: now, or once the part being laid
    /// out on the worker arrives.
    fn fit_shown_part(&mut self) {
        match &mut self.doc {
            Some(doc) if doc.collapse.pending.is_some() => doc.collapse.fit_when_shown = true,
            _ => self.view.fit_requested = true,
        }
    }

    /// Collapses (or expands) claim `claim`'s branch.
    pub fn set_collapsed(&mut self, claim: usize, collapsed: bool) {
        let Some(doc) = &mut self.doc else { return };
        let Some(slot) = doc.collapse.collapsed.get_mut(claim) else {
            return;
        };
        if *slot == collapsed || (collapsed && !visible::has_branch(&doc.loaded.index, claim)) {
            return;
        }
        *slot = collapsed;
        self.apply_collapse_keeping(Some(claim));
    }

    /// Expands every collapsed branch.
    pub fn expand_all(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        doc.collapse.collapsed.iter_mut().for_each(|c| *c = false);
        self.apply_collapse();
    }

    /// Shows the map `depth` levels below its conclusions: every claim at
    /// that depth is collapsed, every other expanded.
    pub fn collapse_to_depth(&mut self, depth: usize) {
        let Some(doc) = &mut self.doc else { return };
        let (map, index) = (&doc.loaded.map, &doc.loaded.index);
        let mut collapsed = vec![false; map.claims.len()];
        for c in visible::claims_at_depth(map, index, depth) {
            collapsed[c] = true;
        }
        doc.collapse.collapsed = collapsed;
        self.apply_collapse();
    }

    /// Focus mode on `claim`: only it, what it bears on up to the
    /// conclusion, and its branch to the focus depth. The selection is kept.
    pub fn focus_on(&mut self, claim: usize) {
        let Some(doc) = &mut self.doc else { return };
        if claim >= doc.loaded.map.claims.len() {
            return;
        }
        let depth = doc.collapse.focus.map_or(DEFAULT_FOCUS_DEPTH, |f| f.depth);
        doc.collapse.focus = Some(Focus { claim, depth });
        self.apply_collapse();
        self.fit_shown_part();
    }

    /// Leaves focus mode, keeping the selection in view.
    pub fn leave_focus(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        if doc.collapse.focus.take().is_none() {
            return;
        }
        self.apply_collapse();
        if let Some(node) = self
            .selected
            .and_then(|c| self.doc.as_ref()?.scene.node(c).map(|n| n.rect))
        {
            self.view.center_requested = Some(node);
        } else {
            self.fit_shown_part();
        }
    }

    /// Sets how deep the focused claim's branch is shown.
    pub fn set_focus_depth(&mut self, depth: usize) {
        let Some(doc) = &mut self.doc else { return };
        let Some(focus) = &mut doc.collapse.focus else {
            return;
        };
        let depth = depth.min(MAX_FOCUS_DEPTH);
        if focus.depth != depth {
            focus.depth = depth;
            self.apply_collapse();
            self.fit_shown_part();
        }
    }

    /// Makes claim `claim` shown if it is hidden (a search result, a
    /// link): leaves focus mode and expands the collapsed claims it bears on.
    pub(super) fn reveal_claim(&mut self, claim: usize) {
        let Some(doc) = &mut self.doc else { return };
        if doc.collapse.visibility.is_shown(claim) {
            return;
        }
        doc.collapse.focus = None;
        let (map, index) = (&doc.loaded.map, &doc.loaded.index);
        for a in visible::ancestors(index, map.claims.len(), map.arguments.len(), claim) {
            doc.collapse.collapsed[a] = false;
        }
        self.apply_collapse();
    }

    /// Alt+Left and Alt+Right collapse and expand the selected claim's branch;
    /// `Z` turns focus mode on the selection on and off; Escape leaves
    /// focus mode (keeping the selection). Runs before the other keys, so
    /// that Escape does not also clear the selection.
    pub(super) fn collapse_keys(&mut self, ctx: &egui::Context) {
        if !self.view.map_has_keyboard(ctx) || self.doc.is_none() {
            return;
        }
        let (collapse, expand, focus, leave) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::ALT, Key::ArrowLeft),
                i.consume_key(Modifiers::ALT, Key::ArrowRight),
                i.modifiers.is_none() && i.key_pressed(Key::Z),
                self.doc
                    .as_ref()
                    .is_some_and(|d| d.collapse.focus.is_some())
                    && i.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if let Some(claim) = self.selected {
            if collapse {
                self.set_collapsed(claim, true);
            }
            if expand {
                self.set_collapsed(claim, false);
            }
        }
        if focus {
            let current = self.doc.as_ref().and_then(|d| d.collapse.focus);
            match (self.selected, current) {
                (Some(claim), Some(f)) if f.claim != claim => self.focus_on(claim),
                (_, Some(_)) => self.leave_focus(),
                (Some(claim), None) => self.focus_on(claim),
                (None, None) => {}
            }
        }
        if leave {
            self.leave_focus();
        }
    }

    /// Adds Collapse Branch, Expand Branch and Focus on This Claim for
    /// `claim` to a menu (the View menu's Selected Claim submenu, a
    /// claim's context menu).
    pub(super) fn collapse_menu_items(&mut self, ui: &mut egui::Ui, claim: usize) {
        let Some(doc) = &self.doc else { return };
        let has_branch = visible::has_branch(&doc.loaded.index, claim);
        let collapsed = doc.collapse.is_collapsed(claim);
        let focused = doc.collapse.focus.is_some_and(|f| f.claim == claim);
        if ui
            .add_enabled(
                has_branch && !collapsed,
                egui::Button::new("Collapse Branch").shortcut_text("Alt+Left"),
            )
            .clicked()
        {
            self.set_collapsed(claim, true);
        }
        if ui
            .add_enabled(
                collapsed,
                egui::Button::new("Expand Branch").shortcut_text("Alt+Right"),
            )
            .clicked()
        {
            self.set_collapsed(claim, false);
        }
        let focus_label = if focused {
            "Leave Focus"
        } else {
            "Focus on This Claim"
        };
        if ui
            .add(egui::Button::new(focus_label).shortcut_text("Z"))
            .clicked()
        {
            if focused {
                self.leave_focus();
            } else {
                self.focus_on(claim);
            }
        }
    }

    /// The View menu's collapse and focus entries.
    pub(super) fn view_menu_collapse_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let focus = doc.collapse.focus;
        let any_collapsed = doc.collapse.collapsed_count() > 0;
        let selected = self.selected;
        let focus_label = if focus.is_some() {
            "Leave Focus"
        } else {
            "Focus on Selection"
        };
        if ui
            .add_enabled(
                selected.is_some() || focus.is_some(),
                egui::Button::new(focus_label).shortcut_text(if focus.is_some() {
                    "Esc"
                } else {
                    "Z"
                }),
            )
            .clicked()
        {
            match (focus, selected) {
                (Some(_), _) => self.leave_focus(),
                (None, Some(claim)) => self.focus_on(claim),
                (None, None) => {}
            }
        }
        if ui
            .add_enabled(any_collapsed, egui::Button::new("Expand All"))
            .clicked()
        {
            self.expand_all();
        }
        ui.menu_button("Collapse to Depth", |ui| {
            for depth in COLLAPSE_DEPTHS {
                if ui.button(format!("Depth {depth}")).clicked() {
                    self.collapse_to_depth(depth);
                }
            }
        });
        ui.add_enabled_ui(selected.is_some(), |ui| {
            ui.menu_button("Selected Claim", |ui| {
                if let Some(claim) = selected {
                    self.collapse_menu_items(ui, claim);
                }
            });
        });
    }

    /// The banner over the canvas in focus mode: "Focus: claim · depth N ·
    /// Esc to leave", with the depth to change and a button to leave.
    pub(super) fn focus_banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        let Some(focus) = doc.collapse.focus else {
            return;
        };
        let text = doc
            .loaded
            .map
            .claims
            .get(focus.claim)
            .map_or_else(String::new, |c| crate::evaluation::short_quote(&c.text));
        let laying_out = doc.collapse.is_laying_out();
        let hidden = doc.collapse.visibility.hidden_count();
        let mut depth = focus.depth;
        let mut leave = false;
        egui::Panel::top("focus-banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Focus:").strong());
                ui.label(text);
                ui.label("·");
                let label = ui.label("depth");
                ui.add(egui::DragValue::new(&mut depth).range(0..=MAX_FOCUS_DEPTH))
                    .labelled_by(label.id);
                ui.label("·");
                ui.label(RichText::new("Esc to leave").weak());
                ui.label(RichText::new(format!("({hidden} claims hidden)")).weak());
                if laying_out {
                    ui.spinner();
                }
                leave = ui.button("Leave Focus").clicked();
            });
        });
        if depth != focus.depth {
            self.set_focus_depth(depth);
        }
        if leave {
            self.leave_focus();
        }
    }

    /// Acts on a click on a chevron or badge.
    pub(super) fn branch_clicked(&mut self, click: BranchClick) {
        match click {
            BranchClick::Collapse(claim) => self.set_collapsed(claim, true),
            BranchClick::Expand(claim) => self.set_collapsed(claim, false),
        }
    }
}

/// Ids of the claims collapsed in `doc`, for the export dialog.
pub fn export_collapsed(doc: &Document) -> BTreeSet<String> {
    doc.collapse.collapsed_ids(&doc.loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_counts_and_roles() {
        assert_eq!(
            hidden_summary(
                5,
                &[(Role::Reason, 3), (Role::Objection, 1), (Role::Undercut, 1)]
            ),
            "5 hidden claims: 3 reasons, 1 objection, 1 undercut"
        );
        assert_eq!(hidden_summary(1, &[]), "1 hidden claim");
    }
}
