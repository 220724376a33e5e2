//! Rendering a scene as PNG: the scene's shapes drawn straight with
//! tiny-skia, tile by tile, and streamed into the PNG encoder band by band,
//! so memory stays bounded (a few tens of megabytes) at any image size.
//!
//! Shapes come from [`super::paint`], the same items, order and geometry
//! the SVG has. Text is drawn from the outlines of the bundled Noto Sans:
//! each line is shaped with rustybuzz ([`super::glyphs`]), and each glyph's
//! outline is read once with ttf-parser, cached in font units and placed
//! by transforming its points. This replaces converting the whole map to
//! an SVG tree for resvg, which needed gigabytes for large maps and hit
//! resvg's node limit at 100,000 claims; resvg's own text-to-path would
//! have to re-parse and re-outline every line. Text smaller than
//! [`GREEK_BELOW`] pixels is drawn as a bar with the glyphs' average ink
//! ("greeking"): at that size glyphs are a blur of the same grey, and the
//! bar costs one rectangle instead of dozens of outlines.
//!
//! The pixel size is checked before anything is drawn against a
//! [`PixelLimit`] (by default [`MAX_SIDE`] pixels on a side and
//! [`MAX_PIXELS`] in all); a larger image is refused with the largest scale
//! that fits and the limit that would allow it.

use std::collections::HashMap;
use std::io::Write;

use tiny_skia::{
    Color as SkColor, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, StrokeDash,
    Transform,
};

use super::glyphs::{Fonts, Glyph, Shaper};
use super::paint::{self, Canvas, DASH, ItemGrid, Seg, Stroke};
use crate::geom::Point;
use crate::scene::{Color, Scene, TextLine};
use crate::text::{FontMetrics, TextMeasure as _, Weight};

/// The longest side, in pixels, of an image drawn within the default
/// [`PixelLimit`].
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels an image drawn within the default [`PixelLimit`] may
/// have: half a square of [`MAX_SIDE`] (128 megapixels).
pub const MAX_PIXELS: u64 = MAX_SIDE as u64 * MAX_SIDE as u64 / 2;
/// The largest `--max-size`: PNG readers built on libpng refuse images
/// wider or taller than a million pixels by default.
pub const LARGEST_SIDE: u32 = 1_000_000;

/// Below this size in pixels, text is drawn as bars of its average ink.
pub const GREEK_BELOW: f32 = 3.0;

/// The largest PNG an export may draw: `side` pixels on each side and
/// half a square of `side` in all. The limit guards against exports that
/// would run for minutes and write gigabytes; memory is bounded anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelLimit {
    /// The longest side, in pixels.
    pub side: u32,
}

impl Default for PixelLimit {
    fn default() -> Self {
        Self { side: MAX_SIDE }
    }
}

impl PixelLimit {
    /// The most pixels in all.
    pub fn pixels(self) -> u64 {
        u64::from(self.side) * u64::from(self.side) / 2
    }

    fn allows(self, width: u64, height: u64) -> bool {
        let side = u64::from(self.side);
        width <= side && height <= side && width * height <= self.pixels()
    }

    /// The smallest limit that allows a `width` × `height` pixel image,
    /// or `None` when no limit up to [`LARGEST_SIDE`] does.
    pub fn needed_for(width: u64, height: u64) -> Option<PixelLimit> {
        let square = ((2.0 * width as f64 * height as f64).sqrt()).ceil() as u64;
        let mut side = width.max(height).max(square);
        // Rounding of the square root: step up until it allows.
        while side <= u64::from(LARGEST_SIDE) {
            let limit = PixelLimit { side: side as u32 };
            if limit.allows(width, height) {
                return Some(limit);
            }
            side += 1;
        }
        None
    }
}

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The scale is zero, negative or not a number.
    #[error("the scale must be a positive number of pixels per point, not {0}")]
    InvalidScale(f32),
    /// The image would exceed the [`PixelLimit`].
    #[error("{}", too_large_message(*width, *height, *limit, *fitting_scale))]
    TooLarge {
        /// Width the image would have, in pixels.
        width: u64,
        /// Height the image would have, in pixels.
        height: u64,
        /// The limit it exceeds.
        limit: PixelLimit,
        /// The largest scale (rounded down to hundredths) that fits, if
        /// any does.
        fitting_scale: Option<f32>,
    },
    /// The encoded image could not be written.
    #[error("{0}")]
    Write(std::io::Error),
    /// Encoding the pixels as PNG failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

impl From<png::EncodingError> for PngError {
    fn from(err: png::EncodingError) -> Self {
        match err {
            png::EncodingError::IoError(err) => PngError::Write(err),
            err => PngError::Encode(err.to_string()),
        }
    }
}

fn too_large_message(
    width: u64,
    height: u64,
    limit: PixelLimit,
    fitting_scale: Option<f32>,
) -> String {
    let mut message = format!(
        "the image would be {width} × {height} pixels, more than the limit of {} pixels per side and {} megapixels in all",
        limit.side,
        limit.pixels() / (1024 * 1024)
    );
    if let Some(scale) = fitting_scale {
        let scale = scale_text(scale);
        message.push_str(&format!(
            "; the largest scale that fits is {scale} (--scale {scale} or --fit)"
        ));
    }
    match PixelLimit::needed_for(width, height) {
        Some(needed) => {
            let pixels = width as f64 * height as f64;
            message.push_str(&format!(
                "; drawing it as asked would take --max-size {} ({}, {} of pixels before compression)",
                needed.side,
                count_text(pixels, "pixels"),
                bytes_text(pixels * 4.0),
            ));
        }
        None => message.push_str(&format!(
            "; PNG readers refuse images over {LARGEST_SIDE} pixels on a side"
        )),
    }
    message.push_str(if fitting_scale.is_some() {
        "; or export SVG or PDF"
    } else {
        "; even the smallest scale is too large: export SVG or PDF instead"
    });
    message
}

/// A count with a metric prefix: "13.1 gigapixels".
fn count_text(n: f64, unit: &str) -> String {
    match n {
        n if n >= 1e9 => format!("{:.1} giga{unit}", n / 1e9),
        n if n >= 1e6 => format!("{:.1} mega{unit}", n / 1e6),
        n => format!("{n:.0} {unit}"),
    }
}

/// A size in bytes for people: "52 GB".
fn bytes_text(bytes: f64) -> String {
    match bytes {
        b if b >= 1e10 => format!("{:.0} GB", b / 1e9),
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b if b >= 1e6 => format!("{:.0} MB", b / 1e6),
        b => format!("{:.0} kB", (b / 1e3).ceil()),
    }
}

/// A scale as people read it: two decimals, or two significant digits
/// below 0.01 (very large maps fit only at tiny scales).
pub fn scale_text(scale: f32) -> String {
    if scale >= 0.01 {
        format!("{scale:.2}")
    } else {
        let decimals = (1.0 - f64::from(scale).log10().floor()).clamp(3.0, 8.0) as usize;
        format!("{scale:.decimals$}")
    }
}

/// The pixel size of a `width` × `height` point image drawn at `scale`
/// pixels per point (rounded up, at least one pixel).
pub fn pixel_size(width: f32, height: f32, scale: f32) -> (u64, u64) {
    let px = |v: f32| (f64::from(v) * f64::from(scale)).ceil().max(1.0) as u64;
    (px(width), px(height))
}

/// The largest scale at which a `width` × `height` point image fits
/// `limit`, in hundredths (or two significant digits below 0.01, for very
/// large maps); `None` when not even a millionth does.
pub fn largest_fitting_scale(width: f32, height: f32, limit: PixelLimit) -> Option<f32> {
    let (w, h) = (f64::from(width.max(1.0)), f64::from(height.max(1.0)));
    let side = f64::from(limit.side);
    let bound = (side / w)
        .min(side / h)
        .min((limit.pixels() as f64 / (w * h)).sqrt());
    // The step between candidate scales: 0.01, or a tenth of the bound's
    // leading digit for smaller bounds.
    let unit = if bound >= 0.01 {
        0.01
    } else {
        10f64.powf(bound.log10().floor() - 1.0)
    };
    if !(unit.is_finite() && unit >= 1e-6) {
        return None;
    }
    let mut steps = (bound / unit).floor() as i64;
    // Rounding up to whole pixels can push the bound over; step down.
    while steps > 0 {
        let scale = (steps as f64 * unit) as f32;
        let (pw, ph) = pixel_size(width, height, scale);
        if limit.allows(pw, ph) {
            return Some(scale);
        }
        steps -= 1;
    }
    None
}

/// Checks that a `width` × `height` point image at `scale` fits `limit`
/// and returns its pixel size.
pub fn check_size(
    width: f32,
    height: f32,
    scale: f32,
    limit: PixelLimit,
) -> Result<(u32, u32), PngError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError::InvalidScale(scale));
    }
    let (pw, ph) = pixel_size(width, height, scale);
    if !limit.allows(pw, ph) {
        return Err(PngError::TooLarge {
            width: pw,
            height: ph,
            limit,
            fitting_scale: largest_fitting_scale(width, height, limit),
        });
    }
    // `allows` bounds both sides by the limit's side, a u32.
    Ok((pw as u32, ph as u32))
}

/// Widest tile drawn at once, in pixels (tiny-skia draws anti-aliased
/// paths on pixmaps up to 8,191 pixels a side without splitting them).
const TILE_WIDTH: u32 = 2048;
/// Bytes of pixels one band of tiles may hold; bands are as tall as fits,
/// between [`BAND_ROWS`] rows.
const BAND_BYTES: u64 = 32 << 20;
/// Fewest and most rows of a band.
const BAND_ROWS: (u32, u32) = (16, 512);
/// Most cells of the grid that sorts the items by tile.
const MAX_GRID_CELLS: usize = 1 << 20;

/// Draws `scene` at `scale` pixels per point (`width` × `height` pixels,
/// as [`check_size`] gave them) and writes it to `out` as PNG.
///
/// The image is drawn in bands of tiles: each tile draws only the items
/// that touch it, and each finished band is encoded and written before the
/// next is drawn. Areas the scene leaves unpainted (all of the background,
/// for a scene without one) stay transparent.
pub fn write_png(
    scene: &Scene,
    scale: f32,
    size: (u32, u32),
    out: &mut dyn Write,
) -> Result<(), PngError> {
    write_png_in_cells(scene, scale, size, None, out, MAX_GRID_CELLS)
}

/// [`write_png`] for printing: the file also records its resolution,
/// `dpi` dots per inch (a `pHYs` chunk), so that it prints at its size.
pub fn write_png_for_print(
    scene: &Scene,
    scale: f32,
    size: (u32, u32),
    dpi: u32,
    out: &mut dyn Write,
) -> Result<(), PngError> {
    write_png_in_cells(scene, scale, size, Some(dpi), out, MAX_GRID_CELLS)
}

fn write_png_in_cells(
    scene: &Scene,
    scale: f32,
    (width, height): (u32, u32),
    dpi: Option<u32>,
    out: &mut dyn Write,
    max_cells: usize,
) -> Result<(), PngError> {
    let tile_width = TILE_WIDTH.min(width);
    let band_rows = (BAND_BYTES / (u64::from(width) * 4))
        .clamp(u64::from(BAND_ROWS.0), u64::from(BAND_ROWS.1))
        .min(u64::from(height)) as u32;
    let columns = width.div_ceil(tile_width) as usize;
    let bands = height.div_ceil(band_rows) as usize;
    // One grid cell per tile, or for images of billions of pixels (up to
    // the largest --max-size) one per several bands, so the grid stays
    // small; a tile then draws some items that only touch its neighbours.
    let bands_per_cell = (columns * bands).div_ceil(max_cells.max(1)).max(1);
    let points_per_pixel = 1.0 / f64::from(scale);
    let origin = scene.bounds.min;
    let grid = ItemGrid::new(
        scene,
        origin,
        (
            f64::from(tile_width) * points_per_pixel,
            f64::from(band_rows) * (bands_per_cell as f64) * points_per_pixel,
        ),
        (columns, bands.div_ceil(bands_per_cell)),
        // Anti-aliasing reaches a pixel past a shape.
        (2.0 * points_per_pixel) as f32,
    );

    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    if let Some(dpi) = dpi {
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
    }
    let mut header = encoder.write_header()?;
    let mut writer = header.stream_writer()?;

    let background = scene
        .background
        .map(|c| SkColor::from_rgba8(c.r, c.g, c.b, c.a));
    let mut tile = Pixmap::new(tile_width, band_rows).ok_or_else(|| {
        PngError::Encode(format!("cannot make a {tile_width} × {band_rows} tile"))
    })?;
    let mut canvas = TileCanvas::new(scale);
    let mut band = vec![0u8; width as usize * band_rows as usize * 4];
    let mut segs = Vec::new();
    for b in 0..bands {
        let top = b as u32 * band_rows;
        let rows = band_rows.min(height - top);
        for c in 0..columns {
            let left = c as u32 * tile_width;
            let columns_here = tile_width.min(width - left);
            match background {
                Some(color) => tile.fill(color),
                None => tile.fill(SkColor::TRANSPARENT),
            }
            canvas.origin = (
                f64::from(origin.x) + f64::from(left) * points_per_pixel,
                f64::from(origin.y) + f64::from(top) * points_per_pixel,
            );
            for item in grid.cell(c, b / bands_per_cell) {
                paint::paint_item(scene, item, &mut canvas.on(&mut tile), &mut segs);
            }
            // Straight (not premultiplied) alpha into the band's rows.
            let pixels = tile.pixels();
            for row in 0..rows as usize {
                let from = &pixels[row * tile_width as usize..][..columns_here as usize];
                let to = &mut band[(row * width as usize + left as usize) * 4..]
                    [..columns_here as usize * 4];
                for (px, dst) in from.iter().zip(to.chunks_exact_mut(4)) {
                    let c = px.demultiply();
                    dst.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
                }
            }
        }
        writer
            .write_all(&band[..rows as usize * width as usize * 4])
            .map_err(PngError::Write)?;
    }
    writer.finish()?;
    header.finish()?;
    Ok(())
}

/// A glyph outline in font units, y up, as ttf-parser reads it.
#[derive(Debug, Clone, Copy)]
enum Outline {
    Move(f32, f32),
    Line(f32, f32),
    Quad(f32, f32, f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

struct OutlineSink<'a>(&'a mut Vec<Outline>);

impl ttf_parser::OutlineBuilder for OutlineSink<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(Outline::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(Outline::Line(x, y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(Outline::Quad(x1, y1, x, y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(Outline::Cubic(x1, y1, x2, y2, x, y));
    }
    fn close(&mut self) {
        self.0.push(Outline::Close);
    }
}

/// Average coverage of Noto Sans glyphs over the x-height band of a line
/// of prose: the opacity of the bar that stands for text smaller than
/// [`GREEK_BELOW`] pixels, measured by drawing a line of prose just above
/// that size (see the test `text_is_drawn_with_the_bundled_font_and_tiny_text_keeps_its_ink`).
const INK: f32 = 0.36;

/// Draws on one tile: scene points map to tile pixels through `scale` and
/// `origin` (the scene point at the tile's top-left corner, kept in f64 so
/// tiles far from the scene's origin stay exact).
struct TileCanvas {
    scale: f32,
    origin: (f64, f64),
    shaper: Shaper,
    glyphs: Vec<Glyph>,
    /// Outlines by face and glyph id; `None` for glyphs without one.
    outlines: HashMap<(Weight, u16), Option<Vec<Outline>>>,
    builder: Option<PathBuilder>,
}

/// A [`TileCanvas`] drawing on a pixmap.
struct OnPixmap<'a> {
    canvas: &'a mut TileCanvas,
    pixmap: &'a mut Pixmap,
}

impl TileCanvas {
    fn new(scale: f32) -> Self {
        Self {
            scale,
            origin: (0.0, 0.0),
            shaper: Shaper::new(),
            glyphs: Vec::new(),
            outlines: HashMap::new(),
            builder: Some(PathBuilder::new()),
        }
    }

    fn on<'a>(&'a mut self, pixmap: &'a mut Pixmap) -> OnPixmap<'a> {
        OnPixmap {
            canvas: self,
            pixmap,
        }
    }

    /// A scene point in tile pixels.
    fn px(&self, p: Point) -> (f32, f32) {
        let s = f64::from(self.scale);
        (
            ((f64::from(p.x) - self.origin.0) * s) as f32,
            ((f64::from(p.y) - self.origin.1) * s) as f32,
        )
    }

    fn path(&mut self, segs: &[Seg]) -> Option<tiny_skia::Path> {
        let mut builder = self.builder.take().unwrap_or_default();
        builder.clear();
        for seg in segs {
            match *seg {
                Seg::Move(p) => {
                    let (x, y) = self.px(p);
                    builder.move_to(x, y);
                }
                Seg::Line(p) => {
                    let (x, y) = self.px(p);
                    builder.line_to(x, y);
                }
                Seg::Cubic(a, b, p) => {
                    let ((ax, ay), (bx, by), (x, y)) = (self.px(a), self.px(b), self.px(p));
                    builder.cubic_to(ax, ay, bx, by, x, y);
                }
                Seg::Close => builder.close(),
            }
        }
        builder.finish()
    }

    fn outline(&mut self, weight: Weight, id: u16) -> Option<&[Outline]> {
        self.outlines
            .entry((weight, id))
            .or_insert_with(|| {
                let mut outline = Vec::new();
                Fonts::bundled()
                    .face(weight)
                    .outline_glyph(ttf_parser::GlyphId(id), &mut OutlineSink(&mut outline))
                    .map(|_| outline)
            })
            .as_deref()
    }

    /// The path of `line`'s glyphs in tile pixels.
    fn text_path(&mut self, line: &TextLine) -> Option<tiny_skia::Path> {
        let per_unit = line.size * self.scale / Fonts::bundled().units_per_em(line.weight);
        let (x0, baseline) = self.px(Point::new(line.pos.x, line.pos.y + line.ascent));
        let mut glyphs = std::mem::take(&mut self.glyphs);
        self.shaper.shape(&line.text, line.weight, &mut glyphs);
        let mut builder = self.builder.take().unwrap_or_default();
        builder.clear();
        for glyph in &glyphs {
            let gx = x0 + glyph.x as f32 * per_unit;
            let gy = baseline - glyph.y as f32 * per_unit;
            let Some(outline) = self.outline(line.weight, glyph.id) else {
                continue;
            };
            let at = |x: f32, y: f32| (gx + x * per_unit, gy - y * per_unit);
            for seg in outline {
                match *seg {
                    Outline::Move(x, y) => {
                        let (x, y) = at(x, y);
                        builder.move_to(x, y);
                    }
                    Outline::Line(x, y) => {
                        let (x, y) = at(x, y);
                        builder.line_to(x, y);
                    }
                    Outline::Quad(x1, y1, x, y) => {
                        let ((x1, y1), (x, y)) = (at(x1, y1), at(x, y));
                        builder.quad_to(x1, y1, x, y);
                    }
                    Outline::Cubic(x1, y1, x2, y2, x, y) => {
                        let ((x1, y1), (x2, y2), (x, y)) = (at(x1, y1), at(x2, y2), at(x, y));
                        builder.cubic_to(x1, y1, x2, y2, x, y);
                    }
                    Outline::Close => builder.close(),
                }
            }
        }
        self.glyphs = glyphs;
        builder.finish()
    }

    fn recycle(&mut self, path: tiny_skia::Path) {
        self.builder = Some(path.clear());
    }
}

fn paint(color: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(color.r, color.g, color.b, color.a);
    paint.anti_alias = true;
    paint
}

impl OnPixmap<'_> {
    fn fill_path(&mut self, path: &tiny_skia::Path, color: Color) {
        self.pixmap.fill_path(
            path,
            &paint(color),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }

    fn stroke_path(&mut self, path: &tiny_skia::Path, stroke: Stroke) {
        let scale = self.canvas.scale;
        let sk = tiny_skia::Stroke {
            width: stroke.width * scale,
            miter_limit: 4.0,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Miter,
            dash: if stroke.dashed {
                StrokeDash::new(DASH.iter().map(|d| d * scale).collect(), 0.0)
            } else {
                None
            },
        };
        self.pixmap
            .stroke_path(path, &paint(stroke.color), &sk, Transform::identity(), None);
    }
}

impl Canvas for OnPixmap<'_> {
    fn fill(&mut self, segs: &[Seg], color: Color) {
        if let Some(path) = self.canvas.path(segs) {
            self.fill_path(&path, color);
            self.canvas.recycle(path);
        }
    }

    fn stroke(&mut self, segs: &[Seg], stroke: Stroke) {
        if let Some(path) = self.canvas.path(segs) {
            self.stroke_path(&path, stroke);
            self.canvas.recycle(path);
        }
    }

    fn fill_and_stroke(&mut self, segs: &[Seg], fill: Color, stroke: Stroke) {
        if let Some(path) = self.canvas.path(segs) {
            self.fill_path(&path, fill);
            self.stroke_path(&path, stroke);
            self.canvas.recycle(path);
        }
    }

    fn text(&mut self, line: &TextLine) {
        if line.text.is_empty() {
            return;
        }
        let size_px = line.size * self.canvas.scale;
        if size_px < GREEK_BELOW {
            // A bar over the x-height band with the glyphs' average ink.
            let metrics = FontMetrics::bundled();
            let width = metrics.width(&line.text, line.weight, line.size);
            let fonts = Fonts::bundled();
            let x_height = fonts
                .face(line.weight)
                .x_height()
                .map_or(0.53, |h| f32::from(h) / fonts.units_per_em(line.weight))
                * line.size;
            let baseline = line.pos.y + line.ascent;
            let (x0, y0) = self.canvas.px(Point::new(line.pos.x, baseline - x_height));
            let (x1, y1) = self.canvas.px(Point::new(line.pos.x + width, baseline));
            if let Some(rect) = tiny_skia::Rect::from_ltrb(x0, y0, x1, y1) {
                let ink = Color {
                    a: (f32::from(line.color.a) * INK).round() as u8,
                    ..line.color
                };
                self.pixmap
                    .fill_rect(rect, &paint(ink), Transform::identity(), None);
            }
            return;
        }
        if let Some(path) = self.canvas.text_path(line) {
            self.fill_path(&path, line.color);
            self.canvas.recycle(path);
        }
    }
}

/// Draws `scene` at `scale` into a PNG in memory, within `limit`.
pub fn to_png(scene: &Scene, scale: f32, limit: PixelLimit) -> Result<Vec<u8>, PngError> {
    let (w, h) = super::svg::document_size(scene);
    let size = check_size(w, h, scale, limit)?;
    let mut out = Vec::new();
    write_png(scene, scale, size, &mut out)?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::geom::Rect;
    use crate::scene::Theme;

    #[test]
    fn sizes_round_up_and_limits_name_a_scale_that_fits() {
        let limit = PixelLimit::default();
        assert_eq!(limit.pixels(), MAX_PIXELS);
        assert_eq!(MAX_PIXELS, 128 * 1024 * 1024);
        assert_eq!(pixel_size(100.2, 50.0, 2.0), (201, 100));
        assert_eq!(check_size(100.0, 50.0, 2.0, limit).unwrap(), (200, 100));
        let err = check_size(20_000.0, 100.0, 1.0, limit).unwrap_err();
        let scale = largest_fitting_scale(20_000.0, 100.0, limit).unwrap();
        assert_eq!(scale, 0.81);
        assert!(check_size(20_000.0, 100.0, scale, limit).is_ok());
        assert!(check_size(20_000.0, 100.0, scale + 0.01, limit).is_err());
        let message = err.to_string();
        assert!(message.contains("20000 × 100 pixels"), "{message}");
        assert!(message.contains("--scale 0.81"), "{message}");
        // What it would take: a side of 20,000 pixels.
        assert!(
            message.contains("--max-size 20000 (2.0 megapixels, 8 MB"),
            "{message}"
        );
        assert!(check_size(20_000.0, 100.0, 1.0, PixelLimit { side: 20_000 }).is_ok());
        // The pixel budget binds before the side limit for a square image.
        let scale = largest_fitting_scale(15_000.0, 15_000.0, limit).unwrap();
        let (w, h) = pixel_size(15_000.0, 15_000.0, scale);
        assert!(w * h <= MAX_PIXELS && w <= u64::from(MAX_SIDE));
        assert!(matches!(
            check_size(10.0, 10.0, 0.0, limit),
            Err(PngError::InvalidScale(_))
        ));
        // A very wide map fits only at a tiny scale, named to two digits.
        let scale = largest_fitting_scale(5_000_000.0, 10.0, limit).unwrap();
        assert_eq!(scale, 0.0032);
        assert_eq!(scale_text(scale), "0.0032");
        assert!(check_size(5_000_000.0, 10.0, scale, limit).is_ok());
        assert!(check_size(5_000_000.0, 10.0, 0.0033, limit).is_err());
        assert_eq!(largest_fitting_scale(1e12, 10.0, limit), None);
        // Past what PNG readers take, no --max-size is offered.
        let message = check_size(5_000_000.0, 10.0, 1.0, limit)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("refuse images over 1000000 pixels"),
            "{message}"
        );
    }

    #[test]
    fn needed_limits_are_the_smallest_that_allow() {
        for (w, h) in [(20_000, 100), (16_385, 16_385), (30_000, 9_000), (1, 1)] {
            let needed = PixelLimit::needed_for(w, h).unwrap();
            assert!(needed.allows(w, h), "{w} × {h}");
            let smaller = PixelLimit {
                side: needed.side - 1,
            };
            assert!(!smaller.allows(w, h), "{w} × {h}: {needed:?}");
        }
        assert_eq!(PixelLimit::needed_for(2_000_000, 10), None);
    }

    fn text_scene(size: f32) -> Scene {
        let theme = Theme::light();
        let metrics = FontMetrics::bundled();
        Scene {
            bounds: Rect::from_min_size(Point::new(-4.0, -4.0), 300.0, 50.0),
            background: Some(theme.background),
            frames: Vec::new(),
            edges: Vec::new(),
            nodes: Vec::new(),
            title: Some(TextLine {
                pos: Point::new(0.0, 0.0),
                ascent: metrics.ascent(size),
                text: "Regional security diminishes conflicts".into(),
                size,
                weight: Weight::Regular,
                color: Color::rgb(0, 0, 0),
            }),
            legend: None,
            footnotes: Vec::new(),
            evaluation: None,
        }
    }

    /// Total darkness (255 minus red, summed) of an image.
    fn ink(png: &[u8]) -> f64 {
        let pixmap = Pixmap::decode_png(png).unwrap();
        pixmap
            .pixels()
            .iter()
            .map(|p| f64::from(255 - p.demultiply().red()))
            .sum()
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font_and_tiny_text_keeps_its_ink() {
        let png = to_png(&text_scene(20.0), 1.5, PixelLimit::default()).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (450, 75));
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 100 && p.alpha() == 255)
            .count();
        assert!(dark > 500, "the text was drawn: {dark} dark pixels");
        // At a scale where the text is below GREEK_BELOW pixels it becomes
        // a bar; the ink per unit of area stays about the same.
        let big = ink(&to_png(&text_scene(20.0), 0.16, PixelLimit::default()).unwrap());
        let tiny = ink(&to_png(&text_scene(20.0), 0.14, PixelLimit::default()).unwrap());
        let per_area = |ink: f64, scale: f64| ink / (scale * scale);
        let ratio = per_area(tiny, 0.14) / per_area(big, 0.16);
        assert!((0.85..1.15).contains(&ratio), "greeked ink ratio {ratio}");
    }

    #[test]
    fn tiles_join_without_seams() {
        // A scene wider than one tile: a long dark bar crossing the tile
        // boundary at 2048 pixels is drawn on both sides.
        let mut scene = text_scene(14.0);
        scene.bounds = Rect::from_min_size(Point::default(), 3000.0, 1200.0);
        scene.title = None;
        scene.footnotes = Vec::new();
        scene.frames = vec![crate::scene::FrameShape {
            argument: 0,
            rect: Rect::from_min_size(Point::new(10.0, 10.0), 2980.0, 20.0),
            corner_radius: 0.0,
            fill: Color::rgb(0, 0, 0),
            stroke: Color::rgb(0, 0, 0),
            stroke_width: 1.0,
        }];
        // A second bar across the boundary between the first two bands.
        let mut lower = scene.frames[0].clone();
        lower.rect = Rect::from_min_size(Point::new(10.0, 500.0), 2980.0, 20.0);
        scene.frames.push(lower);
        let png = to_png(&scene, 1.0, PixelLimit::default()).unwrap();
        // With a grid of fewer cells than tiles, the same picture.
        let size = check_size(3000.0, 1200.0, 1.0, PixelLimit::default()).unwrap();
        let mut coarse = Vec::new();
        write_png_in_cells(&scene, 1.0, size, None, &mut coarse, 1).unwrap();
        assert!(png == coarse, "a coarser grid draws the same pixels");
        let pixmap = Pixmap::decode_png(&png).unwrap();
        for x in [20, 2046, 2047, 2048, 2049, 2980] {
            let p = pixmap.pixel(x, 20).unwrap();
            assert_eq!((p.red(), p.alpha()), (0, 255), "pixel {x}");
        }
        let p = pixmap.pixel(2048, 35).unwrap();
        assert_eq!(p.red(), Theme::light().background.r, "outside the bar");
        for (x, y) in [(20, 505), (20, 515), (2050, 511), (2050, 513)] {
            let p = pixmap.pixel(x, y).unwrap();
            assert_eq!((p.red(), p.alpha()), (0, 255), "pixel {x}, {y}");
        }
    }
}
