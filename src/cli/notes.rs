//! `reasonmap notes`: lists a map's notes grouped by claim (as text, JSON or
//! Markdown), orphaned notes last, or adds one note with an atomic save.
//!
//! Listings go to standard output, warnings and errors to standard error.
//! Exit code: 0 on success, 1 for invalid input (a map that is not valid, a
//! claim id the map does not have, an empty note), 2 when a file cannot be
//! read or written.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{NotesArgs, ReportFormat};
use crate::model::LoadedMap;
use crate::notes::{
    Location, LocationKind, Note, NoteId, NoteStore, NotesError, NotesWarning, SaveOutcome,
    StoreOptions,
};

/// Exit code for invalid input.
const INVALID: u8 = 1;
/// Exit code for a file that cannot be read or written.
const FAILED: u8 = 2;

/// Runs `reasonmap notes`.
pub fn run(args: &NotesArgs) -> anyhow::Result<ExitCode> {
    let loaded = match super::load_for_command(&args.map) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let claim_ids = loaded.map.claims.iter().map(|c| c.id.clone());
    let options = StoreOptions {
        lock_timeout: args.lock_timeout,
        ..StoreOptions::default()
    };
    let (mut store, warnings) = NoteStore::open_with(&args.map, claim_ids, options);
    print_warnings(&warnings);
    let output = match args.add.as_deref() {
        Some([claim, text]) => match add(&mut store, claim, text) {
            Ok((id, outcome)) => {
                print_warnings(&outcome.warnings);
                add_report(args.format, &id, claim, &outcome)?
            }
            Err(err) => {
                eprintln!("error: {err}");
                let code = match err {
                    NotesError::UnknownClaim { .. } | NotesError::EmptyText { .. } => INVALID,
                    _ => FAILED,
                };
                return Ok(ExitCode::from(code));
            }
        },
        Some(_) => anyhow::bail!("--add takes a claim id and the note's text"),
        None => match args.format {
            ReportFormat::Text => text_listing(&loaded, &store),
            ReportFormat::Json => json_listing(&loaded, &store, &warnings)?,
            ReportFormat::Markdown => markdown_listing(&loaded, &store),
        },
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(output.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Adds the note and saves.
fn add(
    store: &mut NoteStore,
    claim: &str,
    text: &str,
) -> Result<(NoteId, SaveOutcome), NotesError> {
    let id = store.add(claim, text)?;
    let outcome = store.save()?;
    Ok((id, outcome))
}

fn print_warnings(warnings: &[NotesWarning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// The confirmation printed after `--add`.
fn add_report(
    format: ReportFormat,
    id: &NoteId,
    claim: &str,
    outcome: &SaveOutcome,
) -> anyhow::Result<String> {
    if format == ReportFormat::Json {
        #[derive(Serialize)]
        struct Added<'a> {
            added: &'a str,
            claim: &'a str,
            notes_file: String,
            location: LocationKind,
            merged: bool,
            conflicts: usize,
        }
        let report = Added {
            added: id.as_str(),
            claim,
            notes_file: outcome.location.path.display().to_string(),
            location: outcome.location.kind,
            merged: outcome.merge.is_some(),
            conflicts: outcome.merge.as_ref().map_or(0, |m| m.conflicts.len()),
        };
        return Ok(serde_json::to_string_pretty(&report)? + "\n");
    }
    let mut out = format!(
        "Added note {id} to claim {claim}; {}.\n",
        outcome.location.describe()
    );
    if let Some(merge) = &outcome.merge {
        let _ = writeln!(
            out,
            "The notes file had been changed by another program; {} change(s) from it were kept{}.",
            merge.taken_from_disk,
            if merge.conflicts.is_empty() {
                String::new()
            } else {
                format!(
                    ", and {} note(s) changed on both sides are kept in both versions",
                    merge.conflicts.len()
                )
            }
        );
    }
    Ok(out)
}

/// A timestamp as shown to people: minutes, UTC.
fn human_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The claims with notes, in map order, each with its notes.
fn claims_with_notes<'a>(
    loaded: &'a LoadedMap,
    store: &'a NoteStore,
) -> Vec<(&'a crate::model::Claim, Vec<&'a Note>)> {
    let mut seen = std::collections::BTreeSet::new();
    loaded
        .map
        .claims
        .iter()
        // A duplicated claim id (an invalid map) lists its notes once.
        .filter(|c| seen.insert(c.id.as_str()))
        .map(|c| (c, store.notes_for(&c.id)))
        .filter(|(_, notes)| !notes.is_empty())
        .collect()
}

/// Orphaned notes grouped by their old claim id, in id order.
fn orphans_by_claim(store: &NoteStore) -> Vec<(&str, Vec<&Note>)> {
    let mut groups: Vec<(&str, Vec<&Note>)> = Vec::new();
    for note in store.orphaned() {
        match groups.last_mut() {
            Some((claim, notes)) if *claim == note.claim => notes.push(note),
            _ => groups.push((note.claim.as_str(), vec![note])),
        }
    }
    groups
}

fn count_phrase(n: usize) -> String {
    if n == 1 {
        "1 note".to_owned()
    } else {
        format!("{n} notes")
    }
}

fn location_line(location: &Location) -> String {
    let mut s = location.describe();
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

fn text_listing(loaded: &LoadedMap, store: &NoteStore) -> String {
    let mut out = String::new();
    let title = &loaded.map.title;
    if store.is_empty() {
        let _ = writeln!(out, "No notes on \"{title}\".");
        let _ = writeln!(out, "{}.", location_line(store.location()));
        return out;
    }
    let _ = writeln!(out, "{} on \"{title}\".", count_phrase(store.len()));
    let _ = writeln!(out, "{}.", location_line(store.location()));
    let note_text = |out: &mut String, note: &Note| {
        let _ = write!(out, "  - {}", human_time(note.created));
        if note.was_edited() {
            let _ = write!(out, ", edited {}", human_time(note.edited));
        }
        let _ = writeln!(out, " [{}]", note.id);
        for line in note.text.lines() {
            let _ = writeln!(out, "      {line}");
        }
    };
    for (claim, notes) in claims_with_notes(loaded, store) {
        let _ = writeln!(out, "\n{} ({})", one_line(&claim.text), claim.id);
        for note in notes {
            note_text(&mut out, note);
        }
    }
    let orphans = orphans_by_claim(store);
    if !orphans.is_empty() {
        let _ = writeln!(
            out,
            "\nOrphaned notes (their claims are no longer in the map):"
        );
        for (claim, notes) in orphans {
            let _ = writeln!(out, "\n{claim} (no longer in the map)");
            for note in notes {
                note_text(&mut out, note);
            }
        }
    }
    out
}

/// Claim text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn markdown_listing(loaded: &LoadedMap, store: &NoteStore) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Notes on {}\n", one_line(&loaded.map.title));
    if store.is_empty() {
        let _ = writeln!(out, "No notes yet.");
        return out;
    }
    let _ = writeln!(
        out,
        "{} in `{}`.",
        count_phrase(store.len()),
        store.location().path.display()
    );
    let note_item = |out: &mut String, note: &Note| {
        let mut when = human_time(note.created);
        if note.was_edited() {
            let _ = write!(when, ", edited {}", human_time(note.edited));
        }
        let _ = write!(out, "- *{when}*: ");
        for (i, line) in note.text.lines().enumerate() {
            if i > 0 {
                // Continuation lines stay inside the list item.
                out.push_str(if line.is_empty() { "" } else { "  " });
            }
            let _ = writeln!(out, "{line}");
        }
    };
    for (claim, notes) in claims_with_notes(loaded, store) {
        let _ = writeln!(out, "\n## {} (`{}`)\n", one_line(&claim.text), claim.id);
        for note in notes {
            note_item(&mut out, note);
        }
    }
    let orphans = orphans_by_claim(store);
    if !orphans.is_empty() {
        let _ = writeln!(
            out,
            "\n## Orphaned notes\n\nTheir claims are no longer in the map."
        );
        for (claim, notes) in orphans {
            let _ = writeln!(out, "\n### `{claim}`\n");
            for note in notes {
                note_item(&mut out, note);
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonNote<'a> {
    id: &'a str,
    text: &'a str,
    created: DateTime<Utc>,
    edited: DateTime<Utc>,
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    text: &'a str,
    notes: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonOrphans<'a> {
    claim: &'a str,
    notes: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonListing<'a> {
    map: String,
    title: &'a str,
    notes_file: String,
    location: LocationKind,
    count: usize,
    claims: Vec<JsonClaim<'a>>,
    orphaned: Vec<JsonOrphans<'a>>,
    warnings: Vec<String>,
}

fn json_note(note: &Note) -> JsonNote<'_> {
    JsonNote {
        id: note.id.as_str(),
        text: &note.text,
        created: note.created,
        edited: note.edited,
    }
}

fn json_listing(
    loaded: &LoadedMap,
    store: &NoteStore,
    warnings: &[NotesWarning],
) -> anyhow::Result<String> {
    let listing = JsonListing {
        map: store.map_path().display().to_string(),
        title: &loaded.map.title,
        notes_file: store.location().path.display().to_string(),
        location: store.location().kind,
        count: store.len(),
        claims: claims_with_notes(loaded, store)
            .into_iter()
            .map(|(claim, notes)| JsonClaim {
                id: &claim.id,
                text: &claim.text,
                notes: notes.into_iter().map(json_note).collect(),
            })
            .collect(),
        orphaned: orphans_by_claim(store)
            .into_iter()
            .map(|(claim, notes)| JsonOrphans {
                claim,
                notes: notes.into_iter().map(json_note).collect(),
            })
            .collect(),
        warnings: warnings.iter().map(ToString::to_string).collect(),
    };
    Ok(serde_json::to_string_pretty(&listing)? + "\n")
}
