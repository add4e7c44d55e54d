//! The channel: where a broadcast goes in (its ingest endpoint, RTMPS or SRT) and where viewers
//! watch it (its playback URL), with what it records and who may play it. `ivs_channel(s)`.
//! The SRT passphrase lets anyone stream to the channel: it is sensitive.

use aws_sdk_ivs::types::{self as sdk, Channel as Api, ChannelSummary};

use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Batch, Filter, Kind, Names, Page};
use crate::data_sources::shape::{self, Field, Shape, optional_string};
use crate::data_sources::shared_attributes;
use crate::data_sources::{IvsClient, finders};
use crate::diagnostics::Diagnostic;
use crate::schema::{Attribute, Text};
use crate::values::Type;

/// The kind (its SDK types are `sdk::Channel` and `sdk::ChannelSummary`).
pub struct Channel;

/// The most ListChannels returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;
/// The most ARNs one BatchGetChannel takes (the model's `ChannelArnList`).
const BATCH_LIMIT: usize = 50;

crate::named_resource!(optional: Api, ChannelSummary);

impl Kind for Channel {
    type Full = Api;
    type Summary = ChannelSummary;
    type ListRequest = aws_sdk_ivs::operation::list_channels::builders::ListChannelsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_channel",
        plural: "ivs_channels",
        list_attribute: "channels",
        what: "channel",
        what_plural: "channels",
        arn_type: "channel",
        get_action: "ivs:GetChannel",
        list_action: "ivs:ListChannels",
    };
    const NAMED: bool = true;

    fn description() -> Text {
        "Reads an Amazon IVS channel, by ARN or by name: its ingest endpoint and SRT endpoint for \
         encoders, its playback URL for players, and what it records and who may play it."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the Amazon IVS channels of a region, optionally filtered by name, by the \
         recording configuration, playback restriction policy, ad configuration or failover \
         slate configuration they use, and by tags, sorted by ARN."
            .into()
    }

    fn shape() -> Shape<Api> {
        let mut fields = shared_attributes::identity::<Self>();
        fields.extend([
            shared_attributes::name::<Self>(),
            shape::text(
                "latency_mode",
                "Latency mode: `LOW` (near-real-time interaction with viewers) or `NORMAL` \
                 (video up to Full HD).",
                |c| c.latency_mode.as_ref().map(|m| m.as_str()),
            ),
            shape::text(
                "type",
                "Channel type, which sets the input resolution and bitrate allowed: `BASIC`, \
                 `STANDARD`, `ADVANCED_SD` or `ADVANCED_HD`.",
                |c| c.r#type.as_ref().map(|t| t.as_str()),
            ),
            shape::text(
                "recording_configuration_arn",
                "ARN of the recording configuration the channel records with; empty when it \
                 does not record.",
                |c| c.recording_configuration_arn.as_deref(),
            ),
            shape::text(
                "ingest_endpoint",
                "Ingest server of the channel, for encoders: \
                 `rtmps://<ingest_endpoint>:443/app/` (or `rtmp://...` with `insecure_ingest`).",
                |c| c.ingest_endpoint.as_deref(),
            ),
            shape::text(
                "playback_url",
                "URL of the channel's stream (HLS), for players.",
                |c| c.playback_url.as_deref(),
            ),
            shape::flag(
                "authorized",
                "Whether the channel is private: playback needs a token signed with a playback \
                 key pair.",
                |c| c.authorized,
            ),
            shared_attributes::tags::<Self>(),
            shape::flag(
                "insecure_ingest",
                "Whether the channel also takes unencrypted RTMP and SRT ingest.",
                |c| c.insecure_ingest,
            ),
            shape::text(
                "preset",
                "Transcode preset of `ADVANCED_SD` and `ADVANCED_HD` channels: \
                 `HIGHER_BANDWIDTH_DELIVERY` or `CONSTRAINED_BANDWIDTH_DELIVERY`; empty for the \
                 other types.",
                |c| c.preset.as_ref().map(|p| p.as_str()),
            ),
            shape::object(
                "srt",
                "Where and how encoders stream to the channel with the SRT protocol.",
                srt(),
                |c: &Api| c.srt.as_ref(),
            ),
            shape::text(
                "playback_restriction_policy_arn",
                "ARN of the playback restriction policy the channel applies; empty when it has \
                 none.",
                |c| c.playback_restriction_policy_arn.as_deref(),
            ),
            shape::object(
                "multitrack_input_configuration",
                "Multitrack input: several renditions sent by the encoder itself.",
                multitrack(),
                |c: &Api| c.multitrack_input_configuration.as_ref(),
            ),
            shape::text(
                "container_format",
                "How the stream is packaged: `TS` (MPEG-TS) or `FRAGMENTED_MP4` (fMP4, needed \
                 by multitrack input).",
                |c| c.container_format.as_ref().map(|f| f.as_str()),
            ),
            shape::text(
                "ad_configuration_arn",
                "ARN of the ad configuration the channel inserts ads with; empty when it has \
                 none.",
                |c| c.ad_configuration_arn.as_deref(),
            ),
            shape::text(
                "failover_slate_configuration_arn",
                "ARN of the failover slate configuration shown while the stream is down; empty \
                 when it has none.",
                |c| c.failover_slate_configuration_arn.as_deref(),
            ),
        ]);
        Shape(fields)
    }

    fn filters() -> Vec<Filter<Self>> {
        vec![
            Filter::<Self>::by_arn(
                "recording_configuration_arn",
                "recording configuration",
                "recording-configuration",
                |request, arn| request.filter_by_recording_configuration_arn(arn),
                |item| item.recording_configuration_arn.as_deref(),
            ),
            Filter::<Self>::by_arn(
                "playback_restriction_policy_arn",
                "playback restriction policy",
                "playback-restriction-policy",
                |request, arn| request.filter_by_playback_restriction_policy_arn(arn),
                |item| item.playback_restriction_policy_arn.as_deref(),
            ),
            Filter::<Self>::by_arn(
                "ad_configuration_arn",
                "ad configuration",
                "ad-configuration",
                |request, arn| request.filter_by_ad_configuration_arn(arn),
                |item| item.ad_configuration_arn.as_deref(),
            ),
            Filter::<Self>::by_arn(
                "failover_slate_configuration_arn",
                "failover slate configuration",
                "failover-slate-configuration",
                |request, arn| request.filter_by_failover_slate_configuration_arn(arn),
                |item| item.failover_slate_configuration_arn.as_deref(),
            ),
        ]
    }

    async fn get(ivs: &IvsClient, arn: &str) -> Result<Api, Failure> {
        let output = crate::sdk_call!(ivs.client.get_channel().arn(arn)).await?;
        output.channel.ok_or_else(Failure::empty)
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client.list_channels().max_results(LIST_PAGE_SIZE)
    }

    fn named(request: Self::ListRequest, name: &str) -> Self::ListRequest {
        request.filter_by_name(name)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<ChannelSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.channels,
            next_token: page.next_token,
        })
    }

    async fn read_many(ivs: &IvsClient, arns: Vec<String>) -> Result<Vec<Api>, Diagnostic> {
        finders::read_in_batches::<Self, _, _>(
            ivs,
            arns,
            BATCH_LIMIT,
            "ivs:BatchGetChannel",
            |arns| async move {
                let request = ivs.client.batch_get_channel().set_arns(Some(arns));
                let output = crate::sdk_call!(request).await?;
                Ok(Batch {
                    found: output.channels.unwrap_or_default(),
                    errors: finders::batch_errors(output.errors.unwrap_or_default()),
                })
            },
        )
        .await
    }
}

fn srt() -> Shape<sdk::Srt> {
    Shape(vec![
        shape::text(
            "endpoint",
            "SRT ingest server of the channel, for encoders: \
             `srt://<endpoint>:9000?streamid=<stream key>&passphrase=<passphrase>`.",
            |s| s.endpoint.as_deref(),
        ),
        Field::new(
            Attribute::computed(
                "passphrase",
                Type::String,
                "Passphrase that encrypts SRT ingest (made by IVS); anyone with it and the \
                 stream key can stream to the channel.",
            )
            .sensitive(),
            |s: &sdk::Srt| optional_string(s.passphrase.as_deref()),
        ),
    ])
}

fn multitrack() -> Shape<sdk::MultitrackInputConfiguration> {
    Shape(vec![
        shape::flag(
            "enabled",
            "Whether multitrack input is on (only for `STANDARD` channels).",
            |m| m.enabled,
        ),
        shape::text(
            "policy",
            "Whether multitrack input is `ALLOW`ed or `REQUIRE`d.",
            |m| m.policy.as_ref().map(|p| p.as_str()),
        ),
        shape::text(
            "maximum_resolution",
            "Highest resolution of multitrack input: `SD`, `HD` or `FULL_HD`.",
            |m| m.maximum_resolution.as_ref().map(|r| r.as_str()),
        ),
    ])
}
