//! `reasonmap convert` run as a real process, and AIF files given to
//! `check`, `export` and `notes` as any map is.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A temporary folder holding copies of the AIF fixtures.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(repo_file("tests/fixtures/aif")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_reasonmap"))
            .args(args)
            .current_dir(self.dir.path())
            .env("SOURCE_DATE_EPOCH", "1709632800")
            .output()
            .unwrap()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

#[test]
fn aif_to_ron_says_what_was_skipped_and_writes_a_valid_map() {
    let ws = Workspace::new();
    let out = ws.run(&["convert", "dialogue.json", "dialogue.ron"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "converted dialogue.json (AIF) to dialogue.ron (RON): 3 claims, 2 arguments (0 supports, 2 attacks, 0 undercuts), 0 co-premise groups, 0 quotes checked\n  skipped the dialogue layer (2 L-nodes, 1 TA-node, 3 YA-nodes, 8 edges, 2 locutions): a map holds the argument, not who said what when\n"
    );
    let ron = ws.read("dialogue.ron");
    assert!(
        ron.starts_with("// Converted from dialogue.json (AIF) by `reasonmap convert`.\n"),
        "{ron}"
    );
    assert!(ron.contains("id: \"n84\""), "{ron}");
    assert!(
        !ron.contains("Alice"),
        "no locution text without --source: {ron}"
    );
    let check = ws.run(&["check", "dialogue.ron"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn losses_are_listed_by_node_and_edge_id() {
    let ws = Workspace::new();
    let out = ws.run(&["convert", "dropped.json", "dropped.ron"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for line in [
        "  left out edge `5`: it goes from I node `105` to itself\n",
        "  left out RA node `103`: no claim (I-node) leads into it\n",
        "  left out CA node `104`: it leads to nothing\n",
        "  warning: claim `n105` is connected to nothing: it is no premise and no argument targets it\n",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    // The map's own warnings come once, the import's notes once.
    assert_eq!(text.matches("`103`").count(), 1, "{text}");
}

#[test]
fn the_report_is_json_for_scripts() {
    let ws = Workspace::new();
    let out = ws.run(&["convert", "--format", "json", "cycles.json", "cycles.ron"]);
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["converted"], true);
    assert_eq!(
        report["input"],
        serde_json::json!({"file": "cycles.json", "format": "aif"})
    );
    assert_eq!(
        report["output"],
        serde_json::json!({"file": "cycles.ron", "format": "ron"})
    );
    assert_eq!(report["summary"]["claims"], 8);
    assert_eq!(report["summary"]["arguments"], 5);
    assert_eq!(report["import"]["nodes"]["MA"], 2);
    let kinds: Vec<&str> = report["import"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["circular-support", "circular-undercut"]);
    assert_eq!(
        report["import"]["notes"][1]["ids"],
        serde_json::json!(["73", "75"])
    );
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
}

#[test]
fn with_source_claims_quote_the_text() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path("out")).unwrap();
    let out = ws.run(&[
        "convert",
        "dialogue.json",
        "out/dialogue.ron",
        "--source",
        "dialogue.txt",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "  quotes from dialogue.txt: 2 from locutions, 0 from claim texts found in it; no passage found for 1 claim: `n89`\n"
        ),
        "{}",
        stdout(&out)
    );
    let ron = ws.read("out/dialogue.ron");
    // The source is named from the output's folder.
    assert!(ron.contains("source: Some(\"../dialogue.txt\")"), "{ron}");
    assert!(
        ron.contains("quote: Some(\"but what about deliveries?\")"),
        "{ron}"
    );
    let check = ws.run(&["check", "out/dialogue.ron"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    assert!(
        stdout(&check).ends_with("2 quotes checked\n"),
        "{}",
        stdout(&check)
    );
    // A RON map names its own source.
    let out = ws.run(&[
        "convert",
        "out/dialogue.ron",
        "x.json",
        "--source",
        "dialogue.txt",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("error: --source is for AIF input"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ron_to_aif_and_back_through_the_command() {
    let ws = Workspace::new();
    for name in ["regional-security.ron", "regional-security.md"] {
        std::fs::copy(repo_file("maps").join(name), ws.path(name)).unwrap();
    }
    let out = ws.run(&["convert", "regional-security.ron", "essay.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "converted regional-security.ron (RON) to essay.json (AIF): 32 claims, 21 arguments (16 supports, 3 attacks, 1 undercut, 1 rephrase), 11 co-premise groups, 27 quotes checked\n"
    );
    let json: Value = serde_json::from_str(&ws.read("essay.json")).unwrap();
    assert_eq!(json["nodes"][0]["timestamp"], "2024-03-05 10:00:00");
    let check = ws.run(&["check", "essay.json"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
    assert!(
        stdout(&check).starts_with("essay.json (AIF): valid, 0 warnings: 32 claims"),
        "{}",
        stdout(&check)
    );
    let out = ws.run(&["convert", "essay.json", "back.ron"]);
    assert_eq!(code(&out), 0);
    let back = reasonmap::model::load_map_file(&ws.path("back.ron")).unwrap();
    let essay = reasonmap::model::load_map_file(&repo_file("maps/regional-security.ron")).unwrap();
    assert_eq!(back.map, essay.map);
}

#[test]
fn a_source_is_rebased_to_the_output_folder() {
    let ws = Workspace::new();
    let map = repo_file("maps/regional-security.ron");
    let out = ws.run(&["convert", map.to_str().unwrap(), "essay.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: Value = serde_json::from_str(&ws.read("essay.json")).unwrap();
    let source = json["reasonmap"]["source"].as_str().unwrap();
    assert!(source.ends_with("maps/regional-security.md"), "{source}");
    assert!(Path::new(source).is_relative(), "{source}");
    let check = ws.run(&["check", "essay.json"]);
    assert_eq!(code(&check), 0, "{}", stdout(&check));
}

#[test]
fn an_invalid_input_writes_nothing() {
    let ws = Workspace::new();
    std::fs::write(ws.path("old.ron"), "kept").unwrap();
    let out = ws.run(&["convert", "missing-node.json", "old.ron"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: missing-node.json: edge `2` goes to node `99`, which is not in the file\n\nerror: missing-node.json is not a valid map; nothing was written\n"
    );
    assert_eq!(ws.read("old.ron"), "kept");
    let out = ws.run(&[
        "convert",
        "--format",
        "json",
        "syntax-error.json",
        "new.ron",
    ]);
    assert_eq!(code(&out), 1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["converted"], false);
    assert_eq!(report["summary"], Value::Null);
    assert_eq!(report["diagnostics"][0]["line"], 4);
    assert_eq!(report["diagnostics"][0]["column"], 5);
    assert!(!ws.path("new.ron").exists());
}

#[test]
fn formats_come_from_names_or_options() {
    let ws = Workspace::new();
    let out = ws.run(&["convert", "undercut.json", "undercut.txt"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "error: cannot tell the format of undercut.txt from its name: name it .ron or .json, or give --to ron or --to aif\n"
    );
    let out = ws.run(&["convert", "undercut.json", "undercut.txt", "--to", "ron"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = ws.run(&[
        "convert",
        "undercut.txt",
        "undercut.aif",
        "--from",
        "ron",
        "--to",
        "aif",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: Value = serde_json::from_str(&ws.read("undercut.aif")).unwrap();
    assert_eq!(json["nodes"][4]["type"], "CA");
    let out = ws.run(&["convert", "undercut.json", "./undercut.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("is both the input and the output"),
        "{}",
        stderr(&out)
    );
    let help = stdout(&ws.run(&["--help"]));
    assert!(help.contains("convert"), "{help}");
}

#[test]
fn export_and_notes_take_aif_maps() {
    let ws = Workspace::new();
    let out = ws.run(&["export", "undercut.json", "-o", "undercut.svg"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let svg = ws.read("undercut.svg");
    assert!(svg.contains("bike lanes"), "{svg}");
    let out = ws.run(&[
        "notes",
        "undercut.json",
        "--add",
        "n13",
        "Check the city figures.",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The sidecar is NAME.notes.ron beside NAME.json.
    assert!(
        ws.read("undercut.notes.ron")
            .contains("Check the city figures.")
    );
    let out = ws.run(&["notes", "undercut.json"]);
    assert!(
        stdout(&out).contains("Check the city figures."),
        "{}",
        stdout(&out)
    );
    // Checking the notes file by mistake names the AIF map it belongs to.
    let out = ws.run(&["check", "undercut.notes.ron"]);
    assert!(
        stdout(&out)
            .contains("it holds the notes on undercut.json, which is the file to check or open"),
        "{}",
        stdout(&out)
    );
    let out = ws.run(&["notes", "undercut.json", "--add", "n99", "x"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn check_reads_aif_files_and_says_so() {
    let ws = Workspace::new();
    let out = ws.run(&["check", "--format", "json", "dropped.json", "undercut.json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let maps = report["maps"].as_array().unwrap();
    assert_eq!(maps[0]["format"], "aif");
    assert_eq!(maps[0]["valid"], true);
    // Each thing the import left out is a warning naming its node or edge.
    assert_eq!(maps[0]["warnings"], 10);
    assert_eq!(
        maps[0]["diagnostics"][5]["message"],
        "left out RA node `103`: no claim (I-node) leads into it"
    );
    assert_eq!(maps[0]["diagnostics"][5]["line"], Value::Null);
    assert_eq!(maps[1]["summary"]["undercuts"], 1);
    let out = ws.run(&["check", "undercut.json"]);
    assert_eq!(
        stdout(&out),
        "undercut.json (AIF): valid, 0 warnings: 3 claims, 2 arguments (1 support, 0 attacks, 1 undercut), 0 co-premise groups, 0 quotes checked\n"
    );
}
