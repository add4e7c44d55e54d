//! The subset of cty types that this provider's schemas use, and their JSON form.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use super::error::{AttrPath, ValueError};
use crate::diagnostics::quote;

/// A Terraform (cty) type: what a schema attribute holds, and what directs decoding.
///
/// `dynamic` and tuples are deliberately absent: a dynamic value travels with its
/// own type on the wire, which [`Value`](super::Value) has no room for, and no
/// schema of this provider needs either.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `"string"`
    String,
    /// `"number"`: arbitrary precision in Terraform, see [`Number`](super::Number).
    Number,
    /// `"bool"`
    Bool,
    /// `["list", T]`
    List(Box<Type>),
    /// `["set", T]`
    Set(Box<Type>),
    /// `["map", T]`: string keys.
    Map(Box<Type>),
    /// `["object", {"attr": T, ...}]`
    Object(BTreeMap<String, Type>),
}

impl Type {
    /// A list of `element`.
    pub fn list(element: Type) -> Type {
        Type::List(Box::new(element))
    }

    /// A set of `element`.
    pub fn set(element: Type) -> Type {
        Type::Set(Box::new(element))
    }

    /// A map of `element` (keys are strings).
    pub fn map(element: Type) -> Type {
        Type::Map(Box::new(element))
    }

    /// An object with the given attributes.
    pub fn object<'a>(attrs: impl IntoIterator<Item = (&'a str, Type)>) -> Type {
        Type::Object(
            attrs
                .into_iter()
                .map(|(name, ty)| (name.to_owned(), ty))
                .collect(),
        )
    }

    /// The short name used in error messages: `string`, `list`, `object`...
    pub fn kind_name(&self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Number => "number",
            Type::Bool => "bool",
            Type::List(_) => "list",
            Type::Set(_) => "set",
            Type::Map(_) => "map",
            Type::Object(_) => "object",
        }
    }

    /// The cty type JSON, e.g. `["list", "string"]`.
    pub fn to_json(&self) -> Json {
        match self {
            Type::String => json!("string"),
            Type::Number => json!("number"),
            Type::Bool => json!("bool"),
            Type::List(t) => json!(["list", t.to_json()]),
            Type::Set(t) => json!(["set", t.to_json()]),
            Type::Map(t) => json!(["map", t.to_json()]),
            Type::Object(attrs) => {
                let attrs: serde_json::Map<String, Json> = attrs
                    .iter()
                    .map(|(name, ty)| (name.clone(), ty.to_json()))
                    .collect();
                json!(["object", attrs])
            }
        }
    }

    /// The cty type JSON as bytes: what `Schema.Attribute.type` carries.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        // Serialising a serde_json::Value into a Vec cannot fail (no I/O, string keys).
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }

    /// Parses cty type JSON. `"dynamic"` and tuples are rejected (see [`Type`]).
    pub fn from_json(json: &Json) -> Result<Type, ValueError> {
        from_json_at(json, &mut Vec::new(), 0)
    }

    /// Parses cty type JSON from bytes.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Type, ValueError> {
        let json: Json = serde_json::from_slice(bytes)
            .map_err(|e| ValueError::at_root(format!("invalid type JSON: {e}")))?;
        Type::from_json(&json)
    }
}

/// Recursive worker of [`Type::from_json`]; the path names the object attribute
/// being parsed so a bad nested type is easy to find.
fn from_json_at(
    json: &Json,
    path: &mut Vec<super::PathStep>,
    depth: usize,
) -> Result<Type, ValueError> {
    let err = |path: &[super::PathStep], msg: String| ValueError::new(AttrPath::from(path), msg);
    if depth > super::MAX_DEPTH {
        return Err(err(
            path,
            format!("type nested deeper than {} levels", super::MAX_DEPTH),
        ));
    }
    match json {
        Json::String(name) => match name.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "dynamic" => Err(err(path, "type \"dynamic\" is not supported".into())),
            other => Err(err(path, format!("unknown type name {}", quote(other)))),
        },
        Json::Array(items) => match items.as_slice() {
            [Json::String(kind), inner] => match kind.as_str() {
                "list" => Ok(Type::list(from_json_at(inner, path, depth + 1)?)),
                "set" => Ok(Type::set(from_json_at(inner, path, depth + 1)?)),
                "map" => Ok(Type::map(from_json_at(inner, path, depth + 1)?)),
                "object" => {
                    let Json::Object(attrs) = inner else {
                        return Err(err(
                            path,
                            "object type needs a JSON object of attributes".into(),
                        ));
                    };
                    let mut out = BTreeMap::new();
                    for (name, ty) in attrs {
                        path.push(super::PathStep::Attr(name.clone()));
                        let parsed = from_json_at(ty, path, depth + 1);
                        path.pop();
                        out.insert(name.clone(), parsed?);
                    }
                    Ok(Type::Object(out))
                }
                other => Err(err(path, format!("unsupported type kind {other:?}"))),
            },
            _ => Err(err(path, "expected [kind, argument] type array".into())),
        },
        _ => Err(err(
            path,
            "expected a type name or [kind, argument] array".into(),
        )),
    }
}
