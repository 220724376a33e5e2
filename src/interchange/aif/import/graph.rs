//! The first pass of an import: the file's nodes and edges checked, every
//! id unique and every edge between two nodes of the file. Any error here
//! stops the import; all of them are reported at once.

use std::borrow::Cow;

// foldhash rather than std's SipHash: hashing every id of a 50,000-claim
// file showed in the profile, and foldhash is seeded per process as well.
use foldhash::{HashMap, HashMapExt as _};

use crate::interchange::aif::json::{RawEdge, RawNode, RawNodeExtension, Scalar};
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
pub(super) struct Node<'t> {
    pub(super) id: Cow<'t, str>,
    pub(super) kind: NodeType,
    /// For [`NodeType::Other`], the type as written, upper-cased.
    other_type: String,
    pub(super) text: Cow<'t, str>,
    pub(super) scheme: Option<Cow<'t, str>>,
    pub(super) extension: RawNodeExtension<'t>,
}

impl Node<'_> {
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
pub(super) struct Graph<'t> {
    pub(super) nodes: Vec<Node<'t>>,
    /// Edge id as written (or `number N`), from node, to node.
    pub(super) edges: Vec<(Cow<'t, str>, usize, usize)>,
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

    /// The error that item `second` of a list of `what`s has the id of
    /// item `first`.
    fn duplicate(&mut self, what: &'static str, id: &str, first: usize, second: usize) {
        self.push(AifError::DuplicateId {
            what,
            id: id.to_owned(),
            first: first + 1,
            second: second + 1,
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

/// True when `text` is empty or only whitespace; looks no further than
/// the first character that is not.
fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Node or edge ids to their positions. AIFdb's ids are numbers written as
/// strings, and the ids of one file mostly run close together: those are
/// kept in a table indexed by the number, which takes no hashing and is
/// several times quicker to look up on large files. Any other id is kept
/// in a hash map.
struct Ids<'a> {
    /// The smallest numeric id, and per number from it, a position.
    first: u64,
    table: Vec<usize>,
    /// Numeric ids too far apart for the table.
    numbers: HashMap<u64, usize>,
    others: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    /// No position, in the table.
    const EMPTY: usize = usize::MAX;

    /// The ids `ids` (with their positions), each first use kept;
    /// `duplicate(id, first, again)` hears of every later one.
    fn build(
        ids: impl Iterator<Item = (usize, &'a str)> + Clone,
        mut duplicate: impl FnMut(&'a str, usize, usize),
    ) -> Self {
        let (mut low, mut high, mut count) = (u64::MAX, 0, 0u64);
        for number in ids.clone().filter_map(|(_, id)| Self::number(id)) {
            low = low.min(number);
            high = high.max(number);
            count += 1;
        }
        // A table at most four times as long as there are numbers.
        let dense = count > 0 && high - low < count.saturating_mul(4).saturating_add(64);
        let mut index = Ids {
            first: low,
            table: if dense {
                vec![Self::EMPTY; (high - low + 1) as usize]
            } else {
                Vec::new()
            },
            numbers: HashMap::new(),
            others: HashMap::new(),
        };
        if !dense {
            index.numbers.reserve(count as usize);
        }
        for (i, id) in ids {
            let slot = match Self::number(id) {
                Some(number) if dense => &mut index.table[(number - low) as usize],
                Some(number) => index.numbers.entry(number).or_insert(Self::EMPTY),
                None => index.others.entry(id).or_insert(Self::EMPTY),
            };
            if *slot == Self::EMPTY {
                *slot = i;
            } else {
                duplicate(id, *slot, i);
            }
        }
        index
    }

    /// The number an id writes, when it is one written the usual way (no
    /// sign, no leading zero), so that `7` and `007` stay two ids.
    fn number(id: &str) -> Option<u64> {
        let bytes = id.as_bytes();
        let canonical = !bytes.is_empty()
            && bytes.len() <= 19
            && bytes.iter().all(u8::is_ascii_digit)
            && (bytes[0] != b'0' || bytes.len() == 1);
        canonical.then(|| id.parse().ok()).flatten()
    }

    /// The position of `id`, if a node or edge has it.
    fn get(&self, id: &str) -> Option<usize> {
        let found = match Self::number(id) {
            Some(number) if !self.table.is_empty() => number
                .checked_sub(self.first)
                .and_then(|k| self.table.get(usize::try_from(k).ok()?))
                .copied(),
            Some(number) => self.numbers.get(&number).copied(),
            None => self.others.get(id).copied(),
        };
        found.filter(|&i| i != Self::EMPTY)
    }
}

/// A field's value as a string, or why it is not one.
fn string_field<'t>(
    value: Option<Scalar<'t>>,
    field: &str,
) -> Result<Option<Cow<'t, str>>, String> {
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
fn id_field<'t>(value: Option<Scalar<'t>>, field: &str) -> Result<Cow<'t, str>, String> {
    match value {
        None => Err(format!("has no `{field}`")),
        Some(Scalar::Str(id) | Scalar::Int(id)) if !is_blank(&id) => Ok(id),
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

impl<'t> Graph<'t> {
    /// Checks the file's nodes and edges, taking their strings over.
    pub(super) fn new(
        raw_nodes: Vec<RawNode<'t>>,
        raw_edges: Vec<RawEdge<'t>>,
    ) -> Result<Graph<'t>, Vec<AifError>> {
        let mut errors = Errors::default();
        let mut nodes = Vec::with_capacity(raw_nodes.len());
        for (i, raw) in raw_nodes.into_iter().enumerate() {
            let id = id_field(raw.id, "nodeID").unwrap_or_else(|problem| {
                errors.bad(node_name(i, ""), problem);
                Cow::Borrowed("")
            });
            let (kind, other_type) = match raw.kind {
                Some(Scalar::Str(t)) if !is_blank(&t) => match NodeType::of(t.trim()) {
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
                text: text.unwrap_or(Cow::Borrowed("")),
                scheme,
                extension: raw.reasonmap.unwrap_or_default(),
            });
        }
        let by_id = Ids::build(
            nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| !node.id.is_empty())
                .map(|(i, node)| (i, node.id.as_ref())),
            |id, first, again| errors.duplicate("node", id, first, again),
        );
        // Edge ids as written (`None` where an edge has none), then edges.
        let mut edge_ids: Vec<Option<Cow<'t, str>>> = Vec::with_capacity(raw_edges.len());
        let mut ends = Vec::with_capacity(raw_edges.len());
        for (i, raw) in raw_edges.into_iter().enumerate() {
            let id = match raw.id {
                Some(Scalar::Str(id) | Scalar::Int(id)) if !is_blank(&id) => Some(id),
                Some(Scalar::Other(kind)) if kind != "null" => {
                    errors.bad(
                        edge_name(i, None),
                        format!("has an `edgeID` that is {kind}; it must be a string like \"12\""),
                    );
                    None
                }
                _ => None,
            };
            let mut end = |value: Option<Scalar<'t>>, field: &str, end: &'static str| match id_field(
                value, field,
            ) {
                Ok(node) => match by_id.get(node.as_ref()) {
                    Some(n) => Some(n),
                    None => {
                        errors.push(AifError::MissingNode {
                            edge: edge_name(i, id.as_deref()),
                            end,
                            node: node.into_owned(),
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
        drop(by_id);
        Ids::build(
            edge_ids
                .iter()
                .enumerate()
                .filter_map(|(i, id)| Some((i, id.as_deref()?))),
            |id, first, again| errors.duplicate("edge", id, first, again),
        );
        errors.finish()?;
        let edges = edge_ids
            .into_iter()
            .zip(ends)
            .enumerate()
            .filter_map(|(i, (id, ends))| {
                let (from, to) = ends?;
                let id = id.unwrap_or_else(|| Cow::Owned(format!("number {}", i + 1)));
                Some((id, from, to))
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
