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

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;

use super::json::{MapExtension, NodeExtension, RawEdge, RawFile, RawNode, Scalar};
use super::report::{
    AifError, DialogueSkipped, ImportNote, ImportReport, NoteKind, QuoteReport, id_list, plural,
};
use crate::model::validate::collapse_whitespace;
use crate::model::{Argument, ArgumentKind, Claim, Map};

/// Errors listed before the rest are only counted.
const MAX_ERRORS: usize = 50;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// The map's title when the file gives none (AIF has no title; the
    /// file's name, say).
    pub title: &'a str,
    /// A source text to quote claims from, when there is one.
    pub source: Option<SourceText<'a>>,
}

/// A source text and the path the map names it by.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
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
    let graph = Graph::new(&nodes, &edges)?;
    let mut report = ImportReport {
        edges: edges.len(),
        ..ImportReport::default()
    };
    report.dialogue.locutions = locutions;
    for node in &graph.nodes {
        *report.nodes.entry(node.type_name.clone()).or_default() += 1;
    }
    let mut builder = Builder::new(&graph, &mut report);
    builder.sort_edges();
    builder.make_pieces();
    builder.break_support_cycles();
    builder.settle_undercuts();
    let map = builder.finish(&extension, options);
    Ok(Imported { map, report })
}

/// Parses the JSON, with errors in people's words.
fn parse(text: &str) -> Result<RawFile, AifError> {
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

type Parts = (Vec<RawNode>, Vec<RawEdge>, usize, MapExtension);

/// The nodes, edges, number of locutions and extension of a file, looking
/// inside an `"AIF"` wrapper when the top level has no `nodes`.
fn unwrap_file(file: RawFile) -> Result<Parts, Vec<AifError>> {
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

/// The AIF node types, and every other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeType {
    /// Information: a claim.
    I,
    /// Rule application: an inference.
    Ra,
    /// Conflict application: an attack.
    Ca,
    /// Rephrase (default rephrase).
    Ma,
    /// The dialogue layer: locutions, illocutions, transitions.
    Dialogue,
    /// PA (preference) and types this importer does not know.
    Other,
}

impl NodeType {
    fn of(name: &str) -> Self {
        match name {
            "I" => NodeType::I,
            "RA" => NodeType::Ra,
            "CA" => NodeType::Ca,
            "MA" => NodeType::Ma,
            "L" | "YA" | "TA" => NodeType::Dialogue,
            _ => NodeType::Other,
        }
    }

    fn is_scheme(self) -> bool {
        matches!(self, NodeType::Ra | NodeType::Ca | NodeType::Ma)
    }
}

/// One node, checked.
#[derive(Debug)]
struct Node {
    id: String,
    kind: NodeType,
    /// The type as written, upper-cased.
    type_name: String,
    text: String,
    scheme: Option<String>,
    extension: NodeExtension,
}

/// The file's nodes and edges, checked: every id unique and every edge
/// between two nodes of the file.
#[derive(Debug)]
struct Graph {
    nodes: Vec<Node>,
    /// Edge id as written (or `number N`), from node, to node.
    edges: Vec<(String, usize, usize)>,
}

/// Errors, the first [`MAX_ERRORS`] kept and the rest counted.
#[derive(Default)]
struct Errors {
    list: Vec<AifError>,
    more: usize,
}

impl Errors {
    fn push(&mut self, error: AifError) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(error);
        } else {
            self.more += 1;
        }
    }

    fn bad(&mut self, item: &str, problem: String) {
        self.push(AifError::BadField {
            item: item.to_owned(),
            problem,
        });
    }

    fn finish(mut self) -> Result<(), Vec<AifError>> {
        if self.more > 0 {
            self.list.push(AifError::More { more: self.more });
        }
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(self.list)
        }
    }
}

/// A field's value as a string, or why it is not one.
fn string_field(value: Option<Scalar>, field: &str) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(Scalar::Str(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "has a `{field}` that is {}; it must be a string",
            other.kind()
        )),
    }
}

/// An id field: a non-empty string or an integer.
fn id_field(value: Option<&Scalar>, field: &str) -> Result<String, String> {
    match value {
        None => Err(format!("has no `{field}`")),
        Some(v) => match v.as_id() {
            Some(id) if !id.trim().is_empty() => Ok(id.to_owned()),
            Some(_) => Err(format!("has an empty `{field}`")),
            None => Err(format!(
                "has a `{field}` that is {}; it must be a string like \"12\"",
                v.kind()
            )),
        },
    }
}

impl Graph {
    fn new(raw_nodes: &[RawNode], raw_edges: &[RawEdge]) -> Result<Graph, Vec<AifError>> {
        let mut errors = Errors::default();
        let mut nodes = Vec::with_capacity(raw_nodes.len());
        let mut by_id: HashMap<String, usize> = HashMap::with_capacity(raw_nodes.len());
        for (i, raw) in raw_nodes.iter().enumerate() {
            let id = match id_field(raw.id.as_ref(), "nodeID") {
                Ok(id) => id,
                Err(problem) => {
                    errors.bad(&format!("node number {}", i + 1), problem);
                    String::new()
                }
            };
            let name = if id.is_empty() {
                format!("node number {}", i + 1)
            } else {
                format!("node `{id}`")
            };
            let type_name = match &raw.kind {
                Some(Scalar::Str(t)) if !t.trim().is_empty() => t.trim().to_uppercase(),
                Some(Scalar::Str(_)) | None => {
                    errors.bad(
                        &name,
                        "has no `type` (AIF types are I, RA, CA, MA, PA, L, YA and TA)".into(),
                    );
                    String::new()
                }
                Some(other) => {
                    errors.bad(
                        &name,
                        format!(
                            "has a `type` that is {}; it must be a string like \"I\" or \"RA\"",
                            other.kind()
                        ),
                    );
                    String::new()
                }
            };
            let text = string_field(raw.text.clone(), "text").unwrap_or_else(|problem| {
                errors.bad(&name, problem);
                None
            });
            let scheme = string_field(raw.scheme.clone(), "scheme").unwrap_or_else(|problem| {
                errors.bad(&name, problem);
                None
            });
            if !id.is_empty() {
                if let Some(&first) = by_id.get(&id) {
                    errors.push(AifError::DuplicateId {
                        what: "node",
                        id: id.clone(),
                        first: first + 1,
                        second: i + 1,
                    });
                } else {
                    by_id.insert(id.clone(), i);
                }
            }
            nodes.push(Node {
                id,
                kind: NodeType::of(&type_name),
                type_name,
                text: text.unwrap_or_default(),
                scheme,
                extension: raw.reasonmap.clone().unwrap_or_default(),
            });
        }
        let mut edges = Vec::with_capacity(raw_edges.len());
        let mut edge_ids: HashMap<String, usize> = HashMap::with_capacity(raw_edges.len());
        for (i, raw) in raw_edges.iter().enumerate() {
            let (id, name) = match raw.id.as_ref().and_then(Scalar::as_id) {
                Some(id) if !id.trim().is_empty() => (id.to_owned(), format!("edge `{id}`")),
                _ => (
                    format!("number {}", i + 1),
                    format!("edge number {}", i + 1),
                ),
            };
            if let Some(Scalar::Other(kind)) = &raw.id
                && *kind != "null"
            {
                errors.bad(
                    &name,
                    format!("has an `edgeID` that is {kind}; it must be a string like \"12\""),
                );
            }
            if raw.id.as_ref().and_then(Scalar::as_id).is_some() {
                if let Some(&first) = edge_ids.get(&id) {
                    errors.push(AifError::DuplicateId {
                        what: "edge",
                        id: id.clone(),
                        first: first + 1,
                        second: i + 1,
                    });
                } else {
                    edge_ids.insert(id.clone(), i);
                }
            }
            let mut end = |value: Option<&Scalar>, field: &str, end: &'static str| match id_field(
                value, field,
            ) {
                Ok(node) => match by_id.get(&node) {
                    Some(&n) => Some(n),
                    None => {
                        errors.push(AifError::MissingNode {
                            edge: name.clone(),
                            end,
                            node,
                        });
                        None
                    }
                },
                Err(problem) => {
                    errors.bad(&name, problem);
                    None
                }
            };
            let from = end(raw.from.as_ref(), "fromID", "comes from");
            let to = end(raw.to.as_ref(), "toID", "goes to");
            if let (Some(from), Some(to)) = (from, to) {
                edges.push((id, from, to));
            }
        }
        errors.finish()?;
        Ok(Graph { nodes, edges })
    }

    fn name(&self, n: usize) -> String {
        let node = &self.nodes[n];
        format!("{} node `{}`", node.type_name, node.id)
    }
}

/// What an argument made from an S-node points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceTarget {
    /// An I-node.
    Claim(usize),
    /// Another S-node (an attack on it is an undercut).
    Node(usize),
}

/// One argument made from an S-node. Most S-nodes give one; an S-node
/// with several conclusions gives one per conclusion, and an MA node with
/// several premises one per premise.
#[derive(Debug)]
struct Piece {
    /// The S-node.
    node: usize,
    /// Premises: I-nodes.
    premises: Vec<usize>,
    target: PieceTarget,
    alive: bool,
}

struct Builder<'g, 'r> {
    graph: &'g Graph,
    report: &'r mut ImportReport,
    /// Per node: true for an I-node that becomes a claim.
    is_claim: Vec<bool>,
    /// Per S-node: its premises (I-nodes), in edge order.
    premises: Vec<Vec<usize>>,
    /// Per S-node: its conclusions (I-nodes or S-nodes), in edge order.
    targets: Vec<Vec<PieceTarget>>,
    /// Per S-node: the S-nodes an RA or MA node pointed at (left out).
    argument_targets: Vec<Vec<usize>>,
    /// Per YA node: the L-nodes leading into it.
    locutions_of_ya: HashMap<usize, Vec<usize>>,
    /// Per I-node: the YA nodes leading to it.
    yas_of_claim: HashMap<usize, Vec<usize>>,
    pieces: Vec<Piece>,
    /// Per node: the indices of its pieces.
    pieces_of: Vec<Vec<usize>>,
}

impl<'g, 'r> Builder<'g, 'r> {
    fn new(graph: &'g Graph, report: &'r mut ImportReport) -> Self {
        let n = graph.nodes.len();
        let is_claim = graph
            .nodes
            .iter()
            .map(|node| node.kind == NodeType::I && !node.text.trim().is_empty())
            .collect();
        Builder {
            graph,
            report,
            is_claim,
            premises: vec![Vec::new(); n],
            targets: vec![Vec::new(); n],
            argument_targets: vec![Vec::new(); n],
            locutions_of_ya: HashMap::new(),
            yas_of_claim: HashMap::new(),
            pieces: Vec::new(),
            pieces_of: vec![Vec::new(); n],
        }
    }

    fn note(&mut self, kind: NoteKind, ids: Vec<String>, message: String) {
        self.report.notes.push(ImportNote { kind, ids, message });
    }

    /// Sorts every edge: premise, conclusion, dialogue layer, or left out.
    fn sort_edges(&mut self) {
        let graph = self.graph;
        let nodes = &graph.nodes;
        let mut dialogue_nodes: BTreeMap<String, usize> = BTreeMap::new();
        for node in nodes.iter().filter(|n| n.kind == NodeType::Dialogue) {
            *dialogue_nodes.entry(node.type_name.clone()).or_default() += 1;
        }
        let mut dialogue = DialogueSkipped {
            nodes: dialogue_nodes,
            edges: 0,
            locutions: self.report.dialogue.locutions,
        };
        // Edges of nodes left out whole, counted for their note.
        let mut edges_of_dropped = vec![0usize; nodes.len()];
        let mut seen: HashSet<(usize, usize)> = HashSet::with_capacity(graph.edges.len());
        for (id, from, to) in &graph.edges {
            let (from, to) = (*from, *to);
            let (f, t) = (nodes[from].kind, nodes[to].kind);
            if from == to {
                self.note(
                    NoteKind::SelfLoop,
                    vec![id.clone()],
                    format!(
                        "left out edge `{id}`: it goes from {} to itself",
                        graph.name(from)
                    ),
                );
                continue;
            }
            if f == NodeType::Dialogue || t == NodeType::Dialogue {
                dialogue.edges += 1;
                if nodes[from].type_name == "L" && nodes[to].type_name == "YA" {
                    self.locutions_of_ya.entry(to).or_default().push(from);
                } else if nodes[from].type_name == "YA" && t == NodeType::I {
                    self.yas_of_claim.entry(to).or_default().push(from);
                }
                continue;
            }
            let dropped_end = [from, to]
                .into_iter()
                .filter(|&n| nodes[n].kind == NodeType::Other || self.is_empty_claim(n))
                .collect::<Vec<_>>();
            if !dropped_end.is_empty() {
                for n in dropped_end {
                    edges_of_dropped[n] += 1;
                }
                continue;
            }
            if !seen.insert((from, to)) {
                self.note(
                    NoteKind::DuplicateEdge,
                    vec![id.clone()],
                    format!(
                        "left out edge `{id}`: another edge already goes from {} to {}",
                        graph.name(from),
                        graph.name(to)
                    ),
                );
                continue;
            }
            match (f, t) {
                (NodeType::I, NodeType::I) => self.note(
                    NoteKind::ClaimToClaim,
                    vec![id.clone()],
                    format!(
                        "left out edge `{id}`: it joins two I-nodes (`{}` to `{}`) with no RA, CA or MA node between them to say how",
                        nodes[from].id, nodes[to].id
                    ),
                ),
                (NodeType::I, _) => self.premises[to].push(from),
                (_, NodeType::I) => self.targets[from].push(PieceTarget::Claim(to)),
                (NodeType::Ca, _) => self.targets[from].push(PieceTarget::Node(to)),
                _ => self.argument_targets[from].push(to),
            }
        }
        for (n, node) in nodes.iter().enumerate() {
            let edges = match edges_of_dropped[n] {
                0 => String::new(),
                k => format!(" and its {}", plural(k, "edge")),
            };
            if node.kind == NodeType::Other {
                let why = if node.type_name == "PA" {
                    "a preference between arguments has no counterpart in a map".to_owned()
                } else {
                    format!("`{}` is not a node type this reader knows", node.type_name)
                };
                self.note(
                    NoteKind::OtherNode,
                    vec![node.id.clone()],
                    format!("left out {}{edges}: {why}", graph.name(n)),
                );
            } else if self.is_empty_claim(n) {
                self.note(
                    NoteKind::EmptyClaim,
                    vec![node.id.clone()],
                    format!("left out I-node `{}`{edges}: it has no text", node.id),
                );
            }
        }
        self.report.dialogue = dialogue;
    }

    fn is_empty_claim(&self, n: usize) -> bool {
        self.graph.nodes[n].kind == NodeType::I && !self.is_claim[n]
    }

    /// Makes the arguments of every S-node, in file order.
    fn make_pieces(&mut self) {
        let graph = self.graph;
        for (s, node) in graph.nodes.iter().enumerate() {
            if !node.kind.is_scheme() {
                continue;
            }
            let premises = std::mem::take(&mut self.premises[s]);
            let targets = std::mem::take(&mut self.targets[s]);
            let to_arguments = std::mem::take(&mut self.argument_targets[s]);
            let name = graph.name(s);
            if !to_arguments.is_empty() {
                let what = if node.kind == NodeType::Ma {
                    "a rephrase"
                } else {
                    "a support"
                };
                let pointed: Vec<String> = to_arguments.iter().map(|&t| graph.name(t)).collect();
                let rest = if targets.is_empty() {
                    "it was left out"
                } else {
                    "those edges were left out"
                };
                self.note(
                    NoteKind::ArgumentTarget,
                    std::iter::once(node.id.clone())
                        .chain(to_arguments.iter().map(|&t| graph.nodes[t].id.clone()))
                        .collect(),
                    format!(
                        "{name} points at {}: {what} of an inference rather than of a claim has no counterpart in a map (only attacks can target arguments), so {rest}",
                        and_list(&pointed)
                    ),
                );
                if targets.is_empty() {
                    continue;
                }
            }
            if premises.is_empty() {
                self.note(
                    NoteKind::NoPremise,
                    vec![node.id.clone()],
                    format!("left out {name}: no claim (I-node) leads into it"),
                );
                continue;
            }
            if targets.is_empty() {
                self.note(
                    NoteKind::NoTarget,
                    vec![node.id.clone()],
                    format!("left out {name}: it leads to nothing"),
                );
                continue;
            }
            let before = self.pieces.len();
            for target in targets {
                let mut own = premises.clone();
                if let PieceTarget::Claim(t) = target
                    && let Some(k) = own.iter().position(|&p| p == t)
                {
                    own.remove(k);
                    let claim = &graph.nodes[t].id;
                    let lost = if own.is_empty() {
                        "that conclusion was left out"
                    } else {
                        "it was left out of the premises"
                    };
                    self.note(
                        NoteKind::SelfLoop,
                        vec![node.id.clone(), claim.clone()],
                        format!(
                            "I-node `{claim}` is both a premise and the conclusion of {name}; {lost}"
                        ),
                    );
                    if own.is_empty() {
                        continue;
                    }
                }
                let groups = if node.kind == NodeType::Ma {
                    own.into_iter().map(|p| vec![p]).collect()
                } else {
                    vec![own]
                };
                for group in groups {
                    self.pieces_of[s].push(self.pieces.len());
                    self.pieces.push(Piece {
                        node: s,
                        premises: group,
                        target,
                        alive: true,
                    });
                }
            }
            let made = self.pieces.len() - before;
            if made > 1 {
                self.note(
                    NoteKind::Split,
                    vec![node.id.clone()],
                    format!(
                        "{name} has several {}, so it became {made} arguments",
                        if node.kind == NodeType::Ma && premises.len() > 1 {
                            "premises (a rephrase restates one claim)"
                        } else {
                            "conclusions (an argument has one)"
                        }
                    ),
                );
            }
        }
    }

    /// Leaves out supports that would close a circle of supports, in file
    /// order: the first supports of a circle are kept and the one that
    /// closes it is left out. Claims joined by rephrases count as one, as
    /// the map's own check counts them.
    fn break_support_cycles(&mut self) {
        let n = self.graph.nodes.len();
        let mut same = UnionFind::<usize>::new(n);
        for piece in &self.pieces {
            if self.graph.nodes[piece.node].kind == NodeType::Ma
                && let PieceTarget::Claim(t) = piece.target
            {
                same.union(piece.premises[0], t);
            }
        }
        // Support edges between groups of restatements.
        let mut edges: Vec<(usize, usize, usize)> = Vec::new();
        let mut circular_at_once = Vec::new();
        for (p, piece) in self.pieces.iter().enumerate() {
            let PieceTarget::Claim(t) = piece.target else {
                continue;
            };
            if self.graph.nodes[piece.node].kind != NodeType::Ra {
                continue;
            }
            for &q in &piece.premises {
                let (from, to) = (same.find(q), same.find(t));
                if from == to {
                    circular_at_once.push((p, q, t));
                } else {
                    edges.push((from, to, p));
                }
            }
        }
        for (p, q, t) in circular_at_once {
            if !std::mem::replace(&mut self.pieces[p].alive, false) {
                continue;
            }
            let nodes = &self.graph.nodes;
            let s = self.pieces[p].node;
            let message = format!(
                "left out {}: `{}` would support `{}`, which restates it, so the claim would support itself",
                self.graph.name(s),
                nodes[q].id,
                nodes[t].id
            );
            self.note(
                NoteKind::CircularSupport,
                vec![nodes[s].id.clone()],
                message,
            );
        }
        let mut digraph: DiGraph<(), ()> = DiGraph::with_capacity(n, edges.len());
        for _ in 0..n {
            digraph.add_node(());
        }
        for &(from, to, _) in &edges {
            digraph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
        }
        let mut component = vec![usize::MAX; n];
        for (c, scc) in kosaraju_scc(&digraph).into_iter().enumerate() {
            if scc.len() >= 2 {
                for v in scc {
                    component[v.index()] = c;
                }
            }
        }
        let inside = |&(from, to, _): &(usize, usize, usize)| {
            component[from] != usize::MAX && component[from] == component[to]
        };
        if !edges.iter().any(inside) {
            return;
        }
        // Only edges inside a strongly connected part can close a circle:
        // add those in file order and leave out a support whose edge would
        // join a target back to its premise.
        let mut by_piece: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for edge in edges.iter().filter(|e| inside(e)) {
            by_piece.entry(edge.2).or_default().push((edge.0, edge.1));
        }
        let mut kept: HashMap<usize, Vec<usize>> = HashMap::new();
        for (p, piece_edges) in by_piece {
            if !self.pieces[p].alive {
                continue;
            }
            let circle = piece_edges
                .iter()
                .find_map(|&(from, to)| path(&kept, to, from).map(|path| (from, path)));
            match circle {
                Some((from, path)) => {
                    self.pieces[p].alive = false;
                    let nodes = &self.graph.nodes;
                    let chain: Vec<String> = std::iter::once(from)
                        .chain(path)
                        .map(|c| format!("`{}`", nodes[c].id))
                        .collect();
                    let s = self.pieces[p].node;
                    let message = format!(
                        "left out {}: it would close a circle of supports between I-nodes {}, and a claim cannot support itself",
                        self.graph.name(s),
                        chain.join(" -> ")
                    );
                    self.note(
                        NoteKind::CircularSupport,
                        vec![nodes[s].id.clone()],
                        message,
                    );
                }
                None => {
                    for (from, to) in piece_edges {
                        kept.entry(from).or_default().push(to);
                    }
                }
            }
        }
    }

    /// Resolves attacks on S-nodes to the arguments made from them, leaves
    /// out attacks on S-nodes that were left out and attacks on arguments
    /// that run in a circle, until nothing more changes.
    fn settle_undercuts(&mut self) {
        let mut attackers_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (p, piece) in self.pieces.iter().enumerate() {
            if let PieceTarget::Node(s) = piece.target {
                attackers_of.entry(s).or_default().push(p);
            }
        }
        let mut queue: VecDeque<usize> = (0..self.graph.nodes.len())
            .filter(|&s| !self.has_alive_piece(s) && attackers_of.contains_key(&s))
            .collect();
        loop {
            while let Some(s) = queue.pop_front() {
                for &p in attackers_of.get(&s).map_or(&[][..], Vec::as_slice) {
                    if !std::mem::replace(&mut self.pieces[p].alive, false) {
                        continue;
                    }
                    let attacker = self.pieces[p].node;
                    let message = format!(
                        "left out {}: it attacks {}, which was left out",
                        self.graph.name(attacker),
                        self.graph.name(s)
                    );
                    let ids = vec![
                        self.graph.nodes[attacker].id.clone(),
                        self.graph.nodes[s].id.clone(),
                    ];
                    self.note(NoteKind::TargetLeftOut, ids, message);
                    if !self.has_alive_piece(attacker) {
                        queue.push_back(attacker);
                    }
                }
            }
            let circles = self.undercut_circles();
            if circles.is_empty() {
                return;
            }
            for circle in circles {
                let names: Vec<String> = circle
                    .iter()
                    .map(|&p| self.graph.name(self.pieces[p].node))
                    .collect();
                let ids: Vec<String> = circle
                    .iter()
                    .map(|&p| self.graph.nodes[self.pieces[p].node].id.clone())
                    .collect();
                for &p in &circle {
                    self.pieces[p].alive = false;
                }
                self.note(
                    NoteKind::CircularUndercut,
                    ids,
                    format!(
                        "left out {}: they attack each other in a circle that reaches no claim",
                        and_list(&names)
                    ),
                );
                for &p in &circle {
                    let s = self.pieces[p].node;
                    if !self.has_alive_piece(s) {
                        queue.push_back(s);
                    }
                }
            }
        }
    }

    fn has_alive_piece(&self, s: usize) -> bool {
        self.pieces_of[s].iter().any(|&p| self.pieces[p].alive)
    }

    /// The first living argument made from S-node `s`.
    fn first_alive(&self, s: usize) -> Option<usize> {
        self.pieces_of[s]
            .iter()
            .copied()
            .find(|&p| self.pieces[p].alive)
    }

    /// Circles of living attacks on arguments, each as its pieces. Each
    /// piece targets at most one other, so following targets from every
    /// piece, marking where each walk has been, finds every circle once.
    fn undercut_circles(&self) -> Vec<Vec<usize>> {
        let next = |p: usize| match self.pieces[p].target {
            PieceTarget::Node(s) if self.pieces[p].alive => self.first_alive(s),
            _ => None,
        };
        // 0: not visited, 1: on the current walk, 2: done.
        let mut state = vec![0u8; self.pieces.len()];
        let mut circles = Vec::new();
        for start in 0..self.pieces.len() {
            let mut walk = Vec::new();
            let mut at = Some(start);
            while let Some(p) = at {
                if state[p] != 0 {
                    if state[p] == 1
                        && let Some(k) = walk.iter().position(|&w| w == p)
                    {
                        circles.push(walk[k..].to_vec());
                    }
                    break;
                }
                state[p] = 1;
                walk.push(p);
                at = next(p);
            }
            for p in walk {
                state[p] = 2;
            }
        }
        circles
    }

    /// Makes the map: claims and arguments in file order, ids `n<nodeID>`
    /// unless the file carries reasonmap ids, quotes from the source.
    fn finish(mut self, extension: &MapExtension, options: &ImportOptions) -> Map {
        let graph = self.graph;
        let mut ids = Ids::default();
        let mut claim_id: HashMap<usize, String> = HashMap::new();
        let mut piece_id: HashMap<usize, String> = HashMap::new();
        let mut renamed = Vec::new();
        for (n, node) in graph.nodes.iter().enumerate() {
            let alive: Vec<usize> = self.pieces_of[n]
                .iter()
                .copied()
                .filter(|&p| self.pieces[p].alive)
                .collect();
            if !self.is_claim[n] && alive.is_empty() {
                continue;
            }
            let own = format!("n{}", node.id);
            let base = match &node.extension.id {
                Some(id) if !id.trim().is_empty() && !ids.used.contains(id) => id.clone(),
                Some(id) => {
                    renamed.push((node.id.clone(), id.clone()));
                    own
                }
                None => own,
            };
            if self.is_claim[n] {
                claim_id.insert(n, ids.take(&base));
            }
            for (k, p) in alive.into_iter().enumerate() {
                let id = if k == 0 {
                    base.clone()
                } else {
                    format!("{base}.{}", k + 1)
                };
                piece_id.insert(p, ids.take(&id));
            }
        }
        for (node, id) in renamed {
            self.note(
                NoteKind::Renamed,
                vec![node.clone()],
                format!(
                    "node `{node}` names its reasonmap id `{id}`, which another element has already; it is called `n{node}` instead"
                ),
            );
        }
        let quotes = options.source.map(|source| Quoter::new(source, &self));
        let mut quote_report = options.source.map(|s| QuoteReport {
            source: s.name.to_owned(),
            ..QuoteReport::default()
        });
        let mut claims = Vec::new();
        for (n, node) in graph.nodes.iter().enumerate() {
            let Some(id) = claim_id.get(&n) else {
                continue;
            };
            let quote = match (&quotes, &mut quote_report) {
                (Some(quoter), Some(report)) => quoter.quote(n, id, report),
                _ => node.extension.quote.clone(),
            };
            claims.push(Claim {
                id: id.clone(),
                text: node.text.clone(),
                quote,
                implicit: node.extension.implicit,
            });
        }
        let mut arguments = Vec::new();
        for (p, piece) in self.pieces.iter().enumerate() {
            let Some(id) = piece_id.get(&p) else {
                continue;
            };
            let node = &graph.nodes[piece.node];
            let target = match piece.target {
                PieceTarget::Claim(t) => claim_id.get(&t).cloned(),
                PieceTarget::Node(s) => self
                    .first_alive(s)
                    .and_then(|first| piece_id.get(&first).cloned()),
            };
            let Some(target) = target else {
                continue;
            };
            arguments.push(Argument {
                id: id.clone(),
                premises: piece
                    .premises
                    .iter()
                    .filter_map(|q| claim_id.get(q).cloned())
                    .collect(),
                target,
                kind: match node.kind {
                    NodeType::Ca => ArgumentKind::Attack,
                    NodeType::Ma => ArgumentKind::Rephrase,
                    _ => ArgumentKind::Support,
                },
                scheme: scheme_of(node),
            });
        }
        let claim_ids: HashSet<&str> = claims.iter().map(|c| c.id.as_str()).collect();
        let (conclusions, unknown): (Vec<String>, Vec<String>) = extension
            .conclusion
            .iter()
            .cloned()
            .partition(|id| claim_ids.contains(id.as_str()));
        if !unknown.is_empty() {
            self.note(
                NoteKind::Renamed,
                unknown.clone(),
                format!(
                    "the file names {} as conclusions, which are no claims of the map; they were left out of its conclusions",
                    id_list(&unknown)
                ),
            );
        }
        if let Some(mut report) = quote_report {
            report.not_found.shrink_to_fit();
            self.report.quotes = Some(report);
        }
        Map {
            title: extension
                .title
                .clone()
                .unwrap_or_else(|| options.title.to_owned()),
            source: options
                .source
                .map(|s| s.name.to_owned())
                .or_else(|| extension.source.clone()),
            conclusions,
            claims,
            arguments,
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The shortest path from `from` to `to` along `edges`, without `from`.
fn path(edges: &HashMap<usize, Vec<usize>>, from: usize, to: usize) -> Option<Vec<usize>> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut found = from == to;
    while !found && let Some(at) = queue.pop_front() {
        for &next in edges.get(&at).map_or(&[][..], Vec::as_slice) {
            if next == from || parent.contains_key(&next) {
                continue;
            }
            parent.insert(next, at);
            if next == to {
                found = true;
                break;
            }
            queue.push_back(next);
        }
    }
    if !found {
        return None;
    }
    let mut path = vec![to];
    let mut at = to;
    while at != from {
        at = parent.get(&at).copied().unwrap_or(from);
        path.push(at);
    }
    path.reverse();
    Some(path)
}

/// The scheme an S-node names: its `scheme`, else its text, unless that is
/// one of the "Default ..." labels AIFdb gives nodes with no scheme.
fn scheme_of(node: &Node) -> Option<String> {
    let named = |s: &str| {
        let s = s.trim();
        let lower = s.to_lowercase();
        (!s.is_empty()
            && !lower.starts_with("default ")
            && !s.eq_ignore_ascii_case(&node.type_name))
        .then(|| s.to_owned())
    };
    node.scheme
        .as_deref()
        .and_then(named)
        .or_else(|| named(&node.text))
}

/// Unique ids: the wanted one, or it with `.2`, `.3` appended.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    fn take(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_owned();
        let mut k = 2;
        while self.used.contains(&id) {
            id = format!("{wanted}.{k}");
            k += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// Finds each claim's passage in the source text.
struct Quoter<'s> {
    /// The source with whitespace collapsed, as quotes are matched.
    text: String,
    /// Per I-node: the texts of the locutions anchored in it.
    locutions: HashMap<usize, Vec<&'s str>>,
    /// Per node: its text and its quote from the file.
    nodes: Vec<(&'s str, Option<&'s str>)>,
}

impl<'s> Quoter<'s> {
    fn new(source: SourceText<'_>, builder: &Builder<'s, '_>) -> Self {
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
                        .push(nodes[l].text.as_str());
                }
            }
        }
        Quoter {
            text: collapse_whitespace(source.text),
            locutions,
            nodes: nodes
                .iter()
                .map(|n| (n.text.as_str(), n.extension.quote.as_deref()))
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
    fn quote(&self, n: usize, id: &str, report: &mut QuoteReport) -> Option<String> {
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
