//! Helpers shared by the export tests: a small map with every role, a
//! hand-built layout of it, and readers for the exported files (SVG through
//! usvg, PNG through tiny-skia, PDF through poppler's `pdftotext`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use reasonmap::geom::{Cubic, Point, Rect};
use reasonmap::layout::{ClaimBox, Edge, GroupFrame, Layout, LayoutStyle};
use reasonmap::model::{
    Argument, ArgumentKind, Claim, LoadedMap, Map, MapIndex, Target, load_map_str,
};
use reasonmap::text::{
    FONT_BOLD, FONT_FAMILY, FONT_REGULAR, FontMetrics, TextMeasure, Weight, wrap,
};
use resvg::tiny_skia::Pixmap;
use resvg::usvg;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn claim(id: &str, text: &str, implicit: bool) -> Claim {
    Claim {
        implicit,
        ..Claim::new(id, text)
    }
}

fn argument(id: &str, premises: &[&str], target: &str, kind: ArgumentKind) -> Argument {
    Argument::new(id, premises.iter().copied(), target, kind)
}

/// A map with one claim of every role, an implicit co-premise, an undercut,
/// a second conclusion with a rephrase of it, and text that needs escaping.
pub fn sample_map() -> LoadedMap {
    let map = Map {
        title: "Sample <map> & friends".into(),
        source: None,
        conclusions: vec!["c".into(), "k".into()],
        claims: vec![
            claim(
                "c",
                "Regional security diminishes the likelihood of conflicts",
                false,
            ),
            claim("r", "States that trust each other rarely fight", false),
            claim("i", "Trust grows from \"shared\" institutions", true),
            claim("o", "Alliances can drag members into wars", false),
            claim("b", "Defensive pacts deter more than they entangle", false),
            claim("u", "The trust cited is between elites only", false),
            claim("z", "An unconnected aside <with> markup & such", false),
            claim("k", "Neighbours should share early warnings", false),
            claim("e", "Early warnings are worth sharing", false),
        ],
        arguments: vec![
            argument("a1", &["r", "i"], "c", ArgumentKind::Support),
            argument("a2", &["o"], "c", ArgumentKind::Attack),
            argument("a3", &["b"], "o", ArgumentKind::Attack),
            argument("a4", &["u"], "a1", ArgumentKind::Attack),
            argument("a5", &["e"], "k", ArgumentKind::Rephrase),
        ],
    };
    load(&map, "sample.ron")
}

/// `map` written as RON and loaded back through the validating loader,
/// as a map file would be.
pub fn load(map: &Map, name: &str) -> LoadedMap {
    let text = ron::ser::to_string(map).unwrap();
    let no_source = |_: &str| Err(std::io::Error::from(std::io::ErrorKind::NotFound));
    match load_map_str(&text, Path::new(name), &no_source) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{name} loads: {err}"),
    }
}

/// A simple layered layout of `map`, built by hand so the renderers can
/// be tested apart from the real layout: each claim one layer below what
/// it bears on, boxes side by side in file order.
pub fn hand_layout(map: &Map, index: &MapIndex, style: &LayoutStyle) -> Layout {
    let measure = FontMetrics::bundled();
    let mut layer = vec![0usize; map.claims.len()];
    // Relax a few times: a premise sits one layer below its target claim.
    for _ in 0..map.claims.len() {
        for a in 0..map.arguments.len() {
            if let Some(target) = index.target_claim(a) {
                for &p in index.premises(a) {
                    layer[p] = layer[p].max(layer[target] + 1);
                }
            }
        }
    }
    let mut x_in_layer = vec![0.0f32; map.claims.len() + 1];
    let claims: Vec<ClaimBox> = map
        .claims
        .iter()
        .enumerate()
        .map(|(i, claim)| {
            let conclusion = index.conclusion() == Some(i);
            let (size, weight) = if conclusion {
                (style.conclusion_font_size, Weight::Bold)
            } else {
                (style.font_size, Weight::Regular)
            };
            let lines = wrap(measure, &claim.text, weight, size, style.max_text_width);
            let text_width = lines
                .iter()
                .map(|l| measure.width(l, weight, size))
                .fold(0.0, f32::max);
            let line_height = measure.line_height(size);
            let width = (text_width + 2.0 * style.padding_x).max(style.min_box_width);
            let height = lines.line_count() as f32 * line_height + 2.0 * style.padding_y;
            let x = x_in_layer[layer[i]];
            x_in_layer[layer[i]] += width + style.h_gap;
            let y = layer[i] as f32 * (110.0 + style.v_gap);
            let rect = Rect::from_min_size(Point::new(x, y), width, height);
            ClaimBox {
                rect,
                lines,
                text_origin: Point::new(x + style.padding_x, y + style.padding_y),
                line_height,
                font_size: size,
                weight,
                layer: layer[i],
            }
        })
        .collect();
    let mut groups = Vec::new();
    let mut edges = Vec::new();
    for a in 0..map.arguments.len() {
        let premises = index.premises(a);
        let from_rect = premises
            .iter()
            .map(|&p| claims[p].rect)
            .fold(Rect::NOTHING, Rect::union);
        let from_rect = if premises.len() > 1 {
            let frame = from_rect.expand(style.group_padding);
            groups.push(GroupFrame {
                argument: a,
                rect: frame,
            });
            frame
        } else {
            from_rect
        };
        let to = match index.target(a) {
            Some(Target::Claim(c)) => claims[c].rect.center_bottom(),
            Some(Target::Argument(_)) | None => continue,
        };
        let from = from_rect.center_top();
        edges.push(Edge {
            argument: a,
            premise: None,
            lead: Vec::new(),
            curve: Cubic {
                from,
                ctrl1: Point::new(from.x, from.y - 30.0),
                ctrl2: Point::new(to.x, to.y + 30.0),
                to,
            },
            label: None,
        });
    }
    let bounds = claims
        .iter()
        .map(|c| c.rect)
        .chain(groups.iter().map(|g| g.rect))
        .fold(Rect::NOTHING, Rect::union);
    Layout {
        claims,
        groups,
        edges,
        bounds,
    }
}

/// Parses SVG text with usvg, resolving every font to the bundled faces
/// (as a browser with only the bundled font would).
pub fn parse(svg: &str) -> usvg::Tree {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(FONT_REGULAR.to_vec());
    fonts.load_font_data(FONT_BOLD.to_vec());
    fonts.set_sans_serif_family(FONT_FAMILY);
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: std::sync::Arc::new(fonts),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).expect("the exported SVG parses")
}

fn collect_text(group: &usvg::Group, out: &mut Vec<String>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => collect_text(g, out),
            usvg::Node::Text(t) => out.extend(t.chunks().iter().map(|c| c.text().to_owned())),
            _ => {}
        }
    }
}

/// The text drawn inside the group with this `id`, lines joined by spaces.
pub fn text_of(tree: &usvg::Tree, id: &str) -> String {
    let Some(usvg::Node::Group(group)) = tree.node_by_id(id) else {
        panic!("no group with id {id}");
    };
    let mut lines = Vec::new();
    collect_text(group, &mut lines);
    lines.join(" ")
}

/// Every piece of text in the drawing, lines joined by spaces.
pub fn all_text(tree: &usvg::Tree) -> String {
    let mut lines = Vec::new();
    collect_text(tree.root(), &mut lines);
    lines.join(" ")
}

/// The box of the claim with this id, read back from the SVG: the bounds
/// of the first path of its group, in scene coordinates.
pub fn claim_rect(tree: &usvg::Tree, id: &str) -> Rect {
    let Some(usvg::Node::Group(group)) = tree.node_by_id(&format!("claim-{id}")) else {
        panic!("no group for claim {id}");
    };
    let path = group
        .children()
        .iter()
        .find_map(|n| match n {
            usvg::Node::Path(p) => Some(p),
            _ => None,
        })
        .expect("the claim group has a box");
    let b = path.data().bounds();
    Rect {
        min: Point::new(b.left(), b.top()),
        max: Point::new(b.right(), b.bottom()),
    }
}

/// Whitespace collapsed to single spaces.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text layer of a PDF, through poppler's `pdftotext`, in content
/// order (`-raw`: much faster on huge pages than its column analysis).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    pdf_file_text(&path)
}

/// The text layer of the PDF file at `path`, as [`pdf_text`] reads it.
///
/// Read at 1,000 times the usual resolution: poppler keeps only the first
/// 50,000 characters smaller than 3 pixels on a page, and a large map
/// scaled down to the page limit has text far smaller than that.
pub fn pdf_file_text(path: &Path) -> String {
    let mut command = Command::new("pdftotext");
    command.args(["-raw", "-r", "72000"]).arg(path).arg("-");
    run_tool(command, "pdftotext (poppler-utils)")
}

/// Runs a tool the tests read files with and returns what it printed,
/// failing the test when `what` is missing or fails.
pub fn run_tool(mut command: Command, what: &str) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{what} is installed: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// How many of `map`'s claims appear in `text` (whitespace collapsed) one
/// after the other in file order, the order the claim boxes are drawn in;
/// stops at the first claim missing. Linear, for texts of large maps.
pub fn claims_in_order(text: &str, map: &Map) -> usize {
    let mut rest = text;
    for (n, claim) in map.claims.iter().enumerate() {
        let claim = normalise(&claim.text);
        match rest.find(&claim) {
            Some(at) => rest = &rest[at + claim.len()..],
            None => return n,
        }
    }
    map.claims.len()
}

/// The size in points of each page of the PDF file at `path`, as poppler's
/// `pdfinfo` reads them.
pub fn pdf_page_sizes(path: &Path) -> Vec<(f32, f32)> {
    let mut command = Command::new("pdfinfo");
    command.args(["-f", "1", "-l", "1000000"]).arg(path);
    // "Page    3 size: 841.89 x 595.28 pts (A4)"
    run_tool(command, "pdfinfo (poppler-utils)")
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .map(|l| {
            let size = l.split(" size: ").nth(1).unwrap();
            let mut numbers = size.split_whitespace();
            let w = numbers.next().unwrap().parse().unwrap();
            numbers.next();
            let h = numbers.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

/// Decodes a PNG.
pub fn decode_png(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("the exported PNG decodes")
}

/// The straight-alpha colour at pixel `(x, y)`.
pub fn pixel(pixmap: &Pixmap, x: u32, y: u32) -> [u8; 4] {
    let p = pixmap
        .pixel(x, y)
        .expect("pixel inside the image")
        .demultiply();
    [p.red(), p.green(), p.blue(), p.alpha()]
}

/// True when each channel of `a` is within `tolerance` of `b`.
pub fn close(a: [u8; 4], b: [u8; 4], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= tolerance)
}

/// Runs `dot -T<format>` on DOT text and returns its output, failing the
/// test with dot's complaint if it rejects the input.
pub fn run_dot(dot: &str, format: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("graphviz is installed");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot rejected the DOT: {stderr}");
    assert!(
        !stderr.contains("Error") && !stderr.contains("syntax error"),
        "dot complained: {stderr}"
    );
    out.stdout
}

/// Files in `dir`, sorted, for checking that nothing stray was left.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The measure every renderer's scene is built with.
pub fn measure() -> &'static dyn TextMeasure {
    FontMetrics::bundled()
}
