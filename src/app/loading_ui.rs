//! What the canvas shows while a map is opened, reloaded or laid out on the
//! worker thread ([`super::worker`]): with no map yet, a centred spinner,
//! "Laying out 50,000 claims… 40 % · 3 s" and a thin progress bar; over a
//! map already shown (a reload, another map opening, a large collapsed
//! part being laid out), the same line and bar on a plate in the middle of
//! the old picture, which stays usable.
//!
//! The layout says how far it has got
//! ([`crate::layout::layout_with_progress`]); other steps (reading the
//! file, drawing) give only the time spent.

use std::time::Duration;

use egui::RichText;

/// `50000` → "50,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// What the worker is doing, as shown: the line and, when the step can
/// tell, how far it has got.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// "Laying out 50,000 claims… 40 % · 3 s".
    pub line: String,
    /// How far the step has got, from 0 to 1, if it can tell.
    pub fraction: Option<f32>,
}

impl Progress {
    /// The worker's `step`, how far it has got and the time it has taken.
    pub fn new(step: &str, fraction: Option<f32>, elapsed: Duration) -> Self {
        Self {
            line: progress_line(step, fraction, elapsed),
            fraction: fraction.map(|f| f.clamp(0.0, 1.0)),
        }
    }
}

/// The worker's step with the whole percent done, when it can tell, and
/// the whole seconds it has taken, once past the first: "Laying out
/// 50,000 claims… 40 % · 3 s".
pub fn progress_line(step: &str, fraction: Option<f32>, elapsed: Duration) -> String {
    // Rounded down: 100 % only once the step is done.
    let percent = fraction.map(|f| (f.clamp(0.0, 1.0) * 100.0).floor() as u32);
    match (percent, elapsed.as_secs()) {
        (None, 0) => step.to_owned(),
        (None, secs) => format!("{step} {secs} s"),
        (Some(p), 0) => format!("{step} {p} %"),
        (Some(p), secs) => format!("{step} {p} % · {secs} s"),
    }
}

/// Width of the progress bar under the line.
const BAR_WIDTH: f32 = 240.0;
/// Height of the progress bar: a thin line.
const BAR_HEIGHT: f32 = 4.0;

/// A thin bar filled to `fraction`.
fn bar_ui(ui: &mut egui::Ui, fraction: f32) {
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(BAR_WIDTH.min(ui.available_width()))
            .desired_height(BAR_HEIGHT)
            .corner_radius(BAR_HEIGHT / 2.0),
    );
}

/// The canvas while the first map opens: a centred spinner, what is being
/// opened, and the worker's step, if it has taken a moment.
pub fn opening_ui(ui: &mut egui::Ui, name: &str, doing: Option<Progress>) {
    egui::Frame::central_panel(ui.style()).show(ui, |ui| {
        ui.set_min_size(ui.available_size());
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() / 2.0 - 40.0).max(0.0));
            ui.spinner();
            ui.label(format!("Opening {name}"));
            if let Some(doing) = doing {
                ui.label(RichText::new(doing.line).weak());
                if let Some(fraction) = doing.fraction {
                    ui.add_space(BAR_HEIGHT);
                    bar_ui(ui, fraction);
                }
            }
        });
    });
}

/// A plate in the middle of `canvas` with a spinner and `doing`, over the
/// picture already shown; nothing when the worker has nothing to say yet.
pub fn busy_plate_ui(ui: &egui::Ui, canvas: egui::Rect, doing: Option<Progress>) {
    let Some(doing) = doing else { return };
    egui::Area::new(egui::Id::unique("worker-progress"))
        .order(egui::Order::Foreground)
        .fixed_pos(canvas.center())
        .pivot(egui::Align2::CENTER_CENTER)
        .interactable(false)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(doing.line);
                });
                if let Some(fraction) = doing.fraction {
                    // As wide as the line above it.
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(ui.min_rect().width())
                            .desired_height(BAR_HEIGHT)
                            .corner_radius(BAR_HEIGHT / 2.0),
                    );
                }
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(7), "7");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(50_000), "50,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn the_line_gives_the_seconds_after_the_first() {
        let step = "Laying out 50,000 claims…";
        assert_eq!(progress_line(step, None, Duration::from_millis(400)), step);
        assert_eq!(
            progress_line(step, None, Duration::from_millis(3400)),
            "Laying out 50,000 claims… 3 s"
        );
    }

    #[test]
    fn the_line_gives_the_percent_done_when_known() {
        let step = "Laying out 50,000 claims…";
        assert_eq!(
            progress_line(step, Some(0.404), Duration::from_millis(3400)),
            "Laying out 50,000 claims… 40 % · 3 s"
        );
        assert_eq!(
            progress_line(step, Some(0.0), Duration::from_millis(400)),
            "Laying out 50,000 claims… 0 %"
        );
        // Not done is never shown as done.
        assert_eq!(
            progress_line(step, Some(0.999), Duration::ZERO),
            "Laying out 50,000 claims… 99 %"
        );
        assert_eq!(
            progress_line(step, Some(1.0), Duration::ZERO),
            "Laying out 50,000 claims… 100 %"
        );
        let shown = Progress::new(step, Some(1.5), Duration::ZERO);
        assert_eq!(shown.fraction, Some(1.0));
    }
}
