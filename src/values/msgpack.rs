//! The msgpack form of `DynamicValue`, the one Terraform normally sends.
//!
//! Decoding reads the whole input with `rmpv` and then walks the tree directed by
//! the [`Type`]; encoding writes with `rmp`, also directed by the type, so the
//! bytes are what cty itself would produce (object attributes and map keys in
//! sorted order, every object attribute present, unknown as `d4 00 00`).

use std::collections::BTreeMap;
use std::fmt::Display;

use rmpv::Value as Wire;

use super::error::{AttrPath, PathStep, ValueError};
use super::number::Number;
use super::types::Type;
use super::value::{Value, attr_type, check_depth, check_number, duplicate, mismatch};
use crate::diagnostics::quote;

/// cty's extension code for a plain unknown value (payload: one zero byte).
const EXT_UNKNOWN: i8 = 0;
/// cty's extension code for a refined unknown (payload: a msgpack map of
/// refinements, Terraform ≥ 1.6). The payload is not interpreted.
const EXT_REFINED_UNKNOWN: i8 = 12;

/// The depth limit handed to `rmpv`, which counts two or three of its own
/// levels per msgpack nesting level; this lets through a little more than our
/// own [`MAX_DEPTH`](super::MAX_DEPTH), so the type-directed walk reports the
/// depth error with a path, while still bounding rmpv's recursion.
const RMPV_MAX_DEPTH: usize = 2 * super::MAX_DEPTH + 8;

/// Decodes a msgpack `DynamicValue` of type `ty`.
///
/// Accepts what Terraform sends: any integer width, f32 or f64, or a decimal
/// string for numbers (see [`Number::parse`]); nil for null; extension 0 or 12
/// for unknown; objects as maps with a subset of the attributes (absent ones
/// decode as null). Errors on truncated input, trailing bytes, nesting deeper
/// than [`MAX_DEPTH`](super::MAX_DEPTH), attributes outside the type, and any
/// kind mismatch, always naming the path.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, ValueError> {
    let mut rest = bytes;
    let wire =
        rmpv::decode::read_value_with_max_depth(&mut rest, RMPV_MAX_DEPTH).map_err(read_error)?;
    if !rest.is_empty() {
        return Err(ValueError::at_root(format!(
            "{} trailing bytes after the msgpack value",
            rest.len()
        )));
    }
    from_wire(&wire, ty, &mut Vec::new(), 0)
}

/// Describes an `rmpv` read failure; running out of input is by far the most
/// likely cause, so it gets a plain message.
fn read_error(e: rmpv::decode::Error) -> ValueError {
    use rmpv::decode::Error as E;
    match e {
        E::DepthLimitExceeded => ValueError::at_root(format!(
            "msgpack nested deeper than {} levels",
            super::MAX_DEPTH
        )),
        E::InvalidMarkerRead(io) | E::InvalidDataRead(io)
            if io.kind() == std::io::ErrorKind::UnexpectedEof =>
        {
            ValueError::at_root("truncated msgpack input")
        }
        other => ValueError::at_root(format!("invalid msgpack: {other}")),
    }
}

/// Converts one decoded msgpack item into a [`Value`] of type `ty`.
fn from_wire(
    wire: &Wire,
    ty: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Value, ValueError> {
    check_depth(path, depth)?;
    // Null and unknown are valid for every type, so they are settled first.
    match wire {
        Wire::Nil => return Ok(Value::Null),
        Wire::Ext(EXT_UNKNOWN | EXT_REFINED_UNKNOWN, _) => return Ok(Value::Unknown),
        Wire::Ext(code, _) => {
            return Err(ValueError::new(
                AttrPath::from(path.as_slice()),
                format!(
                    "unsupported msgpack extension type {code} (only 0 and 12, unknown values, exist)"
                ),
            ));
        }
        _ => {}
    }
    match (ty, wire) {
        (Type::String, Wire::String(s)) => match s.as_str() {
            Some(s) => Ok(Value::String(s.to_owned())),
            None => Err(ValueError::new(
                AttrPath::from(path.as_slice()),
                "string is not valid UTF-8",
            )),
        },
        (Type::Number, _) => number_from_wire(wire, path).map(Value::Number),
        (Type::Bool, Wire::Boolean(b)) => Ok(Value::Bool(*b)),
        (Type::List(elem), Wire::Array(items)) => {
            elements_from_wire(items, elem, path, depth).map(Value::List)
        }
        (Type::Set(elem), Wire::Array(items)) => {
            elements_from_wire(items, elem, path, depth).map(Value::Set)
        }
        (Type::Map(elem), Wire::Map(entries)) => {
            let mut out = BTreeMap::new();
            for (key, item) in entries {
                let key = wire_key(key, path, "map key")?;
                path.push(PathStep::Key(key.to_owned()));
                let decoded = from_wire(item, elem, path, depth + 1);
                path.pop();
                if out.insert(key.to_owned(), decoded?).is_some() {
                    return Err(duplicate(path, "map key", key));
                }
            }
            Ok(Value::Map(out))
        }
        (Type::Object(attr_types), Wire::Map(entries)) => {
            let mut out = BTreeMap::new();
            for (key, item) in entries {
                let name = wire_key(key, path, "attribute name")?;
                let attr_ty = attr_type(attr_types, name, path)?;
                path.push(PathStep::Attr(name.to_owned()));
                let decoded = from_wire(item, attr_ty, path, depth + 1);
                path.pop();
                if out.insert(name.to_owned(), decoded?).is_some() {
                    return Err(duplicate(path, "attribute", name));
                }
            }
            // Terraform sends every attribute, but an absent one can only mean
            // null, and accepting it keeps hand-built inputs (and tests) short.
            for name in attr_types.keys() {
                out.entry(name.clone()).or_insert(Value::Null);
            }
            Ok(Value::Object(out))
        }
        _ => Err(mismatch(path, ty, &wire_kind(wire))),
    }
}

/// Decodes the elements of a list or set.
fn elements_from_wire(
    items: &[Wire],
    elem: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<Vec<Value>, ValueError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        path.push(PathStep::Index(i));
        let decoded = from_wire(item, elem, path, depth + 1);
        path.pop();
        out.push(decoded?);
    }
    Ok(out)
}

/// Decodes a number in any of the forms cty writes: int, float, or decimal
/// text when the number fits neither exactly.
fn number_from_wire(wire: &Wire, path: &[PathStep]) -> Result<Number, ValueError> {
    let here = || AttrPath::from(path);
    match wire {
        Wire::Integer(i) => match (i.as_i64(), i.as_u64()) {
            (Some(i), _) => Ok(Number::Int(i)),
            (None, Some(u)) => Ok(Number::from_u64(u)),
            // rmpv integers are always an i64 or a u64; kept total anyway.
            (None, None) => Err(ValueError::new(here(), "integer out of range")),
        },
        Wire::F32(f) => float_number(f64::from(*f), path),
        Wire::F64(f) => float_number(*f, path),
        Wire::String(s) => match s.as_str() {
            Some(text) => Number::parse(text).ok_or_else(|| {
                ValueError::new(
                    here(),
                    format!(
                        "expected number, found string {} that is not a finite number",
                        quote(text)
                    ),
                )
            }),
            None => Err(ValueError::new(here(), "number string is not valid UTF-8")),
        },
        other => Err(mismatch(path, &Type::Number, &wire_kind(other))),
    }
}

/// A float from the wire, normalised; NaN has no Terraform meaning.
fn float_number(f: f64, path: &[PathStep]) -> Result<Number, ValueError> {
    let n = Number::from_f64(f);
    check_number(n, path)?;
    Ok(n)
}

/// A map key or attribute name, which cty always writes as a msgpack string.
fn wire_key<'w>(key: &'w Wire, path: &[PathStep], what: &str) -> Result<&'w str, ValueError> {
    match key {
        Wire::String(s) => s.as_str().ok_or_else(|| {
            ValueError::new(AttrPath::from(path), format!("{what} is not valid UTF-8"))
        }),
        other => Err(ValueError::new(
            AttrPath::from(path),
            format!("expected string {what}, found {}", wire_kind(other)),
        )),
    }
}

/// What a msgpack item is, for "found ..." in error messages.
fn wire_kind(wire: &Wire) -> String {
    match wire {
        Wire::Nil => "nil".into(),
        Wire::Boolean(_) => "boolean".into(),
        Wire::Integer(_) => "integer".into(),
        Wire::F32(_) | Wire::F64(_) => "float".into(),
        Wire::String(_) => "string".into(),
        Wire::Binary(_) => "binary".into(),
        Wire::Array(_) => "array".into(),
        Wire::Map(_) => "map".into(),
        Wire::Ext(code, _) => format!("extension type {code}"),
    }
}

/// Encodes `value` as a msgpack `DynamicValue` of type `ty`.
///
/// Every attribute of an object type is written (absent ones as nil), in sorted
/// order like cty. Numbers: integers as the smallest msgpack int; integral
/// floats in the `i64`/`u64` range as ints; other finite fractional floats as
/// their shortest decimal text (e.g. `"0.1"`), which Terraform reads back as
/// exactly the decimal a configuration would contain, where an f64 would be
/// `0.1000000000000000055...` and fail Terraform's consistency checks; the
/// remaining floats (huge integral ones, infinities) as f64. Errors, naming the
/// path, on a value that does not fit the type (see [`Value::conforms_to`]).
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, ValueError> {
    let mut out = Vec::new();
    write_value(&mut out, value, ty, &mut Vec::new(), 0)?;
    Ok(out)
}

/// Writes one value of type `ty`.
fn write_value(
    out: &mut Vec<u8>,
    value: &Value,
    ty: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<(), ValueError> {
    check_depth(path, depth)?;
    match (value, ty) {
        (Value::Null, _) => wrote(rmp::encode::write_nil(out)),
        (Value::Unknown, _) => {
            // Exactly cty's form: fixext1, type 0, payload byte 0.
            wrote(rmp::encode::write_ext_meta(out, 1, EXT_UNKNOWN))?;
            out.push(0);
            Ok(())
        }
        (Value::String(s), Type::String) => wrote(rmp::encode::write_str(out, s)),
        (Value::Number(n), Type::Number) => {
            check_number(*n, path)?;
            write_number(out, *n)
        }
        (Value::Bool(b), Type::Bool) => wrote(rmp::encode::write_bool(out, *b)),
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => {
            wrote(rmp::encode::write_array_len(
                out,
                wire_len(items.len(), path)?,
            ))?;
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                let r = write_value(out, item, elem, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        (Value::Map(entries), Type::Map(elem)) => {
            wrote(rmp::encode::write_map_len(
                out,
                wire_len(entries.len(), path)?,
            ))?;
            for (key, item) in entries {
                wrote(rmp::encode::write_str(out, key))?;
                path.push(PathStep::Key(key.clone()));
                let r = write_value(out, item, elem, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        (Value::Object(attrs), Type::Object(attr_types)) => {
            // Reject strays first: the loop below only visits the type's attributes.
            for name in attrs.keys() {
                attr_type(attr_types, name, path)?;
            }
            wrote(rmp::encode::write_map_len(
                out,
                wire_len(attr_types.len(), path)?,
            ))?;
            for (name, attr_ty) in attr_types {
                wrote(rmp::encode::write_str(out, name))?;
                let item = attrs.get(name).unwrap_or(&Value::Null);
                path.push(PathStep::Attr(name.clone()));
                let r = write_value(out, item, attr_ty, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        _ => Err(mismatch(path, ty, value.kind_name())),
    }
}

/// Writes a number in the forms documented on [`encode_msgpack`].
fn write_number(out: &mut Vec<u8>, n: Number) -> Result<(), ValueError> {
    match n.normalized() {
        Number::Int(i) => wrote(rmp::encode::write_sint(out, i)),
        Number::UInt(u) => wrote(rmp::encode::write_uint(out, u)),
        Number::Float(f) if f.is_finite() && f.fract() != 0.0 => {
            wrote(rmp::encode::write_str(out, &n.to_string()))
        }
        Number::Float(f) => wrote(rmp::encode::write_f64(out, f)),
    }
}

/// A collection length as msgpack's u32.
fn wire_len(len: usize, path: &[PathStep]) -> Result<u32, ValueError> {
    u32::try_from(len).map_err(|_| {
        ValueError::new(
            AttrPath::from(path),
            format!("{len} elements is more than msgpack can hold"),
        )
    })
}

/// Maps an `rmp` write result to ours. Writing into a `Vec` cannot fail, but
/// the signature says it might, and a panic is never the answer.
fn wrote<T, E: Display>(r: Result<T, E>) -> Result<(), ValueError> {
    r.map(|_| ())
        .map_err(|e| ValueError::at_root(format!("msgpack write failed: {e}")))
}
