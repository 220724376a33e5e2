//! The argument graph the evaluation works on, compiled once per
//! evaluation from a map: claims joined by rephrases become one
//! *statement*, and every argument knows the statements it rests on and
//! what it bears on, as flat adjacency lists (no hashing in the hot loop).

use petgraph::unionfind::UnionFind;

use crate::model::{ArgumentKind, Map, MapIndex, Target};

use super::marks::{InferenceMark, Marks};

/// What an argument does to the graph when it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Supports this statement.
    Support(u32),
    /// Attacks this statement (an objection or a rebuttal).
    Attack(u32),
    /// Attacks this argument's inference (an undercut).
    Undercut(u32),
    /// Bears on nothing the evaluation weighs: a rephrase (which joins
    /// its claims into one statement instead), an argument whose target is
    /// unknown, a support aimed at an argument, or an attack on a rephrase.
    Inert,
}

/// Lists of `u32` per key, stored flat ("compressed sparse rows").
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// Groups `pairs` (key, item) by key, keeping their order within a key.
    fn new(keys: usize, pairs: &[(u32, u32)]) -> Self {
        let mut starts = vec![0u32; keys + 1];
        for &(k, _) in pairs {
            starts[k as usize + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(k, item) in pairs {
            let slot = &mut next[k as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Self { starts, items }
    }

    /// The items of `key`.
    pub(crate) fn get(&self, key: usize) -> &[u32] {
        match (self.starts.get(key), self.starts.get(key + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The compiled graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    /// Per claim: its statement.
    pub group_of: Vec<u32>,
    /// Per statement: its claims, in file order.
    pub members: Lists,
    /// Per statement: the supports and attacks into any of its claims, in
    /// file order.
    pub incoming: Lists,
    /// Per statement: how many supports lead into it.
    pub support_total: Vec<u32>,
    /// Per statement: how many attacks lead into it.
    pub attack_total: Vec<u32>,
    /// Per argument: the statements of its premises, each once.
    pub premises: Lists,
    /// Per statement: the arguments it is a premise of, each once.
    pub premise_of: Lists,
    /// Per argument: the attacks on its inference (undercuts).
    pub undercuts: Lists,
    /// Per argument: what it bears on.
    pub effect: Vec<Effect>,
    /// Per argument: whether it is a rephrase.
    pub rephrase: Vec<bool>,
}

impl Graph {
    /// Compiles `map`. A rephrase joins its premise and target into one
    /// statement unless its inference is marked as failing.
    pub(crate) fn new(map: &Map, index: &MapIndex, marks: &Marks) -> Self {
        let n_claims = map.claims.len();
        let n_args = map.arguments.len();
        let mut same = UnionFind::<usize>::new(n_claims);
        let rephrase: Vec<bool> = map
            .arguments
            .iter()
            .map(|a| a.kind == ArgumentKind::Rephrase)
            .collect();
        let mut any_rephrase = false;
        for (a, &is_rephrase) in rephrase.iter().enumerate() {
            if is_rephrase
                && marks.argument(a) != Some(InferenceMark::Fails)
                && let Some(Target::Claim(t)) = index.target(a)
            {
                for &p in index.premises(a) {
                    any_rephrase |= same.union(p, t);
                }
            }
        }
        // Statements are numbered in the file order of their first claim.
        let mut group_of = vec![0u32; n_claims];
        let mut n_groups = 0u32;
        if any_rephrase {
            let mut number = vec![u32::MAX; n_claims];
            for (c, group) in group_of.iter_mut().enumerate() {
                let root = same.find(c);
                if number[root] == u32::MAX {
                    number[root] = n_groups;
                    n_groups += 1;
                }
                *group = number[root];
            }
        } else {
            for (c, group) in group_of.iter_mut().enumerate() {
                *group = c as u32;
            }
            n_groups = n_claims as u32;
        }
        let n_groups = n_groups as usize;
        let member_pairs: Vec<(u32, u32)> = group_of
            .iter()
            .enumerate()
            .map(|(c, &g)| (g, c as u32))
            .collect();

        let mut effect = Vec::with_capacity(n_args);
        let mut incoming_pairs = Vec::with_capacity(n_args);
        let mut undercut_pairs = Vec::new();
        let mut support_total = vec![0u32; n_groups];
        let mut attack_total = vec![0u32; n_groups];
        for (a, argument) in map.arguments.iter().enumerate() {
            let e = match (argument.kind, index.target(a)) {
                (ArgumentKind::Rephrase, _) | (_, None) => Effect::Inert,
                (ArgumentKind::Support, Some(Target::Claim(c))) => {
                    let g = group_of[c];
                    support_total[g as usize] += 1;
                    incoming_pairs.push((g, a as u32));
                    Effect::Support(g)
                }
                (ArgumentKind::Attack, Some(Target::Claim(c))) => {
                    let g = group_of[c];
                    attack_total[g as usize] += 1;
                    incoming_pairs.push((g, a as u32));
                    Effect::Attack(g)
                }
                (ArgumentKind::Attack, Some(Target::Argument(t))) if !rephrase[t] => {
                    undercut_pairs.push((t as u32, a as u32));
                    Effect::Undercut(t as u32)
                }
                (ArgumentKind::Support | ArgumentKind::Attack, Some(Target::Argument(_))) => {
                    Effect::Inert
                }
            };
            effect.push(e);
        }

        let mut premise_pairs = Vec::with_capacity(n_args * 2);
        let mut premise_of_pairs = Vec::with_capacity(n_args * 2);
        let mut groups: Vec<u32> = Vec::new();
        for (a, &is_rephrase) in rephrase.iter().enumerate() {
            if is_rephrase {
                continue;
            }
            groups.clear();
            groups.extend(index.premises(a).iter().map(|&p| group_of[p]));
            if groups.len() > 1 {
                groups.sort_unstable();
                groups.dedup();
            }
            for &g in &groups {
                premise_pairs.push((a as u32, g));
                premise_of_pairs.push((g, a as u32));
            }
        }
        // `premise_of` lists arguments in file order within a statement.
        Graph {
            group_of,
            members: Lists::new(n_groups, &member_pairs),
            incoming: Lists::new(n_groups, &incoming_pairs),
            support_total,
            attack_total,
            premises: Lists::new(n_args, &premise_pairs),
            premise_of: Lists::new(n_groups, &premise_of_pairs),
            undercuts: Lists::new(n_args, &undercut_pairs),
            effect,
            rephrase,
        }
    }

    /// Number of statements.
    pub(crate) fn groups(&self) -> usize {
        self.support_total.len()
    }

    /// Number of arguments.
    pub(crate) fn arguments(&self) -> usize {
        self.effect.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, Claim};

    #[test]
    fn rephrases_join_claims_into_one_statement_unless_marked_failing() {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: vec![],
            claims: ["c", "same", "p", "q"]
                .map(|id| Claim::new(id, id))
                .to_vec(),
            arguments: vec![
                Argument::new("r", ["same"], "c", ArgumentKind::Rephrase),
                Argument::new("s", ["p", "q"], "same", ArgumentKind::Support),
                Argument::new("x", ["q"], "c", ArgumentKind::Attack),
                Argument::new("u", ["p"], "x", ArgumentKind::Attack),
            ],
        };
        let index = MapIndex::new(&map);
        let graph = Graph::new(&map, &index, &Marks::for_map(&map));
        assert_eq!(graph.group_of, [0, 0, 1, 2]);
        assert_eq!(graph.members.get(0), [0, 1]);
        assert_eq!(graph.incoming.get(0), [1, 2]);
        assert_eq!((graph.support_total[0], graph.attack_total[0]), (1, 1));
        assert_eq!(graph.premises.get(1), [1, 2]);
        assert_eq!(graph.premise_of.get(2), [1, 2]);
        assert_eq!(graph.undercuts.get(2), [3]);
        assert_eq!(graph.effect[0], Effect::Inert);
        assert_eq!(graph.effect[3], Effect::Undercut(2));

        let mut marks = Marks::for_map(&map);
        marks.set_argument(0, Some(InferenceMark::Fails));
        let graph = Graph::new(&map, &index, &marks);
        assert_eq!(graph.group_of, [0, 1, 2, 3]);
    }
}
