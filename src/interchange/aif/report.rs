//! What an AIF import found: the errors that stop it, and for a file that
//! imports, everything left out or changed on the way, with the reason.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Why an AIF file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AifError {
    /// The text is not valid JSON.
    #[error("invalid JSON: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error, in characters.
        column: usize,
        /// serde_json's description, without its position.
        message: String,
    },
    /// The file is JSON, but not AIF.
    #[error("this JSON file is not AIF: {reason}")]
    NotAif {
        /// What is missing or wrong, with a hint.
        reason: String,
        /// 1-based line and column, when the JSON parser gave one.
        position: Option<(usize, usize)>,
    },
    /// A node or an edge lacks a field AIF requires or has one of the
    /// wrong type.
    #[error("{item} {problem}")]
    BadField {
        /// The node or edge, by id or by number: "node `12`", "edge number 3".
        item: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Two nodes, or two edges, have the same id.
    #[error("duplicate {what} id `{id}`: {what}s number {first} and {second} both have it")]
    DuplicateId {
        /// "node" or "edge".
        what: &'static str,
        /// The id they share.
        id: String,
        /// 1-based position of the first one in its list.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },
    /// An edge names a node that the file does not have.
    #[error("{edge} {end} node `{node}`, which is not in the file")]
    MissingNode {
        /// The edge, by id or by number.
        edge: String,
        /// "comes from" or "goes to".
        end: &'static str,
        /// The node id it names.
        node: String,
    },
    /// More errors were found than are listed.
    #[error("{more} more errors like these are not listed")]
    More {
        /// How many were left out.
        more: usize,
    },
}

impl AifError {
    /// Where in the file the error is, when known: 1-based line and column.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            AifError::Syntax { line, column, .. } => Some((*line, *column)),
            AifError::NotAif { position, .. } => *position,
            _ => None,
        }
    }
}

/// What kind of thing an import left out or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NoteKind {
    /// A node of a type a map has no counterpart for (PA, or unknown), and
    /// its edges.
    OtherNode,
    /// An I-node with no text.
    EmptyClaim,
    /// An edge from a node to itself.
    SelfLoop,
    /// An edge straight from one I-node to another, with no S-node between.
    ClaimToClaim,
    /// An edge listed twice.
    DuplicateEdge,
    /// An S-node with no claim leading into it.
    NoPremise,
    /// An S-node that leads to nothing.
    NoTarget,
    /// An RA or MA node that points at another S-node: a support or a
    /// rephrase of an argument, which a map cannot express.
    ArgumentTarget,
    /// An attack on an S-node that was left out.
    TargetLeftOut,
    /// A support that would close a circle of supports.
    CircularSupport,
    /// Attacks on arguments that run in a circle and reach no claim.
    CircularUndercut,
    /// An S-node with several conclusions, or an MA node with several
    /// premises, made into several arguments (nothing is lost).
    Split,
    /// A `reasonmap` id that another element already has, or a conclusion
    /// that names no claim (the id `n<nodeID>` is used instead).
    Renamed,
}

impl NoteKind {
    /// True when something of the file is not in the map.
    pub fn is_loss(self) -> bool {
        !matches!(self, NoteKind::Split | NoteKind::Renamed)
    }
}

/// One thing an import left out or changed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportNote {
    /// What kind of thing.
    pub kind: NoteKind,
    /// The ids of the nodes or edges concerned, as the file writes them.
    pub ids: Vec<String>,
    /// The whole story in a sentence.
    pub message: String,
}

/// The dialogue layer an import skipped: it is not part of an argument map.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DialogueSkipped {
    /// L, YA and TA nodes by type.
    pub nodes: BTreeMap<String, usize>,
    /// Edges to or from those nodes.
    pub edges: usize,
    /// Entries of the `locutions` list.
    pub locutions: usize,
}

impl DialogueSkipped {
    /// True when the file had no dialogue layer.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges == 0 && self.locutions == 0
    }
}

impl fmt::Display for DialogueSkipped {
    /// `skipped the dialogue layer: 3 L-nodes, 3 YA-nodes, 8 edges, 3 locutions`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = self
            .nodes
            .iter()
            .map(|(kind, n)| plural(*n, &format!("{kind}-node")))
            .collect();
        if self.edges > 0 {
            parts.push(plural(self.edges, "edge"));
        }
        if self.locutions > 0 {
            parts.push(plural(self.locutions, "locution"));
        }
        write!(
            f,
            "skipped the dialogue layer ({}): a map holds the argument, not who said what when",
            parts.join(", ")
        )
    }
}

/// Quotes taken from a source text during an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuoteReport {
    /// The source text, as the map names it.
    pub source: String,
    /// Claims quoted from their locution's text.
    pub from_locutions: usize,
    /// Claims whose own text is a passage of the source, quoted as such.
    pub from_claim_text: usize,
    /// Claims that kept the quote the file gave them.
    pub kept: usize,
    /// Claims for which no passage of the source was found.
    pub not_found: Vec<String>,
}

/// Everything an import of an AIF file left out or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Nodes in the file, by AIF type.
    pub nodes: BTreeMap<String, usize>,
    /// Edges in the file.
    pub edges: usize,
    /// The dialogue layer, skipped.
    pub dialogue: DialogueSkipped,
    /// Everything else left out or changed, in file order.
    pub notes: Vec<ImportNote>,
    /// Quotes from the source text, when one was given.
    pub quotes: Option<QuoteReport>,
}

impl ImportReport {
    /// Lines for people: the dialogue layer, each note, the quotes.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.dialogue.is_empty() {
            lines.push(self.dialogue.to_string());
        }
        lines.extend(self.notes.iter().map(|n| n.message.clone()));
        if let Some(q) = &self.quotes {
            let mut line = format!(
                "quotes from {}: {} from locutions, {} from claim texts found in it",
                q.source, q.from_locutions, q.from_claim_text
            );
            if q.kept > 0 {
                line.push_str(&format!(", {} kept from the file", q.kept));
            }
            if !q.not_found.is_empty() {
                line.push_str(&format!(
                    "; no passage found for {}: {}",
                    plural(q.not_found.len(), "claim"),
                    id_list(&q.not_found)
                ));
            }
            lines.push(line);
        }
        lines
    }
}

/// `1 edge`, `2 edges`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// At most ten ids in backticks, then how many more.
pub(crate) fn id_list(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}
