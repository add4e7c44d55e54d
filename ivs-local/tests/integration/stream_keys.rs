//! Stream keys made and deleted through the API: one key per channel (AWS's quota), a new
//! key after DeleteStreamKey, and references to the channel.

use crate::common::{REGION, client};
use ivs_local::{Config, Server};

#[tokio::test]
async fn a_channel_has_one_stream_key_and_gets_a_new_one_after_deleting_it() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let created = client.create_channel().send().await.unwrap();
    let channel = created.channel().unwrap().arn().unwrap().to_owned();
    let first = created.stream_key().unwrap().arn().unwrap().to_owned();

    let refused = client
        .create_stream_key()
        .channel_arn(&channel)
        .send()
        .await
        .unwrap_err();
    let raw = refused.raw_response().map(|r| r.status().as_u16());
    let refused = refused.into_service_error();
    assert!(refused.is_service_quota_exceeded_exception(), "{refused:?}");
    assert_eq!(raw, Some(402));

    client.delete_stream_key().arn(&first).send().await.unwrap();
    assert_gone(&client, &first).await;
    let listed = client
        .list_stream_keys()
        .channel_arn(&channel)
        .send()
        .await
        .unwrap();
    assert!(listed.stream_keys().is_empty());

    let made = client
        .create_stream_key()
        .channel_arn(&channel)
        .tags("team", "video")
        .send()
        .await
        .unwrap();
    let key = made.stream_key().unwrap();
    assert_ne!(key.arn(), Some(first.as_str()));
    assert_eq!(key.channel_arn(), Some(channel.as_str()));
    assert!(key.value().unwrap().starts_with(&format!("sk_{REGION}_")));
    assert_eq!(
        key.tags().unwrap().get("team").map(String::as_str),
        Some("video")
    );
    let listed = client
        .list_stream_keys()
        .channel_arn(&channel)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.stream_keys().len(), 1);
    assert_eq!(listed.stream_keys()[0].arn(), key.arn());

    // Deleting the channel takes the new key with it.
    let key_arn = key.arn().unwrap().to_owned();
    client.delete_channel().arn(&channel).send().await.unwrap();
    assert_gone(&client, &key_arn).await;
}

#[tokio::test]
async fn stream_keys_of_unknown_channels_or_keys_are_not_found() {
    let server = Server::start(Config::default()).await.unwrap();
    let client = client(&server);
    let channel = format!("arn:aws:ivs:{REGION}:123456789012:channel/Nope");
    let err = client
        .create_stream_key()
        .channel_arn(&channel)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
    assert!(err.to_string().contains(&channel) || format!("{err:?}").contains(&channel));
    let key = format!("arn:aws:ivs:{REGION}:123456789012:stream-key/Nope");
    let err = client
        .delete_stream_key()
        .arn(&key)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(err.is_resource_not_found_exception(), "{err:?}");
}

/// GetStreamKey of `arn` is ResourceNotFoundException.
async fn assert_gone(client: &aws_sdk_ivs::Client, arn: &str) {
    let gone = client
        .get_stream_key()
        .arn(arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(gone.is_resource_not_found_exception(), "{gone:?}");
}
