//! Rendering a scene as DOT.
