//! Live state: channels put on air through the hook, the library API and the seed; streams,
//! stream sessions, StopStream and what AWS refuses for a channel that is (not) live.

use crate::common::{REGION, client, raw};
use aws_sdk_ivs::types::{StreamFilters, StreamHealth};
use ivs_local::{Config, Seed, Server};
use serde_json::json;

async fn channel(client: &aws_sdk_ivs::Client, name: &str) -> String {
    let created = client.create_channel().name(name).send().await.unwrap();
    created.channel().unwrap().arn().unwrap().to_owned()
}

async fn hook(
    server: &Server,
    method: &str,
    body: serde_json::Value,
) -> crate::common::RawResponse {
    let json = [("content-type".to_owned(), "application/json".to_owned())];
    raw(
        server,
        method,
        "/_ivs_local/streams",
        &json,
        body.to_string().as_bytes(),
    )
    .await
}

#[tokio::test]
async fn the_hook_puts_a_channel_on_air_and_get_stream_finds_it() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = channel(&client, "live").await;
    let not_live = client
        .get_stream()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(not_live.into_service_error().is_channel_not_broadcasting());

    let answer = hook(
        &server,
        "POST",
        json!({"channelArn": arn, "viewerCount": 7}),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let stream_id = answer.json()["stream"]["streamId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        stream_id.starts_with("st-") && stream_id.len() == 26,
        "{stream_id}"
    );

    let got = client.get_stream().channel_arn(&arn).send().await.unwrap();
    let stream = got.stream().unwrap();
    assert_eq!(stream.stream_id(), Some(stream_id.as_str()));
    assert_eq!(stream.health(), Some(&StreamHealth::StreamHealthy));
    assert_eq!(stream.viewer_count(), 7);
    assert_eq!(stream.state().map(|s| s.as_str()), Some("LIVE"));
    assert!(stream.start_time().is_some());
    let channel = client.get_channel().arn(&arn).send().await.unwrap();
    assert_eq!(
        stream.playback_url(),
        channel.channel().unwrap().playback_url()
    );

    let again = hook(&server, "POST", json!({"channelArn": arn})).await;
    assert_eq!(
        (again.status, again.header("x-amzn-errortype")),
        (409, Some("ConflictException"))
    );
    let unknown = format!("arn:aws:ivs:{REGION}:123456789012:channel/Nope12345678");
    let missing = hook(&server, "POST", json!({"channelArn": unknown})).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    let bad = hook(
        &server,
        "POST",
        json!({"channelArn": arn, "health": "GREAT"}),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("health"), "{}", bad.body);

    let off = hook(&server, "DELETE", json!({"channelArn": arn})).await;
    assert_eq!(off.status, 204, "{}", off.body);
    let ended = client
        .get_stream()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(ended.into_service_error().is_channel_not_broadcasting());
    let twice = hook(&server, "DELETE", json!({"channelArn": arn})).await;
    assert_eq!(
        twice.header("x-amzn-errortype"),
        Some("ChannelNotBroadcasting")
    );
}

#[tokio::test]
async fn list_streams_filters_by_health_and_pages() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let mut arns = Vec::new();
    for (name, health) in [("a", "HEALTHY"), ("b", "STARVING"), ("c", "HEALTHY")] {
        let arn = channel(&client, name).await;
        server.go_live(&arn, health, 1).unwrap();
        arns.push(arn);
    }
    let _off = channel(&client, "never-live").await;

    let all = client.list_streams().send().await.unwrap();
    let listed: Vec<&str> = all
        .streams()
        .iter()
        .filter_map(|s| s.channel_arn())
        .collect();
    assert_eq!(listed, arns.iter().map(String::as_str).collect::<Vec<_>>());

    let starving = client
        .list_streams()
        .filter_by(
            StreamFilters::builder()
                .health(StreamHealth::Starving)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(starving.streams().len(), 1);
    assert_eq!(starving.streams()[0].channel_arn(), Some(arns[1].as_str()));

    let first = client.list_streams().max_results(2).send().await.unwrap();
    assert_eq!(first.streams().len(), 2);
    let second = client
        .list_streams()
        .max_results(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.streams().len(), 1);
    assert_eq!(second.next_token(), None);

    client
        .stop_stream()
        .channel_arn(&arns[0])
        .send()
        .await
        .unwrap();
    let after = client.list_streams().send().await.unwrap();
    assert_eq!(after.streams().len(), 2);
    assert!(
        after
            .streams()
            .iter()
            .all(|s| s.channel_arn() != Some(arns[0].as_str()))
    );
}

#[tokio::test]
async fn sessions_snapshot_the_channel_and_outlive_their_stream() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let recording = crate::common::create(&client, "rec").await;
    let created = client
        .create_channel()
        .name("show")
        .recording_configuration_arn(&recording)
        .send()
        .await
        .unwrap();
    let arn = created.channel().unwrap().arn().unwrap().to_owned();
    let none = client
        .get_stream_session()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(none.into_service_error().is_resource_not_found_exception());

    let first = server.go_live(&arn, "HEALTHY", 0).unwrap()["streamId"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = client
        .get_stream_session()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap();
    let session = live.stream_session().unwrap();
    assert_eq!(session.stream_id(), Some(first.as_str()));
    assert_eq!(session.end_time(), None);
    assert_eq!(session.channel().unwrap().name(), Some("show"));
    assert_eq!(session.recording_configuration().unwrap().arn(), recording);
    let video = session.ingest_configuration().unwrap().video().unwrap();
    assert_eq!(
        (
            video.video_width(),
            video.video_height(),
            video.target_framerate()
        ),
        (1920, 1080, 30)
    );
    let events: Vec<&str> = session
        .truncated_events()
        .iter()
        .filter_map(|e| e.name())
        .collect();
    assert_eq!(
        events,
        ["Session Created", "Stream Start", "Recording Start"]
    );

    // StopStream ends the stream; the session stays, with its end and closing events.
    client.stop_stream().channel_arn(&arn).send().await.unwrap();
    let stopped = client
        .stop_stream()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(stopped.into_service_error().is_channel_not_broadcasting());
    client
        .update_channel()
        .arn(&arn)
        .name("renamed")
        .send()
        .await
        .unwrap();
    let second = server.go_live(&arn, "UNKNOWN", 0).unwrap()["streamId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);

    let old = client
        .get_stream_session()
        .channel_arn(&arn)
        .stream_id(&first)
        .send()
        .await
        .unwrap();
    let old = old.stream_session().unwrap();
    assert!(old.end_time().is_some());
    assert_eq!(old.channel().unwrap().name(), Some("show"));
    let events: Vec<&str> = old
        .truncated_events()
        .iter()
        .filter_map(|e| e.name())
        .collect();
    assert_eq!(events.last(), Some(&"Session Ended"));
    assert!(events.contains(&"Stream End"), "{events:?}");

    let latest = client
        .get_stream_session()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap();
    let latest = latest.stream_session().unwrap();
    assert_eq!(latest.stream_id(), Some(second.as_str()));
    assert_eq!(latest.channel().unwrap().name(), Some("renamed"));

    let listed = client
        .list_stream_sessions()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap();
    let ids: Vec<&str> = listed
        .stream_sessions()
        .iter()
        .filter_map(|s| s.stream_id())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    assert!(listed.stream_sessions()[0].end_time().is_some());
    assert!(listed.stream_sessions()[1].end_time().is_none());
    assert!(
        listed
            .stream_sessions()
            .iter()
            .all(|s| !s.has_error_event())
    );
    let page = client
        .list_stream_sessions()
        .channel_arn(&arn)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.stream_sessions().len(), 1);
    assert!(page.next_token().is_some());

    let unknown_id = "st-0000000000000000000000a";
    let err = client
        .get_stream_session()
        .channel_arn(&arn)
        .stream_id(unknown_id)
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error();
    assert!(err.is_resource_not_found_exception());
    assert!(err.to_string().contains("streamId"), "{err}");
}

#[tokio::test]
async fn a_live_channel_cannot_be_deleted_and_takes_metadata_and_ad_breaks() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = channel(&client, "on-air").await;

    let metadata = client
        .put_metadata()
        .channel_arn(&arn)
        .metadata("hi")
        .send()
        .await
        .unwrap_err();
    assert!(metadata.into_service_error().is_channel_not_broadcasting());
    let ad = client
        .insert_ad_break()
        .channel_arn(&arn)
        .duration_seconds(30)
        .send()
        .await
        .unwrap_err();
    assert!(ad.into_service_error().is_channel_not_broadcasting());

    server.go_live(&arn, "HEALTHY", 0).unwrap();
    client
        .put_metadata()
        .channel_arn(&arn)
        .metadata("hi")
        .send()
        .await
        .unwrap();
    let empty = client
        .put_metadata()
        .channel_arn(&arn)
        .metadata("")
        .send()
        .await
        .unwrap_err();
    assert!(empty.into_service_error().is_validation_exception());
    let inserted = client
        .insert_ad_break()
        .channel_arn(&arn)
        .duration_seconds(30)
        .send()
        .await
        .unwrap();
    assert_eq!(inserted.ad_break_id().map(str::len), Some(12));
    assert!(inserted.target_start_at().is_some());

    let refused = client.delete_channel().arn(&arn).send().await.unwrap_err();
    assert!(refused.into_service_error().is_conflict_exception());
    server.go_off_air(&arn).unwrap();
    client.delete_channel().arn(&arn).send().await.unwrap();
    let gone = client
        .get_stream()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(gone.into_service_error().is_resource_not_found_exception());
    let gone = client
        .list_stream_sessions()
        .channel_arn(&arn)
        .send()
        .await
        .unwrap_err();
    assert!(gone.into_service_error().is_resource_not_found_exception());
}

#[tokio::test]
async fn a_seeded_channel_may_start_live() {
    let seed = Seed::from_json(&format!(
        r#"{{"channels":[{{"region":"{REGION}","id":"LiveSeed0001","live":{{"health":"STARVING","viewerCount":3}}}},
                        {{"region":"{REGION}","id":"OffSeed00001"}}]}}"#
    ))
    .unwrap();
    let server = Server::start(Config {
        seed,
        ..Config::default()
    })
    .await
    .unwrap();
    let client = client(&server);
    let streams = client.list_streams().send().await.unwrap();
    assert_eq!(streams.streams().len(), 1);
    let stream = &streams.streams()[0];
    assert!(
        stream
            .channel_arn()
            .unwrap()
            .ends_with("channel/LiveSeed0001")
    );
    assert_eq!(
        (stream.health(), stream.viewer_count()),
        (Some(&StreamHealth::Starving), 3)
    );

    let bad = Seed::from_json(r#"{"channels":[{"live":{"viewers":3}}]}"#).unwrap_err();
    assert!(
        bad.to_string().contains("unknown member 'viewers' in live"),
        "{bad}"
    );
    let bad = Seed::from_json(r#"{"channels":[{"live":{"health":"GREAT"}}]}"#).unwrap();
    let err = Server::start(Config {
        seed: bad,
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("health"), "{err}");
}
