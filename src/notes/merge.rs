//! Three-way merge of notes by note id, and of marks by the id of what they
//! mark, for when the notes file changed on disk (another window, a sync
//! tool) since this store loaded it.
//!
//! `base` is the file as loaded, `ours` the store's notes, `theirs` the file
//! as it is now. Notes added on either side are kept, a change made on one
//! side only is taken, deletions are honoured, and where both sides changed
//! the same note differently both versions are kept. Nothing is dropped
//! unless one side deleted a note that the other left unchanged.
//!
//! A mark is one value per claim or argument (none meaning open): a change
//! made on one side only is taken; when both sides changed it differently,
//! this side's mark wins (it is the reader acting now) and the conflict is
//! reported.

use std::collections::BTreeSet;

use super::format::MarkMap;
use super::{Note, NoteId, NoteMap};
use crate::evaluation::Mark;

/// How the two sides disagreed about one note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// Both sides changed the note differently: ours keeps the id, theirs
    /// is kept as a copy.
    BothChanged,
    /// We changed the note, the other side deleted it: ours is kept.
    ChangedHereDeletedThere,
    /// We deleted the note, the other side changed it: theirs is kept.
    DeletedHereChangedThere,
    /// Both sides added different notes with the same id (extremely
    /// unlikely with random ids): ours keeps the id, theirs gets a new one.
    SameIdAdded,
}

/// One note both sides changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct MergeConflict {
    /// How they disagreed.
    pub kind: ConflictKind,
    /// The note's id.
    pub id: NoteId,
    /// The id under which the other side's version was kept, when both
    /// versions were kept.
    pub copy: Option<NoteId>,
}

/// One mark both sides changed differently; this side's was kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct MarkConflict {
    /// The id of the claim or argument marked.
    pub id: String,
    /// The mark kept (this side's; `None`: open).
    pub kept: Option<Mark>,
    /// The other side's mark, which was dropped.
    pub dropped: Option<Mark>,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergeReport {
    /// Notes and marks the other side added, changed or deleted that were
    /// taken over.
    pub taken_from_disk: usize,
    /// Notes both sides changed.
    pub conflicts: Vec<MergeConflict>,
    /// Marks both sides changed differently.
    pub mark_conflicts: Vec<MarkConflict>,
}

/// Merges the marks `ours` and `theirs`, both descended from `base`;
/// returns the merged marks, how many were taken from `theirs`, and the
/// conflicts (where `ours` won).
pub fn merge_marks(
    base: &MarkMap,
    ours: &MarkMap,
    theirs: &MarkMap,
) -> (MarkMap, usize, Vec<MarkConflict>) {
    let ids: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = MarkMap::new();
    let mut taken = 0;
    let mut conflicts = Vec::new();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let result = if o == t || t == b {
            o
        } else if o == b {
            taken += 1;
            t
        } else {
            conflicts.push(MarkConflict {
                id: id.clone(),
                kept: o.copied(),
                dropped: t.copied(),
            });
            o
        };
        if let Some(&mark) = result {
            merged.insert(id.clone(), mark);
        }
    }
    (merged, taken, conflicts)
}

/// Merges `ours` and `theirs`, both descended from `base`.
pub fn merge(base: &NoteMap, ours: &NoteMap, theirs: &NoteMap) -> (NoteMap, MergeReport) {
    let ids: BTreeSet<&NoteId> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = NoteMap::new();
    let mut report = MergeReport::default();
    let mut copies: Vec<Note> = Vec::new();
    for id in ids {
        let (b, o, t) = (base.get(id), ours.get(id), theirs.get(id));
        let keep = |n: Option<&Note>| n.cloned();
        let result = match (b, o, t) {
            (_, o, t) if o == t => keep(o),
            // The same change made on both sides, at different times.
            (_, Some(o), Some(t)) if o.claim == t.claim && o.text == t.text => {
                Some(if t.edited > o.edited { t } else { o }.clone())
            }
            (b, o, t) if o == b => {
                report.taken_from_disk += 1;
                keep(t)
            }
            (b, o, t) if t == b => keep(o),
            // Both sides differ from the base and from each other.
            (Some(_), Some(o), Some(t)) => {
                copies.push(t.clone());
                report.conflicts.push(MergeConflict {
                    kind: ConflictKind::BothChanged,
                    id: id.clone(),
                    copy: None,
                });
                Some(o.clone())
            }
            (Some(_), Some(o), None) => {
                report.conflicts.push(MergeConflict {
                    kind: ConflictKind::ChangedHereDeletedThere,
                    id: id.clone(),
                    copy: None,
                });
                Some(o.clone())
            }
            (Some(_), None, Some(t)) => {
                report.conflicts.push(MergeConflict {
                    kind: ConflictKind::DeletedHereChangedThere,
                    id: id.clone(),
                    copy: None,
                });
                Some(t.clone())
            }
            (None, Some(o), Some(t)) => {
                copies.push(t.clone());
                report.conflicts.push(MergeConflict {
                    kind: ConflictKind::SameIdAdded,
                    id: id.clone(),
                    copy: None,
                });
                Some(o.clone())
            }
            // Unreachable combinations: with `o != t`, `o != b` and
            // `t != b`, at least two of the three are present and the cases
            // above cover them. Keep whichever side has the note.
            (_, o, t) => keep(o.or(t)),
        };
        if let Some(note) = result {
            merged.insert(id.clone(), note);
        }
    }
    // Copies get fresh ids, unused on every side.
    let mut conflicts_with_copies = report.conflicts.iter_mut().filter(|c| {
        matches!(
            c.kind,
            ConflictKind::BothChanged | ConflictKind::SameIdAdded
        )
    });
    for mut copy in copies {
        let new_id = loop {
            let candidate = NoteId::random();
            if !merged.contains_key(&candidate)
                && !base.contains_key(&candidate)
                && !theirs.contains_key(&candidate)
            {
                break candidate;
            }
        };
        if let Some(conflict) = conflicts_with_copies.next() {
            conflict.copy = Some(new_id.clone());
        }
        copy.id = new_id.clone();
        merged.insert(new_id, copy);
    }
    (merged, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone as _, Utc};

    fn note(id: &str, claim: &str, text: &str) -> Note {
        let t = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("a valid time");
        Note {
            id: NoteId::from(id),
            claim: claim.into(),
            text: text.into(),
            created: t,
            edited: t,
        }
    }

    fn map(notes: &[Note]) -> NoteMap {
        notes.iter().map(|n| (n.id.clone(), n.clone())).collect()
    }

    #[test]
    fn marks_merge_one_sided_changes_and_keep_ours_on_conflict() {
        let marks = |pairs: &[(&str, Mark)]| -> MarkMap {
            pairs.iter().map(|&(id, m)| (id.to_owned(), m)).collect()
        };
        let base = marks(&[
            ("kept", Mark::Accepted),
            ("cleared-there", Mark::Rejected),
            ("changed-here", Mark::Holds),
            ("both", Mark::Accepted),
        ]);
        let ours = marks(&[
            ("kept", Mark::Accepted),
            ("cleared-there", Mark::Rejected),
            ("changed-here", Mark::Fails),
            ("both", Mark::Rejected),
            ("new-here", Mark::Accepted),
        ]);
        let theirs = marks(&[
            ("kept", Mark::Accepted),
            ("changed-here", Mark::Holds),
            ("new-there", Mark::Fails),
        ]);
        let (merged, taken, conflicts) = merge_marks(&base, &ours, &theirs);
        assert_eq!(
            merged,
            marks(&[
                ("both", Mark::Rejected),
                ("changed-here", Mark::Fails),
                ("kept", Mark::Accepted),
                ("new-here", Mark::Accepted),
                ("new-there", Mark::Fails),
            ])
        );
        assert_eq!(taken, 2, "cleared-there and new-there");
        assert_eq!(
            conflicts,
            [MarkConflict {
                id: "both".into(),
                kept: Some(Mark::Rejected),
                dropped: None,
            }]
        );
    }

    #[test]
    fn additions_on_both_sides_are_kept() {
        let base = map(&[note("a", "c1", "base")]);
        let ours = map(&[note("a", "c1", "base"), note("b", "c1", "ours")]);
        let theirs = map(&[note("a", "c1", "base"), note("c", "c2", "theirs")]);
        let (merged, report) = merge(&base, &ours, &theirs);
        let texts: Vec<&str> = merged.values().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["base", "ours", "theirs"]);
        assert_eq!(report.taken_from_disk, 1);
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn one_sided_edits_and_deletions_are_taken() {
        let base = map(&[
            note("a", "c1", "a0"),
            note("b", "c1", "b0"),
            note("d", "c1", "d0"),
        ]);
        let ours = map(&[note("a", "c1", "a-ours"), note("b", "c1", "b0")]);
        let theirs = map(&[note("a", "c1", "a0"), note("d", "c1", "d0")]);
        let (merged, report) = merge(&base, &ours, &theirs);
        // a: edited here; b: deleted there; d: deleted here.
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[&NoteId::from("a")].text, "a-ours");
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn the_same_edit_on_both_sides_is_no_conflict() {
        let base = map(&[note("a", "c1", "base")]);
        let mut ours = note("a", "c1", "same");
        let mut theirs = ours.clone();
        ours.edited += chrono::TimeDelta::seconds(5);
        theirs.edited += chrono::TimeDelta::seconds(9);
        let (merged, report) = merge(&base, &map(&[ours]), &map(&[theirs.clone()]));
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[&NoteId::from("a")], theirs);
        assert!(report.conflicts.is_empty());
    }

    #[test]
    fn conflicting_edits_keep_both_versions() {
        let base = map(&[note("a", "c1", "base")]);
        let ours = map(&[note("a", "c1", "ours")]);
        let theirs = map(&[note("a", "c1", "theirs")]);
        let (merged, report) = merge(&base, &ours, &theirs);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[&NoteId::from("a")].text, "ours");
        let copy = report.conflicts[0].copy.clone().expect("a copy");
        assert_eq!(merged[&copy].text, "theirs");
        assert_eq!(report.conflicts[0].kind, ConflictKind::BothChanged);
    }

    #[test]
    fn an_edit_beats_a_deletion_on_the_other_side() {
        let base = map(&[note("a", "c1", "base"), note("b", "c1", "base")]);
        let ours = map(&[note("a", "c1", "edited here")]);
        let theirs = map(&[note("b", "c2", "moved there")]);
        let (merged, report) = merge(&base, &ours, &theirs);
        assert_eq!(merged[&NoteId::from("a")].text, "edited here");
        assert_eq!(merged[&NoteId::from("b")].claim, "c2");
        let kinds: Vec<ConflictKind> = report.conflicts.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ConflictKind::ChangedHereDeletedThere,
                ConflictKind::DeletedHereChangedThere
            ]
        );
    }

    /// What one side does to each base note: keep, edit, move or delete it.
    #[derive(Debug, Clone, Copy)]
    enum Op {
        Keep,
        Edit(u8),
        Move(u8),
        Delete,
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Op::Keep),
            (0u8..3).prop_map(Op::Edit),
            (0u8..3).prop_map(Op::Move),
            Just(Op::Delete),
        ]
    }

    fn apply(base: &NoteMap, ops: &[Op], added: u8, side: &str) -> NoteMap {
        let mut out = NoteMap::new();
        for (n, op) in base
            .values()
            .zip(ops.iter().copied().chain(std::iter::repeat(Op::Keep)))
        {
            let mut n = n.clone();
            match op {
                Op::Keep => {}
                Op::Edit(v) => n.text = format!("edit {v}"),
                Op::Move(v) => n.claim = format!("c{v}"),
                Op::Delete => continue,
            }
            out.insert(n.id.clone(), n);
        }
        for i in 0..added {
            let n = note(&format!("{side}{i}"), "c1", &format!("added by {side}"));
            out.insert(n.id.clone(), n);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn no_change_of_either_side_is_lost(
            n in 0usize..6,
            our_ops in proptest::collection::vec(op(), 6),
            their_ops in proptest::collection::vec(op(), 6),
            ours_added in 0u8..3,
            theirs_added in 0u8..3,
        ) {
            let base: NoteMap = (0..n)
                .map(|i| note(&format!("b{i}"), "c0", "base"))
                .map(|x| (x.id.clone(), x))
                .collect();
            let ours = apply(&base, &our_ops, ours_added, "o");
            let theirs = apply(&base, &their_ops, theirs_added, "t");
            let (merged, _) = merge(&base, &ours, &theirs);
            let content = |x: &Note| (x.claim.clone(), x.text.clone());
            let kept: Vec<(String, String)> = merged.values().map(content).collect();
            for side in [&ours, &theirs] {
                for (id, x) in side {
                    if base.get(id) != Some(x) {
                        proptest::prop_assert!(kept.contains(&content(x)), "{:?} lost", x);
                    }
                }
            }
            for id in base.keys() {
                let deleted_here = !ours.contains_key(id) && theirs.get(id) == base.get(id);
                let deleted_there = !theirs.contains_key(id) && ours.get(id) == base.get(id);
                if deleted_here || deleted_there {
                    proptest::prop_assert!(!merged.contains_key(id), "{} not deleted", id);
                }
            }
        }
    }
}
