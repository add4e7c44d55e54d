//! `ivs_stream_session` and `ivs_stream_sessions` through the real terraform against ivs-local,
//! with channels put on air and off again: sessions live and ended, of a channel that records
//! with a failover slate and of a plain one, read as the latest and by stream ID and listed,
//! every attribute equal to GetStreamSession's answer; after StopStream the session has its end
//! time; a channel never live, an unknown or malformed stream ID are errors on the argument; a
//! channel ARN known only at apply defers the read; the snapshot's SRT passphrase stays secret.

use aws_sdk_ivs::primitives::{DateTime, DateTimeFormat};
use aws_sdk_ivs::types::{
    AudioConfiguration, StreamSession, StreamSessionSummary, VideoConfiguration,
};
use serde_json::{Value, json};

use crate::channels::send_create_channel;
use crate::support::reading::{
    apply_and_read, apply_deferred, assert_fields_equal, data_blocks, region_of,
};
use crate::support::{
    ARN_KNOWN_AFTER_APPLY, Workspace, assert_error_at, assert_kept_out_of_logs,
    create_recording_configuration, ivs_client, off_runtime, start_ivs_local, terraform_data_arn,
};

/// An instant as the data sources show it: RFC 3339 in UTC.
fn instant(time: Option<&DateTime>) -> Value {
    time.map_or(Value::Null, |t| {
        json!(t.fmt(DateTimeFormat::DateTime).expect("a date IVS sends"))
    })
}

fn video(v: &VideoConfiguration) -> Value {
    json!({
        "avc_profile": v.avc_profile(),
        "avc_level": v.avc_level(),
        "codec": v.codec(),
        "encoder": v.encoder(),
        "target_bitrate": v.target_bitrate(),
        "target_framerate": v.target_framerate(),
        "video_height": v.video_height(),
        "video_width": v.video_width(),
        "level": v.level(),
        "track": v.track(),
        "profile": v.profile(),
    })
}

fn audio(a: &AudioConfiguration) -> Value {
    json!({
        "codec": a.codec(),
        "target_bitrate": a.target_bitrate(),
        "sample_rate": a.sample_rate(),
        "channels": a.channels(),
        "track": a.track(),
    })
}

/// What `ivs_stream_session` must show for `api`, a session of `channel`, written from the
/// API's own shape.
fn expected(channel: &str, api: &StreamSession) -> Value {
    json!({
        "channel_arn": channel,
        "stream_id": api.stream_id(),
        "id": api.stream_id(),
        "region": region_of(channel),
        "start_time": instant(api.start_time()),
        "end_time": instant(api.end_time()),
        "channel": api.channel().map(crate::channels::expected),
        "ingest_configuration": api.ingest_configuration().map(|c| json!({
            "video": c.video().map(video),
            "audio": c.audio().map(audio),
        })),
        "ingest_configurations": api.ingest_configurations().map(|c| json!({
            "video_configurations": c.video_configurations().iter().map(video).collect::<Vec<_>>(),
            "audio_configurations": c.audio_configurations().iter().map(audio).collect::<Vec<_>>(),
        })),
        "recording_configuration": api
            .recording_configuration()
            .map(crate::read_recording_configuration::expected),
        "failover_slate_configuration": api
            .failover_slate_configuration()
            .map(crate::failover_slate_configurations::expected),
        "truncated_events": api.truncated_events().iter().map(|e| json!({
            "name": e.name(),
            "type": e.r#type(),
            "event_time": instant(e.event_time()),
            "code": e.code(),
        })).collect::<Vec<_>>(),
    })
}

/// The session of `channel` with `stream_id` (none: the latest), as GetStreamSession answers.
async fn get_session(
    client: &aws_sdk_ivs::Client,
    channel: &str,
    stream_id: Option<&str>,
) -> StreamSession {
    client
        .get_stream_session()
        .channel_arn(channel)
        .set_stream_id(stream_id.map(str::to_owned))
        .send()
        .await
        .expect("GetStreamSession")
        .stream_session
        .expect("a session")
}

/// The stream IDs of `channel`'s sessions, as ListStreamSessions lists them, sorted.
async fn stream_ids(client: &aws_sdk_ivs::Client, channel: &str) -> Vec<String> {
    let listed = client
        .list_stream_sessions()
        .channel_arn(channel)
        .send()
        .await
        .expect("ListStreamSessions")
        .stream_sessions;
    let mut ids: Vec<String> = listed
        .iter()
        .filter_map(StreamSessionSummary::stream_id)
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids
}

async fn stop_stream(client: &aws_sdk_ivs::Client, channel: &str) {
    client
        .stop_stream()
        .channel_arn(channel)
        .send()
        .await
        .expect("StopStream");
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_read_as_latest_by_stream_id_and_listed_equal_get_stream_session() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let recording = create_recording_configuration(&client, "sessions", "bucket-1").await;
    let slate = client
        .create_failover_slate_configuration()
        .name("slate")
        .send()
        .await
        .expect("CreateFailoverSlateConfiguration")
        .failover_slate_configuration
        .expect("a slate")
        .arn;
    let full = send_create_channel(
        client
            .create_channel()
            .name("full")
            .recording_configuration_arn(&recording)
            .failover_slate_configuration_arn(&slate)
            .tags("team", "video"),
    )
    .await;
    let plain = send_create_channel(client.create_channel()).await;

    // Two broadcasts of `full` (the first ended), one of `plain` (live).
    server.go_live(&full, "HEALTHY", 5).expect("on air");
    let first = get_session(&client, &full, None).await;
    let first_id = first.stream_id().expect("a stream ID").to_owned();
    stop_stream(&client, &full).await;
    server.go_live(&full, "STARVING", 1).expect("on air again");
    server.go_live(&plain, "HEALTHY", 0).expect("on air");

    let blocks = [
        (
            "ivs_stream_session",
            format!("  channel_arn = \"{full}\"\n"),
        ),
        (
            "ivs_stream_session",
            format!("  channel_arn = \"{full}\"\n  stream_id = \"{first_id}\"\n"),
        ),
        (
            "ivs_stream_session",
            format!("  channel_arn = \"{plain}\"\n"),
        ),
        (
            "ivs_stream_sessions",
            format!("  channel_arn = \"{full}\"\n"),
        ),
    ];
    let read = apply_and_read(data_blocks(&server.endpoint(), &blocks), blocks.len()).await;

    let latest = get_session(&client, &full, None).await;
    assert_ne!(latest.stream_id(), Some(first_id.as_str()), "a new session");
    assert_fields_equal(&read[0], &expected(&full, &latest), "latest of full");
    assert_eq!(read[0]["end_time"], Value::Null, "live: no end time");
    let ended = get_session(&client, &full, Some(&first_id)).await;
    assert_fields_equal(&read[1], &expected(&full, &ended), "first of full");
    assert!(read[1]["end_time"].is_string(), "ended: {}", read[1]);
    let plain_session = get_session(&client, &plain, None).await;
    assert_fields_equal(&read[2], &expected(&plain, &plain_session), "plain");
    // The snapshots are what differs: recorded with a slate, and neither.
    assert!(read[0]["recording_configuration"].is_object());
    assert!(read[0]["failover_slate_configuration"].is_object());
    assert_eq!(read[2]["recording_configuration"], Value::Null);
    assert_eq!(read[2]["failover_slate_configuration"], Value::Null);

    // The plural: both sessions of `full`, sorted by stream ID, each as the singular shows it.
    let ids = stream_ids(&client, &full).await;
    assert_eq!(ids.len(), 2);
    assert_eq!(read[3]["stream_ids"], json!(ids));
    let listed = read[3]["stream_sessions"]
        .as_array()
        .expect("stream_sessions");
    assert_eq!(listed.len(), 2);
    for (shown, id) in listed.iter().zip(&ids) {
        let api = get_session(&client, &full, Some(id)).await;
        assert_fields_equal(shown, &expected(&full, &api), &format!("listed {id}"));
    }

    // StopStream ends the live session: the next read shows its end time and closing events.
    stop_stream(&client, &full).await;
    let read = apply_and_read(data_blocks(&server.endpoint(), &blocks[..1]), 1).await;
    let stopped = get_session(&client, &full, None).await;
    assert_eq!(stopped.stream_id(), latest.stream_id());
    assert!(stopped.end_time().is_some());
    assert_fields_equal(&read[0], &expected(&full, &stopped), "after StopStream");
    let events: Vec<&str> = read[0]["truncated_events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(events.contains(&"Stream End"), "{events:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_never_live_and_an_unknown_or_malformed_stream_id_are_errors_on_the_argument() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let quiet = send_create_channel(client.create_channel().name("quiet")).await;
    let endpoint = server.endpoint();

    // Never live: the singular is an error on channel_arn, the plural empty.
    let single = data_blocks(
        &endpoint,
        &[(
            "ivs_stream_session",
            format!("  channel_arn = \"{quiet}\"\n"),
        )],
    );
    let run = off_runtime(Workspace::new(&single), |w| w.plan()).await;
    assert_error_at(
        &run,
        &single,
        "The channel has no stream session",
        "channel_arn =",
        &[&quiet, "has none yet, or does not exist"],
    );
    let listing = data_blocks(
        &endpoint,
        &[(
            "ivs_stream_sessions",
            format!("  channel_arn = \"{quiet}\"\n"),
        )],
    );
    let read = apply_and_read(listing, 1).await;
    assert_eq!(read[0]["stream_ids"], json!([]));
    assert_eq!(read[0]["stream_sessions"], json!([]));

    // A stream ID of the right form that the channel never had: an error on stream_id.
    server.go_live(&quiet, "HEALTHY", 0).expect("on air");
    let unknown = "st-AbCdEfGhIjKlMnOpQrStUvW";
    let by_id = data_blocks(
        &endpoint,
        &[(
            "ivs_stream_session",
            format!("  channel_arn = \"{quiet}\"\n  stream_id = \"{unknown}\"\n"),
        )],
    );
    let run = off_runtime(Workspace::new(&by_id), |w| w.plan()).await;
    assert_error_at(
        &run,
        &by_id,
        "The stream session was not found",
        "stream_id =",
        &[unknown, &quiet],
    );

    // Not a stream ID at all: refused at validate, on stream_id.
    let malformed = data_blocks(
        &endpoint,
        &[(
            "ivs_stream_session",
            format!("  channel_arn = \"{quiet}\"\n  stream_id = \"session-1\"\n"),
        )],
    );
    let run = off_runtime(Workspace::new(&malformed), |w| w.validate()).await;
    assert_error_at(
        &run,
        &malformed,
        "Invalid stream ID",
        "stream_id =",
        &["\"session-1\" is not a stream ID"],
    );
    let key_arn = "arn:aws:ivs:us-west-2:123456789012:stream-key/AbCd1234";
    let wrong_kind = data_blocks(
        &endpoint,
        &[(
            "ivs_stream_sessions",
            format!("  channel_arn = \"{key_arn}\"\n"),
        )],
    );
    let run = off_runtime(Workspace::new(&wrong_kind), |w| w.validate()).await;
    assert_error_at(
        &run,
        &wrong_kind,
        "Invalid channel ARN",
        "channel_arn =",
        &["is not an IVS channel ARN", "stream-key/AbCd1234"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_arn_known_only_after_apply_defers_the_read_to_apply() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("later")).await;
    server.go_live(&channel, "HEALTHY", 0).expect("on air");
    let id = get_session(&client, &channel, None)
        .await
        .stream_id
        .expect("a stream ID");
    let blocks = [
        (
            "ivs_stream_session",
            format!("  channel_arn = {ARN_KNOWN_AFTER_APPLY}\n"),
        ),
        (
            "ivs_stream_sessions",
            format!("  channel_arn = {ARN_KNOWN_AFTER_APPLY}\n"),
        ),
    ];
    let config = data_blocks(&server.endpoint(), &blocks) + &terraform_data_arn(&channel);
    // Nothing was read at plan: one Get each, at apply.
    let outputs = apply_deferred(
        &server,
        config,
        &["data.ivs_stream_session.d0", "data.ivs_stream_sessions.d1"],
        "GetStreamSession",
        2,
    )
    .await;
    assert_eq!(outputs["d0"]["value"]["stream_id"], id.as_str());
    assert_eq!(outputs["d1"]["value"]["stream_ids"], json!([id]));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_snapshot_passphrase_is_sensitive_and_in_no_trace_log() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("secret")).await;
    server.go_live(&channel, "HEALTHY", 0).expect("on air");
    let passphrase = get_session(&client, &channel, None)
        .await
        .channel
        .and_then(|c| c.srt)
        .and_then(|srt| srt.passphrase)
        .expect("the snapshot holds the passphrase");
    let config = data_blocks(
        &server.endpoint(),
        &[
            (
                "ivs_stream_session",
                format!("  channel_arn = \"{channel}\"\n"),
            ),
            (
                "ivs_stream_sessions",
                format!("  channel_arn = \"{channel}\"\n"),
            ),
        ],
    );
    let mut workspace = Workspace::new(&config);
    workspace.set_env("TF_LOG", "trace");
    let (plan, apply, schema, outputs) = off_runtime(workspace, |workspace| {
        let plan = workspace.plan();
        let apply = workspace.apply();
        let schema = workspace.terraform(&["providers", "schema", "-json"]);
        (plan, apply, schema, workspace.outputs())
    })
    .await;
    assert!(
        plan.success && apply.success,
        "{}\n{}",
        plan.text(),
        apply.text()
    );
    assert_kept_out_of_logs(&[&plan, &apply], &passphrase, "passphrase");
    // Terraform knows the sessions hold a secret: the outputs of them show as sensitive.
    assert!(
        plan.unwrapped().contains("d0 = (sensitive value)"),
        "{}",
        plan.stdout
    );
    let schema: Value = serde_json::from_str(&schema.stdout).expect("schema JSON");
    let data =
        &schema["provider_schemas"]["registry.terraform.io/ivs-rs/ivs"]["data_source_schemas"];
    let single = &data["ivs_stream_session"]["block"]["attributes"];
    let srt = &single["channel"]["nested_type"]["attributes"]["srt"]["nested_type"]["attributes"];
    assert_eq!(srt["passphrase"]["sensitive"], true, "{srt}");
    let listed = &data["ivs_stream_sessions"]["block"]["attributes"]["stream_sessions"]["nested_type"]
        ["attributes"]["channel"]["nested_type"]["attributes"]["srt"]["nested_type"]["attributes"];
    assert_eq!(listed["passphrase"]["sensitive"], true, "{listed}");
    // Still there for whoever needs it, through outputs marked sensitive.
    assert_eq!(
        outputs["d0"]["value"]["channel"]["srt"]["passphrase"],
        passphrase.as_str()
    );
}
