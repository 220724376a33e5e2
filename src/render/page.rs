//! Page-sized export: the map scaled to fit one sheet of paper (A4, A3 or
//! Letter, portrait or landscape), centred within a margin, for printing.
//!
//! The page is made by widening the scene's bounds to the whole sheet (in
//! scene points, at the fitted scale), so every renderer draws it as it
//! draws any scene: the PDF's page is the sheet at [`PageFit::scale`] page
//! points per scene point, the PNG is the sheet at a stated resolution, and
//! the SVG declares the sheet's size in millimetres with a view box.
//!
//! A map is never enlarged (its text prints at most at its size on screen
//! at 100 %). When the scale needed makes body text print smaller than
//! [`READABLE_TEXT_PT`], [`PageFit::warning`] says so and what to do.

use std::fmt;

use super::pdf::Paper;
use crate::geom::{Point, Rect};
use crate::scene::Scene;

/// Blank border around the map on every side, in points: 10 mm (about
/// 0.39 in), the margin web browsers print with by default, inside what
/// office printers can print.
pub const PAGE_MARGIN: f32 = 10.0 / MM_PER_PT;
/// Smallest printed size of body text, in points, that is comfortable to
/// read on paper; below it an export warns.
pub const READABLE_TEXT_PT: f32 = 6.0;
/// Resolution of a page-sized PNG unless another is asked for, in dots
/// per inch.
pub const DEFAULT_DPI: u32 = 150;
/// Lowest and highest resolution of a page-sized PNG, in dots per inch
/// (an A3 page at the highest is 7,016 × 9,921 pixels).
pub const DPI_RANGE: (u32, u32) = (36, 600);
/// Millimetres per point.
const MM_PER_PT: f32 = 25.4 / 72.0;

/// Which way up the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Orientation {
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
    /// The way the map prints larger (landscape for a map wider than
    /// tall, unless it is so small that both print it at full size).
    #[default]
    Auto,
}

/// A page-sized export asked for: the paper, which way up, and for PNG the
/// resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageSpec {
    /// The paper.
    pub paper: Paper,
    /// Which way up.
    pub orientation: Orientation,
    /// Dots per inch of a PNG (other formats ignore it).
    pub dpi: u32,
}

impl PageSpec {
    /// A page of `paper`, its orientation chosen by the map, at
    /// [`DEFAULT_DPI`].
    pub fn new(paper: Paper) -> Self {
        Self {
            paper,
            orientation: Orientation::Auto,
            dpi: DEFAULT_DPI,
        }
    }

    /// Width over height of the room within the margin of the sheet
    /// turned as asked ([`Orientation::Auto`] counts as landscape).
    pub fn room_aspect(&self) -> f32 {
        let (w, h) = self.room();
        w / h
    }

    /// Width and height in points of the room within the margin of the
    /// sheet turned as asked ([`Orientation::Auto`] counts as landscape).
    pub fn room(&self) -> (f32, f32) {
        let (short, long) = self.paper.size();
        let (w, h) = match self.orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape | Orientation::Auto => (long, short),
        };
        (w - 2.0 * PAGE_MARGIN, h - 2.0 * PAGE_MARGIN)
    }

    /// How a `width` × `height` point map lies on this page: the
    /// orientation (for [`Orientation::Auto`], the one that prints it
    /// larger; on a tie, landscape for a map wider than tall), the largest
    /// scale at which it fits within [`PAGE_MARGIN`] (at most 1), and
    /// where it sits, centred.
    pub fn fit(&self, width: f32, height: f32) -> PageFit {
        let (width, height) = (width.max(1.0), height.max(1.0));
        let landscape = match self.orientation {
            Orientation::Portrait => false,
            Orientation::Landscape => true,
            Orientation::Auto => {
                let turned = |orientation| PageSpec {
                    orientation,
                    ..*self
                };
                let wide = turned(Orientation::Landscape).fit(width, height).scale;
                let tall = turned(Orientation::Portrait).fit(width, height).scale;
                wide > tall || (wide == tall && width > height)
            }
        };
        let (short, long) = self.paper.size();
        let page = if landscape {
            (long, short)
        } else {
            (short, long)
        };
        let room = (page.0 - 2.0 * PAGE_MARGIN, page.1 - 2.0 * PAGE_MARGIN);
        let scale = (room.0 / width).min(room.1 / height).min(1.0);
        let size = (width * scale, height * scale);
        PageFit {
            paper: self.paper,
            landscape,
            page,
            scale,
            map: Rect::from_min_size(
                Point::new((page.0 - size.0) / 2.0, (page.1 - size.1) / 2.0),
                size.0,
                size.1,
            ),
        }
    }
}

/// A map laid onto a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFit {
    /// The paper.
    pub paper: Paper,
    /// Whether the page is landscape.
    pub landscape: bool,
    /// Page width and height in points.
    pub page: (f32, f32),
    /// Page points per map point (at most 1).
    pub scale: f32,
    /// Where the map is drawn on the page, in points from the top left.
    pub map: Rect,
}

impl PageFit {
    /// The page's width and height in millimetres, to a tenth.
    pub fn size_mm(&self) -> (f32, f32) {
        let mm = |pt: f32| (pt * MM_PER_PT * 10.0).round() / 10.0;
        (mm(self.page.0), mm(self.page.1))
    }

    /// The printed size, in points, of text `font_size` points large on
    /// the map.
    pub fn printed_size(&self, font_size: f32) -> f32 {
        font_size * self.scale
    }

    /// The printed size of body text `font_size` points large on the map
    /// when it is below [`READABLE_TEXT_PT`].
    pub fn too_small(&self, font_size: f32) -> Option<f32> {
        let printed = self.printed_size(font_size);
        (printed < READABLE_TEXT_PT).then_some(printed)
    }

    /// Whether the same map on A3 (turned the way it prints larger) would
    /// print text `font_size` points large at [`READABLE_TEXT_PT`] or more,
    /// this page being smaller: only then is A3 worth suggesting.
    pub fn a3_is_readable(&self, font_size: f32) -> bool {
        if self.paper == Paper::A3 {
            return false;
        }
        let scale = self.scale.max(f32::MIN_POSITIVE);
        let a3 = PageSpec::new(Paper::A3).fit(self.map.width() / scale, self.map.height() / scale);
        a3.printed_size(font_size) >= READABLE_TEXT_PT
    }

    /// When body text `font_size` points large on the map prints smaller
    /// than [`READABLE_TEXT_PT`], a warning that names the scale and what
    /// to do instead (A3 only when the map would print readably on it).
    pub fn warning(&self, font_size: f32) -> Option<String> {
        let printed = self.too_small(font_size)?;
        let bigger = if self.a3_is_readable(font_size) {
            "a larger page (--page a3) or "
        } else {
            ""
        };
        Some(format!(
            "on {self} the map is scaled to {} and its text prints at {} pt, too small to read (below {READABLE_TEXT_PT} pt); use {bigger}a poster of pages at full size (--tiles {})",
            percent(self.scale),
            tenths_down(printed),
            self.paper.to_string().to_lowercase(),
        ))
    }

    /// The pixel size of this page at `dpi` dots per inch.
    pub fn pixels(&self, dpi: u32) -> (u32, u32) {
        let px = |pt: f32| ((f64::from(pt) * f64::from(dpi) / 72.0).round() as u32).max(1);
        (px(self.page.0), px(self.page.1))
    }

    /// Widens `scene`'s bounds to the whole page, so that drawing the
    /// scene at [`PageFit::scale`] fills the page with the map centred.
    /// The scene's background, if any, then covers the page.
    pub fn widen(&self, scene: &mut Scene) {
        let b = scene.bounds;
        let scale = self.scale.max(f32::MIN_POSITIVE);
        let min = Point::new(
            b.min.x - self.map.min.x / scale,
            b.min.y - self.map.min.y / scale,
        );
        scene.bounds = Rect::from_min_size(min, self.page.0 / scale, self.page.1 / scale);
    }
}

impl fmt::Display for PageFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let way = if self.landscape {
            "landscape"
        } else {
            "portrait"
        };
        write!(f, "{} {way}", self.paper)
    }
}

/// A printed text size in points to a tenth, rounded down, so that a size
/// just below [`READABLE_TEXT_PT`] never reads as that size: `5.97` →
/// "5.9", `5.6` → "5.6".
pub fn tenths_down(pt: f32) -> String {
    // The small nudge keeps a size such as 5.6 (stored as 5.5999…) at 5.6.
    format!("{:.1}", ((pt * 10.0 + 1e-3).floor() / 10.0))
}

/// `0.523` → "52 %"; below 10 % with one decimal ("3.5 %").
pub fn percent(scale: f32) -> String {
    let p = scale * 100.0;
    if p < 10.0 {
        format!("{p:.1} %")
    } else {
        format!("{} %", p.round())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn a_size_just_below_the_readable_one_never_reads_as_it() {
        assert_eq!(tenths_down(5.97), "5.9");
        assert_eq!(tenths_down(5.6), "5.6");
        assert_eq!(tenths_down(14.0 * 0.4), "5.6");
        assert_eq!(tenths_down(4.349), "4.3");
    }

    #[test]
    fn auto_orientation_follows_the_map_and_the_map_is_centred_within_the_margin() {
        let spec = PageSpec::new(Paper::A4);
        let wide = spec.fit(1600.0, 1000.0);
        assert!(wide.landscape);
        assert_eq!(wide.page, (841.89, 595.28));
        let tall = spec.fit(500.0, 1000.0);
        assert!(!tall.landscape);
        for fit in [wide, tall] {
            assert!(fit.map.min.x >= PAGE_MARGIN - 0.01);
            assert!(fit.map.min.y >= PAGE_MARGIN - 0.01);
            assert!(fit.map.max.x <= fit.page.0 - PAGE_MARGIN + 0.01);
            assert!(fit.map.max.y <= fit.page.1 - PAGE_MARGIN + 0.01);
            let left = fit.map.min.x;
            let right = fit.page.0 - fit.map.max.x;
            assert!((left - right).abs() < 0.01, "{left} {right}");
        }
        // 1600 wide into 841.89 points less two 10 mm (28.35 pt) margins.
        assert!((wide.scale - (841.89 - 56.692_913) / 1600.0).abs() < 1e-5);
    }

    #[test]
    fn a_small_map_is_not_enlarged_and_gets_no_warning() {
        let fit = PageSpec::new(Paper::Letter).fit(300.0, 200.0);
        assert_eq!(fit.scale, 1.0);
        assert_eq!(fit.page, (792.0, 612.0));
        assert_eq!(fit.warning(14.0), None);
        assert_eq!(fit.pixels(150), (1650, 1275));
    }

    #[test]
    fn tiny_text_is_warned_about_with_the_scale_and_a_remedy() {
        let fit = PageSpec {
            orientation: Orientation::Portrait,
            ..PageSpec::new(Paper::A4)
        }
        .fit(20_000.0, 10_000.0);
        assert!(!fit.landscape);
        let warning = fit.warning(14.0).unwrap();
        assert!(
            warning.starts_with("on A4 portrait the map is scaled to 2.7 %"),
            "{warning}"
        );
        // On A3 it would still print at 0.5 pt: only a poster helps.
        assert!(!fit.a3_is_readable(14.0));
        assert!(!warning.contains("--page a3"), "{warning}");
        assert!(warning.contains("--tiles a4"), "{warning}");

        // 2,400 points wide prints at 4.6 pt on A4 and 6.6 pt on A3.
        let fit = PageSpec::new(Paper::A4).fit(2400.0, 1500.0);
        assert!(fit.a3_is_readable(14.0));
        let warning = fit.warning(14.0).unwrap();
        assert!(
            warning.ends_with(
                "use a larger page (--page a3) or a poster of pages at full size (--tiles a4)"
            ),
            "{warning}"
        );
        // Already on A3, there is nothing larger to suggest.
        let fit = PageSpec::new(Paper::A3).fit(4000.0, 2500.0);
        assert!(!fit.a3_is_readable(14.0));
        assert!(!fit.warning(14.0).unwrap().contains("--page"));
    }

    #[test]
    fn widening_puts_the_map_where_the_fit_says() {
        let mut scene = Scene::empty();
        scene.bounds = Rect::from_min_size(Point::new(10.0, 20.0), 1600.0, 1000.0);
        let fit = PageSpec::new(Paper::A4).fit(1600.0, 1000.0);
        fit.widen(&mut scene);
        let b = scene.bounds;
        assert!((b.width() * fit.scale - fit.page.0).abs() < 0.01);
        assert!((b.height() * fit.scale - fit.page.1).abs() < 0.01);
        // The map's top left lands on the page at the fit's offset.
        assert!(((10.0 - b.min.x) * fit.scale - fit.map.min.x).abs() < 0.01);
        assert!(((20.0 - b.min.y) * fit.scale - fit.map.min.y).abs() < 0.01);
        assert_eq!(fit.size_mm(), (297.0, 210.0));
    }
}
