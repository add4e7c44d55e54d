//! `ivs_recording_configuration`: reads one IVS recording configuration by ARN
//! (GetRecordingConfiguration) and exposes every field of it.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_ivs::types::{
    DestinationConfiguration, RecordingConfiguration as Api, RenditionConfiguration,
    ThumbnailConfiguration,
};

use super::aws_call::{AttemptCounter, Call, diagnose};
use super::{AwsContext, DataSource, arn};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use crate::schema::{Attribute, Block, Schema};
use crate::values::{Number, Type, Value};

const TYPE_NAME: &str = "ivs_recording_configuration";
const ARN_RESOURCE_TYPE: &str = "recording-configuration";
/// The SDK fills this in for a response that has no `state` (it is a required member).
const SDK_MISSING_ENUM: &str = "no value was set";

pub struct RecordingConfiguration {
    schema: Schema,
}

impl RecordingConfiguration {
    pub fn new() -> Self {
        RecordingConfiguration { schema: schema() }
    }
}

fn schema() -> Schema {
    let string_list = || Type::list(Type::String);
    Schema {
        version: 0,
        block: Block {
            description: "Reads an Amazon IVS recording configuration: where a channel's \
                          recordings go, and how thumbnails and renditions are recorded.",
            attributes: vec![
                Attribute::required(
                    "arn",
                    Type::String,
                    "ARN of the recording configuration, \
                     `arn:aws:ivs:<region>:<account>:recording-configuration/<id>`.",
                ),
                Attribute::computed("id", Type::String, "The recording configuration's ARN."),
                Attribute::computed(
                    "name",
                    Type::String,
                    "Name of the recording configuration (may be empty).",
                ),
                Attribute::computed(
                    "state",
                    Type::String,
                    "State of the recording configuration: `CREATING`, `CREATE_FAILED` or `ACTIVE`.",
                ),
                Attribute::computed(
                    "recording_reconnect_window_seconds",
                    Type::Number,
                    "If a broadcast disconnects and reconnects within this many seconds, the \
                     recordings are merged into one (0 to 300; 0 means never merged).",
                ),
                Attribute::computed(
                    "tags",
                    Type::map(Type::String),
                    "Tags on the recording configuration.",
                ),
                Attribute::computed_object(
                    "destination_configuration",
                    vec![Attribute::computed_object(
                        "s3",
                        vec![Attribute::computed(
                            "bucket_name",
                            Type::String,
                            "Name of the S3 bucket the recordings are stored in.",
                        )],
                        "The S3 destination of the recordings.",
                    )],
                    "Where recorded video is stored.",
                ),
                Attribute::computed_object(
                    "thumbnail_configuration",
                    vec![
                        Attribute::computed(
                            "recording_mode",
                            Type::String,
                            "Whether thumbnails are recorded: `INTERVAL` or `DISABLED`.",
                        ),
                        Attribute::computed(
                            "target_interval_seconds",
                            Type::Number,
                            "Seconds between thumbnails when `recording_mode` is `INTERVAL` (1 to 60).",
                        ),
                        Attribute::computed(
                            "resolution",
                            Type::String,
                            "Thumbnail resolution: `SD`, `HD`, `FULL_HD` or `LOWEST_RESOLUTION`; \
                             null means the resolution of the source stream.",
                        ),
                        Attribute::computed(
                            "storage",
                            string_list(),
                            "How thumbnails are stored: `SEQUENTIAL` (all of them) and/or `LATEST` \
                             (only the latest one).",
                        ),
                    ],
                    "How thumbnails of a live session are recorded.",
                ),
                Attribute::computed_object(
                    "rendition_configuration",
                    vec![
                        Attribute::computed(
                            "rendition_selection",
                            Type::String,
                            "Which renditions are recorded: `ALL`, `NONE` or `CUSTOM` (those in \
                             `renditions`).",
                        ),
                        Attribute::computed(
                            "renditions",
                            string_list(),
                            "The renditions recorded when `rendition_selection` is `CUSTOM`: `SD`, \
                             `HD`, `FULL_HD`, `LOWEST_RESOLUTION`.",
                        ),
                    ],
                    "Which renditions of the stream are recorded.",
                ),
            ],
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

    async fn read(&self, aws: &AwsContext, config: &Value) -> Result<Value, Diagnostics> {
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
        let attempts = AttemptCounter::default();
        let result = aws
            .ivs
            .get_recording_configuration()
            .arn(text)
            .customize()
            .interceptor(attempts.clone())
            .send()
            .await;
        match result {
            Ok(output) => match output.recording_configuration {
                Some(found) => Ok(state(&found)),
                None => Err(vec![
                    Diagnostic::error(
                        "IVS returned no recording configuration",
                        format!(
                            "GetRecordingConfiguration for {text} succeeded but its answer held \
                             no recordingConfiguration."
                        ),
                    )
                    .at(AttributePath::attribute("arn")),
                ]),
            },
            Err(error) => {
                let call = Call {
                    action: "ivs:GetRecordingConfiguration",
                    what: "recording configuration",
                    arn: text,
                    arn_region: parsed.region,
                    attempts: attempts.attempts(),
                };
                Err(vec![
                    diagnose(&error, aws, &call).at(AttributePath::attribute("arn")),
                ])
            }
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

/// The data source's state: every attribute of the schema, null where IVS sent nothing.
fn state(found: &Api) -> Value {
    let state = found.state.as_str();
    object([
        ("arn", Value::String(found.arn.clone())),
        ("id", Value::String(found.arn.clone())),
        ("name", optional_string(found.name.as_deref())),
        (
            "state",
            optional_string(Some(state).filter(|s| *s != SDK_MISSING_ENUM)),
        ),
        (
            "recording_reconnect_window_seconds",
            Value::Number(Number::Int(found.recording_reconnect_window_seconds.into())),
        ),
        (
            "tags",
            found.tags.as_ref().map_or(Value::Null, |tags| {
                Value::Map(
                    tags.iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                )
            }),
        ),
        (
            "destination_configuration",
            found
                .destination_configuration
                .as_ref()
                .map_or(Value::Null, destination),
        ),
        (
            "thumbnail_configuration",
            found
                .thumbnail_configuration
                .as_ref()
                .map_or(Value::Null, thumbnails),
        ),
        (
            "rendition_configuration",
            found
                .rendition_configuration
                .as_ref()
                .map_or(Value::Null, renditions),
        ),
    ])
}

fn destination(destination: &DestinationConfiguration) -> Value {
    let s3 = destination.s3.as_ref().map_or(Value::Null, |s3| {
        object([("bucket_name", Value::String(s3.bucket_name.clone()))])
    });
    object([("s3", s3)])
}

fn thumbnails(thumbnails: &ThumbnailConfiguration) -> Value {
    object([
        (
            "recording_mode",
            optional_string(thumbnails.recording_mode.as_ref().map(|m| m.as_str())),
        ),
        (
            "target_interval_seconds",
            thumbnails
                .target_interval_seconds
                .map_or(Value::Null, |s| Value::Number(Number::Int(s))),
        ),
        (
            "resolution",
            optional_string(thumbnails.resolution.as_ref().map(|r| r.as_str())),
        ),
        (
            "storage",
            string_list(thumbnails.storage.as_deref(), |s| s.as_str()),
        ),
    ])
}

fn renditions(renditions: &RenditionConfiguration) -> Value {
    object([
        (
            "rendition_selection",
            optional_string(renditions.rendition_selection.as_ref().map(|s| s.as_str())),
        ),
        (
            "renditions",
            string_list(renditions.renditions.as_deref(), |r| r.as_str()),
        ),
    ])
}

fn object<const N: usize>(attributes: [(&str, Value); N]) -> Value {
    Value::Object(
        attributes
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn optional_string(text: Option<&str>) -> Value {
    text.map_or(Value::Null, |t| Value::String(t.to_owned()))
}

fn string_list<T>(items: Option<&[T]>, text: impl Fn(&T) -> &str) -> Value {
    items.map_or(Value::Null, |items| {
        Value::List(
            items
                .iter()
                .map(|item| Value::String(text(item).to_owned()))
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ivs::types::{
        RecordingConfigurationState, RecordingMode, S3DestinationConfiguration,
        ThumbnailConfigurationResolution, ThumbnailConfigurationStorage,
    };

    const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

    fn config(arn: Value) -> Value {
        let mut attributes: BTreeMap<String, Value> = schema()
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
        let state = state(&minimal);
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
        let encoded = crate::values::encode_msgpack(&state, &schema().block.value_type());
        assert!(encoded.is_ok(), "{encoded:?}");
    }

    #[test]
    fn maps_every_field() {
        let full = Api::builder()
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
        let state = state(&full);
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
            .state(RecordingConfigurationState::from(SDK_MISSING_ENUM))
            .build()
            .unwrap();
        assert_eq!(state(&odd).attr("state"), Some(&Value::Null));
    }
}
