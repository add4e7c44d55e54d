//! The plural data source of a kind (`ivs_channels`, `ivs_recording_configurations`...): the
//! resources of a region (or, for kinds listed per parent, of one parent), narrowed by the API's own filters (sent to the List), `name_regex`,
//! the kind's other filters and `tags` (on the List items, before anything is read in full),
//! sorted by ARN, each with every attribute of the singular. Only the matches are read in full:
//! in the API's batches where it has a batch read, else a few Gets at a time.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use async_trait::async_trait;
use regex::Regex;

use super::finders::{self, listing, listing_within};
use super::kind::{Filter, Key, Kind, Resource};
use super::shape::Shape;
use super::{AwsContext, DataSource, arn, region};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Block, Schema};
use crate::values::{Type, Value};

pub struct Plural<K: Kind> {
    schema: Schema,
    shape: Shape<K::Full>,
    filters: Vec<Filter<K>>,
    kind: PhantomData<K>,
}

impl<K: Kind> Plural<K> {
    pub fn new() -> Self {
        let shape = K::shape();
        let filters = K::filters();
        Plural {
            schema: schema::<K>(&shape, &filters),
            shape,
            filters,
            kind: PhantomData,
        }
    }
}

fn schema<K: Kind>(shape: &Shape<K::Full>, filters: &[Filter<K>]) -> Schema {
    let names = &K::NAMES;
    let mut attributes = match &K::PARENT {
        None => vec![region::attribute(
            "Region to list (default: the provider's `region`).",
        )],
        Some(parent) => vec![
            region::attribute(
                "The region of the parent's ARN (the list goes there); if set, it must be the \
                 same.",
            ),
            Attribute::required(
                parent.argument,
                Type::String,
                format!(
                    "ARN of the {} whose {} to list, `arn:aws:ivs:<region>:<account>:{}/<id>`.",
                    parent.what, names.what_plural, parent.arn_type
                ),
            ),
        ],
    };
    if K::NAMED {
        attributes.push(Attribute::optional(
            "name_regex",
            Type::String,
            "Only those whose name matches this regular expression (Rust `regex` syntax, \
             unanchored: use `^...$` to match the whole name).",
        ));
    }
    attributes.extend(filters.iter().map(|f| f.attribute.clone()));
    if K::TAGGED {
        attributes.push(Attribute::optional(
            "tags",
            Type::map(Type::String),
            "Only those that have every one of these tags, with these values.",
        ));
    }
    let key = Key::of::<K>();
    let (arns, sorted_by) = match (&K::WITHIN, K::KEYED_BY) {
        (Some(within), _) => (
            format!("{}s of the matching {}", within.what, names.what_plural),
            format!("`{}`", within.argument),
        ),
        (None, None) => (
            format!("ARNs of the matching {}", names.what_plural),
            "ARN".to_owned(),
        ),
        (None, Some(_)) => (
            format!("{} ARNs of the matching {}", key.what, names.what_plural),
            format!("`{}`", key.argument),
        ),
    };
    attributes.extend([
        Attribute::computed(
            keys_attribute::<K>(),
            Type::list(Type::String),
            format!("{arns}, sorted."),
        ),
        Attribute::computed_list(
            names.list_attribute,
            shape.attributes(),
            format!(
                "The matching {}, sorted by {sorted_by}, each with every attribute of `{}`.",
                names.what_plural, names.singular
            ),
        ),
    ]);
    Schema {
        version: 0,
        block: Block {
            description: K::plural_description(),
            attributes,
            blocks: Vec::new(),
        },
    }
}

/// The attribute listing the matches' keys, sorted: their IDs for kinds within a parent
/// (`stream_ids`), else their key's ARNs (`arns`, `channel_arns`).
fn keys_attribute<K: Kind>() -> &'static str {
    K::WITHIN
        .as_ref()
        .map_or(Key::of::<K>().list_attribute, |within| {
            within.list_attribute
        })
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

/// The value of the argument `name` when it is set (known and not null).
fn set<'a>(config: &'a Value, name: &str) -> Option<&'a Value> {
    config
        .attr(name)
        .filter(|v| !v.is_null() && !v.is_unknown())
}

impl<K: Kind> Plural<K> {
    /// Whether the List item passes every filter of `config`.
    fn keeps(&self, config: &Value, name: Option<&Regex>, item: &K::Summary) -> bool {
        let name_ok = name.is_none_or(|re| re.is_match(item.name().unwrap_or("")));
        let filters_ok = self
            .filters
            .iter()
            .all(|f| set(config, f.attribute.name).is_none_or(|value| (f.keeps)(item, value)));
        let tags_ok = set(config, "tags")
            .and_then(Value::as_map)
            .is_none_or(|wanted| {
                wanted.iter().all(|(key, value)| {
                    item.tags()
                        .and_then(|tags| tags.get(key))
                        .is_some_and(|have| Some(have.as_str()) == value.as_str())
                })
            });
        name_ok && filters_ok && tags_ok
    }
}

#[async_trait]
impl<K: Kind> DataSource for Plural<K> {
    fn type_name(&self) -> &'static str {
        K::NAMES.plural
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut found: Diagnostics = region::validate(config).into_iter().collect();
        if let Some(parent) = &K::PARENT
            && let Some(text) = config.attr(parent.argument).and_then(Value::as_str)
        {
            match arn::parse(text, parent.arn_type) {
                Ok(parsed) => found.extend(region::contradicting(config, text, parsed.region)),
                Err(error) => found.push(arn::invalid(
                    text,
                    &error,
                    parent.what,
                    parent.arn_type,
                    parent.argument,
                )),
            }
        }
        if let Some(pattern) = config.attr("name_regex").and_then(Value::as_str)
            && let Err(error) = compile(pattern)
        {
            found.push(error);
        }
        for filter in &self.filters {
            if let (Some(check), Some(value)) = (&filter.check, set(config, filter.attribute.name))
            {
                found.extend(check(value));
            }
        }
        found
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let name = match config.attr("name_regex").and_then(Value::as_str) {
            Some(pattern) => Some(compile(pattern).map_err(|d| vec![d])?),
            None => None,
        };
        // Kinds listed per parent are listed in the parent's region (validate checked its ARN).
        let parent = match &K::PARENT {
            Some(parent) => {
                let parent_arn = config
                    .attr(parent.argument)
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let parsed = arn::parse(parent_arn, parent.arn_type).map_err(|error| {
                    let what = parent.what;
                    vec![arn::invalid(
                        parent_arn,
                        &error,
                        what,
                        parent.arn_type,
                        parent.argument,
                    )]
                })?;
                Some((parent, parent_arn, parsed))
            }
            None => None,
        };
        let region = match &parent {
            Some((_, _, parsed)) => parsed.region.to_owned(),
            None => region::chosen(aws, config),
        };
        let client = aws.ivs(&region);
        let mut request = K::list_request(&client);
        let call = match &parent {
            Some((parent, parent_arn, _)) => {
                request = K::within(request, parent_arn);
                listing_within::<K>(parent, parent_arn)
            }
            None => listing::<K>(&region),
        };
        // The API may refuse two of its filters at once: send the first, apply all here.
        if let Some((narrow, value)) = self
            .filters
            .iter()
            .find_map(|f| Some((f.api?, set(config, f.attribute.name)?.as_str()?)))
        {
            request = narrow(request, value);
        }
        let listed = finders::list_all::<K>(request).await.map_err(|failure| {
            let diagnostic = failure.diagnostic(&client, &call);
            // A List of one parent fails for the parent named by its argument.
            vec![match &parent {
                Some((parent, ..)) => diagnostic.at(AttributePath::attribute(parent.argument)),
                None => diagnostic,
            }]
        })?;
        let mut arns: Vec<String> = listed
            .iter()
            .filter(|item| self.keeps(config, name.as_ref(), item))
            .map(|item| item.arn().to_owned())
            .collect();
        arns.sort_unstable();
        arns.dedup();
        let found = match (&K::WITHIN, &parent) {
            (Some(_), Some((_, parent_arn, _))) => {
                finders::read_within::<K>(&client, parent_arn, arns).await
            }
            _ => K::read_many(&client, arns).await,
        }
        .map_err(|d| vec![d])?;
        // Batches answer in their own order: sorted by ARN, plans are stable.
        let found: BTreeMap<&str, &K::Full> = found.iter().map(|f| (f.arn(), f)).collect();
        let echo = |name: &str| config.attr(name).cloned().unwrap_or(Value::Null);
        let mut state = vec![("region", Value::String(region.clone()))];
        if let Some(parent) = &K::PARENT {
            state.push((parent.argument, echo(parent.argument)));
        }
        if K::NAMED {
            state.push(("name_regex", echo("name_regex")));
        }
        state.extend(
            self.filters
                .iter()
                .map(|f| (f.attribute.name, echo(f.attribute.name))),
        );
        if K::TAGGED {
            state.push(("tags", echo("tags")));
        }
        state.extend([
            (
                keys_attribute::<K>(),
                Value::List(
                    found
                        .keys()
                        .map(|arn| Value::String((*arn).to_owned()))
                        .collect(),
                ),
            ),
            (
                K::NAMES.list_attribute,
                Value::List(found.values().map(|f| self.shape.state(f)).collect()),
            ),
        ]);
        Ok(Value::object(state))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sources::kinds::recording_configuration::RecordingConfiguration as Rc;
    use crate::data_sources::singular::Singular;

    fn config(name_regex: &str) -> Value {
        Value::object([("name_regex", Value::String(name_regex.into()))])
    }

    #[test]
    fn a_bad_regex_is_an_error_on_name_regex_quoting_a_prefix() {
        let source = Plural::<Rc>::new();
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
        let source = Plural::<Rc>::new();
        let items = source
            .schema
            .block
            .attribute("recording_configurations")
            .unwrap()
            .value_type();
        let single = Singular::<Rc>::new();
        let single_type = single.schema().block.value_type();
        assert_eq!(items, Type::list(single_type));
    }

    #[test]
    fn every_bad_state_is_an_error_on_states() {
        let source = Plural::<Rc>::new();
        let states = |names: &[&str]| {
            Value::object([(
                "states",
                Value::Set(names.iter().map(|n| Value::String((*n).into())).collect()),
            )])
        };
        assert!(source.validate(&states(&["ACTIVE", "CREATING"])).is_empty());
        let found = source.validate(&states(&["ACTIVE", "active", "DONE"]));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|d| d.attribute == Some(AttributePath::attribute("states")))
        );
    }
}
