//! The argument map: the types a map file is made of, loading them from RON,
//! validating them and deriving what follows from the graph (roles, lookups).
//!
//! This module knows nothing about drawing or egui. Everything downstream
//! (layout, scene, renderers, the app) reads a [`Map`] through a [`MapIndex`].

pub mod diagnostic;
pub mod index;
pub mod load;
pub mod validate;

use serde::{Deserialize, Serialize};

pub use diagnostic::{Diagnostic, Severity};
pub use index::{MapIndex, Role, Target};
pub use load::{
    CheckedMap, LoadError, LoadedMap, ParsedMap, check_map_bytes, check_map_file, check_map_str,
    load_map_file, load_map_str,
};
pub use validate::Summary;

/// A whole argument map, exactly as written in a `.ron` map file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Title shown in the window title and above exported images.
    pub title: String,
    /// Path of the source text the claims quote, relative to the map file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Id of the main conclusion, drawn at the top of the map.
    pub conclusion: String,
    /// Every claim of the map, in the order the author wrote them.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Every inference (support or attack) of the map, in file order.
    #[serde(default)]
    pub arguments: Vec<Argument>,
}

/// One statement of the argument.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable identifier, unique among claims and arguments.
    pub id: String,
    /// The claim in the analyst's words; this is what the box shows.
    pub text: String,
    /// The exact passage of the source text that states the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// True for an unstated premise that the analyst supplies.
    #[serde(default, skip_serializing_if = "is_false")]
    pub implicit: bool,
}

/// One inference: premises that together support or attack a target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// Stable identifier, unique among claims and arguments.
    pub id: String,
    /// Claim ids; two or more are co-premises that only work together.
    pub premises: Vec<String>,
    /// A claim id, or another argument's id (an attack on it is an undercut).
    pub target: String,
    /// Whether the premises support or attack the target.
    pub kind: ArgumentKind,
    /// Optional name of the argument scheme ("example", "cause to effect").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

/// Whether an argument speaks for or against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArgumentKind {
    /// The premises give a reason for the target.
    Support,
    /// The premises object to the target.
    Attack,
}

impl Claim {
    /// A stated claim with no quote.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            quote: None,
            implicit: false,
        }
    }
}

impl Argument {
    /// An argument with no scheme label.
    pub fn new<P: Into<String>>(
        id: impl Into<String>,
        premises: impl IntoIterator<Item = P>,
        target: impl Into<String>,
        kind: ArgumentKind,
    ) -> Self {
        Self {
            id: id.into(),
            premises: premises.into_iter().map(Into::into).collect(),
            target: target.into(),
            kind,
            scheme: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
