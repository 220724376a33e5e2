//! Collapse and focus in the viewer, driven as a person would (egui_kittest,
//! headless): collapsing a branch leaves a badge with the number of claims
//! hidden, focus mode shows one claim's line and branch, the collapsed
//! branches come back when the map is opened again, and `export
//! --collapsed` draws the map as it was collapsed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reasonmap::app::{AppOptions, ReasonmapApp};

mod common;
use common::{settle, viewer};
use reasonmap::model::MapIndex;
use reasonmap::visible;

/// The essay map and its text, copied into a fresh folder.
fn essay_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["regional-security.ron", "regional-security.md"] {
        std::fs::copy(format!("maps/{file}"), dir.path().join(file)).expect("copy map");
    }
    let map = dir.path().join("regional-security.ron");
    (dir, map)
}

fn harness_on(map: &Path, autosave: bool) -> Harness<'static, ReasonmapApp> {
    let options = AppOptions {
        map: Some(map.to_owned()),
        data_dir: map.parent().map(|d| d.join("data")),
        autosave_delay: autosave.then(|| std::time::Duration::from_millis(1)),
    };
    viewer(options, egui::vec2(1280.0, 800.0))
}

fn shown_claims(harness: &Harness<'static, ReasonmapApp>) -> BTreeSet<usize> {
    let doc = harness.state().document().expect("a map is open");
    doc.scene.nodes.iter().map(|n| n.claim).collect()
}

fn claim_id(harness: &Harness<'static, ReasonmapApp>, claim: usize) -> String {
    let doc = harness.state().document().expect("a map is open");
    doc.loaded.map.claims[claim].id.clone()
}

/// Brings `claim` into view (as a search does) and clicks it.
fn select(harness: &mut Harness<'static, ReasonmapApp>, claim: usize) {
    harness.state_mut().go_to(claim);
    settle(harness);
    let text = harness.state().document().expect("map").loaded.map.claims[claim]
        .text
        .clone();
    harness.get_by_role_and_label(Role::Button, &text).click();
    settle(harness);
    assert_eq!(harness.state().selected(), Some(claim));
}

/// What bears directly on `claim`: the premises of the arguments into it
/// and of the undercuts of those arguments.
fn children(index: &MapIndex, claim: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut arguments: Vec<usize> = index.arguments_into_claim(claim).to_vec();
    let mut seen = BTreeSet::new();
    while let Some(a) = arguments.pop() {
        if seen.insert(a) {
            out.extend_from_slice(index.premises(a));
            arguments.extend_from_slice(index.arguments_into_argument(a));
        }
    }
    out
}

/// Everything below `claim`, to `depth` levels.
fn branch(index: &MapIndex, claim: usize, depth: usize) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut level = vec![claim];
    for _ in 0..depth {
        let mut next = Vec::new();
        for c in level {
            for p in children(index, c) {
                if p != claim && found.insert(p) {
                    next.push(p);
                }
            }
        }
        level = next;
    }
    found
}

/// The claims hidden when `claim` is collapsed: those a walk down from
/// the claims that bear on nothing reaches only through `claim`.
fn hidden_by(index: &MapIndex, claims: usize, claim: usize) -> BTreeSet<usize> {
    let mut reached: BTreeSet<usize> = (0..claims)
        .filter(|&c| index.premise_of(c).is_empty())
        .collect();
    let mut stack: Vec<usize> = reached.iter().copied().collect();
    while let Some(c) = stack.pop() {
        if c == claim {
            continue;
        }
        for p in children(index, c) {
            if reached.insert(p) {
                stack.push(p);
            }
        }
    }
    (0..claims).filter(|c| !reached.contains(c)).collect()
}

/// A claim of the essay with a branch of two levels or more below it,
/// and a parent: a reason of the conclusion.
fn middle_claim(harness: &Harness<'static, ReasonmapApp>) -> usize {
    let doc = harness.state().document().expect("map");
    let index = &doc.loaded.index;
    let conclusion = index.conclusion().expect("conclusion");
    children(index, conclusion)
        .into_iter()
        .max_by_key(|&c| (branch(index, c, 99).len(), std::cmp::Reverse(c)))
        .expect("the conclusion has reasons")
}

#[test]
fn collapsing_a_branch_leaves_a_badge_with_the_count_and_expanding_brings_it_back() {
    let (_dir, map) = essay_copy();
    let mut harness = harness_on(&map, false);
    let all = shown_claims(&harness);
    let claim = middle_claim(&harness);
    let hidden = {
        let doc = harness.state().document().expect("map");
        hidden_by(&doc.loaded.index, doc.loaded.map.claims.len(), claim)
    };
    assert!(hidden.len() >= 2, "the essay's claim has a branch");
    let id = claim_id(&harness, claim);

    // Alt+← on the selected claim collapses its branch.
    select(&mut harness, claim);
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    settle(&mut harness);
    let shown = shown_claims(&harness);
    assert_eq!(
        shown,
        all.difference(&hidden).copied().collect(),
        "exactly the branch is hidden"
    );
    let badge_label = format!("{} hidden claims under {id}", hidden.len());
    harness.get_by_role_and_label(Role::Button, &badge_label);
    assert_eq!(harness.state().selected(), Some(claim), "selection kept");
    let doc = harness.state().document().expect("map");
    let node = doc.scene.node(claim).expect("the collapsed claim is shown");
    assert_eq!(
        node.branch.as_ref().map(|b| b.count),
        Some(hidden.len()),
        "the scene's badge has the count"
    );
    // The layout closes up: the map is smaller than before.
    assert!(doc.scene.bounds.width() * doc.scene.bounds.height() > 0.0);

    // The chevron says what it does, and expands the branch again.
    harness
        .get_by_role_and_label(Role::Button, &format!("Expand branch of {id}"))
        .click();
    settle(&mut harness);
    assert_eq!(shown_claims(&harness), all);
    assert!(
        harness
            .query_by_label_contains("hidden claims under")
            .is_none(),
        "no badge once expanded"
    );

    // The chevron collapses too, and View › Expand All undoes it.
    harness
        .get_by_role_and_label(Role::Button, &format!("Collapse branch of {id}"))
        .click();
    settle(&mut harness);
    assert_eq!(shown_claims(&harness).len(), all.len() - hidden.len());
    harness.state_mut().expand_all();
    settle(&mut harness);
    assert_eq!(shown_claims(&harness), all);
}

#[test]
fn collapse_to_depth_one_shows_the_conclusion_and_its_reasons_only() {
    let (_dir, map) = essay_copy();
    let mut harness = harness_on(&map, false);
    harness.get_by_label("View").click();
    settle(&mut harness);
    harness.get_by_label("Collapse to Depth").hover();
    settle(&mut harness);
    harness.get_by_label("Depth 1").click();
    settle(&mut harness);
    let doc = harness.state().document().expect("map");
    let index = &doc.loaded.index;
    let conclusion = index.conclusion().expect("conclusion");
    let mut expected = branch(index, conclusion, 1);
    expected.insert(conclusion);
    // Claims that bear on nothing (other conclusions, unconnected claims)
    // are tops of their own.
    for c in 0..doc.loaded.map.claims.len() {
        if index.premise_of(c).is_empty() {
            expected.insert(c);
            expected.extend(branch(index, c, 1));
        }
    }
    assert_eq!(shown_claims(&harness), expected);
    let badges = doc
        .scene
        .nodes
        .iter()
        .filter(|n| n.branch.is_some())
        .count();
    assert!(badges >= 1, "the reasons with branches have badges");
}

#[test]
fn focus_mode_shows_the_claim_its_line_up_and_its_branch_and_escape_leaves_it() {
    let (_dir, map) = essay_copy();
    let mut harness = harness_on(&map, false);
    let all = shown_claims(&harness);
    let parent = middle_claim(&harness);
    let (claim, conclusion) = {
        let doc = harness.state().document().expect("map");
        let index = &doc.loaded.index;
        let claim = children(index, parent)
            .into_iter()
            .max_by_key(|&c| branch(index, c, 99).len())
            .expect("a claim below the reason");
        (claim, index.conclusion().expect("conclusion"))
    };
    select(&mut harness, claim);
    harness.key_press(egui::Key::Z);
    settle(&mut harness);

    let doc = harness.state().document().expect("map");
    let mut expected = branch(&doc.loaded.index, claim, 2);
    expected.extend([claim, parent, conclusion]);
    assert_eq!(shown_claims(&harness), expected);
    harness.get_by_label("Focus:");
    harness.get_by_label("Esc to leave");
    harness.get_by_label_contains("Leave Focus");

    // The depth control shows less.
    harness.state_mut().set_focus_depth(0);
    settle(&mut harness);
    assert_eq!(
        shown_claims(&harness),
        BTreeSet::from([claim, parent, conclusion])
    );

    harness.key_press(egui::Key::Escape);
    settle(&mut harness);
    assert_eq!(shown_claims(&harness), all, "Escape leaves focus mode");
    assert_eq!(harness.state().selected(), Some(claim), "selection kept");
    assert!(harness.query_by_label("Focus:").is_none());
}

#[test]
fn collapsed_branches_are_kept_in_the_notes_file_and_come_back_on_reopening() {
    let (dir, map) = essay_copy();
    let sidecar = dir.path().join("regional-security.notes.ron");
    let (claim, id, shown) = {
        let mut harness = harness_on(&map, true);
        let claim = middle_claim(&harness);
        let id = claim_id(&harness, claim);
        harness.state_mut().set_collapsed(claim, true);
        // Saved automatically, on the worker thread.
        for _ in 0..5 {
            harness.run_ok();
            harness.state_mut().wait_for_io();
        }
        settle(&mut harness);
        assert!(!harness.state().has_unsaved_notes());
        (claim, id, shown_claims(&harness))
    };
    let text = std::fs::read_to_string(&sidecar).expect("the notes file is written");
    assert!(text.starts_with("(\n    version: 3,\n"), "{text}");
    assert!(
        text.contains(&format!("collapsed: [\n        \"{id}\",\n    ]")),
        "{text}"
    );

    let harness = harness_on(&map, false);
    let doc = harness.state().document().expect("map");
    assert!(doc.collapse.is_collapsed(claim));
    assert_eq!(shown_claims(&harness), shown);
    harness.get_by_label_contains(&format!("hidden claims under {id}"));
}

#[test]
fn export_collapsed_leaves_hidden_claims_out_and_draws_the_badge() {
    let (dir, map) = essay_copy();
    let harness = harness_on(&map, false);
    let claim = middle_claim(&harness);
    let doc = harness.state().document().expect("map");
    let index = &doc.loaded.index;
    let id = doc.loaded.map.claims[claim].id.clone();
    let hidden: Vec<String> = hidden_by(index, doc.loaded.map.claims.len(), claim)
        .into_iter()
        .map(|c| doc.loaded.map.claims[c].id.clone())
        .collect();
    drop(harness);
    std::fs::write(
        dir.path().join("regional-security.notes.ron"),
        format!("(version: 3, notes: {{}}, collapsed: [\"{id}\"])\n"),
    )
    .expect("write notes");
    let export = |out: &str, collapsed: bool| {
        let out = dir.path().join(out);
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_reasonmap"));
        command.arg("export").arg(&map).arg("-o").arg(&out);
        if collapsed {
            command.arg("--collapsed");
        }
        let output = command.output().expect("run reasonmap");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(out).expect("the SVG is written")
    };
    let whole = export("whole.svg", false);
    let collapsed = export("collapsed.svg", true);
    for hidden_id in &hidden {
        let mark = format!("data-claim=\"{hidden_id}\"");
        assert!(whole.contains(&mark), "{hidden_id} is in the whole map");
        assert!(!collapsed.contains(&mark), "{hidden_id} is left out");
    }
    assert!(collapsed.contains(&format!("data-claim=\"{id}\"")));
    assert!(
        collapsed.contains(&format!(
            "<g class=\"branch-badge\" data-hidden=\"{}\">",
            hidden.len()
        )),
        "the badge is drawn"
    );
    assert!(collapsed.contains(&format!(">+{}</text>", hidden.len())));
    assert!(!whole.contains("branch-badge"));
}

#[test]
fn the_export_dialog_exports_as_collapsed() {
    let (dir, map) = essay_copy();
    let mut harness = harness_on(&map, false);
    let claim = middle_claim(&harness);
    let count = {
        let doc = harness.state().document().expect("map");
        hidden_by(&doc.loaded.index, doc.loaded.map.claims.len(), claim).len()
    };
    harness.state_mut().set_collapsed(claim, true);
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::RadioButton, "SVG")
        .click();
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::CheckBox, "As collapsed")
        .click();
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(2);
    harness.state_mut().export_dialog().wait();
    settle(&mut harness);
    let svg = std::fs::read_to_string(dir.path().join("regional-security.svg"))
        .expect("the SVG is written");
    assert!(
        svg.contains(&format!("data-hidden=\"{count}\"")),
        "the badge is drawn"
    );
    assert_eq!(
        svg.matches("<g class=\"claim ").count(),
        harness
            .state()
            .document()
            .expect("map")
            .loaded
            .map
            .claims
            .len()
            - count,
        "the hidden claims are left out"
    );
}

#[test]
fn focus_on_a_part_laid_out_on_the_worker_fits_that_part() {
    // A generated map of 1,000 claims, shown whole at a zoom far too small
    // to read. The focused part links its branches by shared premises or
    // undercuts, so its layout tries several orders on the worker thread.
    let dir = tempfile::tempdir().expect("temp dir");
    let map = reasonmap::generate::generate_map(1_000, 1);
    let path = dir.path().join("generated.ron");
    let text = ron::ser::to_string_pretty(&map, ron::ser::PrettyConfig::default()).expect("ron");
    std::fs::write(&path, text).expect("write map");
    let index = MapIndex::new(&map);
    let claim = (0..map.claims.len())
        .find(|&c| {
            let focus = Some(visible::Focus { claim: c, depth: 2 });
            let shown = visible::visibility(&map, &index, &vec![false; map.claims.len()], focus);
            let sub = visible::sub_map(&map, &index, &shown.shown);
            sub.claims.len() >= 8 && reasonmap::layout::tries_orders(&sub.map)
        })
        .expect("a claim whose focused part is laid out on the worker");

    let mut harness = harness_on(&path, false);
    harness.key_press(egui::Key::F);
    settle(&mut harness);
    let whole = harness.state().view().zoom();
    harness.state_mut().focus_on(claim);
    settle(&mut harness);

    let (bounds, zoom, canvas) = {
        let state = harness.state();
        let doc = state.document().expect("map");
        (
            doc.scene.bounds,
            state.view().zoom(),
            state.view().canvas_rect,
        )
    };
    assert!(
        zoom > 4.0 * whole,
        "focus stayed at {zoom} (whole map {whole})"
    );
    let (w, h) = (bounds.width() * zoom, bounds.height() * zoom);
    assert!(
        w >= 0.5 * canvas.width() || h >= 0.5 * canvas.height(),
        "focus shows {w} x {h} in a canvas of {canvas:?}"
    );
}
