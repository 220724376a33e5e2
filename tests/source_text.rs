//! The source text beside the map: quotes located with the matching
//! `check` uses, highlights that cover exactly their quotes (a property
//! test), coverage and the reading path of the essay map.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use proptest::prelude::*;
use reasonmap::model::{
    Argument, ArgumentKind, Claim, Map, MapIndex, QuoteText, collapse_whitespace, load_map_file,
};
use reasonmap::source::SourceDoc;

fn essay() -> (reasonmap::model::LoadedMap, SourceDoc) {
    let loaded = load_map_file(Path::new("maps/regional-security.ron")).unwrap();
    let text = loaded.source.text().expect("the essay is read").into();
    let doc = SourceDoc::new(text, &loaded.map, &loaded.index);
    (loaded, doc)
}

/// The rendered text highlighted for `claim`: every piece of every block
/// whose segment `claim` quotes, blocks joined by a space.
fn highlighted(doc: &SourceDoc, claim: usize) -> String {
    let mut out = String::new();
    for (b, block) in doc.blocks().iter().enumerate() {
        let mut in_block = String::new();
        for piece in doc.pieces(b) {
            if piece
                .segment
                .is_some_and(|s| doc.segments()[s].claims.contains(&claim))
            {
                in_block.push_str(&block.text[piece.range.clone()]);
            }
        }
        if !in_block.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&in_block);
        }
    }
    out
}

/// The source ranges highlighted for `claim`, merged where they touch.
fn highlighted_source(doc: &SourceDoc, claim: usize) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for segment in doc.segments().iter().filter(|s| s.claims.contains(&claim)) {
        match out.last_mut() {
            Some(last) if last.end == segment.source.start => last.end = segment.source.end,
            _ => out.push(segment.source.clone()),
        }
    }
    out
}

#[test]
fn every_quote_of_the_essay_map_is_highlighted_as_written() {
    let (loaded, doc) = essay();
    let mut quoted = 0;
    for (c, claim) in loaded.map.claims.iter().enumerate() {
        let Some(quote) = &claim.quote else {
            assert!(doc.passage(c).is_none());
            continue;
        };
        quoted += 1;
        let passage = doc.passage(c).expect("every quote of a valid map is found");
        assert_eq!(highlighted_source(&doc, c), [passage]);
        assert_eq!(
            collapse_whitespace(&highlighted(&doc, c)),
            collapse_whitespace(quote),
            "claim {}",
            claim.id
        );
    }
    assert_eq!(quoted, loaded.summary.quotes_checked);
}

#[test]
fn the_essay_map_covers_its_essay_and_reads_in_essay_order() {
    let (loaded, doc) = essay();
    let coverage = doc.coverage();
    assert_eq!(
        coverage.sentences, 23,
        "the essay has 23 sentences of prose"
    );
    assert_eq!(coverage.to_string(), "23 of 23 sentences mapped (100 %)");
    // Every claim once; the first is the opening thesis, the essay's
    // first sentence.
    let path = doc.reading_path();
    let mut sorted = path.to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..loaded.map.claims.len()).collect::<Vec<_>>());
    assert_eq!(loaded.map.claims[path[0]].id, "opening-thesis");
    // Quoted claims appear in the order of their passages.
    let starts: Vec<usize> = path
        .iter()
        .filter_map(|&c| doc.passage(c))
        .map(|p| p.start)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    // An implicit premise comes right after the claims it bears on.
    for (i, &c) in path.iter().enumerate() {
        if loaded.map.claims[c].implicit {
            let before = path[i - 1];
            let bears_on: Vec<usize> = loaded
                .index
                .premise_of(c)
                .iter()
                .filter_map(|&a| loaded.index.target_claim(a))
                .collect();
            assert!(
                bears_on.contains(&before) || loaded.map.claims[before].implicit,
                "{} follows {}",
                loaded.map.claims[c].id,
                loaded.map.claims[before].id
            );
        }
    }
}

#[test]
fn a_half_covered_text_lists_its_unmapped_sentences_with_lines() {
    let text = "# Essay\n\nFirst claim here. Nobody quotes this.\n\nSecond claim\nwraps a line. Dr. Who says no.\n";
    let map = Map {
        title: "t".into(),
        source: Some("e.md".into()),
        conclusions: vec!["a".into()],
        claims: vec![
            Claim {
                quote: Some("First claim here.".into()),
                ..Claim::new("a", "A")
            },
            Claim {
                quote: Some("Second claim wraps a line.".into()),
                ..Claim::new("b", "B")
            },
        ],
        arguments: vec![Argument::new("x", ["b"], "a", ArgumentKind::Support)],
    };
    let doc = SourceDoc::new(text.into(), &map, &MapIndex::new(&map));
    assert_eq!(doc.coverage().to_string(), "2 of 4 sentences mapped (50 %)");
    let unmapped: Vec<(usize, &str)> = doc
        .unmapped()
        .map(|(_, s)| (s.line, &text[s.source.clone()]))
        .collect();
    assert_eq!(
        unmapped,
        [(3, "Nobody quotes this."), (6, "Dr. Who says no.")]
    );
    assert_eq!(highlighted(&doc, 1), "Second claim wraps a line.");
}

/// Words without Markdown meaning, so the rendered text is the source
/// text with its line structure undone.
fn word() -> impl Strategy<Value = String> {
    (
        "[a-z]{1,7}",
        prop_oneof![3 => Just(""), 1 => Just("."), 1 => Just(",")],
    )
        .prop_map(|(w, p)| format!("{w}{p}"))
}

/// Whitespace between words: spaces, line breaks, blank lines (a new
/// paragraph), two spaces before a line break (a hard break).
fn gap() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(" ".to_owned()),
        2 => Just("\n".to_owned()),
        1 => Just("\n\n".to_owned()),
        1 => Just("   ".to_owned()),
        1 => Just("  \n".to_owned()),
        1 => Just(" \n ".to_owned()),
    ]
}

fn text_and_quotes() -> impl Strategy<Value = (Vec<String>, Vec<String>, Vec<(usize, usize)>)> {
    (
        prop::collection::vec(word(), 2..60),
        prop::collection::vec(gap(), 60),
    )
        .prop_flat_map(|(words, gaps)| {
            let n = words.len();
            let spans = prop::collection::vec((0..n, 1..6usize), 1..6).prop_map(move |spans| {
                spans
                    .into_iter()
                    .map(|(start, len)| (start, (start + len).min(n)))
                    .collect::<Vec<_>>()
            });
            (Just(words), Just(gaps), spans)
        })
}

fn join(words: &[String], gaps: &[String]) -> String {
    let mut text = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push_str(&gaps[i % gaps.len()]);
        }
        text.push_str(w);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every highlight covers exactly its quote: in the source (the
    /// passage, whitespace aside, is the quote) and as rendered (the
    /// highlighted pieces read as the quote).
    #[test]
    fn every_highlight_covers_exactly_its_quote((words, gaps, spans) in text_and_quotes()) {
        let text = join(&words, &gaps);
        let claims: Vec<Claim> = spans
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| Claim {
                // The quote wraps differently from the text.
                quote: Some(words[a..b].join("\n  ")),
                ..Claim::new(format!("c{i}"), "claim")
            })
            .collect();
        let map = Map {
            title: "t".into(),
            source: Some("e.md".into()),
            conclusions: Vec::new(),
            claims,
            arguments: Vec::new(),
        };
        let doc = SourceDoc::new(text.as_str().into(), &map, &MapIndex::new(&map));
        for (c, claim) in map.claims.iter().enumerate() {
            let quote = collapse_whitespace(claim.quote.as_deref().unwrap_or_default());
            let passage = doc.passage(c).expect("a quote taken from the text is found");
            prop_assert_eq!(collapse_whitespace(&text[passage.clone()]), quote.clone());
            prop_assert_eq!(highlighted_source(&doc, c), vec![passage]);
            prop_assert_eq!(collapse_whitespace(&highlighted(&doc, c)), quote);
        }
    }

    /// A quote is found exactly when the whitespace-collapsed text
    /// contains it, and at its first occurrence. Quotes are cut from the
    /// text and often changed at the end, so many are near misses: longer
    /// than the automaton's prefix, whose prefix matches where the rest
    /// does not.
    #[test]
    fn finding_is_collapsed_containment(
        words in prop::collection::vec("[ab]{1,3}", 1..60),
        gaps in prop::collection::vec(gap(), 30),
        spans in prop::collection::vec((0..60usize, 1..12usize, 0..3u8), 1..8),
    ) {
        let text = join(&words, &gaps);
        let collapsed = collapse_whitespace(&text);
        let quotes: Vec<String> = spans
            .iter()
            .map(|&(start, len, change)| {
                let start = start % words.len();
                let end = (start + len).min(words.len());
                let mut quote = words[start..end].join(" ");
                match change {
                    0 => quote.push_str(" b"),
                    1 => {
                        quote.pop();
                        quote.push('a');
                    }
                    _ => {}
                }
                quote
            })
            .collect();
        let found = QuoteText::new(&text).find_all(&quotes);
        for (quote, found) in quotes.iter().zip(found) {
            match collapsed.find(quote.as_str()) {
                None => prop_assert!(found.is_none()),
                Some(at) => {
                    let range = found.expect("found");
                    prop_assert_eq!(collapse_whitespace(&text[range.clone()]), quote.clone());
                    // The first occurrence: the same text before it.
                    prop_assert_eq!(
                        collapse_whitespace(&text[..range.start]),
                        collapsed[..at].trim_end()
                    );
                }
            }
        }
    }
}
