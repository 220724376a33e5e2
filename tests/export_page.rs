//! `reasonmap export --page`: one sheet of paper with the map scaled to fit
//! and centred, in PDF (the page is the sheet), SVG (width and height in
//! millimetres) and PNG (the sheet at --dpi), the warning for text printed
//! too small, the layout the page chooses to print the essay's text as
//! large as a clean layout allows, and the command line refusing values
//! it cannot use.

#![allow(clippy::unwrap_used)]

mod export_common;

use std::path::Path;
use std::process::{Command, Output};

use export_common::*;
use reasonmap::export::page_layout_style;
use reasonmap::layout::quality::layout_quality;
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::MapIndex;
use reasonmap::render::page::{Orientation, PAGE_MARGIN, PageSpec, READABLE_TEXT_PT};
use reasonmap::render::pdf::Paper;
use reasonmap::text::FontMetrics;

fn export(map: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .arg("export")
        .arg(map)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn essay() -> std::path::PathBuf {
    root().join("maps/regional-security.ron")
}

fn tutorial() -> std::path::PathBuf {
    root().join("maps/tutorial.ron")
}

/// The bounding box, in pixels, of what differs from the page's corner
/// colour: where the map was drawn.
fn drawn_box(pixmap: &resvg::tiny_skia::Pixmap) -> (u32, u32, u32, u32) {
    let paper = pixel(pixmap, 0, 0);
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..pixmap.height() {
        for x in 0..pixmap.width() {
            if !close(pixel(pixmap, x, y), paper, 8) {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
        }
    }
    assert!(x0 <= x1, "nothing was drawn on the page");
    (x0, y0, x1, y1)
}

/// Asserts that the map drawn on a `dpi` image of a page lies within the
/// page's margin, centred.
fn assert_within_margin(pixmap: &resvg::tiny_skia::Pixmap, dpi: f32, what: &str) {
    let margin = PAGE_MARGIN * dpi / 72.0;
    let (x0, y0, x1, y1) = drawn_box(pixmap);
    let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
    let gaps = [
        x0 as f32,
        y0 as f32,
        w - 1.0 - x1 as f32,
        h - 1.0 - y1 as f32,
    ];
    for gap in gaps {
        assert!(
            gap >= margin - 2.0,
            "{what}: drawn {x0},{y0}–{x1},{y1} on {w}×{h}, margin {margin}"
        );
    }
    // Centred: left and right gaps agree, and so do top and bottom (to
    // the few points of padding the scene keeps around its boxes).
    let slack = 8.0 * dpi / 72.0;
    assert!((gaps[0] - gaps[2]).abs() <= slack, "{what}: {gaps:?}");
    assert!((gaps[1] - gaps[3]).abs() <= slack, "{what}: {gaps:?}");
}

#[test]
fn a_pdf_page_is_the_sheet_asked_for_with_the_map_within_its_margin() {
    let dir = tempfile::tempdir().unwrap();
    for (paper, orientation, size) in [
        ("a4", "portrait", (595.28, 841.89)),
        ("a4", "landscape", (841.89, 595.28)),
        ("letter", "portrait", (612.0, 792.0)),
        ("letter", "landscape", (792.0, 612.0)),
        ("a3", "landscape", (1190.55, 841.89)),
    ] {
        let out = dir.path().join(format!("{paper}-{orientation}.pdf"));
        let output = export(
            &essay(),
            &out,
            &["--page", paper, "--orientation", orientation],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(pdf_page_sizes(&out), [size], "{paper} {orientation}");
        assert!(
            stdout(&output).contains(&format!(
                "{} {orientation}, map at ",
                if paper == "letter" {
                    "Letter".to_owned()
                } else {
                    paper.to_uppercase()
                }
            )),
            "{}",
            stdout(&output)
        );
        // Rasterise the page at 72 dpi and find the map on it.
        let prefix = dir.path().join(format!("{paper}-{orientation}"));
        let mut command = Command::new("pdftoppm");
        command
            .args(["-r", "72", "-png", "-singlefile"])
            .arg(&out)
            .arg(&prefix);
        run_tool(command, "pdftoppm (poppler-utils)");
        let png = std::fs::read(prefix.with_extension("png")).unwrap();
        let page = decode_png(&png);
        assert_eq!(
            (page.width(), page.height()),
            (size.0.ceil() as u32, size.1.ceil() as u32)
        );
        assert_within_margin(&page, 72.0, &format!("{paper} {orientation}"));
    }
}

#[test]
fn auto_orientation_follows_the_map_and_the_text_stays_selectable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("essay.pdf");
    let output = export(&essay(), &out, &["--page", "a4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Laid out for a tall sheet in a print style, the essay map prints
    // larger on A4 portrait than on landscape.
    assert_eq!(pdf_page_sizes(&out), [(595.28, 841.89)]);
    let text = normalise(&pdf_file_text(&out));
    assert!(
        text.contains(&normalise("Fostering regional security")),
        "{text}"
    );
}

/// The pixels per metre a PNG's `pHYs` chunk records, if it has one.
fn resolution(png: &[u8]) -> Option<(u32, u32)> {
    let at = png.windows(4).position(|w| w == b"pHYs")? + 4;
    let number = |from: usize| u32::from_be_bytes(png[from..from + 4].try_into().unwrap());
    // Unit 1: the metre.
    (png[at + 8] == 1).then(|| (number(at), number(at + 4)))
}

#[test]
fn a_page_png_has_the_pixels_of_its_dpi() {
    let dir = tempfile::tempdir().unwrap();
    for (paper, orientation, dpi, pixels) in [
        ("a4", "portrait", "150", (1240, 1754)),
        ("a4", "landscape", "72", (842, 595)),
        ("letter", "portrait", "100", (850, 1100)),
        ("a3", "portrait", "300", (3508, 4961)),
    ] {
        let out = dir.path().join(format!("{paper}-{dpi}.png"));
        let output = export(
            &tutorial(),
            &out,
            &["--page", paper, "--orientation", orientation, "--dpi", dpi],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let bytes = std::fs::read(&out).unwrap();
        let image = decode_png(&bytes);
        assert_eq!((image.width(), image.height()), pixels, "{paper} at {dpi}");
        // The file records its resolution, so it prints at the sheet's size.
        let dots_per_metre = (dpi.parse::<f64>().unwrap() / 0.0254).round() as u32;
        assert_eq!(resolution(&bytes), Some((dots_per_metre, dots_per_metre)));
        assert!(
            stdout(&output).contains(&format!("{} × {} px", pixels.0, pixels.1)),
            "{}",
            stdout(&output)
        );
        if dpi == "72" {
            assert_within_margin(&image, 72.0, "tutorial PNG");
        }
    }
    // The default resolution is 150 dpi.
    let out = dir.path().join("default.png");
    let output = export(&essay(), &out, &["--page", "letter"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&out).unwrap();
    let image = decode_png(&bytes);
    assert_eq!((image.width(), image.height()), (1275, 1650));
    assert_eq!(resolution(&bytes), Some((5906, 5906)));
    // A PNG at the map's own size records no resolution.
    let out = dir.path().join("own-size.png");
    let output = export(&tutorial(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(resolution(&std::fs::read(&out).unwrap()), None);
}

#[test]
fn a_page_svg_declares_the_sheet_in_millimetres() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("essay.svg");
    let output = export(
        &essay(),
        &out,
        &["--page", "a4", "--orientation", "portrait"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    let head = svg.lines().nth(1).unwrap();
    assert!(head.contains(r#"width="210mm" height="297mm""#), "{head}");
    // The view box has the sheet's shape, so nothing is stretched.
    let view_box: Vec<f32> = head
        .split("viewBox=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let aspect = view_box[2] / view_box[3];
    assert!((aspect - 210.0 / 297.0).abs() < 0.001, "{view_box:?}");
    // Every claim's box lies within the margin of the sheet.
    let tree = parse(&svg);
    let scale = 595.28 / view_box[2];
    let margin = PAGE_MARGIN / scale;
    let loaded = reasonmap::interchange::load_map_file(&essay()).unwrap();
    for claim in &loaded.map.claims {
        let claim = claim.id.as_str();
        let rect = claim_rect(&tree, claim);
        assert!(rect.min.x >= view_box[0] + margin - 0.5, "{claim} {rect:?}");
        assert!(rect.min.y >= view_box[1] + margin - 0.5, "{claim} {rect:?}");
        assert!(
            rect.max.x <= view_box[0] + view_box[2] - margin + 0.5,
            "{claim} {rect:?}"
        );
        assert!(
            rect.max.y <= view_box[1] + view_box[3] - margin + 0.5,
            "{claim} {rect:?}"
        );
    }
}

#[test]
fn a_large_map_on_a4_warns_that_its_text_is_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("big.ron");
    let output = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["generate", "--claims", "1000", "-o"])
        .arg(&map)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("big.pdf");
    let output = export(&map, &out, &["--page", "a4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warning = stderr(&output);
    assert!(warning.starts_with("warning: on A4 "), "{warning}");
    assert!(warning.contains("the map is scaled to "), "{warning}");
    assert!(
        warning.contains("too small to read (below 6 pt)"),
        "{warning}"
    );
    // On A3 it would still be far too small: only a poster is suggested.
    assert!(!warning.contains("--page a3"), "{warning}");
    assert!(warning.contains("--tiles a4"), "{warning}");
    // The tutorial map prints at a readable size: no warning.
    let out = dir.path().join("tutorial.pdf");
    let output = export(&tutorial(), &out, &["--page", "a4"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}

#[test]
fn values_the_page_cannot_use_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.pdf");
    for (args, says) in [
        (
            &["--page", "a5"][..],
            "invalid value 'a5' for '--page <PAPER>'",
        ),
        (
            &["--page", "a4", "--orientation", "sideways"][..],
            "invalid value 'sideways'",
        ),
        (
            &["--page", "a4", "--dpi", "2000"][..],
            "2000 is not in 36..=600",
        ),
        (&["--page", "a4", "--dpi", "ten"][..], "invalid value 'ten'"),
        (&["--orientation", "portrait"][..], "--page <PAPER>"),
        (&["--dpi", "300"][..], "--page <PAPER>"),
        (
            &["--page", "a4", "--tiles", "a4"][..],
            "cannot be used with",
        ),
        (&["--page", "a4", "--scale", "3"][..], "cannot be used with"),
    ] {
        let output = export(&essay(), &out, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{args:?}");
    }
    let dot = dir.path().join("map.dot");
    let output = export(&essay(), &dot, &["--page", "a4"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a page-sized export (--page) is a PNG, SVG or PDF, not DOT"),
        "{}",
        stderr(&output)
    );
    assert!(!dot.exists());
}

#[test]
fn the_map_is_laid_out_for_the_shape_of_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut shapes = Vec::new();
    for orientation in ["portrait", "landscape"] {
        let out = dir.path().join(format!("{orientation}.png"));
        let output = export(
            &essay(),
            &out,
            &["--page", "a4", "--orientation", orientation, "--dpi", "72"],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let (x0, y0, x1, y1) = drawn_box(&decode_png(&std::fs::read(&out).unwrap()));
        shapes.push((x1 - x0) as f32 / (y1 - y0) as f32);
    }
    // Laid out for a tall sheet, the map is narrower for its height.
    assert!(shapes[0] < shapes[1], "width over height: {shapes:?}");
}

#[test]
fn the_essay_on_one_a4_or_letter_page_either_way_up_prints_readably_and_clean() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = reasonmap::interchange::load_map_file(&essay()).unwrap();
    let index = MapIndex::new(&loaded.map);
    let font = LayoutStyle::default().font_size;
    // In the screen's style the essay printed at 4.4 pt on A4 and 4.0 pt
    // on Letter; the print styles brought it to 5.6 and 5.3 pt, choosing
    // among orders by Fit on the sheet's shape (not the window's) to 5.8
    // and 5.6 pt, and leaving out the scene's margin inside the sheet's to
    // 5.97 and 5.82 pt; a 10 mm margin instead of half an inch and print
    // styles with 10 pt between boxes (not 12) brought both to 6 pt,
    // upright. Turned, both printed at 5.6 pt until the print styles
    // narrowed the channels between layers and chose among orders
    // readable first.
    for (paper, name) in [(Paper::A4, "a4"), (Paper::Letter, "letter")] {
        for (orientation, turned) in [
            (Orientation::Auto, None),
            (Orientation::Landscape, Some("landscape")),
        ] {
            let spec = PageSpec {
                orientation,
                ..PageSpec::new(paper)
            };
            // The layout the page chose keeps the screen's fonts, and no
            // arrow passes through a box or frame, no box or label overlaps
            // another.
            let style = page_layout_style(&loaded.map, &index, spec);
            assert_eq!((style.font_size, style.conclusion_font_size), (14.0, 16.0));
            let laid_out = layout(&loaded.map, &index, FontMetrics::bundled(), &style);
            let quality = layout_quality(&laid_out);
            assert_eq!(quality.through_boxes, 0, "{spec:?}");
            assert_eq!(quality.through_frames, 0, "{spec:?}");
            assert_eq!(quality.box_overlaps, 0, "{spec:?}");
            assert_eq!(quality.label_overlaps, 0, "{spec:?}");
            // That layout on the sheet, with the title above it, prints its
            // text at 6 pt or more.
            let scene = reasonmap::scene::build_scene(
                &loaded.map,
                &index,
                &laid_out,
                &style,
                FontMetrics::bundled(),
                &reasonmap::scene::Theme::light(),
                &reasonmap::scene::SceneOptions {
                    title: true,
                    ..Default::default()
                },
            );
            let map = scene.bounds.expand(-reasonmap::scene::MARGIN);
            let fit = spec.fit(map.width(), map.height());
            let printed = fit.printed_size(font);
            assert!(
                printed >= READABLE_TEXT_PT,
                "{fit}: text prints at {printed} pt"
            );
            // The command line prints the same page, without a warning.
            let out = dir.path().join(format!("{name}-{orientation:?}.pdf"));
            let mut args = vec!["--page", name];
            if let Some(turned) = turned {
                args.extend(["--orientation", turned]);
            }
            let output = export(&essay(), &out, &args);
            assert!(output.status.success(), "{}", stderr(&output));
            assert!(
                stdout(&output).contains(&fit.to_string()),
                "{fit}: {}",
                stdout(&output)
            );
            let warning = stderr(&output);
            assert!(!warning.contains("warning"), "{warning}");
        }
    }
}

#[test]
fn a_map_readable_in_the_screen_style_keeps_it_on_the_page() {
    // The tutorial map prints at 9 pt on A4 in the screen's style.
    let loaded = reasonmap::interchange::load_map_file(&tutorial()).unwrap();
    let index = MapIndex::new(&loaded.map);
    for orientation in [Orientation::Landscape, Orientation::Portrait] {
        let spec = PageSpec {
            orientation,
            ..PageSpec::new(Paper::A4)
        };
        assert_eq!(
            page_layout_style(&loaded.map, &index, spec),
            LayoutStyle {
                target_aspect: spec.room_aspect(),
                ..LayoutStyle::default()
            },
            "{orientation:?}"
        );
    }
}
