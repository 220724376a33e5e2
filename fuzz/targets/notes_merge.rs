//! The three-way merge of notes, structure-aware: arbitrary base, ours
//! and theirs built from small pools of ids, claims, texts and times, so
//! that the sides overlap the way two windows' edits of one file do.

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, TimeZone as _, Utc};
use reasonmap::notes::merge::merge;
use reasonmap::notes::{MarkMap, Note, NoteId, NoteMap, parse_bytes, serialize};

/// One note, each field an index into a small pool.
#[derive(Debug, Arbitrary)]
struct PoolNote {
    id: u8,
    claim: u8,
    text: u8,
    created: u8,
    edited: u8,
}

#[derive(Debug, Arbitrary)]
struct Sides {
    base: Vec<PoolNote>,
    ours: Vec<PoolNote>,
    theirs: Vec<PoolNote>,
    /// How ours and theirs start out: a copy of base (`true`), as a
    /// window's notes do, or from nothing.
    ours_from_base: bool,
    theirs_from_base: bool,
}

fn time(t: u8) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_750_000_000_000 + i64::from(t) * 997)
        .single()
        .unwrap_or_default()
}

fn note(n: &PoolNote) -> Note {
    const TEXTS: [&str; 5] = ["a", "b", "two\nlines", "say \"hi\"", "ü ✓"];
    let created = time(n.created);
    Note {
        id: NoteId(format!("n{:012x}", n.id % 12)),
        claim: format!("c{}", n.claim % 4),
        text: TEXTS[usize::from(n.text) % TEXTS.len()].to_owned(),
        created,
        edited: created.max(time(n.edited)),
    }
}

/// `start` (or nothing) with `changes` applied: each change replaces the
/// note with its id, or removes it when the change's text index is 0xff.
fn side(start: &NoteMap, from_start: bool, changes: &[PoolNote]) -> NoteMap {
    let mut map = if from_start {
        start.clone()
    } else {
        NoteMap::new()
    };
    for c in changes.iter().take(16) {
        let n = note(c);
        if c.text == 0xff {
            map.remove(&n.id);
        } else {
            map.insert(n.id.clone(), n);
        }
    }
    map
}

/// Whether `notes` has a note saying `n`'s text on `n`'s claim.
fn has_content(notes: &NoteMap, n: &Note) -> bool {
    notes
        .values()
        .any(|m| m.claim == n.claim && m.text == n.text)
}

/// Each note's id, claim and text.
fn contents(notes: &NoteMap) -> Vec<(&str, &str, &str)> {
    notes
        .values()
        .map(|n| (n.id.as_str(), n.claim.as_str(), n.text.as_str()))
        .collect()
}

/// Merges and checks that nothing was lost, deletions were honoured and
/// the result can be saved and read back.
pub fn run(data: &[u8]) {
    let Ok(sides) = Sides::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let base = side(&NoteMap::new(), false, &sides.base);
    let ours = side(&base, sides.ours_from_base, &sides.ours);
    let theirs = side(&base, sides.theirs_from_base, &sides.theirs);
    let (merged, report) = merge(&base, &ours, &theirs);

    for (id, n) in &merged {
        assert_eq!(id, &n.id, "a note is filed under another id");
    }
    // What either side changed or added is kept.
    for (side_name, notes) in [("ours", &ours), ("theirs", &theirs)] {
        for (id, n) in notes {
            if base.get(id) != Some(n) {
                assert!(
                    has_content(&merged, n),
                    "{side_name}'s version of {id} was lost: {n:?}\nreport {report:?}"
                );
            }
        }
    }
    // A deletion on one side of a note the other left alone is honoured.
    for (id, b) in &base {
        let deleted_here = !ours.contains_key(id) && theirs.get(id) == Some(b);
        let deleted_there = !theirs.contains_key(id) && ours.get(id) == Some(b);
        if deleted_here || deleted_there {
            assert!(!merged.contains_key(id), "the deletion of {id} was undone");
        }
    }
    // Merging with an unchanged side gives the other side (up to the
    // times of a note both sides say the same about).
    assert_eq!(contents(&merge(&base, &base, &theirs).0), contents(&theirs));
    assert_eq!(contents(&merge(&base, &ours, &base).0), contents(&ours));
    assert_eq!(merge(&base, &ours, &ours).0, ours);

    let path = std::path::Path::new("fuzz/map.notes.ron");
    let text = serialize(&merged, &MarkMap::new(), &Default::default(), None, path)
        .unwrap_or_else(|e| panic!("merged notes cannot be written: {e}"));
    let again = parse_bytes(text.as_bytes(), path)
        .unwrap_or_else(|e| panic!("merged notes written out do not parse: {e}\n{text}"));
    assert_eq!(again.notes, merged);
}
