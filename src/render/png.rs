//! Rendering a scene as PNG: its SVG ([`super::svg`]) rasterised with
//! resvg, using only the bundled font so every machine draws the same
//! pixels.
//!
//! The pixel size is checked before anything is drawn: an image larger
//! than [`MAX_SIDE`] pixels on a side or [`MAX_PIXELS`] in all is refused
//! with the largest scale that would fit.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use crate::text::{FONT_BOLD, FONT_FAMILY, FONT_REGULAR};

/// The longest side, in pixels, of an image this module draws.
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels an image this module draws may have (about 4 bytes
/// each in memory while drawing).
pub const MAX_PIXELS: u64 = 128 * 1024 * 1024;

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The scale is zero, negative or not a number.
    #[error("the scale must be a positive number of pixels per point, not {0}")]
    InvalidScale(f32),
    /// The image would exceed [`MAX_SIDE`] or [`MAX_PIXELS`].
    #[error("{}", too_large_message(*width, *height, *fitting_scale))]
    TooLarge {
        /// Width the image would have, in pixels.
        width: u64,
        /// Height the image would have, in pixels.
        height: u64,
        /// The largest scale (rounded down to hundredths) that fits, if
        /// any does.
        fitting_scale: Option<f32>,
    },
    /// The SVG could not be read (a defect of the SVG writer).
    #[error("cannot read the drawing: {0}")]
    Svg(#[from] usvg::Error),
    /// Encoding the pixels as PNG failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

fn too_large_message(width: u64, height: u64, fitting_scale: Option<f32>) -> String {
    let size = format!(
        "the image would be {width} × {height} pixels, more than the limit of {MAX_SIDE} pixels per side and {} megapixels in all",
        MAX_PIXELS / (1024 * 1024)
    );
    match fitting_scale {
        Some(scale) => {
            let scale = scale_text(scale);
            format!(
                "{size}; the largest scale that fits is {scale} (--scale {scale} or --fit), or export SVG or PDF"
            )
        }
        None => format!("{size}, even at the smallest scale; export SVG or PDF instead"),
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

fn fits(width: u64, height: u64) -> bool {
    width <= u64::from(MAX_SIDE) && height <= u64::from(MAX_SIDE) && width * height <= MAX_PIXELS
}

/// The largest scale at which a `width` × `height` point image fits the
/// limits, in hundredths (or two significant digits below 0.01, for very
/// large maps); `None` when not even a millionth does.
pub fn largest_fitting_scale(width: f32, height: f32) -> Option<f32> {
    let (w, h) = (f64::from(width.max(1.0)), f64::from(height.max(1.0)));
    let side = f64::from(MAX_SIDE);
    let bound = (side / w)
        .min(side / h)
        .min((MAX_PIXELS as f64 / (w * h)).sqrt());
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
        if fits(pw, ph) {
            return Some(scale);
        }
        steps -= 1;
    }
    None
}

/// Checks that a `width` × `height` point image at `scale` fits the limits
/// and returns its pixel size.
pub fn check_size(width: f32, height: f32, scale: f32) -> Result<(u32, u32), PngError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError::InvalidScale(scale));
    }
    let (pw, ph) = pixel_size(width, height, scale);
    if !fits(pw, ph) {
        return Err(PngError::TooLarge {
            width: pw,
            height: ph,
            fitting_scale: largest_fitting_scale(width, height),
        });
    }
    // `fits` bounds both sides by MAX_SIDE, which fits a u32.
    Ok((pw as u32, ph as u32))
}

/// The font database with just the bundled faces, built once per process.
pub fn fontdb() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options that resolve every font to the bundled faces and never
/// look at the system's fonts or files.
pub fn usvg_options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    }
}

/// Parses SVG text (as written by [`super::svg::to_svg`]) with the bundled
/// fonts.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, usvg::Error> {
    usvg::Tree::from_str(svg, &usvg_options())
}

/// Rasterises `svg` at `scale` pixels per point and encodes it as PNG.
///
/// Areas the SVG leaves unpainted (all of the background, for a scene
/// without one) stay transparent.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let (width, height) = check_size(size.width(), size.height(), scale)?;
    let mut pixmap = Pixmap::new(width, height).ok_or(PngError::TooLarge {
        width: u64::from(width),
        height: u64::from(height),
        fitting_scale: largest_fitting_scale(size.width(), size.height()),
    })?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_up_and_limits_name_a_scale_that_fits() {
        assert_eq!(pixel_size(100.2, 50.0, 2.0), (201, 100));
        assert_eq!(check_size(100.0, 50.0, 2.0).unwrap(), (200, 100));
        let err = check_size(20_000.0, 100.0, 1.0).unwrap_err();
        let scale = largest_fitting_scale(20_000.0, 100.0).unwrap();
        assert_eq!(scale, 0.81);
        assert!(check_size(20_000.0, 100.0, scale).is_ok());
        assert!(check_size(20_000.0, 100.0, scale + 0.01).is_err());
        let message = err.to_string();
        assert!(message.contains("20000 × 100 pixels"), "{message}");
        assert!(message.contains("--scale 0.81"), "{message}");
        // The pixel budget binds before the side limit for a square image.
        let scale = largest_fitting_scale(15_000.0, 15_000.0).unwrap();
        let (w, h) = pixel_size(15_000.0, 15_000.0, scale);
        assert!(w * h <= MAX_PIXELS && w <= u64::from(MAX_SIDE));
        assert!(matches!(
            check_size(10.0, 10.0, 0.0),
            Err(PngError::InvalidScale(_))
        ));
        // A very wide map fits only at a tiny scale, named to two digits.
        let scale = largest_fitting_scale(5_000_000.0, 10.0).unwrap();
        assert_eq!(scale, 0.0032);
        assert_eq!(scale_text(scale), "0.0032");
        assert!(check_size(5_000_000.0, 10.0, scale).is_ok());
        assert!(check_size(5_000_000.0, 10.0, 0.0033).is_err());
        assert_eq!(largest_fitting_scale(1e12, 10.0), None);
    }

    #[test]
    fn draws_with_the_bundled_font_only() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" fill="#ffffff"/><text x="4" y="28" font-family="Noto Sans" font-size="24" fill="#000000">Hello</text></svg>"##;
        let tree = parse_svg(svg).unwrap();
        assert!(tree.has_text_nodes());
        let png = svg_to_png(svg, 1.5).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (180, 60));
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.red() < 100 && p.alpha() == 255)
            .count();
        assert!(dark > 100, "the text was drawn: {dark} dark pixels");
    }
}
