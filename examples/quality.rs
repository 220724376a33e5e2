//! Prints the layout quality of maps as a table: aspect, zoom at Fit in a
//! 1280 × 800 canvas, arrows through boxes and frames, arrow crossings,
//! label and box overlaps, the time the layout took, and arrows that come
//! down onto their claim (a claim drawn below what bears on it).
//!
//! ```text
//! cargo run --release --example quality -- maps/regional-security.ron maps/tutorial.ron
//! cargo run --release --example quality -- --dot maps/*.ron
//! cargo run --release --example quality -- --generate 1000 --shape forest --seed 3
//! ```
//!
//! Maps may be RON or AIF JSON (read through the same loader as the app).
//! With `--dot`, each map is also laid out by Graphviz `dot` from the
//! project's DOT export (`dot` must be on the path) and measured the same
//! way, on the line below ours. `--generate N` measures generated maps of
//! N claims (every shape, or the one `--shape` names) instead of files.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use reasonmap::generate::{Shape, generate_shaped};
use reasonmap::geom::{Point, Rect};
use reasonmap::interchange::{OpenOptions, check_map_file};
use reasonmap::layout::quality::{Drawing, Quality, measure};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::{Map, MapIndex};
use reasonmap::render::dot::to_dot;
use reasonmap::scene::Theme;
use reasonmap::text::FontMetrics;

fn main() -> ExitCode {
    let mut dot = false;
    let mut generate: Option<usize> = None;
    let mut shape: Option<Shape> = None;
    let mut seed = 1u64;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dot" => dot = true,
            "--generate" => generate = args.next().and_then(|v| v.parse().ok()),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--shape" => {
                shape = args
                    .next()
                    .and_then(|v| Shape::ALL.into_iter().find(|s| s.name() == v));
            }
            _ => files.push(a),
        }
    }
    println!(
        "{:<34} {:>6} {:>9} {:>7} {:>6} {:>7} {:>7} {:>6} {:>6} {:>6} {:>8} {:>5}",
        "map",
        "claims",
        "size",
        "aspect",
        "fit",
        "thrBox",
        "thrFrm",
        "cross",
        "labels",
        "boxOv",
        "ms",
        "down"
    );
    if let Some(claims) = generate {
        let shapes: Vec<Shape> = shape.map_or_else(|| Shape::ALL.to_vec(), |s| vec![s]);
        for s in shapes {
            let map = generate_shaped(claims, seed, s);
            let index = MapIndex::new(&map);
            report(
                &format!("{} {claims} seed {seed}", s.name()),
                &map,
                &index,
                dot,
            );
        }
        return ExitCode::SUCCESS;
    }
    let mut failed = false;
    for f in &files {
        match check_map_file(Path::new(f), &OpenOptions::default()) {
            Ok(opened) => match opened.checked.parsed {
                Some(parsed) => {
                    let name = Path::new(f)
                        .file_name()
                        .map_or_else(|| f.clone(), |n| n.to_string_lossy().into_owned());
                    report(&name, &parsed.map, &parsed.index, dot);
                }
                None => {
                    eprintln!("{f}: not a map");
                    failed = true;
                }
            },
            Err(e) => {
                eprintln!("{f}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(name: &str, map: &Map, index: &MapIndex, dot: bool) {
    let started = std::time::Instant::now();
    let l = layout(map, index, FontMetrics::bundled(), &LayoutStyle::default());
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let q = measure(&Drawing::of_layout(&l));
    row(name, map.claims.len(), &q, ms);
    if std::env::var_os("QUALITY_SPLIT").is_some() {
        let mut mains = l.clone();
        mains.edges.retain(|e| {
            e.premise.is_none()
                && matches!(
                    index.target(e.argument),
                    Some(reasonmap::model::Target::Claim(_))
                )
        });
        row("  mains", 0, &measure(&Drawing::of_layout(&mains)), 0.0);
        let mut unders = l.clone();
        unders.edges.retain(|e| {
            e.premise.is_none()
                && matches!(
                    index.target(e.argument),
                    Some(reasonmap::model::Target::Argument(_))
                )
        });
        row(
            "  undercuts",
            0,
            &measure(&Drawing::of_layout(&unders)),
            0.0,
        );
        let mut extras = l.clone();
        extras.edges.retain(|e| e.premise.is_some());
        row("  extras", 0, &measure(&Drawing::of_layout(&extras)), 0.0);
    }
    if dot {
        let started = std::time::Instant::now();
        match dot_drawing(map, index) {
            Some(d) => {
                let ms = started.elapsed().as_secs_f64() * 1e3;
                row("  dot", map.claims.len(), &measure(&d), ms);
            }
            None => println!("  dot: failed"),
        }
    }
}

fn row(name: &str, claims: usize, q: &Quality, ms: f64) {
    println!(
        "{:<34} {:>6} {:>9} {:>7.2} {:>6.2} {:>7} {:>7} {:>6} {:>6} {:>6} {:>8.1} {:>5}",
        name,
        claims,
        format!("{:.0}x{:.0}", q.width, q.height),
        q.aspect,
        q.fit_zoom,
        q.through_boxes,
        q.through_frames,
        q.crossings,
        q.label_overlaps,
        q.box_overlaps,
        ms,
        q.downward
    );
}

/// Lays the map out with Graphviz `dot` from the DOT export and reads the
/// result back (`-Tjson`): node boxes, cluster frames and edge splines,
/// in points, y flipped to grow downwards.
fn dot_drawing(map: &Map, index: &MapIndex) -> Option<Drawing> {
    use std::io::Write as _;
    let source = to_dot(map, index, &Theme::light());
    let mut child = Command::new("dot")
        .arg("-Tjson")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(source.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let bb = parse_nums(json.get("bb")?.as_str()?);
    let height = *bb.get(3)?;
    let flip = |x: f64, y: f64| Point::new(x as f32, (height - y) as f32);
    let objects = json.get("objects")?.as_array()?;
    // gvid → box index, for real claim nodes (not undercut points).
    let mut boxes = Vec::new();
    let mut box_of = std::collections::HashMap::new();
    let mut frames = Vec::new();
    for o in objects {
        if let Some(nodes) = o.get("nodes").and_then(|n| n.as_array()) {
            // A cluster: its frame, members filled in below.
            if let Some(b) = o.get("bb").and_then(|b| b.as_str()) {
                let v = parse_nums(b);
                if v.len() == 4 {
                    let r = Rect {
                        min: flip(v[0], v[3]),
                        max: flip(v[2], v[1]),
                    };
                    let ids: Vec<i64> = nodes.iter().filter_map(|n| n.as_i64()).collect();
                    frames.push((r, ids));
                }
            }
            continue;
        }
        let shape = o.get("shape").and_then(|s| s.as_str()).unwrap_or("");
        let (Some(pos), Some(w), Some(h), Some(id)) = (
            o.get("pos").and_then(|p| p.as_str()),
            o.get("width")
                .and_then(|w| w.as_str())
                .and_then(|w| w.parse::<f64>().ok()),
            o.get("height")
                .and_then(|h| h.as_str())
                .and_then(|h| h.parse::<f64>().ok()),
            o.get("_gvid").and_then(|g| g.as_i64()),
        ) else {
            continue;
        };
        if shape == "point" {
            continue;
        }
        let p = parse_nums(pos);
        if p.len() < 2 {
            continue;
        }
        let c = flip(p[0], p[1]);
        let (w, h) = (w as f32 * 72.0, h as f32 * 72.0);
        box_of.insert(id, boxes.len());
        boxes.push(Rect::from_min_size(
            Point::new(c.x - w / 2.0, c.y - h / 2.0),
            w,
            h,
        ));
    }
    let frames: Vec<(Rect, Vec<usize>)> = frames
        .into_iter()
        .map(|(r, ids)| {
            (
                r,
                ids.iter().filter_map(|i| box_of.get(i).copied()).collect(),
            )
        })
        .collect();
    let mut arrows = Vec::new();
    for e in json
        .get("edges")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
    {
        let Some(pos) = e.get("pos").and_then(|p| p.as_str()) else {
            continue;
        };
        arrows.push(spline(pos, &flip));
    }
    let bounds = Rect {
        min: flip(bb[0], bb[3]),
        max: flip(bb[2], bb[1]),
    };
    Some(Drawing {
        boxes,
        frames,
        arrows,
        labels: Vec::new(),
        bounds,
    })
}

fn parse_nums(s: &str) -> Vec<f64> {
    s.split([',', ' ']).filter_map(|v| v.parse().ok()).collect()
}

/// A DOT edge `pos` ("e,x,y x,y x,y ...", a B-spline of cubic pieces) as
/// a polyline ending at the arrow tip.
fn spline(pos: &str, flip: &dyn Fn(f64, f64) -> Point) -> Vec<Point> {
    let mut start = None;
    let mut end = None;
    let mut pts = Vec::new();
    for tok in pos.split(' ') {
        let parts: Vec<&str> = tok.split(',').collect();
        match parts.as_slice() {
            ["e", x, y] => end = Some((x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0))),
            ["s", x, y] => start = Some((x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0))),
            [x, y] => pts.push(flip(x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0))),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some((x, y)) = start {
        out.push(flip(x, y));
    }
    let mut i = 0;
    while i + 3 < pts.len() {
        let c = reasonmap::geom::Cubic {
            from: pts[i],
            ctrl1: pts[i + 1],
            ctrl2: pts[i + 2],
            to: pts[i + 3],
        };
        reasonmap::layout::quality::flatten(c, &mut out);
        i += 3;
    }
    if let Some((x, y)) = end {
        out.push(flip(x, y));
    }
    out
}
