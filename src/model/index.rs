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
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The main conclusion of the map.
    Conclusion,
    /// Another conclusion: a claim that bears on nothing, at the top of a
    /// part of the map that does not lead to the main conclusion.
    OtherConclusion,
    /// A premise of a support.
    Reason,
    /// A premise of an attack on a claim.
    Objection,
    /// A premise of an attack on an objection (or on a rebuttal).
    Rebuttal,
    /// A premise of an attack on an argument rather than on a claim.
    Undercut,
    /// A claim that restates another in other words.
    Rephrase,
    /// A claim that bears on nothing and that nothing bears on.
    Unconnected,
}

impl Role {
    /// Every role, in legend order.
    pub const ALL: [Role; 8] = [
        Role::Conclusion,
        Role::OtherConclusion,
        Role::Reason,
        Role::Objection,
        Role::Rebuttal,
        Role::Undercut,
        Role::Rephrase,
        Role::Unconnected,
    ];

    /// The role's name as shown to people ("reason", "objection").
    pub fn label(self) -> &'static str {
        match self {
            Role::Conclusion => "main conclusion",
            Role::OtherConclusion => "conclusion",
            Role::Reason => "reason",
            Role::Objection => "objection",
            Role::Rebuttal => "rebuttal",
            Role::Undercut => "undercut",
            Role::Rephrase => "rephrase",
            Role::Unconnected => "unconnected",
        }
    }

    /// True for the main conclusion and the other conclusions.
    pub fn is_conclusion(self) -> bool {
        matches!(self, Role::Conclusion | Role::OtherConclusion)
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
    /// The map's conclusions, the main one first.
    conclusions: Vec<usize>,
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
            conclusions: Vec::new(),
        };
        index.conclusions = index.find_conclusions(map);
        index.roles = index.derive_roles(map);
        let roles: Vec<Option<Role>> = index.roles.iter().copied().map(Some).collect();
        index.argument_roles = (0..n_args)
            .map(|a| index.premise_role(map, a, &roles))
            .collect();
        index
    }

    /// True when claim `c` bears on nothing (it is no premise) while
    /// something bears on it: the top of a part of the map.
    fn is_top(&self, c: usize) -> bool {
        self.premise_of[c].is_empty() && !self.into_claim[c].is_empty()
    }

    /// The named conclusions that are claims (each once), then every other
    /// top claim in file order. A map that names none gets its top claims,
    /// the one with the most claims below it first.
    fn find_conclusions(&self, map: &Map) -> Vec<usize> {
        let mut is_conclusion = vec![false; map.claims.len()];
        let mut conclusions = Vec::new();
        for id in &map.conclusions {
            if let Some(&c) = self.claim_by_id.get(id)
                && !std::mem::replace(&mut is_conclusion[c], true)
            {
                conclusions.push(c);
            }
        }
        let named = conclusions.len();
        conclusions.extend((0..map.claims.len()).filter(|&c| !is_conclusion[c] && self.is_top(c)));
        if named == 0 && conclusions.len() > 1 {
            let sizes = self.part_sizes(&conclusions);
            // The first of the largest parts; `max_by_key` would take the last.
            let main = (0..conclusions.len())
                .rev()
                .max_by_key(|&i| sizes[i])
                .unwrap_or(0);
            let main = conclusions.remove(main);
            conclusions.insert(0, main);
        }
        conclusions
    }

    /// For each root in order, how many claims a walk down from it reaches
    /// that no earlier root reached. Each claim is counted once, so this is
    /// linear in the size of the map.
    fn part_sizes(&self, roots: &[usize]) -> Vec<usize> {
        let mut seen = vec![false; self.premise_of.len()];
        roots
            .iter()
            .map(|&root| {
                let mut count = 0;
                let mut stack = vec![root];
                seen[root] = true;
                while let Some(c) = stack.pop() {
                    count += 1;
                    for a in self.arguments_bearing_on(c) {
                        for &p in &self.premises[a] {
                            if !std::mem::replace(&mut seen[p], true) {
                                stack.push(p);
                            }
                        }
                    }
                }
                count
            })
            .collect()
    }

    /// The arguments into claim `claim` and, transitively, the undercuts of
    /// those arguments.
    fn arguments_bearing_on(&self, claim: usize) -> Vec<usize> {
        let mut arguments: Vec<usize> = self.into_claim[claim].clone();
        let mut i = 0;
        while i < arguments.len() {
            let a = arguments[i];
            arguments.extend(self.into_argument[a].iter().copied());
            i += 1;
        }
        arguments
    }

    /// Breadth-first from each conclusion in turn (then from any claim
    /// not reached), so that a claim's role comes from the first argument
    /// that reaches it, and the main conclusion's part comes first.
    fn derive_roles(&self, map: &Map) -> Vec<Role> {
        let mut roles: Vec<Option<Role>> = vec![None; map.claims.len()];
        for (i, &c) in self.conclusions.iter().enumerate() {
            roles[c] = Some(if i == 0 {
                Role::Conclusion
            } else {
                Role::OtherConclusion
            });
        }
        for &c in &self.conclusions {
            self.walk_roles(map, c, &mut roles);
        }
        for c in 0..map.claims.len() {
            if roles[c].is_some() {
                continue;
            }
            roles[c] = Some(match self.premise_of[c].first() {
                // Only in a cycle is a claim that bears on something not
                // reached from a conclusion: name it by what it is a
                // premise of, as if seen from its target.
                Some(&a) => self.premise_role(map, a, &roles),
                None if self.into_claim[c].is_empty() => Role::Unconnected,
                None => Role::OtherConclusion,
            });
            self.walk_roles(map, c, &mut roles);
        }
        roles
            .into_iter()
            .map(|r| r.unwrap_or(Role::Unconnected))
            .collect()
    }

    /// Gives every claim below `root` that has no role yet the role of the
    /// first argument that reaches it, breadth-first.
    fn walk_roles(&self, map: &Map, root: usize, roles: &mut [Option<Role>]) {
        let mut queue = VecDeque::from([root]);
        while let Some(claim) = queue.pop_front() {
            for a in self.arguments_bearing_on(claim) {
                let role = self.premise_role(map, a, roles);
                for &p in &self.premises[a] {
                    if roles[p].is_none() {
                        roles[p] = Some(role);
                        queue.push_back(p);
                    }
                }
            }
        }
    }

    /// The role a premise of argument `a` plays.
    fn premise_role(&self, map: &Map, a: usize, roles: &[Option<Role>]) -> Role {
        match (map.arguments[a].kind, self.targets[a]) {
            (ArgumentKind::Support, _) => Role::Reason,
            (ArgumentKind::Rephrase, _) => Role::Rephrase,
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

    /// Index of the main conclusion: the first conclusion the map names
    /// that is a claim, or, when it names none, its largest part's top claim.
    pub fn conclusion(&self) -> Option<usize> {
        self.conclusions.first().copied()
    }

    /// Every conclusion of the map, the main one first: the claims the map
    /// names as conclusions, then every other claim that bears on nothing
    /// while something bears on it, in file order. A claim connected to
    /// nothing at all is no conclusion unless the map names it.
    pub fn conclusions(&self) -> &[usize] {
        &self.conclusions
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

    /// How argument `argument`'s premises bear on its target, for people:
    /// "Supports", "Objects to", "Restates", "Undercuts the inference to".
    pub fn bears_on_label(&self, map: &Map, argument: usize) -> &'static str {
        match (map.arguments[argument].kind, self.targets[argument]) {
            (ArgumentKind::Support, _) => "Supports",
            (ArgumentKind::Rephrase, _) => "Restates",
            (ArgumentKind::Attack, Some(Target::Argument(_))) => "Undercuts the inference to",
            (ArgumentKind::Attack, _) => "Objects to",
        }
    }

    /// What argument `argument`'s premises are to its target, for people:
    /// "Reason", "Objection", "Restated by".
    pub fn bearing_label(map: &Map, argument: usize) -> &'static str {
        match map.arguments[argument].kind {
            ArgumentKind::Support => "Reason",
            ArgumentKind::Attack => "Objection",
            ArgumentKind::Rephrase => "Restated by",
        }
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
            conclusions: vec!["c".into()],
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
