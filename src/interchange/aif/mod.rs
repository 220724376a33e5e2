//! AIF, the Argument Interchange Format, in the JSON that AIFdb and OVA
//! write: [`import`] reads it as a [`Map`](crate::model::Map), [`export`]
//! writes a map as it. `docs/aif.md` has the mapping, node type by node
//! type, and what is left out.

mod export;
mod import;
mod json;
mod report;

pub use export::{ExportOptions, default_label, export, timestamp};
pub use import::{ImportOptions, Imported, QuoteSource, import};
pub use report::{AifError, DialogueSkipped, ImportNote, ImportReport, NoteKind, QuoteReport};
