//! Quotes for imported claims, from a source text given with `--source`:
//! the words of a claim's locution, or the claim's own text, where the
//! source has them.

use std::collections::HashMap;

use super::SourceText;
use super::build::Builder;
use super::graph::Graph;
use crate::interchange::aif::report::QuoteReport;
use crate::model::validate::collapse_whitespace;

/// Finds each claim's passage in the source text.
pub(super) struct Quoter<'s> {
    /// The source with whitespace collapsed, as quotes are matched.
    text: String,
    /// Per I-node: the texts of the locutions anchored in it.
    locutions: HashMap<usize, Vec<&'s str>>,
    /// Per node: its text and its quote from the file.
    nodes: Vec<(&'s str, Option<&'s str>)>,
}

impl<'s> Quoter<'s> {
    pub(super) fn new(source: SourceText<'_>, builder: &Builder<'s, '_>) -> Self {
        let graph: &'s Graph = builder.graph;
        let nodes = &graph.nodes;
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
                        .push(nodes[l].text.as_ref());
                }
            }
        }
        Quoter {
            text: collapse_whitespace(source.text),
            locutions,
            nodes: nodes
                .iter()
                .map(|n| (n.text.as_ref(), n.extension.quote.as_deref()))
                .collect(),
        }
    }

    fn found(&self, passage: &str) -> Option<String> {
        let passage = collapse_whitespace(passage);
        (!passage.is_empty() && self.text.contains(&passage)).then_some(passage)
    }

    /// The quote of I-node `n`: the file's own quote when it is in the
    /// source, else its locution's words (with or without the speaker's
    /// name in front), else the claim's text when that is a passage of the
    /// source.
    pub(super) fn quote(&self, n: usize, id: &str, report: &mut QuoteReport) -> Option<String> {
        let (text, kept) = self.nodes[n];
        if let Some(quote) = kept.and_then(|q| self.found(q)) {
            report.kept += 1;
            return Some(quote);
        }
        for locution in self.locutions.get(&n).map_or(&[][..], Vec::as_slice) {
            let words = locution.split_once(':').map(|(_, words)| words);
            if let Some(quote) = self
                .found(locution)
                .or_else(|| words.and_then(|w| self.found(w)))
            {
                report.from_locutions += 1;
                return Some(quote);
            }
        }
        if let Some(quote) = self.found(text) {
            report.from_claim_text += 1;
            return Some(quote);
        }
        report.not_found.push(id.to_owned());
        None
    }
}
