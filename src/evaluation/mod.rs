//! Evaluating an argument map: from the reader's marks (claims accepted or
//! rejected, inferences that hold or fail) to a status for every claim,
//! **in**, **out** or **undecided**, with the reason for each.
//!
//! This is a pure function of a map and its marks; it knows nothing about
//! drawing, files or egui. The semantics is the grounded labelling of the
//! map's argument graph (Caminada's in/out/undec), written out precisely
//! in `docs/evaluation.md`:
//!
//! - claims joined by rephrases are one *statement* and share a status;
//! - a statement the reader accepted is in, one they rejected is out;
//! - an unmarked statement is in when some support into it is in (or,
//!   when nothing supports it, when it is granted as an open assumption:
//!   always on the charitable reading, never on the sceptical one) and
//!   every attack on it is out; it is out when some attack on it is in,
//!   when every support into it is out, or when it is an assumption the
//!   reading does not grant; otherwise it is undecided;
//! - an argument is in when all its premises are in and every undercut of
//!   it is out (or the reader holds that its inference holds); it is out
//!   when a premise is out, an undercut is in, or the reader holds that its
//!   inference fails; otherwise it is undecided;
//! - of all labellings that satisfy these rules, the grounded one labels as
//!   little as possible in or out: circles of attacks that nothing settles
//!   stay undecided.
//!
//! ```
//! use reasonmap::evaluation::{Marks, Reading, Status, evaluate, explain_claim};
//! use reasonmap::model::{Argument, ArgumentKind, Claim, Map, MapIndex};
//!
//! let map = Map {
//!     title: "Reinstatement".into(),
//!     source: None,
//!     conclusions: vec!["c".into()],
//!     claims: vec![
//!         Claim::new("c", "We should build the bridge."),
//!         Claim::new("o", "It costs too much."),
//!         Claim::new("r", "A grant pays for half of it."),
//!     ],
//!     arguments: vec![
//!         Argument::new("against", ["o"], "c", ArgumentKind::Attack),
//!         Argument::new("answer", ["r"], "o", ArgumentKind::Attack),
//!     ],
//! };
//! let index = MapIndex::new(&map);
//! let evaluation = evaluate(&map, &index, &Marks::for_map(&map), Reading::Charitable);
//! assert_eq!(evaluation.claim(0), Status::In);
//! assert_eq!(evaluation.claim(1), Status::Out);
//! let why = explain_claim(&index, &evaluation, 1);
//! assert_eq!(
//!     why.render(|c| format!("`{}`", map.claims[c].id)),
//!     "Out: the objection `r` is in, granted as an open assumption, and nothing undercuts it."
//! );
//! ```

mod explain;
mod graph;
mod grounded;
pub mod marks;

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Map, MapIndex};

pub use explain::{
    ArgumentReason, ClaimReason, Explanation, Segment, explain_argument, explain_claim, short_quote,
};
pub use marks::{ClaimMark, InferenceMark, Mark, Marks, UnresolvedKind, UnresolvedMark};

/// The computed status of a claim or an argument.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// It follows: established by the marks and the reading.
    In,
    /// It is defeated, or rests on something that is out.
    Out,
    /// Neither: it depends on something undecided, such as a circle of
    /// attacks, or on marks that contradict each other.
    #[default]
    Undecided,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 3] = [Status::In, Status::Out, Status::Undecided];

    /// The status as a lower-case word: "in", "out", "undecided".
    pub fn label(self) -> &'static str {
        match self {
            Status::In => "in",
            Status::Out => "out",
            Status::Undecided => "undecided",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether open assumptions (unmarked claims that nothing supports) are
/// taken as granted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// Open assumptions are granted: the map is read as its author meant
    /// it, and only the reader's rejections and the map's own objections
    /// take claims out.
    #[default]
    Charitable,
    /// Open assumptions are not granted: only what the reader accepted,
    /// and what follows from it, is in.
    Sceptical,
}

impl Reading {
    /// The reading as a lower-case word: "charitable", "sceptical".
    pub fn label(self) -> &'static str {
        match self {
            Reading::Charitable => "charitable",
            Reading::Sceptical => "sceptical",
        }
    }
}

/// How many claims have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Counts {
    /// Claims that are in.
    #[serde(rename = "in")]
    pub in_: usize,
    /// Claims that are out.
    pub out: usize,
    /// Claims that are undecided.
    pub undecided: usize,
}

impl Counts {
    /// The count of `status`.
    pub fn of(&self, status: Status) -> usize {
        match status {
            Status::In => self.in_,
            Status::Out => self.out,
            Status::Undecided => self.undecided,
        }
    }
}

/// The evaluation of one map under one set of marks and one reading.
#[derive(Debug)]
pub struct Evaluation {
    reading: Reading,
    marks: Marks,
    graph: graph::Graph,
    labels: grounded::Labels,
    /// Per statement and argument node: whether it lies on a circle of
    /// undecided nodes (computed when an explanation first needs it).
    undecided_cycles: OnceLock<Vec<bool>>,
}

/// Evaluates `map` (indexed by `index`) under `marks` and `reading`.
///
/// Runs in time linear in the size of the map; see `BENCHMARKS.md`.
pub fn evaluate(map: &Map, index: &MapIndex, marks: &Marks, reading: Reading) -> Evaluation {
    let graph = graph::Graph::new(map, index, marks);
    let labels = grounded::label(&graph, marks, reading);
    Evaluation {
        reading,
        marks: marks.clone(),
        graph,
        labels,
        undecided_cycles: OnceLock::new(),
    }
}

impl Evaluation {
    /// The status of claim `claim` (undecided for an index out of range).
    pub fn claim(&self, claim: usize) -> Status {
        self.graph
            .group_of
            .get(claim)
            .map_or(Status::Undecided, |&g| self.labels.groups[g as usize])
    }

    /// The status of argument `argument`: in when its premises are in and
    /// its inference stands. A rephrase is in unless marked as failing.
    pub fn argument(&self, argument: usize) -> Status {
        self.labels
            .arguments
            .get(argument)
            .copied()
            .unwrap_or(Status::Undecided)
    }

    /// Every claim's status, in map order.
    pub fn claim_statuses(&self) -> Vec<Status> {
        (0..self.graph.group_of.len())
            .map(|c| self.claim(c))
            .collect()
    }

    /// The reading evaluated under.
    pub fn reading(&self) -> Reading {
        self.reading
    }

    /// The marks evaluated.
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    /// How many claims are in, out and undecided.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for &g in &self.graph.group_of {
            match self.labels.groups[g as usize] {
                Status::In => counts.in_ += 1,
                Status::Out => counts.out += 1,
                Status::Undecided => counts.undecided += 1,
            }
        }
        counts
    }

    /// "Conclusion: in · 12 in, 3 out, 2 undecided": the main conclusion's
    /// status (left out when the map has none) and how many claims have
    /// each status.
    pub fn summary(&self, index: &MapIndex) -> String {
        let counts = self.counts();
        let conclusion = match index.conclusion() {
            Some(c) => format!("Conclusion: {} · ", self.claim(c)),
            None => String::new(),
        };
        format!(
            "{conclusion}{} in, {} out, {} undecided",
            counts.in_, counts.out, counts.undecided
        )
    }

    /// Claims whose status differs between `self` and `other` (two
    /// evaluations of the same map), in map order.
    pub fn changed_claims(&self, other: &Evaluation) -> Vec<usize> {
        (0..self.graph.group_of.len())
            .filter(|&c| self.claim(c) != other.claim(c))
            .collect()
    }

    /// Whether claim `claim`'s statement lies on a circle of nodes that
    /// are all undecided (a circle of attacks, for instance).
    fn on_undecided_cycle(&self, claim: usize) -> bool {
        let Some(&g) = self.graph.group_of.get(claim) else {
            return false;
        };
        self.undecided_cycles
            .get_or_init(|| self.find_undecided_cycles())
            .get(g as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Marks the statement and argument nodes that lie on a circle of
    /// undecided nodes: the strongly connected components (of two or more
    /// nodes, or one with a loop) of the graph of undecided nodes.
    fn find_undecided_cycles(&self) -> Vec<bool> {
        use petgraph::graph::{DiGraph, NodeIndex};
        let n_groups = self.graph.groups();
        let n = n_groups + self.graph.arguments();
        let undecided = |node: usize| {
            if node < n_groups {
                self.labels.groups[node] == Status::Undecided
            } else {
                self.labels.arguments[node - n_groups] == Status::Undecided
            }
        };
        let mut on_cycle = vec![false; n];
        if !(0..n).any(undecided) {
            return on_cycle;
        }
        let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, n);
        for _ in 0..n {
            graph.add_node(());
        }
        // Edges from each node to the nodes it depends on.
        for g in (0..n_groups).filter(|&g| undecided(g)) {
            for &a in self.graph.incoming.get(g) {
                let a = n_groups + a as usize;
                if undecided(a) {
                    graph.add_edge(NodeIndex::new(g), NodeIndex::new(a), ());
                }
            }
        }
        for a in 0..self.graph.arguments() {
            let node = n_groups + a;
            if !undecided(node) {
                continue;
            }
            let inputs = self.graph.premises.get(a).iter().map(|&g| g as usize);
            let undercuts = self
                .graph
                .undercuts
                .get(a)
                .iter()
                .map(|&u| n_groups + u as usize);
            for input in inputs.chain(undercuts).filter(|&i| undecided(i)) {
                graph.add_edge(NodeIndex::new(node), NodeIndex::new(input), ());
            }
        }
        for scc in petgraph::algo::kosaraju_scc(&graph) {
            let looped = scc.len() == 1 && graph.contains_edge(scc[0], scc[0]);
            if scc.len() > 1 || looped {
                for node in scc {
                    on_cycle[node.index()] = true;
                }
            }
        }
        on_cycle
    }
}

#[cfg(test)]
mod tests;
