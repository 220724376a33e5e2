//! Rendering a scene as SVG.
