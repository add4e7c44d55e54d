//! The singular data source of a kind (`ivs_channel`, `ivs_recording_configuration`...): one
//! resource by ARN (its Get, in the ARN's region), or, for kinds with names, by name (every page
//! of its List in `region`, then the Get of the one match), with every attribute of the kind.

use std::marker::PhantomData;

use async_trait::async_trait;

use super::finders::{self, getting, listing};
use super::kind::{Kind, Names, Resource};
use super::rules::Rule;
use super::shape::Shape;
use super::{AwsContext, DataSource, arn, region};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Block, Mode, Schema};
use crate::values::Value;

/// The longest name IVS accepts for any resource.
const MAX_NAME_LENGTH: usize = 128;

/// Exactly one of the two ways to say which one to read.
const ARN_OR_NAME: &[Rule] = &[Rule::ExactlyOneOf(&["arn", "name"])];

pub struct Singular<K: Kind> {
    schema: Schema,
    shape: Shape<K::Full>,
    kind: PhantomData<K>,
}

impl<K: Kind> Singular<K> {
    pub fn new() -> Self {
        let shape = K::shape();
        Singular {
            schema: schema::<K>(&shape),
            shape,
            kind: PhantomData,
        }
    }
}

fn schema<K: Kind>(shape: &Shape<K::Full>) -> Schema {
    let names = &K::NAMES;
    let which = if K::NAMED {
        "; exactly one of `arn` and `name`."
    } else {
        "."
    };
    let attributes = shape
        .attributes()
        .into_iter()
        .map(|attribute| match attribute.name {
            "arn" => attribute.as_argument(
                if K::NAMED {
                    Mode::OptionalComputed
                } else {
                    Mode::Required
                },
                format!(
                    "ARN of the {} to read, `arn:aws:ivs:<region>:<account>:{}/<id>`{which}",
                    names.what, names.arn_type
                ),
            ),
            "name" if K::NAMED => attribute.as_argument(
                Mode::OptionalComputed,
                format!(
                    "Name of the {} to read, which must be unique in the region{which}",
                    names.what
                ),
            ),
            "region" => region::attribute(if K::NAMED {
                "Region to look the name up in (default: the provider's `region`); a read by \
                 ARN always goes to the ARN's region."
            } else {
                "The ARN's region (a read by ARN always goes there); if set, it must be the \
                 same."
            }),
            _ => attribute,
        })
        .collect();
    Schema {
        version: 0,
        block: Block {
            description: K::description(),
            attributes,
            blocks: Vec::new(),
        },
    }
}

#[async_trait]
impl<K: Kind> DataSource for Singular<K> {
    fn type_name(&self) -> &'static str {
        K::NAMES.singular
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn rules(&self) -> &'static [Rule] {
        if K::NAMED { ARN_OR_NAME } else { &[] }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut found: Diagnostics = region::validate(config).into_iter().collect();
        // Unknown values (from resources not created yet) are checked when they are known.
        if let Some(text) = config.attr("arn").and_then(Value::as_str) {
            match arn::parse(text, K::NAMES.arn_type) {
                Ok(parsed) => found.extend(contradicting_region(config, text, parsed.region)),
                Err(error) => found.push(invalid_arn::<K>(text, &error)),
            }
        }
        if K::NAMED
            && let Some(name) = config.attr("name").and_then(Value::as_str)
        {
            found.extend(invalid_name::<K>(name));
        }
        found
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let name = config
            .attr("name")
            .and_then(Value::as_str)
            .filter(|_| K::NAMED);
        let found = match (config.attr("arn").and_then(Value::as_str), name) {
            (Some(text), None) => {
                let parsed = arn::parse(text, K::NAMES.arn_type)
                    .map_err(|e| vec![invalid_arn::<K>(text, &e)])?;
                read_by_arn::<K>(aws, text, parsed.region, "arn").await?
            }
            (None, Some(name)) => {
                read_by_name::<K>(aws, name, &region::chosen(aws, config)).await?
            }
            _ => {
                return Err(vec![
                    Diagnostic::error(
                        "One of `arn` or `name` must be set",
                        "Set exactly one of `arn` or `name` to say which one to read.",
                    )
                    .at(AttributePath::default()),
                ]);
            }
        };
        Ok(self.shape.state(&found))
    }
}

/// The Get of `arn` in its region; a failure is an error on `at`.
async fn read_by_arn<K: Kind>(
    aws: &dyn AwsContext,
    arn: &str,
    arn_region: &str,
    at: &str,
) -> Result<K::Full, Diagnostics> {
    let client = aws.ivs(arn_region);
    K::get(&client, arn).await.map_err(|failure| {
        vec![
            failure
                .diagnostic(&client, &getting::<K>(arn))
                .at(AttributePath::attribute(at)),
        ]
    })
}

/// The one resource named `name` in `region`; none or several is an error on `name`.
async fn read_by_name<K: Kind>(
    aws: &dyn AwsContext,
    name: &str,
    region: &str,
) -> Result<K::Full, Diagnostics> {
    let names = &K::NAMES;
    let at = || AttributePath::attribute("name");
    let client = aws.ivs(region);
    let request = K::named(K::list_request(&client), name);
    let listed = finders::list_all::<K>(request)
        .await
        .map_err(|failure| vec![failure.diagnostic(&client, &listing::<K>(region)).at(at())])?;
    // Also where the API filtered by name: its filter need not be an exact match.
    let mut arns: Vec<&str> = listed
        .iter()
        .filter(|item| item.name() == Some(name))
        .map(|item| item.arn())
        .collect();
    arns.sort_unstable();
    arns.dedup();
    match arns[..] {
        [arn] => read_by_arn::<K>(aws, arn, region, "name").await,
        [] => Err(vec![
            Diagnostic::error(
                format!("No {} named {} in {region}", names.what, quote(name)),
                format!(
                    "IVS in region {region} has no {} named {}. Check the name, and the region: \
                     set `region` to look in another one.",
                    names.what,
                    quote(name)
                ),
            )
            .at(at()),
        ]),
        _ => Err(vec![
            Diagnostic::error(
                format!("Several {} are named {}", names.what_plural, quote(name)),
                format!(
                    "{} {} in region {region} are named {}:\n  {}\nNames need not be unique: set \
                     `arn` to the one to read instead of `name`.",
                    arns.len(),
                    names.what_plural,
                    quote(name),
                    arns.join("\n  ")
                ),
            )
            .at(at()),
        ]),
    }
}

/// An error on `region` when it is set and the ARN is in another region.
fn contradicting_region(config: &Value, arn: &str, arn_region: &str) -> Option<Diagnostic> {
    let region = config.attr("region").and_then(Value::as_str)?;
    (region != arn_region).then(|| {
        Diagnostic::error(
            "`region` contradicts the ARN",
            format!(
                "`region` is {}, but the ARN {} is in {arn_region:?}. A read by ARN always \
                 goes to the ARN's region: remove `region`, or set it to {arn_region:?}.",
                quote(region),
                quote(arn)
            ),
        )
        .at(AttributePath::attribute("region"))
    })
}

/// An error on `name` if IVS could not have such a name: every IVS name is at most 128
/// letters, digits, "-" and "_".
fn invalid_name<K: Kind>(name: &str) -> Option<Diagnostic> {
    let why = if name.is_empty() {
        "is empty".to_owned()
    } else if name.len() > MAX_NAME_LENGTH {
        format!(
            "is {} characters long; IVS allows at most {MAX_NAME_LENGTH}",
            name.len()
        )
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        "has characters other than letters, digits, \"-\" and \"_\"".to_owned()
    } else {
        return None;
    };
    let what = K::NAMES.what;
    Some(
        Diagnostic::error(
            format!("Invalid {what} name"),
            format!("The name {} {why}, so no {what} can have it.", quote(name)),
        )
        .at(AttributePath::attribute("name")),
    )
}

fn invalid_arn<K: Kind>(text: &str, error: &arn::ArnError) -> Diagnostic {
    let Names { what, arn_type, .. } = K::NAMES;
    arn::invalid(text, error, what, arn_type, "arn")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sources::kinds::recording_configuration::RecordingConfiguration as Rc;
    use std::collections::BTreeMap;

    const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

    fn config(arn: Value) -> Value {
        let mut attributes: BTreeMap<String, Value> = Singular::<Rc>::new()
            .schema
            .block
            .attributes
            .iter()
            .map(|a| (a.name.to_owned(), Value::Null))
            .collect();
        attributes.insert("arn".into(), arn);
        Value::Object(attributes)
    }

    #[test]
    fn validation_points_at_arn_and_lets_unknown_pass() {
        let source = Singular::<Rc>::new();
        assert!(
            source
                .validate(&config(Value::String(ARN.into())))
                .is_empty()
        );
        assert!(source.validate(&config(Value::Unknown)).is_empty());
        let found = source.validate(&config(Value::String(
            "arn:aws:ivs:us-west-2:123456789012:channel/x".into(),
        )));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribute, Some(AttributePath::attribute("arn")));
        assert!(found[0].detail.contains("channel"), "{}", found[0].detail);
    }

    #[test]
    fn arn_and_name_are_the_lookup_arguments() {
        let source = Singular::<Rc>::new();
        let block = &source.schema().block;
        for lookup in ["arn", "name", "region"] {
            let attribute = block.attribute(lookup).expect(lookup);
            assert_eq!(attribute.mode, Mode::OptionalComputed, "{lookup}");
        }
        assert_eq!(block.attribute("state").unwrap().mode, Mode::Computed);
        assert_eq!(source.rules().len(), 1);
    }
}
