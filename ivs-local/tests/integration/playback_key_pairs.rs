//! Playback key pairs through the AWS SDK: import of P-384 PEM public keys with their
//! fingerprint (computed independently with OpenSSL, tests/data/README.md), refusal of other
//! keys naming the member, Get/List/Delete, and AWS's quota of 3 per region.

use crate::common::{REGION, client, signed};
use ivs_local::{Config, Server};

const P384_A: &str = include_str!("../data/p384-a.pem");
const P384_B: &str = include_str!("../data/p384-b.pem");
const FINGERPRINT_A: &str = "46:0f:44:f7:c1:41:67:86:a3:55:88:86:e8:03:8e:68";

#[tokio::test]
async fn importing_a_p384_key_gives_its_fingerprint_and_no_key_material() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let imported = client
        .import_playback_key_pair()
        .public_key_material(P384_A)
        .name("viewer-tokens")
        .send()
        .await
        .unwrap();
    let pair = imported.key_pair().unwrap();
    let arn = pair.arn().unwrap().to_owned();
    assert!(
        arn.starts_with(&format!("arn:aws:ivs:{REGION}:123456789012:playback-key/")),
        "{arn}"
    );
    assert_eq!(pair.fingerprint(), Some(FINGERPRINT_A));
    assert_eq!(pair.name(), Some("viewer-tokens"));
    assert_eq!(pair.tags().map(|t| t.len()), Some(0));

    // The raw answer has exactly the model's members: no publicKeyMaterial.
    let body = format!(r#"{{"arn": "{arn}"}}"#);
    let raw = signed(&server, "POST", "/GetPlaybackKeyPair", &body).await;
    assert_eq!(raw.status, 200, "{}", raw.body);
    let mut members: Vec<String> = raw.json()["keyPair"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    members.sort();
    assert_eq!(members, ["arn", "fingerprint", "name", "tags"]);

    let other = client
        .import_playback_key_pair()
        .public_key_material(P384_B)
        .send()
        .await
        .unwrap();
    assert_ne!(other.key_pair().unwrap().fingerprint(), Some(FINGERPRINT_A));
    let listed = client.list_playback_key_pairs().send().await.unwrap();
    let arns: Vec<_> = listed.key_pairs().iter().filter_map(|p| p.arn()).collect();
    assert_eq!(
        arns,
        [arn.as_str(), other.key_pair().unwrap().arn().unwrap()]
    );

    // DeletePlaybackKeyPair answers 200 `{}` (its model has an output shape).
    let raw = signed(&server, "POST", "/DeletePlaybackKeyPair", &body).await;
    assert_eq!((raw.status, raw.body.as_str()), (200, "{}"));
    let gone = client
        .get_playback_key_pair()
        .arn(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}

#[tokio::test]
async fn keys_other_than_ecdsa_p384_are_validation_errors_naming_the_member() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    for bad in [
        include_str!("../data/p256.pem"),
        include_str!("../data/rsa-2048.pem"),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI",
    ] {
        let err = client
            .import_playback_key_pair()
            .public_key_material(bad)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(err.is_validation_exception(), "{err:?}");
        let message = err.meta().message().unwrap_or_default();
        assert!(
            message.starts_with("publicKeyMaterial must be"),
            "{message}"
        );
    }
    let listed = client.list_playback_key_pairs().send().await.unwrap();
    assert!(listed.key_pairs().is_empty(), "nothing was imported");
}

#[tokio::test]
async fn a_fourth_key_pair_exceeds_the_default_quota_of_three() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    for _ in 0..3 {
        client
            .import_playback_key_pair()
            .public_key_material(P384_A)
            .send()
            .await
            .unwrap();
    }
    let err = client
        .import_playback_key_pair()
        .public_key_material(P384_B)
        .send()
        .await
        .unwrap_err();
    let status = err.raw_response().map(|r| r.status().as_u16());
    let err = err.into_service_error();
    assert!(err.is_service_quota_exceeded_exception(), "{err:?}");
    assert_eq!(status, Some(402));
}

#[tokio::test]
async fn key_pairs_and_slates_are_tagged_like_any_kind() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let pair = client
        .import_playback_key_pair()
        .public_key_material(P384_A)
        .send()
        .await
        .unwrap();
    let slate = client
        .create_failover_slate_configuration()
        .send()
        .await
        .unwrap();
    let arns = [
        pair.key_pair().unwrap().arn().unwrap().to_owned(),
        slate
            .failover_slate_configuration()
            .unwrap()
            .arn()
            .to_owned(),
    ];
    for arn in &arns {
        client
            .tag_resource()
            .resource_arn(arn)
            .tags("env", "test")
            .send()
            .await
            .unwrap();
        let tags = client
            .list_tags_for_resource()
            .resource_arn(arn)
            .send()
            .await
            .unwrap();
        assert_eq!(
            tags.tags().get("env").map(String::as_str),
            Some("test"),
            "{arn}"
        );
    }
    let got = client
        .get_playback_key_pair()
        .arn(&arns[0])
        .send()
        .await
        .unwrap();
    assert_eq!(got.key_pair().unwrap().tags().unwrap()["env"], "test");
}
