//! `ivs_recording_configuration`: reads one IVS recording configuration by ARN
//! (GetRecordingConfiguration) and exposes every field of it.

use async_trait::async_trait;
use aws_sdk_ivs::types::RecordingConfiguration as Api;

use super::recording_configuration_shape::full;
use super::shape::Shape;
use super::{AwsContext, DataSource, arn, ivs};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::schema::{Block, Mode, Schema};
use crate::values::Value;

const TYPE_NAME: &str = "ivs_recording_configuration";
const ARN_RESOURCE_TYPE: &str = "recording-configuration";

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
                Mode::Required,
                "ARN of the recording configuration, \
                 `arn:aws:ivs:<region>:<account>:recording-configuration/<id>`.",
            ),
            _ => attribute,
        })
        .collect();
    Schema {
        version: 0,
        block: Block {
            description: "Reads an Amazon IVS recording configuration: where a channel's \
                          recordings go, and how thumbnails and renditions are recorded.",
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

    fn validate(&self, config: &Value) -> Diagnostics {
        // An unknown ARN (from a resource not created yet) is checked when it is known.
        match config.attr("arn") {
            Some(Value::String(text)) => match arn::parse(text, ARN_RESOURCE_TYPE) {
                Ok(_) => Vec::new(),
                Err(error) => vec![invalid_arn(text, &error)],
            },
            _ => Vec::new(),
        }
    }

    async fn read(&self, aws: &dyn AwsContext, config: &Value) -> Result<Value, Diagnostics> {
        let Some(text) = config.attr("arn").and_then(Value::as_str) else {
            return Err(vec![
                Diagnostic::error(
                    "The argument \"arn\" is required",
                    "Set `arn` to the ARN of the recording configuration to read.",
                )
                .at(AttributePath::attribute("arn")),
            ]);
        };
        let parsed =
            arn::parse(text, ARN_RESOURCE_TYPE).map_err(|e| vec![invalid_arn(text, &e)])?;
        let client = aws.ivs(aws.region());
        match ivs::get_recording_configuration(&client, text).await {
            Ok(found) => Ok(self.shape.state(&found)),
            Err(failure) => Err(vec![
                failure
                    .diagnostic(&client, &ivs::getting(text, parsed.region))
                    .at(AttributePath::attribute("arn")),
            ]),
        }
    }
}

fn invalid_arn(text: &str, error: &arn::ArnError) -> Diagnostic {
    Diagnostic::error(
        "Invalid recording configuration ARN",
        format!(
            "{text:?} is not an IVS recording configuration ARN: {error}.\nExpected \
             arn:<partition>:ivs:<region>:<account>:recording-configuration/<id>, for example \
             arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234."
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
            "arn:aws:ivs:us-west-2:1:channel/x".into(),
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
