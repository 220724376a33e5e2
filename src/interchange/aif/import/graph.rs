//! The first pass of an import: the file's nodes and edges checked, every
//! id unique and every edge between two nodes of the file. Any error here
//! stops the import; all of them are reported at once.

use std::collections::HashMap;

use crate::interchange::aif::json::{NodeExtension, RawEdge, RawNode, Scalar};
use crate::interchange::aif::report::AifError;

/// Errors listed before the rest are only counted.
const MAX_ERRORS: usize = 50;

/// The AIF node types, and every other one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeType {
    /// Information: a claim.
    I,
    /// Rule application: an inference.
    Ra,
    /// Conflict application: an attack.
    Ca,
    /// Rephrase (default rephrase).
    Ma,
    /// A locution (dialogue layer).
    L,
    /// An illocution, anchoring a locution in what it says (dialogue layer).
    Ya,
    /// A transition between locutions (dialogue layer).
    Ta,
    /// PA (preference) and types this importer does not know.
    Other,
}

impl NodeType {
    const KNOWN: [(&'static str, NodeType); 7] = [
        ("I", NodeType::I),
        ("RA", NodeType::Ra),
        ("CA", NodeType::Ca),
        ("MA", NodeType::Ma),
        ("L", NodeType::L),
        ("YA", NodeType::Ya),
        ("TA", NodeType::Ta),
    ];

    /// The type named `name` (in any case).
    fn of(name: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map_or(NodeType::Other, |&(_, kind)| kind)
    }

    /// RA, CA or MA: a node that becomes an argument.
    pub(super) fn is_scheme(self) -> bool {
        matches!(self, NodeType::Ra | NodeType::Ca | NodeType::Ma)
    }

    /// L, YA or TA.
    pub(super) fn is_dialogue(self) -> bool {
        matches!(self, NodeType::L | NodeType::Ya | NodeType::Ta)
    }
}

/// One node, checked.
#[derive(Debug)]
pub(super) struct Node {
    pub(super) id: String,
    pub(super) kind: NodeType,
    /// For [`NodeType::Other`], the type as written, upper-cased.
    other_type: String,
    pub(super) text: String,
    pub(super) scheme: Option<String>,
    pub(super) extension: NodeExtension,
}

impl Node {
    /// The node's type as AIF writes it: "I", "RA", "PA".
    pub(super) fn type_name(&self) -> &str {
        NodeType::KNOWN
            .iter()
            .find(|(_, kind)| *kind == self.kind && self.kind != NodeType::Other)
            .map_or(self.other_type.as_str(), |(name, _)| name)
    }
}

/// The file's nodes and edges, checked: every id unique and every edge
/// between two nodes of the file.
#[derive(Debug)]
pub(super) struct Graph {
    pub(super) nodes: Vec<Node>,
    /// Edge id as written (or `number N`), from node, to node.
    pub(super) edges: Vec<(String, usize, usize)>,
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

    fn bad(&mut self, item: String, problem: String) {
        self.push(AifError::BadField { item, problem });
    }

    /// Records that item `i` of a list of `what`s has `id`, or the error
    /// that an earlier one has it already.
    fn first_use<'a>(
        &mut self,
        seen: &mut HashMap<&'a str, usize>,
        what: &'static str,
        id: &'a str,
        i: usize,
    ) {
        match seen.get(id) {
            Some(&first) => self.push(AifError::DuplicateId {
                what,
                id: id.to_owned(),
                first: first + 1,
                second: i + 1,
            }),
            None => {
                seen.insert(id, i);
            }
        }
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
fn id_field(value: Option<Scalar>, field: &str) -> Result<String, String> {
    match value {
        None => Err(format!("has no `{field}`")),
        Some(Scalar::Str(id) | Scalar::Int(id)) if !id.trim().is_empty() => Ok(id),
        Some(Scalar::Str(_) | Scalar::Int(_)) => Err(format!("has an empty `{field}`")),
        Some(other) => Err(format!(
            "has a `{field}` that is {}; it must be a string like \"12\"",
            other.kind()
        )),
    }
}

/// How a node is named in an error: by id, or by its place in the list.
fn node_name(i: usize, id: &str) -> String {
    if id.is_empty() {
        format!("node number {}", i + 1)
    } else {
        format!("node `{id}`")
    }
}

/// How an edge is named in an error.
fn edge_name(i: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("edge `{id}`"),
        None => format!("edge number {}", i + 1),
    }
}

impl Graph {
    /// Checks the file's nodes and edges, taking their strings over.
    pub(super) fn new(
        raw_nodes: Vec<RawNode>,
        raw_edges: Vec<RawEdge>,
    ) -> Result<Graph, Vec<AifError>> {
        let mut errors = Errors::default();
        let mut nodes = Vec::with_capacity(raw_nodes.len());
        for (i, raw) in raw_nodes.into_iter().enumerate() {
            let id = id_field(raw.id, "nodeID").unwrap_or_else(|problem| {
                errors.bad(node_name(i, ""), problem);
                String::new()
            });
            let (kind, other_type) = match raw.kind {
                Some(Scalar::Str(t)) if !t.trim().is_empty() => match NodeType::of(t.trim()) {
                    NodeType::Other => (NodeType::Other, t.trim().to_uppercase()),
                    known => (known, String::new()),
                },
                Some(Scalar::Str(_)) | None => {
                    errors.bad(
                        node_name(i, &id),
                        "has no `type` (AIF types are I, RA, CA, MA, PA, L, YA and TA)".into(),
                    );
                    (NodeType::Other, String::new())
                }
                Some(other) => {
                    errors.bad(
                        node_name(i, &id),
                        format!(
                            "has a `type` that is {}; it must be a string like \"I\" or \"RA\"",
                            other.kind()
                        ),
                    );
                    (NodeType::Other, String::new())
                }
            };
            let text = string_field(raw.text, "text").unwrap_or_else(|problem| {
                errors.bad(node_name(i, &id), problem);
                None
            });
            let scheme = string_field(raw.scheme, "scheme").unwrap_or_else(|problem| {
                errors.bad(node_name(i, &id), problem);
                None
            });
            nodes.push(Node {
                id,
                kind,
                other_type,
                text: text.unwrap_or_default(),
                scheme,
                extension: raw.reasonmap.unwrap_or_default(),
            });
        }
        let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            if !node.id.is_empty() {
                errors.first_use(&mut by_id, "node", &node.id, i);
            }
        }
        // Edge ids as written (`None` where an edge has none), then edges.
        let mut edge_ids: Vec<Option<String>> = Vec::with_capacity(raw_edges.len());
        let mut ends = Vec::with_capacity(raw_edges.len());
        for (i, raw) in raw_edges.into_iter().enumerate() {
            let id = match raw.id {
                Some(Scalar::Str(id) | Scalar::Int(id)) if !id.trim().is_empty() => Some(id),
                Some(Scalar::Other(kind)) if kind != "null" => {
                    errors.bad(
                        edge_name(i, None),
                        format!("has an `edgeID` that is {kind}; it must be a string like \"12\""),
                    );
                    None
                }
                _ => None,
            };
            let mut end = |value: Option<Scalar>, field: &str, end: &'static str| match id_field(
                value, field,
            ) {
                Ok(node) => match by_id.get(node.as_str()) {
                    Some(&n) => Some(n),
                    None => {
                        errors.push(AifError::MissingNode {
                            edge: edge_name(i, id.as_deref()),
                            end,
                            node,
                        });
                        None
                    }
                },
                Err(problem) => {
                    errors.bad(edge_name(i, id.as_deref()), problem);
                    None
                }
            };
            let from = end(raw.from, "fromID", "comes from");
            let to = end(raw.to, "toID", "goes to");
            ends.push(from.zip(to));
            edge_ids.push(id);
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(edge_ids.len());
        for (i, id) in edge_ids.iter().enumerate() {
            if let Some(id) = id {
                errors.first_use(&mut seen, "edge", id, i);
            }
        }
        drop(seen);
        drop(by_id);
        errors.finish()?;
        let edges = edge_ids
            .into_iter()
            .zip(ends)
            .enumerate()
            .filter_map(|(i, (id, ends))| {
                let (from, to) = ends?;
                Some((id.unwrap_or_else(|| format!("number {}", i + 1)), from, to))
            })
            .collect();
        Ok(Graph { nodes, edges })
    }

    /// `RA node `12``.
    pub(super) fn name(&self, n: usize) -> String {
        let node = &self.nodes[n];
        format!("{} node `{}`", node.type_name(), node.id)
    }
}
