//! The stream key: the secret an encoder streams to a channel with. `ivs_stream_key(s)`, by ARN
//! or by the channel's ARN. Its value lets anyone stream to the channel: it is sensitive.

use std::collections::HashMap;

use aws_sdk_ivs::types::{StreamKey as Api, StreamKeySummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Batch, Kind, Names, Page, Parent, Resource};
use crate::data_sources::shape::{self, Field, Shape, optional_string};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::{Attribute, Text};
use crate::values::Type;

/// The kind (its SDK types are `sdk::StreamKey` and `sdk::StreamKeySummary`).
pub struct StreamKey;

/// The most ListStreamKeys returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 50;
/// The most ARNs one BatchGetStreamKey takes (the model's `StreamKeyArnList`).
const BATCH_LIMIT: usize = 50;

// Stream keys have no name: their own Resource impls.
impl Resource for Api {
    fn arn(&self) -> &str {
        self.arn.as_deref().unwrap_or_default()
    }
    fn tags(&self) -> Option<&HashMap<String, String>> {
        self.tags.as_ref()
    }
}

impl Resource for StreamKeySummary {
    fn arn(&self) -> &str {
        self.arn.as_deref().unwrap_or_default()
    }
    fn tags(&self) -> Option<&HashMap<String, String>> {
        self.tags.as_ref()
    }
}

impl Kind for StreamKey {
    type Full = Api;
    type Summary = StreamKeySummary;
    type ListRequest =
        aws_sdk_ivs::operation::list_stream_keys::builders::ListStreamKeysFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_stream_key",
        plural: "ivs_stream_keys",
        list_attribute: "stream_keys",
        what: "stream key",
        what_plural: "stream keys",
        arn_type: "stream-key",
        get_action: "ivs:GetStreamKey",
        list_action: "ivs:ListStreamKeys",
    };
    const NAMED: bool = false;
    const PARENT: Option<Parent> = Some(Parent {
        argument: "channel_arn",
        what: "channel",
        arn_type: "channel",
    });

    fn description() -> Text {
        "Reads an Amazon IVS stream key, by its ARN or by its channel's ARN: the secret an \
         encoder streams to the channel with. `value` is sensitive, but a data source keeps it \
         in the state: guard the state as the key itself."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the stream keys of an Amazon IVS channel, optionally filtered by tags, sorted by \
         ARN. Each `value` is sensitive, and kept in the state."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shape::text(
                "channel_arn",
                "ARN of the channel the key streams to.",
                |k: &Api| k.channel_arn.as_deref(),
            ),
            Field::new(
                Attribute::computed(
                    "value",
                    Type::String,
                    "The stream key itself: with the channel's ingest endpoint, anyone who has \
                     it can stream to the channel.",
                )
                .sensitive(),
                |k: &Api| optional_string(k.value.as_deref()),
            ),
            shared_attributes::tags::<Self>(),
        ]);
        Shape(fields)
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let output = crate::sdk_call!(ivs.client.get_stream_key().arn(arn)).await?;
        output.stream_key.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client.list_stream_keys().max_results(LIST_PAGE_SIZE)
    }

    fn within(request: Self::ListRequest, channel_arn: &str) -> Self::ListRequest {
        request.channel_arn(channel_arn)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<StreamKeySummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.stream_keys,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        finders::read_in_batches::<Self, _, _>(
            ivs,
            arns,
            BATCH_LIMIT,
            "ivs:BatchGetStreamKey",
            |arns| async move {
                let request = ivs.client.batch_get_stream_key().set_arns(Some(arns));
                let output = crate::sdk_call!(request).await?;
                Ok(Batch {
                    found: output.stream_keys.unwrap_or_default(),
                    errors: finders::batch_errors(output.errors.unwrap_or_default()),
                })
            },
        )
        .await
    }
}
