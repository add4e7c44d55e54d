//! The recording configuration, declared once: every attribute with its description and its
//! mapping from the SDK's types. `ivs_recording_configuration` is one of these objects;
//! `ivs_recording_configurations` lists them.

use std::collections::HashMap;

use aws_sdk_ivs::types::{
    DestinationConfiguration, RecordingConfiguration, RecordingConfigurationSummary,
    RenditionConfiguration, ThumbnailConfiguration,
};

use super::arn;
use super::recording_configuration::ARN_RESOURCE_TYPE;
use super::shape::{Field, Shape, optional_string, string_list};
use crate::schema::Attribute;
use crate::values::{Number, Type, Value};

/// The SDK fills this in for a response that has no `state` (it is a required member).
const SDK_MISSING_ENUM: &str = "no value was set";

/// What GetRecordingConfiguration and ListRecordingConfigurations both return, so the attributes
/// they share are declared once, and filters can run on the list before any Get.
pub trait RecordingConfigurationView {
    fn arn(&self) -> &str;
    fn name(&self) -> Option<&str>;
    /// The state, or None when IVS sent none.
    fn state(&self) -> Option<&str>;
    fn tags(&self) -> Option<&HashMap<String, String>>;
    fn destination(&self) -> Option<&DestinationConfiguration>;
}

impl RecordingConfigurationView for RecordingConfiguration {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn state(&self) -> Option<&str> {
        Some(self.state.as_str()).filter(|s| *s != SDK_MISSING_ENUM)
    }
    fn tags(&self) -> Option<&HashMap<String, String>> {
        self.tags.as_ref()
    }
    fn destination(&self) -> Option<&DestinationConfiguration> {
        self.destination_configuration.as_ref()
    }
}

impl RecordingConfigurationView for RecordingConfigurationSummary {
    fn arn(&self) -> &str {
        &self.arn
    }
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn state(&self) -> Option<&str> {
        Some(self.state.as_str()).filter(|s| *s != SDK_MISSING_ENUM)
    }
    fn tags(&self) -> Option<&HashMap<String, String>> {
        self.tags.as_ref()
    }
    fn destination(&self) -> Option<&DestinationConfiguration> {
        self.destination_configuration.as_ref()
    }
}

/// The attributes Get and List share: the only declaration of them.
fn common<T: RecordingConfigurationView + 'static>() -> Vec<Field<T>> {
    vec![
        Field::new(
            Attribute::computed(
                "arn",
                Type::String,
                "ARN of the recording configuration, \
                 `arn:aws:ivs:<region>:<account>:recording-configuration/<id>`.",
            ),
            |rc: &T| Value::String(rc.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed("id", Type::String, "The recording configuration's ARN."),
            |rc: &T| Value::String(rc.arn().to_owned()),
        ),
        Field::new(
            Attribute::computed(
                "region",
                Type::String,
                "Region of the recording configuration (from its ARN).",
            ),
            |rc: &T| {
                optional_string(
                    arn::parse(rc.arn(), ARN_RESOURCE_TYPE)
                        .ok()
                        .map(|a| a.region),
                )
            },
        ),
        Field::new(
            Attribute::computed(
                "name",
                Type::String,
                "Name of the recording configuration (may be empty).",
            ),
            |rc: &T| optional_string(rc.name()),
        ),
        Field::new(
            Attribute::computed(
                "state",
                Type::String,
                "State of the recording configuration: `CREATING`, `CREATE_FAILED` or `ACTIVE`.",
            ),
            |rc: &T| optional_string(rc.state()),
        ),
        Field::new(
            Attribute::computed(
                "tags",
                Type::map(Type::String),
                "Tags on the recording configuration.",
            ),
            |rc: &T| {
                rc.tags().map_or(Value::Null, |tags| {
                    Value::map(
                        tags.iter()
                            .map(|(k, v)| (k.clone(), Value::String(v.clone()))),
                    )
                })
            },
        ),
        object_field(
            "destination_configuration",
            "Where recorded video is stored.",
            destination(),
            |rc: &T| rc.destination(),
        ),
    ]
}

/// Every attribute of a recording configuration, as GetRecordingConfiguration returns it.
pub fn full() -> Shape<RecordingConfiguration> {
    let mut fields = common::<RecordingConfiguration>();
    fields.extend([
        Field::new(
            Attribute::computed(
                "recording_reconnect_window_seconds",
                Type::Number,
                "If a broadcast disconnects and reconnects within this many seconds, the \
                 recordings are merged into one (0 to 300; 0 means never merged).",
            ),
            |rc: &RecordingConfiguration| {
                Value::Number(Number::Int(rc.recording_reconnect_window_seconds.into()))
            },
        ),
        object_field(
            "thumbnail_configuration",
            "How thumbnails of a live session are recorded.",
            thumbnails(),
            |rc: &RecordingConfiguration| rc.thumbnail_configuration.as_ref(),
        ),
        object_field(
            "rendition_configuration",
            "Which renditions of the stream are recorded.",
            renditions(),
            |rc: &RecordingConfiguration| rc.rendition_configuration.as_ref(),
        ),
    ]);
    Shape(fields)
}

/// The attributes a list's summaries have: those shared with [`full`], the same declarations.
pub fn summary() -> Shape<RecordingConfigurationSummary> {
    Shape(common())
}

/// A computed object attribute made of `shape`, read from the part `get` finds (null if none).
fn object_field<T, N: 'static>(
    name: &'static str,
    description: &'static str,
    shape: Shape<N>,
    get: impl Fn(&T) -> Option<&N> + Send + Sync + 'static,
) -> Field<T> {
    Field::new(
        Attribute::computed_object(name, shape.attributes(), description),
        move |rc: &T| get(rc).map_or(Value::Null, |part| shape.state(part)),
    )
}

fn destination() -> Shape<DestinationConfiguration> {
    let s3 = Shape(vec![Field::new(
        Attribute::computed(
            "bucket_name",
            Type::String,
            "Name of the S3 bucket the recordings are stored in.",
        ),
        |s3: &aws_sdk_ivs::types::S3DestinationConfiguration| Value::String(s3.bucket_name.clone()),
    )]);
    Shape(vec![object_field(
        "s3",
        "The S3 destination of the recordings.",
        s3,
        |d: &DestinationConfiguration| d.s3.as_ref(),
    )])
}

fn thumbnails() -> Shape<ThumbnailConfiguration> {
    Shape(vec![
        Field::new(
            Attribute::computed(
                "recording_mode",
                Type::String,
                "Whether thumbnails are recorded: `INTERVAL` or `DISABLED`.",
            ),
            |t: &ThumbnailConfiguration| {
                optional_string(t.recording_mode.as_ref().map(|m| m.as_str()))
            },
        ),
        Field::new(
            Attribute::computed(
                "target_interval_seconds",
                Type::Number,
                "Seconds between thumbnails when `recording_mode` is `INTERVAL` (1 to 60).",
            ),
            |t: &ThumbnailConfiguration| {
                t.target_interval_seconds
                    .map_or(Value::Null, |s| Value::Number(Number::Int(s)))
            },
        ),
        Field::new(
            Attribute::computed(
                "resolution",
                Type::String,
                "Thumbnail resolution: `SD`, `HD`, `FULL_HD` or `LOWEST_RESOLUTION`; null means \
                 the resolution of the source stream.",
            ),
            |t: &ThumbnailConfiguration| optional_string(t.resolution.as_ref().map(|r| r.as_str())),
        ),
        Field::new(
            Attribute::computed(
                "storage",
                Type::list(Type::String),
                "How thumbnails are stored: `SEQUENTIAL` (all of them) and/or `LATEST` (only the \
                 latest one).",
            ),
            |t: &ThumbnailConfiguration| string_list(t.storage.as_deref(), |s| s.as_str()),
        ),
    ])
}

fn renditions() -> Shape<RenditionConfiguration> {
    Shape(vec![
        Field::new(
            Attribute::computed(
                "rendition_selection",
                Type::String,
                "Which renditions are recorded: `ALL`, `NONE` or `CUSTOM` (those in `renditions`).",
            ),
            |r: &RenditionConfiguration| {
                optional_string(r.rendition_selection.as_ref().map(|s| s.as_str()))
            },
        ),
        Field::new(
            Attribute::computed(
                "renditions",
                Type::list(Type::String),
                "The renditions recorded when `rendition_selection` is `CUSTOM`: `SD`, `HD`, \
                 `FULL_HD`, `LOWEST_RESOLUTION`.",
            ),
            |r: &RenditionConfiguration| string_list(r.renditions.as_deref(), |s| s.as_str()),
        ),
    ])
}
