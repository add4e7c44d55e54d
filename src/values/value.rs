//! Terraform values as the provider sees them, independent of the wire format.

use std::collections::BTreeMap;

use super::error::{AttrPath, PathStep, ValueError};
use super::number::Number;
use super::types::Type;
use crate::diagnostics::quote;

/// A Terraform (cty) value. It does not carry its type: the schema's [`Type`]
/// directs decoding and encoding.
///
/// `Null` and `Unknown` may stand anywhere a value of any type can. Refinements
/// of an unknown (Terraform ≥ 1.6: "not null", string prefix, bounds) are
/// dropped on decoding: a provider may always answer with a plain unknown.
///
/// Equality is structural, except that numbers compare by value (see
/// [`Number`]) and set elements compare in order (sets are plain vectors).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A null of any type.
    Null,
    /// A value not known until apply.
    Unknown,
    /// A known string.
    String(String),
    /// A known number.
    Number(Number),
    /// A known bool.
    Bool(bool),
    /// A known list.
    List(Vec<Value>),
    /// A known set, in the order received; duplicates are not detected.
    Set(Vec<Value>),
    /// A known map.
    Map(BTreeMap<String, Value>),
    /// A known object. Attributes absent here encode as null.
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// An object value from attribute names and values.
    pub fn object<K: Into<String>>(attrs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(attrs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A map value from keys and values.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// True for `Null` (not for a known value that contains nulls).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// True for `Unknown` itself (not for a known value that contains unknowns).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// True when no `Unknown` appears anywhere in this value ("wholly known").
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(items) | Value::Set(items) => items.iter().all(Value::is_known),
            Value::Map(entries) | Value::Object(entries) => entries.values().all(Value::is_known),
            _ => true,
        }
    }

    /// The named attribute of an object; `None` for other values or an absent attribute.
    pub fn attr(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(attrs) => attrs.get(name),
            _ => None,
        }
    }

    /// The string, if this is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a known number.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as `i64`, if this is a known integral number in that range.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as the nearest `f64`, if this is a known number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::as_f64)
    }

    /// The bool, if this is a known bool.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, if this is a known list or set.
    pub fn elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Set(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if this is a known map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The attributes, if this is a known object.
    pub fn as_object(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Object(attrs) => Some(attrs),
            _ => None,
        }
    }

    /// The short name used in error messages: `null`, `unknown`, `string`...
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Unknown => "unknown",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
        }
    }

    /// Checks that this value fits `ty` exactly as the encoders require: same
    /// kind at every level (a `List` is not a `Set`), no attribute outside the
    /// object type (absent ones are fine: they encode as null), no NaN.
    pub fn conforms_to(&self, ty: &Type) -> Result<(), ValueError> {
        conforms_at(self, ty, &mut Vec::new(), 0)
    }
}

/// Recursive worker of [`Value::conforms_to`], tracking the path for errors.
fn conforms_at(
    value: &Value,
    ty: &Type,
    path: &mut Vec<PathStep>,
    depth: usize,
) -> Result<(), ValueError> {
    check_depth(path, depth)?;
    match (value, ty) {
        (Value::Null | Value::Unknown, _) => Ok(()),
        (Value::String(_), Type::String) | (Value::Bool(_), Type::Bool) => Ok(()),
        (Value::Number(n), Type::Number) => check_number(*n, path),
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                let r = conforms_at(item, elem, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        (Value::Map(entries), Type::Map(elem)) => {
            for (key, item) in entries {
                path.push(PathStep::Key(key.clone()));
                let r = conforms_at(item, elem, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        (Value::Object(attrs), Type::Object(attr_types)) => {
            for (name, item) in attrs {
                let attr_ty = attr_type(attr_types, name, path)?;
                path.push(PathStep::Attr(name.clone()));
                let r = conforms_at(item, attr_ty, path, depth + 1);
                path.pop();
                r?;
            }
            Ok(())
        }
        _ => Err(mismatch(path, ty, value.kind_name())),
    }
}

/// The error for a value (or wire item) of the wrong kind.
pub(crate) fn mismatch(path: &[PathStep], ty: &Type, found: &str) -> ValueError {
    ValueError::new(
        AttrPath::from(path),
        format!("expected {}, found {found}", ty.kind_name()),
    )
}

/// The error for a key that appears twice in one map or object on the wire;
/// silently keeping one of them would hide a broken producer.
pub(crate) fn duplicate(path: &[PathStep], what: &str, key: &str) -> ValueError {
    ValueError::new(
        AttrPath::from(path),
        format!("duplicate {what} {}", quote(key)),
    )
}

/// Looks up an object attribute's type, naming the attribute when the type has none.
pub(crate) fn attr_type<'t>(
    attr_types: &'t BTreeMap<String, Type>,
    name: &str,
    path: &[PathStep],
) -> Result<&'t Type, ValueError> {
    attr_types.get(name).ok_or_else(|| {
        ValueError::new(
            AttrPath::from(path),
            format!(
                "unsupported attribute {}: not in the object type",
                quote(name)
            ),
        )
    })
}

/// Rejects values nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH): the walks
/// are recursive, and no schema of ours comes anywhere near this.
pub(crate) fn check_depth(path: &[PathStep], depth: usize) -> Result<(), ValueError> {
    if depth > super::MAX_DEPTH {
        return Err(ValueError::new(
            AttrPath::from(path),
            format!("value nested deeper than {} levels", super::MAX_DEPTH),
        ));
    }
    Ok(())
}

/// Terraform has no NaN, so neither encoder may send one.
pub(crate) fn check_number(n: Number, path: &[PathStep]) -> Result<(), ValueError> {
    match n {
        Number::Float(f) if f.is_nan() => Err(ValueError::new(
            AttrPath::from(path),
            "NaN is not a valid Terraform number",
        )),
        _ => Ok(()),
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Number(Number::Int(i))
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

/// `None` becomes `Null`, so optional fields map naturally onto attributes.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
