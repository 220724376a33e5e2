//! Quotes for imported claims, from a source text given with `--source`:
//! the words of a claim's locution, or the claim's own text, where the
//! source has them. Passages are found with [`QuoteText`], as `check` and
//! the source panel find them, so every quote given here is one they accept.

use std::collections::HashMap;

use super::QuoteSource;
use super::build::Builder;
use super::graph::Graph;
use crate::interchange::aif::report::QuoteReport;
use crate::model::{QuoteText, collapse_whitespace};

/// Where a candidate passage for a claim comes from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// The quote the file gives the claim (a map written as AIF).
    File,
    /// The claim's locution, whole or without the speaker's name.
    Locution,
    /// The claim's own text.
    ClaimText,
}

/// Finds each claim's passage in the source text.
pub(super) struct Quoter<'s> {
    source: QuoteText,
    /// Per I-node: the texts of the locutions anchored in it.
    locutions: HashMap<usize, Vec<&'s str>>,
    graph: &'s Graph<'s>,
}

impl<'s> Quoter<'s> {
    pub(super) fn new(source: QuoteSource<'_>, builder: &Builder<'s, '_>) -> Self {
        let graph: &'s Graph = builder.graph;
        let mut locutions: HashMap<usize, Vec<&'s str>> = HashMap::new();
        for (&claim, yas) in &builder.yas_of_claim {
            for ya in yas {
                for &l in builder
                    .locutions_of_ya
                    .get(ya)
                    .map_or(&[][..], Vec::as_slice)
                {
                    locutions
                        .entry(claim)
                        .or_default()
                        .push(graph.nodes[l].text.as_ref());
                }
            }
        }
        Quoter {
            source: QuoteText::new(source.text),
            locutions,
            graph,
        }
    }

    /// The quote of each of the I-nodes `claims` (with their ids, for the
    /// report): the file's own quote when it is in the source, else its
    /// locution's words (with or without the speaker's name in front),
    /// else the claim's text when that is a passage of the source.
    pub(super) fn quote_all(
        &self,
        claims: &[(usize, &str)],
        report: &mut QuoteReport,
    ) -> Vec<Option<String>> {
        // Every candidate of every claim, searched for in one pass.
        let mut candidates: Vec<String> = Vec::new();
        let mut owners: Vec<(usize, Origin)> = Vec::new();
        for (k, &(n, _)) in claims.iter().enumerate() {
            let node = &self.graph.nodes[n];
            let mut add = |text: &str, origin| {
                let text = collapse_whitespace(text);
                if !text.is_empty() {
                    candidates.push(text);
                    owners.push((k, origin));
                }
            };
            if let Some(quote) = node.extension.quote.as_deref() {
                add(quote, Origin::File);
            }
            for locution in self.locutions.get(&n).map_or(&[][..], Vec::as_slice) {
                add(locution, Origin::Locution);
                if let Some((_, words)) = locution.split_once(':') {
                    add(words, Origin::Locution);
                }
            }
            add(&node.text, Origin::ClaimText);
        }
        let found = self.source.find_all(&candidates);
        let mut best: Vec<Option<(Origin, usize)>> = vec![None; claims.len()];
        for (c, ((k, origin), range)) in owners.into_iter().zip(found).enumerate() {
            if range.is_some() && best[k].is_none() {
                best[k] = Some((origin, c));
            }
        }
        best.into_iter()
            .zip(claims)
            .map(|(best, &(_, id))| {
                let Some((origin, c)) = best else {
                    report.not_found.push(id.to_owned());
                    return None;
                };
                match origin {
                    Origin::File => report.kept += 1,
                    Origin::Locution => report.from_locutions += 1,
                    Origin::ClaimText => report.from_claim_text += 1,
                }
                Some(std::mem::take(&mut candidates[c]))
            })
            .collect()
    }
}
