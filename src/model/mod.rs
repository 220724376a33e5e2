//! The argument map: the types a map file is made of, loading them from RON,
//! validating them and deriving what follows from the graph (roles, lookups).
//!
//! This module knows nothing about drawing or egui. Everything downstream
//! (layout, scene, renderers, the app) reads a [`Map`] through a [`MapIndex`].

pub mod diagnostic;
pub mod index;
pub mod load;
pub mod quote;
pub mod source_text;
pub mod validate;

use serde::{Deserialize, Serialize};

pub use diagnostic::{Diagnostic, Severity};
pub use index::{MapIndex, Role, Target};
pub use load::{
    CheckedMap, LoadError, LoadedMap, ParsedMap, check_map, check_map_bytes, check_map_file,
    check_map_str, load_map_file, load_map_str,
};
pub use quote::{QuoteText, collapse_whitespace};
pub use source_text::SourceText;
pub use validate::{Summary, closest_id};

/// A whole argument map, exactly as written in a `.ron` map file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// Title shown in the window title and above exported images.
    pub title: String,
    /// Path of the source text the claims quote, relative to the map file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Ids of the map's conclusions, the main one first. Written
    /// `conclusion: "id"`, `conclusion: ["main", "other"]`, or left out; a
    /// map that names none takes the claims that bear on nothing (see
    /// [`MapIndex::conclusions`]).
    #[serde(
        default,
        rename = "conclusion",
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "one_or_many::serialize",
        deserialize_with = "one_or_many::deserialize"
    )]
    pub conclusions: Vec<String>,
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

/// One inference: premises that together support or attack a target, or
/// one claim that restates another.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// Stable identifier, unique among claims and arguments.
    pub id: String,
    /// Claim ids; two or more are co-premises that only work together.
    pub premises: Vec<String>,
    /// A claim id, or another argument's id (an attack on it is an undercut).
    pub target: String,
    /// Whether the premises support, attack or restate the target.
    pub kind: ArgumentKind,
    /// Optional name of the argument scheme ("example", "cause to effect").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

/// Whether an argument speaks for or against its target, or restates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArgumentKind {
    /// The premises give a reason for the target.
    Support,
    /// The premises object to the target.
    Attack,
    /// The one premise says the same as the target claim in other words.
    /// It is no reason for it, and a circle of rephrases is no circular
    /// support.
    Rephrase,
}

impl ArgumentKind {
    /// The verb for messages: "supports", "attacks", "restates".
    pub fn verb(self) -> &'static str {
        match self {
            ArgumentKind::Support => "supports",
            ArgumentKind::Attack => "attacks",
            ArgumentKind::Rephrase => "restates",
        }
    }
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

impl Map {
    /// The id of the main conclusion as the map names it, if it names one.
    pub fn main_conclusion(&self) -> Option<&str> {
        self.conclusions.first().map(String::as_str)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `conclusion` is written as one id or as a list of ids.
mod one_or_many {
    use std::fmt;

    use serde::de::{self, SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ids: &[String], serializer: S) -> Result<S::Ok, S::Error> {
        match ids {
            [one] => serializer.serialize_str(one),
            many => serializer.collect_seq(many),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<String>, D::Error> {
        struct OneOrMany;

        impl<'de> Visitor<'de> for OneOrMany {
            type Value = Vec<String>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a claim id or a list of claim ids, like \"c1\" or [\"c1\", \"c2\"]")
            }

            fn visit_str<E: de::Error>(self, id: &str) -> Result<Self::Value, E> {
                Ok(vec![id.to_owned()])
            }

            fn visit_string<E: de::Error>(self, id: String) -> Result<Self::Value, E> {
                Ok(vec![id])
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(ids)
            }
        }

        deserializer.deserialize_any(OneOrMany)
    }
}
