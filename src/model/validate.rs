//! Semantic checks of a parsed map: ids, references, cycles, quotes.
//!
//! [`validate`] returns [`Finding`]s that say *what* is wrong and *which*
//! value of the map it is about ([`Place`]); the loader turns places into
//! lines and columns of the file, because only it has the text.

use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

use super::quote::{QuoteText, collapse_whitespace};
use super::{ArgumentKind, Map, MapIndex, Severity, Target};

/// A value of a map that a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The map's `conclusion` field as a whole.
    Conclusion,
    /// Conclusion `k` of the map's `conclusion` list (or its one id).
    ConclusionItem(usize),
    /// The map's `source`.
    Source,
    /// The `id` of claim `n` (0-based, file order).
    ClaimId(usize),
    /// The `text` of claim `n`.
    ClaimText(usize),
    /// The `quote` of claim `n`.
    ClaimQuote(usize),
    /// The `id` of argument `n`.
    ArgumentId(usize),
    /// Premise `k` of argument `n`.
    Premise(usize, usize),
    /// The `target` of argument `n`.
    Target(usize),
}

impl Place {
    /// The place's path as the loader's locator spells it
    /// (`claims.3.id`, `arguments.0.premises.1`).
    pub fn path(self) -> String {
        match self {
            Place::Conclusion => "conclusion".into(),
            Place::ConclusionItem(k) => format!("conclusion.{k}"),
            Place::Source => "source".into(),
            Place::ClaimId(i) => format!("claims.{i}.id"),
            Place::ClaimText(i) => format!("claims.{i}.text"),
            Place::ClaimQuote(i) => format!("claims.{i}.quote"),
            Place::ArgumentId(i) => format!("arguments.{i}.id"),
            Place::Premise(i, k) => format!("arguments.{i}.premises.{k}"),
            Place::Target(i) => format!("arguments.{i}.target"),
        }
    }

    /// A nearby place to point at when this one is not written out.
    pub fn fallback(self) -> Option<Place> {
        match self {
            Place::ClaimText(i) | Place::ClaimQuote(i) => Some(Place::ClaimId(i)),
            Place::Premise(i, _) | Place::Target(i) => Some(Place::ArgumentId(i)),
            // A single id is written without a list around it.
            Place::ConclusionItem(_) => Some(Place::Conclusion),
            _ => None,
        }
    }
}

/// One thing validation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, naming the ids involved.
    pub message: String,
    /// The value it is about, when there is one.
    pub place: Option<Place>,
    /// An earlier value it relates to (the first use of a duplicate id).
    pub first: Option<Place>,
}

impl Finding {
    fn error(place: Option<Place>, message: String) -> Self {
        Finding {
            severity: Severity::Error,
            message,
            place,
            first: None,
        }
    }

    fn warning(place: Option<Place>, message: String) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(place, message)
        }
    }
}

/// What [`validate`] learned about a map.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// Errors and warnings, in the order they were found.
    pub findings: Vec<Finding>,
    /// Number of quotes compared with the source text.
    pub quotes_checked: usize,
}

/// The shape of a map in numbers, as `reasonmap check` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of claims.
    pub claims: usize,
    /// Number of arguments (supports, attacks and undercuts).
    pub arguments: usize,
    /// Arguments that support a claim.
    pub supports: usize,
    /// Arguments that attack a claim.
    pub attacks: usize,
    /// Arguments that attack another argument.
    pub undercuts: usize,
    /// Claims that restate another claim.
    pub rephrases: usize,
    /// The map's conclusions (see [`MapIndex::conclusions`]).
    pub conclusions: usize,
    /// Arguments with two or more premises that only work together.
    pub co_premise_groups: usize,
    /// Quotes compared with the source text.
    pub quotes_checked: usize,
}

impl Summary {
    /// Counts `map`'s parts; `quotes_checked` comes from [`validate`].
    pub fn new(map: &Map, index: &MapIndex, quotes_checked: usize) -> Self {
        let mut summary = Summary {
            claims: map.claims.len(),
            arguments: map.arguments.len(),
            conclusions: index.conclusions().len(),
            quotes_checked,
            ..Summary::default()
        };
        for (a, argument) in map.arguments.iter().enumerate() {
            match (argument.kind, index.target(a)) {
                (ArgumentKind::Support, _) => summary.supports += 1,
                (ArgumentKind::Attack, Some(Target::Argument(_))) => summary.undercuts += 1,
                (ArgumentKind::Attack, _) => summary.attacks += 1,
                (ArgumentKind::Rephrase, _) => summary.rephrases += 1,
            }
            let distinct: HashSet<&str> = argument.premises.iter().map(String::as_str).collect();
            if distinct.len() >= 2 {
                summary.co_premise_groups += 1;
            }
        }
        summary
    }
}

/// Checks everything about `map` that its types cannot: ids are unique and
/// known, nothing supports itself, quotes are in the source. `read_source`
/// reads the source text named by the map's `source`.
pub fn validate(
    map: &Map,
    index: &MapIndex,
    read_source: &dyn Fn(&str) -> std::io::Result<String>,
) -> Validation {
    let mut findings = Vec::new();
    check_ids(map, &mut findings);
    let suggester = Suggester::new();
    check_conclusion(map, index, &suggester, &mut findings);
    check_arguments(map, index, &suggester, &mut findings);
    check_support_cycles(map, index, &mut findings);
    check_undercut_cycles(map, index, &mut findings);
    let quotes_checked = check_quotes(map, read_source, &mut findings);
    check_connections(map, index, &mut findings);
    Validation {
        findings,
        quotes_checked,
    }
}

/// How to name claim `i` in a message: by its id, or by its position when
/// the id is empty.
fn claim_name(map: &Map, i: usize) -> String {
    match map.claims.get(i) {
        Some(c) if !c.id.trim().is_empty() => format!("claim `{}`", c.id),
        _ => format!("claim number {}", i + 1),
    }
}

fn argument_name(map: &Map, i: usize) -> String {
    match map.arguments.get(i) {
        Some(a) if !a.id.trim().is_empty() => format!("argument `{}`", a.id),
        _ => format!("argument number {}", i + 1),
    }
}

fn check_ids(map: &Map, findings: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, (Place, &str)> =
        HashMap::with_capacity(map.claims.len() + map.arguments.len());
    let claims = map
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), Place::ClaimId(i), "claim", i));
    let arguments = map
        .arguments
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), Place::ArgumentId(i), "argument", i));
    for (id, place, kind, i) in claims.chain(arguments) {
        if id.trim().is_empty() {
            findings.push(Finding::error(
                Some(place),
                format!("{kind} number {} has an empty id", i + 1),
            ));
            continue;
        }
        if let Some(&(first, first_kind)) = seen.get(id) {
            let mut finding = Finding::error(
                Some(place),
                format!(
                    "duplicate id `{id}`: a {first_kind} already has it (claims and arguments share one set of ids)"
                ),
            );
            finding.first = Some(first);
            findings.push(finding);
        } else {
            seen.insert(id, (place, kind));
        }
    }
    for (i, claim) in map.claims.iter().enumerate() {
        if claim.text.trim().is_empty() {
            findings.push(Finding::error(
                Some(Place::ClaimText(i)),
                format!("{} has empty text", claim_name(map, i)),
            ));
        }
        if claim.quote.as_deref().is_some_and(|q| q.trim().is_empty()) {
            findings.push(Finding::error(
                Some(Place::ClaimQuote(i)),
                format!(
                    "{} has an empty quote; leave `quote` out when no passage states the claim",
                    claim_name(map, i)
                ),
            ));
        }
    }
}

/// Finds ids close to a mistyped one, for "did you mean" hints.
///
/// Comparing against every id costs time in proportion to the map, so only
/// the first [`Suggester::LIMIT`] unknown ids of a map get a hint.
struct Suggester {
    left: std::cell::Cell<usize>,
}

impl Suggester {
    const LIMIT: usize = 50;

    fn new() -> Self {
        Suggester {
            left: std::cell::Cell::new(Self::LIMIT),
        }
    }

    /// ` (did you mean `x`?)` when one of `candidates` is close to `id`.
    fn suggest<'a>(&self, id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
        let Some(left) = self.left.get().checked_sub(1) else {
            return String::new();
        };
        self.left.set(left);
        closest_id(id, candidates)
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default()
    }
}

/// The candidate spelled most like `id`, if one is close enough to be a
/// likely typo: about one edit in three characters, and for very short
/// ids only one that differs in case, since anything else is a guess.
/// This is the "did you mean" of every message about an unknown id.
pub fn closest_id<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let budget = id.chars().count() / 3;
    let lower = id.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.is_empty() || candidate == id {
            continue;
        }
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(id, candidate)
        };
        if distance <= budget && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn claim_ids(map: &Map) -> impl Iterator<Item = &str> {
    map.claims.iter().map(|c| c.id.as_str())
}

fn check_conclusion(
    map: &Map,
    index: &MapIndex,
    suggester: &Suggester,
    findings: &mut Vec<Finding>,
) {
    let mut named = HashSet::new();
    for (k, id) in map.conclusions.iter().enumerate() {
        let place = Some(Place::ConclusionItem(k));
        if id.trim().is_empty() {
            findings.push(Finding::error(
                place,
                "a conclusion id is empty; `conclusion` names the main claim (or a list of claims), or is left out".into(),
            ));
        } else if index.claim(id).is_none() {
            let message = if index.argument(id).is_some() {
                format!("the conclusion `{id}` is an argument; it must be the id of a claim")
            } else {
                format!(
                    "unknown conclusion `{id}`: no claim has this id{}",
                    suggester.suggest(id, claim_ids(map))
                )
            };
            findings.push(Finding::error(place, message));
        } else if !named.insert(id.as_str()) {
            findings.push(Finding::error(
                place,
                format!("`conclusion` names `{id}` twice"),
            ));
        }
    }
}

fn check_arguments(
    map: &Map,
    index: &MapIndex,
    suggester: &Suggester,
    findings: &mut Vec<Finding>,
) {
    for (a, argument) in map.arguments.iter().enumerate() {
        let name = argument_name(map, a);
        if argument.premises.is_empty() {
            findings.push(Finding::error(
                Some(Place::ArgumentId(a)),
                format!("{name} has no premises"),
            ));
        } else if argument.kind == ArgumentKind::Rephrase && argument.premises.len() > 1 {
            findings.push(Finding::error(
                Some(Place::Premise(a, 1)),
                format!(
                    "{name} is a rephrase with {} premises; a rephrase has one premise, the claim that restates its target",
                    argument.premises.len()
                ),
            ));
        }
        let mut listed = HashSet::new();
        for (k, premise) in argument.premises.iter().enumerate() {
            let place = Some(Place::Premise(a, k));
            if premise.trim().is_empty() {
                findings.push(Finding::error(
                    place,
                    format!("{name} has an empty premise id"),
                ));
            } else if index.claim(premise).is_none() {
                let message = if index.argument(premise).is_some() {
                    format!("premise `{premise}` of {name} is an argument; premises must be claims")
                } else {
                    format!(
                        "unknown premise `{premise}` in {name}: no claim has this id{}",
                        suggester.suggest(premise, claim_ids(map))
                    )
                };
                findings.push(Finding::error(place, message));
            } else if !listed.insert(premise.as_str()) {
                findings.push(Finding::error(
                    place,
                    format!("{name} lists premise `{premise}` twice"),
                ));
            } else if *premise == argument.target {
                findings.push(Finding::error(
                    place,
                    format!(
                        "claim `{premise}` {} itself: it is both a premise and the target of {name}",
                        argument.kind.verb()
                    ),
                ));
            }
        }
        let target = argument.target.as_str();
        let place = Some(Place::Target(a));
        if target.trim().is_empty() {
            findings.push(Finding::error(place, format!("{name} has an empty target")));
        } else if target == argument.id && index.claim(target).is_none() {
            findings.push(Finding::error(
                place,
                format!("{name} targets itself; an undercut must target another argument"),
            ));
        } else {
            match index.target(a) {
                None => findings.push(Finding::error(
                    place,
                    format!(
                        "unknown target `{target}` of {name}: no claim or argument has this id{}",
                        suggester.suggest(
                            target,
                            claim_ids(map).chain(map.arguments.iter().map(|x| x.id.as_str()))
                        )
                    ),
                )),
                Some(Target::Argument(_)) if argument.kind != ArgumentKind::Attack => findings
                    .push(Finding::error(
                        place,
                        format!(
                            "{name} {} argument `{target}`; only an attack can target an argument (an undercut)",
                            argument.kind.verb()
                        ),
                    )),
                Some(_) => {}
            }
        }
    }
}

/// Support edges between claims: (premise, target, argument, premise slot).
fn support_edges(map: &Map, index: &MapIndex) -> Vec<(usize, usize, usize, usize)> {
    let mut edges = Vec::new();
    for (a, argument) in map.arguments.iter().enumerate() {
        if argument.kind != ArgumentKind::Support {
            continue;
        }
        let Some(Target::Claim(t)) = index.target(a) else {
            continue;
        };
        for (k, premise) in argument.premises.iter().enumerate() {
            if let Some(p) = index.claim(premise).filter(|&p| p != t) {
                edges.push((p, t, a, k));
            }
        }
    }
    edges
}

/// The shortest cycle through `start` inside `members`, as node indices
/// from `start` back to `start`; breadth-first, so no recursion.
fn cycle_through(
    start: usize,
    members: &HashSet<usize>,
    successors: &HashMap<usize, Vec<usize>>,
) -> Vec<usize> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in successors.get(&node).map_or(&[][..], Vec::as_slice) {
            if !members.contains(&next) {
                continue;
            }
            if next == start {
                let mut path = vec![start];
                let mut at = node;
                while at != start {
                    path.push(at);
                    match parent.get(&at) {
                        Some(&up) => at = up,
                        None => break,
                    }
                }
                path.push(start);
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(next) {
                e.insert(node);
                queue.push_back(next);
            }
        }
    }
    vec![start, start]
}

/// Cycles (of two or more nodes) of the graph on `n` nodes with `edges`,
/// each as a path from its smallest node back to it, smallest first.
///
/// Uses Kosaraju's algorithm because petgraph's Tarjan recurses once per
/// node on a path, which a long chain of claims would turn into a stack
/// overflow.
fn cycles(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, edges.len());
    for _ in 0..n {
        graph.add_node(());
    }
    let mut successors: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(from, to) in edges {
        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
        successors.entry(from).or_default().push(to);
    }
    let mut found: Vec<Vec<usize>> = kosaraju_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() >= 2)
        .map(|scc| {
            let members: HashSet<usize> = scc.iter().map(|n| n.index()).collect();
            let start = members.iter().copied().min().unwrap_or(0);
            cycle_through(start, &members, &successors)
        })
        .collect();
    found.sort();
    found
}

/// Claims joined by rephrases say the same thing, so support cycles are
/// looked for between groups of restatements: a support from a claim to
/// its own restatement, or a circle of supports that closes through
/// rephrases, is circular; a circle of rephrases alone is not.
fn check_support_cycles(map: &Map, index: &MapIndex, findings: &mut Vec<Finding>) {
    let mut same = UnionFind::<usize>::new(map.claims.len());
    for (a, argument) in map.arguments.iter().enumerate() {
        if argument.kind == ArgumentKind::Rephrase
            && let Some(Target::Claim(t)) = index.target(a)
        {
            for &p in index.premises(a) {
                same.union(p, t);
            }
        }
    }
    let edges = support_edges(map, index);
    for &(p, t, a, k) in &edges {
        if same.equiv(p, t) {
            findings.push(Finding::error(
                Some(Place::Premise(a, k)),
                format!(
                    "circular support: `{}` supports `{}`, which restates it (a rephrase says the same thing, so the claim supports itself)",
                    map.claims[p].id, map.claims[t].id
                ),
            ));
        }
    }
    let between: Vec<(usize, usize, usize, usize)> = edges
        .iter()
        .filter(|&&(p, t, _, _)| !same.equiv(p, t))
        .copied()
        .collect();
    let pairs: Vec<(usize, usize)> = between
        .iter()
        .map(|&(p, t, _, _)| (same.find(p), same.find(t)))
        .collect();
    for cycle in cycles(map.claims.len(), &pairs) {
        // One support for each step from group to group, written
        // `p -> t`, and `t = p2` where the next step starts at a claim that
        // restates `t` rather than at `t` itself.
        let steps: Vec<(usize, usize, usize, usize)> = cycle
            .windows(2)
            .filter_map(|w| {
                between
                    .iter()
                    .zip(&pairs)
                    .find(|(_, pair)| **pair == (w[0], w[1]))
                    .map(|(edge, _)| *edge)
            })
            .collect();
        let Some(&(first, _, a, k)) = steps.first() else {
            continue;
        };
        let id = |c: usize| map.claims[c].id.as_str();
        let mut chain = id(first).to_owned();
        let mut at = first;
        for &(p, t, _, _) in &steps {
            if p != at {
                chain.push_str(&format!(" = {}", id(p)));
            }
            chain.push_str(&format!(" -> {}", id(t)));
            at = t;
        }
        if at != first {
            chain.push_str(&format!(" = {}", id(first)));
        }
        let why = if chain.contains(" = ") {
            "each claim supports the next, and `=` joins claims that restate each other, so the first supports itself"
        } else {
            "each claim supports the next, so the first supports itself"
        };
        findings.push(Finding::error(
            Some(Place::Premise(a, k)),
            format!("circular support: {chain} ({why})"),
        ));
    }
}

fn check_undercut_cycles(map: &Map, index: &MapIndex, findings: &mut Vec<Finding>) {
    let edges: Vec<(usize, usize)> = (0..map.arguments.len())
        .filter_map(|a| match index.target(a) {
            Some(Target::Argument(t)) if t != a => Some((a, t)),
            _ => None,
        })
        .collect();
    for cycle in cycles(map.arguments.len(), &edges) {
        let chain: Vec<&str> = cycle
            .iter()
            .map(|&a| map.arguments[a].id.as_str())
            .collect();
        findings.push(Finding::error(
            Some(Place::Target(cycle[0])),
            format!(
                "arguments target each other in a circle: {}; a chain of undercuts must end at an argument about a claim",
                chain.join(" -> ")
            ),
        ));
    }
}

/// At most `n` characters of `text`, with `…` when cut.
fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// Why `quote` (whitespace collapsed) is not in `source` (collapsed too):
/// how much of it matches and where the two part.
fn quote_mismatch(quote: &str, source: &str) -> String {
    let chars: Vec<(usize, char)> = quote.char_indices().collect();
    // Longest prefix (in characters) found in the source; finding a prefix
    // implies finding every shorter one, so binary search applies.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let end = chars.get(mid).map_or(quote.len(), |&(b, _)| b);
        if source.contains(&quote[..end]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo < 12 {
        return String::new();
    }
    let end = chars.get(lo).map_or(quote.len(), |&(b, _)| b);
    let prefix = &quote[..end];
    let Some(at) = source.find(prefix) else {
        return String::new();
    };
    let source_rest = &source[at + prefix.len()..];
    format!(
        "; its first {lo} characters match, then the quote says \"{}\" where the source says \"{}\"",
        excerpt(&quote[end..], 30),
        excerpt(source_rest, 30)
    )
}

fn check_quotes(
    map: &Map,
    read_source: &dyn Fn(&str) -> std::io::Result<String>,
    findings: &mut Vec<Finding>,
) -> usize {
    let quoted: Vec<(usize, &str)> = map
        .claims
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.quote.as_deref().map(|q| (i, q)))
        .filter(|(_, q)| !q.trim().is_empty())
        .collect();
    let Some(source) = map.source.as_deref() else {
        for &(i, _) in &quoted {
            findings.push(Finding::error(
                Some(Place::ClaimQuote(i)),
                format!(
                    "{} has a quote, but the map names no `source` to check it against",
                    claim_name(map, i)
                ),
            ));
        }
        return 0;
    };
    if source.trim().is_empty() {
        findings.push(Finding::error(
            Some(Place::Source),
            "the map's `source` is empty; give the path of the source text or leave `source` out"
                .into(),
        ));
        return 0;
    }
    if quoted.is_empty() {
        findings.push(Finding::warning(
            Some(Place::Source),
            format!("unused source `{source}`: no claim quotes it"),
        ));
    }
    let text = match read_source(source) {
        Ok(text) => text,
        Err(err) => {
            // A map read without its essay (sent on its own, say) is still
            // a map: it opens, and this says why its quotes went unchecked.
            findings.push(Finding::warning(
                Some(Place::Source),
                format!(
                    "cannot read the source `{source}`, so no quote was checked against it: {err}"
                ),
            ));
            return 0;
        }
    };
    let text = QuoteText::new(&text);
    let quotes: Vec<&str> = quoted.iter().map(|&(_, q)| q).collect();
    let found = text.find_all(&quotes);
    for (&(i, quote), found) in quoted.iter().zip(found) {
        if found.is_none() {
            findings.push(Finding::error(
                Some(Place::ClaimQuote(i)),
                format!(
                    "the quote of {} is not in the source `{source}` (only whitespace may differ){}",
                    claim_name(map, i),
                    quote_mismatch(&collapse_whitespace(quote), text.collapsed())
                ),
            ));
        }
    }
    quoted.len()
}

fn check_connections(map: &Map, index: &MapIndex, findings: &mut Vec<Finding>) {
    let conclusions = index.conclusions();
    let mut is_conclusion = vec![false; map.claims.len()];
    for &c in conclusions {
        is_conclusion[c] = true;
    }
    let mut unconnected = vec![false; map.claims.len()];
    for (c, flag) in unconnected.iter_mut().enumerate() {
        if !is_conclusion[c]
            && index.premise_of(c).is_empty()
            && index.arguments_into_claim(c).is_empty()
        {
            *flag = true;
            findings.push(Finding::warning(
                Some(Place::ClaimId(c)),
                format!(
                    "{} is connected to nothing: it is no premise and no argument targets it",
                    claim_name(map, c)
                ),
            ));
        }
    }
    let named: HashSet<usize> = map
        .conclusions
        .iter()
        .filter_map(|id| index.claim(id))
        .collect();
    for &c in conclusions {
        let id = &map.claims[c].id;
        if named.contains(&c) {
            if let Some(&a) = index.premise_of(c).first() {
                let k = map.arguments[a]
                    .premises
                    .iter()
                    .position(|p| p == id)
                    .unwrap_or(0);
                findings.push(Finding::warning(
                    Some(Place::Premise(a, k)),
                    format!(
                        "the conclusion `{id}` is also a premise of {}",
                        argument_name(map, a)
                    ),
                ));
            }
        } else if !named.is_empty() {
            findings.push(Finding::warning(
                Some(Place::ClaimId(c)),
                format!(
                    "{} bears on nothing but is not named in `conclusion`: it is drawn as another conclusion (add it to the `conclusion` list, or connect it)",
                    claim_name(map, c)
                ),
            ));
        }
    }
    // Walk down from the conclusions: the premises of every argument into
    // a reached claim, and of every undercut of a reached argument. What is
    // left over sits in a circle that leads to no conclusion.
    let mut reached = is_conclusion;
    // Premises of an argument whose target is unknown may well lead to a
    // conclusion once the target is fixed; that error is reported already.
    for a in 0..map.arguments.len() {
        if index.target(a).is_none() {
            for &p in index.premises(a) {
                reached[p] = true;
            }
        }
    }
    let mut argument_seen = vec![false; map.arguments.len()];
    let mut claims: VecDeque<usize> = conclusions.iter().copied().collect();
    let mut arguments = VecDeque::new();
    while let Some(c) = claims.pop_front() {
        arguments.extend(index.arguments_into_claim(c).iter().copied());
        while let Some(a) = arguments.pop_front() {
            if std::mem::replace(&mut argument_seen[a], true) {
                continue;
            }
            arguments.extend(index.arguments_into_argument(a).iter().copied());
            for &p in index.premises(a) {
                if !std::mem::replace(&mut reached[p], true) {
                    claims.push_back(p);
                }
            }
        }
    }
    for c in 0..map.claims.len() {
        if !reached[c] && !unconnected[c] {
            findings.push(Finding::warning(
                Some(Place::ClaimId(c)),
                format!(
                    "{} bears on no conclusion: its chain of arguments runs in a circle",
                    claim_name(map, c)
                ),
            ));
        }
    }
}
