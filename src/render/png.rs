//! Rendering a scene as PNG.
