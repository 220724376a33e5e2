//! The grounded labelling, computed in time linear in the size of the map.
//!
//! Every statement and argument starts undecided; a node is labelled in or
//! out as soon as its rule (see `docs/evaluation.md`) is settled by the
//! nodes it depends on, and each newly labelled node is passed on to the
//! nodes that depend on it. Counters per node record how many of its
//! inputs are settled, so each dependency is looked at once. What is left
//! undecided when nothing more can be settled is undecided in the least
//! fixed point of the rules: the grounded labelling.

use super::graph::{Effect, Graph};
use super::marks::{ClaimMark, InferenceMark, Marks};
use super::{Reading, Status};

/// Labels of every statement and argument.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Labels {
    /// Per statement.
    pub groups: Vec<Status>,
    /// Per argument.
    pub arguments: Vec<Status>,
}

/// Progress of one statement's rule.
#[derive(Debug, Clone, Copy, Default)]
struct GroupState {
    /// Supports known to be out.
    supports_out: u32,
    /// Attacks known to be out.
    attacks_out: u32,
    /// Some support is in.
    support_in: bool,
    /// Some attack is in.
    attack_in: bool,
    /// Fixed by the reader's marks (whatever the rule says).
    fixed: bool,
}

/// Progress of one argument's rule.
#[derive(Debug, Clone, Copy, Default)]
struct ArgumentState {
    /// Premise statements known to be in.
    premises_in: u32,
    /// Undercuts known to be out.
    undercuts_out: u32,
    /// Some premise is out.
    premise_out: bool,
    /// Some undercut is in.
    undercut_in: bool,
}

/// Computes the grounded labelling of `graph` under `marks`.
pub(crate) fn label(graph: &Graph, marks: &Marks, reading: Reading) -> Labels {
    let n_groups = graph.groups();
    let n_args = graph.arguments();
    let mut run = Run {
        graph,
        marks,
        granted: reading == Reading::Charitable,
        labels: Labels {
            groups: vec![Status::Undecided; n_groups],
            arguments: vec![Status::Undecided; n_args],
        },
        group_state: vec![GroupState::default(); n_groups],
        argument_state: vec![ArgumentState::default(); n_args],
        settled: Vec::with_capacity(n_groups + n_args),
    };
    // Marked statements: accepted in, rejected out, both (through a
    // rephrase) stays undecided.
    let mut fixed = Vec::new();
    for (c, mark) in marks.marked_claims() {
        let Some(&g) = graph.group_of.get(c) else {
            continue;
        };
        let g = g as usize;
        let label = match mark {
            ClaimMark::Accepted => Status::In,
            ClaimMark::Rejected => Status::Out,
        };
        let state = &mut run.group_state[g];
        run.labels.groups[g] = if state.fixed && run.labels.groups[g] != label {
            Status::Undecided
        } else {
            label
        };
        state.fixed = true;
        fixed.push(g);
    }
    // A statement of several marked claims is passed on once.
    fixed.sort_unstable();
    fixed.dedup();
    for g in fixed {
        if run.labels.groups[g] != Status::Undecided {
            run.settled.push(g as u32);
        }
    }
    for g in 0..n_groups {
        run.try_group(g);
    }
    for a in 0..n_args {
        if graph.rephrase[a] {
            // A rephrase is no inference; its label says whether it joins
            // its claims.
            run.labels.arguments[a] = match marks.argument(a) {
                Some(InferenceMark::Fails) => Status::Out,
                _ => Status::In,
            };
        } else {
            run.try_argument(a);
        }
    }
    run.propagate();
    run.labels
}

struct Run<'a> {
    graph: &'a Graph,
    marks: &'a Marks,
    granted: bool,
    labels: Labels,
    group_state: Vec<GroupState>,
    argument_state: Vec<ArgumentState>,
    /// Nodes labelled but not yet passed on: statements as `g`, arguments
    /// as `groups + a`.
    settled: Vec<u32>,
}

impl Run<'_> {
    fn settle_group(&mut self, g: usize, status: Status) {
        self.labels.groups[g] = status;
        self.settled.push(g as u32);
    }

    fn settle_argument(&mut self, a: usize, status: Status) {
        self.labels.arguments[a] = status;
        self.settled.push((self.graph.groups() + a) as u32);
    }

    /// Labels statement `g` if its rule is settled.
    fn try_group(&mut self, g: usize) {
        let s = self.group_state[g];
        if s.fixed || self.labels.groups[g] != Status::Undecided {
            return;
        }
        let supports = self.graph.support_total[g];
        let attacks = self.graph.attack_total[g];
        let assumption = supports == 0;
        let out = s.attack_in
            || (!assumption && s.supports_out == supports)
            || (assumption && !self.granted);
        let supported = if assumption {
            self.granted
        } else {
            s.support_in
        };
        if out {
            self.settle_group(g, Status::Out);
        } else if supported && s.attacks_out == attacks {
            self.settle_group(g, Status::In);
        }
    }

    /// Labels argument `a` if its rule is settled.
    fn try_argument(&mut self, a: usize) {
        if self.labels.arguments[a] != Status::Undecided {
            return;
        }
        let mark = self.marks.argument(a);
        let s = self.argument_state[a];
        let premises = self.graph.premises.get(a).len() as u32;
        let undercuts = self.graph.undercuts.get(a).len() as u32;
        let holds = mark == Some(InferenceMark::Holds);
        if mark == Some(InferenceMark::Fails) || s.premise_out || (!holds && s.undercut_in) {
            self.settle_argument(a, Status::Out);
        } else if s.premises_in == premises && (holds || s.undercuts_out == undercuts) {
            self.settle_argument(a, Status::In);
        }
    }

    /// Passes every settled node on to the nodes that depend on it.
    fn propagate(&mut self) {
        let graph = self.graph;
        let n_groups = graph.groups();
        while let Some(node) = self.settled.pop() {
            let node = node as usize;
            if node < n_groups {
                let is_in = self.labels.groups[node] == Status::In;
                for &a in graph.premise_of.get(node) {
                    let a = a as usize;
                    if self.labels.arguments[a] != Status::Undecided {
                        continue;
                    }
                    let state = &mut self.argument_state[a];
                    if is_in {
                        state.premises_in += 1;
                    } else {
                        state.premise_out = true;
                    }
                    self.try_argument(a);
                }
                continue;
            }
            let a = node - n_groups;
            let is_in = self.labels.arguments[a] == Status::In;
            match graph.effect[a] {
                Effect::Support(g) => {
                    let state = &mut self.group_state[g as usize];
                    if is_in {
                        state.support_in = true;
                    } else {
                        state.supports_out += 1;
                    }
                    self.try_group(g as usize);
                }
                Effect::Attack(g) => {
                    let state = &mut self.group_state[g as usize];
                    if is_in {
                        state.attack_in = true;
                    } else {
                        state.attacks_out += 1;
                    }
                    self.try_group(g as usize);
                }
                Effect::Undercut(t) => {
                    let state = &mut self.argument_state[t as usize];
                    if is_in {
                        state.undercut_in = true;
                    } else {
                        state.undercuts_out += 1;
                    }
                    self.try_argument(t as usize);
                }
                Effect::Inert => {}
            }
        }
    }
}
