//! Rendering a scene as PDF.
