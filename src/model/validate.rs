//! Semantic checks of a parsed map.
