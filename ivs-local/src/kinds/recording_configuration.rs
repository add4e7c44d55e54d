//! Recording configurations: where and how a channel's streams are recorded (S3, thumbnails,
//! renditions). Created `ACTIVE`, or `CREATING` for the create delay first.

use super::{Context, Delayed, Kind, Role, SeedField, default};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::{Value, json};

pub static KIND: Kind = Kind {
    resource_type: "recording-configuration",
    what: "recording configuration",
    what_plural: "recording configurations",
    shape: "RecordingConfiguration",
    summary_shape: "RecordingConfigurationSummary",
    member: "recordingConfiguration",
    list_member: "recordingConfigurations",
    operations: &[
        (Role::Create, "CreateRecordingConfiguration"),
        (Role::Get, "GetRecordingConfiguration"),
        (Role::List, "ListRecordingConfigurations"),
        (Role::Delete, "DeleteRecordingConfiguration"),
    ],
    // AWS's default quota per region and account; `--quota` changes it.
    quota: DEFAULT_QUOTA,
    delayed: Some(Delayed {
        member: "state",
        pending: "CREATING",
        settled: "ACTIVE",
    }),
    seed_fields: &[SeedField::Member("state"), SeedField::InUse("inUseByChannel")],
    prepare,
    ..super::PLAIN
};

/// AWS's default quota of recording configurations per region and account.
pub const DEFAULT_QUOTA: usize = 20;

/// The documented defaults: `name` `""`, thumbnails `INTERVAL` every 60 s stored
/// `SEQUENTIAL`, renditions `ALL`, reconnect window 0, state `ACTIVE`.
fn prepare(resource: &mut Resource, _: &Context<'_>) -> Result<(), ApiError> {
    // "For recording, you define one and only one type of destination configuration": S3 is
    // the only type the model has.
    let destination = resource.get("destinationConfiguration");
    if destination.and_then(|d| d.get("s3")).is_none() {
        return Err(ApiError::validation(
            "destinationConfiguration must specify exactly one destination type: s3",
        ));
    }
    default(resource, "name", "");
    default(resource, "tags", json!({}));
    default(resource, "state", "ACTIVE");
    default(resource, "recordingReconnectWindowSeconds", 0);
    default(resource, "thumbnailConfiguration", json!({}));
    if let Some(Value::Object(thumbnail)) = resource.get_mut("thumbnailConfiguration") {
        default(thumbnail, "recordingMode", "INTERVAL");
        default(thumbnail, "targetIntervalSeconds", 60);
        default(thumbnail, "storage", json!(["SEQUENTIAL"]));
    }
    default(resource, "renditionConfiguration", json!({}));
    if let Some(Value::Object(rendition)) = resource.get_mut("renditionConfiguration") {
        default(rendition, "renditionSelection", "ALL");
        default(rendition, "renditions", json!([]));
        // "If CUSTOM is specified, a set of renditions must be specified in the renditions
        // field."
        let none = rendition
            .get("renditions")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty);
        let custom = rendition.get("renditionSelection") == Some(&json!("CUSTOM"));
        if custom && none {
            return Err(ApiError::validation(
                "renditionConfiguration.renditions must be specified when renditionSelection is CUSTOM",
            ));
        }
    }
    Ok(())
}
