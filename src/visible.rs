//! Which claims are shown when branches are collapsed or one claim is in
//! focus: a pure function of the map, the collapsed claims and the focus.
//!
//! A claim's *branch* is what bears on it, transitively: the premises of
//! the arguments into it, the premises of undercuts of those arguments,
//! and what bears on all of these. Collapsing a claim hides its branch,
//! except claims that are also reached another way (a premise shared with
//! a branch that is open stays shown).
//!
//! What is shown is what a walk down from the top of the map reaches
//! without entering a collapsed claim's branch: from every claim that bears
//! on nothing, in file order, then from claims in circles that nothing
//! outside the circle leads into (as the layout treats them). In focus mode
//! the walk starts at the focused claim and goes down only so many levels,
//! and the claims the focused claim bears on, up to the conclusion, are
//! shown as well.
//!
//! Each shown claim whose branch has hidden claims gets a [`Hidden`]: how
//! many, and which roles they have. [`sub_map`] then cuts the map down to
//! the shown claims, to be laid out as a map of its own.
//!
//! Every walk keeps a mark per claim and per argument, so cycles end and
//! the cost stays linear in the size of the map.

use crate::model::{Map, MapIndex, Role, Target};

/// Focus mode: one claim, what it bears on up to the conclusion, and its
/// branch to a depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Focus {
    /// The claim in focus, by index into the map's claims.
    pub claim: usize,
    /// How many levels of its branch are shown (0: none, 1: what bears on
    /// it directly, …).
    pub depth: usize,
}

/// The hidden part of one shown claim's branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// The shown claim, by index into the map's claims.
    pub claim: usize,
    /// How many claims of its branch are hidden.
    pub count: usize,
    /// The roles of the hidden claims with how many have each, in legend
    /// order ([`Role::ALL`]); roles no hidden claim has are left out.
    pub roles: Vec<(Role, usize)>,
}

/// Which claims are shown, and what is hidden below which shown claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    /// Per claim (indexed like the map's claims): whether it is shown.
    pub shown: Vec<bool>,
    /// Shown claims with hidden claims in their branch, by claim index.
    pub hidden: Vec<Hidden>,
    /// How many claims are shown.
    pub shown_count: usize,
}

impl Visibility {
    /// Every one of `claims` claims shown, nothing hidden.
    pub fn all(claims: usize) -> Self {
        Self {
            shown: vec![true; claims],
            hidden: Vec::new(),
            shown_count: claims,
        }
    }

    /// True when every claim is shown.
    pub fn is_complete(&self) -> bool {
        self.shown_count == self.shown.len()
    }

    /// Whether claim `claim` is shown.
    pub fn is_shown(&self, claim: usize) -> bool {
        self.shown.get(claim).copied().unwrap_or(false)
    }

    /// What is hidden below shown claim `claim`, if anything is.
    pub fn hidden_below(&self, claim: usize) -> Option<&Hidden> {
        self.hidden
            .binary_search_by_key(&claim, |h| h.claim)
            .ok()
            .map(|i| &self.hidden[i])
    }

    /// How many claims are hidden.
    pub fn hidden_count(&self) -> usize {
        self.shown.len() - self.shown_count
    }
}

/// Whether claim `claim` has a branch (something bears on it), so that
/// collapsing it can hide anything.
pub fn has_branch(index: &MapIndex, claim: usize) -> bool {
    !index.arguments_into_claim(claim).is_empty()
}

/// Marks that are cleared in constant time: a mark is set when it equals
/// the current generation.
struct Marks {
    stamp: Vec<u32>,
    generation: u32,
}

impl Marks {
    fn new(len: usize) -> Self {
        Self {
            stamp: vec![0; len],
            generation: 1,
        }
    }

    /// Clears every mark.
    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
    }

    /// Sets the mark of `i`; true when it was not set.
    fn set(&mut self, i: usize) -> bool {
        let fresh = self.stamp[i] != self.generation;
        self.stamp[i] = self.generation;
        fresh
    }
}

/// Walks the map downwards: the claims that bear directly on a claim.
struct Below<'a> {
    index: &'a MapIndex,
    arguments: Marks,
    stack: Vec<usize>,
}

impl<'a> Below<'a> {
    fn new(index: &'a MapIndex, arguments: usize) -> Self {
        Self {
            index,
            arguments: Marks::new(arguments),
            stack: Vec::new(),
        }
    }

    /// The claims that bear directly on `claim` (the premises of the
    /// arguments into it and of the undercuts of those arguments, nested),
    /// appended to `out`, in file order per argument. A claim may appear
    /// more than once.
    fn children(&mut self, claim: usize, out: &mut Vec<usize>) {
        self.arguments.clear();
        self.stack.clear();
        for &a in self.index.arguments_into_claim(claim).iter().rev() {
            self.stack.push(a);
        }
        while let Some(a) = self.stack.pop() {
            if !self.arguments.set(a) {
                continue;
            }
            out.extend_from_slice(self.index.premises(a));
            for &u in self.index.arguments_into_argument(a).iter().rev() {
                self.stack.push(u);
            }
        }
    }
}

/// Which claims of `map` are shown with the claims in `collapsed` (per
/// claim, indexed like the map's claims; shorter slices leave the rest
/// open) collapsed, and in `focus` when given.
///
/// A focus on a claim the map does not have is ignored.
pub fn visibility(
    map: &Map,
    index: &MapIndex,
    collapsed: &[bool],
    focus: Option<Focus>,
) -> Visibility {
    let n = map.claims.len();
    let focus = focus.filter(|f| f.claim < n);
    if focus.is_none() && !collapsed.iter().any(|&c| c) {
        return Visibility::all(n);
    }
    let is_collapsed = |c: usize| collapsed.get(c).copied().unwrap_or(false);
    let mut below = Below::new(index, map.arguments.len());
    let mut shown = vec![false; n];
    // Shown claims whose branch is cut: collapsed, or at the focus depth.
    let mut cut = Vec::new();
    let mut children = Vec::new();
    // Breadth-first, so that in focus mode each claim gets its least depth.
    let mut queue = std::collections::VecDeque::new();
    let mut walk = |start: usize,
                    max_depth: usize,
                    shown: &mut Vec<bool>,
                    cut: &mut Vec<usize>,
                    below: &mut Below| {
        if shown[start] {
            return;
        }
        shown[start] = true;
        queue.clear();
        queue.push_back((start, 0usize));
        while let Some((c, depth)) = queue.pop_front() {
            if is_collapsed(c) || depth >= max_depth {
                if has_branch(index, c) {
                    cut.push(c);
                }
                continue;
            }
            children.clear();
            below.children(c, &mut children);
            for &p in &children {
                if !shown[p] {
                    shown[p] = true;
                    queue.push_back((p, depth + 1));
                }
            }
        }
    };
    match focus {
        Some(focus) => {
            for a in ancestors(index, n, map.arguments.len(), focus.claim) {
                shown[a] = true;
            }
            // The focused claim itself is walked even when it is shown
            // already as its own ancestor (a circle).
            shown[focus.claim] = false;
            walk(focus.claim, focus.depth, &mut shown, &mut cut, &mut below);
        }
        None => {
            // Everything a walk that ignores collapsing reaches; what it
            // does not reach lies on circles nothing leads into.
            let mut covered = vec![false; n];
            let cover = |start: usize, covered: &mut Vec<bool>, below: &mut Below| {
                if std::mem::replace(&mut covered[start], true) {
                    return;
                }
                let mut stack = vec![start];
                let mut children = Vec::new();
                while let Some(c) = stack.pop() {
                    children.clear();
                    below.children(c, &mut children);
                    for &p in &children {
                        if !std::mem::replace(&mut covered[p], true) {
                            stack.push(p);
                        }
                    }
                }
            };
            for c in 0..n {
                if index.premise_of(c).is_empty() {
                    cover(c, &mut covered, &mut below);
                    walk(c, usize::MAX, &mut shown, &mut cut, &mut below);
                }
            }
            for c in 0..n {
                if !covered[c] {
                    cover(c, &mut covered, &mut below);
                    walk(c, usize::MAX, &mut shown, &mut cut, &mut below);
                }
            }
        }
    }
    cut.sort_unstable();
    cut.dedup();
    let hidden = hidden_parts(index, &shown, &cut, &mut below);
    let shown_count = shown.iter().filter(|&&s| s).count();
    Visibility {
        shown,
        hidden,
        shown_count,
    }
}

/// The claims `claim` bears on, directly or through others, up to the
/// conclusions: the targets of the arguments it is a premise of, and for
/// an undercut, the premises and target of the argument it undercuts.
pub fn ancestors(index: &MapIndex, claims: usize, arguments: usize, claim: usize) -> Vec<usize> {
    let mut seen_claims = vec![false; claims];
    let mut seen_arguments = vec![false; arguments];
    let mut out = Vec::new();
    let mut claim_stack = vec![claim];
    let mut argument_stack = Vec::new();
    loop {
        if let Some(c) = claim_stack.pop() {
            argument_stack.extend_from_slice(index.premise_of(c));
        } else if let Some(a) = argument_stack.pop() {
            if std::mem::replace(&mut seen_arguments[a], true) {
                continue;
            }
            let mut reach = |c: usize, claim_stack: &mut Vec<usize>| {
                if c != claim && !std::mem::replace(&mut seen_claims[c], true) {
                    out.push(c);
                    claim_stack.push(c);
                }
            };
            match index.target(a) {
                Some(Target::Claim(t)) => reach(t, &mut claim_stack),
                Some(Target::Argument(b)) => {
                    for &p in index.premises(b) {
                        reach(p, &mut claim_stack);
                    }
                    argument_stack.push(b);
                }
                None => {}
            }
        } else {
            break;
        }
    }
    out.sort_unstable();
    out
}

/// For each cut claim (sorted), the hidden claims of its branch: a walk
/// down from it through hidden claims only (a shown claim below it has its
/// own badge when its branch is cut).
fn hidden_parts(index: &MapIndex, shown: &[bool], cut: &[usize], below: &mut Below) -> Vec<Hidden> {
    let mut seen = Marks::new(shown.len());
    let mut stack = Vec::new();
    let mut children = Vec::new();
    let mut parts = Vec::with_capacity(cut.len());
    for &c in cut {
        seen.clear();
        let mut tally = [0usize; Role::ALL.len()];
        let mut count = 0;
        stack.clear();
        stack.push(c);
        seen.set(c);
        while let Some(x) = stack.pop() {
            children.clear();
            below.children(x, &mut children);
            for &p in &children {
                if !shown[p] && seen.set(p) {
                    count += 1;
                    let role = index.role(p);
                    if let Some(slot) = Role::ALL.iter().position(|&r| r == role) {
                        tally[slot] += 1;
                    }
                    stack.push(p);
                }
            }
        }
        if count > 0 {
            parts.push(Hidden {
                claim: c,
                count,
                roles: Role::ALL
                    .iter()
                    .zip(tally)
                    .filter(|&(_, k)| k > 0)
                    .map(|(&r, k)| (r, k))
                    .collect(),
            });
        }
    }
    parts
}

/// The claims at `depth` levels below the top of the map (0 is the
/// conclusions and other claims that bear on nothing) that have a branch:
/// collapsing them shows the map `depth` levels deep. Each claim counts at
/// the least depth a walk from the top reaches it.
pub fn claims_at_depth(map: &Map, index: &MapIndex, depth: usize) -> Vec<usize> {
    let n = map.claims.len();
    let mut level = vec![usize::MAX; n];
    let mut queue = std::collections::VecDeque::new();
    let mut below = Below::new(index, map.arguments.len());
    let mut children = Vec::new();
    let roots: Vec<usize> = (0..n).filter(|&c| index.premise_of(c).is_empty()).collect();
    for &r in &roots {
        level[r] = 0;
        queue.push_back(r);
    }
    let mut bfs = |queue: &mut std::collections::VecDeque<usize>, level: &mut Vec<usize>| {
        while let Some(c) = queue.pop_front() {
            children.clear();
            below.children(c, &mut children);
            for &p in &children {
                if level[p] == usize::MAX {
                    level[p] = level[c] + 1;
                    queue.push_back(p);
                }
            }
        }
    };
    bfs(&mut queue, &mut level);
    // Circles nothing leads into start at their first claim in file order.
    for c in 0..n {
        if level[c] == usize::MAX {
            level[c] = 0;
            queue.push_back(c);
            bfs(&mut queue, &mut level);
        }
    }
    (0..n)
        .filter(|&c| level[c] == depth && has_branch(index, c))
        .collect()
}

/// A map cut down to some of its claims, with the way back to the whole.
#[derive(Debug, Clone, PartialEq)]
pub struct SubMap {
    /// The shown claims and the arguments between them, in file order,
    /// with their ids unchanged.
    pub map: Map,
    /// Per claim of the sub-map: its index in the whole map.
    pub claims: Vec<usize>,
    /// Per argument of the sub-map: its index in the whole map.
    pub arguments: Vec<usize>,
}

/// The part of `map` made of the claims `shown` (indexed like the map's
/// claims): those claims, and every argument with a shown premise whose
/// target is a shown claim or a kept argument, with its premises that are
/// not shown left out. The conclusions the map names are kept when shown.
pub fn sub_map(map: &Map, index: &MapIndex, shown: &[bool]) -> SubMap {
    let is_shown = |c: usize| shown.get(c).copied().unwrap_or(false);
    let n_args = map.arguments.len();
    // 0 unknown, 1 being decided (a circle of undercuts: dropped), 2 kept,
    // 3 dropped.
    let mut state = vec![0u8; n_args];
    let mut kept = vec![false; n_args];
    for a in 0..n_args {
        let mut chain = Vec::new();
        let mut x = a;
        let decided = loop {
            match state[x] {
                2 => break true,
                3 | 1 => break false,
                _ => {}
            }
            if !index.premises(x).iter().any(|&p| is_shown(p)) {
                break false;
            }
            match index.target(x) {
                Some(Target::Claim(t)) => {
                    chain.push(x);
                    break is_shown(t);
                }
                Some(Target::Argument(b)) => {
                    state[x] = 1;
                    chain.push(x);
                    x = b;
                }
                None => {
                    chain.push(x);
                    break true;
                }
            }
        };
        // The chain's last argument decided; each before it targets the
        // next, so it is kept exactly when the next is (each has a shown
        // premise, checked above): the whole chain shares the decision.
        for &y in &chain {
            state[y] = if decided { 2 } else { 3 };
            kept[y] = decided;
        }
        if chain.is_empty() && state[a] == 0 {
            state[a] = 3;
        }
    }
    let claims: Vec<usize> = (0..map.claims.len()).filter(|&c| is_shown(c)).collect();
    let arguments: Vec<usize> = (0..n_args).filter(|&a| kept[a]).collect();
    let shown_id = |id: &String| index.claim(id).is_some_and(is_shown);
    SubMap {
        map: Map {
            title: map.title.clone(),
            source: map.source.clone(),
            conclusions: map
                .conclusions
                .iter()
                .filter(|id| shown_id(id))
                .cloned()
                .collect(),
            claims: claims.iter().map(|&c| map.claims[c].clone()).collect(),
            arguments: arguments
                .iter()
                .map(|&a| {
                    let mut argument = map.arguments[a].clone();
                    argument.premises.retain(|p| shown_id(p));
                    argument
                })
                .collect(),
        },
        claims,
        arguments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, ArgumentKind, Claim};

    /// c  <- s1 (p, q)   ; p <- s2 (r) ; q <- o1 attack (x) ; s1 undercut by u (y)
    fn sample() -> (Map, MapIndex) {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: vec!["c".into()],
            claims: ["c", "p", "q", "r", "x", "y", "lone"]
                .iter()
                .map(|id| Claim::new(*id, format!("claim {id}")))
                .collect(),
            arguments: vec![
                Argument::new("s1", ["p", "q"], "c", ArgumentKind::Support),
                Argument::new("s2", ["r"], "p", ArgumentKind::Support),
                Argument::new("o1", ["x"], "q", ArgumentKind::Attack),
                Argument::new("u", ["y"], "s1", ArgumentKind::Attack),
            ],
        };
        let index = MapIndex::new(&map);
        (map, index)
    }

    fn ids(map: &Map, v: &Visibility) -> Vec<String> {
        (0..map.claims.len())
            .filter(|&c| v.is_shown(c))
            .map(|c| map.claims[c].id.clone())
            .collect()
    }

    fn collapsed(map: &Map, index: &MapIndex, which: &[&str]) -> Vec<bool> {
        let mut v = vec![false; map.claims.len()];
        for id in which {
            v[index.claim(id).expect("known")] = true;
        }
        v
    }

    #[test]
    fn nothing_collapsed_shows_everything() {
        let (map, index) = sample();
        let v = visibility(&map, &index, &[], None);
        assert!(v.is_complete());
        assert!(v.hidden.is_empty());
    }

    #[test]
    fn collapsing_the_conclusion_hides_its_whole_branch_with_counts_and_roles() {
        let (map, index) = sample();
        let v = visibility(&map, &index, &collapsed(&map, &index, &["c"]), None);
        assert_eq!(ids(&map, &v), ["c", "lone"]);
        assert_eq!(v.hidden_count(), 5);
        let h = v.hidden_below(0).expect("badge on c");
        assert_eq!(h.count, 5);
        assert_eq!(
            h.roles,
            [(Role::Reason, 3), (Role::Objection, 1), (Role::Undercut, 1)]
        );
    }

    #[test]
    fn collapsing_a_premise_hides_only_what_bears_on_it() {
        let (map, index) = sample();
        let v = visibility(&map, &index, &collapsed(&map, &index, &["q"]), None);
        assert_eq!(ids(&map, &v), ["c", "p", "q", "r", "y", "lone"]);
        let q = index.claim("q").expect("q");
        let h = v.hidden_below(q).expect("badge on q");
        assert_eq!((h.count, h.roles.clone()), (1, vec![(Role::Objection, 1)]));
        assert!(v.hidden_below(0).is_none());
    }

    #[test]
    fn a_premise_shared_with_an_open_branch_stays_shown() {
        let mut map = sample().0;
        // r also supports x's target q... through a second argument into q.
        map.arguments
            .push(Argument::new("s3", ["r"], "q", ArgumentKind::Support));
        let index = MapIndex::new(&map);
        let v = visibility(&map, &index, &collapsed(&map, &index, &["p"]), None);
        let r = index.claim("r").expect("r");
        assert!(v.is_shown(r), "r still bears on q, which is open");
        assert!(v.hidden_below(index.claim("p").expect("p")).is_none());
    }

    #[test]
    fn focus_shows_ancestors_and_the_branch_to_its_depth() {
        let (map, index) = sample();
        let p = index.claim("p").expect("p");
        let v = visibility(&map, &index, &[], Some(Focus { claim: p, depth: 0 }));
        assert_eq!(ids(&map, &v), ["c", "p"]);
        assert_eq!(v.hidden_below(p).map(|h| h.count), Some(1));
        let v = visibility(&map, &index, &[], Some(Focus { claim: p, depth: 1 }));
        assert_eq!(ids(&map, &v), ["c", "p", "r"]);
        // An undercut's premise shows the argument it undercuts.
        let y = index.claim("y").expect("y");
        let v = visibility(&map, &index, &[], Some(Focus { claim: y, depth: 3 }));
        assert_eq!(ids(&map, &v), ["c", "p", "q", "y"]);
        let c = Focus { claim: 0, depth: 1 };
        let v = visibility(&map, &index, &[], Some(c));
        assert_eq!(ids(&map, &v), ["c", "p", "q", "y"]);
        let p_badge = v.hidden_below(p).expect("p is at the depth limit");
        assert_eq!(p_badge.count, 1);
    }

    #[test]
    fn a_focus_out_of_range_is_ignored() {
        let (map, index) = sample();
        let v = visibility(
            &map,
            &index,
            &[],
            Some(Focus {
                claim: 99,
                depth: 1,
            }),
        );
        assert!(v.is_complete());
    }

    #[test]
    fn cycles_end_and_claims_on_them_are_shown() {
        // a <- b <- a: a circle nothing leads into; and an undercut circle.
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: Vec::new(),
            claims: ["a", "b", "c"]
                .iter()
                .map(|id| Claim::new(*id, *id))
                .collect(),
            arguments: vec![
                Argument::new("ab", ["b"], "a", ArgumentKind::Support),
                Argument::new("ba", ["a"], "b", ArgumentKind::Support),
                Argument::new("u1", ["c"], "u2", ArgumentKind::Attack),
                Argument::new("u2", ["c"], "u1", ArgumentKind::Attack),
            ],
        };
        let index = MapIndex::new(&map);
        let v = visibility(&map, &index, &[true, false, false], None);
        assert!(v.is_shown(0));
        assert!(!v.is_shown(1), "b is in a's collapsed branch");
        assert_eq!(v.hidden_below(0).map(|h| h.count), Some(1));
        let v = visibility(
            &map,
            &index,
            &[],
            Some(Focus {
                claim: 1,
                depth: 50,
            }),
        );
        assert!(v.is_shown(0) && v.is_shown(1));
        let sub = sub_map(&map, &index, &v.shown);
        assert_eq!(sub.arguments, [0, 1]);
        assert_eq!(claims_at_depth(&map, &index, 1), [1]);
    }

    #[test]
    fn claims_at_depth_follow_the_walk_from_the_top() {
        let (map, index) = sample();
        let at = |d| {
            claims_at_depth(&map, &index, d)
                .into_iter()
                .map(|c| map.claims[c].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(at(0), ["c"]);
        assert_eq!(at(1), ["p", "q"]);
        assert!(at(2).is_empty());
    }

    #[test]
    fn the_sub_map_keeps_shown_claims_and_the_arguments_between_them() {
        let (map, index) = sample();
        let v = visibility(&map, &index, &collapsed(&map, &index, &["q", "p"]), None);
        let sub = sub_map(&map, &index, &v.shown);
        let ids: Vec<&str> = sub.map.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c", "p", "q", "y", "lone"]);
        let args: Vec<&str> = sub.map.arguments.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(args, ["s1", "u"]);
        assert_eq!(sub.claims, [0, 1, 2, 5, 6]);
        assert_eq!(sub.arguments, [0, 3]);
        assert_eq!(sub.map.conclusions, ["c"]);
        // Hiding one co-premise keeps the argument with the other.
        let mut shown = vec![true; 7];
        shown[2] = false;
        let sub = sub_map(&map, &index, &shown);
        assert_eq!(sub.map.arguments[0].premises, ["p"]);
    }
}
