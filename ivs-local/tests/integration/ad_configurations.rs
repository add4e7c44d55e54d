//! Ad configurations through the AWS SDK: documented defaults, Update, and their use by
//! channels (a missing one is not found; one in use cannot be deleted).

use crate::common::{REGION, client};
use aws_sdk_ivs::types::{MediaTailorPlaybackConfiguration, PostRollConfiguration};
use ivs_local::{Config, Server};

fn media_tailor(name: &str) -> MediaTailorPlaybackConfiguration {
    MediaTailorPlaybackConfiguration::builder()
        .playback_configuration_arn(format!(
            "arn:aws:mediatailor:{REGION}:123456789012:playbackConfiguration/{name}"
        ))
        .build()
}

#[tokio::test]
async fn ad_configurations_have_documented_defaults_and_update_what_is_given() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client
        .create_ad_configuration()
        .media_tailor_playback_configurations(media_tailor("first"))
        .send()
        .await
        .unwrap();
    let configuration = created.ad_configuration().unwrap();
    let arn = configuration.arn().to_owned();
    assert!(arn.contains(":ad-configuration/"), "{arn}");
    assert_eq!(configuration.name(), Some(""));
    let post_roll = configuration.post_roll_configuration().unwrap();
    assert_eq!(
        (post_roll.enabled(), post_roll.duration_seconds()),
        (false, 15)
    );

    let updated = client
        .update_ad_configuration()
        .arn(&arn)
        .post_roll_configuration(
            PostRollConfiguration::builder()
                .enabled(true)
                .duration_seconds(30)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let configuration = updated.ad_configuration().unwrap();
    assert_eq!(
        configuration
            .post_roll_configuration()
            .unwrap()
            .duration_seconds(),
        30
    );
    let tailored = configuration.media_tailor_playback_configurations();
    assert_eq!(tailored, [media_tailor("first")], "kept");
    let listed = client.list_ad_configurations().send().await.unwrap();
    assert_eq!(listed.ad_configurations().len(), 1);
    client
        .delete_ad_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    let gone = client
        .get_ad_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}

#[tokio::test]
async fn channels_refer_to_existing_ad_configurations_and_keep_them_from_deletion() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let missing = format!("arn:aws:ivs:{REGION}:123456789012:ad-configuration/Nope");
    let err = client
        .create_channel()
        .ad_configuration_arn(&missing)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    let arn = client
        .create_ad_configuration()
        .media_tailor_playback_configurations(media_tailor("ads"))
        .send()
        .await
        .unwrap()
        .ad_configuration()
        .unwrap()
        .arn()
        .to_owned();
    let channel = client
        .create_channel()
        .ad_configuration_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        channel.channel().unwrap().ad_configuration_arn(),
        Some(arn.as_str())
    );
    let err = client
        .delete_ad_configuration()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
}
