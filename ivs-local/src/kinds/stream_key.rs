//! Stream keys: the secret an encoder streams to a channel with. CreateChannel makes each
//! channel's key; deleting the channel deletes it. CreateStreamKey makes one for a channel
//! that has none (after DeleteStreamKey): AWS allows one key per channel.

use super::{Context, Kind, Reference, Role, default};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::json;

pub static KIND: Kind = Kind {
    resource_type: "stream-key",
    what: "stream key",
    what_plural: "stream keys",
    shape: "StreamKey",
    summary_shape: "StreamKeySummary",
    member: "streamKey",
    list_member: "streamKeys",
    operations: &[
        (Role::Create, "CreateStreamKey"),
        (Role::Get, "GetStreamKey"),
        (Role::BatchGet, "BatchGetStreamKey"),
        (Role::List, "ListStreamKeys"),
        (Role::Delete, "DeleteStreamKey"),
    ],
    // One per channel, made with it: the channel quota bounds them.
    quota: usize::MAX,
    // AWS's quota "Stream keys per channel: 1" (not adjustable): CreateStreamKey for a channel
    // that has its key is 402 ServiceQuotaExceededException.
    quota_per_owner: QUOTA_PER_CHANNEL,
    owner: Some(Reference {
        member: "channelArn",
        resource_type: "channel",
    }),
    prepare,
    ..super::PLAIN
};

/// Most stream keys of one channel.
pub const QUOTA_PER_CHANNEL: usize = 1;

/// Length of the random part of stream-key values.
const VALUE_LENGTH: usize = 36;

/// `value` in AWS's form, `sk_{region}_` and random characters; no tags unless given.
fn prepare(key: &mut Resource, context: &Context<'_>) -> Result<(), ApiError> {
    let random: String = (0..VALUE_LENGTH).map(|_| fastrand::alphanumeric()).collect();
    default(key, "value", format!("sk_{}_{random}", context.scope.region));
    default(key, "tags", json!({}));
    Ok(())
}
