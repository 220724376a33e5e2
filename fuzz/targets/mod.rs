//! Entry points of the fuzz targets, one module each. The fuzzer runs them
//! through `fuzz_targets/NAME.rs`; `tests/fuzz_corpus.rs` at the repository
//! root runs every committed corpus file through them on every test run,
//! with no fuzzing engine. An entry point panics when it finds a bug: a
//! panic, a diagnostic that does not name its file, a non-finite
//! coordinate, overlapping boxes, a round trip that changes something.

pub mod aif_import;
pub mod map_check;
pub mod notes_load;
pub mod notes_merge;
pub mod render;

/// A target's entry point: panics when it finds a bug in `data`.
pub type EntryPoint = fn(data: &[u8]);

/// Every target by name: the name of its binary and of its corpus folder
/// under `fuzz/corpus/`, and its entry point.
pub const TARGETS: &[(&str, EntryPoint)] = &[
    ("map_check", map_check::run),
    ("notes_load", notes_load::run),
    ("notes_merge", notes_merge::run),
    ("render", render::run),
    ("aif_import", aif_import::run),
];

/// Most CPU time one input may take: more is reported as a hang.
pub const MAX_CPU_TIME: std::time::Duration = std::time::Duration::from_secs(1);

/// The libFuzzer binary of the target `$name` (`fuzz_targets/NAME.rs`).
///
/// An input that takes more than [`MAX_CPU_TIME`] of the thread's CPU time
/// fails like a crash. libFuzzer's own `-timeout` counts wall-clock time,
/// which on a busy machine is several times the CPU time; the campaign
/// gives it a wide margin so that it only catches real endless loops.
#[macro_export]
macro_rules! fuzz_target {
    ($name:ident) => {
        libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            let started = cpu_time::ThreadTime::now();
            $crate::$name::run(data);
            let took = started.elapsed();
            assert!(
                took <= $crate::MAX_CPU_TIME,
                "{} took {took:?} of CPU time, more than {:?}: a hang",
                stringify!($name),
                $crate::MAX_CPU_TIME
            );
        });
    };
}

/// Runs the target called `name` on `data`.
///
/// # Panics
/// When no target has that name, and whenever the target finds a bug.
pub fn run(name: &str, data: &[u8]) {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, entry)) => entry(data),
        None => panic!("no fuzz target is called {name}"),
    }
}

/// Reads the source text an input carries after its `----8<----` line
/// (see [`split_at_marker`]), whatever name the map gives it; without
/// one, every source is missing.
pub fn source_reader(source: Option<&[u8]>) -> impl Fn(&str) -> std::io::Result<String> {
    let source = source.map(|s| String::from_utf8_lossy(s).into_owned());
    move |name: &str| match &source {
        Some(text) => Ok(text.clone()),
        None => Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no source text named {name}"),
        )),
    }
}

/// Splits an input at its first line `----8<----`: what comes before and,
/// if the line is there, what comes after. Targets that read two files (a
/// map and its source text) take both from one input this way.
pub fn split_at_marker(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    const MARKER: &[u8] = b"\n----8<----\n";
    match data.windows(MARKER.len()).position(|w| w == MARKER) {
        Some(at) => (&data[..at], Some(&data[at + MARKER.len()..])),
        None => (data, None),
    }
}
