//! `ivs_recording_configurations`: the recording configurations of a region, optionally
//! filtered by name, state and tags, each with every attribute of `ivs_recording_configuration`.
//! ListRecordingConfigurations over every page, filters on the summaries, then a bounded number
//! of concurrent GetRecordingConfiguration calls for the matches only.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_sdk_ivs::types::RecordingConfiguration as Api;
use futures_util::{StreamExt, TryStreamExt, stream};
use regex::Regex;

use super::recording_configuration_shape::{RecordingConfigurationView, full};
use super::shape::Shape;
use super::{AwsContext, DataSource, ivs, region};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Block, Schema};
use crate::values::{Type, Value};

const TYPE_NAME: &str = "ivs_recording_configurations";
/// The states a recording configuration can be in.
const STATES: [&str; 3] = ["CREATING", "CREATE_FAILED", "ACTIVE"];
/// GetRecordingConfiguration calls in flight at once. IVS's control-plane APIs are rate-limited
/// per account and region (a few requests a second for each action); a handful in flight keeps
/// hundreds of reads to seconds at real latencies, while the SDK's retries with backoff absorb
/// the throttling a burst may still meet, instead of a flood of hundreds at once setting it off.
const CONCURRENT_GETS: usize = 5;

pub struct RecordingConfigurations {
    schema: Schema,
    shape: Shape<Api>,
}

impl RecordingConfigurations {
    pub fn new() -> Self {
        let shape = full();
        RecordingConfigurations {
            schema: schema(&shape),
            shape,
        }
    }
}

fn schema(shape: &Shape<Api>) -> Schema {
    Schema {
        version: 0,
        block: Block {
            description: "Lists the Amazon IVS recording configurations of a region, optionally \
                          filtered by name, state and tags, sorted by ARN.",
            attributes: vec![
                region::attribute("Region to list (default: the provider's `region`)."),
                Attribute::optional(
                    "name_regex",
                    Type::String,
                    "Only those whose name matches this regular expression (Rust `regex` \
                     syntax, unanchored: use `^...$` to match the whole name).",
                ),
                Attribute::optional(
                    "states",
                    Type::set(Type::String),
                    "Only those in one of these states: `CREATING`, `CREATE_FAILED`, `ACTIVE`.",
                ),
                Attribute::optional(
                    "tags",
                    Type::map(Type::String),
                    "Only those that have every one of these tags, with these values.",
                ),
                Attribute::computed(
                    "arns",
                    Type::list(Type::String),
                    "ARNs of the matching recording configurations, sorted.",
                ),
                Attribute::computed_list(
                    "recording_configurations",
                    shape.attributes(),
                    "The matching recording configurations, sorted by ARN, each with every \
                     attribute of `ivs_recording_configuration`.",
                ),
            ],
            blocks: Vec::new(),
        },
    }
}

/// The filters of a configuration, all known.
struct Filters {
    name: Option<Regex>,
    states: Option<Vec<String>>,
    tags: BTreeMap<String, String>,
}

impl Filters {
    fn from_config(config: &Value) -> Result<Self, Diagnostic> {
        let name = match config.attr("name_regex").and_then(Value::as_str) {
            Some(pattern) => Some(compile(pattern)?),
            None => None,
        };
        let strings = |value: &Value| -> Vec<String> {
            value
                .elements()
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let states = config.attr("states").filter(|v| !v.is_null()).map(strings);
        let tags = config
            .attr("tags")
            .and_then(Value::as_map)
            .map(|tags| {
                tags.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Filters { name, states, tags })
    }

    fn matches(&self, rc: &impl RecordingConfigurationView) -> bool {
        let name_ok = self
            .name
            .as_ref()
            .is_none_or(|re| re.is_match(rc.name().unwrap_or("")));
        let state_ok = self
            .states
            .as_ref()
            .is_none_or(|states| rc.state().is_some_and(|s| states.iter().any(|w| w == s)));
        let empty = HashMap::new();
        let tags = rc.tags().unwrap_or(&empty);
        let tags_ok = self
            .tags
            .iter()
            .all(|(key, value)| tags.get(key) == Some(value));
        name_ok && state_ok && tags_ok
    }
}

/// `pattern` as a regex, or an error on `name_regex` saying why not.
fn compile(pattern: &str) -> Result<Regex, Diagnostic> {
    Regex::new(pattern).map_err(|error| {
        // The parser's message shows the pattern with a caret: keep it, but cut a huge one.
        let why = match error {
            regex::Error::Syntax(text) => text.lines().last().unwrap_or("").to_owned(),
            regex::Error::CompiledTooBig(limit) => {
                format!("it compiles to more than {limit} bytes")
            }
            other => other.to_string(),
        };
        Diagnostic::error(
            "Invalid regular expression in name_regex",
            format!(
                "{} is not a valid regular expression: {}.",
                quote(pattern),
                why.trim_start_matches("error: ").trim_end_matches('.')
            ),
        )
        .at(AttributePath::attribute("name_regex"))
    })
}

#[async_trait]
impl DataSource for RecordingConfigurations {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut found: Diagnostics = region::validate(config).into_iter().collect();
        if let Some(pattern) = config.attr("name_regex").and_then(Value::as_str)
            && let Err(error) = compile(pattern)
        {
            found.push(error);
        }
        for state in config
            .attr("states")
            .and_then(Value::elements)
            .unwrap_or_default()
        {
            if let Some(text) = state.as_str().filter(|s| !STATES.contains(s)) {
                found.push(
                    Diagnostic::error(
                        "Invalid state in states",
                        format!(
                            "{} is not a recording configuration state: use {}.",
                            quote(text),
                            STATES.join(", ")
                        ),
                    )
                    .at(AttributePath::attribute("states")),
                );
            }
        }
        found
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let filters = Filters::from_config(config).map_err(|d| vec![d])?;
        let region = region::chosen(aws, config);
        let client = aws.ivs(&region);
        let listed = ivs::list_recording_configurations(&client)
            .await
            .map_err(|failure| vec![failure.diagnostic(&client, &ivs::listing(&region))])?;
        let mut arns: Vec<String> = listed
            .iter()
            .filter(|rc| filters.matches(*rc))
            .map(|rc| rc.arn().to_owned())
            .collect();
        arns.sort_unstable();
        arns.dedup();
        let gets = arns.into_iter().map(|arn| {
            let client = client.clone();
            async move {
                match ivs::get_recording_configuration(&client, &arn).await {
                    Ok(found) => Ok(Some(found)),
                    // Deleted since it was listed: it is no longer there to read.
                    Err(failure) if failure.is_not_found() => Ok(None),
                    Err(failure) => Err(failure.diagnostic(&client, &ivs::getting(&arn))),
                }
            }
        });
        let found: Vec<Option<Api>> = stream::iter(gets)
            .buffered(CONCURRENT_GETS)
            .try_collect()
            .await
            .map_err(|d| vec![d])?;
        let found: Vec<Api> = found.into_iter().flatten().collect();
        let echo = |name: &str| config.attr(name).cloned().unwrap_or(Value::Null);
        Ok(Value::object([
            ("region", Value::String(region.clone())),
            ("name_regex", echo("name_regex")),
            ("states", echo("states")),
            ("tags", echo("tags")),
            (
                "arns",
                Value::List(
                    found
                        .iter()
                        .map(|rc| Value::String(rc.arn.clone()))
                        .collect(),
                ),
            ),
            (
                "recording_configurations",
                Value::List(found.iter().map(|rc| self.shape.state(rc)).collect()),
            ),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name_regex: &str) -> Value {
        Value::object([("name_regex", Value::String(name_regex.into()))])
    }

    #[test]
    fn a_bad_regex_is_an_error_on_name_regex_quoting_a_prefix() {
        let source = RecordingConfigurations::new();
        assert!(source.validate(&config("^main-[0-9]+$")).is_empty());
        let found = source.validate(&config("main-(unclosed"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].attribute,
            Some(AttributePath::attribute("name_regex"))
        );
        assert!(
            found[0].detail.contains("unclosed group"),
            "{}",
            found[0].detail
        );
        let huge = format!("({}", "a".repeat(10_000));
        let found = source.validate(&config(&huge));
        assert!(found[0].detail.len() < 300, "{}", found[0].detail);
    }

    #[test]
    fn every_item_attribute_is_in_the_state_type() {
        let source = RecordingConfigurations::new();
        let items = source
            .schema
            .block
            .attribute("recording_configurations")
            .unwrap()
            .value_type();
        let single = super::super::recording_configuration::RecordingConfiguration::new();
        let single_type = single.schema().block.value_type();
        assert_eq!(items, Type::list(single_type));
    }
}
