//! Finding quotes in a source text, whitespace-insensitively.
//!
//! A quote matches when it appears in the source once every run of
//! whitespace on both sides is collapsed to one space (line breaks and
//! indentation may differ; nothing else may). `reasonmap check` decides
//! whether a quote is in its source with [`QuoteText::find_all`], and the
//! source panel and the HTML export highlight the passages that the same
//! call locates, so a quote the checker accepts is always one the reader
//! can see.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// How much of each quote the automaton of [`QuoteText::find_all`] is
/// built from; the rest is compared where the prefix matches.
const PREFIX_BYTES: usize = 16;

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn char_prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A source text prepared for whitespace-insensitive search: its collapsed
/// form, and where each word of it sits in the original.
#[derive(Debug, Clone, Default)]
pub struct QuoteText {
    collapsed: String,
    /// Per word, in order: (start in `collapsed`, start in the original).
    /// Words are whitespace-free and copied unchanged, so an offset inside
    /// a word maps by adding the difference of the two starts.
    words: Vec<(usize, usize)>,
}

impl QuoteText {
    /// Prepares `text` for searching.
    pub fn new(text: &str) -> Self {
        let mut collapsed = String::with_capacity(text.len());
        let mut words = Vec::new();
        let base = text.as_ptr() as usize;
        for word in text.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            // `split_whitespace` yields sub-slices of `text`.
            words.push((collapsed.len(), word.as_ptr() as usize - base));
            collapsed.push_str(word);
        }
        Self { collapsed, words }
    }

    /// The text with whitespace collapsed, as quotes are compared with it.
    pub fn collapsed(&self) -> &str {
        &self.collapsed
    }

    /// Where each quote first occurs in the original text (a byte range
    /// from the quote's first to its last non-blank character), or `None`
    /// when it does not occur. Blank quotes are never found.
    ///
    /// All quotes are searched for in one pass over the text (Aho–Corasick),
    /// so ten thousand quotes in a megabyte of text take a fraction of a
    /// second, not the minutes one search per quote would.
    pub fn find_all<S: AsRef<str>>(&self, quotes: &[S]) -> Vec<Option<Range<usize>>> {
        let mut found = vec![None; quotes.len()];
        // Each distinct collapsed quote is one pattern; claims that quote
        // the same words share it.
        let mut patterns: Vec<String> = Vec::new();
        let mut by_pattern: HashMap<String, usize> = HashMap::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (i, quote) in quotes.iter().enumerate() {
            let q = collapse_whitespace(quote.as_ref());
            if q.is_empty() {
                continue;
            }
            let p = *by_pattern.entry(q.clone()).or_insert_with(|| {
                patterns.push(q);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            owners[p].push(i);
        }
        for (p, range) in self.first_occurrences(&patterns).into_iter().enumerate() {
            if let Some(range) = range {
                for &i in &owners[p] {
                    found[i] = Some(range.clone());
                }
            }
        }
        found
    }

    /// The first occurrence in the original text of each of the distinct,
    /// non-empty `patterns` (whitespace collapsed).
    ///
    /// The automaton is built from the patterns' first [`PREFIX_BYTES`]
    /// only, which keeps it small however long the quotes are; each place
    /// a prefix matches is then compared in full. A pattern occurs at a
    /// place exactly when its prefix does and the rest compares equal, so
    /// this finds what a search for the whole pattern would.
    fn first_occurrences(&self, patterns: &[String]) -> Vec<Option<Range<usize>>> {
        let mut found: Vec<Option<Range<usize>>> = vec![None; patterns.len()];
        let mut prefixes: Vec<&str> = Vec::new();
        let mut by_prefix: HashMap<&str, usize> = HashMap::new();
        let mut with_prefix: Vec<Vec<usize>> = Vec::new();
        for (p, pattern) in patterns.iter().enumerate() {
            let prefix = char_prefix(pattern, PREFIX_BYTES);
            let k = *by_prefix.entry(prefix).or_insert_with(|| {
                prefixes.push(prefix);
                with_prefix.push(Vec::new());
                prefixes.len() - 1
            });
            with_prefix[k].push(p);
        }
        if prefixes.is_empty() {
            return found;
        }
        let Ok(automaton) = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&prefixes)
        else {
            // Only a pattern set beyond the automaton's limits gets here;
            // fall back to one search per pattern.
            for (p, pattern) in patterns.iter().enumerate() {
                found[p] = self
                    .collapsed
                    .find(pattern.as_str())
                    .map(|start| self.original(start..start + pattern.len()));
            }
            return found;
        };
        let mut left = patterns.len();
        let text = self.collapsed.as_bytes();
        // Overlapping matches of one prefix come in the order of their
        // start, so a pattern's first verified match is its leftmost one.
        for m in automaton.find_overlapping_iter(&self.collapsed) {
            for &p in &with_prefix[m.pattern().as_usize()] {
                if found[p].is_some() {
                    continue;
                }
                let pattern = patterns[p].as_bytes();
                let end = m.start() + pattern.len();
                if text.get(m.start()..end) == Some(pattern) {
                    found[p] = Some(self.original(m.start()..end));
                    left -= 1;
                }
            }
            if left == 0 {
                break;
            }
        }
        found
    }

    /// Where a single quote first occurs (see [`QuoteText::find_all`]).
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        self.find_all(&[quote]).pop().flatten()
    }

    /// The original byte range of a non-empty range of the collapsed text
    /// that starts and ends on non-blank characters.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        self.original_offset(range.start)..self.original_end(range.end)
    }

    /// Original offset of the character at collapsed offset `at`, which
    /// is inside a word.
    fn original_offset(&self, at: usize) -> usize {
        let w = self.words.partition_point(|&(start, _)| start <= at) - 1;
        let (collapsed_start, original_start) = self.words[w];
        original_start + (at - collapsed_start)
    }

    /// Original offset just past the character that ends at collapsed
    /// offset `end`, which is inside or at the end of a word.
    fn original_end(&self, end: usize) -> usize {
        let w = self.words.partition_point(|&(start, _)| start < end) - 1;
        let (collapsed_start, original_start) = self.words[w];
        original_start + (end - collapsed_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quotes_across_line_breaks_and_maps_back() {
        let text = "First  line.\n  Second\tline ends here.";
        let quotes = [
            "line. Second line",
            "ends   here.",
            "nowhere",
            "  ",
            "First",
        ];
        let found = QuoteText::new(text).find_all(&quotes);
        assert_eq!(&text[found[0].clone().unwrap()], "line.\n  Second\tline");
        assert_eq!(&text[found[1].clone().unwrap()], "ends here.");
        assert_eq!(found[2], None);
        assert_eq!(found[3], None);
        assert_eq!(found[4], Some(0..5));
    }

    #[test]
    fn the_first_occurrence_wins_and_shared_quotes_share_it() {
        let text = "a b a b a";
        let found = QuoteText::new(text).find_all(&["b a", "b  a", "a"]);
        assert_eq!(found, [Some(2..5), Some(2..5), Some(0..1)]);
    }

    #[test]
    fn is_case_and_punctuation_sensitive() {
        let t = QuoteText::new("Cities should grow.");
        assert!(t.find("cities should").is_none());
        assert!(t.find("Cities should grow").is_some());
        assert!(t.find("Cities, should").is_none());
    }

    #[test]
    fn collapsing() {
        assert_eq!(collapse_whitespace("  a \n\t b  "), "a b");
        assert_eq!(QuoteText::new(" x  y ").collapsed(), "x y");
    }
}
