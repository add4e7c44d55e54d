//! Live state: the stream of a channel while an encoder broadcasts to it, and the stream
//! sessions it leaves behind.
//!
//! Streams are not a kind: no IVS operation creates one (an encoder does, which ivs-local
//! stands in for with [`go_live`]), they are found by their channel's ARN rather than their
//! own, and they carry no tags. So they live beside the kinds' resources in the store, keyed
//! by channel, and their operations are here (`crate::live_operations`).

use crate::errors::ApiError;
use crate::kinds::{self, text};
use crate::resources;
use crate::store::{Resource, Scope, Store};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// `st-` and 23 random alphanumerics: the model's StreamId is exactly 26 characters.
const STREAM_ID_RANDOM: usize = 23;

/// The `type` of the events of a stream session, as IVS sends them to EventBridge.
const STATE_CHANGE: &str = "IVS Stream State Change";
const RECORDING_CHANGE: &str = "IVS Recording State Change";

/// A channel on air.
#[derive(Debug, Clone)]
pub(crate) struct Stream {
    pub scope: Scope,
    pub channel_arn: String,
    pub stream_id: String,
    pub start: SystemTime,
    pub health: String,
    pub viewer_count: u64,
    pub playback_url: String,
}

/// A stream session: what the channel was when it went live, and what happened since.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub scope: Scope,
    pub channel_arn: String,
    pub stream_id: String,
    pub start: SystemTime,
    pub end: Option<SystemTime>,
    /// `channel`, `recordingConfiguration`, `failoverSlateConfiguration` as at the start.
    pub snapshot: Resource,
    pub events: Vec<Value>,
}

/// Every stream and session of every partition, in the order they started (for paging).
#[derive(Debug, Default)]
pub struct Live {
    next_sequence: u64,
    pub(crate) streams: BTreeMap<u64, Stream>,
    pub(crate) sessions: BTreeMap<u64, Session>,
}

impl Live {
    pub(crate) fn stream(&self, scope: &Scope, channel_arn: &str) -> Option<(u64, &Stream)> {
        self.streams
            .iter()
            .find(|(_, s)| &s.scope == scope && s.channel_arn == channel_arn)
            .map(|(sequence, stream)| (*sequence, stream))
    }

    /// Whether the channel is on air.
    pub fn is_live(&self, scope: &Scope, channel_arn: &str) -> bool {
        self.stream(scope, channel_arn).is_some()
    }
}

/// The partition a channel ARN names (hooks and the library API are not signed, so the ARN
/// is all they have).
pub(crate) fn scope_of(channel_arn: &str) -> Result<Scope, ApiError> {
    match crate::arn::IvsArn::parse(channel_arn) {
        Some(arn) if arn.resource_type == "channel" => Ok(Scope::new(arn.region, arn.account)),
        _ => Err(ApiError::validation(format!(
            "channelArn: '{channel_arn}' is not a channel ARN"
        ))),
    }
}

/// ISO 8601 with milliseconds, as IVS writes its `Time` members.
pub(crate) fn iso8601(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let basic = crate::amz_date::format(time); // 20240131T235959Z
    let digits: Vec<char> = basic.chars().filter(char::is_ascii_digit).collect();
    let part = |from: usize, to: usize| digits[from..to].iter().collect::<String>();
    format!(
        "{}-{}-{}T{}:{}:{}.{:03}Z",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14),
        since.subsec_millis()
    )
}

fn event(name: &str, kind: &str, at: SystemTime) -> Value {
    json!({"name": name, "type": kind, "eventTime": iso8601(at)})
}

/// The channel with this ARN, found in the partition its ARN names.
pub(crate) fn channel(store: &mut Store, scope: &Scope, arn: &str) -> Result<Resource, ApiError> {
    let kind = kinds::by_resource_type("channel").ok_or_else(|| ApiError::not_found(arn))?;
    resources::get(store, scope, kind, arn)
}

/// 404 `ChannelNotBroadcasting`, which AWS answers for a channel that is not live.
pub(crate) fn not_broadcasting(arn: &str) -> ApiError {
    ApiError::new(
        404,
        "ChannelNotBroadcasting",
        format!("Channel: {arn} is not broadcasting"),
    )
}

/// Puts a channel on air, as an encoder connecting with its stream key would: a stream, and a
/// session that snapshots the channel and the configurations it uses. Answers the stream.
pub(crate) fn go_live(
    store: &mut Store,
    scope: &Scope,
    channel_arn: &str,
    health: &str,
    viewer_count: u64,
) -> Result<Value, ApiError> {
    let allowed = ["HEALTHY", "STARVING", "UNKNOWN"];
    if !allowed.contains(&health) {
        return Err(ApiError::validation(format!(
            "health: '{health}' must be one of {}",
            allowed.join(", ")
        )));
    }
    let found = channel(store, scope, channel_arn)?;
    if store.live.is_live(scope, channel_arn) {
        return Err(ApiError::conflict(format!(
            "Channel: {channel_arn} is already live"
        )));
    }
    let start = SystemTime::now();
    let random: String = (0..STREAM_ID_RANDOM)
        .map(|_| fastrand::alphanumeric())
        .collect();
    let stream_id = format!("st-{random}");
    let mut snapshot = Resource::new();
    let mut events = vec![event("Session Created", STATE_CHANGE, start)];
    for (member, resource_type, output) in [
        (
            "recordingConfigurationArn",
            "recording-configuration",
            "recordingConfiguration",
        ),
        (
            "failoverSlateConfigurationArn",
            "failover-slate-configuration",
            "failoverSlateConfiguration",
        ),
    ] {
        let arn = text(&found, member);
        let Some(kind) = kinds::by_resource_type(resource_type).filter(|_| !arn.is_empty()) else {
            continue;
        };
        if let Ok(configuration) = resources::get(store, scope, kind, arn) {
            snapshot.insert(output.to_owned(), Value::Object(configuration));
        }
    }
    events.push(event("Stream Start", STATE_CHANGE, start));
    if snapshot.contains_key("recordingConfiguration") {
        events.push(event("Recording Start", RECORDING_CHANGE, start));
    }
    let playback_url = text(&found, "playbackUrl").to_owned();
    snapshot.insert("channel".to_owned(), Value::Object(found));
    let live = &mut store.live;
    let sequence = live.next_sequence;
    live.next_sequence += 1;
    let stream = Stream {
        scope: scope.clone(),
        channel_arn: channel_arn.to_owned(),
        stream_id: stream_id.clone(),
        start,
        health: health.to_owned(),
        viewer_count,
        playback_url,
    };
    let answer = stream_json(&stream);
    live.streams.insert(sequence, stream);
    live.sessions.insert(
        sequence,
        Session {
            scope: scope.clone(),
            channel_arn: channel_arn.to_owned(),
            stream_id,
            start,
            end: None,
            snapshot,
            events,
        },
    );
    Ok(answer)
}

/// Takes a channel off air (the encoder disconnects, or StopStream): the stream goes, its
/// session gets its end time and closing events.
pub(crate) fn go_off_air(
    store: &mut Store,
    scope: &Scope,
    channel_arn: &str,
) -> Result<(), ApiError> {
    channel(store, scope, channel_arn)?;
    let Some((sequence, _)) = store.live.stream(scope, channel_arn) else {
        return Err(not_broadcasting(channel_arn));
    };
    store.live.streams.remove(&sequence);
    if let Some(session) = store.live.sessions.get_mut(&sequence) {
        let end = SystemTime::now();
        session.end = Some(end);
        if session.snapshot.contains_key("recordingConfiguration") {
            session
                .events
                .push(event("Recording End", RECORDING_CHANGE, end));
        }
        session.events.push(event("Stream End", STATE_CHANGE, end));
        session
            .events
            .push(event("Session Ended", STATE_CHANGE, end));
    }
    Ok(())
}

/// A stream as GetStream answers it.
pub(crate) fn stream_json(stream: &Stream) -> Value {
    json!({
        "channelArn": stream.channel_arn,
        "streamId": stream.stream_id,
        "playbackUrl": stream.playback_url,
        "startTime": iso8601(stream.start),
        "state": "LIVE",
        "health": stream.health,
        "viewerCount": stream.viewer_count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso8601_with_milliseconds() {
        let time = UNIX_EPOCH + std::time::Duration::from_millis(1_706_745_599_123);
        assert_eq!(iso8601(time), "2024-01-31T23:59:59.123Z");
    }
}
