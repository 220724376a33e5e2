//! Evaluating the map in the viewer: marking claims (keys `A`, `X`, `O`,
//! buttons in the side panel, the Edit menu) and inferences, the status of
//! the selected claim with the reason for it (every claim it names is a
//! link), the Evaluation panel (the marks, "Clear all marks", "What if?"),
//! the status-bar summary, and keeping the map's evaluation layer in step
//! with the marks in the same frame.
//!
//! The panels only draw and report [`EvaluationAction`]s; the app applies
//! them in one place. Marks live in the notes store (so they are saved,
//! merged and undone with the notes); a "what if" is a set of marks laid
//! over them for a while, never stored until kept.

use std::collections::BTreeMap;

use egui::{Key, RichText};

use super::document::Document;
use super::{ReasonmapApp, Status as StatusLine};
use crate::evaluation::{
    Evaluation, Explanation, Mark, Marks, Reading, Segment, Status, UnresolvedMark, evaluate,
    explain_argument, explain_claim, short_quote,
};
use crate::model::{ArgumentKind, LoadedMap, Target};
use crate::render::egui::color;
use crate::scene::evaluation::{self as shapes, LegendRow};
use crate::scene::{EvaluationLayer, SceneEvaluation, Theme};

/// A change of the evaluation the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvaluationAction {
    /// Set the mark on the claim or argument with this id (`None`: open).
    /// During a "what if" the mark is only tried.
    SetMark(String, Option<Mark>),
    /// Clear every mark on the map.
    ClearAll,
    /// Start trying marks without keeping them.
    StartWhatIf,
    /// Drop the marks tried, back to the stored ones.
    RevertWhatIf,
    /// Store the marks tried, as one undoable change.
    KeepWhatIf,
    /// Move an orphaned mark to the claim or argument with this id.
    MoveMark(String, String),
    /// Select this claim and bring it into view.
    GoTo(usize),
    /// Read charitably or sceptically.
    SetReading(Reading),
}

/// Marks tried in a "what if", by claim or argument id (`None`: open).
type Tried = BTreeMap<String, Option<Mark>>;

/// The evaluation of an open map: under the stored marks, and under a
/// "what if" when one is being tried.
#[derive(Debug, Default)]
pub struct EvaluationState {
    /// Under the stored marks.
    current: Option<Evaluation>,
    /// Marks tried on top of the stored ones, by id; `None` when no
    /// "what if" is on.
    what_if: Option<Tried>,
    /// Under the stored marks with the tried ones on top.
    hypothetical: Option<Evaluation>,
    /// Claims whose status the "what if" changes.
    changed: Vec<usize>,
    /// Stored marks that fit nothing in the map.
    orphaned: Vec<UnresolvedMark>,
    /// What the evaluations above were computed from: the store's marks
    /// revision, the reading and the marks tried.
    key: Option<(u64, Reading, Option<Tried>)>,
    /// The legend rows of what is shown.
    legend_rows: Vec<LegendRow>,
}

impl EvaluationState {
    /// The evaluation shown: the "what if" while one is on, else the one
    /// under the stored marks. `None` before the first frame.
    pub fn shown(&self) -> Option<&Evaluation> {
        self.hypothetical.as_ref().or(self.current.as_ref())
    }

    /// The evaluation under the stored marks.
    pub fn current(&self) -> Option<&Evaluation> {
        self.current.as_ref()
    }

    /// The status shown for claim `claim`.
    pub fn status(&self, claim: usize) -> Status {
        self.shown().map_or(Status::Undecided, |e| e.claim(claim))
    }

    /// Whether a "what if" is on.
    pub fn what_if_active(&self) -> bool {
        self.what_if.is_some()
    }

    /// The marks tried in the "what if", by id.
    pub fn tried(&self) -> Option<&Tried> {
        self.what_if.as_ref()
    }

    /// Claims whose status the "what if" changes, in map order.
    pub fn changed(&self) -> &[usize] {
        &self.changed
    }

    /// Stored marks on claims or arguments no longer in the map.
    pub fn orphaned(&self) -> &[UnresolvedMark] {
        &self.orphaned
    }

    /// The mark shown on the claim or argument `id`: the tried one during
    /// a "what if", else the stored one.
    fn mark(&self, doc_marks: &crate::notes::MarkMap, id: &str) -> Option<Mark> {
        match self.what_if.as_ref().and_then(|w| w.get(id)) {
            Some(tried) => *tried,
            None => doc_marks.get(id).copied(),
        }
    }
}

impl Document {
    /// Evaluates the map again if its marks, the reading or the "what if"
    /// changed since the last frame, and puts the evaluation shown on the
    /// map (or takes it off when `show` is false). Cheap when nothing
    /// changed; one full evaluation (a few milliseconds for 10,000 claims)
    /// when something did.
    pub fn sync_evaluation(&mut self, reading: Reading, show: bool, theme: &Theme) {
        let (map, index) = (&self.loaded.map, &self.loaded.index);
        let state = &mut self.evaluation;
        let key = Some((self.notes.marks_revision(), reading, state.what_if.clone()));
        let stale = state.key != key;
        if stale {
            let stored = self.notes.marks().iter().map(|(id, &m)| (id.as_str(), m));
            let (marks, orphaned) = Marks::from_ids(map, index, stored);
            let current = evaluate(map, index, &marks, reading);
            state.hypothetical = state.what_if.as_ref().map(|tried| {
                let mut marks = marks.clone();
                for (id, mark) in tried {
                    set_mark(&mut marks, &self.loaded, id, *mark);
                }
                evaluate(map, index, &marks, reading)
            });
            state.changed = state
                .hypothetical
                .as_ref()
                .map(|h| h.changed_claims(&current))
                .unwrap_or_default();
            state.current = Some(current);
            state.orphaned = orphaned;
            state.key = key;
        }
        match (show, state.shown()) {
            (true, Some(shown)) if stale || self.scene.evaluation.is_none() => {
                let drawn = SceneEvaluation::new(shown);
                state.legend_rows = shapes::legend_rows(&drawn);
                self.scene.evaluation = Some(EvaluationLayer {
                    claims: shapes::claim_shapes(&self.scene.nodes, &drawn, theme),
                    legend: Vec::new(),
                });
            }
            (true, _) => {}
            (false, _) => {
                self.scene.evaluation = None;
                state.legend_rows.clear();
            }
        }
    }
}

/// Puts `mark` on the claim or argument `id` of `marks` (if it fits).
fn set_mark(marks: &mut Marks, loaded: &LoadedMap, id: &str, mark: Option<Mark>) {
    let index = &loaded.index;
    if let Some(c) = index.claim(id) {
        marks.set_claim(c, mark.and_then(Mark::claim_mark));
    } else if let Some(a) = index.argument(id) {
        marks.set_argument(a, mark.and_then(Mark::inference_mark));
    }
}

impl ReasonmapApp {
    /// `A`, `X` and `O` mark the selected claim accepted, rejected or open.
    pub(super) fn evaluation_shortcuts(&mut self, ctx: &egui::Context) {
        let Some(claim) = self.selected_claim_id() else {
            return;
        };
        let pressed = ctx.input(|i| {
            let plain = i.modifiers.is_none();
            [
                (Key::A, Some(Mark::Accepted)),
                (Key::X, Some(Mark::Rejected)),
                (Key::O, None),
            ]
            .into_iter()
            .find(|&(key, _)| plain && i.key_pressed(key))
        });
        if let Some((_, mark)) = pressed {
            self.apply_evaluation_action(ctx, EvaluationAction::SetMark(claim, mark));
        }
    }

    /// Keeps the map's evaluation in step with the marks; call once per
    /// frame before drawing.
    pub(super) fn sync_evaluation(&mut self) {
        if let Some(doc) = &mut self.doc {
            doc.sync_evaluation(
                self.persisted.reading,
                self.persisted.show_evaluation,
                &self.theme,
            );
        }
    }

    /// Applies what the user asked for to the store or the "what if".
    pub(super) fn apply_evaluation_action(
        &mut self,
        ctx: &egui::Context,
        action: EvaluationAction,
    ) {
        let Some(doc) = &mut self.doc else { return };
        let state = &mut doc.evaluation;
        let result = match action {
            EvaluationAction::SetMark(id, mark) => match &mut state.what_if {
                Some(tried) => {
                    tried.insert(id, mark);
                    Ok(false)
                }
                None => doc.notes.set_mark(&id, mark).map(|()| true),
            },
            EvaluationAction::ClearAll => {
                doc.notes.clear_marks();
                Ok(true)
            }
            EvaluationAction::StartWhatIf => {
                state.what_if = Some(BTreeMap::new());
                Ok(false)
            }
            EvaluationAction::RevertWhatIf => {
                state.what_if = None;
                Ok(false)
            }
            EvaluationAction::KeepWhatIf => {
                let tried: Vec<(String, Option<Mark>)> = state
                    .what_if
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                doc.notes.set_marks(&tried).map(|()| true)
            }
            EvaluationAction::MoveMark(from, to) => doc.notes.move_mark(&from, &to).map(|()| true),
            EvaluationAction::GoTo(claim) => {
                self.go_to(claim);
                Ok(false)
            }
            EvaluationAction::SetReading(reading) => {
                self.persisted.reading = reading;
                Ok(false)
            }
        };
        match result {
            Ok(true) => self.schedule_autosave(ctx),
            Ok(false) => {}
            Err(e) => {
                self.status = Some(StatusLine {
                    text: e.to_string(),
                    is_error: true,
                });
            }
        }
        // The map shows the change in this very frame.
        self.sync_evaluation();
    }
}

/// Shows an explanation, each claim it names a link; returns a claim
/// clicked.
fn explanation_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    explanation: &Explanation,
) -> Option<usize> {
    let mut go_to = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for segment in &explanation.segments {
            match segment {
                Segment::Text(text) => {
                    ui.label(text.as_str());
                }
                Segment::Claim(c) => {
                    let text = &loaded.map.claims[*c].text;
                    if ui
                        .link(short_quote(text))
                        .on_hover_text(text.as_str())
                        .clicked()
                    {
                        go_to = Some(*c);
                    }
                }
            }
        }
    });
    go_to
}

/// A small coloured label naming a status.
pub fn status_chip(ui: &mut egui::Ui, status: Status, theme: &Theme) {
    let c = color(shapes::status_color(status, theme));
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, c))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            let word = match status {
                Status::In => "In",
                Status::Out => "Out",
                Status::Undecided => "Undecided",
            };
            ui.label(RichText::new(word).color(c).strong());
        });
}

/// Three buttons for a mark, the current one selected; returns the one
/// clicked.
fn mark_buttons(
    ui: &mut egui::Ui,
    current: Option<Mark>,
    choices: [(Option<Mark>, &str, &str); 3],
) -> Option<Option<Mark>> {
    let mut chosen = None;
    for (mark, label, hover) in choices {
        if ui
            .selectable_label(current == mark, label)
            .on_hover_text(hover)
            .clicked()
            && current != mark
        {
            chosen = Some(mark);
        }
    }
    chosen
}

/// The side panel's verdict on claim `claim`: its status, why, and the
/// buttons that mark it.
pub fn claim_verdict_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    claim: usize,
    theme: &Theme,
) -> Vec<EvaluationAction> {
    let mut actions = Vec::new();
    let (loaded, state) = (&doc.loaded, &doc.evaluation);
    let Some(shown) = state.shown() else {
        return actions;
    };
    let index = &loaded.index;
    let id = &loaded.map.claims[claim].id;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.heading("Evaluation");
        status_chip(ui, shown.claim(claim), theme);
        if state.what_if_active() {
            ui.label(
                RichText::new("what if")
                    .italics()
                    .color(color(theme.what_if)),
            );
        }
    });
    let why = explain_claim(index, shown, claim);
    if let Some(c) = explanation_ui(ui, loaded, &why) {
        actions.push(EvaluationAction::GoTo(c));
    }
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(if state.what_if_active() {
            "Try:"
        } else {
            "Your mark:"
        });
        let current = state.mark(doc.notes.marks(), id);
        let chosen = mark_buttons(
            ui,
            current,
            [
                (Some(Mark::Accepted), "Accept", "Accept this claim (A)"),
                (Some(Mark::Rejected), "Reject", "Reject this claim (X)"),
                (None, "Open", "Leave this claim open (O)"),
            ],
        );
        if let Some(mark) = chosen {
            actions.push(EvaluationAction::SetMark(id.clone(), mark));
        }
    });

    actions
}

/// The side panel's inferences into and from claim `claim` (folded until
/// opened), each with its status, why, and buttons to mark it.
pub fn claim_inferences_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    claim: usize,
    theme: &Theme,
) -> Vec<EvaluationAction> {
    let mut actions = Vec::new();
    let loaded = &doc.loaded;
    let index = &loaded.index;
    let Some(shown) = doc.evaluation.shown() else {
        return actions;
    };
    let not_rephrase = |&a: &usize| loaded.map.arguments[a].kind != ArgumentKind::Rephrase;
    let incoming: Vec<usize> = index
        .arguments_into_claim(claim)
        .iter()
        .copied()
        .filter(not_rephrase)
        .collect();
    let outgoing: Vec<usize> = index
        .premise_of(claim)
        .iter()
        .copied()
        .filter(not_rephrase)
        .collect();
    let count = incoming.len() + outgoing.len();
    if count == 0 {
        return actions;
    }
    ui.add_space(8.0);
    // Folded at first: the verdict above is what most readers want; this
    // is where an inference is judged.
    egui::CollapsingHeader::new(RichText::new(format!("Inferences ({count})")).strong())
        .id_salt("inferences")
        .show(ui, |ui| {
            for (heading, arguments) in
                [("Into this claim", incoming), ("From this claim", outgoing)]
            {
                if arguments.is_empty() {
                    continue;
                }
                ui.label(RichText::new(heading).weak());
                for a in arguments {
                    inference_ui(ui, doc, shown, a, theme, &mut actions);
                }
            }
        });
    actions
}

/// One argument: what it is, its status and why, and buttons to mark its
/// inference.
fn inference_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    shown: &Evaluation,
    a: usize,
    theme: &Theme,
    actions: &mut Vec<EvaluationAction>,
) {
    let (loaded, state) = (&doc.loaded, &doc.evaluation);
    let index = &loaded.index;
    let argument = &loaded.map.arguments[a];
    ui.horizontal_wrapped(|ui| {
        let what = match (argument.kind, index.target(a)) {
            (ArgumentKind::Support, _) => "Reason for",
            (_, Some(Target::Argument(_))) => "Undercut of the inference to",
            _ => "Objection to",
        };
        ui.label(RichText::new(what).color(color(theme.role(index.argument_role(a)).stroke)));
        if let Some(t) = index.target_claim(a) {
            let text = &loaded.map.claims[t].text;
            if ui
                .link(short_quote(text))
                .on_hover_text(text.as_str())
                .clicked()
            {
                actions.push(EvaluationAction::GoTo(t));
            }
        }
        ui.label(RichText::new(format!("({})", argument.id)).weak().small());
    });
    ui.indent(("inference", a), |ui| {
        let why = explain_argument(index, shown, a);
        if let Some(c) = explanation_ui(ui, loaded, &why) {
            actions.push(EvaluationAction::GoTo(c));
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Inference:").weak());
            let current = state.mark(doc.notes.marks(), &argument.id);
            let chosen = mark_buttons(
                ui,
                current,
                [
                    (
                        Some(Mark::Holds),
                        "Holds",
                        "The target follows from these premises, whatever undercuts it",
                    ),
                    (
                        Some(Mark::Fails),
                        "Fails",
                        "True, but the target does not follow from them",
                    ),
                    (None, "No judgement", "Leave the inference open"),
                ],
            );
            if let Some(mark) = chosen {
                actions.push(EvaluationAction::SetMark(argument.id.clone(), mark));
            }
        });
    });
}

/// The Evaluation panel: the reading, the summary, the marks (each with a
/// way to clear it), "Clear all marks", "What if?", and orphaned marks.
pub fn evaluation_panel_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    reading: Reading,
    selected: Option<usize>,
    theme: &Theme,
) -> Vec<EvaluationAction> {
    let mut actions = Vec::new();
    let (loaded, state) = (&doc.loaded, &doc.evaluation);
    let (map, index) = (&loaded.map, &loaded.index);
    ui.heading("Evaluation");
    if let Some(shown) = state.shown() {
        ui.label(shown.summary(index));
    }
    ui.horizontal(|ui| {
        let mut chosen = reading;
        ui.radio_value(&mut chosen, Reading::Charitable, "Charitable")
            .on_hover_text("Open assumptions (unmarked claims that nothing supports) are granted");
        ui.radio_value(&mut chosen, Reading::Sceptical, "Sceptical")
            .on_hover_text("Open assumptions are not granted: only what you accept counts");
        if chosen != reading {
            actions.push(EvaluationAction::SetReading(chosen));
        }
    });
    ui.separator();

    // What if?
    match state.tried() {
        None => {
            if ui
                .button("What if?")
                .on_hover_text(
                    "Try marks without keeping them; the claims they change are outlined",
                )
                .clicked()
            {
                actions.push(EvaluationAction::StartWhatIf);
            }
        }
        Some(tried) => {
            ui.label(
                RichText::new("What if: marks you set now are only tried.")
                    .color(color(theme.what_if)),
            );
            for (id, mark) in tried {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("{}:", mark_word(*mark)));
                    mark_target_ui(ui, loaded, id, &mut actions);
                });
            }
            let changed = state.changed();
            ui.label(match changed.len() {
                1 => "1 claim changes:".to_owned(),
                n => format!("{n} claims change{}", if n == 0 { "" } else { ":" }),
            });
            for &c in changed.iter().take(12) {
                ui.horizontal_wrapped(|ui| {
                    if let Some(shown) = state.shown() {
                        status_chip(ui, shown.claim(c), theme);
                    }
                    if ui
                        .link(short_quote(&map.claims[c].text))
                        .on_hover_text(map.claims[c].text.as_str())
                        .clicked()
                    {
                        actions.push(EvaluationAction::GoTo(c));
                    }
                });
            }
            if changed.len() > 12 {
                ui.label(RichText::new(format!("and {} more", changed.len() - 12)).weak());
            }
            ui.horizontal(|ui| {
                if ui
                    .button("Revert")
                    .on_hover_text("Back to your marks")
                    .clicked()
                {
                    actions.push(EvaluationAction::RevertWhatIf);
                }
                if ui
                    .add_enabled(!tried.is_empty(), egui::Button::new("Keep as my marks"))
                    .clicked()
                {
                    actions.push(EvaluationAction::KeepWhatIf);
                }
            });
        }
    }
    ui.separator();

    let marks: Vec<(&String, Mark)> = doc
        .notes
        .marks()
        .iter()
        .filter(|(id, _)| !state.orphaned().iter().any(|o| &o.id == *id))
        .map(|(id, &m)| (id, m))
        .collect();
    ui.label(RichText::new(format!("Your marks ({})", marks.len())).strong());
    if marks.is_empty() {
        ui.label(
            RichText::new("None yet. Select a claim and press A to accept it, X to reject it.")
                .weak(),
        );
    }
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| {
            for (id, mark) in &marks {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .small_button("Clear")
                        .on_hover_text("Leave it open again")
                        .clicked()
                    {
                        actions.push(EvaluationAction::SetMark((*id).clone(), None));
                    }
                    ui.label(format!("{}:", mark_word(Some(*mark))));
                    mark_target_ui(ui, loaded, id, &mut actions);
                });
            }
        });
    if ui
        .add_enabled(!marks.is_empty(), egui::Button::new("Clear all marks"))
        .on_hover_text("One step; Ctrl+Z brings them back")
        .clicked()
    {
        actions.push(EvaluationAction::ClearAll);
    }

    if !state.orphaned().is_empty() {
        ui.separator();
        ui.label(RichText::new(format!("Orphaned marks ({})", state.orphaned().len())).strong());
        ui.label(
            RichText::new(
                "Their claim or argument is no longer in the map; they are kept in the notes file.",
            )
            .weak()
            .small(),
        );
        let selected_id = selected.map(|c| map.claims[c].id.clone());
        for orphan in state.orphaned() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} {}", orphan.id, orphan.mark));
                let fits = orphan.mark.is_claim_mark() && selected_id.is_some();
                if ui
                    .add_enabled(fits, egui::Button::new("Move to selected claim").small())
                    .clicked()
                    && let Some(to) = &selected_id
                {
                    actions.push(EvaluationAction::MoveMark(orphan.id.clone(), to.clone()));
                }
                if ui.small_button("Delete").clicked() {
                    actions.push(EvaluationAction::SetMark(orphan.id.clone(), None));
                }
            });
        }
    }
    actions
}

/// "Accepted", "Rejected", "Holds", "Fails" or "Open".
fn mark_word(mark: Option<Mark>) -> &'static str {
    match mark {
        Some(Mark::Accepted) => "Accepted",
        Some(Mark::Rejected) => "Rejected",
        Some(Mark::Holds) => "Holds",
        Some(Mark::Fails) => "Fails",
        None => "Open",
    }
}

/// A link to what a mark is on: a claim, or an argument (as its target).
fn mark_target_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    id: &str,
    actions: &mut Vec<EvaluationAction>,
) {
    let index = &loaded.index;
    let (claim, prefix) = match (index.claim(id), index.argument(id)) {
        (Some(c), _) => (Some(c), ""),
        (None, Some(a)) => (
            index.target_claim(a),
            match index.target(a) {
                Some(Target::Argument(_)) => "undercut against ",
                _ => "inference to ",
            },
        ),
        (None, None) => (None, ""),
    };
    match claim {
        Some(c) => {
            if !prefix.is_empty() {
                ui.label(prefix);
            }
            let text = &loaded.map.claims[c].text;
            if ui
                .link(short_quote(text))
                .on_hover_text(text.as_str())
                .clicked()
            {
                actions.push(EvaluationAction::GoTo(c));
            }
        }
        None => {
            ui.label(id);
        }
    }
}

/// The status bar's summary: "Conclusion: in · 12 in, 3 out, 2 undecided".
pub fn summary_ui(ui: &mut egui::Ui, doc: &Document, theme: &Theme) {
    let Some(shown) = doc.evaluation.shown() else {
        return;
    };
    let mut text = RichText::new(shown.summary(&doc.loaded.index));
    if doc.evaluation.what_if_active() {
        text = RichText::new(format!("What if: {}", shown.summary(&doc.loaded.index)))
            .color(color(theme.what_if));
    }
    ui.label(text);
}

/// The evaluation rows of the legend over the canvas.
pub fn legend_rows_ui(ui: &mut egui::Ui, doc: &Document, theme: &Theme) {
    let rows = &doc.evaluation.legend_rows;
    if rows.is_empty() {
        return;
    }
    ui.separator();
    for row in rows {
        ui.horizontal(|ui| {
            let (rect, _) =
                ui.allocate_exact_size(egui::Vec2::new(26.0, 14.0), egui::Sense::hover());
            let swatch = crate::geom::Rect {
                min: crate::geom::Point::new(rect.min.x, rect.min.y),
                max: crate::geom::Point::new(rect.max.x, rect.max.y),
            };
            let style = theme.role(crate::model::Role::Unconnected);
            ui.painter().rect(
                rect,
                3.0,
                color(style.fill),
                egui::Stroke::new(1.0, color(theme.frame_stroke)),
                egui::StrokeKind::Inside,
            );
            let shape = shapes::shape_on(swatch, 3.0, row.status, row.mark, theme, 0.6);
            crate::render::egui::paint_evaluation(
                ui.painter(),
                &shape,
                egui::emath::TSTransform::IDENTITY,
            );
            ui.label(row.label);
        });
    }
    if doc.evaluation.what_if_active() {
        ui.horizontal(|ui| {
            let (rect, _) =
                ui.allocate_exact_size(egui::Vec2::new(26.0, 14.0), egui::Sense::hover());
            ui.painter().rect_stroke(
                rect,
                3.0,
                egui::Stroke::new(2.0, color(theme.what_if)),
                egui::StrokeKind::Inside,
            );
            ui.label("Changed by the what if");
        });
    }
}

/// The marks the Edit menu's entries set on the selected claim, with
/// their labels and keys.
const MARK_COMMANDS: [(Option<Mark>, &str, &str); 3] = [
    (Some(Mark::Accepted), "Accept Selected Claim", "A"),
    (Some(Mark::Rejected), "Reject Selected Claim", "X"),
    (None, "Leave Selected Claim Open", "O"),
];

impl ReasonmapApp {
    /// The Edit menu's entries that mark the selected claim or clear all
    /// marks.
    pub(super) fn edit_menu_marks_ui(&mut self, ui: &mut egui::Ui) {
        let claim = self.selected_claim_id();
        for (mark, label, key) in MARK_COMMANDS {
            if ui
                .add_enabled(claim.is_some(), egui::Button::new(label).shortcut_text(key))
                .clicked()
                && let Some(claim) = claim.clone()
            {
                self.apply_evaluation_action(ui.ctx(), EvaluationAction::SetMark(claim, mark));
            }
        }
        let any_marks = self
            .doc
            .as_ref()
            .is_some_and(|d| !d.notes.marks().is_empty());
        if ui
            .add_enabled(any_marks, egui::Button::new("Clear All Marks"))
            .clicked()
        {
            self.apply_evaluation_action(ui.ctx(), EvaluationAction::ClearAll);
        }
    }

    /// The View menu's entries for the evaluation: its panel, whether the
    /// map shows it, and the reading.
    pub(super) fn view_menu_evaluation_ui(&mut self, ui: &mut egui::Ui) {
        let persisted = &mut self.persisted;
        ui.checkbox(&mut persisted.show_evaluation_panel, "Evaluation Panel");
        ui.checkbox(&mut persisted.show_evaluation, "Evaluation on the Map");
        let mut sceptical = persisted.reading == Reading::Sceptical;
        if ui.checkbox(&mut sceptical, "Sceptical Reading").changed() {
            persisted.reading = if sceptical {
                Reading::Sceptical
            } else {
                Reading::Charitable
            };
        }
    }

    /// The Evaluation panel, when it is shown, at its `(default, least,
    /// greatest)` width; returns what the user asked for.
    pub(super) fn evaluation_panel(
        &self,
        ui: &mut egui::Ui,
        (default, min, max): (f32, f32, f32),
    ) -> Vec<EvaluationAction> {
        let mut actions = Vec::new();
        if let (Some(doc), true) = (&self.doc, self.persisted.show_evaluation_panel) {
            egui::Panel::left("evaluation")
                .resizable(true)
                .default_size(default)
                .size_range(min..=max)
                .show(ui, |ui| {
                    actions = evaluation_panel_ui(
                        ui,
                        doc,
                        self.persisted.reading,
                        self.selected,
                        &self.theme,
                    );
                });
        }
        actions
    }
}

/// What an export draws of the evaluation: the stored marks (not those
/// of a "what if"), read as the viewer reads them.
pub fn export_evaluation(doc: &Document, reading: Reading) -> crate::export::ExportEvaluation {
    crate::export::ExportEvaluation {
        marks: doc
            .notes
            .marks()
            .iter()
            .map(|(id, &m)| (id.clone(), m))
            .collect(),
        reading,
    }
}

/// What a save's merge did to marks, for the status line ("" when both
/// sides never changed the same mark).
pub fn mark_conflicts_text(merge: &crate::notes::MergeReport) -> String {
    match merge.mark_conflicts.len() {
        0 => String::new(),
        1 => " (one mark was changed on both sides: yours is kept)".to_owned(),
        n => format!(" ({n} marks were changed on both sides: yours are kept)"),
    }
}
