//! Read along: the claims one by one in the order the essay makes them
//! (the source's reading path), with implicit premises right after the
//! claim they support. Each step selects the claim, centres it on the map
//! and scrolls the source to it; a counter ("7 / 31") shows the way.

use egui::{Key, RichText};

/// Read-along state: off, or at a step of the reading path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadAlong {
    /// The step shown (index into the reading path), when reading along.
    pub step: Option<usize>,
}

/// What the read-along bar asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAlongAction {
    /// Go to this step.
    Go(usize),
    /// Stop reading along.
    Stop,
}

impl ReadAlong {
    /// Whether read-along is on.
    pub fn is_active(&self) -> bool {
        self.step.is_some()
    }

    /// The step `delta` steps from the current one (or the first step, or
    /// the step of `selected`, when read-along starts), within `len` steps.
    pub fn step_by(&self, delta: isize, len: usize, selected_step: Option<usize>) -> Option<usize> {
        if len == 0 {
            return None;
        }
        Some(match self.step {
            Some(step) => step.saturating_add_signed(delta).min(len - 1),
            None => selected_step.unwrap_or(0),
        })
    }

    /// `J` (next) and `K` (previous), read only when the map has the
    /// keyboard (`map_has_keyboard`: no text field or button has it).
    pub fn keys(ctx: &egui::Context, map_has_keyboard: bool) -> Option<isize> {
        if !map_has_keyboard {
            return None;
        }
        ctx.input(|i| {
            if !i.modifiers.is_none() {
                None
            } else if i.key_pressed(Key::J) {
                Some(1)
            } else if i.key_pressed(Key::K) {
                Some(-1)
            } else {
                None
            }
        })
    }

    /// The bar over the top of the map: the counter and the buttons.
    /// Returns what was asked for and where the bar is on screen (`None`
    /// for both when not reading along).
    pub fn bar_ui(
        &self,
        ctx: &egui::Context,
        canvas: egui::Rect,
        len: usize,
    ) -> (Option<ReadAlongAction>, Option<egui::Rect>) {
        let Some(step) = self.step else {
            return (None, None);
        };
        let mut action = None;
        // In a narrow map area the bar leaves out its title.
        let narrow = canvas.width() < 460.0;
        let bar = egui::Area::new(egui::Id::unique("read-along"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::CENTER_TOP)
            .fixed_pos(canvas.center_top() + egui::vec2(0.0, 8.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if !narrow {
                            ui.label(RichText::new("Read along").strong());
                        }
                        if ui
                            .add_enabled(step > 0, egui::Button::new("‹ Previous"))
                            .on_hover_text("K")
                            .clicked()
                        {
                            action = Some(ReadAlongAction::Go(step - 1));
                        }
                        ui.label(RichText::new(format!("{} / {len}", step + 1)).monospace());
                        if ui
                            .add_enabled(step + 1 < len, egui::Button::new("Next ›"))
                            .on_hover_text("J")
                            .clicked()
                        {
                            action = Some(ReadAlongAction::Go(step + 1));
                        }
                        if ui.button("Stop").clicked() {
                            action = Some(ReadAlongAction::Stop);
                        }
                    });
                });
            });
        (action, Some(bar.response.rect))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_stay_within_the_path_and_start_at_the_selection() {
        let off = ReadAlong::default();
        assert_eq!(off.step_by(1, 5, None), Some(0));
        assert_eq!(off.step_by(1, 5, Some(3)), Some(3));
        assert_eq!(off.step_by(1, 0, None), None);
        let at = ReadAlong { step: Some(4) };
        assert_eq!(at.step_by(1, 5, None), Some(4));
        assert_eq!(at.step_by(-1, 5, None), Some(3));
        assert_eq!(ReadAlong { step: Some(0) }.step_by(-1, 5, None), Some(0));
    }
}
