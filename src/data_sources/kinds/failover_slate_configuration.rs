//! The failover slate configuration: when a channel shows a slate (a still image) instead of
//! its stream while the stream is down, and for how long. `ivs_failover_slate_configuration(s)`.

use aws_sdk_ivs::types::{FailoverSlateConfiguration as Api, FailoverSlateConfigurationSummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Kind, Names, Page};
use crate::data_sources::shape::{self, Shape};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::Text;

/// The kind (its SDK types are `sdk::FailoverSlateConfiguration` and its summary).
pub struct FailoverSlateConfiguration;

/// The most ListFailoverSlateConfigurations returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;
/// The SDK fills this in for a response that has no `state` (it is a required member).
const SDK_MISSING_ENUM: &str = "no value was set";

crate::named_resource!(required: Api, FailoverSlateConfigurationSummary);

impl Kind for FailoverSlateConfiguration {
    type Full = Api;
    type Summary = FailoverSlateConfigurationSummary;
    type ListRequest = aws_sdk_ivs::operation::list_failover_slate_configurations::builders::ListFailoverSlateConfigurationsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_failover_slate_configuration",
        plural: "ivs_failover_slate_configurations",
        list_attribute: "failover_slate_configurations",
        what: "failover slate configuration",
        what_plural: "failover slate configurations",
        arn_type: "failover-slate-configuration",
        get_action: "ivs:GetFailoverSlateConfiguration",
        list_action: "ivs:ListFailoverSlateConfigurations",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS failover slate configuration, by ARN or by name: how soon after \
         its stream goes down a channel that uses it shows a slate instead, and for how long."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS failover slate configurations of a region, optionally filtered by \
         name and tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            shape::whole(
                "activation_threshold_seconds",
                "Seconds without a stream before the slate shows (3 to 5).",
                |f| f.activation_threshold_seconds.map(i64::from),
            ),
            shape::whole(
                "min_slate_display_seconds",
                "Least seconds the slate shows once it does (3 to 10).",
                |f| f.min_slate_display_seconds.map(i64::from),
            ),
            shape::whole(
                "max_slate_display_seconds",
                "Most seconds the slate shows before the channel gives up waiting (60 to 180).",
                |f| f.max_slate_display_seconds.map(i64::from),
            ),
            shape::text(
                "state",
                "State of the configuration: `CREATING`, `CREATED`, `CREATE_FAILED` or \
                 `UPDATING`.",
                |f| Some(f.state.as_str()).filter(|s| *s != SDK_MISSING_ENUM),
            ),
            shared_attributes::tags::<Self>(),
        ]);
        Shape(fields)
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let request = ivs.client.get_failover_slate_configuration().arn(arn);
        let output = crate::sdk_call!(request).await?;
        output.failover_slate_configuration.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client
            .list_failover_slate_configurations()
            .max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<FailoverSlateConfigurationSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.failover_slate_configurations,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        // The API has no batch read of failover slate configurations.
        finders::read_one_by_one::<Self>(ivs, arns).await
    }
}
