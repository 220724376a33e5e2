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
    /// Lists for `keys` keys from the (key, item) pairs `pairs` yields
    /// (through the callback it is given), each key's items in the order
    /// given. `pairs` is called twice, to count and to fill, so no list of
    /// pairs is ever built.
    fn build(keys: usize, pairs: impl Fn(&mut dyn FnMut(u32, u32))) -> Self {
        let mut starts = vec![0u32; keys + 1];
        pairs(&mut |k, _| starts[k as usize + 1] += 1);
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut next = starts[..keys].to_vec();
        let mut items = vec![0u32; starts[keys] as usize];
        pairs(&mut |k, item| {
            let slot = &mut next[k as usize];
            items[*slot as usize] = item;
            *slot += 1;
        });
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
    /// Per statement: its claims, in file order; `None` when no rephrase
    /// joins claims (each statement is then the claim of the same index).
    members: Option<Lists>,
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
        let rephrase: Vec<bool> = map
            .arguments
            .iter()
            .map(|a| a.kind == ArgumentKind::Rephrase)
            .collect();
        let joining = |a: usize| -> Option<usize> {
            match index.target(a) {
                Some(Target::Claim(t))
                    if rephrase[a] && marks.argument(a) != Some(InferenceMark::Fails) =>
                {
                    Some(t)
                }
                _ => None,
            }
        };
        // Statements are numbered in the file order of their first claim;
        // without rephrases, statement `c` is claim `c`.
        let (group_of, members) = if (0..n_args).any(|a| joining(a).is_some()) {
            let mut same = UnionFind::<usize>::new(n_claims);
            for a in 0..n_args {
                if let Some(t) = joining(a) {
                    for &p in index.premises(a) {
                        same.union(p, t);
                    }
                }
            }
            let mut number = vec![u32::MAX; n_claims];
            let mut n_groups = 0u32;
            let group_of: Vec<u32> = (0..n_claims)
                .map(|c| {
                    let root = same.find(c);
                    if number[root] == u32::MAX {
                        number[root] = n_groups;
                        n_groups += 1;
                    }
                    number[root]
                })
                .collect();
            let members = Lists::build(n_groups as usize, |visit| {
                for (c, &g) in group_of.iter().enumerate() {
                    visit(g, c as u32);
                }
            });
            (group_of, Some(members))
        } else {
            ((0..n_claims as u32).collect(), None)
        };
        let n_groups = members.as_ref().map_or(n_claims, |m| m.starts.len() - 1);

        let mut support_total = vec![0u32; n_groups];
        let mut attack_total = vec![0u32; n_groups];
        let effect: Vec<Effect> = map
            .arguments
            .iter()
            .enumerate()
            .map(|(a, argument)| match (argument.kind, index.target(a)) {
                (ArgumentKind::Rephrase, _) | (_, None) => Effect::Inert,
                (ArgumentKind::Support, Some(Target::Claim(c))) => {
                    let g = group_of[c];
                    support_total[g as usize] += 1;
                    Effect::Support(g)
                }
                (ArgumentKind::Attack, Some(Target::Claim(c))) => {
                    let g = group_of[c];
                    attack_total[g as usize] += 1;
                    Effect::Attack(g)
                }
                (ArgumentKind::Attack, Some(Target::Argument(t))) if !rephrase[t] => {
                    Effect::Undercut(t as u32)
                }
                (ArgumentKind::Support | ArgumentKind::Attack, Some(Target::Argument(_))) => {
                    Effect::Inert
                }
            })
            .collect();
        let incoming = Lists::build(n_groups, |visit| {
            for (a, e) in effect.iter().enumerate() {
                if let Effect::Support(g) | Effect::Attack(g) = *e {
                    visit(g, a as u32);
                }
            }
        });
        let undercuts = Lists::build(n_args, |visit| {
            for (a, e) in effect.iter().enumerate() {
                if let Effect::Undercut(t) = *e {
                    visit(t, a as u32);
                }
            }
        });

        // Premises come argument by argument, so their lists are filled in
        // order; `premise_of` is the same table turned around.
        let mut premises = Lists {
            starts: Vec::with_capacity(n_args + 1),
            items: Vec::with_capacity(n_args * 2),
        };
        premises.starts.push(0);
        for (a, &is_rephrase) in rephrase.iter().enumerate() {
            if !is_rephrase {
                let first = premises.items.len();
                premises
                    .items
                    .extend(index.premises(a).iter().map(|&p| group_of[p]));
                let added = &mut premises.items[first..];
                if added.len() > 1 {
                    added.sort_unstable();
                    let kept = first + dedup_sorted(added);
                    premises.items.truncate(kept);
                }
            }
            premises.starts.push(premises.items.len() as u32);
        }
        let premise_of = Lists::build(n_groups, |visit| {
            for a in 0..n_args {
                for &g in premises.get(a) {
                    visit(g, a as u32);
                }
            }
        });
        Graph {
            group_of,
            members,
            incoming,
            support_total,
            attack_total,
            premises,
            premise_of,
            undercuts,
            effect,
            rephrase,
        }
    }

    /// The claims of statement `group`, in file order.
    pub(crate) fn members(&self, group: usize) -> Vec<usize> {
        match &self.members {
            Some(lists) => lists.get(group).iter().map(|&c| c as usize).collect(),
            None => vec![group],
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

/// Moves the distinct values of the sorted slice `items` to its front and
/// returns how many there are.
fn dedup_sorted(items: &mut [u32]) -> usize {
    let mut kept = 0;
    for i in 0..items.len() {
        if i == 0 || items[i] != items[kept - 1] {
            items[kept] = items[i];
            kept += 1;
        }
    }
    kept
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
        assert_eq!(graph.members(0), [0, 1]);
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
        assert_eq!(graph.members(2), [2]);
    }
}
