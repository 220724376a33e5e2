//! `reasonmap evaluate` run as a real process: the worked examples of
//! `docs/evaluation.md` reproduced exactly, marks from the notes file and
//! the command line, the JSON report, and errors for unknown ids.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `reasonmap evaluate ARGS` in `dir`, with the user's data folder
/// kept inside `data` so no notes file outside the test is read.
fn evaluate_in(dir: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .arg("evaluate")
        .args(args)
        .current_dir(dir)
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The blocks of `docs/evaluation.md` that show a command and its output:
/// a ```text fence whose first line is `$ reasonmap evaluate ...`.
fn documented_runs() -> Vec<(Vec<String>, String)> {
    let doc = fs::read_to_string(root().join("docs/evaluation.md")).unwrap();
    let mut runs = Vec::new();
    let mut rest = doc.as_str();
    while let Some(start) = rest.find("```text\n$ reasonmap evaluate ") {
        let block = &rest[start + "```text\n$ ".len()..];
        let end = block.find("```").unwrap();
        let (command, output) = block[..end].split_once('\n').unwrap();
        let args = command
            .split_whitespace()
            .skip(2)
            .map(str::to_owned)
            .collect();
        runs.push((args, output.to_owned()));
        rest = &block[end..];
    }
    runs
}

#[test]
fn the_worked_examples_of_the_documentation_are_reproduced_exactly() {
    let runs = documented_runs();
    // Two runs for each of the six examples.
    assert_eq!(runs.len(), 12, "the examples in docs/evaluation.md");
    let data = tempfile::tempdir().unwrap();
    for (args, expected) in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = evaluate_in(&root(), data.path(), &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), expected, "reasonmap evaluate {args:?}");
    }
}

/// A copy of the essay map and its source in a temporary folder.
struct Essay {
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Essay {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for name in ["regional-security.ron", "regional-security.md"] {
            fs::copy(root().join("maps").join(name), dir.path().join(name)).unwrap();
        }
        Essay {
            dir,
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["regional-security.ron"];
        all.extend_from_slice(args);
        evaluate_in(self.dir.path(), self.data.path(), &all)
    }

    fn notes_file(&self) -> PathBuf {
        self.dir.path().join("regional-security.notes.ron")
    }
}

/// The paragraph about claim `id` in a text report.
fn paragraph<'a>(report: &'a str, id: &str) -> &'a str {
    let start = report.find(&format!("\n{id}: ")).unwrap() + 1;
    let end = report[start..]
        .find("\n\n")
        .map_or(report.len(), |e| start + e);
    &report[start..end]
}

#[test]
fn the_essay_conclusion_is_in_until_the_undercut_is_rejected() {
    let essay = Essay::new();
    let output = essay.run(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("\nConclusion: in · 31 in, 1 out, 0 undecided\n"),
        "{report}"
    );
    assert!(paragraph(&report, "cornerstone").starts_with("cornerstone: in (main conclusion)"));

    let output = essay.run(&["--reject", "diplomacy-addresses-threats"]);
    let report = stdout(&output);
    assert!(
        report.contains("\nMarks: 1 mark from the command line.\n"),
        "{report}"
    );
    assert!(
        report.contains("\nConclusion: out · 28 in, 4 out, 0 undecided\n"),
        "{report}"
    );
    assert_eq!(
        paragraph(&report, "cornerstone"),
        "cornerstone: out (main conclusion)\n  Fostering regional security is a cornerstone of Islamic nations' diplomatic defense strategies.\n  Out: the objection `military-strength-critical` is in, granted as an open assumption, and the undercut `diplomacy-addresses-threats` is out, because you rejected it."
    );
    assert!(
        paragraph(&report, "opening-thesis").starts_with("opening-thesis: out (rephrase)"),
        "{report}"
    );
}

#[test]
fn marks_come_from_the_notes_file_unless_told_otherwise() {
    let essay = Essay::new();
    fs::write(
        essay.notes_file(),
        "(version: 2, notes: {}, marks: {\"diplomacy-addresses-threats\": Rejected, \"gone\": Accepted, \"from-aim\": Rejected})",
    )
    .unwrap();
    let output = essay.run(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("\nMarks: 1 mark from regional-security.notes.ron.\n"),
        "{report}"
    );
    assert!(report.contains("\nConclusion: out · "), "{report}");
    assert!(
        paragraph(&report, "diplomacy-addresses-threats").contains("(undercut; marked rejected)")
    );
    let warnings = stderr(&output);
    assert!(
        warnings.contains("warning: regional-security.notes.ron marks `gone` accepted, but the map has no claim or argument with that id; the mark is orphaned and left out"),
        "{warnings}"
    );
    assert!(
        warnings.contains("marks `from-aim` rejected, but `from-aim` is an argument, not a claim"),
        "{warnings}"
    );

    // The command line wins over the notes file for the same claim.
    let output = essay.run(&["--accept", "diplomacy-addresses-threats"]);
    let report = stdout(&output);
    assert!(report.contains("\nConclusion: in · "), "{report}");
    assert!(
        report.contains(
            "\nMarks: 1 mark from regional-security.notes.ron, 1 mark from the command line.\n"
        ),
        "{report}"
    );
    assert!(paragraph(&report, "diplomacy-addresses-threats").contains("marked accepted"));

    // --no-marks leaves the notes file out, and reads nothing from it.
    let output = essay.run(&["--no-marks"]);
    let report = stdout(&output);
    assert!(report.contains("\nMarks: none.\n"), "{report}");
    assert!(report.contains("\nConclusion: in · 31 in"), "{report}");
    assert_eq!(stderr(&output), "");
}

#[test]
fn the_json_report_has_every_claim_and_argument() {
    let essay = Essay::new();
    let output = essay.run(&[
        "--format",
        "json",
        "--sceptical",
        "--accept",
        "dialogues",
        "--fails",
        "dialogue-defuses",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["reading"], "sceptical");
    assert_eq!(json["marks"]["from_command_line"], 2);
    assert_eq!(json["marks"]["notes_file"], Value::Null);
    assert_eq!(json["conclusion"]["id"], "cornerstone");
    assert_eq!(json["conclusion"]["status"], "out");
    assert_eq!(json["claims"].as_array().unwrap().len(), 32);
    assert_eq!(json["arguments"].as_array().unwrap().len(), 21);
    let claim = |id: &str| {
        json["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(claim("dialogues")["status"], "in");
    assert_eq!(claim("dialogues")["mark"], "accepted");
    assert_eq!(claim("dialogues")["role"], "reason");
    let diminishes = claim("diminishes-conflict");
    assert_eq!(diminishes["status"], "out");
    assert_eq!(
        diminishes["reason"],
        "Out: you marked the inference from `dialogues` and `dialogue-forums` as failing."
    );
    assert_eq!(
        diminishes["mentions"],
        serde_json::json!(["dialogues", "dialogue-forums"])
    );
    let counts = &json["counts"];
    assert_eq!(counts["in"], 1);
    assert_eq!(counts["out"], 31);
    let argument = json["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "dialogue-defuses")
        .unwrap();
    assert_eq!(argument["mark"], "fails");
    assert_eq!(argument["kind"], "support");
    assert_eq!(argument["status"], "out");
}

#[test]
fn unknown_and_misplaced_ids_are_named_with_a_suggestion() {
    let essay = Essay::new();
    let output = essay.run(&[
        "--reject",
        "diplomacy-adresses-threats",
        "--accept",
        "from-aim",
        "--fails",
        "military-strength-critical",
        "--holds",
        "zzz",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: --accept from-aim: `from-aim` is an argument; --accept and --reject take claim ids (--holds and --fails mark an argument's inference)\n\
         error: --reject diplomacy-adresses-threats: no claim has this id (did you mean `diplomacy-addresses-threats`?)\n\
         error: --holds zzz: no argument has this id\n\
         error: --fails military-strength-critical: `military-strength-critical` is a claim; --holds and --fails take argument ids (--accept and --reject mark a claim)\n"
    );

    let output = essay.run(&["--accept", "dialogues", "--reject", "dialogues"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: `dialogues` is given both --accept and --reject\n"
    );
}

#[test]
fn an_invalid_or_missing_map_is_reported_with_its_exit_code() {
    let essay = Essay::new();
    fs::write(
        essay.dir.path().join("broken.ron"),
        "(title: \"x\", claims: [",
    )
    .unwrap();
    let output = evaluate_in(essay.dir.path(), essay.data.path(), &["broken.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("broken.ron:1:"),
        "{}",
        stderr(&output)
    );
    let output = evaluate_in(essay.dir.path(), essay.data.path(), &["missing.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.ron"),
        "{}",
        stderr(&output)
    );
}
