//! The playback restriction policy: the countries and web origins a channel may be played
//! from. `ivs_playback_restriction_policy` and `ivs_playback_restriction_policies`.

use aws_sdk_ivs::types::{PlaybackRestrictionPolicy as Api, PlaybackRestrictionPolicySummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Kind, Names, Page};
use crate::data_sources::shape::{self, Field, Shape};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::{Attribute, Text};
use crate::values::{Type, Value};

/// The kind (its SDK types are `sdk::PlaybackRestrictionPolicy` and its summary).
pub struct PlaybackRestrictionPolicy;

/// The most ListPlaybackRestrictionPolicies returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

crate::named_resource!(required: Api, PlaybackRestrictionPolicySummary);

impl Kind for PlaybackRestrictionPolicy {
    type Full = Api;
    type Summary = PlaybackRestrictionPolicySummary;
    type ListRequest = aws_sdk_ivs::operation::list_playback_restriction_policies::builders::ListPlaybackRestrictionPoliciesFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_playback_restriction_policy",
        plural: "ivs_playback_restriction_policies",
        list_attribute: "playback_restriction_policies",
        what: "playback restriction policy",
        what_plural: "playback restriction policies",
        arn_type: "playback-restriction-policy",
        get_action: "ivs:GetPlaybackRestrictionPolicy",
        list_action: "ivs:ListPlaybackRestrictionPolicies",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS playback restriction policy, by ARN or by name: the countries and \
         web origins the channels that apply it may be played from."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS playback restriction policies of a region, optionally filtered by \
         name and tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            shape::text_list(
                "allowed_countries",
                "Countries playback is allowed from, as ISO 3166-1 alpha-2 codes (`US`, `DE`); \
                 empty for every country.",
                |p| Some(&p.allowed_countries[..]),
            ),
            shape::text_list(
                "allowed_origins",
                "Web origins playback is allowed from (`https://example.com`); empty for every \
                 origin.",
                |p| Some(&p.allowed_origins[..]),
            ),
            Field::new(
                Attribute::computed(
                    "enable_strict_origin_enforcement",
                    Type::Bool,
                    "Whether playback tokens must come from an allowed origin too, not only \
                     the player's requests (null when IVS does not say).",
                ),
                |p: &Api| p.enable_strict_origin_enforcement.map_or(Value::Null, Value::Bool),
            ),
            shared_attributes::tags::<Self>(),
        ]);
        Shape(fields)
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let request = ivs.client.get_playback_restriction_policy().arn(arn);
        let output = crate::sdk_call!(request).await?;
        output.playback_restriction_policy.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client
            .list_playback_restriction_policies()
            .max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<PlaybackRestrictionPolicySummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.playback_restriction_policies,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        // The API has no batch read of playback restriction policies.
        finders::read_one_by_one::<Self>(ivs, arns).await
    }
}
