//! Failover slate configurations: when a channel shows its slate after ingest stops, and for
//! how long. Channels name one by `failoverSlateConfigurationArn`; one a channel names cannot
//! be deleted (409 ConflictException). `CREATED` at once, or `CREATING` for the create delay.

use super::{Context, Delayed, Kind, Role, default};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::json;

pub static KIND: Kind = Kind {
    resource_type: "failover-slate-configuration",
    what: "failover slate configuration",
    what_plural: "failover slate configurations",
    shape: "FailoverSlateConfiguration",
    summary_shape: "FailoverSlateConfigurationSummary",
    member: "failoverSlateConfiguration",
    list_member: "failoverSlateConfigurations",
    operations: &[
        (Role::Create, "CreateFailoverSlateConfiguration"),
        (Role::Get, "GetFailoverSlateConfiguration"),
        (Role::List, "ListFailoverSlateConfigurations"),
        (Role::Update, "UpdateFailoverSlateConfiguration"),
        (Role::Delete, "DeleteFailoverSlateConfiguration"),
    ],
    // No figure on the quotas page available here: the channel quota (see ad configurations).
    quota: 5000,
    delayed: Some(Delayed {
        member: "state",
        pending: "CREATING",
        settled: "CREATED",
    }),
    prepare,
    ..super::PLAIN
};

/// The documented defaults: activation after 3 s of interruption, the slate shown at least 3
/// and at most 60 s, `name` "", state `CREATED`.
fn prepare(configuration: &mut Resource, _: &Context<'_>) -> Result<(), ApiError> {
    default(configuration, "name", "");
    default(configuration, "tags", json!({}));
    default(configuration, "activationThresholdSeconds", 3);
    default(configuration, "minSlateDisplaySeconds", 3);
    default(configuration, "maxSlateDisplaySeconds", 60);
    default(configuration, "state", "CREATED");
    Ok(())
}
