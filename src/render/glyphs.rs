//! Text lines shaped into positioned glyphs of the bundled font, for the
//! renderers that place glyphs themselves (PNG draws their outlines, PDF
//! writes glyph runs).
//!
//! Shaping is rustybuzz (HarfBuzz's algorithm), the shaper resvg used when
//! the PNG and PDF were converted from SVG, so kerning and ligatures come
//! out as before. Shape plans are built once per face, script and
//! direction and reused: building a plan costs far more than shaping one
//! short line.

use std::sync::OnceLock;

use rustybuzz::{Direction, Face, Script, ShapePlan, UnicodeBuffer};

use crate::text::{FONT_BOLD, FONT_REGULAR, Weight};

/// The two faces of the bundled font, parsed once per process.
pub struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl Fonts {
    /// The bundled faces.
    pub fn bundled() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| {
            // The fonts are compiled into the binary and covered by tests, so
            // a parse failure is a build defect, not a user error.
            #[expect(clippy::expect_used, reason = "bundled font is known good")]
            let parse = |data| Face::from_slice(data, 0).expect("bundled font parses");
            Fonts {
                regular: parse(FONT_REGULAR),
                bold: parse(FONT_BOLD),
            }
        })
    }

    /// The face of `weight`; it dereferences to a `ttf_parser::Face` for
    /// outlines and metrics.
    pub fn face(&self, weight: Weight) -> &Face<'static> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Font units per em of the face of `weight`.
    pub fn units_per_em(&self, weight: Weight) -> f32 {
        self.face(weight).units_per_em() as f32
    }

    /// The font file of `weight`.
    pub fn data(weight: Weight) -> &'static [u8] {
        match weight {
            Weight::Regular => FONT_REGULAR,
            Weight::Bold => FONT_BOLD,
        }
    }
}

/// One glyph of a shaped line, in font units from the line's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal position of the glyph's origin (pen position plus the
    /// shaper's offset).
    pub x: i32,
    /// Vertical offset from the baseline, upwards.
    pub y: i32,
    /// How far the pen moves after this glyph.
    pub advance: i32,
    /// Byte offset into the line's text of the cluster the glyph belongs to.
    pub cluster: u32,
}

/// Shapes lines, keeping its buffer and shape plans between calls.
#[derive(Default)]
pub struct Shaper {
    buffer: Option<UnicodeBuffer>,
    plans: Vec<(Weight, Direction, Script, ShapePlan)>,
}

impl Shaper {
    /// A shaper with nothing cached yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Shapes `text` in the face of `weight` into `out` (cleared first),
    /// in visual order, left to right.
    pub fn shape(&mut self, text: &str, weight: Weight, out: &mut Vec<Glyph>) {
        out.clear();
        let face = Fonts::bundled().face(weight);
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let (direction, script) = (buffer.direction(), buffer.script());
        let plan = match self
            .plans
            .iter()
            .position(|(w, d, s, _)| *w == weight && *d == direction && *s == script)
        {
            Some(i) => &self.plans[i].3,
            None => {
                let plan = ShapePlan::new(face, direction, Some(script), None, &[]);
                self.plans.push((weight, direction, script, plan));
                &self.plans[self.plans.len() - 1].3
            }
        };
        let shaped = rustybuzz::shape_with_plan(face, plan, buffer);
        let mut pen = 0i32;
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            out.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x: pen + pos.x_offset,
                y: pos.y_offset,
                advance: pos.x_advance,
                cluster: info.cluster,
            });
            pen += pos.x_advance;
        }
        self.buffer = Some(shaped.clear());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;
    use crate::text::{FontMetrics, TextMeasure as _};

    #[test]
    fn shaped_lines_match_the_measured_width_up_to_kerning() {
        let mut shaper = Shaper::new();
        let mut glyphs = Vec::new();
        let text = "Regional security diminishes conflicts";
        shaper.shape(text, Weight::Regular, &mut glyphs);
        // "fl" is one glyph, a ligature, whose cluster starts at the "f";
        // the next glyph's cluster starts at the "i" after the "l".
        assert_eq!(glyphs.len(), text.chars().count() - 1);
        let f = text.find("fl").unwrap();
        let ligature = glyphs.iter().position(|g| g.cluster as usize == f).unwrap();
        assert_eq!(glyphs[ligature + 1].cluster as usize, f + 2);
        let units = Fonts::bundled().units_per_em(Weight::Regular);
        let last = glyphs.last().unwrap();
        let shaped = (last.x + last.advance) as f32 * 14.0 / units;
        let measured = FontMetrics::bundled().width(text, Weight::Regular, 14.0);
        assert!((shaped - measured).abs() < 1.0, "{shaped} vs {measured}");
        // Clusters point back into the text, in order.
        assert_eq!(glyphs[0].cluster, 0);
        assert_eq!(glyphs[8].cluster, 8);
        // A second line reuses the plan and gives the same glyphs.
        let first = glyphs.clone();
        shaper.shape(text, Weight::Regular, &mut glyphs);
        assert_eq!(first, glyphs);
        shaper.shape("Bold", Weight::Bold, &mut glyphs);
        assert_eq!(glyphs.len(), 4);
        assert_eq!(shaper.plans.len(), 2);
    }
}
