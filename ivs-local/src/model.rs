//! Wire shapes of the IVS recording-configuration API (botocore
//! `ivs/2020-07-14/service-2.json`), with the model's member names.
//!
//! Output shapes hold validated values. Input shapes are deliberately
//! permissive (every member optional, enums as plain strings, integers as
//! `i64`) so that a well-formed JSON body with bad values reaches validation
//! and gets a `ValidationException` naming the member, as from AWS, instead
//! of a deserialization error.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `Tags`: a map of tag keys to values.
pub type Tags = BTreeMap<String, String>;

/// `RecordingConfigurationState` values.
pub const STATES: &[&str] = &["CREATING", "CREATE_FAILED", "ACTIVE"];
/// `RecordingMode` values.
pub const RECORDING_MODES: &[&str] = &["DISABLED", "INTERVAL"];
/// `ThumbnailConfigurationResolution` values.
pub const THUMBNAIL_RESOLUTIONS: &[&str] = &["SD", "HD", "FULL_HD", "LOWEST_RESOLUTION"];
/// `ThumbnailConfigurationStorage` values.
pub const THUMBNAIL_STORAGE: &[&str] = &["SEQUENTIAL", "LATEST"];
/// `RenditionConfigurationRenditionSelection` values.
pub const RENDITION_SELECTIONS: &[&str] = &["ALL", "NONE", "CUSTOM"];
/// `RenditionConfigurationRendition` values.
pub const RENDITIONS: &[&str] = &["SD", "HD", "FULL_HD", "LOWEST_RESOLUTION"];

/// `S3DestinationConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct S3DestinationConfiguration {
    pub bucket_name: String,
}

/// `DestinationConfiguration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationConfiguration {
    pub s3: S3DestinationConfiguration,
}

/// `ThumbnailConfiguration`, with the documented defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThumbnailConfiguration {
    pub recording_mode: String,
    pub target_interval_seconds: i64,
    /// Absent means source resolution ("Default: Null").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    pub storage: Vec<String>,
}

/// `RenditionConfiguration`, with the documented defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenditionConfiguration {
    pub rendition_selection: String,
    pub renditions: Vec<String>,
}

/// `RecordingConfiguration` as Create and Get return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingConfiguration {
    pub arn: String,
    pub name: String,
    pub destination_configuration: DestinationConfiguration,
    pub state: String,
    pub tags: Tags,
    pub thumbnail_configuration: ThumbnailConfiguration,
    pub recording_reconnect_window_seconds: i64,
    pub rendition_configuration: RenditionConfiguration,
}

/// `RecordingConfigurationSummary` as List returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingConfigurationSummary {
    pub arn: String,
    pub name: String,
    pub destination_configuration: DestinationConfiguration,
    pub state: String,
    pub tags: Tags,
}

impl From<&RecordingConfiguration> for RecordingConfigurationSummary {
    fn from(config: &RecordingConfiguration) -> Self {
        Self {
            arn: config.arn.clone(),
            name: config.name.clone(),
            destination_configuration: config.destination_configuration.clone(),
            state: config.state.clone(),
            tags: config.tags.clone(),
        }
    }
}

/// `CreateRecordingConfigurationRequest` as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRecordingConfigurationInput {
    pub name: Option<String>,
    pub destination_configuration: Option<DestinationConfigurationInput>,
    pub tags: Option<Tags>,
    pub thumbnail_configuration: Option<ThumbnailConfigurationInput>,
    pub recording_reconnect_window_seconds: Option<i64>,
    pub rendition_configuration: Option<RenditionConfigurationInput>,
}

/// `DestinationConfiguration` as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationConfigurationInput {
    pub s3: Option<S3DestinationConfigurationInput>,
}

/// `S3DestinationConfiguration` as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct S3DestinationConfigurationInput {
    pub bucket_name: Option<String>,
}

/// `ThumbnailConfiguration` as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThumbnailConfigurationInput {
    pub recording_mode: Option<String>,
    pub target_interval_seconds: Option<i64>,
    pub resolution: Option<String>,
    pub storage: Option<Vec<String>>,
}

/// `RenditionConfiguration` as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenditionConfigurationInput {
    pub rendition_selection: Option<String>,
    pub renditions: Option<Vec<String>>,
}

/// `GetRecordingConfigurationRequest` / `DeleteRecordingConfigurationRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArnInput {
    pub arn: Option<String>,
}

/// `ListRecordingConfigurationsRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRecordingConfigurationsInput {
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// The body of `TagResourceRequest` (the ARN travels in the path).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagResourceBody {
    pub tags: Option<Tags>,
}
