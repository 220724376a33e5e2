//! Exporting a map to an image file: the pipeline shared by the command line and the app.
//!
//! A loaded map goes through the same steps as on screen: an optional
//! sub-map ([`ExportRequest::root`]), layout, scene, then one renderer
//! ([`crate::render`]). The result is written atomically: a failed export
//! leaves no partial file and leaves an existing file untouched.
//!
//! The app runs [`export_to_file`] on a worker thread and follows it with
//! the [`Stage`] callback; [`estimate_size`] previews the output size.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::evaluation::{Mark, Marks, Reading, evaluate, explain_claim, short_quote};
use crate::layout::{LayoutStyle, layout};
use crate::model::LoadedMap;
use crate::model::{Map, MapIndex, Target};
use crate::render::{dot, html, pdf, png, svg};
use crate::scene::{Scene, SceneEvaluation, SceneOptions, Theme, ThemeKind, build_scene};
use crate::text::FontMetrics;

/// A file format maps can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Raster image.
    Png,
    /// Vector image with real text.
    Svg,
    /// One-page vector document with selectable text.
    Pdf,
    /// Graphviz source.
    Dot,
    /// An interactive page: the map beside its essay.
    Html,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 5] = [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Dot,
        Format::Html,
    ];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Dot => "dot",
            Format::Html => "html",
        }
    }

    /// The format a file extension (without the dot, any case) stands for.
    pub fn from_extension(extension: &str) -> Option<Format> {
        let extension = extension.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "pdf" => Some(Format::Pdf),
            "dot" | "gv" => Some(Format::Dot),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format `path`'s extension names.
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        Format::from_extension(&extension).ok_or_else(|| ExportError::UnknownFormat {
            path: path.to_owned(),
            extension,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Png => "PNG",
            Format::Svg => "SVG",
            Format::Pdf => "PDF",
            Format::Dot => "DOT",
            Format::Html => "HTML",
        })
    }
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// Output format.
    pub format: Format,
    /// Pixels per point (PNG only).
    pub scale: f32,
    /// Colour theme.
    pub theme: ThemeKind,
    /// Leave the background transparent (PNG, SVG, PDF).
    pub transparent: bool,
    /// Note texts by claim id, shown as numbered callouts on the claims
    /// and listed as footnotes below the map. Empty for none.
    pub notes: BTreeMap<String, Vec<String>>,
    /// Export only this claim (by id) and what bears on it.
    pub root: Option<String>,
    /// Draw the map's title above it.
    pub title: bool,
    /// Draw a legend of the roles below the map.
    pub legend: bool,
    /// For a PNG too large at `scale`, use the largest scale that fits
    /// instead of refusing.
    pub fit: bool,
    /// Draw the evaluation under these marks: status bars, dimmed claims
    /// that are out, mark badges, and legend rows. `None` for none.
    pub evaluation: Option<ExportEvaluation>,
}

/// The marks and reading an export's evaluation is computed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportEvaluation {
    /// The marks, by claim or argument id; ids the map does not have (or
    /// that do not fit their mark) are left out.
    pub marks: Vec<(String, Mark)>,
    /// Whether open assumptions are granted.
    pub reading: Reading,
}

impl ExportRequest {
    /// A request for `format` with the defaults of the command line:
    /// scale 2, light theme, opaque background, title, no legend, no notes.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            scale: 2.0,
            theme: ThemeKind::Light,
            transparent: false,
            notes: BTreeMap::new(),
            root: None,
            title: true,
            legend: false,
            fit: false,
            evaluation: None,
        }
    }
}

/// A step of the export pipeline, reported as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Picking the claims to export (the sub-map of `--root`).
    Selecting,
    /// Laying the map out.
    LayingOut,
    /// Building the shapes to draw.
    BuildingScene,
    /// Drawing into the output format.
    Rendering,
    /// Writing the file.
    Writing,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 5] = [
        Stage::Selecting,
        Stage::LayingOut,
        Stage::BuildingScene,
        Stage::Rendering,
        Stage::Writing,
    ];

    /// What the stage does, for a progress display.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Selecting => "Selecting claims",
            Stage::LayingOut => "Laying out",
            Stage::BuildingScene => "Building shapes",
            Stage::Rendering => "Drawing",
            Stage::Writing => "Writing file",
        }
    }

    /// Rough fraction of the work done when this stage starts, for a
    /// progress bar.
    pub fn fraction(self) -> f32 {
        match self {
            Stage::Selecting => 0.0,
            Stage::LayingOut => 0.05,
            Stage::BuildingScene => 0.3,
            Stage::Rendering => 0.4,
            Stage::Writing => 0.9,
        }
    }
}

/// Unit of an [`OutputSize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeUnit {
    /// Pixels (PNG).
    Pixels,
    /// Points, 1/72 inch (SVG user units, PDF page units).
    Points,
}

/// The size of an exported image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputSize {
    /// Width in `unit`.
    pub width: f32,
    /// Height in `unit`.
    pub height: f32,
    /// Pixels for PNG, points for the other formats.
    pub unit: SizeUnit,
}

impl fmt::Display for OutputSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            SizeUnit::Pixels => "px",
            SizeUnit::Points => "pt",
        };
        write!(
            f,
            "{} × {} {unit}",
            self.width.ceil() as u64,
            self.height.ceil() as u64
        )
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    /// The file written.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its size in bytes.
    pub bytes: u64,
    /// The image size; `None` for DOT, whose drawing Graphviz lays out.
    pub size: Option<OutputSize>,
    /// The scale used (PNG): the requested one, or a smaller one that fits
    /// when [`ExportRequest::fit`] asked for it.
    pub scale: f32,
    /// Number of claims exported.
    pub claims: usize,
}

/// Why an export failed. Nothing was written when any of these is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The output file's extension names no format this exports.
    #[error("cannot tell the format of {}: unknown extension {}; use .png, .svg, .pdf, .dot or .html (or --format)", path.display(), if extension.is_empty() { "(none)".to_owned() } else { format!("\".{extension}\"") })]
    UnknownFormat {
        /// The output path.
        path: PathBuf,
        /// Its extension, empty when it has none.
        extension: String,
    },
    /// `root` names no claim of the map.
    #[error("no claim with id \"{id}\" in the map{}", suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownRoot {
        /// The id asked for.
        id: String,
        /// A claim id that is spelled alike, if any.
        suggestion: Option<String>,
    },
    /// The scale is zero, negative or not a number.
    #[error("the scale must be a positive number of pixels per point, not {0}")]
    InvalidScale(f32),
    /// The PNG would exceed the pixel limits.
    #[error("{0}")]
    TooLarge(png::PngError),
    /// The output file could not be written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// What the operating system said (part of the message, so not
        /// also a `source`, which would print it twice).
        reason: std::io::Error,
    },
    /// A renderer failed (a defect, not a user error).
    #[error("cannot draw the {format}: {message}")]
    Render {
        /// The format being drawn.
        format: Format,
        /// What went wrong.
        message: String,
    },
}

impl ExportError {
    /// For [`ExportError::TooLarge`], the largest scale that fits, if any.
    pub fn fitting_scale(&self) -> Option<f32> {
        match self {
            ExportError::TooLarge(png::PngError::TooLarge { fitting_scale, .. }) => *fitting_scale,
            _ => None,
        }
    }
}

fn from_png_error(err: png::PngError) -> ExportError {
    match err {
        png::PngError::InvalidScale(s) => ExportError::InvalidScale(s),
        err @ png::PngError::TooLarge { .. } => ExportError::TooLarge(err),
        err => ExportError::Render {
            format: Format::Png,
            message: err.to_string(),
        },
    }
}

/// Progress callback: called with each [`Stage`] as it starts.
pub type Progress<'a> = &'a mut dyn FnMut(Stage);

/// The map (or sub-map) to export, with everything derived from it.
struct Prepared<'a> {
    map: std::borrow::Cow<'a, Map>,
    index: std::borrow::Cow<'a, MapIndex>,
}

fn select<'a>(loaded: &'a LoadedMap, request: &ExportRequest) -> Result<Prepared<'a>, ExportError> {
    match &request.root {
        None => Ok(Prepared {
            map: std::borrow::Cow::Borrowed(&loaded.map),
            index: std::borrow::Cow::Borrowed(&loaded.index),
        }),
        Some(root) => {
            let map = sub_map(&loaded.map, &loaded.index, root)?;
            let index = MapIndex::new(&map);
            Ok(Prepared {
                map: std::borrow::Cow::Owned(map),
                index: std::borrow::Cow::Owned(index),
            })
        }
    }
}

/// The part of `map` that bears on claim `root`: `root` as the conclusion,
/// every argument that reaches it (transitively, through premises),
/// undercuts of those arguments, and their premises; claims and arguments
/// keep their file order.
pub fn sub_map(map: &Map, index: &MapIndex, root: &str) -> Result<Map, ExportError> {
    let root_claim = index.claim(root).ok_or_else(|| ExportError::UnknownRoot {
        id: root.to_owned(),
        suggestion: suggest(root, map.claims.iter().map(|c| c.id.as_str())),
    })?;
    let mut claims = BTreeSet::from([root_claim]);
    let mut arguments = BTreeSet::new();
    let mut claim_queue = vec![root_claim];
    let mut argument_queue = Vec::new();
    loop {
        if let Some(c) = claim_queue.pop() {
            argument_queue.extend(index.arguments_into_claim(c).iter().copied());
        } else if let Some(a) = argument_queue.pop() {
            if !arguments.insert(a) {
                continue;
            }
            argument_queue.extend(index.arguments_into_argument(a).iter().copied());
            for &p in index.premises(a) {
                if claims.insert(p) {
                    claim_queue.push(p);
                }
            }
        } else {
            break;
        }
    }
    Ok(Map {
        title: map.title.clone(),
        source: map.source.clone(),
        conclusions: vec![root.to_owned()],
        claims: claims.iter().map(|&c| map.claims[c].clone()).collect(),
        arguments: arguments
            .iter()
            .filter(|&&a| match index.target(a) {
                Some(Target::Claim(c)) => claims.contains(&c),
                Some(Target::Argument(t)) => arguments.contains(&t),
                None => false,
            })
            .map(|&a| map.arguments[a].clone())
            .collect(),
    })
}

/// The candidate closest to `id` by edit distance, if it is close enough
/// to be a likely typo (about one edit in three characters).
fn suggest<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let budget = (id.chars().count() / 3).max(1);
    candidates
        .map(|c| (strsim::damerau_levenshtein(id, c), c))
        .filter(|&(d, _)| d <= budget)
        .min()
        .map(|(_, c)| c.to_owned())
}

/// The evaluation of the whole loaded map under the request's marks, as
/// drawn on the claims of `map` (the whole map, or the sub-map exported):
/// a claim keeps the status it has in the whole map.
///
/// With `reasons`, also each claim's status and the reason for it, in
/// words that name other claims by their text (for the HTML page).
fn scene_evaluation(
    loaded: &LoadedMap,
    map: &Map,
    request: &ExportRequest,
    reasons: bool,
) -> Option<(SceneEvaluation, Vec<html::Verdict>)> {
    let wanted = request.evaluation.as_ref()?;
    let marks = wanted.marks.iter().map(|(id, m)| (id.as_str(), *m));
    let (marks, _) = Marks::from_ids(&loaded.map, &loaded.index, marks);
    let whole = evaluate(&loaded.map, &loaded.index, &marks, wanted.reading);
    let in_whole: Vec<Option<usize>> = map
        .claims
        .iter()
        .map(|c| loaded.index.claim(&c.id))
        .collect();
    let scene = SceneEvaluation {
        statuses: in_whole
            .iter()
            .map(|w| w.map(|w| whole.claim(w)).unwrap_or_default())
            .collect(),
        marks: in_whole
            .iter()
            .map(|w| w.and_then(|w| marks.claim(w)))
            .collect(),
    };
    let verdicts = if reasons {
        in_whole
            .iter()
            .map(|&w| match w {
                Some(w) => {
                    let why = explain_claim(&loaded.index, &whole, w);
                    html::Verdict {
                        status: why.status,
                        reason: why.render(|c| short_quote(&loaded.map.claims[c].text)),
                    }
                }
                None => html::Verdict {
                    status: crate::evaluation::Status::Undecided,
                    reason: String::new(),
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    Some((scene, verdicts))
}

/// Lays out `map` and builds its scene as the request asks.
fn scene_for(
    map: &Map,
    index: &MapIndex,
    request: &ExportRequest,
    evaluation: Option<SceneEvaluation>,
    report: &mut dyn FnMut(Stage),
) -> Scene {
    let measure = FontMetrics::bundled();
    let style = LayoutStyle::default();
    report(Stage::LayingOut);
    let laid_out = layout(map, index, measure, &style);
    report(Stage::BuildingScene);
    let callouts = if request.notes.is_empty() {
        Vec::new()
    } else {
        map.claims
            .iter()
            .map(|c| request.notes.get(&c.id).cloned().unwrap_or_default())
            .collect()
    };
    let options = SceneOptions {
        title: request.title,
        legend: request.legend,
        transparent: request.transparent,
        callouts,
        evaluation,
        ..SceneOptions::default()
    };
    build_scene(
        map,
        index,
        &laid_out,
        &style,
        measure,
        &Theme::new(request.theme),
        &options,
    )
}

/// The scale a PNG of `scene` is drawn at: the requested one, or with
/// [`ExportRequest::fit`] the largest that fits when that one is too large.
fn png_scale(scene: &Scene, request: &ExportRequest) -> Result<f32, ExportError> {
    let (w, h) = svg::document_size(scene);
    match png::check_size(w, h, request.scale) {
        Ok(_) => Ok(request.scale),
        Err(png::PngError::TooLarge {
            fitting_scale: Some(scale),
            ..
        }) if request.fit => Ok(scale),
        Err(err) => Err(from_png_error(err)),
    }
}

fn output_size(scene: &Scene, format: Format, scale: f32) -> OutputSize {
    let (w, h) = svg::document_size(scene);
    match format {
        Format::Png => {
            let (pw, ph) = png::pixel_size(w, h, scale);
            OutputSize {
                width: pw as f32,
                height: ph as f32,
                unit: SizeUnit::Pixels,
            }
        }
        Format::Svg | Format::Pdf | Format::Dot | Format::Html => OutputSize {
            width: w,
            height: h,
            unit: SizeUnit::Points,
        },
    }
}

/// The size `request` would give, without drawing anything: pixels for
/// PNG (at the scale that would be used), points for SVG and PDF, and
/// `None` for DOT, whose drawing Graphviz lays out. Fails as the export
/// would (unknown root, too large a PNG without `fit`).
pub fn estimate_size(
    loaded: &LoadedMap,
    request: &ExportRequest,
) -> Result<Option<OutputSize>, ExportError> {
    let prepared = select(loaded, request)?;
    if request.format == Format::Dot {
        return Ok(None);
    }
    let evaluation = scene_evaluation(loaded, &prepared.map, request, false).map(|(e, _)| e);
    let scene = scene_for(
        &prepared.map,
        &prepared.index,
        request,
        evaluation,
        &mut |_| {},
    );
    let scale = match request.format {
        Format::Png => png_scale(&scene, request)?,
        _ => request.scale,
    };
    Ok(Some(output_size(&scene, request.format, scale)))
}

/// Draws an already built scene in `format` (not DOT, which draws the map
/// itself: see [`crate::render::dot::to_dot`]). `map` labels the SVG's
/// claim groups with their ids and texts.
pub fn render_scene(
    scene: &Scene,
    map: Option<&Map>,
    format: Format,
    scale: f32,
) -> Result<Vec<u8>, ExportError> {
    let svg = svg::to_svg(scene, map);
    match format {
        Format::Svg => Ok(svg.into_bytes()),
        Format::Png => png::svg_to_png(&svg, scale).map_err(from_png_error),
        Format::Pdf => pdf::svg_to_pdf(&svg).map_err(|e| ExportError::Render {
            format: Format::Pdf,
            message: e.to_string(),
        }),
        Format::Dot | Format::Html => Err(ExportError::Render {
            format,
            message: format!("{format} is written from the map, not from a scene alone"),
        }),
    }
}

/// The exported bytes with the size and scale they have.
struct Rendered {
    bytes: Vec<u8>,
    size: Option<OutputSize>,
    scale: f32,
    claims: usize,
}

fn render(
    loaded: &LoadedMap,
    request: &ExportRequest,
    report: &mut dyn FnMut(Stage),
) -> Result<Rendered, ExportError> {
    if request.format == Format::Png && !(request.scale.is_finite() && request.scale > 0.0) {
        return Err(ExportError::InvalidScale(request.scale));
    }
    report(Stage::Selecting);
    let prepared = select(loaded, request)?;
    let (map, index) = (prepared.map.as_ref(), prepared.index.as_ref());
    if request.format == Format::Dot {
        // Graphviz lays the graph out itself: no layout or scene needed.
        report(Stage::Rendering);
        return Ok(Rendered {
            bytes: dot::to_dot(map, index, &Theme::new(request.theme)).into_bytes(),
            size: None,
            scale: request.scale,
            claims: map.claims.len(),
        });
    }
    let (evaluation, verdicts) =
        match scene_evaluation(loaded, map, request, request.format == Format::Html) {
            Some((scene, verdicts)) => (Some(scene), verdicts),
            None => (None, Vec::new()),
        };
    let scene = scene_for(map, index, request, evaluation, report);
    let scale = match request.format {
        Format::Png => png_scale(&scene, request)?,
        _ => request.scale,
    };
    report(Stage::Rendering);
    let bytes = if request.format == Format::Html {
        let page = html::HtmlPage {
            map,
            index,
            source: &loaded.source,
            notes: &request.notes,
            theme: &Theme::new(request.theme),
            verdicts: &verdicts,
        };
        html::to_html(&scene, &page).into_bytes()
    } else {
        render_scene(&scene, Some(map), request.format, scale)?
    };
    Ok(Rendered {
        bytes,
        size: Some(output_size(&scene, request.format, scale)),
        scale,
        claims: map.claims.len(),
    })
}

/// Runs the whole pipeline and returns the file's bytes (for tests,
/// benchmarks, and the clipboard).
pub fn export_to_bytes(
    loaded: &LoadedMap,
    request: &ExportRequest,
    progress: Option<Progress<'_>>,
) -> Result<Vec<u8>, ExportError> {
    let mut progress = progress;
    let mut report = |stage: Stage| {
        if let Some(p) = progress.as_mut() {
            p(stage);
        }
    };
    Ok(render(loaded, request, &mut report)?.bytes)
}

/// Runs the whole pipeline and writes the result to `path` atomically.
///
/// The output directory is checked first (by creating the temporary file
/// the result goes to), so an unwritable path fails before any drawing.
pub fn export_to_file(
    loaded: &LoadedMap,
    request: &ExportRequest,
    path: &Path,
    progress: Option<Progress<'_>>,
) -> Result<ExportSummary, ExportError> {
    let mut progress = progress;
    let mut report = |stage: Stage| {
        if let Some(p) = progress.as_mut() {
            p(stage);
        }
    };
    let write_error = |reason| ExportError::Write {
        path: path.to_owned(),
        reason,
    };
    if path.is_dir() {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(write_error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        )));
    }
    // tempfile's own message names the random temporary path; the kind
    // ("permission denied") is what matters to the user.
    let mut file = tempfile::Builder::new()
        .prefix(".reasonmap-export-")
        .tempfile_in(dir)
        .map_err(|e| write_error(std::io::Error::from(e.kind())))?;
    let rendered = render(loaded, request, &mut report)?;
    report(Stage::Writing);
    file.write_all(&rendered.bytes).map_err(write_error)?;
    file.as_file().sync_all().map_err(write_error)?;
    set_permissions(file.as_file(), path).map_err(write_error)?;
    file.persist(path).map_err(|e| write_error(e.error))?;
    Ok(ExportSummary {
        path: path.to_owned(),
        format: request.format,
        bytes: rendered.bytes.len() as u64,
        size: rendered.size,
        scale: rendered.scale,
        claims: rendered.claims,
    })
}

/// Gives the temporary file (created private) the permissions of the file
/// it replaces, or the usual ones for a new file.
#[cfg(unix)]
fn set_permissions(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_file: &std::fs::File, _path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::model::{Argument, ArgumentKind, Claim};

    fn claim(id: &str) -> Claim {
        Claim::new(id, format!("text of {id}"))
    }

    fn arg(id: &str, premises: &[&str], target: &str, kind: ArgumentKind) -> Argument {
        Argument::new(id, premises.iter().copied(), target, kind)
    }

    #[test]
    fn sub_map_keeps_what_bears_on_the_root_including_undercuts() {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: vec!["c".into()],
            claims: ["c", "r", "s", "o", "u", "v", "other"].map(claim).to_vec(),
            arguments: vec![
                arg("a1", &["r"], "c", ArgumentKind::Support),
                arg("a2", &["s", "o"], "r", ArgumentKind::Support),
                arg("a3", &["u"], "a2", ArgumentKind::Attack),
                arg("a4", &["v"], "u", ArgumentKind::Support),
                arg("a5", &["other"], "c", ArgumentKind::Attack),
            ],
        };
        let index = MapIndex::new(&map);
        let sub = sub_map(&map, &index, "r").unwrap();
        assert_eq!(sub.conclusions, ["r"]);
        let ids: Vec<&str> = sub.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["r", "s", "o", "u", "v"]);
        let args: Vec<&str> = sub.arguments.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(args, ["a2", "a3", "a4"]);

        let err = sub_map(&map, &index, "oter").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no claim with id \"oter\" in the map (did you mean \"other\"?)"
        );
        let err = sub_map(&map, &index, "zzzzzz").unwrap_err();
        assert_eq!(err.to_string(), "no claim with id \"zzzzzz\" in the map");
    }

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            Format::from_path(Path::new("a/b.PNG")).unwrap(),
            Format::Png
        );
        assert_eq!(Format::from_path(Path::new("b.gv")).unwrap(), Format::Dot);
        let err = Format::from_path(Path::new("out.jpg")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot tell the format of out.jpg: unknown extension \".jpg\"; use .png, .svg, .pdf, .dot or .html (or --format)"
        );
        let err = Format::from_path(Path::new("out")).unwrap_err();
        assert!(err.to_string().contains("unknown extension (none)"));
    }
}
