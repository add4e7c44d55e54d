//! A shape: the attributes of an API type, each declared once with its mapping from the API
//! value, so a schema and the state made from it cannot drift apart.

use std::collections::HashMap;

use aws_sdk_ivs::primitives::{DateTime, DateTimeFormat};

use crate::schema::{Attribute, Text};
use crate::values::{Number, Type, Value};

/// One attribute and how its value is read from an API value of type `T`.
pub struct Field<T> {
    pub attribute: Attribute,
    read: Box<dyn Fn(&T) -> Value + Send + Sync>,
}

impl<T> Field<T> {
    pub fn new(attribute: Attribute, read: impl Fn(&T) -> Value + Send + Sync + 'static) -> Self {
        Field {
            attribute,
            read: Box::new(read),
        }
    }
}

impl<N: 'static> Field<N> {
    /// The same attribute, read from the part of a `T` that `part` gives: a field of an API
    /// type, on a type that holds one.
    pub fn map<T: 'static>(self, part: fn(&T) -> &N) -> Field<T> {
        let read = self.read;
        Field {
            attribute: self.attribute,
            read: Box::new(move |api: &T| read(part(api))),
        }
    }
}

/// Every attribute of an API type, in schema order.
pub struct Shape<T>(pub Vec<Field<T>>);

impl<T> Shape<T> {
    pub fn attributes(&self) -> Vec<Attribute> {
        self.0.iter().map(|f| f.attribute.clone()).collect()
    }

    /// The object with every attribute of the shape, read from `api`.
    pub fn state(&self, api: &T) -> Value {
        Value::object(self.0.iter().map(|f| (f.attribute.name, (f.read)(api))))
    }
}

/// A string, or null when absent.
pub fn optional_string(text: Option<&str>) -> Value {
    text.map_or(Value::Null, |t| Value::String(t.to_owned()))
}

/// A list of strings, or null when absent.
pub fn string_list<T>(items: Option<&[T]>, text: impl Fn(&T) -> &str) -> Value {
    items.map_or(Value::Null, |items| {
        Value::List(
            items
                .iter()
                .map(|item| Value::String(text(item).to_owned()))
                .collect(),
        )
    })
}

/// A computed object attribute made of `shape`, read from the part `get` finds (null if none).
pub fn object<T, N: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    shape: Shape<N>,
    get: impl Fn(&T) -> Option<&N> + Send + Sync + 'static,
) -> Field<T> {
    Field::new(
        Attribute::computed_object(name, shape.attributes(), description),
        move |api: &T| get(api).map_or(Value::Null, |part| shape.state(part)),
    )
}

/// A computed list-of-objects attribute, each made of `shape`, read from the parts `get` finds
/// (null if none).
pub fn object_list<T, N: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    shape: Shape<N>,
    get: impl Fn(&T) -> Option<&[N]> + Send + Sync + 'static,
) -> Field<T> {
    Field::new(
        Attribute::computed_list(name, shape.attributes(), description),
        move |api: &T| {
            get(api).map_or(Value::Null, |parts| {
                Value::List(parts.iter().map(|part| shape.state(part)).collect())
            })
        },
    )
}

/// A map of strings, or null when absent.
pub fn string_map(map: Option<&HashMap<String, String>>) -> Value {
    map.map_or(Value::Null, |map| {
        Value::map(
            map.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone()))),
        )
    })
}

/// A string attribute, read by `get` (null when the API sent nothing).
pub fn text<T: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    get: fn(&T) -> Option<&str>,
) -> Field<T> {
    Field::new(
        Attribute::computed(name, Type::String, description),
        move |api: &T| optional_string(get(api)),
    )
}

/// A bool attribute, read by `get`.
pub fn flag<T: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    get: fn(&T) -> bool,
) -> Field<T> {
    Field::new(
        Attribute::computed(name, Type::Bool, description),
        move |api: &T| Value::Bool(get(api)),
    )
}

/// A whole-number attribute, read by `get` (null when the API sent nothing).
pub fn whole<T: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    get: fn(&T) -> Option<i64>,
) -> Field<T> {
    Field::new(
        Attribute::computed(name, Type::Number, description),
        move |api: &T| get(api).map_or(Value::Null, |n| Value::Number(Number::Int(n))),
    )
}

/// A list-of-strings attribute (an enum's values, say), read by `get` (null when absent).
pub fn text_list<T: 'static, E: AsRef<str> + 'static>(
    name: &'static str,
    description: impl Into<Text>,
    get: fn(&T) -> Option<&[E]>,
) -> Field<T> {
    Field::new(
        Attribute::computed(name, Type::list(Type::String), description),
        move |api: &T| string_list(get(api), |item| item.as_ref()),
    )
}

/// A timestamp attribute in RFC 3339 (`2026-12-03T10:15:00Z`, with fractions of a second where
/// the API gives them), read by `get` (null when the API sent nothing).
pub fn timestamp<T: 'static>(
    name: &'static str,
    description: impl Into<Text>,
    get: fn(&T) -> Option<&DateTime>,
) -> Field<T> {
    Field::new(
        Attribute::computed(name, Type::String, description),
        move |api: &T| {
            // Only a date beyond year 9999 fails to format: none that IVS sends.
            get(api)
                .and_then(|time| time.fmt(DateTimeFormat::DateTime).ok())
                .map_or(Value::Null, Value::String)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc_3339_in_utc() {
        let field = timestamp("at", "When.", |t: &DateTime| Some(t));
        let read = |time: DateTime| (field.read)(&time);
        let whole = DateTime::from_secs(1_796_292_900);
        assert_eq!(read(whole), Value::String("2026-12-03T10:15:00Z".into()));
        let fraction = DateTime::from_millis(1_796_292_900_250);
        assert_eq!(
            read(fraction),
            Value::String("2026-12-03T10:15:00.25Z".into())
        );
    }
}
