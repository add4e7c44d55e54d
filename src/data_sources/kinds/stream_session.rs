//! A stream session: one broadcast of a channel, from the encoder's start to its end, with the
//! channel as it was then, what the encoder sent, what recorded it and what happened.
//! `ivs_stream_session(s)`, by the channel's ARN and the stream ID (none: the latest). Sessions
//! stay after the stream ends; the snapshot's SRT passphrase stays sensitive.

use aws_sdk_ivs::types::{
    AudioConfiguration, IngestConfiguration, IngestConfigurations, StreamEvent,
    StreamSession as Api, StreamSessionSummary, VideoConfiguration,
};

use super::channel::Channel;
use super::failover_slate_configuration::FailoverSlateConfiguration;
use super::recording_configuration::RecordingConfiguration;
use crate::data_sources::aws_call::Failure;
use crate::data_sources::kind::{Kind, Names, Page, Parent, Resource, Within};
use crate::data_sources::shape::{self, Field, Shape, optional_string};
use crate::data_sources::{IvsClient, arn};
use crate::diagnostics::Diagnostic;
use crate::schema::{Attribute, Text};
use crate::values::{Type, Value};

/// The kind (its SDK types are `sdk::StreamSession` and `sdk::StreamSessionSummary`).
pub struct StreamSession;

/// A session as read: the Get answer and the channel it was asked of, which the state echoes
/// whatever the answer's snapshot holds.
pub struct Session {
    channel_arn: String,
    api: Api,
}

/// The most ListStreamSessions returns per page (the API's limit).
const LIST_PAGE_SIZE: i32 = 100;

// A session is told apart from the channel's others by its stream ID.
impl Resource for Session {
    fn arn(&self) -> &str {
        self.api.stream_id.as_deref().unwrap_or_default()
    }
}

impl Resource for StreamSessionSummary {
    fn arn(&self) -> &str {
        self.stream_id.as_deref().unwrap_or_default()
    }
}

impl Kind for StreamSession {
    type Full = Session;
    type Summary = StreamSessionSummary;
    type ListRequest =
        aws_sdk_ivs::operation::list_stream_sessions::builders::ListStreamSessionsFluentBuilder;

    const NAMES: Names = Names {
        singular: "ivs_stream_session",
        plural: "ivs_stream_sessions",
        list_attribute: "stream_sessions",
        what: "stream session",
        what_plural: "stream sessions",
        arn_type: "channel",
        get_action: "ivs:GetStreamSession",
        list_action: "ivs:ListStreamSessions",
    };
    const NAMED: bool = false;
    const PARENT: Option<Parent> = Some(Parent {
        argument: "channel_arn",
        what: "channel",
        arn_type: "channel",
    });
    const WITHIN: Option<Within> = Some(Within {
        argument: "stream_id",
        list_attribute: "stream_ids",
        what: "stream ID",
        pattern: "^st-[a-zA-Z0-9]+$",
    });
    const TAGGED: bool = false;

    fn description() -> Text {
        "Reads a stream session of an Amazon IVS channel, by the channel's ARN and the stream \
         ID, or without the ID the channel's latest (live or ended), as the API does: when it \
         started and ended, the channel as it was at the start, the ingest configuration the \
         encoder sent, the recording and failover slate configurations it used, and its latest \
         events. A channel that has never been live has no session, and reading one is an \
         error. The channel snapshot's `srt.passphrase` is sensitive."
            .into()
    }

    fn plural_description() -> Text {
        "Lists the stream sessions of an Amazon IVS channel (those IVS still keeps, live or \
         ended), sorted by stream ID, each with every attribute of `ivs_stream_session`. A \
         channel that has never been live has none: the list is empty."
            .into()
    }

    fn shape() -> Shape<Session> {
        Shape(vec![
            Field::new(
                Attribute::computed(
                    "channel_arn",
                    Type::String,
                    "ARN of the channel of the session.",
                ),
                |s: &Session| Value::String(s.channel_arn.clone()),
            ),
            session_text(
                "stream_id",
                "ID of the session's stream (`st-...`): each start of the encoder makes a new \
                 one.",
                |s| s.stream_id.as_deref(),
            ),
            session_text(
                "id",
                "The stream ID, as Terraform expects an `id`.",
                |s| s.stream_id.as_deref(),
            ),
            Field::new(
                Attribute::computed(
                    "region",
                    Type::String,
                    "Region of the session (from its channel's ARN).",
                ),
                |s: &Session| {
                    optional_string(arn::parse(&s.channel_arn, "channel").ok().map(|a| a.region))
                },
            ),
            on_session(shape::timestamp(
                "start_time",
                "When the stream started, in RFC 3339 (UTC).",
                |s: &Api| s.start_time.as_ref(),
            )),
            on_session(shape::timestamp(
                "end_time",
                "When the stream ended, in RFC 3339 (UTC); null while it is live.",
                |s: &Api| s.end_time.as_ref(),
            )),
            on_session(shape::object(
                "channel",
                "The channel as it was when the stream started, with every attribute of \
                 `ivs_channel` (its `srt.passphrase` sensitive).",
                Channel::shape(),
                |s: &Api| s.channel.as_ref(),
            )),
            on_session(shape::object(
                "ingest_configuration",
                "What the encoder sent (its first video and audio track; see \
                 `ingest_configurations` for every track).",
                ingest_configuration(),
                |s: &Api| s.ingest_configuration.as_ref(),
            )),
            on_session(shape::object(
                "ingest_configurations",
                "Every video and audio track the encoder sent (a multitrack encoder sends \
                 several).",
                ingest_configurations(),
                |s: &Api| s.ingest_configurations.as_ref(),
            )),
            on_session(shape::object(
                "recording_configuration",
                "The recording configuration the channel recorded with when the stream \
                 started, with every attribute of `ivs_recording_configuration`; null when it \
                 did not record.",
                RecordingConfiguration::shape(),
                |s: &Api| s.recording_configuration.as_ref(),
            )),
            on_session(shape::object(
                "failover_slate_configuration",
                "The failover slate configuration of the channel when the stream started, with \
                 every attribute of `ivs_failover_slate_configuration`; null when it had none.",
                FailoverSlateConfiguration::shape(),
                |s: &Api| s.failover_slate_configuration.as_ref(),
            )),
            on_session(shape::object_list(
                "truncated_events",
                "The session's latest events (IVS keeps the last 500), oldest first, as IVS \
                 names them in EventBridge.",
                stream_event(),
                |s: &Api| s.truncated_events.as_deref(),
            )),
        ])
    }

    async fn get(ivs: &IvsClient, channel_arn: &str) -> Result<Session, Failure> {
        Self::get_within(ivs, channel_arn, None).await
    }

    async fn get_within(
        ivs: &IvsClient,
        channel_arn: &str,
        stream_id: Option<&str>,
    ) -> Result<Session, Failure> {
        let request = ivs
            .client
            .get_stream_session()
            .channel_arn(channel_arn)
            .set_stream_id(stream_id.map(str::to_owned));
        let output = crate::sdk_call!(request).await?;
        let api = output.stream_session.ok_or_else(Failure::empty)?;
        Ok(Session {
            channel_arn: channel_arn.to_owned(),
            api,
        })
    }

    fn list_request(ivs: &IvsClient) -> Self::ListRequest {
        ivs.client.list_stream_sessions().max_results(LIST_PAGE_SIZE)
    }

    fn within(request: Self::ListRequest, channel_arn: &str) -> Self::ListRequest {
        request.channel_arn(channel_arn)
    }

    async fn list_page(
        request: Self::ListRequest,
        next_token: Option<String>,
    ) -> Result<Page<StreamSessionSummary>, Failure> {
        let page = crate::sdk_call!(request.set_next_token(next_token)).await?;
        Ok(Page {
            items: page.stream_sessions,
            next_token: page.next_token,
        })
    }

    async fn read_many(_ivs: &IvsClient, _ids: Vec<String>) -> Result<Vec<Session>, Diagnostic> {
        // Stream IDs alone do not say whose they are: the plural of a kind within a parent reads
        // them with `finders::read_within`, which knows the channel, and never comes here.
        Err(Diagnostic::error(
            "Stream sessions are read by their channel",
            "A stream session can only be read with its channel's ARN.",
        ))
    }
}

/// A field of the Get answer itself, as a field of [`Session`].
fn on_session(field: Field<Api>) -> Field<Session> {
    field.map(|s: &Session| &s.api)
}

/// A string field of the Get answer.
fn session_text(
    name: &'static str,
    description: &'static str,
    get: fn(&Api) -> Option<&str>,
) -> Field<Session> {
    on_session(shape::text(name, description, get))
}

fn ingest_configuration() -> Shape<IngestConfiguration> {
    Shape(vec![
        shape::object(
            "video",
            "The video the encoder sent.",
            video_configuration(),
            |c: &IngestConfiguration| c.video.as_ref(),
        ),
        shape::object(
            "audio",
            "The audio the encoder sent.",
            audio_configuration(),
            |c: &IngestConfiguration| c.audio.as_ref(),
        ),
    ])
}

fn ingest_configurations() -> Shape<IngestConfigurations> {
    Shape(vec![
        shape::object_list(
            "video_configurations",
            "Every video track, as `ingest_configuration.video` describes one.",
            video_configuration(),
            |c: &IngestConfigurations| Some(c.video_configurations.as_slice()),
        ),
        shape::object_list(
            "audio_configurations",
            "Every audio track, as `ingest_configuration.audio` describes one.",
            audio_configuration(),
            |c: &IngestConfigurations| Some(c.audio_configurations.as_slice()),
        ),
    ])
}

fn video_configuration() -> Shape<VideoConfiguration> {
    Shape(vec![
        shape::text(
            "avc_profile",
            "H.264 profile of the video (deprecated by IVS for `profile`).",
            |v: &VideoConfiguration| v.avc_profile.as_deref(),
        ),
        shape::text(
            "avc_level",
            "H.264 level of the video (deprecated by IVS for `level`).",
            |v: &VideoConfiguration| v.avc_level.as_deref(),
        ),
        shape::text(
            "codec",
            "Codec of the video, as an RFC 6381 codec string, e.g. `avc1.640028`.",
            |v: &VideoConfiguration| v.codec.as_deref(),
        ),
        shape::text(
            "encoder",
            "The software or hardware that encoded the video, as the encoder says.",
            |v: &VideoConfiguration| v.encoder.as_deref(),
        ),
        shape::whole(
            "target_bitrate",
            "Bitrate the encoder aims at, in bit/s.",
            |v: &VideoConfiguration| Some(v.target_bitrate),
        ),
        shape::whole(
            "target_framerate",
            "Frame rate the encoder aims at, in frames/s.",
            |v: &VideoConfiguration| Some(v.target_framerate),
        ),
        shape::whole(
            "video_height",
            "Height of the video, in pixels.",
            |v: &VideoConfiguration| Some(v.video_height),
        ),
        shape::whole(
            "video_width",
            "Width of the video, in pixels.",
            |v: &VideoConfiguration| Some(v.video_width),
        ),
        shape::text(
            "level",
            "Codec level of the video.",
            |v: &VideoConfiguration| v.level.as_deref(),
        ),
        shape::text(
            "track",
            "The track this video is on, e.g. `Track0` (multitrack encoders send several).",
            |v: &VideoConfiguration| v.track.as_deref(),
        ),
        shape::text(
            "profile",
            "Codec profile of the video.",
            |v: &VideoConfiguration| v.profile.as_deref(),
        ),
    ])
}

fn audio_configuration() -> Shape<AudioConfiguration> {
    Shape(vec![
        shape::text(
            "codec",
            "Codec of the audio, as an RFC 6381 codec string, e.g. `mp4a.40.2`.",
            |a: &AudioConfiguration| a.codec.as_deref(),
        ),
        shape::whole(
            "target_bitrate",
            "Bitrate the encoder aims at, in bit/s.",
            |a: &AudioConfiguration| Some(a.target_bitrate),
        ),
        shape::whole(
            "sample_rate",
            "Sample rate of the audio, in Hz.",
            |a: &AudioConfiguration| Some(a.sample_rate),
        ),
        shape::whole(
            "channels",
            "Number of audio channels.",
            |a: &AudioConfiguration| Some(a.channels),
        ),
        shape::text(
            "track",
            "The track this audio is on, e.g. `Track0`.",
            |a: &AudioConfiguration| a.track.as_deref(),
        ),
    ])
}

fn stream_event() -> Shape<StreamEvent> {
    Shape(vec![
        shape::text(
            "name",
            "Name of the event, e.g. `Session Created`, `Stream Start`, `Stream End`.",
            |e: &StreamEvent| e.name.as_deref(),
        ),
        shape::text(
            "type",
            "Type of the event, e.g. `IVS Stream State Change`.",
            |e: &StreamEvent| e.r#type.as_deref(),
        ),
        shape::timestamp(
            "event_time",
            "When the event happened, in RFC 3339 (UTC).",
            |e: &StreamEvent| e.event_time.as_ref(),
        ),
        shape::text(
            "code",
            "For error events, the error's code (e.g. `InvalidVideoCodec`); null otherwise.",
            |e: &StreamEvent| e.code.as_deref(),
        ),
    ])
}
