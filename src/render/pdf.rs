//! Rendering a scene as PDF: the scene's shapes written straight into PDF
//! content streams with pdf-writer, text as real, selectable text in the
//! embedded (subset) bundled font (`render::pdf_font`).
//!
//! No page is larger than [`MAX_PAGE_SIDE`] points, the limit common PDF
//! viewers enforce. A scene that fits is one page of its own size, one
//! point per scene point; a larger one is scaled down to fit
//! ([`Pages::Single`]), or, on request, split into a poster of paper-sized
//! pages at full size ([`Pages::Poster`]) whose neighbours overlap by
//! [`OVERLAP`] points, with crop marks, overlap marks and a label on each
//! page so the sheets can be trimmed and joined.
//!
//! Shapes come from [`super::paint`], the same items, order and geometry
//! as the SVG and PNG. Text is shaped with rustybuzz ([`super::glyphs`])
//! and written as glyph runs with the shaper's kerning. Output is
//! deterministic: the same scene gives the same bytes.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;

use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};

use super::glyphs::{Fonts, Glyph, Shaper};
use super::paint::{self, Canvas, DASH, ItemGrid, Seg, Stroke};
use super::pdf_font::EmbeddedFont;
use crate::geom::{Point, Rect as SceneRect};
use crate::scene::{Color, Scene, TextLine};
use crate::text::{FontMetrics, TextMeasure as _, Weight};

/// The largest page side, in points, that common PDF viewers show (Adobe's
/// implementation limit, 200 inches).
pub const MAX_PAGE_SIDE: f32 = 14_400.0;
/// The most pages a poster may have unless a larger limit is given.
pub const DEFAULT_MAX_PAGES: u32 = 100;
/// The most pages a poster may have with any limit.
pub const LARGEST_MAX_PAGES: u32 = 100_000;
/// White border of a poster page, in points, where the marks and the
/// label go (printers cannot print to the edge).
pub const POSTER_MARGIN: f32 = 36.0;
/// How much of the map neighbouring poster pages both show, in points, so
/// the sheets can be glued.
pub const OVERLAP: f32 = 18.0;

/// A paper size for poster pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A3, 297 × 420 mm.
    A3,
    /// US Letter, 8.5 × 11 inches.
    Letter,
}

impl Paper {
    /// Width and height in points, portrait.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
            Paper::Letter => "Letter",
        })
    }
}

/// A poster: the scene at full size on a grid of paper-sized pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poster {
    /// The paper.
    pub paper: Paper,
    /// Page width and height in points (the paper, portrait or landscape,
    /// whichever needs fewer pages).
    pub page: (f32, f32),
    /// Pages across.
    pub columns: u32,
    /// Pages down.
    pub rows: u32,
}

impl Poster {
    /// Number of pages.
    pub fn pages(&self) -> u64 {
        u64::from(self.columns) * u64::from(self.rows)
    }

    /// The part of a page the map is drawn on, in points.
    fn content(&self) -> (f32, f32) {
        (
            self.page.0 - 2.0 * POSTER_MARGIN,
            self.page.1 - 2.0 * POSTER_MARGIN,
        )
    }

    /// How far the map moves from one page to the next, in points.
    fn step(&self) -> (f64, f64) {
        let (w, h) = self.content();
        (f64::from(w - OVERLAP), f64::from(h - OVERLAP))
    }
}

/// How a scene is laid onto pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pages {
    /// One page, the scene's size times `scale` (1, or less to keep the
    /// page within [`MAX_PAGE_SIDE`]).
    Single {
        /// Page points per scene point.
        scale: f32,
        /// Page width in points.
        width: f32,
        /// Page height in points.
        height: f32,
    },
    /// Paper-sized pages at full size.
    Poster(Poster),
}

/// Lays a `width` × `height` point scene onto pages: one page (scaled
/// down if larger than [`MAX_PAGE_SIDE`]), or a poster on `tiles` paper.
pub fn plan_pages(width: f32, height: f32, tiles: Option<Paper>) -> Pages {
    let (width, height) = (width.max(1.0), height.max(1.0));
    match tiles {
        None => {
            let scale = (MAX_PAGE_SIDE / width).min(MAX_PAGE_SIDE / height).min(1.0);
            let side = |v: f32| ((v * scale * 100.0).round() / 100.0).min(MAX_PAGE_SIDE);
            Pages::Single {
                scale,
                width: side(width),
                height: side(height),
            }
        }
        Some(paper) => {
            let poster = |page: (f32, f32)| {
                let mut poster = Poster {
                    paper,
                    page,
                    columns: 1,
                    rows: 1,
                };
                let (step_x, step_y) = poster.step();
                let count = |extent: f32, step: f64| {
                    ((f64::from(extent - OVERLAP) / step).ceil().max(1.0)).min(f64::from(u32::MAX))
                        as u32
                };
                poster.columns = count(width, step_x);
                poster.rows = count(height, step_y);
                poster
            };
            let (w, h) = paper.size();
            let portrait = poster((w, h));
            let landscape = poster((h, w));
            Pages::Poster(if landscape.pages() < portrait.pages() {
                landscape
            } else {
                portrait
            })
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// A poster would have more pages than allowed.
    #[error(
        "the poster would take {} pages of {} ({} across × {} down) at full size, more than the limit of {limit} pages; it would take --max-size {}, or leave out --tiles for one page scaled to fit",
        poster.pages(), poster.paper, poster.columns, poster.rows, poster.pages()
    )]
    TooManyPages {
        /// The poster asked for.
        poster: Poster,
        /// The most pages allowed.
        limit: u32,
    },
    /// The font could not be embedded (a defect, not a user error).
    #[error("cannot embed the font: {0}")]
    Font(String),
    /// The document could not be written.
    #[error("{0}")]
    Write(#[from] std::io::Error),
}

/// Checks that `pages` has at most `max_pages` pages.
pub fn check_pages(pages: &Pages, max_pages: u32) -> Result<(), PdfError> {
    match pages {
        Pages::Poster(poster) if poster.pages() > u64::from(max_pages) => {
            Err(PdfError::TooManyPages {
                poster: *poster,
                limit: max_pages,
            })
        }
        _ => Ok(()),
    }
}

/// Compresses a stream's data for `/FlateDecode`.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 3)
}

/// Writes `scene` laid onto `pages` as a PDF document to `out`; `title`
/// becomes the document's title.
pub fn write_pdf(
    scene: &Scene,
    title: Option<&str>,
    pages: &Pages,
    out: &mut dyn Write,
) -> Result<(), PdfError> {
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let page_tree = next.bump();
    let resources = next.bump();
    let info = next.bump();
    let mut canvas = PdfCanvas::new([
        EmbeddedFont::new(Weight::Regular, next.bump()),
        EmbeddedFont::new(Weight::Bold, next.bump()),
    ]);
    let mut doc = Document {
        pdf: Pdf::new(),
        next,
        page_tree,
        resources,
        pages: Vec::new(),
        contents: Vec::new(),
    };
    let mut segs = Vec::new();
    let bounds = scene.bounds;

    match *pages {
        Pages::Single {
            scale,
            width,
            height,
        } => {
            canvas.place(Placement {
                scale,
                origin: (f64::from(bounds.min.x), f64::from(bounds.min.y)),
                offset: (0.0, 0.0),
                page_height: height,
            });
            canvas.begin_page();
            if let Some(background) = scene.background {
                canvas.fill(rect_path(&mut segs, bounds), background);
            }
            for (n, item) in paint::items(scene).enumerate() {
                paint::paint_item(scene, item, &mut canvas, &mut segs);
                if n % ITEMS_PER_STREAM == ITEMS_PER_STREAM - 1 {
                    doc.flush(&mut canvas);
                }
            }
            doc.finish_page(&mut canvas, (width, height));
        }
        Pages::Poster(poster) => {
            let (step_x, step_y) = poster.step();
            let grid = ItemGrid::new(
                scene,
                bounds.min,
                (step_x, step_y),
                (poster.columns as usize, poster.rows as usize),
                OVERLAP + 1.0,
            );
            let (content_w, content_h) = poster.content();
            for row in 0..poster.rows {
                for column in 0..poster.columns {
                    let origin = (
                        f64::from(bounds.min.x) + f64::from(column) * step_x,
                        f64::from(bounds.min.y) + f64::from(row) * step_y,
                    );
                    canvas.place(Placement {
                        scale: 1.0,
                        origin,
                        offset: (POSTER_MARGIN, POSTER_MARGIN),
                        page_height: poster.page.1,
                    });
                    canvas.begin_page();
                    canvas.clip_to_content(content_w, content_h);
                    if let Some(background) = scene.background {
                        // The page's part of the scene's background.
                        let region = paint_region(origin, (content_w, content_h));
                        if let Some(part) = intersect(region, bounds) {
                            canvas.fill(rect_path(&mut segs, part), background);
                        }
                    }
                    for item in grid.cell(column as usize, row as usize) {
                        paint::paint_item(scene, item, &mut canvas, &mut segs);
                    }
                    canvas.end_clip();
                    poster_marks(&mut canvas, &poster, (column, row), title, &mut segs);
                    doc.finish_page(&mut canvas, poster.page);
                }
            }
        }
    }

    let Document {
        mut pdf,
        mut next,
        pages,
        ..
    } = doc;
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(pages.iter().copied())
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    let mut info_dict = pdf.document_info(info);
    if let Some(title) = title {
        info_dict.title(TextStr(title));
    }
    info_dict.producer(TextStr("reasonmap"));
    info_dict.finish();
    canvas.write_resources(&mut pdf, resources, &mut next)?;
    out.write_all(&pdf.finish())?;
    Ok(())
}

/// Items drawn into one content stream before it is compressed and
/// written; a large page is several streams, so the uncompressed drawing
/// of a large map is never held whole.
const ITEMS_PER_STREAM: usize = 1024;

/// The document being written, page by page.
struct Document {
    pdf: Pdf,
    next: Ref,
    page_tree: Ref,
    resources: Ref,
    /// Pages written so far.
    pages: Vec<Ref>,
    /// Content streams of the page being drawn.
    contents: Vec<Ref>,
}

impl Document {
    /// Compresses and writes what `canvas` drew since the last flush as
    /// one of the current page's content streams.
    fn flush(&mut self, canvas: &mut PdfCanvas) {
        let mut data = std::mem::replace(&mut canvas.content, Content::new()).finish();
        // Streams of a page are read as one: end each at a token boundary.
        data.push(b'\n');
        let reference = self.next.bump();
        self.pdf
            .stream(reference, &deflate(&data))
            .filter(Filter::FlateDecode);
        self.contents.push(reference);
    }

    /// Writes the page `canvas` drew, `size` points large.
    fn finish_page(&mut self, canvas: &mut PdfCanvas, size: (f32, f32)) {
        self.flush(canvas);
        let page = self.next.bump();
        self.pdf
            .page(page)
            .media_box(Rect::new(0.0, 0.0, size.0, size.1))
            .parent(self.page_tree)
            .contents_array(self.contents.drain(..))
            .pair(Name(b"Resources"), self.resources);
        self.pages.push(page);
    }
}

fn paint_region(origin: (f64, f64), (w, h): (f32, f32)) -> SceneRect {
    SceneRect {
        min: Point::new(origin.0 as f32, origin.1 as f32),
        max: Point::new(
            (origin.0 + f64::from(w)) as f32,
            (origin.1 + f64::from(h)) as f32,
        ),
    }
}

fn intersect(a: SceneRect, b: SceneRect) -> Option<SceneRect> {
    let r = SceneRect {
        min: Point::new(a.min.x.max(b.min.x), a.min.y.max(b.min.y)),
        max: Point::new(a.max.x.min(b.max.x), a.max.y.min(b.max.y)),
    };
    (!r.is_empty()).then_some(r)
}

fn rect_path(segs: &mut Vec<Seg>, rect: SceneRect) -> &[Seg] {
    paint::rounded_rect(segs, rect, 0.0);
    segs
}

/// Crop marks at the corners of the drawn area, ticks where the overlap
/// with each neighbour begins, and a label saying which page this is.
fn poster_marks(
    canvas: &mut PdfCanvas,
    poster: &Poster,
    (column, row): (u32, u32),
    title: Option<&str>,
    segs: &mut Vec<Seg>,
) {
    // Marks are placed in page points, y downwards from the page's top.
    canvas.place(Placement {
        scale: 1.0,
        origin: (0.0, 0.0),
        offset: (0.0, 0.0),
        page_height: poster.page.1,
    });
    let (w, h) = poster.page;
    let m = POSTER_MARGIN;
    let (left, top, right, bottom) = (m, m, w - m, h - m);
    let mark = Stroke {
        color: Color::rgb(0, 0, 0),
        width: 0.5,
        dashed: false,
    };
    let mut line = |canvas: &mut PdfCanvas, from: (f32, f32), to: (f32, f32)| {
        segs.clear();
        segs.push(Seg::Move(Point::new(from.0, from.1)));
        segs.push(Seg::Line(Point::new(to.0, to.1)));
        canvas.stroke(segs, mark);
    };
    // Crop marks: short lines outside each corner, along both edges.
    let (gap, len) = (4.0, 14.0);
    for &(x, y) in &[(left, top), (right, top), (left, bottom), (right, bottom)] {
        let out_x = if x == left { -1.0 } else { 1.0 };
        let out_y = if y == top { -1.0 } else { 1.0 };
        line(canvas, (x + out_x * gap, y), (x + out_x * (gap + len), y));
        line(canvas, (x, y + out_y * gap), (x, y + out_y * (gap + len)));
    }
    // Overlap marks: where this page's strip shared with a neighbour
    // begins, a tick in both margins across that edge.
    let tick = 10.0;
    if column > 0 {
        let x = left + OVERLAP;
        line(canvas, (x, top - gap), (x, top - gap - tick));
        line(canvas, (x, bottom + gap), (x, bottom + gap + tick));
    }
    if column + 1 < poster.columns {
        let x = right - OVERLAP;
        line(canvas, (x, top - gap), (x, top - gap - tick));
        line(canvas, (x, bottom + gap), (x, bottom + gap + tick));
    }
    if row > 0 {
        let y = top + OVERLAP;
        line(canvas, (left - gap, y), (left - gap - tick, y));
        line(canvas, (right + gap, y), (right + gap + tick, y));
    }
    if row + 1 < poster.rows {
        let y = bottom - OVERLAP;
        line(canvas, (left - gap, y), (left - gap - tick, y));
        line(canvas, (right + gap, y), (right + gap + tick, y));
    }
    let size = 7.0;
    let metrics = FontMetrics::bundled();
    let page = u64::from(row) * u64::from(poster.columns) + u64::from(column) + 1;
    let mut label = format!(
        "Page {page} of {}: row {} of {}, column {} of {}. Ticks mark the {} pt the neighbouring page also shows.",
        poster.pages(),
        row + 1,
        poster.rows,
        column + 1,
        poster.columns,
        OVERLAP
    );
    if let Some(title) = title {
        label = format!("{title}. {label}");
    }
    canvas.text(&TextLine {
        pos: Point::new(left, bottom + gap + tick + 2.0),
        ascent: metrics.ascent(size),
        text: label,
        size,
        weight: Weight::Regular,
        color: Color::rgb(0x55, 0x55, 0x55),
    });
}

/// Where scene points go on the page: `page = offset + (scene - origin) *
/// scale`, then flipped so y grows upwards from the page's bottom.
#[derive(Debug, Clone, Copy)]
struct Placement {
    scale: f32,
    origin: (f64, f64),
    offset: (f32, f32),
    page_height: f32,
}

/// Graphics state already set in the content stream, to skip repeats.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct State {
    fill: Option<(u8, u8, u8)>,
    stroke: Option<(u8, u8, u8)>,
    fill_alpha: Option<u8>,
    stroke_alpha: Option<u8>,
    width: Option<f32>,
    dashed: Option<bool>,
}

/// Writes paint operations into a page's content stream.
struct PdfCanvas {
    content: Content,
    place: Placement,
    state: State,
    fonts: [EmbeddedFont; 2],
    shaper: Shaper,
    glyphs: Vec<Glyph>,
    /// Opacities used for fills and for strokes, for the resources.
    fill_alphas: BTreeSet<u8>,
    stroke_alphas: BTreeSet<u8>,
    run: Vec<u8>,
}

/// Rounds a page coordinate to hundredths of a point.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn channel(v: u8) -> f32 {
    (f32::from(v) / 255.0 * 1000.0).round() / 1000.0
}

fn alpha_name(stroke: bool, alpha: u8) -> String {
    format!("{}{alpha}", if stroke { "A" } else { "a" })
}

impl PdfCanvas {
    fn new(fonts: [EmbeddedFont; 2]) -> Self {
        Self {
            content: Content::new(),
            place: Placement {
                scale: 1.0,
                origin: (0.0, 0.0),
                offset: (0.0, 0.0),
                page_height: 0.0,
            },
            state: State::default(),
            fonts,
            shaper: Shaper::new(),
            glyphs: Vec::new(),
            fill_alphas: BTreeSet::new(),
            stroke_alphas: BTreeSet::new(),
            run: Vec::new(),
        }
    }

    fn place(&mut self, place: Placement) {
        self.place = place;
    }

    /// Starts a page: a fresh graphics state with SVG's mitre limit.
    fn begin_page(&mut self) {
        self.state = State::default();
        self.content.set_miter_limit(4.0);
    }

    fn clip_to_content(&mut self, width: f32, height: f32) {
        let (x, y) = (
            self.place.offset.0,
            self.place.page_height - self.place.offset.1 - height,
        );
        self.content.save_state();
        self.content
            .rect(x, y, width, height)
            .clip_nonzero()
            .end_path();
    }

    fn end_clip(&mut self) {
        self.content.restore_state();
        // The saved state holds none of the colours set inside.
        self.state = State::default();
    }

    fn pt(&self, p: Point) -> (f32, f32) {
        let p_ = &self.place;
        let s = f64::from(p_.scale);
        let x = f64::from(p_.offset.0) + (f64::from(p.x) - p_.origin.0) * s;
        let y = f64::from(p_.offset.1) + (f64::from(p.y) - p_.origin.1) * s;
        (round(x as f32), round(p_.page_height - y as f32))
    }

    fn path(&mut self, segs: &[Seg]) {
        for seg in segs {
            match *seg {
                Seg::Move(p) => {
                    let (x, y) = self.pt(p);
                    self.content.move_to(x, y);
                }
                Seg::Line(p) => {
                    let (x, y) = self.pt(p);
                    self.content.line_to(x, y);
                }
                Seg::Cubic(a, b, p) => {
                    let ((ax, ay), (bx, by), (x, y)) = (self.pt(a), self.pt(b), self.pt(p));
                    self.content.cubic_to(ax, ay, bx, by, x, y);
                }
                Seg::Close => {
                    self.content.close_path();
                }
            }
        }
    }

    fn set_fill(&mut self, color: Color) {
        self.set_color(color, false);
    }

    /// Sets the fill (or with `stroke` the stroke) colour and opacity,
    /// unless they are set already.
    fn set_color(&mut self, color: Color, stroke: bool) {
        let rgb = (color.r, color.g, color.b);
        let (current, alpha, alphas) = if stroke {
            (
                &mut self.state.stroke,
                &mut self.state.stroke_alpha,
                &mut self.stroke_alphas,
            )
        } else {
            (
                &mut self.state.fill,
                &mut self.state.fill_alpha,
                &mut self.fill_alphas,
            )
        };
        if *current != Some(rgb) {
            let (r, g, b) = (channel(color.r), channel(color.g), channel(color.b));
            if stroke {
                self.content.set_stroke_rgb(r, g, b);
            } else {
                self.content.set_fill_rgb(r, g, b);
            }
            *current = Some(rgb);
        }
        if alpha.unwrap_or(255) != color.a {
            alphas.insert(color.a);
            self.content
                .set_parameters(Name(alpha_name(stroke, color.a).as_bytes()));
            *alpha = Some(color.a);
        }
    }

    fn set_stroke(&mut self, stroke: Stroke) {
        self.set_color(stroke.color, true);
        let width = stroke.width * self.place.scale;
        if self.state.width != Some(width) {
            self.content.set_line_width(width);
            self.state.width = Some(width);
        }
        if self.state.dashed != Some(stroke.dashed) {
            let pattern: Vec<f32> = if stroke.dashed {
                DASH.iter().map(|d| d * self.place.scale).collect()
            } else {
                Vec::new()
            };
            self.content.set_dash_pattern(pattern, 0.0);
            self.state.dashed = Some(stroke.dashed);
        }
    }

    /// Writes the resources every page shares: both fonts and the
    /// opacities used, then the fonts' own objects.
    fn write_resources(
        &self,
        pdf: &mut Pdf,
        resources: Ref,
        next: &mut Ref,
    ) -> Result<(), PdfError> {
        let mut states = Vec::new();
        for (stroke, alphas) in [(false, &self.fill_alphas), (true, &self.stroke_alphas)] {
            for &alpha in alphas {
                states.push((alpha_name(stroke, alpha), stroke, alpha, next.bump()));
            }
        }
        {
            let mut dict = pdf.indirect(resources).dict();
            let mut fonts = dict.insert(Name(b"Font")).dict();
            fonts.pair(Name(b"R"), self.fonts[0].reference());
            fonts.pair(Name(b"B"), self.fonts[1].reference());
            fonts.finish();
            let mut gs = dict.insert(Name(b"ExtGState")).dict();
            for (name, _, _, reference) in &states {
                gs.pair(Name(name.as_bytes()), *reference);
            }
        }
        for (_, stroke, alpha, reference) in states {
            let mut state = pdf.ext_graphics(reference);
            let opacity = f32::from(alpha) / 255.0;
            if stroke {
                state.stroking_alpha(opacity);
            } else {
                state.non_stroking_alpha(opacity);
            }
        }
        for font in &self.fonts {
            font.write(pdf, next).map_err(PdfError::Font)?;
        }
        Ok(())
    }
}

impl Canvas for PdfCanvas {
    fn fill(&mut self, segs: &[Seg], color: Color) {
        self.set_fill(color);
        self.path(segs);
        self.content.fill_nonzero();
    }

    fn stroke(&mut self, segs: &[Seg], stroke: Stroke) {
        self.set_stroke(stroke);
        self.path(segs);
        self.content.stroke();
    }

    fn fill_and_stroke(&mut self, segs: &[Seg], fill: Color, stroke: Stroke) {
        self.set_fill(fill);
        self.set_stroke(stroke);
        self.path(segs);
        self.content.fill_nonzero_and_stroke();
    }

    fn text(&mut self, line: &TextLine) {
        if line.text.is_empty() {
            return;
        }
        let (font_name, font_index) = match line.weight {
            Weight::Regular => (Name(b"R"), 0),
            Weight::Bold => (Name(b"B"), 1),
        };
        let face = Fonts::bundled().face(line.weight);
        let per_em = Fonts::bundled().units_per_em(line.weight);
        let mut glyphs = std::mem::take(&mut self.glyphs);
        self.shaper.shape(&line.text, line.weight, &mut glyphs);
        // Cluster starts, to tell which text each glyph shows.
        let mut starts: Vec<u32> = glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let text_of = |cluster: u32, first: bool| -> &str {
            if !first {
                return "";
            }
            let end = starts
                .iter()
                .find(|&&s| s > cluster)
                .map_or(line.text.len(), |&s| s as usize);
            line.text.get(cluster as usize..end).unwrap_or("")
        };

        self.set_fill(line.color);
        let (x, y) = self.pt(Point::new(line.pos.x, line.pos.y + line.ascent));
        let size = line.size * self.place.scale;
        self.content.begin_text();
        self.content.set_font(font_name, size);
        self.content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        // The pen after the glyphs shown so far, in font units, as the PDF
        // viewer advances it (by each glyph's own width).
        let mut pen = 0i32;
        let mut seen = BTreeSet::new();
        let mut pieces: Vec<(Vec<u8>, f32)> = Vec::new();
        self.run.clear();
        for glyph in &glyphs {
            let first = seen.insert(glyph.cluster);
            let cid = self.fonts[font_index].cid(glyph.id, text_of(glyph.cluster, first));
            if glyph.x != pen {
                // Kerning or a mark's offset: move the pen to the glyph.
                let adjust = -((glyph.x - pen) as f32) * 1000.0 / per_em;
                pieces.push((std::mem::take(&mut self.run), adjust));
                pen = glyph.x;
            }
            self.run.extend(cid.to_be_bytes());
            pen += i32::from(
                face.glyph_hor_advance(ttf_parser::GlyphId(glyph.id))
                    .unwrap_or(0),
            );
        }
        if pieces.is_empty() {
            self.content.show(Str(&self.run));
        } else {
            let mut shown = self.content.show_positioned();
            let mut items = shown.items();
            for (run, adjust) in &pieces {
                if !run.is_empty() {
                    items.show(Str(run));
                }
                items.adjust(*adjust);
            }
            items.show(Str(&self.run));
        }
        self.content.end_text();
        self.glyphs = glyphs;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn large_scenes_are_scaled_to_the_page_limit_or_tiled() {
        assert_eq!(
            plan_pages(300.0, 80.0, None),
            Pages::Single {
                scale: 1.0,
                width: 300.0,
                height: 80.0
            }
        );
        let Pages::Single {
            scale,
            width,
            height,
        } = plan_pages(1_600_000.0, 2_000.0, None)
        else {
            panic!("one page")
        };
        assert_eq!(width, MAX_PAGE_SIDE);
        assert!((scale - 0.009).abs() < 1e-6, "{scale}");
        assert!((height - 18.0).abs() < 0.01, "{height}");

        // 2,000 × 1,000 points on A4 with half-inch margins: landscape
        // pages show 769.89 × 523.28 points and move 751.89 × 505.28 a
        // page, so 3 × 2 pages hold it (portrait would take 4 × 2).
        let Pages::Poster(poster) = plan_pages(2_000.0, 1_000.0, Some(Paper::A4)) else {
            panic!("poster")
        };
        assert_eq!(poster.page, (841.89, 595.28));
        assert_eq!((poster.columns, poster.rows), (3, 2));
        assert!(check_pages(&Pages::Poster(poster), 6).is_ok());
        let err = check_pages(&Pages::Poster(poster), 5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the poster would take 6 pages of A4 (3 across × 2 down) at full size, more than the limit of 5 pages; it would take --max-size 6, or leave out --tiles for one page scaled to fit"
        );
    }
}
