//! The second and third passes of an import: edges sorted into premises
//! and conclusions of S-nodes, S-nodes made into arguments, and the map
//! built from what is left. Circles are broken in [`super::cycles`].

use std::collections::BTreeMap;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};

use super::ImportOptions;
use super::graph::{Graph, Node, NodeType};
use super::quotes::Quoter;
use crate::interchange::aif::json::MapExtension;
use crate::interchange::aif::report::{
    DialogueSkipped, ImportNote, ImportReport, NoteKind, QuoteReport, id_list, plural,
};
use crate::model::{Argument, ArgumentKind, Claim, Map};

/// What an argument made from an S-node points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PieceTarget {
    /// An I-node.
    Claim(usize),
    /// Another S-node (an attack on it is an undercut).
    Node(usize),
}

/// One argument made from an S-node. Most S-nodes give one; an S-node
/// with several conclusions gives one per conclusion, and an MA node with
/// several premises one per premise.
#[derive(Debug)]
pub(super) struct Piece {
    /// The S-node.
    pub(super) node: usize,
    /// Premises: I-nodes.
    pub(super) premises: Vec<usize>,
    pub(super) target: PieceTarget,
    pub(super) alive: bool,
}

/// The map being built from a checked graph, and the report of what is
/// left out on the way.
pub(super) struct Builder<'g, 'r> {
    pub(super) graph: &'g Graph<'g>,
    pub(super) report: &'r mut ImportReport,
    /// Per node: true for an I-node that becomes a claim.
    pub(super) is_claim: Vec<bool>,
    /// Per S-node: its premises (I-nodes), in edge order, each with the
    /// edge that brings it.
    pub(super) premises: Vec<Vec<(usize, usize)>>,
    /// Per S-node: its conclusions (I-nodes or S-nodes), in edge order,
    /// each with its edge.
    pub(super) targets: Vec<Targets>,
    /// Per S-node: the S-nodes an RA or MA node pointed at (left out).
    pub(super) argument_targets: Vec<Vec<usize>>,
    /// Per YA node: the L-nodes leading into it.
    pub(super) locutions_of_ya: HashMap<usize, Vec<usize>>,
    /// Per I-node: the YA nodes leading to it.
    pub(super) yas_of_claim: HashMap<usize, Vec<usize>>,
    pub(super) pieces: Vec<Piece>,
    /// Per node: the indices of its pieces, which are made one after the
    /// other.
    pub(super) pieces_of: Vec<Range<usize>>,
}

/// An S-node's conclusions: nearly always one, so one is kept without a
/// list of its own.
#[derive(Debug, Clone, Default)]
pub(super) enum Targets {
    /// None yet.
    #[default]
    None,
    /// One.
    One((PieceTarget, usize)),
    /// Several, in edge order.
    Many(Vec<(PieceTarget, usize)>),
}

impl Targets {
    fn push(&mut self, target: (PieceTarget, usize)) {
        *self = match std::mem::take(self) {
            Targets::None => Targets::One(target),
            Targets::One(first) => Targets::Many(vec![first, target]),
            Targets::Many(mut all) => {
                all.push(target);
                Targets::Many(all)
            }
        };
    }

    fn into_vec(self) -> Vec<(PieceTarget, usize)> {
        match self {
            Targets::None => Vec::new(),
            Targets::One(target) => vec![target],
            Targets::Many(all) => all,
        }
    }
}

impl<'g, 'r> Builder<'g, 'r> {
    pub(super) fn new(graph: &'g Graph<'g>, report: &'r mut ImportReport) -> Self {
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
            targets: vec![Targets::None; n],
            argument_targets: vec![Vec::new(); n],
            locutions_of_ya: HashMap::new(),
            yas_of_claim: HashMap::new(),
            pieces: Vec::new(),
            pieces_of: vec![0..0; n],
        }
    }

    pub(super) fn note(&mut self, kind: NoteKind, ids: Vec<String>, message: String) {
        self.report.notes.push(ImportNote { kind, ids, message });
    }

    /// Sorts every edge: premise, conclusion, dialogue layer, or left out.
    pub(super) fn sort_edges(&mut self) {
        let graph = self.graph;
        let nodes = &graph.nodes;
        let mut dialogue_nodes: BTreeMap<&str, usize> = BTreeMap::new();
        for node in nodes.iter().filter(|n| n.kind.is_dialogue()) {
            *dialogue_nodes.entry(node.type_name()).or_default() += 1;
        }
        let mut dialogue = DialogueSkipped {
            nodes: dialogue_nodes
                .into_iter()
                .map(|(kind, n)| (kind.to_owned(), n))
                .collect(),
            edges: 0,
            locutions: self.report.dialogue.locutions,
        };
        // Edges of nodes left out whole, counted for their note.
        let mut edges_of_dropped = vec![0usize; nodes.len()];
        for (e, (id, from, to)) in graph.edges.iter().enumerate() {
            let (from, to) = (*from, *to);
            let (f, t) = (nodes[from].kind, nodes[to].kind);
            if from == to {
                self.note(
                    NoteKind::SelfLoop,
                    vec![id.to_string()],
                    format!(
                        "left out edge `{id}`: it goes from {} to itself",
                        graph.name(from)
                    ),
                );
                continue;
            }
            if f.is_dialogue() || t.is_dialogue() {
                dialogue.edges += 1;
                if f == NodeType::L && t == NodeType::Ya {
                    self.locutions_of_ya.entry(to).or_default().push(from);
                } else if f == NodeType::Ya && t == NodeType::I {
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
            match (f, t) {
                (NodeType::I, NodeType::I) => self.note(
                    NoteKind::ClaimToClaim,
                    vec![id.to_string()],
                    format!(
                        "left out edge `{id}`: it joins two I-nodes (`{}` to `{}`) with no RA, CA or MA node between them to say how",
                        nodes[from].id, nodes[to].id
                    ),
                ),
                (NodeType::I, _) => self.premises[to].push((from, e)),
                (_, NodeType::I) => self.targets[from].push((PieceTarget::Claim(to), e)),
                (NodeType::Ca, _) => self.targets[from].push((PieceTarget::Node(to), e)),
                _ => self.argument_targets[from].push(to),
            }
        }
        for (n, node) in nodes.iter().enumerate() {
            let edges = match edges_of_dropped[n] {
                0 => String::new(),
                k => format!(" and its {}", plural(k, "edge")),
            };
            if node.kind == NodeType::Other {
                let why = if node.type_name() == "PA" {
                    "a preference between arguments has no counterpart in a map".to_owned()
                } else {
                    format!(
                        "`{}` is not a node type this reader knows",
                        node.type_name()
                    )
                };
                self.note(
                    NoteKind::OtherNode,
                    vec![node.id.to_string()],
                    format!("left out {}{edges}: {why}", graph.name(n)),
                );
            } else if self.is_empty_claim(n) {
                self.note(
                    NoteKind::EmptyClaim,
                    vec![node.id.to_string()],
                    format!("left out I-node `{}`{edges}: it has no text", node.id),
                );
            }
        }
        self.report.dialogue = dialogue;
    }

    pub(super) fn is_empty_claim(&self, n: usize) -> bool {
        self.graph.nodes[n].kind == NodeType::I && !self.is_claim[n]
    }

    /// Makes the arguments of every S-node, in file order.
    pub(super) fn make_pieces(&mut self) {
        let graph = self.graph;
        // Per node: the S-node whose premises, and whose targets, last
        // listed it (plus one), to find a second edge between two nodes.
        let mut premise_of = vec![0; graph.nodes.len()];
        let mut target_of = vec![0; graph.nodes.len()];
        for (s, node) in graph.nodes.iter().enumerate() {
            if !node.kind.is_scheme() {
                continue;
            }
            let premises = std::mem::take(&mut self.premises[s]);
            let premises = self.once(premises, &mut premise_of, s, |q| (q, s));
            let targets = std::mem::take(&mut self.targets[s]).into_vec();
            let targets = self.once(targets, &mut target_of, s, |t| match t {
                PieceTarget::Claim(n) | PieceTarget::Node(n) => (s, n),
            });
            let to_arguments = std::mem::take(&mut self.argument_targets[s]);
            let name = || graph.name(s);
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
                    std::iter::once(node.id.to_string())
                        .chain(to_arguments.iter().map(|&t| graph.nodes[t].id.to_string()))
                        .collect(),
                    format!(
                        "{} points at {}: {what} of an inference rather than of a claim has no counterpart in a map (only attacks can target arguments), so {rest}",
                        name(),
                        and_list(&pointed)
                    ),
                );
                if targets.is_empty() {
                    continue;
                }
            }
            let missing = if premises.is_empty() {
                Some((NoteKind::NoPremise, "no claim (I-node) leads into it"))
            } else if targets.is_empty() {
                Some((NoteKind::NoTarget, "it leads to nothing"))
            } else {
                None
            };
            if let Some((kind, why)) = missing {
                self.note(
                    kind,
                    vec![node.id.to_string()],
                    format!("left out {}: {why}", name()),
                );
                continue;
            }
            let before = self.pieces.len();
            let (premise_count, target_count) = (premises.len(), targets.len());
            let mut premises = premises;
            for (i, target) in targets.into_iter().enumerate() {
                // The last target takes the list; earlier ones copy it.
                let mut own = if i + 1 == target_count {
                    std::mem::take(&mut premises)
                } else {
                    premises.clone()
                };
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
                        vec![node.id.to_string(), claim.to_string()],
                        format!(
                            "I-node `{claim}` is both a premise and the conclusion of {}; {lost}",
                            name()
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
                    self.pieces.push(Piece {
                        node: s,
                        premises: group,
                        target,
                        alive: true,
                    });
                }
            }
            self.pieces_of[s] = before..self.pieces.len();
            let made = self.pieces.len() - before;
            if made > 1 {
                self.note(
                    NoteKind::Split,
                    vec![node.id.to_string()],
                    format!(
                        "{} has several {}, so it became {made} arguments",
                        name(),
                        if node.kind == NodeType::Ma && premise_count > 1 {
                            "premises (a rephrase restates one claim)"
                        } else {
                            "conclusions (an argument has one)"
                        }
                    ),
                );
            }
        }
    }

    /// The items of `list` (each with the edge that brought it), each
    /// once, in order, for S-node `s`; `ends` gives the two nodes an item's
    /// edge joins. `last[n]` is `s + 1` once node `n` is listed for `s`; a
    /// node listed again came by a second edge between the same two nodes,
    /// which is noted and left out.
    fn once<T: Copy>(
        &mut self,
        list: Vec<(T, usize)>,
        last: &mut [usize],
        s: usize,
        ends: impl Fn(T) -> (usize, usize),
    ) -> Vec<T> {
        let graph = self.graph;
        let mut kept = Vec::with_capacity(list.len());
        for (item, e) in list {
            let (from, to) = ends(item);
            let node = if from == s { to } else { from };
            if std::mem::replace(&mut last[node], s + 1) == s + 1 {
                let id = &graph.edges[e].0;
                self.note(
                    NoteKind::DuplicateEdge,
                    vec![id.to_string()],
                    format!(
                        "left out edge `{id}`: another edge already goes from {} to {}",
                        graph.name(from),
                        graph.name(to)
                    ),
                );
            } else {
                kept.push(item);
            }
        }
        kept
    }

    /// The id of each claim (by node) and of each living argument (by
    /// piece): the reasonmap id the file carries, else `n<nodeID>`, with
    /// `.2`, `.3` for the further arguments of a split S-node; and the
    /// nodes whose reasonmap id was taken already, with that id.
    #[expect(clippy::type_complexity, reason = "three lists, said above")]
    fn assign_ids(
        &self,
    ) -> (
        Vec<Option<String>>,
        Vec<Option<String>>,
        Vec<(String, String)>,
    ) {
        let nodes = &self.graph.nodes;
        let mut claim_id: Vec<Option<String>> = vec![None; nodes.len()];
        let mut piece_id: Vec<Option<String>> = vec![None; self.pieces.len()];
        let wanted = |node: &Node| match node.extension.id.as_deref() {
            Some(id) if !id.trim().is_empty() => id.to_owned(),
            _ => format!("n{}", node.id),
        };
        for (n, node) in nodes.iter().enumerate() {
            if self.is_claim[n] {
                claim_id[n] = Some(wanted(node));
                continue;
            }
            let mut alive = self.pieces_of[n].clone().filter(|&p| self.pieces[p].alive);
            if let Some(first) = alive.next() {
                let base = wanted(node);
                for (k, p) in alive.enumerate() {
                    piece_id[p] = Some(format!("{base}.{}", k + 2));
                }
                piece_id[first] = Some(base);
            }
        }
        // Ids wanted by no two elements are final; that is the usual case,
        // checked without copying any id.
        let mut seen: HashSet<&str> = HashSet::with_capacity(claim_id.len() + piece_id.len());
        let unique = claim_id
            .iter()
            .chain(&piece_id)
            .flatten()
            .all(|id| seen.insert(id.as_str()));
        if unique {
            return (claim_id, piece_id, Vec::new());
        }
        drop(seen);
        // Otherwise, in file order: a reasonmap id taken already gives way
        // to `n<nodeID>`, and any id taken already gets `.2`, `.3`.
        let mut ids = Ids::default();
        let mut renamed = Vec::new();
        for (n, node) in nodes.iter().enumerate() {
            let pieces: Vec<usize> = self.pieces_of[n]
                .clone()
                .filter(|&p| self.pieces[p].alive)
                .collect();
            if !self.is_claim[n] && pieces.is_empty() {
                continue;
            }
            let own = format!("n{}", node.id);
            let base = match node.extension.id.as_deref() {
                Some(id) if !id.trim().is_empty() && !ids.used.contains(id) => id.to_owned(),
                Some(id) if !id.trim().is_empty() => {
                    renamed.push((node.id.to_string(), id.to_owned()));
                    own
                }
                _ => own,
            };
            if self.is_claim[n] {
                claim_id[n] = Some(ids.take(&base));
            }
            for (k, p) in pieces.into_iter().enumerate() {
                let id = if k == 0 {
                    base.clone()
                } else {
                    format!("{base}.{}", k + 1)
                };
                piece_id[p] = Some(ids.take(&id));
            }
        }
        (claim_id, piece_id, renamed)
    }

    /// Makes the map: claims and arguments in file order, ids `n<nodeID>`
    /// unless the file carries reasonmap ids, quotes from the source.
    pub(super) fn finish(mut self, extension: &MapExtension, options: &ImportOptions) -> Map {
        let graph = self.graph;
        let (claim_id, piece_id, renamed) = self.assign_ids();
        for (node, id) in renamed {
            self.note(
                NoteKind::Renamed,
                vec![node.clone()],
                format!(
                    "node `{node}` names its reasonmap id `{id}`, which another element has already; it is called `n{node}` instead"
                ),
            );
        }
        let claim_nodes: Vec<(usize, &str)> = claim_id
            .iter()
            .enumerate()
            .filter_map(|(n, id)| Some((n, id.as_deref()?)))
            .collect();
        let mut quote_report = None;
        let mut quotes: Vec<Option<String>> = match options.source {
            Some(source) => {
                let mut report = QuoteReport {
                    source: source.name.to_owned(),
                    ..QuoteReport::default()
                };
                let quotes = Quoter::new(source, &self).quote_all(&claim_nodes, &mut report);
                quote_report = Some(report);
                quotes
            }
            None => claim_nodes
                .iter()
                .map(|&(n, _)| graph.nodes[n].extension.quote.as_deref().map(str::to_owned))
                .collect(),
        };
        let mut claims = Vec::with_capacity(claim_nodes.len());
        for (k, &(n, id)) in claim_nodes.iter().enumerate() {
            let node = &graph.nodes[n];
            let quote = quotes[k].take();
            claims.push(Claim {
                id: id.to_owned(),
                text: node.text.clone().into_owned(),
                quote,
                implicit: node.extension.implicit,
            });
        }
        let mut arguments = Vec::new();
        for (p, piece) in self.pieces.iter().enumerate() {
            let Some(id) = &piece_id[p] else {
                continue;
            };
            let node = &graph.nodes[piece.node];
            let target = match piece.target {
                PieceTarget::Claim(t) => claim_id[t].clone(),
                PieceTarget::Node(s) => self
                    .first_alive(s)
                    .and_then(|first| piece_id[first].clone()),
            };
            let Some(target) = target else {
                continue;
            };
            arguments.push(Argument {
                id: id.clone(),
                premises: piece
                    .premises
                    .iter()
                    .filter_map(|&q| claim_id[q].clone())
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
        if let Some(report) = quote_report {
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
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The scheme an S-node names: its `scheme`, else its text, unless that is
/// one of the "Default ..." labels AIFdb gives nodes with no scheme.
fn scheme_of(node: &Node) -> Option<String> {
    let named = |s: &str| {
        let s = s.trim();
        let lower = s.to_lowercase();
        (!s.is_empty()
            && !lower.starts_with("default ")
            && !s.eq_ignore_ascii_case(node.type_name()))
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
