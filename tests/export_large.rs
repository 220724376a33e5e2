//! A generated 10,000-claim map exports to SVG, PDF (one page within the
//! page limit) and DOT, and to PNG either at a size within the limits or
//! with the too-large error that names a scale that fits.

#![allow(clippy::unwrap_used)]

mod export_common;

use export_common::*;
use reasonmap::export::{
    ExportError, ExportRequest, Format, SizeUnit, estimate_size, export_to_file,
};
use reasonmap::generate::generate_map;
use reasonmap::model::LoadedMap;
use reasonmap::render::pdf::MAX_PAGE_SIDE;
use reasonmap::render::png::{MAX_PIXELS, MAX_SIDE, scale_text};

fn big() -> LoadedMap {
    load(&generate_map(10_000, 7), "big.ron")
}

#[test]
fn ten_thousand_claims_export_to_every_format() {
    let loaded = big();
    assert_eq!(loaded.map.claims.len(), 10_000);
    let dir = tempfile::tempdir().unwrap();

    let svg_path = dir.path().join("big.svg");
    let summary =
        export_to_file(&loaded, &ExportRequest::new(Format::Svg), &svg_path, None).unwrap();
    assert_eq!(summary.claims, 10_000);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let tree = parse(&svg);
    for claim in [&loaded.map.claims[0], &loaded.map.claims[9_999]] {
        assert_eq!(
            normalise(&text_of(&tree, &format!("claim-{}", claim.id))),
            normalise(&claim.text)
        );
    }
    assert_eq!(svg.matches("<g class=\"claim ").count(), 10_000);

    // The map is far wider than the 14,400 pt a PDF page may have: one
    // page, scaled down to that, with all of the text.
    let pdf_path = dir.path().join("big.pdf");
    let summary =
        export_to_file(&loaded, &ExportRequest::new(Format::Pdf), &pdf_path, None).unwrap();
    let pages = pdf_page_sizes(&pdf_path);
    assert_eq!(pages.len(), 1);
    let (w, h) = pages[0];
    assert!(w.max(h) <= MAX_PAGE_SIDE, "{w} × {h} pt");
    assert!(summary.scale < 1.0, "scaled down: {}", summary.scale);
    let text = normalise(&pdf_file_text(&pdf_path));
    assert_eq!(
        claims_in_order(&text, &loaded.map),
        10_000,
        "every claim is in the text layer"
    );

    let dot_path = dir.path().join("big.dot");
    export_to_file(&loaded, &ExportRequest::new(Format::Dot), &dot_path, None).unwrap();
    let dot = std::fs::read_to_string(&dot_path).unwrap();
    let claim_nodes = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("\"claim:") && l.contains("\" [label="))
        .count();
    assert_eq!(claim_nodes, 10_000);

    // PNG at the default scale: either it fits, or the error says which
    // scale does and nothing is written.
    let png_path = dir.path().join("big.png");
    let request = ExportRequest::new(Format::Png);
    let estimate = estimate_size(&loaded, &request);
    let scale = match export_to_file(&loaded, &request, &png_path, None) {
        Ok(summary) => {
            let pixmap = decode_png(&std::fs::read(&png_path).unwrap());
            assert_eq!((pixmap.width() as f32, pixmap.height() as f32), {
                let size = summary.size.unwrap();
                (size.width, size.height)
            });
            return;
        }
        Err(err @ ExportError::TooLarge(_)) => {
            assert!(
                matches!(estimate, Err(ExportError::TooLarge(_))),
                "estimate agrees"
            );
            assert!(!png_path.exists(), "no partial file");
            let message = err.to_string();
            assert!(
                message.contains(&format!("limit of {MAX_SIDE} pixels per side")),
                "{message}"
            );
            match err.fitting_scale() {
                Some(scale) => {
                    assert!(
                        message.contains(&format!("--scale {}", scale_text(scale))),
                        "{message}"
                    );
                    scale
                }
                None => {
                    assert!(message.contains("export SVG or PDF instead"), "{message}");
                    return;
                }
            }
        }
        Err(err) => panic!("unexpected error: {err}"),
    };
    // The named scale fits; draw at a tenth of it to keep the test's memory
    // small, and check the size.
    let small = ExportRequest {
        scale: scale / 10.0,
        ..ExportRequest::new(Format::Png)
    };
    let fitting = estimate_size(
        &loaded,
        &ExportRequest {
            scale,
            ..ExportRequest::new(Format::Png)
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(fitting.unit, SizeUnit::Pixels);
    assert!(fitting.width <= MAX_SIDE as f32 && fitting.height <= MAX_SIDE as f32);
    assert!(f64::from(fitting.width) * f64::from(fitting.height) <= MAX_PIXELS as f64);
    let summary = export_to_file(&loaded, &small, &png_path, None).unwrap();
    let pixmap = decode_png(&std::fs::read(&png_path).unwrap());
    assert_eq!((pixmap.width() as f32, pixmap.height() as f32), {
        let size = summary.size.unwrap();
        (size.width, size.height)
    });
}
