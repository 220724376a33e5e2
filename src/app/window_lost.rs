//! Ending the viewer quietly when its window is destroyed from outside.
//!
//! winit 0.30.13 panics inside its X11 backend when another X client
//! destroys the window (see [`super::run`]). [`catch`] runs the event loop
//! so that such a panic prints no panic message and unwinds to the caller,
//! dropping the app on the way (which saves unsaved notes); any other
//! panic is reported and carried on as usual.

use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when winit panicked: the window is gone.
static LOST: AtomicBool = AtomicBool::new(false);

/// Runs `run_window` (the event loop); `None` when it ended by a panic
/// inside winit's X11 backend, which means the window was destroyed under
/// it.
pub fn catch<T>(run_window: impl FnOnce() -> T) -> Option<T> {
    let previous: Arc<dyn Fn(&PanicHookInfo<'_>) + Send + Sync> = Arc::from(panic::take_hook());
    let report = Arc::clone(&previous);
    panic::set_hook(Box::new(move |info| {
        if info.location().is_some_and(|l| is_winit_x11(l.file())) {
            LOST.store(true, Ordering::SeqCst);
        } else {
            report(info);
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(run_window));
    panic::set_hook(Box::new(move |info| previous(info)));
    match result {
        Ok(value) => Some(value),
        Err(_) if LOST.load(Ordering::SeqCst) => None,
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Whether a panic at source file `file` is in winit's X11 backend
/// (`…/winit-0.30.13/src/platform_impl/linux/x11/window.rs`).
fn is_winit_x11(file: &str) -> bool {
    let file = file.replace('\\', "/");
    file.contains("/winit-") && file.contains("/x11/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_winit_x11_sources_count() {
        assert!(is_winit_x11(
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/winit-0.30.13/src/platform_impl/linux/x11/window.rs"
        ));
        assert!(!is_winit_x11("src/app/mod.rs"));
        assert!(!is_winit_x11(
            "/root/.cargo/registry/src/x/winit-0.30.13/src/platform_impl/linux/wayland/window/mod.rs"
        ));
        assert!(!is_winit_x11(
            "/root/.cargo/registry/src/x/x11rb-0.13.2/src/x11_utils.rs"
        ));
    }
}
