//! Embedding a face of the bundled font in a PDF: a subset holding only the
//! glyphs the document uses (subsetter), written as a Type 0 font over a
//! CIDFontType2 with identity encoding, and a ToUnicode map so the text
//! can be selected, searched and extracted.
//!
//! pdf-writer writes the objects and subsetter cuts the font; the glue
//! here is ours because no crate takes glyph runs we shaped ourselves and
//! embeds their font (svg2pdf does it only through a usvg tree, the slow
//! path this renderer replaces).

use std::collections::BTreeMap;
use std::hash::Hasher as _;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish as _, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use super::glyphs::Fonts;
use crate::text::Weight;

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// One face as a document uses it: which glyphs, and what text each
/// stands for.
pub struct EmbeddedFont {
    weight: Weight,
    /// The Type 0 font object pages refer to.
    reference: Ref,
    /// Old glyph id to the id in the subset (which is also the CID).
    remapper: GlyphRemapper,
    /// Text of each used glyph, by CID, for the ToUnicode map.
    text: BTreeMap<u16, String>,
}

impl EmbeddedFont {
    /// A face of the bundled font, to be written as object `reference`.
    pub fn new(weight: Weight, reference: Ref) -> Self {
        Self {
            weight,
            reference,
            remapper: GlyphRemapper::new(),
            text: BTreeMap::new(),
        }
    }

    /// The font object's reference.
    pub fn reference(&self) -> Ref {
        self.reference
    }

    /// The CID that stands for glyph `id`, recording that it is used and,
    /// the first time, which `text` it shows (empty for the second and
    /// later glyphs of a cluster).
    pub fn cid(&mut self, id: u16, text: &str) -> u16 {
        let cid = self.remapper.remap(id);
        if !text.is_empty() {
            self.text.entry(cid).or_insert_with(|| text.to_owned());
        }
        cid
    }

    /// Writes the font's objects, allocating references after `next`.
    pub fn write(&self, pdf: &mut Pdf, next: &mut Ref) -> Result<(), String> {
        let data = Fonts::data(self.weight);
        let face = Fonts::bundled().face(self.weight);
        let per_em = Fonts::bundled().units_per_em(self.weight);
        let to_pdf = |v: f32| v / per_em * 1000.0;
        let mut alloc = || next.bump();
        let (cid_ref, descriptor_ref, cmap_ref, file_ref) = (alloc(), alloc(), alloc(), alloc());

        // A subset's name starts with a tag of six capitals that differs
        // between subsets; derive it from the glyphs for stable output.
        let mut hasher = siphasher::sip::SipHasher13::new();
        for gid in self.remapper.remapped_gids() {
            hasher.write_u16(gid);
        }
        let mut hash = std::hash::Hasher::finish(&hasher);
        let tag: String = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (hash % 26) as u8);
                hash /= 26;
                letter
            })
            .collect();
        let postscript = match self.weight {
            Weight::Regular => "NotoSans-Regular",
            Weight::Bold => "NotoSans-Bold",
        };
        let base_font = format!("{tag}+{postscript}");

        pdf.type0_font(self.reference)
            .base_font(Name(base_font.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);

        let mut cid = pdf.cid_font(cid_ref);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(base_font.as_bytes()))
            .system_info(SYSTEM_INFO)
            .font_descriptor(descriptor_ref)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|gid| {
                let advance = face
                    .glyph_hor_advance(ttf_parser::GlyphId(gid))
                    .unwrap_or(0);
                to_pdf(f32::from(advance))
            })
            .collect();
        cid.widths().consecutive(0, widths);
        cid.finish();

        let bbox = face.global_bounding_box();
        let mut flags = FontFlags::NON_SYMBOLIC;
        flags.set(FontFlags::FORCE_BOLD, self.weight == Weight::Bold);
        pdf.font_descriptor(descriptor_ref)
            .name(Name(base_font.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                to_pdf(f32::from(bbox.x_min)),
                to_pdf(f32::from(bbox.y_min)),
                to_pdf(f32::from(bbox.x_max)),
                to_pdf(f32::from(bbox.y_max)),
            ))
            .italic_angle(face.italic_angle())
            .ascent(to_pdf(f32::from(face.ascender())))
            .descent(to_pdf(f32::from(face.descender())))
            .cap_height(to_pdf(f32::from(
                face.capital_height().unwrap_or(face.ascender()),
            )))
            .stem_v(10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0))
            .font_file2(file_ref);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
        for (&cid, text) in &self.text {
            cmap.pair_with_multiple(cid, text.chars());
        }
        let cmap = cmap.finish();
        pdf.cmap(cmap_ref, &cmap);

        let subset = subsetter::subset(data, 0, &self.remapper)
            .map_err(|e| format!("cannot subset the font: {e}"))?;
        let compressed = super::pdf::deflate(&subset);
        pdf.stream(file_ref, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        Ok(())
    }
}
