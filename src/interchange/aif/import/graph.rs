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
    /// The dialogue layer: locutions, illocutions, transitions.
    Dialogue,
    /// PA (preference) and types this importer does not know.
    Other,
}

impl NodeType {
    pub(super) fn of(name: &str) -> Self {
        match name {
            "I" => NodeType::I,
            "RA" => NodeType::Ra,
            "CA" => NodeType::Ca,
            "MA" => NodeType::Ma,
            "L" | "YA" | "TA" => NodeType::Dialogue,
            _ => NodeType::Other,
        }
    }

    pub(super) fn is_scheme(self) -> bool {
        matches!(self, NodeType::Ra | NodeType::Ca | NodeType::Ma)
    }
}

/// One node, checked.
#[derive(Debug)]
pub(super) struct Node {
    pub(super) id: String,
    pub(super) kind: NodeType,
    /// The type as written, upper-cased.
    pub(super) type_name: String,
    pub(super) text: String,
    pub(super) scheme: Option<String>,
    pub(super) extension: NodeExtension,
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

    fn bad(&mut self, item: &str, problem: String) {
        self.push(AifError::BadField {
            item: item.to_owned(),
            problem,
        });
    }

    /// Records that item `i` of a list of `what`s has `id`, or the error
    /// that an earlier one has it already.
    fn first_use(
        &mut self,
        seen: &mut HashMap<String, usize>,
        what: &'static str,
        id: &str,
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
                seen.insert(id.to_owned(), i);
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
    pub(super) fn new(
        raw_nodes: &[RawNode],
        raw_edges: &[RawEdge],
    ) -> Result<Graph, Vec<AifError>> {
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
                errors.first_use(&mut by_id, "node", &id, i);
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
                errors.first_use(&mut edge_ids, "edge", &id, i);
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

    pub(super) fn name(&self, n: usize) -> String {
        let node = &self.nodes[n];
        format!("{} node `{}`", node.type_name, node.id)
    }
}
