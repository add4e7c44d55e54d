//! The IVS operations on live state (`crate::live`): streams, stream sessions, and what can
//! only be done to a channel on air (StopStream, PutMetadata, InsertAdBreak). Inputs have
//! passed the model's validation.

use crate::errors::ApiError;
use crate::live::{self, Session, iso8601, not_broadcasting};
use crate::store::{Scope, Store};
use serde_json::{Map, Value, json};

/// The operations served here.
pub const OPERATIONS: [&str; 7] = [
    "GetStream",
    "ListStreams",
    "StopStream",
    "GetStreamSession",
    "ListStreamSessions",
    "PutMetadata",
    "InsertAdBreak",
];

/// "Default: 100" for ListStreams and ListStreamSessions (the model's MaxStreamResults).
const DEFAULT_PAGE: usize = 100;

/// Ingest as a typical encoder sends it (fixed: ivs-local has no real encoder): H.264 High
/// 1920x1080 at 30 fps and 6 Mbps, AAC-LC 48 kHz stereo at 160 kbps.
fn ingest() -> (Value, Value) {
    let video = json!({
        "codec": "avc1.640028", "avcProfile": "High", "avcLevel": "4.0",
        "profile": "High", "level": "4.0", "encoder": "ivs-local",
        "videoWidth": 1920, "videoHeight": 1080, "targetFramerate": 30,
        "targetBitrate": 6_000_000, "track": "Track0",
    });
    let audio = json!({
        "codec": "mp4a.40.2", "sampleRate": 48_000, "channels": 2,
        "targetBitrate": 160_000, "track": "Track0",
    });
    (video, audio)
}

fn member<'i>(input: &'i Map<String, Value>, name: &str) -> &'i str {
    input.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// Runs one of [`OPERATIONS`]; its output, `None` for PutMetadata (204).
pub(crate) fn run(
    store: &mut Store,
    scope: &Scope,
    name: &str,
    input: &Map<String, Value>,
) -> Result<Option<Value>, ApiError> {
    let channel_arn = member(input, "channelArn");
    Ok(match name {
        "GetStream" => Some(json!({"stream": live_stream(store, scope, channel_arn)?})),
        "ListStreams" => Some(list_streams(store, scope, input)?),
        "StopStream" => {
            live::go_off_air(store, scope, channel_arn)?;
            Some(json!({}))
        }
        "GetStreamSession" => Some(get_session(store, scope, input)?),
        "ListStreamSessions" => Some(list_sessions(store, scope, input)?),
        "PutMetadata" => {
            live_stream(store, scope, channel_arn)?;
            None
        }
        "InsertAdBreak" => {
            live_stream(store, scope, channel_arn)?;
            let ad_break_id = match member(input, "adBreakId") {
                "" => crate::arn::random_id(12),
                given => given.to_owned(),
            };
            let target = match member(input, "targetStartAt") {
                "" => iso8601(std::time::SystemTime::now()),
                given => given.to_owned(),
            };
            Some(json!({"adBreakId": ad_break_id, "targetStartAt": target}))
        }
        _ => {
            return Err(ApiError::unknown_operation(format!(
                "ivs-local does not implement {name}"
            )));
        }
    })
}

/// The stream of a channel that exists and is live.
fn live_stream(store: &mut Store, scope: &Scope, channel_arn: &str) -> Result<Value, ApiError> {
    live::channel(store, scope, channel_arn)?;
    store
        .live
        .stream(scope, channel_arn)
        .map(|(_, stream)| live::stream_json(stream))
        .ok_or_else(|| not_broadcasting(channel_arn))
}

/// The page size and the sequence to start from.
fn paging(input: &Map<String, Value>) -> Result<(usize, u64), ApiError> {
    let max = input
        .get("maxResults")
        .and_then(Value::as_u64)
        .map_or(DEFAULT_PAGE, |m| m as usize);
    let start = match member(input, "nextToken") {
        "" => 0,
        token => crate::store::decode_token(token)
            .ok_or_else(|| ApiError::validation(format!("Invalid nextToken: {token}")))?,
    };
    Ok((max, start))
}

/// One page of `items` (by sequence, from `start`), and the token of the next.
fn page(items: Vec<(u64, Value)>, max: usize) -> (Vec<Value>, Option<String>) {
    let next = items
        .get(max)
        .map(|(sequence, _)| crate::store::encode_token(*sequence));
    (items.into_iter().take(max).map(|(_, v)| v).collect(), next)
}

fn with_token(mut output: Value, next: Option<String>) -> Value {
    if let Some(token) = next {
        output["nextToken"] = token.into();
    }
    output
}

fn list_streams(
    store: &Store,
    scope: &Scope,
    input: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let (max, start) = paging(input)?;
    let health = input
        .get("filterBy")
        .and_then(|filter| filter.get("health"))
        .and_then(Value::as_str);
    let summaries = store
        .live
        .streams
        .range(start..)
        .filter(|(_, s)| &s.scope == scope && health.is_none_or(|h| h == s.health))
        .map(|(sequence, stream)| {
            let mut summary = live::stream_json(stream);
            if let Some(members) = summary.as_object_mut() {
                members.remove("playbackUrl");
            }
            (*sequence, summary)
        })
        .collect();
    let (items, next) = page(summaries, max);
    Ok(with_token(json!({"streams": items}), next))
}

/// The sessions of a channel that exists, in the order they started.
fn sessions<'s>(
    store: &'s mut Store,
    scope: &Scope,
    channel_arn: &str,
) -> Result<impl Iterator<Item = (&'s u64, &'s Session)>, ApiError> {
    live::channel(store, scope, channel_arn)?;
    let scope = scope.clone();
    let channel_arn = channel_arn.to_owned();
    Ok(store
        .live
        .sessions
        .iter()
        .filter(move |(_, s)| s.scope == scope && s.channel_arn == channel_arn))
}

fn get_session(
    store: &mut Store,
    scope: &Scope,
    input: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let channel_arn = member(input, "channelArn");
    let stream_id = member(input, "streamId");
    let found = sessions(store, scope, channel_arn)?
        .filter(|(_, s)| stream_id.is_empty() || s.stream_id == stream_id)
        .last()
        .map(|(_, session)| session_json(session));
    match found {
        Some(session) => Ok(json!({"streamSession": session})),
        None if stream_id.is_empty() => Err(ApiError::new(
            404,
            "ResourceNotFoundException",
            format!("Channel: {channel_arn} has no stream session"),
        )),
        None => Err(ApiError::new(
            404,
            "ResourceNotFoundException",
            format!("streamId: stream session {stream_id} of channel {channel_arn} not found"),
        )),
    }
}

fn session_json(session: &Session) -> Value {
    let (video, audio) = ingest();
    let mut out = session.snapshot.clone();
    out.insert("streamId".to_owned(), session.stream_id.clone().into());
    out.insert("startTime".to_owned(), iso8601(session.start).into());
    if let Some(end) = session.end {
        out.insert("endTime".to_owned(), iso8601(end).into());
    }
    out.insert(
        "ingestConfiguration".to_owned(),
        json!({"video": video, "audio": audio}),
    );
    out.insert(
        "ingestConfigurations".to_owned(),
        json!({"videoConfigurations": [video], "audioConfigurations": [audio]}),
    );
    out.insert(
        "truncatedEvents".to_owned(),
        Value::Array(session.events.clone()),
    );
    Value::Object(out)
}

fn list_sessions(
    store: &mut Store,
    scope: &Scope,
    input: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let (max, start) = paging(input)?;
    let summaries = sessions(store, scope, member(input, "channelArn"))?
        .filter(|(sequence, _)| **sequence >= start)
        .map(|(sequence, session)| {
            let mut summary = json!({
                "streamId": session.stream_id,
                "startTime": iso8601(session.start),
                // ivs-local's sessions meet no errors.
                "hasErrorEvent": false,
            });
            if let Some(end) = session.end {
                summary["endTime"] = iso8601(end).into();
            }
            (*sequence, summary)
        })
        .collect();
    let (items, next) = page(summaries, max);
    Ok(with_token(json!({"streamSessions": items}), next))
}
