//! AIF JSON to a [`Map`]: I-nodes become claims, RA, CA and MA nodes become
//! supports, attacks and rephrases, the dialogue layer is skipped, and
//! everything that cannot be carried over is left out and reported.
//!
//! The import happens in three passes. The first reads the file and checks
//! its structure (ids, types, edges to nodes that exist); any error there
//! stops the import. The second sorts the edges: into an S-node they bring
//! its premises, out of it its conclusions. The third makes arguments of the
//! S-nodes and removes what a valid map cannot hold: S-nodes with no claim
//! at one end, self-loops, circles of supports and of undercuts.

use std::collections::BTreeMap;

mod build;
mod cycles;
mod graph;
mod quotes;

use super::json::{MapExtension, RawEdge, RawFile, RawNode};
use super::report::{AifError, ImportReport};
use crate::model::Map;
use build::Builder;
use graph::Graph;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// The map's title when the file gives none (AIF has no title; the
    /// file's name, say).
    pub title: &'a str,
    /// A source text to quote claims from, when there is one.
    pub source: Option<QuoteSource<'a>>,
}

/// A source text and the path the map names it by.
#[derive(Debug, Clone, Copy)]
pub struct QuoteSource<'a> {
    /// The map's `source`: the path relative to the map file.
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
}

/// A map imported from AIF, and what was left out or changed.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The map.
    pub map: Map,
    /// What the import left out or changed, and why.
    pub report: ImportReport,
}

/// Reads AIF JSON `text` as a map. Fails, with every structural error
/// found, when the text is not JSON, not AIF, or has nodes or edges that
/// AIF does not allow (no id, a type that is not a string, an edge to a
/// node that is not there, two nodes with one id).
pub fn import(text: &str, options: &ImportOptions) -> Result<Imported, Vec<AifError>> {
    let file = parse(text).map_err(|e| vec![e])?;
    let (nodes, edges, locutions, extension) = unwrap_file(file)?;
    let edge_count = edges.len();
    let graph = Graph::new(nodes, edges)?;
    let mut report = ImportReport {
        edges: edge_count,
        ..ImportReport::default()
    };
    report.dialogue.locutions = locutions;
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &graph.nodes {
        *by_type.entry(node.type_name()).or_default() += 1;
    }
    report.nodes = by_type
        .into_iter()
        .map(|(kind, n)| (kind.to_owned(), n))
        .collect();
    let mut builder = Builder::new(&graph, &mut report);
    builder.sort_edges();
    builder.make_pieces();
    builder.break_support_cycles();
    builder.settle_undercuts();
    let map = builder.finish(&extension, options);
    Ok(Imported { map, report })
}

/// Parses the JSON, with errors in people's words.
fn parse(text: &str) -> Result<RawFile<'_>, AifError> {
    let (text, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let trimmed = text.trim_start();
    let Some(first) = trimmed.chars().next() else {
        return Err(AifError::NotAif {
            reason:
                "the file is empty; AIF JSON is an object with `nodes`, `edges` and `locutions`"
                    .into(),
            position: None,
        });
    };
    if first != '{' {
        let (line, column) = position_of(text, text.len() - trimmed.len());
        return Err(AifError::NotAif {
            reason: format!(
                "it starts with {}; AIF JSON is an object `{{...}}` with `nodes`, `edges` and `locutions`",
                describe_char(first)
            ),
            position: Some((line, column + usize::from(bom && line == 1))),
        });
    }
    serde_json::from_str(text).map_err(|err| {
        let line = err.line().max(1);
        let column = char_column(text, line, err.column()) + usize::from(bom && line == 1);
        let full = err.to_string();
        let suffix = format!(" at line {} column {}", err.line(), err.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        AifError::Syntax {
            line,
            column,
            message,
        }
    })
}

/// How a character is named in a message.
fn describe_char(c: char) -> String {
    match c {
        '[' => "`[`, a list".into(),
        '"' => "`\"`, a string".into(),
        '(' => "`(`, like a RON map (open it as a `.ron` file)".into(),
        c if c.is_ascii_digit() || c == '-' => "a number".into(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// 1-based line and character column of byte `offset` of `text`.
fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, 1 + before[start..].chars().count())
}

/// serde_json counts columns in bytes; messages count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line - 1) else {
        return byte_column.max(1);
    };
    let bytes = byte_column.min(line_text.len());
    let mut end = bytes;
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count().max(1)
}

type Parts<'t> = (Vec<RawNode<'t>>, Vec<RawEdge<'t>>, usize, MapExtension);

/// The nodes, edges, number of locutions and extension of a file, looking
/// inside an `"AIF"` wrapper when the top level has no `nodes`.
fn unwrap_file(file: RawFile<'_>) -> Result<Parts<'_>, Vec<AifError>> {
    let hint_ron = file.claims.is_some();
    let file = match file {
        RawFile {
            nodes: None,
            wrapped: Some(inner),
            reasonmap,
            ..
        } => RawFile {
            reasonmap: reasonmap.or(inner.reasonmap.clone()),
            ..*inner
        },
        file => file,
    };
    let Some(nodes) = file.nodes else {
        let reason = if hint_ron {
            "it has no `nodes` list. It looks like a reasonmap map written in JSON: maps are written in RON (see docs/map-format.md), and JSON files are read as AIF".to_owned()
        } else {
            "it has no `nodes` list (AIF JSON from AIFdb or OVA has `nodes`, `edges` and `locutions`)".to_owned()
        };
        return Err(vec![AifError::NotAif {
            reason,
            position: None,
        }]);
    };
    Ok((
        nodes.0,
        file.edges.map(|e| e.0).unwrap_or_default(),
        file.locutions.map_or(0, |l| l.0.len()),
        file.reasonmap.unwrap_or_default(),
    ))
}
