//! The evaluation against its own definition: a direct, slow reading of
//! the rules of `docs/evaluation.md` (iterated from "everything undecided"
//! to its least fixed point) that the fast labelling must match on
//! arbitrary maps, and the essay map's verdicts.

use proptest::prelude::*;

use super::*;
use crate::model::{Argument, ArgumentKind, Claim, Target};

/// Kleene's three-valued "and", "or" and "not" on statuses.
fn and(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::Out, _) | (_, Status::Out) => Status::Out,
        (Status::In, Status::In) => Status::In,
        _ => Status::Undecided,
    }
}

fn or(a: Status, b: Status) -> Status {
    match (a, b) {
        (Status::In, _) | (_, Status::In) => Status::In,
        (Status::Out, Status::Out) => Status::Out,
        _ => Status::Undecided,
    }
}

fn not(a: Status) -> Status {
    match a {
        Status::In => Status::Out,
        Status::Out => Status::In,
        Status::Undecided => Status::Undecided,
    }
}

/// A labelling of every claim and argument, as the definition states it
/// (per claim, not per statement).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Labelling {
    claims: Vec<Status>,
    arguments: Vec<Status>,
}

/// The rules of `docs/evaluation.md`, read directly off the map.
struct Definition<'a> {
    map: &'a Map,
    index: MapIndex,
    marks: &'a Marks,
    reading: Reading,
    /// Per claim: the smallest index of a claim it is joined to by
    /// rephrases (its statement).
    statement: Vec<usize>,
}

impl<'a> Definition<'a> {
    fn new(map: &'a Map, marks: &'a Marks, reading: Reading) -> Self {
        let index = MapIndex::new(map);
        let mut statement: Vec<usize> = (0..map.claims.len()).collect();
        // Closure of "restates", naively: repeat until nothing changes.
        loop {
            let mut changed = false;
            for a in 0..map.arguments.len() {
                let live = map.arguments[a].kind == ArgumentKind::Rephrase
                    && marks.argument(a) != Some(InferenceMark::Fails);
                if let (true, Some(Target::Claim(t))) = (live, index.target(a)) {
                    for &p in index.premises(a) {
                        let m = statement[p].min(statement[t]);
                        if statement[p] != m || statement[t] != m {
                            let (old_p, old_t) = (statement[p], statement[t]);
                            for s in statement.iter_mut() {
                                if *s == old_p || *s == old_t {
                                    *s = m;
                                }
                            }
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        Self {
            map,
            index,
            marks,
            reading,
            statement,
        }
    }

    /// The status the rules give claim `c` when the other labels are `l`.
    fn claim_rule(&self, c: usize, l: &Labelling) -> Status {
        let members: Vec<usize> = (0..self.map.claims.len())
            .filter(|&d| self.statement[d] == self.statement[c])
            .collect();
        let accepted = members
            .iter()
            .any(|&d| self.marks.claim(d) == Some(ClaimMark::Accepted));
        let rejected = members
            .iter()
            .any(|&d| self.marks.claim(d) == Some(ClaimMark::Rejected));
        match (accepted, rejected) {
            (true, true) => return Status::Undecided,
            (true, false) => return Status::In,
            (false, true) => return Status::Out,
            (false, false) => {}
        }
        let into = |kind: ArgumentKind| -> Vec<usize> {
            (0..self.map.arguments.len())
                .filter(|&a| self.map.arguments[a].kind == kind)
                .filter(|&a| {
                    matches!(self.index.target(a), Some(Target::Claim(t)) if members.contains(&t))
                })
                .collect()
        };
        let supports = into(ArgumentKind::Support);
        let attacks = into(ArgumentKind::Attack);
        let supported = if supports.is_empty() {
            match self.reading {
                Reading::Charitable => Status::In,
                Reading::Sceptical => Status::Out,
            }
        } else {
            supports
                .iter()
                .fold(Status::Out, |acc, &s| or(acc, l.arguments[s]))
        };
        let attacked = attacks
            .iter()
            .fold(Status::Out, |acc, &x| or(acc, l.arguments[x]));
        and(supported, not(attacked))
    }

    /// The status the rules give argument `a` when the other labels are `l`.
    fn argument_rule(&self, a: usize, l: &Labelling) -> Status {
        let mark = self.marks.argument(a);
        if self.map.arguments[a].kind == ArgumentKind::Rephrase {
            return if mark == Some(InferenceMark::Fails) {
                Status::Out
            } else {
                Status::In
            };
        }
        if mark == Some(InferenceMark::Fails) {
            return Status::Out;
        }
        let premises = self
            .index
            .premises(a)
            .iter()
            .fold(Status::In, |acc, &p| and(acc, l.claims[p]));
        if mark == Some(InferenceMark::Holds) {
            return premises;
        }
        let undercut = (0..self.map.arguments.len())
            .filter(|&u| self.map.arguments[u].kind == ArgumentKind::Attack)
            .filter(|&u| self.index.target(u) == Some(Target::Argument(a)))
            .fold(Status::Out, |acc, u| or(acc, l.arguments[u]));
        and(premises, not(undercut))
    }

    fn apply(&self, l: &Labelling) -> Labelling {
        Labelling {
            claims: (0..l.claims.len()).map(|c| self.claim_rule(c, l)).collect(),
            arguments: (0..l.arguments.len())
                .map(|a| self.argument_rule(a, l))
                .collect(),
        }
    }

    /// The least fixed point of the rules, from everything undecided.
    fn grounded(&self) -> Labelling {
        let mut l = Labelling {
            claims: vec![Status::Undecided; self.map.claims.len()],
            arguments: vec![Status::Undecided; self.map.arguments.len()],
        };
        loop {
            let next = self.apply(&l);
            if next == l {
                return l;
            }
            l = next;
        }
    }
}

fn fast(map: &Map, marks: &Marks, reading: Reading) -> Labelling {
    let index = MapIndex::new(map);
    let e = evaluate(map, &index, marks, reading);
    Labelling {
        claims: e.claim_statuses(),
        arguments: (0..map.arguments.len()).map(|a| e.argument(a)).collect(),
    }
}

/// An arbitrary map: any kinds, premises and targets, including the
/// invalid ones (self-attacks, rephrase circles, undercut circles,
/// duplicate premises), with arbitrary marks.
fn arbitrary_map(
    max_claims: usize,
    max_args: usize,
) -> impl Strategy<Value = (Map, Marks, Reading)> {
    (1..=max_claims).prop_flat_map(move |n| {
        let argument = (
            0u8..20,
            proptest::collection::vec(0..n, 1..=3),
            0..n,
            (0u8..10, 0..max_args.max(1)),
        );
        (
            proptest::collection::vec(argument, 0..=max_args),
            proptest::collection::vec(0u8..20, n),
            proptest::collection::vec(0u8..10, max_args),
            any::<bool>(),
        )
            .prop_map(move |(raw, claim_marks, arg_marks, sceptical)| {
                let m = raw.len();
                let claims: Vec<Claim> = (0..n)
                    .map(|c| Claim::new(format!("c{c}"), format!("claim {c}")))
                    .collect();
                let arguments: Vec<Argument> = raw
                    .iter()
                    .enumerate()
                    .map(|(a, (kind, premises, target, (to_argument, which)))| {
                        let kind = match kind {
                            0..=8 => ArgumentKind::Support,
                            9..=16 => ArgumentKind::Attack,
                            _ => ArgumentKind::Rephrase,
                        };
                        let target = if *to_argument < 3 && m > 0 {
                            format!("a{}", which % m)
                        } else {
                            format!("c{target}")
                        };
                        Argument::new(
                            format!("a{a}"),
                            premises.iter().map(|p| format!("c{p}")),
                            target,
                            kind,
                        )
                    })
                    .collect();
                let map = Map {
                    title: "arbitrary".into(),
                    source: None,
                    conclusions: vec![],
                    claims,
                    arguments,
                };
                let mut marks = Marks::for_map(&map);
                for (c, &r) in claim_marks.iter().enumerate() {
                    marks.set_claim(
                        c,
                        match r {
                            0..=1 => Some(ClaimMark::Accepted),
                            2..=3 => Some(ClaimMark::Rejected),
                            _ => None,
                        },
                    );
                }
                for (a, &r) in arg_marks.iter().take(m).enumerate() {
                    marks.set_argument(
                        a,
                        match r {
                            0..=1 => Some(InferenceMark::Holds),
                            2..=3 => Some(InferenceMark::Fails),
                            _ => None,
                        },
                    );
                }
                let reading = if sceptical {
                    Reading::Sceptical
                } else {
                    Reading::Charitable
                };
                (map, marks, reading)
            })
    })
}

/// Every labelling of `n` nodes, as statuses.
fn all_labellings(n: usize) -> impl Iterator<Item = Vec<Status>> {
    (0..3usize.pow(n as u32)).map(move |mut k| {
        (0..n)
            .map(|_| {
                let s = Status::ALL[k % 3];
                k /= 3;
                s
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The labelling satisfies its own definition (every claim and argument
    /// has the status its rule gives), and it is the grounded one: the
    /// least fixed point, reached from "everything undecided".
    #[test]
    fn the_labelling_satisfies_the_rules_and_is_the_grounded_one(
        (map, marks, reading) in arbitrary_map(12, 16)
    ) {
        let definition = Definition::new(&map, &marks, reading);
        let labels = fast(&map, &marks, reading);
        prop_assert_eq!(&definition.apply(&labels), &labels, "not a fixed point of the rules");
        prop_assert_eq!(&definition.grounded(), &labels, "not the least fixed point");
    }

    /// Unique: among all labellings that satisfy the rules, the grounded
    /// one is the least: every other agrees with it wherever it says in or
    /// out. Checked by enumerating every labelling of small maps.
    #[test]
    fn the_grounded_labelling_is_below_every_other_fixed_point(
        (map, marks, reading) in arbitrary_map(4, 4)
    ) {
        let definition = Definition::new(&map, &marks, reading);
        let grounded = fast(&map, &marks, reading);
        let (n, m) = (map.claims.len(), map.arguments.len());
        for all in all_labellings(n + m) {
            let l = Labelling { claims: all[..n].to_vec(), arguments: all[n..].to_vec() };
            if definition.apply(&l) != l {
                continue;
            }
            let agrees = |g: &[Status], o: &[Status]| {
                g.iter().zip(o).all(|(g, o)| *g == Status::Undecided || g == o)
            };
            prop_assert!(agrees(&grounded.claims, &l.claims), "{:?} vs {:?}", grounded, l);
            prop_assert!(agrees(&grounded.arguments, &l.arguments), "{:?} vs {:?}", grounded, l);
        }
    }

    /// The order of claims and arguments in the file changes nothing.
    #[test]
    fn file_order_does_not_matter(
        (map, marks, reading) in arbitrary_map(10, 12),
        seed in any::<u64>(),
    ) {
        let labels = fast(&map, &marks, reading);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut claim_order: Vec<usize> = (0..map.claims.len()).collect();
        let mut argument_order: Vec<usize> = (0..map.arguments.len()).collect();
        rng.shuffle(&mut claim_order);
        rng.shuffle(&mut argument_order);
        let shuffled = Map {
            claims: claim_order.iter().map(|&c| map.claims[c].clone()).collect(),
            arguments: argument_order.iter().map(|&a| map.arguments[a].clone()).collect(),
            ..map.clone()
        };
        let mut shuffled_marks = Marks::for_map(&shuffled);
        for (new, &old) in claim_order.iter().enumerate() {
            shuffled_marks.set_claim(new, marks.claim(old));
        }
        for (new, &old) in argument_order.iter().enumerate() {
            shuffled_marks.set_argument(new, marks.argument(old));
        }
        let again = fast(&shuffled, &shuffled_marks, reading);
        for (new, &old) in claim_order.iter().enumerate() {
            prop_assert_eq!(again.claims[new], labels.claims[old]);
        }
        for (new, &old) in argument_order.iter().enumerate() {
            prop_assert_eq!(again.arguments[new], labels.arguments[old]);
        }
    }

    /// Every verdict can be explained, and the explanation names only
    /// claims of the map.
    #[test]
    fn every_verdict_has_an_explanation((map, marks, reading) in arbitrary_map(10, 12)) {
        let index = MapIndex::new(&map);
        let e = evaluate(&map, &index, &marks, reading);
        for c in 0..map.claims.len() {
            let why = explain_claim(&index, &e, c);
            prop_assert_eq!(why.status, e.claim(c));
            prop_assert!(why.claims().iter().all(|&d| d < map.claims.len()));
            let text = why.render(|d| map.claims[d].id.clone());
            prop_assert!(text.ends_with('.') && text.len() > 12, "{}", text);
        }
        for a in 0..map.arguments.len() {
            let why = explain_argument(&index, &e, a);
            prop_assert_eq!(why.status, e.argument(a));
        }
    }
}

fn essay() -> crate::model::LoadedMap {
    let text = include_str!("../../maps/regional-security.ron");
    let source = |_: &str| Ok(include_str!("../../maps/regional-security.md").to_owned());
    crate::model::load_map_str(text, std::path::Path::new("regional-security.ron"), &source)
        .expect("the essay map loads")
}

fn id_statuses<'a>(map: &'a Map, e: &Evaluation, status: Status) -> Vec<&'a str> {
    (0..map.claims.len())
        .filter(|&c| e.claim(c) == status)
        .map(|c| map.claims[c].id.as_str())
        .collect()
}

#[test]
fn the_essay_map_read_charitably_has_its_conclusion_in() {
    let loaded = essay();
    let (map, index) = (&loaded.map, &loaded.index);
    let e = evaluate(map, index, &Marks::for_map(map), Reading::Charitable);
    let conclusion = index.conclusion().expect("a conclusion");
    assert_eq!(map.claims[conclusion].id, "cornerstone");
    assert_eq!(e.claim(conclusion), Status::In);
    // Only the premise the essay itself rebuts is out.
    assert_eq!(
        id_statuses(map, &e, Status::Out),
        ["obstacles-show-weak-commitment"]
    );
    assert!(id_statuses(map, &e, Status::Undecided).is_empty());
    let military = index.argument("military-objection").expect("the objection");
    assert_eq!(e.argument(military), Status::Out);
    let why = explain_claim(index, &e, conclusion);
    assert_eq!(
        why.render(|c| format!("`{}`", map.claims[c].id)),
        "In: all 3 co-premises `bolsters-national-defense`, `pursued-through-diplomacy` and \
         `diplomatic-defense-principle` are in, as are 3 other reasons for it, and the objection \
         `military-strength-critical` is out, because its inference is undercut by \
         `diplomacy-addresses-threats`, granted as an open assumption."
    );
}

#[test]
fn rejecting_that_diplomacy_addresses_threats_reinstates_the_military_objection() {
    let loaded = essay();
    let (map, index) = (&loaded.map, &loaded.index);
    let before = evaluate(map, index, &Marks::for_map(map), Reading::Charitable);
    let mut marks = Marks::for_map(map);
    let diplomacy = index.claim("diplomacy-addresses-threats").expect("claim");
    marks.set_claim(diplomacy, Some(ClaimMark::Rejected));
    let after = evaluate(map, index, &marks, Reading::Charitable);

    let military = index.argument("military-objection").expect("the objection");
    assert_eq!(
        after.argument(military),
        Status::In,
        "the objection is back"
    );
    // What that changes: the conclusion and the opening sentence that
    // restates it fall, with the rejected claim itself; nothing else.
    let changed: Vec<&str> = after
        .changed_claims(&before)
        .into_iter()
        .map(|c| map.claims[c].id.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "cornerstone",
            "opening-thesis",
            "diplomacy-addresses-threats"
        ]
    );
    let conclusion = index.conclusion().expect("a conclusion");
    assert_eq!(after.claim(conclusion), Status::Out);
    let why = explain_claim(index, &after, conclusion);
    assert_eq!(
        why.render(|c| format!("`{}`", map.claims[c].id)),
        "Out: the objection `military-strength-critical` is in, granted as an open assumption, \
         and the undercut `diplomacy-addresses-threats` is out, because you rejected it."
    );
    let thesis = index.claim("opening-thesis").expect("claim");
    assert_eq!(
        explain_claim(index, &after, thesis).claims(),
        [
            conclusion,
            index.claim("military-strength-critical").expect("claim"),
            diplomacy
        ]
    );
    let counts = after.counts();
    assert_eq!((counts.in_, counts.out, counts.undecided), (28, 4, 0));
}

#[test]
fn the_sceptical_reading_grants_only_what_the_reader_accepts() {
    let loaded = essay();
    let (map, index) = (&loaded.map, &loaded.index);
    let e = evaluate(map, index, &Marks::for_map(map), Reading::Sceptical);
    assert!(id_statuses(map, &e, Status::In).is_empty());
    let mut marks = Marks::for_map(map);
    for id in ["peace-treaties", "dialogues"] {
        marks.set_claim(index.claim(id).expect("claim"), Some(ClaimMark::Accepted));
    }
    let e = evaluate(map, index, &marks, Reading::Sceptical);
    assert_eq!(
        id_statuses(map, &e, Status::In),
        [
            "diminishes-conflict",
            "dialogues",
            "dialogue-forums",
            "peace-treaties"
        ]
    );
}

#[test]
fn a_statement_marked_through_two_of_its_claims_counts_once() {
    // `a` restates `b`, both accepted; `c` attacks itself, so it is
    // undecided; `d` rests on `a` and `c` together.
    let map = Map {
        title: "t".into(),
        source: None,
        conclusions: vec![],
        claims: ["a", "b", "c", "d"].map(|id| Claim::new(id, id)).to_vec(),
        arguments: vec![
            Argument::new("same", ["a"], "b", ArgumentKind::Rephrase),
            Argument::new("self", ["c"], "c", ArgumentKind::Attack),
            Argument::new("both", ["a", "c"], "d", ArgumentKind::Support),
        ],
    };
    let mut marks = Marks::for_map(&map);
    marks.set_claim(0, Some(ClaimMark::Accepted));
    marks.set_claim(1, Some(ClaimMark::Accepted));
    let labels = fast(&map, &marks, Reading::Charitable);
    assert_eq!(
        labels.claims,
        [Status::In, Status::In, Status::Undecided, Status::Undecided]
    );
    assert_eq!(
        labels,
        Definition::new(&map, &marks, Reading::Charitable).grounded()
    );
}

#[test]
fn rephrases_carry_status_both_ways() {
    let loaded = essay();
    let (map, index) = (&loaded.map, &loaded.index);
    let thesis = index.claim("opening-thesis").expect("claim");
    let conclusion = index.conclusion().expect("a conclusion");
    // Rejecting the restatement takes the conclusion it restates out...
    let mut marks = Marks::for_map(map);
    marks.set_claim(thesis, Some(ClaimMark::Rejected));
    let e = evaluate(map, index, &marks, Reading::Sceptical);
    assert_eq!(
        (e.claim(thesis), e.claim(conclusion)),
        (Status::Out, Status::Out)
    );
    // ...and accepting it puts the conclusion in, even read sceptically.
    marks.set_claim(thesis, Some(ClaimMark::Accepted));
    let e = evaluate(map, index, &marks, Reading::Sceptical);
    assert_eq!(
        (e.claim(thesis), e.claim(conclusion)),
        (Status::In, Status::In)
    );
    assert_eq!(
        explain_claim(index, &e, conclusion).render(|c| format!("`{}`", map.claims[c].id)),
        "In: you accepted `opening-thesis`, which says the same in other words."
    );
    // Marked as not saying the same, the two part ways.
    let restated = index.argument("thesis-restated").expect("the rephrase");
    marks.set_argument(restated, Some(InferenceMark::Fails));
    let e = evaluate(map, index, &marks, Reading::Sceptical);
    assert_eq!(
        (e.claim(thesis), e.claim(conclusion)),
        (Status::In, Status::Out)
    );
}
