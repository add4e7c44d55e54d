//! The JSON form of `DynamicValue` (and of raw state): plain JSON directed by the
//! [`Type`]. It cannot carry unknown values.
//!
//! Decoding uses our own tokenizer (see `json_reader`) so numbers keep their
//! exact text; encoding builds a `serde_json::Value`, whose float output is the
//! shortest text that reads back as the same `f64`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::error::{AttrPath, PathStep, ValueError};
use super::json_reader::Reader;
use super::number::Number;
use super::types::Type;
use super::value::{Value, attr_type, check_depth, check_number, duplicate, mismatch};
use crate::diagnostics::quote;

/// Decodes a JSON `DynamicValue` (or raw state) of type `ty`.
///
/// Objects are JSON objects (absent attributes decode as null, unknown or
/// repeated ones are errors naming them), lists and sets are arrays, maps are
/// objects, null is `null`. Like cty's own JSON decoder, a number may also come
/// as a decimal string and a string as a number or bool literal (kept as its
/// text); a bool may come as `"true"`/`"false"`. Numbers follow
/// [`Number::parse`]: exact in the `i64`/`u64` range, otherwise the correctly
/// rounded `f64`. Invalid JSON and trailing data are errors.
pub fn decode_json(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let mut reader = Reader::new(bytes);
    let value = read_value(&mut reader, ty, &mut Vec::new(), 0)?;
    if !reader.at_end() {
        return Err(ValueError::at_root(format!(
            "trailing data after the JSON value at byte {}",
            reader.position()
        )));
    }
    Ok(value)
}

/// Reads one JSON value of type `ty`. Nesting follows the type, so the
/// recursion is bounded by [`MAX_DEPTH`](super::MAX_DEPTH) whatever the input.
fn read_value(
    r: &mut Reader<'_>,
    ty: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Value, ValueError> {
    check_depth(path, depth)?;
    match r.peek() {
        None => Err(r.syntax(path, "unexpected end of input")),
        Some(b'n') => r.null(path).map(|()| Value::Null),
        Some(b't' | b'f') => {
            let b = r.boolean(path)?;
            match ty {
                Type::Bool => Ok(Value::Bool(b)),
                Type::String => Ok(Value::String(b.to_string())),
                _ => Err(mismatch(path, ty, "boolean")),
            }
        }
        Some(b'"') => {
            let s = r.string(path)?;
            string_as(s, ty, path)
        }
        Some(b'-' | b'0'..=b'9') => {
            let text = r.number(path)?;
            match ty {
                Type::Number => Number::parse(text).map(Value::Number).ok_or_else(|| {
                    ValueError::new(
                        AttrPath::from(path.as_slice()),
                        format!("number {text} is out of range"),
                    )
                }),
                Type::String => Ok(Value::String(text.to_owned())),
                _ => Err(mismatch(path, ty, "number")),
            }
        }
        Some(b'[') => match ty {
            Type::List(elem) => read_elements(r, elem, path, depth).map(Value::List),
            Type::Set(elem) => read_elements(r, elem, path, depth).map(Value::Set),
            _ => Err(mismatch(path, ty, "array")),
        },
        Some(b'{') => match ty {
            Type::Map(elem) => read_map(r, elem, path, depth),
            Type::Object(attr_types) => read_object(r, attr_types, path, depth),
            _ => Err(mismatch(path, ty, "object")),
        },
        Some(_) => Err(r.syntax(path, "expected a JSON value")),
    }
}

/// A JSON string read for type `ty`, with cty's leniency for numbers and bools.
fn string_as(s: String, ty: &Type, path: &[PathStep]) -> Result<Value, ValueError> {
    match ty {
        Type::String => Ok(Value::String(s)),
        Type::Number => Number::parse(&s).map(Value::Number).ok_or_else(|| {
            ValueError::new(
                AttrPath::from(path),
                format!(
                    "expected number, found string {} that is not a finite number",
                    quote(&s)
                ),
            )
        }),
        Type::Bool => match s.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(ValueError::new(
                AttrPath::from(path),
                format!("expected bool, found string {}", quote(&s)),
            )),
        },
        _ => Err(mismatch(path, ty, "string")),
    }
}

/// Reads the elements of a list or set.
fn read_elements(
    r: &mut Reader<'_>,
    elem: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Vec<Value>, ValueError> {
    r.expect(b'[', path)?;
    let mut out = Vec::new();
    if r.eat(b']') {
        return Ok(out);
    }
    loop {
        path.push(PathStep::Index(out.len()));
        let item = read_value(r, elem, path, depth + 1);
        path.pop();
        out.push(item?);
        if !r.eat(b',') {
            r.expect(b']', path)?;
            return Ok(out);
        }
    }
}

/// Reads the members of a JSON object, handing each key to `member`, which
/// must consume the member's value.
fn read_members(
    r: &mut Reader<'_>,
    path: &mut Vec<PathStep>,
    mut member: impl FnMut(&mut Reader<'_>, String, &mut Vec<PathStep>) -> Result<(), ValueError>,
) -> Result<(), ValueError> {
    r.expect(b'{', path)?;
    if r.eat(b'}') {
        return Ok(());
    }
    loop {
        if r.peek() != Some(b'"') {
            return Err(r.syntax(path, "expected a string key"));
        }
        let key = r.string(path)?;
        r.expect(b':', path)?;
        member(r, key, path)?;
        if !r.eat(b',') {
            return r.expect(b'}', path);
        }
    }
}

/// Reads a map; a repeated key is an error rather than a silent overwrite.
fn read_map(
    r: &mut Reader<'_>,
    elem: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Value, ValueError> {
    let mut out = BTreeMap::new();
    read_members(r, path, |r, key, path| {
        path.push(PathStep::Key(key.clone()));
        let item = read_value(r, elem, path, depth + 1);
        path.pop();
        if out.insert(key.clone(), item?).is_some() {
            return Err(duplicate(path, "map key", &key));
        }
        Ok(())
    })?;
    Ok(Value::Map(out))
}

/// Reads an object: attributes outside the type are errors naming them, and
/// absent ones are null (as in cty's JSON decoder).
fn read_object(
    r: &mut Reader<'_>,
    attr_types: &BTreeMap<String, Type>,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Value, ValueError> {
    let mut out = BTreeMap::new();
    read_members(r, path, |r, name, path| {
        let attr_ty = attr_type(attr_types, &name, path)?;
        path.push(PathStep::Attr(name.clone()));
        let item = read_value(r, attr_ty, path, depth + 1);
        path.pop();
        if out.insert(name.clone(), item?).is_some() {
            return Err(duplicate(path, "attribute", &name));
        }
        Ok(())
    })?;
    for name in attr_types.keys() {
        out.entry(name.clone()).or_insert(Value::Null);
    }
    Ok(Value::Object(out))
}

/// Encodes `value` as a JSON `DynamicValue` of type `ty`.
///
/// Every attribute of an object type is written (absent ones as `null`).
/// Numbers are JSON numbers: integers exactly, floats as their shortest
/// round-trip decimal. Errors, naming the path, on an unknown value anywhere
/// (JSON has no form for it), on an infinite number, and on a value that does
/// not fit the type.
pub fn encode_json(value: &Value, ty: &Type) -> Result<Vec<u8>, ValueError> {
    let json = to_json(value, ty, &mut Vec::new(), 0)?;
    serde_json::to_vec(&json).map_err(|e| ValueError::at_root(format!("JSON write failed: {e}")))
}

/// Builds the JSON for one value of type `ty`.
fn to_json(
    value: &Value,
    ty: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Json, ValueError> {
    check_depth(path, depth)?;
    match (value, ty) {
        (Value::Null, _) => Ok(Json::Null),
        (Value::Unknown, _) => Err(ValueError::new(
            AttrPath::from(path.as_slice()),
            "unknown value cannot be encoded as JSON",
        )),
        (Value::String(s), Type::String) => Ok(Json::String(s.clone())),
        (Value::Number(n), Type::Number) => number_to_json(*n, path),
        (Value::Bool(b), Type::Bool) => Ok(Json::Bool(*b)),
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                let r = to_json(item, elem, path, depth + 1);
                path.pop();
                out.push(r?);
            }
            Ok(Json::Array(out))
        }
        (Value::Map(entries), Type::Map(elem)) => {
            let mut out = serde_json::Map::new();
            for (key, item) in entries {
                path.push(PathStep::Key(key.clone()));
                let r = to_json(item, elem, path, depth + 1);
                path.pop();
                out.insert(key.clone(), r?);
            }
            Ok(Json::Object(out))
        }
        (Value::Object(attrs), Type::Object(attr_types)) => {
            for name in attrs.keys() {
                attr_type(attr_types, name, path)?;
            }
            let mut out = serde_json::Map::new();
            for (name, attr_ty) in attr_types {
                let item = attrs.get(name).unwrap_or(&Value::Null);
                path.push(PathStep::Attr(name.clone()));
                let r = to_json(item, attr_ty, path, depth + 1);
                path.pop();
                out.insert(name.clone(), r?);
            }
            Ok(Json::Object(out))
        }
        _ => Err(mismatch(path, ty, value.kind_name())),
    }
}

/// A number as JSON; JSON has no infinity (and Terraform no NaN).
fn number_to_json(n: Number, path: &[PathStep]) -> Result<Json, ValueError> {
    check_number(n, path)?;
    match n.normalized() {
        Number::Int(i) => Ok(Json::from(i)),
        Number::UInt(u) => Ok(Json::from(u)),
        Number::Float(f) => serde_json::Number::from_f64(f)
            .map(Json::Number)
            .ok_or_else(|| {
                ValueError::new(
                    AttrPath::from(path),
                    format!("number {f} cannot be written as JSON"),
                )
            }),
    }
}
