//! What the canvas shows while a map is opened, reloaded or laid out on the
//! worker thread ([`super::worker`]): with no map yet, a centred spinner
//! and "Laying out 50,000 claims… 3 s"; over a map already shown (a reload,
//! another map opening, a large collapsed part being laid out), the same
//! line on a plate in the middle of the old picture, which stays usable.
//!
//! The layout cannot say how far it has got, so the line gives the time
//! spent instead of a fraction.

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

/// The worker's step with the whole seconds it has taken, once past the
/// first: "Laying out 50,000 claims… 3 s".
pub fn progress_line(step: &str, elapsed: Duration) -> String {
    match elapsed.as_secs() {
        0 => step.to_owned(),
        secs => format!("{step} {secs} s"),
    }
}

/// The canvas while the first map opens: a centred spinner, what is being
/// opened, and the worker's step, if it has taken a moment.
pub fn opening_ui(ui: &mut egui::Ui, name: &str, doing: Option<String>) {
    egui::Frame::central_panel(ui.style()).show(ui, |ui| {
        ui.set_min_size(ui.available_size());
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() / 2.0 - 40.0).max(0.0));
            ui.spinner();
            ui.label(format!("Opening {name}"));
            if let Some(doing) = doing {
                ui.label(RichText::new(doing).weak());
            }
        });
    });
}

/// A plate in the middle of `canvas` with a spinner and `doing`, over the
/// picture already shown; nothing when the worker has nothing to say yet.
pub fn busy_plate_ui(ui: &egui::Ui, canvas: egui::Rect, doing: Option<String>) {
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
                    ui.label(doing);
                });
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
        assert_eq!(progress_line(step, Duration::from_millis(400)), step);
        assert_eq!(
            progress_line(step, Duration::from_millis(3400)),
            "Laying out 50,000 claims… 3 s"
        );
    }
}
