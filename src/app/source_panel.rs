//! The source panel: the map's essay beside the map, rendered as it reads,
//! with every quoted passage in its claim's role colour.
//!
//! Hovering a passage highlights its claim on the map (and hovering a
//! claim highlights its passage); clicking a passage selects the claim.
//! Selecting a claim anywhere scrolls the text to its passage and flashes
//! it. Sentences no claim quotes are dimmed, the header gives the coverage
//! with buttons to the next and previous unmapped sentence, and implicit
//! premises are listed where the claim they support is quoted.
//!
//! Only the blocks in view are laid out each frame; the heights of the
//! others are estimated until they have been seen, so a megabyte of text
//! scrolls as smoothly as a page (see `benches/source.rs`).

use std::ops::Range;
use std::sync::Arc;

use egui::text::CCursor;
use egui::{Align, Galley, Layout, Rect, RichText, Sense, Stroke, Ui, UiBuilder, vec2};

use crate::model::{LoadedMap, SourceText};
use crate::render::egui::color;
use crate::scene::Theme;
use crate::source::{BlockKind, Piece, SourceDoc};

use super::details::role_chip;
use super::markdown_view::{ShownBlock, block_job, block_ui, indent, space_above};

/// How long a passage flashes after the source scrolled to it, in seconds.
const FLASH_SECONDS: f64 = 1.2;
/// Where in the panel a passage scrolled to ends up: this share of the
/// height from the top.
const SCROLL_ANCHOR: f32 = 0.3;

/// What the panel is given each frame.
#[derive(Clone, Copy)]
pub struct PanelInput<'a> {
    /// The open map.
    pub loaded: &'a LoadedMap,
    /// Its source, analysed, when it was read.
    pub source: Option<&'a SourceDoc>,
    /// Colours.
    pub theme: &'a Theme,
    /// The selected claim.
    pub selected: Option<usize>,
    /// The claim under the pointer on the map.
    pub hovered: Option<usize>,
}

/// What happened in the panel this frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PanelOutput {
    /// The claim whose passage is under the pointer.
    pub hovered: Option<usize>,
    /// A claim whose passage (or listing) was clicked.
    pub clicked: Option<usize>,
}

/// A scroll the panel still has to make: to a stretch of the source.
#[derive(Debug, Clone)]
struct ScrollRequest {
    block: usize,
    source: Range<usize>,
    /// Frames left to correct the position as estimated heights become
    /// measured ones near the target.
    frames: u8,
}

/// A stretch of the source drawn with a fading outline.
#[derive(Debug, Clone)]
struct Flash {
    source: Range<usize>,
    /// When the flash started (egui time); `None` until it is first drawn.
    started: Option<f64>,
}

/// Block heights at one width: measured for blocks that have been laid
/// out, estimated for the others.
#[derive(Debug, Default, Clone)]
pub struct BlockHeights {
    width: f32,
    measured: Vec<Option<f32>>,
    estimated: Vec<f32>,
}

impl BlockHeights {
    /// Resets the heights for `doc` at `width` when either changed.
    fn prepare(&mut self, doc: &SourceDoc, width: f32) {
        if (self.width - width).abs() < 0.5 && self.measured.len() == doc.blocks().len() {
            return;
        }
        self.width = width;
        self.measured = vec![None; doc.blocks().len()];
        self.estimated = doc
            .blocks()
            .iter()
            .map(|b| {
                // Lines of about half the text size per character.
                let size = if matches!(b.kind, BlockKind::Heading(_)) {
                    18.0
                } else {
                    14.0
                };
                let per_line = ((width - indent(b)) / (size * 0.5)).max(10.0);
                let lines = (b.text.chars().count() as f32 / per_line).ceil().max(1.0);
                space_above(b.kind) + lines * size * 1.45
            })
            .collect();
    }

    fn height(&self, block: usize) -> f32 {
        self.measured
            .get(block)
            .copied()
            .flatten()
            .or_else(|| self.estimated.get(block).copied())
            .unwrap_or(0.0)
    }
}

/// The source panel's state (not persisted; whether the panel is open is).
#[derive(Debug, Default)]
pub struct SourcePanel {
    heights: BlockHeights,
    /// The analysed text the caches belong to (its address, to notice a
    /// new analysis), and the text itself.
    doc_key: Option<usize>,
    text: Option<Arc<str>>,
    /// Per block: implicit premises listed after it.
    implicit_at: Vec<Vec<usize>>,
    /// Indices of the unmapped sentences.
    unmapped: Vec<usize>,
    /// The unmapped sentence last stepped to (index into `unmapped`).
    unmapped_at: Option<usize>,
    scroll: Option<ScrollRequest>,
    pending_offset: Option<f32>,
    flash: Option<Flash>,
    /// The first block in view in the last frame.
    first_visible: usize,
    /// The scroll offset in the last frame.
    offset: f32,
}

impl SourcePanel {
    /// The vertical scroll position of the text, in points.
    pub fn scroll_offset(&self) -> f32 {
        self.offset
    }

    /// Whether a scroll to a passage is still being made.
    pub fn is_scrolling(&self) -> bool {
        self.scroll.is_some() || self.pending_offset.is_some()
    }

    /// Brings the text to the same scroll position as before (a reloaded
    /// map keeps its place in the essay).
    pub fn restore_scroll_offset(&mut self, offset: f32) {
        self.pending_offset = Some(offset);
    }

    fn sync(&mut self, loaded: &LoadedMap, doc: &SourceDoc) {
        let key = std::ptr::from_ref(doc) as usize;
        if self.doc_key == Some(key) && self.implicit_at.len() == doc.blocks().len() {
            return;
        }
        self.doc_key = Some(key);
        // A reloaded map with the same text keeps the measured heights, so
        // the text stays where it was scrolled to.
        let text = doc.shared_text();
        if self.text.as_deref() != Some(&*text) {
            self.heights = BlockHeights::default();
        }
        self.text = Some(text);
        self.implicit_at = vec![Vec::new(); doc.blocks().len()];
        for c in 0..loaded.map.claims.len() {
            let listed = doc.implicit_after(c);
            if let (false, Some(passage)) = (listed.is_empty(), doc.passage(c))
                && let Some(b) = doc.block_at(passage.end.saturating_sub(1))
            {
                self.implicit_at[b].extend_from_slice(listed);
            }
        }
        self.unmapped = doc.unmapped().map(|(i, _)| i).collect();
        self.unmapped_at = None;
    }

    /// Scrolls to claim `claim`'s passage (or to where it is listed as
    /// not in the text) and flashes it.
    pub fn reveal_claim(&mut self, doc: &SourceDoc, claim: usize) {
        if let Some(passage) = doc.passage(claim) {
            if let Some(block) = doc.block_at(passage.start) {
                self.scroll_to(block, passage);
            }
            return;
        }
        // An implicit premise: the block after which it is listed.
        let listed_at = self
            .implicit_at
            .iter()
            .position(|listed| listed.contains(&claim));
        if let Some(block) = listed_at {
            let end = doc.blocks()[block].source.end;
            self.scroll_to(block, end..end);
        }
    }

    fn scroll_to(&mut self, block: usize, source: Range<usize>) {
        self.scroll = Some(ScrollRequest {
            block,
            source: source.clone(),
            frames: 3,
        });
        self.flash = Some(Flash {
            source,
            started: None,
        });
    }

    fn step_unmapped(&mut self, doc: &SourceDoc, forward: bool) {
        let n = self.unmapped.len();
        if n == 0 {
            return;
        }
        let next = match self.unmapped_at {
            Some(k) if forward => (k + 1) % n,
            Some(k) => (k + n - 1) % n,
            None => {
                // From where the reader is.
                let here = self
                    .unmapped
                    .iter()
                    .position(|&s| doc.sentences()[s].block >= self.first_visible)
                    .unwrap_or(0);
                if forward { here } else { (here + n - 1) % n }
            }
        };
        self.unmapped_at = Some(next);
        let sentence = &doc.sentences()[self.unmapped[next]];
        self.scroll_to(sentence.block, sentence.source.clone());
    }

    /// Shows the panel's contents.
    pub fn ui(&mut self, ui: &mut Ui, input: &PanelInput<'_>) -> PanelOutput {
        let mut output = PanelOutput::default();
        let name = input.loaded.source.name().unwrap_or("no source");
        ui.horizontal(|ui| {
            ui.heading("Source");
            ui.label(RichText::new(name).weak());
        });
        let Some(doc) = input.source else {
            empty_ui(ui, &input.loaded.source);
            return output;
        };
        self.sync(input.loaded, doc);
        ui.horizontal_wrapped(|ui| {
            ui.label(doc.coverage().to_string());
            let any = !self.unmapped.is_empty();
            if ui
                .add_enabled(any, egui::Button::new("‹ Previous unmapped"))
                .on_hover_text("Go to the previous sentence that no claim quotes")
                .clicked()
            {
                self.step_unmapped(doc, false);
            }
            if ui
                .add_enabled(any, egui::Button::new("Next unmapped ›"))
                .on_hover_text("Go to the next sentence that no claim quotes")
                .clicked()
            {
                self.step_unmapped(doc, true);
            }
        });
        ui.separator();
        let mut area = egui::ScrollArea::vertical()
            .id_salt("source-text")
            .auto_shrink([false, false]);
        if let Some(offset) = self.pending_offset.take() {
            area = area.vertical_scroll_offset(offset.max(0.0));
        }
        let shown = area.show_viewport(ui, |ui, viewport| {
            self.text_ui(ui, viewport, input, doc, &mut output);
        });
        self.offset = shown.state.clamped_offset().y;
        if let Some(flash) = &self.flash
            && let Some(started) = flash.started
            && ui.input(|i| i.time) - started > FLASH_SECONDS
        {
            self.flash = None;
        }
        output
    }

    /// The text itself, inside the scroll area: only the blocks that
    /// `viewport` (in content coordinates) shows are laid out.
    fn text_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        input: &PanelInput<'_>,
        doc: &SourceDoc,
        output: &mut PanelOutput,
    ) {
        let width = ui.available_width();
        self.heights.prepare(doc, width);
        let origin = ui.max_rect().min;
        let mut top = 0.0;
        let mut tops = Vec::with_capacity(doc.blocks().len() + 1);
        for b in 0..doc.blocks().len() {
            tops.push(top);
            top += self.heights.height(b);
        }
        tops.push(top);
        let total = top;

        // Where a pending scroll wants to go, with the heights known now.
        if let Some(request) = self.scroll.clone() {
            let b = request.block.min(doc.blocks().len().saturating_sub(1));
            let within = self
                .block_galley(ui, input, doc, b, width)
                .and_then(|galley| {
                    let chars = char_range(doc, b, &request.source)?;
                    Some(galley.pos_from_cursor(CCursor::new(chars.start)).min.y)
                })
                .unwrap_or(0.0);
            let y = tops[b] + space_above(doc.blocks()[b].kind) + within;
            let target = (y - viewport.height() * SCROLL_ANCHOR).clamp(0.0, total);
            if (target - viewport.min.y).abs() > 1.0 {
                self.pending_offset = Some(target);
            }
            self.scroll = (request.frames > 1).then(|| ScrollRequest {
                frames: request.frames - 1,
                ..request
            });
            ui.ctx().request_repaint();
        }

        let first = tops
            .partition_point(|&t| t <= viewport.min.y)
            .saturating_sub(1);
        self.first_visible = first;
        let mut changed = false;
        let mut b = first;
        while b < doc.blocks().len() && tops[b] <= viewport.max.y {
            let rect = Rect::from_min_size(origin + vec2(0.0, tops[b]), vec2(width, f32::INFINITY));
            let mut child = ui.new_child(
                UiBuilder::new()
                    .id_salt(("source-block", b))
                    .max_rect(rect)
                    .layout(Layout::top_down(Align::Min)),
            );
            self.block_ui(&mut child, input, doc, b, width, output);
            let height = child.min_rect().height();
            if self.heights.measured[b].is_none_or(|h| (h - height).abs() > 0.5) {
                self.heights.measured[b] = Some(height);
                changed = true;
            }
            b += 1;
        }
        ui.set_min_height(total);
        ui.set_min_width(width);
        if changed {
            // Heights measured this frame move the blocks below them.
            ui.ctx().request_repaint();
        }
    }

    /// The galley block `b` is drawn with (without decorations), to find
    /// where in it a passage starts.
    fn block_galley(
        &self,
        ui: &Ui,
        input: &PanelInput<'_>,
        doc: &SourceDoc,
        b: usize,
        width: f32,
    ) -> Option<Arc<Galley>> {
        doc.blocks().get(b)?;
        let pieces = doc.pieces(b);
        let job = self.job(ui, input, doc, b, &pieces, width);
        Some(ui.painter().layout_job(job))
    }

    fn job(
        &self,
        ui: &Ui,
        input: &PanelInput<'_>,
        doc: &SourceDoc,
        b: usize,
        pieces: &[Piece],
        width: f32,
    ) -> egui::text::LayoutJob {
        let block = &doc.blocks()[b];
        let ranges: Vec<(Range<usize>, crate::source::RunStyle)> =
            pieces.iter().map(|p| (p.range.clone(), p.style)).collect();
        let index = &input.loaded.index;
        let theme = input.theme;
        let weak = ui.visuals().weak_text_color();
        let mut decorate = |i: usize, format: &mut egui::TextFormat| {
            let piece = &pieces[i];
            if let Some(segment) = piece.segment.map(|s| &doc.segments()[s]) {
                let first = segment.claims[0];
                let role = theme.role(index.role(first));
                let lit = segment
                    .claims
                    .iter()
                    .any(|&c| Some(c) == input.hovered || Some(c) == input.selected);
                format.background = if lit {
                    color(role.stroke).gamma_multiply(0.35)
                } else {
                    color(role.fill)
                };
                if segment.claims.iter().any(|&c| Some(c) == input.selected) {
                    format.underline = Stroke::new(2.0, color(theme.selection));
                } else if let Some(&second) = segment.claims.get(1) {
                    // Several claims quote this: the next one's colour
                    // underlines the first one's.
                    format.underline =
                        Stroke::new(2.0, color(theme.role(index.role(second)).stroke));
                }
            } else if piece.sentence.is_some_and(|s| !doc.sentences()[s].mapped) {
                format.color = weak;
            }
        };
        block_job(ui, block, &ranges, width - indent(block), &mut decorate)
    }

    /// One block with its passages and the implicit premises listed after
    /// it.
    fn block_ui(
        &mut self,
        ui: &mut Ui,
        input: &PanelInput<'_>,
        doc: &SourceDoc,
        b: usize,
        width: f32,
        output: &mut PanelOutput,
    ) {
        let block = &doc.blocks()[b];
        if block.kind == BlockKind::Rule {
            ui.add_space(space_above(block.kind));
            ui.separator();
            return;
        }
        ui.add_space(space_above(block.kind));
        let pieces = doc.pieces(b);
        let job = self.job(ui, input, doc, b, &pieces, width);
        let galley = ui.painter().layout_job(job);
        let shown = block_ui(ui, block, galley, Sense::hover());
        self.passages_ui(ui, input, doc, b, &pieces, &shown, output);
        self.flash_ui(ui, doc, b, &shown);
        for &c in self.implicit_at.get(b).map_or(&[][..], Vec::as_slice) {
            let response = implicit_ui(ui, input, c);
            if response.hovered() {
                output.hovered = Some(c);
            }
            if response.clicked() {
                output.clicked = Some(c);
            }
        }
    }

    /// Makes each quoted stretch of block `b` a widget: hover, click, and
    /// a label for screen readers.
    #[allow(clippy::too_many_arguments)]
    fn passages_ui(
        &self,
        ui: &mut Ui,
        input: &PanelInput<'_>,
        doc: &SourceDoc,
        b: usize,
        pieces: &[Piece],
        shown: &ShownBlock,
        output: &mut PanelOutput,
    ) {
        let block = &doc.blocks()[b];
        let mut i = 0;
        while i < pieces.len() {
            let Some(segment) = pieces[i].segment else {
                i += 1;
                continue;
            };
            let start = pieces[i].range.start;
            let mut end = pieces[i].range.end;
            while i + 1 < pieces.len() && pieces[i + 1].segment == Some(segment) {
                i += 1;
                end = pieces[i].range.end;
            }
            i += 1;
            let claims = &doc.segments()[segment].claims;
            let text = &block.text[start..end];
            let chars = char_offset(&block.text, start)..char_offset(&block.text, end);
            for (k, rect) in range_rects(&shown.galley, chars).into_iter().enumerate() {
                let rect = rect.translate(shown.text_pos.to_vec2());
                let id = ui.scope_id().with(("passage", b, segment, k));
                let response = ui.interact(rect, id, Sense::click());
                if k == 0 {
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, text));
                }
                if response.hovered() {
                    output.hovered = Some(claims[0]);
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                }
                if response.clicked() {
                    // Clicking again steps through the claims quoting it.
                    let next = claims
                        .iter()
                        .position(|&c| Some(c) == input.selected)
                        .map_or(0, |p| (p + 1) % claims.len());
                    output.clicked = Some(claims[next]);
                }
                response.on_hover_ui(|ui| quoted_by_ui(ui, input, claims));
            }
        }
    }

    /// The fading outline of a passage the panel scrolled to.
    fn flash_ui(&mut self, ui: &Ui, doc: &SourceDoc, b: usize, shown: &ShownBlock) {
        let Some(flash) = &mut self.flash else { return };
        let block = &doc.blocks()[b];
        let overlaps = flash.source.start < block.source.end.max(block.source.start + 1)
            && block.source.start <= flash.source.end;
        if !overlaps || self.scroll.is_some() {
            return;
        }
        let now = ui.input(|i| i.time);
        let started = *flash.started.get_or_insert(now);
        let fade = (1.0 - (now - started) / FLASH_SECONDS).clamp(0.0, 1.0) as f32;
        let Some(chars) = char_range(doc, b, &flash.source) else {
            // Nothing to outline in the text (an implicit premise listed
            // below it): outline the block.
            return;
        };
        let stroke = Stroke::new(
            2.5,
            ui.visuals().selection.stroke.color.gamma_multiply(fade),
        );
        for rect in range_rects(&shown.galley, chars) {
            ui.painter().rect_stroke(
                rect.translate(shown.text_pos.to_vec2()).expand(2.0),
                3.0,
                stroke,
                egui::StrokeKind::Outside,
            );
        }
        if fade > 0.0 {
            ui.ctx().request_repaint();
        }
    }
}

/// The characters of block `b` that show source range `source`.
fn char_range(doc: &SourceDoc, b: usize, source: &Range<usize>) -> Option<Range<usize>> {
    let block = doc.blocks().get(b)?;
    let rendered = block.rendered_range(source.clone())?;
    Some(char_offset(&block.text, rendered.start)..char_offset(&block.text, rendered.end))
}

/// The character index of byte offset `at` of `text`.
fn char_offset(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |t| t.chars().count())
}

/// The rectangles (one per row, galley coordinates) that characters
/// `chars` of `galley` cover.
pub fn range_rects(galley: &Galley, chars: Range<usize>) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let row_end = row_start + count;
        let (a, b) = (chars.start.max(row_start), chars.end.min(row_end));
        if a < b || (a == b && chars.is_empty() && a == row_start && rects.is_empty()) {
            let x0 = row
                .row
                .x_offset(egui::epaint::text::CharIndex(a - row_start));
            let x1 = row
                .row
                .x_offset(egui::epaint::text::CharIndex(b - row_start));
            let r = row.rect();
            rects.push(Rect::from_min_max(
                egui::pos2(r.min.x + x0, r.min.y),
                egui::pos2(r.min.x + x1.max(x0 + 1.0), r.max.y),
            ));
        }
        row_start = row_end;
        if row_start >= chars.end {
            break;
        }
    }
    rects
}

/// "Quoted by": the claims that quote a passage, with their roles.
fn quoted_by_ui(ui: &mut Ui, input: &PanelInput<'_>, claims: &[usize]) {
    let label = if claims.len() == 1 {
        "Quoted by".to_owned()
    } else {
        format!("Quoted by {} claims", claims.len())
    };
    ui.label(RichText::new(label).weak().small());
    for &c in claims {
        ui.horizontal_wrapped(|ui| {
            role_chip(ui, input.loaded.index.role(c), input.theme);
            ui.label(&input.loaded.map.claims[c].text);
        });
    }
}

/// An implicit premise listed in the text, marked "not in the text".
fn implicit_ui(ui: &mut Ui, input: &PanelInput<'_>, claim: usize) -> egui::Response {
    let theme = input.theme;
    let selected = input.selected == Some(claim);
    let hovered = input.hovered == Some(claim);
    let stroke_color = if selected {
        color(theme.selection)
    } else if hovered {
        color(theme.hover)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke.color
    };
    let frame = egui::Frame::new()
        .stroke(Stroke::new(if selected { 2.0 } else { 1.0 }, stroke_color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 4))
        .outer_margin(egui::Margin {
            left: 12,
            top: 4,
            ..egui::Margin::ZERO
        });
    let text = &input.loaded.map.claims[claim].text;
    let response = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("NOT IN THE TEXT").small().weak());
                ui.label(RichText::new(text).italics());
            });
        })
        .response
        .interact(Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Not in the text: {text}"))
    });
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response
}

/// Why the panel has no text, and how to give the map one.
fn empty_ui(ui: &mut Ui, source: &SourceText) {
    ui.add_space(12.0);
    match source {
        SourceText::Unreadable { name, reason } => {
            ui.label(
                RichText::new(format!("The source “{name}” could not be read."))
                    .color(ui.visuals().warn_fg_color),
            );
            ui.label(RichText::new(reason).weak());
            ui.add_space(8.0);
            ui.label(
                "The map's `source` is a path relative to the map file. Put the essay there, \
                 or correct the path; the panel shows the text as soon as the map reloads.",
            );
        }
        _ => {
            ui.label("This map names no source text.");
            ui.add_space(8.0);
            ui.label(
                "To read the essay beside the map, save it as a Markdown or text file next to \
                 the map and add its name to the map, for example",
            );
            ui.label(RichText::new("source: \"essay.md\",").monospace());
            ui.label(
                "then give claims a `quote`: the words of the essay that state them. \
                 Help › Map Format explains both.",
            );
        }
    }
}
