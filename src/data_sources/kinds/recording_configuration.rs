//! The recording configuration: where a channel's recordings go (an S3 bucket), and how
//! thumbnails and renditions are recorded. `ivs_recording_configuration(s)`.

use aws_sdk_ivs::types::{self as sdk, DestinationConfiguration};

use crate::data_sources::{IvsClient, finders};
use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Filter, Kind, Names, Page};
use crate::data_sources::shape::{self, Shape};
use crate::data_sources::shared_attributes;
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Text};
use crate::values::{Type, Value};

/// The kind (its SDK types are `sdk::RecordingConfiguration` and its summary).
pub struct RecordingConfiguration;

/// The SDK fills this in for a response that has no `state` (it is a required member).
const SDK_MISSING_ENUM: &str = "no value was set";
/// The states a recording configuration can be in.
const STATES: [&str; 3] = ["CREATING", "CREATE_FAILED", "ACTIVE"];
/// The most ListRecordingConfigurations returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

crate::named_resource!(required: sdk::RecordingConfiguration, sdk::RecordingConfigurationSummary);

/// The state, or None when IVS sent none.
fn state(state: &sdk::RecordingConfigurationState) -> Option<&str> {
    Some(state.as_str()).filter(|s| *s != SDK_MISSING_ENUM)
}

impl Kind for RecordingConfiguration {
    type Full = sdk::RecordingConfiguration;
    type Summary = sdk::RecordingConfigurationSummary;
    type ListRequest = aws_sdk_ivs::operation::list_recording_configurations::builders::ListRecordingConfigurationsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_recording_configuration",
        plural: "ivs_recording_configurations",
        list_attribute: "recording_configurations",
        what: "recording configuration",
        what_plural: "recording configurations",
        arn_type: "recording-configuration",
        get_action: "ivs:GetRecordingConfiguration",
        list_action: "ivs:ListRecordingConfigurations",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS recording configuration, by ARN or by name: where a channel's \
         recordings go, and how thumbnails and renditions are recorded."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS recording configurations of a region, optionally filtered by name, \
         state and tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Self::Full> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            shape::text(
                "state",
                "State of the recording configuration: `CREATING`, `CREATE_FAILED` or `ACTIVE`.",
                |rc| state(&rc.state),
            ),
            shared_attributes::tags::<Self>(),
            shape::object(
                "destination_configuration",
                "Where recorded video is stored.",
                destination(),
                |rc: &Self::Full| rc.destination_configuration.as_ref(),
            ),
            shape::whole(
                "recording_reconnect_window_seconds",
                "If a broadcast disconnects and reconnects within this many seconds, the \
                 recordings are merged into one (0 to 300; 0 means never merged).",
                |rc| Some(rc.recording_reconnect_window_seconds.into()),
            ),
            shape::object(
                "thumbnail_configuration",
                "How thumbnails of a live session are recorded.",
                thumbnails(),
                |rc: &Self::Full| rc.thumbnail_configuration.as_ref(),
            ),
            shape::object(
                "rendition_configuration",
                "Which renditions of the stream are recorded.",
                renditions(),
                |rc: &Self::Full| rc.rendition_configuration.as_ref(),
            ),
        ]);
        Shape(fields)
    }

    fn filters() -> Vec<Filter<Self>> {
        vec![Filter {
            attribute: Attribute::optional(
                "states",
                Type::set(Type::String),
                "Only those in one of these states: `CREATING`, `CREATE_FAILED`, `ACTIVE`.",
            ),
            check: Some(Box::new(invalid_state)),
            api: None,
            keeps: Box::new(|rc, states| {
                let wanted = states.elements().unwrap_or_default();
                state(&rc.state).is_some_and(|s| wanted.iter().any(|w| w.as_str() == Some(s)))
            }),
        }]
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Self::Full, Failure> {
        let request = ivs.client.get_recording_configuration().arn(arn);
        let output = crate::sdk_call!(request).await?;
        output.recording_configuration.ok_or_else(Failure::empty)
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Self::Full>, Diagnostic> {
        // The API has no batch read of recording configurations.
        finders::read_one_by_one::<Self>(ivs, arns).await
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client
            .list_recording_configurations()
            .max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<Self::Summary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.recording_configurations,
            next_token: page.next_token,
        })
    }
}

/// An error on `states` for each value that is not a state.
fn invalid_state(states: &Value) -> Diagnostics {
    states
        .elements()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().filter(|s| !STATES.contains(s)))
        .map(|bad| {
            Diagnostic::error(
                "Invalid state in states",
                format!(
                    "{} is not a recording configuration state: use {}.",
                    quote(bad),
                    STATES.join(", ")
                ),
            )
            .at(AttributePath::attribute("states"))
        })
        .collect()
}

fn destination() -> Shape<DestinationConfiguration> {
    let s3 = Shape(vec![shape::text(
        "bucket_name",
        "Name of the S3 bucket the recordings are stored in.",
        |s3: &sdk::S3DestinationConfiguration| Some(&s3.bucket_name),
    )]);
    Shape(vec![shape::object(
        "s3",
        "The S3 destination of the recordings.",
        s3,
        |d: &DestinationConfiguration| d.s3.as_ref(),
    )])
}

fn thumbnails() -> Shape<sdk::ThumbnailConfiguration> {
    Shape(vec![
        shape::text(
            "recording_mode",
            "Whether thumbnails are recorded: `INTERVAL` or `DISABLED`.",
            |t| t.recording_mode.as_ref().map(|m| m.as_str()),
        ),
        shape::whole(
            "target_interval_seconds",
            "Seconds between thumbnails when `recording_mode` is `INTERVAL` (1 to 60).",
            |t| t.target_interval_seconds,
        ),
        shape::text(
            "resolution",
            "Thumbnail resolution: `SD`, `HD`, `FULL_HD` or `LOWEST_RESOLUTION`; null means the \
             resolution of the source stream.",
            |t| t.resolution.as_ref().map(|r| r.as_str()),
        ),
        shape::text_list(
            "storage",
            "How thumbnails are stored: `SEQUENTIAL` (all of them) and/or `LATEST` (only the \
             latest one).",
            |t| t.storage.as_deref(),
        ),
    ])
}

fn renditions() -> Shape<sdk::RenditionConfiguration> {
    Shape(vec![
        shape::text(
            "rendition_selection",
            "Which renditions are recorded: `ALL`, `NONE` or `CUSTOM` (those in `renditions`).",
            |r| r.rendition_selection.as_ref().map(|s| s.as_str()),
        ),
        shape::text_list(
            "renditions",
            "The renditions recorded when `rendition_selection` is `CUSTOM`: `SD`, `HD`, \
             `FULL_HD`, `LOWEST_RESOLUTION`.",
            |r| r.renditions.as_deref(),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sources::DataSource;
    use crate::data_sources::singular::Singular;
    use crate::values::Number;
    use aws_sdk_ivs::types::{
        RecordingConfiguration as Api, RecordingConfigurationState, RecordingMode,
        S3DestinationConfiguration, ThumbnailConfiguration, ThumbnailConfigurationResolution,
        ThumbnailConfigurationStorage,
    };

    const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234";

    fn full() -> Shape<Api> {
        RecordingConfiguration::shape()
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
            &Singular::<RecordingConfiguration>::new().schema().block.value_type(),
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
