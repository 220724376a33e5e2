//! Renderers: each draws a [`crate::scene::Scene`] to one target. The
//! screen and every export draw the same scene, so they cannot disagree.

pub mod dot;
pub mod egui;
pub mod html;
pub mod pdf;
pub mod png;
pub mod svg;
