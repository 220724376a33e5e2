//! The source text a map quotes, as it was read when the map was checked.
//!
//! The loader reads the source once, to check the quotes, and keeps what it
//! read, so everything that shows the source (the source panel, coverage,
//! the HTML export) works on exactly the text the quotes were checked
//! against.

use std::sync::Arc;

/// What became of a map's `source` when the map was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SourceText {
    /// The map names no source.
    #[default]
    None,
    /// The source was read.
    Read {
        /// The `source` as the map writes it (a path relative to the map).
        name: String,
        /// The whole text.
        text: Arc<str>,
    },
    /// The map names a source that could not be read.
    Unreadable {
        /// The `source` as the map writes it.
        name: String,
        /// Why it could not be read, naming where it was looked for.
        reason: String,
    },
}

impl SourceText {
    /// The text, when it was read.
    pub fn text(&self) -> Option<&str> {
        match self {
            SourceText::Read { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The text, shared, when it was read.
    pub fn shared_text(&self) -> Option<Arc<str>> {
        match self {
            SourceText::Read { text, .. } => Some(Arc::clone(text)),
            _ => None,
        }
    }

    /// The `source` as the map writes it, when it names one.
    pub fn name(&self) -> Option<&str> {
        match self {
            SourceText::None => None,
            SourceText::Read { name, .. } | SourceText::Unreadable { name, .. } => Some(name),
        }
    }
}
