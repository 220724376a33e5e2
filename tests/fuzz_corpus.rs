//! Replays the committed fuzz corpora (`fuzz/corpus/TARGET/`) and the
//! inputs of bugs the fuzzer found (`fuzz/regressions/TARGET/`) through the
//! fuzz targets' own entry points, with no fuzzing engine: every input that
//! once passed must still pass, and every bug found stays fixed. See
//! docs/fuzzing.md.

use std::path::{Path, PathBuf};

// `MAX_CPU_TIME` and the `fuzz_target!` macro are for the fuzzer's
// binaries only.
#[allow(dead_code)]
#[path = "../fuzz/targets/mod.rs"]
mod targets;

/// The files of `fuzz/DIR/TARGET/` for every target, sorted by path.
fn inputs(dir: &str) -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else {
        return found;
    };
    for entry in entries {
        let entry = entry.expect("a readable folder");
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(&(target, _)) = targets::TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!(
                "fuzz/{dir}/{name} belongs to no fuzz target (targets: {:?})",
                target_names()
            );
        };
        for file in std::fs::read_dir(entry.path()).expect("a readable folder") {
            found.push((target, file.expect("a readable folder").path()));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

fn target_names() -> Vec<&'static str> {
    targets::TARGETS.iter().map(|(t, _)| *t).collect()
}

/// Runs each input through its target, and lists those that panicked.
fn replay(inputs: &[(&'static str, PathBuf)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (target, path) in inputs {
        let data = std::fs::read(path).expect("a readable corpus file");
        if std::panic::catch_unwind(|| targets::run(target, &data)).is_err() {
            failures.push(format!("{target}: {}", path.display()));
        }
    }
    failures
}

#[test]
fn every_committed_corpus_input_still_passes() {
    let corpus = inputs("corpus");
    for target in target_names() {
        let n = corpus.iter().filter(|(t, _)| *t == target).count();
        assert!(n > 0, "fuzz/corpus/{target}/ holds no inputs");
    }
    let failures = replay(&corpus);
    assert!(
        failures.is_empty(),
        "inputs that fail:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_bug_the_fuzzer_found_stays_fixed() {
    let failures = replay(&inputs("regressions"));
    assert!(
        failures.is_empty(),
        "inputs that fail:\n{}",
        failures.join("\n")
    );
}
