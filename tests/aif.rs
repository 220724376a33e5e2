//! AIF JSON read as maps and maps written as AIF: one small file per
//! construct in `tests/fixtures/aif/` (written from the AIF specification),
//! malformed files, and round trips both ways.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use reasonmap::generate::generate_map;
use reasonmap::interchange::aif::{self, AifError, ImportOptions, NoteKind, QuoteSource};
use reasonmap::interchange::{
    MapFormat, OpenOptions, OpenedMap, check_map_file, load_map_file, write_map,
};
use reasonmap::layout::{LayoutStyle, layout};
use reasonmap::model::{
    ArgumentKind, Diagnostic, LoadedMap, Map, Role, Target, check_map_str,
    load_map_file as load_ron,
};
use reasonmap::text::FontMetrics;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aif")
        .join(name)
}

fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn open(name: &str) -> OpenedMap {
    check_map_file(&fixture(name), &OpenOptions::default()).unwrap()
}

fn load(name: &str) -> LoadedMap {
    load_map_file(&fixture(name)).unwrap()
}

fn role(loaded: &LoadedMap, claim: &str) -> Role {
    loaded.index.role(loaded.index.claim(claim).unwrap())
}

/// An argument as `(id, premises, target, kind, scheme)`.
type Row<'m> = (
    &'m str,
    Vec<&'m str>,
    &'m str,
    ArgumentKind,
    Option<&'m str>,
);

/// Every argument of `map`, as a row.
fn arguments(map: &Map) -> Vec<Row<'_>> {
    map.arguments
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.premises.iter().map(String::as_str).collect(),
                a.target.as_str(),
                a.kind,
                a.scheme.as_deref(),
            )
        })
        .collect()
}

fn claim_ids(map: &Map) -> Vec<&str> {
    map.claims.iter().map(|c| c.id.as_str()).collect()
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

/// An AIF document of `(nodeID, type, text)` nodes and `(fromID, toID)`
/// edges, numbered in order.
fn small_aif(nodes: &[(&str, &str, &str)], edges: &[(&str, &str)]) -> String {
    let nodes: Vec<serde_json::Value> = nodes
        .iter()
        .map(|(id, kind, text)| serde_json::json!({"nodeID": id, "text": text, "type": kind}))
        .collect();
    let edges: Vec<serde_json::Value> = edges
        .iter()
        .enumerate()
        .map(|(i, (from, to))| {
            serde_json::json!({"edgeID": (i + 1).to_string(), "fromID": from, "toID": to})
        })
        .collect();
    serde_json::json!({"nodes": nodes, "edges": edges, "locutions": []}).to_string()
}

fn no_source(_: &str) -> std::io::Result<String> {
    Err(std::io::Error::other("no source"))
}

#[test]
fn i_nodes_become_claims_and_linked_premises_become_co_premises() {
    let loaded = load("linked-premises.json");
    let map = &loaded.map;
    assert_eq!(map.title, "linked-premises");
    assert_eq!(claim_ids(map), ["n1", "n2", "n3", "n5"]);
    assert_eq!(
        map.claims[1].text,
        "Cars make the air in the centre unhealthy."
    );
    use ArgumentKind::*;
    assert_eq!(
        arguments(map),
        [
            ("n4", vec!["n2", "n3"], "n1", Support, None),
            ("n6", vec!["n5"], "n1", Support, None),
        ]
    );
    assert_eq!(loaded.summary.co_premise_groups, 1);
    assert_eq!(role(&loaded, "n1"), Role::Conclusion);
    assert_eq!(role(&loaded, "n3"), Role::Reason);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn an_attack_on_an_inference_is_an_undercut() {
    let loaded = load("undercut.json");
    use ArgumentKind::*;
    assert_eq!(
        arguments(&loaded.map),
        [
            ("n12", vec!["n11"], "n10", Support, None),
            ("n14", vec!["n13"], "n12", Attack, None),
        ]
    );
    let undercut = loaded.index.argument("n14").unwrap();
    let supported = loaded.index.argument("n12").unwrap();
    assert_eq!(
        loaded.index.target(undercut),
        Some(Target::Argument(supported))
    );
    assert_eq!(role(&loaded, "n13"), Role::Undercut);
    assert_eq!(loaded.summary.undercuts, 1);
}

#[test]
fn an_attack_on_an_attack_targets_that_attack() {
    let loaded = load("attack-on-attack.json");
    use ArgumentKind::*;
    assert_eq!(
        arguments(&loaded.map),
        [
            ("n22", vec!["n21"], "n20", Attack, None),
            ("n24", vec!["n23"], "n22", Attack, None),
            ("n26", vec!["n25"], "n20", Support, None),
        ]
    );
    assert_eq!(role(&loaded, "n21"), Role::Objection);
    assert_eq!(role(&loaded, "n23"), Role::Undercut);
    assert_eq!(role(&loaded, "n25"), Role::Reason);
}

#[test]
fn ma_nodes_become_rephrases() {
    let loaded = load("rephrase.json");
    use ArgumentKind::*;
    assert_eq!(
        arguments(&loaded.map),
        [
            ("n32", vec!["n31"], "n30", Rephrase, None),
            ("n34", vec!["n33"], "n30", Support, None),
        ]
    );
    assert_eq!(role(&loaded, "n31"), Role::Rephrase);
    assert_eq!(loaded.summary.rephrases, 1);
}

#[test]
fn a_map_with_several_roots_has_several_conclusions_the_largest_part_first() {
    let loaded = load("several-roots.json");
    // AIF names no conclusion, so the map names none: its top claims are
    // its conclusions.
    assert!(loaded.map.conclusions.is_empty());
    let conclusions: Vec<&str> = loaded
        .index
        .conclusions()
        .iter()
        .map(|&c| loaded.map.claims[c].id.as_str())
        .collect();
    assert_eq!(conclusions, ["n43", "n40"]);
    assert_eq!(role(&loaded, "n43"), Role::Conclusion);
    assert_eq!(role(&loaded, "n40"), Role::OtherConclusion);
    assert_eq!(role(&loaded, "n48"), Role::Unconnected);
    assert_eq!(
        loaded
            .warnings
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>(),
        ["claim `n48` is connected to nothing: it is no premise and no argument targets it"]
    );
}

#[test]
fn the_dialogue_layer_is_skipped_and_counted() {
    let opened = open("dialogue.json");
    assert!(opened.checked.is_valid());
    let map = &opened.checked.parsed.as_ref().unwrap().map;
    assert_eq!(claim_ids(map), ["n81", "n84", "n89"]);
    assert!(map.claims.iter().all(|c| c.quote.is_none()));
    assert!(map.source.is_none());
    use ArgumentKind::*;
    assert_eq!(
        arguments(map),
        [
            ("n87", vec!["n84"], "n81", Attack, None),
            ("n90", vec!["n89"], "n84", Attack, None),
        ]
    );
    let report = opened.import.unwrap();
    let dialogue = &report.dialogue;
    assert_eq!(
        dialogue
            .nodes
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("L", 2), ("TA", 1), ("YA", 3)]
    );
    assert_eq!((dialogue.edges, dialogue.locutions), (8, 2));
    assert_eq!(
        report.lines(),
        [
            "skipped the dialogue layer (2 L-nodes, 1 TA-node, 3 YA-nodes, 8 edges, 2 locutions): a map holds the argument, not who said what when"
        ]
    );
    // Skipping the dialogue layer is no loss: check says nothing of it.
    assert!(opened.checked.diagnostics.is_empty());
}

#[test]
fn with_a_source_text_claims_quote_their_locutions() {
    let text = std::fs::read_to_string(fixture("dialogue.txt")).unwrap();
    let source = QuoteSource {
        name: "dialogue.txt",
        text: &text,
    };
    let opened = check_map_file(
        &fixture("dialogue.json"),
        &OpenOptions {
            format: None,
            source: Some(source),
        },
    )
    .unwrap();
    // The quotes are checked against the source like any map's.
    assert!(
        opened.checked.is_valid(),
        "{:?}",
        opened.checked.diagnostics
    );
    let parsed = opened.checked.parsed.unwrap();
    let map = parsed.map;
    assert_eq!(map.source.as_deref(), Some("dialogue.txt"));
    let quotes: Vec<Option<&str>> = map.claims.iter().map(|c| c.quote.as_deref()).collect();
    // The speaker's name is not part of the quote; the line break in the
    // source is only whitespace.
    assert_eq!(
        quotes,
        [
            Some("cars should go, from the centre at least"),
            Some("but what about deliveries?"),
            None
        ]
    );
    assert_eq!(parsed.summary.quotes_checked, 2);
    let quotes = opened.import.unwrap().quotes.unwrap();
    assert_eq!((quotes.from_locutions, quotes.from_claim_text), (2, 0));
    assert_eq!(quotes.not_found, ["n89"]);
}

#[test]
fn a_claim_whose_text_is_in_the_source_quotes_it() {
    let aif = small_aif(&[("1", "I", "Rubbish  is sorted.")], &[]);
    let options = ImportOptions {
        title: "t",
        source: Some(QuoteSource {
            name: "s.txt",
            text: "In Berlin, rubbish is sorted.\nRubbish is\nsorted.",
        }),
    };
    let imported = aif::import(&aif, &options).unwrap();
    assert_eq!(
        imported.map.claims[0].quote.as_deref(),
        Some("Rubbish is sorted.")
    );
    assert_eq!(imported.report.quotes.unwrap().from_claim_text, 1);
}

#[test]
fn schemes_come_from_scheme_or_from_the_node_text() {
    let loaded = load("schemes.json");
    use ArgumentKind::*;
    assert_eq!(
        arguments(&loaded.map),
        [
            (
                "n52",
                vec!["n51"],
                "n50",
                Support,
                Some("Argument From Expert Opinion")
            ),
            ("n54", vec!["n53"], "n50", Support, Some("Example")),
            // "Default Conflict" is AIFdb's name for no scheme.
            ("n56", vec!["n55"], "n52", Attack, None),
        ]
    );
}

#[test]
fn cycles_are_kept_where_a_map_allows_them_and_reported_where_not() {
    let opened = open("cycles.json");
    assert!(
        opened.checked.is_valid(),
        "{:?}",
        opened.checked.diagnostics
    );
    let map = &opened.checked.parsed.as_ref().unwrap().map;
    use ArgumentKind::*;
    assert_eq!(
        arguments(map),
        [
            // The first support of the circle is kept, the one closing it
            // is left out.
            ("n62", vec!["n61"], "n60", Support, None),
            // Claims may attack each other, and restate each other.
            ("n66", vec!["n64"], "n65", Attack, None),
            ("n67", vec!["n65"], "n64", Attack, None),
            ("n70", vec!["n68"], "n69", Rephrase, None),
            ("n71", vec!["n69"], "n68", Rephrase, None),
        ]
    );
    let notes = opened.import.unwrap().notes;
    assert_eq!(
        notes
            .iter()
            .map(|n| (n.kind, n.ids.clone(), n.message.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                NoteKind::CircularSupport,
                vec!["63".to_owned()],
                "left out RA node `63`: it would close a circle of supports between I-nodes `60` -> `61` -> `60`, and a claim cannot support itself"
            ),
            (
                NoteKind::CircularUndercut,
                vec!["73".to_owned(), "75".to_owned()],
                "left out CA node `73` and CA node `75`: they attack each other in a circle that reaches no claim"
            ),
        ]
    );
    // Every note is a warning of `check`.
    let warnings: Vec<&str> = opened
        .checked
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings[..2],
        [notes[0].message.as_str(), notes[1].message.as_str()]
    );
}

#[test]
fn a_circle_of_supports_through_a_rephrase_is_broken_too() {
    // 1 supports 2, which restates 3, which supports 1.
    let aif = small_aif(
        &[
            ("1", "I", "One."),
            ("2", "I", "Two."),
            ("3", "I", "Three."),
            ("4", "RA", "Default Inference"),
            ("5", "MA", "Default Rephrase"),
            ("6", "RA", "Default Inference"),
            ("7", "RA", "Default Inference"),
        ],
        &[
            ("1", "4"),
            ("4", "2"),
            ("2", "5"),
            ("5", "3"),
            ("3", "6"),
            ("6", "1"),
            ("3", "7"),
            ("7", "2"),
        ],
    );
    let imported = aif::import(
        &aif,
        &ImportOptions {
            title: "t",
            source: None,
        },
    )
    .unwrap();
    let kept: Vec<&str> = imported
        .map
        .arguments
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    // 7 says that 3 supports 2, which restates 3: a claim supporting itself.
    assert_eq!(kept, ["n4", "n5"]);
    let kinds: Vec<NoteKind> = imported.report.notes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NoteKind::CircularSupport, NoteKind::CircularSupport]
    );
    let text = reasonmap::interchange::write_map(&imported.map, MapFormat::Ron, "", "");
    let checked = check_map_str(&text, Path::new("t.ron"), &no_source);
    assert!(checked.is_valid(), "{:?}", checked.diagnostics);
}

#[test]
fn a_long_chain_closed_into_a_circle_is_broken_without_deep_recursion() {
    // Claim k+1 supports claim k, and claim 1 supports the last one.
    const N: usize = 20_000;
    let nodes: Vec<(String, &str, String)> = (1..=N)
        .map(|k| (k.to_string(), "I", format!("Claim {k}.")))
        .chain((1..=N).map(|k| ((N + k).to_string(), "RA", "Default Inference".to_owned())))
        .collect();
    let mut edges = Vec::new();
    for k in 1..=N {
        let (from, to) = if k < N { (k + 1, k) } else { (1, N) };
        edges.push((from.to_string(), (N + k).to_string()));
        edges.push(((N + k).to_string(), to.to_string()));
    }
    let nodes: Vec<(&str, &str, &str)> = nodes
        .iter()
        .map(|(id, kind, text)| (id.as_str(), *kind, text.as_str()))
        .collect();
    let edges: Vec<(&str, &str)> = edges
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let aif = small_aif(&nodes, &edges);
    let imported = aif::import(
        &aif,
        &ImportOptions {
            title: "t",
            source: None,
        },
    )
    .unwrap();
    assert_eq!(imported.map.arguments.len(), N - 1);
    let notes = &imported.report.notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, NoteKind::CircularSupport);
    assert_eq!(notes[0].ids, [(2 * N).to_string()]);
}

#[test]
fn what_a_map_cannot_hold_is_left_out_and_said() {
    let opened = open("dropped.json");
    assert!(
        opened.checked.is_valid(),
        "{:?}",
        opened.checked.diagnostics
    );
    let map = &opened.checked.parsed.as_ref().unwrap().map;
    assert_eq!(claim_ids(map), ["n100", "n101", "n105", "n108"]);
    assert_eq!(
        arguments(map),
        [("n102", vec!["n101"], "n100", ArgumentKind::Support, None)]
    );
    let notes = opened.import.unwrap().notes;
    let found: Vec<(NoteKind, Vec<&str>)> = notes
        .iter()
        .map(|n| (n.kind, n.ids.iter().map(String::as_str).collect()))
        .collect();
    use NoteKind::*;
    assert_eq!(
        found,
        [
            (SelfLoop, vec!["5"]),
            (ClaimToClaim, vec!["6"]),
            (EmptyClaim, vec!["106"]),
            (OtherNode, vec!["107"]),
            (DuplicateEdge, vec!["7"]),
            (NoPremise, vec!["103"]),
            (NoTarget, vec!["104"]),
            (ArgumentTarget, vec!["109", "102"]),
        ]
    );
    assert_eq!(
        notes[3].message,
        "left out PA node `107` and its 2 edges: a preference between arguments has no counterpart in a map"
    );
    assert_eq!(
        notes[4].message,
        "left out edge `7`: another edge already goes from I node `101` to RA node `102`"
    );
    assert_eq!(
        notes[7].message,
        "RA node `109` points at RA node `102`: a support of an inference rather than of a claim has no counterpart in a map (only attacks can target arguments), so it was left out"
    );
}

#[test]
fn an_s_node_with_several_conclusions_becomes_several_arguments() {
    let aif = small_aif(
        &[
            ("1", "I", "One."),
            ("2", "I", "Two."),
            ("3", "I", "Three."),
            ("4", "RA", "Default Inference"),
            ("5", "MA", "Default Rephrase"),
            ("6", "CA", "Default Conflict"),
            ("7", "I", "Four."),
            ("8", "I", "Five."),
        ],
        &[
            ("1", "4"),
            ("4", "2"),
            ("4", "3"),
            ("2", "5"),
            ("3", "5"),
            ("5", "7"),
            ("8", "6"),
            ("6", "4"),
        ],
    );
    let imported = aif::import(
        &aif,
        &ImportOptions {
            title: "t",
            source: None,
        },
    )
    .unwrap();
    use ArgumentKind::*;
    assert_eq!(
        arguments(&imported.map),
        [
            ("n4", vec!["n1"], "n2", Support, None),
            ("n4.2", vec!["n1"], "n3", Support, None),
            ("n5", vec!["n2"], "n7", Rephrase, None),
            ("n5.2", vec!["n3"], "n7", Rephrase, None),
            // An attack on a split node attacks its first part.
            ("n6", vec!["n8"], "n4", Attack, None),
        ]
    );
    let messages: Vec<&str> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "RA node `4` has several conclusions (an argument has one), so it became 2 arguments",
            "MA node `5` has several premises (a rephrase restates one claim), so it became 2 arguments",
        ]
    );
    assert!(imported.report.notes.iter().all(|n| !n.kind.is_loss()));
}

#[test]
fn reasonmap_ids_that_clash_give_way() {
    // Nodes 1 and 2 both carry the reasonmap id `x`; RA node 4 has two
    // conclusions, and its second argument would be `n4.2`, the id of
    // I-node `4.2`.
    let aif = r#"{"nodes": [
        {"nodeID": "1", "text": "One.", "type": "I", "reasonmap": {"id": "x"}},
        {"nodeID": "2", "text": "Two.", "type": "I", "reasonmap": {"id": "x", "implicit": true}},
        {"nodeID": "4.2", "text": "Three.", "type": "I"},
        {"nodeID": "4", "text": "Default Inference", "type": "RA"}],
      "edges": [
        {"edgeID": "1", "fromID": "4.2", "toID": "4"},
        {"edgeID": "2", "fromID": "4", "toID": "1"},
        {"edgeID": "3", "fromID": "4", "toID": "2"}]}"#;
    let options = ImportOptions {
        title: "t",
        source: None,
    };
    let imported = aif::import(aif, &options).unwrap();
    let map = &imported.map;
    assert_eq!(claim_ids(map), ["x", "n2", "n4.2"]);
    assert!(map.claims[1].implicit);
    use ArgumentKind::*;
    assert_eq!(
        arguments(map),
        [
            ("n4", vec!["n4.2"], "x", Support, None),
            ("n4.2.2", vec!["n4.2"], "n2", Support, None),
        ]
    );
    let renamed: Vec<&str> = imported
        .report
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Renamed)
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        renamed,
        [
            "node `2` names its reasonmap id `x`, which another element has already; it is called `n2` instead"
        ]
    );
}

#[test]
fn ids_are_strings_even_when_they_look_like_numbers() {
    // `7` and `007` are two nodes; `12` written as a number is `"12"`.
    let aif = r#"{"nodes": [
        {"nodeID": "7", "text": "Seven.", "type": "I"},
        {"nodeID": "007", "text": "Double-oh seven.", "type": "I"},
        {"nodeID": 12, "text": "Default Conflict", "type": "CA"}],
      "edges": [
        {"edgeID": "1", "fromID": "007", "toID": "12"},
        {"edgeID": "01", "fromID": "12", "toID": 7}]}"#;
    let options = ImportOptions {
        title: "t",
        source: None,
    };
    let imported = aif::import(aif, &options).unwrap();
    assert_eq!(claim_ids(&imported.map), ["n7", "n007"]);
    assert_eq!(
        arguments(&imported.map),
        [("n12", vec!["n007"], "n7", ArgumentKind::Attack, None)]
    );
    let duplicate = r#"{"nodes": [{"nodeID": "5", "type": "I", "text": "a"}, {"nodeID": 5, "type": "I", "text": "b"}]}"#;
    let errors = aif::import(duplicate, &options).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "duplicate node id `5`: nodes number 1 and 2 both have it"
    );
}

#[test]
fn ova_files_wrap_aif_and_may_use_integer_ids() {
    let loaded = load("ova.json");
    assert_eq!(claim_ids(&loaded.map), ["n1", "n2"]);
    assert_eq!(
        arguments(&loaded.map),
        [("n3", vec!["n2"], "n1", ArgumentKind::Support, None)]
    );
}

/// The only diagnostic of a file that does not import.
fn only_error(name: &str) -> Diagnostic {
    let opened = open(name);
    assert!(opened.checked.parsed.is_none(), "{name}");
    assert_eq!(opened.checked.diagnostics.len(), 1, "{name}");
    opened.checked.diagnostics[0].clone()
}

#[test]
fn json_syntax_errors_have_a_line_and_column() {
    let d = only_error("syntax-error.json");
    assert_eq!(d.message, "invalid JSON: expected `,` or `]`");
    assert_eq!((d.line, d.column), (Some(4), Some(5)));
    assert_eq!(
        d.source_line.as_deref(),
        Some(
            r#"    {"nodeID": "2", "text": "Another claim.", "type": "I", "timestamp": "2024-03-05 10:00:00"}"#
        )
    );
    assert!(d.to_string().starts_with("error: "), "{d}");
    assert!(
        d.to_string()
            .contains("syntax-error.json:4:5: invalid JSON"),
        "{d}"
    );
}

#[test]
fn json_that_is_not_aif_is_named_so() {
    let d = only_error("not-aif.json");
    assert_eq!(
        d.message,
        "this JSON file is not AIF: it has no `nodes` list (AIF JSON from AIFdb or OVA has `nodes`, `edges` and `locutions`)"
    );
    let d = only_error("list.json");
    assert_eq!(
        d.message,
        "this JSON file is not AIF: it starts with `[`, a list; AIF JSON is an object `{...}` with `nodes`, `edges` and `locutions`"
    );
    assert_eq!((d.line, d.column), (Some(1), Some(1)));
    let d = only_error("nodes-not-a-list.json");
    assert_eq!(
        d.message,
        "invalid JSON: invalid type: map, expected a list of nodes"
    );
    assert_eq!((d.line, d.column), (Some(2), Some(11)));
}

#[test]
fn edges_to_missing_nodes_and_duplicate_ids_are_errors_naming_the_ids() {
    let d = only_error("missing-node.json");
    assert_eq!(
        d.message,
        "edge `2` goes to node `99`, which is not in the file"
    );
    let opened = open("duplicate-ids.json");
    assert_eq!(
        errors(&opened.checked.diagnostics),
        [
            "duplicate node id `2`: nodes number 2 and 3 both have it",
            "duplicate edge id `5`: edges number 1 and 2 both have it"
        ]
    );
}

#[test]
fn fields_of_the_wrong_type_are_errors_naming_the_node_or_edge() {
    let opened = open("wrong-types.json");
    assert!(opened.checked.parsed.is_none());
    assert_eq!(
        errors(&opened.checked.diagnostics),
        [
            "node number 1 has a `nodeID` that is an object; it must be a string like \"12\"",
            "node `2` has a `type` that is a number; it must be a string like \"I\" or \"RA\"",
            "node `3` has a `text` that is a number; it must be a string",
            "node number 5 has no `nodeID`",
            "edge `1` has a `fromID` that is true or false; it must be a string like \"12\"",
            "edge `2` has no `toID`",
        ]
    );
}

#[test]
fn bad_bytes_and_empty_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "empty.json",
            b"",
            "this JSON file is not AIF: the file is empty; AIF JSON is an object with `nodes`, `edges` and `locutions`",
        ),
        (
            "latin1.json",
            b"{\"nodes\": [{\"text\": \"caf\xe9\"}]}",
            "the file is not UTF-8 text: byte 0xE9 at line 1, column 25 is not valid UTF-8 (maps are UTF-8 text files)",
        ),
        (
            "nul.json",
            b"{\"nodes\": [\0]}",
            "invalid JSON: expected value",
        ),
        (
            "cut.json",
            b"{\"nodes\": [{\"nodeID\": \"1\"",
            "invalid JSON: EOF while parsing an object",
        ),
        (
            "number.json",
            b"  42",
            "this JSON file is not AIF: it starts with a number; AIF JSON is an object `{...}` with `nodes`, `edges` and `locutions`",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let opened = check_map_file(&path, &OpenOptions::default()).unwrap();
        assert_eq!(errors(&opened.checked.diagnostics), [message], "{name}");
    }
    // Deeply nested values are skipped without recursion.
    let options = ImportOptions {
        title: "t",
        source: None,
    };
    let deep = format!(
        "{{\"nodes\": [{{\"nodeID\": \"1\", \"type\": \"I\", \"text\": {}{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let errors = aif::import(&deep, &options).unwrap_err();
    assert_eq!(
        errors[0].to_string(),
        "node `1` has a `text` that is a list; it must be a string"
    );
    let cut = format!("{{\"nodes\": [{{\"text\": {}", "[{\"a\": ".repeat(50_000));
    let errors = aif::import(&cut, &options).unwrap_err();
    assert!(
        matches!(&errors[0], AifError::Syntax { message, line: 1, .. } if message == "EOF while parsing a value"),
        "{errors:?}"
    );
}

#[test]
fn a_file_too_large_to_be_a_map_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: 100 MB that take no space on disk.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1000 * 1000)
        .unwrap();
    let opened = check_map_file(&path, &OpenOptions::default()).unwrap();
    assert_eq!(
        errors(&opened.checked.diagnostics),
        ["the file is too large to be a map: 95.4 MiB (maps over 64 MiB are refused)"]
    );
}

#[test]
fn too_many_errors_are_counted_not_listed() {
    let nodes: Vec<String> = (0..80)
        .map(|_| r#"{"text": "x", "type": "I"}"#.to_owned())
        .collect();
    let text = format!("{{\"nodes\": [{}], \"edges\": []}}", nodes.join(","));
    let errors = aif::import(
        &text,
        &ImportOptions {
            title: "t",
            source: None,
        },
    )
    .unwrap_err();
    assert_eq!(errors.len(), 51);
    assert_eq!(
        errors[50].to_string(),
        "30 more errors like these are not listed"
    );
}

#[test]
fn the_format_comes_from_the_extension_or_else_the_first_character() {
    assert_eq!(MapFormat::detect(Path::new("a.json"), b"("), MapFormat::Aif);
    assert_eq!(MapFormat::detect(Path::new("a.RON"), b"{"), MapFormat::Ron);
    assert_eq!(
        MapFormat::detect(Path::new("a.txt"), b"\xef\xbb\xbf \n{"),
        MapFormat::Aif
    );
    assert_eq!(
        MapFormat::detect(Path::new("map"), b"// c\n("),
        MapFormat::Ron
    );
    // A RON map under a name without the extension opens as RON.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay-map");
    std::fs::write(
        &path,
        "// a map\n(title: \"t\", claims: [(id: \"c\", text: \"C\")])",
    )
    .unwrap();
    assert_eq!(load_map_file(&path).unwrap().map.title, "t");
    let aif_path = dir.path().join("debate.aif");
    std::fs::copy(fixture("undercut.json"), &aif_path).unwrap();
    assert_eq!(load_map_file(&aif_path).unwrap().map.claims.len(), 3);
}

/// RON maps written as AIF and read back.
fn ron_round_trip(map: &Map) -> Map {
    let json = write_map(map, MapFormat::Aif, "", "2024-03-05 10:00:00");
    let imported = aif::import(
        &json,
        &ImportOptions {
            title: "unused",
            source: None,
        },
    )
    .unwrap();
    assert!(
        imported.report.notes.is_empty(),
        "{:?}",
        imported.report.notes
    );
    imported.map
}

#[test]
fn ron_to_aif_to_ron_gives_the_same_map() {
    for name in [
        "maps/regional-security.ron",
        "maps/tutorial.ron",
        "tests/fixtures/model/valid.ron",
        "tests/fixtures/model/warnings.ron",
    ] {
        let map = load_ron(&repo_file(name)).unwrap().map;
        assert_eq!(ron_round_trip(&map), map, "{name}");
    }
    for seed in 1..=10 {
        let map = generate_map(300, seed);
        assert_eq!(ron_round_trip(&map), map, "seed {seed}");
    }
}

#[test]
fn ids_implicit_premises_and_quotes_ride_in_extension_fields() {
    let essay = load_ron(&repo_file("maps/regional-security.ron"))
        .unwrap()
        .map;
    let json = write_map(&essay, MapFormat::Aif, "", "2024-03-05 10:00:00");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["reasonmap"]["title"], essay.title.as_str());
    assert_eq!(value["reasonmap"]["source"], "regional-security.md");
    assert_eq!(value["reasonmap"]["conclusion"][0], "cornerstone");
    let first = &value["nodes"][0];
    assert_eq!(first["nodeID"], "1");
    assert_eq!(first["type"], "I");
    assert_eq!(first["timestamp"], "2024-03-05 10:00:00");
    assert_eq!(first["reasonmap"]["id"], "cornerstone");
    assert!(first["reasonmap"]["quote"].is_string());
    let implicit = essay.claims.iter().position(|c| c.implicit).unwrap();
    assert_eq!(value["nodes"][implicit]["reasonmap"]["implicit"], true);
    assert_eq!(value["locutions"], serde_json::json!([]));
    // Every edge has AIFdb's four fields in AIFdb's order, ids as strings.
    assert!(
        json.contains("\"edges\": [\n    {\n      \"edgeID\": \"1\",\n      \"fromID\": \""),
        "{json}"
    );
    for edge in value["edges"].as_array().unwrap() {
        assert_eq!(edge.as_object().unwrap().len(), 4);
        assert!(edge["edgeID"].is_string() && edge["fromID"].is_string());
        assert!(edge["toID"].is_string() && edge["formEdgeID"].is_null());
    }
    assert!(
        json.contains("\"nodeID\": \"1\",\n      \"text\": "),
        "{json}"
    );
}

/// The argument layer of an AIF file: its I, RA, CA and MA nodes by id,
/// with their text (an S-node's scheme, when it names one), and the edges
/// between them.
type Layer = (
    BTreeSet<(String, String, String)>,
    BTreeSet<(String, String)>,
);

fn argument_layer(json: &str) -> Layer {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let aif = if value.get("nodes").is_some() {
        &value
    } else {
        &value["AIF"]
    };
    let id = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut nodes = BTreeSet::new();
    for node in aif["nodes"].as_array().unwrap() {
        let kind = node["type"].as_str().unwrap();
        if ["I", "RA", "CA", "MA"].contains(&kind) {
            let text = node
                .get("scheme")
                .and_then(|s| s.as_str())
                .unwrap_or_else(|| node["text"].as_str().unwrap());
            nodes.insert((id(&node["nodeID"]), kind.to_owned(), text.to_owned()));
        }
    }
    let ids: BTreeSet<String> = nodes.iter().map(|n| n.0.clone()).collect();
    let edges = aif["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (id(&e["fromID"]), id(&e["toID"])))
        .filter(|(from, to)| ids.contains(from) && ids.contains(to))
        .collect();
    (nodes, edges)
}

/// AIF read as a map, written as RON, read back and written as AIF.
pub fn aif_round_trip(json: &str, title: &str) -> String {
    let map = aif::import(
        json,
        &ImportOptions {
            title,
            source: None,
        },
    )
    .unwrap()
    .map;
    let ron = write_map(&map, MapFormat::Ron, "header", "");
    let checked = check_map_str(&ron, Path::new("x.ron"), &no_source);
    assert!(checked.is_valid(), "{:?}", checked.diagnostics);
    write_map(
        &checked.parsed.unwrap().map,
        MapFormat::Aif,
        "",
        "2024-03-05 10:00:00",
    )
}

#[test]
fn aif_to_ron_to_aif_keeps_the_argument_layer() {
    for name in [
        "linked-premises.json",
        "undercut.json",
        "attack-on-attack.json",
        "rephrase.json",
        "several-roots.json",
        "dialogue.json",
        "schemes.json",
        "ova.json",
    ] {
        let json = std::fs::read_to_string(fixture(name)).unwrap();
        let back = aif_round_trip(&json, name);
        let (nodes, edges) = argument_layer(&json);
        assert!(!nodes.is_empty() && !edges.is_empty(), "{name}");
        assert_eq!(argument_layer(&back), (nodes, edges), "{name}");
    }
}

#[test]
fn the_essay_in_aif_is_kept_in_sync_with_the_essay_map() {
    let path = repo_file("maps/regional-security.aif.json");
    let committed = std::fs::read_to_string(&path).unwrap();
    let essay = load_ron(&repo_file("maps/regional-security.ron"))
        .unwrap()
        .map;
    let value: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let stamp = value["nodes"][0]["timestamp"].as_str().unwrap();
    assert!(
        committed == write_map(&essay, MapFormat::Aif, "", stamp),
        "maps/regional-security.aif.json is out of date: run `reasonmap convert maps/regional-security.ron maps/regional-security.aif.json`"
    );
    // It opens, quotes checked against the essay beside it, as the same map.
    let loaded = load_map_file(&path).unwrap();
    assert_eq!(loaded.map, essay);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(
        loaded.summary.quotes_checked,
        essay.claims.iter().filter(|c| c.quote.is_some()).count()
    );
}

/// The AIF edition of the argumentative microtext corpus, kept beside the
/// repository (never in it); absent in a user's clone.
fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/microtexts-aif");
    dir.is_dir().then_some(dir)
}

#[test]
fn every_map_of_the_real_corpus_converts_checks_and_lays_out() {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "skipped: the AIF corpus is not at ../shared/corpora/microtexts-aif (it is never part of the repository)"
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 110, "the corpus has 110 maps");
    let style = LayoutStyle::default();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let json = std::fs::read_to_string(path).unwrap();
        // Opened as it is, and with its text as the source to quote.
        let text = std::fs::read_to_string(path.with_extension("txt")).unwrap();
        let txt_name = format!("{}.txt", path.file_stem().unwrap().to_string_lossy());
        let source = QuoteSource {
            name: &txt_name,
            text: &text,
        };
        for options in [
            OpenOptions::default(),
            OpenOptions {
                format: None,
                source: Some(source),
            },
        ] {
            let opened = check_map_file(path, &options).unwrap();
            assert!(
                opened.checked.is_valid(),
                "{name}: {:?}",
                opened.checked.diagnostics
            );
            assert_eq!(
                errors(&opened.checked.diagnostics),
                Vec::<String>::new(),
                "{name}"
            );
            let parsed = opened.checked.parsed.unwrap();
            let (map, index) = (&parsed.map, &parsed.index);
            assert!(map.claims.len() >= 3, "{name}");
            if options.source.is_some() {
                // Each microtext claim is a passage of its text.
                assert_eq!(parsed.summary.quotes_checked, map.claims.len(), "{name}");
            }
            // Written as RON, it reads back as the same map.
            let ron = write_map(map, MapFormat::Ron, "converted", "");
            let back = check_map_str(&ron, Path::new("x.ron"), &|_: &str| Ok(text.clone()));
            assert!(back.is_valid(), "{name}: {:?}", back.diagnostics);
            assert_eq!(&back.parsed.unwrap().map, map, "{name}");
            let placed = layout(map, index, FontMetrics::bundled(), &style);
            assert_eq!(placed.claims.len(), map.claims.len(), "{name}");
            for b in &placed.claims {
                let r = b.rect;
                assert!(r.max.x > r.min.x && r.max.y > r.min.y, "{name}");
                assert!(
                    [r.min.x, r.min.y, r.max.x, r.max.y]
                        .iter()
                        .all(|v| v.is_finite())
                );
            }
        }
        let (nodes, edges) = argument_layer(&json);
        assert_eq!(
            argument_layer(&aif_round_trip(&json, &name)),
            (nodes, edges),
            "{name}"
        );
    }
}
