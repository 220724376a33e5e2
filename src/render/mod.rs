//! Renderers: each draws a [`crate::scene::Scene`] to one target. The
//! screen and every export draw the same scene, so they cannot disagree.
//! PNG and PDF share [`paint`] (the scene as items in painting order) and
//! [`glyphs`] (text shaped with the bundled font).

pub mod cull;
pub mod dot;
pub mod egui;
pub mod glyphs;
pub mod html;
pub mod overview;
pub mod overview_image;
pub mod overview_labels;
pub mod page;
pub mod paint;
pub mod pdf;
mod pdf_font;
pub mod png;
pub mod svg;
