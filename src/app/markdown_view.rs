//! Markdown blocks ([`crate::source::markdown`]) drawn with egui, as they
//! read: headings, paragraphs, emphasis, lists, quotations, code and
//! tables. The help windows and the source panel lay text out the same
//! way; the source panel adds its highlights through [`block_job`]'s
//! `decorate`.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Pos2, Rect, Response, Sense, Stroke, TextFormat, Ui, vec2};

use crate::render::egui::font_id;
use crate::source::{Block, BlockKind, RunStyle};
use crate::text::Weight;

/// Body text size in points.
const BODY_SIZE: f32 = 14.0;
/// Indent per list or quotation level, in points.
const INDENT: f32 = 18.0;

/// The text size of a block's running text.
fn text_size(kind: BlockKind) -> f32 {
    match kind {
        BlockKind::Heading(1) => 21.0,
        BlockKind::Heading(2) => 18.0,
        BlockKind::Heading(3) => 16.0,
        BlockKind::Heading(_) => 15.0,
        BlockKind::Code | BlockKind::Html => 12.5,
        _ => BODY_SIZE,
    }
}

/// The format of a run of `style` in a block of `kind`.
pub fn text_format(ui: &Ui, kind: BlockKind, style: RunStyle) -> TextFormat {
    let visuals = ui.visuals();
    let size = text_size(kind);
    let bold = style.strong
        || matches!(
            kind,
            BlockKind::Heading(_) | BlockKind::TableRow { header: true }
        );
    let font = if style.code || matches!(kind, BlockKind::Code | BlockKind::Html) {
        FontId::monospace(size * 0.92)
    } else {
        font_id(if bold { Weight::Bold } else { Weight::Regular }, size)
    };
    let color = if matches!(kind, BlockKind::Heading(_)) {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    TextFormat {
        font_id: font,
        color,
        italics: style.emphasis,
        background: if style.code && !matches!(kind, BlockKind::Code | BlockKind::Html) {
            visuals.code_bg_color
        } else {
            Color32::TRANSPARENT
        },
        underline: if style.link {
            Stroke::new(1.0, visuals.hyperlink_color)
        } else {
            Stroke::NONE
        },
        strikethrough: if style.strikethrough {
            Stroke::new(1.0, color)
        } else {
            Stroke::NONE
        },
        line_height: Some(size * 1.45),
        ..TextFormat::default()
    }
}

/// The room a block's list marker or quotation bar takes on its left.
pub fn indent(block: &Block) -> f32 {
    (block.list_depth + block.quote_depth) as f32 * INDENT
}

/// Block `block`'s text (or its range `range`) as a layout job wrapped at
/// `width`, one section per piece `(range, style)`. `decorate` may change
/// the format of piece `i` (highlights, dimming).
pub fn block_job(
    ui: &Ui,
    block: &Block,
    pieces: &[(Range<usize>, RunStyle)],
    width: f32,
    decorate: &mut dyn FnMut(usize, &mut TextFormat),
) -> LayoutJob {
    let mut job = LayoutJob {
        wrap: TextWrapping {
            max_width: width.max(40.0),
            ..TextWrapping::default()
        },
        ..LayoutJob::default()
    };
    for (i, (range, style)) in pieces.iter().enumerate() {
        let Some(text) = block.text.get(range.clone()) else {
            continue;
        };
        let mut format = text_format(ui, block.kind, *style);
        decorate(i, &mut format);
        job.append(text, 0.0, format);
    }
    job
}

/// The runs of `block` within `range` as pieces for [`block_job`].
pub fn run_pieces(block: &Block, range: Range<usize>) -> Vec<(Range<usize>, RunStyle)> {
    block
        .runs
        .iter()
        .filter_map(|run| {
            let start = run.range.start.max(range.start);
            let end = run.range.end.min(range.end);
            (start < end).then_some((start..end, run.style))
        })
        .collect()
}

/// The width text may take in `ui`. A window's first frame is a sizing
/// pass whose width is unbounded: text then takes a readable width rather
/// than stretching the window across the screen.
pub fn text_width(ui: &Ui) -> f32 {
    let width = ui.available_width();
    if ui.is_sizing_pass() {
        width.min(640.0)
    } else {
        width
    }
}

/// Space above a block of `kind`, in points.
pub fn space_above(kind: BlockKind) -> f32 {
    match kind {
        BlockKind::Heading(1 | 2) => 14.0,
        BlockKind::Heading(_) => 10.0,
        BlockKind::TableRow { .. } => 0.0,
        _ => 6.0,
    }
}

/// A laid-out block on screen.
pub struct ShownBlock {
    /// The block's whole row.
    pub response: Response,
    /// Its text.
    pub galley: Arc<Galley>,
    /// Where the text's top-left corner is.
    pub text_pos: Pos2,
}

/// Draws `block` with its text `galley` (from [`block_job`]) in the next
/// row of `ui`: the list marker, quotation bar and code background, then
/// the text.
pub fn block_ui(ui: &mut Ui, block: &Block, galley: Arc<Galley>, sense: Sense) -> ShownBlock {
    let indent = indent(block);
    let pad = if matches!(block.kind, BlockKind::Code | BlockKind::Html) {
        4.0
    } else {
        0.0
    };
    let size = vec2(text_width(ui), galley.size().y + 2.0 * pad);
    let (rect, response) = ui.allocate_exact_size(size, sense);
    let text_pos = rect.min + vec2(indent + pad, pad);
    // Screen readers (and tests) read the block's text.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, galley.text()));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let painter = ui.painter();
        if matches!(block.kind, BlockKind::Code | BlockKind::Html) {
            painter.rect_filled(
                Rect::from_min_max(rect.min + vec2(indent, 0.0), rect.max),
                3.0,
                visuals.code_bg_color,
            );
        }
        for q in 0..block.quote_depth {
            let x = rect.min.x + q as f32 * INDENT + 4.0;
            painter.vline(
                x,
                rect.y_range(),
                Stroke::new(3.0, visuals.widgets.noninteractive.bg_stroke.color),
            );
        }
        if let Some(marker) = &block.marker {
            let first_row_height = galley.rows.first().map_or(BODY_SIZE, |r| r.height());
            painter.text(
                Pos2::new(text_pos.x - 4.0, text_pos.y + first_row_height / 2.0),
                egui::Align2::RIGHT_CENTER,
                marker,
                font_id(Weight::Regular, text_size(block.kind)),
                visuals.weak_text_color(),
            );
        }
        painter.galley(text_pos, Arc::clone(&galley), visuals.text_color());
    }
    ShownBlock {
        response,
        galley,
        text_pos,
    }
}

/// Shows `blocks` one after another, as a document: the help windows.
pub fn markdown_ui(ui: &mut Ui, blocks: &[Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block.kind {
            BlockKind::Rule => {
                ui.separator();
                i += 1;
            }
            BlockKind::TableRow { .. } => {
                let rows = blocks[i..]
                    .iter()
                    .take_while(|b| matches!(b.kind, BlockKind::TableRow { .. }))
                    .count();
                ui.add_space(6.0);
                table_ui(ui, &blocks[i..i + rows], i);
                i += rows;
            }
            _ => {
                ui.add_space(space_above(block.kind));
                let width = text_width(ui) - indent(block);
                let pieces = run_pieces(block, 0..block.text.len());
                let job = block_job(ui, block, &pieces, width, &mut |_, _| {});
                let galley = ui.painter().layout_job(job);
                block_ui(ui, block, galley, Sense::hover());
                i += 1;
            }
        }
    }
}

/// A table's rows as a grid. Each column is at least as wide as its
/// longest word (up to a limit) and shares the rest of the width in
/// proportion to its longest cell.
fn table_ui(ui: &mut Ui, rows: &[Block], id: usize) {
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(1).max(1);
    let spacing = 12.0;
    // Per column: longest cell and longest word, in characters.
    let mut longest = vec![(1usize, 1usize); columns];
    for row in rows {
        for (c, slot) in longest.iter_mut().enumerate() {
            let text = row.cell(c).map_or("", |r| &row.text[r]);
            let word = text.split_whitespace().map(|w| w.chars().count()).max();
            slot.0 = slot.0.max(text.chars().count().min(80));
            slot.1 = slot.1.max(word.unwrap_or(0).min(18));
        }
    }
    // A character is about half the body size wide.
    let char_width = BODY_SIZE * 0.58;
    let minimum: Vec<f32> = longest
        .iter()
        .map(|&(_, w)| w as f32 * char_width)
        .collect();
    let room = text_width(ui) - spacing * (columns as f32 - 1.0) - 8.0;
    let spare = (room - minimum.iter().sum::<f32>()).max(0.0);
    let total: usize = longest.iter().map(|&(cell, _)| cell).sum();
    let widths: Vec<f32> = longest
        .iter()
        .zip(&minimum)
        .map(|(&(cell, _), &min)| min + spare * cell as f32 / total as f32)
        .collect();
    egui::Grid::new(("markdown-table", id))
        .num_columns(columns)
        .spacing(vec2(spacing, 4.0))
        .striped(true)
        .show(ui, |ui| {
            for row in rows {
                for (cell, &width) in widths.iter().enumerate().take(row.cells.len()) {
                    let range = row.cell(cell).unwrap_or(0..0);
                    let pieces = run_pieces(row, range);
                    let job = block_job(ui, row, &pieces, width, &mut |_, _| {});
                    // Laid out here, so the label keeps this wrap width.
                    let galley = ui.painter().layout_job(job);
                    ui.add(egui::Label::new(galley));
                }
                ui.end_row();
            }
        });
}
