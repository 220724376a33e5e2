//! Turning the argument graph into a forest: which claim is drawn under
//! which, in which layer, and which co-premises share a frame.
//!
//! The graph may share premises between arguments and, in an invalid map,
//! contain cycles and dangling ids. A breadth-first walk from the main
//! conclusion places every claim once, under the first target that reaches
//! it; what the walk does not reach becomes extra roots, in file order.
//! Every claim and argument is visited at most once, so the walk ends on any
//! map.

use std::collections::VecDeque;

use crate::model::{Map, MapIndex};

/// The premises of one argument that are drawn under its target.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// Index of the argument into [`Map::arguments`]; its premises drawn
    /// here are the forest's `members` of it.
    pub argument: usize,
    /// Whether the members get a co-premise frame.
    pub framed: bool,
}

/// Which claim is drawn where in the tree structure.
#[derive(Debug, Clone)]
pub(super) struct Forest {
    /// Every claim once, parents before their children.
    pub order: Vec<usize>,
    /// Per claim: the claim it is drawn under (`None` for a root).
    pub parent: Vec<Option<usize>>,
    /// Per claim: its layer (0 is the top row).
    pub layer: Vec<usize>,
    /// Per claim: the arguments drawn under it, in order.
    pub units: Vec<Vec<Unit>>,
    /// The main conclusion, if the map names a known one.
    pub main_root: Option<usize>,
    /// Roots other than the main conclusion, in file order.
    pub extra_roots: Vec<usize>,
    /// Per argument: the premises drawn under its target (empty when none
    /// are, or when the argument was not reached).
    pub members: Vec<Vec<usize>>,
    /// Per argument: whether its members are framed.
    pub framed: Vec<bool>,
}

/// Builds the forest of `map`, drawing each premise of `homes` (premise,
/// argument) under that argument's target rather than under the first
/// target that reaches it, when the walk reaches that argument at all.
pub(super) fn build_with(map: &Map, index: &MapIndex, homes: &[(usize, usize)]) -> Forest {
    let n = map.claims.len();
    let m = map.arguments.len();
    let mut walk = Walk {
        index,
        forest: Forest {
            order: Vec::with_capacity(n),
            parent: vec![None; n],
            layer: vec![0; n],
            units: vec![Vec::new(); n],
            main_root: None,
            extra_roots: Vec::new(),
            members: vec![Vec::new(); m],
            framed: vec![false; m],
        },
        placed: vec![false; n],
        home: {
            let mut h = vec![None; n];
            for &(p, a) in homes {
                if p < n && a < m {
                    h[p] = Some(a);
                }
            }
            h
        },
        visited: vec![false; m],
        stamp: vec![usize::MAX; n],
        queue: VecDeque::new(),
        stack: Vec::new(),
    };
    if let Some(root) = index.conclusion().filter(|&c| c < n) {
        walk.forest.main_root = Some(root);
        walk.grow(root);
    }
    // The other conclusions, in the order the map gives them.
    for &c in index.conclusions().iter().skip(1) {
        if c < n && !walk.placed[c] {
            walk.forest.extra_roots.push(c);
            walk.grow(c);
        }
    }
    // Claims that bear on nothing known come first: they are the tops of
    // whatever hangs off them. What is left sits on a cycle or below one.
    for c in 0..n {
        let top = index
            .premise_of(c)
            .iter()
            .all(|&a| index.target(a).is_none());
        if !walk.placed[c] && top {
            walk.forest.extra_roots.push(c);
            walk.grow(c);
        }
    }
    for c in 0..n {
        if !walk.placed[c] {
            walk.forest.extra_roots.push(c);
            walk.grow(c);
        }
    }
    walk.forest
}

struct Walk<'a> {
    index: &'a MapIndex,
    forest: Forest,
    placed: Vec<bool>,
    /// Per claim: the argument it is to be drawn under, if not the first.
    home: Vec<Option<usize>>,
    /// Per argument: already given a place among some claim's children.
    visited: Vec<bool>,
    /// Per claim: the last argument that counted it as a distinct premise.
    stamp: Vec<usize>,
    queue: VecDeque<usize>,
    stack: Vec<usize>,
}

impl Walk<'_> {
    /// Places `root` and, breadth-first, everything it reaches.
    fn grow(&mut self, root: usize) {
        self.placed[root] = true;
        self.forest.layer[root] = 0;
        self.queue.push_back(root);
        while let Some(claim) = self.queue.pop_front() {
            self.forest.order.push(claim);
            let units = self.children(claim);
            self.forest.units[claim] = units;
        }
    }

    /// The units under `claim`: each argument into it, in file order, each
    /// followed by the undercuts aimed at it (and theirs, depth first).
    fn children(&mut self, claim: usize) -> Vec<Unit> {
        let index = self.index;
        let mut units = Vec::with_capacity(index.arguments_into_claim(claim).len());
        for &first in index.arguments_into_claim(claim) {
            self.stack.push(first);
            while let Some(a) = self.stack.pop() {
                if self.visited[a] {
                    continue;
                }
                self.visited[a] = true;
                self.stack
                    .extend(index.arguments_into_argument(a).iter().rev().copied());
                let mut members = Vec::with_capacity(index.premises(a).len());
                let mut distinct = 0;
                for &p in index.premises(a) {
                    if self.stamp[p] == a {
                        continue;
                    }
                    self.stamp[p] = a;
                    distinct += 1;
                    // A premise with another home waits for it, unless
                    // that argument was already passed by.
                    let elsewhere = self.home[p].is_some_and(|h| h != a && !self.visited[h]);
                    if !self.placed[p] && !elsewhere {
                        self.placed[p] = true;
                        self.forest.parent[p] = Some(claim);
                        self.forest.layer[p] = self.forest.layer[claim] + 1;
                        self.queue.push_back(p);
                        members.push(p);
                    }
                }
                let framed = distinct >= 2 && !members.is_empty();
                if !members.is_empty() {
                    units.push(Unit {
                        argument: a,
                        framed,
                    });
                }
                self.forest.members[a] = members;
                self.forest.framed[a] = framed;
            }
        }
        units
    }
}
