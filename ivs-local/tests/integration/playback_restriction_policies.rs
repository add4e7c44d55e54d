//! Playback restriction policies through the AWS SDK: documented defaults, Update, List,
//! tags, and their use by channels (a missing policy is not found; a policy in use cannot be
//! deleted until the channel lets go).

use crate::common::{REGION, client};
use ivs_local::{Config, Server};

#[tokio::test]
async fn policies_have_documented_defaults_and_update_what_is_given() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client
        .create_playback_restriction_policy()
        .allowed_countries("FR")
        .tags("team", "video")
        .send()
        .await
        .unwrap();
    let policy = created.playback_restriction_policy().unwrap();
    let arn = policy.arn().to_owned();
    assert!(
        arn.starts_with(&format!(
            "arn:aws:ivs:{REGION}:123456789012:playback-restriction-policy/"
        )),
        "{arn}"
    );
    assert_eq!(policy.allowed_countries(), ["FR"]);
    assert!(policy.allowed_origins().is_empty());
    assert_eq!(policy.enable_strict_origin_enforcement(), Some(false));
    assert_eq!(policy.name(), Some(""));
    assert_eq!(policy.tags().unwrap()["team"], "video");

    let updated = client
        .update_playback_restriction_policy()
        .arn(&arn)
        .allowed_origins("https://example.com")
        .enable_strict_origin_enforcement(true)
        .name("strict")
        .send()
        .await
        .unwrap();
    let policy = updated.playback_restriction_policy().unwrap();
    assert_eq!(policy.allowed_countries(), ["FR"], "kept");
    assert_eq!(policy.allowed_origins(), ["https://example.com"]);
    assert_eq!(policy.enable_strict_origin_enforcement(), Some(true));
    let got = client
        .get_playback_restriction_policy()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.playback_restriction_policy().unwrap().name(),
        Some("strict")
    );
    let listed = client
        .list_playback_restriction_policies()
        .send()
        .await
        .unwrap();
    assert_eq!(listed.playback_restriction_policies().len(), 1);
    assert_eq!(listed.playback_restriction_policies()[0].arn(), arn);

    client
        .delete_playback_restriction_policy()
        .arn(&arn)
        .send()
        .await
        .unwrap();
    let gone = client
        .get_playback_restriction_policy()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}

#[tokio::test]
async fn a_country_code_of_three_letters_is_refused_naming_the_member() {
    let server = Server::start(Config::default()).await.unwrap();
    let err = client(&server)
        .create_playback_restriction_policy()
        .allowed_countries("USA")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_validation_exception(), "{err:?}");
    let message = err.meta().message().unwrap_or_default();
    assert!(
        message.contains("at 'allowedCountries' failed to satisfy constraint"),
        "{message}"
    );
}

#[tokio::test]
async fn channels_refer_to_existing_policies_and_keep_them_from_deletion() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let missing = format!("arn:aws:ivs:{REGION}:123456789012:playback-restriction-policy/Nope");
    let err = client
        .create_channel()
        .playback_restriction_policy_arn(&missing)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");

    let policy = client
        .create_playback_restriction_policy()
        .send()
        .await
        .unwrap()
        .playback_restriction_policy()
        .unwrap()
        .arn()
        .to_owned();
    let channel = client
        .create_channel()
        .playback_restriction_policy_arn(&policy)
        .send()
        .await
        .unwrap()
        .channel()
        .unwrap()
        .arn()
        .unwrap()
        .to_owned();
    let filtered = client
        .list_channels()
        .filter_by_playback_restriction_policy_arn(&policy)
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.channels().len(), 1);
    assert_eq!(filtered.channels()[0].arn(), Some(channel.as_str()));

    let err = client
        .delete_playback_restriction_policy()
        .arn(&policy)
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    let err = err.into_service_error();
    assert!(err.is_conflict_exception(), "{err:?}");
    assert_eq!(status, Some(409));

    client
        .update_channel()
        .arn(&channel)
        .playback_restriction_policy_arn("")
        .send()
        .await
        .unwrap();
    client
        .delete_playback_restriction_policy()
        .arn(&policy)
        .send()
        .await
        .unwrap();
}
