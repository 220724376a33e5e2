//! `reasonmap evaluate`: every claim's status (in, out or undecided) under
//! the reader's marks, and the reason for it, as text or as JSON.
//!
//! Marks come from the map's notes file (unless `--no-marks`), then from
//! the command line (`--accept`, `--reject`, `--holds`, `--fails`), which
//! wins for an id marked in both. The report goes to standard output;
//! warnings (orphaned marks, an unreadable notes file) and errors to
//! standard error. Exit code: 0 on success, 1 for invalid input (a map
//! that is not valid, an unknown or misplaced id), 2 when a file cannot be
//! read.
//!
//! The JSON document has this shape, and fields are only ever added to it:
//!
//! ```json
//! {
//!   "map": "essay.ron",
//!   "title": "…",
//!   "reading": "charitable",
//!   "marks": {"notes_file": "essay.notes.ron", "from_notes": 1, "from_command_line": 0},
//!   "conclusion": {"id": "c", "status": "in"},
//!   "counts": {"in": 12, "out": 3, "undecided": 2},
//!   "claims": [{"id": "c", "status": "in", "role": "conclusion", "mark": null,
//!               "reason": "In: its reason `r` is in.", "mentions": ["r"]}],
//!   "arguments": [{"id": "a1", "kind": "support", "status": "in", "mark": "holds",
//!                  "reason": "In: …", "mentions": ["r"]}],
//!   "orphaned_marks": [{"id": "gone", "mark": "rejected", "problem": "unknown"}]
//! }
//! ```
//!
//! `notes_file` is null when no notes file was read; `conclusion` is null
//! when the map has none; a mark is null when the claim or inference is
//! open. In `reason`, claims are written as their ids in backquotes, and
//! `mentions` lists those ids in order.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::{CheckFormat, EvaluateArgs, load_for_command};
use crate::evaluation::{
    Evaluation, Explanation, Mark, Marks, Reading, Status, UnresolvedKind, UnresolvedMark,
    evaluate, explain_argument, explain_claim,
};
use crate::model::{ArgumentKind, LoadedMap, Target, closest_id};

/// Exit code for invalid input.
const INVALID: u8 = 1;

/// Runs `reasonmap evaluate`.
pub fn run(args: &EvaluateArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load_for_command(&args.map) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let (map, index) = (&loaded.map, &loaded.index);

    let mut marks = Marks::for_map(map);
    let mut notes_file = None;
    let mut from_notes = 0;
    let mut orphaned = Vec::new();
    if !args.no_marks {
        let store = super::open_notes(&loaded);
        let stored = store.marks().iter().map(|(id, &m)| (id.as_str(), m));
        let (resolved, unresolved) = Marks::from_ids(map, index, stored);
        from_notes = resolved.len();
        marks = resolved;
        let path = store.location().path.display().to_string();
        for u in &unresolved {
            eprintln!("warning: {}", orphan_message(&path, u));
        }
        orphaned = unresolved;
        if store.location().path.exists() {
            notes_file = Some(path);
        }
    }

    let given = [
        (&args.accept, Mark::Accepted, "--accept"),
        (&args.reject, Mark::Rejected, "--reject"),
        (&args.holds, Mark::Holds, "--holds"),
        (&args.fails, Mark::Fails, "--fails"),
    ];
    let mut errors = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut from_command_line = 0;
    for (ids, mark, flag) in given {
        for id in ids {
            if let Some((_, other)) = seen.iter().find(|(s, _)| s == id) {
                if *other != flag {
                    errors.push(format!("`{id}` is given both {other} and {flag}"));
                }
                continue;
            }
            seen.push((id, flag));
            match place_mark(&loaded, &mut marks, id, mark, flag) {
                Ok(()) => from_command_line += 1,
                Err(message) => errors.push(message),
            }
        }
    }
    if !errors.is_empty() {
        for error in &errors {
            eprintln!("error: {error}");
        }
        return Ok(ExitCode::from(INVALID));
    }

    let reading = if args.sceptical {
        Reading::Sceptical
    } else {
        Reading::Charitable
    };
    let evaluation = evaluate(map, index, &marks, reading);
    let sources = Sources {
        notes_file,
        from_notes,
        from_command_line,
    };
    let report = match args.format {
        CheckFormat::Text => text_report(&loaded, &evaluation, &sources),
        CheckFormat::Json => json_report(&loaded, &evaluation, &sources, &orphaned)?,
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(report.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Where the marks came from.
struct Sources {
    notes_file: Option<String>,
    from_notes: usize,
    from_command_line: usize,
}

/// Puts the mark a command-line flag gives on `id`, or says what is
/// wrong with the id.
fn place_mark(
    loaded: &LoadedMap,
    marks: &mut Marks,
    id: &str,
    mark: Mark,
    flag: &str,
) -> Result<(), String> {
    let (map, index) = (&loaded.map, &loaded.index);
    if let Some(m) = mark.claim_mark() {
        if let Some(c) = index.claim(id) {
            marks.set_claim(c, Some(m));
            return Ok(());
        }
        if index.argument(id).is_some() {
            return Err(format!(
                "{flag} {id}: `{id}` is an argument; --accept and --reject take claim ids (--holds and --fails mark an argument's inference)"
            ));
        }
        let hint = did_you_mean(id, map.claims.iter().map(|c| c.id.as_str()));
        return Err(format!("{flag} {id}: no claim has this id{hint}"));
    }
    if let Some(a) = index.argument(id) {
        marks.set_argument(a, mark.inference_mark());
        return Ok(());
    }
    if index.claim(id).is_some() {
        return Err(format!(
            "{flag} {id}: `{id}` is a claim; --holds and --fails take argument ids (--accept and --reject mark a claim)"
        ));
    }
    let hint = did_you_mean(id, map.arguments.iter().map(|a| a.id.as_str()));
    Err(format!("{flag} {id}: no argument has this id{hint}"))
}

/// " (did you mean `x`?)" when one of `candidates` is spelled like `id`.
fn did_you_mean<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    closest_id(id, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The warning for a mark in the notes file that names nothing it fits.
fn orphan_message(notes_file: &str, orphan: &UnresolvedMark) -> String {
    let id = &orphan.id;
    let what = match orphan.kind {
        UnresolvedKind::Unknown => "the map has no claim or argument with that id".to_owned(),
        UnresolvedKind::NotAClaim => format!("`{id}` is an argument, not a claim"),
        UnresolvedKind::NotAnArgument => format!("`{id}` is a claim, not an argument"),
    };
    format!(
        "{notes_file} marks `{id}` {}, but {what}; the mark is orphaned and left out",
        orphan.mark
    )
}

/// A claim id in backquotes, as explanations on the command line name claims.
fn render(loaded: &LoadedMap, explanation: &Explanation) -> String {
    explanation.render(|c| format!("`{}`", loaded.map.claims[c].id))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn text_report(loaded: &LoadedMap, evaluation: &Evaluation, sources: &Sources) -> String {
    let (map, index) = (&loaded.map, &loaded.index);
    let mut out = String::new();
    let _ = writeln!(out, "{}", map.title);
    let _ = writeln!(
        out,
        "Reading: {}.",
        match evaluation.reading() {
            Reading::Charitable => "charitable (open assumptions are granted)",
            Reading::Sceptical => "sceptical (open assumptions are not granted)",
        }
    );
    let mut from = Vec::new();
    if let (Some(file), n @ 1..) = (&sources.notes_file, sources.from_notes) {
        from.push(format!("{} from {file}", plural(n, "mark", "marks")));
    }
    if sources.from_command_line > 0 {
        from.push(format!(
            "{} from the command line",
            plural(sources.from_command_line, "mark", "marks")
        ));
    }
    if from.is_empty() {
        let _ = writeln!(out, "Marks: none.");
    } else {
        let _ = writeln!(out, "Marks: {}.", from.join(", "));
    }
    let _ = writeln!(out, "{}", evaluation.summary(index));

    for (c, claim) in map.claims.iter().enumerate() {
        let mut notes = vec![index.role(c).label().to_owned()];
        if let Some(mark) = evaluation.marks().claim(c) {
            notes.push(format!("marked {}", Mark::from(mark)));
        }
        let _ = writeln!(
            out,
            "\n{}: {} ({})",
            claim.id,
            evaluation.claim(c),
            notes.join("; ")
        );
        let _ = writeln!(out, "  {}", claim.text);
        let why = explain_claim(index, evaluation, c);
        let _ = writeln!(out, "  {}", render(loaded, &why));
    }

    let marked: Vec<usize> = evaluation
        .marks()
        .marked_arguments()
        .map(|(a, _)| a)
        .collect();
    if !marked.is_empty() {
        let _ = writeln!(out, "\nInferences you marked:");
        for a in marked {
            let mark = evaluation.marks().argument(a).map(Mark::from);
            let _ = writeln!(
                out,
                "\n{}: {} (marked {})",
                map.arguments[a].id,
                evaluation.argument(a),
                mark.map_or("", Mark::label)
            );
            let why = explain_argument(index, evaluation, a);
            let _ = writeln!(out, "  {}", render(loaded, &why));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    map: String,
    title: &'a str,
    reading: Reading,
    marks: JsonSources<'a>,
    conclusion: Option<JsonConclusion<'a>>,
    counts: crate::evaluation::Counts,
    claims: Vec<JsonItem<'a>>,
    arguments: Vec<JsonItem<'a>>,
    orphaned_marks: Vec<JsonOrphan<'a>>,
}

#[derive(Serialize)]
struct JsonSources<'a> {
    notes_file: Option<&'a str>,
    from_notes: usize,
    from_command_line: usize,
}

#[derive(Serialize)]
struct JsonConclusion<'a> {
    id: &'a str,
    status: Status,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    /// The claim's role, or the argument's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<crate::model::Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    status: Status,
    mark: Option<&'static str>,
    reason: String,
    mentions: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonOrphan<'a> {
    id: &'a str,
    mark: &'static str,
    problem: UnresolvedKind,
}

fn json_report(
    loaded: &LoadedMap,
    evaluation: &Evaluation,
    sources: &Sources,
    orphaned: &[UnresolvedMark],
) -> anyhow::Result<String> {
    let (map, index) = (&loaded.map, &loaded.index);
    let mentions = |e: &Explanation| -> Vec<&str> {
        e.claims()
            .into_iter()
            .map(|c| map.claims[c].id.as_str())
            .collect()
    };
    let claims = (0..map.claims.len())
        .map(|c| {
            let why = explain_claim(index, evaluation, c);
            JsonItem {
                id: &map.claims[c].id,
                role: Some(index.role(c)),
                kind: None,
                status: evaluation.claim(c),
                mark: evaluation.marks().claim(c).map(|m| Mark::from(m).label()),
                reason: render(loaded, &why),
                mentions: mentions(&why),
            }
        })
        .collect();
    let arguments = (0..map.arguments.len())
        .map(|a| {
            let why = explain_argument(index, evaluation, a);
            let kind = match (map.arguments[a].kind, index.target(a)) {
                (ArgumentKind::Support, _) => "support",
                (ArgumentKind::Rephrase, _) => "rephrase",
                (ArgumentKind::Attack, Some(Target::Argument(_))) => "undercut",
                (ArgumentKind::Attack, _) => "attack",
            };
            JsonItem {
                id: &map.arguments[a].id,
                role: None,
                kind: Some(kind),
                status: evaluation.argument(a),
                mark: evaluation
                    .marks()
                    .argument(a)
                    .map(|m| Mark::from(m).label()),
                reason: render(loaded, &why),
                mentions: mentions(&why),
            }
        })
        .collect();
    let report = JsonReport {
        map: loaded.path.display().to_string(),
        title: &map.title,
        reading: evaluation.reading(),
        marks: JsonSources {
            notes_file: sources.notes_file.as_deref(),
            from_notes: sources.from_notes,
            from_command_line: sources.from_command_line,
        },
        conclusion: index.conclusion().map(|c| JsonConclusion {
            id: &map.claims[c].id,
            status: evaluation.claim(c),
        }),
        counts: evaluation.counts(),
        claims,
        arguments,
        orphaned_marks: orphaned
            .iter()
            .map(|o| JsonOrphan {
                id: &o.id,
                mark: o.mark.label(),
                problem: o.kind,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}
