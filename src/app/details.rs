//! The side panel about the selected claim: its text, role, quote, and the
//! claims it bears on and that bear on it, each a link to go there.

use egui::RichText;

use crate::model::{LoadedMap, MapIndex, Role};
use crate::render::egui::color;
use crate::scene::Theme;
use crate::source::{QuoteContext, SourceDoc};

/// Shows the details of claim `claim`; returns a claim the user asked to
/// go to. With the map's `source`, the quote is shown in context, and
/// `show_in_source` is set when its "Show in source" link is clicked.
/// `after_text` is shown after the claim's text and source passage (the
/// claim's evaluation).
pub fn details_ui(
    ui: &mut egui::Ui,
    loaded: &LoadedMap,
    claim: usize,
    theme: &Theme,
    source: Option<&SourceDoc>,
    show_in_source: &mut bool,
    after_text: &mut dyn FnMut(&mut egui::Ui),
) -> Option<usize> {
    let map = &loaded.map;
    let index = &loaded.index;
    let c = map.claims.get(claim)?;
    let mut go_to = None;
    let role = index.role(claim);

    ui.horizontal_wrapped(|ui| {
        role_chip(ui, role, theme);
        if c.implicit {
            ui.label(RichText::new("implicit premise").italics().weak());
        }
        ui.label(RichText::new(format!("id: {}", c.id)).weak().small());
    });
    ui.add_space(4.0);
    ui.label(RichText::new(&c.text).size(16.0).strong());
    ui.add_space(6.0);

    let context = source.and_then(|s| s.context(claim));
    if let Some(context) = &context {
        ui.label(RichText::new("Source passage, in context").weak().small());
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(context_job(ui, context));
        });
        ui.horizontal_wrapped(|ui| {
            let name = map.source.as_deref().unwrap_or("the source");
            ui.label(
                RichText::new(format!("line {} of {name}", context.line))
                    .weak()
                    .small(),
            );
            if ui
                .link("Show in source")
                .on_hover_text("Open the source panel at this passage")
                .clicked()
            {
                *show_in_source = true;
            }
        });
    } else if let Some(quote) = &c.quote {
        ui.label(RichText::new("Source passage").weak().small());
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("“{quote}”")).italics());
        });
        if let Some(source) = &map.source {
            ui.label(RichText::new(format!("from {source}")).weak().small());
        }
    } else if c.implicit {
        ui.label(
            RichText::new(
                "Not stated in the text: supplied by the analyst to make the reasoning explicit.",
            )
            .weak()
            .italics(),
        );
    }

    after_text(ui);

    // A map with several conclusions: name the others, so each part can
    // be reached from any other.
    let conclusions = index.conclusions();
    if role.is_conclusion() && conclusions.len() > 1 {
        ui.add_space(8.0);
        let place = if role == Role::Conclusion {
            "The main one".to_owned()
        } else {
            let n = conclusions
                .iter()
                .position(|&c| c == claim)
                .map_or(0, |i| i + 1);
            format!("Number {n}")
        };
        ui.heading(format!("{place} of {} conclusions", conclusions.len()));
        ui.label(
            RichText::new("Each heads a part of the map that bears on nothing else.")
                .weak()
                .small(),
        );
        for &other in conclusions.iter().filter(|&&c| c != claim) {
            ui.horizontal_wrapped(|ui| {
                if other == conclusions[0] {
                    ui.label(RichText::new("main:").weak().small());
                }
                if claim_link(ui, loaded, other) {
                    go_to = Some(other);
                }
            });
        }
    }

    // What this claim bears on.
    let outgoing = index.premise_of(claim);
    if !outgoing.is_empty() {
        ui.add_space(8.0);
        ui.heading("Bears on");
        for &a in outgoing {
            let argument = &map.arguments[a];
            ui.horizontal_wrapped(|ui| {
                let verb = index.bears_on_label(map, a);
                ui.label(
                    RichText::new(verb).color(color(theme.role(index.argument_role(a)).stroke)),
                );
                if let Some(t) = index.target_claim(a)
                    && claim_link(ui, loaded, t)
                {
                    go_to = Some(t);
                }
            });
            let partners: Vec<usize> = index
                .premises(a)
                .iter()
                .copied()
                .filter(|&p| p != claim)
                .collect();
            if !partners.is_empty() {
                ui.indent(("with", a), |ui| {
                    ui.label(RichText::new("only together with").weak().small());
                    for p in partners {
                        if claim_link(ui, loaded, p) {
                            go_to = Some(p);
                        }
                    }
                });
            }
            scheme_label(ui, argument.scheme.as_deref());
        }
    }

    // What bears on this claim, and on the inferences to it.
    let incoming = index.arguments_into_claim(claim);
    if !incoming.is_empty() {
        ui.add_space(8.0);
        ui.heading("Bearing on it");
        for &a in incoming {
            let argument = &map.arguments[a];
            let (label, tint) = (MapIndex::bearing_label(map, a), index.argument_role(a));
            let premises = index.premises(a);
            let label = if premises.len() > 1 {
                format!("{label} (co-premises, only together)")
            } else {
                label.to_owned()
            };
            ui.label(RichText::new(label).color(color(theme.role(tint).stroke)));
            ui.indent(("in", a), |ui| {
                for &p in premises {
                    if claim_link(ui, loaded, p) {
                        go_to = Some(p);
                    }
                }
                scheme_label(ui, argument.scheme.as_deref());
                for &u in index.arguments_into_argument(a) {
                    ui.label(
                        RichText::new("Undercut: the inference is challenged by")
                            .color(color(theme.role(Role::Undercut).stroke))
                            .small(),
                    );
                    for &p in index.premises(u) {
                        if claim_link(ui, loaded, p) {
                            go_to = Some(p);
                        }
                    }
                }
            });
        }
    }
    go_to
}

/// The quote with the sentence before and after it dimmed, and the rest
/// of its own sentence in ordinary text.
fn context_job(ui: &egui::Ui, context: &QuoteContext) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat::simple(body.clone(), ui.visuals().text_color());
    let dim = egui::TextFormat::simple(body.clone(), ui.visuals().weak_text_color());
    let quote = egui::TextFormat {
        italics: true,
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().code_bg_color,
        ..plain.clone()
    };
    let parts = [
        (&context.before, &dim),
        (&context.lead, &plain),
        (&context.quote, &quote),
        (&context.trail, &plain),
        (&context.after, &dim),
    ];
    for (text, format) in parts {
        if text.is_empty() {
            continue;
        }
        if !job.text.is_empty() {
            job.append(" ", 0.0, plain.clone());
        }
        job.append(text, 0.0, format.clone());
    }
    job
}

fn scheme_label(ui: &mut egui::Ui, scheme: Option<&str>) {
    if let Some(scheme) = scheme {
        ui.label(RichText::new(format!("scheme: {scheme}")).weak().small());
    }
}

/// A link showing a claim's text; true when clicked.
fn claim_link(ui: &mut egui::Ui, loaded: &LoadedMap, claim: usize) -> bool {
    let text = &loaded.map.claims[claim].text;
    ui.link(text.as_str())
        .on_hover_text("Go to this claim")
        .clicked()
}

/// A small coloured label naming a role.
pub fn role_chip(ui: &mut egui::Ui, role: Role, theme: &Theme) {
    let style = theme.role(role);
    egui::Frame::new()
        .fill(color(style.fill))
        .stroke(egui::Stroke::new(1.0, color(style.stroke)))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.label(
                RichText::new(role.label())
                    .color(color(style.stroke))
                    .strong(),
            );
        });
}
