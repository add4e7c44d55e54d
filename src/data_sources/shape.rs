//! A shape: the attributes of an API type, each declared once with its mapping from the API
//! value, so a schema and the state made from it cannot drift apart.

use crate::schema::Attribute;
use crate::values::Value;

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

/// Every attribute of an API type, in schema order.
pub struct Shape<T>(pub Vec<Field<T>>);

impl<T> Shape<T> {
    pub fn attributes(&self) -> Vec<crate::schema::Attribute> {
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
