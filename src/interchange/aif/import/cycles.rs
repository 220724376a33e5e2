//! Circles a map cannot hold, broken: supports that would let a claim
//! support itself, and attacks on arguments that attack each other in a
//! circle. Circles a map allows (claims attacking or restating each other)
//! are left alone.

use std::collections::{BTreeMap, HashMap, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;

use super::build::{Builder, PieceTarget, and_list};
use super::graph::NodeType;
use crate::interchange::aif::report::NoteKind;

impl Builder<'_, '_> {
    /// Leaves out supports that would close a circle of supports, in file
    /// order: the first supports of a circle are kept and the one that
    /// closes it is left out. Claims joined by rephrases count as one, as
    /// the map's own check counts them.
    pub(super) fn break_support_cycles(&mut self) {
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
    pub(super) fn settle_undercuts(&mut self) {
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
    pub(super) fn first_alive(&self, s: usize) -> Option<usize> {
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
