//! The live stream of a channel: what an encoder broadcasts to it now, how healthy and how
//! watched. `ivs_stream(s)`. A stream has no ARN of its own: it is read by its channel's, and
//! exists only while the channel is live.

use aws_sdk_ivs::types::{Stream as Api, StreamFilters, StreamHealth, StreamSummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Filter, Key, Kind, Names, Page, Resource};
use crate::data_sources::shape::{self, Shape};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::{AttributePath, Diagnostic, Diagnostics, quote};
use crate::schema::{Attribute, Text};
use crate::values::{Type, Value};

/// The kind (its SDK types are `sdk::Stream` and `sdk::StreamSummary`).
pub struct Stream;

/// The most ListStreams returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;
/// The values of the API's `StreamHealth`.
const HEALTHS: [&str; 3] = ["HEALTHY", "STARVING", "UNKNOWN"];

// A stream is known by its channel's ARN.
impl Resource for Api {
    fn arn(&self) -> &str {
        self.channel_arn.as_deref().unwrap_or_default()
    }
}

impl Resource for StreamSummary {
    fn arn(&self) -> &str {
        self.channel_arn.as_deref().unwrap_or_default()
    }
}

impl Kind for Stream {
    type Full = Api;
    type Summary = StreamSummary;
    type ListRequest = aws_sdk_ivs::operation::list_streams::builders::ListStreamsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_stream",
        plural: "ivs_streams",
        list_attribute: "streams",
        what: "stream",
        what_plural: "streams",
        arn_type: "channel",
        get_action: "ivs:GetStream",
        list_action: "ivs:ListStreams",
    };
    const NAMED: bool = false;
    const KEYED_BY: Option<Key> = Some(Key {
        argument: "channel_arn",
        list_attribute: "channel_arns",
        what: "channel",
        arn_type: "channel",
    });
    const TAGGED: bool = false;

    fn description() -> Text {
        "Reads the live stream of an Amazon IVS channel, by the channel's ARN: its ID, playback \
         URL, start time, state, health and viewer count. A channel has a stream only while an \
         encoder broadcasts to it, and reading the stream of a channel that is not live is an \
         error (\"The channel is not live\"), as reading anything that does not exist is: a \
         stream of null attributes could not be told from a live one that IVS says little \
         about. To read whatever is live, whether or not a given channel is, use `ivs_streams`, \
         which is empty when nothing is."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the live streams of a region, one for each channel that is broadcasting now, \
         optionally only those of one health (the API filters on it), sorted by channel ARN. \
         Channels that are not live have no stream: with none live the list is empty, not an \
         error."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shape::text(
                "stream_id",
                "ID of this broadcast of the channel (each start of the encoder is a new one), \
                 as the stream sessions know it.",
                |s: &Api| s.stream_id.as_deref(),
            ),
            shape::text(
                "playback_url",
                "URL of the channel's playback, to give the player.",
                |s: &Api| s.playback_url.as_deref(),
            ),
            shape::timestamp(
                "start_time",
                "When the stream started, in RFC 3339 (UTC).",
                |s: &Api| s.start_time.as_ref(),
            ),
            shape::text(
                "state",
                "The stream's state: `LIVE` (or `OFFLINE`).",
                |s: &Api| s.state.as_ref().map(|state| state.as_str()),
            ),
            shape::text(
                "health",
                "The stream's health: `HEALTHY`, `STARVING` (the encoder sends too little for \
                 the channel's latency) or `UNKNOWN`.",
                |s: &Api| s.health.as_ref().map(|health| health.as_str()),
            ),
            shape::whole(
                "viewer_count",
                "Concurrent views of the stream, as IVS counts them (a view appears within \
                 about 15 s of its playback starting, and leaves within a minute of its end); \
                 -1 when IVS's count timed out.",
                |s: &Api| Some(s.viewer_count),
            ),
        ]);
        Shape(fields)
    }

    fn filters() -> Vec<Filter<Self>> {
        vec![Filter {
            attribute: Attribute::optional(
                "health",
                Type::String,
                "Only the streams of this health: `HEALTHY`, `STARVING` or `UNKNOWN`.",
            ),
            check: Some(Box::new(invalid_health)),
            api: Some(|request, health| {
                let only = StreamFilters::builder().health(StreamHealth::from(health));
                request.filter_by(only.build())
            }),
            keeps: Box::new(|stream, health| {
                stream.health.as_ref().map(StreamHealth::as_str) == health.as_str()
            }),
        }]
    }

    async fn get(ivs: &IvsClient, channel_arn: &str) -> Result<Api, Failure> {
        let output = crate::sdk_call!(ivs.client.get_stream().channel_arn(channel_arn)).await?;
        output.stream.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client.list_streams().max_results(LIST_PAGE_SIZE)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<StreamSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.streams,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, channel_arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        // The API has no batch read of streams; one that ended since it was listed is left out.
        finders::read_one_by_one::<Self>(ivs, channel_arns).await
    }
}

/// An error on `health` if it is not one of the API's.
fn invalid_health(health: &Value) -> Diagnostics {
    let text = health.as_str().unwrap_or_default();
    if HEALTHS.contains(&text) {
        return Vec::new();
    }
    vec![
        Diagnostic::error(
            "Invalid stream health",
            format!(
                "{} is not a stream health: use {}.",
                quote(text),
                HEALTHS.join(", ")
            ),
        )
        .at(AttributePath::attribute("health")),
    ]
}
