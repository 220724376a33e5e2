//! Circles a map cannot hold, broken: supports that would let a claim
//! support itself, and attacks on arguments that attack each other in a
//! circle. Circles a map allows (claims attacking or restating each other)
//! are left alone.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt as _};

use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;

use super::build::{Builder, PieceTarget, and_list};
use super::graph::NodeType;
use crate::interchange::aif::report::NoteKind;

impl Builder<'_, '_> {
    /// Leaves out supports until no circle of supports is left: of a
    /// simple circle, the support written last in the file. Claims joined
    /// by rephrases count as one, as the map's own check counts them. Time
    /// and memory are linear in the size of the map.
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
                vec![nodes[s].id.to_string()],
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
        // Most maps have no circle at all: one linear check (iterative,
        // so a long chain of claims cannot overflow the stack) says so.
        if toposort(&digraph, None).is_ok() {
            return;
        }
        // A depth-first walk leaves an acyclic graph once the edges that
        // lead back to a claim on the walk's current path are taken out.
        // Walking from the targets of the latest supports first, and along
        // each claim's supports in file order, makes the edge taken out the
        // latest support of a simple circle.
        let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for &(from, to, p) in &edges {
            out[from].push((to, p));
        }
        let mut visited = vec![false; n];
        // Where a claim is on the current path, if it is.
        let mut on_path: Vec<Option<usize>> = vec![None; n];
        let mut path: Vec<(usize, usize)> = Vec::new();
        for &(_, root, _) in edges.iter().rev() {
            if std::mem::replace(&mut visited[root], true) {
                continue;
            }
            on_path[root] = Some(0);
            path.push((root, 0));
            while let Some(&mut (at, ref mut next)) = path.last_mut() {
                let Some(&(to, p)) = out[at].get(*next) else {
                    on_path[at] = None;
                    path.pop();
                    continue;
                };
                *next += 1;
                if !self.pieces[p].alive {
                    continue;
                }
                if let Some(k) = on_path[to] {
                    let circle: Vec<usize> = path[k..].iter().map(|&(c, _)| c).collect();
                    self.leave_out_circular(p, at, &circle);
                } else if !std::mem::replace(&mut visited[to], true) {
                    on_path[to] = Some(path.len());
                    path.push((to, 0));
                }
            }
        }
    }

    /// Leaves out support `p`, whose premise `premise` would support the
    /// first claim of `circle`, which leads through the others back to it.
    fn leave_out_circular(&mut self, p: usize, premise: usize, circle: &[usize]) {
        self.pieces[p].alive = false;
        let nodes = &self.graph.nodes;
        let chain: Vec<String> = std::iter::once(premise)
            .chain(circle.iter().copied())
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
            vec![nodes[s].id.to_string()],
            message,
        );
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
                        self.graph.nodes[attacker].id.to_string(),
                        self.graph.nodes[s].id.to_string(),
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
                    .map(|&p| self.graph.nodes[self.pieces[p].node].id.to_string())
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

    pub(super) fn has_alive_piece(&self, s: usize) -> bool {
        self.pieces_of[s].clone().any(|p| self.pieces[p].alive)
    }

    /// The first living argument made from S-node `s`.
    pub(super) fn first_alive(&self, s: usize) -> Option<usize> {
        self.pieces_of[s].clone().find(|&p| self.pieces[p].alive)
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
        let mut walk = Vec::new();
        for start in 0..self.pieces.len() {
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
            for p in walk.drain(..) {
                state[p] = 2;
            }
        }
        circles
    }
}
