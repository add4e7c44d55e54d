//! Every validation rule answers 400 ValidationException naming the member.

use crate::common::{client, create, s3, signed};
use aws_sdk_ivs::error::ProvideErrorMetadata;
use aws_sdk_ivs::operation::create_recording_configuration::builders::CreateRecordingConfigurationFluentBuilder;
use aws_sdk_ivs::types::{
    RecordingMode, RenditionConfiguration, RenditionConfigurationRendition,
    RenditionConfigurationRenditionSelection, ThumbnailConfiguration,
    ThumbnailConfigurationResolution, ThumbnailConfigurationStorage,
};
use ivs_local::{Config, Server};

type Tweak =
    fn(CreateRecordingConfigurationFluentBuilder) -> CreateRecordingConfigurationFluentBuilder;

fn thumbnail() -> aws_sdk_ivs::types::builders::ThumbnailConfigurationBuilder {
    ThumbnailConfiguration::builder()
}

#[tokio::test]
async fn create_rejects_each_invalid_member() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let cases: &[(&str, Tweak, &str)] = &[
        (
            "name too long",
            |b| b.name("n".repeat(129)),
            "at 'name' failed to satisfy constraint: Member must have length less than or equal to 128",
        ),
        (
            "name pattern",
            |b| b.name("has space"),
            "Value 'has space' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]*",
        ),
        (
            "bucket too short",
            |b| b.destination_configuration(s3("ab")),
            "at 'destinationConfiguration.s3.bucketName' failed to satisfy constraint: Member must have length greater than or equal to 3",
        ),
        (
            "bucket too long",
            |b| b.destination_configuration(s3(&"b".repeat(64))),
            "at 'destinationConfiguration.s3.bucketName' failed to satisfy constraint: Member must have length less than or equal to 63",
        ),
        (
            "bucket pattern",
            |b| b.destination_configuration(s3("Upper_Case")),
            "Value 'Upper_Case' at 'destinationConfiguration.s3.bucketName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z0-9-.]+",
        ),
        (
            "reconnect window high",
            |b| b.recording_reconnect_window_seconds(301),
            "Value '301' at 'recordingReconnectWindowSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
        ),
        (
            "reconnect window negative",
            |b| b.recording_reconnect_window_seconds(-1),
            "Value '-1' at 'recordingReconnectWindowSeconds' failed to satisfy constraint: Member must have value greater than or equal to 0",
        ),
        (
            "interval zero",
            |b| b.thumbnail_configuration(thumbnail().target_interval_seconds(0).build()),
            "Value '0' at 'thumbnailConfiguration.targetIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ),
        (
            "interval high",
            |b| b.thumbnail_configuration(thumbnail().target_interval_seconds(61).build()),
            "Value '61' at 'thumbnailConfiguration.targetIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
        ),
        (
            "recording mode",
            |b| {
                b.thumbnail_configuration(
                    thumbnail()
                        .recording_mode(RecordingMode::from("SOMETIMES"))
                        .build(),
                )
            },
            "Value 'SOMETIMES' at 'thumbnailConfiguration.recordingMode' failed to satisfy constraint: Member must satisfy enum value set: [DISABLED, INTERVAL]",
        ),
        (
            "resolution",
            |b| {
                b.thumbnail_configuration(
                    thumbnail()
                        .resolution(ThumbnailConfigurationResolution::from("4K"))
                        .build(),
                )
            },
            "Value '4K' at 'thumbnailConfiguration.resolution' failed to satisfy constraint: Member must satisfy enum value set: [SD, HD, FULL_HD, LOWEST_RESOLUTION]",
        ),
        (
            "storage",
            |b| {
                b.thumbnail_configuration(
                    thumbnail()
                        .storage(ThumbnailConfigurationStorage::from("RANDOM"))
                        .build(),
                )
            },
            "Value '[RANDOM]' at 'thumbnailConfiguration.storage' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SEQUENTIAL, LATEST]]",
        ),
        (
            "rendition selection",
            |b| {
                b.rendition_configuration(
                    RenditionConfiguration::builder()
                        .rendition_selection(RenditionConfigurationRenditionSelection::from("SOME"))
                        .build(),
                )
            },
            "Value 'SOME' at 'renditionConfiguration.renditionSelection' failed to satisfy constraint: Member must satisfy enum value set: [ALL, NONE, CUSTOM]",
        ),
        (
            "renditions",
            |b| {
                b.rendition_configuration(
                    RenditionConfiguration::builder()
                        .renditions(RenditionConfigurationRendition::from("8K"))
                        .build(),
                )
            },
            "Value '[8K]' at 'renditionConfiguration.renditions' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [SD, HD, FULL_HD, LOWEST_RESOLUTION]]",
        ),
        (
            "custom without renditions",
            |b| {
                b.rendition_configuration(
                    RenditionConfiguration::builder()
                        .rendition_selection(RenditionConfigurationRenditionSelection::Custom)
                        .build(),
                )
            },
            "renditionConfiguration.renditions must be specified when renditionSelection is CUSTOM",
        ),
        (
            "tag key empty",
            |b| b.tags("", "v"),
            // The empty key breaks the pattern's `+` too, and AWS reports both.
            "at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)]",
        ),
        (
            "tag key pattern",
            |b| b.tags("bad!key", "v"),
            "Value '{bad!key=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)]",
        ),
        (
            "tag value pattern",
            |b| b.tags("k", "bad#value"),
            "Value '{k=bad#value}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)]",
        ),
        (
            "tag key too long",
            |b| b.tags("k".repeat(129), "v"),
            "at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128]",
        ),
        (
            "tag value too long",
            |b| b.tags("k", "v".repeat(257)),
            "at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256]",
        ),
        (
            "too many tags",
            |b| (0..51).fold(b, |b, i| b.tags(format!("k{i}"), "v")),
            "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
        ),
        (
            "reserved tag prefix",
            |b| b.tags("aws:owner", "me"),
            "Tag key 'aws:owner' is invalid",
        ),
    ];
    for (case, tweak, expected) in cases {
        let request = client
            .create_recording_configuration()
            .destination_configuration(s3("valid-bucket"));
        let err = tweak(request).send().await.expect_err(case);
        assert_eq!(
            err.raw_response().map(|r| r.status().as_u16()),
            Some(400),
            "{case}"
        );
        let err = err.into_service_error();
        assert!(err.is_validation_exception(), "{case}: {err:?}");
        let message = err.message().unwrap_or_default();
        assert!(message.contains(expected), "{case}: got {message:?}");
        assert!(
            message.contains("validation error") || !expected.starts_with("Value"),
            "{case}: {message}"
        );
    }
    // Nothing was created by the rejected requests.
    let list = client.list_recording_configurations().send().await.unwrap();
    assert!(list.recording_configurations().is_empty());
}

#[tokio::test]
async fn limits_themselves_are_accepted() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let with_tags = (0..50).fold(client.create_recording_configuration(), |b, i| {
        b.tags(format!("k{i}"), "v".repeat(256))
    });
    with_tags
        .name("n".repeat(128))
        .destination_configuration(s3(&"b".repeat(63)))
        .recording_reconnect_window_seconds(300)
        .thumbnail_configuration(
            thumbnail()
                .recording_mode(RecordingMode::Disabled)
                .target_interval_seconds(1)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// Tag patterns take letters, separators and numbers of every script
/// (`\p{L}`, `\p{Z}`, `\p{N}`) and reject everything else, on every
/// operation that carries tags.
#[tokio::test]
async fn tag_patterns_are_unicode_classes() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    // Latin with accents, Greek, CJK, Arabic-Indic digits, a no-break space, a Roman numeral.
    let key = "Équipe Ωmega_東京 ٣.:/=+-@\u{a0}Ⅻ";
    let value = "";
    let created = client
        .create_recording_configuration()
        .destination_configuration(s3("valid-bucket"))
        .tags(key, value)
        .send()
        .await
        .unwrap();
    let arn = created.recording_configuration().unwrap().arn().to_owned();
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags("ключ", "значение 42")
        .send()
        .await
        .unwrap();
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().get(key).map(String::as_str), Some(value));
    client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys(key)
        .send()
        .await
        .unwrap();

    // Punctuation outside the set, symbols and control characters are not letters.
    for (bad_key, bad_value) in [
        ("bad!key", "v"),
        ("k", "bad#value"),
        ("tab\tkey", "v"),
        ("k", "emoji😀"),
        ("k", "new\nline"),
    ] {
        let err = client
            .tag_resource()
            .resource_arn(&arn)
            .tags(bad_key, bad_value)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(
            err.is_validation_exception(),
            "{bad_key:?}={bad_value:?}: {err:?}"
        );
        let message = err.message().unwrap_or_default();
        assert!(
            message.contains("at 'tags' failed to satisfy constraint")
                && message.contains("Member must satisfy regular expression pattern"),
            "{message}"
        );
    }
    let err = client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("aa!")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert_eq!(
        err.message().unwrap_or_default(),
        "1 validation error detected: Value '[aa!]' at 'tagKeys' failed to satisfy constraint: \
         Member must satisfy constraint: [Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)]"
    );
    // Nothing was changed by the rejected requests.
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1, "{:?}", tags.tags());
}

#[tokio::test]
async fn required_members_and_empty_destination_are_rejected() {
    let server = Server::start(Config::default()).await.unwrap();
    let cases = [
        (
            "/CreateRecordingConfiguration",
            "{}",
            "Value null at 'destinationConfiguration' failed to satisfy constraint: Member must not be null",
        ),
        (
            "/CreateRecordingConfiguration",
            r#"{"destinationConfiguration":{"s3":{}}}"#,
            "Value null at 'destinationConfiguration.s3.bucketName' failed to satisfy constraint: Member must not be null",
        ),
        (
            "/CreateRecordingConfiguration",
            r#"{"destinationConfiguration":{}}"#,
            "destinationConfiguration must specify exactly one destination type: s3",
        ),
        (
            "/GetRecordingConfiguration",
            "{}",
            "Value null at 'arn' failed to satisfy constraint: Member must not be null",
        ),
        (
            "/DeleteRecordingConfiguration",
            "{}",
            "Value null at 'arn' failed to satisfy constraint: Member must not be null",
        ),
    ];
    for (path, body, expected) in cases {
        let response = signed(&server, "POST", path, body).await;
        assert_eq!(response.status, 400, "{path} {body}");
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("ValidationException")
        );
        let message = response.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains(expected), "{path} {body}: {message}");
        assert_eq!(
            response.json()["exceptionMessage"].as_str(),
            Some(message.as_str())
        );
    }
}

#[tokio::test]
async fn arn_members_are_validated() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let pattern = "Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+";
    for bad in [
        "not-an-arn",
        "arn:aws:ivs:us-west-2:123456789012:channel/abc",
        "arn:aws:ivs:us-west-2:123456789012:recording-configuration/under_score",
    ] {
        let err = client
            .get_recording_configuration()
            .arn(bad)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{bad}: {err:?}");
        let message = err.message().unwrap_or_default();
        assert!(
            message.contains(&format!("Value '{bad}' at 'arn'")) && message.contains(pattern),
            "{message}"
        );
    }
    let long = format!(
        "arn:aws:ivs:us-west-2:123456789012:recording-configuration/{}",
        "a".repeat(80)
    );
    let err = client
        .delete_recording_configuration()
        .arn(&long)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("Member must have length less than or equal to 128")
    );

    let err = client
        .list_tags_for_resource()
        .resource_arn("arn:aws:ivs:x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("at 'resourceArn'"),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_and_tagging_members_are_validated() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    for max in [0, 101] {
        let err = client
            .list_recording_configurations()
            .max_results(max)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{max}: {err:?}");
        assert!(
            err.message()
                .unwrap_or_default()
                .contains(&format!("Value '{max}' at 'maxResults'"))
        );
    }
    let err = client
        .list_recording_configurations()
        .next_token("bad token!")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.message().unwrap_or_default().contains("at 'nextToken' failed to satisfy constraint: Member must satisfy regular expression pattern"), "{err:?}");

    let arn = create(&client, "t").await;
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .tags("k".repeat(129), "v")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    // 50 tags in total at most, counting those already there.
    let fifty = (0..50).fold(client.tag_resource().resource_arn(&arn), |b, i| {
        b.tags(format!("k{i}"), "v")
    });
    fifty.send().await.unwrap();
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .tags("one-more", "v")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    let err = client
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys("")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    assert!(
        err.message().unwrap_or_default().contains("at 'tagKeys'"),
        "{err:?}"
    );
}

#[tokio::test]
async fn malformed_bodies_are_serialization_errors() {
    let server = Server::start(Config::default()).await.unwrap();
    for body in [
        "{not json",
        r#"{"name": 5, "destinationConfiguration": {"s3": {"bucketName": "b"}}}"#,
        "[]",
    ] {
        let response = signed(&server, "POST", "/CreateRecordingConfiguration", body).await;
        assert_eq!(response.status, 400, "{body}");
        assert_eq!(
            response.header("x-amzn-errortype"),
            Some("SerializationException"),
            "{body}"
        );
        assert!(response.json()["message"].is_string());
    }
}
