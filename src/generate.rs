//! Random, argument-shaped maps for benchmarks and tests.
//!
//! A generated map looks like an analysed essay: one main conclusion, each
//! claim that is argued for gets two to five arguments, about 30 % of them
//! with co-premises, 20 % attacks (attacks on objections are rebuttals, a
//! few attack an argument: undercuts), and about 3 % of the claims bear on
//! a second target. The map is always valid: unique ids, every id known,
//! no cycles. The same seed always gives the same map.
//!
//! [`generate_shaped`] makes maps shaped like human-annotated corpora
//! instead (see [`Shape`]): several disconnected parts with most claims
//! outside the main conclusion's tree, wide fan-in, long chains, shared
//! premises, undercuts of undercuts and rephrased claims.

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::model::{Argument, ArgumentKind, Claim, Map};

/// Deepest layer below the conclusion.
const MAX_DEPTH: usize = 10;
/// Chance that a claim which could have reasons gets none.
const LEAF_CHANCE: f64 = 0.25;
/// Chance that an argument has co-premises.
const CO_PREMISE_CHANCE: f64 = 0.30;
/// Chance that an argument attacks rather than supports.
const ATTACK_CHANCE: f64 = 0.20;
/// Chance that an attack is aimed at a sibling argument (an undercut).
const UNDERCUT_CHANCE: f64 = 0.10;
/// Share of claims that also bear on a second target.
const SECOND_TARGET_CHANCE: f64 = 0.03;

/// Words the claim texts are drawn from.
const WORDS: &[&str] = &[
    "regional",
    "security",
    "states",
    "trade",
    "cooperation",
    "conflict",
    "peace",
    "border",
    "treaty",
    "alliance",
    "economy",
    "growth",
    "investment",
    "trust",
    "neighbours",
    "stability",
    "risk",
    "defence",
    "dialogue",
    "institutions",
    "law",
    "order",
    "markets",
    "energy",
    "water",
    "migration",
    "citizens",
    "government",
    "policy",
    "reform",
    "crisis",
    "threat",
    "deterrence",
    "balance",
    "power",
    "influence",
    "development",
    "poverty",
    "education",
    "health",
    "infrastructure",
    "transport",
    "networks",
    "agreements",
    "sanctions",
    "aid",
    "leaders",
    "elections",
    "democracy",
    "rights",
    "freedom",
    "justice",
    "courts",
    "budgets",
    "taxes",
    "prices",
    "jobs",
    "industry",
    "farming",
    "climate",
    "resources",
    "cities",
    "villages",
    "media",
    "public",
    "opinion",
    "history",
    "culture",
    "identity",
    "language",
    "religion",
    "tolerance",
    "violence",
    "war",
    "weapons",
    "armies",
    "police",
    "corruption",
    "transparency",
    "accountability",
    "integration",
    "union",
    "summit",
    "negotiation",
    "compromise",
    "interest",
    "benefit",
    "cost",
    "long",
    "term",
    "short",
    "strong",
    "weak",
    "shared",
    "common",
    "local",
    "national",
    "global",
    "new",
    "old",
    "stable",
    "fragile",
    "open",
    "closed",
    "mutual",
    "lasting",
    "rapid",
    "slow",
    "every",
    "many",
    "few",
    "most",
    "some",
    "more",
    "less",
    "better",
    "worse",
    "often",
    "rarely",
    "always",
    "never",
    "because",
    "therefore",
    "although",
    "unless",
    "when",
    "while",
    "if",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "without",
    "between",
    "across",
    "within",
    "against",
    "reduces",
    "increases",
    "creates",
    "prevents",
    "requires",
    "supports",
    "weakens",
    "builds",
    "protects",
    "threatens",
    "encourages",
    "limits",
    "improves",
    "harms",
    "depends",
    "on",
];

/// A random valid map with exactly `claims` claims (at least one: the
/// conclusion), the same for the same `seed`.
pub fn generate_map(claims: usize, seed: u64) -> Map {
    let claims = claims.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = Generator {
        claims: Vec::with_capacity(claims),
        arguments: Vec::new(),
        depth: Vec::with_capacity(claims),
        parent: Vec::with_capacity(claims),
    };
    g.add_claim(&mut rng, 0, None);

    // Breadth first: each claim in turn gets its arguments, whose premises
    // are new claims one layer down.
    let mut next = 0;
    while g.claims.len() < claims && next < g.claims.len() {
        let claim = next;
        next += 1;
        let more_waiting = next < g.claims.len();
        if g.depth[claim] >= MAX_DEPTH || (more_waiting && rng.random_bool(LEAF_CHANCE)) {
            continue;
        }
        let first_argument = g.arguments.len();
        let branching = rng.random_range(2..=5);
        for _ in 0..branching {
            if g.claims.len() >= claims {
                break;
            }
            let attack = rng.random_bool(ATTACK_CHANCE);
            let siblings = first_argument..g.arguments.len();
            let target = if attack && !siblings.is_empty() && rng.random_bool(UNDERCUT_CHANCE) {
                g.arguments[rng.random_range(siblings)].id.clone()
            } else {
                g.claims[claim].id.clone()
            };
            let wanted = if rng.random_bool(CO_PREMISE_CHANCE) {
                rng.random_range(2..=3)
            } else {
                1
            };
            let count = wanted.min(claims - g.claims.len());
            let depth = g.depth[claim] + 1;
            let premises = (0..count)
                .map(|_| g.add_claim(&mut rng, depth, Some(claim)))
                .collect();
            g.add_argument(premises, target, attack);
        }
    }
    // Only reachable when every claim sits at the deepest layer: add
    // reasons to the conclusion until the count is reached.
    while g.claims.len() < claims {
        let premise = g.add_claim(&mut rng, 1, Some(0));
        let target = g.claims[0].id.clone();
        g.add_argument(vec![premise], target, false);
    }

    // Some claims also bear on a claim created before them, near their
    // first target. Every arrow then points from a later claim to an
    // earlier one, so there can be no cycle.
    for p in 1..g.claims.len() {
        if !rng.random_bool(SECOND_TARGET_CHANCE) {
            continue;
        }
        let Some(parent) = g.parent[p] else { continue };
        let t = (parent as i64 + rng.random_range(-8..=8)).clamp(0, p as i64 - 1) as usize;
        if t == parent {
            continue;
        }
        let target = g.claims[t].id.clone();
        let premise = g.claims[p].id.clone();
        let attack = rng.random_bool(ATTACK_CHANCE);
        g.add_argument(vec![premise], target, attack);
    }

    Map {
        title: format!("Generated map ({claims} claims, seed {seed})"),
        source: None,
        conclusions: vec![g.claims[0].id.clone()],
        claims: g.claims,
        arguments: g.arguments,
    }
}

struct Generator {
    claims: Vec<Claim>,
    arguments: Vec<Argument>,
    depth: Vec<usize>,
    parent: Vec<Option<usize>>,
}

impl Generator {
    fn add_claim(&mut self, rng: &mut ChaCha8Rng, depth: usize, parent: Option<usize>) -> String {
        let id = format!("c{}", self.claims.len() + 1);
        self.claims.push(Claim {
            id: id.clone(),
            text: sentence(rng),
            quote: None,
            implicit: rng.random_bool(0.05),
        });
        self.depth.push(depth);
        self.parent.push(parent);
        id
    }

    fn add_argument(&mut self, premises: Vec<String>, target: String, attack: bool) {
        self.arguments.push(Argument {
            id: format!("a{}", self.arguments.len() + 1),
            premises,
            target,
            kind: if attack {
                ArgumentKind::Attack
            } else {
                ArgumentKind::Support
            },
            scheme: None,
        });
    }
}

/// A sentence of 8 to 30 words, capitalised, ending with a full stop.
fn sentence(rng: &mut ChaCha8Rng) -> String {
    let words = rng.random_range(8..=30);
    let mut text = String::with_capacity(words * 9);
    for i in 0..words {
        let word = WORDS[rng.random_range(0..WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

/// The shape of a generated map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shape {
    /// One tree under the conclusion, two to five arguments per claim
    /// (the shape of [`generate_map`]).
    #[default]
    Tree,
    /// A main tree with a third of the claims; the rest in disconnected
    /// parts of every size, many of them single unattached claims.
    Forest,
    /// Wide fan-in: claims with 10 to 20 arguments each.
    Fan,
    /// Long chains: most claims have a single reason.
    Chain,
    /// Parts of every shape, as in the forest, each a tree, fan or chain.
    Mixed,
}

impl Shape {
    /// Every shape, in the order `--shape` lists them.
    pub const ALL: [Shape; 5] = [
        Shape::Tree,
        Shape::Forest,
        Shape::Fan,
        Shape::Chain,
        Shape::Mixed,
    ];

    /// The name `--shape` takes.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Tree => "tree",
            Shape::Forest => "forest",
            Shape::Fan => "fan",
            Shape::Chain => "chain",
            Shape::Mixed => "mixed",
        }
    }
}

/// How a part of a shaped map branches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Growth {
    /// Two to five arguments per claim, ten layers deep at most.
    Essay,
    /// Claims with 10 to 20 arguments, four layers deep at most.
    Fan,
    /// One reason per claim mostly, up to 14 layers deep.
    Chain,
}

/// Chance that a shaped map's claim also bears on a second target.
const SHAPED_SECOND_TARGET_CHANCE: f64 = 0.05;
/// Chance that an argument with one premise is a rephrase.
const REPHRASE_CHANCE: f64 = 0.04;
/// Chance that an undercut is aimed at an earlier undercut instead.
const UNDERCUT_OF_UNDERCUT_CHANCE: f64 = 0.4;

/// A random valid map of the given `shape` with exactly `claims` claims,
/// the same for the same `seed`. [`Shape::Tree`] is [`generate_map`].
pub fn generate_shaped(claims: usize, seed: u64, shape: Shape) -> Map {
    if shape == Shape::Tree {
        return generate_map(claims, seed);
    }
    let claims = claims.max(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_0000 ^ shape as u64);
    let mut g = Generator {
        claims: Vec::with_capacity(claims),
        arguments: Vec::new(),
        depth: Vec::with_capacity(claims),
        parent: Vec::with_capacity(claims),
    };
    let mut part_of: Vec<usize> = Vec::with_capacity(claims);
    // The main part: all of a fan or chain map's first part, a third of a
    // forest or mixed one.
    let main_share = match shape {
        Shape::Forest | Shape::Mixed => rng.random_range(0.30..0.40),
        _ => 1.0,
    };
    let main_budget = ((claims as f64 * main_share).round() as usize).clamp(1, claims);
    let main_growth = match shape {
        Shape::Fan => Growth::Fan,
        Shape::Chain => Growth::Chain,
        _ => Growth::Essay,
    };
    let mut part = 0;
    grow_part(
        &mut g,
        &mut rng,
        &mut part_of,
        part,
        main_budget,
        main_growth,
    );
    while g.claims.len() < claims {
        part += 1;
        let left = claims - g.claims.len();
        let size = match shape {
            // A fan or chain map that ran out of room in its tree (chains
            // stop at their deepest layer) goes on in more parts alike.
            Shape::Fan | Shape::Chain => left.min(main_budget.max(1)),
            _ => {
                let roll = rng.random_range(0.0..1.0);
                let size = if roll < 0.30 {
                    1
                } else if roll < 0.80 {
                    rng.random_range(2..=8)
                } else {
                    rng.random_range(9..=60)
                };
                size.min(left)
            }
        };
        let growth = match shape {
            Shape::Mixed => [Growth::Essay, Growth::Fan, Growth::Chain][rng.random_range(0..3)],
            _ => main_growth,
        };
        grow_part(&mut g, &mut rng, &mut part_of, part, size, growth);
    }

    // Shared premises: a claim also bears on an earlier claim of its part
    // (neither of them a rephrase's, so no circle can pass through one).
    let mut rephrased = vec![false; g.claims.len()];
    let position: std::collections::HashMap<&str, usize> = g
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for a in g
        .arguments
        .iter()
        .filter(|a| a.kind == ArgumentKind::Rephrase)
    {
        for id in a.premises.iter().chain(std::iter::once(&a.target)) {
            if let Some(&i) = position.get(id.as_str()) {
                rephrased[i] = true;
            }
        }
    }
    for p in 1..g.claims.len() {
        if !rng.random_bool(SHAPED_SECOND_TARGET_CHANCE) {
            continue;
        }
        let Some(parent) = g.parent[p] else { continue };
        let t = (parent as i64 + rng.random_range(-8..=8)).clamp(0, p as i64 - 1) as usize;
        if t == parent || part_of[t] != part_of[p] || rephrased[t] || rephrased[p] {
            continue;
        }
        let target = g.claims[t].id.clone();
        let premise = g.claims[p].id.clone();
        let attack = rng.random_bool(ATTACK_CHANCE);
        g.add_argument(vec![premise], target, attack);
    }

    Map {
        title: format!(
            "Generated {} map ({claims} claims, seed {seed})",
            shape.name()
        ),
        source: None,
        conclusions: vec![g.claims[0].id.clone()],
        claims: g.claims,
        arguments: g.arguments,
    }
}

/// Adds one connected part of `budget` claims (at least its root), grown
/// breadth first from a new root claim.
fn grow_part(
    g: &mut Generator,
    rng: &mut ChaCha8Rng,
    part_of: &mut Vec<usize>,
    part: usize,
    budget: usize,
    growth: Growth,
) {
    let first = g.claims.len();
    let end = first + budget.max(1);
    g.add_claim(rng, 0, None);
    part_of.push(part);
    let mut next = first;
    while g.claims.len() < end && next < g.claims.len() {
        let claim = next;
        next += 1;
        let more_waiting = next < g.claims.len();
        let depth = g.depth[claim];
        let branching = match growth {
            Growth::Essay => {
                if depth >= MAX_DEPTH || (more_waiting && rng.random_bool(LEAF_CHANCE)) {
                    0
                } else {
                    rng.random_range(2..=5)
                }
            }
            Growth::Fan => {
                if depth >= 4 {
                    0
                } else if depth == 0 || rng.random_bool(0.25) {
                    rng.random_range(10..=20)
                } else if more_waiting && rng.random_bool(0.5) {
                    0
                } else {
                    rng.random_range(1..=3)
                }
            }
            Growth::Chain => {
                if depth >= 14 {
                    0
                } else if depth == 0 {
                    rng.random_range(2..=4)
                } else if rng.random_bool(0.12) {
                    2
                } else {
                    1
                }
            }
        };
        let first_argument = g.arguments.len();
        let mut undercuts: Vec<usize> = Vec::new();
        for _ in 0..branching {
            if g.claims.len() >= end {
                break;
            }
            let attack = rng.random_bool(ATTACK_CHANCE);
            let siblings = first_argument..g.arguments.len();
            let (target, undercut) =
                if attack && !siblings.is_empty() && rng.random_bool(UNDERCUT_CHANCE * 2.0) {
                    let aimed =
                        if !undercuts.is_empty() && rng.random_bool(UNDERCUT_OF_UNDERCUT_CHANCE) {
                            undercuts[rng.random_range(0..undercuts.len())]
                        } else {
                            rng.random_range(siblings)
                        };
                    (g.arguments[aimed].id.clone(), true)
                } else {
                    (g.claims[claim].id.clone(), false)
                };
            let wanted = if rng.random_bool(CO_PREMISE_CHANCE) {
                rng.random_range(2..=3)
            } else {
                1
            };
            let count = wanted.min(end - g.claims.len());
            let premises: Vec<String> = (0..count)
                .map(|_| {
                    part_of.push(part);
                    g.add_claim(rng, depth + 1, Some(claim))
                })
                .collect();
            if undercut {
                undercuts.push(g.arguments.len());
            }
            let rephrase = !undercut && premises.len() == 1 && rng.random_bool(REPHRASE_CHANCE);
            g.add_argument(premises, target, attack);
            if rephrase && let Some(last) = g.arguments.last_mut() {
                last.kind = ArgumentKind::Rephrase;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_have_8_to_30_words() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..200 {
            let s = sentence(&mut rng);
            let n = s.split_whitespace().count();
            assert!((8..=30).contains(&n), "{s}");
            assert!(
                s.ends_with('.') && s.starts_with(|c: char| c.is_uppercase()),
                "{s}"
            );
        }
    }

    fn parts(map: &Map) -> Vec<usize> {
        // Union-find over claims joined by arguments (through the claims
        // an argument's target chain ends at).
        let index = crate::model::MapIndex::new(map);
        let n = map.claims.len();
        let mut root: Vec<usize> = (0..n).collect();
        fn find(root: &mut [usize], mut x: usize) -> usize {
            while root[x] != x {
                root[x] = root[root[x]];
                x = root[x];
            }
            x
        }
        for a in 0..map.arguments.len() {
            let mut t = index.target(a);
            let mut hops = 0;
            while let Some(crate::model::Target::Argument(b)) = t {
                t = index.target(b);
                hops += 1;
                if hops > map.arguments.len() {
                    break;
                }
            }
            let Some(crate::model::Target::Claim(c)) = t else {
                continue;
            };
            for &p in index.premises(a) {
                let (x, y) = (find(&mut root, p), find(&mut root, c));
                root[x] = y;
            }
        }
        (0..n).map(|c| find(&mut root, c)).collect()
    }

    #[test]
    fn shaped_maps_are_valid_exact_and_deterministic() {
        for shape in Shape::ALL {
            for claims in [1, 2, 50, 700] {
                let map = generate_shaped(claims, 9, shape);
                assert_eq!(map.claims.len(), claims, "{shape:?}");
                let index = crate::model::MapIndex::new(&map);
                let found = crate::model::validate::validate(&map, &index, &|_| {
                    Err(std::io::Error::other("no source"))
                });
                let errors: Vec<_> = found
                    .findings
                    .iter()
                    .filter(|f| f.severity == crate::model::Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{shape:?} {claims}: {errors:?}");
                assert_eq!(map, generate_shaped(claims, 9, shape));
            }
        }
    }

    #[test]
    fn forest_maps_keep_most_claims_outside_the_main_tree() {
        for seed in 1..4 {
            let map = generate_shaped(2_000, seed, Shape::Forest);
            let part = parts(&map);
            let main = part.iter().filter(|&&p| p == part[0]).count();
            let outside = 1.0 - main as f64 / 2_000.0;
            assert!((0.6..=0.7).contains(&outside), "seed {seed}: {outside}");
            let singles = (0..2_000)
                .filter(|&c| part.iter().filter(|&&p| p == part[c]).count() == 1)
                .count();
            assert!(singles > 10, "unattached claims: {singles}");
        }
    }

    #[test]
    fn fan_maps_have_wide_fan_in_and_chain_maps_long_chains() {
        let fan = generate_shaped(1_000, 2, Shape::Fan);
        let index = crate::model::MapIndex::new(&fan);
        let widest = (0..fan.claims.len())
            .map(|c| index.arguments_into_claim(c).len())
            .max()
            .unwrap_or(0);
        assert!((10..=25).contains(&widest), "widest fan-in {widest}");
        let chain = generate_shaped(1_000, 2, Shape::Chain);
        let index = crate::model::MapIndex::new(&chain);
        let single = (0..chain.claims.len())
            .filter(|&c| index.arguments_into_claim(c).len() == 1)
            .count();
        assert!(
            single * 2 > chain.claims.len(),
            "{single} claims with one reason"
        );
    }

    #[test]
    fn mixed_maps_have_undercuts_of_undercuts_rephrases_and_shared_premises() {
        let map = generate_shaped(3_000, 4, Shape::Mixed);
        let index = crate::model::MapIndex::new(&map);
        let under_under = (0..map.arguments.len())
            .filter(|&a| match index.target(a) {
                Some(crate::model::Target::Argument(b)) => {
                    matches!(index.target(b), Some(crate::model::Target::Argument(_)))
                }
                _ => false,
            })
            .count();
        assert!(under_under > 0);
        assert!(
            map.arguments
                .iter()
                .any(|a| a.kind == ArgumentKind::Rephrase)
        );
        let shared = (0..map.claims.len())
            .filter(|&c| index.premise_of(c).len() > 1)
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn one_claim_is_just_the_conclusion() {
        let map = generate_map(1, 5);
        assert_eq!(map.claims.len(), 1);
        assert!(map.arguments.is_empty());
        assert_eq!(map.conclusions, [map.claims[0].id.clone()]);
    }
}
