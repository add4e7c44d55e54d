//! The recording-configuration operations, through the AWS SDK.

use crate::common::{REGION, client, client_with, create, s3};
use aws_sdk_ivs::operation::delete_recording_configuration::DeleteRecordingConfigurationError;
use aws_sdk_ivs::operation::get_recording_configuration::GetRecordingConfigurationError;
use aws_sdk_ivs::operation::list_tags_for_resource::ListTagsForResourceError;
use aws_sdk_ivs::types::{
    RecordingConfigurationState, RecordingMode, RenditionConfiguration,
    RenditionConfigurationRendition, RenditionConfigurationRenditionSelection,
    ThumbnailConfiguration, ThumbnailConfigurationResolution, ThumbnailConfigurationStorage,
};
use ivs_local::{Config, Server};
use std::collections::HashMap;

#[tokio::test]
async fn create_minimal_applies_documented_defaults() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);

    let output = client
        .create_recording_configuration()
        .destination_configuration(s3("my-bucket"))
        .send()
        .await
        .unwrap();
    let config = output.recording_configuration().unwrap();

    let prefix = format!("arn:aws:ivs:{REGION}:123456789012:recording-configuration/");
    let id = config
        .arn()
        .strip_prefix(&prefix)
        .expect("ARN of the caller's region and account");
    assert_eq!(id.len(), 12);
    assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    assert_eq!(config.state(), &RecordingConfigurationState::Active);
    assert_eq!(config.name(), Some(""));
    assert_eq!(
        config
            .destination_configuration()
            .and_then(|d| d.s3())
            .map(|s3| s3.bucket_name()),
        Some("my-bucket")
    );
    assert_eq!(config.tags(), Some(&HashMap::new()));
    assert_eq!(config.recording_reconnect_window_seconds(), 0);
    let thumbnail = config.thumbnail_configuration().unwrap();
    assert_eq!(thumbnail.recording_mode(), Some(&RecordingMode::Interval));
    assert_eq!(thumbnail.target_interval_seconds(), Some(60));
    assert_eq!(thumbnail.resolution(), None);
    assert_eq!(
        thumbnail.storage(),
        [ThumbnailConfigurationStorage::Sequential]
    );
    let rendition = config.rendition_configuration().unwrap();
    assert_eq!(
        rendition.rendition_selection(),
        Some(&RenditionConfigurationRenditionSelection::All)
    );
    assert!(rendition.renditions().is_empty());
}

#[tokio::test]
async fn create_full_then_get_returns_exactly_it() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);

    let thumbnail = ThumbnailConfiguration::builder()
        .recording_mode(RecordingMode::Interval)
        .target_interval_seconds(30)
        .resolution(ThumbnailConfigurationResolution::Hd)
        .storage(ThumbnailConfigurationStorage::Sequential)
        .storage(ThumbnailConfigurationStorage::Latest)
        .build();
    let rendition = RenditionConfiguration::builder()
        .rendition_selection(RenditionConfigurationRenditionSelection::Custom)
        .renditions(RenditionConfigurationRendition::Hd)
        .renditions(RenditionConfigurationRendition::FullHd)
        .build();
    let created = client
        .create_recording_configuration()
        .name("full-config_1")
        .destination_configuration(s3("my.bucket-2"))
        .tags("team", "video")
        .tags("env", "")
        .thumbnail_configuration(thumbnail.clone())
        .recording_reconnect_window_seconds(45)
        .rendition_configuration(rendition.clone())
        .send()
        .await
        .unwrap()
        .recording_configuration
        .unwrap();

    assert_eq!(created.name(), Some("full-config_1"));
    assert_eq!(created.thumbnail_configuration(), Some(&thumbnail));
    assert_eq!(created.rendition_configuration(), Some(&rendition));
    assert_eq!(created.recording_reconnect_window_seconds(), 45);
    let expected_tags: HashMap<String, String> = [
        ("team".into(), "video".into()),
        ("env".into(), String::new()),
    ]
    .into();
    assert_eq!(created.tags(), Some(&expected_tags));

    let fetched = client
        .get_recording_configuration()
        .arn(created.arn())
        .send()
        .await
        .unwrap()
        .recording_configuration
        .unwrap();
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn list_paginates_with_max_results_and_next_token() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(create(&client, &format!("config-{i}")).await);
    }

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = Vec::new();
    loop {
        let page = client
            .list_recording_configurations()
            .max_results(3)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages.push(page.recording_configurations().len());
        for summary in page.recording_configurations() {
            assert_eq!(summary.state(), &RecordingConfigurationState::Active);
            assert_eq!(
                summary
                    .destination_configuration()
                    .and_then(|d| d.s3())
                    .map(|s| s.bucket_name()),
                Some("bucket")
            );
            seen.push(summary.arn().to_owned());
        }
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, [3, 3, 1]);
    assert_eq!(seen, created);

    // Without maxResults everything fits in one page (default: min(quota, 100)).
    let all = client.list_recording_configurations().send().await.unwrap();
    assert_eq!(all.recording_configurations().len(), 7);
    assert_eq!(all.next_token(), None);
}

#[tokio::test]
async fn delete_then_get_is_resource_not_found() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "doomed").await;

    client
        .delete_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();

    let err = client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            err,
            GetRecordingConfigurationError::ResourceNotFoundException(_)
        ),
        "{err:?}"
    );
    let err = client
        .delete_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            err,
            DeleteRecordingConfigurationError::ResourceNotFoundException(_)
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn tag_untag_list_tags_round_trip() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let arn = create(&client, "tagged").await;

    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("a", "1")
        .tags("b", "2")
        .tags("c", "3")
        .send()
        .await
        .unwrap();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("a", "one")
        .send()
        .await
        .unwrap();
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("b")
        .tag_keys("not-there")
        .send()
        .await
        .unwrap();

    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags;
    let expected: HashMap<String, String> =
        [("a".into(), "one".into()), ("c".into(), "3".into())].into();
    assert_eq!(tags, expected);

    // Get reflects the same tags.
    let config = client
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap()
        .recording_configuration
        .unwrap();
    assert_eq!(config.tags(), Some(&expected));
}

#[tokio::test]
async fn tagging_an_unknown_resource_is_not_found() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let err = client
        .list_tags_for_resource()
        .resource_arn("arn:aws:ivs:us-west-2:123456789012:recording-configuration/Nope12345678")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, ListTagsForResourceError::ResourceNotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn quota_is_enforced_per_region() {
    let config = Config {
        recording_configuration_quota: 3,
        ..Config::default()
    };
    let server = Server::start(config).await.unwrap();
    let client = client(&server);
    for i in 0..3 {
        create(&client, &format!("c{i}")).await;
    }
    let err = client
        .create_recording_configuration()
        .destination_configuration(s3("bucket"))
        .send()
        .await
        .unwrap_err();
    let raw = err.raw_response().map(|r| r.status().as_u16());
    assert_eq!(raw, Some(402));
    assert!(
        err.into_service_error()
            .is_service_quota_exceeded_exception(),
        "expected ServiceQuotaExceededException"
    );

    // Another region has its own quota.
    let other = client_with(&server.endpoint(), "eu-west-1", "test", "test");
    create(&other, "elsewhere").await;
}

#[tokio::test]
async fn regions_are_isolated() {
    let server = Server::start(Config::default()).await.unwrap();
    let west = client(&server);
    let east = client_with(&server.endpoint(), "us-east-1", "test", "test");
    let arn = create(&west, "west-only").await;

    let err = east
        .get_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    let err = east
        .delete_recording_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    let err = east
        .tag_resource()
        .resource_arn(&arn)
        .tags("k", "v")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");

    let east_list = east.list_recording_configurations().send().await.unwrap();
    assert!(east_list.recording_configurations().is_empty());
    let west_list = west.list_recording_configurations().send().await.unwrap();
    assert_eq!(west_list.recording_configurations().len(), 1);
}
