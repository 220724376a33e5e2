//! `reasonmap notes` run as a real process: listings as text, JSON and
//! Markdown, adding notes, errors and exit codes, and the map file left
//! untouched.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// A three-claim map: c1 supported by c2 and by c3.
const MAP: &str = include_str!("fixtures/notes/map.ron");

/// The map without claim c3 (and the argument that used it).
const MAP_WITHOUT_C3: &str = r#"(
    title: "Test map",
    conclusion: "c1",
    claims: [
        (id: "c1", text: "The conclusion."),
        (id: "c2", text: "A reason."),
    ],
    arguments: [
        (id: "a1", premises: ["c2"], target: "c1", kind: Support),
    ],
)
"#;

struct Workspace {
    dir: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("essay.ron"), MAP).unwrap();
        Workspace {
            dir,
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_reasonmap"))
            .arg("notes")
            .args(args)
            .current_dir(self.dir.path())
            // Keep any data-folder file inside the test's folders.
            .env("XDG_DATA_HOME", self.data.path())
            .env("HOME", self.data.path())
            .output()
            .unwrap()
    }

    fn add(&self, claim: &str, text: &str) -> Output {
        let out = self.run(&["essay.ron", "--add", claim, text]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        out
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
fn add_then_list_as_text() {
    let ws = Workspace::new();
    let out = ws.add("c2", "Check the 2019 figures.\nThey look high.");
    let said = stdout(&out);
    assert!(said.starts_with("Added note n"), "{said}");
    assert!(said.contains("to claim c2"), "{said}");
    assert!(said.contains("essay.notes.ron"), "{said}");
    ws.add("c1", "The main point.");
    ws.add("c2", "A second thought.");

    let out = ws.run(&["essay.ron"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("3 notes on \"Test map\".\n"), "{text}");
    assert!(text.contains("beside the map in essay.notes.ron"), "{text}");
    // Claims in map order, notes oldest first, every line of a note shown.
    let c1 = text.find("The conclusion. (c1)").unwrap();
    let c2 = text.find("A reason. (c2)").unwrap();
    let figures = text
        .find("      Check the 2019 figures.\n      They look high.\n")
        .unwrap();
    let second = text.find("      A second thought.").unwrap();
    assert!(c1 < c2 && c2 < figures && figures < second, "{text}");
    assert!(
        !text.contains("Another reason."),
        "claims without notes are left out: {text}"
    );
    assert!(text.contains(" UTC ["), "times are shown: {text}");
}

#[test]
fn list_as_json() {
    let ws = Workspace::new();
    ws.add("c3", "Line one\nline two");
    let out = ws.run(&["essay.ron", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Test map");
    assert_eq!(v["notes_file"], "essay.notes.ron");
    assert_eq!(v["location"], "beside-map");
    assert_eq!(v["count"], 1);
    let claim = &v["claims"][0];
    assert_eq!(claim["id"], "c3");
    assert_eq!(claim["text"], "Another reason.");
    let note = &claim["notes"][0];
    assert_eq!(note["text"], "Line one\nline two");
    assert!(note["id"].as_str().unwrap().starts_with('n'));
    assert!(note["created"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["orphaned"], Value::Array(Vec::new()));
}

#[test]
fn list_as_markdown() {
    let ws = Workspace::new();
    ws.add("c1", "First line\nsecond line");
    let out = ws.run(&["essay.ron", "--format", "markdown"]);
    assert_eq!(code(&out), 0);
    let md = stdout(&out);
    assert!(md.starts_with("# Notes on Test map\n"), "{md}");
    assert!(md.contains("\n## The conclusion. (`c1`)\n"), "{md}");
    assert!(md.contains(" UTC*: First line\n  second line\n"), "{md}");
}

#[test]
fn a_map_without_notes_says_so() {
    let ws = Workspace::new();
    let out = ws.run(&["essay.ron"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).starts_with("No notes on \"Test map\"."),
        "{}",
        stdout(&out)
    );
    assert!(!ws.path("essay.notes.ron").exists());
}

#[test]
fn an_unknown_claim_id_is_an_error_naming_it() {
    let ws = Workspace::new();
    let out = ws.run(&["essay.ron", "--add", "c9", "text"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: no claim with id \"c9\" in essay.ron\n"
    );
    assert!(stdout(&out).is_empty());
    assert!(!ws.path("essay.notes.ron").exists());

    let out = ws.run(&["essay.ron", "--add", "c1", "   "]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("a note cannot be empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_invalid_or_missing_map_is_reported() {
    let ws = Workspace::new();
    fs::write(ws.path("bad.ron"), "(title: \"x\", conclusion: 5)").unwrap();
    let out = ws.run(&["bad.ron"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("bad.ron"), "{}", stderr(&out));
    let out = ws.run(&["missing.ron"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.ron"), "{}", stderr(&out));
}

#[test]
fn the_map_file_is_never_changed() {
    let ws = Workspace::new();
    let before = fs::read(ws.path("essay.ron")).unwrap();
    let modified = fs::metadata(ws.path("essay.ron"))
        .unwrap()
        .modified()
        .unwrap();
    ws.add("c1", "one");
    ws.add("c2", "two");
    for format in ["text", "json", "markdown"] {
        assert_eq!(code(&ws.run(&["essay.ron", "--format", format])), 0);
    }
    ws.run(&["essay.ron", "--add", "nope", "x"]);
    assert_eq!(fs::read(ws.path("essay.ron")).unwrap(), before);
    assert_eq!(
        fs::metadata(ws.path("essay.ron"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[test]
fn orphaned_notes_are_listed_last() {
    let ws = Workspace::new();
    ws.add("c3", "On a claim that goes away.");
    ws.add("c1", "On the conclusion.");
    fs::write(ws.path("essay.ron"), MAP_WITHOUT_C3).unwrap();

    let out = ws.run(&["essay.ron"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let conclusion = text.find("On the conclusion.").unwrap();
    let heading = text
        .find("Orphaned notes (their claims are no longer in the map):")
        .unwrap();
    let orphan = text.find("On a claim that goes away.").unwrap();
    assert!(conclusion < heading && heading < orphan, "{text}");
    assert!(text.contains("c3 (no longer in the map)"), "{text}");

    let v: Value =
        serde_json::from_slice(&ws.run(&["essay.ron", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["orphaned"][0]["claim"], "c3");
    assert_eq!(
        v["orphaned"][0]["notes"][0]["text"],
        "On a claim that goes away."
    );

    let md = stdout(&ws.run(&["essay.ron", "--format", "markdown"]));
    assert!(md.contains("## Orphaned notes"), "{md}");
    assert!(md.contains("### `c3`"), "{md}");

    // Adding a note keeps the orphans in the file.
    ws.add("c2", "New.");
    let saved = fs::read_to_string(ws.path("essay.notes.ron")).unwrap();
    assert!(saved.contains("On a claim that goes away."), "{saved}");
}

#[test]
fn a_corrupt_notes_file_does_not_stop_the_listing() {
    let ws = Workspace::new();
    fs::write(
        ws.path("essay.notes.ron"),
        "(version: 1, notes: {\n  \"c1\": [ oops ]\n})",
    )
    .unwrap();
    let out = ws.run(&["essay.ron"]);
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    assert!(err.starts_with("warning: essay.notes.ron:2:"), "{err}");
    assert!(
        err.contains("moved aside to essay.notes.ron.corrupt-"),
        "{err}"
    );
    assert!(stdout(&out).starts_with("No notes on"), "{}", stdout(&out));
    let aside: Vec<_> = fs::read_dir(ws.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(
        fs::read_to_string(ws.path(&aside[0]))
            .unwrap()
            .contains("oops")
    );
}

#[test]
fn adding_reports_json_when_asked() {
    let ws = Workspace::new();
    let out = ws.run(&["essay.ron", "--format", "json", "--add", "c1", "x"]);
    assert_eq!(code(&out), 0);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claim"], "c1");
    assert_eq!(v["merged"], false);
    assert_eq!(v["location"], "beside-map");
    let listed: Value =
        serde_json::from_slice(&ws.run(&["essay.ron", "--format", "json"]).stdout).unwrap();
    assert_eq!(listed["claims"][0]["notes"][0]["id"], v["added"]);
}

#[test]
fn adding_a_note_keeps_the_marks_in_the_file() {
    let ws = Workspace::new();
    fs::write(
        ws.path("essay.notes.ron"),
        "(version: 2, notes: {}, marks: {\"c2\": Rejected, \"a1\": Fails, \"gone\": Accepted})",
    )
    .unwrap();
    ws.add("c1", "A note beside the marks.");
    let text = fs::read_to_string(ws.path("essay.notes.ron")).unwrap();
    assert!(text.contains("A note beside the marks."), "{text}");
    assert!(
        text.contains("marks: {\n        \"a1\": Fails,\n        \"c2\": Rejected,\n        \"gone\": Accepted,\n    },"),
        "every mark kept, the orphaned one too: {text}"
    );
}
