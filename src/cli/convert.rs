//! `reasonmap convert IN OUT`: converts a map between RON and AIF JSON, and
//! reports what the conversion left out and why, as text or as JSON.
//!
//! The input is read and validated like any map (`check` would say the
//! same about it); an invalid input writes nothing. The output is written
//! to a temporary file beside it and moved into place, so a failed write
//! leaves an existing file as it was. A relative `source` is rewritten so
//! that it still names the same file from the output's folder.
//!
//! The JSON report has this shape; fields are only ever added to it:
//!
//! ```json
//! {
//!   "converted": true,
//!   "input": {"file": "debate.json", "format": "aif"},
//!   "output": {"file": "debate.ron", "format": "ron"},
//!   "summary": {"claims": 12, "arguments": 9, "supports": 6, "attacks": 2, "undercuts": 1,
//!               "rephrases": 0, "conclusions": 2, "co_premise_groups": 1, "quotes_checked": 0},
//!   "import": {"nodes": {"CA": 3, "I": 12, "L": 12, "RA": 6, "YA": 12}, "edges": 60,
//!              "dialogue": {"nodes": {"L": 12, "YA": 12}, "edges": 24, "locutions": 12},
//!              "notes": [{"kind": "no-premise", "ids": ["57"], "message": "left out RA node `57`: ..."}],
//!              "quotes": null},
//!   "diagnostics": [{"severity": "warning", "message": "...", "line": null, "column": null}]
//! }
//! ```
//!
//! `import` is null for RON input; `summary` is null when the input is not
//! a valid map, and then `converted` is false and `diagnostics` says why.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde::Serialize;

use super::check::{JsonDiagnostic, summary_text};
use super::{CheckFormat, ConvertArgs, FormatArg};
use crate::interchange::aif::{ImportReport, QuoteSource, timestamp};
use crate::interchange::{MapFormat, OpenOptions, OpenedMap, check_map_file, write_map};
use crate::model::load::read_text_file;
use crate::model::{Diagnostic, Summary};

/// Runs `reasonmap convert`.
pub fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let to = match args.to {
        Some(format) => format_of(format),
        None => MapFormat::from_path(&args.output).with_context(|| {
            format!(
                "cannot tell the format of {} from its name: name it .ron or .json, or give --to ron or --to aif",
                args.output.display()
            )
        })?,
    };
    if same_file(&args.input, &args.output) {
        bail!(
            "{} is both the input and the output; write the converted map to another file",
            args.input.display()
        );
    }
    let from = args.from.map(format_of);
    let source_text;
    let source_name;
    let source = match &args.source {
        None => None,
        Some(path) => {
            let format =
                from.unwrap_or_else(|| MapFormat::from_path(&args.input).unwrap_or(MapFormat::Aif));
            if format != MapFormat::Aif {
                bail!(
                    "--source is for AIF input, whose claims have no quotes yet; a RON map names its source in its `source` field"
                );
            }
            source_text = read_text_file(path)
                .with_context(|| format!("cannot read the source {}", path.display()))?;
            source_name = relative_to(path, folder_of(&args.input)?.as_path())?;
            Some(QuoteSource {
                name: &source_name,
                text: &source_text,
            })
        }
    };
    let options = OpenOptions {
        format: from,
        source,
    };
    let opened = check_map_file(&args.input, &options).map_err(|err| anyhow::anyhow!("{err}"))?;
    let Some(parsed) = opened
        .checked
        .parsed
        .as_ref()
        .filter(|_| opened.checked.is_valid())
    else {
        return refuse(args, &opened, to);
    };
    let mut map = parsed.map.clone();
    if let Some(source) = &map.source {
        map.source = Some(rebase(
            source,
            &folder_of(&args.input)?,
            &folder_of(&args.output)?,
        )?);
    }
    let header = format!(
        "Converted from {} ({}) by `reasonmap convert`.\nThe format is described in docs/map-format.md.",
        file_name(&args.input),
        opened.format
    );
    let text = write_map(&map, to, &header, &timestamp(now()?));
    write_atomically(&args.output, text.as_bytes())
        .with_context(|| format!("could not write {}", args.output.display()))?;
    let report = Report {
        converted: true,
        input: FileFormat::new(&args.input, opened.format),
        output: FileFormat::new(&args.output, to),
        summary: Some(parsed.summary),
        import: opened.import.clone(),
        diagnostics: opened.checked.diagnostics.clone(),
    };
    print(args.format, &report)?;
    Ok(ExitCode::SUCCESS)
}

fn format_of(format: FormatArg) -> MapFormat {
    match format {
        FormatArg::Aif => MapFormat::Aif,
        FormatArg::Ron => MapFormat::Ron,
    }
}

/// Reports an input that is not a valid map, and writes nothing.
fn refuse(args: &ConvertArgs, opened: &OpenedMap, to: MapFormat) -> anyhow::Result<ExitCode> {
    let report = Report {
        converted: false,
        input: FileFormat::new(&args.input, opened.format),
        output: FileFormat::new(&args.output, to),
        summary: None,
        import: opened.import.clone(),
        diagnostics: opened.checked.diagnostics.clone(),
    };
    match args.format {
        CheckFormat::Json => print(args.format, &report)?,
        CheckFormat::Text => {
            for diagnostic in &report.diagnostics {
                eprintln!("{diagnostic}\n");
            }
            eprintln!(
                "error: {} is not a valid map; nothing was written",
                args.input.display()
            );
        }
    }
    Ok(ExitCode::from(1))
}

/// True when both paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The absolute folder a file is in.
fn folder_of(file: &Path) -> anyhow::Result<PathBuf> {
    let absolute = std::path::absolute(file)
        .with_context(|| format!("cannot find the folder of {}", file.display()))?;
    Ok(absolute
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("/")))
}

/// `path` written relative to `folder` (absolute when no relative path
/// leads there), with `/` between its parts as map files write them.
fn relative_to(path: &Path, folder: &Path) -> anyhow::Result<String> {
    let absolute =
        std::path::absolute(path).with_context(|| format!("cannot find {}", path.display()))?;
    let relative = pathdiff::diff_paths(&absolute, folder).unwrap_or(absolute);
    Ok(relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/"))
}

/// A map's `source`, relative to the folder `from`, rewritten to name the
/// same file from the folder `to`. An absolute path is kept as it is.
fn rebase(source: &str, from: &Path, to: &Path) -> anyhow::Result<String> {
    if Path::new(source).is_absolute() || from == to {
        return Ok(source.to_owned());
    }
    relative_to(&from.join(source), to)
}

/// The time to stamp AIF nodes with: `SOURCE_DATE_EPOCH` when it is set
/// (for output that is the same on every run), else now.
fn now() -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(seconds) => {
            let seconds: i64 = seconds
                .trim()
                .parse()
                .context("SOURCE_DATE_EPOCH must be a number of seconds")?;
            chrono::DateTime::from_timestamp(seconds, 0)
                .context("SOURCE_DATE_EPOCH is out of range")
        }
        Err(_) => Ok(chrono::Utc::now()),
    }
}

/// Writes `bytes` to a temporary file in `path`'s folder and moves it over
/// `path`, so that `path` is either the old file or the whole new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".reasonmap-convert-")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file and its format, for the report.
#[derive(Serialize)]
struct FileFormat {
    file: String,
    format: MapFormat,
}

impl FileFormat {
    fn new(path: &Path, format: MapFormat) -> Self {
        FileFormat {
            file: path.display().to_string(),
            format,
        }
    }
}

/// What `convert` did.
struct Report {
    converted: bool,
    input: FileFormat,
    output: FileFormat,
    summary: Option<Summary>,
    import: Option<ImportReport>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct JsonReport<'r> {
    converted: bool,
    input: &'r FileFormat,
    output: &'r FileFormat,
    summary: Option<Summary>,
    import: Option<&'r ImportReport>,
    diagnostics: Vec<JsonDiagnostic>,
}

fn print(format: CheckFormat, report: &Report) -> anyhow::Result<()> {
    let text = match format {
        CheckFormat::Json => {
            let json = JsonReport {
                converted: report.converted,
                input: &report.input,
                output: &report.output,
                summary: report.summary,
                import: report.import.as_ref(),
                diagnostics: report
                    .diagnostics
                    .iter()
                    .cloned()
                    .map(JsonDiagnostic::from)
                    .collect(),
            };
            let mut text = serde_json::to_string_pretty(&json)?;
            text.push('\n');
            text
        }
        CheckFormat::Text => text_report(report),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// `converted a.json (AIF) to a.ron (RON): 5 claims, ...`, then what the
/// import skipped and left out, then the map's own warnings.
fn text_report(report: &Report) -> String {
    let mut out = format!(
        "converted {} ({}) to {} ({})",
        report.input.file, report.input.format, report.output.file, report.output.format
    );
    if let Some(summary) = &report.summary {
        out.push_str(&format!(": {}", summary_text(summary)));
    }
    out.push('\n');
    let import_lines = report.import.as_ref().map(ImportReport::lines);
    let import_lines = import_lines.unwrap_or_default();
    for line in &import_lines {
        out.push_str(&format!("  {line}\n"));
    }
    for diagnostic in &report.diagnostics {
        // The import's own notes are already listed above.
        if !import_lines.contains(&diagnostic.message) {
            out.push_str(&format!(
                "  {}: {}\n",
                diagnostic.severity.label(),
                diagnostic.message
            ));
        }
    }
    out
}
