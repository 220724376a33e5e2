//! How an evaluation is drawn: a quiet coloured bar along each claim box's
//! left edge for its status (green in, red out, amber undecided), a veil
//! that dims claims that are out, and a tick or cross badge in the box's
//! top-left corner for the reader's own mark. The same shapes, drawn on
//! small swatches, make the evaluation's legend rows.

use serde::Serialize;

use crate::evaluation::{ClaimMark, Evaluation, Status};
use crate::geom::{Point, Rect};

use super::{Color, LegendEntry, NodeShape, Theme};

/// What to draw of an evaluation: each claim's status and mark.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SceneEvaluation {
    /// Per claim (indexed like the map's claims): its status.
    pub statuses: Vec<Status>,
    /// Per claim: the reader's mark on it.
    pub marks: Vec<Option<ClaimMark>>,
}

impl SceneEvaluation {
    /// The statuses and claim marks of `evaluation`.
    pub fn new(evaluation: &Evaluation) -> Self {
        let statuses = evaluation.claim_statuses();
        let marks = (0..statuses.len())
            .map(|c| evaluation.marks().claim(c))
            .collect();
        Self { statuses, marks }
    }
}

/// The evaluation drawn over one claim box (or over a legend swatch).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluationShape {
    /// The claim, by index; `None` for a legend swatch.
    pub claim: Option<usize>,
    /// The claim's status.
    pub status: Status,
    /// The reader's mark on it.
    pub mark: Option<ClaimMark>,
    /// The status bar along the box's left edge.
    pub bar: Rect,
    /// Radius of the bar's rounded ends.
    pub bar_radius: f32,
    /// Colour of the bar.
    pub bar_color: Color,
    /// A translucent layer over the whole box dimming a claim that is out.
    pub veil: Option<Veil>,
    /// The tick or cross of the reader's mark.
    pub badge: Option<MarkBadge>,
}

/// A translucent rounded rectangle laid over a box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Veil {
    /// The area covered.
    pub rect: Rect,
    /// Radius of the rounded corners.
    pub corner_radius: f32,
    /// Colour and opacity.
    pub color: Color,
}

/// A filled circle with a tick (accepted) or a cross (rejected) in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkBadge {
    /// Centre of the circle.
    pub center: Point,
    /// Radius of the circle.
    pub radius: f32,
    /// Fill of the circle.
    pub fill: Color,
    /// Colour of the tick or cross.
    pub ink: Color,
    /// Width of the tick's or cross's lines.
    pub ink_width: f32,
    /// The tick (one polyline) or the cross (two lines), in scene points.
    pub strokes: Vec<Vec<Point>>,
}

/// An evaluation's shapes: over the claims, and over the legend swatches.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvaluationLayer {
    /// One per claim box.
    pub claims: Vec<EvaluationShape>,
    /// One per evaluation row of the legend, drawn on its swatch.
    pub legend: Vec<EvaluationShape>,
}

/// Radius of a mark badge on a claim box (that of a note badge).
const BADGE_RADIUS: f32 = 9.0;
/// Width of the status bar on a claim box.
const BAR_WIDTH: f32 = 4.0;

/// The shapes of `evaluation` over the claim boxes `nodes`.
pub fn claim_shapes(
    nodes: &[NodeShape],
    evaluation: &SceneEvaluation,
    theme: &Theme,
) -> Vec<EvaluationShape> {
    nodes
        .iter()
        .map(|node| {
            let status = evaluation
                .statuses
                .get(node.claim)
                .copied()
                .unwrap_or_default();
            let mark = evaluation.marks.get(node.claim).copied().flatten();
            let mut shape = shape_on(node.rect, node.corner_radius, status, mark, theme, 1.0);
            shape.claim = Some(node.claim);
            // The veil covers the box's border too, not only its inner half.
            if let Some(veil) = &mut shape.veil {
                veil.rect = veil.rect.expand(node.stroke_width / 2.0);
                veil.corner_radius += node.stroke_width / 2.0;
            }
            shape
        })
        .collect()
}

/// The shapes of a status and mark drawn on `rect`, a claim box or a legend
/// swatch; `scale` shrinks the badge and bar for small swatches.
pub fn shape_on(
    rect: Rect,
    corner_radius: f32,
    status: Status,
    mark: Option<ClaimMark>,
    theme: &Theme,
    scale: f32,
) -> EvaluationShape {
    let inset = 2.0 * scale;
    let width = BAR_WIDTH * scale;
    let bar = Rect {
        min: Point::new(rect.min.x + inset, rect.min.y + inset + scale),
        max: Point::new(
            rect.min.x + inset + width,
            (rect.max.y - inset - scale).max(rect.min.y + inset + scale),
        ),
    };
    let badge = mark.map(|mark| {
        let radius = BADGE_RADIUS * scale;
        let center = if scale < 1.0 {
            rect.center()
        } else {
            Point::new(rect.min.x + 2.0, rect.min.y + 2.0)
        };
        mark_badge(center, radius, mark, theme)
    });
    EvaluationShape {
        claim: None,
        status,
        mark,
        bar,
        bar_radius: width / 2.0,
        bar_color: status_color(status, theme),
        veil: (status == Status::Out).then_some(Veil {
            rect,
            corner_radius,
            color: theme.veil,
        }),
        badge,
    }
}

/// The colour of a status's bar.
pub fn status_color(status: Status, theme: &Theme) -> Color {
    match status {
        Status::In => theme.status_in,
        Status::Out => theme.status_out,
        Status::Undecided => theme.status_undecided,
    }
}

/// A tick or cross badge of `radius` around `center`.
pub fn mark_badge(center: Point, radius: f32, mark: ClaimMark, theme: &Theme) -> MarkBadge {
    let k = radius / BADGE_RADIUS;
    let at = |x: f32, y: f32| Point::new(center.x + x * k, center.y + y * k);
    let (fill, strokes) = match mark {
        ClaimMark::Accepted => (
            theme.mark_accepted,
            vec![vec![at(-4.2, 0.2), at(-1.3, 3.2), at(4.3, -3.4)]],
        ),
        ClaimMark::Rejected => (
            theme.mark_rejected,
            vec![
                vec![at(-3.4, -3.4), at(3.4, 3.4)],
                vec![at(-3.4, 3.4), at(3.4, -3.4)],
            ],
        ),
    };
    MarkBadge {
        center,
        radius,
        fill,
        ink: theme.mark_ink,
        ink_width: 2.0 * k,
        strokes,
    }
}

/// One evaluation row of the legend: its label, and what its swatch shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendRow {
    /// The label beside the swatch.
    pub label: &'static str,
    /// The status the swatch shows.
    pub status: Status,
    /// The mark the swatch shows.
    pub mark: Option<ClaimMark>,
}

/// The legend rows of `evaluation`: one per status any claim has, then
/// one per kind of mark any claim carries.
pub fn legend_rows(evaluation: &SceneEvaluation) -> Vec<LegendRow> {
    let has_status = |s: Status| evaluation.statuses.contains(&s);
    let has_mark = |m: ClaimMark| evaluation.marks.contains(&Some(m));
    let mut rows = Vec::new();
    let statuses = [
        (Status::In, "In: follows from your marks"),
        (Status::Out, "Out: defeated, or rests on what is out"),
        (Status::Undecided, "Undecided"),
    ];
    for (status, label) in statuses {
        if has_status(status) {
            rows.push(LegendRow {
                label,
                status,
                mark: None,
            });
        }
    }
    let marks = [
        (ClaimMark::Accepted, "Accepted by you"),
        (ClaimMark::Rejected, "Rejected by you"),
    ];
    for (mark, label) in marks {
        if has_mark(mark) {
            rows.push(LegendRow {
                label,
                // Drawn as a marked claim looks: a tick is in, a cross
                // out (a mark decides its claim's status).
                status: match mark {
                    ClaimMark::Accepted => Status::In,
                    ClaimMark::Rejected => Status::Out,
                },
                mark: Some(mark),
            });
        }
    }
    rows
}

/// The shapes drawn on the swatches of the legend `entries` that show the
/// evaluation `rows` (the last `rows.len()` entries).
pub fn legend_shapes(
    entries: &[LegendEntry],
    rows: &[LegendRow],
    theme: &Theme,
) -> Vec<EvaluationShape> {
    let first = entries.len().saturating_sub(rows.len());
    entries[first..]
        .iter()
        .zip(rows)
        .map(|(entry, row)| shape_on(entry.swatch, 3.0, row.status, row.mark, theme, 0.6))
        .collect()
}
