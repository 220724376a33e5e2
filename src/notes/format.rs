//! The notes sidecar file format (`NAME.notes.ron`): the serde types, and
//! bounded, panic-free reading and writing of them.
//!
//! The file is grouped by claim for people reading it; in memory notes are
//! kept by note id (see [`Note`]). Marks (see [`crate::evaluation::Mark`])
//! are kept by the id of the claim or argument they mark.
//! `docs/notes-format.md` describes the format.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use chrono::{DateTime, SubsecRound as _, Utc};
use serde::{Deserialize, Serialize};

use super::NotesError;
use crate::evaluation::Mark;

/// The newest format version this build reads and writes. Version 2 adds
/// the `marks` section, version 3 the `collapsed` section; a file is
/// written with the lowest version that holds what it has (a file without
/// marks or collapsed claims as version 1), so that older versions of
/// reasonmap still read it.
pub const FORMAT_VERSION: u32 = 3;

/// The version of a file without marks or collapsed claims.
const VERSION_WITHOUT_MARKS: u32 = 1;

/// The version of a file with marks but no collapsed claims.
const VERSION_WITH_MARKS: u32 = 2;

/// Notes files larger than this are refused rather than read.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Stable identifier of a note, unique within its notes file.
///
/// Ids are random (`n` and 12 hex digits), so that two windows adding notes
/// to the same file at once do not pick the same id; merges rely on that.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteId(pub String);

impl NoteId {
    /// A fresh random id.
    pub fn random() -> Self {
        NoteId(format!("n{:012x}", fastrand::u64(..) & 0xffff_ffff_ffff))
    }

    /// The id as written in the file.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for NoteId {
    fn from(s: &str) -> Self {
        NoteId(s.to_owned())
    }
}

/// One note on one claim.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    /// The note's stable id.
    pub id: NoteId,
    /// Id of the claim the note is on (which may no longer be in the map).
    pub claim: String,
    /// What the note says; may span several lines.
    pub text: String,
    /// When the note was written (UTC, whole milliseconds).
    pub created: DateTime<Utc>,
    /// When its text or claim last changed; equal to `created` until then.
    pub edited: DateTime<Utc>,
}

impl Note {
    /// Whether the note was changed after it was written.
    pub fn was_edited(&self) -> bool {
        self.edited != self.created
    }
}

/// The current time as stored in notes: UTC, whole milliseconds.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// The whole sidecar file as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    /// Format version; see [`FORMAT_VERSION`].
    version: u32,
    /// The map the notes belong to, recorded only for files kept in the
    /// user's data folder, where the file name alone does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    map: Option<String>,
    /// Claim id to its notes, oldest first.
    #[serde(default, deserialize_with = "unique_claims")]
    notes: BTreeMap<String, Vec<FileNote>>,
    /// Claim or argument id to the reader's mark on it (version 2).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    marks: MarkMap,
    /// Ids of the claims whose branch is collapsed in the viewer
    /// (version 3).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    collapsed: BTreeSet<String>,
}

/// Reads the `notes` map, refusing a claim id written twice: a plain map
/// would keep only the last list, and the next save would drop the notes
/// of the first.
fn unique_claims<'de, D>(deserializer: D) -> Result<BTreeMap<String, Vec<FileNote>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<String, Vec<FileNote>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map from claim ids to lists of notes")
        }

        fn visit_map<A>(self, mut access: A) -> Result<Self::Value, A::Error>
        where
            A: serde::de::MapAccess<'de>,
        {
            let mut notes = BTreeMap::new();
            while let Some(claim) = access.next_key::<String>()? {
                if notes.contains_key(&claim) {
                    return Err(serde::de::Error::custom(format!(
                        "claim id \"{claim}\" appears twice in `notes`; merge its two lists into one"
                    )));
                }
                let list: Vec<FileNote> = access.next_value()?;
                notes.insert(claim, list);
            }
            Ok(notes)
        }
    }
    deserializer.deserialize_map(Visitor)
}

/// The version field alone; serde skips the other fields.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default)]
    version: u32,
}

/// A note as written under its claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileNote {
    id: NoteId,
    text: String,
    created: DateTime<Utc>,
    edited: DateTime<Utc>,
}

/// The notes of a file, by id.
pub type NoteMap = BTreeMap<NoteId, Note>;

/// The marks of a file, by the id of the claim or argument marked.
pub type MarkMap = BTreeMap<String, Mark>;

/// Everything a sidecar file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sidecar {
    /// The notes, by note id.
    pub notes: NoteMap,
    /// The marks, by claim or argument id.
    pub marks: MarkMap,
    /// Ids of the claims whose branch is collapsed.
    pub collapsed: BTreeSet<String>,
}

/// Parses the bytes of a sidecar file as read from disk: UTF-8 text,
/// with or without a byte order mark; `path` names the file in errors.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Sidecar, NotesError> {
    let text = std::str::from_utf8(bytes).map_err(|e| NotesError::NotText {
        path: path.to_owned(),
        offset: e.valid_up_to(),
    })?;
    parse(text, path)
}

/// Parses sidecar text; `path` names the file in errors.
///
/// A note id that appears twice is an error: merges and edits refer to
/// notes by id, so the file would be ambiguous. So is a claim id that
/// appears twice. A leading byte order mark (some editors on Windows
/// write one) is skipped.
pub fn parse(text: &str, path: &Path) -> Result<Sidecar, NotesError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let spanned = |e: ron::error::SpannedError| NotesError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    };
    // A first pass reads the version alone (ignoring every other field),
    // so that a file from a newer version is reported as such rather than
    // as an error about a field this build does not know.
    let options = ron::Options::default();
    if let Ok(VersionOnly { version: found }) = options.from_str::<VersionOnly>(text)
        && found > FORMAT_VERSION
    {
        return Err(NotesError::UnsupportedVersion {
            path: path.to_owned(),
            found,
        });
    }
    let file: NotesFile = options.from_str(text).map_err(spanned)?;
    if file.version == 0 {
        return Err(NotesError::UnsupportedVersion {
            path: path.to_owned(),
            found: 0,
        });
    }
    let mut notes = NoteMap::new();
    for (claim, list) in file.notes {
        for n in list {
            if notes.contains_key(&n.id) {
                return Err(NotesError::DuplicateId {
                    path: path.to_owned(),
                    id: n.id,
                });
            }
            notes.insert(
                n.id.clone(),
                Note {
                    id: n.id,
                    claim: claim.clone(),
                    text: n.text,
                    created: n.created,
                    edited: n.edited,
                },
            );
        }
    }
    Ok(Sidecar {
        notes,
        marks: file.marks,
        collapsed: file.collapsed,
    })
}

/// Writes notes, marks and collapsed claims as sidecar text; `map` is
/// recorded when given.
pub fn serialize(
    notes: &NoteMap,
    marks: &MarkMap,
    collapsed: &BTreeSet<String>,
    map: Option<&str>,
    path: &Path,
) -> Result<String, NotesError> {
    let mut grouped: BTreeMap<String, Vec<FileNote>> = BTreeMap::new();
    for n in notes.values() {
        grouped.entry(n.claim.clone()).or_default().push(FileNote {
            id: n.id.clone(),
            text: n.text.clone(),
            created: n.created,
            edited: n.edited,
        });
    }
    for list in grouped.values_mut() {
        list.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    }
    let file = NotesFile {
        version: if !collapsed.is_empty() {
            FORMAT_VERSION
        } else if !marks.is_empty() {
            VERSION_WITH_MARKS
        } else {
            VERSION_WITHOUT_MARKS
        },
        map: map.map(str::to_owned),
        notes: grouped,
        marks: marks.clone(),
        collapsed: collapsed.clone(),
    };
    // Unescaped strings keep multi-line notes readable; ron falls back to
    // raw strings (`r#"..."#`) for text with quotes or backslashes.
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .escape_strings(false);
    let mut text =
        ron::ser::to_string_pretty(&file, config).map_err(|e| NotesError::Serialize {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use proptest::prelude::*;

    fn note(id: &str, claim: &str, text: &str, ms: i64) -> Note {
        let t = Utc
            .timestamp_millis_opt(1_750_000_000_000 + ms)
            .single()
            .expect("a valid time");
        Note {
            id: NoteId::from(id),
            claim: claim.into(),
            text: text.into(),
            created: t,
            edited: t + chrono::TimeDelta::milliseconds(ms % 7),
        }
    }

    fn round_trip(sidecar: &Sidecar) -> Sidecar {
        let path = Path::new("essay.notes.ron");
        let text = serialize(
            &sidecar.notes,
            &sidecar.marks,
            &sidecar.collapsed,
            Some("/maps/essay.ron"),
            path,
        )
        .expect("serialises");
        parse(&text, path).expect("parses")
    }

    proptest! {
        #[test]
        fn any_text_and_claim_id_round_trip(
            entries in proptest::collection::vec(("\\PC*", any::<String>(), 0i64..1_000_000), 0..8),
            marks in proptest::collection::btree_map(any::<String>(), 0usize..4, 0..6),
            collapsed in proptest::collection::btree_set(any::<String>(), 0..4),
        ) {
            let notes: NoteMap = entries
                .iter()
                .enumerate()
                .map(|(i, (claim, text, ms))| {
                    let n = note(&format!("n{i:012x}"), claim, text, *ms);
                    (n.id.clone(), n)
                })
                .collect();
            let sidecar = Sidecar {
                notes,
                marks: marks.into_iter().map(|(id, m)| (id, Mark::ALL[m])).collect(),
                collapsed,
            };
            prop_assert_eq!(round_trip(&sidecar), sidecar);
        }

        #[test]
        fn parsing_any_input_returns_instead_of_panicking(text in any::<String>()) {
            let _ = parse(&text, Path::new("x.notes.ron"));
        }

        #[test]
        fn parsing_a_damaged_file_returns_instead_of_panicking(cut in 0usize..400, insert in any::<char>()) {
            let notes: NoteMap = [note("n1", "c1", "one\ntwo", 5), note("n2", "c2", "say \"hi\"", 9)]
                .into_iter()
                .map(|n| (n.id.clone(), n))
                .collect();
            let text = serialize(&notes, &MarkMap::new(), &BTreeSet::new(), None, Path::new("x")).expect("serialises");
            let mut damaged: String = text.chars().take(cut).collect();
            damaged.push(insert);
            damaged.extend(text.chars().skip(cut + 1));
            let _ = parse(&damaged, Path::new("x.notes.ron"));
        }
    }

    #[test]
    fn a_newer_version_is_reported_as_such() {
        let err = parse(
            "(version: 4, notes: {}, future: true)",
            Path::new("a.notes.ron"),
        )
        .expect_err("refused");
        assert_eq!(
            err.to_string(),
            "a.notes.ron has notes format version 4; this version of reasonmap reads up to 3"
        );
    }

    #[test]
    fn files_with_marks_are_version_2_and_files_without_stay_version_1() {
        let path = Path::new("a.notes.ron");
        let notes: NoteMap = [note("n1", "c1", "one", 5)]
            .into_iter()
            .map(|n| (n.id.clone(), n))
            .collect();
        let plain =
            serialize(&notes, &MarkMap::new(), &BTreeSet::new(), None, path).expect("serialises");
        assert!(plain.starts_with("(\n    version: 1,\n"), "{plain}");
        assert!(!plain.contains("marks"), "{plain}");
        let marked = Sidecar {
            notes,
            marks: [
                ("c1".to_owned(), Mark::Rejected),
                ("a1".to_owned(), Mark::Fails),
            ]
            .into(),
            collapsed: BTreeSet::new(),
        };
        let text = serialize(&marked.notes, &marked.marks, &marked.collapsed, None, path)
            .expect("serialises");
        assert!(text.starts_with("(\n    version: 2,\n"), "{text}");
        assert!(
            text.ends_with(
                "    marks: {\n        \"a1\": Fails,\n        \"c1\": Rejected,\n    },\n)\n"
            ),
            "{text}"
        );
        assert_eq!(parse(&text, path).expect("parses"), marked);
    }

    #[test]
    fn files_with_collapsed_claims_are_version_3_and_others_keep_their_version() {
        let path = Path::new("a.notes.ron");
        let marks: MarkMap = [("c1".to_owned(), Mark::Accepted)].into();
        let without =
            serialize(&NoteMap::new(), &marks, &BTreeSet::new(), None, path).expect("serialises");
        assert!(without.starts_with("(\n    version: 2,\n"), "{without}");
        assert!(!without.contains("collapsed"), "{without}");
        let collapsed: BTreeSet<String> = ["c2".to_owned(), "c1".to_owned()].into();
        let text = serialize(&NoteMap::new(), &marks, &collapsed, None, path).expect("serialises");
        assert!(text.starts_with("(\n    version: 3,\n"), "{text}");
        assert!(
            text.ends_with("    collapsed: [\n        \"c1\",\n        \"c2\",\n    ],\n)\n"),
            "{text}"
        );
        let read = parse(&text, path).expect("parses");
        assert_eq!((read.marks, read.collapsed), (marks, collapsed));
        // A version 1 file (no section) reads with nothing collapsed.
        let old = parse("(version: 1, notes: {})", path).expect("parses");
        assert!(old.collapsed.is_empty());
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let err = parse(
            "(\n  version: 1,\n  notes: {\"c1\": [ 5 ]},\n)",
            Path::new("a.notes.ron"),
        )
        .expect_err("refused");
        let NotesError::Parse { line, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(*line, 3);
        assert!(err.to_string().starts_with("a.notes.ron:3:"), "{err}");
    }
}
