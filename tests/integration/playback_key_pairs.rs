//! `ivs_playback_key_pair(s)` through the real terraform against ivs-local: key pairs imported
//! with and without name and tags, read by ARN, by name and listed, every attribute equal to
//! GetPlaybackKeyPair's answer, the fingerprint the one ivs-local computed.

use aws_sdk_ivs::types::PlaybackKeyPair;
use serde_json::{Value, json};

use crate::support::reading::{assert_named_kind_reads, region_of};
use crate::support::{ivs_client, start_ivs_local};

/// What `ivs_playback_key_pair` must show for `api`.
fn expected(api: &PlaybackKeyPair) -> Value {
    json!({
        "arn": api.arn(),
        "id": api.arn(),
        "region": api.arn().and_then(region_of),
        "name": api.name(),
        "fingerprint": api.fingerprint(),
        "tags": api.tags(),
    })
}

/// A new P-384 public key, PEM-encoded, as IVS takes it.
fn public_key() -> String {
    rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384)
        .expect("a P-384 key")
        .public_key_pem()
}

#[tokio::test(flavor = "multi_thread")]
async fn key_pairs_read_by_arn_by_name_and_listed_equal_get_playback_key_pair() {
    let server = start_ivs_local().await;
    let client = ivs_client(&server.endpoint());
    let requests = [
        client.import_playback_key_pair(),
        client
            .import_playback_key_pair()
            .name("signing")
            .tags("team", "video"),
        client.import_playback_key_pair().name("other"),
    ];
    let mut expected_pairs = Vec::new();
    for request in requests {
        let pair = request
            .public_key_material(public_key())
            .send()
            .await
            .expect("ImportPlaybackKeyPair")
            .key_pair
            .expect("a key pair");
        let got = client
            .get_playback_key_pair()
            .arn(pair.arn().expect("an ARN"))
            .send()
            .await
            .expect("GetPlaybackKeyPair")
            .key_pair
            .expect("a key pair");
        assert!(got.fingerprint().is_some_and(|f| !f.is_empty()), "{got:?}");
        expected_pairs.push(expected(&got));
    }
    assert_named_kind_reads(
        &server.endpoint(),
        (
            "ivs_playback_key_pair",
            "ivs_playback_key_pairs",
            "playback_key_pairs",
        ),
        &expected_pairs,
        "{ team = \"video\" }",
    )
    .await;
}
