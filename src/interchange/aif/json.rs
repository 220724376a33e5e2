//! AIF JSON as serde reads and writes it, with the field names of AIFdb's
//! and OVA's JSON (`nodeID`, `text`, `type`, `timestamp`, `scheme`;
//! `edgeID`, `fromID`, `toID`, `formEdgeID`; `locutions`).
//!
//! Reading is lenient about value types: an id may be a string or an
//! integer (older exports write integers), and a field of the wrong type is
//! kept as [`Scalar::Other`] so that the importer can name the node or edge
//! it belongs to, rather than stopping at a bare line and column. Fields
//! this crate does not use are skipped unread, and strings without escapes
//! are borrowed from the text rather than copied.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A JSON value where AIF expects a string (or an integer id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar<'t> {
    /// A string.
    Str(Cow<'t, str>),
    /// An integer, as its decimal digits.
    Int(Cow<'t, str>),
    /// Anything else, named for messages ("null", "a list", "an object").
    Other(&'static str),
}

impl Scalar<'_> {
    /// What the value is, for messages: "a number", "a list".
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Str(_) => "a string",
            Scalar::Int(_) => "a number",
            Scalar::Other(kind) => kind,
        }
    }
}

impl<'de: 't, 't> Deserialize<'de> for Scalar<'t> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor<'t>(PhantomData<&'t ()>);

        impl<'de: 't, 't> Visitor<'de> for ScalarVisitor<'t> {
            type Value = Scalar<'t>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Str(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Str(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Str(Cow::Owned(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Int(Cow::Owned(v.to_string())))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Int(Cow::Owned(v.to_string())))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Other(
                    "a number that is not a whole number within range",
                ))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Other("true or false"))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Scalar<'t>, E> {
                Ok(Scalar::Other("null"))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'t>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other("a list"))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'t>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other("an object"))
            }
        }

        deserializer.deserialize_any(ScalarVisitor(PhantomData))
    }
}

/// Items of a JSON list, each named for messages when the list is not one.
pub(crate) trait Listed {
    /// What a list of these is called: "a list of nodes".
    const LIST: &'static str;
}

/// A JSON list of `T`, with an error that says what list was expected.
#[derive(Debug)]
pub(crate) struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de> + Listed> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de> + Listed> Visitor<'de> for ListVisitor<T> {
            type Value = List<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(T::LIST)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                // A size hint from the file is not trusted for more than a
                // modest first allocation.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(List(items))
            }
        }

        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

/// The top level of an AIF file. OVA and xAIF wrap the AIF part in an
/// `"AIF"` object; both shapes are read.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an AIF object, like {\"nodes\": [...], \"edges\": [...], \"locutions\": []}")]
pub(crate) struct RawFile<'t> {
    #[serde(default, borrow)]
    pub nodes: Option<List<RawNode<'t>>>,
    #[serde(default, borrow)]
    pub edges: Option<List<RawEdge<'t>>>,
    #[serde(default)]
    pub locutions: Option<List<RawLocution>>,
    /// The AIF part of an OVA or xAIF file.
    #[serde(default, borrow, rename = "AIF", alias = "aif")]
    pub wrapped: Option<Box<RawFile<'t>>>,
    /// What a reasonmap map has and AIF has not.
    #[serde(default)]
    pub reasonmap: Option<MapExtension>,
    /// Present in a reasonmap map written as JSON, for a hint.
    #[serde(default)]
    pub claims: Option<IgnoredAny>,
}

/// One node as read.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a node object, like {\"nodeID\": \"1\", \"text\": \"...\", \"type\": \"I\"}")]
pub(crate) struct RawNode<'t> {
    #[serde(default, borrow, rename = "nodeID")]
    pub id: Option<Scalar<'t>>,
    #[serde(default, borrow)]
    pub text: Option<Scalar<'t>>,
    #[serde(default, borrow, rename = "type")]
    pub kind: Option<Scalar<'t>>,
    #[serde(default, borrow)]
    pub scheme: Option<Scalar<'t>>,
    #[serde(default, borrow)]
    pub reasonmap: Option<RawNodeExtension<'t>>,
}

impl Listed for RawNode<'_> {
    const LIST: &'static str = "a list of nodes";
}

/// One edge as read.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an edge object, like {\"edgeID\": \"1\", \"fromID\": \"1\", \"toID\": \"2\"}")]
pub(crate) struct RawEdge<'t> {
    #[serde(default, borrow, rename = "edgeID")]
    pub id: Option<Scalar<'t>>,
    #[serde(default, borrow, rename = "fromID")]
    pub from: Option<Scalar<'t>>,
    #[serde(default, borrow, rename = "toID")]
    pub to: Option<Scalar<'t>>,
}

impl Listed for RawEdge<'_> {
    const LIST: &'static str = "a list of edges";
}

/// One locution as read; only counted.
#[derive(Debug, Deserialize)]
pub(crate) struct RawLocution {}

impl Listed for RawLocution {
    const LIST: &'static str = "a list of locutions";
}

/// The map's title, source and conclusions, which AIF has no fields for,
/// kept in a `"reasonmap"` object that AIF tools ignore.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct MapExtension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conclusion: Vec<String>,
}

/// A claim's or argument's reasonmap id (when it is not `n<nodeID>`), and
/// a claim's quote and implicit flag, in a `"reasonmap"` object on its node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct NodeExtension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub implicit: bool,
}

/// A node's `"reasonmap"` object as read, its strings borrowed from the
/// text where they can be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RawNodeExtension<'t> {
    #[serde(borrow)]
    pub id: Option<Cow<'t, str>>,
    #[serde(borrow)]
    pub quote: Option<Cow<'t, str>>,
    pub implicit: bool,
}

impl NodeExtension {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        *self == NodeExtension::default()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole AIF file as written.
#[derive(Debug, Serialize)]
pub(crate) struct OutFile<'m> {
    pub nodes: Vec<OutNode<'m>>,
    pub edges: Vec<OutEdge>,
    pub locutions: [(); 0],
    pub reasonmap: MapExtension,
}

/// One node as written.
#[derive(Debug, Serialize)]
pub(crate) struct OutNode<'m> {
    #[serde(rename = "nodeID")]
    pub id: String,
    pub text: &'m str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub timestamp: &'m str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<&'m str>,
    #[serde(skip_serializing_if = "NodeExtension::is_empty")]
    pub reasonmap: NodeExtension,
}

/// One edge as written; `formEdgeID` is always null, as in AIFdb's files.
#[derive(Debug, Serialize)]
pub(crate) struct OutEdge {
    #[serde(rename = "edgeID")]
    pub id: String,
    #[serde(rename = "fromID")]
    pub from: String,
    #[serde(rename = "toID")]
    pub to: String,
    #[serde(rename = "formEdgeID")]
    pub form_edge: Option<String>,
}
