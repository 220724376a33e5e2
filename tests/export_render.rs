//! The renderers on a hand-built layout of a small map with every role:
//! what each exported file shows, independent of the automatic layout.

#![allow(clippy::unwrap_used)]

mod export_common;

use export_common::*;
use reasonmap::export::{Format, render_scene};
use reasonmap::layout::LayoutStyle;
use reasonmap::model::Role;
use reasonmap::render::{dot, svg};
use reasonmap::scene::{Scene, SceneOptions, Theme, ThemeKind, build_scene};

fn scene(kind: ThemeKind, options: &SceneOptions) -> (reasonmap::model::LoadedMap, Scene) {
    let loaded = sample_map();
    let style = LayoutStyle::default();
    let layout = hand_layout(&loaded.map, &loaded.index, &style);
    let scene = build_scene(
        &loaded.map,
        &loaded.index,
        &layout,
        &style,
        measure(),
        &Theme::new(kind),
        options,
    );
    (loaded, scene)
}

fn with_title_and_legend() -> SceneOptions {
    SceneOptions {
        title: true,
        legend: true,
        ..SceneOptions::default()
    }
}

#[test]
fn svg_shows_every_claim_in_its_box_with_accessible_labels() {
    let (loaded, scene) = scene(ThemeKind::Light, &with_title_and_legend());
    let text = svg::to_svg(&scene, Some(&loaded.map));
    let tree = parse(&text);
    for (i, claim) in loaded.map.claims.iter().enumerate() {
        let id = format!("claim-{}", claim.id);
        assert_eq!(text_of(&tree, &id), claim.text, "text of {id}");
        assert!(
            text.contains(&format!(r#"data-claim="{}""#, claim.id)),
            "data-claim of {id}"
        );
        // Box position and size are the scene's, to the rounding.
        let rect = claim_rect(&tree, &claim.id);
        let expected = scene.nodes[i].rect;
        for (got, want) in [
            (rect.min.x, expected.min.x),
            (rect.min.y, expected.min.y),
            (rect.max.x, expected.max.x),
            (rect.max.y, expected.max.y),
        ] {
            assert!((got - want).abs() <= 0.01, "{id}: {rect:?} vs {expected:?}");
        }
    }
    // Accessible names and escaping.
    assert!(text.contains("<title>Sample &lt;map&gt; &amp; friends</title>"));
    assert!(text.contains("<title>Trust grows from &quot;shared&quot; institutions</title>"));
    let everything = all_text(&tree);
    assert!(everything.contains("Sample <map> & friends"), "title drawn");
    for label in [
        "Main conclusion",
        "Reason",
        "Objection",
        "Rebuttal",
        "Undercut",
        "Unconnected",
        "Implicit premise",
    ] {
        assert!(everything.contains(label), "legend shows {label}");
    }
    // The implicit premise is dashed, the conclusion bold.
    assert!(text.contains(r#"stroke-dasharray="5 3""#));
    assert!(text.contains(r#"font-weight="bold""#));
    // Viewbox is the scene's bounds.
    let b = scene.bounds;
    assert_eq!(tree.size().width(), (b.width() * 100.0).round() / 100.0);
    assert_eq!(
        svg::to_svg(&scene, Some(&loaded.map)),
        text,
        "same scene, same bytes"
    );
}

#[test]
fn png_shows_each_role_colour_inside_its_box() {
    for kind in [ThemeKind::Light, ThemeKind::Dark] {
        let (loaded, scene) = scene(kind, &SceneOptions::default());
        let theme = Theme::new(kind);
        let scale = 1.5;
        let png = render_scene(&scene, Some(&loaded.map), Format::Png, scale).unwrap();
        let pixmap = decode_png(&png);
        let b = scene.bounds;
        assert_eq!(pixmap.width(), (b.width() * scale).ceil() as u32);
        assert_eq!(pixmap.height(), (b.height() * scale).ceil() as u32);
        let mut roles_seen = Vec::new();
        for node in &scene.nodes {
            // Left of the text, halfway down: only the fill is there.
            let x = ((node.rect.min.x + 5.0 - b.min.x) * scale) as u32;
            let y = ((node.rect.center().y - b.min.y) * scale) as u32;
            let fill = theme.role(node.role).fill;
            let got = pixel(&pixmap, x, y);
            assert!(
                close(got, [fill.r, fill.g, fill.b, 255], 2),
                "{kind:?} {:?} box at ({x}, {y}) is {got:?}, not {fill:?}",
                node.role
            );
            roles_seen.push(node.role);
        }
        roles_seen.sort();
        roles_seen.dedup();
        assert_eq!(roles_seen, Role::ALL, "the sample has every role");
        // Outside the boxes: the theme's background.
        let bg = theme.background;
        assert!(close(pixel(&pixmap, 1, 1), [bg.r, bg.g, bg.b, 255], 1));
    }
}

#[test]
fn transparent_png_leaves_the_background_clear() {
    let options = SceneOptions {
        transparent: true,
        ..SceneOptions::default()
    };
    let (loaded, scene) = scene(ThemeKind::Light, &options);
    let png = render_scene(&scene, Some(&loaded.map), Format::Png, 1.0).unwrap();
    let pixmap = decode_png(&png);
    assert_eq!(pixel(&pixmap, 1, 1)[3], 0);
    let node = &scene.nodes[0];
    let x = (node.rect.min.x + 5.0 - scene.bounds.min.x) as u32;
    let y = (node.rect.center().y - scene.bounds.min.y) as u32;
    assert_eq!(pixel(&pixmap, x, y)[3], 255, "boxes stay opaque");
}

#[test]
fn pdf_keeps_the_text_selectable_and_the_page_the_scene_size() {
    let (loaded, scene) = scene(ThemeKind::Light, &with_title_and_legend());
    let pdf = render_scene(&scene, Some(&loaded.map), Format::Pdf, 1.0).unwrap();
    let text = normalise(&pdf_text(&pdf));
    for claim in &loaded.map.claims {
        assert!(
            text.contains(&normalise(&claim.text)),
            "PDF text has {:?}:\n{text}",
            claim.text
        );
    }
    assert!(text.contains("Sample <map> & friends"));
    let raw = String::from_utf8_lossy(&pdf);
    let b = scene.bounds;
    let media_box = raw
        .split("/MediaBox [")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap();
    let numbers: Vec<f32> = media_box
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(
        (numbers[2] - b.width()).abs() < 0.01,
        "{media_box} vs {b:?}"
    );
    assert!(
        (numbers[3] - b.height()).abs() < 0.01,
        "{media_box} vs {b:?}"
    );
}

#[test]
fn callouts_number_the_claims_with_notes_and_list_the_notes() {
    let loaded = sample_map();
    let mut callouts = vec![Vec::new(); loaded.map.claims.len()];
    callouts[3] = vec!["Check the 1914 example".to_owned()];
    callouts[0] = vec!["Central claim".to_owned(), "Second <note>".to_owned()];
    let options = SceneOptions {
        callouts,
        ..SceneOptions::default()
    };
    let (_, scene) = scene(ThemeKind::Light, &options);
    let badges: Vec<(usize, String)> = scene
        .nodes
        .iter()
        .filter_map(|n| n.badge.as_ref().map(|b| (n.claim, b.label.text.clone())))
        .collect();
    // Reading order: the conclusion (top) is 1, the objection below is 2.
    assert_eq!(badges, [(0, "1".to_owned()), (3, "2".to_owned())]);
    let text = svg::to_svg(&scene, Some(&loaded.map));
    let tree = parse(&text);
    let notes = normalise(&all_text(&tree));
    assert!(
        notes.contains("1. Central claim 1. Second <note> 2. Check the 1914 example"),
        "{notes}"
    );
    // A footnote's number is drawn without a trailing space, which a
    // renderer fitting the line to its `textLength` could squeeze out.
    assert!(text.contains(">1.</text>") && text.contains(">2.</text>"));
    assert!(!text.contains(" </text>"), "no text ends in a space");
    let last = scene.footnotes.last().unwrap();
    assert!(
        last.pos.y + last.ascent < scene.bounds.max.y,
        "footnotes inside the image"
    );
}

#[test]
fn dot_is_accepted_by_graphviz_with_clusters_and_an_undercut_point() {
    let loaded = sample_map();
    let text = dot::to_dot(&loaded.map, &loaded.index, &Theme::light());
    assert!(text.contains(r#"subgraph "cluster_a1""#), "{text}");
    assert!(text.contains(r#""inference:a1" [shape=point"#), "{text}");
    assert!(text.contains(r#""claim:u" -> "inference:a1""#), "{text}");
    assert!(text.contains(r#""inference:a1" -> "claim:c""#), "{text}");
    assert!(
        text.contains(r##""claim:o" -> "claim:c" [color="#c62828", arrowhead=tee"##),
        "{text}"
    );
    assert!(text.contains(r##"fillcolor="#def2de""##), "reason colour");
    let svg = String::from_utf8(run_dot(&text, "svg")).unwrap();
    // Graphviz drew every claim's words.
    for word in ["Regional", "entangle", "elites", "institutions", "markup"] {
        assert!(svg.contains(word), "dot output has {word}");
    }
}
