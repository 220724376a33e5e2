//! Layout, scene and every export of arbitrary maps, valid or not.
//!
//! An input is either a map in RON (the seeds are the shipped maps), or
//! otherwise bytes that build a map structurally: up to 3 conclusions, 48
//! claims and 48 arguments whose ids come from a pool of 24, so that
//! dangling ids, duplicates, cycles, self-support, undercuts, rephrases and
//! co-premises all occur, with any Unicode text. Each map is laid out,
//! drawn into a scene with title, legend and note callouts, and exported as
//! SVG, PDF, PNG (at a small scale), DOT and HTML. Nothing may panic, every coordinate must be
//! finite, no two claim boxes may overlap, and each output must be what
//! its format says.

use std::collections::BTreeMap;
use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};
use reasonmap::export::{ExportError, ExportRequest, Format, export_to_bytes};
use reasonmap::geom::Rect;
use reasonmap::layout::{Layout, LayoutStyle, layout};
use reasonmap::model::{
    Argument, ArgumentKind, Claim, LoadedMap, Map, MapIndex, SourceText, Summary,
};
use reasonmap::scene::{SceneOptions, Theme, ThemeKind, build_scene};
use reasonmap::text::FontMetrics;

/// Most claims, arguments and characters of a text a built map gets, to
/// keep one run well under a second.
const MAX_ITEMS: usize = 48;
const MAX_TEXT: usize = 160;
const ID_POOL: u8 = 24;

#[derive(Debug, Arbitrary)]
struct FuzzClaim {
    id: u8,
    text: String,
    quote: Option<String>,
    implicit: bool,
}

#[derive(Debug, Arbitrary)]
struct FuzzArgument {
    id: u8,
    premises: Vec<u8>,
    target: u8,
    /// Support, attack or rephrase.
    kind: u8,
    scheme: Option<String>,
}

/// What to draw besides the map.
#[derive(Debug)]
struct Choices {
    /// Export only the part under this claim id.
    root: Option<String>,
    title: bool,
    legend: bool,
    dark: bool,
    transparent: bool,
    /// Note texts by claim id.
    notes: Vec<(String, String)>,
}

#[derive(Debug, Arbitrary)]
struct FuzzChoices {
    root: Option<u8>,
    title: bool,
    legend: bool,
    dark: bool,
    transparent: bool,
    notes: Vec<(u8, String)>,
}

impl FuzzChoices {
    fn into_choices(self) -> Choices {
        Choices {
            root: self.root.map(id),
            title: self.title,
            legend: self.legend,
            dark: self.dark,
            transparent: self.transparent,
            notes: self
                .notes
                .into_iter()
                .take(8)
                .map(|(claim, note)| (id(claim), text(&note)))
                .collect(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct FuzzMap {
    title: String,
    conclusions: Vec<u8>,
    claims: Vec<FuzzClaim>,
    arguments: Vec<FuzzArgument>,
}

fn id(i: u8) -> String {
    format!("n{}", i % ID_POOL)
}

fn text(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

impl FuzzMap {
    fn into_map(self) -> Map {
        Map {
            title: text(&self.title),
            source: None,
            conclusions: self.conclusions.into_iter().take(3).map(id).collect(),
            claims: self
                .claims
                .into_iter()
                .take(MAX_ITEMS)
                .map(|c| Claim {
                    id: id(c.id),
                    text: text(&c.text),
                    quote: c.quote.as_deref().map(text),
                    implicit: c.implicit,
                })
                .collect(),
            arguments: self
                .arguments
                .into_iter()
                .take(MAX_ITEMS)
                .map(|a| {
                    let kind = match a.kind % 3 {
                        0 => ArgumentKind::Support,
                        1 => ArgumentKind::Attack,
                        _ => ArgumentKind::Rephrase,
                    };
                    let mut argument = Argument::new(
                        id(a.id),
                        a.premises.into_iter().take(8).map(id),
                        id(a.target),
                        kind,
                    );
                    argument.scheme = a.scheme.as_deref().map(text);
                    argument
                })
                .collect(),
        }
    }
}

/// The map and drawing choices an input stands for.
fn decode(data: &[u8]) -> Option<(Map, Choices)> {
    let as_ron = std::str::from_utf8(data)
        .ok()
        .filter(|t| t.trim_start().starts_with(['(', '/']))
        .and_then(|t| {
            ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str::<Map>(t)
                .ok()
        });
    if let Some(map) = as_ron {
        // The whole map, with everything drawn: a note on its first claim,
        // title and legend.
        let notes = map
            .claims
            .first()
            .map(|c| (c.id.clone(), "A note on the first claim.".to_owned()))
            .into_iter()
            .collect();
        let choices = Choices {
            root: None,
            title: true,
            legend: true,
            dark: false,
            transparent: false,
            notes,
        };
        return Some((map, choices));
    }
    let mut u = Unstructured::new(data);
    let map = FuzzMap::arbitrary(&mut u).ok()?.into_map();
    let choices = FuzzChoices::arbitrary(&mut u).ok()?.into_choices();
    Some((map, choices))
}

/// Lays out, draws and exports the map `data` stands for.
pub fn run(data: &[u8]) {
    let Some((map, choices)) = decode(data) else {
        return;
    };
    let index = MapIndex::new(&map);
    let style = LayoutStyle::default();
    let metrics = FontMetrics::bundled();
    let laid = layout(&map, &index, metrics, &style);
    check_layout(&map, &laid);

    let theme = Theme::new(if choices.dark {
        ThemeKind::Dark
    } else {
        ThemeKind::Light
    });
    let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (claim, note) in &choices.notes {
        notes.entry(claim.clone()).or_default().push(note.clone());
    }
    let options = SceneOptions {
        note_counts: map
            .claims
            .iter()
            .map(|c| notes.get(&c.id).map_or(0, Vec::len))
            .collect(),
        title: choices.title,
        legend: choices.legend,
        transparent: choices.transparent,
        callouts: map
            .claims
            .iter()
            .map(|c| notes.get(&c.id).cloned().unwrap_or_default())
            .collect(),
        ..SceneOptions::default()
    };
    let scene = build_scene(&map, &index, &laid, &style, metrics, &theme, &options);
    assert_all_finite("scene", &scene);

    let summary = Summary::new(&map, &index, 0);
    let loaded = LoadedMap {
        map,
        index,
        path: PathBuf::from("fuzz/map.ron"),
        warnings: Vec::new(),
        summary,
        source: SourceText::None,
    };
    for format in Format::ALL {
        let request = ExportRequest {
            scale: 0.25,
            theme: if choices.dark {
                ThemeKind::Dark
            } else {
                ThemeKind::Light
            },
            transparent: choices.transparent,
            notes: notes.clone(),
            root: choices.root.clone(),
            title: choices.title,
            legend: choices.legend,
            fit: true,
            ..ExportRequest::new(format)
        };
        match export_to_bytes(&loaded, &request, None) {
            Ok(bytes) => check_output(format, &bytes),
            // Asking for a part under a claim the map does not have.
            Err(ExportError::UnknownRoot { id, .. }) => {
                assert!(loaded.index.claim(&id).is_none(), "{id} exists");
            }
            Err(e) => panic!("{format:?} export failed: {e}"),
        }
    }
}

/// Boxes and arrows are finite, boxes have an area, and no two overlap.
fn check_layout(map: &Map, laid: &Layout) {
    assert_eq!(laid.claims.len(), map.claims.len());
    assert_all_finite("layout", &(&laid.claims, &laid.groups, &laid.edges));
    // An empty layout has the empty rectangle as its bounds, which is
    // infinite by design.
    if !(map.claims.is_empty() && laid.bounds == Rect::NOTHING) {
        assert_all_finite("layout bounds", &laid.bounds);
    }
    let mut boxes: Vec<_> = laid.claims.iter().map(|c| c.rect).collect();
    assert!(
        boxes.iter().all(|r| !r.is_empty()),
        "an empty box: {boxes:?}"
    );
    boxes.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
    for (k, a) in boxes.iter().enumerate() {
        for b in &boxes[k + 1..] {
            if b.min.x >= a.max.x {
                break;
            }
            assert!(!a.intersects(b), "boxes overlap: {a:?} and {b:?}");
        }
    }
}

/// Every number in `value` is finite. It is written as RON, which spells
/// non-finite numbers `NaN` and `inf`; those words are looked for outside
/// string literals.
fn assert_all_finite(what: &str, value: &impl serde::Serialize) {
    let text = ron::to_string(value).unwrap_or_else(|e| panic!("{what} cannot be written: {e}"));
    let mut in_string = false;
    let mut escaped = false;
    let mut word = String::new();
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        assert!(
            word != "NaN" && word != "inf",
            "{what} has a non-finite number: {text}"
        );
        word.clear();
        in_string = c == '"';
    }
}

/// The bytes are a file of `format`.
fn check_output(format: Format, bytes: &[u8]) {
    match format {
        // The PNG and the PDF are drawn from this very SVG, so they check
        // that it parses.
        Format::Svg => assert!(bytes.starts_with(b"<?xml "), "not an SVG"),
        Format::Png => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG"),
        Format::Pdf => assert!(bytes.starts_with(b"%PDF-"), "not a PDF"),
        Format::Html => {
            let html = std::str::from_utf8(bytes).expect("HTML is UTF-8");
            assert!(html.starts_with("<!DOCTYPE html>"), "not an HTML page");
        }
        Format::Dot => {
            let dot = std::str::from_utf8(bytes).expect("DOT is UTF-8");
            assert!(
                dot.trim_start().starts_with("digraph"),
                "not a DOT graph: {dot}"
            );
        }
    }
}
