//! The ad configuration: the AWS Elemental MediaTailor playback configurations a channel
//! inserts ads with, and its post-roll ad. `ivs_ad_configuration(s)`.

use aws_sdk_ivs::types::{self as sdk, AdConfiguration as Api, AdConfigurationSummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Kind, Names, Page};
use crate::data_sources::shape::{self, Field, Shape};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::{Attribute, Text};
use crate::values::Value;

/// The kind (its SDK types are `sdk::AdConfiguration` and its summary).
pub struct AdConfiguration;

/// The most ListAdConfigurations returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

crate::named_resource!(required: Api, AdConfigurationSummary);

impl Kind for AdConfiguration {
    type Full = Api;
    type Summary = AdConfigurationSummary;
    type ListRequest =
        aws_sdk_ivs::operation::list_ad_configurations::builders::ListAdConfigurationsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_ad_configuration",
        plural: "ivs_ad_configurations",
        list_attribute: "ad_configurations",
        what: "ad configuration",
        what_plural: "ad configurations",
        arn_type: "ad-configuration",
        get_action: "ivs:GetAdConfiguration",
        list_action: "ivs:ListAdConfigurations",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS ad configuration, by ARN or by name: the AWS Elemental MediaTailor \
         playback configurations the channels that use it insert ads with, and its post-roll \
         ad."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS ad configurations of a region, optionally filtered by name and \
         tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            Field::new(
                Attribute::computed_list(
                    "media_tailor_playback_configurations",
                    media_tailor().attributes(),
                    "The MediaTailor playback configurations ads are inserted with, in order.",
                ),
                |a: &Api| {
                    let each = media_tailor();
                    Value::List(
                        a.media_tailor_playback_configurations
                            .iter()
                            .map(|c| each.state(c))
                            .collect(),
                    )
                },
            ),
            shape::object(
                "post_roll_configuration",
                "The ad played when a stream ends; null when there is none.",
                post_roll(),
                |a: &Api| a.post_roll_configuration.as_ref(),
            ),
            shared_attributes::tags::<Self>(),
        ]);
        Shape(fields)
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let output = crate::sdk_call!(ivs.client.get_ad_configuration().arn(arn)).await?;
        output.ad_configuration.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client
            .list_ad_configurations()
            .max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<AdConfigurationSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.ad_configurations,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        // The API has no batch read of ad configurations.
        finders::read_one_by_one::<Self>(ivs, arns).await
    }
}

fn media_tailor() -> Shape<sdk::MediaTailorPlaybackConfiguration> {
    Shape(vec![shape::text(
        "playback_configuration_arn",
        "ARN of the MediaTailor playback configuration.",
        |c| c.playback_configuration_arn.as_deref(),
    )])
}

fn post_roll() -> Shape<sdk::PostRollConfiguration> {
    Shape(vec![
        shape::flag("enabled", "Whether the post-roll ad plays.", |p| p.enabled),
        shape::whole(
            "duration_seconds",
            "Length of the post-roll ad break, in seconds (1 to 300).",
            |p| Some(p.duration_seconds.into()),
        ),
    ])
}
