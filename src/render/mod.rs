//! Renderers: each draws a [`crate::scene::Scene`] to one target.

pub mod egui;
