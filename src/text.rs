//! Text measurement and line wrapping with the bundled font.
//!
//! The layout wraps every claim with these metrics, the scene stores the
//! wrapped lines, and every renderer draws those lines with the same font
//! files (`assets/NotoSans-*.ttf`), so screen and exports wrap identically.

use std::sync::OnceLock;

use serde::Serialize;

/// The regular face of the bundled font (Noto Sans, SIL OFL 1.1).
pub static FONT_REGULAR: &[u8] = include_bytes!("../assets/NotoSans-Regular.ttf");
/// The bold face of the bundled font (Noto Sans Bold, SIL OFL 1.1).
pub static FONT_BOLD: &[u8] = include_bytes!("../assets/NotoSans-Bold.ttf");
/// The family name the bundled font declares, used by SVG and PDF output.
pub const FONT_FAMILY: &str = "Noto Sans";

/// Which face of the bundled font a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum Weight {
    /// Noto Sans Regular.
    #[default]
    Regular,
    /// Noto Sans Bold.
    Bold,
}

/// Measures text; the layout depends on this and nothing else about fonts.
/// `Sync`, since a large map's texts are wrapped on several threads.
pub trait TextMeasure: Sync {
    /// Advance width of `text` on one line, in points at `size`.
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32;
    /// Distance between baselines of consecutive lines at `size`.
    fn line_height(&self, size: f32) -> f32;
    /// Distance from a line's top to its baseline at `size`.
    fn ascent(&self, size: f32) -> f32;
    /// The lines [`wrap`] gives for `text`, with the width of the widest
    /// one as [`TextMeasure::width`] measures it (0 when none is wider).
    fn wrap_widest(&self, text: &str, weight: Weight, size: f32, max_width: f32) -> (Wrapped, f32) {
        let lines = wrap(self, text, weight, size, max_width);
        let widest = lines
            .iter()
            .map(|l| self.width(l, weight, size))
            .fold(0.0, f32::max);
        (lines, widest)
    }
}

/// Text wrapped into lines, held as one string with a line feed between
/// consecutive lines: one allocation for all of a text's lines, where a
/// large map wraps tens of thousands of texts. A wrapped line never holds
/// a line feed, since [`wrap`] turns the whitespace between words into one
/// space. There is always at least one line (the only one empty for an
/// empty text). Serialised as the list of its lines.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    text: String,
    /// Lines pushed so far; a layout reads every box's count, and
    /// counting line feeds again showed in the profile.
    lines: usize,
}

// The count follows from the text, so only the text is compared.
impl PartialEq for Wrapped {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Wrapped {}

impl std::hash::Hash for Wrapped {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Wrapped {
    /// The lines, in order.
    pub fn iter(&self) -> std::str::Split<'_, char> {
        self.text.split('\n')
    }

    /// The lines joined by line feeds.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// How many lines there are (at least one).
    pub fn line_count(&self) -> usize {
        self.lines.max(1)
    }

    /// Adds `line` after the lines so far (`first` for the first line).
    fn push_line(&mut self, line: &str, first: bool) {
        if !first {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.lines += 1;
    }
}

impl Serialize for Wrapped {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Advance widths of the bundled font, read from its `hmtx` table.
///
/// Widths ignore kerning, which only ever narrows a line, so a measured
/// line never overflows the box it was wrapped for.
#[derive(Debug)]
pub struct FontMetrics {
    regular: FaceMetrics,
    bold: FaceMetrics,
}

#[derive(Debug)]
struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advances of the first 256 code points, the common case, precomputed.
    ascii: [u16; 256],
}

impl FaceMetrics {
    fn new(data: &'static [u8]) -> Self {
        // The font is compiled into the binary and covered by tests, so a
        // parse failure is a build defect, not a user error.
        #[expect(clippy::expect_used, reason = "bundled font is known good")]
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let mut ascii = [0u16; 256];
        for (i, slot) in ascii.iter_mut().enumerate() {
            *slot = char::from_u32(i as u32)
                .map(|c| Self::advance_of(&face, c))
                .unwrap_or(0);
        }
        Self {
            units_per_em: f32::from(face.units_per_em()),
            face,
            ascii,
        }
    }

    fn advance_of(face: &ttf_parser::Face<'_>, c: char) -> u16 {
        let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        face.glyph_hor_advance(glyph).unwrap_or(0)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.scaled(self.units(text), size)
    }

    /// The summed advances of `text`, in font units.
    fn units(&self, text: &str) -> u32 {
        text.chars()
            .map(|c| match self.ascii.get(c as usize) {
                Some(&a) => u32::from(a),
                None => u32::from(Self::advance_of(&self.face, c)),
            })
            .sum()
    }

    /// `units` font units in points at `size`.
    fn scaled(&self, units: u32, size: f32) -> f32 {
        units as f32 * size / self.units_per_em
    }
}

impl FontMetrics {
    /// Metrics of the bundled fonts, parsed once per process.
    pub fn bundled() -> &'static FontMetrics {
        static METRICS: OnceLock<FontMetrics> = OnceLock::new();
        METRICS.get_or_init(|| FontMetrics {
            regular: FaceMetrics::new(FONT_REGULAR),
            bold: FaceMetrics::new(FONT_BOLD),
        })
    }

    fn face(&self, weight: Weight) -> &FaceMetrics {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl TextMeasure for FontMetrics {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        self.face(weight).width(text, size)
    }

    fn line_height(&self, size: f32) -> f32 {
        let f = &self.regular;
        let h = f.face.ascender() - f.face.descender() + f.face.line_gap();
        f32::from(h) * size / f.units_per_em
    }

    fn ascent(&self, size: f32) -> f32 {
        let f = &self.regular;
        f32::from(f.face.ascender()) * size / f.units_per_em
    }

    /// Measures each word once: a line's width is its words' and spaces'
    /// font units added up, scaled once, as [`TextMeasure::width`] of the
    /// line gives it.
    fn wrap_widest(&self, text: &str, weight: Weight, size: f32, max_width: f32) -> (Wrapped, f32) {
        let face = self.face(weight);
        let mut widest = 0.0f32;
        let measure = |s: &str| {
            let units = face.units(s);
            (face.scaled(units, size), units)
        };
        let line_done = |units| widest = widest.max(face.scaled(units, size));
        let lines = if text.is_ascii() {
            // One pass over the bytes finds the words and adds up their
            // advances.
            let words = AsciiWords {
                text,
                at: 0,
                advances: &face.ascii,
            }
            .map(|(w, units)| (w, face.scaled(units, size), units));
            wrap_counted(text, max_width, words, measure, line_done)
        } else {
            let words = text.split_whitespace().map(|w| {
                let (width, units) = measure(w);
                (w, width, units)
            });
            wrap_counted(text, max_width, words, measure, line_done)
        };
        (lines, widest)
    }
}

/// Greedy word wrap of `text` to lines no wider than `max_width`.
///
/// Words are split on whitespace (runs of it collapse to one space); a word
/// wider than `max_width` on its own is broken between characters. An empty
/// text gives one empty line, so every box has at least one line.
pub fn wrap<M: TextMeasure + ?Sized>(
    measure: &M,
    text: &str,
    weight: Weight,
    size: f32,
    max_width: f32,
) -> Wrapped {
    let measure = |s: &str| (measure.width(s, weight, size), 0);
    let words = text.split_whitespace().map(|w| {
        let (width, count) = measure(w);
        (w, width, count)
    });
    wrap_counted(text, max_width, words, measure, |_| {})
}

/// [`wrap`] of the `words` of `text` (each with its width and a count
/// that adds up along a line, the font units of its characters, say), with
/// `measure` giving the same of a space or a character; `line_done` gets
/// each line's count, in order. Lines are words one space apart, or pieces
/// of a broken word, so a line's count is the sum of its pieces' and its
/// spaces' counts.
fn wrap_counted<'t>(
    text: &'t str,
    max_width: f32,
    words: impl Iterator<Item = (&'t str, f32, u32)>,
    measure: impl Fn(&str) -> (f32, u32),
    mut line_done: impl FnMut(u32),
) -> Wrapped {
    let (space, space_count) = measure(" ");
    let mut lines = Wrapped {
        text: String::with_capacity(text.len()),
        lines: 0,
    };
    let mut pushed = 0usize;
    // The line being filled, as a stretch of `text` (while its words are
    // one space apart there, as they mostly are, the line is that stretch
    // copied once) or built word by word.
    let mut line = Line::default();
    let mut line_width = 0.0;
    let mut line_count = 0u32;
    for (word, word_width, word_count) in words {
        if !line.is_empty() && line_width + space + word_width <= max_width {
            line.push_word(text, word);
            line_width += space + word_width;
            line_count = line_count
                .wrapping_add(space_count)
                .wrapping_add(word_count);
            continue;
        }
        if !line.is_empty() {
            line.move_to(text, &mut lines, pushed == 0);
            pushed += 1;
            line_done(line_count);
        }
        if word_width <= max_width {
            line.push_word(text, word);
            line_width = word_width;
            line_count = word_count;
        } else {
            // Break an over-long word (a URL, say) between characters.
            let mut built = String::new();
            line_width = 0.0;
            line_count = 0;
            for c in word.chars() {
                let (w, count) = measure(c.encode_utf8(&mut [0; 4]));
                if !built.is_empty() && line_width + w > max_width {
                    lines.push_line(&built, pushed == 0);
                    pushed += 1;
                    built.clear();
                    line_done(line_count);
                    line_width = 0.0;
                    line_count = 0;
                }
                built.push(c);
                line_width += w;
                line_count = line_count.wrapping_add(count);
            }
            line = Line::Built(built);
        }
    }
    if !line.is_empty() || pushed == 0 {
        line.move_to(text, &mut lines, pushed == 0);
        line_done(line_count);
    }
    lines
}

/// The words of an ASCII text as `str::split_whitespace` splits them, each
/// with its summed advance in font units.
struct AsciiWords<'t> {
    text: &'t str,
    at: usize,
    advances: &'t [u16; 256],
}

impl<'t> Iterator for AsciiWords<'t> {
    type Item = (&'t str, u32);

    fn next(&mut self) -> Option<Self::Item> {
        // The ASCII characters `char::is_whitespace` accepts.
        let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let bytes = self.text.as_bytes();
        let rest = bytes.get(self.at..)?;
        let start = self.at + rest.iter().take_while(|&&b| space(b)).count();
        let rest = bytes.get(start..)?;
        if rest.is_empty() {
            self.at = start;
            return None;
        }
        // Every character of the text is read here, so the loop runs over
        // the bytes themselves, with no index to check.
        let mut units = 0u32;
        let mut len = 0;
        for &b in rest {
            if space(b) {
                break;
            }
            units = units.wrapping_add(u32::from(self.advances[usize::from(b)]));
            len += 1;
        }
        self.at = start + len;
        Some((self.text.get(start..self.at)?, units))
    }
}

/// Adds `word` to the built line `s`, after a space unless `s` is empty.
fn append(s: &mut String, word: &str) {
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(word);
}

/// A line of [`wrap`] being filled.
#[derive(Default)]
enum Line {
    /// No word yet.
    #[default]
    Empty,
    /// The words at `start..end` of the text, one space apart there.
    Span { start: usize, end: usize },
    /// Words joined by single spaces.
    Built(String),
}

impl Line {
    fn is_empty(&self) -> bool {
        match self {
            Line::Empty => true,
            Line::Span { start, end } => start == end,
            Line::Built(s) => s.is_empty(),
        }
    }

    /// Adds `word` (a slice of `text`) after a space. It runs for every
    /// word of every claim: the line changes in place (taking it out and
    /// putting it back cost more than the rest), and the function is
    /// inlined (left to the compiler, it stayed a call, whose cost ate
    /// what the change saved).
    #[inline(always)]
    fn push_word(&mut self, text: &str, word: &str) {
        let at = word.as_ptr() as usize - text.as_ptr() as usize;
        let end = at + word.len();
        match self {
            Line::Empty => *self = Line::Span { start: at, end },
            // One space between the line so far and the word in `text`:
            // the line stays a stretch of it. (A byte before a word is an
            // ASCII space only where the space is a character of its own.)
            Line::Span { end: e, .. } if *e + 1 == at && text.as_bytes().get(*e) == Some(&b' ') => {
                *e = end;
            }
            Line::Span { start, end: e } => {
                let mut s = String::with_capacity(*e - *start + 1 + word.len());
                s.push_str(text.get(*start..*e).unwrap_or_default());
                append(&mut s, word);
                *self = Line::Built(s);
            }
            Line::Built(s) => append(s, word),
        }
    }

    /// Adds the line's text to `lines` (as their first line if `first`);
    /// the line is empty afterwards.
    fn move_to(&mut self, text: &str, lines: &mut Wrapped, first: bool) {
        match self {
            Line::Empty => lines.push_line("", first),
            Line::Span { start, end } => {
                lines.push_line(text.get(*start..*end).unwrap_or_default(), first);
            }
            Line::Built(s) => lines.push_line(s, first),
        }
        *self = Line::Empty;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_measures_real_widths() {
        let m = FontMetrics::bundled();
        let narrow = m.width("iiii", Weight::Regular, 14.0);
        let wide = m.width("WWWW", Weight::Regular, 14.0);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
        assert!(m.width("Bold", Weight::Bold, 14.0) > m.width("Bold", Weight::Regular, 14.0));
        assert!(
            (m.width("ab", Weight::Regular, 28.0) - 2.0 * m.width("ab", Weight::Regular, 14.0))
                .abs()
                < 1e-3
        );
    }

    #[test]
    fn wrap_respects_the_width_and_keeps_every_word() {
        let m = FontMetrics::bundled();
        let text = "Regional security diminishes the likelihood of conflicts and creates the environment necessary for advancement";
        let wrapped = wrap(m, text, Weight::Regular, 14.0, 150.0);
        let lines: Vec<&str> = wrapped.iter().collect();
        assert!(lines.len() > 2);
        assert_eq!(wrapped.line_count(), lines.len());
        for line in &lines {
            assert!(m.width(line, Weight::Regular, 14.0) <= 150.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn the_line_count_is_the_number_of_lines_for_every_kind_of_text() {
        let m = FontMetrics::bundled();
        let long_word = "x".repeat(80);
        for text in [
            "",
            "   ",
            "one",
            "Trade  builds\ttrust between\n neighbours, and trust keeps the peace",
            long_word.as_str(),
            "Grüße aus Köln: eine längere Zeile, die umbrechen muss",
        ] {
            for width in [10.0, 60.0, 150.0, 1000.0] {
                let (wrapped, _) = m.wrap_widest(text, Weight::Regular, 14.0, width);
                assert_eq!(
                    wrapped.line_count(),
                    wrapped.iter().count(),
                    "{text:?} at {width}"
                );
                let plain = wrap(m, text, Weight::Bold, 14.0, width);
                assert_eq!(
                    plain.line_count(),
                    plain.iter().count(),
                    "{text:?} at {width}"
                );
            }
        }
        assert_eq!(Wrapped::default().line_count(), 1);
        assert_eq!(
            Wrapped::default(),
            wrap(m, "", Weight::Regular, 14.0, 100.0)
        );
    }

    #[test]
    fn wrap_joins_words_by_one_space_whatever_separated_them() {
        let m = FontMetrics::bundled();
        let text = "Trade  builds\ttrust between\n neighbours, and trust keeps the peace";
        let wrapped = wrap(m, text, Weight::Regular, 14.0, 120.0);
        let lines: Vec<&str> = wrapped.iter().collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("  ") && !l.contains(['\t', '\n']))
        );
        assert_eq!(
            lines.join(" "),
            "Trade builds trust between neighbours, and trust keeps the peace"
        );
        let long = format!("See {} now", "x".repeat(60));
        let wrapped = wrap(m, &long, Weight::Regular, 14.0, 100.0);
        let lines: Vec<&str> = wrapped.iter().collect();
        assert_eq!(lines.first(), Some(&"See"));
        assert!(
            lines.last().is_some_and(|l| l.ends_with("x now")),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), format!("See{} now", "x".repeat(60)));
    }

    #[test]
    fn wrap_widest_gives_the_lines_of_wrap_and_the_width_of_the_widest() {
        let m = FontMetrics::bundled();
        let texts = [
            "Regional security diminishes the likelihood of conflicts and creates the environment necessary for advancement",
            "Trade  builds\ttrust between\n neighbours,\x0b and\x0c trust\r keeps the peace ",
            "Café prices rise — naïve policy 通商 builds trust\u{a0}between neighbours",
            "",
            "   ",
            "See https://example.org/a/very/long/address/that/does/not/fit/on/one/line now",
            "\u{1c}unit\u{1f}separators are not spaces",
        ];
        for text in texts {
            for weight in [Weight::Regular, Weight::Bold] {
                for max_width in [40.0, 150.0, 1000.0] {
                    let lines = wrap(m, text, weight, 14.0, max_width);
                    let widest = lines
                        .iter()
                        .map(|l| m.width(l, weight, 14.0))
                        .fold(0.0, f32::max);
                    let got = m.wrap_widest(text, weight, 14.0, max_width);
                    assert_eq!(got.0, lines, "{text:?} at {max_width}");
                    assert_eq!(got.1.to_bits(), widest.to_bits(), "{text:?} at {max_width}");
                }
            }
        }
    }

    #[test]
    fn wrapped_lines_serialise_as_a_list() {
        let m = FontMetrics::bundled();
        let wrapped = wrap(m, "One two three four", Weight::Regular, 14.0, 60.0);
        let json = serde_json::to_string(&wrapped).unwrap();
        let lines: Vec<&str> = wrapped.iter().collect();
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(json, serde_json::to_string(&lines).unwrap());
    }

    #[test]
    fn wrap_breaks_overlong_words_and_handles_empty_text() {
        let m = FontMetrics::bundled();
        let wrapped = wrap(m, &"x".repeat(200), Weight::Regular, 14.0, 100.0);
        assert!(wrapped.line_count() > 1);
        assert_eq!(wrapped.iter().collect::<String>(), "x".repeat(200));
        let empty = wrap(m, "  ", Weight::Regular, 14.0, 100.0);
        assert_eq!(empty.iter().collect::<Vec<_>>(), [""]);
        assert_eq!(empty.line_count(), 1);
        assert_eq!(empty, Wrapped::default());
    }
}
