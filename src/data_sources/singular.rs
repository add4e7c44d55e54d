//! The singular data source of a kind (`ivs_channel`, `ivs_stream_key`...): one resource by
//! ARN (its Get, in the ARN's region); for kinds with names, by name (every page of its List in
//! `region`, then the Get of the one match); for kinds listed per parent, by the parent's ARN
//! (its List of that parent, then the Get of the one match); for kinds keyed by another
//! resource's ARN (a stream, by its channel's), by that ARN alone; with every attribute of the
//! kind.

use std::marker::PhantomData;

use async_trait::async_trait;
use regex::Regex;

use super::finders::{self, getting, getting_within, listing, listing_within};
use super::kind::{Key, Kind, Names, Parent, Resource, Within};
use super::rules::Rule;
use super::shape::Shape;
use super::{AwsContext, DataSource, arn, region};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Block, Mode, Schema};
use crate::values::Value;

/// The longest name IVS accepts for any resource.
const MAX_NAME_LENGTH: usize = 128;

pub struct Singular<K: Kind> {
    schema: Schema,
    shape: Shape<K::Full>,
    rules: Vec<Rule>,
    kind: PhantomData<K>,
}

impl<K: Kind> Singular<K> {
    pub fn new() -> Self {
        let shape = K::shape();
        let ways = lookups::<K>();
        Singular {
            schema: schema::<K>(&shape, &ways),
            shape,
            // One way needs no rule: its argument is required.
            rules: if ways.len() > 1 {
                vec![Rule::ExactlyOneOf(ways)]
            } else {
                Vec::new()
            },
            kind: PhantomData,
        }
    }
}

/// The arguments that say which one to read: `arn`, then `name` and the parent's ARN where the
/// kind has them; for a kind keyed by another resource's ARN, that one alone.
fn lookups<K: Kind>() -> Vec<&'static str> {
    // Kinds within a parent: by the parent's ARN, with their ID as an optional argument.
    if let (Some(_), Some(parent)) = (&K::WITHIN, &K::PARENT) {
        return vec![parent.argument];
    }
    let mut ways = vec![Key::of::<K>().argument];
    if K::KEYED_BY.is_some() {
        return ways;
    }
    if K::NAMED {
        ways.push("name");
    }
    if let Some(parent) = &K::PARENT {
        ways.push(parent.argument);
    }
    ways
}

/// "`arn`", "`arn` and `name`", "`arn`, `name` and `channel_arn`".
fn listed(ways: &[&str]) -> String {
    let quoted: Vec<String> = ways.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

fn schema<K: Kind>(shape: &Shape<K::Full>, ways: &[&'static str]) -> Schema {
    let names = &K::NAMES;
    let mode = if ways.len() > 1 {
        Mode::OptionalComputed
    } else {
        Mode::Required
    };
    let which = if ways.len() > 1 {
        format!("; exactly one of {}.", listed(ways))
    } else {
        ".".to_owned()
    };
    let parent_argument = K::PARENT.as_ref().map(|p| p.argument);
    let key = Key::of::<K>();
    let whose = match K::KEYED_BY {
        None => String::new(),
        Some(_) => format!(" whose {}", names.what),
    };
    let attributes = shape
        .attributes()
        .into_iter()
        .map(|attribute| match attribute.name {
            name if name == key.argument => attribute.as_argument(
                mode,
                format!(
                    "ARN of the {}{whose} to read, `arn:aws:ivs:<region>:<account>:{}/<id>`{which}",
                    key.what, key.arn_type
                ),
            ),
            "name" if K::NAMED => attribute.as_argument(
                mode,
                format!(
                    "Name of the {} to read, which must be unique in the region{which}",
                    names.what
                ),
            ),
            name if K::WITHIN.as_ref().is_some_and(|w| w.argument == name) => {
                let within = K::WITHIN.as_ref().expect("the ID argument");
                let parent = K::PARENT.as_ref().map_or("parent", |p| p.what);
                attribute.as_argument(
                    Mode::OptionalComputed,
                    format!(
                        "The {} of the {} to read; without it, the {parent}'s latest {}, as \
                         the API reads it.",
                        within.what, names.what, names.what
                    ),
                )
            }
            name if Some(name) == parent_argument => {
                let parent = K::PARENT.as_ref().expect("the parent argument");
                // Within a parent, the ID says which: a parent of several is no error.
                let several = match K::WITHIN {
                    Some(_) => String::new(),
                    None => format!("; one with several {} is an error", names.what_plural),
                };
                attribute.as_argument(
                    mode,
                    format!(
                        "ARN of the {} whose {} to read, \
                         `arn:aws:ivs:<region>:<account>:{}/<id>`{several}{which}",
                        parent.what, names.what, parent.arn_type
                    ),
                )
            }
            "region" => region::attribute(if K::NAMED {
                "Region to look the name up in (default: the provider's `region`); a read by \
                 ARN always goes to the ARN's region."
            } else {
                "The region of the ARN given (a read by ARN always goes there); if set, it \
                 must be the same."
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

    fn rules(&self) -> &[Rule] {
        &self.rules
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut found: Diagnostics = region::validate(config).into_iter().collect();
        // Unknown values (from resources not created yet) are checked when they are known.
        let key = Key::of::<K>();
        if let Some(text) = config.attr(key.argument).and_then(Value::as_str) {
            match arn::parse(text, key.arn_type) {
                Ok(parsed) => found.extend(region::contradicting(config, text, parsed.region)),
                Err(error) => found.push(invalid_arn::<K>(text, &error)),
            }
        }
        if K::NAMED
            && let Some(name) = config.attr("name").and_then(Value::as_str)
        {
            found.extend(invalid_name::<K>(name));
        }
        if let Some(parent) = &K::PARENT
            && let Some(text) = config.attr(parent.argument).and_then(Value::as_str)
        {
            match arn::parse(text, parent.arn_type) {
                Ok(parsed) => found.extend(region::contradicting(config, text, parsed.region)),
                Err(error) => found.push(invalid_parent_arn(parent, text, &error)),
            }
        }
        if let Some(within) = &K::WITHIN
            && let Some(id) = config.attr(within.argument).and_then(Value::as_str)
        {
            found.extend(invalid_id::<K>(within, id));
        }
        found
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let text = |name: &str| config.attr(name).and_then(Value::as_str);
        let name = text("name").filter(|_| K::NAMED);
        let parent = K::PARENT
            .as_ref()
            .and_then(|parent| Some((parent, text(parent.argument)?)));
        if let (Some(within), Some((parent, parent_arn))) = (&K::WITHIN, parent) {
            let parsed = arn::parse(parent_arn, parent.arn_type)
                .map_err(|e| vec![invalid_parent_arn(parent, parent_arn, &e)])?;
            let id = text(within.argument);
            let at = match id {
                Some(_) => within.argument,
                None => parent.argument,
            };
            let found = read_within::<K>(aws, parent_arn, parsed.region, id, at).await?;
            return Ok(self.shape.state(&found));
        }
        let key = Key::of::<K>();
        let found = match (text(key.argument), name, parent) {
            (Some(text), None, None) => {
                let parsed =
                    arn::parse(text, key.arn_type).map_err(|e| vec![invalid_arn::<K>(text, &e)])?;
                read_by_arn::<K>(aws, text, parsed.region, key.argument).await?
            }
            (None, Some(name), None) => {
                read_by_name::<K>(aws, name, &region::chosen(aws, config)).await?
            }
            (None, None, Some((parent, parent_arn))) => {
                let parsed = arn::parse(parent_arn, parent.arn_type)
                    .map_err(|e| vec![invalid_parent_arn(parent, parent_arn, &e)])?;
                read_by_parent::<K>(aws, parent, parent_arn, parsed.region).await?
            }
            _ => {
                let ways = lookups::<K>();
                return Err(vec![
                    Diagnostic::error(
                        format!("One of {} must be set", listed(&ways)),
                        format!(
                            "Set exactly one of {} to say which one to read.",
                            listed(&ways)
                        ),
                    )
                    .at(AttributePath::default()),
                ]);
            }
        };
        Ok(self.shape.state(&found))
    }
}

/// The Get of `arn` (the kind's [`Key`]) in its region; a failure is an error on `at`.
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
    let Names {
        what, what_plural, ..
    } = K::NAMES;
    let client = aws.ivs(region);
    let request = K::named(K::list_request(&client), name);
    let listed = finders::list_all::<K>(request).await.map_err(|failure| {
        vec![
            failure
                .diagnostic(&client, &listing::<K>(region))
                .at(AttributePath::attribute("name")),
        ]
    })?;
    // Also where the API filtered by name: its filter need not be an exact match.
    let arns = matching_arns(&listed, |item| item.name() == Some(name));
    let one = the_one(&arns, "name", || {
        (
            format!("No {what} named {} in {region}", quote(name)),
            format!(
                "IVS in region {region} has no {what} named {}. Check the name, and the \
                 region: set `region` to look in another one.",
                quote(name)
            ),
            format!("Several {what_plural} are named {}", quote(name)),
            format!(
                "{} {what_plural} in region {region} are named {}:\n  {}\nNames need not be \
                 unique: set `arn` to the one to read instead of `name`.",
                arns.len(),
                quote(name),
                arns.join("\n  ")
            ),
        )
    })?;
    read_by_arn::<K>(aws, one, region, "name").await
}

/// The one resource of the parent `parent_arn` (in `region`, its ARN's); none or several is an
/// error on the parent's argument.
async fn read_by_parent<K: Kind>(
    aws: &dyn AwsContext,
    parent: &Parent,
    parent_arn: &str,
    region: &str,
) -> Result<K::Full, Diagnostics> {
    let Names {
        what, what_plural, ..
    } = K::NAMES;
    let at = parent.argument;
    let client = aws.ivs(region);
    let request = K::within(K::list_request(&client), parent_arn);
    let listed = finders::list_all::<K>(request).await.map_err(|failure| {
        vec![
            failure
                .diagnostic(&client, &listing_within::<K>(parent, parent_arn))
                .at(AttributePath::attribute(at)),
        ]
    })?;
    let arns = matching_arns(&listed, |_| true);
    let one = the_one(&arns, at, || {
        (
            format!("The {} has no {what}", parent.what),
            format!(
                "The {} {parent_arn} has no {what}. Check the ARN, or create one.",
                parent.what
            ),
            format!("The {} has several {what_plural}", parent.what),
            format!(
                "The {} {parent_arn} has {} {what_plural}:\n  {}\nSet `arn` to the one to \
                 read instead of `{at}`.",
                parent.what,
                arns.len(),
                arns.join("\n  ")
            ),
        )
    })?;
    read_by_arn::<K>(aws, one, region, at).await
}

/// For kinds within a parent: the one of `parent_arn` (in `region`, its ARN's) with ID `id`, or
/// with none the latest; a failure is an error on `at`.
async fn read_within<K: Kind>(
    aws: &dyn AwsContext,
    parent_arn: &str,
    region: &str,
    id: Option<&str>,
    at: &str,
) -> Result<K::Full, Diagnostics> {
    let client = aws.ivs(region);
    K::get_within(&client, parent_arn, id)
        .await
        .map_err(|failure| {
            vec![
                failure
                    .diagnostic(&client, &getting_within::<K>(parent_arn, id))
                    .at(AttributePath::attribute(at)),
            ]
        })
}

/// The ARNs of the `listed` items that pass `keep`, sorted and each once.
fn matching_arns<T: Resource>(listed: &[T], keep: impl Fn(&T) -> bool) -> Vec<&str> {
    let mut arns: Vec<&str> = listed
        .iter()
        .filter(|item| keep(item))
        .map(Resource::arn)
        .collect();
    arns.sort_unstable();
    arns.dedup();
    arns
}

/// The one of `arns`, or an error on `at`: `texts` gives the summary and detail for none, then
/// for several.
fn the_one<'a>(
    arns: &[&'a str],
    at: &str,
    texts: impl FnOnce() -> (String, String, String, String),
) -> Result<&'a str, Diagnostics> {
    if let [one] = arns {
        return Ok(one);
    }
    let (none, none_detail, several, several_detail) = texts();
    let error = if arns.is_empty() {
        Diagnostic::error(none, none_detail)
    } else {
        Diagnostic::error(several, several_detail)
    };
    Err(vec![error.at(AttributePath::attribute(at))])
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

/// An error on the ID's argument if `id` does not have the model's form for it.
fn invalid_id<K: Kind>(within: &Within, id: &str) -> Option<Diagnostic> {
    // The pattern is the kind's own constant: one that does not compile rejects nothing.
    let pattern = Regex::new(within.pattern).ok()?;
    if pattern.is_match(id) {
        return None;
    }
    Some(
        Diagnostic::error(
            format!("Invalid {}", within.what),
            format!(
                "{} is not a {} of any {}: it must match {}.",
                quote(id),
                within.what,
                K::NAMES.what,
                within.pattern
            ),
        )
        .at(AttributePath::attribute(within.argument)),
    )
}

fn invalid_arn<K: Kind>(text: &str, error: &arn::ArnError) -> Diagnostic {
    let Key {
        argument,
        what,
        arn_type,
        ..
    } = Key::of::<K>();
    arn::invalid(text, error, what, arn_type, argument)
}

fn invalid_parent_arn(parent: &Parent, text: &str, error: &arn::ArnError) -> Diagnostic {
    arn::invalid(text, error, parent.what, parent.arn_type, parent.argument)
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
    fn a_kind_within_a_parent_needs_the_parent_and_takes_its_id_checked() {
        use crate::data_sources::kinds::stream_session::StreamSession;
        let source = Singular::<StreamSession>::new();
        let block = &source.schema().block;
        assert_eq!(block.attribute("channel_arn").unwrap().mode, Mode::Required);
        assert_eq!(
            block.attribute("stream_id").unwrap().mode,
            Mode::OptionalComputed
        );
        assert!(source.rules().is_empty(), "one way: no exactly-one-of rule");
        let channel = "arn:aws:ivs:us-west-2:123456789012:channel/AbCd1234";
        let config = |id: &str| {
            Value::object([
                ("channel_arn", Value::String(channel.into())),
                ("stream_id", Value::String(id.into())),
            ])
        };
        assert!(
            source
                .validate(&config("st-1AbCdEfGhIjKlMnOpQrStUv"))
                .is_empty()
        );
        let found = source.validate(&config("1AbCd"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].attribute,
            Some(AttributePath::attribute("stream_id"))
        );
        assert!(found[0].detail.contains("\"1AbCd\""), "{}", found[0].detail);
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
