//! Seeds: pre-created recording configurations.

use crate::common::{client, client_with};
use aws_sdk_ivs::types::{RecordingConfigurationState, RecordingMode};
use ivs_local::{Config, Seed, Server};
use std::collections::HashMap;

const SEED: &str = r#"{
  "recordingConfigurations": [
    {
      "region": "us-west-2",
      "id": "AbCd1234",
      "name": "demo",
      "destinationConfiguration": {"s3": {"bucketName": "my-bucket"}},
      "tags": {"team": "video"},
      "thumbnailConfiguration": {"recordingMode": "DISABLED"},
      "recordingReconnectWindowSeconds": 30
    },
    {
      "arn": "arn:aws:ivs:eu-west-1:123456789012:recording-configuration/Busy0001",
      "destinationConfiguration": {"s3": {"bucketName": "other-bucket"}},
      "state": "CREATING",
      "inUseByChannel": true
    }
  ]
}"#;

#[tokio::test]
async fn seeded_configurations_are_served_as_given() {
    let config = Config {
        seed: Seed::from_json(SEED).unwrap(),
        ..Config::default()
    };
    let server = Server::start(config).await.unwrap();

    let demo = client(&server)
        .get_recording_configuration()
        .arn("arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234")
        .send()
        .await
        .unwrap()
        .recording_configuration
        .unwrap();
    assert_eq!(demo.name(), Some("demo"));
    assert_eq!(demo.state(), &RecordingConfigurationState::Active);
    assert_eq!(
        demo.tags(),
        Some(&HashMap::from([("team".to_owned(), "video".to_owned())]))
    );
    assert_eq!(demo.recording_reconnect_window_seconds(), 30);
    let thumbnail = demo.thumbnail_configuration().unwrap();
    assert_eq!(thumbnail.recording_mode(), Some(&RecordingMode::Disabled));
    assert_eq!(thumbnail.target_interval_seconds(), Some(60));

    let eu = client_with(&server.endpoint(), "eu-west-1", "test", "test");
    let busy_arn = "arn:aws:ivs:eu-west-1:123456789012:recording-configuration/Busy0001";
    let busy = eu
        .get_recording_configuration()
        .arn(busy_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        busy.recording_configuration().map(|c| c.state()),
        Some(&RecordingConfigurationState::Creating)
    );
    // In use by a channel: deleting it is a conflict, as on AWS.
    let err = eu
        .delete_recording_configuration()
        .arn(busy_arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
}

#[tokio::test]
async fn seeds_from_files_count_towards_the_quota() {
    let path = std::env::temp_dir().join(format!("ivs-local-seed-{}.json", std::process::id()));
    std::fs::write(&path, SEED).unwrap();
    let seed = Seed::from_file(&path);
    std::fs::remove_file(&path).unwrap();
    let config = Config {
        seed: seed.unwrap(),
        recording_configuration_quota: 1,
        ..Config::default()
    };
    let server = Server::start(config).await.unwrap();
    let err = client(&server)
        .create_recording_configuration()
        .destination_configuration(crate::common::s3("bucket"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
}

#[tokio::test]
async fn bad_seeds_are_rejected_naming_entry_and_field() {
    let cases = [
        (
            r#"{"recordingConfigurations":[{"name":"ok","destinationConfiguration":{"s3":{"bucketName":"fine"}}},{"name":"bad","destinationConfiguration":{"s3":{"bucketName":"No_Caps"}}}]}"#,
            "seed entry recordingConfigurations[1] (\"bad\"): 1 validation error detected: Value 'No_Caps' at 'destinationConfiguration.s3.bucketName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z0-9-.]+",
        ),
        (
            r#"{"recordingConfigurations":[{"region":"Mars","destinationConfiguration":{"s3":{"bucketName":"fine"}}}]}"#,
            "seed entry recordingConfigurations[0]: region: 'Mars' must match [a-z0-9-]+, e.g. us-west-2",
        ),
        (
            r#"{"recordingConfigurations":[{"id":"x","destinationConfiguration":{"s3":{"bucketName":"fine"}}},{"id":"x","destinationConfiguration":{"s3":{"bucketName":"fine"}}}]}"#,
            "seed entry recordingConfigurations[1]: A recording configuration with id x already exists",
        ),
        (
            r#"{"recordingConfigurations":[{"state":"GONE","destinationConfiguration":{"s3":{"bucketName":"fine"}}}]}"#,
            "seed entry recordingConfigurations[0]: state: 'GONE' must be one of CREATING, CREATE_FAILED, ACTIVE",
        ),
    ];
    for (json, expected) in cases {
        let config = Config {
            seed: Seed::from_json(json).unwrap(),
            ..Config::default()
        };
        let err = Server::start(config).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(err.to_string(), expected);
    }

    let err = Seed::from_json(r#"{"recordingConfigurations":[{"nmae":"typo"}]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "seed entry recordingConfigurations[0]: unknown member 'nmae'"
    );
    let err = Seed::from_json(
        r#"{"recordingConfigurations":[{"recordingReconnectWindowSeconds":"ten"}]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("seed entry recordingConfigurations[0]: invalid type"),
        "{err}"
    );
    assert!(
        Seed::from_json("{")
            .unwrap_err()
            .to_string()
            .starts_with("seed is not valid JSON")
    );
}
