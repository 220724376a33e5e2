//! Rendering a scene as SVG: the vector export.
//!
//! Text stays text (`<text>` elements in the bundled font's family), so it
//! can be selected and searched. Renderers without that font fall back to
//! a generic sans-serif, and every line carries its width as measured with
//! the bundled font (`textLength`), so a wider fallback font is squeezed to
//! fit its box instead of overflowing it. Co-premise frames and their
//! swatch in the legend get a solid fill (their translucent colour over
//! the background), which every renderer draws alike. Output is
//! deterministic: the same scene gives the same bytes, with numbers
//! rounded to two decimals.

use std::fmt::{self, Write as _};

use crate::geom::{Cubic, Point, Rect};
use crate::model::{Map, Role};
use crate::scene::{
    Badge, BranchBadge, Color, EdgeShape, EvaluationShape, FrameShape, MarkBadge, NodeShape, Scene,
    TextLine, Veil,
};
use crate::text::{FONT_FAMILY, FontMetrics, TextMeasure as _, Weight};

/// Dash pattern of the borders of implicit premises.
const DASH: &str = "5 3";

/// Renders `scene` as a standalone SVG document.
///
/// With `map` (the map the scene was built from), each claim's group gets
/// an `id` and a `data-claim` attribute with the claim's id and a `<title>`
/// with its text, and the document gets the map's title; without it the
/// groups carry only their role.
pub fn to_svg(scene: &Scene, map: Option<&Map>) -> String {
    let mut out = String::with_capacity(1024 + scene.nodes.len() * 600);
    // Writing to a String cannot fail.
    let _ = write_svg(&mut out, scene, map, None);
    out
}

/// [`to_svg`] for a sheet of paper: the document declares its width and
/// height as `size_mm` (millimetres), and its view box is the scene's
/// bounds (widened to the page by [`super::page::PageFit::widen`]), so
/// the drawing is printed at the page's scale.
pub fn to_svg_on_page(scene: &Scene, map: Option<&Map>, size_mm: (f32, f32)) -> String {
    let mut out = String::with_capacity(1024 + scene.nodes.len() * 600);
    // Writing to a String cannot fail.
    let _ = write_svg(&mut out, scene, map, Some(size_mm));
    out
}

/// The document size the SVG of `scene` declares, in points (CSS pixels):
/// the scene's bounds rounded as the SVG writes them. PNG pixel sizes are
/// computed from this, so estimates and renders agree to the pixel.
pub fn document_size(scene: &Scene) -> (f32, f32) {
    let round = |v: f32| (f64::from(v) * 100.0).round() as f32 / 100.0;
    (round(scene.bounds.width()), round(scene.bounds.height()))
}

fn write_svg(
    out: &mut String,
    scene: &Scene,
    map: Option<&Map>,
    size_mm: Option<(f32, f32)>,
) -> fmt::Result {
    let b = scene.bounds;
    let (width, height) = match size_mm {
        Some((w, h)) => (format!("{}mm", Num(w)), format!("{}mm", Num(h))),
        None => (Num(b.width()).to_string(), Num(b.height()).to_string()),
    };
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="{} {} {} {}" font-family="{}" xml:space="preserve">"#,
        Num(b.min.x),
        Num(b.min.y),
        Num(b.width()),
        Num(b.height()),
        Escaped(&format!("{FONT_FAMILY}, sans-serif")),
    )?;
    if let Some(map) = map {
        writeln!(out, "<title>{}</title>", Escaped(&map.title))?;
    }
    if let Some(background) = scene.background {
        write!(
            out,
            r#"<rect class="background" x="{}" y="{}" width="{}" height="{}""#,
            Num(b.min.x),
            Num(b.min.y),
            Num(b.width()),
            Num(b.height()),
        )?;
        fill(out, background)?;
        out.push_str("/>\n");
    }
    let under = scene.background.unwrap_or(Color::rgb(255, 255, 255));
    if !scene.frames.is_empty() {
        out.push_str("<g class=\"frames\">\n");
        for frame in &scene.frames {
            write_frame(out, frame, map, under)?;
        }
        out.push_str("</g>\n");
    }
    if !scene.edges.is_empty() {
        out.push_str("<g class=\"edges\">\n");
        for edge in &scene.edges {
            write_edge(out, edge, map)?;
        }
        out.push_str("</g>\n");
    }
    if !scene.nodes.is_empty() {
        out.push_str("<g class=\"claims\">\n");
        let veils = claim_veils(scene);
        for node in &scene.nodes {
            match veils.get(node.claim).copied().flatten() {
                Some(veil) => write_node(out, &dimmed(node, veil, under), map, true)?,
                None => write_node(out, node, map, false)?,
            }
        }
        out.push_str("</g>\n");
    }
    if let Some(layer) = scene.evaluation.as_ref().filter(|l| !l.claims.is_empty()) {
        // Over the claims, but clicks and hovers go through to them.
        out.push_str("<g class=\"evaluation\" pointer-events=\"none\">\n");
        for shape in &layer.claims {
            write_evaluation(out, shape, map)?;
        }
        out.push_str("</g>\n");
    }
    if let Some(title) = &scene.title {
        out.push_str("<g class=\"title\">\n");
        write_text(out, title)?;
        out.push_str("</g>\n");
    }
    if let Some(legend) = &scene.legend {
        out.push_str("<g class=\"legend\">\n");
        write_rect(out, legend.rect, 4.0)?;
        fill(out, legend.fill)?;
        stroke(out, legend.stroke, 1.0, false)?;
        out.push_str("/>\n");
        // Swatches get solid fills too, as frames do (the co-premises'
        // swatch is the frames' translucent colour), and the veil of an
        // evaluation's swatch is mixed into it, as into a claim's box.
        let under = legend.fill.over(under);
        let legend_veils = scene.evaluation.iter().flat_map(|l| &l.legend);
        let legend_veils: Vec<&Veil> = legend_veils.filter_map(|e| e.veil.as_ref()).collect();
        for entry in &legend.entries {
            let veil = legend_veils
                .iter()
                .find(|v| v.rect == entry.swatch)
                .map(|v| v.color);
            let solid = |c: Color| {
                let c = c.over(under);
                veil.map_or(c, |v| v.over(c))
            };
            write_rect(out, entry.swatch, 3.0)?;
            fill(out, solid(entry.fill))?;
            stroke(out, solid(entry.stroke), 1.5, entry.dashed)?;
            out.push_str("/>\n");
            write_text(out, &entry.label)?;
        }
        for shape in scene.evaluation.iter().flat_map(|l| &l.legend) {
            write_evaluation(out, shape, None)?;
        }
        out.push_str("</g>\n");
    }
    if !scene.footnotes.is_empty() {
        out.push_str("<g class=\"footnotes\">\n");
        for line in &scene.footnotes {
            write_text(out, line)?;
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    Ok(())
}

fn write_frame(
    out: &mut String,
    frame: &FrameShape,
    map: Option<&Map>,
    under: Color,
) -> fmt::Result {
    write_rect(out, frame.rect, frame.corner_radius)?;
    if let Some(argument) = map.and_then(|m| m.arguments.get(frame.argument)) {
        write!(out, r#" data-argument="{}""#, Escaped(&argument.id))?;
    }
    fill(out, frame.fill.over(under))?;
    stroke(out, frame.stroke, frame.stroke_width, false)?;
    out.push_str("/>\n");
    Ok(())
}

fn write_edge(out: &mut String, edge: &EdgeShape, map: Option<&Map>) -> fmt::Result {
    out.push_str("<g class=\"edge\"");
    if let Some(argument) = map.and_then(|m| m.arguments.get(edge.argument)) {
        write!(out, r#" data-argument="{}""#, Escaped(&argument.id))?;
    }
    out.push_str(">\n");
    let start = edge.pieces().next().map_or(edge.curve.from, |c| c.from);
    write!(out, r#"<path d="M{} {}"#, Num(start.x), Num(start.y))?;
    for Cubic {
        ctrl1, ctrl2, to, ..
    } in edge.pieces()
    {
        write!(
            out,
            " C{} {} {} {} {} {}",
            Num(ctrl1.x),
            Num(ctrl1.y),
            Num(ctrl2.x),
            Num(ctrl2.y),
            Num(to.x),
            Num(to.y),
        )?;
    }
    out.push_str(r#"" fill="none""#);
    stroke(out, edge.color, edge.width, false)?;
    out.push_str("/>\n");
    out.push_str("<polygon points=\"");
    for (i, p) in edge.head.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write!(out, "{},{}", Num(p.x), Num(p.y))?;
    }
    out.push('"');
    fill(out, edge.color)?;
    out.push_str("/>\n");
    if let Some(label) = &edge.label {
        write_text(out, label)?;
    }
    if let Some(marker) = &edge.marker {
        write_badge(out, "rephrase-marker", marker)?;
    }
    out.push_str("</g>\n");
    Ok(())
}

/// Per claim (by index), the colour of the veil the evaluation lays over
/// its box, if any.
fn claim_veils(scene: &Scene) -> Vec<Option<Color>> {
    let mut veils = Vec::new();
    for shape in scene.evaluation.iter().flat_map(|l| &l.claims) {
        if let (Some(claim), Some(veil)) = (shape.claim, &shape.veil) {
            if veils.len() <= claim {
                veils.resize(claim + 1, None);
            }
            veils[claim] = Some(veil.color);
        }
    }
    veils
}

/// `node` as it shows under a translucent `veil` on the opaque `under`,
/// drawn in solid colours: a claim that is out is dimmed this way rather
/// than by a translucent layer, which renderers that ignore opacity
/// (ImageMagick's own) draw opaque, hiding the claim. The veil covers the
/// box, its border and its text; the note badge on its corner stays as
/// it is, readable.
fn dimmed(node: &NodeShape, veil: Color, under: Color) -> NodeShape {
    let fill = node.fill.over(under);
    let dim = |c: Color, on: Color| veil.over(c.over(on));
    let mut node = node.clone();
    node.fill = dim(fill, under);
    node.stroke = dim(node.stroke, under);
    for line in &mut node.lines {
        line.color = dim(line.color, fill);
    }
    node
}

/// A claim's box and text as `<g class="claim ROLE">` (with `dimmed`
/// among the classes for a claim that is out).
fn write_node(out: &mut String, node: &NodeShape, map: Option<&Map>, dimmed: bool) -> fmt::Result {
    write!(out, r#"<g class="claim {}"#, role_class(node.role))?;
    if dimmed {
        out.push_str(" dimmed");
    }
    out.push('"');
    let claim = map.and_then(|m| m.claims.get(node.claim));
    if let Some(claim) = claim {
        write!(
            out,
            r#" id="claim-{}" data-claim="{}""#,
            Escaped(&claim.id),
            Escaped(&claim.id)
        )?;
    }
    out.push_str(">\n");
    if let Some(claim) = claim {
        writeln!(out, "<title>{}</title>", Escaped(&claim.text))?;
    }
    write_rect(out, node.rect, node.corner_radius)?;
    fill(out, node.fill)?;
    stroke(out, node.stroke, node.stroke_width, node.dashed)?;
    out.push_str("/>\n");
    for line in &node.lines {
        write_text(out, line)?;
    }
    if let Some(badge) = &node.badge {
        write_badge(out, "badge", badge)?;
    }
    if let Some(branch) = &node.branch {
        write_branch_badge(out, branch)?;
    }
    out.push_str("</g>\n");
    Ok(())
}

/// The "+N" badge of a collapsed branch: its pill, count and role swatches,
/// as `<g class="branch-badge" data-hidden="N">`.
fn write_branch_badge(out: &mut String, badge: &BranchBadge) -> fmt::Result {
    writeln!(
        out,
        r#"<g class="branch-badge" data-hidden="{}">"#,
        badge.count
    )?;
    write_rect(out, badge.rect, badge.corner_radius)?;
    fill(out, badge.fill)?;
    stroke(out, badge.stroke, 1.0, false)?;
    out.push_str("/>\n");
    write_text(out, &badge.label)?;
    for swatch in &badge.swatches {
        write!(out, r#"<rect class="swatch {}""#, role_class(swatch.role))?;
        write_rect_geometry(out, swatch.rect, 2.0)?;
        fill(out, swatch.fill)?;
        stroke(out, swatch.stroke, 1.0, false)?;
        out.push_str("/>\n");
    }
    out.push_str("</g>\n");
    Ok(())
}

/// A claim's status bar, veil and mark badge, as `<g>` with the status
/// and mark as classes and `data-` attributes.
fn write_evaluation(out: &mut String, shape: &EvaluationShape, map: Option<&Map>) -> fmt::Result {
    let status = shape.status.label();
    write!(
        out,
        r#"<g class="claim-evaluation status-{status}" data-status="{status}""#
    )?;
    if let Some(claim) = shape.claim.and_then(|c| map.and_then(|m| m.claims.get(c))) {
        write!(out, r#" data-claim="{}""#, Escaped(&claim.id))?;
    }
    if let Some(mark) = shape.mark {
        write!(
            out,
            r#" data-mark="{}""#,
            crate::evaluation::Mark::from(mark)
        )?;
    }
    out.push_str(">\n");
    // The veil is mixed into the colours of what it covers (see `dimmed`).
    out.push_str("<rect class=\"status-bar\"");
    write_rect_geometry(out, shape.bar, shape.bar_radius)?;
    fill(out, shape.bar_color)?;
    out.push_str("/>\n");
    if let Some(badge) = &shape.badge {
        write_mark_badge(out, badge)?;
    }
    out.push_str("</g>\n");
    Ok(())
}

/// A tick or cross badge: its circle and its lines.
fn write_mark_badge(out: &mut String, badge: &MarkBadge) -> fmt::Result {
    open_badge(out, "mark", badge.center, badge.radius, badge.fill)?;
    for stroke_points in &badge.strokes {
        out.push_str("<polyline points=\"");
        for (i, p) in stroke_points.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            write!(out, "{},{}", Num(p.x), Num(p.y))?;
        }
        out.push_str("\" fill=\"none\"");
        stroke(out, badge.ink, badge.ink_width, false)?;
        out.push_str("/>\n");
    }
    out.push_str("</g>\n");
    Ok(())
}

/// A badge as `<g class="CLASS">` with its circle and label.
fn write_badge(out: &mut String, class: &str, badge: &Badge) -> fmt::Result {
    open_badge(out, class, badge.center, badge.radius, badge.fill)?;
    write_text(out, &badge.label)?;
    out.push_str("</g>\n");
    Ok(())
}

/// Opens `<g class="CLASS">` with the badge's filled circle; the caller
/// adds what is on it and closes the group.
fn open_badge(
    out: &mut String,
    class: &str,
    center: Point,
    radius: f32,
    color: Color,
) -> fmt::Result {
    write!(
        out,
        r#"<g class="{class}"><circle cx="{}" cy="{}" r="{}""#,
        Num(center.x),
        Num(center.y),
        Num(radius),
    )?;
    fill(out, color)?;
    out.push_str("/>\n");
    Ok(())
}

/// Opens a `<rect` with geometry; the caller adds paint and closes it.
fn write_rect(out: &mut String, rect: Rect, radius: f32) -> fmt::Result {
    out.push_str("<rect");
    write_rect_geometry(out, rect, radius)
}

/// A rectangle's ` x=".." y=".." width=".." height=".." rx=".."`.
fn write_rect_geometry(out: &mut String, rect: Rect, radius: f32) -> fmt::Result {
    write!(
        out,
        r#" x="{}" y="{}" width="{}" height="{}""#,
        Num(rect.min.x),
        Num(rect.min.y),
        Num(rect.width()),
        Num(rect.height()),
    )?;
    if radius > 0.0 {
        write!(out, r#" rx="{}""#, Num(radius))?;
    }
    Ok(())
}

fn write_text(out: &mut String, line: &TextLine) -> fmt::Result {
    let Point { x, y } = line.pos;
    write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}""#,
        Num(x),
        Num(y + line.ascent),
        Num(line.size),
    )?;
    if line.weight == Weight::Bold {
        out.push_str(r#" font-weight="bold""#);
    }
    let width = FontMetrics::bundled().width(&line.text, line.weight, line.size);
    if width.is_finite() && width > 0.0 && !line.text.trim().is_empty() {
        write!(
            out,
            r#" textLength="{}" lengthAdjust="spacingAndGlyphs""#,
            Num(width)
        )?;
    }
    fill(out, line.color)?;
    writeln!(out, ">{}</text>", Escaped(&line.text))
}

fn fill(out: &mut String, color: Color) -> fmt::Result {
    write!(out, r#" fill="{}""#, color.hex())?;
    if color.a < 255 {
        write!(out, r#" fill-opacity="{}""#, Num(color.opacity()))?;
    }
    Ok(())
}

fn stroke(out: &mut String, color: Color, width: f32, dashed: bool) -> fmt::Result {
    write!(
        out,
        r#" stroke="{}" stroke-width="{}""#,
        color.hex(),
        Num(width)
    )?;
    if color.a < 255 {
        write!(out, r#" stroke-opacity="{}""#, Num(color.opacity()))?;
    }
    if dashed {
        write!(out, r#" stroke-dasharray="{DASH}""#)?;
    }
    Ok(())
}

/// The class a claim group of `role` has (`conclusion`, `reason`, …).
pub(crate) fn role_class(role: Role) -> &'static str {
    match role {
        Role::Conclusion => "conclusion",
        Role::OtherConclusion => "other-conclusion",
        Role::Reason => "reason",
        Role::Objection => "objection",
        Role::Rebuttal => "rebuttal",
        Role::Undercut => "undercut",
        Role::Rephrase => "rephrase",
        Role::Unconnected => "unconnected",
    }
}

/// A number written compactly: at most two decimals, no trailing zeros,
/// no negative zero, and `0` for anything not finite.
struct Num(f32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hundredths = f64::from(self.0) * 100.0;
        if !hundredths.is_finite() {
            return f.write_str("0");
        }
        let n = hundredths.round() as i64;
        if n < 0 {
            f.write_str("-")?;
        }
        let n = n.unsigned_abs();
        let (whole, frac) = (n / 100, n % 100);
        match frac {
            0 => write!(f, "{whole}"),
            f2 if f2 % 10 == 0 => write!(f, "{whole}.{}", f2 / 10),
            f2 => write!(f, "{whole}.{f2:02}"),
        }
    }
}

/// Text escaped for XML character data and attribute values. Characters
/// XML 1.0 cannot hold (most control characters) are left out.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' => f.write_char(' ')?,
                c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::scene::{NodeShape, Theme};

    #[test]
    fn numbers_are_compact() {
        let cases = [
            (0.0, "0"),
            (-0.001, "0"),
            (1.5, "1.5"),
            (1.25, "1.25"),
            (2.999, "3"),
            (-3.456, "-3.46"),
            (-0.5, "-0.5"),
            (12345.0, "12345"),
            (0.07, "0.07"),
            (f32::NAN, "0"),
        ];
        for (value, text) in cases {
            assert_eq!(Num(value).to_string(), text, "{value}");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            Escaped("a<b & \"c\" 'd'>\u{1}\te").to_string(),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt; e"
        );
    }

    fn line(text: &str, x: f32, y: f32, weight: Weight) -> TextLine {
        TextLine {
            pos: Point::new(x, y),
            ascent: 15.0,
            text: text.into(),
            size: 14.0,
            weight,
            color: Color::rgb(1, 2, 3),
        }
    }

    #[test]
    fn nodes_become_rects_and_text_elements() {
        let theme = Theme::light();
        let scene = Scene {
            bounds: Rect::from_min_size(Point::new(-10.0, -10.0), 220.0, 120.0),
            background: None,
            frames: Vec::new(),
            edges: Vec::new(),
            nodes: vec![NodeShape {
                claim: 0,
                role: Role::Objection,
                rect: Rect::from_min_size(Point::new(0.0, 0.0), 200.0, 50.5),
                corner_radius: 6.0,
                fill: theme.role(Role::Objection).fill,
                stroke: theme.role(Role::Objection).stroke,
                stroke_width: 1.5,
                dashed: true,
                lines: vec![line("Tom & Jerry", 12.0, 9.0, Weight::Bold)],
                badge: Some(Badge {
                    center: Point::new(198.0, 2.0),
                    radius: 9.0,
                    fill: theme.badge_fill,
                    label: line("3", 195.0, -6.0, Weight::Bold),
                }),
                branch: None,
            }],
            title: None,
            legend: None,
            footnotes: Vec::new(),
            evaluation: None,
        };
        let svg = to_svg(&scene, None);
        assert!(svg.contains(r#"viewBox="-10 -10 220 120""#), "{svg}");
        assert!(svg.contains(r#"width="220" height="120""#));
        assert!(svg.contains(
            r##"<rect x="0" y="0" width="200" height="50.5" rx="6" fill="#fce0e0" stroke="#c62828" stroke-width="1.5" stroke-dasharray="5 3"/>"##
        ), "{svg}");
        let width = FontMetrics::bundled().width("Tom & Jerry", Weight::Bold, 14.0);
        assert!(svg.contains(&format!(
            r##"<text x="12" y="24" font-size="14" font-weight="bold" textLength="{}" lengthAdjust="spacingAndGlyphs" fill="#010203">Tom &amp; Jerry</text>"##,
            Num(width)
        )), "{svg}");
        assert!(
            svg.contains(r#"font-family="Noto Sans, sans-serif""#),
            "{svg}"
        );
        assert!(svg.contains(r#"<circle cx="198" cy="2" r="9""#));
        assert!(!svg.contains("class=\"background\""));
        assert_eq!(svg, to_svg(&scene, None), "deterministic");
    }

    #[test]
    fn frames_get_a_solid_fill_over_the_background() {
        let theme = Theme::light();
        let frame = FrameShape {
            argument: 0,
            rect: Rect::from_min_size(Point::new(0.0, 0.0), 100.0, 40.0),
            corner_radius: 8.0,
            fill: Color::rgba(0, 0, 40, 10),
            stroke: theme.frame_stroke,
            stroke_width: 1.0,
        };
        let mut out = String::new();
        write_frame(&mut out, &frame, None, Color::rgb(250, 250, 247)).unwrap();
        // 4 % of near-black over warm white: a light grey, and opaque.
        assert!(out.contains(r##"fill="#f0f0ef""##), "{out}");
        assert!(!out.contains("fill-opacity"), "{out}");
    }

    #[test]
    fn the_co_premises_swatch_of_the_legend_gets_a_solid_fill_too() {
        let theme = Theme::light();
        let swatch = Rect::from_min_size(Point::new(10.0, 10.0), 26.0, 14.0);
        let mut scene = Scene::empty();
        scene.background = Some(Color::rgb(250, 250, 247));
        scene.legend = Some(crate::scene::Legend {
            rect: Rect::from_min_size(Point::new(0.0, 0.0), 200.0, 34.0),
            fill: Color::rgb(250, 250, 247),
            stroke: theme.frame_stroke,
            entries: vec![crate::scene::LegendEntry {
                swatch,
                fill: Color::rgba(0, 0, 40, 10),
                stroke: theme.frame_stroke,
                dashed: false,
                label: TextLine {
                    pos: Point::new(44.0, 10.0),
                    ascent: 11.0,
                    text: "Co-premises (only together)".into(),
                    size: 12.0,
                    weight: Weight::Regular,
                    color: theme.weak_text,
                },
            }],
        });
        let svg = to_svg(&scene, None);
        // The same light grey as a frame's, not near-black at 4 % (which
        // ImageMagick draws black).
        assert!(
            svg.contains(r##"<rect x="10" y="10" width="26" height="14" rx="3" fill="#f0f0ef""##),
            "{svg}"
        );
        assert!(!svg.contains("fill-opacity"), "{svg}");
    }
}
