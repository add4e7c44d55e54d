//! Ad configurations: the AWS Elemental MediaTailor playback configurations a channel's ads
//! come from, and its post-roll ad break. Channels name one by `adConfigurationArn`; one a
//! channel names cannot be deleted (409 ConflictException).

use super::{Context, Kind, Role, default};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::json;

pub static KIND: Kind = Kind {
    resource_type: "ad-configuration",
    what: "ad configuration",
    what_plural: "ad configurations",
    shape: "AdConfiguration",
    summary_shape: "AdConfigurationSummary",
    member: "adConfiguration",
    list_member: "adConfigurations",
    operations: &[
        (Role::Create, "CreateAdConfiguration"),
        (Role::Get, "GetAdConfiguration"),
        (Role::List, "ListAdConfigurations"),
        (Role::Update, "UpdateAdConfiguration"),
        (Role::Delete, "DeleteAdConfiguration"),
    ],
    // No figure for ad configurations on the quotas page available here: the channel quota,
    // so that it never binds before the channels that would use them.
    quota: 5000,
    prepare,
    ..super::PLAIN
};

/// The documented defaults: `name` "" ("Defaults to \"\""), and post-roll "Default: disabled
/// (enabled set to false, durationSeconds set to 15)". The MediaTailor configurations are
/// required by the model and kept as given (ivs-local does not serve MediaTailor).
fn prepare(configuration: &mut Resource, _: &Context<'_>) -> Result<(), ApiError> {
    default(configuration, "name", "");
    default(configuration, "tags", json!({}));
    default(
        configuration,
        "postRollConfiguration",
        json!({"enabled": false, "durationSeconds": 15}),
    );
    Ok(())
}
