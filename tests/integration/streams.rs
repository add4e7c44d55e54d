//! `ivs_stream` and `ivs_streams` through the real terraform against ivs-local, with channels
//! put on air by its streams hook: a live channel's stream read by the channel's ARN and
//! listed, every attribute equal to GetStream's answer; the `health` filter sent to the API;
//! a channel that is not live an error on `channel_arn`, and no stream listed for it; after
//! StopStream the list is empty.

use aws_sdk_ivs::primitives::{DateTime, DateTimeFormat};
use aws_sdk_ivs::types::Stream;
use serde_json::{Value, json};

use crate::channels::send_create_channel;
use crate::support::reading::{apply_and_read, assert_fields_equal, data_blocks, region_of};
use crate::support::{Workspace, assert_error_at, ivs_client, off_runtime, start_ivs_local};

/// What `ivs_stream` must show for `api`, written from the API's own shape. `start_time` is
/// checked apart, as an instant ([`assert_same_instant`]).
fn expected(api: &Stream, start_time: &Value) -> Value {
    json!({
        "channel_arn": api.channel_arn(),
        "id": api.channel_arn(),
        "region": api.channel_arn().and_then(region_of),
        "stream_id": api.stream_id(),
        "playback_url": api.playback_url(),
        "start_time": start_time,
        "state": api.state().map(|s| s.as_str()),
        "health": api.health().map(|h| h.as_str()),
        "viewer_count": api.viewer_count(),
    })
}

/// Asserts that `shown` is an RFC 3339 text of the instant `api` holds.
fn assert_same_instant(shown: &Value, api: Option<&DateTime>) {
    let text = shown.as_str().expect("start_time is a string");
    let parsed = DateTime::from_str(text, DateTimeFormat::DateTime)
        .unwrap_or_else(|e| panic!("{text:?} is not RFC 3339: {e}"));
    assert_eq!(Some(&parsed), api, "start_time {text}");
    assert!(text.ends_with('Z'), "in UTC: {text}");
}

async fn get_stream(client: &aws_sdk_ivs::Client, channel: &str) -> Stream {
    client
        .get_stream()
        .channel_arn(channel)
        .send()
        .await
        .expect("GetStream")
        .stream
        .expect("a stream")
}

#[tokio::test(flavor = "multi_thread")]
async fn live_channels_read_and_listed_equal_get_stream_and_the_health_filter_goes_to_the_api() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let healthy = send_create_channel(client.create_channel().name("healthy")).await;
    let starving = send_create_channel(client.create_channel().name("starving")).await;
    let offline = send_create_channel(client.create_channel().name("offline")).await;
    server.go_live(&healthy, "HEALTHY", 12).expect("on air");
    server.go_live(&starving, "STARVING", 0).expect("on air");
    let mut live = [
        get_stream(&client, &healthy).await,
        get_stream(&client, &starving).await,
    ];
    live.sort_by(|a, b| a.channel_arn().cmp(&b.channel_arn()));

    let blocks = [
        ("ivs_stream", format!("  channel_arn = \"{healthy}\"\n")),
        ("ivs_stream", format!("  channel_arn = \"{starving}\"\n")),
        ("ivs_streams", String::new()),
        ("ivs_streams", "  health = \"STARVING\"\n".to_owned()),
    ];
    let lists_before = server.request_count("ListStreams");
    let read = apply_and_read(data_blocks(&server.endpoint(), &blocks), blocks.len()).await;
    for (i, channel) in [&healthy, &starving].into_iter().enumerate() {
        let api = get_stream(&client, channel).await;
        assert_same_instant(&read[i]["start_time"], api.start_time());
        let want = expected(&api, &read[i]["start_time"]);
        assert_fields_equal(&read[i], &want, &format!("ivs_stream of {channel}"));
    }
    // Only the live channels, sorted by channel ARN, each as ivs_stream shows it.
    let arns: Vec<&str> = live.iter().filter_map(|s| s.channel_arn()).collect();
    assert_eq!(read[2]["channel_arns"], json!(arns));
    assert!(!arns.contains(&offline.as_str()));
    let listed = read[2]["streams"].as_array().expect("streams");
    assert_eq!(listed.len(), 2);
    for (shown, api) in listed.iter().zip(&live) {
        assert_fields_equal(shown, &expected(api, &shown["start_time"]), "listed");
        assert_same_instant(&shown["start_time"], api.start_time());
    }
    assert_eq!(read[3]["channel_arns"], json!([starving]));
    assert_eq!(read[3]["streams"][0]["health"], "STARVING");
    // At apply and at the plan after it, the two ivs_streams list once each.
    assert_eq!(server.request_count("ListStreams"), lists_before + 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_channel_off_air_is_an_error_on_channel_arn_and_after_stop_stream_nothing_is_listed() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let channel = send_create_channel(client.create_channel().name("brief")).await;
    let endpoint = server.endpoint();

    // Not live yet: the singular is an error on its argument, the plural empty.
    let single = data_blocks(
        &endpoint,
        &[("ivs_stream", format!("  channel_arn = \"{channel}\"\n"))],
    );
    let run = off_runtime(Workspace::new(&single), |w| w.plan()).await;
    assert_error_at(
        &run,
        &single,
        "The channel is not live",
        "channel_arn =",
        &["ChannelNotBroadcasting", &channel],
    );

    server.go_live(&channel, "HEALTHY", 3).expect("on air");
    let listing = data_blocks(&endpoint, &[("ivs_streams", String::new())]);
    let read = apply_and_read(listing.clone(), 1).await;
    assert_eq!(read[0]["channel_arns"], json!([channel]));

    client
        .stop_stream()
        .channel_arn(&channel)
        .send()
        .await
        .expect("StopStream");
    let read = apply_and_read(listing, 1).await;
    assert_eq!(read[0]["channel_arns"], json!([]));
    assert_eq!(read[0]["streams"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_health_and_a_bad_channel_arn_are_errors_on_the_argument() {
    let server = start_ivs_local().await;
    let endpoint = server.endpoint();
    let health = data_blocks(
        &endpoint,
        &[("ivs_streams", "  health = \"healthy\"\n".to_owned())],
    );
    let run = off_runtime(Workspace::new(&health), |w| w.validate()).await;
    assert_error_at(
        &run,
        &health,
        "Invalid stream health",
        "health =",
        &["\"healthy\" is not a stream health: use HEALTHY, STARVING, UNKNOWN."],
    );
    let key_arn = "arn:aws:ivs:us-west-2:123456789012:stream-key/AbCd1234";
    let arn = data_blocks(
        &endpoint,
        &[("ivs_stream", format!("  channel_arn = \"{key_arn}\"\n"))],
    );
    let run = off_runtime(Workspace::new(&arn), |w| w.validate()).await;
    assert_error_at(
        &run,
        &arn,
        "Invalid channel ARN",
        "channel_arn =",
        &["is not an IVS channel ARN", "stream-key/AbCd1234"],
    );
}
