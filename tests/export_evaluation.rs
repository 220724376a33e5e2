//! Exports with the evaluation drawn in: every claim's status bar and mark
//! in SVG, PNG and PDF agree with the evaluation, claims that are out are
//! dimmed, the legend explains it, and `reasonmap export --evaluation`
//! takes the marks from the notes file.

#![allow(clippy::unwrap_used)]

mod export_common;

use std::fs;
use std::process::Command;

use export_common::*;
use reasonmap::evaluation::{Mark, Marks, Reading, Status, evaluate};
use reasonmap::export::{ExportEvaluation, ExportRequest, Format, export_to_bytes};
use reasonmap::model::{LoadedMap, load_map_file};
use reasonmap::scene::Theme;

fn essay() -> LoadedMap {
    load_map_file(&root().join("maps/regional-security.ron")).unwrap()
}

/// The essay with `diplomacy-addresses-threats` rejected.
fn rejecting(format: Format) -> ExportRequest {
    ExportRequest {
        legend: true,
        evaluation: Some(ExportEvaluation {
            marks: vec![("diplomacy-addresses-threats".into(), Mark::Rejected)],
            reading: Reading::Charitable,
        }),
        ..ExportRequest::new(format)
    }
}

/// The `claim-evaluation` groups of an SVG: (claim id, status, mark).
fn evaluated_claims(svg: &str) -> Vec<(String, String, Option<String>)> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')?;
        Some(tag[start..start + end].to_owned())
    };
    svg.match_indices("<g class=\"claim-evaluation ")
        .filter_map(|(i, _)| {
            let tag = &svg[i..i + svg[i..].find('>')?];
            Some((
                attribute(tag, "data-claim")?,
                attribute(tag, "data-status")?,
                attribute(tag, "data-mark"),
            ))
        })
        .collect()
}

#[test]
fn svg_carries_every_claims_status_and_mark() {
    let loaded = essay();
    let svg = String::from_utf8(export_to_bytes(&loaded, &rejecting(Format::Svg), None).unwrap())
        .unwrap();
    let (map, index) = (&loaded.map, &loaded.index);
    let mut marks = Marks::for_map(map);
    let rejected = index.claim("diplomacy-addresses-threats").unwrap();
    marks.set_claim(rejected, Some(reasonmap::evaluation::ClaimMark::Rejected));
    let evaluation = evaluate(map, index, &marks, Reading::Charitable);

    let drawn = evaluated_claims(&svg);
    assert_eq!(drawn.len(), map.claims.len());
    for (c, claim) in map.claims.iter().enumerate() {
        let (id, status, mark) = &drawn[c];
        assert_eq!(id, &claim.id);
        assert_eq!(status, evaluation.claim(c).label(), "{id}");
        let expected_mark = (c == rejected).then(|| "rejected".to_owned());
        assert_eq!(mark, &expected_mark, "{id}");
    }
    // Out claims are dimmed, others are not: in solid colours (the veil's
    // colour mixed into the box's, its border's and its text's), so that
    // renderers that ignore opacity draw them too.
    let dimmed = svg.matches(" dimmed\"").count();
    assert_eq!(dimmed, evaluation.counts().out);
    assert!(!svg.contains("opacity"), "no translucency");
    let theme = Theme::light();
    let out = evaluated_claims(&svg)
        .iter()
        .position(|(_, status, _)| status == Status::Out.label())
        .unwrap();
    let role = theme.role(index.role(out));
    let veil = theme.veil;
    let group = &svg[svg
        .find(&format!("id=\"claim-{}\"", map.claims[out].id))
        .unwrap()..];
    let group = &group[..group.find("</g>").unwrap()];
    for (what, color) in [
        ("fill", veil.over(role.fill)),
        ("stroke", veil.over(role.stroke)),
        ("fill", veil.over(theme.text)),
    ] {
        let attribute = format!("{what}=\"{}\"", color.hex());
        assert!(group.contains(&attribute), "{attribute} in {group}");
    }
    // The legend explains statuses and the mark.
    let tree = parse(&svg);
    let text = all_text(&tree);
    for label in [
        "In: follows from your marks",
        "Out: defeated, or rests on what is out",
        "Rejected by you",
    ] {
        assert!(text.contains(label), "{label} in {text}");
    }
    assert!(!text.contains("Undecided"), "no undecided claim, no row");
    assert!(
        !text.contains("Accepted by you"),
        "no accepted claim, no row"
    );
}

/// Checks the status bars in `pixmap`, an image of the rejecting request
/// at one pixel per point: an unmarked claim that is in has the "in"
/// colour; the conclusion, out, has its red under the veil.
fn assert_bars(pixmap: &resvg::tiny_skia::Pixmap, what: &str) {
    let loaded = essay();
    // Where the boxes are, from the SVG of the same request.
    let svg = export_to_bytes(&loaded, &rejecting(Format::Svg), None).unwrap();
    let svg = std::str::from_utf8(&svg).unwrap();
    let tree = parse(svg);
    let view_box = &svg[svg.find("viewBox=\"").unwrap() + 9..];
    let origin: Vec<f32> = view_box[..view_box.find('"').unwrap()]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let bar_pixel = |id: &str| {
        let rect = claim_rect(&tree, id);
        // The middle of the bar: 2 points in, 4 wide, half way down.
        let x = rect.min.x + 4.0 - origin[0];
        let y = (rect.min.y + rect.max.y) / 2.0 - origin[1];
        pixel(pixmap, x as u32, y as u32)
    };
    let theme = Theme::light();
    let c = theme.status_in;
    let green = bar_pixel("dialogues");
    assert!(close(green, [c.r, c.g, c.b, 255], 40), "{what}: {green:?}");
    let out = bar_pixel("cornerstone");
    assert!(
        out[0] > 200 && out[1] < 170 && out[2] < 170,
        "{what}: {out:?}"
    );
}

#[test]
fn png_and_pdf_paint_the_status_bars_in_their_colours() {
    let loaded = essay();
    let request = ExportRequest {
        scale: 1.0,
        ..rejecting(Format::Png)
    };
    let png = export_to_bytes(&loaded, &request, None).unwrap();
    assert_bars(&decode_png(&png), "PNG");

    // The PDF, rasterised by poppler at 72 dpi: one pixel per point.
    let pdf = export_to_bytes(&loaded, &rejecting(Format::Pdf), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.pdf"), &pdf).unwrap();
    let mut command = Command::new("pdftoppm");
    command
        .args(["-png", "-r", "72", "-singlefile"])
        .arg(dir.path().join("in.pdf"))
        .arg(dir.path().join("out"));
    run_tool(command, "pdftoppm (poppler-utils)");
    let raster = fs::read(dir.path().join("out.png")).unwrap();
    assert_bars(&decode_png(&raster), "PDF");
}

#[test]
fn a_sub_map_keeps_the_statuses_of_the_whole_map() {
    let loaded = essay();
    // `opening-thesis` restates the conclusion: exported alone, it would
    // have nothing for or against it; it keeps the conclusion's status.
    let request = ExportRequest {
        root: Some("opening-thesis".into()),
        ..rejecting(Format::Svg)
    };
    let svg = String::from_utf8(export_to_bytes(&loaded, &request, None).unwrap()).unwrap();
    assert_eq!(
        evaluated_claims(&svg),
        [(
            "opening-thesis".to_owned(),
            Status::Out.label().to_owned(),
            None
        )]
    );
}

#[test]
fn without_the_option_nothing_of_the_evaluation_is_drawn() {
    let loaded = essay();
    let svg = export_to_bytes(&loaded, &ExportRequest::new(Format::Svg), None).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(!svg.contains("evaluation"), "no evaluation group");
    assert!(!svg.contains("dimmed"));
}

#[test]
fn the_command_line_takes_the_marks_from_the_notes_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["regional-security.ron", "regional-security.md"] {
        fs::copy(root().join("maps").join(name), dir.path().join(name)).unwrap();
    }
    fs::write(
        dir.path().join("regional-security.notes.ron"),
        "(version: 2, notes: {}, marks: {\"cornerstone\": Accepted})",
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_reasonmap"))
            .arg("export")
            .arg("regional-security.ron")
            .args(args)
            .current_dir(dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .unwrap()
    };
    let output = run(&["-o", "out.svg", "--evaluation", "--sceptical"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = fs::read_to_string(dir.path().join("out.svg")).unwrap();
    let drawn = evaluated_claims(&svg);
    let status = |id: &str| drawn.iter().find(|d| d.0 == id).unwrap().clone();
    assert_eq!(
        status("cornerstone"),
        ("cornerstone".into(), "in".into(), Some("accepted".into()))
    );
    // Sceptical: what nothing supports and nobody accepted is out.
    assert_eq!(status("dialogues").1, "out");
    // --sceptical means nothing without --evaluation.
    let output = run(&["-o", "other.svg", "--sceptical"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--evaluation"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_html_page_draws_the_evaluation_and_gives_each_claims_reason() {
    let loaded = essay();
    let html = export_to_bytes(&loaded, &rejecting(Format::Html), None).unwrap();
    let html = String::from_utf8(html).unwrap();
    // The map is the same drawing as the SVG export, statuses and marks
    // included; the evaluation lets clicks through to the claims.
    assert!(
        html.contains("<g class=\"evaluation\" pointer-events=\"none\">"),
        "the evaluation layer"
    );
    let drawn = evaluated_claims(&html);
    let status = |id: &str| drawn.iter().find(|d| d.0 == id).unwrap().clone();
    assert_eq!(
        status("diplomacy-addresses-threats"),
        (
            "diplomacy-addresses-threats".into(),
            "out".into(),
            Some("rejected".into())
        )
    );
    assert_eq!(status("cornerstone").1, "out");
    // The claim details the page shows on a click carry the reason.
    let start = html.find("id=\"claims-data\">").unwrap();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value =
        serde_json::from_str(&html[start + "id=\"claims-data\">".len()..end]).unwrap();
    let cornerstone = data["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cornerstone")
        .unwrap();
    assert_eq!(cornerstone["status"], "out");
    assert_eq!(
        cornerstone["reason"],
        "Out: the objection ‘Military strength is a critical component of a…’ is in, granted as an open assumption, and the undercut ‘Islamic nations recognize that diplomacy, too…’ is out, because you rejected it."
    );
    // Without the evaluation, the data has no status.
    let plain = export_to_bytes(&loaded, &ExportRequest::new(Format::Html), None).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    assert!(!plain.contains("\"status\""));
    assert!(!plain.contains("class=\"evaluation\""));
}

#[test]
fn a_claim_that_is_out_is_dimmed_to_its_outer_edge_and_keeps_its_note_badge() {
    // The conclusion is out; it has a note, so a numbered badge on its
    // top-right corner. At four pixels per point.
    let loaded = essay();
    let request = ExportRequest {
        scale: 4.0,
        notes: [("cornerstone".to_owned(), vec!["Check this.".to_owned()])].into(),
        ..rejecting(Format::Png)
    };
    let png = decode_png(&export_to_bytes(&loaded, &request, None).unwrap());
    let as_svg = ExportRequest {
        format: Format::Svg,
        ..request.clone()
    };
    let svg = export_to_bytes(&loaded, &as_svg, None).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    let view_box = &svg[svg.find("viewBox=\"").unwrap() + 9..];
    let origin: Vec<f32> = view_box[..view_box.find('"').unwrap()]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let at = |x: f32, y: f32| {
        pixel(
            &png,
            ((x - origin[0]) * 4.0) as u32,
            ((y - origin[1]) * 4.0) as u32,
        )
    };
    let rect = claim_rect(&parse(&svg), "cornerstone");
    let theme = Theme::light();
    let role = theme.role(
        loaded
            .index
            .role(loaded.index.claim("cornerstone").unwrap()),
    );
    // The outer half of the top border is as dimmed as its inner half
    // (the veil covers the whole border, as on screen and in the SVG).
    let dimmed = theme.veil.over(role.stroke);
    let middle = (rect.min.x + rect.max.x) / 2.0;
    for y in [rect.min.y - 0.5, rect.min.y + 0.5] {
        let got = at(middle, y);
        assert!(
            close(got, [dimmed.r, dimmed.g, dimmed.b, 255], 24),
            "border at {y}: {got:?}, want {dimmed:?}"
        );
    }
    // The note badge is drawn over the veil, in its own colour.
    let badge = &svg[svg.find("<g class=\"badge\"><circle").unwrap()..];
    let number = |name: &str| -> f32 {
        let from = badge.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        badge[from..from + badge[from..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let (cx, cy, r) = (number("cx"), number("cy"), number("r"));
    let fill = theme.badge_fill;
    // Beside the number, inside the circle and inside the claim's box.
    let got = at(cx - r * 0.6, cy + r * 0.4);
    assert!(
        close(got, [fill.r, fill.g, fill.b, 255], 24),
        "badge: {got:?}, want {fill:?}"
    );
}
