//! The interactive HTML export: a self-contained page with the map beside
//! its essay. The page is checked as a file (nothing external, every quote
//! highlighted) and in a real browser, headless Chromium: a screenshot,
//! and the DOM after a scripted hover and click on each side. The browser
//! tests skip, saying so, only when Chromium is not installed
//! (`.ci/setup test` installs Debian's `chromium`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use reasonmap::model::load_map_file;

/// A temporary folder with a copy of the essay map and its essay.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for name in ["regional-security.ron", "regional-security.md"] {
            std::fs::copy(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("maps")
                    .join(name),
                dir.path().join(name),
            )
            .unwrap();
        }
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn reasonmap(&self, args: &[&str]) -> std::process::Output {
        let out = Command::new(env!("CARGO_BIN_EXE_reasonmap"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Exports the essay map to `map.html` and returns the page.
    fn export(&self, extra: &[&str]) -> String {
        let mut args = vec!["export", "regional-security.ron", "-o", "map.html"];
        args.extend_from_slice(extra);
        self.reasonmap(&args);
        std::fs::read_to_string(self.path("map.html")).unwrap()
    }
}

#[test]
fn the_page_is_self_contained() {
    let ws = Workspace::new();
    let page = ws.export(&[]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    // Nothing is fetched: no links, imports or external sources; the font
    // is embedded.
    for needle in ["<link", "@import", "src=\"http", "href=\"http", "url(http"] {
        assert!(!page.contains(needle), "{needle}");
    }
    assert!(page.contains(
        "@font-face{font-family:\"Noto Sans\";font-weight:400;src:url(data:font/ttf;base64,"
    ));
    assert!(
        page.len() < 400_000,
        "small enough to email: {} bytes",
        page.len()
    );
    // The map is the SVG export's drawing, inline.
    assert!(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(page.contains("data-claim=\"cornerstone\""));
    // The essay: headings, and the coverage in the header.
    assert!(page.contains("<h2>Deciphering Regional Security</h2>"));
    assert!(page.contains("<span id=\"coverage\">23 of 23 sentences mapped (100 %)</span>"));
}

#[test]
fn every_quote_is_a_highlighted_passage_and_implicit_premises_are_listed() {
    let ws = Workspace::new();
    let page = ws.export(&[]);
    let loaded = load_map_file(&ws.path("regional-security.ron")).unwrap();
    // The claims named by the essay's passages (`data-c="3"`, `"3 7"`).
    let mut quoted = std::collections::BTreeSet::new();
    for mark in page.split("<mark ").skip(1) {
        let claims = mark
            .split("data-c=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        quoted.extend(claims.split(' ').map(|c| c.parse::<usize>().unwrap()));
    }
    for (c, claim) in loaded.map.claims.iter().enumerate() {
        if claim.quote.is_some() {
            assert!(quoted.contains(&c), "claim {} has a passage", claim.id);
        } else if claim.implicit {
            assert!(
                page.contains(&format!("<p class=\"implicit\" data-c=\"{c}\"")),
                "implicit premise {} is listed in the essay",
                claim.id
            );
        }
    }
}

#[test]
fn notes_are_in_the_claim_details_only_when_asked_for() {
    let ws = Workspace::new();
    ws.reasonmap(&[
        "notes",
        "regional-security.ron",
        "--add",
        "cornerstone",
        "Ask the class <why> & how",
    ]);
    assert!(!ws.export(&[]).contains("Ask the class"));
    let page = ws.export(&["--notes"]);
    // In the JSON data, with `<` escaped so it cannot end the script.
    assert!(
        page.contains("\"notes\":[\"Ask the class \\u003cwhy> & how\"]"),
        "note in the data"
    );
}

#[test]
fn a_map_without_its_essay_still_exports_and_says_why() {
    let ws = Workspace::new();
    std::fs::remove_file(ws.path("regional-security.md")).unwrap();
    let page = ws.export(&[]);
    assert!(page.contains("The essay <b>regional-security.md</b> could not be read:"));
    assert!(
        page.contains("data-claim=\"cornerstone\""),
        "the map is there"
    );
}

/// Debian's Chromium, if installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `args`; returns standard output.
fn run_chromium(chromium: &Path, profile: &Path, args: &[&str], page: &Path) -> String {
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `class` attribute of the element whose start tag contains `marker`.
fn classes_of(dom: &str, marker: &str) -> String {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the DOM"));
    let tag_start = dom[..=at].rfind('<').unwrap();
    let tag_end = at + dom[at..].find('>').unwrap();
    let tag = &dom[tag_start..tag_end];
    let class = tag.split("class=\"").nth(1).unwrap_or_default();
    class.split('"').next().unwrap_or_default().to_owned()
}

/// The page with `script` run after the page's own.
fn with_script(page: &str, script: &str) -> String {
    page.replace("</body>", &format!("<script>{script}</script>\n</body>"))
}

#[test]
fn in_chromium_the_page_renders_and_highlights_both_ways() {
    let Some(chromium) = chromium() else {
        eprintln!("skipping: Chromium is not installed (`.ci/setup test` installs it)");
        return;
    };
    let ws = Workspace::new();
    let page = ws.export(&[]);
    let profile = tempfile::tempdir().unwrap();

    // A screenshot: the map on the left, the essay with its coloured
    // passages on the right.
    let shot = ws.path("shot.png");
    run_chromium(
        &chromium,
        profile.path(),
        &[
            "--window-size=1280,800",
            &format!("--screenshot={}", shot.display()),
        ],
        &ws.path("map.html"),
    );
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&shot).unwrap()).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (1280, 800));
    let count = |x0: u32, x1: u32, rgb: [u8; 3]| {
        let mut n = 0;
        for y in 80..800 {
            for x in x0..x1 {
                let p = pixmap.pixel(x, y).unwrap().demultiply();
                if [p.red(), p.green(), p.blue()] == rgb {
                    n += 1;
                }
            }
        }
        n
    };
    // Reasons are quoted in green (the theme's reason fill).
    assert!(
        count(780, 1280, [222, 242, 222]) > 5_000,
        "green passages in the essay"
    );
    // The main conclusion's box is drawn, in its border colour.
    assert!(
        count(0, 760, [30, 70, 150]) > 300,
        "the conclusion's box on the map"
    );

    let loaded = load_map_file(&ws.path("regional-security.ron")).unwrap();
    let first_quoted = loaded
        .map
        .claims
        .iter()
        .position(|c| c.id == "opening-thesis")
        .unwrap();

    // Click the first passage of the essay: its claim is selected on the
    // map and its details (text, quote and line) show.
    let clicked = ws.path("clicked.html");
    std::fs::write(
        &clicked,
        with_script(&page, "document.querySelector('#essay mark').click();"),
    )
    .unwrap();
    let dom = run_chromium(&chromium, profile.path(), &["--dump-dom"], &clicked);
    assert!(
        classes_of(&dom, "id=\"claim-opening-thesis\"").contains("sel"),
        "the claim box is selected"
    );
    assert!(classes_of(&dom, "<mark class=\"").contains("sel"));
    assert!(
        dom.contains("<aside id=\"details\" aria-live=\"polite\">"),
        "details shown"
    );
    let text = &loaded.map.claims[first_quoted].text;
    assert!(
        dom.contains(&format!("font-weight: bold;\">{text}</p>")),
        "{text}"
    );
    assert!(dom.contains("(line 3)</blockquote>"));

    // Hover the main conclusion's box and click it: its passage is
    // highlighted, then selected, and its details name its role.
    let hovered = ws.path("hovered.html");
    std::fs::write(
        &hovered,
        with_script(
            &page,
            "const g = document.querySelector('#map g[data-claim=\"cornerstone\"]');\
             g.dispatchEvent(new MouseEvent('mouseenter'));\
             const hl = document.querySelectorAll('#essay mark.hl').length;\
             g.dispatchEvent(new MouseEvent('mouseleave'));\
             g.dispatchEvent(new MouseEvent('click', {bubbles: true}));\
             document.body.dataset.hovered = hl;",
        ),
    )
    .unwrap();
    let dom = run_chromium(&chromium, profile.path(), &["--dump-dom"], &hovered);
    assert!(
        dom.contains("<body data-hovered=\"1\">"),
        "one passage lit on hover"
    );
    let cornerstone = loaded.index.claim("cornerstone").unwrap();
    let mark_at = dom
        .find(&format!("data-c=\"{cornerstone}\""))
        .expect("the conclusion's passage");
    let mark_tag = &dom[dom[..mark_at].rfind('<').unwrap()..mark_at];
    assert!(mark_tag.contains("sel"), "{mark_tag}");
    assert!(!mark_tag.contains(" hl"), "hover ended: {mark_tag}");
    assert!(dom.contains("<span class=\"chip conclusion\">main conclusion</span>"));
}

#[test]
fn in_chromium_a_click_goes_through_the_evaluation_to_the_claim_and_shows_why() {
    let Some(chromium) = chromium() else {
        eprintln!("skipping: Chromium is not installed (`.ci/setup test` installs it)");
        return;
    };
    let ws = Workspace::new();
    std::fs::write(
        ws.path("regional-security.notes.ron"),
        "(version: 2, notes: {}, marks: {\"diplomacy-addresses-threats\": Rejected})",
    )
    .unwrap();
    let page = ws.export(&["--evaluation"]);
    let profile = tempfile::tempdir().unwrap();
    // What is under the middle of the conclusion's box (dimmed, as it is
    // out) is the box itself, and clicking it shows the reason.
    let clicked = ws.path("clicked.html");
    std::fs::write(
        &clicked,
        with_script(
            &page,
            "const g = document.querySelector('#map g[data-claim=\"cornerstone\"]');\
             g.scrollIntoView({block: 'center', inline: 'center'});\
             const r = g.getBoundingClientRect();\
             const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);\
             const claim = hit && hit.closest('g.claim');\
             document.body.dataset.hit = claim ? claim.dataset.claim : 'nothing';\
             if (claim) hit.dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        ),
    )
    .unwrap();
    let dom = run_chromium(
        &chromium,
        profile.path(),
        &["--window-size=1280,800", "--dump-dom"],
        &clicked,
    );
    assert!(
        dom.contains("<body data-hit=\"cornerstone\">"),
        "the box is hit"
    );
    assert!(
        dom.contains("<p class=\"verdict out\">Out: the objection ‘Military strength is a critical component of a…’ is in"),
        "the reason is shown"
    );
}
