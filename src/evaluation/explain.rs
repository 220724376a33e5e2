//! Why each claim and argument has its status: a structured reason (which
//! claims and arguments decided it), and an explanation in words whose
//! every mention of a claim is a [`Segment::Claim`], so the viewer can make
//! it a link and the command line can print the claim's id.

use crate::model::MapIndex;

use super::graph::Effect;
use super::marks::{ClaimMark, InferenceMark};
use super::{Evaluation, Status};

/// Why a claim has its status. Claims are claim indices, arguments
/// argument indices; a claim shares the reason of the claims that restate
/// it (they are one statement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimReason {
    /// The reader marked the claim, or a claim that restates it (`by`).
    Marked {
        /// Accepted (in) or rejected (out).
        mark: ClaimMark,
        /// The claim that carries the mark.
        by: usize,
    },
    /// The reader accepted some restatements of the claim and rejected
    /// others: undecided.
    ConflictingMarks {
        /// The restatements accepted.
        accepted: Vec<usize>,
        /// The restatements rejected.
        rejected: Vec<usize>,
    },
    /// Nothing supports the claim: an open assumption, in when the reading
    /// grants it and every attack on it is out, out when it does not.
    Assumption {
        /// Whether the reading grants it.
        granted: bool,
        /// The attacks on it (all out when it is in).
        attacks: Vec<usize>,
    },
    /// In: these supports are in, and every attack is out.
    Supported {
        /// The supports that are in.
        supports: Vec<usize>,
        /// Every attack on it (all out).
        attacks: Vec<usize>,
    },
    /// Out: these attacks on it are in.
    Defeated {
        /// The attacks that are in.
        attacks: Vec<usize>,
    },
    /// Out: every support into it is out.
    Unsupported {
        /// Every support into it (all out).
        supports: Vec<usize>,
    },
    /// Undecided: no attack is in and not every support is out, but these
    /// supports or attacks are undecided.
    Undecided {
        /// Nothing supports it (it is an assumption the reading grants).
        assumption: bool,
        /// The undecided supports, when no support is in.
        supports: Vec<usize>,
        /// The undecided attacks.
        attacks: Vec<usize>,
        /// It lies on a circle of undecided arguments that depend on each
        /// other (an odd circle of attacks, for instance).
        cycle: bool,
    },
}

/// Why an argument has its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentReason {
    /// A rephrase: it joins its claims into one statement (in) unless the
    /// reader marked it as failing (out).
    Rephrase {
        /// Whether it joins its claims.
        joined: bool,
    },
    /// Out: the reader marked its inference as failing.
    Fails,
    /// Out: these premises are out.
    PremisesOut {
        /// The premises that are out.
        premises: Vec<usize>,
    },
    /// Out: these undercuts of it are in.
    Undercut {
        /// The undercuts that are in.
        by: Vec<usize>,
    },
    /// In: every premise is in, and its inference stands.
    Stands {
        /// The reader marked its inference as holding.
        holds: bool,
        /// Every undercut of it (all out unless `holds`).
        undercuts: Vec<usize>,
    },
    /// Undecided: no premise is out and no undercut in, but these are
    /// undecided.
    Undecided {
        /// The undecided premises.
        premises: Vec<usize>,
        /// The undecided undercuts.
        undercuts: Vec<usize>,
    },
}

/// One piece of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Words.
    Text(String),
    /// A claim, by index: a link in the viewer, an id on the command line.
    Claim(usize),
}

/// An explanation in words of a claim's or an argument's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The status explained.
    pub status: Status,
    /// The words, with the claims they name.
    pub segments: Vec<Segment>,
}

impl Explanation {
    /// The explanation as plain text, each claim written by `name`.
    pub fn render(&self, name: impl Fn(usize) -> String) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.clone(),
                Segment::Claim(c) => name(*c),
            })
            .collect()
    }

    /// The claims the explanation names, in order, each once.
    pub fn claims(&self) -> Vec<usize> {
        let mut claims = Vec::new();
        for s in &self.segments {
            if let Segment::Claim(c) = s
                && !claims.contains(c)
            {
                claims.push(*c);
            }
        }
        claims
    }
}

/// A claim's text shortened for a sentence that names it: the first words,
/// up to about 48 characters, in quotes: "‘Military strength is a…’".
pub fn short_quote(text: &str) -> String {
    const MAX: usize = 48;
    let mut short = String::new();
    for word in text.split_whitespace() {
        if !short.is_empty() && short.chars().count() + 1 + word.chars().count() > MAX {
            short.truncate(short.trim_end_matches([',', ';', ':', '.']).len());
            short.push('…');
            return format!("‘{short}’");
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    format!("‘{short}’")
}

/// How many supports or attacks an explanation names before "and N more".
const LIST_LIMIT: usize = 3;

impl Evaluation {
    /// Why claim `claim` has its status.
    pub fn claim_reason(&self, claim: usize) -> ClaimReason {
        let Some(&g) = self.graph.group_of.get(claim) else {
            return ClaimReason::Undecided {
                assumption: false,
                supports: Vec::new(),
                attacks: Vec::new(),
                cycle: false,
            };
        };
        let g = g as usize;
        let members = self.graph.members(g);
        let marked = |mark: ClaimMark| -> Vec<usize> {
            members
                .iter()
                .copied()
                .filter(|&c| self.marks.claim(c) == Some(mark))
                .collect()
        };
        let accepted = marked(ClaimMark::Accepted);
        let rejected = marked(ClaimMark::Rejected);
        match (accepted.is_empty(), rejected.is_empty()) {
            (false, false) => return ClaimReason::ConflictingMarks { accepted, rejected },
            (false, true) | (true, false) => {
                let (mark, by) = if accepted.is_empty() {
                    (ClaimMark::Rejected, rejected)
                } else {
                    (ClaimMark::Accepted, accepted)
                };
                let by = if by.contains(&claim) { claim } else { by[0] };
                return ClaimReason::Marked { mark, by };
            }
            (true, true) => {}
        }
        let mut supports = Vec::new();
        let mut attacks = Vec::new();
        for &a in self.graph.incoming.get(g) {
            match self.graph.effect[a as usize] {
                Effect::Support(_) => supports.push(a as usize),
                Effect::Attack(_) => attacks.push(a as usize),
                Effect::Undercut(_) | Effect::Inert => {}
            }
        }
        let with = |list: &[usize], status: Status| -> Vec<usize> {
            list.iter()
                .copied()
                .filter(|&a| self.argument(a) == status)
                .collect()
        };
        match self.labels.groups[g] {
            Status::In if supports.is_empty() => ClaimReason::Assumption {
                granted: true,
                attacks,
            },
            Status::In => ClaimReason::Supported {
                supports: with(&supports, Status::In),
                attacks,
            },
            Status::Out => {
                let defeating = with(&attacks, Status::In);
                if !defeating.is_empty() {
                    ClaimReason::Defeated { attacks: defeating }
                } else if supports.is_empty() {
                    ClaimReason::Assumption {
                        granted: false,
                        attacks,
                    }
                } else {
                    ClaimReason::Unsupported { supports }
                }
            }
            Status::Undecided => {
                let any_in = supports.iter().any(|&a| self.argument(a) == Status::In);
                ClaimReason::Undecided {
                    assumption: supports.is_empty(),
                    supports: if any_in {
                        Vec::new()
                    } else {
                        with(&supports, Status::Undecided)
                    },
                    attacks: with(&attacks, Status::Undecided),
                    cycle: self.on_undecided_cycle(claim),
                }
            }
        }
    }

    /// Why argument `argument` has its status (`index` gives its premises).
    pub fn argument_reason(&self, index: &MapIndex, argument: usize) -> ArgumentReason {
        let status = self.argument(argument);
        if self.graph.rephrase.get(argument).copied().unwrap_or(false) {
            return ArgumentReason::Rephrase {
                joined: status == Status::In,
            };
        }
        let mark = self.marks.argument(argument);
        let premises = index.premises(argument);
        let premises_with = |s: Status| -> Vec<usize> {
            let mut list: Vec<usize> = premises
                .iter()
                .copied()
                .filter(|&p| self.claim(p) == s)
                .collect();
            list.dedup();
            list
        };
        let undercuts: Vec<usize> = self
            .graph
            .undercuts
            .get(argument)
            .iter()
            .map(|&u| u as usize)
            .collect();
        let undercuts_with = |s: Status| -> Vec<usize> {
            undercuts
                .iter()
                .copied()
                .filter(|&u| self.argument(u) == s)
                .collect()
        };
        match status {
            Status::Out if mark == Some(InferenceMark::Fails) => ArgumentReason::Fails,
            Status::Out => {
                let out = premises_with(Status::Out);
                if out.is_empty() {
                    ArgumentReason::Undercut {
                        by: undercuts_with(Status::In),
                    }
                } else {
                    ArgumentReason::PremisesOut { premises: out }
                }
            }
            Status::In => ArgumentReason::Stands {
                holds: mark == Some(InferenceMark::Holds),
                undercuts,
            },
            Status::Undecided => ArgumentReason::Undecided {
                premises: premises_with(Status::Undecided),
                undercuts: if mark == Some(InferenceMark::Holds) {
                    Vec::new()
                } else {
                    undercuts_with(Status::Undecided)
                },
            },
        }
    }
}

/// Explains claim `claim`'s status in words.
pub fn explain_claim(index: &MapIndex, evaluation: &Evaluation, claim: usize) -> Explanation {
    explain(index, evaluation, evaluation.claim(claim), |words, w| {
        words.claim_sentence(w, claim);
    })
}

/// Explains argument `argument`'s status in words.
pub fn explain_argument(index: &MapIndex, evaluation: &Evaluation, argument: usize) -> Explanation {
    explain(
        index,
        evaluation,
        evaluation.argument(argument),
        |words, w| {
            words.argument_sentence(w, argument);
        },
    )
}

/// "In: ", "Out: " or "Undecided: ", then what `sentence` writes, then a
/// full stop.
fn explain(
    index: &MapIndex,
    evaluation: &Evaluation,
    status: Status,
    sentence: impl FnOnce(&Words<'_>, &mut Writer),
) -> Explanation {
    let words = Words {
        index,
        eval: evaluation,
    };
    let mut w = Writer::default();
    w.text(match status {
        Status::In => "In: ",
        Status::Out => "Out: ",
        Status::Undecided => "Undecided: ",
    });
    sentence(&words, &mut w);
    w.text(".");
    Explanation {
        status,
        segments: w.segments,
    }
}

/// Builds the segments of an explanation.
#[derive(Default)]
struct Writer {
    segments: Vec<Segment>,
}

impl Writer {
    fn text(&mut self, text: &str) {
        if let Some(Segment::Text(last)) = self.segments.last_mut() {
            last.push_str(text);
        } else {
            self.segments.push(Segment::Text(text.to_owned()));
        }
    }

    fn claim(&mut self, claim: usize) {
        self.segments.push(Segment::Claim(claim));
    }

    /// "its premise P is STATUS", "its premises P and Q are STATUS".
    fn premises_are(&mut self, premises: &[usize], status: &str) {
        let (noun, verb) = if premises.len() == 1 {
            ("its premise ", "is")
        } else {
            ("its premises ", "are")
        };
        self.text(noun);
        self.claims(premises);
        self.text(&format!(" {verb} {status}"));
    }

    /// "a", "a and b", "a, b and c".
    fn claims(&mut self, claims: &[usize]) {
        for (i, &c) in claims.iter().enumerate() {
            if i > 0 {
                self.text(if i + 1 == claims.len() { " and " } else { ", " });
            }
            self.claim(c);
        }
    }
}

/// Writes explanations of one evaluation.
struct Words<'a> {
    index: &'a MapIndex,
    eval: &'a Evaluation,
}

impl Words<'_> {
    fn premises(&self, argument: usize) -> &[usize] {
        self.index.premises(argument)
    }

    /// The claims that say the same as `claim` (through rephrases) and
    /// that the arguments deciding its statement bear on: "it says the same
    /// as X" explains why those arguments count for `claim`.
    fn restated_targets(&self, claim: usize) -> Vec<usize> {
        let Some(&g) = self.eval.graph.group_of.get(claim) else {
            return Vec::new();
        };
        let mut targets = Vec::new();
        for &a in self.eval.graph.incoming.get(g as usize) {
            if let Some(t) = self.index.target_claim(a as usize)
                && t != claim
                && !targets.contains(&t)
            {
                targets.push(t);
            }
        }
        targets
    }

    /// The whole sentence after "In: ", "Out: " or "Undecided: ".
    fn claim_sentence(&self, w: &mut Writer, claim: usize) {
        let reason = self.eval.claim_reason(claim);
        if !matches!(
            reason,
            ClaimReason::Marked { .. } | ClaimReason::ConflictingMarks { .. }
        ) {
            let restated = self.restated_targets(claim);
            if !restated.is_empty() {
                w.text("it says the same as ");
                w.claims(&restated);
                w.text(", and ");
            }
        }
        match reason {
            ClaimReason::Marked { mark, by } => {
                let verb = match mark {
                    ClaimMark::Accepted => "accepted",
                    ClaimMark::Rejected => "rejected",
                };
                if by == claim {
                    w.text(&format!("you {verb} it"));
                } else {
                    w.text(&format!("you {verb} "));
                    w.claim(by);
                    w.text(", which says the same in other words");
                }
                // Say so when the mark goes against what bears on it.
                let against = match mark {
                    ClaimMark::Accepted => self.incoming_with(claim, Status::In, true),
                    ClaimMark::Rejected
                        if self.incoming_with(claim, Status::In, true).is_empty() =>
                    {
                        self.incoming_with(claim, Status::In, false)
                    }
                    ClaimMark::Rejected => Vec::new(),
                };
                if let Some(&x) = against.first() {
                    w.text(", although ");
                    self.name_argument(w, x);
                    w.text(" is in");
                }
            }
            ClaimReason::ConflictingMarks { accepted, rejected } => {
                w.text("you accepted ");
                w.claims(&accepted);
                w.text(" but rejected ");
                w.claims(&rejected);
                w.text(", and they say the same in other words");
            }
            ClaimReason::Assumption { granted, attacks } => {
                if granted {
                    w.text("nothing supports it, so it is an open assumption, granted on the charitable reading");
                    self.answered_attacks(w, &attacks);
                } else {
                    w.text("nothing supports it, and the sceptical reading does not grant open assumptions");
                }
            }
            ClaimReason::Supported { supports, attacks } => {
                if let Some(&s) = supports.first() {
                    self.support_in_clause(w, s);
                }
                let others = supports.len().saturating_sub(1);
                match others {
                    0 => {}
                    1 => w.text(", as is 1 other reason for it"),
                    n => w.text(&format!(", as are {n} other reasons for it")),
                }
                self.answered_attacks(w, &attacks);
            }
            ClaimReason::Defeated { attacks } => {
                if let Some(&x) = attacks.first() {
                    self.attack_in_clause(w, x);
                }
                match attacks.len().saturating_sub(1) {
                    0 => {}
                    1 => w.text("; 1 more objection to it is in"),
                    n => w.text(&format!("; {n} more objections to it are in")),
                }
            }
            ClaimReason::Unsupported { supports } => {
                if supports.len() > 1 {
                    w.text("every reason for it is out: ");
                }
                for (i, &s) in supports.iter().take(LIST_LIMIT).enumerate() {
                    if i > 0 {
                        w.text("; ");
                    }
                    self.support_out_clause(w, s);
                }
                if supports.len() > LIST_LIMIT {
                    w.text(&format!("; and {} more", supports.len() - LIST_LIMIT));
                }
            }
            ClaimReason::Undecided {
                assumption,
                supports,
                attacks,
                cycle,
            } => {
                let mut parts = 0;
                if assumption {
                    w.text("nothing supports it (granted as an open assumption), but ");
                }
                for &s in supports.iter().take(LIST_LIMIT) {
                    if parts > 0 {
                        w.text(" and ");
                    }
                    self.name_support(w, s);
                    w.text(" is undecided");
                    parts += 1;
                }
                for &x in attacks.iter().take(LIST_LIMIT) {
                    if parts > 0 {
                        w.text(" and ");
                    }
                    self.name_argument(w, x);
                    w.text(" is undecided");
                    parts += 1;
                }
                if parts == 0 {
                    w.text("it depends on something undecided");
                }
                if cycle {
                    w.text("; it lies on a circle of arguments that nothing settles");
                }
            }
        }
    }

    /// The attacks (or, with `attacks` false, the supports) into the
    /// statement of `claim` that have `status`.
    fn incoming_with(&self, claim: usize, status: Status, attacks: bool) -> Vec<usize> {
        let Some(&g) = self.eval.graph.group_of.get(claim) else {
            return Vec::new();
        };
        self.eval
            .graph
            .incoming
            .get(g as usize)
            .iter()
            .map(|&a| a as usize)
            .filter(|&a| match self.eval.graph.effect[a] {
                Effect::Attack(_) => attacks,
                Effect::Support(_) => !attacks,
                Effect::Undercut(_) | Effect::Inert => false,
            })
            .filter(|&a| self.eval.argument(a) == status)
            .collect()
    }

    /// ", and the objection X is out, because …" for each attack (all out).
    fn answered_attacks(&self, w: &mut Writer, attacks: &[usize]) {
        for (i, &x) in attacks.iter().take(LIST_LIMIT).enumerate() {
            w.text(if i == 0 { ", and " } else { "; and " });
            self.name_argument(w, x);
            w.text(" is out, because ");
            self.argument_out_why(w, x);
        }
        if attacks.len() > LIST_LIMIT {
            w.text(&format!(
                "; and {} more objections are out",
                attacks.len() - LIST_LIMIT
            ));
        }
    }

    /// "its reason P is in", "both co-premises P and Q are in".
    fn support_in_clause(&self, w: &mut Writer, support: usize) {
        let premises = self.premises(support);
        match premises.len() {
            0 => w.text("an argument without premises supports it"),
            1 => {
                w.text("its reason ");
                w.claim(premises[0]);
                w.text(" is in");
            }
            2 => {
                w.text("both co-premises ");
                w.claims(premises);
                w.text(" are in");
            }
            n => {
                w.text(&format!("all {n} co-premises "));
                w.claims(premises);
                w.text(" are in");
            }
        }
    }

    /// Why support `support` is out, as a clause about the claim it
    /// supports: "its reason P is out, because you rejected it".
    fn support_out_clause(&self, w: &mut Writer, support: usize) {
        let premises = self.premises(support);
        match self.eval.argument_reason(self.index, support) {
            ArgumentReason::Fails => {
                w.text("you marked the inference from ");
                w.claims(premises);
                w.text(" as failing");
            }
            ArgumentReason::PremisesOut { premises: out } => {
                let (single, plural) = if premises.len() == 1 {
                    ("its reason ", "its reasons ")
                } else {
                    ("its co-premise ", "its co-premises ")
                };
                if let [p] = out[..] {
                    w.text(single);
                    w.claim(p);
                    w.text(" is out, because ");
                    self.claim_out_why(w, p);
                } else {
                    w.text(plural);
                    w.claims(&out);
                    w.text(" are out");
                }
            }
            ArgumentReason::Undercut { by } => {
                w.text("the inference from ");
                w.claims(premises);
                w.text(" is undercut by ");
                self.undercutters(w, &by);
            }
            // Not out: say what it is.
            _ => {
                self.name_support(w, support);
                w.text(&format!(" is {}", self.eval.argument(support)));
            }
        }
    }

    /// "the objection O is in, granted as an open assumption, and nothing
    /// undercuts it".
    fn attack_in_clause(&self, w: &mut Writer, attack: usize) {
        self.name_argument(w, attack);
        w.text(" is in");
        let premises = self.premises(attack);
        if let [p] = premises[..] {
            w.text(", ");
            self.claim_in_why(w, p);
        }
        match self.eval.argument_reason(self.index, attack) {
            ArgumentReason::Stands { holds: true, .. } => {
                w.text(", and you hold that its inference holds");
            }
            ArgumentReason::Stands { undercuts, .. } if undercuts.is_empty() => {
                w.text(", and nothing undercuts it");
            }
            ArgumentReason::Stands { undercuts, .. } => {
                for (i, &u) in undercuts.iter().take(LIST_LIMIT).enumerate() {
                    w.text(if i == 0 { ", and " } else { "; and " });
                    self.name_argument(w, u);
                    w.text(" is out, because ");
                    self.argument_out_why(w, u);
                }
            }
            _ => {}
        }
    }

    /// Why argument `argument` (named just before) is out.
    fn argument_out_why(&self, w: &mut Writer, argument: usize) {
        match self.eval.argument_reason(self.index, argument) {
            ArgumentReason::Fails => w.text("you marked its inference as failing"),
            ArgumentReason::PremisesOut { premises } => {
                if self.premises(argument).len() == 1 {
                    self.claim_out_why(w, premises[0]);
                } else if let [p] = premises[..] {
                    w.text("its co-premise ");
                    w.claim(p);
                    w.text(" is out (");
                    self.claim_out_why(w, p);
                    w.text(")");
                } else {
                    w.text("its co-premises ");
                    w.claims(&premises);
                    w.text(" are out");
                }
            }
            ArgumentReason::Undercut { by } => {
                w.text("its inference is undercut by ");
                self.undercutters(w, &by);
            }
            _ => w.text(&format!("it is {}", self.eval.argument(argument))),
        }
    }

    /// "U, which you accepted" for the premises of the undercuts `by`.
    fn undercutters(&self, w: &mut Writer, by: &[usize]) {
        let Some(&u) = by.first() else {
            w.text("an undercut that is in");
            return;
        };
        let premises = self.premises(u);
        w.claims(premises);
        if let [p] = premises[..] {
            w.text(", ");
            self.claim_in_why(w, p);
        } else {
            w.text(", which are all in");
        }
    }

    /// Why claim `claim` (named just before) is out, as a clause:
    /// "you rejected it", "the objection X defeats it".
    fn claim_out_why(&self, w: &mut Writer, claim: usize) {
        match self.eval.claim_reason(claim) {
            ClaimReason::Marked { by, .. } if by == claim => w.text("you rejected it"),
            ClaimReason::Marked { by, .. } => {
                w.text("you rejected ");
                w.claim(by);
                w.text(", which says the same");
            }
            ClaimReason::Assumption { .. } => {
                w.text("the sceptical reading does not grant it as an assumption");
            }
            ClaimReason::Defeated { attacks } => {
                if let Some(&x) = attacks.first() {
                    self.name_argument(w, x);
                    w.text(" defeats it");
                }
            }
            ClaimReason::Unsupported { supports } => {
                if let [s] = supports[..] {
                    self.name_support(w, s);
                    w.text(" is out");
                } else {
                    w.text("every reason for it is out");
                }
            }
            ClaimReason::ConflictingMarks { .. }
            | ClaimReason::Supported { .. }
            | ClaimReason::Undecided { .. } => {
                w.text(&format!("it is {}", self.eval.claim(claim)));
            }
        }
    }

    /// Why claim `claim` (named just before) is in, as a clause:
    /// "which you accepted", "granted as an open assumption".
    fn claim_in_why(&self, w: &mut Writer, claim: usize) {
        match self.eval.claim_reason(claim) {
            ClaimReason::Marked { by, .. } if by == claim => w.text("which you accepted"),
            ClaimReason::Marked { by, .. } => {
                w.text("as you accepted ");
                w.claim(by);
                w.text(", which says the same");
            }
            ClaimReason::Assumption { .. } => w.text("granted as an open assumption"),
            ClaimReason::Supported { .. } => w.text("which its own reasons support"),
            _ => w.text(&format!("which is {}", self.eval.claim(claim))),
        }
    }

    /// "its reason P", "the reason from P and Q".
    fn name_support(&self, w: &mut Writer, support: usize) {
        let premises = self.premises(support);
        if let [p] = premises[..] {
            w.text("its reason ");
            w.claim(p);
        } else {
            w.text("the reason from ");
            w.claims(premises);
        }
    }

    /// "the objection O", "the objection from P and Q", "the undercut U",
    /// "the reason R".
    fn name_argument(&self, w: &mut Writer, argument: usize) {
        let noun = match self.eval.graph.effect.get(argument) {
            Some(Effect::Attack(_)) => "objection",
            Some(Effect::Undercut(_)) => "undercut",
            Some(Effect::Support(_)) => "reason",
            Some(Effect::Inert) | None => "argument",
        };
        let premises = self.premises(argument);
        if let [p] = premises[..] {
            w.text(&format!("the {noun} "));
            w.claim(p);
        } else {
            w.text(&format!("the {noun} from "));
            w.claims(premises);
        }
    }

    /// The sentence explaining an argument's status.
    fn argument_sentence(&self, w: &mut Writer, argument: usize) {
        let premises = self.premises(argument);
        match self.eval.argument_reason(self.index, argument) {
            ArgumentReason::Rephrase { joined } => {
                let target = self.index.target_claim(argument);
                if joined {
                    w.claims(premises);
                    w.text(" and ");
                    if let Some(t) = target {
                        w.claim(t);
                    }
                    w.text(" say the same, so they share one status");
                } else {
                    w.text("you marked that ");
                    w.claims(premises);
                    w.text(" does not say the same as ");
                    if let Some(t) = target {
                        w.claim(t);
                    }
                }
            }
            ArgumentReason::Fails => w.text("you marked its inference as failing"),
            ArgumentReason::PremisesOut { premises: out } => w.premises_are(&out, "out"),
            ArgumentReason::Undercut { by } => {
                w.text("its inference is undercut by ");
                self.undercutters(w, &by);
            }
            ArgumentReason::Stands { holds, undercuts } => {
                w.text(if premises.len() == 1 {
                    "its premise is in"
                } else {
                    "its premises are all in"
                });
                if holds {
                    w.text(", and you hold that its inference holds");
                } else if undercuts.is_empty() {
                    w.text(", and nothing undercuts it");
                } else {
                    w.text(", and every undercut of it is out");
                }
            }
            ArgumentReason::Undecided {
                premises: undecided,
                undercuts,
            } => {
                if !undecided.is_empty() {
                    w.premises_are(&undecided, "undecided");
                }
                for &u in undercuts.iter().take(LIST_LIMIT) {
                    w.text(if undecided.is_empty() { "" } else { " and " });
                    self.name_argument(w, u);
                    w.text(" is undecided");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_listed_with_commas_and_and() {
        let mut w = Writer::default();
        w.text("x ");
        w.claims(&[1, 2, 3]);
        let e = Explanation {
            status: Status::In,
            segments: w.segments,
        };
        assert_eq!(e.render(|c| format!("#{c}")), "x #1, #2 and #3");
        assert_eq!(e.claims(), [1, 2, 3]);
    }
}
