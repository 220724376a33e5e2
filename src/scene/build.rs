//! Turning a laid-out map into a [`Scene`].

use crate::geom::{Cubic, Point, Rect};
use crate::layout::{Layout, LayoutStyle};
use crate::model::{ArgumentKind, Map, MapIndex, Role};
use crate::text::{TextMeasure, Weight};

use super::evaluation::{self, EvaluationLayer, SceneEvaluation};
use super::{
    Badge, Color, EdgeShape, FrameShape, Legend, LegendEntry, NodeShape, Scene, TextLine, Theme,
};

/// What to put in a scene besides the map itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SceneOptions {
    /// Number of notes per claim (indexed like the map's claims); a claim
    /// with notes gets a badge with the count. Empty for no badges.
    pub note_counts: Vec<usize>,
    /// Draw the map's title above it.
    pub title: bool,
    /// Draw a legend: in a corner of the map left free, else below it.
    pub legend: bool,
    /// Leave the background transparent.
    pub transparent: bool,
    /// Note texts per claim (indexed like the map's claims) to show as
    /// numbered callouts: each claim with notes gets a badge with its
    /// number, and the notes are listed as footnotes below the map.
    /// Takes precedence over `note_counts`. Empty for no callouts.
    pub callouts: Vec<Vec<String>>,
    /// The evaluation to draw over the claims (status bars, dimmed claims
    /// that are out, mark badges) and in the legend; `None` for none.
    pub evaluation: Option<SceneEvaluation>,
}

/// White space the scene adds around everything it draws, in points.
pub const MARGIN: f32 = 24.0;
const CORNER_RADIUS: f32 = 6.0;
const BADGE_RADIUS: f32 = 9.0;
const HEAD_LENGTH: f32 = 10.0;
const HEAD_HALF_WIDTH: f32 = 5.0;
const TITLE_SIZE: f32 = 20.0;
/// Height the map's title adds above the map, in points.
pub const TITLE_ROOM: f32 = TITLE_SIZE * 2.2;
const LEGEND_SIZE: f32 = 12.0;
const SCHEME_SIZE: f32 = 11.0;
const FOOTNOTE_SIZE: f32 = 12.0;
const FOOTNOTE_MAX_WIDTH: f32 = 640.0;

/// Builds the scene for `map` laid out as `layout`.
pub fn build_scene(
    map: &Map,
    index: &MapIndex,
    layout: &Layout,
    style: &LayoutStyle,
    measure: &dyn TextMeasure,
    theme: &Theme,
    options: &SceneOptions,
) -> Scene {
    let frames = layout
        .groups
        .iter()
        .map(|g| FrameShape {
            argument: g.argument,
            rect: g.rect,
            corner_radius: CORNER_RADIUS + style.group_padding,
            fill: theme.frame_fill,
            stroke: theme.frame_stroke,
            stroke_width: 1.0,
        })
        .collect();

    let edges = layout
        .edges
        .iter()
        .map(|e| {
            let color = theme.role(index.argument_role(e.argument)).stroke;
            let (curve, head) = arrow(e.curve);
            // The argument's scheme, where the layout put it (on its main
            // arrow, or on an extra arrow of an argument without one), or
            // else beside the main arrow's middle.
            let label = map
                .arguments
                .get(e.argument)
                .and_then(|a| a.scheme.as_ref())
                .filter(|_| e.premise.is_none() || e.label.is_some())
                .map(|scheme| {
                    let pos = e.label.map_or_else(
                        || {
                            let mid = e.curve.at(0.3);
                            Point::new(mid.x + 5.0, mid.y - measure.line_height(SCHEME_SIZE) / 2.0)
                        },
                        |r| r.min,
                    );
                    TextLine {
                        pos,
                        ascent: measure.ascent(SCHEME_SIZE),
                        text: scheme.clone(),
                        size: SCHEME_SIZE,
                        weight: Weight::Regular,
                        color: theme.weak_text,
                    }
                });
            let rephrase = map
                .arguments
                .get(e.argument)
                .is_some_and(|a| a.kind == ArgumentKind::Rephrase);
            EdgeShape {
                argument: e.argument,
                premise: e.premise,
                lead: e.lead.clone(),
                curve,
                color,
                width: theme.edge_width,
                head,
                label,
                marker: rephrase.then(|| rephrase_marker(midpoint(e), measure, theme)),
            }
        })
        .collect();

    let callout_numbers = callout_numbers(layout, &options.callouts);
    let nodes: Vec<NodeShape> = layout
        .claims
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let role = index.role(i);
            let role_style = theme.role(role);
            let lines = b
                .lines
                .iter()
                .enumerate()
                .map(|(n, text)| TextLine {
                    pos: Point::new(b.text_origin.x, b.text_origin.y + n as f32 * b.line_height),
                    ascent: measure.ascent(b.font_size),
                    text: text.to_owned(),
                    size: b.font_size,
                    weight: b.weight,
                    color: theme.text,
                })
                .collect();
            let badge = match callout_numbers.get(i).copied().flatten() {
                Some(number) => Some(badge(b.rect, number, measure, theme)),
                None => {
                    let notes = options.note_counts.get(i).copied().unwrap_or(0);
                    (notes > 0).then(|| badge(b.rect, notes, measure, theme))
                }
            };
            NodeShape {
                claim: i,
                role,
                rect: b.rect,
                corner_radius: CORNER_RADIUS,
                fill: role_style.fill,
                stroke: role_style.stroke,
                stroke_width: match role {
                    Role::Conclusion => theme.conclusion_stroke_width,
                    Role::OtherConclusion => theme.other_conclusion_stroke_width,
                    _ => theme.stroke_width,
                },
                dashed: map.claims[i].implicit,
                lines,
                badge,
                branch: None,
            }
        })
        .collect();

    let mut bounds = layout.bounds;
    if bounds.is_empty() {
        bounds = Rect::from_min_size(Point::default(), 1.0, 1.0);
    }
    let title = options.title.then(|| {
        let line = TextLine {
            pos: Point::new(bounds.min.x, bounds.min.y - TITLE_ROOM),
            ascent: measure.ascent(TITLE_SIZE),
            text: map.title.clone(),
            size: TITLE_SIZE,
            weight: Weight::Bold,
            color: theme.text,
        };
        let width = measure.width(&line.text, Weight::Bold, TITLE_SIZE);
        bounds = bounds.union(Rect::from_min_size(
            line.pos,
            width,
            measure.line_height(TITLE_SIZE),
        ));
        line
    });
    let evaluation_rows = options
        .evaluation
        .as_ref()
        .map(evaluation::legend_rows)
        .unwrap_or_default();
    let legend = options.legend.then(|| {
        let neutral = theme.role(Role::Unconnected).fill;
        let extra = evaluation_rows
            .iter()
            .map(|row| (row.label.to_owned(), neutral, theme.frame_stroke, false));
        let occupied: Vec<Rect> = layout.shapes().collect();
        let corner = |size: (f32, f32)| free_corner(layout.bounds, size, &occupied);
        legend(map, index, extra, measure, theme, corner, &mut bounds)
    });
    let evaluation = options.evaluation.as_ref().map(|e| EvaluationLayer {
        claims: evaluation::claim_shapes(&nodes, e, theme),
        legend: legend.as_ref().map_or_else(Vec::new, |l| {
            evaluation::legend_shapes(&l.entries, &evaluation_rows, theme)
        }),
    });
    let footnotes = footnotes(
        &options.callouts,
        &callout_numbers,
        measure,
        theme,
        &mut bounds,
    );

    Scene {
        bounds: bounds.expand(MARGIN),
        background: (!options.transparent).then_some(theme.background),
        frames,
        edges,
        nodes,
        title,
        legend,
        footnotes,
        evaluation,
    }
}

/// The callout number of each claim with notes in `callouts`, numbered in
/// reading order (top to bottom, then left to right).
fn callout_numbers(layout: &Layout, callouts: &[Vec<String>]) -> Vec<Option<usize>> {
    let mut with_notes: Vec<usize> = (0..layout.claims.len())
        .filter(|&i| callouts.get(i).is_some_and(|notes| !notes.is_empty()))
        .collect();
    with_notes.sort_by(|&a, &b| {
        let (ra, rb) = (layout.claims[a].rect, layout.claims[b].rect);
        ra.min
            .y
            .total_cmp(&rb.min.y)
            .then(ra.min.x.total_cmp(&rb.min.x))
            .then(a.cmp(&b))
    });
    let mut numbers = vec![None; layout.claims.len()];
    for (n, &claim) in with_notes.iter().enumerate() {
        numbers[claim] = Some(n + 1);
    }
    numbers
}

/// The notes of `callouts` as wrapped lines "n. text" below `bounds`,
/// which grows to hold them.
fn footnotes(
    callouts: &[Vec<String>],
    numbers: &[Option<usize>],
    measure: &dyn TextMeasure,
    theme: &Theme,
    bounds: &mut Rect,
) -> Vec<TextLine> {
    let mut numbered: Vec<(usize, &str)> = numbers
        .iter()
        .enumerate()
        .filter_map(|(claim, n)| n.map(|n| (n, claim)))
        .flat_map(|(n, claim)| callouts[claim].iter().map(move |note| (n, note.as_str())))
        .collect();
    numbered.sort_by_key(|&(n, _)| n);
    let line_h = measure.line_height(FOOTNOTE_SIZE);
    let width = bounds.width().clamp(240.0, FOOTNOTE_MAX_WIDTH);
    let origin = Point::new(bounds.min.x, bounds.max.y + 28.0);
    let mut lines = Vec::new();
    let mut y = origin.y;
    for (n, note) in numbered {
        // The number is drawn without the space after it, which the indent
        // leaves: renderers that fit a line to its measured width (the
        // SVG's `textLength`) may drop a trailing space and squeeze the
        // number against the note.
        let label = format!("{n}.");
        let indent = measure.width(&format!("{label} "), Weight::Bold, FOOTNOTE_SIZE);
        let wrapped = crate::text::wrap(
            measure,
            note,
            Weight::Regular,
            FOOTNOTE_SIZE,
            width - indent,
        );
        lines.push(TextLine {
            pos: Point::new(origin.x, y),
            ascent: measure.ascent(FOOTNOTE_SIZE),
            text: label,
            size: FOOTNOTE_SIZE,
            weight: Weight::Bold,
            color: theme.text,
        });
        for text in wrapped.iter() {
            lines.push(TextLine {
                pos: Point::new(origin.x + indent, y),
                ascent: measure.ascent(FOOTNOTE_SIZE),
                text: text.to_owned(),
                size: FOOTNOTE_SIZE,
                weight: Weight::Regular,
                color: theme.text,
            });
            y += line_h;
        }
        y += line_h * 0.3;
    }
    if !lines.is_empty() {
        *bounds = bounds.union(Rect::from_min_size(origin, width, y - origin.y));
    }
    lines
}

/// Shortens `curve` so its shaft stops inside the head, and returns the
/// head's corners (tip first).
fn arrow(curve: Cubic) -> (Cubic, [Point; 3]) {
    let tip = curve.to;
    // Direction of travel at the end; fall back to the chord, then to "up".
    let mut dir = (tip.x - curve.ctrl2.x, tip.y - curve.ctrl2.y);
    if dir.0.hypot(dir.1) < 1e-3 {
        dir = (tip.x - curve.from.x, tip.y - curve.from.y);
    }
    let len = dir.0.hypot(dir.1);
    let (dx, dy) = if len < 1e-3 {
        (0.0, -1.0)
    } else {
        (dir.0 / len, dir.1 / len)
    };
    let base = Point::new(tip.x - dx * HEAD_LENGTH, tip.y - dy * HEAD_LENGTH);
    let left = Point::new(base.x - dy * HEAD_HALF_WIDTH, base.y + dx * HEAD_HALF_WIDTH);
    let right = Point::new(base.x + dy * HEAD_HALF_WIDTH, base.y - dx * HEAD_HALF_WIDTH);
    let shaft_end = Point::new(
        tip.x - dx * HEAD_LENGTH * 0.8,
        tip.y - dy * HEAD_LENGTH * 0.8,
    );
    let shift = (shaft_end.x - tip.x, shaft_end.y - tip.y);
    let shaft = Cubic {
        to: shaft_end,
        ctrl2: Point::new(curve.ctrl2.x + shift.0, curve.ctrl2.y + shift.1),
        ..curve
    };
    (shaft, [tip, left, right])
}

/// The `=` sign on a rephrase's arrow, centred on `center`.
fn rephrase_marker(center: Point, measure: &dyn TextMeasure, theme: &Theme) -> Badge {
    let style = theme.role(Role::Rephrase);
    let size = 12.0;
    let text = "=".to_owned();
    let width = measure.width(&text, Weight::Bold, size);
    let height = measure.line_height(size);
    Badge {
        center,
        radius: BADGE_RADIUS,
        fill: style.fill,
        label: TextLine {
            pos: Point::new(center.x - width / 2.0, center.y - height / 2.0),
            ascent: measure.ascent(size),
            text,
            size,
            weight: Weight::Bold,
            color: style.stroke,
        },
    }
}

fn badge(rect: Rect, count: usize, measure: &dyn TextMeasure, theme: &Theme) -> Badge {
    let size = 11.0;
    let text = if count > 99 {
        "99+".to_owned()
    } else {
        count.to_string()
    };
    let width = measure.width(&text, Weight::Bold, size);
    let radius = BADGE_RADIUS.max(width / 2.0 + 3.0);
    let center = Point::new(rect.max.x - 2.0, rect.min.y + 2.0);
    let height = measure.line_height(size);
    Badge {
        center,
        radius,
        fill: theme.badge_fill,
        label: TextLine {
            pos: Point::new(center.x - width / 2.0, center.y - height / 2.0),
            ascent: measure.ascent(size),
            text,
            size,
            weight: Weight::Bold,
            color: theme.badge_text,
        },
    }
}

/// Clear space kept between the legend and anything of the map when the
/// legend sits in one of the map's corners, in points.
const LEGEND_CLEARANCE: f32 = 24.0;

/// Where a legend of `size` (width, height) fits inside `map` with nothing
/// of `occupied` within [`LEGEND_CLEARANCE`] of it: the top-left corner of
/// the first free one of the map's corners, bottom right first (the corner
/// a map's layout most often leaves empty, and where a legend is looked
/// for), then bottom left, top right and top left. `None` when none is
/// free.
fn free_corner(map: Rect, size: (f32, f32), occupied: &[Rect]) -> Option<Point> {
    let (w, h) = size;
    if w > map.width() || h > map.height() {
        return None;
    }
    let corners = [
        Point::new(map.max.x - w, map.max.y - h),
        Point::new(map.min.x, map.max.y - h),
        Point::new(map.max.x - w, map.min.y),
        map.min,
    ];
    corners.into_iter().find(|&at| {
        let clear = Rect::from_min_size(at, w, h).expand(LEGEND_CLEARANCE);
        !occupied.iter().any(|r| r.intersects(&clear))
    })
}

/// The legend, in a free corner of the map when `corner` finds one for its
/// size, else below everything in `bounds` (which grows to hold it);
/// `extra` rows (label, fill, stroke, dashed) come last.
fn legend(
    map: &Map,
    index: &MapIndex,
    extra: impl Iterator<Item = (String, Color, Color, bool)>,
    measure: &dyn TextMeasure,
    theme: &Theme,
    corner: impl Fn((f32, f32)) -> Option<Point>,
    bounds: &mut Rect,
) -> Legend {
    // (label, fill, stroke, dashed) per row.
    let mut rows: Vec<(String, Color, Color, bool)> = Role::ALL
        .iter()
        .filter(|&&role| (0..map.claims.len()).any(|c| index.role(c) == role))
        .map(|&role| {
            let style = theme.role(role);
            (capitalise(role.label()), style.fill, style.stroke, false)
        })
        .collect();
    if map.claims.iter().any(|c| c.implicit) {
        rows.push((
            "Implicit premise".to_owned(),
            theme.legend_fill,
            theme.weak_text,
            true,
        ));
    }
    if (0..map.arguments.len()).any(|a| index.premises(a).len() > 1) {
        rows.push((
            "Co-premises (only together)".to_owned(),
            theme.frame_fill,
            theme.frame_stroke,
            false,
        ));
    }
    rows.extend(extra);
    let pad = 10.0;
    let swatch_w = 26.0;
    let row_h = measure.line_height(LEGEND_SIZE).max(16.0) + 4.0;
    let height = rows.len() as f32 * row_h + 2.0 * pad - 4.0;
    let text_x = pad + swatch_w + 8.0;
    let width = rows
        .iter()
        .map(|(label, ..)| text_x + measure.width(label, Weight::Regular, LEGEND_SIZE))
        .fold(0.0, f32::max)
        + pad;
    let origin = corner((width, height)).unwrap_or(Point::new(bounds.min.x, bounds.max.y + 28.0));
    let entries: Vec<LegendEntry> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, fill, stroke, dashed))| {
            let y = origin.y + pad + i as f32 * row_h;
            let swatch =
                Rect::from_min_size(Point::new(origin.x + pad, y + 2.0), swatch_w, row_h - 6.0);
            let line_h = measure.line_height(LEGEND_SIZE);
            LegendEntry {
                swatch,
                fill,
                stroke,
                dashed,
                label: TextLine {
                    pos: Point::new(origin.x + text_x, swatch.center().y - line_h / 2.0),
                    ascent: measure.ascent(LEGEND_SIZE),
                    text: label,
                    size: LEGEND_SIZE,
                    weight: Weight::Regular,
                    color: theme.weak_text,
                },
            }
        })
        .collect();
    let rect = Rect::from_min_size(origin, width, height);
    *bounds = bounds.union(rect);
    Legend {
        rect,
        fill: theme.legend_fill,
        stroke: theme.legend_stroke,
        entries,
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The point halfway along an arrow's pieces (by piece count, which for a
/// routed arrow lands on its middle run).
fn midpoint(e: &crate::layout::Edge) -> Point {
    let pieces: Vec<&Cubic> = e.pieces().collect();
    if pieces.len() == 1 {
        return e.curve.at(0.5);
    }
    pieces[pieces.len() / 2].at(0.5)
}
