//! `ivs_recording_configuration`: reads one IVS recording configuration, by ARN
//! (GetRecordingConfiguration in the ARN's region) or by name (ListRecordingConfigurations over
//! every page, then GetRecordingConfiguration of the one match), and exposes every field of it.

use async_trait::async_trait;
use aws_sdk_ivs::types::RecordingConfiguration as Api;

use super::recording_configuration_shape::full;
use super::rules::Rule;
use super::shape::Shape;
use super::{AwsContext, DataSource, arn, ivs, region};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Block, Mode, Schema};
use crate::values::Value;

const TYPE_NAME: &str = "ivs_recording_configuration";
pub(super) const ARN_RESOURCE_TYPE: &str = "recording-configuration";
/// The longest name IVS accepts.
const MAX_NAME_LENGTH: usize = 128;

pub struct RecordingConfiguration {
    schema: Schema,
    shape: Shape<Api>,
}

impl RecordingConfiguration {
    pub fn new() -> Self {
        let shape = full();
        RecordingConfiguration {
            schema: schema(&shape),
            shape,
        }
    }
}

fn schema(shape: &Shape<Api>) -> Schema {
    let attributes = shape
        .attributes()
        .into_iter()
        .map(|attribute| match attribute.name {
            "arn" => attribute.as_argument(
                Mode::OptionalComputed,
                "ARN of the recording configuration to read, \
                 `arn:aws:ivs:<region>:<account>:recording-configuration/<id>`; exactly one of \
                 `arn` and `name`.",
            ),
            "name" => attribute.as_argument(
                Mode::OptionalComputed,
                "Name of the recording configuration to read, which must be unique in the \
                 region; exactly one of `arn` and `name`.",
            ),
            "region" => region::attribute(
                "Region to look the name up in (default: the provider's `region`); a read by \
                 ARN always goes to the ARN's region.",
            ),
            _ => attribute,
        })
        .collect();
    Schema {
        version: 0,
        block: Block {
            description: "Reads an Amazon IVS recording configuration, by ARN or by name: where \
                          a channel's recordings go, and how thumbnails and renditions are \
                          recorded.",
            attributes,
            blocks: Vec::new(),
        },
    }
}

#[async_trait]
impl DataSource for RecordingConfiguration {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn rules(&self) -> &'static [Rule] {
        &[Rule::ExactlyOneOf(&["arn", "name"])]
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut found: Diagnostics = region::validate(config).into_iter().collect();
        // Unknown values (from resources not created yet) are checked when they are known.
        if let Some(text) = config.attr("arn").and_then(Value::as_str) {
            match arn::parse(text, ARN_RESOURCE_TYPE) {
                Ok(parsed) => found.extend(contradicting_region(config, text, parsed.region)),
                Err(error) => found.push(invalid_arn(text, &error)),
            }
        }
        if let Some(name) = config.attr("name").and_then(Value::as_str) {
            found.extend(invalid_name(name));
        }
        found
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let found = match (
            config.attr("arn").and_then(Value::as_str),
            config.attr("name").and_then(Value::as_str),
        ) {
            (Some(text), None) => {
                let parsed =
                    arn::parse(text, ARN_RESOURCE_TYPE).map_err(|e| vec![invalid_arn(text, &e)])?;
                read_by_arn(aws, text, parsed.region, "arn").await?
            }
            (None, Some(name)) => read_by_name(aws, name, &region::chosen(aws, config)).await?,
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

/// GetRecordingConfiguration of `arn` in its region; a failure is an error on `at`.
async fn read_by_arn(
    aws: &dyn AwsContext,
    arn: &str,
    arn_region: &str,
    at: &str,
) -> Result<Api, Diagnostics> {
    let client = aws.ivs(arn_region);
    ivs::get_recording_configuration(&client, arn)
        .await
        .map_err(|failure| {
            vec![
                failure
                    .diagnostic(&client, &ivs::getting(arn))
                    .at(AttributePath::attribute(at)),
            ]
        })
}

/// The one recording configuration named `name` in `region`; none or several is an error on
/// `name`.
async fn read_by_name(aws: &dyn AwsContext, name: &str, region: &str) -> Result<Api, Diagnostics> {
    let at = || AttributePath::attribute("name");
    let client = aws.ivs(region);
    let listed = ivs::list_recording_configurations(&client)
        .await
        .map_err(|failure| vec![failure.diagnostic(&client, &ivs::listing(region)).at(at())])?;
    let mut arns: Vec<&str> = listed
        .iter()
        .filter(|rc| rc.name() == Some(name))
        .map(|rc| rc.arn())
        .collect();
    arns.sort_unstable();
    match arns[..] {
        [arn] => read_by_arn(aws, arn, region, "name").await,
        [] => Err(vec![
            Diagnostic::error(
                format!(
                    "No recording configuration named {} in {region}",
                    quote(name)
                ),
                format!(
                    "IVS in region {region} has no recording configuration named {}. \
                     Check the name, and the region: set `region` to look in another one.",
                    quote(name)
                ),
            )
            .at(at()),
        ]),
        _ => Err(vec![
            Diagnostic::error(
                format!("Several recording configurations are named {}", quote(name)),
                format!(
                    "{} recording configurations in region {region} are named {}:\n  \
                     {}\nNames need not be unique: set `arn` to the one to read instead of \
                     `name`.",
                    arns.len(),
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

/// An error on `name` if IVS could not have such a name.
fn invalid_name(name: &str) -> Option<Diagnostic> {
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
    Some(
        Diagnostic::error(
            "Invalid recording configuration name",
            format!(
                "The name {} {why}, so no recording configuration can have it.",
                quote(name)
            ),
        )
        .at(AttributePath::attribute("name")),
    )
}

fn invalid_arn(text: &str, error: &arn::ArnError) -> Diagnostic {
    Diagnostic::error(
        "Invalid recording configuration ARN",
        format!(
            "{} is not an IVS recording configuration ARN: {error}.\nExpected \
             arn:<partition>:ivs:<region>:<account>:recording-configuration/<id>, for example \
             arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234.",
            quote(text)
        ),
    )
    .at(AttributePath::attribute("arn"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Number;
    use aws_sdk_ivs::types::{
        DestinationConfiguration, RecordingConfigurationState, RecordingMode,
        S3DestinationConfiguration, ThumbnailConfiguration, ThumbnailConfigurationResolution,
        ThumbnailConfigurationStorage,
    };
    use std::collections::BTreeMap;

    const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

    fn config(arn: Value) -> Value {
        let mut attributes: BTreeMap<String, Value> = RecordingConfiguration::new()
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
        let source = RecordingConfiguration::new();
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
    fn maps_absent_fields_to_null() {
        let minimal = Api::builder()
            .arn(ARN)
            .state(RecordingConfigurationState::Active)
            .build()
            .unwrap();
        let state = full().state(&minimal);
        assert_eq!(state.attr("id"), Some(&Value::String(ARN.into())));
        assert_eq!(state.attr("state"), Some(&Value::String("ACTIVE".into())));
        for absent in [
            "name",
            "tags",
            "destination_configuration",
            "thumbnail_configuration",
            "rendition_configuration",
        ] {
            assert_eq!(state.attr(absent), Some(&Value::Null), "{absent}");
        }
        let encoded = crate::values::encode_msgpack(
            &state,
            &RecordingConfiguration::new().schema.block.value_type(),
        );
        assert!(encoded.is_ok(), "{encoded:?}");
    }

    #[test]
    fn maps_every_field() {
        let full_api = Api::builder()
            .arn(ARN)
            .name("main")
            .state(RecordingConfigurationState::Active)
            .recording_reconnect_window_seconds(42)
            .tags("team", "video")
            .destination_configuration(
                DestinationConfiguration::builder()
                    .s3(S3DestinationConfiguration::builder()
                        .bucket_name("bucket-1")
                        .build()
                        .unwrap())
                    .build(),
            )
            .thumbnail_configuration(
                ThumbnailConfiguration::builder()
                    .recording_mode(RecordingMode::Interval)
                    .target_interval_seconds(30)
                    .resolution(ThumbnailConfigurationResolution::Hd)
                    .storage(ThumbnailConfigurationStorage::Latest)
                    .storage(ThumbnailConfigurationStorage::Sequential)
                    .build(),
            )
            .build()
            .unwrap();
        let state = full().state(&full_api);
        let thumbnails = state.attr("thumbnail_configuration").unwrap();
        assert_eq!(
            thumbnails.attr("target_interval_seconds"),
            Some(&Value::Number(Number::Int(30)))
        );
        assert_eq!(
            thumbnails.attr("resolution"),
            Some(&Value::String("HD".into()))
        );
        assert_eq!(
            thumbnails.attr("storage"),
            Some(&Value::List(vec![
                Value::String("LATEST".into()),
                Value::String("SEQUENTIAL".into())
            ]))
        );
        let bucket = state
            .attr("destination_configuration")
            .and_then(|d| d.attr("s3"))
            .and_then(|s| s.attr("bucket_name"));
        assert_eq!(bucket, Some(&Value::String("bucket-1".into())));
        assert_eq!(
            state.attr("recording_reconnect_window_seconds"),
            Some(&Value::Number(Number::Int(42)))
        );
        let tags = state.attr("tags").unwrap();
        assert_eq!(
            tags,
            &Value::Map([("team".to_owned(), Value::String("video".into()))].into())
        );
    }

    #[test]
    fn a_missing_state_is_null_not_the_sdk_placeholder() {
        let odd = Api::builder()
            .arn(ARN)
            .state(RecordingConfigurationState::from("no value was set"))
            .build()
            .unwrap();
        assert_eq!(full().state(&odd).attr("state"), Some(&Value::Null));
    }
}
