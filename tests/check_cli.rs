//! `reasonmap check` run as a real process: exit codes, text and JSON
//! reports, and files that are not maps at all.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/model")
        .join(name)
}

/// A temporary folder holding copies of the fixtures, so paths in the
/// output are short and predictable (`valid.ron`, not an absolute path).
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(fixture("")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        Workspace { dir }
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.dir.path().join(name), contents).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_reasonmap"))
            .arg("check")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_valid_map_exits_0_with_its_summary() {
    let ws = Workspace::new();
    let out = ws.run(&["valid.ron"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "valid.ron: valid, 0 warnings: 9 claims, 6 arguments (2 supports, 3 attacks, 1 undercut), 2 co-premise groups, 8 quotes checked\n"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn warnings_are_printed_but_exit_0() {
    let ws = Workspace::new();
    let out = ws.run(&["warnings.ron"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "warning: warnings.ron:7:14: claim `lonely` is connected to nothing: it is no premise and no argument targets it\n  |\n7 |         (id: \"lonely\", text: \"A claim on its own.\"),\n  |              ^\n\nwarnings.ron: valid, 1 warning: 3 claims, 1 argument (1 support, 0 attacks, 0 undercuts), 0 co-premise groups, 0 quotes checked\n"
    );
}

#[test]
fn a_syntax_error_exits_1_and_shows_the_line() {
    let ws = Workspace::new();
    let out = ws.run(&["syntax-error.ron"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "error: syntax-error.ron:3:20: expected a comma `,` after this item\n  |\n3 |     conclusion: \"c\"\n  |                    ^\n\nsyntax-error.ron: invalid, 1 error, 0 warnings\n"
    );
}

#[test]
fn unknown_ids_exit_1_with_the_counts_of_the_map() {
    let ws = Workspace::new();
    let out = ws.run(&["unknown-ids.ron"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("error: unknown-ids.ron:9:31: unknown premise `saef` in argument `a1`: no claim has this id (did you mean `safe`?)"),
        "{text}"
    );
    assert!(text.ends_with("unknown-ids.ron: invalid, 2 errors, 0 warnings: 2 claims, 2 arguments (2 supports, 0 attacks, 0 undercuts), 0 co-premise groups, 0 quotes checked\n"), "{text}");
}

#[test]
fn missing_files_and_directories_exit_2() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.dir.path().join("folder")).unwrap();
    let out = ws.run(&["missing.ron"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stdout(&out),
        "error: missing.ron: cannot read the file: No such file or directory (os error 2)\n\nmissing.ron: unreadable\n"
    );
    let out = ws.run(&["folder"]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).starts_with(
        "error: folder: cannot read the file: it is a directory, not a regular file\n"
    ));
}

#[test]
fn the_worst_outcome_decides_the_exit_code() {
    let ws = Workspace::new();
    let out = ws.run(&["valid.ron", "warnings.ron"]);
    assert_eq!(code(&out), 0);
    let out = ws.run(&["valid.ron", "syntax-error.ron"]);
    assert_eq!(code(&out), 1);
    let out = ws.run(&["missing.ron", "syntax-error.ron", "valid.ron"]);
    assert_eq!(code(&out), 2);
    // Every file is still reported, in the order given.
    let summaries: Vec<String> = stdout(&out)
        .lines()
        .filter(|l| l.contains(".ron: "))
        .filter(|l| !l.starts_with("error") && !l.starts_with("warning"))
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(summaries, ["missing.ron", "syntax-error.ron", "valid.ron"]);
}

#[test]
fn json_report_has_a_stable_shape() {
    let ws = Workspace::new();
    let out = ws.run(&[
        "--format",
        "json",
        "valid.ron",
        "unknown-ids.ron",
        "syntax-error.ron",
    ]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(report["valid"], false);
    assert_eq!(report["exit_code"], 1);
    let maps = report["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 3);

    assert_eq!(maps[0]["file"], "valid.ron");
    assert_eq!(maps[0]["readable"], true);
    assert_eq!(maps[0]["valid"], true);
    assert_eq!(maps[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(
        maps[0]["summary"],
        serde_json::json!({
            "claims": 9, "arguments": 6, "supports": 2, "attacks": 3, "undercuts": 1,
            "rephrases": 0, "conclusions": 1, "co_premise_groups": 2, "quotes_checked": 8
        })
    );

    assert_eq!(maps[1]["valid"], false);
    assert_eq!(maps[1]["errors"], 2);
    assert_eq!(maps[1]["warnings"], 0);
    assert_eq!(
        maps[1]["diagnostics"][0],
        serde_json::json!({
            "severity": "error",
            "message": "unknown premise `saef` in argument `a1`: no claim has this id (did you mean `safe`?)",
            "line": 9,
            "column": 31
        })
    );
    assert_eq!(maps[1]["summary"]["claims"], 2);

    assert_eq!(maps[2]["summary"], Value::Null);
    assert_eq!(
        maps[2]["diagnostics"][0]["message"],
        "expected a comma `,` after this item"
    );
}

#[test]
fn json_report_for_an_unreadable_file() {
    let ws = Workspace::new();
    let out = ws.run(&["--format", "json", "valid.ron", "missing.ron"]);
    assert_eq!(code(&out), 2);
    let report = json(&out);
    assert_eq!(report["exit_code"], 2);
    let missing = &report["maps"][1];
    assert_eq!(missing["file"], "missing.ron");
    assert_eq!(missing["readable"], false);
    assert_eq!(missing["valid"], false);
    assert_eq!(missing["summary"], Value::Null);
    assert_eq!(
        missing["diagnostics"],
        serde_json::json!([{
            "severity": "error",
            "message": "cannot read the file: No such file or directory (os error 2)",
            "line": null,
            "column": null
        }])
    );
}

#[test]
fn json_warnings_keep_the_map_valid() {
    let ws = Workspace::new();
    let out = ws.run(&["--format", "json", "warnings.ron"]);
    assert_eq!(code(&out), 0);
    let report = json(&out);
    assert_eq!(report["valid"], true);
    assert_eq!(report["maps"][0]["warnings"], 1);
    assert_eq!(report["maps"][0]["diagnostics"][0]["severity"], "warning");
    assert_eq!(report["maps"][0]["diagnostics"][0]["line"], 7);
}

#[test]
fn files_that_are_not_maps_get_clear_errors() {
    let ws = Workspace::new();
    ws.write("empty.ron", "");
    ws.write(
        "garbage.ron",
        [0x7fu8, b'E', b'L', b'F', 2, 1, 1, 0, 0xff, 0xfe, 0x80],
    );
    ws.write("latin1.ron", b"(title: \"caf\xe9\")");
    ws.write("nul.ron", b"(title: \"a\0b\")");
    ws.write(
        "deep.ron",
        format!(
            "(title: \"t\", conclusion: \"c\", claims: {})",
            "[".repeat(1_000_000)
        ),
    );
    let cases = [
        (
            "empty.ron",
            "error: empty.ron: the file is empty; a map looks like",
        ),
        (
            "garbage.ron",
            "error: garbage.ron:1:9: the file is not UTF-8 text: byte 0xFF at line 1, column 9 is not valid UTF-8",
        ),
        (
            "latin1.ron",
            "error: latin1.ron:1:13: the file is not UTF-8 text: byte 0xE9 at line 1, column 13 is not valid UTF-8",
        ),
        (
            "nul.ron",
            "error: nul.ron:1:11: the file contains a NUL byte at line 1, column 11; it looks like a binary file",
        ),
        (
            "deep.ron",
            "error: deep.ron:1:40: expected `(` to open a claim",
        ),
        (
            "map.ron",
            "error: map.ron:1:1: expected `(` to open the map, like `(title: \"...\", conclusion: \"...\", claims: [...], arguments: [...])` (hint: maps are written in RON, not JSON",
        ),
    ];
    std::fs::copy(
        ws.dir.path().join("map.json"),
        ws.dir.path().join("map.ron"),
    )
    .unwrap();
    for (file, start) in cases {
        let out = ws.run(&[file]);
        assert_eq!(code(&out), 1, "{file}");
        let text = stdout(&out);
        assert!(text.starts_with(start), "{file}: {text}");
        assert!(
            text.ends_with(&format!("{file}: invalid, 1 error, 0 warnings\n")),
            "{file}: {text}"
        );
        // A line of a huge or binary file is shown cut short.
        assert!(text.lines().all(|l| l.chars().count() < 400), "{file}");
    }
    // A `.json` file is read as AIF; a map written in JSON gets a hint.
    let out = ws.run(&["map.json"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "error: map.json: this JSON file is not AIF: it has no `nodes` list. It looks like a reasonmap map written in JSON: maps are written in RON (see docs/map-format.md), and JSON files are read as AIF\n\nmap.json (AIF): invalid, 1 error, 0 warnings\n"
    );
}

#[test]
fn a_huge_file_is_refused_unread() {
    let ws = Workspace::new();
    let file = std::fs::File::create(ws.dir.path().join("huge.ron")).unwrap();
    // Sparse: 65 MiB that take no space on disk.
    file.set_len(65 * 1024 * 1024).unwrap();
    let out = ws.run(&["huge.ron"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "error: huge.ron: the file is too large to be a map: 65 MiB (maps over 64 MiB are refused)\n\nhuge.ron: invalid, 1 error, 0 warnings\n"
    );
}

#[test]
fn help_says_where_the_report_goes_and_what_the_exit_codes_mean() {
    let out = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    // Help is wrapped to the terminal's width; compare words.
    let help = stdout(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains("go to standard output"), "{help}");
    assert!(
        help.contains("0 when every map is valid (warnings allowed), 1 when any map is invalid, 2 when any file cannot be read"),
        "{help}"
    );
}

#[test]
fn check_offers_only_text_and_json() {
    let ws = Workspace::new();
    let out = ws.run(&["--format", "markdown", "valid.ron"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid value 'markdown' for '--format <FORMAT>'")
            && stderr.contains("[possible values: text, json]"),
        "{stderr}"
    );
}

#[test]
fn a_notes_file_is_named_as_such() {
    let ws = Workspace::new();
    std::fs::write(
        ws.dir.path().join("valid.notes.ron"),
        "(version: 1, notes: {})\n",
    )
    .unwrap();
    let out = ws.run(&["valid.notes.ron"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("valid.notes.ron: this is a notes file, not a map: it holds the notes on valid.ron, which is the file to check or open"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_needs_a_map() {
    let out = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("required arguments were not provided")
    );
}

#[test]
fn the_shipped_maps_are_valid_without_warnings() {
    let out = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["check", "maps/regional-security.ron", "maps/tutorial.ron"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("maps/regional-security.ron: valid, 0 warnings: "));
    assert!(lines[1].starts_with("maps/tutorial.ron: valid, 0 warnings: "));
    // Every quote of both maps was checked against its essay.
    for line in lines {
        assert!(!line.ends_with(" 0 quotes checked"), "{line}");
    }
}

#[test]
fn the_format_guide_shows_the_tutorial_map_and_its_check_line_as_they_are() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/map-format.md")).unwrap();
    let tutorial = std::fs::read_to_string(root.join("maps/tutorial.ron")).unwrap();
    let start = guide.find("The map:\n\n```ron\n").unwrap() + "The map:\n\n```ron\n".len();
    let end = start + guide[start..].find("```").unwrap();
    assert_eq!(
        &guide[start..end],
        tutorial,
        "docs/map-format.md repeats maps/tutorial.ron"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(["check", "maps/tutorial.ron"])
        .current_dir(root)
        .output()
        .unwrap();
    let line = stdout(&out);
    assert!(
        guide.contains(&format!("```text\n{line}```")),
        "docs/map-format.md shows `{}`",
        line.trim()
    );
}

#[test]
fn the_essay_map_marks_its_opening_sentence_as_a_restatement() {
    let loaded = reasonmap::model::load_map_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/maps/regional-security.ron"
    )))
    .unwrap();
    let index = &loaded.index;
    let opening = index.claim("opening-thesis").unwrap();
    assert_eq!(index.role(opening), reasonmap::model::Role::Rephrase);
    assert!(
        loaded.map.claims[opening]
            .quote
            .as_deref()
            .unwrap()
            .contains(
                "an essential component of an Islamic nation's diplomatic defense strategies"
            )
    );
    let rephrase = index.premise_of(opening)[0];
    assert_eq!(index.target_claim(rephrase), index.conclusion());
    assert_eq!(index.conclusions().len(), 1);
}

#[test]
fn coverage_lists_the_sentences_no_claim_quotes_with_their_lines() {
    let ws = Workspace::new();
    let essay = std::fs::read_to_string(ws.dir.path().join("essay.md")).unwrap();
    ws.write(
        "essay.md",
        format!("{essay}\n\nNobody quotes this. Nor *this*,\neither.\n"),
    );
    let out = ws.run(&["--coverage", "valid.ron"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let coverage: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        coverage,
        [
            "valid.ron: coverage of essay.md: 6 of 8 sentences mapped (75 %)",
            "essay.md:12: Nobody quotes this.",
            "essay.md:12: Nor this, either.",
        ]
    );

    let out = ws.run(&["--coverage", "--format", "json", "valid.ron"]);
    let report = &json(&out)["maps"][0]["coverage"];
    assert_eq!(report["source"], "essay.md");
    assert_eq!(report["error"], Value::Null);
    assert_eq!(
        (&report["mapped"], &report["sentences"], &report["percent"]),
        (&Value::from(6), &Value::from(8), &Value::from(75))
    );
    assert_eq!(report["text"], "6 of 8 sentences mapped (75 %)");
    assert_eq!(report["unmapped"][1]["line"], 12);
    assert_eq!(report["unmapped"][1]["text"], "Nor this, either.");
}

#[test]
fn coverage_says_why_there_is_none() {
    let ws = Workspace::new();
    let out = ws.run(&["--coverage", "warnings.ron", "missing-source.ron"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "warnings.ron: coverage: the map names no source text (add `source: \"essay.md\"`"
        ),
        "{text}"
    );
    assert!(
        text.contains("missing-source.ron: coverage of nowhere.md: cannot read the source: "),
        "{text}"
    );
    let out = ws.run(&[
        "--coverage",
        "--format",
        "json",
        "warnings.ron",
        "missing-source.ron",
    ]);
    let report = json(&out);
    assert_eq!(report["maps"][0]["coverage"], Value::Null);
    assert!(report["maps"][1]["coverage"]["error"].is_string());
    // Without --coverage the field is not there at all.
    let out = ws.run(&["--format", "json", "warnings.ron"]);
    assert!(json(&out)["maps"][0].get("coverage").is_none());
}
