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
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::evaluation::{Mark, Marks, Reading, evaluate, explain_claim, short_quote};
use crate::layout::quality::{Quality, layout_quality};
use crate::layout::{LayoutStyle, layout};
use crate::model::LoadedMap;
use crate::model::{Map, MapIndex, Target};
use crate::render::page::{Orientation, PageFit, PageSpec};
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
    /// Vector document with selectable text: one page, or a poster of
    /// paper-sized pages.
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
    /// Draw a legend of the roles, in a corner the map leaves free or else below it.
    pub legend: bool,
    /// For a PNG too large at `scale`, use the largest scale that fits
    /// instead of refusing.
    pub fit: bool,
    /// The largest output to draw: for PNG the longest side in pixels
    /// (see [`png::PixelLimit`]; default [`png::MAX_SIDE`]), for a PDF
    /// poster the most pages (default [`pdf::DEFAULT_MAX_PAGES`]). Not
    /// used by SVG, DOT and one-page PDFs, whose cost is small at any size.
    pub max_size: Option<u32>,
    /// PDF only: split the map at full size over pages of this paper
    /// instead of one page.
    pub tiles: Option<pdf::Paper>,
    /// PNG, SVG and PDF: draw the map on one sheet of this paper, scaled
    /// to fit within the margin and centred (see [`crate::render::page`]);
    /// for PNG at the page's resolution instead of `scale`.
    pub page: Option<PageSpec>,
    /// Draw the evaluation under these marks: status bars, dimmed claims
    /// that are out, mark badges, and legend rows. `None` for none.
    pub evaluation: Option<ExportEvaluation>,
    /// Ids of claims whose branch is collapsed: what bears on them only
    /// through them is left out, and each gets a badge with the number of
    /// claims hidden (as in the viewer). Empty for none; DOT ignores it.
    pub collapsed: BTreeSet<String>,
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
            max_size: None,
            tiles: None,
            page: None,
            collapsed: BTreeSet::new(),
        }
    }

    /// The PNG size limit this request asks for.
    fn pixel_limit(&self) -> Result<png::PixelLimit, ExportError> {
        match self.max_size {
            None => Ok(png::PixelLimit::default()),
            Some(side) if (1..=png::LARGEST_SIDE).contains(&side) => Ok(png::PixelLimit { side }),
            Some(side) => Err(ExportError::InvalidMaxSize {
                format: Format::Png,
                value: side,
            }),
        }
    }

    /// The most pages of a PDF poster this request allows.
    fn max_pages(&self) -> Result<u32, ExportError> {
        match self.max_size {
            None => Ok(pdf::DEFAULT_MAX_PAGES),
            Some(pages) if (1..=pdf::LARGEST_MAX_PAGES).contains(&pages) => Ok(pages),
            Some(pages) => Err(ExportError::InvalidMaxSize {
                format: Format::Pdf,
                value: pages,
            }),
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
    /// Width in `unit` (of each page, for a PDF poster).
    pub width: f32,
    /// Height in `unit` (of each page, for a PDF poster).
    pub height: f32,
    /// Pixels for PNG, points for the other formats.
    pub unit: SizeUnit,
    /// For a PDF poster, its pages across and down; `None` for one page.
    pub pages: Option<(u32, u32)>,
    /// For a page-sized export, how the map lies on the page.
    pub page: Option<PageFit>,
}

impl fmt::Display for OutputSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            SizeUnit::Pixels => "px",
            SizeUnit::Points => "pt",
        };
        // A sheet of paper (A4 is 595.28 × 841.89 pt) is named by its
        // nearest whole size; anything else by the size that holds it.
        let whole = |v: f32| {
            if self.page.is_some() {
                v.round() as u64
            } else {
                v.ceil() as u64
            }
        };
        let size = format!("{} × {} {unit}", whole(self.width), whole(self.height));
        match (self.pages, self.page) {
            (Some((across, down)), _) => {
                let pages = u64::from(across) * u64::from(down);
                write!(f, "{pages} pages of {size} ({across} across × {down} down)")
            }
            (None, Some(page)) => write!(
                f,
                "{size}, {page}, map at {}",
                crate::render::page::percent(page.scale)
            ),
            (None, None) => f.write_str(&size),
        }
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
    /// The scale used. PNG: pixels per point, the requested one or a
    /// smaller one that fits when [`ExportRequest::fit`] asked for it.
    /// PDF: page points per map point, below 1 when the map was scaled
    /// down to fit the page limit. Others: the requested scale.
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
    /// The PDF poster would have more pages than allowed.
    #[error("{0}")]
    TooManyPages(pdf::PdfError),
    /// `max_size` is out of range for the format.
    #[error("{}", match format {
        Format::Png => format!("--max-size for a PNG is its longest side in pixels, from 1 to {} (PNG readers refuse larger images), not {value}", png::LARGEST_SIDE),
        _ => format!("--max-size for a PDF poster is a number of pages, from 1 to {}, not {value}", pdf::LARGEST_MAX_PAGES),
    })]
    InvalidMaxSize {
        /// The format it was given for.
        format: Format,
        /// The value given.
        value: u32,
    },
    /// A page-sized export was asked for in a format without pages.
    #[error("a page-sized export (--page) is a PNG, SVG or PDF, not {0}")]
    PageFormat(Format),
    /// Both one page and a poster of pages were asked for.
    #[error("--page prints the map on one page and --tiles over several; choose one")]
    PageAndTiles,
    /// The resolution of a page-sized PNG is out of range.
    #[error("--dpi must be from {lo} to {hi} dots per inch, not {0}", lo = crate::render::page::DPI_RANGE.0, hi = crate::render::page::DPI_RANGE.1)]
    InvalidDpi(u32),
    /// The output file could not be written.
    #[error("cannot write {}: {reason}", path.display())]
    Write {
        /// The output path.
        path: PathBuf,
        /// What the operating system said (part of the message, so not
        /// also a `source`, which would print it twice).
        reason: std::io::Error,
    },
    /// Writing the drawing to its destination failed; [`export_to_file`]
    /// reports it as [`ExportError::Write`] with the file's path.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
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
        png::PngError::Write(err) => ExportError::Output(err),
        err => ExportError::Render {
            format: Format::Png,
            message: err.to_string(),
        },
    }
}

fn from_pdf_error(err: pdf::PdfError) -> ExportError {
    match err {
        err @ pdf::PdfError::TooManyPages { .. } => ExportError::TooManyPages(err),
        pdf::PdfError::Write(err) => ExportError::Output(err),
        err => ExportError::Render {
            format: Format::Pdf,
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
    let Some(spec) = request.page else {
        let style = LayoutStyle::default();
        return laid_out_scene(map, index, request, evaluation, report, &style, false)
            .unwrap_or_else(Scene::empty);
    };
    page_scene(map, index, request, spec, evaluation, report).1
}

/// The layout style a page-sized export of the whole of `map` (with its
/// `index`) on the page `spec` lays it out in: the screen's, aiming at the
/// sheet's shape, when its text prints at least
/// [`crate::render::page::READABLE_TEXT_PT`] large; otherwise, for a small
/// map, the one of the screen's and the clean print styles that prints
/// its text largest.
pub fn page_layout_style(map: &Map, index: &MapIndex, spec: PageSpec) -> LayoutStyle {
    let request = ExportRequest {
        page: Some(spec),
        ..ExportRequest::new(Format::Pdf)
    };
    page_scene(map, index, &request, spec, None, &mut |_| {}).0
}

/// Lays out `map` for the page `spec` and builds its scene: the layout
/// style chosen and the scene.
fn page_scene(
    map: &Map,
    index: &MapIndex,
    request: &ExportRequest,
    spec: PageSpec,
    evaluation: Option<SceneEvaluation>,
    report: &mut dyn FnMut(Stage),
) -> (LayoutStyle, Scene) {
    // The layout aims at the shape of the sheet within its margin; with
    // the orientation left to the map, at both, keeping the one that
    // prints larger (a map too large for that to be worth a second layout
    // is laid out for landscape, and printed whichever way it fits best).
    let ways: &[bool] = match spec.orientation {
        Orientation::Portrait => &[false],
        Orientation::Landscape => &[true],
        Orientation::Auto if map.claims.len() > PAGE_BOTH_WAYS_CLAIMS => &[true],
        Orientation::Auto => &[true, false],
    };
    // In the screen's style first; when its text prints below the readable
    // size, a small map is also laid out in the print styles (tighter
    // spacing, wider lines of text), each kept only when it is clean, and
    // the page keeps whichever prints its text largest.
    let print = map.claims.len() <= PAGE_PRINT_STYLE_CLAIMS && request.collapsed.is_empty();
    let pages: Vec<PageSpec> = ways
        .iter()
        .map(|&landscape| PageSpec {
            orientation: if landscape {
                Orientation::Landscape
            } else {
                Orientation::Portrait
            },
            ..spec
        })
        .collect();
    let mut best: Option<(f32, LayoutStyle, Scene)> = None;
    for print_style in [false, true] {
        if print_style {
            let readable = best.as_ref().is_some_and(|(scale, style, _)| {
                style.font_size * scale >= crate::render::page::READABLE_TEXT_PT
            });
            if readable || !print {
                break;
            }
        }
        for page in &pages {
            let screen = LayoutStyle {
                target_aspect: page.room_aspect(),
                ..LayoutStyle::default()
            };
            let styles = if print_style {
                print_styles(&screen, page, request.title)
            } else {
                vec![screen]
            };
            for style in &styles {
                // The screen's style is kept whatever its quality, as on
                // screen; a print style only when it is clean.
                let Some(scene) = laid_out_scene(
                    map,
                    index,
                    request,
                    evaluation.clone(),
                    report,
                    style,
                    print_style,
                ) else {
                    continue;
                };
                let content = page_content(&scene);
                let scale = page.fit(content.width(), content.height()).scale;
                if best.as_ref().is_none_or(|(s, _, _)| scale > *s) {
                    best = Some((scale, style.clone(), scene));
                }
            }
        }
    }
    match best {
        Some((_, style, scene)) => (style, scene),
        None => {
            let style = LayoutStyle::default();
            let scene = laid_out_scene(map, index, request, evaluation, report, &style, false)
                .unwrap_or_else(Scene::empty);
            (style, scene)
        }
    }
}

/// Most claims of a map that a page export also lays out in the print
/// styles of [`print_styles`], to print its text larger.
const PAGE_PRINT_STYLE_CLAIMS: usize = 64;

/// Widest lines of claim text the print styles try, in points (the
/// screen's are 180): fewer lines make lower boxes and fewer rows, and
/// which width packs a map best onto a sheet varies from map to map.
const PRINT_TEXT_WIDTHS: [f32; 6] = [200.0, 210.0, 220.0, 230.0, 240.0, 250.0];

/// The print styles a page export tries on `page` when the screen's style
/// prints the text too small: `screen`'s fonts and target aspect, less
/// space inside boxes and frames, between them and around the arrows'
/// runs between layers (still room for an arrowhead and a scheme label),
/// and wider lines of text; and the room the map has on the page at the
/// smallest readable scale (less the title's, with `title`), so that the
/// orders tried are chosen readable first.
fn print_styles(screen: &LayoutStyle, page: &PageSpec, title: bool) -> Vec<LayoutStyle> {
    let (width, height) = page.room();
    let readable_scale = crate::render::page::READABLE_TEXT_PT / screen.font_size;
    let title_height = if title { crate::scene::TITLE_ROOM } else { 0.0 };
    let readable_room = (
        width / readable_scale,
        height / readable_scale - title_height,
    );
    let mut styles = Vec::new();
    for h_gap in [10.0, 16.0] {
        for max_text_width in PRINT_TEXT_WIDTHS {
            styles.push(LayoutStyle {
                max_text_width,
                padding_x: 8.0,
                padding_y: 6.0,
                h_gap,
                v_gap: 40.0,
                group_padding: 6.0,
                channel_head: 12.0,
                channel_foot: 20.0,
                readable_room: Some(readable_room),
                ..screen.clone()
            });
        }
    }
    styles
}

/// Most claims of a map that an export on a page with the orientation
/// left to the map lays out both ways.
const PAGE_BOTH_WAYS_CLAIMS: usize = 5_000;

/// Lays out `map` in `style` and builds its scene as the request asks.
/// With `clean_only`, `None` when an arrow passes through a box or frame
/// or a box or scheme label overlaps another (or the request shows part
/// of the map, whose layout is not measured).
fn laid_out_scene(
    map: &Map,
    index: &MapIndex,
    request: &ExportRequest,
    evaluation: Option<SceneEvaluation>,
    report: &mut dyn FnMut(Stage),
    style: &LayoutStyle,
    clean_only: bool,
) -> Option<Scene> {
    let measure = FontMetrics::bundled();
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
    report(Stage::LayingOut);
    if !request.collapsed.is_empty() {
        let collapsed: Vec<bool> = map
            .claims
            .iter()
            .map(|c| request.collapsed.contains(&c.id))
            .collect();
        let visibility = crate::visible::visibility(map, index, &collapsed, None);
        if !visibility.is_complete() {
            if clean_only {
                return None;
            }
            report(Stage::BuildingScene);
            let theme = Theme::new(request.theme);
            return Some(crate::scene::collapse::shown_scene(
                map,
                index,
                &visibility,
                style,
                measure,
                &theme,
                &options,
            ));
        }
    }
    let laid_out = layout(map, index, measure, style);
    if clean_only && !is_clean(&layout_quality(&laid_out)) {
        return None;
    }
    report(Stage::BuildingScene);
    Some(build_scene(
        map,
        index,
        &laid_out,
        style,
        measure,
        &Theme::new(request.theme),
        &options,
    ))
}

/// No arrow through a box or frame, and no box or scheme label over
/// another.
fn is_clean(quality: &Quality) -> bool {
    quality.through_boxes == 0
        && quality.through_frames == 0
        && quality.box_overlaps == 0
        && quality.label_overlaps == 0
}

/// How a scene is drawn in its format, decided before drawing: the PNG's
/// scale and pixel size, or the PDF's pages.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Drawing {
    Svg,
    /// An SVG declaring a page's size, in millimetres.
    SvgPage(PageFit),
    /// A PNG, with the resolution to record for a page.
    Png {
        scale: f32,
        size: (u32, u32),
        dpi: Option<u32>,
    },
    Pdf(pdf::Pages),
}

impl Drawing {
    /// The drawing `request` asks for: the requested PNG scale, or with
    /// [`ExportRequest::fit`] the largest that fits when that one is too
    /// large; PDF pages within the page limit. Fails when the output would
    /// exceed [`ExportRequest::max_size`].
    fn new(
        scene: &Scene,
        request: &ExportRequest,
        page: Option<&PageFit>,
    ) -> Result<Drawing, ExportError> {
        if let (Some(fit), Some(spec)) = (page, request.page) {
            return Ok(match request.format {
                Format::Png => Drawing::Png {
                    scale: fit.scale * spec.dpi as f32 / 72.0,
                    size: fit.pixels(spec.dpi),
                    dpi: Some(spec.dpi),
                },
                Format::Pdf => Drawing::Pdf(pdf::Pages::Single {
                    scale: fit.scale,
                    width: fit.page.0,
                    height: fit.page.1,
                }),
                Format::Svg | Format::Dot | Format::Html => Drawing::SvgPage(*fit),
            });
        }
        let (w, h) = svg::document_size(scene);
        match request.format {
            // DOT is written from the map before any scene is built; an
            // HTML page holds the SVG drawing.
            Format::Svg | Format::Dot | Format::Html => Ok(Drawing::Svg),
            Format::Png => {
                let limit = request.pixel_limit()?;
                let scale = match png::check_size(w, h, request.scale, limit) {
                    Ok(_) => request.scale,
                    Err(png::PngError::TooLarge {
                        fitting_scale: Some(scale),
                        ..
                    }) if request.fit => scale,
                    Err(err) => return Err(from_png_error(err)),
                };
                let size = png::check_size(w, h, scale, limit).map_err(from_png_error)?;
                Ok(Drawing::Png {
                    scale,
                    size,
                    dpi: None,
                })
            }
            Format::Pdf => {
                let pages = pdf::plan_pages(w, h, request.tiles);
                if request.tiles.is_some() {
                    pdf::check_pages(&pages, request.max_pages()?).map_err(from_pdf_error)?;
                }
                Ok(Drawing::Pdf(pages))
            }
        }
    }

    /// The scale to report: pixels per point for PNG, page points per map
    /// point for PDF.
    fn scale(&self, request: &ExportRequest) -> f32 {
        match *self {
            Drawing::Png { scale, .. } => scale,
            Drawing::Pdf(pdf::Pages::Single { scale, .. }) => scale,
            Drawing::Pdf(pdf::Pages::Poster(_)) => 1.0,
            Drawing::SvgPage(fit) => fit.scale,
            Drawing::Svg => request.scale,
        }
    }

    fn output_size(&self, scene: &Scene, page: Option<PageFit>) -> OutputSize {
        let points = |width, height, pages| OutputSize {
            width,
            height,
            unit: SizeUnit::Points,
            pages,
            page,
        };
        match *self {
            Drawing::Png { size, .. } => OutputSize {
                width: size.0 as f32,
                height: size.1 as f32,
                unit: SizeUnit::Pixels,
                pages: None,
                page,
            },
            Drawing::SvgPage(fit) => points(fit.page.0, fit.page.1, None),
            Drawing::Svg => {
                let (w, h) = svg::document_size(scene);
                points(w, h, None)
            }
            Drawing::Pdf(pdf::Pages::Single { width, height, .. }) => points(width, height, None),
            Drawing::Pdf(pdf::Pages::Poster(poster)) => points(
                poster.page.0,
                poster.page.1,
                Some((poster.columns, poster.rows)),
            ),
        }
    }

    /// Draws `scene` into `out`.
    fn draw(
        &self,
        scene: &Scene,
        map: Option<&Map>,
        out: &mut dyn Write,
    ) -> Result<(), ExportError> {
        match self {
            Drawing::Svg => out
                .write_all(svg::to_svg(scene, map).as_bytes())
                .map_err(ExportError::Output),
            Drawing::SvgPage(fit) => out
                .write_all(svg::to_svg_on_page(scene, map, fit.size_mm()).as_bytes())
                .map_err(ExportError::Output),
            Drawing::Png {
                scale,
                size,
                dpi: None,
            } => png::write_png(scene, *scale, *size, out).map_err(from_png_error),
            Drawing::Png {
                scale,
                size,
                dpi: Some(dpi),
            } => png::write_png_for_print(scene, *scale, *size, *dpi, out).map_err(from_png_error),
            Drawing::Pdf(pages) => pdf::write_pdf(scene, map.map(|m| m.title.as_str()), pages, out)
                .map_err(from_pdf_error),
        }
    }
}

/// For a page-sized request, fits the scene to the page and widens its
/// bounds to the whole page (see [`PageFit::widen`]); `None` otherwise.
fn onto_page(scene: &mut Scene, request: &ExportRequest) -> Result<Option<PageFit>, ExportError> {
    let Some(spec) = check_page(request)? else {
        return Ok(None);
    };
    scene.bounds = page_content(scene);
    let fit = spec.fit(scene.bounds.width(), scene.bounds.height());
    fit.widen(scene);
    Ok(Some(fit))
}

/// What `scene` draws on a page: the sheet's margin is the map's white
/// border there, so the scene's own margin is left out (and the map
/// prints that much larger).
fn page_content(scene: &Scene) -> crate::geom::Rect {
    let inner = scene.bounds.expand(-crate::scene::MARGIN);
    if inner.width() >= 1.0 && inner.height() >= 1.0 {
        inner
    } else {
        scene.bounds
    }
}

/// The page a request asks for, checked against its format, `tiles` and
/// the resolution range.
fn check_page(request: &ExportRequest) -> Result<Option<PageSpec>, ExportError> {
    let Some(spec) = request.page else {
        return Ok(None);
    };
    if !matches!(request.format, Format::Png | Format::Svg | Format::Pdf) {
        return Err(ExportError::PageFormat(request.format));
    }
    if request.tiles.is_some() {
        return Err(ExportError::PageAndTiles);
    }
    let (lo, hi) = crate::render::page::DPI_RANGE;
    if !(lo..=hi).contains(&spec.dpi) {
        return Err(ExportError::InvalidDpi(spec.dpi));
    }
    Ok(Some(spec))
}

/// The size `request` would give, without drawing anything: pixels for
/// PNG (at the scale that would be used), points for SVG and PDF (of each
/// page, for a poster), and `None` for DOT, whose drawing Graphviz lays
/// out. Fails as the export would (unknown root, too large a PNG without
/// `fit`, too many poster pages).
pub fn estimate_size(
    loaded: &LoadedMap,
    request: &ExportRequest,
) -> Result<Option<OutputSize>, ExportError> {
    check_page(request)?;
    let prepared = select(loaded, request)?;
    if request.format == Format::Dot {
        return Ok(None);
    }
    let evaluation = scene_evaluation(loaded, &prepared.map, request, false).map(|(e, _)| e);
    let mut scene = scene_for(
        &prepared.map,
        &prepared.index,
        request,
        evaluation,
        &mut |_| {},
    );
    let page = onto_page(&mut scene, request)?;
    Ok(Some(
        Drawing::new(&scene, request, page.as_ref())?.output_size(&scene, page),
    ))
}

/// Draws an already built scene in `format` (not DOT, which draws the map
/// itself: see [`crate::render::dot::to_dot`]) with the defaults of
/// [`ExportRequest::new`] besides `scale`: a PNG within the default pixel
/// limit, a PDF on one page. `map` labels the SVG's claim groups with
/// their ids and texts and gives the PDF its title.
pub fn render_scene(
    scene: &Scene,
    map: Option<&Map>,
    format: Format,
    scale: f32,
) -> Result<Vec<u8>, ExportError> {
    if matches!(format, Format::Dot | Format::Html) {
        return Err(ExportError::Render {
            format,
            message: format!("{format} is written from the map, not from a scene alone"),
        });
    }
    let request = ExportRequest {
        scale,
        ..ExportRequest::new(format)
    };
    let mut out = Vec::new();
    Drawing::new(scene, &request, None)?.draw(scene, map, &mut out)?;
    Ok(out)
}

/// What was drawn into the output.
struct Rendered {
    size: Option<OutputSize>,
    scale: f32,
    claims: usize,
}

/// Runs the pipeline, drawing into `out`.
fn render(
    loaded: &LoadedMap,
    request: &ExportRequest,
    report: &mut dyn FnMut(Stage),
    out: &mut dyn Write,
) -> Result<Rendered, ExportError> {
    if request.format == Format::Png && !(request.scale.is_finite() && request.scale > 0.0) {
        return Err(ExportError::InvalidScale(request.scale));
    }
    check_page(request)?;
    report(Stage::Selecting);
    let prepared = select(loaded, request)?;
    let (map, index) = (prepared.map.as_ref(), prepared.index.as_ref());
    if request.format == Format::Dot {
        // Graphviz lays the graph out itself: no layout or scene needed.
        report(Stage::Rendering);
        let dot = dot::to_dot(map, index, &Theme::new(request.theme));
        out.write_all(dot.as_bytes()).map_err(ExportError::Output)?;
        return Ok(Rendered {
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
    let mut scene = scene_for(map, index, request, evaluation, report);
    let page = onto_page(&mut scene, request)?;
    let drawing = Drawing::new(&scene, request, page.as_ref())?;
    report(Stage::Rendering);
    if request.format == Format::Html {
        let page = html::HtmlPage {
            map,
            index,
            source: &loaded.source,
            notes: &request.notes,
            theme: &Theme::new(request.theme),
            verdicts: &verdicts,
        };
        out.write_all(html::to_html(&scene, &page).as_bytes())
            .map_err(ExportError::Output)?;
    } else {
        drawing.draw(&scene, Some(map), out)?;
    }
    Ok(Rendered {
        size: Some(drawing.output_size(&scene, page)),
        scale: drawing.scale(request),
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
    let mut out = Vec::new();
    render(loaded, request, &mut report, &mut out)?;
    Ok(out)
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
    // Formats that draw in parts (PNG bands) write each part as it is
    // done, so the file is written while drawing.
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file.as_file_mut());
    let rendered = match render(loaded, request, &mut report, &mut writer) {
        Err(ExportError::Output(reason)) => return Err(write_error(reason)),
        result => result?,
    };
    report(Stage::Writing);
    writer.flush().map_err(write_error)?;
    drop(writer);
    file.as_file().sync_all().map_err(write_error)?;
    let bytes = file.as_file().metadata().map_err(write_error)?.len();
    set_permissions(file.as_file(), path).map_err(write_error)?;
    file.persist(path).map_err(|e| write_error(e.error))?;
    Ok(ExportSummary {
        path: path.to_owned(),
        format: request.format,
        bytes,
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
