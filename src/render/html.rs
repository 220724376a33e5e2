//! Rendering a map and its essay as one self-contained, interactive HTML
//! page: the map's SVG ([`super::svg`], drawn from the same scene as every
//! other export) beside the essay, with every quoted passage highlighted
//! in its claim's role colour.
//!
//! A few lines of inline script make the two sides talk: hovering a claim
//! box or a passage highlights both, clicking either selects the claim,
//! scrolls the other side to it and shows the claim's details (and its
//! notes, when the export includes them). The page needs nothing else: no
//! network, no external script or font (a subset of the bundled font is
//! embedded; should that fail, the page falls back to the reader's
//! sans-serif), and a Content-Security-Policy that forbids fetching
//! anything, so it works from a file or an email attachment.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use base64::Engine as _;
use serde::Serialize;

use crate::model::{Map, MapIndex, SourceText};
use crate::scene::{Color, Scene, Theme};
use crate::source::{BlockKind, Piece, SourceDoc};
use crate::text::{FONT_BOLD, FONT_REGULAR};

/// What the page shows besides the scene.
#[derive(Debug, Clone, Copy)]
pub struct HtmlPage<'a> {
    /// The map the scene was drawn from (the sub-map, for a part of a map).
    pub map: &'a Map,
    /// Its index.
    pub index: &'a MapIndex,
    /// The source text as the map was loaded with it.
    pub source: &'a SourceText,
    /// Note texts by claim id, shown in the claim details; empty for none.
    pub notes: &'a BTreeMap<String, Vec<String>>,
    /// The theme the scene was built with; the page uses its colours.
    pub theme: &'a Theme,
    /// Per claim of `map`: its status and the reason, shown in the claim
    /// details; empty when the export draws no evaluation.
    pub verdicts: &'a [Verdict],
}

/// A claim's evaluation as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// In, out or undecided.
    pub status: crate::evaluation::Status,
    /// Why, in words ("Out: you rejected it.").
    pub reason: String,
}

/// Renders the page: `scene` (drawn from `page.map`) beside the essay.
pub fn to_html(scene: &Scene, page: &HtmlPage<'_>) -> String {
    let map = page.map;
    let doc = page
        .source
        .shared_text()
        .map(|text| SourceDoc::new(text, map, page.index));
    let svg = super::svg::to_svg(scene, Some(map));
    let svg = svg
        .strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
        .unwrap_or(&svg)
        .trim_start();

    let mut body = String::with_capacity(svg.len() * 2 + 4096);
    body.push_str("<header>\n");
    let _ = writeln!(body, "<h1>{}</h1>", Esc(&map.title));
    body.push_str("<p class=\"sub\">");
    match (&doc, page.source) {
        (Some(doc), SourceText::Read { name, .. }) => {
            let _ = write!(
                body,
                "Essay: {} · <span id=\"coverage\">{}</span> · ",
                Esc(name),
                doc.coverage()
            );
        }
        (_, SourceText::Unreadable { name, .. }) => {
            let _ = write!(body, "Essay: {} (could not be read) · ", Esc(name));
        }
        _ => {}
    }
    body.push_str(
        "Hover a claim or a passage to see both; click one to select it. <button id=\"zoom\" type=\"button\">Fit map</button></p>\n</header>\n<main>\n",
    );
    body.push_str("<section id=\"map\" aria-label=\"Argument map\">\n");
    body.push_str(svg);
    body.push_str("</section>\n<article id=\"essay\" aria-label=\"Essay\">\n");
    match (&doc, page.source) {
        (Some(doc), _) => essay_html(&mut body, doc, map, page.index),
        (None, SourceText::Unreadable { name, reason }) => {
            let _ = writeln!(
                body,
                "<p class=\"empty\">The essay <b>{}</b> could not be read: {}</p>",
                Esc(name),
                Esc(reason)
            );
        }
        (None, _) => body.push_str(
            "<p class=\"empty\">This map names no source text, so there is no essay to show beside it.</p>\n",
        ),
    }
    body.push_str("</article>\n</main>\n");
    body.push_str(
        "<aside id=\"details\" hidden aria-live=\"polite\"><button id=\"close\" type=\"button\" aria-label=\"Close\">×</button><div id=\"details-body\"></div></aside>\n",
    );
    let data = claims_json(map, page.index, doc.as_ref(), page.notes, page.verdicts);
    let _ = writeln!(
        body,
        "<script type=\"application/json\" id=\"claims-data\">{data}</script>"
    );
    body.push_str("<script>\n");
    body.push_str(SCRIPT);
    body.push_str("</script>\n");

    let mut out = String::with_capacity(body.len() + 64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: the page is complete as it is.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; font-src data:; img-src data:\">\n");
    let _ = writeln!(out, "<title>{}</title>", Esc(&map.title));
    out.push_str("<style>\n");
    out.push_str(&font_faces(&body));
    out.push_str(&style(page.theme));
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&body);
    out.push_str("</body>\n</html>\n");
    out
}

/// The essay's blocks, with passages as `<mark>`s that name their claims
/// (`data-c`, claim indices) and unmapped sentences dimmed.
fn essay_html(out: &mut String, doc: &SourceDoc, map: &Map, index: &MapIndex) {
    // Implicit premises are listed after the block where the passage of
    // the claim they bear on ends.
    let mut implicit_at: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, _) in map.claims.iter().enumerate() {
        let listed = doc.implicit_after(c);
        if let (false, Some(passage)) = (listed.is_empty(), doc.passage(c))
            && let Some(b) = doc.block_at(passage.end.saturating_sub(1))
        {
            implicit_at.entry(b).or_default().extend_from_slice(listed);
        }
    }
    for (b, block) in doc.blocks().iter().enumerate() {
        let mut classes = Vec::new();
        let tag = match block.kind {
            BlockKind::Heading(level) => format!("h{level}"),
            BlockKind::Paragraph => "p".to_owned(),
            BlockKind::Code | BlockKind::Html => "pre".to_owned(),
            // A table row reads as its cells with a bar between them.
            BlockKind::TableRow { header } => {
                classes.push(if header { "tr th" } else { "tr" });
                "p".to_owned()
            }
            BlockKind::Rule => {
                out.push_str("<hr>\n");
                continue;
            }
        };
        if block.quote_depth > 0 {
            classes.push("bq");
        }
        let _ = write!(out, "<{tag}");
        if !classes.is_empty() {
            let _ = write!(out, " class=\"{}\"", classes.join(" "));
        }
        let indent = block.list_depth.saturating_sub(1) as f32 * 1.5
            + block.quote_depth.saturating_sub(1) as f32;
        if indent > 0.0 {
            let _ = write!(out, " style=\"margin-left:{indent}em\"");
        }
        out.push('>');
        if let Some(marker) = &block.marker {
            let _ = write!(out, "<span class=\"marker\">{}</span>", Esc(marker));
        }
        for piece in doc.pieces(b) {
            piece_html(out, doc, map, index, &block.text, &piece);
        }
        let _ = writeln!(out, "</{tag}>");
        for &c in implicit_at.get(&b).map_or(&[][..], Vec::as_slice) {
            let _ = writeln!(
                out,
                "<p class=\"implicit\" data-c=\"{c}\" tabindex=\"0\" role=\"button\"><span class=\"tag\">not in the text</span> {}</p>",
                Esc(&map.claims[c].text)
            );
        }
    }
}

fn piece_html(
    out: &mut String,
    doc: &SourceDoc,
    map: &Map,
    index: &MapIndex,
    text: &str,
    piece: &Piece,
) {
    let content = &text[piece.range.clone()];
    let style = piece.style;
    let mut tags: Vec<&str> = Vec::new();
    if style.code {
        tags.push("code");
    }
    if style.strong {
        tags.push("strong");
    }
    if style.emphasis {
        tags.push("em");
    }
    if style.strikethrough {
        tags.push("s");
    }
    if style.link {
        tags.push("u");
    }
    let segment = piece.segment.map(|s| &doc.segments()[s]);
    if let Some(segment) = segment {
        let claims: Vec<String> = segment.claims.iter().map(ToString::to_string).collect();
        let first = segment.claims[0];
        let _ = write!(
            out,
            "<mark class=\"q {}\" data-c=\"{}\" tabindex=\"0\" role=\"button\"",
            super::svg::role_class(index.role(first)),
            claims.join(" ")
        );
        if let Some(&second) = segment.claims.get(1) {
            // A passage several claims quote: the second one's colour
            // underlines the first one's.
            let _ = write!(
                out,
                " style=\"box-shadow:inset 0 -3px 0 var(--s-{})\"",
                super::svg::role_class(index.role(second))
            );
        }
        let names: Vec<&str> = segment
            .claims
            .iter()
            .map(|&c| map.claims[c].text.as_str())
            .collect();
        let _ = write!(out, " title=\"{}\">", Esc(&names.join("\n")));
    } else if piece.sentence.is_some_and(|s| !doc.sentences()[s].mapped) {
        out.push_str("<span class=\"u\" title=\"No claim quotes this sentence\">");
    }
    for tag in &tags {
        let _ = write!(out, "<{tag}>");
    }
    let _ = write!(out, "{}", Esc(content));
    for tag in tags.iter().rev() {
        let _ = write!(out, "</{tag}>");
    }
    if segment.is_some() {
        out.push_str("</mark>");
    } else if piece.sentence.is_some_and(|s| !doc.sentences()[s].mapped) {
        out.push_str("</span>");
    }
}

/// One claim as the page's script reads it.
#[derive(Serialize)]
struct ClaimData<'a> {
    id: &'a str,
    text: &'a str,
    role: &'static str,
    class: &'static str,
    quote: Option<&'a str>,
    /// The 1-based source line the quote starts on.
    line: Option<usize>,
    implicit: bool,
    links: Vec<LinkData>,
    notes: &'a [String],
    /// "in", "out" or "undecided" when the evaluation is drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    /// Why it has that status.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// A related claim: "Supports" claim 3.
#[derive(Serialize)]
struct LinkData {
    label: &'static str,
    claim: usize,
}

/// The claims as JSON, safe inside a `<script>` element.
fn claims_json<'a>(
    map: &'a Map,
    index: &MapIndex,
    doc: Option<&SourceDoc>,
    notes: &'a BTreeMap<String, Vec<String>>,
    verdicts: &'a [Verdict],
) -> String {
    let claims: Vec<ClaimData<'_>> = map
        .claims
        .iter()
        .enumerate()
        .map(|(c, claim)| {
            let mut links = Vec::new();
            for &a in index.premise_of(c) {
                if let Some(t) = index.target_claim(a) {
                    links.push(LinkData {
                        label: index.bears_on_label(map, a),
                        claim: t,
                    });
                }
            }
            for &a in index.arguments_into_claim(c) {
                for &p in index.premises(a) {
                    links.push(LinkData {
                        label: MapIndex::bearing_label(map, a),
                        claim: p,
                    });
                }
            }
            ClaimData {
                id: &claim.id,
                text: &claim.text,
                role: index.role(c).label(),
                class: super::svg::role_class(index.role(c)),
                quote: claim.quote.as_deref(),
                line: doc.and_then(|d| d.passage(c).map(|p| d.line_of(p.start))),
                implicit: claim.implicit,
                links,
                notes: notes.get(&claim.id).map_or(&[], Vec::as_slice),
                status: verdicts.get(c).map(|v| v.status.label()),
                reason: verdicts.get(c).map(|v| v.reason.as_str()),
            }
        })
        .collect();
    let json = serde_json::to_string(&serde_json::json!({ "claims": claims }))
        .unwrap_or_else(|_| "{\"claims\":[]}".to_owned());
    // `</script>` or `<!--` inside the data would end or confuse the element.
    json.replace('<', "\\u003c")
}

/// `@font-face` rules embedding the bundled font, cut down to the
/// characters the page uses; empty (the page then uses the reader's
/// sans-serif) if the font cannot be cut.
fn font_faces(page_text: &str) -> String {
    let chars: BTreeSet<char> = page_text
        .chars()
        .chain(' '..='~')
        .filter(|c| !c.is_control())
        .collect();
    let mut css = String::new();
    for (data, weight) in [(FONT_REGULAR, 400), (FONT_BOLD, 700)] {
        if let Some(subset) = subset_font(data, &chars) {
            let _ = writeln!(
                css,
                "@font-face{{font-family:\"{}\";font-weight:{weight};src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
                crate::text::FONT_FAMILY,
                base64::engine::general_purpose::STANDARD.encode(subset)
            );
        }
    }
    css
}

/// The glyphs of `chars` that `font` has, as a font of their own.
fn subset_font(font: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let covered: BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|&c| face.glyph_index(c).is_some())
        .collect();
    if covered.is_empty() {
        return None;
    }
    let reader = font_subset::FontReader::new(font).ok()?;
    let parsed = reader.read().ok()?;
    let subset = parsed.subset(&covered).ok()?;
    Some(subset.to_opentype())
}

/// The page's style sheet, in the theme's colours.
fn style(theme: &Theme) -> String {
    let c = |color: Color| color.hex();
    let mut css = String::new();
    let _ = writeln!(
        css,
        ":root{{--bg:{};--fg:{};--weak:{};--line:{};--panel:{};--sel:{};--hover:{}}}",
        c(theme.background),
        c(theme.text),
        c(theme.weak_text),
        c(theme.legend_stroke),
        c(theme.legend_fill),
        c(theme.selection),
        c(theme.hover),
    );
    let _ = writeln!(
        css,
        ".verdict.in{{--v:{}}} .verdict.out{{--v:{}}} .verdict.undecided{{--v:{}}}",
        c(theme.status_in),
        c(theme.status_out),
        c(theme.status_undecided),
    );
    for role in crate::model::Role::ALL {
        let class = super::svg::role_class(role);
        let style = theme.role(role);
        let _ = writeln!(
            css,
            ".{class}{{--f:{};--s:{}}} :root{{--s-{class}:{}}}",
            c(style.fill),
            c(style.stroke),
            c(style.stroke)
        );
    }
    css.push_str(STYLE);
    css
}

/// Layout and interaction styles; colours come from the variables above.
const STYLE: &str = r#"html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;background:var(--bg);color:var(--fg);font-family:"Noto Sans",sans-serif;font-size:15px}
header{padding:.5em 1em;border-bottom:1px solid var(--line)}
header h1{font-size:1.15em;margin:.1em 0}
.sub{margin:.2em 0;color:var(--weak);font-size:.9em}
button{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:4px;cursor:pointer;padding:0 .5em}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
#map{overflow:auto;border-right:1px solid var(--line)}
#map.fit svg{max-width:100%;height:auto}
#map g.claim{cursor:pointer}
#map g.claim.hl>rect{stroke:var(--hover);stroke-width:3px}
#map g.claim.sel>rect{stroke:var(--sel);stroke-width:4px}
#essay{overflow:auto;padding:0 1.5em 40vh;line-height:1.65}
#essay h1{font-size:1.3em}#essay h2{font-size:1.15em}#essay h3,#essay h4,#essay h5,#essay h6{font-size:1em}
#essay pre{white-space:pre-wrap;font-size:.9em}
.tr{margin:0;font-size:.92em}.th{font-weight:bold}
.bq{border-left:3px solid var(--line);padding-left:.8em}
.marker{display:inline-block;min-width:1.4em;color:var(--weak)}
mark.q{background:var(--f);color:inherit;border-radius:2px;cursor:pointer;text-decoration:underline 2px var(--s);text-underline-offset:3px}
mark.q.hl{outline:2px solid var(--s)}
mark.q.sel{outline:3px solid var(--sel)}
.u{opacity:.55}
.implicit{margin:.3em 0 .8em 1em;padding:.2em .6em;border:1px dashed var(--line);border-radius:4px;cursor:pointer;font-size:.92em}
.implicit.hl{border-color:var(--hover)}.implicit.sel{border:2px solid var(--sel)}
.tag{font-size:.8em;color:var(--weak);text-transform:uppercase;letter-spacing:.04em;margin-right:.4em}
.empty{color:var(--weak);margin-top:2em}
#details{position:fixed;left:1em;bottom:1em;max-width:min(34em,58vw);max-height:45vh;overflow:auto;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.7em 1em;box-shadow:0 4px 18px rgba(0,0,0,.2)}
#close{float:right;margin-left:.5em}
.chip{display:inline-block;background:var(--f);border:1px solid var(--s);color:var(--s);border-radius:4px;padding:0 .4em;font-weight:bold;font-size:.85em}
#details blockquote{margin:.5em 0;font-style:italic}
#details ul{padding-left:1.2em;margin:.3em 0}
#details .verdict{border-left:4px solid var(--v);padding-left:.5em}
.link{background:none;border:none;padding:0;text-decoration:underline;text-align:left}
@media (max-width:800px){main{grid-template-columns:1fr;grid-template-rows:1fr 1fr}#map{border-right:none;border-bottom:1px solid var(--line)}}
@media print{body{display:block}main{display:block}#map,#essay{overflow:visible}#details,#zoom{display:none}}
"#;

/// The page's script: two-way hover and click, claim details.
const SCRIPT: &str = r#"(() => {
const data = JSON.parse(document.getElementById('claims-data').textContent).claims;
const byId = new Map(data.map((c, i) => [c.id, i]));
const boxes = [], marks = [];
document.querySelectorAll('#map g.claim').forEach(g => { const i = byId.get(g.dataset.claim); if (i !== undefined) { g.dataset.c = i; boxes[i] = g; } });
document.querySelectorAll('#essay [data-c]').forEach(m => m.dataset.c.split(' ').forEach(i => (marks[i] ||= []).push(m)));
const claimsOf = el => el.dataset.c.split(' ').map(Number);
const mark = (cls, ids, on) => ids.forEach(i => { boxes[i]?.classList.toggle(cls, on); (marks[i] || []).forEach(m => m.classList.toggle(cls, on)); });
let selected = [];
function select(i, from) {
  mark('sel', selected, false); selected = [i]; mark('sel', selected, true);
  if (from !== 'map') boxes[i]?.scrollIntoView({block: 'center', inline: 'center'});
  if (from !== 'essay') marks[i]?.[0]?.scrollIntoView({block: 'center'});
  show(i);
}
function el(tag, text, cls) { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
function show(i) {
  const c = data[i], body = document.getElementById('details-body');
  body.replaceChildren(el('span', c.role, 'chip ' + c.class), el('p', c.text, 'text'));
  body.lastChild.style.fontWeight = 'bold';
  if (c.quote) body.append(el('blockquote', '“' + c.quote + '”' + (c.line ? '  (line ' + c.line + ')' : '')));
  if (c.implicit) body.append(el('p', 'Implicit premise: not in the text, supplied by the analyst.'));
  if (c.status) body.append(el('p', c.reason, 'verdict ' + c.status));
  const links = el('ul');
  c.links.forEach(l => { const li = el('li', l.label + ': '); const b = el('button', data[l.claim].text, 'link'); b.onclick = () => select(l.claim); li.append(b); links.append(li); });
  if (c.links.length) body.append(links);
  if (c.notes.length) { body.append(el('p', 'Notes', 'tag')); const ul = el('ul'); c.notes.forEach(n => ul.append(el('li', n))); body.append(ul); }
  document.getElementById('details').hidden = false;
}
document.querySelectorAll('#map g.claim[data-c], #essay [data-c]').forEach(e => {
  const from = e.closest('#map') ? 'map' : 'essay';
  e.addEventListener('mouseenter', () => mark('hl', claimsOf(e), true));
  e.addEventListener('mouseleave', () => mark('hl', claimsOf(e), false));
  e.addEventListener('click', ev => { ev.stopPropagation(); const ids = claimsOf(e); const k = ids.indexOf(selected[0]); select(ids[(k + 1) % ids.length], from); });
  e.addEventListener('keydown', ev => { if (ev.key === 'Enter') e.click(); });
});
document.getElementById('close').onclick = () => { mark('sel', selected, false); selected = []; document.getElementById('details').hidden = true; };
document.getElementById('zoom').onclick = ev => { const m = document.getElementById('map'); m.classList.toggle('fit'); ev.target.textContent = m.classList.contains('fit') ? 'Actual size' : 'Fit map'; };
// Start at the main conclusion.
boxes[data.findIndex(c => c.class === 'conclusion')]?.scrollIntoView({block: 'nearest', inline: 'center'});
})();
"#;

/// Text escaped for HTML character data and attribute values.
struct Esc<'a>(&'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                c if c.is_control() && c != '\n' && c != '\t' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            Esc("<b> & \"x\" 'y'").to_string(),
            "&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }

    #[test]
    fn the_font_subset_is_a_font_with_the_characters_asked_for() {
        let chars: BTreeSet<char> = "Regional security ×".chars().collect();
        let subset = subset_font(FONT_REGULAR, &chars).unwrap();
        assert!(subset.len() < FONT_REGULAR.len() / 10, "{}", subset.len());
        let face = ttf_parser::Face::parse(&subset, 0).unwrap();
        for c in chars {
            assert!(face.glyph_index(c).is_some(), "{c:?}");
        }
        assert!(face.glyph_index('Z').is_none());
    }
}
