//! `--create-delay` / `createDelay`: new configurations are CREATING, then ACTIVE.

use crate::common::{client, client_with, create};
use aws_sdk_ivs::types::RecordingConfigurationState;
use ivs_local::{Config, Seed, Server};
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_millis(1500);

async fn state_of(client: &aws_sdk_ivs::Client, arn: &str) -> RecordingConfigurationState {
    client
        .get_recording_configuration()
        .arn(arn)
        .send()
        .await
        .unwrap()
        .recording_configuration()
        .unwrap()
        .state()
        .clone()
}

/// Polls until ACTIVE; returns how long after `since` that was seen.
async fn wait_active(client: &aws_sdk_ivs::Client, arn: &str, since: Instant) -> Duration {
    loop {
        if state_of(client, arn).await == RecordingConfigurationState::Active {
            return since.elapsed();
        }
        assert!(since.elapsed() < DELAY * 10, "still CREATING");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn creating_then_active(server: &Server) {
    let client = client(server);
    let created_at = Instant::now();
    let arn = create(&client, "slow").await;
    assert_eq!(
        state_of(&client, &arn).await,
        RecordingConfigurationState::Creating
    );
    let listed = client.list_recording_configurations().send().await.unwrap();
    assert_eq!(
        listed.recording_configurations()[0].state(),
        &RecordingConfigurationState::Creating
    );
    let became_active = wait_active(&client, &arn, created_at).await;
    assert!(became_active >= DELAY, "ACTIVE after {became_active:?}");
    let listed = client.list_recording_configurations().send().await.unwrap();
    assert_eq!(
        listed.recording_configurations()[0].state(),
        &RecordingConfigurationState::Active
    );
}

#[tokio::test]
async fn the_setting_keeps_new_configurations_creating_for_that_long() {
    let server = Server::start(Config {
        create_delay: Some(DELAY),
        ..Config::default()
    })
    .await
    .unwrap();
    creating_then_active(&server).await;
}

#[tokio::test]
async fn the_seed_field_does_the_same_and_seeds_themselves_start_active() {
    let seed = Seed::from_json(
        r#"{"createDelay": "1500ms", "recordingConfigurations": [
            {"region": "us-east-1", "destinationConfiguration": {"s3": {"bucketName": "seeded"}}}
        ]}"#,
    )
    .unwrap();
    assert_eq!(seed.create_delay, Some(DELAY));
    let server = Server::start(Config {
        seed,
        ..Config::default()
    })
    .await
    .unwrap();
    let east = client_with(&server.endpoint(), "us-east-1", "test", "test");
    let seeded = east.list_recording_configurations().send().await.unwrap();
    assert_eq!(
        seeded.recording_configurations()[0].state(),
        &RecordingConfigurationState::Active
    );
    // The test client works in us-west-2: the seeded one (us-east-1) is not listed there.
    creating_then_active(&server).await;
}

#[tokio::test]
async fn by_default_new_configurations_are_active_at_once() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "fast").await;
    assert_eq!(
        state_of(&client, &arn).await,
        RecordingConfigurationState::Active
    );
}

#[test]
fn bad_seed_delays_are_rejected_naming_the_field() {
    for bad in [r#""soon""#, "-1", "true"] {
        let err = Seed::from_json(&format!(r#"{{"createDelay": {bad}}}"#)).unwrap_err();
        assert!(err.to_string().contains("createDelay"), "{bad}: {err}");
    }
}
