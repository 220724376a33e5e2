//! `reasonmap export` as a real process: formats from extensions, flags,
//! exit codes, and messages of what went wrong.

#![allow(clippy::unwrap_used)]

mod export_common;

use std::path::Path;
use std::process::{Command, Output};

use export_common::*;

fn reasonmap(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reasonmap"))
        .args(args)
        .output()
        .unwrap()
}

fn export(map: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        map.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    reasonmap(&args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn essay() -> std::path::PathBuf {
    root().join("maps/regional-security.ron")
}

#[test]
fn each_extension_picks_its_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, magic) in [
        ("map.svg", &b"<?xml"[..]),
        ("map.png", &b"\x89PNG"[..]),
        ("map.pdf", &b"%PDF-"[..]),
        ("map.dot", &b"digraph"[..]),
    ] {
        let out = dir.path().join(name);
        let output = export(&essay(), &out, &["--scale", "1"]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.starts_with(&format!("wrote {}", out.display())),
            "{stdout}"
        );
        assert!(std::fs::read(&out).unwrap().starts_with(magic), "{name}");
    }
    // --format wins over the extension.
    let out = dir.path().join("drawing.txt");
    let output = export(&essay(), &out, &["--format", "svg"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(&out).unwrap().starts_with(b"<?xml"));
}

#[test]
fn flags_reach_the_drawing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let output = export(
        &essay(),
        &out,
        &[
            "--no-title",
            "--legend",
            "--theme",
            "dark",
            "--background",
            "transparent",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(!svg.contains(r#"class="title""#));
    assert!(svg.contains(r#"class="legend""#));
    assert!(!svg.contains(r#"class="background""#));
    let dark_text = reasonmap::scene::Theme::dark().text.hex();
    assert!(svg.contains(&format!(r#"fill="{dark_text}""#)));

    let output = export(&essay(), &out, &[]);
    assert!(output.status.success());
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(r#"class="title""#), "title is on by default");
    assert!(
        !svg.contains(r#"class="legend""#),
        "legend is off by default"
    );
}

#[test]
fn errors_exit_2_with_a_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], &str); 4] = [
        ("map.jpg", &[], "unknown extension \".jpg\""),
        (
            "map.svg",
            &["--root", "no-such-claim"],
            "no claim with id \"no-such-claim\"",
        ),
        (
            "map.png",
            &["--scale", "500"],
            "the largest scale that fits is",
        ),
        (
            "map.png",
            &["--scale", "0"],
            "the scale must be a positive number",
        ),
    ];
    for (name, extra, message) in cases {
        let output = export(&essay(), &dir.path().join(name), extra);
        assert_eq!(output.status.code(), Some(2), "{name} {extra:?}");
        let err = stderr(&output);
        assert!(err.starts_with("error: ") && err.contains(message), "{err}");
    }
    let out = dir.path().join("missing/map.svg");
    let output = export(&essay(), &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot write {}: the folder {} does not exist\n",
            out.display(),
            out.parent().unwrap().display()
        )
    );
    let missing = dir.path().join("nope.ron");
    let output = export(&missing, &dir.path().join("map.svg"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn an_invalid_map_exits_1_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("broken.ron");
    std::fs::write(
        &map,
        "(title: \"Broken\", conclusion: \"c\", claims: [(id: \"c\" text: ",
    )
    .unwrap();
    let output = export(&map, &dir.path().join("map.svg"), &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("broken.ron"), "{err}");
    assert!(
        err.contains("is not a valid map; nothing was exported"),
        "{err}"
    );
    assert_eq!(files_in(dir.path()), ["broken.ron"]);
}

#[test]
fn fit_scales_a_too_large_png_down() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let output = export(&essay(), &out, &["--scale", "500", "--fit"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("to fit"), "{stdout}");
    let pixmap = decode_png(&std::fs::read(&out).unwrap());
    assert!(pixmap.width() <= reasonmap::render::png::MAX_SIDE);
}

#[test]
fn tiles_and_max_size_shape_a_pdf_poster() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("poster.pdf");
    let output = export(&essay(), &out, &["--tiles", "letter"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let pages = pdf_page_sizes(&out);
    assert!(pages.len() > 1);
    // Letter, landscape or portrait (whichever needs fewer pages), all alike.
    let (w, h) = pages[0];
    assert!(
        (w, h) == (792.0, 612.0) || (w, h) == (612.0, 792.0),
        "{pages:?}"
    );
    assert!(pages.iter().all(|&p| p == (w, h)), "{pages:?}");
    assert!(
        stdout.contains(&format!("{} pages of {w} × {h} pt (", pages.len())),
        "{stdout}"
    );

    // Without a paper name, A4; with too small a --max-size, an error that
    // names the size it would take.
    let output = export(&essay(), &out, &["--tiles", "--max-size", "2"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with("error: the poster would take ") && err.contains("pages of A4"),
        "{err}"
    );
    assert!(err.contains("it would take --max-size "), "{err}");

    let output = export(&essay(), &dir.path().join("map.png"), &["--tiles"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: --tiles splits a PDF into pages; it does not apply to PNG\n"
    );
    let output = export(&essay(), &dir.path().join("map.png"), &["--max-size", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--max-size for a PNG is its longest side in pixels"));
    assert_eq!(files_in(dir.path()), ["poster.pdf"]);
}

#[test]
fn notes_flag_draws_the_map_notes_as_callouts() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("essay.ron");
    std::fs::copy(essay(), &map).unwrap();
    std::fs::copy(
        root().join("maps/regional-security.md"),
        dir.path().join("regional-security.md"),
    )
    .unwrap();
    let loaded = reasonmap::model::load_map_file(&map).unwrap();
    let ids: Vec<String> = loaded.map.claims.iter().map(|c| c.id.clone()).collect();
    let options = reasonmap::notes::StoreOptions::with_data_dir(None);
    let (mut store, warnings) = reasonmap::notes::NoteStore::open_with(&map, ids.clone(), options);
    assert!(warnings.is_empty(), "{warnings:?}");
    store.add(&ids[1], "Ask the author about this").unwrap();
    store.save().unwrap();

    let out = dir.path().join("map.svg");
    let output = export(&map, &out, &["--notes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).unwrap();
    let tree = parse(&svg);
    assert!(normalise(&all_text(&tree)).contains("1. Ask the author about this"));
    assert!(
        text_of(&tree, &format!("claim-{}", ids[1])).ends_with(" 1"),
        "callout badge"
    );

    // Without --notes the notes stay out of the image.
    let output = export(&map, &out, &[]);
    assert!(output.status.success());
    assert!(
        !std::fs::read_to_string(&out)
            .unwrap()
            .contains("Ask the author")
    );
}
