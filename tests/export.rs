//! The export pipeline on the shipped essay map: every format shows every
//! claim where the layout put it, the PNG matches a golden image, and
//! failures name their cause and leave no file behind.
//!
//! Regenerate the golden image after an intended change of the drawing:
//! `UPDATE_GOLDEN=1 cargo test --test export golden`, then look at
//! `tests/golden/regional-security.png` before committing it.

#![allow(clippy::unwrap_used)]

mod export_common;

use std::path::{Path, PathBuf};

use export_common::*;
use reasonmap::export::{
    ExportError, ExportRequest, Format, SizeUnit, Stage, estimate_size, export_to_bytes,
    export_to_file, sub_map,
};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::{LoadedMap, Role, load_map_file};
use reasonmap::render::pdf::Paper;
use reasonmap::render::png::{MAX_PIXELS, MAX_SIDE};
use reasonmap::scene::{Theme, ThemeKind};
use reasonmap::text::FontMetrics;

fn essay() -> LoadedMap {
    load_map_file(&essay_path()).unwrap()
}

fn essay_path() -> PathBuf {
    root().join("maps/regional-security.ron")
}

#[test]
fn svg_shows_every_claim_in_the_box_the_layout_gave_it() {
    let loaded = essay();
    let svg = export_to_bytes(&loaded, &ExportRequest::new(Format::Svg), None).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    let tree = parse(&svg);
    // The screen draws the layout's boxes; the export must draw the same.
    let laid_out = layout(
        &loaded.map,
        &loaded.index,
        FontMetrics::bundled(),
        &LayoutStyle::default(),
    );
    assert!(loaded.map.claims.len() >= 10, "the essay map is real");
    for (i, claim) in loaded.map.claims.iter().enumerate() {
        let id = format!("claim-{}", claim.id);
        assert_eq!(
            normalise(&text_of(&tree, &id)),
            normalise(&claim.text),
            "text of {id}"
        );
        let got = claim_rect(&tree, &claim.id);
        let want = laid_out.claims[i].rect;
        for (g, w) in [
            (got.min.x, want.min.x),
            (got.min.y, want.min.y),
            (got.max.x, want.max.x),
            (got.max.y, want.max.y),
        ] {
            assert!(
                (g - w).abs() <= 0.01,
                "{id}: exported {got:?}, laid out {want:?}"
            );
        }
    }
    assert!(
        all_text(&tree).contains(&loaded.map.title),
        "title drawn by default"
    );
}

#[test]
fn png_has_the_estimated_size_and_each_role_colour_in_its_boxes() {
    let loaded = essay();
    let request = ExportRequest {
        scale: 1.5,
        ..ExportRequest::new(Format::Png)
    };
    let estimate = estimate_size(&loaded, &request).unwrap().unwrap();
    assert_eq!(estimate.unit, SizeUnit::Pixels);
    let mut stages = Vec::new();
    let png = export_to_bytes(&loaded, &request, Some(&mut |s| stages.push(s))).unwrap();
    assert_eq!(
        stages,
        [
            Stage::Selecting,
            Stage::LayingOut,
            Stage::BuildingScene,
            Stage::Rendering
        ]
    );
    let pixmap = decode_png(&png);
    assert_eq!(
        (pixmap.width() as f32, pixmap.height() as f32),
        (estimate.width, estimate.height)
    );

    // Find the boxes in the SVG of the same request, then sample the PNG
    // left of each box's text.
    let svg = export_to_bytes(&loaded, &ExportRequest::new(Format::Svg), None).unwrap();
    let tree = parse(std::str::from_utf8(&svg).unwrap());
    let view_box = svg_view_box_min(std::str::from_utf8(&svg).unwrap());
    let theme = Theme::light();
    let mut roles = Vec::new();
    for (i, claim) in loaded.map.claims.iter().enumerate() {
        let rect = claim_rect(&tree, &claim.id);
        let role = loaded.index.role(i);
        let fill = theme.role(role).fill;
        let x = ((rect.min.x + 5.0 - view_box.0) * request.scale) as u32;
        let y = ((rect.center().y - view_box.1) * request.scale) as u32;
        let got = pixel(&pixmap, x, y);
        assert!(
            close(got, [fill.r, fill.g, fill.b, 255], 2),
            "{} ({role:?}) at ({x}, {y}) is {got:?}, want {fill:?}",
            claim.id
        );
        roles.push(role);
    }
    roles.sort();
    roles.dedup();
    assert!(roles.contains(&Role::Conclusion) && roles.contains(&Role::Reason));
    assert!(roles.contains(&Role::Objection), "the essay has objections");
}

/// The `min-x min-y` of an SVG's viewBox.
fn svg_view_box_min(svg: &str) -> (f32, f32) {
    let attr = svg.split("viewBox=\"").nth(1).unwrap();
    let mut numbers = attr.split(['"', ' ']).map(|n| n.parse::<f32>().unwrap());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

#[test]
fn pdf_text_layer_holds_every_claim() {
    let loaded = essay();
    let pdf = export_to_bytes(&loaded, &ExportRequest::new(Format::Pdf), None).unwrap();
    let text = normalise(&pdf_text(&pdf));
    for claim in &loaded.map.claims {
        // Lines of a box may come out of pdftotext in any break pattern,
        // so compare with every whitespace run collapsed.
        assert!(
            text.contains(&normalise(&claim.text)),
            "PDF lacks {:?}:\n{text}",
            claim.text
        );
    }
}

#[test]
fn dot_is_accepted_by_graphviz() {
    let loaded = essay();
    let dot = export_to_bytes(&loaded, &ExportRequest::new(Format::Dot), None).unwrap();
    let dot = String::from_utf8(dot).unwrap();
    for claim in &loaded.map.claims {
        assert!(dot.contains(&format!("\"claim:{}\" [label=", claim.id)));
    }
    assert_eq!(
        estimate_size(&loaded, &ExportRequest::new(Format::Dot)).unwrap(),
        None,
        "Graphviz decides the size of a DOT drawing"
    );
    let plain = String::from_utf8(run_dot(&dot, "plain")).unwrap();
    let nodes = plain.lines().filter(|l| l.starts_with("node ")).count();
    assert!(nodes >= loaded.map.claims.len(), "{plain}");
}

#[test]
fn exports_are_deterministic() {
    let loaded = essay();
    for format in [Format::Svg, Format::Png, Format::Pdf, Format::Dot] {
        let request = ExportRequest {
            scale: 1.0,
            ..ExportRequest::new(format)
        };
        let a = export_to_bytes(&loaded, &request, None).unwrap();
        let b = export_to_bytes(&loaded, &request, None).unwrap();
        assert!(a == b, "{format} differs between runs");
    }
}

#[test]
fn golden_png_of_the_essay() {
    let loaded = essay();
    let request = ExportRequest {
        scale: 1.0,
        legend: true,
        ..ExportRequest::new(Format::Png)
    };
    let png = export_to_bytes(&loaded, &request, None).unwrap();
    let golden_path = root().join("tests/golden/regional-security.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
        std::fs::write(&golden_path, &png).unwrap();
    }
    let golden = std::fs::read(&golden_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test export golden",
            golden_path.display()
        )
    });
    let (got, want) = (decode_png(&png), decode_png(&golden));
    assert_eq!(
        (got.width(), got.height()),
        (want.width(), want.height()),
        "size changed; if intended, regenerate with UPDATE_GOLDEN=1"
    );
    // Budget: anti-aliasing may differ a little between CPUs, so allow a
    // few pixels to differ by more than a small tolerance.
    let differing = got
        .pixels()
        .iter()
        .zip(want.pixels())
        .filter(|(a, b)| {
            let (a, b) = (a.demultiply(), b.demultiply());
            [
                a.red().abs_diff(b.red()),
                a.green().abs_diff(b.green()),
                a.blue().abs_diff(b.blue()),
                a.alpha().abs_diff(b.alpha()),
            ]
            .into_iter()
            .max()
            .unwrap_or(0)
                > 24
        })
        .count();
    let budget = got.pixels().len() / 500;
    assert!(
        differing <= budget,
        "{differing} pixels differ from the golden image (budget {budget}); if intended, regenerate with UPDATE_GOLDEN=1"
    );
}

#[test]
fn root_exports_only_what_bears_on_the_claim() {
    let loaded = essay();
    // A claim that has reasons of its own but is not the conclusion.
    let conclusion = loaded.index.conclusion().unwrap();
    let root_claim = (0..loaded.map.claims.len())
        .find(|&c| c != conclusion && !loaded.index.arguments_into_claim(c).is_empty())
        .expect("the essay has a sub-argument");
    let root_id = loaded.map.claims[root_claim].id.clone();
    let sub = sub_map(&loaded.map, &loaded.index, &root_id).unwrap();
    assert!(sub.claims.len() >= 2 && sub.claims.len() < loaded.map.claims.len());
    let request = ExportRequest {
        root: Some(root_id.clone()),
        ..ExportRequest::new(Format::Svg)
    };
    let svg = String::from_utf8(export_to_bytes(&loaded, &request, None).unwrap()).unwrap();
    let tree = parse(&svg);
    for claim in &loaded.map.claims {
        let inside = sub.claims.iter().any(|c| c.id == claim.id);
        let shown = tree.node_by_id(&format!("claim-{}", claim.id)).is_some();
        assert_eq!(shown, inside, "{} shown: {shown}", claim.id);
    }
    // The root is drawn as the sub-map's conclusion.
    assert!(svg.contains(&format!(
        r#"<g class="claim conclusion" id="claim-{root_id}""#
    )));
}

#[test]
fn notes_become_numbered_callouts_and_footnotes() {
    let loaded = essay();
    let first = loaded.map.claims[0].id.clone();
    let last = loaded.map.claims.last().unwrap().id.clone();
    let mut request = ExportRequest::new(Format::Pdf);
    request
        .notes
        .insert(first, vec!["Compare with the 1990s".into()]);
    request.notes.insert(last, vec!["Source needed".into()]);
    let pdf = export_to_bytes(&loaded, &request, None).unwrap();
    let text = normalise(&pdf_text(&pdf));
    assert!(text.contains("Compare with the 1990s"), "{text}");
    assert!(text.contains("Source needed"), "{text}");
    assert!(text.contains("1. ") && text.contains("2. "), "{text}");
}

#[test]
fn themes_and_background_change_the_drawing() {
    let loaded = essay();
    let dark = ExportRequest {
        theme: ThemeKind::Dark,
        ..ExportRequest::new(Format::Svg)
    };
    let svg = String::from_utf8(export_to_bytes(&loaded, &dark, None).unwrap()).unwrap();
    let bg = Theme::dark().background.hex();
    assert!(svg.contains(r#"class="background""#) && svg.contains(&bg));
    let clear = ExportRequest {
        transparent: true,
        title: false,
        ..ExportRequest::new(Format::Svg)
    };
    let svg = String::from_utf8(export_to_bytes(&loaded, &clear, None).unwrap()).unwrap();
    assert!(!svg.contains(r#"class="background""#));
    assert!(!svg.contains(r#"class="title""#));
}

#[test]
fn a_too_large_png_is_refused_with_a_scale_that_fits_and_no_file() {
    let loaded = essay();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("huge.png");
    let request = ExportRequest {
        scale: 400.0,
        ..ExportRequest::new(Format::Png)
    };
    let err = export_to_file(&loaded, &request, &out, None).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ExportError::TooLarge(_)), "{err:?}");
    assert!(
        message.contains(&format!("limit of {MAX_SIDE} pixels per side")),
        "{message}"
    );
    let fitting = err.fitting_scale().unwrap();
    assert!(
        message.contains(&format!("--scale {fitting:.2}")),
        "{message}"
    );
    assert!(files_in(dir.path()).is_empty(), "nothing written");

    // The scale it names does fit, and `fit` picks it by itself.
    let fitted = ExportRequest {
        fit: true,
        ..request
    };
    let size = estimate_size(&loaded, &fitted).unwrap().unwrap();
    assert!(size.width <= MAX_SIDE as f32 && size.height <= MAX_SIDE as f32);
    assert!(f64::from(size.width) * f64::from(size.height) <= MAX_PIXELS as f64);
    let estimate_at_named = estimate_size(
        &loaded,
        &ExportRequest {
            scale: fitting,
            ..ExportRequest::new(Format::Png)
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(size, estimate_at_named);
}

#[test]
fn a_pdf_poster_shows_every_claim_on_paper_sized_pages_with_marks() {
    let loaded = essay();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("poster.pdf");
    let request = ExportRequest {
        tiles: Some(Paper::A4),
        ..ExportRequest::new(Format::Pdf)
    };
    let estimate = estimate_size(&loaded, &request).unwrap().unwrap();
    let (across, down) = estimate.pages.unwrap();
    assert!(across * down > 1, "the essay needs several A4 pages");
    let summary = export_to_file(&loaded, &request, &out, None).unwrap();
    assert_eq!(summary.size, Some(estimate));
    assert_eq!(summary.scale, 1.0, "full size");
    assert!(
        estimate
            .to_string()
            .ends_with(&format!("pt ({across} across × {down} down)")),
        "{estimate}"
    );

    // Every page is A4, all the same way round.
    let pages = pdf_page_sizes(&out);
    assert_eq!(pages.len() as u32, across * down);
    for &(w, h) in &pages {
        assert!(
            (w, h) == (841.89, 595.28) || (w, h) == (595.28, 841.89),
            "{w} × {h}"
        );
        assert_eq!((w, h), pages[0]);
    }
    // Every claim is on some page; a claim cut by a page edge is on two,
    // so compare words rather than whole texts.
    let text = pdf_text(&std::fs::read(&out).unwrap());
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
    for claim in &loaded.map.claims {
        for word in claim.text.split_whitespace() {
            assert!(
                words.contains(word),
                "no page shows {word:?} of {}",
                claim.id
            );
        }
    }
    // Each page says where it goes.
    let total = across * down;
    for page in 1..=total {
        assert!(
            text.contains(&format!("Page {page} of {total}")),
            "label of page {page}"
        );
    }
    assert!(text.contains(&format!("row 1 of {down}, column {across} of {across}")));

    // More pages than --max-size allows: refused, naming what it would take.
    let limited = ExportRequest {
        max_size: Some(total - 1),
        ..request
    };
    let err = export_to_file(&loaded, &limited, &dir.path().join("no.pdf"), None).unwrap_err();
    assert!(matches!(err, ExportError::TooManyPages(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "the poster would take {total} pages of A4 ({across} across × {down} down) at full size, more than the limit of {} pages; it would take --max-size {total}, or leave out --tiles for one page scaled to fit",
            total - 1
        )
    );
    assert_eq!(files_in(dir.path()), ["poster.pdf"]);
}

#[test]
fn a_png_larger_than_max_size_names_the_size_that_would_allow_it() {
    let loaded = essay();
    let request = ExportRequest {
        scale: 1.0,
        max_size: Some(2_000),
        ..ExportRequest::new(Format::Png)
    };
    let err = estimate_size(&loaded, &request).unwrap_err();
    let message = err.to_string();
    let full = estimate_size(
        &loaded,
        &ExportRequest {
            max_size: None,
            ..request.clone()
        },
    )
    .unwrap()
    .unwrap();
    let (w, h) = (full.width as u64, full.height as u64);
    assert!(
        message.starts_with(&format!(
            "the image would be {w} × {h} pixels, more than the limit of 2000 pixels per side and 1 megapixels in all"
        )),
        "{message}"
    );
    // The size named: the longest side, or more when the area limit (half
    // a square of it) is what the image exceeds.
    let named: u32 = message
        .split("--max-size ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no --max-size in {message}"));
    let need = (w.max(h) as f64).max((2.0 * (w * h) as f64).sqrt().ceil()) as u32;
    assert!(named >= w.max(h) as u32 && named <= need + 1, "{message}");
    // That limit does allow it, and --fit shrinks it to the smaller one.
    let allowed = ExportRequest {
        max_size: Some(named),
        ..request.clone()
    };
    assert_eq!(estimate_size(&loaded, &allowed).unwrap(), Some(full));
    let fitted = ExportRequest {
        fit: true,
        ..request.clone()
    };
    let size = estimate_size(&loaded, &fitted).unwrap().unwrap();
    assert!(size.width <= 2_000.0 && size.width * size.height <= 2_000.0 * 2_000.0 / 2.0);
    let png = export_to_bytes(&loaded, &fitted, None).unwrap();
    let pixmap = decode_png(&png);
    assert_eq!(
        (pixmap.width() as f32, pixmap.height() as f32),
        (size.width, size.height)
    );

    for bad in [0, 1_000_001] {
        let err = estimate_size(
            &loaded,
            &ExportRequest {
                max_size: Some(bad),
                ..request.clone()
            },
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "--max-size for a PNG is its longest side in pixels, from 1 to 1000000"
            ),
            "{err}"
        );
    }
}

#[test]
fn a_failed_export_leaves_an_existing_file_untouched() {
    let loaded = essay();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    std::fs::write(&out, "previous export").unwrap();
    let request = ExportRequest {
        root: Some("no-such-claim".into()),
        ..ExportRequest::new(Format::Svg)
    };
    let err = export_to_file(&loaded, &request, &out, None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no claim with id \"no-such-claim\" in the map"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous export");
    assert_eq!(files_in(dir.path()), ["map.svg"], "no temporary file left");

    // A successful export replaces it and reports what it wrote.
    let summary = export_to_file(&loaded, &ExportRequest::new(Format::Svg), &out, None).unwrap();
    let written = std::fs::read(&out).unwrap();
    assert_eq!(summary.bytes, written.len() as u64);
    assert_eq!(summary.claims, loaded.map.claims.len());
    assert!(written.starts_with(b"<?xml"));
    assert_eq!(files_in(dir.path()), ["map.svg"]);
}

#[test]
fn an_unwritable_path_is_named_in_the_error() {
    let loaded = essay();
    let dir = tempfile::tempdir().unwrap();
    for out in [
        dir.path().join("missing-dir/map.pdf"),
        dir.path().to_path_buf(),
    ] {
        let err =
            export_to_file(&loaded, &ExportRequest::new(Format::Pdf), &out, None).unwrap_err();
        assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write {}: ", out.display())),
            "{err}"
        );
    }
    assert!(files_in(dir.path()).is_empty());
    assert!(!Path::new(&dir.path().join("missing-dir")).exists());
}

#[test]
fn a_map_with_no_claims_exports_to_every_format() {
    // The first input the render fuzz target stopped on
    // (fuzz/regressions/render/empty-map): its layout's bounds are the empty
    // rectangle, and every export must still be a small, valid file.
    let map = reasonmap::model::Map {
        title: "Nothing yet".into(),
        source: None,
        conclusions: vec!["c".into()],
        claims: Vec::new(),
        arguments: Vec::new(),
    };
    // Built directly: an empty map is not valid (its conclusion is unknown),
    // and the viewer would not open it, but exports draw any map.
    let index = reasonmap::model::MapIndex::new(&map);
    let loaded = LoadedMap {
        summary: reasonmap::model::Summary::new(&map, &index, 0),
        map,
        index,
        path: PathBuf::from("empty.ron"),
        warnings: Vec::new(),
        source: reasonmap::model::SourceText::None,
    };
    for format in Format::ALL {
        let bytes = export_to_bytes(&loaded, &ExportRequest::new(format), None).unwrap();
        match format {
            Format::Svg => {
                let tree = parse(std::str::from_utf8(&bytes).unwrap());
                assert!(tree.size().width() > 0.0 && tree.size().width() < 1000.0);
            }
            Format::Png => assert!(bytes.starts_with(b"\x89PNG")),
            Format::Pdf => assert!(bytes.starts_with(b"%PDF-")),
            Format::Dot => assert!(String::from_utf8(bytes).unwrap().contains("digraph")),
            Format::Html => assert!(bytes.starts_with(b"<!DOCTYPE html>")),
        }
    }
}

/// A map's layout bounds and its scene with title and legend, laid out
/// as the screen lays it out.
fn scene_with_legend(loaded: &LoadedMap) -> (reasonmap::geom::Rect, reasonmap::scene::Scene) {
    let style = LayoutStyle::default();
    let laid = layout(&loaded.map, &loaded.index, FontMetrics::bundled(), &style);
    let scene = reasonmap::scene::build_scene(
        &loaded.map,
        &loaded.index,
        &laid,
        &style,
        FontMetrics::bundled(),
        &Theme::new(ThemeKind::Light),
        &reasonmap::scene::SceneOptions {
            title: true,
            legend: true,
            ..Default::default()
        },
    );
    (laid.bounds, scene)
}

#[test]
fn the_legend_sits_in_a_free_corner_of_the_map_or_else_below_it() {
    // The essay's layout leaves its bottom-right corner empty: the legend
    // goes there, inside the map's bounds, clear of every box, frame,
    // arrow and label, and the scene is no taller than the map and title.
    let loaded = essay();
    let (map, scene) = scene_with_legend(&loaded);
    let legend = scene.legend.as_ref().unwrap().rect;
    assert!(
        (legend.max.x - map.max.x).abs() < 0.01,
        "{legend:?} in {map:?}"
    );
    assert!(
        (legend.max.y - map.max.y).abs() < 0.01,
        "{legend:?} in {map:?}"
    );
    let clear = legend.expand(23.9);
    let mut shapes: Vec<reasonmap::geom::Rect> = scene.nodes.iter().map(|n| n.rect).collect();
    shapes.extend(scene.frames.iter().map(|f| f.rect));
    for e in &scene.edges {
        shapes.extend(e.lead.iter().chain([&e.curve]).map(|c| c.bounds()));
    }
    for r in &shapes {
        assert!(!r.intersects(&clear), "{r:?} near the legend {legend:?}");
    }
    assert!(
        (scene.bounds.max.y - reasonmap::scene::MARGIN - map.max.y).abs() < 0.01,
        "{:?} below the map {map:?}",
        scene.bounds
    );

    // A map of two claims has no corner the legend fits in: it goes below.
    let claims = ["one", "two"].map(|id| reasonmap::model::Claim {
        id: id.into(),
        text: format!("Claim {id}"),
        quote: None,
        implicit: false,
    });
    let two = load(
        &reasonmap::model::Map {
            title: "Two".into(),
            source: None,
            conclusions: Vec::new(),
            claims: claims.to_vec(),
            arguments: Vec::new(),
        },
        "two",
    );
    let (map, scene) = scene_with_legend(&two);
    let legend = scene.legend.as_ref().unwrap().rect;
    assert!(legend.min.y > map.max.y, "{legend:?} below {map:?}");
    assert_eq!(legend.min.x, map.min.x);
}
