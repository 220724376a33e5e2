//! reasonmap: see an essay's reasoning as an argument map.
//!
//! Data flows one way: [`model`] (map files, validation) and beside it
//! [`interchange`] (AIF JSON in and out, and the one entry point that
//! opens a map file in any format) → [`layout`]
//! (positions) → [`scene`] (shapes) → [`render`] (screen, SVG, PNG, PDF)
//! → [`app`] (the desktop viewer) and [`cli`] (the command line).
//! [`notes`] owns the annotations people add to claims, and [`evaluation`]
//! (beside [`model`]) computes what follows from the claims a reader accepts.
//! [`visible`] (beside [`model`]) decides which claims are shown when
//! branches are collapsed or one claim is in focus.
//! [`files`] reads untrusted files (maps, sources, notes) without blocking
//! or reading more than a limit.

pub mod app;
pub mod cli;
pub mod evaluation;
pub mod export;
pub mod files;
pub mod generate;
pub mod geom;
pub mod interchange;
pub mod layout;
pub mod model;
pub mod notes;
pub mod render;
pub mod scene;
pub mod source;
pub mod text;
pub mod visible;
