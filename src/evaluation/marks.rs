//! The reader's marks: the claims they accept or reject, and the inferences
//! they judge to hold or to fail ("true, but it does not follow").
//!
//! A [`Mark`] is what is stored (by id, in the notes sidecar); [`Marks`]
//! is the same set resolved against one map, by claim and argument index,
//! which is what [`super::evaluate`] reads.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Map, MapIndex};

/// A mark as stored: on a claim (accepted, rejected) or on an argument's
/// inference (holds, fails). A claim or inference without a mark is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mark {
    /// The reader accepts the claim.
    Accepted,
    /// The reader rejects the claim.
    Rejected,
    /// The reader holds that the argument's inference holds, whatever
    /// undercuts it.
    Holds,
    /// The reader holds that the argument's inference fails: the premises
    /// may be true, but the target does not follow from them.
    Fails,
}

impl Mark {
    /// Every mark, claim marks first.
    pub const ALL: [Mark; 4] = [Mark::Accepted, Mark::Rejected, Mark::Holds, Mark::Fails];

    /// The mark as a lower-case word: "accepted", "rejected", "holds", "fails".
    pub fn label(self) -> &'static str {
        match self {
            Mark::Accepted => "accepted",
            Mark::Rejected => "rejected",
            Mark::Holds => "holds",
            Mark::Fails => "fails",
        }
    }

    /// Whether the mark is on a claim (rather than on an inference).
    pub fn is_claim_mark(self) -> bool {
        matches!(self, Mark::Accepted | Mark::Rejected)
    }

    /// The claim mark this is, if it is one.
    pub fn claim_mark(self) -> Option<ClaimMark> {
        match self {
            Mark::Accepted => Some(ClaimMark::Accepted),
            Mark::Rejected => Some(ClaimMark::Rejected),
            Mark::Holds | Mark::Fails => None,
        }
    }

    /// The inference mark this is, if it is one.
    pub fn inference_mark(self) -> Option<InferenceMark> {
        match self {
            Mark::Holds => Some(InferenceMark::Holds),
            Mark::Fails => Some(InferenceMark::Fails),
            Mark::Accepted | Mark::Rejected => None,
        }
    }
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The reader's verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimMark {
    /// Accepted: the claim is in, whatever bears on it.
    Accepted,
    /// Rejected: the claim is out, whatever bears on it.
    Rejected,
}

impl From<ClaimMark> for Mark {
    fn from(mark: ClaimMark) -> Self {
        match mark {
            ClaimMark::Accepted => Mark::Accepted,
            ClaimMark::Rejected => Mark::Rejected,
        }
    }
}

/// The reader's verdict on an argument's inference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InferenceMark {
    /// The inference holds: undercuts cannot defeat it.
    Holds,
    /// The inference fails: the argument is out, whatever its premises.
    Fails,
}

impl From<InferenceMark> for Mark {
    fn from(mark: InferenceMark) -> Self {
        match mark {
            InferenceMark::Holds => Mark::Holds,
            InferenceMark::Fails => Mark::Fails,
        }
    }
}

/// Why a stored mark could not be applied to a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnresolvedKind {
    /// No claim or argument of the map has the id.
    Unknown,
    /// A claim mark on the id of an argument.
    NotAClaim,
    /// An inference mark on the id of a claim.
    NotAnArgument,
}

/// A stored mark that names nothing it can apply to in the map (its claim
/// or argument left the map, or was renamed): an orphaned mark.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct UnresolvedMark {
    /// The id the mark is stored under.
    pub id: String,
    /// The mark.
    pub mark: Mark,
    /// Why it does not apply.
    pub kind: UnresolvedKind,
}

/// The marks on one map, by index: what the evaluation reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    claims: Vec<Option<ClaimMark>>,
    arguments: Vec<Option<InferenceMark>>,
}

impl Marks {
    /// No marks on a map with these many claims and arguments.
    pub fn none(claims: usize, arguments: usize) -> Self {
        Self {
            claims: vec![None; claims],
            arguments: vec![None; arguments],
        }
    }

    /// No marks on `map`.
    pub fn for_map(map: &Map) -> Self {
        Self::none(map.claims.len(), map.arguments.len())
    }

    /// Resolves marks stored by id against `map`: each claim mark must
    /// name a claim and each inference mark an argument. The marks that do
    /// not are returned, in the order given.
    pub fn from_ids<'a, I>(map: &Map, index: &MapIndex, marks: I) -> (Self, Vec<UnresolvedMark>)
    where
        I: IntoIterator<Item = (&'a str, Mark)>,
    {
        let mut resolved = Self::for_map(map);
        let mut unresolved = Vec::new();
        for (id, mark) in marks {
            let problem = match (mark.claim_mark(), mark.inference_mark()) {
                (Some(m), _) => match index.claim(id) {
                    Some(c) => {
                        resolved.claims[c] = Some(m);
                        continue;
                    }
                    None if index.argument(id).is_some() => UnresolvedKind::NotAClaim,
                    None => UnresolvedKind::Unknown,
                },
                (None, Some(m)) => match index.argument(id) {
                    Some(a) => {
                        resolved.arguments[a] = Some(m);
                        continue;
                    }
                    None if index.claim(id).is_some() => UnresolvedKind::NotAnArgument,
                    None => UnresolvedKind::Unknown,
                },
                (None, None) => UnresolvedKind::Unknown,
            };
            unresolved.push(UnresolvedMark {
                id: id.to_owned(),
                mark,
                kind: problem,
            });
        }
        (resolved, unresolved)
    }

    /// The mark on claim `claim` (`None`: open).
    pub fn claim(&self, claim: usize) -> Option<ClaimMark> {
        self.claims.get(claim).copied().flatten()
    }

    /// The mark on argument `argument`'s inference (`None`: open).
    pub fn argument(&self, argument: usize) -> Option<InferenceMark> {
        self.arguments.get(argument).copied().flatten()
    }

    /// Marks claim `claim` (`None` leaves it open). Indices past the end
    /// grow the table.
    pub fn set_claim(&mut self, claim: usize, mark: Option<ClaimMark>) {
        if claim >= self.claims.len() {
            self.claims.resize(claim + 1, None);
        }
        self.claims[claim] = mark;
    }

    /// Marks argument `argument`'s inference (`None` leaves it open).
    pub fn set_argument(&mut self, argument: usize, mark: Option<InferenceMark>) {
        if argument >= self.arguments.len() {
            self.arguments.resize(argument + 1, None);
        }
        self.arguments[argument] = mark;
    }

    /// Claims with a mark, in index order.
    pub fn marked_claims(&self) -> impl Iterator<Item = (usize, ClaimMark)> + '_ {
        self.claims
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|m| (i, m)))
    }

    /// Arguments with a mark, in index order.
    pub fn marked_arguments(&self) -> impl Iterator<Item = (usize, InferenceMark)> + '_ {
        self.arguments
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|m| (i, m)))
    }

    /// Number of marks.
    pub fn len(&self) -> usize {
        self.marked_claims().count() + self.marked_arguments().count()
    }

    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The marks by id, as stored.
    pub fn to_ids(&self, map: &Map) -> Vec<(String, Mark)> {
        let claims = self
            .marked_claims()
            .filter_map(|(c, m)| map.claims.get(c).map(|x| (x.id.clone(), m.into())));
        let arguments = self
            .marked_arguments()
            .filter_map(|(a, m)| map.arguments.get(a).map(|x| (x.id.clone(), m.into())));
        claims.chain(arguments).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Argument, ArgumentKind, Claim};

    #[test]
    fn marks_resolve_by_id_and_misfits_are_reported() {
        let map = Map {
            title: "t".into(),
            source: None,
            conclusions: vec![],
            claims: vec![Claim::new("c", "C"), Claim::new("p", "P")],
            arguments: vec![Argument::new("a", ["p"], "c", ArgumentKind::Support)],
        };
        let index = MapIndex::new(&map);
        let (marks, unresolved) = Marks::from_ids(
            &map,
            &index,
            [
                ("p", Mark::Rejected),
                ("a", Mark::Fails),
                ("gone", Mark::Accepted),
                ("a", Mark::Accepted),
                ("c", Mark::Holds),
            ],
        );
        assert_eq!(marks.claim(1), Some(ClaimMark::Rejected));
        assert_eq!(marks.claim(0), None);
        assert_eq!(marks.argument(0), Some(InferenceMark::Fails));
        let kinds: Vec<(&str, UnresolvedKind)> =
            unresolved.iter().map(|u| (u.id.as_str(), u.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("gone", UnresolvedKind::Unknown),
                ("a", UnresolvedKind::NotAClaim),
                ("c", UnresolvedKind::NotAnArgument),
            ]
        );
        assert_eq!(
            marks.to_ids(&map),
            [
                ("p".to_owned(), Mark::Rejected),
                ("a".to_owned(), Mark::Fails)
            ]
        );
        assert_eq!(marks.len(), 2);
    }
}
