//! `ivs_playback_restriction_policy` and `ivs_playback_restriction_policies` through the real
//! terraform against ivs-local: policies with every member set and with none, read by ARN, by
//! name and listed, every attribute equal to GetPlaybackRestrictionPolicy's answer.

use aws_sdk_ivs::types::PlaybackRestrictionPolicy;
use serde_json::{Value, json};

use crate::support::reading::{assert_named_kind_reads, region_of};
use crate::support::{ivs_client, start_ivs_local};

/// What `ivs_playback_restriction_policy` must show for `api`.
fn expected(api: &PlaybackRestrictionPolicy) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": region_of(api.arn()),
        "name": api.name(),
        "allowed_countries": api.allowed_countries(),
        "allowed_origins": api.allowed_origins(),
        "enable_strict_origin_enforcement": api.enable_strict_origin_enforcement(),
        "tags": api.tags(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn policies_read_by_arn_by_name_and_listed_equal_get_playback_restriction_policy() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let requests = [
        client.create_playback_restriction_policy(),
        client
            .create_playback_restriction_policy()
            .name("everything")
            .allowed_countries("US")
            .allowed_countries("DE")
            .allowed_origins("https://watch.example.com")
            .allowed_origins("https://example.org")
            .enable_strict_origin_enforcement(true)
            .tags("team", "video"),
        client
            .create_playback_restriction_policy()
            .name("france")
            .allowed_countries("FR"),
    ];
    let mut expected_policies = Vec::new();
    for request in requests {
        let created = request
            .send()
            .await
            .expect("CreatePlaybackRestrictionPolicy")
            .playback_restriction_policy
            .expect("a policy");
        let got = client
            .get_playback_restriction_policy()
            .arn(created.arn())
            .send()
            .await
            .expect("GetPlaybackRestrictionPolicy")
            .playback_restriction_policy
            .expect("a policy");
        expected_policies.push(expected(&got));
    }
    // Literal values, independent of the mapping.
    assert_eq!(
        expected_policies[1]["allowed_countries"],
        json!(["US", "DE"])
    );
    assert_eq!(expected_policies[0]["allowed_origins"], json!([]));
    assert_named_kind_reads(
        &server.endpoint(),
        (
            "ivs_playback_restriction_policy",
            "ivs_playback_restriction_policies",
            "playback_restriction_policies",
        ),
        &expected_policies,
        "{ team = \"video\" }",
    )
    .await;
}
