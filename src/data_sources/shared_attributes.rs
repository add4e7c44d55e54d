//! The attributes most kinds share, declared once with their texts made from the kind's
//! names: `arn`, `id`, `region`, `name` and `tags`.

use super::arn;
use super::kind::{Key, Kind, Names, Resource};
use super::shape::{Field, optional_string, string_map};
use crate::schema::Attribute;
use crate::values::{Type, Value};

/// The attributes every kind starts with: its key, `arn` (or, for kinds keyed by another
/// resource's ARN, that one's: `channel_arn`), `id` (the same ARN, as Terraform expects an `id`)
/// and `region` (from the ARN).
pub fn identity<K: Kind>() -> Vec<Field<K::Full>> {
    let Names { what, .. } = K::NAMES;
    let key = Key::of::<K>();
    let arn_type = key.arn_type;
    let (key_text, id_text, whose) = match K::KEYED_BY {
        None => (
            format!("ARN of the {what}"),
            format!("The {what}'s ARN."),
            "its".to_owned(),
        ),
        Some(_) => (
            format!("ARN of the {} of the {what}", key.what),
            format!("The ARN of the {what}'s {}.", key.what),
            format!("its {}'s", key.what),
        ),
    };
    vec![
        Field::new(
            Attribute::computed(
                key.argument,
                Type::String,
                format!("{key_text}, `arn:aws:ivs:<region>:<account>:{arn_type}/<id>`."),
            ),
            |api: &K::Full| Value::String(api.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed("id", Type::String, id_text),
            |api: &K::Full| Value::String(api.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed(
                "region",
                Type::String,
                format!("Region of the {what} (from {whose} ARN)."),
            ),
            move |api: &K::Full| {
                optional_string(arn::parse(api.arn(), arn_type).ok().map(|a| a.region))
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
