//! The attributes most kinds share, declared once with their texts made from the kind's
//! names: `arn`, `id`, `region`, `name` and `tags`.

use super::arn;
use super::kind::{Kind, Names, Resource};
use super::shape::{Field, optional_string, string_map};
use crate::schema::Attribute;
use crate::values::{Type, Value};

/// The attributes every kind starts with: `arn`, `id` (the ARN, as Terraform expects an `id`)
/// and `region` (from the ARN).
pub fn identity<K: Kind>() -> Vec<Field<K::Full>> {
    let Names { what, arn_type, .. } = K::NAMES;
    vec![
        Field::new(
            Attribute::computed(
                "arn",
                Type::String,
                format!("ARN of the {what}, `arn:aws:ivs:<region>:<account>:{arn_type}/<id>`."),
            ),
            |api: &K::Full| Value::String(api.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed("id", Type::String, format!("The {what}'s ARN.")),
            |api: &K::Full| Value::String(api.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed(
                "region",
                Type::String,
                format!("Region of the {what} (from its ARN)."),
            ),
            |api: &K::Full| {
                optional_string(
                    arn::parse(api.arn(), K::NAMES.arn_type)
                        .ok()
                        .map(|a| a.region),
                )
            },
        ),
    ]
}

/// The `name` attribute of a kind with names.
pub fn name<K: Kind>() -> Field<K::Full> {
    Field::new(
        Attribute::computed(
            "name",
            Type::String,
            format!("Name of the {} (may be empty).", K::NAMES.what),
        ),
        |api: &K::Full| optional_string(api.name()),
    )
}

/// The `tags` attribute.
pub fn tags<K: Kind>() -> Field<K::Full> {
    Field::new(
        Attribute::computed(
            "tags",
            Type::map(Type::String),
            format!("Tags on the {}.", K::NAMES.what),
        ),
        |api: &K::Full| string_map(api.tags()),
    )
}
