//! Random, argument-shaped maps for benchmarks and tests.
//!
//! A generated map looks like an analysed essay: one main conclusion, each
//! claim that is argued for gets two to five arguments, about 30 % of them
//! with co-premises, 20 % attacks (attacks on objections are rebuttals, a
//! few attack an argument: undercuts), and about 3 % of the claims bear on
//! a second target. The map is always valid: unique ids, every id known,
//! no cycles. The same seed always gives the same map.

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

    #[test]
    fn one_claim_is_just_the_conclusion() {
        let map = generate_map(1, 5);
        assert_eq!(map.claims.len(), 1);
        assert!(map.arguments.is_empty());
        assert_eq!(map.conclusions, [map.claims[0].id.clone()]);
    }
}
