//! What the viewer's egui_kittest tests share: the viewer in a window of a
//! given size, run until it is idle. Each test file uses part of it.
#![allow(dead_code)]

use egui_kittest::Harness;
use reasonmap::app::{AppOptions, ReasonmapApp};

/// The viewer with `options` in a window of `size`, run until it is idle
/// (its map open).
pub fn viewer(options: AppOptions, size: egui::Vec2) -> Harness<'static, ReasonmapApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| ReasonmapApp::new(cc, options));
    settle(&mut harness);
    harness
}

/// Runs frames until the viewer is idle: maps are opened, laid out and
/// notes saved on its worker thread.
pub fn settle(harness: &mut Harness<'static, ReasonmapApp>) {
    for _ in 0..20 {
        // While the worker is busy the status bar shows a spinner, which
        // keeps asking for frames: `run_ok` stops after a few.
        harness.run_ok();
        if !harness.state().is_busy() {
            harness.run();
            return;
        }
        harness.state_mut().wait_for_io();
    }
    panic!("the viewer is still busy");
}
