//! The legend over the canvas: what the colours and dashes mean.

use egui::{Align2, RichText, Stroke, StrokeKind, Vec2};

use crate::model::{LoadedMap, Role};
use crate::render::egui::color;
use crate::scene::Theme;

/// Shows the legend in the bottom-left corner of `canvas`; `extra` adds
/// rows after the roles (the evaluation's).
pub fn legend_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    theme: &Theme,
    canvas: egui::Rect,
    extra: &dyn Fn(&mut egui::Ui),
) {
    let present = |role: Role| (0..loaded.map.claims.len()).any(|c| loaded.index.role(c) == role);
    egui::Area::new(ui.scope_id().with("legend"))
        .pivot(Align2::LEFT_BOTTOM)
        .default_pos(canvas.left_bottom() + Vec2::new(12.0, -12.0))
        .movable(true)
        .constrain_to(canvas)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                egui::CollapsingHeader::new(RichText::new("Legend").strong())
                    .default_open(true)
                    .show(ui, |ui| {
                        rows_ui(ui, theme, &present);
                        extra(ui);
                    });
            });
        });
}

fn rows_ui(ui: &mut egui::Ui, theme: &Theme, present: &dyn Fn(Role) -> bool) {
    for role in Role::ALL.into_iter().filter(|&r| {
        !matches!(
            r,
            Role::OtherConclusion | Role::Rephrase | Role::Unconnected
        ) || present(r)
    }) {
        let style = theme.role(role);
        swatch_row(ui, role_label(role), |painter, rect| {
            painter.rect(
                rect,
                3.0,
                color(style.fill),
                Stroke::new(1.5, color(style.stroke)),
                StrokeKind::Inside,
            );
        });
    }
    swatch_row(ui, "Implicit premise (dashed)", |painter, rect| {
        let c = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        painter.extend(egui::Shape::dashed_line(
            &c,
            Stroke::new(1.5, color(theme.weak_text)),
            4.0,
            3.0,
        ));
    });
    swatch_row(ui, "Co-premises (work only together)", |painter, rect| {
        painter.rect(
            rect,
            5.0,
            color(theme.frame_fill),
            Stroke::new(1.0, color(theme.frame_stroke)),
            StrokeKind::Inside,
        );
    });
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Conclusion => "Main conclusion",
        Role::OtherConclusion => "Conclusion of another part",
        Role::Reason => "Reason (supports)",
        Role::Objection => "Objection (attacks)",
        Role::Rebuttal => "Rebuttal (answers an objection)",
        Role::Undercut => "Undercut (attacks an inference)",
        Role::Rephrase => "Rephrase (= restates a claim)",
        Role::Unconnected => "Unconnected claim",
    }
}

fn swatch_row(ui: &mut egui::Ui, label: &str, paint: impl FnOnce(&egui::Painter, egui::Rect)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::new(26.0, 14.0), egui::Sense::hover());
        paint(ui.painter(), rect);
        ui.label(label);
    });
}
