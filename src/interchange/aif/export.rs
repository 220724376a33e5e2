//! A [`Map`] as AIF JSON, in the shape AIFdb writes: claims become I-nodes,
//! supports, attacks and rephrases RA, CA and MA nodes, each premise an
//! edge into its S-node and each target an edge out of it.
//!
//! Node ids are strings of digits, as AIFdb's are: a claim or argument
//! whose id is `n<digits>` (one imported from AIF) keeps those digits, the
//! others are numbered. What AIF has no field for (the title, the source,
//! the conclusions, ids that are not `n<digits>`, quotes, implicit
//! premises) goes into `"reasonmap"` objects, which AIF tools ignore and
//! which make the way back to a map exact.

use std::collections::{HashMap, HashSet};

use super::json::{MapExtension, NodeExtension, OutEdge, OutFile, OutNode};
use crate::model::{ArgumentKind, Map};

/// How to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions<'a> {
    /// Every node's `timestamp`, as AIFdb writes them:
    /// `2024-05-01 12:00:00` (see [`timestamp`]).
    pub timestamp: &'a str,
}

/// A time as AIF timestamps write it: `YYYY-MM-DD HH:MM:SS`, in UTC.
pub fn timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The label AIFdb gives an S-node of this kind that names no scheme.
pub fn default_label(kind: ArgumentKind) -> &'static str {
    match kind {
        ArgumentKind::Support => "Default Inference",
        ArgumentKind::Attack => "Default Conflict",
        ArgumentKind::Rephrase => "Default Rephrase",
    }
}

/// The AIF node type of an argument of this kind.
fn node_type(kind: ArgumentKind) -> &'static str {
    match kind {
        ArgumentKind::Support => "RA",
        ArgumentKind::Attack => "CA",
        ArgumentKind::Rephrase => "MA",
    }
}

/// The digits of an id of the form `n<digits>`.
fn imported_digits(id: &str) -> Option<&str> {
    id.strip_prefix('n')
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `map` as AIF JSON (pretty, with a final newline). Every claim
/// and argument becomes a node, even in a map that is not valid; an edge
/// to an id the map does not have is left out.
pub fn export(map: &Map, options: &ExportOptions) -> String {
    let ids: Vec<&str> = map
        .claims
        .iter()
        .map(|c| c.id.as_str())
        .chain(map.arguments.iter().map(|a| a.id.as_str()))
        .collect();
    let node_ids = node_ids(&ids);
    let mut node_of: HashMap<&str, &str> = HashMap::with_capacity(ids.len());
    for (id, node) in ids.iter().zip(&node_ids) {
        node_of.entry(id).or_insert(node);
    }
    let extension = |id: &str, node: &str| NodeExtension {
        id: (id.strip_prefix('n') != Some(node)).then(|| id.to_owned()),
        ..NodeExtension::default()
    };
    let mut nodes = Vec::with_capacity(ids.len());
    for (claim, node) in map.claims.iter().zip(&node_ids) {
        nodes.push(OutNode {
            id: node.clone(),
            text: &claim.text,
            kind: "I",
            timestamp: options.timestamp,
            scheme: None,
            reasonmap: NodeExtension {
                quote: claim.quote.clone(),
                implicit: claim.implicit,
                ..extension(&claim.id, node)
            },
        });
    }
    let mut edges = Vec::new();
    let mut edge = |from: &str, to: &str| {
        edges.push(OutEdge {
            id: (edges.len() + 1).to_string(),
            from: from.to_owned(),
            to: to.to_owned(),
            form_edge: None,
        });
    };
    for (argument, node) in map.arguments.iter().zip(&node_ids[map.claims.len()..]) {
        nodes.push(OutNode {
            id: node.clone(),
            text: argument
                .scheme
                .as_deref()
                .unwrap_or(default_label(argument.kind)),
            kind: node_type(argument.kind),
            timestamp: options.timestamp,
            scheme: argument.scheme.as_deref(),
            reasonmap: extension(&argument.id, node),
        });
        for premise in &argument.premises {
            if let Some(from) = node_of.get(premise.as_str()) {
                edge(from, node);
            }
        }
        if let Some(to) = node_of.get(argument.target.as_str()) {
            edge(node, to);
        }
    }
    let file = OutFile {
        nodes,
        edges,
        locutions: [],
        reasonmap: MapExtension {
            title: Some(map.title.clone()),
            source: map.source.clone(),
            conclusion: map.conclusions.clone(),
        },
    };
    // Serialising these plain structs cannot fail; an empty document would
    // be refused on reading rather than taken for an empty map.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// A node id for each element: the digits of an `n<digits>` id when no
/// earlier element took them, else the smallest number no element has.
fn node_ids(ids: &[&str]) -> Vec<String> {
    let mut used: HashSet<&str> = HashSet::with_capacity(ids.len());
    let kept: Vec<Option<&str>> = ids
        .iter()
        .map(|id| imported_digits(id).filter(|d| used.insert(d)))
        .collect();
    let mut next = 1u64;
    kept.into_iter()
        .map(|digits| match digits {
            Some(d) => d.to_owned(),
            None => loop {
                let candidate = next.to_string();
                next += 1;
                if !used.contains(candidate.as_str()) {
                    break candidate;
                }
            },
        })
        .collect()
}
