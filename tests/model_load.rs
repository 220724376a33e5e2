//! Loading and validating maps: every diagnostic the loader gives, with its
//! message text and position, and the maps it accepts.
#![allow(clippy::unwrap_used)]

use std::io;
use std::path::{Path, PathBuf};

use reasonmap::model::{
    CheckedMap, Diagnostic, LoadError, Role, Severity, Summary, check_map_bytes, check_map_str,
    load_map_file, load_map_str,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/model")
        .join(name)
}

fn no_source(name: &str) -> io::Result<String> {
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!("{name} does not exist"),
    ))
}

fn check(text: &str) -> CheckedMap {
    check_map_str(text, Path::new("m.ron"), &no_source)
}

fn check_with_source(text: &str, source: &'static str) -> CheckedMap {
    check_map_str(text, Path::new("m.ron"), &move |_| Ok(source.to_owned()))
}

fn errors(checked: &CheckedMap) -> Vec<&Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn warnings(checked: &CheckedMap) -> Vec<&Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

/// The one error of `text`, failing when there are more or none.
fn only_error(text: &str) -> Diagnostic {
    let checked = check(text);
    let errors = errors(&checked);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors[0].clone()
}

fn messages(diagnostics: &[&Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

/// A map with claims `c` (the conclusion) and `r`, `s`, and `arguments`.
fn map_with_arguments(arguments: &str) -> String {
    format!(
        r#"(
    title: "t",
    conclusion: "c",
    claims: [
        (id: "c", text: "C"),
        (id: "r", text: "R"),
        (id: "s", text: "S"),
    ],
    arguments: [
{arguments}
    ],
)"#
    )
}

// ---- maps that load -------------------------------------------------------

#[test]
fn the_valid_fixture_loads_without_warnings() {
    let loaded = load_map_file(&fixture("valid.ron")).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.map.title, "Cities and bicycles");
    assert_eq!(
        loaded.summary,
        Summary {
            claims: 9,
            arguments: 6,
            supports: 2,
            attacks: 3,
            undercuts: 1,
            rephrases: 0,
            conclusions: 1,
            co_premise_groups: 2,
            quotes_checked: 8,
        }
    );
    // Roles follow from the graph: objection, rebuttal, undercut and the
    // rebuttal of an undercut.
    let role = |id: &str| loaded.index.role(loaded.index.claim(id).unwrap());
    assert_eq!(role("lanes"), Role::Conclusion);
    assert_eq!(role("safe"), Role::Reason);
    assert_eq!(role("fewer-good"), Role::Reason);
    assert_eq!(role("space"), Role::Objection);
    assert_eq!(role("cargo"), Role::Rebuttal);
    assert_eq!(role("winter"), Role::Undercut);
    assert_eq!(role("oulu"), Role::Rebuttal);
}

#[test]
fn quote_may_be_written_with_or_without_some() {
    let bare = r#"(title: "t", source: "s.md", conclusion: "c", claims: [(id: "c", text: "C", quote: "q")])"#;
    let wrapped = r#"(title: "t", source: Some("s.md"), conclusion: "c", claims: [(id: "c", text: "C", quote: Some("q"))])"#;
    let read = |_: &str| Ok("the q".to_owned());
    let a = load_map_str(bare, Path::new("a.ron"), &read).unwrap();
    let b = load_map_str(wrapped, Path::new("b.ron"), &read).unwrap();
    assert_eq!(a.map, b.map);
    assert_eq!(a.map.claims[0].quote.as_deref(), Some("q"));
    assert_eq!(a.summary.quotes_checked, 1);
}

#[test]
fn struct_names_and_comments_are_allowed() {
    let text = r#"
        // a comment
        Map(title: "t", /* another */ conclusion: "c",
            claims: [Claim(id: "c", text: "C")], arguments: [])"#;
    let loaded = load_map_str(text, Path::new("m.ron"), &no_source).unwrap();
    assert_eq!(loaded.map.claims.len(), 1);
}

#[test]
fn warnings_do_not_stop_a_load() {
    let loaded = load_map_file(&fixture("warnings.ron")).unwrap();
    assert_eq!(
        messages(&loaded.warnings.iter().collect::<Vec<_>>()),
        ["claim `lonely` is connected to nothing: it is no premise and no argument targets it"]
    );
    assert_eq!(loaded.warnings[0].line, Some(7));
    assert_eq!(loaded.warnings[0].column, Some(14));
}

// ---- syntax ----------------------------------------------------------------

#[test]
fn a_missing_comma_is_shown_where_it_belongs() {
    let checked = load_map_file(&fixture("syntax-error.ron")).unwrap_err();
    let LoadError::Invalid { path, diagnostics } = &checked else {
        panic!("expected Invalid, got {checked:?}");
    };
    assert!(path.ends_with("syntax-error.ron"));
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.message, "expected a comma `,` after this item");
    assert_eq!((d.line, d.column), (Some(3), Some(20)));
    assert_eq!(d.source_line.as_deref(), Some("    conclusion: \"c\""));
    let shown = d.to_string();
    assert!(
        shown.starts_with(&format!(
            "error: {}:3:20: expected a comma",
            fixture("syntax-error.ron").display()
        )),
        "{shown}"
    );
    assert!(
        shown.ends_with("3 |     conclusion: \"c\"\n  |                    ^"),
        "{shown}"
    );
    assert_eq!(checked.to_string().rsplit(": ").next(), Some("1 error"));
}

#[test]
fn an_unclosed_bracket_is_an_unexpected_end() {
    let d = only_error("(title: \"t\", conclusion: \"c\", claims: [(id: \"c\", text: \"C\")\n");
    assert_eq!(
        d.message,
        "unexpected end of file: a `(` or `[` is not closed"
    );
    assert_eq!((d.line, d.column), (Some(1), Some(60)));
    assert_eq!(
        d.source_line.as_deref(),
        Some("(title: \"t\", conclusion: \"c\", claims: [(id: \"c\", text: \"C\")")
    );
}

#[test]
fn an_unclosed_string_says_so() {
    let d = only_error("(title: \"t, conclusion: \"c\")");
    assert!(
        d.message.contains("expected") || d.message.contains("not closed"),
        "{}",
        d.message
    );
    assert_eq!(d.line, Some(1));
}

#[test]
fn unknown_fields_name_the_field_and_the_expected_ones() {
    let checked = load_map_file(&fixture("unknown-field.ron")).unwrap_err();
    let d = &checked.diagnostics()[0];
    assert_eq!(
        d.message,
        "unknown field `colour` in a claim; expected one of `id`, `text`, `quote`, `implicit`"
    );
    assert_eq!((d.line, d.column), (Some(5), Some(37)));

    let d = only_error(
        r#"(title: "t", conclusion: "c", claims: [(id: "c", text: "C")],
           arguments: [(id: "a", premises: ["c"], target: "c", kind: Support, weight: 3)])"#,
    );
    assert_eq!(
        d.message,
        "unknown field `weight` in an argument; expected one of `id`, `premises`, `target`, `kind`, `scheme`"
    );
    let d = only_error(r#"(title: "t", author: "me", conclusion: "c")"#);
    assert_eq!(
        d.message,
        "unknown field `author` in the map; expected one of `title`, `source`, `conclusion`, `claims`, `arguments`"
    );
    assert_eq!((d.line, d.column), (Some(1), Some(14)));
}

#[test]
fn missing_and_repeated_fields_are_named() {
    let d = only_error(r#"(title: "t", conclusion: "c", claims: [(id: "c")])"#);
    assert_eq!(d.message, "missing field `text` in a claim");
    let d = only_error(r#"(conclusion: "c")"#);
    assert_eq!(d.message, "missing field `title` in the map");
    let d = only_error(r#"(title: "t", title: "u", conclusion: "c")"#);
    assert_eq!(d.message, "field `title` appears twice in the map");
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: ["r"], target: "c", kind: Supports)"#,
    ));
    assert_eq!(
        d.message,
        "unknown kind `Supports`; expected one of `Support`, `Attack`, `Rephrase`"
    );
    assert_eq!(d.line, Some(10));
}

#[test]
fn wrong_types_say_what_was_expected() {
    let d = only_error(r#"(title: 3, conclusion: "c")"#);
    assert_eq!(
        d.message,
        "expected a string in double quotes, like \"...\""
    );
    assert_eq!((d.line, d.column), (Some(1), Some(9)));
    let d = only_error(r#"(title: "t", conclusion: "c", claims: ["c"])"#);
    assert!(
        d.message.starts_with("expected `(` to open a claim"),
        "{}",
        d.message
    );
}

#[test]
fn trailing_text_is_an_error() {
    let d = only_error(r#"(title: "t", conclusion: "c") (title: "u", conclusion: "c")"#);
    assert_eq!(
        d.message,
        "unexpected text after the end of the map; the map is one `(...)`"
    );
}

// ---- ids ---------------------------------------------------------------------

#[test]
fn duplicate_ids_across_claims_and_arguments_are_errors() {
    let text = map_with_arguments(
        r#"        (id: "a", premises: ["r"], target: "c", kind: Support),
        (id: "r", premises: ["r"], target: "c", kind: Support),"#,
    )
    .replace(r#"(id: "s", text: "S")"#, r#"(id: "c", text: "S")"#);
    let checked = check(&text);
    assert_eq!(
        messages(&errors(&checked)),
        [
            "duplicate id `c`: a claim already has it (claims and arguments share one set of ids) (first used at line 5)",
            "duplicate id `r`: a claim already has it (claims and arguments share one set of ids) (first used at line 6)",
        ]
    );
    let positions: Vec<_> = errors(&checked)
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(positions, [(Some(7), Some(14)), (Some(11), Some(14))]);
}

#[test]
fn unknown_ids_are_named_with_where_they_are_used_and_a_suggestion() {
    let checked = load_map_file(&fixture("unknown-ids.ron")).unwrap_err();
    let diagnostics = checked.diagnostics();
    assert_eq!(
        messages(&diagnostics.iter().collect::<Vec<_>>()),
        [
            "unknown premise `saef` in argument `a1`: no claim has this id (did you mean `safe`?)",
            "unknown target `lane` of argument `a2`: no claim or argument has this id (did you mean `lanes`?)",
        ]
    );
    assert_eq!(
        (diagnostics[0].line, diagnostics[0].column),
        (Some(9), Some(31))
    );
    assert_eq!(
        (diagnostics[1].line, diagnostics[1].column),
        (Some(10), Some(48))
    );
}

#[test]
fn an_unknown_conclusion_is_an_error() {
    let d = only_error(&map_with_arguments("").replace(r#"conclusion: "c""#, r#"conclusion: "C""#));
    assert_eq!(
        d.message,
        "unknown conclusion `C`: no claim has this id (did you mean `c`?)"
    );
    assert_eq!((d.line, d.column), (Some(3), Some(17)));
}

#[test]
fn no_suggestion_when_nothing_is_close() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: ["completely-different"], target: "c", kind: Support)"#,
    ));
    assert_eq!(
        d.message,
        "unknown premise `completely-different` in argument `a`: no claim has this id"
    );
}

#[test]
fn premises_and_the_conclusion_must_be_claims() {
    let checked = check(
        &map_with_arguments(
            r#"(id: "a", premises: ["r"], target: "c", kind: Support),
               (id: "b", premises: ["a"], target: "c", kind: Support),"#,
        )
        .replace(r#"conclusion: "c""#, r#"conclusion: "b""#),
    );
    assert_eq!(
        messages(&errors(&checked)),
        [
            "the conclusion `b` is an argument; it must be the id of a claim",
            "premise `a` of argument `b` is an argument; premises must be claims",
        ]
    );
}

#[test]
fn empty_ids_texts_and_references_are_errors() {
    let text = r#"(
    title: "t",
    conclusion: "",
    claims: [
        (id: "", text: "C"),
        (id: "r", text: "  "),
        (id: "s", text: "S", quote: ""),
    ],
    arguments: [
        (id: "", premises: ["r"], target: "", kind: Support),
        (id: "b", premises: [""], target: "s", kind: Support),
    ],
)"#;
    let checked = check(text);
    assert_eq!(
        messages(&errors(&checked)),
        [
            "a conclusion id is empty; `conclusion` names the main claim (or a list of claims), or is left out",
            "claim number 1 has an empty id",
            "claim `r` has empty text",
            "claim `s` has an empty quote; leave `quote` out when no passage states the claim",
            "argument number 1 has an empty id",
            "argument number 1 has an empty target",
            "argument `b` has an empty premise id",
        ]
    );
    let lines: Vec<_> = errors(&checked).iter().map(|d| d.line).collect();
    assert_eq!(
        lines,
        [
            Some(3),
            Some(5),
            Some(6),
            Some(7),
            Some(10),
            Some(10),
            Some(11)
        ]
    );
}

// ---- argument structure ---------------------------------------------------------

#[test]
fn a_claim_supporting_itself_is_an_error() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: ["r", "c"], target: "c", kind: Support),"#,
    ));
    assert_eq!(
        d.message,
        "claim `c` supports itself: it is both a premise and the target of argument `a`"
    );
    assert_eq!((d.line, d.column), (Some(10), Some(27)));
}

#[test]
fn circular_support_prints_the_cycle() {
    let text = map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["s"], target: "r", kind: Support),
        (id: "a3", premises: ["r"], target: "s", kind: Support),"#,
    );
    let d = only_error(&text);
    assert_eq!(
        d.message,
        "circular support: r -> s -> r (each claim supports the next, so the first supports itself)"
    );
    assert_eq!(d.line, Some(12));

    let three = r#"(title: "t", conclusion: "a", claims: [
        (id: "a", text: "A"), (id: "b", text: "B"), (id: "c", text: "C")],
        arguments: [
        (id: "x", premises: ["a"], target: "b", kind: Support),
        (id: "y", premises: ["b"], target: "c", kind: Support),
        (id: "z", premises: ["c"], target: "a", kind: Support)])"#;
    let checked = check(three);
    assert_eq!(
        messages(&errors(&checked)),
        [
            "circular support: a -> b -> c -> a (each claim supports the next, so the first supports itself)"
        ]
    );
}

#[test]
fn mutual_attacks_are_not_circular_support() {
    let checked = check(&map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Attack),
        (id: "a2", premises: ["s"], target: "r", kind: Attack),
        (id: "a3", premises: ["r"], target: "s", kind: Attack),"#,
    ));
    assert!(errors(&checked).is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn an_argument_needs_premises() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: [], target: "c", kind: Support),"#,
    ));
    assert_eq!(d.message, "argument `a` has no premises");
    assert_eq!((d.line, d.column), (Some(10), Some(6)));
}

#[test]
fn a_premise_listed_twice_is_an_error() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: ["r", "s", "r"], target: "c", kind: Support),"#,
    ));
    assert_eq!(d.message, "argument `a` lists premise `r` twice");
    assert_eq!((d.line, d.column), (Some(10), Some(32)));
}

#[test]
fn an_undercut_targeting_itself_is_an_error() {
    let checked = check(&map_with_arguments(
        r#"(id: "a", premises: ["r"], target: "c", kind: Support),
           (id: "u", premises: ["s"], target: "u", kind: Attack),"#,
    ));
    assert_eq!(
        messages(&errors(&checked)),
        ["argument `u` targets itself; an undercut must target another argument"]
    );
}

#[test]
fn undercuts_in_a_circle_are_an_error() {
    let checked = check(&map_with_arguments(
        r#"(id: "a", premises: ["r"], target: "c", kind: Support),
           (id: "u", premises: ["s"], target: "v", kind: Attack),
           (id: "v", premises: ["s"], target: "u", kind: Attack),"#,
    ));
    assert_eq!(
        messages(&errors(&checked)),
        [
            "arguments target each other in a circle: u -> v -> u; a chain of undercuts must end at an argument about a claim"
        ]
    );
}

#[test]
fn only_attacks_may_target_arguments() {
    let d = only_error(&map_with_arguments(
        r#"(id: "a", premises: ["r"], target: "c", kind: Support),
           (id: "b", premises: ["s"], target: "a", kind: Support),"#,
    ));
    assert_eq!(
        d.message,
        "argument `b` supports argument `a`; only an attack can target an argument (an undercut)"
    );
}

// ---- quotes and sources -------------------------------------------------------

const QUOTED: &str = r#"(
    title: "t",
    source: "essay.md",
    conclusion: "c",
    claims: [
        (id: "c", text: "C", quote: "Cities   should build\n protected bike lanes."),
        (id: "r", text: "R", quote: "Protected lanes make cycling safe for all people"),
    ],
    arguments: [(id: "a", premises: ["r"], target: "c", kind: Support)],
)"#;

const ESSAY: &str = "Cities should build protected\nbike lanes. Protected lanes make cycling\n   safe for children and older people.";

#[test]
fn quotes_compare_verbatim_except_whitespace() {
    let checked = check_with_source(QUOTED, ESSAY);
    let errors = errors(&checked);
    assert_eq!(
        messages(&errors),
        [
            "the quote of claim `r` is not in the source `essay.md` (only whitespace may differ); its first 38 characters match, then the quote says \"all people\" where the source says \"children and older people.\""
        ]
    );
    assert_eq!((errors[0].line, errors[0].column), (Some(7), Some(37)));
    assert_eq!(checked.parsed.as_ref().unwrap().summary.quotes_checked, 2);
}

#[test]
fn a_quote_that_matches_nowhere_is_named() {
    let text = QUOTED.replace(
        "Protected lanes make cycling safe for all people",
        "Something else entirely",
    );
    let checked = check_with_source(&text, ESSAY);
    assert_eq!(
        messages(&errors(&checked)),
        ["the quote of claim `r` is not in the source `essay.md` (only whitespace may differ)"]
    );
}

#[test]
fn quotes_are_case_sensitive() {
    let checked = check_with_source(&QUOTED.replace("Cities   should", "cities should"), ESSAY);
    assert!(
        messages(&errors(&checked))
            .iter()
            .any(|m| m.starts_with("the quote of claim `c` is not in the source")),
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn an_unreadable_source_names_its_path_and_the_map_still_opens() {
    let loaded = load_map_file(&fixture("missing-source.ron")).unwrap();
    let diagnostics = &loaded.warnings;
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert!(
        diagnostics[0].message.starts_with(
            "cannot read the source `nowhere.md`, so no quote was checked against it: "
        ),
        "{}",
        diagnostics[0].message
    );
    assert!(
        diagnostics[0]
            .message
            .ends_with(&format!("; looked for {}", fixture("nowhere.md").display())),
        "{}",
        diagnostics[0].message
    );
    assert_eq!(
        (diagnostics[0].line, diagnostics[0].column),
        (Some(3), Some(13))
    );
    assert_eq!(loaded.summary.quotes_checked, 0);
    assert!(matches!(
        &loaded.source,
        reasonmap::model::SourceText::Unreadable { name, .. } if name == "nowhere.md"
    ));
}

#[test]
fn a_source_is_read_relative_to_the_map() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/e.md"), "It is so.").unwrap();
    let map = dir.path().join("m.ron");
    std::fs::write(
        &map,
        r#"(title: "t", source: "texts/e.md", conclusion: "c", claims: [(id: "c", text: "C", quote: "is so")])"#,
    )
    .unwrap();
    let loaded = load_map_file(&map).unwrap();
    assert_eq!(loaded.summary.quotes_checked, 1);
    assert_eq!(loaded.source.text(), Some("It is so."));

    std::fs::write(dir.path().join("texts/e.md"), b"It is \xff so.").unwrap();
    let loaded = load_map_file(&map).unwrap();
    assert_eq!(
        loaded.warnings[0].message,
        format!(
            "cannot read the source `texts/e.md`, so no quote was checked against it: it is not UTF-8 text (the first bad byte is at line 1, column 7); looked for {}",
            dir.path().join("texts/e.md").display()
        )
    );
}

#[test]
fn a_quote_needs_a_source() {
    let text = QUOTED.replace("    source: \"essay.md\",\n", "");
    let checked = check(&text);
    assert_eq!(
        messages(&errors(&checked)),
        [
            "claim `c` has a quote, but the map names no `source` to check it against",
            "claim `r` has a quote, but the map names no `source` to check it against",
        ]
    );
    assert_eq!(errors(&checked)[0].line, Some(5));
}

#[test]
fn an_empty_source_is_an_error() {
    let checked = check(&QUOTED.replace("\"essay.md\"", "\"\""));
    assert_eq!(
        messages(&errors(&checked)),
        ["the map's `source` is empty; give the path of the source text or leave `source` out"]
    );
}

// ---- warnings -------------------------------------------------------------------

#[test]
fn warnings_name_the_claims_involved() {
    let text = r#"(
    title: "t",
    source: "essay.md",
    conclusion: "c",
    claims: [
        (id: "c", text: "C"),
        (id: "r", text: "R"),
        (id: "lonely", text: "L"),
        (id: "island", text: "I"),
        (id: "bridge", text: "B"),
    ],
    arguments: [
        (id: "a", premises: ["r"], target: "c", kind: Support),
        (id: "b", premises: ["c"], target: "r", kind: Attack),
        (id: "d", premises: ["bridge"], target: "island", kind: Support),
    ],
)"#;
    let checked = check_with_source(text, "an essay");
    assert!(errors(&checked).is_empty(), "{:#?}", checked.diagnostics);
    assert_eq!(
        messages(&warnings(&checked)),
        [
            "unused source `essay.md`: no claim quotes it",
            "claim `lonely` is connected to nothing: it is no premise and no argument targets it",
            "claim `island` bears on nothing but is not named in `conclusion`: it is drawn as another conclusion (add it to the `conclusion` list, or connect it)",
            "the conclusion `c` is also a premise of argument `b`",
        ]
    );
    let lines: Vec<_> = warnings(&checked).iter().map(|d| d.line).collect();
    assert_eq!(lines, [Some(3), Some(8), Some(9), Some(14)]);
    assert!(checked.is_valid());
}

#[test]
fn undercuts_and_their_rebuttals_reach_the_conclusion() {
    let checked = check(&map_with_arguments(
        r#"(id: "a", premises: ["r"], target: "c", kind: Support),
           (id: "u", premises: ["s"], target: "a", kind: Attack),"#,
    ));
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert_eq!(checked.parsed.unwrap().summary.undercuts, 1);
}

// ---- robustness -------------------------------------------------------------------

#[test]
fn an_empty_file_says_it_is_empty() {
    for text in ["", "  \n\t\n"] {
        let d = only_error(text);
        assert!(
            d.message
                .starts_with("the file is empty; a map looks like `(title:")
        );
    }
    let d = only_error("// only a comment\n");
    assert!(
        d.message
            .starts_with("the file holds no map, only comments; a map looks like `(title:"),
        "{}",
        d.message
    );
    let d = only_error("(title: \"t\", conclusion: \"c\", claims: [(id: \"c\", text: \"C\"");
    assert_eq!(
        d.message,
        "unexpected end of file: a `(` or `[` is not closed"
    );
}

#[test]
fn invalid_utf8_names_the_first_bad_byte() {
    let bytes = b"(title: \"t\",\n  conclusion: \"\xc3\xa9\xff\")";
    let checked = check_map_bytes(bytes, Path::new("m.ron"), &no_source);
    let d = &checked.diagnostics[0];
    assert_eq!(
        d.message,
        "the file is not UTF-8 text: byte 0xFF at line 2, column 17 is not valid UTF-8 (maps are UTF-8 text files)"
    );
    assert_eq!((d.line, d.column), (Some(2), Some(17)));
    assert!(!checked.is_valid());
}

#[test]
fn binary_garbage_is_refused_cleanly() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let checked = check_map_bytes(&garbage, Path::new("g.bin"), &no_source);
    assert_eq!(checked.diagnostics.len(), 1);
    assert!(!checked.is_valid());

    let d = only_error("(title: \"t\0\")");
    assert_eq!(
        d.message,
        "the file contains a NUL byte at line 1, column 11; it looks like a binary file, not a RON map"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["(", "[", "{", "Some("] {
        let text = format!(
            "(title: \"t\", conclusion: \"c\", claims: {})",
            open.repeat(200_000)
        );
        let checked = check(&text);
        assert_eq!(checked.diagnostics.len(), 1, "{open}");
        assert!(!checked.is_valid());
    }
    let d = only_error(&format!(
        "(title: \"t\", conclusion: \"c\", claims: [(id: \"c\", text: \"C\", quote: {}\"q\"{})])",
        "Some(".repeat(100),
        ")".repeat(100)
    ));
    assert_eq!(d.line, Some(1));
}

#[test]
fn json_gets_a_hint() {
    let err = load_map_file(&fixture("map.json")).unwrap_err();
    let d = &err.diagnostics()[0];
    assert!(
        d.message
            .ends_with("(hint: maps are written in RON, not JSON: a map is in parentheses and its field names are not quoted)"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (Some(1), Some(1)));
}

#[test]
fn a_huge_map_is_refused() {
    let text = " ".repeat(64 * 1024 * 1024 + 1);
    let d = only_error(&text);
    assert_eq!(
        d.message,
        "the map is too large: 67108865 bytes (maps over 64 MiB are refused)"
    );
}

#[test]
fn a_missing_file_and_a_directory_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ron");
    let err = load_map_file(&missing).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read {}: No such file or directory (os error 2)",
            missing.display()
        )
    );
    let err = load_map_file(dir.path()).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read {}: it is a directory, not a regular file",
            dir.path().display()
        )
    );
    assert_eq!(
        err.diagnostics()[0].to_string(),
        format!(
            "error: {}: cannot read the file: it is a directory, not a regular file",
            dir.path().display()
        )
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_fine() {
    let text = "\u{feff}(\r\n  title: \"t\",\r\n  conclusion: \"x\",\r\n  claims: [(id: \"c\", text: \"C\")],\r\n)\r\n";
    let checked = check(text);
    let d = errors(&checked)[0];
    assert_eq!(d.message, "unknown conclusion `x`: no claim has this id");
    assert_eq!(d.source_line.as_deref(), Some("  conclusion: \"x\","));
    assert_eq!((d.line, d.column), (Some(3), Some(15)));
}

#[test]
fn load_error_display_reads_well() {
    let err = load_map_str(
        &map_with_arguments(r#"(id: "a", premises: ["x", "y"], target: "c", kind: Support)"#),
        Path::new("maps/m.ron"),
        &no_source,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "maps/m.ron is not a valid map: 2 errors");
    assert_eq!(err.path(), Path::new("maps/m.ron"));
    let first = err.diagnostics()[0].to_string();
    assert_eq!(
        first,
        "error: maps/m.ron:10:22: unknown premise `x` in argument `a`: no claim has this id\n   |\n10 | (id: \"a\", premises: [\"x\", \"y\"], target: \"c\", kind: Support)\n   |                      ^"
    );
}

#[test]
fn the_shipped_maps_load_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["maps/regional-security.ron", "maps/tutorial.ron"] {
        let loaded = load_map_file(&root.join(name)).unwrap();
        assert!(loaded.warnings.is_empty(), "{name}: {:#?}", loaded.warnings);
        let quoted = loaded
            .map
            .claims
            .iter()
            .filter(|c| c.quote.is_some())
            .count();
        assert!(quoted > 0, "{name}");
        assert_eq!(loaded.summary.quotes_checked, quoted, "{name}");
        // Every claim but the conclusion bears on something.
        let conclusion = loaded.index.conclusion().unwrap();
        for c in 0..loaded.map.claims.len() {
            assert!(
                c == conclusion || !loaded.index.premise_of(c).is_empty(),
                "{name}: {}",
                loaded.map.claims[c].id
            );
        }
    }
}

// ---- several conclusions ---------------------------------------------------

/// Two parts: `c` with reason `r`, and `k` with reasons `x` and `y`; `z`
/// is connected to nothing.
fn two_parts(conclusion: &str) -> String {
    format!(
        r#"(
    title: "t",
    {conclusion}
    claims: [
        (id: "c", text: "C"),
        (id: "r", text: "R"),
        (id: "k", text: "K"),
        (id: "x", text: "X"),
        (id: "y", text: "Y"),
        (id: "z", text: "Z"),
    ],
    arguments: [
        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["x"], target: "k", kind: Support),
        (id: "a3", premises: ["y"], target: "k", kind: Attack),
    ],
)"#
    )
}

fn roles_of(loaded: &reasonmap::model::LoadedMap) -> Vec<(String, Role)> {
    loaded
        .map
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), loaded.index.role(i)))
        .collect()
}

fn load_text(text: &str) -> reasonmap::model::LoadedMap {
    load_map_str(text, Path::new("m.ron"), &no_source).unwrap()
}

#[test]
fn a_list_of_conclusions_names_the_main_one_first() {
    let loaded = load_text(&two_parts(r#"conclusion: ["k", "c"],"#));
    let ids: Vec<&str> = loaded
        .index
        .conclusions()
        .iter()
        .map(|&c| loaded.map.claims[c].id.as_str())
        .collect();
    assert_eq!(ids, ["k", "c"]);
    assert_eq!(
        roles_of(&loaded),
        [
            ("c".into(), Role::OtherConclusion),
            ("r".into(), Role::Reason),
            ("k".into(), Role::Conclusion),
            ("x".into(), Role::Reason),
            ("y".into(), Role::Objection),
            ("z".into(), Role::Unconnected),
        ]
    );
    assert_eq!(loaded.summary.conclusions, 2);
}

#[test]
fn without_a_conclusion_the_claims_that_bear_on_nothing_are_the_conclusions() {
    let checked = check(&two_parts(""));
    assert!(checked.is_valid(), "{:#?}", checked.diagnostics);
    // No warning about parts that do not lead to a named conclusion: the
    // map names none, so every part's top is a conclusion.
    assert_eq!(
        messages(&warnings(&checked)),
        ["claim `z` is connected to nothing: it is no premise and no argument targets it"]
    );
    let loaded = load_text(&two_parts(""));
    // `k` heads the larger part, so it is the main conclusion; a claim that
    // bears on nothing is never a reason.
    assert_eq!(
        roles_of(&loaded),
        [
            ("c".into(), Role::OtherConclusion),
            ("r".into(), Role::Reason),
            ("k".into(), Role::Conclusion),
            ("x".into(), Role::Reason),
            ("y".into(), Role::Objection),
            ("z".into(), Role::Unconnected),
        ]
    );
}

#[test]
fn a_map_with_no_claims_at_all_is_valid() {
    let checked = check(r#"(title: "Nothing yet")"#);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let loaded = load_text(r#"(title: "Nothing yet")"#);
    assert_eq!(loaded.index.conclusion(), None);
}

#[test]
fn an_unnamed_top_claim_beside_a_named_conclusion_is_a_warning() {
    let checked = check(&two_parts(r#"conclusion: "c","#));
    assert!(checked.is_valid());
    let w = warnings(&checked);
    assert_eq!(
        messages(&w),
        [
            "claim `k` bears on nothing but is not named in `conclusion`: it is drawn as another conclusion (add it to the `conclusion` list, or connect it)",
            "claim `z` is connected to nothing: it is no premise and no argument targets it",
        ]
    );
    assert_eq!(w[0].line, Some(7));
}

#[test]
fn every_conclusion_in_a_list_is_checked_where_it_is_written() {
    let checked = check(&two_parts(r#"conclusion: ["c", "kk", "a1", "c", ""],"#));
    let e = errors(&checked);
    assert_eq!(
        messages(&e),
        [
            "unknown conclusion `kk`: no claim has this id",
            "the conclusion `a1` is an argument; it must be the id of a claim",
            "`conclusion` names `c` twice",
            "a conclusion id is empty; `conclusion` names the main claim (or a list of claims), or is left out",
        ]
    );
    let columns: Vec<_> = e.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(
        columns,
        [
            (Some(3), Some(23)),
            (Some(3), Some(29)),
            (Some(3), Some(35)),
            (Some(3), Some(40)),
        ]
    );
}

#[test]
fn a_conclusion_of_the_wrong_type_says_what_is_expected() {
    let d = only_error(r#"(title: "t", conclusion: 5)"#);
    assert!(
        d.message
            .contains(r#"expected a claim id or a list of claim ids, like "c1" or ["c1", "c2"]"#),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (Some(1), Some(26)));
}

#[test]
fn conclusions_are_written_back_as_they_were_given() {
    for (given, written) in [
        (r#"conclusion: "c","#, r#"conclusion:"c","#),
        (r#"conclusion: ["k", "c"],"#, r#"conclusion:["k","c"],"#),
        ("", ""),
    ] {
        let loaded = load_text(&two_parts(given));
        let ron = ron::ser::to_string(&loaded.map).unwrap();
        assert!(
            ron.starts_with(&format!(r#"(title:"t",{written}claims:"#)),
            "{ron}"
        );
        assert_eq!(load_text(&ron).map, loaded.map);
    }
}

// ---- rephrases -------------------------------------------------------------

#[test]
fn a_rephrase_is_neither_a_reason_nor_a_conclusion() {
    let loaded = load_text(&map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["s"], target: "c", kind: Rephrase),"#,
    ));
    assert_eq!(
        roles_of(&loaded),
        [
            ("c".into(), Role::Conclusion),
            ("r".into(), Role::Reason),
            ("s".into(), Role::Rephrase),
        ]
    );
    assert_eq!(loaded.summary.rephrases, 1);
    assert_eq!(loaded.summary.supports, 1);
}

#[test]
fn a_circle_of_rephrases_is_not_circular_support() {
    let checked = check(&map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["s"], target: "r", kind: Rephrase),
        (id: "a3", premises: ["r"], target: "s", kind: Rephrase),"#,
    ));
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn support_that_closes_a_circle_through_a_rephrase_is_circular() {
    // r supports s, s supports c, and c is restated by r: r supports itself.
    let checked = check(&map_with_arguments(
        r#"        (id: "a1", premises: ["s"], target: "c", kind: Support),
        (id: "a2", premises: ["r"], target: "s", kind: Support),
        (id: "a3", premises: ["r"], target: "c", kind: Rephrase),"#,
    ));
    assert_eq!(
        messages(&errors(&checked)),
        [
            "circular support: r -> s -> c = r (each claim supports the next, and `=` joins claims that restate each other, so the first supports itself)"
        ]
    );
    // A claim that supports its own restatement.
    let d = only_error(&map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["c"], target: "r", kind: Rephrase),"#,
    ));
    assert_eq!(
        d.message,
        "circular support: `r` supports `c`, which restates it (a rephrase says the same thing, so the claim supports itself)"
    );
    assert_eq!(d.line, Some(10));
}

#[test]
fn a_rephrase_restates_one_claim() {
    let d = only_error(&map_with_arguments(
        r#"        (id: "a1", premises: ["r", "s"], target: "c", kind: Rephrase),"#,
    ));
    assert_eq!(
        d.message,
        "argument `a1` is a rephrase with 2 premises; a rephrase has one premise, the claim that restates its target"
    );
    let d = only_error(&map_with_arguments(
        r#"        (id: "a1", premises: ["r"], target: "c", kind: Support),
        (id: "a2", premises: ["s"], target: "a1", kind: Rephrase),"#,
    ));
    assert_eq!(
        d.message,
        "argument `a2` restates argument `a1`; only an attack can target an argument (an undercut)"
    );
    let d = only_error(&map_with_arguments(
        r#"        (id: "a1", premises: ["c"], target: "c", kind: Rephrase),"#,
    ));
    assert_eq!(
        d.message,
        "claim `c` restates itself: it is both a premise and the target of argument `a1`"
    );
}
