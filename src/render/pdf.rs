//! Rendering a scene as PDF: its SVG ([`super::svg`]) converted with
//! svg2pdf. Text stays real, selectable text in the embedded (subset)
//! bundled font; the page is exactly the scene's size, one point per scene
//! point.
//!
//! Two exports of one scene show the same page, but their bytes may differ
//! in the order of some objects: svg2pdf 0.13 collects fonts and graphics
//! states in hash maps.

use svg2pdf::{ConversionOptions, PageOptions};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The SVG could not be read (a defect of the SVG writer).
    #[error("cannot read the drawing: {0}")]
    Svg(#[from] resvg::usvg::Error),
    /// svg2pdf could not convert the drawing.
    #[error("cannot convert the drawing to PDF: {0}")]
    Convert(String),
}

/// Converts `svg` (as written by [`super::svg::to_svg`]) to a one-page PDF.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, PdfError> {
    let tree = super::png::parse_svg(svg)?;
    let options = ConversionOptions {
        embed_text: true,
        ..ConversionOptions::default()
    };
    // 72 dpi: one SVG pixel (one scene point) becomes one PDF point.
    svg2pdf::to_pdf(&tree, options, PageOptions { dpi: 72.0 })
        .map_err(|e| PdfError::Convert(e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn page_has_the_drawing_size_and_embeds_the_font() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80" viewBox="0 0 300 80"><text x="4" y="40" font-family="Noto Sans" font-size="20" fill="#000000">Selectable words</text></svg>"##;
        let pdf = svg_to_pdf(svg).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/MediaBox [0 0 300 80]"), "page size");
        assert!(text.contains("NotoSans"), "font embedded by name");
    }
}
