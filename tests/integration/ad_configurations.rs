//! `ivs_ad_configuration(s)` through the real terraform against ivs-local: configurations with
//! every member set and with only the required ones, read by ARN, by name and listed, every
//! attribute equal to GetAdConfiguration's answer.

use aws_sdk_ivs::types::{
    AdConfiguration, MediaTailorPlaybackConfiguration, PostRollConfiguration,
};
use serde_json::{Value, json};

use crate::support::reading::{assert_named_kind_reads, region_of};
use crate::support::{ivs_client, start_ivs_local};

/// What `ivs_ad_configuration` must show for `api`.
fn expected(api: &AdConfiguration) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": region_of(api.arn()),
        "name": api.name(),
        "media_tailor_playback_configurations": api
            .media_tailor_playback_configurations()
            .iter()
            .map(|c| json!({"playback_configuration_arn": c.playback_configuration_arn()}))
            .collect::<Vec<_>>(),
        "post_roll_configuration": api.post_roll_configuration().map(|p| json!({
            "enabled": p.enabled(),
            "duration_seconds": p.duration_seconds(),
        })),
        "tags": api.tags(),
    })
}

fn media_tailor(name: &str) -> MediaTailorPlaybackConfiguration {
    MediaTailorPlaybackConfiguration::builder()
        .playback_configuration_arn(format!(
            "arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/{name}"
        ))
        .build()
}

#[tokio::test(flavor = "multi_thread")]
async fn ad_configurations_read_by_arn_by_name_and_listed_equal_get_ad_configuration() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let requests = [
        client
            .create_ad_configuration()
            .media_tailor_playback_configurations(media_tailor("plain")),
        client
            .create_ad_configuration()
            .name("everything")
            .media_tailor_playback_configurations(media_tailor("first"))
            .post_roll_configuration(
                PostRollConfiguration::builder()
                    .enabled(true)
                    .duration_seconds(45)
                    .build()
                    .expect("both members"),
            )
            .tags("team", "ads"),
        client
            .create_ad_configuration()
            .name("other")
            .media_tailor_playback_configurations(media_tailor("other")),
    ];
    let mut expected_configurations = Vec::new();
    for request in requests {
        let created = request
            .send()
            .await
            .expect("CreateAdConfiguration")
            .ad_configuration
            .expect("an ad configuration");
        let got = client
            .get_ad_configuration()
            .arn(created.arn())
            .send()
            .await
            .expect("GetAdConfiguration")
            .ad_configuration
            .expect("an ad configuration");
        expected_configurations.push(expected(&got));
    }
    assert_eq!(
        expected_configurations[1]["post_roll_configuration"]["duration_seconds"],
        45
    );
    assert_named_kind_reads(
        &server.endpoint(),
        (
            "ivs_ad_configuration",
            "ivs_ad_configurations",
            "ad_configurations",
        ),
        &expected_configurations,
        "{ team = \"ads\" }",
    )
    .await;
}
