//! `reasonmap check`: validates map files and reports, for each, its
//! diagnostics and a one-line summary, as text or as one JSON document.
//!
//! Everything the command reports goes to standard output; standard error
//! is left for mistakes on the command line. The exit code is 0 when every
//! map is valid (warnings allowed), 1 when any map is invalid and 2 when any
//! file cannot be read.
//!
//! The JSON document has this shape, and fields are only ever added to it:
//!
//! ```json
//! {
//!   "valid": false,
//!   "exit_code": 1,
//!   "maps": [{
//!     "file": "essay.ron",
//!     "readable": true,
//!     "format": "ron",
//!     "valid": false,
//!     "errors": 1,
//!     "warnings": 0,
//!     "diagnostics": [
//!       {"severity": "error", "message": "unknown premise `saef` in argument `a1`: ...", "line": 9, "column": 31}
//!     ],
//!     "summary": {"claims": 2, "arguments": 2, "supports": 2, "attacks": 0, "undercuts": 0,
//!                 "rephrases": 0, "conclusions": 1, "co_premise_groups": 0, "quotes_checked": 0}
//!   }]
//! }
//! ```
//!
//! `line` and `column` are 1-based (columns count characters) and null when
//! a finding has no place (as for most findings in AIF files, which name
//! node ids instead); `summary` is null when the file did not parse;
//! `format` is `ron` or `aif` (null when the file could not be read).
//!
//! With `--coverage`, each map also gets a `coverage` field: null when the
//! map did not parse or names no source, else
//!
//! ```json
//! {"source": "essay.md", "error": null, "mapped": 19, "sentences": 24, "percent": 79,
//!  "text": "19 of 24 sentences mapped (79 %)",
//!  "unmapped": [{"line": 12, "text": "Nobody quotes this sentence."}]}
//! ```
//!
//! where `source` is the source's path as found from the current folder,
//! `error` says why it could not be read (the counts are then 0), and
//! `percent` is rounded down. The counts are the source panel's: one
//! [`SourceDoc`] computes both.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{CheckArgs, CheckFormat};
use crate::interchange::{MapFormat, OpenOptions, OpenedMap, check_map_file};
use crate::model::{Diagnostic, LoadError, Severity, SourceText, Summary};
use crate::source::SourceDoc;

/// The outcome for one file named on the command line.
enum Outcome {
    /// The file was read; the map may be valid or not.
    Checked(Box<OpenedMap>),
    /// The file could not be read.
    Unreadable(LoadError),
}

impl Outcome {
    fn path(&self) -> &Path {
        match self {
            Outcome::Checked(opened) => &opened.checked.path,
            Outcome::Unreadable(err) => err.path(),
        }
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Outcome::Checked(opened) => opened.checked.diagnostics.clone(),
            Outcome::Unreadable(err) => err.diagnostics(),
        }
    }

    fn is_valid(&self) -> bool {
        matches!(self, Outcome::Checked(opened) if opened.checked.is_valid())
    }

    /// The format the file was read as, when it was read.
    fn format(&self) -> Option<MapFormat> {
        match self {
            Outcome::Checked(opened) => Some(opened.format),
            Outcome::Unreadable(_) => None,
        }
    }

    fn summary(&self) -> Option<Summary> {
        match self {
            Outcome::Checked(opened) => opened.checked.parsed.as_ref().map(|p| p.summary),
            Outcome::Unreadable(_) => None,
        }
    }

    /// The map's coverage of its source, when it parsed and names one.
    fn coverage(&self) -> Option<CoverageReport> {
        let Outcome::Checked(opened) = self else {
            return None;
        };
        let checked = &opened.checked;
        let parsed = checked.parsed.as_ref()?;
        let name = parsed.source.name()?;
        let source = checked
            .path
            .parent()
            .map_or_else(|| Path::new(name).to_owned(), |dir| dir.join(name))
            .display()
            .to_string();
        let mut report = CoverageReport {
            source,
            error: None,
            mapped: 0,
            sentences: 0,
            percent: 0,
            text: String::new(),
            unmapped: Vec::new(),
        };
        match &parsed.source {
            SourceText::Read { text, .. } => {
                let doc = SourceDoc::new(text.clone(), &parsed.map, &parsed.index);
                let coverage = doc.coverage();
                report.mapped = coverage.mapped;
                report.sentences = coverage.sentences;
                report.percent = coverage.percent();
                report.text = coverage.to_string();
                report.unmapped = doc
                    .unmapped()
                    .map(|(_, s)| UnmappedSentence {
                        line: s.line,
                        text: doc.blocks()[s.block].text[s.rendered.clone()].replace('\n', " "),
                    })
                    .collect();
            }
            SourceText::Unreadable { reason, .. } => {
                report.error = Some(reason.clone());
                report.text = format!("cannot read the source: {reason}");
            }
            SourceText::None => return None,
        }
        Some(report)
    }
}

/// How much of its source a map quotes, as `--coverage` reports it.
#[derive(Debug, Serialize)]
struct CoverageReport {
    /// The source's path, as found from the current folder.
    source: String,
    /// Why the source could not be read; null when it was.
    error: Option<String>,
    mapped: usize,
    sentences: usize,
    /// Rounded down.
    percent: usize,
    /// `19 of 24 sentences mapped (79 %)`, as the source panel says it.
    text: String,
    unmapped: Vec<UnmappedSentence>,
}

/// A sentence no claim quotes.
#[derive(Debug, Serialize)]
struct UnmappedSentence {
    /// 1-based line of the source it starts on.
    line: usize,
    /// The sentence as it reads (Markdown rendered, on one line).
    text: String,
}

/// Runs `reasonmap check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let outcomes: Vec<Outcome> = args
        .maps
        .iter()
        .map(|path| match check_map_file(path, &OpenOptions::default()) {
            Ok(opened) => Outcome::Checked(Box::new(opened)),
            Err(err) => Outcome::Unreadable(err),
        })
        .collect();
    let report = match args.format {
        CheckFormat::Json => json_report(&outcomes, args.coverage)?,
        CheckFormat::Text => text_report(&outcomes, args.coverage),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(report.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::from(exit_code(&outcomes)))
}

/// 2 when a file could not be read, else 1 when a map is invalid, else 0.
fn exit_code(outcomes: &[Outcome]) -> u8 {
    if outcomes.iter().any(|o| matches!(o, Outcome::Unreadable(_))) {
        2
    } else if outcomes.iter().any(|o| !o.is_valid()) {
        1
    } else {
        0
    }
}

pub(super) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `12 claims, 9 arguments (7 supports, 1 attack, 1 undercut), 2 co-premise
/// groups, 10 quotes checked`; rephrases and a count of conclusions are
/// named only when a map has them.
pub(super) fn summary_text(s: &Summary) -> String {
    let mut kinds = vec![
        plural(s.supports, "support"),
        plural(s.attacks, "attack"),
        plural(s.undercuts, "undercut"),
    ];
    if s.rephrases > 0 {
        kinds.push(plural(s.rephrases, "rephrase"));
    }
    let conclusions = if s.conclusions > 1 {
        format!(", {}", plural(s.conclusions, "conclusion"))
    } else {
        String::new()
    };
    format!(
        "{}, {} ({}){conclusions}, {}, {}",
        plural(s.claims, "claim"),
        plural(s.arguments, "argument"),
        kinds.join(", "),
        plural(s.co_premise_groups, "co-premise group"),
        if s.quotes_checked == 1 {
            "1 quote checked".to_owned()
        } else {
            format!("{} quotes checked", s.quotes_checked)
        }
    )
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Each diagnostic, a blank line, then one summary line per file, and with
/// `coverage` the coverage line and the unmapped sentences.
fn text_report(outcomes: &[Outcome], coverage: bool) -> String {
    let mut out = String::new();
    for outcome in outcomes {
        let diagnostics = outcome.diagnostics();
        for diagnostic in &diagnostics {
            out.push_str(&format!("{diagnostic}\n\n"));
        }
        let path = match outcome.format() {
            Some(MapFormat::Aif) => format!("{} (AIF)", outcome.path().display()),
            _ => outcome.path().display().to_string(),
        };
        let errors = plural(count(&diagnostics, Severity::Error), "error");
        let warnings = plural(count(&diagnostics, Severity::Warning), "warning");
        let line = match outcome {
            Outcome::Unreadable(_) => format!("{path}: unreadable"),
            Outcome::Checked(_) => {
                let status = if outcome.is_valid() {
                    format!("valid, {warnings}")
                } else {
                    format!("invalid, {errors}, {warnings}")
                };
                match outcome.summary() {
                    Some(summary) => format!("{path}: {status}: {}", summary_text(&summary)),
                    None => format!("{path}: {status}"),
                }
            }
        };
        out.push_str(&line);
        out.push('\n');
        if coverage && matches!(outcome, Outcome::Checked(c) if c.checked.parsed.is_some()) {
            out.push_str(&coverage_text(outcome));
        }
    }
    out
}

/// `essay.ron: coverage of essay.md: 19 of 24 sentences mapped (79 %)`,
/// then `essay.md:12: SENTENCE` for each unmapped sentence.
fn coverage_text(outcome: &Outcome) -> String {
    let path = outcome.path().display();
    let Some(report) = outcome.coverage() else {
        return format!(
            "{path}: coverage: the map names no source text (add `source: \"essay.md\"` with the path of the text its claims quote)\n"
        );
    };
    let mut out = format!("{path}: coverage of {}: {}\n", report.source, report.text);
    for sentence in &report.unmapped {
        out.push_str(&format!(
            "{}:{}: {}\n",
            report.source, sentence.line, sentence.text
        ));
    }
    out
}

/// The JSON document: stable field names, one entry per file in the order
/// given.
#[derive(Serialize)]
struct JsonReport {
    /// True when every map is valid.
    valid: bool,
    /// The exit code the command returns.
    exit_code: u8,
    maps: Vec<JsonMap>,
}

#[derive(Serialize)]
struct JsonMap {
    file: String,
    /// False when the file could not be read at all.
    readable: bool,
    /// `ron` or `aif`: how the file was read (null when unreadable).
    format: Option<MapFormat>,
    valid: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
    /// Null when the file did not parse as a map.
    summary: Option<Summary>,
    /// Only with `--coverage`; null when the map did not parse or names
    /// no source.
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Option<CoverageReport>>,
}

#[derive(Serialize)]
pub(super) struct JsonDiagnostic {
    severity: Severity,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

impl From<Diagnostic> for JsonDiagnostic {
    fn from(d: Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            message: d.message,
            line: d.line,
            column: d.column,
        }
    }
}

fn json_report(outcomes: &[Outcome], coverage: bool) -> anyhow::Result<String> {
    let maps = outcomes
        .iter()
        .map(|outcome| {
            let diagnostics = outcome.diagnostics();
            JsonMap {
                file: outcome.path().display().to_string(),
                readable: matches!(outcome, Outcome::Checked(_)),
                format: outcome.format(),
                valid: outcome.is_valid(),
                errors: count(&diagnostics, Severity::Error),
                warnings: count(&diagnostics, Severity::Warning),
                diagnostics: diagnostics.into_iter().map(JsonDiagnostic::from).collect(),
                summary: outcome.summary(),
                coverage: coverage.then(|| outcome.coverage()),
            }
        })
        .collect();
    let report = JsonReport {
        valid: outcomes.iter().all(Outcome::is_valid),
        exit_code: exit_code(outcomes),
        maps,
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}
