//! A map's source text read beside the map: the Markdown rendered as
//! blocks, split into sentences, with every quoted passage located, the
//! coverage (how many sentences some claim quotes) and the reading path
//! (the claims in the order the essay makes them).
//!
//! This module is a pure function of the source text and the map: no
//! drawing, no egui. The source panel ([`crate::app`]), `reasonmap check
//! --coverage` ([`crate::cli`]) and the HTML export ([`crate::render`]) all
//! read one [`SourceDoc`], so they cannot disagree. Passages are located
//! with [`QuoteText::find_all`], the matching `reasonmap check` uses.

pub mod markdown;
pub mod sentences;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Map, MapIndex, QuoteText};
pub use markdown::{Block, BlockKind, Run, RunStyle};

/// One sentence of the running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The block it is in.
    pub block: usize,
    /// Where it sits in the block's rendered text.
    pub rendered: Range<usize>,
    /// Where it sits in the source.
    pub source: Range<usize>,
    /// The 1-based line of the source it starts on.
    pub line: usize,
    /// True when some claim quotes part of it.
    pub mapped: bool,
}

/// A stretch of the source quoted by one or more claims; stretches do not
/// overlap, so a passage quoted by two claims, or two passages that
/// overlap, become several segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The stretch of the source.
    pub source: Range<usize>,
    /// The claims whose quote covers it, in map order.
    pub claims: Vec<usize>,
}

/// How much of the running text the map quotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Sentences that some claim quotes (part of).
    pub mapped: usize,
    /// Sentences of running text (headings, code and HTML are not counted).
    pub sentences: usize,
}

impl Coverage {
    /// The share of sentences mapped, in whole percent, rounded down (so
    /// 100 % means every sentence).
    pub fn percent(self) -> usize {
        (self.mapped * 100).checked_div(self.sentences).unwrap_or(0)
    }
}

impl fmt::Display for Coverage {
    /// `19 of 24 sentences mapped (79 %)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sentences {
            0 => f.write_str("no sentences to map"),
            1 => write!(
                f,
                "{} of 1 sentence mapped ({} %)",
                self.mapped,
                self.percent()
            ),
            n => write!(
                f,
                "{} of {n} sentences mapped ({} %)",
                self.mapped,
                self.percent()
            ),
        }
    }
}

/// A stretch of a block's rendered text that looks the same throughout:
/// one style, one highlight, one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Where it sits in the block's rendered text.
    pub range: Range<usize>,
    /// Its style.
    pub style: RunStyle,
    /// The quoted segment it shows, if any (index into
    /// [`SourceDoc::segments`]).
    pub segment: Option<usize>,
    /// The sentence it belongs to, if any (index into
    /// [`SourceDoc::sentences`]).
    pub sentence: Option<usize>,
}

/// A quote with the text around it, for showing it in context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteContext {
    /// The sentence before the quote's sentence, if there is one.
    pub before: String,
    /// The start of the quote's sentence, before the quote.
    pub lead: String,
    /// The quoted passage, as rendered.
    pub quote: String,
    /// The rest of the quote's sentence, after the quote.
    pub trail: String,
    /// The sentence after the quote's sentence, if there is one.
    pub after: String,
    /// The 1-based source line the quote starts on.
    pub line: usize,
}

/// A source text analysed against a map.
#[derive(Debug, Clone, Default)]
pub struct SourceDoc {
    text: Arc<str>,
    blocks: Vec<Block>,
    /// Per block, its sentences (a range of indices into `sentences`).
    block_sentences: Vec<Range<usize>>,
    sentences: Vec<Sentence>,
    /// Per claim, where its quote is in the source.
    passages: Vec<Option<Range<usize>>>,
    segments: Vec<Segment>,
    reading_path: Vec<usize>,
    /// Per claim: the implicit premises read right after it.
    implicit_after: Vec<Vec<usize>>,
    line_starts: Vec<usize>,
    coverage: Coverage,
}

impl SourceDoc {
    /// Parses `text` and locates the quotes of `map`'s claims in it.
    pub fn new(text: Arc<str>, map: &Map, index: &MapIndex) -> Self {
        let blocks = markdown::parse_blocks(&text);
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let quotes: Vec<&str> = map
            .claims
            .iter()
            .map(|c| c.quote.as_deref().unwrap_or(""))
            .collect();
        let passages = QuoteText::new(&text).find_all(&quotes);
        let segments = segments(&passages);

        let mut sentences = Vec::new();
        let mut block_sentences = Vec::with_capacity(blocks.len());
        for (b, block) in blocks.iter().enumerate() {
            let first = sentences.len();
            if block.kind.is_prose() {
                for rendered in sentences::sentences(&block.text) {
                    let source = block.source_offset(rendered.start, false)
                        ..block.source_offset(rendered.end, true);
                    let line = line_starts.partition_point(|&s| s <= source.start);
                    let mapped = overlapping(&segments, source.clone()).next().is_some();
                    sentences.push(Sentence {
                        block: b,
                        rendered,
                        source,
                        line,
                        mapped,
                    });
                }
            }
            block_sentences.push(first..sentences.len());
        }
        let coverage = Coverage {
            mapped: sentences.iter().filter(|s| s.mapped).count(),
            sentences: sentences.len(),
        };
        let (reading_path, implicit_after) = reading_path(map, index, &passages);
        Self {
            text,
            blocks,
            block_sentences,
            sentences,
            passages,
            segments,
            reading_path,
            implicit_after,
            line_starts,
            coverage,
        }
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text, shared.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The rendered blocks, in order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Every sentence of running text, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The sentences of block `block` (indices into [`SourceDoc::sentences`]).
    pub fn block_sentences(&self, block: usize) -> Range<usize> {
        self.block_sentences.get(block).cloned().unwrap_or(0..0)
    }

    /// The sentences no claim quotes, in order.
    pub fn unmapped(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences.iter().enumerate().filter(|(_, s)| !s.mapped)
    }

    /// The quoted segments, in source order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// How much of the running text is quoted.
    pub fn coverage(&self) -> Coverage {
        self.coverage
    }

    /// Where claim `claim`'s quote is in the source; `None` for a claim
    /// without a quote (or one that is not in this text).
    pub fn passage(&self, claim: usize) -> Option<Range<usize>> {
        self.passages.get(claim).cloned().flatten()
    }

    /// Every claim, in the order the essay makes them: claims by where
    /// their quote starts, each followed by the claims not in the text
    /// (implicit premises) that bear on it; claims tied to no passage at
    /// all come last, in map order.
    pub fn reading_path(&self) -> &[usize] {
        &self.reading_path
    }

    /// The implicit premises to list at claim `claim`'s passage: those
    /// that bear on it, directly or through other implicit premises.
    pub fn implicit_after(&self, claim: usize) -> &[usize] {
        self.implicit_after.get(claim).map_or(&[], Vec::as_slice)
    }

    /// The 1-based line that byte `offset` of the source is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// The block that holds source offset `offset` (or the last block
    /// before it).
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        self.blocks
            .partition_point(|b| b.source.start <= offset)
            .checked_sub(1)
    }

    /// The segments that overlap source range `range` (indices into
    /// [`SourceDoc::segments`]).
    pub fn segments_in(&self, range: Range<usize>) -> Range<usize> {
        let first = self
            .segments
            .partition_point(|s| s.source.end <= range.start);
        let last = self
            .segments
            .partition_point(|s| s.source.start < range.end);
        first..last.max(first)
    }

    /// Block `block`'s text cut where style, highlight or sentence change.
    pub fn pieces(&self, block: usize) -> Vec<Piece> {
        let Some(b) = self.blocks.get(block) else {
            return Vec::new();
        };
        let sentences = self.block_sentences(block);
        let segments = self.segments_in(b.source.clone());
        let mut cuts: Vec<usize> = vec![0, b.text.len()];
        cuts.extend(b.runs.iter().map(|r| r.range.start));
        for s in &self.sentences[sentences.clone()] {
            cuts.extend([s.rendered.start, s.rendered.end]);
        }
        for segment in &self.segments[segments.clone()] {
            if let Some(r) = b.rendered_range(segment.source.clone()) {
                cuts.extend([r.start, r.end]);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut pieces = Vec::with_capacity(cuts.len());
        for w in cuts.windows(2) {
            let (start, end) = (w[0], w[1]);
            let run = b.runs.partition_point(|r| r.range.end <= start);
            let Some(run) = b.runs.get(run) else { continue };
            let probe = if run.exact {
                let at = b.source_offset(start, false);
                at..at + 1
            } else {
                run.source.clone()
            };
            let segment = self.segments[segments.clone()]
                .iter()
                .position(|s| s.source.start < probe.end && probe.start < s.source.end)
                .map(|i| segments.start + i);
            let sentence = self.sentences[sentences.clone()]
                .iter()
                .position(|s| s.rendered.start <= start && start < s.rendered.end)
                .map(|i| sentences.start + i);
            pieces.push(Piece {
                range: start..end,
                style: run.style,
                segment,
                sentence,
            });
        }
        pieces
    }

    /// The rendered text that shows source range `range`, blocks joined
    /// by a space.
    pub fn rendered_text(&self, range: Range<usize>) -> String {
        let first = self.block_at(range.start).unwrap_or(0);
        let mut parts = Vec::new();
        for block in self.blocks.iter().skip(first) {
            if block.source.start >= range.end {
                break;
            }
            if let Some(r) = block.rendered_range(range.clone()) {
                parts.push(&block.text[r]);
            }
        }
        parts.join(" ")
    }

    /// Claim `claim`'s quote with the sentence before and after it.
    pub fn context(&self, claim: usize) -> Option<QuoteContext> {
        let passage = self.passage(claim)?;
        let quote = self.rendered_text(passage.clone());
        let line = self.line_of(passage.start);
        // The sentences the passage touches.
        let first = self
            .sentences
            .partition_point(|s| s.source.end <= passage.start);
        let last = self
            .sentences
            .partition_point(|s| s.source.start < passage.end);
        if first >= last {
            // Not in running text (a heading, say): the quote alone.
            return Some(QuoteContext {
                quote,
                line,
                ..QuoteContext::default()
            });
        }
        let sentence_text = |i: usize| {
            let s = &self.sentences[i];
            self.blocks[s.block].text[s.rendered.clone()].to_owned()
        };
        let (s_first, s_last) = (&self.sentences[first], &self.sentences[last - 1]);
        let lead = self
            .rendered_text(s_first.source.start..passage.start)
            .trim_end()
            .to_owned();
        let trail = self
            .rendered_text(passage.end..s_last.source.end)
            .trim_start()
            .to_owned();
        Some(QuoteContext {
            before: first.checked_sub(1).map(sentence_text).unwrap_or_default(),
            lead,
            quote,
            trail,
            after: if last < self.sentences.len() {
                sentence_text(last)
            } else {
                String::new()
            },
            line,
        })
    }
}

/// The segments of `passages`: every stretch between two passage ends
/// that some passage covers, with the claims that cover it.
fn segments(passages: &[Option<Range<usize>>]) -> Vec<Segment> {
    let mut bounds: Vec<usize> = passages
        .iter()
        .flatten()
        .flat_map(|r| [r.start, r.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    // Claims by passage start; a sweep keeps those whose passage is open.
    let mut by_start: Vec<(usize, usize)> = passages
        .iter()
        .enumerate()
        .filter_map(|(c, r)| r.as_ref().map(|r| (r.start, c)))
        .collect();
    by_start.sort_unstable();
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut out: Vec<Segment> = Vec::new();
    for w in bounds.windows(2) {
        let (start, end) = (w[0], w[1]);
        while next < by_start.len() && by_start[next].0 <= start {
            open.push(by_start[next].1);
            next += 1;
        }
        open.retain(|&c| passages[c].as_ref().is_some_and(|r| r.end > start));
        if open.is_empty() {
            continue;
        }
        let mut claims = open.clone();
        claims.sort_unstable();
        match out.last_mut() {
            // Neighbours quoted by the same claims are one segment.
            Some(last) if last.source.end == start && last.claims == claims => {
                last.source.end = end;
            }
            _ => out.push(Segment {
                source: start..end,
                claims,
            }),
        }
    }
    out
}

/// The segments of a sorted, non-overlapping list that overlap `range`.
fn overlapping(segments: &[Segment], range: Range<usize>) -> impl Iterator<Item = &Segment> {
    let first = segments.partition_point(|s| s.source.end <= range.start);
    segments[first..]
        .iter()
        .take_while(move |s| s.source.start < range.end)
}

/// The reading path (see [`SourceDoc::reading_path`]) and, per claim, the
/// claims without a passage that are read right after it.
fn reading_path(
    map: &Map,
    index: &MapIndex,
    passages: &[Option<Range<usize>>],
) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = map.claims.len();
    // A claim without a passage is read after the claim it bears on
    // (through its first argument, in file order).
    let mut followers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_home = vec![false; n];
    for c in 0..n {
        if passages[c].is_some() {
            continue;
        }
        if let Some(t) = index
            .premise_of(c)
            .iter()
            .find_map(|&a| index.target_claim(a))
            .filter(|&t| t != c)
        {
            followers[t].push(c);
            has_home[c] = true;
        }
    }
    let mut located: Vec<(usize, usize)> = passages
        .iter()
        .enumerate()
        .filter_map(|(c, r)| r.as_ref().map(|r| (r.start, c)))
        .collect();
    located.sort_unstable();
    let roots = located
        .into_iter()
        .map(|(_, c)| c)
        .chain((0..n).filter(|&c| passages[c].is_none() && !has_home[c]))
        // Claims in a circle of unquoted claims have a home but no root.
        .chain(0..n);
    let mut placed = vec![false; n];
    let mut path = Vec::with_capacity(n);
    let mut implicit_after = vec![Vec::new(); n];
    for root in roots {
        if placed[root] {
            continue;
        }
        placed[root] = true;
        path.push(root);
        // Depth-first, so a premise of a premise follows its own target.
        let mut stack: Vec<usize> = followers[root].iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            if std::mem::replace(&mut placed[c], true) {
                continue;
            }
            path.push(c);
            if map.claims[c].implicit {
                implicit_after[root].push(c);
            }
            stack.extend(followers[c].iter().rev().copied());
        }
    }
    (path, implicit_after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, ArgumentKind, Claim};

    fn quoted(id: &str, quote: &str) -> Claim {
        Claim {
            quote: Some(quote.into()),
            ..Claim::new(id, id)
        }
    }

    fn implicit(id: &str) -> Claim {
        Claim {
            implicit: true,
            ..Claim::new(id, id)
        }
    }

    const ESSAY: &str = "# Cities\n\nCities should grow denser. Dense cities use less energy per person.\nThey also cost less to serve.\n\nSome disagree. Sprawl is cheap.\n";

    fn doc(claims: Vec<Claim>, arguments: Vec<Argument>) -> (Map, SourceDoc) {
        let map = Map {
            title: "t".into(),
            source: Some("e.md".into()),
            conclusions: vec!["c".into()],
            claims,
            arguments,
        };
        let index = MapIndex::new(&map);
        let doc = SourceDoc::new(ESSAY.into(), &map, &index);
        (map, doc)
    }

    #[test]
    fn coverage_counts_sentences_of_running_text() {
        let (_, doc) = doc(
            vec![
                quoted("c", "Cities should grow denser."),
                quoted("r", "less energy"),
                quoted("h", "Cities"),
            ],
            vec![Argument::new("a", ["r"], "c", ArgumentKind::Support)],
        );
        // The heading is no sentence; five sentences, two quoted.
        assert_eq!(
            doc.coverage(),
            Coverage {
                mapped: 2,
                sentences: 5
            }
        );
        assert_eq!(doc.coverage().to_string(), "2 of 5 sentences mapped (40 %)");
        let unmapped: Vec<(usize, &str)> = doc
            .unmapped()
            .map(|(_, s)| (s.line, &ESSAY[s.source.clone()]))
            .collect();
        assert_eq!(
            unmapped,
            [
                (4, "They also cost less to serve."),
                (6, "Some disagree."),
                (6, "Sprawl is cheap.")
            ]
        );
    }

    #[test]
    fn overlapping_quotes_become_segments_with_every_claim() {
        let (_, doc) = doc(
            vec![
                quoted("c", "Cities should grow denser."),
                quoted("r", "grow denser. Dense cities"),
            ],
            vec![Argument::new("a", ["r"], "c", ArgumentKind::Support)],
        );
        let segments: Vec<(&str, Vec<usize>)> = doc
            .segments()
            .iter()
            .map(|s| (&ESSAY[s.source.clone()], s.claims.clone()))
            .collect();
        assert_eq!(
            segments,
            [
                ("Cities should ", vec![0]),
                ("grow denser.", vec![0, 1]),
                (" Dense cities", vec![1])
            ]
        );
        // The pieces of the paragraph follow the segments and sentences.
        let block = doc.block_at(doc.passage(0).unwrap().start).unwrap();
        let text = &doc.blocks()[block].text;
        let pieces: Vec<(&str, Option<usize>)> = doc
            .pieces(block)
            .iter()
            .map(|p| (&text[p.range.clone()], p.segment))
            .collect();
        assert_eq!(
            &pieces[..4],
            [
                ("Cities should ", Some(0)),
                ("grow denser.", Some(1)),
                (" ", Some(2)),
                ("Dense cities", Some(2)),
            ]
        );
    }

    #[test]
    fn reading_path_follows_the_text_with_implicit_premises_after_their_claim() {
        let (map, doc) = doc(
            vec![
                quoted("c", "Cities should grow denser."),
                quoted("o", "Sprawl is cheap."),
                implicit("w"),
                quoted("r", "Dense cities use less energy per person."),
                implicit("w2"),
            ],
            vec![
                Argument::new("a1", ["r", "w"], "c", ArgumentKind::Support),
                Argument::new("a2", ["o"], "c", ArgumentKind::Attack),
                Argument::new("a3", ["w2"], "w", ArgumentKind::Support),
            ],
        );
        let ids: Vec<&str> = doc
            .reading_path()
            .iter()
            .map(|&c| map.claims[c].id.as_str())
            .collect();
        assert_eq!(ids, ["c", "w", "w2", "r", "o"]);
        assert_eq!(doc.implicit_after(0), [2, 4]);
    }

    #[test]
    fn a_quote_in_context() {
        let (_, doc) = doc(vec![quoted("c", "use less energy")], Vec::new());
        let context = doc.context(0).unwrap();
        assert_eq!(context.before, "Cities should grow denser.");
        assert_eq!(context.lead, "Dense cities");
        assert_eq!(context.quote, "use less energy");
        assert_eq!(context.trail, "per person.");
        assert_eq!(context.after, "They also cost less to serve.");
        assert_eq!(context.line, 3);
    }
}
