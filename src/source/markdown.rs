//! The Markdown source as rendered blocks: headings, paragraphs, list items,
//! quotations and code, each a run of styled text that remembers where in
//! the source every piece of it came from.
//!
//! Parsing is pulldown-cmark's ([`pulldown_cmark::Parser::into_offset_iter`]
//! gives each event its byte range in the source); this module only folds
//! the events into blocks.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What kind of block a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of level 1 to 6.
    Heading(u8),
    /// Running text: a paragraph, or the text of a list item.
    Paragraph,
    /// A fenced or indented code block, shown as written.
    Code,
    /// Raw HTML, shown as written.
    Html,
    /// A thematic break (`---`).
    Rule,
    /// A row of a table; its cells start at [`Block::cells`].
    TableRow {
        /// True for the table's header row.
        header: bool,
    },
}

impl BlockKind {
    /// True for running text, whose sentences the coverage counts.
    /// Headings name sections rather than state anything; code and HTML
    /// are not prose.
    pub fn is_prose(self) -> bool {
        self == BlockKind::Paragraph
    }
}

/// How a run of text is styled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RunStyle {
    /// `*emphasis*`.
    pub emphasis: bool,
    /// `**strong**`.
    pub strong: bool,
    /// `` `code` ``, or the text of a code block.
    pub code: bool,
    /// The text of a link or an image's alternative text.
    pub link: bool,
    /// `~~struck~~`.
    pub strikethrough: bool,
}

/// A run of rendered text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Where the run sits in its block's [`Block::text`].
    pub range: Range<usize>,
    /// Where it came from in the source.
    pub source: Range<usize>,
    /// Its style.
    pub style: RunStyle,
    /// True when the rendered text is exactly the source text it came
    /// from, so offsets inside it map one to one. An entity (`&amp;`), an
    /// inline code span with its backticks or a line break is not exact:
    /// it maps as a whole.
    pub exact: bool,
}

/// One block of the rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// List nesting: 0 outside lists, 1 in a list, 2 in a list in a list.
    pub list_depth: usize,
    /// Block-quote nesting.
    pub quote_depth: usize,
    /// The list item's marker (`•` or `3.`) on its first block.
    pub marker: Option<String>,
    /// The rendered text (a hard line break is a `\n`).
    pub text: String,
    /// The styled runs that make up `text`, in order.
    pub runs: Vec<Run>,
    /// The source the block was parsed from.
    pub source: Range<usize>,
    /// For a table row: where each cell's text starts in `text`. Cells
    /// are separated in `text` by [`CELL_SEPARATOR`], which has no source.
    pub cells: Vec<usize>,
}

/// What stands between two cells of a table row in [`Block::text`].
pub const CELL_SEPARATOR: &str = "  │  ";

impl Block {
    fn new(
        kind: BlockKind,
        list_depth: usize,
        quote_depth: usize,
        marker: Option<String>,
        at: usize,
    ) -> Self {
        Self {
            kind,
            list_depth,
            quote_depth,
            marker,
            text: String::new(),
            runs: Vec::new(),
            source: at..at,
            cells: Vec::new(),
        }
    }

    /// The rendered range of table cell `cell` (without separators).
    pub fn cell(&self, cell: usize) -> Option<Range<usize>> {
        let start = *self.cells.get(cell)?;
        let end = self
            .cells
            .get(cell + 1)
            .map_or(self.text.len(), |&next| next - CELL_SEPARATOR.len());
        Some(start..end.max(start))
    }

    fn push(&mut self, text: &str, source: Range<usize>, style: RunStyle, whole_source: &str) {
        if text.is_empty() {
            return;
        }
        let exact = whole_source.get(source.clone()) == Some(text);
        let start = self.text.len();
        self.text.push_str(text);
        if self.runs.is_empty() {
            self.source.start = source.start;
        }
        self.source.end = self.source.end.max(source.end);
        self.runs.push(Run {
            range: start..self.text.len(),
            source,
            style,
            exact,
        });
    }

    /// The run holding rendered offset `at` (the last run for the end).
    fn run_at(&self, at: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.range.end <= at);
        self.runs.get(i).or(self.runs.last())
    }

    /// The source offset of rendered offset `at`: exact inside an exact
    /// run; the start of an inexact run (or its end, when `end` asks for
    /// the end of a range that reaches into it).
    pub fn source_offset(&self, at: usize, end: bool) -> usize {
        let Some(run) = self.run_at(at) else {
            return self.source.start;
        };
        if run.exact {
            run.source.start + (at.clamp(run.range.start, run.range.end) - run.range.start)
        } else if end && at > run.range.start {
            run.source.end
        } else {
            run.source.start
        }
    }

    /// The rendered range that shows source range `source`, clipped to
    /// this block; `None` when no run of the block overlaps it. Inexact
    /// runs are included whole.
    pub fn rendered_range(&self, source: Range<usize>) -> Option<Range<usize>> {
        let first = self.runs.partition_point(|r| r.source.end <= source.start);
        let last = self.runs.partition_point(|r| r.source.start < source.end);
        if first >= last {
            return None;
        }
        let (a, b) = (&self.runs[first], &self.runs[last - 1]);
        let start = if a.exact && source.start > a.source.start {
            a.range.start + (source.start - a.source.start)
        } else {
            a.range.start
        };
        let end = if b.exact && source.end < b.source.end {
            b.range.start + source.end.saturating_sub(b.source.start)
        } else {
            b.range.end
        };
        (start < end).then_some(start..end)
    }

    /// The rendered offset of source offset `at`, when it falls inside an
    /// exact run (elsewhere there is no one offset to give).
    pub fn rendered_offset(&self, at: usize) -> Option<usize> {
        let i = self.runs.partition_point(|r| r.source.end < at);
        let run = self.runs.get(i)?;
        (run.exact && run.source.start <= at && at <= run.source.end)
            .then(|| run.range.start + (at - run.source.start))
    }
}

/// Parses `source` as CommonMark (with strikethrough) into blocks.
pub fn parse_blocks(source: &str) -> Vec<Block> {
    let mut builder = Builder::default();
    let parser = Parser::new_ext(
        source,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    for (event, range) in parser.into_offset_iter() {
        builder.event(event, range, source);
    }
    builder.flush();
    builder.blocks
}

/// A list being read: its next number, or `None` for a bullet list.
#[derive(Debug)]
struct List {
    next: Option<u64>,
}

#[derive(Debug, Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    lists: Vec<List>,
    quote_depth: usize,
    /// The marker of a list item whose first block has not started yet.
    marker: Option<String>,
    emphasis: usize,
    strong: usize,
    link: usize,
    strikethrough: usize,
    in_code_block: bool,
}

impl Builder {
    fn style(&self) -> RunStyle {
        RunStyle {
            emphasis: self.emphasis > 0,
            strong: self.strong > 0,
            code: self.in_code_block,
            link: self.link > 0,
            strikethrough: self.strikethrough > 0,
        }
    }

    fn flush(&mut self) {
        if let Some(block) = self.current.take()
            && (!block.runs.is_empty()
                || matches!(block.kind, BlockKind::Rule | BlockKind::TableRow { .. }))
        {
            self.blocks.push(block);
        }
    }

    fn start(&mut self, kind: BlockKind, at: usize) {
        self.flush();
        let marker = self.marker.take();
        self.current = Some(Block::new(
            kind,
            self.lists.len(),
            self.quote_depth,
            marker,
            at,
        ));
    }

    /// Adds inline text to the open block, or to a new paragraph for the
    /// text of a tight list item (which has no paragraph event).
    fn text(&mut self, text: &str, range: Range<usize>, style: RunStyle, source: &str) {
        if self.current.is_none() {
            self.start(BlockKind::Paragraph, range.start);
        }
        if let Some(block) = &mut self.current {
            block.push(text, range, style, source);
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, source: &str) {
        match event {
            Event::Start(tag) => self.start_tag(tag, range),
            Event::End(tag) => self.end_tag(tag),
            Event::Text(text) => {
                let style = self.style();
                self.text(&text, range, style, source);
            }
            Event::Code(text) => {
                let style = RunStyle {
                    code: true,
                    ..self.style()
                };
                self.text(&text, range, style, source);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                let style = self.style();
                self.text(&text, range, style, source);
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                let style = RunStyle {
                    code: true,
                    ..self.style()
                };
                self.text(text.trim_end_matches('\n'), range, style, source);
            }
            Event::SoftBreak => {
                let style = self.style();
                self.text(" ", range, style, source);
            }
            Event::HardBreak => {
                let style = self.style();
                self.text("\n", range, style, source);
            }
            Event::Rule => {
                self.start(BlockKind::Rule, range.start);
                if let Some(block) = &mut self.current {
                    block.source = range;
                }
                self.flush();
            }
            Event::TaskListMarker(done) => {
                let style = self.style();
                self.text(if done { "☑ " } else { "☐ " }, range, style, source);
            }
            Event::FootnoteReference(name) => {
                let style = self.style();
                self.text(&format!("[{name}]"), range, style, source);
            }
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.start(BlockKind::Paragraph, range.start),
            Tag::Heading { level, .. } => {
                self.start(BlockKind::Heading(heading_level(level)), range.start);
            }
            Tag::CodeBlock(_) => {
                self.start(BlockKind::Code, range.start);
                self.in_code_block = true;
            }
            Tag::HtmlBlock => self.start(BlockKind::Html, range.start),
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(List { next: first });
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(List { next: Some(n) }) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "•".to_owned(),
                };
                self.marker = Some(marker);
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.strikethrough += 1,
            Tag::Link { .. } | Tag::Image { .. } => self.link += 1,
            Tag::TableHead => self.start(BlockKind::TableRow { header: true }, range.start),
            Tag::TableRow => self.start(BlockKind::TableRow { header: false }, range.start),
            Tag::TableCell => {
                if let Some(block) = &mut self.current {
                    if !block.cells.is_empty() {
                        let at = range.start;
                        block.push(CELL_SEPARATOR, at..at, RunStyle::default(), "");
                    }
                    block.cells.push(block.text.len());
                }
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::MetadataBlock(_) => self.flush(),
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock | TagEnd::Item => {
                self.flush();
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                // The last line's newline ends the block, not a line.
                if let Some(block) = &mut self.current
                    && block.text.ends_with('\n')
                    && let Some(last) = block.runs.last_mut()
                {
                    block.text.pop();
                    last.range.end -= 1;
                    last.exact = false;
                    if last.range.is_empty() {
                        block.runs.pop();
                    }
                }
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.marker = None;
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.strikethrough = self.strikethrough.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => self.link = self.link.saturating_sub(1),
            TagEnd::TableCell | TagEnd::Superscript | TagEnd::Subscript => {}
            _ => self.flush(),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists() {
        let source = "# Title\n\nSome *very* plain\ntext &amp; more.\n\n- one\n- two\n\n1. first\n2. second\n";
        let blocks = parse_blocks(source);
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(blocks[0].text, "Title");
        assert_eq!(blocks[1].text, "Some very plain text & more.");
        assert!(blocks[1].runs.iter().any(|r| r.style.emphasis));
        let markers: Vec<Option<&str>> = blocks.iter().map(|b| b.marker.as_deref()).collect();
        assert_eq!(
            markers,
            [None, None, Some("•"), Some("•"), Some("1."), Some("2.")]
        );
        assert_eq!(blocks[2].list_depth, 1);
        assert_eq!(blocks[3].text, "two");
    }

    #[test]
    fn rendered_offsets_map_to_the_source() {
        let source = "Say *it* &amp; go.";
        let block = &parse_blocks(source)[0];
        assert_eq!(block.text, "Say it & go.");
        // "it" is exact.
        let at = block.text.find("it").unwrap();
        assert_eq!(&source[block.source_offset(at, false)..], "it* &amp; go.");
        // The entity maps as a whole.
        let amp = block.text.find('&').unwrap();
        assert_eq!(
            block.source_offset(amp, false),
            source.find("&amp;").unwrap()
        );
        assert_eq!(
            block.source_offset(amp + 1, true),
            source.find("&amp;").unwrap() + 5
        );
        assert_eq!(block.rendered_offset(source.find("go").unwrap()), Some(9));
        assert_eq!(block.rendered_offset(source.find("amp").unwrap()), None);
    }

    #[test]
    fn table_rows_keep_their_cells() {
        let source = "| key | what |\n|---|---|\n| `F` | fit *all* |\n";
        let blocks = parse_blocks(source);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].kind, BlockKind::TableRow { header: true });
        assert_eq!(blocks[1].text, "F  │  fit all");
        let cells: Vec<&str> = (0..2)
            .map(|c| &blocks[1].text[blocks[1].cell(c).unwrap()])
            .collect();
        assert_eq!(cells, ["F", "fit all"]);
        assert_eq!(blocks[1].cell(2), None);
    }

    #[test]
    fn code_and_quotes() {
        let source = "> quoted text\n\n```\nlet x = 1;\n```\n\n---\n\nAfter `code` here.\n";
        let blocks = parse_blocks(source);
        assert_eq!(blocks[0].quote_depth, 1);
        assert_eq!(blocks[1].kind, BlockKind::Code);
        assert_eq!(blocks[1].text, "let x = 1;");
        assert_eq!(blocks[2].kind, BlockKind::Rule);
        assert_eq!(blocks[3].text, "After code here.");
        assert!(blocks[3].runs[1].style.code);
        assert!(!blocks[3].runs[1].exact);
    }
}
