//! Lookups over a [`Map`]: ids to indices, who bears on what, and each
//! claim's role, which follows from the graph rather than being declared.

use std::collections::{HashMap, VecDeque};

use super::{ArgumentKind, Map};

/// What an argument points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A claim, by index into [`Map::claims`].
    Claim(usize),
    /// Another argument, by index into [`Map::arguments`] (an undercut).
    Argument(usize),
}

/// The part a claim plays in the argument, derived from the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The main conclusion of the map.
    Conclusion,
    /// A premise of a support.
    Reason,
    /// A premise of an attack on a claim.
    Objection,
    /// A premise of an attack on an objection (or on a rebuttal).
    Rebuttal,
    /// A premise of an attack on an argument rather than on a claim.
    Undercut,
    /// A claim that bears on nothing and that nothing bears on.
    Unconnected,
}

impl Role {
    /// Every role, in legend order.
    pub const ALL: [Role; 6] = [
        Role::Conclusion,
        Role::Reason,
        Role::Objection,
        Role::Rebuttal,
        Role::Undercut,
        Role::Unconnected,
    ];

    /// The role's name as shown to people ("reason", "objection").
    pub fn label(self) -> &'static str {
        match self {
            Role::Conclusion => "main conclusion",
            Role::Reason => "reason",
            Role::Objection => "objection",
            Role::Rebuttal => "rebuttal",
            Role::Undercut => "undercut",
            Role::Unconnected => "unconnected",
        }
    }
}

/// Resolved references of a map, built once per loaded map.
///
/// Unknown ids are skipped rather than rejected, so an index can be built
/// for a map that failed validation (validation reports them).
#[derive(Debug, Clone, Default)]
pub struct MapIndex {
    claim_by_id: HashMap<String, usize>,
    argument_by_id: HashMap<String, usize>,
    /// Per argument: its premises that name known claims, in file order.
    premises: Vec<Vec<usize>>,
    /// Per argument: its resolved target.
    targets: Vec<Option<Target>>,
    /// Per claim: the arguments whose target is that claim, in file order.
    into_claim: Vec<Vec<usize>>,
    /// Per argument: the arguments whose target is that argument.
    into_argument: Vec<Vec<usize>>,
    /// Per claim: the arguments it is a premise of, in file order.
    premise_of: Vec<Vec<usize>>,
    roles: Vec<Role>,
    /// Per argument: the role its premises play for it.
    argument_roles: Vec<Role>,
    conclusion: Option<usize>,
}

impl MapIndex {
    /// Resolves every id of `map` and derives the roles.
    pub fn new(map: &Map) -> Self {
        let mut claim_by_id = HashMap::with_capacity(map.claims.len());
        for (i, claim) in map.claims.iter().enumerate() {
            claim_by_id.entry(claim.id.clone()).or_insert(i);
        }
        let mut argument_by_id = HashMap::with_capacity(map.arguments.len());
        for (i, argument) in map.arguments.iter().enumerate() {
            argument_by_id.entry(argument.id.clone()).or_insert(i);
        }
        let n_claims = map.claims.len();
        let n_args = map.arguments.len();
        let mut premises = Vec::with_capacity(n_args);
        let mut targets = Vec::with_capacity(n_args);
        let mut into_claim = vec![Vec::new(); n_claims];
        let mut into_argument = vec![Vec::new(); n_args];
        let mut premise_of = vec![Vec::new(); n_claims];
        for (a, argument) in map.arguments.iter().enumerate() {
            let ps: Vec<usize> = argument
                .premises
                .iter()
                .filter_map(|p| claim_by_id.get(p).copied())
                .collect();
            for &p in &ps {
                if premise_of[p].last() != Some(&a) {
                    premise_of[p].push(a);
                }
            }
            premises.push(ps);
            let target = if let Some(&c) = claim_by_id.get(&argument.target) {
                into_claim[c].push(a);
                Some(Target::Claim(c))
            } else if let Some(&t) = argument_by_id.get(&argument.target) {
                if t != a {
                    into_argument[t].push(a);
                }
                Some(Target::Argument(t))
            } else {
                None
            };
            targets.push(target);
        }
        let conclusion = claim_by_id.get(&map.conclusion).copied();
        let mut index = MapIndex {
            claim_by_id,
            argument_by_id,
            premises,
            targets,
            into_claim,
            into_argument,
            premise_of,
            roles: Vec::new(),
            argument_roles: Vec::new(),
            conclusion,
        };
        index.roles = index.derive_roles(map);
        let roles: Vec<Option<Role>> = index.roles.iter().copied().map(Some).collect();
        index.argument_roles = (0..n_args)
            .map(|a| index.premise_role(map, a, &roles))
            .collect();
        index
    }

    /// Breadth-first from the conclusion (then from any claim not reached),
    /// so that a claim's role comes from the first argument that reaches it.
    fn derive_roles(&self, map: &Map) -> Vec<Role> {
        let mut roles: Vec<Option<Role>> = vec![None; map.claims.len()];
        let mut queue = VecDeque::new();
        let roots = self
            .conclusion
            .into_iter()
            .chain(0..map.claims.len())
            .collect::<Vec<_>>();
        for root in roots {
            if roles[root].is_some() {
                continue;
            }
            roles[root] = Some(if Some(root) == self.conclusion {
                Role::Conclusion
            } else if !self.premise_of[root].is_empty() || !self.into_claim[root].is_empty() {
                // A claim reached only from below: name it by what it is
                // premise of, as if seen from its target.
                self.premise_of[root]
                    .first()
                    .map(|&a| self.premise_role(map, a, &roles))
                    .unwrap_or(Role::Reason)
            } else {
                Role::Unconnected
            });
            queue.push_back(root);
            while let Some(claim) = queue.pop_front() {
                let mut arguments: Vec<usize> = self.into_claim[claim].clone();
                let mut i = 0;
                while i < arguments.len() {
                    let a = arguments[i];
                    arguments.extend(self.into_argument[a].iter().copied());
                    i += 1;
                }
                for a in arguments {
                    let role = self.premise_role(map, a, &roles);
                    for &p in &self.premises[a] {
                        if roles[p].is_none() {
                            roles[p] = Some(role);
                            queue.push_back(p);
                        }
                    }
                }
            }
        }
        roles
            .into_iter()
            .map(|r| r.unwrap_or(Role::Unconnected))
            .collect()
    }

    /// The role a premise of argument `a` plays.
    fn premise_role(&self, map: &Map, a: usize, roles: &[Option<Role>]) -> Role {
        match (map.arguments[a].kind, self.targets[a]) {
            (ArgumentKind::Support, _) => Role::Reason,
            (ArgumentKind::Attack, Some(Target::Argument(_))) => Role::Undercut,
            (ArgumentKind::Attack, Some(Target::Claim(t))) => match roles[t] {
                Some(Role::Objection | Role::Rebuttal | Role::Undercut) => Role::Rebuttal,
                _ => Role::Objection,
            },
            (ArgumentKind::Attack, None) => Role::Objection,
        }
    }

    /// Index of the claim with this id.
    pub fn claim(&self, id: &str) -> Option<usize> {
        self.claim_by_id.get(id).copied()
    }

    /// Index of the argument with this id.
    pub fn argument(&self, id: &str) -> Option<usize> {
        self.argument_by_id.get(id).copied()
    }

    /// Index of the main conclusion, if its id names a claim.
    pub fn conclusion(&self) -> Option<usize> {
        self.conclusion
    }

    /// The role of claim `claim`.
    pub fn role(&self, claim: usize) -> Role {
        self.roles.get(claim).copied().unwrap_or(Role::Unconnected)
    }

    /// The role argument `argument` gives its premises; it decides the
    /// colour of the argument's arrows.
    pub fn argument_role(&self, argument: usize) -> Role {
        self.argument_roles[argument]
    }

    /// The known premises of argument `argument`, in file order.
    pub fn premises(&self, argument: usize) -> &[usize] {
        &self.premises[argument]
    }

    /// What argument `argument` points at, if its target id is known.
    pub fn target(&self, argument: usize) -> Option<Target> {
        self.targets[argument]
    }

    /// Arguments whose target is claim `claim`, in file order.
    pub fn arguments_into_claim(&self, claim: usize) -> &[usize] {
        &self.into_claim[claim]
    }

    /// Arguments whose target is argument `argument` (undercuts), in file order.
    pub fn arguments_into_argument(&self, argument: usize) -> &[usize] {
        &self.into_argument[argument]
    }

    /// Arguments that claim `claim` is a premise of, in file order.
    pub fn premise_of(&self, claim: usize) -> &[usize] {
        &self.premise_of[claim]
    }

    /// The claim an argument ultimately bears on: its target claim, or for
    /// an undercut the claim that the undercut argument targets.
    pub fn target_claim(&self, argument: usize) -> Option<usize> {
        let mut a = argument;
        for _ in 0..=self.targets.len() {
            match self.targets[a]? {
                Target::Claim(c) => return Some(c),
                Target::Argument(next) => a = next,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, Claim};

    fn claim(id: &str) -> Claim {
        Claim::new(id, id)
    }

    fn arg(id: &str, premises: &[&str], target: &str, kind: ArgumentKind) -> Argument {
        Argument::new(id, premises.iter().copied(), target, kind)
    }

    #[test]
    fn roles_follow_from_the_graph() {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusion: "c".into(),
            claims: ["c", "r", "o", "b", "u", "lonely"].map(claim).to_vec(),
            arguments: vec![
                arg("a1", &["r"], "c", ArgumentKind::Support),
                arg("a2", &["o"], "c", ArgumentKind::Attack),
                arg("a3", &["b"], "o", ArgumentKind::Attack),
                arg("a4", &["u"], "a1", ArgumentKind::Attack),
            ],
        };
        let index = MapIndex::new(&map);
        let roles: Vec<Role> = (0..6).map(|i| index.role(i)).collect();
        assert_eq!(
            roles,
            [
                Role::Conclusion,
                Role::Reason,
                Role::Objection,
                Role::Rebuttal,
                Role::Undercut,
                Role::Unconnected
            ]
        );
        assert_eq!(index.target_claim(3), Some(0));
        assert_eq!(index.arguments_into_argument(0), &[3]);
    }
}
