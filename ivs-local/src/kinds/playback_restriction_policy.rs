//! Playback restriction policies: the countries and origins a channel's playback is allowed
//! from. Channels name one by `playbackRestrictionPolicyArn`; a policy a channel names cannot
//! be deleted (409 ConflictException, as on AWS).

use super::{Context, Kind, Role, default};
use crate::errors::ApiError;
use crate::store::Resource;
use serde_json::json;

pub static KIND: Kind = Kind {
    resource_type: "playback-restriction-policy",
    what: "playback restriction policy",
    what_plural: "playback restriction policies",
    shape: "PlaybackRestrictionPolicy",
    summary_shape: "PlaybackRestrictionPolicySummary",
    member: "playbackRestrictionPolicy",
    list_member: "playbackRestrictionPolicies",
    operations: &[
        (Role::Create, "CreatePlaybackRestrictionPolicy"),
        (Role::Get, "GetPlaybackRestrictionPolicy"),
        (Role::List, "ListPlaybackRestrictionPolicies"),
        (Role::Update, "UpdatePlaybackRestrictionPolicy"),
        (Role::Delete, "DeletePlaybackRestrictionPolicy"),
    ],
    // The quotas page available here lists no figure for policies: the channel quota, so that
    // it never binds before the channels that would use them.
    quota: DEFAULT_QUOTA,
    prepare,
    ..super::PLAIN
};

/// Most playback restriction policies per region and account.
pub const DEFAULT_QUOTA: usize = 5000;

/// The documented defaults: "All countries (an empty array)", "All origins (an empty
/// array)", `enableStrictOriginEnforcement` false, `name` "".
fn prepare(policy: &mut Resource, _: &Context<'_>) -> Result<(), ApiError> {
    default(policy, "allowedCountries", json!([]));
    default(policy, "allowedOrigins", json!([]));
    default(policy, "enableStrictOriginEnforcement", false);
    default(policy, "name", "");
    default(policy, "tags", json!({}));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Scope;
    use serde_json::Value;

    #[test]
    fn defaults_are_documented_ones_and_given_members_stay() {
        let Value::Object(mut policy) = json!({"allowedCountries": ["FR"]}) else {
            unreachable!()
        };
        let scope = Scope::new("us-west-2", "123456789012");
        prepare(&mut policy, &Context { scope: &scope, id: "Pol" }).unwrap();
        assert_eq!(policy["allowedCountries"], json!(["FR"]));
        assert_eq!(policy["allowedOrigins"], json!([]));
        assert_eq!(policy["enableStrictOriginEnforcement"], false);
        assert_eq!(policy["name"], "");
    }
}
