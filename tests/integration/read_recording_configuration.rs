//! `terraform apply` reads recording configurations created through aws-sdk-ivs on the local IVS
//! endpoint, and every output field equals what GetRecordingConfiguration returned.

use crate::support::{
    ARN_KNOWN_AFTER_APPLY, Workspace, assert_read_deferred_to_apply,
    create_recording_configuration, ivs_client, off_runtime, quoted, read_config, s3_destination,
    send_create, start_ivs_local, terraform_data_arn,
};
use aws_sdk_ivs::types::{
    RecordingConfiguration, RecordingMode, RenditionConfiguration, RenditionConfigurationRendition,
    RenditionConfigurationRenditionSelection, ThumbnailConfiguration,
    ThumbnailConfigurationResolution, ThumbnailConfigurationStorage,
};
use serde_json::{Value, json};

/// What the data source must show for `api`, written from the API's own shape.
pub fn expected(api: &RecordingConfiguration) -> Value {
    let strings = |items: Option<&[&str]>| items.map(|i| json!(i));
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "name": api.name(),
        "region": api.arn().split(':').nth(3),
        "state": api.state().as_str(),
        "recording_reconnect_window_seconds": api.recording_reconnect_window_seconds(),
        "tags": api.tags(),
        "destination_configuration": api.destination_configuration().map(|d| json!({
            "s3": d.s3().map(|s3| json!({"bucket_name": s3.bucket_name()})),
        })),
        "thumbnail_configuration": api.thumbnail_configuration().map(|t| json!({
            "recording_mode": t.recording_mode().map(|m| m.as_str()),
            "target_interval_seconds": t.target_interval_seconds(),
            "resolution": t.resolution().map(|r| r.as_str()),
            "storage": strings(Some(&t.storage().iter().map(|s| s.as_str()).collect::<Vec<_>>()))
                .filter(|_| t.storage.is_some()),
        })),
        "rendition_configuration": api.rendition_configuration().map(|r| json!({
            "rendition_selection": r.rendition_selection().map(|s| s.as_str()),
            "renditions": strings(Some(&r.renditions().iter().map(|s| s.as_str()).collect::<Vec<_>>()))
                .filter(|_| r.renditions.is_some()),
        })),
    })
}

/// Applies a configuration reading `arn` and returns the data source's output value.
async fn read_through_terraform(endpoint: &str, arn: &str) -> Value {
    let workspace = Workspace::new(&read_config(endpoint, &quoted(arn)));
    off_runtime(workspace, |workspace| {
        let run = workspace.apply();
        assert!(run.success, "terraform apply failed:\n{}", run.text());
        workspace.output("rc")
    })
    .await
}

/// The recording configuration `arn` as GetRecordingConfiguration returns it.
async fn get(client: &aws_sdk_ivs::Client, arn: &str) -> RecordingConfiguration {
    client
        .get_recording_configuration()
        .arn(arn)
        .send()
        .await
        .expect("GetRecordingConfiguration")
        .recording_configuration
        .expect("a recording configuration")
}

/// Asserts that `actual` has exactly the fields of `expected`, with the same values.
fn assert_fields_equal(actual: &Value, expected: &Value) {
    let expected = expected.as_object().unwrap();
    let actual_fields = actual.as_object().expect("output is an object");
    assert_eq!(
        actual_fields.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the output has exactly the schema's attributes"
    );
    for (name, value) in expected {
        assert_eq!(&actual[name], value, "field {name}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_every_combination_of_fields() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());

    let minimal = send_create(
        client
            .create_recording_configuration()
            .destination_configuration(s3_destination("minimal-bucket")),
    )
    .await;
    let full = send_create(
        client
            .create_recording_configuration()
            .name("full-config")
            .destination_configuration(s3_destination("full-bucket"))
            .recording_reconnect_window_seconds(300)
            .tags("team", "video")
            .tags("env", "test")
            .thumbnail_configuration(
                ThumbnailConfiguration::builder()
                    .recording_mode(RecordingMode::Interval)
                    .target_interval_seconds(5)
                    .resolution(ThumbnailConfigurationResolution::FullHd)
                    .storage(ThumbnailConfigurationStorage::Sequential)
                    .storage(ThumbnailConfigurationStorage::Latest)
                    .build(),
            )
            .rendition_configuration(
                RenditionConfiguration::builder()
                    .rendition_selection(RenditionConfigurationRenditionSelection::Custom)
                    .renditions(RenditionConfigurationRendition::Hd)
                    .renditions(RenditionConfigurationRendition::LowestResolution)
                    .build(),
            ),
    )
    .await;
    let thumbnails_off = send_create(
        client
            .create_recording_configuration()
            .name("no-thumbnails")
            .destination_configuration(s3_destination("bucket-3"))
            .recording_reconnect_window_seconds(1)
            .thumbnail_configuration(
                ThumbnailConfiguration::builder()
                    .recording_mode(RecordingMode::Disabled)
                    .build(),
            )
            .rendition_configuration(
                RenditionConfiguration::builder()
                    .rendition_selection(RenditionConfigurationRenditionSelection::None)
                    .build(),
            ),
    )
    .await;

    for arn in [minimal, full, thumbnails_off] {
        let api = get(&client, &arn).await;
        let output = read_through_terraform(&server.endpoint(), &arn).await;
        assert_fields_equal(&output, &expected(&api));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn full_configuration_values_arrive_as_created() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let arn = send_create(
        client
            .create_recording_configuration()
            .name("exact")
            .destination_configuration(s3_destination("exact-bucket"))
            .recording_reconnect_window_seconds(42)
            .tags("k", "v")
            .thumbnail_configuration(
                ThumbnailConfiguration::builder()
                    .recording_mode(RecordingMode::Interval)
                    .target_interval_seconds(17)
                    .resolution(ThumbnailConfigurationResolution::Sd)
                    .storage(ThumbnailConfigurationStorage::Latest)
                    .build(),
            ),
    )
    .await;
    let output = read_through_terraform(&server.endpoint(), &arn).await;
    // Literal values, independent of the mapping code and of the API's echo.
    assert_eq!(output["name"], "exact");
    assert_eq!(output["state"], "ACTIVE");
    assert_eq!(output["id"], arn.as_str());
    assert_eq!(output["recording_reconnect_window_seconds"], 42);
    assert_eq!(output["tags"], json!({"k": "v"}));
    assert_eq!(
        output["destination_configuration"]["s3"]["bucket_name"],
        "exact-bucket"
    );
    assert_eq!(
        output["thumbnail_configuration"]["recording_mode"],
        "INTERVAL"
    );
    assert_eq!(
        output["thumbnail_configuration"]["target_interval_seconds"],
        17
    );
    assert_eq!(output["thumbnail_configuration"]["resolution"], "SD");
    assert_eq!(
        output["thumbnail_configuration"]["storage"],
        json!(["LATEST"])
    );
    assert_eq!(
        output["rendition_configuration"]["rendition_selection"],
        "ALL"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_arn_known_only_after_apply_is_read_at_apply() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let arn = create_recording_configuration(&client, "later", "later-bucket").await;
    let config = read_config(&server.endpoint(), ARN_KNOWN_AFTER_APPLY) + &terraform_data_arn(&arn);
    let workspace = Workspace::new(&config);
    let api = get(&client, &arn).await;
    let reads_before_plan = server.request_count("GetRecordingConfiguration");
    let (plan, apply, output) = off_runtime(workspace, |workspace| {
        let plan = workspace.plan();
        let apply = workspace.apply();
        let output = workspace.output("rc");
        (plan, apply, output)
    })
    .await;
    assert_read_deferred_to_apply(&plan);
    assert!(apply.success, "{}", apply.text());
    assert_fields_equal(&output, &expected(&api));
    // The plan could not read it (the ARN was unknown); the apply read it.
    assert!(server.request_count("GetRecordingConfiguration") > reads_before_plan);
}
